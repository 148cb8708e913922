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
    /** the zone the figures were built in (absent on older records) */
    timeZone: String,
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
    /** the zone the figures were built in (absent on older records) */
    timeZone: String,
    figures: { type: Schema.Types.Mixed, required: true },
    builtAt: { type: Date, required: true },
    buildMs: Number,
    post: postFields(),
  },
  { collection: 'reports', versionKey: false, minimize: false },
);

/** A stored day of one kind of records a report reads, or (`part: 'state'`) a team's watermark. */
export interface DailyFactsDoc {
  _id: string;
  teamId: string;
  part: 'tickets' | 'tasks' | 'orders' | 'state' | 'open' | 'clocks';
  day?: string;
  timeZone: string;
  /** The layout of `items`; a day stored by another layout is read again. */
  version?: number;
  /** The ids of the records in `items` (to find the days a changed record was filed in). */
  ids?: string[];
  /** The items first touching the day as one JSON text: one value instead of thousands. */
  items?: string;
  /**
   * A day: its revision, raised by each save; a save replaces it only at the revision seen
   * before its read (DailyFactsRepository.save). Absent on days stored before it was kept.
   */
  rev?: number;
  /** A day: the save that wrote it (one id per call), to tell which of its days went in. */
  writer?: string;
  /** The other items, grouped by the day they first touch (`home`), each as one JSON text. */
  carried?: { home: string; items: string }[];
  /** The open tickets' clocks only: the weekly digest's backlog (ClockRow[] as JSON). */
  clocks?: string;
  /** The clocks and the state: the clocks also hold every ticket resolved or closed since. */
  clocksSince?: Date;
  /** Records written before this instant are current in every stored day (state only). */
  watermark?: Date;
  builtAt: Date;
}

/**
 * One document per workspace, part (tickets, tasks, orders) and local day (`figures_daily`,
 * `T…:tickets:2026-10-03`): the report's fields of every record that day touches, so a month
 * reads 31 documents per part instead of every ticket; and one per workspace (`T…:state`) with
 * the watermark: records written since it are read again (src/digest/daily/service.ts).
 */
export const dailyFactsSchema = new Schema<DailyFactsDoc>(
  {
    _id: { type: String, required: true },
    teamId: { type: String, required: true },
    part: { type: String, required: true },
    day: String,
    timeZone: { type: String, required: true },
    version: Number,
    ids: { type: [String], default: undefined },
    items: String,
    rev: Number,
    writer: String,
    carried: { type: [{ _id: false, home: String, items: String }], default: undefined },
    clocks: String,
    clocksSince: Date,
    watermark: Date,
    builtAt: { type: Date, required: true },
  },
  { collection: 'figures_daily', versionKey: false, minimize: false },
);
dailyFactsSchema.index({ teamId: 1, part: 1, ids: 1 });
