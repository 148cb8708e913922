import { Schema, type Model } from 'mongoose';

/** Per-workspace counters (customer codes, ticket numbers), one document per team, kind, year. */
export const sequenceSchema = new Schema(
  { _id: { type: String, required: true }, value: { type: Number, required: true } },
  { collection: 'sequences', versionKey: false },
);

interface SequenceDoc {
  _id: string;
  value: number;
}

export class SequenceRepository {
  constructor(private readonly model: Model<SequenceDoc>) {}

  /**
   * The next number of a sequence, starting at 1. One atomic $inc, so concurrent callers on any
   * number of instances never get the same number. A race on the very first upsert can raise a
   * duplicate-key error on one side; that side simply increments again.
   */
  async next(teamId: string, kind: string, period: string | number): Promise<number> {
    const _id = `${teamId}:${kind}:${period}`;
    for (let attempt = 0; ; attempt++) {
      try {
        const doc = await this.model
          .findOneAndUpdate(
            { _id },
            { $inc: { value: 1 } },
            { upsert: true, returnDocument: 'after', lean: true },
          )
          .exec();
        return doc!.value;
      } catch (err) {
        if ((err as { code?: number }).code !== 11000 || attempt >= 3) throw err;
      }
    }
  }
}
