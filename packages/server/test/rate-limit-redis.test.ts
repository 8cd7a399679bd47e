import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { App } from '../src/app.js';
import { VerificationService } from '../src/modules/verification/service.js';
import { AppError } from '../src/platform/errors.js';
import { OutboxSmsGateway, readOutbox } from '../src/platform/notifications/sms.js';
import { connectRedis, hitRateLimit, RedisRateLimiter } from '../src/platform/rate-limit.js';
import { buildTestApp, signInRequest } from './helpers/actors.js';
import { openFresh } from './helpers/databases.js';
import { describeWithRedis, openRedis, REDIS_URL } from './helpers/redis.js';

type Client = Awaited<ReturnType<typeof openRedis>>;

describeWithRedis('Redis rate limiter', (ctx) => {
  let first: Client;
  let second: Client;
  beforeAll(async () => {
    first = await openRedis();
    second = await openRedis();
  });
  afterAll(async () => {
    await first.close();
    await second.close();
  });
  const limiter = (client: Client) => new RedisRateLimiter(client, { prefix: ctx.prefix });
  const rule = { limit: 3, windowSeconds: 60 };

  it('counts, refuses past the limit and says when to retry, as the database limiter does', async () => {
    const at = new Date('2026-07-01T00:00:20.500Z');
    const results = [];
    for (let i = 0; i < 5; i++) results.push(await limiter(first).hit('count', rule, at));
    expect(results.map((r) => [r.allowed, r.hits])).toEqual([
      [true, 1],
      [true, 2],
      [true, 3],
      [false, 4],
      [false, 5],
    ]);
    expect(results.every((r) => r.retryAfterSeconds === 40)).toBe(true);
    // The key carries the prefix, the bucket and the window start, and expires after the window.
    const key = `${ctx.prefix}count:${Date.parse('2026-07-01T00:00:00.000Z')}`;
    expect(await first.get(key)).toBe('5');
    const ttl = await first.pTTL(key);
    expect(ttl).toBeGreaterThan(30_000);
    expect(ttl).toBeLessThanOrEqual(40_500);

    // retryAfterSeconds the same way as the database: the rest of the window, rounded up, at least 1.
    const pglite = await openFresh('pglite');
    try {
      for (const ms of [0, 1, 59_001, 59_999]) {
        const now = new Date(Date.parse('2026-07-02T00:00:00.000Z') + ms);
        const fromRedis = await limiter(first).hit(`same:${ms}`, rule, now);
        const fromDatabase = await hitRateLimit(pglite.handle.db, `same:${ms}`, rule, now);
        expect(fromRedis).toEqual(fromDatabase);
      }
    } finally {
      await pglite.dispose();
    }
  });

  it('resets in the next window', async () => {
    const at = new Date('2026-07-01T00:01:59.999Z');
    for (let i = 0; i < 4; i++) await limiter(first).hit('reset', rule, at);
    expect(await limiter(first).hit('reset', rule, at)).toMatchObject({
      allowed: false,
      hits: 5,
      retryAfterSeconds: 1,
    });
    const next = await limiter(first).hit('reset', rule, new Date('2026-07-01T00:02:00.000Z'));
    expect(next).toEqual({ allowed: true, hits: 1, retryAfterSeconds: 60 });
  });

  it('holds across two connections hitting the same bucket at once', async () => {
    const at = new Date();
    const a = limiter(first);
    const b = limiter(second);
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => (i % 2 === 0 ? a : b).hit('shared', { limit: 20, windowSeconds: 3600 }, at)),
    );
    expect(results.filter((r) => r.allowed)).toHaveLength(20);
    expect(results.map((r) => r.hits).sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  });

  it('SMS codes: one per phone per 60 s across two processes sharing Redis, nothing counted in the database', async () => {
    const database = await openFresh('pglite');
    try {
      let now = new Date('2026-07-03T02:00:00.000Z');
      const sms = new OutboxSmsGateway();
      // Two services on two Redis connections: two app processes sharing one database and one Redis.
      const a = new VerificationService(database.handle.db, sms, () => now, limiter(first));
      const b = new VerificationService(database.handle.db, sms, () => now, limiter(second));
      const phone = '13900000071';
      await a.requestCode({ phone, purpose: 'register', client: '198.51.100.7' });
      const refused = await b
        .requestCode({ phone, purpose: 'register', client: '198.51.100.8' })
        .catch((e: unknown) => e);
      expect(refused).toMatchObject({ statusCode: 429 });
      expect((refused as AppError).message).toMatch(/^验证码发送过于频繁，请\d+秒后再试$/);
      expect(await readOutbox(database.handle.db, phone)).toHaveLength(1);
      now = new Date(now.getTime() + 60_000);
      await b.requestCode({ phone, purpose: 'register', client: '198.51.100.8' });
      expect(await readOutbox(database.handle.db, phone)).toHaveLength(2);
      const counters = await sql<{ n: number }>`select count(*)::int as n from rate_limit_counter`.execute(
        database.handle.db,
      );
      expect(counters.rows[0]?.n).toBe(0);
    } finally {
      await database.dispose();
    }
  });

  it('fails closed with 503 when Redis cannot be reached', async () => {
    const closed = await openRedis();
    await closed.close();
    const errors: unknown[] = [];
    const down = new RedisRateLimiter(closed, { prefix: ctx.prefix, onError: (e) => errors.push(e) });
    const refused = await down.hit('down', rule).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({ statusCode: 503, code: 'rate_limiter_unavailable' });
    expect((refused as AppError).message).toBe('限流服务暂不可用，请稍后再试');
    expect(errors).toHaveLength(1);

    // A Redis that does not answer: refused after the timeout rather than waiting for ever.
    const silent = new RedisRateLimiter(
      { eval: () => new Promise(() => undefined), ping: () => new Promise(() => undefined) },
      { timeoutMs: 50 },
    );
    await expect(silent.hit('silent', rule)).rejects.toMatchObject({ statusCode: 503 });
    await expect(silent.ping()).rejects.toThrow(/did not answer/);
  });

  it('connects in the background: an unreachable Redis answers 503 at once and is reported once, not per retry', async () => {
    const events: string[] = [];
    const unreachable = connectRedis('redis://127.0.0.1:1', {
      down: () => events.push('down'),
      up: () => events.push('up'),
    });
    try {
      const limited = new RedisRateLimiter(unreachable.client, { prefix: ctx.prefix });
      await expect(limited.hit('bg', rule)).rejects.toMatchObject({ statusCode: 503 });
      await new Promise((r) => setTimeout(r, 1500)); // several reconnection attempts
      expect(events).toEqual(['down']);
    } finally {
      await unreachable.close();
    }

    const reachable = connectRedis(REDIS_URL, {
      down: () => events.push('down'),
      up: () => events.push('up'),
    });
    try {
      const limited = new RedisRateLimiter(reachable.client, { prefix: ctx.prefix });
      let result = await limited.hit('bg-ok', rule).catch(() => undefined);
      for (let i = 0; result === undefined && i < 50; i++) {
        await new Promise((r) => setTimeout(r, 50));
        result = await limited.hit('bg-ok', rule).catch(() => undefined);
      }
      expect(result).toMatchObject({ allowed: true });
    } finally {
      await reachable.close();
    }
  });

  it(
    'the app built with it refuses the 31st login attempt per client per minute, and reports it in /healthz',
    async () => {
      const database = await openFresh('pglite');
      let app: App | undefined;
      try {
        app = await buildTestApp(database.handle, { rateLimiter: limiter(first) });
        const health = await app.inject({ url: '/healthz' });
        expect(health.statusCode).toBe(200);
        expect(health.json()).toEqual({ status: 'ok', database: 'pglite', rateLimiter: 'redis', redis: 'ok' });

        // Wait for a fresh minute if this one is about to end, so all 31 attempts fall in one window.
        const intoMinute = Date.now() % 60_000;
        if (intoMinute > 45_000) await new Promise((r) => setTimeout(r, 60_000 - intoMinute + 50));
        const address = '203.0.113.31';
        for (let i = 1; i <= 30; i++) {
          const res = await signInRequest(app, { identifier: 'nobody_here', password: 'Wrong#2026' }, address);
          expect(res.statusCode, `attempt ${i}`).toBe(401);
        }
        const refused = await signInRequest(app, { identifier: 'nobody_here', password: 'Wrong#2026' }, address);
        expect(refused.statusCode).toBe(429);
        expect(refused.json().error.code).toBe('rate_limited');
        // Another client is not affected; nothing was counted in the database.
        const other = await signInRequest(app, { identifier: 'nobody_here', password: 'Wrong#2026' }, '203.0.113.32');
        expect(other.statusCode).toBe(401);
        const counters = await sql<{ n: number }>`select count(*)::int as n from rate_limit_counter`.execute(
          database.handle.db,
        );
        expect(counters.rows[0]?.n).toBe(0);
      } finally {
        await app?.close();
        await database.dispose();
      }
    },
    60_000 + 30_000,
  );

  it('an app whose Redis is down answers 503 to limited requests and reports itself degraded in /healthz', async () => {
    const closed = await openRedis();
    await closed.close();
    const database = await openFresh('pglite');
    let app: App | undefined;
    try {
      app = await buildTestApp(database.handle, { rateLimiter: new RedisRateLimiter(closed) });
      const res = await signInRequest(app, { identifier: 'nobody_here', password: 'Wrong#2026' }, '203.0.113.33');
      expect(res.statusCode).toBe(503);
      expect(res.json().error).toEqual({ code: 'rate_limiter_unavailable', message: '限流服务暂不可用，请稍后再试' });
      // The rest of the platform works: /healthz stays 200 (every process shares the one Redis), marked degraded.
      const health = await app.inject({ url: '/healthz' });
      expect(health.statusCode).toBe(200);
      expect(health.json()).toEqual({
        status: 'degraded',
        database: 'pglite',
        rateLimiter: 'redis',
        redis: 'unavailable',
      });
    } finally {
      await app?.close();
      await database.dispose();
    }
  });
});
