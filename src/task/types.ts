/** The task vocabulary and records: what every other layer may know of tasks. */
import type { InteractionType } from '../customer/types.js';

/** `recovery`: the account manager's call after a requester's low survey score (#10). */
export const TASK_KINDS = ['revisit', 'guide', 'checkin', 'care', 'winback', 'recovery'] as const;
export type TaskKind = (typeof TASK_KINDS)[number];

/** The follow-ups of a resolution (domain 3-7-30): revisit, guide, account manager check-in. */
export const FOLLOW_UP_KINDS: readonly TaskKind[] = ['revisit', 'guide', 'checkin'];

export const TASK_STATUSES = ['open', 'done', 'cancelled'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export interface TaskOutcome {
  interactionType: InteractionType;
  summary: string;
  solved?: boolean;
  satisfaction?: number;
  nps?: number;
  feedback?: string;
}

/** A task as the app sees it: a plain object, never a live document. */
export interface TaskRecord {
  id: string;
  teamId: string;
  kind: TaskKind;
  status: TaskStatus;
  customerId: string;
  customerCode: string;
  customerName: string;
  ticketId?: string;
  ticketNumber?: string;
  cycle?: number;
  assigneeId: string;
  agentId?: string;
  dueDate: string;
  reminders: { early?: Date; due?: Date };
  outcome?: TaskOutcome;
  doneBy?: string;
  doneAt?: Date;
  doneDate?: string;
  cancelledAt?: Date;
  cancelReason?: string;
  createdAt: Date;
}

export type NewTask = Omit<TaskRecord, 'createdAt' | 'status' | 'reminders'>;

export type ReminderKind = 'early' | 'due';
