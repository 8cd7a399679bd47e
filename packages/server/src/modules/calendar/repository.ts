/** SQL of the calendar capability. */
import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';

type Db = Kysely<Database> | Transaction<Database>;

export interface CalendarDayRow {
  date: string;
  kind: 'holiday' | 'workday';
  name: string | null;
}

/** Serialises writers of the calendar across processes: an advisory lock held until the transaction ends. */
const CALENDAR_LOCK = 7_202_612; // an arbitrary application-wide advisory lock key (the audit chain uses 7_202_611)

/**
 * Wait until no other transaction (in any process) is changing the calendar, then hold that right until this
 * transaction ends. Without it two processes loading the same year — or seeding a fresh database at the same
 * boot — would both insert it and one would fail on the primary key.
 */
export async function lockCalendar(trx: Transaction<Database>): Promise<void> {
  await sql`select pg_advisory_xact_lock(${CALENDAR_LOCK})`.execute(trx);
}

export async function listHolidayYears(db: Db) {
  return db.selectFrom('holiday_year').select(['year', 'source', 'loaded_at', 'loaded_by']).orderBy('year').execute();
}

/**
 * Every loaded year with its days, in one statement (one snapshot): a year being replaced meanwhile is read
 * either wholly before or wholly after the change, never as a year without its days. A year with no days
 * yields one row with null day columns.
 */
export async function readArrangements(db: Db) {
  return db
    .selectFrom('holiday_year as y')
    .leftJoin('calendar_day as d', 'd.year', 'y.year')
    .select(['y.year', 'y.source', 'd.date', 'd.kind', 'd.name'])
    .orderBy('y.year')
    .orderBy('d.date')
    .execute();
}

/** Days among `dates` that another year's arrangement already declares. */
export async function findClashes(trx: Transaction<Database>, year: number, dates: string[]) {
  if (dates.length === 0) return [];
  return trx
    .selectFrom('calendar_day')
    .select(['date', 'year'])
    .where('year', '<>', year)
    .where('date', 'in', dates)
    .orderBy('date')
    .execute();
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
