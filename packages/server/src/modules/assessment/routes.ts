/**
 * POST /api/v1/assessments — the contract's HTTP way in. Validation is the contract's own validator
 * (every bad field, unknown keys rejected), so HTTP, CLI and library reject exactly the same inputs.
 */
import { type AssessmentInput, AssessmentInputError, assess } from '@kexiao/rules';
import type { FastifyInstance } from 'fastify';
import { invalidInput } from '../../platform/errors.js';
import { assessmentInputSchema, assessmentResultSchema, errorSchema } from './schemas.js';

export function assessmentRoutes(app: FastifyInstance): void {
  app.post(
    '/api/v1/assessments',
    {
      config: { policy: { access: 'public', why: '公众自测，不涉及个人数据' } },
      schema: {
        tags: ['评价'],
        summary: '评价一份《科技型中小企业信息表》',
        description:
          '按评价年度适用的规则计算综合评分、直通车、未满足的条件与实地核查情形。输入有误时返回 400 并列出每一个有误的字段。',
        body: assessmentInputSchema,
        response: { 200: assessmentResultSchema, 400: errorSchema, 415: errorSchema },
      },
      // The schema documents the body; the contract's validator decides (Ajv would strip or stop at the first error).
      validatorCompiler: () => (value) => ({ value }),
    },
    async (request) => {
      try {
        return assess(request.body as AssessmentInput);
      } catch (error) {
        if (error instanceof AssessmentInputError) throw invalidInput(error.errors);
        throw error;
      }
    },
  );
}
