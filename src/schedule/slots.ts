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

/** The latest first day of a quarter (1 Jan, Apr, Jul, Oct) at `HH:MM` in the zone. */
export function quarterlySlot(now: Date, timeZone: string, hhmm: string): Date {
  const local = new TZDate(now.getTime(), timeZone);
  const quarterMonth = local.getMonth() - (local.getMonth() % 3);
  const candidate = atTime(local.getFullYear(), quarterMonth, 1, hhmm, timeZone);
  if (candidate.getTime() <= now.getTime()) return candidate;
  return atTime(local.getFullYear(), quarterMonth - 3, 1, hhmm, timeZone);
}
