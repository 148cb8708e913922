import { TZDate } from '@date-fns/tz';
import { addDays, differenceInCalendarDays, format, parseISO, subMonths } from 'date-fns';

/** The calendar date (YYYY-MM-DD) of an instant in a time zone. */
export function localDate(instant: Date, timeZone: string): string {
  return format(new TZDate(instant.getTime(), timeZone), 'yyyy-MM-dd');
}

/** A date and time for people to read, in the workspace's zone: `2026-11-24 10:00`. */
export function localDateTime(instant: Date, timeZone: string): string {
  return format(new TZDate(instant.getTime(), timeZone), 'yyyy-MM-dd HH:mm');
}

/** One formatter per zone: building one costs more than formatting (a ticket list has dozens). */
const offsetFormats = new Map<string, Intl.DateTimeFormat>();
function offsetFormat(timeZone: string): Intl.DateTimeFormat {
  let format = offsetFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'shortOffset' });
    offsetFormats.set(timeZone, format);
  }
  return format;
}

/** The zone's offset at an instant, as people read it: `GMT+8`, `GMT+5:30`, `GMT`. */
export function zoneOffset(instant: Date, timeZone: string): string {
  const part = offsetFormat(timeZone)
    .formatToParts(instant)
    .find((p) => p.type === 'timeZoneName');
  return part?.value ?? timeZone;
}

/** A date and time with its zone, for text that is read out of Slack's time tokens: `2026-11-24 10:00 GMT+8`. */
export function zonedDateTime(instant: Date, timeZone: string): string {
  return `${localDateTime(instant, timeZone)} ${zoneOffset(instant, timeZone)}`;
}

/** The first day of the 12-month window that ends on `date` (inclusive): 2026-11-24 -> 2025-11-25. */
export function yearWindowStart(date: string): string {
  return format(addDays(subMonths(parseISO(date), 12), 1), 'yyyy-MM-dd');
}

/**
 * Reads the date formats people type in spreadsheets: 2026-03-01, 2026/3/1, 2026.3.1,
 * 2026年3月1日. Returns YYYY-MM-DD, or undefined when it is not a real calendar date.
 */
export function parseDateOnly(raw: string): string | undefined {
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(raw.trim());
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) {
    return undefined;
  }
  return `${m[1]}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** The instant a calendar date (YYYY-MM-DD) starts in a time zone. */
export function startOfLocalDay(date: string, timeZone: string): Date {
  const key = `${timeZone} ${date}`;
  let ms = dayStarts.get(key);
  if (ms === undefined) {
    const [y, m, d] = date.split('-').map(Number) as [number, number, number];
    ms = new TZDate(y, m - 1, d, timeZone).getTime();
    if (dayStarts.size >= DAY_STARTS_LIMIT) dayStarts.clear();
    dayStarts.set(key, ms);
  }
  return new Date(ms);
}

/**
 * Day starts already worked out, by zone and date: a TZDate costs tens of microseconds, and a
 * report or digest asks for the first contact day of each of thousands of customers (few dates).
 */
const dayStarts = new Map<string, number>();
const DAY_STARTS_LIMIT = 20_000;

/** The wall-clock time (HH:mm) of an instant in a time zone. */
export function localTime(instant: Date, timeZone: string): string {
  return format(new TZDate(instant.getTime(), timeZone), 'HH:mm');
}

/** `YYYY-MM-DD` plus whole calendar days. */
export function addDaysToDate(date: string, days: number): string {
  return format(addDays(parseISO(date), days), 'yyyy-MM-dd');
}

/** Calendar days from `from` to `to` (both `YYYY-MM-DD`). */
export function daysBetween(from: string, to: string): number {
  return differenceInCalendarDays(parseISO(to), parseISO(from));
}
