/**
 * Registration numbers (入库登记编号). Their official format is not published (docs/domain/research-notes.md §5),
 * so the platform makes them through one replaceable strategy: `AppOptions.registrationNumbering`. Whatever the
 * strategy, the database keeps a number unique per province and year and never issues a sequence number twice
 * (`registration_counter` only grows); a strategy only has to give distinct numbers for distinct sequence numbers
 * of one province and year.
 */

export interface NumberingInput {
  /** The province's 6-digit GB/T 2260 code, e.g. 410000. */
  provinceCode: string;
  evaluationYear: number;
  /** 1, 2, 3 … per province and year, in announcement order. */
  seq: number;
}

export interface RegistrationNumbering {
  /** Shown in the README and recorded in the announcement's audit entry. */
  readonly description: string;
  format(input: NumberingInput): string;
}

/**
 * The default: the evaluation year, the province's 2-digit code and the sequence number in at least 6 digits —
 * 2025 41 000123 → `202541000123` (12 digits; more only past 999,999 numbers in one province and year).
 */
export const defaultNumbering: RegistrationNumbering = {
  description: '评价年度（4位）+ 省级行政区划代码前2位 + 省内当年顺序号（至少6位），如 202541000123',
  format: ({ provinceCode, evaluationYear, seq }) =>
    `${evaluationYear}${provinceCode.slice(0, 2)}${String(seq).padStart(6, '0')}`,
};
