/**
 * The weekly KPI digest figures for one week, computed from plain records.
 *
 * Pure: no I/O and no clock. The caller loads supersets of the records (e.g. every ticket
 * touching the window) and this module filters them by date itself. "In week" means
 * `from <= t < to` for instants and `fromDate <= d < toDate` for local 'YYYY-MM-DD' dates.
 */

import type {
  AgentFigures,
  ChangeFacts,
  CustomerFacts,
  FigureInputs,
  TaskFacts,
  TicketFacts,
  WeekFigures,
} from './types.js';

const TIER_RANK: Record<string, number> = { normal: 1, key: 2, strategic: 3 };
const FOLLOW_UPS: ReadonlySet<TaskFacts['kind']> = new Set(['revisit', 'guide', 'checkin']);

/** Median; the mean of the two middle values for an even count; null when empty. */
export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  // A typed array sorts numbers natively, several times faster than with a comparator (a
  // quarter's tens of thousands of minutes, sorted per tier and agent). It puts -0 before 0 and
  // NaN last, which the comparator does not: values with either take the comparator.
  const plain = values.every((v) => v === v && !Object.is(v, -0));
  const sorted = plain ? Float64Array.from(values).sort() : [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Share of `items` matching `test`; null when there are none. */
function share<T>(items: T[], test: (item: T) => boolean): number | null {
  return items.length === 0 ? null : items.filter(test).length / items.length;
}

/** 1-5 ratings as a 0-100 score with 1 decimal; null when there are none. */
function score(ratings: number[]): number | null {
  if (ratings.length === 0) return null;
  const average = ratings.reduce((sum, r) => sum + r, 0) / ratings.length;
  return Math.round(average * 20 * 10) / 10;
}

function present<T>(values: (T | undefined)[]): T[] {
  return values.filter((v): v is T => v !== undefined);
}

export function weekFigures(input: FigureInputs): WeekFigures {
  const { window, tickets, tasks, customers, changes } = input;
  const from = window.from.getTime();
  const to = window.to.getTime();
  const inWeek = (t: Date | undefined) =>
    t !== undefined && from <= t.getTime() && t.getTime() < to;
  const inWeekDate = (d: string | undefined) =>
    d !== undefined && window.fromDate <= d && d < window.toDate;
  const before = (t: Date | undefined, limit: number) => t !== undefined && t.getTime() < limit;

  function isComplaintBreach(t: TicketFacts): boolean {
    const c = t.complaint;
    if (t.type !== 'complaint' || !c) return false;
    const contactMissed =
      inWeek(c.contactDueAt) && !(c.contactedAt && c.contactedAt <= c.contactDueAt);
    const resolvedLate = inWeek(t.resolvedAt) && t.metrics.resolutionBreached === true;
    const openLate =
      !before(t.resolvedAt, to) &&
      !before(t.closedAt, to) &&
      before(t.receivedAt, to) &&
      c.resolutionDueAt.getTime() < to;
    return contactMissed || resolvedLate || openLate;
  }

  // Tickets, in one pass (a quarter's report passes tens of thousands, four times).
  const opened: TicketFacts[] = [];
  const resolved: TicketFacts[] = [];
  const responded: TicketFacts[] = [];
  const backlog: TicketFacts[] = [];
  const surveyed: TicketFacts[] = [];
  const surveyAnswers: TicketFacts[] = [];
  let complaintBreaches = 0;
  for (const t of tickets) {
    if (inWeek(t.receivedAt)) opened.push(t);
    if (inWeek(t.resolvedAt)) resolved.push(t);
    if (inWeek(t.firstResponseAt)) responded.push(t);
    if (before(t.receivedAt, to) && !before(t.resolvedAt, to) && !before(t.closedAt, to))
      backlog.push(t);
    // The requesters' own surveys (#10): kept apart from the scores logged on revisit calls.
    if (inWeek(t.survey?.sentAt)) surveyed.push(t);
    if (inWeek(t.survey?.at)) surveyAnswers.push(t);
    if (isComplaintBreach(t)) complaintBreaches++;
  }

  // Ratings from tasks done in the week
  const doneInWeek = tasks.filter((k) => k.status === 'done' && inWeek(k.doneAt));
  const rated = doneInWeek.filter((k) => k.satisfaction !== undefined);
  const ratings = present(rated.map((k) => k.satisfaction));
  const npsAnswers = present(doneInWeek.map((k) => k.nps));
  const promoters = npsAnswers.filter((n) => n >= 9).length;
  const detractors = npsAnswers.filter((n) => n <= 6).length;
  const followUps = tasks.filter(
    (k) => FOLLOW_UPS.has(k.kind) && inWeekDate(k.dueDate) && k.status !== 'cancelled',
  );

  const customerRatings = present(surveyAnswers.map((t) => t.survey?.satisfaction));
  const customerNps = present(surveyAnswers.map((t) => t.survey?.nps));

  // Customers
  const weekChanges = changes.filter((c) => inWeek(c.at));
  // rank difference of each tier change in the week; changes from/to an unknown tier are ignored
  const tierMoves = weekChanges
    .filter((c) => c.field === 'tier')
    .map((c) => (TIER_RANK[String(c.newValue)] ?? NaN) - (TIER_RANK[String(c.oldValue)] ?? NaN));
  const lifecycleTo = (value: string) =>
    weekChanges.filter((c) => c.field === 'lifecycle' && c.newValue === value);
  const churnedIds = new Set(lifecycleTo('churned').map((c) => c.customerId));
  // Customers proper: not leads (prospects) and not gone (churned), at the instant asked.
  const lifecycles = lifecycleChanges(changes);
  const isCustomerAt = (c: CustomerFacts, at: number) =>
    before(c.createdAt, at) &&
    !['prospect', 'churned'].includes(String(lifecycleAt(c, lifecycles, at)));
  const existing = customers.filter((c) => isCustomerAt(c, to));
  const base = customers.filter((c) => isCustomerAt(c, from));

  const byAgent = new Map<string | undefined, TicketFacts[]>();
  for (const t of resolved) {
    const mine = byAgent.get(t.assigneeId);
    if (mine) mine.push(t);
    else byAgent.set(t.assigneeId, [t]);
  }
  const agentIds = [...new Set(present(resolved.map((t) => t.assigneeId)))];
  const perAgent = agentIds.map((agentId): AgentFigures => {
    const mine = byAgent.get(agentId)!;
    return {
      agentId,
      handled: mine.length,
      onTime: share(mine, (t) => t.metrics.resolutionBreached !== true),
      satisfaction: score(
        present(rated.filter((k) => k.agentId === agentId).map((k) => k.satisfaction)),
      ),
    };
  });
  perAgent.sort(
    (a, b) => b.handled - a.handled || (a.agentId < b.agentId ? -1 : a.agentId > b.agentId ? 1 : 0),
  );

  // Complaints (#12)
  const isComplaint = (t: TicketFacts) => t.type === 'complaint';
  const complaintsOpened = opened.filter(isComplaint);
  const served = new Set(present(opened.map((t) => t.customerId))).size;

  return {
    opened: opened.length,
    resolved: resolved.length,
    backlog: backlog.length + (input.counted?.backlog ?? 0),
    overdue: backlog.filter((t) => t.overdueAtEnd === true).length + (input.counted?.overdue ?? 0),
    responded: responded.length,
    responseOnTime: share(responded, (t) => t.metrics.responseBreached !== true),
    resolvedWithin72h: share(resolved, (t) => (t.metrics.resolutionMinutes ?? Infinity) <= 72 * 60),
    resolvedWithinSla: share(resolved, (t) => t.metrics.resolutionBreached !== true),
    firstContactResolution: share(resolved, (t) => t.metrics.firstContactResolution === true),
    medianFirstResponseMinutes: median(
      present(responded.map((t) => t.metrics.firstResponseMinutes)),
    ),
    medianResolutionMinutes: median(present(resolved.map((t) => t.metrics.resolutionMinutes))),
    complaints: complaintsOpened.length,
    complaintRate: served ? complaintsOpened.length / served : null,
    complaintsPer100: opened.length
      ? Math.round((1000 * complaintsOpened.length) / opened.length) / 10
      : null,
    openComplaints: backlog.filter(isComplaint).length,
    complaintBreaches,
    repeatComplaints: complaintsOpened.filter((t) => t.complaint?.repeatOf?.length).length,
    satisfaction: score(ratings),
    satisfactionResponses: ratings.length,
    verySatisfiedShare: share(ratings, (r) => r === 5),
    nps:
      npsAnswers.length === 0
        ? null
        : Math.round((100 * (promoters - detractors)) / npsAnswers.length),
    npsResponses: npsAnswers.length,
    customerSatisfaction: score(customerRatings),
    customerSatisfactionResponses: customerRatings.length,
    customerNps: netPromoterScore(customerNps),
    customerNpsResponses: customerNps.length,
    surveysSent: surveyed.length,
    surveyResponseRate: share(surveyed, (t) => t.survey?.satisfaction !== undefined),
    revisitsDue: followUps.length,
    revisitsOnTime: share(
      followUps,
      (k) => k.status === 'done' && k.doneDate !== undefined && k.doneDate <= k.dueDate,
    ),
    byTier: {
      strategic: existing.filter((c) => c.tier === 'strategic').length,
      key: existing.filter((c) => c.tier === 'key').length,
      normal: existing.filter((c) => c.tier === 'normal').length,
    },
    tierUps: tierMoves.filter((m) => m > 0).length,
    tierDowns: tierMoves.filter((m) => m < 0).length,
    newCustomers: customers.filter((c) => inWeek(c.createdAt)).length,
    lateRecords: customers.filter((c) => c.recordedLateAt && inWeek(c.recordedLateAt)).length,
    churnWarnings: lifecycleTo('churn_warning').length,
    churned: lifecycleTo('churned').length,
    retention: share(base, (c) => !churnedIds.has(c.id)),
    perAgent,
  };
}

/** Net promoter score -100..100 of 0-10 answers, rounded; null when there are none. */
function netPromoterScore(answers: number[]): number | null {
  if (answers.length === 0) return null;
  const promoters = answers.filter((n) => n >= 9).length;
  const detractors = answers.filter((n) => n <= 6).length;
  return Math.round((100 * (promoters - detractors)) / answers.length);
}

/** Each customer's lifecycle changes, in their order. */
function lifecycleChanges(changes: ChangeFacts[]): Map<string, ChangeFacts[]> {
  const out = new Map<string, ChangeFacts[]>();
  for (const c of changes) {
    if (c.field !== 'lifecycle') continue;
    const list = out.get(c.customerId);
    if (list) list.push(c);
    else out.set(c.customerId, [c]);
  }
  return out;
}

/**
 * A customer's lifecycle at instant `at`: the old value of its first lifecycle change after `at`
 * (the earliest; of changes at the same instant, the first listed), else its current one.
 */
function lifecycleAt(
  customer: CustomerFacts,
  lifecycles: Map<string, ChangeFacts[]>,
  at: number,
): unknown {
  let first: ChangeFacts | undefined;
  for (const c of lifecycles.get(customer.id) ?? []) {
    if (c.at.getTime() <= at) continue;
    if (!first || c.at.getTime() < first.at.getTime()) first = c;
  }
  return first ? first.oldValue : customer.lifecycle;
}
