/**
 * Publicity, objections, announcement and the registration numbers (公示、异议、公告、入库登记编号).
 *
 * - `filing.status` gains three states: `publicizing` (in a published batch), `registered` (announced, with a
 *   number) and `not_registered` (an objection was upheld).
 * - `publicity_batch` / `publicity_entry`: a province's batch of passed filings, numbered per province and year
 *   when it is published (2025年第N批), with the window's dates; each entry keeps the enterprise's name, USCC,
 *   region and agency as they were publicized, and a filing is in one batch at most.
 * - `objection` (异议) and its evidence: from a person (name and a mobile number confirmed by SMS code) or an
 *   organisation (name, USCC, sealed letter), on one of the five grounds; the handling form
 *   (《公示异议核实处理情况表》) is the `handling` document, filled by the agency and confirmed by the province.
 * - `announcement` (入库公告), numbered per province and year, and `registration` (入库登记): one per enterprise
 *   and year, its number unique per province and year. The sequence behind the numbers is
 *   `registration_counter`, which only grows, so a number is never issued twice even if a row were deleted; the
 *   unique constraints, not a check in code, keep concurrent announcements apart.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table filing drop constraint filing_status_check`.execute(db);
  await sql`alter table filing add constraint filing_status_check check (status in ('draft', 'submitted',
    'reviewing', 'returned', 'passed', 'rejected', 'publicizing', 'registered', 'not_registered'))`.execute(db);

  await db.schema
    .createTable('publicity_batch')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('campaign_id', 'bigint', (c) => c.notNull().references('campaign.id'))
    .addColumn('province_code', 'text', (c) => c.notNull())
    .addColumn('evaluation_year', 'integer', (c) => c.notNull())
    // 第N批: given when the batch is published (a discarded draft leaves no gap).
    .addColumn('batch_no', 'integer')
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('draft')
        .check(sql`status in ('draft', 'published', 'discarded')`),
    )
    .addColumn('note', 'text')
    .addColumn('entry_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_by', 'bigint', (c) => c.notNull().references('account.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('published_by', 'bigint', (c) => c.references('account.id'))
    .addColumn('published_at', 'timestamptz')
    // The window: 10 working days from the publication day (addWorkingDays(published_on − 1, 10)).
    .addColumn('published_on', 'date')
    .addColumn('ends_on', 'date')
    .addColumn('ends_provisional', 'boolean', (c) => c.notNull().defaultTo(false))
    .addUniqueConstraint('publicity_batch_no_uq', ['province_code', 'evaluation_year', 'batch_no'])
    .addCheckConstraint(
      'publicity_batch_published_ck',
      sql`(status = 'published') = (batch_no is not null and published_on is not null and ends_on is not null)`,
    )
    .execute();
  await sql`create index publicity_batch_province_idx on publicity_batch (province_code, evaluation_year, id)`.execute(
    db,
  );
  await sql`create index publicity_batch_published_idx on publicity_batch (published_at desc) where status = 'published'`.execute(
    db,
  );

  await db.schema
    .createTable('publicity_entry')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('batch_id', 'bigint', (c) => c.notNull().references('publicity_batch.id'))
    .addColumn('filing_id', 'bigint', (c) => c.notNull().references('filing.id'))
    .addColumn('enterprise_id', 'bigint', (c) => c.notNull().references('enterprise.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    // As publicized: a later change of name does not rewrite a published list.
    .addColumn('enterprise_name', 'text', (c) => c.notNull())
    .addColumn('uscc', 'text', (c) => c.notNull())
    .addColumn('region_code', 'text', (c) => c.notNull())
    .addColumn('region_name', 'text', (c) => c.notNull())
    .addColumn('agency_id', 'bigint', (c) => c.notNull().references('agency.id'))
    .addColumn('agency_name', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) =>
      c
        .notNull()
        .defaultTo('pending')
        .check(sql`outcome in ('pending', 'registered', 'withheld')`),
    )
    .addColumn('decided_at', 'timestamptz')
    .addUniqueConstraint('publicity_entry_batch_position_uq', ['batch_id', 'position'])
    .execute();
  // A filing is in one batch at most (a discarded draft batch gives its filings back: its entries are deleted).
  await sql`create unique index publicity_entry_filing_uq on publicity_entry (filing_id)`.execute(db);
  await sql`create index publicity_entry_uscc_idx on publicity_entry (uscc)`.execute(db);

  await db.schema
    .createTable('objection')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    // What the objector keeps to follow the objection: not guessable, not a count.
    .addColumn('receipt_no', 'text', (c) => c.notNull().unique())
    .addColumn('batch_id', 'bigint', (c) => c.notNull().references('publicity_batch.id'))
    .addColumn('entry_id', 'bigint', (c) => c.notNull().references('publicity_entry.id'))
    .addColumn('filing_id', 'bigint', (c) => c.notNull().references('filing.id'))
    .addColumn('province_code', 'text', (c) => c.notNull())
    .addColumn('objector_kind', 'text', (c) => c.notNull().check(sql`objector_kind in ('person', 'organisation')`))
    .addColumn('objector_name', 'text', (c) => c.notNull())
    // Person: the mobile number confirmed by SMS code. Organisation: its contact's number (not verified).
    .addColumn('objector_phone', 'text', (c) => c.notNull())
    .addColumn('objector_uscc', 'text')
    .addColumn('sealed_letter_sha256', 'text', (c) => c.references('stored_file.sha256'))
    .addColumn('ground', 'text', (c) =>
      c
        .notNull()
        .check(
          sql`ground in ('notEligible', 'seriousFraud', 'researchMisconduct', 'accidentOrEnvironment', 'abnormalOrDishonest')`,
        ),
    )
    .addColumn('facts', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('received')
        .check(sql`status in ('received', 'assigned', 'verified', 'upheld', 'dismissed')`),
    )
    .addColumn('received_at', 'timestamptz', (c) => c.notNull())
    .addColumn('agency_id', 'bigint', (c) => c.references('agency.id'))
    .addColumn('assigned_by', 'bigint', (c) => c.references('account.id'))
    .addColumn('assigned_at', 'timestamptz')
    // 《公示异议核实处理情况表》 as the agency filled it: evidence summary, what was verified, on-site, conclusion.
    .addColumn('handling', 'jsonb')
    .addColumn('verified_by', 'bigint', (c) => c.references('account.id'))
    .addColumn('verified_at', 'timestamptz')
    .addColumn('decided_by', 'bigint', (c) => c.references('account.id'))
    .addColumn('decided_at', 'timestamptz')
    .addColumn('decision_note', 'text')
    .addCheckConstraint(
      'objection_objector_ck',
      sql`objector_kind = 'person' or (objector_uscc is not null and sealed_letter_sha256 is not null)`,
    )
    .execute();
  await sql`create index objection_filing_idx on objection (filing_id, status)`.execute(db);
  await sql`create index objection_batch_idx on objection (batch_id, id)`.execute(db);
  await sql`create index objection_province_idx on objection (province_code, status, id)`.execute(db);
  await sql`create index objection_agency_idx on objection (agency_id, status, id)`.execute(db);

  await db.schema
    .createTable('objection_evidence')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('objection_id', 'bigint', (c) => c.notNull().references('objection.id'))
    .addColumn('sha256', 'text', (c) => c.notNull().references('stored_file.sha256'))
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('media_type', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .execute();
  await sql`create index objection_evidence_objection_idx on objection_evidence (objection_id, id)`.execute(db);

  await db.schema
    .createTable('announcement')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('batch_id', 'bigint', (c) => c.notNull().references('publicity_batch.id'))
    .addColumn('province_code', 'text', (c) => c.notNull())
    .addColumn('evaluation_year', 'integer', (c) => c.notNull())
    // 2025年第N号入库公告 (a batch whose objections were still open is completed by a later announcement).
    .addColumn('announcement_no', 'integer', (c) => c.notNull())
    .addColumn('announced_on', 'date', (c) => c.notNull())
    .addColumn('announced_at', 'timestamptz', (c) => c.notNull())
    .addColumn('announced_by', 'bigint', (c) => c.notNull().references('account.id'))
    .addColumn('registered_count', 'integer', (c) => c.notNull())
    .addUniqueConstraint('announcement_no_uq', ['province_code', 'evaluation_year', 'announcement_no'])
    .execute();
  await sql`create index announcement_batch_idx on announcement (batch_id)`.execute(db);
  await sql`create index announcement_recent_idx on announcement (announced_at desc)`.execute(db);

  await db.schema
    .createTable('registration_counter')
    .addColumn('province_code', 'text', (c) => c.notNull())
    .addColumn('evaluation_year', 'integer', (c) => c.notNull())
    .addColumn('last_seq', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('registration_counter_pk', ['province_code', 'evaluation_year'])
    .execute();

  await db.schema
    .createTable('registration')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('registration_no', 'text', (c) => c.notNull())
    .addColumn('province_code', 'text', (c) => c.notNull())
    .addColumn('evaluation_year', 'integer', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('enterprise_id', 'bigint', (c) => c.notNull().references('enterprise.id'))
    .addColumn('filing_id', 'bigint', (c) => c.notNull().references('filing.id').unique())
    .addColumn('announcement_id', 'bigint', (c) => c.notNull().references('announcement.id'))
    // As announced (the number stays the same through a change of name; the look-up shows the current name too).
    .addColumn('enterprise_name', 'text', (c) => c.notNull())
    .addColumn('uscc', 'text', (c) => c.notNull())
    .addColumn('region_code', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('valid')
        .check(sql`status in ('valid', 'revoked')`),
    )
    .addColumn('revoked_at', 'timestamptz')
    .addColumn('issued_at', 'timestamptz', (c) => c.notNull())
    .addUniqueConstraint('registration_no_uq', ['province_code', 'evaluation_year', 'registration_no'])
    .addUniqueConstraint('registration_seq_uq', ['province_code', 'evaluation_year', 'seq'])
    .addUniqueConstraint('registration_enterprise_year_uq', ['enterprise_id', 'evaluation_year'])
    .execute();
  // The public look-up: by number (any province), by USCC, by announcement.
  await sql`create index registration_number_idx on registration (registration_no)`.execute(db);
  await sql`create index registration_uscc_idx on registration (uscc, evaluation_year)`.execute(db);
  await sql`create index registration_announcement_idx on registration (announcement_id, seq)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'registration',
    'registration_counter',
    'announcement',
    'objection_evidence',
    'objection',
    'publicity_entry',
    'publicity_batch',
  ]) {
    await db.schema.dropTable(table).execute();
  }
  await sql`alter table filing drop constraint filing_status_check`.execute(db);
  await sql`alter table filing add constraint filing_status_check check (status in ('draft', 'submitted',
    'reviewing', 'returned', 'passed', 'rejected'))`.execute(db);
}
