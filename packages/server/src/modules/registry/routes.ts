/**
 * HTTP of the registry: the public look-up (入库查询) by number and the search, open data (JSON, CSV), and the
 * enterprise's 入库登记证明 (PDF) with its registration number.
 *
 * Public reads are limited per client by an in-process token bucket (platform/token-bucket.ts explains why not the
 * database), answer with `Cache-Control: public, max-age=60` and an ETag (304 on If-None-Match), and are never
 * cached on the server: a revocation shows on the next request, and within a minute behind any cache.
 */
import { hash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Actor, RoutePolicy } from '../../platform/access.js';
import type { Query } from '../../platform/query.js';
import { limitPublicReads, type TokenBuckets } from '../../platform/token-bucket.js';
import { csvLine } from '../../platform/csv.js';
import { errorSchema } from '../assessment/schemas.js';
import {
  MAX_PAGE_SIZE,
  MAX_YEAR,
  MIN_YEAR,
  OPEN_DATA_FIELDS,
  openDataRecord,
  type ProofFacts,
  type RegistryService,
  STATUS_LABELS,
} from './service.js';

const PUBLIC_LOOKUP: RoutePolicy = {
  access: 'public',
  why: '入库登记编号依规定向社会公开，任何人可查询核验（只含公告信息，不含个人信息）',
};
const OPEN_DATA: RoutePolicy = {
  access: 'public',
  why: '入库登记名单作为政府开放数据公开（只含公告信息，不含个人信息）',
};
const ENTERPRISE: RoutePolicy = { access: 'signedIn', kinds: ['legalPerson', 'person'] };
const TAG = '入库查询';
export const PUBLIC_CACHE_CONTROL = 'public, max-age=60';

export type ProofRenderer = (facts: ProofFacts) => Promise<Buffer>;

const registrationSchema = {
  type: 'object',
  properties: {
    registrationNo: { type: 'string', title: '入库登记编号' },
    evaluationYear: { type: 'integer', title: '评价年度' },
    provinceCode: { type: 'string', title: '省份代码' },
    provinceName: { type: 'string', title: '省份（发布入库公告的省级主管部门所在省份）' },
    enterpriseName: { type: 'string', title: '企业名称（公告时）' },
    currentName: { type: ['string', 'null'], title: '现企业名称（更名后；未更名为 null）' },
    uscc: { type: 'string', title: '统一社会信用代码' },
    regionCode: { type: 'string', title: '所在地区代码' },
    regionName: { type: 'string', title: '所在地区' },
    status: { type: 'string', enum: Object.keys(STATUS_LABELS), title: 'valid 有效；revoked 已撤销' },
    statusLabel: { type: 'string', title: '状态（中文）' },
    revokedOn: { type: ['string', 'null'], format: 'date', title: '撤销日期（北京时间）' },
    announcement: {
      type: 'object',
      title: '赋予编号的入库公告',
      properties: {
        id: { type: 'integer' },
        title: { type: 'string', title: '如 2025年第1号入库公告' },
        announcedOn: { type: 'string', format: 'date', title: '公告日期' },
      },
    },
    url: { type: 'string', title: '该编号的公开查询页面（入库登记证明上的二维码指向此处）' },
  },
};

/** Send JSON text with the public cache headers and its ETag; 304 when the client already has it. */
function sendCached(request: FastifyRequest, reply: FastifyReply, body: unknown) {
  const text = JSON.stringify(body);
  const etag = `"${hash('sha1', text, 'base64url')}"`;
  reply.header('Cache-Control', PUBLIC_CACHE_CONTROL).header('ETag', etag).header('Vary', 'Accept-Encoding');
  const match = request.headers['if-none-match'];
  if (match !== undefined && match.split(',').some((t) => t.trim().replace(/^W\//, '') === etag)) {
    return reply.status(304).send();
  }
  return reply.type('application/json; charset=utf-8').send(text);
}

const fieldDescriptions = OPEN_DATA_FIELDS.map(
  ([field, header, meaning]) => `- \`${field}\`（${header}）：${meaning}`,
).join('\n');

const openDataQuery = {
  type: 'object',
  properties: {
    year: { type: 'string', title: `评价年度（必填，${MIN_YEAR}–${MAX_YEAR}）` },
    province: { type: 'string', title: '省份代码（如 410000；不填为全部省份）' },
  },
};

export function registryRoutes(
  app: FastifyInstance,
  registry: RegistryService,
  buckets: TokenBuckets,
  renderProof: ProofRenderer,
): void {
  const limited = limitPublicReads(buckets);

  app.get(
    '/api/v1/public/registrations',
    {
      config: { policy: PUBLIC_LOOKUP },
      onRequest: limited,
      schema: {
        tags: [TAG],
        summary: '入库查询：按入库登记编号、统一社会信用代码或企业名称查询',
        description:
          'q 为字母、数字（及“-”）时按入库登记编号或统一社会信用代码精确查询（信用代码不区分大小写）；含汉字时按企业名称' +
          `（公告时的名称或现名称）的一部分查询，至少2个字。按评价年度从新到旧，每页至多${MAX_PAGE_SIZE}条。` +
          '只返回公告信息，不含任何个人信息。响应可缓存60秒（ETag）。',
        querystring: {
          type: 'object',
          properties: {
            q: { type: 'string', title: '入库登记编号、统一社会信用代码或企业名称（至少2个字）' },
            page: { type: 'string', title: '页码（从1开始）' },
            pageSize: { type: 'string', title: `每页条数（1–${MAX_PAGE_SIZE}，默认20）` },
          },
        },
        response: {
          200: {
            type: 'object',
            properties: {
              items: { type: 'array', items: registrationSchema },
              total: { type: 'integer' },
              totalExact: { type: 'boolean', title: '总数是否精确（超过1000条时为 false）' },
              page: { type: 'integer' },
              pageSize: { type: 'integer' },
              matchedBy: { type: 'string', enum: ['code', 'name'], title: 'code 编号或信用代码；name 企业名称' },
            },
          },
          400: errorSchema,
          429: errorSchema,
        },
      },
      validatorCompiler: () => (value: unknown) => ({ value }),
    },
    async (request, reply) => sendCached(request, reply, await registry.search((request.query ?? {}) as Query)),
  );

  app.get(
    '/api/v1/public/registrations/:registrationNo',
    {
      config: { policy: PUBLIC_LOOKUP },
      onRequest: limited,
      schema: {
        tags: [TAG],
        summary: '按入库登记编号查询一个编号（入库登记证明上的二维码指向其公开页面）',
        description: '未查到返回404。响应可缓存60秒（ETag，If-None-Match 时返回304）；撤销在缓存过期后即可见。',
        params: {
          type: 'object',
          properties: { registrationNo: { type: 'string', title: '入库登记编号' } },
        },
        response: { 200: registrationSchema, 400: errorSchema, 404: errorSchema, 429: errorSchema },
      },
      validatorCompiler: () => (value: unknown) => ({ value }),
    },
    async (request, reply) =>
      sendCached(request, reply, await registry.lookup((request.params as { registrationNo?: string }).registrationNo)),
  );

  const openDataDescription = (format: string) =>
    `${format}。按省份代码、入库登记编号排序，边查边发送（数据量大时同样适用）。字段：\n\n${fieldDescriptions}\n\n` +
    '只含入库公告公开的信息，不含任何个人信息。';

  app.get(
    '/api/v1/open-data/registrations.json',
    {
      config: { policy: OPEN_DATA },
      onRequest: limited,
      schema: {
        tags: [TAG],
        summary: '开放数据：某年度（某省份）的入库登记名单（JSON）',
        description: openDataDescription('JSON：{ year, province, fields, items: [ { 字段… } ] }'),
        querystring: openDataQuery,
        response: { 400: errorSchema, 429: errorSchema },
      },
      validatorCompiler: () => (value: unknown) => ({ value }),
    },
    async (request, reply) => {
      const { filter, views } = registry.openData((request.query ?? {}) as Query);
      const fields = OPEN_DATA_FIELDS.map(([field, header, meaning]) => ({ field, header, meaning }));
      async function* body() {
        yield `{"year":${filter.year},"province":${JSON.stringify(filter.province ?? null)},"fields":${JSON.stringify(fields)},"items":[`;
        let first = true;
        let chunk = '';
        for await (const view of views) {
          chunk += (first ? '' : ',') + JSON.stringify(openDataRecord(view));
          first = false;
          if (chunk.length > 64 * 1024) {
            yield chunk;
            chunk = '';
          }
        }
        yield `${chunk}]}`;
      }
      return reply
        .type('application/json; charset=utf-8')
        .header('Cache-Control', PUBLIC_CACHE_CONTROL)
        .send(Readable.from(body()));
    },
  );

  app.get(
    '/api/v1/open-data/registrations.csv',
    {
      config: { policy: OPEN_DATA },
      onRequest: limited,
      schema: {
        tags: [TAG],
        summary: '开放数据：某年度（某省份）的入库登记名单（CSV，UTF-8 带 BOM，中文表头）',
        description: openDataDescription('CSV（RFC 4180，UTF-8 带 BOM，可直接用 Excel 打开），第一行为中文表头'),
        querystring: openDataQuery,
        response: { 400: errorSchema, 429: errorSchema },
      },
      validatorCompiler: () => (value: unknown) => ({ value }),
    },
    async (request, reply) => {
      const { filter, views } = registry.openData((request.query ?? {}) as Query);
      async function* body() {
        let chunk = `\uFEFF${OPEN_DATA_FIELDS.map(([, header]) => header).join(',')}\r\n`;
        for await (const view of views) {
          const record = openDataRecord(view);
          chunk += csvLine(OPEN_DATA_FIELDS.map(([field]) => record[field]));
          if (chunk.length > 64 * 1024) {
            yield chunk;
            chunk = '';
          }
        }
        yield chunk;
      }
      const name = `科技型中小企业入库登记-${filter.province ?? '全国'}-${filter.year}.csv`;
      return reply
        .type('text/csv; charset=utf-8')
        .header('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(name)}`)
        .header('Cache-Control', PUBLIC_CACHE_CONTROL)
        .send(Readable.from(body()));
    },
  );

  const filingParams = { type: 'object', properties: { id: { type: 'string', title: '参评信息表编号' } } };

  app.get(
    '/api/v1/filings/:id/registration',
    {
      config: { policy: ENTERPRISE },
      schema: {
        tags: [TAG],
        summary: '本企业某年度的入库登记编号（已公告入库后）',
        description: '企业本身或其代办人可查；未公告入库时返回409。',
        params: filingParams,
        response: { 200: registrationSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema, 409: errorSchema },
      },
    },
    async (request) =>
      (await registry.proof(request.actor as Actor, (request.params as { id: string }).id)).registration,
  );

  app.get(
    '/api/v1/filings/:id/registration-proof.pdf',
    {
      config: { policy: ENTERPRISE },
      schema: {
        tags: [TAG],
        summary: '下载入库登记证明（PDF）',
        description:
          '企业本身或其代办人可下载；含企业名称、统一社会信用代码、评价年度、入库登记编号、入库公告（编号与日期）、' +
          '登记省份，以及指向该编号公开查询页面的二维码与网址。未公告入库时返回409。',
        params: filingParams,
        response: { 401: errorSchema, 403: errorSchema, 404: errorSchema, 409: errorSchema },
      },
    },
    async (request, reply) => {
      const facts = await registry.proof(request.actor as Actor, (request.params as { id: string }).id);
      const pdf = await renderProof(facts);
      const r = facts.registration;
      const name = `入库登记证明-${r.evaluationYear}-${r.registrationNo}.pdf`;
      return reply
        .type('application/pdf')
        .header('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(name)}`)
        .header('Cache-Control', 'private, no-store')
        .send(pdf);
    },
  );
}
