import { afterAll, beforeAll, expect, it } from 'vitest';
import type { App } from '../src/app.js';
import { loadVendoredHolidays } from '../src/cli/holidays.js';
import { createDatabase, type DatabaseHandle } from '../src/db/index.js';
import { checkHolidayYear, HolidayCalendar } from '../src/modules/calendar/service.js';
import { buildTestApp } from './helpers/actors.js';
import { describeEachDatabase } from './helpers/databases.js';

describeEachDatabase('calendar', (ctx) => {
  let app: App;
  beforeAll(async () => {
    app = await buildTestApp(ctx.handle);
  });

  it('seeds the vendored official arrangements once', async () => {
    expect(await app.calendar.seed(loadVendoredHolidays())).toEqual([2023, 2024, 2025, 2026]);
    expect(await app.calendar.seed(loadVendoredHolidays())).toEqual([]);
    const table = await app.calendar.table();
    expect(Object.keys(table.years)).toEqual(['2023', '2024', '2025', '2026']);
    // 2022-12-31 is declared by the 2023 arrangement.
    expect(table.years['2023']?.holidays[0]).toEqual({ date: '2022-12-31', name: '元旦' });
    const audit = await ctx.handle.db.selectFrom('audit_event').select(['action', 'subject']).execute();
    expect(audit.filter((a) => a.action === 'calendar.loadHolidayYear')).toHaveLength(4);
  });

  it('answers working days over the database table, across National Day 2025', async () => {
    const res = await app.inject({ url: '/api/v1/calendar/working-days?from=2025-09-30&add=5' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ from: '2025-09-30', add: 5, date: '2025-10-14', provisional: false });
  });

  it('marks a year without an arrangement as provisional', async () => {
    const res = await app.inject({ url: '/api/v1/calendar/working-days?from=2027-03-05&add=1' });
    expect(res.json()).toEqual({ from: '2027-03-05', add: 1, date: '2027-03-08', provisional: true });
  });

  it('reports every bad query parameter in Chinese', async () => {
    const res = await app.inject({ url: '/api/v1/calendar/working-days?from=2025-02-30&add=-1' });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.error.code).toBe('invalid_input');
    expect(body.error.fields.map((f: { path: string }) => f.path).sort()).toEqual(['add', 'from']);
    expect(body.error.fields[0].message).toMatch(/[\u4e00-\u9fff]/);
    const missing = await app.inject({ url: '/api/v1/calendar/working-days' });
    expect(
      missing
        .json()
        .error.fields.map((f: { path: string }) => f.path)
        .sort(),
    ).toEqual(['add', 'from']);
  });

  it('loads a new year (2027) in one transaction, and deadlines become official', async () => {
    await app.calendar.loadYear(
      2027,
      {
        source: '国务院办公厅关于2027年部分节假日安排的通知（测试数据）',
        holidays: [
          { date: '2027-01-01', name: '元旦' },
          { date: '2027-01-02', name: '元旦' },
          { date: '2027-01-03', name: '元旦' },
        ],
        workdays: [],
      },
      'admin:test',
    );
    const res = await app.inject({ url: '/api/v1/calendar/working-days?from=2026-12-31&add=1' });
    expect(res.json()).toEqual({ from: '2026-12-31', add: 1, date: '2027-01-04', provisional: false });
    const years = await app.inject({ url: '/api/v1/calendar/holiday-years' });
    expect(years.json().years.map((y: { year: number }) => y.year)).toEqual([2023, 2024, 2025, 2026, 2027]);
  });

  it('refuses a bad arrangement naming each field, and leaves the loaded year intact', async () => {
    const before = await app.calendar.table();
    await expect(
      app.calendar.loadYear(
        2027,
        {
          source: '',
          holidays: [
            { date: '2027-02-30', name: '春节' },
            { date: '2027-02-06', name: '' },
          ],
          workdays: ['2027-02-08', '2027-02-06'],
        },
        'admin:test',
      ),
    ).rejects.toMatchObject({ statusCode: 400, code: 'invalid_input' });
    // A date another year's arrangement declares is refused inside the transaction.
    await expect(
      app.calendar.loadYear(
        2028,
        { source: '测试', holidays: [{ date: '2027-01-01', name: '元旦' }], workdays: [] },
        'admin:test',
      ),
    ).rejects.toMatchObject({ statusCode: 400 });
    const after = await app.calendar.table();
    expect(after.years['2027']).toEqual(before.years['2027']);
    expect(after.years['2028']).toBeUndefined();
  });
});

it('checkHolidayYear names every problem', () => {
  const problems = checkHolidayYear(2027, {
    source: ' ',
    holidays: [
      { date: '2027-13-01', name: 'x' },
      { date: '2027-01-01', name: ' ' },
    ],
    workdays: ['2027-01-04', '2027-01-01'],
  });
  expect(problems.map((p) => p.path)).toEqual([
    'source',
    'holidays.0.date',
    'holidays.1.name',
    'workdays.0',
    'workdays.1',
    'workdays.1',
  ]);
});

describeEachDatabase('calendar writers in several processes', (ctx, dialect) => {
  /** A second process: its own connection pool on PostgreSQL; on PGlite (one process) a second calendar. */
  let second: DatabaseHandle | undefined;
  afterAll(async () => {
    await second?.close();
  });
  const other = async (): Promise<DatabaseHandle> => {
    if (dialect === 'pglite') return ctx.handle;
    second ??= await createDatabase({ databaseUrl: ctx.url, dataDir: 'memory://' }, { onIdleError: () => undefined });
    return second;
  };

  it('seeds a fresh database once when two processes boot at the same time', async () => {
    const [a, b] = [new HolidayCalendar(ctx.handle.db), new HolidayCalendar((await other()).db)];
    const loaded = await Promise.all([a.seed(loadVendoredHolidays()), b.seed(loadVendoredHolidays())]);
    expect(loaded.flat().sort()).toEqual([2023, 2024, 2025, 2026]);
    expect(Object.keys((await b.table()).years)).toEqual(['2023', '2024', '2025', '2026']);
  });

  it('lets two processes load the same year at the same time (the later one replaces it)', async () => {
    const [a, b] = [new HolidayCalendar(ctx.handle.db), new HolidayCalendar((await other()).db)];
    const year = (source: string) => ({ source, holidays: [{ date: '2027-01-01', name: '元旦' }], workdays: [] });
    await Promise.all([a.loadYear(2027, year('甲'), 'admin:a'), b.loadYear(2027, year('乙'), 'admin:b')]);
    const rows = await ctx.handle.db.selectFrom('calendar_day').select('date').where('year', '=', 2027).execute();
    expect(rows).toEqual([{ date: '2027-01-01' }]);
    expect(['甲', '乙']).toContain((await a.table()).years['2027']?.source);
  });

  it('a process sees another process’s load after its cache is dropped, and at once after its own', async () => {
    const [a, b] = [new HolidayCalendar(ctx.handle.db), new HolidayCalendar((await other()).db)];
    const before = await a.table();
    await b.loadYear(2028, { source: '丙', holidays: [{ date: '2028-01-01', name: '元旦' }], workdays: [] }, 'x');
    expect(await a.table()).toBe(before); // cached for up to 60 s
    expect((await b.table()).years['2028']?.source).toBe('丙');
    await a.loadYear(2029, { source: '丁', holidays: [], workdays: [] }, 'x');
    const after = await a.table();
    expect(after.years['2028']?.source).toBe('丙');
    expect(after.years['2029']).toEqual({ source: '丁', holidays: [], workdays: [] });
  });
});
