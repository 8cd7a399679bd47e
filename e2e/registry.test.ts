/**
 * 入库查询 in real Chromium against the real server on PostgreSQL: a registration (loaded in SQL, as the
 * announcement writes it) is found by its number and by part of its name, its page opens from the result, an
 * unknown number says so; the pages fit a 375 px phone (screenshots in test-results/). Needs `npm run build`.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectBrowserErrors, launchPersistentChromium, type PersistentChromium } from './helpers/browser.js';
import { atPhoneWidth, textOf } from './helpers/page.js';
import { postgresAvailable, withClient } from './helpers/postgres.js';
import { type PostgresTestServer, startServer } from './helpers/server.js';

const POSTGRES = await postgresAvailable('e2e/registry.test.ts');
const YEAR = 2025;
const NUMBER = '2025410000000042';
const NAME = '郑州鹰眼视觉智能科技有限公司';
const USCC = '91410105MA46XGWQ3K';

/** One announced registration, written as the announcement does (enterprise, filing, batch, announcement, number). */
async function loadRegistration(databaseUrl: string): Promise<void> {
  await withClient(databaseUrl, async (c) => {
    await c.query('begin');
    const admin = await c.query(
      `insert into account (kind, login_name, login_name_key, password_hash, phone, display_name, real_name_status)
       values ('staff', 'e2e_admin', 'e2e_admin', '!', '13700000009', '河南省科技厅', 'verified') returning id`,
    );
    const adminId = admin.rows[0].id;
    const owner = await c.query(
      `insert into account (kind, login_name, login_name_key, password_hash, phone, display_name, real_name_status)
       values ('legalPerson', 'e2e_ent', 'e2e_ent', '!', '13900000009', $1, 'verified') returning id`,
      [NAME],
    );
    const enterprise = await c.query(
      `insert into enterprise (account_id, uscc, name, unit_type, region_code, legal_rep_name, legal_rep_id_number,
         agent_name, agent_id_number, agent_phone)
       values ($1, $2, $3, 'enterpriseLegalPerson', '410105', '张喆', '410105198001011234', '李玥', '410105199001011234',
         '13900000009') returning id`,
      [owner.rows[0].id, USCC, NAME],
    );
    const agency = await c.query(
      `insert into agency (province_code, name, level, region_code) values ('410000', '郑州市科学技术局', 'city', '410100')
       returning id`,
    );
    const campaign = await c.query(
      `insert into campaign (province_code, evaluation_year, rule_set_id, window_opens_on, window_closes_on,
         review_working_days, publicity_deadline, batch_cadence, created_by)
       values ('410000', $1, $2, $3, $4, 5, $4, 'monthly', $5) returning id`,
      [YEAR, String(YEAR), `${YEAR}-01-01`, `${YEAR}-12-31`, adminId],
    );
    const filing = await c.query(
      `insert into filing (enterprise_id, campaign_id, evaluation_year, province_code, status, agency_id, version_no,
         review_round) values ($1, $2, $3, '410000', 'registered', $4, 1, 1) returning id`,
      [enterprise.rows[0].id, campaign.rows[0].id, YEAR, agency.rows[0].id],
    );
    const batch = await c.query(
      `insert into publicity_batch (campaign_id, province_code, evaluation_year, batch_no, status, entry_count,
         created_by, published_by, published_at, published_on, ends_on)
       values ($1, '410000', $2, 1, 'published', 1, $3, $3, now(), '2025-06-03', '2025-06-16') returning id`,
      [campaign.rows[0].id, YEAR, adminId],
    );
    const announcement = await c.query(
      `insert into announcement (batch_id, province_code, evaluation_year, announcement_no, announced_on, announced_at,
         announced_by, registered_count) values ($1, '410000', $2, 3, '2025-06-20', now(), $3, 1) returning id`,
      [batch.rows[0].id, YEAR, adminId],
    );
    await c.query(
      `insert into registration (registration_no, province_code, evaluation_year, seq, enterprise_id, filing_id,
         announcement_id, enterprise_name, uscc, region_code, issued_at)
       values ($1, '410000', $2, 42, $3, $4, $5, $6, $7, '410105', now())`,
      [NUMBER, YEAR, enterprise.rows[0].id, filing.rows[0].id, announcement.rows[0].id, NAME, USCC],
    );
    await c.query('commit');
  });
}

describe.skipIf(!POSTGRES)('入库查询 (real server on PostgreSQL, real Chromium)', () => {
  let server: PostgresTestServer;
  let chromium: PersistentChromium;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    server = await startServer({ database: 'postgres' });
    await loadRegistration(server.databaseUrl);
    chromium = await launchPersistentChromium('registry');
    page = chromium.page;
    // The session probe of a visitor answers 401, the unknown number's look-up 404: both on purpose.
    collectBrowserErrors(page, errors, /status of 40[14]/);
  }, 120_000);

  afterAll(async () => {
    await chromium?.close();
    await server?.stop();
  });

  it('finds a registration by its number and opens its page', async () => {
    await page.goto(`${server.baseUrl}/registry`);
    await page.getByTestId('registry-query').locator('input').fill(NUMBER);
    await page.getByTestId('registry-query').locator('input').press('Enter');
    await page.getByTestId('registry-result').first().waitFor();
    expect(await page.getByTestId('registry-result').count()).toBe(1);
    const card = await textOf(page, 'registry-result');
    expect(card).toContain(NUMBER);
    expect(card).toContain(NAME);
    expect(card).toContain(USCC);
    expect(card).toContain('有效');
    expect(card).toContain('河南省2025年第3号入库公告（2025-06-20）');
    expect(card).toContain('郑州市金水区');
    expect(card).not.toContain('张喆');
    expect(page.url()).toBe(`${server.baseUrl}/registry?q=${NUMBER}`);
    await atPhoneWidth(page, 'registry-search-375.png');

    await Promise.all([
      page.waitForURL(`${server.baseUrl}/registry/${NUMBER}`),
      page.getByTestId('registry-result-link').click(),
    ]);
    await page.getByTestId('registry-number').waitFor();
    expect(await textOf(page, 'registry-number')).toBe(NUMBER);
    expect(await textOf(page, 'registry-status')).toBe('有效');
    await atPhoneWidth(page, 'registry-number-375.png');
  });

  it('finds it by part of the name, and says when a number is unknown', async () => {
    await page.goto(`${server.baseUrl}/registry?q=${encodeURIComponent('鹰眼视觉')}`);
    await page.getByTestId('registry-result').first().waitFor();
    expect(await textOf(page, 'registry-result')).toContain(NUMBER);

    await page.goto(`${server.baseUrl}/registry?q=2025410000999999`);
    await page.getByTestId('registry-empty').waitFor();
    expect(await textOf(page, 'registry-empty')).toContain('未查到');

    await page.goto(`${server.baseUrl}/registry/2025410000999999`);
    await page.getByTestId('registry-not-found').waitFor();
    expect(await textOf(page, 'registry-not-found')).toContain('未查到入库登记编号');
    expect(errors).toEqual([]);
  });
});
