/**
 * Telling an enterprise about its filing, at every step: an in-app message to its legal-person account and each
 * live agent, an SMS to their phones, and one e-mail to the contact address of the submitted 信息表 — through the
 * Notifier's batch (in-app in the caller's transaction; SMS and e-mail after the commit).
 */
import type { Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { InAppMessage } from '../../platform/notifications/inbox.js';
import type { NotificationBatch } from '../../platform/notifications/notifier.js';
import { enterpriseRecipients } from './repository.js';

export async function notifyEnterprise(
  batch: NotificationBatch,
  trx: Transaction<Database>,
  /** `contactEmail`: when the caller has it at hand (otherwise read from the filing). */
  filing: { id: number; enterpriseId: number; contactEmail?: string | null },
  message: Omit<InAppMessage, 'category' | 'link'>,
  { sms = true }: { sms?: boolean } = {},
): Promise<void> {
  const email =
    filing.contactEmail !== undefined
      ? filing.contactEmail
      : ((await trx.selectFrom('filing').select('contact_email').where('id', '=', filing.id).executeTakeFirst())
          ?.contact_email ?? null);
  const recipients = await enterpriseRecipients(trx, filing.enterpriseId);
  for (const [i, r] of recipients.entries()) {
    await batch.notify(
      trx,
      r.accountId,
      { ...message, category: 'filing', link: '/filing' },
      // The e-mail once, with the legal person's copy (the first recipient).
      { sms: sms ? r.phone : null, email: i === 0 ? email : null },
    );
  }
}
