import { AppError } from '../errors.js';
import { isManager, type CustomerService } from '../customer/service.js';
import type { CustomerRecord } from '../customer/repository.js';
import { optsOut } from '../customer/rules.js';
import type { TicketRecord, TicketRepository } from '../ticket/repository.js';
import { localDate } from '../time.js';
import type { WorkspaceService } from '../workspace/service.js';
import type { TaskOutcome, TaskRecord, TaskRepository } from './repository.js';
import {
  FOLLOW_UP_KINDS,
  REMINDER_LEAD_DAYS,
  WINBACK_DAYS,
  addDaysToDate,
  careDueDate,
  followUpPlan,
  reminderOwed,
} from './rules.js';

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
      tickets: TicketRepository;
      customers: CustomerService;
      workspaces: WorkspaceService;
    },
  ) {}

  /**
   * Plans the follow-ups of a resolution (the ticket as resolved) and cancels those of an
   * earlier resolution still open. Returns how many it created (0 when they existed).
   */
  async planFollowUps(ticket: TicketRecord, now: Date): Promise<number> {
    if (!ticket.resolvedAt) return 0;
    const settings = await this.deps.workspaces.settings(ticket.teamId);
    const cycle = ticket.metrics.reopenCount;
    await this.cancelFollowUps(ticket, now, (task) => (task.cycle ?? 0) < cycle);
    let created = 0;
    const resolvedDate = localDate(ticket.resolvedAt, settings.timeZone);
    for (const step of followUpPlan(settings.revisitDays, resolvedDate)) {
      const executor =
        step.kind === 'checkin'
          ? ticket.accountManagerId
          : (ticket.assigneeId ?? ticket.accountManagerId);
      const inserted = await this.deps.tasks.insertOnce(
        {
          id: `${ticket.teamId}:followup:${ticket.number}:${cycle}:${step.day}`,
          teamId: ticket.teamId,
          kind: step.kind,
          customerId: ticket.customerId,
          customerCode: ticket.customerCode,
          customerName: ticket.customerName,
          ticketId: ticket.id,
          ticketNumber: ticket.number,
          cycle,
          assigneeId: executor,
          ...(ticket.assigneeId ? { agentId: ticket.assigneeId } : {}),
          dueDate: step.dueDate,
        },
        now,
      );
      if (inserted) created++;
    }
    return created;
  }

  /** A reopened ticket is not solved: its open follow-ups are cancelled. */
  async cancelFollowUps(
    ticket: TicketRecord,
    now: Date,
    which: (task: TaskRecord) => boolean = () => true,
  ): Promise<number> {
    let cancelled = 0;
    for (const task of await this.deps.tasks.openForTicket(ticket.teamId, ticket.id)) {
      if (!FOLLOW_UP_KINDS.includes(task.kind) || !which(task)) continue;
      if (await this.deps.tasks.cancel(ticket.teamId, task.id, 'reopened', now)) cancelled++;
    }
    return cancelled;
  }

  /**
   * What the daily run repairs: follow-ups of recent resolutions that were not planned (the app
   * stopped between saving the resolution and planning) and follow-ups of reopened tickets still
   * open. Idempotent.
   */
  async reconcileFollowUps(
    teamId: string,
    now: Date,
  ): Promise<{ planned: number; cancelled: number }> {
    let planned = 0;
    let cancelled = 0;
    const since = new Date(now.getTime() - REPAIR_DAYS * 86_400_000);
    for (const ticket of await this.deps.tickets.resolvedSince(teamId, since)) {
      planned += await this.planFollowUps(ticket, now);
    }
    const open = (await this.deps.tasks.allOpen(teamId)).filter(
      (task) => task.ticketId && FOLLOW_UP_KINDS.includes(task.kind),
    );
    const tickets = await this.deps.tickets.byIds(teamId, [
      ...new Set(open.map((t) => t.ticketId!)),
    ]);
    const byId = new Map(tickets.map((t) => [t.id, t]));
    for (const task of open) {
      const ticket = byId.get(task.ticketId!);
      const reopened =
        ticket && ticket.metrics.reopenCount > (task.cycle ?? 0) && !ticket.resolvedAt;
      if (reopened && (await this.deps.tasks.cancel(teamId, task.id, 'reopened', now))) cancelled++;
    }
    return { planned, cancelled };
  }

  /**
   * Care contacts on the tier's cadence (strategic monthly, key quarterly, normal half-yearly
   * by default), counted from the last interaction: a task is planned when its due date is
   * within the reminder lead, unless every contact opted out of care. An open care task is
   * cancelled when the customer was contacted another way since it was planned.
   */
  async planCare(
    teamId: string,
    now: Date,
  ): Promise<{ created: number; superseded: number; reassigned: number }> {
    const settings = await this.deps.workspaces.settings(teamId);
    const today = localDate(now, settings.timeZone);
    let created = 0;
    let superseded = 0;
    let reassigned = 0;
    // One read of the open tasks, not one query per customer.
    const openByCustomer = new Map<string, TaskRecord[]>();
    for (const task of await this.deps.tasks.allOpen(teamId))
      openByCustomer.set(task.customerId, [...(openByCustomer.get(task.customerId) ?? []), task]);
    for (const customer of await this.deps.customers.all(teamId)) {
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
        else if (await this.deps.tasks.cancel(teamId, task.id, 'contacted', now)) superseded++;
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
        now,
      );
      if (inserted) created++;
    }
    return { created, superseded, reassigned };
  }

  /**
   * A win-back call for a customer at risk of churning, once per `episode` (what the risk was
   * found on, e.g. the last activity date), so a retried signal plans it once.
   */
  async planWinBack(
    customer: CustomerRecord,
    episode: string,
    today: string,
    now: Date,
  ): Promise<boolean> {
    return this.deps.tasks.insertOnce(
      {
        ...this.customerTask(customer, 'winback', addDaysToDate(today, WINBACK_DAYS)),
        id: `${customer.teamId}:winback:${customer.id}:${episode}`,
      },
      now,
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

  /** Open tasks owed a reminder today, with which one. */
  async remindersOwed(
    teamId: string,
    today: string,
  ): Promise<{ task: TaskRecord; which: 'early' | 'due' }[]> {
    const horizon = addDaysToDate(today, REMINDER_LEAD_DAYS);
    const owed: { task: TaskRecord; which: 'early' | 'due' }[] = [];
    for (const task of await this.deps.tasks.openDueBy(teamId, horizon)) {
      const which = reminderOwed(task, today);
      if (which) owed.push({ task, which });
    }
    return owed;
  }

  /** Records that a reminder went out; false when another run sent it first. */
  markReminded(teamId: string, taskId: string, which: 'early' | 'due', now: Date) {
    return this.deps.tasks.markReminder(teamId, taskId, which, now);
  }

  /** Takes the marks back when the reminder could not be delivered. */
  async unmarkReminded(teamId: string, taskId: string, at: Date): Promise<void> {
    await this.deps.tasks.unmarkReminder(teamId, taskId, 'early', at);
    await this.deps.tasks.unmarkReminder(teamId, taskId, 'due', at);
  }

  /** Open tasks past their due date, oldest first. */
  async overdue(teamId: string, today: string): Promise<TaskRecord[]> {
    return this.deps.tasks.openDueBy(teamId, addDaysToDate(today, -1));
  }

  /** The task for its Done modal, when `userId` may complete it (executor, manager, admin). */
  async forCompletion(teamId: string, taskId: string, userId: string): Promise<TaskRecord> {
    const task = await this.deps.tasks.byId(teamId, taskId);
    if (!task) throw new AppError('NOT_FOUND', 'task.error.notFound');
    const settings = await this.deps.workspaces.settings(teamId);
    const mayComplete =
      task.assigneeId === userId ||
      isManager(settings, userId) ||
      // The customer changed hands since the task was planned: the new owner may do it.
      (OWNER_KINDS.has(task.kind) &&
        (await this.deps.customers.get(teamId, task.customerCode).catch(() => null))?.ownerId ===
          userId);
    if (!mayComplete)
      throw new AppError('FORBIDDEN', 'task.error.forbidden', { user: task.assigneeId });
    if (task.status !== 'open')
      throw new AppError('INVALID_INPUT', `task.error.${task.status}`, { user: task.doneBy ?? '' });
    return task;
  }

  /**
   * Records a task's outcome: the task is closed once (a second submit is told it is done), the
   * contact is logged as an interaction on the customer, and satisfaction and NPS stay on the
   * task for the digest.
   */
  async complete(
    teamId: string,
    taskId: string,
    outcome: TaskOutcome,
    actor: string,
    now: Date,
    summaryFallback: (task: TaskRecord) => string,
  ): Promise<TaskRecord> {
    const task = await this.forCompletion(teamId, taskId, actor);
    const settings = await this.deps.workspaces.settings(teamId);
    const date = localDate(now, settings.timeZone);
    const summary = outcome.summary || summaryFallback(task);
    const done = await this.deps.tasks.complete(teamId, taskId, {
      outcome: { ...outcome, summary },
      by: actor,
      at: now,
      date,
    });
    if (!done) return this.forCompletion(teamId, taskId, actor); // throws: done meanwhile
    try {
      await this.deps.customers.logInteraction(
        teamId,
        task.customerCode,
        {
          type: outcome.interactionType,
          date,
          summary,
          ...(outcome.feedback ? { feedback: outcome.feedback } : {}),
        },
        actor,
        now,
      );
    } catch (err) {
      // Not half done: the task is open again, so saving the modal again records both.
      await this.deps.tasks.undoComplete(teamId, taskId, now);
      throw err;
    }
    return done;
  }

  /** Whether a task done on `doneDate` was on time. */
  static onTime(task: Pick<TaskRecord, 'dueDate' | 'doneDate'>): boolean {
    return !!task.doneDate && task.doneDate <= task.dueDate;
  }
}
