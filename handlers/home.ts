import type { HomeView } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import type { Ctx } from '../src/context.js';
import type { SharedSince } from '../src/single-flight.js';
import { homeView } from '../src/ui/home.js';
import { commandSpecs } from './commands/index.js';
import { commandUsages, usableBy } from './commands/router.js';
import type { HandlerDeps } from './deps.js';

/** `ctx.actor`'s Home tab as it stands now (what the services let them see). */
/** `pass`: the key the outbox delivery pass drawing it gives, see `HomeFlows.data`. */
export async function renderHome(
  deps: HandlerDeps,
  ctx: Ctx,
  pass?: SharedSince,
): Promise<HomeView> {
  const data = await deps.flows.home.data(ctx, pass);
  return homeView(
    ctx.t,
    ctx.settings,
    commandUsages(commandSpecs(deps), ctx, await usableBy(deps.services.customers, ctx)),
    data,
    ctx.today,
    ctx.actor,
  );
}

/**
 * Publishes the Home tab of the person who asked (publishing is idempotent). Refreshes after
 * changes go through the outbox instead (one coalesced entry per person). With `hash` (the
 * app_home_opened event's view), Slack refuses it (`hash_conflict`) when another publish landed
 * since the event, an outbox refresh drawn meanwhile: that newer view stands, and this is no
 * error (returns false). `after`: a change just made here (a button's), taken as a `flightMark`
 * once it is stored: the Home joins no team read begun before it, which would show the team
 * without that change.
 */
export async function publishHome(
  deps: HandlerDeps,
  ctx: Ctx,
  client: WebClient,
  hash?: string,
  after?: SharedSince,
): Promise<boolean> {
  const view = await renderHome(deps, ctx, after);
  try {
    await client.views.publish({ user_id: ctx.actor, view, ...(hash ? { hash } : {}) });
    return true;
  } catch (err) {
    const e = err as { code?: string; data?: { error?: string } } | null;
    const conflict =
      !!hash && e?.code === 'slack_webapi_platform_error' && e.data?.error === 'hash_conflict';
    if (!conflict) throw err;
    ctx.log.debug('home tab not published: a newer publish landed since it was opened');
    return false;
  }
}
