/**
 * The shape of the 信息表 as data: every leaf field with its kind, bounds and Chinese label. The draft check,
 * the submission check and the diff all walk this one description, so they agree on what a field is.
 */
import { FIELD_LABELS } from '../labels.js';
import type { RdBasis } from '../types.js';
import { IP_TYPE_LABELS, IP_TYPES, RD_FORM_LABELS, RD_FORMS, TECH_FIELD_LABELS, TECH_FIELDS } from './info-sheet.js';

/** 研发投入指标口径 */
export const RD_BASES = ['salesRevenue', 'costExpense'] as const satisfies readonly RdBasis[];
export const RD_BASIS_LABELS: Readonly<Record<RdBasis, string>> = {
  salesRevenue: '占销售收入比例',
  costExpense: '占成本费用支出总额比例',
};

export type LeafSpec =
  | { kind: 'text'; max: number }
  | { kind: 'bool' }
  | { kind: 'count' }
  /** integer ≥ 1, or null (= none) */
  | { kind: 'rank' }
  /** Money in yuan; `stringOnly` when the type says string (RdProject.expense) */
  | { kind: 'money'; stringOnly: boolean }
  | { kind: 'enum'; values: readonly string[]; labels: Readonly<Record<string, string>> };

export type Field = readonly [key: string, spec: LeafSpec];

/** Longest text of a name-like field (characters). */
export const TEXT_MAX = 200;
/** Longest 主要产品（服务） text. */
export const MAIN_PRODUCTS_MAX = 2000;
/** Most rows of the 研发项目汇总表. */
export const RD_PROJECTS_MAX = 200;
/** Most rows of the 知识产权清单. */
export const IP_ITEMS_MAX = 500;

const text = (max: number = TEXT_MAX): LeafSpec => ({ kind: 'text', max });
const BOOL: LeafSpec = { kind: 'bool' };
const COUNT: LeafSpec = { kind: 'count' };
const RANK: LeafSpec = { kind: 'rank' };
const MONEY: LeafSpec = { kind: 'money', stringOnly: false };

export const BASIC_FIELDS: readonly Field[] = [
  ['name', text()],
  ['uscc', text(32)],
  ['regionCode', text(100)],
  ['address', text(500)],
  ['establishedOn', text(32)],
  ['registeredCapital', text(32)],
  ['industry', text()],
  ['techField', { kind: 'enum', values: TECH_FIELDS, labels: TECH_FIELD_LABELS }],
  ['mainProducts', text(MAIN_PRODUCTS_MAX)],
  ['legalRepName', text()],
  ['contactName', text()],
  ['contactPhone', text(32)],
  ['contactEmail', text(254)],
];

export const ENTERPRISE_FIELDS: readonly Field[] = [
  ['residentEnterprise', BOOL],
  ['auditCollection', BOOL],
  ['rdExpenseAccounting', BOOL],
  ['industryRestricted', BOOL],
  ['industryExcluded', BOOL],
];

export const FIGURES_FIELDS: readonly Field[] = [
  ['totalStaff', COUNT],
  ['techStaff', COUNT],
  ['salesRevenue', MONEY],
  ['totalAssets', MONEY],
  ['totalCostExpense', MONEY],
  ['rdExpense', MONEY],
];

export const COMPLIANCE_FIELDS: readonly Field[] = [
  ['majorSafetyAccident', BOOL],
  ['majorQualityAccident', BOOL],
  ['seriousEnvironmentalViolation', BOOL],
  ['seriousResearchMisconduct', BOOL],
  ['seriousFraud', BOOL],
  ['abnormalOperationList', BOOL],
  ['seriousViolationList', BOOL],
];

export const FAST_TRACK_FIELDS: readonly Field[] = [
  ['highTechCertificateValid', BOOL],
  ['nationalAwardRank', RANK],
  ['provincialRdInstitution', BOOL],
  ['standardDraftingRank', RANK],
];

export const RD_BASIS_SPEC: LeafSpec = { kind: 'enum', values: RD_BASES, labels: RD_BASIS_LABELS };

export const RD_PROJECT_FIELDS: readonly Field[] = [
  ['name', text()],
  ['form', { kind: 'enum', values: RD_FORMS, labels: RD_FORM_LABELS }],
  ['expense', { kind: 'money', stringOnly: true }],
];

export const IP_ITEM_FIELDS: readonly Field[] = [
  ['type', { kind: 'enum', values: IP_TYPES, labels: IP_TYPE_LABELS }],
  ['number', text(100)],
  ['title', text()],
  ['inForce', BOOL],
  ['relatedToMainProducts', BOOL],
  ['disputed', BOOL],
];

export type ObjectSectionKey = 'basic' | 'enterprise' | 'figures' | 'compliance' | 'fastTrack';
export type RowSectionKey = 'rdProjects' | 'intellectualProperty';

/** The object sections, in the order problems are reported. */
export const OBJECT_SECTIONS: readonly (readonly [ObjectSectionKey, readonly Field[]])[] = [
  ['basic', BASIC_FIELDS],
  ['enterprise', ENTERPRISE_FIELDS],
  ['figures', FIGURES_FIELDS],
  ['compliance', COMPLIANCE_FIELDS],
  ['fastTrack', FAST_TRACK_FIELDS],
];

export const ROW_SECTIONS: readonly (readonly [RowSectionKey, readonly Field[], number])[] = [
  ['rdProjects', RD_PROJECT_FIELDS, RD_PROJECTS_MAX],
  ['intellectualProperty', IP_ITEM_FIELDS, IP_ITEMS_MAX],
];

/** Top-level keys of a 信息表, in the order problems are reported. */
export const INFO_SHEET_KEYS = [
  'basic',
  'enterprise',
  'figures',
  'compliance',
  'fastTrack',
  'rdBasis',
  'rdProjects',
  'intellectualProperty',
] as const;
export type InfoSheetKey = (typeof INFO_SHEET_KEYS)[number];

/** Chinese names of the sections (top-level keys). */
export const INFO_SHEET_SECTION_LABELS: Readonly<Record<InfoSheetKey, string>> = {
  basic: '企业基本信息',
  enterprise: '基本条件声明',
  figures: '上年度主要经济指标',
  compliance: '合规声明',
  fastTrack: '直通车条件',
  rdBasis: '研发投入指标口径',
  rdProjects: '研发项目汇总表',
  intellectualProperty: '知识产权清单',
};

/**
 * Chinese label of every leaf path pattern of the 信息表. Array rows use `[]`: `rdProjects[].expense`.
 * Enterprise, compliance and fast-track labels are the contract's (FIELD_LABELS); amounts carry their unit.
 */
export const INFO_SHEET_FIELD_LABELS: Readonly<Record<string, string>> = {
  'basic.name': '企业名称',
  'basic.uscc': '统一社会信用代码',
  'basic.regionCode': '注册地（行政区划或功能区）',
  'basic.address': '注册地址',
  'basic.establishedOn': '成立日期',
  'basic.registeredCapital': '注册资本（万元）',
  'basic.industry': '所属行业',
  'basic.techField': '技术领域',
  'basic.mainProducts': '主要产品（服务）',
  'basic.legalRepName': '法定代表人',
  'basic.contactName': '联系人',
  'basic.contactPhone': '联系人手机',
  'basic.contactEmail': '联系人电子邮箱',
  ...Object.fromEntries(
    [
      ...ENTERPRISE_FIELDS.map(([k]) => `enterprise.${k}`),
      ...COMPLIANCE_FIELDS.map(([k]) => `compliance.${k}`),
      ...FAST_TRACK_FIELDS.map(([k]) => `fastTrack.${k}`),
    ].map((path) => [path, FIELD_LABELS[path] ?? path]),
  ),
  'figures.totalStaff': '职工总数（人）',
  'figures.techStaff': '科技人员数（人）',
  'figures.salesRevenue': '销售收入（元）',
  'figures.totalAssets': '资产总额（元）',
  'figures.totalCostExpense': '成本费用支出总额（元）',
  'figures.rdExpense': '研发费用总额（元）',
  rdBasis: '研发投入指标口径',
  'rdProjects[].name': '项目名称',
  'rdProjects[].form': '研发形式',
  'rdProjects[].expense': '当年归集研发费用',
  'intellectualProperty[].type': '知识产权类别',
  'intellectualProperty[].number': '专利号/登记号',
  'intellectualProperty[].title': '知识产权名称',
  'intellectualProperty[].inForce': '有效',
  'intellectualProperty[].relatedToMainProducts': '与主要产品（服务）相关',
  'intellectualProperty[].disputed': '存在权属争议',
};

/** How a row is named: in problems (`研发项目汇总表第3行`) and in the diff (`研发项目第3行`). */
const ROW_PREFIX: Readonly<Record<'problem' | 'diff', Readonly<Record<RowSectionKey, string>>>> = {
  problem: { rdProjects: '研发项目汇总表', intellectualProperty: '知识产权清单' },
  diff: { rdProjects: '研发项目', intellectualProperty: '知识产权' },
};

const ROW_PATH = /^(rdProjects|intellectualProperty)\[(\d+)\](?:\.([A-Za-z]+))?$/;

/**
 * Chinese label of a concrete path: `basic.contactPhone` → `联系人手机`; `rdProjects[2].expense` →
 * `研发项目汇总表第3行 当年归集研发费用` (style `problem`) or `研发项目第3行 当年归集研发费用` (style `diff`).
 * An unknown path is returned as it is.
 */
export function infoSheetFieldLabel(path: string, style: 'problem' | 'diff' = 'problem'): string {
  const row = ROW_PATH.exec(path);
  if (row !== null) {
    const section = row[1] as RowSectionKey;
    const prefix = `${ROW_PREFIX[style][section]}第${Number(row[2]) + 1}行`;
    if (row[3] === undefined) return prefix;
    return `${prefix} ${INFO_SHEET_FIELD_LABELS[`${section}[].${row[3]}`] ?? row[3]}`;
  }
  return INFO_SHEET_FIELD_LABELS[path] ?? INFO_SHEET_SECTION_LABELS[path as InfoSheetKey] ?? path;
}
