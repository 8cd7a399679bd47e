/**
 * The four review items of 《科技型中小企业信息审核表》 as the enterprise reads them when its filing is returned,
 * read from the stored review (`items`, `{ firstPageSealed: { ok, reason }, complete, consistent, other }` as the
 * review API stores them; other shapes are read as well as they can be): each with whether it was met and the
 * reviewer's reason, and the page sections it concerns.
 */
import type { ReviewView } from './api';
import type { SectionKey } from './sheetForm';

export type ReviewItemKey = 'firstPageSealed' | 'complete' | 'consistent' | 'other';

export const REVIEW_ITEM_LABELS: Readonly<Record<ReviewItemKey, string>> = {
  firstPageSealed: '信息表首页是否签字并加盖公章',
  complete: '信息表内容是否填写完整',
  consistent: '信息表内容与证明材料是否一致',
  other: '其他问题',
};

const ORDER: readonly ReviewItemKey[] = ['firstPageSealed', 'complete', 'consistent', 'other'];

/** Where each item is repeated beside the form (all four are shown at the top). */
export const REVIEW_ITEM_SECTIONS: Readonly<Record<ReviewItemKey, readonly SectionKey[]>> = {
  firstPageSealed: ['evidence', 'pdf'],
  complete: ['basic'],
  consistent: ['figures', 'evidence'],
  other: ['commitment'],
};

export interface ReviewItem {
  key: ReviewItemKey;
  label: string;
  /** null: the review does not say */
  ok: boolean | null;
  reason: string | null;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function keyOf(raw: string): ReviewItemKey | null {
  const t = raw.toLowerCase();
  if (/seal|sign|firstpage|first_page|签字|公章|盖章/.test(t)) return 'firstPageSealed';
  if (/complete|完整/.test(t)) return 'complete';
  if (/consist|match|evidence|一致/.test(t)) return 'consistent';
  if (/other|其他/.test(t)) return 'other';
  return null;
}

function okOf(value: unknown): boolean | null {
  if (value === true || value === false) return value;
  if (typeof value === 'string') {
    if (/^(ok|pass|passed|yes|met|true|是|符合|通过)$/i.test(value)) return true;
    if (/^(fail|failed|no|unmet|false|否|不符合|不通过|problem)$/i.test(value)) return false;
  }
  return null;
}

function textOf(entry: Obj): string | null {
  for (const k of ['reason', 'note', 'comment', 'message', 'remark', 'opinion', 'text']) {
    const v = entry[k];
    if (typeof v === 'string' && v.trim() !== '') return v.trim();
  }
  return null;
}

function readEntry(entry: unknown, fallback: ReviewItemKey | null): ReviewItem | null {
  if (typeof entry === 'string') {
    return fallback ? { key: fallback, label: REVIEW_ITEM_LABELS[fallback], ok: null, reason: entry } : null;
  }
  if (typeof entry === 'boolean') {
    return fallback ? { key: fallback, label: REVIEW_ITEM_LABELS[fallback], ok: entry, reason: null } : null;
  }
  if (!isObj(entry)) return null;
  const named = ['code', 'key', 'item', 'id', 'name', 'label', 'title']
    .map((k) => entry[k])
    .find((v): v is string => typeof v === 'string' && keyOf(v) !== null);
  const key = (named ? keyOf(named) : null) ?? fallback;
  if (key === null) return null;
  const ok = ['ok', 'passed', 'pass', 'met', 'result', 'conclusion', 'value']
    .map((k) => okOf(entry[k]))
    .find((v) => v !== null);
  return { key, label: REVIEW_ITEM_LABELS[key], ok: ok ?? null, reason: textOf(entry) };
}

/** The review's four items in their order (an item the review does not mention is left out). */
export function reviewItems(review: Pick<ReviewView, 'items'>): ReviewItem[] {
  const raw = review.items;
  const found = new Map<ReviewItemKey, ReviewItem>();
  if (Array.isArray(raw)) {
    raw.forEach((entry, i) => {
      const item = readEntry(entry, raw.length === 4 ? (ORDER[i] ?? null) : null);
      if (item && !found.has(item.key)) found.set(item.key, item);
    });
  } else if (isObj(raw)) {
    for (const [name, entry] of Object.entries(raw)) {
      const item = readEntry(isObj(entry) ? { code: name, ...entry } : entry, keyOf(name));
      if (item && !found.has(item.key)) found.set(item.key, item);
    }
  }
  return ORDER.flatMap((key) => {
    const item = found.get(key);
    return item ? [item] : [];
  });
}

/** The items that need the enterprise's attention: not met, or with a reason written. */
export function problemItems(review: Pick<ReviewView, 'items'>): ReviewItem[] {
  return reviewItems(review).filter((item) => item.ok === false || (item.ok === null && item.reason !== null));
}
