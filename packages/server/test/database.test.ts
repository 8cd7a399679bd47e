import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { migrateToLatest } from '../src/db/migrate.js';
import { writeAudit } from '../src/platform/audit.js';
import { describeEachDatabase } from './helpers/databases.js';

describeEachDatabase('database', (ctx) => {
  it('migrations are idempotent', async () => {
    expect(await migrateToLatest(ctx.handle.db)).toEqual([]);
    expect(await migrateToLatest(ctx.handle.db)).toEqual([]);
  });

  it('returns the same JavaScript types on both databases', async () => {
    const row = await sql<{ n: unknown; d: unknown; t: unknown; big: unknown }>`
      select count(*) as n, date '2025-10-01' as d, now() as t, 9007199254740993::int8 as big`.execute(ctx.handle.db);
    const r = row.rows[0];
    expect(r?.n).toBe(1);
    expect(r?.d).toBe('2025-10-01');
    expect(r?.t).toBeInstanceOf(Date);
    expect(r?.big).toBe('9007199254740993');
  });

  it('isolates concurrent transactions: a rollback never leaks into a commit', async () => {
    const db = ctx.handle.db;
    const failing = db
      .transaction()
      .execute(async (trx) => {
        await writeAudit(trx, { actor: 'test', action: 'rolled-back', subject: 'iso' });
        await new Promise((r) => setTimeout(r, 30));
        throw new Error('abort');
      })
      .catch((error: Error) => error.message);
    const committing = db.transaction().execute(async (trx) => {
      await new Promise((r) => setTimeout(r, 5));
      await writeAudit(trx, { actor: 'test', action: 'committed', subject: 'iso' });
    });
    expect(await failing).toBe('abort');
    await committing;
    const rows = await db.selectFrom('audit_event').select('action').where('subject', '=', 'iso').execute();
    expect(rows.map((r) => r.action)).toEqual(['committed']);
  });

  it('serves many concurrent queries and transactions without loss', async () => {
    const db = ctx.handle.db;
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        i % 2 === 0
          ? db.transaction().execute((trx) => writeAudit(trx, { actor: 'test', action: `a${i}`, subject: 'many' }))
          : db.selectFrom('audit_event').select('seq').execute(),
      ),
    );
    const count = await db
      .selectFrom('audit_event')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('subject', '=', 'many')
      .executeTakeFirstOrThrow();
    expect(count.n).toBe(20);
  });
});

describe('PGlite on disk', () => {
  it('persists to DATA_DIR across reopen', async () => {
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { createDatabase } = await import('../src/db/index.js');
    const dir = join(mkdtempSync(join(tmpdir(), 'kexiao-pglite-')), 'data');
    const first = await createDatabase({ databaseUrl: undefined, dataDir: dir });
    await migrateToLatest(first.db);
    await first.db
      .transaction()
      .execute((trx) => writeAudit(trx, { actor: 'test', action: 'persisted', subject: 'disk' }));
    await first.close();
    const second = await createDatabase({ databaseUrl: undefined, dataDir: dir });
    const rows = await second.db.selectFrom('audit_event').select('action').execute();
    await second.close();
    expect(rows.map((r) => r.action)).toEqual(['persisted']);
  });
});
