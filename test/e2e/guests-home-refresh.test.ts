// The outbox's App Home refresh of a person the roles name nowhere asks Slack whether they are a
// guest, as a request does: when Slack does not say in time, the refresh is postponed (the outbox
// tries again later, the late answer remembered by then), never published as the reduced guest
// Home with a "try again" to a member who did nothing.
// Through the real Bolt HTTP path: signed requests, the fake Slack, the test database.
import { afterEach, expect, test } from 'vitest';
import { AGENT, makeTicket, OWNER } from '../helpers/factories.js';
import { useGuestsApp } from '../helpers/guests.js';

/** A full member of the workspace the roles name nowhere, the requester of a ticket. */
const MEMBER = 'U0MEMBER31';

const { app, usersInfoFor } = useGuestsApp();

// An answer armed for users.info and never reached hides a regression (a call fewer passes).
afterEach(() => {
  expect(app.fake.armedLeft('users.info'), 'users.info answers armed and never reached').toBe(0);
});

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

/** Slack says it has no such person. */
const GONE = 'U0GONE0041';
/** Slack fails to say. */
const FLAKY = 'U0FLAKY042';

const homeEntry = (userId: string) =>
  app.db.models.outbox.findOne({ key: `home:${userId}` }).lean();

test('Slack answering users.info with user_not_found for a requester the roles name nowhere: their Home refresh is settled (nothing published), not postponed every 30 s forever', async () => {
  await app.setSettings(() => ({ openDesk: false, agents: [AGENT], accountManagers: [OWNER] }));
  // Asked once: Slack's answer settles it.
  app.fake.failNext('users.info', 'user_not_found');
  await makeTicket(app, { requester: { userId: GONE }, title: 'Line 4 is down' });
  for (let pass = 0; pass < 5; pass++) {
    app.clock.advance(30_000);
    await app.desk.outbox.drain();
  }
  expect(publishedTo(GONE)).toHaveLength(0);
  expect(usersInfoFor(GONE)).toHaveLength(1);
  expect(await homeEntry(GONE)).toMatchObject({ state: 'sent' });
  expect(app.logs.filter((l) => l.msg.startsWith('App Home not refreshed'))).toHaveLength(1);
});

/** How often the outbox asks Slack (once a 30 s pass) before the Home refresh it postpones settles. */
const TRIES = 20;

test("users.info failing with an ordinary error (internal_error) for the outbox's Home refresh of a requester the roles name nowhere: postponed, then settled 10 minutes after it was written, nothing published", async () => {
  await app.setSettings(() => ({ openDesk: false, agents: [AGENT], accountManagers: [OWNER] }));
  // Slack fails every time it is asked: once per 30 s pass until the refresh settles (10 min).
  app.fake.failNext('users.info', 'internal_error', TRIES);
  await makeTicket(app, { requester: { userId: FLAKY }, title: 'Line 5 is down' });
  const written = app.clock.now().getTime();
  let settledAt: number | undefined;
  for (let pass = 0; pass < 60 && settledAt === undefined; pass++) {
    app.clock.advance(30_000);
    await app.desk.outbox.drain();
    if ((await homeEntry(FLAKY))!.state !== 'pending') settledAt = app.clock.now().getTime();
  }
  expect(settledAt).toBeDefined();
  expect(settledAt! - written).toBeGreaterThanOrEqual(10 * 60_000);
  expect(settledAt! - written).toBeLessThanOrEqual(11 * 60_000);
  expect(publishedTo(FLAKY)).toHaveLength(0);
  expect(usersInfoFor(FLAKY).map((c) => c.outcome)).toEqual(Array(TRIES).fill('error'));
  expect(await homeEntry(FLAKY)).toMatchObject({ state: 'sent' });
  expect(app.logs.filter((l) => l.msg.startsWith('outbox: App Home not refreshed'))).toHaveLength(
    1,
  );
});
