/**
 * The agency review and the province's view, through the HTTP app: the queue (scope, filters, sort, paging), the
 * xlsx export, the detail, every staff transition of the lifecycle from every state (table-driven over ACTIONS),
 * races (two claims, two decisions), the decision rules, on-site checks with sniffed files, notifications, and the
 * province's send-back and progress.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addWorkingDays } from '@kexiao/rules';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import type { App } from '../src/app.js';
import type { FilingStatus } from '../src/db/schema.js';
import { ACTIONS, type FilingAction, mayTake } from '../src/modules/filings/lifecycle.js';
import { todayInChina } from '../src/modules/regions/service.js';
import { ReviewService } from '../src/modules/reviews/service.js';
import type { Actor } from '../src/platform/access.js';
import { LocalDirectoryFileStore } from '../src/platform/files.js';
import { readOutbox } from '../src/platform/notifications/sms.js';
import { as, buildTestApp, type FormPart, JPEG, multipart, PDF, PNG, type Session } from './helpers/actors.js';
import { describeEachDatabase } from './helpers/databases.js';
import {
  type FilingWorld,
  buildFilingWorld,
  registerTestEnterprise,
  saveDraft,
  startFiling,
  submit,
  submittedFiling,
  type TestEnterprise,
} from './helpers/filings.js';

const ITEMS_OK = {
  firstPageSealed: { ok: true },
  complete: { ok: true },
  consistent: { ok: true },
  other: { ok: true },
};
const PASS = { decision: 'pass', items: ITEMS_OK };
const RETURN = {
  decision: 'return',
  items: { ...ITEMS_OK, complete: { ok: false, reason: '研发项目汇总表缺少项目起止时间' } },
  comment: '请补充后重新提交',
};
const REJECT = {
  decision: 'reject',
  items: ITEMS_OK,
  unmetConditions: ['staff_over_limit'],
  comment: '职工总数超过500人，不符合第六条第二项',
};
const SEND_BACK = { reason: '证明材料与信息表数据不一致，请重新审核' };

const STAFF_ACTIONS = ['claim', 'release', 'recordOnSite', 'pass', 'return', 'reject', 'sendBack'] as const;
const STATES: FilingStatus[] = ['draft', 'submitted', 'reviewing', 'returned', 'passed', 'rejected'];
type Who = 'holder' | 'other' | 'head' | 'province';

describeEachDatabase('reviews: the agency review and the province view', (ctx) => {
  let app: App;
  let world: FilingWorld;
  let who: Record<Who, Session>;

  beforeAll(async () => {
    app = await buildTestApp(ctx.handle, {
      files: new LocalDirectoryFileStore(join(tmpdir(), `kexiao-reviews-${process.pid}-${Date.now()}`)),
    });
    world = await buildFilingWorld(app, ctx.handle.db);
    who = { holder: world.reviewer, other: world.reviewer2, head: world.head, province: world.provinceAdmin };
  });

  const db = () => ctx.handle.db;
  const call = (s: Session | null) => as(app, s);
  const url = (id: number, tail = '') => `/api/v1/staff/filings/${id}${tail}`;

  const onSite = (s: Session, id: number, parts: FormPart[]) => {
    const form = multipart(parts);
    return app.inject({
      method: 'POST',
      url: url(id, '/on-site'),
      payload: form.payload,
      headers: { ...form.headers, cookie: s.cookie, 'x-csrf-token': s.csrf },
    });
  };
  const onSiteFields = (o: Partial<Record<'checkedOn' | 'inspectors' | 'findings' | 'conclusion', string>> = {}) =>
    Object.entries({
      checkedOn: todayInChina(),
      inspectors: '张审核、刘审核',
      findings: '经营场所与注册地址一致，研发人员在岗，研发台账与信息表一致。',
      conclusion: 'pass',
      ...o,
    }).map(([field, value]) => ({ field, value }));
  const photo: FormPart = { field: 'file1', fileName: '现场照片.jpg', bytes: JPEG, type: 'image/jpeg' };

  /** A submitted filing, and its enterprise. */
  const fresh = async () => {
    const f = await submittedFiling(world);
    return { id: f.filingId as number, enterprise: f.enterprise, sheet: f.sheet };
  };

  /** A filing brought through the API to `state` (reviewing: claimed by the holder, on-site check passed). */
  async function inState(state: FilingStatus): Promise<{ id: number; enterprise: TestEnterprise }> {
    if (state === 'draft') {
      const enterprise = await registerTestEnterprise(world);
      return { id: (await startFiling(world, enterprise)).id, enterprise };
    }
    const f = await fresh();
    if (state === 'submitted') return f;
    expect((await call(who.holder)('POST', url(f.id, '/claim'))).statusCode).toBe(200);
    const recorded = await onSite(who.holder, f.id, [...onSiteFields(), photo]);
    expect(recorded.statusCode, recorded.body).toBe(200);
    if (state === 'reviewing') return f;
    const body = state === 'returned' ? RETURN : state === 'passed' ? PASS : REJECT;
    const res = await call(who.holder)('POST', url(f.id, '/decision'), body);
    expect(res.statusCode, res.body).toBe(200);
    return f;
  }

  const statusOf = async (id: number) =>
    (await db().selectFrom('filing').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;

  // ── transitions, table-driven over the lifecycle ──────────────────────────────────────────────────────────

  /** What the API must answer: 403 by route policy, 404 for a draft, else whatever lifecycle.mayTake says. */
  function expected(action: FilingAction, state: FilingStatus, w: Who): number {
    const def = ACTIONS[action];
    const isProvince = w === 'province';
    if ((def.by === 'province') !== isProvince) return 403;
    if (state === 'draft') return 404;
    const standing = {
      accountId: who[w].accountId,
      enterprise: false,
      reviewer: !isProvince,
      agencyHead: w === 'head',
      province: isProvince,
    };
    const filing = {
      status: state,
      agencyId: world.agency.id,
      provinceCode: '410000',
      claimedBy: state === 'reviewing' ? who.holder.accountId : null,
    };
    return mayTake(action, filing, standing) ? 200 : 409;
  }

  async function take(action: (typeof STAFF_ACTIONS)[number], id: number, s: Session) {
    switch (action) {
      case 'recordOnSite':
        return onSite(s, id, [...onSiteFields(), photo]);
      case 'pass':
        return call(s)('POST', url(id, '/decision'), PASS);
      case 'return':
        return call(s)('POST', url(id, '/decision'), RETURN);
      case 'reject':
        return call(s)('POST', url(id, '/decision'), REJECT);
      case 'sendBack':
        return call(s)('POST', url(id, '/send-back'), SEND_BACK);
      default:
        return call(s)('POST', url(id, `/${action}`));
    }
  }

  it('every staff action from every state: allowed as lifecycle.ACTIONS says, otherwise 403 (party), 404 (draft) or 409 (state, claim)', async () => {
    const shared = new Map<FilingStatus, number>();
    for (const state of STATES) shared.set(state, (await inState(state)).id);
    const got: string[] = [];
    const want: string[] = [];
    for (const action of STAFF_ACTIONS) {
      for (const state of STATES) {
        for (const w of Object.keys(who) as Who[]) {
          const code = expected(action, state, w);
          const id = code === 200 ? (await inState(state)).id : (shared.get(state) as number);
          const res = await take(action, id, who[w]);
          const after = await statusOf(id);
          const to = code === 200 ? (ACTIONS[action].to ?? state) : state;
          got.push(`${action} ${state} ${w} → ${res.statusCode} ${after}`);
          want.push(`${action} ${state} ${w} → ${code} ${to}`);
          if (res.statusCode !== code) expect(res.body, got.at(-1)).toBe('(see the table)');
        }
      }
    }
    expect(got).toEqual(want);
    // And the state-changing cells were exercised at all.
    expect(want.filter((w) => w.includes('→ 200')).length).toBeGreaterThanOrEqual(10);
  });

  it('allowedActions: the holder may act; others of the agency see it read-only, a head may release; the province may only send back what passed', async () => {
    const { id } = await inState('reviewing');
    const actions = async (s: Session) => (await call(s)('GET', url(id))).json().allowedActions;
    expect(await actions(who.holder)).toEqual(['release', 'recordOnSite', 'pass', 'return', 'reject']);
    expect(await actions(who.other)).toEqual([]);
    expect(await actions(who.head)).toEqual(['release']);
    expect(await actions(who.province)).toEqual([]);
    const detail = (await call(who.other)('GET', url(id))).json();
    expect(detail.claimedBy).toEqual({ id: who.holder.accountId, name: '张审核' });
    const passed = await inState('passed');
    expect(await (async () => (await call(who.province)('GET', url(passed.id))).json().allowedActions)()).toEqual([
      'sendBack',
    ]);
  });

  // ── races ─────────────────────────────────────────────────────────────────────────────────────────────────

  it('two reviewers claim at once: one 200, the other 409 naming who began', async () => {
    const { id } = await fresh();
    const [a, b] = await Promise.all([
      call(who.holder)('POST', url(id, '/claim')),
      call(who.other)('POST', url(id, '/claim')),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    const [winner, loser] = a.statusCode === 200 ? [a, b] : [b, a];
    const name = winner.json().claimedBy.name as string;
    expect(['张审核', '刘审核']).toContain(name);
    expect(loser.json().error.message).toBe(`该信息表已由${name}开始审核`);
    const events = await db().selectFrom('filing_event').select('action').where('filing_id', '=', id).execute();
    expect(events.filter((e) => e.action === 'claim')).toHaveLength(1);
  });

  it('two decisions at once: one wins, the other is 409, one review row', async () => {
    const { id } = await inState('reviewing');
    const [a, b] = await Promise.all([
      call(who.holder)('POST', url(id, '/decision'), PASS),
      call(who.holder)('POST', url(id, '/decision'), RETURN),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    const reviews = await db().selectFrom('filing_review').select('decision').where('filing_id', '=', id).execute();
    expect(reviews).toHaveLength(1);
    expect(await statusOf(id)).toBe(reviews[0]?.decision === 'pass' ? 'passed' : 'returned');
  });

  it('release: the holder puts it back; a head releases another’s claim and the holder is told', async () => {
    const { id } = await inState('reviewing');
    expect((await call(who.other)('POST', url(id, '/release'))).json().error.message).toMatch(
      /^该信息表已由张审核开始审核/,
    );
    const released = await call(who.head)('POST', url(id, '/release'));
    expect(released.statusCode, released.body).toBe(200);
    expect(released.json()).toMatchObject({ status: 'submitted', statusLabel: '待审核', claimedBy: null });
    const told = await db()
      .selectFrom('message')
      .select(['title', 'body'])
      .where('account_id', '=', who.holder.accountId)
      .where('title', '=', '审核任务已被收回')
      .execute();
    expect(told.length).toBeGreaterThanOrEqual(1);
    expect((await call(who.other)('POST', url(id, '/claim'))).statusCode).toBe(200);
    expect((await call(who.other)('POST', url(id, '/release'))).json().status).toBe('submitted');
  });

  // ── decisions ─────────────────────────────────────────────────────────────────────────────────────────────

  it('decision rules: each one can fail, with a Chinese message naming the field', async () => {
    const { id } = await fresh();
    expect((await call(who.holder)('POST', url(id, '/claim'))).statusCode).toBe(200);
    const refuse = async (body: unknown, path: string, pattern?: RegExp) => {
      const res = await call(who.holder)('POST', url(id, '/decision'), body);
      expect(res.statusCode, res.body).toBe(400);
      const field = res.json().error.fields.find((f: { path: string }) => f.path === path);
      expect(field, `${path} in ${res.body}`).toBeDefined();
      if (pattern) expect(field.message).toMatch(pattern);
    };
    await refuse({ decision: 'approve', items: ITEMS_OK }, 'decision', /审核结论/);
    await refuse({ decision: 'pass' }, 'items', /四个事项/);
    await refuse({ decision: 'pass', items: { ...ITEMS_OK, other: {} } }, 'items.other.ok', /其他问题/);
    await refuse(
      { decision: 'pass', items: { ...ITEMS_OK, consistent: { ok: false, reason: '不一致' } } },
      'items.consistent.ok',
      /审核通过须各项均为“是”/,
    );
    await refuse({ decision: 'return', items: ITEMS_OK }, 'items', /至少有一项为“否”/);
    await refuse(
      { decision: 'return', items: { ...ITEMS_OK, firstPageSealed: { ok: false } } },
      'items.firstPageSealed.reason',
      /至少2个字/,
    );
    await refuse(
      { decision: 'return', items: { ...ITEMS_OK, firstPageSealed: { ok: false, reason: '无' } } },
      'items.firstPageSealed.reason',
    );
    await refuse({ ...REJECT, unmetConditions: [] }, 'unmetConditions', /第六条/);
    await refuse({ ...REJECT, unmetConditions: ['too_pretty'] }, 'unmetConditions');
    await refuse({ ...REJECT, unmetConditions: ['compliance', 'compliance'] }, 'unmetConditions', /重复/);
    await refuse({ ...REJECT, comment: '' }, 'comment', /理由/);
    await refuse({ ...PASS, unmetConditions: ['compliance'] }, 'unmetConditions', /仅在不予通过时/);
    // Nothing was decided by any of them.
    expect(await statusOf(id)).toBe('reviewing');

    // Pass needs the on-site check when required, and a passing one.
    const detail = (await call(who.holder)('GET', url(id))).json();
    expect(detail.onSiteRequired).toBe(true);
    const blocked = await call(who.holder)('POST', url(id, '/decision'), PASS);
    expect(blocked.statusCode).toBe(400);
    expect(blocked.json().error.message).toBe('该企业需实地核查，请先登记实地核查结果');
    expect(await statusOf(id)).toBe('reviewing');
    expect((await onSite(who.holder, id, onSiteFields({ conclusion: 'fail' }))).statusCode).toBe(200);
    const failed = await call(who.holder)('POST', url(id, '/decision'), PASS);
    expect(failed.statusCode).toBe(400);
    expect(failed.json().error.message).toBe('实地核查结论为不通过，只能退回补正或不予通过');
    // Another reviewer of the agency may not decide what the holder holds.
    expect((await call(who.other)('POST', url(id, '/decision'), REJECT)).statusCode).toBe(409);
    const rejected = await call(who.holder)('POST', url(id, '/decision'), REJECT);
    expect(rejected.statusCode, rejected.body).toBe(200);
    expect(rejected.json().reviews[0]).toMatchObject({
      decision: 'reject',
      decisionLabel: '不予通过',
      unmetConditions: [{ code: 'staff_over_limit', label: '职工总数超过500人' }],
      reviewer: { id: who.holder.accountId, name: '张审核' },
      late: false,
    });
  });

  it('return → the enterprise is told in-app (link /filing) and by SMS; the review sheet keeps each reason', async () => {
    const { id, enterprise } = await inState('returned');
    const messages = await db()
      .selectFrom('message')
      .select(['title', 'body', 'link', 'category'])
      .where('account_id', '=', enterprise.session.accountId)
      .where('title', '=', '信息表已被退回补正')
      .execute();
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ link: '/filing', category: 'filing' });
    expect(messages[0]?.body).toContain('请登录平台查看审核意见并修改后重新提交');
    const sms = await readOutbox(db(), enterprise.phone);
    expect(sms.some((m) => m.body.includes('已被退回补正'))).toBe(true);
    const detail = (await call(who.holder)('GET', url(id))).json();
    expect(detail).toMatchObject({ status: 'returned', statusLabel: '已退回补正', claimedBy: null });
    expect(detail.reviews).toHaveLength(1);
    expect(detail.reviews[0].items.complete).toEqual({ ok: false, reason: '研发项目汇总表缺少项目起止时间' });
    expect(detail.reviews[0].comment).toBe('请补充后重新提交');
    const audit = await db()
      .selectFrom('audit_event')
      .select('action')
      .where('subject', '=', `filing:${id}`)
      .where('action', 'like', 'review.%')
      .orderBy('seq')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['review.claim', 'review.recordOnSite', 'review.return']);
  });

  it('late: a decision after the deadline (China date) is marked late', async () => {
    const { id } = await inState('reviewing');
    await db().updateTable('filing').set({ review_due_on: '2026-01-05' }).where('id', '=', id).execute();
    const queued = (await call(who.holder)('GET', url(id))).json();
    expect(queued.overdue).toBe(true);
    expect(queued.workingDaysLeft).toBeLessThan(0);
    const res = await call(who.holder)('POST', url(id, '/decision'), RETURN);
    expect(res.json().reviews[0].late).toBe(true);
  });

  // ── on-site checks ────────────────────────────────────────────────────────────────────────────────────────

  it('on-site check: fields checked, files sniffed from their bytes, replaced per round, files viewable', async () => {
    const { id, enterprise } = await fresh();
    // Not before the claim.
    expect((await onSite(who.holder, id, [...onSiteFields(), photo])).statusCode).toBe(409);
    expect((await call(who.holder)('POST', url(id, '/claim'))).statusCode).toBe(200);
    expect((await onSite(who.other, id, [...onSiteFields(), photo])).statusCode).toBe(409);

    const fake: FormPart = {
      field: 'file1',
      fileName: 'photo.jpg',
      bytes: Buffer.from('not really a photo'),
      type: 'image/jpeg',
    };
    const sniffed = await onSite(who.holder, id, [...onSiteFields(), fake]);
    expect(sniffed.statusCode).toBe(400);
    expect(sniffed.json().error.fields[0]).toMatchObject({ path: 'file1' });
    expect(sniffed.json().error.fields[0].message).toMatch(/仅支持 JPG、PNG、PDF 格式/);

    const big: FormPart = {
      field: 'file2',
      fileName: 'big.pdf',
      bytes: Buffer.concat([PDF, Buffer.alloc(10 * 1024 * 1024)]),
    };
    const tooBig = await onSite(who.holder, id, [...onSiteFields(), big]);
    expect(tooBig.statusCode).toBe(400);
    expect(tooBig.json().error.fields[0].message).toMatch(/不能超过10MB/);

    const tomorrow = addWorkingDays(todayInChina(), 1, await app.calendar.table()).date;
    const bad = await onSite(who.holder, id, [
      ...onSiteFields({ checkedOn: tomorrow, inspectors: '', findings: '很'.repeat(2001), conclusion: 'maybe' }),
    ]);
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json()
        .error.fields.map((f: { path: string }) => f.path)
        .sort(),
    ).toEqual(['checkedOn', 'conclusion', 'findings', 'inspectors']);
    const early = await onSite(who.holder, id, onSiteFields({ checkedOn: '2020-01-01' }));
    expect(early.json().error.fields[0].message).toMatch(/不能早于信息表提交日期/);

    const minutes: FormPart = { field: 'file2', fileName: '核查记录.pdf', bytes: PDF, type: 'application/pdf' };
    const ok = await onSite(who.holder, id, [...onSiteFields(), photo, minutes]);
    expect(ok.statusCode, ok.body).toBe(200);
    const check = ok.json().onSiteCheck;
    expect(check).toMatchObject({ conclusion: 'pass', conclusionLabel: '核查通过', reviewRound: 1 });
    expect(check.files.map((f: { mediaType: string }) => f.mediaType)).toEqual(['image/jpeg', 'application/pdf']);
    const file = await call(who.province)('GET', check.files[0].url);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('image/jpeg');
    expect((await call(world.otherReviewer)('GET', check.files[0].url)).statusCode).toBe(404);
    expect((await call(enterprise.session)('GET', check.files[0].url)).statusCode).toBe(403);

    // Recorded again: replaced (one row), keeping the earlier files on request and adding the new one.
    const png: FormPart = { field: 'file1', fileName: '门牌.png', bytes: PNG, type: 'image/png' };
    const again = await onSite(who.holder, id, [
      ...onSiteFields({ conclusion: 'fail', findings: '研发人员不在岗' }),
      { field: 'keepFiles', value: 'true' },
      png,
    ]);
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json().onSiteCheck).toMatchObject({ conclusion: 'fail', findings: '研发人员不在岗' });
    expect(again.json().onSiteCheck.files).toHaveLength(3);
    const rows = await db().selectFrom('on_site_check').select('id').where('filing_id', '=', id).execute();
    expect(rows).toHaveLength(1);
    const replaced = await onSite(who.holder, id, onSiteFields());
    expect(replaced.json().onSiteCheck.files).toEqual([]);
  });

  // ── detail ────────────────────────────────────────────────────────────────────────────────────────────────

  it('detail: version, evidence (viewable), timeline with labels, versions; another city’s reviewer gets 404', async () => {
    const { id, enterprise } = await fresh();
    const res = await call(who.holder)('GET', url(id));
    expect(res.statusCode, res.body).toBe(200);
    const d = res.json();
    expect(d).toMatchObject({
      id,
      status: 'submitted',
      statusLabel: '待审核',
      versionNo: 1,
      reviewRound: 1,
      claimedBy: null,
      enterprise: { name: enterprise.name, uscc: enterprise.uscc, regionCode: '410105' },
      agency: { id: world.agency.id, name: '郑州市科学技术局' },
      allowedActions: ['claim'],
      diff: null,
      onSiteCheck: null,
      reviews: [],
    });
    expect(d.enterprise.regionText).toContain('金水区');
    expect(d.workingDaysLeft).toBeGreaterThanOrEqual(0);
    expect(d.version.infoSheet.basic.uscc).toBe(enterprise.uscc);
    expect(d.version.evidence.map((e: { kind: string }) => e.kind).sort()).toEqual([
      'financialStatements',
      'ipCertificate',
      'sealedFirstPage',
    ]);
    const evidence = await call(who.holder)('GET', d.version.evidence[0].url);
    expect(evidence.statusCode).toBe(200);
    expect(evidence.headers['content-type']).toBe('application/pdf');
    expect(evidence.headers['content-disposition']).toMatch(/^inline;/);
    expect((await call(world.otherReviewer)('GET', d.version.evidence[0].url)).statusCode).toBe(404);
    expect((await call(who.holder)('GET', url(id, '/evidence/99999999'))).statusCode).toBe(404);
    expect(d.timeline.map((e: { action: string }) => e.action)).toContain('submit');
    expect(d.timeline.at(-1)).toMatchObject({
      action: 'submit',
      actionLabel: '提交',
      toStatus: 'submitted',
      toLabel: '待审核',
    });

    expect((await call(who.holder)('GET', url(id, '/versions/1'))).json()).toMatchObject({
      versionNo: 1,
      reviewRound: 1,
    });
    expect((await call(who.holder)('GET', url(id, '/versions/2'))).statusCode).toBe(404);
    expect((await call(who.holder)('GET', url(id, '/versions/x'))).statusCode).toBe(404);

    for (const path of ['', '/versions/1']) {
      const other = await call(world.otherReviewer)('GET', url(id, path));
      expect(other.statusCode).toBe(404);
      expect(other.json().error.message).toBe('未找到该参评信息表，或不在您的管辖范围内');
    }
    expect((await call(world.otherReviewer)('POST', url(id, '/claim'))).statusCode).toBe(404);
    expect((await call(enterprise.session)('GET', url(id))).statusCode).toBe(403);
    expect((await call(null)('GET', url(id))).statusCode).toBe(401);
    expect((await call(who.holder)('GET', url(99_999_999))).statusCode).toBe(404);
    expect((await call(who.holder)('GET', '/api/v1/staff/filings/abc')).statusCode).toBe(404);
  });

  it('diff: a returned filing resubmitted shows what changed since the previous version', async () => {
    const { id, enterprise } = await inState('returned');
    const sheet = (
      await db().selectFrom('filing_version').select('info_sheet').where('filing_id', '=', id).executeTakeFirstOrThrow()
    ).info_sheet as { figures: Record<string, unknown> };
    const view = (await as(app, enterprise.session)('GET', `/api/v1/filings/${id}`)).json();
    const changed = { ...sheet, figures: { ...sheet.figures, totalStaff: 120 } };
    const saved = await saveDraft(world, enterprise, id, view.draftVersion, changed);
    expect(saved.statusCode, saved.body).toBe(200);
    const resubmitted = await submit(world, enterprise, id, saved.json().draftVersion);
    expect(resubmitted.statusCode, resubmitted.body).toBe(200);
    const d = (await call(who.holder)('GET', url(id))).json();
    expect(d).toMatchObject({ status: 'submitted', versionNo: 2, reviewRound: 2 });
    expect(d.diff).toMatchObject({ fromVersion: 1, toVersion: 2 });
    expect(d.diff.changes).toContainEqual(
      expect.objectContaining({ path: 'figures.totalStaff', before: '100', after: '120' }),
    );
    expect(d.reviews).toHaveLength(1);
  });

  // ── the province ──────────────────────────────────────────────────────────────────────────────────────────

  it('send-back: the province reopens a passed filing — new round, new deadline, reviewers told, on-site stays with its round', async () => {
    const { id } = await inState('passed');
    const short = await call(who.province)('POST', url(id, '/send-back'), { reason: '无' });
    expect(short.statusCode).toBe(400);
    expect(short.json().error.fields[0].path).toBe('reason');
    const res = await call(who.province)('POST', url(id, '/send-back'), SEND_BACK);
    expect(res.statusCode, res.body).toBe(200);
    const due = addWorkingDays(todayInChina(), 5, await app.calendar.table());
    expect(res.json()).toMatchObject({
      status: 'submitted',
      reviewRound: 2,
      versionNo: 1,
      reviewDueOn: due.date,
      onSiteCheck: null,
      claimedBy: null,
    });
    expect(res.json().timeline.at(-1)).toMatchObject({ action: 'sendBack', actionLabel: '退回评价工作机构' });
    const told = await db()
      .selectFrom('message')
      .select('account_id')
      .where('title', '=', '省级主管部门退回重新审核')
      .where('body', 'like', `%${SEND_BACK.reason}%`)
      .execute();
    const toldIds = told.map((m) => Number(m.account_id));
    for (const s of [who.holder, who.other, who.head]) expect(toldIds).toContain(s.accountId);
    expect(toldIds).not.toContain(world.otherReviewer.accountId);
    // A second send-back of the same filing finds it no longer passed.
    expect((await call(who.province)('POST', url(id, '/send-back'), SEND_BACK)).statusCode).toBe(409);
    // The new round needs its own on-site check before a pass.
    expect((await call(who.holder)('POST', url(id, '/claim'))).statusCode).toBe(200);
    expect((await call(who.holder)('POST', url(id, '/decision'), PASS)).json().error.message).toBe(
      '该企业需实地核查，请先登记实地核查结果',
    );
    const rounds = await db().selectFrom('on_site_check').select('review_round').where('filing_id', '=', id).execute();
    expect(rounds.map((r) => r.review_round)).toEqual([1]);
  });

  it('progress: per agency of the province, counts by status, overdue, decisions and average working days', async () => {
    await inState('passed');
    const res = await call(who.province)('GET', `/api/v1/staff/filing-progress?year=${world.year}`);
    expect(res.statusCode, res.body).toBe(200);
    const p = res.json();
    expect(p.province).toEqual({ code: '410000', name: '河南省' });
    const zz = p.agencies.find((a: { id: number }) => a.id === world.agency.id);
    expect(zz.total).toBeGreaterThan(0);
    expect(zz.counts.passed).toBeGreaterThan(0);
    expect(zz.decisions).toBeGreaterThan(0);
    expect(zz.averageWorkingDaysToDecision).toBeGreaterThanOrEqual(0);
    const sum = (key: string) =>
      p.agencies.reduce((n: number, a: { counts: Record<string, number> }) => n + (a.counts[key] ?? 0), 0);
    for (const key of ['submitted', 'reviewing', 'returned', 'passed', 'rejected'])
      expect(p.totals.counts[key]).toBe(sum(key));
    const count = await sql<{
      n: number;
    }>`select count(*)::int as n from filing where province_code = '410000' and status <> 'draft' and evaluation_year = ${world.year}`.execute(
      db(),
    );
    expect(p.totals.total).toBe(count.rows[0]?.n);

    expect((await call(who.holder)('GET', '/api/v1/staff/filing-progress')).statusCode).toBe(403);
    expect((await call(who.province)('GET', '/api/v1/staff/filing-progress?province=620000')).statusCode).toBe(403);
    expect((await call(who.province)('GET', '/api/v1/staff/filing-progress?year=abc')).statusCode).toBe(400);
  });

  it('progress xlsx: title, generation time, Chinese headers, one row per agency, a 合计 row as the JSON totals; audited', async () => {
    await inState('passed');
    const query = `year=${world.year}`;
    const p = (await call(who.province)('GET', `/api/v1/staff/filing-progress?${query}`)).json();
    const res = await call(who.province)('GET', `/api/v1/staff/filing-progress.xlsx?${query}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers['content-disposition']).toContain('filename*=UTF-8');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    const values = (n: number) => (sheet.getRow(n).values as unknown[]).slice(1);
    expect(values(1)).toEqual([`${world.year}年度 河南省 信息表审核进度`]);
    expect(values(2)[0]).toMatch(/^生成时间（北京时间）：\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    expect(values(3)).toEqual([
      '评价工作机构',
      '级别',
      '待审核',
      '审核中',
      '退回补正',
      '审核通过',
      '不予通过',
      '合计',
      '超期',
      '超期审结',
      '平均审结工作日',
    ]);
    type Figures = {
      counts: Record<string, number>;
      total: number;
      overdue: number;
      lateDecisions: number;
      averageWorkingDaysToDecision: number | null;
    };
    const figures = (f: Figures) => [
      f.counts.submitted,
      f.counts.reviewing,
      f.counts.returned,
      f.counts.passed,
      f.counts.rejected,
      f.total,
      f.overdue,
      f.lateDecisions,
      f.averageWorkingDaysToDecision ?? undefined,
    ];
    const trim = (row: unknown[]) => (row.at(-1) === undefined ? row.slice(0, -1) : row);
    expect(p.agencies.length).toBeGreaterThan(0);
    expect(sheet.rowCount).toBe(3 + p.agencies.length + 1);
    p.agencies.forEach((a: Figures & { name: string; level: string | null }, i: number) => {
      const level = a.level === 'city' ? '地市' : a.level === 'county' ? '区县' : undefined;
      expect(values(4 + i)[0]).toBe(a.name);
      expect(values(4 + i)[1]).toBe(level);
      expect(trim(values(4 + i).slice(2))).toEqual(trim(figures(a)));
    });
    const last = values(sheet.rowCount);
    expect(last[0]).toBe('合计');
    expect(trim(last.slice(2))).toEqual(trim(figures(p.totals)));
    expect(last[7]).toBe(p.totals.total);
    expect(p.totals.total).toBeGreaterThan(0);

    const audit = await db()
      .selectFrom('audit_event')
      .select('detail')
      .where('action', '=', 'review.exportProgress')
      .execute();
    expect(audit.length).toBeGreaterThanOrEqual(1);

    // Refused as the JSON route is: another province (403), an agency reviewer (403), a bad year (400).
    const other = await call(who.province)('GET', '/api/v1/staff/filing-progress.xlsx?province=620000');
    expect(other.statusCode).toBe(403);
    expect(other.headers['content-type']).toMatch(/json/);
    expect((await call(who.holder)('GET', `/api/v1/staff/filing-progress.xlsx?${query}`)).statusCode).toBe(403);
    expect((await call(who.province)('GET', '/api/v1/staff/filing-progress.xlsx?year=abc')).statusCode).toBe(400);
  });

  it('the routes are in the OpenAPI document, under 审核', async () => {
    const doc = (await app.inject({ url: '/docs/json' })).json();
    for (const path of [
      '/api/v1/staff/filings',
      '/api/v1/staff/filings.xlsx',
      '/api/v1/staff/filings/{id}',
      '/api/v1/staff/filings/{id}/decision',
      '/api/v1/staff/filings/{id}/on-site',
      '/api/v1/staff/filing-progress',
      '/api/v1/staff/filing-progress.xlsx',
    ]) {
      expect(doc.paths[path], path).toBeDefined();
    }
    expect(doc.paths['/api/v1/staff/filings/{id}/claim'].post.tags).toEqual(['审核']);
  });

  // ── the queue ─────────────────────────────────────────────────────────────────────────────────────────────

  it('queue: scope, filters (status, due, warnings, on-site, q, claimedByMe, agency), sort and paging', async () => {
    const today = todayInChina();
    const table = await app.calendar.table();
    const [a, b, c] = [await fresh(), await fresh(), await fresh()];
    const setDue = (id: number, due: string, warnings: number) =>
      db().updateTable('filing').set({ review_due_on: due, warning_count: warnings }).where('id', '=', id).execute();
    await setDue(a.id, '2025-12-31', 2);
    await setDue(b.id, today, 0);
    await setDue(c.id, addWorkingDays(today, 2, table).date, 0);
    expect((await call(who.holder)('POST', url(c.id, '/claim'))).statusCode).toBe(200);

    const list = async (s: Session, query: string) => {
      const res = await call(s)('GET', `/api/v1/staff/filings?pageSize=100&${query}`);
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as { items: Record<string, unknown>[] & { id: number }[]; total: number; totalExact: boolean };
    };
    const ids = (r: { items: { id: number }[] }) => r.items.map((i) => i.id);

    const all = await list(who.holder, '');
    expect(ids(all)).toEqual(expect.arrayContaining([a.id, b.id, c.id]));
    expect(all.items.every((i) => (i as { status: string }).status !== 'draft')).toBe(true);
    const rowA = all.items.find((i) => i.id === a.id) as Record<string, unknown>;
    expect(rowA).toMatchObject({
      enterprise: { name: a.enterprise.name, uscc: a.enterprise.uscc, regionCode: '410105', regionName: '金水区' },
      agency: { id: world.agency.id, name: '郑州市科学技术局' },
      status: 'submitted',
      statusLabel: '待审核',
      versionNo: 1,
      reviewDueOn: '2025-12-31',
      overdue: true,
      warningCount: 2,
      onSiteRequired: true,
      claimedBy: null,
    });
    expect(rowA.workingDaysLeft as number).toBeLessThan(0);
    expect(all.items.find((i) => i.id === b.id)).toMatchObject({ workingDaysLeft: 0, overdue: false });
    expect(all.items.find((i) => i.id === c.id)).toMatchObject({
      workingDaysLeft: 2,
      status: 'reviewing',
      claimedBy: { id: who.holder.accountId, name: '张审核' },
    });
    expect(all.total).toBe(all.items.length);
    expect(all.totalExact).toBe(true);

    // Another city's reviewer never lists them; the province does.
    const other = await list(world.otherReviewer, '');
    expect(ids(other)).not.toContain(a.id);
    expect(other.items.every((i) => (i as { agency: { id: number } }).agency.id !== world.agency.id)).toBe(true);
    expect(ids(await list(who.province, `agencyId=${world.agency.id}`))).toEqual(
      expect.arrayContaining([a.id, b.id, c.id]),
    );

    const overdue = await list(who.holder, 'due=overdue');
    expect(ids(overdue)).toContain(a.id);
    expect(ids(overdue)).not.toContain(b.id);
    expect(overdue.items.every((i) => i.overdue === true)).toBe(true);
    const dueToday = await list(who.holder, 'due=today');
    expect(ids(dueToday)).toContain(b.id);
    expect(ids(dueToday)).not.toContain(a.id);
    expect(ids(dueToday)).not.toContain(c.id);
    const within3 = await list(who.holder, 'due=within3');
    expect(ids(within3)).toEqual(expect.arrayContaining([b.id, c.id]));
    expect(ids(within3)).not.toContain(a.id);
    expect(within3.items.every((i) => (i.workingDaysLeft as number) >= 0 && (i.workingDaysLeft as number) <= 3)).toBe(
      true,
    );

    const warned = await list(who.holder, 'hasWarnings=true');
    expect(ids(warned)).toContain(a.id);
    expect(ids(warned)).not.toContain(b.id);
    expect(ids(await list(who.holder, 'hasWarnings=false'))).not.toContain(a.id);
    expect(ids(await list(who.holder, 'onSiteRequired=true'))).toEqual(expect.arrayContaining([a.id, b.id]));
    expect(ids(await list(who.holder, 'onSiteRequired=false'))).not.toContain(a.id);

    expect(ids(await list(who.holder, `q=${encodeURIComponent(a.enterprise.name.slice(-8))}`))).toEqual([a.id]);
    expect(ids(await list(who.holder, `q=${a.enterprise.uscc.toLowerCase()}`))).toEqual([a.id]);
    expect(ids(await list(who.holder, 'claimedByMe=true'))).toContain(c.id);
    expect(ids(await list(who.other, 'claimedByMe=true'))).not.toContain(c.id);

    const reviewing = await list(who.holder, 'status=reviewing');
    expect(reviewing.items.every((i) => i.status === 'reviewing')).toBe(true);
    const both = await list(who.holder, 'status=submitted&status=reviewing');
    expect(both.items.every((i) => ['submitted', 'reviewing'].includes(i.status as string))).toBe(true);
    expect(ids(both)).toEqual(expect.arrayContaining([a.id, c.id]));
    expect(ids(await list(who.holder, 'status=submitted,reviewing'))).toEqual(ids(both));
    expect(ids(await list(who.holder, `evaluationYear=${world.year}`))).toEqual(expect.arrayContaining([a.id]));
    expect((await list(who.holder, `evaluationYear=${world.year - 1}`)).items).toEqual([]);

    // Sorts: due ascending (nulls last) by default; submittedAt descending; enterprise name.
    const dues = all.items.map((i) => i.reviewDueOn as string | null);
    const firstNull = dues.indexOf(null);
    const dated = (firstNull === -1 ? dues : dues.slice(0, firstNull)) as string[];
    expect(dated).toEqual([...dated].sort());
    if (firstNull !== -1) expect(dues.slice(firstNull).every((d) => d === null)).toBe(true);
    expect(all.items[0]?.id).toBe(a.id);
    const bySubmitted = (await list(who.holder, 'sort=-submittedAt')).items.map((i) => i.submittedAt as string);
    expect(bySubmitted).toEqual([...bySubmitted].sort().reverse());
    const byName = (await list(who.holder, 'sort=enterpriseName')).items.map(
      (i) => (i.enterprise as { name: string }).name,
    );
    const byNameDb = await sql<{ name: string }>`select e.name from filing f join enterprise e on e.id = f.enterprise_id
      where f.agency_id = ${world.agency.id} and f.status <> 'draft' order by e.name, f.id`.execute(db());
    expect(byName).toEqual(byNameDb.rows.map((r) => r.name));

    const page = await call(who.holder)('GET', '/api/v1/staff/filings?pageSize=1&page=2');
    expect(page.json()).toMatchObject({ page: 2, pageSize: 1, total: all.total });
    expect(page.json().items.map((i: { id: number }) => i.id)).toEqual([all.items[1]?.id]);

    const bad = await call(who.holder)(
      'GET',
      '/api/v1/staff/filings?status=bogus&due=soon&pageSize=101&sort=x&hasWarnings=yes',
    );
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json()
        .error.fields.map((f: { path: string }) => f.path)
        .sort(),
    ).toEqual(['due', 'hasWarnings', 'pageSize', 'sort', 'status']);
    expect((await call(world.reviewer)('GET', '/api/v1/staff/filings')).statusCode).toBe(200);
  });

  it('caps: the count says "more than" beyond its cap, and a capped export ends with a note row', async () => {
    await fresh();
    await fresh();
    await fresh();
    const capped = new ReviewService(db(), app.files, app.notifier, app.calendar, app.regions, undefined, {
      count: 2,
      export: 2,
    });
    const actor: Actor = {
      accountId: who.holder.accountId,
      kind: 'staff',
      loginName: 'x',
      displayName: '张审核',
      roles: [{ role: 'agencyReviewer', provinceCode: null, agencyId: world.agency.id }],
      enterprise: null,
      csrfToken: '',
      sessionToken: '',
    };
    const page = await capped.queue(actor, { status: 'submitted' });
    expect(page).toMatchObject({ total: 2, totalExact: false });
    expect(page.items.length).toBeGreaterThan(2);
    const { stream } = await capped.exportXlsx(actor, { status: 'submitted' });
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.concat(chunks) as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    expect(sheet.rowCount).toBe(5);
    expect(sheet.getRow(5).getCell(1).value).toBe('注：符合条件的记录超过2条，仅导出前2条，请缩小筛选范围后分批导出。');
  });

  it('xlsx export: the same query streamed, Chinese headers, the right rows, no phone or ID numbers', async () => {
    const { id, enterprise } = await fresh();
    const res = await call(who.holder)('GET', `/api/v1/staff/filings.xlsx?q=${encodeURIComponent(enterprise.uscc)}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    const values = (n: number) => (sheet.getRow(n).values as unknown[]).slice(1);
    expect(values(1)[0]).toMatch(/^科技型中小企业信息表审核清单/);
    expect(values(2)).toEqual([
      '序号',
      '企业名称',
      '统一社会信用代码',
      '所在地区',
      '评价工作机构',
      '评价年度',
      '状态',
      '版本',
      '提交时间（北京时间）',
      '审核期限',
      '剩余工作日',
      '是否超期',
      '预警数',
      '需实地核查',
      '审核人',
    ]);
    expect(values(3).slice(0, 8)).toEqual([
      1,
      enterprise.name,
      enterprise.uscc,
      '金水区',
      '郑州市科学技术局',
      world.year,
      '待审核',
      1,
    ]);
    expect(sheet.rowCount).toBe(3);

    // Everything the reviewer's queue holds, in the same order; no mobile or ID numbers anywhere.
    const full = await call(who.holder)('GET', '/api/v1/staff/filings.xlsx?status=submitted,reviewing');
    const all = new ExcelJS.Workbook();
    await all.xlsx.load(full.rawPayload as unknown as ArrayBuffer);
    const rows = all.worksheets[0]!;
    const queue = (
      await call(who.holder)('GET', '/api/v1/staff/filings?status=submitted,reviewing&pageSize=100')
    ).json();
    expect(rows.rowCount - 2).toBe(queue.total);
    const usccs: unknown[] = [];
    rows.eachRow((row, n) => {
      if (n > 2) usccs.push(row.getCell(3).value);
      for (const v of (row.values as unknown[]).slice(1)) {
        expect(String(v)).not.toMatch(/(?<!\d)1[3-9]\d{9}(?!\d)/);
        expect(String(v)).not.toMatch(/\d{17}[\dX]/);
      }
    });
    expect(usccs).toEqual(queue.items.map((i: { enterprise: { uscc: string } }) => i.enterprise.uscc));
    expect(usccs).toContain(enterprise.uscc);

    const theirs = await call(world.otherReviewer)('GET', '/api/v1/staff/filings.xlsx');
    const book2 = new ExcelJS.Workbook();
    await book2.xlsx.load(theirs.rawPayload as unknown as ArrayBuffer);
    const found: unknown[] = [];
    book2.worksheets[0]!.eachRow((row) => found.push(row.getCell(3).value));
    expect(found).not.toContain(enterprise.uscc);
    expect(id).toBeGreaterThan(0);
    const audit = await db().selectFrom('audit_event').select('detail').where('action', '=', 'review.export').execute();
    expect(audit.length).toBeGreaterThanOrEqual(3);
  });
});
