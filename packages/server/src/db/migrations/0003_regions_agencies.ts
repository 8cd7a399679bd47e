/**
 * Regions (GB/T 2260 provinces, cities, counties, plus functional zones) and the evaluation agencies with their
 * jurisdictions. A region belongs to at most one agency: the unique constraint on agency_jurisdiction.region_code
 * is what decides between two concurrent claims.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('region')
    .addColumn('code', 'text', (c) => c.primaryKey().check(sql`code ~ '^([0-9]{6}|zone:[^[:space:]]+)$'`))
    .addColumn('name', 'text', (c) => c.notNull().check(sql`length(btrim(name)) > 0`))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('province', 'city', 'county', 'zone')`))
    .addColumn('parent_code', 'text', (c) => c.references('region.code'))
    .addColumn('valid_from', 'date', (c) => c.notNull())
    .addColumn('valid_to', 'date')
    .addColumn('replaced_by', 'text', (c) => c.references('region.code'))
    .addCheckConstraint('region_parent_ck', sql`(kind = 'province') = (parent_code is null)`)
    .addCheckConstraint('region_validity_ck', sql`valid_to is null or valid_to > valid_from`)
    .addCheckConstraint('region_zone_code_ck', sql`(kind = 'zone') = (code like 'zone:%')`)
    .execute();
  await db.schema.createIndex('region_parent_idx').on('region').column('parent_code').execute();

  await db.schema
    .createTable('agency')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('province_code', 'text', (c) => c.notNull().references('region.code'))
    .addColumn('name', 'text', (c) => c.notNull().check(sql`length(btrim(name)) > 0`))
    .addColumn('level', 'text', (c) => c.notNull().check(sql`level in ('city', 'county')`))
    // The administrative division (or zone) the agency corresponds to: 对应行政区划.
    .addColumn('region_code', 'text', (c) => c.notNull().references('region.code'))
    .addColumn('address', 'text')
    .addColumn('contact_name', 'text')
    // 办公电话 / 咨询电话
    .addColumn('contact_phone', 'text')
    // 手机
    .addColumn('contact_mobile', 'text')
    .addColumn('email', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('agency_province_name_uq', ['province_code', 'name'])
    .execute();

  await db.schema
    .createTable('agency_jurisdiction')
    .addColumn('agency_id', 'bigint', (c) => c.notNull().references('agency.id').onDelete('cascade'))
    .addColumn('region_code', 'text', (c) => c.notNull().references('region.code'))
    .addPrimaryKeyConstraint('agency_jurisdiction_pk', ['agency_id', 'region_code'])
    .addUniqueConstraint('agency_jurisdiction_region_uq', ['region_code'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('agency_jurisdiction').execute();
  await db.schema.dropTable('agency').execute();
  await db.schema.dropTable('region').execute();
}
