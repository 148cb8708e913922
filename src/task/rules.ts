/** Pure rules of follow-up and care tasks: due dates, reminders. No I/O. */
import type { Tier } from '../customer/types.js';
import type { Translate } from '../i18n/index.js';
import { addDaysToDate } from '../time.js';
import type { ReminderKind, TaskKind, TaskOutcome, TaskRecord } from './types.js';

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

/** When the next care contact of a customer is due: the tier's cadence after the last contact. */
export function careDueDate(
  lastContactDate: string,
  tier: Tier,
  cadenceDays: Record<Tier, number>,
): string {
  return addDaysToDate(lastContactDate, cadenceDays[tier]);
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
