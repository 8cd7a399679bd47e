import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { beforeAll, expect, it } from 'vitest';
import {
  type AgencyInput,
  AgencyService,
  checkAgencyFields,
  EXPORT_HEADER,
  seedDemoAgencies,
} from '../src/modules/agencies/service.js';
import { parseCsv } from '../src/modules/agencies/csv.js';
import { describeEachDatabase } from './helpers/databases.js';

const GANSU = readFileSync(new URL('../seed/gansu-agencies.csv', import.meta.url), 'utf8');

const base: AgencyInput = {
  name: '太原市小店区科技局',
  level: '区县',
  regionCode: '140105',
  address: '太原市小店区（测试地址）',
  contactName: '测试',
  contactPhone: '0351-7654321',
  contactMobile: '13900000000',
  email: 'xd@example.cn',
  jurisdiction: ['140105'],
};

async function auditCount(db: AgencyServiceDb): Promise<number> {
  const row = await db
    .selectFrom('audit_event')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
type AgencyServiceDb = Parameters<typeof seedDemoAgencies>[0];

describeEachDatabase('agencies', (ctx) => {
  let agencies: AgencyService;
  beforeAll(() => {
    agencies = new AgencyService(ctx.handle.db);
  });

  it('imports the real Gansu and Shanxi tables as demo data, once', async () => {
    expect(await seedDemoAgencies(ctx.handle.db)).toEqual([
      { provinceCode: '620000', created: 16 },
      { provinceCode: '140000', created: 12 },
    ]);
    expect(await seedDemoAgencies(ctx.handle.db)).toEqual([]);
    const gansu = await agencies.listAgencies('620000');
    const shanxi = await agencies.listAgencies('140000');
    expect(gansu).toHaveLength(16);
    expect(shanxi).toHaveLength(12);
    const lanzhou = gansu[0];
    expect(lanzhou).toMatchObject({
      name: '兰州市科技局',
      level: 'city',
      regionCode: '620100',
      contactPhone: '0931-8847570',
    });
    expect(lanzhou?.jurisdiction.map((j) => j.name)).toEqual([
      '城关区',
      '七里河区',
      '西固区',
      '安宁区',
      '红古区',
      '永登县',
      '皋兰县',
      '榆中县',
      '兰州经开区',
    ]);
    // Short names of autonomous counties resolve to the full names; 华亭市 is the current code.
    const jiuquan = gansu.find((a) => a.name === '酒泉市科技局');
    expect(jiuquan?.jurisdiction.map((j) => j.code)).toContain('620924'); // 阿克塞哈萨克族自治县
    expect(gansu.find((a) => a.name === '平凉市科技局')?.jurisdiction.map((j) => j.code)).toContain('620881');
    expect(gansu.find((a) => a.name === '嘉峪关市科技局')?.jurisdiction).toEqual([
      { code: '620200', name: '嘉峪关市' },
    ]);
    expect(shanxi.find((a) => a.name === '太原市科技局')?.jurisdiction).toEqual([{ code: '140100', name: '太原市' }]);
    const jurisdictionRows = await ctx.handle.db
      .selectFrom('agency_jurisdiction')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    // Gansu: its 86 counties, 嘉峪关市 (a city without counties) and 7 zones; Shanxi: 11 cities and 1 zone.
    expect(Number(jurisdictionRows.n)).toBe(86 + 1 + 7 + 12);
    // Every county of both provinces in force today is routed to an agency.
    const counties = await ctx.handle.db
      .selectFrom('region')
      .select('code')
      .where('kind', '=', 'county')
      .where('valid_to', 'is', null)
      .where((eb) => eb.or([eb('code', 'like', '62%'), eb('code', 'like', '14%')]))
      .execute();
    expect(counties).toHaveLength(86 + 117);
    for (const { code } of counties) expect(await agencies.agencyForRegion(code), code).not.toBeNull();
    // Zones are regions of their own kind, under the right parent.
    const zones = await ctx.handle.db
      .selectFrom('region')
      .select(['code', 'name', 'parent_code'])
      .where('kind', '=', 'zone')
      .orderBy('code')
      .execute();
    expect(zones).toHaveLength(8);
    expect(zones).toContainEqual({ code: 'zone:lzxq', name: '兰州新区', parent_code: '620100' });
    expect(zones).toContainEqual({ code: 'zone:lzgxq', name: '兰州高新区', parent_code: '620100' });
    expect(zones).toContainEqual({ code: 'zone:sxzgq', name: '山西转型综合改革示范区', parent_code: '140000' });
    expect(zones).toContainEqual({ code: 'zone:620800-平凉工业园区', name: '平凉工业园区', parent_code: '620800' });
    // Importing the same table again updates the agencies in place.
    const again = await agencies.importAgencies('620000', GANSU, 'user:test');
    expect(again).toMatchObject({ ok: true, created: 0, updated: 16, zonesCreated: 0 });
    expect(await agencies.listAgencies('620000')).toHaveLength(16);
  });

  it('routes a region to its own agency, else to the nearest ancestor’s', async () => {
    const name = async (code: string) => (await agencies.agencyForRegion(code))?.name ?? null;
    expect(await name('620102')).toBe('兰州市科技局');
    expect(await name('620924')).toBe('酒泉市科技局');
    expect(await name('140105')).toBe('太原市科技局'); // county under a city-wide jurisdiction
    expect(await name('zone:lzxq')).toBe('兰州新区科技发展局');
    expect(await name('zone:620100-兰州经开区')).toBe('兰州市科技局');
    expect(await name('zone:sxzgq')).toBe('山西转型综合改革示范区管委会');
    expect(await name('620824')).toBe('平凉市科技局'); // withdrawn 华亭县 → 华亭市
    expect(await name('110101')).toBeNull();
    expect(await name('999999')).toBeNull();
    // A county with an agency of its own goes there; its neighbours stay with the city.
    await agencies.createAgency('140000', base, 'user:test');
    expect(await name('140105')).toBe('太原市小店区科技局');
    expect(await name('140106')).toBe('太原市科技局');
    const created = await agencies.agencyForRegion('140105');
    expect(created).toMatchObject({ level: 'county', contactMobile: '13900000000', email: 'xd@example.cn' });
  });

  it('names every bad field in Chinese and writes nothing', async () => {
    const before = await auditCount(ctx.handle.db);
    const bad: AgencyInput = {
      name: '  ',
      level: '省级',
      regionCode: '149999',
      contactPhone: '8847570',
      contactMobile: '1234',
      email: 'not-mail',
      jurisdiction: ['149999', '140624', '620102', '140000', '140107', '140107'],
    };
    const error = await agencies.createAgency('140000', bad, 'user:test').catch((e: unknown) => e);
    expect(error).toMatchObject({ statusCode: 400, code: 'invalid_input' });
    const fields = (error as { fields: { path: string; message: string }[] }).fields;
    expect(fields.map((f) => f.path)).toEqual([
      'name',
      'level',
      'contactPhone',
      'contactMobile',
      'email',
      'regionCode',
      'jurisdiction.0',
      'jurisdiction.1',
      'jurisdiction.2',
      'jurisdiction.3',
      'jurisdiction.5',
    ]);
    const message = (path: string) => fields.find((f) => f.path === path)?.message;
    expect(message('name')).toBe('评价工作机构名称：不能为空');
    expect(message('level')).toBe('级别：应为“地市”或“区县”');
    expect(message('contactPhone')).toMatch(/^办公电话：/);
    expect(message('contactMobile')).toMatch(/^手机：/);
    expect(message('email')).toMatch(/^电子邮箱：/);
    expect(message('regionCode')).toBe('对应行政区划：149999 不是山西省的行政区划或功能区代码');
    expect(message('jurisdiction.1')).toBe('管辖范围：140624（怀仁县）已于 2018-02-01 撤销，请改用 140681');
    expect(message('jurisdiction.2')).toMatch(/620102 不是山西省/);
    expect(message('jurisdiction.3')).toMatch(/省级行政区划/);
    expect(message('jurisdiction.5')).toBe('管辖范围：140107 重复');
    expect(checkAgencyFields({ ...base, jurisdiction: [] }).map((p) => p.message)).toEqual([
      '管辖范围：至少包含一个行政区划或功能区',
    ]);
    expect(checkAgencyFields({ ...base, contactPhone: '13800000000', level: 'county' })).toEqual([]);
    await expect(agencies.createAgency('149999', base, 'user:test')).rejects.toMatchObject({ statusCode: 400 });
    expect(await auditCount(ctx.handle.db)).toBe(before);
  });

  it('refuses a region another agency holds, and a duplicate name', async () => {
    const taken = await agencies
      .createAgency(
        '140000',
        { ...base, name: '迎泽区科技局', regionCode: '140106', jurisdiction: ['140106', '140100'] },
        'user:test',
      )
      .catch((e: unknown) => e);
    expect(taken).toMatchObject({ statusCode: 409, code: 'conflict' });
    expect((taken as Error).message).toBe('管辖范围：140100（太原市）已属于评价工作机构“太原市科技局”');
    const duplicate = await agencies
      .createAgency('140000', { ...base, regionCode: '140106', jurisdiction: ['140106'] }, 'user:test')
      .catch((e: unknown) => e);
    expect(duplicate).toMatchObject({ statusCode: 409 });
    expect((duplicate as { fields: { path: string }[] }).fields[0]?.path).toBe('name');
  });

  it('lets exactly one of two concurrent claims on a region win (the database constraint decides)', async () => {
    const claim = (name: string) =>
      agencies.createAgency(
        '140000',
        { ...base, name, regionCode: '140107', jurisdiction: ['140107', '140108'] },
        'user:test',
      );
    const results = await Promise.allSettled([claim('杏花岭区科技局甲'), claim('杏花岭区科技局乙')]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.filter((r) => r.status === 'rejected');
    expect(rejected).toHaveLength(1);
    expect((rejected[0] as PromiseRejectedResult).reason).toMatchObject({ statusCode: 409, code: 'conflict' });
    const holders = await ctx.handle.db
      .selectFrom('agency_jurisdiction')
      .select('agency_id')
      .where('region_code', 'in', ['140107', '140108'])
      .execute();
    expect(new Set(holders.map((h) => h.agency_id)).size).toBe(1);
    expect(holders).toHaveLength(2);
    // And without the check in code: the constraint itself refuses a second holder.
    await expect(
      ctx.handle.db
        .insertInto('agency_jurisdiction')
        .values({ agency_id: Number((await agencies.agencyForRegion('140106'))?.id ?? 0), region_code: '140107' })
        .execute(),
    ).rejects.toThrow();
  });

  it('updates an agency in one transaction with its audit record', async () => {
    const agency = await agencies.agencyForRegion('140105');
    const id = agency?.id as number;
    const updated = await agencies.updateAgency(
      id,
      { ...base, contactPhone: '13800000001', jurisdiction: ['140105', '140110'] },
      'user:test',
    );
    expect(updated.jurisdiction.map((j) => j.code)).toEqual(['140105', '140110']);
    expect(updated.contactPhone).toBe('13800000001');
    const audit = await ctx.handle.db
      .selectFrom('audit_event')
      .select(['action', 'actor'])
      .where('subject', '=', `agency:${id}`)
      .orderBy('seq')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['agency.create', 'agency.update']);
    await expect(agencies.updateAgency(id, { ...base, jurisdiction: ['140100'] }, 'user:test')).rejects.toMatchObject({
      statusCode: 409,
    });
    expect((await agencies.agency(id))?.jurisdiction.map((j) => j.code)).toEqual(['140105', '140110']);
    await expect(agencies.updateAgency(987654, base, 'user:test')).rejects.toMatchObject({ statusCode: 404 });
  });

  it('imports nothing from a CSV with bad rows, and reports each row and field', async () => {
    const before = await auditCount(ctx.handle.db);
    const zonesBefore = await ctx.handle.db.selectFrom('region').select('code').where('kind', '=', 'zone').execute();
    const csv = [
      '\uFEFFagency,region_code,level,phone,jurisdiction',
      '"郑州市科技局（测试，一）",410100,地市,0371-12345678,"中原区、二七区、郑州测试高新区"',
      ',410200,,abc,开封不存在区',
      '洛阳市科技局,419999,县级,,涧西区',
      '"另一个 ""机构""",410300,,,"西工区、老城区"',
      '重复的机构,410100,,,中原区',
      '重复的机构,620100,,,城关区',
    ].join('\r\n');
    const report = await agencies.importAgencies('410000', csv, 'user:test');
    expect(report.ok).toBe(false);
    expect(report.created).toBe(0);
    const byRow = Object.fromEntries(report.rows.map((r) => [r.row, r.errors.map((e) => e.field)]));
    expect(byRow).toEqual({
      2: [],
      3: ['jurisdiction', 'agency', 'phone'],
      4: ['region_code', 'level'],
      5: [],
      6: ['jurisdiction'],
      7: ['region_code', 'agency'],
    });
    expect(report.rows.map((r) => r.ok)).toEqual([true, false, false, true, false, false]);
    const messages = report.rows.flatMap((r) => r.errors.map((e) => e.message));
    expect(messages).toContain('管辖范围：中原区已由第2行的评价工作机构管辖');
    expect(messages).toContain('评价工作机构名称：与第6行重名');
    expect(messages).toContain('管辖范围：“开封不存在区”不是开封市的区县，也不是功能区名称');
    expect(await agencies.listAgencies('410000')).toEqual([]);
    expect(await ctx.handle.db.selectFrom('region').select('code').where('kind', '=', 'zone').execute()).toEqual(
      zonesBefore,
    );
    expect(await auditCount(ctx.handle.db)).toBe(before);

    // A region held by an agency outside the file, and a bad header.
    const held = await agencies.importAgencies(
      '620000',
      'agency,region_code,jurisdiction\n新机构,620100,城关区\n',
      'user:test',
    );
    expect(held.rows[0]?.errors).toEqual([
      { field: 'jurisdiction', message: '管辖范围：城关区已属于评价工作机构“兰州市科技局”' },
    ]);
    const header = await agencies.importAgencies('410000', 'agency,region,jurisdiction\n', 'user:test');
    expect(header.rows).toEqual([
      {
        row: 1,
        ok: false,
        errors: [
          { field: 'region', message: '列名：未知的列“region”' },
          { field: 'region_code', message: '列名：缺少必需的列“region_code”' },
          { field: 'file', message: '文件中没有评价工作机构' },
        ],
      },
    ]);
    const unclosed = await agencies.importAgencies(
      '410000',
      'agency,region_code,jurisdiction\n"x,410100,中原区\n',
      'user:test',
    );
    expect(unclosed.rows[0]).toMatchObject({ row: 2, ok: false, errors: [{ field: 'file' }] });

    // The good rows alone import, quoting and BOM intact.
    const good = [
      '\uFEFFagency,region_code,level,phone,jurisdiction',
      '"郑州市科技局（测试，一）",410100,地市,0371-12345678,"中原区、二七区、郑州测试高新区"',
      '"另一个 ""机构""",410300,,,"西工区、老城区"',
    ].join('\r\n');
    const ok = await agencies.importAgencies('410000', good, 'user:test');
    expect(ok).toMatchObject({ ok: true, created: 2, updated: 0, zonesCreated: 1 });
    expect((await agencies.listAgencies('410000')).map((a) => a.name)).toEqual([
      '郑州市科技局（测试，一）',
      '另一个 "机构"',
    ]);
    expect(await agencies.agencyForRegion('zone:410100-郑州测试高新区')).toMatchObject({
      name: '郑州市科技局（测试，一）',
    });
  });

  it('exports the notice’s 组织机构信息表 as xlsx, one row per agency', async () => {
    const buffer = await agencies.exportAgencies('620000');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    expect(sheet?.name).toBe('组织机构信息表');
    const values = (n: number) => ((sheet?.getRow(n).values as unknown[]) ?? []).slice(1);
    expect(values(1)[0]).toBe('科技型中小企业评价工作组织机构信息表');
    expect(values(2)[0]).toBe('省级科技主管部门：甘肃省');
    expect(values(3)).toEqual([...EXPORT_HEADER]);
    expect(sheet?.rowCount).toBe(3 + 16);
    expect(values(4)).toEqual([
      1,
      '兰州市科技局',
      '兰州市',
      '地市',
      undefined,
      '0931-8847570',
      undefined,
      '城关区、七里河区、西固区、安宁区、红古区、永登县、皋兰县、榆中县、兰州经开区',
    ]);
    expect(values(18).slice(0, 4)).toEqual([15, '兰州新区科技发展局', '兰州新区', '地市']);
    const shanxi = new ExcelJS.Workbook();
    await shanxi.xlsx.load((await agencies.exportAgencies('140000')) as unknown as ArrayBuffer);
    // 12 imported + the county agency and the winner of the concurrent claim created above.
    expect(shanxi.worksheets[0]?.rowCount).toBe(3 + 14);
    await expect(agencies.exportAgencies('620100')).rejects.toMatchObject({ statusCode: 400 });
  });
});

it('parses CSV quoting, line breaks inside quotes, CRLF and a BOM', () => {
  expect(parseCsv('\uFEFFa,b\r\n"x, ""y""","1\n2"\r\n\r\nz,\n')).toEqual([
    { row: 1, fields: ['a', 'b'] },
    { row: 2, fields: ['x, "y"', '1\n2'] },
    { row: 4, fields: ['z', ''] },
  ]);
  expect(() => parseCsv('a,"b')).toThrow('第1行：引号未闭合');
  expect(() => parseCsv('a,b"c')).toThrow(/第1行/);
});
