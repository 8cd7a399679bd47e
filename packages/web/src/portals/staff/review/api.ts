/**
 * The review API (/api/v1/staff/filings…, /api/v1/staff/filing-progress): the shapes the server returns, the
 * staff labels of the lifecycle, the 审核表's four items, and a multipart POST for the on-site form.
 */
import type { AssessmentResult, InfoSheetChange, InfoSheetDraft, Warning } from '@kexiao/rules';
import type { FieldProblem } from '../../account/api';
import type { FilingStatus } from '../../enterprise/filing/api';

export type { FilingStatus };

export type QueueStatus = Exclude<FilingStatus, 'draft'>;
/** The review progress's columns: after publicity a filing still counts as passed by its agency. */
export type ProgressStatus = 'submitted' | 'reviewing' | 'returned' | 'passed' | 'rejected';
export type FilingAction =
  | 'edit'
  | 'submit'
  | 'withdraw'
  | 'claim'
  | 'release'
  | 'recordOnSite'
  | 'pass'
  | 'return'
  | 'reject'
  | 'sendBack'
  | 'publicize'
  | 'announce'
  | 'withhold';

/** The staff labels of the states (lifecycle.ts STATES[…].staffLabel). */
export const STATUS_LABELS: Readonly<Record<FilingStatus, string>> = {
  draft: '企业填报中',
  submitted: '待审核',
  reviewing: '审核中',
  returned: '已退回补正',
  passed: '审核通过',
  rejected: '不予通过',
  publicizing: '公示中',
  registered: '已公告入库',
  not_registered: '异议成立，不予入库',
};

export const QUEUE_STATUSES: readonly QueueStatus[] = [
  'submitted',
  'reviewing',
  'returned',
  'passed',
  'rejected',
  'publicizing',
  'registered',
  'not_registered',
];
export const PROGRESS_STATUSES: readonly ProgressStatus[] = [
  'submitted',
  'reviewing',
  'returned',
  'passed',
  'rejected',
];

export const STATUS_COLORS: Readonly<Record<FilingStatus, string>> = {
  draft: 'default',
  submitted: 'processing',
  reviewing: 'gold',
  returned: 'orange',
  passed: 'success',
  rejected: 'error',
  publicizing: 'cyan',
  registered: 'green',
  not_registered: 'volcano',
};

export interface Person {
  id: number;
  name: string | null;
}

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
  provisional: boolean;
  /** 0 = due today; negative = overdue; null once decided */
  workingDaysLeft: number | null;
  overdue: boolean;
  warningCount: number;
  onSiteRequired: boolean;
  claimedBy: Person | null;
}

export interface QueuePage {
  items: QueueItem[];
  total: number;
  totalExact: boolean;
  page: number;
  pageSize: number;
  today: string;
}

export interface EvidenceView {
  id: number;
  kind: string;
  kindLabel: string;
  fileName: string;
  mediaType: string;
  sha256: string;
  url: string;
}

export interface VersionView {
  versionNo: number;
  reviewRound: number;
  submittedAt: string | null;
  submittedBy: Person;
  onBehalfOf: unknown;
  infoSheet: InfoSheetDraft;
  assessment: AssessmentResult | null;
  warnings: Warning[] | null;
  onSiteTriggers: { code: string; label: string }[];
  evidence: EvidenceView[];
  commitment: { signerName?: string; acceptedAt?: string; text?: string } | null;
}

export interface OnSiteFileView {
  sha256: string;
  fileName: string;
  mediaType: string;
  byteSize: number;
  url: string;
}

export interface OnSiteCheckView {
  reviewRound: number;
  checkedOn: string;
  inspectors: string;
  findings: string;
  conclusion: 'pass' | 'fail';
  conclusionLabel: string;
  files: OnSiteFileView[];
  recordedBy: Person;
  recordedAt: string | null;
}

export type ReviewItemKey = 'firstPageSealed' | 'complete' | 'consistent' | 'other';
export type ReviewDecision = 'pass' | 'return' | 'reject';

/** The four items of 《科技型中小企业信息审核表》, in its order. */
export const REVIEW_ITEMS: Readonly<Record<ReviewItemKey, string>> = {
  firstPageSealed: '信息表首页是否签字并加盖公章',
  complete: '信息表内容是否填写完整',
  consistent: '信息表内容与证明材料是否一致',
  other: '其他问题',
};
export const REVIEW_ITEM_KEYS = Object.keys(REVIEW_ITEMS) as ReviewItemKey[];

export const DECISION_LABELS: Readonly<Record<ReviewDecision, string>> = {
  pass: '审核通过',
  return: '退回补正',
  reject: '不予通过',
};

export interface PastReview {
  id: number;
  reviewRound: number;
  versionNo: number;
  decision: ReviewDecision;
  decisionLabel: string;
  items: Partial<Record<ReviewItemKey, { ok: boolean; reason: string | null }>>;
  unmetConditions: { code: string; label: string }[];
  comment: string | null;
  reviewer: Person;
  agency: { id: number; name: string | null };
  decidedAt: string | null;
  late: boolean;
}

export interface TimelineEvent {
  id: number;
  action: string;
  actionLabel: string;
  fromStatus: string | null;
  fromLabel: string | null;
  toStatus: string;
  toLabel: string;
  actor: { id: number; name: string | null; kind: string | null } | null;
  onBehalfOf: unknown;
  detail: Record<string, unknown> | null;
  at: string | null;
}

export interface FilingDetail {
  id: number;
  evaluationYear: number;
  status: FilingStatus;
  statusLabel: string;
  versionNo: number;
  reviewRound: number;
  submittedAt: string | null;
  reviewDueOn: string | null;
  provisional: boolean;
  workingDaysLeft: number | null;
  overdue: boolean;
  today: string;
  onSiteRequired: boolean;
  warningCount: number;
  claimedBy: Person | null;
  claimedAt: string | null;
  enterprise: {
    id: number;
    name: string;
    uscc: string;
    regionCode: string;
    regionName: string | null;
    regionText: string | null;
  } | null;
  agency: { id: number; name: string } | null;
  campaign: { id: number; ruleSetId: string; reviewWorkingDays: number; publicityDeadline: string | null } | null;
  version: VersionView | null;
  onSiteCheck: OnSiteCheckView | null;
  reviews: PastReview[];
  timeline: TimelineEvent[];
  allowedActions: FilingAction[];
  diff: { fromVersion: number; toVersion: number; changes: InfoSheetChange[] } | null;
}

export type ProgressCounts = Record<ProgressStatus, number>;

export interface ProgressEntry {
  counts: ProgressCounts;
  total: number;
  overdue: number;
  decisions: number;
  lateDecisions: number;
  averageWorkingDaysToDecision: number | null;
}

export interface ProgressView {
  year: number;
  today: string;
  province: { code: string; name: string | null };
  agencies: (ProgressEntry & { id: number; name: string; level: 'city' | 'county' | null })[];
  totals: ProgressEntry & { drafts: number };
}

export const filingUrl = (id: number | string, tail = '') => `/api/v1/staff/filings/${id}${tail}`;

export { postMultipart } from '../../account/api';

/** A field problem's message without its leading "字段名：" (shown under that field already). */
export const bareMessage = (message: string) => {
  const colon = message.indexOf('：');
  return colon > 0 && colon <= 24 ? message.slice(colon + 1) : message;
};

/** The problems of one path (or of paths under it), joined. */
export function problemAt(fields: readonly FieldProblem[], path: string): string | undefined {
  const hits = fields.filter((f) => f.path === path);
  return hits.length === 0 ? undefined : hits.map((f) => bareMessage(f.message)).join('；');
}

/** 2026-05-12T…Z → 2026-05-12 14:03 (China time). */
export function chinaDateTime(iso: string | null): string {
  if (!iso) return '—';
  return new Date(new Date(iso).getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}
