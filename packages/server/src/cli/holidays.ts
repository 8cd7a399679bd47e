/** The vendored official holiday arrangements (seed/holidays-cn.json), shared by the CLI and the database seed. */
import { readFileSync } from 'node:fs';
import type { HolidayTable } from '@kexiao/rules';

/** Absolute URL of the vendored table, resolved from this module (dist/… or src/…). */
export const VENDORED_HOLIDAYS_URL = new URL('../../seed/holidays-cn.json', import.meta.url);

export function loadVendoredHolidays(): HolidayTable {
  return JSON.parse(readFileSync(VENDORED_HOLIDAYS_URL, 'utf8')) as HolidayTable;
}

/** Merge arrangements: later tables replace whole years of earlier ones. */
export function mergeHolidayTables(...tables: HolidayTable[]): HolidayTable {
  const years: HolidayTable['years'] = {};
  for (const t of tables) Object.assign(years, t.years);
  return { years };
}
