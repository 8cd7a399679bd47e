/**
 * The publicity window (公示期): 10 working days from the publication day, on the holiday calendar — the last
 * day is `addWorkingDays(publishedOn − 1 day, 10)`, so the publication day counts when it is a working day
 * (docs/contracts/assessment.md, "Working days"). Objections are accepted from the publication day to the last
 * day, both included (China dates); the batch can be announced from the day after.
 */
import { addWorkingDays, type HolidayTable } from '@kexiao/rules';

export const PUBLICITY_WORKING_DAYS = 10;

/** The day before an ISO date (UTC arithmetic on the date alone). */
export function dayBefore(isoDate: string): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

/** The window of a batch published on `publishedOn`: its last day, provisional when a year's arrangement is missing. */
export function publicityWindow(publishedOn: string, calendar: HolidayTable): { endsOn: string; provisional: boolean } {
  const end = addWorkingDays(dayBefore(publishedOn), PUBLICITY_WORKING_DAYS, calendar);
  return { endsOn: end.date, provisional: end.provisional };
}

export type WindowPhase = 'before' | 'open' | 'ended';

/** Where `today` (China date) stands against a window from `publishedOn` to `endsOn`, both included. */
export function windowPhase(today: string, publishedOn: string, endsOn: string): WindowPhase {
  if (today < publishedOn) return 'before';
  return today <= endsOn ? 'open' : 'ended';
}
