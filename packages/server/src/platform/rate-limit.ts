/**
 * Rate limits kept in the database, so they hold across any number of app processes: a fixed-window counter
 * per bucket, incremented atomically (INSERT … ON CONFLICT DO UPDATE … RETURNING).
 */
import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from '../db/schema.js';

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

/** Count one hit against `bucket` and say whether it is within the rule. */
export async function hitRateLimit(
  db: Kysely<Database> | Transaction<Database>,
  bucket: string,
  rule: RateLimitRule,
  now: Date = new Date(),
): Promise<RateLimitResult> {
  const windowMs = rule.windowSeconds * 1000;
  const start = Math.floor(now.getTime() / windowMs) * windowMs;
  const row = await db
    .insertInto('rate_limit_counter')
    .values({ bucket, window_start: new Date(start).toISOString(), hits: 1 })
    .onConflict((oc) => oc.columns(['bucket', 'window_start']).doUpdateSet({ hits: sql`rate_limit_counter.hits + 1` }))
    .returning('hits')
    .executeTakeFirstOrThrow();
  return {
    allowed: row.hits <= rule.limit,
    hits: row.hits,
    retryAfterSeconds: Math.max(1, Math.ceil((start + windowMs - now.getTime()) / 1000)),
  };
}

/** Delete counters whose windows ended before `before` (housekeeping). */
export async function pruneRateLimits(db: Kysely<Database>, before: Date): Promise<number> {
  const result = await db.deleteFrom('rate_limit_counter').where('window_start', '<', before).executeTakeFirst();
  return Number(result.numDeletedRows);
}
