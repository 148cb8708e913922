/** Customer channels (#10): a Slack channel (Slack Connect included) linked to one customer. */

import type { Guest } from '../context.js';

/**
 * A channel linked to a customer, as a delivery asks of it: the customer (its id), and `state`:
 * `left`, its customer left it (Slack Connect disconnected: ChannelLink.disconnectedAt), where
 * nothing more is posted (the outbox's CUSTOMER_LEFT); `shared`, a Slack Connect channel of the
 * customer's; `linked`, another customer channel.
 */
export interface LinkedChannel {
  customerId: string;
  state: 'left' | 'shared' | 'linked';
}

/** What a link says of its channel (`LinkedChannel`). */
export function linkedChannel(
  link: Pick<ChannelLink, 'customerId' | 'shared' | 'disconnectedAt'>,
): LinkedChannel {
  return {
    customerId: String(link.customerId),
    state: link.disconnectedAt ? 'left' : link.shared ? 'shared' : 'linked',
  };
}

/**
 * What a request read of some channels' links in the database (ChannelLinkRepository
 * `linkedCustomers`: each channel's link, undefined for one linked to none), and when: the
 * desk's clock (ms) as the read began, so that whoever takes the answer can tell its age.
 */
export interface LinksRead {
  at: number;
  linked: ReadonlyMap<string, LinkedChannel | undefined>;
}

/**
 * How a linked channel's messages become tickets: `all` every new top-level message from a
 * customer user; `emoji` only messages someone marks with the link's emoji; `shortcut` only
 * through the "Create ticket" message shortcut.
 */
export const INTAKE_MODES = ['all', 'emoji', 'shortcut'] as const;
export type IntakeMode = (typeof INTAKE_MODES)[number];

/** The reaction that opens a ticket in `emoji` mode unless the admin chose another. */
export const DEFAULT_INTAKE_EMOJI = 'ticket';

/**
 * A customer's top-level messages in the same channel within this many minutes of their ticket
 * (its first message or the last one added) are added to that ticket, not new tickets.
 */
export const FOLLOW_UP_MINUTES = 5;

/**
 * The most top-level messages one ticket takes (the one that opened it and those that joined
 * it): each adds a timeline note of up to DESCRIPTION_MAX characters, so a ticket's document
 * stays bounded however long a customer keeps writing. The next one opens a new ticket.
 */
export const FOLLOW_UP_PARTS_MAX = 50;

/**
 * The most thread replies of the customer's people one open ticket takes as timeline notes
 * (`said: 'reply'`, up to DESCRIPTION_MAX characters each), for the same reason: past it a reply
 * is logged and not added (a thread reply never opens a ticket on an open one). Replies that
 * resume or reopen it still do (each follows a wait or a resolve of the desk's).
 */
export const THREAD_REPLIES_MAX = 200;

/**
 * The most edits of the message that opened a ticket it takes (each a timeline note of up to
 * DESCRIPTION_MAX characters, `said: 'edited'`, with its description changed), for the same
 * reason: past it an edit is logged and dropped (the description stays as the last edit taken
 * left it).
 */
export const EDITS_MAX = 50;

export interface ChannelLink {
  teamId: string;
  channelId: string;
  customerId: string;
  customerCode: string;
  customerName: string;
  intake: IntakeMode;
  /** Reaction name without colons (`ticket`). */
  emoji: string;
  /**
   * Shared with another organisation (Slack Connect, or an invitation pending: `sharedOutside`):
   * when it was linked, then as the newest event since says (`is_ext_shared_channel`).
   */
  shared: boolean;
  /**
   * Shared only because an invitation to another organisation was pending when it was linked
   * (conversations.info `is_pending_ext_shared`, not `is_ext_shared`): an event's flag saying
   * not shared does not take `shared` back (Slack's `is_ext_shared_channel` does not count a
   * pending invitation); one saying shared (the invitation accepted) ends it, and events are
   * followed again. Linked again, it is as Slack says then.
   */
  sharedPending?: boolean;
  /**
   * When the newest event whose flag the link took happened (its `event_ts`); none: as of
   * `linkedAt`. An older event (a late delivery, a redo) never changes `shared`.
   */
  sharedAsOf?: Date;
  linkedBy: string;
  linkedAt: Date;
  /**
   * A desk channel cleared as shared with another organisation (`clearedChannels`) when it was
   * linked: listed again if unlinked while still shared (ChannelService.unlink).
   */
  cleared?: boolean;
  /**
   * The customer's organisation left the channel (Slack Connect disconnected: `channel_unshared`),
   * when (the event's own time): nobody of theirs reads or answers there any more, so the desk
   * posts nothing there (the outbox drops it: CUSTOMER_LEFT) and its tickets waiting on the
   * customer resume (ChannelFlows.unshared). Gone once it is shared again (`channel_shared`).
   */
  disconnectedAt?: Date;
  /** Who left, as Slack named them (`previously_connected_team_id`: a `T…` or `E…` id). */
  disconnectedTeam?: string;
}

/** What an event says of its channel: shared with another organisation or not, and when. */
export interface SharedFlag {
  shared: boolean;
  /** When the event happened (ms). */
  at: number;
}

/** A Slack emoji name as typed (`:ticket:` or `ticket`): lower-case letters, digits, `_+-'`. */
export function emojiName(input: string): string | undefined {
  const name = input.trim().replace(/^:/, '').replace(/:$/, '').toLowerCase();
  return /^[a-z0-9_+'-]{1,64}$/.test(name) ? name : undefined;
}

/**
 * The Events API inbox: where a customer channel event's delivery stands. `pending` while an
 * attempt holds its lease, `done`, `failed` (to be tried again), `dead` (given up).
 */
export const INBOX_STATUSES = ['pending', 'done', 'failed', 'dead'] as const;
export type InboxStatus = (typeof INBOX_STATUSES)[number];

/** How long an attempt holds an event before the redo job may take it (a crashed instance's). */
export const EVENT_LEASE_MS = 2 * 60_000;
/** Events younger than this are left to their own delivery by the redo job. */
export const EVENT_REDO_AFTER_MS = 60_000;
/** Attempts (the delivery's included) before an event is given up as `dead`. */
export const EVENT_MAX_ATTEMPTS = 5;
/** Done events are deleted after this many days, dead ones after EVENT_KEEP_DEAD_DAYS. */
export const EVENT_KEEP_DONE_DAYS = 7;
export const EVENT_KEEP_DEAD_DAYS = 30;

/** The wait before the next attempt after `attempts` failed ones: 1, 2, 4, 8... minutes, at most 30. */
export function eventBackoffMs(attempts: number): number {
  return Math.min(2 ** Math.max(0, attempts - 1), 30) * 60_000;
}

/** What a customer channel event's work needs to be done again: the event, and who acted. */
export interface InboxPayload {
  /** The event as Slack sent it (the envelope's `event`). */
  event: Record<string, unknown>;
  actor: string;
  /** The actor belongs to another organisation (Slack Connect). */
  external: boolean;
  /**
   * What Slack said of the actor when the event came (`Ctx.guest`: a guest of the workspace, or
   * Slack not saying in time), so that the work done again later is theirs as it was then: a
   * ticket a guest filed by emoji is still marked `filedByGuest`. Unset: a member, or it did not
   * matter (the actor holds a role).
   */
  guest?: Guest;
  /** A channel no longer linked: whether it is shared with another organisation (the event's). */
  unlinkedShared?: boolean;
  /** A linked channel: what the event's envelope said of it (its link follows when newer). */
  flag?: SharedFlag;
}

/** One stored delivery, as the redo job reads it. */
export interface InboxEvent {
  /** `team:event_id`. */
  id: string;
  teamId: string;
  eventId: string;
  type: string;
  at: Date;
  status: InboxStatus;
  attempts: number;
  payload?: InboxPayload;
}

/** What conversations.info says of a channel's sharing (the fields the desk reads). */
export interface ChannelSharing {
  is_ext_shared?: boolean;
  is_pending_ext_shared?: boolean;
}

/**
 * Whether people of another organisation read (or are about to read) a channel: Slack Connect,
 * conversations.info `is_ext_shared`, or an invitation to it pending (`is_pending_ext_shared`).
 * A channel shared only among the workspaces of one Enterprise Grid org (`is_org_shared`, and
 * so `is_shared`) is not. The one rule for a desk channel: the Channels form refuses such a
 * channel, `channel_shared` clears a desk channel only when it is one, and the outbox clears a
 * desk channel seeded from the environment on the same rule before its first post there.
 */
export function sharedOutside(channel: ChannelSharing | undefined): boolean {
  return Boolean(channel?.is_ext_shared || channel?.is_pending_ext_shared);
}
