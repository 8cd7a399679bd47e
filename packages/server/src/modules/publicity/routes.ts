/**
 * HTTP of publicity and announcement: the province's batches (staff), the public pages' data, their xlsx and PDF
 * documents, and open data (JSON and CSV). Public answers are cacheable for a minute.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Actor, RoutePolicy } from '../../platform/access.js';
import type { PdfFonts } from '../../platform/pdf-fonts.js';
import { pagingQuerySchema, type Query } from '../../platform/query.js';
import { limitPublicReads, type TokenBuckets } from '../../platform/token-bucket.js';
import { errorSchema } from '../assessment/schemas.js';
import { pathId } from '../reviews/service.js';
import {
  announcementPdf,
  announcementsCsv,
  announcementWorkbook,
  batchesCsv,
  batchPdf,
  batchWorkbook,
} from './documents.js';
import { ANNOUNCEMENT_NOT_FOUND, BATCH_NOT_FOUND, type PublicityService } from './service.js';

const PROVINCE: RoutePolicy = { access: 'staff', roles: ['provinceAdmin', 'nationalAdmin'] };
const STAFF_TAGS = ['公示与公告'];
const PUBLIC_TAGS = ['公示公告（公开）'];
const OPEN_TAGS = ['开放数据'];
const passThrough = () => (value: unknown) => ({ value });
const anyObject = { type: 'object', additionalProperties: true };
const errors = { 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema, 409: errorSchema };
const idParams = { type: 'object', properties: { id: { type: 'string', title: '编号' } } };
const filingIds = {
  type: 'array',
  title: '参评编号列表',
  items: { type: 'integer' },
  description: '评价工作机构审核通过、且未列入其他公示批次的参评',
};
const provinceYear = {
  province: { type: 'string', title: '省份', description: '省级行政区划代码，如 410000；省级管理员默认本省' },
  year: { type: 'string', title: '评价年度', description: '默认今年' },
};

const publicOf = (why: string) => ({ policy: { access: 'public' as const, why } });

export interface PublicityRouteOptions {
  fonts: () => PdfFonts;
  /** The per-client allowance of public reads (shared with the registry's look-up). */
  publicReads: TokenBuckets;
  /** The public site's address, printed in the documents (PUBLIC_BASE_URL). */
  publicBaseUrl: string;
}

function attachment(reply: FastifyReply, type: string, asciiName: string, name: string) {
  return reply
    .header('Content-Type', type)
    .header('Content-Disposition', `attachment; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(name)}`);
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function publicityRoutes(
  app: FastifyInstance,
  publicity: PublicityService,
  { fonts, publicReads, publicBaseUrl }: PublicityRouteOptions,
): void {
  const limited = limitPublicReads(publicReads);
  const actorOf = (request: { actor: Actor | null }) => request.actor as Actor;
  const batchId = (params: unknown) => pathId((params as { id?: string }).id, BATCH_NOT_FOUND);
  const announcementId = (params: unknown) => pathId((params as { id?: string }).id, ANNOUNCEMENT_NOT_FOUND);
  const query = (request: { query?: unknown }) => (request.query ?? {}) as Query;

  // ── staff ───────────────────────────────────────────────────────────────────────────────────────────────────

  app.get(
    '/api/v1/staff/publicity/candidates',
    {
      config: { policy: PROVINCE },
      validatorCompiler: passThrough,
      schema: {
        tags: STAFF_TAGS,
        summary: '可列入公示的参评（评价工作机构审核通过、需实地核查的已核查、未列入公示批次）',
        querystring: { type: 'object', properties: { ...provinceYear, ...pagingQuerySchema } },
        response: { 200: anyObject, ...errors },
      },
    },
    async (request) => publicity.candidates(actorOf(request), query(request)),
  );

  app.get(
    '/api/v1/staff/publicity/batches',
    {
      config: { policy: PROVINCE },
      validatorCompiler: passThrough,
      schema: {
        tags: STAFF_TAGS,
        summary: '公示批次列表（草稿与已发布）',
        querystring: { type: 'object', properties: { ...provinceYear, ...pagingQuerySchema } },
        response: { 200: anyObject, ...errors },
      },
    },
    async (request) => publicity.listBatches(actorOf(request), query(request)),
  );

  app.post(
    '/api/v1/staff/publicity/batches',
    {
      config: { policy: PROVINCE },
      validatorCompiler: passThrough,
      schema: {
        tags: STAFF_TAGS,
        summary: '组建公示批次（草稿）',
        description: '不给出 filingIds 时列入本省本年度全部可公示的参评。发布前可增删名单。',
        body: {
          type: 'object',
          properties: { ...provinceYear, filingIds, note: { type: 'string', title: '备注' } },
        },
        response: { 201: anyObject, ...errors },
      },
    },
    async (request, reply) => reply.status(201).send(await publicity.createBatch(actorOf(request), request.body)),
  );

  app.get(
    '/api/v1/staff/publicity/batches/:id',
    {
      config: { policy: PROVINCE },
      validatorCompiler: passThrough,
      schema: {
        tags: STAFF_TAGS,
        summary: '公示批次详情与名单（分页）',
        params: idParams,
        querystring: { type: 'object', properties: pagingQuerySchema },
        response: { 200: anyObject, ...errors },
      },
    },
    async (request) => publicity.batch(actorOf(request), batchId(request.params), query(request)),
  );

  const batchAction = (path: string, summary: string, run: (actor: Actor, id: number, body: unknown) => unknown) =>
    app.post(
      `/api/v1/staff/publicity/batches/:id/${path}`,
      {
        config: { policy: PROVINCE },
        validatorCompiler: passThrough,
        schema: {
          tags: STAFF_TAGS,
          summary,
          params: idParams,
          ...(path.startsWith('entries') ? { body: { type: 'object', properties: { filingIds } } } : {}),
          response: { 200: anyObject, ...errors },
        },
      },
      async (request) => run(actorOf(request), batchId(request.params), request.body),
    );

  batchAction('entries', '向草稿批次增加参评', (actor, id, body) => publicity.addEntries(actor, id, body));
  batchAction('entries/remove', '从草稿批次移出参评', (actor, id, body) => publicity.removeEntries(actor, id, body));
  batchAction('discard', '作废草稿批次（名单中的参评可列入其他批次）', (actor, id) => publicity.discard(actor, id));
  batchAction('publish', '发布公示：今日起10个工作日（按节假日安排），编为本省本年度第N批，通知企业', (actor, id) =>
    publicity.publish(actor, id),
  );
  batchAction(
    'announce',
    '公告入库：公示期满后，对无异议或异议不成立的企业赋予入库登记编号并通知企业（异议尚在核实的留待下次公告）',
    (actor, id) => publicity.announce(actor, id),
  );

  // ── public ──────────────────────────────────────────────────────────────────────────────────────────────────

  const cacheable = (reply: FastifyReply) => reply.header('Cache-Control', 'public, max-age=60');

  app.get(
    '/api/v1/public/publicity-batches',
    {
      config: publicOf('公示名单向社会公开'),
      onRequest: limited,
      validatorCompiler: passThrough,
      schema: {
        tags: PUBLIC_TAGS,
        summary: '已发布的公示批次（最新在前）',
        querystring: { type: 'object', properties: { ...provinceYear, ...pagingQuerySchema } },
        response: { 200: anyObject, 400: errorSchema },
      },
    },
    async (request, reply) => {
      cacheable(reply);
      return publicity.publicBatches(query(request));
    },
  );

  app.get(
    '/api/v1/public/publicity-batches/:id',
    {
      config: publicOf('公示名单向社会公开'),
      onRequest: limited,
      validatorCompiler: passThrough,
      schema: {
        tags: PUBLIC_TAGS,
        summary: '一个公示批次：公示期与名单（企业名称、统一社会信用代码、所在地区、评价工作机构）',
        params: idParams,
        querystring: { type: 'object', properties: pagingQuerySchema },
        response: { 200: anyObject, 400: errorSchema, 404: errorSchema },
      },
    },
    async (request, reply) => {
      const batch = await publicity.publicBatch(batchId(request.params), query(request));
      cacheable(reply);
      return batch;
    },
  );

  app.get(
    '/api/v1/public/publicity-batches/:id/list.xlsx',
    {
      config: publicOf('公示名单向社会公开'),
      onRequest: limited,
      validatorCompiler: passThrough,
      schema: { tags: PUBLIC_TAGS, summary: '公示名单（xlsx）', params: idParams },
    },
    async (request, reply) => {
      const doc = await publicity.publicBatchDocument(batchId(request.params));
      cacheable(reply);
      return attachment(reply, XLSX, `publicity-${doc.id}.xlsx`, `${doc.title}.xlsx`).send(batchWorkbook(doc));
    },
  );

  app.get(
    '/api/v1/public/publicity-batches/:id/document.pdf',
    {
      config: publicOf('公示文件向社会公开'),
      onRequest: limited,
      validatorCompiler: passThrough,
      schema: { tags: PUBLIC_TAGS, summary: '公示文件（PDF）', params: idParams },
    },
    async (request, reply) => {
      const doc = await publicity.publicBatchDocument(batchId(request.params));
      const pdf = await batchPdf(doc, fonts(), `${publicBaseUrl}/publicity/${doc.id}`);
      cacheable(reply);
      return attachment(reply, 'application/pdf', `publicity-${doc.id}.pdf`, `${doc.title}.pdf`).send(pdf);
    },
  );

  app.get(
    '/api/v1/public/announcements',
    {
      config: publicOf('入库公告向社会公开'),
      onRequest: limited,
      validatorCompiler: passThrough,
      schema: {
        tags: PUBLIC_TAGS,
        summary: '入库公告（最新在前）',
        querystring: { type: 'object', properties: { ...provinceYear, ...pagingQuerySchema } },
        response: { 200: anyObject, 400: errorSchema },
      },
    },
    async (request, reply) => {
      cacheable(reply);
      return publicity.publicAnnouncements(query(request));
    },
  );

  app.get(
    '/api/v1/public/announcements/:id',
    {
      config: publicOf('入库公告向社会公开'),
      onRequest: limited,
      validatorCompiler: passThrough,
      schema: {
        tags: PUBLIC_TAGS,
        summary: '一个入库公告：入库企业与入库登记编号',
        params: idParams,
        response: { 200: anyObject, 404: errorSchema },
      },
    },
    async (request, reply) => {
      const doc = await publicity.publicAnnouncement(announcementId(request.params));
      cacheable(reply);
      return doc;
    },
  );

  app.get(
    '/api/v1/public/announcements/:id/list.xlsx',
    {
      config: publicOf('入库公告向社会公开'),
      onRequest: limited,
      validatorCompiler: passThrough,
      schema: { tags: PUBLIC_TAGS, summary: '入库名单（xlsx）', params: idParams },
    },
    async (request, reply) => {
      const doc = await publicity.publicAnnouncement(announcementId(request.params));
      cacheable(reply);
      return attachment(reply, XLSX, `announcement-${doc.id}.xlsx`, `${doc.title}.xlsx`).send(
        announcementWorkbook(doc),
      );
    },
  );

  app.get(
    '/api/v1/public/announcements/:id/document.pdf',
    {
      config: publicOf('入库公告向社会公开'),
      onRequest: limited,
      validatorCompiler: passThrough,
      schema: { tags: PUBLIC_TAGS, summary: '入库公告（PDF）', params: idParams },
    },
    async (request, reply) => {
      const doc = await publicity.publicAnnouncement(announcementId(request.params));
      const pdf = await announcementPdf(doc, fonts(), `${publicBaseUrl}/announcements/${doc.id}`);
      cacheable(reply);
      return attachment(reply, 'application/pdf', `announcement-${doc.id}.pdf`, `${doc.title}.pdf`).send(pdf);
    },
  );

  // ── open data ───────────────────────────────────────────────────────────────────────────────────────────────

  const openQuery = {
    type: 'object',
    required: ['province', 'year'],
    properties: {
      province: { type: 'string', title: '省份', description: '省级行政区划代码，如 410000' },
      year: { type: 'string', title: '评价年度' },
    },
  };

  for (const format of ['json', 'csv'] as const) {
    app.get(
      `/api/v1/open-data/publicity-batches.${format}`,
      {
        config: publicOf('开放数据：公示名单'),
        onRequest: limited,
        validatorCompiler: passThrough,
        schema: {
          tags: OPEN_TAGS,
          summary: `一个省份一个年度的全部公示批次与名单（${format.toUpperCase()}）`,
          description:
            '字段：公示批次（标题）、发布日期、公示截止日期（含）、序号、企业名称、统一社会信用代码、所在地区、评价工作机构、状态（公示中、待公告、已公告入库、不予入库）。不含任何个人信息。',
          querystring: openQuery,
        },
      },
      async (request, reply) => {
        const data = await publicity.openBatches(query(request));
        cacheable(reply);
        if (format === 'json') return data;
        return attachment(
          reply,
          'text/csv; charset=utf-8',
          `publicity-${data.province}-${data.evaluationYear}.csv`,
          `公示名单-${data.province}-${data.evaluationYear}.csv`,
        ).send(batchesCsv(data));
      },
    );

    app.get(
      `/api/v1/open-data/announcements.${format}`,
      {
        config: publicOf('开放数据：入库公告'),
        onRequest: limited,
        validatorCompiler: passThrough,
        schema: {
          tags: OPEN_TAGS,
          summary: `一个省份一个年度的全部入库公告与入库登记编号（${format.toUpperCase()}）`,
          description:
            '字段：入库公告（标题）、公告日期、公示批次、入库登记编号、企业名称、统一社会信用代码、所在地区、评价工作机构、状态（有效、已撤销）。不含任何个人信息。',
          querystring: openQuery,
        },
      },
      async (request, reply) => {
        const data = await publicity.openAnnouncements(query(request));
        cacheable(reply);
        if (format === 'json') return data;
        return attachment(
          reply,
          'text/csv; charset=utf-8',
          `announcements-${data.province}-${data.evaluationYear}.csv`,
          `入库公告-${data.province}-${data.evaluationYear}.csv`,
        ).send(announcementsCsv(data));
      },
    );
  }
}
