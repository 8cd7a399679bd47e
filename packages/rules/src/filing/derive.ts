/**
 * What follows from a 信息表: the IP counts, the R&D project total, the contract input, and the basic
 * information a registration pre-fills.
 */
import { fenToYuan, parseMoney } from '../money.js';
import type { AssessmentInput, History, IntellectualProperty } from '../types.js';
import { type BasicInfo, type InfoSheet, IP_TYPE_CLASS, type IpItem, type RdProject } from './info-sheet.js';

/**
 * Class I and Class II counts of an IP list: items in force, related to the main products and not disputed,
 * by IP_TYPE_CLASS (trademarks and `other` never count).
 */
export function ipCounts(items: readonly IpItem[]): IntellectualProperty {
  let classI = 0;
  let classII = 0;
  for (const item of items) {
    if (item.inForce !== true || item.relatedToMainProducts !== true || item.disputed !== false) continue;
    const cls = Object.hasOwn(IP_TYPE_CLASS, item.type) ? IP_TYPE_CLASS[item.type] : null;
    if (cls === 'I') classI++;
    else if (cls === 'II') classII++;
  }
  return { classI, classII };
}

/**
 * Exact sum of the projects' 当年归集研发费用 in fen (a bigint: 200 rows of the largest amounts stay exact),
 * or null when an expense is not a valid amount.
 */
export function rdProjectsTotalFen(projects: readonly Pick<RdProject, 'expense'>[]): bigint | null {
  let total = 0n;
  for (const project of projects) {
    const fen = parseMoney(project.expense);
    if (fen === null) return null;
    total += BigInt(fen);
  }
  return total;
}

/** Whether the projects' expenses add up exactly to figures.rdExpense (false when an amount is invalid). */
export function rdProjectsMatch(sheet: Pick<InfoSheet, 'figures' | 'rdProjects'>): boolean {
  const total = rdProjectsTotalFen(sheet.rdProjects);
  const rdExpense = parseMoney(sheet.figures.rdExpense);
  return total !== null && rdExpense !== null && total === BigInt(rdExpense);
}

/**
 * The assessment contract's input for a sheet: its conditions, figures, compliance and fast track (copied field
 * by field, so nothing else leaks in), `rdBasis` when chosen, the IP counts from the list, and `history` when
 * given.
 */
export function toAssessmentInput(sheet: InfoSheet, evaluationYear: number, history?: History): AssessmentInput {
  const { enterprise: e, figures: f, compliance: c, fastTrack: t } = sheet;
  const input: AssessmentInput = {
    evaluationYear,
    enterprise: {
      residentEnterprise: e.residentEnterprise,
      auditCollection: e.auditCollection,
      rdExpenseAccounting: e.rdExpenseAccounting,
      industryRestricted: e.industryRestricted,
      industryExcluded: e.industryExcluded,
    },
    figures: {
      totalStaff: f.totalStaff,
      techStaff: f.techStaff,
      salesRevenue: f.salesRevenue,
      totalAssets: f.totalAssets,
      totalCostExpense: f.totalCostExpense,
      rdExpense: f.rdExpense,
    },
    intellectualProperty: ipCounts(sheet.intellectualProperty),
    compliance: {
      majorSafetyAccident: c.majorSafetyAccident,
      majorQualityAccident: c.majorQualityAccident,
      seriousEnvironmentalViolation: c.seriousEnvironmentalViolation,
      seriousResearchMisconduct: c.seriousResearchMisconduct,
      seriousFraud: c.seriousFraud,
      abnormalOperationList: c.abnormalOperationList,
      seriousViolationList: c.seriousViolationList,
    },
    fastTrack: {
      highTechCertificateValid: t.highTechCertificateValid,
      nationalAwardRank: t.nationalAwardRank,
      provincialRdInstitution: t.provincialRdInstitution,
      standardDraftingRank: t.standardDraftingRank,
    },
  };
  if (sheet.rdBasis !== undefined && sheet.rdBasis !== null) input.rdBasis = sheet.rdBasis;
  if (history !== undefined) {
    input.history = {
      firstTime: history.firstTime,
      revokedWithin3Years: history.revokedWithin3Years,
      seriousViolationWithin3Years: history.seriousViolationWithin3Years,
    };
  }
  return input;
}

/** What a registration knows of an enterprise: the starting point of its 企业基本信息. */
export interface RegistrationInfo {
  name: string;
  uscc: string;
  regionCode: string;
  legalRepName: string;
  /** 经办人 — becomes the sheet's contact */
  agentName: string;
  agentPhone: string;
}

/** The registration's data as the starting point of the basic information (the agent is the contact). */
export function prefillBasicInfo(registration: RegistrationInfo): Partial<BasicInfo> {
  return {
    name: registration.name,
    uscc: registration.uscc,
    regionCode: registration.regionCode,
    legalRepName: registration.legalRepName,
    contactName: registration.agentName,
    contactPhone: registration.agentPhone,
  };
}

/** Exact fen → "650,000.00" (two decimals, thousands grouped), for any size. */
export function groupedYuan(fen: bigint | number): string {
  const big = BigInt(fen);
  const negative = big < 0n;
  const abs = negative ? -big : big;
  const plain = abs <= BigInt(Number.MAX_SAFE_INTEGER) ? fenToYuan(Number(abs)) : `${abs / 100n}.${cents(abs)}`;
  const [whole = '0', decimals = '00'] = plain.split('.');
  return `${negative ? '-' : ''}${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${decimals}`;
}

function cents(abs: bigint): string {
  const c = abs % 100n;
  return `${c < 10n ? '0' : ''}${c}`;
}
