import { Schema } from 'mongoose';
import type { DigestRecord, ReportRecord } from './types.js';

/**
 * A post to the digest channel, claimed by a conditional update so that it goes once (unless
 * forced): who claimed it and when, where it is, its chart's file. A fresh object per schema.
 */
const postFields = () => ({
  claimedAt: Date,
  claimedBy: String,
  channel: String,
  ts: String,
  chartFileId: String,
  postedAt: Date,
  forcedCount: Number,
});

/** A stored week: `_id` is the team and the week. */
export type DigestDoc = DigestRecord & { _id: string };

/**
 * One document per workspace and ISO week (`_id` = team and week): the week's figures, stored
 * once built so next week's comparison and the 8-week chart read them instead of recomputing,
 * and the post, claimed by a conditional update so a week is posted once unless forced.
 */
export const digestSchema = new Schema<DigestDoc>(
  {
    _id: { type: String, required: true },
    teamId: { type: String, required: true },
    week: { type: String, required: true },
    from: { type: Date, required: true },
    to: { type: Date, required: true },
    figures: { type: Schema.Types.Mixed, required: true },
    builtAt: { type: Date, required: true },
    post: postFields(),
  },
  { collection: 'digests', versionKey: false, minimize: false },
);

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
    post: postFields(),
  },
  { collection: 'reports', versionKey: false, minimize: false },
);
