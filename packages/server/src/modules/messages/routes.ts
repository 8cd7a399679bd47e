/** HTTP of 我的消息: one's own in-app messages. Query and path are checked by the service, in Chinese. */
import type { FastifyInstance } from 'fastify';
import type { Actor } from '../../platform/access.js';
import { pagingQuerySchema, type Query } from '../../platform/query.js';
import { errorSchema } from '../assessment/schemas.js';
import { MessagesService, parseMessageId } from './service.js';

const passThrough = () => (value: unknown) => ({ value });

const messageView = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    category: { type: 'string' },
    title: { type: 'string' },
    body: { type: 'string' },
    link: { type: ['string', 'null'] },
    createdAt: { type: 'string' },
    readAt: { type: ['string', 'null'] },
  },
};

export function messageRoutes(app: FastifyInstance, messages: MessagesService): void {
  const actorOf = (request: { actor: Actor | null }) => request.actor as Actor;
  const signedIn = { policy: { access: 'signedIn' as const } };

  app.get(
    '/api/v1/messages',
    {
      config: signedIn,
      validatorCompiler: passThrough,
      schema: {
        tags: ['消息'],
        summary: '我的消息（最新在前）',
        querystring: {
          type: 'object',
          properties: {
            unread: { type: 'string', title: '仅看未读', description: 'true 或 false' },
            ...pagingQuerySchema,
          },
        },
        response: {
          200: {
            type: 'object',
            properties: {
              items: { type: 'array', items: messageView },
              total: { type: 'integer' },
              unread: { type: 'integer' },
              page: { type: 'integer' },
              pageSize: { type: 'integer' },
            },
          },
          400: errorSchema,
        },
      },
    },
    async (request) => messages.list(actorOf(request), (request.query ?? {}) as Query),
  );

  app.get(
    '/api/v1/messages/unread-count',
    {
      config: signedIn,
      schema: {
        tags: ['消息'],
        summary: '未读消息数',
        response: { 200: { type: 'object', properties: { unread: { type: 'integer' } } } },
      },
    },
    async (request) => messages.unreadCount(actorOf(request)),
  );

  app.post(
    '/api/v1/messages/read-all',
    {
      config: signedIn,
      schema: {
        tags: ['消息'],
        summary: '全部标为已读',
        response: { 200: { type: 'object', properties: { marked: { type: 'integer' }, unread: { type: 'integer' } } } },
      },
    },
    async (request) => messages.markAllRead(actorOf(request)),
  );

  app.post(
    '/api/v1/messages/:id/read',
    {
      config: signedIn,
      validatorCompiler: passThrough,
      schema: {
        tags: ['消息'],
        summary: '标为已读',
        description: '只能标记自己的消息；他人的消息编号与不存在的一样答复 404。',
        params: { type: 'object', properties: { id: { type: 'string', title: '消息编号' } } },
        response: { 200: messageView, 400: errorSchema, 404: errorSchema },
      },
    },
    async (request) => messages.markRead(actorOf(request), parseMessageId((request.params as { id: string }).id)),
  );
}
