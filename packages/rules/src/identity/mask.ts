/**
 * Masking of personal data for lists, exports and logs: identity-card and phone numbers never appear in clear.
 */

/** '410105199001011234' → '4101**********1234' (first 4, last 4). */
export function maskIdCard(id: string): string {
  if (typeof id !== 'string' || id.length <= 8) return '*'.repeat(Math.max(0, id?.length ?? 0));
  return `${id.slice(0, 4)}${'*'.repeat(id.length - 8)}${id.slice(-4)}`;
}

/** '13812345678' → '138****5678'. */
export function maskPhone(phone: string): string {
  if (typeof phone !== 'string' || phone.length < 7) return '*'.repeat(Math.max(0, phone?.length ?? 0));
  return `${phone.slice(0, 3)}${'*'.repeat(phone.length - 7)}${phone.slice(-4)}`;
}

/** '张三' → '张*', '欧阳娜娜' → '欧**娜'. */
export function maskPersonName(name: string): string {
  const chars = [...(typeof name === 'string' ? name : '')];
  if (chars.length <= 1) return chars.join('');
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}

/** 'someone@example.com' → 's*****e@example.com'. */
export function maskEmail(email: string): string {
  const at = typeof email === 'string' ? email.indexOf('@') : -1;
  if (at < 1) return maskPersonName(email ?? '');
  const local = email.slice(0, at);
  const masked =
    local.length <= 2 ? `${local[0]}*` : `${local[0]}${'*'.repeat(local.length - 2)}${local[local.length - 1]}`;
  return `${masked}${email.slice(at)}`;
}

const ID_PATTERN = /(?<!\d)(\d{6})(\d{8})(\d{3}[\dXx])(?![\dXx])/g;
const MOBILE_PATTERN = /(?<!\d)(1[3-9]\d)(\d{4})(\d{4})(?!\d)/g;

/** Mask every identity-card and mobile number inside free text (for log lines and error messages). */
export function maskPersonalData(text: string): string {
  return text.replace(ID_PATTERN, (m) => maskIdCard(m)).replace(MOBILE_PATTERN, (m) => maskPhone(m));
}
