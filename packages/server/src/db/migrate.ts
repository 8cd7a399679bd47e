/** Migrations in code (no folder scan), run at boot by Kysely's Migrator (which locks against concurrent runs). */
import { type Kysely, type Migration, type MigrationProvider, Migrator } from 'kysely';
import * as m0001 from './migrations/0001_foundation.js';
import * as m0002 from './migrations/0002_verification.js';
import * as m0003 from './migrations/0003_regions_agencies.js';
import * as m0004 from './migrations/0004_accounts.js';
import * as m0005 from './migrations/0005_files_messages.js';
import * as m0006 from './migrations/0006_real_name.js';
import * as m0007 from './migrations/0007_recovery.js';
import * as m0008 from './migrations/0008_agents.js';
import * as m0009 from './migrations/0009_messages_audit.js';
import * as m0010 from './migrations/0010_staff.js';
import * as m0011 from './migrations/0011_filings.js';
import * as m0012 from './migrations/0012_submission_throughput.js';
import * as m0013 from './migrations/0013_publicity.js';
import type { Database } from './schema.js';

const MIGRATIONS: Record<string, Migration> = {
  '0001_foundation': m0001,
  '0002_verification': m0002,
  '0003_regions_agencies': m0003,
  '0004_accounts': m0004,
  '0005_files_messages': m0005,
  '0006_real_name': m0006,
  '0007_recovery': m0007,
  '0008_agents': m0008,
  '0009_messages_audit': m0009,
  '0010_staff': m0010,
  '0011_filings': m0011,
  '0012_submission_throughput': m0012,
  '0013_publicity': m0013,
};

class InCodeProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    return MIGRATIONS;
  }
}

/** Bring the schema to the latest version. Throws with the failing migration's name. */
export async function migrateToLatest(db: Kysely<Database>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: new InCodeProvider() });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error !== undefined || failed !== undefined) {
    const cause = error instanceof Error ? error.message : String(error ?? '');
    throw new Error(`数据库迁移失败：${failed?.migrationName ?? ''} ${cause}`.trim(), { cause: error });
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
