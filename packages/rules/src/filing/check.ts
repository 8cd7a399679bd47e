/**
 * Checks of a 信息表: the lenient one for autosaved drafts (shape and types only, anything may be missing) and
 * the strict one for submission (everything required, the contract's rules applied through
 * validateAssessmentInput). Both report every problem, each `{ path, message }` with a Chinese message naming
 * the field.
 */
import { parseIsoDate } from '../calendar.js';
import { isValidMobile } from '../identity/account.js';
import { parseMoney, parseMoneyDetailed } from '../money.js';
import type { FieldError } from '../types.js';
import { isValidUscc } from '../uscc.js';
import { MAX_EVALUATION_YEAR, MIN_EVALUATION_YEAR, validateAssessmentInput } from '../validate.js';
import { groupedYuan, ipCounts } from './derive.js';
import type { InfoSheet, IpItem } from './info-sheet.js';
import {
  BASIC_FIELDS,
  type Field,
  INFO_SHEET_KEYS,
  infoSheetFieldLabel,
  IP_ITEM_FIELDS,
  IP_ITEMS_MAX,
  type LeafSpec,
  OBJECT_SECTIONS,
  RD_BASIS_SPEC,
  RD_PROJECT_FIELDS,
  RD_PROJECTS_MAX,
  type RowSectionKey,
} from './schema.js';

type Obj = Record<string, unknown>;

/** A plain JSON object (not an array, a Date, a class instance). */
function isObj(value: unknown): value is Obj {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

const absent = (value: unknown): boolean => value === undefined || value === null;

function codePoints(text: string, max: number): number {
  // A string is never longer in code points than in UTF-16 units: count only when it could be too long.
  if (text.length <= max) return text.length;
  let n = 0;
  for (const _ of text) n++;
  return n;
}

const MONEY_WRONG = '应为金额（元），最多两位小数';

/** What is wrong with the type of a present (non-null) value, or null. */
function typeProblem(value: unknown, spec: LeafSpec): string | null {
  switch (spec.kind) {
    case 'text':
      if (typeof value !== 'string') return '应为文字';
      return codePoints(value, spec.max) > spec.max ? `不能超过${spec.max}个字符` : null;
    case 'bool':
      return value === true || value === false ? null : '应为“是”或“否”（true / false）';
    case 'count':
      return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? null : '应为不小于0的整数';
    case 'rank':
      return typeof value === 'number' && Number.isSafeInteger(value) && value >= 1
        ? null
        : '应为不小于1的整数名次，没有则不填';
    case 'money': {
      if (spec.stringOnly && typeof value !== 'string') return MONEY_WRONG;
      const parsed = parseMoneyDetailed(value);
      if (parsed.ok) return null;
      if (parsed.reason === 'negative') return '金额不能为负数';
      if (parsed.reason === 'range') return '金额超出可处理的范围';
      return MONEY_WRONG;
    }
    case 'enum':
      return typeof value === 'string' && spec.values.includes(value) ? null : '请选择有效的选项';
  }
}

/** The message of a required field left empty (submission only). */
function missingText(spec: LeafSpec): string {
  if (spec.kind === 'enum') return '请选择';
  if (spec.kind === 'bool') return '请选择“是”或“否”';
  return '请填写';
}

interface Options {
  evaluationYear: number;
  registeredUscc?: string;
}

/** Collects problems; `strict` = submission. */
class Walk {
  readonly problems: FieldError[] = [];
  constructor(
    readonly strict: boolean,
    readonly options: Options | null,
  ) {}

  add(path: string, suffix: string): void {
    this.problems.push({ path, message: `${infoSheetFieldLabel(path)}：${suffix}` });
  }

  unknownKeys(obj: Obj, known: readonly Field[] | readonly string[], prefix: string): void {
    const names = new Set<string>(known.map((k) => (typeof k === 'string' ? k : k[0])));
    for (const key of Object.keys(obj)) {
      if (!names.has(key)) {
        const path = prefix === '' ? key : `${prefix}.${key}`;
        this.problems.push({ path, message: `未定义的字段：${path}（信息表中没有这一项，请删除）` });
      }
    }
  }

  /**
   * One leaf: its type always; when strict, also that it is filled and the field's own rule (`rule` returns a
   * problem or null). Returns the value when it is good so far, undefined otherwise.
   */
  leaf(obj: Obj, [key, spec]: Field, prefix: string, rule?: (value: never) => string | null): unknown {
    const value = obj[key];
    const path = `${prefix}.${key}`;
    if (absent(value)) {
      if (this.strict && !(spec.kind === 'rank' && value === null)) this.add(path, missingText(spec));
      return undefined;
    }
    const wrong = typeProblem(value, spec);
    if (wrong !== null) {
      this.add(path, wrong);
      return undefined;
    }
    if (this.strict) {
      if (spec.kind === 'text' && (value as string).trim() === '') {
        this.add(path, '请填写');
        return undefined;
      }
      const problem = rule === undefined ? null : rule(value as never);
      if (problem !== null) {
        this.add(path, problem);
        return undefined;
      }
    }
    return value;
  }

  /** An object section: null when absent (or, when strict, an empty object to report every field). */
  section(draft: Obj, key: string, fields: readonly Field[]): Obj | null {
    const value = draft[key];
    if (absent(value)) return this.strict ? {} : null;
    if (!isObj(value)) {
      this.add(key, '应为一个对象');
      return null;
    }
    this.unknownKeys(value, fields, key);
    return value;
  }

  /**
   * A list section: the list-level checks, then each row in order (not an object → a problem; otherwise its
   * unknown keys, then `each`). Returns whether every row is an object (false when the list is not a list or too
   * long, whose rows are then not looked at).
   */
  rows(
    draft: Obj,
    key: RowSectionKey,
    fields: readonly Field[],
    max: number,
    each: (row: Obj, i: number) => void,
  ): boolean {
    const value = draft[key];
    if (absent(value)) return true;
    if (!Array.isArray(value)) {
      this.add(key, '应为一个列表');
      return false;
    }
    if (value.length > max) {
      this.add(key, `最多${max}行，现有${value.length}行`);
      return false;
    }
    let all = true;
    value.forEach((row: unknown, i) => {
      const path = `${key}[${i}]`;
      if (!isObj(row)) {
        this.add(path, '应为一个对象');
        all = false;
      } else {
        this.unknownKeys(row, fields, path);
        each(row, i);
      }
    });
    return all;
  }
}

function checkShape(draft: Obj, walk: Walk): void {
  walk.unknownKeys(draft, INFO_SHEET_KEYS, '');
  for (const [key, fields] of OBJECT_SECTIONS) {
    const section = walk.section(draft, key, fields);
    if (section !== null) for (const field of fields) walk.leaf(section, field, key);
  }
  if (!absent(draft.rdBasis)) {
    const wrong = typeProblem(draft.rdBasis, RD_BASIS_SPEC);
    if (wrong !== null) walk.add('rdBasis', wrong);
  }
  walk.rows(draft, 'rdProjects', RD_PROJECT_FIELDS, RD_PROJECTS_MAX, (row, i) => {
    for (const field of RD_PROJECT_FIELDS) walk.leaf(row, field, `rdProjects[${i}]`);
  });
  walk.rows(draft, 'intellectualProperty', IP_ITEM_FIELDS, IP_ITEMS_MAX, (row, i) => {
    for (const field of IP_ITEM_FIELDS) walk.leaf(row, field, `intellectualProperty[${i}]`);
  });
}

const NOT_AN_OBJECT = '信息表应为一个 JSON 对象';

/**
 * Lenient check of an autosaved draft: a JSON object of the 信息表's shape where every field may be missing or
 * null, but a present field has the right type (text within its length, true/false, an integer, a valid amount,
 * one of the listed options), no key is unknown at any level, and the lists are bounded. Returns every problem
 * (empty when the draft may be saved).
 */
export function checkInfoSheetDraft(draft: unknown): FieldError[] {
  if (!isObj(draft)) return [{ path: '', message: NOT_AN_OBJECT }];
  const walk = new Walk(false, null);
  checkShape(draft, walk);
  return walk.problems;
}

export type InfoSheetValidation = { ok: true; sheet: InfoSheet } | { ok: false; problems: FieldError[] };

const REGION_CODE = /^(\d{6}|zone:\S+)$/;
const REGISTERED_CAPITAL = /^\d{1,12}(\.\d{1,4})?$/;
const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

function basicRules(options: Options): Partial<Record<string, (value: string) => string | null>> {
  const lastYear = options.evaluationYear - 1;
  const cutoff = parseIsoDate(`${lastYear}-12-31`) as number;
  return {
    name: (v) => {
      const n = [...v.trim()].length;
      return n < 2 || n > 100 ? '长度应为2–100个字符' : null;
    },
    uscc: (v) => {
      if (!isValidUscc(v)) return '应为18位，且校验位正确（字母须大写）';
      if (options.registeredUscc !== undefined && v !== options.registeredUscc) return '应与注册信息一致';
      return null;
    },
    regionCode: (v) => (REGION_CODE.test(v) ? null : '请选择所在区县或功能区'),
    establishedOn: (v) => {
      const day = parseIsoDate(v);
      if (day === null) return '应为 YYYY-MM-DD 格式的有效日期';
      if (day > cutoff) {
        return `上一会计年度（${lastYear}年）结束后成立的企业没有上年度数据，不能参加${options.evaluationYear}年度评价`;
      }
      return null;
    },
    registeredCapital: (v) =>
      REGISTERED_CAPITAL.test(v) ? null : '应为以万元为单位的数字，最多四位小数，如 "500" 或 "1200.5"',
    contactPhone: (v) => (isValidMobile(v) ? null : '应为11位中国大陆手机号码'),
    contactEmail: (v) => (EMAIL.test(v) ? null : '应为有效的电子邮箱地址，如 name@example.com'),
  };
}

/** `enterprise`, `figures`, … of the draft as the contract wants them: null means not filled (but a null rank is "none"). */
function contractSection(value: unknown, rankKeys: readonly string[] = []): unknown {
  if (absent(value)) return {};
  if (!isObj(value)) return value;
  const out: Obj = {};
  for (const key of Object.keys(value)) {
    if (value[key] !== null || rankKeys.includes(key)) out[key] = value[key];
  }
  return out;
}

const normalizeIpNumber = (n: string): string => n.replace(/\s+/g, '').toUpperCase();

/**
 * Strict check for submission: every field required, every problem listed in a stable order (basic, enterprise,
 * figures, compliance, fastTrack, rdBasis, rdProjects, intellectualProperty; unknown top-level keys first). The
 * conditions, figures, compliance and fast track are checked by the contract's validateAssessmentInput, so its
 * rules and paths apply unchanged. Returns the sheet (a clean copy) when there is no problem.
 *
 * Throws a RangeError when `options.evaluationYear` is not a year the contract accepts (a caller's mistake).
 */
export function validateInfoSheet(draft: unknown, options: Options): InfoSheetValidation {
  const year = options.evaluationYear;
  if (!Number.isInteger(year) || year < MIN_EVALUATION_YEAR || year > MAX_EVALUATION_YEAR) {
    throw new RangeError(`评价年度必须是${MIN_EVALUATION_YEAR}至${MAX_EVALUATION_YEAR}之间的整数年份：${year}`);
  }
  if (!isObj(draft)) return { ok: false, problems: [{ path: '', message: NOT_AN_OBJECT }] };

  // Each part reports into its own walk; the walks are concatenated in the sheet's order at the end.
  const top = new Walk(true, options);
  top.unknownKeys(draft, INFO_SHEET_KEYS, '');

  const basicWalk = new Walk(true, options);
  const basic = basicWalk.section(draft, 'basic', BASIC_FIELDS);
  if (basic !== null) {
    const rules = basicRules(options);
    for (const field of BASIC_FIELDS) basicWalk.leaf(basic, field, 'basic', rules[field[0]]);
  }

  // The contract's sections: its own checks, messages and paths.
  const rawIp = Array.isArray(draft.intellectualProperty) ? (draft.intellectualProperty as unknown[]) : [];
  const contractInput: Obj = {
    evaluationYear: year,
    enterprise: contractSection(draft.enterprise),
    figures: contractSection(draft.figures),
    intellectualProperty: ipCounts(rawIp.filter(isObj) as unknown as IpItem[]),
    compliance: contractSection(draft.compliance),
    fastTrack: contractSection(draft.fastTrack, ['nationalAwardRank', 'standardDraftingRank']),
  };
  if (!absent(draft.rdBasis)) contractInput.rdBasis = draft.rdBasis;
  const contract = validateAssessmentInput(contractInput);
  const contractProblems = contract.ok ? [] : contract.errors;

  // 研发项目汇总表
  const rdWalk = new Walk(true, options);
  // The exact total of the expenses, while every row's expense is a valid amount.
  let total: bigint | null = 0n;
  const allRows = rdWalk.rows(draft, 'rdProjects', RD_PROJECT_FIELDS, RD_PROJECTS_MAX, (row, i) => {
    for (const field of RD_PROJECT_FIELDS) {
      const isExpense = field[0] === 'expense';
      const value = rdWalk.leaf(row, field, `rdProjects[${i}]`, isExpense ? positiveAmount : undefined);
      if (isExpense) total = value === undefined || total === null ? null : total + BigInt(parseMoney(value) as number);
    }
  });
  if (!allRows) total = null;
  const figures = isObj(draft.figures) ? draft.figures : null;
  const rdExpense = figures === null ? null : parseMoney(figures.rdExpense);
  const rdCount = Array.isArray(draft.rdProjects) ? draft.rdProjects.length : absent(draft.rdProjects) ? 0 : -1;
  const rdSummary: FieldError[] = [];
  if (rdExpense !== null && rdExpense > 0 && rdCount === 0) {
    rdSummary.push({ path: 'rdProjects', message: '研发项目汇总表：研发费用总额大于0，应至少填写一个研发项目' });
  } else if (rdExpense !== null && rdCount > 0 && total !== null && total !== BigInt(rdExpense)) {
    rdSummary.push({
      path: 'rdProjects',
      message: `研发项目汇总表：各项目当年归集研发费用合计 ${groupedYuan(total)} 元，与研发费用总额 ${groupedYuan(rdExpense)} 元不一致`,
    });
  }

  // 知识产权清单
  const ipWalk = new Walk(true, options);
  const seen = new Map<string, number>();
  ipWalk.rows(draft, 'intellectualProperty', IP_ITEM_FIELDS, IP_ITEMS_MAX, (row, i) => {
    let type: unknown;
    for (const field of IP_ITEM_FIELDS) {
      const rule = field[0] === 'number' ? duplicateOf(type, seen, i) : undefined;
      const value = ipWalk.leaf(row, field, `intellectualProperty[${i}]`, rule);
      if (field[0] === 'type') type = value;
    }
  });

  const problems: FieldError[] = [...top.problems, ...basicWalk.problems];
  for (const key of ['enterprise', 'figures', 'compliance', 'fastTrack', 'rdBasis']) {
    for (const p of contractProblems) if (p.path === key || p.path.startsWith(`${key}.`)) problems.push(p);
  }
  // Defensive: anything else the contract says (it should not: the rest of its input is computed).
  for (const p of contractProblems) {
    if (!/^(enterprise|figures|compliance|fastTrack|rdBasis)(\.|$)/.test(p.path)) problems.push(p);
  }
  problems.push(...rdSummary, ...rdWalk.problems, ...ipWalk.problems);
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, sheet: cleanSheet(draft) };
}

function positiveAmount(value: string): string | null {
  return parseMoney(value) === 0 ? '应大于0' : null;
}

/** The rule of an IP number: not a repeat of an earlier row's number of the same type. */
function duplicateOf(type: unknown, seen: Map<string, number>, index: number): (value: string) => string | null {
  return (value) => {
    if (type === undefined) return null;
    const key = `${String(type)}\u0000${normalizeIpNumber(value)}`;
    const first = seen.get(key);
    if (first !== undefined) return `与第${first + 1}行重复（同一类别的同一编号只能填写一次）`;
    seen.set(key, index);
    return null;
  };
}

/** A copy holding exactly the sheet's fields, once they are all known to be valid. */
function cleanSheet(draft: Obj): InfoSheet {
  const pick = (value: unknown, fields: readonly Field[]): Obj => {
    const from = value as Obj;
    const out: Obj = {};
    for (const [key] of fields) out[key] = from[key] === undefined ? null : from[key];
    return out;
  };
  const rows = (value: unknown, fields: readonly Field[]): Obj[] =>
    Array.isArray(value) ? value.map((row) => pick(row, fields)) : [];
  const sheet: Obj = {};
  for (const [key, fields] of OBJECT_SECTIONS) sheet[key] = pick(draft[key], fields);
  if (!absent(draft.rdBasis)) sheet.rdBasis = draft.rdBasis;
  sheet.rdProjects = rows(draft.rdProjects, RD_PROJECT_FIELDS);
  sheet.intellectualProperty = rows(draft.intellectualProperty, IP_ITEM_FIELDS);
  return sheet as unknown as InfoSheet;
}
