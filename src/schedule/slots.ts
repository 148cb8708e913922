import { TZDate } from '@date-fns/tz';

/**
 * Slots: the scheduled instant a job run belongs to. A run is identified by (job, workspace,
 * slot), so every instance that wakes up for the same slot agrees on it, and a slot missed while
 * the app was down is still the latest slot when it starts again. Pure; `now` is passed in.
 */

/** The start of the current minute. */
export function minuteSlot(now: Date): Date {
  return new Date(Math.floor(now.getTime() / 60_000) * 60_000);
}

function atTime(y: number, m: number, d: number, hhmm: string, timeZone: string): Date {
  const [h, min] = hhmm.split(':').map(Number) as [number, number];
  return new Date(new TZDate(y, m, d, h, min, timeZone).getTime());
}

/** The latest `HH:MM` in the zone at or before now. */
export function dailySlot(now: Date, timeZone: string, hhmm: string): Date {
  const local = new TZDate(now.getTime(), timeZone);
  const today = atTime(local.getFullYear(), local.getMonth(), local.getDate(), hhmm, timeZone);
  if (today.getTime() <= now.getTime()) return today;
  return atTime(local.getFullYear(), local.getMonth(), local.getDate() - 1, hhmm, timeZone);
}

/** The latest ISO weekday (1 = Monday) at `HH:MM` in the zone at or before now. */
export function weeklySlot(now: Date, timeZone: string, isoWeekday: number, hhmm: string): Date {
  const local = new TZDate(now.getTime(), timeZone);
  const todayIso = ((local.getDay() + 6) % 7) + 1;
  const back = (todayIso - isoWeekday + 7) % 7;
  const candidate = atTime(
    local.getFullYear(),
    local.getMonth(),
    local.getDate() - back,
    hhmm,
    timeZone,
  );
  if (candidate.getTime() <= now.getTime()) return candidate;
  return atTime(local.getFullYear(), local.getMonth(), local.getDate() - back - 7, hhmm, timeZone);
}

/**
 * The latest weekly slot at or before now: the ISO weekday (1 = Monday) at `HH:MM` in the zone,
 * or, when that day is not a working day of the calendar (a public holiday), the first working
 * day after it in the same ISO week. A week with no working day left from that weekday keeps the
 * weekday itself. The slot stays in the weekday's ISO week, so the week before it (the one a
 * digest reports) is the same whichever day it lands on.
 */
export function firstWorkingWeekdaySlot(
  now: Date,
  timeZone: string,
  isoWeekday: number,
  hhmm: string,
  isWorkday: (date: string) => boolean,
): Date {
  const local = new TZDate(now.getTime(), timeZone);
  const todayIso = ((local.getDay() + 6) % 7) + 1;
  const [y, m0, d] = [local.getFullYear(), local.getMonth(), local.getDate()];
  const monday = d - (todayIso - 1);
  const slotOfWeek = (weeksBack: number) => {
    const first = monday - 7 * weeksBack + isoWeekday - 1;
    let day = first;
    for (let i = first; i < monday - 7 * weeksBack + 7; i++) {
      if (isWorkday(new Date(Date.UTC(y, m0, i)).toISOString().slice(0, 10))) {
        day = i;
        break;
      }
    }
    return atTime(y, m0, day, hhmm, timeZone);
  };
  const thisWeek = slotOfWeek(0);
  return thisWeek.getTime() <= now.getTime() ? thisWeek : slotOfWeek(1);
}

/** The latest first day of a quarter (1 Jan, Apr, Jul, Oct) at `HH:MM` in the zone. */
export function quarterlySlot(now: Date, timeZone: string, hhmm: string): Date {
  const local = new TZDate(now.getTime(), timeZone);
  const quarterMonth = local.getMonth() - (local.getMonth() % 3);
  const candidate = atTime(local.getFullYear(), quarterMonth, 1, hhmm, timeZone);
  if (candidate.getTime() <= now.getTime()) return candidate;
  return atTime(local.getFullYear(), quarterMonth - 3, 1, hhmm, timeZone);
}

/**
 * The first day of a quarter at `HH:MM` in the zone that comes next, strictly after now: the slot
 * after `quarterlySlot`'s (on a quarter's first day before `HH:MM`, today's).
 */
export function nextQuarterlySlot(now: Date, timeZone: string, hhmm: string): Date {
  const latest = new TZDate(quarterlySlot(now, timeZone, hhmm).getTime(), timeZone);
  return atTime(latest.getFullYear(), latest.getMonth() + 3, 1, hhmm, timeZone);
}

/** Whether a local date ('YYYY-MM-DD') is a working day of the calendar (holidays, extra workdays). */
export function isWorkingDate(
  date: string,
  hours: { workingDays: number[]; holidays: string[]; extraWorkdays: string[] },
): boolean {
  if (hours.extraWorkdays.includes(date)) return true;
  if (hours.holidays.includes(date)) return false;
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const iso = ((new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7) + 1;
  return hours.workingDays.includes(iso);
}

/** The first working day of a month (month0 may be out of 0-11: it rolls the year). */
function firstWorkingDay(
  year: number,
  month0: number,
  isWorkday: (date: string) => boolean,
): { y: number; m: number; d: number } {
  const first = new Date(Date.UTC(year, month0, 1));
  for (let i = 0; i < 31; i++) {
    const day = new Date(first.getTime() + i * 86_400_000);
    if (day.getUTCMonth() !== first.getUTCMonth()) break;
    if (isWorkday(day.toISOString().slice(0, 10)))
      return { y: day.getUTCFullYear(), m: day.getUTCMonth(), d: day.getUTCDate() };
  }
  // A month without a working day (a misconfigured calendar): its first day.
  return { y: first.getUTCFullYear(), m: first.getUTCMonth(), d: 1 };
}

/**
 * The latest first working day of a month (`every` 1) or of a quarter (`every` 3: January,
 * April, July, October) at `HH:MM` in the zone, at or before now.
 */
export function firstWorkingDaySlot(
  now: Date,
  timeZone: string,
  hhmm: string,
  every: 1 | 3,
  isWorkday: (date: string) => boolean,
): Date {
  const local = new TZDate(now.getTime(), timeZone);
  const month0 = local.getMonth() - (local.getMonth() % every);
  const at = (m0: number) => {
    const day = firstWorkingDay(local.getFullYear(), m0, isWorkday);
    return atTime(day.y, day.m, day.d, hhmm, timeZone);
  };
  const candidate = at(month0);
  return candidate.getTime() <= now.getTime() ? candidate : at(month0 - every);
}
