// Personal data (#12): retention over a backlog (moved from test/e2e/privacy-retention.test.ts:
// 101 closed tickets a test). A first run anonymises them all at once and shows their cards again
// in the triage channel a page of 100 at a time, leaving chat.update's pace to today's cards.
import { trusted } from 'mongoose';
import { describe, expect, test } from 'vitest';
import { privacyRetentionJob } from '../../jobs/privacy-retention.js';
import { RETENTION_CARD_SPACING_MS } from '../../src/flows/privacy.js';
import { useTestApp } from '../helpers/app.js';
import { act, AGENT, makeCustomer, makeTicket } from '../helpers/factories.js';
import { runJobAt } from '../helpers/jobs.js';

const TRIAGE = 'C0TRIAGE01';
// Tuesday 2026-11-24 10:00 in Shanghai.
const app = useTestApp({
  env: { TRIAGE_CHANNEL_ID: TRIAGE, ADMIN_USER_IDS: 'U0ADMIN001' },
  now: '2026-11-24T02:00:00Z',
});

const ticketOf = (number: string) => app.db.models.tickets.findOne({ number }).lean();

describe("retention shows the anonymised tickets' cards in the triage channel again", () => {
  /**
   * The cards updated in the triage channel since the fake Slack's record was cleared (not the
   * edits of the lines under them, which carry no blocks).
   */
  const updated = () =>
    app.fake
      .callsTo('chat.update')
      .filter(
        (c) =>
          c.args.channel === TRIAGE &&
          c.outcome === 'ok' &&
          (c.args.blocks as unknown[] | undefined)?.length,
      );

  test(
    'a first run on a backlog updates the cards 100 at a time, a page every few minutes, not all at once',
    { timeout: 90_000 },
    async () => {
      // One ticket taken in, resolved and closed through the flows (its card posted), and 100
      // copies of it written to the database in one insert, each with a number, submission and
      // card of its own: the run reads what is stored, not how it came to be (101 tickets through
      // the flows took most of this file's time).
      const customer = await makeCustomer(app);
      const ticket = await makeTicket(app, { customerCode: customer.code, title: 'Pump 0' });
      await act(app, ticket.number, { action: 'resolve', summary: 'Fixed' }, AGENT);
      await act(app, ticket.number, { action: 'close' }, AGENT);
      await app.desk.outbox.drain();
      const { _id, ...closed } = (await ticketOf(ticket.number))!;
      expect(closed).toMatchObject({ status: 'closed', card: { pending: false } });
      const copies = Array.from({ length: 100 }, (_, k) => ({
        ...closed,
        number: `T2026${String(5001 + k)}`,
        submissionId: `copy-${k}`,
        title: `Pump ${k + 1}`,
        card: { ...closed.card, ts: `${closed.card.ts}${String(k).padStart(3, '0')}` },
      }));
      await app.db.models.tickets.collection.insertMany(copies);
      const numbers = [ticket.number, ...copies.map((c) => c.number)];
      await app.setSettings(() => ({ retentionDays: 30 }));

      const [run] = await runJobAt(app, privacyRetentionJob, '2027-01-05T01:00:00Z');
      expect(run!.counts).toMatchObject({ tickets: 101, cards: 101 });
      // Every ticket is anonymised at once; the first page of cards is updated now.
      const first = updated();
      expect(first).toHaveLength(100);
      // The last page is due a few minutes later, leaving chat.update's pace to today's cards.
      app.fake.reset();
      app.clock.advance(RETENTION_CARD_SPACING_MS - 1000);
      await app.desk.outbox.drain();
      expect(updated()).toEqual([]);
      app.clock.advance(1000);
      await app.desk.outbox.drain();
      const second = updated();
      expect(second).toHaveLength(1);
      const stored = await app.db.models.tickets.find({ number: trusted({ $in: numbers }) }).lean();
      expect(new Set([...first, ...second].map((c) => c.args.ts))).toEqual(
        new Set(stored.map((t) => t.card.ts)),
      );
      for (const c of [...first, ...second]) expect(JSON.stringify(c.args)).not.toMatch(/Pump \d/);
    },
  );
});
