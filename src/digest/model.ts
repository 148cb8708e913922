import { Schema } from 'mongoose';
import type { DigestRecord } from './types.js';

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
  { collection: 'digests', versionKey: false, minimize: false },
);
