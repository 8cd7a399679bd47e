import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { GroupCommit } from '../src/platform/group-commit.js';
import { describeEachDatabase } from './helpers/databases.js';

describeEachDatabase('group commit', (ctx) => {
  beforeAll(async () => {
    await sql`create table group_commit_probe (id int primary key check (id > 0))`.execute(ctx.handle.db);
  });

  const probe = () => {
    const inTransaction: number[] = [];
    const group = new GroupCommit<number, number>(ctx.handle.db, async (db, id) => {
      if (db.isTransaction) inTransaction.push(id);
      const r = await sql<{ id: number }>`insert into group_commit_probe values (${id}) returning id`.execute(db);
      return Number(r.rows[0]!.id);
    });
    return { group, inTransaction };
  };
  const stored = async () =>
    (await sql<{ id: number }>`select id from group_commit_probe order by id`.execute(ctx.handle.db)).rows.map((r) =>
      Number(r.id),
    );

  it('writes arriving while a group commits go together, and each is answered with its own result', async () => {
    const { group, inTransaction } = probe();
    const ids = Array.from({ length: 30 }, (_, i) => i + 1);
    expect(await Promise.all(ids.map((id) => group.run(id)))).toEqual(ids);
    expect(await stored()).toEqual(ids);
    // The first writes went alone (nothing was committing yet); the rest waited and went in groups.
    expect(inTransaction.length).toBeGreaterThan(0);
  });

  it('one failing write fails only itself: its group is rolled back and every write goes again alone', async () => {
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
