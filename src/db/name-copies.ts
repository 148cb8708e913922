import { trusted } from 'mongoose';

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
