/**
 * Rate limits: a fixed-window counter per bucket, shared by every app process. Two stores:
 *
 * - the database (default): INSERT … ON CONFLICT DO UPDATE … RETURNING, atomic, and inside a caller's
 *   transaction when one is passed (rolled back with it);
 * - Redis (REDIS_URL): one Lua script does INCR and sets the key's expiry, atomically, under `kexiao:rl:`.
 *
 * Both count the same way: the window is `floor(now / window) · window`, a hit is allowed while the window's
 * count (this hit included) is at most the limit, and `retryAfterSeconds` is the rest of the window, at least 1.
 */
import { type Kysely, sql, type Transaction } from 'kysely';
import { createClient } from 'redis';
import type { Database } from '../db/schema.js';
import { AppError } from './errors.js';

export interface RateLimitRule {
  /** Requests allowed per window. */
  limit: number;
  windowSeconds: number;
}

export interface RateLimitResult {
  allowed: boolean;
  /** Hits in the current window, this one included. */
  hits: number;
  /** Seconds until the window ends (when a refused caller may try again). */
  retryAfterSeconds: number;
}

export interface RateLimiter {
  readonly kind: 'database' | 'redis';
  /**
   * Count one hit against `bucket` and say whether it is within the rule.
   *
   * `transaction`: the caller's open transaction, if it has one (the SMS-code request counts its three limits
   * in the transaction that stores and sends the code). The database limiter counts in it, so a refused or
   * failed request leaves no trace in the limits either. Redis cannot join a database transaction: the Redis
   * limiter ignores it and its counts stay when the transaction rolls back — a refused or failed request still
   * counts, which is stricter, never looser (at worst a caller waits for the next window).
   */
  hit(bucket: string, rule: RateLimitRule, now?: Date, transaction?: Transaction<Database>): Promise<RateLimitResult>;
  /** Throws when the store cannot be reached (health check). */
  ping(): Promise<void>;
}

function windowOf(rule: RateLimitRule, now: Date): { start: number; end: number } {
  const windowMs = rule.windowSeconds * 1000;
  const start = Math.floor(now.getTime() / windowMs) * windowMs;
  return { start, end: start + windowMs };
}

function result(hits: number, rule: RateLimitRule, end: number, now: Date): RateLimitResult {
  return {
    allowed: hits <= rule.limit,
    hits,
    retryAfterSeconds: Math.max(1, Math.ceil((end - now.getTime()) / 1000)),
  };
}

/** Count one hit against `bucket` in the database (or the given transaction). */
export async function hitRateLimit(
  db: Kysely<Database> | Transaction<Database>,
  bucket: string,
  rule: RateLimitRule,
  now: Date = new Date(),
): Promise<RateLimitResult> {
  const { start, end } = windowOf(rule, now);
  const row = await db
    .insertInto('rate_limit_counter')
    .values({ bucket, window_start: new Date(start).toISOString(), hits: 1 })
    .onConflict((oc) => oc.columns(['bucket', 'window_start']).doUpdateSet({ hits: sql`rate_limit_counter.hits + 1` }))
    .returning('hits')
    .executeTakeFirstOrThrow();
  return result(row.hits, rule, end, now);
}

/** Rate limits in the database (`rate_limit_counter`): the default. */
export class DatabaseRateLimiter implements RateLimiter {
  readonly kind = 'database';

  constructor(private readonly db: Kysely<Database>) {}

  hit(bucket: string, rule: RateLimitRule, now: Date = new Date(), transaction?: Transaction<Database>) {
    return hitRateLimit(transaction ?? this.db, bucket, rule, now);
  }

  async ping(): Promise<void> {
    await sql`select 1`.execute(this.db);
  }
}

/** Delete counters whose windows ended before `before` (housekeeping). */
export async function pruneRateLimits(db: Kysely<Database>, before: Date): Promise<number> {
  const result = await db.deleteFrom('rate_limit_counter').where('window_start', '<', before).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export const REDIS_KEY_PREFIX = 'kexiao:rl:';

/**
 * INCR the window's counter and, on its first hit, let it expire when the window has passed. The window start is
 * part of the key, so expiry is only garbage collection: it is relative (PEXPIRE, the rest of the window plus a
 * second's grace) rather than PEXPIREAT, so a difference between the app's clock and Redis's cannot drop a live
 * window's key early.
 */
const HIT_SCRIPT = `local hits = redis.call('INCR', KEYS[1])
if hits == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return hits`;

/** What the Redis limiter needs of a node-redis client. */
export interface RedisScripting {
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
  ping(): Promise<unknown>;
}

export function rateLimiterUnavailable(): AppError {
  return new AppError(503, 'rate_limiter_unavailable', '限流服务暂不可用，请稍后再试');
}

/**
 * Rate limits in Redis. When Redis cannot be reached (or does not answer within `timeoutMs`), the hit fails
 * closed: a 503 "限流服务暂不可用" instead of letting the request through unlimited. The limits guard login and
 * SMS codes against password guessing and SMS bombing; letting them lapse whenever Redis is down would make
 * an outage of Redis an opening for exactly those attacks, while a short 503 on these few routes is visible,
 * logged and harmless.
 */
export class RedisRateLimiter implements RateLimiter {
  readonly kind = 'redis';

  constructor(
    private readonly client: RedisScripting,
    private readonly options: { prefix?: string; timeoutMs?: number; onError?: (error: unknown) => void } = {},
  ) {}

  async hit(bucket: string, rule: RateLimitRule, now: Date = new Date()): Promise<RateLimitResult> {
    const { start, end } = windowOf(rule, now);
    const key = `${this.options.prefix ?? REDIS_KEY_PREFIX}${bucket}:${start}`;
    const ttlMs = end - now.getTime() + 1000;
    let hits: number;
    try {
      const reply = await this.withTimeout(this.client.eval(HIT_SCRIPT, { keys: [key], arguments: [String(ttlMs)] }));
      hits = Number(reply);
      if (!Number.isSafeInteger(hits) || hits < 1) throw new Error(`unexpected reply from Redis: ${String(reply)}`);
    } catch (error) {
      this.options.onError?.(error);
      throw rateLimiterUnavailable();
    }
    return result(hits, rule, end, now);
  }

  async ping(): Promise<void> {
    await this.withTimeout(this.client.ping());
  }

  private withTimeout<T>(promise: Promise<T>): Promise<T> {
    const ms = this.options.timeoutMs ?? 2000;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`Redis did not answer within ${ms} ms`)), ms);
    });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
  }
}

/**
 * Connect to Redis for the rate limits, without waiting for it: the server starts even when Redis is not up yet
 * (or is down), and the client connects and reconnects in the background. Until it is connected, commands fail
 * at once rather than queue (the limiter answers 503). `log` hears of each outage once — its first error — and of
 * each recovery, not of every retry.
 */
export function connectRedis(
  url: string,
  log: { down(error: unknown): void; up(): void },
): { client: RedisScripting; close(): Promise<void> } {
  const client = createClient({
    url,
    disableOfflineQueue: true,
    socket: { connectTimeout: 5000, reconnectStrategy: (retries) => Math.min(100 * 2 ** retries, 5000) },
  });
  let down = false;
  client.on('error', (error: unknown) => {
    if (down) return;
    down = true;
    log.down(error);
  });
  client.on('ready', () => {
    if (!down) return;
    down = false;
    log.up();
  });
  // connect() settles on the first successful connection; failures before it arrive as 'error' events.
  client.connect().catch(() => undefined);
  return {
    client,
    async close() {
      if (client.isOpen) await client.close().catch(() => client.destroy());
    },
  };
}
