/** SQL of the regions capability: GB/T 2260 divisions and functional zones. */
import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database, RegionKind } from '../../db/schema.js';

type Db = Kysely<Database> | Transaction<Database>;

export interface RegionRow {
  code: string;
  name: string;
  kind: RegionKind;
  parent_code: string | null;
  valid_from: string;
  valid_to: string | null;
  replaced_by: string | null;
}

const COLUMNS = ['code', 'name', 'kind', 'parent_code', 'valid_from', 'valid_to', 'replaced_by'] as const;

export async function getRegion(db: Db, code: string): Promise<RegionRow | undefined> {
  return db.selectFrom('region').select(COLUMNS).where('code', '=', code).executeTakeFirst();
}

export async function getRegions(db: Db, codes: readonly string[]): Promise<RegionRow[]> {
  if (codes.length === 0) return [];
  return db
    .selectFrom('region')
    .select(COLUMNS)
    .where('code', 'in', [...codes])
    .execute();
}

/** The regions in force on `day` directly under `parent` (provinces when parent is null), by code. */
export async function childrenOn(db: Db, parent: string | null, day: string): Promise<RegionRow[]> {
  let q = db
    .selectFrom('region')
    .select(COLUMNS)
    .where('valid_from', '<=', day)
    .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>', day)]));
  q = parent === null ? q.where('parent_code', 'is', null) : q.where('parent_code', '=', parent);
  return q.orderBy('kind').orderBy('code').execute();
}

/** The region and its ancestors, nearest first (depth 0 = the region itself). */
export async function ancestry(db: Db, code: string): Promise<(RegionRow & { depth: number })[]> {
  const result = await sql<RegionRow & { depth: number }>`
    with recursive chain as (
      select r.*, 0 as depth from region r where r.code = ${code}
      union all
      select p.*, chain.depth + 1 from region p join chain on p.code = chain.parent_code where chain.depth < 16
    )
    select code, name, kind, parent_code, valid_from, valid_to, replaced_by, depth from chain order by depth`.execute(
    db,
  );
  return result.rows;
}

/** Every region under `code` (and the region itself), any validity. */
export async function subtree(db: Db, code: string): Promise<RegionRow[]> {
  const result = await sql<RegionRow>`
    with recursive tree as (
      select r.*, 0 as depth from region r where r.code = ${code}
      union all
      select c.*, tree.depth + 1 from region c join tree on c.parent_code = tree.code where tree.depth < 16
    )
    select code, name, kind, parent_code, valid_from, valid_to, replaced_by from tree order by depth, code`.execute(db);
  return result.rows;
}

/**
 * Insert the rows that are missing and bring changed ones up to date (parents before children: pass rows
 * ordered province → city → county). Returns the number of rows inserted or changed.
 */
export async function upsertRegions(trx: Transaction<Database>, rows: readonly RegionRow[]): Promise<number> {
  let changed = 0;
  for (let i = 0; i < rows.length; i += 1000) {
    const batch = rows.slice(i, i + 1000);
    const written = await trx
      .insertInto('region')
      .values(batch.map((r) => ({ ...r })))
      .onConflict((oc) =>
        oc
          .column('code')
          .doUpdateSet((eb) => ({
            name: eb.ref('excluded.name'),
            kind: eb.ref('excluded.kind'),
            parent_code: eb.ref('excluded.parent_code'),
            valid_from: eb.ref('excluded.valid_from'),
            valid_to: eb.ref('excluded.valid_to'),
            replaced_by: eb.ref('excluded.replaced_by'),
          }))
          .where(
            sql<boolean>`(region.name, region.kind, region.parent_code, region.valid_from, region.valid_to, region.replaced_by)
              is distinct from (excluded.name, excluded.kind, excluded.parent_code, excluded.valid_from, excluded.valid_to, excluded.replaced_by)`,
          ),
      )
      .returning('code')
      .execute();
    changed += written.length;
  }
  return changed;
}

export async function insertRegion(trx: Transaction<Database>, row: RegionRow): Promise<void> {
  await trx.insertInto('region').values(row).execute();
}

export async function countRegions(db: Db): Promise<number> {
  const row = await db
    .selectFrom('region')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
