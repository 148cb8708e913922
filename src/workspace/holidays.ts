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

const { getDayDetail, getHolidaysInRange } = chineseDays;

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
