/**
 * The database: PostgreSQL through `pg` when DATABASE_URL is set, otherwise embedded PGlite.
 * Both return the same JavaScript types: int8/count as number, DATE as 'YYYY-MM-DD', timestamptz as Date.
 */
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Config } from '../config.js';
import { PGliteDialect } from './pglite-dialect.js';
import { StatementNames, usePreparedStatements } from './prepared.js';
import type { Database } from './schema.js';

export type { Database } from './schema.js';

export type DialectName = 'pglite' | 'postgres';

export interface DatabaseHandle {
  db: Kysely<Database>;
  dialect: DialectName;
  close(): Promise<void>;
}

/** int8 as a JS number while exact; beyond 2^53 it stays a string rather than lose digits. */
function parseInt8(value: string): number | string {
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : value;
}
const keepText = (value: string) => value;

function defaultIdleError(error: Error): void {
  process.stderr.write(`数据库连接中断（连接池将自动重连）：${error.message}\n`);
}

/** How many distinct query texts each PostgreSQL connection prepares (db/prepared.ts). */
const STATEMENT_NAMES = 1000;

const INT8 = 20;
const DATE = 1082;
let pgParsersSet = false;

/** Open PostgreSQL (pool) or PGlite per the configuration. */
export async function createDatabase(
  config: Pick<Config, 'databaseUrl' | 'dataDir'>,
  options: { poolSize?: number; onIdleError?: (error: Error) => void } = {},
): Promise<DatabaseHandle> {
  if (config.databaseUrl !== undefined) {
    if (!pgParsersSet) {
      pg.types.setTypeParser(INT8, parseInt8);
      pg.types.setTypeParser(DATE, keepText);
      pgParsersSet = true;
    }
    const pool = new pg.Pool({ connectionString: config.databaseUrl, max: options.poolSize ?? 10 });
    // An idle connection can die (server restart, failover, a terminated backend). Without a listener pg would
    // raise it as an uncaught exception and stop the process; the pool replaces the connection on next use.
    pool.on('error', (error) => (options.onIdleError ?? defaultIdleError)(error));
    usePreparedStatements(pool, new StatementNames(STATEMENT_NAMES));
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, dialect: 'postgres', close: () => db.destroy() };
  }
  const parsers = { [INT8]: parseInt8, [DATE]: keepText };
  let pglite: PGlite;
  if (config.dataDir === 'memory://') pglite = new PGlite({ parsers });
  else {
    mkdirSync(config.dataDir, { recursive: true });
    pglite = new PGlite(config.dataDir, { parsers });
  }
  await pglite.waitReady;
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
  return { db, dialect: 'pglite', close: () => db.destroy() };
}
