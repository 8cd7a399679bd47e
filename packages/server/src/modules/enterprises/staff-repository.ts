/** SQL of the staff view of enterprises: scoped search by name or USCC and region, and one enterprise. */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/schema.js';

export interface EnterpriseRow {
  id: number;
  uscc: string;
  name: string;
  unit_type: string;
  region_code: string;
  legal_rep_name: string;
  legal_rep_id_number: string;
  agent_name: string;
  agent_id_number: string;
  agent_phone: string;
  created_at: Date;
  real_name_status: string;
  account_status: string;
}

const COLUMNS = [
  'e.id',
  'e.uscc',
  'e.name',
  'e.unit_type',
  'e.region_code',
  'e.legal_rep_name',
  'e.legal_rep_id_number',
  'e.agent_name',
  'e.agent_id_number',
  'e.agent_phone',
  'e.created_at',
  'a.real_name_status',
  'a.status as account_status',
] as const;

/** The region and every region under it (functional zones and withdrawn codes included). */
export async function regionAndDescendants(db: Kysely<Database>, code: string): Promise<string[]> {
  const rows = await sql<{ code: string }>`
    with recursive tree as (
      select code from region where code = ${code}
      union
      select r.code from region r join tree on r.parent_code = tree.code
    )
    select code from tree`.execute(db);
  return rows.rows.map((r) => r.code);
}

const likeEscape = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * A page of enterprises whose region is in `regions` ('all' = no limit), matching `q` (part of the name, or
 * the start of the USCC), newest first, with the total.
 */
export async function searchEnterprises(
  db: Kysely<Database>,
  filter: { regions: 'all' | string[]; q?: string; offset: number; limit: number },
): Promise<{ total: number; rows: EnterpriseRow[] }> {
  if (filter.regions !== 'all' && filter.regions.length === 0) return { total: 0, rows: [] };
  let base = db.selectFrom('enterprise as e').innerJoin('account as a', 'a.id', 'e.account_id');
  if (filter.regions !== 'all') base = base.where('e.region_code', 'in', filter.regions);
  if (filter.q !== undefined) {
    const pattern = `%${likeEscape(filter.q)}%`;
    const prefix = `${likeEscape(filter.q.toUpperCase())}%`;
    base = base.where((eb) =>
      eb.or([
        eb(sql`e.name`, 'like', sql`${pattern} escape '\\'`),
        eb(sql`e.uscc`, 'like', sql`${prefix} escape '\\'`),
      ]),
    );
  }
  const count = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await base.select(COLUMNS).orderBy('e.id', 'desc').offset(filter.offset).limit(filter.limit).execute();
  return { total: Number(count.n), rows: rows.map((r) => ({ ...r, id: Number(r.id) })) };
}

export async function getEnterprise(db: Kysely<Database>, id: number): Promise<EnterpriseRow | undefined> {
  const row = await db
    .selectFrom('enterprise as e')
    .innerJoin('account as a', 'a.id', 'e.account_id')
    .select(COLUMNS)
    .where('e.id', '=', id)
    .executeTakeFirst();
  return row === undefined ? undefined : { ...row, id: Number(row.id) };
}

/** Names of the given regions. */
export async function regionNames(db: Kysely<Database>, codes: readonly string[]): Promise<Map<string, string>> {
  if (codes.length === 0) return new Map();
  const rows = await db
    .selectFrom('region')
    .select(['code', 'name'])
    .where('code', 'in', [...new Set(codes)])
    .execute();
  return new Map(rows.map((r) => [r.code, r.name]));
}
