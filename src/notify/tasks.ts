import type { Ctx } from '../context.js';
import type { NamedContact } from '../customer/types.js';
import type { OutboxService } from '../outbox/service.js';
import { may, typedInClear } from '../permissions.js';
import { editEntry, taskEditKey, type NamedIn, type NewOutboxEntry } from '../outbox/types.js';
import {
  cancellable,
  closableNotReached,
  ownersTask,
  reachFor,
  reschedulable,
  type ReminderKind,
  type TaskNotice,
  type TaskRecord,
} from '../task/types.js';
import { localDate } from '../time.js';
import { textMessage, type Message } from '../ui/blocks.js';
import {
  approverDone,
  executorDone,
  approverPlanned,
  editedFieldsText,
  helperPlanned,
  greetingLinesOf,
  greetingList,
  greetingListShown,
  overdueList,
  overdueListShown,
  ownerAwayDm,
  ownerHeldMessage,
  surveyLowNotice,
  taskCancelled,
  taskHandedOver,
  taskMoved,
  taskTitle,
  type SurveyLowAnswer,
  type TaskVerbs,
} from '../ui/task.js';
import { keep, slackTime } from '../ui/text.js';
import {
  alertsChannel,
  ownerExecutor,
  ownersManagers,
  heldFallback,
  staffOnly,
  standIns,
} from '../workspace/types.js';
import type { OutboxData } from './types.js';

/** A low quarterly survey's answer as its managers' notice tells it (who recorded it: the change's),
 * and the managers told (`managers`: read at its Done, or by the outbox job's repair when the
 * Done told none of them: TaskFlows.repairNotices; absent, a done notice saved without them: the
 * managers of the recovery call's owner, else of the survey's executor). */
export type LowSurveyNotice = Omit<SurveyLowAnswer, 'by'> & { managers?: string[] | undefined };

/** What a DM says: its text, and its blocks. */
type DmMessage = Partial<Message> & { text: string };

/**
 * What `to` may do to `task` from a DM's buttons, as TaskService checks it: its approver
 * completes and moves it, its executor and its planner edit it too, a manager does all three;
 * on a task the desk planned for the customer's owner (`ownersTask`), whoever owns the customer
 * now (`owner`, read by the caller) does all three too, as its helper or anyone else.
 */
function verbsOf(ctx: Ctx, to: string, task: TaskRecord, owner?: string): TaskVerbs {
  const subject = { task, ...(owner && ownersTask(task) ? { customer: { ownerId: owner } } : {}) };
  return {
    done: may(ctx.settings, to, 'task.complete', subject, ctx.now),
    due: reschedulable(task) && may(ctx.settings, to, 'task.reschedule', subject, ctx.now),
    edit: may(ctx.settings, to, 'task.edit', subject, ctx.now),
    // Cancel task…: cancel it, or close it as "customer not reached" (TaskService.forCancel).
    cancel:
      cancellable(task) &&
      (may(ctx.settings, to, 'task.cancel', subject, ctx.now) ||
        (closableNotReached(task) && may(ctx.settings, to, 'task.complete', subject, ctx.now))),
  };
}

/**
 * The task with the people it was planned with: who did, helped with and signed it off before
 * the first Edit task that changed each (`edits[].before`; none held when it does not say).
 */
function asPlanned(task: TaskRecord): TaskRecord {
  const edits = task.edits ?? [];
  const first = (field: 'assigneeId' | 'helperId' | 'approverId') => {
    const edit = edits.find((e) => e.fields.includes(field));
    return edit ? edit.before?.[field] : task[field];
  };
  const { helperId: _helper, approverId: _approver, ...rest } = task;
  const helperId = first('helperId');
  const approverId = first('approverId');
  return {
    ...rest,
    assigneeId: first('assigneeId') ?? task.assigneeId,
    ...(helperId ? { helperId } : {}),
    ...(approverId ? { approverId } : {}),
  };
}

/** How many times a task was moved to another day: by people (`rescheduled`), by the calendar. */
function movesOf(task: TaskRecord): number {
  return (task.rescheduled?.length ?? 0) + (task.calendarMoves ?? 0);
}

/** What a held reminder is for: `reminder:<task>:<early|due>[:moved<n>]`, without its `:to:<user>`. */
const REMINDER_KEY = /^(reminder:.+:(?:early|due)(?::moved\d+)?)(?::to:[^:]+)?$/;

/**
 * A held reminder (`entry`) of a task handed to someone else since it was written (`task`, as
 * stored now: open, due the day it was about): the reminder owed to its executor now, under the
 * key of the reminder it stands for and that person (`…:to:<user>`: two deliveries write it
 * once), in their group (it joins their own reminders when those go out after it). None when
 * `reminded` says that person already has a reminder of the task sent today or still owed
 * (`reminded`: the outbox's entries under `reminderKeysOf`), nor for what is not a daily
 * reminder (a planned task's first DM: the hand-over told its new executor).
 */
export function reminderHandedOn(
  entry: { key: string },
  task: TaskRecord,
  reminded: readonly { key: string; to: string; state: string; sentAt?: Date }[],
  today: string,
  timeZone: string,
): NewOutboxEntry | undefined {
  const base = REMINDER_KEY.exec(entry.key)?.[1];
  if (!base) return undefined;
  const to = task.assigneeId;
  const already = reminded.some(
    (e) =>
      e.to === to &&
      (e.state === 'pending' ||
        (e.state === 'sent' && !!e.sentAt && localDate(e.sentAt, timeZone) === today)),
  );
  if (already) return undefined;
  return {
    key: `${base}:to:${to}`,
    kind: 'reminder' as const,
    to,
    group: `reminders:${to}`,
    data: { task } satisfies OutboxData['reminder'],
    quiet: true,
  };
}

/**
 * The keys a reminder of `task` to `to` may be under: each kind, for each of its due days so far
 * (`:moved<n>`), as the daily run wrote it or as a hand-over passed it on (`:to:<user>`).
 */
export function reminderKeysOf(task: TaskRecord, to: string): string[] {
  const keys: string[] = [];
  for (const which of ['early', 'due'] as const)
    for (let n = 0; n <= movesOf(task); n++) {
      const base = `reminder:${task.id}:${which}${n ? `:moved${n}` : ''}`;
      keys.push(base, `${base}:to:${to}`);
    }
  return keys;
}

/**
 * A DM of one message about `task` to `to`, under `key` (written again, it goes once), without a
 * ping. It says which ticket the task is linked to (`about`), else the task and its customer:
 * recorded as one of the ticket's posts, or as the task's, once Slack took it (taskPostOf), so
 * that retention and erasures edit it.
 */
function quietDm(
  task: Pick<TaskRecord, 'id' | 'customerId' | 'ticketId'>,
  key: string,
  to: string,
  message: DmMessage,
): NewOutboxEntry {
  return {
    key,
    kind: 'message' as const,
    to,
    data: {
      message,
      about: task.ticketId
        ? { ticketId: task.ticketId, taskId: task.id }
        : { taskId: task.id, customerId: task.customerId },
    } satisfies OutboxData['message'],
    quiet: true,
  };
}

/**
 * What a list of several customers' tasks names (an owner's greetings, an overdue list: the
 * tasks it shows), so that it is recorded once Slack took it (TaskListPost) and edited by an
 * erasure of any of those customers and retention of any of those tasks.
 */
function listAbout(shown: readonly Pick<TaskRecord, 'id' | 'customerId'>[]): {
  taskIds: string[];
  customerIds: string[];
} {
  return {
    taskIds: [...new Set(shown.map((task) => task.id))],
    customerIds: [...new Set(shown.map((task) => task.customerId))],
  };
}

/** The outbox key of a low quarterly survey's notice to one of its managers. */
const surveyLowKey = (taskId: string, manager: string) => `survey-low:${taskId}:${manager}`;

/**
 * What the daily tasks run says, written to the outbox: each task's reminder (due in three days,
 * or today), which go out as one DM per executor with a Done button each (twenty a DM, as many
 * DMs as it takes), and the list of overdue tasks to each manager (else the alerts channel).
 */
export class TaskNotifier {
  constructor(private readonly outbox: OutboxService) {}

  /**
   * A customer owner the daily owners' check found is not a member of the workspace (`why`: a
   * guest, or of another organisation), whose files it is marking (the stand-in takes their work):
   * one DM to each admin who is staff but the owner, else (none but the owner) each manager who
   * is staff (`standIns`: `staffToTell` but the owner, never a person of another organisation), saying who stands in and to give those `count` customers
   * another owner. Keyed by the owner and the reader only (`owner-away:<owner>:<reader>`):
   * written again (a run that died before its marks, another instance marking the same owner's
   * other files), it goes once. Written before the marks: the caller kicks the worker. The keys
   * written (none when nobody can be told).
   */
  async ownerAway(
    ctx: Pick<Ctx, 'teamId' | 'now' | 'settings' | 'quietTo' | 't'>,
    owner: string,
    why: 'guest' | 'external',
    count: number,
    /** The other owners marked not members of the workspace: none of them stands in (`standIns`). */
    marked: readonly string[] = [],
  ): Promise<string[]> {
    // Never the owner themselves: the desk's only staff admin made a guest, the managers are told
    // (the admins less the owner, none left: the managers less the owner). The one rule of who
    // stands in (`standIns`): none, their work is held (`nobodyStandsIn`) and the outbox drops
    // what is addressed to them, as said here.
    const told = standIns(ctx.settings, owner, marked);
    const standIn = ownerExecutor(ctx.settings, { ownerId: owner, ownerGuest: true }).assigneeId;
    // Nobody to stand in (no manager nor admin of its own, `nobodyStandsIn`): their work is held.
    // The staff hear it in the triage channel, else the agents who are staff (the first
    // HELD_TOLD_MAX) by DM: who takes the tasks, and who fixes it (an admin made).
    const held = !told.length ? heldFallback(ctx.settings, [owner, ...marked]) : [];
    if (!told.length && !held.length) return [];
    const message = told.length
      ? ownerAwayDm(ctx.t, owner, why, count, standIn !== owner ? standIn : undefined)
      : ownerHeldMessage(ctx.t, owner, why, count, ctx.teamId);
    return this.outbox.enqueue(
      ctx,
      (told.length ? told : held).map((user) => ({
        key: `owner-away:${owner}:${user}`,
        kind: 'message' as const,
        to: user,
        data: { message } satisfies OutboxData['message'],
      })),
    );
  }

  /**
   * The edits of the DMs about tasks (their reminders, the DMs of their planning, moves, edits,
   * hand-overs, cancelling and done, which name the customer and quote the task; a low quarterly
   * survey's managers' notice; the lists naming several customers' tasks: an owner's greetings,
   * an overdue list) once retention or an erasure of their customer took their words: of a
   * customer (`customerId`: an erasure of it, whole or a contact, whose reach a DM may show
   * though the task's words do not name them), the DMs about its tasks linked to no ticket and
   * the lists naming it (a ticket's tasks' DMs are edited with its tickets); of these tasks
   * (`taskIds`: a page retention anonymises; `ticketIds`, the tickets of those linked to one),
   * the DMs about each, linked to a ticket or not, and the lists showing any. One `message.edit`
   * a message on the outbox's edits lane (as TicketNotifier.postEdits'; an erasure's,
   * `opts.erasure`, first), to a fixed line saying where the tasks are. Keyed by the message
   * (`taskEditKey`, as a ticket's edits of its tasks' DMs are): a day's reminders, one DM for
   * several tasks, edited once; written again while the entry is kept, nothing new is. DMs sent
   * before the desk recorded them are not known, and not edited. Returns the keys written.
   */
  async postEdits(
    ctx: Pick<Ctx, 'teamId' | 'now' | 'settings' | 't'>,
    of: { customerId: string } | { taskIds: readonly string[]; ticketIds?: readonly string[] },
    notBefore?: Date,
    opts: { erasure?: boolean } = {},
  ): Promise<string[]> {
    const posts = await this.outbox.taskPostsOf(ctx, of);
    if (!posts.length) return [];
    const keyed = new Map(posts.map((post) => [taskEditKey(post), post]));
    return this.outbox.enqueue(
      ctx,
      [...keyed].map(([key, post]) => editEntry(key, post, { notBefore, erasure: opts.erasure })),
    );
  }

  /**
   * Whether a low quarterly survey's notice is in the outbox (sent or not) for any of
   * `managers`: its Done wrote it to them already.
   */
  async surveyLowWritten(
    ctx: Pick<Ctx, 'teamId'>,
    task: Pick<TaskRecord, 'id'>,
    managers: readonly string[],
  ): Promise<boolean> {
    if (!managers.length) return false;
    const keys = managers.map((m) => surveyLowKey(task.id, m));
    return (await this.outbox.byKeys(ctx.teamId, keys)).length > 0;
  }

  async remind(ctx: Ctx, owed: { task: TaskRecord; which: ReminderKind }[]): Promise<string[]> {
    return this.outbox.enqueue(
      ctx,
      owed.map(({ task, which }) => ({
        // Per due day: a task moved to another day (by a person or by the calendar) is reminded
        // again for it (a task never moved keeps the key reminders had before moves existed, so
        // none is sent twice at an upgrade).
        key: `reminder:${task.id}:${which}${movesOf(task) ? `:moved${movesOf(task)}` : ''}`,
        kind: 'reminder' as const,
        to: task.assigneeId,
        group: `reminders:${task.assigneeId}`,
        data: { task } satisfies OutboxData['reminder'],
        quiet: true,
      })),
    );
  }

  /**
   * The DMs a person's change of a task owes (`notice`, written on the task with the change; the
   * task as stored after it), to the outbox: planned, the executor (when someone else planned it)
   * in a DM with Done, the helper and the approver (who did not plan it) with what they may do
   * and Open customer, each as the task was planned (a repair after an Edit task that changed
   * them tells the ones it was planned with: the edit told its own); moved, the executor, the
   * approver and the helper (each unless they moved it), from when to when, with what they may
   * do and Open customer; done, the approver and the executor
   * (each who did not record it) what its Done modal recorded, and for a low quarterly survey
   * (`lowSurvey`) the owner's managers (every manager when none is linked to them), as of a
   * requester's low score. Each under a key of the task and the change, so written again (the
   * repair) it goes once. With `unwrittenOnly` (the repair) only the entries not in the outbox
   * yet are written. `owner`: who owns the task's customer now, when that gives them a say on it
   * (TaskService.customersOwner): the buttons each DM offers are what its reader may do.
   * Returns the keys written.
   */
  async owed(
    ctx: Ctx,
    task: TaskRecord,
    notice: TaskNotice,
    options: { lowSurvey?: LowSurveyNotice; unwrittenOnly?: boolean; owner?: string } = {},
  ): Promise<string[]> {
    const entries = this.entriesOwed(ctx, task, notice, options.lowSurvey, options.owner);
    if (options.unwrittenOnly) return this.outbox.enqueueUnwritten(ctx, entries);
    return entries.length ? this.outbox.enqueue(ctx, entries) : [];
  }

  private entriesOwed(
    ctx: Ctx,
    task: TaskRecord,
    notice: TaskNotice,
    lowSurvey: LowSurveyNotice | undefined,
    owner: string | undefined,
  ): NewOutboxEntry[] {
    if (notice.what === 'edited') return this.editedEntries(ctx, task, notice, owner);
    // A low score's managers' notice is the ticket's (TaskFlows.repairNotices writes it).
    if (notice.what === 'lowScore') return [];
    if (notice.what === 'cancelled') return this.cancelledEntries(ctx, task, notice);
    if (notice.what === 'attempt') return this.attemptEntries(ctx, task, notice, owner);
    const { by } = notice;
    const { t } = ctx;
    const out: NewOutboxEntry[] = [];
    if (notice.what === 'planned') {
      // As planned: an Edit task since (a repair two minutes on) told the people it brought.
      const planned = asPlanned(task);
      const today = localDate(notice.at, ctx.settings.timeZone);
      if (planned.assigneeId !== by)
        out.push({
          key: `assigned:${task.id}`,
          kind: 'reminder' as const,
          to: planned.assigneeId,
          group: `reminders:${planned.assigneeId}`,
          data: { task: planned } satisfies OutboxData['reminder'],
          quiet: true,
        });
      // The helper (not who planned it, nor its approver, whose DM names them as helper too).
      const helper = planned.helperId;
      const approver = planned.approverId;
      if (helper && helper !== by && helper !== planned.assigneeId && helper !== approver)
        out.push(
          quietDm(
            task,
            `helper:planned:${task.id}`,
            helper,
            helperPlanned(t, planned, by, today, verbsOf(ctx, helper, planned, owner)),
          ),
        );
      if (approver && approver !== by)
        out.push(
          quietDm(
            task,
            `approver:planned:${task.id}`,
            approver,
            approverPlanned(t, planned, by, today, verbsOf(ctx, approver, planned, owner)),
          ),
        );
      // An upgrade intent's hand-off whose owner held no desk role: each of the managers the
      // signal line (the key it always had, so a repair writes none twice).
      for (const manager of notice.managers ?? [])
        out.push({
          key: `signal:upgrade:${task.id}:${manager}`,
          kind: 'signal',
          to: manager,
          group: `signals:${manager}`,
          data: {
            signal: {
              owner: manager,
              customer: { name: task.customerName, code: task.customerCode },
              kind: 'upgrade',
              ownerId: notice.ownerId ?? '',
              what: planned.content ?? '',
              by,
              assignee: planned.assigneeId,
            },
          } satisfies OutboxData['signal'],
          quiet: true,
        });
      return out;
    }
    const toApprover = !!task.approverId && task.approverId !== by;
    if (notice.what === 'moved') {
      const title = keep(taskTitle(t, task));
      const move = `${task.id}:${notice.from}:${notice.to}:${notice.at.getTime()}`;
      const dates = { by, task: title, from: notice.from, date: notice.to };
      // Each with the buttons of what they may do to it.
      const moved = (to: string, head: Parameters<typeof taskMoved>[1]) =>
        taskMoved(t, head, task, verbsOf(ctx, to, task, owner));
      if (task.assigneeId !== by)
        out.push(
          quietDm(
            task,
            `rescheduled:${move}`,
            task.assigneeId,
            moved(task.assigneeId, t('task.due.toExecutor', dates)),
          ),
        );
      // Its approver (who did not move it), from when to when and who does it.
      if (toApprover)
        out.push(
          quietDm(
            task,
            `approver:rescheduled:${move}`,
            task.approverId!,
            moved(
              task.approverId!,
              t('task.due.toApprover', { ...dates, executor: task.assigneeId }),
            ),
          ),
        );
      // Its helper (who did not move it; not its executor or approver, told above), likewise.
      const helper = task.helperId;
      if (helper && helper !== by && helper !== task.assigneeId && helper !== task.approverId)
        out.push(
          quietDm(
            task,
            `helper:rescheduled:${move}`,
            helper,
            moved(helper, t('task.due.toHelper', { ...dates, executor: task.assigneeId })),
          ),
        );
      return out;
    }
    // Once per survey and manager (not quiet: a low score is news).
    const surveyLow = lowSurvey && surveyLowNotice(t, { task, ...lowSurvey, by });
    if (surveyLow)
      // The managers of the customer's owner as its Done (or the repair) read them, whoever did
      // the survey.
      for (const manager of lowSurvey.managers ??
        ownersManagers(ctx.settings, lowSurvey.recoveryFor ?? task.assigneeId))
        out.push({
          key: surveyLowKey(task.id, manager),
          kind: 'message' as const,
          to: manager,
          // It names the customer and quotes the feedback: recorded as the task's (TaskPost),
          // edited by an erasure of the customer and retention of the survey.
          data: {
            message: surveyLow,
            about: { taskId: task.id, customerId: task.customerId },
          } satisfies OutboxData['message'],
        });
    const clearTo = (reader: string) => typedInClear(ctx.settings, task, reader);
    if (toApprover)
      out.push(
        quietDm(
          task,
          `approver:done:${task.id}`,
          task.approverId!,
          approverDone(t, task, !clearTo(task.approverId!)),
        ),
      );
    // Done by someone else (its approver, a manager): its executor, so that they do not contact
    // the customer again for it (an executor who signs it off too has the approver's DM).
    if (task.assigneeId !== by && task.assigneeId !== task.approverId)
      out.push(
        quietDm(
          task,
          `executor:done:${task.id}`,
          task.assigneeId,
          executorDone(t, task, !clearTo(task.assigneeId)),
        ),
      );
    return out;
  }

  /**
   * A complaint's contact tried and not reached by someone other than its executor: the executor
   * told who tried, how and when, that the contact is still owed and the task stays theirs, due
   * as it stands, with the buttons of what they may do to it. Keyed by the attempt's save.
   */
  private attemptEntries(
    ctx: Ctx,
    task: TaskRecord,
    notice: Extract<TaskNotice, { what: 'attempt' }>,
    owner: string | undefined,
  ): NewOutboxEntry[] {
    const to = task.assigneeId;
    if (to === notice.by) return [];
    const { t } = ctx;
    const timeZone = ctx.settings.timeZone;
    const head = t('task.attempt.toExecutor', {
      by: notice.by,
      number: task.ticketNumber ?? '',
      via: t.plain(`interaction.${notice.via}`),
      when: keep(slackTime(notice.tried, timeZone)),
      task: keep(taskTitle(t, task)),
      due: task.dueAt ? keep(slackTime(task.dueAt, timeZone)) : task.dueDate,
    });
    return [
      quietDm(
        task,
        `attempt:${task.id}:${notice.at.getTime()}`,
        to,
        taskMoved(t, head, task, verbsOf(ctx, to, task, owner)),
      ),
    ];
  }

  /**
   * Cancel task: its executor, its approver and its helper (each unless they cancelled it, each
   * once), who cancelled it and why, with Open customer; keyed by the task (cancelled once).
   */
  private cancelledEntries(
    ctx: Ctx,
    task: TaskRecord,
    notice: Extract<TaskNotice, { what: 'cancelled' }>,
  ): NewOutboxEntry[] {
    const people = [
      ['executor', task.assigneeId],
      ['approver', task.approverId],
      ['helper', task.helperId],
    ] as const;
    const told = new Set<string>([notice.by]);
    const out: NewOutboxEntry[] = [];
    for (const [role, to] of people) {
      if (!to || told.has(to)) continue;
      told.add(to);
      out.push(
        quietDm(
          task,
          `cancelled:${role}:${task.id}`,
          to,
          taskCancelled(ctx.t, task, notice.by, role, !typedInClear(ctx.settings, task, to)),
        ),
      );
    }
    return out;
  }

  /**
   * Edit task number `notice.edit` of `task` (as stored now), each told by DM unless they made
   * it: a new executor gets the task with its buttons, the one it was taken from that it is no
   * longer theirs, a new approver the task to sign off; an executor who keeps it what changed;
   * a helper who keeps it a new due date (from when to when). Who held the task after that edit is read from the later edits (a repair after another edit
   * tells the people of this one). Keyed by the edit's number, so written again it goes once.
   */
  private editedEntries(
    ctx: Ctx,
    task: TaskRecord,
    notice: Extract<TaskNotice, { what: 'edited' }>,
    owner: string | undefined,
  ): NewOutboxEntry[] {
    const edits = task.edits ?? [];
    const edit = edits[notice.edit - 1];
    if (!edit) return [];
    const { t } = ctx;
    const actor = notice.by;
    const today = localDate(notice.at, ctx.settings.timeZone);
    const later = edits.slice(notice.edit);
    // Who held a people field right after this edit: the next edit that changed it says.
    const heldAfter = (field: 'assigneeId' | 'helperId' | 'approverId') => {
      const next = later.find((e) => e.fields.includes(field));
      return next ? next.before?.[field] : task[field];
    };
    const assigneeId = heldAfter('assigneeId') ?? task.assigneeId;
    const approverId = heldAfter('approverId');
    const asThen = { ...task, assigneeId, ...(approverId ? { approverId } : {}) };
    const fields = edit.fields;
    const key = `edited:${task.id}:${notice.edit}`;
    const title = keep(taskTitle(t, task));
    const message = (to: string, suffix: string, data: { message: DmMessage }) =>
      quietDm(task, `${key}:${suffix}`, to, data.message);
    const out: NewOutboxEntry[] = [];
    const handed = fields.includes('assigneeId');
    const previous = edit.before?.assigneeId;
    if (handed && assigneeId !== actor)
      out.push(
        message(assigneeId, 'executor', {
          message: taskHandedOver(t, asThen, actor, previous ?? assigneeId, today),
        }),
      );
    if (handed && previous && previous !== actor)
      out.push(
        message(previous, 'previous', {
          message: textMessage(
            t('task.edit.toOldExecutor', { by: actor, task: title, to: assigneeId }),
          ),
        }),
      );
    if (!handed && assigneeId !== actor)
      out.push(
        message(assigneeId, 'changed', {
          message: textMessage(
            t('task.edit.changed', { by: actor, task: title, fields: editedFieldsText(t, fields) }),
          ),
        }),
      );
    const approverChanged = fields.includes('approverId');
    if (approverChanged && approverId && approverId !== actor)
      out.push(
        message(approverId, 'approver', {
          message: approverPlanned(
            t,
            asThen,
            actor,
            today,
            verbsOf(ctx, approverId, asThen, owner),
            true,
          ),
        }),
      );
    // An approver who keeps it: told when who does it or the date changed (as Change due date
    // tells them), not of a rewording.
    const matters = fields.includes('assigneeId') || fields.includes('dueDate');
    if (!approverChanged && matters && approverId && approverId !== actor)
      out.push(
        message(approverId, 'approverChanged', {
          message: textMessage(
            t('task.edit.toApproverChanged', {
              by: actor,
              task: title,
              executor: assigneeId,
              fields: editedFieldsText(t, fields),
            }),
          ),
        }),
      );
    // The approver it was taken from: no longer theirs to sign off.
    const oldApprover = edit.before?.approverId;
    if (approverChanged && oldApprover && oldApprover !== actor)
      out.push(
        message(oldApprover, 'previousApprover', {
          message: textMessage(t('task.edit.toOldApprover', { by: actor, task: title })),
        }),
      );
    // A new helper (not who made the edit, who does it or signs it off, nor the executor it was
    // taken from, told so above), as when planned.
    const helperId = heldAfter('helperId');
    const newHelper =
      fields.includes('helperId') &&
      !!helperId &&
      helperId !== actor &&
      helperId !== assigneeId &&
      helperId !== previous &&
      helperId !== approverId;
    // A helper told nothing else of the edit (not who made it, who does it or signs it off, nor
    // the executor it was taken from, told so above): its new due date, as Change due date tells them, from when to when as the edit's own move
    // recorded it (written in the edit's write: `rescheduled` at the edit's time, by its maker).
    const move =
      fields.includes('dueDate') &&
      task.rescheduled?.find((m) => m.by === edit.by && m.at.getTime() === edit.at.getTime());
    if (
      move &&
      !newHelper &&
      helperId &&
      helperId !== actor &&
      helperId !== assigneeId &&
      helperId !== previous &&
      helperId !== approverId
    )
      out.push(
        message(helperId, 'helperMoved', {
          message: taskMoved(
            t,
            t('task.due.toHelper', {
              by: actor,
              task: title,
              from: move.from,
              date: move.to,
              executor: assigneeId,
            }),
            { ...asThen, helperId },
            verbsOf(ctx, helperId, { ...asThen, helperId }, owner),
          ),
        }),
      );
    if (newHelper && helperId)
      out.push(
        message(helperId, 'helper', {
          message: helperPlanned(
            t,
            { ...asThen, helperId },
            actor,
            today,
            verbsOf(ctx, helperId, { ...asThen, helperId }, owner),
          ),
        }),
      );
    return out;
  }

  /**
   * The greeting tasks planned today, one DM per owner listing them all (keyed per owner and
   * day, so a repeated run sends it once).
   */
  async greetings(
    ctx: Ctx,
    planned: {
      holiday: string;
      date: string;
      tasks: TaskRecord[];
      /** The contacts each greeting names as planned, by task id: what its DM names (`names`). */
      greets?: ReadonlyMap<string, readonly NamedContact[]>;
    }[],
  ): Promise<string[]> {
    const owners = [...new Set(planned.flatMap((p) => p.tasks.map((task) => task.assigneeId)))];
    return this.outbox.enqueue(
      ctx,
      owners.map((owner) => {
        const theirs = planned
          .map((p) => ({ ...p, tasks: p.tasks.filter((task) => task.assigneeId === owner) }))
          .filter((p) => p.tasks.length);
        const shown = greetingListShown(theirs);
        const names = greetingNames(shown, planned);
        return {
          key: `greetings:${owner}:${ctx.today}`,
          kind: 'message' as const,
          to: owner,
          data: {
            message: greetingList(ctx.t, theirs, ctx.today),
            greetings: greetingLinesOf(theirs),
            about: listAbout(shown),
          } satisfies OutboxData['message'],
          quiet: true,
          ...(names.length ? { names } : {}),
        };
      }),
    );
  }

  /**
   * The overdue list of the day, to each manager (the tasks of the people they manage per
   * `/desk roles`, and of those nobody manages; all of them when they manage nobody), else the
   * alerts (or triage) channel, all of them. A manager who is told of their own task today by its reminder (a task past due reminded after
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
    const fallback = alertsChannel(settings);
    // Never a manager Slack said is of another organisation (`staffOnly`).
    const managers = staffOnly(settings, settings.managers);
    const targets = managers.length ? managers : fallback ? [fallback] : [];
    if (!targets.length)
      ctx.log.warn(
        { overdue: tasks.length },
        'overdue tasks: no manager or alerts channel to tell',
      );
    const remindedToday = (task: TaskRecord) =>
      !!task.reminders.due && localDate(task.reminders.due, settings.timeZone) === ctx.today;
    // How each customer's contact wants to be reached: as each manager may see it (reachFor); in
    // a channel, masked (TaskService.withReach), as for its least-privileged reader.
    // A manager linked to people in `/desk roles` reads their tasks and those of whoever nobody
    // manages (ownersManagers: every manager then); one linked to nobody reads every task.
    const managesSomeone = (to: string) =>
      settings.managerLinks.some((l) => l.managerId === to && l.manages.length > 0);
    const reads = (to: string, task: TaskRecord) =>
      !settings.managers.length ||
      !managesSomeone(to) ||
      ownersManagers(settings, task.assigneeId).includes(to);
    const lists = targets.flatMap((to) => {
      const theirs = tasks
        .filter((task) => reads(to, task))
        .filter((task) => !(task.assigneeId === to && remindedToday(task)))
        .map((task) =>
          settings.managers.length
            ? reachFor(
                task,
                !!task.customerOwnerId &&
                  may(settings, to, 'customer.seeContacts', {
                    customer: { ownerId: task.customerOwnerId },
                  }),
              )
            : task,
        );
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
          about: listAbout(overdueListShown(theirs)),
        } satisfies OutboxData['message'],
        quiet: true,
      })),
    );
  }
}

/**
 * The customers a greetings DM lists (`shown`) and, by key, the contacts its rows greet (as
 * planned: `greets`), what its delivery checks was not erased since (NewOutboxEntry.names).
 */
function greetingNames(
  shown: readonly TaskRecord[],
  planned: readonly { greets?: ReadonlyMap<string, readonly NamedContact[]> }[],
): NamedIn[] {
  const byCustomer = new Map<string, NamedIn>();
  for (const task of shown) {
    const named = byCustomer.get(task.customerId) ?? {
      customerId: task.customerId,
      code: String(task.customerCode),
    };
    byCustomer.set(task.customerId, named);
    const keys = planned.flatMap((p) => p.greets?.get(task.id) ?? []).flatMap((c) => c.key ?? []);
    for (const key of keys)
      if (!named.contacts?.includes(key)) named.contacts = [...(named.contacts ?? []), key];
  }
  return [...byCustomer.values()];
}
