/** A write refused by a unique index (MongoDB error 11000): the record is already there. */
export function isDuplicateKey(err: unknown): boolean {
  return (err as { code?: number } | null)?.code === 11000;
}

/**
 * A bulk write (`ordered: false`) whose every refused operation hit a unique index: racing
 * writers of the same records; the rest went in.
 */
export function onlyDuplicateKeys(err: unknown): boolean {
  const failed = (err as { writeErrors?: unknown[] } | null)?.writeErrors ?? [];
  return failed.length > 0 && failed.every(isDuplicateKey);
}

/**
 * Whether a write was refused by the unique index on `field`: MongoDB names the index's keys
 * (`keyPattern`); the stand-in only names the index in its message.
 */
export function isDuplicateOn(err: unknown, field: string): boolean {
  if (!isDuplicateKey(err)) return false;
  const e = err as { keyPattern?: Record<string, unknown>; message?: string };
  return e.keyPattern ? field in e.keyPattern : (e.message ?? '').includes(field);
}

/**
 * Inserts a document keyed by `_id` unless it exists: true only for the call that created it.
 * Racing callers are safe: the loser either matches the winner's document or (MongoDB may
 * refuse it on the unique `_id` instead) gets a duplicate-key error, read as "already there".
 */
export async function insertIfAbsent(
  model: {
    updateOne(
      filter: Record<string, unknown>,
      update: Record<string, unknown>,
      options: Record<string, unknown>,
    ): PromiseLike<{ upsertedCount: number }>;
  },
  key: { _id: string; teamId: string },
  fields: Record<string, unknown>,
): Promise<boolean> {
  try {
    const res = await model.updateOne(
      key,
      { $setOnInsert: fields },
      { upsert: true, timestamps: false },
    );
    return res.upsertedCount === 1;
  } catch (err) {
    if (isDuplicateKey(err)) return false;
    throw err;
  }
}
