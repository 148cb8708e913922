// The daily `tickets-close` job over a backlog (moved from test/e2e/ticket-close-window.test.ts:
// volume, hundreds of tickets a test): a run closes at most 500, the oldest first, its notices
// bulk, and counts as left only what the next run could close.
import { describe, expect, test } from 'vitest';
import { ticketsCloseJob } from '../../jobs/tickets-close.js';
import { runDue } from '../../src/schedule/runner.js';
import { useTestApp } from '../helpers/app.js';
import { AGENT } from '../helpers/factories.js';
import { jobDeps } from '../helpers/jobs.js';
import { resolvedWithCopies } from '../helpers/ticket-copies.js';

const TRIAGE = 'C0TRIAGE01';
const REQ = 'U0REQUEST1';
const app = useTestApp({
  env: { TRIAGE_CHANNEL_ID: TRIAGE, ADMIN_USER_IDS: 'U0ADMIN001' },
  now: '2026-11-24T02:00:00Z',
});

const stored = async (number: string) => (await app.db.models.tickets.findOne({ number }).lean())!;

describe('the reopen window of a resolved ticket', () => {
  test('a run closes at most 500 (the oldest first), its notices behind the other messages; the next run closes the rest', async () => {
    // 501 more resolved the same day (copies of it, as an old desk's backlog after an upgrade).
    const { ticket } = await resolvedWithCopies(app, REQ, 501, 5000, 'backlog');
    await app.db.models.outbox.deleteMany({});
    // Months on, the first run: 500 closed, the oldest first (the one filed through the desk).
    app.clock.set('2027-03-01T01:00:00Z');
    const [run] = await runDue(jobDeps(app), [ticketsCloseJob]);
    expect(run!.counts).toEqual({ closed: 500, left: 2 });
    expect((await stored(ticket.number)).status).toBe('closed');
    expect(await app.db.models.tickets.countDocuments({ status: 'resolved' })).toBe(2);
    // A card and a line each, all bulk: nothing ahead of the day's alerts and DMs.
    const written = await app.db.models.outbox.find({}, { key: 1, bulk: 1 }).lean();
    const notices = written.filter((e) => /^(card|ticket):/.test(e.key));
    expect(notices).toHaveLength(1000);
    expect(notices.every((e) => e.bulk)).toBe(true);
    // The next day's run closes the two left.
    app.clock.set('2027-03-02T01:00:00Z');
    const [next] = await runDue(jobDeps(app), [ticketsCloseJob]);
    expect(next!.counts).toEqual({ closed: 2 });
    expect(await app.db.models.tickets.countDocuments({ status: 'resolved' })).toBe(0);
  });

  test('a capped run counts as left only what the next run could close, not the tickets waiting on their revisit', async () => {
    const { doc, copies } = await resolvedWithCopies(app, REQ, 504, 6000, 'waiting');
    // The last three still wait on their revisit (open, this resolution's), as does the ticket
    // resolved through the desk (its 3-7-30 follow-ups planned at the resolution).
    await app.db.models.tasks.create(
      copies.slice(-3).map((t, i) => ({
        _id: `revisit:${i}`,
        teamId: doc.teamId,
        kind: 'revisit' as const,
        status: 'open' as const,
        ticketId: String(t._id),
        cycle: 0,
        customerId: 'none',
        customerCode: 'C2026001',
        customerName: 'Acme',
        assigneeId: AGENT,
        dueDate: '2026-11-27',
      })),
    );
    // Ten days on: the 7 days are over, the 30 days of a revisit's wait are not.
    app.clock.set('2026-12-04T01:00:00Z');
    const [run] = await runDue(jobDeps(app), [ticketsCloseJob]);
    expect(run!.counts).toEqual({ closed: 500, left: 1 });
    expect(await app.db.models.tickets.countDocuments({ status: 'resolved' })).toBe(5);
    app.clock.set('2026-12-05T01:00:00Z');
    const [next] = await runDue(jobDeps(app), [ticketsCloseJob]);
    expect(next!.counts).toEqual({ closed: 1 });
  });
});
