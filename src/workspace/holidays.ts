/**
 * China's statutory holidays and make-up working days (调休) of a year, from the maintained
 * `chinese-days` package (the State Council's notice, published each year around November; a
 * year the installed version does not know yet comes back empty: update the package).
 */
// A CommonJS bundle whose named exports Node's ESM loader cannot see: read them off the default.
import chineseDays from 'chinese-days';
import { addDaysToDate } from '../time.js';

export interface PublicCalendar {
  /** Days off by law (weekend days inside a holiday included). */
  holidays: string[];
  /** Weekend days that are working days in exchange for a holiday. */
  extraWorkdays: string[];
}

const { getDayDetail, getHolidaysInRange, getSolarDateFromLunar } = chineseDays;

/** A greeting day: a solar `MM-DD`, or a lunar one (the Chinese calendar's month and day). */
export interface GreetingDay {
  id: string;
  calendar: 'solar' | 'lunar';
  date: string;
  /** A day an admin added has its own name; a default day's is in the catalogues. */
  name?: string | undefined;
}

/**
 * The dates (`YYYY-MM-DD`) greeting days fall on in a year: a lunar date through the
 * `chinese-days` package's lunar calendar (Spring Festival 2026 is 17 February, 2027 6 February),
 * sorted by date.
 */
export function greetingDates(
  days: GreetingDay[],
  year: number,
): { id: string; date: string; name?: string | undefined }[] {
  return days
    .map((day) => ({
      id: day.id,
      ...(day.name ? { name: day.name } : {}),
      date:
        day.calendar === 'solar'
          ? `${year}-${day.date}`
          : getSolarDateFromLunar(`${year}-${day.date}`).date,
    }))
    .sort((a, b) => a.date.localeCompare(b.date));
}

/** Whether the installed `chinese-days` knows the statutory holidays of a year (published yet). */
export function knowsPublicHolidays(year: number): boolean {
  return getHolidaysInRange(`${year}-01-01`, `${year}-12-31`, false).length > 0;
}

export function chinaPublicCalendar(year: number): PublicCalendar {
  const first = `${year}-01-01`;
  const last = `${year}-12-31`;
  // Without weekends, the range holds only the days the law names (its weekend days included).
  const holidays = getHolidaysInRange(first, last, false);
  const extraWorkdays: string[] = [];
  for (let day = first; day <= last; day = addDaysToDate(day, 1)) {
    const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
    if ((weekday === 0 || weekday === 6) && getDayDetail(day).work) extraWorkdays.push(day);
  }
  return { holidays: [...holidays].sort(), extraWorkdays };
}
