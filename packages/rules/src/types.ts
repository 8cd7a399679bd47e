/**
 * Types of the assessment contract (shared/contracts/assessment.md, vendored as docs/contracts/assessment.md).
 * Field names and codes here are fixed by the contract.
 */

/** Money in yuan: a decimal string with at most two decimals, or a JSON number. Never handled as a float. */
export type Money = string | number;

export type RdBasis = 'salesRevenue' | 'costExpense';

export type RuleSetId = '2017' | '2022' | '2024' | '2026';

export interface EnterpriseConditions {
  residentEnterprise: boolean;
  auditCollection: boolean;
  rdExpenseAccounting: boolean;
  industryRestricted: boolean;
  industryExcluded: boolean;
}

export interface Figures {
  totalStaff: number;
  techStaff: number;
  salesRevenue: Money;
  totalAssets: Money;
  totalCostExpense: Money;
  rdExpense: Money;
}

export interface IntellectualProperty {
  classI: number;
  classII: number;
}

export interface Compliance {
  majorSafetyAccident: boolean;
  majorQualityAccident: boolean;
  seriousEnvironmentalViolation: boolean;
  seriousResearchMisconduct: boolean;
  seriousFraud: boolean;
  abnormalOperationList: boolean;
  seriousViolationList: boolean;
}

export interface FastTrack {
  highTechCertificateValid: boolean;
  nationalAwardRank: number | null;
  provincialRdInstitution: boolean;
  standardDraftingRank: number | null;
}

export interface History {
  firstTime: boolean;
  revokedWithin3Years: boolean;
  seriousViolationWithin3Years: boolean;
}

export interface AssessmentInput {
  evaluationYear: number;
  enterprise: EnterpriseConditions;
  figures: Figures;
  intellectualProperty: IntellectualProperty;
  compliance: Compliance;
  fastTrack: FastTrack;
  rdBasis?: RdBasis;
  history?: History;
}

export type FailureCode =
  | 'not_resident'
  | 'not_audit_collection'
  | 'no_rd_accounting'
  | 'staff_over_limit'
  | 'revenue_over_limit'
  | 'assets_over_limit'
  | 'industry_restricted'
  | 'industry_excluded'
  | 'compliance'
  | 'score_below_60'
  | 'tech_staff_score_zero';

export type FastTrackItem = 'highTechCertificate' | 'nationalAward' | 'provincialRdInstitution' | 'standardDrafting';

export type OnSiteTrigger =
  | 'staffAtMost5'
  | 'techRatioAtLeast90With50Staff'
  | 'revokedOrViolationWithin3Years'
  | 'firstTime'
  | 'noIntellectualProperty'
  | 'rdExpenseUnder100k';

export type Route = 'score' | 'fastTrack';

export interface Failure {
  code: FailureCode;
  message: string;
}

export interface Score {
  total: number;
  techStaff: number;
  rdInput: number;
  rdBasis: RdBasis | null;
  ipResults: number;
}

export interface AssessmentResult {
  ruleSetId: RuleSetId;
  eligible: boolean;
  route: Route | null;
  score: Score;
  failures: Failure[];
  fastTrackMet: FastTrackItem[];
  onSiteCheck: OnSiteTrigger[];
}

/** One bad field: `path` is dotted (`figures.techStaff`), `message` is Chinese and names the field. */
export interface FieldError {
  path: string;
  message: string;
}

export type ValidationResult = { ok: true; value: AssessmentInput } | { ok: false; errors: FieldError[] };

/** The official holiday arrangement table (shape of holidays-cn.json). */
export interface HolidayTable {
  note?: string;
  years: Record<string, HolidayYear>;
}

export interface HolidayYear {
  source: string;
  holidays: { date: string; name: string }[];
  /** Weekend days that are working days (调休上班). */
  workdays: string[];
}

export interface WorkingDayResult {
  date: string;
  /** True when a date examined lies in a year whose official arrangement is not loaded (weekends alone were used). */
  provisional: boolean;
}
