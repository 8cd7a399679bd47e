/**
 * Account recovery in real Chromium against the real server on PostgreSQL: 忘记密码 (the SMS code read from the
 * development outbox table, which a second process can only read on a real database server) → new password →
 * sign in; then 账号安全 turns on login with an SMS code and the login page asks for it. Needs `npm run build`.
 * Without CI the file is skipped when PostgreSQL is unreachable; with CI=true that is a failure.
 */
import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idNumber, mobileNumber, registerThroughApi } from './helpers/accounts.js';
import { collectBrowserErrors, launchPersistentChromium, type PersistentChromium } from './helpers/browser.js';
import { screenshot, textOf } from './helpers/page.js';
import { latestSms, newestOutboxId, postgresAvailable, withClient } from './helpers/postgres.js';
import { type PostgresTestServer, startServer } from './helpers/server.js';

const POSTGRES = await postgresAvailable('e2e/recovery.test.ts');

describe.skipIf(!POSTGRES)('recovery: forgot password and SMS login (real server on PostgreSQL, real Chromium)', () => {
  let server: PostgresTestServer | undefined;
  let baseUrl = '';
  let databaseUrl = '';
  let chromium: PersistentChromium | undefined;
  let page: Page;
  const browserErrors: string[] = [];

  const phone = mobileNumber('136');
  const loginName = `rc_${randomBytes(4).toString('hex')}`;
  const oldPassword = 'Kexiao#2026x';
  const newPassword = 'Renewed#2026y';

  /** The registration code was sent seconds ago: the one-code-a-minute limit per phone would refuse the next. */
  async function clearRateLimits(): Promise<void> {
    await withClient(databaseUrl, (client) => client.query('delete from rate_limit_counter'));
  }

  beforeAll(async () => {
    server = await startServer({ database: 'postgres' });
    ({ baseUrl, databaseUrl } = server);

    // The account to recover, registered through the API.
    await registerThroughApi(server, 'persons', phone, {
      loginName,
      password: oldPassword,
      name: '何找回',
      idNumber: idNumber('110101199104'),
      idValidTo: '长期',
      phone,
      agreement: true,
    });

    chromium = await launchPersistentChromium('recovery');
    page = chromium.page;
    // 401s (GET /session while signed out, the SMS-code prompt) are expected; the browser logs them as errors.
    collectBrowserErrors(page, browserErrors, /status of 40[01]/);
  });

  afterAll(async () => {
    await chromium?.close();
    await server?.stop();
  });

  it('忘记密码: login name → code to the masked phone → new password → sign in with it', async () => {
    await page.goto(`${baseUrl}/login`);
    await Promise.all([page.waitForURL(`${baseUrl}/forgot-password`), page.getByTestId('login-forgot-link').click()]);
    await clearRateLimits();
    const before = await newestOutboxId(databaseUrl);
    await page.getByTestId('forgot-loginName').fill(loginName);
    await page.getByTestId('forgot-start').click();
    await expect.poll(() => textOf(page, 'forgot-phone')).toBe(`${phone.slice(0, 3)}****${phone.slice(7)}`);
    const { code } = await latestSms(databaseUrl, phone, before);
    await page.getByTestId('forgot-smsCode').fill(code);
    await page.getByTestId('forgot-password').fill(newPassword);
    await page.getByTestId('forgot-confirmPassword').fill(newPassword);
    await screenshot(page, 'recovery-forgot-1280.png');
    await page.getByTestId('forgot-submit').click();
    await expect.poll(() => page.getByTestId('forgot-done').isVisible(), { timeout: 20_000 }).toBe(true);

    await Promise.all([page.waitForURL(`${baseUrl}/login`), page.getByTestId('forgot-login').click()]);
    await page.getByTestId('login-identifier').fill(loginName);
    await page.getByTestId('login-password').fill(oldPassword);
    await page.getByTestId('login-submit').click();
    await expect.poll(() => textOf(page, 'login-error')).toContain('账号或密码错误');
    await page.getByTestId('login-password').fill(newPassword);
    await Promise.all([page.waitForURL(`${baseUrl}/account`), page.getByTestId('login-submit').click()]);
    expect(browserErrors).toEqual([]);
  });

  it('账号安全: turning on SMS login makes the login page ask for the code', async () => {
    await page.goto(`${baseUrl}/account/security`);
    await expect.poll(() => textOf(page, 'security-sms-state')).toBe('未开启');
    await page.getByTestId('security-sms-switch').click();
    await page.getByTestId('security-sms-password').fill(newPassword);
    await page.getByTestId('security-sms-save').click();
    await expect.poll(() => textOf(page, 'security-sms-state')).toBe('已开启');

    await chromium?.context.clearCookies();
    await page.goto(`${baseUrl}/login`);
    await clearRateLimits();
    const before = await newestOutboxId(databaseUrl);
    await page.getByTestId('login-identifier').fill(loginName);
    await page.getByTestId('login-password').fill(newPassword);
    await page.getByTestId('login-submit').click();
    await expect.poll(() => textOf(page, 'login-sms-prompt')).toContain(`${phone.slice(0, 3)}****${phone.slice(7)}`);
    const { code } = await latestSms(databaseUrl, phone, before);
    await page.getByTestId('login-smsCode').fill(code);
    await screenshot(page, 'recovery-sms-login-1280.png');
    await Promise.all([page.waitForURL(`${baseUrl}/account`), page.getByTestId('login-submit').click()]);
    expect(browserErrors).toEqual([]);
  });
});
