/**
 * CSV for the open data (RFC 4180, CRLF lines): a field is quoted when it holds a comma, quote or line break, and a
 * field starting with =, +, -, @, tab or CR is prefixed with ' so a spreadsheet never runs it as a formula.
 */

/** One CSV field. */
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV line, CRLF-terminated. */
export const csvLine = (cells: readonly (string | number | null | undefined)[]) =>
  `${cells.map(csvField).join(',')}\r\n`;
