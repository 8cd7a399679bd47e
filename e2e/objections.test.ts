/**
 * 公示异议 in real Chromium against the real server on PostgreSQL (development mode: the demo's Henan campaign,
 * `demo_qiye` in 郑州 and the 郑州 agency exist): a member of the public opens the objection form of an enterprise
 * in a published batch whose window is open today, gets an SMS code, is told next to the field when the code is
 * wrong, then lodges the objection with evidence and gets a receipt number, and follows it on the status page.
 * The publicized filing and its batch are written into the database directly (the publicity API is not part of
 * this test). Needs `npm run build`; skipped without PostgreSQL unless CI=true.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, mobileNumber } from './helpers/accounts.js';
import { collectBrowserErrors, launchPersistentChromium, type PersistentChromium } from './helpers/browser.js';
import { fieldError, screenshot, signIn, signOut, textOf } from './helpers/page.js';
import { latestSms, newestOutboxId, postgresAvailable, withClient } from './helpers/postgres.js';
import { type PostgresTestServer, startServer } from './helpers/server.js';

const POSTGRES = await postgresAvailable('e2e/objections.test.ts');

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n', 'latin1');
const FACTS = '该企业上年度将生产人员工资计入研发费用，科技人员数量与社保缴纳记录明显不符，详见所附材料。';

/** A China date, `days` after today. */
function chinaDate(days = 0): string {
  return new Date(Date.now() + 8 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);
}

describe.skipIf(!POSTGRES)(
  'objections: the public lodges an objection (real server on PostgreSQL, real Chromium)',
  () => {
    let server: PostgresTestServer | undefined;
    let baseUrl = '';
    let databaseUrl = '';
    let chromium: PersistentChromium | undefined;
    let page: Page;
    let entryId = 0;
    let enterpriseName = '';
    const browserErrors: string[] = [];
    const phone = mobileNumber('135');
    let receipt = '';

    beforeAll(async () => {
      server = await startServer({ database: 'postgres', development: true, filesDir: true });
      ({ baseUrl, databaseUrl } = server);
      // demo_qiye's filing, publicized in a batch whose window runs from today.
      ({ entryId, enterpriseName } = await withClient(databaseUrl, async (client) => {
        const { rows } = await client.query<{
          enterprise_id: string;
          account_id: string;
          name: string;
          uscc: string;
          region_code: string;
        }>(
          `select e.id as enterprise_id, a.id as account_id, e.name, e.uscc, e.region_code
         from account a join enterprise e on e.account_id = a.id where a.login_name = 'demo_qiye'`,
        );
        const e = rows[0]!;
        const campaign = await client.query<{ id: string; evaluation_year: number }>(
          `select id, evaluation_year from campaign where province_code = '410000' order by evaluation_year desc limit 1`,
        );
        const c = campaign.rows[0]!;
        const agency = await client.query<{ id: string; name: string }>(
          `select id, name from agency where name = '郑州市科学技术局' limit 1`,
        );
        const a = agency.rows[0]!;
        const region = await client.query<{ name: string }>('select name from region where code = $1', [e.region_code]);
        const filing = await client.query<{ id: string }>(
          `insert into filing (enterprise_id, campaign_id, evaluation_year, province_code, status, agency_id)
         values ($1, $2, $3, '410000', 'publicizing', $4) returning id`,
          [e.enterprise_id, c.id, c.evaluation_year, a.id],
        );
        const batch = await client.query<{ id: string }>(
          `insert into publicity_batch (campaign_id, province_code, evaluation_year, batch_no, status, entry_count,
           created_by, published_by, published_at, published_on, ends_on)
         values ($1, '410000', $2, 1, 'published', 1, $3, $3, now(), $4, $5) returning id`,
          [c.id, c.evaluation_year, e.account_id, chinaDate(0), chinaDate(14)],
        );
        const entry = await client.query<{ id: string }>(
          `insert into publicity_entry (batch_id, filing_id, enterprise_id, position, enterprise_name, uscc,
           region_code, region_name, agency_id, agency_name)
         values ($1, $2, $3, 1, $4, $5, $6, $7, $8, $9) returning id`,
          [
            batch.rows[0]!.id,
            filing.rows[0]!.id,
            e.enterprise_id,
            e.name,
            e.uscc,
            e.region_code,
            region.rows[0]?.name ?? e.region_code,
            a.id,
            a.name,
          ],
        );
        return { entryId: Number(entry.rows[0]!.id), enterpriseName: e.name };
      }));
      chromium = await launchPersistentChromium('objections');
      page = chromium.page;
      // 401 (GET /session signed out) and 400 (the wrong code, answered next to its field) are expected.
      collectBrowserErrors(page, browserErrors, /status of 40[01]/);
    });

    afterAll(async () => {
      await chromium?.close();
      await server?.stop();
    });

    it('lodges an objection as a person and gets a receipt number to follow it', async () => {
      await page.goto(`${baseUrl}/objection/new?entry=${entryId}`);
      await expect.poll(() => textOf(page, 'objection-target')).toContain(enterpriseName);
      expect(await textOf(page, 'objection-target')).toContain(`${chinaDate(0)} 至 ${chinaDate(14)}`);

      await page.getByTestId('objection-name').fill('李明');
      await page.getByTestId('objection-phone').fill(phone);
      const before = await newestOutboxId(databaseUrl);
      await page.getByTestId('objection-sms-send').click();
      await expect.poll(() => textOf(page, 'objection-sms-sent')).toContain(phone.slice(7));
      const { code } = await latestSms(databaseUrl, phone, before);
      await page.getByTestId('objection-ground').click();
      await page.locator('.ant-select-dropdown:visible .ant-select-item-option[title="存在严重弄虚作假行为"]').click();
      await page.getByTestId('objection-facts').fill(FACTS);
      await page
        .getByTestId('objection-evidence')
        .setInputFiles({ name: '研发费用明细.pdf', mimeType: 'application/pdf', buffer: PDF });

      // A wrong code: the server's message next to the field, and nothing accepted.
      await page.getByTestId('objection-smsCode').fill(code === '000000' ? '111111' : '000000');
      await page.getByTestId('objection-submit').click();
      await expect.poll(() => fieldError(page, 'objection-smsCode')).toContain('验证码不正确');
      expect(await page.getByTestId('objection-receipt').count()).toBe(0);

      await page.getByTestId('objection-smsCode').fill(code);
      await screenshot(page, 'objection-form-1280.png');
      await page.getByTestId('objection-submit').click();
      await expect.poll(() => textOf(page, 'objection-receipt'), { timeout: 20_000 }).toMatch(/^YY\d{8}[0-9A-Z]{8}$/);
      receipt = await textOf(page, 'objection-receipt');
      const stored = await withClient(databaseUrl, (client) =>
        client.query<{ status: string; objector_phone: string }>(
          'select status, objector_phone from objection where receipt_no = $1',
          [receipt],
        ),
      );
      expect(stored.rows).toEqual([{ status: 'received', objector_phone: phone }]);

      await Promise.all([page.waitForURL(/\/objection\/status/), page.getByTestId('objection-status-link').click()]);
      await page.getByTestId('objection-status-last4').fill(phone.slice(7));
      await page.getByTestId('objection-status-submit').click();
      await expect.poll(() => textOf(page, 'objection-status-result')).toContain('已受理');
      expect(await textOf(page, 'objection-status-result')).not.toContain(phone);
      expect(browserErrors).toEqual([]);
    });

    it('staff: the province assigns, the agency verifies (server messages by the fields), the province confirms; PDF', async () => {
      const statusTag = () => textOf(page, 'objection-status');
      await signIn(page, baseUrl, 'henan_admin', DEMO_PASSWORD);
      await page.goto(`${baseUrl}/staff/objections`);
      await Promise.all([
        page.waitForURL(/\/staff\/objections\/\d+$/),
        page.getByTestId(`objection-open-${receipt}`).click(),
      ]);
      const detailUrl = page.url();
      await page.getByTestId('objection-assign').click();
      await expect.poll(statusTag).toBe('已交办，核实中');
      await signOut(page);

      await signIn(page, baseUrl, 'zz_reviewer', DEMO_PASSWORD);
      await page.goto(detailUrl);
      await page.getByTestId('objection-verification').fill('已核实');
      await page.getByTestId('objection-conclusion').getByText('异议不成立（排除异议）').click();
      await page.getByTestId('objection-opinion').fill('研发费用归集符合规定，异议不成立。');
      await page.getByTestId('objection-handle').click();
      await expect.poll(() => fieldError(page, 'objection-verification')).toContain('10–2000');
      await page
        .getByTestId('objection-verification')
        .fill('调取研发辅助账与工资表，核对科技人员社保缴纳记录，与信息表一致。');
      await page.getByTestId('objection-handle').click();
      await expect.poll(statusTag).toBe('已核实，待确认');
      await signOut(page);

      await signIn(page, baseUrl, 'henan_admin', DEMO_PASSWORD);
      await page.goto(detailUrl);
      await page.getByTestId('objection-confirm').click();
      await expect.poll(statusTag).toBe('异议不成立');
      await screenshot(page, 'objection-staff-1280.png');
      const pdf = await page.evaluate(
        async (href) => {
          const res = await fetch(href);
          return { status: res.status, type: res.headers.get('content-type'), head: (await res.text()).slice(0, 5) };
        },
        (await page.getByTestId('objection-pdf').getAttribute('href')) as string,
      );
      expect(pdf).toEqual({ status: 200, type: 'application/pdf', head: '%PDF-' });
      const filing = await withClient(databaseUrl, (client) =>
        client.query<{ status: string }>(
          'select f.status from objection o join filing f on f.id = o.filing_id where o.receipt_no = $1',
          [receipt],
        ),
      );
      expect(filing.rows).toEqual([{ status: 'publicizing' }]);
      expect(browserErrors).toEqual([]);
    });
  },
);
