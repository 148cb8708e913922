import type { Model } from 'mongoose';
import { trusted } from 'mongoose';
import type { ReportDoc } from './report-model.js';
import type { ReportFigures, ReportKind, ReportRecord } from './report-types.js';

/** The key of a report, as stored and as the outbox's digest entries name it: `month:2026-10`. */
export const reportKey = (kind: ReportKind, period: string) => `${kind}:${period}`;
const id = (teamId: string, kind: ReportKind, period: string) =>
  `${teamId}:${reportKey(kind, period)}`;

function toRecord(doc: ReportDoc): ReportRecord {
  const { _id: _ignored, ...rest } = doc;
  return rest;
}

/** Stored reports, scoped by team. */
export class ReportRepository {
  constructor(private readonly model: Model<ReportDoc>) {}

  async periods(teamId: string, kind: ReportKind, periods: string[]): Promise<ReportRecord[]> {
    const docs = await this.model
      .find({ teamId, _id: trusted({ $in: periods.map((p) => id(teamId, kind, p)) }) })
      .lean<ReportDoc[]>();
    return docs.map(toRecord);
  }

  /** Stores a period's figures (a rebuild replaces them; the post record stays). */
  async saveFigures(
    teamId: string,
    kind: ReportKind,
    period: string,
    window: { from: Date; to: Date },
    figures: ReportFigures,
    now: Date,
    buildMs: number,
  ): Promise<void> {
    await this.model.updateOne(
      { _id: id(teamId, kind, period), teamId },
      { $set: { kind, period, from: window.from, to: window.to, figures, builtAt: now, buildMs } },
      { upsert: true },
    );
  }

  async isPosted(teamId: string, kind: ReportKind, period: string): Promise<boolean> {
    const doc = await this.model
      .findOne({ _id: id(teamId, kind, period), teamId }, { 'post.postedAt': 1 })
      .lean<{ post?: { postedAt?: Date } }>();
    return !!doc?.post?.postedAt;
  }

  async countForced(teamId: string, kind: ReportKind, period: string): Promise<void> {
    await this.model.updateOne(
      { _id: id(teamId, kind, period), teamId },
      { $inc: { 'post.forcedCount': 1 } },
    );
  }

  async recordPost(
    teamId: string,
    kind: ReportKind,
    period: string,
    post: { channel: string; ts: string; chartFileId?: string; postedAt: Date },
  ): Promise<void> {
    await this.model.updateOne(
      { _id: id(teamId, kind, period), teamId },
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
