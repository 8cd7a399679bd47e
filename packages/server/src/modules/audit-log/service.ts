/**
 * Browsing the audit trail, for national administrators only: filters by actor, action, subject and date range
 * (calendar days in China, UTC+8), newest first, with the hash-chain verification on request, and an xlsx
 * export of the filtered list, streamed row by row.
 *
 * Why national administrators only: an entry names its actor and subject as 'kind:id' strings, and whether
 * either belongs to a province is not knowable from the entry itself; rather than guess, province
 * administrators get no access until entries carry their region (with the filings).
 *
 * Details are shown as stored — writers never put identity-card or phone numbers in them — and still pass
 * through the free-text masker, as defence in depth.
 */
import { PassThrough, type Readable } from 'node:stream';
import { maskPersonalData } from '@kexiao/rules';
import ExcelJS from 'exceljs';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Actor } from '../../platform/access.js';
import { type AuditVerification, verifyAuditChain, writeAudit } from '../../platform/audit.js';
import { type FieldProblem, invalidInput } from '../../platform/errors.js';
import { boolParam, dateParam, pagingParams, type Query, textParam } from '../../platform/query.js';
import { type AuditFilter, type AuditRow, countAuditEvents, listAuditEvents, streamAuditEvents } from './repository.js';

export interface AuditEventView {
  seq: number;
  occurredAt: string;
  actor: string;
  onBehalfOf: string | null;
  action: string;
  subject: string;
  detail: unknown;
}

/** Mask identity-card and mobile numbers in every string inside a stored detail. */
export function maskDetail(value: unknown): unknown {
  if (typeof value === 'string') return maskPersonalData(value);
  if (Array.isArray(value)) return value.map(maskDetail);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskDetail(v)]));
  }
  return value;
}

const view = (r: AuditRow): AuditEventView => ({
  seq: r.seq,
  occurredAt: new Date(r.occurred_at).toISOString(),
  actor: r.actor,
  onBehalfOf: r.on_behalf_of,
  action: r.action,
  subject: r.subject,
  detail: maskDetail(r.detail),
});

/** The day after an ISO date. */
function nextDay(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** China Standard Time all year (no daylight saving): a calendar day starts at 00:00+08:00. */
const chinaMidnight = (date: string) => `${date}T00:00:00+08:00`;

/** The filters of a query (shared by the list and the export); throws a Chinese 400 naming each bad one. */
function parseFilter(query: Query, problems: FieldProblem[]): AuditFilter & { from?: string; to?: string } {
  const actor = textParam(query, 'actor', '操作者', problems);
  const action = textParam(query, 'action', '操作', problems);
  const subject = textParam(query, 'subject', '对象', problems);
  const from = dateParam(query, 'from', '起始日期', problems);
  const to = dateParam(query, 'to', '截止日期', problems);
  if (from !== undefined && to !== undefined && from > to) {
    problems.push({ path: 'to', message: '截止日期：不能早于起始日期' });
  }
  return {
    actor,
    action,
    subject,
    from,
    to,
    fromInstant: from === undefined ? undefined : chinaMidnight(from),
    toInstant: to === undefined ? undefined : chinaMidnight(nextDay(to)),
  };
}

const EXPORT_HEADER = ['序号', '时间（北京时间）', '操作者', '代表', '操作', '对象', '详情'] as const;

/** '2026-11-23T08:00:00.000Z' → '2026-11-23 16:00:00' (UTC+8). */
function chinaTime(instant: Date): string {
  return new Date(new Date(instant).getTime() + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
}

export class AuditLogService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async list(query: Query): Promise<{
    items: AuditEventView[];
    total: number;
    page: number;
    pageSize: number;
    verification: AuditVerification | null;
  }> {
    const problems: FieldProblem[] = [];
    const filter = parseFilter(query, problems);
    const { page, pageSize, offset } = pagingParams(query, problems, { defaultSize: 50, maxSize: 200 });
    const verify = boolParam(query, 'verify', '校验审计链', problems);
    if (problems.length > 0) throw invalidInput(problems);
    const [rows, total] = await Promise.all([
      listAuditEvents(this.db, filter, pageSize, offset),
      countAuditEvents(this.db, filter),
    ]);
    const verification = verify ? await verifyAuditChain(this.db) : null;
    return { items: rows.map(view), total, page, pageSize, verification };
  }

  /**
   * The filtered list as an xlsx workbook, streamed (exceljs WorkbookWriter) while rows are read in batches.
   * The export itself is recorded in the trail (who exported what) before the first byte leaves.
   */
  async exportXlsx(actor: Actor, query: Query): Promise<{ stream: Readable; filename: string }> {
    const problems: FieldProblem[] = [];
    const filter = parseFilter(query, problems);
    if (problems.length > 0) throw invalidInput(problems);
    const { actor: byActor, action, subject, from, to } = filter;
    await this.db.transaction().execute((trx) =>
      writeAudit(trx, {
        actor: `account:${actor.accountId}`,
        action: 'auditLog.exported',
        subject: 'auditLog',
        detail: { filter: { actor: byActor, action, subject, from, to } },
      }),
    );
    const today = chinaTime(this.clock()).slice(0, 10);
    const out = new PassThrough();
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
    const write = async () => {
      const sheet = workbook.addWorksheet('审计日志');
      sheet.columns = [8, 20, 22, 22, 28, 36, 80].map((width) => ({ width }));
      const conditions = [
        byActor && `操作者=${byActor}`,
        action && `操作=${action}`,
        subject && `对象=${subject}`,
        from && `起=${from}`,
        to && `止=${to}`,
      ].filter(Boolean);
      sheet.addRow([`科小平台审计日志（导出日期：${today}；条件：${conditions.join('，') || '全部'}）`]).commit();
      const head = sheet.addRow([...EXPORT_HEADER]);
      head.font = { bold: true };
      head.commit();
      for await (const row of streamAuditEvents(this.db, filter)) {
        sheet
          .addRow([
            row.seq,
            chinaTime(row.occurred_at),
            row.actor,
            row.on_behalf_of ?? '',
            row.action,
            row.subject,
            JSON.stringify(maskDetail(row.detail)),
          ])
          .commit();
      }
      sheet.commit();
      await workbook.commit();
    };
    write().catch((error: unknown) => out.destroy(error as Error));
    return { stream: out, filename: `审计日志-${today}.xlsx` };
  }
}
