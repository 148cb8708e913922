/** Pure rules of the daily customer signals: dates in, decisions out. No I/O. */
import { addDays, differenceInCalendarDays, format, parseISO, subMonths } from 'date-fns';

function days(from: string, to: string): number {
  return differenceInCalendarDays(parseISO(to), parseISO(from));
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
  const last = [input.lastInteractionDate, input.lastOrderDate, input.createdDate]
    .filter((d): d is string => !!d)
    .sort()
    .at(-1)!;
  const idleDays = days(last, today);
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
 * above the three months before, with at least `minOrders` recent orders.
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
  return recent >= previous * (1 + growth) ? { recent, previous } : null;
}
