import type { z } from 'zod';
import { SYSTEM_ACTOR, type Ctx } from '../../src/context.js';
import type { Logger } from '../../src/logger.js';
import { SLACK_ID } from '../../src/slack-ids.js';
import type { HandlerDeps } from '../deps.js';

/**
 * A channel event (channel_deleted, channel_shared) read by `schema`, with its workspace
 * (`teamId`, the listener's context): either not of Slack's shape, undefined, logged as
 * `ignored` (a warning).
 */
export function channelEvent<T>(
  schema: z.ZodType<T>,
  event: unknown,
  teamId: string | undefined,
  log: Logger,
  ignored: string,
): { teamId: string; data: T } | undefined {
  const parsed = schema.safeParse(event);
  if (!parsed.success || !teamId || !SLACK_ID.team.test(teamId)) {
    log.warn(ignored);
    return undefined;
  }
  return { teamId, data: parsed.data };
}

/** The context a channel event is handled in: it has no person, the desk acts (SYSTEM_ACTOR). */
export function channelEventContext(deps: HandlerDeps, teamId: string, log: Logger): Promise<Ctx> {
  return deps.services.workspaces.context({
    teamId,
    actor: SYSTEM_ACTOR,
    now: deps.boundary.clock.now(),
    log: log.child({ teamId }),
    origin: 'slack',
  });
}
