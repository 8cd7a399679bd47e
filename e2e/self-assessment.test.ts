/**
 * The public self-assessment page in real Chromium against the real server (packages/server/dist/main.js,
 * which serves packages/web/dist). Needs `npm run build` first.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  collectBrowserErrors,
  DESKTOP,
  launchPersistentChromium,
  PHONE,
  type PersistentChromium,
} from './helpers/browser.js';
import { resultPath } from './helpers/page.js';
import { startServer, type TestServer } from './helpers/server.js';

interface ServerResult {
  eligible: boolean;
  route: 'score' | 'fastTrack' | null;
  score: { total: number; techStaff: number; rdInput: number; rdBasis: string | null; ipResults: number };
  failures: { code: string; message: string }[];
  fastTrackMet: string[];
  onSiteCheck: string[];
}

/** What the page currently shows, read from its data-testid elements. */
interface PageVerdict {
  state: string | null;
  route: string | null;
  total: number | null;
  points: { techStaff: number; rdInput: number; ipResults: number } | null;
  failures: string[];
}

async function readVerdict(page: Page): Promise<PageVerdict> {
  const textOf = async (testId: string): Promise<string | null> => {
    const locator = page.getByTestId(testId);
    return (await locator.count()) === 0 ? null : locator.textContent();
  };
  const numberOf = async (testId: string): Promise<number | null> => {
    const text = await textOf(testId);
    return text === null ? null : Number(text);
  };
  const verdict = page.getByTestId('verdict');
  const [tech, rd, ip] = await Promise.all([
    numberOf('points-techStaff'),
    numberOf('points-rdInput'),
    numberOf('points-ipResults'),
  ]);
  const failureCodes = await page
    .locator('[data-testid="failures"] [data-code]')
    .evaluateAll((items) => items.map((item) => item.getAttribute('data-code') ?? ''));
  return {
    state: await verdict.getAttribute('data-state'),
    route: await verdict.getAttribute('data-route'),
    total: await numberOf('score-total'),
    points: tech === null || rd === null || ip === null ? null : { techStaff: tech, rdInput: rd, ipResults: ip },
    failures: failureCodes,
  };
}

/** The current input as the page's "下载 JSON" button produces it. */
async function downloadInput(page: Page): Promise<string> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-json').click()]);
  expect(download.suggestedFilename()).toMatch(/^kexiao-assessment-\d{4}\.json$/);
  const path = await download.path();
  return readFileSync(path, 'utf8');
}

/** POST the JSON to the server from the page itself (same origin, as a user's script would). */
async function postFromPage(page: Page, body: string): Promise<{ status: number; json: unknown }> {
  return page.evaluate(async (payload) => {
    const response = await fetch('/api/v1/assessments', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: payload,
    });
    return { status: response.status, json: await response.json() };
  }, body);
}

/** The page's verdict must be the server's: eligibility, route, every score and every failure code. */
async function expectPageMatchesServer(page: Page): Promise<ServerResult> {
  const body = await downloadInput(page);
  const { status, json } = await postFromPage(page, body);
  expect(status).toBe(200);
  const server = json as ServerResult;
  const shown = await readVerdict(page);
  expect(shown.state).toBe(server.eligible ? 'eligible' : 'ineligible');
  expect(shown.route).toBe(server.route ?? 'none');
  expect(shown.total).toBe(server.score.total);
  expect(shown.points).toEqual({
    techStaff: server.score.techStaff,
    rdInput: server.score.rdInput,
    ipResults: server.score.ipResults,
  });
  expect(shown.failures).toEqual(server.failures.map((f) => f.code));
  return server;
}

async function chooseYear(page: Page, year: number): Promise<void> {
  await page.getByTestId('input-evaluationYear').click();
  await page.locator(`.ant-select-item-option[title="${year}年度"]`).click();
  await expect.poll(() => page.getByTestId('input-evaluationYear').textContent()).toContain(`${year}年度`);
}

describe('public self-assessment page (real server, real Chromium)', () => {
  let server: TestServer | undefined;
  let baseUrl = '';
  let chromium: PersistentChromium | undefined;
  let page: Page;
  const browserErrors: string[] = [];

  beforeAll(async () => {
    server = await startServer({ database: 'memory' });
    baseUrl = server.baseUrl;

    chromium = await launchPersistentChromium('self-assessment', { acceptDownloads: true });
    await chromium.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseUrl });
    page = chromium.page;
    // The invalid-input test expects a 400 from the API, and the header's session check a 401 while signed
    // out; the browser logs those responses as errors.
    collectBrowserErrors(page, browserErrors, /status of 40[01]/);
    await page.goto(`${baseUrl}/`);
    await page.getByTestId('verdict').waitFor();
  });

  afterAll(async () => {
    await chromium?.close();
    await server?.stop();
  });

  it('opens on the contract example for the current year, with the provisional 2026 rule set', async () => {
    await expect.poll(() => page.title()).toBe('科小 · 科技型中小企业评价');
    expect(await page.getByTestId('rule-set').textContent()).toContain('适用规则：2026版（2026年度起）');
    expect(await page.getByTestId('rule-set-provisional').textContent()).toBe('暂定');
    const shown = await readVerdict(page);
    expect(shown).toMatchObject({ state: 'eligible', route: 'score', total: 84 });
    expect(await page.getByTestId('disclaimer').textContent()).toContain(
      '自测结果仅供参考，以评价工作机构审核和省级公告为准',
    );
    await expectPageMatchesServer(page);

    // "复制为 JSON" puts the same AssessmentInput on the clipboard as "下载 JSON" saves.
    await page.getByTestId('copy-json').click();
    await expect.poll(() => page.locator('.ant-message-notice').textContent()).toContain('已复制 JSON');
    const copied = await page.evaluate<string>('navigator.clipboard.readText()');
    expect(JSON.parse(copied)).toEqual(JSON.parse(await downloadInput(page)));
    expect(JSON.parse(copied)).toMatchObject({ evaluationYear: 2026, figures: { rdExpense: '720000' } });
  });

  it('shows the failure and a suggestion when the tech-staff score is zero, as the server does', async () => {
    await chooseYear(page, 2025);
    const ruleSet = await page.getByTestId('rule-set').textContent();
    expect(ruleSet).toContain('适用规则：2024版（2024–2025年度）');
    expect(ruleSet).not.toContain('暂定');

    await page.getByTestId('input-figures.totalStaff').fill('100');
    await page.getByTestId('input-figures.techStaff').fill('9');

    await expect.poll(async () => (await readVerdict(page)).state).toBe('ineligible');
    expect(await page.getByTestId('verdict-text').textContent()).toBe('不符合科技型中小企业条件');
    const failure = page.locator('[data-testid="failures"] [data-code="tech_staff_score_zero"]');
    expect(await failure.textContent()).toContain('科技人员指标得分为0分');
    expect(await page.getByTestId('band-techStaff').textContent()).toContain('未达到最低档（≥10%），得0分');
    const techSuggestion = page.locator('[data-testid="suggestions"] [data-axis="techStaff"]');
    expect(await techSuggestion.textContent()).toMatch(/再增加\d+名科技人员/);
    expect(await techSuggestion.textContent()).toContain('再增加2名科技人员');

    const server = await expectPageMatchesServer(page);
    expect(server).toMatchObject({ ruleSetId: '2024', eligible: false, route: null });
    expect(server.failures.map((f) => f.code)).toEqual(['tech_staff_score_zero']);
  });

  it('turns eligible with 84 points and the band texts when tech staff is 25', async () => {
    await page.getByTestId('input-figures.techStaff').fill('25');

    await expect.poll(async () => (await readVerdict(page)).state).toBe('eligible');
    expect(await page.getByTestId('verdict-text').textContent()).toBe('符合科技型中小企业条件');
    expect(await page.getByTestId('verdict-route').textContent()).toContain('通过综合评分');
    expect(await page.getByTestId('score-total').textContent()).toBe('84');
    expect(await page.getByTestId('band-techStaff').textContent()).toBe('已达到 ≥25%，得16分');
    expect(await page.getByTestId('next-techStaff').textContent()).toContain('下一档 ≥30%（20分）');
    expect(await page.getByTestId('band-rdInput').textContent()).toBe('已达到 ≥6%，得50分');
    expect(await page.getByTestId('rd-basis').textContent()).toContain('研发费用占销售收入比例');
    expect(await page.getByTestId('band-ipResults').textContent()).toBe('已达到 ≥3项Ⅱ类，得18分');
    expect(await page.locator('[data-testid="on-site"] [data-code="firstTime"]').textContent()).toBe('首次参加评价');
    expect(await page.getByTestId('margins').textContent()).toContain('高出60分的及格线24分');
    expect(await page.getByTestId('failures').count()).toBe(0);

    const server = await expectPageMatchesServer(page);
    expect(server).toMatchObject({
      ruleSetId: '2024',
      eligible: true,
      route: 'score',
      score: { total: 84, techStaff: 16, rdInput: 50, rdBasis: 'salesRevenue', ipResults: 18 },
      onSiteCheck: ['firstTime'],
    });
  });

  it('shows field errors instead of a stale result, and the server rejects the same input', async () => {
    await page.getByTestId('input-figures.rdExpense').fill('720000.123');

    await expect.poll(async () => (await readVerdict(page)).state).toBe('invalid');
    expect(await page.getByTestId('score-total').count()).toBe(0);
    expect(await page.getByTestId('error-figures.rdExpense').textContent()).toContain('研发费用总额');
    expect(await page.getByTestId('input-figures.rdExpense').getAttribute('aria-invalid')).toBe('true');

    const body = await downloadInput(page);
    const { status, json } = await postFromPage(page, body);
    expect(status).toBe(400);
    const fields = (json as { error: { fields: { path: string }[] } }).error.fields.map((f) => f.path);
    expect(fields).toEqual(['figures.rdExpense']);

    await page.getByTestId('input-figures.rdExpense').fill('720000');
    await expect.poll(async () => (await readVerdict(page)).state).toBe('eligible');
    expect(await page.getByTestId('echo-figures.rdExpense').textContent()).toBe('¥720,000.00（72万元）');
  });

  it('clears, restores the example and loads a suggestion into the form', async () => {
    await page.getByTestId('clear-form').click();
    await expect.poll(async () => (await readVerdict(page)).state).toBe('invalid');
    expect(await page.getByTestId('verdict').textContent()).toContain('尚未填写完整');
    expect(await page.getByTestId('error-figures.totalStaff').textContent()).toBe('缺少必填项：职工总数');
    expect(await page.getByTestId('rule-set').textContent()).toContain('2024版');

    await page.getByTestId('restore-example').click();
    await expect.poll(async () => (await readVerdict(page)).state).toBe('eligible');
    expect(await page.getByTestId('score-total').textContent()).toBe('84');
    expect(await page.getByTestId('rule-set').textContent()).toContain('2026版（2026年度起）');

    await page.getByTestId('input-figures.techStaff').fill('9');
    await expect.poll(async () => (await readVerdict(page)).state).toBe('ineligible');
    await page.locator('[data-testid="suggestions"] [data-axis="techStaff"] button').click();
    await expect.poll(async () => (await readVerdict(page)).state).toBe('eligible');
    expect(await page.getByTestId('input-figures.techStaff').inputValue()).toBe('11');
    expect(await page.getByTestId('input-figures.totalStaff').inputValue()).toBe('102');
    const server = await expectPageMatchesServer(page);
    expect(server.score).toMatchObject({ total: 72, techStaff: 4 });

    await page.getByTestId('restore-example').click();
    await expect.poll(async () => (await readVerdict(page)).total).toBe(84);
  });

  it('fits a 375 px phone without horizontal scrolling', async () => {
    // Top of the page, once any toast has gone.
    await page.evaluate('window.scrollTo(0, 0)');
    await expect.poll(() => page.locator('.ant-message-notice').count(), { timeout: 10_000 }).toBe(0);
    await page.screenshot({ path: resultPath('self-assessment-desktop.png') });

    await page.setViewportSize(PHONE);
    await expect.poll(() => page.getByTestId('summary-bar').isVisible()).toBe(true);
    await page.evaluate('window.scrollTo(0, 0)');
    await page.screenshot({ path: resultPath('self-assessment-mobile.png') });
    await page.getByTestId('result-panel').screenshot({
      path: resultPath('self-assessment-mobile-result.png'),
      style: '[data-testid="summary-bar"] { visibility: hidden; }',
    });
    const widths = {
      scroll: await page.evaluate<number>('document.scrollingElement.scrollWidth'),
      client: await page.evaluate<number>('document.documentElement.clientWidth'),
    };
    expect(widths.scroll).toBeLessThanOrEqual(375);
    expect(widths.client).toBe(375);

    // The result sits below the form on a phone.
    const formBox = await page.locator('form.kx-form').boundingBox();
    const resultBox = await page.getByTestId('result-panel').boundingBox();
    expect(formBox).not.toBeNull();
    expect(resultBox).not.toBeNull();
    if (formBox && resultBox) expect(resultBox.y).toBeGreaterThan(formBox.y + formBox.height - 1);
  });

  it('serves the page at /self-assessment too, and a 404 page elsewhere', async () => {
    await page.setViewportSize(DESKTOP);
    await page.goto(`${baseUrl}/self-assessment`);
    await expect.poll(async () => (await readVerdict(page)).state).toBe('eligible');
    expect(await page.locator('.kx-nav-link-active').textContent()).toBe('自测');
    await page.goto(`${baseUrl}/no-such-page`);
    await expect.poll(() => page.getByText('页面不存在', { exact: true }).count()).toBe(1);
  });

  it('logged no script errors in the browser', () => {
    expect(browserErrors).toEqual([]);
  });
});
