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

/**
 * When a channel event happened: its `event_ts` (when it is a Slack timestamp), else the
 * envelope's `event_time` (seconds), else now (the desk's clock). Never later than now.
 */
export function channelEventAt(event: unknown, body: unknown, now: Date): Date {
  const ts = (event as { event_ts?: unknown }).event_ts;
  const seconds = (body as { event_time?: unknown }).event_time;
  const ms =
    typeof ts === 'string' && /^\d{1,12}(\.\d{1,8})?$/.test(ts)
      ? Math.floor(Number(ts) * 1000)
      : typeof seconds === 'number' && Number.isFinite(seconds)
        ? seconds * 1000
        : now.getTime();
  return new Date(Math.min(ms, now.getTime()));
}
