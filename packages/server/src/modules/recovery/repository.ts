/** SQL of account recovery: accounts by login name, USCC, phone or ID number; appeals; sessions; the decoy secret. */
import { createHash } from 'node:crypto';
import { type Kysely, sql, type Transaction } from 'kysely';
import type { AccountAppealStatus, Database } from '../../db/schema.js';

type Db = Kysely<Database> | Transaction<Database>;

export interface RecoveryAccount {
  id: number;
  kind: 'person' | 'legalPerson' | 'staff';
  loginName: string;
  passwordHash: string;
  /** The phone codes go to: the account's own, or for a legal person its main agent's. */
  phone: string | null;
  status: 'active' | 'disabled';
  realNameStatus: string;
  loginSmsRequired: boolean;
}

const accountColumns = [
  'account.id',
  'account.kind',
  'account.login_name',
  'account.password_hash',
  'account.phone',
  'account.status',
  'account.real_name_status',
  'account.login_sms_required',
  'enterprise.agent_phone',
] as const;

function toAccount(row: {
  id: number;
  kind: RecoveryAccount['kind'];
  login_name: string;
  password_hash: string;
  phone: string | null;
  status: 'active' | 'disabled';
  real_name_status: string;
  login_sms_required: boolean;
  agent_phone: string | null;
}): RecoveryAccount {
  return {
    id: Number(row.id),
    kind: row.kind,
    loginName: row.login_name,
    passwordHash: row.password_hash,
    phone: row.kind === 'legalPerson' ? (row.agent_phone ?? row.phone) : row.phone,
    status: row.status,
    realNameStatus: row.real_name_status,
    loginSmsRequired: row.login_sms_required,
  };
}

export async function accountByLoginName(db: Db, loginName: string): Promise<RecoveryAccount | undefined> {
  const row = await db
    .selectFrom('account')
    .leftJoin('enterprise', 'enterprise.account_id', 'account.id')
    .select(accountColumns)
    .where('account.login_name_key', '=', loginName.toLowerCase())
    .executeTakeFirst();
  return row ? toAccount(row) : undefined;
}

export async function accountById(db: Db, id: number): Promise<RecoveryAccount | undefined> {
  const row = await db
    .selectFrom('account')
    .leftJoin('enterprise', 'enterprise.account_id', 'account.id')
    .select(accountColumns)
    .where('account.id', '=', id)
    .executeTakeFirst();
  return row ? toAccount(row) : undefined;
}

/** Set a new password; clears the failure count and any lockout. */
export async function setPassword(trx: Transaction<Database>, accountId: number, passwordHash: string) {
  await trx
    .updateTable('account')
    .set({ password_hash: passwordHash, failed_logins: 0, locked_until: null })
    .where('id', '=', accountId)
    .execute();
}

export async function setLoginSmsRequired(trx: Transaction<Database>, accountId: number, on: boolean) {
  await trx.updateTable('account').set({ login_sms_required: on }).where('id', '=', accountId).execute();
}

/** Revoke every live session of the account except the one with this token (if given). */
export async function revokeOtherSessions(
  trx: Transaction<Database>,
  accountId: number,
  keepToken: string,
  now: Date,
): Promise<number> {
  const keep = createHash('sha256').update(keepToken).digest('hex');
  const result = await trx
    .updateTable('session')
    .set({ revoked_at: now.toISOString() })
    .where('account_id', '=', accountId)
    .where('revoked_at', 'is', null)
    .where('id_hash', '<>', keep)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function legalPersonByUscc(db: Db, uscc: string) {
  return db
    .selectFrom('enterprise')
    .innerJoin('account', 'account.id', 'enterprise.account_id')
    .select([
      'account.id as accountId',
      'account.login_name as loginName',
      'account.real_name_status as realNameStatus',
      'enterprise.name as unitName',
      'enterprise.uscc',
      'enterprise.agent_phone as agentPhone',
      'enterprise.region_code as regionCode',
    ])
    .where('enterprise.uscc', '=', uscc)
    .executeTakeFirst();
}

export async function personByPhone(db: Db, phone: string) {
  return db
    .selectFrom('account')
    .select(['id', 'login_name as loginName', 'real_name_status as realNameStatus'])
    .where('kind', '=', 'person')
    .where('phone', '=', phone)
    .executeTakeFirst();
}

export async function unitsByAgentPhone(db: Db, phone: string): Promise<string[]> {
  const rows = await db
    .selectFrom('enterprise')
    .select('name')
    .where('agent_phone', '=', phone)
    .orderBy('name')
    .limit(20)
    .execute();
  return rows.map((r) => r.name);
}

export async function personByIdNumber(db: Db, idNumber: string) {
  return db
    .selectFrom('person')
    .innerJoin('account', 'account.id', 'person.account_id')
    .select(['account.id as accountId', 'person.name'])
    .where('person.id_number', '=', idNumber)
    .where('account.kind', '=', 'person')
    .executeTakeFirst();
}

/** The province (its 6-digit code) that a region lies in, walking up the divisions. */
export async function provinceOfRegion(db: Db, regionCode: string): Promise<string | null> {
  const result = await sql<{ code: string }>`
    with recursive up as (
      select code, kind, parent_code, 0 as depth from region where code = ${regionCode}
      union all
      select r.code, r.kind, r.parent_code, up.depth + 1 from region r join up on r.code = up.parent_code
      where up.depth < 10
    )
    select code from up where kind = 'province' limit 1`.execute(db);
  return result.rows[0]?.code ?? null;
}

/** Whether another account of this kind already uses the phone. */
export async function phoneTakenByOther(db: Db, kind: 'person' | 'legalPerson', phone: string, accountId: number) {
  const row = await db
    .selectFrom('account')
    .select('id')
    .where('kind', '=', kind)
    .where('phone', '=', phone)
    .where('id', '<>', accountId)
    .executeTakeFirst();
  return row !== undefined;
}

export async function nextReceiptNumber(trx: Transaction<Database>): Promise<number> {
  const result = await sql<{ n: string }>`select nextval('account_appeal_receipt_seq') as n`.execute(trx);
  return Number(result.rows[0]?.n);
}

export async function insertAppeal(
  trx: Transaction<Database>,
  values: Omit<
    Database['account_appeal'],
    'id' | 'status' | 'submitted_at' | 'decided_at' | 'decided_by' | 'decision_reason'
  >,
): Promise<number> {
  const row = await trx.insertInto('account_appeal').values(values).returning('id').executeTakeFirstOrThrow();
  return Number(row.id);
}

export async function appealByReceipt(db: Db, receipt: string) {
  return db.selectFrom('account_appeal').selectAll().where('receipt', '=', receipt).executeTakeFirst();
}

export async function appealById(db: Db, id: number) {
  return db
    .selectFrom('account_appeal')
    .innerJoin('account', 'account.id', 'account_appeal.account_id')
    .selectAll('account_appeal')
    .select(['account.login_name'])
    .where('account_appeal.id', '=', id)
    .executeTakeFirst();
}

/** Appeals in the given provinces (or all), newest first. */
export async function listAppeals(
  db: Db,
  filter: { provinces: 'all' | string[]; status?: AccountAppealStatus; limit: number; offset: number },
) {
  if (filter.provinces !== 'all' && filter.provinces.length === 0) return { items: [], total: 0 };
  let q = db.selectFrom('account_appeal').innerJoin('account', 'account.id', 'account_appeal.account_id');
  if (filter.provinces !== 'all') q = q.where('account_appeal.province_code', 'in', filter.provinces);
  if (filter.status) q = q.where('account_appeal.status', '=', filter.status);
  const total = await q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  const items = await q
    .selectAll('account_appeal')
    .select(['account.login_name'])
    .orderBy('account_appeal.id', 'desc')
    .limit(filter.limit)
    .offset(filter.offset)
    .execute();
  return { items, total: Number(total.n) };
}

/** Decide a pending appeal; undefined when it was no longer pending (decided by someone else meanwhile). */
export async function decideAppeal(
  trx: Transaction<Database>,
  id: number,
  decision: { status: 'approved' | 'rejected'; by: number; reason: string | null; at: Date },
) {
  return trx
    .updateTable('account_appeal')
    .set({
      status: decision.status,
      decided_by: decision.by,
      decided_at: decision.at.toISOString(),
      decision_reason: decision.reason,
    })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .returning(['id', 'account_id', 'account_kind', 'new_phone', 'receipt'])
    .executeTakeFirst();
}

/** The appeal's new phone becomes the account's (and, for a legal person, its main agent's); lockout cleared. */
export async function rebindPhone(
  trx: Transaction<Database>,
  accountId: number,
  kind: 'person' | 'legalPerson',
  phone: string,
) {
  await trx
    .updateTable('account')
    .set({ phone, failed_logins: 0, locked_until: null })
    .where('id', '=', accountId)
    .execute();
  if (kind === 'legalPerson') {
    await trx.updateTable('enterprise').set({ agent_phone: phone }).where('account_id', '=', accountId).execute();
  }
}

export async function decoySecret(db: Db): Promise<string> {
  const row = await db.selectFrom('recovery_secret').select('value').where('name', '=', 'decoy').executeTakeFirst();
  return row?.value ?? 'kexiao';
}
