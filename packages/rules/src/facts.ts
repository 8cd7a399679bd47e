/** The checked, exact form of an AssessmentInput that the engine decides on: money in integer fen. */

import type { RuleSet } from './rule-sets/index.js';
import type { RdBasis } from './types.js';

export interface Facts {
  evaluationYear: number;
  ruleSet: RuleSet;
  residentEnterprise: boolean;
  auditCollection: boolean;
  rdExpenseAccounting: boolean;
  industryRestricted: boolean;
  industryExcluded: boolean;
  totalStaff: number;
  techStaff: number;
  /** fen */
  salesRevenue: number;
  /** fen */
  totalAssets: number;
  /** fen */
  totalCostExpense: number;
  /** fen */
  rdExpense: number;
  classI: number;
  classII: number;
  majorSafetyAccident: boolean;
  majorQualityAccident: boolean;
  seriousEnvironmentalViolation: boolean;
  seriousResearchMisconduct: boolean;
  seriousFraud: boolean;
  abnormalOperationList: boolean;
  seriousViolationList: boolean;
  highTechCertificateValid: boolean;
  nationalAwardRank: number | null;
  provincialRdInstitution: boolean;
  standardDraftingRank: number | null;
  rdBasis: RdBasis | undefined;
  /** undefined when the input carries no history. */
  firstTime: boolean | undefined;
  revokedWithin3Years: boolean | undefined;
  seriousViolationWithin3Years: boolean | undefined;
}
