/**
 * Government-side administration: the foreign keys that the data scopes rely on (a staff role's agency and
 * province, an enterprise's registered region must exist), and the indexes that scoped lists read by.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('staff_role')
    .addForeignKeyConstraint('staff_role_agency_fk', ['agency_id'], 'agency', ['id'])
    .onDelete('restrict')
    .execute();
  await db.schema
    .alterTable('staff_role')
    .addForeignKeyConstraint('staff_role_province_fk', ['province_code'], 'region', ['code'])
    .onDelete('restrict')
    .execute();
  await db.schema
    .alterTable('enterprise')
    .addForeignKeyConstraint('enterprise_region_fk', ['region_code'], 'region', ['code'])
    .onDelete('restrict')
    .execute();
  await db.schema.createIndex('enterprise_region_idx').on('enterprise').column('region_code').execute();
  await db.schema.createIndex('staff_role_agency_idx').on('staff_role').column('agency_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('staff_role_agency_idx').execute();
  await db.schema.dropIndex('enterprise_region_idx').execute();
  await db.schema.alterTable('enterprise').dropConstraint('enterprise_region_fk').execute();
  await db.schema.alterTable('staff_role').dropConstraint('staff_role_province_fk').execute();
  await db.schema.alterTable('staff_role').dropConstraint('staff_role_agency_fk').execute();
}
