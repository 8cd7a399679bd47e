/**
 * Every database test runs on both databases: PGlite (in memory) and PostgreSQL 15. Each test file gets its
 * own fresh PostgreSQL database, dropped afterwards. PostgreSQL unreachable: skipped with a warning, or a
 * failing test when CI=true (CI must never pass without it).
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { createDatabase, type DatabaseHandle } from '../../src/db/index.js';
import { migrateToLatest } from '../../src/db/migrate.js';

export const POSTGRES_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function probe(): Promise<string | null> {
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return null;
  } catch (error) {
    return (error as Error).message;
  } finally {
    await client.end().catch(() => undefined);
  }
}

const unreachable = await probe();

export type DialectName = 'pglite' | 'postgres';

export interface DatabaseContext {
  /** The open, migrated database of the current dialect. */
  readonly handle: DatabaseHandle;
  /** A second handle to the same database (PostgreSQL only; PGlite is one process). */
  readonly url: string | undefined;
}

/** Open a fresh, migrated database of this dialect; returns it with a disposer. */
export async function openFresh(
  dialect: DialectName,
): Promise<{ handle: DatabaseHandle; url?: string; dispose(): Promise<void> }> {
  if (dialect === 'pglite') {
    const handle = await createDatabase({ databaseUrl: undefined, dataDir: 'memory://' });
    await migrateToLatest(handle.db);
    return { handle, dispose: () => handle.close() };
  }
  const name = `kexiao_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${name}`;
  // Dropping the database terminates its sessions; the pool reports that for connections still closing.
  const handle = await createDatabase(
    { databaseUrl: url.toString(), dataDir: 'memory://' },
    { onIdleError: () => undefined },
  );
  await migrateToLatest(handle.db);
  return {
    handle,
    url: url.toString(),
    async dispose() {
      await handle.close();
      const drop = new pg.Client({ connectionString: POSTGRES_URL });
      await drop.connect();
      await drop.query(`drop database if exists ${name} with (force)`);
      await drop.end();
    },
  };
}

/**
 * `describe` once per database. Inside, `ctx.handle` is a fresh migrated database shared by the block's tests.
 */
export function describeEachDatabase(title: string, body: (ctx: DatabaseContext, dialect: DialectName) => void): void {
  for (const dialect of ['pglite', 'postgres'] as const) {
    const name = `${title} [${dialect}]`;
    if (dialect === 'postgres' && unreachable !== null) {
      if (process.env.CI === 'true') {
        describe(name, () => {
          it('PostgreSQL is reachable (required when CI=true)', () => {
            throw new Error(`PostgreSQL at ${POSTGRES_URL} is unreachable: ${unreachable}`);
          });
        });
      } else {
        process.stderr.write(`⚠ PostgreSQL at ${POSTGRES_URL} is unreachable (${unreachable}); skipping "${name}"\n`);
        describe.skip(name, () => body({ handle: undefined as never, url: undefined }, dialect));
      }
      continue;
    }
    describe(name, () => {
      let opened: Awaited<ReturnType<typeof openFresh>> | undefined;
      const ctx: DatabaseContext = {
        get handle() {
          if (!opened) throw new Error('database not open yet');
          return opened.handle;
        },
        get url() {
          return opened?.url;
        },
      };
      beforeAll(async () => {
        opened = await openFresh(dialect);
      });
      afterAll(async () => {
        await opened?.dispose();
      });
      body(ctx, dialect);
    });
  }
}
