import type { HomeView } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import { actingAs, withGuest, type Ctx } from '../src/context.js';
import { holdsNoRole } from '../src/permissions.js';
import { homeView } from '../src/ui/home.js';
import { commandSpecs } from './commands/index.js';
import { commandUsages } from './commands/router.js';
import type { HandlerDeps } from './deps.js';

/** `ctx.actor`'s Home tab as it stands now (what the services let them see). */
export async function renderHome(deps: HandlerDeps, ctx: Ctx): Promise<HomeView> {
  const data = await deps.flows.home.data(ctx);
  return homeView(
    ctx.t,
    ctx.settings,
    commandUsages(commandSpecs(deps), ctx),
    data,
    ctx.today,
    ctx.actor,
  );
}

/**
 * Publishes the Home tab of the person who asked (publishing is idempotent). Refreshes after
 * changes go through the outbox instead (one coalesced entry per person).
 */
export async function publishHome(deps: HandlerDeps, ctx: Ctx, client: WebClient): Promise<void> {
  await client.views.publish({ user_id: ctx.actor, view: await renderHome(deps, ctx) });
}

/**
 * The request (`ctx`) read as `userId` would read their Home: a person the roles name nowhere is
 * asked of Slack as the boundary asks (remembered, else briefly), and whatever Slack does not say
 * in time (`unknown`) or never says (`unchecked`) reads as a guest would: the requester's part
 * only, never the staff Home, to a person who may be a guest.
 */
export async function homeReaderOf(
  deps: HandlerDeps,
  ctx: Ctx,
  userId: string,
  client: WebClient,
): Promise<Ctx> {
  const reader = actingAs(ctx, userId);
  if (!holdsNoRole(reader.settings, userId)) return reader;
  const said = await deps.guests.standing(client, ctx.teamId, userId, ctx.log);
  return said === 'member' ? reader : withGuest(reader, said);
}
