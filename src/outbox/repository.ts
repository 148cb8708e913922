import { trusted, type AnyBulkWriteOperation, type Model } from 'mongoose';
import { isDuplicateKey } from '../db/errors.js';
import type { OutboxDoc } from './model.js';
import type { NewOutboxEntry, OutboxCounts, OutboxEntry } from './types.js';

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

let lastSeq = 0;
/** Increasing within this process, and with time across processes. */
function nextSeq(now: Date): number {
  lastSeq = Math.max(lastSeq + 1, now.getTime() * 1000);
  return lastSeq;
}

/** Outbox entries, scoped by team (the worker reads across teams, as the job runner does). */
export class OutboxRepository {
  constructor(private readonly model: Model<OutboxDoc>) {}

  /**
   * Writes entries by key in one command: a key seen before is left as it is (so an announcement
   * repeated after a crash is sent once), unless it asks for a refresh, which makes it due again.
   */
  async enqueue(teamId: string, entries: NewOutboxEntry[], now: Date): Promise<void> {
    if (!entries.length) return;
    const coalesced = entries.filter((e) => e.coalesceMs !== undefined);
    if (coalesced.length) {
      await this.enqueueCoalesced(teamId, coalesced, now);
      entries = entries.filter((e) => e.coalesceMs === undefined);
      if (!entries.length) return;
    }
    const op = (e: NewOutboxEntry): AnyBulkWriteOperation<OutboxDoc> => {
      const fixed = {
        seq: nextSeq(now),
        kind: e.kind,
        to: e.to,
        data: e.data,
        createdAt: now,
        ...(e.group ? { group: e.group } : {}),
        ...(e.thread ? { thread: e.thread } : {}),
      };
      const nextAt = e.notBefore ?? now;
      return {
        updateOne: {
          filter: { teamId, key: e.key },
          update: e.refresh
            ? {
                $setOnInsert: fixed,
                $set: { state: 'pending', nextAt, attempts: 0 },
                $inc: { rev: 1 },
              }
            : { $setOnInsert: { ...fixed, state: 'pending', nextAt, attempts: 0, rev: 0 } },
          upsert: true,
        },
      };
    };
    try {
      await this.model.bulkWrite(entries.map(op), { ordered: false });
    } catch (err) {
      // Two writers of one new key at once: the loser's duplicate-key error means "written". A
      // refresh that lost is written again, now as an update of the winner's entry.
      const failed = (err as { writeErrors?: { index: number; code?: number }[] }).writeErrors;
      if (!failed?.length || !failed.every((w) => isDuplicateKey(w))) throw err;
      const again = failed.map((w) => entries[w.index]!).filter((e) => e.refresh);
      if (again.length) await this.model.bulkWrite(again.map(op), { ordered: false });
    }
  }

  /**
   * Coalesced entries (one owed delivery per key): per entry, an owed one only has its `rev`
   * bumped (so a delivery under way goes again; one not started yet renders the change anyway),
   * and one not owed (sent, given up, or new) becomes owed `coalesceMs` from now. Both in one
   * command; of the two, the one that does not apply matches nothing (the upsert of an entry
   * already owed is refused by the unique key, which means "owed": nothing to do). Safe across
   * instances: every step is a single-document update.
   */
  private async enqueueCoalesced(teamId: string, entries: NewOutboxEntry[], now: Date) {
    const ops = entries.flatMap((e): AnyBulkWriteOperation<OutboxDoc>[] => [
      {
        updateOne: {
          filter: { teamId, key: e.key, state: 'pending' },
          update: { $inc: { rev: 1 } },
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
              nextAt: new Date(now.getTime() + (e.coalesceMs ?? 0)),
            },
            $unset: { lastError: '' },
            $inc: { rev: 1 },
          },
          upsert: true,
        },
      },
    ]);
    try {
      await this.model.bulkWrite(ops, { ordered: false });
    } catch (err) {
      const failed = (err as { writeErrors?: { index: number; code?: number }[] }).writeErrors;
      if (!failed?.length || !failed.every((w) => isDuplicateKey(w))) throw err;
    }
  }

  /** Entries due now that nobody holds, oldest first. */
  async due(now: Date, limit: number): Promise<OutboxEntry[]> {
    const docs = await this.model
      .find({
        state: 'pending',
        nextAt: trusted({ $lte: now }),
        $or: [...LEASE_FREE, leaseEnded(now)],
      })
      .sort({ nextAt: 1, seq: 1 })
      .limit(limit)
      .lean<OutboxDoc[]>();
    return docs.map(toEntry);
  }

  async byKeys(teamId: string, keys: string[]): Promise<OutboxEntry[]> {
    if (!keys.length) return [];
    const docs = await this.model
      .find({ teamId, key: trusted({ $in: keys }) })
      .sort({ seq: 1 })
      .lean<OutboxDoc[]>();
    return docs.map(toEntry);
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
   * Takes the right to deliver these entries until `until` (two commands for any number): the
   * ones another instance holds, or that went out meanwhile, are not returned.
   */
  async lease(ids: string[], owner: string, now: Date, until: Date): Promise<OutboxEntry[]> {
    if (ids.length === 1) {
      // One entry (most deliveries a request makes): one command.
      const doc = await this.model
        .findOneAndUpdate(
          { _id: ids[0], state: 'pending', $or: [...LEASE_FREE, leaseEnded(now)] },
          { $set: { leaseOwner: owner, leaseUntil: until } },
          { returnDocument: 'after' },
        )
        .lean<OutboxDoc>();
      return doc ? [toEntry(doc)] : [];
    }
    await this.model.updateMany(
      { _id: trusted({ $in: ids }), state: 'pending', $or: [...LEASE_FREE, leaseEnded(now)] },
      { $set: { leaseOwner: owner, leaseUntil: until } },
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
      { $set: { leaseOwner: owner, leaseUntil: until } },
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
    entries: Pick<OutboxEntry, 'id' | 'rev'>[],
    owner: string,
    now: Date,
    result?: { channel: string; ts: string },
  ): Promise<void> {
    const done = { state: 'sent', sentAt: now, ...(result ? { result } : {}) };
    const unlease = { leaseOwner: '', leaseUntil: '' } as const;
    const marked = await this.model.bulkWrite(
      entries.map((e) => ({
        updateOne: {
          filter: { _id: e.id, leaseOwner: owner, rev: e.rev },
          update: { $set: done, $unset: unlease },
        },
      })),
      { ordered: false },
    );
    if (marked.modifiedCount === entries.length) return;
    // Refreshed meanwhile: keep where it went, let it go out again.
    await this.model.updateMany(
      { _id: trusted({ $in: entries.map((e) => e.id) }), leaseOwner: owner, state: 'pending' },
      { ...(result ? { $set: { result } } : {}), $unset: unlease },
    );
  }

  /** Records where a message went before the rest of its delivery (a digest's chart). */
  async progress(id: string, owner: string, result: { channel: string; ts: string }) {
    await this.model.updateOne({ _id: id, leaseOwner: owner }, { $set: { result } });
  }

  /**
   * Slack did not take them: due again at `retryAt`. A failure that counts (not a rate limit)
   * adds an attempt; at `maxAttempts` the entry is given up (dead) for an admin to see.
   */
  async failed(
    ids: string[],
    owner: string,
    failure: { error: string; retryAt: Date; counts: boolean; maxAttempts: number },
  ): Promise<number> {
    await this.model.updateMany(
      { _id: trusted({ $in: ids }), leaseOwner: owner },
      {
        $set: { lastError: failure.error, nextAt: failure.retryAt },
        $unset: { leaseOwner: '', leaseUntil: '' },
        ...(failure.counts ? { $inc: { attempts: 1 } } : {}),
      },
    );
    if (!failure.counts) return 0;
    const res = await this.model.updateMany(
      {
        _id: trusted({ $in: ids }),
        state: 'pending',
        attempts: trusted({ $gte: failure.maxAttempts }),
      },
      { $set: { state: 'dead' } },
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

  /** Leased entries of a workspace found no longer served as they were to go out: dropped. */
  async dropHeld(ids: string[], owner: string, reason: string): Promise<void> {
    await this.model.updateMany(
      { _id: trusted({ $in: ids }), leaseOwner: owner, state: 'pending' },
      { $set: { state: 'dropped', lastError: reason }, $unset: { leaseOwner: '', leaseUntil: '' } },
    );
  }

  /** Not deliverable yet (a reply whose card is not out): due again later, no attempt counted. */
  async defer(ids: string[], owner: string, retryAt: Date): Promise<void> {
    await this.model.updateMany(
      { _id: trusted({ $in: ids }), leaseOwner: owner },
      { $set: { nextAt: retryAt }, $unset: { leaseOwner: '', leaseUntil: '' } },
    );
  }

  async counts(teamId: string, latest = 5): Promise<OutboxCounts> {
    // App Home refreshes are not messages: a manager counts what people are owed.
    const messages = { teamId, kind: trusted({ $ne: 'home' }) } as Record<string, unknown>;
    const [pending, dead, latestDead] = await Promise.all([
      this.model.countDocuments({ ...messages, state: 'pending' }),
      this.model.countDocuments({ ...messages, state: 'dead' }),
      this.model
        .find({ ...messages, state: 'dead' })
        .sort({ seq: 1 })
        .limit(latest)
        .lean<OutboxDoc[]>(),
    ]);
    return {
      pending,
      dead,
      latestDead: latestDead.map((d) => ({
        key: d.key,
        to: d.to,
        at: d.nextAt,
        ...(d.lastError ? { lastError: d.lastError } : {}),
      })),
    };
  }

  /**
   * The channels Slack refused because the bot is not in them (or they are gone), as the entries
   * still owed or given up say: for an admin's App Home.
   */
  async unreachableChannels(teamId: string, errors: readonly string[]): Promise<string[]> {
    const docs = await this.model
      .find(
        {
          teamId,
          state: trusted({ $in: ['pending', 'dead'] }),
          lastError: trusted({ $in: errors }),
        },
        { to: 1 },
      )
      .limit(200)
      .lean<Pick<OutboxDoc, 'to'>[]>();
    return [...new Set(docs.map((d) => d.to))].sort();
  }

  /** Entries waiting and given up, across workspaces (for the metrics). */
  async totals(): Promise<{ pending: number; dead: number }> {
    const messages = { kind: trusted({ $ne: 'home' }) } as Record<string, unknown>;
    const [pending, dead] = await Promise.all([
      this.model.countDocuments({ ...messages, state: 'pending' }),
      this.model.countDocuments({ ...messages, state: 'dead' }),
    ]);
    return { pending, dead };
  }

  /** Makes a team's given-up entries due again (an admin's Retry). */
  async revive(teamId: string, now: Date): Promise<number> {
    const res = await this.model.updateMany(
      { teamId, state: 'dead' },
      { $set: { state: 'pending', attempts: 0, nextAt: now } },
    );
    return res.modifiedCount;
  }

  /** Forgets entries that went out before `before` (their keys have done their work). */
  async purge(before: Date): Promise<number> {
    const res = await this.model.deleteMany({ state: 'sent', sentAt: trusted({ $lt: before }) });
    return res.deletedCount;
  }
}
