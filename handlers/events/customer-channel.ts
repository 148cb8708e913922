import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { actingAs, withGuest, type Ctx, type Guest } from '../../src/context.js';
import type { WebClient } from '@slack/web-api';
import {
  EVENT_MAX_ATTEMPTS,
  type ChannelLink,
  type InboxEvent,
  type InboxPayload,
  type SharedFlag,
} from '../../src/channel/types.js';
import { worksTicketsByRole, type ChannelMessage } from '../../src/flows/channels.js';
import { holdsNoRole } from '../../src/permissions.js';
import { boundary, ofOtherOrganisation } from '../../src/slack/boundary.js';
import {
  channelMessageSchema,
  channelUnsharedSchema,
  historyMessageSchema,
  messageChangedSchema,
  messageDeletedSchema,
  messageTombstoneSchema,
  reactionAddedSchema,
} from '../../src/slack/payloads.js';
import { messagePlainText, titleFromMessage } from '../../src/ui/ticket.js';
import { DESCRIPTION_MAX } from '../../src/ticket/form.js';
import type { Logger } from '../../src/logger.js';
import type { HandlerDeps } from '../deps.js';
import { channelEventAt } from './channel-event.js';

type MessageArgs = SlackEventMiddlewareArgs<'message'> & AllMiddlewareArgs;
type ReactionArgs = SlackEventMiddlewareArgs<'reaction_added'> & AllMiddlewareArgs;

interface Envelope {
  event_id?: unknown;
  event_time?: unknown;
  is_ext_shared_channel?: unknown;
}

/**
 * What the envelope says of the event's channel (`is_ext_shared_channel`) and when the event
 * happened: its `event_ts` (an edit's or a reaction's own time; a message's is its ts), else the
 * envelope's `event_time` (seconds). None when Slack does not say.
 */
function flagOf(body: unknown, event: unknown): SharedFlag | undefined {
  const { is_ext_shared_channel: shared, event_time: seconds } = body as Envelope;
  if (typeof shared !== 'boolean') return undefined;
  const e = event as { event_ts?: unknown; ts?: unknown };
  const ts = [e.event_ts, e.ts].find(
    (v) => typeof v === 'string' && /^\d{1,12}(\.\d{1,8})?$/.test(v),
  );
  const at =
    typeof ts === 'string'
      ? Math.floor(Number(ts) * 1000)
      : typeof seconds === 'number' && Number.isFinite(seconds)
        ? seconds * 1000
        : undefined;
  return at === undefined ? undefined : { shared, at };
}

/** The flag kept with a delivery (read back from JSON), if it is one. */
function savedFlag(value: unknown): SharedFlag | undefined {
  const f = value as { shared?: unknown; at?: unknown } | undefined;
  return typeof f?.shared === 'boolean' && typeof f.at === 'number' && Number.isFinite(f.at)
    ? { shared: f.shared, at: f.at }
    : undefined;
}

/** Does one customer channel event's work (a listener's delivery, or the redo job's). */
type Work = (eventId: string) => Promise<void>;

/**
 * Writes the delivery to the inbox (`slack_events`, pending, with what the work needs to be
 * done again), then does the work and marks it done; a failed work is marked failed (attempts,
 * next attempt) and thrown to the boundary, which logs it with its reference (not an author
 * Slack did not describe this time: expected, only warned of). The `slack-events`
 * job does failed ones again, and pending ones whose instance died. Slack's retries and the same
 * event at another instance find it written and stop here.
 */
export async function inboxed(
  deps: HandlerDeps,
  ctx: Ctx,
  body: unknown,
  type: string,
  event: unknown,
  work: Work,
  more: Pick<InboxPayload, 'unlinkedShared' | 'flag'> = {},
): Promise<void> {
  const eventId = (body as Envelope).event_id;
  if (typeof eventId !== 'string') return;
  const taken = await deps.services.channels.receive(ctx, eventId, type, {
    event: event as Record<string, unknown>,
    actor: ctx.actor,
    external: Boolean(ctx.external),
    ...(ctx.guest ? { guest: ctx.guest } : {}),
    ...more,
  });
  if (!taken) {
    ctx.log.info({ eventId: eventId.slice(0, 40), type }, 'event delivered again: skipped');
    return;
  }
  try {
    await work(eventId);
  } catch (err) {
    try {
      const next = await deps.services.channels.failed(taken, ctx.now, err);
      ctx.log.warn(
        { eventId: eventId.slice(0, 40), type, ...next },
        'event work failed: the slack-events job does it again',
      );
    } catch (markErr) {
      ctx.log.warn(
        { err: markErr, eventId: eventId.slice(0, 40), type },
        'event work failed and could not be marked: done again once its lease runs out',
      );
    }
    // Slack not describing an author this time is expected and heals itself (logged above): no
    // listener failure (an error with a stack and a reference).
    if (err instanceof UndescribedAuthor) return;
    throw err;
  }
  await deps.services.channels.done(taken, ctx.now);
}

/**
 * `inboxed` for an event in a linked channel (`found`): shared with another organisation since
 * it was linked (or no longer), the link follows, once the inbox took the delivery (a retry is
 * skipped there), and only from an event newer than the last one it took (an old one delivered
 * late, its flag stale, leaves it). The flag is kept with the delivery: the redo applies it the
 * same way. `work` is given the link as it is then.
 */
async function inboxedLinked(
  deps: HandlerDeps,
  ctx: Ctx,
  body: unknown,
  type: string,
  event: unknown,
  found: ChannelLink,
  work: (link: ChannelLink, eventId: string) => Promise<void>,
): Promise<void> {
  const flag = flagOf(body, event);
  await inboxed(
    deps,
    ctx,
    body,
    type,
    event,
    async (eventId) => work(await deps.services.channels.sharedNow(ctx, found, flag), eventId),
    flag ? { flag } : {},
  );
}

/** The channel a message event (posted, edited, deleted) is in; none for other messages. */
function channelOf(event: unknown): string | undefined {
  const posted = channelMessageSchema.safeParse(event);
  const changed = messageChangedSchema.safeParse(event);
  const deleted = messageDeletedSchema.safeParse(event);
  const tombstone = messageTombstoneSchema.safeParse(event);
  return (
    posted.data?.channel ??
    changed.data?.channel ??
    deleted.data?.channel ??
    tombstone.data?.channel
  );
}

/**
 * A message as the channel flows read it. `ctx`: the request, when its actor is the author (a
 * message event): what the boundary's guest check said of them (`Ctx.guest`) goes with it.
 */
function message(
  msg: {
    channel: string;
    ts: string;
    thread_ts?: string;
    user: string;
    text: string;
    user_team?: string;
    team?: string;
  },
  external: boolean,
  fallbackTitle: string,
  ctx?: Ctx,
  guessed = false,
): ChannelMessage {
  const guest = ctx && ctx.actor === msg.user && !external ? ctx.guest : undefined;
  const team = msg.user_team ?? msg.team;
  return {
    channel: msg.channel,
    ts: msg.ts,
    ...(msg.thread_ts ? { threadTs: msg.thread_ts } : {}),
    user: msg.user,
    external,
    ...(team ? { team } : {}),
    ...(guest ? { guest } : {}),
    ...(guessed && guest === 'guest' ? { guessed: true as const } : {}),
    text: messagePlainText(msg.text),
    title: titleFromMessage(msg.text) ?? fallbackTitle,
  };
}

/**
 * Messages in customer channels (message.channels, message.groups): new messages, thread
 * replies, edits and deletions in a linked channel go to the channel flows, and so do thread
 * replies in a ticket's thread of a channel unlinked since; anything else (an unlinked
 * channel, a bot) is left alone before anything is written. Slack gets its answer
 * before this work starts (Bolt acks events first unless processBeforeResponse is on).
 */
export function customerChannelMessage(deps: HandlerDeps) {
  const work = boundary<MessageArgs>(
    'event:message.channels',
    deps.boundary,
    async ({ event, body }, ctx) => {
      const channel = channelOf(event);
      if (!channel) return;
      const found = await deps.services.channels.forChannel(ctx, channel);
      if (!found) {
        // Unlinked since: a reply in the thread of a ticket opened there still reaches it.
        if (!(await tracksReply(deps, ctx, event))) return;
        const shared = (body as Envelope).is_ext_shared_channel === true;
        await inboxed(
          deps,
          ctx,
          body,
          'message',
          event,
          () => unlinkedWork(deps, ctx, shared, event),
          { unlinkedShared: shared },
        );
        return;
      }
      await inboxedLinked(deps, ctx, body, 'message', event, found, (link, eventId) =>
        messageWork(deps, ctx, link, event, eventId),
      );
    },
    {
      // An edit names its author inside the message; a deletion (a tombstone too: Slackbot's)
      // only in what was deleted.
      actor: ({ event }) => {
        const e = event as {
          message?: { user?: unknown; subtype?: unknown };
          previous_message?: { user?: unknown };
        };
        return e.message?.subtype === 'tombstone'
          ? e.previous_message?.user
          : (e.message?.user ?? e.previous_message?.user);
      },
    },
  );
  return async (args: MessageArgs) => {
    const e = args.event;
    if (
      channelMessageSchema.safeParse(e).success ||
      messageChangedSchema.safeParse(e).success ||
      messageDeletedSchema.safeParse(e).success ||
      messageTombstoneSchema.safeParse(e).success
    )
      await work(args);
    else droppedMessage(deps.boundary.log, e);
  };
}

/**
 * A person's message or edit in a channel that does not parse (too long, a malformed id) is
 * logged, not dropped silently: the channel, and which fields failed how (nothing of what it says or who
 * said it). Other messages (a bot's, a channel join, a DM) are not this listener's.
 */
function droppedMessage(log: Logger, event: unknown): void {
  const e = event as Record<string, unknown>;
  if (e.type !== 'message' || (e.channel_type !== 'channel' && e.channel_type !== 'group')) return;
  // A person's edit (the author inside the message) as a person's message.
  const edit = e.subtype === 'message_changed';
  const said = (edit ? e.message : e) as Record<string, unknown> | undefined;
  if (!said || said.bot_id !== undefined || typeof said.user !== 'string') return;
  const kinds = [undefined, 'thread_broadcast', 'file_share'];
  if (!edit && !kinds.includes(e.subtype as string | undefined)) return;
  const parsed = (edit ? messageChangedSchema : channelMessageSchema).safeParse(event);
  if (parsed.success) return;
  log.warn(
    {
      channel: typeof e.channel === 'string' ? e.channel.slice(0, 40) : undefined,
      chars: typeof said.text === 'string' ? said.text.length : undefined,
      issues: parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.')}:${i.code}`),
    },
    edit
      ? 'channel message edit dropped: it does not parse'
      : 'channel message dropped: it does not parse',
  );
}

/** A message longer than a description is cut where it is stored: the log says so (no text). */
function logCut(ctx: Ctx, channel: string, text: string): void {
  if (text.length > DESCRIPTION_MAX)
    ctx.log.info(
      { channel, chars: text.length, kept: DESCRIPTION_MAX },
      'customer channel message cut to the description limit',
    );
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
      const found = await deps.services.channels.forChannel(ctx, item.channel);
      if (!found || found.intake !== 'emoji' || found.emoji !== reaction) return;
      await inboxedLinked(deps, ctx, body, 'reaction_added', event, found, (link) =>
        reactionWork(deps, ctx, client, link, event),
      );
    },
  );
}

/** A linked channel's message event (posted, edited, deleted) given to the channel flows. */
async function messageWork(
  deps: HandlerDeps,
  ctx: Ctx,
  link: ChannelLink,
  event: unknown,
  eventId: string,
  /** Its author taken for a guest at the inbox's last attempt (`ChannelMessage.guessed`). */
  guessed = false,
): Promise<void> {
  const posted = channelMessageSchema.safeParse(event);
  const changed = messageChangedSchema.safeParse(event);
  const deleted = messageDeletedSchema.safeParse(event);
  const tombstone = messageTombstoneSchema.safeParse(event);
  const channel = link.channelId;
  let outcome;
  // The author is the one acting (a message, an edit): of another organisation or not as the
  // boundary said it of them (`ctx.external`, kept with the delivery for a redo).
  if (posted.success) {
    const msg = message(posted.data, Boolean(ctx.external), link.customerName, ctx, guessed);
    logCut(ctx, channel, msg.text);
    outcome = await deps.flows.channels.message(ctx, link, msg);
    notDoneIfUndescribed(outcome, msg);
  } else if (changed.success) {
    const m = changed.data.message;
    // Which edit: the event's own ts (else its id), so the same edit done again adds nothing.
    const raw = event as { event_ts?: unknown; ts?: unknown };
    const editTs = [raw.event_ts, raw.ts].find((v) => typeof v === 'string') as string | undefined;
    const text = messagePlainText(m.text);
    logCut(ctx, channel, text);
    outcome = await deps.flows.channels.edited(ctx, {
      channel,
      ts: m.ts,
      editTs: (editTs ?? eventId).slice(0, 40),
      text,
      ...(changed.data.previous_message
        ? { previousText: messagePlainText(changed.data.previous_message.text) }
        : {}),
    });
  } else if (deleted.success) {
    outcome = await deps.flows.channels.deleted(ctx, { channel, ts: deleted.data.deleted_ts });
  } else if (tombstone.success) {
    // A deleted message that had thread replies: a deletion, never an edit.
    outcome = await deps.flows.channels.deleted(ctx, { channel, ts: tombstone.data.message.ts });
  }
  ctx.log.info({ channel, outcome }, 'customer channel message');
}

/**
 * Slack did not describe a message's author of our workspace this time (users.info slow or
 * failing: `unknown`): the event's work is not done, so the inbox marks it failed and the
 * `slack-events` job does it again, asking Slack again.
 */
class UndescribedAuthor extends Error {
  constructor() {
    super(
      'Slack did not describe the message’s author (users.info slow or failing): asked again later',
    );
    this.name = 'UndescribedAuthor';
  }
}

/**
 * Slack did not describe a message's author this time (slow, failing): not done, so the inbox
 * does it again later and asks Slack again (`redoChannelEvent`); a guest's message or thread
 * reply (in a linked channel, or in a ticket's thread of one unlinked since) is not lost.
 */
function notDoneIfUndescribed(outcome: unknown, msg: Pick<ChannelMessage, 'guest'>): void {
  if (outcome === 'undescribed' && msg.guest === 'unknown') throw new UndescribedAuthor();
}

/** A person's thread reply (not a new message, edit or deletion) in a thread a ticket has. */
async function tracksReply(deps: HandlerDeps, ctx: Ctx, event: unknown): Promise<boolean> {
  const posted = channelMessageSchema.safeParse(event);
  if (!posted.success) return false;
  const { channel, ts, thread_ts: thread } = posted.data;
  if (!thread || thread === ts) return false;
  return deps.flows.channels.tracksThread(ctx, channel, thread);
}

/** A thread reply in a channel no longer linked, given to the channel flows (no new tickets). */
async function unlinkedWork(
  deps: HandlerDeps,
  ctx: Ctx,
  shared: boolean,
  event: unknown,
  guessed = false,
): Promise<void> {
  const posted = channelMessageSchema.safeParse(event);
  if (!posted.success) return;
  const msg = message(posted.data, Boolean(ctx.external), '', ctx, guessed);
  const outcome = await deps.flows.channels.unlinkedReply(ctx, shared, msg);
  ctx.log.info({ channel: posted.data.channel, outcome }, 'unlinked channel thread reply');
  notDoneIfUndescribed(outcome, msg);
}

/**
 * A reaction's work: the marked message read from Slack (the event names it only: from the
 * channel's history, else, a thread reply, from its thread), then the channel flows. A failed
 * read throws, so the event is done again (not dropped).
 */
async function reactionWork(
  deps: HandlerDeps,
  ctx: Ctx,
  client: WebClient,
  link: ChannelLink,
  event: unknown,
): Promise<void> {
  const parsed = reactionAddedSchema.safeParse(event);
  if (!parsed.success) return;
  const { item, reaction } = parsed.data;
  let found;
  try {
    const history = await client.conversations.history({
      channel: item.channel,
      latest: item.ts,
      inclusive: true,
      limit: 1,
    });
    found = (history.messages ?? []).find((m) => m.ts === item.ts);
    // A thread reply (not also sent to the channel) is in no history: read from its thread.
    // Slack puts the thread's parent first whatever the range, so two are asked for, found by ts.
    if (!found) {
      const thread = await client.conversations.replies({
        channel: item.channel,
        ts: item.ts,
        oldest: item.ts,
        latest: item.ts,
        inclusive: true,
        limit: 2,
      });
      found = (thread.messages ?? []).find((m) => m.ts === item.ts);
    }
  } catch (err) {
    ctx.log.warn(
      { err, channel: item.channel },
      'the marked message could not be read (is the app still in the channel?)',
    );
    throw err;
  }
  const msg = historyMessageSchema.safeParse({ ...found, channel: item.channel });
  if (!msg.success) {
    ctx.log.info({ channel: item.channel }, 'marked message not found or not a person’s');
    return;
  }
  // Its author is not the one who reacted: the same rule, said of them.
  const external = await ofOtherOrganisation(
    deps.boundary.orgs,
    { teamId: ctx.teamId },
    { team: msg.data.user_team ?? msg.data.team, userId: msg.data.user },
  );
  // In a Slack Connect channel a guest of our workspace is no staff: its author is asked of Slack
  // as the boundary asks an actor the roles name nowhere (remembered; a bounded wait; Slack not
  // saying: not taken for staff either).
  const author = msg.data.user;
  const standing =
    link.shared && !external && holdsNoRole(ctx.settings, author)
      ? await deps.guests.standing(client, ctx.teamId, author, ctx.log)
      : 'member';
  // Slack slow or failing this time (`unknown`): the emoji of one who works tickets by role (an
  // agent, not the open desk's "everyone", no guest, no other organisation's person) is the
  // staff's own word that it is a customer's message, so it is filed as the customer's (not
  // dropped in silence). Anyone else's is no such word: not done, so the inbox does it again
  // later, asking Slack again (as a message is). No users:read (`unchecked`) is judged as any
  // such author is (`sideOf`).
  if (standing === 'unknown') {
    const reactor = { user: ctx.actor, external: Boolean(ctx.external) };
    if (ctx.guest || !worksTicketsByRole(ctx.settings, reactor)) throw new UndescribedAuthor();
    ctx.log.info(
      { channel: item.channel },
      'Slack did not describe the marked message’s author: filed as the customer’s, as marked',
    );
  }
  const guest = standing === 'unknown' ? 'guest' : standing;
  const marked = {
    ...message({ ...msg.data, channel: item.channel }, external, link.customerName),
    ...(guest === 'member' ? {} : { guest }),
  };
  logCut(ctx, item.channel, marked.text);
  const outcome = await deps.flows.channels.reaction(ctx, link, reaction, marked);
  ctx.log.info({ channel: item.channel, outcome }, 'customer channel reaction');
  if (outcome !== 'erasedAuthor' && outcome !== 'erasedCustomer') return;
  // Whoever marked it is told why nothing came of it (only them, in the channel; in the thread
  // of a reply that also went to the channel, where the ticket would have been answered).
  const thread = msg.data.thread_ts !== msg.data.ts ? msg.data.thread_ts : undefined;
  try {
    await client.chat.postEphemeral({
      channel: item.channel,
      user: parsed.data.user,
      text: ctx.t(
        outcome === 'erasedAuthor'
          ? 'channel.reaction.erasedAuthor'
          : 'channel.reaction.erasedCustomer',
      ),
      ...(thread ? { thread_ts: thread } : {}),
    });
  } catch (err) {
    ctx.log.warn({ err, channel: item.channel }, 'the reaction’s “not filed” note was refused');
  }
}

/**
 * The redo job's way to do a stored delivery again (bound by the composition root): the same
 * work as the listener's, as the person who acted then, with the workspace's client. Throws
 * when it fails again. An event whose channel is no longer linked has nothing left to do, but
 * for a thread reply taken in after the unlink (a ticket's thread there).
 */
export function redoChannelEvent(
  deps: HandlerDeps,
  clientFor: (teamId: string) => Promise<WebClient | undefined>,
) {
  return async (jobCtx: Ctx, stored: InboxEvent): Promise<void> => {
    const payload = stored.payload;
    if (!payload) return;
    const acting = actingAs(jobCtx, payload.actor, 'slack', payload.external);
    // What the open desk made of them then (a guest's emoji ticket is still marked as theirs);
    // Slack not saying then (`unknown`, a passing failure) is asked again now.
    let guest = savedGuest(payload.guest);
    let guessed = false;
    if (guest === 'unknown' && !payload.external) {
      const client = await clientFor(acting.teamId);
      if (!client) throw new Error('no Slack client for the workspace (not installed?)');
      const standing = await deps.guests.standing(client, acting.teamId, payload.actor, acting.log);
      guest = standing === 'member' ? undefined : standing;
      // Still not said at the inbox's last attempt: taken for a guest, the customer's (a guest's
      // message lost for good is worse than a colleague's opening a ticket an agent closes). Their
      // reply in a ticket's thread is only kept on it: it changes nothing of the ticket (its
      // state, its clocks), as a colleague's words may not (`ChannelMessage.guessed`). A person
      // of another organisation never comes here: the boundary read their team from the event
      // (`user_team`, `team`: `payload.external`), and they are the customer's without asking.
      if (guest === 'unknown' && stored.attempts + 1 >= EVENT_MAX_ATTEMPTS) {
        acting.log.warn(
          { eventId: stored.eventId.slice(0, 40) },
          'Slack did not describe the author at the last attempt: taken for the customer’s',
        );
        guest = 'guest';
        guessed = true;
      }
    }
    const ctx = guest && !payload.external ? withGuest(acting, guest) : acting;
    const { event } = payload;
    // What the delivery said of the channel: the link takes it as the listener would (if newer).
    const flag = savedFlag(payload.flag);
    if (stored.type === 'message') {
      const channel = channelOf(event);
      const found = channel && (await deps.services.channels.forChannel(ctx, channel));
      if (found) {
        const link = await deps.services.channels.sharedNow(ctx, found, flag);
        await messageWork(deps, ctx, link, event, stored.eventId, guessed);
      } else if (payload.unlinkedShared !== undefined)
        await unlinkedWork(deps, ctx, payload.unlinkedShared, event, guessed);
    } else if (stored.type === 'channel_unshared') {
      await unsharedWork(deps, ctx, event);
    } else if (stored.type === 'reaction_added') {
      const parsed = reactionAddedSchema.safeParse(event);
      if (!parsed.success) return;
      const found = await deps.services.channels.forChannel(ctx, parsed.data.item.channel);
      if (!found || found.intake !== 'emoji' || found.emoji !== parsed.data.reaction) return;
      const client = await clientFor(ctx.teamId);
      if (!client) throw new Error('no Slack client for the workspace (not installed?)');
      const link = await deps.services.channels.sharedNow(ctx, found, flag);
      await reactionWork(deps, ctx, client, link, event);
    }
  };
}

const GUESTS: readonly Guest[] = ['guest', 'unknown', 'unchecked'];

/** The saved event's `guest`, if it is one (the payload is read back from JSON). */
function savedGuest(value: unknown): Guest | undefined {
  return GUESTS.find((g) => g === value);
}

/**
 * A stored channel_unshared's work (the listener's delivery, or the events inbox's redo): the
 * channel flows mark a customer channel whose customer left (ChannelFlows.unshared). `link`: the
 * channel's link as the listener just read it (the redo reads it again).
 */
export async function unsharedWork(
  deps: HandlerDeps,
  ctx: Ctx,
  event: unknown,
  link?: ChannelLink,
): Promise<void> {
  const parsed = channelUnsharedSchema.safeParse(event);
  if (!parsed.success) return;
  const e = parsed.data;
  const outcome = await deps.flows.channels.unshared(
    ctx,
    {
      channel: e.channel,
      ...(e.previously_connected_team_id ? { team: e.previously_connected_team_id } : {}),
      stillShared: e.is_ext_shared === true,
      at: channelEventAt(e, {}, ctx.now),
    },
    link,
  );
  ctx.log.info({ channel: e.channel, outcome }, 'channel_unshared');
}
