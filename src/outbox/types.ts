/**
 * The outbox: every Slack side effect that follows a state change is written here first, under
 * a key derived from the change, and delivered by one worker (src/notify/outbox.ts). A key is
 * written once (a second write of it is a no-op), so a change announced twice is sent once; an
 * entry stays until Slack took it, so nothing claimed is lost to a refusal or a crash.
 */
import { SLACK_ID } from '../slack-ids.js';

/** How an entry is rendered and sent (see src/notify/outbox.ts). */
export const OUTBOX_KINDS = [
  /** A message rendered when it was written. */
  'message',
  /** A ticket's triage card: rendered from the ticket as stored when it goes out, posted once
   * and then updated in place; requests made meanwhile coalesce into one update. */
  'ticket.card',
  /** One line of an SLA alert list: the lines of one group go out as one message. */
  'alert',
  /** One SLA alert in a ticket's thread: one reply per ticket and sweep. */
  'alert.thread',
  /** One customer signal: an owner's go out as one DM. */
  'signal',
  /** One task reminder: an executor's go out as one DM (or a few). */
  'reminder',
  /** The weekly digest with its chart. */
  'digest',
  /**
   * An edit of one of a ticket's posts (TicketPost) after retention or an erasure took its words:
   * rendered from the ticket as stored when it goes out, chat.update at the cards' pace.
   */
  'message.edit',
  /** A person's App Home: rendered from the records when it goes out, published with
   * views.publish; one entry per person (`home:<userId>`), coalesced (see `coalesceMs`). */
  'home',
] as const;
export type OutboxKind = (typeof OUTBOX_KINDS)[number];

/** `dropped`: never sent, and nobody is to send it: the workspace stopped being served (app
 * uninstalled, tokens revoked), or a thread reply whose parent will never be posted
 * (PARENT_NEVER_POSTED); kept with the reason in `lastError`. */
export const OUTBOX_STATES = ['pending', 'sent', 'dead', 'dropped'] as const;
export type OutboxState = (typeof OUTBOX_STATES)[number];

/**
 * Why a ticket's card waits (its `lastError`): the workspace has no triage channel yet. Never
 * given up for it: the card is kept until an admin sets one, then made due at once.
 */
export const NO_TRIAGE_CHANNEL = 'no_triage_channel';

/**
 * Why a reply is dropped: the message it threads under was recorded as done without being
 * posted (a ticket's card whose ticket is gone), or dropped: there is no thread to reply in, and
 * the reply means nothing outside it. Nothing to fix and nothing to send again, so it is not
 * given up (the managers' Home lists what was given up, with Send again) but dropped, and
 * forgotten as given-up entries are.
 */
export const PARENT_NEVER_POSTED = 'thread_parent_gone';

/**
 * A delivering instance's heartbeat in `slack_waits` (SlackWaitDoc with `teamId` empty): its
 * `method` is this and the instance's id (OutboxRepository.beat).
 */
export const INSTANCE_BEAT = 'instance:';

/**
 * Why a reply is given up: the message it threads under was given up (its `thread.parentKey`);
 * it goes again with it on Send again. Never the reason a manager is told to fix (the parent's
 * is: OutboxRepository.counts).
 */
export const PARENT_GIVEN_UP = 'thread_parent_not_posted';

/** Where a reply goes: a known thread, or the message another entry posted (a ticket's card). */
export interface ThreadRef {
  ts?: string;
  parentKey?: string;
}

/**
 * How old (the desk's clock, from the read's start) a request's own read of the desk channels'
 * links, or of its card's thread (`CardThreadRead`), may be for its delivery to take it
 * (OutboxWorker.deliver's `links` and `thread`): the DB commands between the read and the
 * delivery take milliseconds, but a Slack call among them (a new ticket's permalink) may take
 * long; past this, a link made meanwhile is read, not missed, and the thread is read again.
 */
export const LINKS_READ_FRESH_MS = 1_000;

/**
 * A ticket card's thread as a request read it along with its ticket (TicketService's read, a
 * `$lookup` on the outbox: OutboxRepository.cardThreadPipeline): the replies in it still owed
 * then, and when that read began (the desk's clock, ms). The request's own delivery asks whether
 * an earlier reply holds its line back (OutboxWorker `earlierOwed`) from this answer instead of
 * reading the outbox again, while it is fresh and the thread is this card's.
 */
export interface CardThreadRead {
  at: number;
  ticketId: string;
  /** Where the card was as read: the thread the answer covers. */
  channel: string;
  ts: string;
  /** The replies still owed there (those under its ts, and those naming the card), oldest first. */
  entries: OutboxEntry[];
}

/** What a notifier asks to be sent. */
export interface NewOutboxEntry {
  /** Unique per workspace: derived from the change it announces (`ticket:<id>:event:3`). */
  key: string;
  kind: OutboxKind;
  /** The channel or user id it goes to. */
  to: string;
  /** Entries with the same group that are due together go out as one message. */
  group?: string;
  /** What the renderer needs: a rendered message, or the records a list is drawn from. */
  data: unknown;
  thread?: ThreadRef;
  /**
   * Sent again on every request (a card shown again after a change): a request made while it is
   * waiting or being sent is coalesced into one more delivery.
   */
  refresh?: boolean;
  /** Not before this time (a reply waiting for its card). */
  notBefore?: Date;
  /**
   * Waits while the workspace's quiet hours last (written then, it is due when they end):
   * non-urgent DMs, reminders and alerts.
   */
  quiet?: boolean;
  /**
   * Set by OutboxService.enqueue on a `quiet` entry it made wait for quiet hours: when it was due
   * (stored), so that quiet hours saved anew re-time it (OutboxService.quietHoursChanged).
   */
  quietFrom?: Date;
  /**
   * Coalesced (App Home): one delivery owed per key at a time. Written while none is owed, it is
   * due this many ms later; written again while one is owed, nothing changes (a burst of writes
   * makes one delivery), except that a delivery already under way goes once more (it may have
   * rendered before the change).
   */
  coalesceMs?: number;
  /**
   * Low priority (a bulk redraw: the posted cards of every ticket a settings save moved): the
   * worker delivers it after every other entry due, a few at a time (BULK_SLICE), reading the
   * others again between, so that a thousand card updates at chat.update's pace never hold back
   * an alert or a DM written after them. Never held by its writer (the worker delivers it). A
   * write of its key that is not bulk (the ticket's next change) makes it urgent again; a bulk
   * write leaves an entry already owed as it is (urgent or not).
   */
  bulk?: boolean;
  /**
   * An edit of a ticket's old post (`message.edit`) an erasure owes (a data subject's request):
   * first on the edits lane, before retention's routine edits however many wait
   * (OutboxDoc.erasure).
   */
  erasure?: boolean;
  /**
   * Written but never sent (state `dropped`, this reason in `lastError`): a DM a hand-over tells
   * in its one summary instead. Its key is there, so no repair writes it again.
   */
  withheld?: string;
  /**
   * An App Home's: the version of the workspace's settings its writer knew (OutboxService
   * stamps it), the newest any write of the owed entry knew; it is drawn from settings no older.
   */
  settingsVersion?: number;
  /**
   * A repair's DM drawn from a ticket as the repair read it, written held before it reads the
   * ticket again (TicketFlows.writtenIfUnchanged): the ticket and the version it was drawn from.
   * Taken off once its writer found the ticket unchanged (OutboxRepository.confirmDrawn). Still
   * on it, the writer never checked (it died in between): whoever delivers it reads the ticket's
   * version first and takes it back if it changed (OutboxWorker), never sending it as drawn.
   */
  drawnFrom?: DrawnFrom;
  /**
   * The customers (and, by key, their contacts) a DM drawn from a run's earlier read names: a
   * daily signal, the owners' greetings list. Written with it, so that whoever delivers it but
   * its writer (who checked after its write: `TaskService.namesGone`) checks first that none of
   * them was erased since, or is being erased, and takes it back unsent if one was (OutboxWorker,
   * NAMED_ERASED): a writer that died between its write and its check leaves nothing unchecked.
   */
  names?: NamedIn[];
}

/**
 * A customer an outbox entry names (NewOutboxEntry.names), by id and code (what an erasure's
 * lease names), with the keys of the contacts of it the entry names (never their names).
 */
export interface NamedIn {
  customerId: string;
  code: string;
  contacts?: string[];
}

/**
 * Why a delivery took entries back unsent (deleted, logged): a DM naming a customer or contact
 * erased since it was written, or being erased (NewOutboxEntry.names).
 */
export const NAMED_ERASED = 'names_an_erased_customer';

/** The ticket a repair's DM was drawn from, and its version then (NewOutboxEntry.drawnFrom). */
export interface DrawnFrom {
  ticketId: string;
  version: number;
  /**
   * Its writer (the batch's hold owner; OutboxService.batch stamps it): the one of its `heldBy`
   * that never posted it (a writer delivers only what it confirmed, unstamped), so that a
   * delivery taking it back looks in Slack only for the posts of the others (OutboxWorker).
   * Absent on entries stamped before it was kept: every earlier holder is then looked for.
   */
  by?: string;
}

/**
 * What a repair's writer found of the DMs it wrote as drawn (OutboxRepository.confirmDrawn): the
 * keys not confirmed, whose DMs are not to go now (the marks of whom they are for stay for the
 * next pass), the others confirmed. `heldByAnother`: one of them is held, its hold in force, by
 * another writer whose check is still to come; nothing was confirmed, every key is unsettled.
 * One held by a delivery (not its writer) leaves only its own key unsettled.
 */
export interface DrawnChecked {
  heldByAnother: boolean;
  /**
   * Keys under which an earlier pass's DM, drawn from another version of the ticket and never
   * checked, is still owed or given up (deleted for the next pass to draw anew, or kept for its
   * delivery, or Send again, to look for in Slack first: one given up in doubt owed again for
   * that look once its last back-off is over), or held by a delivery under way (it
   * reads the ticket first), or no entry is left (another pass's, taken back since). All of them
   * when `heldByAnother`.
   */
  unsettled: string[];
}

/**
 * Of a repair's DM still stamped (NewOutboxEntry.drawnFrom), the deliveries that held it and may
 * have got Slack to take it (a post Slack took without answering, a delivery dying after its
 * post): its holders (`heldBy`; one whose try Slack refused, or that put it off before posting,
 * took itself off) but its writer, which never posts an entry still stamped (DrawnFrom.by), and
 * `self`.
 * None: nothing of it can be in Slack.
 */
export function triedBeyondWriter(
  e: { heldBy?: string[] | null; drawnFrom?: { by?: string | null } | null },
  self: string,
): string[] {
  return (e.heldBy ?? []).filter((o) => o !== self && o !== e.drawnFrom?.by);
}

/**
 * Why a delivery took entries back unsent (deleted, logged): a repair's DMs its writer never
 * checked, drawn from a ticket changed since (NewOutboxEntry.drawnFrom).
 */
export const DRAWN_STALE = 'drawn_from_a_changed_ticket';

/** Where a message went in Slack. */
export interface CardPlace {
  channel: string;
  ts: string;
}

/** Every place a card's entry says it left (`OutboxEntry.left`, an old entry's single one too). */
export function placesLeft(left: OutboxEntry['left'] | null | undefined): CardPlace[] {
  if (!left) return [];
  return Array.isArray(left) ? left : [left];
}

export interface OutboxEntry extends Omit<
  NewOutboxEntry,
  'refresh' | 'notBefore' | 'quiet' | 'coalesceMs' | 'withheld'
> {
  id: string;
  teamId: string;
  state: OutboxState;
  /** Order of writing (time, then a counter): a thread's replies go out in this order. */
  seq: number;
  /** Bumped by every refresh request: a delivery marks the entry sent only if none came since. */
  rev: number;
  /**
   * Failed deliveries so far (rate limits do not count), both kinds: those Slack refused or that
   * failed for this message, and those of Slack failing as a whole (`transientAttempts`). What
   * the back-off and the managers' Homes read; the give-up reads each kind apart (`refusedTries`).
   */
  attempts: number;
  /**
   * How many of `attempts` failed because Slack itself was failing (an HTTP 5xx, no answer, one
   * of SLACK_FAILING_ERRORS: `slackFailing` in src/notify/outbox.ts), given up only after
   * TRANSIENT_MAX_ATTEMPTS of them, not MAX_ATTEMPTS. Unset when the entry is owed afresh.
   */
  transientAttempts?: number;
  /**
   * Its last counted failure was Slack failing as a whole (`transientAttempts`), not a refusal:
   * what Slack answering again brings forward (OutboxRepository.dueAfterSlackFailed) and what a
   * Home's line of entries given up advises on. A rate limit since leaves it as it was.
   */
  lastTransient?: boolean;
  /**
   * Its last try found its parent message (its card) not posted yet and deferred it for that
   * alone (OutboxRepository.defer with `parentWait`; any lease clears it): its `nextAt` is that
   * wait's, not a back-off, a rate limit or quiet hours of its own, so it goes right after its
   * parent is posted (OutboxWorker.inOrder), where another reply waits for its own `nextAt`.
   */
  parentWait?: boolean;
  /**
   * How many of `attempts` failed because Slack could not say whether a requester's notice's
   * channel is shared (src/notify/outbox.ts CHANNEL_UNASKED_RETRIES counts these, not the others).
   * Unset when the entry is owed afresh (its attempts back to 0).
   */
  unaskedTries?: number;
  /**
   * Made owed again after it was given up, or waited for a triage channel (Send again, a triage
   * channel's save, a reply going with its parent), until it is sent: the tries it failed no
   * longer count in `attempts`, but its going changes what the managers' Homes counted.
   */
  revived?: boolean;
  nextAt: Date;
  leaseOwner?: string;
  leaseUntil?: Date;
  /**
   * The deliveries that held it since it was last sent and may have posted it (cut short by a
   * crash or a stalled lease): a delivery looks for their posts in Slack before posting. One
   * that knows nothing went out (Slack refused it) takes itself off.
   */
  heldBy?: string[];
  lastError?: string;
  /** Where Slack put it (a card is updated there; replies thread under it). */
  result?: { channel: string; ts: string };
  /**
   * A ticket's card: where it was in each channel the desk left since (OutboxRepository.channelLeft:
   * `result` moved here), so that a line still owed under it there can follow it (never sent
   * there). Each place it left, in the order left; a single place in an entry written
   * before a card could leave more than one (read with `placesLeft`).
   */
  left?: CardPlace[] | CardPlace;
  /**
   * Slack's refusal of `to` (one of CHANNEL_ERRORS) when the message went to its fallback
   * instead (a requester's DM): delivered (the channel's refusal is recorded apart, see
   * ChannelRefusalDoc).
   */
  refused?: string;
  createdAt: Date;
  /** When a coalesced entry (kept by key) was last made owed again after it was sent. */
  owedAt?: Date;
  sentAt?: Date;
}

/** An entry a delivery holds, as the writes that end its lease name it (by id, or by key when
 * the id is not known: a refresh held as it was written). */
export type HeldEntry = Pick<OutboxEntry, 'id' | 'teamId' | 'key' | 'rev'>;

/** What a batch of writes (OutboxService.batch) left for its writer to deliver at once. */
export interface Written {
  /** Entries written already leased to `owner`, as written. */
  held: OutboxEntry[];
  /** Keys written that are not due now (coalesced, or later): not to be delivered now. */
  later: string[];
  /**
   * Of `later`, the keys this write created (new entries, not coalesced): the only waiting ones
   * its writer may take back (one that matched an entry already there is another writer's).
   */
  created: string[];
  owner: string;
}

/**
 * The worker's lanes, served in this order (OutboxWorker.drain): `urgent`, every entry but the
 * bulk ones; `bulk`, the bulk redraws (NewOutboxEntry.bulk); `trail`, the edits of a ticket's old
 * posts (`message.edit`), after those, an erasure's before retention's (NewOutboxEntry.erasure).
 */
export type OutboxLane = 'urgent' | 'bulk' | 'trail';

/** How many entries wait, have gone, or were given up, for App Home and the logs. */
export interface OutboxCounts {
  /** Messages waiting, but the edits of old posts. */
  pending: number;
  /** Edits of the desk's old posts waiting (retention's, erasures'): routine, counted apart. */
  edits: number;
  /** Messages given up (not the edits of old posts: `deadEdits`). */
  dead: number;
  /**
   * Edits of old posts given up (Slack refusing their channel: thousands after a retention run),
   * counted apart so that they do not drown the messages given up; the oldest's reason and place.
   */
  deadEdits: number;
  firstDeadEdit?: { to: string; lastError?: string };
  /**
   * Of `dead`, those given up because Slack itself kept failing (OutboxEntry.lastTransient: an
   * outage, nothing to fix), the rest Slack refused (a channel to invite the app to, a person gone).
   */
  deadFailing: number;
  /**
   * The oldest written of the messages given up that Slack refused (`refused`), and of those given
   * up while it failed (`failing`): where each went and why, the first usually the cause of the rest.
   */
  firstDead: { refused?: DeadMessage; failing?: DeadMessage };
}

/** A message given up: where it was going, and Slack's last answer. */
export interface DeadMessage {
  to: string;
  lastError?: string;
}

/**
 * Notices of what happened longer ago than this are not written again by a repair: their keys
 * may be gone (sent entries are kept OUTBOX_KEEP_MS, 7 days), and they went out at the time.
 */
export const REPLAY_MS = 6 * 86_400_000;

/** The outbox key of a ticket's card (the replies in its thread name it as their parent). */
export const cardKey = (ticket: { id: string }) => `card:${ticket.id}`;

/** The outbox key of a person's App Home (one coalesced entry per person). */
export const homeKey = (userId: string) => `home:${userId}`;

/**
 * Keys of self-deleting entries: deleted, not kept as sent, once delivered, given up or dropped
 * (OutboxRepository), so that nothing of whom they went to outlives them; their key names
 * nobody (it is logged). An erased person's App Home published again (PrivacyFlows).
 */
export const FORGET_PREFIX = 'forget:';

/** Whether an entry of `key` deletes itself once done with (FORGET_PREFIX). */
export const forgets = (key: string) => key.startsWith(FORGET_PREFIX);

/** Where a delivered entry went, and the refusal of its channel when that was its fallback. */
export interface SentMark {
  entry: HeldEntry;
  result?: { channel: string; ts: string };
  refused?: string;
}

/**
 * Slack's answers that mean it will never deliver a DM to this person (conversations.open's and
 * chat.postMessage's refusals of the user: deactivated or removed, `user_disabled`, or a bot):
 * given up at once, not retried. (`account_inactive` is not one: Slack says it of the bot's own
 * token, a deleted workspace or bot user.)
 */
export const RECIPIENT_ERRORS = ['user_not_found', 'user_disabled', 'cannot_dm_bot'] as const;

/** A Slack user id (a DM's address), not a channel's. */
export function isPerson(to: string): boolean {
  return SLACK_ID.user.test(to);
}

/** Whether `error` said of a DM to `to` is Slack refusing that person for good (RECIPIENT_ERRORS). */
export function personGone(to: string, error: string | undefined): boolean {
  return !!error && isPerson(to) && (RECIPIENT_ERRORS as readonly string[]).includes(error);
}

/**
 * Slack's answers (`ok: false`) that say Slack itself is failing, not refusing this message: a
 * try failing with one counts in `transientAttempts`, as an HTTP 5xx or no answer does.
 */
export const SLACK_FAILING_ERRORS = [
  'internal_error',
  'fatal_error',
  'service_unavailable',
  'request_timeout',
] as const;

/**
 * The failed tries of an entry that count toward MAX_ATTEMPTS (src/notify/outbox.ts): those Slack
 * refused or that failed for this message, not those of Slack failing as a whole (an entry's
 * `transientAttempts` never exceed its `attempts`; one owed afresh may keep a stale count).
 */
export function refusedTries(e: Pick<OutboxEntry, 'attempts' | 'transientAttempts'>): number {
  return e.attempts - Math.min(e.transientAttempts ?? 0, e.attempts);
}

/** Slack's answers that mean the bot cannot post in a channel until someone fixes it. */
export const CHANNEL_ERRORS = ['not_in_channel', 'channel_not_found', 'is_archived'] as const;

/** Channels Slack refused that an admin's App Home names at most (its outbox section counts the rest). */
export const UNREACHABLE_NAMED = 3;

/**
 * A claim of the managers' Homes refresh after a delivery pass (OutboxRepository.claimHomesRefresh):
 * when they are to be refreshed, and what the claim moved the team's document from (`null`: it
 * created it; absent: it moved nothing, the time was claimed already), to give it back, and
 * the claim's id (written on the document: given back only while it is still there).
 */
export interface HomesClaim {
  at: Date;
  from?: Date | null;
  id?: string;
  /**
   * The claim asks again for Homes a claim given back did not write (`givenBack`): given back
   * too, it keeps its time, so a workspace whose Homes keep failing is asked for once per gap.
   */
  retry?: boolean;
}

/**
 * Why entries were dropped: the desk channel they went to may not be used (Slack Connect, or a
 * customer's channel: only the desk's own messages), found before the post
 * (OutboxWorker.deskChannelCheck), when it was cleared (OutboxService.channelLeft), or as they
 * went out (`barredChannel` in src/notify/outbox.ts).
 */
export const DESK_CHANNEL_UNFIT = 'desk_channel_unfit';

/**
 * What a ticket's post in Slack is (TicketPost.kind): a line of its card's thread (one of its
 * timeline's events, `seq` its place: 0 the created event, k `timeline[k - 1]`), an SLA alert in
 * that thread, a DM to its assignee about it, the escalation channel's post of one of its
 * escalations (`seq` the escalation's place, as a line's), a list of the SLA sweep's alerts with
 * a line about it (the alerts or escalation channel's list, an SLA alert DM: `others`, the other
 * tickets of the same list), or another notice naming it (the account manager's and their
 * managers' DMs, a complaint's page, a follower's or a low score's DM), or one of the requester's
 * own notices (`requester`: their DMs, their conversation's thread: received, each step, the
 * survey and its reminder, a message an agent confirmed), edited to a line of their own, or a
 * DM about one of its tasks (`task`: a task linked to it, a complaint's contact, a follow-up: the
 * executor's, helper's and approver's DMs and reminders, which name its customer and its words),
 * edited to a line pointing to where the tasks are (`/task mine`, the App Home). And, of no
 * ticket (TaskPost, `customerTask`), a DM about a task linked to none: its customer's and its
 * task's (a care call, a visit, a task planned by hand), edited likewise, as is a low quarterly
 * survey's managers' notice (its customer and the feedback typed); and a list naming several
 * customers' tasks (TaskListPost, `taskList`: an owner's greetings of the day, a manager's
 * overdue list), edited to a line of its own.
 */
export const TICKET_POST_KINDS = [
  'line',
  'alert',
  'dm',
  'escalation',
  'alerts',
  'notice',
  'requester',
  'task',
  'customerTask',
  'taskList',
] as const;
export type TicketPostKind = (typeof TICKET_POST_KINDS)[number];

/**
 * Where one of a ticket's posts went in Slack (written by the outbox once Slack took it, one per
 * workspace and outbox key): what retention and erasures edit when they take the ticket's words,
 * since the outbox forgets its sent entries after a week (OUTBOX_KEEP_MS).
 */
export interface TicketPost {
  teamId: string;
  ticketId: string;
  /** The outbox key it went under. */
  key: string;
  kind: Exclude<TicketPostKind, 'customerTask' | 'taskList'>;
  /**
   * A DM about one of its tasks (`task`): the task (recorded since session 60; an older record
   * names it in its key only: `postNamesTask`).
   */
  taskId?: string;
  /** A thread line's place in the thread (`kind` line), an escalation's (`kind` escalation). */
  seq?: number;
  /** A list of alerts (`kind` alerts): the other tickets with a line in the same message. */
  others?: string[];
  channel: string;
  ts: string;
  /**
   * A DM's person (their id): an erasure of them by Slack user deletes the record (their DM's
   * channel id leads back to them), so the DM is not edited. Not read back (`postsOf`).
   */
  to?: string;
}

/**
 * Where a DM about a task linked to no ticket went (TaskNotifier: its reminders, the DMs of its
 * planning, moves, edits, hand-overs, cancelling and done, to its executor, helper and approver),
 * which names its customer and quotes the task: written by the outbox once Slack took it, in the
 * same collection as a ticket's posts (one per workspace and outbox key). An erasure of its
 * customer (whole or a contact) edits it, read by `customerId`; retention, of a task it
 * anonymises, by `taskId`: to a fixed line saying where the tasks are.
 */
export interface TaskPost {
  teamId: string;
  key: string;
  kind: 'customerTask';
  taskId: string;
  customerId: string;
  channel: string;
  ts: string;
  /** Whom the DM went to (as TicketPost's): not read back (`taskPostsOf`). */
  to?: string;
}

/**
 * Where a message listing several customers' tasks went (TaskNotifier: an owner's greetings of
 * the day, `greetings:<owner>:<day>`; a manager's, or the alerts channel's, overdue list,
 * `overdue:<day>:<to>`), which names each customer and quotes each task's words: the tasks it
 * shows (`taskIds`, linked to a ticket or not) and their customers (`customerIds`). An erasure
 * of any of them (whole or a contact) edits it, read by `customerIds`; retention of any of its
 * tasks, by `taskIds`: the message taken out whole, to a fixed line saying where the tasks are.
 */
export interface TaskListPost {
  teamId: string;
  key: string;
  kind: 'taskList';
  taskIds: string[];
  customerIds: string[];
  channel: string;
  ts: string;
  /** Whom the DM went to (as TicketPost's): not read back. */
  to?: string;
}

/**
 * A record of ticket_posts: a ticket's post, a DM about a task linked to no ticket, a list of
 * several customers' tasks.
 */
export type PostRecord = TicketPost | TaskPost | TaskListPost;

/**
 * Whether a DM about a ticket's task (TicketPost kind `task`) is about the task `taskId`: its
 * record says (`taskId`), else (a record written before it did) its outbox key, which names the
 * task after a prefix (`reminder:<id>:due`, `assigned:<id>`, `cancelled:executor:<id>`, …: a
 * task's id holds colons of its own, so it is matched whole, between colons or at the end).
 */
export function postNamesTask(post: Pick<TicketPost, 'key' | 'taskId'>, taskId: string): boolean {
  if (post.taskId) return post.taskId === taskId;
  return post.key.includes(`:${taskId}:`) || post.key.endsWith(`:${taskId}`);
}

const ID = '([0-9a-f]{24})';
const USER = '[A-Z0-9]+';
/** The DMs to a ticket's assignee whose words come from the ticket (TicketNotifier). */
const TICKET_DM_KEY = new RegExp(
  `^ticket:${ID}:(?:assigned|backToAssignee|wroteToAssignee|handedAway):\\d+$`,
);
/**
 * An assignee's draft (a delay notice, a progress note: RequesterNotifier.draft), a DM to whom
 * holds the ticket naming its customer and title: edited as their other DMs about it.
 */
const TICKET_DRAFT_KEY = new RegExp(`^requester:${ID}:draft:.+$`);
const TICKET_LINE_KEY = new RegExp(`^ticket:${ID}:event:(\\d+)$`);
const TICKET_ALERT_KEY = new RegExp(`^sla:${ID}:[A-Za-z0-9]+:\\d+:thread$`);
/** The escalation channel's post of an escalation by a person (TicketNotifier.escalation). */
const TICKET_ESCALATION_KEY = new RegExp(`^ticket:${ID}:escalation:(\\d+)$`);
/**
 * The SLA sweep's lists (AlertNotifier): the alerts channel's, the escalation channel's, and the
 * DMs to the owner, their managers, a contact task's holder and whom an escalation took it from.
 */
const TICKET_ALERTS_KEY = new RegExp(
  `^sla:${ID}:[A-Za-z0-9]+:\\d+:(?:list|escalation|dm|executor|previous|manager:${USER})$`,
);
/**
 * Other notices naming a ticket and its customer, to staff or the escalation channel: the account
 * manager's DM (intake's, a complaint's), the managers' complaint DM and a critical one's page, a
 * complaint's urgency changed, a stand-in's, a kept reply's, the resolver's upgrade hand-off; a
 * follower's DMs (added, each step) and the managers' low score DMs (not the requester's own).
 */
const TICKET_NOTICE_KEYS = [
  new RegExp(
    `^ticket:${ID}:(?:account-manager|complaint(?::[a-z]+)?:(?:account-manager|manager:${USER}|page)|complaint-urgency:\\d+:${USER}|standInTaken:${USER}|keptNote:\\d+)$`,
  ),
  new RegExp(`^upgrade-handed:${ID}:\\d+$`),
  new RegExp(`^follower:${ID}:${USER}:add:\\d+$`),
  new RegExp(`^requester:${ID}:(?:event:\\d+:f:${USER}|low-score:\\d+:(?:details:\\d+:)?${USER})$`),
];
/**
 * The requester's own notices (RequesterNotifier, in their DM or their conversation's thread):
 * "We have your request", each step (taken, handed over, waiting on them, resolved, reopened,
 * merged), the survey and its reminder, a message an agent confirmed (`sent:<submission>`).
 * Not a follower's copy of a step (`…:f:<user>`), nor an assignee's draft.
 */
const REQUESTER_NOTICE_KEY = new RegExp(
  `^requester:${ID}:(?:received|event:\\d+|survey(?:-reminder)?:\\d+|sent:[^:]+)$`,
);

/**
 * Of an outbox key, the ticket post it names (its ticket and kind), if it is one a ticket's words
 * are in: a thread line (`ticket:<id>:event:<seq>`), an SLA alert in the thread
 * (`sla:<id>:<kind>:<ms>:thread`), an assignee's DM (`ticket:<id>:assigned:<seq>` and the like),
 * an escalation's post (`ticket:<id>:escalation:<seq>`), an SLA list or DM with a line about it
 * (`sla:<id>:<kind>:<ms>:dm` and the like), another notice naming it (TICKET_NOTICE_KEYS), one
 * of the requester's own notices (REQUESTER_NOTICE_KEY).
 */
export function ticketPostOf(
  key: string,
): Pick<TicketPost, 'ticketId' | 'kind' | 'seq'> | undefined {
  const line = TICKET_LINE_KEY.exec(key);
  if (line) return { ticketId: line[1]!, kind: 'line', seq: Number(line[2]) };
  const alert = TICKET_ALERT_KEY.exec(key);
  if (alert) return { ticketId: alert[1]!, kind: 'alert' };
  const dm = TICKET_DM_KEY.exec(key) ?? TICKET_DRAFT_KEY.exec(key);
  if (dm) return { ticketId: dm[1]!, kind: 'dm' };
  const escalation = TICKET_ESCALATION_KEY.exec(key);
  if (escalation)
    return { ticketId: escalation[1]!, kind: 'escalation', seq: Number(escalation[2]) };
  const alerts = TICKET_ALERTS_KEY.exec(key);
  if (alerts) return { ticketId: alerts[1]!, kind: 'alerts' };
  for (const re of TICKET_NOTICE_KEYS) {
    const notice = re.exec(key);
    if (notice) return { ticketId: notice[1]!, kind: 'notice' };
  }
  const requester = REQUESTER_NOTICE_KEY.exec(key);
  if (requester) return { ticketId: requester[1]!, kind: 'requester' };
  return undefined;
}

/**
 * Of an entry Slack took, the post it is when it is a DM about a task (TaskNotifier): a reminder
 * (or a planned task's first DM) or a DM naming the task (`about`, set by TaskNotifier on a task's
 * DMs): one of its ticket's posts for a task linked to a ticket (with the task's id), else a DM
 * of the task and its customer (`customerTask`); or a list of several customers' tasks (`about`
 * with `taskIds` and `customerIds`: `taskList`). A task's id is not a ticket's, nor in a form a
 * key's pattern can tell: the entry's data says.
 */
export function taskPostOf(entry: {
  kind?: string;
  data?: unknown;
}):
  | Pick<TicketPost, 'ticketId' | 'kind' | 'seq' | 'taskId'>
  | Pick<TaskPost, 'taskId' | 'customerId' | 'kind'>
  | Pick<TaskListPost, 'taskIds' | 'customerIds' | 'kind'>
  | undefined {
  const data = entry.data as
    | {
        task?: { id?: unknown; ticketId?: unknown; customerId?: unknown };
        about?: {
          ticketId?: unknown;
          taskId?: unknown;
          customerId?: unknown;
          taskIds?: unknown;
          customerIds?: unknown;
        };
      }
    | null
    | undefined;
  const about =
    entry.kind === 'reminder'
      ? { ...data?.task, taskId: data?.task?.id }
      : entry.kind === 'message'
        ? data?.about
        : undefined;
  const id = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
  const ids = (v: unknown) =>
    Array.isArray(v) ? [...new Set(v.flatMap((x) => (id(x) ? [x as string] : [])))] : [];
  const taskIds = ids(about?.taskIds);
  const customerIds = ids(about?.customerIds);
  if (taskIds.length && customerIds.length) return { taskIds, customerIds, kind: 'taskList' };
  const ticketId = id(about?.ticketId);
  const taskId = id(about?.taskId);
  if (ticketId) return { ticketId, kind: 'task', ...(taskId ? { taskId } : {}) };
  const customerId = id(about?.customerId);
  return taskId && customerId ? { taskId, customerId, kind: 'customerTask' } : undefined;
}

/**
 * The outbox key of the edit of a ticket's post (`message.edit`) drawn from the ticket at
 * `version`: written once per post and version of the ticket (a rerun writes nothing new; a
 * later rewrite of the ticket, its version bumped, edits the post again).
 */
export const postEditKey = (post: Pick<TicketPost, 'ticketId' | 'key'>, version: number) =>
  `edit:${post.ticketId}:${version}:${post.key}`;

/**
 * The outbox key of the edit of an SLA list or DM (TicketPost kind `alerts`): one per message,
 * however many of the tickets it had a line about are taken, and no version, as its edited text
 * (one line naming every ticket it listed) never changes: written again while the entry is kept,
 * nothing new is.
 */
export const listEditKey = (post: Pick<TicketPost, 'channel' | 'ts'>) =>
  `edit:list:${post.channel}:${post.ts}`;

/**
 * The outbox key of the edit of a DM about a task (TaskPost; a ticket's, TicketPost kind `task`;
 * a list of tasks, TaskListPost): one per message, its edited text (a fixed line) never changing,
 * as a list's: a day's reminders are one DM for several tasks, each recorded, edited once; an
 * erasure and retention both taking it, a ticket's edits and its task's retention, once.
 */
export const taskEditKey = (post: Pick<PostRecord, 'channel' | 'ts'>) =>
  `edit:task:${post.channel}:${post.ts}`;

/**
 * A `message.edit` entry's data: the post to edit (where it went, what it was) and its ticket,
 * read when it goes out. `mergedFrom`: the id of a duplicate merged into that ticket, whose merge
 * line (naming who asked for it, quoting their words) the post is: drawn from the duplicate as
 * stored then (TicketNotifier.mergeLineEdits).
 */
export interface EditData {
  post: PostRecord;
  mergedFrom?: string;
}

/**
 * The outbox entry editing a recorded post (`message.edit`, on the edits lane: `bulk`), keyed by
 * `key` (postEditKey, listEditKey, taskEditKey): `mergedFrom`, a merge line drawn from that
 * duplicate; `notBefore`, a backlog spread out; `erasure`, an erasure's (first on the lane).
 */
export function editEntry(
  key: string,
  post: PostRecord,
  opts: { mergedFrom?: string; notBefore?: Date; erasure?: boolean } = {},
): NewOutboxEntry {
  return {
    key,
    kind: 'message.edit',
    to: post.channel,
    data: { post, ...(opts.mergedFrom ? { mergedFrom: opts.mergedFrom } : {}) } satisfies EditData,
    bulk: true,
    ...(opts.notBefore ? { notBefore: opts.notBefore } : {}),
    ...(opts.erasure ? { erasure: true } : {}),
  };
}

/**
 * The outbox across workspaces, for the operators' metrics: the messages waiting (`pending`) and
 * given up (`dead`), neither counting the edits of old posts; those waiting apart (`edits`: an
 * erasure's, retention's) and given up apart (`editsDead`), so that an alert on the messages
 * waiting or lost does not fire on a routine retention run.
 */
export interface OutboxTotals {
  pending: number;
  dead: number;
  edits: { erasure: number; retention: number };
  editsDead: number;
}
