import type { Model } from 'mongoose';
import { insertIfAbsent } from '../db/errors.js';
import type { ChannelLinkDoc, SeenEventDoc } from './model.js';
import type { ChannelLink } from './types.js';

function toLink(doc: ChannelLinkDoc): ChannelLink {
  const { _id, ...rest } = doc;
  void _id;
  return rest;
}

export class ChannelLinkRepository {
  constructor(private readonly model: Model<ChannelLinkDoc>) {}

  async byChannel(teamId: string, channelId: string): Promise<ChannelLink | null> {
    const doc = await this.model.findOne({ teamId, channelId }).lean<ChannelLinkDoc>();
    return doc ? toLink(doc) : null;
  }

  async byCustomer(teamId: string, customerId: string): Promise<ChannelLink[]> {
    const docs = await this.model.find({ teamId, customerId }).lean<ChannelLinkDoc[]>();
    return docs.map(toLink);
  }

  /** Links the channel (a channel linked before is linked again, to this customer and mode). */
  async upsert(link: ChannelLink): Promise<ChannelLink> {
    const doc = await this.model
      .findOneAndUpdate(
        { teamId: link.teamId, channelId: link.channelId },
        { $set: link },
        { upsert: true, returnDocument: 'after' },
      )
      .lean<ChannelLinkDoc>();
    return toLink(doc!);
  }

  async remove(teamId: string, channelId: string): Promise<boolean> {
    const res = await this.model.deleteOne({ teamId, channelId });
    return res.deletedCount === 1;
  }
}

export class SeenEventRepository {
  constructor(private readonly model: Model<SeenEventDoc>) {}

  /** True for the one delivery of `eventId` that gets to do the work. */
  first(teamId: string, eventId: string, type: string, at: Date): Promise<boolean> {
    return insertIfAbsent(
      this.model as never,
      { _id: `${teamId}:${eventId}`, teamId },
      { type, at },
    );
  }
}
