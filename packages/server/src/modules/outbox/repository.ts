/** SQL of the development outbox (outbox_message): what the development SMS and e-mail drivers "sent". */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';

export interface OutboxFilter {
  channel?: 'sms' | 'email';
  recipient?: string;
}

export async function listOutbox(db: Kysely<Database>, filter: OutboxFilter, limit: number, offset: number) {
  let q = db
    .selectFrom('outbox_message')
    .select(['id', 'channel', 'recipient', 'subject', 'body', 'status', 'created_at', 'sent_at', 'error']);
  if (filter.channel !== undefined) q = q.where('channel', '=', filter.channel);
  if (filter.recipient !== undefined) q = q.where('recipient', '=', filter.recipient);
  return q.orderBy('id', 'desc').limit(limit).offset(offset).execute();
}

export async function countOutbox(db: Kysely<Database>, filter: OutboxFilter): Promise<number> {
  let q = db.selectFrom('outbox_message').select((eb) => eb.fn.countAll<number>().as('n'));
  if (filter.channel !== undefined) q = q.where('channel', '=', filter.channel);
  if (filter.recipient !== undefined) q = q.where('recipient', '=', filter.recipient);
  return Number((await q.executeTakeFirstOrThrow()).n);
}
