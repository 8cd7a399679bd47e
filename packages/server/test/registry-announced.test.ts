/**
 * 入库查询 of a number issued by the real announcement (modules/publicity), not the test fixture: a passed filing
 * is publicized through the API, announced after its window, and its number is then found by the public look-up,
 * in open data, and printed on the enterprise's proof.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import type { App } from '../src/app.js';
import { loadVendoredHolidays } from '../src/cli/holidays.js';
import { publicityWindow } from '../src/modules/publicity/window.js';
import { LocalDirectoryFileStore } from '../src/platform/files.js';
import { as, buildTestApp } from './helpers/actors.js';
import { describeEachDatabase } from './helpers/databases.js';
import { buildFilingWorld, type FilingWorld, passedFiling } from './helpers/filings.js';
import { publishedBatchFixture } from './helpers/publicity.js';

const HOLIDAYS = loadVendoredHolidays();

describeEachDatabase('registry: a number issued by the announcement', (ctx) => {
  let app: App;
  let world: FilingWorld;
  let now = new Date();
  const at = (chinaDate: string) => {
    now = new Date(`${chinaDate}T10:00:00+08:00`);
  };

  beforeAll(async () => {
    app = await buildTestApp(ctx.handle, {
      files: new LocalDirectoryFileStore(join(tmpdir(), `kexiao-registry-ann-${process.pid}-${Date.now()}`)),
      clock: () => now,
      publicBaseUrl: 'https://kxqy.example.gov.cn',
      publicLookupPerMinute: 1_000_000,
    });
    await app.calendar.seed(HOLIDAYS);
    world = await buildFilingWorld(app, ctx.handle.db);
  }, 120_000);

  it('finds the announced number, lists it in open data and prints it on the proof', async () => {
    const passed = await passedFiling(world);
    const publishedOn = `${world.year}-03-02`;
    const { endsOn } = publicityWindow(publishedOn, HOLIDAYS);
    at(publishedOn);
    const batch = await publishedBatchFixture(world, [passed.filingId], { publishedOn, endsOn });
    at(new Date(Date.parse(`${endsOn}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10));
    const announced = await as(app, world.provinceAdmin)(
      'POST',
      `/api/v1/staff/publicity/batches/${batch.batchId}/announce`,
    );
    expect(announced.statusCode, announced.body).toBe(200);
    const { announcementNo, announcementId } = announced.json();
    const reg = await ctx.handle.db
      .selectFrom('registration')
      .select(['registration_no'])
      .where('filing_id', '=', passed.filingId)
      .executeTakeFirstOrThrow();

    const res = await app.inject({ url: `/api/v1/public/registrations/${reg.registration_no}` });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      registrationNo: reg.registration_no,
      uscc: passed.enterprise.uscc,
      enterpriseName: passed.enterprise.name,
      status: 'valid',
      announcement: { id: announcementId, title: `${world.year}年第${announcementNo}号入库公告` },
      url: `https://kxqy.example.gov.cn/registry/${reg.registration_no}`,
    });
    const found = await app.inject({ url: `/api/v1/public/registrations?q=${passed.enterprise.uscc.toLowerCase()}` });
    expect(found.json().items.map((i: { registrationNo: string }) => i.registrationNo)).toEqual([reg.registration_no]);
    const open = await app.inject({ url: `/api/v1/open-data/registrations.csv?province=410000&year=${world.year}` });
    expect(open.body).toContain(`${reg.registration_no},${world.year},410000,河南省,${passed.enterprise.name},`);

    const proof = await as(app, passed.enterprise.session)(
      'GET',
      `/api/v1/filings/${passed.filingId}/registration-proof.pdf`,
    );
    expect(proof.statusCode, proof.body).toBe(200);
    expect(proof.headers['content-type']).toBe('application/pdf');
  });
});
