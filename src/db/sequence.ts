import { Schema, type Model } from 'mongoose';
import { isDuplicateKey } from './errors.js';

/** A counter: `_id` is team, kind and period (a year). */
export interface SequenceDoc {
  _id: string;
  value: number;
}

/** Per-workspace counters (customer codes, ticket numbers), one document per team, kind, year. */
export const sequenceSchema = new Schema<SequenceDoc>(
  { _id: { type: String, required: true }, value: { type: Number, required: true } },
  { collection: 'sequences', versionKey: false },
);

export class SequenceRepository {
  constructor(private readonly model: Model<SequenceDoc>) {}

  /**
   * The next number of a sequence, starting at 1. One atomic $inc, so concurrent callers on any
   * number of instances never get the same number. A race on the very first upsert can raise a
   * duplicate-key error on one side; that side simply increments again.
   */
  /** Makes sure the sequence never hands out `value` or below (a number taken by an import). */
  async raiseTo(
    teamId: string,
    kind: string,
    period: string | number,
    value: number,
  ): Promise<void> {
    const _id = `${teamId}:${kind}:${period}`;
    try {
      await this.model.updateOne({ _id }, { $max: { value } }, { upsert: true });
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      await this.model.updateOne({ _id }, { $max: { value } });
    }
  }

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
        if (!isDuplicateKey(err) || attempt >= 3) throw err;
      }
    }
  }
}

/**
 * Inserts a record under the next number of a sequence. A number already taken (the unique
 * index refuses it: an imported code, or a database whose findAndModify handed the same value
 * to two callers) is skipped and the next one tried.
 */
export async function insertNumbered<T>(input: {
  sequences: SequenceRepository;
  teamId: string;
  kind: string;
  period: number;
  format: (sequence: number) => string;
  insert: (number: string) => Promise<T>;
  isTaken: (error: unknown) => boolean;
}): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    const number = input.format(await input.sequences.next(input.teamId, input.kind, input.period));
    try {
      return await input.insert(number);
    } catch (err) {
      if (!input.isTaken(err) || attempt >= 20) throw err;
    }
  }
}
