import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { App } from '../src/app.js';
import { AgencyService } from '../src/modules/agencies/service.js';
import { verifyAuditChain } from '../src/platform/audit.js';
import { LocalDirectoryFileStore } from '../src/platform/files.js';
import { readOutbox } from '../src/platform/notifications/sms.js';
import {
  adminRoles,
  as,
  buildTestApp,
  type FormPart,
  idNumber,
  JPEG,
  LEGAL_REP_ID,
  multipart,
  PDF,
  PNG,
  registerLegalPerson,
  registerPerson,
  type Session,
  signedInStaff,
  signIn,
  type StaffRoles,
  uscc,
} from './helpers/actors.js';
import { describeEachDatabase } from './helpers/databases.js';

/** Henan (41), sequence 999: the development identity driver cannot verify it. */
const HENAN_UNVERIFIABLE = idNumber('41010519900307999');
const HENAN_VERIFIED = idNumber('41010519920506123');
/** Beijing (11), unverifiable. */
const BEIJING_UNVERIFIABLE = idNumber('11010519850101999');
const USCC = uscc('91410100MA0000009');

const idFront = (bytes = PNG): FormPart => ({ field: 'idFront', fileName: '人像面.png', type: 'image/png', bytes });
const idBack = (bytes = JPEG): FormPart => ({ field: 'idBack', fileName: '国徽面.jpg', type: 'image/jpeg', bytes });

describeEachDatabase('manual real-name verification', (ctx) => {
  let app: App;
  let filesDir: string;
  let liSi: Session; // Henan person, automatic check failed
  let zhao: Session; // Henan person, verified
  let bjPerson: Session; // Beijing person, automatic check failed
  let unit: Session; // Henan legal person, automatic check failed
  let henanAdmin: Session;
  let beijingAdmin: Session;
  let nationalAdmin: Session;
  let reviewer: Session;

  const person = async (loginName: string, name: string, id: string, phone: string) => {
    await registerPerson(app, ctx.handle.db, { loginName, name, idNumber: id, phone, idValidTo: '2035-01-01' });
    return signIn(app, loginName);
  };
  const staff = (loginName: string, phone: string, roles: StaffRoles) =>
    signedInStaff(app, { loginName, phone, roles });
  const submit = (who: Session, parts: FormPart[]) => {
    const form = multipart(parts);
    return app.inject({
      method: 'POST',
      url: '/api/v1/real-name/requests',
      headers: { ...form.headers, cookie: who.cookie, 'x-csrf-token': who.csrf },
      payload: form.payload,
    });
  };
  const get = (who: Session, url: string) => as(app, who)('GET', url);
  const decide = (who: Session, id: number, payload: Record<string, unknown>) =>
    as(app, who)('POST', `/api/v1/staff/real-name/requests/${id}/decision`, payload);
  const requestCount = async (accountId?: number) => {
    let q = ctx.handle.db.selectFrom('real_name_request').select((eb) => eb.fn.countAll<string>().as('n'));
    if (accountId !== undefined) q = q.where('account_id', '=', accountId);
    return Number((await q.executeTakeFirstOrThrow()).n);
  };
  const realNameStatus = async (accountId: number) =>
    (
      await ctx.handle.db
        .selectFrom('account')
        .select('real_name_status')
        .where('id', '=', accountId)
        .executeTakeFirstOrThrow()
    ).real_name_status;

  beforeAll(async () => {
    filesDir = await mkdtemp(join(tmpdir(), 'kexiao-real-name-test-'));
    app = await buildTestApp(ctx.handle, { files: new LocalDirectoryFileStore(filesDir) });
    await app.regions.seed();
    liSi = await person('li_si', '李四', HENAN_UNVERIFIABLE, '13600000001');
    zhao = await person('zhao_yi', '赵一', HENAN_VERIFIED, '13600000002');
    bjPerson = await person('bj_person', '钱二', BEIJING_UNVERIFIABLE, '13600000003');
    const res = await registerLegalPerson(app, ctx.handle.db, {
      loginName: 'hn_unit',
      unitName: '河南示例科技有限公司（测试未登记）',
      uscc: USCC,
      legalRepName: '王五',
      agentName: '赵六',
      agentIdValidTo: '2031-05-01',
      agentPhone: '13600000004',
    });
    expect(res.json().realNameStatus).toBe('rejected');
    unit = await signIn(app, 'hn_unit');
    henanAdmin = await staff('hn_admin', '13600000011', adminRoles('provinceAdmin', '410000'));
    beijingAdmin = await staff('bj_admin', '13600000012', adminRoles('provinceAdmin', '110000'));
    nationalAdmin = await staff('cn_admin', '13600000013', adminRoles('nationalAdmin'));
    const agency = await new AgencyService(ctx.handle.db).createAgency(
      '410000',
      { name: '郑州市科学技术局', level: 'city', regionCode: '410100', jurisdiction: ['410100'] },
      'test:setup',
    );
    reviewer = await staff('zz_rev', '13600000014', [
      { role: 'agencyReviewer', provinceCode: null, agencyId: agency.id },
    ]);
  }, 120_000);

  afterAll(async () => {
    await rm(filesDir, { recursive: true, force: true });
  });

  it('tells a person whose automatic check failed what to upload', async () => {
    const res = await get(liSi, '/api/v1/real-name');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ kind: 'person', realNameStatus: 'rejected', canSubmit: true, latest: null });
    expect(res.json().materials.map((m: { field: string }) => m.field)).toEqual(['idFront', 'idBack']);
    const forUnit = await get(unit, '/api/v1/real-name');
    expect(forUnit.json().materials).toEqual([
      expect.objectContaining({ field: 'idFront', label: '法定代表人身份证人像面照片', required: true }),
      expect.objectContaining({ field: 'idBack', required: true }),
      expect.objectContaining({
        field: 'businessLicence',
        label: '加盖单位公章的营业执照扫描件',
        maxBytes: 5 * 1024 * 1024,
      }),
      expect.objectContaining({ field: 'creditScreenshot', required: false }),
    ]);
    expect((await get(henanAdmin, '/api/v1/real-name')).statusCode).toBe(403);
  });

  it('refuses a text file named .png, a file over 1 MB and a missing file, naming each field; writes nothing', async () => {
    const fake = await submit(liSi, [
      { field: 'idFront', fileName: 'id.png', type: 'image/png', bytes: Buffer.from('这不是图片，只是文字') },
      idBack(Buffer.concat([JPEG, Buffer.alloc(1024 * 1024)])),
    ]);
    expect(fake.statusCode).toBe(400);
    expect(fake.json().error.fields).toEqual([
      { path: 'idFront', message: expect.stringMatching(/^身份证人像面照片：仅支持 JPG、PNG 格式/) },
      { path: 'idBack', message: '身份证国徽面照片：文件不能超过1MB' },
    ]);
    const missing = await submit(liSi, [idFront()]);
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.fields).toEqual([{ path: 'idBack', message: '身份证国徽面照片：请上传文件' }]);
    const pdfAsId = await submit(liSi, [idFront(PDF), idBack()]);
    expect(pdfAsId.statusCode).toBe(400);
    expect(pdfAsId.json().error.fields[0].path).toBe('idFront');
    const personWithLicence = await submit(liSi, [
      idFront(),
      idBack(),
      { field: 'businessLicence', fileName: 'l.pdf', type: 'application/pdf', bytes: PDF },
    ]);
    expect(personWithLicence.statusCode).toBe(400);
    expect(personWithLicence.json().error.fields[0].path).toBe('businessLicence');
    const noCsrf = await app.inject({
      method: 'POST',
      url: '/api/v1/real-name/requests',
      headers: { ...multipart([idFront(), idBack()]).headers, cookie: liSi.cookie },
      payload: multipart([idFront(), idBack()]).payload,
    });
    expect(noCsrf.statusCode).toBe(403);
    expect(await requestCount()).toBe(0);
    expect(await realNameStatus(liSi.accountId)).toBe('rejected');
  });

  let liSiRequest: number;

  it('accepts the ID photos: request pending, account pending, own files viewable, audit without the ID number', async () => {
    const res = await submit(liSi, [idFront(), idBack()]);
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      status: 'pending',
      reason: null,
      files: [
        { field: 'idFront', fileName: '人像面.png', mediaType: 'image/png' },
        { field: 'idBack', fileName: '国徽面.jpg', mediaType: 'image/jpeg' },
      ],
    });
    liSiRequest = res.json().id;
    expect(await realNameStatus(liSi.accountId)).toBe('pending');
    const status = await get(liSi, '/api/v1/real-name');
    expect(status.json()).toMatchObject({ realNameStatus: 'pending', canSubmit: false, latest: { id: liSiRequest } });
    const file = await get(liSi, `/api/v1/real-name/requests/${liSiRequest}/files/idFront`);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('image/png');
    expect(file.rawPayload.equals(PNG)).toBe(true);
    expect((await get(zhao, `/api/v1/real-name/requests/${liSiRequest}/files/idFront`)).statusCode).toBe(404);
    const audit = await ctx.handle.db
      .selectFrom('audit_event')
      .selectAll()
      .where('action', '=', 'realName.submitted')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]?.subject).toBe(`realNameRequest:${liSiRequest}`);
    expect(JSON.stringify(audit)).not.toContain(HENAN_UNVERIFIABLE);
  });

  it('refuses a second request while one is pending, and any request once verified', async () => {
    const again = await submit(liSi, [idFront(), idBack()]);
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toMatchObject({
      code: 'already_pending',
      message: expect.stringContaining('人工核验中'),
    });
    const verified = await submit(zhao, [idFront(), idBack()]);
    expect(verified.statusCode).toBe(409);
    expect(verified.json().error).toMatchObject({
      code: 'already_verified',
      message: expect.stringContaining('已实名认证'),
    });
    expect(await requestCount()).toBe(1);
  });

  it('two submissions at once create one pending request; the index refuses a second pending row', async () => {
    const results = await Promise.all([
      submit(bjPerson, [idFront(), idBack()]),
      submit(bjPerson, [idFront(JPEG), idBack(PNG)]),
    ]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    expect(await requestCount(bjPerson.accountId)).toBe(1);
    const row = await ctx.handle.db
      .selectFrom('real_name_request')
      .selectAll()
      .where('account_id', '=', bjPerson.accountId)
      .executeTakeFirstOrThrow();
    const { id: _id, submitted_at: _s, decided_at: _d, status: _st, ...copy } = row;
    await expect(ctx.handle.db.insertInto('real_name_request').values(copy).execute()).rejects.toThrow();
  });

  it('lists the province queue with masked ID numbers; other provinces and kinds of staff see nothing', async () => {
    const res = await get(henanAdmin, '/api/v1/staff/real-name/requests?status=pending');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ total: 1, page: 1 });
    expect(res.json().items[0]).toMatchObject({
      id: liSiRequest,
      status: 'pending',
      applicant: {
        kind: 'person',
        name: '李四',
        idNumberMasked: `${HENAN_UNVERIFIABLE.slice(0, 4)}**********${HENAN_UNVERIFIABLE.slice(-4)}`,
        region: { code: '410000', name: '河南省' },
        phoneMasked: '136****0001',
      },
    });
    expect(res.body).not.toContain(HENAN_UNVERIFIABLE);
    expect(res.body).not.toContain('13600000001');
    const beijing = await get(beijingAdmin, '/api/v1/staff/real-name/requests');
    expect(beijing.json().items.map((i: { applicant: { name: string } }) => i.applicant.name)).toEqual(['钱二']);
    const national = await get(nationalAdmin, '/api/v1/staff/real-name/requests');
    expect(national.json().total).toBe(2);
    expect((await get(reviewer, '/api/v1/staff/real-name/requests')).statusCode).toBe(403);
    expect((await get(liSi, '/api/v1/staff/real-name/requests')).statusCode).toBe(403);
    const bad = await get(henanAdmin, '/api/v1/staff/real-name/requests?status=done&page=0');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields.map((f: { path: string }) => f.path)).toEqual(['status', 'page']);
  });

  it('serves the files to staff in scope only, inline, never cached', async () => {
    const file = await get(henanAdmin, `/api/v1/staff/real-name/requests/${liSiRequest}/files/idBack`);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('image/jpeg');
    expect(file.headers['content-disposition']).toMatch(/^inline; filename\*=UTF-8''/);
    expect(file.headers['cache-control']).toBe('private, no-store');
    expect(file.headers['content-security-policy']).toMatch(/default-src 'none'.*; sandbox$/);
    expect(file.rawPayload.equals(JPEG)).toBe(true);
    expect((await get(beijingAdmin, `/api/v1/staff/real-name/requests/${liSiRequest}/files/idBack`)).statusCode).toBe(
      404,
    );
    expect(
      (await get(henanAdmin, `/api/v1/staff/real-name/requests/${liSiRequest}/files/businessLicence`)).statusCode,
    ).toBe(404);
    expect((await get(henanAdmin, `/api/v1/staff/real-name/requests/${liSiRequest}/files/x`)).statusCode).toBe(404);
    expect((await get(reviewer, `/api/v1/staff/real-name/requests/${liSiRequest}/files/idBack`)).statusCode).toBe(403);
  });

  it('refuses a decision from another province (404), from a reviewer (403), a rejection without a reason (400)', async () => {
    const other = await decide(beijingAdmin, liSiRequest, { decision: 'approve' });
    expect(other.statusCode).toBe(404);
    expect((await decide(reviewer, liSiRequest, { decision: 'approve' })).statusCode).toBe(403);
    const noReason = await decide(henanAdmin, liSiRequest, { decision: 'reject' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.fields).toEqual([{ path: 'reason', message: expect.stringMatching(/^不通过原因：/) }]);
    const short = await decide(henanAdmin, liSiRequest, { decision: 'reject', reason: '太模糊' });
    expect(short.statusCode).toBe(400);
    const bad = await decide(henanAdmin, liSiRequest, { decision: 'maybe' });
    expect(bad.json().error.fields[0].path).toBe('decision');
    expect(await realNameStatus(liSi.accountId)).toBe('pending');
  });

  it('approves: account verified, audit, in-app message and SMS; a second decision is 409', async () => {
    const res = await decide(henanAdmin, liSiRequest, { decision: 'approve' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'approved', decidedBy: henanAdmin.accountId });
    expect(await realNameStatus(liSi.accountId)).toBe('verified');
    const messages = await ctx.handle.db
      .selectFrom('message')
      .selectAll()
      .where('account_id', '=', liSi.accountId)
      .where('category', '=', 'realName')
      .execute();
    expect(messages).toEqual([
      expect.objectContaining({ category: 'realName', title: '实名认证人工核验已通过', link: '/account/real-name' }),
    ]);
    const [sms] = await readOutbox(ctx.handle.db, '13600000001', 1);
    expect(sms?.body).toContain('已通过人工核验');
    const audit = await ctx.handle.db
      .selectFrom('audit_event')
      .selectAll()
      .where('action', '=', 'realName.approved')
      .execute();
    expect(audit).toEqual([
      expect.objectContaining({ actor: `account:${henanAdmin.accountId}`, subject: `realNameRequest:${liSiRequest}` }),
    ]);
    const twice = await decide(nationalAdmin, liSiRequest, { decision: 'reject', reason: '照片不清晰，请重新上传' });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error).toMatchObject({ code: 'already_decided', message: expect.stringContaining('已通过') });
    expect(await realNameStatus(liSi.accountId)).toBe('verified');
    expect((await get(liSi, '/api/v1/real-name')).json()).toMatchObject({
      realNameStatus: 'verified',
      canSubmit: false,
    });
  });

  it('rejects with the reason shown to the applicant, who may then submit again', async () => {
    const [pending] = (await get(beijingAdmin, '/api/v1/staff/real-name/requests?status=pending')).json().items;
    const res = await decide(beijingAdmin, pending.id, {
      decision: 'reject',
      reason: '  身份证照片不清晰，请重新拍摄  ',
    });
    expect(res.statusCode).toBe(200);
    expect(await realNameStatus(bjPerson.accountId)).toBe('rejected');
    const own = (await get(bjPerson, '/api/v1/real-name')).json();
    expect(own).toMatchObject({
      realNameStatus: 'rejected',
      canSubmit: true,
      latest: { status: 'rejected', reason: '身份证照片不清晰，请重新拍摄' },
    });
    const [sms] = await readOutbox(ctx.handle.db, '13600000003', 1);
    expect(sms?.body).toContain('未通过人工核验');
    expect((await submit(bjPerson, [idFront(), idBack()])).statusCode).toBe(201);
  });

  it('two staff deciding at once: exactly one wins', async () => {
    const [pending] = (await get(nationalAdmin, '/api/v1/staff/real-name/requests?status=pending')).json().items;
    const results = await Promise.all([
      decide(beijingAdmin, pending.id, { decision: 'approve' }),
      decide(nationalAdmin, pending.id, { decision: 'reject', reason: '与登记信息不一致，请核对' }),
    ]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const decided = await ctx.handle.db
      .selectFrom('audit_event')
      .select('action')
      .where('subject', '=', `realNameRequest:${pending.id}`)
      .where('action', 'in', ['realName.approved', 'realName.rejected'])
      .execute();
    expect(decided).toHaveLength(1);
  });

  it('a legal person uploads the sealed licence; its province decides by the registered region', async () => {
    const missing = await submit(unit, [idFront(), idBack()]);
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.fields).toEqual([
      { path: 'businessLicence', message: '加盖单位公章的营业执照扫描件：请上传文件' },
    ]);
    const res = await submit(unit, [
      idFront(),
      idBack(),
      { field: 'businessLicence', fileName: '营业执照.pdf', type: 'application/pdf', bytes: PDF },
    ]);
    expect(res.statusCode).toBe(201);
    const list = (await get(henanAdmin, '/api/v1/staff/real-name/requests?status=pending')).json();
    expect(list.items).toEqual([
      expect.objectContaining({
        id: res.json().id,
        applicant: expect.objectContaining({
          kind: 'legalPerson',
          name: '河南示例科技有限公司（测试未登记）',
          uscc: USCC,
          legalRepName: '王五',
          idNumberMasked: `${LEGAL_REP_ID.slice(0, 4)}**********${LEGAL_REP_ID.slice(-4)}`,
          region: { code: '410105', name: expect.any(String) },
        }),
      }),
    ]);
    expect(JSON.stringify(list)).not.toContain(LEGAL_REP_ID);
    expect(list.items[0].files).toContainEqual({
      field: 'businessLicence',
      label: '营业执照扫描件',
      fileName: '营业执照.pdf',
      mediaType: 'application/pdf',
    });
    const licence = await get(henanAdmin, `/api/v1/staff/real-name/requests/${res.json().id}/files/businessLicence`);
    expect(licence.headers['content-type']).toBe('application/pdf');
    expect((await decide(beijingAdmin, res.json().id, { decision: 'approve' })).statusCode).toBe(404);
    expect((await decide(henanAdmin, res.json().id, { decision: 'approve' })).statusCode).toBe(200);
    expect(await realNameStatus(unit.accountId)).toBe('verified');
  });

  it('the audit trail holds no ID or phone number in clear and its chain is intact', async () => {
    const audit = JSON.stringify(await ctx.handle.db.selectFrom('audit_event').selectAll().execute());
    for (const secret of [HENAN_UNVERIFIABLE, BEIJING_UNVERIFIABLE, LEGAL_REP_ID, '13600000001', '13600000003']) {
      expect(audit).not.toContain(secret);
    }
    expect((await verifyAuditChain(ctx.handle.db)).ok).toBe(true);
  });
});
