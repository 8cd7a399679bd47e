/**
 * Government-side administration over HTTP: agencies (list, detail, create, update, CSV import with the
 * per-row report, xlsx export), staff accounts (create with a one-time password, list with masked phones,
 * disable/enable, password reset), and enterprises as staff see them (scoped, searchable, masked).
 */
import ExcelJS from 'exceljs';
import { beforeAll, expect, it } from 'vitest';
import type { App } from '../src/app.js';
import { EXPORT_HEADER } from '../src/modules/agencies/service.js';
import { as, buildTestApp, signInRequest } from './helpers/actors.js';
import { describeEachDatabase } from './helpers/databases.js';
import { buildScopeWorld, type ScopeWorld, signIn } from './helpers/scope-world.js';

describeEachDatabase('staff administration', (ctx) => {
  let app: App;
  let world: ScopeWorld;
  let henan: ReturnType<typeof as>;
  let national: ReturnType<typeof as>;
  beforeAll(async () => {
    app = await buildTestApp(ctx.handle);
    world = await buildScopeWorld(app, ctx.handle.db);
    henan = as(app, world.actors.henanAdmin);
    national = as(app, world.actors.nationalAdmin);
  });
  const count = async (table: 'agency' | 'account' | 'audit_event' | 'agency_jurisdiction' | 'region') =>
    Number(
      (
        await ctx.handle.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  /** POST a CSV table to the agency import as the Henan administrator. */
  const importCsv = (payload: string | Buffer, query = '') =>
    app.inject({
      method: 'POST',
      url: `/api/v1/staff/agencies/import${query}`,
      headers: {
        cookie: world.actors.henanAdmin?.cookie,
        'x-csrf-token': world.actors.henanAdmin?.csrf,
        'content-type': 'text/csv',
      },
      payload,
    });
  const lastAudit = () =>
    ctx.handle.db.selectFrom('audit_event').selectAll().orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();

  // ── agencies ──────────────────────────────────────────────────────────────────────────────────────────────

  it('lists the province’s agencies; a province administrator defaults to its own province', async () => {
    const own = await henan('GET', '/api/v1/staff/agencies');
    expect(own.statusCode).toBe(200);
    expect(own.json().agencies.map((a: { name: string }) => a.name)).toEqual(['郑州市科学技术局', '洛阳市科学技术局']);
    const all = await national('GET', '/api/v1/staff/agencies');
    expect(all.json().agencies).toHaveLength(3);
    const gansu = await national('GET', '/api/v1/staff/agencies?province=620000');
    expect(gansu.json().agencies.map((a: { name: string }) => a.name)).toEqual(['兰州市科学技术局']);
    const bad = await national('GET', '/api/v1/staff/agencies?province=41');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields[0]).toEqual({ path: 'province', message: '省份：41 不是省级行政区划代码' });
    const other = await henan('GET', '/api/v1/staff/agencies?province=620000');
    expect(other.statusCode).toBe(403);
    const reviewer = await as(app, world.actors.zzReviewer)('GET', '/api/v1/staff/agencies');
    expect(reviewer.json().agencies.map((a: { id: number }) => a.id)).toEqual([world.agencies.zz.id]);
  });

  it('creates an agency: bad input → 400 naming each field, nothing written; good → 201 with its audit record', async () => {
    const before = await count('agency');
    const audits = await count('audit_event');
    const bad = await henan('POST', '/api/v1/staff/agencies', {
      name: '',
      level: '省级',
      regionCode: '620100',
      contactMobile: '12345',
      jurisdiction: ['410200', '999999'],
    });
    expect(bad.statusCode).toBe(400);
    const paths = bad.json().error.fields.map((f: { path: string }) => f.path);
    expect(paths).toEqual(expect.arrayContaining(['name', 'level', 'contactMobile', 'regionCode', 'jurisdiction.1']));
    expect(bad.json().error.fields.find((f: { path: string }) => f.path === 'level').message).toBe(
      '级别：应为“地市”或“区县”',
    );
    expect(await count('agency')).toBe(before);
    expect(await count('audit_event')).toBe(audits);

    const wrongType = await henan('POST', '/api/v1/staff/agencies', { name: 5, jurisdiction: '410200' });
    expect(wrongType.statusCode).toBe(400);
    expect(wrongType.json().error.fields).toEqual([
      { path: 'name', message: '评价工作机构名称：应为文本' },
      { path: 'jurisdiction', message: '管辖范围：应为行政区划代码的列表' },
    ]);

    const created = await henan('POST', '/api/v1/staff/agencies', {
      name: '开封市科学技术局',
      level: '地市',
      regionCode: '410200',
      contactName: '高新科',
      contactPhone: '0371-23456789',
      jurisdiction: ['410200'],
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      provinceCode: '410000',
      name: '开封市科学技术局',
      level: 'city',
      jurisdiction: [{ code: '410200', name: '开封市' }],
    });
    expect(await lastAudit()).toMatchObject({
      actor: `account:${world.actors.henanAdmin?.accountId}`,
      action: 'agency.create',
      subject: `agency:${created.json().id}`,
    });

    const taken = await henan('POST', '/api/v1/staff/agencies', {
      name: '开封市另一机构',
      level: 'city',
      regionCode: '410200',
      jurisdiction: ['410200'],
    });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error.message).toContain('已属于评价工作机构“开封市科学技术局”');

    // A national administrator must say which province.
    const noProvince = await national('POST', '/api/v1/staff/agencies', { name: 'x' });
    expect(noProvince.statusCode).toBe(400);
    expect(noProvince.json().error.fields).toEqual([{ path: 'province', message: '省份：请选择省份' }]);
  });

  it('detail and update; another province’s agency is 404 for reading and for changing', async () => {
    const detail = await henan('GET', `/api/v1/staff/agencies/${world.agencies.ly.id}`);
    expect(detail.statusCode).toBe(200);
    expect(detail.json().jurisdiction).toEqual([{ code: '410300', name: '洛阳市' }]);

    const updated = await henan('PUT', `/api/v1/staff/agencies/${world.agencies.ly.id}`, {
      name: '洛阳市科学技术局',
      level: 'city',
      regionCode: '410300',
      contactName: '成果转化科',
      contactMobile: '13912345678',
      email: 'kjj@ly.example.cn',
      jurisdiction: ['410300'],
    });
    expect(updated.statusCode).toBe(200);
    expect(updated.json()).toMatchObject({ contactName: '成果转化科', email: 'kjj@ly.example.cn' });
    expect((await lastAudit()).action).toBe('agency.update');

    for (const method of ['GET', 'PUT'] as const) {
      const res = await henan(
        method,
        `/api/v1/staff/agencies/${world.agencies.gs.id}`,
        method === 'PUT' ? {} : undefined,
      );
      expect(res.statusCode, method).toBe(404);
      expect(res.json().error.message).toBe('未找到该评价工作机构，或不在您的管辖范围内');
    }
    expect((await henan('GET', '/api/v1/staff/agencies/abc')).statusCode).toBe(404);
  });

  it('imports CSV all or nothing with a per-row report (UTF-8 with BOM, or GBK as Excel saves it)', async () => {
    const agencies = await count('agency');
    const regions = await count('region');
    const badCsv =
      '\uFEFFagency,region_code,level,phone,jurisdiction\n' +
      '安阳市科学技术局,410500,地市,0372-1234567,文峰区、北关区、安阳高新区\n' +
      '新乡市科学技术局,410700,省级,12345,红旗区\n';
    const bad = await importCsv(Buffer.from(badCsv, 'utf8'));
    expect(bad.statusCode).toBe(422);
    expect(bad.json().ok).toBe(false);
    expect(bad.json().rows[0]).toEqual({ row: 2, ok: true, errors: [] });
    expect(bad.json().rows[1].ok).toBe(false);
    expect(
      bad
        .json()
        .rows[1].errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['level', 'phone']);
    expect(await count('agency')).toBe(agencies);
    expect(await count('region')).toBe(regions);

    // The same table, fixed, saved by Excel in GBK: decoded, imported, the new zone created.
    const good = badCsv.replace('省级,12345', '地市,0373-1234567').replace('\uFEFF', '');
    const res = await importCsv(encodeGb18030(good));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ ok: true, created: 2, updated: 0, zonesCreated: 1 });
    const anyang = (await henan('GET', '/api/v1/staff/agencies'))
      .json()
      .agencies.find((a: { name: string }) => a.name === '安阳市科学技术局');
    expect(anyang.jurisdiction.map((j: { name: string }) => j.name)).toEqual(['文峰区', '北关区', '安阳高新区']);

    // Another province's table, or no body: refused.
    const other = await importCsv(good, '?province=620000');
    expect(other.statusCode).toBe(403);
    const empty = await importCsv('');
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.fields[0].path).toBe('file');
  });

  it('exports the province’s agencies as the MOST 2021 table (xlsx download)', async () => {
    const res = await henan('GET', '/api/v1/staff/agencies/export');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(String(res.headers['content-disposition'])).toMatch(
      /^attachment; filename="agencies.xlsx"; filename\*=UTF-8''/,
    );
    expect(decodeURIComponent(String(res.headers['content-disposition']).split("''")[1] ?? '')).toMatch(
      /^河南省科技型中小企业评价工作组织机构信息表-\d{4}-\d{2}-\d{2}\.xlsx$/,
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    expect((sheet?.getRow(3).values as unknown[]).slice(1)).toEqual([...EXPORT_HEADER]);
    expect(sheet?.getRow(4).getCell(2).value).toBe('郑州市科学技术局');
    expect((await lastAudit()).action).toBe('agency.exported');
  });

  // ── staff accounts ────────────────────────────────────────────────────────────────────────────────────────

  it('creates a reviewer with a one-time password; bad input names each field; duplicates → 409', async () => {
    const accounts = await count('account');
    const bad = await henan('POST', '/api/v1/staff/accounts', {
      loginName: 'a',
      displayName: '',
      phone: '123',
      role: 'boss',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields.map((f: { path: string }) => f.path)).toEqual([
      'loginName',
      'displayName',
      'phone',
      'role',
    ]);
    const noAgency = await henan('POST', '/api/v1/staff/accounts', {
      loginName: 'zz_rev2',
      displayName: '张审核',
      phone: '13811112222',
      role: 'agencyReviewer',
      agencyId: 999999,
    });
    expect(noAgency.json().error.fields).toEqual([
      { path: 'agencyId', message: '所属评价工作机构：请选择评价工作机构' },
    ]);
    expect(await count('account')).toBe(accounts);

    const created = await henan('POST', '/api/v1/staff/accounts', {
      loginName: 'zz_rev2',
      displayName: '张审核',
      phone: '13811112222',
      role: 'agencyHead',
      agencyId: world.agencies.zz.id,
    });
    expect(created.statusCode).toBe(201);
    const { account, temporaryPassword } = created.json();
    expect(account).toMatchObject({
      loginName: 'zz_rev2',
      phone: '138****2222',
      status: 'active',
      roles: [
        { role: 'agencyHead', agencyId: world.agencies.zz.id, agencyName: '郑州市科学技术局', provinceCode: '410000' },
      ],
    });
    expect(temporaryPassword).toMatch(/^\S{12}$/);
    const audit = JSON.stringify(await lastAudit());
    expect(audit).toContain('accounts.staffCreated');
    expect(audit).not.toContain(temporaryPassword);
    expect(audit).not.toContain('13811112222');
    await signIn(app, 'zz_rev2', temporaryPassword);

    const again = await henan('POST', '/api/v1/staff/accounts', {
      loginName: 'ZZ_REV2',
      displayName: '张审核',
      phone: '13811112222',
      role: 'agencyReviewer',
      agencyId: world.agencies.zz.id,
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.fields.map((f: { path: string }) => f.path)).toEqual(['loginName', 'phone']);
  });

  it('lists staff with masked phones, by agency; another province’s agency → 404', async () => {
    const all = await henan('GET', '/api/v1/staff/accounts');
    expect(all.statusCode).toBe(200);
    const logins = all.json().accounts.map((a: { loginName: string }) => a.loginName);
    expect(logins).toEqual(expect.arrayContaining(['zz_rev', 'ly_rev', 'zz_rev2']));
    expect(logins).not.toContain('gs_rev');
    expect(logins).not.toContain('henan_adm');
    expect(all.body).not.toMatch(/1\d{10}/);
    const zz = await henan('GET', `/api/v1/staff/accounts?agencyId=${world.agencies.zz.id}`);
    expect(
      zz
        .json()
        .accounts.map((a: { loginName: string }) => a.loginName)
        .sort(),
    ).toEqual(['zz_rev', 'zz_rev2']);
    expect((await henan('GET', `/api/v1/staff/accounts?agencyId=${world.agencies.gs.id}`)).statusCode).toBe(404);
    const bad = await henan('GET', '/api/v1/staff/accounts?agencyId=x');
    expect(bad.json().error.fields[0].path).toBe('agencyId');
    const everyone = await national('GET', '/api/v1/staff/accounts');
    expect(everyone.json().accounts.map((a: { loginName: string }) => a.loginName)).toEqual(
      expect.arrayContaining(['gs_rev', 'henan_adm', 'nation_adm']),
    );
  });

  it('disabling ends the sessions and refuses sign-in; enabling restores it', async () => {
    const session = await signIn(app, 'ly_rev');
    const probe = () => as(app, session)('GET', '/api/v1/staff/enterprises');
    expect((await probe()).statusCode).toBe(200);
    const disabled = await henan('POST', `/api/v1/staff/accounts/${world.staffIds.lyReviewer}/disable`);
    expect(disabled.statusCode).toBe(200);
    expect(disabled.json().status).toBe('disabled');
    expect((await lastAudit()).action).toBe('staff.disabled');
    expect((await probe()).statusCode).toBe(401);
    const refused = await signInRequest(app, { identifier: 'ly_rev', password: 'Kexiao#2026' }, '10.8.0.1');
    expect(refused.statusCode).toBe(403);
    const enabled = await henan('POST', `/api/v1/staff/accounts/${world.staffIds.lyReviewer}/enable`);
    expect(enabled.json().status).toBe('active');
    world.actors.lyReviewer = await signIn(app, 'ly_rev');
    // Outside the scope: 404; oneself: refused.
    expect((await henan('POST', `/api/v1/staff/accounts/${world.staffIds.gsReviewer}/disable`)).statusCode).toBe(404);
    const self = await national('POST', `/api/v1/staff/accounts/${world.staffIds.nationalAdmin}/disable`);
    expect(self.statusCode).toBe(400);
  });

  it('resets a password to a temporary one shown once; the old one stops working', async () => {
    const res = await henan('POST', `/api/v1/staff/accounts/${world.staffIds.zzReviewer}/password-reset`);
    expect(res.statusCode).toBe(200);
    const { temporaryPassword } = res.json();
    const audit = await lastAudit();
    expect(audit).toMatchObject({ action: 'staff.passwordReset', subject: `account:${world.staffIds.zzReviewer}` });
    expect(JSON.stringify(audit)).not.toContain(temporaryPassword);
    const old = await signInRequest(app, { identifier: 'zz_rev', password: 'Kexiao#2026' }, '10.8.0.2');
    expect(old.statusCode).toBe(401);
    world.actors.zzReviewer = await signIn(app, 'zz_rev', temporaryPassword);
    expect(
      (
        await as(app, world.actors.gansuAdmin)(
          'POST',
          `/api/v1/staff/accounts/${world.staffIds.zzReviewer}/password-reset`,
        )
      ).statusCode,
    ).toBe(404);
  });

  // ── enterprises ───────────────────────────────────────────────────────────────────────────────────────────

  it('lists enterprises in scope with personal data masked; searches by name, USCC and region', async () => {
    const res = await henan('GET', '/api/v1/staff/enterprises');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ total: 2, page: 1, pageSize: 20 });
    const zz = res.json().enterprises.find((e: { name: string }) => e.name === world.names.zz);
    expect(zz).toMatchObject({
      regionCode: '410105',
      regionText: '河南省 › 郑州市 › 金水区',
      legalRepName: '王*国',
      agentName: '李*梅',
      agentPhone: '137****0201',
    });
    expect(res.body).not.toContain('13700000201');
    expect(res.body).not.toMatch(/\d{17}[\dX]/);

    const names = async (query: string) =>
      (await henan('GET', `/api/v1/staff/enterprises?${query}`))
        .json()
        .enterprises.map((e: { name: string }) => e.name);
    expect(await names(`q=${encodeURIComponent('洛阳矩阵')}`)).toEqual([world.names.ly]);
    expect(await names('q=91410105')).toEqual([world.names.zz]);
    expect(await names('q=%25')).toEqual([]);
    expect(await names('regionCode=410300')).toEqual([world.names.ly]);
    expect(await names('regionCode=620100')).toEqual([]);
    expect(await names('page=2')).toEqual([]);
    const bad = await henan('GET', '/api/v1/staff/enterprises?page=0&regionCode=abc');
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json()
        .error.fields.map((f: { path: string }) => f.path)
        .sort(),
    ).toEqual(['page', 'regionCode']);
  });

  it('shows one enterprise with the agency its region routes to; outside the scope → 404', async () => {
    const res = await as(app, world.actors.lyReviewer)('GET', `/api/v1/staff/enterprises/${world.enterprises.ly}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      name: world.names.ly,
      legalRepName: '王建国',
      agentPhone: '137****0202',
      agency: { id: world.agencies.ly.id, name: '洛阳市科学技术局' },
    });
    expect(res.json().legalRepIdNumber).toMatch(/^4103\*{10}\d{3}[\dX]$/);
    const outside = await as(app, world.actors.lyReviewer)('GET', `/api/v1/staff/enterprises/${world.enterprises.zz}`);
    expect(outside.statusCode).toBe(404);
    expect(outside.json().error.message).toBe('未找到该企业，或不在您的管辖范围内');
  });
});

/** GB18030 bytes of a text (Node decodes GB18030 but does not encode it; ASCII and these CJK characters only). */
function encodeGb18030(text: string): Buffer {
  const decoder = new TextDecoder('gb18030');
  const table = new Map<string, number[]>();
  for (let hi = 0x81; hi <= 0xfe; hi++) {
    for (let lo = 0x40; lo <= 0xfe; lo++) {
      if (lo === 0x7f) continue;
      const ch = decoder.decode(new Uint8Array([hi, lo]));
      if (ch.length === 1 && !table.has(ch)) table.set(ch, [hi, lo]);
    }
  }
  const bytes: number[] = [];
  for (const ch of text) {
    if (ch.charCodeAt(0) < 0x80) bytes.push(ch.charCodeAt(0));
    else {
      const code = table.get(ch);
      if (code === undefined) throw new Error(`no GBK code for ${ch}`);
      bytes.push(...code);
    }
  }
  return Buffer.from(bytes);
}
