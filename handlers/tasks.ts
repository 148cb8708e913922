import type { Ctx } from '../src/context.js';
import { allowed } from '../src/permissions.js';
import type { TaskPageKey } from '../src/task/types.js';
import type { TaskRecord } from '../src/task/types.js';
import type { Message } from '../src/ui/blocks.js';
import type { Mrkdwn } from '../src/ui/text.js';
import {
  APPROVE_ROWS,
  MINE_PAGE_SIZE,
  myTasks,
  tasksToApprove,
  teamTasks,
  type MineList,
} from '../src/ui/task.js';
import type { HandlerDeps } from './deps.js';

/** Where a page is read from: the start, after a row (Next) or before one (Previous). */
export type PageAt = { after?: TaskPageKey; before?: TaskPageKey };

/** The card links of these tasks' tickets (those posted), by ticket id, as the reminders link them. */
async function ticketLinks(deps: HandlerDeps, ctx: Ctx, tasks: TaskRecord[]) {
  const ticketIds = [...new Set(tasks.flatMap((task) => (task.ticketId ? [task.ticketId] : [])))];
  const tickets = ticketIds.length ? await deps.services.tickets.byIds(ctx, ticketIds) : [];
  return new Map(
    tickets.flatMap((k) => (k.card.permalink ? [[k.id, k.card.permalink] as const] : [])),
  );
}

/**
 * A page of `/task mine` for the caller: their open tasks from the start, or after / before the
 * row a page turned from (a task done meanwhile skips none; nothing left after it shows the last
 * page), each ticket's number linked to its card as the reminders link it. The first page ends
 * with the open tasks the caller signs off.
 */
export async function myTasksPage(
  deps: HandlerDeps,
  ctx: Ctx,
  at: PageAt = {},
  notice?: Mrkdwn,
): Promise<Message> {
  const page = await deps.services.tasks.pageFor(ctx, 'mine', ctx.actor, MINE_PAGE_SIZE, at);
  const approve =
    page.before === 0
      ? await deps.services.tasks.toApproveFor(ctx, ctx.actor, APPROVE_ROWS)
      : { items: [], total: 0 };
  const links = await ticketLinks(deps, ctx, [...page.items, ...approve.items]);
  // Each row (and each to approve) says how its customer's primary contact wants to be reached.
  const [items = [], approving = []] = await deps.services.tasks.withReachEach(
    ctx,
    [page.items, approve.items],
    ctx.actor,
  );
  // None open: `/task new` suggested to whoever may plan one (a customer's owner without a role).
  const mayPlan =
    page.total > 0 ||
    allowed(ctx, 'customer.planTask') ||
    (await deps.services.customers.ownedBy(ctx, ctx.actor, 1)).length > 0;
  return myTasks(
    ctx.t,
    { ...page, items },
    ctx.today,
    links,
    { ...approve, items: approving },
    { at, ...(notice ? { notice } : {}) },
    mayPlan,
  );
}

/**
 * A page of `/task mine approve`: the open tasks the caller signs off, paged as `/task mine`
 * is, each saying how its customer's primary contact wants to be reached.
 */
export async function toApprovePage(
  deps: HandlerDeps,
  ctx: Ctx,
  at: PageAt = {},
  notice?: Mrkdwn,
): Promise<Message> {
  const page = await deps.services.tasks.pageFor(ctx, 'approve', ctx.actor, MINE_PAGE_SIZE, at);
  const links = await ticketLinks(deps, ctx, page.items);
  const [items = []] = await deps.services.tasks.withReachEach(ctx, [page.items], ctx.actor);
  return tasksToApprove(ctx.t, { ...page, items }, ctx.today, links, {
    at,
    ...(notice ? { notice } : {}),
  });
}

/**
 * A page of `/task team`: the open tasks of the caller's team (a manager's, an admin's), overdue
 * first, each with the overseer's menu, paged as `/task mine` is; refused to anyone else.
 */
export async function teamPage(
  deps: HandlerDeps,
  ctx: Ctx,
  at: PageAt = {},
  notice?: Mrkdwn,
): Promise<Message> {
  const page = await deps.services.tasks.teamPageFor(ctx, MINE_PAGE_SIZE, at);
  const links = await ticketLinks(deps, ctx, page.items);
  const [items = []] = await deps.services.tasks.withReachEach(ctx, [page.items], ctx.actor);
  return teamTasks(ctx.t, { ...page, items }, ctx.today, links, {
    at,
    ...(notice ? { notice } : {}),
  });
}

/**
 * A page of any of the lists, read from `at`; `notice` (what a Done clicked on it did) opens it. Each
 * Done row says where the page was read from, for its Done to draw it again in place.
 */
export function minePage(
  deps: HandlerDeps,
  ctx: Ctx,
  list: MineList,
  at: PageAt = {},
  notice?: Mrkdwn,
) {
  if (list === 'team') return teamPage(deps, ctx, at, notice);
  return list === 'mine'
    ? myTasksPage(deps, ctx, at, notice)
    : toApprovePage(deps, ctx, at, notice);
}
