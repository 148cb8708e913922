import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { SYSTEM_ACTOR } from '../../src/context.js';
import { inFlight } from '../../src/slack/boundary.js';
import { channelSharedSchema } from '../../src/slack/payloads.js';
import { SLACK_ID } from '../../src/slack-ids.js';
import type { HandlerDeps } from '../deps.js';

type Args = SlackEventMiddlewareArgs<'channel_shared'> & AllMiddlewareArgs;

/**
 * channel_shared: a channel the app is in became Slack Connect (shared with another
 * organisation) after it was saved as a desk channel. The Channels form refuses such a channel;
 * one shared later is cleared from the settings by the desk itself and the admins are told
 * (SettingsFlows.channelShared), before the next digest or alert goes there. Any other channel:
 * nothing. The event has no person: the desk acts (SYSTEM_ACTOR). Bolt acked the event before
 * the listener ran: a failure is logged as an error (Slack does not send it again).
 */
export function channelShared(deps: HandlerDeps) {
  return async ({ event, context }: Args): Promise<void> =>
    inFlight(deps.boundary, run(event, context));

  async function run(event: Args['event'], context: Args['context']): Promise<void> {
    const log = deps.boundary.log.child({ listener: 'event:channel_shared' });
    const parsed = channelSharedSchema.safeParse(event);
    const teamId = context.teamId;
    if (!parsed.success || !teamId || !SLACK_ID.team.test(teamId)) {
      log.warn('channel_shared without a workspace or channel of Slack’s shape: ignored');
      return;
    }
    const channel = parsed.data.channel;
    try {
      const ctx = await deps.services.workspaces.context({
        teamId,
        actor: SYSTEM_ACTOR,
        now: deps.boundary.clock.now(),
        log: log.child({ teamId }),
        origin: 'slack',
      });
      const cleared = await deps.flows.settings.channelShared(ctx, channel);
      if (!cleared) log.debug({ channel }, 'channel_shared: not a desk channel');
    } catch (err) {
      log.error({ err, teamId, channel }, 'channel_shared: could not clear the desk channel');
      throw err;
    }
  }
}
