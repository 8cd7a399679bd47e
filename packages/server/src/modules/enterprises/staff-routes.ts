/** HTTP of the staff view of enterprises (every staff role; rows limited to the actor's data scope). */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { StaffRole } from '../../db/schema.js';
import type { Actor } from '../../platform/access.js';
import { errorSchema } from '../assessment/schemas.js';
import type { StaffEnterprises } from './staff-service.js';

const ALL_STAFF: StaffRole[] = ['nationalAdmin', 'provinceAdmin', 'agencyHead', 'agencyReviewer'];
const passThrough = () => (value: unknown) => ({ value });
const actorOf = (request: FastifyRequest) => request.actor as Actor;

export function staffEnterpriseRoutes(app: FastifyInstance, enterprises: StaffEnterprises): void {
  app.get(
    '/api/v1/staff/enterprises',
    {
      config: { policy: { access: 'staff', roles: ALL_STAFF } },
      validatorCompiler: passThrough,
      schema: {
        tags: ['企业查询'],
        summary: '管辖范围内的企业（按名称或统一社会信用代码、所在地区查询；个人信息已脱敏）',
        querystring: {
          type: 'object',
          properties: {
            q: { type: 'string', title: '企业名称或统一社会信用代码' },
            regionCode: { type: 'string', title: '所在地区（含下级）' },
            page: { type: 'string', title: '页码（从1开始）' },
            pageSize: { type: 'string', title: '每页条数（1–100，默认20）' },
          },
        },
        response: { 400: errorSchema },
      },
    },
    async (request) => enterprises.list(actorOf(request), (request.query ?? {}) as Record<string, unknown>),
  );

  app.get(
    '/api/v1/staff/enterprises/:id',
    {
      config: { policy: { access: 'staff', roles: ALL_STAFF } },
      schema: {
        tags: ['企业查询'],
        summary: '企业详情（含其注册地所属的评价工作机构）；不在管辖范围内的企业答复 404',
        response: { 404: errorSchema },
      },
    },
    async (request) => enterprises.detail(actorOf(request), String((request.params as { id?: string }).id ?? '')),
  );
}
