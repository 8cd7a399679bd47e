/** SQL of the agencies capability: evaluation agencies (评价工作机构) and their jurisdictions. */
import { type Kysely, sql, type Transaction } from 'kysely';
import type { AgencyLevel, Database } from '../../db/schema.js';

type Db = Kysely<Database> | Transaction<Database>;

export interface AgencyValues {
  province_code: string;
  name: string;
  level: AgencyLevel;
  region_code: string;
  address: string | null;
  contact_name: string | null;
  contact_phone: string | null;
  contact_mobile: string | null;
  email: string | null;
}

export interface AgencyRow extends AgencyValues {
  id: number;
  created_at: Date;
  updated_at: Date;
}

const AGENCY_COLUMNS = [
  'id',
  'province_code',
  'name',
  'level',
  'region_code',
  'address',
  'contact_name',
  'contact_phone',
  'contact_mobile',
  'email',
  'created_at',
  'updated_at',
] as const;

export async function getAgency(db: Db, id: number): Promise<AgencyRow | undefined> {
  return db.selectFrom('agency').select(AGENCY_COLUMNS).where('id', '=', id).executeTakeFirst();
}

export async function listAgencies(db: Db, provinceCode: string): Promise<AgencyRow[]> {
  return db
    .selectFrom('agency')
    .select(AGENCY_COLUMNS)
    .where('province_code', '=', provinceCode)
    .orderBy('id')
    .execute();
}

/** Jurisdiction codes of the given agencies, in code order (zones after GB/T 2260 codes). */
export async function jurisdictionsOf(
  db: Db,
  agencyIds: readonly number[],
): Promise<{ agency_id: number; region_code: string; name: string; kind: string }[]> {
  if (agencyIds.length === 0) return [];
  return db
    .selectFrom('agency_jurisdiction as j')
    .innerJoin('region as r', 'r.code', 'j.region_code')
    .select(['j.agency_id', 'j.region_code', 'r.name', 'r.kind'])
    .where('j.agency_id', 'in', [...agencyIds])
    .orderBy('j.agency_id')
    .orderBy(sql`r.kind = 'zone'`)
    .orderBy('j.region_code')
    .execute();
}

/** Which agency holds each of the given regions. */
export async function ownersOf(
  db: Db,
  regionCodes: readonly string[],
): Promise<{ region_code: string; agency_id: number; agency_name: string }[]> {
  if (regionCodes.length === 0) return [];
  return db
    .selectFrom('agency_jurisdiction as j')
    .innerJoin('agency as a', 'a.id', 'j.agency_id')
    .select(['j.region_code', 'j.agency_id', 'a.name as agency_name'])
    .where('j.region_code', 'in', [...regionCodes])
    .execute();
}

export async function findAgencyByName(db: Db, provinceCode: string, name: string): Promise<AgencyRow | undefined> {
  return db
    .selectFrom('agency')
    .select(AGENCY_COLUMNS)
    .where('province_code', '=', provinceCode)
    .where('name', '=', name)
    .executeTakeFirst();
}

export async function insertAgency(trx: Transaction<Database>, values: AgencyValues): Promise<number> {
  const row = await trx.insertInto('agency').values(values).returning('id').executeTakeFirstOrThrow();
  return Number(row.id);
}

export async function updateAgencyRow(trx: Transaction<Database>, id: number, values: AgencyValues): Promise<void> {
  await trx
    .updateTable('agency')
    .set({ ...values, updated_at: sql<string>`now()` })
    .where('id', '=', id)
    .execute();
}

/** Make the agency's jurisdiction exactly these regions. */
export async function replaceJurisdiction(
  trx: Transaction<Database>,
  agencyId: number,
  regionCodes: readonly string[],
): Promise<void> {
  await trx.deleteFrom('agency_jurisdiction').where('agency_id', '=', agencyId).execute();
  if (regionCodes.length > 0) {
    await trx
      .insertInto('agency_jurisdiction')
      .values(regionCodes.map((region_code) => ({ agency_id: agencyId, region_code })))
      .execute();
  }
}

/**
 * The agency whose jurisdiction holds the region or its nearest ancestor, with the depth at which it was found
 * (0 = the region itself).
 */
export async function nearestAgency(db: Db, regionCode: string): Promise<{ agency_id: number; depth: number } | null> {
  const result = await sql<{ agency_id: number; depth: number }>`
    with recursive chain as (
      select code, parent_code, 0 as depth from region where code = ${regionCode}
      union all
      select p.code, p.parent_code, chain.depth + 1 from region p join chain on p.code = chain.parent_code
      where chain.depth < 16
    )
    select j.agency_id, chain.depth from chain join agency_jurisdiction j on j.region_code = chain.code
    order by chain.depth limit 1`.execute(db);
  const row = result.rows[0];
  return row === undefined ? null : { agency_id: Number(row.agency_id), depth: Number(row.depth) };
}

export async function countAgencies(db: Db, provinceCode: string): Promise<number> {
  const row = await db
    .selectFrom('agency')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('province_code', '=', provinceCode)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
