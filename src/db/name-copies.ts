import { trusted, type Model } from 'mongoose';

/**
 * The filter of a copy of a customer's name (a task's, a channel link's) older than the rename
 * that gave the customer `revision`: none recorded (written before revisions were), or lower. A
 * copy's write filtered by it is idempotent and never goes back (src/customer/repository.ts
 * `namesOwed`).
 */
export function olderNameCopy(revision: number): Record<string, unknown>[] {
  return [
    { customerNameRevision: trusted({ $exists: false }) },
    { customerNameRevision: trusted({ $lt: revision }) },
  ];
}

/**
 * The rename that gave the customer `revision` (its name now `customerName`) written on the copies
 * of its name `where` selects (a customer's channel links, its open tasks) that are older
 * (`olderNameCopy`): one updateMany, idempotent and never back. How many changed.
 */
export async function writeNameCopies<T extends { customerName: string }>(
  model: Model<T>,
  where: { teamId: string; customerId: string; status?: string },
  customerName: string,
  revision: number,
): Promise<number> {
  const res = await model.updateMany(
    { ...where, $or: olderNameCopy(revision) },
    { $set: { customerName, customerNameRevision: revision } },
  );
  return res.modifiedCount;
}
