/**
 * 入库查询 through the HTTP app, on PGlite and PostgreSQL: the look-up by number (cache headers, ETag, 304, a
 * revocation visible at once), the search by number / USCC / part of the announced or current name, query
 * validation, open data (JSON and CSV), the enterprise's proof PDF (its text, who may download it, before
 * registration), the per-client limit — and a scan of every public answer for the personal data of the fixtures.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { App } from '../src/app.js';
import { LocalDirectoryFileStore } from '../src/platform/files.js';
import { as, buildTestApp } from './helpers/actors.js';
import { describeEachDatabase } from './helpers/databases.js';
import { pdfText } from './helpers/documents.js';
import { buildFilingWorld, type FilingWorld, submittedFiling, type TestEnterprise } from './helpers/filings.js';
import { registeredFiling, type RegisteredFixture } from './helpers/registry.js';

const BASE = 'https://kxqy.example.gov.cn';

describeEachDatabase('registry: public look-up, open data and the proof', (ctx) => {
  let app: App;
  let world: FilingWorld;
  let a: RegisteredFixture & { enterprise: TestEnterprise };
  let b: RegisteredFixture & { enterprise: TestEnterprise };
  let pending: { enterprise: TestEnterprise; filingId: number };
  /** Every public answer of the registry, for the personal-data scan. */
  const publicBodies: string[] = [];

  beforeAll(async () => {
    app = await buildTestApp(ctx.handle, {
      files: new LocalDirectoryFileStore(join(tmpdir(), `kexiao-registry-${process.pid}-${Date.now()}`)),
      publicBaseUrl: `${BASE}/`,
      publicLookupPerMinute: 1_000_000,
    });
    world = await buildFilingWorld(app, ctx.handle.db);
    a = await registeredFiling(world);
    b = await registeredFiling(world);
    pending = await submittedFiling(world);
  }, 120_000);

  afterAll(async () => {
    await app?.close();
  });

  const get = async (url: string, headers: Record<string, string> = {}) => {
    const res = await app.inject({ method: 'GET', url, headers });
    if (url.startsWith('/api/v1/public/') || url.startsWith('/api/v1/open-data/')) publicBodies.push(res.body);
    return res;
  };
  const lookup = (no: string, headers?: Record<string, string>) =>
    get(`/api/v1/public/registrations/${encodeURIComponent(no)}`, headers);
  const search = (q: string, extra = '') => get(`/api/v1/public/registrations?q=${encodeURIComponent(q)}${extra}`);

  it('finds a registration by its number, with public cache headers and an ETag', async () => {
    const res = await lookup(a.registrationNo);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['cache-control']).toBe('public, max-age=60');
    expect(res.headers.etag).toMatch(/^"[\w-]+"$/);
    expect(res.headers['content-type']).toContain('application/json');
    const view = res.json();
    expect(view).toEqual({
      registrationNo: a.registrationNo,
      evaluationYear: world.year,
      provinceCode: '410000',
      provinceName: '河南省',
      enterpriseName: a.enterprise.name,
      currentName: null,
      uscc: a.enterprise.uscc,
      regionCode: '410105',
      regionName: '郑州市金水区',
      status: 'valid',
      statusLabel: '有效',
      revokedOn: null,
      announcement: {
        id: a.announcementId,
        title: `${world.year}年第${a.announcementNo}号入库公告`,
        announcedOn: a.announcedOn,
      },
      url: `${BASE}/registry/${a.registrationNo}`,
    });
    // The same answer again: 304 with the ETag, no body.
    const again = await lookup(a.registrationNo, { 'if-none-match': res.headers.etag as string });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    const other = await lookup(a.registrationNo, { 'if-none-match': '"something-else"' });
    expect(other.statusCode).toBe(200);
  });

  it('shows a revocation on the next request (new ETag), and a change of name with the same number', async () => {
    const before = await lookup(b.registrationNo);
    expect(before.json().status).toBe('valid');
    await ctx.handle.db
      .updateTable('registration')
      .set({ status: 'revoked', revoked_at: '2026-05-20T03:00:00Z' })
      .where('registration_no', '=', b.registrationNo)
      .execute();
    const after = await lookup(b.registrationNo, { 'if-none-match': before.headers.etag as string });
    expect(after.statusCode, after.body).toBe(200);
    expect(after.headers.etag).not.toBe(before.headers.etag);
    expect(after.json()).toMatchObject({ status: 'revoked', statusLabel: '已撤销', revokedOn: '2026-05-20' });

    const renamed = `${b.enterprise.name.replace('郑州测试科技', '郑州新名智能')}`;
    await ctx.handle.db.updateTable('enterprise').set({ name: renamed }).where('id', '=', b.enterprise.id).execute();
    const view = (await lookup(b.registrationNo)).json();
    expect(view.enterpriseName).toBe(b.enterprise.name);
    expect(view.currentName).toBe(renamed);
    expect(view.registrationNo).toBe(b.registrationNo);
  });

  it('answers 404 in Chinese for an unknown number and 400 naming the field for a malformed one', async () => {
    const res = await lookup('2099410000999999');
    expect(res.statusCode).toBe(404);
    expect(res.json().error.message).toContain('未查到入库登记编号“2099410000999999”');
    const bad = await lookup('编号 1');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields[0].path).toBe('registrationNo');
    expect(bad.json().error.fields[0].message).toContain('入库登记编号');
  });

  it('searches by number, by USCC (any case) and by part of the announced or current name', async () => {
    const byNo = await search(a.registrationNo);
    expect(byNo.statusCode, byNo.body).toBe(200);
    expect(byNo.json()).toMatchObject({ total: 1, totalExact: true, page: 1, matchedBy: 'code' });
    expect(byNo.json().items[0].registrationNo).toBe(a.registrationNo);
    expect(byNo.headers['cache-control']).toBe('public, max-age=60');

    const byUscc = await search(a.enterprise.uscc.toLowerCase());
    expect(byUscc.json().items.map((i: { uscc: string }) => i.uscc)).toEqual([a.enterprise.uscc]);

    // Part of the announced name: both fixtures are 郑州测试科技有限公司…, b announced under it.
    const byName = await search('测试科技');
    const numbers = byName.json().items.map((i: { registrationNo: string }) => i.registrationNo);
    expect(byName.json().matchedBy).toBe('name');
    expect(numbers).toEqual(expect.arrayContaining([a.registrationNo, b.registrationNo]));
    // The current name (after b's rename in the test above, or by its own words if run alone).
    const current = (await lookup(b.registrationNo)).json().currentName ?? b.enterprise.name;
    const byCurrent = await search(current.slice(0, 6));
    expect(byCurrent.json().items.map((i: { registrationNo: string }) => i.registrationNo)).toContain(b.registrationNo);
    // A wildcard is matched as typed.
    expect((await search('测试%科技')).json().total).toBe(0);
    // Paging.
    const paged = await search('测试科技', '&pageSize=1&page=2');
    expect(paged.json()).toMatchObject({ page: 2, pageSize: 1 });
    expect(paged.json().items).toHaveLength(1);
  });

  it('rejects an empty or too short query, and bad paging, in Chinese naming the field', async () => {
    for (const url of [
      '/api/v1/public/registrations',
      '/api/v1/public/registrations?q=',
      '/api/v1/public/registrations?q=%20%20',
      `/api/v1/public/registrations?q=${encodeURIComponent('科')}`,
    ]) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(400);
      expect(res.json().error.fields).toEqual([{ path: 'q', message: expect.stringContaining('查询内容') }]);
    }
    const res = await search('测试科技', '&pageSize=500');
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields[0].path).toBe('pageSize');
  });

  it('gives a year of registrations as open data: JSON and CSV (UTF-8 with BOM, Chinese headers)', async () => {
    const json = await get(`/api/v1/open-data/registrations.json?province=410000&year=${world.year}`);
    expect(json.statusCode, json.body).toBe(200);
    expect(json.headers['cache-control']).toBe('public, max-age=60');
    const data = json.json();
    expect(data).toMatchObject({ year: world.year, province: '410000' });
    expect(data.fields.map((f: { field: string }) => f.field)).toContain('registrationNo');
    const rowA = data.items.find((r: { registrationNo: string }) => r.registrationNo === a.registrationNo);
    expect(rowA).toMatchObject({
      uscc: a.enterprise.uscc,
      enterpriseName: a.enterprise.name,
      statusLabel: '有效',
      announcementTitle: `${world.year}年第${a.announcementNo}号入库公告`,
    });
    expect(data.items.find((r: { registrationNo: string }) => r.registrationNo === b.registrationNo)).toBeDefined();

    const csv = await get(`/api/v1/open-data/registrations.csv?province=410000&year=${world.year}`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toContain('attachment');
    expect(csv.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const lines = csv.body
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines[0]).toBe(
      '入库登记编号,评价年度,省份代码,省份,企业名称,现企业名称,统一社会信用代码,所在地区代码,所在地区,状态,撤销日期,入库公告,公告日期',
    );
    expect(lines.length).toBe(data.items.length + 1);
    expect(lines.find((l) => l.startsWith(`${a.registrationNo},`))).toContain(
      `,${a.enterprise.uscc},410105,郑州市金水区,有效,`,
    );

    const otherYear = await get(`/api/v1/open-data/registrations.json?province=410000&year=${world.year - 1}`);
    expect(otherYear.json().items).toEqual([]);
    for (const [query, field] of [
      ['province=410000', 'year'],
      ['year=1999', 'year'],
      [`year=${world.year}&province=410100`, 'province'],
    ] as const) {
      const res = await get(`/api/v1/open-data/registrations.csv?${query}`);
      expect(res.statusCode, query).toBe(400);
      expect(res.json().error.fields.map((f: { path: string }) => f.path)).toEqual([field]);
    }
  });

  it('gives the enterprise its proof PDF with the number, the announcement and the look-up URL', async () => {
    const res = await as(app, a.enterprise.session)('GET', `/api/v1/filings/${a.filingId}/registration-proof.pdf`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['cache-control']).toBe('private, no-store');
    expect(res.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = await pdfText(res.rawPayload);
    expect(text).toContain('科技型中小企业入库登记证明');
    expect(text).toContain(a.registrationNo);
    expect(text).toContain(`${BASE}/registry/${a.registrationNo}`);
    expect(text).toContain(a.enterprise.name);
    expect(text).toContain(a.enterprise.uscc);
    expect(text).toContain(`河南省${world.year}年第${a.announcementNo}号入库公告`);
    expect(text).toContain(`${world.year}年度`);

    const number = await as(app, a.enterprise.session)('GET', `/api/v1/filings/${a.filingId}/registration`);
    expect(number.statusCode).toBe(200);
    expect(number.json().registrationNo).toBe(a.registrationNo);
  });

  it('refuses the proof to another enterprise (404), to staff (403) and before registration (409)', async () => {
    const other = await as(app, b.enterprise.session)('GET', `/api/v1/filings/${a.filingId}/registration-proof.pdf`);
    expect(other.statusCode).toBe(404);
    expect(other.json().error.message).toContain('未找到');
    const staff = await as(app, world.provinceAdmin)('GET', `/api/v1/filings/${a.filingId}/registration-proof.pdf`);
    expect(staff.statusCode).toBe(403);
    const anonymous = await as(app, null)('GET', `/api/v1/filings/${a.filingId}/registration-proof.pdf`);
    expect(anonymous.statusCode).toBe(401);
    const early = await as(app, pending.enterprise.session)(
      'GET',
      `/api/v1/filings/${pending.filingId}/registration-proof.pdf`,
    );
    expect(early.statusCode).toBe(409);
    expect(early.json().error).toMatchObject({
      code: 'not_registered',
      message: expect.stringContaining('尚未公告入库'),
    });
    const earlyNo = await as(app, pending.enterprise.session)(
      'GET',
      `/api/v1/filings/${pending.filingId}/registration`,
    );
    expect(earlyNo.statusCode).toBe(409);
    const unknown = await as(app, a.enterprise.session)('GET', '/api/v1/filings/999999999/registration-proof.pdf');
    expect(unknown.statusCode).toBe(404);
  });

  it('never shows personal data in any public answer', async () => {
    // Make sure every public route is in the scan, whatever ran before.
    for (const f of [a, b]) {
      await lookup(f.registrationNo);
      await search(f.enterprise.uscc);
      await search(f.enterprise.name.slice(0, 8));
    }
    await get(`/api/v1/open-data/registrations.json?year=${world.year}`);
    await get(`/api/v1/open-data/registrations.csv?year=${world.year}`);
    const ids = [a.enterprise.id, b.enterprise.id, pending.enterprise.id];
    const db = ctx.handle.db;
    const enterprises = await db.selectFrom('enterprise').selectAll().where('id', 'in', ids).execute();
    const accounts = await db
      .selectFrom('account')
      .select(['phone', 'login_name'])
      .where(
        'id',
        'in',
        enterprises.map((e) => e.account_id),
      )
      .execute();
    const filings = await db
      .selectFrom('filing')
      .select(['contact_phone', 'contact_email', 'draft'])
      .where('enterprise_id', 'in', ids)
      .execute();
    const secrets = new Set<string>();
    for (const e of enterprises) {
      for (const v of [e.legal_rep_name, e.legal_rep_id_number, e.agent_name, e.agent_id_number, e.agent_phone]) {
        secrets.add(v);
      }
    }
    for (const acc of accounts) {
      if (acc.phone) secrets.add(acc.phone);
      secrets.add(acc.login_name);
    }
    for (const f of filings) {
      if (f.contact_phone) secrets.add(f.contact_phone);
      if (f.contact_email) secrets.add(f.contact_email);
      const basic = (f.draft as { basic?: Record<string, unknown> }).basic ?? {};
      for (const k of ['legalRepName', 'contactName', 'contactPhone', 'contactEmail', 'address']) {
        if (typeof basic[k] === 'string') secrets.add(basic[k]);
      }
    }
    const needles = [...secrets].filter((s) => typeof s === 'string' && s.length >= 2);
    expect(needles.length).toBeGreaterThanOrEqual(10);
    expect(publicBodies.length).toBeGreaterThanOrEqual(10);
    const all = publicBodies.join('\n');
    for (const needle of needles) expect(all.includes(needle), `public answer contains "${needle}"`).toBe(false);
    // Nor anything shaped like a mobile number or an identity-card number or an e-mail address.
    expect(all).not.toMatch(/(?<!\d)1[3-9]\d{9}(?!\d)/);
    expect(all).not.toMatch(/(?<![\dA-Z])\d{17}[\dX](?![\dA-Z])/);
    expect(all).not.toMatch(/[\w.+-]+@[\w-]+\.[\w.]+/);
  });

  it('limits each client: 429 with Retry-After in Chinese once the bucket is empty', async () => {
    const limited = await buildTestApp(ctx.handle, { publicLookupPerMinute: 60 });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++) {
        const res = await limited.inject({
          method: 'GET',
          url: `/api/v1/public/registrations/${a.registrationNo}`,
          remoteAddress: '10.20.30.40',
        });
        statuses.push(res.statusCode);
        if (res.statusCode === 429) {
          expect(res.headers['retry-after']).toBe('1');
          expect(res.json().error).toMatchObject({ code: 'rate_limited', message: '查询过于频繁，请1秒后再试' });
        }
      }
      // burst 10 (a tenth of a minute's allowance, at least 10), then refused.
      expect(statuses.slice(0, 10)).toEqual(Array(10).fill(200));
      expect(statuses.slice(10)).toEqual([429, 429]);
      // Another client has its own bucket.
      const other = await limited.inject({
        method: 'GET',
        url: `/api/v1/public/registrations/${a.registrationNo}`,
        remoteAddress: '10.20.30.41',
      });
      expect(other.statusCode).toBe(200);
    } finally {
      await limited.close();
    }
  });
});
