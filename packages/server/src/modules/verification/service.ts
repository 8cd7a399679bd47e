/**
 * SMS verification codes (registration, login, password reset, binding a phone): 6 digits, valid 5 minutes,
 * single use, at most one per 60 s per phone and a daily cap per phone, plus a per-client cap. The code is
 * never stored or logged: only its hash.
 */
import { createHash, randomInt } from 'node:crypto';
import { isSmsCodeFormat, isValidMobile, maskPhone } from '@kexiao/rules';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { writeAudit } from '../../platform/audit.js';
import { AppError, invalidInput } from '../../platform/errors.js';
import type { SmsGateway } from '../../platform/notifications/sms.js';
import { DatabaseRateLimiter, type RateLimiter } from '../../platform/rate-limit.js';

export const SMS_PURPOSES = [
  'register',
  'login',
  'resetPassword',
  'bindPhone',
  'objection',
  'changePhone',
  'appeal',
] as const;
export type SmsPurpose = (typeof SMS_PURPOSES)[number];

const PURPOSE_TEXT: Readonly<Record<SmsPurpose, string>> = {
  register: '注册账号',
  login: '登录',
  resetPassword: '重置密码',
  bindPhone: '绑定手机号码',
  objection: '提交公示异议',
  changePhone: '变更主代办人手机号码',
  appeal: '提交账号申诉（绑定新手机号码）',
};

export const SMS_CODE_TTL_SECONDS = 5 * 60;
export const SMS_RESEND_SECONDS = 60;
export const SMS_DAILY_CAP_PER_PHONE = 10;
export const SMS_HOURLY_CAP_PER_CLIENT = 30;
export const SMS_MAX_FAILED_ATTEMPTS = 5;

function codeHash(phone: string, purpose: string, code: string): string {
  return createHash('sha256').update(`${phone}\u0000${purpose}\u0000${code}`).digest('hex');
}

function tooMany(message: string, retryAfterSeconds: number): AppError {
  return new AppError(429, 'rate_limited', `${message}，请${retryAfterSeconds}秒后再试`, [
    { path: 'phone', message: `${message}` },
  ]);
}

export class VerificationService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly sms: SmsGateway,
    private readonly clock: () => Date = () => new Date(),
    private readonly limiter: RateLimiter = new DatabaseRateLimiter(db),
  ) {}

  /** Send a new code. Refused with 400 (bad phone or purpose) or 429 (too frequent), nothing sent or stored. */
  async requestCode(input: {
    phone: unknown;
    purpose: unknown;
    client: string;
  }): Promise<{ expiresInSeconds: number; resendAfterSeconds: number }> {
    const problems = [];
    if (typeof input.phone !== 'string' || !isValidMobile(input.phone)) {
      problems.push({ path: 'phone', message: '手机号码：应为11位中国大陆手机号码' });
    }
    if (!SMS_PURPOSES.includes(input.purpose as SmsPurpose)) {
      problems.push({ path: 'purpose', message: `用途：只能是 ${SMS_PURPOSES.join('、')} 之一` });
    }
    if (problems.length > 0) throw invalidInput(problems);
    const phone = input.phone as string;
    const purpose = input.purpose as SmsPurpose;
    const now = this.clock();
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');

    await this.db.transaction().execute(async (trx) => {
      // Counted in this transaction: a refused or failed request leaves no trace in the limits either (in the
      // database; Redis cannot roll back, so there they still count — see RateLimiter.hit).
      const perPhone = await this.limiter.hit(
        `sms:phone:${phone}`,
        { limit: 1, windowSeconds: SMS_RESEND_SECONDS },
        now,
        trx,
      );
      if (!perPhone.allowed) throw tooMany('验证码发送过于频繁', perPhone.retryAfterSeconds);
      const daily = await this.limiter.hit(
        `sms:day:${phone}`,
        { limit: SMS_DAILY_CAP_PER_PHONE, windowSeconds: 86_400 },
        now,
        trx,
      );
      if (!daily.allowed) throw tooMany('该手机号码今日获取验证码次数已达上限', daily.retryAfterSeconds);
      const client = await this.limiter.hit(
        `sms:client:${input.client}`,
        { limit: SMS_HOURLY_CAP_PER_CLIENT, windowSeconds: 3600 },
        now,
        trx,
      );
      if (!client.allowed) throw tooMany('请求过于频繁', client.retryAfterSeconds);

      await trx
        .insertInto('sms_code')
        .values({
          phone,
          purpose,
          code_hash: codeHash(phone, purpose, code),
          created_at: now.toISOString(),
          expires_at: new Date(now.getTime() + SMS_CODE_TTL_SECONDS * 1000).toISOString(),
          consumed_at: null,
        })
        .execute();
      await this.sms.send(
        phone,
        `【科小】您正在${PURPOSE_TEXT[purpose]}，验证码${code}，5分钟内有效。如非本人操作，请忽略本短信。`,
        trx,
      );
      await writeAudit(trx, {
        actor: `client:${input.client}`,
        action: 'verification.smsCodeSent',
        subject: `phone:${maskPhone(phone)}`,
        detail: { purpose, gateway: this.sms.name },
      });
    });
    return { expiresInSeconds: SMS_CODE_TTL_SECONDS, resendAfterSeconds: SMS_RESEND_SECONDS };
  }

  /**
   * Consume a code: valid only once, within 5 minutes, for the same phone and purpose, and only the newest code.
   * Five wrong tries invalidate it. Throws 400 with a Chinese reason.
   */
  async consumeCode(input: { phone: string; purpose: SmsPurpose; code: unknown }): Promise<void> {
    if (typeof input.code !== 'string' || !isSmsCodeFormat(input.code)) {
      throw invalidInput([{ path: 'code', message: '验证码：应为6位数字' }]);
    }
    const code = input.code;
    const now = this.clock();
    const failure = await this.db.transaction().execute(async (trx) => {
      const latest = await trx
        .selectFrom('sms_code')
        .selectAll()
        .where('phone', '=', input.phone)
        .where('purpose', '=', input.purpose)
        .orderBy('id', 'desc')
        .limit(1)
        .forUpdate()
        .executeTakeFirst();
      if (!latest) return '请先获取验证码';
      if (latest.consumed_at !== null) return '验证码已使用，请重新获取';
      if (new Date(latest.expires_at).getTime() <= now.getTime()) return '验证码已过期，请重新获取';
      if (latest.failed_attempts >= SMS_MAX_FAILED_ATTEMPTS) return '验证码错误次数过多，请重新获取';
      if (latest.code_hash !== codeHash(input.phone, input.purpose, code)) {
        await trx
          .updateTable('sms_code')
          .set({ failed_attempts: latest.failed_attempts + 1 })
          .where('id', '=', latest.id)
          .execute();
        return '验证码不正确';
      }
      await trx.updateTable('sms_code').set({ consumed_at: now.toISOString() }).where('id', '=', latest.id).execute();
      await writeAudit(trx, {
        actor: `phone:${maskPhone(input.phone)}`,
        action: 'verification.smsCodeConsumed',
        subject: `phone:${maskPhone(input.phone)}`,
        detail: { purpose: input.purpose },
      });
      return null;
    });
    if (failure !== null) throw invalidInput([{ path: 'code', message: `验证码：${failure}` }]);
  }
}
