// Slack's 429 on the outbox's own deliveries: Slack's wait (Retry-After) runs from its answer, not
// from the start of the pass that asked (a paced pass through a backlog takes minutes), holds the
// workspace's method that long, on every instance, and never makes an entry due sooner than it was.
import { trusted } from 'mongoose';
import { expect, test } from 'vitest';
import { cardKey } from '../../src/outbox/types.js';
import { useTestApp } from '../helpers/app.js';
import { contextIn } from '../helpers/context.js';
import { AGENT, makeCustomer } from '../helpers/factories.js';
import { expectAllSentOnce, mondaySweepOwed } from '../helpers/rate-limits.js';

const TRIAGE = 'C0TRIAGE01';
const ALERTS = 'C0ALERTS01';

// Friday 2026-11-27 10:00 in Shanghai.
const app = useTestApp({
  env: { TRIAGE_CHANNEL_ID: TRIAGE, ALERTS_CHANNEL_ID: ALERTS },
  now: '2026-11-27T02:00:00Z',
});

test("a pass's first post is slow (10 minutes), then chat.postMessage answers 429 with Retry-After 30 s: the entry and the workspace's posts wait 30 s from Slack's answer, not from the pass's start, and then go once", async () => {
  // Friday: urgent tickets nobody claims; Monday 09:00 the sweep owes an alert list and DMs.
  await mondaySweepOwed(app, 3);
  expect(
    await app.db.models.outbox.countDocuments({
      state: 'pending',
      kind: trusted({ $ne: 'home' as const }),
    }),
  ).toBeGreaterThan(1);
  app.fake.reset();
  // The pass's first post takes 10 minutes to be answered; the next is answered 429 (30 s).
  const slow = app.fake.holdNext('chat.postMessage');
  app.fake.rateLimitNext('chat.postMessage', 30, 1);
  const pass = app.desk.outbox.drain();
  await slow.arrived;
  app.clock.advance(10 * 60_000);
  slow.release();
  await pass;
  const answeredAt = app.clock.now().getTime();
  const limited = await app.db.models.outbox.find({ lastError: 'ratelimited' }).lean();
  expect(limited.length).toBeGreaterThan(0);
  for (const e of limited)
    expect(new Date(e.nextAt).getTime()).toBeGreaterThanOrEqual(answeredAt + 30_000);
  // Passes every 2 s within Slack's wait ask Slack for no post.
  const posts = app.fake.callsTo('chat.postMessage').length;
  for (let pass = 0; pass < 14; pass++) {
    app.clock.advance(2_000);
    await app.desk.outbox.drain();
  }
  expect(app.fake.callsTo('chat.postMessage')).toHaveLength(posts);
  // After it, everything goes, once each.
  app.clock.set(new Date(answeredAt + 31_000));
  for (let pass = 0; pass < 5; pass++) {
    await app.desk.outbox.drain();
    app.clock.advance(2_000);
  }
  await expectAllSentOnce(app);
});

test("Slack's 429 to one instance holds the method on every instance: another instance's passes and its request's own delivery ask Slack for no post until the wait is over; then everything goes, once", async () => {
  await mondaySweepOwed(app, 3);
  app.fake.reset();
  const b = app.instance('b');
  // Instance A's pass: its first post is answered 429, wait 30 s.
  app.fake.rateLimitNext('chat.postMessage', 30, 1);
  await app.desk.outbox.drain();
  const answeredAt = app.clock.now().getTime();
  expect(app.fake.callsTo('chat.postMessage')).toHaveLength(1);
  // Instance B's passes within the wait: no post asked for.
  for (let pass = 0; pass < 10; pass++) {
    app.clock.advance(2_000);
    await b.outbox.drain();
  }
  expect(app.fake.callsTo('chat.postMessage')).toHaveLength(1);
  // A request served by B meanwhile: the new ticket is saved, its card owed, not posted.
  const ctx = await contextIn(b, AGENT, app.clock.now());
  const { ticket } = await b.flows.tickets.create(ctx, {
    submissionId: 'rate-limited-elsewhere',
    type: 'other',
    severity: 'general',
    channel: 'phone',
    title: 'During the wait',
    description: 'E42',
    receivedAt: app.clock.now(),
    customerCode: (await makeCustomer(app, { name: 'Later Co' })).code,
  });
  expect(app.fake.callsTo('chat.postMessage')).toHaveLength(1);
  expect(await app.db.models.outbox.findOne({ key: cardKey(ticket) }).lean()).toMatchObject({
    state: 'pending',
  });
  // After it, both instances deliver everything, once each.
  app.clock.set(new Date(answeredAt + 31_000));
  for (let pass = 0; pass < 5; pass++) {
    await Promise.all([app.desk.outbox.drain(), b.outbox.drain()]);
    app.clock.advance(2_000);
  }
  const posted = await expectAllSentOnce(app);
  expect(posted.some((p) => p.includes(ticket.number))).toBe(true);
});
