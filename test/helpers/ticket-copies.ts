// Copies of a stored ticket, seeded in one write: for tests that need many tickets as the desk
// stores them (a long history, a chain of merges, a job's batch) without making each one.
import type { TestApp } from './app.js';
import { act, makeTicket } from './factories.js';

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

/**
 * A ticket of `requester` claimed and resolved through the desk, its notices sent, and `count`
 * copies of it stored resolved the same day (numbered from T2026<first>, submission ids
 * `<tag>:<i>`).
 */
export async function resolvedWithCopies(
  app: TestApp,
  requester: string,
  count: number,
  first: number,
  tag: string,
) {
  const ticket = await makeTicket(app, { requester: { userId: requester } });
  await act(app, ticket.number, { action: 'claim' });
  await act(app, ticket.number, { action: 'resolve', summary: 'Replaced the encoder' });
  await app.desk.outbox.drain();
  const doc = (await app.db.models.tickets.findOne({ number: ticket.number }).lean())!;
  const copies = await storeCopies(app, doc, count, (i) => ({
    number: `T2026${String(first + i)}`,
    submissionId: `${tag}:${i}`,
  }));
  return { ticket, doc, copies };
}
