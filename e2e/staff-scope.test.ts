/**
 * Data scopes in real Chromium against the real server in development mode (so the demo data exists: demo_qiye's
 * enterprise in 郑州市金水区, demo_luoyang's in 洛阳市洛龙区, the 郑州 agency's reviewer zz_reviewer and the Henan
 * administrator henan_admin). The server runs on PGlite in memory: nothing outside the process is needed.
 * Needs `npm run build` first.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, waitForHealth } from './helpers/server.js';

const ROOT = resolve(import.meta.dirname, '..');
const SERVER_MAIN = join(ROOT, 'packages/server/dist/main.js');
const WEB_INDEX = join(ROOT, 'packages/web/dist/index.html');
const DEMO_PASSWORD = 'Kexiao#2026';
const ZHENGZHOU = '郑州示例智能科技有限公司';
const LUOYANG = '洛阳示例新材料有限公司';
const REFUSAL = '未找到该企业，或不在您的管辖范围内';
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

describe('staff data scopes (real server in development mode, real Chromium)', () => {
  let server: ChildProcess | undefined;
  let serverOutput = '';
  let baseUrl = '';
  let browser: Browser | undefined;
  let filesDir = '';
  const browserErrors: string[] = [];

  beforeAll(async () => {
    if (!existsSync(SERVER_MAIN)) throw new Error(`${SERVER_MAIN} is missing: run \`npm run build\` first`);
    if (!existsSync(WEB_INDEX)) throw new Error(`${WEB_INDEX} is missing: run \`npm run build\` first`);
    filesDir = mkdtempSync(join(tmpdir(), 'kexiao-e2e-scope-'));
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: 'memory://',
      FILES_DIR: filesDir,
      LOG_LEVEL: 'warn',
      NODE_ENV: 'development',
    };
    delete env.DATABASE_URL;
    server = spawn(process.execPath, [SERVER_MAIN], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    server.stdout?.on('data', (chunk: Buffer) => {
      serverOutput += chunk.toString();
    });
    server.stderr?.on('data', (chunk: Buffer) => {
      serverOutput += chunk.toString();
    });
    await waitForHealth(baseUrl, server, () => serverOutput);
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    if (server && server.exitCode === null) {
      const exited = new Promise((r) => server?.once('exit', r));
      server.kill('SIGTERM');
      const timer = setTimeout(() => server?.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    if (filesDir !== '') rmSync(filesDir, { recursive: true, force: true });
  });

  /** A fresh browser context signed in through the login page. */
  async function signedIn(loginName: string): Promise<Page> {
    const context = await (browser as Browser).newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    const page = await context.newPage();
    page.on('pageerror', (error) => browserErrors.push(`${loginName}: ${error.message}`));
    page.on('console', (message) => {
      // 401 (GET /session before signing in) and 404 (the refused enterprise) are expected answers.
      if (message.type() === 'error' && !/status of 40[14]/.test(message.text())) {
        browserErrors.push(`${loginName}: ${message.text()}`);
      }
    });
    await page.goto(`${baseUrl}/login`);
    await page.getByTestId('login-identifier').fill(loginName);
    await page.getByTestId('login-password').fill(DEMO_PASSWORD);
    await Promise.all([page.waitForURL(`${baseUrl}/account`), page.getByTestId('login-submit').click()]);
    return page;
  }

  const tableNames = (page: Page) =>
    page
      .getByTestId('staff-enterprises-table')
      .locator('tbody a')
      .allTextContents()
      .then((names) => names.sort());

  let luoyangUrl = '';

  it('henan_admin sees both Henan enterprises and opens the 洛阳 one', async () => {
    const page = await signedIn('henan_admin');
    await page.getByRole('link', { name: '企业查询' }).click();
    await page.waitForURL(`${baseUrl}/staff/enterprises`);
    await expect.poll(() => tableNames(page)).toEqual([LUOYANG, ZHENGZHOU].sort());
    await page.getByTestId('staff-enterprises-table').getByRole('link', { name: LUOYANG }).click();
    await page.waitForURL(/\/staff\/enterprises\/\d+$/);
    luoyangUrl = page.url();
    await expect.poll(() => page.getByTestId('staff-enterprise-agency').textContent()).toBe('洛阳市科学技术局');
    expect(await page.getByTestId('staff-enterprise-region').textContent()).toBe('河南省 › 洛阳市 › 洛龙区');

    // The administrator's other pages: the province's agencies (with the xlsx export) and its staff.
    await page.goto(`${baseUrl}/staff/agencies`);
    await expect
      .poll(() => page.getByTestId('agencies-table').textContent())
      .toMatch(/郑州市科学技术局[\s\S]*洛阳市科学技术局/);
    expect(await page.getByTestId('agency-export').getAttribute('href')).toBe(
      '/api/v1/staff/agencies/export?province=410000',
    );
    await page.goto(`${baseUrl}/staff/accounts`);
    await expect.poll(() => page.getByTestId('staff-table').textContent()).toContain('zz_reviewer');
    expect(await page.getByTestId('staff-table').textContent()).toContain('139****0005');
    expect(await page.getByTestId('staff-table').textContent()).not.toContain('13900000005');
    await page.context().close();
  });

  it('zz_reviewer sees only the 郑州 enterprise; the 洛阳 one’s URL is refused', async () => {
    const page = await signedIn('zz_reviewer');
    await page.goto(`${baseUrl}/staff/enterprises`);
    await expect.poll(() => tableNames(page)).toEqual([ZHENGZHOU]);
    // The navigation offers what a reviewer may use, not the administrators' pages.
    const nav = await page.getByRole('navigation', { name: '主导航' }).textContent();
    expect(nav).toContain('企业查询');
    expect(nav).not.toContain('工作人员');

    await page.goto(luoyangUrl);
    await expect.poll(() => page.getByTestId('staff-enterprise-refused').textContent()).toBe(REFUSAL);
    expect(await page.getByTestId('staff-enterprise-detail').count()).toBe(0);

    await page.goto(`${baseUrl}/staff/enterprises`);
    await page.getByTestId('enterprise-search').locator('input').fill('洛阳');
    await page.getByTestId('enterprise-search').locator('input').press('Enter');
    await expect.poll(() => page.getByTestId('staff-enterprises-table').textContent()).toContain('暂无数据');
    await page.context().close();
    expect(browserErrors).toEqual([]);
  });
});
