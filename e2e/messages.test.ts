/**
 * 我的消息 in real Chromium against the real server on PostgreSQL (development mode, so the development
 * outbox exists and the demo national administrator is seeded): the welcome message after registration with
 * the header bell at 1, marking it read brings the count to 0; then the national administrator reads the
 * registration SMS in the outbox and finds the read recorded in an intact audit chain.
 * Needs `npm run build` first. Without CI the file is skipped when PostgreSQL is unreachable.
 */
import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, idNumber, mobileNumber } from './helpers/accounts.js';
import { collectBrowserErrors, launchPersistentChromium, type PersistentChromium } from './helpers/browser.js';
import { atPhoneWidth, screenshot, signIn, signOut, textOf } from './helpers/page.js';
import { latestSmsCode, postgresAvailable } from './helpers/postgres.js';
import { type PostgresTestServer, startServer } from './helpers/server.js';

const POSTGRES = await postgresAvailable('e2e/messages.test.ts');

const bellCount = (page: Page) => page.getByTestId('header-messages').getAttribute('data-unread');

describe.skipIf(!POSTGRES)('我的消息: welcome message, bell, mark read; outbox and audit log for staff', () => {
  let server: PostgresTestServer | undefined;
  let baseUrl = '';
  let databaseUrl = '';
  let chromium: PersistentChromium | undefined;
  let page: Page;
  const browserErrors: string[] = [];

  const phone = mobileNumber('138');
  const loginName = `e2e_msg_${randomBytes(3).toString('hex')}`;
  const password = 'Kexiao#2026x';

  beforeAll(async () => {
    server = await startServer({ database: 'postgres', development: true });
    ({ baseUrl, databaseUrl } = server);

    chromium = await launchPersistentChromium('messages');
    page = chromium.page;
    collectBrowserErrors(page, browserErrors, /status of 40[01]/);
  });

  afterAll(async () => {
    await chromium?.close();
    await server?.stop();
  });

  it('registers, and the bell shows the welcome message: 1 unread', async () => {
    await page.goto(`${baseUrl}/register`);
    await expect.poll(() => textOf(page, 'header-login')).toBe('登录');
    await page.getByTestId('person-loginName').fill(loginName);
    await page.getByTestId('person-password').fill(password);
    await page.getByTestId('person-confirmPassword').fill(password);
    await page.getByTestId('person-name').fill('王消息');
    await page.getByTestId('person-idNumber').fill(idNumber('110101199104'));
    await page.getByTestId('person-idValidTo-long').check();
    await page.getByTestId('person-phone').fill(phone);
    await page.getByTestId('person-sms-send').click();
    await expect.poll(() => textOf(page, 'person-sms-send')).toMatch(/^\d+秒后重新获取$/);
    await page.getByTestId('person-smsCode').fill(await latestSmsCode(databaseUrl, phone));
    await page.getByTestId('person-agreement').check();
    await page.getByTestId('person-submit').click();
    await expect.poll(() => textOf(page, 'header-account'), { timeout: 20_000 }).toContain('王消息');
    await expect.poll(() => bellCount(page)).toBe('1');
  });

  it('opens 我的消息 from the bell, marks the welcome message read, and the count drops to 0', async () => {
    await Promise.all([page.waitForURL(`${baseUrl}/messages`), page.getByTestId('header-messages').click()]);
    await expect.poll(() => textOf(page, 'messages-unread')).toBe('未读 1 条');
    const list = await textOf(page, 'messages-list');
    expect(list).toContain('欢迎注册科小平台');
    expect(list).toContain('实名认证');
    expect(await page.getByTestId('message-unread-tag').count()).toBe(1);
    await screenshot(page, 'messages-unread-1280.png');

    await page.getByTestId('message-mark-read').click();
    await expect.poll(() => textOf(page, 'messages-unread')).toBe('没有未读消息');
    expect(await page.getByTestId('message-unread-tag').count()).toBe(0);
    await expect.poll(() => bellCount(page)).toBe('0');
    expect(await page.getByTestId('messages-read-all').isDisabled()).toBe(true);
    // Stored on the server: after a reload the bell still says 0.
    await page.reload();
    await expect.poll(() => bellCount(page)).toBe('0');
    await atPhoneWidth(page, 'messages-read-375.png');
  });

  it('the national administrator reads the SMS in the outbox and the read in an intact audit log', async () => {
    await signOut(page);
    await signIn(page, baseUrl, 'national_admin', DEMO_PASSWORD);

    await page.goto(`${baseUrl}/staff/outbox`);
    await page.getByTestId('outbox-recipient').locator('input').fill(phone);
    await page.getByTestId('outbox-recipient').locator('input').press('Enter');
    await expect.poll(() => textOf(page, 'outbox-table')).toContain(phone);
    expect(await textOf(page, 'outbox-table')).toMatch(/验证码\s*\d{6}/);
    await screenshot(page, 'outbox-1280.png');

    await page.goto(`${baseUrl}/staff/audit`);
    await expect.poll(() => textOf(page, 'audit-chain'), { timeout: 20_000 }).toMatch(/^审计链完整/);
    await page.getByTestId('audit-action').fill('messages');
    await page.getByTestId('audit-search').click();
    await expect.poll(() => textOf(page, 'audit-table')).toContain('messages.read');
    await page.getByTestId('audit-from').fill('2020-01-01');
    await page.getByTestId('audit-to').fill('2020-12-31');
    await page.getByTestId('audit-search').click();
    await expect.poll(() => textOf(page, 'audit-table')).toContain('没有符合条件的记录');
    await screenshot(page, 'audit-log-1280.png');
    expect(browserErrors).toEqual([]);
  });
});
