/**
 * Accounts in real Chromium against the real server on PostgreSQL (the SMS code is read from the development
 * outbox table, which a second process can only read on a real database server). Needs `npm run build` first.
 * Without CI the file is skipped when PostgreSQL is unreachable; with CI=true that is a failure.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { idCardCheckChar } from '@kexiao/rules';
import pg from 'pg';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, waitForHealth } from './helpers/server.js';

const ROOT = resolve(import.meta.dirname, '..');
const SERVER_MAIN = join(ROOT, 'packages/server/dist/main.js');
const WEB_INDEX = join(ROOT, 'packages/web/dist/index.html');
const RESULTS_DIR = join(ROOT, 'test-results');
const PG_ADMIN_URL = process.env.KEXIAO_E2E_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
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

async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

const POSTGRES = await postgresReachable();
if (!POSTGRES) {
  if (process.env.CI === 'true')
    throw new Error(`PostgreSQL is required for e2e/accounts.test.ts in CI (${PG_ADMIN_URL})`);
  console.warn(`e2e/accounts.test.ts skipped: PostgreSQL is unreachable at ${PG_ADMIN_URL}`);
}

/** A well-formed ID number (valid birth date and check character) born in 1990. */
function idNumber(): string {
  const first17 = `110101199003${String(randomInt(10, 28))}${String(randomInt(100, 998)).padStart(3, '0')}`;
  return first17 + (idCardCheckChar(first17) as string);
}

/** The error text under the form field holding the element with this test id ('' when none; never waits). */
function fieldError(page: Page, testId: string): Promise<string> {
  return page
    .locator('.ant-form-item', { has: page.getByTestId(testId) })
    .locator('.ant-form-item-explain-error')
    .allTextContents()
    .then((texts) => texts.join('；'));
}

/** Text of a test id ('' when absent; never waits). */
function textOf(page: Page, testId: string): Promise<string> {
  return page
    .getByTestId(testId)
    .allTextContents()
    .then((texts) => texts.join(''));
}

/** After a viewport change the layout settles within a few frames; then nothing may overflow sideways. */
async function noHorizontalScroll(page: Page): Promise<void> {
  await expect
    .poll(() => page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth'))
    .toBeLessThanOrEqual(0);
}

describe.skipIf(!POSTGRES)('accounts: register, sign in and out (real server on PostgreSQL, real Chromium)', () => {
  const databaseName = `kexiao_e2e_${randomBytes(6).toString('hex')}`;
  const databaseUrl = PG_ADMIN_URL.replace(/\/[^/]*$/, `/${databaseName}`);
  let databaseCreated = false;
  let server: ChildProcess | undefined;
  let serverOutput = '';
  let baseUrl = '';
  let context: BrowserContext | undefined;
  let page: Page;
  let userDataDir = '';
  const browserErrors: string[] = [];

  const phone = `139${String(randomInt(0, 1e8)).padStart(8, '0')}`;
  const loginName = `e2e_${randomBytes(4).toString('hex')}`;
  const password = 'Kexiao#2026x';

  async function latestSmsCode(recipient: string): Promise<string> {
    const client = new pg.Client(databaseUrl);
    await client.connect();
    try {
      const { rows } = await client.query<{ body: string }>(
        'select body from outbox_message where recipient = $1 order by id desc limit 1',
        [recipient],
      );
      const match = /验证码\s*(\d{6})/.exec(rows[0]?.body ?? '');
      if (match === null) throw new Error(`no SMS code in the outbox for ${recipient}`);
      return match[1] as string;
    } finally {
      await client.end();
    }
  }

  beforeAll(async () => {
    if (!existsSync(SERVER_MAIN)) throw new Error(`${SERVER_MAIN} is missing: run \`npm run build\` first`);
    if (!existsSync(WEB_INDEX)) throw new Error(`${WEB_INDEX} is missing: run \`npm run build\` first`);
    mkdirSync(RESULTS_DIR, { recursive: true });

    const admin = new pg.Client(PG_ADMIN_URL);
    await admin.connect();
    try {
      await admin.query(`create database ${databaseName}`);
      databaseCreated = true;
    } finally {
      await admin.end();
    }

    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    server = spawn(process.execPath, [SERVER_MAIN], {
      cwd: ROOT,
      env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server.stdout?.on('data', (chunk: Buffer) => {
      serverOutput += chunk.toString();
    });
    server.stderr?.on('data', (chunk: Buffer) => {
      serverOutput += chunk.toString();
    });
    await waitForHealth(baseUrl, server, () => serverOutput);

    userDataDir = mkdtempSync(join(tmpdir(), 'kexiao-e2e-accounts-'));
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1280, height: 900 },
      locale: 'zh-CN',
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.on('pageerror', (error) => browserErrors.push(error.message));
    page.on('console', (message) => {
      // 401s (GET /session while signed out, a wrong password) are expected; the browser logs them as errors.
      if (message.type() === 'error' && !/status of 40[01]/.test(message.text())) browserErrors.push(message.text());
    });
  });

  afterAll(async () => {
    await context?.close();
    if (userDataDir !== '') rmSync(userDataDir, { recursive: true, force: true });
    if (server && server.exitCode === null) {
      const exited = new Promise((r) => server?.once('exit', r));
      server.kill('SIGTERM');
      const timer = setTimeout(() => server?.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    if (databaseCreated) {
      const admin = new pg.Client(PG_ADMIN_URL);
      await admin.connect();
      await admin.query(`drop database if exists ${databaseName} with (force)`);
      await admin.end();
    }
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
    const id = idNumber();
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

    await page.setViewportSize({ width: 375, height: 812 });
    await noHorizontalScroll(page);
    await page.screenshot({ path: join(RESULTS_DIR, 'accounts-register-375.png'), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });

    await page.getByTestId('person-sms-send').click();
    await expect.poll(() => textOf(page, 'person-sms-send')).toMatch(/^\d+秒后重新获取$/);
    expect(await page.getByTestId('person-sms-send').isDisabled()).toBe(true);
    await page.getByTestId('person-smsCode').fill(await latestSmsCode(phone));
    await page.getByTestId('person-agreement').check();
    await page.screenshot({ path: join(RESULTS_DIR, 'accounts-register-1280.png'), fullPage: true });

    await page.getByTestId('person-submit').click();
    await expect.poll(() => textOf(page, 'real-name-status'), { timeout: 20_000 }).toBe('已实名认证');
    // Signed in right away: the header shows the display name.
    await expect.poll(() => textOf(page, 'header-account')).toContain('张测试');
    await page.screenshot({ path: join(RESULTS_DIR, 'accounts-registered-1280.png'), fullPage: true });
  });

  it('shows a taken login name under its field', async () => {
    await page.goto(`${baseUrl}/register`);
    await page.getByTestId('person-loginName').fill(loginName);
    await page.getByTestId('person-loginName-check').click();
    await expect.poll(() => fieldError(page, 'person-loginName')).toContain('该登录名已被注册');
  });

  it('logs out from the header menu, then a wrong password shows the tries remaining', async () => {
    await page.getByTestId('header-account').click();
    await page.getByTestId('header-logout').click();
    await expect.poll(() => page.getByTestId('header-login').isVisible()).toBe(true);

    await page.goto(`${baseUrl}/login`);
    await page.getByTestId('login-identifier').fill(phone);
    await page.getByTestId('login-password').fill('Wrong#password1');
    await page.getByTestId('login-submit').click();
    await expect.poll(() => textOf(page, 'login-error')).toBe('账号或密码错误（再错4次将锁定账号15分钟）');
    await page.setViewportSize({ width: 375, height: 812 });
    await noHorizontalScroll(page);
    await page.screenshot({ path: join(RESULTS_DIR, 'accounts-login-error-375.png'), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('logs in by phone number, shows 我的账号, and 在所有设备上退出 signs out', async () => {
    await page.getByTestId('login-identifier').fill(phone);
    await page.getByTestId('login-password').fill(password);
    await Promise.all([page.waitForURL(`${baseUrl}/account`), page.getByTestId('login-submit').click()]);
    await expect.poll(() => textOf(page, 'account-realName')).toBe('已实名认证');
    expect(await page.getByTestId('account-loginName').textContent()).toBe(loginName);
    expect(await page.getByTestId('account-displayName').textContent()).toBe('张测试');
    expect(await page.getByTestId('account-phone').textContent()).toBe(`${phone.slice(0, 3)}****${phone.slice(7)}`);
    await page.screenshot({ path: join(RESULTS_DIR, 'accounts-account-1280.png'), fullPage: true });
    await page.setViewportSize({ width: 375, height: 812 });
    await noHorizontalScroll(page);
    await page.screenshot({ path: join(RESULTS_DIR, 'accounts-account-375.png'), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });

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
    await page.setViewportSize({ width: 375, height: 812 });
    await noHorizontalScroll(page);
    await page.screenshot({ path: join(RESULTS_DIR, 'accounts-register-legal-375.png'), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.locator('#legal_regionCode').click();
    await expect.poll(() => page.locator('.ant-cascader-menu-item').count()).toBeGreaterThan(20);
    await page.locator('.ant-cascader-menu-item', { hasText: '北京市' }).first().click();
    await expect.poll(() => page.locator('.ant-cascader-menu').count()).toBeGreaterThan(1);
    await page.keyboard.press('Escape');
    expect(browserErrors).toEqual([]);
  });
});
