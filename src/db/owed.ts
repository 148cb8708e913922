import { trusted, type Model, type UpdateQuery } from 'mongoose';

/**
 * A mark of side effects owed, written with the state change that owes them (the outbox job's
 * repair reads it: src/flows/owed.ts): `mark`, the field taken off once they are done, and
 * `at`, the date in it its index is on and its clearing matches (the mark itself when it is
 * that date).
 */
export interface OwedMark {
  mark: string;
  at?: string;
}

/**
 * The documents across workspaces whose mark is dated at or before `before` (and that match
 * `where`, when given), oldest first, `limit` at most (through the index on its date).
 */
export function markedBefore<D>(
  model: Model<D>,
  { mark, at = mark }: OwedMark,
  before: Date,
  limit: number,
  where: Record<string, unknown> = {},
): Promise<D[]> {
  return model
    .find({ [at]: trusted({ $lte: before }), ...where })
    .sort({ [at]: 1 })
    .limit(limit)
    .lean<D[]>()
    .exec();
}

/**
 * The document's mark taken off, if it is still the one dated `date` (a later change's mark
 * stays), in one conditional update. Not a change of the document: its updatedAt stays.
 */
export async function unmark<D>(
  model: Model<D>,
  { mark, at = mark }: OwedMark,
  teamId: string,
  id: string,
  date: Date,
): Promise<void> {
  await model.updateOne(
    { teamId, _id: id, [at]: date },
    { $unset: { [mark]: '' } } as UpdateQuery<D>,
    { timestamps: false },
  );
}
