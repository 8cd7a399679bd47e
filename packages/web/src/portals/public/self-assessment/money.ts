import { fenToYuan, parseMoney } from '@kexiao/rules';
import { normaliseNumberText } from './formState';

const group = (digits: string) => digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/** Integer fen → "¥12,000,000.00" (always two decimals). */
export function yuanText(fen: number): string {
  const [whole = '0', cents = '00'] = fenToYuan(fen).split('.');
  return `¥${group(whole)}.${cents}`;
}

/** Integer fen → "1,200万元" / "900.00005万元", exact (integer arithmetic only). */
export function wanYuanText(fen: number): string {
  const rest = fen % 1_000_000;
  const whole = (fen - rest) / 1_000_000;
  const fraction = String(rest).padStart(6, '0').replace(/0+$/, '');
  return `${group(String(whole))}${fraction === '' ? '' : `.${fraction}`}万元`;
}

/** The echo under a money field: the parsed amount, or null when the text is empty or not an amount. */
export function moneyEcho(text: string): string | null {
  const normalised = normaliseNumberText(text);
  if (normalised === '') return null;
  const fen = parseMoney(normalised);
  return fen === null ? null : `${yuanText(fen)}（${wanYuanText(fen)}）`;
}

/** Parsed fen of a money text, or null. */
export function moneyFen(text: string): number | null {
  const normalised = normaliseNumberText(text);
  return normalised === '' ? null : parseMoney(normalised);
}
