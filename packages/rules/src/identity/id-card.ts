/**
 * 居民身份证号码 (GB 11643-1999): 6-digit address code, 8-digit birth date, 3-digit sequence, check character
 * (ISO 7064 MOD 11-2: weights 2^(17-i) mod 11, result 0–10 as '1 0 X 9 8 7 6 5 4 3 2').
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

/** The check character for the first 17 digits, or null when they are not 17 digits. */
export function idCardCheckChar(first17: string): string | null {
  if (!/^\d{17}$/.test(first17)) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * (WEIGHTS[i] as number);
  return CHECK.charAt(sum % 11);
}

export type IdCardProblem = 'format' | 'birthDate' | 'checkDigit';

/**
 * Check an 18-character ID number: format, a real birth date not after `today` (YYYY-MM-DD) and not before 1900,
 * and the check character. Lower-case x is not accepted (the UI upper-cases as the user types).
 */
export function checkIdCardNumber(
  id: string,
  today: string = new Date().toISOString().slice(0, 10),
): IdCardProblem | null {
  if (typeof id !== 'string' || !/^\d{17}[\dX]$/.test(id)) return 'format';
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  const birth = new Date(Date.UTC(y, m - 1, d));
  const birthIso = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  if (birth.getUTCFullYear() !== y || birth.getUTCMonth() !== m - 1 || birth.getUTCDate() !== d) return 'birthDate';
  if (y < 1900 || birthIso > today) return 'birthDate';
  return idCardCheckChar(id.slice(0, 17)) === id.charAt(17) ? null : 'checkDigit';
}

/** True when the ID number is well formed with a real birth date and a correct check character. */
export function isValidIdCardNumber(id: string, today?: string): boolean {
  return checkIdCardNumber(id, today) === null;
}

export const ID_CARD_MESSAGES: Readonly<Record<IdCardProblem, string>> = {
  format: '身份证号码应为18位，前17位为数字，最后一位为数字或大写X',
  birthDate: '身份证号码中的出生日期无效',
  checkDigit: '身份证号码校验位不正确，请核对',
};
