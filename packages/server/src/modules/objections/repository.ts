/** SQL of objections during publicity: the target entry and its batch, objections, their evidence, the transitions. */
import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database, ObjectionGround, ObjectionStatus } from '../../db/schema.js';

type Db = Kysely<Database> | Transaction<Database>;

/** A publicity entry with its batch, as the objection form and the lodging need it. */
export interface TargetRow {
  entry_id: number;
  filing_id: number;
  enterprise_id: number;
  enterprise_name: string;
  uscc: string;
  region_name: string;
  agency_id: number;
  agency_name: string;
  outcome: 'pending' | 'registered' | 'withheld';
  batch_id: number;
  batch_status: 'draft' | 'published' | 'discarded';
  batch_no: number | null;
  evaluation_year: number;
  province_code: string;
  province_name: string | null;
  published_on: string | null;
  ends_on: string | null;
}

export async function targetOfEntry(db: Db, entryId: number): Promise<TargetRow | undefined> {
  const row = await db
    .selectFrom('publicity_entry as e')
    .innerJoin('publicity_batch as b', 'b.id', 'e.batch_id')
    .leftJoin('region as r', 'r.code', 'b.province_code')
    .select([
      'e.id as entry_id',
      'e.filing_id',
      'e.enterprise_id',
      'e.enterprise_name',
      'e.uscc',
      'e.region_name',
      'e.agency_id',
      'e.agency_name',
      'e.outcome',
      'b.id as batch_id',
      'b.status as batch_status',
      'b.batch_no',
      'b.evaluation_year',
      'b.province_code',
      'r.name as province_name',
      sql<string | null>`to_char(b.published_on, 'YYYY-MM-DD')`.as('published_on'),
      sql<string | null>`to_char(b.ends_on, 'YYYY-MM-DD')`.as('ends_on'),
    ])
    .where('e.id', '=', entryId)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    ...row,
    entry_id: Number(row.entry_id),
    filing_id: Number(row.filing_id),
    enterprise_id: Number(row.enterprise_id),
    agency_id: Number(row.agency_id),
    batch_id: Number(row.batch_id),
  };
}

export interface NewObjection {
  receipt_no: string;
  batch_id: number;
  entry_id: number;
  filing_id: number;
  province_code: string;
  objector_kind: 'person' | 'organisation';
  objector_name: string;
  objector_phone: string;
  objector_uscc: string | null;
  sealed_letter_sha256: string | null;
  ground: ObjectionGround;
  facts: string;
  received_at: string;
}

export async function insertObjection(trx: Transaction<Database>, values: NewObjection): Promise<number> {
  const row = await trx.insertInto('objection').values(values).returning('id').executeTakeFirstOrThrow();
  return Number(row.id);
}

export async function insertEvidence(
  trx: Transaction<Database>,
  rows: { objection_id: number; sha256: string; file_name: string; media_type: string; size: number }[],
): Promise<void> {
  if (rows.length > 0) await trx.insertInto('objection_evidence').values(rows).execute();
}

/** An objection with what staff and the PDF show about its target. */
export interface ObjectionRow {
  id: number;
  receipt_no: string;
  batch_id: number;
  entry_id: number;
  filing_id: number;
  province_code: string;
  objector_kind: 'person' | 'organisation';
  objector_name: string;
  objector_phone: string;
  objector_uscc: string | null;
  sealed_letter_sha256: string | null;
  ground: ObjectionGround;
  facts: string;
  status: ObjectionStatus;
  received_at: Date;
  agency_id: number | null;
  agency_name: string | null;
  assigned_at: Date | null;
  handling: unknown;
  verified_by_name: string | null;
  verified_at: Date | null;
  decided_by_name: string | null;
  decided_at: Date | null;
  decision_note: string | null;
  enterprise_id: number;
  enterprise_name: string;
  uscc: string;
  region_name: string;
  default_agency_id: number;
  default_agency_name: string;
  entry_outcome: 'pending' | 'registered' | 'withheld';
  batch_no: number | null;
  evaluation_year: number;
  published_on: string | null;
  ends_on: string | null;
}

function objectionQuery(db: Db) {
  return db
    .selectFrom('objection as o')
    .innerJoin('publicity_entry as e', 'e.id', 'o.entry_id')
    .innerJoin('publicity_batch as b', 'b.id', 'o.batch_id')
    .leftJoin('agency as ag', 'ag.id', 'o.agency_id')
    .leftJoin('account as va', 'va.id', 'o.verified_by')
    .leftJoin('account as da', 'da.id', 'o.decided_by')
    .select([
      'o.id',
      'o.receipt_no',
      'o.batch_id',
      'o.entry_id',
      'o.filing_id',
      'o.province_code',
      'o.objector_kind',
      'o.objector_name',
      'o.objector_phone',
      'o.objector_uscc',
      'o.sealed_letter_sha256',
      'o.ground',
      'o.facts',
      'o.status',
      'o.received_at',
      'o.agency_id',
      'ag.name as agency_name',
      'o.assigned_at',
      'o.handling',
      'va.display_name as verified_by_name',
      'o.verified_at',
      'da.display_name as decided_by_name',
      'o.decided_at',
      'o.decision_note',
      'e.enterprise_id',
      'e.enterprise_name',
      'e.uscc',
      'e.region_name',
      'e.agency_id as default_agency_id',
      'e.agency_name as default_agency_name',
      'e.outcome as entry_outcome',
      'b.batch_no',
      'b.evaluation_year',
      sql<string | null>`to_char(b.published_on, 'YYYY-MM-DD')`.as('published_on'),
      sql<string | null>`to_char(b.ends_on, 'YYYY-MM-DD')`.as('ends_on'),
    ]);
}

function toRow(r: Record<string, unknown>): ObjectionRow {
  const row = r as unknown as ObjectionRow;
  return {
    ...row,
    id: Number(row.id),
    batch_id: Number(row.batch_id),
    entry_id: Number(row.entry_id),
    filing_id: Number(row.filing_id),
    agency_id: row.agency_id === null ? null : Number(row.agency_id),
    enterprise_id: Number(row.enterprise_id),
    default_agency_id: Number(row.default_agency_id),
  };
}

export async function objectionById(db: Db, id: number): Promise<ObjectionRow | undefined> {
  const row = await objectionQuery(db).where('o.id', '=', id).executeTakeFirst();
  return row ? toRow(row) : undefined;
}

export async function objectionByReceipt(db: Db, receiptNo: string): Promise<ObjectionRow | undefined> {
  const row = await objectionQuery(db).where('o.receipt_no', '=', receiptNo).executeTakeFirst();
  return row ? toRow(row) : undefined;
}

/** Objections the actor may see: its provinces' (or all), and those assigned to its agencies. */
export async function listObjections(
  db: Db,
  o: {
    provinces: 'all' | string[];
    agencyIds: number[];
    status?: ObjectionStatus;
    limit: number;
    offset: number;
  },
): Promise<{ items: ObjectionRow[]; total: number }> {
  let q = objectionQuery(db);
  if (o.provinces !== 'all') {
    const provinces = o.provinces;
    q = q.where((eb) =>
      eb.or([
        ...(provinces.length > 0 ? [eb('o.province_code', 'in', provinces)] : []),
        ...(o.agencyIds.length > 0 ? [eb('o.agency_id', 'in', o.agencyIds)] : []),
        ...(provinces.length === 0 && o.agencyIds.length === 0 ? [sql<boolean>`false`] : []),
      ]),
    );
  }
  if (o.status) q = q.where('o.status', '=', o.status);
  const rows = await q.orderBy('o.id', 'desc').limit(o.limit).offset(o.offset).execute();
  let count = db.selectFrom('objection as o').select((eb) => eb.fn.countAll<string>().as('n'));
  if (o.provinces !== 'all') {
    const provinces = o.provinces;
    count = count.where((eb) =>
      eb.or([
        ...(provinces.length > 0 ? [eb('o.province_code', 'in', provinces)] : []),
        ...(o.agencyIds.length > 0 ? [eb('o.agency_id', 'in', o.agencyIds)] : []),
        ...(provinces.length === 0 && o.agencyIds.length === 0 ? [sql<boolean>`false`] : []),
      ]),
    );
  }
  if (o.status) count = count.where('o.status', '=', o.status);
  const total = Number((await count.executeTakeFirstOrThrow()).n);
  return { items: rows.map(toRow), total };
}

export async function evidenceOf(db: Db, objectionId: number) {
  const rows = await db
    .selectFrom('objection_evidence')
    .select(['id', 'sha256', 'file_name', 'media_type', 'size'])
    .where('objection_id', '=', objectionId)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}

export async function agencyInProvince(db: Db, agencyId: number, provinceCode: string) {
  return db
    .selectFrom('agency')
    .select(['id', 'name'])
    .where('id', '=', agencyId)
    .where('province_code', '=', provinceCode)
    .executeTakeFirst();
}

/** received → assigned, only if still received. */
export async function assignIfReceived(
  trx: Transaction<Database>,
  id: number,
  v: { agencyId: number; by: number; at: string },
): Promise<boolean> {
  const r = await trx
    .updateTable('objection')
    .set({ status: 'assigned', agency_id: v.agencyId, assigned_by: v.by, assigned_at: v.at })
    .where('id', '=', id)
    .where('status', '=', 'received')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** assigned → verified with the handling form, only if still assigned to this agency. */
export async function verifyIfAssigned(
  trx: Transaction<Database>,
  id: number,
  v: { agencyId: number; handling: unknown; by: number; at: string },
): Promise<boolean> {
  const r = await trx
    .updateTable('objection')
    .set({ status: 'verified', handling: JSON.stringify(v.handling), verified_by: v.by, verified_at: v.at })
    .where('id', '=', id)
    .where('status', '=', 'assigned')
    .where('agency_id', '=', v.agencyId)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** verified → upheld | dismissed (the province's confirmation), only if still verified. */
export async function decideIfVerified(
  trx: Transaction<Database>,
  id: number,
  v: { status: 'upheld' | 'dismissed'; by: number; at: string; note: string | null },
): Promise<boolean> {
  const r = await trx
    .updateTable('objection')
    .set({ status: v.status, decided_by: v.by, decided_at: v.at, decision_note: v.note })
    .where('id', '=', id)
    .where('status', '=', 'verified')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** verified → assigned (sent back to the agency with a reason), only if still verified. */
export async function sendBackIfVerified(
  trx: Transaction<Database>,
  id: number,
  v: { reason: string },
): Promise<boolean> {
  const r = await trx
    .updateTable('objection')
    .set({ status: 'assigned', decision_note: v.reason, verified_by: null, verified_at: null })
    .where('id', '=', id)
    .where('status', '=', 'verified')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** The filing: publicizing → not_registered, only if still publicizing. */
export async function withholdFiling(trx: Transaction<Database>, filingId: number): Promise<boolean> {
  const r = await trx
    .updateTable('filing')
    .set({ status: 'not_registered' })
    .where('id', '=', filingId)
    .where('status', '=', 'publicizing')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function filingStatus(db: Db, filingId: number) {
  return (await db.selectFrom('filing').select('status').where('id', '=', filingId).executeTakeFirst())?.status;
}

export async function withholdEntry(trx: Transaction<Database>, entryId: number, at: string): Promise<void> {
  await trx
    .updateTable('publicity_entry')
    .set({ outcome: 'withheld', decided_at: at })
    .where('id', '=', entryId)
    .where('outcome', '=', 'pending')
    .execute();
}

export async function insertFilingEvent(
  trx: Transaction<Database>,
  event: { filing_id: number; actor_id: number; detail: Record<string, unknown>; at: string },
): Promise<void> {
  await trx
    .insertInto('filing_event')
    .values({
      ...event,
      action: 'withhold',
      from_status: 'publicizing',
      to_status: 'not_registered',
      on_behalf_of: null,
      detail: JSON.stringify(event.detail),
    })
    .execute();
}

/** Active reviewers and heads of an agency (told when an objection is assigned to it): the reviews' own list. */
export { agencyReviewers as agencyStaff } from '../reviews/repository.js';
