/** Debian's Chromium for the browser tests: one way to launch it, one way to collect the page's errors. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

const EXECUTABLE = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
export const DESKTOP = { width: 1280, height: 900 };
export const PHONE = { width: 375, height: 812 };
const CONTEXT_OPTIONS = { viewport: DESKTOP, locale: 'zh-CN' };

/** A browser for several independent contexts (several people); see newPage. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: EXECUTABLE, headless: true, args: CHROMIUM_ARGS });
}

/** A page of its own browser context (own cookies), 1280×900, zh-CN. */
export async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext(CONTEXT_OPTIONS);
  return context.newPage();
}

export interface PersistentChromium {
  context: BrowserContext;
  page: Page;
  /** Closes the browser and removes its profile directory. */
  close(): Promise<void>;
}

/** Chromium with a fresh profile directory (kexiao-e2e-<name>-…) and its first page, 1280×900, zh-CN. */
export async function launchPersistentChromium(
  name: string,
  options: { acceptDownloads?: boolean } = {},
): Promise<PersistentChromium> {
  const userDataDir = mkdtempSync(join(tmpdir(), `kexiao-e2e-${name}-`));
  const removeProfile = () => rmSync(userDataDir, { recursive: true, force: true });
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: EXECUTABLE,
      headless: true,
      args: CHROMIUM_ARGS,
      ...CONTEXT_OPTIONS,
      ...options,
    });
  } catch (error) {
    removeProfile();
    throw error;
  }
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    close: async () => {
      await context.close();
      removeProfile();
    },
  };
}

/**
 * Pushes the page's script errors and console errors onto `errors` (each prefixed by `label`), except console
 * errors matching `expected`: the browser logs every expected 4xx reply as an error, e.g. /status of 40[01]/.
 */
export function collectBrowserErrors(page: Page, errors: string[], expected: RegExp, label = ''): void {
  page.on('pageerror', (error) => errors.push(`${label}${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && !expected.test(message.text())) errors.push(`${label}${message.text()}`);
  });
}
