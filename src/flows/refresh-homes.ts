import type { Ctx } from '../context.js';
import type { CustomerRecord } from '../customer/types.js';
import type { HomeNotifier } from '../notify/home.js';
import type { OutboxWorker } from '../notify/outbox.js';
import type { TaskService } from '../task/service.js';
import type { TicketService } from '../ticket/service.js';

/**
 * The Homes a saved change shows on, refreshed after it: written to the outbox and its worker
 * woken. Never fails the change it follows: a failure is logged (the Home shows the change at
 * its next refresh or open).
 */
export async function refreshHomesAfter(
  notify: { homes: Pick<HomeNotifier, 'refresh'>; outbox: Pick<OutboxWorker, 'kick'> },
  ctx: Pick<Ctx, 'teamId' | 'now' | 'settings' | 'log'>,
  userIds: Iterable<string>,
): Promise<void> {
  await notify.homes
    .refresh(ctx, userIds)
    .then(() => notify.outbox.kick())
    .catch((err: unknown) => ctx.log.warn({ err }, 'home refresh not written'));
}

/**
 * The people whose App Home shows the customer (its name, or what it lists of it): its owner
 * (customers with signals, churn risk, its tickets nobody holds), who does or signs off its open
 * tasks, who holds its open tickets or is waited on by one, and while it has open tickets the
 * managers and admins (the team queue). Redrawn when what they show of it changes (an erasure,
 * Edit customer).
 */
export async function homesShowingCustomer(
  deps: {
    tickets: Pick<TicketService, 'openPeopleOf'>;
    tasks: Pick<TaskService, 'openPeopleOf'>;
  },
  ctx: Pick<Ctx, 'teamId' | 'settings'>,
  customer: Pick<CustomerRecord, 'id' | 'ownerId'>,
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
    customer.ownerId,
    ...tasks,
    ...tickets.people,
    ...(tickets.open ? [...ctx.settings.managers, ...ctx.settings.admins] : []),
  ]);
}
