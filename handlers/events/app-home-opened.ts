import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { translator } from '../../src/i18n/index.js';
import { boundary } from '../../src/slack/boundary.js';
import { appHomeOpenedSchema } from '../../src/slack/payloads.js';
import { homeView } from '../../src/ui/home.js';
import { commandSpecs } from '../commands/index.js';
import { commandUsage } from '../commands/router.js';
import type { HandlerDeps } from '../deps.js';

type Args = SlackEventMiddlewareArgs<'app_home_opened'> & AllMiddlewareArgs;

/** Publishes the Home tab each time a user opens it (publishing is idempotent). */
export function appHomeOpened(deps: HandlerDeps) {
  return boundary<Args>('event:app_home_opened', deps.boundary, async ({ event, client }, req) => {
    const parsed = appHomeOpenedSchema.parse(event);
    if (parsed.tab !== 'home') return;
    const settings = await deps.services.workspaces.settings(req.teamId);
    const view = homeView(
      translator(settings.locale),
      settings,
      commandSpecs(deps).map(commandUsage),
    );
    await client.views.publish({ user_id: parsed.user, view });
    req.log.debug('home tab published');
  });
}
