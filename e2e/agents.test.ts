/**
 * Agents (代办人) in real Chromium against the real server on PostgreSQL: the legal person grants a registered,
 * verified natural person; the person signs in, chooses the enterprise in "代表企业办理" and sees its 企业信息;
 * the legal person revokes; the person's next page load no longer acts for it. Two browser contexts (two
 * people). Needs `npm run build` first; skipped without PostgreSQL unless CI=true.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { idCardCheckChar, usccCheckChar } from '@kexiao/rules';
import pg from 'pg';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, waitForHealth } from './helpers/server.js';

const ROOT = resolve(import.meta.dirname, '..');
const SERVER_MAIN = join(ROOT, 'packages/server/dist/main.js');
const WEB_INDEX = join(ROOT, 'packages/web/dist/index.html');
const RESULTS_DIR = join(ROOT, 'test-results');
const PG_ADMIN_URL = process.env.KEXIAO_E2E_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run'];

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
    throw new Error(`PostgreSQL is required for e2e/agents.test.ts in CI (${PG_ADMIN_URL})`);
  console.warn(`e2e/agents.test.ts skipped: PostgreSQL is unreachable at ${PG_ADMIN_URL}`);
}

const idNumber = () => {
  const first17 = `410105198807${String(randomInt(10, 28))}${String(randomInt(100, 998)).padStart(3, '0')}`;
  return first17 + (idCardCheckChar(first17) as string);
};
const mobile = () => `137${String(randomInt(0, 1e8)).padStart(8, '0')}`;
const textOf = (page: Page, testId: string) =>
  page
    .getByTestId(testId)
    .allTextContents()
    .then((t) => t.join(''));

describe.skipIf(!POSTGRES)('agents: grant, act for, revoke (real server on PostgreSQL, real Chromium)', () => {
  const databaseName = `kexiao_e2e_${randomBytes(6).toString('hex')}`;
  const databaseUrl = PG_ADMIN_URL.replace(/\/[^/]*$/, `/${databaseName}`);
  let databaseCreated = false;
  let server: ChildProcess | undefined;
  let serverOutput = '';
  let baseUrl = '';
  let browser: Browser | undefined;
  let ownerContext: BrowserContext;
  let agentContext: BrowserContext;
  let owner: Page;
  let agent: Page;
  const browserErrors: string[] = [];

  const suffix = randomBytes(3).toString('hex');
  const password = 'Kexiao#2026x';
  const uscc17 = `91410105MA${String(randomInt(0, 1e7)).padStart(7, '0')}`;
  const uscc = uscc17 + (usccCheckChar(uscc17) as string);
  const unitName = `郑州代办浏览器测试${suffix}科技有限公司`;
  const ownerLogin = `e2e_owner_${suffix}`;
  const agentLogin = `e2e_agent_${suffix}`;
  const agentName = '周代办';

  async function smsCode(phone: string): Promise<string> {
    const sent = await fetch(`${baseUrl}/api/v1/verification/sms-codes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ phone, purpose: 'register' }),
    });
    expect(sent.status).toBe(202);
    const client = new pg.Client(databaseUrl);
    await client.connect();
    try {
      const { rows } = await client.query<{ body: string }>(
        'select body from outbox_message where recipient = $1 order by id desc limit 1',
        [phone],
      );
      return /验证码(\d{6})/.exec(rows[0]?.body ?? '')?.[1] as string;
    } finally {
      await client.end();
    }
  }
  async function register(path: string, body: Record<string, unknown>): Promise<void> {
    const r = await fetch(`${baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(r.status, await r.clone().text()).toBe(201);
  }
  async function signIn(page: Page, identifier: string): Promise<void> {
    await page.goto(`${baseUrl}/login`);
    await page.getByTestId('login-identifier').fill(identifier);
    await page.getByTestId('login-password').fill(password);
    await Promise.all([page.waitForURL(`${baseUrl}/account`), page.getByTestId('login-submit').click()]);
  }
  const watch = (page: Page) => {
    page.on('pageerror', (error) => browserErrors.push(error.message));
    page.on('console', (message) => {
      // 401/404 replies (signed out; no enterprise chosen) are expected; the browser logs them as errors.
      if (message.type() === 'error' && !/status of 40[014]/.test(message.text())) browserErrors.push(message.text());
    });
  };

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

    const ownerPhone = mobile();
    await register('/api/v1/accounts/legal-persons', {
      loginName: ownerLogin,
      password,
      unitName,
      unitType: 'enterpriseLegalPerson',
      uscc,
      regionCode: '410105',
      legalRepName: '王建国',
      legalRepIdNumber: idNumber(),
      legalRepIdValidTo: '长期',
      agentName: '李晓梅',
      agentIdNumber: idNumber(),
      agentIdValidTo: '长期',
      agentPhone: ownerPhone,
      smsCode: await smsCode(ownerPhone),
      agreement: true,
    });
    const agentPhone = mobile();
    await register('/api/v1/accounts/persons', {
      loginName: agentLogin,
      password,
      name: agentName,
      idNumber: idNumber(),
      idValidTo: '长期',
      phone: agentPhone,
      smsCode: await smsCode(agentPhone),
      agreement: true,
    });

    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
    const options = { viewport: { width: 1280, height: 900 }, locale: 'zh-CN' };
    ownerContext = await browser.newContext(options);
    agentContext = await browser.newContext(options);
    owner = await ownerContext.newPage();
    agent = await agentContext.newPage();
    watch(owner);
    watch(agent);
  });

  afterAll(async () => {
    await browser?.close();
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

  it('the legal person grants a verified person on 代办人管理 (a wrong name is refused under its field)', async () => {
    await signIn(owner, ownerLogin);
    await owner.goto(`${baseUrl}/enterprise/agents`);
    await owner.getByTestId('grant-agent-who').fill(agentLogin);
    await owner.getByTestId('grant-agent-name').fill('周待办');
    await owner.getByTestId('grant-agent-submit').click();
    await expect
      .poll(() =>
        owner
          .locator('.ant-form-item', { has: owner.getByTestId('grant-agent-name') })
          .locator('.ant-form-item-explain-error')
          .allTextContents()
          .then((t) => t.join('')),
      )
      .toContain('已实名认证的自然人账号');
    await owner.getByTestId('grant-agent-name').fill(agentName);
    await owner.getByTestId('grant-agent-note').fill('负责评价填报');
    await owner.getByTestId('grant-agent-submit').click();
    await expect.poll(() => textOf(owner, 'agents-table')).toContain(agentName);
    expect(await textOf(owner, 'agents-table')).toMatch(/137\*{4}\d{4}/);
    await owner.screenshot({ path: join(RESULTS_DIR, 'agents-granted-1280.png'), fullPage: true });
  });

  it('the person signs in, chooses the enterprise and sees its 企业信息', async () => {
    await signIn(agent, agentLogin);
    await agent.getByTestId('acting-for-switcher').click();
    await Promise.all([
      agent.waitForURL(`${baseUrl}/enterprise`),
      agent.getByTestId(`acting-for-option-${uscc}`).click(),
    ]);
    await expect.poll(() => textOf(agent, 'header-acting-for')).toBe(`代 ${unitName}`);
    await expect.poll(() => textOf(agent, 'enterprise-name')).toBe(unitName);
    expect(await textOf(agent, 'enterprise-uscc')).toBe(uscc);
    expect(await textOf(agent, 'enterprise-region')).toBe('河南省 / 郑州市 / 金水区');
    expect(await textOf(agent, 'enterprise-main-agent')).toMatch(
      /李晓梅（身份证 4101\*{10}\d{3}[\dX]，手机 137\*{4}\d{4}）/,
    );
    await agent.screenshot({ path: join(RESULTS_DIR, 'agents-acting-for-1280.png'), fullPage: true });
    await agent.setViewportSize({ width: 375, height: 812 });
    await expect
      .poll(() => agent.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth'))
      .toBeLessThanOrEqual(0);
    await agent.screenshot({ path: join(RESULTS_DIR, 'agents-acting-for-375.png'), fullPage: true });
    await agent.setViewportSize({ width: 1280, height: 900 });
    await agent.goto(`${baseUrl}/enterprise/agents`);
    await expect.poll(() => textOf(agent, 'agents-read-only')).toContain('只能由单位的法人账号办理');
    expect(await agent.getByTestId('grant-agent-form').count()).toBe(0);
  });

  it('the legal person revokes; the person’s next page load no longer acts for the enterprise', async () => {
    await owner.goto(`${baseUrl}/enterprise/agents`);
    await owner.locator('[data-testid^="revoke-agent-"]').first().click();
    await owner.locator('.ant-popconfirm .ant-btn-primary').click();
    await expect.poll(() => textOf(owner, 'agents-table')).toContain('暂无代办人');

    await agent.goto(`${baseUrl}/enterprise`);
    await expect.poll(() => agent.getByTestId('no-enterprise').isVisible()).toBe(true);
    expect(await agent.getByTestId('header-acting-for').count()).toBe(0);
    expect(await agent.getByTestId('enterprise-name').count()).toBe(0);
    await agent.screenshot({ path: join(RESULTS_DIR, 'agents-revoked-1280.png'), fullPage: true });
    expect(browserErrors).toEqual([]);
  });
});
