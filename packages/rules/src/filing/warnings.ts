/**
 * Review warnings (审核提示) of a 信息表: figures that are legal but odd, or worth a closer look. They never block a
 * submission; the agency sees them beside the sheet. All comparisons are exact (integers, fen, BigInt).
 */
import { FIELD_LABELS } from '../labels.js';
import { formatYuan, parseMoney } from '../money.js';
import { groupedYuan, rdProjectsTotalFen } from './derive.js';
import type { InfoSheet } from './info-sheet.js';

export const WARNING_CODES = [
  'staffAtMost5',
  'techRatioAtLeast90With50Staff',
  'rdOverCost',
  'rdOverRevenue',
  'rdWithoutRevenue',
  'atSizeLimit',
  'sharpChange',
  'rdProjectsMismatch',
  'sharedContact',
] as const;
export type WarningCode = (typeof WARNING_CODES)[number];

/** Short Chinese label of each warning. */
export const WARNING_LABELS: Readonly<Record<WarningCode, string>> = {
  staffAtMost5: '职工总数5人及以下',
  techRatioAtLeast90With50Staff: '职工50人及以上且科技人员占比90%及以上',
  rdOverCost: '研发费用高于成本费用支出总额',
  rdOverRevenue: '研发费用高于销售收入',
  rdWithoutRevenue: '无销售收入但有研发费用',
  atSizeLimit: '接近规模上限',
  sharpChange: '主要指标较上次填报大幅变化',
  rdProjectsMismatch: '研发项目合计与研发费用总额不一致',
  sharedContact: '联系方式与其他企业相同',
};

export interface Warning {
  code: WarningCode;
  /** Chinese, with the numbers in it */
  message: string;
  /** the fields concerned, e.g. `figures.rdExpense` */
  paths: string[];
}

export interface WarningInput {
  sheet: InfoSheet;
  /** The enterprise's previous sheet (last year's, or the last submitted version), if any. */
  previous?: InfoSheet | null;
  /** How many OTHER enterprises use the same contact phone / e-mail. */
  sharedContacts?: { phone: number; email: number };
}

/** ¥200,000,000 in fen: the size limit of revenue and assets. */
const SIZE_LIMIT_FEN = 20_000_000_000;
/** 95% of it: the start of the "near the limit" zone (inclusive). */
const NEAR_LIMIT_FEN = 19_000_000_000;
const STAFF_LIMIT = 500;
const NEAR_STAFF = 490;
/** Contacts shared with this many other enterprises or more are flagged. */
export const SHARED_CONTACT_THRESHOLD = 3;

type Amount = { kind: 'staff'; value: number } | { kind: 'money'; value: number };

const show = (a: Amount): string => (a.kind === 'staff' ? `${a.value}人` : formatYuan(a.value));

/** Every warning that applies, in the order of WARNING_CODES. */
export function computeWarnings(input: WarningInput): Warning[] {
  const { sheet } = input;
  const warnings: Warning[] = [];
  const add = (code: WarningCode, message: string, paths: string[]) => warnings.push({ code, message, paths });
  const f = sheet.figures;
  const total = f.totalStaff;
  const tech = f.techStaff;
  const revenue = parseMoney(f.salesRevenue);
  const assets = parseMoney(f.totalAssets);
  const cost = parseMoney(f.totalCostExpense);
  const rd = parseMoney(f.rdExpense);
  const staffKnown = Number.isSafeInteger(total) && total >= 0;

  if (staffKnown && total <= 5) {
    add('staffAtMost5', `职工总数为${total}人（5人及以下），需核实企业实际经营和人员情况`, ['figures.totalStaff']);
  }
  if (staffKnown && Number.isSafeInteger(tech) && total >= 50 && BigInt(tech) * 10n >= BigInt(total) * 9n) {
    add(
      'techRatioAtLeast90With50Staff',
      `职工总数${total}人，其中科技人员${tech}人，占比达到90%及以上，需核实科技人员认定`,
      ['figures.techStaff', 'figures.totalStaff'],
    );
  }
  if (rd !== null && cost !== null && rd > cost) {
    add(
      'rdOverCost',
      `研发费用总额${formatYuan(rd)}高于成本费用支出总额${formatYuan(cost)}，研发费用通常包含在成本费用之中`,
      ['figures.rdExpense', 'figures.totalCostExpense'],
    );
  }
  if (rd !== null && revenue !== null && revenue > 0 && rd > revenue) {
    add('rdOverRevenue', `研发费用总额${formatYuan(rd)}高于销售收入${formatYuan(revenue)}`, [
      'figures.rdExpense',
      'figures.salesRevenue',
    ]);
  }
  if (rd !== null && revenue === 0 && rd > 0) {
    add('rdWithoutRevenue', `销售收入为0，研发费用总额为${formatYuan(rd)}，需核实研发资金来源`, [
      'figures.salesRevenue',
      'figures.rdExpense',
    ]);
  }

  const near: string[] = [];
  const nearPaths: string[] = [];
  if (staffKnown && total >= NEAR_STAFF && total <= STAFF_LIMIT) {
    near.push(`职工总数${total}人（上限${STAFF_LIMIT}人）`);
    nearPaths.push('figures.totalStaff');
  }
  if (revenue !== null && revenue >= NEAR_LIMIT_FEN && revenue <= SIZE_LIMIT_FEN) {
    near.push(`销售收入${formatYuan(revenue)}（上限2亿元）`);
    nearPaths.push('figures.salesRevenue');
  }
  if (assets !== null && assets >= NEAR_LIMIT_FEN && assets <= SIZE_LIMIT_FEN) {
    near.push(`资产总额${formatYuan(assets)}（上限2亿元）`);
    nearPaths.push('figures.totalAssets');
  }
  if (near.length > 0) {
    add('atSizeLimit', `接近科技型中小企业规模上限：${near.join('；')}，需核实财务报表和职工名册`, nearPaths);
  }

  const previous = input.previous;
  if (previous !== undefined && previous !== null) {
    const p = previous.figures;
    const pairs: [string, Amount | null, Amount | null][] = [
      ['totalStaff', staffAmount(p.totalStaff), staffAmount(total)],
      ['techStaff', staffAmount(p.techStaff), staffAmount(tech)],
      ['salesRevenue', moneyAmount(p.salesRevenue), moneyAmount(f.salesRevenue)],
      ['totalAssets', moneyAmount(p.totalAssets), moneyAmount(f.totalAssets)],
      ['rdExpense', moneyAmount(p.rdExpense), moneyAmount(f.rdExpense)],
    ];
    const changes: string[] = [];
    const paths: string[] = [];
    for (const [key, before, now] of pairs) {
      if (before === null || now === null || before.value <= 0) continue;
      const b = BigInt(before.value);
      const n = BigInt(now.value);
      const diff = n > b ? n - b : b - n;
      if (diff * 2n <= b) continue; // at most 50%
      // Percentage rounded half up, for display only.
      const pct = (diff * 200n + b) / (2n * b);
      changes.push(
        `${FIELD_LABELS[`figures.${key}`]}由${show(before)}变为${show(now)}（${n > b ? '增加' : '减少'}${pct}%）`,
      );
      paths.push(`figures.${key}`);
    }
    if (changes.length > 0) add('sharpChange', `与上次填报相比变化超过50%：${changes.join('；')}`, paths);
  }

  const projectTotal = rdProjectsTotalFen(Array.isArray(sheet.rdProjects) ? sheet.rdProjects : []);
  if (rd !== null && projectTotal !== null && projectTotal !== BigInt(rd)) {
    add(
      'rdProjectsMismatch',
      `研发项目汇总表各项目当年归集研发费用合计 ${groupedYuan(projectTotal)} 元，与研发费用总额 ${groupedYuan(rd)} 元不一致`,
      ['rdProjects', 'figures.rdExpense'],
    );
  }

  const shared = input.sharedContacts;
  if (shared !== undefined) {
    const parts: string[] = [];
    const paths: string[] = [];
    if (shared.phone >= SHARED_CONTACT_THRESHOLD) {
      parts.push(`联系人手机号码与另外${shared.phone}家企业相同`);
      paths.push('basic.contactPhone');
    }
    if (shared.email >= SHARED_CONTACT_THRESHOLD) {
      parts.push(`${parts.length > 0 ? '' : '联系人'}电子邮箱与另外${shared.email}家企业相同`);
      paths.push('basic.contactEmail');
    }
    if (parts.length > 0) {
      add('sharedContact', `${parts.join('，')}，可能由中介机构代为填报（2025年通知明确禁止）`, paths);
    }
  }
  return warnings;
}

function staffAmount(value: unknown): Amount | null {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? { kind: 'staff', value } : null;
}

function moneyAmount(value: unknown): Amount | null {
  const fen = parseMoney(value);
  return fen === null ? null : { kind: 'money', value: fen };
}
