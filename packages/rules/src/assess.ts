/**
 * assess(input) → result, exactly per docs/contracts/assessment.md.
 */
import type { Facts } from './facts.js';
import { COMPLIANCE_EVENT_TEXT, COMPLIANCE_FLAGS } from './labels.js';
import { compareScaled, formatYuan } from './money.js';
import { ipPoints, rdInput, techStaffPoints } from './scoring.js';
import type {
  AssessmentInput,
  AssessmentResult,
  Failure,
  FastTrackItem,
  FieldError,
  OnSiteTrigger,
  Route,
} from './types.js';
import { readFacts } from './validate.js';

/** Thrown by `assess` for input that breaks the contract; carries every bad field. */
export class AssessmentInputError extends Error {
  readonly errors: FieldError[];
  constructor(errors: FieldError[]) {
    super(`输入有误：共${errors.length}处（${errors.map((e) => e.message).join('；')}）`);
    this.name = 'AssessmentInputError';
    this.errors = errors;
  }
}

const SIZE_LIMIT_STAFF = 500;
/** ¥200,000,000 in fen. */
const SIZE_LIMIT_MONEY = 20_000_000_000;
/** ¥100,000 in fen. */
const RD_ON_SITE_FLOOR = 10_000_000;

/** Assess one 信息表. Throws AssessmentInputError for invalid input (it is never assessed). */
export function assess(input: AssessmentInput): AssessmentResult {
  const read = readFacts(input);
  if (read.errors !== null) throw new AssessmentInputError(read.errors);
  return evaluate(read.facts);
}

/**
 * Which of `triggers` fire for this input, whatever its rule set lists: a province's campaign may add triggers
 * to the rule set's (never remove one). Returned in contract order. Throws AssessmentInputError for invalid input.
 */
export function firingOnSiteTriggers(input: AssessmentInput, triggers: readonly OnSiteTrigger[]): OnSiteTrigger[] {
  const read = readFacts(input);
  if (read.errors !== null) throw new AssessmentInputError(read.errors);
  const wanted = new Set(triggers);
  return ON_SITE_ORDER.filter((t) => wanted.has(t) && triggerFires(t, read.facts));
}

const ON_SITE_ORDER: readonly OnSiteTrigger[] = [
  'staffAtMost5',
  'techRatioAtLeast90With50Staff',
  'revokedOrViolationWithin3Years',
  'firstTime',
  'noIntellectualProperty',
  'rdExpenseUnder100k',
];

/** The decision on checked facts. */
export function evaluate(f: Facts): AssessmentResult {
  const rs = f.ruleSet;
  const failures: Failure[] = [];

  if (!f.residentEnterprise) failures.push({ code: 'not_resident', message: '不属于居民企业' });
  if (rs.taxAndAccountingConditions) {
    if (!f.auditCollection) failures.push({ code: 'not_audit_collection', message: '企业所得税未实行查账征收' });
    if (!f.rdExpenseAccounting) failures.push({ code: 'no_rd_accounting', message: '不能准确归集研发费用' });
  }
  if (f.totalStaff > SIZE_LIMIT_STAFF) {
    failures.push({ code: 'staff_over_limit', message: `职工总数${f.totalStaff}人，超过500人` });
  }
  if (f.salesRevenue > SIZE_LIMIT_MONEY) {
    failures.push({ code: 'revenue_over_limit', message: `年销售收入${formatYuan(f.salesRevenue)}，超过2亿元` });
  }
  if (f.totalAssets > SIZE_LIMIT_MONEY) {
    failures.push({ code: 'assets_over_limit', message: `资产总额${formatYuan(f.totalAssets)}，超过2亿元` });
  }
  if (f.industryRestricted) {
    failures.push({
      code: 'industry_restricted',
      message: rs.industryExclusion
        ? '所处行业属于《产业结构调整指导目录》限制类或淘汰类'
        : '产品和服务属于国家规定的禁止、限制或淘汰类',
    });
  }
  if (rs.industryExclusion && f.industryExcluded) {
    failures.push({ code: 'industry_excluded', message: '所处行业属于不适用研发费用税前加计扣除政策的行业' });
  }
  const events = complianceEvents(f);
  if (events !== null) {
    failures.push({ code: 'compliance', message: `上一会计年度至当年${events.join('、')}` });
  }
  const basicMet = failures.length === 0;

  const tech = techStaffPoints(f.techStaff, f.totalStaff);
  const rd = rdInput(f);
  const ip = ipPoints(f.classI, f.classII);
  const total = tech + rd.points + ip;

  const fastTrackMet: FastTrackItem[] = [];
  if (f.highTechCertificateValid) fastTrackMet.push('highTechCertificate');
  if (f.nationalAwardRank !== null && f.nationalAwardRank <= rs.nationalAwardMaxRank)
    fastTrackMet.push('nationalAward');
  if (f.provincialRdInstitution) fastTrackMet.push('provincialRdInstitution');
  if (
    f.standardDraftingRank !== null &&
    (rs.standardDraftingMaxRank === null || f.standardDraftingRank <= rs.standardDraftingMaxRank)
  ) {
    fastTrackMet.push('standardDrafting');
  }

  if (fastTrackMet.length === 0) {
    if (total < 60) failures.push({ code: 'score_below_60', message: `综合评价得分${total}分，低于60分` });
    if (tech === 0) {
      failures.push({
        code: 'tech_staff_score_zero',
        message: `科技人员指标得分为0分（科技人员${f.techStaff}人，占职工总数${f.totalStaff}人的比例低于10%）`,
      });
    }
  }

  let route: Route | null = null;
  if (basicMet) {
    if (total >= 60 && tech > 0) route = 'score';
    else if (fastTrackMet.length > 0) route = 'fastTrack';
  }

  return {
    ruleSetId: rs.id,
    eligible: route !== null,
    route,
    score: { total, techStaff: tech, rdInput: rd.points, rdBasis: rd.basis, ipResults: ip },
    failures,
    fastTrackMet,
    onSiteCheck: onSiteTriggers(f),
  };
}

function complianceEvents(f: Facts): string[] | null {
  if (
    !f.majorSafetyAccident &&
    !f.majorQualityAccident &&
    !f.seriousEnvironmentalViolation &&
    !f.seriousResearchMisconduct &&
    !f.seriousFraud &&
    !f.abnormalOperationList &&
    !f.seriousViolationList
  ) {
    return null;
  }
  let events: string[] | null = null;
  for (const flag of COMPLIANCE_FLAGS) {
    if (!f[flag]) continue;
    if (flag === 'seriousFraud' && !f.ruleSet.seriousFraudCounts) continue;
    if (events === null) events = [];
    events.push(COMPLIANCE_EVENT_TEXT[flag]);
  }
  return events;
}

/** The on-site verification triggers of the rule set that fire for these facts, in contract order. */
export function onSiteTriggers(f: Facts): OnSiteTrigger[] {
  const out: OnSiteTrigger[] = [];
  for (const trigger of f.ruleSet.onSiteTriggers) {
    if (triggerFires(trigger, f)) out.push(trigger);
  }
  return out;
}

function triggerFires(trigger: OnSiteTrigger, f: Facts): boolean {
  switch (trigger) {
    case 'staffAtMost5':
      return f.totalStaff <= 5;
    case 'techRatioAtLeast90With50Staff':
      return f.totalStaff >= 50 && compareScaled(f.techStaff, 100, f.totalStaff, 90);
    case 'revokedOrViolationWithin3Years':
      return f.revokedWithin3Years === true || f.seriousViolationWithin3Years === true;
    case 'firstTime':
      return f.firstTime === true;
    case 'noIntellectualProperty':
      return f.classI + f.classII === 0;
    case 'rdExpenseUnder100k':
      return f.rdExpense < RD_ON_SITE_FLOOR;
  }
}
