import { DateTime } from 'luxon';
import type { Duration } from './policy';

/**
 * Calendar dates in the institution's time zone. A rule like "within 14 days of publication" is about days people
 * live in, so dates are local calendar dates (YYYY-MM-DD) and instants are turned into them in the policy's zone.
 */
export type LocalDate = string;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The local calendar date of an instant in a time zone (DST-aware). */
export function localDate(instant: Date | string, zone: string): LocalDate {
  const dt = typeof instant === 'string' ? DateTime.fromISO(instant, { zone: 'utc' }) : DateTime.fromJSDate(instant);
  if (!dt.isValid) throw new RangeError(`not a valid instant: ${String(instant)}`);
  return dt.setZone(zone).toISODate() as LocalDate;
}

function parse(date: LocalDate): DateTime {
  if (!ISO_DATE.test(date)) throw new RangeError(`not a calendar date: ${date}`);
  const dt = DateTime.fromISO(date, { zone: 'utc' });
  if (!dt.isValid) throw new RangeError(`not a calendar date: ${date}`);
  return dt;
}

/**
 * Adds a policy duration to a calendar date. A year or month that lands past the end of a shorter month is held at
 * its last day (29 Feb 2024 + 2 years = 28 Feb 2026): the rule never gives more time than it says.
 */
export function addDuration(date: LocalDate, duration: Duration): LocalDate {
  return parse(date)
    .plus({ years: duration.years ?? 0, months: duration.months ?? 0, days: duration.days ?? 0 })
    .toISODate() as LocalDate;
}

export function addDays(date: LocalDate, days: number): LocalDate {
  return parse(date).plus({ days }).toISODate() as LocalDate;
}

/** Whole days from one calendar date to another (negative when `to` is earlier). */
export function daysBetween(from: LocalDate, to: LocalDate): number {
  return Math.round(parse(to).diff(parse(from), 'days').days);
}

export const laterOf = (a: LocalDate, b: LocalDate): LocalDate => (a >= b ? a : b);
