/** Pure rules of follow-up and care tasks: kinds, due dates, reminders. No I/O. */
import { addDays, differenceInCalendarDays, parseISO, format } from 'date-fns';
import type { Tier } from '../customer/rules.js';

export const TASK_KINDS = ['revisit', 'guide', 'checkin', 'care', 'winback'] as const;
export type TaskKind = (typeof TASK_KINDS)[number];

/** The follow-ups of a resolution (domain 3-7-30): revisit, guide, account manager check-in. */
export const FOLLOW_UP_KINDS: readonly TaskKind[] = ['revisit', 'guide', 'checkin'];

export const TASK_STATUSES = ['open', 'done', 'cancelled'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** The executor is reminded this many days before the due date, and again on the day. */
export const REMINDER_LEAD_DAYS = 3;

/** A win-back call is due this many days after the churn warning. */
export const WINBACK_DAYS = 7;

/** `YYYY-MM-DD` plus whole calendar days. */
export function addDaysToDate(date: string, days: number): string {
  return format(addDays(parseISO(date), days), 'yyyy-MM-dd');
}

/** Calendar days from `from` to `to` (both `YYYY-MM-DD`). */
export function daysBetween(from: string, to: string): number {
  return differenceInCalendarDays(parseISO(to), parseISO(from));
}

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
 * `early` within the lead days before it; each is sent once.
 */
export function reminderOwed(task: ReminderState, today: string): 'due' | 'early' | null {
  const left = daysBetween(today, task.dueDate);
  if (left <= 0) return task.reminders.due ? null : 'due';
  if (left <= REMINDER_LEAD_DAYS && !task.reminders.early && !task.reminders.due) return 'early';
  return null;
}
