import { actingAs, makeCtx, SYSTEM_ACTOR, type Ctx } from '../context.js';
import { AppError, FieldErrors, notFoundAsNull, USER_ERROR_CODES } from '../errors.js';
import type { Logger } from '../logger.js';
import type { FormData } from '../forms/kinds.js';
import { redrawOwnerCards } from './customers.js';
import { repairOwed } from './owed.js';
import { refreshHomesAfter } from './refresh-homes.js';
import { tellOwed } from './task-notices.js';
import type { Notifiers } from '../notify/index.js';
import type { LowSurveyNotice } from '../notify/tasks.js';
import { REOPEN_DAYS } from '../permissions.js';
import { contactOutcomeOf, parseTaskOutcome } from '../task/form.js';
import {
  TaskSubmittedAgain,
  type PlannedGreetings,
  type Roles,
  type TaskService,
} from '../task/service.js';
import type { NamedContact } from '../customer/types.js';
import type {
  CancelReason,
  EditField,
  ManualTaskInput,
  TaskEditInput,
  TaskNotice,
  TaskOutcome,
  TaskRecord,
} from '../task/types.js';
import { FOLLOW_UP_KINDS, homeReaders } from '../task/types.js';
import { allows } from '../ticket/rules.js';
import type { TicketService } from '../ticket/service.js';
import type { TicketRecord } from '../ticket/types.js';
import { NOTICES_REPAIR_MS, type TicketFlows } from './tickets.js';
import { localDate } from '../time.js';
import { isWorkingDay } from '../workspace/calendar.js';
import { standInsMayMove } from '../workspace/roles.js';
import { ownerExecutor, someMayBeHeld, type UnfitPerson } from '../workspace/types.js';
import { OWNED_COUNT_MAX, type CustomerService } from '../customer/service.js';
import type { WorkspaceService } from '../workspace/service.js';
import { isLow, LOW_NPS, LOW_SATISFACTION } from './requester.js';

/**
 * How many times the owners' greetings DMs are written and checked before the run gives up on
 * them (TaskFlows.greetingsTold): each pass after the first follows an erasure that finished
 * meanwhile.
 */
const GREETINGS_DM_PASSES = 4;

/** A Done on a follow-up its ticket's reopen or merge cancelled meanwhile (TaskFlows.lateCall). */
export interface LateCall {
  /** The ticket the call was noted on (or would have been): the reopened one, or its merge's. */
  number: string;
  /** Cancelled by a merge (into `number`), else by a reopen. */
  merged: boolean;
  /** Whether what was said is on that ticket as a note (a closed one takes none). */
  noted: boolean;
}

/** A low answer to a quarterly satisfaction survey: the requester survey's rule (satisfaction
 * 1-2, or NPS 0-6 with feedback saying why). */
function isLowAnswer(outcome: TaskOutcome): boolean {
  if (outcome.satisfaction !== undefined && outcome.satisfaction <= LOW_SATISFACTION) return true;
  return outcome.nps !== undefined && outcome.nps <= LOW_NPS && !!outcome.feedback;
}

/** A low score logged on a 3-7-30 follow-up call of a ticket: the account manager's follow-up
 * is owed (planned after the Done's save, repaired by repairNotices from the done notice the save
 * records). */
function isLowCall(task: TaskRecord, outcome: TaskOutcome): boolean {
  return FOLLOW_UP_KINDS.includes(task.kind) && !!task.ticketNumber && isLowAnswer(outcome);
}

/** A revisit that found the issue not solved: its ticket is owed a reopen (done after the Done's
 * save, repaired by repairNotices from the done notice the save records). */
function isUnsolvedRevisit(task: TaskRecord, outcome: TaskOutcome): boolean {
  return task.kind === 'revisit' && outcome.solved === false && !!task.ticketNumber;
}

/** What a Done owes after its save, recorded with it as a done notice (see TaskService.complete). */
function owesWork(task: TaskRecord, outcome: TaskOutcome): boolean {
  return isLowCall(task, outcome) || isUnsolvedRevisit(task, outcome);
}

/** Whether the task, as it stands, still owes what its change said (see repairNotices). */
function stillOwed(task: TaskRecord, notice: TaskNotice): boolean {
  // A low score's managers' notice: told at once on the follow-up's insert, whatever became of it.
  if (notice.what === 'lowScore') return true;
  // Cancel task: told while it stays cancelled by that very change.
  if (notice.what === 'cancelled')
    return task.status === 'cancelled' && task.cancelledAt?.getTime() === notice.at.getTime();
  if (notice.what !== 'done') return task.status === 'open';
  return task.status === 'done' && task.doneAt?.getTime() === notice.at.getTime();
}

/**
 * What Slack's users.info says of a person (the workspace's install asked, the answer
 * remembered): a member, a guest of the workspace, `external` (of another organisation, Slack
 * Connect: src/slack/organisation.ts's rule), `gone` (deactivated, or a bot), `none` (no
 * such user for this install: user_not_found, user_not_visible), `unknown` (not said in time, or
 * failed otherwise, or whether they are of another organisation not told: a read of the installs
 * failed, the Grid org lookup did not answer) or `unchecked` (never, for this install: no
 * users:read).
 */
export type PersonStanding =
  'member' | 'guest' | 'external' | 'gone' | 'none' | 'unknown' | 'unchecked';

/**
 * How many customers' owners the daily run asks Slack about (users.info, Tier 4) per workspace: a
 * different slice each day when there are more (`CustomerService.ownersToCheck`).
 */
export const OWNER_CHECK_MAX = 100;

/**
 * How many followers of open or resolved tickets the daily run asks Slack about (users.info,
 * Tier 4) per workspace: a different slice each day when there are more
 * (`TicketService.followersToCheck`).
 * One asked already this run (an owner) is answered from what Slack said (remembered).
 */
export const FOLLOWER_CHECK_MAX = 100;

/** Follow-up and care task use cases: the daily run, and a task's Done. */
export class TaskFlows {
  constructor(
    private readonly deps: {
      tasks: TaskService;
      customers: Pick<
        CustomerService,
        | 'ownersToCheck'
        | 'remarkOwner'
        | 'ownerUnknownToSlack'
        | 'ownerKnownToSlack'
        | 'forgetUnknownOwnersOwningNothing'
        | 'ownedCount'
        | 'awayOwners'
      >;
      /** Slack asked about a person (none: the daily run's owner check is skipped). */
      describe?: (ctx: Ctx, userId: string) => Promise<PersonStanding>;
      /**
       * Whether Slack says a person is of another organisation (users.info, remembered; none: the
       * daily run's follower check is skipped): `unknown` when Slack did not say, or the rule
       * could not tell (a read of the installs failed), never taken for another organisation's.
       */
      organisationOf?: (
        ctx: Ctx,
        userId: string,
        asking: 'followerCheck',
      ) => Promise<'external' | 'ours' | 'unknown' | 'unchecked'>;
      tickets: TicketService;
      ticketFlows: TicketFlows;
      workspaces: WorkspaceService;
      notify: Pick<Notifiers, 'tasks' | 'homes' | 'outbox' | 'requester' | 'tickets'>;
    },
  ) {}

  /**
   * A task planned by hand: saved once per submission, then `saved` (the modal closes), the
   * executor, the helper and the approver each told by DM when someone else planned it, and the
   * Homes of all refreshed.
   */
  async createManual(
    ctx: Ctx,
    input: ManualTaskInput,
    saved: () => Promise<void> = async () => {},
    /** Who Slack says is a bot, deactivated or a guest (TaskService.createManual refuses them). */
    unfit?: readonly UnfitPerson[],
  ): Promise<TaskRecord> {
    const task = await this.deps.tasks.createManual(ctx, input, unfit);
    await saved();
    ctx.log.info({ task: task.id, kind: task.kind }, 'task planned by hand');
    await tellOwed(this.deps, ctx, task, { what: 'planned', by: ctx.actor, at: ctx.now });
    await refreshHomesAfter(this.deps.notify, ctx, [...homeReaders(task), ctx.actor]);
    return task;
  }

  /**
   * Change due date: the task moved to `dueDate` (today or later; see TaskService.reschedule),
   * then `saved` (the modal closes); its executor, its approver and its helper each told by DM
   * when someone else moved it, and the Homes of all refreshed (a task due later leaves the list of those due).
   */
  async reschedule(
    ctx: Ctx,
    taskId: string,
    dueDate: string,
    saved: () => Promise<void> = async () => {},
  ): Promise<{ task: TaskRecord; moved: boolean }> {
    const { task, from, moved } = await this.deps.tasks.reschedule(ctx, taskId, dueDate);
    await saved();
    if (!moved) return { task, moved };
    ctx.log.info({ task: task.id, from, to: task.dueDate }, 'task due date changed');
    await tellOwed(
      this.deps,
      ctx,
      task,
      { what: 'moved', by: ctx.actor, at: ctx.now, from, to: task.dueDate },
      { owner: () => this.deps.tasks.customersOwner(ctx, task) },
    );
    await refreshHomesAfter(this.deps.notify, ctx, [...homeReaders(task), ctx.actor]);
    return { task, moved };
  }

  /**
   * Edit task: the task changed as TaskService.edit checks it, then `saved` (the modal closes);
   * those it concerns told by DM through the outbox (a new executor, the one it was taken from,
   * a new approver, an executor who keeps it, a helper who keeps it of a new due date), and the
   * Homes of all of them refreshed.
   */
  async edit(
    ctx: Ctx,
    taskId: string,
    input: TaskEditInput,
    saved: () => Promise<void> = async () => {},
    /** Who Slack says is a bot, deactivated or a guest (TaskService.edit refuses them). */
    unfit?: readonly UnfitPerson[],
  ): Promise<{ task: TaskRecord; fields: EditField[] }> {
    const { before, task, fields, owed } = await this.deps.tasks.edit(ctx, taskId, input, unfit);
    await saved();
    if (!fields.length) return { task, fields };
    ctx.log.info({ task: task.id, fields }, 'task edited');
    if (owed)
      await tellOwed(this.deps, ctx, task, owed, {
        owner: () => this.deps.tasks.customersOwner(ctx, task),
      });
    await refreshHomesAfter(this.deps.notify, ctx, [
      ...homeReaders(before),
      ...homeReaders(task),
      ctx.actor,
    ]);
    return { task, fields };
  }

  /**
   * Cancel task: the task cancelled as TaskService.cancelByPerson checks it (not needed, or the
   * customer not reached), then `saved` (the modal closes); its executor, approver and helper
   * told by DM through the outbox (each unless they cancelled it), and the Homes of all refreshed
   * (it leaves their lists).
   */
  async cancel(
    ctx: Ctx,
    taskId: string,
    input: { reason: CancelReason; note?: string },
    saved: () => Promise<void> = async () => {},
    /**
     * Its submission (`submissionKey`): delivered again after it cancelled the task, nothing is
     * written and it is answered as saved (`again`), nobody told twice.
     */
    key?: string,
  ): Promise<{ task: TaskRecord; again?: true }> {
    let cancelled: Awaited<ReturnType<TaskService['cancelByPerson']>>;
    try {
      cancelled = await this.deps.tasks.cancelByPerson(ctx, taskId, input, key);
    } catch (err) {
      if (!(err instanceof TaskSubmittedAgain)) throw err;
      await saved();
      return { task: err.task, again: true };
    }
    const { task, owed } = cancelled;
    await saved();
    ctx.log.info({ task: task.id, reason: input.reason }, 'task cancelled by hand');
    if (owed) await tellOwed(this.deps, ctx, task, owed);
    await refreshHomesAfter(this.deps.notify, ctx, [...homeReaders(task), ctx.actor]);
    return { task };
  }

  /**
   * The daily run: repairs the 3-7-30 follow-ups (planned on resolution, cancelled on reopen),
   * plans care contacts on the tier's cadence, delivery revisits, running projects' weekly
   * progress notes and holiday greetings
   * (cancelling those whose holiday is over), writes each reminder owed (due in three days, or
   * today) to the outbox and then records it (a run that dies in between writes the same key
   * again the next time: told once), and the list of overdue tasks to the managers. The outbox
   * sends each executor one DM with theirs, and retries what Slack refuses.
   */
  async daily(ctx: Ctx): Promise<Record<string, number>> {
    const { tasks } = this.deps;
    const notify = this.deps.notify.tasks;
    // A member made a guest since they were made an owner (or a guest made a member, or an owner
    // the CSV import could not ask Slack about): their files marked as Slack says now.
    const owners = await this.recheckOwners(ctx);
    // A follower of another organisation (Slack Connect, added before anyone checked): taken off.
    const followers = await this.recheckFollowers(ctx);
    // Every roles read the run plans by (its start's, and each of rolesNow's), for the check
    // before anyone is told.
    const { managers, managerLinks, admins } = ctx.settings;
    const plannedBy: Roles[] = [{ managers, managerLinks, admins }];
    // The roles as stored now, for the stand-in moves: not as read at the run's start (before
    // the owners' check, which waits on Slack), so that a /desk roles save made meanwhile (on
    // another instance) is not undone, its moves handed back to the former stand-in.
    const rolesNow = async (): Promise<Roles> => {
      const { managers, managerLinks, admins } = (await this.deps.workspaces.stored(ctx.teamId))
        .settings;
      plannedBy.push({ managers, managerLinks, admins });
      return { managers, managerLinks, admins };
    };
    // A guest owner's open tickets name whom today's roles name to stand in for them (a roles
    // save cut short before it moved them, an admin added by the command line). Whose Homes and
    // which customers' complaint cards the moves changed, and how many moved, are kept as each
    // moves (`sofar`): a pass failing part-way (a later ticket's write refused) is logged, the
    // cards and Homes of those it moved before are drawn all the same (a later pass finds them
    // moved, and draws only what it moves), and the rest of the run goes on; then the run throws
    // that failure, so the runner records it failed and tries it again a minute on (moving what
    // is left; what the rest of the run wrote it finds done, each DM under its own key: told once).
    const standIns = { moved: 0, readers: new Set<string>(), customerIds: new Set<string>() };
    let taken: TicketRecord[] = [];
    let failed: { err: unknown } | undefined;
    try {
      const moved = await this.deps.tickets.followStandIns(
        { teamId: ctx.teamId, now: ctx.now, settings: { ...ctx.settings, ...(await rolesNow()) } },
        rolesNow,
        standIns,
      );
      taken = moved.taken;
    } catch (err) {
      failed = { err };
      // Those it moved before, written while nobody could stand in, owe their DM in their own
      // write: the notices repair writes it.
      ctx.log.error(
        { err, standInTicketsMoved: standIns.moved },
        'guest-owned customers’ open tickets not all moved to their stand-in, the run is tried again for the rest',
      );
    }
    for (const id of standIns.customerIds) await redrawOwnerCards(this.deps, ctx, id);
    // Those written while nobody could stand in: their new stand-in never had the intake DM.
    // Owed since the move's write: marked off once in the outbox, else the notices repair writes it.
    await this.deps.notify.tickets
      .standInTaken(ctx, taken)
      .then(() => this.deps.tickets.standInTakenTold(taken))
      .catch((err: unknown) => ctx.log.warn({ err }, 'stand-in’s DM of their tickets not written'));
    const repaired = await tasks.reconcileFollowUps(ctx);
    // A complaint's contact tried before its target and not reached, the target passed since:
    // moved to the next working day, reminded below that day (and a contact task off its target
    // by a change whose own move failed, put back on it). Before the reminders.
    const contactsMoved = await tasks.followComplaintContacts(ctx).catch((err: unknown) => {
      ctx.log.warn({ err }, 'complaint contact tasks not followed, tried again at the next run');
      return [];
    });
    // Once per workspace (a one-off, idempotent: instances running it at once write the same):
    // tasks cancelled as their customer's erasure by an earlier version keep no words naming
    // the erased contacts (planCare's cancel now takes them in its own write). Hygiene only: a
    // failure (a read timed out) is logged and the day's planning goes on; not stamped, it is
    // tried again at the next run.
    await this.stripErasedOnce(ctx).catch((err: unknown) =>
      ctx.log.warn(
        { err },
        'erased customers’ cancelled tasks not stripped, tried again at the next run',
      ),
    );
    // The customers read once for the planners below, at the first that needs them.
    const customers = tasks.runCustomers(ctx);
    const care = await tasks.planCare(ctx, rolesNow, customers);
    // The rest of the run by the roles as stored now too (read again after the care plan): a
    // guest owner's new delivery revisit, progress note or greeting is the stand-in's a roles
    // save made meanwhile, not the former one's (who would get its reminder or greeting DM).
    ctx = makeCtx({ ...ctx, settings: { ...ctx.settings, ...(await rolesNow()) } });
    // A revisit within 3 working days of each delivery: reminded below like any task.
    const deliveries = await tasks.planDeliveryRevisits(ctx, customers);
    // A running project's weekly progress note, due on Wednesday.
    const progress = await tasks.planProgressNotes(ctx, customers);
    // Holiday greetings: one DM per owner listing them, which stands for their early reminder,
    // and for the due one when they are due today (a long holiday: planned on its eve).
    // Each greeting says how its customer's primary contact wants to be reached (unless they
    // opted out of greetings: the greeting is for the others).
    let greetings = await tasks.planGreetings(ctx, customers);
    // A /desk roles save (another instance) that landed after a planner read the roles but
    // before it wrote a guest owner's task: the save's own move did not find that task, written
    // for the former stand-in. Read the roles once more before anyone is told: changed since any
    // read the run planned by, the guest owners' open tasks go to whom they name now (the moves
    // conditional on the executor as read, as the save's, and deciding by the roles read again
    // after each customer's tasks: a later save whose own move landed before that read is not
    // handed back), and so do the greetings' and reminders' DMs.
    const latest = await rolesNow();
    const lateReaders = new Set<string>();
    let lateMoved = 0;
    if (plannedBy.some((roles) => standInsMayMove(roles, latest))) {
      ctx = makeCtx({ ...ctx, settings: { ...ctx.settings, ...latest } });
      lateMoved = await tasks.followStandIns(ctx, lateReaders, rolesNow);
      if (lateMoved) {
        const now = new Map(
          (
            await tasks.byIds(
              ctx,
              greetings.flatMap((g) => g.tasks.map((t) => t.id)),
            )
          ).map((t) => [t.id, t]),
        );
        greetings = greetings.map((g) => ({
          ...g,
          tasks: g.tasks.map((t) => now.get(t.id) ?? t),
        }));
      }
    }
    // Those the DMs list stand for their reminders; one left out (its customer being erased) is
    // reminded as any task when owed.
    for (const task of await this.greetingsTold(ctx, greetings))
      await tasks.markReminded(ctx, task, task.dueDate <= ctx.today ? 'due' : 'early');
    // Greetings whose holiday is over: no longer reminded nor listed overdue.
    const expired = await tasks.expireGreetings(ctx);
    const owed = await tasks.owedReminders(ctx);
    // Each reminder says how its customer's primary contact wants to be reached.
    const reached = await tasks.withReach(
      ctx,
      owed.map((o) => o.task),
    );
    await notify.remind(
      ctx,
      owed.map((o, i) => ({ ...o, task: reached[i]! })),
    );
    for (const { task, which } of owed) await tasks.markReminded(ctx, task, which);
    const overdue = await tasks.overdue(ctx);
    // Their tickets' numbers link to the cards.
    const ticketIds = [...new Set(overdue.flatMap((t) => (t.ticketId ? [t.ticketId] : [])))];
    const links = new Map(
      (await this.deps.tickets.byIds(ctx, ticketIds)).flatMap((t) =>
        t.card.permalink ? [[t.id, t.card.permalink] as const] : [],
      ),
    );
    // The managers' list goes out on working days only: on a weekend or a holiday (nobody can
    // act on it) it would be a DM a day saying the same; the next working day's lists them all.
    // Each task in it says how its customer's primary contact wants to be reached.
    if (isWorkingDay(ctx.settings, ctx.today))
      await notify.overdue(ctx, await tasks.withReach(ctx, overdue), links);
    // Their Homes list the tasks due today and overdue: refreshed (coalesced per person), and
    // those of whoever had a task cancelled or handed over by this run, which they list no more.
    await this.deps.notify.homes
      .refresh(ctx, [
        ...owed.map((o) => o.task.assigneeId),
        ...overdue.map((t) => t.assigneeId),
        ...repaired.cancelled.flatMap(homeReaders),
        ...contactsMoved.flatMap(homeReaders),
        ...expired.flatMap(homeReaders),
        ...care.executors,
        ...deliveries.executors,
        ...progress.executors,
        ...standIns.readers,
        ...lateReaders,
        ...owners.readers,
      ])
      .catch((err: unknown) => ctx.log.warn({ err }, 'home refresh not written'));
    this.deps.notify.outbox.kick();
    if (failed) throw failed.err;
    return {
      followUpsPlanned: repaired.planned,
      followUpsCancelled: repaired.cancelled.length,
      complaintContactsMoved: contactsMoved.length,
      careCreated: care.created,
      careSuperseded: care.superseded,
      careCancelled: care.dropped,
      deliveryRevisitsPlanned: deliveries.created,
      progressNotesPlanned: progress.created,
      progressNotesCancelled: progress.dropped,
      greetingsPlanned: greetings.reduce((sum, g) => sum + g.tasks.length, 0),
      greetingsExpired: expired.length,
      tasksReassigned: care.reassigned + lateMoved,
      standInTicketsMoved: standIns.moved,
      ownersChecked: owners.checked,
      customersMarkedGuestOwned: owners.marked,
      customersMarkedExternalOwned: owners.external,
      customersUnmarkedGuestOwned: owners.unmarked,
      ownersAwayTold: owners.adminsTold,
      ownersUnknownToSlack: owners.unknown,
      ownersUnknownForgotten: owners.forgotten,
      followersChecked: followers.checked,
      followersExternalRemoved: followers.removed,
      followerTicketsChanged: followers.tickets,
      followerDmsDropped: followers.dropped,
      reminded: owed.length,
      executors: new Set(owed.map((o) => o.task.assigneeId)).size,
      overdue: overdue.length,
    };
  }

  /**
   * The daily check of the followers of the open and resolved tickets (a resolved one may be
   * reopened: `STEP_STATUSES`): whether each is of another organisation is asked of Slack
   * (`organisationOf`: users.info, remembered, so an owner asked just before is not asked again;
   * at most FOLLOWER_CHECK_MAX a day, a different slice each day), by src/slack/organisation.ts's
   * rule. One it says is (a Slack Connect person added before the check) is taken off the
   * followers of every open or resolved ticket (`dropExternalFollower`), and the DMs the
   * outbox still holds for them of those tickets are dropped, so that no step is DMed to them, a
   * reopen's included; nobody is told (the card does not list followers; Followers…
   * shows the change). A guest stays: a guest may follow. One Slack did not describe, or whose
   * organisation the rule could not tell (a read of the installs failed: `unknown`), is asked
   * again the next time, never taken off on a failure; an install Slack never describes people
   * to (no users:read) is not asked. One follower's failure is logged and the next asked.
   */
  private async recheckFollowers(
    ctx: Ctx,
  ): Promise<{ checked: number; removed: number; tickets: number; dropped: number }> {
    const done = { checked: 0, removed: 0, tickets: 0, dropped: 0 };
    const { organisationOf, tickets } = this.deps;
    if (!organisationOf) return done;
    let userIds: string[];
    try {
      userIds = await tickets.followersToCheck(ctx, FOLLOWER_CHECK_MAX);
    } catch (err) {
      ctx.log.warn({ err }, 'tickets’ followers not read, checked at the next run');
      return done;
    }
    for (const userId of userIds) {
      const said = await organisationOf(ctx, userId, 'followerCheck');
      if (said === 'unchecked') break;
      if (said === 'unknown') continue;
      done.checked++;
      if (said !== 'external') continue;
      try {
        // With what the outbox holds for them of those tickets (steps written before this run).
        const { ticketIds, dropped } = await tickets.dropExternalFollower(ctx, userId, (ids) =>
          this.deps.notify.outbox.dropFollowerDms(ctx.teamId, ids, userId),
        );
        if (!ticketIds.length) continue;
        done.removed++;
        done.tickets += ticketIds.length;
        done.dropped += dropped;
        ctx.log.info(
          { tickets: ticketIds.length, dropped },
          'follower of another organisation taken off the open and resolved tickets',
        );
      } catch (err) {
        ctx.log.warn({ err }, 'follower of another organisation not taken off, asked again');
      }
    }
    return done;
  }

  /**
   * The owners' greetings DMs of the greetings the run planned (TaskNotifier.greetings), each
   * greeting with how its primary contact wants to be reached: written held for this run, then
   * checked (TaskService.greetingsGone), as a planned task is after its write (revp60 F1: an
   * erasure that finished between the greetings' checks and this write scrubbed the outbox before
   * the DMs were in it). All as planned: delivered. Else taken back and written again: without
   * a greeting whose customer is being erased (or is gone); a greeting naming a contact erased
   * since (the erasure done, its scrub of the task before) read again as stored and checked
   * again. A check that fails: taken back, logged, nobody told (each reminded when owed). The
   * greetings the DMs that go list. Each DM carries the customers and contacts it names
   * (NewOutboxEntry.names): a run that dies between their write and its check leaves them to the
   * worker, which checks them before sending (revp63 F4); a take-back here takes an earlier run's
   * unchecked DM under the same key with it.
   */
  private async greetingsTold(ctx: Ctx, planned: PlannedGreetings[]): Promise<TaskRecord[]> {
    const { tasks } = this.deps;
    const outbox = this.deps.notify.outbox;
    let left = planned.filter((g) => g.tasks.length);
    // Each pass leaves out or reads again at least one greeting: a few passes at most.
    for (let pass = 0; left.length && pass < GREETINGS_DM_PASSES; pass++) {
      const reached = await Promise.all(
        left.map(async (g) => ({ ...g, tasks: await tasks.withReach(ctx, g.tasks) })),
      );
      const { value: keys, written } = await outbox.batch(ctx, (batched) =>
        this.deps.notify.tasks.greetings(batched, reached),
      );
      let gone: Map<string, NamedContact[] | null>;
      try {
        gone = await tasks.greetingsGone(
          ctx,
          reached.flatMap((g) =>
            g.tasks.map((task) => ({ task, named: g.greets.get(task.id) ?? [] })),
          ),
        );
      } catch (err) {
        await outbox.takeBackNamed(ctx.teamId, keys, written);
        ctx.log.warn(
          { err },
          'greetings DMs not checked after their write: taken back, each reminded when owed',
        );
        return [];
      }
      if (!gone.size) {
        await outbox.deliver(ctx.teamId, keys, { written });
        return reached.flatMap((g) => g.tasks);
      }
      await outbox.takeBackNamed(ctx.teamId, keys, written);
      ctx.log.info(
        { greetings: gone.size },
        'greetings DMs written as a customer or contact they name was being erased: written again',
      );
      const again = new Map(
        (
          await tasks.byIds(
            ctx,
            [...gone].flatMap(([id, kept]) => (kept ? [id] : [])),
          )
        ).flatMap((t) => (t.status === 'open' ? [[t.id, t] as const] : [])),
      );
      left = left
        .map((g) => {
          const greets = new Map(g.greets);
          const kept = g.tasks.flatMap((t) => {
            if (!gone.has(t.id)) return [t];
            const read = again.get(t.id);
            if (!read) return [];
            greets.set(t.id, gone.get(t.id) ?? []);
            return [read];
          });
          return { ...g, tasks: kept, greets };
        })
        .filter((g) => g.tasks.length);
    }
    if (left.length)
      ctx.log.warn(
        { greetings: left.reduce((n, g) => n + g.tasks.length, 0) },
        'greetings DMs changed at every pass: not written, each reminded when owed',
      );
    return [];
  }

  /**
   * The one-off erasedTaskWords step (TaskService.stripErasedWords), once per workspace: stamped
   * when it has run; one that throws is not stamped, so the next run tries it again.
   */
  private async stripErasedOnce(ctx: Ctx): Promise<void> {
    if (await this.deps.workspaces.migratedAt(ctx.teamId, 'erasedTaskWords')) return;
    const stripped = await this.deps.tasks.stripErasedWords(ctx);
    if (stripped)
      ctx.log.info({ stripped }, 'erased customers’ cancelled tasks without their words');
    await this.deps.workspaces.stampMigrated(ctx.teamId, 'erasedTaskWords');
  }

  /**
   * The daily check of the customers' owners: whether each is a guest of the workspace is asked
   * of Slack (`describe`: users.info, remembered; at most OWNER_CHECK_MAX a day, a different slice
   * each day), and their files marked as it says (`CustomerService.remarkOwner`): a member made a
   * guest since is marked, their open tickets naming their stand-in (`ownerExecutor`) and their
   * tasks following at this run's care planning; so is one Slack describes as of another
   * organisation (`external`, Slack Connect: src/slack/organisation.ts's rule, read from the same
   * answer, no other request), who must get none of the desk's work; a guest (or such a person)
   * Slack says is a member of the workspace again is unmarked. Someone Slack
   * says is deactivated or a bot keeps the mark they have; one it did not describe is asked again
   * the next time; an install Slack never describes people to (no users:read) is not asked. One
   * Slack says it has no user for (`none`: a typo of an id in an import, someone removed) is
   * recorded once (`ownerUnknownToSlack`): the admins' Homes are drawn again, and name them with
   * how many customers they own until those have another owner or Slack describes them; a record
   * whose id owns no customer any more goes here (not read again at every admin's Home). One
   * owner's failure is logged and the next asked. Whose Homes show the change (the cards of the
   * files' open complaints to contact are drawn again here, as an owner change's are).
   */
  private async recheckOwners(ctx: Ctx): Promise<{
    checked: number;
    marked: number;
    /** Of `marked`, the files whose owner Slack says is of another organisation. */
    external: number;
    unmarked: number;
    unknown: number;
    forgotten: number;
    /** Owners whom the staff admins (else managers) were told of, to give their customers another. */
    adminsTold: number;
    readers: string[];
  }> {
    const done = {
      checked: 0,
      marked: 0,
      external: 0,
      unmarked: 0,
      unknown: 0,
      forgotten: 0,
      adminsTold: 0,
      readers: [] as string[],
    };
    const { describe, customers } = this.deps;
    // Ids recorded unknown to Slack whose customers all have another owner now: nothing to say
    // of them (the Home leaves them out), their records go.
    done.forgotten = await customers.forgetUnknownOwnersOwningNothing(ctx).catch((err: unknown) => {
      ctx.log.warn({ err }, 'owners unknown to Slack owning nothing not forgotten, tried again');
      return 0;
    });
    // The owners marked not members of the workspace (as this run marks and unmarks them): none
    // of them stands in for another (`standIns`). Read on every desk, once a run: which admins
    // and managers are marked is kept in the settings (`awayHolders`), so that a desk whose
    // every one is marked is seen as held (`someMayBeHeld`) without a read at each DM or Home.
    let marksRead = true;
    const away = new Set<string>(
      await customers.awayOwners(ctx).catch((err: unknown) => {
        ctx.log.warn({ err }, 'owners marked not members not read: taken as none');
        marksRead = false;
        return [];
      }),
    );
    let holders = new Set(ctx.settings.awayHolders);
    const noteHolders = async (next: ReadonlySet<string>) => {
      if (next.size === holders.size && [...next].every((u) => holders.has(u))) return;
      await this.deps.workspaces
        .change(ctx.teamId, (current) => {
          const same =
            next.size === current.awayHolders.length &&
            current.awayHolders.every((u) => next.has(u));
          return same ? null : { ...current, awayHolders: [...next] };
        })
        .then(() => (holders = new Set(next)))
        .catch((err: unknown) =>
          ctx.log.warn({ err }, 'admins and managers marked not members not noted: next run'),
        );
    };
    const roleHolders = new Set([...ctx.settings.admins, ...ctx.settings.managers]);
    if (!describe) {
      if (marksRead) await noteHolders(new Set([...roleHolders].filter((u) => away.has(u))));
      return done;
    }
    for (const ownerId of await customers.ownersToCheck(ctx, OWNER_CHECK_MAX)) {
      const said = await describe(ctx, ownerId);
      if (said === 'unchecked') break;
      if (said === 'none') {
        // Told once: the admins' Homes say it from now on (a later run finds it recorded).
        await customers
          .ownerUnknownToSlack(ctx, ownerId)
          .then((first) => {
            if (!first) return;
            done.unknown++;
            done.readers.push(...ctx.settings.admins);
            ctx.log.warn(
              'customer owner unknown to Slack (users.info: no such user): the admins’ Home names them',
            );
          })
          .catch((err: unknown) =>
            ctx.log.warn({ err }, 'customer owner unknown to Slack not recorded, asked again'),
          );
        continue;
      }
      if (said !== 'member' && said !== 'guest' && said !== 'external') continue;
      done.checked++;
      // Of another organisation (Slack Connect): no work of the desk goes to them, as for a guest.
      const standsIn = said !== 'member';
      // An admin or manager about to be marked is noted first (`awayHolders`): the run cut off
      // after the marks, the desk still reads them (a note of one not marked costs a read only).
      if (standsIn && roleHolders.has(ownerId) && !holders.has(ownerId))
        await noteHolders(new Set([...holders, ownerId]));
      try {
        // Slack describes them again (no longer hidden from this install): no longer named.
        if (await customers.ownerKnownToSlack(ctx, ownerId))
          done.readers.push(...ctx.settings.admins);
        // Made a guest or found of another organisation: the staff admins told once, before the
        // marks, to give the customers they still own another owner.
        const changed = await customers.remarkOwner(ctx, ownerId, standsIn, async () => {
          const owned = await customers.ownedCount(ctx, ownerId, OWNED_COUNT_MAX);
          const why = said === 'external' ? 'external' : 'guest';
          // The others marked stand in for nobody only where someone may be held (as noted so
          // far: this owner noted first when an admin or manager); elsewhere the first admin or
          // manager stands in, marked or not (`ownerExecutor`), and is told.
          const marked = someMayBeHeld({ ...ctx.settings, awayHolders: [...holders] })
            ? [...away].filter((u) => u !== ownerId)
            : [];
          if ((await this.deps.notify.tasks.ownerAway(ctx, ownerId, why, owned, marked)).length)
            done.adminsTold++;
          else
            ctx.log.warn(
              'customer owner not a member of the workspace: no admin, manager, triage channel or agent of its own to tell',
            );
        });
        if (standsIn) away.add(ownerId);
        else if (changed.length) away.delete(ownerId);
        if (!changed.length) continue;
        if (standsIn) done.marked += changed.length;
        else done.unmarked += changed.length;
        if (said === 'external') done.external += changed.length;
        ctx.log.info(
          { customers: changed.length, guest: said === 'guest', external: said === 'external' },
          'customer owner re-marked as Slack says',
        );
        // Their open complaints still to be contacted name the account manager: drawn again
        // (from the tickets as delivered: a move the repair makes later is drawn by it).
        for (const { customer } of changed) await redrawOwnerCards(this.deps, ctx, customer.id);
        // Whom the tickets named before (a former guest's stand-in) as well as now.
        done.readers.push(
          ownerId,
          ...changed.flatMap(({ customer, from }) => [
            ...from,
            ownerExecutor(ctx.settings, customer).assigneeId,
          ]),
        );
      } catch (err) {
        ctx.log.warn({ err }, 'customer owner not re-marked, asked again at the next check');
      }
    }
    // As found (and as marked and unmarked now): one unmarked, or no longer an admin or manager,
    // is no longer noted.
    if (marksRead) await noteHolders(new Set([...roleHolders].filter((u) => away.has(u))));
    return done;
  }

  /**
   * Done on a task: closes it with its outcome (read from the modal), logs the contact on the
   * customer and keeps satisfaction and NPS for the digest. A revisit that finds the issue not
   * solved reopens the ticket, which cancels its other follow-ups; a closed ticket cannot be
   * reopened: "not solved" is recorded all the same and `closed` says a new ticket is needed.
   */
  async complete(
    ctx: Ctx,
    taskId: string,
    form: FormData,
    saved: () => Promise<void>,
    /**
     * Its submission (`submissionKey`): delivered again after it closed the task (or recorded
     * its "not reached" attempt), nothing is written and it is answered as saved (`again`).
     */
    key?: string,
  ): Promise<{
    task: TaskRecord;
    reopened: boolean;
    /** `key`'s submission was saved already: nothing written, nothing more to say. */
    again?: true;
    /** A revisit's "not solved" on a closed ticket: a new ticket is needed. */
    closed?: boolean;
    /** A complaint's contact the complaint refused (closed meanwhile, say): said to the person. */
    contactNotRecorded?: boolean;
    /**
     * A revisit's "not solved" whose reopen failed after the save (refused, or the write failed):
     * the outbox job's notice repair reopens it a few minutes on (reopenUnsolved), and says so.
     */
    reopenLater?: boolean;
    nextStepDue?: string;
    /** Who signs off the next step's task (planned now). */
    nextStepApprover?: string;
    /** A low quarterly survey or follow-up call: the recovery call planned, due then... */
    recoveryDue?: string;
    /** ...for them (the customer's account manager). */
    recoveryFor?: string;
    /**
     * The task was cancelled by its ticket's reopen or merge while the modal was open: the call
     * logged on the customer all the same, and noted on the ticket (`number`) unless it could
     * not be (closed: `noted` false).
     */
    lateCall?: LateCall;
    /**
     * A complaint's contact tried and not reached: the attempt recorded on the complaint, the
     * task kept open (`task`: as it stands, moved or not).
     */
    notReached?: boolean;
  }> {
    // "Tried, could not reach" on a complaint's contact: an attempt, the task kept open. Before
    // the Done, which is one write that closes the task.
    if (contactOutcomeOf(form) === 'notReached') {
      const attempt = await this.notReached(ctx, taskId, form, saved, key);
      if (attempt) return attempt;
    }
    // A quarterly survey's contact, by name (a typed one is kept only in the summary).
    let surveyed = '';
    let completed: Awaited<ReturnType<TaskService['complete']>>;
    try {
      completed = await this.completeTask(
        ctx,
        taskId,
        form,
        (contact) => (surveyed = contact),
        key,
      );
    } catch (err) {
      // This submission closed it already (delivered again): saved, nothing more.
      if (err instanceof TaskSubmittedAgain) {
        await saved();
        return { task: err.task, reopened: false, again: true };
      }
      // Cancelled by its ticket's reopen or merge while the modal was open: the call happened,
      // so what was typed is kept (lateCall), not refused.
      const late = await this.deps.tasks.cancelledWithTicket(ctx, taskId).catch(() => undefined);
      if (!late) throw err;
      return this.lateCall(ctx, late, form, saved);
    }
    const { task, outcome, nextStepDue, nextStep } = completed;
    await saved();
    ctx.log.info({ task: task.id, kind: task.kind }, 'task done');
    // A low quarterly survey: the account manager's recovery call, and the owner's managers
    // told, as of a requester's low score. Its approver is told what was recorded (unless they
    // recorded it). The call not planned (a failure), the managers' DM is left to the done
    // notice's repair, which plans it and tells them once, with it.
    const low =
      task.kind === 'survey' && isLowAnswer(outcome)
        ? await this.lowSurvey(
            ctx,
            task,
            outcome,
            surveyed,
            ctx.actor,
            // None to tell (a guest's only manager stands in): nobody, not the stand-in.
            outcome.surveyManagers ?? [],
          )
        : undefined;
    const lowSurvey = low?.planned ? low.notice : undefined;
    // A low score logged on a 3-7-30 follow-up call of a ticket: the requester's low score's
    // follow-up (once per ticket, whichever comes first), the managers told.
    const lowCall = isLowCall(task, outcome) ? await this.lowCall(ctx, task, outcome) : undefined;
    const recoveryDue = lowSurvey?.recoveryDue ?? lowCall?.recoveryDue;
    await tellOwed(
      this.deps,
      ctx,
      task,
      { what: 'done', by: ctx.actor, at: ctx.now },
      { lowSurvey },
    );
    // The next step's approver, as a logged interaction's (owed on that task since its insert).
    const nextStepApprover = nextStep?.created?.approverId;
    if (nextStep?.created && nextStep.owed)
      await tellOwed(this.deps, ctx, nextStep.created, nextStep.owed);
    // The Homes listing the task (homeReaders: executor, helper, approver) and the one who
    // clicked Done for them drop it; the next step's approver finds it among those they sign off.
    await refreshHomesAfter(this.deps.notify, ctx, [
      ...homeReaders(task),
      ...(nextStepApprover ? [nextStepApprover] : []),
      ctx.actor,
    ]);
    return {
      task,
      ...(await this.onTicket(ctx, task, outcome)),
      ...(nextStepDue ? { nextStepDue } : {}),
      ...(nextStepApprover ? { nextStepApprover } : {}),
      ...(recoveryDue ? { recoveryDue } : {}),
      ...(lowCall ? { recoveryFor: lowCall.recoveryFor } : {}),
      ...(lowSurvey?.recoveryFor ? { recoveryFor: lowSurvey.recoveryFor } : {}),
    };
  }

  /**
   * Done on a 3-7-30 follow-up its ticket's reopen or merge cancelled while the modal was open
   * (TaskService.cancelledWithTicket): the call happened, so it is logged on the customer
   * (TaskService.logLateCall) and, after `saved`, what was said is noted on the ticket (the
   * reopened one, or the one it was merged into), once (keyed by the task): whoever holds it
   * now reads it. A closed ticket takes no note (`noted` false); a failure of the note is
   * logged, the call stays logged. The task stays cancelled.
   */
  private async lateCall(
    ctx: Ctx,
    task: TaskRecord,
    form: FormData,
    saved: () => Promise<void>,
  ): Promise<{
    task: TaskRecord;
    reopened: boolean;
    lateCall: LateCall;
    nextStepDue?: string;
    nextStepApprover?: string;
  }> {
    const outcome = parseTaskOutcome(form, task.kind, {
      now: ctx.now,
      timeZone: ctx.settings.timeZone,
      plannedOn: localDate(task.createdAt, ctx.settings.timeZone),
    });
    const logged = await this.deps.tasks.logLateCall(ctx, task, outcome);
    await saved();
    ctx.log.info({ task: task.id, kind: task.kind }, 'late call logged');
    const merged = task.cancelReason === 'merged';
    const own = await this.deps.tickets.get(ctx, task.ticketNumber!).catch(notFoundAsNull);
    const number = merged ? (own?.mergedInto ?? task.ticketNumber!) : task.ticketNumber!;
    let noted = false;
    try {
      const ticket = merged ? await this.deps.tickets.get(ctx, number) : own;
      const source = `task:${task.id}`;
      if (ticket && ticket.timeline.some((e) => e.source === source)) noted = true;
      else if (ticket && allows(ticket.status, 'note')) {
        const text = [
          ctx.t.plain('task.lateCall.note', {
            kind: ctx.t.plain(`task.kind.${task.kind}`),
            merged: merged ? 'yes' : 'no',
            from: task.ticketNumber!,
            summary: logged.summary,
          }),
          ...(logged.feedback
            ? [ctx.t.plain('task.lateCall.noteFeedback', { feedback: logged.feedback })]
            : []),
        ].join('\n');
        await this.deps.ticketFlows.act(ctx, ticket.number, { action: 'note', text, source });
        noted = true;
      }
    } catch (err) {
      ctx.log.warn({ err, task: task.id }, 'late call not noted on its ticket');
    }
    const nextStep = logged.nextStep;
    if (nextStep?.created && nextStep.owed)
      await tellOwed(this.deps, ctx, nextStep.created, nextStep.owed);
    const nextStepApprover = nextStep?.created?.approverId;
    await refreshHomesAfter(this.deps.notify, ctx, [
      ctx.actor,
      ...(nextStepApprover ? [nextStepApprover] : []),
    ]);
    return {
      task,
      reopened: false,
      lateCall: { number, merged, noted },
      ...(nextStep?.due ? { nextStepDue: nextStep.due } : {}),
      ...(nextStepApprover ? { nextStepApprover } : {}),
    };
  }

  /**
   * A complaint's contact task's Done saying "Tried, could not reach": the form read and the
   * step checked as a Done's (its executor's: assertMayTakeStep), the attempt recorded on the
   * complaint (`contact` with outcome `notReached`: its thread line and card; the contact still
   * owed), keyed by the form (`key`: sent again, recorded once and answered as saved, nothing
   * moved or told again), then the task kept open, moved to the next working day at the same
   * time once the contact target has passed (TaskService.keepContactOpen), so its reminders come
   * again; its executor, when someone else tried, told by DM (owed on the task with it).
   * Undefined for any other task (its Done goes on as usual).
   */
  private async notReached(
    ctx: Ctx,
    taskId: string,
    form: FormData,
    saved: () => Promise<void>,
    /** Its submission: the attempt keyed by it on the complaint (delivered again: `again`). */
    key?: string,
  ): Promise<{ task: TaskRecord; reopened: false; notReached: true; again?: true } | undefined> {
    const open = await this.deps.tasks.forCompletion(ctx, taskId);
    if (open.kind !== 'complaint_contact' || !open.ticketNumber) return undefined;
    const complaint = await this.deps.tickets.get(ctx, open.ticketNumber);
    const outcome = parseTaskOutcome(form, open.kind, {
      now: ctx.now,
      timeZone: ctx.settings.timeZone,
      receivedAt: complaint.receivedAt,
      plannedOn: localDate(open.createdAt, ctx.settings.timeZone),
    });
    await this.assertMayTakeStep(ctx, open, outcome, complaint);
    const tried = outcome.contactedAt ?? ctx.now;
    const attempt = await this.deps.ticketFlows.act(
      ctx,
      open.ticketNumber,
      {
        action: 'contact',
        at: tried,
        via: outcome.interactionType,
        summary: outcome.summary,
        outcome: 'notReached',
      },
      { step: open, current: complaint, ...(key ? { key } : {}) },
    );
    // Recorded by this submission already (delivered again): saved, nothing more.
    if (attempt.again) {
      await saved();
      return { task: open, reopened: false, notReached: true, again: true };
    }
    // Tried by someone else (its approver, a manager, the customer's owner): its executor told.
    const owed: TaskNotice | undefined =
      open.assigneeId !== ctx.actor
        ? { what: 'attempt', by: ctx.actor, at: ctx.now, via: outcome.interactionType, tried }
        : undefined;
    const task = await this.deps.tasks.keepContactOpen(
      ctx,
      open,
      complaint.complaint?.contactDueAt ?? open.dueAt,
      owed,
    );
    await saved();
    ctx.log.info({ task: task.id, moved: task.dueDate !== open.dueDate }, 'contact not reached');
    if (owed) await tellOwed(this.deps, ctx, task, owed);
    if (task.dueDate !== open.dueDate)
      await refreshHomesAfter(this.deps.notify, ctx, [...homeReaders(task), ctx.actor]);
    return { task, reopened: false, notReached: true };
  }

  /** The service's Done of the task, its outcome read from the modal (`surveyed`: a survey's contact). */
  private completeTask(
    ctx: Ctx,
    taskId: string,
    form: FormData,
    surveyed: (contact: string) => void,
    key?: string,
  ): ReturnType<TaskService['complete']> {
    return this.deps.tasks.complete(
      ctx,
      taskId,
      async (open) => {
        // A complaint's contact cannot have happened before the complaint was received.
        const complaint =
          open.kind === 'complaint_contact' && open.ticketNumber
            ? await this.deps.tickets.get(ctx, open.ticketNumber).catch(notFoundAsNull)
            : null;
        const outcome = parseTaskOutcome(form, open.kind, {
          now: ctx.now,
          timeZone: ctx.settings.timeZone,
          ...(complaint ? { receivedAt: complaint.receivedAt } : {}),
          plannedOn: localDate(open.createdAt, ctx.settings.timeZone),
        });
        // The step on the ticket the Done stands for, refused before anything is saved.
        await this.assertMayTakeStep(ctx, open, outcome, complaint);
        if (open.kind !== 'survey') return outcome;
        const survey = await this.surveyOutcome(ctx, open, outcome);
        surveyed(survey.contact);
        if (!isLowAnswer(survey.outcome)) return survey.outcome;
        // A low answer of a contact typed (none on file): the managers' DM names them, repaired
        // too (kept on the DM owed: the task has them only in its summary).
        const typed = !survey.outcome.contactKey && survey.contact;
        // Its managers (the customer's owner's; a guest owner's, never their stand-in), kept on
        // the DM owed: the DM at once and its repair go to the same ones; told none now (the
        // recovery call's planning or the DM's write failing), the repair reads them again
        // (surveyManagersNow).
        const managers = await this.deps.tasks.surveyManagers(ctx, open);
        return {
          ...survey.outcome,
          ...(typed ? { typedContact: survey.contact } : {}),
          ...(managers.length ? { surveyManagers: managers } : {}),
        };
      },
      owesWork,
      key,
    );
  }

  /**
   * A low score logged on a follow-up call of a ticket: the account manager's follow-up planned
   * as for the requester's low score (the same task, once per resolution: none when the
   * survey's, or an earlier call's, was planned already, open or done) and, planned now, the
   * account manager told (unless the call was theirs) and the managers
   * under the survey notice's keys (told of the survey's, they are not told again). After the
   * save, which records a done notice for it: a failure (or a process that dies first) leaves
   * it to repairNotices, which plans it under the same id (the call's resolution: a revisit's
   * "not solved" reopened the ticket since). Undefined when none was planned.
   */
  private async lowCall(
    ctx: Ctx,
    task: TaskRecord,
    outcome: TaskOutcome,
  ): Promise<{ recoveryDue: string; recoveryFor: string } | undefined> {
    try {
      return await this.planLowCall(ctx, task, outcome);
    } catch (err) {
      ctx.log.warn({ err, task: task.id }, 'low call score: follow-up not planned');
      return undefined;
    }
  }

  /** lowCall's work; a failure thrown (the repair keeps the done notice owed and tries again). */
  private async planLowCall(
    ctx: Ctx,
    task: TaskRecord,
    outcome: TaskOutcome,
    /** Who logged the call (a repair runs in the desk's name). */
    by: string = ctx.actor,
  ): Promise<{ recoveryDue: string; recoveryFor: string } | undefined> {
    const current = await this.deps.tickets.get(ctx, task.ticketNumber!).catch(notFoundAsNull);
    if (!current) return undefined; // erased since: nobody left to follow up
    // The resolution the call followed up, whatever happened to the ticket since.
    const ticket =
      task.cycle === undefined || task.cycle === current.metrics.reopenCount
        ? current
        : { ...current, metrics: { ...current.metrics, reopenCount: task.cycle } };
    const call = ctx.t.plain(`task.kind.${task.kind}`);
    const content = ctx.t.plain('task.content.callRecovery', {
      call,
      number: ticket.number,
      satisfaction: outcome.satisfaction ?? 'none',
      nps: outcome.nps ?? 'none',
    });
    const recovery = await this.deps.tasks.planRecovery(ctx, ticket, content, by, task.id);
    if (!recovery.planned) return undefined;
    ctx.log.info({ ticket: ticket.number, task: task.id }, 'low call score: follow-up planned');
    // The account manager told at once (unless the call was theirs): due within 24 hours.
    if (recovery.task && recovery.task.assigneeId !== by)
      await tellOwed(this.deps, ctx, recovery.task, {
        what: 'planned',
        by: SYSTEM_ACTOR,
        at: ctx.now,
      });
    const owner = recovery.task?.assigneeId ?? ticket.accountManagerId;
    const keys = await this.deps.notify.requester.lowScore(
      ctx,
      { ...ticket, accountManagerId: owner },
      {
        ...(outcome.satisfaction !== undefined ? { satisfaction: outcome.satisfaction } : {}),
        ...(outcome.nps !== undefined ? { nps: outcome.nps } : {}),
        ...(outcome.feedback ? { comment: outcome.feedback } : {}),
        by,
        call,
      },
    );
    await this.deps.notify.outbox.deliver(ctx.teamId, keys);
    await this.deps.notify.homes.refresh(ctx, [owner]).catch(() => {});
    // Its date as planned (the next working day), not worked out again here; gone at once
    // (erased), nothing to say of it.
    return recovery.task ? { recoveryDue: recovery.task.dueDate, recoveryFor: owner } : undefined;
  }

  /**
   * A low quarterly survey's notice to the managers (`managers`: read at its Done, or by the
   * repair: surveyManagersNow): who answered
   * (`contact`; else the contact its outcome names, as on the customer's file now) and the
   * recovery call, planned now (once per survey; planned after the save: a failure leaves the
   * survey done, logged, not lost, and `planned` false: the done notice's repair plans it).
   */
  private async lowSurvey(
    ctx: Ctx,
    task: TaskRecord,
    outcome: TaskOutcome,
    contact: string | undefined,
    /** Who recorded the survey (a repair runs in the desk's name). */
    by: string,
    managers: string[] | undefined,
  ): Promise<{ notice: LowSurveyNotice; planned: boolean }> {
    let recoveryDue: string | undefined;
    let recoveryFor: string | undefined;
    let planned = false;
    try {
      const recovery = await this.deps.tasks.planSurveyRecovery(ctx, task, outcome, by);
      recoveryDue = recovery.dueDate;
      recoveryFor = recovery.task?.assigneeId;
      // The account manager told at once, as of a requester's low score (once per follow-up:
      // its key; owed on the task since its insert, so the outbox job repairs a lost one), unless
      // they recorded the survey themselves.
      if (recovery.planned && recovery.task && recovery.task.assigneeId !== by)
        await tellOwed(this.deps, ctx, recovery.task, {
          what: 'planned',
          by: SYSTEM_ACTOR,
          at: ctx.now,
        });
      planned = true;
    } catch (err) {
      ctx.log.warn({ err, task: task.id }, 'survey recovery not planned');
    }
    const named =
      contact ??
      (outcome.contactKey
        ? (await this.deps.tasks.surveyContacts(ctx, task)).find(
            (c) => c.key === outcome.contactKey,
          )?.name
        : undefined);
    return {
      notice: {
        contact: named ?? '',
        satisfaction: outcome.satisfaction,
        nps: outcome.nps,
        feedback: outcome.feedback,
        recoveryDue,
        ...(recoveryFor ? { recoveryFor } : {}),
        ...(managers ? { managers } : {}),
      },
      planned,
    };
  }

  /**
   * Tasks done whose interaction was not logged (a failure after the Done's save, or the process
   * died), across workspaces, two minutes on: logged now as the doer's, dated the day it
   * happened, once (keyed by the task: a first attempt's insert is found, not repeated), with the
   * win-back answer and upgrade clearing of its Done; its next step is then the next-step
   * repair's (CustomerFlows.repairNextSteps). A customer gone meanwhile owes nothing. Counts the
   * tasks finished.
   */
  async repairDone(now: Date, log: Logger, limit = 100): Promise<{ repaired: number }> {
    const repaired = await repairOwed(
      this.deps.workspaces,
      { now, log, limit, waitMs: NOTICES_REPAIR_MS },
      {
        owed: (before, max) => this.deps.tasks.interactionsOwed(before, max),
        of: ({ task, owed }) => ({
          teamId: task.teamId,
          actor: owed.by,
          at: owed.at,
          ref: { task: task.id },
        }),
        repair: async (ctx, { task, owed }) => {
          try {
            await this.deps.tasks.logDone(ctx, task, owed);
          } catch (err) {
            if (!(err instanceof AppError && err.code === 'NOT_FOUND')) throw err;
            await this.deps.tasks.interactionLogged(ctx, task, owed);
          }
          return true;
        },
        repaired: 'done interaction repaired',
        failed: 'done interaction repair failed',
      },
    );
    return { repaired };
  }

  /**
   * Task changes whose DMs may not be in the outbox (the process died between the change and
   * its outbox write, or the write failed), across workspaces, two minutes on: what is missing
   * written now, under the same keys (what is there is left alone: nothing goes twice), and the
   * debt taken off. A task done or cancelled meanwhile is not announced as planned or moved, nor
   * one opened again as done. Counts the tasks that had something missing.
   */
  async repairNotices(now: Date, log: Logger, limit = 100): Promise<{ repaired: number }> {
    const before = new Date(now.getTime() - NOTICES_REPAIR_MS);
    const repaired = await repairOwed(
      this.deps.workspaces,
      { now, log, limit, waitMs: NOTICES_REPAIR_MS },
      {
        owed: (until, max) => this.deps.tasks.noticesOwed(until, max),
        of: ({ task }) => ({ teamId: task.teamId, ref: { task: task.id } }),
        repair: async (ctx, { task, owed }) => {
          // A change made since is its request's own for now.
          const due = owed.filter((n) => n.at.getTime() <= before.getTime());
          // Whose say on it the DMs' buttons offer: the customer's owner's now, as Done checks it.
          const owner = due.length ? await this.deps.tasks.customersOwner(ctx, task) : undefined;
          // Its words say how the primary contact wants to be reached, as tellOwed's do.
          const [shown = task] = due.length ? await this.deps.tasks.withReach(ctx, [task]) : [];
          let written = 0;
          for (const notice of due) {
            if (!stillOwed(task, notice)) continue;
            const low =
              notice.what === 'done' &&
              task.kind === 'survey' &&
              task.outcome &&
              isLowAnswer(task.outcome)
                ? await this.lowSurvey(
                    ctx,
                    task,
                    task.outcome,
                    notice.contact,
                    notice.by,
                    notice.managers,
                  )
                : undefined;
            // Its recovery call not planned again: the notice stays owed, the next pass tries again
            // (the managers are told once, with it).
            if (low && !low.planned) throw new Error('survey recovery not planned');
            const lowSurvey = low && {
              ...low.notice,
              managers: await this.surveyManagersNow(ctx, task, low.notice),
            };
            // A low follow-up call's score: its follow-up, as its Done would have planned it.
            if (notice.what === 'done' && task.outcome && isLowCall(task, task.outcome))
              await this.planLowCall(ctx, task, task.outcome, notice.by);
            // A revisit's "not solved": its ticket reopened, as its Done would have.
            if (notice.what === 'done' && task.outcome && isUnsolvedRevisit(task, task.outcome))
              await this.reopenUnsolved(ctx, task, notice.by);
            // A low score's follow-up: the managers' notice of the score, as its insert's request
            // would have written it (under the same keys: never twice).
            if (notice.what === 'lowScore') {
              written += (await this.lowScoreNotice(ctx, task, notice)).length;
              continue;
            }
            const keys = await this.deps.notify.tasks.owed(ctx, shown, notice, {
              ...(lowSurvey ? { lowSurvey } : {}),
              ...(owner ? { owner } : {}),
              unwrittenOnly: true,
            });
            written += keys.length;
          }
          await this.deps.tasks.noticesWritten(ctx, task, due);
          return written ? { written } : false;
        },
        repaired: 'task notices repaired',
        failed: 'task notices repair failed',
      },
    );
    if (repaired) this.deps.notify.outbox.kick();
    return { repaired };
  }

  /**
   * Whom the outbox job's repair of a low quarterly survey's done notice tells: the managers its
   * Done read (`notice.managers`) when it told any of them already (its notice written at once,
   * the repair two minutes on: the same ones, so nobody new is told of what the others were);
   * else, nobody told yet (its recovery call's planning, or the notice's outbox write, failed at
   * the Done), the managers of the customer's owner as they are now (`surveyManagers`, as the Done
   * reads them: a guest owner's, never the stand-in who does their recovery call), so a change in
   * /desk roles or of the customer's owner since is followed.
   */
  private async surveyManagersNow(
    ctx: Ctx,
    task: TaskRecord,
    notice: LowSurveyNotice,
  ): Promise<string[]> {
    const fixed = notice.managers ?? [];
    if (await this.deps.notify.tasks.surveyLowWritten(ctx, task, fixed)) return fixed;
    return this.deps.tasks.surveyManagers(ctx, task);
  }

  /**
   * The managers' notice of the low score a ticket's follow-up (`recovery`) was planned on, owed
   * since its insert (TaskService.planRecovery) and written now under its keys unless there
   * already (one per ticket, resolution and manager: the request that planned it, or the
   * requester job's repair, wrote them first). What it says is read where the score is: the call
   * (`notice.call`: its outcome, who logged it) or the ticket's survey answer of the follow-up's
   * resolution (who answered). None for a ticket erased since, a call gone, or an answer of
   * another resolution or no longer low (changed since). Returns the keys written now.
   */
  private async lowScoreNotice(
    ctx: Ctx,
    recovery: TaskRecord,
    notice: Extract<TaskNotice, { what: 'lowScore' }>,
  ): Promise<string[]> {
    if (!recovery.ticketNumber) return [];
    const current = await this.deps.tickets.get(ctx, recovery.ticketNumber).catch(notFoundAsNull);
    if (!current) return [];
    const cycle = recovery.cycle ?? 0;
    // The follow-up's owner named (the customer's owner when it was planned).
    const ticket = {
      ...current,
      accountManagerId: recovery.assigneeId,
      metrics: { ...current.metrics, reopenCount: cycle },
    };
    let answer: Parameters<Notifiers['requester']['lowScore']>[2];
    if (notice.call) {
      const call = await this.deps.tasks.byId(ctx, notice.call);
      const outcome = call?.outcome;
      if (!call || !outcome) return [];
      answer = {
        ...(outcome.satisfaction !== undefined ? { satisfaction: outcome.satisfaction } : {}),
        ...(outcome.nps !== undefined ? { nps: outcome.nps } : {}),
        ...(outcome.feedback ? { comment: outcome.feedback } : {}),
        by: call.doneBy ?? SYSTEM_ACTOR,
        call: ctx.t.plain(`task.kind.${call.kind}`),
      };
    } else {
      const survey = current.survey;
      if (!survey || !isLow(survey) || (survey.cycle ?? cycle) !== cycle) return [];
      answer = {
        ...(survey.satisfaction !== undefined ? { satisfaction: survey.satisfaction } : {}),
        ...(typeof survey.nps === 'number' ? { nps: survey.nps } : {}),
        ...(survey.comment ? { comment: survey.comment } : {}),
        by: survey.by ?? SYSTEM_ACTOR,
      };
    }
    return this.deps.notify.requester.lowScore(ctx, ticket, answer, { unwrittenOnly: true });
  }

  /**
   * The notice repair's reopen of the ticket a revisit found not solved (its Done saved, the
   * reopen after it lost: the process died, or the write failed), in the name of who logged the
   * call, as the Done would have (its permission check, card, requester, assignee and follow-ups).
   * Only a ticket still resolved in the resolution the call followed up: one reopened since (by
   * the Done itself, the team or its requester; resolved again or not) is past what the call
   * found, one closed (or merged) is the team's decision, and one erased is gone: each is left
   * alone. So a second pass, or a second instance, finds it reopened and does nothing. The caller
   * reopens it as the revisit's executor (`stepHolder`) or by their own rights; refused that (their
   * rights changed since the Done, which asked before its save), the desk reopens it in its own
   * name rather than drop what the call found. A state's refusal is left; any other failure is
   * thrown (the notice stays owed and the next pass tries again).
   */
  private async reopenUnsolved(ctx: Ctx, task: TaskRecord, by: string): Promise<void> {
    const ticket = await this.deps.tickets.get(ctx, task.ticketNumber!).catch(notFoundAsNull);
    if (!ticket) return;
    if (ticket.status !== 'resolved' || ticket.metrics.reopenCount !== (task.cycle ?? 0)) return;
    // The desk's own reopen says why (its thread line, the assignee's DM): the revisit.
    const reopen = (as: string) =>
      this.deps.ticketFlows.act(
        actingAs(ctx, as, 'job'),
        ticket.number,
        { action: 'reopen', ...(as === SYSTEM_ACTOR ? { revisit: true } : {}) },
        { current: ticket, step: task },
      );
    try {
      try {
        await reopen(by);
      } catch (err) {
        // The Done was let through (its step asked before its save): a refusal now (rights
        // changed since) does not drop what the revisit found; the desk reopens it.
        if (!(err instanceof AppError) || err.code !== 'FORBIDDEN') throw err;
        ctx.log.warn({ err, ticket: ticket.number }, 'unsolved revisit: reopened by the desk');
        await reopen(SYSTEM_ACTOR);
      }
      ctx.log.info({ ticket: ticket.number, task: task.id }, 'unsolved revisit: ticket reopened');
    } catch (err) {
      if (!(err instanceof AppError) || !USER_ERROR_CODES.has(err.code)) throw err;
      ctx.log.warn({ err, ticket: ticket.number }, 'unsolved revisit: ticket not reopened');
    }
  }

  /**
   * A quarterly satisfaction survey's answers: the contact picked must still be on the
   * customer's file (else said on its field); with none on file, who answered is typed and kept
   * only in the summary. The summary is written from the answers, with the satisfaction in the
   * requester survey's words. `contact`: who answered, by name.
   */
  private async surveyOutcome(
    ctx: Ctx,
    task: TaskRecord,
    outcome: TaskOutcome,
  ): Promise<{ outcome: TaskOutcome; contact: string }> {
    const { contactKey, ...rest } = outcome;
    const contacts = await this.deps.tasks.surveyContacts(ctx, task);
    let name = contactKey ?? '';
    if (contacts.length) {
      const picked = contacts.find((c) => c.key === contactKey);
      if (!picked) throw new FieldErrors({ contact: { key: 'task.error.contactGone' } });
      name = picked.name;
    }
    const satisfaction = outcome.satisfaction ?? 0;
    return {
      contact: name,
      outcome: {
        ...rest,
        ...(contacts.length && contactKey ? { contactKey } : {}),
        summary: ctx.t.plain('task.summary.survey', {
          contact: name,
          satisfaction,
          label: ctx.t.plain(`requester.survey.score${satisfaction as 1 | 2 | 3 | 4 | 5}`),
          nps: outcome.nps ?? '-',
        }),
      },
    };
  }

  /**
   * What a done task does to its ticket: a complaint's contact is recorded on the complaint, an
   * unsolved revisit reopens its ticket (a closed one says a new ticket is needed instead).
   */
  private async onTicket(
    ctx: Ctx,
    task: TaskRecord,
    outcome: TaskOutcome,
  ): Promise<{
    reopened: boolean;
    closed?: boolean;
    contactNotRecorded?: boolean;
    reopenLater?: boolean;
  }> {
    if (task.kind === 'complaint_contact' && task.ticketNumber) {
      // The complaint records when and how its customer was contacted (its contact target met
      // or not), and says so on its card and thread: its contact task's executor may.
      try {
        await this.deps.ticketFlows.act(
          ctx,
          task.ticketNumber,
          {
            action: 'contact',
            at: outcome.contactedAt ?? ctx.now,
            via: outcome.interactionType,
            summary: outcome.summary,
          },
          { step: task },
        );
      } catch (err) {
        ctx.log.warn({ err, ticket: task.ticketNumber }, 'complaint contact not recorded');
        return { reopened: false, contactNotRecorded: true };
      }
      return { reopened: false };
    }
    if (task.kind !== 'revisit' || outcome.solved !== false || !task.ticketNumber)
      return { reopened: false };
    // Not solved, and the ticket closed meanwhile: the answer stands as given (the revisit
    // figures count it), the ticket stays closed, and the agent is told a new ticket is needed.
    const ticket = await this.deps.tickets.get(ctx, task.ticketNumber).catch(notFoundAsNull);
    if (ticket?.status === 'closed') return { reopened: false, closed: true };
    if (ticket && !allows(ticket.status, 'reopen')) return { reopened: false };
    // Found of a resolution the ticket was reopened from since (resolved again): past what the
    // revisit found, left as it is (as the notice repair's reopenUnsolved leaves it).
    if (ticket && ticket.metrics.reopenCount !== (task.cycle ?? 0)) return { reopened: false };
    try {
      // The revisit's executor may (`stepHolder`), whoever has the ticket now.
      await this.deps.ticketFlows.act(
        ctx,
        task.ticketNumber,
        { action: 'reopen' },
        { step: task, ...(ticket ? { current: ticket } : {}) },
      );
      return { reopened: true };
    } catch (err) {
      ctx.log.warn({ err, ticket: task.ticketNumber }, 'unsolved revisit: ticket not reopened');
      // Refused after the save (asked before it: rights changed in between), or the write
      // failed: the done notice the save recorded stays owed, and its repair reopens the ticket
      // (as the clicker, else in the desk's name), so the confirmation says that, not that it
      // stays resolved. A state's refusal (reopened, closed or merged meanwhile) the repair
      // leaves alone too: nothing to say.
      const repaired =
        !(err instanceof AppError) || err.code === 'FORBIDDEN' || !USER_ERROR_CODES.has(err.code);
      return repaired ? { reopened: false, reopenLater: true } : { reopened: false };
    }
  }

  /**
   * Refuses a Done whose step on its ticket (a complaint's contact recorded, a revisit's "not
   * solved" reopening it) the actor may not take, before anything is saved: the task stays open
   * rather than closed as if the step had been taken, and they read who may (the task's
   * executor holds the step: TicketService.assertMayTakeStep). A step the ticket's state would
   * refuse (closed, contacted already) is the Done's to say after its save, as before.
   */
  private async assertMayTakeStep(
    ctx: Ctx,
    task: TaskRecord,
    outcome: TaskOutcome,
    known: TicketRecord | null,
  ): Promise<void> {
    const contact = task.kind === 'complaint_contact';
    if (!task.ticketNumber || !(contact || isUnsolvedRevisit(task, outcome))) return;
    const ticket =
      known ?? (await this.deps.tickets.get(ctx, task.ticketNumber).catch(notFoundAsNull));
    if (!ticket || !allows(ticket.status, contact ? 'contact' : 'reopen')) return;
    // A revisit of a resolution the ticket was reopened from since: no step left to take.
    if (!contact && ticket.metrics.reopenCount !== (task.cycle ?? 0)) return;
    if (contact && (!ticket.complaint || ticket.complaint.contactedAt)) return;
    try {
      await this.deps.tickets.assertMayTakeStep(ctx, ticket, task);
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== 'FORBIDDEN') throw err;
      // Named: who may both complete the task and take its step (task.complete and the step's
      // permission): its executor, a manager, and for a complaint's contact (an owner's task) the
      // customer's owner. The ticket's assignee may not complete the task: the reopen says they
      // (and its requester within REOPEN_DAYS) may reopen the ticket itself.
      throw new AppError(
        'FORBIDDEN',
        contact ? 'task.error.contactForbidden' : 'task.error.reopenForbidden',
        { number: ticket.number, days: REOPEN_DAYS },
      );
    }
  }
}
