import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import type { App } from '../src/app.js';
import { loadVendoredHolidays } from '../src/cli/holidays.js';
import { publicityWindow } from '../src/modules/publicity/window.js';
import { readOutbox } from '../src/platform/notifications/sms.js';
import {
  adminRoles,
  as,
  buildTestApp,
  type FormPart,
  multipart,
  PDF,
  PNG,
  requestSmsCode,
  type Session,
  signedInStaff,
  uscc,
} from './helpers/actors.js';
import { describeEachDatabase } from './helpers/databases.js';
import { pdfText } from './helpers/documents.js';
import { buildFilingWorld, type FilingWorld, passedFiling } from './helpers/filings.js';
import { publishedBatchFixture } from './helpers/publicity.js';

/** A batch over the 2026 National Day holiday: published Tue 29 Sep; 10 working days end Fri 16 Oct. */
const PUBLISHED_ON = '2026-09-29';
const ENDS_ON = '2026-10-16';
/** China time (UTC+8) as an instant. */
const china = (local: string) => new Date(`${local}+08:00`);

const FACTS = '该企业上年度研发费用归集不实，将生产人员工资计入研发费用，科技人员数量明显虚报，详见所附材料。';
const ORG_USCC = uscc('91410100MA0000777');

describeEachDatabase('objections during publicity (公示异议)', (ctx) => {
  let app: App;
  let world: FilingWorld;
  let now = china('2026-10-05T10:00:00');
  let secondProvinceAdmin: Session;
  let entries: number[];
  let filings: { filingId: number; enterprise: { id: number; phone: string; name: string } }[];
  let phoneSerial = 0;

  const db = () => ctx.handle.db;
  const clearLimits = () => sql`delete from rate_limit_counter`.execute(db());
  const counts = async () => ({
    objections: Number(
      (await db().selectFrom('objection').select(db().fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n,
    ),
    evidence: Number(
      (await db().selectFrom('objection_evidence').select(db().fn.countAll<string>().as('n')).executeTakeFirstOrThrow())
        .n,
    ),
  });
  const freshPhone = () => `1350000${String(++phoneSerial).padStart(4, '0')}`;
  const smsCode = async (phone: string) => {
    await clearLimits();
    return requestSmsCode(app, db(), phone, 'objection');
  };

  const lodge = (parts: FormPart[], remoteAddress?: string) => {
    const form = multipart(parts);
    return app.inject({
      method: 'POST',
      url: '/api/v1/public/objections',
      headers: form.headers,
      payload: form.payload,
      ...(remoteAddress === undefined ? {} : { remoteAddress }),
    });
  };
  const fields = (values: Record<string, string>): FormPart[] =>
    Object.entries(values).map(([field, value]) => ({ field, value }));
  const evidence: FormPart = { field: 'evidence1', fileName: '研发费用明细.pdf', bytes: PDF, type: 'application/pdf' };
  const personParts = async (entryId: number, over: Record<string, string> = {}, files: FormPart[] = [evidence]) => {
    const phone = over.phone ?? freshPhone();
    const code = over.smsCode ?? (await smsCode(phone));
    return {
      phone,
      parts: [
        ...fields({
          entryId: String(entryId),
          objectorKind: 'person',
          name: '李明',
          phone,
          smsCode: code,
          ground: 'seriousFraud',
          facts: FACTS,
          ...over,
        }),
        ...files,
      ],
    };
  };
  const orgParts = (entryId: number, over: Record<string, string> = {}, files?: FormPart[]) => [
    ...fields({
      entryId: String(entryId),
      objectorKind: 'organisation',
      organisationName: '郑州某竞争科技有限公司',
      organisationUscc: ORG_USCC,
      contactPhone: '13600001111',
      ground: 'notEligible',
      facts: FACTS,
      ...over,
    }),
    ...(files ?? [{ field: 'sealedLetter', fileName: '异议函.png', bytes: PNG, type: 'image/png' }, evidence]),
  ];
  const lodgeAsPerson = async (entryId: number) => {
    const { phone, parts } = await personParts(entryId);
    const res = await lodge(parts);
    expect(res.statusCode, res.body).toBe(201);
    return { phone, receiptNo: res.json().receiptNo as string, id: res.json().id as number };
  };
  const staffCall = (s: Session) => as(app, s);

  beforeAll(async () => {
    app = await buildTestApp(ctx.handle, { clock: () => now });
    world = await buildFilingWorld(app, db());
    secondProvinceAdmin = await signedInStaff(app, {
      loginName: `prov2_${Date.now() % 100000}`,
      phone: '13900009999',
      roles: adminRoles('provinceAdmin', '410000'),
    });
    await app.calendar.seed(loadVendoredHolidays());
    filings = [];
    for (let i = 0; i < 4; i++) filings.push(await passedFiling(world));
    now = china(`${PUBLISHED_ON}T10:00:00`);
    const batch = await publishedBatchFixture(
      world,
      filings.map((f) => f.filingId),
      { publishedOn: PUBLISHED_ON, endsOn: ENDS_ON },
    );
    entries = batch.entryIds;
    await clearLimits();
  });

  it('the window of the fixture is 10 working days over the National Day holiday on the vendored calendar', () => {
    expect(publicityWindow(PUBLISHED_ON, loadVendoredHolidays()).endsOn).toBe(ENDS_ON);
  });

  it('shows the form its target: public data and whether the window is open', async () => {
    now = china('2026-10-05T10:00:00');
    const res = await app.inject({ url: `/api/v1/public/objection-targets/${entries[0]}` });
    expect(res.statusCode, res.body).toBe(200);
    const t = res.json();
    expect(t).toMatchObject({
      entryId: entries[0],
      enterpriseName: filings[0]!.enterprise.name,
      publishedOn: PUBLISHED_ON,
      endsOn: ENDS_ON,
      phase: 'open',
      open: true,
    });
    expect(t.batchTitle).toMatch(/^\d{4}年第\d+批$/);
    expect(t.grounds).toHaveLength(5);
    expect(res.body).not.toContain(filings[0]!.enterprise.phone);
    now = china('2026-10-17T08:00:00');
    expect((await app.inject({ url: `/api/v1/public/objection-targets/${entries[0]}` })).json()).toMatchObject({
      phase: 'ended',
      open: false,
    });
    expect((await app.inject({ url: '/api/v1/public/objection-targets/99999999' })).statusCode).toBe(404);
  });

  it('accepts objections only inside the window: early and late refused with the dates, the holiday and the last day accepted', async () => {
    const before = await counts();
    now = china('2026-09-28T16:00:00');
    const early = await lodge((await personParts(entries[0]!)).parts);
    expect(early.statusCode, early.body).toBe(409);
    expect(early.json().error.message).toContain(`公示期为${PUBLISHED_ON}至${ENDS_ON}`);
    expect(early.json().error.message).toContain('尚未开始');

    now = china('2026-10-17T00:10:00'); // the day after the last day, just after midnight in China
    const late = await lodge((await personParts(entries[0]!)).parts);
    expect(late.statusCode, late.body).toBe(409);
    expect(late.json().error.message).toContain('已结束');
    expect(late.json().error.message).toContain(ENDS_ON);
    expect(await counts()).toEqual(before);

    now = china('2026-10-04T11:00:00'); // 国庆节: inside the window
    const onHoliday = await lodge((await personParts(entries[0]!)).parts);
    expect(onHoliday.statusCode, onHoliday.body).toBe(201);
    now = china('2026-10-16T23:30:00'); // the last day, late in the evening
    const lastDay = await lodge((await personParts(entries[0]!)).parts);
    expect(lastDay.statusCode, lastDay.body).toBe(201);
    const receipts = [onHoliday.json().receiptNo, lastDay.json().receiptNo];
    for (const r of receipts) expect(r).toMatch(/^YY202610(04|16)[0-9A-HJKMNP-TV-Z]{8}$/);
    expect(receipts[0].slice(10)).not.toBe(receipts[1].slice(10));
    expect(await counts()).toEqual({ objections: before.objections + 2, evidence: before.evidence + 2 });
  });

  it('refuses anonymous, bad-code, bad-USCC, letterless and evidenceless objections, naming the field and writing nothing', async () => {
    now = china('2026-10-09T10:00:00');
    const before = await counts();
    const fieldsOf = (res: Awaited<ReturnType<typeof lodge>>) =>
      (res.json().error.fields as { path: string; message: string }[]).map((f) => f.path);

    await clearLimits();
    const anonymous = await lodge([
      ...fields({ entryId: String(entries[0]), objectorKind: 'person', ground: 'seriousFraud', facts: FACTS }),
      evidence,
    ]);
    expect(anonymous.statusCode).toBe(400);
    expect(fieldsOf(anonymous)).toEqual(['name', 'phone', 'smsCode']);
    expect(anonymous.json().error.fields[0].message).toMatch(/^真实姓名：/);

    const phone = freshPhone();
    const code = await smsCode(phone);
    const wrong = await lodge(
      (await personParts(entries[0]!, { phone, smsCode: code === '000000' ? '111111' : '000000' })).parts,
    );
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.fields).toEqual([{ path: 'smsCode', message: '短信验证码：验证码不正确' }]);

    await clearLimits();
    const badUscc = await lodge(orgParts(entries[0]!, { organisationUscc: '91410100MA0000777X' }));
    expect(badUscc.statusCode).toBe(400);
    expect(fieldsOf(badUscc)).toEqual(['organisationUscc']);
    expect(badUscc.json().error.fields[0].message).toContain('统一社会信用代码');

    const noLetter = await lodge(orgParts(entries[0]!, {}, [evidence]));
    expect(noLetter.statusCode).toBe(400);
    expect(fieldsOf(noLetter)).toEqual(['sealedLetter']);
    expect(noLetter.json().error.fields[0].message).toContain('加盖公章');

    const noEvidence = await lodge(
      orgParts(entries[0]!, {}, [{ field: 'sealedLetter', fileName: '异议函.pdf', bytes: PDF }]),
    );
    expect(noEvidence.statusCode).toBe(400);
    expect(fieldsOf(noEvidence)).toEqual(['evidence1']);
    expect(noEvidence.json().error.fields[0].message).toMatch(/^证据材料：/);

    const shortFacts = await lodge(orgParts(entries[0]!, { facts: '有问题', ground: 'nonsense' }));
    expect(fieldsOf(shortFacts)).toEqual(['ground', 'facts']);

    const notAFile = await lodge(
      orgParts(entries[0]!, {}, [
        { field: 'sealedLetter', fileName: '异议函.pdf', bytes: PDF },
        { field: 'evidence1', fileName: 'x.pdf', bytes: Buffer.from('not a pdf at all') },
      ]),
    );
    expect(notAFile.statusCode).toBe(400);
    expect(fieldsOf(notAFile)).toEqual(['evidence1']);

    // A batch that is not published (a draft) is not public: its entries are as good as absent.
    const batchId = (
      await db()
        .selectFrom('publicity_entry')
        .select('batch_id')
        .where('id', '=', entries[0]!)
        .executeTakeFirstOrThrow()
    ).batch_id;
    const published = await db()
      .selectFrom('publicity_batch')
      .select(['batch_no', 'published_on', 'ends_on'])
      .where('id', '=', batchId)
      .executeTakeFirstOrThrow();
    await db()
      .updateTable('publicity_batch')
      .set({ status: 'draft', batch_no: null, published_on: null, ends_on: null })
      .where('id', '=', batchId)
      .execute();
    try {
      await clearLimits();
      expect((await app.inject({ url: `/api/v1/public/objection-targets/${entries[0]}` })).statusCode).toBe(404);
      const draft = await lodge(orgParts(entries[0]!));
      expect(draft.statusCode).toBe(404);
      expect(draft.json().error.fields[0].path).toBe('entryId');
    } finally {
      await db()
        .updateTable('publicity_batch')
        .set({ status: 'published', ...published })
        .where('id', '=', batchId)
        .execute();
    }

    expect(await counts()).toEqual(before);
    await clearLimits();
  });

  it('follows an objection by receipt number and the last 4 digits; no one’s phone or ID in public answers', async () => {
    now = china('2026-10-09T10:00:00');
    await clearLimits();
    const res = await lodge(orgParts(entries[1]!));
    expect(res.statusCode, res.body).toBe(201);
    const { receiptNo } = res.json();
    expect(res.body).not.toContain('13600001111');
    expect(res.json().message).toContain('136****1111');
    const status = await app.inject({ url: `/api/v1/public/objections/${receiptNo}?last4=1111` });
    expect(status.statusCode, status.body).toBe(200);
    expect(status.json()).toMatchObject({ receiptNo, status: 'received', statusLabel: '已受理', outcome: null });
    for (const body of [status.body, res.body]) {
      expect(body).not.toContain('13600001111');
      expect(body).not.toContain(filings[1]!.enterprise.phone);
    }
    expect((await app.inject({ url: `/api/v1/public/objections/${receiptNo}?last4=1112` })).statusCode).toBe(404);
    expect((await app.inject({ url: `/api/v1/public/objections/${receiptNo}` })).statusCode).toBe(404);
    expect((await app.inject({ url: '/api/v1/public/objections/YY20261009AAAAAAAA?last4=1111' })).statusCode).toBe(404);
    // The audit trail has the objection without the phone in clear.
    const audit = await db()
      .selectFrom('audit_event')
      .select('detail')
      .where('action', '=', 'objection.lodged')
      .where('subject', '=', `objection:${res.json().id}`)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(audit.detail)).not.toContain('13600001111');
    expect(JSON.stringify(audit.detail)).toContain('136****1111');
  });

  it('rate limits lodging per client and per phone (429)', async () => {
    now = china('2026-10-09T10:00:00');
    await clearLimits();
    for (let i = 0; i < 10; i++) {
      expect((await lodge(fields({ entryId: String(entries[2]) }), '10.9.0.1')).statusCode).toBe(400);
    }
    const limited = await lodge(fields({ entryId: String(entries[2]) }), '10.9.0.1');
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.message).toContain('过于频繁');
    // Per phone: five a day, from whatever client.
    await clearLimits();
    const samePhone = { contactPhone: '13600002222' };
    for (let i = 0; i < 5; i++) {
      expect((await lodge(orgParts(entries[2]!, samePhone), `10.9.1.${i}`)).statusCode).toBe(201);
    }
    const before = await counts();
    expect((await lodge(orgParts(entries[2]!, samePhone), '10.9.1.99')).statusCode).toBe(429);
    expect(await counts()).toEqual(before);
    await clearLimits();
  });

  /** Lodge, assign (default agency), fill in the handling form with `conclusion`; returns the objection's id. */
  const throughVerification = async (entryId: number, conclusion: 'upheld' | 'dismissed') => {
    now = china('2026-10-12T09:00:00');
    const lodged = await lodgeAsPerson(entryId);
    const assigned = await staffCall(world.provinceAdmin)('POST', `/api/v1/staff/objections/${lodged.id}/assign`, {});
    expect(assigned.statusCode, assigned.body).toBe(200);
    expect(assigned.json()).toMatchObject({ status: 'assigned', agencyId: world.agency.id });
    const handled = await staffCall(world.reviewer)('PUT', `/api/v1/staff/objections/${lodged.id}/handling`, {
      objectorSummary: '个人实名异议，手机号码经短信验证',
      ground: 'seriousFraud',
      evidenceSummary: '研发费用明细1份',
      receivedInWindow: true,
      verification: '调取企业研发辅助账、工资表并与信息表比对，约谈企业财务负责人。',
      onSite: { done: true, date: '2026-10-12', people: '张审核、刘审核', findings: '研发人员名单与考勤记录核对。' },
      conclusion,
      opinion: conclusion === 'upheld' ? '研发费用归集不实，异议成立。' : '研发费用归集符合规定，异议不成立。',
    });
    expect(handled.statusCode, handled.body).toBe(200);
    expect(handled.json().status).toBe('verified');
    return lodged;
  };

  it('upheld: the province confirms, the filing is withheld (not_registered), the entry withheld, both told', async () => {
    const target = filings[0]!;
    const lodged = await throughVerification(entries[0]!, 'upheld');
    const objectorSmsBefore = (await readOutbox(db(), lodged.phone)).length;
    const confirmed = await staffCall(world.provinceAdmin)('POST', `/api/v1/staff/objections/${lodged.id}/confirm`, {
      decision: 'confirm',
      note: '同意评价工作机构意见。',
    });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(confirmed.json()).toMatchObject({ status: 'upheld', allowedActions: [] });
    const filing = await db()
      .selectFrom('filing')
      .select('status')
      .where('id', '=', target.filingId)
      .executeTakeFirstOrThrow();
    expect(filing.status).toBe('not_registered');
    const entry = await db()
      .selectFrom('publicity_entry')
      .select('outcome')
      .where('id', '=', entries[0]!)
      .executeTakeFirstOrThrow();
    expect(entry.outcome).toBe('withheld');
    const events = await db()
      .selectFrom('filing_event')
      .select(['action', 'from_status', 'to_status'])
      .where('filing_id', '=', target.filingId)
      .where('action', '=', 'withhold')
      .execute();
    expect(events).toEqual([{ action: 'withhold', from_status: 'publicizing', to_status: 'not_registered' }]);
    const objectorSms = await readOutbox(db(), lodged.phone);
    expect(objectorSms.length).toBe(objectorSmsBefore + 1);
    expect(objectorSms[0]?.body).toContain('经核实成立');
    const [enterpriseSms] = await readOutbox(db(), target.enterprise.phone, 1);
    expect(enterpriseSms?.body).toContain('不予入库');
    const messages = await db()
      .selectFrom('message')
      .innerJoin('enterprise', 'enterprise.account_id', 'message.account_id')
      .select('message.title')
      .where('enterprise.id', '=', target.enterprise.id)
      .execute();
    expect(messages.map((m) => m.title)).toContain(`${world.year}年度公示异议成立，不予入库`);
    const status = await app.inject({
      url: `/api/v1/public/objections/${lodged.receiptNo}?last4=${lodged.phone.slice(-4)}`,
    });
    expect(status.json()).toMatchObject({ status: 'upheld', statusLabel: '已办结：异议成立' });
    expect(status.json().outcome).toContain('不予入库');
    expect(status.body).not.toContain(lodged.phone);
    // The entry is closed: no more objections to it.
    now = china('2026-10-13T09:00:00');
    const more = await lodge((await personParts(entries[0]!)).parts);
    expect(more.statusCode).toBe(409);
  });

  it('dismissed: the filing stays publicizing and the entry pending; the objector is told', async () => {
    const target = filings[1]!;
    const lodged = await throughVerification(entries[1]!, 'dismissed');
    const confirmed = await staffCall(world.provinceAdmin)('POST', `/api/v1/staff/objections/${lodged.id}/confirm`, {
      decision: 'confirm',
    });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(confirmed.json().status).toBe('dismissed');
    const filing = await db()
      .selectFrom('filing')
      .select('status')
      .where('id', '=', target.filingId)
      .executeTakeFirstOrThrow();
    expect(filing.status).toBe('publicizing');
    const entry = await db()
      .selectFrom('publicity_entry')
      .select('outcome')
      .where('id', '=', entries[1]!)
      .executeTakeFirstOrThrow();
    expect(entry.outcome).toBe('pending');
    const [sms] = await readOutbox(db(), lodged.phone, 1);
    expect(sms?.body).toContain('经核实不成立');
    const [enterpriseSms] = await readOutbox(db(), target.enterprise.phone, 1);
    expect(enterpriseSms?.body).toContain('不成立');
  });

  it('two province administrators confirming at once: one 200, one 409', async () => {
    const lodged = await throughVerification(entries[2]!, 'dismissed');
    const url = `/api/v1/staff/objections/${lodged.id}/confirm`;
    const results = await Promise.all([
      staffCall(world.provinceAdmin)('POST', url, { decision: 'confirm' }),
      staffCall(secondProvinceAdmin)('POST', url, { decision: 'confirm' }),
    ]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const loser = results.find((r) => r.statusCode === 409)!;
    expect(loser.json().error.message).toContain('已由他人处理');
    const audits = await db()
      .selectFrom('audit_event')
      .select('action')
      .where('subject', '=', `objection:${lodged.id}`)
      .where('action', 'in', ['objection.upheld', 'objection.dismissed'])
      .execute();
    expect(audits).toHaveLength(1);
  });

  it('sends back, keeps each party to its step, hides objections from other agencies', async () => {
    const lodged = await throughVerification(entries[3]!, 'upheld');
    const url = (tail = '') => `/api/v1/staff/objections/${lodged.id}${tail}`;
    // Another city's reviewer: as if absent. The agency cannot confirm; the province cannot fill in the form.
    expect((await staffCall(world.otherReviewer)('GET', url())).statusCode).toBe(404);
    expect((await staffCall(world.reviewer)('POST', url('/confirm'), { decision: 'confirm' })).statusCode).toBe(403);
    const noReason = await staffCall(world.provinceAdmin)('POST', url('/confirm'), { decision: 'sendBack' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.fields[0]).toMatchObject({ path: 'note' });
    const back = await staffCall(world.provinceAdmin)('POST', url('/confirm'), {
      decision: 'sendBack',
      note: '请补充实地核查照片后重新核实。',
    });
    expect(back.statusCode, back.body).toBe(200);
    expect(back.json()).toMatchObject({ status: 'assigned', decisionNote: '请补充实地核查照片后重新核实。' });
    const badForm = await staffCall(world.reviewer)('PUT', url('/handling'), { conclusion: 'maybe' });
    expect(badForm.statusCode).toBe(400);
    expect(badForm.json().error.fields.map((f: { path: string }) => f.path)).toContain('conclusion');
    // The reviewer's queue shows it; the other agency's does not.
    const queue = await staffCall(world.reviewer)('GET', '/api/v1/staff/objections?status=assigned');
    expect(queue.json().items.map((i: { id: number }) => i.id)).toContain(lodged.id);
    const other = await staffCall(world.otherReviewer)('GET', '/api/v1/staff/objections');
    expect(other.json().items.map((i: { id: number }) => i.id)).not.toContain(lodged.id);
    const provinceQueue = await staffCall(world.provinceAdmin)('GET', '/api/v1/staff/objections?status=assigned');
    expect(provinceQueue.json().items.map((i: { id: number }) => i.id)).toContain(lodged.id);
    // The list masks the person's name.
    expect(JSON.stringify(provinceQueue.json().items)).not.toContain('李明');
  });

  it('exports the handling form as a PDF with the text', async () => {
    const row = await db()
      .selectFrom('objection')
      .select(['id', 'receipt_no'])
      .where('status', '=', 'upheld')
      .executeTakeFirstOrThrow();
    const res = await staffCall(world.reviewer)('GET', `/api/v1/staff/objections/${row.id}/handling.pdf`);
    expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
    expect(res.headers['content-type']).toContain('application/pdf');
    expect(res.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = (await pdfText(res.rawPayload)).replace(/\s+/g, '');
    expect(text).toContain('科技型中小企业评价公示异议核实处理情况表');
    expect(text).toContain(row.receipt_no);
    expect(text).toContain(filings[0]!.enterprise.name);
    expect(text).toContain('异议成立（不予入库）');
    expect(text).toContain('研发费用归集不实，异议成立。');
    const received = await db()
      .selectFrom('objection')
      .select('id')
      .where('status', '=', 'received')
      .executeTakeFirstOrThrow();
    expect(
      (await staffCall(world.provinceAdmin)('GET', `/api/v1/staff/objections/${received.id}/handling.pdf`)).statusCode,
    ).toBe(409);
  });
});
