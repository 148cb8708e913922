import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { inFlight } from '../../src/slack/boundary.js';
import { channelDeletedSchema } from '../../src/slack/payloads.js';
import type { HandlerDeps } from '../deps.js';
import { channelEvent, channelEventContext } from './channel-event.js';

type Args = SlackEventMiddlewareArgs<'channel_deleted' | 'group_deleted'> & AllMiddlewareArgs;

/**
 * channel_deleted, group_deleted: a channel deleted leaves the channels the desk barred as shared
 * with another organisation (`clearedChannels`), so that the list does not keep it for good:
 * nothing can go there any more, and Slack never gives its id to another channel. Archived
 * (channel_archive) is not listened to: an archived channel may be unarchived, as shared as
 * before, so it stays listed. Any other channel: nothing. The event has no person: the desk acts
 * (SYSTEM_ACTOR). Bolt acked the event before the listener ran: a failure is logged as an error
 * (Slack does not send it again; the entry stays listed, the safe side).
 */
export function channelDeleted(deps: HandlerDeps) {
  return async ({ event, context }: Args): Promise<void> =>
    inFlight(deps.boundary, run(event, context));

  async function run(event: Args['event'], context: Args['context']): Promise<void> {
    const log = deps.boundary.log.child({ listener: `event:${event.type}` });
    const parsed = channelEvent(
      channelDeletedSchema,
      event,
      context.teamId,
      log,
      'channel deleted without a workspace or channel of Slack’s shape: ignored',
    );
    if (!parsed) return;
    const { teamId } = parsed;
    const channel = parsed.data.channel;
    try {
      // Only a workspace the desk keeps settings for: a deleted channel creates none.
      if (!(await deps.services.workspaces.known(teamId))) return;
      const ctx = await channelEventContext(deps, teamId, log);
      if (await deps.services.settings.forgetDeletedChannel(ctx, channel))
        ctx.log.info({ channel }, 'channel deleted: no longer listed as cleared');
    } catch (err) {
      log.error(
        { err, teamId, channel },
        'channel deleted: could not take it off the cleared list',
      );
      throw err;
    }
  }
}
