import Fastify from 'fastify';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app.js';
import { registerAccessControl } from '../src/platform/access.js';
import {
  buildTestApp,
  cookieOf,
  idNumber,
  legalPersonPayload,
  personPayload,
  requestSmsCode,
  signInRequest,
  uscc,
} from './helpers/actors.js';
import { describeEachDatabase } from './helpers/databases.js';

const PERSON_ID = idNumber('41010519900307123');
const UNVERIFIABLE_ID = idNumber('41010519900307999');
const USCC = uscc('91410100MA0000001');

describeEachDatabase('accounts and sessions', (ctx) => {
  let app: App;
  beforeAll(async () => {
    app = await buildTestApp(ctx.handle);
    await app.regions.seed();
  });

  const smsCode = (phone: string) => requestSmsCode(app, ctx.handle.db, phone);
  const person = (over: Record<string, unknown> = {}) => ({
    ...personPayload({
      loginName: 'zhang_san',
      name: '张三',
      idNumber: PERSON_ID,
      phone: '13700000001',
      idValidTo: '2035-01-01',
    }),
    ...over,
  });
  const login = (identifier: string, password: string) => signInRequest(app, { identifier, password });

  it('registers a natural person after the SMS code; real name verified; nothing personal in the audit log', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/accounts/persons',
      payload: person({ smsCode: await smsCode('13700000001') }),
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      kind: 'person',
      loginName: 'zhang_san',
      displayName: '张三',
      phone: '137****0001',
      realNameStatus: 'verified',
    });
    const stored = await ctx.handle.db
      .selectFrom('account')
      .select('password_hash')
      .where('login_name_key', '=', 'zhang_san')
      .executeTakeFirstOrThrow();
    expect(stored.password_hash).toMatch(/^\$argon2id\$/);
    const audit = JSON.stringify(await ctx.handle.db.selectFrom('audit_event').selectAll().execute());
    expect(audit).not.toContain(PERSON_ID);
    expect(audit).not.toContain('13700000001');
  });

  it('reports every bad field at once, in Chinese, and writes nothing', async () => {
    const before = await ctx.handle.db
      .selectFrom('account')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/accounts/persons',
      payload: {
        loginName: '张三',
        password: 'abc',
        name: 'x',
        idNumber: '410105199003071230',
        phone: '123',
        smsCode: '12',
        agreement: false,
      },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields.map((f: { path: string }) => f.path)).toEqual([
      'loginName',
      'name',
      'idNumber',
      'phone',
      'password',
      'smsCode',
      'agreement',
    ]);
    const after = await ctx.handle.db
      .selectFrom('account')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  it('refuses a taken login name or phone with 409 naming the field (case-insensitive login names)', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/accounts/persons',
      payload: person({ loginName: 'Zhang_San', smsCode: '123456' }),
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.fields.map((f: { path: string }) => f.path)).toEqual(['loginName', 'phone']);
    const check = await app.inject({
      method: 'POST',
      url: '/api/v1/accounts/availability',
      payload: { loginName: 'ZHANG_SAN', phone: '13700000009' },
    });
    expect(check.json()).toEqual({
      loginName: { available: false, message: '该登录名已被注册' },
      phone: { available: true, message: '该手机号码可以使用' },
    });
  });

  it('a person the identity service cannot find is registered with real name rejected (manual path next)', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/accounts/persons',
      payload: person({
        loginName: 'li_si',
        name: '李四',
        idNumber: UNVERIFIABLE_ID,
        phone: '13700000002',
        smsCode: await smsCode('13700000002'),
      }),
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().realNameStatus).toBe('rejected');
  });

  it('registers a legal person; the USCC and unit name are unique', async () => {
    const body = legalPersonPayload({
      loginName: 'hnkj_2026',
      unitName: '河南某某科技有限公司',
      uscc: USCC,
      legalRepName: '王五',
      agentName: '赵六',
      agentIdValidTo: '2031-05-01',
      agentPhone: '13700000003',
    });
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/accounts/legal-persons',
      payload: { ...body, smsCode: await smsCode('13700000003') },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      kind: 'legalPerson',
      realNameStatus: 'verified',
      enterprise: { uscc: USCC, name: '河南某某科技有限公司', regionCode: '410105' },
    });
    const again = await app.inject({
      method: 'POST',
      url: '/api/v1/accounts/legal-persons',
      payload: { ...body, loginName: 'other_name', smsCode: '123456' },
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.fields.map((f: { path: string }) => f.path)).toEqual(['uscc', 'unitName']);
    const bad = await app.inject({
      method: 'POST',
      url: '/api/v1/accounts/legal-persons',
      payload: { ...body, uscc: USCC.toLowerCase(), unitType: 'x', smsCode: '1' },
    });
    expect(bad.json().error.fields.map((f: { path: string }) => f.path)).toEqual(['unitType', 'uscc', 'smsCode']);
    // The registered region must exist, be in force, and be below province level (620824 was withdrawn in 2018).
    for (const regionCode of ['410000', '999999', '620824']) {
      const wrong = await app.inject({
        method: 'POST',
        url: '/api/v1/accounts/legal-persons',
        payload: { ...body, loginName: 'x_unit', regionCode, smsCode: '123456' },
      });
      expect(wrong.json().error.fields, regionCode).toEqual([
        { path: 'regionCode', message: '注册地：请选择现行有效的区县或功能区' },
      ]);
    }
  });

  it('logs in by login name, USCC or phone; the cookie is HttpOnly and SameSite', async () => {
    for (const identifier of ['ZHANG_SAN', '13700000001']) {
      const res = await login(identifier, 'Kexiao#2026');
      expect(res.statusCode).toBe(200);
      expect(res.json().account.loginName).toBe('zhang_san');
    }
    const byUscc = await login(USCC, 'Kexiao#2026');
    expect(byUscc.json().account.kind).toBe('legalPerson');
    const cookie = String(byUscc.headers['set-cookie']);
    expect(cookie).toMatch(/^kx_session=[\w-]{40,};/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');
    const me = await app.inject({ url: '/api/v1/session', headers: { cookie: cookieOf(byUscc) } });
    expect(me.json().account.enterprise.uscc).toBe(USCC);
    expect((await app.inject({ url: '/api/v1/session' })).statusCode).toBe(401);
  });

  it('locks the account for 15 minutes after 5 wrong passwords', async () => {
    for (let i = 1; i <= 4; i++) {
      const r = await login('li_si', 'Wrong#Pass1');
      expect(r.statusCode).toBe(401);
      expect(r.json().error.message).toContain(`再错${5 - i}次`);
    }
    expect((await login('li_si', 'Wrong#Pass1')).statusCode).toBe(423);
    const locked = await login('li_si', 'Kexiao#2026');
    expect(locked.statusCode).toBe(423);
    expect(locked.json().error.message).toContain('分钟后再试');
    await sql`update account set locked_until = now() - interval '1 minute' where login_name_key = 'li_si'`.execute(
      ctx.handle.db,
    );
    expect((await login('li_si', 'Kexiao#2026')).statusCode).toBe(200);
    expect((await login('no_such_user', 'Kexiao#2026')).json().error).toEqual({
      code: 'invalid_credentials',
      message: '账号或密码错误',
    });
  });

  it('needs the CSRF token to change state; logout ends the session', async () => {
    const res = await login('zhang_san', 'Kexiao#2026');
    const cookie = cookieOf(res);
    const noToken = await app.inject({ method: 'DELETE', url: '/api/v1/session', headers: { cookie } });
    expect(noToken.statusCode).toBe(403);
    expect(noToken.json().error.code).toBe('csrf');
    const out = await app.inject({
      method: 'DELETE',
      url: '/api/v1/session',
      headers: { cookie, 'x-csrf-token': res.json().csrfToken },
    });
    expect(out.statusCode).toBe(204);
    expect((await app.inject({ url: '/api/v1/session', headers: { cookie } })).statusCode).toBe(401);
  });

  it('ends sessions idle for 30 minutes or older than 12 hours, and everywhere on request', async () => {
    const a = await login('zhang_san', 'Kexiao#2026');
    const b = await login('zhang_san', 'Kexiao#2026');
    const c = await login('zhang_san', 'Kexiao#2026');
    await sql`update session set last_seen_at = now() - interval '31 minutes' where created_at = (select max(created_at) from session)`.execute(
      ctx.handle.db,
    );
    expect((await app.inject({ url: '/api/v1/session', headers: { cookie: cookieOf(c) } })).statusCode).toBe(401);
    const revoked = await app.inject({
      method: 'POST',
      url: '/api/v1/session/revoke-all',
      headers: { cookie: cookieOf(a), 'x-csrf-token': a.json().csrfToken },
    });
    expect(revoked.json().revoked).toBeGreaterThanOrEqual(2);
    for (const s of [a, b])
      expect((await app.inject({ url: '/api/v1/session', headers: { cookie: cookieOf(s) } })).statusCode).toBe(401);
    const d = await login('zhang_san', 'Kexiao#2026');
    await sql`update session set expires_at = now() - interval '1 second', last_seen_at = now() where revoked_at is null`.execute(
      ctx.handle.db,
    );
    expect((await app.inject({ url: '/api/v1/session', headers: { cookie: cookieOf(d) } })).statusCode).toBe(401);
  });

  it('GET /api/v1/regions cascades provinces → cities → counties in force', async () => {
    const provinces = (await app.inject({ url: '/api/v1/regions' })).json().regions;
    expect(provinces.length).toBeGreaterThanOrEqual(31);
    expect(provinces).toContainEqual({ code: '410000', name: '河南省', kind: 'province' });
    const cities = (await app.inject({ url: '/api/v1/regions?parent=410000' })).json().regions;
    expect(cities).toContainEqual({ code: '410100', name: '郑州市', kind: 'city' });
    const counties = (await app.inject({ url: '/api/v1/regions?parent=620800' })).json().regions;
    expect(counties.map((c: { code: string }) => c.code)).toContain('620881');
    expect(counties.map((c: { code: string }) => c.code)).not.toContain('620824');
    const bad = await app.inject({ url: '/api/v1/regions?parent=abc' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields[0].path).toBe('parent');
  });

  it('route census: every route has a policy, and every /api route declares its own', () => {
    expect(app.routePolicies.length).toBeGreaterThan(10);
    for (const route of app.routePolicies) {
      expect(route.policy, `${route.method} ${route.url}`).toBeDefined();
      if (route.url.startsWith('/api/') && route.policy.access === 'public') {
        expect(route.policy.why.length, `${route.method} ${route.url} must say why it is public`).toBeGreaterThan(1);
      }
    }
    const signedIn = app.routePolicies.filter((r) => r.policy.access === 'signedIn').map((r) => `${r.method} ${r.url}`);
    expect(signedIn).toEqual(
      expect.arrayContaining(['GET /api/v1/session', 'DELETE /api/v1/session', 'POST /api/v1/session/revoke-all']),
    );
  });
});

describe('access control', () => {
  it('refuses to register an /api route without a policy', async () => {
    const app = Fastify();
    registerAccessControl(app, undefined as never);
    expect(() => app.get('/api/v1/forgotten', async () => 'x')).toThrow(/未声明访问策略/);
    app.get('/api/v1/declared', { config: { policy: { access: 'signedIn' } } }, async () => 'x');
    await app.ready();
  });
});
