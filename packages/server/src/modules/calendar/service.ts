/**
 * The official holiday arrangements, held in the database. One source for every deadline of the platform.
 */
import { type HolidayTable, type HolidayYear, parseIsoDate } from '@kexiao/rules';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import { writeAudit } from '../../platform/audit.js';
import { type FieldProblem, invalidInput } from '../../platform/errors.js';
import {
  type CalendarDayRow,
  findClashes,
  listHolidayYears,
  lockCalendar,
  readArrangements,
  replaceHolidayYear,
} from './repository.js';

/** How long a process trusts its cached table before re-reading (so several processes converge). */
const CACHE_MS = 60_000;

/** Problems with one year's arrangement, each naming the field; empty when it is sound. */
export function checkHolidayYear(year: number, data: HolidayYear): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (!Number.isInteger(year) || year < 1949 || year > 2200) {
    problems.push({ path: 'year', message: `年份：必须是1949–2200之间的整数（收到 ${year}）` });
  }
  if (typeof data.source !== 'string' || data.source.trim() === '') {
    problems.push({ path: 'source', message: '来源：请填写国务院办公厅通知的名称和文号' });
  }
  const seen = new Map<string, string>();
  (Array.isArray(data.holidays) ? data.holidays : []).forEach((h, i) => {
    const day = parseIsoDate(h?.date);
    if (day === null) problems.push({ path: `holidays.${i}.date`, message: `放假日期：不是有效日期（${h?.date}）` });
    else if (seen.has(h.date)) problems.push({ path: `holidays.${i}.date`, message: `放假日期：${h.date} 重复` });
    else seen.set(h.date, 'holiday');
    if (typeof h?.name !== 'string' || h.name.trim() === '') {
      problems.push({ path: `holidays.${i}.name`, message: '节日名称：不能为空' });
    }
  });
  if (!Array.isArray(data.holidays)) problems.push({ path: 'holidays', message: '放假安排：必须是列表' });
  (Array.isArray(data.workdays) ? data.workdays : []).forEach((w, i) => {
    const day = parseIsoDate(w);
    if (day === null) {
      problems.push({ path: `workdays.${i}`, message: `调休上班日期：不是有效日期（${w}）` });
      return;
    }
    const weekday = new Date(day * 86_400_000).getUTCDay();
    if (weekday !== 0 && weekday !== 6)
      problems.push({ path: `workdays.${i}`, message: `调休上班日期：${w} 不是周末` });
    if (seen.get(w) === 'holiday')
      problems.push({ path: `workdays.${i}`, message: `调休上班日期：${w} 同时被列为放假日` });
    else if (seen.has(w)) problems.push({ path: `workdays.${i}`, message: `调休上班日期：${w} 重复` });
    seen.set(w, 'workday');
  });
  if (!Array.isArray(data.workdays)) problems.push({ path: 'workdays', message: '调休上班日：必须是列表' });
  return problems;
}

/**
 * The holiday calendar of the platform: reads the table from the database, caches it in-process (re-read at
 * most every 60 s, so several processes converge), and loads a year's arrangement in one transaction with its
 * audit record. Writers are serialised across processes by an advisory lock.
 */
export class HolidayCalendar {
  /** The read in flight or done; dropped by every load in this process, so a stale read is never kept. */
  #cached: { table: Promise<HolidayTable>; at: number } | null = null;

  constructor(private readonly db: Kysely<Database>) {}

  /** The whole table in the shape `addWorkingDays` takes. Concurrent callers share one database read. */
  table(): Promise<HolidayTable> {
    if (this.#cached !== null && Date.now() - this.#cached.at < CACHE_MS) return this.#cached.table;
    const entry = { table: this.#read(), at: Date.now() };
    this.#cached = entry;
    entry.table.catch(() => {
      if (this.#cached === entry) this.#cached = null;
    });
    return entry.table;
  }

  async #read(): Promise<HolidayTable> {
    const table: HolidayTable = { years: {} };
    for (const row of await readArrangements(this.db)) {
      const key = String(row.year);
      const entry = (table.years[key] ??= { source: row.source, holidays: [], workdays: [] });
      if (row.date === null) continue;
      if (row.kind === 'holiday') entry.holidays.push({ date: row.date, name: row.name ?? '' });
      else entry.workdays.push(row.date);
    }
    return table;
  }

  /** The loaded years with their sources. */
  async years() {
    return listHolidayYears(this.db);
  }

  /**
   * Load (or replace) one year's official arrangement. Invalid data → AppError 400 naming each field, nothing
   * written. A date already declared by another year's arrangement is refused too.
   */
  async loadYear(year: number, data: HolidayYear, actor: string): Promise<void> {
    const days = toDays(year, data);
    try {
      await this.db.transaction().execute(async (trx) => {
        await lockCalendar(trx);
        await writeYear(trx, year, data, days, actor);
      });
    } finally {
      this.#cached = null;
    }
  }

  /**
   * Load every year of a table that the database does not hold yet (idempotent seeding at boot), all in one
   * transaction. Safe when several processes boot at once: they take turns, and later ones find the years there.
   */
  async seed(table: HolidayTable, actor = 'system:seed'): Promise<number[]> {
    const candidates = Object.entries(table.years).map(([year, data]) => ({
      year: Number(year),
      data,
      days: toDays(Number(year), data),
    }));
    try {
      return await this.db.transaction().execute(async (trx) => {
        await lockCalendar(trx);
        const present = new Set((await listHolidayYears(trx)).map((y) => y.year));
        const loaded: number[] = [];
        for (const { year, data, days } of candidates) {
          if (present.has(year)) continue;
          await writeYear(trx, year, data, days, actor);
          loaded.push(year);
        }
        return loaded;
      });
    } finally {
      this.#cached = null;
    }
  }
}

/** The checked days of one year's arrangement; AppError 400 naming each problem when it is not sound. */
function toDays(year: number, data: HolidayYear): CalendarDayRow[] {
  const problems = checkHolidayYear(year, data);
  if (problems.length > 0) throw invalidInput(problems);
  return [
    ...data.holidays.map((h) => ({ date: h.date, kind: 'holiday' as const, name: h.name.trim() })),
    ...data.workdays.map((w) => ({ date: w, kind: 'workday' as const, name: null })),
  ];
}

/** Replace one year inside a transaction holding the calendar lock, with its audit record. */
async function writeYear(
  trx: Transaction<Database>,
  year: number,
  data: HolidayYear,
  days: CalendarDayRow[],
  actor: string,
): Promise<void> {
  const clash = await findClashes(
    trx,
    year,
    days.map((d) => d.date),
  );
  if (clash.length > 0) {
    throw invalidInput(
      clash.map((c) => ({ path: 'holidays', message: `日期 ${c.date} 已由${c.year}年的节假日安排规定，不能重复规定` })),
    );
  }
  await replaceHolidayYear(trx, year, data.source.trim(), actor, days);
  await writeAudit(trx, {
    actor,
    action: 'calendar.loadHolidayYear',
    subject: `holiday_year:${year}`,
    detail: { source: data.source.trim(), holidays: data.holidays.length, workdays: data.workdays.length },
  });
}
