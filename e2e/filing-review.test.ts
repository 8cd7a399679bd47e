/**
 * Filing and review end to end, in real Chromium against the real server on PostgreSQL (development mode: the
 * demo's Henan campaign is open, `demo_qiye` is a 郑州 enterprise, `zz_reviewer` reviews for 郑州): the enterprise
 * fills in the 信息表 through the form, downloads the PDF, uploads the sealed first page and evidence, signs and
 * submits; the agency claims it and returns it for correction with a reason; the enterprise sees the reason,
 * corrects and resubmits (a second version, a new deadline); the agency sees the diff, records the on-site check
 * this first-time applicant needs, and passes it; the enterprise sees 审核通过. Two browser contexts (two people).
 * Needs `npm run build` first; skipped without PostgreSQL unless CI=true.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from './helpers/accounts.js';
import { collectBrowserErrors, launchChromium, newPage } from './helpers/browser.js';
import { atPhoneWidth, screenshot, signIn, textOf } from './helpers/page.js';
import { postgresAvailable } from './helpers/postgres.js';
import { startServer, type TestServer } from './helpers/server.js';

const POSTGRES = await postgresAvailable('e2e/filing-review.test.ts');

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n', 'latin1');
const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082',
  'hex',
);
const RETURN_REASON = '科技人员数与职工花名册不一致，请核对后修改';

const field = (page: Page, path: string) => page.getByTestId(`filing-field-${path}`);
/** A 是/否 answer (a radio group of buttons). */
const answer = (page: Page, path: string, yes: boolean) =>
  field(page, path)
    .getByText(yes ? '是' : '否', { exact: true })
    .click();
/** An antd Select: open it, pick the option by its title. */
async function choose(page: Page, path: string, option: string) {
  await field(page, path).click();
  await page.locator(`.ant-select-dropdown:visible .ant-select-item-option[title="${option}"]`).click();
}
const saveState = (page: Page) => page.getByTestId('filing-save-status').getAttribute('data-state');
const status = (page: Page, testId: string) => page.getByTestId(testId).getAttribute('data-status');
/** A value of the read-only 信息表 (a submitted version). */
const sheetValue = (page: Page, path: string) => page.getByTestId(`sheet-field-${path}`).locator('dd').textContent();

describe.skipIf(!POSTGRES)('filing and review (real server on PostgreSQL, real Chromium)', () => {
  let server: TestServer | undefined;
  let baseUrl = '';
  let browser: Browser | undefined;
  let enterprise: Page;
  let reviewer: Page;
  let filingUrl = '';
  let filingId = '';
  const browserErrors: string[] = [];

  beforeAll(async () => {
    server = await startServer({ database: 'postgres', development: true, filesDir: true });
    baseUrl = server.baseUrl;
    browser = await launchChromium();
    enterprise = await newPage(browser);
    reviewer = await newPage(browser);
    // 401 (GET /session signed out) and 409 (a refused submit while the form is incomplete) are expected.
    collectBrowserErrors(enterprise, browserErrors, /status of 40[019]/, 'enterprise');
    collectBrowserErrors(reviewer, browserErrors, /status of 40[019]/, 'reviewer');
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('the enterprise starts its filing in the open campaign and fills in the 信息表; autosave keeps it', async () => {
    await signIn(enterprise, baseUrl, 'demo_qiye', DEMO_PASSWORD);
    await enterprise.goto(`${baseUrl}/filing`);
    await expect.poll(() => textOf(enterprise, 'campaign-window')).toMatch(/\d{4}年\d{1,2}月\d{1,2}日/);
    await Promise.all([enterprise.waitForURL(/\/filing\/\d+$/), enterprise.getByTestId('filing-start').click()]);
    filingUrl = enterprise.url();
    filingId = filingUrl.split('/').pop() as string;
    expect(await status(enterprise, 'filing-status')).toBe('draft');
    // Pre-filled from the registration.
    expect(await field(enterprise, 'basic.name').inputValue()).toBe('郑州示例智能科技有限公司');

    await field(enterprise, 'basic.address').fill('河南省郑州市金水区科学大道100号');
    await field(enterprise, 'basic.establishedOn').fill('2019-03-15');
    await field(enterprise, 'basic.registeredCapital').fill('500');
    await field(enterprise, 'basic.industry').fill('软件和信息技术服务业');
    await choose(enterprise, 'basic.techField', '电子信息');
    await field(enterprise, 'basic.mainProducts').fill('工业物联网数据采集网关及配套软件');
    await field(enterprise, 'basic.contactEmail').fill('lixm@example.cn');

    for (const key of ['residentEnterprise', 'auditCollection', 'rdExpenseAccounting']) {
      await answer(enterprise, `enterprise.${key}`, true);
    }
    for (const key of ['industryRestricted', 'industryExcluded']) await answer(enterprise, `enterprise.${key}`, false);

    const figures: Record<string, string> = {
      totalStaff: '100',
      techStaff: '30',
      salesRevenue: '12000000',
      totalAssets: '30000000',
      totalCostExpense: '9000000',
      rdExpense: '720000',
    };
    for (const [key, value] of Object.entries(figures)) await field(enterprise, `figures.${key}`).fill(value);

    await enterprise.getByTestId('rd-project-add').click();
    await enterprise.getByTestId('rd-project-add').click();
    await field(enterprise, 'rdProjects[0].name').fill('边缘计算网关研发');
    await choose(enterprise, 'rdProjects[0].form', '自主研发');
    await field(enterprise, 'rdProjects[0].expense').fill('500000');
    await field(enterprise, 'rdProjects[1].name').fill('设备协议解析库');
    await choose(enterprise, 'rdProjects[1].form', '合作研发');
    await field(enterprise, 'rdProjects[1].expense').fill('120000');
    // 620,000 against 720,000: the check says so live, then the correction matches.
    await expect.poll(() => enterprise.getByTestId('rd-projects-check').getAttribute('data-state')).toBe('mismatch');
    await field(enterprise, 'rdProjects[1].expense').fill('220000');
    await expect.poll(() => enterprise.getByTestId('rd-projects-check').getAttribute('data-state')).toBe('match');

    await enterprise.getByTestId('ip-add').click();
    await choose(enterprise, 'intellectualProperty[0].type', '发明专利');
    await field(enterprise, 'intellectualProperty[0].number').fill('ZL202110000001.X');
    await field(enterprise, 'intellectualProperty[0].title').fill('一种工业数据采集方法');
    await field(enterprise, 'intellectualProperty[0].inForce').check();
    await field(enterprise, 'intellectualProperty[0].relatedToMainProducts').check();
    await expect.poll(() => textOf(enterprise, 'ip-count-class-i')).toBe('1');

    await answer(enterprise, 'fastTrack.highTechCertificateValid', false);
    await answer(enterprise, 'fastTrack.provincialRdInstitution', false);
    for (const key of [
      'majorSafetyAccident',
      'majorQualityAccident',
      'seriousEnvironmentalViolation',
      'seriousResearchMisconduct',
      'seriousFraud',
      'abnormalOperationList',
      'seriousViolationList',
    ]) {
      await answer(enterprise, `compliance.${key}`, false);
    }
    await expect.poll(() => saveState(enterprise), { timeout: 15_000 }).toBe('saved');

    // What was saved is what a fresh page load shows.
    await enterprise.reload();
    await expect.poll(() => field(enterprise, 'figures.techStaff').inputValue()).toBe('30');
    const blockers = await textOf(enterprise, 'filing-blockers');
    expect(blockers).toContain('尚未上传法定代表人签字并加盖公章的信息表首页');
    expect(blockers).not.toContain('信息表尚有');
    await screenshot(enterprise, 'filing-form-1280.png');
  });

  it('downloads the PDF, uploads the sealed first page and evidence, signs the commitment and submits', async () => {
    const [download] = await Promise.all([
      enterprise.waitForEvent('download'),
      enterprise.getByTestId('filing-download-pdf').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^科技型中小企业信息表-\d{4}-91410105MA44T8XK0H\.pdf$/);

    const upload = async (kind: string, name: string, buffer: Buffer, mimeType: string) => {
      await enterprise
        .getByTestId(`evidence-upload-${kind}`)
        .locator('input[type=file]')
        .setInputFiles({ name, mimeType, buffer });
      await expect.poll(() => enterprise.getByTestId(`evidence-${kind}`).getAttribute('data-present')).toBe('true');
    };
    await upload('sealedFirstPage', '首页盖章.png', PNG, 'image/png');
    await upload('financialStatements', '财务报表.pdf', PDF, 'application/pdf');
    await upload('ipCertificate', '专利证书.pdf', PDF, 'application/pdf');

    await enterprise.getByTestId('commitment-signer').fill('王建国');
    await enterprise.getByTestId('commitment-accept').check();
    await enterprise.getByTestId('filing-submit').click();
    await expect.poll(() => status(enterprise, 'filing-status'), { timeout: 15_000 }).toBe('submitted');
    expect(await textOf(enterprise, 'filing-agency')).toContain('郑州市科学技术局');
    expect(await textOf(enterprise, 'filing-review-due')).toMatch(/\d{4}年\d{1,2}月\d{1,2}日/);
  });

  it('the agency reviewer finds it in the queue, claims it and returns it with a reason', async () => {
    await signIn(reviewer, baseUrl, 'zz_reviewer', DEMO_PASSWORD);
    await reviewer.goto(`${baseUrl}/staff/filings`);
    await expect.poll(() => reviewer.getByTestId(`queue-row-${filingId}`).count()).toBe(1);
    await Promise.all([
      reviewer.waitForURL(`${baseUrl}/staff/filings/${filingId}`),
      reviewer.getByTestId(`queue-open-${filingId}`).click(),
    ]);
    await reviewer.getByTestId('review-claim').click();
    await expect.poll(() => status(reviewer, 'review-status')).toBe('reviewing');

    for (const item of ['firstPageSealed', 'complete', 'other'])
      await reviewer.getByTestId(`review-item-${item}-ok`).check();
    await reviewer.getByTestId('review-item-consistent-no').check();
    await reviewer.getByTestId('review-item-consistent-reason').fill(RETURN_REASON);
    await reviewer.getByTestId('review-decision-return').check();
    await reviewer.getByTestId('review-submit').click();
    await reviewer.getByTestId('review-submit-confirm').click();
    await expect.poll(() => status(reviewer, 'review-status')).toBe('returned');
  });

  it('leaving the form with changes the server does not hold asks first; saved, or saved on the way out, it does not', async () => {
    // A second tab of the enterprise's (its own context), so that going offline touches nothing else.
    const page = await newPage(browser as Browser);
    collectBrowserErrors(page, browserErrors, /status of 40[019]|ERR_INTERNET_DISCONNECTED/, 'second tab: ');
    const dialogs: { type: string; message: string }[] = [];
    let accept = false;
    page.on('dialog', (dialog) => {
      dialogs.push({ type: dialog.type(), message: dialog.message() });
      void (accept ? dialog.accept() : dialog.dismiss());
    });
    await signIn(page, baseUrl, 'demo_qiye', DEMO_PASSWORD);
    await page.goto(filingUrl);
    await expect.poll(() => status(page, 'filing-status')).toBe('returned');
    // Everything saved: the link just goes.
    await Promise.all([page.waitForURL(`${baseUrl}/filing`), page.getByTestId('filing-back').click()]);
    expect(dialogs).toEqual([]);
    // A change not saved yet, but the server takes it: saved on the way out, without asking.
    await page.goto(filingUrl);
    await expect.poll(() => status(page, 'filing-status')).toBe('returned');
    await field(page, 'basic.address').fill('河南省郑州市金水区科学大道200号');
    await Promise.all([page.waitForURL(`${baseUrl}/filing`), page.getByTestId('filing-back').click()]);
    expect(dialogs).toEqual([]);
    await page.goto(filingUrl);
    await expect.poll(() => field(page, 'basic.address').inputValue()).toBe('河南省郑州市金水区科学大道200号');

    // Offline: the change cannot reach the server.
    await page.context().setOffline(true);
    await field(page, 'basic.address').fill('河南省郑州市金水区科学大道300号');
    await expect.poll(() => saveState(page), { timeout: 15_000 }).toBe('retrying');
    // A link: the save fails, so it asks; declined, the page stays.
    await page.getByTestId('filing-back').click();
    await expect.poll(() => dialogs.length, { timeout: 10_000 }).toBe(1);
    expect(dialogs[0]).toEqual({ type: 'confirm', message: '有尚未保存的修改，确定离开吗？' });
    expect(page.url()).toBe(filingUrl);
    expect(await field(page, 'basic.address').inputValue()).toBe('河南省郑州市金水区科学大道300号');
    // Closing the tab: the browser's own prompt; declined, the tab stays open.
    await page.close({ runBeforeUnload: true });
    await expect.poll(() => dialogs.length).toBe(2);
    expect(dialogs[1]?.type).toBe('beforeunload');
    expect(page.isClosed()).toBe(false);
    // Confirmed, the link goes (without the browser asking again).
    accept = true;
    await Promise.all([page.waitForURL(`${baseUrl}/filing`), page.getByTestId('filing-back').click()]);
    expect(dialogs.map((d) => d.type)).toEqual(['confirm', 'beforeunload', 'confirm']);
    // Closed offline: the change never reached the server.
    await page.context().close();
  });

  it('the enterprise sees the reason, corrects the sheet and resubmits: a second version, the clock restarted', async () => {
    await enterprise.goto(filingUrl);
    await expect.poll(() => status(enterprise, 'filing-status')).toBe('returned');
    expect(await textOf(enterprise, 'filing-return-reasons')).toContain(RETURN_REASON);

    await field(enterprise, 'figures.techStaff').fill('28');
    await expect.poll(() => saveState(enterprise), { timeout: 15_000 }).toBe('saved');
    if (!(await enterprise.getByTestId('commitment-accept').isChecked())) {
      await enterprise.getByTestId('commitment-signer').fill('王建国');
      await enterprise.getByTestId('commitment-accept').check();
    }
    await enterprise.getByTestId('filing-submit').click();
    await expect.poll(() => status(enterprise, 'filing-status'), { timeout: 15_000 }).toBe('submitted');
    expect(await textOf(enterprise, 'filing-timeline')).toContain('退回补正');

    // 历次提交: version 1 returned, with the reviewer's reason; it opens read-only, as it was submitted.
    expect(await enterprise.getByTestId('filing-version-1').getAttribute('data-outcome')).toBe('returned');
    expect(await textOf(enterprise, 'filing-version-1')).toContain(RETURN_REASON);
    expect(await enterprise.getByTestId('filing-version-2').getAttribute('data-outcome')).toBe('submitted');
    await Promise.all([
      enterprise.waitForURL(`${filingUrl}/versions/1`),
      enterprise.getByTestId('filing-version-open-1').click(),
    ]);
    await expect.poll(() => textOf(enterprise, 'version-outcome')).toBe('退回补正');
    expect(await textOf(enterprise, 'version-reviews')).toContain(RETURN_REASON);
    expect(await sheetValue(enterprise, 'figures.techStaff')).toBe('30');
    const files = enterprise.getByTestId('review-evidence').locator('a');
    expect(await files.count()).toBe(3);
    const file = await enterprise.request.get(new URL((await files.first().getAttribute('href')) ?? '', baseUrl).href);
    expect(file.status()).toBe(200);
    expect(await enterprise.locator('input, textarea').count()).toBe(0);
    await screenshot(enterprise, 'filing-version-1280.png');
    await atPhoneWidth(enterprise, 'filing-version-375.png');
    // The 办理记录 links each submission to its version.
    await enterprise.goto(filingUrl);
    await Promise.all([
      enterprise.waitForURL(`${filingUrl}/versions/2`),
      enterprise.getByTestId('filing-timeline-version-2').click(),
    ]);
    await expect.poll(() => textOf(enterprise, 'version-outcome')).toBe('已提交，待审核');
    expect(await sheetValue(enterprise, 'figures.techStaff')).toBe('28');
  });

  it('the reviewer sees what changed, records the on-site check and passes it; the enterprise sees 审核通过', async () => {
    await reviewer.goto(`${baseUrl}/staff/filings/${filingId}`);
    await expect.poll(() => status(reviewer, 'review-status')).toBe('submitted');
    expect(await textOf(reviewer, 'review-diff')).toContain('科技人员');
    await reviewer.getByTestId('review-claim').click();
    await expect.poll(() => status(reviewer, 'review-status')).toBe('reviewing');

    // A first-time applicant (rule set trigger): 审核通过 waits for a passing on-site check.
    expect(await reviewer.getByTestId('review-decision-pass').isDisabled()).toBe(true);
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    await reviewer.getByTestId('onsite-date').fill(today);
    await reviewer.getByTestId('onsite-inspectors').fill('张审核、刘核查');
    await reviewer.getByTestId('onsite-findings').fill('经营场所、研发人员和研发项目与填报一致');
    await reviewer.getByTestId('onsite-conclusion-pass').check();
    await reviewer.getByTestId('onsite-submit').click();
    await expect.poll(() => reviewer.getByTestId('onsite-recorded').count()).toBe(1);
    await expect.poll(() => reviewer.getByTestId('review-decision-pass').isDisabled()).toBe(false);

    for (const item of ['firstPageSealed', 'complete', 'consistent', 'other']) {
      await reviewer.getByTestId(`review-item-${item}-ok`).check();
    }
    await reviewer.getByTestId('review-decision-pass').check();
    await reviewer.getByTestId('review-submit').click();
    await reviewer.getByTestId('review-submit-confirm').click();
    await expect.poll(() => status(reviewer, 'review-status')).toBe('passed');
    await screenshot(reviewer, 'review-passed-1280.png');
    await atPhoneWidth(reviewer, 'review-passed-375.png');

    await enterprise.goto(filingUrl);
    await expect.poll(() => status(enterprise, 'filing-status')).toBe('passed');
    expect(await textOf(enterprise, 'filing-status')).toContain('审核通过');
    expect(await enterprise.getByTestId('filing-version-2').getAttribute('data-outcome')).toBe('passed');
    await screenshot(enterprise, 'filing-passed-1280.png');
    await atPhoneWidth(enterprise, 'filing-passed-375.png');
    expect(browserErrors).toEqual([]);
  });
});
