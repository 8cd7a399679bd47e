/**
 * HTTP of the development outbox. Registered only when NODE_ENV is not production (app.ts): in production the
 * route does not exist at all (404), whatever the caller's role.
 */
import type { FastifyInstance } from 'fastify';
import type { Actor } from '../../platform/access.js';
import { pagingQuerySchema, type Query } from '../../platform/query.js';
import { errorSchema } from '../assessment/schemas.js';
import type { OutboxService } from './service.js';

const passThrough = () => (value: unknown) => ({ value });

export function outboxRoutes(app: FastifyInstance, outbox: OutboxService): void {
  app.get(
    '/api/v1/dev/outbox',
    {
      config: { policy: { access: 'staff', roles: ['nationalAdmin', 'provinceAdmin'] } },
      validatorCompiler: passThrough,
      schema: {
        tags: ['开发'],
        summary: '开发环境发件箱（短信与电子邮件，仅非生产环境）',
        description:
          '开发驱动"发送"的短信与邮件。正文完整显示（用于查看验证码）；收件人对全国管理员明文显示，' +
          '对省级管理员脱敏显示，且正文中的身份证号与手机号同样脱敏。生产环境不注册此接口（404）。',
        querystring: {
          type: 'object',
          properties: {
            channel: { type: 'string', title: '渠道', enum: ['sms', 'email'] },
            recipient: { type: 'string', title: '收件人（完整手机号或邮箱）' },
            ...pagingQuerySchema,
          },
        },
        response: {
          200: {
            type: 'object',
            properties: {
              items: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    id: { type: 'integer' },
                    channel: { type: 'string' },
                    recipient: { type: 'string' },
                    subject: { type: ['string', 'null'] },
                    body: { type: 'string' },
                    status: { type: 'string' },
                    createdAt: { type: 'string' },
                    sentAt: { type: ['string', 'null'] },
                    error: { type: ['string', 'null'] },
                  },
                },
              },
              total: { type: 'integer' },
              page: { type: 'integer' },
              pageSize: { type: 'integer' },
              recipientsMasked: { type: 'boolean' },
            },
          },
          400: errorSchema,
        },
      },
    },
    async (request) => outbox.list(request.actor as Actor, (request.query ?? {}) as Query),
  );
}
