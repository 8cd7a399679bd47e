/**
 * Field-by-field differences between two versions of a 信息表 (drafts or submitted sheets), as display text with
 * Chinese labels: what the agency sees when a returned filing comes back, or a registered enterprise updates.
 */
import { formatYuan, parseMoney } from '../money.js';
import type { InfoSheetDraft } from './info-sheet.js';
import {
  type Field,
  INFO_SHEET_FIELD_LABELS,
  infoSheetFieldLabel,
  type LeafSpec,
  OBJECT_SECTIONS,
  RD_BASIS_SPEC,
  ROW_SECTIONS,
} from './schema.js';

export interface InfoSheetChange {
  /** `figures.salesRevenue`, `rdProjects[1].expense`, or a whole row `rdProjects[3]` when added or removed */
  path: string;
  /** `销售收入（元）`, `研发项目第2行 当年归集研发费用`, `研发项目第4行` */
  label: string;
  /** display text; null = empty (or the row did not exist) */
  before: string | null;
  after: string | null;
}

type Obj = Record<string, unknown>;

const isObj = (value: unknown): value is Obj => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A value as display text: 是/否, options by their Chinese labels, amounts as formatted yuan; null when empty. */
export function displayValue(value: unknown, spec: LeafSpec): string | null {
  if (value === undefined || value === null || value === '') return null;
  switch (spec.kind) {
    case 'bool':
      if (value === true) return '是';
      if (value === false) return '否';
      break;
    case 'money': {
      const fen = parseMoney(value);
      if (fen !== null) return formatYuan(fen);
      break;
    }
    case 'rank':
      if (typeof value === 'number') return `第${value}名`;
      break;
    case 'enum':
      if (typeof value === 'string' && Object.hasOwn(spec.labels, value)) return spec.labels[value] as string;
      break;
    default:
      break;
  }
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function rowSummary(row: Obj, fields: readonly Field[], section: string): string {
  const parts: string[] = [];
  for (const [key, spec] of fields) {
    const text = displayValue(row[key], spec);
    if (text !== null) parts.push(`${INFO_SHEET_FIELD_LABELS[`${section}[].${key}`] ?? key}：${text}`);
  }
  return parts.length > 0 ? parts.join('；') : '（空行）';
}

/**
 * Differences between two versions, in the sheet's order (basic, enterprise, figures, compliance, fastTrack,
 * rdBasis, rdProjects, intellectualProperty). Rows are compared by position; a row only in `after` is one change
 * with `before: null` (and a summary of the row as `after`), a row only in `before` the reverse. Values that
 * display the same (e.g. "720000" and "720000.00") are not a change.
 */
export function diffInfoSheets(
  before: InfoSheetDraft | null | undefined,
  after: InfoSheetDraft | null | undefined,
): InfoSheetChange[] {
  const b: Obj = isObj(before) ? before : {};
  const a: Obj = isObj(after) ? after : {};
  const changes: InfoSheetChange[] = [];
  const compare = (path: string, x: unknown, y: unknown, spec: LeafSpec) => {
    const from = displayValue(x, spec);
    const to = displayValue(y, spec);
    if (from !== to) changes.push({ path, label: infoSheetFieldLabel(path, 'diff'), before: from, after: to });
  };

  for (const [key, fields] of OBJECT_SECTIONS) {
    const x = isObj(b[key]) ? (b[key] as Obj) : {};
    const y = isObj(a[key]) ? (a[key] as Obj) : {};
    for (const [field, spec] of fields) compare(`${key}.${field}`, x[field], y[field], spec);
    if (key === 'fastTrack') compare('rdBasis', b.rdBasis, a.rdBasis, RD_BASIS_SPEC);
  }

  for (const [key, fields] of ROW_SECTIONS) {
    const xs = Array.isArray(b[key]) ? (b[key] as unknown[]) : [];
    const ys = Array.isArray(a[key]) ? (a[key] as unknown[]) : [];
    for (let i = 0; i < Math.max(xs.length, ys.length); i++) {
      const prefix = `${key}[${i}]`;
      const x = xs[i];
      const y = ys[i];
      if (i < xs.length && i < ys.length) {
        const xo = isObj(x) ? x : {};
        const yo = isObj(y) ? y : {};
        for (const [field, spec] of fields) compare(`${prefix}.${field}`, xo[field], yo[field], spec);
      } else {
        const label = infoSheetFieldLabel(prefix, 'diff');
        const summary = (row: unknown) => rowSummary(isObj(row) ? row : {}, fields, key);
        changes.push(
          i < ys.length
            ? { path: prefix, label, before: null, after: summary(y) }
            : { path: prefix, label, before: summary(x), after: null },
        );
      }
    }
  }
  return changes;
}
