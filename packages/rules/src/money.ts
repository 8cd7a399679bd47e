/**
 * Exact money: decimal yuan ↔ integer fen (分). Money is never handled as a binary float:
 * strings are parsed digit by digit, JSON numbers through their shortest decimal text.
 */

/** Largest amount accepted, in fen: every product in a decision stays exact (see compareScaled). */
export const MAX_FEN = Number.MAX_SAFE_INTEGER;

const MAX_YUAN = Math.floor(MAX_FEN / 100);

export type MoneyParse =
  { ok: true; fen: number } | { ok: false; reason: 'type' | 'format' | 'negative' | 'decimals' | 'range' };

const REASONS = ['type', 'format', 'negative', 'decimals', 'range'] as const;
const TYPE = -1;
const FORMAT = -2;
const NEGATIVE = -3;
const DECIMALS = -4;
const RANGE = -5;

/**
 * The hot path: yuan → integer fen (≥ 0), or a negative code for the reason it is not an amount.
 * Allocates nothing.
 */
export function parseFen(value: unknown): number {
  let text: string;
  if (typeof value === 'string') {
    text = value;
  } else if (typeof value === 'number') {
    if (!Number.isFinite(value)) return FORMAT;
    if (value < 0) return NEGATIVE;
    if (value === 0) return 0;
    // Shortest round-trip decimal text of the number: the digits the JSON document carried.
    text = String(value);
    if (text.includes('e')) return text.includes('e-') ? DECIMALS : RANGE;
  } else {
    return TYPE;
  }
  const n = text.length;
  if (n === 0) return FORMAT;
  if (text.charCodeAt(0) === 45 /* - */) return /^-\d+(\.\d+)?$/.test(text) ? NEGATIVE : FORMAT;
  let i = 0;
  let yuan = 0;
  for (; i < n; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) break;
    yuan = yuan * 10 + c;
  }
  const digits = i;
  if (digits === 0) return FORMAT;
  let fen = 0;
  if (i < n) {
    if (text.charCodeAt(i) !== 46 /* . */) return FORMAT;
    i++;
    const first = i;
    for (; i < n; i++) {
      const c = text.charCodeAt(i) - 48;
      if (c < 0 || c > 9) return FORMAT;
      if (i === first) fen = c * 10;
      else if (i === first + 1) fen += c;
    }
    if (i === first) return FORMAT;
    if (i - first > 2) return DECIMALS;
  }
  // yuan is exact while it has at most 15 significant digits; beyond 14 it is out of range anyway.
  if (digits - leadingZeros(text, digits) > 14 || yuan > MAX_YUAN || (yuan === MAX_YUAN && fen > MAX_FEN % 100)) {
    return RANGE;
  }
  return yuan * 100 + fen;
}

/**
 * Parse yuan (a decimal string like "12000000.00" / "9000000.5" / "720000", or a JSON number)
 * into integer fen. At most two decimals; no sign, exponent, separators or spaces.
 */
export function parseMoneyDetailed(value: unknown): MoneyParse {
  const fen = parseFen(value);
  return fen >= 0 ? { ok: true, fen } : { ok: false, reason: REASONS[-fen - 1] as (typeof REASONS)[number] };
}

function leadingZeros(text: string, digits: number): number {
  let z = 0;
  while (z < digits - 1 && text.charCodeAt(z) === 48) z++;
  return z;
}

/** Parse yuan into integer fen, or null when it is not a valid amount. */
export function parseMoney(value: unknown): number | null {
  const parsed = parseMoneyDetailed(value);
  return parsed.ok ? parsed.fen : null;
}

/** Integer fen → canonical decimal yuan text with two decimals ("720000.00"). */
export function fenToYuan(fen: number): string {
  const yuan = Math.trunc(fen / 100);
  const cents = fen - yuan * 100;
  return `${yuan}.${cents < 10 ? '0' : ''}${cents}`;
}

/** Integer fen → "¥12,000,000" (decimals shown only when there are fen: "¥35,000.50"). */
export function formatYuan(fen: number): string {
  const negative = fen < 0;
  const abs = Math.abs(fen);
  const yuan = Math.trunc(abs / 100);
  const cents = abs - yuan * 100;
  const grouped = String(yuan).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '-' : ''}¥${grouped}${cents === 0 ? '' : `.${cents < 10 ? '0' : ''}${cents}`}`;
}

/**
 * Exact comparison of two scaled non-negative integers: a·p ≥ b·q.
 * Plain arithmetic while both products are exact doubles, BigInt otherwise.
 */
export function compareScaled(a: number, p: number, b: number, q: number): boolean {
  const left = a * p;
  const right = b * q;
  if (left <= Number.MAX_SAFE_INTEGER && right <= Number.MAX_SAFE_INTEGER) return left >= right;
  return BigInt(a) * BigInt(p) >= BigInt(b) * BigInt(q);
}

/** Smallest integer x ≥ 0 with x·100 ≥ pct·base, i.e. ⌈pct·base/100⌉, exactly. */
export function ceilPercentOf(base: number, pct: number): number {
  const product = base * pct;
  if (product <= Number.MAX_SAFE_INTEGER) {
    const rest = product % 100;
    return (product - rest) / 100 + (rest > 0 ? 1 : 0);
  }
  const big = BigInt(base) * BigInt(pct);
  return Number((big + 99n) / 100n);
}
