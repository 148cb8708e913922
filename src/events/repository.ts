import { trusted, type Model } from 'mongoose';
import { isDuplicateKey } from '../db/errors.js';
import type { EventClaimDoc } from './model.js';
import type { EventClaim } from './types.js';

export class EventClaimRepository {
  constructor(private readonly model: Model<EventClaimDoc>) {}

  /**
   * One atomic command: inserts the claim, or takes it over when it is free (failed, or its
   * lease ran out); null when it is done or held. A racing insert of the same id loses on the
   * unique `_id` (a duplicate-key error, read as "taken").
   */
  async take(
    teamId: string,
    eventId: string,
    fields: { type: string; now: Date; leaseUntil: Date; owner: string },
  ): Promise<number | null> {
    try {
      const doc = await this.model
        .findOneAndUpdate(
          {
            _id: `${teamId}:${eventId}`,
            teamId,
            status: trusted({ $ne: 'done' }),
            leaseUntil: trusted({ $lte: fields.now }),
          },
          {
            $set: { status: 'working', owner: fields.owner, leaseUntil: fields.leaseUntil },
            $setOnInsert: { type: fields.type, at: fields.now },
            $inc: { attempts: 1 },
          },
          { upsert: true, returnDocument: 'after', projection: { attempts: 1 } },
        )
        .lean<Pick<EventClaimDoc, 'attempts'>>();
      return doc?.attempts ?? null;
    } catch (err) {
      if (isDuplicateKey(err)) return null;
      throw err;
    }
  }

  async done(claim: EventClaim, now: Date): Promise<void> {
    await this.model.updateOne(
      { _id: claim.id, teamId: claim.teamId, owner: claim.owner },
      { $set: { status: 'done', doneAt: now }, $unset: { error: 1 } },
    );
  }

  /** Free for the next delivery at once. */
  async failed(claim: EventClaim, now: Date, error: string): Promise<void> {
    await this.model.updateOne(
      { _id: claim.id, teamId: claim.teamId, owner: claim.owner },
      { $set: { status: 'failed', leaseUntil: now, error: error.slice(0, 300) } },
    );
  }

  /** Deletes up to `limit` claims received before `before`, across workspaces. */
  async purge(before: Date, limit: number): Promise<number> {
    const docs = await this.model
      .find({ at: trusted({ $lt: before }) }, { _id: 1 })
      .limit(limit)
      .lean<{ _id: string }[]>();
    if (!docs.length) return 0;
    const res = await this.model.deleteMany({ _id: trusted({ $in: docs.map((d) => d._id) }) });
    return res.deletedCount;
  }
}
