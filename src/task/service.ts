import { makeCtx, SYSTEM_ACTOR, type Ctx } from '../context.js';
import {
  actorSettings,
  allowed,
  askAdminsError,
  assertMay,
  assertReadsDesk,
  assertWorksDesk,
  may,
  worksTickets,
  typedInClear,
} from '../permissions.js';
import {
  erased,
  erasedName,
  erasingCode,
  foldCode,
  interactionTypeFor,
  type ErasingNow,
  optsOut,
  preferredReach,
  type OptOutTopic,
} from '../customer/rules.js';
import type { CustomerService } from '../customer/service.js';
import { serviceTier, valueClass } from '../customer/stage-rules.js';
import { greetingDayName } from '../workspace/greeting-days.js';
import {
  complaintManagers,
  heldRead,
  nobodyStandsIn,
  ownerExecutor,
  outsideManagersTeam,
  ownersManagers,
  someMayBeHeld,
  staffToTell,
  type UnfitPerson,
} from '../workspace/types.js';
import type { WorkspaceSettings } from '../workspace/settings.js';

/** Who stands in for a guest owner is read from these (`ownerExecutor`). */
export type Roles = Pick<WorkspaceSettings, 'managers' | 'managerLinks' | 'admins'>;
import { greetingDates } from '../workspace/holidays.js';
import {
  stillAContact,
  type CareCustomer,
  type CustomerNameNow,
  type CustomerPass,
  type CustomerRecord,
  type Declaring,
  type InteractionRecord,
  type NamedContact,
  type NamedContacts,
  type TaskCustomer,
} from '../customer/types.js';
import { AppError, FieldErrors, notFoundAsNull } from '../errors.js';
import type { NamedIn } from '../outbox/types.js';
import type { MessageKey } from '../i18n/index.js';
import { groupBy } from '../group.js';
import { maskFreeText } from '../privacy/free-text.js';
import type { RevisitEnd, TicketService } from '../ticket/service.js';
import { OPEN_STATUSES, type TicketRecord } from '../ticket/types.js';
import {
  addDaysToDate,
  localDate,
  localInstant,
  localTime,
  maxDate,
  startOfLocalDay,
} from '../time.js';
import {
  isWorkingDay,
  workingDayOnOrAfter,
  workingDayOnOrBefore,
  workingDaysAfter,
} from '../workspace/calendar.js';
import { contentDigest, editShown, refuseUnfitPeople, taskPeople } from './form.js';
import type { TaskRepository } from './repository.js';
import {
  REMINDER_LEAD_DAYS,
  WINBACK_DAYS,
  GREETING_LEAD_DAYS,
  CARED_FOR,
  carePlan,
  careReason,
  greetingExpiryDate,
  followedUp,
  followUpPlan,
  progressDue,
  progressWednesdays,
  qbrDueDate,
  reminderOwed,
  revisitSummary,
  SURVEY_TIERS,
  surveyTaskId,
} from './rules.js';
import {
  CONTACT_KINDS,
  FOLLOW_UP_KINDS,
  complaintContactTaskId,
  EDIT_FIELDS,
  editableFields,
  followsOwnerExecutor,
  homeReaders,
  madeByHand,
  ownersTask,
  reschedulable,
  cancellable,
  closableNotReached,
  type CancelReason,
  type EditField,
  type InteractionOwed,
  type ManualTaskInput,
  type NewTask,
  type TaskEditInput,
  type ReminderKind,
  type TaskKind,
  type TaskNotice,
  type TaskOutcome,
  type TaskPage,
  type TaskPageKey,
  type TaskRecord,
  reachFor,
} from './types.js';

/** How far back the daily run repairs follow-up plans: what a crash can have lost, not the
 * history before the desk was installed (that would flood executors with overdue tasks). */
const REPAIR_DAYS = 2;

/** The days back the daily run looks for deliveries to revisit: a delivery recorded late (an
 * order imported once delivered) or a run missed over a long weekend still gets its revisit;
 * older deliveries (history imported) get none. */
const DELIVERY_LOOKBACK_DAYS = 7;

/**
 * Whether the daily run will still plan a revisit for a delivery on `deliveredOn` recorded
 * `today`: its next run (tomorrow at the latest) looks back DELIVERY_LOOKBACK_DAYS from its day.
 * A delivery exactly that old, which today's run would still find if it has not run yet, is not
 * promised, and that run passes it over too (`planDeliveryRevisits` asks this of the day it was
 * recorded): the promise and the plan agree whatever the hour.
 */
export function deliveryRevisitAhead(deliveredOn: string, today: string): boolean {
  return deliveredOn > addDaysToDate(today, -DELIVERY_LOOKBACK_DAYS);
}

/** The id of an order's delivery revisit: one per order, whatever its delivery date. */
function deliveryRevisitId(teamId: string, orderId: string): string {
  return `${teamId}:delivery:${orderId}`;
}

/** A delivery is revisited within this many working days (domain 5). */
const DELIVERY_REVISIT_WORKING_DAYS = 3;

/** The revisits an opt-out of care (回访) cancels: a resolution's 3-7-30 calls, a delivery's. */
const REVISIT_KINDS: readonly TaskKind[] = [...FOLLOW_UP_KINDS, 'delivery'];

/** A VIP's quarterly business review, and a key customer's quarterly satisfaction survey, are
 * planned this many days before they are due. */
const QBR_LEAD_DAYS = 14;

/** The longest run of days off an early reminder is pulled forward over. */
const REMINDER_HOLIDAY_DAYS = 14;

/** A dated next step's task (TaskService.planNextStep): when due, and planned now, the DM owed. */
export interface PlannedNextStep {
  due: string;
  approverId?: string;
  created?: TaskRecord;
  owed?: TaskNotice;
}

/** What a person who opens a cancelled task is told, by why it was cancelled. */
const CANCELLED: Readonly<Record<string, MessageKey>> = {
  reopened: 'task.error.cancelled.reopened',
  contacted: 'task.error.cancelled.contacted',
  churned: 'task.error.cancelled.churned',
  opted_out: 'task.error.cancelled.opted_out',
  not_cared: 'task.error.cancelled.not_cared',
  risk_lifted: 'task.error.cancelled.risk_lifted',
  not_key: 'task.error.cancelled.not_key',
  not_vip: 'task.error.cancelled.not_vip',
  project_ended: 'task.error.cancelled.project_ended',
  superseded: 'task.error.cancelled.superseded',
  erased: 'task.error.cancelled.erased',
  expired: 'task.error.cancelled.expired',
  merged: 'task.error.cancelled.merged',
  by_hand: 'task.error.cancelled.by_hand',
  not_reached: 'task.error.cancelled.not_reached',
  resolved_uncontacted: 'task.error.cancelled.resolvedUncontacted',
} satisfies Record<
  | CareDropReason
  | CancelReason
  | 'reopened'
  | 'contacted'
  | 'risk_lifted'
  | 'expired'
  | 'merged'
  | 'project_ended'
  | 'superseded'
  | 'resolved_uncontacted',
  MessageKey
>;

/**
 * The tasks about a ticket that its merge into another ends (`merged`): its complaint's contact
 * and a follow-up still open (the target is followed where it is). A low score's recovery call
 * stays: the requester scored a resolution they had, which the merge does not undo (a reopen
 * leaves it too).
 */
const MERGE_ENDS: readonly TaskKind[] = [...FOLLOW_UP_KINDS, 'complaint_contact'];

/**
 * The daily run's customers for its planners (care, delivery revisits, progress notes,
 * greetings): each call reads them again, a page at a time (CustomerService.forCare), so a
 * planner holds one page of customers however many the workspace has; `only` reads those alone
 * (CustomerPass: the progress notes' running projects, then the rest with a note open), and a
 * planner still skips what it cannot act on (a reader may give it more). None of them writes a
 * customer; an edit made while the run goes on may be planned by this run or by tomorrow's.
 */
export type RunCustomers = (only?: CustomerPass) => AsyncIterable<CareCustomer>;

/**
 * The greetings a daily run planned for one holiday (TaskService.planGreetings), with the
 * contacts each task names as planned (`greets`, by task id), which its DM is checked by after
 * its write (TaskService.greetingsGone).
 */
export interface PlannedGreetings {
  holiday: string;
  date: string;
  tasks: TaskRecord[];
  greets: ReadonlyMap<string, readonly NamedContact[]>;
}

/**
 * The contacts a greeting named that its check after its write left out (being erased, or no
 * longer the customer's: TaskService.checkedGreeting): the greeting taken back, to be planned
 * again for the others.
 */
interface LeftOut {
  without: readonly NamedContact[];
}

/** How many times a greeting is planned again without contacts its check left out (LeftOut). */
const GREETING_TRIES = 3;

/**
 * Why a complaint's own contact task has nothing left to record: its complaint records the
 * contact already (made otherwise: a merged duplicate's, carried to it: `contacted`), or was
 * resolved without it after an attempt (`resolved_uncontacted`); undefined while it is owed.
 */
function contactTaskEnd(
  ticket: TicketRecord | undefined,
): 'contacted' | 'resolved_uncontacted' | undefined {
  if (ticket?.complaint?.contactedAt) return 'contacted';
  if (ticket?.complaint?.resolvedUncontacted) return 'resolved_uncontacted';
  return undefined;
}

/** Working day `dueDate` at the time of day `like` has in `timeZone`, as a task's due time. */
function sameTimeOn(
  timeZone: string,
  dueDate: string,
  like: Date,
): { dueAt: Date; dueDate: string } {
  return { dueAt: localInstant(dueDate, localTime(like, timeZone), timeZone), dueDate };
}

/**
 * Where a complaint's own open contact task is due (followComplaintContacts): its contact target;
 * once that has passed after an attempt that did not reach the customer, made before it (the
 * task never moved past it), the working day after the target's day (today at the earliest) at
 * the target's time, as an attempt made after the target moves it (keepContactOpen): the contact
 * is still owed, and its holder is reminded of it again that day. Undefined for a task an attempt
 * moved past its target: it stays on that day.
 */
function contactTaskDue(
  ctx: Pick<Ctx, 'settings' | 'now' | 'today'>,
  complaint: NonNullable<TicketRecord['complaint']>,
  task: Pick<TaskRecord, 'dueAt'>,
): { dueAt: Date; dueDate: string } | undefined {
  const target = complaint.contactDueAt;
  const timeZone = ctx.settings.timeZone;
  const atTarget = { dueAt: target, dueDate: localDate(target, timeZone) };
  if (!complaint.attempts?.length) return atTarget;
  // Moved past its target by an attempt (keepContactOpen, or this once the target passed).
  if (task.dueAt && task.dueAt.getTime() > target.getTime()) return undefined;
  if (target.getTime() > ctx.now.getTime()) return atTarget;
  // Owed again the working day after the target's day (today at the earliest), as if the attempt
  // had been made then: a move that attempt's write missed, repaired here, counts from the
  // target's day, not from today's as an attempt made now (keepContactOpen).
  const next = workingDaysAfter(ctx.settings, atTarget.dueDate, 1);
  const first = workingDayOnOrAfter(ctx.settings, ctx.today);
  return sameTimeOn(timeZone, next > first ? next : first, target);
}

/** A task as inserted now (NewTask), as its record reads (the name's revision is the store's). */
function asPlanned(task: NewTask, now: Date): TaskRecord {
  const { customerNameRevision, ...record } = task;
  void customerNameRevision;
  return { ...record, status: 'open', reminders: {}, createdAt: now };
}

/** The care plan's tasks (when planned, not made by hand): dropped when their customer is no
 * longer cared for. A win-back call is not one of them (a churned customer's reason is asked). */
const PLANNED_CARE_KINDS: ReadonlySet<TaskKind> = new Set([
  'care',
  'call',
  'visit',
  'qbr',
  'greeting',
  'survey',
]);

/** The opt-out topic a task is of, for whether its words may name the primary contact's
 * preferred channel: a greeting's greetings, a planned care contact's care; none else. */
function optOutTopic(task: TaskRecord): OptOutTopic | undefined {
  if (task.kind === 'greeting') return 'greetings';
  return PLANNED_CARE_KINDS.has(task.kind) && !madeByHand(task) ? 'care' : undefined;
}

/** The id of a ticket's 3-7-30 follow-up of `day`, of its current resolution (its reopen count). */
function followUpId(ticket: Pick<TicketRecord, 'teamId' | 'number' | 'metrics'>, day: number) {
  return `${ticket.teamId}:followup:${ticket.number}:${ticket.metrics.reopenCount}:${day}`;
}

/**
 * What every task of a ticket's resolution holds (a 3-7-30 follow-up, a low score's recovery
 * call): its workspace, kind, customer (`name`: its name copy), ticket and resolution (its reopen
 * count), its executor (`owner`) and the ticket's assignee as its agent.
 */
function ticketTaskBase(
  ticket: TicketRecord,
  kind: TaskKind,
  name: { customerName: string; customerNameRevision?: number },
  owner: { assigneeId: string; guestOwner?: string },
) {
  return {
    teamId: ticket.teamId,
    kind,
    customerId: ticket.customerId,
    customerCode: ticket.customerCode,
    ...name,
    ticketId: ticket.id,
    ticketNumber: ticket.number,
    cycle: ticket.metrics.reopenCount,
    ...owner,
    ...(ticket.assigneeId ? { agentId: ticket.assigneeId } : {}),
  };
}

/**
 * A ticket's 3-7-30 follow-up of `day` (`kind`), of its current resolution: the check-in the
 * account manager's (`manager`), the others its assignee's (the account manager's when it has
 * none); due and naming what `rest` says.
 */
function followUpTask(
  ticket: TicketRecord,
  kind: TaskKind,
  day: number,
  name: { customerName: string; customerNameRevision?: number },
  manager: { assigneeId: string; guestOwner?: string },
  rest: { dueDate: string; alsoTickets?: string[] },
): NewTask {
  return {
    id: followUpId(ticket, day),
    ...ticketTaskBase(
      ticket,
      kind,
      name,
      kind === 'checkin' || !ticket.assigneeId ? manager : { assigneeId: ticket.assigneeId },
    ),
    ...rest,
  };
}

/**
 * The id of the account manager's low-score follow-up of a ticket's resolution (its reopen
 * count, as the requester's survey notices are keyed): the first resolution's keeps the id
 * planned before resolutions had their own, so one planned then is not planned twice.
 */
export function recoveryTaskId(
  ticket: Pick<TicketRecord, 'teamId' | 'number' | 'metrics'>,
): string {
  const cycle = ticket.metrics.reopenCount;
  return `${ticket.teamId}:recovery:${ticket.number}${cycle > 0 ? `:${cycle}` : ''}`;
}

/** Why a planned care task was cancelled: the customer churned, every contact opted out (of
 * care; of greetings for a greeting), it is a lead no longer cared for (not key potential), or,
 * for a quarterly satisfaction survey, it is no longer of the key or strategic tier, for a
 * quarterly business review, it is no longer a VIP; `erased`: the customer was erased whole
 * (every task the desk planned for it goes, follow-ups too). */
export const CARE_DROP_REASONS = [
  'erased',
  'churned',
  'opted_out',
  'not_cared',
  'not_key',
  'not_vip',
] as const;
export type CareDropReason = (typeof CARE_DROP_REASONS)[number];

/** Why a customer's planned care task is no longer owed, if it is not. */
function careDropReason(
  lifecycle: string,
  cared: boolean,
  contacts: { optedOut: boolean },
): CareDropReason | null {
  if (lifecycle === 'churned') return 'churned';
  if (!cared) return 'not_cared';
  return contacts.optedOut ? 'opted_out' : null;
}

/** The Edit task modal's block of each field (where a refusal of it is shown). */
const EDIT_BLOCKS: Record<EditField, string> = {
  assigneeId: 'executor',
  helperId: 'helper',
  approverId: 'approver',
  dueDate: 'due',
  content: 'content',
};

/**
 * Follow-up and care tasks: the 3-7-30 follow-ups of a resolved ticket, care contacts on the
 * tier's cadence, win-back calls. Every task has a natural key, so planning is idempotent;
 * completing is one conditional update, so a task is done once.
 */
/** Where a greeting's content names whom to greet, split on before the names go in. */
const NAME_SLOT = '\u0000';

/**
 * A Done or Cancel task submission delivered again (Slack's redelivery of a submission it got no
 * ack for in time, a double click) that closed `task` already: nothing to write, answered as
 * saved (TaskFlows.complete and cancel catch it).
 */
export class TaskSubmittedAgain extends Error {
  constructor(readonly task: TaskRecord) {
    super('task closed by this submission already');
  }
}

/** Throws TaskSubmittedAgain when `form` (its submissionKey) closed `task`, by the actor. */
function sayIfSubmittedAgain(ctx: Ctx, task: TaskRecord, form: string | undefined): void {
  if (
    form &&
    task.status !== 'open' &&
    task.closedForm === form &&
    (task.doneBy ?? task.cancelledBy) === ctx.actor
  )
    throw new TaskSubmittedAgain(task);
}

export class TaskService {
  constructor(
    private readonly deps: {
      tasks: TaskRepository;
      tickets: TicketService;
      customers: CustomerService;
      /** The erasure running now, if any (ErasureLeases.running): read after each planned task. */
      erasing?: {
        running(ctx: Pick<Ctx, 'teamId' | 'now'>): Promise<ErasingNow | undefined>;
        /**
         * Whether the erasure `running` (one contact's) erases customer `code`'s contact named
         * `contact` now (ErasureLeases.erases: the lease's keyed hash of the name). Unset: any
         * contact of that customer counts as erased while it runs.
         */
        erases?(running: ErasingNow, code: string, contact: string): boolean;
      };
    },
  ) {}

  /**
   * The open tasks `userId` does, helps with or signs off, at most `limit` (a hand-over's), due
   * first; with `after`, those after it in (due date, id) order.
   */
  openInvolving(
    ctx: Pick<Ctx, 'teamId'>,
    userId: string,
    limit: number,
    after?: TaskPageKey,
  ): Promise<TaskRecord[]> {
    return this.deps.tasks.openInvolving(ctx.teamId, userId, limit, after);
  }

  /** How many open tasks `userId` does, helps with or signs off, counted up to `limit`. */
  openInvolvingCount(ctx: Pick<Ctx, 'teamId'>, userId: string, limit: number): Promise<number> {
    return this.deps.tasks.openInvolvingCount(ctx.teamId, userId, limit);
  }

  /** A customer's latest done revisits, newest first, as a pipeline for another query to run
   * along (the card's service history). */
  doneRevisitsPipeline(ctx: Pick<Ctx, 'teamId'>, customerId: string, limit = 20) {
    return this.deps.tasks.doneRevisitsPipeline(ctx.teamId, customerId, limit);
  }

  /** The revisits of that pipeline's documents. */
  revisitsOf(docs: unknown[]): TaskRecord[] {
    return this.deps.tasks.fromDocs(docs);
  }

  /**
   * Plans the follow-ups of a resolution (the ticket as resolved) and cancels those of an
   * earlier resolution still open. Returns how many it created (0 when they existed: planned
   * once per resolution, so a change of the revisit days since does not plan a second set) and
   * the tasks it cancelled.
   */
  async planFollowUps(
    ctx: Ctx,
    ticket: TicketRecord,
    /** The customer as this request read it already (the resolve's own read): not read again. */
    read?: { customer: CustomerRecord | null },
  ): Promise<{ created: number; cancelled: TaskRecord[] }> {
    if (!ticket.resolvedAt) return { created: 0, cancelled: [] };
    // A complaint resolved without reaching its customer: its contact task has nothing left to
    // record (the daily run cancels it too, should this fail).
    const gaveUp = await this.cancelContactNotReached(ctx, ticket);
    const planned = await this.planResolvedFollowUps(ctx, ticket, read);
    return { ...planned, cancelled: [...gaveUp, ...planned.cancelled] };
  }

  /**
   * A complaint's contact task still open once its complaint was resolved without the contact
   * (a complaint manager's Resolve after an attempt that did not reach the customer:
   * `resolvedUncontacted`), cancelled `resolved_uncontacted`. Returns it when cancelled now.
   */
  cancelContactNotReached(ctx: Ctx, ticket: TicketRecord): Promise<TaskRecord[]> {
    return this.cancelOwnContactTask(ctx, ticket, 'resolved_uncontacted');
  }

  /**
   * A complaint resolved without the contact, then reopened (the reopen took
   * `resolvedUncontacted` off it): the contact is owed again, so its own contact task, cancelled
   * `resolved_uncontacted`, is opened again for whoever held it: due at its due time while that
   * is ahead, else at the same time of day on the first working day it is still ahead (today
   * when reopened before it), so its holder is reminded of it that day. One conditional write
   * (a second pass, the daily repair, revives nothing again). Returns it as revived, or
   * undefined.
   */
  async reviveContact(ctx: Ctx, ticket: TicketRecord): Promise<TaskRecord | undefined> {
    const c = ticket.complaint;
    if (!c || c.contactedAt || c.contactWaived || c.resolvedUncontacted) return undefined;
    if (!OPEN_STATUSES.includes(ticket.status) || ticket.mergedInto) return undefined;
    const task = await this.deps.tasks.byId(ticket.teamId, complaintContactTaskId(ticket));
    if (task?.status !== 'cancelled' || task.cancelReason !== 'resolved_uncontacted')
      return undefined;
    const dueAt = task.dueAt ?? c.contactDueAt;
    const { timeZone } = ctx.settings;
    const on = (dueDate: string) => sameTimeOn(timeZone, dueDate, dueAt);
    const first = on(workingDayOnOrAfter(ctx.settings, ctx.today));
    const to =
      dueAt > ctx.now
        ? { dueAt, dueDate: localDate(dueAt, timeZone) }
        : first.dueAt > ctx.now
          ? first
          : on(workingDaysAfter(ctx.settings, ctx.today, 1));
    if (!(await this.deps.tasks.reviveCancelled(ctx.teamId, task.id, 'resolved_uncontacted', to)))
      return undefined;
    const { cancelledAt: _at, cancelReason: _why, ...open } = task;
    return { ...open, ...to, status: 'open', reminders: {} };
  }

  /** planFollowUps' 3-7-30 follow-ups of the resolution. */
  private async planResolvedFollowUps(
    ctx: Ctx,
    ticket: TicketRecord,
    read?: { customer: CustomerRecord | null },
  ): Promise<{ created: number; cancelled: TaskRecord[] }> {
    if (!ticket.resolvedAt) return { created: 0, cancelled: [] };
    const cycle = ticket.metrics.reopenCount;
    // Only a ticket reopened before can have follow-ups of an earlier resolution.
    const cancelled =
      cycle > 0 ? await this.cancelFollowUps(ctx, ticket, (task) => (task.cycle ?? 0) < cycle) : [];
    // Every contact opted out of 回访 (or the customer erased): none planned, by the daily
    // reconcile either (it asks here).
    const customer = read
      ? read.customer
      : await this.deps.customers.get(ctx, ticket.customerCode).catch(notFoundAsNull);
    if (customer && !followedUp(customer)) return { created: 0, cancelled };
    const resolvedDate = localDate(ticket.resolvedAt, ctx.settings.timeZone);
    const id = (day: number) => followUpId(ticket, day);
    const plan = followUpPlan(ctx.settings.revisitDays, resolvedDate);
    // Planned under other revisit days (changed since): that plan stands, none is added. A
    // plan of these days cut short is completed (the ids say which steps exist).
    const planned = new Set(plan.map((step) => id(step.day)));
    const existing = await this.deps.tasks.idsForCycle(
      ticket.teamId,
      ticket.id,
      cycle,
      FOLLOW_UP_KINDS,
    );
    if (existing.some((taskId) => !planned.has(taskId))) return { created: 0, cancelled };
    // The customer's name now, not the ticket's (opened before a rename, resolved after it): the
    // record read above when it is this ticket's customer, else one read of it.
    const name =
      customer && customer.id === ticket.customerId
        ? { customerName: customer.name, customerNameRevision: customer.revision }
        : await this.customerNameOf(ctx, ticket);
    const manager = this.forAccountManager(ctx, ticket, customer);
    // One day-7 guide and one day-30 check-in open per customer at a time (domain 7: not
    // contacted once per ticket): the customer's open one about another ticket covers this
    // one (noted on it), none planned for it, when it is due after the resolution day and no
    // later than this ticket's own would be (one overdue, or due later, is not joined: this
    // ticket's own is planned). One that covered it and was done since this resolution (the
    // daily repair, after the call was made) covers it too. The per-ticket revisit stays.
    const resolvedAt = ticket.resolvedAt;
    const steps: typeof plan = [];
    for (const step of plan) {
      const joined =
        (step.kind === 'guide' || step.kind === 'checkin') &&
        !existing.includes(id(step.day)) &&
        ((await this.deps.tasks.joinOpenFollowUp(
          ticket.teamId,
          ticket.customerId,
          step.kind,
          ticket.id,
          ticket.number,
          { after: resolvedDate, until: workingDayOnOrAfter(ctx.settings, step.dueDate) },
        )) ||
          // Done since the resolution: only a resolution made before this request (the
          // resolve itself finds none; no read then).
          (resolvedAt < ctx.now &&
            (await this.deps.tasks.doneCovering(
              ticket.teamId,
              ticket.customerId,
              step.kind,
              ticket.number,
              resolvedAt,
            ))));
      if (!joined) steps.push(step);
    }
    const created = await this.deps.tasks.insertAllOnce(
      steps.map((step) =>
        followUpTask(ticket, step.kind, step.day, name, manager, {
          // Day 3 (7, 30) in calendar days; one falling on a weekend or holiday is due the first
          // working day after it: never before the customer has had the days to use the fix.
          dueDate: workingDayOnOrAfter(ctx.settings, step.dueDate),
        }),
      ),
      ctx.now,
    );
    if (created) await this.catchUpName(ctx, ticket.customerId, name);
    return { created, cancelled };
  }

  /**
   * A complaint's contact step, assigned to the account manager with the complaint's contact
   * target as its due time (its overdue alert is the ticket's `contactBreach`). Once per
   * complaint; returns whether it was created now.
   */
  async planComplaintContact(ctx: Ctx, ticket: TicketRecord): Promise<boolean> {
    if (!ticket.complaint || ticket.complaint.contactedAt) return false;
    const name = await this.customerNameOf(ctx, ticket);
    const customer = await this.deps.customers.get(ctx, ticket.customerCode).catch(notFoundAsNull);
    const planned = await this.deps.tasks.insertOnce(
      {
        id: complaintContactTaskId(ticket),
        teamId: ticket.teamId,
        kind: 'complaint_contact',
        customerId: ticket.customerId,
        customerCode: ticket.customerCode,
        ...name,
        ticketId: ticket.id,
        ticketNumber: ticket.number,
        ...this.forAccountManager(ctx, ticket, customer),
        dueDate: localDate(ticket.complaint.contactDueAt, ctx.settings.timeZone),
        dueAt: ticket.complaint.contactDueAt,
      },
      ctx.now,
    );
    if (planned) await this.catchUpName(ctx, ticket.customerId, name);
    return planned;
  }

  /**
   * The customer a New task modal opens for, when the actor may plan tasks for it (asked before
   * the form opens, so nobody fills a form to be refused): as createManual checks.
   */
  async customerToPlanFor(ctx: Ctx, code: string): Promise<CustomerRecord> {
    // A guest plans nothing, even for a customer they own.
    assertWorksDesk(ctx);
    const customer = await this.deps.customers.get(ctx, code);
    assertMay(ctx, 'customer.planTask', { customer });
    return customer;
  }

  /**
   * The customer a ticket's New task (its card) opens the modal for: the ticket's, when the actor
   * may plan a task for it (as `customerToPlanFor`). A closed or merged ticket's card no longer
   * offers it: a click on one shown before is refused as stale, as its other actions are.
   */
  async ticketToPlanFor(ctx: Ctx, ticket: TicketRecord): Promise<CustomerRecord> {
    assertWorksDesk(ctx);
    if (ticket.status === 'closed' || ticket.mergedInto)
      throw new AppError('INVALID_INPUT', 'ticket.error.stale.closed', { number: ticket.number });
    return this.customerToPlanFor(ctx, ticket.customerCode);
  }

  /**
   * `/task new` with no customer named, asked before the modal opens (as `/customer new` is):
   * refused for whoever may plan a task for no customer, neither on the service team
   * (`customer.planTask`) nor owning a customer (a member with no role on a closed desk, an
   * account manager with no customer yet); the refusal names the admins to ask for a role.
   */
  async assertMayPlanSome(ctx: Ctx): Promise<undefined> {
    assertWorksDesk(ctx);
    if (may(ctx.settings, ctx.actor, 'customer.planTask', {}, ctx.now)) return undefined;
    if (await this.deps.customers.ownedCount(ctx, ctx.actor, 1)) return undefined;
    if (!ctx.settings.admins.length)
      throw new AppError('FORBIDDEN', 'permission.denied.roleNoAdmin', {
        refused: 'taskPlan',
        team: ctx.teamId,
        user: ctx.actor,
      });
    // Only staff admins are named: with only admins of another organisation left, no names.
    throw (
      askAdminsError(ctx, 'permission.denied.taskPlanAsk', 'permission.denied.taskPlan') ??
      new AppError('FORBIDDEN', 'permission.denied.taskPlan')
    );
  }

  /**
   * A task planned by hand for a customer (`/task new`, the card's New task): whoever may log an
   * interaction on the customer may plan one, for any executor. Once per modal submission.
   */
  async createManual(
    ctx: Ctx,
    input: ManualTaskInput,
    /** Who Slack said (users.info, asked by the form's reader) is a bot, deactivated or a guest. */
    unfit?: readonly UnfitPerson[],
  ): Promise<TaskRecord> {
    assertWorksDesk(ctx);
    const customer = await this.deps.customers.get(ctx, input.customerCode);
    assertMay(ctx, 'customer.planTask', { customer });
    // About a ticket (its card's New task): one of this customer's, of this workspace.
    const ticket = input.ticketNumber
      ? await this.deps.tickets.get(ctx, input.ticketNumber)
      : undefined;
    if (ticket && ticket.customerCode !== customer.code)
      throw new FieldErrors({
        customer: {
          key: 'task.error.ticketCustomer',
          params: { number: ticket.number, code: ticket.customerCode },
        },
      });
    // Nobody of them does, helps with or signs off a task (whatever path planned it).
    refuseUnfitPeople(taskPeople(input), unfit);
    const id = `${ctx.teamId}:manual:${input.submissionId}`;
    // Planned for someone else, or with someone else to help or sign it off: they are owed a DM.
    const tells =
      input.assigneeId !== ctx.actor ||
      (!!input.helperId && input.helperId !== ctx.actor) ||
      (!!input.approverId && input.approverId !== ctx.actor);
    const planned = await this.deps.tasks.insertOnce(
      {
        id,
        teamId: ctx.teamId,
        kind: input.kind,
        customerId: customer.id,
        customerCode: customer.code,
        customerName: customer.name,
        customerNameRevision: customer.revision,
        assigneeId: input.assigneeId,
        ...(input.helperId ? { helperId: input.helperId } : {}),
        ...(input.approverId ? { approverId: input.approverId } : {}),
        content: input.content,
        ...(ticket ? { ticketId: ticket.id, ticketNumber: ticket.number } : {}),
        createdBy: ctx.actor,
        dueDate: input.dueDate,
      },
      ctx.now,
      tells ? { what: 'planned', by: ctx.actor, at: ctx.now } : undefined,
    );
    // Renamed since it was read (its rename's copy may have run before this task was in).
    if (planned)
      await this.catchUpName(ctx, customer.id, { customerNameRevision: customer.revision });
    const task = await this.deps.tasks.byId(ctx.teamId, id);
    if (!task) throw new AppError('INTERNAL', 'error.internal');
    return task;
  }

  /**
   * The account manager's follow-up of a requester's low survey score, due within 24 hours
   * (tomorrow, or the next working day after it), once per ticket and resolution (a ticket
   * reopened and resolved again gets its own):
   * a low score logged on a 3-7-30 follow-up call of the ticket (`content`: its words) plans the
   * same one, so whichever comes first in a resolution plans it and the other none. Planned by
   * someone else than the account manager (the requester, or a call's executor), it owes them
   * the DM of a task planned for them; it owes the managers the notice of the low score
   * (`call`: the call whose score it is, else the requester's answer), both in its insert, so
   * the notice repair writes them if the process dies first. Returns whether it was created
   * now, and the resolution's follow-up as stored (undefined only when it is gone).
   */
  async planRecovery(
    ctx: Ctx,
    ticket: TicketRecord,
    content?: string,
    /** Who gave or logged the score (a repair runs in the desk's name). */
    by: string = ctx.actor,
    /** The 3-7-30 call (task id) whose score it is; absent, the requester's survey answer. */
    call?: string,
  ): Promise<{ planned: boolean; task: TaskRecord | undefined }> {
    const id = recoveryTaskId(ticket);
    const name = await this.customerNameOf(ctx, ticket);
    // The customer's owner now: a resolved ticket keeps the account manager it had when the
    // customer changed hands, and the survey stays open a week after it.
    const customer = await this.deps.customers.get(ctx, ticket.customerCode).catch(notFoundAsNull);
    // An erased customer is called no more (the score is still saved and counted).
    if (customer && erased(customer))
      return { planned: false, task: (await this.deps.tasks.byId(ticket.teamId, id)) ?? undefined };
    const { assigneeId, guestOwner } = customer
      ? ownerExecutor(ctx.settings, customer)
      : { assigneeId: ticket.accountManagerId, guestOwner: undefined };
    const planned = await this.deps.tasks.insertOnce(
      {
        id,
        ...ticketTaskBase(ticket, 'recovery', name, {
          assigneeId,
          ...(guestOwner ? { guestOwner } : {}),
        }),
        ...(content ? { content } : {}),
        // Tomorrow, or the next working day after it: never a weekend or a holiday.
        dueDate: workingDayOnOrAfter(ctx.settings, addDaysToDate(ctx.today, 1)),
      },
      ctx.now,
      // Planned by the desk (on a requester's answer or a call's score), never in their name;
      // the managers' notice names who gave the score from the survey or the call, not from here.
      [
        ...(assigneeId !== by ? [{ what: 'planned', by: SYSTEM_ACTOR, at: ctx.now } as const] : []),
        { what: 'lowScore', by: SYSTEM_ACTOR, at: ctx.now, ...(call ? { call } : {}) },
      ],
    );
    if (planned) await this.catchUpName(ctx, ticket.customerId, name);
    return { planned, task: (await this.deps.tasks.byId(ticket.teamId, id)) ?? undefined };
  }

  /**
   * The account manager's follow-up of a low quarterly satisfaction survey (`survey`, done with
   * `outcome` by `by`): a recovery call for the customer's owner now (the survey's executor when
   * the customer is gone), as after a requester's low score, due within 24 hours
   * (tomorrow, or the next working day after it), its words the scores; once per survey.
   * Recorded by someone else than its executor, it owes them the DM of a task planned for them
   * (by the desk), as a requester's low score's does. Returns whether it was created now and the follow-up as stored (undefined only
   * when it is gone), and its due date. An erased customer (`erased`) gets none (undefined due
   * date unless one was planned before).
   */
  async planSurveyRecovery(
    ctx: Ctx,
    survey: TaskRecord,
    outcome: Pick<TaskOutcome, 'satisfaction' | 'nps'>,
    by: string = ctx.actor,
  ): Promise<{ planned: boolean; task: TaskRecord | undefined; dueDate: string | undefined }> {
    const dueDate = workingDayOnOrAfter(ctx.settings, addDaysToDate(ctx.today, 1));
    const name = await this.customerNameOf(ctx, survey);
    // The customer's owner's, whoever the survey was handed to: the rule the daily run applies
    // to an owner's task (`followsOwner`), so it is not moved from them on the day it is due.
    const customer = await this.deps.customers.get(ctx, survey.customerCode).catch(notFoundAsNull);
    // An erased customer is called no more (the answer is still saved, the managers told).
    if (customer && erased(customer)) {
      const task = (await this.deps.tasks.byId(ctx.teamId, `${survey.id}:recovery`)) ?? undefined;
      return { planned: false, task, dueDate: task?.dueDate };
    }
    const { assigneeId, guestOwner } = customer
      ? ownerExecutor(ctx.settings, customer)
      : { assigneeId: survey.assigneeId, guestOwner: undefined };
    const planned = await this.deps.tasks.insertOnce(
      {
        id: `${survey.id}:recovery`,
        teamId: survey.teamId,
        kind: 'recovery',
        customerId: survey.customerId,
        customerCode: survey.customerCode,
        ...name,
        assigneeId,
        ...(guestOwner ? { guestOwner } : {}),
        content: ctx.t.plain('task.content.surveyRecovery', {
          satisfaction: outcome.satisfaction ?? 'none',
          nps: outcome.nps ?? 'none',
        }),
        dueDate,
      },
      ctx.now,
      assigneeId !== by ? { what: 'planned', by: SYSTEM_ACTOR, at: ctx.now } : undefined,
    );
    if (planned) await this.catchUpName(ctx, survey.customerId, name);
    const task = (await this.deps.tasks.byId(ctx.teamId, `${survey.id}:recovery`)) ?? undefined;
    return { planned, task, dueDate: task?.dueDate ?? dueDate };
  }

  /**
   * Whom a low quarterly survey's managers' DM tells: the managers of the customer's owner now,
   * whose recovery call it is (planSurveyRecovery), else (the customer gone) of the survey's
   * executor. A guest owner's as a complaint's (`complaintManagers`): the guest's managers but
   * never the one standing in for them (who does the survey and its recovery call), and when
   * that stand-in is the guest's only linked manager, the stand-in's own, so that someone above
   * them hears of it.
   */
  async surveyManagers(ctx: Ctx, survey: TaskRecord): Promise<string[]> {
    const customer = await this.deps.customers.get(ctx, survey.customerCode).catch(notFoundAsNull);
    if (!customer) return ownersManagers(ctx.settings, survey.assigneeId);
    const { assigneeId, guestOwner } = ownerExecutor(ctx.settings, customer);
    return guestOwner
      ? complaintManagers(ctx.settings, { accountManagerId: assigneeId, guestOwner })
      : ownersManagers(ctx.settings, customer.ownerId);
  }

  /**
   * Whom a quarterly satisfaction survey may ask: the customer's contacts who did not opt out of
   * care (their key within the customer, and name), read for its Done modal and its save.
   */
  async surveyContacts(ctx: Ctx, task: TaskRecord): Promise<{ key: string; name: string }[]> {
    const customer = await this.deps.customers.get(ctx, task.customerCode).catch(notFoundAsNull);
    return (customer?.contacts ?? [])
      .filter((c) => !optsOut(c, 'care'))
      .map((c) => ({ key: c.key, name: c.name }));
  }

  /**
   * When each ticket's revisit (the first follow-up of its current resolution: domain 5's "is it
   * really solved") ended, by ticket id: its done or cancel time, or, while it is still open,
   * when its due day (its due date now, in the workspace's time zone) is over.
   * A ticket with none (its customer opted out of 回访, erased, or none planned) is not listed.
   * A revisit done "not solved" counts as open: its Done reopens the ticket, and when that
   * reopen failed after the save (or runs on another instance) the outbox job's repair makes it,
   * so the ticket stays resolved for it (the close's REVISIT_WAIT_DAYS and the due day still
   * bound the wait).
   */
  async revisitEnds(ctx: Ctx, tickets: TicketRecord[]): Promise<Map<string, RevisitEnd>> {
    const cycles = new Map(tickets.map((t) => [t.id, t.metrics.reopenCount]));
    const ends = new Map<string, RevisitEnd>();
    for (const task of await this.deps.tasks.revisitsOf(ctx.teamId, [...cycles.keys()])) {
      if ((task.cycle ?? 0) !== cycles.get(task.ticketId!)) continue;
      const waiting = task.status === 'open' || task.outcome?.solved === false;
      ends.set(
        task.ticketId!,
        waiting
          ? {
              dueDayEnd: startOfLocalDay(addDaysToDate(task.dueDate, 1), ctx.settings.timeZone),
            }
          : { endedAt: task.doneAt ?? task.cancelledAt ?? ctx.now },
      );
    }
    return ends;
  }

  /**
   * A reopened ticket is not solved: its open follow-ups are cancelled. Returns those. A guide or
   * check-in among them that covered the customer's other tickets hands them on (`handOnCovered`).
   */
  async cancelFollowUps(
    ctx: Ctx,
    ticket: TicketRecord,
    which: (task: TaskRecord) => boolean = () => true,
  ): Promise<TaskRecord[]> {
    const cancelled: TaskRecord[] = [];
    for (const task of await this.deps.tasks.openForTicket(ticket.teamId, ticket.id)) {
      if (!FOLLOW_UP_KINDS.includes(task.kind) || !which(task)) continue;
      if (await this.deps.tasks.cancel(ticket.teamId, task.id, 'reopened', ctx.now)) {
        cancelled.push(task);
        await this.handOnCovered(ctx, task);
      }
    }
    return cancelled;
  }

  /**
   * A customer's guide or check-in just cancelled by its own ticket's reopen or merge that
   * covered the customer's other tickets (`alsoTickets`: resolved while it was open, so planned
   * none of their own): those still resolved are not left with none. The step is planned for the
   * first of them still resolved that has no step of that kind of its own for its resolution (one
   * that has, whatever its status, had or has its call: passed over, and not named), as that
   * ticket's resolution's own (its id: a second pass, another instance or the daily repair plans
   * it once), due the day the cancelled one was (the day the customer was to be called), naming
   * the rest; should the customer have another one of that kind open by then, they join it
   * instead. None for a customer no longer followed up (every contact opted out of care,
   * erased), nor when the revisit days now plan no step of that kind. Returns whether one was
   * planned now.
   */
  private async handOnCovered(ctx: Ctx, cancelled: TaskRecord): Promise<boolean> {
    if (cancelled.kind !== 'guide' && cancelled.kind !== 'checkin') return false;
    if (!cancelled.alsoTickets?.length) return false;
    // Those still resolved that have no step of that kind of their own for this resolution: one
    // that has (done, cancelled or open: planned before it was covered, or by an earlier hand-on)
    // had or has its own call, and is neither given a second one nor named on another.
    const covered: TicketRecord[] = [];
    for (const number of cancelled.alsoTickets) {
      const ticket = await this.deps.tickets.get(ctx, number).catch(notFoundAsNull);
      if (!ticket?.resolvedAt || ticket.mergedInto || ticket.customerId !== cancelled.customerId)
        continue;
      const own = await this.deps.tasks.idsForCycle(
        ticket.teamId,
        ticket.id,
        ticket.metrics.reopenCount,
        [cancelled.kind],
      );
      if (own.length) continue;
      // Named on another one since its resolution (this one's hand-on made before, its step
      // done or cancelled since): it had or has that call.
      const named = await this.deps.tasks.otherCovering(
        ticket.teamId,
        ticket.customerId,
        cancelled.kind,
        ticket.number,
        ticket.resolvedAt,
        cancelled.id,
      );
      if (!named) covered.push(ticket);
    }
    const [first, ...rest] = covered;
    if (!first?.resolvedAt) return false;
    const customer = await this.deps.customers.get(ctx, first.customerCode).catch(notFoundAsNull);
    if (customer && !followedUp(customer)) return false;
    const step = followUpPlan(
      ctx.settings.revisitDays,
      localDate(first.resolvedAt, ctx.settings.timeZone),
    ).find((s) => s.kind === cancelled.kind);
    if (!step) return false;
    // Joined as the resolve joins (planFollowUps): an open one due after the ticket's resolution
    // day and no later than this step's own.
    const join = (t: TicketRecord) =>
      this.deps.tasks.joinOpenFollowUp(t.teamId, t.customerId, step.kind, t.id, t.number, {
        after: localDate(t.resolvedAt!, ctx.settings.timeZone),
        until: workingDayOnOrAfter(ctx.settings, step.dueDate),
      });
    if (await join(first)) {
      for (const t of rest) await join(t);
      return false;
    }
    const name =
      customer && customer.id === first.customerId
        ? { customerName: customer.name, customerNameRevision: customer.revision }
        : await this.customerNameOf(ctx, first);
    const planned = await this.deps.tasks.insertOnce(
      followUpTask(first, step.kind, step.day, name, this.forAccountManager(ctx, first, customer), {
        dueDate: cancelled.dueDate,
        ...(rest.length ? { alsoTickets: rest.map((t) => t.number) } : {}),
      }),
      ctx.now,
    );
    if (planned) await this.catchUpName(ctx, first.customerId, name);
    return planned;
  }

  /**
   * A ticket merged into another (`mergedInto`): its open tasks about it (MERGE_ENDS) cancelled
   * as `merged`, never deleted; their people are told why when they open one. Each a
   * single-document write from open, so a second pass (a repair, another instance) cancels
   * nothing again. A guide or check-in among them that covered the customer's other tickets
   * hands them on (`handOnCovered`), as a reopen's does. Returns those cancelled now.
   */
  async cancelForMerge(ctx: Ctx, ticket: TicketRecord): Promise<TaskRecord[]> {
    if (!ticket.mergedInto) return [];
    const cancelled: TaskRecord[] = [];
    for (const task of await this.deps.tasks.openForTicket(ticket.teamId, ticket.id)) {
      if (!MERGE_ENDS.includes(task.kind)) continue;
      if (await this.deps.tasks.cancel(ticket.teamId, task.id, 'merged', ctx.now)) {
        cancelled.push(task);
        await this.handOnCovered(ctx, task);
      }
    }
    return cancelled;
  }

  /**
   * A complaint's contact task still open once its complaint records a contact made otherwise
   * (a merged duplicate's, carried to it: TicketService.noteMerged), cancelled `contacted`: the
   * customer was contacted, nothing is left to record. Returns it when cancelled now.
   */
  cancelContactMade(ctx: Ctx, ticket: TicketRecord): Promise<TaskRecord[]> {
    return this.cancelOwnContactTask(ctx, ticket, 'contacted');
  }

  /** A complaint's own contact task, still open, cancelled `reason` when that is why it ended. */
  private async cancelOwnContactTask(
    ctx: Ctx,
    ticket: TicketRecord,
    reason: 'contacted' | 'resolved_uncontacted',
  ): Promise<TaskRecord[]> {
    if (contactTaskEnd(ticket) !== reason) return [];
    const id = complaintContactTaskId(ticket);
    const open = (await this.deps.tasks.openForTicket(ticket.teamId, ticket.id)).find(
      (task) => task.id === id,
    );
    if (!open || !(await this.deps.tasks.cancel(ticket.teamId, id, reason, ctx.now))) return [];
    return [open];
  }

  /**
   * What the daily run repairs: follow-ups of recent resolutions that were not planned (the app
   * stopped between saving the resolution and planning), follow-ups of reopened tickets still
   * open, and the tasks a merge ends (cancelForMerge) still open (a merge whose cancelling
   * failed), a complaint's contact task still open once its complaint records the contact
   * (`contacted`: a merge whose cancelContactMade failed), the contact task a reopen of a complaint
   * resolved without the contact did not open again (reviveContact, of a complaint written in
   * those days), and the hand-on of a covering guide or check-in a reopen or merge cancelled in
   * those days, lost. Idempotent. Returns how many it planned and the tasks it cancelled.
   */
  async reconcileFollowUps(ctx: Ctx): Promise<{ planned: number; cancelled: TaskRecord[] }> {
    let planned = 0;
    const cancelled: TaskRecord[] = [];
    const since = new Date(ctx.now.getTime() - REPAIR_DAYS * 86_400_000);
    for (const ticket of await this.deps.tickets.resolvedSince(ctx, since)) {
      const plan = await this.planFollowUps(ctx, ticket);
      planned += plan.created;
      cancelled.push(...plan.cancelled);
    }
    const open = (await this.deps.tasks.openOfKinds(ctx.teamId, MERGE_ENDS)).filter(
      (task) => task.ticketId,
    );
    const ticketIds = [...new Set(open.flatMap((t) => (t.ticketId ? [t.ticketId] : [])))];
    const byId = new Map((await this.deps.tickets.byIds(ctx, ticketIds)).map((t) => [t.id, t]));
    for (const task of open) {
      const ticket = task.ticketId ? byId.get(task.ticketId) : undefined;
      const reason = ticket?.mergedInto
        ? 'merged'
        : FOLLOW_UP_KINDS.includes(task.kind) &&
            ticket &&
            ticket.metrics.reopenCount > (task.cycle ?? 0) &&
            !ticket.resolvedAt
          ? 'reopened'
          : task.kind === 'complaint_contact' &&
              ticket &&
              task.id === complaintContactTaskId(ticket)
            ? contactTaskEnd(ticket)
            : undefined;
      if (reason && (await this.deps.tasks.cancel(ctx.teamId, task.id, reason, ctx.now))) {
        cancelled.push(task);
        // A reopen's or merge's cancel made here: the tickets its guide or check-in covered,
        // handed on.
        await this.handOnCovered(ctx, task);
      }
    }
    // A complaint resolved without the contact, reopened, whose contact task the reopen did not
    // open again (the app stopped after the reopen, or the write failed): opened now.
    for (const ticket of await this.deps.tickets.reopenedOwingContactSince(ctx, since)) {
      if (await this.reviveContact(ctx, ticket)) planned++;
    }
    // Those a reopen or merge cancelled whose hand-on was lost (the app stopped after the
    // cancel, or the hand-on failed): handed on now. A second pass plans nothing again (the
    // handed-on step's id is fixed; a ticket that has or had one is passed over).
    for (const task of await this.deps.tasks.coveringCancelledSince(ctx.teamId, since)) {
      if (await this.handOnCovered(ctx, task)) planned++;
    }
    return { planned, cancelled };
  }

  /**
   * The open complaint contact tasks whose due time is no longer where their complaint's contact
   * says (contactTaskDue: its target, the calendar having changed it; or, the target passed after
   * an attempt that did not reach the customer, the next working day), moved there, day included
   * (not one an attempt moved past the target: keepContactOpen), each a single-document write
   * that yields to a change made meanwhile. Idempotent. Returns the tasks moved, as moved (whose
   * Homes list them: homeReaders).
   */
  async followComplaintContacts(ctx: Ctx): Promise<TaskRecord[]> {
    const open = await this.deps.tasks.openOfKind(ctx.teamId, 'complaint_contact');
    const ids = [...new Set(open.flatMap((t) => (t.ticketId ? [t.ticketId] : [])))];
    const tickets = new Map((await this.deps.tickets.byIds(ctx, ids)).map((t) => [t.id, t]));
    const moved: TaskRecord[] = [];
    for (const task of open) {
      const ticket = task.ticketId ? tickets.get(task.ticketId) : undefined;
      // Only the complaint's own contact step, whose due time is its contact target.
      if (!ticket?.complaint || task.id !== complaintContactTaskId(ticket)) continue;
      const to = contactTaskDue(ctx, ticket.complaint, task);
      if (!to || task.dueAt?.getTime() === to.dueAt.getTime()) continue;
      if (await this.deps.tasks.moveDue(ctx.teamId, task.id, task, to))
        moved.push({ ...task, ...to, ...(to.dueDate !== task.dueDate ? { reminders: {} } : {}) });
    }
    return moved;
  }

  /**
   * The customer's owner takes over its owner's tasks now (`followsOwner`), as the daily
   * planning would give them to a new owner the next morning: a hand-over of the customer, so
   * none of them stays with whoever did them for the previous owner. Each a single-document
   * write from its executor as read (a task closed or handed over meanwhile is left alone; a
   * guest owner's task another stand-in move moved meanwhile is read again, with the roles, and
   * tried once more). The tasks
   * moved, as they are now; whose Homes list them, before and after the move (homeReaders), added
   * to `readers` when given. `rolesNow`: the roles as stored, read after the tasks (else
   * `ctx.settings`), so that a later roles save's move, made after its roles' write, is seen.
   */
  async followOwner(
    ctx: Ctx,
    customer: Pick<CustomerRecord, 'id' | 'ownerId' | 'ownerGuest'>,
    readers?: Set<string>,
    rolesNow?: () => Promise<Roles>,
  ): Promise<TaskRecord[]> {
    const open = await this.deps.tasks.openOfCustomer(ctx.teamId, customer.id);
    return this.moveToOwner(
      ctx,
      customer,
      open,
      rolesNow ? await rolesNow() : ctx.settings,
      readers,
      rolesNow,
    );
  }

  /**
   * `followOwner`'s moves of the customer's `open` tasks (as read), to whom `ownerExecutor` names
   * under `roles` (read after them); a miss retried under the roles read again (`rolesNow`).
   */
  private async moveToOwner(
    ctx: Ctx,
    customer: Pick<CustomerRecord, 'id' | 'ownerId' | 'ownerGuest'>,
    open: readonly TaskRecord[],
    roles: Roles,
    readers?: Set<string>,
    rolesNow?: () => Promise<Roles>,
  ): Promise<TaskRecord[]> {
    const moved: TaskRecord[] = [];
    // A guest owner's are their manager's (ownerExecutor).
    const owners = ownerExecutor(roles, customer);
    for (const read of open) {
      let task = read;
      let { assigneeId: to, guestOwner } = owners;
      if (!followsOwnerExecutor(task, owners)) continue;
      if (!(await this.deps.tasks.reassign(ctx.teamId, task.id, task.assigneeId, to, guestOwner))) {
        // A guest owner's task that another stand-in move for the same guest (an older roles
        // save's, another instance) moved since it was read: read again, then the roles, and
        // tried once more, as the ticket move does. Anything else (closed, handed over by hand,
        // done for another owner now) is left alone.
        if (!customer.ownerGuest || read.guestOwner !== customer.ownerId) continue;
        const now = await this.deps.tasks.byId(ctx.teamId, task.id);
        if (now?.status !== 'open' || now.guestOwner !== customer.ownerId) continue;
        const again = ownerExecutor(rolesNow ? await rolesNow() : roles, customer);
        if (!followsOwnerExecutor(now, again)) continue;
        task = now;
        ({ assigneeId: to, guestOwner } = again);
        if (!(await this.deps.tasks.reassign(ctx.teamId, task.id, task.assigneeId, to, guestOwner)))
          continue;
      }
      for (const id of [...homeReaders(task), to])
        // A guest owner's Home lists no task (a guest does none): theirs is not drawn.
        if (!customer.ownerGuest || id !== customer.ownerId) readers?.add(id);
      const { guestOwner: _was, ...rest } = task;
      moved.push({ ...rest, assigneeId: to, ...(guestOwner ? { guestOwner } : {}) });
    }
    return moved;
  }

  /**
   * The open tasks done for a guest owner (TaskRecord.guestOwner) go to whom `ownerExecutor` names
   * for their customer's owner under the roles as stored (`rolesNow`, read once after every
   * customer's tasks; else `ctx.settings`): after `/desk roles` changed the managers, their links or the
   * admins (the daily planning does the same the next morning). Each customer's as `followOwner`
   * moves them (single-document writes from the executor as read; idempotent). The customers
   * marked owned by a guest are read too: their tasks written while nobody could stand in name
   * the guest, unmarked, and go to the stand-in once there is one, marked. How many moved;
   * whose Homes list them, before and after, added to `readers`.
   */
  async followStandIns(
    ctx: Ctx,
    readers: Set<string>,
    rolesNow?: () => Promise<Roles>,
  ): Promise<number> {
    // Every customer's owner read, then their open tasks, then the roles once, as stored after
    // those reads: one read each, however many customers (not two per customer).
    const customerIds = new Set([
      ...(await this.deps.tasks.openGuestOwnedCustomers(ctx.teamId)),
      ...(await this.deps.customers.guestOwned(ctx)).map((c) => c.id),
    ]);
    const owners = await this.deps.customers.ownersNow(ctx, [...customerIds]);
    const customers = [...customerIds].flatMap((id) => {
      const owner = owners.get(id);
      return owner?.ownerId ? [{ id, ...owner }] : [];
    });
    if (!customers.length) return 0;
    const openOf = groupBy(
      await this.deps.tasks.openOfCustomer(
        ctx.teamId,
        customers.map((c) => c.id),
      ),
      (t) => t.customerId,
    );
    const reads = customers.map((customer) => ({
      customer,
      open: openOf.get(customer.id) ?? [],
    }));
    const roles = rolesNow ? await rolesNow() : ctx.settings;
    let moved = 0;
    for (const { customer, open } of reads)
      moved += (await this.moveToOwner(ctx, customer, open, roles, readers, rolesNow)).length;
    return moved;
  }

  /**
   * The care plan (manual C's table by segment and stage, else the tier's cadence: strategic
   * and key monthly, normal quarterly by default, manual A): a VIP's monthly visit and
   * quarterly business review, a potential customer's call every two weeks, a stable one's
   * monthly call, the others' care contact. Counted from the last interaction (or from the due
   * date of the last one a person cancelled with Cancel task, or the day it was cancelled when
   * later: its period's contact, done with)
   * and due on a working day, a task is planned when its due date is within the reminder lead (a
   * business review two weeks ahead), unless every contact opted out of care. An open contact
   * task is cancelled when the customer was contacted another way since it was planned. Tasks
   * made by hand are left alone: not handed to a new owner, not cancelled, not the pending
   * contact.
   * A customer no longer cared for (churned, every contact opted out, a lead no longer key
   * potential) has its open planned care tasks cancelled with the reason. `executors`: who did,
   * helped with or signed off the open tasks cancelled or handed over, and who got them (whose
   * Homes' lists changed: homeReaders).
   */
  async planCare(
    runCtx: Ctx,
    /** The roles as stored now (the daily run's): read after the open tasks, see below. */
    rolesNow: () => Promise<Roles>,
    /** The run's one read of the customers (RunCustomers). */
    customers: RunCustomers,
  ): Promise<{
    created: number;
    superseded: number;
    reassigned: number;
    dropped: number;
    executors: string[];
  }> {
    // One read of the open tasks, not one query per customer.
    const openByCustomer = groupBy(
      await this.deps.tasks.allOpen(runCtx.teamId),
      (t) => t.customerId,
    );
    // Who stands in for a guest owner, as the roles say after that read: a /desk roles save that
    // moved their tasks before it is seen (its settings are written before its moves), so a run
    // that began before the save does not hand them back to the former stand-in; one moved after
    // it is not moved again (each move is conditional on the executor as read).
    const ctx = makeCtx({ ...runCtx, settings: { ...runCtx.settings, ...(await rolesNow()) } });
    const { teamId, settings, today } = ctx;
    let created = 0;
    let superseded = 0;
    let reassigned = 0;
    let dropped = 0;
    const executors = new Set<string>();
    // The plan's contacts a person cancelled (not needed, or not reached), each customer's latest:
    // one read, back as far as the longest cadence reaches (an older one moves no due date).
    const longest = Math.max(
      ...Object.values(settings.cadenceDays),
      settings.segmentCadence.vipVisit,
      settings.segmentCadence.potentialCall,
      settings.segmentCadence.stableCall,
    );
    const cancelledContacts = await this.deps.tasks.cancelledByPersonSince(
      teamId,
      CONTACT_KINDS,
      addDaysToDate(today, -longest),
      settings.timeZone,
    );
    for await (const customer of customers()) {
      const open = openByCustomer.get(customer.id) ?? [];
      // Erased whole (PIPL): nothing more is planned or reminded for it; what the desk planned
      // (care, surveys, reviews, follow-ups...) goes, a task a person made stays theirs to close.
      if (erased(customer)) {
        for (const task of open) {
          if (madeByHand(task)) continue;
          // Its words (a greeting names the contacts) go with it: one written after the
          // erasure's scrub keeps nothing of them (TaskRepository.cancelErased).
          if (await this.deps.tasks.cancelErased(teamId, task.id, customer.name, ctx.now)) {
            dropped++;
            for (const id of homeReaders(task)) executors.add(id);
          }
        }
        continue;
      }
      // A new owner takes over the account manager's tasks (and their reminders); a task made
      // by hand stays with the executor it was made for, and one a person handed over (Edit
      // task) with the one it was handed to.
      // A guest owner's go to their manager (ownerExecutor), saying so; one with that manager
      // already for another guest (or for none) names the guest now (`followsOwnerExecutor`, as
      // an owner change's `followOwner`).
      const owners = ownerExecutor(settings, customer);
      for (const task of open) {
        if (!followsOwnerExecutor(task, owners)) continue;
        if (
          await this.deps.tasks.reassign(
            teamId,
            task.id,
            task.assigneeId,
            owners.assigneeId,
            owners.guestOwner,
          )
        ) {
          reassigned++;
          for (const id of [...homeReaders(task), owners.assigneeId]) executors.add(id);
        }
      }
      // Key potential customers are cared for before they order: at the key tier's cadence, or
      // their own tier's when it is already key or strategic (typed revenue, a manager's override).
      const tier = serviceTier(customer);
      const keyProspect = customer.lifecycle === 'prospect' && customer.potential === 'key';
      const cared = CARED_FOR.has(customer.lifecycle) || keyProspect;
      const allOptOut = (topic: 'care' | 'greetings') =>
        customer.contacts.length > 0 && customer.contacts.every((c) => optsOut(c, topic));
      const careOptOut = allOptOut('care');
      // The quarterly satisfaction survey: customers (not leads) of the key or strategic tier.
      const surveyOwed = SURVEY_TIERS.has(customer.tier) && CARED_FOR.has(customer.lifecycle);
      // The quarterly business review: VIPs only (manual C's value class).
      const segment = customer.valueClass ?? valueClass(customer, today, settings.valueClasses);
      // A customer no longer cared for: the plan's open tasks go (not the reminders, the
      // overdue list, forever), with why.
      for (const task of open) {
        if (!PLANNED_CARE_KINDS.has(task.kind) || madeByHand(task)) continue;
        const reason =
          careDropReason(customer.lifecycle, cared, {
            optedOut: task.kind === 'greeting' ? allOptOut('greetings') : careOptOut,
          }) ??
          // A survey whose quarter is over stays owed: the tier in force in its quarter owed it
          // (the review on the next quarter's first day must not erase a missed one).
          (task.kind === 'survey' && !surveyOwed && task.dueDate >= today ? 'not_key' : null) ??
          (task.kind === 'qbr' && segment !== 'vip' ? 'not_vip' : null);
        if (reason && (await this.deps.tasks.cancel(teamId, task.id, reason, ctx.now))) {
          dropped++;
          for (const id of homeReaders(task)) executors.add(id);
        }
      }
      // Every contact opted out of care (回访) since a resolution or a delivery: its open 3-7-30
      // follow-ups and delivery revisits go too, as the plan's care contacts do (none is planned
      // after the opt-out: planFollowUps, planDeliveryRevisits).
      if (!followedUp(customer))
        for (const task of open) {
          if (!REVISIT_KINDS.includes(task.kind) || madeByHand(task)) continue;
          if (await this.deps.tasks.cancel(teamId, task.id, 'opted_out', ctx.now)) {
            dropped++;
            for (const id of homeReaders(task)) executors.add(id);
          }
        }
      if (!cared || careOptOut) continue;
      if (segment === 'vip') {
        const qbr = qbrDueDate(today);
        const due = workingDayOnOrBefore(settings, qbr.dueDate);
        if (due <= addDaysToDate(today, QBR_LEAD_DAYS)) {
          const id = `${teamId}:qbr:${customer.id}:${qbr.quarter}`;
          // Erased since the run read it: taken back (renamed: the name it has now on it).
          if (
            (await this.insertPlanned(ctx, customer, {
              ...this.customerTask(ctx.settings, customer, 'qbr', due),
              id,
            })) !== false
          )
            created++;
        }
      }
      // Once a quarter, as the business review: due the quarter's last working day, planned two
      // weeks ahead, keyed by customer and quarter (a rerun or a second instance inserts it once).
      if (surveyOwed) {
        const quarter = qbrDueDate(today);
        const due = workingDayOnOrBefore(settings, quarter.dueDate);
        if (
          due <= addDaysToDate(today, QBR_LEAD_DAYS) &&
          (await this.insertPlanned(ctx, customer, {
            ...this.customerTask(ctx.settings, customer, 'survey', due),
            id: surveyTaskId(teamId, customer.id, quarter.quarter),
          })) !== false
        )
          created++;
      }
      // An open win-back call stands for the care contact (replaceCareContacts closed the one
      // open when it was planned): none is planned beside it; its Done is the next contact.
      let pending = open.some((t) => t.kind === 'winback');
      // The care plan's own contacts: a call or visit made by hand is neither superseded nor
      // counted as the pending care contact.
      for (const task of open.filter((t) => CONTACT_KINDS.includes(t.kind) && !madeByHand(t))) {
        const contacted = customer.lastInteractionAt && customer.lastInteractionAt > task.createdAt;
        if (!contacted) pending = true;
        else if (await this.deps.tasks.cancel(teamId, task.id, 'contacted', ctx.now)) {
          superseded++;
          for (const id of homeReaders(task)) executors.add(id);
        }
      }
      if (pending) continue;
      const plan = carePlan(
        { valueClass: segment, lifecycle: customer.lifecycle, tier },
        settings.cadenceDays,
        settings.segmentCadence,
      );
      const lastContact = customer.lastInteractionAt
        ? localDate(customer.lastInteractionAt, settings.timeZone)
        : (customer.cooperationStartDate ?? customer.firstContactDate);
      // A contact of the plan a person cancelled (Cancel task) is its period's contact, done
      // with: the next is counted from its due date, as from a contact, or from the day it was
      // cancelled when that is later (one left overdue past its cadence is not planned again the
      // next morning).
      const cancelled = cancelledContacts.get(customer.id);
      const fromCancel = !!cancelled && cancelled.date > lastContact;
      const last = fromCancel ? cancelled.date : lastContact;
      // Due on a working day: a date on a holiday or weekend moves to the working day before.
      // Long overdue (a file imported with an old last contact): due the first working day from
      // today, not late on day one (planned on a weekend: due Monday, when it is reminded).
      const due = maxDate(
        workingDayOnOrBefore(settings, addDaysToDate(last, plan.days)),
        workingDayOnOrAfter(settings, today),
      );
      // Planned by the day its early reminder is owed (3 days before, or the working day before
      // that when it is a day off, as `reminderOwed` sends it): one due on a Wednesday is told
      // on the Friday before, not first on the Monday, 2 days ahead.
      if (workingDayOnOrBefore(settings, addDaysToDate(due, -REMINDER_LEAD_DAYS)) > today) continue;
      // The task's own words (only for a task planned now): why this customer is due, not the
      // plan's general rule.
      const why = ctx.t.plain('task.why.care', {
        reason: careReason(
          { valueClass: segment, lifecycle: customer.lifecycle, tier },
          settings.segmentCadence.tiers,
        ),
        tier: ctx.t.plain(`tier.${tier}`),
        days: plan.days,
        since: fromCancel
          ? cancelled.on === 'cancelled'
            ? 'cancelled_on'
            : 'cancelled'
          : customer.lastInteractionAt
            ? 'contact'
            : customer.cooperationStartDate
              ? 'cooperation'
              : 'first',
        date: last,
      });
      // Erased since the run read it: taken back; renamed: the name it has now written on it.
      const inserted = await this.insertPlanned(ctx, customer, {
        ...this.customerTask(ctx.settings, customer, plan.kind, due),
        id: `${teamId}:${plan.kind}:${customer.id}:${due}`,
        content: why,
      });
      if (inserted !== false) created++;
    }
    return { created, superseded, reassigned, dropped, executors: [...executors] };
  }

  /**
   * Tasks cancelled as their customer's erasure (`erased`) by a version that left their words
   * (a greeting naming the erased contacts, planned after the erasure's scrub by a run that had
   * read the customer before it) and perhaps the name: rewritten as `planCare` cancels one now,
   * without words and under the erased name (TaskRepository.stripErased). Idempotent: what is
   * rewritten is found no more. How many were rewritten.
   */
  async stripErasedWords(ctx: Pick<Ctx, 'teamId'>): Promise<number> {
    let stripped = 0;
    for (const task of await this.deps.tasks.erasedWithWords(ctx.teamId))
      if (await this.deps.tasks.stripErased(ctx.teamId, task.id, erasedName(task.customerCode)))
        stripped++;
    return stripped;
  }

  /**
   * The revisit the daily run planned for an order's delivery (keyed by the order, as
   * `planDeliveryRevisits` plans it), in whatever state, if any: a corrected delivery date plans
   * no second one (Record delivery says so).
   */
  async deliveryRevisitOf(
    ctx: Pick<Ctx, 'teamId'>,
    orderId: string,
  ): Promise<TaskRecord | undefined> {
    return this.byId(ctx, deliveryRevisitId(ctx.teamId, orderId));
  }

  /** The daily run's customers (RunCustomers): a fresh paged read at each call. */
  runCustomers(ctx: Ctx): RunCustomers {
    return (only) => this.deps.customers.forCare(ctx, only);
  }

  /**
   * Delivery revisits (domain 5: "after any delivery, a revisit within 3 days"): each order
   * delivered in the last `DELIVERY_LOOKBACK_DAYS` days gets one revisit task for its customer's
   * owner, due on the third working day after the delivery (today's working day when found
   * later), keyed by the order: a re-import, a rerun or a second instance plans it once. None for
   * an erased customer, nor one whose every contact opted out of care (回访), as the 3-7-30
   * follow-ups, nor for a delivery recorded when it was already that many days old
   * (`deliveryRevisitAhead` of the day it was recorded, as Record delivery tells). Returns how
   * many it planned and for whom.
   */
  async planDeliveryRevisits(
    ctx: Ctx,
    /** The run's one read of the customers (RunCustomers). */
    all: RunCustomers,
  ): Promise<{ created: number; executors: string[] }> {
    const { teamId, settings, today } = ctx;
    const orders = await this.deps.customers.deliveredBetween(
      ctx,
      addDaysToDate(today, -DELIVERY_LOOKBACK_DAYS),
      today,
    );
    if (!orders.length) return { created: 0, executors: [] };
    // Only the customers of those orders are kept from the run's paged read.
    const wanted = new Set(orders.map((o) => o.customerId));
    const customers = new Map<string, CareCustomer>();
    for await (const c of all()) if (wanted.has(c.id)) customers.set(c.id, c);
    let created = 0;
    const executors = new Set<string>();
    for (const order of orders) {
      const customer = customers.get(order.customerId);
      if (!customer || !followedUp(customer) || !order.deliveredOn) continue;
      // Recorded when already as old as the run looks back (exactly that old: today, before
      // this run): Record delivery said none is planned, none is.
      if (
        order.deliveryRecordedOn &&
        !deliveryRevisitAhead(order.deliveredOn, order.deliveryRecordedOn)
      )
        continue;
      const due = maxDate(
        workingDaysAfter(settings, order.deliveredOn, DELIVERY_REVISIT_WORKING_DAYS),
        workingDayOnOrAfter(settings, today),
      );
      const planned = this.customerTask(settings, customer, 'delivery', due);
      const inserted = await this.insertPlanned(ctx, customer, {
        ...planned,
        id: deliveryRevisitId(teamId, order.id),
        content: ctx.t.plain('task.why.delivery', { order: order.date, date: order.deliveredOn }),
      });
      // Erased since the run read it: taken back (renamed: the name it has now written on it).
      if (inserted === false) continue;
      created++;
      // Whose it is: a guest owner's manager (ownerExecutor), not the guest.
      executors.add(planned.assigneeId);
    }
    return { created, executors: [...executors] };
  }

  /**
   * Weekly progress notes (domain 5, manual E: every Wednesday) to customers with a running
   * project (`projectUntil` on the file): one **Progress note** task a week for the customer's
   * owner, due on the week's Wednesday (the working day before it when that is a day off), keyed
   * by customer and Wednesday (a rerun or a second instance plans it once), planned on the day
   * its early reminder is owed, as the care plan's contacts are (3 days before, or the working
   * day before that: the Friday before). None once the project has ended by the due day, nor for
   * a churned or erased customer, nor one whose every contact opted out of care (回访); the open
   * ones of such a customer are cancelled, with why (`project_ended`, `churned`, `opted_out`;
   * erased: `planCare`). A note of a past week still open once the current week owes its own
   * (from that week's Monday) is cancelled as `superseded`: the new note reports the progress to
   * date, and sending last week's too would contact the customer twice in days (domain 7); the
   * digest counts it due and not done on time (digest/figures.ts `dueFollowUp`). Returns how
   * many it planned and cancelled, and whose tasks they are.
   * Reads only the customers it can act on: those with a running project (CustomerPass
   * `project`, code order), then those of its open notes it has not met there (`ids`: a project
   * cleared since the note was planned; their notes are cancelled). A customer with neither gets
   * nothing from it, and is not read: at 2,000 customers with 100 projects (bench/customer-reads.ts)
   * its reads return ~190 documents, not 2,090.
   */
  async planProgressNotes(
    ctx: Ctx,
    /** The run's one read of the customers (RunCustomers). */
    customers: RunCustomers,
  ): Promise<{ created: number; dropped: number; executors: string[] }> {
    const { teamId, settings, today } = ctx;
    let created = 0;
    let dropped = 0;
    const executors = new Set<string>();
    const open = groupBy(
      await this.deps.tasks.openOfKinds(teamId, ['progress']),
      (t) => t.customerId,
    );
    // This week's Wednesday, and the day its note is due (null: a week off up to it, no note).
    const [thisWednesday] = progressWednesdays(today);
    const thisWeekDue = progressDue(settings, thisWednesday);
    // One customer's notes: those open no longer owed cancelled, this week's (and the next's)
    // planned when owed.
    const note = async (customer: CareCustomer): Promise<void> => {
      if (erased(customer)) return;
      const noted = followedUp(customer) && customer.lifecycle !== 'churned';
      // This week owes its own note (planned by now: the Friday before, or at once).
      const owedThisWeek =
        noted &&
        thisWeekDue !== null &&
        !!customer.projectUntil &&
        customer.projectUntil >= thisWeekDue;
      // The open notes no longer owed: the customer churned or opted out, or the project ended
      // before the note's day (its end moved earlier, or cleared), or a past week's note now that
      // this week's is owed.
      for (const task of open.get(customer.id) ?? []) {
        const reason =
          customer.lifecycle === 'churned'
            ? 'churned'
            : !followedUp(customer)
              ? 'opted_out'
              : !customer.projectUntil || customer.projectUntil < task.dueDate
                ? 'project_ended'
                : owedThisWeek && progressWednesdays(task.dueDate)[0] < thisWednesday
                  ? 'superseded'
                  : null;
        if (reason && (await this.deps.tasks.cancel(teamId, task.id, reason, ctx.now))) {
          dropped++;
          // Its helper's and approver's Homes list it too.
          for (const id of homeReaders(task)) executors.add(id);
        }
      }
      if (!noted || !customer.projectUntil) return;
      for (const wednesday of progressWednesdays(today)) {
        const due = progressDue(settings, wednesday);
        if (due === null || due < today || customer.projectUntil < due) continue;
        if (workingDayOnOrBefore(settings, addDaysToDate(due, -REMINDER_LEAD_DAYS)) > today)
          continue;
        const planned = this.customerTask(settings, customer, 'progress', due);
        const inserted = await this.insertPlanned(ctx, customer, {
          ...planned,
          id: `${teamId}:progress:${customer.id}:${wednesday}`,
          content: ctx.t.plain('task.why.progress', { until: customer.projectUntil }),
        });
        // Erased since the run read it: taken back (renamed: the name it has now written on it).
        if (inserted === false) continue;
        created++;
        executors.add(planned.assigneeId);
      }
    };
    // The customers with a running project, then those of the open notes not met among them
    // (their ids only are kept), if any.
    const met = new Set<string>();
    const meet = async (pass: AsyncIterable<CareCustomer>) => {
      for await (const customer of pass) {
        if (met.has(customer.id)) continue;
        met.add(customer.id);
        await note(customer);
      }
    };
    await meet(customers({ project: true }));
    const rest = [...open.keys()].filter((id) => !met.has(id));
    if (rest.length) await meet(customers({ ids: rest }));
    return { created, dropped, executors: [...executors] };
  }

  /**
   * Holiday greetings (manuals B and C): on the working day `GREETING_LEAD_DAYS` before each of
   * the workspace's greeting days (the working day before it when that is a day off; or later,
   * after downtime), a greeting task for each cared-for customer, due the working day before the
   * holiday, naming the contacts to greet: those who did not opt out of greetings (a customer
   * whose contacts all did is skipped). Planned on working days only, as reminders are sent.
   * Returns the tasks this run created, and those an earlier run created that nobody was told
   * of (it failed before its DM: a page read failing midway), with the holiday they are for.
   */
  async planGreetings(
    ctx: Ctx,
    /** The run's one read of the customers (RunCustomers). */
    all: RunCustomers,
  ): Promise<PlannedGreetings[]> {
    const { teamId, settings, today } = ctx;
    if (!isWorkingDay(settings, today)) return [];
    const year = Number(today.slice(0, 4));
    const upcoming = [
      ...greetingDates(settings.greetingDays, year),
      ...greetingDates(settings.greetingDays, year + 1),
    ].filter(
      (d) =>
        d.date > today &&
        workingDayOnOrBefore(settings, addDaysToDate(d.date, -GREETING_LEAD_DAYS)) <= today,
    );
    if (!upcoming.length) return [];
    const days = upcoming.map((day) => ({
      day,
      holiday: greetingDayName(day, ctx.t.locale),
      due: maxDate(workingDayOnOrBefore(settings, addDaysToDate(day.date, -1)), today),
      tasks: [] as TaskRecord[],
      // The contacts each greeting names as planned, by task id (its DM's check, greetingsGone).
      greets: new Map<string, NamedContact[]>(),
    }));
    // The greetings of these days an earlier run wrote and never told (revp66 F2: it failed
    // between their write and its DM, a page read failing midway): listed with this run's, so
    // the owner's one DM of the day names every customer to greet. None, as a rule.
    const leads = upcoming.map((d) =>
      workingDayOnOrBefore(settings, addDaysToDate(d.date, -GREETING_LEAD_DAYS)),
    );
    const untold = new Map(
      (
        await this.deps.tasks.greetingsUntold(
          teamId,
          leads.reduce((a, b) => (b < a ? b : a)),
          days.map((d) => d.due).reduce((a, b) => (b > a ? b : a)),
        )
      ).map((t) => [t.id, t]),
    );
    // The run's paged read, once for every greeting day: one page of customers held at once.
    for await (const customer of all()) {
      // Not an erased customer: contacted no more.
      if (!CARED_FOR.has(customer.lifecycle) || erased(customer)) continue;
      const greeted = customer.contacts.filter((c) => !optsOut(c, 'greetings'));
      if (customer.contacts.length && !greeted.length) continue;
      for (const { day, holiday, due, tasks, greets } of days) {
        const id = `${teamId}:greeting:${customer.id}:${day.id}:${day.date}`;
        // One written earlier and never told: checked as a new one is, listed as stored.
        let earlier = untold.get(id);
        let contacts = greeted;
        // A contact it names being erased, or gone since the read: planned again for the others
        // (the one written taken back), none when nobody is left to greet.
        for (let tried = 0; tried < GREETING_TRIES; tried++) {
          // Joined as the workspace's language lists names ("Li Wei, Wang Fang", "李雷、韩梅梅");
          // none to name: the customer, whose name a rename writes there too (contentAround).
          const names = contacts.map((c) => c.name).join(ctx.t.plain('common.listSeparator'));
          const words = ctx.t
            .plain('greeting.content', { holiday, date: day.date, contacts: NAME_SLOT })
            .split(NAME_SLOT);
          const around: [string, string] | undefined =
            !names && words.length === 2 ? [words[0]!, words[1]!] : undefined;
          const task = {
            ...this.customerTask(ctx.settings, customer, 'greeting', due),
            id,
            content: words.join(names || customer.name),
            ...(around ? { contentAround: around } : {}),
          };
          // Erased since the run read it, or being erased: taken back, nobody told. One of the
          // contacts it names being erased, or gone (a contact's erasure done since, or
          // removed): taken back, planned again without them. Renamed since: the task, and the
          // owner's DM, say the name it has now (a contact renamed: the name as read).
          const named = contacts.map((c) => ({ ...(c.key ? { key: c.key } : {}), name: c.name }));
          const renamed = await this.checkedGreeting(ctx, customer, task, named, !!earlier);
          if (renamed === false) break;
          if (typeof renamed === 'object') {
            const { without } = renamed;
            earlier = undefined;
            contacts = contacts.filter(
              (c) => !without.some((w) => (w.key ? w.key === c.key : w.name === c.name)),
            );
            if (!contacts.length) break;
            continue;
          }
          greets.set(task.id, named);
          if (earlier) {
            tasks.push(
              renamed
                ? {
                    ...earlier,
                    customerName: renamed,
                    ...(around ? { content: around[0] + renamed + around[1] } : {}),
                  }
                : earlier,
            );
            break;
          }
          const { contentAround: _around, ...shown } = task;
          tasks.push(
            asPlanned(
              renamed
                ? {
                    ...shown,
                    customerName: renamed,
                    ...(around ? { content: around[0] + renamed + around[1] } : {}),
                  }
                : shown,
              ctx.now,
            ),
          );
          break;
        }
      }
    }
    const planned = days.flatMap(({ day, holiday, tasks, greets }) =>
      tasks.length ? [{ holiday, date: day.date, tasks, greets }] : [],
    );
    return planned;
  }

  /**
   * After the owners' greetings DM naming `listed` (greeting tasks, each with the contacts it
   * names as planned, and the contact its reach shows) was written: the tasks whose DM is not
   * to go as written, as `plannedStill` checks a task after its write (revp60 F1: an erasure
   * finished between the task's check and the DM's write scrubbed the outbox before the DM was
   * in it). Their customer being erased now (the lease: its scrub may have run before the
   * write), erased whole, or gone: `null`, left out of the DM (its reminder says it when it is
   * owed). A contact it names (or whose reach it shows) no longer the customer's (erased since,
   * the erasure done: its scrub of the task ran before): the contacts it may still name, to be
   * read again from the task as stored (scrubbed) and checked again. One lease read, one read
   * of the customers (revp63 F5: not one a customer).
   */
  async greetingsGone(
    ctx: Pick<Ctx, 'teamId' | 'now'>,
    listed: readonly { task: TaskRecord; named: readonly NamedContact[] }[],
  ): Promise<Map<string, NamedContact[] | null>> {
    const gone = new Map<string, NamedContact[] | null>();
    if (!listed.length) return gone;
    const erasures = this.deps.erasing;
    const running = await erasures?.running(ctx);
    const whole = (task: TaskRecord) =>
      erasingCode(running, String(task.customerCode), { contacts: false });
    // One contact of the customer being erased: one the greeting names (by the name it has now)
    // or shows (its reach), not another (revp67 F2; without `erases`: any of them).
    const contactErased = (
      task: TaskRecord,
      named: readonly NamedContact[],
      now: NamedContacts,
    ) => {
      const code = String(task.customerCode);
      if (!erasingCode(running, code, { contacts: true })) return false;
      if (!erasures?.erases) return true;
      const names = named.map((c) => now.contacts.find((n) => !!c.key && n.key === c.key) ?? c);
      const shown = task.reach?.contact;
      return [...names.map((c) => c.name), ...(shown !== undefined ? [shown] : [])].some((name) =>
        erasures.erases!(running!, code, name),
      );
    };
    const read = listed.flatMap(({ task }) => (whole(task) ? [] : [task.customerId]));
    const now = read.length
      ? await this.deps.customers.namesNowMany(ctx, read)
      : new Map<string, CustomerNameNow & NamedContacts>();
    for (const { task, named } of listed) {
      if (whole(task)) {
        gone.set(task.id, null);
        continue;
      }
      const names = now.get(task.customerId);
      if (
        !names ||
        names.name === erasedName(String(task.customerCode)) ||
        contactErased(task, named, names)
      ) {
        gone.set(task.id, null);
        continue;
      }
      const shown = task.reach?.contact;
      const kept = named.filter((c) => stillAContact(c, names.contacts));
      if (
        kept.length < named.length ||
        (shown !== undefined && !names.contacts.some((c) => c.name === shown))
      )
        gone.set(task.id, kept);
    }
    return gone;
  }

  /**
   * Of the customers (and contacts, by key) DMs written from an earlier read name
   * (NewOutboxEntry.names: a daily signal, the owners' greetings), whether each is not to be told
   * as written, in their order: its customer being erased now (the lease, read first: its scrub
   * of the outbox may have run before the DM's write), or one of the contacts it names (the
   * lease's keyed hash of the name that contact has now: another contact of the customer being
   * erased leaves it be, revp67 F2), erased whole, or gone, or one of the contacts it names no
   * longer the customer's (erased or removed since: an erasure done has rewritten the customer
   * before giving its lease back). One lease read, one read of the customers.
   */
  async namesGone(ctx: Pick<Ctx, 'teamId' | 'now'>, named: readonly NamedIn[]): Promise<boolean[]> {
    if (!named.length) return [];
    const erasures = this.deps.erasing;
    const running = await erasures?.running(ctx);
    const whole = (n: NamedIn) => erasingCode(running, n.code, { contacts: false });
    // One contact of the customer being erased: which one, told by the names its contacts have
    // now (without `erases`: any of them).
    const contactErased = (n: NamedIn, names: NamedContacts) =>
      !!n.contacts?.length &&
      erasingCode(running, n.code, { contacts: true }) &&
      (!erasures?.erases ||
        names.contacts.some(
          (c) =>
            !!c.key && n.contacts!.includes(c.key) && erasures.erases!(running!, n.code, c.name),
        ));
    const read = named.flatMap((n) => (whole(n) ? [] : [n.customerId]));
    const now = read.length
      ? await this.deps.customers.namesNowMany(ctx, read)
      : new Map<string, CustomerNameNow & NamedContacts>();
    return named.map((n) => {
      if (whole(n)) return true;
      const names = now.get(n.customerId);
      if (!names || names.name === erasedName(n.code)) return true;
      if (contactErased(n, names)) return true;
      return (n.contacts ?? []).some((key) => !names.contacts.some((c) => c.key === key));
    });
  }

  /**
   * Holiday greetings past their holiday: a planned greeting (not one made by hand) still open on
   * the `GREETING_EXPIRY_WORKING_DAYS`th working day after its due day is cancelled (`expired`),
   * so it leaves its executor's reminders and Home and the managers' overdue lists. Idempotent.
   * Returns those cancelled.
   */
  async expireGreetings(ctx: Ctx): Promise<TaskRecord[]> {
    const { teamId, settings, today } = ctx;
    const expired: TaskRecord[] = [];
    for (const task of await this.deps.tasks.openOfKind(teamId, 'greeting')) {
      if (madeByHand(task) || greetingExpiryDate(task.dueDate, settings) > today) continue;
      if (await this.deps.tasks.cancel(teamId, task.id, 'expired', ctx.now)) expired.push(task);
    }
    return expired;
  }

  /**
   * The next step of a logged interaction with a date: a task for its author, due that day, or
   * the first working day after it when it is a day off (a call-back agreed for a holiday is
   * made when the office opens again, never before the customer asked), its content the next
   * step, signed off by `approverId` when one was picked (a task like any other: never its
   * author, who does it). Once per interaction; answers the day it is due (none without a date),
   * who signs its task off as stored (`approverId`: the one picked first when the task was there
   * already) and, when it was created now, the task.
   */
  async planNextStep(
    ctx: Ctx,
    customer: CustomerRecord,
    interaction: Pick<InteractionRecord, 'id' | 'nextStep' | 'nextStepDate' | 'by'>,
    approverId?: string,
  ): Promise<PlannedNextStep | undefined> {
    // An erased customer is contacted no more (a Done repaired after the erasure keeps its date).
    if (!interaction.nextStepDate || erased(customer)) return undefined;
    if (approverId === interaction.by)
      throw new FieldErrors({ next_step_approver: { key: 'interaction.error.approverIsYou' } });
    const due = maxDate(workingDayOnOrAfter(ctx.settings, interaction.nextStepDate), ctx.today);
    const { guestOwner: _owner, ...planned } = this.customerTask(
      ctx.settings,
      customer,
      'other',
      due,
    );
    const task = {
      ...planned,
      id: `${customer.teamId}:nextstep:${interaction.id}`,
      assigneeId: interaction.by,
      ...(approverId ? { approverId } : {}),
      createdBy: interaction.by,
      ...(interaction.nextStep ? { content: interaction.nextStep } : {}),
    };
    // Signed off by someone: they are owed a DM, written with the task.
    const owed: TaskNotice | undefined = approverId
      ? { what: 'planned', by: interaction.by, at: ctx.now }
      : undefined;
    const created = await this.deps.tasks.insertOnce(task, ctx.now, owed);
    if (created) await this.catchUpName(ctx, customer.id, task);
    if (!created) {
      const stored = (await this.deps.tasks.byId(ctx.teamId, task.id))?.approverId;
      return { due, ...(stored ? { approverId: stored } : {}) };
    }
    return {
      due,
      ...(approverId ? { approverId } : {}),
      created: asPlanned(task, ctx.now),
      ...(owed ? { owed } : {}),
    };
  }

  /**
   * Whether a logged interaction's next step may be signed off by `approverId`: refused on its
   * field when it has no date (no task is planned) or the approver is who logs it (who does it).
   * Asked before the interaction is logged, so a refusal logs nothing.
   */
  assertNextStepApprover(
    ctx: Ctx,
    nextStepDate: string | undefined,
    approverId: string | undefined,
  ): void {
    if (!approverId) return;
    if (!nextStepDate)
      throw new FieldErrors({ next_step_date: { key: 'interaction.error.approverNeedsDate' } });
    if (approverId === ctx.actor)
      throw new FieldErrors({ next_step_approver: { key: 'interaction.error.approverIsYou' } });
  }

  /**
   * A win-back call for a customer at risk of churning, unless one is open for the customer (it
   * covers this risk too: one call at a time, whatever episode each was found in), and once per
   * `episode` (what the risk was found on, e.g. the last activity date), so a retried signal
   * plans it once, even when the call was done meanwhile. Returns whether it was created now.
   * `replaceCareContacts` then closes the care contact it stands for.
   *
   * Without a transaction: the call's key is the customer's next win-back number (one more than
   * the calls it has, none open), so planners racing on the same customer, for the same episode
   * or not, compute the same key and the insert (one document, by its key) lets one of them in.
   *
   * Planned from the signals run's one read of the customers, it is checked after its write as
   * the tasks run's planners' are (`insertPlanned`, revp60 F2): the customer erased since that
   * read, or being erased (its own erasure: a contact's under way, the call naming no contact, is
   * no reason), the call is taken back (`taken.erased` says so: the churn DM naming the customer
   * is not written either); renamed since, it takes the name it has now.
   */
  async planWinBack<C>(
    ctx: Ctx,
    customer: Declaring<C, TaskCustomer & Pick<CustomerRecord, 'erasedAt'>>,
    episode: string,
    taken: { erased?: boolean } = {},
  ): Promise<boolean> {
    if (erased(customer)) return false; // contacted no more
    const prefix = `${customer.teamId}:winback:${customer.id}:`;
    const calls = await this.deps.tasks.ofCustomer(ctx.teamId, customer.id, 'winback');
    // Calls planned before they were numbered are keyed by their episode.
    const planned = (t: TaskRecord) => t.episode === episode || t.id === `${prefix}${episode}`;
    // Not planned now (one open, this episode's planned, or another planner's insert of the same
    // key: another instance's run, whose own check takes its call back): the caller goes on from
    // the same stale read all the same (the care contacts, the stage, the churn DM), so the
    // customer is checked here too, as after an insert (revp63 F3). Only the customer's own
    // erasure stops that: a contact's, under way, takes nothing from the call nor the churn DM
    // (neither names a contact). A check that fails stops it too, for this run: the next one
    // does it all again.
    const notNow = async () => {
      try {
        if ((await this.customerNow(ctx, customer, { contactErasure: false })) === null)
          taken.erased = true;
      } catch (err) {
        ctx.log.warn(
          { err, customer: customer.id },
          'win-back call not planned (one is open or planned already): whether its customer was erased is not known, nothing more done for it this run',
        );
        taken.erased = true;
      }
      return false;
    };
    if (calls.some((t) => t.status === 'open' || planned(t))) return notNow();
    const numbers = calls.map((t) => Number(t.id.slice(prefix.length))).filter(Number.isInteger);
    const next = Math.max(calls.length, ...numbers) + 1;
    const task = {
      ...this.customerTask(
        ctx.settings,
        customer,
        'winback',
        workingDayOnOrBefore(ctx.settings, addDaysToDate(ctx.today, WINBACK_DAYS)),
      ),
      id: `${prefix}${next}`,
      episode,
    };
    if (!(await this.deps.tasks.insertOnce(task, ctx.now))) return notNow();
    // The call names no contact: a contact's erasure under way does not take it back.
    const still = await this.plannedStill(ctx, customer, task.id, false);
    if (still !== false) return true;
    taken.erased = true;
    return false;
  }

  /**
   * An upgrade task of the customer's planned at or after `since` (an intent heard then): its
   * hand-off was made (the task is planned last), whatever became of the task since.
   */
  async upgradePlannedSince(
    ctx: Ctx,
    customerId: string,
    since: Date,
  ): Promise<TaskRecord | undefined> {
    const tasks = await this.deps.tasks.ofCustomer(ctx.teamId, customerId, 'upgrade');
    return tasks.find((t) => t.createdAt.getTime() >= since.getTime());
  }

  /**
   * The hand-off of an upgrade intent (domain 3: it goes to sales): a task "Upgrade intent:
   * contact" for `assigneeId` (the customer's owner, else who the managers' path names), due
   * `upgradeIntentWorkingDays` working days on, its content what the customer wants; the
   * executor is owed the DM of a task planned for them (unless they recorded it). None while one
   * is open for the customer (a new intent updates the file, not the task); once it is done, a
   * new intent plans a new one. Keyed by the customer's next number, so a submission retried or
   * raced computes the same key and the insert lets one in. `managers`: the owner holds no
   * desk role, so the task is the first manager's (made by hand: the daily planning leaves it
   * there), and each of them is owed the signal DM on the task from its insert. Undefined for
   * an erased customer (`erased`): none planned.
   */
  async planUpgradeIntent(
    ctx: Ctx,
    customer: CustomerRecord,
    what: string,
    assigneeId: string,
    managers: string[] = [],
  ): Promise<{ task: TaskRecord; created: boolean; owed?: TaskNotice } | undefined> {
    // An erased customer is contacted no more: nobody is sent to sell to it (the intent stays
    // on its file as heard).
    if (erased(customer)) return undefined;
    const handedOver = managers.length > 0;
    const prefix = `${customer.teamId}:upgrade:${customer.id}:`;
    const tasks = await this.deps.tasks.ofCustomer(ctx.teamId, customer.id, 'upgrade');
    const open = tasks.find((t) => t.status === 'open');
    if (open) return { task: open, created: false };
    const numbers = tasks.map((t) => Number(t.id.slice(prefix.length))).filter(Number.isInteger);
    const due = workingDaysAfter(ctx.settings, ctx.today, ctx.settings.upgradeIntentWorkingDays);
    const { guestOwner: _owner, ...planned } = this.customerTask(
      ctx.settings,
      customer,
      'upgrade',
      due,
    );
    const task = {
      ...planned,
      id: `${prefix}${Math.max(tasks.length, ...numbers) + 1}`,
      assigneeId,
      // A guest owner's manager takes it (the flow's managers): said so on it.
      ...(customer.ownerGuest && assigneeId !== customer.ownerId
        ? { guestOwner: customer.ownerId }
        : {}),
      ...(handedOver ? { createdBy: ctx.actor } : {}),
      content: what,
    };
    // Owed with the insert, the managers' signal DMs too: a process that dies before they are in
    // the outbox leaves them to the outbox job's repair.
    const owed: TaskNotice | undefined =
      assigneeId !== ctx.actor || handedOver
        ? {
            what: 'planned',
            by: ctx.actor,
            at: ctx.now,
            ...(handedOver ? { managers, ownerId: customer.ownerId } : {}),
          }
        : undefined;
    const created = await this.deps.tasks.insertOnce(task, ctx.now, owed);
    if (created) await this.catchUpName(ctx, customer.id, task);
    const record = asPlanned(task, ctx.now);
    if (!created) {
      // Raced: the other submission's task is the one.
      const again = await this.deps.tasks.ofCustomer(ctx.teamId, customer.id, 'upgrade');
      return { task: again.find((t) => t.status === 'open') ?? record, created: false };
    }
    return { task: record, created: true, ...(owed ? { owed } : {}) };
  }

  /**
   * The win-back call of `episode`, open, stands for the care plan's contact: the customer's
   * open care contacts (care call, visit; not one made by hand) planned before it are closed as
   * a contact closes them (`contacted`), so the customer is not called twice and the managers'
   * overdue list names them no more. Each a single-document conditional update (while open),
   * stamped with the call's planning time. Returns the contacts closed for this call (read
   * back by that stamp: the same on a retry or for a second instance, so the churn DM says the
   * same), due first; none when no call of the episode is open (one from an earlier episode
   * replaced them when it was planned).
   */
  async replaceCareContacts(
    ctx: Ctx,
    customer: Pick<CustomerRecord, 'teamId' | 'id'>,
    episode: string,
  ): Promise<TaskRecord[]> {
    const prefix = `${customer.teamId}:winback:${customer.id}:`;
    const call = (await this.deps.tasks.ofCustomer(ctx.teamId, customer.id, 'winback')).find(
      (t) => t.status === 'open' && (t.episode === episode || t.id === `${prefix}${episode}`),
    );
    if (!call) return [];
    const contacts = async () =>
      (
        await Promise.all(
          CONTACT_KINDS.map((kind) => this.deps.tasks.ofCustomer(ctx.teamId, customer.id, kind)),
        )
      )
        .flat()
        .filter((t) => !madeByHand(t));
    for (const task of await contacts())
      if (task.status === 'open' && task.createdAt <= call.createdAt)
        await this.deps.tasks.cancel(ctx.teamId, task.id, 'contacted', call.createdAt);
    return (await contacts())
      .filter(
        (t) =>
          t.status === 'cancelled' &&
          t.cancelReason === 'contacted' &&
          t.cancelledAt?.getTime() === call.createdAt.getTime(),
      )
      .sort((x, y) => x.dueDate.localeCompare(y.dueDate));
  }

  /**
   * The tasks with how their customer's primary contact wants to be reached (`reach`), and who
   * owns it (`customerOwnerId`), for their reminders, rows, DMs and Done form: the channel masked
   * as for any reader, unmasked per reader by reachFor. A customer gone leaves its tasks as they are; so do the
   * primary contact's opt-outs (preferredReach): a greeting's of greetings, a planned care
   * contact's of care, a way of contact they refused.
   */
  async withReach<T extends TaskRecord>(
    ctx: Ctx,
    tasks: readonly T[],
    reader?: string,
  ): Promise<T[]> {
    const [reached = []] = await this.withReachEach(ctx, [tasks], reader);
    return reached;
  }

  /**
   * `withReach` of several lists (a page's rows and those to approve): their customers read in
   * one query, each once, however many lists and tasks name it. `reader`: the one person who
   * reads them (their Home, /task mine, a Done form), for whom the channel is unmasked when the
   * customer's card shows them its personal data (reachFor); without one it stays masked.
   */
  async withReachEach<T extends TaskRecord>(
    ctx: Ctx,
    lists: readonly (readonly T[])[],
    reader?: string,
  ): Promise<T[][]> {
    const codes = [...new Set(lists.flatMap((tasks) => tasks.map((t) => t.customerCode)))];
    const customers = codes.length
      ? await this.deps.customers.getMany(ctx, codes)
      : new Map<string, CustomerRecord>();
    // A contact being erased (the erasure's lease: its keyed hash of their name) is not shown as
    // the one to reach (p44: a greeting planned for the others while the primary contact is
    // erased, its reminder said how they want to be reached). Read only when one would be shown.
    const erasures = this.deps.erasing;
    const reaches = [...customers.values()].some((c) => !!preferredReach(c));
    const running = reaches && erasures?.erases ? await erasures.running(ctx) : undefined;
    const erasing = (code: string, contact: string) =>
      !!running &&
      erasingCode(running, code, { contacts: true }) &&
      erasures!.erases!(running, code, contact);
    return lists.map((tasks) =>
      tasks.map((task) => {
        const customer = customers.get(foldCode(task.customerCode));
        if (!customer) return task;
        const owned = { ...task, customerOwnerId: customer.ownerId };
        const found = preferredReach(customer, optOutTopic(task));
        if (!found || erasing(String(customer.code), found.contact)) return owned;
        const type = interactionTypeFor(found.channel);
        const masked = maskFreeText(found.channel);
        const reached = {
          ...owned,
          reach: {
            contact: found.contact,
            channel: masked,
            ...(masked !== found.channel ? { clear: found.channel } : {}),
            ...(type ? { type } : {}),
          },
        };
        return reader
          ? reachFor(
              reached,
              !!reached.customerOwnerId &&
                may(ctx.settings, reader, 'customer.seeContacts', {
                  customer: { ownerId: reached.customerOwnerId },
                }),
            )
          : reached;
      }),
    );
  }

  /** The quarterly satisfaction surveys' answers (1-5) done since `since` (a low churn risk). */
  surveyAnswersSince(ctx: Pick<Ctx, 'teamId'>, since: Date) {
    return this.deps.tasks.surveyAnswersSince(ctx.teamId, since);
  }

  /** The open win-back calls, by customer (one read for the signals run). */
  async openWinBacks(ctx: Pick<Ctx, 'teamId'>): Promise<Map<string, TaskRecord[]>> {
    return groupBy(await this.deps.tasks.openOfKind(ctx.teamId, 'winback'), (t) => t.customerId);
  }

  /**
   * The churn risk was lifted (the customer left churn warning, and not for churned): its open
   * win-back calls are no longer owed, so they are cancelled (`risk_lifted`). Returns those.
   */
  async cancelWinBacks(ctx: Ctx, tasks: readonly TaskRecord[]): Promise<TaskRecord[]> {
    const cancelled: TaskRecord[] = [];
    for (const task of tasks) {
      if (task.kind !== 'winback') continue;
      if (await this.deps.tasks.cancel(ctx.teamId, task.id, 'risk_lifted', ctx.now))
        cancelled.push(task);
    }
    return cancelled;
  }

  /**
   * A task the desk plans for the customer's owner (`ownerExecutor`: a guest owner's manager,
   * named `guestOwner`), due `dueDate`.
   */
  private customerTask<C>(
    settings: Ctx['settings'],
    customer: Declaring<C, TaskCustomer>,
    kind: TaskKind,
    dueDate: string,
  ) {
    return {
      teamId: customer.teamId,
      kind,
      customerId: customer.id,
      customerCode: customer.code,
      customerName: customer.name,
      // The revision the name was read at: a late write of an earlier rename leaves it.
      customerNameRevision: customer.revision,
      ...ownerExecutor(settings, customer),
      dueDate,
    };
  }

  /**
   * Who does a task of a ticket the desk plans for its account manager: a guest owner's stand-in
   * the ticket names already (`guestOwner`, ticket/service.ts `accountManagerOf`), named; else,
   * when that is the customer's owner and Slack said the owner is a guest (a ticket opened before
   * tickets named one), their manager (`ownerExecutor`), named.
   */
  private forAccountManager(
    ctx: Pick<Ctx, 'settings'>,
    ticket: Pick<TicketRecord, 'accountManagerId' | 'guestOwner'>,
    customer: CustomerRecord | null,
  ): { assigneeId: string; guestOwner?: string } {
    const { accountManagerId, guestOwner } = ticket;
    if (guestOwner) return { assigneeId: accountManagerId, guestOwner };
    return customer?.ownerGuest && customer.ownerId === accountManagerId
      ? ownerExecutor(ctx.settings, customer)
      : { assigneeId: accountManagerId };
  }

  /**
   * The name a task about another record's customer (a ticket's, a survey's) copies: the
   * customer's as stored now, with the revision it is of (one read, scoped by the workspace), so
   * a ticket opened before a rename and resolved after plans its tasks under the new name, and a
   * late write of an earlier rename leaves them. The customer gone: the record's own copy.
   */
  private async customerNameOf(
    ctx: Pick<Ctx, 'teamId'>,
    of: Pick<TaskRecord, 'customerId' | 'customerName'>,
  ): Promise<{ customerName: string; customerNameRevision?: number }> {
    const now = await this.deps.customers.nameNow(ctx, of.customerId);
    return now
      ? { customerName: now.name, customerNameRevision: now.revision }
      : { customerName: of.customerName };
  }

  /**
   * A daily planner's task for `customer`, as read by the run's one read of the customers:
   * inserted unless it is there already (insertOnce, by its key), then checked (`plannedStill`).
   * False when it is not planned now: there already, or taken back (its customer erased since
   * that read, or being erased). Else the name the customer has now when renamed since (written
   * on it), or undefined. A greeting (`greets`): `checkedGreeting`'s answer.
   */
  private async insertPlanned(
    ctx: Pick<Ctx, 'teamId' | 'log' | 'now'>,
    customer: Pick<CustomerRecord, 'id' | 'code' | 'revision'>,
    task: NewTask & { id: string },
  ): Promise<string | undefined | false> {
    if (!(await this.deps.tasks.insertOnce(task, ctx.now))) return false;
    return this.plannedStill(ctx, customer, task.id);
  }

  /**
   * After a daily planner (which plans from the run's one read of the customers) wrote a task
   * for `customer` (`insertPlanned`): false when the customer was erased whole since that read,
   * or is being erased now (a whole or a contact's erasure holding the lease: its scrub of the
   * tasks may have run before this write); the task is then taken back (deleted while open,
   * nobody told: the next run plans again). Else the name it has now when renamed since
   * (written on the task, catchUpName). The lease is read before the customer: an erasure that
   * has released it has rewritten the customer. A check that fails takes the task back too
   * (logged). `contactErasure` false: a task that names no contact (`planWinBack`'s call) is
   * kept while only a contact's erasure holds the lease.
   */
  private async plannedStill(
    ctx: Pick<Ctx, 'teamId' | 'log' | 'now'>,
    customer: Pick<CustomerRecord, 'id' | 'code' | 'revision'>,
    taskId: string,
    contactErasure = true,
  ): Promise<string | undefined | false> {
    const still = await this.checkedPlanned(ctx, customer, taskId, undefined, contactErasure);
    return typeof still === 'object' ? false : still;
  }

  /**
   * A greeting naming `greets` (as read with the customer) inserted (`insertPlanned`'s) or
   * found written and untold, then checked as `plannedStill` checks a task, and for the
   * contacts it names: one being erased now (a contact's erasure holding the lease: its keyed
   * hash of the name the contact has now, or has on the greeting; ErasingNow.erases), or no
   * longer the customer's (`stillAContact`, by its key: a contact's erasure done since, whose
   * scrub of the tasks ran before this write, its rewrite of the customer before its lease was
   * given back, so a check that finds no lease finds the contact gone; or one removed; one only
   * renamed since is still there, revp60 F6): the greeting is taken back and those contacts
   * said (`LeftOut`), for the caller to plan it again for the others that same run (p44: on a
   * holiday's eve no later run plans it; another contact's erasure no longer takes the whole
   * customer's greeting). Without `erases`, any contact's erasure of the customer takes it back
   * (false), as before.
   */
  private async checkedGreeting(
    ctx: Pick<Ctx, 'teamId' | 'log' | 'now'>,
    customer: Pick<CustomerRecord, 'id' | 'code' | 'revision'>,
    task: NewTask & { id: string },
    greets: readonly NamedContact[],
    /** Written by an earlier run (untold): checked, not inserted. */
    written: boolean,
  ): Promise<string | undefined | false | LeftOut> {
    if (!written && !(await this.deps.tasks.insertOnce(task, ctx.now))) return false;
    return this.checkedPlanned(ctx, customer, task.id, greets, true);
  }

  /** `plannedStill`, with `checkedGreeting`'s check of the contacts a greeting names (`greets`). */
  private async checkedPlanned(
    ctx: Pick<Ctx, 'teamId' | 'log' | 'now'>,
    customer: Pick<CustomerRecord, 'id' | 'code' | 'revision'>,
    taskId: string,
    greets: readonly NamedContact[] | undefined,
    contactErasure: boolean,
  ): Promise<string | undefined | false | LeftOut> {
    let now: Awaited<ReturnType<TaskService['customerNow']>>;
    try {
      now = await this.customerNow(ctx, customer, {
        withContacts: !!greets?.length,
        contactErasure,
        ...(greets?.length ? { greets } : {}),
      });
    } catch (err) {
      ctx.log.warn(
        { err, customer: customer.id },
        'task planned: whether its customer was erased since is not known, taken back',
      );
      now = null;
    }
    if (!now) {
      await this.deps.tasks.takeBack(ctx.teamId, taskId);
      return false;
    }
    if ('contacts' in now && greets?.length) {
      const contacts = now.contacts;
      const without = greets.filter(
        (named) => !stillAContact(named, contacts) || now.erasing.includes(named),
      );
      if (without.length) {
        await this.deps.tasks.takeBack(ctx.teamId, taskId);
        return { without };
      }
    }
    return this.catchUpName(ctx, customer.id, { customerNameRevision: customer.revision }, now);
  }

  /**
   * `customer` as it is now, for a planner that read it earlier (`plannedStill`, `planWinBack`):
   * null when it is being erased (the customer's erasure holding the lease, or a contact's unless
   * `contactErasure` is false; read first: one that has released it has rewritten the customer),
   * erased whole, or gone. Else its name and revision, with its contacts when `withContacts`
   * (one read either way). With `greets` (a greeting's contacts, `withContacts`) and a contact's
   * erasure of the customer holding the lease: not null for it, but those of `greets` it erases
   * (by the name each has now, or as greeted) in `erasing`. A failed read throws: each caller
   * says what it did then.
   */
  private async customerNow(
    ctx: Pick<Ctx, 'teamId' | 'now'>,
    customer: Pick<CustomerRecord, 'id' | 'code'>,
    {
      withContacts = false,
      contactErasure = true,
      greets,
    }: { withContacts?: boolean; contactErasure?: boolean; greets?: readonly NamedContact[] } = {},
  ): Promise<
    | Awaited<ReturnType<CustomerService['nameNow']>>
    | (NonNullable<Awaited<ReturnType<CustomerService['namesNow']>>> & {
        /** Of `greets`, those the contact's erasure under way erases. */
        erasing: NamedContact[];
      })
  > {
    const erasures = this.deps.erasing;
    const running = await erasures?.running(ctx);
    const code = String(customer.code);
    // One contact's erasure: told apart by the lease's keyed hash when the contacts are named.
    const byContact =
      !!greets?.length &&
      !!erasures?.erases &&
      erasingCode(running, code, { contacts: true }) &&
      !erasingCode(running, code, { contacts: false });
    if (!byContact && erasingCode(running, code, { contacts: contactErasure })) return null;
    if (withContacts) {
      const now = await this.deps.customers.namesNow(ctx, customer.id);
      if (!now || now.name === erasedName(code)) return null;
      const erasing = byContact
        ? greets!.filter((named) => {
            const as = now.contacts.find((c) => !!named.key && c.key === named.key);
            return [named.name, ...(as ? [as.name] : [])].some((name) =>
              erasures!.erases!(running!, code, name),
            );
          })
        : [];
      return { ...now, erasing };
    }
    const now = await this.deps.customers.nameNow(ctx, customer.id);
    return now && now.name !== erasedName(code) ? now : null;
  }

  /**
   * Tasks of the customer just inserted with its name as of `copied` (its revision when read):
   * a rename saved since, whose own copy may have run before they were in and so missed them
   * (its mark cleared, nothing left for the repair), is written on them now. One read; the
   * write idempotent and never back (TaskRepository.renameCustomer). Returns the name written
   * (none: not changed since). A failure is logged and the file marked as owing its copies of
   * the name (CustomerService.markNameOwed), which the outbox job writes: the task is planned,
   * under the name it was read with until then.
   */
  private async catchUpName(
    ctx: Pick<Ctx, 'teamId' | 'log' | 'now'>,
    customerId: string,
    copied: { customerNameRevision?: number },
    /** The customer's name as just read (plannedStill), else read here. */
    read?: Awaited<ReturnType<CustomerService['nameNow']>>,
  ): Promise<string | undefined> {
    if (copied.customerNameRevision === undefined) return undefined;
    try {
      const now = read !== undefined ? read : await this.deps.customers.nameNow(ctx, customerId);
      if (!now || now.revision <= copied.customerNameRevision) return undefined;
      await this.deps.tasks.renameCustomer(ctx.teamId, customerId, now.name, now.revision);
      return now.name;
    } catch (err) {
      ctx.log.warn(
        { err, customer: customerId },
        'task planned: a rename since it was read is not written on it',
      );
      await this.deps.customers
        .markNameOwed(ctx, customerId)
        .catch((err: unknown) =>
          ctx.log.warn(
            { err, customer: customerId },
            'task planned: its customer not marked as owing its name copies',
          ),
        );
      return undefined;
    }
  }

  /**
   * The reminders owed today: a task due in three days gets an early one, a task due today (or
   * past due and never reminded on its day) the due one, both on working days of the workspace
   * calendar (a day off sends none: what falls on it came the working day before). Oldest due
   * first.
   */
  async owedReminders(ctx: Ctx): Promise<{ task: TaskRecord; which: ReminderKind }[]> {
    const { settings, today } = ctx;
    if (!isWorkingDay(settings, today)) return [];
    // Far enough ahead for an early reminder pulled forward over a long holiday.
    const horizon = addDaysToDate(today, REMINDER_LEAD_DAYS + REMINDER_HOLIDAY_DAYS);
    const workingDay = (date: string) => workingDayOnOrBefore(settings, date);
    const owed: { task: TaskRecord; which: ReminderKind }[] = [];
    for (const task of await this.deps.tasks.openDueBy(ctx.teamId, horizon)) {
      const which = reminderOwed(task, today, workingDay);
      if (which) owed.push({ task, which });
    }
    return owed;
  }

  /**
   * Records a reminder as told (a due one covers the early one too), for the day it was about:
   * a task moved meanwhile keeps its reminders for its new day.
   */
  async markReminded(ctx: Ctx, task: TaskRecord, which: ReminderKind): Promise<void> {
    const { teamId, now } = ctx;
    await this.deps.tasks.markReminder(teamId, task.id, which, now, task.dueDate);
    if (which === 'due')
      await this.deps.tasks.markReminder(teamId, task.id, 'early', now, task.dueDate);
  }

  /** Open tasks past their due date, oldest first. */
  /** `userId`'s open tasks due today or earlier (App Home), oldest due first, and how many. */
  dueFor(ctx: Ctx, userId: string, limit: number) {
    return this.deps.tasks.openForAssigneeDueBy(ctx.teamId, userId, ctx.today, limit);
  }

  /** The open tasks `userId` signs off (their approver), due first, and how many. */
  toApproveFor(ctx: Pick<Ctx, 'teamId'>, userId: string, limit: number) {
    return this.deps.tasks.openPage(ctx.teamId, 'approverId', userId, limit);
  }

  /** The open tasks `userId` helps with (their helper), due first, and how many. */
  helpingWith(ctx: Pick<Ctx, 'teamId'>, userId: string, limit: number) {
    return this.deps.tasks.openPage(ctx.teamId, 'helperId', userId, limit);
  }

  /** Who does or signs off an open task of the customer (their Homes list it, named). */
  openPeopleOf(ctx: Pick<Ctx, 'teamId'>, customerId: string): Promise<string[]> {
    return this.deps.tasks.openPeopleOf(ctx.teamId, customerId);
  }

  /**
   * A page of `userId`'s open tasks, due first: those they do (`mine`, `/task mine`) or sign off
   * (`approve`, `/task mine approve`), read by key (TaskRepository.openPage), how many there are
   * and how many come before the page.
   */
  pageFor(
    ctx: Ctx,
    list: 'mine' | 'approve',
    userId: string,
    limit: number,
    at: { after?: TaskPageKey; before?: TaskPageKey } = {},
  ) {
    // The tasks' lists are staff's (a task names its customer): not a guest's of the workspace.
    assertReadsDesk(ctx);
    const role = list === 'mine' ? 'assigneeId' : 'approverId';
    return this.deps.tasks.openPage(ctx.teamId, role, userId, limit, at);
  }

  /**
   * A page of the open tasks of the caller's team (`/task team`), due first (the overdue ones
   * first): a manager's (`outsideManagersTeam`: not those of people only other managers manage),
   * an admin's (everyone's); read by key as `pageFor`. Refused to anyone else.
   */
  async teamPageFor(
    ctx: Ctx,
    limit: number,
    at: { after?: TaskPageKey; before?: TaskPageKey } = {},
  ): Promise<TaskPage & { held?: true }> {
    assertReadsDesk(ctx);
    // Nobody of the staff to stand in for an owner not a member of the workspace: the tasks
    // they are to do (`heldOwners`), to any staff member, who takes one with Edit. Read only on
    // a desk with at most one staff manager or admin (`heldRead`; with two, none held and
    // someone to tell: refused as ever); with one, shown only when that one is held (the
    // desk's only admin made a guest), else refused as ever; with none, always.
    if (!allowed(ctx, 'task.seeTeam') && worksTickets(actorSettings(ctx), ctx.actor)) {
      const owners = await heldRead(ctx.settings, () => this.deps.customers.awayOwners(ctx));
      if (owners.length || !staffToTell(ctx.settings).length) {
        const page = await this.deps.tasks.openTeamPage(ctx.teamId, [], limit, at, owners);
        return { ...page, held: true };
      }
    }
    assertMay(ctx, 'task.seeTeam');
    const except = outsideManagersTeam(ctx.settings, ctx.actor);
    return this.deps.tasks.openTeamPage(ctx.teamId, except, limit, at);
  }

  /**
   * How many open tasks are held for customer owners not members of the workspace, while nobody
   * of the staff can stand in for them (`heldOwners`, the `/task team` list's rule; a desk with
   * two staff managers or admins: 0, nothing read): a staff member's Home says so, pointing at
   * `/task team`. Counted up to `limit`.
   */
  async heldCount(ctx: Ctx, limit: number): Promise<number> {
    const owners = await heldRead(ctx.settings, () => this.deps.customers.awayOwners(ctx));
    return owners.length ? this.deps.tasks.openAssignedCount(ctx.teamId, owners, limit) : 0;
  }

  async overdue(ctx: Ctx): Promise<TaskRecord[]> {
    return this.deps.tasks.openDueBy(ctx.teamId, addDaysToDate(ctx.today, -1));
  }

  /**
   * The task for its Done modal, when the actor may complete it: its executor, its approver, a
   * manager or an admin; for a task the desk planned for the customer's owner, whoever owns the
   * customer now.
   */
  forCompletion(ctx: Ctx, taskId: string, form?: string): Promise<TaskRecord> {
    return this.actionable(ctx, taskId, 'task.complete', form);
  }

  /**
   * A complaint's contact tried and not reached (its Done's "Tried, could not reach"): the task
   * stays open; once its contact target (`dueAt`) has passed, it is moved to the next working
   * day at the same time, so its holder is reminded of it again as of any task due then (a move
   * to another day forgets the reminders sent). Its due time stays when the target is still
   * ahead (once it passes, the daily run moves it: followComplaintContacts). `owed`: its
   * executor's DM of an attempt someone else made, on the task with the move (else on its own).
   * Returns the task as it stands (unmoved when it changed meanwhile).
   */
  async keepContactOpen(
    ctx: Ctx,
    task: TaskRecord,
    dueAt: Date | undefined,
    owed?: TaskNotice,
  ): Promise<TaskRecord> {
    if (dueAt && dueAt.getTime() <= ctx.now.getTime()) {
      const next = workingDaysAfter(ctx.settings, ctx.today, 1);
      const to = sameTimeOn(ctx.settings.timeZone, next, dueAt);
      if (await this.deps.tasks.moveDue(ctx.teamId, task.id, task, to, owed))
        return { ...task, ...to, reminders: {} };
    }
    if (owed) await this.deps.tasks.owe(ctx.teamId, task.id, owed);
    return task;
  }

  /**
   * The task for its Change due date modal, when the actor may move it: whoever may complete it
   * (its executor, its approver, a manager or an admin; for a task the desk planned for the
   * customer's owner, whoever owns the customer now). Done or cancelled, it is not moved; nor a complaint's contact,
   * whose due time is the complaint's contact target.
   */
  async forReschedule(ctx: Ctx, taskId: string): Promise<TaskRecord> {
    const task = await this.actionable(ctx, taskId, 'task.reschedule');
    if (!reschedulable(task)) throw new AppError('INVALID_INPUT', 'task.error.rescheduleComplaint');
    return task;
  }

  /**
   * Moves an open task to another due day (today or later in the workspace's zone), recorded on
   * the task (from, to, by whom, when); its reminders are sent again for the new day. The same
   * day changes nothing. Returns the task as it stands and whether it moved.
   */
  async reschedule(
    ctx: Ctx,
    taskId: string,
    dueDate: string,
  ): Promise<{ task: TaskRecord; from: string; moved: boolean }> {
    if (dueDate < ctx.today) throw new FieldErrors({ due: { key: 'form.error.pastDate' } });
    // Moved by someone else meanwhile: read again and moved from where it is now (once).
    for (let attempt = 0; ; attempt++) {
      const task = await this.forReschedule(ctx, taskId);
      if (task.dueDate === dueDate) return { task, from: task.dueDate, moved: false };
      const change = { from: task.dueDate, to: dueDate, by: ctx.actor, at: ctx.now };
      // Moved by someone else: its executor (and its approver, its helper) are owed a DM.
      const tells =
        task.assigneeId !== ctx.actor ||
        (!!task.approverId && task.approverId !== ctx.actor) ||
        (!!task.helperId && task.helperId !== ctx.actor);
      const moved = await this.deps.tasks.reschedule(
        ctx.teamId,
        task.id,
        change,
        tells ? { what: 'moved', ...change } : undefined,
      );
      if (moved) return { task: moved, from: task.dueDate, moved: true };
      if (attempt > 0) throw new AppError('INVALID_INPUT', 'task.error.changedMeanwhile');
    }
  }

  /**
   * The task for its Edit task modal, when the actor may edit it: whoever planned it, its
   * executor (for a task the desk planned for the customer's owner, whoever owns the customer
   * now), a manager or an admin. Done or cancelled, it is not edited.
   */
  forEdit(ctx: Ctx, taskId: string): Promise<TaskRecord> {
    return this.actionable(ctx, taskId, 'task.edit');
  }

  /**
   * Edit task: the fields the task's modal shows changed (a task made by hand: who does it,
   * helps and signs it off, its due date and words; one the desk planned: who does it and who
   * helps, its kind and words its own), as New task checks them: the approver is not the
   * executor, a new due date is today or later. Only the fields the person changed from what the
   * modal showed (`input.shown`) are written: a field changed by someone else since the modal
   * opened is left as they made it, unless the person changed it too (refused on the field, as
   * they saw it no more; already as they want it, nothing to do). Kept on the task (`edits`; a
   * due date's change also as a move, reminded again for it). A helper who becomes the executor
   * helps no more. Returns the task before and after, and which fields changed (none: nothing
   * written).
   */
  async edit(
    ctx: Ctx,
    taskId: string,
    input: TaskEditInput,
    /** Who Slack said is a bot, deactivated or a guest: refused as New task refuses them. */
    unfit?: readonly UnfitPerson[],
  ): Promise<{ before: TaskRecord; task: TaskRecord; fields: EditField[]; owed?: TaskNotice }> {
    // Nobody of them does, helps with or signs off a task (Edit task, a hand-over's move).
    refuseUnfitPeople(taskPeople(input), unfit);
    for (let attempt = 0; ; attempt++) {
      const before = await this.forEdit(ctx, taskId);
      const allowed = editableFields(before);
      const shown = input.shown ?? editShown(before);
      // What the modal says for each field it shows (a date and words: only when given).
      const typed: Partial<Pick<TaskRecord, EditField>> = {
        assigneeId: input.assigneeId,
        helperId: input.helperId === input.assigneeId ? undefined : input.helperId,
        approverId: input.approverId,
        dueDate: input.dueDate,
        content: input.content,
      };
      const given = (f: EditField) => (f === 'dueDate' || f === 'content' ? !!typed[f] : true);
      // Whether a field's value is what the modal showed (the words by their digest).
      const asShown = (f: EditField, value: string | undefined) =>
        f === 'content'
          ? contentDigest(value) === shown.contentDigest
          : (value ?? '') === (shown[f] ?? '');
      const touched = allowed.filter((f) => given(f) && !asShown(f, typed[f]));
      // Changed by someone else since the modal opened, and by the person to something else.
      const clash = touched.filter(
        (f) => !asShown(f, before[f]) && (typed[f] ?? '') !== (before[f] ?? ''),
      );
      if (clash.length)
        throw new FieldErrors(
          Object.fromEntries(
            clash.map((f) => [EDIT_BLOCKS[f], { key: 'task.error.fieldChangedMeanwhile' }]),
          ),
        );
      const after: Partial<Pick<TaskRecord, EditField>> = {};
      for (const f of EDIT_FIELDS) after[f] = touched.includes(f) ? typed[f] : before[f];
      if (after.helperId === after.assigneeId) after.helperId = undefined;
      // Checked against the task as it will be: an executor who signs it off is refused too.
      if (after.approverId && after.approverId === after.assigneeId)
        throw new FieldErrors({
          [allowed.includes('approverId') ? 'approver' : 'executor']: {
            key: 'task.error.approverIsExecutor',
          },
        });
      if (after.dueDate !== before.dueDate && after.dueDate! < ctx.today)
        throw new FieldErrors({ due: { key: 'form.error.pastDate' } });
      const fields = allowed.filter((f) => (after[f] ?? undefined) !== (before[f] ?? undefined));
      if (!fields.length) return { before, task: before, fields };
      const people = (['assigneeId', 'helperId', 'approverId'] as const).filter((f) =>
        fields.includes(f),
      );
      // The DMs the edit owes (TaskNotifier.owed says to whom), written with it.
      const owed: TaskNotice = {
        what: 'edited',
        by: ctx.actor,
        at: ctx.now,
        edit: (before.edits?.length ?? 0) + 1,
      };
      // Written only to the task as read (every field, and its edits count).
      const edited = await this.deps.tasks.edit(
        ctx.teamId,
        before.id,
        before,
        after,
        {
          by: ctx.actor,
          at: ctx.now,
          fields,
          before: Object.fromEntries(people.flatMap((f) => (before[f] ? [[f, before[f]]] : []))),
        },
        owed,
      );
      if (edited) return { before, task: edited, fields, owed };
      // Changed by someone else meanwhile: read again and judged against what was shown (once).
      if (attempt > 0) throw new AppError('INVALID_INPUT', 'task.error.changedMeanwhile');
    }
  }

  /**
   * The task for its Cancel task modal, with what the actor may do there: cancel it as not
   * needed (`task.cancel`: its planner, its approver, the executor's manager, an admin) and
   * close it as "customer not reached" (whoever may complete it, on a task whose outcome is the
   * customer's answer: closableNotReached). Refused when they may do neither, and on a
   * complaint's contact (its Done records the complaint's contact: cancellable).
   */
  async forCancel(
    ctx: Ctx,
    taskId: string,
    /** Its submission (`submissionKey`): one that cancelled it already is TaskSubmittedAgain. */
    form?: string,
  ): Promise<{ task: TaskRecord; cancel: boolean; notReached: boolean }> {
    // A guest of the workspace works no task, not even one planned for the customer they own.
    assertWorksDesk(ctx);
    const task = await this.deps.tasks.byId(ctx.teamId, taskId);
    if (!task) throw new AppError('NOT_FOUND', 'task.error.notFound');
    // An owner's task: whoever owns the customer now completes it (as actionable reads it).
    const customer = ownersTask(task)
      ? await this.deps.customers.get(ctx, task.customerCode).catch(notFoundAsNull)
      : null;
    const subject = { task, ...(customer ? { customer } : {}) };
    // As assertMay judges the actor (a guest of the workspace included).
    const allows = (permission: 'task.cancel' | 'task.complete') => {
      try {
        assertMay(ctx, permission, subject);
        return true;
      } catch {
        return false;
      }
    };
    const cancel = allows('task.cancel');
    const mayComplete = allows('task.complete');
    const notReached = closableNotReached(task) && mayComplete;
    // Done or cancelled already: said first to whoever may complete it too (its executor), as
    // Done, Change due date and Edit task say it, not who could have cancelled it while open.
    if (!cancel && !notReached && !(mayComplete && task.status !== 'open'))
      assertMay(ctx, 'task.cancel', subject);
    sayIfSubmittedAgain(ctx, task, form);
    if (task.status === 'cancelled') throw await this.cancelledError(ctx, task);
    if (task.status !== 'open')
      throw new AppError('INVALID_INPUT', 'task.error.done', { user: task.doneBy ?? '' });
    if (!cancellable(task)) throw new AppError('INVALID_INPUT', 'task.error.cancelComplaint');
    return { task, cancel, notReached };
  }

  /**
   * Cancel task: the open task closed without an outcome, with why (`by_hand`: not needed,
   * `note` required; `not_reached`: the customer could not be reached, `note` optional), by whom
   * and when, as forCancel allows it. No interaction and no score are recorded, and a cancelled
   * task leaves the reminders, the overdue lists and the done and on-time figures. Its executor,
   * approver and helper (each unless they cancelled it) are owed a DM, written with it.
   */
  async cancelByPerson(
    ctx: Ctx,
    taskId: string,
    input: { reason: CancelReason; note?: string },
    /**
     * Its submission (`submissionKey`), kept on the task: delivered again, it writes nothing
     * (TaskSubmittedAgain), in the same conditional write, so of two deliveries at once one
     * cancels it.
     */
    form?: string,
  ): Promise<{ task: TaskRecord; owed?: TaskNotice }> {
    const allowed = await this.forCancel(ctx, taskId, form);
    const { task } = allowed;
    if (input.reason === 'by_hand' && !allowed.cancel)
      throw new FieldErrors({ reason: { key: 'task.error.cancelForbiddenField' } });
    if (input.reason === 'not_reached' && !allowed.notReached)
      throw new FieldErrors({ reason: { key: 'task.error.notReachedKind' } });
    if (input.reason === 'by_hand' && !input.note)
      throw new FieldErrors({ note: { key: 'form.error.required' } });
    const tells =
      task.assigneeId !== ctx.actor ||
      (!!task.approverId && task.approverId !== ctx.actor) ||
      (!!task.helperId && task.helperId !== ctx.actor);
    const owed: TaskNotice | undefined = tells
      ? { what: 'cancelled', by: ctx.actor, at: ctx.now }
      : undefined;
    const cancelled = await this.deps.tasks.cancelByPerson(
      ctx.teamId,
      task.id,
      {
        reason: input.reason,
        ...(input.note ? { note: input.note } : {}),
        by: ctx.actor,
        at: ctx.now,
        ...(form ? { form } : {}),
      },
      owed,
    );
    if (!cancelled) {
      await this.forCancel(ctx, task.id, form); // throws: done or cancelled meanwhile
      throw new AppError('INVALID_INPUT', 'task.error.changedMeanwhile');
    }
    return { task: cancelled, ...(owed ? { owed } : {}) };
  }

  /**
   * What a person who opens a cancelled task is told: why (CANCELLED), and for a ticket merged
   * into another, which one it was merged into (read from the ticket: gone, only that it was
   * cancelled).
   */
  private async cancelledError(ctx: Ctx, task: TaskRecord): Promise<AppError> {
    // Cancelled by a person: who, and why in their words (the phones and emails in them masked
    // for a reader who may not see the customer's personal data, as the cancel DMs say them).
    if (task.cancelledBy) {
      const [owned = task] = await this.withReach(ctx, [task]);
      const note = task.cancelNote ?? '';
      return new AppError(
        'INVALID_INPUT',
        CANCELLED[task.cancelReason ?? ''] ?? 'task.error.cancelled',
        {
          user: task.cancelledBy,
          note: typedInClear(ctx.settings, owned, ctx.actor) ? note : maskFreeText(note),
        },
      );
    }
    if (task.cancelReason !== 'merged')
      return new AppError(
        'INVALID_INPUT',
        CANCELLED[task.cancelReason ?? ''] ?? 'task.error.cancelled',
      );
    const [ticket] = task.ticketId ? await this.deps.tickets.byIds(ctx, [task.ticketId]) : [];
    return ticket?.mergedInto
      ? new AppError('INVALID_INPUT', 'task.error.cancelled.merged', {
          number: ticket.number,
          into: ticket.mergedInto,
        })
      : new AppError('INVALID_INPUT', 'task.error.cancelled');
  }

  /** The open task, when the actor may do `permission` to it (see forCompletion). */
  private async actionable(
    ctx: Ctx,
    taskId: string,
    permission: 'task.complete' | 'task.reschedule' | 'task.edit' | 'task.cancel',
    /** The submission asking (`submissionKey`): one that closed it already is TaskSubmittedAgain. */
    form?: string,
  ): Promise<TaskRecord> {
    // A guest of the workspace works no task, not even one planned for the customer they own
    // (before any relation to the task or the customer is asked).
    assertWorksDesk(ctx);
    const task = await this.deps.tasks.byId(ctx.teamId, taskId);
    if (!task) throw new AppError('NOT_FOUND', 'task.error.notFound');
    // The customer changed hands since the task was planned: the new owner may do the tasks the
    // desk planned for its owner, not a call or visit a person made for its executor.
    // Refused else: whether the task is held, its executor an owner not a member of the
    // workspace nobody of the staff stands in for (`heldOwners`, the rule `/task team` lists them
    // by), which any staff member may take (Edit) or do (`taker`). Its customer's file marking
    // its executor as its owner, nobody else of the staff but them, says so without reading who
    // else is marked; else the marks are read (a marked admin stands in for no other owner).
    const owners = ownersTask(task);
    const refused = !may(ctx.settings, ctx.actor, permission, { task });
    const customer =
      owners && refused
        ? await this.deps.customers.get(ctx, task.customerCode).catch(notFoundAsNull)
        : null;
    let heldNow: Promise<string[]> | undefined;
    // (A desk with two staff managers or admins holds nothing: nothing read.)
    const heldFor = async (executor: string) =>
      someMayBeHeld(ctx.settings) &&
      ((nobodyStandsIn(ctx.settings, executor) &&
        !!customer?.ownerGuest &&
        customer.ownerId === executor) ||
        (
          await (heldNow ??= heldRead(ctx.settings, () => this.deps.customers.awayOwners(ctx)))
        ).includes(executor));
    const held = refused && (await heldFor(task.assigneeId));
    // Refused on a task a colleague took from a held executor since (its last edit): the actor
    // (staff) was told to take it too, and may have opened its form then. Said so, naming
    // whose it is now, not "only the person it is for or a manager" (there may be no manager).
    const from = task.edits?.at(-1)?.before?.assigneeId;
    if (
      refused &&
      !held &&
      from &&
      from !== task.assigneeId &&
      (await heldFor(from)) &&
      may(ctx.settings, ctx.actor, permission, {
        task: { ...task, assigneeId: from, held: true },
        ...(customer && owners ? { customer } : {}),
      })
    )
      throw new AppError('FORBIDDEN', 'task.error.takenMeanwhile', { user: task.assigneeId });
    assertMay(ctx, permission, {
      task: held ? { ...task, held } : task,
      ...(customer && owners ? { customer } : {}),
    });
    sayIfSubmittedAgain(ctx, task, form);
    if (task.status === 'cancelled') throw await this.cancelledError(ctx, task);
    if (task.status !== 'open')
      throw new AppError('INVALID_INPUT', 'task.error.done', { user: task.doneBy ?? '' });
    return task;
  }

  /**
   * Records a task's outcome: the task is closed once (a second submit is told it is done), the
   * contact is logged as an interaction on the customer, and satisfaction and NPS stay on the
   * task for the digest. A revisit saved with only its scores is summarised from them.
   * `outcomeOf` reads the outcome for the task (its kind decides what is required) and may
   * refuse it before anything is saved. A dated next step becomes a task for the actor, signed off
   * by its approver when one was picked (refused before anything is saved when it is the actor):
   * `nextStep` says when it is due and, planned now, the task and the DM it owes. `owesWork`:
   * whether the outcome owes work after the save (a low follow-up call's score: the account
   * manager's follow-up; a revisit's "not solved": its ticket's reopen), recorded with the Done
   * as a DM owed so the notice repair does it if the process dies first.
   */
  async complete(
    ctx: Ctx,
    taskId: string,
    outcomeOf: (task: TaskRecord) => TaskOutcome | Promise<TaskOutcome>,
    owesWork: (task: TaskRecord, outcome: TaskOutcome) => boolean = () => false,
    /**
     * Its submission (`submissionKey`), kept on the task: delivered again, it writes nothing
     * (TaskSubmittedAgain), in the same conditional write, so of two deliveries at once one
     * closes it.
     */
    form?: string,
  ): Promise<{
    task: TaskRecord;
    outcome: TaskOutcome;
    nextStepDue?: string;
    nextStep?: { due: string; created?: TaskRecord; owed?: TaskNotice };
  }> {
    const task = await this.forCompletion(ctx, taskId, form);
    const outcome = await outcomeOf(task);
    this.assertNextStepApprover(ctx, outcome.nextStepDate, outcome.nextStepApproverId);
    const summary =
      outcome.summary ||
      (task.kind === 'greeting'
        ? ctx.t.plain('greeting.summary')
        : revisitSummary(ctx.t, task, outcome));
    // The next step lives on the interaction (erased with it), not on the task.
    // A low survey's typed contact goes on the DM owed (its managers' DM names them), not on
    // the task.
    const {
      nextStep,
      nextStepDate,
      nextStepApproverId,
      typedContact,
      surveyManagers,
      doneDate,
      ...kept
    } = outcome;
    // When it was done, as picked (checked against the task by the form): the interaction's date,
    // and the one on time or late is judged by; kept for the repair with the interaction owed.
    const date = doneDate ?? ctx.today;
    // Done by someone other than its approver or its executor, a survey (a low one tells the
    // managers) or an outcome owing work (a low follow-up call's score, a revisit's "not
    // solved"): a DM may be owed (TaskFlows.complete says which).
    const tells =
      (!!task.approverId && task.approverId !== ctx.actor) ||
      task.assigneeId !== ctx.actor ||
      task.kind === 'survey' ||
      owesWork(task, outcome);
    // The interaction owed the customer's file, recorded with the Done in its one write: what
    // stops short of logging it (a failure, the process dying) leaves it for the repair.
    const interaction: InteractionOwed = {
      at: ctx.now,
      by: ctx.actor,
      date,
      ...(nextStep ? { nextStep } : {}),
      ...(nextStepDate ? { nextStepDate } : {}),
      ...(nextStepApproverId ? { nextStepApproverId } : {}),
    };
    const done = await this.deps.tasks.complete(
      ctx.teamId,
      task.id,
      {
        outcome: { ...kept, summary },
        by: ctx.actor,
        at: ctx.now,
        date,
        ...(form ? { form } : {}),
      },
      tells
        ? {
            what: 'done',
            by: ctx.actor,
            at: ctx.now,
            ...(typedContact ? { contact: typedContact } : {}),
            ...(surveyManagers?.length ? { managers: surveyManagers } : {}),
          }
        : undefined,
      interaction,
    );
    if (!done) {
      await this.forCompletion(ctx, task.id, form); // throws: done or cancelled meanwhile
      throw new AppError('INVALID_INPUT', 'task.error.done', { user: '' });
    }
    // The Done is saved: never undone. A failure from here leaves the interaction owed on the
    // task, logged (once: keyed by the task) by the outbox job's repair two minutes on, with its
    // next step (planned by CustomerFlows.repairNextSteps then).
    let logged: Awaited<ReturnType<TaskService['logDone']>>;
    try {
      logged = await this.logDone(ctx, done, interaction);
    } catch (err) {
      ctx.log.warn({ err, task: task.id }, 'done interaction not logged: owed to the repair');
      return { task: done, outcome };
    }
    let planned: Awaited<ReturnType<TaskService['planNextStep']>> = undefined;
    // The interaction is logged: a failure here leaves the next step owed on it, for the outbox
    // job's repair (CustomerFlows.repairNextSteps).
    try {
      planned = await this.planNextStep(
        ctx,
        logged.customer,
        logged.interaction,
        nextStepApproverId,
      );
      if (logged.interaction.nextStepOwed)
        await this.deps.customers.nextStepPlanned(logged.interaction);
    } catch (err) {
      ctx.log.warn({ err, task: task.id }, 'next step not planned');
    }
    return {
      task: done,
      outcome,
      ...(planned ? { nextStepDue: planned.due, nextStep: planned } : {}),
    };
  }

  /**
   * Logs the interaction a Done owes (`owed`, recorded on the task with it) on the customer's
   * file, with what the outcome says of the customer (a win-back call's answer, an upgrade
   * intent handled), and takes the debt off. Each step may run again: the interaction is keyed
   * by the task (a second run finds the first one's), the last contact is a `$max`, the answers
   * are set. Its date is the day it happened; `ctx` is the doer's.
   */
  async logDone(
    ctx: Ctx,
    task: TaskRecord,
    owed: InteractionOwed,
  ): Promise<Awaited<ReturnType<CustomerService['logInteraction']>>> {
    const outcome = task.outcome;
    if (!outcome) throw new Error('done task without its outcome');
    const logged = await this.deps.customers.logInteraction(
      ctx,
      task.customerCode,
      {
        type: outcome.interactionType,
        date: owed.date,
        summary: outcome.summary,
        ...(outcome.feedback ? { feedback: outcome.feedback } : {}),
        ...(owed.nextStep ? { nextStep: owed.nextStep } : {}),
        ...(owed.nextStepDate ? { nextStepDate: owed.nextStepDate } : {}),
      },
      'task.complete', // checked by forCompletion
      undefined,
      owed.nextStepApproverId,
      `task:${task.id}`,
    );
    // The churn reason a win-back call found stays on the customer for reports; a call that
    // found they stay clears one an earlier call recorded and the competitor contact on file
    // (the tasks keep each call's answer).
    if (outcome.churnReason)
      await this.deps.customers.recordWinBackAnswer(ctx, task.customerCode, {
        churnReason: outcome.churnReason,
      });
    else if (outcome.staying)
      await this.deps.customers.recordWinBackAnswer(ctx, task.customerCode, { staying: true });
    // An upgrade intent's hand-off done is the intent handled: cleared from the file (the
    // outcome is the interaction just logged).
    if (task.kind === 'upgrade')
      await this.deps.customers.clearUpgradeIntent(ctx, task.customerCode);
    await this.deps.tasks.interactionLogged(ctx.teamId, task.id, owed.at);
    return logged;
  }

  /**
   * A ticket's 3-7-30 follow-up (revisit, guide, check-in) cancelled because its ticket was
   * reopened or merged, when the actor may complete it (as `actionable` asks): its Done modal,
   * opened while it was open, records the call as a late call (logLateCall), not refused.
   * Undefined for any other task (open, done, cancelled otherwise, or not theirs).
   */
  async cancelledWithTicket(ctx: Ctx, taskId: string): Promise<TaskRecord | undefined> {
    assertWorksDesk(ctx);
    const task = await this.deps.tasks.byId(ctx.teamId, taskId);
    if (
      !task ||
      task.status !== 'cancelled' ||
      !task.ticketNumber ||
      !FOLLOW_UP_KINDS.includes(task.kind) ||
      (task.cancelReason !== 'reopened' && task.cancelReason !== 'merged')
    )
      return undefined;
    if (may(ctx.settings, ctx.actor, 'task.complete', { task })) return task;
    const customer = ownersTask(task)
      ? await this.deps.customers.get(ctx, task.customerCode).catch(notFoundAsNull)
      : null;
    return customer && may(ctx.settings, ctx.actor, 'task.complete', { task, customer })
      ? task
      : undefined;
  }

  /**
   * The call of a follow-up cancelled by its ticket's reopen or merge while its Done modal was
   * open (cancelledWithTicket): it happened, so it is logged on the customer as an interaction
   * (domain 3: every interaction recorded), keyed by the task (a second submit logs nothing
   * more), with its dated next step planned as a Done plans it. The task stays cancelled: the
   * resolution it followed up is undone, so it counts in no revisit figure. Returns the summary
   * and feedback logged, for the ticket's note (TaskFlows), and the next step planned.
   */
  async logLateCall(
    ctx: Ctx,
    task: TaskRecord,
    outcome: TaskOutcome,
  ): Promise<{ summary: string; feedback?: string; nextStep?: PlannedNextStep }> {
    this.assertNextStepApprover(ctx, outcome.nextStepDate, outcome.nextStepApproverId);
    const summary = outcome.summary || revisitSummary(ctx.t, task, outcome);
    const logged = await this.deps.customers.logInteraction(
      ctx,
      task.customerCode,
      {
        type: outcome.interactionType,
        date: outcome.doneDate ?? ctx.today,
        summary,
        ...(outcome.feedback ? { feedback: outcome.feedback } : {}),
        ...(outcome.nextStep ? { nextStep: outcome.nextStep } : {}),
        ...(outcome.nextStepDate ? { nextStepDate: outcome.nextStepDate } : {}),
      },
      'task.complete', // checked by cancelledWithTicket
      undefined,
      outcome.nextStepApproverId,
      `task:${task.id}`,
    );
    let nextStep: PlannedNextStep | undefined;
    // A failure leaves the next step owed on the interaction, for the outbox job's repair.
    try {
      nextStep = await this.planNextStep(
        ctx,
        logged.customer,
        logged.interaction,
        outcome.nextStepApproverId,
      );
      if (logged.interaction.nextStepOwed)
        await this.deps.customers.nextStepPlanned(logged.interaction);
    } catch (err) {
      ctx.log.warn({ err, task: task.id }, 'late call: next step not planned');
    }
    return {
      summary,
      ...(outcome.feedback ? { feedback: outcome.feedback } : {}),
      ...(nextStep ? { nextStep } : {}),
    };
  }

  /** Tasks across workspaces done at or before `before` whose interaction is still owed. */
  interactionsOwed(before: Date, limit: number) {
    return this.deps.tasks.interactionsOwed(before, limit);
  }

  /** The interaction `owed` by the task's Done is owed no more (logged, or nowhere to log it). */
  interactionLogged(ctx: Pick<Ctx, 'teamId'>, task: TaskRecord, owed: InteractionOwed) {
    return this.deps.tasks.interactionLogged(ctx.teamId, task.id, owed.at);
  }

  /**
   * Who owns the task's customer now, when that gives them a say on it (`ownersTask`, as
   * `actionable` checks it): the DMs of the task's changes offer them the buttons they may use.
   * Undefined for any other task (nothing read).
   */
  async customersOwner(ctx: Ctx, task: TaskRecord): Promise<string | undefined> {
    if (!ownersTask(task)) return undefined;
    const customer = await this.deps.customers.get(ctx, task.customerCode).catch(notFoundAsNull);
    return customer?.ownerId;
  }

  /** A task of the workspace by its id, as stored (no permission asked: the desk's own reads). */
  async byId(ctx: Pick<Ctx, 'teamId'>, id: string): Promise<TaskRecord | undefined> {
    return (await this.deps.tasks.byId(ctx.teamId, id)) ?? undefined;
  }

  /** Tasks of the workspace by their ids, as stored (one read; no permission asked, as byId). */
  byIds(ctx: Pick<Ctx, 'teamId'>, ids: string[]): Promise<TaskRecord[]> {
    return this.deps.tasks.byIds(ctx.teamId, [...new Set(ids)]);
  }

  /**
   * Tasks across workspaces owing a DM of a change made at or before `before`, with those DMs
   * (the outbox job's repair).
   */
  noticesOwed(before: Date, limit: number) {
    return this.deps.tasks.noticesOwed(before, limit);
  }

  /** The DMs `notices` of the task are in the outbox: owed no more. */
  noticesWritten(ctx: Pick<Ctx, 'teamId'>, task: TaskRecord, notices: TaskNotice[]) {
    return this.deps.tasks.noticesWritten(ctx.teamId, task.id, notices);
  }

  /** Tasks the digest reads: due in the week (or moved from a day of it), done or moved in it. */
  forDigest(ctx: Ctx, window: { from: Date; to: Date; fromDate: string; toDate: string }) {
    return this.deps.tasks.forDigest(ctx.teamId, window);
  }
}
