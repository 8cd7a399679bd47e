/** SQL of agent grants (代办人授权) and of the enterprises a natural person may act for. */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';

type Db = Kysely<Database> | Transaction<Database>;

/** A natural-person account by login name (case-insensitive) or mobile number, with its real name. */
export async function findPerson(db: Db, by: { loginName: string } | { phone: string }) {
  let q = db
    .selectFrom('account')
    .innerJoin('person', 'person.account_id', 'account.id')
    .select(['account.id', 'account.status', 'account.real_name_status', 'account.phone', 'person.name'])
    .where('account.kind', '=', 'person');
  q =
    'loginName' in by
      ? q.where('account.login_name_key', '=', by.loginName.toLowerCase())
      : q.where('account.phone', '=', by.phone);
  return q.executeTakeFirst();
}

export async function findLiveGrant(db: Db, enterpriseId: number, accountId: number) {
  return db
    .selectFrom('agent_grant')
    .select(['id'])
    .where('enterprise_id', '=', enterpriseId)
    .where('account_id', '=', accountId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
}

export async function insertGrant(
  trx: Transaction<Database>,
  grant: { enterpriseId: number; accountId: number; grantedBy: number; note: string | null; at: Date },
): Promise<number> {
  const row = await trx
    .insertInto('agent_grant')
    .values({
      enterprise_id: grant.enterpriseId,
      account_id: grant.accountId,
      granted_by: grant.grantedBy,
      note: grant.note,
      granted_at: grant.at.toISOString(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

export interface GrantRow {
  id: number;
  account_id: number;
  name: string;
  phone: string | null;
  note: string | null;
  granted_at: Date;
  granted_by_name: string;
}

/** The enterprise's live grants, oldest first. */
export async function listLiveGrants(db: Db, enterpriseId: number, grantId?: number): Promise<GrantRow[]> {
  let q = db
    .selectFrom('agent_grant')
    .innerJoin('account', 'account.id', 'agent_grant.account_id')
    .innerJoin('person', 'person.account_id', 'agent_grant.account_id')
    .innerJoin('account as granter', 'granter.id', 'agent_grant.granted_by')
    .select([
      'agent_grant.id',
      'agent_grant.account_id',
      'person.name',
      'account.phone',
      'agent_grant.note',
      'agent_grant.granted_at',
      'granter.display_name as granted_by_name',
    ])
    .where('agent_grant.enterprise_id', '=', enterpriseId)
    .where('agent_grant.revoked_at', 'is', null);
  if (grantId !== undefined) q = q.where('agent_grant.id', '=', grantId);
  const rows = await q.orderBy('agent_grant.id').execute();
  return rows.map((r) => ({ ...r, id: Number(r.id), account_id: Number(r.account_id) }));
}

/** Revoke a live grant of the enterprise; returns the person's account id, or null when there is none. */
export async function revokeGrant(
  trx: Transaction<Database>,
  grant: { enterpriseId: number; grantId: number; revokedBy: number; at: Date },
): Promise<number | null> {
  const row = await trx
    .updateTable('agent_grant')
    .set({ revoked_at: grant.at.toISOString(), revoked_by: grant.revokedBy })
    .where('id', '=', grant.grantId)
    .where('enterprise_id', '=', grant.enterpriseId)
    .where('revoked_at', 'is', null)
    .returning('account_id')
    .executeTakeFirst();
  return row ? Number(row.account_id) : null;
}

/** Sessions of the person acting for the enterprise go back to acting as the person. */
export async function clearActingFor(trx: Transaction<Database>, accountId: number, enterpriseId: number) {
  await trx
    .updateTable('session')
    .set({ acting_for_enterprise_id: null })
    .where('account_id', '=', accountId)
    .where('acting_for_enterprise_id', '=', enterpriseId)
    .execute();
}

/** The enterprises a natural person may act for: live grants of enterprises whose account is active. */
export async function enterprisesForAgent(db: Db, accountId: number, enterpriseId?: number) {
  let q = db
    .selectFrom('agent_grant')
    .innerJoin('enterprise', 'enterprise.id', 'agent_grant.enterprise_id')
    .innerJoin('account as owner', 'owner.id', 'enterprise.account_id')
    .select(['enterprise.id', 'enterprise.uscc', 'enterprise.name', 'enterprise.region_code', 'agent_grant.granted_at'])
    .where('agent_grant.account_id', '=', accountId)
    .where('agent_grant.revoked_at', 'is', null)
    .where('owner.status', '=', 'active');
  if (enterpriseId !== undefined) q = q.where('enterprise.id', '=', enterpriseId);
  const rows = await q.orderBy('agent_grant.id').execute();
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}
