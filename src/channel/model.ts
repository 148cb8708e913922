import { Schema } from 'mongoose';
import { INBOX_STATUSES, INTAKE_MODES, type ChannelLink, type InboxStatus } from './types.js';

export type ChannelLinkDoc = ChannelLink & {
  _id: import('mongoose').Types.ObjectId;
  /**
   * The customer's revision whose name `customerName` is (none: linked before it was kept): a
   * rename's copy never replaces a later one's (ChannelLinkRepository.renameCustomer).
   */
  customerNameRevision?: number;
  /**
   * When the channel was last shared again after a disconnect (`channel_shared`'s time): an
   * older channel_unshared delivered late (a redo) does not mark it disconnected again.
   */
  reconnectedAt?: Date;
};

export const channelLinkSchema = new Schema<ChannelLinkDoc>(
  {
    teamId: { type: String, required: true },
    channelId: { type: String, required: true },
    customerId: { type: String, required: true },
    customerCode: { type: String, required: true },
    customerName: { type: String, required: true },
    customerNameRevision: Number,
    intake: { type: String, enum: INTAKE_MODES, required: true },
    emoji: { type: String, required: true },
    shared: { type: Boolean, required: true },
    sharedAsOf: Date,
    sharedPending: Boolean,
    linkedBy: { type: String, required: true },
    linkedAt: { type: Date, required: true },
    cleared: Boolean,
    disconnectedAt: Date,
    disconnectedTeam: String,
    reconnectedAt: Date,
  },
  { collection: 'channel_links', versionKey: false },
);
// One customer per channel in a workspace.
channelLinkSchema.index({ teamId: 1, channelId: 1 }, { unique: true });
channelLinkSchema.index({ teamId: 1, customerId: 1 });

/**
 * The Events API inbox (`slack_events`, `_id` = team and event_id): a delivery of a customer
 * channel event is written here as `pending` (with a lease) before its work, marked `done`
 * after it, `failed` (attempts, next attempt time) when it threw, and `dead` after
 * EVENT_MAX_ATTEMPTS. The unique `_id` makes a retry (X-Slack-Retry-Num) or the same event at
 * another instance do nothing; the `slack-events` job redoes pending (lease run out) and failed
 * ones. Records written before the inbox have no `status`: they count as done.
 */
export interface SeenEventDoc {
  _id: string;
  teamId: string;
  type: string;
  /** When it was received. */
  at: Date;
  status?: InboxStatus;
  /** Attempts that failed (or were cut short) so far. */
  attempts?: number;
  /** Until when the attempt under way holds it (pending). */
  leaseUntil?: Date;
  /** When a failed one may be tried again. */
  nextAttemptAt?: Date;
  /** What the work needs to be done again (JSON of InboxPayload); dropped once done. */
  payload?: string;
  /** The last failure's message (no payload in it). */
  error?: string;
  doneAt?: Date;
}

export const seenEventSchema = new Schema<SeenEventDoc>(
  {
    _id: { type: String, required: true },
    teamId: { type: String, required: true },
    type: { type: String, required: true },
    at: { type: Date, required: true },
    status: { type: String, enum: INBOX_STATUSES },
    attempts: { type: Number },
    leaseUntil: { type: Date },
    nextAttemptAt: { type: Date },
    payload: { type: String },
    error: { type: String },
    doneAt: { type: Date },
  },
  { collection: 'slack_events', versionKey: false },
);
seenEventSchema.index({ teamId: 1, at: 1 });
// The redo job's sweep (per workspace) and the cleanup (across workspaces).
seenEventSchema.index({ teamId: 1, status: 1, at: 1 });
seenEventSchema.index({ status: 1, at: 1 });
