// Slack's 429 wait kept for every instance (`slack_waits`) goes with its length, and each instance
// holds the method that long from when it read the wait, on its own clock: an instance whose
// clock disagrees with the one Slack answered neither calls during the wait (the writer's clock
// behind: its `until` already past on the reader's) nor waits minutes after it (the writer's
// clock ahead).
import { expect, test } from 'vitest';
import type { Clock } from '../../src/clock.js';
import { useTestApp } from '../helpers/app.js';
import { expectAllSentOnce, mondaySweepOwed } from '../helpers/rate-limits.js';

const TRIAGE = 'C0TRIAGE01';
const ALERTS = 'C0ALERTS01';

// Friday 2026-11-27 10:00 in Shanghai.
const app = useTestApp({
  env: { TRIAGE_CHANNEL_ID: TRIAGE, ALERTS_CHANNEL_ID: ALERTS },
  now: '2026-11-27T02:00:00Z',
});

/** A machine's clock `offsetMs` off the test's (which instance A reads). */
const off = (offsetMs: number): Clock => ({
  now: () => new Date(app.clock.now().getTime() + offsetMs),
});

test("Slack's 429 (Retry-After 30 s) to an instance whose clock is a minute behind: another instance, on the right time, asks Slack for no post for 30 s from when it read the wait, then everything goes once", async () => {
  const a = app.instance('waits-a');
  const behind = app.instance('waits-behind', {}, off(-60_000));
  // Both deliver already: each has read the waits (none).
  await a.outbox.drain();
  await behind.outbox.drain();
  await mondaySweepOwed(app, 3);
  app.fake.reset();
  // A minute on, what the sweep owes is due on the clock behind too. The one behind asks first:
  // answered 429, wait 30 s. Its `until` (its clock plus 30 s) is 30 s in the past on A's clock.
  app.clock.advance(61_000);
  app.fake.rateLimitNext('chat.postMessage', 30, 1);
  await behind.outbox.drain();
  expect(app.fake.callsTo('chat.postMessage')).toHaveLength(1);
  const readAt = app.clock.now().getTime();
  // A's passes every 2 s within the wait (its first reads it): no post asked for.
  for (let pass = 0; pass < 15; pass++) {
    await a.outbox.drain();
    app.clock.advance(2_000);
  }
  expect(app.clock.now().getTime()).toBe(readAt + 30_000);
  expect(app.fake.callsTo('chat.postMessage')).toHaveLength(1);
  // After it, A delivers everything (the entries the one behind held are due on its clock).
  app.clock.set(new Date(readAt + 31_000));
  for (let pass = 0; pass < 5; pass++) {
    await a.outbox.drain();
    app.clock.advance(2_000);
  }
  await expectAllSentOnce(app);
});

test("Slack's 429 (Retry-After 30 s) to an instance whose clock is 5 minutes ahead: another instance holds the method 30 s from when it read the wait, not until the writer's `until` (5 minutes on)", async () => {
  const a = app.instance('waits-a2');
  const ahead = app.instance('waits-ahead', {}, off(5 * 60_000));
  await a.outbox.drain();
  await ahead.outbox.drain();
  await mondaySweepOwed(app, 3);
  app.fake.reset();
  app.fake.rateLimitNext('chat.postMessage', 30, 1);
  await ahead.outbox.drain();
  expect(app.fake.callsTo('chat.postMessage')).toHaveLength(1);
  const readAt = app.clock.now().getTime();
  await a.outbox.drain();
  app.clock.set(new Date(readAt + 29_000));
  await a.outbox.drain();
  expect(app.fake.callsTo('chat.postMessage')).toHaveLength(1);
  // 31 s on A's clock: A posts what the one ahead did not hold (the entries it held wait for
  // their own due time, written on its clock).
  app.clock.set(new Date(readAt + 31_000));
  await a.outbox.drain();
  expect(app.fake.tookCalls('chat.postMessage').length).toBeGreaterThan(0);
});
