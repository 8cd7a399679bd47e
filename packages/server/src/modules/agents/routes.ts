/**
 * HTTP of agents (代办人): the legal-person account's grants, the enterprises a natural person may act for,
 * and the session's choice of which one it acts for. Bodies are checked by the service (Chinese field messages).
 */
import type { FastifyInstance } from 'fastify';
import type { Actor } from '../../platform/access.js';
import { errorSchema } from '../assessment/schemas.js';
import type { AgentsService } from './service.js';

const passThrough = () => (value: unknown) => ({ value });
const str = (title: string) => ({ type: 'string', title });

export const agentSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    name: { type: 'string' },
    phone: { type: ['string', 'null'], description: '已脱敏' },
    note: { type: ['string', 'null'] },
    grantedAt: { type: 'string', format: 'date-time' },
    grantedBy: { type: 'string' },
  },
};
export const actingForSchema = {
  type: ['object', 'null'],
  properties: { id: { type: 'integer' }, uscc: { type: 'string' }, name: { type: 'string' } },
};
const errors = { 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema };

export function agentRoutes(app: FastifyInstance, agents: AgentsService): void {
  app.get(
    '/api/v1/enterprise/agents',
    {
      config: { policy: { access: 'signedIn', kinds: ['legalPerson', 'person'] } },
      schema: {
        tags: ['代办人'],
        summary: '本单位的代办人',
        description: '法人账号，或正在代表该单位办理的代办人可查看。',
        response: { 200: { type: 'object', properties: { agents: { type: 'array', items: agentSchema } } }, ...errors },
      },
    },
    async (request) => ({ agents: await agents.list(request.actor as Actor) }),
  );

  app.post(
    '/api/v1/enterprise/agents',
    {
      config: { policy: { access: 'signedIn', kinds: ['legalPerson', 'person'] } },
      validatorCompiler: passThrough,
      schema: {
        tags: ['代办人'],
        summary: '授权代办人',
        description:
          '只有法人账号本身可以授权。被授权人须已注册自然人账号并通过实名认证，所填姓名须与实名一致；登录名与手机号码填其一。',
        body: {
          type: 'object',
          properties: {
            loginName: str('代办人登录名'),
            phone: str('代办人手机号码'),
            name: str('代办人姓名'),
            note: str('备注'),
          },
        },
        response: { 201: agentSchema, ...errors, 409: errorSchema, 429: errorSchema },
      },
    },
    async (request, reply) => {
      const view = await agents.grant(request.actor as Actor, (request.body ?? {}) as Record<string, unknown>);
      return reply.status(201).send(view);
    },
  );

  app.delete(
    '/api/v1/enterprise/agents/:grantId',
    {
      config: { policy: { access: 'signedIn', kinds: ['legalPerson', 'person'] } },
      schema: {
        tags: ['代办人'],
        summary: '撤销代办人授权',
        description: '只有法人账号本身可以撤销；撤销后该代办人的下一次请求即不再代表本单位。',
        params: { type: 'object', properties: { grantId: { type: 'string', title: '授权编号' } } },
        response: { 204: { type: 'null' }, ...errors },
      },
    },
    async (request, reply) => {
      await agents.revoke(request.actor as Actor, (request.params as { grantId?: string }).grantId);
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/v1/agent/enterprises',
    {
      config: { policy: { access: 'signedIn', kinds: ['person'] } },
      schema: {
        tags: ['代办人'],
        summary: '我可以代表办理的企业',
        response: {
          200: {
            type: 'object',
            properties: {
              enterprises: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    id: { type: 'integer' },
                    uscc: { type: 'string' },
                    name: { type: 'string' },
                    regionCode: { type: 'string' },
                    grantedAt: { type: 'string', format: 'date-time' },
                  },
                },
              },
            },
          },
          ...errors,
        },
      },
    },
    async (request) => ({ enterprises: await agents.enterprisesFor(request.actor as Actor) }),
  );

  app.put(
    '/api/v1/session/acting-for',
    {
      config: { policy: { access: 'signedIn', kinds: ['person'] } },
      validatorCompiler: passThrough,
      schema: {
        tags: ['代办人'],
        summary: '选择代表办理的企业',
        description: 'enterpriseId 为已授权企业的编号；为 null 时以本人身份办理。只对当前会话有效。',
        body: {
          type: 'object',
          properties: { enterpriseId: { type: ['integer', 'null'], title: '企业编号' } },
        },
        response: { 200: { type: 'object', properties: { actingFor: actingForSchema } }, ...errors },
      },
    },
    async (request) => agents.chooseActingFor(request.actor as Actor, (request.body ?? {}) as Record<string, unknown>),
  );
}
