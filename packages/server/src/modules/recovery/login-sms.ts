/**
 * 短信验证登录 (login with an SMS code, an account setting): the second step of login after a correct password.
 * Kept apart from the recovery service so the accounts service can call it without an import cycle.
 */
import { isSmsCodeFormat, maskPhone } from '@kexiao/rules';
import { AppError } from '../../platform/errors.js';
import type { VerificationService } from '../verification/service.js';

/**
 * 短信验证登录: called by login after a correct password. Null when the account does not require it or the code
 * is right; otherwise throws 401 sms_required (a code is sent to the bound phone) or returns the reason the code
 * was refused, which the login counts as a failed attempt.
 */
export async function loginSmsCheck(
  verification: VerificationService,
  account: { login_sms_required: boolean; phone: string | null },
  body: Record<string, unknown>,
  client: string,
): Promise<string | null> {
  if (!account.login_sms_required || account.phone === null) return null;
  const phone = account.phone;
  const code = body.smsCode;
  if (code === undefined || code === null || code === '') {
    try {
      await verification.requestCode({ phone, purpose: 'login', client });
    } catch (error) {
      // A code went to this phone less than a minute ago (perhaps for another purpose): say when to try again.
      if (error instanceof AppError && error.statusCode === 429) {
        throw new AppError(
          429,
          'rate_limited',
          `该账号已开启短信验证登录，${error.message.replace(/^验证码/, '短信验证码')}`,
        );
      }
      throw error;
    }
    throw new AppError(
      401,
      'sms_required',
      `该账号已开启短信验证登录，验证码已发送至 ${maskPhone(phone)}，请输入短信验证码`,
      [{ path: 'smsCode', message: `短信验证码：已发送至 ${maskPhone(phone)}` }],
    );
  }
  if (typeof code !== 'string' || !isSmsCodeFormat(code)) return '应为6位数字';
  try {
    await verification.consumeCode({ phone, purpose: 'login', code });
    return null;
  } catch (error) {
    if (error instanceof AppError && error.statusCode === 400) {
      return (error.fields?.[0]?.message ?? error.message).replace(/^验证码：/, '');
    }
    throw error;
  }
}
