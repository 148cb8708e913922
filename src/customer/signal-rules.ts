/** Pure rules of the daily customer signals: dates in, decisions out. No I/O. */
import { addDays, differenceInCalendarDays, format, parseISO, subMonths } from 'date-fns';
import { addDaysToDate } from '../time.js';
import { erased } from './rules.js';
import type { Declaring, LowRiskState, SignalKind } from './types.js';

function days(from: string, to: string): number {
  return differenceInCalendarDays(parseISO(to), parseISO(from));
}

/**
 * Whether a customer signal of `kind` is told to the owner's managers too, each a copy naming the
 * owner: a tier move (the quarterly review) and an upsell (manual B: a customer buying 30 % more
 * over 3 months is met with the sales director; the manual names no tier), of any customer; and a
 * key customer's contract end or churn risk (`key`: isKeyCustomer). A held one passed on to a new
 * owner reaches the new owner's managers by the same rule, as the customer stands then.
 */
export function toOwnersManagers(kind: SignalKind, key: boolean): boolean {
  return kindsToOwnersManagers(key).includes(kind);
}

/** The kinds of signal told to the owner's managers too (`toOwnersManagers`), for a customer. */
export function kindsToOwnersManagers(key: boolean): SignalKind[] {
  return key ? ['tier', 'upsell', 'contract', 'churn'] : ['tier', 'upsell'];
}

/** Days until the contract ends, when it ends within `noticeDays` (0 = today); else null. */
export function contractEndsIn(
  contractEndDate: string | undefined,
  today: string,
  noticeDays: number,
): number | null {
  if (!contractEndDate) return null;
  const left = days(today, contractEndDate);
  return left >= 0 && left <= noticeDays ? left : null;
}

/**
 * Days until a customer's contract ends, when its end is a signal (the daily DM, App Home's
 * list): within `noticeDays` (`contractEndsIn`), and not for a churned customer (the team wrote
 * it off: no renewal to prepare) nor an erased one; else null.
 */
export function contractSignal<C>(
  customer: Declaring<
    C,
    { lifecycle: string; contractEndDate?: string | undefined; erasedAt?: Date | undefined }
  >,
  today: string,
  noticeDays: number,
): number | null {
  if (customer.lifecycle === 'churned' || erased(customer)) return null;
  return contractEndsIn(customer.contractEndDate, today, noticeDays);
}

/**
 * A contact's birthday in `year` (`MM-DD` or `YYYY-MM-DD` as stored; 29 February on the 28th in
 * other years), or undefined without one.
 */
export function birthdayIn(birthday: string | undefined, year: number): string | undefined {
  if (!birthday) return undefined;
  const monthDay = birthday.slice(-5);
  if (monthDay !== '02-29') return `${year}-${monthDay}`;
  const leap = format(addDays(parseISO(`${year}-02-28`), 1), 'MM-dd') === '02-29';
  return `${year}-${leap ? '02-29' : '02-28'}`;
}

export type ChurnReason = 'competitor' | 'inactive';

/**
 * The day a customer's idleness counts from: the latest of its last interaction, its last order
 * and the day its record was created (a file just imported is not inactive).
 */
export function lastActivity(input: {
  lastInteractionDate?: string | undefined;
  lastOrderDate?: string | undefined;
  createdDate: string;
}): string {
  return [input.lastInteractionDate, input.lastOrderDate, input.createdDate]
    .filter((d): d is string => !!d)
    .sort()
    .at(-1)!;
}

/** The stages a churn risk is looked for in: buying customers, and those already warned. */
const AT_RISK_STAGES = new Set(['new', 'growing', 'stable', 'active', 'churn_warning']);

/**
 * Why a buying customer (or one already warned: the risk stands while this says so) is at risk
 * of churning (domain 2): a competitor contact on record, or no interaction and no order for
 * `inactivityDays`, counted from the latest of last interaction, last order and the day the
 * record was created (a file just imported is not inactive).
 */
export function churnRisk(
  input: {
    lifecycle: string;
    competitorContact?: boolean;
    lastInteractionDate?: string;
    lastOrderDate?: string;
    createdDate: string;
  },
  today: string,
  inactivityDays: number,
): { reason: ChurnReason; idleDays: number } | null {
  if (!AT_RISK_STAGES.has(input.lifecycle)) return null;
  const idleDays = days(lastActivity(input), today);
  if (input.competitorContact) return { reason: 'competitor', idleDays };
  return idleDays >= inactivityDays ? { reason: 'inactive', idleDays } : null;
}

/** `YYYY-MM` of the month `back` months before the month of `today`. */
function monthBefore(today: string, back: number): string {
  return format(subMonths(parseISO(`${today.slice(0, 7)}-01`), back), 'yyyy-MM');
}

/**
 * Whether upsell is looked for at this lifecycle stage: for customers who buy, not a prospect
 * (no customer yet: domain 2, intent confirmed), nor one in churn warning (at risk: the win-back
 * call handles it, not a sales push), nor a churned one (the team wrote it off).
 */
export function mayUpsell(lifecycle: string): boolean {
  return lifecycle !== 'prospect' && lifecycle !== 'churn_warning' && lifecycle !== 'churned';
}

/**
 * The upsell signal (domain 2): orders in the last three full months at least `growth` (30 %)
 * above the three months before, with at least `minOrders` recent orders. Exactly that share
 * above counts.
 */
export function upsellSignal(
  ordersByMonth: Record<string, number>,
  today: string,
  growth: number,
  minOrders: number,
): { recent: number; previous: number } | null {
  const count = (from: number) =>
    [0, 1, 2].reduce((sum, i) => sum + (ordersByMonth[monthBefore(today, from + i)] ?? 0), 0);
  const recent = count(1);
  const previous = count(4);
  if (recent < minOrders || recent <= previous) return null;
  // In whole numbers, the share in hundredths of a percent (as Settings holds it): 50 * (1 + 0.1)
  // is 55.00000000000001 in floating point, and 55 orders would not be 10 % up.
  const bp = Math.round(growth * 10_000);
  return recent * 10_000 >= previous * (10_000 + bp) ? { recent, previous } : null;
}

/** The satisfaction, out of 100, at or above which a customer may be low risk (domain 2). */
export const LOW_RISK_SATISFACTION = 90;

/** How far back the satisfaction answers a low risk reads go: the last 90 days. */
export const LOW_RISK_SATISFACTION_DAYS = 90;

/** The stages a customer may be low risk in: buying, and not warned (nor lead, nor churned). */
const LOW_RISK_STAGES = new Set(['new', 'growing', 'stable', 'active']);

/**
 * A satisfaction out of 100 from answers on the 1-5 scale: their average × 20, as the digest
 * scores satisfaction; undefined without answers (no satisfaction is not a high one).
 */
export function satisfactionOutOf100(answers: readonly number[]): number | undefined {
  const valid = answers.filter((a) => Number.isFinite(a) && a >= 1 && a <= 5);
  if (!valid.length) return undefined;
  return (valid.reduce((sum, a) => sum + a, 0) / valid.length) * 20;
}

/**
 * The low churn risk class (domain 2, "stable monthly orders and satisfaction >= 90"): a buying
 * customer (new, growing, stable; not a lead, not in churn warning, not churned) on which no
 * churn risk stands today (`atRisk`: silence, a competitor contact or falling orders), that
 * ordered in each of the last three full calendar months (`ordersByMonth`, by the order's date:
 * on 2026-12-03, September, October and November), and whose satisfaction is at least 90 out of
 * 100.
 *
 * The satisfaction is the customer's own answers of the last 90 days on the 1-5 scale, averaged
 * and × 20 (`satisfactionOutOf100`): the requesters' survey answers on its tickets (answered in
 * those days) and the quarterly satisfaction survey of a key or strategic customer (done in
 * them). Both are what the customer said when asked how satisfied they are, in the same words;
 * the scores an agent types after a 3-7-30 call rate one resolution, not the relationship, and
 * stay out. Every answer counts the same, so one dissatisfied requester keeps a customer whose
 * quarterly survey was glowing out of the class: calling a customer low risk is what must not be
 * wrong. No answer in the 90 days: not low risk (nothing says they are satisfied). Nor is a
 * customer with a complaint still open, or a critical complaint received in the last 30 days
 * (LOW_RISK_COMPLAINT_DAYS): "we consider other suppliers" is no low risk (revcomplaint F4).
 */
export function lowRisk(
  input: {
    lifecycle: string;
    ordersByMonth: Record<string, number>;
    /** out of 100; undefined without answers */
    satisfaction?: number | undefined;
    atRisk: boolean;
    /** A complaint of the customer still open, or a critical one received in the last 30 days. */
    complaint?: boolean;
  },
  today: string,
): boolean {
  if (input.atRisk || input.complaint || !LOW_RISK_STAGES.has(input.lifecycle)) return false;
  if (input.satisfaction === undefined || input.satisfaction < LOW_RISK_SATISFACTION) return false;
  return [1, 2, 3].every((back) => (input.ordersByMonth[monthBefore(today, back)] ?? 0) > 0);
}

/** How far back a critical complaint keeps a customer out of the low churn risk class. */
export const LOW_RISK_COMPLAINT_DAYS = 30;

/** How many days of ended low-risk stretches a customer keeps (a report re-run for last year's month). */
export const LOW_RISK_HISTORY_DAYS = 400;

/**
 * The first day the stored low risk tells of: the first day the signals run computed it (`from`),
 * or for a document stored before the history was kept, its stretch's start, else the day
 * computed. Undefined without any computation.
 */
export function lowRiskKnownFrom(state: LowRiskState | undefined): string | undefined {
  if (!state) return undefined;
  if (state.from) return state.from;
  return state.since && state.since < state.on ? state.since : state.on;
}

/** Whether the stored low risk stood on `day` (the end of a digest's week, say). */
export function lowRiskOn(state: LowRiskState | undefined, day: string): boolean {
  if (!state) return false;
  if (state.since && state.since <= day && (!state.until || state.until > day)) return true;
  return (state.past ?? []).some((s) => s.since <= day && s.until > day);
}

/**
 * What today's computation stores: a stretch that stands keeps its start; one that begins starts
 * today (the ended one before it goes to `past`); one that ends is closed today. Ended stretches
 * older than LOW_RISK_HISTORY_DAYS are dropped (`cut` says from when the history tells again).
 * The same result twice in a day stores the same value; a run for a day before the one stored
 * (a late slot) changes nothing.
 */
export function nextLowRisk(
  previous: LowRiskState | undefined,
  low: boolean,
  today: string,
): LowRiskState {
  if (previous && previous.on > today) return previous;
  const from = lowRiskKnownFrom(previous) ?? today;
  let past = [...(previous?.past ?? [])];
  let since = previous?.since;
  let until = previous?.until;
  const standing = !!since && !until;
  if (low) {
    if (!standing) {
      if (since && until) past.push({ since, until });
      since = today;
    }
    until = undefined;
  } else if (standing) {
    // Ended today; one begun today (and already over) never stood.
    if (since! < today) until = today;
    else since = undefined;
  }
  // Bounded: the ended stretches of the last LOW_RISK_HISTORY_DAYS.
  const oldest = addDaysToDate(today, -LOW_RISK_HISTORY_DAYS);
  let cut = previous?.cut;
  const dropped = past.filter((s) => s.until < oldest);
  if (dropped.length) {
    past = past.filter((s) => s.until >= oldest);
    const last = dropped
      .map((s) => s.until)
      .sort()
      .at(-1)!;
    if (!cut || cut < last) cut = last;
  }
  return {
    on: today,
    from,
    ...(since ? { since } : {}),
    ...(since && until ? { until } : {}),
    ...(past.length ? { past } : {}),
    ...(cut ? { cut } : {}),
  };
}

/** Whether two stored low risks say the same but for the day computed (no write needed). */
export function sameLowRisk(a: LowRiskState | undefined, b: LowRiskState): boolean {
  if (!a) return false;
  // The day and the instant computed are not a change (a held customer is rewritten daily).
  const { on: _a, heldAt: _ha, ...restA } = { ...a, from: lowRiskKnownFrom(a) };
  const { on: _b, heldAt: _hb, ...restB } = b;
  return JSON.stringify(sortKeys(restA)) === JSON.stringify(sortKeys(restB));
}

function sortKeys(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(o)
      .filter(([, v]) => v !== undefined)
      .sort(([x], [y]) => (x < y ? -1 : 1)),
  );
}
