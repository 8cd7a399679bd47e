/**
 * SQL of publicity batches and announcements. Set-based throughout: a batch of 5,000 filings is published or
 * announced in a handful of statements, each guarded by the state it expects (`where status = …`), so a concurrent
 * second publication or announcement finds nothing to do instead of applying twice.
 */
import { type Kysely, sql, type Transaction } from 'kysely';
import { recipientRows } from '../filings/repository.js';
import type { Database, PublicityBatchStatus, PublicityOutcome, RegistrationStatus } from '../../db/schema.js';

type Db = Kysely<Database> | Transaction<Database>;

/** The region's display name: the city and the district (郑州市金水区), or the region alone. */
const regionDisplay = (code: ReturnType<typeof sql.ref>) => sql<string>`(
  select coalesce(case when p.kind <> 'province' then p.name end, '') || r.name
  from region r left join region p on p.code = r.parent_code
  where r.code = ${code})`;

/**
 * Whether the filing has an objection that keeps it from being announced: one being handled (received, assigned,
 * verified) or upheld. The one definition behind the announceable entries, the announcement itself and the counts.
 */
const blockingObjection = (filingId: ReturnType<typeof sql.ref>) => sql<boolean>`exists (
  select 1 from objection o where o.filing_id = ${filingId}
    and o.status in ('received', 'assigned', 'verified', 'upheld'))`;

/** Per entry: its filing's objections being handled (open) and upheld. */
const objectionCounts = sql`left join lateral (
  select count(*) filter (where status in ('received', 'assigned', 'verified')) as open,
    count(*) filter (where status = 'upheld') as upheld
  from objection where filing_id = pe.filing_id
) o on true`;

export interface CandidateRow {
  filing_id: number;
  enterprise_id: number;
  enterprise_name: string;
  uscc: string;
  region_code: string;
  region_name: string | null;
  agency_id: number;
  agency_name: string;
  passed_at: Date;
  on_site_required: boolean;
}

/**
 * Passed filings of a province and year in no batch yet (on-site checks are done: a filing whose triggers require
 * one cannot pass without it), in list order: region, then USCC. `ids` narrows to those filings.
 */
export async function candidates(
  db: Db,
  provinceCode: string,
  year: number,
  options: { ids?: readonly number[]; limit: number; offset: number },
) {
  const rows = await sql<CandidateRow & { total: number }>`
    select f.id as filing_id, f.enterprise_id, e.name as enterprise_name, e.uscc, e.region_code,
      ${regionDisplay(sql.ref('e.region_code'))} as region_name, f.agency_id, a.name as agency_name,
      coalesce(d.decided_at, f.updated_at) as passed_at, f.on_site_required, count(*) over () as total
    from filing f
    join enterprise e on e.id = f.enterprise_id
    join agency a on a.id = f.agency_id
    left join lateral (
      select decided_at from filing_review r where r.filing_id = f.id and r.review_round = f.review_round
    ) d on true
    where f.province_code = ${provinceCode} and f.evaluation_year = ${year} and f.status = 'passed'
      and not exists (select 1 from publicity_entry pe where pe.filing_id = f.id)
      ${options.ids === undefined ? sql`` : sql`and f.id = any(${[...options.ids]}::bigint[])`}
    order by e.region_code, e.uscc
    limit ${options.limit} offset ${options.offset}`.execute(db);
  return {
    total: Number(rows.rows[0]?.total ?? 0),
    rows: rows.rows.map((r) => ({
      ...r,
      filing_id: Number(r.filing_id),
      enterprise_id: Number(r.enterprise_id),
      agency_id: Number(r.agency_id),
    })),
  };
}

/** A new draft batch with the given passed filings as its entries (in list order); returns the batch id. */
export async function insertDraftBatch(
  trx: Transaction<Database>,
  input: {
    campaignId: number;
    provinceCode: string;
    year: number;
    note: string | null;
    createdBy: number;
    at: string;
    filingIds: readonly number[];
  },
): Promise<{ id: number; entries: number }> {
  const batch = await trx
    .insertInto('publicity_batch')
    .values({
      campaign_id: input.campaignId,
      province_code: input.provinceCode,
      evaluation_year: input.year,
      note: input.note,
      created_by: input.createdBy,
      created_at: input.at,
      updated_at: input.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const id = Number(batch.id);
  const count = await appendEntries(trx, id, input.provinceCode, input.year, input.filingIds);
  return { id, entries: count };
}

/**
 * Add passed filings (not in any batch) to a draft batch, after its current entries, in list order. A filing that
 * is not passed or already in a batch is skipped (the caller compares the count); the unique index on filing_id
 * refuses a filing two batches take at the same moment.
 */
export async function appendEntries(
  trx: Transaction<Database>,
  batchId: number,
  provinceCode: string,
  year: number,
  filingIds: readonly number[],
): Promise<number> {
  const result = await sql`
    insert into publicity_entry (batch_id, filing_id, enterprise_id, position, enterprise_name, uscc, region_code,
      region_name, agency_id, agency_name)
    select ${batchId}, f.id, f.enterprise_id,
      (select coalesce(max(position), 0) from publicity_entry where batch_id = ${batchId})
        + row_number() over (order by e.region_code, e.uscc),
      e.name, e.uscc, e.region_code, coalesce(${regionDisplay(sql.ref('e.region_code'))}, e.region_code),
      f.agency_id, a.name
    from filing f
    join enterprise e on e.id = f.enterprise_id
    join agency a on a.id = f.agency_id
    where f.id = any(${[...filingIds]}::bigint[]) and f.province_code = ${provinceCode}
      and f.evaluation_year = ${year} and f.status = 'passed'
      and not exists (select 1 from publicity_entry pe where pe.filing_id = f.id)`.execute(trx);
  const added = Number(result.numAffectedRows ?? 0);
  await refreshEntryCount(trx, batchId);
  return added;
}

async function refreshEntryCount(trx: Transaction<Database>, batchId: number): Promise<void> {
  await sql`update publicity_batch set entry_count = (select count(*) from publicity_entry where batch_id = ${batchId}),
    updated_at = now() where id = ${batchId}`.execute(trx);
}

/** Take filings out of a draft batch (positions of the rest are kept: gaps are closed when it is published). */
export async function removeEntries(trx: Transaction<Database>, batchId: number, filingIds: readonly number[]) {
  const result = await trx
    .deleteFrom('publicity_entry')
    .where('batch_id', '=', batchId)
    .where('filing_id', 'in', [...filingIds])
    .executeTakeFirst();
  await refreshEntryCount(trx, batchId);
  return Number(result.numDeletedRows);
}

export interface BatchRow {
  id: number;
  campaign_id: number;
  province_code: string;
  evaluation_year: number;
  batch_no: number | null;
  status: PublicityBatchStatus;
  note: string | null;
  entry_count: number;
  created_by: number;
  created_at: Date;
  published_at: Date | null;
  published_on: string | null;
  ends_on: string | null;
  ends_provisional: boolean;
}

const batchColumns = [
  'id',
  'campaign_id',
  'province_code',
  'evaluation_year',
  'batch_no',
  'status',
  'note',
  'entry_count',
  'created_by',
  'created_at',
  'published_at',
  'published_on',
  'ends_on',
  'ends_provisional',
] as const;

const toBatch = (r: BatchRow): BatchRow => ({
  ...r,
  id: Number(r.id),
  campaign_id: Number(r.campaign_id),
  created_by: Number(r.created_by),
});

export async function findBatch(db: Db, id: number, { lock = false } = {}): Promise<BatchRow | undefined> {
  let query = db.selectFrom('publicity_batch').select(batchColumns).where('id', '=', id);
  if (lock) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  return row === undefined ? undefined : toBatch(row as BatchRow);
}

/** A province's batches of a year (staff: every state but discarded; public: published only), newest first. */
export async function listBatches(
  db: Db,
  filter: { provinceCode?: string; year?: number; statuses: readonly PublicityBatchStatus[] },
  paging: { limit: number; offset: number },
) {
  let query = db.selectFrom('publicity_batch').where('status', 'in', [...filter.statuses]);
  if (filter.provinceCode !== undefined) query = query.where('province_code', '=', filter.provinceCode);
  if (filter.year !== undefined) query = query.where('evaluation_year', '=', filter.year);
  const [rows, total] = await Promise.all([
    query
      .select(batchColumns)
      .orderBy('published_at', (o) => o.desc().nullsFirst())
      .orderBy('id', 'desc')
      .limit(paging.limit)
      .offset(paging.offset)
      .execute(),
    query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows: rows.map((r) => toBatch(r as BatchRow)), total: Number(total.n) };
}

export interface EntryRow {
  id: number;
  filing_id: number;
  enterprise_id: number;
  position: number;
  enterprise_name: string;
  uscc: string;
  region_code: string;
  region_name: string;
  agency_id: number;
  agency_name: string;
  outcome: PublicityOutcome;
  filing_status: string;
  /** Objections not yet decided (received, assigned, verified). */
  open_objections: number;
  upheld_objections: number;
  registration_no: string | null;
  registration_status: RegistrationStatus | null;
  announcement_id: number | null;
}

/** A batch's entries in list order, with their objections' counts and registration (if announced). */
export async function batchEntries(db: Db, batchId: number, paging?: { limit: number; offset: number }) {
  const rows = await sql<EntryRow>`
    select pe.id, pe.filing_id, pe.enterprise_id, pe.position, pe.enterprise_name, pe.uscc, pe.region_code,
      pe.region_name, pe.agency_id, pe.agency_name, pe.outcome, f.status as filing_status,
      coalesce(o.open, 0)::int as open_objections, coalesce(o.upheld, 0)::int as upheld_objections,
      g.registration_no, g.status as registration_status, g.announcement_id
    from publicity_entry pe
    join filing f on f.id = pe.filing_id
    ${objectionCounts}
    left join registration g on g.filing_id = pe.filing_id
    where pe.batch_id = ${batchId}
    order by pe.position
    ${paging === undefined ? sql`` : sql`limit ${paging.limit} offset ${paging.offset}`}`.execute(db);
  return rows.rows.map((r) => ({
    ...r,
    id: Number(r.id),
    filing_id: Number(r.filing_id),
    enterprise_id: Number(r.enterprise_id),
    agency_id: Number(r.agency_id),
    announcement_id: r.announcement_id === null ? null : Number(r.announcement_id),
  }));
}

/** A batch's entries counted by outcome, with its open objections and what an announcement could take now. */
export async function batchCounts(db: Db, batchId: number) {
  const rows = await sql<{
    pending: number;
    registered: number;
    withheld: number;
    open_objections: number;
    announceable: number;
    not_passed: number;
  }>`
    select count(*) filter (where pe.outcome = 'pending')::int as pending,
      count(*) filter (where pe.outcome = 'registered')::int as registered,
      count(*) filter (where pe.outcome = 'withheld')::int as withheld,
      coalesce(sum(o.open), 0)::int as open_objections,
      count(*) filter (where pe.outcome = 'pending' and f.status = 'publicizing'
        and not ${blockingObjection(sql.ref('pe.filing_id'))})::int as announceable,
      count(*) filter (where f.status <> 'passed')::int as not_passed
    from publicity_entry pe
    join filing f on f.id = pe.filing_id
    ${objectionCounts}
    where pe.batch_id = ${batchId}`.execute(db);
  return rows.rows[0] as NonNullable<(typeof rows.rows)[number]>;
}

/** Entries of a draft batch whose filing is no longer passed (sent back to its agency since it was added). */
export async function entriesNoLongerPassed(db: Db, batchId: number) {
  return sql<{ filing_id: number; enterprise_name: string; status: string }>`
    select pe.filing_id, pe.enterprise_name, f.status from publicity_entry pe join filing f on f.id = pe.filing_id
    where pe.batch_id = ${batchId} and f.status <> 'passed' order by pe.position`
    .execute(db)
    .then((r) => r.rows.map((x) => ({ ...x, filing_id: Number(x.filing_id) })));
}

/**
 * Publish a draft batch: the next batch number of its province and year (the unique constraint refuses a number
 * two publications take at once), the window, the positions closed up, and every filing passed → publicizing with
 * its timeline event. Returns the filings, or undefined if the batch was not a draft any more.
 */
export async function publishBatch(
  trx: Transaction<Database>,
  input: {
    batchId: number;
    provinceCode: string;
    year: number;
    publishedBy: number;
    at: string;
    publishedOn: string;
    endsOn: string;
    provisional: boolean;
  },
) {
  const published = await sql<{ batch_no: number }>`
    update publicity_batch set status = 'published', published_by = ${input.publishedBy}, published_at = ${input.at},
      published_on = ${input.publishedOn}, ends_on = ${input.endsOn}, ends_provisional = ${input.provisional},
      updated_at = ${input.at},
      batch_no = (select coalesce(max(batch_no), 0) + 1 from publicity_batch
        where province_code = ${input.provinceCode} and evaluation_year = ${input.year})
    where id = ${input.batchId} and status = 'draft'
    returning batch_no`.execute(trx);
  const row = published.rows[0];
  if (row === undefined) return undefined;
  await sql`
    update publicity_entry pe set position = n.position
    from (select id, row_number() over (order by position) as position from publicity_entry
      where batch_id = ${input.batchId}) n
    where pe.id = n.id and pe.position <> n.position`.execute(trx);
  const moved = await sql<{ id: number; enterprise_id: number }>`
    with moved as (
      update filing f set status = 'publicizing', updated_at = ${input.at}
      from publicity_entry pe
      where pe.batch_id = ${input.batchId} and f.id = pe.filing_id and f.status = 'passed'
      returning f.id, f.enterprise_id
    ),
    events as (
      insert into filing_event (filing_id, action, from_status, to_status, actor_id, detail, at)
      select id, 'publicize', 'passed', 'publicizing', ${input.publishedBy},
        jsonb_build_object('batchId', ${input.batchId}::bigint, 'batchNo', ${row.batch_no}::int,
          'publishedOn', ${input.publishedOn}::text, 'endsOn', ${input.endsOn}::text),
        ${input.at}::timestamptz
      from moved
    )
    select id, enterprise_id from moved`.execute(trx);
  return {
    batchNo: Number(row.batch_no),
    filings: moved.rows.map((r) => ({ id: Number(r.id), enterpriseId: Number(r.enterprise_id) })),
  };
}

/** Discard a draft batch: its entries are deleted, so its filings can go into another batch. */
export async function discardBatch(trx: Transaction<Database>, batchId: number, at: string): Promise<boolean> {
  const result = await trx
    .updateTable('publicity_batch')
    .set({ status: 'discarded', entry_count: 0, updated_at: at })
    .where('id', '=', batchId)
    .where('status', '=', 'draft')
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) return false;
  await trx.deleteFrom('publicity_entry').where('batch_id', '=', batchId).execute();
  return true;
}

/** The entries of a published batch that can be announced now: pending, no objection open or upheld. */
export async function announceableEntries(db: Db, batchId: number) {
  const rows = await sql<{
    filing_id: number;
    enterprise_id: number;
    enterprise_name: string;
    uscc: string;
    region_code: string;
  }>`
    select pe.filing_id, pe.enterprise_id, pe.enterprise_name, pe.uscc, pe.region_code
    from publicity_entry pe
    join filing f on f.id = pe.filing_id
    where pe.batch_id = ${batchId} and pe.outcome = 'pending' and f.status = 'publicizing'
      and not ${blockingObjection(sql.ref('pe.filing_id'))}
    order by pe.position`.execute(db);
  return rows.rows.map((r) => ({ ...r, filing_id: Number(r.filing_id), enterprise_id: Number(r.enterprise_id) }));
}

/**
 * Take `count` numbers from the province's sequence for the year: the counter row is locked until the commit, so
 * concurrent announcements of one province and year take consecutive, disjoint ranges; it only ever grows, so a
 * number is never issued twice. Returns the first sequence number of the range.
 */
export async function reserveSequence(
  trx: Transaction<Database>,
  provinceCode: string,
  year: number,
  count: number,
): Promise<number> {
  const row = await sql<{ last_seq: number }>`
    insert into registration_counter (province_code, evaluation_year, last_seq)
    values (${provinceCode}, ${year}, ${count})
    on conflict (province_code, evaluation_year) do update set last_seq = registration_counter.last_seq + ${count}
    returning last_seq`.execute(trx);
  return Number(row.rows[0]?.last_seq) - count + 1;
}

/**
 * Announce: the announcement row (next number of its province and year), a registration per filing, the filings
 * publicizing → registered with their timeline events, the entries' outcome. Each filing is guarded by its state
 * and by the absence of an open or upheld objection *at this moment* (an objection lodged after the entries were
 * read keeps its filing out); returns what was registered. The unique constraints on the registration (number,
 * sequence, enterprise and year, filing) are the last word on duplicates.
 */
export async function announce(
  trx: Transaction<Database>,
  input: {
    batchId: number;
    provinceCode: string;
    year: number;
    announcedBy: number;
    at: string;
    announcedOn: string;
    registrations: readonly { filingId: number; seq: number; registrationNo: string }[];
  },
) {
  const announcement = await sql<{ id: number; announcement_no: number }>`
    insert into announcement (batch_id, province_code, evaluation_year, announcement_no, announced_on, announced_at,
      announced_by, registered_count)
    select ${input.batchId}, ${input.provinceCode}, ${input.year},
      (select coalesce(max(announcement_no), 0) + 1 from announcement
        where province_code = ${input.provinceCode} and evaluation_year = ${input.year}),
      ${input.announcedOn}, ${input.at}, ${input.announcedBy}, 0
    returning id, announcement_no`.execute(trx);
  const a = announcement.rows[0] as { id: number; announcement_no: number };
  const announcementId = Number(a.id);
  const registered = await sql<{ filing_id: number; enterprise_id: number; registration_no: string }>`
    with wanted as (
      select w.filing_id, w.seq, w.registration_no
      from unnest(${input.registrations.map((r) => r.filingId)}::bigint[], ${input.registrations.map((r) => r.seq)}::int[],
        ${input.registrations.map((r) => r.registrationNo)}::text[]) as w(filing_id, seq, registration_no)
    ),
    moved as (
      update filing f set status = 'registered', updated_at = ${input.at}
      from wanted w
      where f.id = w.filing_id and f.status = 'publicizing' and not ${blockingObjection(sql.ref('f.id'))}
      returning f.id, f.enterprise_id, w.seq, w.registration_no
    ),
    registered as (
      insert into registration (registration_no, province_code, evaluation_year, seq, enterprise_id, filing_id,
        announcement_id, enterprise_name, uscc, region_code, issued_at)
      select m.registration_no, ${input.provinceCode}, ${input.year}, m.seq, m.enterprise_id, m.id, ${announcementId},
        pe.enterprise_name, pe.uscc, pe.region_code, ${input.at}::timestamptz
      from moved m join publicity_entry pe on pe.filing_id = m.id
      returning filing_id, enterprise_id, registration_no
    ),
    entries as (
      update publicity_entry pe set outcome = 'registered', decided_at = ${input.at}
      from moved m where pe.filing_id = m.id
    ),
    events as (
      insert into filing_event (filing_id, action, from_status, to_status, actor_id, detail, at)
      select m.id, 'announce', 'publicizing', 'registered', ${input.announcedBy},
        jsonb_build_object('announcementId', ${announcementId}::bigint, 'announcementNo', ${a.announcement_no}::int,
          'registrationNo', m.registration_no),
        ${input.at}::timestamptz
      from moved m
    )
    select filing_id, enterprise_id, registration_no from registered`.execute(trx);
  await sql`update announcement set registered_count = ${registered.rows.length} where id = ${announcementId}`.execute(
    trx,
  );
  return {
    announcementId,
    announcementNo: Number(a.announcement_no),
    registered: registered.rows.map((r) => ({
      filingId: Number(r.filing_id),
      enterpriseId: Number(r.enterprise_id),
      registrationNo: r.registration_no,
    })),
  };
}

/** Who hears about each filing: the legal person and live agents (filings' recipientRows), with phones. */
export async function recipientsOf(db: Db, filingIds: readonly number[]) {
  const rows = await sql<{ filing_id: number; account_id: number; phone: string | null; contact_email: string | null }>`
    select f.id as filing_id, r.id as account_id, r.phone, case when r.owner then f.contact_email end as contact_email
    from filing f join enterprise e on e.id = f.enterprise_id, lateral (${recipientRows('e')}) r
    where f.id = any(${[...filingIds]}::bigint[])
    order by f.id, r.owner desc, r.id`.execute(db);
  return rows.rows.map((r) => ({ ...r, filing_id: Number(r.filing_id), account_id: Number(r.account_id) }));
}

export interface AnnouncementRow {
  id: number;
  batch_id: number;
  batch_no: number;
  province_code: string;
  evaluation_year: number;
  announcement_no: number;
  announced_on: string;
  announced_at: Date;
  registered_count: number;
}

const announcementSelect = sql`
  select a.id, a.batch_id, b.batch_no, a.province_code, a.evaluation_year, a.announcement_no, a.announced_on,
    a.announced_at, a.registered_count
  from announcement a join publicity_batch b on b.id = a.batch_id`;

const toAnnouncement = (r: AnnouncementRow): AnnouncementRow => ({
  ...r,
  id: Number(r.id),
  batch_id: Number(r.batch_id),
  announced_on: String(r.announced_on),
});

export async function findAnnouncement(db: Db, id: number) {
  const rows = await sql<AnnouncementRow>`${announcementSelect} where a.id = ${id}`.execute(db);
  const row = rows.rows[0];
  return row === undefined ? undefined : toAnnouncement(row);
}

export async function announcementsOfBatches(db: Db, batchIds: readonly number[]) {
  if (batchIds.length === 0) return [];
  const rows = await sql<AnnouncementRow>`${announcementSelect} where a.batch_id = any(${[...batchIds]}::bigint[])
    order by a.announcement_no`.execute(db);
  return rows.rows.map(toAnnouncement);
}

export async function listAnnouncements(
  db: Db,
  filter: { provinceCode?: string; year?: number },
  paging: { limit: number; offset: number },
) {
  const where = sql.join(
    [
      sql`true`,
      ...(filter.provinceCode === undefined ? [] : [sql`a.province_code = ${filter.provinceCode}`]),
      ...(filter.year === undefined ? [] : [sql`a.evaluation_year = ${filter.year}`]),
    ],
    sql` and `,
  );
  const [rows, total] = await Promise.all([
    sql<AnnouncementRow>`${announcementSelect} where ${where}
      order by a.announced_at desc, a.id desc limit ${paging.limit} offset ${paging.offset}`.execute(db),
    sql<{ n: number }>`select count(*)::int as n from announcement a where ${where}`.execute(db),
  ]);
  return { rows: rows.rows.map(toAnnouncement), total: Number(total.rows[0]?.n ?? 0) };
}

/** The registrations an announcement issued, in number order. */
export async function announcementRegistrations(db: Db, announcementId: number) {
  const rows = await sql<{
    registration_no: string;
    enterprise_name: string;
    uscc: string;
    region_code: string;
    region_name: string | null;
    agency_name: string | null;
    status: RegistrationStatus;
  }>`
    select g.registration_no, g.enterprise_name, g.uscc, g.region_code, pe.region_name, pe.agency_name, g.status
    from registration g left join publicity_entry pe on pe.filing_id = g.filing_id
    where g.announcement_id = ${announcementId}
    order by g.seq`.execute(db);
  return rows.rows;
}
