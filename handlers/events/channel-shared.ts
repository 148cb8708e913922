import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { sharedOutside } from '../../src/channel/types.js';
import type { Logger } from '../../src/logger.js';
import { inFlight } from '../../src/slack/boundary.js';
import { channelSharedSchema } from '../../src/slack/payloads.js';
import { CHANNEL_CHECK_MS, orLate } from '../../src/slack/people.js';
import type { HandlerDeps } from '../deps.js';
import { channelEvent, channelEventAt, channelEventContext } from './channel-event.js';

type Args = SlackEventMiddlewareArgs<'channel_shared'> & AllMiddlewareArgs;

/**
 * How long channel_shared waits for Slack in all (each conversations.info answer, and a 429's
 * Retry-After waited out): Bolt acked the event before the listener ran, so not the form's short
 * wait (CHANNEL_CHECK_MS, within Slack's 3 s), but well under the 10 s a stopping desk is given
 * (SHUTDOWN_LIMIT_MS, src/main.ts), and the desk's messages may still go to the channel meanwhile.
 */
export const CHANNEL_SHARED_CHECK_MS = 5_000;

/**
 * The least time left for the answer for a rate-limited conversations.info to be asked again
 * after its Retry-After (the form's wait, CHANNEL_CHECK_MS); else it is not waited out.
 */
const CHANNEL_SHARED_ANSWER_MIN_MS = CHANNEL_CHECK_MS;

/**
 * channel_shared: a channel the app is in became Slack Connect (shared with another
 * organisation) after it was saved as a desk channel. The Channels form refuses such a channel;
 * one shared later is cleared from the settings by the desk itself and the admins are told
 * (SettingsFlows.channelShared), before the next digest or alert goes there. Any other channel:
 * nothing. Slack's "shared" takes in a channel shared among the workspaces of the desk's own
 * Enterprise Grid org, which the form takes: the channel is asked of Slack (conversations.info)
 * and cleared only when the form would refuse it (`sharedOutside`); when Slack does not answer
 * (within CHANNEL_SHARED_CHECK_MS; rate limited twice, or with a Retry-After past it), or the
 * desk stops before it did, the event's own data decides (`eventSays`): shared with the desk's
 * own org, kept; else cleared (the event said shared: the safe side; a desk that stopped waiting
 * would lose the clear for good), the admins' DM saying "another organisation" only when the
 * event says so, else that Slack did not say with whom (it may be the org's own workspaces). The event has no person: the desk acts
 * (SYSTEM_ACTOR). Bolt acked the event before the listener ran: a failure is logged as an error
 * (Slack does not send it again).
 */
export function channelShared(deps: HandlerDeps) {
  return async ({ event, body, context, client }: Args): Promise<void> =>
    inFlight(deps.boundary, run(event, body, context, client));

  /**
   * Whether Slack says the channel is shared only within the org (true) or not (false); a
   * failure, no answer within CHANNEL_SHARED_CHECK_MS of the first ask (the desk's clock), or the
   * desk stopping first: not known (undefined). Rate limited (the client does not retry), it is asked once more after Slack's
   * Retry-After when that leaves CHANNEL_SHARED_ANSWER_MIN_MS for the answer. Every wait is on
   * the desk's deadline (`channelCheck.deadline`) and ends when the desk stops (`stopped`).
   */
  async function onlyWithinOrg(
    client: WebClient,
    channel: string,
    log: Logger,
  ): Promise<boolean | undefined> {
    const clock = deps.boundary.clock;
    const started = clock.now().getTime();
    // Never more than the limit, were the clock set back meanwhile.
    const left = () => CHANNEL_SHARED_CHECK_MS - Math.max(0, clock.now().getTime() - started);
    const stopping = () => {
      log.warn({ channel }, 'channel_shared: the desk is stopping, taken as shared');
      return undefined;
    };
    const stop = whenStopped(deps.stopped);
    try {
      for (let tries = 1; ; tries++) {
        if (deps.stopped.aborted) return stopping();
        try {
          const asked = client.conversations.info({ channel });
          // The loser of the race: a failure after the wait is not this event's.
          asked.catch(() => undefined);
          const info = await orLate(
            Promise.race([asked, stop.stopped]),
            left(),
            deps.channelCheck.deadline,
          );
          if (info === 'stopped') return stopping();
          if (info === 'late') {
            log.warn({ channel }, 'channel_shared: conversations.info late, taken as shared');
            return undefined;
          }
          return !!info.channel && !sharedOutside(info.channel);
        } catch (err) {
          const e = err as { code?: string; retryAfter?: number; data?: { error?: string } };
          const retryMs = Math.max(1, e.retryAfter ?? 1) * 1000;
          if (tries === 1 && e.code === 'slack_webapi_rate_limited_error') {
            const leftMs = left();
            if (retryMs + CHANNEL_SHARED_ANSWER_MIN_MS > leftMs) {
              log.info(
                { channel, retryMs, leftMs },
                'channel_shared: conversations.info rate limited past the check’s limit, taken as shared',
              );
              return undefined;
            }
            log.info(
              { channel, ms: retryMs },
              'channel_shared: conversations.info rate limited, asked again',
            );
            // Retry-After waited out, unless the desk stops first.
            const waited = await orLate(stop.stopped, retryMs, deps.channelCheck.deadline);
            if (waited === 'stopped') return stopping();
            continue;
          }
          const error = e.data?.error ?? e.code;
          log.info(
            { channel, error },
            'channel_shared: conversations.info failed, taken as shared',
          );
          return undefined;
        }
      }
    } finally {
      stop.release();
    }
  }

  async function run(
    event: Args['event'],
    body: Args['body'],
    context: Args['context'],
    client: WebClient,
  ): Promise<void> {
    const log = deps.boundary.log.child({ listener: 'event:channel_shared' });
    const parsed = channelEvent(
      channelSharedSchema,
      event,
      context.teamId,
      log,
      'channel_shared without a workspace or channel of Slack’s shape: ignored',
    );
    if (!parsed) return;
    const { teamId } = parsed;
    const channel = parsed.data.channel;
    try {
      const ctx = await channelEventContext(deps, teamId, log);
      // A customer channel its customer had left (Slack Connect disconnected), shared again: its
      // link is live again (the desk posts there again). Ordered by the event's own time. One
      // conditional update: a channel linked to nobody, or not left, is not changed.
      await deps.flows.channels.reshared(ctx, channel, channelEventAt(event, body, ctx.now));
      // Asked only of a desk channel, or a former one still holding cards (cleared, or moved:
      // its cards would be taken away) or owed a message the desk wrote for itself (dropped);
      // another is cleared of nothing: not asked of Slack.
      const desk =
        Object.values(ctx.settings.channels).includes(channel) ||
        (await deps.services.tickets.hasCardsIn(teamId, channel)) ||
        (await deps.services.outbox.owesDeskMessage(teamId, channel));
      // Whether the admins' DM may say "another organisation": Slack said so, or the event does.
      let confirmed = true;
      if (desk) {
        const within = await onlyWithinOrg(client, channel, ctx.log);
        if (within === true) {
          ctx.log.info({ channel }, 'channel_shared: shared only within the organisation, kept');
          return;
        }
        if (within === undefined) {
          const said = eventSays(body, parsed.data.connected_team_id, context.enterpriseId);
          if (said === 'within') {
            ctx.log.warn(
              { channel },
              'channel_shared: Slack did not answer, the event says shared within the organisation: kept',
            );
            return;
          }
          confirmed = said === 'outside';
        }
      }
      const cleared = await deps.flows.settings.channelShared(ctx, channel, confirmed);
      if (!cleared) log.debug({ channel }, 'channel_shared: not a desk channel');
    } catch (err) {
      log.error({ err, teamId, channel }, 'channel_shared: could not clear the desk channel');
      throw err;
    }
  }
}

/**
 * What the event itself says of the share, for when Slack did not answer: `outside` when the
 * envelope says the channel is shared with another organisation (`is_ext_shared_channel`), when
 * the desk's workspace is in no Enterprise Grid org (it can share a channel only through Slack
 * Connect), or when an organisation other than the desk's joined (`connected_team_id`, an `E…`
 * id); `within` when the desk's own org joined; else (a workspace joined, maybe the org's own,
 * maybe another organisation's) `unknown`.
 */
export function eventSays(
  body: unknown,
  connected: string | undefined,
  enterpriseId: string | undefined,
): 'outside' | 'within' | 'unknown' {
  if ((body as { is_ext_shared_channel?: unknown }).is_ext_shared_channel === true)
    return 'outside';
  if (!enterpriseId) return 'outside';
  if (connected === enterpriseId) return 'within';
  if (connected?.startsWith('E')) return 'outside';
  return 'unknown';
}

/**
 * `stopped` once `signal` is aborted (the desk stopping), to race a wait against; `release` when
 * done waiting (its listener removed).
 */
function whenStopped(signal: AbortSignal): { stopped: Promise<'stopped'>; release(): void } {
  let onAbort = () => undefined as void;
  const stopped = new Promise<'stopped'>((resolve) => {
    onAbort = () => resolve('stopped');
  });
  if (signal.aborted) onAbort();
  else signal.addEventListener('abort', onAbort, { once: true });
  return { stopped, release: () => signal.removeEventListener('abort', onAbort) };
}
