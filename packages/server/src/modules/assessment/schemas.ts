import { FAILURE_CODES } from '@kexiao/rules';
/**
 * JSON schemas of the assessment contract, for the OpenAPI document and fast response serialisation.
 * Requests are validated by `validateAssessmentInput` (the contract's validator), never by these.
 */
const bool = (title: string) => ({ type: 'boolean', title });
const money = (title: string) => ({
  title,
  description: '以元为单位的金额，最多两位小数；字符串（推荐）或数字',
  oneOf: [
    { type: 'string', pattern: '^\\d+(\\.\\d{1,2})?$' },
    { type: 'number', minimum: 0 },
  ],
});
const rank = (title: string) => ({ title, type: ['integer', 'null'], minimum: 1 });
const closed = (properties: Record<string, unknown>, title: string) => ({
  type: 'object',
  title,
  additionalProperties: false,
  required: Object.keys(properties),
  properties,
});

const required = closed(
  {
    evaluationYear: { type: 'integer', minimum: 2017, maximum: 2100, title: '评价年度（数据为上一会计年度）' },
    enterprise: closed(
      {
        residentEnterprise: bool('居民企业'),
        auditCollection: bool('企业所得税查账征收'),
        rdExpenseAccounting: bool('能够准确归集研发费用'),
        industryRestricted: bool('属于限制类、淘汰类行业或产品'),
        industryExcluded: bool('属于不适用研发费用加计扣除政策的行业'),
      },
      '企业基本条件',
    ),
    figures: closed(
      {
        totalStaff: { type: 'integer', minimum: 0, title: '职工总数' },
        techStaff: { type: 'integer', minimum: 0, title: '科技人员数（不大于职工总数）' },
        salesRevenue: money('销售收入'),
        totalAssets: money('资产总额'),
        totalCostExpense: money('成本费用支出总额'),
        rdExpense: money('研发费用总额'),
      },
      '上一会计年度数据',
    ),
    intellectualProperty: closed(
      {
        classI: { type: 'integer', minimum: 0, title: 'Ⅰ类知识产权数' },
        classII: { type: 'integer', minimum: 0, title: 'Ⅱ类知识产权数' },
      },
      '知识产权（有效、与主要产品相关、无争议）',
    ),
    compliance: closed(
      {
        majorSafetyAccident: bool('发生重大安全事故'),
        majorQualityAccident: bool('发生重大质量事故'),
        seriousEnvironmentalViolation: bool('发生严重环境违法行为'),
        seriousResearchMisconduct: bool('存在科研严重失信行为'),
        seriousFraud: bool('存在严重弄虚作假行为（2022年起）'),
        abnormalOperationList: bool('列入经营异常名录'),
        seriousViolationList: bool('列入严重违法失信企业名单'),
      },
      '合规情况（上一会计年度至当年）',
    ),
    fastTrack: closed(
      {
        highTechCertificateValid: bool('拥有有效期内高新技术企业证书'),
        nationalAwardRank: rank('近五年国家级科技奖励获奖单位排名（无则 null）'),
        provincialRdInstitution: bool('拥有省部级以上研发机构'),
        standardDraftingRank: rank('近五年主导制定标准的起草单位排名（无则 null）'),
      },
      '直通车条件',
    ),
  },
  '《科技型中小企业信息表》评价输入（AssessmentInput）',
) as { properties: Record<string, unknown> } & Record<string, unknown>;

/** AssessmentInput; `rdBasis` and `history` are optional. */
export const assessmentInputSchema = {
  ...required,
  properties: {
    ...required.properties,
    rdBasis: {
      type: 'string',
      enum: ['salesRevenue', 'costExpense'],
      title: '研发投入指标口径（不填则取得分较高者）',
    },
    history: closed(
      {
        firstTime: bool('首次参加评价'),
        revokedWithin3Years: bool('近3年曾被撤销入库登记编号'),
        seriousViolationWithin3Years: bool('近3年存在严重违法失信行为'),
      },
      '参评历史（平台据记录填写；不提供时相关实地核查情形不触发）',
    ),
  },
};

const FAILURE_CODE_LIST = Object.keys(FAILURE_CODES);

/** AssessmentResult, also used by fast-json-stringify to serialise the reply. */
export const assessmentResultSchema = {
  type: 'object',
  title: '评价结果（AssessmentResult）',
  required: ['ruleSetId', 'eligible', 'route', 'score', 'failures', 'fastTrackMet', 'onSiteCheck'],
  properties: {
    ruleSetId: { type: 'string', enum: ['2017', '2022', '2024', '2026'] },
    eligible: { type: 'boolean' },
    route: { type: ['string', 'null'], enum: ['score', 'fastTrack', null] },
    score: {
      type: 'object',
      required: ['total', 'techStaff', 'rdInput', 'rdBasis', 'ipResults'],
      properties: {
        total: { type: 'integer' },
        techStaff: { type: 'integer' },
        rdInput: { type: 'integer' },
        rdBasis: { type: ['string', 'null'], enum: ['salesRevenue', 'costExpense', null] },
        ipResults: { type: 'integer' },
      },
    },
    failures: {
      type: 'array',
      items: {
        type: 'object',
        required: ['code', 'message'],
        properties: { code: { type: 'string', enum: FAILURE_CODE_LIST }, message: { type: 'string' } },
      },
    },
    fastTrackMet: { type: 'array', items: { type: 'string' } },
    onSiteCheck: { type: 'array', items: { type: 'string' } },
  },
};

export const errorSchema = {
  type: 'object',
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string' },
        message: { type: 'string' },
        fields: {
          type: 'array',
          items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } } },
        },
      },
    },
  },
};
