import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { boundary } from '../../src/slack/boundary.js';
import { parsePayload, appHomeOpenedSchema } from '../../src/slack/payloads.js';
import type { HandlerDeps } from '../deps.js';
import { publishHome } from '../home.js';

type Args = SlackEventMiddlewareArgs<'app_home_opened'> & AllMiddlewareArgs;

/** Publishes the Home tab each time a user opens it (publishing is idempotent). */
export function appHomeOpened(deps: HandlerDeps) {
  return boundary<Args>('event:app_home_opened', deps.boundary, async ({ event, client }, ctx) => {
    const parsed = parsePayload(appHomeOpenedSchema, event);
    if (parsed.tab !== 'home') return;
    await publishHome(deps, ctx, client);
    ctx.log.debug('home tab published');
  });
}
