import type { Clock, Ticker } from '../clock.js';
import { makeCtx, type Ctx } from '../context.js';
import type { Logger } from '../logger.js';
import type { CustomerService } from '../customer/service.js';
import type { CustomerRecord, CustomerRef } from '../customer/types.js';
import { AppError, classifyError, FieldErrors, newErrorRef } from '../errors.js';
import type { Notifiers } from '../notify/index.js';
import type { HandoverCutShort } from '../notify/types.js';
import { assertMay, workspaceRoles } from '../permissions.js';
import { ownersHomes, refreshHomesAfter } from './refresh-homes.js';
import { followCurrentOwner, redrawOwnerCards } from './customers.js';
import type { SlaStatus } from '../sla/business-time.js';
import type { TaskService } from '../task/service.js';
import { editShown } from '../task/form.js';
import { followsOwner, type TaskEditInput, type TaskRecord } from '../task/types.js';
import { pausedReplyStatus } from '../ticket/clock.js';
import { OPEN_STATUSES, type TicketRef } from '../ticket/types.js';
import { ticketTaken, type TicketService } from '../ticket/service.js';
import type { TicketRecord } from '../ticket/types.js';
import {
  HANDOVER_MAX,
  HANDOVER_PARTS,
  ownersManagers,
  staffOnly,
  type HandoverIds,
  type HandoverPart,
  type HandoverResult,
  type HandoverRun,
  type UnfitPerson,
} from '../workspace/types.js';
import type { TaskFlows } from './tasks.js';
import type { TicketFlows } from './tickets.js';

export { HANDOVER_MAX };

/**
 * How long a hand-over's notices (the receiver's DM, the manager's summary) are held, written
 * before its first move, past its last sign of life: still running, it pushes them on (every
 * third of this); cut short (a crash, a deploy), they go out this long after, drawn from what it
 * had moved by then.
 */
export const HANDOVER_HOLD_MS = 5 * 60_000;

export interface HandoverInput {
  from: string;
  to: string;
  parts: readonly HandoverPart[];
}

/**
 * What the leaver holds now, of the parts asked for: the tickets and customers only as a run
 * names and moves them by (it reads each again before moving it), not their timelines or files.
 */
export interface HandoverFound {
  tickets: TicketRef[];
  tasks: TaskRecord[];
  customers: CustomerRef[];
}

/**
 * The refused records one run keeps for its summary, each as its line names it: past these, only
 * counted (`HandoverResult.refusedMore`, "and N more"), so that a leaver's thousands it cannot
 * move hold no more memory. More than the summary's 50 sections show of any but the shortest
 * lines.
 */
export const HANDOVER_REFUSED_KEPT = 1_000;

/**
 * `/desk handover`: a person's open tickets, open tasks (as executor, helper or approver) and
 * customers handed to another, managers only. Each record moves through the path a single move
 * takes (a Reassign, an Edit task, an owner change), by the manager, so each is checked, logged,
 * its card redrawn and its Homes refreshed as one by one. Their DMs to the two people are written
 * withheld (`Ctx.quietTo`): the receiver gets one DM listing everything. Every move is one
 * document's update of a record still held by the leaver: a record moved already (a second run,
 * another instance) is skipped, and a run cut short leaves the rest for the next. At most
 * HANDOVER_MAX of each are done by one run, read on past those it cannot move (`paged`).
 */
export class HandoverFlows {
  constructor(
    private readonly deps: {
      tickets: TicketService;
      tasks: TaskService;
      customers: CustomerService;
      ticketFlows: TicketFlows;
      taskFlows: TaskFlows;
      notify: Pick<Notifiers, 'handover' | 'tickets' | 'homes' | 'outbox'>;
      /** The time as the run goes on (its held notices pushed on while it runs). */
      clock: Clock;
      /**
       * Calls back every third of the hold while a run goes on: its held notices are pushed on
       * even while one move is slow (Slack, the database), not only between moves (for up to a
       * hold without progress: a run stuck longer is taken for cut short).
       */
      every: Ticker;
    },
  ) {}

  /** Refuses (FORBIDDEN, saying why) anyone but a manager (admins hold manager rights). */
  assertMay(ctx: Ctx): void {
    assertMay(ctx, 'team.handover');
  }

  /** What `from` holds now, of `parts`: the open tickets, open tasks and customers. */
  async find(ctx: Ctx, from: string, parts: readonly HandoverPart[]): Promise<HandoverFound> {
    this.assertMay(ctx);
    const [tickets, tasks, customers] = await Promise.all([
      // One past the limit: the summary says when more remain for a next run.
      parts.includes('tickets') ? this.deps.tickets.openOf(ctx, from, HANDOVER_MAX + 1) : [],
      parts.includes('tasks') ? this.deps.tasks.openInvolving(ctx, from, HANDOVER_MAX + 1) : [],
      parts.includes('customers') ? this.deps.customers.ownedBy(ctx, from, HANDOVER_MAX + 1) : [],
    ]);
    return { tickets, tasks, customers };
  }

  /**
   * Moves what `find` found, record by record, and tells the receiver once (one DM through the
   * outbox, keyed by `key`: written again, it goes once). Refusals are collected, not thrown.
   * Undefined, nothing done, when a hand-over keyed `key` was started already (the same form
   * submitted twice: Slack delivering it again): that one moves and tells.
   */
  async run(
    ctx: Ctx,
    input: HandoverInput,
    found: HandoverFound,
    opts: { key: string; unfit?: readonly UnfitPerson[] },
  ): Promise<HandoverResult | undefined> {
    this.assertMay(ctx);
    const { from, to } = input;
    // Before any move: the receiver's DM and the manager's summary, held while this runs. Cut
    // short (a crash, a deploy's stop), they go out drawn from what was moved by then.
    // Written by this run alone (the key is the form's view): a second delivery of the same
    // submission does nothing, the first one tells of everything moved.
    const hold = (now: Date) => new Date(now.getTime() + HANDOVER_HOLD_MS);
    const claimed = await this.deps.notify.handover.hold(
      ctx,
      {
        by: ctx.actor,
        from,
        to,
        parts: [...input.parts],
        ticketIds: found.tickets.slice(0, HANDOVER_MAX).map((x) => x.id),
        taskIds: found.tasks.slice(0, HANDOVER_MAX).map((x) => x.id),
        customerCodes: found.customers.slice(0, HANDOVER_MAX).map((x) => x.code),
      },
      opts.key,
      hold(ctx.now),
    );
    if (!claimed) {
      ctx.log.info({ key: opts.key }, 'hand-over: this form was submitted already, nothing done');
      return undefined;
    }
    // Other runs between the same two (one cut short, within its hold) wait too, from the first
    // move on: drawn meanwhile, they would name what this one moves.
    try {
      await this.deps.notify.handover.keep(ctx, { from, to }, opts.key, ctx.now, hold(ctx.now));
    } catch (err) {
      ctx.log.warn({ err }, 'hand-over: other runs’ held notices not pushed on');
    }
    // Pushed on between moves, and from a timer while one move is slow (a stall past the hold
    // would send them as cut short, mid-run), for up to a hold without progress (`keeping`).
    const { alive, stop } = this.keeping(ctx, input, opts.key, ctx.now);
    try {
      return await this.moves(ctx, input, found, opts, alive);
    } finally {
      stop();
    }
  }

  /**
   * A hand-over's held notices (keyed `key`) pushed on while it goes on, `since` they were last:
   * by `alive`, its sign of progress (at most every third of the hold), and from a timer until
   * `stop`, only while the run made progress within the hold: stuck on one call for a whole hold
   * (the database or Slack never answering), it is taken for cut short, its notices (and those of
   * other runs between the same two it holds back) going out a hold after their last push.
   * `alive` says whether the run is to go on: not when, going on after such a stall, its notices
   * are found gone out (what it would move then no notice would tell: left for a re-run, as the
   * manager's cut-short line says).
   */
  private keeping(
    ctx: Ctx,
    people: Pick<HandoverInput, 'from' | 'to'>,
    key: string,
    since: Date,
  ): { alive: () => Promise<boolean>; stop: () => void } {
    const { from, to } = people;
    let keptAt = since.getTime();
    let progressAt = since.getTime();
    let gone = false;
    const alive = async () => {
      if (gone) return false;
      const now = this.deps.clock.now().getTime();
      const stalled = now - progressAt >= HANDOVER_HOLD_MS;
      progressAt = now;
      // After a stall, asked at once: its notices may have gone out meanwhile.
      if (stalled) keptAt = -Infinity;
      if ((await push()) === false && stalled) {
        ctx.log.warn({ key }, 'hand-over: stalled past its hold, its notices gone out: stopped');
        gone = true;
      }
      return !gone;
    };
    const tick = async () => {
      if (gone || this.deps.clock.now().getTime() - progressAt >= HANDOVER_HOLD_MS) return;
      await push();
    };
    /** Whether its own notices still wait; undefined, not asked (or not known). */
    const push = async (): Promise<boolean | undefined> => {
      const now = this.deps.clock.now();
      if (now.getTime() - keptAt < HANDOVER_HOLD_MS / 3) return undefined;
      keptAt = now.getTime();
      try {
        return await this.deps.notify.handover.keep(
          ctx,
          { from, to },
          key,
          now,
          new Date(now.getTime() + HANDOVER_HOLD_MS),
        );
      } catch (err) {
        ctx.log.warn({ err }, 'hand-over: its held notices not pushed on');
        return undefined;
      }
    };
    return { alive, stop: this.deps.every(HANDOVER_HOLD_MS / 3, tick) };
  }

  /**
   * `run`'s moves, `alive` called before each: not to go on (stalled past its hold, its notices
   * gone out), the rest are left.
   */
  private async moves(
    ctx: Ctx,
    input: HandoverInput,
    found: HandoverFound,
    opts: { key: string; unfit?: readonly UnfitPerson[] },
    alive: () => Promise<boolean>,
  ): Promise<HandoverResult> {
    const { from, to } = input;
    // Each move's own DMs to these two are withheld: the receiver's one DM says it all.
    const quiet: Ctx = Object.freeze({ ...ctx, quietTo: [from, to] });
    const result: HandoverResult = {
      tickets: [],
      tasks: [],
      customers: [],
      withCustomer: [],
      refused: [],
    };
    const refuse = (
      record: Omit<HandoverResult['refused'][number], 'why'>,
      id: string,
      err: unknown,
    ) => {
      const classified = classifyError(err);
      const ref = err instanceof AppError ? '' : newErrorRef();
      if (ref) ctx.log.warn({ err, ref, part: record.part, id }, 'hand-over: a record not moved');
      if (result.refused.length >= HANDOVER_REFUSED_KEPT) {
        result.refusedMore = (result.refusedMore ?? 0) + 1;
        return;
      }
      result.refused.push({
        ...namedOnly(record),
        why: { key: classified.messageKey, params: { ...classified.params, ref } },
      });
    };
    // Each later page of a part named by this run's held notices before its first move: cut
    // short, they tell of it too. Not named (they went out already), the part stops there.
    const name = async (
      more: Partial<Pick<HandoverRun, 'ticketIds' | 'taskIds' | 'customerCodes'>>,
    ) => {
      if (!(await alive())) return false;
      try {
        return await this.deps.notify.handover.extend(ctx, opts.key, this.deps.clock.now(), {
          ticketIds: more.ticketIds ?? [],
          taskIds: more.taskIds ?? [],
          customerCodes: more.customerCodes ?? [],
        });
      } catch (err) {
        ctx.log.warn({ err }, 'hand-over: its held notices not extended, the rest left');
        return false;
      }
    };
    // Found moved already, not by this run (another run between the same two moved it after this
    // one read it, its end's trim before this one's notices named it): they no longer name it, so
    // that, this run cut short, the receiver and the manager are not told of it again (the run
    // that moved it tells). A run's notices name only what it moves itself, or still may.
    const unname = async (
      moved: Partial<Pick<HandoverRun, 'ticketIds' | 'taskIds' | 'customerCodes'>>,
    ) => {
      try {
        await this.deps.notify.handover.unname(ctx, opts.key, this.deps.clock.now(), moved);
      } catch (err) {
        ctx.log.warn({ err }, 'hand-over: what another run moved still named by its held notices');
      }
    };
    // At most HANDOVER_MAX of each done, read on past those refused: found more, the summary
    // says to run it again for the rest.
    const left: HandoverPart[] = [];
    const ticketsLeft = await this.paged(
      ctx,
      found.tickets,
      (ticket) => ticket.id,
      (after, limit) => this.deps.tickets.openOf(ctx, from, limit, after.number),
      (page) => name({ ticketIds: page.map((x) => x.id) }),
      async (ticket) => {
        if (!(await alive())) return false;
        try {
          // Read again: moved meanwhile to the receiver (another run) or closed, it is skipped;
          // claimed or reassigned by someone else, it stays theirs and is said not moved.
          const [now] = await this.deps.tickets.byIds(ctx, [ticket.id]);
          if (now?.assigneeId === to) {
            await unname({ ticketIds: [ticket.id] });
            return true;
          }
          if (!now || !['new', 'assigned', 'waiting'].includes(now.status)) return true;
          if (now.assigneeId !== from) throw ticketTaken(now);
          // Written only while the leaver still holds it (asked of every revision the write is
          // tried on): taken between this read and the write, it is refused, not taken from them.
          const { ticket: moved } = await this.deps.ticketFlows.act(
            quiet,
            now.number,
            { action: 'reassign', to },
            { expectAssignee: from },
          );
          if (moved.assigneeId === to) result.tickets.push(moved);
          return true;
        } catch (err) {
          // Moved to the receiver between this read and the write (another run): as above.
          if (
            err instanceof AppError &&
            err.messageKey === 'handover.error.ticketTaken' &&
            err.params.holder === to
          ) {
            await unname({ ticketIds: [ticket.id] });
            return true;
          }
          refuse({ part: 'tickets', ticket }, ticket.number, err);
          return false;
        }
      },
    );
    if (ticketsLeft) left.push('tickets');
    // An owner's task the leaver does for their customer is the customer's owner's: it goes with
    // the customer to whoever takes it (below), never to the receiver of the tasks alone.
    const follow: TaskRecord[] = [];
    // Whom an owner's task went to besides the receiver (the customer given to someone else
    // meanwhile): their Homes too.
    const others = new Set<string>();
    const tasksLeft = await this.paged(
      ctx,
      found.tasks,
      (task) => task.id,
      (after, limit) =>
        this.deps.tasks.openInvolving(ctx, from, limit, { dueDate: after.dueDate, id: after.id }),
      (page) => name({ taskIds: page.map((x) => x.id) }),
      async (task) => {
        if (!(await alive())) return false;
        if (task.assigneeId === from && followsOwner(task, to)) {
          // Moved with its customer, or said why not: not done by the tasks part.
          follow.push(task);
          return false;
        }
        try {
          const swap = (id: string | undefined) => (id === from ? to : id);
          const input: TaskEditInput = {
            assigneeId: swap(task.assigneeId)!,
            ...(task.helperId ? { helperId: swap(task.helperId)! } : {}),
            ...(task.approverId ? { approverId: swap(task.approverId)! } : {}),
            dueDate: task.dueDate,
            ...(task.content ? { content: task.content } : {}),
            // Only the people are changed from the task as found: whatever else someone changed
            // since is left as they made it.
            shown: editShown(task),
          };
          // The service reads the task again: one moved already changes nothing (no field).
          // Refused by the service too when Slack said the receiver may not do a task.
          const { task: moved, fields } = await this.deps.taskFlows.edit(
            quiet,
            task.id,
            input,
            undefined,
            opts.unfit,
          );
          if (fields.length) result.tasks.push(moved);
          else if (
            [moved.assigneeId, moved.helperId, moved.approverId].includes(to) &&
            ![moved.assigneeId, moved.helperId, moved.approverId].includes(from)
          )
            await unname({ taskIds: [task.id] });
          return true;
        } catch (err) {
          // A person changed since it was found (the modal's wording does not fit here).
          const meanwhile =
            err instanceof FieldErrors &&
            Object.values(err.fields).some((p) => p.key === 'task.error.fieldChangedMeanwhile');
          refuse(
            { part: 'tasks', task },
            task.id,
            meanwhile ? new AppError('INVALID_INPUT', 'task.error.changedMeanwhile') : err,
          );
          return false;
        }
      },
    );
    if (tasksLeft) left.push('tasks');
    const customersLeft = await this.paged(
      ctx,
      found.customers,
      (customer) => customer.code,
      (after, limit) => this.deps.customers.ownedBy(ctx, from, limit, after.code),
      (page) => name({ customerCodes: page.map((x) => x.code) }),
      async (customer) => {
        if (!(await alive())) return false;
        try {
          const {
            customer: moved,
            changes,
            formerGuest,
          } = await this.deps.customers.update(
            quiet,
            customer.code,
            { ownerId: to },
            // Only while the leaver still owns it: given to someone else meanwhile (Edit
            // customer, an import, another hand-over), it stays theirs and is skipped.
            { unfit: opts.unfit ?? [], ownerWas: from },
          );
          if (changes.length && moved.ownerId === to) {
            result.customers.push(moved);
            // A guest owner's: whoever stood in for them listed it as theirs (customers with
            // signals, churn risk) and has their Home drawn again too.
            if (formerGuest)
              for (const id of ownersHomes(quiet.settings, { ownerId: from, ownerGuest: true }))
                others.add(id);
            // Its open complaints' cards name the account manager who is to contact it.
            await redrawOwnerCards(this.deps, quiet, moved.id);
          } else if (moved.ownerId === to) await unname({ customerCodes: [customer.code] });
          if (moved.ownerId === to) await this.withCustomer(quiet, moved, result, others);
          return true;
        } catch (err) {
          refuse({ part: 'customers', customer }, customer.code, err);
          return false;
        }
      },
    );
    if (customersLeft) left.push('customers');
    if (left.length) result.moreLeft = left;
    // The owner's tasks of customers not handed over (Customers not ticked, or refused) stay
    // with the customer's owner: said why.
    const gone = new Set(result.withCustomer);
    const stayed = follow.filter((task) => !gone.has(task.id));
    // Of a customer the leaver does not own, ticking Customers changes nothing: said so.
    // Looked up by the tasks' own customers: however many the leaver owns.
    const owned = stayed.length
      ? await this.deps.customers.ownedAmong(
          ctx,
          from,
          stayed.map((t) => t.customerId),
        )
      : new Set<string>();
    // Customers ticked, one the leaver still owns was not reached (past what one run moves) or
    // was refused (said why): its owner's tasks go with it when a next run moves it. One count,
    // not a line each telling to tick what was ticked.
    const withItLater = input.parts.includes('customers');
    for (const task of stayed) {
      if (withItLater && owned.has(task.customerId)) {
        result.followLeft = (result.followLeft ?? 0) + 1;
        continue;
      }
      if (result.refused.length >= HANDOVER_REFUSED_KEPT) {
        result.refusedMore = (result.refusedMore ?? 0) + 1;
        continue;
      }
      result.refused.push({
        ...namedOnly({ part: 'tasks', task }),
        why: {
          key: owned.has(task.customerId)
            ? 'handover.error.followsCustomer'
            : 'handover.error.followsOtherOwner',
          params: {},
        },
      });
    }
    // Their Homes list the tasks, and the open tickets nobody holds of the customers, that moved.
    if (result.withCustomer.length || result.customers.length)
      await refreshHomesAfter(this.deps.notify, ctx, new Set([from, to, ...others]));
    // L3 escalations go to the customer's owner as "the account manager": told when that is now
    // someone the roles do not make one (Edit customer accepts any owner too).
    if (result.customers.length) {
      const roles = workspaceRoles({ ...ctx.settings, openDesk: false }, to);
      result.ownerWithoutRole = !roles.has('accountManager') && !roles.has('manager');
    }
    // An earlier run between the same two cut short within its hold (a re-run after a crash):
    // its held notices no longer name what this one moved (this run tells of them).
    try {
      await this.deps.notify.handover.settleEarlier(ctx, { from, to }, result, opts.key);
    } catch (err) {
      ctx.log.warn({ err }, 'hand-over: earlier runs’ held notices not settled');
    }
    return result;
  }

  /**
   * One part's records moved (`move`: whether it was done, moved or found moved already; not,
   * refused): `first` as `find` read them (at most HANDOVER_MAX + 1), then, while fewer than
   * HANDOVER_MAX were done and the leaver holds more, the next ones after the last read
   * (`next`, in the read's order): those refused do not count, so a run reads on past them and
   * a re-run is never held up by the same ones. Each later page is named by the run's held
   * notices (`name`) before its first move; not named (gone out already), the part stops there,
   * as it does when the next ones cannot be read (the database failing). Whether the leaver holds
   * (or may hold) more than this run read of it.
   */
  private async paged<T>(
    ctx: Ctx,
    first: readonly T[],
    idOf: (record: T) => string,
    next: (after: T, limit: number) => Promise<T[]>,
    name: (page: readonly T[]) => Promise<boolean>,
    move: (record: T) => Promise<boolean>,
  ): Promise<boolean> {
    let page = first.slice(0, HANDOVER_MAX);
    let more = first.length > HANDOVER_MAX;
    let done = 0;
    // Tried once each: one whose sort key changed since (a task's due date) is not tried again.
    const tried = new Set<string>();
    for (;;) {
      for (const record of page) {
        if (tried.has(idOf(record))) continue;
        tried.add(idOf(record));
        if (await move(record)) done++;
      }
      const last = page.at(-1);
      if (!more || done >= HANDOVER_MAX || last === undefined) return more;
      const want = HANDOVER_MAX - done;
      let read: T[];
      try {
        read = await next(last, want + 1);
      } catch (err) {
        // As when the held notices cannot be extended: what was moved is kept and told of, the
        // summary says more are left for a re-run (not the whole run failed).
        ctx.log.warn({ err }, 'hand-over: its next records not read, the rest left');
        return true;
      }
      page = read.slice(0, want);
      more = read.length > want;
      if (!page.length) return false;
      if (!(await name(page))) return true;
    }
  }

  /**
   * The customer's owner's tasks go with it to its owner as stored when they move (as after
   * Edit customer: `followCurrentOwner`), not to the receiver named: given to someone else
   * meanwhile (Edit customer, whose own move may have run already), they are not handed back to
   * the receiver. Only those the receiver got are theirs in `result`; whom else they went to is
   * added to `others`.
   */
  private async withCustomer(
    ctx: Ctx,
    customer: CustomerRecord,
    result: HandoverResult,
    others: Set<string>,
  ) {
    const people = new Set<string>();
    for (const task of await followCurrentOwner(this.deps, ctx, customer.id, people)) {
      if (task.assigneeId !== customer.ownerId) continue;
      result.tasks.push(task);
      result.withCustomer.push(task.id);
    }
    for (const id of people) if (id !== customer.ownerId) others.add(id);
  }

  /**
   * The outbox job's repair: hand-overs' late notices (what a run stalled past its hold moved
   * after its notices went out) kept as owed but never written (HandoverNotifier.repairLate),
   * written now and sent by the worker. Counts those written.
   */
  async repairLate(now: Date, log: Logger, limit = 100): Promise<{ repaired: number }> {
    const repaired = await this.deps.notify.handover.repairLate(now, log, limit);
    if (repaired) this.deps.notify.outbox.kick();
    return { repaired };
  }

  /**
   * Slack will never deliver to `userId` again (deactivated, removed): when they still hold open
   * tickets, open tasks or customers, their managers (those linked to them, else every manager,
   * or the admins when there is none) are told, by one DM each through the outbox keyed by the
   * person (written again, by another instance or a later failed DM, it goes once). Whether one
   * was written.
   */
  async tellUnreachable(ctx: Ctx, userId: string): Promise<boolean> {
    // One past the limit: more, the DM says "more than HANDOVER_MAX". Counted, no document read.
    const [tickets, tasks, customers] = await Promise.all([
      this.deps.tickets.openCountOf(ctx, userId, HANDOVER_MAX + 1),
      this.deps.tasks.openInvolvingCount(ctx, userId, HANDOVER_MAX + 1),
      this.deps.customers.ownedCount(ctx, userId, HANDOVER_MAX + 1),
    ]);
    if (!tickets && !tasks && !customers) return false;
    // No manager set (a workspace its admins run alone): the admins, who may hand work over too;
    // never one Slack said is of another organisation (`staffOnly`, as `ownersManagers`).
    const managers = ownersManagers(ctx.settings, userId).filter((id) => id !== userId);
    const told = managers.length
      ? managers
      : staffOnly(ctx.settings, ctx.settings.admins).filter((id) => id !== userId);
    if (!told.length) return false;
    return this.deps.notify.handover.unreachable(ctx, userId, { tickets, tasks, customers }, told);
  }

  /**
   * The receiver's one DM (through the outbox, keyed by `key`: written again, it goes once):
   * whose work, by whom, and what. Nothing moved, none. A next reply owed on a ticket waiting on
   * the customer has no stored due time (its clock stands still): the DM says it from the clock
   * as it stands now (paused, with what is left or how late it is).
   */
  async tellReceiver(
    ctx: Ctx,
    input: Pick<HandoverInput, 'from' | 'to'>,
    result: HandoverResult,
    key: string,
  ): Promise<void> {
    await this.deps.notify.handover.deliver(
      ctx,
      await this.receiverWritten(ctx, input, result, key),
    );
  }

  /** As `tellReceiver`, written only: the outbox keys to deliver (none when nothing moved). */
  private async receiverWritten(
    ctx: Ctx,
    input: Pick<HandoverInput, 'from' | 'to'>,
    result: HandoverResult,
    key: string,
  ): Promise<string[]> {
    if (!result.tickets.length && !result.tasks.length && !result.customers.length) {
      await this.deps.notify.handover.nothingReceived(ctx, key);
      return [];
    }
    const paused = pausedReplies(ctx, result.tickets);
    return this.deps.notify.handover.receivedWritten(ctx, {
      people: input,
      result,
      key,
      pausedReplies: paused,
    });
  }

  /**
   * A hand-over run to its end (`run` returned): the receiver's DM written in its held one's
   * place (`tellReceiver`), then the manager's summary in its held one's place
   * (HandoverNotifier.summary, tried twice), its held notices pushed on until both are written: a
   * database slow past the hold would send them as cut short. The receiver's DM is sent only
   * then: Slack slow on it (however long) holds up neither the summary's write nor the manager's
   * summary. Not written (the database failing), the held summary goes out when its hold is
   * over, saying it ran to its end (marked so first, `endReached`): the manager told once.
   * Whether the summary is this run's own (not: the held one tells).
   */
  async tell(
    ctx: Ctx,
    input: Pick<HandoverInput, 'from' | 'to'>,
    result: HandoverResult,
    key: string,
  ): Promise<boolean> {
    const { alive, stop } = this.keeping(ctx, input, key, this.deps.clock.now());
    // Each write at the clock's time, not the request's: a run stalled on a move ends long after
    // its request began. Whether a delivery holds a held notice (settleWaiting), the DM's reply
    // clocks and when a late notice was kept as owed (lateOwedAt) are as of that write.
    const now = () => makeCtx({ ...ctx, now: this.deps.clock.now() });
    let received: string[] = [];
    let own = false;
    try {
      // Marked first, on its own: the database failing on the DM's and the summary's writes, the
      // held summary still says it ran to its end (not that it was stopped).
      try {
        await this.deps.notify.handover.endReached(now(), key);
      } catch (err) {
        ctx.log.warn({ err }, 'hand-over: its held summary not marked as run to its end');
      }
      try {
        received = await this.receiverWritten(now(), input, result, key);
      } catch (err) {
        ctx.log.warn({ err }, 'hand-over: the receiver’s DM not written');
      }
      await alive();
      for (let attempt = 0; attempt < 2; attempt++) {
        try {
          own = await this.summary(now(), input, result, key);
          break;
        } catch (err) {
          ctx.log.warn({ err, attempt }, 'hand-over: its summary not written');
        }
      }
    } finally {
      stop();
    }
    // Its held notices gone out before (taken for cut short, the move it was stuck on landing
    // after): what they did not tell of as moved, told now (HandoverNotifier.late).
    let late: string[] = [];
    if (result.tickets.length || result.tasks.length || result.customers.length) {
      try {
        const at = now();
        const paused = pausedReplies(at, result.tickets);
        late = await this.deps.notify.handover.late(at, {
          people: input,
          result,
          key,
          pausedReplies: paused,
        });
      } catch (err) {
        ctx.log.warn({ err }, 'hand-over: what it moved after its notices went out not told');
      }
    }
    await this.deps.notify.handover.deliver(ctx, [...received, ...late]);
    return own;
  }

  /**
   * The hand-over done: the manager's summary in its held one's place, sent now; not when that
   * went out already (the run taken for cut short: told once). Whether it is this run's own.
   */
  summary(
    ctx: Ctx,
    input: Pick<HandoverInput, 'from' | 'to'>,
    result: HandoverResult,
    key: string,
  ): Promise<boolean> {
    return this.deps.notify.handover.summary(ctx, input, result, key);
  }

  /**
   * A hand-over cut short (its held notices going out), as its records are now: what it moved
   * (the tickets the receiver holds, the tasks now theirs and no longer the leaver's, the
   * customers they own), how many of those it set out to move the leaver still holds, and the
   * moved tickets' paused reply clocks; a summary (its outbox `entry`), whether its run went on
   * to its end all the same (only its own summary not written). Not of the records a later run
   * between the same two set out to move too (both cut short: that one's held notices tell of
   * them, drawn as they are then; the receiver and the manager told once of each). What it tells
   * of as moved is kept on its entry (HandoverNotifier.drawn: its run, going on after all, tells of
   * what it moved besides, `tell`); the worker renders the receiver's DM (none when nothing
   * moved) or the manager's summary.
   */
  async cutShort(
    ctx: Ctx,
    named: HandoverRun,
    entry?: { key: string; seq: number; data?: unknown },
  ): Promise<HandoverCutShort> {
    const run = entry ? await this.deps.notify.handover.notLater(ctx, named, entry) : named;
    let drawn = await this.drawNow(ctx, run);
    // Kept on its entry: its run, going on after all, tells of what it moves besides. Its run
    // found ended meanwhile (HandoverNotifier.late), what that told of by a notice of its own is
    // left out; found so while this drew (not when it was taken), drawn again first: the records
    // as they are now, the run's moves done.
    let toldLate: HandoverIds | undefined;
    if (entry)
      try {
        toldLate = await this.deps.notify.handover.drawn(ctx, entry.key, idsOf(drawn.moved));
        const before = (entry.data as { toldLate?: unknown } | undefined)?.toldLate;
        if (toldLate && !before) {
          drawn = await this.drawNow(ctx, run);
          toldLate = await this.deps.notify.handover.drawn(ctx, entry.key, idsOf(drawn.moved));
        }
      } catch (err) {
        ctx.log.warn({ err }, 'hand-over: what its cut-short notice tells of not kept');
      }
    const { left, more } = drawn;
    const moved = toldLate ? without(drawn.moved, toldLate) : drawn.moved;
    const finished =
      !!run.summary && !!entry && (await this.deps.notify.handover.ranToEnd(ctx, entry.key));
    return {
      moved,
      left,
      more,
      pausedReplies: pausedReplies(ctx, moved.tickets),
      ...(finished ? { finished } : {}),
    };
  }

  /** `cutShort`'s draw: what `run` moved, as its records are now, and what the leaver holds. */
  private async drawNow(
    ctx: Ctx,
    run: HandoverRun,
  ): Promise<Pick<HandoverCutShort, 'moved' | 'left' | 'more'>> {
    const [tickets, tasks, customers] = await Promise.all([
      this.deps.tickets.byIds(ctx, run.ticketIds),
      this.deps.tasks.byIds(ctx, run.taskIds),
      this.deps.customers.getMany(ctx, run.customerCodes),
    ]);
    const open = tickets.filter((x) => OPEN_STATUSES.includes(x.status));
    const openTasks = tasks.filter((x) => x.status === 'open');
    const involves = (task: TaskRecord, id: string) =>
      [task.assigneeId, task.helperId, task.approverId].includes(id);
    const moved = {
      tickets: open.filter((x) => x.assigneeId === run.to),
      tasks: openTasks.filter((x) => involves(x, run.to) && !involves(x, run.from)),
      customers: [...customers.values()].filter((x) => x.ownerId === run.to),
    };
    const still = {
      tickets: open.filter((x) => x.assigneeId === run.from).length,
      tasks: openTasks.filter((x) => involves(x, run.from)).length,
      customers: [...customers.values()].filter((x) => x.ownerId === run.from).length,
    };
    const left = still.tickets + still.tasks + still.customers;
    // Of the parts it was asked to move, the leaver holds more than those it named and holds
    // still (one read past them each): some it never read.
    const held = (part: HandoverPart) => {
      if (!run.parts?.includes(part)) return Promise.resolve(0);
      const limit = still[part] + 1;
      // Counted, no document read (a leaver's thousands of tickets with their timelines).
      return (
        part === 'tickets'
          ? this.deps.tickets.openCountOf(ctx, run.from, limit)
          : part === 'tasks'
            ? this.deps.tasks.openInvolvingCount(ctx, run.from, limit)
            : this.deps.customers.ownedCount(ctx, run.from, limit)
      ).then((n) => n - still[part]);
    };
    const more = (await Promise.all(HANDOVER_PARTS.map(held))).some((n) => n > 0);
    return { moved, left, more };
  }
}

/** The records of `moved`, by id (tickets, tasks) and code (customers). */
function idsOf(moved: HandoverCutShort['moved']): HandoverIds {
  return {
    ticketIds: moved.tickets.map((x) => x.id),
    taskIds: moved.tasks.map((x) => x.id),
    customerCodes: moved.customers.map((x) => x.code),
  };
}

/** `moved` without the records of `told`. */
function without(moved: HandoverCutShort['moved'], told: HandoverIds): HandoverCutShort['moved'] {
  return {
    tickets: moved.tickets.filter((x) => !told.ticketIds.includes(x.id)),
    tasks: moved.tasks.filter((x) => !told.taskIds.includes(x.id)),
    customers: moved.customers.filter((x) => !told.customerCodes.includes(x.code)),
  };
}

/** The moved tickets' paused reply clocks (waiting on the customer), as they stand now. */
function pausedReplies(ctx: Ctx, tickets: readonly TicketRecord[]): Map<string, SlaStatus> {
  const paused = new Map<string, SlaStatus>();
  for (const ticket of tickets) {
    const reply = pausedReplyStatus(ctx.settings, ticket, ctx.now);
    if (reply) paused.set(ticket.id, reply);
  }
  return paused;
}

/**
 * A refused record kept only as the summary's line names it: a run past thousands it cannot move
 * holds no whole ticket (its timeline), task or customer for each.
 */
function namedOnly(
  record: Omit<HandoverResult['refused'][number], 'why'>,
): Omit<HandoverResult['refused'][number], 'why'> {
  const { part, ticket, task, customer } = record;
  return {
    part,
    ...(ticket
      ? {
          ticket: {
            number: ticket.number,
            ...(ticket.card?.permalink ? { card: { permalink: ticket.card.permalink } } : {}),
          },
        }
      : {}),
    ...(task
      ? {
          task: {
            kind: task.kind,
            customerName: task.customerName,
            customerCode: task.customerCode,
            ...(task.ticketId ? { ticketId: task.ticketId } : {}),
            ...(task.ticketNumber ? { ticketNumber: task.ticketNumber } : {}),
          },
        }
      : {}),
    ...(customer ? { customer: { name: customer.name, code: customer.code } } : {}),
  };
}
