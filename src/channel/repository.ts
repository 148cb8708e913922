import { trusted, type Model } from 'mongoose';
import { olderNameCopy, writeNameCopies } from '../db/name-copies.js';
import { insertIfAbsent } from '../db/errors.js';
import type { ForeignPipeline } from '../db/pipeline.js';
import type { ChannelLinkDoc, SeenEventDoc } from './model.js';
import {
  linkedChannel,
  type ChannelLink,
  type InboxEvent,
  type InboxPayload,
  type InboxStatus,
  type LinkedChannel,
} from './types.js';

function toLink(doc: ChannelLinkDoc): ChannelLink {
  const { _id, customerNameRevision, reconnectedAt, ...rest } = doc;
  void _id;
  void customerNameRevision;
  void reconnectedAt;
  return rest;
}

/**
 * What `byChannelsPipeline` found for `channelIds`: each channel's link (`linkedChannel`),
 * undefined for one linked to none (every channel asked has its answer).
 */
export function linkedCustomers(
  channelIds: readonly string[],
  docs: unknown[],
): Map<string, LinkedChannel | undefined> {
  const found = new Map(
    (docs as Pick<ChannelLinkDoc, 'channelId' | 'customerId' | 'shared' | 'disconnectedAt'>[]).map(
      (d) => [d.channelId, linkedChannel(d)],
    ),
  );
  return new Map(channelIds.map((c) => [c, found.get(c)]));
}

export class ChannelLinkRepository {
  constructor(private readonly model: Model<ChannelLinkDoc>) {}

  async byChannel(teamId: string, channelId: string): Promise<ChannelLink | null> {
    const doc = await this.model.findOne({ teamId, channelId }).lean<ChannelLinkDoc>();
    return doc ? toLink(doc) : null;
  }

  /**
   * The links of these channels as a pipeline another query runs along (a `$lookup`: read in the
   * same command as what that query reads); `linkedCustomers` says what it found.
   */
  byChannelsPipeline(teamId: string, channelIds: readonly string[]): ForeignPipeline {
    return {
      from: this.model.collection.collectionName,
      pipeline: [
        { $match: { teamId, channelId: { $in: channelIds.map(String) } } },
        { $project: { _id: 0, channelId: 1, customerId: 1, shared: 1, disconnectedAt: 1 } },
      ],
    };
  }

  async byCustomer(teamId: string, customerId: string): Promise<ChannelLink[]> {
    const docs = await this.model.find({ teamId, customerId }).lean<ChannelLinkDoc[]>();
    return docs.map(toLink);
  }

  /**
   * Links the channel (a channel linked before is linked again, to this customer and mode), with
   * the name the customer had at `nameRevision` (its revision when read). The name is written
   * only over an older copy of this customer's (or none, or another customer's): a rename saved
   * after that read whose copy found the link keeps its name (never a lower revision). A rename
   * whose copy ran before the link was in is the caller's to catch up (`renameCustomer`).
   */
  async upsert(link: ChannelLink, nameRevision: number): Promise<ChannelLink> {
    const { customerName, ...fields } = link;
    const key = { teamId: link.teamId, channelId: link.channelId };
    // The link, its name only when it is new; the channel's link as it was, for the name's write.
    const before = await this.model
      .findOneAndUpdate(
        key,
        {
          $set: fields,
          $setOnInsert: { customerName, customerNameRevision: nameRevision },
          // Linked again: its flag is as of now (what Slack said), older events' flags are stale.
          // Linked anew (conversations.info found it): no longer taken as disconnected.
          $unset: {
            sharedAsOf: 1,
            disconnectedAt: 1,
            disconnectedTeam: 1,
            reconnectedAt: 1,
            ...(link.sharedPending ? {} : { sharedPending: 1 }),
          },
        },
        { upsert: true, returnDocument: 'before' },
      )
      .lean<ChannelLinkDoc>();
    if (before) {
      const older = olderNameCopy(nameRevision);
      // Another customer's channel until now: its copy (of that customer's revisions) goes,
      // unless a rename of this one wrote the link meanwhile.
      if (before.customerId !== link.customerId)
        older.push({
          customerName: before.customerName,
          customerNameRevision: before.customerNameRevision ?? trusted({ $exists: false }),
        });
      await this.model.updateOne(
        { ...key, customerId: link.customerId, $or: older },
        { $set: { customerName, customerNameRevision: nameRevision } },
      );
    }
    return link;
  }

  /** The channel was a desk channel cleared as shared when it was linked (`cleared`). */
  async markCleared(teamId: string, channelId: string): Promise<void> {
    await this.model.updateOne({ teamId, channelId }, { $set: { cleared: true } });
  }

  /**
   * The customer renamed (the rename that gave it `revision`): its channel links' copy of its
   * name follows (/desk channel, the shortcut's and a guest's New ticket, the title of a message
   * without words). Idempotent, and never back: a link a later rename (or a link made since)
   * wrote, at a higher revision, is left as it is.
   */
  async renameCustomer(
    teamId: string,
    customerId: string,
    customerName: string,
    revision: number,
  ): Promise<number> {
    return writeNameCopies(this.model, { teamId, customerId }, customerName, revision);
  }

  /**
   * The channel's link takes what an event happening at `at` says of it (shared with another
   * organisation or not), only when no newer event's was taken (nor the link made later): one
   * single-document update. Not shared is not taken by a link shared because an invitation was
   * pending (`sharedPending`); shared ends that. Whether `shared` changed.
   */
  async setShared(teamId: string, channelId: string, shared: boolean, at: Date): Promise<boolean> {
    const before = await this.model
      .findOneAndUpdate(
        {
          teamId,
          channelId,
          $or: [
            { sharedAsOf: trusted({ $lte: at }) },
            { sharedAsOf: trusted({ $exists: false }), linkedAt: trusted({ $lte: at }) },
          ],
          ...(shared ? {} : { sharedPending: trusted({ $ne: true }) }),
        },
        { $set: { shared, sharedAsOf: at }, ...(shared ? { $unset: { sharedPending: 1 } } : {}) },
        { returnDocument: 'before' },
      )
      .lean<ChannelLinkDoc>();
    return before !== null && before.shared !== shared;
  }

  /**
   * The customer's organisation left the channel at `at` (`team`, who left): marked disconnected,
   * one single-document update, unless a later event (a share again, or another disconnect) was
   * taken or the link was made after it. The link as it was before (null: not linked, or the
   * event older than what the link holds), so the caller tells whether it changed.
   */
  async setDisconnected(
    teamId: string,
    channelId: string,
    team: string | undefined,
    at: Date,
  ): Promise<{ changed: boolean; link: ChannelLink } | null> {
    const before = await this.model
      .findOneAndUpdate(
        {
          teamId,
          channelId,
          linkedAt: trusted({ $lte: at }),
          $and: [
            {
              $or: [
                { disconnectedAt: trusted({ $exists: false }) },
                { disconnectedAt: trusted({ $lte: at }) },
              ],
            },
            {
              $or: [
                { reconnectedAt: trusted({ $exists: false }) },
                { reconnectedAt: trusted({ $lte: at }) },
              ],
            },
          ],
        },
        {
          $set: { disconnectedAt: at, ...(team ? { disconnectedTeam: team } : {}) },
          ...(team ? {} : { $unset: { disconnectedTeam: 1 } }),
        },
        { returnDocument: 'before' },
      )
      .lean<ChannelLinkDoc>();
    if (!before) return null;
    const link = toLink(before);
    return {
      changed: before.disconnectedAt === undefined,
      link: {
        ...link,
        disconnectedAt: before.disconnectedAt ?? at,
        ...(team ? { disconnectedTeam: team } : {}),
      },
    };
  }

  /**
   * Shared again at `at` (`channel_shared`): the link is live again, unless it was marked
   * disconnected by a later event. Whether it changed.
   */
  async setReconnected(teamId: string, channelId: string, at: Date): Promise<boolean> {
    const res = await this.model.updateOne(
      { teamId, channelId, disconnectedAt: trusted({ $lte: at }) },
      { $unset: { disconnectedAt: 1, disconnectedTeam: 1 }, $set: { reconnectedAt: at } },
    );
    return res.modifiedCount === 1;
  }

  async remove(teamId: string, channelId: string): Promise<boolean> {
    const res = await this.model.deleteOne({ teamId, channelId });
    return res.deletedCount === 1;
  }
}

// The filters' operators are ours: marked trusted for the connection's sanitizeFilter.
const OPEN = () => trusted({ $in: ['pending', 'failed'] as InboxStatus[] });

function toEvent(doc: SeenEventDoc): InboxEvent {
  const sep = doc._id.indexOf(':');
  let payload: InboxPayload | undefined;
  try {
    payload = doc.payload ? (JSON.parse(doc.payload) as InboxPayload) : undefined;
  } catch {
    payload = undefined;
  }
  return {
    id: doc._id,
    teamId: doc.teamId,
    eventId: doc._id.slice(sep + 1),
    type: doc.type,
    at: doc.at,
    status: doc.status ?? 'done',
    attempts: doc.attempts ?? 0,
    ...(payload ? { payload } : {}),
  };
}

/** The Events API inbox (`slack_events`): one document per event, keyed by team and event_id. */
export class SeenEventRepository {
  constructor(private readonly model: Model<SeenEventDoc>) {}

  /**
   * Writes the delivery as pending, held until `leaseUntil`: true only for the one delivery of
   * `eventId` that gets to do the work (a retry or another instance's copy finds it there).
   */
  receive(
    teamId: string,
    eventId: string,
    fields: { type: string; at: Date; leaseUntil: Date; payload: InboxPayload },
  ): Promise<boolean> {
    return insertIfAbsent(
      this.model as never,
      { _id: `${teamId}:${eventId}`, teamId },
      {
        type: fields.type,
        at: fields.at,
        status: 'pending',
        attempts: 0,
        leaseUntil: fields.leaseUntil,
        payload: JSON.stringify(fields.payload),
      },
    );
  }

  /** Done: the payload (a customer's words) is not kept. */
  async done(teamId: string, id: string, now: Date): Promise<void> {
    await this.model.updateOne(
      { _id: id, teamId },
      {
        $set: { status: 'done', doneAt: now },
        $unset: { payload: 1, leaseUntil: 1, nextAttemptAt: 1, error: 1 },
      },
    );
  }

  /** An attempt failed: `failed` with its count and next time, or `dead` (no next time). */
  async failed(
    teamId: string,
    id: string,
    outcome: { attempts: number; nextAttemptAt?: Date; error: string },
  ): Promise<void> {
    await this.model.updateOne(
      { _id: id, teamId },
      {
        $set: {
          status: outcome.nextAttemptAt ? 'failed' : 'dead',
          attempts: outcome.attempts,
          error: outcome.error.slice(0, 300),
          ...(outcome.nextAttemptAt ? { nextAttemptAt: outcome.nextAttemptAt } : {}),
        },
        $unset: { leaseUntil: 1, ...(outcome.nextAttemptAt ? {} : { nextAttemptAt: 1 }) },
      },
    );
  }

  /**
   * A workspace's events to do again, oldest first: received before `before`, pending with the
   * lease run out or failed with their next time come.
   */
  async due(teamId: string, now: Date, before: Date, limit: number): Promise<InboxEvent[]> {
    const docs = await this.model
      .find({
        teamId,
        status: OPEN(),
        at: trusted({ $lte: before }),
        $or: [
          { status: 'pending', leaseUntil: trusted({ $lte: now }) },
          { status: 'failed', nextAttemptAt: trusted({ $lte: now }) },
        ],
      })
      .sort({ at: 1 })
      .limit(limit)
      .lean<SeenEventDoc[]>();
    return docs.map(toEvent);
  }

  /**
   * Takes an event for an attempt (pending, held until `leaseUntil`) if it is still as `seen`
   * (same status and attempts: nobody took it meanwhile). One document, one atomic update.
   */
  async claim(seen: InboxEvent, now: Date, leaseUntil: Date): Promise<InboxEvent | null> {
    const doc = await this.model
      .findOneAndUpdate(
        {
          _id: seen.id,
          teamId: seen.teamId,
          status: seen.status,
          attempts: seen.attempts,
          $or: [
            { status: 'pending', leaseUntil: trusted({ $lte: now }) },
            { status: 'failed', nextAttemptAt: trusted({ $lte: now }) },
          ],
        },
        { $set: { status: 'pending', leaseUntil }, $unset: { nextAttemptAt: 1 } },
        { returnDocument: 'after' },
      )
      .lean<SeenEventDoc>();
    return doc ? toEvent(doc) : null;
  }

  /**
   * Deletes up to `limit` events done (or written before the inbox, without a status) before
   * `doneBefore` and dead before `deadBefore`, across workspaces; returns how many went.
   */
  async purge(doneBefore: Date, deadBefore: Date, limit: number): Promise<number> {
    const docs = await this.model
      .find(
        {
          $or: [
            { status: 'done', at: trusted({ $lt: doneBefore }) },
            { status: trusted({ $exists: false }), at: trusted({ $lt: doneBefore }) },
            { status: 'dead', at: trusted({ $lt: deadBefore }) },
          ],
        },
        { _id: 1 },
      )
      .limit(limit)
      .lean<{ _id: string }[]>();
    if (!docs.length) return 0;
    const res = await this.model.deleteMany({ _id: trusted({ $in: docs.map((d) => d._id) }) });
    return res.deletedCount;
  }
}
