import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { boundary } from '../../src/slack/boundary.js';
import { parsePayload, appHomeOpenedSchema } from '../../src/slack/payloads.js';
import type { HandlerDeps } from '../deps.js';
import { publishHome } from '../home.js';

type Args = SlackEventMiddlewareArgs<'app_home_opened'> & AllMiddlewareArgs;

/**
 * Publishes the Home tab each time a user opens it (publishing is idempotent), then stamps that
 * they opened it (at most once a day: OutboxService.homeOpened), so that a settings or roles save
 * refreshes their Home too. A stamp not written is logged: the Home was published.
 */
export function appHomeOpened(deps: HandlerDeps) {
  return boundary<Args>('event:app_home_opened', deps.boundary, async ({ event, client }, ctx) => {
    const parsed = parsePayload(appHomeOpenedSchema, event);
    if (parsed.tab !== 'home') return;
    // With the Home's hash as Slack sent it: a publish landed since (an outbox refresh of a
    // change made meanwhile) is not overwritten by this one, drawn before it maybe.
    if (await publishHome(deps, ctx, client, parsed.view?.hash))
      ctx.log.debug('home tab published');
    await deps.services.outbox
      .homeOpened(ctx)
      .catch((err: unknown) => ctx.log.warn({ err }, 'home opening not recorded'));
  });
}
