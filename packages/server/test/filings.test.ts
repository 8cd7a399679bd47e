import { addWorkingDays } from '@kexiao/rules';
import { beforeAll, expect, it } from 'vitest';
import type { App } from '../src/app.js';
import type { FilingStatus } from '../src/db/schema.js';
import { ACTIONS, type FilingAction } from '../src/modules/filings/lifecycle.js';
import * as filingsRepo from '../src/modules/filings/repository.js';
import { auditRow } from '../src/platform/audit.js';
import { outboxRow } from '../src/platform/notifications/outbox.js';
import { todayInChina } from '../src/modules/regions/service.js';
import { LocalDirectoryFileStore } from '../src/platform/files.js';
import { adminRoles, as, buildTestApp, createStaff, multipart, PNG } from './helpers/actors.js';
import { describeEachDatabase } from './helpers/databases.js';
import {
  buildFilingWorld,
  completeSheet,
  type FilingWorld,
  registerTestEnterprise,
  saveDraft,
  startFiling,
  submit,
  submittedFiling,
  uploadEvidence,
} from './helpers/filings.js';
import { registerEnterprise, signIn } from './helpers/scope-world.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * What the service writes for a submission of the filing read as `read` (the repository's own tests): version and
 * round next after the read, routed to `agencyId`; `tag` marks the message, the outbox copy and the event.
 */
function submissionRecord(
  read: filingsRepo.FilingContext,
  accountId: number,
  agencyId: number,
  tag: { title: string; body: string; outbox: string; contactEmail: string; detail: Record<string, unknown> },
): filingsRepo.SubmissionRecord {
  return {
    filingId: read.id,
    from: ACTIONS.submit.from,
    draftVersion: read.draft_version,
    evidenceVersion: read.evidence_version,
    set: {
      versionNo: read.version_no + 1,
      reviewRound: read.review_round + 1,
      agencyId,
      submittedAt: new Date(),
      reviewDueOn: todayInChina(new Date()),
      reviewDueProvisional: false,
      onSiteRequired: false,
      warningCount: 0,
      contactPhone: '13612345678',
      contactEmail: tag.contactEmail,
    },
    version: {
      infoSheet: read.draft,
      assessment: {},
      warnings: [],
      onSiteTriggers: [],
      evidence: [],
      commitment: {},
      submittedBy: accountId,
      onBehalfOf: null,
    },
    event: { from: 'draft', detail: tag.detail },
    inApp: { accountIds: [accountId], message: { category: 'filing', title: tag.title, body: tag.body } },
    outbox: [outboxRow('sms', '13712345678', null, tag.outbox)],
    audit: auditRow({ actor: `account:${accountId}`, action: 'filing.submit', subject: `filing:${read.id}` }),
  };
}

describeEachDatabase('filing: the enterprise side', (ctx) => {
  let app: App;
  let world: FilingWorld;
  beforeAll(async () => {
    app = await buildTestApp(ctx.handle, {
      files: new LocalDirectoryFileStore(join(tmpdir(), `kexiao-filings-${process.pid}-${Date.now()}`)),
    });
    world = await buildFilingWorld(app, ctx.handle.db);
  });

  it('shows the open campaign, starts once (pre-filled from the registration), and a second start returns the same filing', async () => {
    const e = await registerTestEnterprise(world);
    const overview = (await as(app, e.session)('GET', '/api/v1/filing')).json();
    expect(overview.campaign).toMatchObject({ evaluationYear: world.year, reviewWorkingDays: 5 });
    expect(overview.canStart).toBe(true);
    const [a, b] = await Promise.all([
      as(app, e.session)('POST', '/api/v1/filings'),
      as(app, e.session)('POST', '/api/v1/filings'),
    ]);
    expect([a.statusCode, b.statusCode]).toEqual([201, 201]);
    expect(a.json().id).toBe(b.json().id);
    const view = a.json();
    expect(view.status).toBe('draft');
    expect(view.statusLabel).toBe('填报中');
    expect(view.draft.basic).toMatchObject({
      name: e.name,
      uscc: e.uscc,
      regionCode: '410105',
      legalRepName: '王建国',
    });
    expect(view.allowedActions.map((x: { action: string }) => x.action)).toEqual(['edit', 'submit']);
    expect(view.submitBlockers.map((x: { code: string }) => x.code)).toEqual([
      'sheet_incomplete',
      'first_page_missing',
      'evidence_missing',
    ]);
    const again = (await as(app, e.session)('GET', '/api/v1/filing')).json();
    expect(again).toMatchObject({ canStart: false, currentFilingId: view.id });
  });

  it('autosaves drafts by version: a stale version is refused (409) and nothing is overwritten; bad types name the field', async () => {
    const e = await registerTestEnterprise(world);
    const f = await startFiling(world, e);
    const first = await saveDraft(world, e, f.id, f.draftVersion, { figures: { totalStaff: 10 } });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json().draftVersion).toBe(f.draftVersion + 1);
    // Another tab still holding the old version.
    const stale = await saveDraft(world, e, f.id, f.draftVersion, { figures: { totalStaff: 99 } });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('stale_draft');
    const view = (await as(app, e.session)('GET', `/api/v1/filings/${f.id}`)).json();
    expect(view.draft).toEqual({ figures: { totalStaff: 10 } });

    const bad = await saveDraft(world, e, f.id, first.json().draftVersion, {
      figures: { totalStaff: '十' },
      surprise: 1,
    });
    expect(bad.statusCode).toBe(400);
    const paths = bad.json().error.fields.map((p: { path: string }) => p.path);
    expect(paths).toContain('draft.figures.totalStaff');
    expect(paths).toContain('draft.surprise');
    expect(bad.json().error.fields.every((p: { message: string }) => /[\u4e00-\u9fff]/.test(p.message))).toBe(true);
    const missingVersion = await as(app, e.session)('PUT', `/api/v1/filings/${f.id}/draft`, { draft: {} });
    expect(missingVersion.statusCode).toBe(400);
    expect(missingVersion.json().error.fields[0].path).toBe('draftVersion');
  });

  it("refuses another enterprise's filing and staff outside its scope (404), and enterprises on staff routes", async () => {
    const owner = await registerTestEnterprise(world);
    const other = await registerTestEnterprise(world);
    const f = await startFiling(world, owner);
    expect((await as(app, other.session)('GET', `/api/v1/filings/${f.id}`)).statusCode).toBe(404);
    expect((await saveDraft(world, other, f.id, f.draftVersion, {})).statusCode).toBe(404);
    expect((await as(app, world.reviewer)('GET', `/api/v1/filings/${f.id}`)).statusCode).toBe(403);
    expect((await as(app, null)('GET', `/api/v1/filings/${f.id}`)).statusCode).toBe(401);
    expect((await as(app, owner.session)('GET', '/api/v1/filings/abc')).statusCode).toBe(404);
  });

  it('evidence: sniffed by content, listed, removable before submission; the PDF needs a complete sheet', async () => {
    const e = await registerTestEnterprise(world);
    const f = await startFiling(world, e);
    const form = multipart([
      { field: 'kind', value: 'financialStatements' },
      { field: 'file', fileName: 'statements.pdf', bytes: Buffer.from('not really a pdf'), type: 'application/pdf' },
    ]);
    const refused = await app.inject({
      method: 'POST',
      url: `/api/v1/filings/${f.id}/evidence`,
      payload: form.payload,
      headers: { ...form.headers, cookie: e.session.cookie, 'x-csrf-token': e.session.csrf },
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.fields[0].message).toMatch(/^证明材料：仅支持 PDF、JPG、PNG 格式/);
    const badKind = await uploadEvidence(world, e, f.id, 'selfie');
    expect(badKind.statusCode).toBe(400);
    expect(badKind.json().error.fields[0].path).toBe('kind');

    const png = await uploadEvidence(world, e, f.id, 'staffList', PNG);
    expect(png.statusCode, png.body).toBe(201);
    expect(png.json()).toMatchObject({ kind: 'staffList', mediaType: 'image/png' });
    const file = await as(app, e.session)('GET', png.json().url);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('image/png');
    expect((await as(app, e.session)('DELETE', png.json().url)).statusCode).toBe(204);
    expect((await as(app, e.session)('DELETE', png.json().url)).statusCode).toBe(404);
    expect((await as(app, e.session)('GET', `/api/v1/filings/${f.id}`)).json().evidence).toEqual([]);

    const incomplete = await as(app, e.session)('GET', `/api/v1/filings/${f.id}/info-sheet.pdf`);
    expect(incomplete.statusCode).toBe(400);
    expect(incomplete.json().error.code).toBe('sheet_incomplete');
    const saved = await saveDraft(world, e, f.id, f.draftVersion, completeSheet(e, world.year));
    expect(saved.statusCode, saved.body).toBe(200);
    const pdf = await as(app, e.session)('GET', `/api/v1/filings/${f.id}/info-sheet.pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it('a removed evidence file is 404 for its enterprise; one a submitted version holds is still served, and to staff only such', async () => {
    const e = await registerTestEnterprise(world);
    const f = await startFiling(world, e);
    const uploaded = await uploadEvidence(world, e, f.id, 'staffList', PNG);
    expect(uploaded.statusCode, uploaded.body).toBe(201);
    const url = uploaded.json().url as string;
    expect((await as(app, e.session)('GET', url)).statusCode).toBe(200);
    expect((await as(app, e.session)('DELETE', url)).statusCode).toBe(204);
    const gone = await as(app, e.session)('GET', url);
    expect(gone.statusCode).toBe(404);
    expect(gone.json().error).toMatchObject({ code: 'not_found', message: '未找到该证明材料' });

    // Submitted with three files, returned; the enterprise removes one of them from its draft and adds another.
    const { enterprise, filingId } = await submittedFiling(world);
    const reviewer = as(app, world.reviewer);
    expect((await reviewer('POST', `/api/v1/staff/filings/${filingId}/claim`)).statusCode).toBe(200);
    const returned = await reviewer('POST', `/api/v1/staff/filings/${filingId}/decision`, {
      decision: 'return',
      items: {
        firstPageSealed: { ok: true },
        complete: { ok: true },
        consistent: { ok: false, reason: '财务报表与信息表不一致' },
        other: { ok: true },
      },
    });
    expect(returned.statusCode, returned.body).toBe(200);
    const owner = as(app, enterprise.session);
    const v1 = (await owner('GET', `/api/v1/filings/${filingId}/versions/1`)).json();
    const statements = v1.evidence.find((x: { kind: string }) => x.kind === 'financialStatements');
    expect(statements).toMatchObject({ kindLabel: expect.stringContaining('财务会计报表'), url: expect.any(String) });
    expect((await owner('DELETE', statements.url)).statusCode).toBe(204);
    const view = (await owner('GET', `/api/v1/filings/${filingId}`)).json();
    expect(view.evidence.map((x: { kind: string }) => x.kind)).toEqual(['sealedFirstPage', 'ipCertificate']);
    const kept = await owner('GET', statements.url);
    expect(kept.statusCode).toBe(200);
    expect(kept.headers['content-type']).toBe('application/pdf');
    const added = await uploadEvidence(world, enterprise, filingId, 'other');
    expect(added.statusCode, added.body).toBe(201);
    expect((await owner('GET', added.json().url)).statusCode).toBe(200);
    expect((await owner('DELETE', added.json().url)).statusCode).toBe(204);
    expect((await owner('GET', added.json().url)).statusCode).toBe(404);
    // Each removal was audited with the change.
    const removals = await ctx.handle.db
      .selectFrom('audit_event')
      .select('detail')
      .where('action', '=', 'filing.removeEvidence')
      .where('subject', '=', `filing:${filingId}`)
      .execute();
    expect(removals.map((r) => (r.detail as { evidenceId: number }).evidenceId)).toEqual([
      statements.id,
      added.json().id,
    ]);

    // Staff: what a submitted version holds, on either route; never a file that was only ever in the draft.
    const draftOnly = await uploadEvidence(world, enterprise, filingId, 'other');
    expect(draftOnly.statusCode, draftOnly.body).toBe(201);
    expect((await reviewer('GET', statements.url)).statusCode).toBe(200);
    expect((await reviewer('GET', `/api/v1/staff/filings/${filingId}/evidence/${statements.id}`)).statusCode).toBe(200);
    expect((await reviewer('GET', draftOnly.json().url)).statusCode).toBe(404);
    expect(
      (await reviewer('GET', `/api/v1/staff/filings/${filingId}/evidence/${draftOnly.json().id}`)).statusCode,
    ).toBe(404);
    expect((await as(app, e.session)('GET', statements.url)).statusCode).toBe(404);
  });

  it('submitted versions, read-only for their enterprise: outcome, the review’s reasons; another enterprise gets 404, staff 403', async () => {
    const { enterprise, filingId, sheet } = await submittedFiling(world);
    const owner = as(app, enterprise.session);
    const first = (await owner('GET', `/api/v1/filings/${filingId}/versions/1`)).json();
    expect(first).toMatchObject({
      filingId,
      evaluationYear: world.year,
      versionNo: 1,
      outcome: { code: 'submitted', label: '已提交，待审核' },
      reviews: [],
    });
    expect(first.infoSheet.figures.techStaff).toBe(sheet.figures.techStaff);
    expect(first.assessment.eligible).toBe(true);
    expect(first).not.toHaveProperty('warnings');

    const reviewer = as(app, world.reviewer);
    await reviewer('POST', `/api/v1/staff/filings/${filingId}/claim`);
    expect((await owner('GET', `/api/v1/filings/${filingId}/versions/1`)).json().outcome.code).toBe('reviewing');
    const returned = await reviewer('POST', `/api/v1/staff/filings/${filingId}/decision`, {
      decision: 'return',
      items: {
        firstPageSealed: { ok: true },
        complete: { ok: true },
        consistent: { ok: false, reason: '科技人员数与职工花名册不一致' },
        other: { ok: true },
      },
    });
    expect(returned.statusCode, returned.body).toBe(200);
    const view = (await owner('GET', `/api/v1/filings/${filingId}`)).json();
    const corrected = { ...sheet, figures: { ...sheet.figures, techStaff: 28 } };
    const saved = await saveDraft(world, enterprise, filingId, view.draftVersion, corrected);
    const again = await submit(world, enterprise, filingId, saved.json().draftVersion);
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json().versions.map((v: { outcome: { label: string } }) => v.outcome.label)).toEqual([
      '退回补正',
      '已提交，待审核',
    ]);

    const v1 = (await owner('GET', `/api/v1/filings/${filingId}/versions/1`)).json();
    expect(v1.outcome).toEqual({ code: 'returned', label: '退回补正' });
    expect(v1.reviews).toHaveLength(1);
    expect(v1.reviews[0]).toMatchObject({ decision: 'return', versionNo: 1, agencyName: '郑州市科学技术局' });
    expect(v1.reviews[0].items.consistent).toEqual({ ok: false, reason: '科技人员数与职工花名册不一致' });
    expect(v1.infoSheet.figures.techStaff).toBe(sheet.figures.techStaff);
    const v2 = (await owner('GET', `/api/v1/filings/${filingId}/versions/2`)).json();
    expect(v2).toMatchObject({ versionNo: 2, reviewRound: 2, reviews: [] });
    expect(v2.infoSheet.figures.techStaff).toBe(28);

    // Scope: another enterprise as if it did not exist; staff are not served the enterprise route.
    const other = await registerTestEnterprise(world);
    const foreign = await as(app, other.session)('GET', `/api/v1/filings/${filingId}/versions/1`);
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json().error.message).toBe('未找到该参评信息表，或不在您的管辖范围内');
    expect((await as(app, other.session)('GET', v1.evidence[0].url)).statusCode).toBe(404);
    expect((await reviewer('GET', `/api/v1/filings/${filingId}/versions/1`)).statusCode).toBe(403);
    expect((await as(app, null)('GET', `/api/v1/filings/${filingId}/versions/1`)).statusCode).toBe(401);
    expect((await owner('GET', `/api/v1/filings/${filingId}/versions/3`)).statusCode).toBe(404);
    expect((await owner('GET', `/api/v1/filings/${filingId}/versions/abc`)).statusCode).toBe(404);
  });

  it('submit is refused with every reason, and nothing is written', async () => {
    const e = await registerTestEnterprise(world);
    const f = await startFiling(world, e);
    // Not eligible: 8% tech staff (score 0), no fast track, and the R&D projects do not add up.
    const sheet = completeSheet(e, world.year, {
      figures: {
        totalStaff: 100,
        techStaff: 8,
        salesRevenue: '12000000',
        totalAssets: '30000000',
        totalCostExpense: '9000000',
        rdExpense: '720000',
      },
    });
    const saved = await saveDraft(world, e, f.id, f.draftVersion, sheet);
    const res = await submit(world, e, f.id, saved.json().draftVersion);
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('submit_refused');
    expect(res.json().error.message).toMatch(/自评结果不符合科技型中小企业条件.*科技人员指标得分为0分/);
    expect(res.json().error.message).toContain('尚未上传法定代表人签字并加盖公章的信息表首页');
    expect(res.json().error.message).toContain('缺少证明材料：上年度财务会计报表（资产负债表、利润表）、知识产权证书');

    const commitment = await as(app, e.session)('POST', `/api/v1/filings/${f.id}/submit`, {
      draftVersion: saved.json().draftVersion,
      commitment: { signerName: '', accepted: false },
    });
    expect(commitment.statusCode).toBe(400);
    expect(commitment.json().error.fields.map((p: { path: string }) => p.path)).toEqual([
      'commitment.signerName',
      'commitment.accepted',
    ]);
    const view = (await as(app, e.session)('GET', `/api/v1/filings/${f.id}`)).json();
    expect(view).toMatchObject({ status: 'draft', versionNo: 0, versions: [] });
  });

  it('submits: version 1, routed to the region’s agency, due in 5 working days, on-site triggers, commitment, messages', async () => {
    const { enterprise, filingId, view, sheet } = await submittedFiling(world);
    expect(view.status).toBe('submitted');
    expect(view.statusLabel).toBe('已提交，待审核');
    expect(view.agency).toEqual({ id: world.agency.id, name: '郑州市科学技术局' });
    const due = addWorkingDays(todayInChina(), 5, await app.calendar.table());
    expect(view.reviewDueOn).toBe(due.date);
    expect(view.allowedActions.map((x: { action: string }) => x.action)).toEqual(['withdraw']);
    expect(view.versions).toHaveLength(1);
    const version = (await as(app, enterprise.session)('GET', `/api/v1/filings/${filingId}/versions/1`)).json();
    expect(version.commitment).toMatchObject({ signerName: '王建国', accountId: enterprise.session.accountId });
    // A first-time applicant: the rule set's firstTime trigger fires.
    expect(version.onSiteTriggers).toContain('firstTime');
    expect(version.evidence.map((x: { kind: string }) => x.kind)).toEqual([
      'sealedFirstPage',
      'financialStatements',
      'ipCertificate',
    ]);
    const messages = await ctx.handle.db
      .selectFrom('message')
      .select(['title', 'body'])
      .where('account_id', '=', enterprise.session.accountId)
      .where('category', '=', 'filing')
      .execute();
    expect(messages).toHaveLength(1);
    expect(messages[0]?.body).toContain('郑州市科学技术局');
    // One e-mail, to the 信息表's contact address (after the commit).
    const mails = await ctx.handle.db
      .selectFrom('outbox_message')
      .select(['subject', 'body'])
      .where('recipient', '=', sheet.basic.contactEmail)
      .execute();
    expect(mails.map((m) => m.subject)).toEqual([`【科小】${world.year}年度信息表已提交`]);
    const audit = await ctx.handle.db
      .selectFrom('audit_event')
      .select('detail')
      .where('action', '=', 'filing.submit')
      .where('subject', '=', `filing:${filingId}`)
      .executeTakeFirstOrThrow();
    expect(audit.detail).toMatchObject({ versionNo: 1, agencyId: world.agency.id });
    // Evidence can no longer change, nor the draft.
    expect((await uploadEvidence(world, enterprise, filingId, 'other')).statusCode).toBe(409);
    const edit = await saveDraft(world, enterprise, filingId, view.draftVersion, {});
    expect(edit.statusCode).toBe(409);
    expect(edit.json().error.code).toBe('not_editable');
  });

  it('the legal person and each live agent hear of the submission (in-app and SMS); a revoked or disabled agent does not; one e-mail', async () => {
    const e = await registerTestEnterprise(world);
    const db = ctx.handle.db;
    const owner = Number(
      (await db.selectFrom('enterprise').select('account_id').where('id', '=', e.id).executeTakeFirstOrThrow())
        .account_id,
    );
    const agent = async (tag: string, status: 'active' | 'disabled', revoked: boolean) => {
      const login = `agent_${tag}_${e.id}`;
      const phone = `137${String(e.id * 10 + tag.length).padStart(8, '0')}`;
      const { id } = await db
        .insertInto('account')
        .values({
          kind: 'person',
          login_name: login,
          login_name_key: login,
          password_hash: '!',
          phone,
          display_name: `代办${tag}`,
          real_name_status: 'verified',
          status,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await db
        .insertInto('agent_grant')
        .values({
          enterprise_id: e.id,
          account_id: id,
          granted_by: owner,
          ...(revoked ? { revoked_at: new Date().toISOString(), revoked_by: owner } : {}),
        })
        .execute();
      return { id: Number(id), phone };
    };
    const live = await agent('live', 'active', false);
    const revoked = await agent('revoked', 'active', true);
    const disabled = await agent('off', 'disabled', false);
    const sms = async (phone: string) =>
      (await db.selectFrom('outbox_message').select('id').where('recipient', '=', phone).execute()).length;
    const phones = [e.phone, live.phone, revoked.phone, disabled.phone];
    const before = await Promise.all(phones.map(sms)); // the registration's own SMS codes
    const { sheet } = await submittedFiling(world, { enterprise: e });
    const told = async (accountId: number) =>
      (
        await db
          .selectFrom('message')
          .select('id')
          .where('account_id', '=', accountId)
          .where('category', '=', 'filing')
          .execute()
      ).length;
    expect([await told(owner), await told(live.id), await told(revoked.id), await told(disabled.id)]).toEqual([
      1, 1, 0, 0,
    ]);
    const after = await Promise.all(phones.map(sms));
    expect(after.map((n, i) => n - before[i]!)).toEqual([1, 1, 0, 0]);
    expect(await sms(sheet.basic.contactEmail)).toBe(1);
  });

  it('a double submit creates one submission; withdraw goes back to the draft', async () => {
    const e = await registerTestEnterprise(world);
    const f = await startFiling(world, e);
    const saved = await saveDraft(world, e, f.id, f.draftVersion, completeSheet(e, world.year));
    for (const kind of ['sealedFirstPage', 'financialStatements', 'ipCertificate']) {
      expect((await uploadEvidence(world, e, f.id, kind)).statusCode).toBe(201);
    }
    const results = await Promise.all([
      submit(world, e, f.id, saved.json().draftVersion),
      submit(world, e, f.id, saved.json().draftVersion),
    ]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const versions = await ctx.handle.db
      .selectFrom('filing_version')
      .select('version_no')
      .where('filing_id', '=', f.id)
      .execute();
    expect(versions).toHaveLength(1);

    const withdrawn = await as(app, e.session)('POST', `/api/v1/filings/${f.id}/withdraw`);
    expect(withdrawn.statusCode, withdrawn.body).toBe(200);
    expect(withdrawn.json()).toMatchObject({ status: 'draft', reviewDueOn: null });
    expect((await as(app, e.session)('POST', `/api/v1/filings/${f.id}/withdraw`)).statusCode).toBe(409);
    expect(withdrawn.json().timeline.map((t: { action: string }) => t.action)).toEqual(['start', 'submit', 'withdraw']);
    expect(withdrawn.json().versions.map((v: { outcome: unknown }) => v.outcome)).toEqual([
      { code: 'withdrawn', label: '已撤回' },
    ]);
  });

  it('concurrent submissions of several enterprises are read and written together, and each gets its own answer', async () => {
    const ready = [];
    for (let i = 0; i < 6; i++) {
      const e = await registerTestEnterprise(world);
      const f = await startFiling(world, e);
      const saved = await saveDraft(world, e, f.id, f.draftVersion, completeSheet(e, world.year));
      for (const kind of ['sealedFirstPage', 'financialStatements', 'ipCertificate']) {
        expect((await uploadEvidence(world, e, f.id, kind)).statusCode).toBe(201);
      }
      ready.push({ e, id: f.id, draftVersion: saved.json().draftVersion as number });
    }
    // All at once, the first enterprise twice: sessions, contexts and writes go in batches.
    const sent = [...ready, ready[0]!];
    const results = await Promise.all(sent.map((r) => submit(world, r.e, r.id, r.draftVersion)));
    const codes = results.map((r) => r.statusCode);
    expect(codes.slice(1, 6)).toEqual([200, 200, 200, 200, 200]);
    expect([codes[0], codes[6]].sort()).toEqual([200, 409]);
    results.forEach((r, i) => {
      if (r.statusCode !== 200) return;
      // Its own filing, with its own enterprise's sheet and its own timeline.
      expect(r.json()).toMatchObject({ id: sent[i]!.id, status: 'submitted', versionNo: 1 });
      expect(r.json().draft.basic.uscc).toBe(sent[i]!.e.uscc);
      expect(r.json().timeline.map((t: { action: string }) => t.action)).toEqual(['start', 'submit']);
    });
    for (const r of ready) {
      const versions = await ctx.handle.db
        .selectFrom('filing_version')
        .select(['version_no', 'info_sheet'])
        .where('filing_id', '=', r.id)
        .execute();
      expect(versions).toHaveLength(1);
      expect((versions[0]!.info_sheet as { basic: { uscc: string } }).basic.uscc).toBe(r.e.uscc);
      const audits = await ctx.handle.db
        .selectFrom('audit_event')
        .select('detail')
        .where('subject', '=', `filing:${r.id}`)
        .where('action', '=', 'filing.submit')
        .execute();
      expect(audits.map((a) => (a.detail as { enterprise: string }).enterprise)).toEqual([r.e.uscc]);
    }
  });

  it('contexts read together are the contexts read one by one; a missing filing is absent', async () => {
    const a = await submittedFiling(world);
    const b = await registerTestEnterprise(world);
    const bf = await startFiling(world, b);
    const db = ctx.handle.db;
    const together = await filingsRepo.filingContexts(db, [a.filingId, bf.id, 987654321], true);
    expect([...together.keys()].sort((x, y) => x - y)).toEqual([a.filingId, bf.id].sort((x, y) => x - y));
    expect(together.get(a.filingId)).toEqual(await filingsRepo.filingContext(db, a.filingId, true));
    expect(together.get(bf.id)).toEqual(await filingsRepo.filingContext(db, bf.id, true));
    expect(together.get(bf.id)!.region_agency).toEqual({ id: world.agency.id, name: expect.any(String) });
    const views = await filingsRepo.filingContexts(db, [a.filingId], false);
    expect(views.get(a.filingId)).toEqual(await filingsRepo.filingContext(db, a.filingId));
  });

  it('a submission writes only if the filing is still what it read: an evidence change, a save, or a submit and withdraw in between, and nothing is written', async () => {
    const e = await registerTestEnterprise(world);
    const f = await startFiling(world, e);
    const saved = await saveDraft(world, e, f.id, f.draftVersion, completeSheet(e, world.year));
    for (const kind of ['sealedFirstPage', 'financialStatements', 'ipCertificate', 'other']) {
      expect((await uploadEvidence(world, e, f.id, kind)).statusCode).toBe(201);
    }
    const db = ctx.handle.db;
    const accountId = Number(
      (await db.selectFrom('enterprise').select('account_id').where('id', '=', e.id).executeTakeFirstOrThrow())
        .account_id,
    );
    const record = (read: filingsRepo.FilingContext) =>
      filingsRepo.recordSubmission(
        db,
        submissionRecord(read, accountId, world.agency.id, {
          title: 't',
          body: 'b',
          outbox: `t:${f.id}`,
          contactEmail: 'lixm@example.cn',
          detail: {},
        }),
      );
    const written = async () => ({
      status: (await filingsRepo.findFilingVersions(db, f.id))?.status,
      versions: (await db.selectFrom('filing_version').select('version_no').where('filing_id', '=', f.id).execute())
        .length,
      events: (await db.selectFrom('filing_event').select('id').where('filing_id', '=', f.id).execute()).length,
      audits: (
        await db
          .selectFrom('audit_event')
          .select('seq')
          .where('subject', '=', `filing:${f.id}`)
          .where('action', '=', 'filing.submit')
          .execute()
      ).length,
      messages: (
        await db
          .selectFrom('message')
          .select('id')
          .where('account_id', '=', accountId)
          .where('title', '=', 't')
          .execute()
      ).length,
      outbox: (await db.selectFrom('outbox_message').select('id').where('body', '=', `t:${f.id}`).execute()).length,
    });
    const nothing = { status: 'draft', versions: 0, events: 1, audits: 0, messages: 0, outbox: 0 };

    let read = (await filingsRepo.filingContext(db, f.id, true))!;
    const other = read.evidence.find((x) => x.kind === 'other')!;
    expect((await as(app, e.session)('DELETE', `/api/v1/filings/${f.id}/evidence/${other.id}`)).statusCode).toBe(204);
    expect(await record(read)).toBeUndefined();
    expect(await written()).toEqual(nothing);

    read = (await filingsRepo.filingContext(db, f.id, true))!;
    expect((await saveDraft(world, e, f.id, saved.json().draftVersion, completeSheet(e, world.year))).statusCode).toBe(
      200,
    );
    expect(await record(read)).toBeUndefined();
    expect(await written()).toEqual(nothing);

    // Submitted and withdrawn again in between (another window): the version number moved on.
    read = (await filingsRepo.filingContext(db, f.id, true))!;
    expect((await submit(world, e, f.id, read.draft_version)).statusCode).toBe(200);
    expect((await as(app, e.session)('POST', `/api/v1/filings/${f.id}/withdraw`)).statusCode).toBe(200);
    expect(await record(read)).toBeUndefined();
    expect(await written()).toEqual({ status: 'draft', versions: 1, events: 3, audits: 1, messages: 0, outbox: 0 });

    read = (await filingsRepo.filingContext(db, f.id, true))!;
    expect(await record(read)).toEqual({ eventId: expect.any(Number) });
    expect(await written()).toEqual({ status: 'submitted', versions: 2, events: 4, audits: 2, messages: 1, outbox: 1 });
    expect(await record(read)).toBeUndefined(); // submitted now: a second write finds it moved on
  });

  it('a batch of submissions in one statement: each written only if its filing is still what it read, answered in order', async () => {
    const db = ctx.handle.db;
    const prepared: {
      e: Awaited<ReturnType<typeof registerTestEnterprise>>;
      f: { id: number };
      accountId: number;
      read: filingsRepo.FilingContext;
    }[] = [];
    for (let i = 0; i < 3; i++) {
      const e = await registerTestEnterprise(world);
      const f = await startFiling(world, e);
      await saveDraft(world, e, f.id, f.draftVersion, completeSheet(e, world.year));
      const accountId = Number(
        (await db.selectFrom('enterprise').select('account_id').where('id', '=', e.id).executeTakeFirstOrThrow())
          .account_id,
      );
      prepared.push({ e, f, accountId, read: (await filingsRepo.filingContext(db, f.id, true))! });
    }
    const input = (p: (typeof prepared)[number], draftVersion = p.read.draft_version) =>
      submissionRecord({ ...p.read, draft_version: draftVersion }, p.accountId, world.agency.id, {
        title: 'batch',
        body: `b:${p.f.id}`,
        outbox: `batch:${p.f.id}`,
        contactEmail: 'Batch@Example.cn',
        detail: { batch: true },
      });
    const [p0, p1, p2] = prepared as [(typeof prepared)[number], (typeof prepared)[number], (typeof prepared)[number]];
    // p1 and one of p0's two are written; p2, with a draft version it did not read, finds its filing moved on.
    const out = await filingsRepo.recordSubmissions(db, [
      input(p0),
      input(p2, p2.read.draft_version + 1),
      input(p1),
      input(p0),
    ]);
    // p0 twice in one batch: exactly one of the two is written (which one is the database's choice).
    expect([out[1], out[2] === undefined]).toEqual([undefined, false]);
    expect([out[0], out[3]].filter((o) => o !== undefined)).toHaveLength(1);
    for (const [p, result] of [
      [p0, out[0] ?? out[3]],
      [p1, out[2]],
    ] as const) {
      const event = await db
        .selectFrom('filing_event')
        .select(['filing_id', 'detail'])
        .where('id', '=', result!.eventId)
        .executeTakeFirstOrThrow();
      expect(Number(event.filing_id)).toBe(p.f.id);
      expect(event.detail).toEqual({ batch: true });
      const filing = await db
        .selectFrom('filing')
        .select(['status', 'contact_email'])
        .where('id', '=', p.f.id)
        .executeTakeFirstOrThrow();
      expect(filing).toEqual({ status: 'submitted', contact_email: 'batch@example.cn' });
      expect(
        await db
          .selectFrom('message')
          .select('body')
          .where('account_id', '=', p.accountId)
          .where('title', '=', 'batch')
          .execute(),
      ).toEqual([{ body: `b:${p.f.id}` }]);
      expect(
        await db.selectFrom('outbox_message').select('id').where('body', '=', `batch:${p.f.id}`).execute(),
      ).toHaveLength(1);
    }
    expect((await filingsRepo.findFilingVersions(db, p2.f.id))?.status).toBe('draft');
    expect(
      await db.selectFrom('filing_version').select('version_no').where('filing_id', '=', p2.f.id).execute(),
    ).toEqual([]);
    expect(
      await db.selectFrom('filing_version').select('version_no').where('filing_id', '=', p0.f.id).execute(),
    ).toHaveLength(1);
    expect(await db.selectFrom('outbox_message').select('id').where('body', '=', `batch:${p2.f.id}`).execute()).toEqual(
      [],
    );
  });

  it('a stale draft version at submit is refused: what was seen is what is submitted', async () => {
    const e = await registerTestEnterprise(world);
    const f = await startFiling(world, e);
    const saved = await saveDraft(world, e, f.id, f.draftVersion, completeSheet(e, world.year));
    const res = await submit(world, e, f.id, saved.json().draftVersion - 1);
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('stale_draft');
  });

  it('barred enterprises cannot start or submit: a revocation this year, serious fraud within three years', async () => {
    const e = await registerTestEnterprise(world);
    const f = await startFiling(world, e);
    await ctx.handle.db
      .insertInto('integrity_record')
      .values({
        enterprise_id: e.id,
        kind: 'seriousFraud',
        evaluation_year: world.year - 1,
        barred_through_year: world.year + 2,
        reason: '虚报科技人员数',
      })
      .execute();
    const view = (await as(app, e.session)('GET', `/api/v1/filings/${f.id}`)).json();
    expect(view.submitBlockers.map((b: { code: string }) => b.code)).toContain('barred_for_fraud');
    expect(view.submitBlockers.find((b: { code: string }) => b.code === 'barred_for_fraud').message).toBe(
      `本企业因存在严重弄虚作假行为被取消评价资格，${world.year + 2}年度及以前不得申请评价`,
    );

    const other = await registerTestEnterprise(world);
    await ctx.handle.db
      .insertInto('integrity_record')
      .values({
        enterprise_id: other.id,
        kind: 'revocation',
        evaluation_year: world.year,
        barred_through_year: world.year,
        reason: '不再符合评价条件',
      })
      .execute();
    const start = await as(app, other.session)('POST', '/api/v1/filings');
    expect(start.statusCode).toBe(409);
    expect(start.json().error).toMatchObject({ code: 'revoked_this_year' });
  });

  it('outside the window: cannot start, and a filing started inside it cannot be submitted after it closes', async () => {
    // Gansu: a campaign open now, an enterprise in 兰州 starts its filing, then the window closes.
    const gansuAdmin = `gs_admin_${Date.now() % 100_000}`;
    await createStaff(app, {
      loginName: gansuAdmin,
      phone: '13711110000',
      roles: adminRoles('provinceAdmin', '620000'),
    });
    const created = await as(app, await signIn(app, gansuAdmin))('POST', '/api/v1/staff/campaigns', {
      evaluationYear: world.year,
      windowOpensOn: `${world.year}-01-01`,
      windowClosesOn: `${world.year}-12-31`,
      reviewWorkingDays: 5,
      publicityDeadline: `${world.year}-12-31`,
      batchCadence: 'monthly',
    });
    expect(created.statusCode, created.body).toBe(201);
    const enterprise = async (n: number) => {
      const loginName = `gs_ent_${n}_${Date.now() % 100_000}`;
      await registerEnterprise(app, ctx.handle.db, {
        loginName,
        unitName: `兰州测试科技有限公司${n}`,
        uscc17: `91620102MA${String((Date.now() + n) % 10_000_000).padStart(7, '0')}`,
        regionCode: '620102',
        phone: `1391111222${n}`,
        idBase: '620102',
      });
      return signIn(app, loginName);
    };
    const early = await enterprise(1);
    const started = await as(app, early)('POST', '/api/v1/filings');
    expect(started.statusCode, started.body).toBe(201);

    // The window closes (yesterday; or, on 1 January, a window at the end of the year).
    const today = todayInChina();
    const yesterday = addWorkingDays(today, 0, { years: {} }).date; // today itself, normalised
    const closed =
      today > `${world.year}-01-01`
        ? {
            opens: `${world.year}-01-01`,
            closes: new Date(Date.parse(yesterday) - 86_400_000).toISOString().slice(0, 10),
          }
        : { opens: `${world.year}-12-31`, closes: `${world.year}-12-31` };
    await ctx.handle.db
      .updateTable('campaign')
      .set({ window_opens_on: closed.opens, window_closes_on: closed.closes })
      .where('id', '=', created.json().id)
      .execute();

    const view = (await as(app, early)('GET', `/api/v1/filings/${started.json().id}`)).json();
    const blocker = view.submitBlockers.find((b: { code: string }) => b.code === 'outside_window');
    expect(blocker.message).toMatch(
      /^不在本省评价工作填报时间内（\d{4}年\d{1,2}月\d{1,2}日至\d{4}年\d{1,2}月\d{1,2}日）$/,
    );

    const late = await enterprise(2);
    expect((await as(app, late)('GET', '/api/v1/filing')).json()).toMatchObject({ campaign: null, canStart: false });
    const start = await as(app, late)('POST', '/api/v1/filings');
    expect(start.statusCode).toBe(409);
    expect(start.json().error.code).toBe('outside_window');
  });

  it('returned → corrected → resubmitted: the reasons per item, a new version and review round, the clock restarts, the diff', async () => {
    const { enterprise, filingId, sheet } = await submittedFiling(world);
    const reviewer = as(app, world.reviewer);
    expect((await reviewer('POST', `/api/v1/staff/filings/${filingId}/claim`)).statusCode).toBe(200);
    // The review started: the enterprise can no longer withdraw.
    const late = await as(app, enterprise.session)('POST', `/api/v1/filings/${filingId}/withdraw`);
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('review_started');
    const returned = await reviewer('POST', `/api/v1/staff/filings/${filingId}/decision`, {
      decision: 'return',
      items: {
        firstPageSealed: { ok: true },
        complete: { ok: true },
        consistent: { ok: false, reason: '科技人员数与职工花名册不一致' },
        other: { ok: true },
      },
    });
    expect(returned.statusCode, returned.body).toBe(200);

    const view = (await as(app, enterprise.session)('GET', `/api/v1/filings/${filingId}`)).json();
    expect(view).toMatchObject({ status: 'returned', statusLabel: '退回补正' });
    expect(view.reviews[0]).toMatchObject({ decision: 'return', agencyName: '郑州市科学技术局' });
    expect(view.reviews[0].items.consistent).toEqual({ ok: false, reason: '科技人员数与职工花名册不一致' });
    expect(view.allowedActions.map((a: { action: string }) => a.action)).toEqual(['edit', 'submit']);

    const corrected = { ...sheet, figures: { ...sheet.figures, techStaff: 28 } };
    const saved = await saveDraft(world, enterprise, filingId, view.draftVersion, corrected);
    expect(saved.statusCode, saved.body).toBe(200);
    const again = await submit(world, enterprise, filingId, saved.json().draftVersion);
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json()).toMatchObject({ status: 'submitted', versionNo: 2 });
    expect(again.json().versions.map((v: { reviewRound: number }) => v.reviewRound)).toEqual([1, 2]);
    expect(again.json().reviewDueOn).toBe(addWorkingDays(todayInChina(), 5, await app.calendar.table()).date);

    const detail = (await reviewer('GET', `/api/v1/staff/filings/${filingId}`)).json();
    expect(detail.diff.changes).toEqual([
      expect.objectContaining({
        path: 'figures.techStaff',
        before: expect.stringContaining('30'),
        after: expect.stringContaining('28'),
      }),
    ]);
    // Withdrawn now, it goes back to 退回补正 (what it was submitted from), not to a fresh draft.
    const withdrawn = await as(app, enterprise.session)('POST', `/api/v1/filings/${filingId}/withdraw`);
    expect(withdrawn.json().status).toBe('returned');
  });

  it('the province sends a passed filing back: the agency reviews it again and the enterprise is told', async () => {
    // A first-time applicant: the on-site check must pass before the agency may pass it.
    const { enterprise, filingId } = await submittedFiling(world);
    const reviewer = as(app, world.reviewer);
    await reviewer('POST', `/api/v1/staff/filings/${filingId}/claim`);
    const form = multipart([
      { field: 'checkedOn', value: todayInChina() },
      { field: 'inspectors', value: '张审核、刘审核' },
      { field: 'findings', value: '经营场所、研发人员与填报一致' },
      { field: 'conclusion', value: 'pass' },
    ]);
    const onSite = await app.inject({
      method: 'POST',
      url: `/api/v1/staff/filings/${filingId}/on-site`,
      payload: form.payload,
      headers: { ...form.headers, cookie: world.reviewer.cookie, 'x-csrf-token': world.reviewer.csrf },
    });
    expect(onSite.statusCode, onSite.body).toBe(200);
    const ok = { ok: true };
    const passed = await reviewer('POST', `/api/v1/staff/filings/${filingId}/decision`, {
      decision: 'pass',
      items: { firstPageSealed: ok, complete: ok, consistent: ok, other: ok },
    });
    expect(passed.statusCode, passed.body).toBe(200);
    expect((await as(app, enterprise.session)('GET', `/api/v1/filings/${filingId}`)).json().statusLabel).toBe(
      '审核通过，待公示',
    );
    const back = await as(app, world.provinceAdmin)('POST', `/api/v1/staff/filings/${filingId}/send-back`, {
      reason: '知识产权证书与清单编号不符，请复核',
    });
    expect(back.statusCode, back.body).toBe(200);
    const messages = await ctx.handle.db
      .selectFrom('message')
      .select('title')
      .where('account_id', '=', enterprise.session.accountId)
      .orderBy('id')
      .execute();
    expect(messages.map((m) => m.title)).toContain(`${world.year}年度信息表退回评价工作机构重新审核`);
    expect((await as(app, enterprise.session)('GET', `/api/v1/filings/${filingId}`)).json().status).toBe('submitted');
  });

  it('history and warnings come from the platform: a revocation two years ago triggers the on-site check; a contact phone shared by three other enterprises is a warning', async () => {
    const e = await registerTestEnterprise(world);
    await ctx.handle.db
      .insertInto('integrity_record')
      .values({
        enterprise_id: e.id,
        kind: 'revocation',
        evaluation_year: world.year - 2,
        barred_through_year: world.year - 2,
        reason: '不再符合评价条件',
      })
      .execute();
    const revoked = await submittedFiling(world, { enterprise: e });
    const version = await ctx.handle.db
      .selectFrom('filing_version')
      .select(['on_site_triggers', 'warnings'])
      .where('filing_id', '=', revoked.filingId)
      .executeTakeFirstOrThrow();
    expect(version.on_site_triggers).toContain('revokedOrViolationWithin3Years');

    const phone = '13655550000';
    for (let i = 0; i < 3; i++) {
      const other = await registerTestEnterprise(world);
      await submittedFiling(world, {
        enterprise: other,
        patch: { basic: { ...completeSheet(other, world.year).basic, contactPhone: phone } },
      });
    }
    const fourth = await registerTestEnterprise(world);
    const shared = await submittedFiling(world, {
      enterprise: fourth,
      patch: { basic: { ...completeSheet(fourth, world.year).basic, contactPhone: phone } },
    });
    const warnings = (
      await ctx.handle.db
        .selectFrom('filing_version')
        .select('warnings')
        .where('filing_id', '=', shared.filingId)
        .executeTakeFirstOrThrow()
    ).warnings as { code: string; message: string }[];
    expect(warnings.find((w) => w.code === 'sharedContact')?.message).toContain('另外3家企业');
  });

  it('every enterprise action from every state, against the lifecycle table: allowed ones succeed, the others are 409', async () => {
    const ok = { ok: true };
    const items = { firstPageSealed: ok, complete: ok, consistent: ok, other: ok };
    /** A filing of a new enterprise brought to `state` through the API, ready to submit where it may. */
    async function filingIn(state: FilingStatus) {
      const e = await registerTestEnterprise(world);
      if (state === 'draft') {
        const f = await startFiling(world, e);
        await saveDraft(world, e, f.id, f.draftVersion, completeSheet(e, world.year));
        for (const kind of ['sealedFirstPage', 'financialStatements', 'ipCertificate']) {
          await uploadEvidence(world, e, f.id, kind);
        }
        return { e, id: f.id };
      }
      const { filingId: id } = await submittedFiling(world, { enterprise: e });
      const reviewer = as(app, world.reviewer);
      const url = `/api/v1/staff/filings/${id}`;
      if (state !== 'submitted') expect((await reviewer('POST', `${url}/claim`)).statusCode).toBe(200);
      if (state === 'returned') {
        const res = await reviewer('POST', `${url}/decision`, {
          decision: 'return',
          items: { ...items, complete: { ok: false, reason: '缺少研发项目起止时间' } },
        });
        expect(res.statusCode, res.body).toBe(200);
      }
      if (state === 'rejected') {
        const res = await reviewer('POST', `${url}/decision`, {
          decision: 'reject',
          items,
          unmetConditions: ['staff_over_limit'],
          comment: '职工总数超过500人',
        });
        expect(res.statusCode, res.body).toBe(200);
      }
      if (state === 'passed') {
        const form = multipart([
          { field: 'checkedOn', value: todayInChina() },
          { field: 'inspectors', value: '张审核' },
          { field: 'findings', value: '与填报一致' },
          { field: 'conclusion', value: 'pass' },
        ]);
        const onSite = await app.inject({
          method: 'POST',
          url: `${url}/on-site`,
          payload: form.payload,
          headers: { ...form.headers, cookie: world.reviewer.cookie, 'x-csrf-token': world.reviewer.csrf },
        });
        expect(onSite.statusCode, onSite.body).toBe(200);
        expect((await reviewer('POST', `${url}/decision`, { decision: 'pass', items })).statusCode).toBe(200);
      }
      return { e, id };
    }
    const enterpriseActions = (Object.keys(ACTIONS) as FilingAction[]).filter((a) => ACTIONS[a].by === 'enterprise');
    expect(enterpriseActions).toEqual(['edit', 'submit', 'withdraw']);
    const states: FilingStatus[] = ['draft', 'submitted', 'reviewing', 'returned', 'passed', 'rejected'];
    for (const state of states) {
      for (const action of enterpriseActions) {
        const { e, id } = await filingIn(state);
        const view = (await as(app, e.session)('GET', `/api/v1/filings/${id}`)).json();
        expect(view.status, `${action} from ${state}`).toBe(state);
        const allowed = ACTIONS[action].from.includes(state);
        expect(
          view.allowedActions.map((a: { action: string }) => a.action).includes(action),
          `${action} from ${state}`,
        ).toBe(allowed);
        const res =
          action === 'edit'
            ? await saveDraft(world, e, id, view.draftVersion, view.draft)
            : action === 'submit'
              ? await submit(world, e, id, view.draftVersion)
              : await as(app, e.session)('POST', `/api/v1/filings/${id}/withdraw`);
        expect(res.statusCode, `${action} from ${state}: ${res.body}`).toBe(allowed ? 200 : 409);
      }
    }
  }, 180_000);
});
