/** SQL of manual real-name verification (人工实名核验). */
import { type ExpressionBuilder, type Kysely, sql, type Transaction } from 'kysely';
import type { Database, RealNameRequestStatus } from '../../db/schema.js';

type Db = Kysely<Database> | Transaction<Database>;

/** Which requests a staff member may see: everything, or by province (ID prefix / enterprise region). */
export type RequestScope = 'all' | { idPrefixes: string[]; regionCodes: string[] };

export interface RequestFilter {
  status?: RealNameRequestStatus;
  scope: RequestScope;
}

/** Requests joined with their applicant (person or enterprise) and the region they are routed by. */
function requestsWithApplicant(db: Db) {
  return db
    .selectFrom('real_name_request as r')
    .innerJoin('account as a', 'a.id', 'r.account_id')
    .leftJoin('person as p', 'p.account_id', 'r.account_id')
    .leftJoin('enterprise as e', 'e.account_id', 'r.account_id')
    .leftJoin('region as rg', (join) =>
      join.on(sql<boolean>`rg.code = coalesce(e.region_code, substr(p.id_number, 1, 2) || '0000')`),
    );
}

function filtered(db: Db, filter: RequestFilter) {
  let q = requestsWithApplicant(db);
  if (filter.status) q = q.where('r.status', '=', filter.status);
  const scope = filter.scope;
  if (scope !== 'all') {
    q = q.where((eb) => {
      const branches = [];
      if (scope.idPrefixes.length > 0) {
        branches.push(
          eb.and([
            eb('r.applicant_kind', '=', 'person'),
            eb(sql<string>`substr(p.id_number, 1, 2)`, 'in', scope.idPrefixes),
          ]),
        );
      }
      if (scope.regionCodes.length > 0) {
        branches.push(
          eb.and([eb('r.applicant_kind', '=', 'legalPerson'), eb('e.region_code', 'in', scope.regionCodes)]),
        );
      }
      return branches.length > 0 ? eb.or(branches) : sql<boolean>`false`;
    });
  }
  return q;
}

const REQUEST_COLUMNS = [
  'r.id',
  'r.account_id',
  'r.applicant_kind',
  'r.id_front_sha256',
  'r.id_front_name',
  'r.id_back_sha256',
  'r.id_back_name',
  'r.business_licence_sha256',
  'r.business_licence_name',
  'r.credit_screenshot_sha256',
  'r.credit_screenshot_name',
  'r.status',
  'r.submitted_at',
  'r.decided_at',
  'r.decided_by',
  'r.reason',
] as const;

/** Each file's stored media type (sniffed from its content at upload). */
function mediaTypes(eb: ExpressionBuilder<Database & { r: Database['real_name_request'] }, 'r'>) {
  const typeOf = (
    column: 'r.id_front_sha256' | 'r.id_back_sha256' | 'r.business_licence_sha256' | 'r.credit_screenshot_sha256',
  ) => eb.selectFrom('stored_file').select('stored_file.media_type').whereRef('stored_file.sha256', '=', column);
  return [
    typeOf('r.id_front_sha256').as('id_front_type'),
    typeOf('r.id_back_sha256').as('id_back_type'),
    typeOf('r.business_licence_sha256').as('business_licence_type'),
    typeOf('r.credit_screenshot_sha256').as('credit_screenshot_type'),
  ];
}

const APPLICANT_COLUMNS = [
  'a.login_name',
  'a.display_name',
  'a.phone',
  'p.name as person_name',
  'p.id_number as person_id_number',
  'e.id as enterprise_id',
  'e.name as enterprise_name',
  'e.uscc',
  'e.region_code as enterprise_region_code',
  'e.legal_rep_name',
  'e.legal_rep_id_number',
  'rg.code as region_code',
  'rg.name as region_name',
] as const;

export async function countRequests(db: Db, filter: RequestFilter): Promise<number> {
  const row = await filtered(db, filter)
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function listRequests(db: Db, filter: RequestFilter, offset: number, limit: number) {
  return filtered(db, filter)
    .select([...REQUEST_COLUMNS, ...APPLICANT_COLUMNS])
    .select(mediaTypes)
    .orderBy('r.submitted_at', filter.status === 'pending' ? 'asc' : 'desc')
    .orderBy('r.id', filter.status === 'pending' ? 'asc' : 'desc')
    .offset(offset)
    .limit(limit)
    .execute();
}

export type RequestRow = Awaited<ReturnType<typeof listRequests>>[number];

export async function getRequestWithApplicant(db: Db, id: number): Promise<RequestRow | undefined> {
  return requestsWithApplicant(db)
    .select([...REQUEST_COLUMNS, ...APPLICANT_COLUMNS])
    .select(mediaTypes)
    .where('r.id', '=', id)
    .executeTakeFirst();
}

export async function latestRequestOf(db: Db, accountId: number) {
  return db
    .selectFrom('real_name_request as r')
    .select([...REQUEST_COLUMNS])
    .select(mediaTypes)
    .where('r.account_id', '=', accountId)
    .orderBy('r.id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function getOwnRequest(db: Db, accountId: number, id: number) {
  return db
    .selectFrom('real_name_request as r')
    .select([...REQUEST_COLUMNS])
    .select(mediaTypes)
    .where('r.account_id', '=', accountId)
    .where('r.id', '=', id)
    .executeTakeFirst();
}

/** The account's real-name status, locked for the rest of the transaction. */
export async function lockAccount(trx: Transaction<Database>, accountId: number) {
  return trx
    .selectFrom('account')
    .select(['id', 'kind', 'phone', 'real_name_status'])
    .where('id', '=', accountId)
    .forUpdate()
    .executeTakeFirst();
}

export async function hasPendingRequest(db: Db, accountId: number): Promise<boolean> {
  const row = await db
    .selectFrom('real_name_request')
    .select('id')
    .where('account_id', '=', accountId)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return row !== undefined;
}

export interface NewRequest {
  account_id: number;
  applicant_kind: 'person' | 'legalPerson';
  id_front_sha256: string;
  id_front_name: string;
  id_back_sha256: string;
  id_back_name: string;
  business_licence_sha256: string | null;
  business_licence_name: string | null;
  credit_screenshot_sha256: string | null;
  credit_screenshot_name: string | null;
}

export async function insertRequest(trx: Transaction<Database>, values: NewRequest): Promise<number> {
  const row = await trx.insertInto('real_name_request').values(values).returning('id').executeTakeFirstOrThrow();
  return Number(row.id);
}

/**
 * Decide a pending request: a conditional update, so of two staff deciding at once exactly one wins.
 * Returns the request's account, or undefined when it was not pending (any more).
 */
export async function decidePending(
  trx: Transaction<Database>,
  id: number,
  decision: { status: 'approved' | 'rejected'; decidedBy: number; reason: string | null; at: string },
) {
  return trx
    .updateTable('real_name_request')
    .set({ status: decision.status, decided_at: decision.at, decided_by: decision.decidedBy, reason: decision.reason })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .returning(['id', 'account_id'])
    .executeTakeFirst();
}

export async function setAccountRealNameStatus(
  trx: Transaction<Database>,
  accountId: number,
  status: 'pending' | 'verified' | 'rejected',
): Promise<void> {
  await trx.updateTable('account').set({ real_name_status: status }).where('id', '=', accountId).execute();
}
