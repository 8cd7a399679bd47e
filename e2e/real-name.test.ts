/**
 * Manual real-name verification in real Chromium against the real server on PostgreSQL: a Henan person whose
 * automatic check fails uploads ID photos, the Henan province administrator (the development demo account)
 * approves them, and the person sees 已实名认证. Needs `npm run build` first. Without CI the file is skipped
 * when PostgreSQL is unreachable; with CI=true that is a failure.
 */
import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, idNumber, mobileNumber, registerThroughApi } from './helpers/accounts.js';
import { collectBrowserErrors, launchPersistentChromium, type PersistentChromium } from './helpers/browser.js';
import { atPhoneWidth, screenshot, signIn, signOut, textOf } from './helpers/page.js';
import { postgresAvailable } from './helpers/postgres.js';
import { type PostgresTestServer, startServer } from './helpers/server.js';

/** The development demo province administrator (seeded when NODE_ENV=development). */
const HENAN_ADMIN = 'henan_admin';

const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082',
  'hex',
);

const POSTGRES = await postgresAvailable('e2e/real-name.test.ts');

/** A Henan (41) ID number with sequence 999: the development identity driver cannot verify it. */
function unverifiableHenanId(): string {
  return idNumber('410105199003', '999');
}

/**
 * Nothing of the page's own content reaches past the viewport's right edge. (Scoped to the page: the shared
 * header is the shell's concern, tested in e2e/accounts.test.ts.)
 */
async function pageFitsWidth(page: Page): Promise<void> {
  await expect
    .poll(() =>
      page.evaluate<number>(
        `Math.max(0, ...[...document.querySelectorAll('.kx-account-page *')].map(
          (e) => e.getBoundingClientRect().right - document.documentElement.clientWidth))`,
      ),
    )
    .toBeLessThanOrEqual(0.5);
}

describe.skipIf(!POSTGRES)(
  'real-name: upload ID photos, province administrator approves (real server, Chromium)',
  () => {
    let server: PostgresTestServer | undefined;
    let baseUrl = '';
    let chromium: PersistentChromium | undefined;
    let page: Page;
    const browserErrors: string[] = [];

    const phone = mobileNumber('137');
    const loginName = `e2e_rn_${randomBytes(4).toString('hex')}`;
    const password = 'Kexiao#2026x';

    beforeAll(async () => {
      // development: the demo accounts (henan_admin) are seeded at boot, through the real account service.
      server = await startServer({ database: 'postgres', development: true, filesDir: true });
      baseUrl = server.baseUrl;

      // The person registers (the form itself is covered by e2e/accounts.test.ts); the check fails on 999.
      const registered = await registerThroughApi(server, 'persons', phone, {
        loginName,
        password,
        name: '李核验',
        idNumber: unverifiableHenanId(),
        idValidTo: '长期',
        phone,
        agreement: true,
      });
      expect(((await registered.json()) as { realNameStatus: string }).realNameStatus).toBe('rejected');

      chromium = await launchPersistentChromium('real-name');
      page = chromium.page;
      // 401 (GET /session while signed out) and the 400 of the refused upload are expected.
      collectBrowserErrors(page, browserErrors, /status of 40[01]/);
    }, 120_000);

    afterAll(async () => {
      await chromium?.close();
      await server?.stop();
    });

    it('the person goes from 我的账号 to 实名认证 and uploads ID photos; a text file named .png is refused', async () => {
      await signIn(page, baseUrl, loginName, password);
      await expect.poll(() => textOf(page, 'account-realName')).toBe('实名核验未通过');
      await Promise.all([
        page.waitForURL(`${baseUrl}/account/real-name`),
        page.getByTestId('account-real-name-link').click(),
      ]);
      await expect.poll(() => textOf(page, 'real-name-status')).toBe('实名核验未通过');
      expect(await page.getByTestId('real-name-form').textContent()).toContain('身份证人像面照片');

      // The browser's hint: wrong extension.
      await page
        .getByTestId('real-name-file-idFront')
        .setInputFiles({ name: 'id.txt', mimeType: 'text/plain', buffer: Buffer.from('文字') });
      await expect.poll(() => textOf(page, 'real-name-error-idFront')).toBe('仅支持 JPG、PNG 格式');
      // The server's check: the content is read, not the name.
      await page
        .getByTestId('real-name-file-idFront')
        .setInputFiles({ name: '人像面.png', mimeType: 'image/png', buffer: Buffer.from('这其实是一段文字') });
      await page
        .getByTestId('real-name-file-idBack')
        .setInputFiles({ name: '国徽面.png', mimeType: 'image/png', buffer: PNG });
      expect(await textOf(page, 'real-name-error-idFront')).toBe('');
      await page.getByTestId('real-name-submit').click();
      await expect.poll(() => textOf(page, 'real-name-error-idFront')).toContain('按文件内容识别');

      await page
        .getByTestId('real-name-file-idFront')
        .setInputFiles({ name: '人像面.png', mimeType: 'image/png', buffer: PNG });
      await screenshot(page, 'real-name-upload-1280.png');
      await page.getByTestId('real-name-submit').click();
      await expect.poll(() => textOf(page, 'real-name-status')).toBe('人工核验中');
      expect(await page.getByTestId('real-name-form').count()).toBe(0);
      await atPhoneWidth(page, 'real-name-pending-375.png', pageFitsWidth);
      await signOut(page);
    });

    it('the Henan province administrator sees the photos, must give a reason to reject, and approves', async () => {
      await signIn(page, baseUrl, HENAN_ADMIN, DEMO_PASSWORD);
      // 实名核验 is under 系统管理 in the header.
      await page.getByTestId('nav-admin').click();
      await Promise.all([
        page.waitForURL(`${baseUrl}/staff/real-name`),
        page.getByRole('menuitem', { name: '实名核验' }).click(),
      ]);
      await page.getByTestId(`real-name-open-${loginName}`).click();
      await expect.poll(() => textOf(page, 'real-name-detail')).toContain('李核验');
      const detail = await textOf(page, 'real-name-detail');
      expect(detail).toMatch(/4101\*{10}\d{3}[\dX]/);
      await expect
        .poll(() =>
          page
            .getByTestId('real-name-image-idFront')
            .evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth),
        )
        .toBeGreaterThan(0);
      await page.getByTestId('real-name-reject').click();
      await expect.poll(() => textOf(page, 'real-name-reason-error')).toContain('至少5个字');
      await screenshot(page, 'real-name-staff-drawer-1280.png');
      await page.getByTestId('real-name-approve').click();
      await expect.poll(() => textOf(page, 'real-name-detail-status')).toBe('已通过');
      await page.keyboard.press('Escape');
      await signOut(page);
    });

    it('the person signs in again and sees 已实名认证', async () => {
      await signIn(page, baseUrl, loginName, password);
      await expect.poll(() => textOf(page, 'account-realName')).toBe('已实名认证');
      await page.goto(`${baseUrl}/account/real-name`);
      await expect.poll(() => textOf(page, 'real-name-status')).toBe('已实名认证');
      expect(await textOf(page, 'real-name-latest')).toContain('已通过');
      expect(browserErrors).toEqual([]);
    });
  },
);
