// The outbox's App Home refresh of a person the roles name nowhere asks Slack whether they are a
// guest, as a request does: when Slack does not say in time, the refresh is postponed (the outbox
// tries again later, the late answer remembered by then), never published as the reduced guest
// Home with a "try again" to a member who did nothing.
// Through the real Bolt HTTP path: signed requests, the fake Slack, the test database.
import { expect, test } from 'vitest';
import { AGENT, makeTicket, OWNER } from '../helpers/factories.js';
import { useGuestsApp } from '../helpers/guests.js';

/** A full member of the workspace the roles name nowhere, the requester of a ticket. */
const MEMBER = 'U0MEMBER31';

const { app, usersInfoFor } = useGuestsApp();

const publishedTo = (userId: string) =>
  app.fake.callsTo('views.publish').filter((c) => c.args.user_id === userId);

test("Slack late for the outbox's Home refresh of a member: postponed, then their full Home; never the guest Home", async () => {
  await app.setSettings(() => ({ openDesk: false, agents: [AGENT], accountManagers: [OWNER] }));
  // Slack late for the refresh a new ticket makes of its requester's Home: nothing published.
  const held = app.fake.holdNext('users.info');
  const ticket = await makeTicket(app, { requester: { userId: MEMBER }, title: 'Line 3 is down' });
  app.clock.advance(5_000);
  await app.desk.outbox.drain();
  await held.arrived;
  expect(usersInfoFor(MEMBER)).toHaveLength(1);
  expect(publishedTo(MEMBER)).toHaveLength(0);
  // Slack answers late (a member); the refresh is tried again later through the outbox.
  held.release();
  await expect.poll(() => usersInfoFor(MEMBER).at(-1)?.outcome).toBe('ok');
  app.clock.advance(60_000);
  await app.desk.outbox.drain();
  const published = publishedTo(MEMBER);
  expect(published).toHaveLength(1);
  const home = JSON.stringify(published[0]!.args.view);
  expect(home).toContain(ticket.number);
  expect(home).not.toContain("Slack didn't say in time");
  expect(home).not.toContain('guests read only their own tickets');
});
