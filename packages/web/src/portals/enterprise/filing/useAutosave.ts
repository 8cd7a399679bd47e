/**
 * Autosave of the 信息表 draft: PUT …/draft with the last acknowledged draftVersion 1.5 s after the last change,
 * at once when asked (a field loses focus, before submitting or printing) and, without waiting for an answer,
 * when the page is hidden or closed. Until the server acknowledges them the changes are kept in localStorage
 * (localCopy.ts). A 409 stale_draft (saved meanwhile in another window or on another device) stops saving: the
 * page offers to load the latest version and keeps the local copy. Network and server failures are retried.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../../account/api';
import { saveDraft } from './api';
import { clearLocalCopies, writeLocalCopy } from './localCopy';
import { draftFromForm, saveableDraft, type SheetForm } from './sheetForm';

export type SaveStatus =
  | { state: 'idle'; savedAt: string | null }
  | { state: 'pending' }
  | { state: 'saving' }
  | { state: 'saved'; savedAt: string }
  | { state: 'retrying'; message: string }
  | { state: 'stale' }
  | { state: 'failed'; message: string; code: string };

export const AUTOSAVE_DELAY_MS = 1500;
const RETRY_MS = [3000, 6000, 15000, 30000];

interface AutosaveOptions {
  filingId: number;
  initialVersion: number;
  initialSavedAt: string | null;
  csrfToken: string;
  /** false while the filing may not be edited: nothing is saved. */
  enabled: boolean;
  /** After each acknowledged save (the page refreshes what depends on the saved draft). */
  onSaved?: () => void;
  /** The server says the filing can no longer be edited (submitted meanwhile): the page reloads it. */
  onNotEditable?: () => void;
}

export interface Autosave {
  status: SaveStatus;
  /** The draft version the server last acknowledged. */
  version: number;
  /** The same, read now (after an await, when the render's `version` may be behind). */
  versionNow: () => number;
  /** Record a change of the form (kept locally at once, saved after the pause). */
  change: (form: SheetForm) => void;
  /** Save now if anything is unsaved; true when the server holds the latest changes. */
  flush: () => Promise<boolean>;
  /** Whether some change is not yet acknowledged by the server (pending, saving, failed or refused), read now. */
  hasUnsaved: () => boolean;
  /** Start over from a version loaded from the server (after a stale draft was reloaded). */
  reset: (version: number, savedAt: string | null) => void;
}

export function useAutosave({
  filingId,
  initialVersion,
  initialSavedAt,
  csrfToken,
  enabled,
  onSaved,
  onNotEditable,
}: AutosaveOptions): Autosave {
  const [status, setStatus] = useState<SaveStatus>({ state: 'idle', savedAt: initialSavedAt });
  const [version, setVersion] = useState(initialVersion);
  const versionRef = useRef(initialVersion);
  const formRef = useRef<SheetForm | null>(null);
  /** Changes counted: `changed` on every change, `saved` up to the change the server acknowledged. */
  const seq = useRef({ changed: 0, saved: 0 });
  const inFlight = useRef<Promise<boolean> | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const retries = useRef(0);
  const stopped = useRef(false);
  const callbacks = useRef({ onSaved, onNotEditable });
  callbacks.current = { onSaved, onNotEditable };

  const clearTimer = () => {
    if (timer.current !== null) clearTimeout(timer.current);
    timer.current = null;
  };

  const save = useCallback(
    async (keepalive = false): Promise<boolean> => {
      if (stopped.current || !enabled) return false;
      // One save at a time: a second one waits, then saves whatever is still unsaved.
      while (inFlight.current) {
        await inFlight.current;
        if (stopped.current) return false;
      }
      const form = formRef.current;
      if (form === null || seq.current.changed === seq.current.saved) return true;
      clearTimer();
      const at = seq.current.changed;
      const { draft, problems } = saveableDraft(form);
      setStatus({ state: 'saving' });
      const run = (async () => {
        try {
          const saved = await saveDraft(filingId, versionRef.current, draft, csrfToken, keepalive);
          retries.current = 0;
          versionRef.current = saved.draftVersion;
          setVersion(saved.draftVersion);
          seq.current.saved = at;
          const latest = formRef.current;
          if (seq.current.changed === at && problems.length === 0) clearLocalCopies(filingId);
          else if (latest) {
            // Later changes (or values of a wrong type) are still only here: keep them, on the new version.
            writeLocalCopy({
              filingId,
              baseVersion: saved.draftVersion,
              form: latest,
              draft: draftFromForm(latest),
              savedAt: new Date().toISOString(),
            });
          }
          if (seq.current.changed === at) setStatus({ state: 'saved', savedAt: saved.savedAt });
          else {
            setStatus({ state: 'pending' });
            timer.current = setTimeout(() => void save(), AUTOSAVE_DELAY_MS);
          }
          callbacks.current.onSaved?.();
          return seq.current.changed === at;
        } catch (error) {
          const e = error instanceof ApiError ? error : new ApiError(0, 'network', '保存失败', []);
          if (e.status === 409 && e.code === 'stale_draft') {
            stopped.current = true;
            setStatus({ state: 'stale' });
          } else if (e.status === 409 && e.code === 'not_editable') {
            stopped.current = true;
            setStatus({ state: 'failed', message: e.message, code: e.code });
            callbacks.current.onNotEditable?.();
          } else if (e.status === 400 || e.status === 401 || e.status === 403 || e.status === 404) {
            // Retrying would not help: say why (the changes stay in this browser).
            setStatus({
              state: 'failed',
              code: e.code,
              message: e.status === 401 ? '登录已失效，请重新登录后继续（修改已保存在本机）' : e.message,
            });
          } else {
            const wait = RETRY_MS[Math.min(retries.current, RETRY_MS.length - 1)] as number;
            retries.current += 1;
            setStatus({ state: 'retrying', message: e.message });
            timer.current = setTimeout(() => void save(), wait);
          }
          return false;
        }
      })();
      inFlight.current = run;
      try {
        return await run;
      } finally {
        if (inFlight.current === run) inFlight.current = null;
      }
    },
    [filingId, csrfToken, enabled],
  );

  const change = useCallback(
    (form: SheetForm) => {
      formRef.current = form;
      seq.current.changed += 1;
      writeLocalCopy({
        filingId,
        baseVersion: versionRef.current,
        form,
        draft: draftFromForm(form),
        savedAt: new Date().toISOString(),
      });
      if (stopped.current || !enabled) return;
      setStatus((s) => (s.state === 'saving' ? s : { state: 'pending' }));
      clearTimer();
      timer.current = setTimeout(() => void save(), AUTOSAVE_DELAY_MS);
    },
    [filingId, enabled, save],
  );

  const flush = useCallback(async () => {
    clearTimer();
    if (seq.current.changed === seq.current.saved && !inFlight.current) return !stopped.current;
    return save();
  }, [save]);

  const reset = useCallback((next: number, savedAt: string | null) => {
    clearTimer();
    stopped.current = false;
    retries.current = 0;
    seq.current = { changed: 0, saved: 0 };
    formRef.current = null;
    versionRef.current = next;
    setVersion(next);
    setStatus({ state: 'idle', savedAt });
  }, []);

  // The final save when the page is hidden (tab switched, phone locked) or closed.
  useEffect(() => {
    const final = () => {
      if (seq.current.changed !== seq.current.saved) void save(true);
    };
    const onVisibility = () => {
      if (document.visibilityState === 'hidden') final();
    };
    // Back online: retry now rather than at the next back-off step.
    const onOnline = () => {
      if (seq.current.changed !== seq.current.saved && !inFlight.current) void save();
    };
    document.addEventListener('visibilitychange', onVisibility);
    window.addEventListener('pagehide', final);
    window.addEventListener('online', onOnline);
    return () => {
      document.removeEventListener('visibilitychange', onVisibility);
      window.removeEventListener('pagehide', final);
      window.removeEventListener('online', onOnline);
    };
  }, [save]);

  useEffect(() => () => clearTimer(), []);

  const versionNow = useCallback(() => versionRef.current, []);
  const hasUnsaved = useCallback(() => seq.current.changed !== seq.current.saved, []);

  return { status, version, versionNow, change, flush, hasUnsaved, reset };
}
