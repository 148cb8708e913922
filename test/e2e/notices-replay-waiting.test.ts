// A Reassign of a ticket waiting on its customer, a next reply owed, whose notices were cut short
// (the mark left on the ticket); within the repair's wait a later change replays them
// (TicketFlows, `owedEarlier`): Log response (recordResponse) and Customer wrote…
// (customerWrote), as a later act does. Whom it was handed to is told once, with what the ticket
// owes as it stands then: still waiting, its clocks paused (the reply answered); resumed, its due
// times; as the repair itself would tell them with no later change. Add note (an act) keeps it
// waiting, the reply owed: the DM the replay writes says it too (what goes out, as written, when
// the ticket cannot be read as it goes). The reassign and the later changes through the real
// Bolt HTTP path: signed requests, the fake Slack, the test database.
import { beforeEach, expect, test, vi } from 'vitest';
import { outboxJob } from '../../jobs/outbox.js';
import { useTestApp } from '../helpers/app.js';
import { act, AGENT, makeCustomer, makeTicket, respond } from '../helpers/factories.js';
import { runJobAt } from '../helpers/jobs.js';
import { submitLastModal } from '../helpers/clicks.js';

const TRIAGE = 'C0TRIAGE01';
const OTHER = 'U0AGENT002';

// Tuesday 2026-11-24 10:00 in Shanghai; business hours Mon-Fri 09:00-18:00.
const app = useTestApp({ env: { TRIAGE_CHANNEL_ID: TRIAGE }, now: '2026-11-24T02:00:00Z' });

let number = '';
const stored = async () => (await app.db.models.tickets.findOne({ number }).lean())!;
const click = (actionId: string, userId = AGENT) =>
  app.slack.blockAction(
    { action_id: actionId, value: number, block_id: 'ticket_actions' },
    { userId, channelId: TRIAGE },
  );
const lastOpened = () =>
  app.fake.callsTo('views.open').at(-1)!.args.view as Record<string, unknown>;
const HANDED = `is yours now (L1), from <@${AGENT}>`;
const PAUSED = 'Its SLA clocks are paused while it waits on the customer.';

/**
 * Filed for a contact by phone, claimed by AGENT, answered at 10:10; the customer called again at
 * 10:15 (a reply owed), and at 10:20 it waits on them. 10:30: AGENT hands it to OTHER, the
 * notices' write fails (the reassign stands, owing them). Then 10:31.
 */
beforeEach(async () => {
  const { code } = await makeCustomer(app);
  await app.setSettings(() => ({ agents: [AGENT, OTHER], openDesk: false }));
  ({ number } = await makeTicket(app, {
    customerCode: code,
    requester: { contactName: 'Li Lei', via: 'phone' },
  }));
  await act(app, number, { action: 'claim' });
  app.clock.set('2026-11-24T02:10:00Z');
  await respond(app, number, AGENT, { via: 'phone', text: 'Restart it' });
  app.clock.set('2026-11-24T02:15:00Z');
  await click('ticket_customer_wrote_open');
  const wrote = { via: 'phone', time: '10:15', said: 'Still broken' };
  const view = { ...lastOpened(), id: 'V0WROTE001' };
  expect((await app.slack.submitView(view, wrote, { userId: AGENT })).body).toBe('');
  app.clock.set('2026-11-24T02:20:00Z');
  await click('ticket_wait');
  await app.desk.outbox.drain();
  expect(await stored()).toMatchObject({ status: 'waiting', replyFrom: expect.any(Date) });

  app.clock.set('2026-11-24T02:30:00Z');
  await click('ticket_reassign_open');
  const cut = vi
    .spyOn(app.desk.services.outbox, 'batch')
    .mockRejectedValueOnce(new Error('database down'));
  try {
    await app.slack.submitView(lastOpened(), { assignee: OTHER }, { userId: AGENT });
  } finally {
    cut.mockRestore();
  }
  expect(await stored()).toMatchObject({
    status: 'waiting',
    assigneeId: OTHER,
    noticesOwedAt: expect.any(Date),
  });
  app.clock.set('2026-11-24T02:31:00Z');
  app.fake.reset();
});

/** What OTHER was told by DM: by the request, then by the outbox job's runs (nothing repaired). */
async function toldOther(repaired: number): Promise<string[]> {
  const took = () => app.fake.tookPostsTo(OTHER).map((c) => String(c.args.text));
  await app.desk.outbox.drain();
  const told = took();
  let done = 0;
  for (const at of ['2026-11-24T02:33:30Z', '2026-11-24T02:40:00Z']) {
    app.fake.reset();
    const [run] = await runJobAt(app, outboxJob, at);
    done += Number(run!.counts?.repaired ?? 0);
    told.push(...took());
  }
  expect(done).toBe(repaired);
  expect((await stored()).noticesOwedAt).toBeUndefined();
  return told;
}

test('Log response by the new holder: told once that it is theirs, still waiting with its clocks paused, the reply answered', async () => {
  await click('ticket_log_response_open', OTHER);
  const said = { via: 'phone', said: 'We are looking into it' };
  expect((await app.slack.submitView(lastOpened(), said, { userId: OTHER })).body).toBe('');
  expect(await stored()).toMatchObject({ status: 'waiting', assigneeId: OTHER });
  expect((await stored()).replyFrom).toBeUndefined();
  const told = await toldOther(0);
  expect(told).toHaveLength(1);
  expect(told[0]).toContain(HANDED);
  expect(told[0]).toContain(PAUSED);
  expect(told[0]).not.toContain('reply owed');
});

test('Customer wrote… recorded by the new holder: told once that it is theirs, resumed, its due times running', async () => {
  await click('ticket_customer_wrote_open', OTHER);
  const view = { ...lastOpened(), id: 'V0WROTE002' };
  const wrote = { via: 'phone', time: '10:31', said: 'Any news?' };
  expect((await app.slack.submitView(view, wrote, { userId: OTHER })).body).toBe('');
  expect(await stored()).toMatchObject({ status: 'assigned', assigneeId: OTHER });
  const told = await toldOther(0);
  expect(told).toHaveLength(1);
  expect(told[0]).toContain(HANDED);
  expect(told[0]).not.toContain(PAUSED);
  expect(told[0]).toContain('Reply to the customer due');
  expect(told[0]).toContain('Resolution due');
});

test('no later change: the repair tells them, the reply owed paused with what is left', async () => {
  const told = await toldOther(1);
  expect(told).toHaveLength(1);
  expect(told[0]).toContain(HANDED);
  expect(told[0]).toContain(PAUSED);
  expect(told[0]).toContain(
    'The customer wrote again, reply owed: Paused while waiting on the customer (7 h 55 min of business time left)',
  );
});

test('Add note by the new holder, the DM telling them it is theirs failed by Slack, its ticket gone before it goes again: the DM as the replay wrote it, the reply owed paused with what is left', async () => {
  // The note (the ticket still waiting, the reply still owed) replays the reassign's notices;
  // Slack fails the DM to OTHER once, so it waits in the outbox for its retry.
  await click('ticket_note_open', OTHER);
  app.fake.answerNextPostsTo(OTHER, [{ error: 'internal_error' }]);
  await submitLastModal(app, { note: 'Checking the logs' }, OTHER);
  expect(await stored()).toMatchObject({ status: 'waiting', replyFrom: expect.any(Date) });
  expect(app.fake.postsTo(OTHER)).toHaveLength(1);
  expect(app.fake.tookPostsTo(OTHER)).toEqual([]);
  // Its ticket gone (deleted) before the retry, within the 10 minutes a DM to its holder goes
  // without reading whether it still is theirs: the DM goes out as written, what the ticket
  // owed as the replay read it with it.
  await app.db.models.tickets.deleteOne({ number });
  app.clock.set('2026-11-24T02:33:00Z');
  await app.desk.outbox.drain();
  const told = app.fake.tookPostsTo(OTHER).map((c) => String(c.args.text));
  expect(told).toHaveLength(1);
  expect(told[0]).toContain(HANDED);
  expect(told[0]).toContain(PAUSED);
  expect(told[0]).toContain(
    'The customer wrote again, reply owed: Paused while waiting on the customer (7 h 55 min of business time left)',
  );
});
