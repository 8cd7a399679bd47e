/**
 * Unsaved changes kept in this browser (localStorage) until the server acknowledges them: keyed by the filing
 * and the draft version they were made on, so a copy made on an older version is recognised as such.
 */
import type { InfoSheetDraft } from '@kexiao/rules';
import type { SheetForm } from './sheetForm';

export interface LocalCopy {
  filingId: number;
  /** The draft version the changes were made on. */
  baseVersion: number;
  form: SheetForm;
  /** The same changes as a draft (for the comparison with the server's). */
  draft: InfoSheetDraft;
  savedAt: string;
}

const PREFIX = 'kexiao.filing.';
const keyOf = (filingId: number, baseVersion: number) => `${PREFIX}${filingId}.v${baseVersion}`;

function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

export function writeLocalCopy(copy: LocalCopy): void {
  const store = storage();
  if (!store) return;
  try {
    // One copy per filing: the newest changes replace any older ones.
    for (const key of keysOf(copy.filingId)) if (key !== keyOf(copy.filingId, copy.baseVersion)) store.removeItem(key);
    store.setItem(keyOf(copy.filingId, copy.baseVersion), JSON.stringify(copy));
  } catch {
    // Storage full or refused: the autosave still runs.
  }
}

export function clearLocalCopies(filingId: number): void {
  const store = storage();
  if (!store) return;
  for (const key of keysOf(filingId)) store.removeItem(key);
}

function keysOf(filingId: number): string[] {
  const store = storage();
  if (!store) return [];
  const prefix = `${PREFIX}${filingId}.v`;
  const keys: string[] = [];
  for (let i = 0; i < store.length; i++) {
    const key = store.key(i);
    if (key?.startsWith(prefix)) keys.push(key);
  }
  return keys;
}

/** The newest local copy of a filing's unsaved changes, if any. */
export function readLocalCopy(filingId: number): LocalCopy | null {
  const store = storage();
  if (!store) return null;
  let best: LocalCopy | null = null;
  for (const key of keysOf(filingId)) {
    try {
      const copy = JSON.parse(store.getItem(key) ?? 'null') as LocalCopy | null;
      if (copy && typeof copy.baseVersion === 'number' && copy.form && (!best || copy.baseVersion > best.baseVersion)) {
        best = copy;
      }
    } catch {
      store.removeItem(key);
    }
  }
  return best;
}
