/**
 * What makes submissions fast without giving anything up:
 *
 * - `filing.evidence_version`: bumped by every evidence upload and removal (under the filing's row lock), so a
 *   submission that read the evidence without a lock can write only if it is still what it read — the same
 *   optimistic check `draft_version` gives the 信息表.
 * - The audit chain is linked after commit: a change's transaction inserts its audit row unlinked (`chain_seq`,
 *   `prev_hash`, `hash` null), without waiting for other writers; the linker (platform/audit.ts) then gives the
 *   committed rows their place and hash, in order, within about a second. Rows already written keep theirs.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table filing add column evidence_version integer not null default 0`.execute(db);
  await sql`alter table audit_event add column chain_seq bigint`.execute(db);
  await sql`alter table audit_event alter column hash drop not null`.execute(db);
  await sql`update audit_event set chain_seq = seq`.execute(db);
  await sql`create unique index audit_event_chain_seq_idx on audit_event (chain_seq)`.execute(db);
  // The linker's work list: the rows not yet linked, in the order they were written.
  await sql`create index audit_event_unlinked_idx on audit_event (seq) where chain_seq is null`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index audit_event_unlinked_idx`.execute(db);
  await sql`drop index audit_event_chain_seq_idx`.execute(db);
  // Fails while rows await linking: run the server (or `kexiao audit verify`) once to link them first.
  await sql`alter table audit_event alter column hash set not null`.execute(db);
  await sql`alter table audit_event drop column chain_seq`.execute(db);
  await sql`alter table filing drop column evidence_version`.execute(db);
}
