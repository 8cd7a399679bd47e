/**
 * Warns before leaving the filing page while some change is not acknowledged by the server. Closing or reloading
 * the tab (and any navigation the page does not see coming) gets the browser's own `beforeunload` prompt. A click
 * on a link (the app navigates by plain links, there is no client router) first tries to save: once the server
 * holds everything the page simply goes; otherwise — offline, refused as stale, failing — it asks
 * 「有尚未保存的修改，确定离开吗？」. Nothing is asked while everything is saved.
 */
import { useEffect } from 'react';

export const LEAVE_PROMPT = '有尚未保存的修改，确定离开吗？';
/** How long a link click waits for the save before asking instead. */
const SAVE_WAIT_MS = 3000;

/** The URL a click would navigate this tab to, or null (new tab, download, modified click, in-page anchor…). */
function navigationOf(event: MouseEvent): URL | null {
  if (event.defaultPrevented || event.button !== 0) return null;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return null;
  const link = event.target instanceof Element ? event.target.closest('a[href]') : null;
  if (!(link instanceof HTMLAnchorElement) || link.hasAttribute('download')) return null;
  if (link.target !== '' && link.target !== '_self') return null;
  const url = new URL(link.href, window.location.href);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  const here = window.location;
  if (url.origin === here.origin && url.pathname === here.pathname && url.search === here.search && url.hash !== '') {
    return null;
  }
  return url;
}

export function useLeaveGuard(hasUnsaved: () => boolean, flush: () => Promise<boolean>): void {
  useEffect(() => {
    /** Set once the user chose to leave, so the browser does not ask a second time. */
    let leaving = false;
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      if (leaving || !hasUnsaved()) return;
      event.preventDefault();
      // Older browsers ask only when returnValue is set (none shows the text itself).
      event.returnValue = LEAVE_PROMPT;
    };
    const onClick = (event: MouseEvent) => {
      const url = navigationOf(event);
      if (url === null || !hasUnsaved()) return;
      event.preventDefault();
      const go = () => {
        leaving = true;
        window.location.assign(url.href);
      };
      const timeout = new Promise<boolean>((resolve) => window.setTimeout(() => resolve(false), SAVE_WAIT_MS));
      void Promise.race([flush(), timeout]).then((saved) => {
        if ((saved && !hasUnsaved()) || window.confirm(LEAVE_PROMPT)) go();
      });
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    document.addEventListener('click', onClick);
    return () => {
      window.removeEventListener('beforeunload', onBeforeUnload);
      document.removeEventListener('click', onClick);
    };
  }, [hasUnsaved, flush]);
}
