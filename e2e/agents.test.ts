/**
 * Agents (代办人) in real Chromium against the real server on PostgreSQL: the legal person grants a registered,
 * verified natural person; the person signs in, chooses the enterprise in "代表企业办理" and sees its 企业信息;
 * the legal person revokes; the person's next page load no longer acts for it. Two browser contexts (two
 * people). Needs `npm run build` first; skipped without PostgreSQL unless CI=true.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { usccCheckChar } from '@kexiao/rules';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idNumber, mobileNumber, registerThroughApi } from './helpers/accounts.js';
import { collectBrowserErrors, launchChromium, newPage } from './helpers/browser.js';
import { atPhoneWidth, fieldError, screenshot, signIn, textOf } from './helpers/page.js';
import { postgresAvailable } from './helpers/postgres.js';
import { type PostgresTestServer, startServer } from './helpers/server.js';

const POSTGRES = await postgresAvailable('e2e/agents.test.ts');

const zhengzhouId = () => idNumber('410105198807');
const mobile = () => mobileNumber('137');

describe.skipIf(!POSTGRES)('agents: grant, act for, revoke (real server on PostgreSQL, real Chromium)', () => {
  let server: PostgresTestServer | undefined;
  let baseUrl = '';
  let browser: Browser | undefined;
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

  const watch = (page: Page) =>
    // 401/404 replies (signed out; no enterprise chosen) are expected; the browser logs them as errors.
    collectBrowserErrors(page, browserErrors, /status of 40[014]/);

  beforeAll(async () => {
    server = await startServer({ database: 'postgres' });
    baseUrl = server.baseUrl;

    const ownerPhone = mobile();
    await registerThroughApi(server, 'legal-persons', ownerPhone, {
      loginName: ownerLogin,
      password,
      unitName,
      unitType: 'enterpriseLegalPerson',
      uscc,
      regionCode: '410105',
      legalRepName: '王建国',
      legalRepIdNumber: zhengzhouId(),
      legalRepIdValidTo: '长期',
      agentName: '李晓梅',
      agentIdNumber: zhengzhouId(),
      agentIdValidTo: '长期',
      agentPhone: ownerPhone,
      agreement: true,
    });
    const agentPhone = mobile();
    await registerThroughApi(server, 'persons', agentPhone, {
      loginName: agentLogin,
      password,
      name: agentName,
      idNumber: zhengzhouId(),
      idValidTo: '长期',
      phone: agentPhone,
      agreement: true,
    });

    browser = await launchChromium();
    owner = await newPage(browser);
    agent = await newPage(browser);
    watch(owner);
    watch(agent);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('the legal person grants a verified person on 代办人管理 (a wrong name is refused under its field)', async () => {
    await signIn(owner, baseUrl, ownerLogin, password);
    await owner.goto(`${baseUrl}/enterprise/agents`);
    await owner.getByTestId('grant-agent-who').fill(agentLogin);
    await owner.getByTestId('grant-agent-name').fill('周待办');
    await owner.getByTestId('grant-agent-submit').click();
    await expect.poll(() => fieldError(owner, 'grant-agent-name')).toContain('已实名认证的自然人账号');
    await owner.getByTestId('grant-agent-name').fill(agentName);
    await owner.getByTestId('grant-agent-note').fill('负责评价填报');
    await owner.getByTestId('grant-agent-submit').click();
    await expect.poll(() => textOf(owner, 'agents-table')).toContain(agentName);
    expect(await textOf(owner, 'agents-table')).toMatch(/137\*{4}\d{4}/);
    await screenshot(owner, 'agents-granted-1280.png');
  });

  it('the person signs in, chooses the enterprise and sees its 企业信息', async () => {
    await signIn(agent, baseUrl, agentLogin, password);
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
    await screenshot(agent, 'agents-acting-for-1280.png');
    await atPhoneWidth(agent, 'agents-acting-for-375.png');
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
    await screenshot(agent, 'agents-revoked-1280.png');
    expect(browserErrors).toEqual([]);
  });
});
