/**
 * SQL of the public registry (入库登记): the look-up by number (one indexed query, joins included), the search by
 * number / USCC / name, the open-data rows in keyset batches, and the proof's facts for one filing.
 *
 * Only public facts are selected: the registration as announced, the enterprise's current name, the region and
 * the announcement. Nothing of people (legal representative, agents, contacts, accounts) is ever read here.
 */
import { type Kysely, sql } from 'kysely';
import type { Database, RegistrationStatus } from '../../db/schema.js';

type Db = Kysely<Database>;

export interface RegistrationRow {
  registration_no: string;
  evaluation_year: number;
  province_code: string;
  province_name: string | null;
  enterprise_name: string;
  current_name: string;
  uscc: string;
  region_code: string;
  region_name: string | null;
  city_name: string | null;
  status: RegistrationStatus;
  revoked_at: Date | string | null;
  announcement_id: number;
  announcement_no: number;
  announced_on: string;
}

/** The columns and joins every public read shares (the region with its parent, for 郑州市金水区). */
const SELECT = sql`
  select r.registration_no, r.evaluation_year, r.province_code, p.name as province_name,
         r.enterprise_name, e.name as current_name, r.uscc, r.region_code, g.name as region_name,
         case when c.kind = 'province' then null else c.name end as city_name,
         r.status, r.revoked_at, r.announcement_id, a.announcement_no, a.announced_on
  from registration r
  join announcement a on a.id = r.announcement_id
  join enterprise e on e.id = r.enterprise_id
  left join region p on p.code = r.province_code
  left join region g on g.code = r.region_code
  left join region c on c.code = g.parent_code`;

/**
 * One registration by its number — the hot path: one statement on registration_number_idx. Numbers are unique
 * per province and year; should two provinces ever issue the same text, the latest year's is shown.
 */
export async function findByNumber(db: Db, registrationNo: string): Promise<RegistrationRow | undefined> {
  const result = await sql<RegistrationRow>`${SELECT}
    where r.registration_no = ${registrationNo}
    order by r.evaluation_year desc, r.id desc
    limit 1`.execute(db);
  return result.rows[0];
}

export type SearchKey =
  /** A number or a USCC: both exact, on their indexes. */
  | { kind: 'code'; registrationNo: string; uscc: string }
  /** Part of the name as announced or of the enterprise's current name. */
  | { kind: 'name'; text: string };

/** Escape LIKE's wildcards so a name is matched as typed. */
const likeText = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

function condition(key: SearchKey) {
  return key.kind === 'code'
    ? sql`(r.registration_no = ${key.registrationNo} or r.uscc = ${key.uscc})`
    : sql`(r.enterprise_name like ${likeText(key.text)} or e.name like ${likeText(key.text)})`;
}

/** A page of matches, latest year first, and how many match in all (exact up to `countCap`). */
export async function search(
  db: Db,
  key: SearchKey,
  { limit, offset, countCap = 1000 }: { limit: number; offset: number; countCap?: number },
): Promise<{ rows: RegistrationRow[]; total: number; totalExact: boolean }> {
  const where = condition(key);
  const [page, count] = await Promise.all([
    sql<RegistrationRow>`${SELECT}
      where ${where}
      order by r.evaluation_year desc, r.province_code, r.seq
      limit ${limit} offset ${offset}`.execute(db),
    sql<{ n: number | string }>`select count(*) as n from (
        select 1 from registration r join enterprise e on e.id = r.enterprise_id
        where ${where} limit ${countCap + 1}) m`.execute(db),
  ]);
  const n = Number(count.rows[0]?.n ?? 0);
  return { rows: page.rows, total: Math.min(n, countCap), totalExact: n <= countCap };
}

export interface OpenDataFilter {
  year: number;
  province?: string;
}

/**
 * Every registration of a year (and province), in number order, read in batches by keyset (province, seq): constant
 * cost per batch, however large the year.
 */
export async function* openDataRows(db: Db, f: OpenDataFilter, batchSize = 2000): AsyncGenerator<RegistrationRow> {
  let after: { province: string; seq: number } | null = null;
  for (;;) {
    const rows: (RegistrationRow & { seq: number })[] = (
      await sql<RegistrationRow & { seq: number }>`${SELECT}
        where r.evaluation_year = ${f.year}
          ${f.province === undefined ? sql`` : sql`and r.province_code = ${f.province}`}
          ${after === null ? sql`` : sql`and (r.province_code, r.seq) > (${after.province}, ${after.seq})`}
        order by r.province_code, r.seq
        limit ${batchSize}`.execute(db)
    ).rows;
    for (const row of rows) yield row;
    if (rows.length < batchSize) return;
    const last = rows[rows.length - 1] as RegistrationRow & { seq: number };
    after = { province: last.province_code, seq: Number(last.seq) };
  }
}

export interface FilingRegistration {
  filing_id: number;
  enterprise_id: number;
  agency_id: number | null;
  province_code: string;
  status: string;
  registration: RegistrationRow | null;
}

/** A filing with its registration (if any): the facts printed on the 入库登记证明. */
export async function filingWithRegistration(db: Db, filingId: number): Promise<FilingRegistration | undefined> {
  const filing = await db
    .selectFrom('filing')
    .select(['id as filing_id', 'enterprise_id', 'agency_id', 'province_code', 'status'])
    .where('id', '=', filingId)
    .executeTakeFirst();
  if (!filing) return undefined;
  const result = await sql<RegistrationRow>`${SELECT} where r.filing_id = ${filingId}`.execute(db);
  return { ...filing, registration: result.rows[0] ?? null };
}

/** The registration numbers of an enterprise's filings (for its filing pages). */
export async function numberOfFiling(db: Db, filingId: number) {
  return db
    .selectFrom('registration')
    .select(['registration_no', 'status'])
    .where('filing_id', '=', filingId)
    .executeTakeFirst();
}
