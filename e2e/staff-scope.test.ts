/**
 * Data scopes in real Chromium against the real server in development mode (so the demo data exists: demo_qiye's
 * enterprise in 郑州市金水区, demo_luoyang's in 洛阳市洛龙区, the 郑州 agency's reviewer zz_reviewer and the Henan
 * administrator henan_admin). The server runs on PGlite in memory: nothing outside the process is needed.
 * Needs `npm run build` first.
 */
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from './helpers/accounts.js';
import { collectBrowserErrors, launchChromium, newPage } from './helpers/browser.js';
import { signIn } from './helpers/page.js';
import { startServer, type TestServer } from './helpers/server.js';

const ZHENGZHOU = '郑州示例智能科技有限公司';
const LUOYANG = '洛阳示例新材料有限公司';
const REFUSAL = '未找到该企业，或不在您的管辖范围内';

describe('staff data scopes (real server in development mode, real Chromium)', () => {
  let server: TestServer | undefined;
  let baseUrl = '';
  let browser: Browser | undefined;
  const browserErrors: string[] = [];

  beforeAll(async () => {
    server = await startServer({ database: 'memory', development: true, filesDir: true });
    baseUrl = server.baseUrl;
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** A fresh browser context signed in through the login page. */
  async function signedIn(loginName: string): Promise<Page> {
    const page = await newPage(browser as Browser);
    // 401 (GET /session before signing in) and 404 (the refused enterprise) are expected answers.
    collectBrowserErrors(page, browserErrors, /status of 40[14]/, `${loginName}: `);
    await signIn(page, baseUrl, loginName, DEMO_PASSWORD);
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
