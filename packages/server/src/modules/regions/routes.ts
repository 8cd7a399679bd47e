/** HTTP of regions (public: administrative divisions are public information). */
import type { FastifyInstance } from 'fastify';
import { errorSchema } from '../assessment/schemas.js';
import { REGION_CODE, type RegionService } from './service.js';

export function regionRoutes(app: FastifyInstance, regions: RegionService): void {
  app.get(
    '/api/v1/regions',
    {
      config: { policy: { access: 'public', why: '行政区划是公开信息（注册时选择注册地）' } },
      schema: {
        tags: ['行政区划'],
        summary: '下级行政区划',
        description: '不带 parent 时返回省级行政区；带 parent 时返回其现行有效的下级行政区划与功能区。',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            parent: {
              type: 'string',
              title: '上级区划代码',
              description: '应为6位行政区划代码或功能区代码',
              pattern: REGION_CODE.source,
            },
          },
        },
        response: {
          200: {
            type: 'object',
            properties: {
              regions: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: { code: { type: 'string' }, name: { type: 'string' }, kind: { type: 'string' } },
                },
              },
            },
          },
          400: errorSchema,
        },
      },
    },
    async (request, reply) => {
      const { parent } = request.query as { parent?: string };
      const list = await regions.children(parent ?? null);
      reply.header('Cache-Control', 'public, max-age=3600');
      return { regions: list.map((r) => ({ code: r.code, name: r.name, kind: r.kind })) };
    },
  );
}
