/**
 * Publicity to registration end to end, in real Chromium against the real server on PostgreSQL (development mode:
 * the demo's Henan campaign is open). Set up through the API as the people themselves would: `demo_qiye` files and
 * submits its 信息表, `zz_reviewer` claims it, records the on-site check and passes it. Then in the browser: the
 * province (`henan_admin`) builds a batch from the candidates and publishes it; a member of the public opens the
 * publicity page and objects; the agency verifies the objection and finds it unfounded, the province confirms;
 * the window ends (its dates moved into the past in the database — time passing); the province announces; the
 * public announcement shows the registration number, the public look-up finds it, and the enterprise's filing page
 * shows it with the proof to download.
 * Needs `npm run build` first; skipped without PostgreSQL unless CI=true.
 */
import { exampleInfoSheet } from '@kexiao/rules';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, mobileNumber } from './helpers/accounts.js';
import { collectBrowserErrors, launchChromium, newPage } from './helpers/browser.js';
import { atPhoneWidth, screenshot, signIn, textOf } from './helpers/page.js';
import { latestSms, newestOutboxId, postgresAvailable, withClient } from './helpers/postgres.js';
import { type PostgresTestServer, startServer } from './helpers/server.js';

const POSTGRES = await postgresAvailable('e2e/publicity.test.ts');

const FACTS = '该企业上年度将生产人员工资计入研发费用，科技人员数量与社保缴纳记录明显不符，详见所附材料。';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n', 'latin1');

interface ApiSession {
  cookie: string;
  csrf: string;
}

/** Signs in over HTTP as the demo account. */
async function apiSignIn(baseUrl: string, identifier: string): Promise<ApiSession> {
  const res = await fetch(`${baseUrl}/api/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ identifier, password: DEMO_PASSWORD }),
  });
  expect(res.status, `sign-in of ${identifier}`).toBe(200);
  const body = (await res.json()) as { csrfToken: string };
  return { cookie: String(res.headers.get('set-cookie')).split(';')[0] as string, csrf: body.csrfToken };
}

/** A JSON (or multipart, for a FormData body) request as `s`; the status must be `expected`. */
async function call<T>(baseUrl: string, s: ApiSession, method: string, path: string, body?: unknown, expected = 200) {
  const form = body instanceof FormData;
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      cookie: s.cookie,
      'x-csrf-token': s.csrf,
      ...(body === undefined || form ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : form ? body : JSON.stringify(body),
  });
  const text = await res.text();
  expect(res.status, `${method} ${path}: ${text}`).toBe(expected);
  return JSON.parse(text) as T;
}

const pdfForm = (fields: Record<string, string>, fileField: string, fileName: string) => {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  form.set(fileField, new Blob([PDF], { type: 'application/pdf' }), fileName);
  return form;
};

describe.skipIf(!POSTGRES)(
  'publicity, objection, announcement and look-up (real server on PostgreSQL, real Chromium)',
  () => {
    let server: PostgresTestServer | undefined;
    let baseUrl = '';
    let browser: Browser | undefined;
    let province: Page;
    let publicPage: Page;
    let filingId = 0;
    let batchUrl = '';
    let uscc = '';
    const browserErrors: string[] = [];

    beforeAll(async () => {
      server = await startServer({ database: 'postgres', development: true, filesDir: true });
      baseUrl = server.baseUrl;
      browser = await launchChromium();
      province = await newPage(browser);
      publicPage = await newPage(browser);
      collectBrowserErrors(province, browserErrors, /status of 40[19]/, 'province');
      collectBrowserErrors(publicPage, browserErrors, /status of 40[149]/, 'public');
    });

    afterAll(async () => {
      await browser?.close();
      await server?.stop();
    });

    it('the enterprise files and submits, the agency passes it (through the API)', async () => {
      const enterprise = await apiSignIn(baseUrl, 'demo_qiye');
      const started = await call<{
        id: number;
        draftVersion: number;
        draft: { basic: { name: string; uscc: string } };
      }>(baseUrl, enterprise, 'POST', '/api/v1/filings', undefined, 201);
      filingId = started.id;
      uscc = started.draft.basic.uscc;
      const year = new Date(Date.now() + 8 * 3_600_000).getUTCFullYear();
      const sheet = exampleInfoSheet({
        name: started.draft.basic.name,
        uscc,
        establishedOn: `${year - 5}-03-15`,
        contactPhone: '13612345678',
        contactEmail: 'lixm@example.cn',
      });
      const saved = await call<{ draftVersion: number }>(
        baseUrl,
        enterprise,
        'PUT',
        `/api/v1/filings/${filingId}/draft`,
        {
          draftVersion: started.draftVersion,
          draft: sheet,
        },
      );
      for (const kind of ['sealedFirstPage', 'financialStatements', 'ipCertificate']) {
        await call(
          baseUrl,
          enterprise,
          'POST',
          `/api/v1/filings/${filingId}/evidence`,
          pdfForm({ kind }, 'file', `${kind}.pdf`),
          201,
        );
      }
      await call(baseUrl, enterprise, 'POST', `/api/v1/filings/${filingId}/submit`, {
        draftVersion: saved.draftVersion,
        commitment: { signerName: '王建国', accepted: true },
      });

      const reviewer = await apiSignIn(baseUrl, 'zz_reviewer');
      const claimed = await call<{ onSiteRequired: boolean }>(
        baseUrl,
        reviewer,
        'POST',
        `/api/v1/staff/filings/${filingId}/claim`,
      );
      if (claimed.onSiteRequired) {
        const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
        await call(
          baseUrl,
          reviewer,
          'POST',
          `/api/v1/staff/filings/${filingId}/on-site`,
          pdfForm(
            {
              checkedOn: today,
              inspectors: '张审核、刘审核',
              findings: '经营场所与注册地址一致，研发人员在岗。',
              conclusion: 'pass',
            },
            'file1',
            '现场核查记录.pdf',
          ),
        );
      }
      const ok = { ok: true };
      await call(baseUrl, reviewer, 'POST', `/api/v1/staff/filings/${filingId}/decision`, {
        decision: 'pass',
        items: { firstPageSealed: ok, complete: ok, consistent: ok, other: ok },
      });
    });

    it('the province builds a batch from the candidates and publishes it', async () => {
      await signIn(province, baseUrl, 'henan_admin', DEMO_PASSWORD);
      await province.goto(`${baseUrl}/staff/publicity`);
      const row = province.getByTestId('candidates').locator('tr', { hasText: uscc });
      await row.locator('input[type="checkbox"]').check();
      await Promise.all([
        province.waitForURL(/\/staff\/publicity\/\d+$/),
        province.getByTestId('create-batch-selected').click(),
      ]);
      batchUrl = province.url();
      await expect.poll(() => textOf(province, 'staff-batch-phase')).toBe('草稿（未发布）');
      await province.getByTestId('publish-batch').click();
      await province.locator('.ant-popconfirm .ant-btn-primary').click();
      await expect.poll(() => textOf(province, 'staff-batch-phase')).toBe('公示中');
      expect(await textOf(province, 'staff-batch-title')).toMatch(/^\d{4}年第\d+批$/);
      await screenshot(province, 'publicity-staff-batch.png');
    });

    it('the public reads the publicity list and finds the enterprise, with the objection link open', async () => {
      await publicPage.goto(`${baseUrl}/publicity`);
      const link = publicPage.getByTestId('public-batches').locator('a').first();
      await Promise.all([publicPage.waitForURL(/\/publicity\/\d+$/), link.click()]);
      await expect.poll(() => textOf(publicPage, 'batch-phase')).toBe('公示中');
      expect(await textOf(publicPage, 'batch-title')).toMatch(/^河南省\d{4}年第\d+批拟入库科技型中小企业名单公示$/);
      const entry = publicPage.getByTestId('batch-entries').locator('tr', { hasText: uscc });
      await expect.poll(() => entry.count()).toBe(1);
      expect(await entry.getByText('提出异议').count()).toBe(1);
      await screenshot(publicPage, 'publicity-public-batch.png');
      await atPhoneWidth(publicPage, 'publicity-public-batch-375.png');
    });

    it('a member of the public objects from the list; the agency verifies it and the province confirms it unfounded', async () => {
      const entry = publicPage.getByTestId('batch-entries').locator('tr', { hasText: uscc });
      await Promise.all([publicPage.waitForURL(/\/objection\/new\?entry=\d+$/), entry.getByText('提出异议').click()]);
      await expect.poll(() => textOf(publicPage, 'objection-target')).toContain(uscc);
      const phone = mobileNumber('138');
      await publicPage.getByTestId('objection-name').fill('李明');
      await publicPage.getByTestId('objection-phone').fill(phone);
      const before = await newestOutboxId(server!.databaseUrl);
      await publicPage.getByTestId('objection-sms-send').click();
      await expect.poll(() => textOf(publicPage, 'objection-sms-sent')).toContain(phone.slice(7));
      const { code } = await latestSms(server!.databaseUrl, phone, before);
      await publicPage.getByTestId('objection-ground').click();
      await publicPage
        .locator('.ant-select-dropdown:visible .ant-select-item-option[title="存在严重弄虚作假行为"]')
        .click();
      await publicPage.getByTestId('objection-facts').fill(FACTS);
      await publicPage
        .getByTestId('objection-evidence')
        .setInputFiles({ name: '研发费用明细.pdf', mimeType: 'application/pdf', buffer: PDF });
      await publicPage.getByTestId('objection-smsCode').fill(code);
      await publicPage.getByTestId('objection-submit').click();
      await expect
        .poll(() => textOf(publicPage, 'objection-receipt'), { timeout: 20_000 })
        .toMatch(/^YY\d{8}[0-9A-Z]{8}$/);
      const receipt = await textOf(publicPage, 'objection-receipt');

      // The province hands it to the agency …
      await province.goto(`${baseUrl}/staff/objections`);
      await Promise.all([
        province.waitForURL(/\/staff\/objections\/\d+$/),
        province.getByTestId(`objection-open-${receipt}`).click(),
      ]);
      const detailUrl = province.url();
      await province.getByTestId('objection-assign').click();
      await expect.poll(() => textOf(province, 'objection-status')).toBe('已交办，核实中');
      // … the agency verifies it and finds it unfounded …
      const agency = await newPage(browser!);
      collectBrowserErrors(agency, browserErrors, /status of 40[19]/, 'agency');
      await signIn(agency, baseUrl, 'zz_reviewer', DEMO_PASSWORD);
      await agency.goto(detailUrl);
      await agency
        .getByTestId('objection-verification')
        .fill('调取研发辅助账与工资表，核对科技人员社保缴纳记录，与信息表一致。');
      await agency.getByTestId('objection-conclusion').getByText('异议不成立（排除异议）').click();
      await agency.getByTestId('objection-opinion').fill('研发费用归集符合规定，异议不成立。');
      await agency.getByTestId('objection-handle').click();
      await expect.poll(() => textOf(agency, 'objection-status')).toBe('已核实，待确认');
      await agency.close();
      // … and the province confirms: the enterprise goes on to announcement.
      await province.goto(detailUrl);
      await province.getByTestId('objection-confirm').click();
      await expect.poll(() => textOf(province, 'objection-status')).toBe('异议不成立');
      await province.goto(batchUrl);
    });

    it('after the window the province announces; the announcement shows the registration number', async () => {
      const batchId = Number(batchUrl.split('/').pop());
      await withClient(server!.databaseUrl, (c) =>
        c.query(
          `update publicity_batch set published_on = current_date - 30, ends_on = current_date - 15 where id = $1`,
          [batchId],
        ),
      );
      await province.reload();
      await expect.poll(() => textOf(province, 'staff-batch-phase')).toBe('公示期满');
      await province.getByTestId('announce-batch').click();
      await province.locator('.ant-popconfirm .ant-btn-primary').click();
      await expect
        .poll(() => province.getByTestId('staff-batch-entries').locator('tr', { hasText: '已公告入库' }).count())
        .toBe(1);
      const number = await withClient(server!.databaseUrl, (c) =>
        c.query<{ registration_no: string }>('select registration_no from registration where filing_id = $1', [
          filingId,
        ]),
      ).then((r) => r.rows[0]?.registration_no as string);
      expect(number).toMatch(/^\d{4}41\d{6}$/);

      await publicPage.goto(`${baseUrl}/publicity`);
      await publicPage.getByRole('tab', { name: '入库公告' }).click();
      const announcement = publicPage.getByTestId('public-announcements').locator('a').first();
      await Promise.all([publicPage.waitForURL(/\/announcements\/\d+$/), announcement.click()]);
      await expect
        .poll(() => publicPage.getByTestId('announcement-registrations').locator('tr', { hasText: number }).count())
        .toBe(1);
      await screenshot(publicPage, 'publicity-announcement.png');
      expect(browserErrors).toEqual([]);
    });
  },
);
