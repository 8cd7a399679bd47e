/** HTTP of staff administration (administrators only; the service decides whose accounts each may touch). */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { StaffRole } from '../../db/schema.js';
import type { Actor } from '../../platform/access.js';
import { errorSchema } from '../assessment/schemas.js';
import type { StaffAdministration } from './service.js';

const ADMINS: StaffRole[] = ['nationalAdmin', 'provinceAdmin'];
const passThrough = () => (value: unknown) => ({ value });
const actorOf = (request: FastifyRequest) => request.actor as Actor;
const idOf = (request: FastifyRequest) => String((request.params as { id?: string }).id ?? '');
const errors = { 400: errorSchema, 403: errorSchema, 404: errorSchema, 409: errorSchema };

export function staffRoutes(app: FastifyInstance, staff: StaffAdministration): void {
  const policy = { access: 'staff', roles: ADMINS } as const;

  app.get(
    '/api/v1/staff/accounts',
    {
      config: { policy },
      validatorCompiler: passThrough,
      schema: {
        tags: ['工作人员'],
        summary: '工作人员账号列表（手机号已脱敏）',
        description: '省级管理员：本省评价工作机构的人员；全国管理员：全部。agencyId 只列该机构的人员。',
        querystring: { type: 'object', properties: { agencyId: { type: 'string', title: '评价工作机构编号' } } },
      },
    },
    async (request) => {
      const q = (request.query ?? {}) as Record<string, unknown>;
      const agencyId = typeof q.agencyId === 'string' ? q.agencyId : undefined;
      return { accounts: await staff.list(actorOf(request), agencyId) };
    },
  );

  app.post(
    '/api/v1/staff/accounts',
    {
      config: { policy },
      validatorCompiler: passThrough,
      schema: {
        tags: ['工作人员'],
        summary: '创建工作人员账号（初始密码由系统生成，仅在本次返回）',
        body: {
          type: 'object',
          properties: {
            loginName: { type: 'string', title: '登录名' },
            displayName: { type: 'string', title: '姓名' },
            phone: { type: 'string', title: '手机号码' },
            role: { type: 'string', enum: ['nationalAdmin', 'provinceAdmin', 'agencyHead', 'agencyReviewer'] },
            provinceCode: { type: 'string', title: '所辖省份（省级管理员）' },
            agencyId: { type: 'integer', title: '所属评价工作机构（机构人员）' },
          },
        },
      },
    },
    async (request, reply) => reply.status(201).send(await staff.create(actorOf(request), request.body)),
  );

  app.get(
    '/api/v1/staff/accounts/:id',
    { config: { policy }, schema: { tags: ['工作人员'], summary: '工作人员账号', response: { 404: errorSchema } } },
    async (request) => staff.get(actorOf(request), idOf(request)),
  );

  for (const [action, status, summary] of [
    ['disable', 'disabled', '停用工作人员账号（同时注销其全部会话）'],
    ['enable', 'active', '启用工作人员账号'],
  ] as const) {
    app.post(
      `/api/v1/staff/accounts/:id/${action}`,
      { config: { policy }, schema: { tags: ['工作人员'], summary, response: errors } },
      async (request) => staff.setStatus(actorOf(request), idOf(request), status),
    );
  }

  app.post(
    '/api/v1/staff/accounts/:id/password-reset',
    {
      config: { policy },
      schema: {
        tags: ['工作人员'],
        summary: '重置工作人员密码（生成临时密码，仅显示一次；注销其全部会话）',
        response: errors,
      },
    },
    async (request) => staff.resetPassword(actorOf(request), idOf(request)),
  );
}
