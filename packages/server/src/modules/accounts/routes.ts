/**
 * HTTP of accounts and sessions. Bodies are checked by the service (every bad field at once, in Chinese);
 * the schemas here document them.
 */
import { serialize } from 'cookie';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Actor } from '../../platform/access.js';
import { SESSION_ABSOLUTE_MS, SESSION_COOKIE } from '../../platform/sessions.js';
import { errorSchema } from '../assessment/schemas.js';
import type { AccountsService } from './service.js';
import { UNIT_TYPES } from './validation.js';

const passThrough = () => (value: unknown) => ({ value });
const str = (title: string, extra: Record<string, unknown> = {}) => ({ type: 'string', title, ...extra });

const accountView = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    kind: { type: 'string', enum: ['person', 'legalPerson', 'staff'] },
    loginName: { type: 'string' },
    displayName: { type: 'string' },
    phone: { type: ['string', 'null'], description: '已脱敏' },
    realNameStatus: { type: 'string', enum: ['unverified', 'pending', 'verified', 'rejected'] },
    enterprise: {
      type: ['object', 'null'],
      properties: { uscc: { type: 'string' }, name: { type: 'string' }, regionCode: { type: 'string' } },
    },
    roles: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          role: { type: 'string' },
          provinceCode: { type: ['string', 'null'] },
          agencyId: { type: ['integer', 'null'] },
        },
      },
    },
  },
};
const sessionReply = {
  type: 'object',
  properties: {
    account: accountView,
    csrfToken: { type: 'string' },
    /** The enterprise a natural person acts for as its agent (代办人), or null. */
    actingFor: {
      type: ['object', 'null'],
      properties: { id: { type: 'integer' }, uscc: { type: 'string' }, name: { type: 'string' } },
    },
  },
};

export function accountRoutes(
  app: FastifyInstance,
  accounts: AccountsService,
  options: { secureCookies: boolean },
): void {
  const setCookie = (reply: FastifyReply, token: string, maxAgeMs: number) =>
    reply.header(
      'Set-Cookie',
      serialize(SESSION_COOKIE, token, {
        httpOnly: true,
        sameSite: 'lax',
        secure: options.secureCookies,
        path: '/',
        maxAge: Math.floor(maxAgeMs / 1000),
      }),
    );

  app.post(
    '/api/v1/accounts/availability',
    {
      config: { policy: { access: 'public', why: '注册前"检查是否已存在"' } },
      validatorCompiler: passThrough,
      schema: {
        tags: ['账号'],
        summary: '检查登录名、统一社会信用代码、单位名称或手机号码是否已注册',
        body: {
          type: 'object',
          properties: {
            loginName: str('登录名'),
            uscc: str('统一社会信用代码'),
            unitName: str('单位名称'),
            phone: str('手机号码'),
          },
        },
      },
    },
    async (request) => {
      const body = (request.body ?? {}) as Record<string, unknown>;
      const pick = (k: string) =>
        typeof body[k] === 'string' && (body[k] as string).length <= 100 ? (body[k] as string) : undefined;
      return accounts.checkAvailability({
        loginName: pick('loginName'),
        uscc: pick('uscc'),
        unitName: pick('unitName'),
        phone: pick('phone'),
      });
    },
  );

  app.post(
    '/api/v1/accounts/persons',
    {
      config: { policy: { access: 'public', why: '自然人注册' } },
      validatorCompiler: passThrough,
      schema: {
        tags: ['账号'],
        summary: '注册自然人账号',
        description:
          '需先获取用途为 register 的短信验证码。注册时自动进行实名核验；核验未通过的，可上传证件进行人工核验。',
        body: {
          type: 'object',
          required: ['loginName', 'password', 'name', 'idNumber', 'phone', 'smsCode', 'agreement'],
          properties: {
            loginName: str('登录名（字母、数字、下划线）'),
            password: str('密码（至少8位，含大写字母、小写字母、数字、特殊符号中的3种）'),
            name: str('姓名'),
            idNumber: str('身份证号码'),
            idValidTo: str('身份证有效期至（YYYY-MM-DD，长期填"长期"）'),
            phone: str('手机号码'),
            smsCode: str('短信验证码'),
            agreement: { type: 'boolean', title: '同意《用户注册协议》' },
          },
        },
        response: { 201: accountView, 400: errorSchema, 409: errorSchema, 429: errorSchema },
      },
    },
    async (request, reply) => {
      const view = await accounts.registerPerson((request.body ?? {}) as Record<string, unknown>, meta(request));
      return reply.status(201).send(view);
    },
  );

  app.post(
    '/api/v1/accounts/legal-persons',
    {
      config: { policy: { access: 'public', why: '法人注册' } },
      validatorCompiler: passThrough,
      schema: {
        tags: ['账号'],
        summary: '注册法人账号',
        description: '由主代办人办理；短信验证码发送到主代办人手机。注册地决定由哪个评价工作机构审核。',
        body: {
          type: 'object',
          properties: {
            loginName: str('登录名'),
            password: str('密码'),
            unitName: str('单位名称'),
            unitType: { type: 'string', title: '单位类型', enum: [...UNIT_TYPES] },
            uscc: str('统一社会信用代码'),
            regionCode: str('注册地（行政区划代码或功能区）'),
            legalRepName: str('法定代表人姓名'),
            legalRepIdNumber: str('法定代表人身份证号码'),
            legalRepIdValidTo: str('法定代表人身份证有效期至'),
            agentName: str('主代办人姓名'),
            agentIdNumber: str('主代办人身份证号码'),
            agentIdValidTo: str('主代办人身份证有效期至'),
            agentPhone: str('主代办人手机号码'),
            smsCode: str('短信验证码'),
            agreement: { type: 'boolean', title: '同意《法人实名认证协议》' },
          },
        },
        response: { 201: accountView, 400: errorSchema, 409: errorSchema, 429: errorSchema },
      },
    },
    async (request, reply) => {
      const view = await accounts.registerLegalPerson((request.body ?? {}) as Record<string, unknown>, meta(request));
      return reply.status(201).send(view);
    },
  );

  app.post(
    '/api/v1/session',
    {
      config: { policy: { access: 'public', why: '登录' } },
      validatorCompiler: passThrough,
      schema: {
        tags: ['账号'],
        summary: '登录',
        description: '账号可为登录名、统一社会信用代码或手机号码。密码连续错误5次锁定15分钟。',
        body: { type: 'object', properties: { identifier: str('账号'), password: str('密码') } },
        response: { 200: sessionReply, 400: errorSchema, 401: errorSchema, 423: errorSchema, 429: errorSchema },
      },
    },
    async (request, reply) => {
      const session = await accounts.login((request.body ?? {}) as Record<string, unknown>, meta(request));
      setCookie(reply, session.token, SESSION_ABSOLUTE_MS);
      return { account: session.account, csrfToken: session.csrfToken };
    },
  );

  app.get(
    '/api/v1/session',
    {
      config: { policy: { access: 'signedIn' } },
      schema: { tags: ['账号'], summary: '当前登录的账号', response: { 200: sessionReply, 401: errorSchema } },
    },
    async (request) => {
      const actor = request.actor as Actor;
      const actingFor =
        (actor.onBehalfOf ?? null) !== null && actor.enterprise !== null
          ? { id: actor.enterprise.id, uscc: actor.enterprise.uscc, name: actor.enterprise.name }
          : null;
      return { account: await accounts.view(actor.accountId), csrfToken: actor.csrfToken, actingFor };
    },
  );

  app.delete(
    '/api/v1/session',
    {
      config: { policy: { access: 'signedIn' } },
      schema: {
        tags: ['账号'],
        summary: '退出登录',
        response: { 204: { type: 'null' }, 401: errorSchema, 403: errorSchema },
      },
    },
    async (request, reply) => {
      await accounts.logout(request.actor as Actor);
      setCookie(reply, '', 0);
      return reply.status(204).send();
    },
  );

  app.post(
    '/api/v1/session/revoke-all',
    {
      config: { policy: { access: 'signedIn' } },
      schema: {
        tags: ['账号'],
        summary: '在所有设备上退出登录',
        response: {
          200: { type: 'object', properties: { revoked: { type: 'integer' } } },
          401: errorSchema,
          403: errorSchema,
        },
      },
    },
    async (request, reply) => {
      const revoked = await accounts.logoutEverywhere(request.actor as Actor);
      setCookie(reply, '', 0);
      return { revoked };
    },
  );
}

function meta(request: { ip: string; headers: Record<string, string | string[] | undefined> }) {
  const ua = request.headers['user-agent'];
  return { ip: request.ip, userAgent: typeof ua === 'string' ? ua : undefined };
}
