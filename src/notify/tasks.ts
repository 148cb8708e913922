import type { Ctx } from '../context.js';
import type { OutboxService } from '../outbox/service.js';
import type { ReminderKind, TaskRecord } from '../task/types.js';
import { localDate } from '../time.js';
import { textMessage } from '../ui/blocks.js';
import {
  approverDone,
  approverPlanned,
  greetingList,
  overdueList,
  surveyLowNotice,
  taskTitle,
  type SurveyLowAnswer,
} from '../ui/task.js';
import { keep } from '../ui/text.js';
import { ownersManagers } from '../workspace/types.js';
import type { OutboxData } from './types.js';

/**
 * What the daily tasks run says, written to the outbox: each task's reminder (due in three days,
 * or today), which go out as one DM per executor with a Done button each (twenty a DM, as many
 * DMs as it takes), and the list of overdue tasks to each manager (else the alerts channel).
 */
export class TaskNotifier {
  constructor(private readonly outbox: OutboxService) {}

  async remind(ctx: Ctx, owed: { task: TaskRecord; which: ReminderKind }[]): Promise<string[]> {
    return this.outbox.enqueue(
      ctx,
      owed.map(({ task, which }) => ({
        // Per due day: a task moved to another day is reminded again for it (a task never moved
        // keeps the key reminders had before moves existed, so none is sent twice at an upgrade).
        key: `reminder:${task.id}:${which}${task.rescheduled?.length ? `:moved${task.rescheduled.length}` : ''}`,
        kind: 'reminder' as const,
        to: task.assigneeId,
        group: `reminders:${task.assigneeId}`,
        data: { task } satisfies OutboxData['reminder'],
        quiet: true,
      })),
    );
  }

  /** A task someone planned for another person: the executor gets it in a DM with Done. */
  async assigned(ctx: Ctx, task: TaskRecord): Promise<string[]> {
    return this.outbox.enqueue(ctx, [
      {
        key: `assigned:${task.id}`,
        kind: 'reminder' as const,
        to: task.assigneeId,
        group: `reminders:${task.assigneeId}`,
        data: { task } satisfies OutboxData['reminder'],
        quiet: true,
      },
    ]);
  }

  /**
   * A task planned by hand with an approver (who did not plan it): they are told, with Done,
   * Change due date and Open customer. Once per task.
   */
  async toApprover(ctx: Ctx, task: TaskRecord): Promise<string[]> {
    if (!task.approverId || task.approverId === ctx.actor) return [];
    return this.outbox.enqueue(ctx, [
      {
        key: `approver:planned:${task.id}`,
        kind: 'message' as const,
        to: task.approverId,
        data: {
          message: approverPlanned(ctx.t, task, ctx.actor, ctx.today),
        } satisfies OutboxData['message'],
        quiet: true,
      },
    ]);
  }

  /**
   * A task its approver signs off was done (by someone else): they are told what its Done modal
   * recorded. Once per task.
   */
  async doneToApprover(ctx: Ctx, task: TaskRecord): Promise<string[]> {
    if (!task.approverId || task.approverId === ctx.actor) return [];
    return this.outbox.enqueue(ctx, [
      {
        key: `approver:done:${task.id}`,
        kind: 'message' as const,
        to: task.approverId,
        data: { message: approverDone(ctx.t, task) } satisfies OutboxData['message'],
        quiet: true,
      },
    ]);
  }

  /** A task someone else moved to another day: its executor is told, from when to when. */
  async rescheduled(ctx: Ctx, task: TaskRecord, from: string): Promise<string[]> {
    return this.outbox.enqueue(ctx, [
      {
        key: `rescheduled:${task.id}:${from}:${task.dueDate}:${ctx.now.getTime()}`,
        kind: 'message' as const,
        to: task.assigneeId,
        data: {
          message: textMessage(
            ctx.t('task.due.toExecutor', {
              by: ctx.actor,
              task: keep(taskTitle(ctx.t, task)),
              from,
              date: task.dueDate,
            }),
          ),
        } satisfies OutboxData['message'],
        quiet: true,
      },
    ]);
  }

  /**
   * A low quarterly satisfaction survey (`task`, the survey done): the owner's managers (every
   * manager when none is linked to them) told, as of a requester's low score; once per survey
   * and manager.
   */
  async surveyLow(ctx: Ctx, task: TaskRecord, answer: SurveyLowAnswer): Promise<string[]> {
    const message = surveyLowNotice(ctx.t, { task, ...answer });
    return this.outbox.enqueue(
      ctx,
      ownersManagers(ctx.settings, task.assigneeId).map((manager) => ({
        key: `survey-low:${task.id}:${manager}`,
        kind: 'message' as const,
        to: manager,
        data: { message } satisfies OutboxData['message'],
      })),
    );
  }

  /**
   * The greeting tasks planned today, one DM per owner listing them all (keyed per owner and
   * day, so a repeated run sends it once).
   */
  async greetings(
    ctx: Ctx,
    planned: { holiday: string; date: string; tasks: TaskRecord[] }[],
  ): Promise<string[]> {
    const owners = [...new Set(planned.flatMap((p) => p.tasks.map((task) => task.assigneeId)))];
    return this.outbox.enqueue(
      ctx,
      owners.map((owner) => ({
        key: `greetings:${owner}:${ctx.today}`,
        kind: 'message' as const,
        to: owner,
        data: {
          message: greetingList(
            ctx.t,
            planned
              .map((p) => ({ ...p, tasks: p.tasks.filter((task) => task.assigneeId === owner) }))
              .filter((p) => p.tasks.length),
            ctx.today,
          ),
        } satisfies OutboxData['message'],
        quiet: true,
      })),
    );
  }

  /**
   * The overdue list of the day, to each manager, else the alerts (or triage) channel. A manager
   * who is told of their own task today by its reminder (a task past due reminded after
   * downtime: its due reminder recorded today, before the list is made) does not find it in
   * their list as well: one DM a day about one task. Read from the stored reminder, so a run
   * repeated or racing on another instance makes the same list (keyed per manager and day).
   */
  async overdue(
    ctx: Ctx,
    tasks: TaskRecord[],
    links: ReadonlyMap<string, string> = new Map(),
  ): Promise<string[]> {
    if (!tasks.length) return [];
    const { settings } = ctx;
    const fallback = settings.channels.alerts ?? settings.channels.triage;
    const targets = settings.managers.length ? settings.managers : fallback ? [fallback] : [];
    if (!targets.length)
      ctx.log.warn(
        { overdue: tasks.length },
        'overdue tasks: no manager or alerts channel to tell',
      );
    const remindedToday = (task: TaskRecord) =>
      !!task.reminders.due && localDate(task.reminders.due, settings.timeZone) === ctx.today;
    const lists = targets.flatMap((to) => {
      const theirs = tasks.filter((task) => !(task.assigneeId === to && remindedToday(task)));
      return theirs.length ? [{ to, theirs }] : [];
    });
    return this.outbox.enqueue(
      ctx,
      lists.map(({ to, theirs }) => ({
        key: `overdue:${ctx.today}:${to}`,
        kind: 'message' as const,
        to,
        data: {
          message: overdueList(ctx.t, theirs, ctx.today, links),
        } satisfies OutboxData['message'],
        quiet: true,
      })),
    );
  }
}
