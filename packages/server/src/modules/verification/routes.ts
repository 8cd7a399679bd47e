/** HTTP of SMS verification codes (public; rate limited per phone and per client in the database). */
import type { FastifyInstance } from 'fastify';
import { errorSchema } from '../assessment/schemas.js';
import { SMS_PURPOSES, type VerificationService } from './service.js';

export function verificationRoutes(app: FastifyInstance, verification: VerificationService): void {
  app.post(
    '/api/v1/verification/sms-codes',
    {
      config: { policy: { access: 'public', why: '注册、找回密码和公众异议都需在登录前获取验证码；按号码与来源限流' } },
      schema: {
        tags: ['验证码'],
        summary: '发送短信验证码',
        description: '向手机号码发送6位验证码，5分钟内有效、只能使用一次；同一号码60秒内只能发送一次，每日有上限。',
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['phone', 'purpose'],
          properties: {
            phone: {
              type: 'string',
              title: '手机号码',
              description: '应为11位中国大陆手机号码',
              pattern: '^1[3-9]\\d{9}$',
            },
            purpose: {
              type: 'string',
              title: '用途',
              description: `只能是 ${SMS_PURPOSES.join('、')} 之一`,
              enum: [...SMS_PURPOSES],
            },
          },
        },
        response: {
          202: {
            type: 'object',
            properties: { expiresInSeconds: { type: 'integer' }, resendAfterSeconds: { type: 'integer' } },
          },
          400: errorSchema,
          429: errorSchema,
        },
      },
    },
    async (request, reply) => {
      const body = request.body as { phone: string; purpose: string };
      const result = await verification.requestCode({ phone: body.phone, purpose: body.purpose, client: request.ip });
      return reply.status(202).send(result);
    },
  );
}
