/** HTTP of manual real-name verification: the applicant's status and upload, and the staff queue. */
import type { FastifyInstance } from 'fastify';
import type { Actor, RoutePolicy } from '../../platform/access.js';
import { AppError } from '../../platform/errors.js';
import { readMultipart, sendUploadedFile } from '../../platform/uploads.js';
import { errorSchema } from '../assessment/schemas.js';
import { FILE_FIELDS, type RealNameService } from './service.js';

const passThrough = () => (value: unknown) => ({ value });
const STAFF: RoutePolicy = { access: 'staff', roles: ['provinceAdmin', 'nationalAdmin'] };
const APPLICANTS: RoutePolicy = { access: 'signedIn', kinds: ['person', 'legalPerson'] };

const fileView = {
  type: 'object',
  properties: {
    field: { type: 'string', enum: [...FILE_FIELDS] },
    label: { type: 'string' },
    fileName: { type: 'string' },
    mediaType: { type: ['string', 'null'], description: '按文件内容识别的类型' },
  },
};
const requestView = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    status: { type: 'string', enum: ['pending', 'approved', 'rejected'] },
    submittedAt: { type: 'string' },
    decidedAt: { type: ['string', 'null'] },
    reason: { type: ['string', 'null'] },
    files: { type: 'array', items: fileView },
  },
};
const staffRequestView = {
  type: 'object',
  properties: {
    ...requestView.properties,
    decidedBy: { type: ['integer', 'null'] },
    applicant: {
      type: 'object',
      properties: {
        accountId: { type: 'integer' },
        kind: { type: 'string', enum: ['person', 'legalPerson'] },
        loginName: { type: 'string' },
        name: { type: 'string' },
        idNumberMasked: { type: 'string', description: '自然人或法定代表人的身份证号码（已脱敏）' },
        legalRepName: { type: ['string', 'null'] },
        uscc: { type: ['string', 'null'] },
        region: {
          type: ['object', 'null'],
          properties: { code: { type: 'string' }, name: { type: 'string' } },
        },
        phoneMasked: { type: ['string', 'null'] },
      },
    },
  },
};
const idParam = {
  type: 'object',
  properties: { id: { type: 'string', title: '申请编号' }, field: { type: 'string', title: '材料' } },
};

function requestId(params: unknown): number {
  const raw = (params as { id?: string }).id ?? '';
  if (!/^[1-9]\d{0,15}$/.test(raw)) throw new AppError(404, 'not_found', '未找到该实名核验申请');
  return Number(raw);
}

export function realNameRoutes(app: FastifyInstance, realName: RealNameService): void {
  app.get(
    '/api/v1/real-name',
    {
      config: { policy: APPLICANTS },
      schema: {
        tags: ['账号'],
        summary: '本账号的实名认证状态、需上传的材料和最近一次人工核验申请',
        response: {
          200: {
            type: 'object',
            properties: {
              kind: { type: 'string' },
              realNameStatus: { type: 'string' },
              canSubmit: { type: 'boolean' },
              materials: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    field: { type: 'string' },
                    label: { type: 'string' },
                    kinds: { type: 'array', items: { type: 'string' } },
                    maxBytes: { type: 'integer' },
                    required: { type: 'boolean' },
                  },
                },
              },
              notes: { type: 'array', items: { type: 'string' } },
              latest: { ...requestView, type: ['object', 'null'] },
            },
          },
          401: errorSchema,
          403: errorSchema,
        },
      },
    },
    async (request) => realName.ownStatus(request.actor as Actor),
  );

  app.post(
    '/api/v1/real-name/requests',
    {
      config: { policy: APPLICANTS },
      schema: {
        tags: ['账号'],
        summary: '提交实名认证人工核验申请（multipart/form-data）',
        description:
          '自然人：idFront、idBack（身份证人像面、国徽面，JPG/PNG，各不超过1MB）。法人：法定代表人身份证 idFront、idBack，' +
          'businessLicence（加盖单位公章的营业执照扫描件，PDF/JPG/PNG，不超过5MB），creditScreenshot（选填，国家企业信用信息公示系统' +
          '核验结果截图，JPG/PNG/PDF，不超过2MB）。文件类型按内容识别。已实名认证或已有待核验申请的，不能提交。',
        response: { 201: requestView, 400: errorSchema, 401: errorSchema, 403: errorSchema, 409: errorSchema },
      },
    },
    async (request, reply) => {
      const actor = request.actor as Actor;
      await realName.assertMaySubmit(actor);
      const form = await readMultipart(request, realName.uploadSpec(actor.kind));
      return reply.status(201).send(await realName.submit(actor, form));
    },
  );

  app.get(
    '/api/v1/real-name/requests/:id/files/:field',
    {
      config: { policy: APPLICANTS },
      schema: { tags: ['账号'], summary: '查看本人上传的实名核验材料', params: idParam },
    },
    async (request, reply) => {
      const { field } = request.params as { field: string };
      return sendUploadedFile(reply, await realName.ownFile(request.actor as Actor, requestId(request.params), field));
    },
  );

  app.get(
    '/api/v1/staff/real-name/requests',
    {
      config: { policy: STAFF },
      validatorCompiler: passThrough,
      schema: {
        tags: ['账号'],
        summary: '实名核验申请列表（管辖范围内）',
        description: '省级管理员：注册地在本省的法人、身份证号码前两位为本省代码的自然人；国家级管理员：全部。',
        querystring: {
          type: 'object',
          properties: {
            status: { type: 'string', title: '状态', enum: ['pending', 'approved', 'rejected'] },
            page: { type: 'string', title: '页码' },
          },
        },
        response: {
          200: {
            type: 'object',
            properties: {
              items: { type: 'array', items: staffRequestView },
              total: { type: 'integer' },
              page: { type: 'integer' },
              pageSize: { type: 'integer' },
            },
          },
          400: errorSchema,
          401: errorSchema,
          403: errorSchema,
        },
      },
    },
    async (request) => realName.list(request.actor as Actor, (request.query ?? {}) as Record<string, unknown>),
  );

  app.get(
    '/api/v1/staff/real-name/requests/:id',
    {
      config: { policy: STAFF },
      schema: {
        tags: ['账号'],
        summary: '实名核验申请详情',
        params: idParam,
        response: { 200: staffRequestView, 401: errorSchema, 403: errorSchema, 404: errorSchema },
      },
    },
    async (request) => realName.get(request.actor as Actor, requestId(request.params)),
  );

  app.get(
    '/api/v1/staff/real-name/requests/:id/files/:field',
    {
      config: { policy: STAFF },
      schema: { tags: ['账号'], summary: '查看实名核验材料（按存储的文件类型内嵌显示）', params: idParam },
    },
    async (request, reply) => {
      const { field } = request.params as { field: string };
      return sendUploadedFile(
        reply,
        await realName.staffFile(request.actor as Actor, requestId(request.params), field),
      );
    },
  );

  app.post(
    '/api/v1/staff/real-name/requests/:id/decision',
    {
      config: { policy: STAFF },
      validatorCompiler: passThrough,
      schema: {
        tags: ['账号'],
        summary: '核验：通过或不通过（不通过须填写原因，至少5个字）',
        params: idParam,
        body: {
          type: 'object',
          properties: {
            decision: { type: 'string', title: '核验结论', enum: ['approve', 'reject'] },
            reason: { type: 'string', title: '原因' },
          },
        },
        response: {
          200: staffRequestView,
          400: errorSchema,
          401: errorSchema,
          403: errorSchema,
          404: errorSchema,
          409: errorSchema,
        },
      },
    },
    async (request) =>
      realName.decide(
        request.actor as Actor,
        requestId(request.params),
        (request.body ?? {}) as Record<string, unknown>,
      ),
  );
}
