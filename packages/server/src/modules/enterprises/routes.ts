/** HTTP of the enterprise profile (企业信息): view it, and change the main agent's phone with an SMS code. */
import type { FastifyInstance } from 'fastify';
import type { Actor } from '../../platform/access.js';
import { agentSchema } from '../agents/routes.js';
import { errorSchema } from '../assessment/schemas.js';
import type { EnterpriseService } from './service.js';

const passThrough = () => (value: unknown) => ({ value });
const named = { type: 'object', properties: { code: { type: 'string' }, name: { type: 'string' } } };
const profileSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    uscc: { type: 'string' },
    name: { type: 'string' },
    unitType: { type: 'string' },
    region: {
      type: 'object',
      properties: { code: { type: 'string' }, name: { type: 'string' }, path: { type: 'array', items: named } },
    },
    legalRepresentative: {
      type: 'object',
      properties: { name: { type: 'string' }, idNumber: { type: 'string', description: '已脱敏' } },
    },
    mainAgent: {
      type: 'object',
      properties: {
        name: { type: 'string' },
        idNumber: { type: 'string', description: '已脱敏' },
        phone: { type: 'string', description: '已脱敏' },
      },
    },
    realNameStatus: { type: 'string' },
    registeredAt: { type: 'string', format: 'date-time' },
    agents: { type: 'array', items: agentSchema },
    viewerIsOwner: { type: 'boolean' },
  },
};
const errors = { 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema };

export function enterpriseRoutes(app: FastifyInstance, enterprises: EnterpriseService): void {
  app.get(
    '/api/v1/enterprise',
    {
      config: { policy: { access: 'signedIn', kinds: ['legalPerson', 'person'] } },
      schema: {
        tags: ['企业'],
        summary: '企业信息',
        description: '法人账号本身，或正在代表该企业办理的代办人可查看。身份证号码与手机号码已脱敏。',
        response: { 200: profileSchema, ...errors },
      },
    },
    async (request) => enterprises.profile(request.actor as Actor),
  );

  app.patch(
    '/api/v1/enterprise',
    {
      config: { policy: { access: 'signedIn', kinds: ['legalPerson', 'person'] } },
      validatorCompiler: passThrough,
      schema: {
        tags: ['企业'],
        summary: '变更主代办人手机号码',
        description:
          '只有法人账号本身可以变更。先向新号码获取用途为 changePhone 的短信验证码；变更后新号码用于登录与接收短信。',
        body: {
          type: 'object',
          properties: {
            agentPhone: { type: 'string', title: '主代办人手机号码' },
            smsCode: { type: 'string', title: '短信验证码' },
          },
        },
        response: { 200: profileSchema, ...errors, 409: errorSchema, 429: errorSchema },
      },
    },
    async (request) =>
      enterprises.changeAgentPhone(request.actor as Actor, (request.body ?? {}) as Record<string, unknown>),
  );
}
