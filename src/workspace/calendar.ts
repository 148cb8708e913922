import { TZDate } from '@date-fns/tz';
import type { BusinessCalendar } from '../sla/business-time.js';
import { addDaysToDate, localDate, localTime } from '../time.js';
import type { WorkspaceSettings } from './settings.js';

/** The business calendar of a workspace; `aroundTheClock` for tickets that count every minute. */
export function calendarFromSettings(
  settings: Pick<WorkspaceSettings, 'timeZone' | 'businessHours'>,
  opts: { aroundTheClock?: boolean } = {},
): BusinessCalendar {
  const hours = settings.businessHours;
  return {
    timeZone: settings.timeZone,
    workingDays: [...hours.workingDays],
    windows: hours.windows.map((w) => ({ start: w.start, end: w.end })),
    holidays: [...hours.holidays],
    extraWorkdays: [...hours.extraWorkdays],
    aroundTheClock: opts.aroundTheClock ?? false,
  };
}

/** When the workspace's business day starts: its first window's opening (daily jobs run then). */
export function dayStart(settings: Pick<WorkspaceSettings, 'businessHours'>): string {
  return settings.businessHours.windows[0]?.start ?? '09:00';
}

/** The instant a wall-clock time (HH:MM, 24:00 the day's end) of a date has in a time zone. */
function localInstant(date: string, hhmm: string, timeZone: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [h, min] = hhmm.split(':').map(Number) as [number, number];
  return new Date(new TZDate(y, m - 1, d, h, min, timeZone).getTime());
}

/**
 * When the workspace's quiet hours end, if `now` is inside them; undefined outside them or when
 * they are off. The window is daily in the workspace's zone and may span midnight (22:00-08:00).
 */
export function quietUntil(
  settings: Pick<WorkspaceSettings, 'timeZone' | 'quietHours'>,
  now: Date,
): Date | undefined {
  const { enabled, start, end } = settings.quietHours;
  if (!enabled || start === end) return undefined;
  const today = localDate(now, settings.timeZone);
  const time = localTime(now, settings.timeZone);
  if (start < end) {
    return time >= start && time < end ? localInstant(today, end, settings.timeZone) : undefined;
  }
  // Spans midnight: the evening part ends tomorrow, the morning part today.
  if (time >= start) return localInstant(addDaysToDate(today, 1), end, settings.timeZone);
  if (time < end) return localInstant(today, end, settings.timeZone);
  return undefined;
}

type WorkingDays = Pick<WorkspaceSettings, 'businessHours'>;

/**
 * Whether a date (`YYYY-MM-DD`) is a working day of the workspace's calendar: a working weekday
 * that is not a holiday, or an adjusted working day (调休) whatever its weekday.
 */
export function isWorkingDay(settings: WorkingDays, date: string): boolean {
  const hours = settings.businessHours;
  if (hours.extraWorkdays.includes(date)) return true;
  if (hours.holidays.includes(date)) return false;
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay() || 7;
  return hours.workingDays.includes(weekday);
}

/**
 * The date itself when it is a working day, else the working day before it (a reminder or a
 * care contact due on a holiday or a weekend lands on the last working day ahead of it). A
 * calendar without any working day in the 60 days before keeps the date.
 */
export function workingDayOnOrBefore(settings: WorkingDays, date: string): string {
  return nearestWorkingDay(settings, date, -1);
}

/**
 * The date itself when it is a working day, else the next one (a new date proposed to a
 * customer). A calendar without any working day in the 60 days after keeps the date.
 */
export function workingDayOnOrAfter(settings: WorkingDays, date: string): string {
  return nearestWorkingDay(settings, date, 1);
}

/**
 * The `count`th working day after `date` (each step the next day, or the working day after it):
 * a term counted in working days, so days off do not eat it.
 */
export function workingDaysAfter(settings: WorkingDays, date: string, count: number): string {
  let day = date;
  for (let i = 0; i < count; i++) day = workingDayOnOrAfter(settings, addDaysToDate(day, 1));
  return day;
}

function nearestWorkingDay(settings: WorkingDays, date: string, step: 1 | -1): string {
  for (let day = date, i = 0; i <= 60; i++, day = addDaysToDate(day, step)) {
    if (isWorkingDay(settings, day)) return day;
  }
  return date;
}
