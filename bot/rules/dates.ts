import type { Duration } from './policy';

/**
 * Calendar dates in the institution's time zone. A rule like "within 14 days of publication" is about days people
 * live in, so dates are local calendar dates (YYYY-MM-DD) and instants are turned into them in the policy's zone.
 *
 * Planning touches every video of a university (100 000+) several times a run, so the arithmetic is integer day
 * counts (Howard Hinnant's civil-date algorithms) and zone offsets come from Intl once per quarter hour. The property
 * tests check every function here against Luxon on random inputs.
 */
export type LocalDate = string;

const MS_PER_DAY = 86_400_000;
const MS_PER_HOUR = 3_600_000;
/** Zones change offset on the hour, or on the half hour (Lord Howe Island): a quarter hour covers every case. */
const OFFSET_BUCKET_MS = 15 * 60_000;

/** Days since 1970-01-01 of a proleptic Gregorian date. */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

export function civilFromDays(days: number): [number, number, number] {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp + (mp < 10 ? 3 : -9);
  return [yoe + era * 400 + (month <= 2 ? 1 : 0), month, day];
}

const isLeap = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const daysInMonth = (y: number, m: number): number => (m === 2 && isLeap(y) ? 29 : (MONTH_DAYS[m - 1] as number));

const pad = (n: number, width: number): string => String(n).padStart(width, '0');
const format = ([y, m, d]: [number, number, number]): LocalDate => `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;

function parse(date: LocalDate): [number, number, number] {
  if (date.length !== 10 || date[4] !== '-' || date[7] !== '-') throw new RangeError(`not a calendar date: ${date}`);
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  const d = Number(date.slice(8, 10));
  if (!Number.isInteger(y) || !Number.isInteger(m) || !Number.isInteger(d) || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) {
    throw new RangeError(`not a calendar date: ${date}`);
  }
  return [y, m, d];
}

export const toDayNumber = (date: LocalDate): number => daysFromCivil(...parse(date));

/** A real date written YYYY-MM-DD (not 2027-02-30 or 2027-13-45): what a card's date input sends. */
export function isCalendarDate(text: string): text is LocalDate {
  try {
    parse(text);
    return /^\d{4}-\d{2}-\d{2}$/.test(text);
  } catch {
    return false;
  }
}
export const fromDayNumber = (days: number): LocalDate => format(civilFromDays(days));

// Offsets change only at DST transitions: one Intl call per zone and quarter hour of UTC.
const offsetCache = new Map<string, Map<number, number>>();
const formatters = new Map<string, Intl.DateTimeFormat>();
const MAX_CACHED_HOURS = 200_000;

function zoneOffsetMs(epochMs: number, zone: string): number {
  let byBucket = offsetCache.get(zone);
  if (byBucket === undefined) {
    byBucket = new Map();
    offsetCache.set(zone, byBucket);
  }
  const bucket = Math.floor(epochMs / OFFSET_BUCKET_MS);
  const cached = byBucket.get(bucket);
  if (cached !== undefined) return cached;
  let formatter = formatters.get(zone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric' });
    formatters.set(zone, formatter);
  }
  const at = bucket * OFFSET_BUCKET_MS;
  const parts: Record<string, number> = {};
  for (const part of formatter.formatToParts(new Date(at))) if (part.type !== 'literal') parts[part.type] = Number(part.value);
  const localMs = daysFromCivil(parts['year'] ?? 1970, parts['month'] ?? 1, parts['day'] ?? 1) * MS_PER_DAY + (parts['hour'] ?? 0) * MS_PER_HOUR + (parts['minute'] ?? 0) * 60_000;
  const offset = localMs - at;
  if (byBucket.size >= MAX_CACHED_HOURS) byBucket.clear();
  byBucket.set(bucket, offset);
  return offset;
}

/** The local calendar date of an instant in a time zone (DST-aware). */
export function localDate(instant: Date | string, zone: string): LocalDate {
  const ms = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  if (Number.isNaN(ms)) throw new RangeError(`not a valid instant: ${String(instant)}`);
  return fromDayNumber(Math.floor((ms + zoneOffsetMs(ms, zone)) / MS_PER_DAY));
}

/**
 * Adds a policy duration to a calendar date. A year or month that lands past the end of a shorter month is held at
 * its last day (29 Feb 2024 + 2 years = 28 Feb 2026): the rule never gives more time than it says.
 */
export function addDuration(date: LocalDate, duration: Duration): LocalDate {
  const [y, m, d] = parse(date);
  const months = (duration.years ?? 0) * 12 + (duration.months ?? 0);
  const monthIndex = y * 12 + (m - 1) + months;
  const year = Math.floor(monthIndex / 12);
  const month = monthIndex - year * 12 + 1;
  const day = Math.min(d, daysInMonth(year, month));
  return fromDayNumber(daysFromCivil(year, month, day) + (duration.days ?? 0));
}

export function addDays(date: LocalDate, days: number): LocalDate {
  return fromDayNumber(toDayNumber(date) + days);
}

/** Whole days from one calendar date to another (negative when `to` is earlier). */
export function daysBetween(from: LocalDate, to: LocalDate): number {
  return toDayNumber(to) - toDayNumber(from);
}

export const laterOf = (a: LocalDate, b: LocalDate): LocalDate => (a >= b ? a : b);
