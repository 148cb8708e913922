import { Schema } from 'mongoose';
import { OUTBOX_KINDS, OUTBOX_STATES, type OutboxEntry } from './types.js';

export type OutboxDoc = Omit<OutboxEntry, 'id'> & { _id: import('mongoose').Types.ObjectId };

export const outboxSchema = new Schema<OutboxDoc>(
  {
    teamId: { type: String, required: true },
    key: { type: String, required: true },
    kind: { type: String, enum: OUTBOX_KINDS, required: true },
    to: { type: String, required: true },
    group: String,
    data: { type: Schema.Types.Mixed },
    thread: { type: new Schema({ ts: String, parentKey: String }, { _id: false }) },
    state: { type: String, enum: OUTBOX_STATES, required: true },
    seq: { type: Number, required: true },
    rev: { type: Number, required: true },
    attempts: { type: Number, required: true },
    nextAt: { type: Date, required: true },
    leaseOwner: String,
    leaseUntil: Date,
    heldBy: { type: [String], default: undefined },
    lastError: String,
    result: { type: new Schema({ channel: String, ts: String }, { _id: false }) },
    refused: String,
    createdAt: { type: Date, required: true },
    sentAt: Date,
  },
  { collection: 'outbox', versionKey: false, minimize: false },
);
// A change's key is written once per workspace: the idempotency of the whole outbox.
outboxSchema.index({ teamId: 1, key: 1 }, { unique: true });
// What the worker looks for: due entries, oldest first.
outboxSchema.index({ state: 1, nextAt: 1 });
// A manager's Home: a workspace's entries waiting or given up, and the channels refused.
outboxSchema.index({ teamId: 1, state: 1 });

/**
 * A channel Slack refused the desk in (one of CHANNEL_ERRORS) while a message went to its
 * fallback instead: one per channel, kept until a message reaches the channel again, the
 * channel is unlinked from its customer or an admin dismisses it on their Home (the outbox's
 * sent entries that say so are purged after a week; this is not). What the admins' Home reads.
 */
export interface ChannelRefusalDoc {
  teamId: string;
  channel: string;
  error: string;
  at: Date;
}

export const channelRefusalSchema = new Schema<ChannelRefusalDoc>(
  {
    teamId: { type: String, required: true },
    channel: { type: String, required: true },
    error: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { collection: 'channel_refusals', versionKey: false },
);
channelRefusalSchema.index({ teamId: 1, channel: 1 }, { unique: true });
