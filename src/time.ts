import { TZDate, tzOffset } from '@date-fns/tz';
import { addDays, differenceInCalendarDays, format, parseISO, subMonths } from 'date-fns';

const MS_PER_DAY = 86_400_000;

/** A calendar day: year, month (1-12), day of the month. */
export interface LocalDay {
  y: number;
  m: number;
  d: number;
}

/**
 * The calendar day of an instant (epoch ms) in a time zone. From the zone's offset over the
 * instant's UTC day when it is the same at the day's first and last millisecond (no zone changes
 * its offset twice within a day): the local date is then the UTC date of the instant moved by
 * it, without asking Intl per instant (a request's context, the weekly digest's thousands of due
 * times). Otherwise (a day with a change, or an offset not a whole minute) asked per instant.
 */
export function localDayOf(timeZone: string, ms: number): LocalDay {
  const local = wallClock(timeZone, ms);
  if (!local) {
    const t = new TZDate(ms, timeZone);
    return { y: t.getFullYear(), m: t.getMonth() + 1, d: t.getDate() };
  }
  return utcDay(local);
}

/**
 * The instant moved by the zone's offset over its UTC day, so that its UTC fields read the local
 * wall clock; null on a day the offset changes (then Intl is asked per instant).
 */
function wallClock(timeZone: string, ms: number): Date | null {
  const offset = dayOffset(timeZone, Math.floor(ms / MS_PER_DAY));
  return offset === null ? null : new Date(ms + offset);
}

const utcDay = (d: Date): LocalDay => ({
  y: d.getUTCFullYear(),
  m: d.getUTCMonth() + 1,
  d: d.getUTCDate(),
});
const utcHourMinute = (d: Date) =>
  `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;

const dayOffsets = new Map<string, number | null>();

/** The offset (ms) of `timeZone` throughout UTC day `day`, or null when it changes in it. */
function dayOffset(timeZone: string, day: number): number | null {
  const key = `${timeZone} ${day}`;
  let offset = dayOffsets.get(key);
  if (offset === undefined) {
    const first = tzOffset(timeZone, new Date(day * MS_PER_DAY));
    const last = tzOffset(timeZone, new Date((day + 1) * MS_PER_DAY - 1));
    offset = first === last && Number.isInteger(first) ? first * 60_000 : null;
    if (dayOffsets.size > 100_000) dayOffsets.clear();
    dayOffsets.set(key, offset);
  }
  return offset;
}

/**
 * The zone's offset (minutes, as `tzOffset` gives it) at an instant (epoch ms): its UTC day's
 * cached offset when the day has one throughout (`dayOffset`), else asked of Intl.
 */
function offsetAt(timeZone: string, ms: number): number {
  const offset = dayOffset(timeZone, Math.floor(ms / MS_PER_DAY));
  return offset === null ? tzOffset(timeZone, new Date(ms)) : offset / 60_000;
}

/** A calendar day as YYYY-MM-DD. */
export function dayKey(day: LocalDay): string {
  return `${String(day.y).padStart(4, '0')}-${String(day.m).padStart(2, '0')}-${String(day.d).padStart(2, '0')}`;
}

/** The calendar date (YYYY-MM-DD) of an instant in a time zone. */
export function localDate(instant: Date, timeZone: string): string {
  return dayKey(localDayOf(timeZone, instant.getTime()));
}

/** A date and time for people to read, in the workspace's zone: `2026-11-24 10:00`. */
export function localDateTime(instant: Date, timeZone: string): string {
  const local = wallClock(timeZone, instant.getTime());
  if (!local) return format(new TZDate(instant.getTime(), timeZone), 'yyyy-MM-dd HH:mm');
  return `${dayKey(utcDay(local))} ${utcHourMinute(local)}`;
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

/**
 * The zone's offset at an instant, as people read it: `GMT+8`, `GMT+5:30`; London's winter
 * offset `GMT` or `GMT+0`, as the ICU Node ships with writes it (ICU 78: `GMT+0`).
 */
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
 * The instant a wall-clock date and time (YYYY-MM-DD, HH:mm) is in a time zone: from the day's
 * start (cached) when the clock reads so then, else (a day the offset changes) as TZDate has it.
 */
export function localInstant(date: string, time: string, timeZone: string): Date {
  const [hh, mm] = time.split(':').map(Number) as [number, number];
  const guess = startOfLocalDay(date, timeZone).getTime() + (hh * 60 + mm) * 60_000;
  const local = wallClock(timeZone, guess);
  if (local && dayKey(utcDay(local)) === date && utcHourMinute(local) === time) {
    return new Date(guess);
  }
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(new TZDate(y, m - 1, d, hh, mm, timeZone).getTime());
}

/**
 * The instant a wall-clock date and time typed for a moment already past (when a ticket came in,
 * when a customer was contacted) is in a time zone. A reading the clocks show twice (the hour
 * repeated when they go back) is the latest one not after `now` (a minute's grace, as the forms
 * allow): 01:30 typed at 01:40 after the change is ten minutes ago, not an hour and ten. A
 * reading that is after `now` either way is `localInstant`'s, for the form to refuse.
 */
export function pastLocalInstant(date: string, time: string, timeZone: string, now: Date): Date {
  const first = localInstant(date, time, timeZone);
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [hh, mm] = time.split(':').map(Number) as [number, number];
  const wall = Date.UTC(y, m - 1, d, hh, mm);
  // Every offset the zone has within a day of the reading: one unless the clocks change. Each
  // from its UTC day's cached offset (a form's submission asked Intl three times before its ack).
  const offsets = new Set(
    [-MS_PER_DAY, 0, MS_PER_DAY].map((shift) => offsetAt(timeZone, wall + shift)),
  );
  const readings = [...offsets]
    .map((offset) => wall - offset * 60_000)
    .filter((ms) => localDateTime(new Date(ms), timeZone) === `${date} ${time}`)
    .sort((a, b) => b - a);
  const latestPast = readings.find((ms) => ms <= now.getTime() + 60_000);
  return latestPast === undefined ? first : new Date(latestPast);
}

/**
 * Day starts already worked out, by zone and date: a TZDate costs tens of microseconds, and a
 * report or digest asks for the first contact day of each of thousands of customers (few dates).
 */
const dayStarts = new Map<string, number>();
const DAY_STARTS_LIMIT = 20_000;

/** The wall-clock time (HH:mm) of an instant in a time zone. */
export function localTime(instant: Date, timeZone: string): string {
  const local = wallClock(timeZone, instant.getTime());
  return local ? utcHourMinute(local) : format(new TZDate(instant.getTime(), timeZone), 'HH:mm');
}

/** The later of two dates `YYYY-MM-DD`. */
export const maxDate = (a: string, b: string): string => (a > b ? a : b);

/** `YYYY-MM-DD` plus whole calendar days. */
export function addDaysToDate(date: string, days: number): string {
  return format(addDays(parseISO(date), days), 'yyyy-MM-dd');
}

/** Calendar days from `from` to `to` (both `YYYY-MM-DD`). */
export function daysBetween(from: string, to: string): number {
  return differenceInCalendarDays(parseISO(to), parseISO(from));
}
