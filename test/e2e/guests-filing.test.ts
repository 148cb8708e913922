// A workspace guest (Slack's is_restricted / is_ultra_restricted: a customer's person invited into
// a few channels) who files a ticket is its requester side, never its filer (no notes, the
// personal details typed in masked when filed for someone else): on a closed desk as on an open
// one, and when the emoji intake's event is done again later by the saved-events job.
// Through the real Bolt HTTP path: signed requests, the fake Slack, the test database.
import { beforeEach, describe, expect, test } from 'vitest';
import { slackEventsJob } from '../../jobs/slack-events.js';
import { runDue } from '../../src/schedule/runner.js';
import { AGENT, makeCustomer } from '../helpers/factories.js';
import { FAKE_GUEST_USER_ID, FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { ADMIN, PHONE, T0, useGuestsApp } from '../helpers/guests.js';
import { jobDeps } from '../helpers/jobs.js';

/** Full members of the workspace the roles name nowhere (users.info: no guest). */
const MEMBER = 'U0MEMBER11';
const LATE = 'U0MEMBER12';
const READER = 'U0MEMBER14';
const CUSTOMER_USER = 'U0CUSTUSR1';
const CUST = 'C0CUSTCH01';

const guests = useGuestsApp();
const { app, usersInfoFor } = guests;
const closeDesk = () => app.setSettings(() => ({ agents: [AGENT], openDesk: false }));

let events = 0;
const nextEventId = () => `Ev0GUESTF${String(++events).padStart(5, '0')}`;

/** "Create ticket" on a customer's message, by `userId`, filed for READER. */
const fileFromMessage = (userId: string) =>
  guests.fileFromMessage(userId, READER, code, { requester: READER });

/** The ticket's card as `userId` reads it (`/ticket <number>`). */
async function card(number: string, userId: string) {
  return JSON.stringify((await app.slack.command('/ticket', number, { userId })).body);
}

describe('a guest who files a ticket on a closed desk', () => {
  test('"Create ticket": asked of Slack as they file, marked, its phone numbers masked to them', async () => {
    await closeDesk();
    const ticket = await fileFromMessage(FAKE_GUEST_USER_ID);
    expect(ticket).toMatchObject({ createdBy: FAKE_GUEST_USER_ID, filedByGuest: true });
    expect(usersInfoFor(FAKE_GUEST_USER_ID)).toHaveLength(1);
    const read = await card(ticket.number, FAKE_GUEST_USER_ID);
    expect(read).toContain(ticket.number);
    expect(read).not.toContain(PHONE);
  });

  test('a member without a role filing is its filer as before; a person with a role is not asked', async () => {
    await closeDesk();
    const ticket = await fileFromMessage(MEMBER);
    expect(ticket.filedByGuest).toBeUndefined();
    expect(await card(ticket.number, MEMBER)).toContain(PHONE);
    const agents = await fileFromMessage(AGENT);
    expect(agents.filedByGuest).toBeUndefined();
    expect(usersInfoFor(AGENT)).toHaveLength(0);
  });

  test('Slack late on the person filing: the ticket is filed, not marked', async () => {
    await closeDesk();
    const held = app.fake.holdNext('users.info');
    const ticket = await fileFromMessage(LATE);
    await held.arrived;
    expect(ticket.filedByGuest).toBeUndefined();
    held.release();
  });

  test('the emoji intake: a guest marking a customer’s message is marked', async () => {
    await closeDesk();
    await linkEmoji();
    await app.slack.eventDelivery(reaction('1764000000.000500', FAKE_GUEST_USER_ID), {
      eventId: nextEventId(),
    });
    const [ticket] = await tickets();
    expect(ticket).toMatchObject({ createdBy: FAKE_GUEST_USER_ID, filedByGuest: true });
  });
});

describe('the emoji intake done again by the saved-events job', () => {
  test.each([
    ['an open desk', async () => {}],
    ['a closed desk', closeDesk],
  ])('on %s, a guest’s ticket made at the redo is still marked', async (_, setUp) => {
    await setUp();
    await linkEmoji();
    // Slack refuses reading the marked message once: the work is saved for the job.
    app.fake.failNext('conversations.history', 'internal_error');
    const eventId = nextEventId();
    await app.slack.eventDelivery(reaction('1764000000.000500', FAKE_GUEST_USER_ID), { eventId });
    expect(await tickets()).toHaveLength(0);

    app.clock.set(new Date(new Date(T0).getTime() + 60_000).toISOString());
    await runDue(jobDeps(app), [slackEventsJob]);
    await app.desk.outbox.drain();
    const [ticket] = await tickets();
    expect(ticket).toMatchObject({ createdBy: FAKE_GUEST_USER_ID, filedByGuest: true });
  });
});

const tickets = () => app.db.models.tickets.find({ teamId: FAKE_TEAM_ID }).lean();

function reaction(ts: string, user: string) {
  return {
    type: 'reaction_added',
    user,
    reaction: 'ticket',
    item: { type: 'message', channel: CUST, ts },
    item_user: CUSTOMER_USER,
  };
}

/** The customer channel linked with the emoji intake, a customer's message in it. */
async function linkEmoji() {
  const res = await app.slack.command('/desk', `channel link ${code} emoji`, {
    userId: ADMIN,
    channelId: CUST,
  });
  expect(res.body.text).toContain('is now the customer channel');
  app.fake.peopleMessages.set(CUST, [
    { ts: '1764000000.000500', user: CUSTOMER_USER, text: `Can you check our order 778? ${PHONE}` },
  ]);
}

/** The customer of this test (made while the desk is open, as its default agent). */
let code = '';
beforeEach(async () => {
  app.clock.set(T0);
  code = (await makeCustomer(app)).code;
});
