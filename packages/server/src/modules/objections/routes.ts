/**
 * HTTP of objections during publicity: the public form's target, lodging (multipart), following by receipt
 * number; the staff's queue, detail, files, assignment, the handling form, confirmation and the handling PDF.
 * Bodies are checked by the service (every bad field at once, in Chinese); the schemas here document them.
 */
import type { FastifyInstance } from 'fastify';
import type { Actor, RoutePolicy } from '../../platform/access.js';
import { readMultipart, sendUploadedFile } from '../../platform/uploads.js';
import { errorSchema } from '../assessment/schemas.js';
import type { HandlingPdfInput, ObjectionService } from './service.js';
import { OBJECTION_FILES } from './service.js';

const TAG = '公示异议';
const passThrough = () => (value: unknown) => ({ value });
const str = (title: string, extra: Record<string, unknown> = {}) => ({ type: 'string', title, ...extra });
const anyObject = { type: 'object', additionalProperties: true };
const body = (request: { body?: unknown }) =>
  (request.body !== null && typeof request.body === 'object' ? request.body : {}) as Record<string, unknown>;
const STAFF: RoutePolicy = {
  access: 'staff',
  roles: ['nationalAdmin', 'provinceAdmin', 'agencyReviewer', 'agencyHead'],
};
const PROVINCE: RoutePolicy = { access: 'staff', roles: ['nationalAdmin', 'provinceAdmin'] };
const AGENCY: RoutePolicy = { access: 'staff', roles: ['agencyReviewer', 'agencyHead'] };
const staffErrors = { 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema, 409: errorSchema };
const idParams = { type: 'object', properties: { id: str('异议编号') } };

export function objectionRoutes(
  app: FastifyInstance,
  objections: ObjectionService,
  renderPdf: (input: HandlingPdfInput) => Promise<Buffer>,
): void {
  app.get(
    '/api/v1/public/objection-targets/:entryId',
    {
      config: { policy: { access: 'public', why: '公示异议：任何单位和个人均可对公示企业提出异议' } },
      schema: {
        tags: [TAG],
        summary: '异议表单所需的公示信息（企业名称、统一社会信用代码、公示批次与公示期）',
        params: { type: 'object', properties: { entryId: str('公示条目编号') } },
        response: { 404: errorSchema },
      },
    },
    async (request) => objections.target((request.params as { entryId: string }).entryId),
  );

  app.post(
    '/api/v1/public/objections',
    {
      config: { policy: { access: 'public', why: '公示异议：任何单位和个人均可实名提出异议，无需账号' } },
      schema: {
        tags: [TAG],
        summary: '提出公示异议（multipart/form-data）',
        description:
          '文本字段：entryId、objectorKind（person | organisation）；个人：name、phone、smsCode（用途 objection）；单位：organisationName、organisationUscc、contactPhone，文件 sealedLetter（加盖公章的异议函，PDF/JPG/PNG ≤5MB）。ground（notEligible | seriousFraud | researchMisconduct | accidentOrEnvironment | abnormalOrDishonest）、facts（20–2000字）。文件 evidence1…evidence5（至少1份，PDF/JPG/PNG ≤10MB）。只在公示期内受理。',
        response: {
          201: anyObject,
          400: errorSchema,
          404: errorSchema,
          409: errorSchema,
          413: errorSchema,
          415: errorSchema,
          429: errorSchema,
        },
      },
    },
    async (request, reply) => {
      const form = await readMultipart(request, OBJECTION_FILES);
      return reply.status(201).send(await objections.lodge(form, request.ip));
    },
  );

  app.get(
    '/api/v1/public/objections/:receiptNo',
    {
      config: { policy: { access: 'public', why: '异议人凭受理编号与手机号码后4位查询办理进度' } },
      schema: {
        tags: [TAG],
        summary: '异议办理进度',
        params: { type: 'object', properties: { receiptNo: str('受理编号') } },
        querystring: { type: 'object', properties: { last4: str('手机号码后4位') } },
        response: { 404: errorSchema, 429: errorSchema },
      },
    },
    async (request) => {
      const { receiptNo } = request.params as { receiptNo: string };
      const { last4 } = request.query as { last4?: string };
      return objections.publicStatus(receiptNo, last4, request.ip);
    },
  );

  app.get(
    '/api/v1/staff/objections',
    {
      config: { policy: STAFF },
      schema: {
        tags: [TAG],
        summary: '公示异议列表（省级：本省全部；评价工作机构：交办本机构的）',
        querystring: {
          type: 'object',
          properties: { status: str('状态'), page: str('页码') },
        },
        response: { 400: errorSchema, 401: errorSchema, 403: errorSchema },
      },
    },
    async (request) => objections.list(request.actor as Actor, request.query as Record<string, unknown>),
  );

  app.get(
    '/api/v1/staff/objections/:id',
    {
      config: { policy: STAFF },
      schema: { tags: [TAG], summary: '公示异议详情', params: idParams, response: staffErrors },
    },
    async (request) => objections.detail(request.actor as Actor, (request.params as { id: string }).id),
  );

  app.get(
    '/api/v1/staff/objections/:id/evidence/:evidenceId',
    {
      config: { policy: STAFF },
      schema: {
        tags: [TAG],
        summary: '异议证据材料',
        params: { type: 'object', properties: { id: str('异议编号'), evidenceId: str('材料编号') } },
        response: staffErrors,
      },
    },
    async (request, reply) => {
      const { id, evidenceId } = request.params as { id: string; evidenceId: string };
      return sendUploadedFile(reply, await objections.evidenceFile(request.actor as Actor, id, evidenceId));
    },
  );

  app.get(
    '/api/v1/staff/objections/:id/sealed-letter',
    {
      config: { policy: STAFF },
      schema: { tags: [TAG], summary: '单位异议的加盖公章的异议函', params: idParams, response: staffErrors },
    },
    async (request, reply) =>
      sendUploadedFile(
        reply,
        await objections.sealedLetter(request.actor as Actor, (request.params as { id: string }).id),
      ),
  );

  app.post(
    '/api/v1/staff/objections/:id/assign',
    {
      config: { policy: PROVINCE },
      validatorCompiler: passThrough,
      schema: {
        tags: [TAG],
        summary: '交办评价工作机构核实（默认为该企业的评价工作机构）',
        params: idParams,
        body: { type: 'object', properties: { agencyId: { type: 'integer', title: '评价工作机构' } } },
        response: staffErrors,
      },
    },
    async (request) => objections.assign(request.actor as Actor, (request.params as { id: string }).id, body(request)),
  );

  app.put(
    '/api/v1/staff/objections/:id/handling',
    {
      config: { policy: AGENCY },
      validatorCompiler: passThrough,
      schema: {
        tags: [TAG],
        summary: '填写《公示异议核实处理情况表》并提交省级确认',
        params: idParams,
        body: {
          type: 'object',
          properties: {
            objectorSummary: str('异议人情况'),
            ground: str('异议理由'),
            evidenceSummary: str('证据材料情况'),
            receivedInWindow: { type: 'boolean', title: '是否在公示期内提出' },
            verification: str('核实情况'),
            onSite: {
              type: 'object',
              title: '实地核查',
              properties: {
                done: { type: 'boolean', title: '是否开展' },
                date: str('日期'),
                people: str('人员'),
                findings: str('情况'),
              },
            },
            conclusion: str('核实结论', { enum: ['upheld', 'dismissed'] }),
            opinion: str('评价工作机构意见'),
          },
        },
        response: staffErrors,
      },
    },
    async (request) =>
      objections.submitHandling(request.actor as Actor, (request.params as { id: string }).id, body(request)),
  );

  app.post(
    '/api/v1/staff/objections/:id/confirm',
    {
      config: { policy: PROVINCE },
      validatorCompiler: passThrough,
      schema: {
        tags: [TAG],
        summary: '省级确认核实结论（异议成立：不予入库），或退回重新核实',
        params: idParams,
        body: {
          type: 'object',
          properties: {
            decision: str('确认意见', { enum: ['confirm', 'sendBack'] }),
            note: str('意见或退回原因'),
          },
        },
        response: staffErrors,
      },
    },
    async (request) => objections.confirm(request.actor as Actor, (request.params as { id: string }).id, body(request)),
  );

  app.get(
    '/api/v1/staff/objections/:id/handling.pdf',
    {
      config: { policy: STAFF },
      schema: {
        tags: [TAG],
        summary: '导出《科技型中小企业评价公示异议核实处理情况表》PDF',
        params: idParams,
        response: staffErrors,
      },
    },
    async (request, reply) => {
      const input = await objections.handlingPdfInput(request.actor as Actor, (request.params as { id: string }).id);
      const pdf = await renderPdf(input);
      const name = `公示异议核实处理情况表-${input.receiptNo}.pdf`;
      return reply
        .type('application/pdf')
        .header('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(name)}`)
        .header('Cache-Control', 'private, no-store')
        .send(pdf);
    },
  );
}
