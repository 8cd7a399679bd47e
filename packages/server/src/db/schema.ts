/** The database's tables as Kysely sees them. */
import type { ColumnType, Generated } from 'kysely';

export interface HolidayYearTable {
  year: number;
  source: string;
  loaded_at: ColumnType<Date, Date | string | undefined, never>;
  loaded_by: string;
}

export interface CalendarDayTable {
  /** ISO date text (pg and PGlite are both set to return DATE as 'YYYY-MM-DD'). */
  date: string;
  /** The arrangement (year) that declares this day; 2022-12-31 belongs to the 2023 arrangement. */
  year: number;
  kind: 'holiday' | 'workday';
  name: string | null;
}

/** Append-only, hash-chained record of every state change, written in the same transaction as the change. */
export interface AuditEventTable {
  seq: Generated<number>;
  occurred_at: ColumnType<Date, string, never>;
  actor: string;
  /** The enterprise an agent acted for, when someone acts on another's behalf. */
  on_behalf_of: string | null;
  action: string;
  subject: string;
  detail: ColumnType<unknown, string, never>;
  prev_hash: string | null;
  hash: string;
}

export interface Database {
  holiday_year: HolidayYearTable;
  calendar_day: CalendarDayTable;
  audit_event: AuditEventTable;
}
