/**
 * Working days (工作日) over the official holiday arrangement (法定节假日与调休).
 * Dates are ISO `YYYY-MM-DD` strings, computed on UTC day numbers (no time zones involved).
 * A date in a year whose arrangement is not loaded is judged by weekends alone and marks the answer provisional.
 */
import type { HolidayTable, WorkingDayResult } from './types.js';

interface CompiledCalendar {
  loadedYears: Set<number>;
  holidays: Set<number>;
  workdays: Set<number>;
}

const compiled = new WeakMap<HolidayTable, CompiledCalendar>();
const DAY_MS = 86_400_000;

/** Day number (days since 1970-01-01) of a valid ISO date, or null when the text is not a real date. */
export function parseIsoDate(text: string): number | null {
  if (typeof text !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(text)) return null;
  const y = Number(text.slice(0, 4));
  const m = Number(text.slice(5, 7));
  const d = Number(text.slice(8, 10));
  const ms = Date.UTC(y, m - 1, d);
  const date = new Date(ms);
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d || y < 1) return null;
  return ms / DAY_MS;
}

function isoOf(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

function yearOf(day: number): number {
  return new Date(day * DAY_MS).getUTCFullYear();
}

function compile(table: HolidayTable): CompiledCalendar {
  let c = compiled.get(table);
  if (c) return c;
  c = { loadedYears: new Set(), holidays: new Set(), workdays: new Set() };
  for (const [year, arrangement] of Object.entries(table.years)) {
    c.loadedYears.add(Number(year));
    for (const h of arrangement.holidays) {
      const day = parseIsoDate(h.date);
      if (day === null) throw new RangeError(`节假日安排中的日期无效：${h.date}`);
      c.holidays.add(day);
    }
    for (const w of arrangement.workdays) {
      const day = parseIsoDate(w);
      if (day === null) throw new RangeError(`调休上班日期无效：${w}`);
      c.workdays.add(day);
    }
  }
  compiled.set(table, c);
  return c;
}

function dayIsWorking(day: number, c: CompiledCalendar): boolean {
  if (c.workdays.has(day)) return true;
  if (c.holidays.has(day)) return false;
  const weekday = (day + 4) % 7; // 1970-01-01 was a Thursday (4)
  const normalized = weekday < 0 ? weekday + 7 : weekday;
  return normalized !== 0 && normalized !== 6;
}

/** Whether a date is a working day, and whether that answer rests on weekends alone (year not loaded). */
export function isWorkingDay(date: string, calendar: HolidayTable): { working: boolean; provisional: boolean } {
  const day = parseIsoDate(date);
  if (day === null) throw new RangeError(`日期无效：${date}（应为 YYYY-MM-DD）`);
  const c = compile(calendar);
  return { working: dayIsWorking(day, c), provisional: !c.loadedYears.has(yearOf(day)) };
}

/**
 * The n-th working day strictly after `date` (n = 0 returns the date itself).
 * Agency review deadline: addWorkingDays(submittedOn, 5); publicity's last day: addWorkingDays(publishedOn − 1 day, 10).
 */
export function addWorkingDays(date: string, n: number, calendar: HolidayTable): WorkingDayResult {
  const start = parseIsoDate(date);
  if (start === null) throw new RangeError(`日期无效：${date}（应为 YYYY-MM-DD）`);
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`工作日数必须是不小于0的整数：${n}`);
  const c = compile(calendar);
  let day = start;
  let provisional = n === 0 && !c.loadedYears.has(yearOf(start));
  let checkedYear = Number.NaN;
  for (let remaining = n; remaining > 0;) {
    day += 1;
    const year = yearOf(day);
    if (year !== checkedYear) {
      checkedYear = year;
      if (!c.loadedYears.has(year)) provisional = true;
    }
    if (dayIsWorking(day, c)) remaining -= 1;
  }
  return { date: isoOf(day), provisional };
}
