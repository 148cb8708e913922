import { randomUUID } from 'node:crypto';
import { trusted, type AnyBulkWriteOperation, type Model, type UpdateQuery } from 'mongoose';
import { isDuplicateKey, onlyDuplicateKeys } from '../db/errors.js';
import type { HandoverIds, HandoverRun } from '../workspace/types.js';
import type {
  ChannelRefusalDoc,
  HomeOpenDoc,
  HomesRefreshDoc,
  OutboxDoc,
  RefusalNoticeDoc,
  SlackWaitDoc,
  SlackWaitKept,
  SlackWaitKeptDoc,
} from './model.js';
import {
  postNamesTask,
  type PostRecord,
  type TaskListPost,
  type TaskPost,
  type TicketPost,
} from './types.js';
import type { ForeignPipeline } from '../db/pipeline.js';
import {
  cardKey,
  type DrawnChecked,
  type DrawnFrom,
  forgets,
  INSTANCE_BEAT,
  NO_TRIAGE_CHANNEL,
  PARENT_GIVEN_UP,
  PARENT_NEVER_POSTED,
  type HeldEntry,
  type HomesClaim,
  isPerson,
  type NamedIn,
  type NewOutboxEntry,
  type OutboxCounts,
  type OutboxEntry,
  type OutboxLane,
  type OutboxTotals,
  placesLeft,
  taskPostOf,
  ticketPostOf,
  triedBeyondWriter,
  type Written,
} from './types.js';

/** An entry owed afresh forgets its tries of Slack failing as a whole (TRANSIENT_MAX_ATTEMPTS). */
const TRANSIENT_AFRESH = { transientAttempts: '', lastTransient: '' } as const;
/** ...and its tries whose answer was not known (unaskedTries): the `$unset` of an entry owed afresh. */
const TRIES_AFRESH = { unaskedTries: '', ...TRANSIENT_AFRESH } as const;

function toEntry(doc: OutboxDoc): OutboxEntry {
  const { _id, ...rest } = doc;
  const entry = { ...rest, id: _id.toHexString() } as OutboxEntry;
  // Null fields (unset by an update) read as absent.
  for (const key of Object.keys(entry) as (keyof OutboxEntry)[])
    if (entry[key] === null) delete entry[key];
  return entry;
}

// The filters' operators are ours: marked trusted for the connection's sanitizeFilter.
const LEASE_FREE = [{ leaseUntil: trusted({ $exists: false }) }, { leaseUntil: null }] as Record<
  string,
  unknown
>[];
const leaseEnded = (now: Date) => ({ leaseUntil: trusted({ $lte: now }) });
/**
 * The update that leases an entry: held by `owner` until `until`, and one of those who held it.
 * What a coalesced write asked for before (`dueAgain`) is delivered with it.
 */
const leasedTo = (owner: string, until: Date) => ({
  $set: { leaseOwner: owner, leaseUntil: until },
  // (A wait for its parent, OutboxEntry.parentWait, is its last try's: this try says anew.)
  $unset: { dueAgain: '', parentWait: '' },
  $addToSet: { heldBy: owner },
});

/**
 * What Slack answering again after failing sends first (dueAfterSlackFailed): ticket cards, whose
 * thread lines wait on them, and SLA alerts.
 */
const URGENT_KINDS = ['ticket.card', 'alert', 'alert.thread'] as const;

/** How many replies naming a parent (not a ts) owedBefore reads: the oldest hold a thread first. */
const OWED_PARENTS_MAX = 100;
/**
 * How many owed replies of a card's thread its ticket's read takes along (`cardThreadPipeline`):
 * more found, and the caller reads the thread as owedBefore does.
 */
export const CARD_THREAD_OWED_MAX = 100;

let lastSeq = 0;
/** Increasing within this process, and with time across processes. */
function nextSeq(now: Date): number {
  lastSeq = Math.max(lastSeq + 1, now.getTime() * 1000);
  return lastSeq;
}

/** What a new entry is written with (left as it is by later writes of its key). */
function fixedFields(e: NewOutboxEntry, now: Date) {
  return {
    seq: nextSeq(now),
    kind: e.kind,
    to: e.to,
    data: e.data,
    createdAt: now,
    ...(e.group ? { group: e.group } : {}),
    ...(e.thread ? { thread: e.thread } : {}),
    ...(forgets(e.key) ? { forget: true } : {}),
    ...(e.settingsVersion !== undefined ? { settingsVersion: e.settingsVersion } : {}),
    ...(e.drawnFrom ? { drawnFrom: e.drawnFrom } : {}),
    ...(e.names?.length ? { names: e.names } : {}),
    ...(e.quietFrom ? { quietFrom: e.quietFrom } : {}),
  };
}

/**
 * Whether an entry goes on the edits lane (OutboxDoc.trail): an edit of a ticket's old post
 * (`message.edit`, retention's and erasures'), after the bulk redraws, never held by its writer.
 */
const trails = (e: Pick<NewOutboxEntry, 'kind'>) => e.kind === 'message.edit';

/**
 * The edits lane's fields of a new entry: an edit an erasure owes (NewOutboxEntry.erasure) is
 * marked to go before the routine ones (retention's) there; any other entry, none.
 */
function editsLane(e: Pick<NewOutboxEntry, 'kind' | 'erasure'>): Partial<OutboxDoc> {
  if (!trails(e)) return {};
  return { bulk: true, trail: true, ...(e.erasure ? { erasure: true } : {}) };
}

/** An entry written by key, not held: new, or (a refresh) made due again. */
function plainOp(teamId: string, e: NewOutboxEntry, now: Date): AnyBulkWriteOperation<OutboxDoc> {
  const fixed = fixedFields(e, now);
  const nextAt = e.notBefore ?? now;
  if (e.withheld)
    return {
      updateOne: {
        filter: { teamId, key: e.key },
        update: {
          $setOnInsert: {
            ...fixed,
            state: 'dropped',
            lastError: e.withheld,
            nextAt,
            attempts: 0,
            rev: 0,
          },
        },
        upsert: true,
      },
    };
  return {
    updateOne: {
      filter: { teamId, key: e.key },
      update: e.refresh
        ? {
            $setOnInsert: fixed,
            $set: { state: 'pending', nextAt, attempts: 0 },
            // Asked for by a change: no longer a bulk redraw (delivered with the others).
            $unset: { bulk: '', ...TRIES_AFRESH },
            $inc: { rev: 1 },
          }
        : {
            $setOnInsert: {
              ...fixed,
              state: 'pending',
              nextAt,
              attempts: 0,
              rev: 0,
              ...(e.bulk ? { bulk: true } : {}),
              ...editsLane(e),
            },
          },
      upsert: true,
    },
  };
}

/**
 * A bulk refresh (NewOutboxEntry.bulk): an entry owed is made due again as it is, urgent or not
 * (a change's card update is not put behind the redraws); one not owed (sent, given up, or new)
 * is owed again as a bulk one. Of the two operations, the one that does not apply matches
 * nothing (the upsert of an entry owed, made due by the first or by another writer meanwhile, is
 * refused by the unique key, which means "owed": done, as for a coalesced entry).
 */
function bulkRefreshOps(
  teamId: string,
  e: NewOutboxEntry,
  now: Date,
): AnyBulkWriteOperation<OutboxDoc>[] {
  const nextAt = e.notBefore ?? now;
  return [
    {
      updateOne: {
        filter: { teamId, key: e.key, state: 'pending' },
        update: {
          $set: { nextAt, attempts: 0 },
          $unset: { ...TRIES_AFRESH },
          $inc: { rev: 1 },
        },
      },
    },
    {
      updateOne: {
        filter: { teamId, key: e.key, state: trusted({ $ne: 'pending' }) },
        update: {
          $setOnInsert: fixedFields(e, now),
          $set: { state: 'pending', nextAt, attempts: 0, bulk: true },
          $unset: { ...TRIES_AFRESH },
          $inc: { rev: 1 },
        },
        upsert: true,
      },
    },
  ];
}

/** The operations that write an entry not held (plainOp, or a bulk refresh's two). */
function unheldOps(
  teamId: string,
  e: NewOutboxEntry,
  now: Date,
): AnyBulkWriteOperation<OutboxDoc>[] {
  if (e.bulk && e.refresh) return bulkRefreshOps(teamId, e, now);
  return trails(e) && e.erasure && !e.withheld
    ? [plainOp(teamId, e, now), erasureForwardOp(teamId, e, now)]
    : [plainOp(teamId, e, now)];
}

/**
 * An erasure's edit whose key is owed already (an SLA list's, `listEditKey`, has no version:
 * retention's edit of it, waiting on the edits lane behind the bulk redraws or put off to a later
 * page): the stricter one wins, the owed entry made an erasure's (first on the lane) and due no
 * later than this one asks. Matches nothing when the key is new (the upsert beside it writes it)
 * or not owed (sent: the list's edited text never changes). A single-document update.
 */
function erasureForwardOp(
  teamId: string,
  e: NewOutboxEntry,
  now: Date,
): AnyBulkWriteOperation<OutboxDoc> {
  return {
    updateOne: {
      filter: { teamId, key: e.key, kind: 'message.edit', state: 'pending' },
      update: { $set: { erasure: true }, $min: { nextAt: e.notBefore ?? now } },
    },
  };
}

/**
 * A coalesced entry (one owed delivery per key): an owed one has its `rev` bumped and is made due
 * no later than this one asks (so a
 * delivery under way goes again; one not started yet renders the change anyway; that due is also
 * kept in `dueAgain` until the entry is next leased, for a try failing meanwhile), and one not
 * owed (sent, given up, or new) becomes owed `coalesceMs` from now. Of the two operations, the
 * one that does not apply matches nothing (the upsert of an entry already owed is refused by the
 * unique key, which means "owed": nothing to do). Safe across instances: every step is a
 * single-document update.
 */
function coalescedOps(
  teamId: string,
  e: NewOutboxEntry,
  now: Date,
): AnyBulkWriteOperation<OutboxDoc>[] {
  const due = new Date(now.getTime() + (e.coalesceMs ?? 0));
  const version = e.settingsVersion;
  return [
    {
      // Owed already: rendered when it goes, and no later than this one asks (a refresh put off
      // to the end of a minute does not hold back one asked for in 3 s), nor from settings older
      // than this writer knew (a settings change's redraw of a Home owed before it).
      updateOne: {
        filter: { teamId, key: e.key, state: 'pending' },
        update: {
          $inc: { rev: 1 },
          $min: { nextAt: due, dueAgain: due },
          ...(version !== undefined ? { $max: { settingsVersion: version } } : {}),
        },
      },
    },
    {
      updateOne: {
        filter: { teamId, key: e.key, state: trusted({ $ne: 'pending' }) },
        update: {
          $setOnInsert: { kind: e.kind, to: e.to, createdAt: now },
          $set: {
            state: 'pending',
            seq: nextSeq(now),
            data: e.data,
            attempts: 0,
            owedAt: now,
            nextAt: due,
            ...(version !== undefined ? { settingsVersion: version } : {}),
          },
          $unset: {
            lastError: '',
            dueAgain: '',
            // Owed afresh: its tries of Slack failing as a whole too (TRANSIENT_MAX_ATTEMPTS).
            ...TRANSIENT_AFRESH,
            ...(version === undefined ? { settingsVersion: '' } : {}),
          },
          $inc: { rev: 1 },
        },
        upsert: true,
      },
    },
  ];
}

type Held = HeldEntry;

/** Owed entries of these keys not due before `now` and held by no live delivery. */
function waitingFilter(teamId: string, keys: string[], now: Date): Record<string, unknown> {
  return {
    teamId,
    key: trusted({ $in: keys }),
    state: 'pending',
    nextAt: trusted({ $gt: now }),
    $or: [...LEASE_FREE, leaseEnded(now)],
  };
}

/**
 * Owed entries of these keys that no delivery has taken: held by no live delivery at `now` and
 * never drawn (`data.draws`, counted by each draw of a hand-over's held notice), due or not. One
 * drawn whose post Slack failed, awaiting its next try, was taken: its run's end tells of what it
 * did not name by a notice of its own (HandoverNotifier.late).
 */
function untakenFilter(teamId: string, key: string, now: Date): Record<string, unknown> {
  return {
    teamId,
    key,
    state: 'pending',
    'data.draws': trusted({ $exists: false }),
    $or: [...LEASE_FREE, leaseEnded(now)],
  };
}

/** Entries by id, or by key where an id is not known (a held refresh): one workspace's. */
function whereEntries(entries: Held[]): Record<string, unknown> {
  if (entries.every((e) => e.id)) return { _id: trusted({ $in: entries.map((e) => e.id) }) };
  return { teamId: entries[0]!.teamId, key: trusted({ $in: entries.map((e) => e.key) }) };
}

/**
 * Refused channels' records an admin's Home reads at most: it names three, and a record the
 * upkeep has not closed yet (reached or dismissed within the minute) is left out after the read.
 */
const REFUSALS_READ = 25;

/**
 * The held notices of other hand-over runs between the same two people (`except`: a run's own
 * keys) that no delivery has taken yet.
 */
function otherRunsWaiting(
  teamId: string,
  people: { from: string; to: string },
  except: string[],
  now: Date,
) {
  return {
    ...waitingFilter(teamId, [], now),
    key: trusted({ $nin: except }),
    kind: 'message' as const,
    'data.handoverRun.from': people.from,
    'data.handoverRun.to': people.to,
  };
}

/**
 * A held hand-over notice's three lists of what its run moves (`data.handoverRun`), each paired
 * with `records`' ids under `op`: `$in` for a `$pull` taking them off, `$each` for a `$push`
 * adding them.
 */
function runLists(
  records: { ticketIds: string[]; taskIds: string[]; customerCodes: string[] },
  op: '$in' | '$each',
) {
  return {
    'data.handoverRun.ticketIds': { [op]: records.ticketIds },
    'data.handoverRun.taskIds': { [op]: records.taskIds },
    'data.handoverRun.customerCodes': { [op]: records.customerCodes },
  };
}

/** Outbox entries, scoped by team (the worker reads across teams, as the job runner does). */
export class OutboxRepository {
  constructor(
    private readonly model: Model<OutboxDoc>,
    private readonly refusals: Model<ChannelRefusalDoc>,
    private readonly notices?: Model<RefusalNoticeDoc>,
    private readonly homesRefreshes?: Model<HomesRefreshDoc>,
    private readonly homeOpens?: Model<HomeOpenDoc>,
    private readonly ticketPosts?: Model<PostRecord & { at: Date }>,
    private readonly waits?: Model<SlackWaitDoc>,
  ) {}

  /**
   * Of entries Slack took, those that are a ticket's post with its words (ticketPostOf: a thread
   * line, an SLA alert in its thread, an assignee's DM, an escalation's post, an SLA list or DM,
   * another notice naming it, a DM about one of its tasks: taskPostOf) recorded where they went (TicketPost): one command for any number,
   * none without; a key recorded already is left as it is (a second delivery's, another
   * instance's). A list's post names the other tickets of the same message (`others`: the
   * entries marked with the same channel and ts, a group's). Nothing without the collection (a
   * bare repository).
   */
  async notePosts(
    marks: {
      entry: Pick<HeldEntry, 'teamId' | 'key'> & { to?: string; kind?: string; data?: unknown };
      result?: { channel: string; ts: string };
    }[],
    at: Date,
  ): Promise<void> {
    if (!this.ticketPosts) return;
    const posts = marks.flatMap(({ entry, result }) => {
      const post = result?.ts ? (ticketPostOf(entry.key) ?? taskPostOf(entry)) : undefined;
      return post && result ? [{ entry, result, post }] : [];
    });
    const where = (p: (typeof posts)[number]) =>
      `${p.entry.teamId}\u0000${p.result.channel}\u0000${p.result.ts}`;
    const ops = posts.map((p) => {
      const { entry, result, post } = p;
      const others =
        post.kind === 'alerts'
          ? [
              ...new Set(
                posts
                  .flatMap((o) =>
                    o.post.kind === 'alerts' && where(o) === where(p) ? [o.post.ticketId] : [],
                  )
                  .filter((id) => id !== post.ticketId),
              ),
            ]
          : [];
      const doc = {
        teamId: entry.teamId,
        key: entry.key,
        ...(post.kind === 'customerTask'
          ? { kind: post.kind, taskId: post.taskId, customerId: post.customerId }
          : post.kind === 'taskList'
            ? { kind: post.kind, taskIds: post.taskIds, customerIds: post.customerIds }
            : {
                ticketId: post.ticketId,
                kind: post.kind,
                ...(post.seq !== undefined ? { seq: post.seq } : {}),
                ...('taskId' in post && post.taskId ? { taskId: post.taskId } : {}),
              }),
        ...(others.length ? { others } : {}),
        channel: result.channel,
        ts: result.ts,
        ...(entry.to && isPerson(entry.to) ? { to: entry.to } : {}),
        at,
      };
      return {
        updateOne: {
          filter: { teamId: entry.teamId, key: entry.key },
          update: { $setOnInsert: doc },
          upsert: true,
        },
      };
    });
    if (!ops.length) return;
    try {
      await this.ticketPosts.bulkWrite(ops, { ordered: false });
    } catch (err) {
      // Two instances recording the same post at once: one upsert lost the race, the post is kept.
      if (!onlyDuplicateKeys(err)) throw err;
    }
  }

  /**
   * Where the DMs about tasks went, scoped by the workspace, in one read: of a customer's tasks
   * (`customerId`: an erasure of it), the DMs about its tasks linked to no ticket (TaskPost) and
   * the lists naming it (TaskListPost); of these tasks (`taskIds`: a page retention anonymises),
   * the DMs about those linked to no ticket, the lists showing any of them, and, of those linked
   * to a ticket (`ticketIds`, their tickets), the DMs about them (TicketPost kind `task`: the
   * ticket's read by its index, those about another of its tasks left out: `postNamesTask`).
   */
  async taskPostsOf(
    teamId: string,
    of: { customerId: string } | { taskIds: readonly string[]; ticketIds?: readonly string[] },
  ): Promise<(TaskPost | TaskListPost | TicketPost)[]> {
    if (!this.ticketPosts) return [];
    if ('taskIds' in of && !of.taskIds.length) return [];
    const ticketIds = 'taskIds' in of ? [...new Set(of.ticketIds ?? [])] : [];
    const or =
      'customerId' in of
        ? [
            { kind: 'customerTask' as const, customerId: of.customerId },
            { kind: 'taskList' as const, customerIds: of.customerId },
          ]
        : [
            { kind: 'customerTask' as const, taskId: trusted({ $in: [...of.taskIds] }) },
            { kind: 'taskList' as const, taskIds: trusted({ $in: [...of.taskIds] }) },
            ...(ticketIds.length
              ? [{ kind: 'task' as const, ticketId: trusted({ $in: ticketIds }) }]
              : []),
          ];
    const posts = await this.ticketPosts
      .find({ teamId, $or: or }, { _id: 0, at: 0, to: 0 })
      .sort({ key: 1 })
      .lean<(TaskPost | TaskListPost | TicketPost)[]>();
    if (!('taskIds' in of)) return posts;
    const tasks = new Set(of.taskIds);
    return posts.filter(
      (p) =>
        p.kind !== 'task' ||
        (p.taskId ? tasks.has(p.taskId) : of.taskIds.some((id) => postNamesTask(p, id))),
    );
  }

  /** Where the posts of these tickets went (TicketPost), scoped by the workspace. */
  async postsOf(teamId: string, ticketIds: readonly string[]): Promise<TicketPost[]> {
    if (!this.ticketPosts || !ticketIds.length) return [];
    return this.ticketPosts
      .find({ teamId, ticketId: trusted({ $in: [...ticketIds] }) }, { _id: 0, at: 0, to: 0 })
      .sort({ ticketId: 1, key: 1 })
      .lean<TicketPost[]>();
  }

  /**
   * Stamps that `userId` opened their App Home at `at` (one document per team and person, never
   * moved back). Nothing without the collection (a bare repository).
   */
  async stampHomeOpen(teamId: string, userId: string, at: Date): Promise<void> {
    await this.homeOpens?.updateOne(
      { teamId, userId },
      { $max: { openedAt: at } },
      { upsert: true },
    );
  }

  /** Who opened their App Home at `since` or later, the most recent first, `limit` at most. */
  async homesOpenedSince(teamId: string, since: Date, limit: number): Promise<string[]> {
    if (!this.homeOpens) return [];
    const docs = await this.homeOpens
      .find({ teamId, openedAt: trusted({ $gte: since }) }, { userId: 1 })
      .sort({ openedAt: -1, userId: 1 })
      .limit(limit)
      .lean<Pick<HomeOpenDoc, 'userId'>[]>();
    return docs.map((d) => d.userId);
  }

  /** Forgets the App Home openings stamped before `before`, in every workspace; how many. */
  async forgetHomeOpens(before: Date): Promise<number> {
    if (!this.homeOpens) return 0;
    // team-scope: every team, the upkeep job's own cut-off (no request's value).
    const r = await this.homeOpens.deleteMany({ openedAt: trusted({ $lt: before }) });
    return r.deletedCount;
  }

  /**
   * When the managers' Homes of a workspace are to be refreshed for what a delivery pass changed
   * (`soonest`, `now` plus the Home's coalescing, if none was in the last `gapMs`; else `gapMs`
   * after the last; the time already claimed when that is still to come), or undefined when
   * another caller claimed it meanwhile. One
   * document per team moved by a compare-and-set on `at` (created by an insert the unique index
   * lets one instance make): at most one refresh per `gapMs`, across instances, and the last
   * change is still shown. Every claim writes its own id on the document, a time claimed already
   * too (the caller relies on it): a claim given back is given back only while the document is
   * still its own (`releaseHomesRefresh`), and says the Homes owed from the time claimed
   * (`owedAt`) until its claimer says them written (`settleHomesRefresh`). Without the collection
   * (a bare repository): `soonest`.
   */
  async claimHomesRefresh(
    teamId: string,
    now: Date,
    soonest: Date,
    gapMs: number,
  ): Promise<HomesClaim | undefined> {
    if (!this.homesRefreshes) return { at: soonest };
    const id = randomUUID();
    const found = await this.homesRefreshes
      .findOne({ teamId }, { at: 1, givenBack: 1 })
      .lean<Pick<HomesRefreshDoc, 'at' | 'givenBack'>>();
    if (!found) {
      try {
        await this.homesRefreshes.create({ teamId, at: soonest, claim: id, owedAt: soonest });
        return { at: soonest, from: null, id };
      } catch (err) {
        if (isDuplicateKey(err)) return undefined;
        throw err;
      }
    }
    const last = new Date(found.at);
    // Claimed for later already: asked again for then (coalesced into the entries still owed; a
    // Home that went out sooner meanwhile, for another change, is owed again then, so this
    // pass's change is shown too, still once per gap). The claim is now this caller's too: the
    // one that made it no longer gives it back. Nothing to give back from here (`from` absent).
    if (last.getTime() > now.getTime()) {
      const res = await this.homesRefreshes.updateOne(
        { teamId, at: last },
        { $set: { claim: id, owedAt: last } },
      );
      return res.matchedCount === 1 ? { at: last, id } : undefined;
    }
    const at = new Date(Math.max(soonest.getTime(), last.getTime() + gapMs));
    const res = await this.homesRefreshes.updateOne(
      { teamId, at: last },
      { $set: { at, claim: id, owedAt: at } },
    );
    if (res.modifiedCount !== 1) return undefined;
    return found.givenBack ? { at, from: last, id, retry: true } : { at, from: last, id };
  }

  /**
   * The Homes of a claim of `claimHomesRefresh` written: the document no longer says them owed,
   * while the claim is still its own (a later caller that relied on it says so itself).
   */
  async settleHomesRefresh(teamId: string, claim: HomesClaim): Promise<void> {
    if (!this.homesRefreshes || !claim.id) return;
    await this.homesRefreshes.updateOne(
      { teamId, claim: claim.id },
      { $unset: { owedAt: 1, givenBack: 1 } },
    );
  }

  /**
   * The workspaces whose managers' Homes a claim was made for and never written (`owedAt` past:
   * the write failed and the claim was given back, or the instance stopped before writing),
   * for any instance's delivery pass to ask for again: those owed since `since`, at most `limit`.
   */
  async owedHomesRefreshes(since: Date, now: Date, limit: number): Promise<string[]> {
    if (!this.homesRefreshes) return [];
    // team-scope: every team, the worker's pass (no request's value).
    const docs = await this.homesRefreshes
      .find({ owedAt: trusted({ $gte: since, $lte: now }) }, { teamId: 1 })
      .limit(limit)
      .lean<Pick<HomesRefreshDoc, 'teamId'>[]>();
    return docs.map((d) => d.teamId);
  }

  /**
   * A claim of `claimHomesRefresh` whose Homes could not be written, given back: the document
   * moved back to where the claim found it (to the epoch when the claim created it), still owed
   * from the time claimed (`owedHomesRefreshes`), by a
   * compare-and-set on the claimed `at` and the claim's id, so the next caller claims it again
   * rather than finding the gap taken; marked `givenBack`. A claim that retried one given back
   * (`retry`) keeps its time instead: the next one is a gap on, so a workspace whose Homes keep
   * failing is tried once per gap across instances, not at every pass. Nothing when the claim
   * wrote nothing, or another caller
   * moved it or relied on it since (its claim id is on it then: undone, that caller's refresh
   * would be claimed again within the gap).
   */
  async releaseHomesRefresh(teamId: string, claim: HomesClaim): Promise<void> {
    if (!this.homesRefreshes || claim.from === undefined || !claim.id) return;
    const mine = { teamId, at: claim.at, claim: claim.id };
    // Kept (a claim it created moved back to the epoch, as if none had been made), still owed
    // from the time claimed: any instance's pass past it asks again.
    await this.homesRefreshes.updateOne(mine, {
      $set: {
        ...(claim.retry ? {} : { at: claim.from ?? new Date(0) }),
        owedAt: claim.at,
        givenBack: true,
      },
      $unset: { claim: 1 },
    });
  }

  /**
   * Slack asked the workspace to wait for `method` until `until` on the writer's clock, `waitMs`
   * from now (a 429): kept for every instance (SlackWaitDoc), one document per team and method.
   * The wait that ends last ON THE WRITER'S CLOCK is kept, with its own length: `endOf` says when
   * the stored one ends there (the writer knows the end it holds a wait it read to; one written
   * since it last read, by its length from now; without `endOf`, every stored one so), never by comparing `until`s written on other
   * machines' clocks (revp69 F1). This one when it ends after the stored one (or none is:
   * created), written whole by a compare-and-set on the stored write and its count of writes
   * moved on; else the stored one left as it is, so that a reader that had not read it yet holds
   * its length, not a shorter one written after it (revp67 F1), and one that had read it keeps
   * its end. Two or three commands. The document as it is now, `kept` whether it holds this
   * write's wait (else another's, ending later); nothing without the collection.
   */
  async holdSlack(
    teamId: string,
    method: string,
    until: Date,
    waitMs: number,
    endOf?: (stored: SlackWaitKeptDoc) => number,
  ): Promise<SlackWaitKept | undefined> {
    const waits = this.waits;
    if (!waits) return undefined;
    const projection = { _id: 0, until: 1, holds: 1, waitMs: 1 };
    // Another writer between the read and the write: read again, a few times at most.
    for (let tries = 0; ; tries++) {
      // None stored: created (one ending as late or later, or any: read as it is).
      const create = () =>
        waits
          .findOneAndUpdate(
            { teamId, method },
            { $setOnInsert: { until, waitMs, holds: 1 } },
            { upsert: true, returnDocument: 'after', projection },
          )
          .lean<SlackWaitKeptDoc>();
      const stored = await create().catch((err: unknown) => {
        // Two instances creating the document at once: the other's is there now; read again.
        if (!isDuplicateKey(err)) throw err;
        return create();
      });
      if (!stored) return undefined;
      const mine =
        new Date(stored.until).getTime() === until.getTime() &&
        stored.holds === 1 &&
        stored.waitMs === waitMs;
      if (mine && tries === 0) return { ...stored, kept: true };
      // Without the writer's word: the stored one as if written now (its length from now).
      const end = endOf
        ? endOf(stored)
        : stored.waitMs !== undefined
          ? until.getTime() - waitMs + stored.waitMs
          : new Date(stored.until).getTime();
      if (end >= until.getTime() || tries >= 2) return { ...stored, kept: false };
      const later = await waits
        .findOneAndUpdate(
          {
            teamId,
            method,
            until: stored.until,
            holds: stored.holds ?? trusted({ $exists: false }),
          },
          { $set: { until, waitMs }, $inc: { holds: 1 } },
          { returnDocument: 'after', projection },
        )
        .lean<SlackWaitKeptDoc>();
      if (later) return { ...later, kept: true };
    }
  }

  /**
   * A delivering instance says it is live until `until`, and whether it paced a Slack call lately
   * (SlackWaitDoc: `teamId` empty, `method` `instance:<id>`; its count of beats moved on), read
   * with the waits (`slackWaits`): one upsert. Nothing without the collection.
   */
  async beat(instance: string, until: Date, busy: boolean): Promise<void> {
    await this.upsertWait(
      { teamId: '', method: `${INSTANCE_BEAT}${instance}` },
      { $set: { until, busy }, $inc: { beats: 1 } },
    );
  }

  /** The heartbeat `filter` names, upserted with `update` (`beat`). Nothing without the collection. */
  private async upsertWait(
    filter: Pick<SlackWaitDoc, 'teamId' | 'method'>,
    update: UpdateQuery<SlackWaitDoc>,
  ): Promise<void> {
    const waits = this.waits;
    if (!waits) return;
    const write = () => waits.updateOne(filter, update, { upsert: true });
    try {
      await write();
    } catch (err) {
      // Two instances creating the document at once: the other's is there now; written again.
      if (!isDuplicateKey(err)) throw err;
      await write();
    }
  }

  /** An instance stopping: its heartbeat deleted, so that the others take its share at once. */
  async stopBeating(instance: string): Promise<void> {
    if (!this.waits) return;
    await this.waits.deleteOne({ teamId: '', method: `${INSTANCE_BEAT}${instance}` });
  }

  /** Heartbeats of instances gone (aged out before `before`): deleted (an instance's start). */
  async dropOldBeats(before: Date): Promise<void> {
    if (!this.waits) return;
    await this.waits.deleteMany({ teamId: '', until: trusted({ $lt: before }) });
  }

  /**
   * The waits Slack asked for (`holdSlack`), any instance's, across workspaces, and the
   * instances' heartbeats (`beat`: `teamId` empty), whose `until` is after `after`: what every
   * delivery pass honours, few or none (one per method rate-limited lately, one per instance).
   * The reader judges which waits last and which instances are live by what changed since its
   * last read: written by other clocks, their `until` may be behind the reader's clock.
   */
  async slackWaits(after: Date): Promise<SlackWaitDoc[]> {
    if (!this.waits) return [];
    // team-scope: every team, the worker's pass (no request's value).
    return this.waits
      .find(
        { until: trusted({ $gt: after }) },
        { _id: 0, teamId: 1, method: 1, until: 1, beats: 1, busy: 1, waitMs: 1, holds: 1 },
      )
      .lean<SlackWaitDoc[]>();
  }

  /**
   * Tells the admins that Slack refuses the desk in `channel` for `error`, once: the first time,
   * or again once the channel took a message since they were last told, or `againMs` after that.
   * `tell` writes the DMs (to the outbox) under keys derived from `period`, which names the claim
   * about to be made (`first`, or the `toldAt` it moves on from): every caller of one period
   * writes the same keys (a repeat writes nothing new), and writes them before the claim, so that
   * a process dying in between leaves the DMs written (sent) and the claim to the next refusal,
   * which writes nothing more: never recorded as told without being told. Then the claim: one
   * document per team, channel and reason, moved by a compare-and-set on `toldAt` (created by an
   * insert the unique index lets one instance make). True for the one caller that claimed it.
   */
  async claimRefusalNotice(
    teamId: string,
    channel: string,
    error: string,
    now: Date,
    againMs: number,
    tell: (period: string) => Promise<void>,
  ): Promise<boolean> {
    if (!this.notices) return false;
    const found = await this.notices
      .findOne({ teamId, channel, error }, { toldAt: 1 })
      .lean<Pick<RefusalNoticeDoc, 'toldAt'>>();
    if (!found) {
      await tell('first');
      try {
        await this.notices.create({ teamId, channel, error, toldAt: now });
        return true;
      } catch (err) {
        if (isDuplicateKey(err)) return false;
        throw err;
      }
    }
    const toldAt = new Date(found.toldAt);
    const again =
      now.getTime() - toldAt.getTime() >= againMs ||
      // The channel worked since they were told: this is a new refusal.
      !!(await this.model.exists({
        teamId,
        'result.channel': channel,
        sentAt: trusted({ $gt: toldAt }),
        refused: trusted({ $exists: false }),
      }));
    if (!again) return false;
    await tell(String(toldAt.getTime()));
    const res = await this.notices.updateOne(
      { teamId, channel, error, toldAt },
      { $set: { toldAt: now } },
    );
    return res.modifiedCount === 1;
  }

  /**
   * Writes entries by key in one command (coalesced ones included): a key seen before is left as
   * it is (so an announcement repeated after a crash is sent once), unless it asks for a refresh,
   * which makes it due again. With `hold`, the entries due now (but grouped ones) are written
   * already leased to `hold.owner`, for the writer to deliver at once without reading them back:
   * a new key is held; a refresh is held unless another delivery holds or held it (then it is
   * only made due again). Returns the entries held (as written; a refreshed one's id is unknown, '') and
   * the keys written that are not due now (coalesced, or later): the rest may be due now; and of
   * those, the ones this write created (`created`: new, not coalesced).
   */
  async enqueue(
    teamId: string,
    entries: NewOutboxEntry[],
    now: Date,
    hold?: { owner: string; until: Date },
  ): Promise<{ held: OutboxEntry[]; later: string[]; created: string[] }> {
    const held: OutboxEntry[] = [];
    const later: string[] = [];
    const created: string[] = [];
    if (!entries.length) return { held, later, created };
    const ops: AnyBulkWriteOperation<OutboxDoc>[] = [];
    /** Per op: its entry, and what it writes when it holds the entry. */
    const of: {
      entry: NewOutboxEntry;
      holds?: OutboxEntry;
      coalesced?: true;
      owedIfRefused?: true;
    }[] = [];
    for (const e of entries) {
      if (e.coalesceMs !== undefined) {
        for (const op of coalescedOps(teamId, e, now)) {
          ops.push(op);
          of.push({ entry: e, coalesced: true });
        }
        continue;
      }
      const nextAt = e.notBefore ?? now;
      // A bulk redraw or an edit is the worker's (after everything else due), never its writer's.
      if (
        !hold ||
        e.group ||
        e.bulk ||
        trails(e) ||
        e.withheld ||
        nextAt.getTime() > now.getTime()
      ) {
        unheldOps(teamId, e, now).forEach((op, n) => {
          ops.push(op);
          // A bulk refresh's second operation refused by the unique key: the entry is owed
          // (its first operation made it due again, or another writer did): done.
          of.push(
            e.bulk && e.refresh && n === 1 ? { entry: e, owedIfRefused: true } : { entry: e },
          );
        });
        continue;
      }
      const fixed = fixedFields(e, now);
      const lease = { leaseOwner: hold.owner, leaseUntil: hold.until };
      // A refresh held here gets a revision of its own (unique, increasing), so that its
      // delivery knows it without reading it back; a refresh written meanwhile changes it.
      const rev = e.refresh ? nextSeq(now) : 0;
      const owed = { state: 'pending' as const, nextAt, attempts: 0, rev, ...lease };
      ops.push({
        updateOne: e.refresh
          ? {
              // Only a lease-free entry: one whose lease ended was cut short (its instance
              // died) and may have gone out; written again below as a plain refresh, it is
              // the worker's, which looks in Slack first (the dead owner kept on it).
              filter: { teamId, key: e.key, $or: LEASE_FREE },
              update: {
                $setOnInsert: fixed,
                $set: owed,
                $unset: {
                  bulk: '',
                  ...TRIES_AFRESH,
                  dueAgain: '',
                },
                $addToSet: { heldBy: hold.owner },
              },
              upsert: true,
            }
          : {
              filter: { teamId, key: e.key },
              update: {
                $setOnInsert: { ...fixed, ...owed, heldBy: [hold.owner] },
              },
              upsert: true,
            },
      });
      of.push({
        entry: e,
        holds: { id: '', teamId, key: e.key, ...fixed, ...owed } as OutboxEntry,
      });
    }
    let upserted: Record<number, unknown> = {};
    let failed: { index: number }[] = [];
    try {
      const res = await this.model.bulkWrite(ops, { ordered: false });
      upserted = res.upsertedIds ?? {};
    } catch (err) {
      // Two writers of one new key at once: the loser's duplicate-key error means "written"; a
      // refresh that lost, or that another delivery holds, is written again below as an update.
      if (!onlyDuplicateKeys(err)) throw err;
      failed = (err as { writeErrors: { index: number }[] }).writeErrors;
      upserted =
        (err as { result?: { upsertedIds?: Record<number, unknown> } }).result?.upsertedIds ?? {};
    }
    const refused = new Set(failed.map((w) => w.index));
    const again: NewOutboxEntry[] = [];
    const dueNow = (e: NewOutboxEntry) => (e.notBefore ?? now).getTime() <= now.getTime();
    of.forEach(({ entry, holds, coalesced, owedIfRefused }, i) => {
      if (coalesced || !dueNow(entry)) {
        if (!later.includes(entry.key)) later.push(entry.key);
        // Inserted by this write: its own to take back (OutboxRepository.takeBack).
        if (!coalesced && upserted[i] !== undefined && !created.includes(entry.key))
          created.push(entry.key);
        return;
      }
      if (refused.has(i)) {
        if (entry.refresh && !owedIfRefused && !again.includes(entry)) again.push(entry);
        return;
      }
      const id = upserted[i];
      // A held refresh that matched was made due and held (its id unknown); a held new key
      // that matched was there before: left as it was.
      if (holds && (id !== undefined || entry.refresh))
        held.push({ ...holds, ...(id !== undefined ? { id: String(id) } : {}) });
    });
    if (again.length)
      await this.model.bulkWrite(
        again.flatMap((e) => unheldOps(teamId, e, now)),
        { ordered: false },
      );
    return { held, later, created };
  }

  /**
   * Plain entries (no refresh, not coalesced, not held by a delivery) written only where their
   * key is new: the keys this call wrote. A key there already, or written by another writer at
   * the same moment, is not among them (the unique key decides: safe across instances).
   */
  async enqueueNew(teamId: string, entries: NewOutboxEntry[], now: Date): Promise<string[]> {
    if (!entries.length) return [];
    let upserted: Record<number, unknown> = {};
    try {
      const res = await this.model.bulkWrite(
        entries.map((e) => plainOp(teamId, e, now)),
        { ordered: false },
      );
      upserted = res.upsertedIds ?? {};
    } catch (err) {
      if (!onlyDuplicateKeys(err)) throw err;
      upserted =
        (err as { result?: { upsertedIds?: Record<number, unknown> } }).result?.upsertedIds ?? {};
    }
    return entries.filter((_, i) => upserted[i] !== undefined).map((e) => e.key);
  }

  /**
   * When the soonest pending entry is due, any workspace's; undefined when none is pending. A
   * free entry (or one whose lease ended) is due at its `nextAt`, now or past for one due; a
   * leased one (a delivery in flight, or an instance that died holding it) at its lease end,
   * when another instance may take it over: an idle loop backs off while another sends.
   * One read on the worker's index (`state`, `nextAt`) while the soonest is free; two more
   * (the soonest free entry, the soonest lease end) while it is leased.
   */
  async nextDueAt(now: Date): Promise<Date | undefined> {
    type Due = Pick<OutboxDoc, 'nextAt' | 'leaseUntil'>;
    const held = (d: Due) => d.leaseUntil instanceof Date && d.leaseUntil.getTime() > now.getTime();
    // team-scope: every team, the worker's pass (no request's value).
    const soonest = await this.model
      .findOne({ state: 'pending' }, { _id: 0, nextAt: 1, leaseUntil: 1 })
      .sort({ nextAt: 1 })
      .lean<Due>();
    if (!soonest) return undefined;
    if (!held(soonest)) return soonest.nextAt;
    // team-scope: every team, the worker's pass (no request's value).
    const free = await this.model
      .findOne({ state: 'pending', $or: [...LEASE_FREE, leaseEnded(now)] }, { _id: 0, nextAt: 1 })
      .sort({ nextAt: 1 })
      .lean<Pick<OutboxDoc, 'nextAt'>>();
    if (free && free.nextAt.getTime() <= now.getTime()) return free.nextAt;
    // team-scope: every team, the worker's pass (no request's value).
    const ending = await this.model
      .findOne(
        { state: 'pending', leaseUntil: trusted({ $gt: now }) },
        { _id: 0, nextAt: 1, leaseUntil: 1 },
      )
      .sort({ leaseUntil: 1 })
      .lean<Due>();
    const ends = ending?.leaseUntil
      ? Math.max(ending.leaseUntil.getTime(), ending.nextAt.getTime())
      : soonest.leaseUntil!.getTime();
    return new Date(free ? Math.min(free.nextAt.getTime(), ends) : ends);
  }

  /**
   * Entries due now that nobody holds, oldest first: of one lane (`urgent`: all but the bulk
   * ones; `bulk`: the bulk redraws; `trail`: the edits of old posts, OutboxDoc.trail, those an
   * erasure owes first), or of all.
   */
  async due(now: Date, limit: number, lane?: OutboxLane): Promise<OutboxEntry[]> {
    // The edits lane: an erasure's edits alone while any is due, retention's after them.
    if (lane === 'trail') {
      const first = await this.erasureEditsDue(now, limit);
      if (first.length) return first;
    }
    return this.dueWhere(
      {
        // `trail: null` (absent): one point of the lanes' index, so a bulk page never walks
        // past the edits due before its redraws.
        ...(lane === 'bulk' ? { bulk: true, trail: null } : {}),
        ...(lane === 'trail' ? { bulk: true, trail: true } : {}),
        ...(lane === 'urgent' ? { bulk: trusted({ $ne: true }) } : {}),
      },
      now,
      limit,
    );
  }

  /**
   * The edits an erasure owes that are due now and nobody holds (OutboxDoc.erasure), oldest
   * first: the head of the edits lane, before retention's however many of those wait (their own
   * index, which holds only those).
   */
  private erasureEditsDue(now: Date, limit: number): Promise<OutboxEntry[]> {
    return this.dueWhere({ erasure: true }, now, limit);
  }

  /** Pending entries matching `where`, due now and held by nobody, oldest first. */
  private async dueWhere(
    where: Record<string, unknown>,
    now: Date,
    limit: number,
  ): Promise<OutboxEntry[]> {
    const docs = await this.model
      .find({
        ...where,
        state: 'pending',
        nextAt: trusted({ $lte: now }),
        $or: [...LEASE_FREE, leaseEnded(now)],
      })
      .sort({ nextAt: 1, seq: 1 })
      .limit(limit)
      .lean<OutboxDoc[]>();
    return docs.map(toEntry);
  }

  /**
   * The keys of the messages the outbox posted as `ts` in one of `channels` (a DM's channel as
   * Slack names it, or the person it was posted to), while kept (OUTBOX_KEEP_MS): what a reply in
   * that message's thread answers. The workspace's only.
   */
  async postedAt(teamId: string, channels: string[], ts: string): Promise<string[]> {
    const docs = await this.model
      .find(
        {
          teamId,
          kind: 'message',
          'result.ts': ts,
          'result.channel': trusted({ $in: channels }),
        },
        { key: 1 },
      )
      .lean<Pick<OutboxDoc, 'key'>[]>();
    return docs.map((d) => d.key);
  }

  /**
   * The revisions (`rev`) of these entries as they stand now, by key (one workspace's; one read,
   * the revisions only): what an outbox pass compares the ones it leases later with.
   */
  async revs(teamId: string, keys: string[]): Promise<Map<string, number>> {
    if (!keys.length) return new Map();
    const docs = await this.model
      .find({ teamId, key: trusted({ $in: keys }) }, { _id: 0, key: 1, rev: 1 })
      .lean<Pick<OutboxDoc, 'key' | 'rev'>[]>();
    return new Map(docs.map((d) => [d.key, d.rev]));
  }

  async byKeys(teamId: string, keys: string[]): Promise<OutboxEntry[]> {
    if (!keys.length) return [];
    const docs = await this.model
      .find({ teamId, key: trusted({ $in: keys }) })
      .sort({ seq: 1 })
      .lean<OutboxDoc[]>();
    return docs.map(toEntry);
  }

  /**
   * A hand-over's held notice (`key`) drawn as it goes out, cut short: what it tells of as moved
   * (`toldMoved`), kept on it (its run, going on after, tells of what it moved besides), and its draws
   * counted (`data.draws`, what `noteHandoverToldLate` is written against). Drawn again (a post
   * Slack failed), the last draw's. What its run's end told of by a notice of its own (`toldLate`,
   * written before this draw), if any.
   */
  async noteHandoverTold(
    teamId: string,
    key: string,
    told: { ticketIds: string[]; taskIds: string[]; customerCodes: string[] },
  ): Promise<HandoverIds | undefined> {
    const doc = await this.model
      .findOneAndUpdate(
        { teamId, key },
        { $set: { 'data.toldMoved': told }, $inc: { 'data.draws': 1 } },
        { returnDocument: 'after', projection: { 'data.toldLate': 1 } },
      )
      .lean<{ data?: { toldLate?: HandoverIds } }>();
    return doc?.data?.toldLate ?? undefined;
  }

  /**
   * A hand-over's held notice (`key`) its run, ended after all, has read as drawn `draws` times
   * (none: undefined): what the run tells of by a notice of its own (`toldLate`, none: empty)
   * kept on it, once, and only if it was not drawn again since (then read again). A draw after
   * leaves those out. Whether it was kept.
   */
  async noteHandoverToldLate(
    teamId: string,
    key: string,
    draws: number | undefined,
    toldLate: HandoverIds,
    owed?: { entry: NewOutboxEntry; now: Date },
  ): Promise<boolean> {
    const res = await this.model.updateOne(
      {
        teamId,
        key,
        'data.handoverRun': trusted({ $exists: true }),
        'data.toldLate': trusted({ $exists: false }),
        'data.draws': draws === undefined ? trusted({ $exists: false }) : draws,
      },
      {
        $set: {
          'data.toldLate': toldLate,
          // In the same write: the notice of them is owed until written (`handoverLateWritten`).
          ...(owed ? { lateOwed: owed.entry, lateOwedAt: owed.now } : {}),
        },
      },
    );
    return res.modifiedCount > 0;
  }

  /**
   * Hand-overs' late notices kept as owed (`noteHandoverToldLate`) at `before` or earlier and not
   * said written since (their run's write failing, or the instance stopping), across workspaces,
   * oldest first: the held notice's key, and the entry owed.
   */
  async handoverLateOwed(
    before: Date,
    limit: number,
  ): Promise<{ teamId: string; key: string; owed: NewOutboxEntry }[]> {
    const docs = await this.model
      .find({ lateOwedAt: trusted({ $lte: before }) })
      .sort({ lateOwedAt: 1 })
      .limit(limit)
      .select({ teamId: 1, key: 1, lateOwed: 1 })
      .lean<{ teamId: string; key: string; lateOwed: NewOutboxEntry }[]>();
    return docs.map((d) => ({ teamId: d.teamId, key: d.key, owed: d.lateOwed }));
  }

  /** The late notices owed by these held notices (`keys`) written: no longer owed. */
  async handoverLateWritten(teamId: string, keys: string[]): Promise<void> {
    await this.model.updateMany(
      { teamId, key: trusted({ $in: keys }), lateOwedAt: trusted({ $exists: true }) },
      { $unset: { lateOwed: 1, lateOwedAt: 1 } },
    );
  }

  /**
   * A hand-over's held summary (`key`) that no delivery has taken yet (`settleWaiting`): its run
   * went on to its end, said by it should it go out all the same (its own summary not written).
   * Whether it was marked.
   */
  async noteHandoverRanToEnd(teamId: string, key: string, now: Date): Promise<boolean> {
    const res = await this.model.updateOne(untakenFilter(teamId, key, now), {
      $set: { 'data.ranToEnd': true },
    });
    return res.modifiedCount > 0;
  }

  /** Replies waiting for these parents (cards) to be posted, oldest first. */
  async waitingOn(teamId: string, parentKeys: string[]): Promise<OutboxEntry[]> {
    if (!parentKeys.length) return [];
    const docs = await this.model
      .find({ teamId, state: 'pending', 'thread.parentKey': trusted({ $in: parentKeys }) })
      .sort({ seq: 1 })
      .lean<OutboxDoc[]>();
    return docs.map(toEntry);
  }

  /**
   * Replies still owed written before `seq` that hold back a reply in the thread at `thread` (its
   * channel and ts): those under that ts in that channel, and (at most OWED_PARENTS_MAX) those
   * that name a parent message (its card) rather than a ts, for the caller to tell by their
   * parent's post. Only those tried (failed, waiting their back-off or Slack's word), being sent,
   * or due now hold a thread: one never tried that waits for a later time (quiet hours, a
   * backlog spread out) does not. Oldest first.
   */
  async owedBefore(
    teamId: string,
    seq: number,
    thread: { channel: string; ts: string },
    now: Date,
  ): Promise<OutboxEntry[]> {
    // One command for both (an aggregate's $facet over what they share).
    const here = { to: thread.channel, 'thread.ts': thread.ts };
    const named = { 'thread.parentKey': { $exists: true }, 'thread.ts': { $exists: false } };
    const [result] = await this.model.aggregate<{ here: OutboxDoc[]; named: OutboxDoc[] }>([
      {
        $match: {
          teamId,
          state: 'pending',
          seq: { $lt: seq },
          $and: [
            {
              $or: [
                { attempts: { $gt: 0 } },
                { leaseUntil: { $gt: now } },
                { nextAt: { $lte: now } },
              ],
            },
            { $or: [here, named] },
          ],
        },
      },
      {
        $facet: {
          here: [{ $match: here }, { $sort: { seq: 1 } }],
          named: [{ $match: named }, { $sort: { seq: 1 } }, { $limit: OWED_PARENTS_MAX }],
        },
      },
    ]);
    return [...(result?.here ?? []), ...(result?.named ?? [])]
      .sort((a, b) => a.seq - b.seq)
      .map(toEntry);
  }

  /**
   * A ticket card's thread as a pipeline the ticket's read runs along (a `$lookup` correlated by
   * the ticket's id and its card's channel and ts: read in the same command): owedBefore's
   * question without its `seq` bound (the asker's entries are not written yet) and pinned to this
   * card: the replies under its ts in its channel, and those naming it as their parent (the only
   * parent a reply in this thread can name). Held as owedBefore holds them, as of `now` and up to
   * `horizon` later for one due by then (the answer is taken while at most that old);
   * `cardThreadOf` says what it found, oldest first, at most CARD_THREAD_OWED_MAX.
   */
  cardThreadPipeline(teamId: string, now: Date, horizon: Date): ForeignPipeline {
    return {
      from: this.model.collection.collectionName,
      // A card not posted yet has neither: '' then, which no entry's channel or ts is.
      let: {
        id: '$_id',
        ch: { $ifNull: ['$card.channel', ''] },
        ts: { $ifNull: ['$card.ts', ''] },
      },
      pipeline: [
        {
          $match: {
            teamId,
            state: 'pending',
            $or: [
              { attempts: { $gt: 0 } },
              { leaseUntil: { $gt: now } },
              { nextAt: { $lte: horizon } },
            ],
            $expr: {
              $or: [
                { $and: [{ $eq: ['$to', '$$ch'] }, { $eq: ['$thread.ts', '$$ts'] }] },
                {
                  $eq: [
                    '$thread.parentKey',
                    { $concat: [cardKey({ id: '' }), { $toString: '$$id' }] },
                  ],
                },
              ],
            },
          },
        },
        { $sort: { seq: 1 } },
        { $limit: CARD_THREAD_OWED_MAX + 1 },
        {
          $project: {
            teamId: 1,
            key: 1,
            kind: 1,
            state: 1,
            seq: 1,
            to: 1,
            thread: 1,
            nextAt: 1,
            leaseUntil: 1,
            attempts: 1,
          },
        },
      ],
    };
  }

  /** What `cardThreadPipeline` found (its raw documents); null when more than it takes. */
  cardThreadOf(docs: unknown[]): OutboxEntry[] | null {
    if (docs.length > CARD_THREAD_OWED_MAX) return null;
    return (docs as OutboxDoc[]).map(toEntry).sort((a, b) => a.seq - b.seq);
  }

  /**
   * Takes the right to deliver these entries until `until` (two commands for any number): the
   * ones another instance holds, that went out meanwhile, or whose `nextAt` moved since they were
   * read, are not returned: another instance that read one due too, and tried and failed it
   * first, set its next try ahead; taken again on the earlier read, it would be tried (and a
   * failure counted) twice for one due time (revoutage F2: given up within 100 minutes of an
   * outage with two instances).
   */
  async lease(
    entries: Pick<OutboxEntry, 'id' | 'nextAt'>[],
    owner: string,
    now: Date,
    until: Date,
  ): Promise<OutboxEntry[]> {
    const ids = entries.map((e) => e.id);
    if (entries.length === 1) {
      // One entry (most deliveries a request makes): one command.
      const doc = await this.model
        .findOneAndUpdate(
          {
            _id: ids[0],
            state: 'pending',
            nextAt: entries[0]!.nextAt,
            $or: [...LEASE_FREE, leaseEnded(now)],
          },
          leasedTo(owner, until),
          { returnDocument: 'after' },
        )
        .lean<OutboxDoc>();
      return doc ? [toEntry(doc)] : [];
    }
    await this.model.updateMany(
      {
        _id: trusted({ $in: ids }),
        state: 'pending',
        $and: [
          { $or: entries.map((e) => ({ _id: e.id, nextAt: e.nextAt })) },
          { $or: [...LEASE_FREE, leaseEnded(now)] },
        ],
      },
      leasedTo(owner, until),
    );
    const docs = await this.model
      .find({ _id: trusted({ $in: ids }), leaseOwner: owner, leaseUntil: until, state: 'pending' })
      .sort({ seq: 1 })
      .lean<OutboxDoc[]>();
    return docs.map(toEntry);
  }

  /**
   * Takes every entry of a group due now that nobody holds (all of an owner's alerts, whatever
   * page of due entries they were found on): one message says them all.
   */
  async leaseGroup(
    teamId: string,
    group: string,
    owner: string,
    now: Date,
    until: Date,
  ): Promise<OutboxEntry[]> {
    await this.model.updateMany(
      {
        teamId,
        group,
        state: 'pending',
        nextAt: trusted({ $lte: now }),
        $or: [...LEASE_FREE, leaseEnded(now)],
      },
      leasedTo(owner, until),
    );
    const docs = await this.model
      .find({ teamId, group, leaseOwner: owner, leaseUntil: until, state: 'pending' })
      .sort({ seq: 1 })
      .lean<OutboxDoc[]>();
    return docs.map(toEntry);
  }

  /**
   * Slack took them. An entry refreshed while it was out (its `rev` moved) stays due, with where
   * it went, so the next delivery updates that message.
   */
  async sent(
    entries: Held[],
    owner: string,
    now: Date,
    result?: { channel: string; ts: string },
  ): Promise<void> {
    await this.sentEach(
      entries.map((entry) => ({ entry, ...(result ? { result } : {}) })),
      owner,
      now,
    );
  }

  /**
   * As `sent`, for entries of several deliveries at once, each with where it went. A repair's DM
   * still stamped (NewOutboxEntry.drawnFrom: one its delivery found unchanged, or found in Slack)
   * loses its stamp: settled, nothing reads it again (a stamp means a DM still owed, unchecked).
   */
  async sentEach(
    marks: { entry: Held; result?: { channel: string; ts: string }; refused?: string }[],
    owner: string,
    now: Date,
  ): Promise<void> {
    if (!marks.length) return;
    // Where it went is recorded: nobody need look for it in Slack again.
    const unlease = { leaseOwner: '', leaseUntil: '', heldBy: '' } as const;
    const marked = await this.model.bulkWrite(
      marks.map(({ entry: e, result, refused }) => ({
        updateOne: {
          filter: { ...whereEntries([e]), leaseOwner: owner, rev: e.rev },
          update: {
            $set: {
              state: 'sent',
              sentAt: now,
              ...(result ? { result } : {}),
              ...(refused ? { refused } : {}),
            },
            $unset: { ...unlease, revived: '', drawnFrom: '' },
          },
        },
      })),
      { ordered: false },
    );
    await this.forget(
      marks.map((m) => m.entry),
      'sent',
    );
    if (marked.modifiedCount === marks.length) return;
    // Refreshed meanwhile: keep where it went, let it go out again.
    await this.model.bulkWrite(
      marks.map(({ entry: e, result }) => ({
        updateMany: {
          filter: { ...whereEntries([e]), leaseOwner: owner, state: 'pending' },
          update: { ...(result ? { $set: { result } } : {}), $unset: unlease },
        },
      })),
      { ordered: false },
    );
  }

  /**
   * The self-deleting entries among `entries` (FORGET_PREFIX) that are now `state` (delivered,
   * given up, dropped): deleted, so that nothing of whom they went to is kept. None, no command.
   * Cut before it (the process stopped), `purge` deletes them.
   */
  private async forget(entries: Held[], state: 'sent' | 'dead' | 'dropped'): Promise<void> {
    const mine = entries.filter((e) => forgets(e.key));
    if (!mine.length) return;
    await this.model.deleteMany({ ...whereEntries(mine), state });
  }

  /**
   * What deliveries say about their channels, kept past the entries' purge: a channel refused
   * while the message went to its fallback is recorded (ChannelRefusalDoc), for the admins' Home
   * until a message reaches it. A channel a message reached costs nothing here: its sent entry
   * says so (unreachableChannels reads it; purge folds it into the record first). One command
   * for any number of refusals, none without.
   */
  async noteChannels(
    marks: { entry: Held & { to?: string }; refused?: string }[],
    now: Date,
  ): Promise<void> {
    const refused = marks.filter((m) => m.refused);
    if (!refused.length) return;
    const refusals: { teamId: string; channel: string; error: string }[] = [];
    for (const { entry, refused: error } of refused) {
      // The delivery knows where the entry was to go; one marked by key only is read back.
      const channel =
        entry.to ??
        (
          await this.model
            .findOne({ teamId: entry.teamId, key: entry.key }, { to: 1 })
            .lean<Pick<OutboxDoc, 'to'>>()
        )?.to;
      if (channel) refusals.push({ teamId: entry.teamId, channel, error: error! });
    }
    await this.recordRefusals(refusals, now);
  }

  /**
   * Records that Slack refused the desk in these channels at `now`: a record only moves forward,
   * so a refusal older than what is recorded (another instance's, written late) changes nothing.
   */
  async recordRefusals(
    refusals: { teamId: string; channel: string; error: string }[],
    now: Date,
  ): Promise<void> {
    if (!refusals.length) return;
    await this.upsertRefusals(
      refusals.map(({ teamId, channel, error }) => ({
        updateOne: {
          filter: { teamId, channel },
          update: { $max: { refusedAt: now }, $set: { error, open: true } },
          upsert: true,
        },
      })),
    );
  }

  /**
   * Slack still could not say at `now` whether `channel` is shared (a requester's notice's last
   * try): kept on the channel's record (`undescribedAt`, only moving forward), created not open
   * (no refusal) where there is none.
   */
  async noteUndescribed(teamId: string, channel: string, now: Date): Promise<void> {
    await this.upsertRefusals([
      {
        updateOne: {
          filter: { teamId, channel },
          update: { $max: { undescribedAt: now }, $setOnInsert: { open: false } },
          upsert: true,
        },
      },
    ]);
  }

  /** When Slack last could not say whether `channel` is shared (`noteUndescribed`), if ever. */
  async undescribedAt(teamId: string, channel: string): Promise<Date | undefined> {
    const doc = await this.refusals
      .findOne({ teamId, channel }, { undescribedAt: 1 })
      .lean<Pick<ChannelRefusalDoc, 'undescribedAt'>>();
    return doc?.undescribedAt ?? undefined;
  }

  /**
   * Writes channels' records, creating those not there. Two instances creating one channel's
   * record at once: the loser's upsert meets the unique index; once more, it updates the one
   * written.
   */
  private async upsertRefusals(ops: AnyBulkWriteOperation<ChannelRefusalDoc>[]): Promise<void> {
    await this.refusals.bulkWrite(ops, { ordered: false }).catch((err: unknown) => {
      if (!onlyDuplicateKeys(err)) throw err;
      return this.refusals.bulkWrite(ops, { ordered: false });
    });
  }

  /** When a message last reached each of these channels, as the outbox's entries still say. */
  private async lastReached(
    teamId: string,
    channels: string[],
    since: Date,
  ): Promise<Map<string, number>> {
    const rows = await this.model.aggregate<{ _id: string; at: Date }>([
      {
        $match: {
          teamId,
          'result.channel': { $in: channels },
          sentAt: { $gt: since },
          refused: { $exists: false },
        },
      },
      { $group: { _id: '$result.channel', at: { $max: '$sentAt' } } },
    ]);
    return new Map(rows.map((r) => [r._id, new Date(r.at).getTime()]));
  }

  /**
   * Slack answers the workspace again (a delivery went out whose entries Slack had failed on as a
   * whole): its entries waiting out a back-off that Slack failing set (`lastTransient`) are due
   * now, not up to 30 minutes on. Ticket cards and SLA alerts (`URGENT_KINDS`) a second before
   * the rest, so that the pass, which takes what is due by `nextAt` then `seq`, sends them before
   * DMs and Homes; a thread keeps its order (a line waits for the earlier ones of its thread as
   * always). One command (two updates), each entry written on its own; idempotent (an instance
   * doing it again finds them due already). How many.
   */
  async dueAfterSlackFailed(teamId: string, now: Date): Promise<number> {
    const held = {
      state: 'pending' as const,
      lastTransient: true,
      nextAt: trusted({ $gt: now }),
    };
    const urgent = [...URGENT_KINDS];
    const res = await this.model.bulkWrite(
      [
        {
          updateMany: {
            filter: { teamId, ...held, kind: trusted({ $in: urgent }) },
            update: { $set: { nextAt: new Date(now.getTime() - 1_000) } },
          },
        },
        {
          updateMany: {
            filter: { teamId, ...held, kind: trusted({ $nin: urgent }) },
            update: { $set: { nextAt: now } },
          },
        },
      ],
      { ordered: false },
    );
    return res.modifiedCount;
  }

  /** Holds them longer, if this delivery still holds them: false when another took them over. */
  async renew(entries: Held[], owner: string, until: Date): Promise<boolean> {
    const res = await this.model.updateMany(
      { ...whereEntries(entries), leaseOwner: owner, state: 'pending' },
      { $set: { leaseUntil: until } },
    );
    return res.matchedCount > 0;
  }

  /** Records where a message went before the rest of its delivery (a digest's chart). */
  async progress(id: string, owner: string, result: { channel: string; ts: string }) {
    await this.model.updateOne({ _id: id, leaseOwner: owner }, { $set: { result } });
  }

  /**
   * Slack did not take them: due again at `retryAt`. A failure that counts (not a rate limit)
   * adds an attempt; at `maxAttempts` the entry is given up (dead) for an admin to see: of the
   * tries Slack refused or that failed for this message (`refusedTries`), or with `transient`
   * (Slack failing as a whole) of those (`transientAttempts`), each kind counted apart. With
   * `unsent` (Slack answered no, and this delivery posted nothing), the next delivery need not
   * look for this one's post; otherwise (a timeout: Slack may have taken it) it does. A coalesced
   * entry written again during this try (a change's Home refresh) is due when that change asked,
   * if sooner than `retryAt` (but after a rate limit: Slack's wait stands).
   */
  async failed(
    entries: Held[],
    owner: string,
    failure: {
      error: string;
      retryAt: Date;
      counts: boolean;
      maxAttempts: number;
      unsent: boolean;
      /** Failed because Slack could not describe the channel: counted in `unaskedTries` too. */
      unasked?: boolean;
      /** Slack failing as a whole (a 5xx, no answer): counted in `transientAttempts` too. */
      transient?: boolean;
      /**
       * Slack's wait (a 429): due at `retryAt` or, if later, when the entry was due already (a
       * back-off of its own still running, one taken before its time): never sooner.
       */
      notSooner?: boolean;
    },
  ): Promise<number> {
    const transient = failure.counts && !!failure.transient;
    await this.model.updateMany(
      { ...whereEntries(entries), leaseOwner: owner },
      {
        $set: {
          lastError: failure.error,
          ...(failure.notSooner ? {} : { nextAt: failure.retryAt }),
          ...(transient ? { lastTransient: true } : {}),
        },
        ...(failure.notSooner ? { $max: { nextAt: failure.retryAt } } : {}),
        $unset: {
          leaseOwner: '',
          leaseUntil: '',
          // A refusal counted since: its last failure no longer Slack's (a rate limit leaves it).
          ...(failure.counts && !transient ? { lastTransient: '' } : {}),
        },
        ...(failure.unsent ? { $pull: { heldBy: owner } } : {}),
        ...(failure.counts
          ? {
              $inc: {
                attempts: 1,
                ...(failure.unasked ? { unaskedTries: 1 } : {}),
                ...(transient ? { transientAttempts: 1 } : {}),
              },
            }
          : {}),
      },
    );
    if (!failure.counts) return 0;
    await this.dueWhenAskedAgain(entries);
    const res = await this.model.updateMany(
      {
        ...whereEntries(entries),
        state: 'pending',
        // Of Slack failing as a whole (never more than `attempts`: a count left from before
        // the entry was owed afresh does not give it up), or refusedTries: the others.
        $expr: trusted({
          $gte: [
            transient
              ? { $min: [{ $ifNull: ['$transientAttempts', 0] }, '$attempts'] }
              : {
                  $subtract: [
                    '$attempts',
                    { $min: [{ $ifNull: ['$transientAttempts', 0] }, '$attempts'] },
                  ],
                },
            failure.maxAttempts,
          ],
        }),
        // Written again during this try (a change's refresh bumped its `rev`): that change is
        // not given up with it; it stays owed for one more try (`maxAttempts` 0, given up now, is
        // final). A change after a give-up makes it owed again (coalescedOps, the refreshes).
        ...(failure.maxAttempts > 0
          ? { $or: entries.map((e) => ({ ...whereEntries([e]), rev: e.rev })) }
          : {}),
      },
      { $set: { state: 'dead' } },
    );
    if (res.modifiedCount) await this.forget(entries, 'dead');
    return res.modifiedCount;
  }

  /**
   * Entries just failed (lease-free, still owed) that a coalesced write asked for again since they
   * were leased (`dueAgain`, cleared by the lease): due no later than it asked. One read, and a
   * write only for those (few: a change during a failing try).
   */
  private async dueWhenAskedAgain(entries: Held[]): Promise<void> {
    const docs = await this.model
      .find(
        {
          ...whereEntries(entries),
          state: 'pending',
          dueAgain: trusted({ $exists: true }),
          $or: LEASE_FREE,
        },
        { teamId: 1, dueAgain: 1 },
      )
      .lean<Pick<OutboxDoc, '_id' | 'teamId' | 'dueAgain'>[]>();
    if (!docs.length) return;
    await this.model.bulkWrite(
      docs.map((d) => ({
        updateOne: {
          filter: { _id: d._id, teamId: d.teamId, state: 'pending' },
          update: { $min: { nextAt: d.dueAgain } },
        },
      })),
      { ordered: false },
    );
  }

  /**
   * Messages given up (`parentKeys`) that replies were waiting on: the replies still owed that
   * nobody is delivering are given up with them (`error`), to go again with them on a Send again.
   * `transient`: the parents were given up because Slack itself kept failing (their
   * `lastTransient`), which the replies take too: the managers' Home counts them with their
   * parents' reason (nothing to fix), not as refused. A parent sent again meanwhile (a Send again
   * between its give-up and this) takes its replies back with it (`orphansBack`). Returns how
   * many stay given up.
   */
  async giveUpReplies(
    teamId: string,
    parentKeys: string[],
    error: string,
    now: Date,
    transient = false,
  ): Promise<number> {
    if (!parentKeys.length) return 0;
    const res = await this.model.updateMany(
      {
        teamId,
        state: 'pending',
        'thread.parentKey': trusted({ $in: parentKeys }),
        $or: [...LEASE_FREE, leaseEnded(now)],
      },
      transient
        ? { $set: { state: 'dead', lastError: error, nextAt: now, lastTransient: true } }
        : { $set: { state: 'dead', lastError: error, nextAt: now }, $unset: { lastTransient: '' } },
    );
    if (!res.modifiedCount) return 0;
    const back = await this.orphansBack(teamId, parentKeys, error, now);
    return Math.max(0, res.modifiedCount - back);
  }

  /**
   * Replies given up with their parent (`error`) whose parent is owed again or went out: owed
   * again too, to go under it. Called after a reply's give-up is written, it reads the parents
   * then: a Send again (which revives every entry given up) made before this read is seen here,
   * one made after it revives the replies itself, so the card and its thread both go whenever
   * it lands. No transaction: each write is one document's. Returns how many.
   */
  async orphansBack(
    teamId: string,
    parentKeys: string[],
    error: string,
    now: Date,
  ): Promise<number> {
    if (!parentKeys.length) return 0;
    const live = await this.model
      .find(
        {
          teamId,
          key: trusted({ $in: parentKeys }),
          $or: [{ state: 'pending' }, { state: 'sent', 'result.ts': trusted({ $exists: true }) }],
        },
        { key: 1 },
      )
      .lean<{ key: string }[]>();
    if (!live.length) return 0;
    const res = await this.model.updateMany(
      {
        teamId,
        // Dropped too: a reply whose parent read as never to be posted (PARENT_NEVER_POSTED).
        state: trusted({ $in: ['dead', 'dropped'] }),
        lastError: error,
        'thread.parentKey': trusted({ $in: live.map((p) => p.key) }),
      },
      {
        $set: { state: 'pending', attempts: 0, nextAt: now, revived: true },
        $unset: { ...TRIES_AFRESH },
      },
    );
    return res.modifiedCount;
  }

  /** A workspace no longer served: what it was owed is dropped, never sent (kept, with why). */
  async dropPending(teamId: string, reason: string): Promise<number> {
    const res = await this.model.updateMany(
      { teamId, state: 'pending' },
      { $set: { state: 'dropped', lastError: reason }, $unset: { leaseOwner: '', leaseUntil: '' } },
    );
    return res.modifiedCount;
  }

  /**
   * The edits of tickets' posts (`message.edit`) still owed in `channel` of a workspace, once
   * Slack refused one there for the channel itself, in one write, so that each costs no try of its
   * own: `dead` (the app not in it, archived: an admin can fix that), given up with why (`reason`,
   * Slack's answer) as of `now`, for the managers' *Send them again* (`revive`) once it is fixed;
   * `dropped` (the channel gone), never sent. The refused one (`held`, leased by `owner`) goes
   * with them; another a delivery holds now (leased, its lease not over) is left to it. How many.
   */
  async settleChannelEdits(
    teamId: string,
    channel: string,
    to: { state: 'dead' | 'dropped'; reason: string },
    now: Date,
    held: { entries: Held[]; owner: string },
  ): Promise<number> {
    const res = await this.model.updateMany(
      {
        teamId,
        state: 'pending',
        kind: 'message.edit',
        to: channel,
        $or: [
          ...LEASE_FREE,
          leaseEnded(now),
          { ...whereEntries(held.entries), leaseOwner: held.owner },
        ],
      },
      {
        $set: {
          state: to.state,
          lastError: to.reason,
          ...(to.state === 'dead' ? { nextAt: now } : {}),
        },
        $unset: { leaseOwner: '', leaseUntil: '' },
      },
    );
    return res.modifiedCount;
  }

  /**
   * An entry written to wait (`notBefore`: a hand-over's notices, held while it runs) that no
   * delivery has taken yet: still owed, never drawn, no live lease at `now` (due or not: its hold
   * over, no delivery took it yet; one drawn, its post failed, awaits its retry: `untakenFilter`).
   * Made due now with `data` (what it is to say after all), or dropped (`dropped`: why); whether
   * it was. Not so (drawn, sent, being sent, never written), nothing changes. One single-document
   * update. A hand-over's run its held data named (`data.handoverRun`, what it set out to move)
   * is kept, as `settledRun`, in the same write: a later run still, to an earlier one cut short
   * whose held notices it could not trim (`laterHandoverRuns`). (Its data is only that run:
   * `data`'s fields take its place.)
   */
  async settleWaiting(
    teamId: string,
    key: string,
    now: Date,
    to: { data: Record<string, unknown> } | { dropped: string },
  ): Promise<boolean> {
    const fields = (data: Record<string, unknown>) =>
      Object.fromEntries(Object.entries(data).map(([k, v]) => [`data.${k}`, v]));
    const res = await this.model.updateOne(
      untakenFilter(teamId, key, now),
      'data' in to
        ? {
            $set: { ...fields(to.data), nextAt: now },
            $rename: { 'data.handoverRun': 'settledRun' },
          }
        : { $set: { state: 'dropped', lastError: to.dropped } },
    );
    return res.modifiedCount > 0;
  }

  /**
   * A hand-over from `from` to `to` run to its end: the held notices of other runs between the
   * same two (`except`: its own keys) that no delivery has taken yet (`settleWaiting`) no longer
   * name what it moved (`moved`), so that an earlier run cut short, drawn when its hold is over,
   * tells only what it moved itself. Written again, it changes nothing.
   */
  async trimWaitingHandovers(
    teamId: string,
    people: { from: string; to: string },
    except: string[],
    moved: { ticketIds: string[]; taskIds: string[]; customerCodes: string[] },
    now: Date,
  ): Promise<void> {
    await this.model.updateMany(otherRunsWaiting(teamId, people, except, now), {
      $pull: runLists(moved, '$in'),
    });
  }

  /**
   * A hand-over going on reads on past what it could not move: its own held notices (`keys`)
   * that no delivery has taken yet (`settleWaiting`) name these records too, before it moves
   * any of them. How many of `keys` do: fewer, one went out (or is going out) already, drawn
   * without them.
   */
  async addToWaitingHandover(
    teamId: string,
    keys: string[],
    now: Date,
    more: { ticketIds: string[]; taskIds: string[]; customerCodes: string[] },
  ): Promise<number> {
    const res = await this.model.updateMany(waitingFilter(teamId, keys, now), {
      $push: runLists(more, '$each'),
    });
    return res.modifiedCount;
  }

  /**
   * A hand-over going on found these records moved already, not by itself (another run between
   * the same two, after it read them): its own held notices (`keys`) that no delivery has taken
   * yet no longer name them, so that, cut short, it does not tell of them (the run that moved
   * them does). Written again, it changes nothing.
   */
  async dropFromWaitingHandover(
    teamId: string,
    keys: string[],
    now: Date,
    moved: { ticketIds: string[]; taskIds: string[]; customerCodes: string[] },
  ): Promise<void> {
    await this.model.updateMany(waitingFilter(teamId, keys, now), {
      $pull: runLists(moved, '$in'),
    });
  }

  /**
   * A hand-over from `from` to `to` going on: the held notices of other runs between the same two
   * (`except`: its own keys) that no delivery has taken yet wait at least until `until`, so that
   * an earlier run cut short is not drawn (naming what this one moves) before this one trims them
   * at its end (`trimWaitingHandovers`). Never brought forward.
   */
  async keepWaitingHandovers(
    teamId: string,
    people: { from: string; to: string },
    except: string[],
    now: Date,
    until: Date,
  ): Promise<void> {
    await this.model.updateMany(otherRunsWaiting(teamId, people, except, now), {
      $max: { nextAt: until },
    });
  }

  /**
   * The hand-over runs between `from` and `to` whose held notices (summaries, or the receivers'
   * DMs) were written after `seq` and are not dropped, whatever else their state: what each set
   * out to move (as its notice names it now, or named it when the run's own DM or summary took
   * its place: `settleWaiting`).
   */
  async laterHandoverRuns(
    teamId: string,
    people: { from: string; to: string },
    seq: number,
    summary: boolean,
  ): Promise<HandoverRun[]> {
    const run = (at: string) => ({
      [`${at}.from`]: people.from,
      [`${at}.to`]: people.to,
      [`${at}.summary`]: summary ? true : trusted({ $ne: true }),
    });
    const docs = await this.model
      .find({
        teamId,
        kind: 'message',
        seq: trusted({ $gt: seq }),
        state: trusted({ $ne: 'dropped' }),
        $or: [run('data.handoverRun'), run('settledRun')],
      })
      .select({ 'data.handoverRun': 1, settledRun: 1 })
      .lean<{ data?: { handoverRun?: HandoverRun }; settledRun?: HandoverRun }[]>();
    return docs.flatMap((d) => d.data?.handoverRun ?? d.settledRun ?? []);
  }

  /**
   * Entries written to wait that no delivery has taken yet (`settleWaiting`): due at `until`.
   * How many of `keys` were.
   */
  async keepWaiting(teamId: string, keys: string[], now: Date, until: Date): Promise<number> {
    const res = await this.model.updateMany(waitingFilter(teamId, keys, now), {
      $set: { nextAt: until },
    });
    return res.modifiedCount;
  }

  /**
   * A channel the desk may no longer use (OutboxService.channelLeft): the entries still owed
   * there dropped with `reason` (`all`: every one but the cards, which go to the triage channel
   * as it is when they go, and the replies waiting for a card not out yet, which follow it;
   * `desk`: those of them the desk wrote for itself, not the requester's notices (`requester:`
   * keys: a customer's channel); else only the replies under the cards that were there,
   * `cardTs`). First the cards' entries forget that they were posted there (a refresh posts a
   * new card), then the desk's lines owed under a card there whose entry said it went there
   * (`result`) follow that card instead (`thread.parentKey`, addressed to `triage`: the triage
   * channel, or a stand-in while there is none): they go in the new card's thread, once it is
   * posted, in the order they were written (same entries: a delivery holding one marks it as
   * usual, none is written twice). Never the other way round: a line following its card while
   * the card's entry still said it was there would go there. Cut short between the two, the
   * lines not re-addressed are never posted there, and follow their card when this runs again
   * (the cards' entries keep the place they left: `left`).
   * `requesterFrom`, with `all`: the requester's notices are not dropped but due no sooner than
   * then (when every instance's settings list the channel: the worker's `barredChannel` then
   * sends each to the requester's DM, or drops it). How many were dropped.
   */
  async channelLeft(
    teamId: string,
    channel: string,
    cardTs: string[],
    all: boolean | 'desk',
    reason: string,
    requesterFrom?: Date,
    triage = 'triage',
  ): Promise<number> {
    await this.linesFollowCards(teamId, channel, triage);
    const readdress = all === true && requesterFrom ? requesterFrom : undefined;
    if (readdress)
      await this.model.updateMany(
        {
          teamId,
          state: 'pending',
          to: channel,
          key: trusted(/^requester:/),
          nextAt: trusted({ $lt: readdress }),
        },
        { $set: { nextAt: readdress } },
      );
    const owed = all
      ? {
          kind: trusted({ $ne: 'ticket.card' as const }),
          $or: [
            { 'thread.parentKey': trusted({ $exists: false }) },
            { 'thread.ts': trusted({ $exists: true }) },
          ],
          ...(all === 'desk' || readdress ? { key: trusted({ $not: /^requester:/ }) } : {}),
        }
      : { 'thread.ts': trusted({ $in: cardTs }) };
    const dropped =
      all || cardTs.length
        ? await this.model.updateMany(
            { teamId, state: 'pending', to: channel, ...owed },
            {
              $set: { state: 'dropped', lastError: reason },
              $unset: { leaseOwner: '', leaseUntil: '' },
            },
          )
        : undefined;
    return dropped?.modifiedCount ?? 0;
  }

  /**
   * The desk's lines still owed under the ticket cards in `channel` (a thread line, an SLA
   * alert's; not a requester's notice) re-addressed to follow their card (`channelLeft`): named
   * by its entry's key, not by the old message's ts, and addressed to `triage`; the cards'
   * entries forget their place before, keeping it among the places they left (`left`), so that a
   * run cut short after it (a failure, a crash), or another instance's delivery in between, still
   * finds each line's card: run again (`leaveChannel` does while a card names the channel), it
   * re-addresses the lines then. Two reads, one write only when a card's entry still says it is
   * there, and one more only when some lines are owed.
   */
  private async linesFollowCards(teamId: string, channel: string, triage: string): Promise<void> {
    const cards = await this.model
      .find(
        {
          teamId,
          kind: 'ticket.card',
          $or: [{ 'result.channel': channel }, { 'left.channel': channel }],
        },
        { key: 1, result: 1, left: 1 },
      )
      .lean<Pick<OutboxDoc, 'key' | 'result' | 'left'>[]>();
    const cardAt = new Map(
      cards.flatMap((c) =>
        [...(c.result ? [c.result] : []), ...placesLeft(c.left)].flatMap((at) =>
          at.channel === channel && at.ts ? [[at.ts, c.key] as const] : [],
        ),
      ),
    );
    // The cards forget their old place first: a line re-addressed to follow its card is never
    // sent where the card was (`threadOf` answers the card's place). They keep it among the
    // places they left (`left`, every one: a card that left a channel, was posted anew and left
    // that one too still names the first, for a line owed there not moved yet): cut short
    // between the two writes, the lines still addressed there are matched to their card by it
    // (OutboxWorker.followCard, `cardAt`) and follow it when this runs again; never posted there
    // (their channel is barred, and `threadOf` never answers a barred place). One write per card
    // (each keeps its own place), each only while its entry still says it is there as read: a
    // card posted there since is forgotten as the channel is left again (its next update, or a
    // line owed under it, leaves it).
    const forget = cards.flatMap((c) => {
      if (c.result?.channel !== channel || !c.result.ts) return [];
      const place = { channel, ts: c.result.ts };
      const old = c.left && !Array.isArray(c.left) ? c.left : undefined;
      return [
        {
          updateOne: {
            filter: {
              teamId,
              kind: 'ticket.card' as const,
              key: c.key,
              'result.channel': channel,
              'result.ts': place.ts,
            },
            update: {
              $unset: { result: '' as const },
              // An entry written before (a single place): both kept.
              ...(old ? { $set: { left: [old, place] } } : { $addToSet: { left: place } }),
            },
          },
        },
      ];
    });
    if (forget.length) await this.model.bulkWrite(forget, { ordered: false });
    if (!cardAt.size) return;
    const under = {
      teamId,
      state: 'pending' as const,
      to: channel,
      kind: trusted({ $ne: 'ticket.card' as const }),
      key: trusted({ $not: /^requester:/ }),
    };
    const owed = await this.model
      .find({ ...under, 'thread.ts': trusted({ $in: [...cardAt.keys()] }) }, { 'thread.ts': 1 })
      .lean<Pick<OutboxDoc, 'thread'>[]>();
    const threads = [...new Set(owed.flatMap((e) => (e.thread?.ts ? [e.thread.ts] : [])))];
    if (!threads.length) return;
    await this.model.bulkWrite(
      threads.map((ts) => ({
        updateMany: {
          filter: { ...under, teamId, 'thread.ts': ts },
          update: { $set: { to: triage, thread: { parentKey: cardAt.get(ts)! } } },
        },
      })),
      { ordered: false },
    );
  }

  /**
   * Whether a ticket's card entry says its card went to `channel` at one of `ts`, or was there
   * before the desk left the channel (`left`) (one read).
   */
  async cardAt(teamId: string, channel: string, ts: string[]): Promise<boolean> {
    // `left` is a list of places (a single one in an entry written before a card could leave
    // more than one channel): matched on both fields here, and on the same place below.
    const found = await this.model
      .find(
        {
          teamId,
          kind: 'ticket.card',
          $or: [
            { 'result.channel': channel, 'result.ts': trusted({ $in: ts }) },
            { 'left.channel': channel, 'left.ts': trusted({ $in: ts }) },
          ],
        },
        { _id: 0, result: 1, left: 1 },
      )
      .lean<Pick<OutboxDoc, 'result' | 'left'>[]>();
    return found.some((c) =>
      [...(c.result ? [c.result] : []), ...placesLeft(c.left)].some(
        (at) => at.channel === channel && ts.includes(at.ts),
      ),
    );
  }

  /**
   * Whether a ticket's card entry names `channel`: its card there, or there when the desk left
   * the channel (`left`): lines owed under it there may still have to follow it (one read).
   */
  async cardNames(teamId: string, channel: string): Promise<boolean> {
    const found = await this.model
      .findOne(
        {
          teamId,
          kind: 'ticket.card',
          $or: [{ 'result.channel': channel }, { 'left.channel': channel }],
        },
        { _id: 1 },
      )
      .lean();
    return found !== null;
  }

  /**
   * Whether a message the desk wrote for itself (not a card, not a requester's notice) is still
   * owed to `channel` (OutboxService.owesDeskMessage).
   */
  async owesDeskMessage(teamId: string, channel: string): Promise<boolean> {
    const found = await this.model
      .findOne({
        teamId,
        state: 'pending',
        to: channel,
        kind: trusted({ $ne: 'ticket.card' as const }),
        key: trusted({ $not: /^requester:/ }),
      })
      .select({ _id: 1 })
      .lean();
    return found !== null;
  }

  /**
   * What these tickets still owe `userId` by DM, whom Slack will not deliver to or the desk took
   * off their followers (a person of another organisation), `as` what: their requester's notices
   * (`requester:<ticket id>:…`), or as a follower (their steps,
   * `requester:<ticket id>:event:<seq>:f:<user>`, and the DM saying they follow,
   * `follower:<ticket id>:<user>:add:<n>`). Dropped with why (`reason`), never sent, in one write.
   * Only entries to `userId`. One a delivery holds now (leased, its lease not over) is left to it.
   * How many.
   */
  async dropTicketDms(
    teamId: string,
    ticketIds: readonly string[],
    userId: string,
    as: 'requester' | 'follower',
    reason: string,
    now: Date,
  ): Promise<number> {
    const prefixes = as === 'requester' ? ['requester'] : ['requester', 'follower'];
    // Ids as the desk writes them (hex): nothing of a key's text reaches the pattern otherwise.
    const ids = ticketIds.filter((id) => /^[0-9a-f]{24}$/i.test(id));
    if (!ids.length) return 0;
    const res = await this.model.updateMany(
      {
        teamId,
        to: String(userId),
        state: 'pending',
        key: trusted({
          $in: prefixes.flatMap((p) => ids.map((id) => new RegExp(`^${p}:${id}:`))),
        }),
        $or: [...LEASE_FREE, leaseEnded(now)],
      },
      { $set: { state: 'dropped', lastError: reason }, $unset: { leaseOwner: '', leaseUntil: '' } },
    );
    return res.modifiedCount;
  }

  /** Leased entries of a workspace found no longer served as they were to go out: dropped. */
  async dropHeld(entries: Held[], owner: string, reason: string): Promise<void> {
    await this.model.updateMany(
      { ...whereEntries(entries), leaseOwner: owner, state: 'pending' },
      { $set: { state: 'dropped', lastError: reason }, $unset: { leaseOwner: '', leaseUntil: '' } },
    );
    await this.forget(entries, 'dropped');
  }

  /**
   * What a writer wrote (`written`: OutboxService.batch) and will not have go after all (found
   * stale right after its write): deleted while still its own to take back, the entries it holds
   * (leased to it, not sent) and those it created to wait (`created`) that no delivery took (never
   * tried, not leased: whether or not they are due by now, as a quiet-hours end passed during a
   * long pass makes them). One sent, or taken by a delivery, stays; so does one its write only
   * matched (another writer's, e.g. an earlier try's with its `heldBy`). How many were deleted.
   */
  async takeBack(teamId: string, written: Written): Promise<number> {
    let deleted = 0;
    if (written.held.length) {
      const res = await this.model.deleteMany({
        teamId,
        key: trusted({ $in: written.held.map((e) => e.key) }),
        state: 'pending',
        leaseOwner: written.owner,
      });
      deleted += res.deletedCount;
    }
    if (written.created.length) {
      const res = await this.model.deleteMany({
        teamId,
        key: trusted({ $in: written.created }),
        state: 'pending',
        attempts: 0,
        $or: LEASE_FREE,
      });
      deleted += res.deletedCount;
    }
    return deleted;
  }

  /**
   * A repair's DMs under `keys`, drawn from the ticket `from` says, its writer found unchanged
   * as read (NewOutboxEntry.drawnFrom): those drawn from that version no longer ask their delivery
   * to read the ticket first. The keys not settled (DrawnChecked.unsettled): one still owed drawn
   * from another version (an earlier pass's, whose writer died before checking it, its write
   * only matched by this one's) is deleted (if no delivery holds it; one held is its delivery's
   * to check and take back), for the repair's next pass to draw anew, and this pass is not to
   * take the mark of whom it is for off; so too a key with no entry at all (its write only
   * matched another pass's, which that pass took back since: revepoch F1). The other keys are
   * settled: their DMs go and their marks come off (revout F1: one person's DM in doubt does not
   * hold back the others' of the ticket). Given-up entries count as owed: a manager's Send again
   * must find the ones checked here unstamped, and a stale one is taken back rather than deleted
   * by that Send again's check, after this pass took the marks off (revepoch F2). When one still
   * stamped is held, its hold in force, by another writer than `owner` (this pass's lease), that
   * writer's check is still to come and may find the ticket changed and take it back after this
   * pass took its marks off (revmine F1): nothing is written and every key is unsettled. One
   * held so by a delivery instead (not its writer: an earlier pass's, its writer dead, or looked
   * for in Slack) is left to that delivery, which reads the ticket first: only its key is
   * unsettled (revout2 F1). One read, and a write only for what it found. A stale one a
   * delivery other than its writer held and may have got Slack to take (`triedBeyondWriter`: a
   * post Slack took without answering, or a delivery dying after its post) is not deleted
   * either: its delivery looks in Slack before taking it back (OutboxWorker), found there it is
   * sent and its mark comes off at the next pass, as for any entry sent. One such given up (every
   * look failing, Slack unable to say) is owed again once its next try would have been due (its
   * `nextAt`: the last back-off, 30 minutes), for one more try, which only looks (its ticket
   * changed, it is never posted as drawn): found, sent; not found, taken back and drawn anew;
   * Slack still unable to say, given up again, looked for again 30 minutes on. Send again looks
   * at once (lookfirst 2).
   */
  async confirmDrawn(
    teamId: string,
    keys: string[],
    from: DrawnFrom,
    now: Date,
    owner: string,
  ): Promise<DrawnChecked> {
    if (!keys.length) return { heldByAnother: false, unsettled: [] };
    type Found = Pick<
      OutboxDoc,
      '_id' | 'key' | 'state' | 'drawnFrom' | 'leaseOwner' | 'leaseUntil' | 'heldBy' | 'nextAt'
    >;
    const all = await this.model
      .find(
        { teamId, key: trusted({ $in: keys }) },
        { key: 1, state: 1, drawnFrom: 1, leaseOwner: 1, leaseUntil: 1, heldBy: 1, nextAt: 1 },
      )
      .lean<Found[]>();
    const heldNow = (d: Found) =>
      d.state === 'pending' &&
      d.drawnFrom != null &&
      !!d.leaseOwner &&
      d.leaseOwner !== owner &&
      !!d.leaseUntil &&
      d.leaseUntil.getTime() > now.getTime();
    // Its writer's hold (DrawnFrom.by; one stamped before `by` was kept counts as a writer's).
    const byWriter = (d: Found) => !d.drawnFrom?.by || d.leaseOwner === d.drawnFrom.by;
    if (all.some((d) => heldNow(d) && byWriter(d)))
      return { heldByAnother: true, unsettled: [...new Set(keys)] };
    // Held by a delivery (not its writer): left to it, which reads the ticket (and may look in
    // Slack) before it sends it or takes it back; only its key is unsettled (revout2 F1).
    const delivering = all.filter(heldNow);
    const found = new Set(all.map((d) => d.key));
    const missing = keys.filter((k) => !forgets(k) && !found.has(k));
    const docs = all.filter(
      (d) =>
        (d.state === 'pending' || d.state === 'dead') &&
        d.drawnFrom != null &&
        !delivering.includes(d),
    );
    const same = (d: Pick<OutboxDoc, 'drawnFrom'>) =>
      d.drawnFrom?.ticketId === from.ticketId && d.drawnFrom.version === from.version;
    const checked = docs.filter(same).map((d) => d._id);
    const stale = docs.filter((d) => !same(d));
    const gone = stale.filter((d) => !triedBeyondWriter(d, owner).length).map((d) => d._id);
    const lookAgain = stale
      .filter(
        (d) =>
          d.state === 'dead' &&
          triedBeyondWriter(d, owner).length &&
          d.nextAt.getTime() <= now.getTime(),
      )
      .map((d) => d._id);
    if (checked.length)
      await this.model.updateMany(
        {
          _id: trusted({ $in: checked }),
          'drawnFrom.ticketId': from.ticketId,
          'drawnFrom.version': from.version,
        },
        { $unset: { drawnFrom: '' } },
      );
    if (gone.length)
      await this.model.deleteMany({
        _id: trusted({ $in: gone }),
        drawnFrom: trusted({ $exists: true }),
        $or: [{ state: 'dead' }, { state: 'pending', $or: [...LEASE_FREE, leaseEnded(now)] }],
      });
    // Attempts kept (at least the most): a failure of this one try gives it up again.
    if (lookAgain.length)
      await this.model.updateMany(
        {
          _id: trusted({ $in: lookAgain }),
          state: 'dead',
          drawnFrom: trusted({ $exists: true }),
          nextAt: trusted({ $lte: now }),
        },
        { $set: { state: 'pending', nextAt: now } },
      );
    return {
      heldByAnother: false,
      unsettled: [
        ...new Set([...stale.map((d) => d.key), ...delivering.map((d) => d.key), ...missing]),
      ],
    };
  }

  /**
   * A repair's DMs a delivery holds and found drawn from a ticket changed since (or gone), their
   * writer having never checked it (NewOutboxEntry.drawnFrom): deleted, not kept as dropped, so
   * that the repair's next pass, its marks still on the ticket, writes their keys anew.
   */
  async takeBackDrawn(entries: Held[], owner: string): Promise<number> {
    if (!entries.length) return 0;
    const res = await this.model.deleteMany({
      ...whereEntries(entries),
      leaseOwner: owner,
      state: 'pending',
      drawnFrom: trusted({ $exists: true }),
    });
    return res.deletedCount;
  }

  /**
   * Entries under `keys` naming customers (NewOutboxEntry.names) whose writer's check after its
   * write found one erased since, or being erased: deleted while owed and not held by a delivery
   * (free, held by `owner`, the writer's batch, or whose hold ended: a writer that died before
   * its check, revp63 F4), never sent. An entry a delivery holds is that delivery's to check.
   */
  async takeBackNamed(teamId: string, keys: string[], owner: string, now: Date): Promise<number> {
    if (!keys.length) return 0;
    const res = await this.model.deleteMany({
      teamId,
      key: trusted({ $in: keys }),
      state: 'pending',
      names: trusted({ $exists: true }),
      $or: [...LEASE_FREE, { leaseOwner: owner }, leaseEnded(now)],
    });
    return res.deletedCount;
  }

  /**
   * A delivery's entries (held by `owner`) naming a customer or contact erased since they were
   * written (NewOutboxEntry.names): deleted unsent.
   */
  async takeBackNamedHeld(entries: Held[], owner: string): Promise<number> {
    if (!entries.length) return 0;
    const res = await this.model.deleteMany({
      ...whereEntries(entries),
      leaseOwner: owner,
      state: 'pending',
      names: trusted({ $exists: true }),
    });
    return res.deletedCount;
  }

  /**
   * A delivery's entry (held by `owner`) naming a customer erased since it was written, which it
   * sends without what named that customer (an owner's greetings DM without its lines:
   * OutboxWorker): its data and names as they go, written before it goes (nothing of the erased
   * customer kept on it). Whether it was (false: no longer held, not to be sent by `owner`).
   */
  async rewriteNamedHeld(
    entry: Held,
    owner: string,
    data: unknown,
    names: NamedIn[],
  ): Promise<boolean> {
    const res = await this.model.updateOne(
      { ...whereEntries([entry]), leaseOwner: owner, state: 'pending' },
      { $set: { data, names } },
    );
    return res.matchedCount > 0;
  }

  /**
   * A message posted again at `to` (a ticket's card Slack no longer had at `from`) by delivery
   * `owner`: the replies still owed under the old one go under the new one. Those another
   * delivery holds (it may be posting one under the old card this moment) get a new `rev`, so
   * that delivery's mark does not take: the reply stays owed and goes again, under the new card.
   * The replies `owner` holds itself go to the new thread as it sends them. Returns how many.
   */
  async rethread(
    teamId: string,
    from: { channel: string; ts: string },
    to: { channel: string; ts: string },
    owner: string,
  ): Promise<number> {
    const under = { teamId, state: 'pending' as const, to: from.channel, 'thread.ts': from.ts };
    const move = { $set: { to: to.channel, 'thread.ts': to.ts } };
    const [others, own] = await Promise.all([
      this.model.updateMany(
        { ...under, leaseOwner: trusted({ $ne: owner }) },
        { ...move, $inc: { rev: 1 } },
      ),
      this.model.updateMany({ ...under, leaseOwner: owner }, move),
    ]);
    return others.modifiedCount + own.modifiedCount;
  }

  /**
   * Entries delivery `owner` held and lost to another (its lease ran out) before it asked Slack
   * for any post: `owner` taken off their `heldBy`, whoever holds them now and whatever their
   * state (nothing of its can be in Slack), so that no later delivery looks for its posts and a
   * repair's DM still stamped is not kept for such a look (confirmDrawn, triedBeyondWriter). The
   * lease, the holder's, untouched.
   */
  async letGo(entries: Held[], owner: string): Promise<void> {
    await this.model.updateMany(whereEntries(entries), { $pull: { heldBy: owner } });
  }

  /**
   * Not deliverable yet (a reply whose card is not out): due again later, no attempt counted.
   * `quietFrom`: held by quiet hours begun since it was written (when it would have gone), so
   * that quiet hours saved anew re-time it (retimeQuiet). `parentWait`: deferred only because its
   * parent is not posted yet (OutboxEntry.parentWait): it goes right after its parent.
   */
  async defer(
    entries: Held[],
    owner: string,
    retryAt: Date,
    quietFrom?: Date,
    parentWait = false,
  ): Promise<void> {
    await this.model.updateMany(
      { ...whereEntries(entries), leaseOwner: owner },
      // Deferred before posting anything: nothing of this delivery's to look for.
      {
        $set: {
          nextAt: retryAt,
          ...(quietFrom ? { quietFrom } : {}),
          ...(parentWait ? { parentWait } : {}),
        },
        $unset: { leaseOwner: '', leaseUntil: '' },
        $pull: { heldBy: owner },
      },
    );
  }

  async counts(teamId: string): Promise<OutboxCounts> {
    // App Home refreshes are not messages: a manager counts what people are owed.
    const messages = { teamId, kind: trusted({ $ne: 'home' }) } as Record<string, unknown>;
    const [pending, edits, given] = await Promise.all([
      // The edits of old posts apart (thousands after a first retention run, routine), waiting
      // or given up: counted from the index alone (teamId, state, trail), the others read past
      // them; given up, every count in one command: the edits, and the messages Slack refused
      // apart from those given up while it failed (an outage), each with its oldest's place and
      // reason (a manager is told what to fix for each, not only for the oldest of all).
      this.model.countDocuments({ ...messages, state: 'pending', trail: null }),
      this.model.countDocuments({ teamId, state: 'pending', trail: true }),
      this.model.aggregate<{
        _id: { trail?: boolean | null; failing?: boolean | null; error?: string | null };
        n: number;
        seq: number;
        to: string;
        error?: string | null;
      }>([
        { $match: { teamId, kind: trusted({ $ne: 'home' }), state: 'dead' } },
        { $sort: { seq: 1 } },
        {
          $group: {
            // By reason too (a handful: Slack's answers), so that a reply given up with its card
            // (PARENT_GIVEN_UP) is never the first reason shown while another is there.
            _id: { trail: '$trail', failing: '$lastTransient', error: '$lastError' },
            n: { $sum: 1 },
            seq: { $first: '$seq' },
            to: { $first: '$to' },
            error: { $first: '$lastError' },
          },
        },
      ]),
    ]);
    const isEdit = (g: (typeof given)[number]) => g._id?.trail === true;
    const messagesGiven = given.filter((g) => !isEdit(g)).sort((x, y) => x.seq - y.seq);
    let failingGiven = messagesGiven.filter((g) => g._id?.failing === true);
    let refusedGiven = messagesGiven.filter((g) => g._id?.failing !== true);
    // A reply given up with its card carries the card's reason (`lastTransient`); one given up
    // by a version before it did not. Such replies alone among the refused, with messages given
    // up while Slack failed, are their cards' (a refused card would be among the refused): counted
    // with those, not told as a refusal to fix.
    const isReply = (g: (typeof given)[number]) => g._id?.error === PARENT_GIVEN_UP;
    if (failingGiven.length && refusedGiven.length && refusedGiven.every(isReply)) {
      failingGiven = [...failingGiven, ...refusedGiven].sort((x, y) => x.seq - y.seq);
      refusedGiven = [];
    }
    const sum = (groups: typeof given) => groups.reduce((n, g) => n + g.n, 0);
    const editsGiven = given.filter(isEdit);
    const deadEdits = sum(editsGiven);
    // Their first reason: the oldest group's oldest (each group's place and reason are its
    // oldest's, read in seq order).
    const oldestEdit = editsGiven.reduce<(typeof given)[number] | undefined>(
      (oldest, g) => (!oldest || g.seq < oldest.seq ? g : oldest),
      undefined,
    );
    // The oldest of a kind, a reply given up with its card only when nothing else is: its card's
    // own reason is what to fix, never "its card not posted".
    const first = (groups: typeof given) => {
      const g = groups.find((x) => !isReply(x)) ?? groups[0];
      return g ? { to: g.to, ...(g.error ? { lastError: g.error } : {}) } : undefined;
    };
    const refused = first(refusedGiven);
    const failing = first(failingGiven);
    return {
      pending,
      edits,
      dead: sum(messagesGiven),
      deadEdits,
      ...(oldestEdit
        ? {
            firstDeadEdit: {
              to: oldestEdit.to,
              ...(oldestEdit.error ? { lastError: oldestEdit.error } : {}),
            },
          }
        : {}),
      deadFailing: sum(failingGiven),
      firstDead: { ...(refused ? { refused } : {}), ...(failing ? { failing } : {}) },
    };
  }

  /**
   * The channels Slack refused because the bot is not in them (or they are gone): those the
   * entries still owed or given up name (`owed`: they go once those are sent or sent again), and
   * those recorded when a message went to their fallback instead (ChannelRefusalDoc, kept until a
   * message reaches the channel, the channel is unlinked or an admin dismisses it). Two queries,
   * however many channels or messages owed, and the first `limit` channels by id: for an admin's
   * App Home, which names that many.
   */
  async unreachableChannels(
    teamId: string,
    errors: readonly string[],
    limit: number,
  ): Promise<{ channel: string; owed: boolean }[]> {
    const [owed, records] = await Promise.all([
      // The channels owed, each once however many messages wait for it, the first `limit` by id:
      // one past them sorts after every one of them, so it is never among the first named.
      this.model.aggregate<{ _id: string }>([
        {
          $match: { teamId, state: { $in: ['pending', 'dead'] }, lastError: { $in: [...errors] } },
        },
        { $group: { _id: '$to' } },
        { $sort: { _id: 1 } },
        { $limit: limit },
      ]),
      // Only the records that may still be refused (a record written before `open` was named
      // says so once the upkeep has run, within a minute), the latest refused first.
      this.refusals
        .find(
          { teamId, open: true, error: trusted({ $in: errors }) },
          { channel: 1, refusedAt: 1, reachedAt: 1, dismissedAt: 1, at: 1 },
        )
        .sort({ refusedAt: -1 })
        .limit(REFUSALS_READ)
        .lean<ChannelRefusalDoc[]>(),
    ]);
    // Refused as recorded; then, only if some are, not reached since by a message still kept.
    let refused = records.filter(stillRefused);
    if (refused.length) {
      const since = new Date(Math.min(...refused.map(refusedAt)));
      const reached = await this.lastReached(
        teamId,
        refused.map((r) => r.channel),
        since,
      );
      refused = refused.filter((r) => refusedAt(r) > (reached.get(r.channel) ?? 0));
    }
    const owedTo = new Set(owed.map((d) => d._id));
    const channels = new Set([...owedTo, ...refused.map((d) => d.channel)]);
    return [...channels]
      .sort()
      .slice(0, limit)
      .map((channel) => ({ channel, owed: owedTo.has(channel) }));
  }

  /**
   * Sets a channel's refusals so far aside (an admin dismissed it, or the channel was unlinked
   * from its customer or linked to another): recorded as a time that only moves forward, so that
   * a refusal older than `now` written after this (a slow delivery's, another instance's) does
   * not bring it back; a later one names it again. True when a refusal was recorded.
   */
  async dismissRefusal(teamId: string, channel: string, now: Date): Promise<boolean> {
    const before = await this.refusals
      .findOneAndUpdate(
        { teamId, channel },
        { $max: { dismissedAt: now }, $setOnInsert: { open: false } },
        { upsert: true, returnDocument: 'before', projection: { error: 1 } },
      )
      .lean<Pick<ChannelRefusalDoc, 'error'>>()
      .catch(async (err: unknown) => {
        // Created at once by another writer: once more, it updates the one written.
        if (!isDuplicateKey(err)) throw err;
        return this.refusals
          .findOneAndUpdate(
            { teamId, channel },
            { $max: { dismissedAt: now } },
            { returnDocument: 'before', projection: { error: 1 } },
          )
          .lean<Pick<ChannelRefusalDoc, 'error'>>();
      });
    return !!before?.error;
  }

  /**
   * Entries waiting and given up, across workspaces (for the metrics): the edits of old posts
   * waiting and given up counted apart (OutboxTotals), from the lanes' indexes alone.
   */
  async totals(): Promise<OutboxTotals> {
    const messages = { kind: trusted({ $ne: 'home' }) } as Record<string, unknown>;
    const [pending, dead, edits, erasure, editsDead] = await Promise.all([
      this.model.countDocuments({ ...messages, state: 'pending', trail: null }),
      this.model.countDocuments({ ...messages, state: 'dead', trail: null }),
      this.model.countDocuments({ state: 'pending', bulk: true, trail: true }),
      this.model.countDocuments({ erasure: true, state: 'pending' }),
      this.model.countDocuments({ state: 'dead', bulk: true, trail: true }),
    ]);
    return {
      pending,
      dead,
      edits: { erasure, retention: Math.max(0, edits - erasure) },
      editsDead,
    };
  }

  /**
   * Quiet hours saved anew: the team's entries they hold (`quietFrom`, due by `now`, not yet due
   * again, never tried) due at `at` instead (now, or when the new quiet hours end). One update,
   * bounded by the workspace's owed entries (index teamId, state); each entry is written on its
   * own, so a delivery or another save meanwhile sees it either before or after. How many.
   */
  async retimeQuiet(teamId: string, now: Date, at: Date): Promise<number> {
    const res = await this.model.updateMany(
      {
        teamId,
        state: 'pending',
        attempts: 0,
        quietFrom: trusted({ $lte: now }),
        nextAt: trusted({ $gt: now }),
      },
      { $set: { nextAt: at } },
    );
    return res.modifiedCount;
  }

  /**
   * A team's ticket cards that waited for a triage channel (`lastError` NO_TRIAGE_CHANNEL; given
   * up, before they waited), and the replies given up waiting on them: due now, tries from 0.
   * Returns how many cards.
   */
  async dueForTriage(teamId: string, now: Date): Promise<number> {
    const cards = await this.model
      .find(
        {
          teamId,
          kind: 'ticket.card',
          state: trusted({ $in: ['pending', 'dead'] }),
          lastError: NO_TRIAGE_CHANNEL,
        },
        { key: 1 },
      )
      .lean<{ key: string }[]>();
    if (!cards.length) return 0;
    const keys = cards.map((c) => c.key);
    const due = {
      $set: { state: 'pending', nextAt: now, attempts: 0, revived: true },
      $unset: { ...TRIES_AFRESH },
    };
    // Still waiting when written (another instance may have sent one meanwhile: sent stays sent).
    await this.model.updateMany(
      {
        teamId,
        key: trusted({ $in: keys }),
        state: trusted({ $in: ['pending', 'dead'] }),
        lastError: NO_TRIAGE_CHANNEL,
      },
      due,
    );
    await this.model.updateMany(
      { teamId, state: 'dead', 'thread.parentKey': trusted({ $in: keys }) },
      due,
    );
    return keys.length;
  }

  /** Makes a team's given-up entries due again (an admin's Retry). */
  async revive(teamId: string, now: Date): Promise<number> {
    const res = await this.model.updateMany(
      { teamId, state: 'dead' },
      {
        $set: { state: 'pending', attempts: 0, nextAt: now, revived: true },
        $unset: { ...TRIES_AFRESH },
      },
    );
    return res.modifiedCount;
  }

  /**
   * Forgets entries that went out before `before` (their keys have done their work), and those
   * given up (their last try, `nextAt`) before `givenUp.before`: a card given up waiting for a
   * triage channel (written so before cards waited) is kept, for the channel's save to send it.
   * A refused channel's record first takes in when a message last reached it, which the sent
   * entries say; and the given-up entries of a channel that refused the desk (one of
   * `givenUp.errors`) have their channel's refusal recorded first where the channel has no
   * record (one given up before refusals were recorded as they were given up). Every delete is
   * by filter and bounded on `nextAt` (the worker's index: a sent entry went out at or after its
   * `nextAt`), so that it reads only what is due to go, and two instances purging at once
   * delete each entry once. Returns how many were deleted.
   */
  async purge(before: Date, givenUp: { before: Date; errors: readonly string[] }): Promise<number> {
    await this.foldReaches(before);
    // Replies an older version gave up (dead) for a parent never to be posted: dropped, as they
    // are now, so that the managers' Home no longer offers them for Send again.
    await this.model.updateMany(
      { state: 'dead', lastError: PARENT_NEVER_POSTED },
      { $set: { state: 'dropped' } },
    );
    const dead = { state: 'dead' as const, nextAt: trusted({ $lt: givenUp.before }) };
    // team-scope: every team, the upkeep job's own constants (no request's value) grouped by team.
    const channels = await this.model.aggregate<{
      _id: { teamId: string; to: string };
      at: Date;
      error: string;
    }>([
      {
        $match: {
          state: 'dead',
          nextAt: { $lt: givenUp.before },
          lastError: { $in: givenUp.errors },
        },
      },
      {
        $group: {
          _id: { teamId: '$teamId', to: '$to' },
          at: { $max: '$nextAt' },
          error: { $first: '$lastError' },
        },
      },
    ]);
    if (channels.length)
      await this.upsertRefusals(
        channels.map(({ _id, at, error }) => ({
          updateOne: {
            filter: { teamId: _id.teamId, channel: _id.to },
            update: { $setOnInsert: { refusedAt: at, error, open: true } },
            upsert: true,
          },
        })),
      );
    const forgotten = await this.model.deleteMany({
      ...dead,
      $or: [
        { kind: trusted({ $ne: 'ticket.card' }) },
        { lastError: trusted({ $ne: NO_TRIAGE_CHANNEL }) },
      ],
    });
    // Replies dropped for a parent never to be posted: forgotten as the given-up ones are (a
    // workspace's dropped entries, kept with why, are left).
    const orphans = await this.model.deleteMany({
      state: 'dropped',
      nextAt: trusted({ $lt: givenUp.before }),
      lastError: PARENT_NEVER_POSTED,
    });
    const sent = await this.model.deleteMany({
      state: 'sent',
      nextAt: trusted({ $lt: before }),
      sentAt: trusted({ $lt: before }),
    });
    // Self-deleting entries done with whose delivery was cut before it deleted them (the
    // process stopped between the two writes): whenever found.
    const selfDeleting = await this.model.deleteMany({
      forget: true,
      state: trusted({ $in: ['sent', 'dead', 'dropped'] }),
    });
    return (
      forgotten.deletedCount + orphans.deletedCount + sent.deletedCount + selfDeleting.deletedCount
    );
  }

  /**
   * Writes into the refused channels' records when a message last reached them. Reads only the
   * records that may still be refused (`open`, by pages), and closes those found reached or
   * dismissed since, so that a minute with nothing refused costs one read that returns nothing.
   */
  private async foldReaches(before: Date): Promise<void> {
    const PAGE = 500;
    let after: unknown;
    for (;;) {
      const page = await this.refusals
        .find(
          {
            open: trusted({ $ne: false }),
            ...(after ? { _id: trusted({ $gt: after }) } : {}),
          },
          { teamId: 1, channel: 1, refusedAt: 1, reachedAt: 1, dismissedAt: 1, at: 1, open: 1 },
        )
        .sort({ _id: 1 })
        .limit(PAGE)
        .lean<(ChannelRefusalDoc & { _id: unknown })[]>();
      if (!page.length) return;
      after = page.at(-1)!._id;
      await this.foldPage(page, before);
      if (page.length < PAGE) return;
    }
  }

  /** foldReaches for one page of records. */
  private async foldPage(records: ChannelRefusalDoc[], before: Date): Promise<void> {
    // Closed only if no refusal moved `refusedAt` since it was read (records before it: unset).
    const close = (r: ChannelRefusalDoc) => ({
      updateOne: {
        filter: { teamId: r.teamId, channel: r.channel, refusedAt: r.refusedAt ?? null },
        update: { $set: { open: false } },
      },
    });
    // A record written before `open` was named says it is (the admins' Home reads only those),
    // unless it is closed below at once: one write, not two, for each of a workspace's years of
    // settled records the first upkeep meets (and on the stand-in each of these scans the
    // collection). Left unclosed because a refusal moved `refusedAt` meanwhile, that refusal
    // set it.
    const ops: AnyBulkWriteOperation<ChannelRefusalDoc>[] = records
      .filter((r) => (r.open === undefined || r.open === null) && stillRefused(r))
      .map((r) => ({
        updateOne: {
          filter: { teamId: r.teamId, channel: r.channel, open: trusted({ $exists: false }) },
          update: { $set: { open: true } },
        },
      }));
    ops.push(...records.filter((r) => !stillRefused(r)).map(close));
    const byTeam = new Map<string, ChannelRefusalDoc[]>();
    for (const r of records.filter(stillRefused))
      byTeam.set(r.teamId, [...(byTeam.get(r.teamId) ?? []), r]);
    for (const [teamId, refused] of byTeam) {
      const since = new Date(Math.min(...refused.map(refusedAt)));
      if (since >= before) continue;
      const reached = await this.lastReached(
        teamId,
        refused.map((r) => r.channel),
        since,
      );
      for (const r of refused) {
        const at = reached.get(r.channel);
        if (!at || at <= refusedAt(r)) continue;
        ops.push(
          {
            updateOne: {
              filter: { teamId, channel: r.channel },
              update: { $max: { reachedAt: new Date(at) } },
            },
          },
          close(r),
        );
      }
    }
    if (ops.length) await this.refusals.bulkWrite(ops, { ordered: true });
  }
}

/** When a channel was last refused (records written before `refusedAt` say `at`). */
function refusedAt(r: Pick<ChannelRefusalDoc, 'refusedAt' | 'at'>): number {
  return (r.refusedAt ?? r.at)?.getTime() ?? 0;
}

/**
 * Refused later than anything recorded as reaching it since, and than its last dismissal (a
 * refusal of the dismissal's own millisecond counts as dismissed).
 */
function stillRefused(
  r: Pick<ChannelRefusalDoc, 'refusedAt' | 'at' | 'reachedAt' | 'dismissedAt'>,
): boolean {
  const settled = Math.max(r.reachedAt?.getTime() ?? 0, r.dismissedAt?.getTime() ?? 0);
  return refusedAt(r) > settled;
}
