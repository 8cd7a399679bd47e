/**
 * The audit trail: one row per security event or state change, written inside the change's own transaction,
 * append-only and hash-chained. Each row's hash is SHA-256 over its content and the previous row's hash, so
 * altering or deleting a row breaks the chain at that point (`kexiao audit verify` finds the first break).
 *
 * The chain is linked after commit. A transaction inserts its row unlinked and never waits for other writers (a
 * chain linked inside each transaction serialises every state change of the platform on one lock held to the
 * commit). `linkAuditChain` then gives the committed unlinked rows, in the order they were written, their place
 * (`chain_seq`), the previous hash and their own hash. `AuditChainLinker` runs it in every server process about
 * once a second (one at a time across processes), and verification links first, so what it checks is complete. A
 * row is thus protected by the chain from about a second after its commit; until then it is only stored.
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

/** Serialises the chain's linkers (not the writers): held until the linking transaction ends. */
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

/** The hash of a stored row, as read back from the database, after `prevHash`. */
function storedRowHash(
  row: {
    occurred_at: Date | string;
    actor: string;
    on_behalf_of: string | null;
    action: string;
    subject: string;
    detail: unknown;
  },
  prevHash: string | null,
): string {
  return auditHash({
    occurredAt: new Date(row.occurred_at).toISOString(),
    actor: row.actor,
    onBehalfOf: row.on_behalf_of,
    action: row.action,
    subject: row.subject,
    detail: row.detail,
    prevHash,
  });
}

/** The row an audit record is stored as, unlinked: for writers that insert it in a statement of their own. */
export function auditRow(record: AuditRecord, at = new Date()) {
  return {
    occurred_at: at.toISOString(),
    actor: record.actor,
    on_behalf_of: record.onBehalfOf ?? null,
    action: record.action,
    subject: record.subject,
    detail: canonicalJson(record.detail ?? {}),
  };
}

/**
 * Append an audit record inside the given transaction: it exists exactly when the change does (a rolled-back
 * change takes its row with it), and is linked into the chain after the commit.
 */
export async function writeAudit(trx: Transaction<Database>, record: AuditRecord): Promise<void> {
  await trx.insertInto('audit_event').values(auditRow(record)).execute();
}

/**
 * Link the committed unlinked rows into the chain, in the order they were written, up to `limit` rows; returns how
 * many. Another process linking at the same time: returns 0 at once (it links them). A row whose transaction
 * commits while this runs is linked by the next call — its place is where it is linked, which `chain_seq` records.
 */
export async function linkAuditChain(db: Kysely<Database>, limit = 5000): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const locked = await sql<{ ok: boolean }>`select pg_try_advisory_xact_lock(${CHAIN_LOCK}) as ok`.execute(trx);
    if (!locked.rows[0]?.ok) return 0;
    const rows = await trx
      .selectFrom('audit_event')
      .select(['seq', 'occurred_at', 'actor', 'on_behalf_of', 'action', 'subject', 'detail'])
      .where('chain_seq', 'is', null)
      .orderBy('seq')
      .limit(limit)
      .execute();
    if (rows.length === 0) return 0;
    const head = await trx
      .selectFrom('audit_event')
      .select(['chain_seq', 'hash'])
      .where('chain_seq', 'is not', null)
      .orderBy('chain_seq', 'desc')
      .limit(1)
      .executeTakeFirst();
    let chainSeq = Number(head?.chain_seq ?? 0);
    let prevHash = head?.hash ?? null;
    const links = {
      seq: [] as number[],
      chainSeq: [] as number[],
      prevHash: [] as (string | null)[],
      hash: [] as string[],
    };
    for (const row of rows) {
      const hash = storedRowHash(row, prevHash);
      links.seq.push(Number(row.seq));
      links.chainSeq.push(++chainSeq);
      links.prevHash.push(prevHash);
      links.hash.push(hash);
      prevHash = hash;
    }
    await sql`
      update audit_event e set chain_seq = l.chain_seq, prev_hash = l.prev_hash, hash = l.hash
      from unnest(${links.seq}::bigint[], ${links.chainSeq}::bigint[], ${links.prevHash}::text[], ${links.hash}::text[])
        as l(seq, chain_seq, prev_hash, hash)
      where e.seq = l.seq and e.chain_seq is null`.execute(trx);
    return rows.length;
  });
}

/** Link everything committed so far (batch after batch). */
export async function linkAllAuditRows(db: Kysely<Database>): Promise<number> {
  let total = 0;
  for (;;) {
    const linked = await linkAuditChain(db);
    total += linked;
    if (linked < 5000) return total;
  }
}

/**
 * Links the chain in the background, every `intervalMs` (default 1 s), in this process; `stop()` waits for a run
 * in progress and links once more, so a clean shutdown leaves nothing unlinked that this process wrote.
 */
export class AuditChainLinker {
  #timer: NodeJS.Timeout | null = null;
  #running: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly onError: (error: unknown) => void,
    private readonly intervalMs = 1000,
  ) {}

  start(): void {
    if (this.#timer !== null) return;
    this.#timer = setInterval(() => void this.runOnce(), this.intervalMs);
    this.#timer.unref();
  }

  /** One linking pass (never throws: errors go to onError, and the next pass tries again). */
  runOnce(): Promise<unknown> {
    this.#running = this.#running.then(() => linkAllAuditRows(this.db).catch(this.onError));
    return this.#running;
  }

  async stop(): Promise<void> {
    if (this.#timer !== null) clearInterval(this.#timer);
    this.#timer = null;
    await this.runOnce();
  }
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

/**
 * Link what is pending, then walk the whole chain in its order and report the first altered or missing entry.
 * `seq` in the report is the row's number as written (what the audit-log pages show).
 */
export async function verifyAuditChain(db: Kysely<Database>, batchSize = 5000): Promise<AuditVerification> {
  await linkAllAuditRows(db);
  let prevHash: string | null = null;
  let afterChainSeq = 0;
  let lastSeq: number | null = null;
  let checked = 0;
  for (;;) {
    const rows = await db
      .selectFrom('audit_event')
      .selectAll()
      .where('chain_seq', '>', afterChainSeq)
      .orderBy('chain_seq')
      .limit(batchSize)
      .execute();
    for (const row of rows) {
      const seq = Number(row.seq);
      if (row.prev_hash !== prevHash || Number(row.chain_seq) !== afterChainSeq + 1) {
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
      const expected = storedRowHash(row, row.prev_hash);
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
      afterChainSeq = Number(row.chain_seq);
      lastSeq = seq;
      checked++;
    }
    if (rows.length < batchSize) break;
  }
  return { ok: true, checked, lastSeq, headHash: prevHash, problem: null };
}
