/** SQL for browsing the audit trail (audit_event), newest first. Read-only: the trail is append-only. */
import { type Kysely, type SelectQueryBuilder, sql } from 'kysely';
import type { Database } from '../../db/schema.js';

export interface AuditFilter {
  /** Exact actor, e.g. 'account:12'. */
  actor?: string;
  /** Exact action ('accounts.login'), or a capability ('accounts') matching all its actions. */
  action?: string;
  /** Exact subject, e.g. 'enterprise:91410100MA0000001X'. */
  subject?: string;
  /** Instants (ISO) bounding occurred_at: from inclusive, to exclusive. */
  fromInstant?: string;
  toInstant?: string;
}

export interface AuditRow {
  seq: number;
  occurred_at: Date;
  actor: string;
  on_behalf_of: string | null;
  action: string;
  subject: string;
  detail: unknown;
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

function filtered<O>(q: SelectQueryBuilder<Database, 'audit_event', O>, f: AuditFilter) {
  if (f.actor !== undefined) q = q.where('actor', '=', f.actor);
  if (f.subject !== undefined) q = q.where('subject', '=', f.subject);
  if (f.action !== undefined) {
    const action = f.action;
    q = q.where((eb) => eb.or([eb('action', '=', action), eb('action', 'like', `${escapeLike(action)}.%`)]));
  }
  if (f.fromInstant !== undefined) q = q.where('occurred_at', '>=', sql<Date>`${f.fromInstant}::timestamptz`);
  if (f.toInstant !== undefined) q = q.where('occurred_at', '<', sql<Date>`${f.toInstant}::timestamptz`);
  return q;
}

const COLUMNS = ['seq', 'occurred_at', 'actor', 'on_behalf_of', 'action', 'subject', 'detail'] as const;

/** bigint seq may arrive as a string beyond 2^53 (db/index.ts); a Number is exact up to there. */
const toRow = (r: AuditRow): AuditRow => ({ ...r, seq: Number(r.seq) });

export async function listAuditEvents(db: Kysely<Database>, f: AuditFilter, limit: number, offset: number) {
  const rows = await filtered(db.selectFrom('audit_event').select([...COLUMNS]), f)
    .orderBy('seq', 'desc')
    .limit(limit)
    .offset(offset)
    .execute();
  return rows.map(toRow);
}

export async function countAuditEvents(db: Kysely<Database>, f: AuditFilter): Promise<number> {
  const row = await filtered(
    db.selectFrom('audit_event').select((eb) => eb.fn.countAll<number>().as('n')),
    f,
  ).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Every matching entry, newest first, in batches by seq (keyset paging: constant cost per batch). */
export async function* streamAuditEvents(db: Kysely<Database>, f: AuditFilter, batchSize = 1000) {
  let before: number | null = null;
  for (;;) {
    let q = filtered(db.selectFrom('audit_event').select([...COLUMNS]), f);
    if (before !== null) q = q.where('seq', '<', before);
    const rows = (await q.orderBy('seq', 'desc').limit(batchSize).execute()).map(toRow);
    for (const row of rows) yield row;
    if (rows.length < batchSize) return;
    before = (rows[rows.length - 1] as AuditRow).seq;
  }
}
