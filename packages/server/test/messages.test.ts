/**
 * 我的消息 (own messages only, unread counts, read one / read all, each change audited), the welcome message
 * on registration, the Notifier (in-app in the transaction, SMS and e-mail after commit), and the development
 * outbox (staff only, absent in production).
 */
import { beforeAll, expect, it } from 'vitest';
import type { App } from '../src/app.js';
import { notifyAccount } from '../src/platform/notifications/inbox.js';
import type { EmailGateway } from '../src/platform/notifications/email.js';
import { Notifier } from '../src/platform/notifications/notifier.js';
import { readOutbox, type SmsGateway } from '../src/platform/notifications/sms.js';
import {
  adminRoles,
  as,
  buildTestApp,
  idNumber,
  registerPerson,
  type Session,
  signedInStaff,
  signIn,
} from './helpers/actors.js';
import { describeEachDatabase } from './helpers/databases.js';

const PERSON_ID = idNumber('41010519900307123');

describeEachDatabase('messages, notifier and development outbox', (ctx) => {
  let app: App;
  let person: Session;
  let other: Session;
  let national: Session;
  let province: Session;

  const staff = (loginName: string, phone: string, role: 'nationalAdmin' | 'provinceAdmin') =>
    signedInStaff(app, { loginName, displayName: '测试人员', phone, roles: adminRoles(role) });
  const get = (who: Session | null, url: string) => as(app, who)('GET', url);
  const post = (who: Session, url: string) => as(app, who)('POST', url);
  const auditCount = async (action: string) =>
    (await ctx.handle.db.selectFrom('audit_event').select('seq').where('action', '=', action).execute()).length;

  beforeAll(async () => {
    app = await buildTestApp(ctx.handle);
    await app.regions.seed();
    await registerPerson(app, ctx.handle.db, {
      loginName: 'msg_person',
      name: '张三',
      idNumber: PERSON_ID,
      phone: '13700000101',
    });
    person = await signIn(app, 'msg_person');
    other = await staff('msg_other', '13900000102', 'provinceAdmin');
    national = await staff('msg_national', '13900000103', 'nationalAdmin');
    province = await staff('msg_province', '13900000104', 'provinceAdmin');
  });

  it('welcomes a new registrant with one unread message pointing to 我的账号', async () => {
    expect((await get(person, '/api/v1/messages/unread-count')).json()).toEqual({ unread: 1 });
    const list = await get(person, '/api/v1/messages');
    expect(list.statusCode).toBe(200);
    expect(list.json()).toMatchObject({ total: 1, unread: 1, page: 1, pageSize: 20 });
    expect(list.json().items[0]).toMatchObject({
      category: 'welcome',
      title: '欢迎注册科小平台',
      link: '/account',
      readAt: null,
    });
    expect(list.json().items[0].body).toContain('实名认证');
  });

  it('lists only one’s own messages; another account’s message id is 404 and stays unread', async () => {
    expect((await get(other, '/api/v1/messages')).json()).toMatchObject({ items: [], total: 0, unread: 0 });
    const [mine] = (await get(person, '/api/v1/messages')).json().items;
    const res = await post(other, `/api/v1/messages/${mine.id}/read`);
    expect(res.statusCode).toBe(404);
    expect(res.json().error.message).toBe('未找到该消息');
    expect((await post(other, '/api/v1/messages/999999/read')).statusCode).toBe(404);
    expect((await get(person, '/api/v1/messages/unread-count')).json()).toEqual({ unread: 1 });
  });

  it('marks one message read in one audited transaction; marking it again changes and audits nothing', async () => {
    const [mine] = (await get(person, '/api/v1/messages')).json().items;
    const before = await auditCount('messages.read');
    const res = await post(person, `/api/v1/messages/${mine.id}/read`);
    expect(res.statusCode).toBe(200);
    expect(res.json().readAt).not.toBeNull();
    expect(await auditCount('messages.read')).toBe(before + 1);
    const again = await post(person, `/api/v1/messages/${mine.id}/read`);
    expect(again.statusCode).toBe(200);
    expect(again.json().readAt).toBe(res.json().readAt);
    expect(await auditCount('messages.read')).toBe(before + 1);
    expect((await get(person, '/api/v1/messages/unread-count')).json()).toEqual({ unread: 0 });
  });

  it('filters unread, pages newest first, and reads all at once', async () => {
    await ctx.handle.db.transaction().execute(async (trx) => {
      for (const n of [1, 2, 3]) {
        await notifyAccount(trx, person.accountId, { category: 'test', title: `通知${n}`, body: `第${n}条` });
      }
    });
    const unread = (await get(person, '/api/v1/messages?unread=true')).json();
    expect(unread).toMatchObject({ total: 3, unread: 3 });
    expect(unread.items.map((m: { title: string }) => m.title)).toEqual(['通知3', '通知2', '通知1']);
    const page2 = (await get(person, '/api/v1/messages?page=2&pageSize=2')).json();
    expect(page2).toMatchObject({ total: 4, unread: 3, page: 2, pageSize: 2 });
    expect(page2.items.map((m: { title: string }) => m.title)).toEqual(['通知1', '欢迎注册科小平台']);

    const res = await post(person, '/api/v1/messages/read-all');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ marked: 3, unread: 0 });
    expect(await auditCount('messages.readAll')).toBe(1);
    expect((await get(person, '/api/v1/messages/unread-count')).json()).toEqual({ unread: 0 });
    expect((await post(person, '/api/v1/messages/read-all')).json()).toEqual({ marked: 0, unread: 0 });
    expect(await auditCount('messages.readAll')).toBe(1);
  });

  it('answers bad query parameters and ids with Chinese field messages', async () => {
    const res = await get(person, '/api/v1/messages?unread=maybe&page=0&pageSize=1000');
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields).toEqual([
      { path: 'unread', message: '仅看未读：只能是 true 或 false' },
      { path: 'page', message: '页码：须为1至1000000之间的整数' },
      { path: 'pageSize', message: '每页条数：须为1至100之间的整数' },
    ]);
    const bad = await post(person, '/api/v1/messages/abc/read');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields).toEqual([{ path: 'id', message: '消息编号：须为正整数' }]);
  });

  it('needs a session, and the CSRF token to mark read', async () => {
    expect((await get(null, '/api/v1/messages')).statusCode).toBe(401);
    expect((await get(null, '/api/v1/messages/unread-count')).statusCode).toBe(401);
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/messages/read-all',
      headers: { cookie: person.cookie },
    });
    expect(res.statusCode).toBe(403);
  });

  it('Notifier: the in-app message and the development outbox copies commit with the change; a rollback sends nothing', async () => {
    const batch = app.notifier.batch();
    await ctx.handle.db
      .transaction()
      .execute((trx) =>
        batch.notify(
          trx,
          person.accountId,
          { category: 'test', title: '材料已受理', body: '您的材料已受理。', link: '/account' },
          { sms: '13700000101', email: 'someone@example.com' },
        ),
      );
    // Delivered with the commit: nothing is left for after it.
    expect(await batch.send()).toEqual({ sent: 0, failed: [] });
    const [sms] = await readOutbox(ctx.handle.db, '13700000101', 1);
    expect(sms).toMatchObject({ channel: 'sms', body: '【科小】材料已受理：您的材料已受理。' });
    const [mail] = await readOutbox(ctx.handle.db, 'someone@example.com', 1);
    expect(mail).toMatchObject({
      channel: 'email',
      subject: '【科小】材料已受理',
      body: '您的材料已受理。\n\n/account',
    });

    const rolledBack = app.notifier.batch();
    await expect(
      ctx.handle.db.transaction().execute(async (trx) => {
        await rolledBack.notify(
          trx,
          person.accountId,
          { category: 'test', title: '不应出现', body: '回滚' },
          { sms: '13700000102', email: 'nobody@example.com' },
        );
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    const titles = (await get(person, '/api/v1/messages?pageSize=100'))
      .json()
      .items.map((m: { title: string }) => m.title);
    expect(titles).toContain('材料已受理');
    expect(titles).not.toContain('不应出现');
    expect(await readOutbox(ctx.handle.db, '13700000102')).toEqual([]);
    expect(await readOutbox(ctx.handle.db, 'nobody@example.com')).toEqual([]);
  });

  it("Notifier: a real gateway's copies go out after the commit, never before, and a failure is reported, masked", async () => {
    const sent: string[] = [];
    // Stand-ins for a provider's SMS API and an SMTP server (the outside world).
    const sms: SmsGateway = {
      name: 'provider',
      async send(phone, text) {
        if (phone === '13700000104') throw new Error(`网关拒绝 ${phone}`);
        sent.push(`sms ${phone} ${text}`);
      },
    };
    const email: EmailGateway = {
      name: 'smtp',
      async send(m) {
        sent.push(`email ${m.to} ${m.subject}`);
      },
    };
    const failures: unknown[] = [];
    const notifier = new Notifier(ctx.handle.db, sms, email, (f) => failures.push(f));
    const batch = notifier.batch();
    await ctx.handle.db.transaction().execute(async (trx) => {
      await batch.notify(
        trx,
        person.accountId,
        { category: 'test', title: '已受理', body: '好' },
        { sms: '13700000103', email: 'gw@example.com' },
      );
      await batch.notify(
        trx,
        person.accountId,
        { category: 'test', title: '已受理', body: '好' },
        { sms: '13700000104' },
      );
      expect(sent).toEqual([]);
    });
    expect(sent).toEqual([]);
    const report = await batch.send();
    expect(sent).toEqual(['sms 13700000103 【科小】已受理：好', 'email gw@example.com 【科小】已受理']);
    expect(report.sent).toBe(2);
    expect(report.failed).toEqual([{ channel: 'sms', recipient: '137****0104', error: '网关拒绝 137****0104' }]);
    expect(failures).toEqual(report.failed);
    expect(await readOutbox(ctx.handle.db, '13700000103')).toEqual([]);
  });

  it('development outbox: national administrators read recipients in clear, province administrators masked', async () => {
    const all = await get(national, '/api/v1/dev/outbox?channel=sms&recipient=13700000101');
    expect(all.statusCode).toBe(200);
    expect(all.json().recipientsMasked).toBe(false);
    expect(all.json().items[0]).toMatchObject({ channel: 'sms', recipient: '13700000101', status: 'sent' });
    expect(all.json().items.some((m: { body: string }) => /验证码\d{6}/.test(m.body))).toBe(true);

    const masked = await get(province, '/api/v1/dev/outbox?recipient=13700000101');
    expect(masked.statusCode).toBe(200);
    expect(masked.json().recipientsMasked).toBe(true);
    expect(masked.json().items.length).toBeGreaterThan(0);
    for (const m of masked.json().items) expect(m.recipient).toBe('137****0101');
    expect(JSON.stringify(masked.json())).not.toContain('13700000101');
    expect(masked.json().items.some((m: { body: string }) => /验证码\d{6}/.test(m.body))).toBe(true);

    const mail = await get(province, '/api/v1/dev/outbox?channel=email');
    expect(mail.json().items[0].recipient).toBe('s*****e@example.com');

    const bad = await get(national, '/api/v1/dev/outbox?channel=fax&pageSize=0');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields.map((f: { message: string }) => f.message)).toEqual([
      '渠道：只能是 sms（短信）或 email（电子邮件）',
      '每页条数：须为1至200之间的整数',
    ]);
  });

  it('development outbox: refused to anonymous (401) and to non-staff (403)', async () => {
    expect((await get(null, '/api/v1/dev/outbox')).statusCode).toBe(401);
    expect((await get(person, '/api/v1/dev/outbox')).statusCode).toBe(403);
  });

  it('development outbox: absent in production (404 even for a national administrator)', async () => {
    const prod = await buildTestApp(ctx.handle, { config: { logLevel: 'silent', nodeEnv: 'production' } });
    try {
      expect(prod.routePolicies.some((r) => r.url.startsWith('/api/v1/dev/'))).toBe(false);
      for (const headers of [{}, { cookie: national.cookie }]) {
        const res = await prod.inject({ method: 'GET', url: '/api/v1/dev/outbox', headers });
        expect(res.statusCode).toBe(404);
      }
    } finally {
      await prod.close();
    }
  });
});
