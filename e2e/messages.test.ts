/**
 * 我的消息 in real Chromium against the real server on PostgreSQL (development mode, so the development
 * outbox exists and the demo national administrator is seeded): the welcome message after registration with
 * the header bell at 1, marking it read brings the count to 0; then the national administrator reads the
 * registration SMS in the outbox and finds the read recorded in an intact audit chain.
 * Needs `npm run build` first. Without CI the file is skipped when PostgreSQL is unreachable.
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
/** The demo password of development mode (packages/server/src/modules/demo/seed.ts). */
const DEMO_PASSWORD = 'Kexiao#2026';

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
    throw new Error(`PostgreSQL is required for e2e/messages.test.ts in CI (${PG_ADMIN_URL})`);
  console.warn(`e2e/messages.test.ts skipped: PostgreSQL is unreachable at ${PG_ADMIN_URL}`);
}

function idNumber(): string {
  const first17 = `110101199104${String(randomInt(10, 28))}${String(randomInt(100, 998)).padStart(3, '0')}`;
  return first17 + (idCardCheckChar(first17) as string);
}

const textOf = (page: Page, testId: string) =>
  page
    .getByTestId(testId)
    .allTextContents()
    .then((texts) => texts.join(''));
const bellCount = (page: Page) => page.getByTestId('header-messages').getAttribute('data-unread');

describe.skipIf(!POSTGRES)('我的消息: welcome message, bell, mark read; outbox and audit log for staff', () => {
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

  const phone = `138${String(randomInt(0, 1e8)).padStart(8, '0')}`;
  const loginName = `e2e_msg_${randomBytes(3).toString('hex')}`;
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
      env: {
        ...process.env,
        NODE_ENV: 'development',
        PORT: String(port),
        HOST: '127.0.0.1',
        DATABASE_URL: databaseUrl,
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server.stdout?.on('data', (chunk: Buffer) => {
      serverOutput += chunk.toString();
    });
    server.stderr?.on('data', (chunk: Buffer) => {
      serverOutput += chunk.toString();
    });
    await waitForHealth(baseUrl, server, () => serverOutput);

    userDataDir = mkdtempSync(join(tmpdir(), 'kexiao-e2e-messages-'));
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

  it('registers, and the bell shows the welcome message: 1 unread', async () => {
    await page.goto(`${baseUrl}/register`);
    await expect.poll(() => textOf(page, 'header-login')).toBe('登录');
    await page.getByTestId('person-loginName').fill(loginName);
    await page.getByTestId('person-password').fill(password);
    await page.getByTestId('person-confirmPassword').fill(password);
    await page.getByTestId('person-name').fill('王消息');
    await page.getByTestId('person-idNumber').fill(idNumber());
    await page.getByTestId('person-idValidTo-long').check();
    await page.getByTestId('person-phone').fill(phone);
    await page.getByTestId('person-sms-send').click();
    await expect.poll(() => textOf(page, 'person-sms-send')).toMatch(/^\d+秒后重新获取$/);
    await page.getByTestId('person-smsCode').fill(await latestSmsCode(phone));
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
    await page.screenshot({ path: join(RESULTS_DIR, 'messages-unread-1280.png'), fullPage: true });

    await page.getByTestId('message-mark-read').click();
    await expect.poll(() => textOf(page, 'messages-unread')).toBe('没有未读消息');
    expect(await page.getByTestId('message-unread-tag').count()).toBe(0);
    await expect.poll(() => bellCount(page)).toBe('0');
    expect(await page.getByTestId('messages-read-all').isDisabled()).toBe(true);
    // Stored on the server: after a reload the bell still says 0.
    await page.reload();
    await expect.poll(() => bellCount(page)).toBe('0');
    await page.setViewportSize({ width: 375, height: 812 });
    await expect
      .poll(() => page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth'))
      .toBeLessThanOrEqual(0);
    await page.screenshot({ path: join(RESULTS_DIR, 'messages-read-375.png'), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('the national administrator reads the SMS in the outbox and the read in an intact audit log', async () => {
    await page.getByTestId('header-account').click();
    await page.getByTestId('header-logout').click();
    await expect.poll(() => page.getByTestId('header-login').isVisible()).toBe(true);
    await page.goto(`${baseUrl}/login`);
    await page.getByTestId('login-identifier').fill('national_admin');
    await page.getByTestId('login-password').fill(DEMO_PASSWORD);
    await Promise.all([page.waitForURL(`${baseUrl}/account`), page.getByTestId('login-submit').click()]);

    await page.goto(`${baseUrl}/staff/outbox`);
    await page.getByTestId('outbox-recipient').locator('input').fill(phone);
    await page.getByTestId('outbox-recipient').locator('input').press('Enter');
    await expect.poll(() => textOf(page, 'outbox-table')).toContain(phone);
    expect(await textOf(page, 'outbox-table')).toMatch(/验证码\s*\d{6}/);
    await page.screenshot({ path: join(RESULTS_DIR, 'outbox-1280.png'), fullPage: true });

    await page.goto(`${baseUrl}/staff/audit`);
    await expect.poll(() => textOf(page, 'audit-chain'), { timeout: 20_000 }).toMatch(/^审计链完整/);
    await page.getByTestId('audit-action').fill('messages');
    await page.getByTestId('audit-search').click();
    await expect.poll(() => textOf(page, 'audit-table')).toContain('messages.read');
    await page.getByTestId('audit-from').fill('2020-01-01');
    await page.getByTestId('audit-to').fill('2020-12-31');
    await page.getByTestId('audit-search').click();
    await expect.poll(() => textOf(page, 'audit-table')).toContain('没有符合条件的记录');
    await page.screenshot({ path: join(RESULTS_DIR, 'audit-log-1280.png'), fullPage: true });
    expect(browserErrors).toEqual([]);
  });
});
