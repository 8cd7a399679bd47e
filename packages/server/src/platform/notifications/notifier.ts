/**
 * One way to notify someone "at every step": the in-app message (我的消息) is recorded in the caller's own
 * transaction — so it exists exactly when the change it reports does — and the SMS and e-mail copies are
 * queued and sent after the commit through the drivers (SmsGateway, EmailGateway), so a slow or failing
 * gateway never holds a transaction open nor rolls a change back. The development drivers deliver into the
 * outbox table: their rows are written in the transaction too (platform/notifications/outbox.ts).
 *
 *   const batch = notifier.batch();
 *   await db.transaction().execute(async (trx) => {
 *     …the change, writeAudit…
 *     await batch.notify(trx, accountId, { category, title, body, link }, { sms: phone, email: address });
 *   });
 *   await batch.send(); // after the commit; never throws
 *
 * A batch whose transaction rolled back is simply dropped (do not call send). Calling `notifyAccount`
 * directly remains fine for in-app-only messages.
 */
import { maskEmail, maskPersonalData, maskPhone } from '@kexiao/rules';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { EmailGateway } from './email.js';
import { type InAppMessage, notifyAccount } from './inbox.js';
import { type OutboxRow, outboxRow } from './outbox.js';
import type { SmsGateway } from './sms.js';

export interface OtherChannels {
  /** A mainland mobile number: the SMS text is the title and the body. */
  sms?: string | null;
  /** An e-mail address: subject = title, text = body (and the link). */
  email?: string | null;
}

export interface DeliveryReport {
  sent: number;
  /** Failures, with the recipient masked (they are logged by the caller's logger, if given). */
  failed: { channel: 'sms' | 'email'; recipient: string; error: string }[];
}

type Pending =
  { channel: 'sms'; phone: string; text: string } | { channel: 'email'; to: string; subject: string; text: string };

export class NotificationBatch {
  readonly #pending: Pending[] = [];
  constructor(private readonly notifier: Notifier) {}

  /**
   * Record the in-app message in `trx` now, with the copies the development outbox delivers (they commit with the
   * change); queue the copies a real gateway sends for `send()` after the commit.
   */
  async notify(
    trx: Transaction<Database>,
    accountId: number,
    message: InAppMessage,
    channels: OtherChannels = {},
  ): Promise<void> {
    await notifyAccount(trx, accountId, message);
    const outbox = this.#route(message, channels);
    if (outbox.length > 0) await trx.insertInto('outbox_message').values(outbox).execute();
  }

  /**
   * For a caller that records everything in the one statement making its change (e.g. filings' recordSubmission):
   * the development outbox's rows to insert there; the copies a real gateway sends are queued for `send()`.
   */
  outboxRows(recipients: readonly { channels?: OtherChannels }[], message: InAppMessage): OutboxRow[] {
    return recipients.flatMap((r) => this.#route(message, r.channels ?? {}));
  }

  /** Each copy: an outbox row (development drivers) or queued for after the commit (real gateways). */
  #route(message: InAppMessage, channels: OtherChannels): OutboxRow[] {
    const rows: OutboxRow[] = [];
    const text = `【科小】${message.title}：${message.body}`;
    if (channels.sms) {
      if (this.notifier.sms.outbox) rows.push(outboxRow('sms', channels.sms, null, text));
      else this.#pending.push({ channel: 'sms', phone: channels.sms, text });
    }
    if (channels.email) {
      const link = message.link ? `\n\n${message.link}` : '';
      const subject = `【科小】${message.title}`;
      if (this.notifier.email.outbox) rows.push(outboxRow('email', channels.email, subject, `${message.body}${link}`));
      else this.#pending.push({ channel: 'email', to: channels.email, subject, text: `${message.body}${link}` });
    }
    return rows;
  }

  /** Deliver the queued copies (call after the transaction committed). Failures are reported, not thrown. */
  async send(): Promise<DeliveryReport> {
    const report: DeliveryReport = { sent: 0, failed: [] };
    for (const item of this.#pending.splice(0)) {
      try {
        if (item.channel === 'sms') await this.notifier.deliverSms(item.phone, item.text);
        else await this.notifier.email.send({ to: item.to, subject: item.subject, text: item.text });
        report.sent++;
      } catch (error) {
        const failure = {
          channel: item.channel,
          recipient: item.channel === 'sms' ? maskPhone(item.phone) : maskEmail(item.to),
          error: maskPersonalData(error instanceof Error ? error.message : String(error)),
        };
        report.failed.push(failure);
        this.notifier.onFailure?.(failure);
      }
    }
    return report;
  }
}

export class Notifier {
  constructor(
    private readonly db: Kysely<Database>,
    readonly sms: SmsGateway,
    readonly email: EmailGateway,
    /** Told about each failed delivery (recipient and error already masked), e.g. to log it. */
    readonly onFailure?: (failure: DeliveryReport['failed'][number]) => void,
  ) {}

  /** A batch for one transaction: see the module comment. */
  batch(): NotificationBatch {
    return new NotificationBatch(this);
  }

  /** After the commit: no transaction of its own (the outbox driver's row is one statement). */
  async deliverSms(phone: string, text: string): Promise<void> {
    await this.sms.send(phone, text, this.db);
  }
}
