import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { actingAs, type Ctx } from '../../src/context.js';
import type { ChannelMessage } from '../../src/flows/channels.js';
import { boundary } from '../../src/slack/boundary.js';
import {
  channelMessageSchema,
  historyMessageSchema,
  messageChangedSchema,
  messageDeletedSchema,
  reactionAddedSchema,
} from '../../src/slack/payloads.js';
import { messagePlainText, titleFromMessage } from '../../src/ui/ticket.js';
import type { HandlerDeps } from '../deps.js';

type MessageArgs = SlackEventMiddlewareArgs<'message'> & AllMiddlewareArgs;
type ReactionArgs = SlackEventMiddlewareArgs<'reaction_added'> & AllMiddlewareArgs;

interface Envelope {
  event_id?: unknown;
}

/** The author's workspace, when Slack says it: another one than ours is another organisation. */
function isExternal(ctx: Ctx, team: string | undefined): boolean {
  return team !== undefined && team !== ctx.teamId;
}

/** The request's context as the author acts in it: a person of another organisation is marked. */
function asAuthor(ctx: Ctx, external: boolean): Ctx {
  return external ? actingAs(ctx, ctx.actor, ctx.origin, true) : ctx;
}

/**
 * Whether this delivery of an event is the first (the team's event_id, written before the
 * work): Slack's retries and the same event at another instance stop here.
 */
async function firstDelivery(deps: HandlerDeps, ctx: Ctx, body: unknown, type: string) {
  const eventId = (body as Envelope).event_id;
  if (typeof eventId !== 'string') return false;
  const first = await deps.services.channels.firstDelivery(ctx.teamId, eventId, type, ctx.now);
  if (!first)
    ctx.log.info({ eventId: eventId.slice(0, 40), type }, 'event delivered again: skipped');
  return first;
}

function message(
  msg: { channel: string; ts: string; thread_ts?: string; user: string; text: string },
  external: boolean,
  fallbackTitle: string,
): ChannelMessage {
  return {
    channel: msg.channel,
    ts: msg.ts,
    ...(msg.thread_ts ? { threadTs: msg.thread_ts } : {}),
    user: msg.user,
    external,
    text: messagePlainText(msg.text),
    title: titleFromMessage(msg.text) ?? fallbackTitle,
  };
}

/**
 * Messages in customer channels (message.channels, message.groups): new messages, thread
 * replies, edits and deletions in a linked channel go to the channel flows; anything else (an
 * unlinked channel, a bot) is left alone before anything is written. Slack gets its answer
 * before this work starts (Bolt acks events first unless processBeforeResponse is on).
 */
export function customerChannelMessage(deps: HandlerDeps) {
  const work = boundary<MessageArgs>(
    'event:message.channels',
    deps.boundary,
    async ({ event, body }, ctx) => {
      const posted = channelMessageSchema.safeParse(event);
      const changed = messageChangedSchema.safeParse(event);
      const deleted = messageDeletedSchema.safeParse(event);
      const channel = posted.data?.channel ?? changed.data?.channel ?? deleted.data?.channel;
      if (!channel) return;
      const link = await deps.services.channels.forChannel(ctx, channel);
      if (!link) return;
      if (!(await firstDelivery(deps, ctx, body, 'message'))) return;
      let outcome;
      if (posted.success) {
        const external = isExternal(ctx, posted.data.user_team ?? posted.data.team);
        outcome = await deps.flows.channels.message(
          asAuthor(ctx, external),
          link,
          message(posted.data, external, link.customerName),
        );
      } else if (changed.success) {
        const m = changed.data.message;
        const external = isExternal(ctx, m.user_team ?? m.team);
        outcome = await deps.flows.channels.edited(asAuthor(ctx, external), {
          channel,
          ts: m.ts,
          text: messagePlainText(m.text),
          ...(changed.data.previous_message
            ? { previousText: messagePlainText(changed.data.previous_message.text) }
            : {}),
        });
      } else if (deleted.success) {
        outcome = await deps.flows.channels.deleted(ctx, { channel, ts: deleted.data.deleted_ts });
      }
      ctx.log.info({ channel, outcome }, 'customer channel message');
    },
    {
      // An edit names its author inside the message; a deletion only in what was deleted.
      actor: ({ event }) => {
        const e = event as { message?: { user?: unknown }; previous_message?: { user?: unknown } };
        return e.message?.user ?? e.previous_message?.user;
      },
    },
  );
  return async (args: MessageArgs) => {
    const e = args.event;
    if (
      channelMessageSchema.safeParse(e).success ||
      messageChangedSchema.safeParse(e).success ||
      messageDeletedSchema.safeParse(e).success
    )
      await work(args);
  };
}

/** A reaction in a customer channel: the link's emoji opens the marked message's ticket. */
export function reactionAdded(deps: HandlerDeps) {
  return boundary<ReactionArgs>(
    'event:reaction_added',
    deps.boundary,
    async ({ event, body, client }, ctx) => {
      const parsed = reactionAddedSchema.safeParse(event);
      if (!parsed.success) return;
      const { item, reaction } = parsed.data;
      const link = await deps.services.channels.forChannel(ctx, item.channel);
      if (!link || link.intake !== 'emoji' || link.emoji !== reaction) return;
      if (!(await firstDelivery(deps, ctx, body, 'reaction_added'))) return;
      // The marked message as Slack has it (the event names it only).
      let found;
      try {
        const history = await client.conversations.history({
          channel: item.channel,
          latest: item.ts,
          inclusive: true,
          limit: 1,
        });
        found = (history.messages ?? []).find((m) => m.ts === item.ts);
      } catch (err) {
        ctx.log.warn(
          { err, channel: item.channel },
          'the marked message could not be read (is the app still in the channel?)',
        );
        return;
      }
      const msg = historyMessageSchema.safeParse({ ...found, channel: item.channel });
      if (!msg.success) {
        ctx.log.info({ channel: item.channel }, 'marked message not found or not a person’s');
        return;
      }
      const external = isExternal(ctx, msg.data.user_team ?? msg.data.team);
      const outcome = await deps.flows.channels.reaction(
        ctx,
        link,
        reaction,
        message({ ...msg.data, channel: item.channel }, external, link.customerName),
      );
      ctx.log.info({ channel: item.channel, outcome }, 'customer channel reaction');
    },
  );
}
