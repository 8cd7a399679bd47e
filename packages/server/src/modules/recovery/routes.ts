/**
 * HTTP of account recovery and login hardening: 忘记密码, 账号检索, 申诉 (public), 申诉审核 (staff), 账号安全.
 * Bodies are checked by the service (every bad field at once, in Chinese); the schemas here document them.
 */
import type { FastifyInstance } from 'fastify';
import type { Actor } from '../../platform/access.js';
import { readMultipart, sendUploadedFile } from '../../platform/uploads.js';
import { errorSchema } from '../assessment/schemas.js';
import { APPEAL_FILES, type RecoveryService } from './service.js';

const passThrough = () => (value: unknown) => ({ value });
const str = (title: string, extra: Record<string, unknown> = {}) => ({ type: 'string', title, ...extra });
const TAG = '账号找回与安全';
const anyObject = { type: 'object', additionalProperties: true };
const body = (request: { body?: unknown }) => (request.body ?? {}) as Record<string, unknown>;

export function recoveryRoutes(app: FastifyInstance, recovery: RecoveryService): void {
  app.post(
    '/api/v1/password-resets/start',
    {
      config: { policy: { access: 'public', why: '忘记密码：未登录者凭登录名获取验证码' } },
      validatorCompiler: passThrough,
      schema: {
        tags: [TAG],
        summary: '忘记密码第一步：按登录名向绑定手机发送验证码',
        description:
          '答复绑定手机号码的脱敏形式（法人账号为主代办人手机）。登录名不存在时答复相同的形式且不发送短信，以免泄露账号是否存在。',
        body: { type: 'object', properties: { loginName: str('登录名') } },
        response: { 202: anyObject, 400: errorSchema, 429: errorSchema },
      },
    },
    async (request, reply) => reply.status(202).send(await recovery.startPasswordReset(body(request), request.ip)),
  );

  app.post(
    '/api/v1/password-resets',
    {
      config: { policy: { access: 'public', why: '忘记密码：凭短信验证码设置新密码' } },
      validatorCompiler: passThrough,
      schema: {
        tags: [TAG],
        summary: '忘记密码第二步：验证码与新密码',
        description: '新密码须符合注册时的密码规则且不同于原密码；成功后解除锁定、所有设备退出登录。',
        body: {
          type: 'object',
          properties: { loginName: str('登录名'), smsCode: str('短信验证码'), newPassword: str('新密码') },
        },
        response: { 400: errorSchema, 429: errorSchema },
      },
    },
    async (request) => recovery.resetPassword(body(request), request.ip),
  );

  app.post(
    '/api/v1/accounts/lookup',
    {
      config: { policy: { access: 'public', why: '账号检索：忘记登录名者按统一社会信用代码或手机号码查询' } },
      validatorCompiler: passThrough,
      schema: {
        tags: [TAG],
        summary: '账号检索（只答复脱敏信息）',
        body: { type: 'object', properties: { uscc: str('统一社会信用代码'), phone: str('手机号码') } },
        response: { 400: errorSchema, 429: errorSchema },
      },
    },
    async (request) => recovery.lookup(body(request), request.ip),
  );

  app.post(
    '/api/v1/appeals',
    {
      config: { policy: { access: 'public', why: '申诉：手机号码丢失或忘记登录名者无法登录' } },
      schema: {
        tags: [TAG],
        summary: '提交账号申诉（multipart/form-data）',
        description:
          '文本字段：accountKind（person | legalPerson）、name、idNumber、unitName 与 uscc（法人）、newPhone、smsCode（用途 appeal，发送到新手机号码）、reason。文件：idFront、idBack（JPG/PNG ≤1MB）；法人另需 letter（加盖公章的申诉函）与 licence（营业执照），PDF/JPG/PNG ≤5MB。',
        response: {
          201: anyObject,
          400: errorSchema,
          409: errorSchema,
          415: errorSchema,
          422: errorSchema,
          429: errorSchema,
        },
      },
    },
    async (request, reply) => {
      const form = await readMultipart(request, APPEAL_FILES);
      return reply.status(201).send(await recovery.submitAppeal(form, request.ip));
    },
  );

  app.get(
    '/api/v1/appeals/:receipt',
    {
      config: { policy: { access: 'public', why: '申诉人凭受理编号与新手机号码查询进度' } },
      schema: {
        tags: [TAG],
        summary: '申诉进度',
        params: { type: 'object', properties: { receipt: str('受理编号') } },
        querystring: { type: 'object', properties: { phone: str('新手机号码') } },
        response: { 404: errorSchema, 429: errorSchema },
      },
    },
    async (request) => {
      const { receipt } = request.params as { receipt: string };
      const { phone } = request.query as { phone?: string };
      return recovery.appealStatus(receipt, phone, request.ip);
    },
  );

  app.get(
    '/api/v1/staff/appeals',
    {
      config: { policy: { access: 'staff', roles: ['nationalAdmin', 'provinceAdmin'] } },
      schema: {
        tags: [TAG],
        summary: '申诉审核列表（本省，国家管理员为全部）',
        querystring: {
          type: 'object',
          properties: {
            status: { type: 'string', title: '状态', enum: ['pending', 'approved', 'rejected'] },
            page: { type: 'integer', title: '页码', minimum: 1 },
          },
        },
        response: { 400: errorSchema, 401: errorSchema, 403: errorSchema },
      },
    },
    async (request) => recovery.listAppeals(request.actor as Actor, request.query as Record<string, unknown>),
  );

  app.get(
    '/api/v1/staff/appeals/:id/files/:field',
    {
      config: { policy: { access: 'staff', roles: ['nationalAdmin', 'provinceAdmin'] } },
      schema: {
        tags: [TAG],
        summary: '申诉材料文件',
        params: {
          type: 'object',
          properties: {
            id: { type: 'integer', title: '申诉编号' },
            field: { type: 'string', title: '材料', enum: Object.keys(APPEAL_FILES) },
          },
        },
        response: { 401: errorSchema, 403: errorSchema, 404: errorSchema },
      },
    },
    async (request, reply) => {
      const { id, field } = request.params as { id: number; field: string };
      const file = await recovery.appealFile(request.actor as Actor, Number(id), field);
      return sendUploadedFile(reply, file);
    },
  );

  app.post(
    '/api/v1/staff/appeals/:id/decision',
    {
      config: { policy: { access: 'staff', roles: ['nationalAdmin', 'provinceAdmin'] } },
      validatorCompiler: passThrough,
      schema: {
        tags: [TAG],
        summary: '审核申诉（通过：账号改绑新手机号码；不通过须填写理由）',
        body: {
          type: 'object',
          properties: {
            decision: { type: 'string', title: '审核结论', enum: ['approve', 'reject'] },
            reason: str('理由'),
          },
        },
        response: { 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema, 409: errorSchema },
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      return recovery.decideAppeal(request.actor as Actor, Number(id), body(request));
    },
  );

  app.get(
    '/api/v1/account/security',
    {
      config: { policy: { access: 'signedIn' } },
      schema: { tags: [TAG], summary: '账号安全设置', response: { 401: errorSchema } },
    },
    async (request) => recovery.securityView(request.actor as Actor),
  );

  app.put(
    '/api/v1/account/security',
    {
      config: { policy: { access: 'signedIn' } },
      validatorCompiler: passThrough,
      schema: {
        tags: [TAG],
        summary: '开启或关闭短信验证登录（须当前密码）',
        body: {
          type: 'object',
          properties: { loginSmsRequired: { type: 'boolean', title: '短信验证登录' }, password: str('当前密码') },
        },
        response: { 400: errorSchema, 401: errorSchema, 403: errorSchema, 429: errorSchema },
      },
    },
    async (request) => recovery.setSecurity(request.actor as Actor, body(request)),
  );

  app.post(
    '/api/v1/account/password',
    {
      config: { policy: { access: 'signedIn' } },
      validatorCompiler: passThrough,
      schema: {
        tags: [TAG],
        summary: '修改密码（其他设备退出登录）',
        body: { type: 'object', properties: { currentPassword: str('当前密码'), newPassword: str('新密码') } },
        response: { 400: errorSchema, 401: errorSchema, 403: errorSchema, 429: errorSchema },
      },
    },
    async (request) => recovery.changePassword(request.actor as Actor, body(request)),
  );
}
