/** SQL of staff administration: staff accounts with their roles (and their agencies), status and password. */
import type { Kysely, Transaction } from 'kysely';
import type { Database, StaffRole } from '../../db/schema.js';

type Db = Kysely<Database> | Transaction<Database>;

export interface StaffRoleRow {
  account_id: number;
  role: StaffRole;
  province_code: string | null;
  agency_id: number | null;
  agency_name: string | null;
  agency_province_code: string | null;
}

export interface StaffAccountRow {
  id: number;
  login_name: string;
  display_name: string;
  phone: string | null;
  status: 'active' | 'disabled';
  created_at: Date;
}

const ACCOUNT_COLUMNS = [
  'account.id',
  'account.login_name',
  'account.display_name',
  'account.phone',
  'account.status',
  'account.created_at',
] as const;

/** Roles of the given accounts, each with its agency's name and province. */
export async function rolesOf(db: Db, accountIds: readonly number[]): Promise<StaffRoleRow[]> {
  if (accountIds.length === 0) return [];
  const rows = await db
    .selectFrom('staff_role')
    .leftJoin('agency', 'agency.id', 'staff_role.agency_id')
    .select([
      'staff_role.account_id',
      'staff_role.role',
      'staff_role.province_code',
      'staff_role.agency_id',
      'agency.name as agency_name',
      'agency.province_code as agency_province_code',
    ])
    .where('staff_role.account_id', 'in', [...accountIds])
    .orderBy('staff_role.account_id')
    .orderBy('staff_role.role')
    .execute();
  return rows.map((r) => ({
    ...r,
    account_id: Number(r.account_id),
    agency_id: r.agency_id === null ? null : Number(r.agency_id),
  }));
}

/**
 * Staff accounts: all (`all`), or those holding a role at an agency of these provinces; optionally only the
 * staff of one agency.
 */
export async function listStaffAccounts(
  db: Db,
  filter: { all: boolean; agencyProvinces: string[]; agencyId?: number },
): Promise<StaffAccountRow[]> {
  if (!filter.all && filter.agencyProvinces.length === 0) return [];
  let q = db.selectFrom('account').select(ACCOUNT_COLUMNS).where('account.kind', '=', 'staff');
  if (!filter.all || filter.agencyId !== undefined) {
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('staff_role as r')
          .innerJoin('agency as a', 'a.id', 'r.agency_id')
          .select('r.account_id')
          .whereRef('r.account_id', '=', 'account.id')
          .$if(!filter.all, (sub) => sub.where('a.province_code', 'in', filter.agencyProvinces))
          .$if(filter.agencyId !== undefined, (sub) => sub.where('a.id', '=', filter.agencyId as number)),
      ),
    );
  }
  const rows = await q.orderBy('account.id').execute();
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}

export async function getStaffAccount(db: Db, id: number): Promise<StaffAccountRow | undefined> {
  const row = await db
    .selectFrom('account')
    .select(ACCOUNT_COLUMNS)
    .where('account.id', '=', id)
    .where('account.kind', '=', 'staff')
    .executeTakeFirst();
  return row === undefined ? undefined : { ...row, id: Number(row.id) };
}

/** Which of these are taken: the login name (any account), the phone (another staff account). */
export async function takenIdentifiers(db: Db, loginName: string, phone: string) {
  const login = await db
    .selectFrom('account')
    .select('id')
    .where('login_name_key', '=', loginName.toLowerCase())
    .executeTakeFirst();
  const phoneTaken = await db
    .selectFrom('account')
    .select('id')
    .where('kind', '=', 'staff')
    .where('phone', '=', phone)
    .executeTakeFirst();
  return { loginName: login !== undefined, phone: phoneTaken !== undefined };
}

export async function setAccountStatus(trx: Transaction<Database>, id: number, status: 'active' | 'disabled') {
  await trx.updateTable('account').set({ status }).where('id', '=', id).execute();
}

/** A new password hash; lockout cleared. */
export async function setPasswordHash(trx: Transaction<Database>, id: number, passwordHash: string) {
  await trx
    .updateTable('account')
    .set({ password_hash: passwordHash, failed_logins: 0, locked_until: null })
    .where('id', '=', id)
    .execute();
}
