/**
 * Accounts in real Chromium against the real server on PostgreSQL (the SMS code is read from the development
 * outbox table, which a second process can only read on a real database server). Needs `npm run build` first.
 * Without CI the file is skipped when PostgreSQL is unreachable; with CI=true that is a failure.
 */
import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idNumber, mobileNumber } from './helpers/accounts.js';
import { collectBrowserErrors, launchPersistentChromium, type PersistentChromium } from './helpers/browser.js';
import { atPhoneWidth, fieldError, screenshot, signOut, textOf } from './helpers/page.js';
import { latestSmsCode, postgresAvailable } from './helpers/postgres.js';
import { type PostgresTestServer, startServer } from './helpers/server.js';

const POSTGRES = await postgresAvailable('e2e/accounts.test.ts');

describe.skipIf(!POSTGRES)('accounts: register, sign in and out (real server on PostgreSQL, real Chromium)', () => {
  let server: PostgresTestServer | undefined;
  let baseUrl = '';
  let databaseUrl = '';
  let chromium: PersistentChromium | undefined;
  let page: Page;
  const browserErrors: string[] = [];

  const phone = mobileNumber('139');
  const loginName = `e2e_${randomBytes(4).toString('hex')}`;
  const password = 'Kexiao#2026x';

  beforeAll(async () => {
    server = await startServer({ database: 'postgres' });
    ({ baseUrl, databaseUrl } = server);

    chromium = await launchPersistentChromium('accounts');
    page = chromium.page;
    // 401s (GET /session while signed out, a wrong password) are expected; the browser logs them as errors.
    collectBrowserErrors(page, browserErrors, /status of 40[01]/);
  });

  afterAll(async () => {
    await chromium?.close();
    await server?.stop();
  });

  it('registers a natural person through the form, with live checks, and shows 已实名认证', async () => {
    await page.goto(`${baseUrl}/register`);
    await expect.poll(() => textOf(page, 'header-login')).toBe('登录');

    // Live checks with @kexiao/rules as the user types.
    await page.getByTestId('person-loginName').fill('12');
    await expect.poll(() => fieldError(page, 'person-loginName')).toContain('登录名长度应为4–32个字符');
    await page.getByTestId('person-loginName').fill(loginName);
    await page.getByTestId('person-loginName-check').click();
    await expect.poll(() => textOf(page, 'person-loginName-available')).toBe('该登录名可以使用');

    await page.getByTestId('person-password').fill('abcdefg1');
    await expect.poll(() => fieldError(page, 'person-password')).toContain('3种');
    expect(await page.getByTestId('person-password-strength').getAttribute('data-strength')).toBe('weak');
    await page.getByTestId('person-password').fill(password);
    await expect.poll(() => page.getByTestId('person-password-strength').getAttribute('data-strength')).toBe('strong');
    expect(await page.getByTestId('person-password-strength').textContent()).toContain('密码强度：强');
    await page.getByTestId('person-confirmPassword').fill(password);

    await page.getByTestId('person-name').fill('张测试');
    const id = idNumber('110101199003');
    const wrongCheck = id.slice(0, 17) + (id.endsWith('0') ? '1' : '0');
    await page.getByTestId('person-idNumber').fill(wrongCheck);
    await expect.poll(() => fieldError(page, 'person-idNumber')).toContain('校验位不正确');
    await page.getByTestId('person-idNumber').fill(id.toLowerCase());
    expect(await page.getByTestId('person-idNumber').inputValue()).toBe(id);
    await page.getByTestId('person-idValidTo-long').check();

    await page.getByTestId('person-phone').fill('1234');
    await expect.poll(() => fieldError(page, 'person-phone')).toContain('11位');
    await page.getByTestId('person-phone').fill(phone);
    await expect.poll(() => fieldError(page, 'person-phone')).toBe('');

    await atPhoneWidth(page, 'accounts-register-375.png');

    await page.getByTestId('person-sms-send').click();
    await expect.poll(() => textOf(page, 'person-sms-send')).toMatch(/^\d+秒后重新获取$/);
    expect(await page.getByTestId('person-sms-send').isDisabled()).toBe(true);
    await page.getByTestId('person-smsCode').fill(await latestSmsCode(databaseUrl, phone));
    await page.getByTestId('person-agreement').check();
    await screenshot(page, 'accounts-register-1280.png');

    await page.getByTestId('person-submit').click();
    await expect.poll(() => textOf(page, 'real-name-status'), { timeout: 20_000 }).toBe('已实名认证');
    // Signed in right away: the header shows the display name.
    await expect.poll(() => textOf(page, 'header-account')).toContain('张测试');
    await screenshot(page, 'accounts-registered-1280.png');
  });

  it('shows a taken login name under its field', async () => {
    await page.goto(`${baseUrl}/register`);
    await page.getByTestId('person-loginName').fill(loginName);
    await page.getByTestId('person-loginName-check').click();
    await expect.poll(() => fieldError(page, 'person-loginName')).toContain('该登录名已被注册');
  });

  it('logs out from the header menu, then a wrong password shows the tries remaining', async () => {
    await signOut(page);

    await page.goto(`${baseUrl}/login`);
    await page.getByTestId('login-identifier').fill(phone);
    await page.getByTestId('login-password').fill('Wrong#password1');
    await page.getByTestId('login-submit').click();
    await expect.poll(() => textOf(page, 'login-error')).toBe('账号或密码错误（再错4次将锁定账号15分钟）');
    await atPhoneWidth(page, 'accounts-login-error-375.png');
  });

  it('logs in by phone number, shows 我的账号, and 在所有设备上退出 signs out', async () => {
    await page.getByTestId('login-identifier').fill(phone);
    await page.getByTestId('login-password').fill(password);
    await Promise.all([page.waitForURL(`${baseUrl}/account`), page.getByTestId('login-submit').click()]);
    await expect.poll(() => textOf(page, 'account-realName')).toBe('已实名认证');
    expect(await page.getByTestId('account-loginName').textContent()).toBe(loginName);
    expect(await page.getByTestId('account-displayName').textContent()).toBe('张测试');
    expect(await page.getByTestId('account-phone').textContent()).toBe(`${phone.slice(0, 3)}****${phone.slice(7)}`);
    await screenshot(page, 'accounts-account-1280.png');
    await atPhoneWidth(page, 'accounts-account-375.png');

    await page.getByTestId('account-logout-all').click();
    await expect.poll(() => page.getByTestId('signed-out').isVisible()).toBe(true);
    expect(await page.getByTestId('header-login').isVisible()).toBe(true);
    // The cookie's session is revoked on the server too.
    await page.reload();
    await expect.poll(() => page.getByTestId('signed-out').isVisible()).toBe(true);
  });

  it('legal-person form: USCC upper-cased as typed, 注册地 cascader loads provinces', async () => {
    await page.goto(`${baseUrl}/register?type=legal`);
    await page.getByTestId('legal-uscc').fill('91350100m000100y43');
    expect(await page.getByTestId('legal-uscc').inputValue()).toBe('91350100M000100Y43');
    await atPhoneWidth(page, 'accounts-register-legal-375.png');
    await page.locator('#legal_regionCode').click();
    await expect.poll(() => page.locator('.ant-cascader-menu-item').count()).toBeGreaterThan(20);
    await page.locator('.ant-cascader-menu-item', { hasText: '北京市' }).first().click();
    await expect.poll(() => page.locator('.ant-cascader-menu').count()).toBeGreaterThan(1);
    await page.keyboard.press('Escape');
    expect(browserErrors).toEqual([]);
  });
});
