import type { Ctx } from '../context.js';
import { AppError } from '../errors.js';
import type { Logger } from '../logger.js';
import { allowed, assertMay } from '../permissions.js';
import { quietUntil } from '../workspace/calendar.js';
import { staffOnly, type HandoverIds, type HandoverRun } from '../workspace/types.js';
import type { OutboxRepository } from './repository.js';
import type { SlackWaitDoc, SlackWaitKept, SlackWaitKeptDoc } from './model.js';
import {
  CHANNEL_ERRORS,
  UNREACHABLE_NAMED,
  type DrawnChecked,
  type DrawnFrom,
  type HeldEntry,
  type HomesClaim,
  type NamedIn,
  type NewOutboxEntry,
  type OutboxCounts,
  type OutboxEntry,
  type OutboxLane,
  type OutboxTotals,
  type SentMark,
  type TaskListPost,
  type TaskPost,
  type TicketPost,
  type Written,
} from './types.js';

/** Entries written inside a batch, written at its end. */
interface Batch {
  entries: NewOutboxEntry[];
}

/** How a batch's entries are written: held for `owner` until `until`, as `batch` says. */
export interface BatchHold {
  owner: string;
  until: Date;
  /**
   * A repair's DMs drawn from this ticket as read: each entry of the batch (but coalesced ones,
   * drawn as they go) carries it (NewOutboxEntry.drawnFrom) until its writer confirms it.
   */
  drawnFrom?: DrawnFrom;
}

/** The DMs about one record a hand-over withholds from its people (`Ctx.quietTo`). */
/** The managers and admins a refused Send again names to ask, at most. */
const RESEND_ASK_NAMED = 3;

const WITHHELD_KINDS: ReadonlySet<string> = new Set(['message', 'reminder']);

/** Sent entries are kept this long (their keys keep a repeated announcement from going twice). */
export const OUTBOX_KEEP_MS = 7 * 86_400_000;
/**
 * Entries given up (after every retry) are kept this long, for Send again and the operator's
 * `care_desk_outbox_entries{state="dead"}`, then forgotten. A channel's refusal, recorded as its
 * entries were given up, outlives them.
 */
export const GIVEN_UP_KEEP_MS = 30 * 86_400_000;

/**
 * How often a person's App Home opening is stamped (OutboxService.homeOpened): at most once in
 * this long per person and instance, so opening the tab again and again writes nothing.
 */
export const HOME_OPEN_STAMP_MS = 86_400_000;
/**
 * How long a person's App Home opening is kept: a settings save refreshes the Homes opened in
 * this many days (SettingsFlows), and the outbox job forgets older stamps (forgetHomeOpens).
 */
export const HOME_OPENED_DAYS = 30;
/** People whose last stamp an instance remembers; past it, it forgets them all and starts again. */
const HOME_OPEN_MEMO_MAX = 50_000;

/**
 * The outbox as flows and the delivery worker use it. Writing is scoped by the request's
 * workspace; delivery reads across workspaces, as the job runner does.
 */
export class OutboxService {
  /**
   * The open batches, by the context `batch` handed to its `write`. Passed explicitly rather
   * than found through AsyncLocalStorage: on Node 20 its first use turns on the promise hooks for
   * the whole process, which made every request's promises (Bolt's middleware, the acks)
   * dearer, batch or not.
   */
  private readonly batches = new WeakMap<object, Batch>();

  /** When this instance last stamped a person's Home opening, by team and person. */
  private readonly homeStamps = new Map<string, number>();

  /** Told after each write that may make an entry due (`onWritten`). */
  private written: (() => void) | undefined;

  /**
   * `settingsVersion`: the version of a workspace's settings this instance knows (its cache's,
   * never a read), stamped on the App Home entries it writes: their delivery draws them from
   * settings no older (OutboxWorker), whichever instance delivers them.
   */
  constructor(
    private readonly repo: OutboxRepository,
    private readonly settingsVersion: (teamId: string) => number | undefined = () => undefined,
  ) {}

  /**
   * `listener` (this instance's delivery loop, OutboxWorker.start) is told after each write of
   * this instance that may make an entry due, now or at a later time: entries written, made due
   * again, re-timed, deferred, failed, taken back. The loop's longer wait while nothing is due ends
   * for it. One listener (a later one replaces it; undefined: none).
   */
  onWritten(listener: (() => void) | undefined): void {
    this.written = listener;
  }

  /** `write`, the listener told when it is done (`onWritten`), failed or not (part may be written). */
  private told<T>(write: Promise<T>): Promise<T> {
    return write.finally(() => this.written?.());
  }

  /**
   * Records that `ctx.actor` opened their App Home (OutboxRepository.stampHomeOpen): written at
   * most once per HOME_OPEN_STAMP_MS per person and instance, the rest answered from memory.
   */
  async homeOpened(ctx: Pick<Ctx, 'teamId' | 'actor' | 'now'>): Promise<void> {
    const key = `${ctx.teamId}\u0000${ctx.actor}`;
    const last = this.homeStamps.get(key);
    const now = ctx.now.getTime();
    if (last !== undefined && now - last >= 0 && now - last < HOME_OPEN_STAMP_MS) return;
    await this.repo.stampHomeOpen(ctx.teamId, ctx.actor, ctx.now);
    if (this.homeStamps.size >= HOME_OPEN_MEMO_MAX) this.homeStamps.clear();
    this.homeStamps.set(key, now);
  }

  /** Who opened their App Home in the `days` before `ctx.now`, the most recent first. */
  homesOpenedWithin(
    ctx: Pick<Ctx, 'teamId' | 'now'>,
    days: number,
    limit: number,
  ): Promise<string[]> {
    const since = new Date(ctx.now.getTime() - days * 86_400_000);
    return this.repo.homesOpenedSince(ctx.teamId, since, limit);
  }

  /**
   * Runs `write` (notifiers enqueueing what one change announces) with every enqueue made with
   * the context it is given collected, then writes them all in one command; those due now are
   * written leased to `owner` until `until`, for the caller to deliver at once without reading
   * them back (OutboxWorker.deliver). Written before anything is sent, and held rather than
   * sent: a crash leaves them for the worker when the lease ends (it looks in Slack before
   * posting again).
   */
  async batch<C extends Pick<Ctx, 'teamId' | 'now'>, T>(
    ctx: C,
    hold: BatchHold,
    write: (batched: C) => Promise<T>,
  ): Promise<{ value: T; written: Written }> {
    const batch: Batch = { entries: [] };
    // The same context under another identity: what is enqueued with it joins this batch, until
    // `write` is done (anything enqueued with it later is written on its own, not lost).
    const batched = Object.freeze({ ...ctx });
    this.batches.set(batched, batch);
    let value: T;
    try {
      value = await write(batched);
    } finally {
      this.batches.delete(batched);
    }
    const { drawnFrom, ...lease } = hold;
    // Stamped with their writer too: the one holder of theirs that never posts them stamped.
    const stamp = drawnFrom && { ...drawnFrom, by: hold.owner };
    const entries = stamp
      ? batch.entries.map((e) => (e.coalesceMs === undefined ? { ...e, drawnFrom: stamp } : e))
      : batch.entries;
    const { held, later, created } = await this.told(
      this.repo.enqueue(ctx.teamId, entries, ctx.now, lease),
    );
    return { value, written: { held, later, created, owner: hold.owner } };
  }

  /**
   * Writes what a change announces; returns the keys, for a delivery right away. Entries marked
   * `quiet` due during the workspace's quiet hours are due when they end: held by when they are
   * due (`notBefore`, else now), not by when they are written (one written at 10:02 for 10:12
   * waits for quiet hours begun at 10:10).
   */
  async enqueue(
    ctx: Pick<Ctx, 'teamId' | 'now' | 'settings' | 'quietTo'>,
    entries: NewOutboxEntry[],
  ): Promise<string[]> {
    const version = entries.some((e) => e.kind === 'home')
      ? this.settingsVersion(ctx.teamId)
      : undefined;
    const stamped =
      version === undefined
        ? entries
        : entries.map((e) => (e.kind === 'home' ? { ...e, settingsVersion: version } : e));
    const timed = stamped.map((e) => {
      if (!e.quiet) return e;
      const due = e.notBefore && e.notBefore > ctx.now ? e.notBefore : ctx.now;
      const until = quietUntil(ctx.settings, due);
      return until ? { ...e, notBefore: until, quietFrom: due } : e;
    });
    // A hand-over's moves: their DMs to its people are written withheld (its one DM tells them).
    const quiet = new Set(ctx.quietTo ?? []);
    const held = quiet.size
      ? timed.map((e) =>
          WITHHELD_KINDS.has(e.kind) && quiet.has(e.to) && e.coalesceMs === undefined
            ? { ...e, withheld: 'handover' }
            : e,
        )
      : timed;
    const batch = this.batches.get(ctx);
    if (batch) batch.entries.push(...held);
    else await this.told(this.repo.enqueue(ctx.teamId, held, ctx.now));
    return entries.map((e) => e.key);
  }

  /**
   * Plain entries written only where their key is new (OutboxRepository.enqueueNew; not batched,
   * no quiet hours, none withheld): the keys this call wrote.
   */
  enqueueNew(ctx: Pick<Ctx, 'teamId' | 'now'>, entries: NewOutboxEntry[]): Promise<string[]> {
    return this.told(this.repo.enqueueNew(ctx.teamId, entries, ctx.now));
  }

  /**
   * An entry written to wait that no delivery has taken yet, made due now with `data`, or
   * dropped (OutboxRepository.settleWaiting); whether it was.
   */
  settleWaiting(
    ctx: Pick<Ctx, 'teamId' | 'now'>,
    key: string,
    to: { data: Record<string, unknown> } | { dropped: string },
  ): Promise<boolean> {
    return this.told(this.repo.settleWaiting(ctx.teamId, key, ctx.now, to));
  }

  /** Other runs' held hand-over notices between the same two no longer name what one moved. */
  trimWaitingHandovers(
    ctx: Pick<Ctx, 'teamId' | 'now'>,
    people: { from: string; to: string },
    except: string[],
    moved: { ticketIds: string[]; taskIds: string[]; customerCodes: string[] },
  ): Promise<void> {
    return this.repo.trimWaitingHandovers(ctx.teamId, people, except, moved, ctx.now);
  }

  /**
   * A hand-over's own held notices (`keys`) still waiting name these records too
   * (OutboxRepository.addToWaitingHandover): how many of them do.
   */
  addToWaitingHandover(
    teamId: string,
    keys: string[],
    now: Date,
    more: { ticketIds: string[]; taskIds: string[]; customerCodes: string[] },
  ): Promise<number> {
    return this.repo.addToWaitingHandover(teamId, keys, now, more);
  }

  /**
   * What later hand-over runs between the same two set out to move (their held notices written
   * after `seq`, summaries or not, not dropped): OutboxRepository.laterHandoverRuns.
   */
  laterHandoverRuns(
    teamId: string,
    people: { from: string; to: string },
    seq: number,
    summary: boolean,
  ): Promise<HandoverRun[]> {
    return this.repo.laterHandoverRuns(teamId, people, seq, summary);
  }

  /**
   * A hand-over's own held notices (`keys`) still waiting no longer name these records, moved by
   * another run (OutboxRepository.dropFromWaitingHandover).
   */
  dropFromWaitingHandover(
    teamId: string,
    keys: string[],
    now: Date,
    moved: { ticketIds: string[]; taskIds: string[]; customerCodes: string[] },
  ): Promise<void> {
    return this.repo.dropFromWaitingHandover(teamId, keys, now, moved);
  }

  /** Other runs' held hand-over notices between the same two wait at least until `until`. */
  keepWaitingHandovers(
    teamId: string,
    people: { from: string; to: string },
    except: string[],
    now: Date,
    until: Date,
  ): Promise<void> {
    return this.told(this.repo.keepWaitingHandovers(teamId, people, except, now, until));
  }

  /**
   * Entries written to wait that no delivery has taken yet: due at `until` (still waiting). How
   * many of `keys` were.
   */
  keepWaiting(teamId: string, keys: string[], now: Date, until: Date): Promise<number> {
    return this.told(this.repo.keepWaiting(teamId, keys, now, until));
  }

  /** The keys of the messages posted as `ts` in one of `channels` (OutboxRepository.postedAt). */
  postedAt(teamId: string, channels: string[], ts: string): Promise<string[]> {
    return this.repo.postedAt(teamId, channels, ts);
  }

  /** The revisions of these entries now, by key (OutboxRepository.revs). */
  revs(teamId: string, keys: string[]): Promise<Map<string, number>> {
    return this.repo.revs(teamId, keys);
  }

  byKeys(teamId: string, keys: string[]): Promise<OutboxEntry[]> {
    return this.repo.byKeys(teamId, keys);
  }

  /** A hand-over's held summary: its run went on to its end (OutboxRepository.noteHandoverRanToEnd). */
  noteHandoverRanToEnd(ctx: Pick<Ctx, 'teamId' | 'now'>, key: string): Promise<boolean> {
    return this.repo.noteHandoverRanToEnd(ctx.teamId, key, ctx.now);
  }

  /** What a hand-over's held notice, drawn, tells of as moved (OutboxRepository.noteHandoverTold). */
  noteHandoverTold(
    teamId: string,
    key: string,
    told: HandoverIds,
  ): Promise<HandoverIds | undefined> {
    return this.repo.noteHandoverTold(teamId, key, told);
  }

  /**
   * What a hand-over's run, ended after its held notice was drawn, tells of by a notice of its own
   * (OutboxRepository.noteHandoverToldLate).
   */
  noteHandoverToldLate(
    teamId: string,
    key: string,
    draws: number | undefined,
    toldLate: HandoverIds,
    owed?: { entry: NewOutboxEntry; now: Date },
  ): Promise<boolean> {
    return this.repo.noteHandoverToldLate(teamId, key, draws, toldLate, owed);
  }

  /** Hand-overs' late notices owed but not written (OutboxRepository.handoverLateOwed). */
  handoverLateOwed(
    before: Date,
    limit: number,
  ): Promise<{ teamId: string; key: string; owed: NewOutboxEntry }[]> {
    return this.repo.handoverLateOwed(before, limit);
  }

  /** These held notices' owed late notices written (OutboxRepository.handoverLateWritten). */
  handoverLateWritten(teamId: string, keys: string[]): Promise<void> {
    return this.repo.handoverLateWritten(teamId, keys);
  }

  /**
   * Writes only the entries whose keys are not in the outbox yet (a repair: what its request
   * wrote stays as it was, sent or not); the keys written.
   */
  async enqueueUnwritten(
    ctx: Pick<Ctx, 'teamId' | 'now' | 'settings' | 'quietTo'>,
    entries: NewOutboxEntry[],
  ): Promise<string[]> {
    if (!entries.length) return [];
    const keys = entries.map((e) => e.key);
    const there = new Set((await this.byKeys(ctx.teamId, keys)).map((e) => e.key));
    const fresh = entries.filter((e) => !there.has(e.key));
    return fresh.length ? this.enqueue(ctx, fresh) : [];
  }

  waitingOn(teamId: string, parentKeys: string[]): Promise<OutboxEntry[]> {
    return this.repo.waitingOn(teamId, parentKeys);
  }

  owedBefore(
    teamId: string,
    seq: number,
    thread: { channel: string; ts: string },
    now: Date,
  ): Promise<OutboxEntry[]> {
    return this.repo.owedBefore(teamId, seq, thread, now);
  }

  /** When the soonest pending entry is due (a leased one at its lease end), any workspace's (OutboxRepository.nextDueAt). */
  nextDueAt(now: Date): Promise<Date | undefined> {
    return this.repo.nextDueAt(now);
  }

  due(now: Date, limit: number, lane?: OutboxLane): Promise<OutboxEntry[]> {
    return this.repo.due(now, limit, lane);
  }

  lease(
    entries: Pick<OutboxEntry, 'id' | 'nextAt'>[],
    owner: string,
    now: Date,
    until: Date,
  ): Promise<OutboxEntry[]> {
    return this.repo.lease(entries, owner, now, until);
  }

  /** Entries backed off while Slack failed, due now it answers (OutboxRepository). */
  dueAfterSlackFailed(teamId: string, now: Date): Promise<number> {
    return this.told(this.repo.dueAfterSlackFailed(teamId, now));
  }

  leaseGroup(
    teamId: string,
    group: string,
    owner: string,
    now: Date,
    until: Date,
  ): Promise<OutboxEntry[]> {
    return this.repo.leaseGroup(teamId, group, owner, now, until);
  }

  sent(
    entries: HeldEntry[],
    owner: string,
    now: Date,
    result?: { channel: string; ts: string },
  ): Promise<void> {
    return this.told(this.repo.sent(entries, owner, now, result));
  }

  /**
   * Marks entries sent, each with where it went; then records what that says of their channels
   * (refused, or reached again: the admins' Home). That record comes after the marks and its
   * failure is only logged: it must not hold up, or undo the marking of, what was sent.
   */
  async sentEach(
    marks: SentMark[],
    owner: string,
    now: Date,
    log?: Pick<Logger, 'warn'>,
  ): Promise<void> {
    await this.told(this.repo.sentEach(marks, owner, now));
    try {
      await this.repo.noteChannels(marks, now);
    } catch (err) {
      log?.warn({ err }, 'outbox: could not record which channels refused the desk');
    }
    try {
      await this.repo.notePosts(marks, now);
    } catch (err) {
      // Sent all the same: only a later retention or erasure misses editing these posts.
      log?.warn({ err }, 'outbox: could not record where a ticket’s posts went');
    }
  }

  /**
   * The edits of tickets' posts still owed in a channel Slack refused, the refused one with them
   * (OutboxRepository.settleChannelEdits): given up for *Send them again*, or dropped. How many.
   */
  settleChannelEdits(
    teamId: string,
    channel: string,
    to: { state: 'dead' | 'dropped'; reason: string },
    now: Date,
    held: { entries: HeldEntry[]; owner: string },
  ): Promise<number> {
    return this.told(this.repo.settleChannelEdits(teamId, channel, to, now, held));
  }

  /**
   * Where the DMs about tasks went in Slack (OutboxRepository.taskPostsOf), in the request's
   * workspace: a customer's (its tasks linked to no ticket, the lists naming it), or these
   * tasks' (with `ticketIds`, those of their tickets' DMs about them too).
   */
  taskPostsOf(
    ctx: Pick<Ctx, 'teamId'>,
    of: { customerId: string } | { taskIds: readonly string[]; ticketIds?: readonly string[] },
  ): Promise<(TaskPost | TaskListPost | TicketPost)[]> {
    return this.repo.taskPostsOf(ctx.teamId, of);
  }

  /** Where the posts of these tickets went in Slack (TicketPost), in the request's workspace. */
  postsOf(ctx: Pick<Ctx, 'teamId'>, ticketIds: readonly string[]): Promise<TicketPost[]> {
    return this.repo.postsOf(ctx.teamId, ticketIds);
  }

  renew(entries: HeldEntry[], owner: string, until: Date): Promise<boolean> {
    return this.repo.renew(entries, owner, until);
  }

  progress(id: string, owner: string, result: { channel: string; ts: string }): Promise<void> {
    return this.repo.progress(id, owner, result);
  }

  /**
   * Records a failed delivery (OutboxRepository.failed); returns how many entries were given up.
   * Given up because Slack refused their channel (one of CHANNEL_ERRORS), the refusal is recorded
   * for the channel too (`seen.now`), so that the admins' Home keeps naming it once the entries
   * are purged (GIVEN_UP_KEEP_MS). That record's failure is only logged.
   */
  async failed(
    entries: (HeldEntry & { to?: string })[],
    owner: string,
    failure: Parameters<OutboxRepository['failed']>[2],
    seen?: { now: Date; log: Pick<Logger, 'warn'> },
  ): Promise<number> {
    const dead = await this.told(this.repo.failed(entries, owner, failure));
    if (!dead || !seen || !(CHANNEL_ERRORS as readonly string[]).includes(failure.error))
      return dead;
    const channels = new Map<string, { teamId: string; channel: string; error: string }>();
    for (const e of entries)
      if (e.to)
        channels.set(`${e.teamId}\n${e.to}`, {
          teamId: e.teamId,
          channel: e.to,
          error: failure.error,
        });
    try {
      await this.repo.recordRefusals([...channels.values()], seen.now);
    } catch (err) {
      seen.log.warn({ err }, 'outbox: could not record which channels refused the desk');
    }
    return dead;
  }

  /** Whether this caller is to tell the admins of a channel's refusal (OutboxRepository). */
  claimRefusalNotice(
    teamId: string,
    channel: string,
    error: string,
    now: Date,
    againMs: number,
    tell: (period: string) => Promise<void>,
  ): Promise<boolean> {
    return this.repo.claimRefusalNotice(teamId, channel, error, now, againMs, tell);
  }

  /**
   * Slack asked the workspace to wait for `method` until `until`, `waitMs` from now: kept for
   * every instance, unless the one stored ends later on the writer's clock (`endOf`: when it
   * ends there); the document as it is now, and whether it holds this wait
   * (OutboxRepository.holdSlack).
   */
  holdSlack(
    teamId: string,
    method: string,
    until: Date,
    waitMs: number,
    endOf?: (stored: SlackWaitKeptDoc) => number,
  ): Promise<SlackWaitKept | undefined> {
    return this.repo.holdSlack(teamId, method, until, waitMs, endOf);
  }

  /** This instance delivers, live until `until`, busy or not (OutboxRepository.beat). */
  beat(instance: string, until: Date, busy: boolean): Promise<void> {
    return this.repo.beat(instance, until, busy);
  }

  /** This instance stops delivering: its heartbeat deleted (OutboxRepository.stopBeating). */
  stopBeating(instance: string): Promise<void> {
    return this.repo.stopBeating(instance);
  }

  /** Heartbeats aged out before `before`, deleted (OutboxRepository.dropOldBeats). */
  dropOldBeats(before: Date): Promise<void> {
    return this.repo.dropOldBeats(before);
  }

  /**
   * The waits Slack asked for, any instance's, and the heartbeats, whose `until` is after
   * `after` (OutboxRepository.slackWaits).
   */
  slackWaits(after: Date): Promise<SlackWaitDoc[]> {
    return this.repo.slackWaits(after);
  }

  /** When the managers' Homes are to be refreshed after a delivery pass (OutboxRepository). */
  claimHomesRefresh(
    teamId: string,
    now: Date,
    soonest: Date,
    gapMs: number,
  ): Promise<HomesClaim | undefined> {
    return this.repo.claimHomesRefresh(teamId, now, soonest, gapMs);
  }

  /** A claim's Homes written: no longer owed (OutboxRepository). */
  settleHomesRefresh(teamId: string, claim: HomesClaim): Promise<void> {
    return this.repo.settleHomesRefresh(teamId, claim);
  }

  /** The workspaces whose managers' Homes a claim never wrote (OutboxRepository). */
  owedHomesRefreshes(since: Date, now: Date, limit: number): Promise<string[]> {
    return this.repo.owedHomesRefreshes(since, now, limit);
  }

  /** A claim whose Homes could not be written, given back (OutboxRepository). */
  releaseHomesRefresh(teamId: string, claim: HomesClaim): Promise<void> {
    return this.repo.releaseHomesRefresh(teamId, claim);
  }

  /**
   * Replies waiting on messages given up are given up with them (with the parents' `transient`:
   * Slack failing as a whole); returns how many.
   */
  giveUpReplies(
    teamId: string,
    parentKeys: string[],
    error: string,
    now: Date,
    transient = false,
  ): Promise<number> {
    return this.repo.giveUpReplies(teamId, parentKeys, error, now, transient);
  }

  /**
   * Replies given up with their parent (`error`) whose parent was sent again meanwhile: owed
   * again with it; returns how many.
   */
  orphansBack(teamId: string, parentKeys: string[], error: string, now: Date): Promise<number> {
    return this.told(this.repo.orphansBack(teamId, parentKeys, error, now));
  }

  /**
   * `channel` may no longer be used by the desk (Slack Connect, `all`; a customer's channel,
   * `desk`: what the desk wrote for itself, and what went under its cards there, `cardTs`): what
   * is still owed there is dropped
   * (`reason`), the cards' entries forget they were posted there, but the desk's lines owed under
   * those cards, which follow each card to its new place (`triage`, the triage channel if any:
   * posted there anew). Logged with the count only.
   * `requesterFrom` (Slack Connect, `all`): the requester's notices are kept, due from then
   * (OutboxRepository.channelLeft), for the delivery to send them by DM.
   */
  async channelLeft(
    ctx: Pick<Ctx, 'teamId' | 'log'>,
    channel: string,
    cardTs: string[],
    all: boolean | 'desk',
    reason: string,
    requesterFrom?: Date,
    triage?: string,
  ): Promise<number> {
    const dropped = await this.told(
      this.repo.channelLeft(ctx.teamId, channel, cardTs, all, reason, requesterFrom, triage),
    );
    ctx.log.info(
      { channel, cards: cardTs.length, dropped },
      'outbox: a channel the desk may no longer use: what was owed there dropped, its cards to be posted again',
    );
    return dropped;
  }

  /**
   * Whether a message the desk wrote for itself (an alert, a digest, a line under a card; not a
   * card, not a requester's notice) is still owed to `channel`: a former desk channel's, written
   * before the Channels form moved it (held, or waiting to be tried again).
   */
  owesDeskMessage(teamId: string, channel: string): Promise<boolean> {
    return this.repo.owesDeskMessage(teamId, channel);
  }

  /**
   * Whether a ticket's card entry says its card went to `channel` at one of `ts`: a line under it
   * there follows it when the channel is left (OutboxRepository.channelLeft).
   */
  cardAt(teamId: string, channel: string, ts: string[]): Promise<boolean> {
    return this.repo.cardAt(teamId, channel, ts);
  }

  /**
   * Whether a ticket's card entry names `channel` (its card there, or there when the desk left
   * the channel): leaving it again has the lines still owed under it there follow it.
   */
  cardNames(teamId: string, channel: string): Promise<boolean> {
    return this.repo.cardNames(teamId, channel);
  }

  /** A workspace no longer served (uninstalled, revoked): its pending entries are dropped. */
  dropPending(teamId: string, reason: string): Promise<number> {
    return this.repo.dropPending(teamId, reason);
  }

  dropHeld(entries: HeldEntry[], owner: string, reason: string): Promise<void> {
    return this.repo.dropHeld(entries, owner, reason);
  }

  /**
   * What these tickets still owe `userId` by DM as their requester, or as a follower: dropped
   * (`reason`; OutboxRepository.dropTicketDms). How many.
   */
  dropTicketDms(
    teamId: string,
    ticketIds: readonly string[],
    userId: string,
    as: 'requester' | 'follower',
    reason: string,
    now: Date,
  ): Promise<number> {
    return this.repo.dropTicketDms(teamId, ticketIds, userId, as, reason, now);
  }

  /**
   * A repair's DMs (`keys`) drawn from the ticket `from` says, found unchanged by their writer:
   * delivered from now on as any entry (OutboxRepository.confirmDrawn), but the unsettled ones:
   * under which one still owed (or given up) was drawn from another version of it (an earlier
   * writer's, never checked), taken back for the next pass to draw anew or left to a look in
   * Slack, or no entry is left (another pass's, taken back since); every key when one is held,
   * its hold in force, by another writer (`owner`: this one's lease), whose check is still to come.
   */
  confirmDrawn(
    teamId: string,
    keys: string[],
    from: DrawnFrom,
    now: Date,
    owner: string,
  ): Promise<DrawnChecked> {
    return this.told(this.repo.confirmDrawn(teamId, keys, from, now, owner));
  }

  /** A repair's DMs found drawn from a ticket changed since, deleted (OutboxRepository). */
  takeBackDrawn(entries: HeldEntry[], owner: string): Promise<number> {
    return this.told(this.repo.takeBackDrawn(entries, owner));
  }

  /**
   * What a batch wrote (`written`) and is not to go after all: deleted while still the writer's
   * (OutboxRepository.takeBack). How many.
   */
  takeBack(teamId: string, written: Written): Promise<number> {
    return this.told(this.repo.takeBack(teamId, written));
  }

  /** Entries naming a customer or contact erased since their write, deleted (OutboxRepository). */
  takeBackNamed(teamId: string, keys: string[], owner: string, now: Date): Promise<number> {
    return this.told(this.repo.takeBackNamed(teamId, keys, owner, now));
  }

  /** A delivery's entries naming a customer or contact erased since, deleted (OutboxRepository). */
  takeBackNamedHeld(entries: HeldEntry[], owner: string): Promise<number> {
    return this.told(this.repo.takeBackNamedHeld(entries, owner));
  }

  /** A delivery's entry naming a customer erased since, rewritten without it (OutboxRepository). */
  rewriteNamedHeld(
    entry: HeldEntry,
    owner: string,
    data: unknown,
    names: NamedIn[],
  ): Promise<boolean> {
    return this.told(this.repo.rewriteNamedHeld(entry, owner, data, names));
  }

  rethread(
    teamId: string,
    from: { channel: string; ts: string },
    to: { channel: string; ts: string },
    owner: string,
  ): Promise<number> {
    return this.told(this.repo.rethread(teamId, from, to, owner));
  }

  /**
   * When the workspace's quiet hours end, if `at` is inside them (`quietUntil`): for the worker,
   * which holds a DM whose recipient it picks as it sends (a kept-note notice) by them.
   */
  quietUntil(ctx: Pick<Ctx, 'settings'>, at: Date): Date | undefined {
    return quietUntil(ctx.settings, at);
  }

  /** A delivery that lost its lease before asking Slack for any post (OutboxRepository.letGo). */
  letGo(entries: HeldEntry[], owner: string): Promise<void> {
    return this.told(this.repo.letGo(entries, owner));
  }

  defer(entries: HeldEntry[], owner: string, retryAt: Date, quietFrom?: Date): Promise<void> {
    return this.told(this.repo.defer(entries, owner, retryAt, quietFrom));
  }

  /** Replies whose parent message is not posted yet: due at `retryAt`, or right after it. */
  deferForParent(entries: HeldEntry[], owner: string, retryAt: Date): Promise<void> {
    return this.told(this.repo.defer(entries, owner, retryAt, undefined, true));
  }

  /** What is waiting and what was given up, for a manager or admin (others are refused). */
  async counts(ctx: Ctx): Promise<OutboxCounts> {
    this.assertManager(ctx);
    return this.repo.counts(ctx.teamId);
  }

  /**
   * Quiet hours or the time zone saved anew (`ctx.settings`: the new ones): the DMs, reminders and
   * alerts the old quiet hours hold go when the new ones say, now or when they end, as one
   * written after the save would (OutboxRepository.retimeQuiet). Not re-timed: one held from a
   * due time still ahead (written to go later), and one another instance writes within the 5 s
   * its copy of the settings is trusted (README Limits). Returns how many.
   */
  async quietHoursChanged(ctx: Pick<Ctx, 'teamId' | 'now' | 'settings' | 'log'>): Promise<number> {
    const at = quietUntil(ctx.settings, ctx.now) ?? ctx.now;
    const moved = await this.told(this.repo.retimeQuiet(ctx.teamId, ctx.now, at));
    if (moved) ctx.log.info({ moved, at }, 'outbox: entries quiet hours held re-timed');
    return moved;
  }

  /**
   * The triage channel was just set: the ticket cards that waited for one (and their replies)
   * go out now. Returns how many cards.
   */
  async triageChannelSet(ctx: Ctx): Promise<number> {
    const cards = await this.told(this.repo.dueForTriage(ctx.teamId, ctx.now));
    if (cards) ctx.log.info({ cards }, 'outbox: ticket cards that waited for a triage channel due');
    return cards;
  }

  /** Makes the given-up messages due again (a manager or admin's Send again). */
  async revive(ctx: Ctx): Promise<number> {
    this.assertMayResend(ctx);
    const revived = await this.told(this.repo.revive(ctx.teamId, ctx.now));
    ctx.log.info({ revived }, 'outbox: given-up messages sent again');
    return revived;
  }

  private assertManager(ctx: Ctx): void {
    assertMay(ctx, 'outbox.manage');
  }

  /**
   * Send again, refused: whom to ask named (a crafted action; the button is a manager's), the
   * managers first, then the admins, three at most, never one of another organisation (with only
   * such ones, without names). A guest or an outsider, or a desk with neither, is refused as
   * `assertMay` says it.
   */
  private assertMayResend(ctx: Ctx): void {
    if (!ctx.guest && !ctx.external && !allowed(ctx, 'outbox.manage')) {
      const { managers, admins } = ctx.settings;
      // Never one Slack said is of another organisation: they hold no role here (`staffOnly`).
      const people = [...new Set(staffOnly(ctx.settings, [...managers, ...admins]))].slice(
        0,
        RESEND_ASK_NAMED,
      );
      if (people.length)
        throw new AppError(
          'FORBIDDEN',
          'outbox.resendForbiddenAsk',
          { people: people.join(', ') },
          { users: ['people'], plainKey: 'outbox.resendForbidden' },
        );
      // Only ones of another organisation: the same refusal, without names.
      if (managers.length || admins.length)
        throw new AppError('FORBIDDEN', 'outbox.resendForbidden');
    }
    this.assertManager(ctx);
  }

  /**
   * Channels Slack refused because the bot is not in them or they are gone (an admin's Home);
   * `owed`: messages to it wait or were given up (a Dismiss would not take it off). The first
   * `limit` by id, as many as the Home names.
   */
  unreachableChannels(
    ctx: Pick<Ctx, 'teamId'>,
    limit = UNREACHABLE_NAMED,
  ): Promise<{ channel: string; owed: boolean }[]> {
    return this.repo.unreachableChannels(ctx.teamId, CHANNEL_ERRORS, limit);
  }

  /**
   * An admin's Dismiss on a refused channel of their Home (a channel archived for good): the
   * refusals recorded until now are set aside, until Slack refuses the desk there again (a
   * refusal from before the Dismiss recorded late does not count). Admins only.
   */
  async dismissRefusal(ctx: Ctx, channel: string): Promise<void> {
    // Said as what it is: the refused channel may be triage, digest or escalation, not a customer's.
    assertMay(ctx, 'channel.link', {}, { action: 'refusedChannel' });
    const dismissed = await this.repo.dismissRefusal(ctx.teamId, channel, ctx.now);
    ctx.log.info({ channel, dismissed }, 'outbox: refused channel dismissed');
  }

  /**
   * Slack still could not say whether `channel` is shared at a requester's notice's last try:
   * remembered on the channel's record (OutboxRepository.noteUndescribed).
   */
  noteUndescribed(teamId: string, channel: string, now: Date): Promise<void> {
    return this.repo.noteUndescribed(teamId, channel, now);
  }

  /** When Slack last could not say whether `channel` is shared, if ever. */
  undescribedAt(teamId: string, channel: string): Promise<Date | undefined> {
    return this.repo.undescribedAt(teamId, channel);
  }

  /**
   * A channel unlinked from its customer, or linked to another (by an admin): its refusals so
   * far are set aside as a Dismiss sets them.
   */
  channelUnlinked(ctx: Pick<Ctx, 'teamId' | 'now'>, channel: string): Promise<boolean> {
    return this.repo.dismissRefusal(ctx.teamId, channel, ctx.now);
  }

  /**
   * Forgets, in every workspace, who opened their App Home more than HOME_OPENED_DAYS before
   * `now`: no save refreshes their Home any more, so the stamp is only a record of the person.
   * Returns how many were forgotten.
   */
  forgetHomeOpens(now: Date): Promise<number> {
    return this.repo.forgetHomeOpens(new Date(now.getTime() - HOME_OPENED_DAYS * 86_400_000));
  }

  /** Waiting and given up, across workspaces: for the operator's metrics, not for a user. */
  totals(): Promise<OutboxTotals> {
    return this.repo.totals();
  }

  /**
   * Forgets entries sent more than OUTBOX_KEEP_MS ago, and those given up more than
   * GIVEN_UP_KEEP_MS ago (Send again until then), whatever Slack answered.
   */
  purge(now: Date): Promise<number> {
    return this.repo.purge(new Date(now.getTime() - OUTBOX_KEEP_MS), {
      before: new Date(now.getTime() - GIVEN_UP_KEEP_MS),
      errors: CHANNEL_ERRORS,
    });
  }
}
