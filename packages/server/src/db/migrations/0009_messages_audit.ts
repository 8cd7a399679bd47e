/**
 * Indexes for browsing: the audit log by actor, action (exact or 'capability.' prefix) and time; unread
 * in-app messages per account; the development outbox by recipient. SQL for PostgreSQL 15.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index audit_event_actor_idx on audit_event (actor, seq)`.execute(db);
  // text_pattern_ops: serves both action = 'x' and the prefix match action like 'x.%' in any collation.
  await sql`create index audit_event_action_idx on audit_event (action text_pattern_ops, seq)`.execute(db);
  await sql`create index audit_event_occurred_idx on audit_event (occurred_at)`.execute(db);
  await sql`create index message_unread_idx on message (account_id) where read_at is null`.execute(db);
  await sql`create index outbox_message_recipient_idx on outbox_message (recipient, id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const name of [
    'outbox_message_recipient_idx',
    'message_unread_idx',
    'audit_event_occurred_idx',
    'audit_event_action_idx',
    'audit_event_actor_idx',
  ]) {
    await sql`drop index if exists ${sql.id(name)}`.execute(db);
  }
}
