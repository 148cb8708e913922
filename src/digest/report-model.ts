import { Schema } from 'mongoose';
import type { ReportRecord } from './report-types.js';

/** A stored report: `_id` is the team, the kind and the period. */
export type ReportDoc = ReportRecord & { _id: string };

/**
 * One document per workspace, kind and period (`T…:month:2026-10`): the figures, built once the
 * period has ended and read back afterwards (by `/desk report`, the CSV export, the next
 * period's comparison and chart), and the post to the digest channel, recorded once.
 */
export const reportSchema = new Schema<ReportDoc>(
  {
    _id: { type: String, required: true },
    teamId: { type: String, required: true },
    kind: { type: String, required: true },
    period: { type: String, required: true },
    from: { type: Date, required: true },
    to: { type: Date, required: true },
    figures: { type: Schema.Types.Mixed, required: true },
    builtAt: { type: Date, required: true },
    buildMs: Number,
    post: {
      claimedAt: Date,
      claimedBy: String,
      channel: String,
      ts: String,
      chartFileId: String,
      postedAt: Date,
      forcedCount: Number,
    },
  },
  { collection: 'reports', versionKey: false, minimize: false },
);
