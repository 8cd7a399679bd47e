/**
 * HTTP of evaluation agencies for staff. The CSV import takes the file itself as the request body
 * (`Content-Type: text/csv`): the page posts the chosen File as is, nothing needs storing, and the answer is the
 * per-row report; the server decodes UTF-8 (with or without BOM) or GB18030, as Excel saves CSV in zh-CN.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Actor } from '../../platform/access.js';
import type { StaffRole } from '../../db/schema.js';
import { errorSchema } from '../assessment/schemas.js';
import type { AgencyAdministration } from './administration.js';

const ADMINS: StaffRole[] = ['nationalAdmin', 'provinceAdmin'];
const ALL_STAFF: StaffRole[] = ['nationalAdmin', 'provinceAdmin', 'agencyHead', 'agencyReviewer'];
const CSV_LIMIT = 2 * 1024 * 1024;
const passThrough = () => (value: unknown) => ({ value });

const actorOf = (request: FastifyRequest) => request.actor as Actor;
const provinceOf = (request: FastifyRequest) => {
  const q = (request.query ?? {}) as Record<string, unknown>;
  return typeof q.province === 'string' ? q.province : undefined;
};
const idOf = (request: FastifyRequest) => {
  const raw = String((request.params as { id?: string }).id ?? '');
  return /^\d{1,15}$/.test(raw) ? Number(raw) : -1;
};

const agencyBody = {
  type: 'object',
  properties: {
    name: { type: 'string', title: '评价工作机构名称' },
    level: { type: 'string', title: '级别（city 地市 / county 区县）' },
    regionCode: { type: 'string', title: '对应行政区划代码' },
    address: { type: ['string', 'null'], title: '地址' },
    contactName: { type: ['string', 'null'], title: '联系人' },
    contactPhone: { type: ['string', 'null'], title: '办公电话' },
    contactMobile: { type: ['string', 'null'], title: '手机' },
    email: { type: ['string', 'null'], title: '电子邮箱' },
    jurisdiction: { type: 'array', items: { type: 'string' }, title: '管辖范围（行政区划或功能区代码）' },
  },
};
const provinceQuery = {
  type: 'object',
  properties: { province: { type: 'string', title: '省份代码（如 410000）' } },
};

export async function agencyRoutes(app: FastifyInstance, admin: AgencyAdministration): Promise<void> {
  await app.register(async (scoped) => {
    scoped.addContentTypeParser('text/csv', { parseAs: 'buffer', bodyLimit: CSV_LIMIT }, (_request, body, done) =>
      done(null, body),
    );

    scoped.get(
      '/api/v1/staff/agencies',
      {
        config: { policy: { access: 'staff', roles: ALL_STAFF } },
        validatorCompiler: passThrough,
        schema: {
          tags: ['评价工作机构'],
          summary: '评价工作机构列表（省级管理员：本省；全国管理员：指定省份或全部；机构人员：本机构）',
          querystring: provinceQuery,
        },
      },
      async (request) => ({ agencies: await admin.list(actorOf(request), provinceOf(request)) }),
    );

    scoped.get(
      '/api/v1/staff/agencies/export',
      {
        config: { policy: { access: 'staff', roles: ADMINS } },
        validatorCompiler: passThrough,
        schema: {
          tags: ['评价工作机构'],
          summary: '导出《科技型中小企业评价工作组织机构信息表》（xlsx）',
          querystring: provinceQuery,
        },
      },
      async (request, reply) => {
        const { filename, body } = await admin.export(actorOf(request), provinceOf(request));
        return reply
          .header('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
          .header(
            'Content-Disposition',
            `attachment; filename="agencies.xlsx"; filename*=UTF-8''${encodeURIComponent(filename)}`,
          )
          .header('Cache-Control', 'no-store')
          .send(body);
      },
    );

    scoped.post(
      '/api/v1/staff/agencies/import',
      {
        config: { policy: { access: 'staff', roles: ADMINS } },
        validatorCompiler: passThrough,
        schema: {
          tags: ['评价工作机构'],
          summary: '从 CSV 导入评价工作机构（全部成功才写入，逐行报告）',
          description:
            '请求体为 CSV 文件本身（Content-Type: text/csv，UTF-8 或 GBK/GB18030）。列：agency、region_code、jurisdiction（必需），level、address、contact、phone、mobile、email、parent_code（可选）。任一行有误则不写入任何数据，返回 422 与逐行报告。',
          querystring: provinceQuery,
        },
      },
      async (request, reply) => {
        const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
        const report = await admin.import(actorOf(request), provinceOf(request), body);
        return reply.status(report.ok ? 200 : 422).send(report);
      },
    );

    scoped.get(
      '/api/v1/staff/agencies/:id',
      {
        config: { policy: { access: 'staff', roles: ALL_STAFF } },
        schema: { tags: ['评价工作机构'], summary: '评价工作机构详情（含管辖范围）', response: { 404: errorSchema } },
      },
      async (request) => admin.get(actorOf(request), idOf(request)),
    );

    scoped.post(
      '/api/v1/staff/agencies',
      {
        config: { policy: { access: 'staff', roles: ADMINS } },
        validatorCompiler: passThrough,
        schema: {
          tags: ['评价工作机构'],
          summary: '新增评价工作机构',
          querystring: provinceQuery,
          body: agencyBody,
        },
      },
      async (request, reply) =>
        reply.status(201).send(await admin.create(actorOf(request), provinceOf(request), request.body)),
    );

    scoped.put(
      '/api/v1/staff/agencies/:id',
      {
        config: { policy: { access: 'staff', roles: ADMINS } },
        validatorCompiler: passThrough,
        schema: {
          tags: ['评价工作机构'],
          summary: '修改评价工作机构（名称、级别、联系方式、管辖范围）',
          body: agencyBody,
          response: { 400: errorSchema, 404: errorSchema, 409: errorSchema },
        },
      },
      async (request) => admin.update(actorOf(request), idOf(request), request.body),
    );
  });
}
