/**
 * Browsing the audit trail: national administrators only, filters (actor, action or capability, subject,
 * China-time date range), paging newest first, Chinese 400s for bad queries, chain verification on request,
 * masking of details, and the streamed xlsx export of the filtered list.
 */
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import type { App } from '../src/app.js';
import { auditHash, canonicalJson, writeAudit } from '../src/platform/audit.js';
import {
  adminRoles,
  as,
  buildTestApp,
  createStaff,
  idNumber,
  registerPerson,
  type Session,
  signIn,
} from './helpers/actors.js';
import { describeEachDatabase } from './helpers/databases.js';

const PERSON_ID = idNumber('41010519900307123');

describeEachDatabase('audit-log browsing', (ctx) => {
  let app: App;
  let national: Session;
  let province: Session;
  let person: Session;

  const get = (who: Session | null, url: string) => as(app, who)('GET', url);
  const events = async (query: string) => {
    const res = await get(national, `/api/v1/staff/audit-events?${query}`);
    expect(res.statusCode).toBe(200);
    return res.json() as {
      items: { seq: number; action: string; subject: string; actor: string; detail: unknown; occurredAt: string }[];
      total: number;
      verification: { ok: boolean; checked: number; problem: { seq: number; message: string } | null } | null;
    };
  };

  /** Append a correctly chained entry with a chosen time (writeAudit always stamps "now"). */
  const appendAt = async (occurredAt: string, action: string, subject: string) => {
    await ctx.handle.db.transaction().execute(async (trx) => {
      const last = await trx
        .selectFrom('audit_event')
        .select('hash')
        .orderBy('seq', 'desc')
        .limit(1)
        .executeTakeFirst();
      const content = {
        occurredAt,
        actor: 'test:backdated',
        onBehalfOf: null,
        action,
        subject,
        detail: {},
        prevHash: last?.hash ?? null,
      };
      await trx
        .insertInto('audit_event')
        .values({
          occurred_at: occurredAt,
          actor: content.actor,
          on_behalf_of: null,
          action,
          subject,
          detail: canonicalJson({}),
          prev_hash: content.prevHash,
          hash: auditHash(content),
        })
        .execute();
    });
  };

  beforeAll(async () => {
    app = await buildTestApp(ctx.handle);
    await app.regions.seed();
    for (const [loginName, phone, role] of [
      ['audit_national', '13900000201', 'nationalAdmin'],
      ['audit_province', '13900000202', 'provinceAdmin'],
    ] as const) {
      await createStaff(app, {
        loginName,
        phone,
        roles: adminRoles(role),
      });
    }
    national = await signIn(app, 'audit_national');
    province = await signIn(app, 'audit_province');
    await registerPerson(app, ctx.handle.db, {
      loginName: 'audit_person',
      name: '张三',
      idNumber: PERSON_ID,
      phone: '13700000201',
    });
    person = await signIn(app, 'audit_person');

    await ctx.handle.db.transaction().execute(async (trx) => {
      await writeAudit(trx, { actor: 'test:a', action: 'probe.alpha', subject: 'thing:1' });
      await writeAudit(trx, { actor: 'test:b', action: 'probe.beta', subject: 'thing:2' });
      await writeAudit(trx, { actor: 'test:a', action: 'probex.gamma', subject: 'thing:1' });
      await writeAudit(trx, {
        actor: 'test:a',
        action: 'probe.note',
        subject: 'thing:3',
        detail: { note: `联系 13812345678，证件 ${PERSON_ID}` },
      });
    });
    // China time: 2026-03-01 23:59:59 and 2026-03-02 00:00:00.
    await appendAt('2026-03-01T15:59:59.000Z', 'probe.dated', 'dated:1');
    await appendAt('2026-03-01T16:00:00.000Z', 'probe.dated', 'dated:2');
  });

  it('is for national administrators only', async () => {
    expect((await get(null, '/api/v1/staff/audit-events')).statusCode).toBe(401);
    expect((await get(province, '/api/v1/staff/audit-events')).statusCode).toBe(403);
    expect((await get(person, '/api/v1/staff/audit-events')).statusCode).toBe(403);
    expect((await get(person, '/api/v1/staff/audit-events.xlsx')).statusCode).toBe(403);
    expect((await get(null, '/api/v1/staff/audit-events.xlsx')).statusCode).toBe(401);
  });

  it('lists newest first with paging, and filters by action, capability, actor and subject', async () => {
    const all = await events('pageSize=3');
    expect(all.items).toHaveLength(3);
    const seqs = all.items.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
    const page2 = await events('pageSize=3&page=2');
    expect(page2.total).toBe(all.total);
    expect(Math.max(...page2.items.map((e) => e.seq))).toBeLessThan(Math.min(...seqs));

    expect((await events('action=probe.alpha')).items.map((e) => e.subject)).toEqual(['thing:1']);
    const capability = await events('action=probe');
    expect(capability.items.map((e) => e.action)).toEqual([
      'probe.dated',
      'probe.dated',
      'probe.note',
      'probe.beta',
      'probe.alpha',
    ]);
    expect((await events('action=probe%25')).total).toBe(0);
    expect((await events('subject=thing:1')).items.map((e) => e.action)).toEqual(['probex.gamma', 'probe.alpha']);
    expect((await events('actor=test:a&subject=thing:1&action=probe')).items.map((e) => e.action)).toEqual([
      'probe.alpha',
    ]);
  });

  it('filters by China-time calendar days, both ends inclusive', async () => {
    const day = async (q: string) => (await events(`action=probe.dated&${q}`)).items.map((e) => e.subject);
    expect(await day('from=2026-03-02&to=2026-03-02')).toEqual(['dated:2']);
    expect(await day('to=2026-03-01')).toEqual(['dated:1']);
    expect(await day('from=2026-03-01&to=2026-03-02')).toEqual(['dated:2', 'dated:1']);
    expect(await day('from=2026-03-03')).toEqual([]);
  });

  it('answers a bad query with every problem in Chinese', async () => {
    const res = await get(
      national,
      '/api/v1/staff/audit-events?from=2026-02-30&to=2026/03/01&page=0&pageSize=201&verify=yes',
    );
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields).toEqual([
      { path: 'from', message: '起始日期：须为有效日期，格式 YYYY-MM-DD' },
      { path: 'to', message: '截止日期：须为有效日期，格式 YYYY-MM-DD' },
      { path: 'page', message: '页码：须为1至1000000之间的整数' },
      { path: 'pageSize', message: '每页条数：须为1至200之间的整数' },
      { path: 'verify', message: '校验审计链：只能是 true 或 false' },
    ]);
    const reversed = await get(national, '/api/v1/staff/audit-events?from=2026-03-02&to=2026-03-01');
    expect(reversed.json().error.fields).toEqual([{ path: 'to', message: '截止日期：不能早于起始日期' }]);
    expect((await get(national, '/api/v1/staff/audit-events.xlsx?from=x')).statusCode).toBe(400);
  });

  it('masks identity-card and phone numbers inside details', async () => {
    const [note] = (await events('action=probe.note')).items;
    expect(note?.detail).toEqual({ note: '联系 138****5678，证件 4101**********' + PERSON_ID.slice(-4) });
  });

  it('exports the filtered list as xlsx, and records the export', async () => {
    const res = await get(national, '/api/v1/staff/audit-events.xlsx?action=probe');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(String(res.headers['content-disposition'])).toContain("filename*=UTF-8''");
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('审计日志');
    const rows: unknown[][] = [];
    sheet?.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    expect(String(rows[0]?.[0])).toContain('条件：操作=probe');
    expect(rows[1]).toEqual(['序号', '时间（北京时间）', '操作者', '代表', '操作', '对象', '详情']);
    expect(rows.slice(2).map((r) => r[4])).toEqual([
      'probe.dated',
      'probe.dated',
      'probe.note',
      'probe.beta',
      'probe.alpha',
    ]);
    expect(rows[2]?.[1]).toBe('2026-03-02 00:00:00');
    expect(JSON.stringify(rows)).not.toContain('13812345678');
    const [exported] = (await events('action=auditLog.exported')).items;
    expect(exported).toMatchObject({ subject: 'auditLog', detail: { filter: { action: 'probe' } } });
  });

  it('reports the chain verification on request, and the first break after tampering', async () => {
    expect((await events('pageSize=1')).verification).toBeNull();
    const intact = await events('pageSize=1&verify=true');
    expect(intact.verification).toMatchObject({ ok: true, problem: null });
    expect(intact.verification?.checked).toBe(intact.total);

    const [target] = (await events('action=probe.beta')).items;
    await sql`update audit_event set detail = '{"forged":true}'::jsonb where seq = ${target?.seq}`.execute(
      ctx.handle.db,
    );
    const broken = await events('pageSize=1&verify=true');
    expect(broken.verification).toMatchObject({
      ok: false,
      problem: { seq: target?.seq, message: `第${target?.seq}条记录的内容被改动（哈希不符）` },
    });
  });
});
