/**
 * The publicity API's shapes (modules/publicity): published batches and announcements as the public reads them,
 * and the province's batches as staff manage them.
 */

export type WindowPhase = 'before' | 'open' | 'ended';

export interface AnnouncementSummary {
  id: number;
  announcementNo: number;
  title: string;
  announcedOn: string;
  registeredCount: number;
}

export interface PublicBatchSummary {
  id: number;
  provinceCode: string;
  provinceName: string;
  evaluationYear: number;
  batchNo: number;
  title: string;
  publishedOn: string;
  endsOn: string;
  endsProvisional: boolean;
  phase: WindowPhase;
  phaseLabel: string;
  objectionsOpen: boolean;
  entryCount: number;
  announcements: AnnouncementSummary[];
}

export interface PublicEntry {
  entryId: number;
  position: number;
  enterpriseName: string;
  uscc: string;
  regionName: string;
  agencyName: string;
  outcome: 'pending' | 'registered' | 'withheld';
  outcomeLabel: string;
  registrationNo: string | null;
}

export interface PublicBatch extends PublicBatchSummary {
  page: number;
  pageSize: number;
  entries: PublicEntry[];
}

export interface Paged<T> {
  total: number;
  page: number;
  pageSize: number;
  items: T[];
}

export interface PublicAnnouncementSummary {
  id: number;
  provinceCode: string;
  provinceName: string;
  evaluationYear: number;
  announcementNo: number;
  title: string;
  announcedOn: string;
  registeredCount: number;
  batch: { id: number; batchNo: number; title: string };
}

export interface PublicAnnouncement extends PublicAnnouncementSummary {
  registrations: {
    position: number;
    registrationNo: string;
    enterpriseName: string;
    uscc: string;
    regionName: string;
    agencyName: string | null;
    status: 'valid' | 'revoked';
    statusLabel: string;
  }[];
}

// ── staff ─────────────────────────────────────────────────────────────────────────────────────────────────────

export type BatchAction = 'addEntries' | 'removeEntries' | 'discard' | 'publish' | 'announce';

export interface StaffBatchSummary {
  id: number;
  provinceCode: string;
  evaluationYear: number;
  batchNo: number | null;
  title: string;
  status: 'draft' | 'published' | 'discarded';
  statusLabel: string;
  phase: WindowPhase | 'draft';
  phaseLabel: string;
  note: string | null;
  entryCount: number;
  createdAt: string;
  publishedAt: string | null;
  publishedOn: string | null;
  endsOn: string | null;
  endsProvisional: boolean;
  announcements: AnnouncementSummary[];
}

export interface StaffEntry {
  entryId: number;
  position: number;
  filingId: number;
  enterprise: { id: number; name: string; uscc: string };
  regionCode: string;
  regionName: string;
  agency: { id: number; name: string };
  outcome: 'pending' | 'registered' | 'withheld';
  filingStatus: string;
  openObjections: number;
  upheldObjections: number;
  registrationNo: string | null;
}

export interface StaffBatch extends StaffBatchSummary {
  counts: {
    pending: number;
    registered: number;
    withheld: number;
    openObjections: number;
    announceable: number;
    noLongerPassed: number;
  };
  allowedActions: BatchAction[];
  page: number;
  pageSize: number;
  entries: StaffEntry[];
}

export interface Candidate {
  filingId: number;
  enterprise: { id: number; name: string; uscc: string };
  regionCode: string;
  regionName: string | null;
  agency: { id: number; name: string };
  passedAt: string;
  onSiteChecked: boolean;
}

/** 2025-10-09 → 2025年10月9日 */
export function chineseDate(iso: string | null): string {
  if (iso === null) return '—';
  const [y, m, d] = iso.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

export const PHASE_COLORS: Readonly<Record<string, string>> = {
  draft: 'default',
  before: 'default',
  open: 'processing',
  ended: 'success',
};

export const OUTCOME_COLORS: Readonly<Record<PublicEntry['outcome'], string>> = {
  pending: 'processing',
  registered: 'success',
  withheld: 'error',
};
