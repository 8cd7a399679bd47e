/** SQL of the calendar capability. */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';

type Db = Kysely<Database> | Transaction<Database>;

export interface CalendarDayRow {
  date: string;
  kind: 'holiday' | 'workday';
  name: string | null;
}

export async function listHolidayYears(db: Db) {
  return db.selectFrom('holiday_year').select(['year', 'source', 'loaded_at', 'loaded_by']).orderBy('year').execute();
}

export async function listCalendarDays(db: Db) {
  return db.selectFrom('calendar_day').select(['date', 'year', 'kind', 'name']).orderBy('date').execute();
}

/** Replace one year's arrangement (its row and all its days). Call inside a transaction. */
export async function replaceHolidayYear(
  trx: Transaction<Database>,
  year: number,
  source: string,
  loadedBy: string,
  days: CalendarDayRow[],
): Promise<void> {
  await trx.deleteFrom('calendar_day').where('year', '=', year).execute();
  await trx.deleteFrom('holiday_year').where('year', '=', year).execute();
  await trx.insertInto('holiday_year').values({ year, source, loaded_by: loadedBy }).execute();
  if (days.length > 0) {
    await trx
      .insertInto('calendar_day')
      .values(days.map((d) => ({ date: d.date, year, kind: d.kind, name: d.name })))
      .execute();
  }
}
