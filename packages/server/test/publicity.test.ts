import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app.js';
import { loadVendoredHolidays } from '../src/cli/holidays.js';
import { defaultNumbering } from '../src/modules/publicity/numbering.js';
import { publicityWindow, windowPhase } from '../src/modules/publicity/window.js';
import { LocalDirectoryFileStore } from '../src/platform/files.js';
import { adminRoles, as, buildTestApp, createStaff, LEGAL_REP_ID, type Session } from './helpers/actors.js';
import { describeEachDatabase } from './helpers/databases.js';
import { pdfText } from './helpers/documents.js';
import { buildFilingWorld, type FilingWorld, passedFiling, submittedFiling } from './helpers/filings.js';
import { signIn } from './helpers/scope-world.js';

const HOLIDAYS = loadVendoredHolidays();

describe('the publicity window: 10 working days from the publication day', () => {
  it('counts the publication day when it is a working day, skips the National Day holiday and counts its make-up days', () => {
    // 2025: 1–8 October off; Sunday 28 September and Saturday 11 October are working days.
    // Friday 26 September (1), Sun 28 (2), 29 (3), 30 (4), 9 October (5), 10 (6), Sat 11 (7), 13 (8), 14 (9), 15 (10).
    expect(publicityWindow('2025-09-26', HOLIDAYS)).toEqual({ endsOn: '2025-10-15', provisional: false });
    // Published on a holiday: the window starts with the next working day (9, 10, Sat 11, 13–17, 20, 21 October).
    expect(publicityWindow('2025-10-03', HOLIDAYS)).toEqual({ endsOn: '2025-10-21', provisional: false });
    // An ordinary fortnight: Monday 3 March 2025 → Friday 14 March.
    expect(publicityWindow('2025-03-03', HOLIDAYS).endsOn).toBe('2025-03-14');
    // A year the calendar does not hold: weekends only, and said so.
    expect(publicityWindow('2031-03-03', HOLIDAYS)).toEqual({ endsOn: '2031-03-14', provisional: true });
  });

  it('is open from the publication day to the last day, both included', () => {
    expect(windowPhase('2025-09-25', '2025-09-26', '2025-10-15')).toBe('before');
    expect(windowPhase('2025-09-26', '2025-09-26', '2025-10-15')).toBe('open');
    expect(windowPhase('2025-10-15', '2025-09-26', '2025-10-15')).toBe('open');
    expect(windowPhase('2025-10-16', '2025-09-26', '2025-10-15')).toBe('ended');
  });

  it('the default registration number: year, province, 6-digit sequence', () => {
    expect(defaultNumbering.format({ provinceCode: '410000', evaluationYear: 2025, seq: 123 })).toBe('202541000123');
    expect(defaultNumbering.format({ provinceCode: '620000', evaluationYear: 2026, seq: 1_234_567 })).toBe(
      '2026621234567',
    );
  });
});

describeEachDatabase('publicity: batches, the window, announcement and registration numbers', (ctx) => {
  let app: App;
  let world: FilingWorld;
  let province: ReturnType<typeof as>;
  /** The platform's time (AppOptions.clock): moved across the window by the tests. */
  let now = new Date();
  const at = (chinaDate: string) => {
    now = new Date(`${chinaDate}T10:00:00+08:00`);
  };

  beforeAll(async () => {
    app = await buildTestApp(ctx.handle, {
      files: new LocalDirectoryFileStore(join(tmpdir(), `kexiao-publicity-${process.pid}-${Date.now()}`)),
      clock: () => now,
    });
    await app.calendar.seed(HOLIDAYS);
    world = await buildFilingWorld(app, ctx.handle.db);
    province = as(app, world.provinceAdmin);
  });

  const db = () => ctx.handle.db;
  const statusOf = async (id: number) =>
    (await db().selectFrom('filing').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;
  const count = async (table: 'publicity_batch' | 'publicity_entry' | 'registration' | 'announcement') =>
    Number((await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(db())).rows[0]?.n);

  /** A draft batch of these filings, published on `publishedOn` (China date). */
  async function published(filingIds: number[], publishedOn: string) {
    const created = await province('POST', '/api/v1/staff/publicity/batches', { filingIds });
    expect(created.statusCode, created.body).toBe(201);
    at(publishedOn);
    const res = await province('POST', `/api/v1/staff/publicity/batches/${created.json().id}/publish`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  }

  it('builds, reviews and publishes a batch; refuses what may not go in, writing nothing', async () => {
    const a = await passedFiling(world);
    const b = await passedFiling(world);
    const notPassed = await submittedFiling(world);

    const candidates = await province('GET', `/api/v1/staff/publicity/candidates?year=${world.year}&pageSize=500`);
    expect(candidates.statusCode, candidates.body).toBe(200);
    const ids = candidates.json().items.map((i: { filingId: number }) => i.filingId);
    expect(ids).toEqual(expect.arrayContaining([a.filingId, b.filingId]));
    expect(ids).not.toContain(notPassed.filingId);

    const batchesBefore = await count('publicity_batch');
    const refused = await province('POST', '/api/v1/staff/publicity/batches', {
      filingIds: [a.filingId, notPassed.filingId],
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.message).toContain(String(notPassed.filingId));
    expect(await count('publicity_batch')).toBe(batchesBefore);

    const bad = await province('POST', '/api/v1/staff/publicity/batches', { filingIds: ['x'], year: 'abc' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields.map((f: { path: string }) => f.path)).toEqual(
      expect.arrayContaining(['filingIds[0]', 'year']),
    );

    // A reviewer of an agency may not organise publicity.
    expect((await as(app, world.reviewer)('GET', '/api/v1/staff/publicity/batches')).statusCode).toBe(403);

    const draft = await province('POST', '/api/v1/staff/publicity/batches', { filingIds: [a.filingId, b.filingId] });
    expect(draft.statusCode, draft.body).toBe(201);
    const id = draft.json().id;
    expect(draft.json()).toMatchObject({ status: 'draft', entryCount: 2, batchNo: null });
    expect(draft.json().allowedActions).toEqual(expect.arrayContaining(['publish', 'removeEntries', 'discard']));
    // Not public while a draft.
    expect((await app.inject({ method: 'GET', url: `/api/v1/public/publicity-batches/${id}` })).statusCode).toBe(404);
    // Taken out and put back during the review of the list.
    const removed = await province('POST', `/api/v1/staff/publicity/batches/${id}/entries/remove`, {
      filingIds: [b.filingId],
    });
    expect(removed.json().entryCount).toBe(1);
    const added = await province('POST', `/api/v1/staff/publicity/batches/${id}/entries`, { filingIds: [b.filingId] });
    expect(added.json().entryCount).toBe(2);
    // Already in a batch: no second batch may take it.
    const twice = await province('POST', '/api/v1/staff/publicity/batches', { filingIds: [a.filingId] });
    expect(twice.statusCode).toBe(409);

    // Published on Friday 25 September: the window runs over the National Day holiday.
    at(`${world.year}-09-25`);
    const res = await province('POST', `/api/v1/staff/publicity/batches/${id}/publish`);
    expect(res.statusCode, res.body).toBe(200);
    const window = publicityWindow(`${world.year}-09-25`, HOLIDAYS);
    expect(res.json()).toMatchObject({
      status: 'published',
      publishedOn: `${world.year}-09-25`,
      endsOn: window.endsOn,
      phase: 'open',
    });
    expect(res.json().batchNo).toBeGreaterThanOrEqual(1);
    expect(res.json().endsOn > `${world.year}-10-08`).toBe(true);
    expect(await statusOf(a.filingId)).toBe('publicizing');
    expect(await statusOf(b.filingId)).toBe('publicizing');
    // Publishing twice: refused.
    expect((await province('POST', `/api/v1/staff/publicity/batches/${id}/publish`)).statusCode).toBe(409);

    // The enterprise is told, with the window's dates; the timeline and the audit trail record it.
    const messages = await db()
      .selectFrom('message')
      .select(['title', 'body'])
      .where('account_id', '=', a.enterprise.session.accountId)
      .where('title', '=', '已列入入库公示名单')
      .execute();
    expect(messages).toHaveLength(1);
    expect(messages[0]?.body).toContain('10个工作日');
    const sms = await db()
      .selectFrom('outbox_message')
      .select('body')
      .where('recipient', '=', a.enterprise.phone)
      .where('body', 'like', '%公示名单%')
      .execute();
    expect(sms).toHaveLength(1);
    const event = await db()
      .selectFrom('filing_event')
      .select(['action', 'from_status', 'to_status'])
      .where('filing_id', '=', a.filingId)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(event).toEqual({ action: 'publicize', from_status: 'passed', to_status: 'publicizing' });
    const audit = await db()
      .selectFrom('audit_event')
      .select('detail')
      .where('action', '=', 'publicity.publish')
      .where('subject', '=', `publicity_batch:${id}`)
      .executeTakeFirstOrThrow();
    expect(audit.detail).toMatchObject({ entries: 2, endsOn: window.endsOn });

    // The public page: the list, the window, no personal data.
    const page = await app.inject({ method: 'GET', url: `/api/v1/public/publicity-batches/${id}` });
    expect(page.statusCode).toBe(200);
    expect(page.headers['cache-control']).toBe('public, max-age=60');
    const body = page.json();
    expect(body).toMatchObject({ endsOn: window.endsOn, phase: 'open', objectionsOpen: true, entryCount: 2 });
    expect(body.title).toMatch(/^河南省\d{4}年第\d+批拟入库科技型中小企业名单公示$/);
    expect(body.entries.map((e: { uscc: string }) => e.uscc).sort()).toEqual(
      [a.enterprise.uscc, b.enterprise.uscc].sort(),
    );
    expect(body.entries[0]).toMatchObject({ regionName: '郑州市金水区', agencyName: '郑州市科学技术局' });
    for (const secret of [a.enterprise.phone, b.enterprise.phone, LEGAL_REP_ID, '王建国']) {
      expect(page.body).not.toContain(secret);
    }
  });

  it('announces after the window only, registers those without an open objection, and numbers them in order', async () => {
    const a = await passedFiling(world);
    const b = await passedFiling(world);
    const batch = await published([a.filingId, b.filingId], `${world.year}-03-02`);
    const endsOn = batch.endsOn as string;
    expect(endsOn).toBe(publicityWindow(`${world.year}-03-02`, HOLIDAYS).endsOn);
    const announce = () => province('POST', `/api/v1/staff/publicity/batches/${batch.id}/announce`);

    // On the last day of the window: too early.
    at(endsOn);
    const early = await announce();
    expect(early.statusCode).toBe(409);
    expect(early.json().error.message).toContain('公示期满后');

    // An objection to b is being verified (lodged through modules/objections; here as the row it writes).
    const entryB = await db()
      .selectFrom('publicity_entry')
      .select(['id', 'batch_id'])
      .where('filing_id', '=', b.filingId)
      .executeTakeFirstOrThrow();
    const objection = await db()
      .insertInto('objection')
      .values({
        receipt_no: `YYTEST${Date.now()}${Math.random().toString(36).slice(2, 8)}`,
        batch_id: entryB.batch_id,
        entry_id: entryB.id,
        filing_id: b.filingId,
        province_code: '410000',
        objector_kind: 'person',
        objector_name: '李异议',
        objector_phone: '13600000000',
        ground: 'notEligible',
        facts: '该企业科技人员人数与实际不符，研发人员多为行政人员。',
        received_at: new Date(`${world.year}-03-05T02:00:00Z`).toISOString(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();

    const dayAfter = new Date(Date.parse(`${endsOn}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    at(dayAfter);
    const first = await announce();
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json().registeredCount).toBe(1);
    expect(await statusOf(a.filingId)).toBe('registered');
    expect(await statusOf(b.filingId)).toBe('publicizing');
    const regA = await db()
      .selectFrom('registration')
      .select(['registration_no', 'seq', 'evaluation_year', 'province_code', 'uscc'])
      .where('filing_id', '=', a.filingId)
      .executeTakeFirstOrThrow();
    expect(regA.registration_no).toBe(
      defaultNumbering.format({ provinceCode: '410000', evaluationYear: world.year, seq: regA.seq }),
    );
    expect(regA.uscc).toBe(a.enterprise.uscc);
    // Nothing left to announce while the objection is open.
    expect((await announce()).statusCode).toBe(409);

    // Dismissed: b can be announced by a second announcement of the same batch, with the next number.
    await db().updateTable('objection').set({ status: 'dismissed' }).where('id', '=', Number(objection.id)).execute();
    const second = await announce();
    expect(second.statusCode, second.body).toBe(200);
    expect(second.json().announcementNo).toBe(first.json().announcementNo + 1);
    const regB = await db()
      .selectFrom('registration')
      .select(['seq'])
      .where('filing_id', '=', b.filingId)
      .executeTakeFirstOrThrow();
    expect(regB.seq).toBeGreaterThan(regA.seq);

    // The enterprise is told its number.
    const told = await db()
      .selectFrom('message')
      .select('body')
      .where('account_id', '=', a.enterprise.session.accountId)
      .where('title', '=', '已公告入库')
      .executeTakeFirstOrThrow();
    expect(told.body).toContain(regA.registration_no);

    // The public announcement, its xlsx and PDF, the open data.
    const doc = await app.inject({ method: 'GET', url: `/api/v1/public/announcements/${first.json().announcementId}` });
    expect(doc.statusCode).toBe(200);
    expect(doc.json().registrations).toEqual([
      expect.objectContaining({ registrationNo: regA.registration_no, uscc: a.enterprise.uscc, statusLabel: '有效' }),
    ]);
    const pdf = await app.inject({
      method: 'GET',
      url: `/api/v1/public/announcements/${first.json().announcementId}/document.pdf`,
    });
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const text = await pdfText(pdf.rawPayload);
    expect(text).toContain(regA.registration_no);
    expect(text).toContain('入库公告');
    const xlsx = await app.inject({
      method: 'GET',
      url: `/api/v1/public/announcements/${first.json().announcementId}/list.xlsx`,
    });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const cells = workbook.worksheets[0]?.getRow(4).values as unknown[];
    expect(cells).toEqual(expect.arrayContaining([regA.registration_no, a.enterprise.uscc]));
    const publicityPdf = await app.inject({
      method: 'GET',
      url: `/api/v1/public/publicity-batches/${batch.id}/document.pdf`,
    });
    const publicityText = await pdfText(publicityPdf.rawPayload);
    expect(publicityText).toContain(a.enterprise.name);
    expect(publicityText).toContain('逾期或匿名的异议不予受理');

    const csv = await app.inject({
      method: 'GET',
      url: `/api/v1/open-data/announcements.csv?province=410000&year=${world.year}`,
    });
    expect(csv.statusCode).toBe(200);
    expect(csv.body.startsWith('\uFEFF入库公告,公告日期,公示批次,入库登记编号,')).toBe(true);
    expect(csv.body).toContain(`,${regA.registration_no},${a.enterprise.name},${a.enterprise.uscc},`);
    const json = await app.inject({
      method: 'GET',
      url: `/api/v1/open-data/publicity-batches.json?province=410000&year=${world.year}`,
    });
    const listed = json.json().batches.find((x: { id: number }) => x.id === batch.id);
    expect(listed.entries.map((e: { outcomeLabel: string }) => e.outcomeLabel)).toEqual(['已公告入库', '已公告入库']);
    const missing = await app.inject({ method: 'GET', url: '/api/v1/open-data/announcements.json' });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.fields.map((f: { path: string }) => f.path)).toEqual(['province']);

    // No personal data in any public answer.
    for (const res of [doc, csv, json, await app.inject({ method: 'GET', url: '/api/v1/public/announcements' })]) {
      for (const secret of [a.enterprise.phone, b.enterprise.phone, LEGAL_REP_ID, '王建国', '13600000000', '李异议']) {
        expect(res.body).not.toContain(secret);
      }
    }
  });

  it('concurrent announcements take disjoint, consecutive numbers; one batch announced twice at once registers once', async () => {
    const filings = [];
    for (let i = 0; i < 6; i++) filings.push(await passedFiling(world));
    const ids = filings.map((f) => f.filingId);
    const b1 = await published(ids.slice(0, 2), `${world.year}-04-01`);
    const b2 = await published(ids.slice(2, 4), `${world.year}-04-01`);
    const b3 = await published(ids.slice(4, 6), `${world.year}-04-01`);
    at(`${world.year}-05-06`);
    const before = await count('registration');
    const results = await Promise.all([
      province('POST', `/api/v1/staff/publicity/batches/${b1.id}/announce`),
      province('POST', `/api/v1/staff/publicity/batches/${b2.id}/announce`),
      province('POST', `/api/v1/staff/publicity/batches/${b3.id}/announce`),
      province('POST', `/api/v1/staff/publicity/batches/${b3.id}/announce`),
    ]);
    const codes = results.map((r) => r.statusCode).sort();
    expect(codes).toEqual([200, 200, 200, 409]);
    expect(await count('registration')).toBe(before + 6);
    const rows = await db()
      .selectFrom('registration')
      .select(['registration_no', 'seq', 'filing_id'])
      .where('filing_id', 'in', ids)
      .orderBy('seq')
      .execute();
    expect(new Set(rows.map((r) => r.registration_no)).size).toBe(6);
    // Consecutive: no number skipped between them, none given twice.
    expect(rows.map((r) => r.seq)).toEqual(rows.map((_, i) => (rows[0]?.seq as number) + i));
    const nos = await db()
      .selectFrom('announcement')
      .select('announcement_no')
      .where('batch_id', 'in', [b1.id, b2.id, b3.id])
      .execute();
    expect(new Set(nos.map((n) => n.announcement_no)).size).toBe(3);
  });

  it('public reads share the per-client allowance: past it, 429 with Retry-After', async () => {
    const limited = await buildTestApp(ctx.handle, { publicLookupPerMinute: 10 });
    const codes: number[] = [];
    for (let i = 0; i < 11; i++) {
      const res = await limited.inject({
        method: 'GET',
        url: '/api/v1/public/publicity-batches',
        remoteAddress: '10.77.0.1',
      });
      codes.push(res.statusCode);
      if (res.statusCode === 429) expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    }
    expect(codes).toEqual([...Array(10).fill(200), 429]);
    // Another client is not held up.
    expect(
      (
        await limited.inject({
          method: 'GET',
          url: '/api/v1/open-data/announcements.json?province=410000&year=2025',
          remoteAddress: '10.77.0.2',
        })
      ).statusCode,
    ).toBe(200);
    await limited.close();
    // Behind a trusted proxy each client is counted by its forwarded address, not the proxy's.
    const proxied = await buildTestApp(ctx.handle, {
      publicLookupPerMinute: 10,
      config: { logLevel: 'silent', nodeEnv: 'test', trustProxy: ['10.77.0.9'] },
    });
    const via = (client: string) =>
      proxied.inject({
        method: 'GET',
        url: '/api/v1/public/publicity-batches',
        remoteAddress: '10.77.0.9',
        headers: { 'x-forwarded-for': client },
      });
    for (let i = 0; i < 10; i++) expect((await via('203.0.113.5')).statusCode).toBe(200);
    expect((await via('203.0.113.5')).statusCode).toBe(429);
    expect((await via('203.0.113.6')).statusCode).toBe(200);
    await proxied.close();
  });

  it('the database refuses a number given twice in a province and year, whatever the code does', async () => {
    const existing = await db().selectFrom('registration').selectAll().limit(1).executeTakeFirstOrThrow();
    const other = await passedFiling(world);
    const duplicate = db()
      .insertInto('registration')
      .values({
        registration_no: existing.registration_no,
        province_code: existing.province_code,
        evaluation_year: existing.evaluation_year,
        seq: 999_999,
        enterprise_id: other.enterprise.id,
        filing_id: other.filingId,
        announcement_id: existing.announcement_id,
        enterprise_name: other.enterprise.name,
        uscc: other.enterprise.uscc,
        region_code: '410105',
        issued_at: new Date().toISOString(),
      })
      .execute();
    await expect(duplicate).rejects.toThrow(/registration_no_uq|duplicate|unique/i);
  });

  it('another province administrator cannot see the batch; a filing sent back in a draft must be removed before publishing', async () => {
    const a = await passedFiling(world);
    const draft = await province('POST', '/api/v1/staff/publicity/batches', { filingIds: [a.filingId] });
    const id = draft.json().id;
    const login = `prov_hb_${Date.now()}`;
    await createStaff(app, {
      loginName: login,
      phone: `137${String(Date.now()).slice(-8)}`,
      roles: adminRoles('provinceAdmin', '420000'),
      displayName: '湖北省管理员',
    });
    const hubei: Session = await signIn(app, login);
    expect((await as(app, hubei)('GET', `/api/v1/staff/publicity/batches/${id}`)).statusCode).toBe(404);

    const sentBack = await province('POST', `/api/v1/staff/filings/${a.filingId}/send-back`, {
      reason: '请核实研发费用归集口径后重新审核',
    });
    expect(sentBack.statusCode, sentBack.body).toBe(200);
    const refused = await province('POST', `/api/v1/staff/publicity/batches/${id}/publish`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.message).toContain('请先移出名单');
    expect(await statusOf(a.filingId)).toBe('submitted');
    const discarded = await province('POST', `/api/v1/staff/publicity/batches/${id}/discard`);
    expect(discarded.statusCode).toBe(200);
    expect(
      await db().selectFrom('publicity_entry').select('id').where('filing_id', '=', a.filingId).executeTakeFirst(),
    ).toBeUndefined();
  });
});
