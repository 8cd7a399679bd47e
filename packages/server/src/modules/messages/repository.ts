/** SQL of in-app messages (我的消息). Every query is scoped to one account: nobody reads another's messages. */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';

type Db = Kysely<Database> | Transaction<Database>;

export interface MessageRow {
  id: number;
  category: string;
  title: string;
  body: string;
  link: string | null;
  created_at: Date;
  read_at: Date | null;
}

/** Newest first (by id, which follows insertion order). */
export async function listMessages(
  db: Db,
  accountId: number,
  { unreadOnly, limit, offset }: { unreadOnly: boolean; limit: number; offset: number },
): Promise<MessageRow[]> {
  let q = db
    .selectFrom('message')
    .select(['id', 'category', 'title', 'body', 'link', 'created_at', 'read_at'])
    .where('account_id', '=', accountId);
  if (unreadOnly) q = q.where('read_at', 'is', null);
  const rows = await q.orderBy('id', 'desc').limit(limit).offset(offset).execute();
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}

/** How many messages the account has, and how many of them are unread. */
export async function countMessages(db: Db, accountId: number): Promise<{ total: number; unread: number }> {
  const row = await db
    .selectFrom('message')
    .select((eb) => [
      eb.fn.countAll<number>().as('total'),
      eb.fn.count<number>('id').filterWhere('read_at', 'is', null).as('unread'),
    ])
    .where('account_id', '=', accountId)
    .executeTakeFirstOrThrow();
  return { total: Number(row.total), unread: Number(row.unread) };
}

export async function findMessage(db: Db, accountId: number, id: number): Promise<MessageRow | undefined> {
  const row = await db
    .selectFrom('message')
    .select(['id', 'category', 'title', 'body', 'link', 'created_at', 'read_at'])
    .where('account_id', '=', accountId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row && { ...row, id: Number(row.id) };
}

/** Mark one unread message read; returns false when it was not the account's or was read already. */
export async function markRead(trx: Transaction<Database>, accountId: number, id: number, at: string) {
  const rows = await trx
    .updateTable('message')
    .set({ read_at: at })
    .where('account_id', '=', accountId)
    .where('id', '=', id)
    .where('read_at', 'is', null)
    .returning('id')
    .execute();
  return rows.length > 0;
}

/** Mark every unread message of the account read; returns how many changed. */
export async function markAllRead(trx: Transaction<Database>, accountId: number, at: string): Promise<number> {
  const rows = await trx
    .updateTable('message')
    .set({ read_at: at })
    .where('account_id', '=', accountId)
    .where('read_at', 'is', null)
    .returning('id')
    .execute();
  return rows.length;
}
