import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { BatchLoader } from '../src/platform/batch-loader.js';
import { describeEachDatabase } from './helpers/databases.js';

describeEachDatabase('batch loader', (ctx) => {
  /** Squares of keys, read from the database; keys over 100 are not found. */
  const probe = (fail?: (keys: number[]) => boolean) => {
    const batches: number[][] = [];
    const loader = new BatchLoader<number, number>(async (keys) => {
      batches.push(keys);
      if (fail?.(keys)) throw new Error('read failed');
      const r = await sql<{ k: number; v: number }>`
        select k, k * k as v from unnest(${keys}::int[]) as k where k <= 100`.execute(ctx.handle.db);
      return new Map(r.rows.map((row) => [Number(row.k), Number(row.v)]));
    });
    return { loader, batches };
  };

  it('a key asked for alone is read at once, alone', async () => {
    const { loader, batches } = probe();
    expect(await loader.load(7)).toBe(49);
    expect(batches).toEqual([[7]]);
  });

  it('keys asked for together are read together, each answered with its own value; missing keys are undefined', async () => {
    const { loader, batches } = probe();
    const keys = [3, 5, 3, 101, 9];
    expect(await Promise.all(keys.map((k) => loader.load(k)))).toEqual([9, 25, 9, undefined, 81]);
    // One turn of the event loop: one read, each key once.
    expect(batches).toEqual([[3, 5, 101, 9]]);
  });

  it('keys asked for while the lanes are busy wait and go together in the next read', async () => {
    const { loader, batches } = probe();
    const first = [loader.load(1)];
    await new Promise((r) => setImmediate(r)); // the first read is in flight
    const second = [loader.load(2)];
    await new Promise((r) => setImmediate(r)); // and a second: both lanes busy
    const waiting = [4, 5, 6].map((k) => loader.load(k));
    expect(await Promise.all([...first, ...second, ...waiting])).toEqual([1, 4, 16, 25, 36]);
    expect(batches).toEqual([[1], [2], [4, 5, 6]]);
  });

  it('a failed read fails the keys read with it, and only those', async () => {
    const { loader } = probe((keys) => keys.includes(13));
    const results = await Promise.allSettled([loader.load(12), loader.load(13)]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(await loader.load(12)).toBe(144);
  });
});
