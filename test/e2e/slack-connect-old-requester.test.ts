// A ticket filed before the desk recorded `requester.external` (or while Slack did not describe
// the person in time) whose requester is of another organisation (Slack Connect): its notices
// still queue DMs to them, which Slack refuses. At the first refusal the desk asks Slack
// (users.info), marks the ticket's requester external once, drops what it still owes them for
// that ticket (not retried, not given up on the managers' Home) and queues no DM to them again;
// the card says how to answer them. A member whose DM Slack refuses is not marked.
import { beforeEach, expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { lastModalView } from '../helpers/clicks.js';
import { act, AGENT } from '../helpers/factories.js';
import {
  ACME,
  acmeAndMember,
  acmeDesk,
  ADMIN,
  MEMBER,
  newTicketFor,
  TRIAGE,
} from '../helpers/slack-connect.js';

const REQUESTER_EXTERNAL = 'requester_external';

const app = useTestApp({ env: { ADMIN_USER_IDS: ADMIN }, now: '2026-11-24T02:00:00Z' });

let code = '';
beforeEach(async () => {
  code = await acmeDesk(app, { linked: false });
  acmeAndMember(app);
});

/** A ticket for `requester` as one filed before the mark was recorded (no `requester.external`). */
async function oldTicket(requester: string): Promise<string> {
  const { ticket } = await newTicketFor(app, code, requester);
  await app.db.models.tickets.updateOne(
    { _id: ticket._id },
    { $unset: { 'requester.external': 1 } },
  );
  return ticket.number;
}

const entriesTo = (user: string) =>
  app.db.models.outbox
    .find({ to: user, kind: 'message' })
    .lean<{ key: string; state: string; lastError?: string }[]>();

test('Slack refuses the old ticket’s DM to a person of another organisation: the requester is marked once, what is owed them dropped, nothing queued again, the card says so', async () => {
  await app.setSettings(() => ({ quietHours: { enabled: true, start: '22:00', end: '08:00' } }));
  const number = await oldTicket(ACME);
  app.fake.refuseChannel(ACME, 'channel_not_found');
  // 23:00 in Shanghai: the claim's notice is held for the morning (quiet hours).
  app.clock.set('2026-11-24T15:00:00Z');
  await act(app, number, { action: 'claim' });
  await app.desk.outbox.drain();
  const held = await entriesTo(ACME);
  expect(held.map((e) => e.state)).toEqual(['pending']);
  const cards = app.fake.callsTo('chat.update').length;

  // The agent's reply goes at once: Slack refuses it; the held notice is dropped with it.
  await app.slack.blockAction(
    { action_id: 'ticket_reply_open', value: number, block_id: 'ticket_actions' },
    { userId: AGENT, channelId: TRIAGE },
  );
  const res = await app.slack.submitView(
    lastModalView(app, 'views.open'),
    { text: 'An engineer comes at 14:00.' },
    { userId: AGENT },
  );
  expect(res.body).toBe('');
  await app.desk.outbox.drain();

  const ticket = (await app.db.models.tickets.findOne({ number }).lean())!;
  expect(ticket.requester).toMatchObject({ userId: ACME, external: true });
  const after = await entriesTo(ACME);
  expect(after).toHaveLength(2);
  expect(after.map((e) => [e.state, e.lastError])).toEqual([
    ['dropped', REQUESTER_EXTERNAL],
    ['dropped', REQUESTER_EXTERNAL],
  ]);
  // Slack was asked once: the held notice was dropped without a try.
  expect(app.fake.callsTo('chat.postMessage').filter((c) => c.args.channel === ACME)).toHaveLength(
    1,
  );
  // The card, drawn again, says how to answer them.
  expect(
    app.fake
      .callsTo('chat.update')
      .slice(cards)
      .map((c) => JSON.stringify(c.args))
      .join('\n'),
  ).toContain('another organisation: the desk cannot message them');

  // Nothing more is queued for them on that ticket, in the morning either.
  app.clock.set('2026-11-25T01:00:00Z');
  await act(app, number, { action: 'wait', question: 'Which controller serial?' });
  await act(app, number, { action: 'resume' });
  await act(app, number, { action: 'resolve', summary: 'Controller replaced' });
  await app.desk.outbox.drain();
  expect(await entriesTo(ACME)).toHaveLength(2);
  // Given up on nobody's Home: nothing dead.
  expect(await app.db.models.outbox.countDocuments({ state: 'dead' })).toBe(0);
});

test('a member whose DM Slack refuses the same way is not marked: the delivery is retried as before', async () => {
  const number = await oldTicket(MEMBER);
  app.fake.refuseChannel(MEMBER, 'channel_not_found');
  await act(app, number, { action: 'claim' });
  await app.desk.outbox.drain();
  const ticket = (await app.db.models.tickets.findOne({ number }).lean())!;
  expect(ticket.requester).toEqual({ userId: MEMBER });
  const entries = await entriesTo(MEMBER);
  expect(entries.some((e) => e.state === 'pending' && e.lastError === 'channel_not_found')).toBe(
    true,
  );
  expect(entries.some((e) => e.lastError === REQUESTER_EXTERNAL)).toBe(false);
});
