/**
 * The SLA clock: business time in a workspace's calendar. Pure functions, no I/O, never reads
 * the wall clock (`now` is always a parameter).
 *
 * Business time is the union of the calendar's windows on its working days, as local wall-clock
 * times in its time zone. Every instant is a real instant (a `Date`), so across a DST change a
 * window lasts as long as the clocks say: 01:00-04:00 on the spring-forward day in New York is
 * two real hours, on the fall-back day four. A window bound whose reading never happens (a
 * spring-forward gap) is the moment the clocks jump; a reading that happens twice (a fall back)
 * counts from its first occurrence.
 *
 * Intervals are half-open: [from, to). Results are rounded to the millisecond.
 */
import { TZDate, tzOffset } from '@date-fns/tz';
import { dayKey, localDayOf, type LocalDay } from '../time.js';

export interface BusinessWindow {
  /** Local wall-clock time, `HH:MM`. */
  start: string;
  /** Local wall-clock time, `HH:MM`, after `start`; `24:00` is the end of the day. */
  end: string;
}

export interface BusinessCalendar {
  /** IANA time zone; dates and windows are local to it. */
  timeZone: string;
  /** ISO weekdays, 1 = Monday ... 7 = Sunday. */
  workingDays: number[];
  /** Several windows a day make split shifts. */
  windows: BusinessWindow[];
  /** `YYYY-MM-DD` local dates off work, even on a working weekday. */
  holidays: string[];
  /** `YYYY-MM-DD` local dates worked whatever their weekday (and even if listed as holidays). */
  extraWorkdays: string[];
  /** 24x7: every minute counts and the rest of the calendar is ignored. */
  aroundTheClock?: boolean;
}

/** A span during which the ticket's clock is stopped (waiting on the customer). */
export interface Pause {
  from: Date;
  /** Undefined while the pause is still running. */
  to?: Date;
}

export interface SlaClockInput {
  receivedAt: Date;
  targetMinutes: number;
  pauses?: Pause[];
  now: Date;
}

export interface SlaStatus {
  dueAt: Date;
  /** Business minutes the clock has run: receivedAt to now, minus the paused business time. */
  elapsedMinutes: number;
  /** target - elapsed; negative once the clock has run past the target. */
  remainingMinutes: number;
  /** elapsed / target (1 for a target of 0). */
  elapsedFraction: number;
  /** True once `now` is strictly after `dueAt`. */
  breached: boolean;
  /** True while a pause covers `now`. */
  paused: boolean;
  /**
   * Counted on a 24x7 calendar (every minute, not business time): how its time left or over is
   * put in words. Unset on business time.
   */
  aroundTheClock?: true;
}

const MS_PER_MINUTE = 60_000;
const MS_PER_DAY = 86_400_000;
/**
 * The longest span business time is counted over, day by day: of a longer one, only its last
 * this many days count (any SLA target is long used up by then). A stored date however old (a
 * mistyped year) costs at most this walk, not one of decades on every card and sweep.
 */
export const MAX_WALK_DAYS = 3 * 366;
/** addBusinessMinutes gives up after this many consecutive days without any business time. */
const MAX_IDLE_DAYS = 3 * 366;

/**
 * Memo of wall-clock readings to instants. Zone rules are fixed while the process runs, so this
 * is invisible to callers; it spares the Intl look-ups that dominate the cost of a day. Cleared
 * when full rather than evicted one by one: simple, and the hot days are refilled at once.
 */
const instantMemo = new Map<string, number>();
const INSTANT_MEMO_LIMIT = 50_000;
/** Time zones already checked to exist. */
const knownZones = new Set<string>();

/** Business minutes in [from, to); 0 when `to` is not after `from`. */
export function businessMinutesBetween(cal: BusinessCalendar, from: Date, to: Date): number {
  return businessMs(compile(cal), instant(from, 'from'), instant(to, 'to')) / MS_PER_MINUTE;
}

/**
 * The instant at which `minutes` business minutes have elapsed after `start`. Outside business
 * time the count starts at the next window opening, so 0 minutes gives the next business instant
 * (`start` itself inside a window). Throws when the calendar has no business time for 3 years.
 */
export function addBusinessMinutes(cal: BusinessCalendar, start: Date, minutes: number): Date {
  return new Date(addBusinessMs(compile(cal), instant(start, 'start'), toMs(minutes, 'minutes')));
}

/**
 * When `targetMinutes` of business time after `receivedAt` will have run, not counting paused
 * business time: a pause pushes the due time out by the business time it covers. An open pause
 * (no `to`) counts as ending at `now`, so the result is the due time if the clock restarted at
 * `now`; it keeps moving while the pause lasts, and `now` is required when a pause is open.
 * Pauses may overlap and come in any order; the parts before `receivedAt` are ignored.
 */
export function dueAt(
  cal: BusinessCalendar,
  receivedAt: Date,
  targetMinutes: number,
  pauses: Pause[] = [],
  now?: Date,
): Date {
  const c = compile(cal);
  const received = instant(receivedAt, 'receivedAt');
  const stops = pauseSpans(pauses, received, now === undefined ? undefined : instant(now, 'now'));
  return new Date(dueMs(c, received, toMs(targetMinutes, 'targetMinutes'), stops));
}

/**
 * The clock of one ticket at `now`. The due time is `dueAt` with the same pauses (an open one
 * ends at `now`); elapsed time only counts what has happened by `now`. Breach is strict: due at
 * 12:00 is on time at 12:00 and breached from 12:00:00.001. Once `now` is past `dueAt` the ticket
 * stays breached even when no business time has run since (due 18:00, at 20:00: breached, 0
 * minutes remaining), because the deadline itself has passed.
 */
export function slaStatus(cal: BusinessCalendar, input: SlaClockInput): SlaStatus {
  const c = compile(cal);
  const received = instant(input.receivedAt, 'receivedAt');
  const now = instant(input.now, 'now');
  const target = toMs(input.targetMinutes, 'targetMinutes');
  const pauses = input.pauses ?? [];
  const stops = pauseSpans(pauses, received, now);

  // Counted over the span businessMs walks at most (MAX_WALK_DAYS before now), pauses too.
  const walked = Math.max(received, now - MAX_WALK_DAYS * MS_PER_DAY);
  let elapsed = businessMs(c, walked, now);
  for (const [from, to] of stops)
    elapsed -= businessMs(c, Math.max(from, walked), Math.min(to, now));
  const due = dueMs(c, received, target, stops);
  return {
    dueAt: new Date(due),
    elapsedMinutes: elapsed / MS_PER_MINUTE,
    remainingMinutes: (target - elapsed) / MS_PER_MINUTE,
    elapsedFraction: target > 0 ? elapsed / target : 1,
    breached: now > due,
    paused: pauses.some(
      (p) => p.from.valueOf() <= now && (p.to === undefined || p.to.valueOf() > now),
    ),
    ...(c.aroundTheClock ? { aroundTheClock: true as const } : {}),
  };
}

/** The stricter (smaller) of the severity target and the customer tier's target, if any. */
export function effectiveTargetMinutes(
  severityMinutes: number,
  tierMinutes: number | undefined,
): number {
  return tierMinutes === undefined ? severityMinutes : Math.min(severityMinutes, tierMinutes);
}

/** [start, end) in epoch milliseconds. */
type Span = [number, number];

interface CompiledCalendar {
  timeZone: string;
  aroundTheClock: boolean;
  workingDays: Set<number>;
  holidays: Set<string>;
  extraWorkdays: Set<string>;
  /** Minutes of the day, sorted and merged. */
  windows: Span[];
  /** Business spans by local day, for the calendar object's life: callers walk the same days repeatedly. */
  spans: Map<number, Span[]>;
}

/**
 * Compiled calendars by the calendar object passed: a caller that passes the same one for many
 * tickets (the weekly digest's thousands of due times) compiles it once and reuses its days'
 * business spans. Calendars are not changed once built (settings make new ones).
 */
const compiledCalendars = new WeakMap<BusinessCalendar, CompiledCalendar>();

function compile(cal: BusinessCalendar): CompiledCalendar {
  let compiled = compiledCalendars.get(cal);
  if (!compiled) {
    compiled = compileAnew(cal);
    compiledCalendars.set(cal, compiled);
  }
  return compiled;
}

function compileAnew(cal: BusinessCalendar): CompiledCalendar {
  if (!knownZones.has(cal.timeZone)) {
    if (Number.isNaN(new TZDate(0, cal.timeZone).getTime())) {
      throw new Error(`Unknown time zone "${cal.timeZone}"`);
    }
    knownZones.add(cal.timeZone);
  }
  const windows = cal.windows
    .map((w): Span => {
      const start = parseTime(w.start);
      const end = parseTime(w.end);
      if (end <= start) {
        // Overnight shifts must be split at midnight: 22:00-24:00 and 00:00-06:00.
        throw new Error(`Business window ${w.start}-${w.end} must end after it starts`);
      }
      return [start, end];
    })
    .sort((a, b) => a[0] - b[0]);
  const merged: Span[] = [];
  for (const w of windows) {
    const last = merged[merged.length - 1];
    if (last && w[0] <= last[1]) last[1] = Math.max(last[1], w[1]);
    else merged.push([w[0], w[1]]);
  }
  return {
    timeZone: cal.timeZone,
    aroundTheClock: cal.aroundTheClock ?? false,
    workingDays: new Set(cal.workingDays),
    holidays: new Set(cal.holidays),
    extraWorkdays: new Set(cal.extraWorkdays),
    windows: merged,
    spans: new Map(),
  };
}

function parseTime(hhmm: string): number {
  const match = /^(\d{2}):(\d{2})$/.exec(hhmm);
  const hours = Number(match?.[1]);
  const minutes = Number(match?.[2]);
  if (!match || minutes > 59 || hours * 60 + minutes > 24 * 60) {
    throw new Error(`Business window time "${hhmm}" is not HH:MM (00:00-24:00)`);
  }
  return hours * 60 + minutes;
}

function instant(date: Date, name: string): number {
  const ms = date.valueOf();
  if (Number.isNaN(ms)) throw new RangeError(`${name} is an invalid date`);
  return ms;
}

function toMs(minutes: number, name: string): number {
  if (!Number.isFinite(minutes) || minutes < 0) {
    throw new RangeError(`${name} must be a finite number >= 0, got ${minutes}`);
  }
  return Math.round(minutes * MS_PER_MINUTE);
}

function businessMs(c: CompiledCalendar, start: number, to: number): number {
  if (to <= start) return 0;
  if (c.aroundTheClock) return to - start;
  const from = Math.max(start, to - MAX_WALK_DAYS * MS_PER_DAY);
  // One day past the local date of `to`: after a fall back across midnight, the next day's first
  // window can open before `to`.
  const last = dayNumber(nextDay(localDayOf(c.timeZone, to)));
  let total = 0;
  for (let day = localDayOf(c.timeZone, from); dayNumber(day) <= last; day = nextDay(day)) {
    for (const [start, end] of workingSpans(c, day)) {
      if (start >= to) return total;
      total += Math.max(0, Math.min(end, to) - Math.max(start, from));
    }
  }
  return total;
}

function addBusinessMs(c: CompiledCalendar, start: number, amount: number): number {
  if (c.aroundTheClock) return start + amount;
  let remaining = amount;
  let idleDays = 0;
  for (let day = localDayOf(c.timeZone, start); ; day = nextDay(day)) {
    let worked = false;
    for (const [open, close] of workingSpans(c, day)) {
      const from = Math.max(open, start);
      if (close <= from) continue;
      worked = true;
      // `<=`: a count that ends exactly at closing time is due at closing, not at next opening.
      if (remaining <= close - from) return from + remaining;
      remaining -= close - from;
    }
    idleDays = worked ? 0 : idleDays + 1;
    if (idleDays > MAX_IDLE_DAYS) {
      throw new Error(
        `No business time in ${MAX_IDLE_DAYS} consecutive days up to ${dayKey(day)} ` +
          `(${c.timeZone}): the calendar needs working days and windows`,
      );
    }
  }
}

/** Walks the business time between pauses until the target is used up. */
function dueMs(c: CompiledCalendar, received: number, target: number, stops: Span[]): number {
  let cursor = received;
  let remaining = target;
  for (const [from, to] of stops) {
    const available = businessMs(c, cursor, from);
    // With nothing left and no business time before the pause, the due time is the first business
    // instant after it, never one inside it.
    if (available > 0 && remaining <= available) return addBusinessMs(c, cursor, remaining);
    remaining -= available;
    cursor = to;
  }
  return addBusinessMs(c, cursor, remaining);
}

/** Pauses as sorted, disjoint spans from `received` on; an open pause ends at `now`. */
function pauseSpans(pauses: Pause[], received: number, now: number | undefined): Span[] {
  const spans = pauses
    .map((p): Span => {
      const from = Math.max(instant(p.from, 'pause.from'), received);
      if (p.to !== undefined) return [from, instant(p.to, 'pause.to')];
      if (now === undefined) throw new Error('An open pause (no `to`) needs `now`');
      return [from, now];
    })
    .filter(([from, to]) => to > from)
    .sort((a, b) => a[0] - b[0]);
  const merged: Span[] = [];
  for (const s of spans) {
    const last = merged[merged.length - 1];
    if (last && s[0] <= last[1]) last[1] = Math.max(last[1], s[1]);
    else merged.push(s);
  }
  return merged;
}

/** The day's business time as real instants; empty on a day off. */
function workingSpans(c: CompiledCalendar, day: LocalDay): Span[] {
  const cached = c.spans.get(dayNumber(day));
  if (cached) return cached;
  const key = dayKey(day);
  const working =
    c.extraWorkdays.has(key) || (c.workingDays.has(isoWeekday(day)) && !c.holidays.has(key));
  const spans: Span[] = [];
  for (const [start, end] of working ? c.windows : []) {
    const span: Span = [
      wallClockToInstant(c.timeZone, day, start),
      wallClockToInstant(c.timeZone, day, end),
    ];
    // A window entirely inside a spring-forward gap is empty that day.
    if (span[1] > span[0]) spans.push(span);
  }
  c.spans.set(dayNumber(day), spans);
  return spans;
}

/**
 * The first instant at which the local clock reads `minuteOfDay` on `day`, or later. TZDate
 * resolves most readings; the two DST cases are settled here because it moves a reading inside a
 * spring-forward gap past the gap (02:30 becomes 03:30, which would make a 02:30-03:15 window
 * end before it starts) and does not always pick the first of two fall-back readings.
 */
function wallClockToInstant(timeZone: string, day: LocalDay, minuteOfDay: number): number {
  const key = `${timeZone} ${dayNumber(day)} ${minuteOfDay}`;
  const known = instantMemo.get(key);
  if (known !== undefined) return known;
  const resolved = resolveWallClock(timeZone, day, minuteOfDay);
  if (instantMemo.size >= INSTANT_MEMO_LIMIT) instantMemo.clear();
  instantMemo.set(key, resolved);
  return resolved;
}

function resolveWallClock(timeZone: string, day: LocalDay, minuteOfDay: number): number {
  const hours = Math.floor(minuteOfDay / 60);
  const minutes = minuteOfDay % 60;
  const wanted = Date.UTC(day.y, day.m - 1, day.d, hours, minutes);
  // TZDate rolls 24:00 over to the next day's 00:00.
  const guess = new TZDate(day.y, day.m - 1, day.d, hours, minutes, timeZone).getTime();

  // No offset change in the day before: TZDate's answer is the only one (the usual case).
  const drop =
    tzOffset(timeZone, new Date(guess - MS_PER_DAY)) - tzOffset(timeZone, new Date(guess));
  if (drop === 0) return guess;
  // Clocks went back within the past day: the same reading may have shown before the change.
  if (drop > 0 && readingAt(timeZone, guess - drop * MS_PER_MINUTE) === wanted) {
    return guess - drop * MS_PER_MINUTE;
  }
  if (readingAt(timeZone, guess) === wanted) return guess;

  // In a gap: find the jump, the first instant whose reading is at least the wanted one. The
  // reading rises steadily over the day before `guess`, so a binary search is exact.
  let lo = guess - MS_PER_DAY;
  let hi = guess;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (readingAt(timeZone, mid) >= wanted) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** The local clock reading at an instant, encoded as a UTC timestamp so readings compare. */
function readingAt(timeZone: string, ms: number): number {
  const t = new TZDate(ms, timeZone);
  return Date.UTC(
    t.getFullYear(),
    t.getMonth(),
    t.getDate(),
    t.getHours(),
    t.getMinutes(),
    t.getSeconds(),
    t.getMilliseconds(),
  );
}

// Calendar-date arithmetic only (no time of day), so UTC is exact here.
function nextDay(day: LocalDay): LocalDay {
  const next = new Date(Date.UTC(day.y, day.m - 1, day.d + 1));
  return { y: next.getUTCFullYear(), m: next.getUTCMonth() + 1, d: next.getUTCDate() };
}

function isoWeekday(day: LocalDay): number {
  return new Date(Date.UTC(day.y, day.m - 1, day.d)).getUTCDay() || 7;
}

function dayNumber(day: LocalDay): number {
  return day.y * 10_000 + day.m * 100 + day.d;
}
