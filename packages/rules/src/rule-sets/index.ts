/**
 * Rule sets: the rules by evaluation year, as data. The evaluation year picks the rule set;
 * every rule carries the document it comes from (docs/domain/rules.md).
 */
import type { OnSiteTrigger, RuleSetId } from '../types.js';
import { cite, type DocumentRef } from './documents.js';

export { DOCUMENTS, type DocumentRef } from './documents.js';

export interface RuleDefinition {
  /** Stable id: a failure code, a fast-track item, an on-site trigger, or a scoring indicator. */
  id: string;
  /** The rule in Chinese, as applied. */
  text: string;
  source: DocumentRef;
}

export interface RuleSet {
  id: RuleSetId;
  title: string;
  years: { from: number; to: number | null };
  /** True while the rule set rests only on secondary sources (shown as 暂定 in the UI). */
  provisional: boolean;
  /** 查账征收 and 研发费用准确归集 are basic conditions (from 2022). */
  taxAndAccountingConditions: boolean;
  /** The industry test adds 财税〔2015〕119号 exclusions (from 2022). */
  industryExclusion: boolean;
  /** 严重弄虚作假 is a compliance flag that disqualifies (from 2022). */
  seriousFraudCounts: boolean;
  /** Best rank a national S&T award must reach among the award-winning organisations. */
  nationalAwardMaxRank: number;
  /** Best rank among the drafting organisations of a standard; null = any rank. */
  standardDraftingMaxRank: number | null;
  /** On-site verification triggers before publicity, in contract order. */
  onSiteTriggers: readonly OnSiteTrigger[];
  /** Every rule of the set with the document it comes from. */
  rules: readonly RuleDefinition[];
}

const M = (article: string) => cite('measures2017', article);
const G = (article: string) => cite('guideline2022', article);

const SCORING: RuleDefinition[] = [
  {
    id: 'score.techStaff',
    text: '科技人员指标（20分）：科技人员数占职工总数比例≥30%得20分，≥25%得16分，≥20%得12分，≥15%得8分，≥10%得4分，<10%得0分',
    source: M('第七条'),
  },
  {
    id: 'score.rdInput',
    text: '研发投入指标（50分）：企业从研发费用占销售收入（≥6%得50分…≥2%得10分）或占成本费用支出总额（≥30%得50分…≥10%得10分）两个比例中选一项',
    source: M('第七条'),
  },
  {
    id: 'score.ipResults',
    text: '科技成果指标（30分）：拥有有效Ⅰ类知识产权得30分；Ⅱ类知识产权4项及以上得24分、3项18分、2项12分、1项6分；无0分',
    source: M('第七条'),
  },
  { id: 'score_below_60', text: '综合评价得分不低于60分', source: M('第六条第（五）项') },
  { id: 'tech_staff_score_zero', text: '科技人员指标得分不得为0分', source: M('第六条第（五）项') },
];

const SIZE: RuleDefinition[] = [
  { id: 'staff_over_limit', text: '职工总数不超过500人', source: M('第六条第（二）项') },
  { id: 'revenue_over_limit', text: '年销售收入不超过2亿元', source: M('第六条第（二）项') },
  { id: 'assets_over_limit', text: '资产总额不超过2亿元', source: M('第六条第（二）项') },
];

const RULES_2017: RuleDefinition[] = [
  { id: 'not_resident', text: '在中国境内（不包括港、澳、台地区）注册的居民企业', source: M('第六条第（一）项') },
  ...SIZE,
  {
    id: 'industry_restricted',
    text: '企业提供的产品和服务不属于国家规定的禁止、限制和淘汰类',
    source: M('第六条第（三）项'),
  },
  {
    id: 'compliance',
    text: '企业在填报上一年及当年内未发生重大安全、重大质量事故和严重环境违法、科研严重失信行为，且企业未列入经营异常名录和严重违法失信企业名单',
    source: M('第六条第（四）项'),
  },
  ...SCORING,
  {
    id: 'highTechCertificate',
    text: '直通车：企业拥有有效期内高新技术企业资格证书',
    source: M('第八条'),
  },
  {
    id: 'nationalAward',
    text: '直通车：企业近五年内获得过国家级科技奖励，并在获奖单位中排在前三名',
    source: M('第八条'),
  },
  {
    id: 'provincialRdInstitution',
    text: '直通车：企业拥有经认定的省部级以上研发机构',
    source: M('第八条'),
  },
  {
    id: 'standardDrafting',
    text: '直通车：企业近五年内主导制定过国际标准、国家标准或行业标准',
    source: M('第八条'),
  },
];

const RULES_2022: RuleDefinition[] = [
  {
    id: 'not_resident',
    text: '在中国境内（不包括港、澳、台地区）注册的居民企业，或依照外国（地区）法律成立但实际管理机构在中国境内的居民企业',
    source: G('评价条件（一）'),
  },
  { id: 'not_audit_collection', text: '企业所得税实行查账征收', source: G('评价条件（一）') },
  { id: 'no_rd_accounting', text: '能够准确归集研发费用', source: G('评价条件（一）') },
  ...SIZE,
  {
    id: 'industry_restricted',
    text: '企业所处行业不属于《产业结构调整指导目录》限制类、淘汰类',
    source: G('评价条件（三）'),
  },
  {
    id: 'industry_excluded',
    text: '企业所处行业不属于《财政部 国家税务总局 科技部关于完善研究开发费用税前加计扣除政策的通知》（财税〔2015〕119号）规定的不适用税前加计扣除政策的行业',
    source: G('评价条件（三）'),
  },
  {
    id: 'compliance',
    text: '企业在上一会计年度至当年未发生重大安全、重大质量事故和严重环境违法、科研严重失信、严重弄虚作假行为，且企业未列入经营异常名录和严重违法失信企业名单',
    source: G('评价条件（四）'),
  },
  ...SCORING,
  ...RULES_2017.filter((r) => ['highTechCertificate', 'nationalAward', 'provincialRdInstitution'].includes(r.id)),
  {
    id: 'standardDrafting',
    text: '直通车：企业近五年内主导制定过国际标准、国家标准或行业标准，且在起草单位中排名前五',
    source: G('直通车条件'),
  },
];

const ON_SITE_2024: RuleDefinition[] = [
  { id: 'staffAtMost5', text: '实地核查：职工总数5人及以下', source: cite('miit2024', '实地核查') },
  {
    id: 'techRatioAtLeast90With50Staff',
    text: '实地核查：职工总数50人及以上且科技人员占比90%及以上',
    source: cite('henan2025', '实地核查'),
  },
  {
    id: 'revokedOrViolationWithin3Years',
    text: '实地核查：近3年内曾被撤销入库登记编号或存在严重违法失信行为',
    source: cite('henan2025', '实地核查'),
  },
  { id: 'firstTime', text: '实地核查：首次参加评价', source: cite('henan2025', '实地核查') },
];

const ON_SITE_2026: RuleDefinition[] = [
  { id: 'staffAtMost5', text: '实地核查：职工总数5人及以下', source: cite('miit2026', '实地核查') },
  {
    id: 'revokedOrViolationWithin3Years',
    text: '实地核查：近3年内曾被撤销入库登记编号或存在严重违法失信行为',
    source: cite('miit2026', '实地核查'),
  },
  { id: 'firstTime', text: '实地核查：首次参加评价', source: cite('miit2026', '实地核查') },
  { id: 'noIntellectualProperty', text: '实地核查：无Ⅰ类、Ⅱ类知识产权', source: cite('miit2026', '实地核查') },
  { id: 'rdExpenseUnder100k', text: '实地核查：研发费用总额低于10万元', source: cite('miit2026', '实地核查') },
];

const triggerIds = (rules: RuleDefinition[]) => rules.map((r) => r.id as OnSiteTrigger);

export const RULE_SETS: readonly RuleSet[] = [
  {
    id: '2017',
    title: '2017版（《科技型中小企业评价办法》）',
    years: { from: 2017, to: 2021 },
    provisional: false,
    taxAndAccountingConditions: false,
    industryExclusion: false,
    seriousFraudCounts: false,
    nationalAwardMaxRank: 3,
    standardDraftingMaxRank: null,
    onSiteTriggers: [],
    rules: RULES_2017,
  },
  {
    id: '2022',
    title: '2022版（《科技型中小企业评价服务工作指引》）',
    years: { from: 2022, to: 2023 },
    provisional: false,
    taxAndAccountingConditions: true,
    industryExclusion: true,
    seriousFraudCounts: true,
    nationalAwardMaxRank: 3,
    standardDraftingMaxRank: 5,
    onSiteTriggers: [],
    rules: RULES_2022,
  },
  {
    id: '2024',
    title: '2024版（增加实地核查情形）',
    years: { from: 2024, to: 2025 },
    provisional: false,
    taxAndAccountingConditions: true,
    industryExclusion: true,
    seriousFraudCounts: true,
    nationalAwardMaxRank: 3,
    standardDraftingMaxRank: 5,
    onSiteTriggers: triggerIds(ON_SITE_2024),
    rules: [...RULES_2022, ...ON_SITE_2024],
  },
  {
    id: '2026',
    title: '2026版（2026年实地核查情形，暂定）',
    years: { from: 2026, to: null },
    provisional: true,
    taxAndAccountingConditions: true,
    industryExclusion: true,
    seriousFraudCounts: true,
    nationalAwardMaxRank: 3,
    standardDraftingMaxRank: 5,
    onSiteTriggers: triggerIds(ON_SITE_2026),
    rules: [...RULES_2022, ...ON_SITE_2026],
  },
];

const [RS2017, RS2022, RS2024, RS2026] = RULE_SETS as [RuleSet, RuleSet, RuleSet, RuleSet];

/** The rule set that applies to an evaluation year (2017..2100). */
export function ruleSetForYear(year: number): RuleSet {
  if (year >= 2026) return RS2026;
  if (year >= 2024) return RS2024;
  if (year >= 2022) return RS2022;
  return RS2017;
}
