import type { Ctx } from '../src/context.js';
import type { Message } from '../src/ui/blocks.js';
import { APPROVE_ROWS, MINE_PAGE_SIZE, myTasks } from '../src/ui/task.js';
import type { HandlerDeps } from './deps.js';

/**
 * A page of `/task mine` for the caller: their open tasks from `offset` (a page past the end,
 * after tasks were done meanwhile, shows the last one), each ticket's number linked to its card
 * as the reminders link it. The first page ends with the open tasks the caller signs off.
 */
export async function myTasksPage(deps: HandlerDeps, ctx: Ctx, offset = 0): Promise<Message> {
  const page = await deps.services.tasks.openFor(ctx, ctx.actor, MINE_PAGE_SIZE, offset);
  const last = Math.max(0, Math.floor((page.total - 1) / MINE_PAGE_SIZE) * MINE_PAGE_SIZE);
  const shown =
    offset > last && page.total
      ? {
          ...(await deps.services.tasks.openFor(ctx, ctx.actor, MINE_PAGE_SIZE, last)),
          offset: last,
        }
      : { ...page, offset };
  const approve =
    shown.offset === 0
      ? await deps.services.tasks.toApproveFor(ctx, ctx.actor, APPROVE_ROWS)
      : { items: [], total: 0 };
  const ticketIds = [
    ...new Set(
      [...shown.items, ...approve.items].flatMap((task) => (task.ticketId ? [task.ticketId] : [])),
    ),
  ];
  const tickets = ticketIds.length ? await deps.services.tickets.byIds(ctx, ticketIds) : [];
  const links = new Map(
    tickets.flatMap((k) => (k.card.permalink ? [[k.id, k.card.permalink] as const] : [])),
  );
  // Each row (and each to approve) says how its customer's primary contact wants to be reached.
  const [items = [], approving = []] = await deps.services.tasks.withReachEach(ctx, [
    shown.items,
    approve.items,
  ]);
  return myTasks(ctx.t, { ...shown, items }, ctx.today, links, { ...approve, items: approving });
}
