/**
 * Report periods: an ISO week (`2026-W44`), a calendar month (`2026-10`) or a quarter
 * (`2026-Q3`), in the workspace's time zone. Pure; no clock.
 */
import { TZDate } from '@date-fns/tz';
import { addDays, format, getISOWeek, getISOWeekYear, parseISO, startOfISOWeek } from 'date-fns';
import { startOfLocalDay } from '../time.js';
import type { PeriodWindow, ReportKind, WeekWindow } from './types.js';

export { REPORT_KINDS, type PeriodWindow, type ReportKind } from './types.js';

/** The key of a report, as stored and as the outbox's digest entries name it: `month:2026-10`. */
export const reportKey = (kind: ReportKind, period: string) => `${kind}:${period}`;

/** The ISO week (Monday to Monday, in the zone) that contains a local date. */
export function weekContaining(date: string, timeZone: string): WeekWindow {
  const monday = startOfISOWeek(parseISO(date));
  const fromDate = format(monday, 'yyyy-MM-dd');
  const toDate = format(addDays(monday, 7), 'yyyy-MM-dd');
  return {
    week: `${getISOWeekYear(monday)}-W${String(getISOWeek(monday)).padStart(2, '0')}`,
    from: startOfLocalDay(fromDate, timeZone),
    to: startOfLocalDay(toDate, timeZone),
    fromDate,
    toDate,
  };
}

const WEEK = /^(\d{4})-W(\d{2})$/;
const MONTH = /^(\d{4})-(\d{2})$/;
const QUARTER = /^(\d{4})-Q([1-4])$/;

/** The kind a period name is of, or undefined when it is none. */
export function kindOf(period: string): ReportKind | undefined {
  if (WEEK.test(period)) return 'week';
  if (MONTH.test(period)) return 'month';
  if (QUARTER.test(period)) return 'quarter';
  return undefined;
}

const pad = (n: number) => String(n).padStart(2, '0');

function monthsWindow(
  kind: 'month' | 'quarter',
  period: string,
  year: number,
  month0: number,
  months: number,
  timeZone: string,
): PeriodWindow {
  const start = new Date(Date.UTC(year, month0, 1));
  const end = new Date(Date.UTC(year, month0 + months, 1));
  const fromDate = start.toISOString().slice(0, 10);
  const toDate = end.toISOString().slice(0, 10);
  return {
    kind,
    period,
    from: startOfLocalDay(fromDate, timeZone),
    to: startOfLocalDay(toDate, timeZone),
    fromDate,
    toDate,
  };
}

/** An ISO week's window as a report period's (kind `week`, named by the week). */
export const weekPeriod = (w: WeekWindow): PeriodWindow => ({
  kind: 'week',
  period: w.week,
  from: w.from,
  to: w.to,
  fromDate: w.fromDate,
  toDate: w.toDate,
});

/**
 * The window of a period name; undefined when the name is not a valid period (month 13,
 * week 54, a week 53 the year does not have).
 */
export function periodWindow(period: string, timeZone: string): PeriodWindow | undefined {
  const week = WEEK.exec(period);
  if (week) {
    const [year, n] = [Number(week[1]), Number(week[2])];
    if (n < 1 || n > 53) return undefined;
    // 4 January is always in week 1.
    const jan4 = parseISO(`${year}-01-04`);
    const w = weekContaining(format(addDays(jan4, 7 * (n - 1)), 'yyyy-MM-dd'), timeZone);
    return w.week === period ? weekPeriod(w) : undefined;
  }
  const month = MONTH.exec(period);
  if (month) {
    const m = Number(month[2]);
    if (m < 1 || m > 12) return undefined;
    return monthsWindow('month', period, Number(month[1]), m - 1, 1, timeZone);
  }
  const quarter = QUARTER.exec(period);
  if (quarter) {
    const q = Number(quarter[2]);
    return monthsWindow('quarter', period, Number(quarter[1]), (q - 1) * 3, 3, timeZone);
  }
  return undefined;
}

/** The period of a kind that contains a local date. */
export function periodContaining(kind: ReportKind, date: string, timeZone: string): PeriodWindow {
  const [y, m] = date.split('-').map(Number) as [number, number];
  const name =
    kind === 'week'
      ? weekContaining(date, timeZone).week
      : kind === 'month'
        ? `${y}-${pad(m)}`
        : `${y}-Q${Math.floor((m - 1) / 3) + 1}`;
  return periodWindow(name, timeZone)!;
}

/**
 * The first period of a kind the desk can report on: the one holding its first local day (`since`,
 * its install or first request). A period that ended before then (`window.to <= since`) has no
 * report: every ticket figure of it would read as a measured zero (`/desk report`, the CLI).
 */
export function firstReportable(kind: ReportKind, since: Date, timeZone: string): PeriodWindow {
  return periodContaining(
    kind,
    format(new TZDate(since.getTime(), timeZone), 'yyyy-MM-dd'),
    timeZone,
  );
}

/** The period before. */
export function previousPeriod(window: PeriodWindow, timeZone: string): PeriodWindow {
  return periodContaining(window.kind, addDaysTo(window.fromDate, -1), timeZone);
}

/** The `count` periods ending with `last`, oldest first. */
export function periodsEnding(last: PeriodWindow, count: number, timeZone: string): PeriodWindow[] {
  const out = [last];
  while (out.length < count) out.unshift(previousPeriod(out[0]!, timeZone));
  return out;
}

/** The last full period of a kind before the instant (the one a report at `at` is about). */
export function lastFullPeriod(kind: ReportKind, at: Date, timeZone: string): PeriodWindow {
  const today = format(new TZDate(at.getTime(), timeZone), 'yyyy-MM-dd');
  return previousPeriod(periodContaining(kind, today, timeZone), timeZone);
}

function addDaysTo(date: string, days: number): string {
  return format(addDays(parseISO(date), days), 'yyyy-MM-dd');
}

/**
 * The figures of several windows (a digest's weeks, a report's periods) by their `key` (`week`,
 * `period`), which their stored records (`stored`) have too: one stored after its window ended,
 * in the workspace's time zone (`timeZone`) and not named in `rebuild` is read back, any other
 * built by `build` (which stores it), one at a time in order. A record built in another zone
 * (before `/desk settings` changed it) counted other days' tickets, so it is built again; one
 * stored before records named their zone is read back when its bounds are the window's.
 */
/** What a stored week or period says of how it was built. */
interface StoredBounds {
  from: Date;
  to: Date;
  builtAt: Date;
  /** the zone it was built in; absent on records stored before it was kept */
  timeZone?: string;
}

export async function storedOrBuilt<
  K extends 'week' | 'period',
  W extends Record<K, string> & { from: Date; to: Date },
  F,
>(
  key: K,
  windows: W[],
  stored: (Record<K, string> & StoredBounds & { figures: F })[],
  timeZone: string,
  rebuild: string[],
  build: (window: W) => Promise<F>,
): Promise<Map<string, F>> {
  const byKey = new Map<string, StoredBounds & { figures: F }>(
    stored.map((record) => [record[key], record]),
  );
  const sameZone = (record: StoredBounds, window: W) =>
    !record.timeZone
      ? record.from.getTime() === window.from.getTime() &&
        record.to.getTime() === window.to.getTime()
      : record.timeZone === timeZone;
  const result = new Map<string, F>();
  for (const window of windows) {
    const at: string = window[key];
    const record = byKey.get(at);
    const fresh =
      record && record.builtAt >= window.to && sameZone(record, window) && !rebuild.includes(at);
    result.set(at, fresh ? record.figures : await build(window));
  }
  return result;
}
