/**
 * SMS behind a driver. The development driver delivers into the outbox table, where staff read the messages in
 * development mode; a real gateway (a provider's HTTP API) implements the same interface.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import { outboxRow } from './outbox.js';

export interface SmsGateway {
  readonly name: string;
  /** A development driver delivering into `outbox_message` (platform/notifications/outbox.ts). */
  readonly outbox?: boolean;
  /**
   * Send one text message to a mainland mobile number. Throws when the gateway refuses it. `db`: the caller's
   * transaction, or the database (the development driver writes its outbox row there).
   */
  send(phone: string, text: string, db: Kysely<Database> | Transaction<Database>): Promise<void>;
}

/** Development driver: the message is "delivered" to the outbox table (status sent), nothing leaves the machine. */
export class OutboxSmsGateway implements SmsGateway {
  readonly name = 'outbox';
  readonly outbox = true;
  async send(phone: string, text: string, db: Kysely<Database> | Transaction<Database>): Promise<void> {
    await db
      .insertInto('outbox_message')
      .values(outboxRow('sms', phone, null, text))
      .execute();
  }
}

/** The newest messages of the development outbox (for staff in development mode, and for tests). */
export async function readOutbox(db: Kysely<Database>, recipient?: string, limit = 50) {
  let q = db.selectFrom('outbox_message').selectAll().orderBy('id', 'desc').limit(limit);
  if (recipient !== undefined) q = q.where('recipient', '=', recipient);
  return q.execute();
}
