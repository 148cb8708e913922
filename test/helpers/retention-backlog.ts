import { expect } from 'vitest';
import type { TestApp } from './app.js';

/**
 * A first retention run's backlog written straight to the database: `tickets - 1` copies of the
 * closed ticket `number` (their own numbers, titles and card ts), then `lines` thread lines
 * recorded for each closed ticket in `channel`, as the outbox records them (ticket_posts).
 */
export async function closedCopiesWithLines(
  app: TestApp,
  number: string,
  opts: { tickets: number; lines: number; channel: string },
): Promise<void> {
  const { _id, ...closed } = (await app.db.models.tickets.findOne({ number }).lean())!;
  await app.db.models.tickets.collection.insertMany(
    Array.from({ length: opts.tickets - 1 }, (_, k) => ({
      ...closed,
      number: `T2026${String(5001 + k)}`,
      submissionId: `copy-${k}`,
      title: `Pump ${k + 1}`,
      card: { ...closed.card, ts: `${closed.card!.ts}${String(k).padStart(3, '0')}` },
    })),
  );
  const all = await app.db.models.tickets.find({ status: 'closed' }).lean();
  expect(all).toHaveLength(opts.tickets);
  await app.db.models.ticketPosts.insertMany(
    all.flatMap((t) =>
      Array.from({ length: opts.lines }, (_, seq) => ({
        teamId: t.teamId,
        ticketId: String(t._id),
        key: `ticket:${String(t._id)}:event:${seq + 10}`,
        kind: 'line' as const,
        seq: seq + 10,
        channel: opts.channel,
        ts: `${t.card!.ts}.${seq}`,
        at: new Date(),
      })),
    ),
  );
}
