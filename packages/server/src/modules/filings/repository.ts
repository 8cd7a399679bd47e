/** SQL of the enterprise's filing: the filing row, its evidence, versions, timeline and what gates submission. */
import { type Kysely, sql, type Transaction, type Updateable } from 'kysely';
import type { Database, FilingStatus, ReviewDecision } from '../../db/schema.js';
import type { auditRow } from '../../platform/audit.js';
import type { InAppMessage } from '../../platform/notifications/inbox.js';
import type { OutboxRow } from '../../platform/notifications/outbox.js';

type Db = Kysely<Database> | Transaction<Database>;

export type FilingRow = Awaited<ReturnType<typeof findFiling>>;

const FILING_COLUMNS = [
  'filing.id',
  'filing.enterprise_id',
  'filing.campaign_id',
  'filing.evaluation_year',
  'filing.province_code',
  'filing.status',
  'filing.draft',
  'filing.draft_version',
  'filing.draft_saved_at',
  'filing.version_no',
  'filing.review_round',
  'filing.agency_id',
  'filing.submitted_at',
  'filing.review_due_on',
  'filing.review_due_provisional',
  'filing.claimed_by',
  'filing.on_site_required',
  'filing.warning_count',
  'filing.created_at',
  'filing.updated_at',
] as const;

export function findFiling(db: Db, id: number) {
  return db.selectFrom('filing').select(FILING_COLUMNS).where('filing.id', '=', id).executeTakeFirst();
}

export function findFilingForYear(db: Db, enterpriseId: number, evaluationYear: number) {
  return db
    .selectFrom('filing')
    .select(FILING_COLUMNS)
    .where('enterprise_id', '=', enterpriseId)
    .where('evaluation_year', '=', evaluationYear)
    .executeTakeFirst();
}

/** The enterprise's filings, newest year first. */
export function listFilings(db: Db, enterpriseId: number) {
  return db
    .selectFrom('filing')
    .select(FILING_COLUMNS)
    .where('enterprise_id', '=', enterpriseId)
    .orderBy('evaluation_year', 'desc')
    .execute();
}

/** Lock the filing row for a transition (FOR UPDATE). */
export function lockFiling(trx: Transaction<Database>, id: number) {
  return trx.selectFrom('filing').select(FILING_COLUMNS).where('filing.id', '=', id).forUpdate().executeTakeFirst();
}

export function findEnterprise(db: Db, id: number) {
  return db
    .selectFrom('enterprise')
    .select([
      'id',
      'account_id',
      'uscc',
      'name',
      'region_code',
      'legal_rep_name',
      'agent_name',
      'agent_phone',
      'unit_type',
    ])
    .where('id', '=', id)
    .executeTakeFirst();
}

/** The province (kind 'province') that a region — county, city or functional zone — belongs to. */
export async function provinceOfRegion(db: Db, code: string): Promise<string | null> {
  const row = await sql<{ code: string }>`
    with recursive up as (
      select code, kind, parent_code, 0 as depth from region where code = ${code}
      union all
      select r.code, r.kind, r.parent_code, up.depth + 1 from region r join up on r.code = up.parent_code
      where up.depth < 10
    )
    select code from up where kind = 'province' limit 1`.execute(db);
  return row.rows[0]?.code ?? null;
}

export async function insertFiling(
  trx: Transaction<Database>,
  values: { enterpriseId: number; campaignId: number; evaluationYear: number; provinceCode: string; draft: unknown },
) {
  return trx
    .insertInto('filing')
    .values({
      enterprise_id: values.enterpriseId,
      campaign_id: values.campaignId,
      evaluation_year: values.evaluationYear,
      province_code: values.provinceCode,
      draft: JSON.stringify(values.draft),
    })
    .onConflict((oc) => oc.columns(['enterprise_id', 'evaluation_year']).doNothing())
    .returning('id')
    .executeTakeFirst();
}

/** Save the draft if it is still at `expectedVersion` (and editable); the new version, or undefined. */
export async function saveDraft(
  trx: Transaction<Database>,
  id: number,
  expectedVersion: number,
  draft: unknown,
  now: Date,
) {
  const row = await trx
    .updateTable('filing')
    .set({
      draft: JSON.stringify(draft),
      draft_version: sql`draft_version + 1`,
      draft_saved_at: now.toISOString(),
      updated_at: now.toISOString(),
    })
    .where('id', '=', id)
    .where('draft_version', '=', expectedVersion)
    .where('status', 'in', ['draft', 'returned'])
    .returning('draft_version')
    .executeTakeFirst();
  return row?.draft_version;
}

/** A filing's evidence rows with their stored file's type and size. */
const evidenceOf = (db: Db, filingId: number) =>
  db
    .selectFrom('filing_evidence')
    .innerJoin('stored_file', 'stored_file.sha256', 'filing_evidence.sha256')
    .select([
      'filing_evidence.id',
      'filing_evidence.kind',
      'filing_evidence.sha256',
      'filing_evidence.file_name',
      'filing_evidence.uploaded_at',
      'filing_evidence.removed_at',
      'stored_file.media_type',
      'stored_file.byte_size',
    ])
    .where('filing_evidence.filing_id', '=', filingId);

/**
 * One evidence file of the filing that the reader may open: one that some submitted version's snapshot holds
 * (so an earlier version stays viewable after the file is removed from the draft) or, with `live`, one not
 * removed. Staff read with `live: false` (they see what was submitted); the enterprise with `live: true`.
 */
export function viewableEvidence(db: Db, filingId: number, evidenceId: number, { live }: { live: boolean }) {
  return evidenceOf(db, filingId)
    .where('filing_evidence.id', '=', evidenceId)
    .where((eb) =>
      eb.or([
        ...(live ? [eb('filing_evidence.removed_at', 'is', null)] : []),
        eb.exists(
          eb
            .selectFrom('filing_version as v')
            .select(sql`1`.as('one'))
            .whereRef('v.filing_id', '=', 'filing_evidence.filing_id')
            // The snapshot's ids are numbers; a string id is accepted too.
            .where(
              sql<boolean>`(v.evidence @> ${JSON.stringify([{ id: evidenceId }])}::jsonb
                or v.evidence @> ${JSON.stringify([{ id: String(evidenceId) }])}::jsonb)`,
            ),
        ),
      ]),
    )
    .executeTakeFirst();
}

export async function countLiveEvidence(db: Db, filingId: number): Promise<number> {
  const row = await db
    .selectFrom('filing_evidence')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('filing_id', '=', filingId)
    .where('removed_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export function insertEvidence(
  trx: Transaction<Database>,
  values: { filingId: number; kind: string; sha256: string; fileName: string; uploadedBy: number },
) {
  return trx
    .insertInto('filing_evidence')
    .values({
      filing_id: values.filingId,
      kind: values.kind,
      sha256: values.sha256,
      file_name: values.fileName,
      uploaded_by: values.uploadedBy,
    })
    .returning(['id', 'uploaded_at'])
    .executeTakeFirstOrThrow();
}

export async function removeEvidence(
  trx: Transaction<Database>,
  filingId: number,
  evidenceId: number,
  by: number,
  now: Date,
) {
  const result = await trx
    .updateTable('filing_evidence')
    .set({ removed_at: now.toISOString(), removed_by: by })
    .where('filing_id', '=', filingId)
    .where('id', '=', evidenceId)
    .where('removed_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Integrity records that bar filing in `year`: a revocation of that year, or serious fraud barring it. */
export function barringRecords(db: Db, enterpriseId: number, year: number) {
  return db
    .selectFrom('integrity_record')
    .select(['kind', 'evaluation_year', 'barred_through_year', 'reason'])
    .where('enterprise_id', '=', enterpriseId)
    .where('evaluation_year', '<=', year)
    .where('barred_through_year', '>=', year)
    .orderBy('barred_through_year', 'desc')
    .execute();
}

/** The facts the assessment's `history` needs, from the platform's own records (one round trip). */
export async function historyFacts(db: Db, enterpriseId: number, year: number) {
  const row = await sql<{ applied_before: boolean; revoked: boolean; fraud: boolean }>`
    select
      exists (select 1 from filing where enterprise_id = ${enterpriseId} and evaluation_year < ${year}
              and version_no > 0) as applied_before,
      exists (select 1 from integrity_record where enterprise_id = ${enterpriseId} and kind = 'revocation'
              and evaluation_year >= ${year - 3} and evaluation_year < ${year}) as revoked,
      exists (select 1 from integrity_record where enterprise_id = ${enterpriseId} and kind = 'seriousFraud'
              and evaluation_year >= ${year - 3} and evaluation_year < ${year}) as fraud`.execute(db);
  const facts = row.rows[0]!;
  return {
    firstTime: !facts.applied_before,
    revokedWithin3Years: facts.revoked,
    seriousViolationWithin3Years: facts.fraud,
  };
}

export async function updateFilingStatus(
  trx: Transaction<Database>,
  id: number,
  from: readonly FilingStatus[],
  set: Updateable<Database['filing']>,
) {
  const result = await trx
    .updateTable('filing')
    .set(set)
    .where('id', '=', id)
    .where('status', 'in', [...from])
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export function insertEvent(
  trx: Transaction<Database>,
  values: {
    filingId: number;
    action: string;
    from: FilingStatus | null;
    to: FilingStatus;
    actorId: number | null;
    onBehalfOf: string | null;
    detail?: Record<string, unknown>;
    at: Date;
  },
) {
  return trx
    .insertInto('filing_event')
    .values({
      filing_id: values.filingId,
      action: values.action,
      from_status: values.from,
      to_status: values.to,
      actor_id: values.actorId,
      on_behalf_of: values.onBehalfOf,
      detail: JSON.stringify(values.detail ?? {}),
      at: values.at.toISOString(),
    })
    .execute();
}

export function listEvents(db: Db, filingId: number) {
  return db
    .selectFrom('filing_event')
    .leftJoin('account', 'account.id', 'filing_event.actor_id')
    .select([
      'filing_event.id',
      'filing_event.action',
      'filing_event.from_status',
      'filing_event.to_status',
      'filing_event.on_behalf_of',
      'filing_event.detail',
      'filing_event.at',
      'account.kind as actor_kind',
      'account.display_name as actor_name',
    ])
    .where('filing_event.filing_id', '=', filingId)
    .orderBy('filing_event.id')
    .execute();
}

export function findVersion(db: Db, filingId: number, versionNo: number) {
  return db
    .selectFrom('filing_version')
    .selectAll()
    .where('filing_id', '=', filingId)
    .where('version_no', '=', versionNo)
    .executeTakeFirst();
}

/** The reviews of the filing, newest first, with the reviewer's agency name (never the reviewer's phone). */
export function listReviews(db: Db, filingId: number) {
  return db
    .selectFrom('filing_review')
    .innerJoin('agency', 'agency.id', 'filing_review.agency_id')
    .select([
      'filing_review.review_round',
      'filing_review.version_no',
      'filing_review.decision',
      'filing_review.items',
      'filing_review.unmet_conditions',
      'filing_review.comment',
      'filing_review.decided_at',
      'agency.name as agency_name',
    ])
    .where('filing_review.filing_id', '=', filingId)
    .orderBy('filing_review.review_round', 'desc')
    .execute();
}

/**
 * Who hears about an enterprise's filing: its legal-person account, then its live agents — active accounts only,
 * each once, the legal person first (`owner`). `e`: the enterprise row's alias in the enclosing query.
 */
export const recipientRows = (e: string) => sql<{ id: number; phone: string | null; owner: boolean }>`
  select a.id, a.phone, true as owner from account a
  where a.id = ${sql.ref(`${e}.account_id`)} and a.status = 'active'
  union all
  select a.id, a.phone, false from agent_grant g join account a on a.id = g.account_id
  where g.enterprise_id = ${sql.ref(`${e}.id`)} and g.revoked_at is null and a.status = 'active'
    and a.id <> ${sql.ref(`${e}.account_id`)}`;

export async function enterpriseRecipients(db: Db, enterpriseId: number) {
  const result = await sql<{ id: number | string; phone: string | null }>`
    select r.id, r.phone from enterprise e, lateral (${recipientRows('e')}) r
    where e.id = ${enterpriseId}
    order by r.owner desc, r.id`.execute(db);
  return result.rows.map((r) => ({ accountId: Number(r.id), phone: r.phone }));
}

/** The state the filing was last submitted from (draft or returned). */
export async function lastSubmittedFrom(db: Db, filingId: number): Promise<string | null> {
  const row = await db
    .selectFrom('filing_event')
    .select('from_status')
    .where('filing_id', '=', filingId)
    .where('action', '=', 'submit')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.from_status ?? null;
}

/** Evidence add / remove: the filing's `evidence_version` moves on (the caller holds the row lock). */
export async function bumpEvidenceVersion(trx: Transaction<Database>, id: number): Promise<void> {
  await trx
    .updateTable('filing')
    .set({ evidence_version: sql`evidence_version + 1` })
    .where('id', '=', id)
    .execute();
}

export interface ContextEvidence {
  id: number;
  kind: string;
  sha256: string;
  file_name: string;
  uploaded_at: string;
  media_type: string;
  byte_size: number;
}

export interface ContextEvent {
  id: number;
  action: string;
  from_status: string | null;
  to_status: string;
  on_behalf_of: string | null;
  detail: Record<string, unknown>;
  at: string;
  actor_kind: string | null;
  actor_name: string | null;
}

export interface ContextReview {
  review_round: number;
  version_no: number;
  decision: ReviewDecision;
  items: unknown;
  unmet_conditions: unknown;
  comment: string | null;
  decided_at: string;
  agency_name: string;
}

/** The filing and everything its enterprise's page and the submission check read, as one row. */
export interface FilingContext extends NonNullable<FilingRow> {
  evidence_version: number;
  campaign: Record<string, unknown>;
  agency: { id: number; name: string } | null;
  enterprise: { uscc: string; account_id: number; region_code: string };
  bars: { kind: string; evaluation_year: number; barred_through_year: number; reason: string | null }[];
  applied_before: boolean;
  revoked_within_3_years: boolean;
  fraud_within_3_years: boolean;
  evidence: ContextEvidence[];
  events: ContextEvent[];
  reviews: ContextReview[];
  versions: { version_no: number; review_round: number; submitted_at: string }[];
}

/** What only a submission needs besides: the warnings' inputs, who hears about it, and who reviews it. */
export interface SubmissionExtras {
  previous_sheet: unknown;
  shared_phone: number;
  shared_email: number;
  recipients: { id: number; phone: string | null }[];
  /** The agency of the enterprise's registered region (the region as currently coded), or null. */
  region_agency: { id: number; name: string } | null;
}

const FILING_SELECT = sql.raw(
  FILING_COLUMNS.map((c) => c.replace('filing.', 'f.')).join(', ') + ', f.evidence_version',
);

/**
 * The filing with its campaign, agency, enterprise, integrity bars, history facts, live evidence, timeline, reviews
 * and versions — one round trip (the enterprise's page and submit run on it). With `submission`, also the
 * previous year's submitted sheet, how many other enterprises share the draft's contact phone and e-mail, the
 * enterprise's recipients and the agency of its registered region.
 */
export async function filingContext(
  db: Db,
  id: number,
  submission: true,
): Promise<(FilingContext & SubmissionExtras) | undefined>;
export async function filingContext(db: Db, id: number, submission?: false): Promise<FilingContext | undefined>;
export async function filingContext(db: Db, id: number, submission = false) {
  return (await filingContexts(db, [id], submission)).get(id);
}

/**
 * The contexts of several filings in one statement (`filingContext`), by filing id; missing ids are absent. The ids
 * go through a sub-select so the planner never sees how many there are: the prepared statement's plan is then the
 * same for one id or many and is cached (with the array visible, every execution was planned anew, which cost more
 * than running it).
 */
export async function filingContexts(
  db: Db,
  ids: number[],
  submission: true,
): Promise<Map<number, FilingContext & SubmissionExtras>>;
export async function filingContexts(db: Db, ids: number[], submission?: boolean): Promise<Map<number, FilingContext>>;
export async function filingContexts(db: Db, ids: number[], submission = false) {
  const extras = submission
    ? sql`,
      (select v.info_sheet from filing_version v join filing p on p.id = v.filing_id
        where p.enterprise_id = f.enterprise_id and p.evaluation_year < f.evaluation_year
        order by p.evaluation_year desc, v.version_no desc limit 1) as previous_sheet,
      (select count(distinct o.enterprise_id) from filing o
        where o.contact_phone = f.draft->'basic'->>'contactPhone' and o.enterprise_id <> f.enterprise_id)::int
        as shared_phone,
      (select count(distinct o.enterprise_id) from filing o
        where o.contact_email = lower(f.draft->'basic'->>'contactEmail') and o.enterprise_id <> f.enterprise_id)::int
        as shared_email,
      coalesce((select json_agg(json_build_object('id', r.id, 'phone', r.phone) order by r.owner desc, r.id)
        from (${recipientRows('e')}) r), '[]'::json) as recipients,
      (select json_build_object('id', a.id, 'name', a.name) from agency a where a.id = (
        -- The enterprise's region, followed to the code in force, then up to the nearest region with an agency.
        with recursive cur as (
          select r.code, r.replaced_by, 0 as hops from region r where r.code = e.region_code
          union all
          select r.code, r.replaced_by, cur.hops + 1 from region r join cur on r.code = cur.replaced_by
          where cur.hops < 16
        ),
        up as (
          select r.code, r.parent_code, 0 as depth from region r
          where r.code = (select code from cur order by hops desc limit 1)
          union all
          select r.code, r.parent_code, up.depth + 1 from region r join up on r.code = up.parent_code
          where up.depth < 16
        )
        select j.agency_id from up join agency_jurisdiction j on j.region_code = up.code order by up.depth limit 1
      )) as region_agency`
    : sql``;
  const result = await sql<FilingContext & Partial<SubmissionExtras>>`
    select ${FILING_SELECT},
      (select row_to_json(c) from (select c.*, r.name as province_name from campaign c
        join region r on r.code = c.province_code where c.id = f.campaign_id) c) as campaign,
      (select json_build_object('id', a.id, 'name', a.name) from agency a where a.id = f.agency_id) as agency,
      json_build_object('uscc', e.uscc, 'account_id', e.account_id, 'region_code', e.region_code) as enterprise,
      coalesce((select json_agg(b order by b.barred_through_year desc) from (
        select kind, evaluation_year, barred_through_year, reason from integrity_record
        where enterprise_id = f.enterprise_id and evaluation_year <= f.evaluation_year
          and barred_through_year >= f.evaluation_year) b), '[]'::json) as bars,
      exists (select 1 from filing p where p.enterprise_id = f.enterprise_id
              and p.evaluation_year < f.evaluation_year and p.version_no > 0) as applied_before,
      exists (select 1 from integrity_record i where i.enterprise_id = f.enterprise_id and i.kind = 'revocation'
              and i.evaluation_year >= f.evaluation_year - 3 and i.evaluation_year < f.evaluation_year)
        as revoked_within_3_years,
      exists (select 1 from integrity_record i where i.enterprise_id = f.enterprise_id and i.kind = 'seriousFraud'
              and i.evaluation_year >= f.evaluation_year - 3 and i.evaluation_year < f.evaluation_year)
        as fraud_within_3_years,
      coalesce((select json_agg(v order by v.id) from (
        select fe.id, fe.kind, fe.sha256, fe.file_name, fe.uploaded_at, s.media_type, s.byte_size
        from filing_evidence fe join stored_file s on s.sha256 = fe.sha256
        where fe.filing_id = f.id and fe.removed_at is null) v), '[]'::json) as evidence,
      coalesce((select json_agg(v order by v.id) from (
        select ev.id, ev.action, ev.from_status, ev.to_status, ev.on_behalf_of, ev.detail, ev.at,
               a.kind as actor_kind, a.display_name as actor_name
        from filing_event ev left join account a on a.id = ev.actor_id where ev.filing_id = f.id) v), '[]'::json)
        as events,
      coalesce((select json_agg(v order by v.review_round desc) from (
        select fr.review_round, fr.version_no, fr.decision, fr.items, fr.unmet_conditions, fr.comment, fr.decided_at,
               a.name as agency_name
        from filing_review fr join agency a on a.id = fr.agency_id where fr.filing_id = f.id) v), '[]'::json)
        as reviews,
      coalesce((select json_agg(v order by v.version_no) from (
        select version_no, review_round, submitted_at from filing_version where filing_id = f.id) v), '[]'::json)
        as versions
      ${extras}
    from filing f join enterprise e on e.id = f.enterprise_id
    where f.id = any((select ${ids}::bigint[])::bigint[])`.execute(db);
  return new Map(result.rows.map((row) => [Number(row.id), contextOf(row, submission)]));
}

function contextOf(row: FilingContext & Partial<SubmissionExtras>, submission: boolean) {
  return {
    ...row,
    id: Number(row.id),
    enterprise_id: Number(row.enterprise_id),
    campaign_id: Number(row.campaign_id),
    agency_id: row.agency_id === null ? null : Number(row.agency_id),
    claimed_by: row.claimed_by === null ? null : Number(row.claimed_by),
    ...(submission ? { shared_phone: Number(row.shared_phone), shared_email: Number(row.shared_email) } : {}),
  };
}

/** What a submission writes (`recordSubmissions`). */
export interface SubmissionRecord {
  filingId: number;
  from: readonly FilingStatus[];
  draftVersion: number;
  evidenceVersion: number;
  set: {
    versionNo: number;
    reviewRound: number;
    agencyId: number;
    submittedAt: Date;
    reviewDueOn: string;
    reviewDueProvisional: boolean;
    onSiteRequired: boolean;
    warningCount: number;
    contactPhone: string;
    contactEmail: string;
  };
  version: {
    infoSheet: unknown;
    assessment: unknown;
    warnings: unknown;
    onSiteTriggers: string[];
    evidence: unknown;
    commitment: unknown;
    submittedBy: number;
    onBehalfOf: string | null;
  };
  event: { from: FilingStatus; detail: Record<string, unknown> };
  inApp: { accountIds: number[]; message: InAppMessage };
  /** The development outbox's copies (NotificationBatch.outboxRows), delivered with the change. */
  outbox: OutboxRow[];
  audit: ReturnType<typeof auditRow>;
}

/** Record one submission (`recordSubmissions`): the timeline event's id, or undefined when the filing moved on. */
export async function recordSubmission(db: Db, input: SubmissionRecord): Promise<{ eventId: number } | undefined> {
  return (await recordSubmissions(db, [input]))[0];
}

/**
 * Record submissions in one statement — one transaction — each only if its filing is still what its submitter
 * read: in a state a submission starts from, at the draft version, evidence version and version number read. For
 * each: the filing row, the version, the timeline event, the in-app messages, the development outbox's copies and
 * the audit row. Returns, in the order given, each one's event id, or undefined for one whose filing had moved on
 * (nothing of it is written). Two submissions of the same filing in one call: one is written, the other finds it
 * moved on.
 */
export async function recordSubmissions(
  db: Db,
  inputs: readonly SubmissionRecord[],
): Promise<({ eventId: number } | undefined)[]> {
  const rows = inputs.map((input, k) => {
    const { set, version, event, inApp, outbox, audit } = input;
    return {
      k,
      filing_id: input.filingId,
      from_statuses: input.from,
      draft_version: input.draftVersion,
      evidence_version: input.evidenceVersion,
      version_no: set.versionNo,
      review_round: set.reviewRound,
      agency_id: set.agencyId,
      submitted_at: set.submittedAt.toISOString(),
      review_due_on: set.reviewDueOn,
      review_due_provisional: set.reviewDueProvisional,
      on_site_required: set.onSiteRequired,
      warning_count: set.warningCount,
      contact_phone: set.contactPhone,
      contact_email: set.contactEmail,
      info_sheet: version.infoSheet,
      assessment: version.assessment,
      warnings: version.warnings,
      on_site_triggers: version.onSiteTriggers,
      evidence: version.evidence,
      commitment: version.commitment,
      submitted_by: version.submittedBy,
      on_behalf_of: version.onBehalfOf,
      event_from: event.from,
      event_detail: event.detail,
      message_accounts: inApp.accountIds,
      message_category: inApp.message.category,
      message_title: inApp.message.title,
      message_body: inApp.message.body,
      message_link: inApp.message.link ?? null,
      outbox,
      audit_occurred_at: audit.occurred_at,
      audit_actor: audit.actor,
      audit_on_behalf_of: audit.on_behalf_of,
      audit_action: audit.action,
      audit_subject: audit.subject,
      audit_detail: audit.detail, // canonical JSON text already: PostgreSQL parses it once, below
    };
  });
  const result = await sql<{ k: number; event_id: number | string }>`
    with input as (
      select * from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as i(
        k int, filing_id bigint, from_statuses text[], draft_version int, evidence_version int, version_no int,
        review_round int, agency_id bigint, submitted_at timestamptz, review_due_on date, review_due_provisional boolean,
        on_site_required boolean, warning_count int, contact_phone text, contact_email text, info_sheet jsonb,
        assessment jsonb, warnings jsonb, on_site_triggers jsonb, evidence jsonb, commitment jsonb, submitted_by bigint,
        on_behalf_of text, event_from text, event_detail jsonb, message_accounts bigint[], message_category text,
        message_title text, message_body text, message_link text, outbox jsonb, audit_occurred_at timestamptz,
        audit_actor text, audit_on_behalf_of text, audit_action text, audit_subject text, audit_detail text)
    ),
    moved as (
      update filing f set status = 'submitted', version_no = i.version_no, review_round = i.review_round,
        agency_id = i.agency_id, submitted_at = i.submitted_at, review_due_on = i.review_due_on,
        review_due_provisional = i.review_due_provisional, claimed_by = null, claimed_at = null,
        on_site_required = i.on_site_required, warning_count = i.warning_count,
        contact_phone = i.contact_phone, contact_email = lower(i.contact_email), updated_at = i.submitted_at
      from input i
      where f.id = i.filing_id and f.status = any(i.from_statuses)
        and f.draft_version = i.draft_version and f.evidence_version = i.evidence_version
        and f.version_no = i.version_no - 1
      returning i.*
    ),
    version as (
      insert into filing_version (filing_id, version_no, review_round, info_sheet, assessment, warnings,
        on_site_triggers, evidence, commitment, submitted_at, submitted_by, on_behalf_of)
      select m.filing_id, m.version_no, m.review_round, m.info_sheet, m.assessment, m.warnings, m.on_site_triggers,
        m.evidence, m.commitment, m.submitted_at, m.submitted_by, m.on_behalf_of
      from moved m
    ),
    messages as (
      insert into message (account_id, category, title, body, link)
      select a.account_id, m.message_category, m.message_title, m.message_body, m.message_link
      from moved m, unnest(m.message_accounts) as a(account_id)
    ),
    outbox as (
      insert into outbox_message (channel, recipient, subject, body, status, sent_at, error)
      select o.channel, o.recipient, o.subject, o.body, o.status, o.sent_at, o.error
      from moved m, jsonb_to_recordset(m.outbox)
        as o(channel text, recipient text, subject text, body text, status text, sent_at timestamptz, error text)
    ),
    audit as (
      insert into audit_event (occurred_at, actor, on_behalf_of, action, subject, detail)
      select m.audit_occurred_at, m.audit_actor, m.audit_on_behalf_of, m.audit_action, m.audit_subject,
        m.audit_detail::jsonb
      from moved m order by m.k
    ),
    events as (
      insert into filing_event (filing_id, action, from_status, to_status, actor_id, on_behalf_of, detail, at)
      select m.filing_id, 'submit', m.event_from, 'submitted', m.submitted_by, m.on_behalf_of, m.event_detail,
        m.submitted_at
      from moved m
      returning id, filing_id
    )
    select m.k, e.id as event_id from events e join moved m on m.filing_id = e.filing_id`.execute(db);
  const out: ({ eventId: number } | undefined)[] = inputs.map(() => undefined);
  for (const row of result.rows) out[Number(row.k)] = { eventId: Number(row.event_id) };
  return out;
}

/** The filing's state and versions (what a submission checks it read). */
export function findFilingVersions(db: Db, id: number) {
  return db
    .selectFrom('filing')
    .select(['status', 'draft_version', 'evidence_version', 'version_no'])
    .where('id', '=', id)
    .executeTakeFirst();
}
