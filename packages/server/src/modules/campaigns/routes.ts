/**
 * HTTP of 年度评价工作 (campaigns): administrators configure them under /api/v1/staff/campaigns; anyone may read
 * the schedule (window, deadlines, rule set, on-site triggers) at /api/v1/campaigns.
 */
import { ON_SITE_LABELS } from '@kexiao/rules';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { StaffRole } from '../../db/schema.js';
import type { Actor } from '../../platform/access.js';
import { type FieldProblem, invalidInput } from '../../platform/errors.js';
import { intParam, type Query, textParam } from '../../platform/query.js';
import { errorSchema } from '../assessment/schemas.js';
import { BATCH_CADENCE_LABELS, type CampaignFilters, type CampaignService, MAX_YEAR, MIN_YEAR } from './service.js';

const ADMINS: StaffRole[] = ['nationalAdmin', 'provinceAdmin'];
const TAG = '年度评价工作';
const passThrough = () => (value: unknown) => ({ value });
const actorOf = (request: FastifyRequest) => request.actor as Actor;
const idOf = (request: FastifyRequest) => {
  const raw = String((request.params as { id?: string }).id ?? '');
  return /^\d{1,15}$/.test(raw) ? Number(raw) : -1;
};

/** ?province=410000&year=2025, both optional, checked by hand (Chinese messages naming the parameter). */
function filtersOf(request: FastifyRequest): CampaignFilters {
  const query = (request.query ?? {}) as Query;
  const problems: FieldProblem[] = [];
  const province = textParam(query, 'province', '省份', problems, 6);
  if (province !== undefined && !/^\d{2}0000$/.test(province)) {
    problems.push({ path: 'province', message: '省份：须为省级行政区划代码（如 410000）' });
  }
  const year = intParam(query, 'year', '评价年度', problems, { min: MIN_YEAR, max: MAX_YEAR, fallback: 0 });
  if (problems.length > 0) throw invalidInput(problems);
  return { ...(province === undefined ? {} : { province }), ...(year === 0 ? {} : { year }) };
}

const filtersQuery = {
  type: 'object',
  properties: {
    province: { type: 'string', title: '省份代码（如 410000）' },
    year: { type: 'string', title: `评价年度（${MIN_YEAR}–${MAX_YEAR}）` },
  },
};

const date = (title: string) => ({ type: 'string', format: 'date', title });
const triggerCodes = Object.keys(ON_SITE_LABELS);
const cadences = Object.keys(BATCH_CADENCE_LABELS);

const campaignBody = {
  type: 'object',
  properties: {
    provinceCode: { type: 'string', title: '省份代码（省级管理员可省略：本省）' },
    evaluationYear: { type: 'integer', title: `评价年度（${MIN_YEAR}–${MAX_YEAR}）` },
    windowOpensOn: date('填报开始日期（含当日，北京时间），须在评价年度内'),
    windowClosesOn: date('填报截止日期（含当日），不早于开始日期，须在评价年度内'),
    reviewWorkingDays: { type: 'integer', title: '评价工作机构审核时限（工作日，1–30，默认 5）' },
    publicityDeadline: date('公示截止日期（省级最后一批公示发布），不早于填报截止日期'),
    batchCadence: {
      type: 'string',
      enum: cadences,
      title: `公示批次频率（${Object.entries(BATCH_CADENCE_LABELS)
        .map(([code, label]) => `${code} ${label}`)
        .join('；')}）`,
    },
    extraOnSiteTriggers: {
      type: 'array',
      items: { type: 'string', enum: triggerCodes },
      title: '本省增加的实地核查情形（不含评价年度规则已规定的情形；规则规定的情形不能删减）',
    },
    note: { type: ['string', 'null'], title: '备注' },
  },
};

const triggerSchema = {
  type: 'object',
  properties: {
    code: { type: 'string', enum: triggerCodes },
    label: { type: 'string' },
    source: { type: 'string', enum: ['ruleSet', 'province'], title: 'ruleSet 国家规定；province 本省增加' },
  },
};

const publicCampaignSchema = {
  type: 'object',
  properties: {
    provinceCode: { type: 'string' },
    provinceName: { type: 'string' },
    evaluationYear: { type: 'integer' },
    ruleSetId: { type: 'string' },
    ruleSetTitle: { type: 'string' },
    ruleSetProvisional: { type: 'boolean', title: '规则暂定（仅有二手来源）' },
    windowOpensOn: { type: 'string', format: 'date' },
    windowClosesOn: { type: 'string', format: 'date' },
    reviewWorkingDays: { type: 'integer' },
    publicityDeadline: { type: 'string', format: 'date' },
    batchCadence: { type: 'string', enum: cadences },
    batchCadenceLabel: { type: 'string' },
    extraOnSiteTriggers: { type: 'array', items: { type: 'string' } },
    onSiteTriggers: {
      type: 'array',
      items: triggerSchema,
      title: '生效的实地核查情形：国家规定的在前，本省增加的在后',
    },
  },
};

export function campaignRoutes(app: FastifyInstance, campaigns: CampaignService): void {
  const policy = { access: 'staff', roles: ADMINS } as const;

  app.get(
    '/api/v1/campaigns',
    {
      config: { policy: { access: 'public', why: '各省评价工作时间安排公开' } },
      validatorCompiler: passThrough,
      schema: {
        tags: [TAG],
        summary: '各省年度评价工作的时间安排：填报时间、审核时限、公示截止日期、评价规则与实地核查情形',
        querystring: filtersQuery,
        response: {
          200: { type: 'object', properties: { campaigns: { type: 'array', items: publicCampaignSchema } } },
          400: errorSchema,
        },
      },
    },
    async (request) => ({ campaigns: await campaigns.publicList(filtersOf(request)) }),
  );

  app.get(
    '/api/v1/staff/campaigns',
    {
      config: { policy },
      validatorCompiler: passThrough,
      schema: {
        tags: [TAG],
        summary: '年度评价工作列表（省级管理员：本省；全国管理员：全部或指定省份）',
        querystring: filtersQuery,
        response: { 400: errorSchema, 403: errorSchema },
      },
    },
    async (request) => ({ campaigns: await campaigns.list(actorOf(request), filtersOf(request)) }),
  );

  app.post(
    '/api/v1/staff/campaigns',
    {
      config: { policy },
      validatorCompiler: passThrough,
      schema: {
        tags: [TAG],
        summary: '新建年度评价工作（每个省份每个年度一项）',
        description: '评价规则随评价年度确定；实地核查情形为规则规定的情形加上本省增加的情形。',
        body: campaignBody,
      },
    },
    async (request, reply) => reply.status(201).send(await campaigns.create(actorOf(request), request.body)),
  );

  app.get(
    '/api/v1/staff/campaigns/:id',
    {
      config: { policy },
      schema: { tags: [TAG], summary: '年度评价工作详情', response: { 404: errorSchema } },
    },
    async (request) => campaigns.get(actorOf(request), idOf(request)),
  );

  app.put(
    '/api/v1/staff/campaigns/:id',
    {
      config: { policy },
      validatorCompiler: passThrough,
      schema: {
        tags: [TAG],
        summary: '修改年度评价工作（未给出的字段保持不变）',
        description:
          '填报开放后不能修改省份、评价年度和填报开始日期；填报截止日期、审核时限和公示截止日期只能延后（延长）。',
        body: campaignBody,
        response: { 400: errorSchema, 403: errorSchema, 404: errorSchema, 409: errorSchema },
      },
    },
    async (request) => campaigns.update(actorOf(request), idOf(request), request.body),
  );
}
