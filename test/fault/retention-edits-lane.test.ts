// A first retention run writes about 10 edits of old posts a ticket (`message.edit`): hours of
// chat.update at Slack's pace. They are a lane of their own, after the bulk redraws: a card the
// tickets-close job updates while they wait goes before them, and the managers' Home counts them
// apart from the messages waiting (revposts F3).
import { trusted } from 'mongoose';
import { describe, expect, test } from 'vitest';
import { privacyRetentionJob } from '../../jobs/privacy-retention.js';
import { ticketsCloseJob } from '../../jobs/tickets-close.js';
import { runDue } from '../../src/schedule/runner.js';
import { useTestApp } from '../helpers/app.js';
import { act, AGENT, makeCustomer, makeTicket } from '../helpers/factories.js';
import { jobDeps } from '../helpers/jobs.js';
import { closedCopiesWithLines } from '../helpers/retention-backlog.js';

const TRIAGE = 'C0TRIAGE01';
const MANAGER = 'U0MANAGER1';
/** Closed tickets retention takes, each with LINES recorded posts under its card. */
const TICKETS = 30;
const LINES = 10;

// Tuesday 2026-11-24 10:00 in Shanghai.
const app = useTestApp({
  env: { TRIAGE_CHANNEL_ID: TRIAGE, ADMIN_USER_IDS: 'U0ADMIN001' },
  now: '2026-11-24T02:00:00Z',
});

const ticketOf = async (number: string) =>
  (await app.db.models.tickets.findOne({ number }).lean())!;

async function homeOf(user: string): Promise<string> {
  await app.slack.event({ type: 'app_home_opened', user, channel: 'D0HOME0001', tab: 'home' });
  const publish = app.fake.callsTo('views.publish').at(-1)!;
  expect(publish.args.user_id).toBe(user);
  return JSON.stringify(publish.args.view);
}

/**
 * TICKETS closed tickets (one through the flows, the rest copies of it written to the database),
 * each with LINES thread lines recorded as the outbox records them; and one ticket resolved the
 * same day and left resolved (the tickets-close job closes it once its window is over). Its number.
 */
async function backlog(): Promise<string> {
  const customer = await makeCustomer(app);
  const old = await makeTicket(app, { customerCode: customer.code, title: 'Pump 0' });
  await act(app, old.number, { action: 'resolve', summary: 'Fixed' }, AGENT);
  await act(app, old.number, { action: 'close' }, AGENT);
  const resolved = await makeTicket(app, { customerCode: customer.code, title: 'Valve' });
  await act(app, resolved.number, { action: 'resolve', summary: 'Valve replaced' }, AGENT);
  await app.desk.outbox.drain();
  await closedCopiesWithLines(app, old.number, { tickets: TICKETS, lines: LINES, channel: TRIAGE });
  await app.setSettings(() => ({ retentionDays: 30, managers: [MANAGER] }));
  return resolved.number;
}

describe('the edits of old posts are a lane of their own, after the bulk redraws', () => {
  test(
    "a card the tickets-close job updates while a retention run's edits wait goes out before them, and the managers' Home counts the edits apart",
    { timeout: 120_000 },
    async () => {
      const number = await backlog();
      // The daily retention run (09:00 in Shanghai): the edits are written, due now.
      app.clock.set('2027-01-05T01:00:00Z');
      await runDue(jobDeps(app), [privacyRetentionJob]);
      const edits = await app.db.models.outbox.countDocuments({
        kind: 'message.edit',
        state: 'pending',
      });
      expect(edits).toBeGreaterThanOrEqual(TICKETS * LINES);
      // Two minutes later, before any of them went, the tickets-close job closes the resolved
      // ticket (its window long over): its card and close line, behind the urgent messages.
      app.clock.set('2027-01-05T01:02:00Z');
      await runDue(jobDeps(app), [ticketsCloseJob]);
      const ticket = await ticketOf(number);
      expect(ticket.status).toBe('closed');

      // The managers' Home: the edits said apart, not among the messages waiting.
      const others = await app.db.models.outbox.countDocuments({
        kind: trusted({ $nin: ['home', 'message.edit'] }),
        state: 'pending',
      });
      expect(others).toBeLessThan(TICKETS * 2);
      const home = await homeOf(MANAGER);
      expect(home).toContain(`${edits} old posts of the desk are being edited`);
      expect(home).toContain(`${others} Slack messages are waiting to be delivered`);
      expect(home).not.toContain(`${edits + others} Slack messages`);

      // The worker's pass: the closed ticket's card and its close line go before the first edit;
      // every edit goes after them, at the same chat.update pace.
      // An edit is a chat.update of a recorded post (the account manager's DM keeps its Open:
      // not told by its blocks).
      const posted = new Set((await app.db.models.ticketPosts.find().lean()).map((p) => p.ts));
      app.fake.reset();
      await app.desk.outbox.drain();
      const calls = app.fake.calls.filter((c) => c.outcome === 'ok');
      const isEdit = (c: (typeof calls)[number]) =>
        c.method === 'chat.update' && posted.has(String(c.args.ts));
      const firstEdit = calls.findIndex(isEdit);
      const card = calls.findIndex(
        (c) => c.method === 'chat.update' && c.args.ts === ticket.card.ts && !isEdit(c),
      );
      const line = calls.findIndex(
        (c) =>
          c.method === 'chat.postMessage' &&
          c.args.thread_ts === ticket.card.ts &&
          /closed/i.test(String(c.args.text)),
      );
      expect(firstEdit).toBeGreaterThan(-1);
      expect(card).toBeGreaterThan(-1);
      expect(line).toBeGreaterThan(-1);
      expect(card).toBeLessThan(firstEdit);
      expect(line).toBeLessThan(firstEdit);
      expect(calls.filter(isEdit)).toHaveLength(edits);
      expect(
        await app.db.models.outbox.countDocuments({
          state: 'pending',
          kind: trusted({ $ne: 'home' }),
        }),
      ).toBe(0);
      // Nothing left waiting: the Home says every message went, and no edits.
      const after = await homeOf(MANAGER);
      expect(after).toContain('Every Slack message the desk sent has been delivered.');
      expect(after).not.toContain('old posts');
    },
  );
});
