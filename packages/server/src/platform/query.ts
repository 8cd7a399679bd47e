/**
 * Query-string parameters checked by hand, every problem at once with a Chinese message naming the field
 * (`invalidInput`), so list routes answer bad paging or filters exactly like bad bodies.
 */
import type { FieldProblem } from './errors.js';

export type Query = Record<string, unknown>;

/** A single text parameter ('' and absent are both "not given"); a repeated parameter is a problem. */
export function textParam(
  query: Query,
  name: string,
  label: string,
  problems: FieldProblem[],
  maxLength = 200,
): string | undefined {
  const value = query[name];
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string') {
    problems.push({ path: name, message: `${label}：只能给出一个值` });
    return undefined;
  }
  const trimmed = value.trim();
  if (trimmed.length > maxLength) {
    problems.push({ path: name, message: `${label}：不能超过${maxLength}个字符` });
    return undefined;
  }
  return trimmed === '' ? undefined : trimmed;
}

/** An integer parameter within [min, max], or the fallback when absent. */
export function intParam(
  query: Query,
  name: string,
  label: string,
  problems: FieldProblem[],
  { min, max, fallback }: { min: number; max: number; fallback: number },
): number {
  const text = textParam(query, name, label, problems, 12);
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) {
    problems.push({ path: name, message: `${label}：须为${min}至${max}之间的整数` });
    return fallback;
  }
  return Number(text);
}

/** A boolean parameter: 'true' / 'false' (or absent = fallback). */
export function boolParam(query: Query, name: string, label: string, problems: FieldProblem[], fallback = false) {
  const text = textParam(query, name, label, problems, 5);
  if (text === undefined) return fallback;
  if (text !== 'true' && text !== 'false') {
    problems.push({ path: name, message: `${label}：只能是 true 或 false` });
    return fallback;
  }
  return text === 'true';
}

/** A calendar date 'YYYY-MM-DD' that exists (2026-02-30 does not). */
export function dateParam(query: Query, name: string, label: string, problems: FieldProblem[]): string | undefined {
  const text = textParam(query, name, label, problems, 10);
  if (text === undefined) return undefined;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const date = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
  if (!m || !date || date.toISOString().slice(0, 10) !== text) {
    problems.push({ path: name, message: `${label}：须为有效日期，格式 YYYY-MM-DD` });
    return undefined;
  }
  return text;
}

/** page (from 1) and pageSize (1–maxPageSize). */
export function pagingParams(query: Query, problems: FieldProblem[], { defaultSize = 20, maxSize = 200 } = {}) {
  const page = intParam(query, 'page', '页码', problems, { min: 1, max: 1_000_000, fallback: 1 });
  const pageSize = intParam(query, 'pageSize', '每页条数', problems, { min: 1, max: maxSize, fallback: defaultSize });
  return { page, pageSize, offset: (page - 1) * pageSize };
}

/** The JSON schema fragment documenting page and pageSize (validation is done by the helpers above). */
export const pagingQuerySchema = {
  page: { type: 'string', title: '页码', description: '从 1 开始，默认 1' },
  pageSize: { type: 'string', title: '每页条数', description: '1–200，默认 20' },
} as const;
