/** The database's tables as Kysely sees them. */
import type { ColumnType, Generated } from 'kysely';

export interface HolidayYearTable {
  year: number;
  source: string;
  loaded_at: ColumnType<Date, Date | string | undefined, never>;
  loaded_by: string;
}

export interface CalendarDayTable {
  /** ISO date text (pg and PGlite are both set to return DATE as 'YYYY-MM-DD'). */
  date: string;
  /** The arrangement (year) that declares this day; 2022-12-31 belongs to the 2023 arrangement. */
  year: number;
  kind: 'holiday' | 'workday';
  name: string | null;
}

/** Append-only, hash-chained record of every state change, written in the same transaction as the change. */
export interface AuditEventTable {
  seq: Generated<number>;
  occurred_at: ColumnType<Date, string, never>;
  actor: string;
  /** The enterprise an agent acted for, when someone acts on another's behalf. */
  on_behalf_of: string | null;
  action: string;
  subject: string;
  detail: ColumnType<unknown, string, never>;
  /** The row's place in the hash chain, given by the linker after commit (null until then). */
  chain_seq: ColumnType<number | null, number | undefined, number>;
  prev_hash: ColumnType<string | null, string | null | undefined, string | null>;
  hash: ColumnType<string | null, string | undefined, string>;
}

export interface RateLimitCounterTable {
  bucket: string;
  window_start: ColumnType<Date, string, never>;
  hits: number;
}

export interface SmsCodeTable {
  id: Generated<number>;
  phone: string;
  purpose: string;
  /** SHA-256 of phone, purpose and code: the code itself is never stored. */
  code_hash: string;
  created_at: ColumnType<Date, string, never>;
  expires_at: ColumnType<Date, string, never>;
  consumed_at: ColumnType<Date | null, string | null, string | null>;
  failed_attempts: ColumnType<number, number | undefined, number>;
}

/** Outbound SMS and e-mail; the development drivers deliver here, where staff can read them. */
export interface OutboxMessageTable {
  id: Generated<number>;
  channel: 'sms' | 'email';
  recipient: string;
  subject: string | null;
  body: string;
  created_at: ColumnType<Date, string | undefined, never>;
  status: 'pending' | 'sent' | 'failed';
  sent_at: ColumnType<Date | null, string | null, string | null>;
  error: string | null;
}

export type AccountKind = 'person' | 'legalPerson' | 'staff';
export type RealNameStatus = 'unverified' | 'pending' | 'verified' | 'rejected';
export type StaffRole = 'nationalAdmin' | 'provinceAdmin' | 'agencyReviewer' | 'agencyHead';

export interface AccountTable {
  id: Generated<number>;
  kind: AccountKind;
  login_name: string;
  /** Lower-cased login name: login names are unique regardless of case. */
  login_name_key: string;
  password_hash: string;
  phone: string | null;
  display_name: string;
  status: ColumnType<'active' | 'disabled', 'active' | 'disabled' | undefined, 'active' | 'disabled'>;
  real_name_status: ColumnType<RealNameStatus, RealNameStatus | undefined, RealNameStatus>;
  failed_logins: ColumnType<number, number | undefined, number>;
  locked_until: ColumnType<Date | null, string | null | undefined, string | null>;
  created_at: ColumnType<Date, string | undefined, never>;
  /** Login needs an SMS code to the bound phone after the password (账号安全 setting; default off). */
  login_sms_required: ColumnType<boolean, boolean | undefined, boolean>;
}

export interface PersonTable {
  account_id: number;
  name: string;
  id_number: string;
  /** null = long-term (长期) */
  id_valid_to: string | null;
}

export interface EnterpriseTable {
  id: Generated<number>;
  account_id: number;
  uscc: string;
  name: string;
  unit_type: 'enterpriseLegalPerson' | 'socialOrganization' | 'publicInstitution' | 'other';
  region_code: string;
  legal_rep_name: string;
  legal_rep_id_number: string;
  legal_rep_id_valid_to: string | null;
  agent_name: string;
  agent_id_number: string;
  agent_id_valid_to: string | null;
  agent_phone: string;
  created_at: ColumnType<Date, string | undefined, never>;
}

export interface StaffRoleTable {
  account_id: number;
  role: StaffRole;
  province_code: string | null;
  agency_id: number | null;
}

export interface SessionTable {
  /** SHA-256 of the session token: the token itself lives only in the browser's cookie. */
  id_hash: string;
  account_id: number;
  csrf_token: string;
  created_at: ColumnType<Date, string, never>;
  last_seen_at: ColumnType<Date, string, string>;
  expires_at: ColumnType<Date, string, never>;
  revoked_at: ColumnType<Date | null, string | null | undefined, string | null>;
  ip: string | null;
  user_agent: string | null;
  /** The enterprise a natural person chose to act for (valid only while a live agent grant exists). */
  acting_for_enterprise_id: ColumnType<number | null, number | null | undefined, number | null>;
}

/** 代办人授权: a legal-person account authorises a natural person to act for its enterprise. */
export interface AgentGrantTable {
  id: Generated<number>;
  enterprise_id: number;
  /** The natural-person account granted. */
  account_id: number;
  note: string | null;
  granted_at: ColumnType<Date, string | undefined, never>;
  granted_by: number;
  revoked_at: ColumnType<Date | null, string | null | undefined, string | null>;
  revoked_by: number | null;
}

export type RegionKind = 'province' | 'city' | 'county' | 'zone';

/** GB/T 2260 divisions (6-digit codes) and functional zones ('zone:<slug>'), with their validity. */
export interface RegionTable {
  code: string;
  name: string;
  kind: RegionKind;
  parent_code: string | null;
  /** ISO date text. */
  valid_from: string;
  /** ISO date text, exclusive; null = still in force. */
  valid_to: string | null;
  /** The code that took over when this one was withdrawn (renamed, merged). */
  replaced_by: string | null;
}

/** 地市 or 区县 evaluation agency (评价工作机构). */
export type AgencyLevel = 'city' | 'county';

export interface AgencyTable {
  id: Generated<number>;
  province_code: string;
  name: string;
  level: AgencyLevel;
  /** The administrative division (or zone) the agency corresponds to (对应行政区划). */
  region_code: string;
  address: string | null;
  contact_name: string | null;
  /** 办公电话 / 咨询电话 */
  contact_phone: string | null;
  /** 手机 */
  contact_mobile: string | null;
  email: string | null;
  created_at: ColumnType<Date, string | undefined, never>;
  updated_at: ColumnType<Date, string | undefined, string>;
}

export interface AgencyJurisdictionTable {
  agency_id: number;
  region_code: string;
}

export type StoredMediaType = 'application/pdf' | 'image/jpeg' | 'image/png';

/** A file in the FileStore, addressed by the SHA-256 of its bytes (stored once however often uploaded). */
export interface StoredFileTable {
  sha256: string;
  byte_size: number;
  media_type: StoredMediaType;
  created_at: ColumnType<Date, string | undefined, never>;
}

/** In-app messages (我的消息). */
export interface MessageTable {
  id: Generated<number>;
  account_id: number;
  /** What it is about, e.g. 'realName', 'agent', 'security'. */
  category: string;
  title: string;
  body: string;
  /** A page of the web app to open, e.g. '/account/real-name'. */
  link: string | null;
  created_at: ColumnType<Date, string | undefined, never>;
  read_at: ColumnType<Date | null, string | null | undefined, string | null>;
}

export interface Database {
  holiday_year: HolidayYearTable;
  calendar_day: CalendarDayTable;
  audit_event: AuditEventTable;
  rate_limit_counter: RateLimitCounterTable;
  sms_code: SmsCodeTable;
  outbox_message: OutboxMessageTable;
  account: AccountTable;
  person: PersonTable;
  enterprise: EnterpriseTable;
  staff_role: StaffRoleTable;
  session: SessionTable;
  region: RegionTable;
  agency: AgencyTable;
  agency_jurisdiction: AgencyJurisdictionTable;
  stored_file: StoredFileTable;
  message: MessageTable;
  real_name_request: RealNameRequestTable;
  agent_grant: AgentGrantTable;
  account_appeal: AccountAppealTable;
  recovery_secret: RecoverySecretTable;
  campaign: CampaignTable;
  filing: FilingTable;
  filing_version: FilingVersionTable;
  filing_evidence: FilingEvidenceTable;
  filing_review: FilingReviewTable;
  on_site_check: OnSiteCheckTable;
  filing_event: FilingEventTable;
  integrity_record: IntegrityRecordTable;
  publicity_batch: PublicityBatchTable;
  publicity_entry: PublicityEntryTable;
  objection: ObjectionTable;
  objection_evidence: ObjectionEvidenceTable;
  announcement: AnnouncementTable;
  registration_counter: RegistrationCounterTable;
  registration: RegistrationTable;
}

export type RealNameRequestStatus = 'pending' | 'approved' | 'rejected';

/** Manual real-name verification (人工实名核验): uploaded ID photos (and licence) reviewed by staff. */
export interface RealNameRequestTable {
  id: Generated<number>;
  account_id: number;
  applicant_kind: 'person' | 'legalPerson';
  id_front_sha256: string;
  id_front_name: string;
  id_back_sha256: string;
  id_back_name: string;
  business_licence_sha256: string | null;
  business_licence_name: string | null;
  credit_screenshot_sha256: string | null;
  credit_screenshot_name: string | null;
  status: ColumnType<RealNameRequestStatus, RealNameRequestStatus | undefined, RealNameRequestStatus>;
  submitted_at: ColumnType<Date, string | undefined, never>;
  decided_at: ColumnType<Date | null, string | null | undefined, string | null>;
  decided_by: number | null;
  reason: string | null;
}

export type AccountAppealStatus = 'pending' | 'approved' | 'rejected';

/** 账号申诉: a lost phone or a forgotten login name, decided by the province's administrator. */
export interface AccountAppealTable {
  id: Generated<number>;
  /** 受理编号, e.g. SS2026112300001 */
  receipt: string;
  account_id: number;
  account_kind: 'person' | 'legalPerson';
  /** e.g. '410000' */
  province_code: string;
  applicant_name: string;
  applicant_id_number: string;
  unit_name: string | null;
  uscc: string | null;
  new_phone: string;
  reason: string;
  id_front_sha256: string;
  id_front_name: string;
  id_back_sha256: string;
  id_back_name: string;
  letter_sha256: string | null;
  letter_name: string | null;
  licence_sha256: string | null;
  licence_name: string | null;
  status: ColumnType<AccountAppealStatus, AccountAppealStatus | undefined, AccountAppealStatus>;
  submitted_at: ColumnType<Date, string | undefined, never>;
  decided_at: ColumnType<Date | null, string | null | undefined, string | null>;
  decided_by: number | null;
  decision_reason: string | null;
}

export interface RecoverySecretTable {
  name: string;
  value: string;
}

/** A JSON column: read as the parsed value, written as JSON text. */
type Json<T> = ColumnType<T, string, string>;

export type BatchCadence = 'weekly' | 'biweekly' | 'monthly' | 'onDemand';

/** 年度评价工作: one province's campaign for one evaluation year. Dates are ISO text. */
export interface CampaignTable {
  id: Generated<number>;
  province_code: string;
  evaluation_year: number;
  rule_set_id: string;
  window_opens_on: string;
  window_closes_on: string;
  review_working_days: ColumnType<number, number | undefined, number>;
  publicity_deadline: string;
  batch_cadence: BatchCadence;
  /** On-site trigger codes the province adds to the rule set's (never removing one). */
  extra_on_site_triggers: Json<string[]>;
  note: string | null;
  created_by: number;
  created_at: ColumnType<Date, string | undefined, never>;
  updated_at: ColumnType<Date, string | undefined, string>;
}

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

/** 参评: one enterprise's evaluation in one year, from draft to the agency's decision (and on, in later issues). */
export interface FilingTable {
  id: Generated<number>;
  enterprise_id: number;
  campaign_id: number;
  evaluation_year: number;
  province_code: string;
  status: ColumnType<FilingStatus, FilingStatus | undefined, FilingStatus>;
  /** The autosaved 信息表 draft (InfoSheetDraft). */
  draft: ColumnType<unknown, string | undefined, string>;
  /** Incremented by every save: a save naming an older version is refused (409). */
  draft_version: ColumnType<number, number | undefined, number>;
  /** Bumped by every evidence upload and removal: a submission writes only if it is still what it read. */
  evidence_version: ColumnType<number, number | undefined, number>;
  draft_saved_at: ColumnType<Date | null, string | null | undefined, string | null>;
  /** Submitted versions so far (0 = never submitted). */
  version_no: ColumnType<number, number | undefined, number>;
  /** Review rounds so far: each (re)submission and each send-back by the province opens one. */
  review_round: ColumnType<number, number | undefined, number>;
  agency_id: number | null;
  submitted_at: ColumnType<Date | null, string | null | undefined, string | null>;
  review_due_on: string | null;
  review_due_provisional: ColumnType<boolean, boolean | undefined, boolean>;
  claimed_by: number | null;
  claimed_at: ColumnType<Date | null, string | null | undefined, string | null>;
  on_site_required: ColumnType<boolean, boolean | undefined, boolean>;
  warning_count: ColumnType<number, number | undefined, number>;
  contact_phone: string | null;
  contact_email: string | null;
  created_at: ColumnType<Date, string | undefined, never>;
  updated_at: ColumnType<Date, string | undefined, string>;
}

/** A submitted version of the 信息表, kept for ever. */
export interface FilingVersionTable {
  filing_id: number;
  version_no: number;
  review_round: number;
  info_sheet: Json<unknown>;
  assessment: Json<unknown>;
  warnings: Json<unknown>;
  on_site_triggers: Json<string[]>;
  /** Evidence as it stood at submission: [{ id, kind, sha256, fileName, mediaType }]. */
  evidence: Json<unknown>;
  /** 承诺书: { signerName, signedAt, accountId, text }. */
  commitment: Json<unknown>;
  submitted_at: ColumnType<Date, string, never>;
  submitted_by: number;
  on_behalf_of: string | null;
}

export interface FilingEvidenceTable {
  id: Generated<number>;
  filing_id: number;
  kind: string;
  sha256: string;
  file_name: string;
  uploaded_by: number;
  uploaded_at: ColumnType<Date, string | undefined, never>;
  removed_at: ColumnType<Date | null, string | null | undefined, string | null>;
  removed_by: number | null;
}

export type ReviewDecision = 'pass' | 'return' | 'reject';

/** 《科技型中小企业信息审核表》: one decision per review round. */
export interface FilingReviewTable {
  id: Generated<number>;
  filing_id: number;
  review_round: number;
  version_no: number;
  reviewer_id: number;
  agency_id: number;
  decision: ReviewDecision;
  /** The four items: { firstPageSealed, complete, consistent, other }, each { ok, reason }. */
  items: Json<unknown>;
  /** For 'reject': the Art. 6 basic conditions not met. */
  unmet_conditions: Json<string[]>;
  comment: string | null;
  decided_at: ColumnType<Date, string, never>;
  /** Decided after the 5-working-day deadline. */
  late: boolean;
}

/** 实地核查 of one review round. */
export interface OnSiteCheckTable {
  id: Generated<number>;
  filing_id: number;
  review_round: number;
  checked_on: string;
  inspectors: string;
  findings: string;
  conclusion: 'pass' | 'fail';
  /** [{ sha256, fileName, mediaType }] */
  files: Json<unknown>;
  recorded_by: number;
  recorded_at: ColumnType<Date, string, string>;
}

/** The filing's timeline: every transition, with who acted (and for whom). */
export interface FilingEventTable {
  id: Generated<number>;
  filing_id: number;
  action: string;
  from_status: string | null;
  to_status: string;
  actor_id: number | null;
  on_behalf_of: string | null;
  detail: ColumnType<unknown, string | undefined, never>;
  at: ColumnType<Date, string, never>;
}

/** 诚信档案: a revocation (bars the rest of its year) or serious fraud (bars three more years). */
export interface IntegrityRecordTable {
  id: Generated<number>;
  enterprise_id: number;
  kind: 'revocation' | 'seriousFraud';
  evaluation_year: number;
  barred_through_year: number;
  reason: string;
  document: string | null;
  recorded_by: number | null;
  recorded_at: ColumnType<Date, string | undefined, never>;
}

export type PublicityBatchStatus = 'draft' | 'published' | 'discarded';

/** 公示批次: passed filings a province publicizes together for 10 working days (numbered when published). */
export interface PublicityBatchTable {
  id: Generated<number>;
  campaign_id: number;
  province_code: string;
  evaluation_year: number;
  /** 第N批, per province and year: given at publication. */
  batch_no: number | null;
  status: ColumnType<PublicityBatchStatus, PublicityBatchStatus | undefined, PublicityBatchStatus>;
  note: string | null;
  entry_count: ColumnType<number, number | undefined, number>;
  created_by: number;
  created_at: ColumnType<Date, string | undefined, never>;
  updated_at: ColumnType<Date, string | undefined, string>;
  published_by: number | null;
  published_at: ColumnType<Date | null, string | null | undefined, string | null>;
  /** The window: from published_on to ends_on, both included (10 working days). */
  published_on: string | null;
  ends_on: string | null;
  ends_provisional: ColumnType<boolean, boolean | undefined, boolean>;
}

export type PublicityOutcome = 'pending' | 'registered' | 'withheld';

/** One enterprise in a batch, as publicized (name, USCC, region and agency at that time). */
export interface PublicityEntryTable {
  id: Generated<number>;
  batch_id: number;
  filing_id: number;
  enterprise_id: number;
  position: number;
  enterprise_name: string;
  uscc: string;
  region_code: string;
  region_name: string;
  agency_id: number;
  agency_name: string;
  outcome: ColumnType<PublicityOutcome, PublicityOutcome | undefined, PublicityOutcome>;
  decided_at: ColumnType<Date | null, string | null | undefined, string | null>;
}

export type ObjectionGround =
  'notEligible' | 'seriousFraud' | 'researchMisconduct' | 'accidentOrEnvironment' | 'abnormalOrDishonest';
export type ObjectionStatus = 'received' | 'assigned' | 'verified' | 'upheld' | 'dismissed';

/** 公示异议: from a person (SMS-confirmed mobile) or an organisation (USCC and sealed letter), during the window. */
export interface ObjectionTable {
  id: Generated<number>;
  receipt_no: string;
  batch_id: number;
  entry_id: number;
  filing_id: number;
  province_code: string;
  objector_kind: 'person' | 'organisation';
  objector_name: string;
  objector_phone: string;
  objector_uscc: string | null;
  sealed_letter_sha256: string | null;
  ground: ObjectionGround;
  facts: string;
  status: ColumnType<ObjectionStatus, ObjectionStatus | undefined, ObjectionStatus>;
  received_at: ColumnType<Date, string, never>;
  agency_id: number | null;
  assigned_by: number | null;
  assigned_at: ColumnType<Date | null, string | null | undefined, string | null>;
  /** 《公示异议核实处理情况表》 as the agency filled it. */
  handling: ColumnType<unknown, string | null | undefined, string | null>;
  verified_by: number | null;
  verified_at: ColumnType<Date | null, string | null | undefined, string | null>;
  decided_by: number | null;
  decided_at: ColumnType<Date | null, string | null | undefined, string | null>;
  decision_note: string | null;
}

export interface ObjectionEvidenceTable {
  id: Generated<number>;
  objection_id: number;
  sha256: string;
  file_name: string;
  media_type: string;
  size: number;
}

/** 入库公告: numbered per province and year; a batch may be completed by a later one. */
export interface AnnouncementTable {
  id: Generated<number>;
  batch_id: number;
  province_code: string;
  evaluation_year: number;
  announcement_no: number;
  announced_on: string;
  announced_at: ColumnType<Date, string, never>;
  announced_by: number;
  registered_count: number;
}

/** The sequence behind a province's registration numbers for a year: it only grows. */
export interface RegistrationCounterTable {
  province_code: string;
  evaluation_year: number;
  last_seq: number;
}

export type RegistrationStatus = 'valid' | 'revoked';

/** 入库登记: the year's registration number of one enterprise. */
export interface RegistrationTable {
  id: Generated<number>;
  registration_no: string;
  province_code: string;
  evaluation_year: number;
  seq: number;
  enterprise_id: number;
  filing_id: number;
  announcement_id: number;
  enterprise_name: string;
  uscc: string;
  region_code: string;
  status: ColumnType<RegistrationStatus, RegistrationStatus | undefined, RegistrationStatus>;
  revoked_at: ColumnType<Date | null, string | null | undefined, string | null>;
  issued_at: ColumnType<Date, string, never>;
}
