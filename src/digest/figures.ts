/**
 * The weekly KPI digest figures for one week, computed from plain records.
 *
 * Pure: no I/O and no clock. The caller loads supersets of the records (e.g. every ticket
 * touching the window) and this module filters them by date itself. "In week" means
 * `from <= t < to` for instants and `fromDate <= d < toDate` for local 'YYYY-MM-DD' dates.
 */

import { isStartupHistory } from '../customer/rules.js';
import { lowRiskKnownFrom, lowRiskOn } from '../customer/signal-rules.js';
import type { LowRiskState, Tier } from '../customer/types.js';
import { judgedDueDate } from '../task/rules.js';
import { localDate } from '../time.js';
import { FOLLOW_UP_KINDS, type TaskRecord } from '../task/types.js';
import {
  countsInFigures,
  respondedOnTime,
  TICKET_TYPES,
  type TicketType,
} from '../ticket/types.js';
import type {
  AgentFigures,
  ChangeFacts,
  CustomerFacts,
  FigureInputs,
  TaskFacts,
  TicketFacts,
  TierMoveCause,
  TierSpan,
  WeekFigures,
} from './types.js';

const TIER_RANK: Record<string, number> = { normal: 1, key: 2, strategic: 3 };
const FOLLOW_UPS: ReadonlySet<TaskFacts['kind']> = new Set(FOLLOW_UP_KINDS);

/**
 * Whether a task is one of a resolution's 3-7-30 follow-ups (revisit, guide, check-in): the
 * calls whose scores are "Satisfaction logged on revisit calls" and NPS (domain: the
 * satisfaction revisit after a ticket), and those counted due. A care call, QBR, greeting,
 * win-back or recovery call may carry scores too: they rate no resolution.
 */
export const isFollowUp = (kind: TaskFacts['kind']): boolean => FOLLOW_UPS.has(kind);

/** The follow-ups domain 5 asks for beside the 3-7-30 calls (`countsAsFollowUp`). */
const OTHER_FOLLOW_UPS: ReadonlySet<TaskFacts['kind']> = new Set(['delivery', 'progress']);

/**
 * Whether a task counts in "Follow-ups due", "Follow-ups done on time", the customers not
 * reached, the follow-ups moved and each person's follow-ups done (domain 6: "per person:
 * follow-ups done"): the 3-7-30 follow-ups of a resolution and the other follow-ups domain 5
 * lists with them, a delivery's revisit ("within 3 days") and a running project's weekly
 * progress note ("every Wednesday"). Not the satisfaction and NPS, which rate resolutions
 * (`isFollowUp`; neither asks a score). A care call, greeting, win-back, survey or review is a
 * care contact, not a follow-up.
 */
export const countsAsFollowUp = (kind: TaskFacts['kind']): boolean =>
  FOLLOW_UPS.has(kind) || OTHER_FOLLOW_UPS.has(kind);

/**
 * Whether a task is a follow-up closed as "customer not reached" (Cancel task…'s reason): the
 * weekly digest's and the reports' figure, overall and per person (who closed it), for those due
 * in their week or period.
 */
export const closedNotReached = (
  task: Pick<TaskFacts, 'kind' | 'status' | 'cancelReason'>,
): boolean =>
  countsAsFollowUp(task.kind) && task.status === 'cancelled' && task.cancelReason === 'not_reached';

/**
 * Whether a follow-up due in a period counts as due there (`revisitsDue`, the on-time share's
 * whole): not one cancelled, but for a progress note cancelled as `superseded` (not sent in its
 * week, the next week's took its place: task/service.ts planProgressNotes), which was owed and
 * missed, so due and not on time; and one cancelled by its ticket's reopen after its day
 * (`cancelledAfterDue`): owed and missed before the reopen. One cancelled by a reopen on or before
 * its day stays out, and one cancelled as "customer not reached" is counted apart.
 */
function dueFollowUp(k: Pick<TaskFacts, 'status' | 'cancelReason' | 'cancelledAfterDue'>): boolean {
  return (
    k.status !== 'cancelled' || k.cancelReason === 'superseded' || k.cancelledAfterDue === true
  );
}

/**
 * A task as the figures take it, for the digest and the reports alike: due on the date it is
 * judged by (task/rules.ts `judgedDueDate`: a desk-planned follow-up's first due date, unless it
 * was moved before it was late), with the instants it was moved to a later day.
 */
export function taskFactsOf(
  task: Pick<
    TaskRecord,
    'kind' | 'status' | 'dueDate' | 'createdBy' | 'doneAt' | 'doneDate' | 'agentId'
  > & {
    createdAt?: Date | undefined;
    doneBy?: string | undefined;
    rescheduled?: { from: string; to: string; at: Date }[] | undefined;
    outcome?: { satisfaction?: unknown; nps?: unknown } | undefined;
    cancelReason?: string | undefined;
    cancelledBy?: string | undefined;
    cancelledAt?: Date | undefined;
  },
  timeZone: string,
): TaskFacts {
  const later = (task.rescheduled ?? []).filter((m) => m.to > m.from).map((m) => m.at);
  const { satisfaction, nps } = task.outcome ?? {};
  const dueDate = judgedDueDate(task, timeZone);
  // Cancelled by its ticket's reopen on a later day than it was due: missed before the reopen.
  const cancelledAfterDue =
    task.status === 'cancelled' &&
    task.cancelReason === 'reopened' &&
    task.cancelledAt instanceof Date &&
    localDate(task.cancelledAt, timeZone) > dueDate;
  return {
    kind: task.kind,
    status: task.status,
    dueDate,
    ...(task.doneAt ? { doneAt: task.doneAt } : {}),
    ...(task.doneDate ? { doneDate: task.doneDate } : {}),
    ...(task.agentId ? { agentId: task.agentId } : {}),
    ...(task.doneBy ? { doneBy: task.doneBy } : {}),
    ...(typeof satisfaction === 'number' ? { satisfaction } : {}),
    ...(typeof nps === 'number' ? { nps } : {}),
    ...(later.length ? { movedLater: later } : {}),
    ...(task.createdAt ? { createdAt: task.createdAt } : {}),
    ...(task.status === 'cancelled' && task.cancelReason
      ? { cancelReason: task.cancelReason }
      : {}),
    ...(task.status === 'cancelled' && task.cancelledBy ? { cancelledBy: task.cancelledBy } : {}),
    ...(cancelledAfterDue ? { cancelledAfterDue } : {}),
  };
}

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

/**
 * A resolved ticket's next replies (its customer wrote again after the first response and was
 * answered), and how many of them in time: "Next replies on time: 80% (4 of 5)" adds them over the
 * tickets resolved in the period, each counted once, when its conversation is done. A ticket
 * resolved again after a reopen counts those since the reopen: the earlier ones were counted with
 * its earlier resolution, in its own period (`nextRepliesCounted`, set at the reopen).
 */
export function nextReplyCounts(m: TicketFacts['metrics']): { replies: number; inTime: number } {
  const replies = Math.max(0, (m.nextReplies ?? 0) - (m.nextRepliesCounted ?? 0));
  const late = Math.max(0, (m.nextReplyBreaches ?? 0) - (m.nextReplyBreachesCounted ?? 0));
  return { replies, inTime: Math.max(0, replies - late) };
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

/**
 * One agent's tickets in a window, as `TicketTally` counts them: those they resolved in it (the
 * assignee: `handled`, within SLA, at first contact, their business minutes to resolution) and
 * those they gave the first response to in it (`metrics.firstResponseBy`; for a ticket answered
 * before that was kept, its assignee).
 */
export interface AgentTally {
  handled: number;
  onTime: number;
  firstContact: number;
  minutes: number[];
  responded: number;
  respondedOnTime: number;
  /** tickets received in the window they filed over 1 business hour after their receipt */
  loggedLate: number;
}

/** An agent with nothing counted yet. */
function emptyAgentTally(): AgentTally {
  return {
    handled: 0,
    onTime: 0,
    firstContact: 0,
    minutes: [],
    responded: 0,
    respondedOnTime: 0,
    loggedLate: 0,
  };
}

/**
 * An agent's ticket figures from their tally: the one computation behind the digest's per-agent
 * line and a report's (report-figures.ts `perAgent`). Rates are null without a denominator, the
 * median handling time null without resolutions timed.
 */
export function agentTicketFigures(mine: AgentTally) {
  return {
    handled: mine.handled,
    onTime: ratioOf(mine.onTime, mine.handled),
    firstContactResolution: ratioOf(mine.firstContact, mine.handled),
    medianHandlingMinutes: median(mine.minutes),
    responded: mine.responded,
    responseOnTime: ratioOf(mine.respondedOnTime, mine.responded),
    loggedLate: mine.loggedLate,
  };
}

/**
 * Per agent, the figures the digest's and the reports' (report-figures.ts `perAgent`) per-agent
 * lines share: whoever resolved or first answered tickets in the window (`tally`), marked
 * follow-ups done in it (`doneFollowUps`: the 3-7-30 follow-ups done in the window; one done
 * before who did it was kept says only whom it was for, and counts for nobody) or closed
 * follow-ups due in it as "customer not reached" (`notReached`: the overall figure's, each
 * counted for who closed it), or were rated in it (`rated`: the follow-ups done in the window
 * with a satisfaction, each rating the assignee of the resolution it follows, `agentId`, whoever
 * did the call: an agent on leave the week their revisit is done still has their score). Their
 * ticket figures (`agentTicketFigures`) and how many follow-ups they did and closed so, in no
 * order.
 */
export function agentFigures(
  tally: TicketTally,
  doneFollowUps: readonly Pick<TaskFacts, 'doneBy'>[],
  notReached: readonly Pick<TaskFacts, 'cancelledBy'>[] = [],
  rated: readonly Pick<TaskFacts, 'agentId'>[] = [],
): (ReturnType<typeof agentTicketFigures> & {
  agentId: string;
  followUpsDone: number;
  followUpsNotReached: number;
})[] {
  const countBy = (ids: (string | undefined)[]) => {
    const by = new Map<string, number>();
    for (const id of ids) if (id) by.set(id, (by.get(id) ?? 0) + 1);
    return by;
  };
  const followUpsBy = countBy(doneFollowUps.map((task) => task.doneBy));
  const notReachedBy = countBy(notReached.map((task) => task.cancelledBy));
  const agentIds = new Set<string>();
  for (const id of tally.agents.keys()) if (id) agentIds.add(id);
  for (const id of followUpsBy.keys()) agentIds.add(id);
  for (const id of notReachedBy.keys()) agentIds.add(id);
  for (const task of rated) if (task.agentId) agentIds.add(task.agentId);
  const none = emptyAgentTally();
  return [...agentIds].map((agentId) => ({
    agentId,
    ...agentTicketFigures(tally.agents.get(agentId) ?? none),
    followUpsDone: followUpsBy.get(agentId) ?? 0,
    followUpsNotReached: notReachedBy.get(agentId) ?? 0,
  }));
}

/**
 * The ticket figures of a window, counted in one pass: what `weekFigures` reports of its tickets.
 * A report adds each of its tens of thousands of tickets once, to the overall tally and to its
 * tier's (report-figures.ts), instead of filtering the tickets per tier and per figure.
 */
export class TicketTally {
  opened = 0;
  resolved = 0;
  backlog = 0;
  overdue = 0;
  responded = 0;
  respondedOnTime = 0;
  resolvedWithin72h = 0;
  resolvedWithinSla = 0;
  resolvedAtFirstContact = 0;
  nextReplies = 0;
  nextRepliesInTime = 0;
  firstResponseMinutes: number[] = [];
  resolutionMinutes: number[] = [];
  complaints = 0;
  /**
   * The tickets opened per type: every TICKET_TYPES key, 0 when none (their sum is `opened`; a
   * type not known, none today, is in `opened` only).
   */
  openedByType = openedByTypeNone();
  /** Tickets opened (received in the window) logged over 1 business hour after their receipt. */
  loggedLate = 0;
  /** Distinct customers of the tickets opened (those without one apart: see `openedWithout`). */
  served = new Set<string>();
  /** Whether a ticket opened had no customer. */
  openedWithout = false;
  openComplaints = 0;
  complaintBreaches = 0;
  complaintsNotReached = 0;
  repeatComplaints = 0;
  surveysSent = 0;
  surveysSentAnswered = 0;
  customerRatings: number[] = [];
  customerNps: number[] = [];
  /**
   * Per assignee (in order of first appearance) of the tickets resolved or first answered in the
   * window: what the digest's and the reports' per-agent figures are made of (`agentTicketFigures`).
   */
  agents = new Map<string | undefined, AgentTally>();
  private readonly from: number;
  private readonly to: number;

  /** `firstRecordAt`: when the workspace's first customer was recorded (`openedAt`). */
  constructor(
    window: { from: Date; to: Date },
    private readonly firstRecordAt?: Date,
  ) {
    this.from = window.from.getTime();
    this.to = window.to.getTime();
  }

  private inWindow(t: Date | undefined): boolean {
    if (t === undefined) return false;
    const ms = t.getTime();
    return this.from <= ms && ms < this.to;
  }

  /** A complaint's contact due in the window and not made by then. */
  private contactMissed(c: NonNullable<TicketFacts['complaint']>): boolean {
    // A contact owed no more before it fell due (the customer erased first) was not missed.
    return (
      this.inWindow(c.contactDueAt) &&
      !(c.contactedAt && c.contactedAt <= c.contactDueAt) &&
      !(c.contactWaivedAt && c.contactWaivedAt <= c.contactDueAt)
    );
  }

  /**
   * A complaint whose contact was missed in the window (`contactMissed`), though tried by its end:
   * the customer could not be reached ("Tried, could not reach" on its contact task).
   */
  private isNotReached(t: TicketFacts): boolean {
    const c = t.complaint;
    if (t.type !== 'complaint' || !c || !this.contactMissed(c)) return false;
    return !!c.attempts?.some((a) => a.at.getTime() < this.to);
  }

  private isComplaintBreach(t: TicketFacts): boolean {
    const c = t.complaint;
    if (t.type !== 'complaint' || !c) return false;
    const to = this.to;
    const before = (d: Date | undefined) => d !== undefined && d.getTime() < to;
    const contactMissed = this.contactMissed(c);
    const resolvedLate = this.inWindow(t.resolvedAt) && t.metrics.resolutionBreached === true;
    const openLate =
      !before(t.resolvedAt) && !before(t.closedAt) && before(t.receivedAt) && c.lateAtEnd === true;
    return contactMissed || resolvedLate || openLate;
  }

  private agentOf(id: string | undefined): AgentTally {
    let agent = this.agents.get(id);
    if (!agent) this.agents.set(id, (agent = emptyAgentTally()));
    return agent;
  }

  add(t: TicketFacts): void {
    // A duplicate merged into another ticket is nothing of the window's: its target counts.
    if (!countsInFigures(t)) return;
    const to = this.to;
    const m = t.metrics;
    const complaint = t.type === 'complaint';
    if (this.inWindow(openedAt(t, this.firstRecordAt))) {
      this.opened++;
      if (Object.hasOwn(this.openedByType, t.type)) this.openedByType[t.type as TicketType]++;
      if (t.customerId !== undefined) this.served.add(t.customerId);
      else this.openedWithout = true;
      // Logged late (manual A's 1 h), counted with the tickets opened and for who filed it.
      if (m.loggedLateMinutes) {
        this.loggedLate++;
        if (t.createdBy) this.agentOf(t.createdBy).loggedLate++;
      }
      if (complaint) {
        this.complaints++;
        if (t.complaint?.repeatOf?.length) this.repeatComplaints++;
      }
    }
    if (this.inWindow(t.resolvedAt)) {
      this.resolved++;
      if ((m.resolutionMinutes ?? Infinity) <= 72 * 60) this.resolvedWithin72h++;
      const onTime = m.resolutionBreached !== true;
      if (onTime) this.resolvedWithinSla++;
      if (m.firstContactResolution === true) this.resolvedAtFirstContact++;
      if (m.resolutionMinutes !== undefined) this.resolutionMinutes.push(m.resolutionMinutes);
      const next = nextReplyCounts(m);
      this.nextReplies += next.replies;
      this.nextRepliesInTime += next.inTime;
      const agent = this.agentOf(t.assigneeId);
      agent.handled++;
      if (onTime) agent.onTime++;
      if (m.firstContactResolution === true) agent.firstContact++;
      if (m.resolutionMinutes !== undefined) agent.minutes.push(m.resolutionMinutes);
    }
    if (this.inWindow(t.firstResponseAt)) {
      this.responded++;
      // Whoever gave it (a ticket answered before that was kept: its assignee).
      const agent = this.agentOf(m.firstResponseBy ?? t.assigneeId);
      agent.responded++;
      if (respondedOnTime(m)) {
        this.respondedOnTime++;
        agent.respondedOnTime++;
      }
      if (m.firstResponseMinutes !== undefined)
        this.firstResponseMinutes.push(m.firstResponseMinutes);
    }
    if (
      t.receivedAt !== undefined &&
      t.receivedAt.getTime() < to &&
      !(t.resolvedAt !== undefined && t.resolvedAt.getTime() < to) &&
      !(t.closedAt !== undefined && t.closedAt.getTime() < to)
    ) {
      this.backlog++;
      if (t.overdueAtEnd === true) this.overdue++;
      if (complaint) this.openComplaints++;
    }
    // The requesters' own surveys (#10): kept apart from the scores logged on revisit calls.
    const survey = t.survey;
    if (survey) {
      if (this.inWindow(survey.sentAt)) {
        this.surveysSent++;
        if (survey.satisfaction !== undefined) this.surveysSentAnswered++;
      }
      if (this.inWindow(survey.at)) {
        if (survey.satisfaction !== undefined) this.customerRatings.push(survey.satisfaction);
        if (survey.nps !== undefined) this.customerNps.push(survey.nps);
      }
    }
    if (this.isComplaintBreach(t)) this.complaintBreaches++;
    if (this.isNotReached(t)) this.complaintsNotReached++;
  }
}

/**
 * When a ticket counts as opened (the digest's and the reports' "Opened", the complaints opened
 * and the customers served), as `newFrom` dates a customer: when it was received, or when it was
 * entered (`createdAt`) if that is later. A ticket entered in time is opened in the week (or
 * month) it was received; one entered after that week ended (a phone call on Friday evening
 * typed in on Monday, received back-dated) is opened in the week it was entered: the first
 * week whose digest could count it, since the digest of its receipt's week went out without
 * it. Each ticket is opened once, in one week and one period, whenever they are built. Its
 * clocks stay timed from its receipt. Except the history a team brings to the desk: a ticket
 * received before the desk's first record (`firstRecordAt`) stays dated by its receipt.
 */
export function openedAt(
  t: Pick<TicketFacts, 'receivedAt' | 'createdAt'>,
  firstRecordAt: Date | undefined,
): Date {
  // A stored day's row may have no receipt (`at` of null): then nothing to date it by.
  const received = t.receivedAt as Date | undefined;
  const entered = t.createdAt;
  if (!received || !entered || entered.getTime() <= received.getTime()) return t.receivedAt;
  return isStartupHistory(received, firstRecordAt) ? received : entered;
}

/** Every ticket type with a count of 0. */
function openedByTypeNone(): Record<TicketType, number> {
  return Object.fromEntries(TICKET_TYPES.map((type) => [type, 0])) as Record<TicketType, number>;
}

/** The tally of `tickets` over `window`. */
export function ticketTally(
  window: { from: Date; to: Date },
  tickets: TicketFacts[],
  firstRecordAt?: Date,
): TicketTally {
  const tally = new TicketTally(window, firstRecordAt);
  for (const t of tickets) tally.add(t);
  return tally;
}

const ratioOf = (part: number, whole: number) => (whole === 0 ? null : part / whole);

/**
 * The week's figures. `tally`, when given, is `input.tickets` already counted (the tickets are
 * then not passed again).
 */
export function weekFigures(input: FigureInputs, tally?: TicketTally): WeekFigures {
  const { window, tasks, customers, changes } = input;
  const from = window.from.getTime();
  const to = window.to.getTime();
  const inWeek = (t: Date | undefined) =>
    t !== undefined && from <= t.getTime() && t.getTime() < to;
  const inWeekDate = (d: string | undefined) =>
    d !== undefined && window.fromDate <= d && d < window.toDate;
  const before = (t: Date | undefined, limit: number) => t !== undefined && t.getTime() < limit;

  // Tickets, in one pass (a quarter's report passes tens of thousands).
  const k = tally ?? ticketTally(window, input.tickets, input.firstRecordAt);

  // The follow-ups done in the week (each person's count), and the ratings logged on the 3-7-30
  // ones among them.
  const followUpsDoneInWeek = tasks.filter(
    (k) => countsAsFollowUp(k.kind) && k.status === 'done' && inWeek(k.doneAt),
  );
  const doneInWeek = followUpsDoneInWeek.filter((k) => isFollowUp(k.kind));
  const rated = doneInWeek.filter((k) => k.satisfaction !== undefined);
  const ratings = present(rated.map((k) => k.satisfaction));
  const npsAnswers = present(doneInWeek.map((k) => k.nps));
  const followUps = tasks.filter(
    (k) => countsAsFollowUp(k.kind) && inWeekDate(k.dueDate) && dueFollowUp(k),
  );
  // Closed as "customer not reached": out of the due ones and the on-time share, counted apart
  // (and per agent, for who closed them).
  const notReached = tasks.filter((k) => closedNotReached(k) && inWeekDate(k.dueDate));
  const followUpsNotReached = notReached.length;
  const followUpsMoved = tasks.filter(
    (k) => countsAsFollowUp(k.kind) && (k.movedLater ?? []).some((at) => inWeek(at)),
  ).length;

  // Upgrade intents handed to sales: their owners' tasks planned in the week, and done by its end.
  // Not one cancelled (not needed: planned by mistake, a duplicate; or its customer erased).
  const intents = tasks.filter(
    (k) => k.kind === 'upgrade' && inWeek(k.createdAt) && k.status !== 'cancelled',
  );
  const intentsDone = intents.filter((k) => k.status === 'done' && before(k.doneAt, to));

  // Customers
  const weekChanges = changes.filter((c) => inWeek(c.at));
  // Each customer up or down once, by its tier at the week's end against its start: the moves
  // the digest and the reports list (`tierMoves`), counted.
  const shifts = tierShifts(customers, input.tiers ?? tiersOverWindow(customers, changes, window));
  const lifecycleTo = (value: string) =>
    weekChanges.filter((c) => c.field === 'lifecycle' && c.newValue === value);
  // Customers proper: not leads (prospects) and not gone (churned), at the instant asked.
  const lifecycles = lifecycleChanges(changes);
  const isCustomerAt = (c: CustomerFacts, at: number) =>
    before(c.createdAt, at) &&
    !['prospect', 'churned'].includes(String(lifecycleAt(c, lifecycles, at)));
  const existing = customers.filter((c) => isCustomerAt(c, to));
  // The leads left out of `existing`, counted so the per-tier line can say what it leaves out.
  const prospects = customers.filter(
    (c) => before(c.createdAt, to) && String(lifecycleAt(c, lifecycles, to)) === 'prospect',
  ).length;
  const base = customers.filter((c) => isCustomerAt(c, from));
  const churnedIds = churnedAmong(base, changes, window);

  // Per agent: who resolved or first answered tickets in the week, did follow-ups in it or was
  // rated in it.
  const perAgent = agentFigures(k, followUpsDoneInWeek, notReached, rated).map(
    (mine): AgentFigures => ({
      ...mine,
      satisfaction: score(
        present(rated.filter((k) => k.agentId === mine.agentId).map((k) => k.satisfaction)),
      ),
    }),
  );
  perAgent.sort(
    (a, b) => b.handled - a.handled || (a.agentId < b.agentId ? -1 : a.agentId > b.agentId ? 1 : 0),
  );

  // Complaints (#12)
  const served = k.served.size;

  return {
    opened: k.opened,
    openedByType: { ...k.openedByType },
    resolved: k.resolved,
    backlog: k.backlog + (input.counted?.backlog ?? 0),
    overdue: k.overdue + (input.counted?.overdue ?? 0),
    responded: k.responded,
    responseOnTime: ratioOf(k.respondedOnTime, k.responded),
    resolvedWithin72h: ratioOf(k.resolvedWithin72h, k.resolved),
    resolvedWithinSla: ratioOf(k.resolvedWithinSla, k.resolved),
    nextReplies: k.nextReplies,
    nextRepliesInTime: k.nextRepliesInTime,
    nextReplyOnTime: ratioOf(k.nextRepliesInTime, k.nextReplies),
    firstContactResolution: ratioOf(k.resolvedAtFirstContact, k.resolved),
    medianFirstResponseMinutes: median(k.firstResponseMinutes),
    medianResolutionMinutes: median(k.resolutionMinutes),
    complaints: k.complaints,
    complaintRate: served ? k.complaints / served : null,
    complaintsPer100: k.opened ? Math.round((1000 * k.complaints) / k.opened) / 10 : null,
    openComplaints: k.openComplaints,
    complaintBreaches: k.complaintBreaches,
    complaintsNotReached: k.complaintsNotReached,
    repeatComplaints: k.repeatComplaints,
    satisfaction: score(ratings),
    satisfactionResponses: ratings.length,
    verySatisfiedShare: share(ratings, (r) => r === 5),
    nps: netPromoterScore(npsAnswers),
    npsResponses: npsAnswers.length,
    customerSatisfaction: score(k.customerRatings),
    customerSatisfactionResponses: k.customerRatings.length,
    customerNps: netPromoterScore(k.customerNps),
    customerNpsResponses: k.customerNps.length,
    surveysSent: k.surveysSent,
    surveyResponseRate: ratioOf(k.surveysSentAnswered, k.surveysSent),
    revisitsDue: followUps.length,
    revisitsOnTime: share(
      followUps,
      (k) => k.status === 'done' && k.doneDate !== undefined && k.doneDate <= k.dueDate,
    ),
    followUpsNotReached,
    followUpsMoved,
    byTier: {
      strategic: existing.filter((c) => c.tier === 'strategic').length,
      key: existing.filter((c) => c.tier === 'key').length,
      normal: existing.filter((c) => c.tier === 'normal').length,
    },
    prospects,
    tierUps: shifts.ups,
    tierDowns: shifts.downs,
    newCustomers: customers.filter((c) => inWeek(newFrom(c, input.firstRecordAt))).length,
    lateRecords: customers.filter((c) => c.recordedLateAt && inWeek(c.recordedLateAt)).length,
    loggedLate: k.loggedLate,
    // The customers warned in the week, each once however often they were warned in it.
    churnWarnings: new Set(lifecycleTo('churn_warning').map((c) => c.customerId)).size,
    upgradeIntents: intents.length,
    upgradeIntentsDone: intentsDone.length,
    churned: churnedIds.size,
    retention: share(base, (c) => !churnedIds.has(c.id)),
    perAgent,
  };
}

/**
 * The digest's "Low-risk customers": how many customers were of the low churn risk class on
 * `day` (the week's last day), by the history each holds as the daily signals run stored it
 * (its stretches: since when, until when; signal-rules.ts `lowRiskOn`). Undefined (not known,
 * shown "–") when the signals run had computed it for no customer by `day`, or when a customer's
 * history no longer goes back to `day` (its older stretches dropped: `cut`).
 */
export function lowRiskCustomers(
  customers: readonly { lowRisk?: LowRiskState | undefined }[],
  day: string,
): number | undefined {
  const known = customers.some((c) => {
    const from = lowRiskKnownFrom(c.lowRisk);
    return !!from && from <= day;
  });
  if (!known || customers.some((c) => c.lowRisk?.cut && c.lowRisk.cut > day)) return undefined;
  return customers.filter((c) => lowRiskOn(c.lowRisk, day)).length;
}

/**
 * Each customer's tier at the window's start and at its end: its tier now (`tier`) rolled back
 * through its tier changes logged at or after each instant (the old value of the first one; of
 * changes at the same instant, the first listed), so `changes` must hold every tier change
 * since the window's start. The window is half-open, [from, to): a change at exactly `from`
 * (local midnight) is the window's, one at exactly `to` the next window's. The one derivation
 * behind the tier moves of the digest and the reports: a customer moved when the two differ,
 * once however often its tier changed between (one that moved up and back did not move);
 * `tierShifts` counts them up and down, and report-figures.ts `tierMoves` names them.
 */
export function tiersOverWindow(
  customers: readonly { id: string; tier: Tier }[],
  changes: readonly ChangeFacts[],
  window: { from: Date; to: Date },
): Map<string, TierSpan> {
  const from = window.from.getTime();
  const to = window.to.getTime();
  // Per customer, its first tier change at or after each instant.
  const firstAfter = new Map<string, { start?: ChangeFacts; end?: ChangeFacts }>();
  for (const c of changes) {
    if (c.field !== 'tier') continue;
    const t = c.at.getTime();
    if (t < from) continue;
    let first = firstAfter.get(c.customerId);
    if (!first) firstAfter.set(c.customerId, (first = {}));
    if (!first.start || t < first.start.at.getTime()) first.start = c;
    if (t >= to && (!first.end || t < first.end.at.getTime())) first.end = c;
  }
  const out = new Map<string, TierSpan>();
  for (const c of customers) {
    const first = firstAfter.get(c.id);
    out.set(c.id, {
      start: first?.start ? (first.start.oldValue as Tier) : c.tier,
      end: first?.end ? (first.end.oldValue as Tier) : c.tier,
    });
  }
  return out;
}

/**
 * What made each customer's tier move in the window (report-figures.ts `tierMoves`): its last
 * tier change in the window (the one that put it on its tier at the window's end), told by the
 * change log. A manager's override is logged in the same write as the tier it moves (the same
 * customer and instant: a `tierOverride` entry beside the `tier` one): set or changed, the move
 * is the override's; taken away, the override's lifting; a tier change with no override beside
 * it is the desk's reckoning from the annual purchases (an order, an edit of the figure, the
 * thresholds, the quarterly review). Only the entries' fields and instants are read, never the
 * override's reason. Customers with no tier change in the window are absent.
 */
export function tierMoveCauses(
  changes: readonly ChangeFacts[],
  window: { from: Date; to: Date },
): Map<string, TierMoveCause> {
  const from = window.from.getTime();
  const to = window.to.getTime();
  const last = new Map<string, ChangeFacts>();
  const overrides = new Map<string, ChangeFacts>();
  for (const c of changes) {
    const t = c.at.getTime();
    if (t < from || t >= to) continue;
    if (c.field === 'tier') {
      const seen = last.get(c.customerId);
      if (!seen || t >= seen.at.getTime()) last.set(c.customerId, c);
    } else if (c.field === 'tierOverride') overrides.set(`${c.customerId} ${t}`, c);
  }
  const out = new Map<string, TierMoveCause>();
  for (const [id, change] of last) {
    const override = overrides.get(`${id} ${change.at.getTime()}`);
    out.set(id, !override ? 'revenue' : override.newValue == null ? 'overrideLifted' : 'override');
  }
  return out;
}

/**
 * How many of `customers` ended the window (`tiers`, from `tiersOverWindow`) on a higher tier
 * than they started it, and how many on a lower one; a tier of no known rank moves neither way.
 */
export function tierShifts(
  customers: readonly { id: string }[],
  tiers: ReadonlyMap<string, TierSpan>,
): { ups: number; downs: number } {
  let ups = 0;
  let downs = 0;
  for (const c of customers) {
    const span = tiers.get(c.id);
    if (!span) continue;
    const move = (TIER_RANK[String(span.end)] ?? NaN) - (TIER_RANK[String(span.start)] ?? NaN);
    if (move > 0) ups++;
    else if (move < 0) downs++;
  }
  return { ups, downs };
}

/**
 * Net promoter score -100..100 of 0-10 answers, to one decimal as the digest shows scores (11
 * promoters and 2 passives of 13 are 84.6, short of a target of 85; weeks stored before held it
 * rounded to a whole number, which reads as it is); null when there are none.
 */
export function netPromoterScore(answers: number[]): number | null {
  if (answers.length === 0) return null;
  const promoters = answers.filter((n) => n >= 9).length;
  const detractors = answers.filter((n) => n <= 6).length;
  return Math.round((1000 * (promoters - detractors)) / answers.length) / 10;
}

/**
 * When a customer counts as new (the digest's and the reports' "New customers", the referral
 * share's new customers): its first contact (the start of its local day), or when its record
 * was created if that is later. A file recorded in time is new in the week (or month) of its
 * first contact; one recorded after that week ended (late, back-dated, imported) is new in the
 * week it was recorded: the first week whose digest could count it, since the digest of its
 * first contact's week went out without it. Every customer is new once, in one week and one
 * month, whenever a period is built or rebuilt.
 *
 * Except the history a team brings to the desk: a customer first contacted before the desk's
 * first record (`firstRecordAt`, the change log's earliest `created` entry) was never the desk's
 * to report, and stays dated by its first contact, so the files typed in or imported when a team
 * starts with the desk do not all read as new customers of that week.
 */
export function newFrom(
  c: { createdAt: Date; recordedAt?: Date },
  firstRecordAt: Date | undefined,
): Date {
  const first = c.createdAt.getTime();
  const history = isStartupHistory(c.createdAt, firstRecordAt);
  return c.recordedAt && c.recordedAt.getTime() > first && !history ? c.recordedAt : c.createdAt;
}

/**
 * When each customer's record was created, from the change log's `created` entries among
 * `changes` (the customers created since the changes were read from).
 */
export function recordedAtOf(changes: readonly ChangeFacts[]): Map<string, Date> {
  const out = new Map<string, Date>();
  for (const c of changes) if (c.field === 'created') out.set(c.customerId, c.at);
  return out;
}

/**
 * The customers who churned in a window, the one set behind every "churned" figure (the digest's
 * Churned and retention; a report's Churned, churn rate, churn reasons and each tier's churned):
 * of `atStart`, the customers proper at the window's start (first contact before it, neither
 * prospect nor churned then), those whose lifecycle changed to churned in the window, each once
 * however many times it churned. A lead (prospect) marked churned is a lost lead, not a lost
 * customer, and a customer first contacted in the window was not among those who could churn
 * (the churn rate's denominator, the retention's base): both are left out.
 */
export function churnedAmong(
  atStart: readonly { id: string }[],
  changes: readonly ChangeFacts[],
  window: { from: Date; to: Date },
): Set<string> {
  const churned = churnedIn(changes, window);
  return new Set(atStart.filter((c) => churned.has(c.id)).map((c) => c.id));
}

/**
 * The ids of the customers whose lifecycle changed to churned in the window, leads and new
 * customers included (a report reads their recorded reasons; `churnedAmong` keeps those that
 * count).
 */
export function churnedIn(
  changes: readonly ChangeFacts[],
  window: { from: Date; to: Date },
): Set<string> {
  const from = window.from.getTime();
  const to = window.to.getTime();
  const churned = new Set<string>();
  for (const c of changes) {
    if (c.field !== 'lifecycle' || c.newValue !== 'churned') continue;
    const t = c.at.getTime();
    if (from <= t && t < to) churned.add(c.customerId);
  }
  return churned;
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
 * A customer's lifecycle as a window starting or ending at instant `at` finds it (just before
 * `at`): the old value of its first lifecycle change at or after `at` (the earliest; of changes
 * at the same instant, the first listed), else its current one. A change at exactly a window's
 * start is the window's, as `churnedIn` counts it.
 */
function lifecycleAt(
  customer: CustomerFacts,
  lifecycles: Map<string, ChangeFacts[]>,
  at: number,
): unknown {
  let first: ChangeFacts | undefined;
  for (const c of lifecycles.get(customer.id) ?? []) {
    if (c.at.getTime() < at) continue;
    if (!first || c.at.getTime() < first.at.getTime()) first = c;
  }
  return first ? first.oldValue : customer.lifecycle;
}
