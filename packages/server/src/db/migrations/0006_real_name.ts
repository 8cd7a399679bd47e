/**
 * Manual real-name verification (人工实名核验): when the automatic check fails, the applicant uploads ID photos
 * (and, for a legal person, the sealed business licence) for staff to verify. One pending request per account.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('real_name_request')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('account_id', 'bigint', (c) => c.notNull().references('account.id').onDelete('cascade'))
    .addColumn('applicant_kind', 'text', (c) => c.notNull().check(sql`applicant_kind in ('person', 'legalPerson')`))
    .addColumn('id_front_sha256', 'text', (c) => c.notNull().references('stored_file.sha256'))
    .addColumn('id_front_name', 'text', (c) => c.notNull())
    .addColumn('id_back_sha256', 'text', (c) => c.notNull().references('stored_file.sha256'))
    .addColumn('id_back_name', 'text', (c) => c.notNull())
    .addColumn('business_licence_sha256', 'text', (c) => c.references('stored_file.sha256'))
    .addColumn('business_licence_name', 'text')
    .addColumn('credit_screenshot_sha256', 'text', (c) => c.references('stored_file.sha256'))
    .addColumn('credit_screenshot_name', 'text')
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('pending')
        .check(sql`status in ('pending', 'approved', 'rejected')`),
    )
    .addColumn('submitted_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('decided_at', 'timestamptz')
    .addColumn('decided_by', 'bigint', (c) => c.references('account.id'))
    .addColumn('reason', 'text')
    .addCheckConstraint(
      'real_name_request_licence_ck',
      sql`applicant_kind = 'person' or business_licence_sha256 is not null`,
    )
    .addCheckConstraint(
      'real_name_request_decision_ck',
      sql`(status = 'pending') = (decided_at is null) and (status <> 'rejected' or reason is not null)`,
    )
    .execute();
  // One pending request per account: two submissions at once cannot both create one.
  await db.schema
    .createIndex('real_name_request_pending_uq')
    .on('real_name_request')
    .column('account_id')
    .unique()
    .where(sql.ref('status'), '=', 'pending')
    .execute();
  await db.schema
    .createIndex('real_name_request_queue_idx')
    .on('real_name_request')
    .columns(['status', 'submitted_at'])
    .execute();
  await db.schema
    .createIndex('real_name_request_account_idx')
    .on('real_name_request')
    .columns(['account_id', 'id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('real_name_request').execute();
}
