import { Schema } from 'mongoose';
import {
  OUTBOX_KINDS,
  OUTBOX_STATES,
  TICKET_POST_KINDS,
  type OutboxEntry,
  type PostRecord,
} from './types.js';

export type OutboxDoc = Omit<OutboxEntry, 'id'> & {
  _id: import('mongoose').Types.ObjectId;
  /**
   * A hand-over's held notice whose run's own DM or summary took its place: the run it named
   * (`data.handoverRun` until then), kept for OutboxRepository.laterHandoverRuns.
   */
  settledRun?: unknown;
  /**
   * A hand-over's held notice its run's end kept as told late (`data.toldLate`): the notice of
   * those records its run owes (its `:late` entry), kept in the same write until that entry is
   * written (OutboxRepository.handoverLateOwed: the outbox job writes it otherwise), and since when.
   */
  lateOwed?: unknown;
  lateOwedAt?: Date;
  /**
   * The soonest a coalesced write asked an owed entry for since it was last leased (cleared by
   * the lease): a try failing meanwhile is tried again then, if sooner than its back-off.
   */
  dueAgain?: Date;
  /**
   * A self-deleting entry (its key FORGET_PREFIX): deleted once done with; the outbox job's
   * purge finds one whose delivery was cut before it deleted it (sparse index).
   */
  forget?: boolean;
  /**
   * The edits lane (always with `bulk`): an edit of one of a ticket's old posts (`message.edit`,
   * retention's and erasures'), delivered after every other entry due, the bulk redraws too, a
   * slice at a time (OutboxWorker.drain), and counted apart on the managers' Homes.
   */
  trail?: boolean;
  /**
   * On the edits lane, an edit an erasure owes (a data subject's request, NewOutboxEntry.erasure):
   * delivered before the others there (retention's, routine: tens of thousands after a first run).
   */
  erasure?: boolean;
};

export const outboxSchema = new Schema<OutboxDoc>(
  {
    teamId: { type: String, required: true },
    key: { type: String, required: true },
    kind: { type: String, enum: OUTBOX_KINDS, required: true },
    to: { type: String, required: true },
    group: String,
    data: { type: Schema.Types.Mixed },
    settledRun: { type: Schema.Types.Mixed },
    lateOwed: { type: Schema.Types.Mixed },
    lateOwedAt: Date,
    thread: { type: new Schema({ ts: String, parentKey: String }, { _id: false }) },
    state: { type: String, enum: OUTBOX_STATES, required: true },
    seq: { type: Number, required: true },
    rev: { type: Number, required: true },
    attempts: { type: Number, required: true },
    unaskedTries: Number,
    transientAttempts: Number,
    lastTransient: Boolean,
    parentWait: Boolean,
    revived: Boolean,
    nextAt: { type: Date, required: true },
    quietFrom: Date,
    dueAgain: Date,
    bulk: Boolean,
    trail: Boolean,
    erasure: Boolean,
    leaseOwner: String,
    leaseUntil: Date,
    heldBy: { type: [String], default: undefined },
    lastError: String,
    result: { type: new Schema({ channel: String, ts: String }, { _id: false }) },
    // Every place a ticket's card left (an entry written before a card could leave more than one:
    // a single place, not cast on read: the repository reads entries lean).
    left: {
      type: [new Schema({ channel: String, ts: String }, { _id: false })],
      default: undefined,
    },
    refused: String,
    createdAt: { type: Date, required: true },
    owedAt: Date,
    sentAt: Date,
    forget: Boolean,
    settingsVersion: Number,
    drawnFrom: {
      type: new Schema({ ticketId: String, version: Number, by: String }, { _id: false }),
    },
    names: {
      type: [
        new Schema(
          { customerId: String, code: String, contacts: { type: [String], default: undefined } },
          { _id: false },
        ),
      ],
      default: undefined,
    },
  },
  { collection: 'outbox', versionKey: false, minimize: false },
);
// A change's key is written once per workspace: the idempotency of the whole outbox.
outboxSchema.index({ teamId: 1, key: 1 }, { unique: true });
// What the worker looks for: due entries, oldest first.
outboxSchema.index({ state: 1, nextAt: 1 });
// The worker's three lanes: the entries due but the bulk ones, then the bulk redraws
// (NewOutboxEntry.bulk; `trail` absent: one point of the index, read in `nextAt` order, `seq`
// after it: the read's sort from the index, not a sort of every entry due), then the edits of
// old posts (`trail`: tens of thousands due at once after a first retention run, each slice of
// ten read off the index in order), none of them walking past another lane's entries.
outboxSchema.index({ state: 1, bulk: 1, trail: 1, nextAt: 1, seq: 1 });
// On the edits lane, an erasure's first (OutboxDoc.erasure): only those, so that the worker's
// look for them never walks past retention's (in `nextAt`, `seq` order, as the lane's).
outboxSchema.index(
  { erasure: 1, state: 1, nextAt: 1, seq: 1 },
  { partialFilterExpression: { erasure: true } },
);
// A manager's Home: a workspace's entries waiting or given up, the edits of old posts counted
// apart (`trail`: tens of thousands after a first retention run) without reading them, and the
// channels refused.
outboxSchema.index({ teamId: 1, state: 1, trail: 1 });
// The outbox job's repair of a hand-over's late notices kept as owed but never written (few).
outboxSchema.index({ lateOwedAt: 1 }, { sparse: true });
// The outbox job's purge of self-deleting entries done with, cut before they deleted themselves
// (few, every minute): `forget: true` on a sparse index meets only those.
outboxSchema.index({ forget: 1 }, { sparse: true });
// When an entry another instance leased is due (OutboxRepository.nextDueAt's third read: the
// soonest lease end still ahead, `{state: 'pending', leaseUntil: {$gt: now}}` sorted by
// `leaseUntil`, limit 1): a range scan from now in the index's order, the first pending entry
// met being the answer. Sparse: only entries that hold or held a lease are in it (a delivery's
// end unsets it), and the range from now holds only the leases still running (taken or renewed
// within the lease's 60 s): a handful, however many entries are pending. Without it that read
// walked every pending entry (the `{state, nextAt}` index has no `leaseUntil` order): tens of
// thousands after a retention run, on every idle pass while the soonest entry is leased.
outboxSchema.index({ leaseUntil: 1 }, { sparse: true });
// A requester's DM in the thread of a desk DM: which entry posted that thread's message
// (OutboxRepository.postedAt, by its ts), one look per such DM, not a scan of the workspace's week.
outboxSchema.index({ teamId: 1, 'result.ts': 1 });

/**
 * What deliveries said of a customer channel, one per channel: when Slack last refused the desk
 * there (one of CHANNEL_ERRORS) while a message went to its fallback instead or was given up,
 * when a message last reached it as far as the outbox's purged entries said, and when an admin
 * last dismissed it (or unlinked the channel). All three only move forward (`$max`), so that
 * instances recording them in any order agree: the channel is refused while `refusedAt` is later
 * than `reachedAt`, than `dismissedAt` (a refusal of the same millisecond as a Dismiss is taken
 * as the one dismissed) and than the messages the outbox still keeps as having reached it
 * (OutboxRepository.unreachableChannels; a reach is not written here on every delivery but folded
 * in before its entry is purged). What the admins' Home reads.
 */
export interface ChannelRefusalDoc {
  teamId: string;
  channel: string;
  /** Slack's last refusal; absent on a record only a dismissal wrote (never refused since). */
  error?: string;
  refusedAt?: Date;
  reachedAt?: Date;
  dismissedAt?: Date;
  /** `refusedAt`, as records written before it was named so say it. */
  at?: Date;
  /**
   * When a requester's notice's last try still found Slack failing to say whether the channel is
   * shared (OutboxWorker.sharedOutsideNow): for CHANNEL_UNDESCRIBED_MS after, its requesters'
   * notices take their DM at once, unasked, on every instance. Not a refusal: a record only this
   * wrote is not `open`. Only moves forward (`$max`).
   */
  undescribedAt?: Date;
  /**
   * May still be refused: set by every refusal, cleared (false) once a read finds it reached or
   * dismissed since, and only if no refusal moved `refusedAt` meanwhile. Absent (records written
   * before it) counts as set: the upkeep reads those too, and sets it. What the outbox's upkeep
   * reads every minute, instead of every record, and what an admin's Home reads (set only).
   */
  open?: boolean;
}

export const channelRefusalSchema = new Schema<ChannelRefusalDoc>(
  {
    teamId: { type: String, required: true },
    channel: { type: String, required: true },
    error: String,
    refusedAt: Date,
    reachedAt: Date,
    dismissedAt: Date,
    at: Date,
    open: Boolean,
    undescribedAt: Date,
  },
  { collection: 'channel_refusals', versionKey: false },
);
channelRefusalSchema.index({ teamId: 1, channel: 1 }, { unique: true });
// The records that may still be refused, across workspaces (the outbox's upkeep).
channelRefusalSchema.index({ open: 1 });
// A workspace's records that may still be refused, the latest first (an admin's Home).
channelRefusalSchema.index({ teamId: 1, open: 1, refusedAt: -1 });

/**
 * The admins were told that Slack refuses the desk in a channel for this reason (one of
 * CHANNEL_ERRORS), at `toldAt`: one document per team, channel and reason, claimed by a
 * compare-and-set on `toldAt` so that one instance tells them, however many deliveries meet the
 * refusal at once. Told again only once the channel took a message since, or a day later.
 */
export interface RefusalNoticeDoc {
  teamId: string;
  channel: string;
  error: string;
  toldAt: Date;
}

export const refusalNoticeSchema = new Schema<RefusalNoticeDoc>(
  {
    teamId: { type: String, required: true },
    channel: { type: String, required: true },
    error: { type: String, required: true },
    toldAt: { type: Date, required: true },
  },
  { collection: 'refusal_notices', versionKey: false },
);
refusalNoticeSchema.index({ teamId: 1, channel: 1, error: 1 }, { unique: true });

/**
 * When the managers' and admins' Homes of a workspace were last made due by the outbox after a
 * delivery pass changed what they count (or will be, when `at` is ahead): one document per team,
 * moved by a compare-and-set on `at`, so that however many passes and instances deliver, those
 * Homes are refreshed for it at most once per OutboxRepository.claimHomesRefresh's gap.
 */
export interface HomesRefreshDoc {
  teamId: string;
  at: Date;
  /** The id of the last claim made of it or relied on (a claim is given back only while its own). */
  claim?: string;
  /**
   * Set by every claim (the time claimed) and cleared by its claimer once the Homes are written
   * (`settleHomesRefresh`); kept at the time claimed when a claim is given back. Past and still
   * set: the Homes a claim was made for were never written (the write failed, or its instance
   * stopped), and any instance's next delivery pass asks for them again (`owedHomesRefreshes`).
   */
  owedAt?: Date;
  /**
   * A claim was given back (its Homes not written) and none written since: one given back again
   * keeps its time (at most one try per gap), as the first one given back does not.
   */
  givenBack?: boolean;
}

export const homesRefreshSchema = new Schema<HomesRefreshDoc>(
  {
    teamId: { type: String, required: true },
    at: { type: Date, required: true },
    claim: { type: String },
    owedAt: { type: Date },
    givenBack: { type: Boolean },
  },
  { collection: 'home_refreshes', versionKey: false },
);
homesRefreshSchema.index({ teamId: 1 }, { unique: true });
homesRefreshSchema.index({ owedAt: 1 }, { sparse: true });

/**
 * Slack asked the desk to wait (a 429's Retry-After) before calling one Web API method of a
 * workspace again, until `until` (on its writer's clock, only moved forward), for `waitMs` from
 * the write (the wait's length, which no clock changes), `holds` counting the writes: the wait
 * that ends last on its writer's clock kept with its own length (never by comparing `until`s
 * written on different clocks: OutboxRepository.holdSlack) (a write of one ending no later changes nothing: a
 * shorter wait said to another instance after a long one does not cut the long one short for a
 * reader that had not read it), one document per team and method, written by whichever instance Slack answered, and
 * read by every instance's delivery pass (OutboxRepository.slackWaits), so that no instance calls
 * that method there before then, not only the one Slack told. A reader that saw it change since
 * its last read holds the method `waitMs` from then on its own clock (the writer's `until` only
 * the first time it reads, or when a version that writes no length changed it): a clock that
 * disagrees makes no instance call during another's wait. Never deleted: a workspace has a
 * handful (one per method Slack ever rate-limited), reused by the next 429.
 *
 * The same collection holds each delivering instance's heartbeat (`teamId` empty, `method`
 * `instance:<id>`, `until` its writer's clock plus BEAT_LIVES_MS, `beats` how many it wrote,
 * `busy` whether it paced a Slack call lately: OutboxRepository.beat), read by the same find, so
 * that every instance paces Slack at its share of each limit (the pace divided by the instances
 * live and busy) at no extra read. A reader counts one live while it saw it change within
 * BEAT_LIVES_MS on its own clock (the writer's `until` only the first time it reads it): clocks
 * that disagree neither hide a live instance nor keep a dead one. An instance that stops deletes
 * its own; one that died ages out, and is deleted by the next instance's start an hour on
 * (`dropOldBeats`).
 */
export interface SlackWaitDoc {
  teamId: string;
  method: string;
  until: Date;
  /** A heartbeat's count of beats (none on a wait): a beat changes it whatever the clocks say. */
  beats?: number;
  /**
   * A heartbeat's word that its instance paced a Slack call within BUSY_MS before the beat (none:
   * written by a version before it, counted as busy).
   */
  busy?: boolean;
  /** A wait's length left when last written (none: written by a version before it). */
  waitMs?: number;
  /** A wait's count of writes: a write changes it whatever the clocks say. */
  holds?: number;
}

/**
 * A wait as stored after a writer's 429 (OutboxRepository.holdSlack): `kept` whether it is that
 * writer's wait (else another's, ending later, left as it was).
 */
export type SlackWaitKept = SlackWaitKeptDoc & { kept: boolean };

/** A wait as stored (OutboxRepository.holdSlack): its writer's `until`, writes and length. */
export type SlackWaitKeptDoc = Pick<SlackWaitDoc, 'until' | 'holds' | 'waitMs'>;

export const slackWaitSchema = new Schema<SlackWaitDoc>(
  {
    teamId: { type: String, required: true },
    method: { type: String, required: true },
    until: { type: Date, required: true },
    beats: { type: Number },
    busy: { type: Boolean },
    waitMs: { type: Number },
    holds: { type: Number },
  },
  { collection: 'slack_waits', versionKey: false },
);
slackWaitSchema.index({ teamId: 1, method: 1 }, { unique: true });
// Every delivery pass's read, across workspaces, of the waits not over yet (few or none).
slackWaitSchema.index({ until: 1 });

/**
 * When a person last opened their App Home (`app_home_opened`), stamped at most once a day per
 * person (OutboxService.homeOpened): whom a settings or roles save refreshes beyond the people
 * the roles name (src/flows/settings.ts). One document per team and person; a data subject's
 * erasure deletes theirs.
 */
export interface HomeOpenDoc {
  teamId: string;
  userId: string;
  openedAt: Date;
}

export const homeOpenSchema = new Schema<HomeOpenDoc>(
  {
    teamId: { type: String, required: true },
    userId: { type: String, required: true },
    openedAt: { type: Date, required: true },
  },
  { collection: 'home_opens', versionKey: false },
);
homeOpenSchema.index({ teamId: 1, userId: 1 }, { unique: true });
homeOpenSchema.index({ teamId: 1, openedAt: -1 });
// The outbox job's forgetting of old openings (every minute, every workspace: by `openedAt` alone).
homeOpenSchema.index({ openedAt: 1 });

/**
 * Where each of a ticket's posts went in Slack (its card's thread lines, the SLA alerts in that
 * thread, its assignees' DMs, its escalation posts, the SLA lists and DMs with a line about it,
 * the other notices naming it: TicketPostKind): written by the outbox once Slack took one, one document per
 * workspace and outbox key (a second delivery's write is a no-op), kept as long as the ticket is
 * (the outbox forgets its sent entries after a week). What retention and erasures edit in Slack.
 * The DMs about a task linked to no ticket are recorded here too (TaskPost, kind `customerTask`:
 * `taskId` and `customerId`, no ticket), and the lists of several customers' tasks (TaskListPost,
 * kind `taskList`: `taskIds` and `customerIds`).
 */
export const ticketPostSchema = new Schema<PostRecord & { at: Date }>(
  {
    teamId: { type: String, required: true },
    // A ticket's post's (every kind but `customerTask`).
    ticketId: String,
    // A DM about a task linked to no ticket (`customerTask`): the task and its customer; about a
    // ticket's task (`task`), the task.
    taskId: String,
    customerId: String,
    // A list of several customers' tasks (`taskList`): the tasks it shows and their customers.
    taskIds: { type: [String], default: undefined },
    customerIds: { type: [String], default: undefined },
    key: { type: String, required: true },
    kind: { type: String, enum: TICKET_POST_KINDS, required: true },
    seq: Number,
    others: { type: [String], default: undefined },
    channel: { type: String, required: true },
    ts: { type: String, required: true },
    to: String,
    at: { type: Date, required: true },
  },
  { collection: 'ticket_posts', versionKey: false },
);
ticketPostSchema.index({ teamId: 1, key: 1 }, { unique: true });
// A ticket's posts, read a page of tickets at a time (retention, erasures).
ticketPostSchema.index({ teamId: 1, ticketId: 1 });
// An erasure by Slack user: the records of the desk's DMs to that person (`to`, only a DM's).
ticketPostSchema.index(
  { teamId: 1, to: 1 },
  { partialFilterExpression: { to: { $exists: true } } },
);
// An export and an erasure by Slack user: the older records of the desk's DMs to that person
// (`channel`, their id: dmRecordsOf's other branch, which the index on `to` cannot answer).
ticketPostSchema.index({ teamId: 1, channel: 1 });
// An erasure of a customer: the DMs about its tasks linked to no ticket (TaskPost).
ticketPostSchema.index({ teamId: 1, customerId: 1 });
// Retention: the DMs about the tasks of a page it anonymises (TaskPost).
ticketPostSchema.index({ teamId: 1, taskId: 1 });
// The lists of several customers' tasks (TaskListPost) naming a customer an erasure takes, showing
// a task retention anonymises.
ticketPostSchema.index({ teamId: 1, customerIds: 1 });
ticketPostSchema.index({ teamId: 1, taskIds: 1 });
