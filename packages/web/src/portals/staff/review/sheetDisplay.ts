/** How the read-only 信息表 shows its values, and which fields the warnings concern. */
import { formatYuan, parseMoney, type Warning, WARNING_LABELS } from '@kexiao/rules';

export const yesNo = (value: unknown): string | null => (value === true ? '是' : value === false ? '否' : null);

/** An amount in yuan as "¥1,234,567.89", or the text as entered when it is not an amount. */
export function money(value: unknown): string | null {
  if (value === undefined || value === null || value === '') return null;
  const fen = parseMoney(value);
  return fen === null ? String(value) : formatYuan(fen);
}

/** A bigint sum of fen as "¥1,234,567.89". */
export function bigYuan(fen: bigint): string {
  const negative = fen < 0n;
  const abs = negative ? -fen : fen;
  const whole = (abs / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const cents = Number(abs % 100n);
  return `${negative ? '-' : ''}¥${whole}${cents === 0 ? '' : `.${cents < 10 ? '0' : ''}${cents}`}`;
}

export const plain = (value: unknown): string | null =>
  value === undefined || value === null || value === '' ? null : typeof value === 'string' ? value : String(value);

/** The warnings by the field path they concern (a row section's warnings under its key, e.g. `rdProjects`). */
export function warningsByPath(warnings: readonly Warning[]): Map<string, Warning[]> {
  const map = new Map<string, Warning[]>();
  for (const w of warnings) {
    for (const p of w.paths) map.set(p, [...(map.get(p) ?? []), w]);
  }
  return map;
}

export const warningLabel = (w: Warning) => (WARNING_LABELS as Record<string, string>)[w.code] ?? w.code;

/** The element id of a field of the read-only sheet (the warnings list links to it). */
export const sheetFieldId = (path: string) => `sheet-${path.replace(/[^A-Za-z0-9_-]/g, '-')}`;
