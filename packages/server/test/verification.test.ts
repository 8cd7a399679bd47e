import { beforeAll, expect, it } from 'vitest';
import type { App } from '../src/app.js';
import { VerificationService } from '../src/modules/verification/service.js';
import { OutboxSmsGateway, readOutbox } from '../src/platform/notifications/sms.js';
import { hitRateLimit } from '../src/platform/rate-limit.js';
import { buildTestApp, lastSmsCode } from './helpers/actors.js';
import { describeEachDatabase } from './helpers/databases.js';

describeEachDatabase('SMS verification codes', (ctx) => {
  let now = new Date('2026-06-30T01:00:00.000Z');
  const tick = (seconds: number) => {
    now = new Date(now.getTime() + seconds * 1000);
  };
  let service: VerificationService;
  let app: App;
  beforeAll(async () => {
    service = new VerificationService(ctx.handle.db, new OutboxSmsGateway(), () => now);
    app = await buildTestApp(ctx.handle);
  });
  const lastCode = (phone: string) => lastSmsCode(ctx.handle.db, phone);
  const errorOf = async (promise: Promise<unknown>) => {
    try {
      await promise;
    } catch (error) {
      return error as { statusCode: number; fields?: { path: string; message: string }[] };
    }
    throw new Error('expected an error');
  };

  it('sends a 6-digit code through the driver and audits it with the phone masked', async () => {
    expect(await service.requestCode({ phone: '13800000001', purpose: 'register', client: '127.0.0.1' })).toEqual({
      expiresInSeconds: 300,
      resendAfterSeconds: 60,
    });
    expect(await lastCode('13800000001')).toMatch(/^\d{6}$/);
    const audit = await ctx.handle.db
      .selectFrom('audit_event')
      .selectAll()
      .where('action', '=', 'verification.smsCodeSent')
      .execute();
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toContain('13800000001');
    expect(audit[0]?.subject).toBe('phone:138****0001');
  });

  it('refuses a second code within 60 s (nothing stored or sent), allows it after', async () => {
    const before = (await readOutbox(ctx.handle.db, '13800000001')).length;
    const error = await errorOf(
      service.requestCode({ phone: '13800000001', purpose: 'register', client: '127.0.0.1' }),
    );
    expect(error.statusCode).toBe(429);
    expect((await readOutbox(ctx.handle.db, '13800000001')).length).toBe(before);
    tick(61);
    await service.requestCode({ phone: '13800000001', purpose: 'register', client: '127.0.0.1' });
    expect((await readOutbox(ctx.handle.db, '13800000001')).length).toBe(before + 1);
  });

  it('a code works once, for its phone and purpose, and only the newest one', async () => {
    const code = await lastCode('13800000001');
    const wrongPurpose = await errorOf(service.consumeCode({ phone: '13800000001', purpose: 'login', code }));
    expect(wrongPurpose.fields?.[0]?.message).toContain('请先获取验证码');
    await service.consumeCode({ phone: '13800000001', purpose: 'register', code });
    const reuse = await errorOf(service.consumeCode({ phone: '13800000001', purpose: 'register', code }));
    expect(reuse.fields?.[0]).toEqual({ path: 'code', message: '验证码：验证码已使用，请重新获取' });
  });

  it('expires after 5 minutes', async () => {
    tick(61);
    await service.requestCode({ phone: '13800000002', purpose: 'login', client: '127.0.0.1' });
    const code = await lastCode('13800000002');
    tick(300);
    const expired = await errorOf(service.consumeCode({ phone: '13800000002', purpose: 'login', code }));
    expect(expired.fields?.[0]?.message).toContain('已过期');
  });

  it('five wrong tries invalidate the code', async () => {
    tick(61);
    await service.requestCode({ phone: '13800000003', purpose: 'resetPassword', client: '127.0.0.1' });
    const code = await lastCode('13800000003');
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i++) {
      const e = await errorOf(service.consumeCode({ phone: '13800000003', purpose: 'resetPassword', code: wrong }));
      expect(e.fields?.[0]?.message).toContain('不正确');
    }
    const locked = await errorOf(service.consumeCode({ phone: '13800000003', purpose: 'resetPassword', code }));
    expect(locked.fields?.[0]?.message).toContain('错误次数过多');
  });

  it('caps codes per phone per day', async () => {
    const phone = '13800000004';
    for (let i = 0; i < 10; i++) {
      tick(61);
      await service.requestCode({ phone, purpose: 'login', client: `10.0.0.${i}` });
    }
    tick(61);
    const capped = await errorOf(service.requestCode({ phone, purpose: 'login', client: '10.0.1.1' }));
    expect(capped.statusCode).toBe(429);
    expect(capped.fields?.[0]?.message).toContain('今日');
  });

  it('rejects a bad phone and purpose, naming both, and bad code formats', async () => {
    const e = await errorOf(service.requestCode({ phone: '12345', purpose: 'party', client: 'x' }));
    expect(e.statusCode).toBe(400);
    expect(e.fields?.map((f) => f.path)).toEqual(['phone', 'purpose']);
    const f = await errorOf(service.consumeCode({ phone: '13800000001', purpose: 'register', code: '12ab56' }));
    expect(f.fields?.[0]).toEqual({ path: 'code', message: '验证码：应为6位数字' });
  });

  it('POST /api/v1/verification/sms-codes answers 202, then 429; bad bodies get Chinese field errors', async () => {
    const ok = await app.inject({
      method: 'POST',
      url: '/api/v1/verification/sms-codes',
      payload: { phone: '13900000009', purpose: 'objection' },
    });
    expect(ok.statusCode).toBe(202);
    const again = await app.inject({
      method: 'POST',
      url: '/api/v1/verification/sms-codes',
      payload: { phone: '13900000009', purpose: 'objection' },
    });
    expect(again.statusCode).toBe(429);
    expect(again.json().error.code).toBe('rate_limited');
    const bad = await app.inject({
      method: 'POST',
      url: '/api/v1/verification/sms-codes',
      payload: { phone: '1', purpose: 'x', extra: 1 },
    });
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json()
        .error.fields.map((x: { path: string }) => x.path)
        .sort(),
    ).toEqual(['extra', 'phone', 'purpose']);
  });

  it('the database rate limiter admits exactly the limit under concurrency', async () => {
    const at = new Date('2026-07-01T00:00:00.000Z');
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        hitRateLimit(ctx.handle.db, 'test:concurrent', { limit: 5, windowSeconds: 60 }, at),
      ),
    );
    expect(results.filter((r) => r.allowed)).toHaveLength(5);
    expect(results.map((r) => r.hits).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    const next = await hitRateLimit(
      ctx.handle.db,
      'test:concurrent',
      { limit: 5, windowSeconds: 60 },
      new Date(at.getTime() + 60_000),
    );
    expect(next).toMatchObject({ allowed: true, hits: 1 });
  });
});
