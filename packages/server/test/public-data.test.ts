/**
 * No personal data in any public answer: every GET route under /api/v1/public and /api/v1/open-data (the list is
 * taken from the app's routes, so a new public route fails this test until it is added here) is read after the
 * whole flow — filings passed, a batch published, an objection lodged by a person, the batch announced — and its
 * answer (JSON, CSV, the text of a PDF, the cells of a workbook) is searched for the people's data behind it: legal
 * representatives' and agents' names and ID numbers, phones, e-mail addresses, login names, the objector's name and
 * phone, addresses.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, expect, it } from 'vitest';
import type { App } from '../src/app.js';
import { loadVendoredHolidays } from '../src/cli/holidays.js';
import { LocalDirectoryFileStore } from '../src/platform/files.js';
import { as, buildTestApp, multipart, PDF, requestSmsCode } from './helpers/actors.js';
import { describeEachDatabase } from './helpers/databases.js';
import { pdfText } from './helpers/documents.js';
import { buildFilingWorld, type FilingWorld, passedFiling } from './helpers/filings.js';

const OBJECTOR = { name: '欧阳异议人', phone: '13588886666' };

async function workbookText(bytes: Buffer): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  const cells: string[] = [];
  workbook.eachSheet((sheet) => sheet.eachRow((row) => cells.push(JSON.stringify(row.values))));
  return cells.join('\n');
}

describeEachDatabase('public data: no personal data in any public answer', (ctx) => {
  let app: App;
  let world: FilingWorld;
  let now = new Date();
  const ids = { batch: 0, announcement: 0, entry: 0, registrationNo: '', receiptNo: '' };
  const secrets = new Set<string>();

  beforeAll(async () => {
    app = await buildTestApp(ctx.handle, {
      files: new LocalDirectoryFileStore(join(tmpdir(), `kexiao-public-data-${process.pid}-${Date.now()}`)),
      clock: () => now,
    });
    await app.calendar.seed(loadVendoredHolidays());
    world = await buildFilingWorld(app, ctx.handle.db);
    const province = as(app, world.provinceAdmin);
    const a = await passedFiling(world);
    const b = await passedFiling(world);

    now = new Date(`${world.year}-06-01T10:00:00+08:00`);
    const created = await province('POST', '/api/v1/staff/publicity/batches', { filingIds: [a.filingId, b.filingId] });
    ids.batch = created.json().id;
    expect((await province('POST', `/api/v1/staff/publicity/batches/${ids.batch}/publish`)).statusCode).toBe(200);
    const entry = await ctx.handle.db
      .selectFrom('publicity_entry')
      .select('id')
      .where('filing_id', '=', b.filingId)
      .executeTakeFirstOrThrow();
    ids.entry = Number(entry.id);

    // A person objects to b (its objection stays open: b is not announced).
    const code = await requestSmsCode(app, ctx.handle.db, OBJECTOR.phone, 'objection');
    const form = multipart([
      ...Object.entries({
        entryId: String(ids.entry),
        objectorKind: 'person',
        name: OBJECTOR.name,
        phone: OBJECTOR.phone,
        smsCode: code,
        ground: 'notEligible',
        facts: '该企业科技人员人数与社保缴纳记录不符，研发人员多为行政人员，详见所附材料。',
      }).map(([field, value]) => ({ field, value })),
      { field: 'evidence1', fileName: '证据.pdf', bytes: PDF, type: 'application/pdf' },
    ]);
    const lodged = await app.inject({
      method: 'POST',
      url: '/api/v1/public/objections',
      headers: form.headers,
      payload: form.payload,
    });
    expect(lodged.statusCode, lodged.body).toBe(201);
    ids.receiptNo = lodged.json().receiptNo;

    now = new Date(`${world.year}-07-01T10:00:00+08:00`);
    const announced = await province('POST', `/api/v1/staff/publicity/batches/${ids.batch}/announce`);
    expect(announced.statusCode, announced.body).toBe(200);
    ids.announcement = announced.json().announcementId;
    const registration = await ctx.handle.db
      .selectFrom('registration')
      .select('registration_no')
      .where('filing_id', '=', a.filingId)
      .executeTakeFirstOrThrow();
    ids.registrationNo = registration.registration_no;

    // The people behind the data.
    const db = ctx.handle.db;
    const enterpriseIds = [a.enterprise.id, b.enterprise.id];
    for (const e of await db.selectFrom('enterprise').selectAll().where('id', 'in', enterpriseIds).execute()) {
      for (const v of [e.legal_rep_name, e.legal_rep_id_number, e.agent_name, e.agent_id_number, e.agent_phone]) {
        secrets.add(v);
      }
      const account = await db
        .selectFrom('account')
        .select(['phone', 'login_name'])
        .where('id', '=', e.account_id)
        .executeTakeFirstOrThrow();
      if (account.phone) secrets.add(account.phone);
      secrets.add(account.login_name);
    }
    for (const f of await db
      .selectFrom('filing')
      .select(['contact_phone', 'contact_email', 'draft'])
      .where('enterprise_id', 'in', enterpriseIds)
      .execute()) {
      if (f.contact_phone) secrets.add(f.contact_phone);
      if (f.contact_email) secrets.add(f.contact_email);
      const basic = (f.draft as { basic?: Record<string, unknown> }).basic ?? {};
      for (const k of ['legalRepName', 'contactName', 'contactPhone', 'contactEmail', 'address']) {
        if (typeof basic[k] === 'string') secrets.add(basic[k]);
      }
    }
    secrets.add(OBJECTOR.name);
    secrets.add(OBJECTOR.phone);
  });

  it('scans every public GET route after the whole flow', async () => {
    const year = world.year;
    const paths: Record<string, string[]> = {
      '/api/v1/public/publicity-batches': ['/api/v1/public/publicity-batches?province=410000'],
      '/api/v1/public/publicity-batches/:id': [`/api/v1/public/publicity-batches/${ids.batch}`],
      '/api/v1/public/publicity-batches/:id/list.xlsx': [`/api/v1/public/publicity-batches/${ids.batch}/list.xlsx`],
      '/api/v1/public/publicity-batches/:id/document.pdf': [
        `/api/v1/public/publicity-batches/${ids.batch}/document.pdf`,
      ],
      '/api/v1/public/announcements': ['/api/v1/public/announcements?province=410000'],
      '/api/v1/public/announcements/:id': [`/api/v1/public/announcements/${ids.announcement}`],
      '/api/v1/public/announcements/:id/list.xlsx': [`/api/v1/public/announcements/${ids.announcement}/list.xlsx`],
      '/api/v1/public/announcements/:id/document.pdf': [
        `/api/v1/public/announcements/${ids.announcement}/document.pdf`,
      ],
      '/api/v1/public/objection-targets/:entryId': [`/api/v1/public/objection-targets/${ids.entry}`],
      '/api/v1/public/objections/:receiptNo': [
        `/api/v1/public/objections/${ids.receiptNo}?last4=${OBJECTOR.phone.slice(7)}`,
      ],
      '/api/v1/public/registrations': [`/api/v1/public/registrations?q=${ids.registrationNo}`],
      '/api/v1/public/registrations/:registrationNo': [`/api/v1/public/registrations/${ids.registrationNo}`],
      '/api/v1/open-data/publicity-batches.json': [
        `/api/v1/open-data/publicity-batches.json?province=410000&year=${year}`,
      ],
      '/api/v1/open-data/publicity-batches.csv': [
        `/api/v1/open-data/publicity-batches.csv?province=410000&year=${year}`,
      ],
      '/api/v1/open-data/announcements.json': [`/api/v1/open-data/announcements.json?province=410000&year=${year}`],
      '/api/v1/open-data/announcements.csv': [`/api/v1/open-data/announcements.csv?province=410000&year=${year}`],
      '/api/v1/open-data/registrations.json': [`/api/v1/open-data/registrations.json?province=410000&year=${year}`],
      '/api/v1/open-data/registrations.csv': [`/api/v1/open-data/registrations.csv?province=410000&year=${year}`],
    };
    const publicGets = app.routePolicies
      .filter((r) => r.method === 'GET' && /^\/api\/v1\/(public|open-data)\//.test(r.url))
      .map((r) => r.url)
      .sort();
    expect(publicGets).toEqual(Object.keys(paths).sort());

    const needles = [...secrets].filter((s) => typeof s === 'string' && s.length >= 2);
    expect(needles.length).toBeGreaterThanOrEqual(10);
    for (const [route, urls] of Object.entries(paths)) {
      for (const url of urls) {
        const res = await app.inject({ method: 'GET', url });
        expect(res.statusCode, `${url}: ${res.body.slice(0, 200)}`).toBe(200);
        const type = String(res.headers['content-type']);
        const text = type.startsWith('application/pdf')
          ? await pdfText(res.rawPayload)
          : type.includes('spreadsheetml')
            ? await workbookText(res.rawPayload)
            : res.body;
        // The answer says something: the scan is not over an empty body.
        expect(text.length, route).toBeGreaterThan(20);
        for (const secret of needles) expect(text.includes(secret), `${route} shows “${secret}”`).toBe(false);
      }
    }
  });
});
