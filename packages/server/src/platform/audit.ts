/** The audit trail: one row per state change, written with the change's own transaction. */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.js';

export interface AuditRecord {
  actor: string;
  action: string;
  subject: string;
  detail?: Record<string, unknown>;
}

export async function writeAudit(trx: Transaction<Database> | Kysely<Database>, record: AuditRecord): Promise<void> {
  await trx
    .insertInto('audit_event')
    .values({
      actor: record.actor,
      action: record.action,
      subject: record.subject,
      detail: JSON.stringify(record.detail ?? {}),
    })
    .execute();
}
