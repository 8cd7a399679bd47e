import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import holidays from '../../server/seed/holidays-cn.json' with { type: 'json' };
import { addWorkingDays, type HolidayTable, isValidUscc, isWorkingDay, usccCheckChar } from '../src/index.js';

const calendar = holidays as HolidayTable;

describe('isValidUscc (GB 32100-2015)', () => {
  it.each([
    '91350100M000100Y43', // the standard's example
    '91310110666007217T',
    '914403001922038216',
    '9144030071526726XG',
    '91330100799655058B',
  ])('accepts the real code %s', (code) => {
    expect(isValidUscc(code)).toBe(true);
  });

  it.each([
    ['91350211M00013FA1N', 'an early pilot code that breaks the check digit'],
    ['91350100m000100y43', 'lower case'],
    ['91350100M000100Y4', 'too short'],
    ['91350100M000100Y433', 'too long'],
    ['91350100M0001I0Y43', 'I is not in the alphabet'],
    ['', 'empty'],
  ])('rejects %s (%s)', (code) => {
    expect(isValidUscc(code)).toBe(false);
  });

  it('catches every single-character substitution', () => {
    const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...alphabet), { minLength: 17, maxLength: 17 }),
        fc.integer({ min: 0, max: 17 }),
        fc.constantFrom(...alphabet),
        (body, pos, ch) => {
          const code = body.join('') + usccCheckChar(body.join(''));
          expect(isValidUscc(code)).toBe(true);
          const mutated = code.slice(0, pos) + ch + code.slice(pos + 1);
          expect(isValidUscc(mutated)).toBe(mutated === code);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('working days over the official arrangement', () => {
  it.each([
    // National Day 2025: 10-01..10-08 off; Saturday 10-11 is a make-up working day.
    ['2025-09-30', 5, '2025-10-14'],
    ['2025-09-26', 1, '2025-09-28'], // Sunday 09-28 is a make-up working day
    ['2025-10-08', 3, '2025-10-11'],
    // Spring Festival 2026: 02-15..02-23 off; 02-14 (Sat) and 02-28 (Sat) worked.
    ['2026-02-13', 1, '2026-02-14'],
    ['2026-02-14', 1, '2026-02-24'],
    ['2024-04-30', 1, '2024-05-06'],
    ['2023-12-29', 1, '2024-01-02'],
    ['2025-06-30', 0, '2025-06-30'],
  ])('%s + %i working days = %s', (date, n, expected) => {
    expect(addWorkingDays(date, n, calendar)).toEqual({ date: expected, provisional: false });
  });

  it('publicity: 10 working days counting the publication day (contract formula)', () => {
    // Published Monday 2025-09-22: the last day is add(2025-09-21, 10) = 2025-10-10 across National Day.
    expect(addWorkingDays('2025-09-21', 10, calendar).date).toBe('2025-10-10');
  });

  it('marks answers that reach a year without an arrangement as provisional (weekends only)', () => {
    expect(addWorkingDays('2026-12-30', 2, calendar)).toEqual({ date: '2027-01-01', provisional: true });
    expect(addWorkingDays('2026-12-28', 3, calendar)).toEqual({ date: '2026-12-31', provisional: false });
    expect(addWorkingDays('2026-12-28', 4, calendar)).toEqual({ date: '2027-01-01', provisional: true });
    expect(addWorkingDays('2027-03-05', 1, calendar)).toEqual({ date: '2027-03-08', provisional: true });
    expect(isWorkingDay('2027-10-01', calendar)).toEqual({ working: true, provisional: true });
    expect(isWorkingDay('2026-10-01', calendar)).toEqual({ working: false, provisional: false });
  });

  it('rejects impossible dates and counts', () => {
    expect(() => addWorkingDays('2025-02-29', 1, calendar)).toThrow(RangeError);
    expect(() => addWorkingDays('2025-1-01', 1, calendar)).toThrow(RangeError);
    expect(() => addWorkingDays('2025-01-01', -1, calendar)).toThrow(RangeError);
    expect(() => addWorkingDays('2025-01-01', 1.5, calendar)).toThrow(RangeError);
  });

  it('agrees with a day-by-day count on random dates', () => {
    const off = new Set(Object.values(calendar.years).flatMap((y) => y.holidays.map((h) => h.date)));
    const on = new Set(Object.values(calendar.years).flatMap((y) => y.workdays));
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2023-01-01'), max: new Date('2026-11-30'), noInvalidDate: true }),
        fc.integer({ min: 0, max: 30 }),
        (d, n) => {
          const start = d.toISOString().slice(0, 10);
          let t = Date.parse(start);
          for (let left = n; left > 0;) {
            t += 86_400_000;
            const iso = new Date(t).toISOString().slice(0, 10);
            const wd = new Date(t).getUTCDay();
            if (on.has(iso) || (!off.has(iso) && wd !== 0 && wd !== 6)) left--;
          }
          expect(addWorkingDays(start, n, calendar).date).toBe(new Date(t).toISOString().slice(0, 10));
        },
      ),
      { numRuns: 1000 },
    );
  });
});
