/**
 * Agents (代办人): a legal-person account authorises registered, real-name-verified natural persons to act for
 * its enterprise. A grant is live until revoked; at most one live grant per (enterprise, person). A session of
 * a natural person may choose one enterprise it acts for (checked against a live grant on every request).
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('agent_grant')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('enterprise_id', 'bigint', (c) => c.notNull().references('enterprise.id').onDelete('cascade'))
    .addColumn('account_id', 'bigint', (c) => c.notNull().references('account.id').onDelete('cascade'))
    .addColumn('note', 'text')
    .addColumn('granted_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('granted_by', 'bigint', (c) => c.notNull().references('account.id'))
    .addColumn('revoked_at', 'timestamptz')
    .addColumn('revoked_by', 'bigint', (c) => c.references('account.id'))
    .addCheckConstraint('agent_grant_revoked_ck', sql`(revoked_at is null) = (revoked_by is null)`)
    .execute();
  // At most one live grant per enterprise and person: two grants at once cannot both succeed.
  await db.schema
    .createIndex('agent_grant_live_uq')
    .on('agent_grant')
    .columns(['enterprise_id', 'account_id'])
    .unique()
    .where(sql.ref('revoked_at'), 'is', null)
    .execute();
  await db.schema.createIndex('agent_grant_account_idx').on('agent_grant').columns(['account_id', 'id']).execute();

  await db.schema
    .alterTable('session')
    .addColumn('acting_for_enterprise_id', 'bigint', (c) => c.references('enterprise.id').onDelete('set null'))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('session').dropColumn('acting_for_enterprise_id').execute();
  await db.schema.dropTable('agent_grant').execute();
}
