/** The filing API (参评填报): the overview, one filing, autosave, evidence, the PDF, submit and withdraw. */
import type { AssessmentResult, InfoSheetDraft } from '@kexiao/rules';
import { api, errorOf, type FieldProblem, request } from '../../account/api';
import type { RegistrationView } from '../../public/registry/api';

export type FilingStatus =
  | 'draft'
  | 'submitted'
  | 'reviewing'
  | 'returned'
  | 'passed'
  | 'rejected'
  | 'publicizing'
  | 'registered'
  | 'not_registered';
export type FilingActionName = 'edit' | 'submit' | 'withdraw';

export interface CampaignView {
  id: number;
  provinceCode: string;
  evaluationYear: number;
  ruleSetId: string;
  windowOpensOn: string;
  windowClosesOn: string;
  reviewWorkingDays: number;
  onSiteTriggers: { code: string; label: string }[];
}

export interface FilingSummary {
  id: number;
  evaluationYear: number;
  status: FilingStatus;
  statusLabel: string;
  versionNo: number;
  submittedAt: string | null;
}

export interface FilingOverview {
  today: string;
  campaign: CampaignView | null;
  nextCampaign: CampaignView | null;
  canStart: boolean;
  currentFilingId: number | null;
  filings: FilingSummary[];
}

export interface EvidenceView {
  id: number;
  kind: string;
  kindLabel: string;
  fileName: string;
  mediaType: string;
  byteSize: number;
  uploadedAt: string;
  url: string;
}

export interface SubmitBlocker {
  code: string;
  message: string;
  fields?: FieldProblem[];
}

export interface TimelineEntry {
  id: number;
  action: string;
  label: string;
  toStatus: string;
  statusLabel: string;
  actor: string | null;
  onBehalfOf: string | null;
  detail: unknown;
  at: string;
}

export interface ReviewView {
  reviewRound: number;
  versionNo: number;
  decision: 'pass' | 'return' | 'reject';
  items: unknown;
  unmetConditions: unknown;
  comment: string | null;
  decidedAt: string;
  agencyName: string;
}

export interface FilingView {
  id: number;
  evaluationYear: number;
  status: FilingStatus;
  statusLabel: string;
  statusHint: string;
  draft: InfoSheetDraft;
  draftVersion: number;
  draftSavedAt: string | null;
  versionNo: number;
  submittedAt: string | null;
  reviewDueOn: string | null;
  reviewDueProvisional: boolean;
  agency: { id: number; name: string } | null;
  campaign: CampaignView;
  evidence: EvidenceView[];
  requiredEvidence: { kind: string; label: string; present: boolean }[];
  evidenceKinds: { kind: string; label: string }[];
  allowedActions: { action: string; label: string }[];
  submitBlockers: SubmitBlocker[];
  commitmentText: string;
  timeline: TimelineEntry[];
  reviews: ReviewView[];
  versions: VersionSummary[];
}

/** What became of a submitted version (the server's versionOutcome). */
export interface VersionOutcome {
  code: 'submitted' | 'reviewing' | 'passed' | 'returned' | 'rejected' | 'withdrawn';
  label: string;
}

export interface VersionSummary {
  versionNo: number;
  reviewRound: number;
  submittedAt: string;
  outcome: VersionOutcome;
}

/** One submitted version, read-only (GET …/versions/:no): the sheet, assessment and evidence as submitted. */
export interface SubmittedVersion {
  filingId: number;
  evaluationYear: number;
  versionNo: number;
  reviewRound: number;
  infoSheet: InfoSheetDraft;
  assessment: AssessmentResult | null;
  onSiteTriggers: string[];
  evidence: {
    id: number;
    kind: string;
    kindLabel: string;
    fileName: string;
    mediaType: string;
    sha256: string;
    url: string;
  }[];
  commitment: { signerName?: string; signedAt?: string } | null;
  submittedAt: string;
  outcome: VersionOutcome;
  /** This version's reviews, newest first. */
  reviews: ReviewView[];
}

export const fetchOverview = () => api<FilingOverview>('GET', '/api/v1/filing');

export const startFiling = (csrfToken: string) => api<FilingView>('POST', '/api/v1/filings', undefined, csrfToken);

export const fetchFiling = (id: number) => api<FilingView>('GET', `/api/v1/filings/${id}`);

export const fetchVersion = (id: number, versionNo: number) =>
  api<SubmittedVersion>('GET', `/api/v1/filings/${id}/versions/${versionNo}`);

/** The page of one submitted version. */
export const versionPath = (filingId: number, versionNo: number) => `/filing/${filingId}/versions/${versionNo}`;

export interface SavedDraft {
  draftVersion: number;
  savedAt: string;
}

/**
 * Autosave. `keepalive` lets the request outlive the page (the final save when the page is hidden or closed);
 * browsers cap such bodies at 64 KB, so a larger draft goes without it.
 */
export async function saveDraft(
  id: number,
  draftVersion: number,
  draft: InfoSheetDraft,
  csrfToken: string,
  keepalive = false,
): Promise<SavedDraft> {
  const body = JSON.stringify({ draftVersion, draft });
  if (!keepalive || body.length > 60_000) {
    return api<SavedDraft>('PUT', `/api/v1/filings/${id}/draft`, { draftVersion, draft }, csrfToken);
  }
  return send<SavedDraft>(`/api/v1/filings/${id}/draft`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', 'x-csrf-token': csrfToken, accept: 'application/json' },
    body,
    keepalive: true,
  });
}

/** A request whose errors arrive as the API's {error:{code,message,fields?}}. */
async function send<T>(path: string, init: RequestInit): Promise<T> {
  const response = await request(path, init);
  if (response.status === 204) return undefined as T;
  const json = (await response.json().catch(() => null)) as unknown;
  if (!response.ok) throw errorOf(response.status, json);
  return json as T;
}

export function uploadEvidence(id: number, kind: string, file: File, csrfToken: string): Promise<EvidenceView> {
  const body = new FormData();
  body.append('kind', kind);
  body.append('file', file, file.name);
  return send<EvidenceView>(`/api/v1/filings/${id}/evidence`, {
    method: 'POST',
    body,
    headers: { 'x-csrf-token': csrfToken, accept: 'application/json' },
  });
}

export const removeEvidence = (id: number, evidenceId: number, csrfToken: string) =>
  api<void>('DELETE', `/api/v1/filings/${id}/evidence/${evidenceId}`, undefined, csrfToken);

/** A PDF the server generates, with the file name it gives (or `fallbackName`); refusals as ApiError. */
async function downloadPdf(path: string, fallbackName: string): Promise<{ blob: Blob; fileName: string }> {
  const response = await request(path, { headers: { accept: 'application/pdf, application/json' } });
  if (!response.ok) throw errorOf(response.status, await response.json().catch(() => null));
  const disposition = response.headers.get('content-disposition') ?? '';
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1];
  return { blob: await response.blob(), fileName: encoded ? decodeURIComponent(encoded) : fallbackName };
}

/** The generated 信息表 PDF with its file name; an incomplete sheet is refused (400) with every field problem. */
export const downloadInfoSheet = (id: number) =>
  downloadPdf(`/api/v1/filings/${id}/info-sheet.pdf`, `科技型中小企业信息表-${id}.pdf`);

/** The filing's registration number (409 before it is registered). */
export const fetchRegistration = (id: number) => api<RegistrationView>('GET', `/api/v1/filings/${id}/registration`);

/** 入库登记证明 (PDF), for the enterprise once the filing is registered. */
export const downloadRegistrationProof = (id: number) =>
  downloadPdf(`/api/v1/filings/${id}/registration-proof.pdf`, `入库登记证明-${id}.pdf`);

export const submitFiling = (
  id: number,
  draftVersion: number,
  commitment: { signerName: string; accepted: boolean },
  csrfToken: string,
) =>
  api<FilingView & { submitted: { versionNo: number; reviewDueOn: string; provisional: boolean } }>(
    'POST',
    `/api/v1/filings/${id}/submit`,
    { draftVersion, commitment },
    csrfToken,
  );

export const withdrawFiling = (id: number, csrfToken: string) =>
  api<FilingView>('POST', `/api/v1/filings/${id}/withdraw`, undefined, csrfToken);

/** '2026-07-01' → '2026年7月1日' */
export function chinaDate(day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

/** An ISO time → 'HH:mm:ss' in China time. */
export function chinaClock(iso: string): string {
  return new Date(new Date(iso).getTime() + 8 * 3600 * 1000).toISOString().slice(11, 19);
}

/** The API's paths of the sheet carry a `draft.` prefix in some replies: the form's own path. */
export function sheetPath(path: string): string {
  return path.startsWith('draft.') ? path.slice('draft.'.length) : path;
}
