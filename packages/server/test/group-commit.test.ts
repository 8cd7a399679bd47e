import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { GroupCommit } from '../src/platform/group-commit.js';
import { describeEachDatabase } from './helpers/databases.js';

describeEachDatabase('group commit', (ctx) => {
  beforeAll(async () => {
    await sql`create table group_commit_probe (id int primary key check (id > 0))`.execute(ctx.handle.db);
  });

  // The writer writes a batch in one statement: all of it or nothing.
  const probe = () => {
    const batches: number[][] = [];
    const group = new GroupCommit<number, number>(ctx.handle.db, async (db, ids) => {
      batches.push(ids);
      const r = await sql<{ id: number }>`
        insert into group_commit_probe select unnest(${ids}::int[]) returning id`.execute(db);
      const written = new Set(r.rows.map((row) => Number(row.id)));
      return ids.map((id) => (written.has(id) ? id : 0));
    });
    return { group, batches };
  };
  const stored = async () =>
    (await sql<{ id: number }>`select id from group_commit_probe order by id`.execute(ctx.handle.db)).rows.map((r) =>
      Number(r.id),
    );

  it('writes arriving while a group commits go together, and each is answered with its own result', async () => {
    const { group, batches } = probe();
    const ids = Array.from({ length: 30 }, (_, i) => i + 1);
    expect(await Promise.all(ids.map((id) => group.run(id)))).toEqual(ids);
    expect(await stored()).toEqual(ids);
    // The first writes went alone (nothing was committing yet: one per lane); the rest waited and went together.
    expect(batches.slice(0, 2)).toEqual([[1], [2]]);
    expect(batches.length).toBeLessThan(ids.length);
    expect(batches.flat().sort((a, b) => a - b)).toEqual(ids);
  });

  it('one failing write fails only itself: its batch writes nothing and every write goes again alone', async () => {
    const { group } = probe();
    const results = await Promise.allSettled([101, 102, 103, -1, 104, 105, 103].map((id) => group.run(id)));
    expect(results.map((r) => r.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'fulfilled',
      'rejected',
      'fulfilled',
      'fulfilled',
      'rejected', // 103 twice: the second is a duplicate
    ]);
    expect((await stored()).filter((id) => id > 100)).toEqual([101, 102, 103, 104, 105]);
  });
});
