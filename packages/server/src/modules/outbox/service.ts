/**
 * The development outbox, for staff: the SMS and e-mail the development drivers delivered to the
 * `outbox_message` table instead of a real gateway. Its routes exist only outside production.
 *
 * Masking: the message bodies are shown in full (reading the verification codes is the point of the page).
 * Recipients are personal data: national administrators see them in clear (they run the platform and trace
 * deliveries); everyone else sees them masked (138****0001, s*****e@example.com) and the bodies pass through
 * the free-text masker, which hides identity-card and mobile numbers but keeps 6-digit codes. Filtering by a
 * full recipient works for everyone.
 */
import { maskEmail, maskPersonalData, maskPhone } from '@kexiao/rules';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Actor } from '../../platform/access.js';
import { type FieldProblem, invalidInput } from '../../platform/errors.js';
import { pagingParams, type Query, textParam } from '../../platform/query.js';
import { countOutbox, listOutbox, type OutboxFilter } from './repository.js';

export interface OutboxView {
  id: number;
  channel: 'sms' | 'email';
  recipient: string;
  subject: string | null;
  body: string;
  status: 'pending' | 'sent' | 'failed';
  createdAt: string;
  sentAt: string | null;
  error: string | null;
}

export class OutboxService {
  constructor(private readonly db: Kysely<Database>) {}

  async list(actor: Actor, query: Query) {
    const problems: FieldProblem[] = [];
    const channel = textParam(query, 'channel', '渠道', problems, 10);
    if (channel !== undefined && channel !== 'sms' && channel !== 'email') {
      problems.push({ path: 'channel', message: '渠道：只能是 sms（短信）或 email（电子邮件）' });
    }
    const recipient = textParam(query, 'recipient', '收件人', problems, 254);
    const { page, pageSize, offset } = pagingParams(query, problems, { defaultSize: 20, maxSize: 200 });
    if (problems.length > 0) throw invalidInput(problems);
    const filter: OutboxFilter = { channel: channel as OutboxFilter['channel'], recipient };
    const [rows, total] = await Promise.all([
      listOutbox(this.db, filter, pageSize, offset),
      countOutbox(this.db, filter),
    ]);
    const clear = actor.roles.some((r) => r.role === 'nationalAdmin');
    const items: OutboxView[] = rows.map((r) => ({
      id: Number(r.id),
      channel: r.channel,
      recipient: clear ? r.recipient : r.channel === 'sms' ? maskPhone(r.recipient) : maskEmail(r.recipient),
      subject: r.subject,
      body: clear ? r.body : maskPersonalData(r.body),
      status: r.status,
      createdAt: new Date(r.created_at).toISOString(),
      sentAt: r.sent_at === null ? null : new Date(r.sent_at).toISOString(),
      error: r.error,
    }));
    return { items, total, page, pageSize, recipientsMasked: !clear };
  }
}
