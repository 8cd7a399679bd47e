/** HTTP of audit-log browsing: national administrators only (see service.ts for why). */
import type { FastifyInstance } from 'fastify';
import type { Actor } from '../../platform/access.js';
import { pagingQuerySchema, type Query } from '../../platform/query.js';
import { errorSchema } from '../assessment/schemas.js';
import type { AuditLogService } from './service.js';

const passThrough = () => (value: unknown) => ({ value });

const filterSchema = {
  actor: { type: 'string', title: '操作者', description: '完全匹配，如 account:12' },
  action: {
    type: 'string',
    title: '操作',
    description: '完全匹配（accounts.login），或能力名匹配其全部操作（accounts）',
  },
  subject: { type: 'string', title: '对象', description: '完全匹配，如 enterprise:91410100MA0000001X' },
  from: { type: 'string', title: '起始日期', description: 'YYYY-MM-DD（北京时间，含当日）' },
  to: { type: 'string', title: '截止日期', description: 'YYYY-MM-DD（北京时间，含当日）' },
} as const;

const policy = { policy: { access: 'staff' as const, roles: ['nationalAdmin' as const] } };

export function auditLogRoutes(app: FastifyInstance, auditLog: AuditLogService): void {
  app.get(
    '/api/v1/staff/audit-events',
    {
      config: policy,
      validatorCompiler: passThrough,
      schema: {
        tags: ['审计'],
        summary: '审计日志（最新在前；仅全国管理员）',
        description:
          '审计记录的操作者与对象无法可靠归属到省份，因此仅向全国管理员开放。verify=true 时同时校验整条哈希链。',
        querystring: {
          type: 'object',
          properties: {
            ...filterSchema,
            ...pagingQuerySchema,
            pageSize: { type: 'string', title: '每页条数', description: '1–200，默认 50' },
            verify: { type: 'string', title: '校验审计链', description: 'true 或 false' },
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
                    seq: { type: 'integer' },
                    occurredAt: { type: 'string' },
                    actor: { type: 'string' },
                    onBehalfOf: { type: ['string', 'null'] },
                    action: { type: 'string' },
                    subject: { type: 'string' },
                    detail: {},
                  },
                },
              },
              total: { type: 'integer' },
              page: { type: 'integer' },
              pageSize: { type: 'integer' },
              verification: {
                type: ['object', 'null'],
                properties: {
                  ok: { type: 'boolean' },
                  checked: { type: 'integer' },
                  lastSeq: { type: ['integer', 'null'] },
                  headHash: { type: ['string', 'null'] },
                  problem: {
                    type: ['object', 'null'],
                    properties: { kind: { type: 'string' }, seq: { type: 'integer' }, message: { type: 'string' } },
                  },
                },
              },
            },
          },
          400: errorSchema,
        },
      },
    },
    async (request) => auditLog.list((request.query ?? {}) as Query),
  );

  app.get(
    '/api/v1/staff/audit-events.xlsx',
    {
      config: policy,
      validatorCompiler: passThrough,
      schema: {
        tags: ['审计'],
        summary: '导出审计日志（xlsx，按筛选条件；仅全国管理员）',
        querystring: { type: 'object', properties: filterSchema },
      },
    },
    async (request, reply) => {
      const { stream, filename } = await auditLog.exportXlsx(request.actor as Actor, (request.query ?? {}) as Query);
      return reply
        .header('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header(
          'Content-Disposition',
          `attachment; filename="audit-log.xlsx"; filename*=UTF-8''${encodeURIComponent(filename)}`,
        )
        .header('Cache-Control', 'no-store')
        .send(stream);
    },
  );
}
