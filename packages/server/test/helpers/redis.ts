/**
 * Redis for the rate-limit tests (127.0.0.1:6379, no password, or TEST_REDIS_URL). Each run uses a key prefix of
 * its own and deletes its keys afterwards. Redis unreachable: skipped with a warning, or a failing test when
 * CI=true (CI must never pass without it) — as PostgreSQL in databases.ts.
 */
import { randomBytes } from 'node:crypto';
import { createClient } from 'redis';
import { afterAll, describe, it } from 'vitest';
import { REDIS_KEY_PREFIX } from '../../src/platform/rate-limit.js';

export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A separate client (as another process would have); the caller closes it. */
export async function openRedis() {
  const client = createClient({
    url: REDIS_URL,
    disableOfflineQueue: true,
    socket: { connectTimeout: 3000, reconnectStrategy: false },
  });
  client.on('error', () => undefined);
  await client.connect();
  return client;
}

async function probe(): Promise<string | null> {
  try {
    const client = await openRedis();
    await client.ping();
    await client.close();
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}

const unreachable = await probe();

export interface RedisContext {
  /** The key prefix of this block (under kexiao:rl:), deleted afterwards. */
  readonly prefix: string;
}

/** `describe` with Redis; `ctx.prefix` is unique to the block. */
export function describeWithRedis(title: string, body: (ctx: RedisContext) => void): void {
  const name = `${title} [redis]`;
  if (unreachable !== null) {
    if (process.env.CI === 'true') {
      describe(name, () => {
        it('Redis is reachable (required when CI=true)', () => {
          throw new Error(`Redis at ${REDIS_URL} is unreachable: ${unreachable}`);
        });
      });
    } else {
      process.stderr.write(`⚠ Redis at ${REDIS_URL} is unreachable (${unreachable}); skipping "${name}"\n`);
      describe.skip(name, () => body({ prefix: REDIS_KEY_PREFIX }));
    }
    return;
  }
  describe(name, () => {
    const ctx: RedisContext = { prefix: `${REDIS_KEY_PREFIX}test-${randomBytes(6).toString('hex')}:` };
    afterAll(async () => {
      const client = await openRedis();
      try {
        const keys: string[] = [];
        for await (const batch of client.scanIterator({ MATCH: `${ctx.prefix}*`, COUNT: 500 })) keys.push(...batch);
        if (keys.length > 0) await client.del(keys);
      } finally {
        await client.close();
      }
    });
    body(ctx);
  });
}
