// A change whose notices are still owed (its outbox write refused: the ticket's mark set) when
// the daily close (the `tickets-close` job) closes the ticket, its reopen window over: the run
// writes the notices repair's replay instead of the close's card and line alone, so the earlier
// change's thread line goes once, before the close's.
import { trusted } from 'mongoose';
import { expect, test } from 'vitest';
import { outboxJob } from '../../jobs/outbox.js';
import { ticketsCloseJob } from '../../jobs/tickets-close.js';
import { useTestApp } from '../helpers/app.js';
import { submitLastModal } from '../helpers/clicks.js';
import { act, AGENT, makeTicket } from '../helpers/factories.js';
import { failCalls } from '../helpers/faults.js';
import { runJobAt } from '../helpers/jobs.js';
import { cardWrite } from '../helpers/setups-10-notices.js';

const TRIAGE = 'C0TRIAGE01';
const REQ = 'U0REQUEST1';
const app = useTestApp({ env: { TRIAGE_CHANNEL_ID: TRIAGE }, now: '2026-11-24T02:00:00Z' });

const stored = async (number: string) => (await app.db.models.tickets.findOne({ number }).lean())!;

test('a Note on a resolved ticket whose outbox write is refused (database) just before the daily close closes it: the note’s line once, then the close’s; nothing owed', async () => {
  const ticket = await makeTicket(app, { requester: { userId: REQ } });
  await act(app, ticket.number, { action: 'claim' });
  await act(app, ticket.number, { action: 'resolve', summary: 'Replaced the encoder' });
  await app.desk.outbox.drain();
  const ts = (await stored(ticket.number)).card!.ts!;

  // Months on, thirty seconds before the day's close: a note saved, its notices not written.
  app.clock.set('2027-03-01T00:59:30Z');
  await app.slack.blockAction(
    { action_id: 'ticket_note_open', value: ticket.number, block_id: 'ticket_actions' },
    { userId: AGENT, channelId: TRIAGE },
  );
  const restore = failCalls(app.db.models.outbox, 'bulkWrite', { when: cardWrite as never });
  try {
    await submitLastModal(app, { note: 'Customer confirmed by phone' }, AGENT);
  } finally {
    restore();
  }
  expect((await stored(ticket.number)).noticesOwedAt).toBeDefined();
  app.fake.reset();
  await runJobAt(app, ticketsCloseJob, '2027-03-01T01:00:00Z');
  expect((await stored(ticket.number)).status).toBe('closed');
  const lines = () =>
    app.fake
      .tookPostsTo(TRIAGE)
      .filter((c) => c.args.thread_ts === ts)
      .map((c) => String(c.args.text));
  const posted = lines();
  // The outbox job after the repair's wait.
  for (const at of ['2027-03-01T01:03:00Z', '2027-03-01T01:10:00Z']) {
    await runJobAt(app, outboxJob, at);
    posted.push(...lines());
  }
  expect(posted).toEqual([
    `<@${AGENT}> noted: Customer confirmed by phone`,
    'The days to reopen it are over: the desk closed it.',
  ]);
  expect((await stored(ticket.number)).noticesOwedAt).toBeUndefined();
  expect(
    await app.db.models.outbox.countDocuments({ state: 'pending', kind: trusted({ $ne: 'home' }) }),
  ).toBe(0);
});
