/**
 * In-app messages (我的消息): written in the transaction of the change they report, so a message is never sent
 * for a change that rolled back, nor a change made without its message.
 */
import type { Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';

export interface InAppMessage {
  category: string;
  title: string;
  body: string;
  /** A page of the web app, e.g. '/account/real-name'. */
  link?: string;
}

export async function notifyAccount(
  trx: Transaction<Database>,
  accountId: number,
  message: InAppMessage,
): Promise<void> {
  await trx
    .insertInto('message')
    .values({
      account_id: accountId,
      category: message.category,
      title: message.title,
      body: message.body,
      link: message.link ?? null,
    })
    .execute();
}
