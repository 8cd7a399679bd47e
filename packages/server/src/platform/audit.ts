/**
 * The audit trail: one row per security event or state change, written inside the change's own transaction,
 * append-only and hash-chained. Each row's hash is SHA-256 over its content and the previous row's hash, so
 * altering or deleting a row breaks the chain at that point (`kexiao audit verify` finds the first break).
 */
import { createHash } from 'node:crypto';
import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from '../db/schema.js';

export interface AuditRecord {
  /** Who acted: 'user:<id>', 'system:<job>', 'cli:<name>'. */
  actor: string;
  /** The enterprise an agent acted for, if any. */
  onBehalfOf?: string;
  /** What happened, as 'capability.verb' (e.g. 'calendar.loadHolidayYear'). */
  action: string;
  /** What it happened to, as 'kind:id'. */
  subject: string;
  detail?: Record<string, unknown>;
}

/** Serialises the chain's writers: held until the writing transaction ends. */
const CHAIN_LOCK = 7_202_611; // an arbitrary application-wide advisory lock key

/** JSON with object keys sorted at every level: the same bytes whatever order the keys were stored in. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export interface ChainedContent {
  occurredAt: string;
  actor: string;
  onBehalfOf: string | null;
  action: string;
  subject: string;
  detail: unknown;
  prevHash: string | null;
}

/** The hash of one entry: SHA-256 (hex) of its canonical content including the previous hash. */
export function auditHash(content: ChainedContent): string {
  return createHash('sha256').update(canonicalJson(content)).digest('hex');
}

/**
 * Append an audit record inside the given transaction. Waits for concurrent writers (advisory lock held
 * until commit or rollback), so the chain stays linear; a rolled-back change takes its audit row with it.
 */
export async function writeAudit(trx: Transaction<Database>, record: AuditRecord): Promise<void> {
  await sql`select pg_advisory_xact_lock(${CHAIN_LOCK})`.execute(trx);
  const last = await trx.selectFrom('audit_event').select('hash').orderBy('seq', 'desc').limit(1).executeTakeFirst();
  const content: ChainedContent = {
    occurredAt: new Date().toISOString(),
    actor: record.actor,
    onBehalfOf: record.onBehalfOf ?? null,
    action: record.action,
    subject: record.subject,
    detail: JSON.parse(canonicalJson(record.detail ?? {})),
    prevHash: last?.hash ?? null,
  };
  await trx
    .insertInto('audit_event')
    .values({
      occurred_at: content.occurredAt,
      actor: content.actor,
      on_behalf_of: content.onBehalfOf,
      action: content.action,
      subject: content.subject,
      detail: JSON.stringify(content.detail),
      prev_hash: content.prevHash,
      hash: auditHash(content),
    })
    .execute();
}

export type AuditProblem =
  { kind: 'altered'; seq: number; message: string } | { kind: 'missing'; seq: number; message: string };

export interface AuditVerification {
  ok: boolean;
  checked: number;
  lastSeq: number | null;
  headHash: string | null;
  /** The first break in the chain, if any. */
  problem: AuditProblem | null;
}

/** Walk the whole chain in order and report the first altered or missing entry. */
export async function verifyAuditChain(db: Kysely<Database>, batchSize = 5000): Promise<AuditVerification> {
  let prevHash: string | null = null;
  let afterSeq = 0;
  let checked = 0;
  for (;;) {
    const rows = await db
      .selectFrom('audit_event')
      .selectAll()
      .where('seq', '>', afterSeq)
      .orderBy('seq')
      .limit(batchSize)
      .execute();
    for (const row of rows) {
      const seq = Number(row.seq);
      if (row.prev_hash !== prevHash) {
        return {
          ok: false,
          checked,
          lastSeq: seq,
          headHash: prevHash,
          problem: {
            kind: 'missing',
            seq,
            message:
              prevHash === null
                ? `第${seq}条之前的记录缺失（链的起点不是第一条记录）`
                : `第${seq}条之前有记录缺失或被替换（与前一条的哈希不衔接）`,
          },
        };
      }
      const expected = auditHash({
        occurredAt: new Date(row.occurred_at).toISOString(),
        actor: row.actor,
        onBehalfOf: row.on_behalf_of,
        action: row.action,
        subject: row.subject,
        detail: row.detail,
        prevHash: row.prev_hash,
      });
      if (expected !== row.hash) {
        return {
          ok: false,
          checked,
          lastSeq: seq,
          headHash: prevHash,
          problem: { kind: 'altered', seq, message: `第${seq}条记录的内容被改动（哈希不符）` },
        };
      }
      prevHash = row.hash;
      afterSeq = seq;
      checked++;
    }
    if (rows.length < batchSize) break;
  }
  return { ok: true, checked, lastSeq: checked === 0 ? null : afterSeq, headHash: prevHash, problem: null };
}
