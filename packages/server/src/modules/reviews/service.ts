/**
 * The agency's review (审核) of submitted filings, and the province's view of it.
 *
 * - The queue: an agency's staff see their agencies' filings, a province administrator the province's, a national
 *   administrator all; never a draft. Filters, sorts, and the working days left on each deadline over the holiday
 *   calendar. The same query exports as xlsx (streamed; capped).
 * - One filing: its current submitted version, the on-site check of the current round, every past review, the
 *   timeline, the actions the caller may take now (lifecycle.allowedActions), and what changed since the previous
 *   version.
 * - The transitions — claim, release, record the on-site check, pass / return / reject, the province's send-back
 *   — each a conditional UPDATE on the state (and the claim) it starts from, so of two concurrent attempts exactly
 *   one wins; each in one transaction with its timeline event, its audit record and its in-app messages (SMS to
 *   the enterprise after the commit).
 */
import type { Readable } from 'node:stream';
import {
  addWorkingDays,
  diffInfoSheets,
  EVIDENCE_KIND_LABELS,
  FAILURE_CODES,
  type HolidayTable,
  type InfoSheetChange,
  type InfoSheetDraft,
  isWorkingDay,
  maskPersonalData,
  maskPersonName,
  ON_SITE_LABELS,
} from '@kexiao/rules';
import type { Kysely, Transaction } from 'kysely';
import type { Database, FilingStatus, ReviewDecision } from '../../db/schema.js';
import type { Actor } from '../../platform/access.js';
import { writeAudit } from '../../platform/audit.js';
import { AppError, type FieldProblem, invalidInput } from '../../platform/errors.js';
import { type FileKind, type FileStore, loadFile, storeFile } from '../../platform/files.js';
import type { Notifier } from '../../platform/notifications/notifier.js';
import { boolParam, dateParam, intParam, pagingParams, type Query, textParam } from '../../platform/query.js';
import { staffScope } from '../../platform/scope.js';
import type { FileFieldSpec, MultipartForm } from '../../platform/uploads.js';
import { LEVEL_LABELS } from '../agencies/service.js';
import type { HolidayCalendar } from '../calendar/service.js';
import {
  ACTIONS,
  allowedActions,
  type FilingAction,
  type FilingForActions,
  mayTake,
  STATES,
  type Standing,
} from '../filings/lifecycle.js';
import { requireStanding } from '../filings/standing.js';
import { getRegion } from '../regions/repository.js';
import { type RegionService, todayInChina } from '../regions/service.js';
import { type ExportRow, progressWorkbook, queueWorkbook } from './export.js';
import { getCampaign } from '../campaigns/repository.js';
import { notifyEnterprise } from '../filings/notify.js';
import { viewableEvidence } from '../filings/repository.js';
import * as repo from './repository.js';
import type { FilingRow, ProgressStatus, QueueFilter, QueueRow, QueueSort, QueueStatus } from './repository.js';

// ── constants ───────────────────────────────────────────────────────────────────────────────────────────────

/** Counted exactly up to this many; beyond, the list says "more than" (see countQueue). */
export const COUNT_CAP = 1_000;
/** The export's most rows; a note row says when there were more. */
export const EXPORT_CAP = 100_000;
const EXPORT_BATCH = 1_000;

/** The four items of 《科技型中小企业信息审核表》. */
export const REVIEW_ITEMS = {
  firstPageSealed: '信息表首页是否签字并加盖公章',
  complete: '信息表内容是否填写完整',
  consistent: '信息表内容与证明材料是否一致',
  other: '其他问题',
} as const;
export type ReviewItem = keyof typeof REVIEW_ITEMS;
const ITEM_KEYS = Object.keys(REVIEW_ITEMS) as ReviewItem[];

export const DECISION_LABELS: Readonly<Record<ReviewDecision, string>> = {
  pass: '审核通过',
  return: '退回补正',
  reject: '不予通过',
};
const DECISION_STATUS = { pass: 'passed', return: 'returned', reject: 'rejected' } as const;

const MIN_REASON = 2;
const MAX_REASON = 500;
const MAX_COMMENT = 1000;
const MAX_FINDINGS = 2000;
const MAX_INSPECTORS = 200;

/** The on-site form's files: file1 … file10, photos (JPG/PNG) or minutes (PDF), each ≤ 10 MB. */
export const ON_SITE_MAX_FILES = 10;
const ON_SITE_FILE_BYTES = 10 * 1024 * 1024;
export const ON_SITE_FILES: Readonly<Record<string, FileFieldSpec>> = Object.fromEntries(
  Array.from({ length: ON_SITE_MAX_FILES }, (_, i) => [
    `file${i + 1}`,
    {
      label: `核查附件${i + 1}`,
      kinds: ['jpeg', 'png', 'pdf'] as FileKind[],
      maxBytes: ON_SITE_FILE_BYTES,
      required: false,
    },
  ]),
);

const DUE_FILTERS = ['overdue', 'today', 'within3'] as const;
type DueFilter = (typeof DUE_FILTERS)[number];
const SORTS: readonly QueueSort[] = ['due', '-due', 'submittedAt', '-submittedAt', 'enterpriseName', '-enterpriseName'];
const OPEN: readonly FilingStatus[] = ['submitted', 'reviewing'];

const EVENT_LABELS: Readonly<Record<string, string>> = { start: '开始填报' };

// ── views ───────────────────────────────────────────────────────────────────────────────────────────────────

export interface QueueItem {
  id: number;
  evaluationYear: number;
  enterprise: { id: number; name: string; uscc: string; regionCode: string; regionName: string | null };
  agency: { id: number; name: string } | null;
  status: FilingStatus;
  statusLabel: string;
  versionNo: number;
  reviewRound: number;
  submittedAt: string | null;
  reviewDueOn: string | null;
  /** The deadline (or the days left) rests on a year whose holiday arrangement is not loaded yet. */
  provisional: boolean;
  /** Working days from today to the deadline (0 = due today; negative = overdue); null once decided. */
  workingDaysLeft: number | null;
  overdue: boolean;
  warningCount: number;
  onSiteRequired: boolean;
  claimedBy: { id: number; name: string } | null;
}

export interface QueueView {
  items: QueueItem[];
  /** Exact up to COUNT_CAP; beyond, COUNT_CAP with totalExact false. */
  total: number;
  totalExact: boolean;
  page: number;
  pageSize: number;
  today: string;
}

interface EvidenceSnapshot {
  id: number | string;
  kind: string;
  sha256: string;
  fileName: string;
  mediaType: string;
}

interface OnSiteFile {
  sha256: string;
  fileName: string;
  mediaType: string;
  byteSize: number;
}

const iso = (value: Date | string | null): string | null => (value === null ? null : new Date(value).toISOString());

/** Names of natural persons (agents) are masked for staff; staff and legal-person accounts show their names. */
const actorName = (name: string | null, kind: string | null) =>
  name === null ? null : kind === 'person' ? maskPersonName(name) : name;

function maskStrings(value: unknown): unknown {
  if (typeof value === 'string') return maskPersonalData(value);
  if (Array.isArray(value)) return value.map(maskStrings);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskStrings(v)]));
  }
  return value;
}

// ── working days ────────────────────────────────────────────────────────────────────────────────────────────

function shiftDay(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Working days d with from < d ≤ to (0 when to ≤ from), and whether a year of them is not loaded. */
export function workingDaysBetween(
  from: string,
  to: string,
  table: HolidayTable,
): { days: number; provisional: boolean } {
  let days = 0;
  let provisional = false;
  for (let d = shiftDay(from, 1), guard = 0; d <= to && guard < 4000; d = shiftDay(d, 1), guard++) {
    const w = isWorkingDay(d, table);
    if (w.working) days++;
    if (w.provisional) provisional = true;
  }
  return { days, provisional };
}

/** Working days left to each deadline, from `today` (memoised per date: a page has few distinct deadlines). */
class DaysLeft {
  readonly #memo = new Map<string, { days: number; provisional: boolean }>();
  constructor(
    private readonly table: HolidayTable,
    readonly today: string,
  ) {}

  of(due: string): { days: number; provisional: boolean } {
    let hit = this.#memo.get(due);
    if (!hit) {
      if (due >= this.today) hit = workingDaysBetween(this.today, due, this.table);
      else {
        const past = workingDaysBetween(due, this.today, this.table);
        // Overdue is negative even over a weekend right after the deadline.
        hit = { days: -Math.max(1, past.days), provisional: past.provisional };
      }
      this.#memo.set(due, hit);
    }
    return hit;
  }

  /** The deadline's standing for a filing in this status (only open filings have days left). */
  forFiling(status: FilingStatus, due: string | null, storedProvisional: boolean) {
    if (!OPEN.includes(status) || due === null) {
      return { workingDaysLeft: null, overdue: false, provisional: storedProvisional };
    }
    const left = this.of(due);
    return {
      workingDaysLeft: left.days,
      overdue: due < this.today,
      provisional: storedProvisional || left.provisional,
    };
  }
}

const chinaTime = (instant: Date | string) =>
  new Date(new Date(instant).getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');

// ── errors ──────────────────────────────────────────────────────────────────────────────────────────────────

const forbidden = (message: string) => new AppError(403, 'forbidden', message);

/**
 * Why `standing` may not take `action` on `filing` now, as the error to answer — or nothing when it may:
 * 403 for the wrong party, 409 for the wrong state or a claim held by someone else.
 */
function refusal(
  action: FilingAction,
  filing: FilingForActions,
  standing: Standing,
  holderName: string | null,
): AppError | null {
  const def = ACTIONS[action];
  if (def.by === 'enterprise') return forbidden('该操作由企业办理');
  if (def.by === 'reviewer' && !standing.reviewer) {
    return forbidden('只有该信息表所属评价工作机构的审核人员可以进行此操作');
  }
  if (def.by === 'province' && !standing.province) {
    return forbidden('只有该企业所在省份的省级管理员可以进行此操作');
  }
  const heldByOther = filing.status === 'reviewing' && filing.claimedBy !== standing.accountId;
  const claimedText = `该信息表已由${holderName ?? '其他审核人员'}开始审核`;
  if (action === 'claim' && filing.status === 'reviewing') {
    return new AppError(
      409,
      heldByOther ? 'claimed' : 'already_claimed',
      heldByOther ? claimedText : '您已开始审核该信息表',
    );
  }
  if (!def.from.includes(filing.status)) {
    return new AppError(
      409,
      'invalid_state',
      `该信息表当前状态为「${STATES[filing.status].staffLabel}」，不能${def.label}`,
    );
  }
  if (!mayTake(action, filing, standing)) {
    return def.claimHolder && heldByOther
      ? new AppError(409, 'claimed', `${claimedText}，只有开始审核的人员可以${def.label}`)
      : forbidden('无权进行此操作');
  }
  return null;
}

const forActions = (f: FilingRow): FilingForActions => ({
  status: f.status,
  agencyId: f.agency_id,
  provinceCode: f.province_code,
  claimedBy: f.claimed_by,
});

const placement = (f: FilingRow) => ({
  enterpriseId: f.enterprise_id,
  agencyId: f.agency_id,
  provinceCode: f.province_code,
});

// ── input parsing ───────────────────────────────────────────────────────────────────────────────────────────

const STATUS_MESSAGE =
  '状态：只能是 submitted（待审核）、reviewing（审核中）、returned（已退回补正）、passed（审核通过）、rejected（不予通过），可多选';

function statusesParam(query: Query, problems: FieldProblem[]): QueueStatus[] {
  const raw = query.status;
  if (raw === undefined || raw === '') return [...repo.QUEUE_STATUSES];
  const parts = (Array.isArray(raw) ? raw : [raw]).flatMap((v) => (typeof v === 'string' ? v.split(',') : [null]));
  const out = new Set<QueueStatus>();
  for (const p of parts) {
    const s = p?.trim() ?? '';
    if (!(repo.QUEUE_STATUSES as readonly string[]).includes(s)) {
      problems.push({ path: 'status', message: STATUS_MESSAGE });
      return [...repo.QUEUE_STATUSES];
    }
    out.add(s as QueueStatus);
  }
  return out.size === 0 ? [...repo.QUEUE_STATUSES] : [...out];
}

/** A boolean that may be absent (no filter). */
function optionalBool(query: Query, name: string, label: string, problems: FieldProblem[]): boolean | undefined {
  if (query[name] === undefined || query[name] === '') return undefined;
  return boolParam(query, name, label, problems);
}

/** A positive integer id from a path parameter, or 404. */
export function pathId(raw: unknown, message = '未找到该参评信息表，或不在您的管辖范围内'): number {
  const text = typeof raw === 'string' ? raw : '';
  if (!/^[1-9]\d{0,15}$/.test(text) || !Number.isSafeInteger(Number(text))) {
    throw new AppError(404, 'not_found', message);
  }
  return Number(text);
}

// ── the service ─────────────────────────────────────────────────────────────────────────────────────────────

export class ReviewService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly files: FileStore,
    private readonly notifier: Notifier,
    private readonly calendar: HolidayCalendar,
    private readonly regions: RegionService,
    private readonly clock: () => Date = () => new Date(),
    /** The count's and the export's caps (tests lower them). */
    private readonly caps: { count: number; export: number } = { count: COUNT_CAP, export: EXPORT_CAP },
  ) {}

  private today(): string {
    return todayInChina(this.clock());
  }

  // ── the queue ─────────────────────────────────────────────────────────────────────────────────────────────

  /** The filters of a queue query (shared by the list and the export); a Chinese 400 naming each bad one. */
  private parseQueue(actor: Actor, query: Query, problems: FieldProblem[], today: string, table: HolidayTable) {
    const statuses = statusesParam(query, problems);
    const yearText = textParam(query, 'evaluationYear', '评价年度', problems, 4);
    const evaluationYear =
      yearText === undefined
        ? undefined
        : intParam(query, 'evaluationYear', '评价年度', problems, { min: 2017, max: 2100, fallback: 0 });
    const agencyText = textParam(query, 'agencyId', '评价工作机构', problems, 16);
    const agencyId =
      agencyText === undefined
        ? undefined
        : intParam(query, 'agencyId', '评价工作机构', problems, { min: 1, max: 9_007_199_254_740_991, fallback: 0 });
    const dueText = textParam(query, 'due', '审核期限', problems, 10);
    if (dueText !== undefined && !(DUE_FILTERS as readonly string[]).includes(dueText)) {
      problems.push({
        path: 'due',
        message: '审核期限：只能是 overdue（已超期）、today（今日到期）、within3（3个工作日内到期）之一',
      });
    }
    const due = dueText as DueFilter | undefined;
    const hasWarnings = optionalBool(query, 'hasWarnings', '有预警', problems);
    const onSiteRequired = optionalBool(query, 'onSiteRequired', '需实地核查', problems);
    const q = textParam(query, 'q', '企业名称或统一社会信用代码', problems, 100);
    const claimedByMe = boolParam(query, 'claimedByMe', '我审核中的', problems);
    const sortText = textParam(query, 'sort', '排序', problems, 20) ?? 'due';
    if (!(SORTS as readonly string[]).includes(sortText)) {
      problems.push({
        path: 'sort',
        message: '排序：只能是 due（审核期限）、submittedAt（提交时间）、enterpriseName（企业名称），前加“-”为倒序',
      });
    }
    const sort = ((SORTS as readonly string[]).includes(sortText) ? sortText : 'due') as QueueSort;

    const scope = staffScope(actor);
    let effective = statuses;
    let dueFrom: string | undefined;
    let dueTo: string | undefined;
    if (due !== undefined && (DUE_FILTERS as readonly string[]).includes(due)) {
      effective = statuses.filter((s) => OPEN.includes(s));
      if (due === 'overdue') dueTo = shiftDay(today, -1);
      else if (due === 'today') dueFrom = dueTo = today;
      else {
        dueFrom = today;
        dueTo = addWorkingDays(today, 3, table).date;
      }
    }
    if (claimedByMe) effective = effective.filter((s) => s === 'reviewing');
    const filter: QueueFilter | null =
      effective.length === 0
        ? null
        : {
            scope: { all: scope.all, agencyIds: scope.agencyIds, provinceCodes: scope.provinceCodes },
            statuses: effective,
            evaluationYear,
            agencyId,
            dueFrom,
            dueTo,
            hasWarnings,
            onSiteRequired,
            q,
            claimedBy: claimedByMe ? actor.accountId : undefined,
          };
    const describe = {
      status: query.status === undefined ? undefined : statuses,
      evaluationYear,
      agencyId,
      due,
      hasWarnings,
      onSiteRequired,
      q,
      claimedByMe: claimedByMe || undefined,
      sort,
    };
    return { filter, sort, describe };
  }

  private item(row: QueueRow, days: DaysLeft): QueueItem {
    const deadline = days.forFiling(row.status, row.review_due_on, row.review_due_provisional);
    return {
      id: row.id,
      evaluationYear: row.evaluation_year,
      enterprise: {
        id: row.enterprise_id,
        name: row.enterprise_name,
        uscc: row.uscc,
        regionCode: row.region_code,
        regionName: row.region_name,
      },
      agency: row.agency_id === null ? null : { id: row.agency_id, name: row.agency_name ?? '' },
      status: row.status,
      statusLabel: STATES[row.status].staffLabel,
      versionNo: row.version_no,
      reviewRound: row.review_round,
      submittedAt: iso(row.submitted_at),
      reviewDueOn: row.review_due_on,
      provisional: deadline.provisional,
      workingDaysLeft: deadline.workingDaysLeft,
      overdue: deadline.overdue,
      warningCount: row.warning_count,
      onSiteRequired: row.on_site_required,
      claimedBy: row.claimed_by === null ? null : { id: row.claimed_by, name: row.claimed_by_name ?? '' },
    };
  }

  /** GET /api/v1/staff/filings */
  async queue(actor: Actor, query: Query): Promise<QueueView> {
    const problems: FieldProblem[] = [];
    const today = this.today();
    const table = await this.calendar.table();
    const { filter, sort } = this.parseQueue(actor, query, problems, today, table);
    const { page, pageSize, offset } = pagingParams(query, problems, { defaultSize: 20, maxSize: 100 });
    if (problems.length > 0) throw invalidInput(problems);
    if (filter === null) return { items: [], total: 0, totalExact: true, page, pageSize, today };
    const count = await repo.countQueue(this.db, filter, this.caps.count);
    const { ids } = await repo.queuePage(this.db, filter, sort, offset, pageSize, count.exact ? count.total : null);
    const days = new DaysLeft(table, today);
    const rows = await repo.queueRows(this.db, ids);
    return {
      items: rows.map((r) => this.item(r, days)),
      total: count.total,
      totalExact: count.exact,
      page,
      pageSize,
      today,
    };
  }

  /**
   * GET /api/v1/staff/filings.xlsx: the same query, every row up to EXPORT_CAP (a note row says when there were
   * more), streamed (exceljs WorkbookWriter) while rows are read in batches. No phone or identity numbers. The
   * export is recorded in the audit trail before the first byte leaves.
   */
  async exportXlsx(actor: Actor, query: Query): Promise<{ stream: Readable; filename: string }> {
    const problems: FieldProblem[] = [];
    const today = this.today();
    const table = await this.calendar.table();
    const { filter, sort, describe } = this.parseQueue(actor, query, problems, today, table);
    if (problems.length > 0) throw invalidInput(problems);
    const limit = this.caps.export;
    const ids = filter === null ? [] : await repo.queueIds(this.db, filter, sort, limit + 1);
    const capped = ids.length > limit;
    if (capped) ids.length = limit;
    await this.db.transaction().execute((trx) =>
      writeAudit(trx, {
        actor: `account:${actor.accountId}`,
        action: 'review.export',
        subject: 'filings',
        detail: { filter: describe, rows: ids.length, capped },
      }),
    );
    const days = new DaysLeft(table, today);
    const db = this.db;
    const item = (row: QueueRow) => this.item(row, days);
    async function* batches(): AsyncGenerator<ExportRow[]> {
      for (let i = 0; i < ids.length; i += EXPORT_BATCH) {
        const rows = await repo.queueRows(db, ids.slice(i, i + EXPORT_BATCH));
        yield rows.map((row) => {
          const v = item(row);
          return {
            enterpriseName: v.enterprise.name,
            uscc: v.enterprise.uscc,
            region: v.enterprise.regionName ?? v.enterprise.regionCode,
            agency: v.agency?.name ?? '',
            evaluationYear: v.evaluationYear,
            statusLabel: v.statusLabel,
            versionNo: v.versionNo,
            submittedAt: v.submittedAt === null ? '' : chinaTime(v.submittedAt),
            reviewDueOn: v.reviewDueOn ?? '',
            workingDaysLeft: v.workingDaysLeft,
            overdue: v.overdue,
            warningCount: v.warningCount,
            onSiteRequired: v.onSiteRequired,
            claimedBy: v.claimedBy?.name ?? '',
          };
        });
      }
    }
    const cap = limit.toLocaleString('en-US');
    const out = queueWorkbook(
      `科技型中小企业信息表审核清单（导出日期：${today}；共${ids.length}条）`,
      batches(),
      capped ? `注：符合条件的记录超过${cap}条，仅导出前${cap}条，请缩小筛选范围后分批导出。` : null,
    );
    return { stream: out, filename: `科技型中小企业信息表审核清单-${today}.xlsx` };
  }

  // ── one filing ────────────────────────────────────────────────────────────────────────────────────────────

  /** The filing and the actor's standing; 404 outside the actor's scope, and for drafts (never submitted to staff). */
  private async scoped(actor: Actor, id: number): Promise<{ filing: FilingRow; standing: Standing }> {
    const filing = await repo.getFiling(this.db, id);
    const standing = requireStanding(actor, filing && filing.status !== 'draft' ? placement(filing) : null);
    return { filing: filing as FilingRow, standing };
  }

  private evidenceView(filingId: number, evidence: unknown) {
    const list = Array.isArray(evidence) ? (evidence as EvidenceSnapshot[]) : [];
    return list.map((e) => ({
      id: Number(e.id),
      kind: e.kind,
      kindLabel: (EVIDENCE_KIND_LABELS as Record<string, string>)[e.kind] ?? e.kind,
      fileName: e.fileName,
      mediaType: e.mediaType,
      sha256: e.sha256,
      url: `/api/v1/staff/filings/${filingId}/evidence/${e.id}`,
    }));
  }

  private versionView(filingId: number, v: repo.VersionRow) {
    const triggers = Array.isArray(v.on_site_triggers) ? v.on_site_triggers : [];
    return {
      versionNo: v.version_no,
      reviewRound: v.review_round,
      submittedAt: iso(v.submitted_at),
      submittedBy: { id: Number(v.submitted_by), name: actorName(v.submitted_by_name, v.submitted_by_kind) },
      onBehalfOf: v.on_behalf_of,
      infoSheet: v.info_sheet,
      assessment: v.assessment,
      warnings: v.warnings,
      onSiteTriggers: triggers.map((code) => ({
        code,
        label: (ON_SITE_LABELS as Record<string, string>)[code] ?? code,
      })),
      evidence: this.evidenceView(filingId, v.evidence),
      commitment: v.commitment,
    };
  }

  private onSiteView(filingId: number, o: repo.OnSiteRow) {
    const files = (Array.isArray(o.files) ? o.files : []) as OnSiteFile[];
    return {
      reviewRound: o.review_round,
      checkedOn: o.checked_on,
      inspectors: o.inspectors,
      findings: o.findings,
      conclusion: o.conclusion,
      conclusionLabel: o.conclusion === 'pass' ? '核查通过' : '核查不通过',
      files: files.map((f) => ({
        ...f,
        url: `/api/v1/staff/filings/${filingId}/on-site-files/${f.sha256}`,
      })),
      recordedBy: { id: Number(o.recorded_by), name: o.recorded_by_name },
      recordedAt: iso(o.recorded_at),
    };
  }

  /** GET /api/v1/staff/filings/:id */
  async detail(actor: Actor, id: number) {
    const { filing, standing } = await this.scoped(actor, id);
    const today = this.today();
    const days = new DaysLeft(await this.calendar.table(), today);
    const [enterprise, agency, campaign, version, previous, onSite, reviews, events, holder] = await Promise.all([
      repo.enterpriseOf(this.db, filing.enterprise_id),
      filing.agency_id === null ? undefined : repo.agencyOf(this.db, filing.agency_id),
      getCampaign(this.db, filing.campaign_id),
      filing.version_no > 0 ? repo.getVersion(this.db, filing.id, filing.version_no) : undefined,
      filing.version_no > 1 ? repo.getVersion(this.db, filing.id, filing.version_no - 1) : undefined,
      repo.getOnSiteCheck(this.db, filing.id, filing.review_round),
      repo.listReviews(this.db, filing.id),
      repo.listEvents(this.db, filing.id),
      filing.claimed_by === null ? null : repo.accountName(this.db, filing.claimed_by),
    ]);
    const regionText = enterprise ? ((await this.regions.regionPath(enterprise.region_code))?.text ?? null) : null;
    const deadline = days.forFiling(filing.status, filing.review_due_on, filing.review_due_provisional);
    return {
      id: filing.id,
      evaluationYear: filing.evaluation_year,
      status: filing.status,
      statusLabel: STATES[filing.status].staffLabel,
      versionNo: filing.version_no,
      reviewRound: filing.review_round,
      submittedAt: iso(filing.submitted_at),
      reviewDueOn: filing.review_due_on,
      provisional: deadline.provisional,
      workingDaysLeft: deadline.workingDaysLeft,
      overdue: deadline.overdue,
      today,
      onSiteRequired: filing.on_site_required,
      warningCount: filing.warning_count,
      claimedBy: filing.claimed_by === null ? null : { id: filing.claimed_by, name: holder ?? '' },
      claimedAt: iso(filing.claimed_at),
      enterprise: enterprise
        ? {
            id: enterprise.id,
            name: enterprise.name,
            uscc: enterprise.uscc,
            regionCode: enterprise.region_code,
            regionName: enterprise.region_name,
            regionText,
          }
        : null,
      agency: agency ? { id: agency.id, name: agency.name } : null,
      campaign: campaign
        ? {
            id: Number(campaign.id),
            ruleSetId: campaign.rule_set_id,
            reviewWorkingDays: campaign.review_working_days,
            publicityDeadline: campaign.publicity_deadline,
          }
        : null,
      version: version ? this.versionView(filing.id, version) : null,
      onSiteCheck: onSite ? this.onSiteView(filing.id, onSite) : null,
      reviews: reviews.map((r) => ({
        id: Number(r.id),
        reviewRound: r.review_round,
        versionNo: r.version_no,
        decision: r.decision,
        decisionLabel: DECISION_LABELS[r.decision],
        items: r.items,
        unmetConditions: (Array.isArray(r.unmet_conditions) ? r.unmet_conditions : []).map((code) => ({
          code,
          label: (FAILURE_CODES as Record<string, string>)[code] ?? code,
        })),
        comment: r.comment,
        reviewer: { id: Number(r.reviewer_id), name: r.reviewer_name },
        agency: { id: Number(r.agency_id), name: r.agency_name },
        decidedAt: iso(r.decided_at),
        late: r.late,
      })),
      timeline: events.map((e) => ({
        id: Number(e.id),
        action: e.action,
        actionLabel: ACTIONS[e.action as FilingAction]?.label ?? EVENT_LABELS[e.action] ?? e.action,
        fromStatus: e.from_status,
        fromLabel: e.from_status === null ? null : (STATES[e.from_status as FilingStatus]?.staffLabel ?? e.from_status),
        toStatus: e.to_status,
        toLabel: STATES[e.to_status as FilingStatus]?.staffLabel ?? e.to_status,
        actor:
          e.actor_id === null
            ? null
            : { id: Number(e.actor_id), name: actorName(e.actor_name, e.actor_kind), kind: e.actor_kind },
        onBehalfOf: e.on_behalf_of,
        detail: maskStrings(e.detail),
        at: iso(e.at),
      })),
      allowedActions: allowedActions(forActions(filing), standing),
      diff: version && previous ? this.diff(previous, version) : null,
    };
  }

  /** What changed from the previous submitted version to the current one, field by field, with Chinese labels. */
  private diff(previous: repo.VersionRow, current: repo.VersionRow) {
    const changes: InfoSheetChange[] = diffInfoSheets(
      previous.info_sheet as InfoSheetDraft,
      current.info_sheet as InfoSheetDraft,
    );
    return { fromVersion: previous.version_no, toVersion: current.version_no, changes };
  }

  /** GET /api/v1/staff/filings/:id/versions/:no */
  async version(actor: Actor, id: number, versionNo: number) {
    const { filing } = await this.scoped(actor, id);
    const v = versionNo <= filing.version_no ? await repo.getVersion(this.db, filing.id, versionNo) : undefined;
    if (!v) throw new AppError(404, 'not_found', `该信息表没有第${versionNo}版`);
    return this.versionView(filing.id, v);
  }

  /** GET /api/v1/staff/filings/:id/evidence/:evidenceId — only evidence some submitted version contains. */
  async evidenceFile(actor: Actor, id: number, evidenceId: number) {
    const { filing } = await this.scoped(actor, id);
    const row = await viewableEvidence(this.db, filing.id, evidenceId, { live: false });
    if (!row) throw new AppError(404, 'not_found', '未找到该证明材料');
    const loaded = await loadFile(this.db, this.files, row.sha256);
    if (!loaded) throw new AppError(404, 'not_found', '材料文件缺失，请联系系统管理员');
    return { ...loaded, fileName: row.file_name };
  }

  /** GET /api/v1/staff/filings/:id/on-site-files/:sha256 */
  async onSiteFile(actor: Actor, id: number, sha256: string) {
    const { filing } = await this.scoped(actor, id);
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new AppError(404, 'not_found', '未找到该核查附件');
    const row = await repo.onSiteFile(this.db, filing.id, sha256);
    const file = ((row?.files ?? []) as OnSiteFile[]).find((f) => f.sha256 === sha256);
    const loaded = file ? await loadFile(this.db, this.files, sha256) : null;
    if (!file || !loaded) throw new AppError(404, 'not_found', '未找到该核查附件');
    return { ...loaded, fileName: file.fileName };
  }

  // ── transitions ───────────────────────────────────────────────────────────────────────────────────────────

  /** Throw the refusal, if any (the holder's name looked up for the message). */
  private async assertMay(
    db: Kysely<Database> | Transaction<Database>,
    action: FilingAction,
    filing: FilingRow,
    standing: Standing,
  ) {
    const holder = filing.claimed_by === null ? null : await repo.accountName(db, filing.claimed_by);
    const error = refusal(action, forActions(filing), standing, holder);
    if (error) throw error;
  }

  /** After a conditional UPDATE matched nothing: the reason, from the row as it now is. */
  private async lostRace(
    trx: Transaction<Database>,
    action: FilingAction,
    id: number,
    standing: Standing,
  ): Promise<never> {
    const now = await repo.getFiling(trx, id);
    if (now) await this.assertMay(trx, action, now, standing);
    throw new AppError(409, 'conflict', '该信息表刚被其他人处理，请刷新后重试');
  }

  /** POST /api/v1/staff/filings/:id/claim: submitted → reviewing, held by the caller. */
  async claim(actor: Actor, id: number) {
    const { filing, standing } = await this.scoped(actor, id);
    await this.assertMay(this.db, 'claim', filing, standing);
    const at = this.clock().toISOString();
    await this.db.transaction().execute(async (trx) => {
      const claimed = await repo.claimIfSubmitted(trx, id, actor.accountId, at);
      if (!claimed) return this.lostRace(trx, 'claim', id, standing);
      await repo.insertEvent(trx, {
        filing_id: id,
        action: 'claim',
        from_status: 'submitted',
        to_status: 'reviewing',
        actor_id: actor.accountId,
        detail: { reviewRound: claimed.review_round, versionNo: claimed.version_no },
        at,
      });
      await writeAudit(trx, {
        actor: `account:${actor.accountId}`,
        action: 'review.claim',
        subject: `filing:${id}`,
        detail: { reviewRound: claimed.review_round, versionNo: claimed.version_no },
      });
    });
    return this.detail(actor, id);
  }

  /**
   * POST /api/v1/staff/filings/:id/release: reviewing → submitted. The holder, or a head of the filing's agency
   * (whose release of another's claim is told to the holder).
   */
  async release(actor: Actor, id: number) {
    const { filing, standing } = await this.scoped(actor, id);
    await this.assertMay(this.db, 'release', filing, standing);
    const holder = filing.claimed_by as number;
    const at = this.clock().toISOString();
    await this.db.transaction().execute(async (trx) => {
      const released = await repo.releaseClaim(trx, id, holder, at);
      if (!released) return this.lostRace(trx, 'release', id, standing);
      await repo.insertEvent(trx, {
        filing_id: id,
        action: 'release',
        from_status: 'reviewing',
        to_status: 'submitted',
        actor_id: actor.accountId,
        detail: { holder },
        at,
      });
      await writeAudit(trx, {
        actor: `account:${actor.accountId}`,
        action: 'review.release',
        subject: `filing:${id}`,
        detail: { holder },
      });
      if (holder !== actor.accountId) {
        const enterprise = await repo.enterpriseOf(trx, filing.enterprise_id);
        await this.notifier.batch().notify(trx, holder, {
          category: 'review',
          title: '审核任务已被收回',
          body: `您正在审核的「${enterprise?.name ?? ''}」${filing.evaluation_year}年度信息表已由机构负责人${actor.displayName}放回待审核。`,
          link: `/staff/filings/${id}`,
        });
      }
    });
    return this.detail(actor, id);
  }

  /** Refuse the on-site form before reading its files (wrong party, state or claim). */
  async assertMayRecordOnSite(actor: Actor, id: number): Promise<void> {
    const { filing, standing } = await this.scoped(actor, id);
    await this.assertMay(this.db, 'recordOnSite', filing, standing);
  }

  /**
   * POST /api/v1/staff/filings/:id/on-site (multipart, read by the route with ON_SITE_FILES): record — or
   * replace — the on-site check of the current round. keepFiles=true keeps the files recorded before and adds the
   * new ones (at most 10 in all).
   */
  async recordOnSite(actor: Actor, id: number, form: MultipartForm) {
    const { filing, standing } = await this.scoped(actor, id);
    const fields = form.fields as Query;
    const problems: FieldProblem[] = [];
    const today = this.today();
    const checkedOn = dateParam(fields, 'checkedOn', '核查日期', problems);
    if (fields.checkedOn === undefined || fields.checkedOn === '') {
      problems.push({ path: 'checkedOn', message: '核查日期：请填写实地核查的日期' });
    }
    const inspectors = textParam(fields, 'inspectors', '核查人员', problems, MAX_INSPECTORS);
    if (inspectors === undefined && !problems.some((p) => p.path === 'inspectors')) {
      problems.push({ path: 'inspectors', message: '核查人员：请填写参加核查的人员' });
    }
    const findings = textParam(fields, 'findings', '核查情况', problems, MAX_FINDINGS);
    if (findings === undefined && !problems.some((p) => p.path === 'findings')) {
      problems.push({ path: 'findings', message: '核查情况：请填写核查发现的情况' });
    }
    const conclusion = textParam(fields, 'conclusion', '核查结论', problems, 10);
    if (conclusion !== 'pass' && conclusion !== 'fail') {
      problems.push({ path: 'conclusion', message: '核查结论：只能是 pass（核查通过）或 fail（核查不通过）' });
    }
    const keepFiles = boolParam(fields, 'keepFiles', '保留已上传附件', problems);
    const version = filing.version_no > 0 ? await repo.getVersion(this.db, id, filing.version_no) : undefined;
    const submittedOn = version ? todayInChina(new Date(version.submitted_at)) : null;
    if (checkedOn !== undefined) {
      if (checkedOn > today) problems.push({ path: 'checkedOn', message: `核查日期：不能晚于今天（${today}）` });
      else if (submittedOn !== null && checkedOn < submittedOn) {
        problems.push({ path: 'checkedOn', message: `核查日期：不能早于信息表提交日期（${submittedOn}）` });
      }
    }
    if (problems.length > 0) throw invalidInput(problems);

    const at = this.clock().toISOString();
    await this.db.transaction().execute(async (trx) => {
      const locked = await repo.lockFiling(trx, id);
      if (!locked) throw new AppError(404, 'not_found', '未找到该参评信息表，或不在您的管辖范围内');
      await this.assertMay(trx, 'recordOnSite', locked, standing);
      const existing = await repo.getOnSiteCheck(trx, id, locked.review_round);
      const files: OnSiteFile[] = keepFiles && existing ? [...(existing.files as OnSiteFile[])] : [];
      for (const upload of Object.values(form.files)) {
        const saved = await storeFile(trx, this.files, upload.bytes, upload.kind);
        if (files.some((f) => f.sha256 === saved.sha256)) continue;
        files.push({
          sha256: saved.sha256,
          fileName: upload.fileName,
          mediaType: saved.mediaType,
          byteSize: saved.byteSize,
        });
      }
      if (files.length > ON_SITE_MAX_FILES) {
        throw invalidInput([{ path: 'files', message: `核查附件：最多${ON_SITE_MAX_FILES}个文件（含已上传的）` }]);
      }
      await repo.upsertOnSite(trx, {
        filing_id: id,
        review_round: locked.review_round,
        checked_on: checkedOn as string,
        inspectors: inspectors as string,
        findings: findings as string,
        conclusion: conclusion as 'pass' | 'fail',
        files,
        recorded_by: actor.accountId,
        recorded_at: at,
      });
      const detail = {
        reviewRound: locked.review_round,
        checkedOn,
        conclusion,
        files: files.map((f) => f.sha256),
        replaced: existing !== undefined,
      };
      await repo.insertEvent(trx, {
        filing_id: id,
        action: 'recordOnSite',
        from_status: 'reviewing',
        to_status: 'reviewing',
        actor_id: actor.accountId,
        detail: { reviewRound: locked.review_round, checkedOn, conclusion, files: files.length },
        at,
      });
      await writeAudit(trx, {
        actor: `account:${actor.accountId}`,
        action: 'review.recordOnSite',
        subject: `filing:${id}`,
        detail,
      });
    });
    return this.detail(actor, id);
  }

  /** The decision's body checked: every problem at once, in Chinese, naming the field. */
  private parseDecision(body: unknown) {
    const input = (body !== null && typeof body === 'object' ? body : {}) as Record<string, unknown>;
    const problems: FieldProblem[] = [];
    const decision = input.decision;
    if (decision !== 'pass' && decision !== 'return' && decision !== 'reject') {
      problems.push({
        path: 'decision',
        message: '审核结论：只能是 pass（审核通过）、return（退回补正）、reject（不予通过）',
      });
    }
    const rawItems = (
      input.items !== null && typeof input.items === 'object' && !Array.isArray(input.items) ? input.items : null
    ) as Record<string, unknown> | null;
    if (rawItems === null) problems.push({ path: 'items', message: '审核事项：请逐项填写审核表的四个事项' });
    const items = {} as Record<ReviewItem, { ok: boolean; reason: string | null }>;
    for (const key of ITEM_KEYS) {
      const label = REVIEW_ITEMS[key];
      const raw = rawItems?.[key] as { ok?: unknown; reason?: unknown } | undefined;
      if (rawItems === null) continue;
      if (raw === null || typeof raw !== 'object' || typeof raw.ok !== 'boolean') {
        problems.push({ path: `items.${key}.ok`, message: `${label}：请选择“是”或“否”` });
        continue;
      }
      let reason: string | null = null;
      if (raw.reason !== undefined && raw.reason !== null) {
        if (typeof raw.reason !== 'string') {
          problems.push({ path: `items.${key}.reason`, message: `${label}：原因须为文字` });
          continue;
        }
        reason = raw.reason.trim() === '' ? null : raw.reason.trim();
      }
      if (reason !== null && [...reason].length > MAX_REASON) {
        problems.push({ path: `items.${key}.reason`, message: `${label}：原因不能超过${MAX_REASON}个字` });
      }
      if (!raw.ok && decision !== 'pass' && [...(reason ?? '')].length < MIN_REASON) {
        problems.push({
          path: `items.${key}.reason`,
          message: `${label}：请填写存在的问题（至少${MIN_REASON}个字），以便企业补正`,
        });
      }
      items[key] = { ok: raw.ok, reason };
    }
    const complete = rawItems !== null && ITEM_KEYS.every((k) => items[k] !== undefined);
    if (complete && decision === 'pass') {
      for (const key of ITEM_KEYS) {
        if (!items[key].ok) {
          problems.push({ path: `items.${key}.ok`, message: `${REVIEW_ITEMS[key]}：审核通过须各项均为“是”` });
        }
      }
    }
    if (complete && decision === 'return' && ITEM_KEYS.every((k) => items[k].ok)) {
      problems.push({ path: 'items', message: '审核事项：退回补正须至少有一项为“否”，并写明原因' });
    }
    let unmetConditions: string[] = [];
    const rawUnmet = input.unmetConditions;
    if (decision === 'reject') {
      const codes = Array.isArray(rawUnmet) ? rawUnmet : [];
      const known = Object.keys(FAILURE_CODES);
      if (codes.length === 0) {
        problems.push({
          path: 'unmetConditions',
          message: '不符合的基本条件：不予通过须选择企业不符合的《科技型中小企业评价办法》第六条基本条件',
        });
      } else if (codes.some((c) => typeof c !== 'string' || !known.includes(c))) {
        problems.push({ path: 'unmetConditions', message: `不符合的基本条件：只能是 ${known.join('、')} 之中的代码` });
      } else if (new Set(codes).size !== codes.length) {
        problems.push({ path: 'unmetConditions', message: '不符合的基本条件：不能重复' });
      } else unmetConditions = codes as string[];
    } else if (rawUnmet !== undefined && rawUnmet !== null && !(Array.isArray(rawUnmet) && rawUnmet.length === 0)) {
      problems.push({ path: 'unmetConditions', message: '不符合的基本条件：仅在不予通过时填写' });
    }
    let comment: string | null = null;
    if (input.comment !== undefined && input.comment !== null && typeof input.comment !== 'string') {
      problems.push({ path: 'comment', message: '审核意见：须为文字' });
    } else {
      comment = typeof input.comment === 'string' && input.comment.trim() !== '' ? input.comment.trim() : null;
      if (comment !== null && [...comment].length > MAX_COMMENT) {
        problems.push({ path: 'comment', message: `审核意见：不能超过${MAX_COMMENT}个字` });
      } else if (decision === 'reject' && [...(comment ?? '')].length < MIN_REASON) {
        problems.push({ path: 'comment', message: `审核意见：不予通过须写明理由（至少${MIN_REASON}个字）` });
      }
    }
    if (problems.length > 0) throw invalidInput(problems);
    return { decision: decision as ReviewDecision, items, unmetConditions, comment };
  }

  /**
   * POST /api/v1/staff/filings/:id/decision: pass, return or reject, by the claim holder while reviewing. One
   * transaction: the conditional UPDATE (reviewing and held by the caller), the on-site condition, the review
   * sheet (one per round), the event, the audit record and the enterprise's in-app messages; SMS after commit.
   */
  async decide(actor: Actor, id: number, body: unknown) {
    const input = this.parseDecision(body);
    const { filing, standing } = await this.scoped(actor, id);
    await this.assertMay(this.db, input.decision, filing, standing);
    const now = this.clock();
    const at = now.toISOString();
    const today = todayInChina(now);
    const to = DECISION_STATUS[input.decision];
    const batch = this.notifier.batch();
    try {
      await this.db.transaction().execute(async (trx) => {
        const decided = await repo.decideIfHeld(trx, id, actor.accountId, to, at);
        if (!decided) return this.lostRace(trx, input.decision, id, standing);
        const onSite = await repo.getOnSiteCheck(trx, id, decided.review_round);
        if (input.decision === 'pass' && decided.on_site_required && !onSite) {
          throw new AppError(400, 'on_site_required', '该企业需实地核查，请先登记实地核查结果');
        }
        if (input.decision === 'pass' && onSite?.conclusion === 'fail') {
          throw new AppError(400, 'on_site_failed', '实地核查结论为不通过，只能退回补正或不予通过');
        }
        const late = decided.review_due_on !== null && today > decided.review_due_on;
        const reviewId = await repo.insertReview(trx, {
          filing_id: id,
          review_round: decided.review_round,
          version_no: decided.version_no,
          reviewer_id: actor.accountId,
          agency_id: decided.agency_id,
          decision: input.decision,
          items: input.items,
          unmet_conditions: input.unmetConditions,
          comment: input.comment,
          decided_at: at,
          late,
        });
        await repo.insertEvent(trx, {
          filing_id: id,
          action: input.decision,
          from_status: 'reviewing',
          to_status: to,
          actor_id: actor.accountId,
          detail: { reviewRound: decided.review_round, versionNo: decided.version_no, reviewId, late },
          at,
        });
        await writeAudit(trx, {
          actor: `account:${actor.accountId}`,
          action: `review.${input.decision}`,
          subject: `filing:${id}`,
          detail: {
            reviewId,
            reviewRound: decided.review_round,
            versionNo: decided.version_no,
            items: Object.fromEntries(ITEM_KEYS.map((k) => [k, input.items[k].ok])),
            unmetConditions: input.unmetConditions,
            late,
          },
        });
        const message = DECISION_MESSAGES[input.decision];
        await notifyEnterprise(batch, trx, { id, enterpriseId: decided.enterprise_id }, message);
      });
    } catch (error) {
      // One review per round (unique): a second decision that got past the UPDATE somehow still cannot write.
      if ((error as { code?: string }).code === '23505') {
        throw new AppError(409, 'already_decided', '该信息表本轮已有审核结论，不能重复审核');
      }
      throw error;
    }
    await batch.send();
    return this.detail(actor, id);
  }

  /**
   * POST /api/v1/staff/filings/:id/send-back: the province sends a passed filing back to its agency — a new
   * review round with a new deadline from today (the campaign's working days); the agency's reviewers and the
   * enterprise are told in-app. The on-site check stays with the round it was recorded in.
   */
  async sendBack(actor: Actor, id: number, body: unknown) {
    const input = (body !== null && typeof body === 'object' ? body : {}) as Record<string, unknown>;
    const reason = typeof input.reason === 'string' ? input.reason.trim() : '';
    if ([...reason].length < MIN_REASON || [...reason].length > MAX_REASON) {
      throw invalidInput([
        {
          path: 'reason',
          message: `退回原因：请写明退回评价工作机构重新审核的原因（${MIN_REASON}–${MAX_REASON}个字）`,
        },
      ]);
    }
    const { filing, standing } = await this.scoped(actor, id);
    await this.assertMay(this.db, 'sendBack', filing, standing);
    const campaign = await getCampaign(this.db, filing.campaign_id);
    const now = this.clock();
    const at = now.toISOString();
    const due = addWorkingDays(todayInChina(now), campaign?.review_working_days ?? 5, await this.calendar.table());
    const batch = this.notifier.batch();
    await this.db.transaction().execute(async (trx) => {
      const reopened = await repo.reopenIfPassed(trx, id, { at, dueOn: due.date, provisional: due.provisional });
      if (!reopened) return this.lostRace(trx, 'sendBack', id, standing);
      const detail = { reason, reviewRound: reopened.review_round, reviewDueOn: due.date };
      await repo.insertEvent(trx, {
        filing_id: id,
        action: 'sendBack',
        from_status: 'passed',
        to_status: 'submitted',
        actor_id: actor.accountId,
        detail,
        at,
      });
      await writeAudit(trx, {
        actor: `account:${actor.accountId}`,
        action: 'review.sendBack',
        subject: `filing:${id}`,
        detail,
      });
      const enterprise = await repo.enterpriseOf(trx, filing.enterprise_id);
      for (const reviewer of await repo.agencyReviewers(trx, Number(reopened.agency_id))) {
        await batch.notify(trx, reviewer, {
          category: 'review',
          title: '省级主管部门退回重新审核',
          body: `「${enterprise?.name ?? ''}」${filing.evaluation_year}年度信息表已被退回重新审核，请于${due.date}前完成。退回原因：${reason}`,
          link: `/staff/filings/${id}`,
        });
      }
      await notifyEnterprise(
        batch,
        trx,
        { id, enterpriseId: filing.enterprise_id },
        {
          title: `${filing.evaluation_year}年度信息表退回评价工作机构重新审核`,
          body: `省级主管部门已将您的信息表退回评价工作机构重新审核，审核期限至${due.date}。如需补正，评价工作机构将另行通知。`,
        },
        { sms: false },
      );
    });
    await batch.send();
    return this.detail(actor, id);
  }

  // ── the province's view ───────────────────────────────────────────────────────────────────────────────────

  /** GET /api/v1/staff/filing-progress?year=&province= */
  async progress(actor: Actor, query: Query) {
    const problems: FieldProblem[] = [];
    const today = this.today();
    const year = intParam(query, 'year', '评价年度', problems, {
      min: 2017,
      max: 2100,
      fallback: Number(today.slice(0, 4)),
    });
    const asked = textParam(query, 'province', '省份', problems, 6);
    if (asked !== undefined && !/^\d{2}0000$/.test(asked)) {
      problems.push({ path: 'province', message: '省份：须为省级行政区划代码，如 410000' });
    }
    const scope = staffScope(actor);
    const province = asked ?? scope.provinceCodes[0];
    if (province === undefined && problems.length === 0) {
      problems.push({ path: 'province', message: '省份：请指定省份（如 province=410000）' });
    }
    if (problems.length > 0) throw invalidInput(problems);
    if (!scope.all && !scope.provinceCodes.includes(province as string)) {
      throw forbidden('无权查看其他省份的审核进度');
    }
    const code = province as string;
    const table = await this.calendar.table();
    const [name, agencies, counts, spans] = await Promise.all([
      getRegion(this.db, code).then((r) => r?.name ?? null),
      repo.provinceAgencies(this.db, code),
      repo.progressCounts(this.db, code, year, today),
      repo.decisionSpans(this.db, code, year),
    ]);
    const empty = () => ({
      counts: { submitted: 0, reviewing: 0, returned: 0, passed: 0, rejected: 0 } as Record<ProgressStatus, number>,
      total: 0,
      overdue: 0,
      decisions: 0,
      lateDecisions: 0,
      workingDaySum: 0,
      timed: 0,
    });
    const per = new Map<number, ReturnType<typeof empty>>(agencies.map((a) => [a.id, empty()]));
    const totals = empty();
    let drafts = 0;
    for (const c of counts) {
      if (c.status === 'draft' || c.agency_id === null) {
        drafts += c.n;
        continue;
      }
      let entry = per.get(c.agency_id);
      if (!entry) per.set(c.agency_id, (entry = empty()));
      for (const e of [entry, totals]) {
        e.counts[repo.progressBucket(c.status)] += c.n;
        e.total += c.n;
        e.overdue += c.overdue;
      }
    }
    const memo = new Map<string, number>();
    for (const s of spans) {
      let entry = per.get(s.agency_id);
      if (!entry) per.set(s.agency_id, (entry = empty()));
      for (const e of [entry, totals]) {
        e.decisions += s.n;
        e.lateDecisions += s.late;
      }
      if (s.started_on === null) continue;
      const key = `${s.started_on}/${s.decided_on}`;
      let d = memo.get(key);
      if (d === undefined) memo.set(key, (d = workingDaysBetween(s.started_on, s.decided_on, table).days));
      for (const e of [entry, totals]) {
        e.workingDaySum += d * s.n;
        e.timed += s.n;
      }
    }
    const view = (e: ReturnType<typeof empty>) => ({
      counts: e.counts,
      total: e.total,
      overdue: e.overdue,
      decisions: e.decisions,
      lateDecisions: e.lateDecisions,
      averageWorkingDaysToDecision: e.timed === 0 ? null : Math.round((e.workingDaySum / e.timed) * 10) / 10,
    });
    const names = new Map(agencies.map((a) => [a.id, a]));
    const otherIds = [...per.keys()].filter((id) => !names.has(id));
    const others = await Promise.all(otherIds.map((id) => repo.agencyOf(this.db, id)));
    return {
      year,
      today,
      province: { code, name },
      agencies: [
        ...agencies.map((a) => ({ id: a.id, name: a.name, level: a.level, ...view(per.get(a.id) ?? empty()) })),
        ...others.flatMap((a) =>
          a ? [{ id: a.id, name: a.name, level: null, ...view(per.get(a.id) ?? empty()) }] : [],
        ),
      ],
      totals: { ...view(totals), drafts },
    };
  }

  /**
   * GET /api/v1/staff/filing-progress.xlsx?year=&province=: progress() as a workbook — the same checks and scope
   * (it is progress() that answers them), one row per agency and a 合计 row, streamed. Recorded in the audit trail
   * before the first byte leaves.
   */
  async exportProgressXlsx(actor: Actor, query: Query): Promise<{ stream: Readable; filename: string }> {
    const p = await this.progress(actor, query);
    await this.db.transaction().execute((trx) =>
      writeAudit(trx, {
        actor: `account:${actor.accountId}`,
        action: 'review.exportProgress',
        subject: 'filing-progress',
        detail: { year: p.year, province: p.province.code, rows: p.agencies.length },
      }),
    );
    const place = p.province.name ?? p.province.code;
    const stream = progressWorkbook(
      `${p.year}年度 ${place} 信息表审核进度`,
      chinaTime(new Date()),
      p.agencies.map((a) => ({ ...a, level: a.level === null ? '' : LEVEL_LABELS[a.level] })),
      p.totals,
    );
    return { stream, filename: `${place}${p.year}年度信息表审核进度-${p.today}.xlsx` };
  }
}

const DECISION_MESSAGES: Readonly<Record<ReviewDecision, { title: string; body: string }>> = {
  pass: {
    title: '信息表已通过审核',
    body: '您的《科技型中小企业信息表》已通过评价工作机构审核，省级科技管理部门将分批公示，请留意公示信息。',
  },
  return: {
    title: '信息表已被退回补正',
    body: '您的《科技型中小企业信息表》已被退回补正，请登录平台查看审核意见并修改后重新提交。',
  },
  reject: {
    title: '信息表审核未通过',
    body: '您的《科技型中小企业信息表》经审核不符合《科技型中小企业评价办法》第六条规定的条件，未予通过，请登录平台查看审核意见。',
  },
};
