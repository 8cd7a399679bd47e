import { beforeAll, expect, it } from 'vitest';
import type { App } from '../src/app.js';
import { seedDemoAccounts } from '../src/modules/demo/seed.js';
import { readOutbox } from '../src/platform/notifications/sms.js';
import {
  AGENT_ID,
  as,
  buildTestApp,
  idNumber,
  type Method,
  registerLegalPerson,
  registerPerson,
  requestSmsCode,
  type Session,
  signIn as signInWith,
  uscc,
} from './helpers/actors.js';
import { describeEachDatabase } from './helpers/databases.js';

const USCC = uscc('91410100MA0000777');
const OTHER_USCC = uscc('91410100MA0000888');

describeEachDatabase('agents and the enterprise profile', (ctx) => {
  let app: App;
  let owner: Session;
  let agent: Session;
  let stranger: Session;
  let grantId: number;
  let enterpriseId: number;

  const code = (phone: string, purpose = 'register') => requestSmsCode(app, ctx.handle.db, phone, purpose);
  const person = (loginName: string, name: string, id: string, phone: string) =>
    registerPerson(app, ctx.handle.db, { loginName, name, idNumber: id, phone });
  const legalPerson = (loginName: string, creditCode: string, unitName: string, phone: string) =>
    registerLegalPerson(app, ctx.handle.db, { loginName, uscc: creditCode, unitName, agentPhone: phone });
  const signIn = (identifier: string) => signInWith(app, identifier);
  const call = (who: Session, method: Method, url: string, payload?: unknown) => as(app, who)(method, url, payload);

  beforeAll(async () => {
    app = await buildTestApp(ctx.handle);
    await app.regions.seed();
    await legalPerson('ag_owner', USCC, '郑州代办测试科技有限公司', '13600000001');
    await legalPerson('ag_other', OTHER_USCC, '郑州另一测试科技有限公司', '13600000009');
    await person('ag_agent', '李晓梅', AGENT_ID, '13600000002');
    await person('ag_unverified', '赵六', idNumber('41010519900307999'), '13600000003');
    await person('ag_stranger', '钱七', idNumber('41010519910101123'), '13600000004');
    owner = await signIn('ag_owner');
    agent = await signIn('ag_agent');
    stranger = await signIn('ag_stranger');
    const e = await ctx.handle.db
      .selectFrom('enterprise')
      .select('id')
      .where('uscc', '=', USCC)
      .executeTakeFirstOrThrow();
    enterpriseId = Number(e.id);
  });

  it('refuses a grant with every bad field named, and one same refusal for a wrong name, an unverified or unknown person', async () => {
    const empty = await call(owner, 'POST', '/api/v1/enterprise/agents', { phone: '123' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.fields.map((f: { path: string }) => f.path)).toEqual(['phone', 'name']);
    expect(empty.json().error.fields[0].message).toMatch(/^手机号码：/);

    const refusals = await Promise.all([
      call(owner, 'POST', '/api/v1/enterprise/agents', { loginName: 'ag_agent', name: '李小梅' }),
      call(owner, 'POST', '/api/v1/enterprise/agents', { loginName: 'ag_unverified', name: '赵六' }),
      call(owner, 'POST', '/api/v1/enterprise/agents', { phone: '13600000099', name: '李晓梅' }),
    ]);
    const messages = refusals.map((r) => {
      expect(r.statusCode).toBe(400);
      return r.json().error.fields[0].message as string;
    });
    expect(messages[0]).toMatch(/^代办人：未找到.*已实名认证/);
    expect(new Set(messages).size).toBe(1);
    const grants = await ctx.handle.db.selectFrom('agent_grant').selectAll().execute();
    expect(grants).toHaveLength(0);
  });

  it('grants a verified person by login name; the person is told in-app and by SMS; duplicates are 409', async () => {
    const r = await call(owner, 'POST', '/api/v1/enterprise/agents', {
      loginName: 'AG_AGENT',
      name: '李晓梅',
      note: '负责评价填报',
    });
    expect(r.statusCode).toBe(201);
    expect(r.json()).toMatchObject({ name: '李晓梅', phone: '136****0002', note: '负责评价填报' });
    expect(r.json().grantedBy).toBe('郑州代办测试科技有限公司');
    grantId = r.json().id;

    const again = await call(owner, 'POST', '/api/v1/enterprise/agents', { phone: '13600000002', name: '李晓梅' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toContain('已是本单位的代办人');

    const list = await call(owner, 'GET', '/api/v1/enterprise/agents');
    expect(list.json().agents).toEqual([
      expect.objectContaining({ id: grantId, name: '李晓梅', phone: '136****0002' }),
    ]);

    const [sms] = await readOutbox(ctx.handle.db, '13600000002', 1);
    expect(sms?.body).toContain('郑州代办测试科技有限公司已授权您作为代办人');
    const inbox = await ctx.handle.db
      .selectFrom('message')
      .innerJoin('account', 'account.id', 'message.account_id')
      .select(['message.title', 'message.category'])
      .where('account.login_name_key', '=', 'ag_agent')
      .execute();
    expect(inbox).toContainEqual({ title: '您已被授权为企业代办人', category: 'agent' });
    const audit = await ctx.handle.db
      .selectFrom('audit_event')
      .selectAll()
      .where('action', '=', 'agents.granted')
      .executeTakeFirstOrThrow();
    expect(audit.subject).toBe(`agentGrant:${grantId}`);
    expect(JSON.stringify(audit)).not.toContain('13600000002');
  });

  it('a natural person who is not an agent cannot act for the enterprise nor manage its agents', async () => {
    expect((await call(stranger, 'GET', '/api/v1/agent/enterprises')).json().enterprises).toEqual([]);
    const choose = await call(stranger, 'PUT', '/api/v1/session/acting-for', { enterpriseId });
    expect(choose.statusCode).toBe(404);
    const bad = await call(stranger, 'PUT', '/api/v1/session/acting-for', { enterpriseId: 'x' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields[0].path).toBe('enterpriseId');
    expect((await call(stranger, 'GET', '/api/v1/enterprise')).statusCode).toBe(404);
    expect(
      (await call(stranger, 'POST', '/api/v1/enterprise/agents', { loginName: 'x', name: '某某' })).statusCode,
    ).toBe(403);
    // A legal person does not choose an enterprise to act for.
    expect((await call(owner, 'PUT', '/api/v1/session/acting-for', { enterpriseId })).statusCode).toBe(403);
  });

  it('the agent chooses the enterprise, acts for it (audit on_behalf_of), sees its profile, but cannot grant or change the phone', async () => {
    const mine = await call(agent, 'GET', '/api/v1/agent/enterprises');
    expect(mine.json().enterprises).toEqual([
      expect.objectContaining({ id: enterpriseId, uscc: USCC, name: '郑州代办测试科技有限公司' }),
    ]);
    const before = await call(agent, 'GET', '/api/v1/session');
    expect(before.json().actingFor).toBeNull();

    const choose = await call(agent, 'PUT', '/api/v1/session/acting-for', { enterpriseId });
    expect(choose.statusCode).toBe(200);
    expect(choose.json().actingFor).toEqual({ id: enterpriseId, uscc: USCC, name: '郑州代办测试科技有限公司' });
    const session = await call(agent, 'GET', '/api/v1/session');
    expect(session.json().actingFor).toEqual({ id: enterpriseId, uscc: USCC, name: '郑州代办测试科技有限公司' });
    expect(session.json().account.kind).toBe('person');

    const audit = await ctx.handle.db
      .selectFrom('audit_event')
      .select(['actor', 'on_behalf_of'])
      .where('action', '=', 'agents.actingForChosen')
      .executeTakeFirstOrThrow();
    expect(audit.on_behalf_of).toBe(`enterprise:${USCC}`);
    expect(audit.actor).toMatch(/^account:\d+$/);

    const profile = await call(agent, 'GET', '/api/v1/enterprise');
    expect(profile.statusCode).toBe(200);
    expect(profile.json()).toMatchObject({
      uscc: USCC,
      name: '郑州代办测试科技有限公司',
      unitType: 'enterpriseLegalPerson',
      region: { code: '410105', name: '金水区' },
      legalRepresentative: { name: '王建国' },
      mainAgent: { name: '李晓梅', phone: '136****0001' },
      realNameStatus: 'verified',
      viewerIsOwner: false,
      agents: [expect.objectContaining({ name: '李晓梅' })],
    });
    expect(profile.json().region.path.map((r: { name: string }) => r.name)).toEqual(['河南省', '郑州市', '金水区']);
    expect(JSON.stringify(profile.json())).not.toContain(AGENT_ID);
    expect(profile.json().mainAgent.idNumber).toMatch(/^4101\*{10}\d{3}[\dX]$/);

    const grant = await call(agent, 'POST', '/api/v1/enterprise/agents', { loginName: 'ag_stranger', name: '钱七' });
    expect(grant.statusCode).toBe(403);
    const revoke = await call(agent, 'DELETE', `/api/v1/enterprise/agents/${grantId}`);
    expect(revoke.statusCode).toBe(403);
    const phone = await call(agent, 'PATCH', '/api/v1/enterprise', { agentPhone: '13600000005', smsCode: '123456' });
    expect(phone.statusCode).toBe(403);
  });

  it('the owner sees the same profile as owner; other enterprises stay out of reach', async () => {
    const profile = await call(owner, 'GET', '/api/v1/enterprise');
    expect(profile.json()).toMatchObject({ uscc: USCC, viewerIsOwner: true });
    const other = await signIn('ag_other');
    expect((await call(other, 'DELETE', `/api/v1/enterprise/agents/${grantId}`)).statusCode).toBe(404);
    expect((await call(owner, 'DELETE', '/api/v1/enterprise/agents/abc')).statusCode).toBe(400);
  });

  it('revoking takes effect on the agent’s very next request, and tells the agent', async () => {
    const r = await call(owner, 'DELETE', `/api/v1/enterprise/agents/${grantId}`);
    expect(r.statusCode).toBe(204);
    expect((await call(agent, 'GET', '/api/v1/enterprise')).statusCode).toBe(404);
    expect((await call(agent, 'GET', '/api/v1/session')).json().actingFor).toBeNull();
    expect((await call(agent, 'GET', '/api/v1/agent/enterprises')).json().enterprises).toEqual([]);
    expect((await call(agent, 'PUT', '/api/v1/session/acting-for', { enterpriseId })).statusCode).toBe(404);
    expect((await call(owner, 'DELETE', `/api/v1/enterprise/agents/${grantId}`)).statusCode).toBe(404);
    const [sms] = await readOutbox(ctx.handle.db, '13600000002', 1);
    expect(sms?.body).toContain('已撤销对您的代办人授权');
    const row = await ctx.handle.db
      .selectFrom('agent_grant')
      .selectAll()
      .where('id', '=', grantId)
      .executeTakeFirstOrThrow();
    expect(row.revoked_at).not.toBeNull();
    // Granting again is a new live grant.
    const again = await call(owner, 'POST', '/api/v1/enterprise/agents', { loginName: 'ag_agent', name: '李晓梅' });
    expect(again.statusCode).toBe(201);
  });

  it('a revoked grant stops a session that still points at the enterprise', async () => {
    const choose = await call(agent, 'PUT', '/api/v1/session/acting-for', { enterpriseId });
    expect(choose.statusCode).toBe(200);
    // Revoked behind the service's back (e.g. another process): the grant check on each request still holds.
    await ctx.handle.db
      .updateTable('agent_grant')
      .set({ revoked_at: new Date().toISOString(), revoked_by: 1 })
      .where('revoked_at', 'is', null)
      .execute();
    expect((await call(agent, 'GET', '/api/v1/session')).json().actingFor).toBeNull();
    expect((await call(agent, 'GET', '/api/v1/enterprise')).statusCode).toBe(404);
  });

  it('changes the main agent’s phone with an SMS code to the new phone, in one transaction with audit', async () => {
    const bad = await call(owner, 'PATCH', '/api/v1/enterprise', { agentPhone: '136', smsCode: '1', name: 'x' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields.map((f: { path: string }) => f.path)).toEqual(['name', 'agentPhone', 'smsCode']);
    const taken = await call(owner, 'PATCH', '/api/v1/enterprise', { agentPhone: '13600000009', smsCode: '123456' });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error.fields[0].path).toBe('agentPhone');

    const smsCode = await code('13600000005', 'changePhone');
    const wrong = await call(owner, 'PATCH', '/api/v1/enterprise', {
      agentPhone: '13600000005',
      smsCode: smsCode === '000000' ? '000001' : '000000',
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.fields[0]).toEqual({ path: 'smsCode', message: '短信验证码：验证码不正确' });

    const ok = await call(owner, 'PATCH', '/api/v1/enterprise', { agentPhone: '13600000005', smsCode });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().mainAgent.phone).toBe('136****0005');
    const stored = await ctx.handle.db
      .selectFrom('enterprise')
      .innerJoin('account', 'account.id', 'enterprise.account_id')
      .select(['enterprise.agent_phone', 'account.phone'])
      .where('enterprise.uscc', '=', USCC)
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({ agent_phone: '13600000005', phone: '13600000005' });
    await signIn('13600000005');
    const [warning] = await readOutbox(ctx.handle.db, '13600000001', 1);
    expect(warning?.body).toContain('主代办人手机号码已变更为136****0005');
    const audit = await ctx.handle.db
      .selectFrom('audit_event')
      .selectAll()
      .where('action', '=', 'enterprises.agentPhoneChanged')
      .executeTakeFirstOrThrow();
    expect(audit.detail).toEqual({ from: '136****0001', to: '136****0005' });
    expect(JSON.stringify(audit)).not.toMatch(/1360000000[15]/);
    // The code is single use.
    const reuse = await call(owner, 'PATCH', '/api/v1/enterprise', { agentPhone: '13600000006', smsCode });
    expect(reuse.statusCode).toBe(400);
  });

  it('the demo seed grants demo_daiban as demo_qiye’s agent, once', async () => {
    await seedDemoAccounts(ctx.handle.db);
    await seedDemoAccounts(ctx.handle.db);
    const grants = await ctx.handle.db
      .selectFrom('agent_grant')
      .innerJoin('account', 'account.id', 'agent_grant.account_id')
      .select('agent_grant.id')
      .where('account.login_name_key', '=', 'demo_daiban')
      .where('agent_grant.revoked_at', 'is', null)
      .execute();
    expect(grants).toHaveLength(1);
    const daiban = await signIn('demo_daiban');
    const [enterprise] = (await call(daiban, 'GET', '/api/v1/agent/enterprises')).json().enterprises;
    expect(enterprise.name).toBe('郑州示例智能科技有限公司');
  });
});
