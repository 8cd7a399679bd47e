/**
 * E-mail behind a driver: the development outbox (default), or real SMTP through nodemailer when SMTP_URL
 * is configured (smtp://user:pass@host:587 or smtps://…:465).
 */
import type { Kysely, Transaction } from 'kysely';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Database } from '../../db/schema.js';
import { outboxRow } from './outbox.js';

export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
}

export interface EmailGateway {
  readonly name: string;
  /** A development driver delivering into `outbox_message` (platform/notifications/outbox.ts). */
  readonly outbox?: boolean;
  send(message: EmailMessage): Promise<void>;
}

/** Development driver: the message lands in the outbox table, readable by staff in development mode. */
export class OutboxEmailGateway implements EmailGateway {
  readonly name = 'outbox';
  readonly outbox = true;
  constructor(private readonly db: Kysely<Database> | Transaction<Database>) {}
  async send(message: EmailMessage): Promise<void> {
    await this.db
      .insertInto('outbox_message')
      .values(outboxRow('email', message.to, message.subject, message.text))
      .execute();
  }
}

/** Real delivery over SMTP. */
export class SmtpEmailGateway implements EmailGateway {
  readonly name = 'smtp';
  readonly #transport: Transporter;
  constructor(
    smtpUrl: string,
    private readonly from: string,
    options: { allowSelfSigned?: boolean } = {},
  ) {
    const url = new URL(smtpUrl);
    const secure = url.protocol === 'smtps:';
    this.#transport = nodemailer.createTransport({
      host: url.hostname,
      port: url.port === '' ? (secure ? 465 : 587) : Number(url.port),
      secure,
      auth: url.username
        ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) }
        : undefined,
      tls: options.allowSelfSigned ? { rejectUnauthorized: false } : undefined,
    });
  }
  async send(message: EmailMessage): Promise<void> {
    await this.#transport.sendMail({ from: this.from, to: message.to, subject: message.subject, text: message.text });
  }
  close(): void {
    this.#transport.close();
  }
}
