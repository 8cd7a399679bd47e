/** Accounts (natural persons, legal persons, staff), enterprises, staff roles and server-side sessions. */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('account')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('person', 'legalPerson', 'staff')`))
    .addColumn('login_name', 'text', (c) => c.notNull())
    .addColumn('login_name_key', 'text', (c) => c.notNull().unique())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('phone', 'text')
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('active')
        .check(sql`status in ('active', 'disabled')`),
    )
    .addColumn('real_name_status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('unverified')
        .check(sql`real_name_status in ('unverified', 'pending', 'verified', 'rejected')`),
    )
    .addColumn('failed_logins', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('locked_until', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  // One natural-person account per phone; a legal person's phone is its main agent's and may repeat a person's.
  await db.schema.createIndex('account_kind_phone_uq').on('account').columns(['kind', 'phone']).unique().execute();

  await db.schema
    .createTable('person')
    .addColumn('account_id', 'bigint', (c) => c.primaryKey().references('account.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('id_number', 'text', (c) => c.notNull())
    .addColumn('id_valid_to', 'date')
    .execute();

  await db.schema
    .createTable('enterprise')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('account_id', 'bigint', (c) => c.notNull().unique().references('account.id').onDelete('cascade'))
    .addColumn('uscc', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('unit_type', 'text', (c) =>
      c
        .notNull()
        .check(sql`unit_type in ('enterpriseLegalPerson', 'socialOrganization', 'publicInstitution', 'other')`),
    )
    .addColumn('region_code', 'text', (c) => c.notNull())
    .addColumn('legal_rep_name', 'text', (c) => c.notNull())
    .addColumn('legal_rep_id_number', 'text', (c) => c.notNull())
    .addColumn('legal_rep_id_valid_to', 'date')
    .addColumn('agent_name', 'text', (c) => c.notNull())
    .addColumn('agent_id_number', 'text', (c) => c.notNull())
    .addColumn('agent_id_valid_to', 'date')
    .addColumn('agent_phone', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('staff_role')
    .addColumn('account_id', 'bigint', (c) => c.notNull().references('account.id').onDelete('cascade'))
    .addColumn('role', 'text', (c) =>
      c.notNull().check(sql`role in ('nationalAdmin', 'provinceAdmin', 'agencyReviewer', 'agencyHead')`),
    )
    .addColumn('province_code', 'text')
    .addColumn('agency_id', 'bigint')
    .addPrimaryKeyConstraint('staff_role_pk', ['account_id', 'role'])
    .execute();

  await db.schema
    .createTable('session')
    .addColumn('id_hash', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'bigint', (c) => c.notNull().references('account.id').onDelete('cascade'))
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('last_seen_at', 'timestamptz', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('revoked_at', 'timestamptz')
    .addColumn('ip', 'text')
    .addColumn('user_agent', 'text')
    .execute();
  await db.schema.createIndex('session_account_idx').on('session').column('account_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['session', 'staff_role', 'enterprise', 'person', 'account']) {
    await db.schema.dropTable(table).execute();
  }
}
