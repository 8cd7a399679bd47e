import { describe, expect, it } from 'vitest';
import { TokenBuckets } from '../src/platform/token-bucket.js';

describe('TokenBuckets', () => {
  it('lets a burst through, refills at the rate, and keeps clients apart', () => {
    let now = 1_000_000;
    const buckets = new TokenBuckets({ perMinute: 60, burst: 3, now: () => now });
    expect([1, 2, 3, 4].map(() => buckets.take('a').allowed)).toEqual([true, true, true, false]);
    expect(buckets.take('a').retryAfterSeconds).toBe(1);
    expect(buckets.take('b').allowed).toBe(true);
    now += 1000; // one token a second
    expect(buckets.take('a').allowed).toBe(true);
    expect(buckets.take('a').allowed).toBe(false);
    now += 60_000; // never more than the burst
    expect([1, 2, 3, 4].map(() => buckets.take('a').allowed)).toEqual([true, true, true, false]);
  });

  it('says how long to wait at a slow rate', () => {
    const now = 0;
    const buckets = new TokenBuckets({ perMinute: 6, burst: 1, now: () => now });
    expect(buckets.take('x').allowed).toBe(true);
    expect(buckets.take('x')).toEqual({ allowed: false, retryAfterSeconds: 10 });
  });

  it('bounds its memory: idle (full) buckets go first, then the oldest half', () => {
    let now = 0;
    const buckets = new TokenBuckets({ perMinute: 60, burst: 2, maxClients: 4, now: () => now });
    for (const c of ['a', 'b', 'c', 'd']) buckets.take(c);
    expect(buckets.size).toBe(4);
    now += 5000; // all refilled: dropped when a fifth client comes
    buckets.take('e');
    expect(buckets.size).toBe(1);
    for (const c of ['f', 'g', 'h']) buckets.take(c);
    buckets.take('i'); // none idle: the oldest half goes
    expect(buckets.size).toBe(3);
  });
});
