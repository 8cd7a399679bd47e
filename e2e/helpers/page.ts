/** Reading and driving the pages in the browser tests: text of a test id, field errors, screenshots, signing in. */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { DESKTOP, PHONE } from './browser.js';
import { ROOT } from './server.js';

const RESULTS_DIR = join(ROOT, 'test-results');

/** Where a test writes an artefact such as a screenshot (test-results/, created when missing). */
export function resultPath(fileName: string): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  return join(RESULTS_DIR, fileName);
}

/** A full-page screenshot into test-results/. */
export async function screenshot(page: Page, fileName: string): Promise<void> {
  await page.screenshot({ path: resultPath(fileName), fullPage: true });
}

/** Text of a test id ('' when absent; never waits). */
export function textOf(page: Page, testId: string): Promise<string> {
  return page
    .getByTestId(testId)
    .allTextContents()
    .then((texts) => texts.join(''));
}

/** The error text under the form field holding the element with this test id ('' when none; never waits). */
export function fieldError(page: Page, testId: string): Promise<string> {
  return page
    .locator('.ant-form-item', { has: page.getByTestId(testId) })
    .locator('.ant-form-item-explain-error')
    .allTextContents()
    .then((texts) => texts.join('；'));
}

/** After a viewport change the layout settles within a few frames; then nothing may overflow sideways. */
export async function noHorizontalScroll(page: Page): Promise<void> {
  await expect
    .poll(() => page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth'))
    .toBeLessThanOrEqual(0);
}

/** At 375×812: waits until the layout fits (`fits`), takes a full-page screenshot, and goes back to 1280×900. */
export async function atPhoneWidth(
  page: Page,
  fileName: string,
  fits: (page: Page) => Promise<void> = noHorizontalScroll,
): Promise<void> {
  await page.setViewportSize(PHONE);
  await fits(page);
  await screenshot(page, fileName);
  await page.setViewportSize(DESKTOP);
}

/** Signs in through the login form and waits for 我的账号. */
export async function signIn(page: Page, baseUrl: string, identifier: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.getByTestId('login-identifier').fill(identifier);
  await page.getByTestId('login-password').fill(password);
  await Promise.all([page.waitForURL(`${baseUrl}/account`), page.getByTestId('login-submit').click()]);
}

/** Signs out from the header's account menu and waits for the header's 登录. */
export async function signOut(page: Page): Promise<void> {
  await page.getByTestId('header-account').click();
  await page.getByTestId('header-logout').click();
  await expect.poll(() => page.getByTestId('header-login').isVisible()).toBe(true);
}
