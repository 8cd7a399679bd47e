/** Exact amounts of any size (fen as bigint) as display text. */
import { moneyFen } from '../../public/self-assessment/money';

const group = (digits: string) => digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/** 123456789n → "¥1,234,567.89" (a negative amount keeps its sign). */
export function bigYuanText(fen: bigint): string {
  const negative = fen < 0n;
  const abs = negative ? -fen : fen;
  const cents = (abs % 100n).toString().padStart(2, '0');
  return `${negative ? '-' : ''}¥${group((abs / 100n).toString())}.${cents}`;
}

/** The fen of an amount as typed, as bigint, or null when it is empty or not an amount. */
export function fenOf(text: string): bigint | null {
  const fen = moneyFen(text);
  return fen === null ? null : BigInt(fen);
}
