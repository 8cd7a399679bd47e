import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createDatabase } from '../src/db/index.js';
import { StatementNames } from '../src/db/prepared.js';
import { describeEachDatabase } from './helpers/databases.js';

describe('statement names', () => {
  it('names each query text once, only queries, and no more texts than the limit', () => {
    const names = new StatementNames(2);
    const a = names.nameFor('select * from account where id = $1');
    expect(a).toMatch(/^kx\d+$/);
    expect(names.nameFor('select * from account where id = $1')).toBe(a);
    expect(names.nameFor('create table x (id int)')).toBeUndefined();
    expect(names.nameFor('  WITH x as (select 1) select * from x where $1')).toMatch(/^kx\d+$/);
    expect(names.nameFor('update account set status = $1')).toBeUndefined(); // the limit reached
    expect(names.size).toBe(2);
    const fresh = new StatementNames(5);
    fresh.retire('select 2 where $1');
    expect(fresh.nameFor('select 2 where $1')).toBeUndefined();
    expect(fresh.nameFor('select 3 where $1')).toMatch(/^kx/);
  });
});

describeEachDatabase('prepared statements', (ctx, dialect) => {
  it('PostgreSQL connections prepare the queries they run, and a stale plan is run again unnamed', async () => {
    if (dialect !== 'postgres' || !ctx.url) return; // PGlite runs in-process: nothing to prepare.
    const one = await createDatabase({ databaseUrl: ctx.url, dataDir: 'memory://' }, { poolSize: 1 });
    const other = await createDatabase({ databaseUrl: ctx.url, dataDir: 'memory://' }, { poolSize: 1 });
    try {
      await sql`create table prepared_probe (id int primary key, a text)`.execute(one.db);
      await sql`insert into prepared_probe values (1, 'x')`.execute(one.db);
      const read = () => sql<Record<string, unknown>>`select * from prepared_probe where id = ${1}`.execute(one.db);
      expect((await read()).rows).toEqual([{ id: 1, a: 'x' }]);
      const prepared = await sql<{ statement: string }>`select statement from pg_prepared_statements`.execute(one.db);
      expect(prepared.rows.map((r) => r.statement)).toContain('select * from prepared_probe where id = $1');
      // Another process's migration changes the row type under the prepared `select *`.
      await sql`alter table prepared_probe add column b text default 'y'`.execute(other.db);
      expect((await read()).rows).toEqual([{ id: 1, a: 'x', b: 'y' }]);
      expect((await read()).rows).toEqual([{ id: 1, a: 'x', b: 'y' }]);
    } finally {
      await one.close();
      await other.close();
    }
  });
});
