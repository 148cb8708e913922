import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { inFlight } from '../../src/slack/boundary.js';
import { channelUnsharedSchema } from '../../src/slack/payloads.js';
import type { HandlerDeps } from '../deps.js';
import { channelEvent, channelEventAt, channelEventContext } from './channel-event.js';
import { inboxed, unsharedWork } from './customer-channel.js';

type Args = SlackEventMiddlewareArgs<'channel_unshared'> & AllMiddlewareArgs;

/**
 * channel_unshared: an organisation left (or was removed from) a shared channel the app is in.
 * Only a linked customer channel concerns the desk (any other: nothing is written). Its delivery
 * goes through the events inbox as a customer channel's messages do (`slack_events`: a retry or
 * another instance's copy does nothing; a failed work is done again by the `slack-events` job).
 * The event has no person: the desk acts (SYSTEM_ACTOR). Bolt acked it before the listener ran.
 */
export function channelUnshared(deps: HandlerDeps) {
  return async ({ event, body, context }: Args): Promise<void> =>
    inFlight(deps.boundary, run(event, body, context));

  async function run(event: unknown, body: unknown, context: Args['context']): Promise<void> {
    const log = deps.boundary.log.child({ listener: 'event:channel_unshared' });
    const parsed = channelEvent(
      channelUnsharedSchema,
      event,
      context.teamId,
      log,
      'channel_unshared without a workspace or channel of Slack’s shape: ignored',
    );
    if (!parsed) return;
    const { teamId } = parsed;
    const channel = parsed.data.channel;
    try {
      // The link read once: the work takes it as read here (its update is conditional).
      const link = await deps.services.channels.forChannel({ teamId }, channel);
      if (!link) {
        log.debug({ channel }, 'channel_unshared: not a customer channel');
        return;
      }
      const ctx = await channelEventContext(deps, teamId, log);
      // The event's time is kept in the event itself (`event_ts`), else taken from the envelope.
      const stored = parsed.data.event_ts
        ? parsed.data
        : {
            ...parsed.data,
            event_ts: (channelEventAt(parsed.data, body, ctx.now).getTime() / 1000).toFixed(6),
          };
      await inboxed(deps, ctx, body, 'channel_unshared', stored, () =>
        unsharedWork(deps, ctx, stored, link),
      );
    } catch (err) {
      log.error({ err, teamId, channel }, 'channel_unshared: could not mark the customer channel');
      throw err;
    }
  }
}
