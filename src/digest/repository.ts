import type { Model } from 'mongoose';
import { trusted } from 'mongoose';
import type { DigestDoc } from './model.js';
import type { DigestRecord, WeekFigures } from './types.js';

const key = (teamId: string, week: string) => `${teamId}:${week}`;

function toRecord(doc: DigestDoc): DigestRecord {
  const { _id: _ignored, ...rest } = doc;
  return rest;
}

/** Stored weekly digests, scoped by team. */
export class DigestRepository {
  constructor(private readonly model: Model<DigestDoc>) {}

  async weeks(teamId: string, weeks: string[]): Promise<DigestRecord[]> {
    const docs = await this.model
      .find({ teamId, _id: trusted({ $in: weeks.map((w) => key(teamId, w)) }) })
      .lean<DigestDoc[]>();
    return docs.map(toRecord);
  }

  /** Stores a week's figures (a rebuild replaces them; the post record stays). */
  async saveFigures(
    teamId: string,
    week: string,
    window: { from: Date; to: Date },
    figures: WeekFigures,
    now: Date,
  ): Promise<void> {
    await this.model.updateOne(
      { _id: key(teamId, week), teamId },
      { $set: { week, from: window.from, to: window.to, figures, builtAt: now } },
      { upsert: true },
    );
  }

  /**
   * Takes the right to post a week: one conditional update, so of racing runs one posts. A
   * forced run takes it even when posted; a claim older than `staleBefore` (its run died) too.
   */
  async isPosted(teamId: string, week: string): Promise<boolean> {
    const doc = await this.model
      .findOne({ _id: key(teamId, week), teamId }, { 'post.postedAt': 1 })
      .lean<{ post?: { postedAt?: Date } }>();
    return !!doc?.post?.postedAt;
  }

  async countForced(teamId: string, week: string): Promise<void> {
    await this.model.updateOne(
      { _id: key(teamId, week), teamId },
      { $inc: { 'post.forcedCount': 1 } },
    );
  }

  async recordPost(
    teamId: string,
    week: string,
    post: { channel: string; ts: string; chartFileId?: string; postedAt: Date },
  ): Promise<void> {
    await this.model.updateOne(
      { _id: key(teamId, week), teamId },
      {
        $set: {
          'post.channel': post.channel,
          'post.ts': post.ts,
          'post.postedAt': post.postedAt,
          ...(post.chartFileId ? { 'post.chartFileId': post.chartFileId } : {}),
        },
      },
    );
  }
}
