/** Calendar (official holiday arrangements) and the hash-chained audit trail. SQL for PostgreSQL 15. */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('holiday_year')
    .addColumn('year', 'integer', (c) => c.primaryKey().check(sql`year between 1949 and 2200`))
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('loaded_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('loaded_by', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('calendar_day')
    .addColumn('date', 'date', (c) => c.primaryKey())
    .addColumn('year', 'integer', (c) => c.notNull().references('holiday_year.year').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('holiday', 'workday')`))
    .addColumn('name', 'text')
    .execute();
  await db.schema.createIndex('calendar_day_year_idx').on('calendar_day').column('year').execute();
  // Append-only, hash-chained: each row's hash covers its content and the previous row's hash.
  await db.schema
    .createTable('audit_event')
    .addColumn('seq', 'bigserial', (c) => c.primaryKey())
    .addColumn('occurred_at', 'timestamptz', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('on_behalf_of', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('detail', 'jsonb', (c) => c.notNull())
    .addColumn('prev_hash', 'text')
    .addColumn('hash', 'text', (c) => c.notNull().unique())
    .execute();
  await db.schema.createIndex('audit_event_subject_idx').on('audit_event').columns(['subject', 'seq']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('audit_event').execute();
  await db.schema.dropTable('calendar_day').execute();
  await db.schema.dropTable('holiday_year').execute();
}
