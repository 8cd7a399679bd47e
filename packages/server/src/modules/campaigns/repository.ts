/** SQL of the campaigns capability: one province's evaluation work for one year (年度评价工作). */
import type { Kysely, Transaction } from 'kysely';
import type { BatchCadence, Database } from '../../db/schema.js';

type Db = Kysely<Database> | Transaction<Database>;

/** The columns a province administrator sets (besides who created it). */
export interface CampaignValues {
  province_code: string;
  evaluation_year: number;
  rule_set_id: string;
  window_opens_on: string;
  window_closes_on: string;
  review_working_days: number;
  publicity_deadline: string;
  batch_cadence: BatchCadence;
  extra_on_site_triggers: string[];
  note: string | null;
}

export interface CampaignRow extends CampaignValues {
  id: number;
  province_name: string;
  created_by: number;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = [
  'c.id',
  'c.province_code',
  'r.name as province_name',
  'c.evaluation_year',
  'c.rule_set_id',
  'c.window_opens_on',
  'c.window_closes_on',
  'c.review_working_days',
  'c.publicity_deadline',
  'c.batch_cadence',
  'c.extra_on_site_triggers',
  'c.note',
  'c.created_by',
  'c.created_at',
  'c.updated_at',
] as const;

const base = (db: Db) =>
  db.selectFrom('campaign as c').innerJoin('region as r', 'r.code', 'c.province_code').select(COLUMNS);

/** jsonb arrives parsed from both drivers; ids as numbers (int8 is parsed as a number). */
export function normalise(row: Record<string, unknown> | undefined): CampaignRow | undefined {
  if (row === undefined) return undefined;
  const extra = row.extra_on_site_triggers;
  return {
    ...(row as unknown as CampaignRow),
    id: Number(row.id),
    created_by: Number(row.created_by),
    evaluation_year: Number(row.evaluation_year),
    review_working_days: Number(row.review_working_days),
    extra_on_site_triggers: Array.isArray(extra)
      ? (extra as string[])
      : typeof extra === 'string'
        ? (JSON.parse(extra) as string[])
        : [],
  };
}

export async function getCampaign(db: Db, id: number): Promise<CampaignRow | undefined> {
  return normalise(await base(db).where('c.id', '=', id).executeTakeFirst());
}

/** The row locked for update (until the transaction ends), so a change and its audit see one state. */
export async function lockCampaign(trx: Transaction<Database>, id: number): Promise<CampaignRow | undefined> {
  const locked = await trx.selectFrom('campaign').select('id').where('id', '=', id).forUpdate().executeTakeFirst();
  return locked === undefined ? undefined : getCampaign(trx, id);
}

export async function findCampaign(db: Db, provinceCode: string, year: number): Promise<CampaignRow | undefined> {
  return normalise(
    await base(db).where('c.province_code', '=', provinceCode).where('c.evaluation_year', '=', year).executeTakeFirst(),
  );
}

/** The province's campaign whose filing window contains the day (windows of one province never span two years). */
export async function findOpenCampaign(db: Db, provinceCode: string, day: string): Promise<CampaignRow | undefined> {
  return normalise(
    await base(db)
      .where('c.province_code', '=', provinceCode)
      .where('c.window_opens_on', '<=', day)
      .where('c.window_closes_on', '>=', day)
      .orderBy('c.evaluation_year', 'desc')
      .limit(1)
      .executeTakeFirst(),
  );
}

/** The province's newest campaign (for telling an enterprise when the next window opens). */
export async function latestCampaign(db: Db, provinceCode: string): Promise<CampaignRow | undefined> {
  return normalise(
    await base(db)
      .where('c.province_code', '=', provinceCode)
      .orderBy('c.evaluation_year', 'desc')
      .limit(1)
      .executeTakeFirst(),
  );
}

/** Campaigns, newest year first; `provinces` null = every province. */
export async function listCampaigns(
  db: Db,
  filter: { provinces: readonly string[] | null; year?: number },
): Promise<CampaignRow[]> {
  if (filter.provinces !== null && filter.provinces.length === 0) return [];
  let query = base(db);
  if (filter.provinces !== null) query = query.where('c.province_code', 'in', [...filter.provinces]);
  if (filter.year !== undefined) query = query.where('c.evaluation_year', '=', filter.year);
  const rows = await query.orderBy('c.evaluation_year', 'desc').orderBy('c.province_code').execute();
  return rows.map((r) => normalise(r) as CampaignRow);
}

export async function insertCampaign(
  trx: Transaction<Database>,
  values: CampaignValues,
  createdBy: number,
): Promise<number> {
  const row = await trx
    .insertInto('campaign')
    .values({
      ...values,
      extra_on_site_triggers: JSON.stringify(values.extra_on_site_triggers),
      created_by: createdBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

export async function updateCampaignRow(trx: Transaction<Database>, id: number, values: CampaignValues): Promise<void> {
  await trx
    .updateTable('campaign')
    .set({
      ...values,
      extra_on_site_triggers: JSON.stringify(values.extra_on_site_triggers),
      updated_at: new Date().toISOString(),
    })
    .where('id', '=', id)
    .execute();
}
