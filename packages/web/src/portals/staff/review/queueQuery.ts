/**
 * The queue's filters and sort as one value: read from and written to the page's address (so going back from a
 * filing restores the list), and turned into the API query shared by the list and the xlsx export.
 */
import { QUEUE_STATUSES, type QueueStatus } from './api';

export type DueFilter = 'overdue' | 'today' | 'within3';
export type QueueSort = 'due' | '-due' | 'submittedAt' | '-submittedAt' | 'enterpriseName' | '-enterpriseName';

export interface QueueFilters {
  statuses: QueueStatus[];
  due: DueFilter | null;
  hasWarnings: boolean;
  onSiteRequired: boolean;
  claimedByMe: boolean;
  q: string;
  year: number | null;
  agencyId: number | null;
  sort: QueueSort;
  page: number;
}

export const DUE_LABELS: Readonly<Record<DueFilter, string>> = {
  overdue: '已超期',
  today: '今日到期',
  within3: '3个工作日内到期',
};

export const SORT_LABELS: Readonly<Record<QueueSort, string>> = {
  due: '审核期限（最近到期在前）',
  '-due': '审核期限（最晚到期在前）',
  '-submittedAt': '提交时间（最新在前）',
  submittedAt: '提交时间（最早在前）',
  enterpriseName: '企业名称（升序）',
  '-enterpriseName': '企业名称（降序）',
};

/** What the queue opens on: the filings waiting for a decision (待审核, 审核中). `status=all` in the address: all. */
export const OPEN_STATUSES: readonly QueueStatus[] = ['submitted', 'reviewing'];

const sameStatuses = (a: readonly QueueStatus[], b: readonly QueueStatus[]) =>
  a.length === b.length && a.every((s) => b.includes(s));

export const EMPTY_FILTERS: QueueFilters = {
  statuses: [...OPEN_STATUSES],
  due: null,
  hasWarnings: false,
  onSiteRequired: false,
  claimedByMe: false,
  q: '',
  year: null,
  agencyId: null,
  sort: 'due',
  page: 1,
};

const positive = (text: string | null) => {
  const n = Number(text);
  return text !== null && Number.isSafeInteger(n) && n > 0 ? n : null;
};

/** The filters in an address's query (unknown values ignored). */
export function filtersFromSearch(search: string): QueueFilters {
  const p = new URLSearchParams(search);
  const raw = p.get('status');
  const statuses =
    raw === null
      ? [...OPEN_STATUSES]
      : raw.split(',').filter((s): s is QueueStatus => (QUEUE_STATUSES as readonly string[]).includes(s));
  const due = p.get('due');
  const sort = p.get('sort');
  return {
    statuses,
    due: due !== null && due in DUE_LABELS ? (due as DueFilter) : null,
    hasWarnings: p.get('hasWarnings') === 'true',
    onSiteRequired: p.get('onSiteRequired') === 'true',
    claimedByMe: p.get('claimedByMe') === 'true',
    q: p.get('q') ?? '',
    year: positive(p.get('evaluationYear')),
    agencyId: positive(p.get('agencyId')),
    sort: sort !== null && sort in SORT_LABELS ? (sort as QueueSort) : 'due',
    page: positive(p.get('page')) ?? 1,
  };
}

/** The API query of the filters (without paging: the export takes the same). */
export function filterQuery(f: QueueFilters): URLSearchParams {
  const query = new URLSearchParams();
  if (f.statuses.length > 0) query.set('status', f.statuses.join(','));
  if (f.due !== null) query.set('due', f.due);
  if (f.hasWarnings) query.set('hasWarnings', 'true');
  if (f.onSiteRequired) query.set('onSiteRequired', 'true');
  if (f.claimedByMe) query.set('claimedByMe', 'true');
  if (f.q.trim() !== '') query.set('q', f.q.trim());
  if (f.year !== null) query.set('evaluationYear', String(f.year));
  if (f.agencyId !== null) query.set('agencyId', String(f.agencyId));
  if (f.sort !== 'due') query.set('sort', f.sort);
  return query;
}

/** The page's own address query: the filters and the page number. */
export function searchOf(f: QueueFilters): string {
  const query = filterQuery(f);
  if (sameStatuses(f.statuses, OPEN_STATUSES)) query.delete('status');
  else if (f.statuses.length === 0) query.set('status', 'all');
  if (f.page > 1) query.set('page', String(f.page));
  const text = query.toString();
  return text === '' ? '' : `?${text}`;
}
