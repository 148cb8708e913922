import { Schema } from 'mongoose';
import { INTAKE_MODES, type ChannelLink } from './types.js';

export type ChannelLinkDoc = ChannelLink & { _id: import('mongoose').Types.ObjectId };

export const channelLinkSchema = new Schema<ChannelLinkDoc>(
  {
    teamId: { type: String, required: true },
    channelId: { type: String, required: true },
    customerId: { type: String, required: true },
    customerCode: { type: String, required: true },
    customerName: { type: String, required: true },
    intake: { type: String, enum: INTAKE_MODES, required: true },
    emoji: { type: String, required: true },
    shared: { type: Boolean, required: true },
    linkedBy: { type: String, required: true },
    linkedAt: { type: Date, required: true },
  },
  { collection: 'channel_links', versionKey: false },
);
// One customer per channel in a workspace.
channelLinkSchema.index({ teamId: 1, channelId: 1 }, { unique: true });
channelLinkSchema.index({ teamId: 1, customerId: 1 });

/**
 * Events API deliveries already taken (`_id` = team and event_id), written before the work: a
 * retry (X-Slack-Retry-Num) or the same event delivered to another instance does nothing.
 */
export interface SeenEventDoc {
  _id: string;
  teamId: string;
  type: string;
  at: Date;
}

export const seenEventSchema = new Schema<SeenEventDoc>(
  {
    _id: { type: String, required: true },
    teamId: { type: String, required: true },
    type: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { collection: 'slack_events', versionKey: false },
);
seenEventSchema.index({ teamId: 1, at: 1 });
