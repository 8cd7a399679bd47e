/**
 * An in-process token bucket per client, for the public read paths (入库查询, open data).
 *
 * Why not `RateLimiter` (platform/rate-limit.ts)? That one counts in the database (or Redis) so that every process
 * agrees — right for login and SMS codes, where a limit is a security control. The public look-up is a read of
 * one indexed row; counting it in the database would add a write (an upsert, a WAL record) to every read, which
 * the look-up bench (bench/registry.mjs) measures at roughly half the look-up rate. Here the limit only protects
 * capacity, so each process keeping its own buckets is enough (N processes allow at most N × the rate).
 *
 * A client's bucket holds up to `burst` tokens and refills at `perMinute / 60` a second; a request takes one.
 * Memory is bounded: beyond `maxClients` buckets, those already refilled to full (idle clients) are dropped, and
 * if that frees nothing the oldest half is dropped (a dropped client starts again with a full bucket).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from './errors.js';

export interface TokenBucketOptions {
  perMinute: number;
  /** Tokens a client may spend at once (default: a tenth of a minute's allowance, at least 10). */
  burst?: number;
  maxClients?: number;
  now?: () => number;
}

export interface TokenBucketResult {
  allowed: boolean;
  /** Seconds until one token is available again (at least 1 when refused). */
  retryAfterSeconds: number;
}

export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly perMs: number;
  readonly burst: number;
  private readonly maxClients: number;
  private readonly now: () => number;

  constructor(options: TokenBucketOptions) {
    this.perMs = options.perMinute / 60_000;
    this.burst = options.burst ?? Math.max(10, Math.ceil(options.perMinute / 10));
    this.maxClients = options.maxClients ?? 100_000;
    this.now = options.now ?? Date.now;
  }

  take(client: string): TokenBucketResult {
    const now = this.now();
    let bucket = this.buckets.get(client);
    if (bucket === undefined) {
      if (this.buckets.size >= this.maxClients) this.evict(now);
      bucket = { tokens: this.burst, at: now };
      this.buckets.set(client, bucket);
    } else {
      bucket.tokens = Math.min(this.burst, bucket.tokens + (now - bucket.at) * this.perMs);
      bucket.at = now;
    }
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true, retryAfterSeconds: 0 };
    }
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / this.perMs / 1000)) };
  }

  get size(): number {
    return this.buckets.size;
  }

  private evict(now: number): void {
    for (const [client, b] of this.buckets) {
      if (b.tokens + (now - b.at) * this.perMs >= this.burst) this.buckets.delete(client);
    }
    if (this.buckets.size < this.maxClients) return;
    let drop = Math.ceil(this.buckets.size / 2);
    for (const client of this.buckets.keys()) {
      if (drop-- <= 0) break;
      this.buckets.delete(client);
    }
  }
}

/** The client's bucket: one token per public read; 429 with Retry-After when empty. */
export function limitPublicReads(buckets: TokenBuckets) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { allowed, retryAfterSeconds } = buckets.take(request.ip);
    if (!allowed) {
      reply.header('Retry-After', String(retryAfterSeconds));
      throw new AppError(429, 'rate_limited', `查询过于频繁，请${retryAfterSeconds}秒后再试`);
    }
  };
}
