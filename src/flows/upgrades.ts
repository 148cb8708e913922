import type { Ctx } from '../context.js';
import { notFoundAsNull } from '../errors.js';
import type { Logger } from '../logger.js';
import type { CustomerService } from '../customer/service.js';
import type { CustomerRecord } from '../customer/types.js';
import type { Notifiers } from '../notify/index.js';
import { holdsNoRole } from '../permissions.js';
import type { TaskService } from '../task/service.js';
import type { TaskNotice, TaskRecord } from '../task/types.js';
import type { TicketService } from '../ticket/service.js';
import type { TicketEvent } from '../ticket/types.js';
import type { WorkspaceService } from '../workspace/service.js';
import { ownerExecutor, ownersManagers } from '../workspace/types.js';
import { repairOwed } from './owed.js';
import { refreshHomesAfter } from './refresh-homes.js';
import { tellOwed } from './task-notices.js';

/**
 * How long an upgrade intent's hand-off is its own request's (still running, maybe) before the
 * outbox job's repair makes it: as the notices' repair waits (NOTICES_REPAIR_MS).
 */
const UPGRADE_REPAIR_MS = 2 * 60_000;

/** An upgrade intent recorded: the customer as it left it, its hand-off task and who was told. */
export interface UpgradeHandOff {
  customer: CustomerRecord;
  what: string;
  task: TaskRecord;
  /** Whether the task was planned now (none was open). */
  created: boolean;
  owed?: TaskNotice;
  /** The managers told, when the owner holds no desk role. */
  managers: string[];
}

/**
 * An upgrade intent saved with what it was heard in (an interaction logged, a ticket resolved),
 * in that record's one write, its hand-off owed there until `handed` takes the mark off: `by`
 * heard it at `at` (desk time).
 */
export interface OwedUpgrade {
  what: string;
  by: string;
  at: Date;
  handed: () => Promise<void>;
}

/** An intent the repair hands off: its workspace, customer, log reference and hand-off. */
interface OwedIntent {
  teamId: string;
  customerId: string;
  ref: string;
  owed: OwedUpgrade;
}

/**
 * The hand-off of an upgrade intent to sales (domain 3, normal tier): the intent on the
 * customer's file and a task for its owner, made by the request that heard it, else by the
 * outbox job's repair (`repair`), once.
 */
export class UpgradeFlows {
  constructor(
    private readonly deps: {
      customers: CustomerService;
      tasks: TaskService;
      tickets: TicketService;
      workspaces: WorkspaceService;
      notify: Pick<Notifiers, 'tasks' | 'homes' | 'outbox'>;
    },
  ) {}

  /**
   * The hand-off and its DMs, after the request's ack, never failing it: a failure leaves it
   * owed, to the repair. Undefined when nothing was handed off now.
   */
  async handOffAfterAck(
    ctx: Ctx,
    /** The customer as the request left it, or its id (read here). */
    customer: CustomerRecord | string,
    owed: OwedUpgrade,
  ): Promise<UpgradeHandOff | undefined> {
    try {
      const current =
        typeof customer === 'string' ? await this.deps.customers.byId(ctx, customer) : customer;
      const upgrade = await this.handOff(ctx, current, owed);
      if (upgrade) await this.tell(ctx, upgrade);
      return upgrade;
    } catch (err) {
      ctx.log.warn({ err }, 'upgrade intent not handed off yet');
      return undefined;
    }
  }

  /**
   * Puts the intent on the customer's file (logged in its History; a newer one there stays) and
   * hands it to its owner as a task (none while one is open), then owes it no more. An owner who
   * holds no desk role any more cannot take it: the owner's managers are (told as of a late
   * file), the first of them gets the task. The task is planned last, so for a repair one
   * planned since the intent was heard says the rest was made (a crash between the task and the
   * mark makes nothing twice, nor puts back an intent its Done cleared).
   */
  private async handOff(
    ctx: Ctx,
    logged: CustomerRecord,
    owed: OwedUpgrade,
    partOf?: 'repair',
  ): Promise<UpgradeHandOff | undefined> {
    const { what, by, at } = owed;
    let upgrade: UpgradeHandOff | undefined;
    if (!(partOf && (await this.deps.tasks.upgradePlannedSince(ctx, logged.id, at)))) {
      const customer = await this.deps.customers.recordUpgradeIntent(
        ctx,
        logged,
        { what, by, at },
        partOf,
      );
      // A newer intent on file is its own record's to hand off.
      if (customer.upgradeIntent?.at.getTime() === at.getTime()) {
        const managers = holdsNoRole(ctx.settings, customer.ownerId)
          ? ownersManagers(ctx.settings, customer.ownerId)
          : [];
        // A guest owner (holding no role) with no manager: the first admin (ownerExecutor).
        const assignee = managers[0] ?? ownerExecutor(ctx.settings, customer).assigneeId;
        const planned = await this.deps.tasks.planUpgradeIntent(
          ctx,
          customer,
          what,
          assignee,
          managers,
        );
        if (planned) upgrade = { customer, what, managers, ...planned };
      }
    }
    await owed.handed();
    return upgrade;
  }

  /**
   * The DMs of an upgrade intent's hand-off, once, when its task was planned: its executor's
   * "task planned for you", and for an owner without a desk role each of the owner's managers'
   * signal line (owed on the task since its insert: a failure here leaves them to the repair);
   * the executor's Home lists it.
   */
  private async tell(ctx: Ctx, upgrade: UpgradeHandOff): Promise<void> {
    if (!upgrade.created) return;
    if (upgrade.owed) await tellOwed(this.deps, ctx, upgrade.task, upgrade.owed);
    await refreshHomesAfter(this.deps.notify, ctx, [upgrade.task.assigneeId]);
  }

  /**
   * Upgrade intents saved with their interaction or their ticket's resolution whose hand-off was
   * never made (the process died right after the save, or a write failed), across workspaces,
   * two minutes on: made now, in the name of who heard the intent, as its request would have.
   * Nothing twice however often it runs. Counts the intents handed off.
   */
  async repair(now: Date, log: Logger, limit = 100): Promise<{ repaired: number }> {
    const repaired = await repairOwed(
      this.deps.workspaces,
      { now, log, limit, waitMs: UPGRADE_REPAIR_MS },
      {
        owed: (before, max) => this.upgradesOwed(before, max),
        of: ({ teamId, ref, owed: one }) => ({ teamId, actor: one.by, ref: { ref } }),
        repair: async (ctx, { customerId, owed: one }) => {
          const customer = await this.deps.customers.byId(ctx, customerId).catch(notFoundAsNull);
          // Its customer erased meanwhile: nobody to hand it to.
          if (!customer) await one.handed();
          const upgrade = customer && (await this.handOff(ctx, customer, one, 'repair'));
          if (upgrade) await this.tell(ctx, upgrade);
          return true;
        },
        repaired: 'upgrade intent handed off by the repair',
        failed: 'upgrade intent repair failed',
      },
    );
    return { repaired };
  }

  /**
   * The intents owed since `before` or earlier, across workspaces, oldest first: the
   * interactions' (`limit` at most), then the tickets' resolutions' (as many).
   */
  private async upgradesOwed(before: Date, limit: number): Promise<OwedIntent[]> {
    const owed: OwedIntent[] = [];
    for (const i of await this.deps.customers.upgradesOwed(before, limit))
      owed.push({
        teamId: i.teamId,
        customerId: i.customerId,
        ref: `interaction ${i.id}`,
        owed: {
          what: i.upgradeWhat!,
          by: i.by,
          at: i.upgradeOwed!,
          handed: () => this.deps.customers.upgradeHanded(i),
        },
      });
    for (const t of await this.deps.tickets.upgradesOwed(before, limit))
      owed.push({
        teamId: t.teamId,
        customerId: t.customerId,
        ref: `ticket ${t.number}`,
        owed: {
          what: t.upgradeWhat!,
          // Who resolved it then (the resolution's own event).
          by:
            t.timeline.find(
              (e: TicketEvent) =>
                e.action === 'resolve' && e.at.getTime() === t.upgradeOwed!.getTime(),
            )?.by ?? t.assigneeId!,
          at: t.upgradeOwed!,
          handed: () => this.deps.tickets.upgradeHanded(t),
        },
      });
    return owed;
  }
}
