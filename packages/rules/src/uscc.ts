/**
 * 统一社会信用代码 (GB 32100-2015): 18 characters from 0-9 A-H J-N P-R T U W-Y;
 * the 18th is a check character over the first 17 with weights 3^i mod 31.
 */
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const VALUE = new Map<string, number>([...ALPHABET].map((c, i) => [c, i]));

/** The check character for the first 17 characters of a code, or null when one is outside the alphabet. */
export function usccCheckChar(first17: string): string | null {
  if (first17.length !== 17) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = VALUE.get(first17.charAt(i));
    if (v === undefined) return null;
    sum += v * (WEIGHTS[i] as number);
  }
  return ALPHABET.charAt((31 - (sum % 31)) % 31);
}

/** True when the code is a well-formed USCC with a correct check character (upper case only). */
export function isValidUscc(code: string): boolean {
  if (typeof code !== 'string' || code.length !== 18) return false;
  const check = usccCheckChar(code.slice(0, 17));
  return check !== null && code.charAt(17) === check;
}
