/**
 * Account recovery in real Chromium against the real server on PostgreSQL: 忘记密码 (the SMS code read from the
 * development outbox table, which a second process can only read on a real database server) → new password →
 * sign in; then 账号安全 turns on login with an SMS code and the login page asks for it. Needs `npm run build`.
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
    throw new Error(`PostgreSQL is required for e2e/recovery.test.ts in CI (${PG_ADMIN_URL})`);
  console.warn(`e2e/recovery.test.ts skipped: PostgreSQL is unreachable at ${PG_ADMIN_URL}`);
}

function idNumber(): string {
  const first17 = `110101199104${String(randomInt(10, 28))}${String(randomInt(100, 998)).padStart(3, '0')}`;
  return first17 + (idCardCheckChar(first17) as string);
}

function textOf(page: Page, testId: string): Promise<string> {
  return page
    .getByTestId(testId)
    .allTextContents()
    .then((texts) => texts.join(''));
}

describe.skipIf(!POSTGRES)('recovery: forgot password and SMS login (real server on PostgreSQL, real Chromium)', () => {
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

  const phone = `136${String(randomInt(0, 1e8)).padStart(8, '0')}`;
  const loginName = `rc_${randomBytes(4).toString('hex')}`;
  const oldPassword = 'Kexiao#2026x';
  const newPassword = 'Renewed#2026y';

  /** The newest SMS code sent to this phone, read from the outbox table the server writes. */
  async function latestSmsCode(recipient: string, after = 0): Promise<{ code: string; id: number }> {
    const client = new pg.Client(databaseUrl);
    await client.connect();
    try {
      const { rows } = await client.query<{ id: string; body: string }>(
        'select id, body from outbox_message where recipient = $1 and id > $2 order by id desc limit 1',
        [recipient, after],
      );
      const match = /验证码\s*(\d{6})/.exec(rows[0]?.body ?? '');
      if (match === null) throw new Error(`no new SMS code in the outbox for ${recipient}`);
      return { code: match[1] as string, id: Number(rows[0]?.id) };
    } finally {
      await client.end();
    }
  }

  async function newestOutboxId(): Promise<number> {
    const client = new pg.Client(databaseUrl);
    await client.connect();
    try {
      const { rows } = await client.query<{ id: string | null }>('select max(id) as id from outbox_message');
      return Number(rows[0]?.id ?? 0);
    } finally {
      await client.end();
    }
  }

  /** The registration code was sent seconds ago: the one-code-a-minute limit per phone would refuse the next. */
  async function clearRateLimits(): Promise<void> {
    const client = new pg.Client(databaseUrl);
    await client.connect();
    try {
      await client.query('delete from rate_limit_counter');
    } finally {
      await client.end();
    }
  }

  async function post(path: string, body: unknown): Promise<Response> {
    return fetch(`${baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
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

    // The account to recover, registered through the API.
    expect((await post('/api/v1/verification/sms-codes', { phone, purpose: 'register' })).status).toBe(202);
    const registered = await post('/api/v1/accounts/persons', {
      loginName,
      password: oldPassword,
      name: '何找回',
      idNumber: idNumber(),
      idValidTo: '长期',
      phone,
      agreement: true,
      smsCode: (await latestSmsCode(phone)).code,
    });
    expect(registered.status, await registered.clone().text()).toBe(201);

    userDataDir = mkdtempSync(join(tmpdir(), 'kexiao-e2e-recovery-'));
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
      // 401s (GET /session while signed out, the SMS-code prompt) are expected; the browser logs them as errors.
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

  it('忘记密码: login name → code to the masked phone → new password → sign in with it', async () => {
    await page.goto(`${baseUrl}/login`);
    await Promise.all([page.waitForURL(`${baseUrl}/forgot-password`), page.getByTestId('login-forgot-link').click()]);
    await clearRateLimits();
    const before = await newestOutboxId();
    await page.getByTestId('forgot-loginName').fill(loginName);
    await page.getByTestId('forgot-start').click();
    await expect.poll(() => textOf(page, 'forgot-phone')).toBe(`${phone.slice(0, 3)}****${phone.slice(7)}`);
    const { code } = await latestSmsCode(phone, before);
    await page.getByTestId('forgot-smsCode').fill(code);
    await page.getByTestId('forgot-password').fill(newPassword);
    await page.getByTestId('forgot-confirmPassword').fill(newPassword);
    await page.screenshot({ path: join(RESULTS_DIR, 'recovery-forgot-1280.png'), fullPage: true });
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

    await context?.clearCookies();
    await page.goto(`${baseUrl}/login`);
    await clearRateLimits();
    const before = await newestOutboxId();
    await page.getByTestId('login-identifier').fill(loginName);
    await page.getByTestId('login-password').fill(newPassword);
    await page.getByTestId('login-submit').click();
    await expect.poll(() => textOf(page, 'login-sms-prompt')).toContain(`${phone.slice(0, 3)}****${phone.slice(7)}`);
    const { code } = await latestSmsCode(phone, before);
    await page.getByTestId('login-smsCode').fill(code);
    await page.screenshot({ path: join(RESULTS_DIR, 'recovery-sms-login-1280.png'), fullPage: true });
    await Promise.all([page.waitForURL(`${baseUrl}/account`), page.getByTestId('login-submit').click()]);
    expect(browserErrors).toEqual([]);
  });
});
