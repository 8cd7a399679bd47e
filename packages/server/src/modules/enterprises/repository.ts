/** SQL of the enterprise profile (企业信息). */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';

type Db = Kysely<Database> | Transaction<Database>;

export async function getEnterpriseProfile(db: Db, enterpriseId: number) {
  return db
    .selectFrom('enterprise')
    .innerJoin('account', 'account.id', 'enterprise.account_id')
    .select([
      'enterprise.id',
      'enterprise.account_id',
      'enterprise.uscc',
      'enterprise.name',
      'enterprise.unit_type',
      'enterprise.region_code',
      'enterprise.legal_rep_name',
      'enterprise.legal_rep_id_number',
      'enterprise.agent_name',
      'enterprise.agent_id_number',
      'enterprise.agent_phone',
      'enterprise.created_at',
      'account.real_name_status',
    ])
    .where('enterprise.id', '=', enterpriseId)
    .executeTakeFirst();
}

/** Whether another legal-person account already uses this phone (one legal-person account per phone). */
export async function legalPersonPhoneTaken(db: Db, phone: string, exceptAccountId: number): Promise<boolean> {
  const row = await db
    .selectFrom('account')
    .select('id')
    .where('kind', '=', 'legalPerson')
    .where('phone', '=', phone)
    .where('id', '<>', exceptAccountId)
    .executeTakeFirst();
  return row !== undefined;
}

/** The main agent's phone: on the enterprise and on its legal-person account (login and SMS). */
export async function setAgentPhone(
  trx: Transaction<Database>,
  enterprise: { id: number; accountId: number },
  phone: string,
): Promise<void> {
  await trx.updateTable('enterprise').set({ agent_phone: phone }).where('id', '=', enterprise.id).execute();
  await trx.updateTable('account').set({ phone }).where('id', '=', enterprise.accountId).execute();
}
