// Copies of a stored ticket, seeded in one write: for tests that need many tickets as the desk
// stores them (a long history, a chain of merges, a job's batch) without making each one.
import type { TestApp } from './app.js';

/**
 * `count` copies of ticket `doc` as read from the database (its `_id` left out), in one
 * insertMany; `each(i)` gives copy `i` its own number and submission id (both unique in the team)
 * and any other change. Returns the copies stored.
 */
export async function storeCopies<T extends { _id?: unknown }>(
  app: TestApp,
  doc: T,
  count: number,
  each: (i: number) => Record<string, unknown>,
) {
  const { _id, ...rest } = doc;
  void _id;
  return app.db.models.tickets.insertMany(
    Array.from({ length: count }, (_, i) => ({ ...rest, ...each(i) })),
  );
}
