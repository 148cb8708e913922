import type { WebClient } from '@slack/web-api';
import type { Ctx } from '../src/context.js';
import { AppError } from '../src/errors.js';
import { homeView } from '../src/ui/home.js';
import { commandSpecs } from './commands/index.js';
import { commandUsage } from './commands/router.js';
import type { HandlerDeps } from './deps.js';

/**
 * Publishes a user's Home tab (publishing is idempotent): the commands, and for a manager or
 * admin how the desk's Slack messages are getting through (the service decides who may see it).
 */
export async function publishHome(
  deps: HandlerDeps,
  ctx: Ctx,
  client: WebClient,
  userId: string,
): Promise<void> {
  const outbox = await deps.services.outbox.counts(ctx).catch((err: unknown) => {
    if (err instanceof AppError && err.code === 'FORBIDDEN') return undefined;
    throw err;
  });
  const view = homeView(ctx.t, ctx.settings, commandSpecs(deps).map(commandUsage), outbox);
  await client.views.publish({ user_id: userId, view });
}
