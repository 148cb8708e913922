/**
 * Pure rules of segments and stages (manuals A-C): the value class beside the tier, the
 * lifecycle stage from the order history, falling order frequency, and the tier a key potential
 * customer is served at. Dates in, decisions out. No I/O.
 */
import { format, parseISO, subMonths } from 'date-fns';
import { sumAmounts } from '../money.js';
import { addDaysToDate } from '../time.js';
import type { Declaring, Lifecycle, Potential, Tier, ValueClass } from './types.js';

export interface ValueClassThresholds {
  /** VIP: annual purchases at least this much (manual C: 1,000,000) ... */
  vipMin: number;
  /** ... and at least this many years of cooperation (manual C: 2). */
  vipYears: number;
  /** High-value: annual purchases at least this much (default the key tier's 500,000). */
  highValueMin: number;
}

/** Whole years of cooperation from `start` to `today` (both `YYYY-MM-DD`); 0 without a start. */
export function cooperationYears(start: string | undefined, today: string): number {
  if (!start || start > today) return 0;
  const years = Number(today.slice(0, 4)) - Number(start.slice(0, 4));
  return today.slice(5) >= start.slice(5) ? years : years - 1;
}

/**
 * The cooperation start with the customer's orders: the earliest order's date, however the
 * orders came (an import sorted newest first, an order back-dated later). A stored date that is
 * none of the orders' dates was typed by a person (Edit, or a CSV column) and stays; one that is
 * an order's date was set from the orders (the file keeps no mark of who set it, so a typed date
 * that happens to be an order's date follows the orders too). Without orders, the stored date.
 */
export function cooperationStartWith(
  stored: string | undefined,
  orderDates: string[],
): string | undefined {
  if (!orderDates.length) return stored;
  const earliest = orderDates.reduce((min, d) => (d < min ? d : min));
  return !stored || orderDates.includes(stored) ? earliest : stored;
}

/** What `valueClass` reads of a customer. */
type ValueClassInput = {
  annualRevenue?: number;
  cooperationStartDate?: string;
  potential: Potential;
  lifecycle: Lifecycle;
};

/**
 * Manual C's value class: VIP with annual purchases >= `vipMin` and >= `vipYears` years of
 * cooperation; high-value from `highValueMin`; potential for a customer with room to grow (no
 * order yet, a key potential, or a new or growing stage) below that; ordinary otherwise.
 */
export function valueClass<C>(
  input: Declaring<C, ValueClassInput>,
  today: string,
  thresholds: ValueClassThresholds,
): ValueClass {
  const revenue = input.annualRevenue ?? 0;
  const years = cooperationYears(input.cooperationStartDate, today);
  if (revenue >= thresholds.vipMin && years >= thresholds.vipYears) return 'vip';
  if (revenue >= thresholds.highValueMin) return 'high_value';
  if (input.potential === 'key' || ['prospect', 'new', 'growing'].includes(input.lifecycle))
    return 'potential';
  return 'ordinary';
}

export interface OrderFact {
  date: string;
  amount: number;
}

/** A customer's first order is "new" for this many days. */
export const NEW_CUSTOMER_DAYS = 90;

/** Orders dated in (`from`, `to`]. */
function within(orders: OrderFact[], from: string, to: string) {
  const picked = orders.filter((o) => o.date > from && o.date <= to);
  return { count: picked.length, value: sumAmounts(picked.map((o) => o.amount)) };
}

const monthsBack = (date: string, months: number) =>
  format(subMonths(parseISO(date), months), 'yyyy-MM-dd');

/** The rules read no order dated on or before this day (lifecycleStage: the last 6 months). */
export const stageLookbackStart = (today: string) => monthsBack(today, 6);

/**
 * A customer's orders as the daily stage recompute reads them for the whole workspace: the
 * earliest order's date and the orders dated after `stageLookbackStart` (latest first). Older
 * ones are left out: there are some exactly when the earliest is not the last recent one.
 */
export interface OrderSummary {
  earliest: string;
  recent: OrderFact[];
}

/**
 * The orders the stage rules decide by, from a summary: the recent ones, and the earliest as an
 * order of no amount when older (outside every window lifecycleStage sums).
 */
export function summaryFacts(summary: OrderSummary): OrderFact[] {
  return summary.recent.at(-1)?.date === summary.earliest
    ? [...summary.recent]
    : [...summary.recent, { date: summary.earliest, amount: 0 }];
}

/**
 * The lifecycle stage (manual C) from the order history on `today`:
 * - churned stays churned (a person decides it; recording an order dated from the day it was
 *   marked churned brings the customer back: `CustomerService.recordOrder`);
 * - churn warning while a churn risk stands (silence, competitor contact, falling frequency);
 * - prospect without any order (a file that was already a customer stays stable: its orders
 *   came before the desk);
 * - new while the first order is at most 90 days old;
 * - growing when the last three months' orders rise over the three before, in count or value;
 * - stable otherwise.
 */
export function lifecycleStage(
  input: { current: Lifecycle; orders: OrderFact[]; churnRisk: boolean },
  today: string,
): Lifecycle {
  const { current, orders, churnRisk } = input;
  if (current === 'churned') return 'churned';
  if (current === 'prospect' && !orders.length) return 'prospect';
  if (churnRisk) return 'churn_warning';
  if (!orders.length) return 'stable';
  const first = orders.reduce((min, o) => (o.date < min ? o.date : min), orders[0]!.date);
  if (first >= addDaysToDate(today, -NEW_CUSTOMER_DAYS)) return 'new';
  const recent = within(orders, monthsBack(today, 3), today);
  const previous = within(orders, monthsBack(today, 6), monthsBack(today, 3));
  if (recent.count > previous.count || recent.value > previous.value) return 'growing';
  return 'stable';
}

/** `YYYY-MM` of the month `back` months before the month of `today`. */
function monthBefore(today: string, back: number): string {
  return format(subMonths(parseISO(`${today.slice(0, 7)}-01`), back), 'yyyy-MM');
}

/**
 * Falling order frequency (domain 2, a churn signal): orders in the last three full months at
 * least `fall` (30 %) below the three months before, which had at least `minPrevious` orders.
 * Exactly that share below counts.
 */
export function orderFrequencyFall(
  ordersByMonth: Record<string, number>,
  today: string,
  fall: number,
  minPrevious = 2,
): { recent: number; previous: number } | null {
  const count = (from: number) =>
    [0, 1, 2].reduce((sum, i) => sum + (ordersByMonth[monthBefore(today, from + i)] ?? 0), 0);
  const recent = count(1);
  const previous = count(4);
  if (previous < minPrevious) return null;
  // In whole numbers, the share in hundredths of a percent (as Settings holds it): 90 * (1 - 0.3)
  // is 62.99999999999999 in floating point, and 63 orders would not be a 30 % fall.
  const bp = Math.round(fall * 10_000);
  return recent * 10_000 <= previous * (10_000 - bp) ? { recent, previous } : null;
}

const TIER_RANK: Record<Tier, number> = { normal: 0, key: 1, strategic: 2 };

/** What `serviceTier` reads of a customer. */
type ServiceTierInput = { tier: Tier; potential: Potential; lastOrderDate?: string };

/**
 * The tier a customer is cared for at (care cadence): a key potential customer (manual A:
 * industry leaders, strategic targets) gets at least the key tier's until it orders. Its
 * tickets' first-response target is `responseTier`'s.
 */
export function serviceTier<C>(customer: Declaring<C, ServiceTierInput>): Tier {
  if (customer.potential !== 'key' || customer.lastOrderDate) return customer.tier;
  return TIER_RANK[customer.tier] >= TIER_RANK.key ? customer.tier : 'key';
}

/**
 * The tier whose first-response target a customer's tickets get (the stricter of it and the
 * severity's): a key potential customer is on domain 3's "strategic / key-potential" row (<= 4 h)
 * for as long as its potential says key, orders or not (a product decision; the safe default);
 * any other customer, its tier in force.
 */
export function responseTier(customer: { tier: Tier; potential: Potential }): Tier {
  return customer.potential === 'key' ? 'strategic' : customer.tier;
}

/**
 * Whether a change of the customer (`before` to `after`) gives its tickets a stricter
 * first-response tier: its tier moving up, or its potential becoming key while its tier is below
 * strategic (its revenue tier then stays where it was).
 */
export function responseTierRises(
  before: { tier: Tier; potential: Potential },
  after: { tier: Tier; potential: Potential },
): boolean {
  return TIER_RANK[responseTier(after)] > TIER_RANK[responseTier(before)];
}
