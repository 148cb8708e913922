import type { Ctx } from '../context.js';
import { assertMay, may } from '../permissions.js';
import { optsOut } from '../customer/rules.js';
import type { CustomerService } from '../customer/service.js';
import type { CustomerRecord } from '../customer/types.js';
import { AppError, notFoundAsNull } from '../errors.js';
import { groupBy } from '../group.js';
import type { TicketService } from '../ticket/service.js';
import type { TicketRecord } from '../ticket/types.js';
import { addDaysToDate, localDate } from '../time.js';
import type { TaskRepository } from './repository.js';
import {
  REMINDER_LEAD_DAYS,
  WINBACK_DAYS,
  careDueDate,
  followUpPlan,
  reminderOwed,
  revisitSummary,
} from './rules.js';
import { FOLLOW_UP_KINDS, type ReminderKind, type TaskOutcome, type TaskRecord } from './types.js';

/** How far back the daily run repairs follow-up plans: what a crash can have lost, not the
 * history before the desk was installed (that would flood executors with overdue tasks). */
const REPAIR_DAYS = 2;

/** Tasks that belong to the customer's owner (the account manager), whoever it is now. */
const OWNER_KINDS = new Set(['checkin', 'care', 'winback']);

const maxDate = (a: string, b: string) => (a > b ? a : b);

/** The lifecycles that get care contacts: customers, not leads, and not the ones gone. */
const CARED_FOR = new Set(['active', 'churn_warning']);

/**
 * Follow-up and care tasks: the 3-7-30 follow-ups of a resolved ticket, care contacts on the
 * tier's cadence, win-back calls. Every task has a natural key, so planning is idempotent;
 * completing is one conditional update, so a task is done once.
 */
export class TaskService {
  constructor(
    private readonly deps: {
      tasks: TaskRepository;
      tickets: TicketService;
      customers: CustomerService;
    },
  ) {}

  /** A customer's latest done revisits, newest first (its card's service history). */
  doneRevisits(ctx: Pick<Ctx, 'teamId'>, customerId: string, limit = 20): Promise<TaskRecord[]> {
    return this.deps.tasks.doneRevisits(ctx.teamId, customerId, limit);
  }

  /**
   * Plans the follow-ups of a resolution (the ticket as resolved) and cancels those of an
   * earlier resolution still open. Returns how many it created (0 when they existed).
   */
  async planFollowUps(ctx: Ctx, ticket: TicketRecord): Promise<number> {
    if (!ticket.resolvedAt) return 0;
    const cycle = ticket.metrics.reopenCount;
    // Only a ticket reopened before can have follow-ups of an earlier resolution.
    if (cycle > 0) await this.cancelFollowUps(ctx, ticket, (task) => (task.cycle ?? 0) < cycle);
    const resolvedDate = localDate(ticket.resolvedAt, ctx.settings.timeZone);
    const created = await this.deps.tasks.insertAllOnce(
      followUpPlan(ctx.settings.revisitDays, resolvedDate).map((step) => ({
        id: `${ticket.teamId}:followup:${ticket.number}:${cycle}:${step.day}`,
        teamId: ticket.teamId,
        kind: step.kind,
        customerId: ticket.customerId,
        customerCode: ticket.customerCode,
        customerName: ticket.customerName,
        ticketId: ticket.id,
        ticketNumber: ticket.number,
        cycle,
        assigneeId:
          step.kind === 'checkin'
            ? ticket.accountManagerId
            : (ticket.assigneeId ?? ticket.accountManagerId),
        ...(ticket.assigneeId ? { agentId: ticket.assigneeId } : {}),
        dueDate: step.dueDate,
      })),
      ctx.now,
    );
    return created;
  }

  /** A reopened ticket is not solved: its open follow-ups are cancelled. */
  async cancelFollowUps(
    ctx: Ctx,
    ticket: TicketRecord,
    which: (task: TaskRecord) => boolean = () => true,
  ): Promise<number> {
    let cancelled = 0;
    for (const task of await this.deps.tasks.openForTicket(ticket.teamId, ticket.id)) {
      if (!FOLLOW_UP_KINDS.includes(task.kind) || !which(task)) continue;
      if (await this.deps.tasks.cancel(ticket.teamId, task.id, 'reopened', ctx.now)) cancelled++;
    }
    return cancelled;
  }

  /**
   * What the daily run repairs: follow-ups of recent resolutions that were not planned (the app
   * stopped between saving the resolution and planning) and follow-ups of reopened tickets still
   * open. Idempotent.
   */
  async reconcileFollowUps(ctx: Ctx): Promise<{ planned: number; cancelled: number }> {
    let planned = 0;
    let cancelled = 0;
    const since = new Date(ctx.now.getTime() - REPAIR_DAYS * 86_400_000);
    for (const ticket of await this.deps.tickets.resolvedSince(ctx, since)) {
      planned += await this.planFollowUps(ctx, ticket);
    }
    const open = (await this.deps.tasks.allOpen(ctx.teamId)).filter(
      (task) => task.ticketId && FOLLOW_UP_KINDS.includes(task.kind),
    );
    const ticketIds = [...new Set(open.flatMap((t) => (t.ticketId ? [t.ticketId] : [])))];
    const byId = new Map((await this.deps.tickets.byIds(ctx, ticketIds)).map((t) => [t.id, t]));
    for (const task of open) {
      const ticket = task.ticketId ? byId.get(task.ticketId) : undefined;
      const reopened =
        ticket && ticket.metrics.reopenCount > (task.cycle ?? 0) && !ticket.resolvedAt;
      if (reopened && (await this.deps.tasks.cancel(ctx.teamId, task.id, 'reopened', ctx.now)))
        cancelled++;
    }
    return { planned, cancelled };
  }

  /**
   * Care contacts on the tier's cadence (strategic monthly, key quarterly, normal half-yearly
   * by default), counted from the last interaction: a task is planned when its due date is
   * within the reminder lead, unless every contact opted out of care. An open care task is
   * cancelled when the customer was contacted another way since it was planned.
   */
  async planCare(ctx: Ctx): Promise<{ created: number; superseded: number; reassigned: number }> {
    const { teamId, settings, today } = ctx;
    let created = 0;
    let superseded = 0;
    let reassigned = 0;
    // One read of the open tasks, not one query per customer.
    const openByCustomer = groupBy(await this.deps.tasks.allOpen(teamId), (t) => t.customerId);
    for (const customer of await this.deps.customers.all(ctx)) {
      const open = openByCustomer.get(customer.id) ?? [];
      // A new owner takes over the account manager's tasks (and their reminders).
      for (const task of open) {
        if (!OWNER_KINDS.has(task.kind) || task.assigneeId === customer.ownerId) continue;
        if (await this.deps.tasks.reassign(teamId, task.id, task.assigneeId, customer.ownerId))
          reassigned++;
      }
      if (!CARED_FOR.has(customer.lifecycle)) continue;
      let pending = false;
      for (const task of open.filter((t) => t.kind === 'care')) {
        const contacted = customer.lastInteractionAt && customer.lastInteractionAt > task.createdAt;
        if (!contacted) pending = true;
        else if (await this.deps.tasks.cancel(teamId, task.id, 'contacted', ctx.now)) superseded++;
      }
      if (pending) continue;
      if (customer.contacts.length && customer.contacts.every((c) => optsOut(c, 'care'))) continue;
      const last = customer.lastInteractionAt
        ? localDate(customer.lastInteractionAt, settings.timeZone)
        : (customer.cooperationStartDate ?? customer.firstContactDate);
      // Long overdue (a file imported with an old last contact): due today, not late on day one.
      const due = maxDate(careDueDate(last, customer.tier, settings.cadenceDays), today);
      if (due > addDaysToDate(today, REMINDER_LEAD_DAYS)) continue;
      const inserted = await this.deps.tasks.insertOnce(
        { ...this.customerTask(customer, 'care', due), id: `${teamId}:care:${customer.id}:${due}` },
        ctx.now,
      );
      if (inserted) created++;
    }
    return { created, superseded, reassigned };
  }

  /**
   * A win-back call for a customer at risk of churning, once per `episode` (what the risk was
   * found on, e.g. the last activity date), so a retried signal plans it once.
   */
  async planWinBack(ctx: Ctx, customer: CustomerRecord, episode: string): Promise<boolean> {
    return this.deps.tasks.insertOnce(
      {
        ...this.customerTask(customer, 'winback', addDaysToDate(ctx.today, WINBACK_DAYS)),
        id: `${customer.teamId}:winback:${customer.id}:${episode}`,
      },
      ctx.now,
    );
  }

  private customerTask(customer: CustomerRecord, kind: 'care' | 'winback', dueDate: string) {
    return {
      teamId: customer.teamId,
      kind,
      customerId: customer.id,
      customerCode: customer.code,
      customerName: customer.name,
      assigneeId: customer.ownerId,
      dueDate,
    };
  }

  /**
   * The reminders owed today: a task due in three days gets an early one, a task due today (or
   * past due and never reminded on its day) the due one. Oldest due first.
   */
  async owedReminders(ctx: Ctx): Promise<{ task: TaskRecord; which: ReminderKind }[]> {
    const horizon = addDaysToDate(ctx.today, REMINDER_LEAD_DAYS);
    const owed: { task: TaskRecord; which: ReminderKind }[] = [];
    for (const task of await this.deps.tasks.openDueBy(ctx.teamId, horizon)) {
      const which = reminderOwed(task, ctx.today);
      if (which) owed.push({ task, which });
    }
    return owed;
  }

  /** Records a reminder as told (a due one covers the early one too). */
  async markReminded(ctx: Ctx, task: TaskRecord, which: ReminderKind): Promise<void> {
    await this.deps.tasks.markReminder(ctx.teamId, task.id, which, ctx.now);
    if (which === 'due') await this.deps.tasks.markReminder(ctx.teamId, task.id, 'early', ctx.now);
  }

  /** Open tasks past their due date, oldest first. */
  /** `userId`'s open tasks due today or earlier (App Home), oldest due first, and how many. */
  dueFor(ctx: Ctx, userId: string, limit: number) {
    return this.deps.tasks.openForAssigneeDueBy(ctx.teamId, userId, ctx.today, limit);
  }

  async overdue(ctx: Ctx): Promise<TaskRecord[]> {
    return this.deps.tasks.openDueBy(ctx.teamId, addDaysToDate(ctx.today, -1));
  }

  /** The task for its Done modal, when the actor may complete it (executor, manager, admin). */
  async forCompletion(ctx: Ctx, taskId: string): Promise<TaskRecord> {
    const task = await this.deps.tasks.byId(ctx.teamId, taskId);
    if (!task) throw new AppError('NOT_FOUND', 'task.error.notFound');
    // The customer changed hands since the task was planned: the new owner may do it.
    const customer =
      OWNER_KINDS.has(task.kind) && !may(ctx.settings, ctx.actor, 'task.complete', { task })
        ? await this.deps.customers.get(ctx, task.customerCode).catch(notFoundAsNull)
        : null;
    assertMay(ctx, 'task.complete', { task, ...(customer ? { customer } : {}) });
    if (task.status !== 'open')
      throw new AppError('INVALID_INPUT', `task.error.${task.status}`, { user: task.doneBy ?? '' });
    return task;
  }

  /**
   * Records a task's outcome: the task is closed once (a second submit is told it is done), the
   * contact is logged as an interaction on the customer, and satisfaction and NPS stay on the
   * task for the digest. A revisit saved with only its scores is summarised from them.
   * `outcomeOf` reads the outcome for the task (its kind decides what is required) and may
   * refuse it before anything is saved.
   */
  async complete(
    ctx: Ctx,
    taskId: string,
    outcomeOf: (task: TaskRecord) => TaskOutcome | Promise<TaskOutcome>,
  ): Promise<{ task: TaskRecord; outcome: TaskOutcome }> {
    const task = await this.forCompletion(ctx, taskId);
    const outcome = await outcomeOf(task);
    const summary = outcome.summary || revisitSummary(ctx.t, task, outcome);
    const done = await this.deps.tasks.complete(ctx.teamId, task.id, {
      outcome: { ...outcome, summary },
      by: ctx.actor,
      at: ctx.now,
      date: ctx.today,
    });
    if (!done) {
      await this.forCompletion(ctx, task.id); // throws: done or cancelled meanwhile
      throw new AppError('INVALID_INPUT', 'task.error.done', { user: '' });
    }
    try {
      await this.deps.customers.logInteraction(ctx, task.customerCode, {
        type: outcome.interactionType,
        date: ctx.today,
        summary,
        ...(outcome.feedback ? { feedback: outcome.feedback } : {}),
      });
    } catch (err) {
      // Not half done: the task is open again, so saving the modal again records both.
      await this.deps.tasks.undoComplete(ctx.teamId, task.id, ctx.now);
      throw err;
    }
    return { task: done, outcome };
  }

  /** Whether a task done on `doneDate` was on time. */
  static onTime(task: Pick<TaskRecord, 'dueDate' | 'doneDate'>): boolean {
    return !!task.doneDate && task.doneDate <= task.dueDate;
  }

  /** Tasks the digest reads: due in the week or done in it. */
  forDigest(ctx: Ctx, window: { from: Date; to: Date; fromDate: string; toDate: string }) {
    return this.deps.tasks.forDigest(ctx.teamId, window);
  }
}
