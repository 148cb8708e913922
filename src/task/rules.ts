/** Pure rules of follow-up and care tasks: due dates, reminders. No I/O. */
import { erased, optsOut } from '../customer/rules.js';
import type { CustomerRecord, Declaring, Lifecycle, Tier, ValueClass } from '../customer/types.js';
import type { Translate } from '../i18n/index.js';
import { addDaysToDate, localDate } from '../time.js';
import type { WorkspaceSettings } from '../workspace/settings.js';
import { workingDayOnOrBefore, workingDaysAfter } from '../workspace/calendar.js';
import {
  madeByHand,
  type ReminderKind,
  type TaskKind,
  type TaskOutcome,
  type TaskRecord,
} from './types.js';

/** The lifecycles that get care contacts: customers, not leads, and not the ones gone. */
export const CARED_FOR: ReadonlySet<string> = new Set([
  'new',
  'growing',
  'stable',
  'active',
  'churn_warning',
]);

/**
 * Whether the care plan makes care contacts with the customer: a customer (not a lead, not gone)
 * or a key-potential prospect, unless every contact on file opted out of care.
 */
export function careContacted(
  customer: Pick<CustomerRecord, 'lifecycle' | 'potential' | 'contacts'>,
): boolean {
  const keyProspect = customer.lifecycle === 'prospect' && customer.potential === 'key';
  if (!CARED_FOR.has(customer.lifecycle) && !keyProspect) return false;
  return !(customer.contacts.length > 0 && customer.contacts.every((c) => optsOut(c, 'care')));
}

/**
 * Whether a resolution of the customer's ticket is followed up (the 3-7-30 revisit, guide and
 * check-in calls): not when every contact on file opted out of care (回访, as careContacted
 * reads it), nor for a customer erased whole.
 */
export function followedUp<C>(
  customer: Declaring<C, Pick<CustomerRecord, 'contacts' | 'erasedAt'>>,
): boolean {
  if (erased(customer)) return false;
  return !(customer.contacts.length > 0 && customer.contacts.every((c) => optsOut(c, 'care')));
}

/**
 * The Wednesdays of the week of `today` (Monday to Sunday) and of the next week: the days a
 * running project's weekly progress note is for (domain 5, manual E: every Wednesday).
 */
export function progressWednesdays(today: string): [string, string] {
  const weekday = new Date(`${today}T00:00:00Z`).getUTCDay() || 7;
  const wednesday = addDaysToDate(today, 3 - weekday);
  return [wednesday, addDaysToDate(wednesday, 7)];
}

/**
 * The day the week of `wednesday` owes its progress note: that Wednesday, or the working day
 * before it in the same week; null for a week off from its Monday to its Wednesday (a long
 * holiday): the working day before is the previous week's, whose own note it is.
 */
export function progressDue(settings: WorkspaceSettings, wednesday: string): string | null {
  const due = workingDayOnOrBefore(settings, wednesday);
  return due < addDaysToDate(wednesday, -2) ? null : due;
}

/** The executor is reminded this many days before the due date, and again on the day. */
export const REMINDER_LEAD_DAYS = 3;

/** A win-back call is due this many days after the churn warning. */
export const WINBACK_DAYS = 7;

/**
 * The follow-ups of a ticket resolved on `resolvedDate`, one per configured day (default
 * 3, 7, 30): the first is the revisit (solved? satisfaction, NPS), the last the account
 * manager's check-in, any between send the guide and offer a Q&A.
 */
export function followUpPlan(
  revisitDays: number[],
  resolvedDate: string,
): { kind: TaskKind; day: number; dueDate: string }[] {
  const days = [...new Set(revisitDays)].sort((a, b) => a - b);
  return days.map((day, i) => ({
    kind: i === 0 ? 'revisit' : i === days.length - 1 ? 'checkin' : 'guide',
    day,
    dueDate: addDaysToDate(resolvedDate, day),
  }));
}

/**
 * The due date a task is judged by: whether it was done on time, and the week or period it
 * counts as due in (the digest's and the reports' "Follow-ups done on time" and "Follow-ups
 * due"). A task made by hand: its due date now (its maker set it, and may set it again). A task
 * the desk planned (a 3-7-30 revisit, guide or check-in, a care call): its first due date, which
 * a Change due date moves only when it is made while the task is not yet late, on or before the
 * day it was due then; a move made after that day does not make it on time. Whoever moves it
 * (its executor, the customer's owner, a manager): the move is judged by when it was made.
 */
export function judgedDueDate(
  task: Pick<TaskRecord, 'dueDate' | 'createdBy'> & {
    rescheduled?: { from: string; to: string; at: Date }[] | undefined;
  },
  timeZone: string,
): string {
  const moves = task.rescheduled;
  if (madeByHand(task) || !moves?.length) return task.dueDate;
  let due = moves[0]!.from;
  for (const move of moves) if (localDate(move.at, timeZone) <= due) due = move.to;
  return due;
}

/** When the next care contact of a customer is due: the tier's cadence after the last contact. */
export function careDueDate(
  lastContactDate: string,
  tier: Tier,
  cadenceDays: Record<Tier, number>,
): string {
  return addDaysToDate(lastContactDate, cadenceDays[tier]);
}

/** Manual C's segment rows and the tiers they apply to (a workspace setting). */
export type SegmentCadence = WorkspaceSettings['segmentCadence'];

/**
 * The care contact a customer's plan asks for: manual C's row by segment and stage (VIP a visit,
 * a potential customer a call every `potentialCall` days, a stable one every `stableCall`) when
 * the customer's tier is one the rows apply to (`segment.tiers`), else the tier's cadence; its
 * task kind and how many days after the last contact it is due. A VIP customer also gets a
 * quarterly business review (`qbrDueDate`), whatever its tier.
 */
export function carePlan(
  customer: { valueClass?: ValueClass | undefined; lifecycle: Lifecycle; tier: Tier },
  cadenceDays: Record<Tier, number>,
  segment: SegmentCadence,
): { kind: 'care' | 'call' | 'visit'; days: number } {
  const tierCadence = { kind: 'care', days: cadenceDays[customer.tier] } as const;
  if (!segment.tiers.includes(customer.tier)) return tierCadence;
  if (customer.valueClass === 'vip') return { kind: 'visit', days: segment.vipVisit };
  if (customer.valueClass === 'potential') return { kind: 'call', days: segment.potentialCall };
  if (customer.lifecycle === 'stable')
    return { kind: 'call', days: Math.min(segment.stableCall, cadenceDays[customer.tier]) };
  return tierCadence;
}

/**
 * Why the care plan asks for that contact, for the task's own words: the row of manual C's
 * table that applies (as `carePlan` picks it: only for a tier in `segmentTiers`), or the tier's
 * cadence; a key potential lead (`prospect`) is cared for at its service tier's.
 */
export function careReason(
  customer: { valueClass?: ValueClass | undefined; lifecycle: Lifecycle; tier: Tier },
  segmentTiers: readonly Tier[],
): 'vip' | 'potential' | 'stable' | 'prospect' | 'tier' {
  if (segmentTiers.includes(customer.tier)) {
    if (customer.valueClass === 'vip') return 'vip';
    if (customer.valueClass === 'potential') return 'potential';
    if (customer.lifecycle === 'stable') return 'stable';
  }
  return customer.lifecycle === 'prospect' ? 'prospect' : 'tier';
}

/** The quarter of a date (`2026-Q4`) and its last day, when a VIP's business review is due. */
export function qbrDueDate(today: string): { quarter: string; dueDate: string } {
  const year = Number(today.slice(0, 4));
  const q = Math.floor((Number(today.slice(5, 7)) - 1) / 3) + 1;
  const lastDay = ['03-31', '06-30', '09-30', '12-31'][q - 1]!;
  return { quarter: `${year}-Q${q}`, dueDate: `${year}-${lastDay}` };
}

/**
 * The tiers whose customers get the quarterly satisfaction survey (domain 3: the key tier's
 * "quarterly satisfaction survey"; strategic customers are above the key threshold and get it
 * too). The tier in force (a manager's override included), not a key potential lead's service
 * tier: a lead has bought nothing to rate.
 */
export const SURVEY_TIERS: ReadonlySet<Tier> = new Set(['strategic', 'key']);

/** The natural key of a customer's satisfaction survey of a quarter (`2026-Q4`). */
export function surveyTaskId(teamId: string, customerId: string, quarter: string): string {
  return `${teamId}:survey:${customerId}:${quarter}`;
}

/** Greeting tasks are planned this many days before the holiday. */
export const GREETING_LEAD_DAYS = 3;

/** A planned greeting still open this many working days after its due day is cancelled
 * (`expired`): its holiday is over, a greeting is pointless after it. */
export const GREETING_EXPIRY_WORKING_DAYS = 3;

/**
 * The day a greeting due `dueDate` expires: the `GREETING_EXPIRY_WORKING_DAYS`th working day
 * after it, so a long holiday's days off do not eat the days the greetings can still be made.
 */
export function greetingExpiryDate(
  dueDate: string,
  settings: Pick<WorkspaceSettings, 'businessHours'>,
): string {
  return workingDaysAfter(settings, dueDate, GREETING_EXPIRY_WORKING_DAYS);
}

export interface ReminderState {
  dueDate: string;
  reminders: { early?: Date; due?: Date };
}

/**
 * Which reminder an open task is owed today: `due` on (or, after downtime, past) its due date,
 * `early` within the lead days before it; each is sent once. Both land on working days:
 * `workingDay` maps a date to itself or the working day before it (the workspace calendar), so
 * a task due on a Sunday is reminded on the Friday, and the early reminder three days ahead
 * that falls on a holiday comes on the last working day before it.
 */
export function reminderOwed(
  task: ReminderState,
  today: string,
  workingDay: (date: string) => string = (date) => date,
): ReminderKind | null {
  const dueDay = workingDay(task.dueDate);
  if (today >= dueDay) return task.reminders.due ? null : 'due';
  const earlyDay = workingDay(addDaysToDate(task.dueDate, -REMINDER_LEAD_DAYS));
  if (today >= earlyDay && !task.reminders.early && !task.reminders.due) return 'early';
  return null;
}

/** The summary logged for a revisit whose executor only gave the scores. */
export function revisitSummary(
  t: Translate,
  task: Pick<TaskRecord, 'ticketNumber'>,
  outcome: Pick<TaskOutcome, 'solved' | 'satisfaction' | 'nps'>,
): string {
  return t.plain(outcome.solved === false ? 'task.summary.unsolved' : 'task.summary.solved', {
    number: task.ticketNumber ?? '',
    satisfaction: outcome.satisfaction ?? '-',
    nps: outcome.nps ?? '-',
  });
}
