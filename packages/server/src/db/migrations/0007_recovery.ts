/**
 * Account recovery and login hardening: the per-account "login with an SMS code" setting, and account appeals
 * (申诉: a lost phone or a forgotten login name) with their receipt numbers and uploaded documents.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('account')
    .addColumn('login_sms_required', 'boolean', (c) => c.notNull().defaultTo(false))
    .execute();

  // Receipt numbers (受理编号) come from this sequence: unique however many processes submit at once.
  await sql`create sequence account_appeal_receipt_seq`.execute(db);

  await db.schema
    .createTable('account_appeal')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('receipt', 'text', (c) => c.notNull().unique())
    .addColumn('account_id', 'bigint', (c) => c.notNull().references('account.id').onDelete('cascade'))
    .addColumn('account_kind', 'text', (c) => c.notNull().check(sql`account_kind in ('person', 'legalPerson')`))
    /** The province whose administrator decides (the enterprise's, or the ID number's first two digits). */
    .addColumn('province_code', 'text', (c) => c.notNull())
    .addColumn('applicant_name', 'text', (c) => c.notNull())
    .addColumn('applicant_id_number', 'text', (c) => c.notNull())
    .addColumn('unit_name', 'text')
    .addColumn('uscc', 'text')
    .addColumn('new_phone', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('id_front_sha256', 'text', (c) => c.notNull().references('stored_file.sha256'))
    .addColumn('id_front_name', 'text', (c) => c.notNull())
    .addColumn('id_back_sha256', 'text', (c) => c.notNull().references('stored_file.sha256'))
    .addColumn('id_back_name', 'text', (c) => c.notNull())
    .addColumn('letter_sha256', 'text', (c) => c.references('stored_file.sha256'))
    .addColumn('letter_name', 'text')
    .addColumn('licence_sha256', 'text', (c) => c.references('stored_file.sha256'))
    .addColumn('licence_name', 'text')
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('pending')
        .check(sql`status in ('pending', 'approved', 'rejected')`),
    )
    .addColumn('submitted_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('decided_at', 'timestamptz')
    .addColumn('decided_by', 'bigint', (c) => c.references('account.id'))
    .addColumn('decision_reason', 'text')
    .addCheckConstraint(
      'account_appeal_legal_ck',
      sql`account_kind = 'person' or (uscc is not null and unit_name is not null and letter_sha256 is not null and licence_sha256 is not null)`,
    )
    .addCheckConstraint(
      'account_appeal_decision_ck',
      sql`(status = 'pending') = (decided_at is null) and (status <> 'rejected' or decision_reason is not null)`,
    )
    .execute();
  await db.schema
    .createIndex('account_appeal_queue_idx')
    .on('account_appeal')
    .columns(['status', 'province_code', 'submitted_at'])
    .execute();
  await db.schema.createIndex('account_appeal_account_idx').on('account_appeal').column('account_id').execute();

  // A per-database secret: the decoy masked phone answered for unknown login names is derived from it, so the
  // answer is stable for a name yet cannot be told apart from a real one by anyone who reads this code.
  await db.schema
    .createTable('recovery_secret')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();
  await sql`insert into recovery_secret (name, value)
    values ('decoy', md5(random()::text || clock_timestamp()::text) || md5(random()::text))`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('recovery_secret').execute();
  await db.schema.dropTable('account_appeal').execute();
  await sql`drop sequence account_appeal_receipt_seq`.execute(db);
  await db.schema.alterTable('account').dropColumn('login_sms_required').execute();
}
