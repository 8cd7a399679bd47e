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

export interface RateLimitCounterTable {
  bucket: string;
  window_start: ColumnType<Date, string, never>;
  hits: number;
}

export interface SmsCodeTable {
  id: Generated<number>;
  phone: string;
  purpose: string;
  /** SHA-256 of phone, purpose and code: the code itself is never stored. */
  code_hash: string;
  created_at: ColumnType<Date, string, never>;
  expires_at: ColumnType<Date, string, never>;
  consumed_at: ColumnType<Date | null, string | null, string | null>;
  failed_attempts: ColumnType<number, number | undefined, number>;
}

/** Outbound SMS and e-mail; the development drivers deliver here, where staff can read them. */
export interface OutboxMessageTable {
  id: Generated<number>;
  channel: 'sms' | 'email';
  recipient: string;
  subject: string | null;
  body: string;
  created_at: ColumnType<Date, string | undefined, never>;
  status: 'pending' | 'sent' | 'failed';
  sent_at: ColumnType<Date | null, string | null, string | null>;
  error: string | null;
}

export interface Database {
  holiday_year: HolidayYearTable;
  calendar_day: CalendarDayTable;
  audit_event: AuditEventTable;
  rate_limit_counter: RateLimitCounterTable;
  sms_code: SmsCodeTable;
  outbox_message: OutboxMessageTable;
}
