/**
 * Filing and review (参评与审核): the province's yearly campaign, the enterprise's filing with its autosaved draft
 * and every submitted version, evidence, the agency's review rounds and on-site checks, the filing's timeline,
 * and the integrity record (诚信档案) that bars filing after a revocation or serious fraud.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('campaign')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('province_code', 'text', (c) => c.notNull().references('region.code'))
    .addColumn('evaluation_year', 'integer', (c) => c.notNull().check(sql`evaluation_year between 2017 and 2100`))
    .addColumn('rule_set_id', 'text', (c) => c.notNull())
    .addColumn('window_opens_on', 'date', (c) => c.notNull())
    .addColumn('window_closes_on', 'date', (c) => c.notNull())
    .addColumn('review_working_days', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(5)
        .check(sql`review_working_days between 1 and 30`),
    )
    .addColumn('publicity_deadline', 'date', (c) => c.notNull())
    .addColumn('batch_cadence', 'text', (c) =>
      c.notNull().check(sql`batch_cadence in ('weekly', 'biweekly', 'monthly', 'onDemand')`),
    )
    .addColumn('extra_on_site_triggers', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('note', 'text')
    .addColumn('created_by', 'bigint', (c) => c.notNull().references('account.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('campaign_province_year_uq', ['province_code', 'evaluation_year'])
    .addCheckConstraint('campaign_window_ck', sql`window_closes_on >= window_opens_on`)
    .addCheckConstraint('campaign_publicity_ck', sql`publicity_deadline >= window_closes_on`)
    .execute();

  await db.schema
    .createTable('filing')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('enterprise_id', 'bigint', (c) => c.notNull().references('enterprise.id'))
    .addColumn('campaign_id', 'bigint', (c) => c.notNull().references('campaign.id'))
    .addColumn('evaluation_year', 'integer', (c) => c.notNull())
    .addColumn('province_code', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('draft')
        .check(sql`status in ('draft', 'submitted', 'reviewing', 'returned', 'passed', 'rejected')`),
    )
    .addColumn('draft', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('draft_version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('draft_saved_at', 'timestamptz')
    .addColumn('version_no', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('review_round', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('agency_id', 'bigint', (c) => c.references('agency.id'))
    .addColumn('submitted_at', 'timestamptz')
    .addColumn('review_due_on', 'date')
    .addColumn('review_due_provisional', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('claimed_by', 'bigint', (c) => c.references('account.id'))
    .addColumn('claimed_at', 'timestamptz')
    .addColumn('on_site_required', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('warning_count', 'integer', (c) => c.notNull().defaultTo(0))
    // The latest submitted contact phone and e-mail (lower case), for the warning "shared by many enterprises".
    .addColumn('contact_phone', 'text')
    .addColumn('contact_email', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('filing_enterprise_year_uq', ['enterprise_id', 'evaluation_year'])
    .addCheckConstraint('filing_claim_ck', sql`(status = 'reviewing') = (claimed_by is not null)`)
    .addCheckConstraint('filing_agency_ck', sql`status = 'draft' or agency_id is not null`)
    .execute();
  // The agency queue: its filings by status and due date (the 1,000,000-filing bench reads this).
  await db.schema
    .createIndex('filing_queue_idx')
    .on('filing')
    .columns(['agency_id', 'status', 'review_due_on', 'id'])
    .execute();
  await db.schema
    .createIndex('filing_province_idx')
    .on('filing')
    .columns(['province_code', 'evaluation_year', 'status'])
    .execute();
  await db.schema.createIndex('filing_campaign_idx').on('filing').column('campaign_id').execute();
  await db.schema.createIndex('filing_contact_phone_idx').on('filing').column('contact_phone').execute();
  await db.schema.createIndex('filing_contact_email_idx').on('filing').column('contact_email').execute();

  await db.schema
    .createTable('filing_version')
    .addColumn('filing_id', 'bigint', (c) => c.notNull().references('filing.id'))
    .addColumn('version_no', 'integer', (c) => c.notNull())
    .addColumn('review_round', 'integer', (c) => c.notNull())
    .addColumn('info_sheet', 'jsonb', (c) => c.notNull())
    .addColumn('assessment', 'jsonb', (c) => c.notNull())
    .addColumn('warnings', 'jsonb', (c) => c.notNull())
    .addColumn('on_site_triggers', 'jsonb', (c) => c.notNull())
    .addColumn('evidence', 'jsonb', (c) => c.notNull())
    .addColumn('commitment', 'jsonb', (c) => c.notNull())
    .addColumn('submitted_at', 'timestamptz', (c) => c.notNull())
    .addColumn('submitted_by', 'bigint', (c) => c.notNull().references('account.id'))
    .addColumn('on_behalf_of', 'text')
    .addPrimaryKeyConstraint('filing_version_pk', ['filing_id', 'version_no'])
    .execute();

  await db.schema
    .createTable('filing_evidence')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('filing_id', 'bigint', (c) => c.notNull().references('filing.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull().references('stored_file.sha256'))
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('uploaded_by', 'bigint', (c) => c.notNull().references('account.id'))
    .addColumn('uploaded_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('removed_at', 'timestamptz')
    .addColumn('removed_by', 'bigint', (c) => c.references('account.id'))
    .execute();
  await db.schema
    .createIndex('filing_evidence_filing_idx')
    .on('filing_evidence')
    .columns(['filing_id', 'id'])
    .execute();

  await db.schema
    .createTable('filing_review')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('filing_id', 'bigint', (c) => c.notNull().references('filing.id'))
    .addColumn('review_round', 'integer', (c) => c.notNull())
    .addColumn('version_no', 'integer', (c) => c.notNull())
    .addColumn('reviewer_id', 'bigint', (c) => c.notNull().references('account.id'))
    .addColumn('agency_id', 'bigint', (c) => c.notNull().references('agency.id'))
    .addColumn('decision', 'text', (c) => c.notNull().check(sql`decision in ('pass', 'return', 'reject')`))
    .addColumn('items', 'jsonb', (c) => c.notNull())
    .addColumn('unmet_conditions', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('comment', 'text')
    .addColumn('decided_at', 'timestamptz', (c) => c.notNull())
    .addColumn('late', 'boolean', (c) => c.notNull())
    // One decision per review round: two reviewers deciding at once cannot both write one.
    .addUniqueConstraint('filing_review_round_uq', ['filing_id', 'review_round'])
    .execute();

  await db.schema
    .createTable('on_site_check')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('filing_id', 'bigint', (c) => c.notNull().references('filing.id'))
    .addColumn('review_round', 'integer', (c) => c.notNull())
    .addColumn('checked_on', 'date', (c) => c.notNull())
    .addColumn('inspectors', 'text', (c) => c.notNull())
    .addColumn('findings', 'text', (c) => c.notNull())
    .addColumn('conclusion', 'text', (c) => c.notNull().check(sql`conclusion in ('pass', 'fail')`))
    .addColumn('files', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('recorded_by', 'bigint', (c) => c.notNull().references('account.id'))
    .addColumn('recorded_at', 'timestamptz', (c) => c.notNull())
    .addUniqueConstraint('on_site_check_round_uq', ['filing_id', 'review_round'])
    .execute();

  await db.schema
    .createTable('filing_event')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('filing_id', 'bigint', (c) => c.notNull().references('filing.id'))
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('from_status', 'text')
    .addColumn('to_status', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'bigint', (c) => c.references('account.id'))
    .addColumn('on_behalf_of', 'text')
    .addColumn('detail', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('filing_event_filing_idx').on('filing_event').columns(['filing_id', 'id']).execute();

  // 诚信档案: revocations and serious-fraud findings, which bar filing (the year of a revocation; three years
  // after serious fraud). Written by the province's decisions (revocation arrives with its own issue).
  await db.schema
    .createTable('integrity_record')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('enterprise_id', 'bigint', (c) => c.notNull().references('enterprise.id'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('revocation', 'seriousFraud')`))
    .addColumn('evaluation_year', 'integer', (c) => c.notNull())
    .addColumn('barred_through_year', 'integer', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('document', 'text')
    .addColumn('recorded_by', 'bigint', (c) => c.references('account.id'))
    .addColumn('recorded_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('integrity_record_years_ck', sql`barred_through_year >= evaluation_year`)
    .execute();
  await db.schema
    .createIndex('integrity_record_enterprise_idx')
    .on('integrity_record')
    .columns(['enterprise_id', 'barred_through_year'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'integrity_record',
    'filing_event',
    'on_site_check',
    'filing_review',
    'filing_evidence',
    'filing_version',
    'filing',
    'campaign',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
