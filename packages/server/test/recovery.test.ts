import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import type { App } from '../src/app.js';
import { verifyAuditChain } from '../src/platform/audit.js';
import { readOutbox } from '../src/platform/notifications/sms.js';
import {
  adminRoles,
  AGENT_ID,
  as,
  buildTestApp,
  type FormPart,
  idNumber,
  JPEG,
  lastSmsCode,
  multipart,
  PASSWORD,
  PDF,
  PNG,
  registerLegalPerson,
  registerPerson,
  requestSmsCode,
  type Session,
  sessionOf,
  signedInStaff,
  signIn,
  signInRequest,
  type StaffRoles,
  uscc,
} from './helpers/actors.js';
import { describeEachDatabase } from './helpers/databases.js';

const PERSON_ID = idNumber('41010519900307123');
const BEIJING_ID = idNumber('11010519850101123');
const USCC = uscc('91410100MA0000021');

describeEachDatabase('account recovery and login hardening', (ctx) => {
  let app: App;
  let henanAdmin: Session;
  let beijingAdmin: Session;
  let nationalAdmin: Session;

  const db = () => ctx.handle.db;
  const clearLimits = () => sql`delete from rate_limit_counter`.execute(db());
  const lastCode = (phone: string) => lastSmsCode(db(), phone);
  const smsCode = async (phone: string, purpose: string) => {
    await clearLimits();
    return requestSmsCode(app, db(), phone, purpose);
  };
  const loginRaw = (identifier: string, password: string, extra: Record<string, unknown> = {}) =>
    signInRequest(app, { identifier, password, ...extra });
  const login = (identifier: string, password = PASSWORD): Promise<Session> => signIn(app, identifier, { password });
  const alive = async (s: Session) =>
    (await app.inject({ url: '/api/v1/session', headers: { cookie: s.cookie } })).statusCode === 200;
  const person = async (loginName: string, name: string, id: string, phone: string) =>
    registerPerson(app, db(), {
      loginName,
      name,
      idNumber: id,
      phone,
      idValidTo: '2035-01-01',
      smsCode: await smsCode(phone, 'register'),
    });
  const staff = (loginName: string, phone: string, roles: StaffRoles) =>
    signedInStaff(app, { loginName, phone, roles });

  beforeAll(async () => {
    app = await buildTestApp(ctx.handle);
    await app.regions.seed();
    await person('wang_wu', '王五', PERSON_ID, '13800000001');
    await person('bj_person', '钱七', BEIJING_ID, '13800000002');
    await registerLegalPerson(app, db(), {
      loginName: 'hnkj_2026',
      unitName: '河南找回科技有限公司',
      uscc: USCC,
      legalRepName: '孙八',
      agentName: '赵六',
      agentIdValidTo: '2031-05-01',
      agentPhone: '13800000003',
      smsCode: await smsCode('13800000003', 'register'),
    });
    henanAdmin = await staff('henan_admin', '13900000001', adminRoles('provinceAdmin', '410000'));
    beijingAdmin = await staff('beijing_admin', '13900000002', adminRoles('provinceAdmin', '110000'));
    nationalAdmin = await staff('nation_admin', '13900000003', adminRoles('nationalAdmin'));
    await clearLimits();
  });

  const startReset = (loginName: string) =>
    app.inject({ method: 'POST', url: '/api/v1/password-resets/start', payload: { loginName } });
  const reset = (payload: Record<string, unknown>) =>
    app.inject({ method: 'POST', url: '/api/v1/password-resets', payload });

  it('resets a password by login name and SMS: wrong, expired and reused codes refused; lockout cleared; sessions revoked', async () => {
    const s1 = await login('wang_wu');
    const s2 = await login('13800000001');
    for (let i = 0; i < 5; i++) await loginRaw('wang_wu', 'Wrong#Pass1');
    expect((await loginRaw('wang_wu', PASSWORD)).statusCode).toBe(423);

    const outboxBefore = (await readOutbox(db())).length;
    const unknown = await startReset('no_such_person');
    expect(unknown.statusCode).toBe(202);
    expect((await readOutbox(db())).length).toBe(outboxBefore);
    const started = await startReset('WANG_WU');
    expect(started.statusCode).toBe(202);
    expect(started.json().phone).toBe('138****0001');
    // The same shape and the same form of message, whether or not the login name exists.
    expect(Object.keys(unknown.json()).sort()).toEqual(Object.keys(started.json()).sort());
    expect(unknown.json().phone).toMatch(/^1\d{2}\*{4}\d{4}$/);
    expect(unknown.json().message.replace(unknown.json().phone, 'X')).toBe(
      started.json().message.replace(started.json().phone, 'X'),
    );
    expect((await startReset('no_such_person')).statusCode).toBe(429); // once a minute per login name
    expect((await startReset('wang_wu')).statusCode).toBe(429);

    const code = await lastCode('13800000001');
    const wrong = await reset({
      loginName: 'wang_wu',
      smsCode: code === '000000' ? '111111' : '000000',
      newPassword: 'Renewed#2026',
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.fields).toEqual([{ path: 'smsCode', message: '短信验证码：验证码不正确' }]);
    const weak = await reset({ loginName: 'wang_wu', smsCode: code, newPassword: 'abc' });
    expect(weak.json().error.fields.map((f: { path: string }) => f.path)).toEqual(['newPassword']);
    await sql`update sms_code set expires_at = now() - interval '1 minute' where phone = '13800000001'`.execute(db());
    const expired = await reset({ loginName: 'wang_wu', smsCode: code, newPassword: 'Renewed#2026' });
    expect(expired.json().error.fields[0].message).toContain('已过期');

    await clearLimits();
    expect((await startReset('wang_wu')).statusCode).toBe(202);
    const same = await reset({ loginName: 'wang_wu', smsCode: await lastCode('13800000001'), newPassword: PASSWORD });
    expect(same.json().error.fields[0]).toMatchObject({ path: 'newPassword' });
    expect(same.json().error.fields[0].message).toContain('不能与原密码相同');

    await clearLimits();
    expect((await startReset('wang_wu')).statusCode).toBe(202);
    const fresh = await lastCode('13800000001');
    const ok = await reset({ loginName: 'wang_wu', smsCode: fresh, newPassword: 'Renewed#2026' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().sessionsRevoked).toBe(2);
    const reused = await reset({ loginName: 'wang_wu', smsCode: fresh, newPassword: 'Another#2026' });
    expect(reused.json().error.fields[0].message).toContain('已使用');

    expect(await alive(s1)).toBe(false);
    expect(await alive(s2)).toBe(false);
    expect((await loginRaw('wang_wu', PASSWORD)).statusCode).toBe(401);
    await login('wang_wu', 'Renewed#2026'); // the lockout is gone
    const [notice] = await readOutbox(db(), '13800000001', 1);
    expect(notice?.body).toContain('您的密码已重置');
    const messages = await db().selectFrom('message').select('title').execute();
    expect(messages.map((m) => m.title)).toContain('您的密码已重置');
  });

  it('looks accounts up by USCC or phone with masked hints only', async () => {
    const byUscc = await app.inject({ method: 'POST', url: '/api/v1/accounts/lookup', payload: { uscc: USCC } });
    expect(byUscc.statusCode).toBe(200);
    expect(byUscc.json().legalPerson).toEqual({
      loginName: 'hn***26',
      unitName: '河南找回科技有限公司',
      agentPhone: '138****0003',
      realNameStatus: 'verified',
    });
    const byAgentPhone = await app.inject({
      method: 'POST',
      url: '/api/v1/accounts/lookup',
      payload: { phone: '13800000003' },
    });
    expect(byAgentPhone.json()).toMatchObject({ person: null, legalPersons: [{ unitName: '河南找回科技有限公司' }] });
    const byPersonPhone = await app.inject({
      method: 'POST',
      url: '/api/v1/accounts/lookup',
      payload: { phone: '13800000001' },
    });
    expect(byPersonPhone.json().person).toEqual({ loginName: 'wa***wu', realNameStatus: 'verified' });
    for (const res of [byUscc, byAgentPhone, byPersonPhone]) {
      expect(res.body).not.toMatch(/hnkj_2026|wang_wu|13800000001|13800000003/);
    }
    const none = await app.inject({
      method: 'POST',
      url: '/api/v1/accounts/lookup',
      payload: { uscc: uscc('91410100MA0000099') },
    });
    expect(none.json().legalPerson).toBeNull();
    const bad = await app.inject({ method: 'POST', url: '/api/v1/accounts/lookup', payload: { phone: '123' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields[0].message).toMatch(/^手机号码：/);
    const both = await app.inject({ method: 'POST', url: '/api/v1/accounts/lookup', payload: {} });
    expect(both.statusCode).toBe(400);
    for (let i = 0; i < 20; i++) {
      await app.inject({ method: 'POST', url: '/api/v1/accounts/lookup', payload: { uscc: USCC } });
    }
    expect(
      (await app.inject({ method: 'POST', url: '/api/v1/accounts/lookup', payload: { uscc: USCC } })).statusCode,
    ).toBe(429);
    await clearLimits();
  });

  const personAppeal = (over: Record<string, string> = {}, files: FormPart[] | null = null) => [
    ...Object.entries({
      accountKind: 'person',
      name: '王五',
      idNumber: PERSON_ID,
      newPhone: '13700000011',
      reason: '原手机号码已停用，无法接收验证码',
      ...over,
    }).map(([field, value]) => ({ field, value })),
    ...(files ?? [
      { field: 'idFront', fileName: '人像面.png', bytes: PNG },
      { field: 'idBack', fileName: '国徽面.jpg', bytes: JPEG },
    ]),
  ];
  const submitAppeal = (parts: FormPart[]) => {
    const form = multipart(parts);
    return app.inject({ method: 'POST', url: '/api/v1/appeals', headers: form.headers, payload: form.payload });
  };
  const appealCount = async () =>
    Number(
      (
        await db()
          .selectFrom('account_appeal')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('refuses appeals with a mismatched identity, bad files or a wrong code, writing nothing', async () => {
    const code = await smsCode('13700000011', 'appeal');
    const mismatch = await submitAppeal(personAppeal({ name: '王六', smsCode: code }));
    expect(mismatch.statusCode).toBe(422);
    expect(mismatch.json().error.code).toBe('identity_mismatch');
    expect(mismatch.body).not.toContain('王五');
    const fake = await submitAppeal(
      personAppeal({ smsCode: code }, [
        { field: 'idFront', fileName: 'id.png', bytes: Buffer.from('not an image at all') },
        { field: 'idBack', fileName: 'back.jpg', bytes: PDF },
      ]),
    );
    expect(fake.statusCode).toBe(400);
    expect(fake.json().error.fields.map((f: { path: string }) => f.path)).toEqual(['idFront', 'idBack']);
    expect(fake.json().error.fields[1].message).toContain('身份证国徽面：仅支持 JPG、PNG 格式');
    const big = await submitAppeal(
      personAppeal({ smsCode: code }, [
        { field: 'idFront', fileName: 'big.png', bytes: Buffer.concat([PNG, Buffer.alloc(1024 * 1024)]) },
        { field: 'idBack', fileName: 'back.jpg', bytes: JPEG },
      ]),
    );
    expect(big.json().error.fields[0].message).toContain('不能超过1MB');
    const legalNoLetter = await submitAppeal([
      ...personAppeal({ accountKind: 'legalPerson', name: '赵六', idNumber: AGENT_ID, smsCode: code }),
      { field: 'unitName', value: '河南找回科技有限公司' },
      { field: 'uscc', value: USCC },
    ]);
    expect(legalNoLetter.json().error.fields.map((f: { path: string }) => f.path)).toEqual(['letter', 'licence']);
    const wrongCode = await submitAppeal(personAppeal({ smsCode: code === '000000' ? '111111' : '000000' }));
    expect(wrongCode.json().error.fields).toEqual([{ path: 'smsCode', message: '短信验证码：验证码不正确' }]);
    const takenPhone = await submitAppeal(personAppeal({ newPhone: '13800000002', smsCode: code }));
    expect(takenPhone.json().error.fields[0].path).toBe('newPhone');
    expect(await appealCount()).toBe(0);
  });

  let personAppealId = 0;
  let personReceipt = '';

  it('accepts a natural person appeal with a receipt; the applicant follows it by receipt and phone', async () => {
    const code = await smsCode('13700000011', 'appeal');
    const res = await submitAppeal(personAppeal({ smsCode: code }));
    expect(res.statusCode, res.body).toBe(201);
    personReceipt = res.json().receipt;
    expect(personReceipt).toMatch(/^SS\d{8}\d{5}$/);
    const row = await db()
      .selectFrom('account_appeal')
      .selectAll()
      .where('receipt', '=', personReceipt)
      .executeTakeFirstOrThrow();
    personAppealId = Number(row.id);
    expect(row.province_code).toBe('410000');
    const status = await app.inject({ url: `/api/v1/appeals/${personReceipt}?phone=13700000011` });
    expect(status.json()).toMatchObject({ receipt: personReceipt, status: 'pending', reason: null });
    expect((await app.inject({ url: `/api/v1/appeals/${personReceipt}?phone=13700000012` })).statusCode).toBe(404);
    const again = await submitAppeal(personAppeal({ smsCode: await smsCode('13700000011', 'appeal') }));
    expect(again.statusCode).toBe(409);
    const audit = JSON.stringify(await db().selectFrom('audit_event').selectAll().execute());
    expect(audit).not.toContain(PERSON_ID);
    expect(audit).not.toContain('13700000011');
  });

  it('only the right staff see and decide appeals; approval rebinds the phone; a second decision is 409', async () => {
    const list = (s: Session) => as(app, s)('GET', '/api/v1/staff/appeals').then((r) => r.json());
    expect((await list(beijingAdmin)).items).toEqual([]);
    const henan = await list(henanAdmin);
    expect(henan.items).toHaveLength(1);
    expect(henan.items[0]).toMatchObject({
      receipt: personReceipt,
      applicantIdNumber: '4101**********' + PERSON_ID.slice(-4),
      newPhone: '137****0011',
    });
    expect(JSON.stringify(henan)).not.toContain(PERSON_ID);
    expect((await list(nationalAdmin)).total).toBe(1);

    const fileUrl = `/api/v1/staff/appeals/${personAppealId}/files/idFront`;
    const file = await as(app, henanAdmin)('GET', fileUrl);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('image/png');
    expect(file.rawPayload.equals(PNG)).toBe(true);
    expect((await as(app, beijingAdmin)('GET', fileUrl)).statusCode).toBe(404);

    const decide = (s: Session, payload: Record<string, unknown>) =>
      as(app, s)('POST', `/api/v1/staff/appeals/${personAppealId}/decision`, payload);
    expect((await decide(beijingAdmin, { decision: 'approve' })).statusCode).toBe(404);
    const noReason = await decide(henanAdmin, { decision: 'reject' });
    expect(noReason.json().error.fields).toEqual([{ path: 'reason', message: '不通过理由：请填写（将告知申诉人）' }]);

    const victim = await login('wang_wu', 'Renewed#2026');
    const approved = await decide(henanAdmin, { decision: 'approve' });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json().status).toBe('approved');
    expect((await decide(nationalAdmin, { decision: 'reject', reason: '材料不清晰' })).statusCode).toBe(409);

    const account = await db()
      .selectFrom('account')
      .select(['phone'])
      .where('login_name_key', '=', 'wang_wu')
      .executeTakeFirstOrThrow();
    expect(account.phone).toBe('13700000011');
    expect(await alive(victim)).toBe(false);
    const [sms] = await readOutbox(db(), '13700000011', 1);
    expect(sms?.body).toContain('登录名：wang_wu');
    expect(sms?.body).toContain('忘记密码');
    const status = await app.inject({ url: `/api/v1/appeals/${personReceipt}?phone=13700000011` });
    expect(status.json().status).toBe('approved');
    await clearLimits();
    expect((await startReset('wang_wu')).json().phone).toBe('137****0011');
    expect((await verifyAuditChain(db())).ok).toBe(true);
  });

  it('a legal-person appeal needs the letter and licence, goes to the province of the enterprise, and rebinds the agent phone', async () => {
    const code = await smsCode('13700000021', 'appeal');
    const base = [
      { field: 'accountKind', value: 'legalPerson' },
      { field: 'name', value: '周九' },
      { field: 'idNumber', value: AGENT_ID },
      { field: 'newPhone', value: '13700000021' },
      { field: 'reason', value: '主代办人离职，手机号码无法使用' },
      { field: 'smsCode', value: code },
      { field: 'idFront', fileName: 'f.png', bytes: PNG },
      { field: 'idBack', fileName: 'b.png', bytes: PNG },
      { field: 'letter', fileName: '申诉函.pdf', bytes: PDF },
      { field: 'licence', fileName: '执照.jpg', bytes: JPEG },
    ];
    const mismatch = await submitAppeal([
      ...base,
      { field: 'unitName', value: '河南别的科技有限公司' },
      { field: 'uscc', value: USCC },
    ]);
    expect(mismatch.statusCode).toBe(422);
    const res = await submitAppeal([
      ...base,
      { field: 'unitName', value: '河南找回科技有限公司' },
      { field: 'uscc', value: USCC },
    ]);
    expect(res.statusCode, res.body).toBe(201);
    const row = await db()
      .selectFrom('account_appeal')
      .select(['id', 'province_code'])
      .where('receipt', '=', res.json().receipt)
      .executeTakeFirstOrThrow();
    expect(row.province_code).toBe('410000');
    const letter = await as(app, nationalAdmin)('GET', `/api/v1/staff/appeals/${row.id}/files/letter`);
    expect(letter.headers['content-type']).toBe('application/pdf');
    const decided = await as(app, henanAdmin)('POST', `/api/v1/staff/appeals/${row.id}/decision`, {
      decision: 'approve',
    });
    expect(decided.statusCode, decided.body).toBe(200);
    const enterprise = await db()
      .selectFrom('enterprise')
      .innerJoin('account', 'account.id', 'enterprise.account_id')
      .select(['enterprise.agent_phone', 'account.phone'])
      .where('enterprise.uscc', '=', USCC)
      .executeTakeFirstOrThrow();
    expect(enterprise).toEqual({ agent_phone: '13700000021', phone: '13700000021' });
    const rejectedOther = await as(app, henanAdmin)('GET', '/api/v1/staff/appeals?status=rejected');
    expect(rejectedOther.json().total).toBe(0);
    const asPerson = await login('bj_person');
    expect((await as(app, asPerson)('GET', '/api/v1/staff/appeals')).statusCode).toBe(403);
  });

  it('login with an SMS code when enabled: the code is required, wrong codes count towards the lockout', async () => {
    await clearLimits();
    const s = await login('bj_person');
    const toggle = (payload: Record<string, unknown>) => as(app, s)('PUT', '/api/v1/account/security', payload);
    const wrongPassword = await toggle({ loginSmsRequired: true, password: 'Wrong#Pass1' });
    expect(wrongPassword.json().error.fields).toEqual([{ path: 'password', message: '当前密码：不正确' }]);
    const on = await toggle({ loginSmsRequired: true, password: PASSWORD });
    expect(on.json()).toEqual({ loginSmsRequired: true, phone: '138****0002' });

    const first = await loginRaw('bj_person', PASSWORD);
    expect(first.statusCode).toBe(401);
    expect(first.json().error.code).toBe('sms_required');
    expect(first.json().error.message).toContain('138****0002');
    const code = await lastCode('13800000002');
    expect((await loginRaw('bj_person', 'Wrong#Pass1')).json().error.code).toBe('invalid_credentials');
    const wrongCode = code === '000000' ? '111111' : '000000';
    const bad = await loginRaw('bj_person', PASSWORD, { smsCode: wrongCode });
    expect(bad.json().error.code).toBe('invalid_sms_code');
    expect(bad.json().error.message).toContain('再错3次');
    const good = await loginRaw('bj_person', PASSWORD, { smsCode: code });
    expect(good.statusCode, good.body).toBe(200);

    // Five wrong codes lock the account like five wrong passwords.
    await clearLimits();
    await loginRaw('bj_person', PASSWORD);
    for (let i = 0; i < 4; i++) {
      expect((await loginRaw('bj_person', PASSWORD, { smsCode: wrongCode })).statusCode).toBe(401);
    }
    expect((await loginRaw('bj_person', PASSWORD, { smsCode: wrongCode })).statusCode).toBe(423);
    expect((await loginRaw('bj_person', PASSWORD, { smsCode: code })).statusCode).toBe(423);
    await sql`update account set locked_until = null, failed_logins = 0 where login_name_key = 'bj_person'`.execute(
      db(),
    );

    const s2 = sessionOf(good);
    const off = await as(app, s2)('PUT', '/api/v1/account/security', { loginSmsRequired: false, password: PASSWORD });
    expect(off.json().loginSmsRequired).toBe(false);
    expect((await loginRaw('bj_person', PASSWORD)).statusCode).toBe(200);
  });

  it('changes the password with the current one; other sessions end, this one stays', async () => {
    await clearLimits();
    const here = await login('bj_person');
    const elsewhere = await login('bj_person');
    const change = (payload: Record<string, unknown>) => as(app, here)('POST', '/api/v1/account/password', payload);
    const wrong = await change({ currentPassword: 'Wrong#Pass1', newPassword: 'Changed#2026' });
    expect(wrong.json().error.fields).toEqual([{ path: 'currentPassword', message: '当前密码：不正确' }]);
    const same = await change({ currentPassword: PASSWORD, newPassword: PASSWORD });
    expect(same.json().error.fields[0].message).toBe('新密码：不能与当前密码相同');
    const weak = await change({ currentPassword: PASSWORD, newPassword: 'short' });
    expect(weak.json().error.fields[0].path).toBe('newPassword');
    const ok = await change({ currentPassword: PASSWORD, newPassword: 'Changed#2026' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().otherSessionsRevoked).toBeGreaterThanOrEqual(1);
    expect(await alive(here)).toBe(true);
    expect(await alive(elsewhere)).toBe(false);
    await login('bj_person', 'Changed#2026');
    const noCsrf = await app.inject({
      method: 'POST',
      url: '/api/v1/account/password',
      headers: { cookie: here.cookie },
      payload: { currentPassword: 'Changed#2026', newPassword: 'Changed#2027' },
    });
    expect(noCsrf.statusCode).toBe(403);
  });
});
