/**
 * The development outbox (`outbox_message`): where the development SMS and e-mail drivers deliver, for staff to
 * read in development mode and for tests. A message is "delivered" when its row exists, so the drivers mark
 * themselves `outbox: true` and the notifier writes their rows in the transaction of the change they report (no
 * extra round trips; a rolled-back change sends nothing). Real gateways deliver after the commit instead.
 */
export interface OutboxRow {
  channel: 'sms' | 'email';
  recipient: string;
  subject: string | null;
  body: string;
  status: 'sent';
  sent_at: string;
  error: null;
}

export function outboxRow(
  channel: OutboxRow['channel'],
  recipient: string,
  subject: string | null,
  body: string,
  at = new Date(),
): OutboxRow {
  return { channel, recipient, subject, body, status: 'sent', sent_at: at.toISOString(), error: null };
}
