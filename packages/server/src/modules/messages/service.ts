/**
 * 我的消息: an account's own in-app messages, newest first, with the unread count; marking one or all read.
 *
 * Marking read changes the account's own data, so it follows the house rule like every other state change:
 * one transaction with its audit record. It is cheap because only a real change is recorded — marking a
 * message that is already read, or "read all" with nothing unread, writes nothing and audits nothing.
 * (The audit entry names the message, never its text.)
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Actor } from '../../platform/access.js';
import { writeAudit } from '../../platform/audit.js';
import { AppError, type FieldProblem, invalidInput } from '../../platform/errors.js';
import { boolParam, pagingParams, type Query } from '../../platform/query.js';
import { countMessages, findMessage, listMessages, markAllRead, markRead, type MessageRow } from './repository.js';

export interface MessageView {
  id: number;
  category: string;
  title: string;
  body: string;
  link: string | null;
  createdAt: string;
  readAt: string | null;
}

export interface MessagePage {
  items: MessageView[];
  /** Messages matching the filter (all, or unread only). */
  total: number;
  /** Unread messages of the account, whatever the filter. */
  unread: number;
  page: number;
  pageSize: number;
}

const view = (r: MessageRow): MessageView => ({
  id: r.id,
  category: r.category,
  title: r.title,
  body: r.body,
  link: r.link,
  createdAt: new Date(r.created_at).toISOString(),
  readAt: r.read_at === null ? null : new Date(r.read_at).toISOString(),
});

/** A message id from the path: a positive integer, or a Chinese 400. */
export function parseMessageId(text: string): number {
  if (!/^[1-9]\d{0,14}$/.test(text)) {
    throw invalidInput([{ path: 'id', message: '消息编号：须为正整数' }]);
  }
  return Number(text);
}

export class MessagesService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async list(actor: Actor, query: Query): Promise<MessagePage> {
    const problems: FieldProblem[] = [];
    const unreadOnly = boolParam(query, 'unread', '仅看未读', problems);
    const { page, pageSize, offset } = pagingParams(query, problems, { defaultSize: 20, maxSize: 100 });
    if (problems.length > 0) throw invalidInput(problems);
    const [rows, counts] = await Promise.all([
      listMessages(this.db, actor.accountId, { unreadOnly, limit: pageSize, offset }),
      countMessages(this.db, actor.accountId),
    ]);
    return {
      items: rows.map(view),
      total: unreadOnly ? counts.unread : counts.total,
      unread: counts.unread,
      page,
      pageSize,
    };
  }

  async unreadCount(actor: Actor): Promise<{ unread: number }> {
    return { unread: (await countMessages(this.db, actor.accountId)).unread };
  }

  /** Mark one of the actor's messages read. Another account's message is "not found" (no hint it exists). */
  async markRead(actor: Actor, id: number): Promise<MessageView> {
    return this.db.transaction().execute(async (trx) => {
      const changed = await markRead(trx, actor.accountId, id, this.clock().toISOString());
      const message = await findMessage(trx, actor.accountId, id);
      if (message === undefined) throw new AppError(404, 'not_found', '未找到该消息');
      if (changed) {
        await writeAudit(trx, {
          actor: `account:${actor.accountId}`,
          action: 'messages.read',
          subject: `message:${id}`,
        });
      }
      return view(message);
    });
  }

  /** Mark every unread message of the actor read; returns how many were marked. */
  async markAllRead(actor: Actor): Promise<{ marked: number; unread: number }> {
    return this.db.transaction().execute(async (trx) => {
      const marked = await markAllRead(trx, actor.accountId, this.clock().toISOString());
      if (marked > 0) {
        await writeAudit(trx, {
          actor: `account:${actor.accountId}`,
          action: 'messages.readAll',
          subject: `account:${actor.accountId}`,
          detail: { marked },
        });
      }
      return { marked, unread: 0 };
    });
  }
}
