/**
 * The monthly and quarterly reports' figures, each computed by its own pure function from plain
 * records (no I/O, no clock), so each is tested on its own table. "In the period" means
 * `from <= t < to` for instants and `fromDate <= d < toDate` for local dates, as in figures.ts.
 *
 * Definitions (the README repeats them):
 * - repurchase rate: customers with an order dated in the previous period who also have one
 *   dated in this period, over those with an order in the previous period;
 * - referral share: new customers (first contact in the period, or recorded in it after the
 *   period of their first contact had ended: figures.ts `newFrom`) whose source is 'referral',
 *   over all new customers;
 * - churned: the customers (neither prospect nor churned) at the period's start whose lifecycle
 *   changed to churned in it, each once (figures.ts `churnedAmong`); that one set is the
 *   overall Churned, the churn rate's numerator (over the customers at the start), the churn
 *   reasons and each tier's churned; reasons: the one recorded on the customer's win-back task,
 *   else 'competitor' when a competitor contact is on file, else 'unrecorded';
 * - new needs: change-log entries in the period setting stated or implicit needs to a
 *   non-empty value; need conversion: of the customers with such an entry, those with an order
 *   dated on or after the (first such) entry's local day and within the period;
 * - low-risk customers: those of the low churn risk class on the period's last day, as the daily
 *   signals run stored it (figures.ts `lowRiskCustomers`, the weekly digest's count; not known
 *   for a period before the signals run first computed it);
 * - complaint rate: complaints opened in the period over the distinct customers with a ticket
 *   received in it (also per 100 tickets opened);
 * - opened by type: the tickets received in the period, per ticket type (each type, 0 when none;
 *   a duplicate merged into another ticket left out, as from Opened);
 * - tiers: a customer's tier at the period's end (its current tier, rolled back through the
 *   tier changes logged at or after that instant); revenue per tier: order amounts dated in the
 *   period;
 *   tier moves: the customers whose tier at the period's end is not their tier at its start
 *   (one that moved and moved back did not move), by annual purchases (now), highest first;
 * - per owner (the customer's owner now): follow-ups (revisit, guide, check-in) on their
 *   customers done in the period, customers turned from prospect to active in the period
 *   (not one who bought before the day of the desk's first record: its cooperation start, the
 *   earliest order, is history the team brought, as `newFrom` leaves it out of the new customers),
 *   order amounts in the period;
 * - per agent (as the weekly digest's, figures.ts `agentFigures`): tickets resolved in the period
 *   by their assignee, the share of those within SLA, median business minutes from receipt to
 *   resolution (handling time), first-contact resolution, satisfaction; the tickets they gave the
 *   first response to in the period and the share of those on time; the follow-ups they marked
 *   done in it;
 * - quarterly survey: the survey tasks due in the period, not cancelled (the key and strategic
 *   customers owed the quarter's survey), how many of them are done, the satisfaction and NPS
 *   of their answers; never mixed into the satisfaction of the 3-7-30 follow-ups.
 */
import { isStartupHistory } from '../customer/rules.js';
import { KEY_FACTS, type KeyFact } from '../customer/fields.js';
import type { Tier } from '../customer/types.js';
import { fromFen, toFen } from '../money.js';
import { addDaysToDate } from '../time.js';
import {
  agentFigures,
  churnedAmong,
  closedNotReached,
  countsAsFollowUp,
  isFollowUp,
  lowRiskCustomers,
  netPromoterScore,
  newFrom,
  openedAt,
  TicketTally,
  ticketTally,
  tierMoveCauses,
  tiersOverWindow,
  weekFigures,
} from './figures.js';
import type {
  AgentReportFigures,
  OrderFacts,
  OwnerFigures,
  PeriodWindow,
  ReportCustomerFacts,
  KeyFactsFigures,
  ReportFigures,
  ReportInputs,
  RetentionFigures,
  SurveyFigures,
  TierFigures,
  TierMoveCause,
  TierMoveFigure,
  TierSpan,
} from './types.js';
import { REPORT_TIERS, TIER_MOVES_KEPT } from './types.js';
import type { WeekWindow } from './types.js';

type Change = ReportInputs['changes'][number];

const inPeriod = (w: PeriodWindow, t: Date | undefined) =>
  t !== undefined && w.from.getTime() <= t.getTime() && t.getTime() < w.to.getTime();
const inPeriodDate = (w: PeriodWindow, d: string | undefined) =>
  d !== undefined && w.fromDate <= d && d < w.toDate;

/** The stages of a customer who has ordered: a prospect moving to one of them converted. */
const CUSTOMER_STAGES = new Set(['active', 'new', 'growing', 'stable']);

/** Share; null when the denominator is 0. */
export function ratio(part: number, whole: number): number | null {
  return whole === 0 ? null : part / whole;
}

/** 1-5 ratings as a 0-100 score with 1 decimal; null when there are none. */
export function score(ratings: number[]): number | null {
  if (ratings.length === 0) return null;
  const average = ratings.reduce((sum, r) => sum + r, 0) / ratings.length;
  return Math.round(average * 20 * 10) / 10;
}

/**
 * The first change at or after `at` among one customer's changes of one field (in their order):
 * periods are half-open, so a change at exactly a period's end (local midnight) is the next
 * period's, and one at exactly its start the period's own.
 */
function firstAfter(changes: readonly Change[], at: Date): Change | undefined {
  let first: Change | undefined;
  for (const c of changes) {
    if (c.at.getTime() < at.getTime()) continue;
    if (!first || c.at.getTime() < first.at.getTime()) first = c;
  }
  return first;
}

/** The changes of each customer and field, in their order: a customer's value reads its own. */
export type ChangeIndex = Map<string, Change[]>;
const indexKey = (customerId: string, field: string) => `${customerId}\u0000${field}`;
function indexChanges(changes: readonly Change[]): ChangeIndex {
  const index: ChangeIndex = new Map();
  for (const c of changes) {
    const key = indexKey(c.customerId, c.field);
    const list = index.get(key);
    if (list) list.push(c);
    else index.set(key, [c]);
  }
  return index;
}
const NONE: readonly Change[] = [];

/**
 * A customer's value of `field` as a period starting or ending at instant `at` finds it (just
 * before `at`): the old value of its first change of the field at or after `at`, else its
 * current value.
 */
export function valueAt(
  customerId: string,
  field: string,
  current: unknown,
  changes: Change[],
  at: Date,
): unknown {
  return valueIn(indexChanges(changes), customerId, field, current, at);
}

function valueIn(
  index: ChangeIndex,
  customerId: string,
  field: string,
  current: unknown,
  at: Date,
): unknown {
  const first = firstAfter(index.get(indexKey(customerId, field)) ?? NONE, at);
  return first ? first.oldValue : current;
}

/** Whether the customer was a customer proper (first contact before, neither prospect nor churned) at `at`. */
export function isCustomerAt(c: ReportCustomerFacts, changes: Change[], at: Date): boolean {
  return isCustomerIn(c, indexChanges(changes), at);
}

function isCustomerIn(c: ReportCustomerFacts, index: ChangeIndex, at: Date): boolean {
  if (c.createdAt.getTime() >= at.getTime()) return false;
  const lifecycle = String(valueIn(index, c.id, 'lifecycle', c.lifecycle, at));
  return lifecycle !== 'prospect' && lifecycle !== 'churned';
}

/** Customers who ordered in the previous period, and those of them who ordered again in this one. */
export function repurchase(
  orders: OrderFacts[],
  window: PeriodWindow,
  previous: PeriodWindow,
  only?: (customerId: string) => boolean,
): Pick<RetentionFigures, 'repurchasers' | 'previousBuyers' | 'repurchaseRate'> {
  const keep = (o: OrderFacts) => !only || only(o.customerId);
  const before = new Set(
    orders.filter((o) => keep(o) && inPeriodDate(previous, o.date)).map((o) => o.customerId),
  );
  const now = new Set(
    orders.filter((o) => keep(o) && inPeriodDate(window, o.date)).map((o) => o.customerId),
  );
  const repurchasers = [...before].filter((id) => now.has(id)).length;
  return {
    repurchasers,
    previousBuyers: before.size,
    repurchaseRate: ratio(repurchasers, before.size),
  };
}

/** New customers in the period and the referred ones among them. */
export function referral(
  customers: ReportCustomerFacts[],
  window: PeriodWindow,
  firstRecordAt?: Date,
): Pick<RetentionFigures, 'referred' | 'newCustomers' | 'referralShare'> {
  const fresh = customers.filter((c) => inPeriod(window, newFrom(c, firstRecordAt)));
  const referred = fresh.filter((c) => c.source === 'referral').length;
  return { referred, newCustomers: fresh.length, referralShare: ratio(referred, fresh.length) };
}

/** The customers at the period's start, and those of them who churned in it (`churnedAmong`). */
function churnedSet(
  customers: ReportCustomerFacts[],
  changes: Change[],
  window: PeriodWindow,
  index: ChangeIndex,
): { atStart: ReportCustomerFacts[]; gone: Set<string> } {
  const atStart = customers.filter((c) => isCustomerIn(c, index, window.from));
  return { atStart, gone: churnedAmong(atStart, changes, window) };
}

/** Churned customers, the customers at the start, the rate and the reasons. */
export function churn(
  customers: ReportCustomerFacts[],
  changes: Change[],
  window: PeriodWindow,
  recorded: Map<string, string>,
  index: ChangeIndex = indexChanges(changes),
  churned = churnedSet(customers, changes, window, index),
): Pick<RetentionFigures, 'churned' | 'customersAtStart' | 'churnRate' | 'churnReasons'> {
  const { atStart, gone } = churned;
  const counts = new Map<string, number>();
  for (const c of atStart) {
    if (!gone.has(c.id)) continue;
    const reason =
      recorded.get(c.id)?.trim() || (c.competitorContact ? 'competitor' : 'unrecorded');
    counts.set(reason, (counts.get(reason) ?? 0) + 1);
  }
  const churnReasons = [...counts]
    .map(([reason, count]) => ({ reason, count }))
    .sort((a, b) => b.count - a.count || (a.reason < b.reason ? -1 : 1));
  return {
    churned: gone.size,
    customersAtStart: atStart.length,
    churnRate: ratio(gone.size, atStart.length),
    churnReasons,
  };
}

const NEED_FIELDS = new Set(['needs.stated', 'needs.implicit']);

/** Needs logged in the period and how many of their customers ordered after. */
export function needs(
  changes: Change[],
  orders: OrderFacts[],
  window: PeriodWindow,
  localDate: (at: Date) => string,
): Pick<RetentionFigures, 'newNeeds' | 'needCustomers' | 'needsConverted' | 'needConversion'> {
  const logged = changes.filter(
    (c) =>
      NEED_FIELDS.has(c.field) &&
      inPeriod(window, c.at) &&
      typeof c.newValue === 'string' &&
      c.newValue.trim() !== '',
  );
  const firstDay = new Map<string, string>();
  for (const c of logged) {
    const day = localDate(c.at);
    const known = firstDay.get(c.customerId);
    if (!known || day < known) firstDay.set(c.customerId, day);
  }
  const converted = [...firstDay].filter(([id, day]) =>
    orders.some((o) => o.customerId === id && o.date >= day && o.date < window.toDate),
  ).length;
  return {
    newNeeds: logged.length,
    needCustomers: firstDay.size,
    needsConverted: converted,
    needConversion: ratio(converted, firstDay.size),
  };
}

/** Complaints over customers served and per 100 tickets. */
export function complaints(
  tickets: ReportInputs['tickets'],
  window: PeriodWindow,
  firstRecordAt?: Date,
): Pick<
  RetentionFigures,
  'complaints' | 'customersServed' | 'complaintRate' | 'complaintsPer100Tickets'
> {
  const opened = tickets.filter((t) => inPeriod(window, openedAt(t, firstRecordAt)));
  const count = opened.filter((t) => t.type === 'complaint').length;
  const served = new Set(opened.map((t) => t.customerId)).size;
  return complaintFigures(count, served, opened.length);
}

/** `complaints`' figures from the tally of the period's tickets. */
function complaintsOf(tally: TicketTally): ReturnType<typeof complaints> {
  // A ticket without a customer counts as one customer served, as `complaints` counts it.
  const served = tally.served.size + (tally.openedWithout ? 1 : 0);
  return complaintFigures(tally.complaints, served, tally.opened);
}

function complaintFigures(
  count: number,
  served: number,
  opened: number,
): ReturnType<typeof complaints> {
  const per100 = ratio(count, opened);
  return {
    complaints: count,
    customersServed: served,
    complaintRate: ratio(count, served),
    complaintsPer100Tickets: per100 === null ? null : Math.round(per100 * 1000) / 10,
  };
}

/** Order amounts dated in the period, per customer tier (`tierOf`), and their sum (added in fen). */
export function revenueByTier(
  orders: OrderFacts[],
  window: PeriodWindow,
  tierOf: (customerId: string) => Tier | undefined,
): { total: number; byTier: Record<Tier, number> } {
  const byTier: Record<Tier, number> = { strategic: 0, key: 0, normal: 0 };
  let total = 0;
  for (const o of orders) {
    if (!inPeriodDate(window, o.date)) continue;
    const fen = toFen(o.amount);
    total += fen;
    const tier = tierOf(o.customerId);
    if (tier) byTier[tier] += fen;
  }
  return {
    total: fromFen(total),
    byTier: {
      strategic: fromFen(byTier.strategic),
      key: fromFen(byTier.key),
      normal: fromFen(byTier.normal),
    },
  };
}

/**
 * Per tier, the owners (now) of the customers with an order dated in the period (by their tier at
 * its end) or in the previous period (by their tier at that one's end): whose customers make up
 * the tier's revenue and its change.
 */
export function revenueOwnersByTier(
  orders: OrderFacts[],
  periods: { window: PeriodWindow; tierOf: (customerId: string) => Tier | undefined }[],
  ownerOf: ReadonlyMap<string, string>,
): Record<Tier, string[]> {
  const byTier = new Map(REPORT_TIERS.map((tier) => [tier, new Set<string>()] as const));
  for (const o of orders)
    for (const { window, tierOf } of periods) {
      if (!inPeriodDate(window, o.date)) continue;
      const tier = tierOf(o.customerId);
      if (tier) byTier.get(tier)?.add(ownerOf.get(o.customerId) ?? '');
    }
  return Object.fromEntries(
    REPORT_TIERS.map((tier) => [tier, [...byTier.get(tier)!].sort()] as const),
  ) as Record<Tier, string[]>;
}

/**
 * Per owner: follow-ups done, conversions, revenue and, when read, their customers' interactions
 * logged after 24 h; owners with none of them are left out.
 */
export function perOwner(
  input: Pick<ReportInputs, 'customers' | 'tasks' | 'changes' | 'orders' | 'window'> &
    Pick<ReportInputs, 'lateInteractions'>,
  /** the local day of the workspace's first customer record (`ReportInputs.firstRecordAt`) */
  firstRecordDay?: string,
): OwnerFigures[] {
  const { customers, tasks, changes, orders, window } = input;
  const ownerOf = new Map(customers.map((c) => [c.id, c.ownerId]));
  // The customers who bought before the day of the desk's first record: the history a team
  // brings, typed in or imported as a lead and given its old orders, was won before the desk (as
  // it is not among the new customers: figures.ts `newFrom`), so that first order is no
  // conversion. A lead who orders on the desk's first day is one.
  const history = new Set(
    firstRecordDay === undefined
      ? []
      : customers
          .filter(
            (c) => c.cooperationStartDate !== undefined && c.cooperationStartDate < firstRecordDay,
          )
          .map((c) => c.id),
  );
  const rows = new Map<string, OwnerFigures>();
  const row = (ownerId: string) => {
    let r = rows.get(ownerId);
    if (!r)
      rows.set(
        ownerId,
        (r = {
          ownerId,
          followUpsDone: 0,
          conversions: 0,
          revenue: 0,
          ...(input.lateInteractions ? { lateInteractions: 0 } : {}),
        }),
      );
    return r;
  };
  // Their customers' interactions logged in the period after 24 h (manual B), when read.
  for (const i of input.lateInteractions ?? []) {
    const owner = ownerOf.get(i.customerId);
    if (owner) row(owner).lateInteractions = (row(owner).lateInteractions ?? 0) + 1;
  }
  // The follow-ups of their customers (3-7-30, delivery revisits, progress notes:
  // `countsAsFollowUp`), not greetings, care or complaint calls.
  for (const k of tasks) {
    const owner = ownerOf.get(k.customerId);
    if (owner && countsAsFollowUp(k.kind) && k.status === 'done' && inPeriod(window, k.doneAt))
      row(owner).followUpsDone++;
  }
  for (const c of changes) {
    const owner = ownerOf.get(c.customerId);
    // A prospect's first order makes it "new" (care plan stages; "active" before them).
    if (
      owner &&
      !history.has(c.customerId) &&
      c.field === 'lifecycle' &&
      c.oldValue === 'prospect' &&
      CUSTOMER_STAGES.has(String(c.newValue)) &&
      inPeriod(window, c.at)
    )
      row(owner).conversions++;
  }
  // Added in fen, turned back into yuan once (exact to the fen).
  for (const o of orders) {
    const owner = ownerOf.get(o.customerId);
    if (owner && inPeriodDate(window, o.date)) row(owner).revenue += toFen(o.amount);
  }
  for (const r of rows.values()) r.revenue = fromFen(r.revenue);
  return [...rows.values()].sort(
    (a, b) => b.revenue - a.revenue || (a.ownerId < b.ownerId ? -1 : 1),
  );
}

/**
 * The quarterly satisfaction survey: the surveys due in the period (the quarter's last working
 * day), not cancelled, the done ones among them and their answers.
 */
export function quarterlySurvey(tasks: ReportInputs['tasks'], window: PeriodWindow): SurveyFigures {
  const owed = tasks.filter(
    (k) => k.kind === 'survey' && k.status !== 'cancelled' && inPeriodDate(window, k.dueDate),
  );
  const done = owed.filter((k) => k.status === 'done');
  const nps = done.flatMap((k) => (k.nps === undefined ? [] : [k.nps]));
  return {
    owed: owed.length,
    surveyed: done.length,
    satisfaction: score(
      done.flatMap((k) => (k.satisfaction === undefined ? [] : [k.satisfaction])),
    ),
    nps: netPromoterScore(nps),
    npsResponses: nps.length,
  };
}

/**
 * Per agent, as the digest's per-agent line (figures.ts `agentFigures`, the one computation of
 * both): whoever resolved or first answered tickets in the period, did follow-ups in it or was
 * rated on one done in it; the
 * tickets resolved, those within SLA, median handling time, FCR, first responses and those on
 * time, follow-ups done and satisfaction. `tally`, when given, is `input.tickets` already counted
 * over the window.
 */
export function perAgent(
  input: Pick<ReportInputs, 'tickets' | 'tasks' | 'window'>,
  tally?: TicketTally,
): AgentReportFigures[] {
  const { tickets, tasks, window } = input;
  // Grouped in one pass over the tickets and one over the tasks (a quarter has tens of thousands).
  const done = tasks.filter(
    (k) => countsAsFollowUp(k.kind) && k.status === 'done' && inPeriod(window, k.doneAt),
  );
  // Those due in it closed as "customer not reached" (the overall figure's), for who closed them.
  const notReached = tasks.filter((k) => closedNotReached(k) && inPeriodDate(window, k.dueDate));
  // The satisfaction logged on the follow-ups of their resolutions, as the digest's.
  const rated = done.filter((k) => isFollowUp(k.kind) && k.satisfaction !== undefined);
  const agents = agentFigures(tally ?? ticketTally(window, tickets), done, notReached, rated);
  const ratingsOf = new Map<string, number[]>();
  for (const k of rated) {
    if (k.satisfaction === undefined || k.agentId === undefined) continue;
    const ratings = ratingsOf.get(k.agentId);
    if (ratings) ratings.push(k.satisfaction);
    else ratingsOf.set(k.agentId, [k.satisfaction]);
  }
  const rows = agents.map((mine): AgentReportFigures => ({
    agentId: mine.agentId,
    handled: mine.handled,
    onTime: mine.onTime,
    medianHandlingMinutes: mine.medianHandlingMinutes,
    firstContactResolution: mine.firstContactResolution,
    satisfaction: score(ratingsOf.get(mine.agentId) ?? []),
    responded: mine.responded,
    responseOnTime: mine.responseOnTime,
    followUpsDone: mine.followUpsDone,
    followUpsNotReached: mine.followUpsNotReached,
    loggedLate: mine.loggedLate,
  }));
  return rows.sort(
    (a, b) => b.handled - a.handled || (a.agentId < b.agentId ? -1 : a.agentId > b.agentId ? 1 : 0),
  );
}

/**
 * The digest's weekly figures over any window, for some of the customers (all when no filter),
 * their tickets already counted in `tally`.
 */
function serviceFigures(
  input: ReportInputs,
  tiers: ReadonlyMap<string, TierSpan>,
  tally: TicketTally,
  only?: Tier,
): ReturnType<typeof weekFigures> {
  const { window, tasks, customers, changes } = input;
  const tierAtEnd = (customerId: string) => tiers.get(customerId)?.end;
  const keep = (customerId: string) => !only || tierAtEnd(customerId) === only;
  const asWeek: WeekWindow = { ...window, week: window.period };
  return weekFigures(
    {
      window: asWeek,
      tickets: [],
      tasks: tasks.filter((k) => keep(k.customerId)),
      customers: customers
        .filter((c) => keep(c.id))
        .map((c) => ({
          id: c.id,
          tier: tierAtEnd(c.id) ?? c.tier,
          lifecycle: c.lifecycle,
          createdAt: c.createdAt,
          ...(c.recordedAt ? { recordedAt: c.recordedAt } : {}),
          // Recorded late, as the weekly digest counts it: not the history the team brought to
          // the desk, flagged before that rule and not yet cleared (DigestService.build).
          ...(c.recordedLateAt && !isStartupHistory(c.createdAt, input.firstRecordAt)
            ? { recordedLateAt: c.recordedLateAt }
            : {}),
        })),
      changes: changes.filter((c) => c.field === 'tier' || c.field === 'lifecycle'),
      tiers,
      ...(input.firstRecordAt ? { firstRecordAt: input.firstRecordAt } : {}),
    },
    tally,
  );
}

/** The tickets counted once each: overall, and by their customer's tier at the period's end. */
function tallies(
  tickets: ReportInputs['tickets'],
  window: PeriodWindow,
  tierAtEnd: Map<string, Tier>,
  firstRecordAt?: Date,
) {
  const overall = new TicketTally(window, firstRecordAt);
  const byTier = new Map(
    REPORT_TIERS.map((tier) => [tier, new TicketTally(window, firstRecordAt)] as const),
  );
  for (const t of tickets) {
    overall.add(t);
    const tier = t.customerId === undefined ? undefined : tierAtEnd.get(t.customerId);
    if (tier !== undefined) byTier.get(tier)?.add(t);
  }
  return { overall, byTier };
}

/**
 * The customers whose tier at the window's end is not the one they had at its start (`tiers`,
 * figures.ts `tiersOverWindow`, as the tier ups and downs count them): how many, and the first
 * TIER_MOVES_KEPT by annual purchases, highest first (then by code), each with what moved it
 * (`causes`, figures.ts `tierMoveCauses`; a move it does not know of is the revenue's).
 */
export function tierMoves(
  customers: readonly Pick<ReportCustomerFacts, 'id' | 'code' | 'annualRevenue'>[],
  tiers: ReadonlyMap<string, TierSpan>,
  causes: ReadonlyMap<string, TierMoveCause>,
): { total: number; top: TierMoveFigure[] } {
  const moved: TierMoveFigure[] = [];
  for (const c of customers) {
    const span = tiers.get(c.id);
    if (!span || !span.start || !span.end || span.start === span.end) continue;
    moved.push({
      customerId: c.id,
      code: c.code ?? '',
      from: span.start,
      to: span.end,
      annualRevenue: c.annualRevenue ?? 0,
      cause: causes.get(c.id) ?? 'revenue',
    });
  }
  moved.sort(
    (a, b) => b.annualRevenue - a.annualRevenue || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0),
  );
  return { total: moved.length, top: moved.slice(0, TIER_MOVES_KEPT) };
}

/** Every figure of a report. */
export function reportFigures(input: ReportInputs, localDate: (at: Date) => string): ReportFigures {
  const { window, previous, customers, changes, orders, tickets, tasks } = input;
  const index = indexChanges(changes);
  // Each customer's tier at the period's start and end: its tier, and the tier moves listed and
  // counted up and down (overall and per tier), all from these.
  const spans = tiersOverWindow(customers, changes, window);
  const tierAtEnd = new Map([...spans].map(([id, span]) => [id, span.end] as const));
  const tierAtPreviousEnd = new Map(
    customers.map(
      (c) => [c.id, valueIn(index, c.id, 'tier', c.tier, previous.to) as Tier] as const,
    ),
  );
  const tally = tallies(tickets, window, tierAtEnd, input.firstRecordAt);
  const overall = serviceFigures(input, spans, tally.overall);
  overall.backlog = input.backlog.backlog;
  overall.overdue = input.backlog.overdue;
  // The low-risk customers on the period's last day (the class the daily signals run stores), as
  // the weekly digest counts them on its week's last day.
  const lowRisk = lowRiskCustomers(customers, addDaysToDate(window.toDate, -1));
  if (lowRisk !== undefined) overall.lowRiskCustomers = lowRisk;
  // Interactions logged in the period after 24 h (manual B), when read.
  if (input.lateInteractions) overall.lateInteractions = input.lateInteractions.length;

  const revenue = revenueByTier(orders, window, (id) => tierAtEnd.get(id));
  const previousRevenue = revenueByTier(orders, previous, (id) => tierAtPreviousEnd.get(id));
  const revenueOwners = revenueOwnersByTier(
    orders,
    [
      { window, tierOf: (id) => tierAtEnd.get(id) },
      { window: previous, tierOf: (id) => tierAtPreviousEnd.get(id) },
    ],
    new Map(customers.map((c) => [c.id, c.ownerId])),
  );
  // The churned customers, worked out once: the overall and per-tier service figures count the
  // same set through weekFigures (the same `churnedAmong` over the same customers at the start).
  const churned = churnedSet(customers, changes, window, index);
  const { gone } = churned;
  const existing = customers.filter((c) => isCustomerIn(c, index, window.to));

  const tiers = Object.fromEntries(
    REPORT_TIERS.map((tier): [Tier, TierFigures] => {
      const {
        byTier: _b,
        prospects: _pr,
        perAgent: _p,
        backlog: _bl,
        overdue: _o,
        openedByType: _t,
        ...service
      } = serviceFigures(input, spans, tally.byTier.get(tier)!, tier);
      const mine = (id: string) => tierAtEnd.get(id) === tier;
      const count = existing.filter((c) => mine(c.id)).length;
      const rev = revenue.byTier[tier];
      const prev = previousRevenue.byTier[tier];
      return [
        tier,
        {
          customers: count,
          share: ratio(count, existing.length),
          revenue: rev,
          previousRevenue: prev,
          contribution: ratio(rev, revenue.total),
          revenueOwners: revenueOwners[tier],
          contributionChange: prev === 0 ? null : (rev - prev) / prev,
          churned: [...gone].filter(mine).length,
          repurchaseRate: repurchase(orders, window, previous, mine).repurchaseRate,
          satisfaction: service.satisfaction,
          satisfactionTarget: input.tierTargets[tier],
          service,
        },
      ];
    }),
  ) as Record<Tier, TierFigures>;

  return {
    overall,
    retention: {
      ...repurchase(orders, window, previous),
      ...referral(customers, window, input.firstRecordAt),
      ...churn(customers, changes, window, input.churnReasons, index, churned),
      ...needs(changes, orders, window, localDate),
      ...complaintsOf(tally.overall),
      revenue: revenue.total,
      previousRevenue: previousRevenue.total,
    },
    tiers,
    tierMoves: tierMoves(customers, spans, tierMoveCauses(changes, window)),
    perOwner: perOwner(input, input.firstRecordAt && localDate(input.firstRecordAt)),
    perAgent: perAgent({ tickets, tasks, window }, tally.overall),
    survey: quarterlySurvey(tasks, window),
    ...keyFactsOf(customers),
  };
}

/**
 * The customer files and those lacking a key fact (manual D 1.26), as read with the report's
 * customers; none when they were read without them.
 */
function keyFactsOf(customers: ReportCustomerFacts[]): { keyFacts?: KeyFactsFigures } {
  if (customers.some((c) => !c.missing)) return {};
  const byFact = Object.fromEntries(KEY_FACTS.map((f) => [f, 0])) as Record<KeyFact, number>;
  let missing = 0;
  for (const c of customers) {
    if (c.missing!.length) missing++;
    for (const fact of c.missing!) byFact[fact]++;
  }
  return { keyFacts: { files: customers.length, missing, byFact } };
}
