/**
 * Account rules from the registration guides (河南省科技型中小企业评价工作通知 附件2): login names of letters,
 * digits and underscore; passwords of at least 8 characters using at least 3 of upper case, lower case,
 * digits and symbols; a 弱/中/强 strength meter; mainland mobile numbers; 6-digit SMS codes.
 */

export const LOGIN_NAME_MIN = 4;
export const LOGIN_NAME_MAX = 32;
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 64;

/** A problem with a login name (Chinese), or null. */
export function checkLoginName(name: string): string | null {
  if (typeof name !== 'string' || name.length === 0) return '请填写登录名';
  if (!/^[A-Za-z0-9_]+$/.test(name)) return '登录名只能包含字母、数字和下划线';
  if (name.length < LOGIN_NAME_MIN || name.length > LOGIN_NAME_MAX) {
    return `登录名长度应为${LOGIN_NAME_MIN}–${LOGIN_NAME_MAX}个字符`;
  }
  if (/^\d+$/.test(name)) return '登录名不能全为数字（以免与手机号码、统一社会信用代码混淆）';
  return null;
}

export type PasswordStrength = 'weak' | 'medium' | 'strong';

export interface PasswordCheck {
  /** Meets the policy (length and 3 of 4 character classes, not trivially guessable). */
  ok: boolean;
  /** Chinese, one per unmet requirement. */
  problems: string[];
  /** Character classes used (0–4). */
  classes: number;
  strength: PasswordStrength;
  /** 弱 / 中 / 强 */
  strengthLabel: string;
}

const COMMON = new Set([
  'password',
  'passw0rd',
  'p@ssw0rd',
  'qwerty',
  'abc123',
  'admin',
  'admin123',
  'iloveyou',
  'woaini',
]);
const LABELS: Readonly<Record<PasswordStrength, string>> = { weak: '弱', medium: '中', strong: '强' };

function hasRunOf(password: string, length: number): boolean {
  let run = 1;
  for (let i = 1; i < password.length; i++) {
    const step = password.charCodeAt(i) - password.charCodeAt(i - 1);
    run = step === 0 || step === 1 || step === -1 ? run + 1 : 1;
    if (run >= length) return true;
  }
  return false;
}

/** Check a password against the policy and rate its strength. `context` holds words it must not contain. */
export function checkPassword(password: string, context: string[] = []): PasswordCheck {
  const problems: string[] = [];
  const p = typeof password === 'string' ? password : '';
  const classes =
    (/[A-Z]/.test(p) ? 1 : 0) + (/[a-z]/.test(p) ? 1 : 0) + (/\d/.test(p) ? 1 : 0) + (/[^A-Za-z0-9]/.test(p) ? 1 : 0);
  if (p.length < PASSWORD_MIN) problems.push(`密码长度不能少于${PASSWORD_MIN}位`);
  if (p.length > PASSWORD_MAX) problems.push(`密码长度不能超过${PASSWORD_MAX}位`);
  if (classes < 3) problems.push('密码须至少包含大写字母、小写字母、数字、特殊符号中的3种');
  if (/\s/.test(p)) problems.push('密码不能包含空格');
  const lower = p.toLowerCase();
  const stem = lower.replace(/[^a-z0-9@]/g, '');
  if (COMMON.has(lower) || COMMON.has(stem) || [...COMMON].some((w) => lower.startsWith(w) && p.length < 12)) {
    problems.push('密码过于常见，请换一个');
  }
  for (const word of context) {
    if (word.length >= 4 && lower.includes(word.toLowerCase())) {
      problems.push('密码不能包含登录名、手机号码等个人信息');
      break;
    }
  }
  const ok = problems.length === 0;
  let strength: PasswordStrength = 'weak';
  if (ok) {
    const long = p.length >= 12;
    strength = (classes === 4 || long) && !hasRunOf(p, 4) ? 'strong' : 'medium';
  }
  return { ok, problems, classes, strength, strengthLabel: LABELS[strength] };
}

/** Mainland mobile number: 11 digits starting with 1[3-9]. */
export function isValidMobile(phone: string): boolean {
  return typeof phone === 'string' && /^1[3-9]\d{9}$/.test(phone);
}

/** SMS verification code: exactly 6 digits. */
export function isSmsCodeFormat(code: string): boolean {
  return typeof code === 'string' && /^\d{6}$/.test(code);
}
