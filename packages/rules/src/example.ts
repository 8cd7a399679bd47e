/** The contract's example input (docs/contracts/assessment.md): a fresh copy on every call. */
import type { AssessmentInput } from './types.js';

export function contractExampleInput(): AssessmentInput {
  return {
    evaluationYear: 2025,
    enterprise: {
      residentEnterprise: true,
      auditCollection: true,
      rdExpenseAccounting: true,
      industryRestricted: false,
      industryExcluded: false,
    },
    figures: {
      totalStaff: 100,
      techStaff: 25,
      salesRevenue: '12000000.00',
      totalAssets: '30000000',
      totalCostExpense: '9000000.5',
      rdExpense: '720000',
    },
    intellectualProperty: { classI: 0, classII: 3 },
    compliance: {
      majorSafetyAccident: false,
      majorQualityAccident: false,
      seriousEnvironmentalViolation: false,
      seriousResearchMisconduct: false,
      seriousFraud: false,
      abnormalOperationList: false,
      seriousViolationList: false,
    },
    fastTrack: {
      highTechCertificateValid: false,
      nationalAwardRank: null,
      provincialRdInstitution: false,
      standardDraftingRank: null,
    },
    history: { firstTime: true, revokedWithin3Years: false, seriousViolationWithin3Years: false },
  };
}
