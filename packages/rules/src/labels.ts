/** Chinese labels for codes and fields (user-facing text stays Chinese; identifiers English). */
import type { FailureCode, FastTrackItem, OnSiteTrigger } from './types.js';

/** Failure codes in contract order, with a short Chinese label each. */
export const FAILURE_CODES: Readonly<Record<FailureCode, string>> = {
  not_resident: '非居民企业',
  not_audit_collection: '未实行查账征收',
  no_rd_accounting: '不能准确归集研发费用',
  staff_over_limit: '职工总数超过500人',
  revenue_over_limit: '年销售收入超过2亿元',
  assets_over_limit: '资产总额超过2亿元',
  industry_restricted: '属于限制类、淘汰类行业或产品',
  industry_excluded: '属于不适用研发费用加计扣除政策的行业',
  compliance: '存在重大事故、严重违法失信等情形',
  score_below_60: '综合评价得分低于60分',
  tech_staff_score_zero: '科技人员指标得分为0分',
};

export const FAST_TRACK_LABELS: Readonly<Record<FastTrackItem, string>> = {
  highTechCertificate: '拥有有效期内高新技术企业资格证书',
  nationalAward: '近五年内获得国家级科技奖励，并在获奖单位中排名前三',
  provincialRdInstitution: '拥有经认定的省部级以上研发机构',
  standardDrafting: '近五年内主导制定国际标准、国家标准或行业标准',
};

export const ON_SITE_LABELS: Readonly<Record<OnSiteTrigger, string>> = {
  staffAtMost5: '职工总数5人及以下',
  techRatioAtLeast90With50Staff: '职工总数50人及以上且科技人员占比90%及以上',
  revokedOrViolationWithin3Years: '近3年曾被撤销入库登记编号或存在严重违法失信行为',
  firstTime: '首次参加评价',
  noIntellectualProperty: '无Ⅰ类、Ⅱ类知识产权',
  rdExpenseUnder100k: '研发费用总额低于10万元',
};

/** Field path → Chinese name, used in every input error message. */
export const FIELD_LABELS: Readonly<Record<string, string>> = {
  evaluationYear: '评价年度',
  enterprise: '企业基本条件',
  'enterprise.residentEnterprise': '居民企业',
  'enterprise.auditCollection': '企业所得税查账征收',
  'enterprise.rdExpenseAccounting': '能够准确归集研发费用',
  'enterprise.industryRestricted': '属于限制类、淘汰类行业或产品',
  'enterprise.industryExcluded': '属于不适用研发费用加计扣除政策的行业',
  figures: '上一会计年度数据',
  'figures.totalStaff': '职工总数',
  'figures.techStaff': '科技人员数',
  'figures.salesRevenue': '销售收入',
  'figures.totalAssets': '资产总额',
  'figures.totalCostExpense': '成本费用支出总额',
  'figures.rdExpense': '研发费用总额',
  intellectualProperty: '知识产权',
  'intellectualProperty.classI': 'Ⅰ类知识产权数',
  'intellectualProperty.classII': 'Ⅱ类知识产权数',
  compliance: '合规情况',
  'compliance.majorSafetyAccident': '发生重大安全事故',
  'compliance.majorQualityAccident': '发生重大质量事故',
  'compliance.seriousEnvironmentalViolation': '发生严重环境违法行为',
  'compliance.seriousResearchMisconduct': '存在科研严重失信行为',
  'compliance.seriousFraud': '存在严重弄虚作假行为',
  'compliance.abnormalOperationList': '列入经营异常名录',
  'compliance.seriousViolationList': '列入严重违法失信企业名单',
  fastTrack: '直通车条件',
  'fastTrack.highTechCertificateValid': '拥有有效期内高新技术企业证书',
  'fastTrack.nationalAwardRank': '国家级科技奖励获奖单位排名',
  'fastTrack.provincialRdInstitution': '拥有省部级以上研发机构',
  'fastTrack.standardDraftingRank': '主导制定标准的起草单位排名',
  rdBasis: '研发投入指标口径',
  history: '参评历史',
  'history.firstTime': '首次参加评价',
  'history.revokedWithin3Years': '近3年曾被撤销入库登记编号',
  'history.seriousViolationWithin3Years': '近3年存在严重违法失信行为',
};

/** The compliance flags in the order they are reported. */
export const COMPLIANCE_FLAGS = [
  'majorSafetyAccident',
  'majorQualityAccident',
  'seriousEnvironmentalViolation',
  'seriousResearchMisconduct',
  'seriousFraud',
  'abnormalOperationList',
  'seriousViolationList',
] as const;

export const COMPLIANCE_EVENT_TEXT: Readonly<Record<(typeof COMPLIANCE_FLAGS)[number], string>> = {
  majorSafetyAccident: '发生重大安全事故',
  majorQualityAccident: '发生重大质量事故',
  seriousEnvironmentalViolation: '发生严重环境违法行为',
  seriousResearchMisconduct: '存在科研严重失信行为',
  seriousFraud: '存在严重弄虚作假行为',
  abnormalOperationList: '列入经营异常名录',
  seriousViolationList: '列入严重违法失信企业名单',
};
