/** HTTP of the agency review and the province's view (see service.ts). */
import type { FastifyInstance } from 'fastify';
import type { Actor, RoutePolicy } from '../../platform/access.js';
import { pagingQuerySchema, type Query } from '../../platform/query.js';
import { readMultipart, sendUploadedFile } from '../../platform/uploads.js';
import { errorSchema } from '../assessment/schemas.js';
import { ACTIONS, type FilingAction } from '../filings/lifecycle.js';
import { ON_SITE_FILES, ON_SITE_MAX_FILES, pathId, REVIEW_ITEMS, type ReviewService } from './service.js';

const passThrough = () => (value: unknown) => ({ value });

const ALL_STAFF: RoutePolicy = {
  access: 'staff',
  roles: ['agencyReviewer', 'agencyHead', 'provinceAdmin', 'nationalAdmin'],
};
const REVIEWERS: RoutePolicy = { access: 'staff', roles: ['agencyReviewer', 'agencyHead'] };
const PROVINCE: RoutePolicy = { access: 'staff', roles: ['provinceAdmin', 'nationalAdmin'] };

const TAGS = ['审核'];

const queueFilters = {
  status: {
    type: 'string',
    title: '状态',
    description: 'submitted、reviewing、returned、passed、rejected，可多选（逗号分隔或重复参数）；默认全部（不含草稿）',
  },
  evaluationYear: { type: 'string', title: '评价年度' },
  agencyId: { type: 'string', title: '评价工作机构', description: '省级、全国管理员按机构筛选' },
  due: {
    type: 'string',
    title: '审核期限',
    description: 'overdue 已超期、today 今日到期、within3 3个工作日内到期（仅待审核、审核中）',
  },
  hasWarnings: { type: 'string', title: '有预警', description: 'true 或 false' },
  onSiteRequired: { type: 'string', title: '需实地核查', description: 'true 或 false' },
  q: { type: 'string', title: '企业名称或统一社会信用代码', description: '名称包含，或代码开头' },
  claimedByMe: { type: 'string', title: '我审核中的', description: 'true：仅本人已开始审核的' },
  sort: {
    type: 'string',
    title: '排序',
    description: 'due（审核期限，默认，空值在后）、submittedAt、enterpriseName；前加“-”为倒序',
  },
} as const;

const person = {
  type: ['object', 'null'],
  properties: { id: { type: 'integer' }, name: { type: ['string', 'null'] } },
};

const queueItem = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    evaluationYear: { type: 'integer' },
    enterprise: {
      type: 'object',
      properties: {
        id: { type: 'integer' },
        name: { type: 'string' },
        uscc: { type: 'string' },
        regionCode: { type: 'string' },
        regionName: { type: ['string', 'null'] },
      },
    },
    agency: { type: ['object', 'null'], properties: { id: { type: 'integer' }, name: { type: 'string' } } },
    status: { type: 'string' },
    statusLabel: { type: 'string' },
    versionNo: { type: 'integer' },
    reviewRound: { type: 'integer' },
    submittedAt: { type: ['string', 'null'] },
    reviewDueOn: { type: ['string', 'null'] },
    provisional: { type: 'boolean', description: '期限所在年度的节假日安排尚未公布，暂按周末计算' },
    workingDaysLeft: { type: ['integer', 'null'], description: '距审核期限的工作日数（0 为今日到期，负数为已超期）' },
    overdue: { type: 'boolean' },
    warningCount: { type: 'integer' },
    onSiteRequired: { type: 'boolean' },
    claimedBy: person,
  },
};

const idParams = {
  type: 'object',
  properties: {
    id: { type: 'string', title: '参评编号' },
    no: { type: 'string', title: '版本号' },
    evidenceId: { type: 'string', title: '材料编号' },
    sha256: { type: 'string', title: '附件 SHA-256' },
  },
};

/** The detail is a rich document; documented by its main fields. */
const detailView = {
  type: 'object',
  additionalProperties: true,
  properties: {
    id: { type: 'integer' },
    status: { type: 'string' },
    statusLabel: { type: 'string' },
    versionNo: { type: 'integer' },
    reviewRound: { type: 'integer' },
    reviewDueOn: { type: ['string', 'null'] },
    workingDaysLeft: { type: ['integer', 'null'] },
    overdue: { type: 'boolean' },
    claimedBy: person,
    enterprise: { type: ['object', 'null'], additionalProperties: true },
    agency: { type: ['object', 'null'], additionalProperties: true },
    version: {
      type: ['object', 'null'],
      additionalProperties: true,
      description: '当前提交版本：信息表、自评结果、预警、实地核查触发条件、证明材料',
    },
    onSiteCheck: { type: ['object', 'null'], additionalProperties: true, description: '本轮实地核查' },
    reviews: { type: 'array', items: { type: 'object', additionalProperties: true } },
    timeline: { type: 'array', items: { type: 'object', additionalProperties: true } },
    allowedActions: { type: 'array', items: { type: 'string', enum: Object.keys(ACTIONS) } },
    diff: { type: ['object', 'null'], additionalProperties: true, description: '与上一版本相比的变化' },
  },
};

const stateErrors = { 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema, 409: errorSchema };

const item = { type: 'object', properties: { ok: { type: 'boolean' }, reason: { type: 'string' } } };

export function reviewRoutes(app: FastifyInstance, reviews: ReviewService): void {
  const actorOf = (request: { actor: Actor | null }) => request.actor as Actor;
  const idOf = (params: unknown) => pathId((params as { id?: string }).id);

  app.get(
    '/api/v1/staff/filings',
    {
      config: { policy: ALL_STAFF },
      validatorCompiler: passThrough,
      schema: {
        tags: TAGS,
        summary: '审核工作台：管辖范围内已提交的信息表',
        description:
          '评价工作机构人员：本机构；省级管理员：本省；全国管理员：全部。默认按审核期限排序（最近到期在前）。' +
          `total 精确计数至 1000 条，超过时 totalExact 为 false。每页最多 100 条。`,
        querystring: {
          type: 'object',
          properties: {
            ...queueFilters,
            ...pagingQuerySchema,
            pageSize: { type: 'string', title: '每页条数', description: '1–100，默认 20' },
          },
        },
        response: {
          200: {
            type: 'object',
            properties: {
              items: { type: 'array', items: queueItem },
              total: { type: 'integer' },
              totalExact: { type: 'boolean' },
              page: { type: 'integer' },
              pageSize: { type: 'integer' },
              today: { type: 'string' },
            },
          },
          400: errorSchema,
          401: errorSchema,
          403: errorSchema,
        },
      },
    },
    async (request) => reviews.queue(actorOf(request), (request.query ?? {}) as Query),
  );

  app.get(
    '/api/v1/staff/filings.xlsx',
    {
      config: { policy: ALL_STAFF },
      validatorCompiler: passThrough,
      schema: {
        tags: TAGS,
        summary: '导出审核清单（xlsx，筛选条件同审核工作台，最多 100000 条）',
        description: '不含手机号码、身份证号码等个人信息。',
        querystring: { type: 'object', properties: queueFilters },
      },
    },
    async (request, reply) => {
      const { stream, filename } = await reviews.exportXlsx(actorOf(request), (request.query ?? {}) as Query);
      return reply
        .header('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header(
          'Content-Disposition',
          `attachment; filename="filings.xlsx"; filename*=UTF-8''${encodeURIComponent(filename)}`,
        )
        .header('Cache-Control', 'no-store')
        .send(stream);
    },
  );

  app.get(
    '/api/v1/staff/filings/:id',
    {
      config: { policy: ALL_STAFF },
      schema: {
        tags: TAGS,
        summary: '信息表审核详情',
        description:
          '当前提交版本、本轮实地核查、历次审核结论、办理记录、当前可进行的操作（allowedActions）以及与上一版本的差异。',
        params: idParams,
        response: { 200: detailView, 401: errorSchema, 403: errorSchema, 404: errorSchema },
      },
    },
    async (request) => reviews.detail(actorOf(request), idOf(request.params)),
  );

  app.get(
    '/api/v1/staff/filings/:id/versions/:no',
    {
      config: { policy: ALL_STAFF },
      schema: {
        tags: TAGS,
        summary: '信息表的某一提交版本',
        params: idParams,
        response: {
          200: { type: 'object', additionalProperties: true },
          401: errorSchema,
          403: errorSchema,
          404: errorSchema,
        },
      },
    },
    async (request) =>
      reviews.version(
        actorOf(request),
        idOf(request.params),
        pathId((request.params as { no?: string }).no, '该信息表没有这一版本'),
      ),
  );

  app.get(
    '/api/v1/staff/filings/:id/evidence/:evidenceId',
    {
      config: { policy: ALL_STAFF },
      schema: { tags: TAGS, summary: '查看证明材料（按存储的文件类型内嵌显示）', params: idParams },
    },
    async (request, reply) =>
      sendUploadedFile(
        reply,
        await reviews.evidenceFile(
          actorOf(request),
          idOf(request.params),
          pathId((request.params as { evidenceId?: string }).evidenceId, '未找到该证明材料'),
        ),
      ),
  );

  app.get(
    '/api/v1/staff/filings/:id/on-site-files/:sha256',
    {
      config: { policy: ALL_STAFF },
      schema: { tags: TAGS, summary: '查看实地核查附件（照片或核查记录）', params: idParams },
    },
    async (request, reply) =>
      sendUploadedFile(
        reply,
        await reviews.onSiteFile(actorOf(request), idOf(request.params), (request.params as { sha256: string }).sha256),
      ),
  );

  const transition = (path: string, action: FilingAction, run: (actor: Actor, id: number) => Promise<unknown>) =>
    app.post(
      `/api/v1/staff/filings/:id/${path}`,
      {
        config: { policy: REVIEWERS },
        schema: {
          tags: TAGS,
          summary: `${ACTIONS[action].label}`,
          description:
            action === 'claim'
              ? '待审核 → 审核中，由本人审核；他人已开始审核的返回 409。'
              : '审核中 → 待审核：本人，或本机构负责人放回他人正在审核的信息表。',
          params: idParams,
          response: { 200: detailView, ...stateErrors },
        },
      },
      async (request) => run(actorOf(request), idOf(request.params)),
    );
  transition('claim', 'claim', (actor, id) => reviews.claim(actor, id));
  transition('release', 'release', (actor, id) => reviews.release(actor, id));

  app.post(
    '/api/v1/staff/filings/:id/on-site',
    {
      config: { policy: REVIEWERS },
      schema: {
        tags: TAGS,
        summary: '登记实地核查（multipart/form-data；本轮已登记的将被替换）',
        description:
          'checkedOn 核查日期（YYYY-MM-DD，不晚于今天、不早于提交日期），inspectors 核查人员，findings 核查情况' +
          `（不超过2000字），conclusion pass|fail；附件 file1…file${ON_SITE_MAX_FILES}（现场照片 JPG/PNG、核查记录 PDF，` +
          '各不超过10MB，按内容识别类型）；keepFiles=true 保留本轮已上传的附件。仅开始审核的本人、审核中可登记。',
        params: idParams,
        response: { 200: detailView, ...stateErrors, 413: errorSchema, 415: errorSchema },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const id = idOf(request.params);
      await reviews.assertMayRecordOnSite(actor, id);
      const form = await readMultipart(request, ON_SITE_FILES);
      return reviews.recordOnSite(actor, id, form);
    },
  );

  app.post(
    '/api/v1/staff/filings/:id/decision',
    {
      config: { policy: REVIEWERS },
      validatorCompiler: passThrough,
      schema: {
        tags: TAGS,
        summary: '审核结论：审核通过、退回补正或不予通过（《科技型中小企业信息审核表》）',
        description:
          `items 四项：${Object.entries(REVIEW_ITEMS)
            .map(([k, v]) => `${k}（${v}）`)
            .join('、')}，各 { ok, reason }。` +
          '审核通过须四项均为是，需实地核查的须已登记核查通过；退回补正须至少一项为否，且每项为否的写明原因（至少2个字）；' +
          '不予通过须选择不符合的第六条基本条件（unmetConditions）并填写审核意见（comment）。',
        params: idParams,
        body: {
          type: 'object',
          properties: {
            decision: { type: 'string', enum: ['pass', 'return', 'reject'] },
            items: {
              type: 'object',
              properties: { firstPageSealed: item, complete: item, consistent: item, other: item },
            },
            unmetConditions: { type: 'array', items: { type: 'string' } },
            comment: { type: 'string' },
          },
        },
        response: { 200: detailView, ...stateErrors },
      },
    },
    async (request) => reviews.decide(actorOf(request), idOf(request.params), request.body),
  );

  app.post(
    '/api/v1/staff/filings/:id/send-back',
    {
      config: { policy: PROVINCE },
      validatorCompiler: passThrough,
      schema: {
        tags: TAGS,
        summary: '退回评价工作机构重新审核（省级管理员；审核通过 → 待审核，重新计算审核期限）',
        params: idParams,
        body: { type: 'object', properties: { reason: { type: 'string', title: '退回原因' } } },
        response: { 200: detailView, ...stateErrors },
      },
    },
    async (request) => reviews.sendBack(actorOf(request), idOf(request.params), request.body),
  );

  const progressQuery = {
    type: 'object',
    properties: {
      year: { type: 'string', title: '评价年度', description: '默认今年' },
      province: { type: 'string', title: '省份', description: '省级行政区划代码；全国管理员必填' },
    },
  } as const;

  app.get(
    '/api/v1/staff/filing-progress',
    {
      config: { policy: PROVINCE },
      validatorCompiler: passThrough,
      schema: {
        tags: TAGS,
        summary: '审核进度：本省各评价工作机构的信息表状态、超期数与平均审核用时',
        querystring: progressQuery,
        response: {
          200: { type: 'object', additionalProperties: true },
          400: errorSchema,
          401: errorSchema,
          403: errorSchema,
          404: errorSchema,
        },
      },
    },
    async (request) => reviews.progress(actorOf(request), (request.query ?? {}) as Query),
  );

  app.get(
    '/api/v1/staff/filing-progress.xlsx',
    {
      config: { policy: PROVINCE },
      validatorCompiler: passThrough,
      schema: {
        tags: TAGS,
        summary: '导出审核进度（xlsx，参数同审核进度）：各评价工作机构一行，另有合计行',
        querystring: progressQuery,
        response: { 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema },
      },
    },
    async (request, reply) => {
      const { stream, filename } = await reviews.exportProgressXlsx(actorOf(request), (request.query ?? {}) as Query);
      return reply
        .header('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header(
          'Content-Disposition',
          `attachment; filename="filing-progress.xlsx"; filename*=UTF-8''${encodeURIComponent(filename)}`,
        )
        .header('Cache-Control', 'no-store')
        .send(stream);
    },
  );
}
