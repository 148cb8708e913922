import type { Ctx } from '../context.js';
import type { CustomerRecord } from '../customer/types.js';
import type { HomeNotifier } from '../notify/home.js';
import type { OutboxWorker } from '../notify/outbox.js';
import type { TaskService } from '../task/service.js';
import type { TicketService } from '../ticket/service.js';
import { ownerExecutor } from '../workspace/types.js';

/**
 * The Homes a saved change shows on, refreshed after it: written to the outbox and its worker
 * woken. Never fails the change it follows: a failure is logged (the Home shows the change at
 * its next refresh or open). Whether they were written.
 */
export async function refreshHomesAfter(
  notify: { homes: Pick<HomeNotifier, 'refresh'>; outbox: Pick<OutboxWorker, 'kick'> },
  ctx: Pick<Ctx, 'teamId' | 'now' | 'settings' | 'log'>,
  userIds: Iterable<string>,
): Promise<boolean> {
  return notify.homes
    .refresh(ctx, userIds)
    .then(() => {
      notify.outbox.kick();
      return true;
    })
    .catch((err: unknown) => {
      ctx.log.warn({ err }, 'home refresh not written');
      return false;
    });
}

/**
 * Whose Home lists the customer as its owner's (customers with signals, churn risk): its owner,
 * and for a guest owner (`ownerGuest`) whom `ownerExecutor` names in their place, whose Home lists
 * a guest's customer with signals as theirs (the guest reads no desk).
 */
export function ownersHomes(
  settings: Parameters<typeof ownerExecutor>[0],
  customer: Pick<CustomerRecord, 'ownerId' | 'ownerGuest'>,
): string[] {
  const { assigneeId } = ownerExecutor(settings, customer);
  return assigneeId === customer.ownerId ? [customer.ownerId] : [customer.ownerId, assigneeId];
}

/**
 * The people whose App Home shows the customer (its name, or what it lists of it): its owner
 * and a guest owner's stand-in (`ownersHomes`: customers with signals, churn risk, its tickets
 * nobody holds), who does, helps with or signs
 * off its open tasks, who holds its open tickets or is waited on by one, and while it has open
 * tickets the managers and admins (the team queue). Redrawn when what they show of it changes
 * (an erasure, Edit customer).
 */
export async function homesShowingCustomer(
  deps: {
    tickets: Pick<TicketService, 'openPeopleOf'>;
    tasks: Pick<TaskService, 'openPeopleOf'>;
  },
  ctx: Pick<Ctx, 'teamId' | 'settings'>,
  customer: Pick<CustomerRecord, 'id' | 'ownerId' | 'ownerGuest'>,
  /**
   * Without its tickets' people: a change its tickets do not show (they keep the name they were
   * filed under).
   */
  options: { tickets?: boolean } = {},
): Promise<Set<string>> {
  const none = { people: [] as string[], open: false };
  const [tickets, tasks] = await Promise.all([
    options.tickets === false ? none : deps.tickets.openPeopleOf(ctx, customer.id),
    deps.tasks.openPeopleOf(ctx, customer.id),
  ]);
  return new Set([
    ...ownersHomes(ctx.settings, customer),
    ...tasks,
    ...tickets.people,
    ...(tickets.open ? [...ctx.settings.managers, ...ctx.settings.admins] : []),
  ]);
}

/**
 * Whether a customer's change shows on its open tasks' rows: its name, or a contact's (a row's
 * "prefers" line). Its tickets' rows keep the name each was filed under.
 */
export function shownOnTasks(changes: readonly { field: string }[]): boolean {
  return changes.some((c) => c.field === 'name' || c.field.startsWith('contact'));
}

/**
 * The Homes that show customers changed, gathered and written to the outbox once, at the end:
 * one refresh per person however many of the changed customers they show (a 1,000-row CSV import
 * of one owner's customers writes one for that owner, not 1,000). Edit customer's rule for each
 * customer: its owner's Home (and a guest owner's stand-in's: `ownersHomes`) after any change
 * (customers with signals, churn risk); after one
 * its open tasks show (`shownOnTasks`), also those of who does or signs off them
 * (`homesShowingCustomer` without its tickets' people), read once per customer.
 */
export class HomeRedraws {
  private readonly people = new Set<string>();
  private readonly tasksRead = new Set<string>();

  constructor(private readonly deps: Parameters<typeof homesShowingCustomer>[0]) {}

  /** These people's Homes too (a change of owner's old and new owner). */
  add(userIds: Iterable<string>): void {
    for (const id of userIds) this.people.add(id);
  }

  /**
   * A customer changed (as stored after the change); `onTasks`: the change shows on its open
   * tasks' rows. Never fails: a read that fails is logged and its owner's Home is still drawn.
   */
  async changed(
    ctx: Pick<Ctx, 'teamId' | 'settings' | 'log'>,
    customer: Pick<CustomerRecord, 'id' | 'ownerId' | 'ownerGuest' | 'code'>,
    onTasks: boolean,
  ): Promise<void> {
    this.add(ownersHomes(ctx.settings, customer));
    if (!onTasks || this.tasksRead.has(customer.id)) return;
    this.tasksRead.add(customer.id);
    try {
      this.add(await homesShowingCustomer(this.deps, ctx, customer, { tickets: false }));
    } catch (err) {
      ctx.log.warn({ err, code: customer.code }, 'customer changed: its Homes not read');
    }
  }

  /** The Homes gathered so far written to the outbox (`refreshHomesAfter`), and forgotten. */
  async flush(
    notify: Parameters<typeof refreshHomesAfter>[0],
    ctx: Pick<Ctx, 'teamId' | 'now' | 'settings' | 'log'>,
  ): Promise<void> {
    if (!this.people.size) return;
    const people = [...this.people];
    this.people.clear();
    await refreshHomesAfter(notify, ctx, people);
  }
}
