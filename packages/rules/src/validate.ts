/**
 * Input checking for the assessment contract: every bad field at once, each with a Chinese message
 * naming the field. Produces the exact Facts the engine decides on.
 */
import type { Facts } from './facts.js';
import { COMPLIANCE_FLAGS, FIELD_LABELS } from './labels.js';
import { parseFen, parseMoneyDetailed } from './money.js';
import { ruleSetForYear } from './rule-sets/index.js';
import type { AssessmentInput, FieldError, RdBasis, ValidationResult } from './types.js';

export const MIN_EVALUATION_YEAR = 2017;
export const MAX_EVALUATION_YEAR = 2100;

const TOP_KEYS = new Set([
  'evaluationYear',
  'enterprise',
  'figures',
  'intellectualProperty',
  'compliance',
  'fastTrack',
  'rdBasis',
  'history',
]);
const ENTERPRISE_KEYS = [
  'residentEnterprise',
  'auditCollection',
  'rdExpenseAccounting',
  'industryRestricted',
  'industryExcluded',
] as const;
const FIGURE_INT_KEYS = ['totalStaff', 'techStaff'] as const;
const FIGURE_MONEY_KEYS = ['salesRevenue', 'totalAssets', 'totalCostExpense', 'rdExpense'] as const;
const FIGURE_KEYS = new Set<string>([...FIGURE_INT_KEYS, ...FIGURE_MONEY_KEYS]);
const IP_KEYS = ['classI', 'classII'] as const;
const FAST_TRACK_BOOL_KEYS = ['highTechCertificateValid', 'provincialRdInstitution'] as const;
const FAST_TRACK_RANK_KEYS = ['nationalAwardRank', 'standardDraftingRank'] as const;
const FAST_TRACK_KEYS = new Set<string>([...FAST_TRACK_BOOL_KEYS, ...FAST_TRACK_RANK_KEYS]);
const HISTORY_KEYS = ['firstTime', 'revokedWithin3Years', 'seriousViolationWithin3Years'] as const;
const ENTERPRISE_SET = new Set<string>(ENTERPRISE_KEYS);
const IP_SET = new Set<string>(IP_KEYS);
const COMPLIANCE_SET = new Set<string>(COMPLIANCE_FLAGS);
const HISTORY_SET = new Set<string>(HISTORY_KEYS);

type Obj = Record<string, unknown>;
const EMPTY: Obj = Object.freeze({}) as Obj;

function label(path: string): string {
  return FIELD_LABELS[path] ?? path;
}

function isObject(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Collects errors; allocated only when the first one appears. */
class Errors {
  list: FieldError[] | null = null;
  add(path: string, message: string): void {
    if (this.list === null) this.list = [];
    this.list.push({ path, message });
  }
  missing(path: string): void {
    this.add(path, `缺少必填项：${label(path)}`);
  }
}

function unknownKeys(obj: Obj, known: ReadonlySet<string>, prefix: string, errors: Errors): void {
  for (const key in obj) {
    if (!known.has(key)) {
      const path = prefix === '' ? key : `${prefix}.${key}`;
      errors.add(path, `未定义的字段：${path}（信息表中没有这一项，请删除）`);
    }
  }
}

function section(input: Obj, key: string, errors: Errors): Obj | null {
  const value = input[key];
  if (value === undefined) {
    errors.missing(key);
    return null;
  }
  if (!isObject(value)) {
    errors.add(key, `${label(key)}：必须是一个对象`);
    return null;
  }
  return value;
}

function bool(obj: Obj, key: string, prefix: string, errors: Errors): boolean {
  const value = obj[key];
  if (value === true || value === false) return value;
  const path = `${prefix}.${key}`;
  if (value === undefined) errors.missing(path);
  else errors.add(path, `${label(path)}：必须是 true（是）或 false（否）`);
  return false;
}

function count(obj: Obj, key: string, prefix: string, errors: Errors): number {
  const value = obj[key];
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
  const path = `${prefix}.${key}`;
  if (value === undefined) errors.missing(path);
  else if (typeof value === 'number' && Number.isInteger(value) && value < 0)
    errors.add(path, `${label(path)}：不能为负数`);
  else errors.add(path, `${label(path)}：必须是不小于0的整数`);
  return -1;
}

function rank(obj: Obj, key: string, prefix: string, errors: Errors): number | null {
  const value = obj[key];
  if (value === null) return null;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 1) return value;
  const path = `${prefix}.${key}`;
  if (value === undefined) errors.missing(path);
  else errors.add(path, `${label(path)}：必须是不小于1的整数名次，没有则填 null`);
  return null;
}

const MONEY_MESSAGES = {
  type: '必须是以元为单位的金额（字符串或数字），如 "12000000.00"',
  format: '金额格式不正确，应为以元为单位的数字，最多两位小数，如 "12000000.00"',
  negative: '不能为负数',
  decimals: '最多保留两位小数（精确到分）',
  range: '金额超出可处理的范围',
} as const;

function money(obj: Obj, key: string, prefix: string, errors: Errors): number {
  const value = obj[key];
  const path = `${prefix}.${key}`;
  if (value === undefined) {
    errors.missing(path);
    return -1;
  }
  const parsed = parseMoneyDetailed(value);
  if (parsed.ok) return parsed.fen;
  errors.add(path, `${label(path)}：${MONEY_MESSAGES[parsed.reason]}`);
  return -1;
}

/**
 * Check a value against the contract and produce the exact Facts, or the errors (every bad field).
 * Internal: `assess` and `validateAssessmentInput` share it.
 */
export function readFacts(value: unknown): { facts: Facts; errors: null } | { facts: null; errors: FieldError[] } {
  const fast = fastFacts(value);
  return fast === null ? readFactsThoroughly(value) : { facts: fast, errors: null };
}

function keyCount(obj: object): number {
  let n = 0;
  for (const _ in obj) n++;
  return n;
}

const isBool = (v: unknown): v is boolean => v === true || v === false;
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const isRank = (v: unknown): v is number | null =>
  v === null || (typeof v === 'number' && Number.isSafeInteger(v) && v >= 1);

/**
 * The fast path for well-formed input: named (inline-cached) reads, no error bookkeeping.
 * Returns null at the first doubt; the thorough path then decides and reports every error.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- shape checked field by field below
function fastFacts(v: any): Facts | null {
  if (typeof v !== 'object' || v === null) return null;
  const year = v.evaluationYear;
  if (typeof year !== 'number' || !Number.isInteger(year) || year < MIN_EVALUATION_YEAR || year > MAX_EVALUATION_YEAR) {
    return null;
  }
  const en = v.enterprise;
  const fi = v.figures;
  const ip = v.intellectualProperty;
  const co = v.compliance;
  const ft = v.fastTrack;
  const hi = v.history;
  const rdBasis = v.rdBasis;
  if (
    typeof en !== 'object' ||
    en === null ||
    typeof fi !== 'object' ||
    fi === null ||
    typeof ip !== 'object' ||
    ip === null ||
    typeof co !== 'object' ||
    co === null ||
    typeof ft !== 'object' ||
    ft === null
  ) {
    return null;
  }
  if (keyCount(v) !== 6 + (rdBasis === undefined ? 0 : 1) + (hi === undefined ? 0 : 1)) return null;
  if (keyCount(en) !== 5 || keyCount(fi) !== 6 || keyCount(ip) !== 2 || keyCount(co) !== 7 || keyCount(ft) !== 4) {
    return null;
  }
  const residentEnterprise = en.residentEnterprise;
  const auditCollection = en.auditCollection;
  const rdExpenseAccounting = en.rdExpenseAccounting;
  const industryRestricted = en.industryRestricted;
  const industryExcluded = en.industryExcluded;
  if (
    !isBool(residentEnterprise) ||
    !isBool(auditCollection) ||
    !isBool(rdExpenseAccounting) ||
    !isBool(industryRestricted) ||
    !isBool(industryExcluded)
  ) {
    return null;
  }
  const totalStaff = fi.totalStaff;
  const techStaff = fi.techStaff;
  if (!isCount(totalStaff) || !isCount(techStaff) || techStaff > totalStaff) return null;
  const salesRevenue = parseFen(fi.salesRevenue);
  const totalAssets = parseFen(fi.totalAssets);
  const totalCostExpense = parseFen(fi.totalCostExpense);
  const rdExpense = parseFen(fi.rdExpense);
  if (salesRevenue < 0 || totalAssets < 0 || totalCostExpense < 0 || rdExpense < 0) return null;
  const classI = ip.classI;
  const classII = ip.classII;
  if (!isCount(classI) || !isCount(classII)) return null;
  const c1 = co.majorSafetyAccident;
  const c2 = co.majorQualityAccident;
  const c3 = co.seriousEnvironmentalViolation;
  const c4 = co.seriousResearchMisconduct;
  const c5 = co.seriousFraud;
  const c6 = co.abnormalOperationList;
  const c7 = co.seriousViolationList;
  if (!isBool(c1) || !isBool(c2) || !isBool(c3) || !isBool(c4) || !isBool(c5) || !isBool(c6) || !isBool(c7))
    return null;
  const highTech = ft.highTechCertificateValid;
  const award = ft.nationalAwardRank;
  const provincial = ft.provincialRdInstitution;
  const standard = ft.standardDraftingRank;
  if (!isBool(highTech) || !isRank(award) || !isBool(provincial) || !isRank(standard)) return null;
  if (rdBasis !== undefined) {
    if (rdBasis === 'salesRevenue') {
      if (salesRevenue === 0) return null;
    } else if (rdBasis === 'costExpense') {
      if (totalCostExpense === 0) return null;
    } else return null;
  }
  let firstTime: boolean | undefined;
  let revokedWithin3Years: boolean | undefined;
  let seriousViolationWithin3Years: boolean | undefined;
  if (hi !== undefined) {
    if (typeof hi !== 'object' || hi === null || keyCount(hi) !== 3) return null;
    firstTime = hi.firstTime;
    revokedWithin3Years = hi.revokedWithin3Years;
    seriousViolationWithin3Years = hi.seriousViolationWithin3Years;
    if (!isBool(firstTime) || !isBool(revokedWithin3Years) || !isBool(seriousViolationWithin3Years)) return null;
  }
  return {
    evaluationYear: year,
    ruleSet: ruleSetForYear(year),
    residentEnterprise,
    auditCollection,
    rdExpenseAccounting,
    industryRestricted,
    industryExcluded,
    totalStaff,
    techStaff,
    salesRevenue,
    totalAssets,
    totalCostExpense,
    rdExpense,
    classI,
    classII,
    majorSafetyAccident: c1,
    majorQualityAccident: c2,
    seriousEnvironmentalViolation: c3,
    seriousResearchMisconduct: c4,
    seriousFraud: c5,
    abnormalOperationList: c6,
    seriousViolationList: c7,
    highTechCertificateValid: highTech,
    nationalAwardRank: award,
    provincialRdInstitution: provincial,
    standardDraftingRank: standard,
    rdBasis,
    firstTime,
    revokedWithin3Years,
    seriousViolationWithin3Years,
  };
}

/** The thorough path: every bad field, each named. */
function readFactsThoroughly(value: unknown): { facts: Facts; errors: null } | { facts: null; errors: FieldError[] } {
  const errors = new Errors();
  if (!isObject(value)) {
    return {
      facts: null,
      errors: [{ path: '', message: '输入必须是一个 JSON 对象（《科技型中小企业信息表》的数据）' }],
    };
  }
  unknownKeys(value, TOP_KEYS, '', errors);

  let evaluationYear = value.evaluationYear;
  if (
    typeof evaluationYear !== 'number' ||
    !Number.isInteger(evaluationYear) ||
    evaluationYear < MIN_EVALUATION_YEAR ||
    evaluationYear > MAX_EVALUATION_YEAR
  ) {
    if (evaluationYear === undefined) errors.missing('evaluationYear');
    else errors.add('evaluationYear', `评价年度：必须是${MIN_EVALUATION_YEAR}至${MAX_EVALUATION_YEAR}之间的整数年份`);
    evaluationYear = MIN_EVALUATION_YEAR;
  }
  const year = evaluationYear as number;

  const enterprise = section(value, 'enterprise', errors) ?? EMPTY;
  const figures = section(value, 'figures', errors) ?? EMPTY;
  const ip = section(value, 'intellectualProperty', errors) ?? EMPTY;
  const compliance = section(value, 'compliance', errors) ?? EMPTY;
  const fastTrack = section(value, 'fastTrack', errors) ?? EMPTY;
  if (enterprise !== EMPTY) unknownKeys(enterprise, ENTERPRISE_SET, 'enterprise', errors);
  if (figures !== EMPTY) unknownKeys(figures, FIGURE_KEYS, 'figures', errors);
  if (ip !== EMPTY) unknownKeys(ip, IP_SET, 'intellectualProperty', errors);
  if (compliance !== EMPTY) unknownKeys(compliance, COMPLIANCE_SET, 'compliance', errors);
  if (fastTrack !== EMPTY) unknownKeys(fastTrack, FAST_TRACK_KEYS, 'fastTrack', errors);
  // A missing section is reported once (above), not once per field.
  const quiet = new Errors();
  const e = (section: Obj) => (section === EMPTY ? quiet : errors);

  const residentEnterprise = bool(enterprise, 'residentEnterprise', 'enterprise', e(enterprise));
  const auditCollection = bool(enterprise, 'auditCollection', 'enterprise', e(enterprise));
  const rdExpenseAccounting = bool(enterprise, 'rdExpenseAccounting', 'enterprise', e(enterprise));
  const industryRestricted = bool(enterprise, 'industryRestricted', 'enterprise', e(enterprise));
  const industryExcluded = bool(enterprise, 'industryExcluded', 'enterprise', e(enterprise));
  const totalStaff = count(figures, 'totalStaff', 'figures', e(figures));
  const techStaff = count(figures, 'techStaff', 'figures', e(figures));
  if (totalStaff >= 0 && techStaff > totalStaff) {
    errors.add('figures.techStaff', `科技人员数：不能大于职工总数（${totalStaff}人）`);
  }
  const salesRevenue = money(figures, 'salesRevenue', 'figures', e(figures));
  const totalAssets = money(figures, 'totalAssets', 'figures', e(figures));
  const totalCostExpense = money(figures, 'totalCostExpense', 'figures', e(figures));
  const rdExpense = money(figures, 'rdExpense', 'figures', e(figures));
  const classI = count(ip, 'classI', 'intellectualProperty', e(ip));
  const classII = count(ip, 'classII', 'intellectualProperty', e(ip));

  const f: Facts = {
    evaluationYear: year,
    ruleSet: ruleSetForYear(year),
    residentEnterprise,
    auditCollection,
    rdExpenseAccounting,
    industryRestricted,
    industryExcluded,
    totalStaff,
    techStaff,
    salesRevenue,
    totalAssets,
    totalCostExpense,
    rdExpense,
    classI,
    classII,
    majorSafetyAccident: bool(compliance, 'majorSafetyAccident', 'compliance', e(compliance)),
    majorQualityAccident: bool(compliance, 'majorQualityAccident', 'compliance', e(compliance)),
    seriousEnvironmentalViolation: bool(compliance, 'seriousEnvironmentalViolation', 'compliance', e(compliance)),
    seriousResearchMisconduct: bool(compliance, 'seriousResearchMisconduct', 'compliance', e(compliance)),
    seriousFraud: bool(compliance, 'seriousFraud', 'compliance', e(compliance)),
    abnormalOperationList: bool(compliance, 'abnormalOperationList', 'compliance', e(compliance)),
    seriousViolationList: bool(compliance, 'seriousViolationList', 'compliance', e(compliance)),
    highTechCertificateValid: bool(fastTrack, 'highTechCertificateValid', 'fastTrack', e(fastTrack)),
    nationalAwardRank: rank(fastTrack, 'nationalAwardRank', 'fastTrack', e(fastTrack)),
    provincialRdInstitution: bool(fastTrack, 'provincialRdInstitution', 'fastTrack', e(fastTrack)),
    standardDraftingRank: rank(fastTrack, 'standardDraftingRank', 'fastTrack', e(fastTrack)),
    rdBasis: undefined,
    firstTime: undefined,
    revokedWithin3Years: undefined,
    seriousViolationWithin3Years: undefined,
  };

  const rawBasis = value.rdBasis;
  let rdBasis: RdBasis | undefined;
  if (rawBasis !== undefined) {
    if (rawBasis === 'salesRevenue' || rawBasis === 'costExpense') {
      rdBasis = rawBasis;
      if ((rawBasis === 'salesRevenue' ? salesRevenue : totalCostExpense) === 0) {
        const name = rawBasis === 'salesRevenue' ? '销售收入' : '成本费用支出总额';
        errors.add('rdBasis', `研发投入指标口径：所选口径的分母${name}为0，无法计算比例，请选择另一口径或不指定`);
      }
    } else {
      errors.add(
        'rdBasis',
        '研发投入指标口径：只能是 "salesRevenue"（占销售收入）或 "costExpense"（占成本费用支出总额），不指定则自动取得分较高者',
      );
    }
  }

  let history: Obj = EMPTY;
  const rawHistory = value.history;
  if (rawHistory !== undefined) {
    if (!isObject(rawHistory)) errors.add('history', '参评历史：必须是一个对象，或不提供');
    else {
      history = rawHistory;
      unknownKeys(history, HISTORY_SET, 'history', errors);
    }
  }
  const hasHistory = history !== EMPTY;
  const historyFlag = (key: string) => (hasHistory ? bool(history, key, 'history', errors) : undefined);

  f.rdBasis = rdBasis;
  f.firstTime = historyFlag('firstTime');
  f.revokedWithin3Years = historyFlag('revokedWithin3Years');
  f.seriousViolationWithin3Years = historyFlag('seriousViolationWithin3Years');

  return errors.list === null ? { facts: f, errors: null } : { facts: null, errors: errors.list };
}

/**
 * Validate a value against the AssessmentInput contract. Returns the input (unchanged) when valid,
 * otherwise every bad field with a Chinese message naming it. Invalid input is never assessed.
 */
export function validateAssessmentInput(value: unknown): ValidationResult {
  const read = readFacts(value);
  return read.errors === null ? { ok: true, value: value as AssessmentInput } : { ok: false, errors: read.errors };
}
