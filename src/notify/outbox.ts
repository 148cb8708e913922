import { randomBytes } from 'node:crypto';
import type { WebClient } from '@slack/web-api';
import type { Clock } from '../clock.js';
import { makeCtx, SYSTEM_ACTOR, type Ctx } from '../context.js';
import { sharedOutside, type LinkedChannel, type LinksRead } from '../channel/types.js';
import { groupBy } from '../group.js';
import type { Logger } from '../logger.js';
import type { OutboxService } from '../outbox/service.js';
import type { SlackWaitKeptDoc } from '../outbox/model.js';
import {
  CHANNEL_ERRORS,
  cardKey,
  DESK_CHANNEL_UNFIT,
  DRAWN_STALE,
  NAMED_ERASED,
  NO_TRIAGE_CHANNEL,
  PARENT_GIVEN_UP,
  PARENT_NEVER_POSTED,
  RECIPIENT_ERRORS,
  isPerson,
  LINKS_READ_FRESH_MS,
  personGone,
  refusedTries,
  SLACK_FAILING_ERRORS,
  type CardThreadRead,
  type DrawnChecked,
  type DrawnFrom,
  type HomesClaim,
  type NamedIn,
  type OutboxEntry,
  type OutboxLane,
  type OutboxTotals,
  type SentMark,
  triedBeyondWriter,
  type Written,
} from '../outbox/types.js';
import { reachFor, type TaskRecord } from '../task/types.js';
import { may } from '../permissions.js';
import { keptNoteBurst, OPEN_STATUSES, type TicketRecord } from '../ticket/types.js';
import {
  alertDmHeading,
  alertList,
  asItStands,
  heldNote,
  alertThreadText,
  byUrgency,
  handedOnByPerson,
  unsuperseded,
} from '../ui/alerts.js';
import { chunks, type Message } from '../ui/blocks.js';
import { channelRefusedText, type Refused } from '../ui/refusal.js';
import { toldInsteadOfAdmins } from '../ui/settings.js';
import { signalsMessage } from '../ui/signals.js';
import { followerAddedNotice, receivedNotice, type ReceivedFrom } from '../ui/requester.js';
import { greetingListWithout, taskReminder } from '../ui/task.js';
import {
  keptNoteNotice,
  accountManagerDm,
  assignedDm,
  mergeLineEdited,
  ticketCard,
  ticketPostEdited,
  customerTaskPostEdited,
  taskListPostEdited,
  ticketLink,
  ticketNotice,
} from '../ui/ticket.js';
import { handoverAsWritten, handoverCutShort, handoverReceivedAgain } from '../ui/handover.js';
import { keep } from '../ui/text.js';
import { timerDeadline } from '../slack/org-people.js';
import { ChannelPacer } from '../slack/pacer.js';
import { orLate } from '../slack/people.js';
import { INSTANCE_BEAT } from '../outbox/types.js';
import { failureReason, SHARE_METHODS, shareFiles, UploadFailed } from '../slack/files.js';
import { HOME_COALESCE_MS, HomeNotifier } from './home.js';
import { requesterTicketOf, toRequester } from './requester.js';
import { reminderHandedOn, reminderKeysOf } from './tasks.js';
import { signalBase, signalKeysOf, signalsHandedOn } from './signals.js';
import { heldRead, ownersManagers, staffToTellRead } from '../workspace/types.js';
import { ticketCardEntry } from './tickets.js';
import type { DeliveryHooks, OutboxData, SignalCustomer } from './types.js';
import type { CustomerSignal } from '../customer/types.js';
import { daysBetween } from '../time.js';
import { flightMark, type SharedSince } from '../single-flight.js';

/**
 * Given up after this many failed deliveries Slack refused or that failed for the message (about
 * two hours of back-off): `refusedTries`, not the tries of Slack failing as a whole.
 */
export const MAX_ATTEMPTS = 10;
/**
 * Given up after this many tries failed because Slack itself was failing (an HTTP 5xx, no answer
 * in time, one of SLACK_FAILING_ERRORS: `slackFailing`), counted apart from MAX_ATTEMPTS's: about
 * three days at the 30-minute back-off, so that an outage of hours gives nothing up (revoutage
 * F1) and an entry Slack fails on for ever still ends. A 429 counts in neither.
 */
export const TRANSIENT_MAX_ATTEMPTS = 150;
/**
 * How many times a requester's notice is tried again while Slack fails for a moment to say
 * whether its channel is shared (`ChannelUnasked`; only those failed tries count, recorded on the
 * entry as `unaskedTries`, not its failures for other reasons): 30 s, 1 and 2 minutes after (the
 * usual back-off, of those tries alone), so the try after the last of them, about 3.5 minutes
 * after the first, takes the requester's DM if Slack still fails (`sharedOutsideNow`'s
 * `lastTry`). Bounded because every
 * later notice of the same thread waits behind it (`earlierOwed`): MAX_ATTEMPTS would keep them
 * all about two hours. A safe default the product owner should confirm.
 */
export const CHANNEL_UNASKED_RETRIES = 3;
/**
 * How long a channel whose requester's notice took the DM at its last try, Slack still failing
 * to say whether it is shared (`CHANNEL_UNASKED_RETRIES`), sends its requesters' later notices to
 * their DM at once, unasked (kept on the channel's record, `undescribedAt`, for every instance):
 * not each its own 3.5 minutes of retries. Asked again after. A safe default (the DM is the safe
 * side) the product owner should confirm.
 */
export const CHANNEL_UNDESCRIBED_MS = 60 * 60_000;
/** A delivery that takes longer than this is taken over by another instance. */
export const LEASE_MS = 60_000;
// How old a request's own read of the desk channels' links (and of its card's thread) may be for
// its delivery to take it: src/outbox/types.ts.
export { LINKS_READ_FRESH_MS } from '../outbox/types.js';
/** Back-off after a failure: 30 s, doubling, at most 30 minutes. */
export function backoffMs(attempts: number): number {
  return Math.min(30 * 60_000, 30_000 * 2 ** attempts);
}
/**
 * How often a pass asks Slack (api.test) whether it answers again in a workspace where it failed
 * as a whole (`probeSlack`): when it does, the entries held by that failure are due at once.
 */
export const SLACK_PROBE_MS = 60_000;
/**
 * After a probe made those entries due, the next probe waits this long, so that Slack answering
 * the probe while still failing the messages (a partial outage) never tries them more often than
 * twice per their own back-off (30 minutes).
 */
export const SLACK_PROBE_AGAIN_MS = 30 * 60_000;
/** A reply whose card is not out yet looks again this much later. */
const PARENT_WAIT_MS = 30_000;
/**
 * How long an App Home refresh waits for Slack to say whether its reader is a guest (users.info
 * failing): after that since it was written, it is not published (the next change or their own
 * visit draws it).
 */
export const HOME_LATER_MAX_MS = 10 * 60_000;
/** A reply behind an earlier one of its thread being sent now looks again this much later. */
const THREAD_WAIT_MS = 2_000;

/** An idle churn risk's key (`signal:churn:<customer>:inactive:<last activity day>[:…]`). */
const IDLE_EPISODE = /^signal:churn:[^:]+:inactive:(\d{4}-\d{2}-\d{2})(?::|$)/;

/**
 * The requester's "We have your request" drawn as it goes out (OutboxData's `received`): "(by
 * …)" only while that time is still ahead.
 */
function receivedAsItGoes(ctx: Ctx, from: ReceivedFrom): Message {
  return receivedNotice(ctx.t, from, { timeZone: ctx.settings.timeZone, now: ctx.now });
}

/** Where a requester's notice goes when Slack refuses its channel, as it goes out. */
function fallbackMessage(
  ctx: Ctx,
  data: OutboxData['message'],
): Partial<Message> & { text: string } {
  // "We have your request" reads the same in their DM (RequesterNotifier.received).
  return data.received ? receivedAsItGoes(ctx, data.received) : data.fallback!.message;
}

/** A signal entry's signal, as written. */
function signalOf(e: OutboxEntry): CustomerSignal {
  return (e.data as OutboxData['signal']).signal;
}

/**
 * The last activity an idle churn risk counts from: kept on the signal, or, for one stored before
 * it was (63f6de67), the day its risk episode's key names (`inactive:<day>`).
 */
function idleFrom(e: OutboxEntry): string | undefined {
  const s = signalOf(e);
  return s.kind === 'churn' && s.reason === 'inactive'
    ? (s.since ?? IDLE_EPISODE.exec(e.key)?.[1])
    : undefined;
}

/**
 * Why a held signal is no longer so, its customer as it stands now (`customers`, by code), if it
 * is not: the customer gone, its contract end date changed (renewed) or the customer churned (a
 * contract end), an idle churn risk ended with an interaction or an order since, a tier move
 * undone (an order, an override); last, `owner`: still in force, for another owner (passed on).
 */
function signalStaleWhy(
  e: OutboxEntry,
  customers: ReadonlyMap<string, SignalCustomer>,
): string | undefined {
  const s = signalOf(e);
  const c = customers.get(s.customer.code);
  if (!c) return 'gone';
  if (s.kind === 'tier' && c.tier !== s.to) return 'tier';
  if (s.kind === 'contract' && c.contractEndDate !== s.date) return 'contract';
  if (s.kind === 'contract' && c.lifecycle === 'churned') return 'churned';
  // Compared by day: a call logged since, dated a day before the signal was written (so stored
  // at that day's start, before it), ended the idle stretch as well.
  if (s.kind === 'churn' && s.reason === 'inactive') {
    const since = idleFrom(e);
    if (since ? c.idleSince > since : c.lastInteractionAt && c.lastInteractionAt > e.createdAt)
      return 'interaction';
  }
  // Still in force, for another owner, or for another in a guest owner's place (made a guest,
  // or whom the desk names for them changed). (A late record or an upgrade intent tells a
  // manager what a person did: still so.)
  if (s.kind !== 'late' && s.kind !== 'upgrade') {
    // A manager's copy: for another owner, or held for whom now stands in for the guest owner
    // (who is owed the owner's copy, "Yours", instead).
    if (s.accountManager)
      return c.ownerId !== s.accountManager || (c.executor !== c.ownerId && e.to === c.executor)
        ? 'owner'
        : undefined;
    if (c.ownerId !== (s.guestOwner ?? s.owner) || c.executor !== s.owner) return 'owner';
  }
  return undefined;
}

/**
 * The latest additions to a ticket's followers a "you now follow" DM looks among for a later one
 * of its person (taken off and added again while it waited: that one tells them, not both).
 */
const FOLLOWER_ADDS_LOOKED = 100;
/** Lines per DM of signals or reminders; more go in further DMs. */
export const ITEMS_PER_DM = 20;
/** UnreadableInstallError's code: no key of CARE_DESK_TOKEN_KEYS opens the install's token. */
const UNREADABLE_INSTALL = 'INSTALL_TOKEN_UNREADABLE';
/** How long an entry held for an unreadable install waits before it is looked at again. */
const UNREADABLE_WAIT_MS = 5 * 60_000;
export { DESK_CHANNEL_UNFIT };
/** Why entries were dropped: their workspace stopped being served. */
export const NOT_SERVED = 'workspace_not_served';
/**
 * Why entries were dropped: the customer channel they went to was left by its customer (Slack
 * Connect disconnected: ChannelLink.disconnectedAt), where nobody of theirs reads any more.
 */
export const CUSTOMER_LEFT = 'customer_left';
/**
 * Why entries were dropped: DMs to a ticket's requester whom Slack says is of another
 * organisation (found as Slack refused one: TicketRecord's `requester.external` marked then).
 */
export const REQUESTER_EXTERNAL = 'requester_external';
/**
 * Why entries were dropped: DMs owed to a ticket's follower whom Slack says is of another
 * organisation, taken off the open tickets' followers by the daily check (TaskFlows).
 */
export const FOLLOWER_EXTERNAL = 'follower_external';
/**
 * Why entries were dropped: DMs to a customer owner whose file marks them not a member of the
 * workspace (a guest, or of another organisation) while nobody of the staff can stand in for
 * them (`nobodyStandsIn`: no manager nor admin who is staff but the owner). Their work is held, not sent to
 * them: customer data never goes to a person outside the organisation.
 */
export const OWNER_HELD = 'owner_held';
/**
 * How long an instance keeps a workspace's owners not members of it (`OWNER_HELD`): as long as it
 * keeps the workspace's settings (src/workspace/service.ts SETTINGS_FRESH_MS).
 */
const AWAY_OWNERS_FRESH_MS = 5_000;
/**
 * Whether an entry is a DM the outbox holds back from a customer owner not a member of the
 * workspace (`OWNER_HELD`): any message to a person but their App Home, the edits that take
 * words out of a DM sent before, and the notices of a ticket they asked for themself (a
 * requester's: `requester:<ticket>:…`, not a follower's step `…:f:<user>`).
 */
function heldFromOwner(e: Pick<OutboxEntry, 'kind' | 'key' | 'to'>): boolean {
  if (e.kind === 'home' || e.kind === 'message.edit' || !/^[UW]/.test(e.to)) return false;
  return !e.key.startsWith('requester:') || /:f:[^:]+$/.test(e.key);
}
/**
 * Slack's answers to a DM that a person of another organisation may be behind (the app cannot
 * open a DM with someone of another organisation, Slack Connect): asked of users.info before
 * anything is marked. Slack's documentation names none for this case, so these are the ones it
 * gives for a DM it cannot open: the person unknown or hidden to this install, the DM not
 * found, and conversations.open's "external people must share a channel".
 */
const EXTERNAL_DM_REFUSALS = [
  'channel_not_found',
  'user_not_found',
  'user_not_visible',
  'invalid_user_combination',
] as const;
/** The metadata event type on every message the outbox posts. */
export const OUTBOX_EVENT = 'care_desk_outbox';
/** chat.update is Slack's tier 3 (about 50 a minute per workspace). */
const UPDATE_GAP_MS = 1200;
/**
 * Bulk redraws (NewOutboxEntry.bulk) a pass delivers before it looks for other entries due
 * again: at chat.update's pace, about 12 s, the most an alert or a DM written meanwhile waits.
 */
export const BULK_SLICE = 10;
/** views.publish is Slack's tier 4 (about 100 a minute per workspace). */
const PUBLISH_GAP_MS = 650;
/**
 * A delivering instance writes its heartbeat (OutboxRepository.beat) at most this often, and
 * reads the others' (with Slack's waits) at every pass and this often within a long one: each
 * instance paces Slack's limits at its share, the gaps above times the instances live.
 */
export const BEAT_EVERY_MS = 10_000;
/**
 * An instance is busy while it paced a Slack call this recently (pacing clock), and says so in
 * its heartbeat: only busy instances count in each other's share, so that one delivering alone
 * (one ticket's thread, one DM) is not slowed by instances with nothing to send. One starting to
 * pace after a heartbeat that said it was not busy writes one at once (`pace`).
 */
export const BUSY_MS = 10_000;
/**
 * How often a busy instance reads the others' heartbeats while some live ones are not busy (it
 * goes faster than 1/N then): one of them starting to pace is counted within this, not within
 * BEAT_EVERY_MS, so that the two together keep near the limit meanwhile.
 */
export const UNSURE_READ_MS = 2_000;
/**
 * An instance whose heartbeat a reader saw no change of for this long, on the reader's own clock,
 * is no longer counted (died: its share freed); one read for the first time, once its `until`
 * (its writer's clock plus this) is past on the reader's clock.
 */
export const BEAT_LIVES_MS = 30_000;
/** Heartbeats aged out this long are deleted at an instance's start (`dropOldBeats`). */
const BEATS_KEPT_MS = 3_600_000;
/** How long a stop waits for its heartbeat's delete (it ages out otherwise). */
const STOP_BEAT_WAIT_MS = 1_000;
/**
 * The longest the background loop waits between passes while nothing is due (`start`): it waits
 * twice as long after each pass that found nothing due (4 s, 8 s, then this), never past the
 * soonest entry's due time, and is woken at once by this instance's own writes (OutboxService
 * .onWritten). What another instance writes, due now, and that instance does not deliver (the
 * job command's, one whose loop stopped) waits this long at most; so does an entry an instance
 * that died held, after its lease, and another instance's 429 wait learnt by an idle one.
 */
export const IDLE_WAIT_MAX_MS = 15_000;
/**
 * The admins are told again of a channel Slack still refuses for the same reason a day after
 * they were last told (at once when the channel took a message in between: a new refusal).
 */
export const REFUSAL_TELL_AGAIN_MS = 86_400_000;
/** An instance looks up whether to tell of a channel's refusal at most this often. */
const REFUSAL_CHECK_MS = 5 * 60_000;
/**
 * How long an instance takes Slack's word on whether a channel no setting or link says anything
 * of is shared with another organisation (a requester's notice to their conversation there,
 * `barredChannel`), as long as the settings may be stale on another instance (SETTINGS_FRESH_MS):
 * a burst of notices asks once, a share made since is heeded within seconds.
 */
export const REQUESTER_CHANNEL_CHECK_MS = 5_000;
/**
 * An alert list delivered this much later than its lines were written is drawn from its
 * tickets as they stand then (one read), and says that it was held.
 */
export const ALERTS_HELD_MS = 10 * 60_000;
/**
 * The managers' and admins' Homes refreshed for what delivery passes changed (`homesOfManagers`)
 * at most this often per workspace: each is one views.publish per person, of the desk's
 * heaviest Home, within tier 4's hundred a minute.
 */
export const HOMES_AFTER_DELIVERY_GAP_MS = 60_000;
/**
 * Workspaces whose managers' Homes were owed (never written) asked again per pass, at most; and
 * for how long (a workspace whose Homes fail every time, uninstalled, is not asked forever).
 */
const OWED_HOMES_PER_PASS = 50;
const OWED_HOMES_MAX_MS = 86_400_000;

export interface OutboxWorkerDeps {
  outbox: OutboxService;
  /**
   * The outbox's own Web API client for a workspace (its install's token; the one token in
   * single-token mode): no retries of its own, rate limits thrown (we wait). Undefined when the
   * desk no longer serves the workspace (uninstalled, revoked): its entries are dropped.
   */
  clientFor(teamId: string): Promise<WebClient | undefined>;
  /**
   * The workspace's context for a delivery. `atLeast`: the newest settings version the App Home
   * entries it is to draw were stamped with; an older cached copy is read again (one read), so
   * that a settings change's redraws, written by another instance or a tool, are drawn from it.
   */
  context(teamId: string, now: Date, atLeast?: number): Promise<Ctx>;
  clock: Clock;
  /** Waits between posts to one channel (virtual in tests). */
  sleep: (ms: number) => Promise<void>;
  clockMs: () => number;
  instanceId: string;
  log: Logger;
  /** Told the outcome of every delivery attempt (the metrics count them; `found`: Delivered). */
  observe?: (outcome: Delivered['status'] | 'found', entries: number) => void;
  /**
   * OAuth mode: whether a failed delivery was Slack refusing the workspace's bot token as dead
   * (its install is stopped then and its entries dropped, never retried).
   */
  tokenRefused?: (teamId: string, client: WebClient, error: unknown) => Promise<boolean>;
  /**
   * Single-token mode: the one bot token's state. Once Slack refuses it (said again by
   * `auth.test`; kept until a restart) nothing is sent: every entry is held as it is, no
   * attempt counted, for the new token after a restart, and the operator is told once a minute.
   */
  botToken?: {
    refusal(): string | undefined;
    confirmRefused(err: unknown): Promise<boolean>;
    remind(held: () => Promise<number>): Promise<void>;
  };
  /**
   * Tests: told as the background loop (`start`) begins a pass, ends one, and ends for good
   * (`stopped`: the stop began), to wait on rather than on time.
   */
  passes?: (event: 'start' | 'end' | 'stopped') => void;
  /**
   * What wakes the background loop `ms` on (`start`; default setTimeout): returns its cancel.
   * Tests fire it themselves, on virtual time.
   */
  loopTimer?: (ms: number, fire: () => void) => () => void;
}

export interface DrainResult {
  /** Messages (entries) Slack took. */
  sent: number;
  /** App Homes published (not counted as messages). */
  published: number;
  failed: number;
  dead: number;
  deferred: number;
  rateLimited: number;
  /** Entries of a workspace no longer served: dropped, never sent. */
  dropped: number;
}

class RateLimited extends Error {
  constructor(
    readonly retryAfterMs: number,
    /** The Web API method Slack rate-limited (its limits are per method and workspace). */
    readonly method?: string,
  ) {
    super('rate limited');
  }
}

/**
 * A call to a method Slack asked this workspace to wait for (a 429 earlier, `until` not passed):
 * not made; the delivery is due again when the wait is over.
 */
class Slowed extends Error {
  constructor(
    readonly until: number,
    readonly method: string,
  ) {
    super('ratelimited');
  }
}

/** The Web API method a group's delivery calls first: what a 429 on it holds back. */
function methodOf(entry: OutboxEntry): string {
  if (entry.kind === 'home') return 'views.publish';
  if (entry.kind === 'ticket.card' && entry.result) return 'chat.update';
  if (entry.kind === 'message.edit') return 'chat.update';
  return 'chat.postMessage';
}

/** A ticket's card with no triage channel to go to (yet): it waits, never given up for it. */
class NoTriageChannel extends Error {
  constructor() {
    super(NO_TRIAGE_CHANNEL);
  }
}

/** Why a reply was deferred: an earlier reply of its thread is still owed. */
export const THREAD_ORDER = 'thread_order';

/** Why a reply is given up: the message it threads under was given up (`parentKey`). */
export { PARENT_GIVEN_UP };

/**
 * A reply whose parent message was given up (it goes, or not, with its parent: PARENT_GIVEN_UP)
 * or will never be posted (PARENT_NEVER_POSTED: it is dropped).
 */
class ParentGivenUp extends Error {
  constructor(
    readonly parentKey: string,
    readonly reason: typeof PARENT_GIVEN_UP | typeof PARENT_NEVER_POSTED = PARENT_GIVEN_UP,
    /** The parent was given up because Slack itself kept failing (its `lastTransient`). */
    readonly transient = false,
  ) {
    super(reason);
  }
}

/**
 * A requester's notice barred from their conversation (`barredChannel`) whose DM Slack refused
 * too (a person of another organisation): dropped, as a barred entry with no DM is.
 */
class BarredDmRefused extends Error {
  constructor() {
    super(DESK_CHANNEL_UNFIT);
  }
}

/**
 * Slack failed for a moment (a 5xx, `internal_error`, the network) as a requester's notice's
 * channel was asked of (`sharedOutsideNow`): no answer, so no choice between their thread and
 * their DM yet; the delivery fails (nothing posted) and is tried again with the usual back-off.
 */
class ChannelUnasked extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

/**
 * Slack's answers (`ok: false`) that say nothing of the channel, only that Slack failed for a
 * moment: asked again later. Any other answer (`channel_not_found`, `not_in_channel`, a scope
 * missing) will not change by asking again.
 */
const SLACK_FAILING: readonly string[] = SLACK_FAILING_ERRORS;

/** A delivery found another holding what it was about to post (its lease ran out meanwhile). */
class LeaseLost extends Error {
  constructor() {
    super('lease lost');
  }
}

type Where = { channel: string; ts: string; permalink?: string };
/**
 * What one delivery did so far (see `attempt`): `posted`, the posts Slack answered; `tried`, the
 * posts it asked for at all (answered or not: Slack may have taken one it never answered);
 * `found`, the posts it found in Slack, an earlier try's, instead of asking for them.
 */
type Tally = { posted: number; tried: number; found: number; until: Date; to?: string };
/**
 * Sent (where), or not yet: its parent not out (`deferred`), an earlier reply owed (`wait`), or
 * quiet hours begun since it was written (`wait`, `quiet`).
 */
type Outcome =
  | { where?: Where }
  | 'deferred'
  | { wait: Date; quiet?: true }
  /** Settled by the delivery itself, not sent (an edit in a channel Slack refused). */
  | { settled: 'dead' | 'dropped'; error: string };

/**
 * One request's immediate delivery: the entries it wrote held (leased as written) by `owner`,
 * the tickets it just saved (their cards are drawn from them, not read again), where each
 * message went (its replies thread under it), and the entries sent, marked in one write at the
 * end (a crash before that leaves them leased: the worker looks in Slack before posting again).
 */
interface Session {
  owner?: string;
  held: Set<string>;
  tickets: TicketRecord[];
  /**
   * Channels whose link this request read from the database before it wrote its entries (its
   * ticket's read: TicketService.deskLinksIn), by channel: the customer each is linked to and
   * whether they left it, if linked (keyed as the pass's memo: team and channel), and when that
   * read began (`at`). A pass beginning within LINKS_READ_FRESH_MS of it takes these answers
   * instead of reading the links again; a later one reads them.
   */
  links?: { at: number; linked: ReadonlyMap<string, LinkedChannel | undefined> };
  /**
   * The replies still owed in a ticket card's thread as this request read them with its ticket
   * (TicketService's read, before its entries were written), and when: `earlierOwed` takes them
   * for a reply in that thread, while fresh and when none holds it back, instead of reading the
   * outbox again.
   */
  thread?: CardThreadRead;
  posted: Map<string, Where>;
  /** Cards this delivery posted (not updated): the replies waiting for them go next. */
  newCards: Set<string>;
  /**
   * Cards this request wrote and posted (a new ticket's): their threads hold only this
   * request's replies, which go in order, so no earlier reply there is looked for.
   */
  ownThreads: Set<string>;
  /** Keys it tried (the held ones it did not, Slack asking to wait, are released). */
  tried: Set<string>;
  marks: (SentMark & { owner: string })[];
}

/** What became of a delivery: where it went, or why not (it is tried again later). */
export interface Delivered {
  status: 'sent' | 'deferred' | 'failed' | 'dead' | 'rateLimited' | 'dropped';
  /** Entries it covered. */
  count?: number;
  where?: Where;
  error?: string;
  /**
   * Sent, but nothing posted by this delivery: what it was to post was found in Slack, posted by
   * an earlier try Slack took without answering (or whose delivery died after posting). The
   * metrics count it as `found`, not `sent` (that earlier try was counted when it failed).
   */
  found?: true;
}

/**
 * Whether an earlier reply still owed holds a thread's later replies back: tried (failed, waiting
 * its back-off or Slack's word), being sent, or due now. One never tried that waits for a later
 * time (quiet hours, a spread-out backlog) does not.
 */
function holdsThread(e: OutboxEntry, now: Date): boolean {
  return (
    e.attempts > 0 ||
    (!!e.leaseUntil && e.leaseUntil.getTime() > now.getTime()) ||
    e.nextAt.getTime() <= now.getTime()
  );
}

/**
 * Channels the desk cleared as shared with another organisation that the settings do not name
 * again (`clearedChannels`): nothing goes there.
 */
function blockedChannels(settings: Ctx['settings']): Set<string> {
  const desk = new Set(Object.values(settings.channels));
  return new Set(settings.clearedChannels.filter((c) => !desk.has(c)));
}

/**
 * The one place that says whether an entry may go to the channel it is addressed to (asked as
 * each delivery goes out): the channel it is dropped for, if not. `linkedTo`, the customer a
 * channel is linked to now, if any (read from the database, so every instance, and this one after
 * a restart, answers alike; asked only of a requester's notice to a channel, and of the desk's
 * own message to a channel the settings do not name: a desk channel found to be a customer's,
 * `deskChannelCheck`, is no longer named). Never barred: a card (it goes to the triage channel as
 * it is then; its old place is passed over when cleared as shared or linked to a customer since:
 * `send`), an App Home, a DM, a reply waiting
 * for a card not out yet (it follows the card). In a customer's channel the desk's own messages do
 * not go (an alert, a digest, an escalation, a line under a card), those addressed to the
 * customer do (`toRequester`: the requester's notices and survey in their conversation), but only
 * of a ticket of the customer the channel is linked to now: linked to another customer since the
 * ticket was opened there (shared with that customer's organisation, say), its notices go to the
 * requester's DM (`attempt`), never where another customer reads. A safe default the product owner
 * should confirm. In a channel cleared as shared (`blockedChannels`, every instance) and not
 * linked, nothing else goes, unless the notice's ticket was opened there as its Slack Connect
 * conversation (`openedShared`: the outside organisation read that thread already; a ticket
 * opened before the share is not, once the channel is unlinked and listed again: its notices go
 * to the requester's DM, `attempt`). A requester's notice to a channel neither linked nor listed
 * is asked of Slack first (`sharedOutsideNow`): shared with another organisation since, or Slack
 * not saying, it is barred the same way (to the requester's DM); not asked when its ticket was
 * opened there as its Slack Connect conversation (its thread, whatever Slack would say).
 */
async function barredChannel(
  entry: OutboxEntry,
  settings: Ctx['settings'],
  linkedTo: (channel: string) => Promise<string | undefined>,
  ticketOf: (
    ticketId: string,
  ) => Promise<Pick<TicketRecord, 'customerId' | 'conversation'> | undefined>,
  sharedOutsideNow: (channel: string) => Promise<boolean | undefined>,
): Promise<string | undefined> {
  // An edit takes words out of a post already there: never barred (it posts nothing new).
  if (
    entry.kind === 'ticket.card' ||
    entry.kind === 'home' ||
    entry.kind === 'message.edit' ||
    isPerson(entry.to)
  )
    return undefined;
  if (entry.thread?.parentKey && !entry.thread.ts) return undefined;
  const blocked = blockedChannels(settings).has(entry.to);
  if (!toRequester(entry)) {
    if (blocked) return entry.to;
    if (Object.values(settings.channels).includes(entry.to)) return undefined;
    return (await linkedTo(entry.to)) !== undefined ? entry.to : undefined;
  }
  const customer = await linkedTo(entry.to);
  const ticketId = entry.key.split(':')[1];
  const ticket = async () => (ticketId ? await ticketOf(ticketId) : undefined);
  if (customer !== undefined)
    return (await ticket())?.customerId === customer ? undefined : entry.to;
  // Opened in this channel as its Slack Connect conversation: its thread, listed or not, and
  // whatever Slack would say of the channel now (so Slack is not asked, nor waited for). Said by
  // the notice (written since it carries it), else read from its ticket.
  const carried = (entry.data as OutboxData['message'] | undefined)?.openedShared;
  const openedShared =
    carried ??
    (await ticket().then(
      (t) => t?.conversation?.channel === entry.to && t.conversation.shared === true,
    ));
  if (openedShared) return undefined;
  // Neither linked nor listed: nothing records whether it was shared since (a channel unlinked
  // while not shared, never a desk channel): Slack is asked; shared with another organisation,
  // or Slack not saying, it is taken as listed (the safe side).
  if (!blocked && (await sharedOutsideNow(entry.to)) === false) return undefined;
  return entry.to;
}

/**
 * A task as stored now, saying how its customer's primary contact wants to be reached as the
 * reminder written for it did (`written`: read with the task when the reminder was written).
 */
function withReachOf(task: TaskRecord, written: TaskRecord): TaskRecord {
  return {
    ...task,
    ...(written.customerOwnerId ? { customerOwnerId: written.customerOwnerId } : {}),
    ...(written.reach ? { reach: written.reach } : {}),
  };
}

/** Everything the one bot token's refusal holds back: the messages and the edits of old posts. */
const heldTotal = (t: OutboxTotals) => t.pending + t.edits.erasure + t.edits.retention;

/**
 * Delivers the outbox: the entries due now, each group of entries as one message (an owner's
 * alerts, signals or reminders), leased first so that one instance sends each, paced per channel
 * (chat.postMessage about one a second) and per workspace for card updates (chat.update about 50
 * a minute), retried with back-off on failure (a 429's Retry-After honoured, not counted as a
 * failure) and given up after MAX_ATTEMPTS, for an admin to see. An entry held by an instance
 * that died is taken over when its lease ends, within a minute (15 s more while the others
 * have nothing due: IDLE_WAIT_MAX_MS).
 *
 * Requests deliver what they wrote at once (`deliver`); jobs leave it to the loop (`start`), so
 * a burst never holds up the next job.
 */
export class OutboxWorker {
  private readonly posts: ChannelPacer;
  private readonly updates: ChannelPacer;
  private readonly publishes: ChannelPacer;
  private hooks: DeliveryHooks | undefined;
  /**
   * Each workspace's owners not members of it (`DeliveryHooks.awayOwners`), as read at most
   * AWAY_OWNERS_FRESH_MS ago (the settings' own freshness on an instance): read only while nobody of
   * the staff can stand in (`OWNER_HELD`). A failed read is not kept.
   */
  private readonly awayRead = new Map<string, { at: number; ids: Promise<Set<string>> }>();
  private deliveries = 0;
  private loop:
    | {
        stop: boolean;
        done: Promise<void>;
        /** Ends the wait between passes at once (`kick`, the stop). */
        wake?: () => void;
        /** Brings the wait's end to `at` (app clock, ms) if that is sooner (`written`). */
        sooner?: (at: number) => void;
        /** This instance wrote for the loop since the pass under way began (`written`). */
        written: boolean;
        /** When the last pass ended (app clock, ms). */
        endedAt: number;
      }
    | undefined;
  /**
   * The stop began (`halt`): no pass starts from then on, and the one under way ends after the
   * group it is delivering (what is left stays pending, for the next instance).
   */
  private halted = false;
  /**
   * Until when Slack asked to wait (429 Retry-After), per workspace and method: this instance's
   * 429s and every instance's as its passes read them (`readWaits`). Nothing else of that
   * workspace goes to that method before then (each entry's own nextAt says only when it may be
   * tried again, not that the others must wait too).
   */
  private readonly slowedUntil = new Map<string, number>();
  /**
   * Slack's limits are the workspace's, whichever instance calls: this instance's heartbeat id
   * (`beat`), the other instances live at its last read (`readWaits`) and those of them busy
   * (BUSY_MS), when (pacing clock) it last wrote its heartbeat, whether that said busy, when it
   * last read theirs and last paced a call. Each pacer's gap is times `busy + 1`; `live + 1`
   * from when it started to pace (`wideFrom`, pacing clock: `pace`) to its first read
   * BEAT_EVERY_MS or more after that.
   */
  private readonly share = {
    id: '',
    live: 0,
    busy: 0,
    beatAt: undefined as number | undefined,
    beatBusy: false,
    readAt: undefined as number | undefined,
    pacedAt: undefined as number | undefined,
    wideFrom: undefined as number | undefined,
    /**
     * The other instances' heartbeats at its last read (by heartbeat): what was read (`until`
     * and the count of beats) and when, on this instance's clock, it was last seen changed.
     */
    seen: new Map<string, { mark: string; at: number }>(),
    /**
     * Slack's waits at its last read (by team and method): what was read (`until` and the count
     * of writes) and until when, on this instance's clock, it holds the method for it. None
     * before its first read.
     */
    waits: undefined as Map<string, { mark: string; holds?: number; end: number }> | undefined,
  };
  /** When this instance last looked whether to tell of a refusal (team, channel, reason). */
  private readonly refusalsChecked = new Map<string, number>();
  /**
   * Cards this instance posted again (Slack no longer had them), by team, channel and old ts:
   * replies read before that, addressed to the old thread, go to the new one.
   */
  private readonly moved = new Map<string, Where>();
  /**
   * Workspaces whose managers' Homes a delivery of this instance owed a refresh it could not even
   * claim (`homesOfManagers`: the database took nothing): asked again after its next pass. Those
   * claimed and not written are owed in the database, for any instance's pass.
   */
  private readonly homesOwed = new Set<string>();
  /**
   * Workspaces where Slack failed as a whole on a delivery of this instance (`lastTransient`
   * entries waiting out their back-off), and when to ask Slack next whether it answers again
   * (`probeSlack`): not before SLACK_PROBE_MS after that failure, nor SLACK_PROBE_AGAIN_MS after
   * a probe that made them due. Cleared when a delivery Slack had failed on goes out.
   */
  private readonly slackFailedIn = new Map<string, number>();
  /**
   * Desk channels (triage, escalation, alerts, digest) this instance asked Slack of before its
   * first post there (`deskChannelCheck`), by team and channel: fit ones are not asked of Slack
   * again (whether they are linked to a customer is asked at each pass);
   * `asked`, when Slack did not say (asked again after REFUSAL_CHECK_MS). One found linked to a
   * customer is cleared (the desk's own messages going there are not sent: `barredChannel` asks
   * the database of a channel the settings do not name); one found shared is cleared and listed
   * in the settings (`clearedChannels`), for every instance.
   */
  private readonly deskChannels = {
    fit: new Set<string>(),
    asked: new Map<string, number>(),
  };
  /**
   * Channels no link or setting says anything of that this instance asked Slack of lately for a
   * requester's notice (`sharedOutsideNow`), by team and channel: whether shared outside, when.
   */
  private readonly requesterChannels = new Map<string, { at: number; outside: boolean }>();

  /** Forgets what Slack said of the desk channels (`deskChannelCheck`), as a restart does. */
  forgetChannels(): void {
    this.deskChannels.fit.clear();
    this.deskChannels.asked.clear();
  }

  constructor(private readonly deps: OutboxWorkerDeps) {
    this.share.id = `${deps.instanceId}:${randomBytes(4).toString('hex')}`;
    const share = () => 1 + (this.share.wideFrom !== undefined ? this.share.live : this.share.busy);
    this.posts = new ChannelPacer(deps.sleep, deps.clockMs, 1000, share);
    this.updates = new ChannelPacer(deps.sleep, deps.clockMs, UPDATE_GAP_MS, share);
    this.publishes = new ChannelPacer(deps.sleep, deps.clockMs, PUBLISH_GAP_MS, share);
  }

  /** `awayRead`'s owners of `ctx`'s workspace, read again when older than AWAY_OWNERS_FRESH_MS. */
  private awayOwners(ctx: Ctx): Promise<Set<string>> {
    const now = this.deps.clock.now().getTime();
    const kept = this.awayRead.get(ctx.teamId);
    if (kept && now - kept.at < AWAY_OWNERS_FRESH_MS && now >= kept.at) return kept.ids;
    const ids = Promise.resolve(this.hooks?.awayOwners?.(ctx) ?? []).then((l) => new Set(l));
    this.awayRead.set(ctx.teamId, { at: now, ids });
    ids.catch(() => this.awayRead.delete(ctx.teamId));
    return ids;
  }

  /**
   * Whether `to` is held: one of `heldOwners` of the marked owners as `awayOwners` keeps them,
   * read only where someone may be held (`heldRead`).
   */
  private async heldNow(ctx: Ctx, to: string): Promise<boolean> {
    const held = await heldRead(ctx.settings, async () => [...(await this.awayOwners(ctx))]);
    return held.includes(to);
  }

  /** Set once the flows exist (they answer for the domain). */
  use(hooks: DeliveryHooks): void {
    this.hooks = hooks;
  }

  /**
   * Delivers these entries now, unpaced (a request's own card, thread line, DM); says for each
   * key where it went or why it did not (it stays in the outbox for a later try).
   */
  async deliver(
    teamId: string,
    keys: string[],
    opts: {
      written?: Written;
      tickets?: TicketRecord[];
      /** Channel links this request read, by channel, and when (`Session.links`). */
      links?: LinksRead;
      /** The card's thread this request read with its ticket (`Session.thread`). */
      thread?: CardThreadRead;
    } = {},
  ): Promise<Map<string, Delivered>> {
    const outcomes = new Map<string, Delivered>();
    if (!keys.length && !opts.written?.held.length) return outcomes;
    try {
      await this.deliverNow(teamId, keys, outcomes, opts);
    } catch (err) {
      // The entries are written: the worker's loop delivers them when the database answers.
      this.deps.log.warn({ err, teamId }, 'outbox: immediate delivery failed, left to the loop');
    }
    return outcomes;
  }

  /**
   * Runs `write` (a change's notifiers) with the entries it enqueues with the context it is given
   * written in one command at its end, those due now held for this instance: `deliver` them with
   * `written` right after.
   */
  async batch<C extends Pick<Ctx, 'teamId' | 'now'>, T>(
    ctx: C,
    write: (batched: C) => Promise<T>,
    drawnFrom?: DrawnFrom,
  ): Promise<{ value: T; written: Written }> {
    const now = this.deps.clock.now();
    const owner = `${this.deps.instanceId}:${now.getTime()}:${++this.deliveries}`;
    const until = new Date(now.getTime() + LEASE_MS);
    return this.deps.outbox.batch(
      ctx,
      { owner, until, ...(drawnFrom ? { drawnFrom } : {}) },
      write,
    );
  }

  /**
   * A repair's DMs (`keys`, written by a `batch` with `drawnFrom`) whose ticket its writer found
   * unchanged: delivered as any entry from now on (OutboxService.confirmDrawn), but the unsettled
   * ones (an earlier writer's, drawn from another version of the ticket and never checked): their
   * writer takes its own of them back.
   */
  confirmDrawn(
    teamId: string,
    keys: string[],
    from: DrawnFrom,
    owner: string,
  ): Promise<DrawnChecked> {
    return this.deps.outbox.confirmDrawn(teamId, keys, from, this.deps.clock.now(), owner);
  }

  /**
   * What a `batch` wrote and its writer found stale before delivering it (`written`): taken back
   * (OutboxService.takeBack), never sent. How many entries were.
   */
  takeBack(teamId: string, written: Written): Promise<number> {
    return this.deps.outbox.takeBack(teamId, written);
  }

  /**
   * What a `batch` wrote under `keys` naming customers (NewOutboxEntry.names) and its writer found
   * naming one erased since: taken back unsent, with an earlier writer's under the same keys that
   * never checked them (OutboxService.takeBackNamed). How many entries were.
   */
  takeBackNamed(teamId: string, keys: string[], written: Written): Promise<number> {
    return this.deps.outbox.takeBackNamed(teamId, keys, written.owner, this.deps.clock.now());
  }

  /**
   * What these tickets still owe `userId` by DM as their follower, whom the desk took off their
   * followers as of another organisation (TaskFlows' daily follower check): dropped
   * (`FOLLOWER_EXTERNAL`), never sent. How many entries were.
   */
  dropFollowerDms(teamId: string, ticketIds: readonly string[], userId: string): Promise<number> {
    return this.deps.outbox.dropTicketDms(
      teamId,
      ticketIds,
      userId,
      'follower',
      FOLLOWER_EXTERNAL,
      this.deps.clock.now(),
    );
  }

  private async deliverNow(
    teamId: string,
    keys: string[],
    outcomes: Map<string, Delivered>,
    opts: {
      written?: Written;
      tickets?: TicketRecord[];
      links?: LinksRead;
      thread?: CardThreadRead;
    },
  ): Promise<void> {
    const now = this.deps.clock.now();
    const { written } = opts;
    const held = written?.held ?? [];
    const skip = new Set([...held.map((e) => e.key), ...(written?.later ?? [])]);
    const rest = keys.filter((k) => !skip.has(k));
    const found = rest.length
      ? (await this.deps.outbox.byKeys(teamId, rest)).filter(
          (e) => e.state === 'pending' && e.nextAt.getTime() <= now.getTime(),
        )
      : [];
    const session: Session = {
      ...(written ? { owner: written.owner } : {}),
      held: new Set(held.map((e) => e.key)),
      tickets: opts.tickets ?? [],
      ...(opts.links
        ? {
            links: {
              at: opts.links.at,
              linked: new Map(
                [...opts.links.linked].map(([c, linked]) => [`${teamId}\u0000${c}`, linked]),
              ),
            },
          }
        : {}),
      ...(opts.thread ? { thread: opts.thread } : {}),
      posted: new Map(),
      newCards: new Set(),
      ownThreads: new Set(),
      tried: new Set(),
      marks: [],
    };
    // Cards first, then the rest in the order they were written.
    const rank = (e: OutboxEntry) => Number(e.kind !== 'ticket.card');
    const counted = new Set<string>();
    try {
      await this.inOrder(
        [...held, ...found],
        rank,
        now,
        false,
        (group, delivered) => {
          for (const e of group) outcomes.set(e.key, delivered);
          noteCounts(counted, group, delivered.status);
        },
        session,
      );
    } finally {
      await this.flush(session, now);
      // Held but not tried (Slack asked to wait): due again now, for the worker.
      const untried = held.filter((e) => !session.tried.has(e.key));
      if (untried.length) await this.deps.outbox.defer(untried, written!.owner, now);
      // A message given up here is on the managers' Homes as one given up by a pass is. Those
      // owed from an earlier failure (another workspace's, maybe) are left to the worker's pass.
      await this.homesAfter(counted, false);
    }
  }

  /** Marks what a session sent, in one write per holder (usually one). */
  private async flush(session: Session, now: Date): Promise<void> {
    const marks = session.marks.splice(0);
    for (const [owner, mine] of groupBy(marks, (m) => m.owner))
      await this.deps.outbox.sentEach(mine, owner, now, this.deps.log);
  }

  /**
   * Delivers everything due now, paced; returns what happened. Everything due but the bulk
   * entries first, a page at a time; then BULK_SLICE bulk redraws, then the others again (those
   * written meanwhile), and so on: an alert or a DM written while a thousand card redraws go out
   * waits at most one slice of them. Once no redraw is due, BULK_SLICE edits of old posts (the
   * `trail` lane: retention's, erasures'), then the others and the redraws again: a card the
   * tickets-close job or a settings save redraws during a first retention run's hours of edits
   * waits at most one slice of them, and goes before them at chat.update's pace (one pacer).
   */
  async drain(limit = 200): Promise<DrainResult> {
    return (await this.pass(limit)).result;
  }

  /**
   * One delivery pass (`drain`): what it did; whether nothing was due at its start (`idle`: the
   * soonest entry due later, or none pending; or the one bot token refused), and then when the
   * soonest is due (`next`), for the loop's wait (`start`).
   */
  private async pass(limit: number): Promise<{ result: DrainResult; idle: boolean; next?: Date }> {
    const result = emptyResult();
    if (await this.heldForToken()) return { result, idle: true };
    await this.keepPace('pass');
    const seen = new Set<string>();
    // The workspaces whose managers' Homes may say a wrong count of the messages waiting or
    // given up now (`homesOfManagers`).
    const counted = new Set<string>();
    // The workspaces where Slack answering again was acted on in this pass (`slackAnswers`).
    const answered = new Set<string>();
    await this.probeSlack(answered);
    // Nothing due (the soonest entry due later, one leased by a delivery in flight until its
    // lease end, or none pending): one read (three while the soonest is leased), no lane read.
    const next = await this.deps.outbox.nextDueAt(this.deps.clock.now());
    const idle = !next || next.getTime() > this.deps.clock.now().getTime();
    // New cards first (their threads wait for them), then messages in the order they were
    // written, then card updates (slow: tier 3).
    const rank = (e: OutboxEntry) => (e.kind !== 'ticket.card' ? 1 : e.result ? 2 : 0);
    /** One page of a lane's entries due: more may be due (a full page), none, or stop here. */
    const page = async (lane: OutboxLane, size: number) => {
      const now = this.deps.clock.now();
      const due = (await this.deps.outbox.due(now, size, lane)).filter((e) => !seen.has(e.id));
      if (!due.length) return 'none';
      due.forEach((e) => seen.add(e.id));
      const finished = await this.inOrder(
        due,
        rank,
        now,
        true,
        (group, { status, count }) => {
          if (status === 'sent' && group[0]?.kind === 'home') result.published += 1;
          else result[status] += status === 'sent' || status === 'dropped' ? (count ?? 1) : 1;
          noteCounts(counted, group, status);
        },
        undefined,
        answered,
      );
      if (!finished) return 'stop';
      return due.length < size ? 'last' : 'more';
    };
    while (!idle) {
      let urgent: Awaited<ReturnType<typeof page>>;
      do urgent = await page('urgent', limit);
      while (urgent === 'more');
      if (urgent === 'stop') break;
      // (After a slice, the others written during it go first, then the next slice.)
      const bulk = await page('bulk', BULK_SLICE);
      if (bulk === 'stop') break;
      if (bulk !== 'none') continue;
      const edits = await page('trail', BULK_SLICE);
      if (edits === 'stop' || edits === 'none') break;
    }
    await this.homesAfter(counted, true);
    await this.heldForToken();
    return { result, idle, ...(idle && next ? { next } : {}) };
  }

  /**
   * Of the workspaces where Slack failed as a whole on this instance's deliveries
   * (`slackFailedIn`), those whose probe is due: asks Slack (api.test, cheap, no scope); when it
   * answers, the entries held by that failure are due now (OutboxService.dueAfterSlackFailed,
   * cards and SLA alerts first), not at their back-off of up to 30 minutes (revoutage F3). Nothing
   * held any more: forgotten. Never throws. `answered`: the pass's (`slackAnswers`).
   */
  private async probeSlack(answered: Set<string>): Promise<void> {
    const now = this.deps.clock.now();
    for (const [teamId, at] of this.slackFailedIn) {
      if (at > now.getTime()) continue;
      this.slackFailedIn.set(teamId, now.getTime() + SLACK_PROBE_MS);
      try {
        const client = await this.deps.clientFor(teamId);
        if (!client) {
          this.slackFailedIn.delete(teamId);
          continue;
        }
        await client.api.test();
        const due = await this.slackAnswers(teamId, now, answered);
        if (due === 0) this.slackFailedIn.delete(teamId);
        else if (due !== undefined)
          this.slackFailedIn.set(teamId, now.getTime() + SLACK_PROBE_AGAIN_MS);
      } catch {
        // Still failing (or the database): asked again at a later pass.
      }
    }
  }

  /**
   * Slack answers a workspace again after failing there as a whole (a probe, or a delivery of
   * entries it had failed on): the entries held by that failure are due now
   * (OutboxService.dueAfterSlackFailed, cards and SLA alerts first), said when there were any.
   * Once per pass and workspace (`answered`, the pass's: after an outage every group it delivers
   * held such an entry, and a second call finds nothing). How many, or undefined when the database
   * did not answer (logged; the next pass asks again). Never throws.
   */
  private async slackAnswers(
    teamId: string,
    now: Date,
    answered: Set<string>,
  ): Promise<number | undefined> {
    if (answered.has(teamId)) return undefined;
    answered.add(teamId);
    try {
      const due = await this.deps.outbox.dueAfterSlackFailed(teamId, now);
      if (due)
        this.deps.log.info(
          { teamId, entries: due },
          'outbox: Slack answers again, the entries it failed on due now',
        );
      return due;
    } catch (err) {
      this.deps.log.warn({ err, teamId }, 'outbox: could not make the entries Slack failed on due');
      return undefined;
    }
  }

  /**
   * After a delivery, a pass (`drain`) or a request's own (`deliver`): the managers' Homes of the
   * workspaces whose counts it changed (`noteCounts`), and after a pass (`owed`) of those owed
   * from an earlier one whose refresh was not written: by any instance, as the database says
   * (`owedHomesRefreshes`: a claim given back, or whose instance stopped before writing), or by
   * this one, which could not claim it (`homesOwed`). A request does no other workspace's work.
   * Never throws.
   */
  private async homesAfter(counted: ReadonlySet<string>, owed: boolean): Promise<void> {
    const teams = new Set([...counted, ...(owed ? this.homesOwed : [])]);
    if (owed) {
      try {
        const now = this.deps.clock.now();
        const since = new Date(now.getTime() - OWED_HOMES_MAX_MS);
        const owedNow = await this.deps.outbox.owedHomesRefreshes(since, now, OWED_HOMES_PER_PASS);
        for (const teamId of owedNow) teams.add(teamId);
      } catch (err) {
        this.deps.log.warn({ err }, 'outbox: managers’ Homes owed not read, asked at a later pass');
      }
    }
    for (const teamId of teams) await this.homesOfManagers(teamId);
  }

  /**
   * After a pass that changed how many of a workspace's messages wait or were given up, as a
   * Home may have shown them (`countsChanged`): the Homes of its managers and admins, which say
   * it, refreshed through the outbox (one coalesced entry each, due a few seconds on), once per
   * pass, however many messages went, and at most once per HOMES_AFTER_DELIVERY_GAP_MS per
   * workspace across instances (a refresh within it is put off to its end, still showing the
   * last pass). The claim says them owed until they are written (`settleHomesRefresh`): when
   * they could not be (the database failing), it is given back, still owed, and any instance's
   * next pass asks again rather than leaving them for the rest of the gap; as it does when this
   * instance stopped in between. A claim not made at all keeps the workspace in `homesOwed`, for
   * this instance's next pass. Never throws.
   */
  private async homesOfManagers(teamId: string): Promise<void> {
    let claim: HomesClaim | undefined;
    try {
      const now = this.deps.clock.now();
      claim = await this.deps.outbox.claimHomesRefresh(
        teamId,
        now,
        new Date(now.getTime() + HOME_COALESCE_MS),
        HOMES_AFTER_DELIVERY_GAP_MS,
      );
      if (claim) {
        const ctx = await this.deps.context(teamId, now);
        const { managers, admins } = ctx.settings;
        const homes = new HomeNotifier(this.deps.outbox);
        const due = claim.at.getTime() - now.getTime();
        if ((await homes.refresh(ctx, [...managers, ...admins], due)).length) this.kick();
      }
      // Written, or claimed by another caller (who writes them).
      this.homesOwed.delete(teamId);
    } catch (err) {
      // Claimed: owed in the database (given back; else from the time claimed, at the latest).
      if (!claim) this.homesOwed.add(teamId);
      else {
        this.homesOwed.delete(teamId);
        await this.deps.outbox.releaseHomesRefresh(teamId, claim).catch((e: unknown) => {
          this.deps.log.warn({ err: e, teamId }, 'outbox: managers’ Homes claim not given back');
        });
      }
      // Failing again (a retry of a claim given back): said at info, tried once a minute.
      this.deps.log[claim?.retry ? 'info' : 'warn'](
        { err, teamId },
        'outbox: managers’ Homes not refreshed after delivery, asked again after the next pass',
      );
      return;
    }
    // No longer owed. Not said (the database failing): asked again at a pass, written twice.
    if (claim)
      await this.deps.outbox.settleHomesRefresh(teamId, claim).catch((err: unknown) => {
        this.deps.log.warn({ err, teamId }, 'outbox: managers’ Homes written, not said so');
      });
  }

  /**
   * Single-token mode: whether Slack refused the one bot token (nothing is sent until a restart
   * with a new one); says so again at most once a minute, with how many messages wait.
   */
  private async heldForToken(): Promise<boolean> {
    const token = this.deps.botToken;
    if (!token?.refusal()) return false;
    await token.remind(async () => heldTotal(await this.deps.outbox.totals()));
    return true;
  }

  /**
   * Delivers entries a group at a time, by `rank` and then in the order they were written; the
   * replies that waited for a card just posted go right after it, in the order they were
   * written (a thread reads as the timeline). Stops when Slack asks to wait (false).
   */
  private async inOrder(
    entries: OutboxEntry[],
    rank: (e: OutboxEntry) => number,
    now: Date,
    paced: boolean,
    report: (group: OutboxEntry[], delivered: Delivered) => void,
    session?: Session,
    answered = new Set<string>(),
  ): Promise<boolean> {
    const contexts = new PassContexts(homesStamped(entries), entries, answered);
    // The customer a channel is linked to and whether they left it, if linked, asked once per
    // pass (team, channel). A request's own delivery starts with what that request read of them
    // (`Session.links`: read from the database before its entries were written, never kept past
    // it), while that read is fresh: begun at most LINKS_READ_FRESH_MS before this pass (what
    // came between it and the pass may include a Slack call, a slow one), else they are read
    // again as any pass reads.
    const links = new Map<string, Promise<LinkedChannel | undefined>>();
    const linksAge = session?.links && this.deps.clock.now().getTime() - session.links.at;
    if (linksAge !== undefined && linksAge >= 0 && linksAge <= LINKS_READ_FRESH_MS)
      for (const [key, link] of session!.links!.linked) links.set(key, Promise.resolve(link));
    // People Slack said it will never deliver to in this pass (team, user -> its answer).
    const gone = new Map<string, string>();
    const done = new Set<string>();
    const deliver = async (groups: OutboxEntry[][]): Promise<boolean> => {
      for (const group of groups) {
        // A pass (paced: a request's own delivery goes on) ends between groups once the stop
        // began: the groups not tried are left pending, unleased, for the next instance. Safe to
        // cut anywhere: the outbox is idempotent (a group is leased, sent and marked as one; one
        // cut mid-group is looked for in Slack before it is posted again).
        if (paced && this.halted) return false;
        if (group.every((e) => done.has(`${e.teamId}:${e.key}`))) continue;
        const delivered = await this.deliverGroup(
          group,
          now,
          contexts,
          links,
          gone,
          paced,
          session,
        );
        group.forEach((e) => done.add(`${e.teamId}:${e.key}`));
        report(group, delivered);
        // The one bot token refused: nothing more goes this pass. Slack asking to wait holds
        // only its method (the next groups calling it are deferred without a call): the rest
        // goes on, so a card update held by a 429 does not keep its thread reply back behind
        // the next change's.
        if (this.deps.botToken?.refusal()) return false;
        const first = group[0]!;
        if (
          delivered.status === 'sent' &&
          first.kind === 'ticket.card' &&
          // (A card entry this request created has no replies but its own, delivered next.)
          (session
            ? session.newCards.has(first.key) && !(first.id && session.held.has(first.key))
            : !first.result)
        ) {
          // Those that only waited for it (OutboxEntry.parentWait) or are due: one waiting out a
          // back-off, Slack's wait or quiet hours of its own (a line that followed a card posted
          // anew, say) keeps to its own time.
          const at = this.deps.clock.now().getTime();
          const waiting = (await this.deps.outbox.waitingOn(first.teamId, [first.key])).filter(
            (e) => e.parentWait || e.nextAt.getTime() <= at,
          );
          if (!(await deliver(groupsOf(waiting)))) return false;
        }
      }
      return true;
    };
    await this.passOnHandedSignals(entries, now, contexts);
    return deliver(
      groupsOf(entries).sort((a, b) => rank(a[0]!) - rank(b[0]!) || byAge(a[0]!, b[0]!)),
    );
  }

  /**
   * Before a pass delivers anything: the held signals among its entries whose customer was handed
   * to another owner since are passed on (`passOnSignals`, keyed), so that each reader's signals
   * due now, their own and those passed on to them, go in one DM (their group is leased whole
   * when it is delivered), not theirs first and the passed-on ones in another after it. The
   * held ones stay for their own delivery, which closes them (and writes nothing twice). A
   * failure here is logged: their own delivery passes them on then, in a DM of their own.
   */
  private async passOnHandedSignals(
    entries: OutboxEntry[],
    now: Date,
    contexts: PassContexts,
  ): Promise<void> {
    const hooks = this.hooks;
    const signals = entries.filter((e) => e.kind === 'signal');
    if (!hooks || !signals.length) return;
    for (const teamId of new Set(signals.map((e) => e.teamId))) {
      try {
        let c = contexts.get(teamId);
        if (!c) {
          contexts.set(teamId, (c = this.deps.context(teamId, now, contexts.homes.get(teamId))));
          c.catch(() => contexts.delete(teamId));
        }
        const ctx = await c;
        const mine = signals.filter((e) => e.teamId === teamId);
        const customers = await hooks.signalCustomers(ctx, [
          ...new Set(mine.map((e) => signalOf(e).customer.code)),
        ]);
        await this.passOnSignals(
          ctx,
          mine.filter((e) => signalStaleWhy(e, customers) === 'owner'),
          customers,
        );
      } catch (err) {
        this.deps.log.warn(
          { err, teamId },
          'outbox: held signals of customers handed over not passed on before the pass (passed on as they go)',
        );
      }
    }
  }

  /**
   * The key an App Home (`entry`, as leased) shares the pass's team-part read by (HomeShare): the
   * read the pass's Homes share while their entries had no change merged into them since the
   * pass listed them; one that had (a change after the shared read may have begun) reads the
   * revisions again, one command, and it and the Homes after it share a read begun after that.
   * Not read (the database failing): none, it reads its own.
   */
  private async homeShare(
    contexts: PassContexts,
    entry: OutboxEntry,
    ctx: Ctx,
    log: Logger,
  ): Promise<SharedSince | undefined> {
    const share = contexts.homeShare(entry.teamId);
    if (!share.holds(entry)) {
      try {
        const keys = new Set([...share.revs.keys(), entry.key]);
        share.renew(await this.deps.outbox.revs(entry.teamId, [...keys]));
      } catch (err) {
        log.warn({ err }, 'outbox: App Homes of the pass not compared, this one reads its own');
        return undefined;
      }
    }
    return share.keyFor(ctx);
  }

  /**
   * Delivers one group: leased, rendered, sent, recorded. Never throws: a failure is recorded on
   * the entries for a later try.
   */
  private async deliverGroup(
    group: OutboxEntry[],
    now: Date,
    contexts: PassContexts,
    links: Map<string, Promise<LinkedChannel | undefined>>,
    gone: Map<string, string>,
    paced: boolean,
    session?: Session,
  ): Promise<Delivered> {
    const delivered = await this.attempt(group, now, contexts, links, gone, paced, session);
    // App Home publishes are not messages: the delivery metrics count messages.
    if (group[0]?.kind !== 'home')
      this.deps.observe?.(
        delivered.found ? 'found' : delivered.status,
        delivered.count ?? group.length,
      );
    return delivered;
  }

  private async attempt(
    group: OutboxEntry[],
    now: Date,
    contexts: PassContexts,
    links: Map<string, Promise<LinkedChannel | undefined>>,
    gone: Map<string, string>,
    paced: boolean,
    session?: Session,
  ): Promise<Delivered> {
    const { outbox, instanceId } = this.deps;
    const first = group[0]!;
    // Slack asked to wait for this workspace's method: not asked again before then (a held
    // entry left untried is made due again for the worker).
    // (Read on the clock, not at the pass's start: a long paced pass is past a wait it began in.)
    const slowKey = `${first.teamId}\u0000${methodOf(first)}`;
    const slowed = this.slowedUntil.get(slowKey);
    if (slowed !== undefined) {
      if (this.deps.clock.now().getTime() < slowed)
        return { status: 'deferred', error: 'ratelimited' };
      this.slowedUntil.delete(slowKey);
    }
    // The one bot token refused: held for the new one (a held entry left untried is due again).
    if (this.deps.botToken?.refusal()) return { status: 'deferred' };
    group.forEach((e) => session?.tried.add(e.key));
    const preheld = !!session?.owner && group.every((e) => session.held.has(e.key));
    // Unique per delivery, so two passes of one instance never share a lease.
    const owner = preheld ? session!.owner! : `${instanceId}:${now.getTime()}:${++this.deliveries}`;
    // From now, not from the pass's start: a long paced pass (a backlog after an outage) would
    // otherwise lease its later groups already expired, for another instance to send again.
    const until = new Date(this.deps.clock.now().getTime() + LEASE_MS);
    // Messages this delivery got Slack to take (a failure after one is not "nothing went out"),
    // how long it holds its entries (renewed on the way when a post comes late), and the Slack id
    // (channel or user) its latest call went to: the one a refusal names.
    const tally: Tally = {
      posted: 0,
      tried: 0,
      found: 0,
      until: (preheld && first.leaseUntil) || until,
    };
    let held: OutboxEntry[];
    try {
      held = preheld
        ? group
        : first.group
          ? await outbox.leaseGroup(first.teamId, first.group, owner, now, until)
          : await outbox.lease(group, owner, now, until);
    } catch (err) {
      // The database did not answer: nothing was taken, a later pass tries again.
      this.deps.log.warn({ err, teamId: first.teamId }, 'outbox: could not lease a delivery');
      return { status: 'failed', error: 'lease_failed' };
    }
    if (!held.length) return { status: 'deferred' };
    const teamId = held[0]!.teamId;
    const log = this.deps.log.child({ teamId, key: held[0]!.key, kind: held[0]!.kind });
    // A DM to a person Slack refused for good earlier in this pass: given up without asking
    // again (the first refusal was logged with its reason).
    const goneError =
      held[0]!.kind !== 'home' ? gone.get(`${teamId}\u0000${held[0]!.to}`) : undefined;
    if (goneError) {
      await outbox
        .failed(held, owner, { ...giveUpNow(goneError, now), unsent: true })
        .catch((e: unknown) => log.error({ err: e }, 'outbox: could not record a failed delivery'));
      log.debug(
        { error: goneError, toPerson: true },
        'outbox: recipient refused earlier in the pass',
      );
      return { status: 'dead', count: held.length, error: goneError };
    }
    // The workspace's context, read once per pass (shared by its groups).
    const contextOf = () => {
      let c = contexts.get(teamId);
      if (!c)
        contexts.set(teamId, (c = this.deps.context(teamId, now, contexts.homes.get(teamId))));
      return c;
    };
    let client: WebClient | undefined;
    try {
      // A repair's DMs its writer never checked (it died between their write and its read of the
      // ticket again: NewOutboxEntry.drawnFrom): the ticket read first (one read), and those drawn
      // from a version it has left (an erasure by Slack user may have rewritten it and scanned the
      // outbox before they were in it), or from a ticket gone, are taken back unsent. The repair's
      // marks are still on the ticket: its next pass draws them anew. Its writer's own delivery,
      // after its check, does not read it again. One an earlier delivery may have got Slack to
      // take (it posted and got no answer, or died after its post) is looked for in Slack first:
      // found there, it is sent (its marks come off at the next pass), not drawn anew.
      if (!preheld && held.some((e) => e.drawnFrom)) {
        const stale = await this.drawnStale(held, await contextOf());
        if (stale.length) {
          const found = await this.postedEarlier(teamId, stale, owner, contextOf);
          if (found.length) {
            await outbox.sentEach(found, owner, now, log);
            log.info(
              { entries: found.length },
              'outbox: a repair’s DMs its writer never checked, their ticket changed since, found in Slack: kept as sent',
            );
          }
          const back = stale.filter((e) => !found.some((f) => f.entry === e));
          if (back.length) {
            await outbox.takeBackDrawn(back, owner);
            log.info(
              { entries: back.length },
              'outbox: a repair’s DMs its writer never checked, their ticket changed since: taken back, left to its next pass',
            );
          }
          held = held.filter((e) => !stale.includes(e));
          if (!held.length)
            return found.length
              ? { status: 'sent', count: found.length, found: true }
              : { status: 'dropped', count: back.length, error: DRAWN_STALE };
        }
      }
      // A DM drawn from a run's earlier read of the customers it names (a daily signal, the
      // owners' greetings: NewOutboxEntry.names), not its writer's delivery (which checked after
      // its write): those naming a customer erased since, or being erased, or a contact of one
      // erased since, are taken back unsent (one lease read, one read of the customers). Their
      // writer may have died between its write and its check (revp63 F4), or the worker took a
      // group before it (a signal due now is the worker's to send). An owner's greetings DM
      // listing other customers too goes without that customer's lines (p44: its other
      // greetings, marked reminded by a run whose own delivery was put off, told that day).
      if (!preheld && held.some((e) => e.names?.length) && this.hooks?.namesGone) {
        const named = held.filter((e) => e.names?.length);
        const refs = named.flatMap((e) => e.names!);
        const ctxNow = await contextOf();
        const gone = await this.hooks.namesGone(ctxNow, refs);
        const goneOf = new Set(refs.flatMap((r, i) => (gone[i] ? [r] : [])));
        const back: OutboxEntry[] = [];
        let lost = 0;
        for (const e of named) {
          if (!e.names!.some((r) => goneOf.has(r))) continue;
          const without = await this.greetingsWithout(ctxNow, e, goneOf, owner);
          if (without === undefined) back.push(e);
          else if (without === null) lost++;
          held = held.flatMap((h) => (h !== e ? [h] : without ? [without] : []));
        }
        if (back.length) {
          await outbox.takeBackNamedHeld(back, owner);
          log.info(
            { entries: back.length },
            'outbox: DMs naming a customer or contact erased since they were written: taken back unsent',
          );
        }
        if (!held.length)
          return back.length
            ? { status: 'dropped', count: back.length, error: NAMED_ERASED }
            : { status: 'deferred' };
        if (lost) log.info({ entries: lost }, 'outbox: DMs no longer held once rewritten: left');
      }
      client = await this.deps.clientFor(teamId);
      if (!client) {
        // Uninstalled or revoked meanwhile: never sent, kept with the reason.
        await outbox.dropHeld(held, owner, NOT_SERVED);
        log.info({ entries: held.length }, 'outbox: workspace no longer served, entries dropped');
        return { status: 'dropped', count: held.length, error: NOT_SERVED };
      }
      // A customer owner not a member of the workspace, nobody of the staff to stand in for them:
      // nothing of the desk's goes to them (their work waits for staff to take it). Asked only
      // on a desk with at most one staff admin or manager (`heldRead`; elsewhere nothing
      // more is read): the desk's only admin made a guest is held too (revp63 F1), and so is
      // another marked owner that admin would have stood in for (`heldOwners`).
      if (heldFromOwner(held[0]!) && (await this.heldNow(await contextOf(), held[0]!.to))) {
        await outbox.dropHeld(held, owner, OWNER_HELD);
        log.info(
          { entries: held.length },
          'outbox: DMs to a customer owner not a member of the workspace, nobody on staff to stand in: dropped',
        );
        return { status: 'dropped', count: held.length, error: OWNER_HELD };
      }
      // A desk channel this instance posts to for the first time is asked of first: one seeded
      // from the environment was never checked as the Channels form checks one.
      // The customer a channel is linked to now and whether they left it, read once per pass (a
      // failure is not remembered).
      const linkOf = (c: Ctx, channel: string): Promise<LinkedChannel | undefined> => {
        const key = `${c.teamId}\u0000${channel}`;
        let linked = links.get(key);
        if (!linked) {
          linked = Promise.resolve(this.hooks?.customerChannel(c, channel)).then(
            (link) => link ?? undefined,
          );
          links.set(key, linked);
          linked.catch(() => links.delete(key));
        }
        return linked;
      };
      const linkedTo = async (c: Ctx, channel: string): Promise<string | undefined> =>
        (await linkOf(c, channel))?.customerId;
      const linkedNow = async (c: Ctx, channel: string) =>
        (await linkedTo(c, channel)) !== undefined;
      const left = await this.deskChannelCheck(client, held[0]!, contextOf, contexts, linkedNow);
      const checked = await contextOf();
      const slack = client;
      const unfit = await barredChannel(
        held[0]!,
        checked.settings,
        (channel) => linkedTo(checked, channel),
        async (ticketId) => ((await this.hooks?.tickets(checked, [ticketId])) ?? [])[0],
        (channel) =>
          this.sharedOutsideNow(
            slack,
            checked,
            channel,
            // Only the tries Slack failed to describe the channel count (`unaskedTries`), never
            // more than the attempts since it was last owed afresh.
            // Its last try: one more refusal gives it up (Slack failing as a whole does not).
            Math.min(held[0]!.unaskedTries ?? 0, held[0]!.attempts) >= CHANNEL_UNASKED_RETRIES ||
              refusedTries(held[0]!) + 1 >= MAX_ATTEMPTS,
          ),
      );
      // A requester's notice barred from their conversation (the channel cleared as Slack
      // Connect: the other organisation reads it now) goes to their DM, private to them, as
      // when Slack refuses the channel (`fallback`); sent once, as any entry is.
      const toDm =
        unfit &&
        held.length === 1 &&
        held[0]!.kind === 'message' &&
        toRequester(held[0]!) &&
        !!(held[0]!.data as OutboxData['message']).fallback;
      // Lines under a ticket's card in a channel linked to a customer since: they follow the
      // card to its new place rather than be dropped (`followCard`).
      const following =
        unfit && !toDm
          ? await this.followCard(held, unfit, owner, checked, (c) => linkedNow(checked, c))
          : undefined;
      if (following) held = following;
      else if (unfit && !toDm) {
        await outbox.dropHeld(held, owner, DESK_CHANNEL_UNFIT);
        log.warn(
          { to: unfit, entries: held.length },
          'outbox: not sent, its desk channel may not be used (Slack Connect or a customer channel)',
        );
        return { status: 'dropped', count: held.length, error: DESK_CHANNEL_UNFIT };
      }
      // A customer channel its customer left (Slack Connect disconnected): nothing more goes
      // there, not tried again and again (Slack answers channel_not_found): dropped now. Not a
      // card (the triage channel's), an App Home, a DM, nor an edit of an old post.
      const first = held[0]!;
      if (
        !toDm &&
        first.kind !== 'ticket.card' &&
        first.kind !== 'home' &&
        first.kind !== 'message.edit' &&
        !isPerson(first.to) &&
        // A reply waiting for its card follows the card (the triage channel's).
        !(first.thread?.parentKey && !first.thread.ts) &&
        // A desk channel is never a customer's (the link refuses one): not asked. Another, as its
        // link says (read once per pass: `linkOf`).
        !Object.values(checked.settings.channels).includes(first.to) &&
        (await linkOf(checked, first.to))?.state === 'left'
      ) {
        await outbox.dropHeld(held, owner, CUSTOMER_LEFT);
        log.info(
          { to: first.to, entries: held.length },
          'outbox: not sent, the customer left that channel (Slack Connect disconnected)',
        );
        return { status: 'dropped', count: held.length, error: CUSTOMER_LEFT };
      }
      const ctx = contextOf();
      // Entries an earlier delivery held and may have posted (an instance died holding them,
      // or stalled past its lease while another took over): Slack may have taken them, so
      // look for any of those deliveries' posts before posting again. A repair's DM still
      // stamped was never posted by its writer (DrawnFrom.by), who is not looked for.
      const doubt = new Set(
        [...group, ...held].flatMap((e) =>
          [...(e.heldBy ?? []), ...(e.leaseOwner ? [e.leaseOwner] : [])].filter(
            (o) => !e.drawnFrom || o !== e.drawnFrom.by,
          ),
        ),
      );
      doubt.delete(owner);
      const drawn = await ctx;
      // An App Home's share of the pass's team-part read, by its entry as leased.
      const homeShare =
        held[0]!.kind === 'home' ? await this.homeShare(contexts, held[0]!, drawn, log) : undefined;
      const outcome = await this.send(client, drawn, held, owner, paced, doubt, session, tally, {
        barred: toDm ? unfit : undefined,
        linkedNow: (channel) => linkedNow(checked, channel),
        left,
        homeShare,
      });
      if (outcome === 'deferred') {
        await outbox.deferForParent(held, owner, new Date(now.getTime() + PARENT_WAIT_MS));
        return { status: 'deferred' };
      }
      if ('settled' in outcome)
        return { status: outcome.settled, count: held.length, error: outcome.error };
      if ('wait' in outcome) {
        // Held by quiet hours: marked, so that quiet hours saved anew re-time it.
        await outbox.defer(held, owner, outcome.wait, outcome.quiet ? now : undefined);
        // Quiet hours begun since it was written: due when they end.
        if (outcome.quiet) {
          log.debug({ until: outcome.wait }, 'outbox: DM waits for quiet hours to end');
          return { status: 'deferred' };
        }
        // An earlier reply of its thread is still owed: due again with it, to go after it.
        log.debug({ until: outcome.wait }, 'outbox: reply waits for an earlier one of its thread');
        return { status: 'deferred', error: THREAD_ORDER };
      }
      // Slack answers again after failing on these as a whole: what it failed on meanwhile in
      // this workspace is due now, not at its own back-off (revoutage F3); the pass takes the
      // cards and SLA alerts first.
      if (held.some((e) => e.lastTransient)) {
        this.slackFailedIn.delete(teamId);
        await this.slackAnswers(teamId, now, contexts.answered);
      }
      return {
        status: 'sent',
        count: held.length,
        ...(outcome.where ? { where: outcome.where } : {}),
        // Every post it needed found in Slack, an earlier try's: nothing posted now.
        ...(tally.found && !tally.tried ? { found: true as const } : {}),
      };
    } catch (err) {
      /**
       * Held until `retryAt`, no attempt counted (nothing Slack refused of this delivery); with
       * `notSooner` (Slack's wait), no sooner than each entry was due already.
       */
      const holdUncounted = (error: string, retryAt: Date, notSooner = false) =>
        outbox
          .failed(held, owner, {
            error,
            retryAt,
            counts: false,
            maxAttempts: MAX_ATTEMPTS,
            unsent: !tally.posted,
            ...(notSooner ? { notSooner } : {}),
          })
          .catch((e: unknown) => log.error({ err: e }, 'outbox: could not record a held delivery'));
      // What the session sent before this failure is marked first (a hook that failed after
      // its post must not make the message due again).
      if (session) await this.flush(session, now).catch(() => {});
      if (err instanceof BarredDmRefused) {
        await outbox
          .dropHeld(held, owner, DESK_CHANNEL_UNFIT)
          .catch((e: unknown) => log.error({ err: e }, 'outbox: could not drop a delivery'));
        log.warn(
          { to: held[0]!.to, entries: held.length },
          'outbox: not sent, its conversation may not be used (Slack Connect) and the requester’s DM was refused',
        );
        return { status: 'dropped', count: held.length, error: DESK_CHANNEL_UNFIT };
      }
      if (err instanceof ChannelUnasked) {
        // Nothing posted: tried again, an attempt counted (its try after CHANNEL_UNASKED_RETRIES
        // goes to the requester's DM: `sharedOutsideNow`), backed off by those tries alone (30 s,
        // 1 and 2 minutes), not by its failures for other reasons: the DM ~3.5 minutes after the
        // first question whatever failed before.
        const unasked = Math.min(held[0]!.unaskedTries ?? 0, held[0]!.attempts);
        await outbox
          .failed(held, owner, {
            error: err.reason,
            retryAt: new Date(now.getTime() + backoffMs(unasked)),
            counts: true,
            maxAttempts: MAX_ATTEMPTS,
            unsent: !tally.posted,
            unasked: true,
          })
          .catch((e: unknown) =>
            log.error({ err: e }, 'outbox: could not record a failed delivery'),
          );
        log.warn(
          { to: held[0]!.to, error: err.reason, attempts: held[0]!.attempts + 1 },
          'outbox: whether a requester’s channel is shared not known (Slack failing); tried again later',
        );
        return { status: 'failed', error: err.reason };
      }
      if (err instanceof LeaseLost) {
        // Another delivery holds them now, and sends them (looking for what this one posted).
        // Having asked Slack for no post, this one is no longer among those to look for (revout
        // F2): no look in Slack for it, and a repair's DM still stamped is not kept for one.
        if (!tally.tried)
          await outbox
            .letGo(held, owner)
            .catch((e: unknown) => log.error({ err: e }, 'outbox: could not record a lost lease'));
        log.warn(
          { posted: tally.posted },
          'outbox: lease ran out before a post; left to its holder',
        );
        return { status: 'deferred' };
      }
      if (err instanceof NoTriageChannel) {
        // Nothing Slack refused: the card waits for an admin to set the triage channel (the
        // save makes it due at once), tried again with the usual back-off but never given up
        // for it; its replies wait on it.
        await outbox
          .failed(held, owner, {
            error: NO_TRIAGE_CHANNEL,
            retryAt: new Date(now.getTime() + backoffMs(held[0]!.attempts)),
            counts: true,
            maxAttempts: Number.MAX_SAFE_INTEGER,
            unsent: !tally.posted,
          })
          .catch((e: unknown) => log.error({ err: e }, 'outbox: could not record a wait'));
        log.info('outbox: ticket card waits for a triage channel');
        return { status: 'deferred', error: NO_TRIAGE_CHANNEL };
      }
      if (err instanceof ParentGivenUp) {
        // Its card (or parent message) was given up: it is given up with it, not retried on
        // its own (Send again sends both, the reply after its parent). One whose parent will
        // never be posted (its ticket gone) is dropped at once, with that reason: there is no
        // thread to send it into, so it is not offered to the managers for Send again.
        const never = err.reason === PARENT_NEVER_POSTED;
        await (
          never
            ? outbox.dropHeld(held, owner, err.reason)
            : outbox.failed(held, owner, {
                ...giveUpNow(err.reason, now),
                unsent: !tally.posted,
                // Given up with its parent's reason: Slack failing (nothing to fix) or refusing.
                transient: err.transient,
              })
        )
          // Its parent sent again meanwhile (a Send again since it was read): owed with it.
          .then(() => outbox.orphansBack(teamId, [err.parentKey], err.reason, now))
          .catch((e: unknown) =>
            log.error({ err: e }, 'outbox: could not record a failed delivery'),
          );
        log.warn(
          { parent: err.parentKey, entries: held.length, error: err.reason },
          never
            ? 'outbox: reply dropped, the message it threads under was never posted'
            : 'outbox: reply given up with its parent',
        );
        return { status: never ? 'dropped' : 'dead', count: held.length, error: err.reason };
      }
      if (err instanceof Slowed) {
        // Slack's wait for this method is not over: due again when it is, no attempt counted
        // (and not a new 429: the rest of the pass goes on).
        await holdUncounted('ratelimited', new Date(err.until), true);
        log.debug({ method: err.method }, "outbox: held until Slack's wait is over");
        return { status: 'deferred', error: 'ratelimited' };
      }
      if ((err as { code?: unknown } | null)?.code === UNREADABLE_INSTALL) {
        // No key of CARE_DESK_TOKEN_KEYS opens the workspace's token (said once, naming the
        // install): nothing was sent; held, no attempt counted, until the key is put back or
        // the app is installed again.
        await holdUncounted(UNREADABLE_INSTALL, new Date(now.getTime() + UNREADABLE_WAIT_MS));
        log.debug('outbox: held, the install’s stored token cannot be opened');
        return { status: 'deferred', error: UNREADABLE_INSTALL };
      }
      const limited = err instanceof RateLimited ? err : rateLimit(err);
      const error = describe(err);
      if (!limited && this.deps.botToken && (await this.deps.botToken.confirmRefused(err))) {
        // Slack refuses the one bot token (said once, then once a minute): held for the new
        // token, due at once after the restart, no attempt counted, nothing given up.
        await holdUncounted(error, now);
        return { status: 'deferred', error };
      }
      if (!limited && client && !tally.posted && (await this.tokenDead(teamId, client, err))) {
        // Slack will never take them: the install stopped, its pending entries dropped.
        await outbox
          .dropHeld(held, owner, NOT_SERVED)
          .catch((e: unknown) => log.error({ err: e }, 'outbox: could not drop a delivery'));
        log.info({ entries: held.length, error }, 'outbox: bot token refused for good, dropped');
        return { status: 'dropped', count: held.length, error: NOT_SERVED };
      }
      // Slack answered no (not a timeout) and nothing of this delivery went out before.
      const unsent = !tally.posted && (!!limited || refused(err));
      // Where it was going (a channel or user id, never a name): which channel is broken.
      const to = tally.to ?? held[0]!.to;
      // A requester's notice refused by DM as Slack refuses a person of another organisation
      // (a ticket filed before that was recorded): asked of Slack; so, their tickets are marked
      // (no DM written to them for those tickets again), and these and what is still owed them
      // for those tickets are dropped, not retried nor given up (nobody is told: the card says).
      if (
        !limited &&
        refused(err) &&
        isPerson(to) &&
        (EXTERNAL_DM_REFUSALS as readonly string[]).includes(error)
      ) {
        const external = await this.requesterExternal(teamId, to, held, now, contextOf);
        if (external) {
          await outbox
            .dropHeld(held, owner, REQUESTER_EXTERNAL)
            .catch((e: unknown) => log.error({ err: e }, 'outbox: could not drop a delivery'));
          log.info(
            { toPerson: true, entries: held.length + external.more, error },
            'outbox: not sent, the requester is of another organisation (Slack refuses their DMs)',
          );
          return { status: 'dropped', count: held.length, error: REQUESTER_EXTERNAL };
        }
      }
      // Slack will never deliver to this person (deactivated, removed, a bot): given up now,
      // and their other DMs of this pass with it, rather than retried for two hours each.
      const recipientGone = !limited && refused(err) && personGone(to, error);
      // Slack failing as a whole, not this message: counted apart, given up only after days.
      const transient = !limited && slackFailing(err);
      // Asked again whether Slack answers a minute on (`probeSlack`), unless asked already.
      if (transient && !this.slackFailedIn.has(teamId))
        this.slackFailedIn.set(teamId, now.getTime() + SLACK_PROBE_MS);
      // Waits run from Slack's answer, not from the pass's start (a paced pass through a backlog
      // takes minutes: a 429's Retry-After, or a back-off, measured from its start may be over
      // before it was said). A 429 holds the workspace's method until Slack's wait is over, the
      // longest it asked (`hold`), and its entries no sooner than that.
      const answeredAt = this.deps.clock.now().getTime();
      const method = limited && (limited.method ?? methodOf(held[0]!));
      const retryAt = new Date(
        limited
          ? await this.slowDown(teamId, method!, answeredAt + limited.retryAfterMs, log)
          : answeredAt + backoffMs(held[0]!.attempts),
      );
      const dead = await outbox
        .failed(
          held,
          owner,
          recipientGone
            ? { ...giveUpNow(error, now), unsent }
            : {
                error,
                retryAt,
                counts: !limited,
                maxAttempts: transient ? TRANSIENT_MAX_ATTEMPTS : MAX_ATTEMPTS,
                unsent,
                transient,
                ...(limited ? { notSooner: true } : {}),
              },
          { now, log },
        )
        .catch((e: unknown) => {
          log.error({ err: e }, 'outbox: could not record a failed delivery');
          return 0;
        });
      if (limited) {
        log.warn(
          { retryAfterMs: limited.retryAfterMs, method },
          'outbox: Slack asked to slow down',
        );
        return { status: 'rateLimited', error };
      }
      // A channel's id names what is broken; a person's id stays out of the log (the managers'
      // App Home names them).
      const where = isPerson(to) ? { toPerson: true } : { to };
      // Slack refuses the channel itself: the admins are told (once per channel and reason).
      if (!isPerson(to) && channelRefused(err))
        await this.tellRefusal(teamId, to, error, now, contextOf);
      if (recipientGone) {
        gone.set(`${teamId}\u0000${to}`, error);
        // Whoever still holds work there is told to the managers, so that it is handed over.
        await this.tellPersonGone(teamId, to, contextOf);
        log.error(
          { error, ...where, entries: dead, retried: false },
          'outbox: delivery given up, Slack will not deliver to this person',
        );
        return { status: 'dead', error };
      }
      if (dead) {
        log.error({ error, ...where, entries: dead }, 'outbox: delivery given up');
        // The replies waiting for it (a card's thread) are given up with it, in one write.
        const replies = await outbox
          .giveUpReplies(
            teamId,
            held.map((e) => e.key),
            PARENT_GIVEN_UP,
            now,
            // Given up for Slack failing as a whole: the replies too (the Home counts them so).
            transient,
          )
          .catch((e: unknown) => {
            log.error({ err: e }, 'outbox: could not give up the replies of a message given up');
            return 0;
          });
        if (replies)
          log.warn(
            { parent: held[0]!.key, entries: replies },
            'outbox: replies given up with their parent',
          );
      } else
        log.warn({ error, ...where, attempts: held[0]!.attempts + 1 }, 'outbox: delivery failed');
      return { status: dead ? 'dead' : 'failed', error };
    }
  }

  /**
   * Of a repair's DMs about to be taken back (`drawnStale`), those an earlier delivery other than
   * their writer held and may have got Slack to take (`triedBeyondWriter`), found in Slack: each
   * with where it went. One look each (alreadyPosted: its DM's conversation since it was written,
   * for the first part of those deliveries' posts: a repair's DM is one message), none for one
   * nothing of which can be there. Slack unable to say now throws (the delivery is held and tried
   * again, never taken back blind); Slack never saying (LOOKUP_REFUSALS) counts as not found.
   */
  private async postedEarlier(
    teamId: string,
    stale: OutboxEntry[],
    owner: string,
    contextOf: () => Promise<Ctx>,
  ): Promise<{ entry: OutboxEntry; result: { channel: string; ts: string } }[]> {
    const doubtful = stale.filter((e) => triedBeyondWriter(e, owner).length);
    if (!doubtful.length) return [];
    const client = await this.deps.clientFor(teamId);
    if (!client) return [];
    const ctx = await contextOf();
    const found: { entry: OutboxEntry; result: { channel: string; ts: string } }[] = [];
    for (const entry of doubtful) {
      const where = { to: entry.to, thread: entry.thread?.ts, since: entry.createdAt };
      const owners = new Set(triedBeyondWriter(entry, owner));
      const result = await this.alreadyPosted(client, ctx, where, owners, 0);
      if (result) found.push({ entry, result });
    }
    return found;
  }

  /**
   * An owner's greetings DM (`entry`, held by `owner`) listing customers the delivery's check
   * found erased since, or being erased, or one of their greeted contacts (`gone`, of its
   * NewOutboxEntry.names): without those customers' lines (`greetingListWithout`), written so
   * before it goes (OutboxService.rewriteNamedHeld: nothing of them kept on it, its record of
   * what it shows, `about`, and what it names of the rest). Undefined: not such a DM, or none of
   * its lines left (taken back whole). Null: no longer held by `owner` (not sent by it).
   */
  private async greetingsWithout(
    ctx: Ctx,
    entry: OutboxEntry,
    gone: ReadonlySet<NamedIn>,
    owner: string,
  ): Promise<OutboxEntry | null | undefined> {
    const data = entry.kind === 'message' ? (entry.data as OutboxData['message']) : undefined;
    if (!data || !('message' in data) || !data.message || !data.greetings) return undefined;
    const customers = new Set(entry.names!.flatMap((r) => (gone.has(r) ? [r.customerId] : [])));
    const without = greetingListWithout(ctx.t, data.message, data.greetings, customers);
    if (!without) return undefined;
    const names = entry.names!.filter((r) => !customers.has(r.customerId));
    const rewritten: OutboxData['message'] = {
      ...data,
      message: without.message,
      greetings: without.lines,
      about: {
        taskIds: [...new Set(without.shown.map((l) => l.taskId))],
        customerIds: [...new Set(without.shown.map((l) => l.customerId))],
      },
    };
    if (!(await this.deps.outbox.rewriteNamedHeld(entry, owner, rewritten, names))) return null;
    return { ...entry, data: rewritten, names };
  }

  /**
   * Of `held`, the entries drawn from a ticket (NewOutboxEntry.drawnFrom) that is gone or no
   * longer at the version they were drawn from: the tickets read once, in the workspace.
   */
  private async drawnStale(held: OutboxEntry[], ctx: Ctx): Promise<OutboxEntry[]> {
    const drawn = held.filter((e) => e.drawnFrom);
    const ids = [...new Set(drawn.map((e) => e.drawnFrom!.ticketId))];
    const tickets = (await this.hooks?.tickets(ctx, ids)) ?? [];
    const versions = new Map(tickets.map((t) => [t.id, t.version]));
    return drawn.filter((e) => versions.get(e.drawnFrom!.ticketId) !== e.drawnFrom!.version);
  }

  /**
   * Before a delivery's post to a desk channel (the triage channel for a card, else the entry's
   * `to` when it is one of the settings' channels), the first of this instance there: a channel
   * linked to a customer, or one Slack says is shared with another organisation (Slack Connect
   * `is_ext_shared`, or an invitation pending), is one the Channels form would refuse, but a
   * channel seeded from the environment (TRIAGE_CHANNEL_ID...) was never checked. Such a channel
   * is cleared from the settings and the admins told once (DeliveryHooks.deskChannelUnfit, the
   * pass's context then reads the settings after it). What may go there then is
   * `barredChannel`'s to say, from the database (a card
   * waits for a triage channel instead). A channel Slack did not say of is taken (as the form
   * takes it) and asked again later. Slack's answer is remembered by this instance; whether the
   * channel is linked is asked at each pass (`linkedNow`, once per pass): a desk channel linked
   * since (through an instance whose cached settings did not name it yet) is found at the next.
   */
  /**
   * Whether Slack says `channel` is shared with another organisation (`sharedOutside`, as the
   * Channels form judges it), remembered by this instance for REQUESTER_CHANNEL_CHECK_MS;
   * undefined when Slack will not say (`channel_not_found`, `not_in_channel`...: not remembered);
   * a 429 (or Slack's wait not over) is thrown, the entry held until Retry-After and asked again;
   * Slack failing for a moment (a 5xx, `internal_error`, the network) is thrown as
   * ChannelUnasked, the entry tried again with the usual back-off, unless this is its `lastTry`
   * (after CHANNEL_UNASKED_RETRIES: undefined then, to the DM rather than held longer). Asked only of a requester's notice to a
   * channel no link or setting says anything of, of a ticket not opened there as its Slack
   * Connect conversation (`barredChannel`).
   */
  private async sharedOutsideNow(
    client: WebClient,
    ctx: Ctx,
    channel: string,
    lastTry: boolean,
  ): Promise<boolean | undefined> {
    const memo = `${ctx.teamId}\u0000${channel}`;
    const now = ctx.now.getTime();
    const known = this.requesterChannels.get(memo);
    if (known && now - known.at >= 0 && now - known.at < REQUESTER_CHANNEL_CHECK_MS)
      return known.outside;
    this.requesterChannels.delete(memo);
    // Slack could not say at a notice's last try lately (any instance's): to the DM, unasked.
    const undescribed = await this.deps.outbox
      .undescribedAt(ctx.teamId, channel)
      .catch((err: unknown) => {
        this.deps.log.warn({ err, teamId: ctx.teamId }, 'outbox: channel record not read');
        return undefined;
      });
    const since = undescribed ? now - undescribed.getTime() : -1;
    if (since >= 0 && since < CHANNEL_UNDESCRIBED_MS) {
      this.deps.log.info(
        { teamId: ctx.teamId, to: channel },
        'outbox: Slack could not say lately whether a requester’s channel is shared; taken as shared',
      );
      return undefined;
    }
    try {
      const info = await this.call(ctx.teamId, 'conversations.info', () =>
        client.conversations.info({ channel }),
      );
      const outside = sharedOutside(info.channel);
      // Bounded: an old answer is of no use (asked again after REQUESTER_CHANNEL_CHECK_MS).
      if (this.requesterChannels.size >= 1_000) this.requesterChannels.clear();
      this.requesterChannels.set(memo, { at: now, outside });
      return outside;
    } catch (err) {
      // Slack asking the desk to wait (a 429, or its wait not over) is no answer: the entry is
      // held until Retry-After and asked again, as any rate-limited delivery is.
      if (rateLimit(err) || err instanceof RateLimited || err instanceof Slowed) throw err;
      const error = describe(err);
      // A definite answer decides (to the DM, the safe side); Slack failing for a moment does
      // not: asked again at the entry's next try (its last one takes the DM).
      const failing = !refused(err) || SLACK_FAILING.includes(error);
      if (!lastTry && failing) throw new ChannelUnasked(error);
      // The last try, Slack failing still: its later notices take the DM at once for a while.
      if (failing)
        await this.deps.outbox
          .noteUndescribed(ctx.teamId, channel, ctx.now)
          .catch((e: unknown) =>
            this.deps.log.warn(
              { err: e, teamId: ctx.teamId },
              'outbox: channel record not written',
            ),
          );
      this.deps.log.info(
        { teamId: ctx.teamId, to: channel, error },
        'outbox: could not ask Slack whether a requester’s channel is shared; taken as shared',
      );
      return undefined;
    }
  }

  /**
   * The desk's lines under a ticket's card (`thread.ts`: a thread line, an SLA alert's) that
   * `barredChannel` would drop, their channel being linked to a customer since (the customer
   * reads it now): when that channel was left meanwhile (its cards forgotten by another delivery,
   * or by this one's card just before: OutboxService.channelLeft has them follow their card), or
   * is left now, as the card's own update would leave it (its entry says it is there: this line
   * came first; or was there when the channel was left, `left`: a leave cut short, or another
   * instance's, before its lines followed their card: left again), they go in the card's new
   * thread instead, once it is posted (`threadOf`). They are read again as the database has
   * them (this delivery still holding them), and returned, for this delivery to send; undefined
   * when they do not follow a card (dropped as before).
   */
  private async followCard(
    held: OutboxEntry[],
    channel: string,
    owner: string,
    ctx: Ctx,
    linkedNow: (channel: string) => Promise<boolean>,
  ): Promise<OutboxEntry[] | undefined> {
    const hooks = this.hooks;
    const under = held.flatMap((e) =>
      e.kind !== 'ticket.card' && e.to === channel && e.thread?.ts && !toRequester(e)
        ? [e.thread.ts]
        : [],
    );
    if (!hooks || under.length !== held.length || !(await linkedNow(channel))) return undefined;
    const { outbox } = this.deps;
    const keys = held.map((e) => e.key);
    const follows = (e: OutboxEntry) =>
      e.state === 'pending' && e.leaseOwner === owner && !!e.thread?.parentKey && !e.thread.ts;
    let now = await outbox.byKeys(ctx.teamId, keys);
    if (!now.every(follows)) {
      if (!(await outbox.cardAt(ctx.teamId, channel, [...new Set(under)]))) return undefined;
      await hooks.deskChannelUnfit(ctx, channel, 'customer');
      now = await outbox.byKeys(ctx.teamId, keys);
    }
    if (now.length !== held.length || !now.every(follows)) return undefined;
    ctx.log.info(
      { channel, entries: now.length },
      'outbox: lines under a card in a channel linked to a customer since follow the card to the triage channel',
    );
    return now;
  }

  /**
   * What `channel` is as a customer channel (`DeliveryHooks.customerChannel`; a failure: taken as
   * none, logged).
   */
  private async customerChannelState(
    ctx: Ctx,
    channel: string,
  ): Promise<LinkedChannel['state'] | undefined> {
    try {
      return (await this.hooks?.customerChannel(ctx, channel))?.state;
    } catch (err) {
      this.deps.log.warn(
        { err, teamId: ctx.teamId, to: channel },
        'outbox: could not read whether the customer left the channel; taken as not',
      );
      return undefined;
    }
  }

  /** The desk channel found unfit and left (cleared, its cards forgotten), if any. */
  private async deskChannelCheck(
    client: WebClient,
    entry: OutboxEntry,
    contextOf: () => Promise<Ctx>,
    contexts: Map<string, Promise<Ctx>>,
    linkedNow: (ctx: Ctx, channel: string) => Promise<boolean>,
  ): Promise<string | undefined> {
    const hooks = this.hooks;
    if (!hooks || entry.kind === 'home' || entry.kind === 'message.edit') return;
    const ctx = await contextOf();
    const desk = Object.values(ctx.settings.channels);
    const to = entry.kind === 'ticket.card' ? ctx.settings.channels.triage : entry.to;
    if (!to || isPerson(to) || !desk.includes(to)) return;
    const memo = `${ctx.teamId}\u0000${to}`;
    const { fit, asked } = this.deskChannels;
    const now = ctx.now.getTime();
    const log = this.deps.log.child({ teamId: ctx.teamId, to });
    let why: 'shared' | 'customer' | undefined;
    try {
      if (await linkedNow(ctx, to)) why = 'customer';
      else if (fit.has(memo)) return;
      else {
        // Slack did not say lately: taken as set until it is asked again.
        const last = asked.get(memo);
        if (last !== undefined && now - last >= 0 && now - last < REFUSAL_CHECK_MS) return;
        asked.delete(memo);
        const info = await this.call(ctx.teamId, 'conversations.info', () =>
          client.conversations.info({ channel: to }),
        );
        if (sharedOutside(info.channel)) why = 'shared';
        else fit.add(memo);
      }
    } catch (err) {
      asked.set(memo, now);
      log.info(
        { error: describe(err) },
        'outbox: could not check a desk channel before posting; taken as set, asked again later',
      );
      return;
    }
    if (!why) return;
    const after = await hooks.deskChannelUnfit(ctx, to, why);
    contexts.set(ctx.teamId, Promise.resolve(makeCtx({ ...ctx, settings: after })));
    log.warn(
      { why },
      'outbox: a desk channel may not be used (Slack Connect or a customer channel): cleared from the settings, nothing of the desk posted there',
    );
    return to;
  }

  /**
   * Slack refused the desk in `channel` (one of CHANNEL_ERRORS): the admins (the managers when
   * there are none; nobody but the log when neither is set) get one DM through the outbox naming
   * the channel, Slack's answer and what to do, once per channel and reason (a claim shared by
   * every instance: again once the channel took a message since, or a day later). Never throws.
   * What it says is true of what Slack refused (`what`): messages are tried again until Slack
   * refused each MAX_ATTEMPTS times; the edits of old posts (`edits`: the app removed, the channel
   * archived) are given up at once, for *Send them again*; edits finding the channel gone
   * (`editsDropped`) are given up for good. One claim for both, by channel and Slack's answer:
   * a card refused, then its channel's edits (or the other way round), tell the admins once, in
   * a DM that says what befalls both.
   */
  private async tellRefusal(
    teamId: string,
    channel: string,
    error: string,
    now: Date,
    context: () => Promise<Ctx>,
    what: Refused = 'messages',
  ): Promise<void> {
    const memo = `${teamId}\u0000${channel}\u0000${error}`;
    const last = this.refusalsChecked.get(memo);
    if (last !== undefined && now.getTime() - last < REFUSAL_CHECK_MS) return;
    this.refusalsChecked.set(memo, now.getTime());
    const log = this.deps.log.child({ teamId, to: channel, error });
    try {
      const c = await context();
      // Never one Slack said is of another organisation, nor one held (`staffToTellNow`: the
      // desk's only admin made a guest owner, whom nothing reaches); then the triage channel, or
      // the staff agents when the refused channel is the triage channel. Nobody: nothing claimed
      // (tried again at the next refusal REFUSAL_CHECK_MS on).
      const told = await staffToTellRead(
        c.settings,
        () => this.awayOwners(c).then((a) => [...a]),
        channel,
      );
      if (!told.length) {
        log.warn('outbox: Slack refuses a channel; no admin or manager is set to be told');
        return;
      }
      // The customer left that channel (Slack Connect disconnected): said so, not "invite the
      // app"; a customer's Slack Connect channel not known to be left: that it may be why.
      const state = what === 'messages' ? await this.customerChannelState(c, channel) : undefined;
      // Told instead of held admins (the triage channel, staff agents): why them, as well.
      const message = toldInsteadOfAdmins(c.t, c.settings, teamId, told, {
        text: channelRefusedText(
          c.t,
          what,
          { channel, error, at: now, timeZone: c.settings.timeZone, tries: MAX_ATTEMPTS },
          state === 'left' || state === 'shared' ? state : undefined,
        ),
      });
      // The DMs are written first, under keys of the claim's period (every instance writing them
      // for it writes the same keys), then the claim: a crash in between leaves them written.
      const claimed = await this.deps.outbox.claimRefusalNotice(
        teamId,
        channel,
        error,
        now,
        REFUSAL_TELL_AGAIN_MS,
        async (period) => {
          await this.deps.outbox.enqueue(
            c,
            told.map((user) => ({
              key: `refused:${channel}:${error}:${period}:${user}`,
              kind: 'message' as const,
              to: user,
              data: { message } satisfies OutboxData['message'],
            })),
          );
        },
      );
      if (!claimed) return;
      log.info(
        { told: told.length, admins: told.some((u) => c.settings.admins.includes(u)) },
        'outbox: told the admins that Slack refuses a channel',
      );
      this.kick();
    } catch (err) {
      log.warn({ err }, 'outbox: could not tell the admins that Slack refuses a channel');
    }
  }

  /**
   * Slack will never deliver to `userId` (deactivated, removed): the managers are told if they
   * still hold open work (`DeliveryHooks.personGone`: one DM per person through the outbox, keyed
   * by the person, so every instance and every later pass writes the same one). Never throws.
   */
  private async tellPersonGone(
    teamId: string,
    userId: string,
    context: () => Promise<Ctx>,
  ): Promise<void> {
    try {
      if (await this.hooks?.personGone(await context(), userId)) this.kick();
    } catch (err) {
      this.deps.log.warn(
        { err, teamId },
        'outbox: could not tell the managers of a person Slack no longer reaches',
      );
    }
  }

  /**
   * Slack refused `held`, DMs to `userId` (EXTERNAL_DM_REFUSALS): when some are a ticket's
   * requester notices (`requester:<ticket id>:…`), whether Slack says that person is of another
   * organisation (`DeliveryHooks.requesterRefused`, which marks those tickets' requester so), and
   * then how many more of those tickets' notices still owed them were dropped. Undefined: not
   * such notices, not of another organisation, or not said (a failure logged: the delivery is
   * recorded as failed as usual). Never throws.
   */
  private async requesterExternal(
    teamId: string,
    userId: string,
    held: readonly OutboxEntry[],
    now: Date,
    context: () => Promise<Ctx>,
  ): Promise<{ more: number } | undefined> {
    const hook = this.hooks?.requesterRefused;
    if (!hook) return undefined;
    const ticketIds = [
      ...new Set(
        held.flatMap((e) => {
          const id = e.to === userId ? requesterTicketOf(e.key) : undefined;
          return id ? [id] : [];
        }),
      ),
    ];
    if (!ticketIds.length) return undefined;
    try {
      if (!(await hook(await context(), userId, ticketIds))) return undefined;
      const more = await this.deps.outbox.dropTicketDms(
        teamId,
        ticketIds,
        userId,
        'requester',
        REQUESTER_EXTERNAL,
        now,
      );
      return { more };
    } catch (err) {
      this.deps.log.warn(
        { err, teamId },
        'outbox: could not tell whether a requester Slack refused is of another organisation',
      );
      return undefined;
    }
  }

  /** Whether Slack refused the workspace's bot token for good (OAuth mode; never throws). */
  private async tokenDead(teamId: string, client: WebClient, err: unknown): Promise<boolean> {
    if (!this.deps.tokenRefused) return false;
    return this.deps.tokenRefused(teamId, client, err).catch((e: unknown) => {
      this.deps.log.warn({ err: e, teamId }, 'outbox: could not check the refused bot token');
      return false;
    });
  }

  /**
   * Held signals whose customer was handed to another owner since they were written (`handed`,
   * `signalStaleWhy` says `owner`; `customers` as they stand now, by code): written for whoever
   * is to be told them now (`signalsHandedOn`: the new owner, the managers' copies, the new
   * owner's managers for a kind told to them), keyed, unless told already. They go at the
   * worker's next pass. The held ones are the caller's to close.
   */
  private async passOnSignals(
    ctx: Ctx,
    handed: OutboxEntry[],
    customers: ReadonlyMap<string, SignalCustomer>,
  ): Promise<void> {
    if (!handed.length) return;
    const { settings } = ctx;
    const customerOf = (e: OutboxEntry) => customers.get(signalOf(e).customer.code)!;
    const managersOf = (e: OutboxEntry) => ownersManagers(settings, customerOf(e).ownerId);
    const read = await this.deps.outbox.byKeys(ctx.teamId, [
      ...new Set(
        handed.flatMap((e) =>
          [customerOf(e).executor, e.to, ...managersOf(e)].flatMap((to) =>
            signalKeysOf(signalBase(e.key), to),
          ),
        ),
      ),
    ]);
    // A copy held for its reader and still in force (another manager's own, the stand-in
    // changing): that one tells them, not a second passed on beside it.
    const handedKeys = new Set(handed.map((e) => e.key));
    const told = read.map((e) => ({
      ...e,
      inForce:
        e.state === 'pending' &&
        e.kind === 'signal' &&
        !handedKeys.has(e.key) &&
        customers.has(signalOf(e).customer.code) &&
        !signalStaleWhy(e, customers),
    }));
    const byKey = new Map(
      handed.flatMap((e) =>
        signalsHandedOn(
          e,
          signalOf(e),
          customerOf(e),
          managersOf(e),
          customerOf(e).managersTold.includes(signalOf(e).kind),
          told,
        ).map((next) => [next.key, next] as const),
      ),
    );
    if (!byKey.size) return;
    await this.deps.outbox.enqueue(ctx, [...byKey.values()]);
    ctx.log.info(
      { entries: byKey.size },
      'outbox: held signals of customers handed over, written to their owners now',
    );
    this.kick();
  }

  /** Renders and sends one leased group; records it as sent (or says it must wait). */
  private async send(
    client: WebClient,
    ctx: Ctx,
    held: OutboxEntry[],
    owner: string,
    paced: boolean,
    doubt: Set<string>,
    session: Session | undefined,
    tally: Tally,
    opts: {
      /** A requester's notice barred from its channel (`barredChannel`): sent to its fallback. */
      barred?: string | undefined;
      /** Whether a channel is linked to a customer now (read once a pass, `Session.links`). */
      linkedNow?: (channel: string) => Promise<boolean>;
      /** A desk channel this delivery just found unfit and left (`deskChannelCheck`). */
      left?: string | undefined;
      /** An App Home's share of the pass's team-part read (`homeShare`); none: read its own. */
      homeShare?: SharedSince | undefined;
    } = {},
  ): Promise<Outcome> {
    const { outbox } = this.deps;
    const first = held[0]!;
    const hooks = this.hooks;
    if (!hooks) throw new Error('outbox worker used before its hooks were set');
    const { t, settings } = ctx;
    const tz = settings.timeZone;
    let part = 0;
    const since = new Date(Math.min(...held.map((e) => e.createdAt.getTime())));
    const post = async (
      message: Partial<Message> & { thread_ts?: string },
      to = first.to,
    ): Promise<{ channel: string; ts: string }> => {
      const n = part++;
      if (doubt.size) {
        const where = { to, thread: message.thread_ts, since };
        const found = await this.alreadyPosted(client, ctx, where, doubt, n);
        if (found) {
          tally.found += 1;
          return found;
        }
      }
      if (paced) await this.pace(this.posts, to);
      await this.keepLease(held, owner, tally);
      tally.to = to;
      // Each message says which delivery sent it, so a takeover can tell it went out.
      const metadata = { event_type: OUTBOX_EVENT, event_payload: { batch: owner, part: n } };
      tally.tried += 1;
      const res = await this.call(ctx.teamId, 'chat.postMessage', () =>
        client.chat.postMessage({ channel: to, ...message, metadata } as Parameters<
          WebClient['chat']['postMessage']
        >[0]),
      );
      tally.posted += 1;
      return { channel: res.channel ?? to, ts: res.ts ?? '' };
    };
    const done = async (
      result?: { channel: string; ts: string },
      entries = held,
      refused?: string,
    ) => {
      if (result) for (const e of entries) session?.posted.set(e.key, result);
      const marks = entries.map((entry) => ({
        entry,
        ...(result ? { result } : {}),
        ...(refused ? { refused } : {}),
      }));
      if (!session) return outbox.sentEach(marks, owner, ctx.now, ctx.log);
      for (const mark of marks) session.marks.push({ owner, ...mark });
    };

    switch (first.kind) {
      case 'message': {
        const data = first.data as OutboxData['message'];
        if (opts.barred && data.fallback) {
          // Their conversation is where another organisation reads now: told by DM instead
          // (nothing of the channel's refusal recorded: Slack refused nothing). A DM Slack
          // refuses for this person (gone, or not reachable: a person of another organisation)
          // is dropped; any other failure is thrown as it is (the next try looks for the DM in
          // Slack before posting it again). A notice written before it to their conversation
          // and still owed goes first, as in the thread ("we have your request" before "resolved").
          const conversation = await this.threadOf(first, ctx, session);
          if (conversation === null) return 'deferred';
          const behind = conversation && (await this.earlierOwed(held, conversation, session));
          if (behind) return { wait: behind };
          const dm = data.fallback.to;
          const where = await post(fallbackMessage(ctx, data), dm).catch((e: unknown) => {
            throw refused(e) && (channelRefused(e) || personGone(dm, describe(e)))
              ? new BarredDmRefused()
              : e;
          });
          ctx.log.info(
            { channel: opts.barred },
            'outbox: conversation barred (Slack Connect), requester told by DM',
          );
          await done(where, [first]);
          return { where };
        }
        const thread = await this.threadOf(first, ctx, session);
        if (thread === null) return 'deferred';
        // "It is yours" (or a draft for its holder) held (quiet hours, Slack asking to wait): not
        // sent when it is not so now.
        // (The ticket as read for it: a DM to whom it was handed is drawn from it.)
        let handed: TicketRecord | undefined;
        if (data.holder && ctx.now.getTime() - first.createdAt.getTime() >= ALERTS_HELD_MS) {
          const [now] = await hooks.tickets(ctx, [data.holder.ticketId]);
          if (!now || now.assigneeId !== first.to || !OPEN_STATUSES.includes(now.status)) {
            await done(undefined, [first]);
            return {};
          }
          handed = now;
        }
        // "It is yours" says what the ticket owes as it stands now: the one this request just
        // saved, else as stored (sent as written when it is gone).
        if (data.assigned && !handed) {
          const id = data.assigned.ticketId;
          handed = session?.tickets.find((x) => x.id === id) ?? (await hooks.tickets(ctx, [id]))[0];
        }
        // "No longer yours" held, of a ticket whose "it is yours" never went out: not sent. (A
        // hand-over's held notice keeps what it told of as moved under `toldMoved`, not here.)
        if (
          typeof data.told === 'string' &&
          ctx.now.getTime() - first.createdAt.getTime() >= ALERTS_HELD_MS
        ) {
          const [told] = await outbox.byKeys(ctx.teamId, [data.told]);
          if (told && !told.result && !session?.posted.has(told.key)) {
            await done(undefined, [first]);
            return {};
          }
        }
        // "You now follow" of someone who no longer follows the ticket (they stopped following,
        // or became its assignee, while it waited), or who was taken off and added again since
        // (the later addition's DM tells them): not sent. Sent as written when it is gone.
        let followed: TicketRecord | undefined;
        if (data.followerAdded) {
          [followed] = await hooks.tickets(ctx, [data.followerAdded.ticketId]);
          if (
            followed &&
            (!(followed.followers ?? []).includes(first.to) ||
              (await this.addedAgain(ctx, first.key, followed)))
          ) {
            await done(undefined, [first]);
            return {};
          }
        }
        // A kept-note notice: its burst counted again from the ticket as it goes out (the one
        // this request just saved, else as stored), replies kept while it waited told in it.
        // Not sent when the ticket is open again by then (reopened within the burst's window):
        // it would say the ticket is resolved and the replies reopened nothing; the reopen's own
        // notice told its assignee (a safe default, as "it is yours" and "you now follow" above).
        let kept: TicketRecord | undefined;
        if (data.keptNote) {
          const id = data.keptNote.ticketId;
          kept = session?.tickets.find((x) => x.id === id) ?? (await hooks.tickets(ctx, [id]))[0];
          if (kept && OPEN_STATUSES.includes(kept.status)) {
            await done(undefined, [first]);
            return {};
          }
          // Going to a person (`keptNoteTo`: one written for the triage channel, not held, goes
          // to the assignee the ticket has now) inside quiet hours, the ticket not urgent: due
          // when they end, as any quiet DM.
          const until =
            kept && kept.severity !== 'urgent' && keptAssignee(kept)
              ? this.deps.outbox.quietUntil(ctx, ctx.now)
              : undefined;
          if (until) return { wait: until, quiet: true };
        }
        // A hand-over's notice held while it ran, gone out (it was cut short): drawn from what
        // it moved by now; the receiver's not sent when nothing moved.
        let cutShort: (Partial<Message> & { text: string }) | null | undefined;
        if (data.handoverRun) {
          const cut = await hooks.handoverCutShort(ctx, data.handoverRun, first);
          cutShort = handoverCutShort(ctx.t, data.handoverRun, cut, {
            now: ctx.now,
            timeZone: ctx.settings.timeZone,
            pausedReplies: cut.pausedReplies,
          });
          if (!cutShort) {
            await done(undefined, [first]);
            return {};
          }
        }
        const behind = thread && (await this.earlierOwed(held, thread, session));
        if (behind) return { wait: behind };
        // A kept-note notice: which replies of its burst it tells, recorded as it goes in one
        // write (a retry keeps the first record): a reply kept after is a burst of its own
        // (`keptNoteBurst`), not told nowhere.
        const leadEvent = data.keptNote && kept?.timeline[data.keptNote.seq - 1];
        if (kept && data.keptNote && leadEvent)
          kept =
            (await hooks.keptNoteTold(ctx, kept.id, data.keptNote.seq, new Date(leadEvent.at))) ??
            kept;
        let where: { channel: string; ts: string };
        let channelError: string | undefined;
        const message =
          cutShort ??
          (await this.rendered(ctx, data, first.to, followed, handed, kept, session?.posted));
        try {
          where = await post(
            { ...message, ...(thread ? { thread_ts: thread.ts } : {}) },
            thread?.channel ?? (kept && keptNoteTo(ctx, kept)),
          );
        } catch (err) {
          // The requester's conversation refused (the app removed from the customer channel,
          // the channel archived): they are told by DM, and the refusal is kept on the entry so
          // that the admins' Home still names the channel (delivered, not owed). Refused there
          // too (a person of another organisation), the channel's error is kept as a failure.
          if (!data.fallback || !channelRefused(err)) throw err;
          channelError = describe(err);
          ctx.log.warn(
            { error: describe(err) },
            'outbox: conversation refused, requester told by DM',
          );
          // The DM refused too: the channel's error is what the admins need to see. Any other
          // failure (a timeout: the DM may have gone) is thrown as it is, so that the next try
          // looks for the DM in Slack before posting it again.
          where = await post(fallbackMessage(ctx, data), data.fallback.to).catch(
            (dmErr: unknown) => {
              if (!refused(dmErr)) throw dmErr;
              tally.to = thread?.channel ?? first.to;
              throw err;
            },
          );
        }
        await done(where, [first], channelError);
        // The requester was told by DM, but the customer channel refuses the desk: the admins
        // are told, as for any channel Slack refuses (once per channel and reason).
        if (channelError)
          await this.tellRefusal(
            ctx.teamId,
            thread?.channel ?? first.to,
            channelError,
            ctx.now,
            async () => ctx,
          );
        if (data.after?.accountManagerTold)
          await hooks.accountManagerTold(ctx, data.after.accountManagerTold);
        return { where };
      }
      case 'ticket.card': {
        const { ticketId } = first.data as OutboxData['ticket.card'];
        // The ticket the request just saved, when it is one: not read again.
        const known = session?.tickets.find((x) => x.id === ticketId);
        const view = known ? hooks.ticketView(ctx, known) : await hooks.ticketCard(ctx, ticketId);
        if (!view) {
          await done(undefined, [first]);
          return {};
        }
        const card = ticketCard(t, view.ticket, view.clock, tz, ctx.now);
        let at =
          first.result ??
          (view.ticket.card.channel && view.ticket.card.ts
            ? { channel: view.ticket.card.channel, ts: view.ticket.card.ts }
            : undefined);
        // Held as written (its id and where it went unknown) and the ticket says no card:
        // the entry says whether one went out (a crash before the ticket recorded it).
        if (!at && !first.id)
          at = (await outbox.byKeys(first.teamId, [first.key]))[0]?.result ?? undefined;
        // Posted in a channel the desk may no longer use (Slack Connect): a new card instead.
        if (at && blockedChannels(settings).has(at.channel)) at = undefined;
        // Posted in a channel linked to a customer since (`/desk channel link`: the customer
        // reads it now; a former triage channel, or the triage channel itself): never updated
        // there. The channel is left as at a clear (SettingsFlows.deskChannelUnfit: its cards
        // forgotten, the lines owed under them following each card, this change's own first;
        // the settings cleared of it, the admins told, when they name it), unless this delivery
        // just did (`deskChannelCheck`); a new card goes to the triage channel (or waits for
        // one), the lines owed under the old one in its thread after it (`inOrder`'s
        // `waitingOn`). The answer is the pass's (read with the ticket by a request:
        // `Session.links`), not asked again.
        if (at && (await opts.linkedNow?.(at.channel))) {
          if (opts.left !== at.channel) await hooks.deskChannelUnfit(ctx, at.channel, 'customer');
          ctx.log.warn(
            { channel: at.channel, ticketId },
            'outbox: ticket card in a channel linked to a customer since; posted anew in the triage channel',
          );
          at = undefined;
        }
        if (at) {
          const from = at;
          if (paced) await this.pace(this.updates, ctx.teamId);
          tally.to = from.channel;
          const gone = await this.call(ctx.teamId, 'chat.update', () =>
            client.chat.update({ ...from, ...card }),
          ).then(
            () => undefined,
            (err: unknown) => {
              if (cardGone(err)) return describe(err);
              throw err;
            },
          );
          if (gone) {
            const where = await this.repostCard(
              client,
              ctx,
              { card, view, from, gone },
              post,
              doubt,
              owner,
            );
            await done(where && { channel: where.channel, ts: where.ts }, [first]);
            return where ? { where } : {};
          }
          // Its link not had when it was posted (Slack asked to wait): asked for now.
          const permalink = view.ticket.card.permalink
            ? undefined
            : await this.permalink(client, ctx, from);
          if (permalink) await hooks.cardPosted(ctx, ticketId, { ...from, permalink });
          await done(from, [first]);
          return { where: from };
        }
        const channel = settings.channels.triage;
        if (!channel) throw new NoTriageChannel();
        const where = await post(card, channel);
        // Taken over from a delivery cut short: the card it posted may show an older state.
        if (doubt.size)
          await this.call(ctx.teamId, 'chat.update', () =>
            client.chat.update({ ...where, ...card }),
          );
        session?.newCards.add(first.key);
        if (first.id && session?.held.has(first.key)) session.ownThreads.add(first.key);
        // Ticket numbers in later messages link to the card.
        const permalink = await this.permalink(client, ctx, where);
        await hooks.cardPosted(ctx, ticketId, { ...where, ...(permalink ? { permalink } : {}) });
        await done(where, [first]);
        // The notices this delivery sends next link to it without reading it back.
        if (permalink) session?.posted.set(first.key, { ...where, permalink });
        return { where: { ...where, ...(permalink ? { permalink } : {}) } };
      }
      case 'alert': {
        // A warning held back with its breach (a refused channel's lines of several sweeps) goes
        // with it, marked sent: the breach says more.
        let lines = held.map((e) => ({ alert: (e.data as OutboxData['alert']).alert, entry: e }));
        // Held (Slack refused the channel, asked to wait, quiet hours; or sent again from App
        // Home): drawn from its tickets as they stand now, those no longer alerting left out.
        const since = new Date(Math.min(...held.map((e) => e.createdAt.getTime())));
        let note: ReturnType<typeof heldNote> | undefined;
        const list = (first.data as OutboxData['alert']).list;
        if (ctx.now.getTime() - since.getTime() >= ALERTS_HELD_MS) {
          const now = new Map(
            (
              await hooks.tickets(
                ctx,
                lines.map((l) => l.alert.ticket.id),
              )
            ).map((k) => [k.id, k]),
          );
          const fresh = lines.flatMap((l) => {
            const ticket = now.get(l.alert.ticket.id);
            const alert = asItStands(l.alert, ticket, l.entry.createdAt);
            // A DM's line about a ticket a person took from its reader since: not theirs to act
            // on (the one it went to was told it is theirs), left out. One the sweep's own
            // escalation handed on stays, naming who has it now.
            if (
              alert &&
              ticket &&
              list === 'dm' &&
              handedOnByPerson(l.alert, first.to, ticket, l.entry.createdAt)
            )
              return [];
            return alert ? [{ ...l, alert }] : [];
          });
          const refusedWith = held.find((e) =>
            (CHANNEL_ERRORS as readonly string[]).includes(e.lastError ?? ''),
          )?.lastError;
          note = heldNote(t, tz, since, refusedWith, lines.length - fresh.length);
          lines = fresh;
          if (!lines.length) {
            // Nothing on it applies any more: not posted, done.
            ctx.log.info({ entries: held.length }, 'outbox: held alert list no longer applies');
            await done();
            return {};
          }
        }
        const alerts = unsuperseded(lines.map((l) => l.alert)).sort(byUrgency);
        const dm = alertDmHeading(t, alerts, first.to);
        const heading =
          list === 'channel'
            ? t('alert.header', { count: alerts.length })
            : list === 'escalation'
              ? t('alert.escalationHeader', { count: alerts.length })
              : dm.heading;
        // A DM's lines are its reader's (an escalation says whether the ticket is theirs now);
        // tickets to follow up also say who holds each.
        const where = await post(
          alertList(
            t,
            tz,
            heading,
            alerts,
            list === 'dm' ? { reader: first.to, who: dm.who } : { who: true },
            note,
          ),
        );
        await done(where);
        return { where };
      }
      case 'alert.thread': {
        const thread = await this.threadOf(first, ctx, session);
        if (thread === null) return 'deferred';
        const behind = thread && (await this.earlierOwed(held, thread, session));
        if (behind) return { wait: behind };
        const alerts = held.map((e) => (e.data as OutboxData['alert.thread']).alert);
        const where = await post(
          { text: alertThreadText(t, tz, alerts), ...(thread ? { thread_ts: thread.ts } : {}) },
          thread?.channel,
        );
        await done(where);
        return { where };
      }
      case 'message.edit': {
        // One of a ticket's posts whose words retention or an erasure took: drawn from the
        // ticket as stored now, updated in place at the cards' pace (on the edits' lane, after the bulk one).
        // Not there any more (deleted, too old to edit, its channel gone, left or archived):
        // nothing the desk can edit, done (POST_GONE). Slack refusing the channel itself, it and
        // the same channel's other edits are settled at once (one write, no try each) and the
        // admins told once (`tellRefusal`'s claim, the channel's and answer's, the messages' too):
        // given up (`dead`) when an admin can fix the channel (the app invited, the channel
        // unarchived), for *Send them again* then; dropped when Slack does not find it (each DM
        // says which).
        // A target's merge line (`mergedFrom`): drawn from the duplicate as stored too; a list of
        // alerts names every ticket it had a line about (as stored now).
        // A DM about a task linked to no ticket (a low survey's managers' notice too), a list of
        // several customers' tasks: a fixed line, nothing to read.
        const { post, mergedFrom } = first.data as OutboxData['message.edit'];
        let edited: Message | undefined;
        if (post.kind === 'customerTask') edited = customerTaskPostEdited(t, post);
        else if (post.kind === 'taskList') edited = taskListPostEdited(t);
        else {
          const read = await hooks.tickets(ctx, [
            post.ticketId,
            ...(mergedFrom ? [mergedFrom] : []),
            ...(post.others ?? []),
          ]);
          const ticket = read.find((k) => k.id === post.ticketId);
          const others = (post.others ?? []).flatMap((id) => read.filter((k) => k.id === id));
          const duplicate = mergedFrom ? read.find((k) => k.id === mergedFrom) : undefined;
          if (ticket)
            edited = duplicate
              ? mergeLineEdited(t, ticket, post, duplicate)
              : ticketPostEdited(t, ticket, post, others);
        }
        if (edited) {
          if (paced) await this.pace(this.updates, ctx.teamId);
          await this.keepLease(held, owner, tally);
          tally.to = post.channel;
          const gone = await this.call(ctx.teamId, 'chat.update', () =>
            client.chat.update({ channel: post.channel, ts: post.ts, ...edited }),
          ).then(
            () => undefined,
            (err: unknown) => {
              if (postGone(err)) return { error: describe(err), channel: channelRefused(err) };
              throw err;
            },
          );
          if (gone?.channel) {
            const state = gone.error === 'channel_not_found' ? 'dropped' : 'dead';
            const settled = await outbox.settleChannelEdits(
              ctx.teamId,
              post.channel,
              { state, reason: gone.error },
              ctx.now,
              { entries: held, owner },
            );
            ctx.log.info(
              { error: gone.error, post: post.kind, state, settled },
              'outbox: Slack refuses the channel of a ticket’s post to edit; its edits there settled',
            );
            // A DM's conversation is nobody's channel to fix.
            if (!isPerson(post.channel) && !post.channel.startsWith('D'))
              await this.tellRefusal(
                ctx.teamId,
                post.channel,
                gone.error,
                ctx.now,
                async () => ctx,
                state === 'dropped' ? 'editsDropped' : 'edits',
              );
            return { settled: state, error: gone.error };
          } else if (gone)
            ctx.log.info(
              { error: gone.error, post: post.kind },
              'outbox: a ticket’s post to edit cannot be edited in Slack any more; done',
            );
        }
        await done(undefined, held);
        return {};
      }
      case 'signal': {
        // Told as found only while it still holds for the customer as it stands now (a signal
        // found on a day off waits for the first working day, up to a week and more): one no
        // longer in force (`signalStaleWhy`) is left out, never stale. One whose customer was
        // handed to another owner (the DM was for the former one or their managers) is passed
        // on to the new owner (`passOnSignals`). An idle churn risk that still stands says the
        // days idle as of the day it goes, a contract end the days left.
        const now = await hooks.signalCustomers(ctx, [
          ...new Set(held.map((e) => signalOf(e).customer.code)),
        ]);
        /**
         * The signal as it goes: an idle churn risk's days counted to today, and a contract's
         * days left (negative for one whose end passed meanwhile: it says it ended, on which day;
         * the daily run tells of a contract before its end only, so this DM is the owner's one
         * word of it).
         */
        const asSent = (e: OutboxEntry): CustomerSignal => {
          const s = signalOf(e);
          if (s.kind === 'contract') return { ...s, days: daysBetween(ctx.today, s.date) };
          const since = idleFrom(e);
          if (s.kind !== 'churn' || s.reason !== 'inactive' || !since) return s;
          return { ...s, days: daysBetween(since, ctx.today) };
        };
        const why = new Map(
          held.flatMap((e) => {
            const reason = signalStaleWhy(e, now);
            return reason ? [[e, reason] as const] : [];
          }),
        );
        const stale = [...why.keys()];
        if (stale.length) {
          ctx.log.info(
            {
              signals: stale.map((e) => ({
                kind: signalOf(e).kind,
                customer: signalOf(e).customer.code,
                why: why.get(e),
              })),
            },
            'outbox: signals no longer in force, not told',
          );
          // One whose customer was handed to another owner is the new owner's to be told now (and
          // their managers'): passed on before this is closed, unless told.
          await this.passOnSignals(
            ctx,
            stale.filter((e) => why.get(e) === 'owner'),
            now,
          );
          await done(undefined, stale);
        }
        const entries = held.filter((e) => !stale.includes(e));
        const signals = entries.map(asSent);
        for (const [i, batch] of chunks(signals, ITEMS_PER_DM).entries()) {
          const where = await post(signalsMessage(t, batch, signals.length));
          await done(where, entries.slice(i * ITEMS_PER_DM, (i + 1) * ITEMS_PER_DM));
        }
        return {};
      }
      case 'reminder': {
        let entries = held;
        const taskOf = (e: OutboxEntry) => (e.data as OutboxData['reminder']).task;
        let tasks = entries.map(taskOf);
        // Always drawn from its tasks as they stand now (one read of them by id, in the
        // workspace), however briefly it was held (quiet hours, Slack refusing the DM or asking
        // to wait, the queue): their title, content and customer as edited since. A task done,
        // cancelled or removed since, handed to someone else or moved to another day (its new
        // day is reminded for itself) is left out; none left: not sent.
        const stored = new Map(
          (
            await hooks.tasks(
              ctx,
              held.map((e) => taskOf(e).id),
            )
          ).map((k) => [k.id, k]),
        );
        entries = held.filter((e) => {
          const now = stored.get(taskOf(e).id);
          return (
            now?.status === 'open' && now.assigneeId === e.to && now.dueDate === taskOf(e).dueDate
          );
        });
        const gone = held.filter((e) => !entries.includes(e));
        // A task handed to someone else since, still open and due that day: reminded to its
        // executor now (once a day: not when they have a reminder of it sent today or owed).
        const handed = gone.flatMap((e) => {
          const now = stored.get(taskOf(e).id);
          return now?.status === 'open' && now.dueDate === taskOf(e).dueDate
            ? [{ entry: e, task: now }]
            : [];
        });
        if (handed.length) {
          const there = await outbox.byKeys(
            ctx.teamId,
            handed.flatMap(({ task }) => reminderKeysOf(task, task.assigneeId)),
          );
          const passed = handed.flatMap(({ entry, task }) => {
            const next = reminderHandedOn(
              entry,
              withReachOf(task, taskOf(entry)),
              there.filter((e) => e.key.startsWith(`reminder:${task.id}:`)),
              ctx.today,
              tz,
            );
            return next ? [next] : [];
          });
          if (passed.length) {
            await outbox.enqueue(ctx, passed);
            ctx.log.info(
              { entries: passed.length },
              'outbox: held reminders of tasks handed over, written to their executors now',
            );
          }
        }
        if (gone.length) {
          ctx.log.info(
            { entries: held.length, left: gone.length },
            'outbox: held reminders no longer apply, left out',
          );
          await done(undefined, gone);
        }
        if (!entries.length) return {};
        tasks = entries.map((e) => withReachOf(stored.get(taskOf(e).id)!, taskOf(e)));
        const links = await hooks.ticketLinks(
          ctx,
          tasks.flatMap((task) => (task.ticketId ? [task.ticketId] : [])),
        );
        // How each customer's contact wants to be reached, as this reader may see it.
        tasks = tasks.map((task) =>
          reachFor(
            task,
            !!task.customerOwnerId &&
              may(settings, first.to, 'customer.seeContacts', {
                customer: { ownerId: task.customerOwnerId },
              }),
          ),
        );
        for (const [i, batch] of chunks(tasks, ITEMS_PER_DM).entries()) {
          const message = taskReminder(
            t,
            batch,
            ctx.today,
            { part: i + 1, total: tasks.length },
            links,
          );
          const where = await post(message);
          await done(where, entries.slice(i * ITEMS_PER_DM, (i + 1) * ITEMS_PER_DM));
        }
        return {};
      }
      case 'home': {
        // Rendered now, from the records as they stand: every change written meanwhile is in it.
        if (paced) await this.pace(this.publishes, ctx.teamId);
        try {
          const view = await hooks.homeView(ctx, first.to, opts.homeShare);
          // Not to be drawn for them yet (Slack did not say whether they are a guest): due again
          // later, no attempt counted, nothing published meanwhile.
          const written = (first.owedAt ?? first.createdAt).getTime();
          if (view === 'later' && ctx.now.getTime() - written < HOME_LATER_MAX_MS)
            return 'deferred';
          if (view === 'later')
            ctx.log.warn(
              { minutes: HOME_LATER_MAX_MS / 60_000 },
              'outbox: App Home not refreshed: Slack did not say whether the person is a guest; their next change or visit draws it',
            );
          else if (view !== 'skip')
            await this.call(ctx.teamId, 'views.publish', () =>
              client.views.publish({ user_id: first.to, view }),
            );
        } catch (err) {
          if (rateLimit(err) || err instanceof RateLimited || err instanceof Slowed) throw err;
          // The one bot token refused: held with everything else for the new token.
          if (await this.deps.botToken?.confirmRefused(err)) throw err;
          // Slack failing for a moment (`internal_error` and the like, a 5xx, the network, no
          // answer in time) or the records not read: tried again with the usual back-off, as any
          // message is (a change meanwhile makes it due sooner), or the Home keeps its old view.
          if (!refused(err) || SLACK_FAILING.includes(describe(err))) throw err;
          // A Home refused (a user gone) is not worth retrying: the next change or visit
          // publishes it again. Recorded as done so that it never shows as undelivered.
          ctx.log.warn({ err }, 'outbox: App Home not published');
        }
        await done(undefined, [first]);
        return {};
      }
      case 'digest': {
        const data = first.data as OutboxData['digest'];
        // A digest whose message went out before a crash is not posted again.
        const where = first.result ?? (await post(data.message));
        if (!first.result) await outbox.progress(first.id, owner, where);
        const chartFileId = data.chart
          ? await this.uploadChart(client, ctx, where, data.chart, data.week, !!first.result, () =>
              this.keepLease(held, owner, tally),
            )
          : undefined;
        await done(where, [first]);
        await hooks.digestPosted(ctx, data.week, {
          ...where,
          ...(chartFileId ? { chartFileId } : {}),
        });
        return { where };
      }
    }
  }

  /**
   * A ticket's card Slack no longer has (`gone`: someone deleted it, `message_not_found`, or
   * Slack will not update it, `cant_update_message`): posted again in the triage channel (the
   * old card's channel without one), the new place recorded on the ticket in one update made
   * only while it still names the old one (of two deliveries posting it again, the loser takes
   * its post back and updates the winner's), the replies still owed under the old card moved
   * under the new one, and a line in the new thread saying the card was posted again. Cut short
   * and taken over, the posts are looked for in Slack first (`post`), so none goes twice.
   */
  private async repostCard(
    client: WebClient,
    ctx: Ctx,
    what: {
      card: Message;
      view: NonNullable<Awaited<ReturnType<DeliveryHooks['ticketCard']>>>;
      from: { channel: string; ts: string };
      gone: string;
    },
    post: (
      message: Partial<Message> & { thread_ts?: string },
      to?: string,
    ) => Promise<{ channel: string; ts: string }>,
    doubt: Set<string>,
    owner: string,
  ): Promise<Where | undefined> {
    const hooks = this.hooks!;
    const { card, view, from, gone } = what;
    const ticketId = view.ticket.id;
    ctx.log.warn(
      { error: gone, channel: from.channel, ticketId },
      'outbox: ticket card no longer in Slack; posted again',
    );
    const where = await post(card, ctx.settings.channels.triage ?? from.channel);
    // Found in Slack from a delivery cut short: it may show an older state.
    if (doubt.size)
      await this.call(ctx.teamId, 'chat.update', () => client.chat.update({ ...where, ...card }));
    const permalink = await this.permalink(client, ctx, where);
    const posted = { ...where, ...(permalink ? { permalink } : {}) };
    if (!(await hooks.cardReposted(ctx, ticketId, from, posted))) {
      // Another delivery posted it again first: ours is taken back, theirs brought up to date.
      await this.call(ctx.teamId, 'chat.delete', () => client.chat.delete(where));
      const card2 = (await hooks.ticketCard(ctx, ticketId))?.ticket.card;
      ctx.log.warn({ ticketId }, 'outbox: card posted again by another delivery; ours removed');
      if (!card2?.channel || !card2.ts) return undefined;
      const theirs = { channel: card2.channel, ts: card2.ts };
      await this.call(ctx.teamId, 'chat.update', () => client.chat.update({ ...theirs, ...card }));
      return theirs;
    }
    // Replies in this instance's hands, and those owed in the outbox, go to the new thread; one
    // another delivery is posting under the old card now is not marked sent, and goes again.
    this.moved.set(`${ctx.teamId}\u0000${from.channel}\u0000${from.ts}`, where);
    await this.deps.outbox.rethread(ctx.teamId, from, where, owner);
    const locked = gone === 'cant_update_message';
    await post(
      {
        text: ctx.t('ticket.card.reposted', {
          number: view.ticket.number,
          why: locked ? 'locked' : 'deleted',
        }),
        thread_ts: where.ts,
      },
      where.channel,
    );
    if (locked) await this.retireCard(client, ctx, from, view.ticket.number, posted, post);
    return posted;
  }

  /**
   * A card Slack will not let the desk update (`cant_update_message`: per Slack, not the app's
   * bot's to change, say one posted under an earlier install) is still in the channel with its
   * buttons, showing an older state: deleted when Slack lets the desk, or else its thread says it
   * no longer changes and links the new card (its buttons still act on the ticket as it stands).
   * Best effort: the ticket and its new card are in place whatever Slack answers here.
   */
  private async retireCard(
    client: WebClient,
    ctx: Ctx,
    from: { channel: string; ts: string },
    number: string,
    card: Where & { permalink?: string },
    post: (
      message: Partial<Message> & { thread_ts?: string },
      to?: string,
    ) => Promise<{ channel: string; ts: string }>,
  ): Promise<void> {
    try {
      await this.call(ctx.teamId, 'chat.delete', () => client.chat.delete(from));
      return;
    } catch (err) {
      // Gone already (deleted by a delivery cut short before it was marked): nothing to say.
      if (refused(err) && describe(err) === 'message_not_found') return;
      ctx.log.info({ error: describe(err) }, 'outbox: card Slack will not update not deleted');
    }
    try {
      const text = ctx.t('ticket.card.outOfDate', {
        number: keep(ticketLink({ number, card })),
        channel: card.channel,
      });
      await post({ text, thread_ts: from.ts }, from.channel);
    } catch (err) {
      if (err instanceof LeaseLost) throw err;
      ctx.log.warn(
        { error: describe(err) },
        'outbox: card Slack will not update not told it moved',
      );
    }
  }

  /**
   * A posted card's link (ticket numbers in later messages link to it). Never throws: without it
   * the card is still posted, and its next update asks again. A 429 holds chat.getPermalink for
   * the workspace until Slack's wait is over (not asked before then).
   */
  private async permalink(
    client: WebClient,
    ctx: Ctx,
    where: { channel: string; ts: string },
  ): Promise<string | undefined> {
    const method = 'chat.getPermalink';
    try {
      const res = await this.call(ctx.teamId, method, () =>
        client.chat.getPermalink({ channel: where.channel, message_ts: where.ts }),
      );
      return res.permalink;
    } catch (err) {
      if (err instanceof RateLimited) {
        await this.slowDown(
          ctx.teamId,
          method,
          this.deps.clock.now().getTime() + err.retryAfterMs,
          ctx.log,
        );
        ctx.log.warn(
          { retryAfterMs: err.retryAfterMs, method },
          'outbox: Slack asked to slow down',
        );
      } else if (!(err instanceof Slowed))
        ctx.log.warn(
          { error: describe(err) },
          'outbox: card link not had; asked at its next update',
        );
      return undefined;
    }
  }

  /**
   * Whether a "you now follow" DM (its key `follower:<ticket>:<user>:add:<n>`) was overtaken by
   * a later addition of the same person to `ticket` (taken off and added again while it waited):
   * the DM of an addition numbered after `n` (up to the ticket's `followerAdds`, the latest
   * FOLLOWER_ADDS_LOOKED of them) is in the outbox, to be sent or sent. One read by key.
   */
  private async addedAgain(ctx: Ctx, key: string, ticket: TicketRecord): Promise<boolean> {
    const m = /^(follower:[^:]+:[^:]+:add:)(\d+)$/.exec(key);
    if (!m) return false;
    const last = ticket.followerAdds ?? 0;
    const from = Math.max(Number(m[2]) + 1, last - FOLLOWER_ADDS_LOOKED + 1);
    if (from > last) return false;
    const keys = Array.from({ length: last - from + 1 }, (_, i) => `${m[1]}${from + i}`);
    const later = await this.deps.outbox.byKeys(ctx.teamId, keys);
    return later.some((e) => e.state === 'pending' || (e.state === 'sent' && !!e.result));
  }

  /**
   * A message entry's message as it goes out: a ticket's notice rendered now, its number linked
   * to the card if the card is posted by then. An account manager's DM written before notices
   * were (its number plain, `linkTicket`) is rendered again from the ticket as stored, and so is
   * a "you now follow" DM (`followerAdded`: who added them named only while not erased), from
   * `followed`, its ticket as just read; and a DM to whom a ticket was handed (`assigned`), from
   * `handed`, its ticket as just read (what it owes as it stands now: a next reply paused only
   * while it still waits on the customer); a hand-over's DM to its receiver `to` (`handover`),
   * its reply lines from the tickets they still hold as they stand now.
   */
  private async rendered(
    ctx: Ctx,
    data: OutboxData['message'],
    to: string,
    followed?: TicketRecord,
    handed?: TicketRecord,
    kept?: TicketRecord,
    /** Where this delivery posted what so far (a card's permalink: not read back). */
    posted?: ReadonlyMap<string, Where>,
  ): Promise<Partial<Message> & { text: string }> {
    const hooks = this.hooks!;
    if (data.keptNote && kept) {
      const { seq } = data.keptNote;
      const burst = keptNoteBurst(kept.timeline, seq, kept.keptNoteTold);
      const first = kept.timeline[seq - 1];
      if (burst?.lead === seq && first) return keptNoteNotice(ctx.t, kept, first, burst.count);
    }
    if (data.notice) {
      const { id } = data.notice.ticket;
      return ticketNotice(ctx.t, data.notice, {
        permalink:
          posted?.get(cardKey({ id }))?.permalink ?? (await hooks.ticketLinks(ctx, [id])).get(id),
        timeZone: ctx.settings.timeZone,
      });
    }
    if (data.linkTicket) {
      const view = await hooks.ticketCard(ctx, data.linkTicket.id);
      if (view) return accountManagerDm(ctx.t, view.ticket, ctx.settings.timeZone);
    }
    if (data.received) return receivedAsItGoes(ctx, data.received);
    if (data.followerAdded && followed) {
      const { by } = data.followerAdded;
      return followerAddedNotice(ctx.t, followed, by && isPerson(by) ? by : undefined);
    }
    if (data.handover) {
      const ids = data.handover.ticketIds;
      // Read with only the fields the DM needs (up to HANDOVER_MAX tickets, at each attempt).
      const tickets = await hooks.handoverTickets(ctx, ids);
      if (tickets.length === ids.length) {
        const order = new Map(ids.map((id, i) => [id, i]));
        tickets.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
        // Only what the receiver still holds: a ticket they handed on (or that was taken) while
        // the DM was held owes its reply to someone else.
        const held = tickets.filter((ticket) => ticket.assigneeId === to);
        const pausedReplies = new Map(
          held.flatMap(({ id, pausedReply }) => (pausedReply ? [[id, pausedReply] as const] : [])),
        );
        return handoverReceivedAgain(ctx.t, data.handover, held, {
          now: ctx.now,
          timeZone: ctx.settings.timeZone,
          pausedReplies,
        });
      }
    }
    if (data.assigned && handed) {
      const event = handed.timeline[data.assigned.seq - 1];
      if (event?.assigneeId && (event.action === 'reassign' || event.action === 'escalate')) {
        const { clock } = hooks.ticketView(ctx, handed);
        const pausedReply = clock.paused ? clock.reply : null;
        return assignedDm(ctx.t, handed, event, {
          now: ctx.now,
          timeZone: ctx.settings.timeZone,
          ...(pausedReply ? { pausedReply } : {}),
        });
      }
    }
    // (A hand-over's held notice, `handoverRun`, is drawn before: never rendered here.)
    return data.message ?? handoverAsWritten(data.handover!);
  }

  /**
   * Before a post (and each call of a digest chart's upload): a delivery past half its lease (a
   * slow look in Slack, a long wait for the channel's pace, a slow post before it) renews it, or
   * stops if another took the entries over meanwhile, so that a live delivery never posts what a
   * takeover is sending too. A call made then (SLACK_CALL_TIMEOUT_MS, 20 s; a chart's bytes,
   * 30 s) ends within what is left of the lease, more than half of it.
   */
  private async keepLease(
    held: OutboxEntry[],
    owner: string,
    tally: { until: Date },
  ): Promise<void> {
    const now = this.deps.clock.now().getTime();
    if (now < tally.until.getTime() - LEASE_MS / 2) return;
    const until = new Date(now + LEASE_MS);
    if (!(await this.deps.outbox.renew(held, owner, until))) throw new LeaseLost();
    tally.until = until;
  }

  /**
   * The message a delivery cut short (by deliveries `owners`) had already posted, found by its
   * metadata in the channel's history (or the thread's replies) since the entry was written.
   * When Slack will never say (a scope missing, the channel gone: LOOKUP_REFUSALS), the message
   * is posted again: at least once rather than never. When it cannot say now (a 429, an error,
   * no answer) nothing is posted: the failure is thrown, so the delivery waits Slack's
   * Retry-After (held for that method, not counted) or is retried with back-off and given up
   * after MAX_ATTEMPTS (TRANSIENT_MAX_ATTEMPTS while Slack fails as a whole), never posted blind.
   */
  private async alreadyPosted(
    client: WebClient,
    ctx: Ctx,
    where: { to: string; thread: string | undefined; since: Date },
    owners: Set<string>,
    part: number,
  ): Promise<{ channel: string; ts: string } | undefined> {
    const { teamId } = ctx;
    try {
      let channel = where.to;
      if (isPerson(channel)) {
        const users = channel;
        channel =
          (
            await this.call(teamId, 'conversations.open', () =>
              client.conversations.open({ users }),
            )
          ).channel?.id ?? channel;
      }
      const oldest = String(Math.floor(where.since.getTime() / 1000) - 60);
      const query = { channel, oldest, limit: 200, include_all_metadata: true };
      const thread = where.thread;
      const page = thread
        ? await this.call(teamId, 'conversations.replies', () =>
            client.conversations.replies({ ...query, ts: thread }),
          )
        : await this.call(teamId, 'conversations.history', () =>
            client.conversations.history(query),
          );
      const hit = (page.messages ?? []).find((m) => {
        const meta = (m as { metadata?: { event_type?: string; event_payload?: unknown } })
          .metadata;
        const payload = meta?.event_payload as { batch?: string; part?: number } | undefined;
        return (
          meta?.event_type === OUTBOX_EVENT &&
          !!payload?.batch &&
          owners.has(payload.batch) &&
          payload.part === part
        );
      });
      if (!hit?.ts) return undefined;
      ctx.log.info({ channel }, 'outbox: a delivery cut short had gone out; not sent again');
      return { channel, ts: hit.ts };
    } catch (err) {
      const error = describe(err);
      if (!lookupRefused(err)) {
        // Slack cannot say now: not posted blind (it may be there), the delivery waits.
        ctx.log.warn(
          { error },
          'outbox: could not check whether a cut-short delivery went out; not posted yet',
        );
        throw err;
      }
      ctx.log.warn(
        { error },
        'outbox: Slack will not say whether a cut-short delivery went out; posted again',
      );
      return undefined;
    }
  }

  /**
   * A thread's replies go out in the order they were written: while a reply written before these
   * (`held`) in the same thread is still owed (it failed and waits its back-off, Slack asked to
   * wait, another delivery is sending it), these are not due. Says until when they wait: the
   * earlier one's next try (it goes first then, by its age), or a moment while it is being sent.
   * A reply given up does not hold the rest back, nor does one never tried that waits for a later
   * time (quiet hours, `notBefore`): a card's Claim line is not held overnight behind an SLA
   * warning written into its thread at 22:00.
   */
  private async earlierOwed(
    held: OutboxEntry[],
    thread: Where,
    session?: Session,
  ): Promise<Date | undefined> {
    const first = held[0]!;
    const parentKey = first.thread?.parentKey;
    if (parentKey && !first.thread?.ts && session?.ownThreads.has(parentKey)) return undefined;
    const { outbox } = this.deps;
    const mine = new Set(held.map((e) => e.key));
    // Sent by this delivery a moment ago (not marked yet).
    const sent = new Set(session?.marks.map((m) => m.entry.key));
    const seq = Math.min(...held.map((e) => e.seq));
    const at = this.deps.clock.now();
    const holds = (e: OutboxEntry) =>
      !mine.has(e.key) && !sent.has(e.key) && e.seq < seq && holdsThread(e, at);
    // The card's thread as this request read it with its ticket (`Session.thread`), taken for a
    // reply in that thread while the read is fresh, and only when it found nothing owed before
    // these (their seq below). A reply it found owed is judged by its state at that read: it may
    // have gone out since (another instance's post finishing), so then the outbox is read, as
    // when there is no such read, rather than holding these back for a reply already sent.
    const read = session?.thread && this.threadAsRead(session.thread, held, thread, at);
    if (read && !read.some(holds)) return undefined;
    const owed = (await outbox.owedBefore(first.teamId, seq, thread, at)).filter(holds);
    if (!owed.length) return undefined;
    // Those that name their parent (a card) rather than a ts: in this thread if it went here.
    const named = [
      ...new Set(
        owed.flatMap((e) =>
          !e.thread?.ts && e.thread?.parentKey && e.thread.parentKey !== first.thread?.parentKey
            ? [e.thread.parentKey]
            : [],
        ),
      ),
    ];
    const parents = new Map(
      (named.length ? await outbox.byKeys(first.teamId, named) : []).map((p) => [
        p.key,
        session?.posted.get(p.key) ?? p.result,
      ]),
    );
    const blocker = owed.find((e) => {
      if (e.thread?.ts) return e.thread.ts === thread.ts && e.to === thread.channel;
      const parentKey = e.thread?.parentKey;
      if (!parentKey) return false;
      if (parentKey === first.thread?.parentKey) return true;
      const parentAt = session?.posted.get(parentKey) ?? parents.get(parentKey);
      return parentAt?.ts === thread.ts && parentAt.channel === thread.channel;
    });
    if (!blocker) return undefined;
    return this.waitBehind(blocker, at);
  }

  /** Until when a reply waits behind an earlier one still owed in its thread (`earlierOwed`). */
  private waitBehind(blocker: OutboxEntry, at: Date): Date {
    const now = at.getTime();
    const sending = !!blocker.leaseUntil && blocker.leaseUntil.getTime() > now;
    return new Date(Math.max(blocker.nextAt.getTime(), now + (sending ? THREAD_WAIT_MS : 0)));
  }

  /**
   * The owed replies of the card's thread read with the ticket (`Session.thread`), if they answer
   * for `held`'s thread now: every held reply is in that card's thread (under its ts, or naming
   * the card), `thread` is where the card was as read, and the read began at most
   * LINKS_READ_FRESH_MS before `at`. Else undefined: the outbox is read (`owedBefore`).
   */
  private threadAsRead(
    read: CardThreadRead,
    held: OutboxEntry[],
    thread: Where,
    at: Date,
  ): OutboxEntry[] | undefined {
    const age = at.getTime() - read.at;
    if (age < 0 || age > LINKS_READ_FRESH_MS) return undefined;
    if (thread.channel !== read.channel || thread.ts !== read.ts) return undefined;
    const card = cardKey({ id: read.ticketId });
    const inThread = held.every((e) =>
      e.thread?.ts
        ? e.thread.ts === read.ts && e.to === read.channel
        : e.thread?.parentKey === card,
    );
    return inThread ? read.entries : undefined;
  }

  /** Where a reply goes: its thread, given or its parent entry's message; null while it is not out. */
  private async threadOf(
    entry: OutboxEntry,
    ctx: Ctx,
    session?: Session,
  ): Promise<Where | undefined | null> {
    if (!entry.thread) return undefined;
    if (entry.thread.ts)
      return (
        this.moved.get(`${entry.teamId}\u0000${entry.to}\u0000${entry.thread.ts}`) ?? {
          channel: entry.to,
          ts: entry.thread.ts,
        }
      );
    if (!entry.thread.parentKey) return undefined;
    // Posted by this delivery a moment ago (not marked yet).
    const just = session?.posted.get(entry.thread.parentKey);
    if (just) return { channel: just.channel, ts: just.ts };
    const [parent] = await this.deps.outbox.byKeys(entry.teamId, [entry.thread.parentKey]);
    // In the channel the parent went to (the triage channel may have changed since), unless the
    // desk may not post there now (cleared as shared, or linked to a customer since): a card's
    // entry still saying it is there (its channel being left this moment) is taken as not out.
    if (parent?.result?.ts && !(await this.deskBarred(ctx, parent.result.channel)))
      return parent.result;
    if (!parent || parent.state === 'dead')
      throw new ParentGivenUp(entry.thread.parentKey, PARENT_GIVEN_UP, !!parent?.lastTransient);
    // A card whose channel the desk left (OutboxService.channelLeft: it forgot where it was) of a
    // ticket still waiting for a new one: owed again now (its ticket's next update would), the
    // reply waits for it, as a reply written before its card does.
    if (
      parent.state === 'sent' &&
      parent.kind === 'ticket.card' &&
      (await this.cardOwed(ctx, parent))
    )
      return null;
    // Done with no message (its ticket gone) or dropped: it will never be out to reply under.
    if (parent.state !== 'pending')
      throw new ParentGivenUp(entry.thread.parentKey, PARENT_NEVER_POSTED);
    return null;
  }

  /**
   * Whether the desk's own replies may not go to `channel` now, as `barredChannel` says of a line
   * addressed there: cleared as shared and not a desk channel, or, not named by the settings,
   * linked to a customer (read only then).
   */
  private async deskBarred(ctx: Ctx, channel: string): Promise<boolean> {
    if (blockedChannels(ctx.settings).has(channel)) return true;
    if (Object.values(ctx.settings.channels).includes(channel)) return false;
    return ((await this.hooks?.customerChannel(ctx, channel)) ?? undefined) !== undefined;
  }

  /**
   * A ticket's card entry sent with no message where it went (its ticket gone, or its channel
   * left since): when its ticket is still there with no card (`card.pending`), the card is
   * written again (as its next update writes it: to the triage channel as it is then, or waiting
   * for one) and true is returned.
   */
  private async cardOwed(ctx: Ctx, card: OutboxEntry): Promise<boolean> {
    const { ticketId } = card.data as OutboxData['ticket.card'];
    const [ticket] = (await this.hooks?.tickets(ctx, [ticketId])) ?? [];
    if (!ticket?.card.pending || ticket.card.ts) return false;
    await this.deps.outbox.enqueue(ctx, [ticketCardEntry(ctx.settings, ticketId)]);
    ctx.log.info({ card: card.key }, 'outbox: a card its channel left is owed again, for a reply');
    return true;
  }

  /**
   * The chart, as a file in the digest's thread, after the message (a refused chart is logged:
   * the figures are out). A delivery taken over after the message went out (`resumed`) first
   * looks in the thread, so a chart Slack took before the crash is not posted twice. As for a
   * cut-short message (`alreadyPosted`), only when Slack will never say (LOOKUP_REFUSALS) is the
   * chart uploaded without looking; when it cannot say now (a 429, an error, no answer) the
   * failure is thrown: the delivery waits Slack's Retry-After, or is retried with back-off and
   * given up after MAX_ATTEMPTS (TRANSIENT_MAX_ATTEMPTS while Slack fails as a whole), never
   * uploaded blind. Before each of the upload's calls the
   * delivery's lease is kept (`keep`: renewed once half of it is gone, more than any call's
   * limit left), or the delivery stops if another took it over: the digest's post may have
   * used most of it, and a call still under way when it ends would let another instance take
   * the digest, not find the chart yet, and share it again.
   */
  private async uploadChart(
    client: WebClient,
    ctx: Ctx,
    where: Where,
    chart: NonNullable<OutboxData['digest']['chart']>,
    week: string,
    resumed: boolean,
    keep: () => Promise<void>,
  ): Promise<string | undefined> {
    if (resumed) {
      const found = await this.chartInThread(client, ctx, where, chart).catch((err: unknown) => {
        const error = describe(err);
        if (!lookupRefused(err)) {
          // Slack cannot say now: not uploaded blind (it may be there), the delivery waits.
          ctx.log.warn(
            { error, week },
            'could not look for the digest chart in its thread; not uploaded yet',
          );
          throw err;
        }
        // Slack will never say (a scope missing): upload it, at least once rather than never.
        ctx.log.warn(
          { error, week },
          'Slack will not say whether the digest chart is in its thread; uploaded',
        );
        return undefined;
      });
      if (found) {
        ctx.log.info({ week }, 'digest chart was in its thread already; not uploaded again');
        return found;
      }
    }
    try {
      // Slack's wait for one of the upload's calls is not over: the chart waits for it.
      for (const method of SHARE_METHODS) this.holdFor(ctx.teamId, method);
      const png = Buffer.isBuffer(chart.png)
        ? chart.png
        : Buffer.from((chart.png as unknown as { buffer: Uint8Array }).buffer);
      const [id] = await shareFiles(
        client,
        { channel: where.channel, threadTs: where.ts },
        [{ filename: chart.filename, title: chart.title, content: png, altText: chart.altText }],
        keep,
      );
      return id;
    } catch (err) {
      // Slack asked to slow down: the digest is delivered again after its wait, its message
      // not posted again (it is recorded), the chart looked for in the thread, then uploaded.
      // The wait is the method's Slack rate-limited (a files call), not the workspace's posts.
      // Slack's wait not over yet (Slowed), or not an upload's failure at all (the lease lost to
      // another delivery, or not renewed): the delivery stops with it.
      if (!(err instanceof UploadFailed)) throw err;
      if (err.reason === 'ratelimited')
        throw new RateLimited(err.retryAfterMs ?? 30_000, err.method ?? SHARE_METHODS[0]);
      ctx.log.warn({ err, week, reason: failureReason(err) }, 'digest chart upload failed');
      return undefined;
    }
  }

  /** The id of the chart's file among the replies of the digest's thread, if it is there. */
  private async chartInThread(
    client: WebClient,
    ctx: Ctx,
    where: Where,
    chart: NonNullable<OutboxData['digest']['chart']>,
  ): Promise<string | undefined> {
    const page = await this.call(ctx.teamId, 'conversations.replies', () =>
      client.conversations.replies({ channel: where.channel, ts: where.ts, limit: 200 }),
    );
    for (const m of page.messages ?? []) {
      const file = (m.files ?? []).find(
        (f) => f.name === chart.filename || f.title === chart.title,
      );
      if (file?.id) return file.id;
    }
    return undefined;
  }

  /**
   * A Web API call to `method` for a workspace; a 429 becomes RateLimited with Slack's wait. Not
   * made while Slack's wait for that workspace's method lasts (Slowed), whatever the delivery
   * called first: a card's update in a group that may post is held as a card update is.
   */
  private async call<T>(teamId: string, method: string, fn: () => Promise<T>): Promise<T> {
    this.holdFor(teamId, method);
    try {
      return await fn();
    } catch (err) {
      throw rateLimit(err, method) ?? err;
    }
  }

  /**
   * Slack asked this workspace to wait for `method` until `until` (a 429's Retry-After): held here
   * (`hold`) and kept for every other instance (OutboxService.holdSlack, which their passes read:
   * `readWaits`). When the hold ends, the longest wait asked (or another instance's kept, ending
   * later, which this one had not read: held from now for its length). Never throws: the wait not kept
   * (the database failing), the others learn it from Slack, as each did before it was kept.
   */
  private async slowDown(
    teamId: string,
    method: string,
    until: number,
    log: Logger,
  ): Promise<number> {
    const held = this.hold(teamId, method, until);
    // The wait's length goes with it: the others hold it from when they read it, on their own
    // clocks (`readWaits`). This instance's own write is not taken for another's at its next read.
    const now = this.deps.clock.now().getTime();
    const waitMs = Math.max(0, held - now);
    const key = waitKey(teamId, method);
    const known = this.share.waits;
    const read = known?.get(key);
    // When the stored wait ends on this clock, as this instance's next read would hold it: one
    // it read, at the end it holds it to; one written since, its length from now (it was written
    // since that read: what is left of it is no longer); before any read, the writer's `until`
    // (as a first read). Never by comparing another machine's `until` with this one (revp69 F1).
    const endOf = (stored: SlackWaitKeptDoc): number =>
      read && read.mark === waitMark(stored)
        ? read.end
        : known && stored.waitMs !== undefined
          ? new Date(stored.until).getTime() <= now - BEATS_KEPT_MS
            ? 0
            : now + stored.waitMs
          : new Date(stored.until).getTime();
    const written = await this.deps.outbox
      .holdSlack(teamId, method, new Date(held), waitMs, endOf)
      .catch((err: unknown) => {
        log.warn({ err, method }, "outbox: Slack's wait not kept for the other instances");
        return undefined;
      });
    if (!written) return held;
    // Another instance's wait, ending later, kept instead (not read here yet): held here as this
    // instance's next read would (`readWaits`), its length from now.
    const end = written.kept ? held : this.hold(teamId, method, endOf(written));
    this.share.waits?.set(key, {
      mark: waitMark(written),
      holds: written.holds,
      end,
    });
    return end;
  }

  /**
   * Waits for `pacer`'s next turn at `key` (a channel, a workspace), at this instance's share of
   * the limit: the other instances live read again first when the last read is BEAT_EVERY_MS old
   * (a pass through a backlog runs for minutes).
   */
  private async pace(pacer: ChannelPacer, key: string): Promise<void> {
    const at = this.deps.clockMs();
    this.share.pacedAt = at;
    if (this.share.beatBusy) await this.keepPace('pace');
    else {
      // Starting to pace (its heartbeat said not busy): the others told at once. Until a read
      // BEAT_EVERY_MS on it counts every instance live, busy or not: another may be starting at
      // the same time, and this one would not see its heartbeat say so before then.
      this.share.wideFrom ??= at;
      await this.keepPace('start');
    }
    await pacer.before(key);
  }

  /** This instance paced a Slack call within BUSY_MS before `at` (pacing clock). */
  private busyAt(at: number): boolean {
    const paced = this.share.pacedAt;
    return paced !== undefined && at >= paced && at - paced < BUSY_MS;
  }

  /**
   * This instance's heartbeat written when BEAT_EVERY_MS old (one upsert), and Slack's waits with
   * the other instances' heartbeats read (`readWaits`, one find): at every pass (`pass`), and
   * within one when the last read is BEAT_EVERY_MS old (`pace`; UNSURE_READ_MS while some live
   * instances are not busy). When it starts to pace
   * (`start`), its heartbeat written at once (busy), read as within a pass. Never throws.
   */
  private async keepPace(why: 'pass' | 'pace' | 'start'): Promise<void> {
    const at = this.deps.clockMs();
    const { beatAt, readAt } = this.share;
    const old = (t: number | undefined, every = BEAT_EVERY_MS) =>
      t === undefined || at < t || at - t >= every;
    // Some instances live and not busy: one may start to pace at any time; read more often.
    const unsure = this.share.wideFrom === undefined && this.share.busy < this.share.live;
    if (why === 'pace' && !old(readAt, unsure ? UNSURE_READ_MS : BEAT_EVERY_MS)) return;
    const now = this.deps.clock.now();
    if (why === 'start' || old(beatAt)) {
      const busy = this.busyAt(at);
      this.share.beatAt = at;
      this.share.beatBusy = busy;
      await this.deps.outbox
        .beat(this.share.id, new Date(now.getTime() + BEAT_LIVES_MS), busy)
        .catch((err: unknown) => {
          this.share.beatAt = undefined;
          this.share.beatBusy = false;
          this.deps.log.warn({ err }, 'outbox: heartbeat not written, written at the next pass');
        });
    }
    if (why === 'start' && !old(readAt)) return;
    this.share.readAt = at;
    await this.readWaits(now);
  }

  /**
   * The waits Slack asked any instance for (OutboxService.slackWaits), held here too, each from
   * when this instance saw it written, on its own clock: read at the start of every delivery
   * pass (one command), so that no instance calls a method Slack asked another to wait for. This
   * instance's requests deliver by what it knows (its own 429s and its last pass's read, within
   * the loop's 2 s). With them, the other instances live and busy (their heartbeats): this
   * instance's share of Slack's limits. Never throws (the database failing: what this instance
   * knows stands).
   */
  private async readWaits(now: Date): Promise<void> {
    try {
      let live = 0;
      let busy = 0;
      const at = now.getTime();
      const seen = new Map<string, { mark: string; at: number }>();
      const before = this.share.waits;
      const waits = new Map<string, { mark: string; holds?: number; end: number }>();
      // The waits and heartbeats of the last hour on this clock (dropOldBeats' age), over or not.
      for (const w of await this.deps.outbox.slackWaits(new Date(at - BEATS_KEPT_MS))) {
        if (!w.teamId && w.method.startsWith(INSTANCE_BEAT)) {
          if (w.method === `${INSTANCE_BEAT}${this.share.id}`) continue;
          // Live while this instance sees it change (each beat moves its count and `until`),
          // aged on this instance's clock alone: a writer whose clock is behind (its `until`
          // already past here) is counted from its next beat, one ahead ages out 30 s after its
          // last beat, not its `until`. Read the first time: by its `until` (as if written
          // BEAT_LIVES_MS before it), never later than now.
          const until = new Date(w.until).getTime();
          const mark = `${until}:${w.beats ?? 0}`;
          const before = this.share.seen.get(w.method);
          const changed = !before
            ? Math.min(until - BEAT_LIVES_MS, at)
            : before.mark === mark
              ? before.at
              : at;
          seen.set(w.method, { mark, at: changed });
          if (at - changed < BEAT_LIVES_MS) {
            live += 1;
            // Busy by its latest beat (one of a version before `busy`: counted).
            if (w.busy !== false) busy += 1;
          }
          continue;
        }
        // A wait: held on this clock `waitMs` from when this instance first saw this write (a
        // write since its last read: the document new, or its count of writes moved), so that
        // no clock that disagrees ends it early; as its writer's `until` on its first read, or
        // after a version that writes no length moved it.
        const key = waitKey(w.teamId, w.method);
        const mark = waitMark(w);
        const was = before?.get(key);
        const end =
          was?.mark === mark
            ? was.end
            : before && w.waitMs !== undefined && (!was || was.holds !== w.holds)
              ? at + w.waitMs
              : new Date(w.until).getTime();
        waits.set(key, { mark, holds: w.holds, end });
        if (end > at) this.hold(w.teamId, w.method, end);
      }
      this.share.seen = seen;
      this.share.waits = waits;
      if (live !== this.share.live)
        this.deps.log.info(
          { instances: live + 1 },
          "outbox: Slack's limits shared by the instances delivering",
        );
      this.share.live = live;
      this.share.busy = busy;
      // Started to pace BEAT_EVERY_MS ago or more: the others starting with it are seen busy now.
      const from = this.share.wideFrom;
      const paced = this.deps.clockMs();
      if (from !== undefined && (paced < from || paced - from >= BEAT_EVERY_MS))
        this.share.wideFrom = undefined;
    } catch (err) {
      this.deps.log.warn({ err }, "outbox: Slack's waits kept by other instances not read");
    }
  }

  /** Slack asked this workspace to wait for `method` until `until` (a 429's Retry-After). */
  private hold(teamId: string, method: string, until: number): number {
    const key = waitKey(teamId, method);
    const held = Math.max(this.slowedUntil.get(key) ?? 0, until);
    this.slowedUntil.set(key, held);
    return held;
  }

  /** Throws Slowed while Slack's wait for this workspace's method lasts. */
  private holdFor(teamId: string, method: string): void {
    const key = waitKey(teamId, method);
    const until = this.slowedUntil.get(key);
    if (until === undefined) return;
    if (this.deps.clock.now().getTime() < until) throw new Slowed(until, method);
    this.slowedUntil.delete(key);
  }

  /**
   * Delivers in the background: what is due, then again `pollMs` on, or at once when woken
   * (`kick`). While nothing is due the wait doubles after each pass, up to IDLE_WAIT_MAX_MS (or
   * `pollMs`, if longer), ending at the soonest entry's due time if sooner; this instance's own
   * writes for the loop (OutboxService.onWritten) end it at once, one pass per `pollMs` at most:
   * an idle instance reads the database a few times in 15 s, not every 2 s. One pass at a time
   * per instance; other instances share the work by leases.
   */
  start(pollMs = 2000): void {
    if (this.loop || this.halted) return;
    // Instances gone an hour and more: their heartbeats deleted (a few per deploy).
    void this.deps.outbox
      .dropOldBeats(new Date(this.deps.clock.now().getTime() - BEATS_KEPT_MS))
      .catch((err: unknown) => this.deps.log.warn({ err }, 'outbox: old heartbeats not deleted'));
    const loop: NonNullable<OutboxWorker['loop']> = {
      stop: false,
      done: Promise.resolve(),
      written: false,
      endedAt: 0,
    };
    this.loop = loop;
    this.deps.outbox.onWritten(() => this.written(loop, pollMs));
    const idleMax = Math.max(pollMs, IDLE_WAIT_MAX_MS);
    loop.done = (async () => {
      // Passes in a row that found nothing due.
      let idle = 0;
      while (!loop.stop) {
        loop.written = false;
        let pass: Awaited<ReturnType<OutboxWorker['pass']>> | undefined;
        try {
          this.deps.passes?.('start');
          pass = await this.pass(200);
        } catch (err) {
          this.deps.log.error({ err }, 'outbox pass failed');
        }
        this.deps.passes?.('end');
        if (loop.stop) break;
        loop.endedAt = this.deps.clock.now().getTime();
        // Something may be due soon: what this instance wrote meanwhile, a probe of Slack or a
        // managers' Home refresh this instance owes (both asked at a pass, by time).
        const waiting =
          pass?.idle && !loop.written && !this.slackFailedIn.size && !this.homesOwed.size;
        idle = waiting ? Math.min(idle + 1, 16) : 0;
        let ms = waiting ? Math.min(pollMs * 2 ** idle, idleMax) : pollMs;
        if (pass?.next) ms = Math.min(ms, Math.max(0, pass.next.getTime() - loop.endedAt));
        await this.waitBetween(loop, ms);
      }
      // (Only the stop ends the loop: `halt`.)
      this.deps.outbox.onWritten(undefined);
      this.deps.log.info(
        'outbox: no new pass, the stop began (what is due is left to the next instance)',
      );
      this.deps.passes?.('stopped');
    })();
  }

  /**
   * The loop's wait between passes: `ms` (app clock), ended at once by `wake` (`kick`, the stop)
   * or sooner by `sooner` (`written`).
   */
  private waitBetween(loop: NonNullable<OutboxWorker['loop']>, ms: number): Promise<void> {
    const timer =
      this.deps.loopTimer ??
      ((wait: number, fire: () => void) => {
        const t = setTimeout(fire, wait);
        return () => clearTimeout(t);
      });
    return new Promise<void>((resolve) => {
      let at = this.deps.clock.now().getTime() + ms;
      const end = () => {
        cancel();
        loop.wake = undefined;
        loop.sooner = undefined;
        resolve();
      };
      let cancel = timer(ms, end);
      loop.wake = end;
      loop.sooner = (when) => {
        if (when >= at) return;
        cancel();
        at = when;
        const left = when - this.deps.clock.now().getTime();
        if (left <= 0) end();
        else cancel = timer(left, end);
      };
    });
  }

  /**
   * This instance wrote something an entry may be due by (OutboxService.onWritten): during a pass,
   * the loop waits only `pollMs` after it; while it waits, the next pass is at once, or `pollMs`
   * after the last one ended if that is later (a burst of requests makes one pass per `pollMs`, as
   * the loop always made).
   */
  private written(loop: NonNullable<OutboxWorker['loop']>, pollMs: number): void {
    if (loop.stop) return;
    if (!loop.sooner) {
      loop.written = true;
      return;
    }
    loop.sooner(Math.max(this.deps.clock.now().getTime(), loop.endedAt + pollMs));
  }

  /**
   * The stop began (the signal, before the job tick under way ends): the loop starts no new pass
   * and the pass under way ends after the group it is delivering; `stop` then waits for it. The
   * entries not tried stay pending for the next instance (or another one now), which sends each
   * once: leases, and the look in Slack before posting again what a cut delivery may have posted.
   * A request's own delivery (`deliver`) is not cut.
   */
  halt(): void {
    this.halted = true;
    const loop = this.loop;
    if (!loop) return;
    loop.stop = true;
    loop.wake?.();
  }

  /** Something was written for the loop: look now rather than at the next poll. */
  kick(): void {
    this.loop?.wake?.();
  }

  async stop(): Promise<void> {
    this.halt();
    const loop = this.loop;
    if (loop) {
      loop.stop = true;
      loop.wake?.();
      await loop.done;
      this.loop = undefined;
    }
    // Its share of Slack's limits given to the others at their next read, not when it ages out
    // (the database not answering within a second: the stop goes on, and it ages out).
    if (this.share.beatAt === undefined) return;
    this.share.beatAt = undefined;
    this.share.beatBusy = false;
    const deleted = this.deps.outbox.stopBeating(this.share.id).catch((err: unknown) => {
      this.deps.log.warn({ err }, 'outbox: heartbeat not deleted (it ages out)');
    });
    await orLate(deleted, STOP_BEAT_WAIT_MS, timerDeadline);
  }
}

/**
 * Whether a delivery changed the count of messages waiting or given up that a manager's Home may
 * have shown: a message given up, or one that had failed before (a try Slack refused or that
 * failed, counted in `attempts`; or given up and sent again with Send again, `revived`) gone or
 * dropped. A message taken at its first try changes nothing a Home showed for long (the Home
 * refreshed after its change is published after it); nor does one only held back uncounted (a
 * rate limit, a token to be put back: `lastError` says it, not `attempts`), a failed try (it
 * still waits), nor an App Home.
 */
function countsChanged(group: OutboxEntry[], status: Delivered['status']): boolean {
  if (group[0]?.kind === 'home') return false;
  if (status === 'dead') return true;
  return (
    (status === 'sent' || status === 'dropped') && group.some((e) => e.attempts > 0 || !!e.revived)
  );
}

/** A delivery's workspace noted in `counted` when it changed what a manager's Home counts. */
function noteCounts(counted: Set<string>, group: OutboxEntry[], status: Delivered['status']): void {
  if (countsChanged(group, status)) counted.add(group[0]!.teamId);
}

function emptyResult(): DrainResult {
  return { sent: 0, published: 0, failed: 0, dead: 0, deferred: 0, rateLimited: 0, dropped: 0 };
}

/** Entries that go out together: one group (same team and group), or each on its own. */
function groupsOf(entries: OutboxEntry[]): OutboxEntry[][] {
  return [...groupBy(entries, (e) => `${e.teamId}\u0000${e.group ?? `key:${e.key}`}`).values()];
}

/**
 * The workspaces' contexts of one pass (each read once, shared by its groups), and per workspace
 * the newest settings version the pass's App Home entries were stamped with (`homesStamped`).
 */
class PassContexts extends Map<string, Promise<Ctx>> {
  /** Per workspace, its App Homes' share of one team-part read (HomeShare). */
  private readonly shares = new Map<string, HomeShare>();

  constructor(
    readonly homes: ReadonlyMap<string, number>,
    entries: readonly OutboxEntry[] = [],
    /** The pass's workspaces where Slack answering again was acted on (`slackAnswers`). */
    readonly answered = new Set<string>(),
  ) {
    super();
    for (const e of entries) if (e.kind === 'home') this.homeShare(e.teamId).revs.set(e.key, e.rev);
  }

  homeShare(teamId: string): HomeShare {
    let share = this.shares.get(teamId);
    if (!share) this.shares.set(teamId, (share = new HomeShare(new Map())));
    return share;
  }
}

/**
 * The App Homes one workspace's pass draws share one read of the team part (queues, the week so
 * far, the outbox counts: HomeFlows.data's `pass`), begun when the first of them is drawn, never
 * one begun before `revs` were read (a Home opened on this instance just before the change, its
 * read still under way, is not joined: homeh1 H1). It is shared only with a Home whose entry had no change merged into it since `revs` were read (the
 * pass's list, read before that read began): a change merged later (a ticket opened while the pass
 * draws the Homes before it) is read again (revland-d F1). A Home whose change merged into it
 * after its own lease goes again anyway (its revision moved: `sent` leaves it owed).
 */
class HomeShare {
  /** One key per context: a settings change in the pass makes a new one, read anew. */
  private keys = new WeakMap<Ctx, SharedSince>();
  /**
   * Marked once `revs` were read (flightMark): the changes merged into them stored, so a read
   * begun after it shows them, and the pass's Homes join none begun before (a Home opened just
   * before a change, its team read still under way on this instance).
   */
  private since = flightMark();

  constructor(readonly revs: Map<string, number>) {}

  /** Whether this entry, as leased, had no change merged into it since `revs` were read. */
  holds(entry: Pick<OutboxEntry, 'key' | 'rev'>): boolean {
    return this.revs.get(entry.key) === entry.rev;
  }

  /**
   * The revisions read again (before a new team-part read begins): the reads shared so far are
   * left, and Homes drawn from here on share a new one, begun after this.
   */
  renew(revs: Map<string, number>): void {
    this.revs.clear();
    for (const [key, rev] of revs) this.revs.set(key, rev);
    this.keys = new WeakMap();
    this.since = flightMark();
  }

  /** The key the Homes drawn with this context share their read by. */
  keyFor(ctx: Ctx): SharedSince {
    let key = this.keys.get(ctx);
    if (!key) this.keys.set(ctx, (key = { since: this.since }));
    return key;
  }
}

/**
 * Per workspace, the newest settings version these App Home entries were stamped with (what
 * their writers knew): a Home is drawn from settings no older (a redraw a settings change wrote
 * on another instance, or `npm run admins`, is not drawn from this instance's copy of the old
 * ones). Versions, not times: no clock of another machine is trusted.
 */
function homesStamped(entries: readonly OutboxEntry[]): Map<string, number> {
  const newest = new Map<string, number>();
  for (const e of entries) {
    if (e.kind !== 'home' || e.settingsVersion === undefined) continue;
    const seen = newest.get(e.teamId);
    if (seen === undefined || e.settingsVersion > seen) newest.set(e.teamId, e.settingsVersion);
  }
  return newest;
}

/** Oldest written first. */
function byAge(a: OutboxEntry, b: OutboxEntry): number {
  return a.seq - b.seq;
}

function rateLimit(err: unknown, method?: string): RateLimited | undefined {
  const e = err as { code?: string; retryAfter?: number } | null;
  if (e?.code !== 'slack_webapi_rate_limited_error') return undefined;
  return new RateLimited(Math.max(1, e.retryAfter ?? 30) * 1000, method);
}

/** A failure recorded as given up at once (no retry will do better). */
function giveUpNow(error: string, now: Date) {
  return { error, retryAt: now, counts: true, maxAttempts: 0 };
}

/**
 * Slack's answers to a look for a cut-short delivery's post (conversations.open, .history,
 * .replies) that mean it will never say: a history scope missing, the channel or the person gone,
 * the thread gone. The message is posted then (at least once rather than never; where the
 * channel or person is gone Slack refuses the post too, which is given up as usual).
 */
const LOOKUP_REFUSALS = [
  'missing_scope',
  'not_allowed_token_type',
  'method_not_supported_for_channel_type',
  'thread_not_found',
  ...CHANNEL_ERRORS,
  ...RECIPIENT_ERRORS,
] as const;

/** Slack answered a look with one of LOOKUP_REFUSALS: it will never say. */
function lookupRefused(err: unknown): boolean {
  return refused(err) && (LOOKUP_REFUSALS as readonly string[]).includes(describe(err));
}

/**
 * Slack's answers to a card's update that mean the card is not there to update (deleted), or
 * never will be updated: it is posted again rather than retried.
 */
const CARD_GONE = ['message_not_found', 'cant_update_message'] as const;

/**
 * Slack's answers to an edit of a ticket's post (`message.edit`) that mean there is nothing the
 * desk can edit: the message deleted, too old or not the desk's to edit, its channel gone, the
 * app not in it any more or it archived (CHANNEL_ERRORS). Done, not retried nor given up (a
 * channel the desk left would make every old line there a message given up on the Home); one of
 * CHANNEL_ERRORS settles the channel's edits instead (OutboxService.settleChannelEdits).
 */
const POST_GONE = ['message_not_found', 'cant_update_message', ...CHANNEL_ERRORS] as const;

function postGone(err: unknown): boolean {
  return refused(err) && (POST_GONE as readonly string[]).includes(describe(err));
}

function cardGone(err: unknown): boolean {
  return refused(err) && (CARD_GONE as readonly string[]).includes(describe(err));
}

/** Slack refused the channel itself (the app not in it, it is gone or archived). */
function channelRefused(err: unknown): boolean {
  return refused(err) && (CHANNEL_ERRORS as readonly string[]).includes(describe(err));
}

/**
 * Slack itself failing, not refusing this message (counted in `transientAttempts`, given up only
 * after TRANSIENT_MAX_ATTEMPTS): an HTTP 5xx (from Slack or a gateway before it), a request with
 * no answer (its time limit, the connection refused or dropped), an `ok: false` of
 * SLACK_FAILING_ERRORS; an upload's failure of one of those. Never a 429 (not counted at all), an
 * HTTP 4xx, nor a refusal of the message, the channel or the person.
 */
function slackFailing(err: unknown): boolean {
  if (err instanceof UploadFailed)
    return err.cause !== undefined
      ? slackFailing(err.cause)
      : /^http_5\d\d$/.test(err.reason) || SLACK_FAILING.includes(err.reason);
  const e = err as { code?: string; statusCode?: unknown; message?: unknown } | null;
  if (e?.code === 'slack_webapi_http_error')
    return typeof e.statusCode !== 'number' || e.statusCode >= 500;
  // Not the client's own wait after a 429 (said as a request error).
  if (e?.code === 'slack_webapi_request_error') return !/rate limit/i.test(String(e.message));
  return refused(err) && SLACK_FAILING.includes(describe(err));
}

/** Slack answered the call with an error (`ok: false`): it took nothing. */
function refused(err: unknown): boolean {
  return (err as { code?: string } | null)?.code === 'slack_webapi_platform_error';
}

/** Slack's reason (`channel_not_found`, `ratelimited`) or the error's message, for the record. */
function describe(err: unknown): string {
  if (rateLimit(err) || err instanceof RateLimited) return 'ratelimited';
  const e = err as { data?: { error?: string }; code?: string; message?: string } | null;
  return String(e?.data?.error ?? e?.message ?? e?.code ?? 'unknown').slice(0, 100);
}

/**
 * Whom a kept-note notice goes to as it goes out: the burst is the ticket's, so the person it is
 * with now (its assignee; with none, the triage channel as it is now), not the one it was with
 * when the burst's first reply was kept (TicketNotifier.keptNote wrote that one, for the notices
 * repair's key): a ticket reopened, handed on and resolved again within the window tells its new
 * assignee. A safe default: its former assignee is not told besides.
 */
function keptNoteTo(ctx: Ctx, ticket: TicketRecord): string {
  return keptAssignee(ticket) ?? ctx.settings.channels.triage ?? ticket.card.channel ?? 'triage';
}

/** The person a kept-note notice goes to (`keptNoteTo`): the ticket's assignee, if any. */
function keptAssignee(ticket: TicketRecord): string | undefined {
  return ticket.assigneeId && ticket.assigneeId !== SYSTEM_ACTOR ? ticket.assigneeId : undefined;
}

/** A Slack wait's key in an instance's holds: its workspace and method. */
function waitKey(teamId: string, method: string): string {
  return `${teamId}\u0000${method}`;
}

/** What a reader compares of a Slack wait to tell a write since its last read. */
function waitMark(w: { until: Date; holds?: number }): string {
  return `${new Date(w.until).getTime()}:${w.holds ?? ''}`;
}
