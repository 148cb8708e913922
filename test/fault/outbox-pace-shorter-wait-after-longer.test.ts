// revp67 F1: two 429 waits for the same method written between one reader's reads, the longer
// first: the wait that ends last is kept with its own length (a shorter one written after it
// changes nothing), so the reader holds the method for the longer wait; a longer wait written
// after a shorter one replaces it, length and all.
import { expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { mondaySweepOwed } from '../helpers/rate-limits.js';

const app = useTestApp({
  env: { TRIAGE_CHANNEL_ID: 'C0TRIAGE01', ALERTS_CHANNEL_ID: 'C0ALERTS01' },
  now: '2026-11-27T02:00:00Z',
});

test('a 60 s wait then a 2 s wait of another instance, both before C reads: C holds 60 s', async () => {
  const a = app.instance('short-a');
  const b = app.instance('short-b');
  const c = app.instance('short-c');
  await a.outbox.drain();
  await c.outbox.drain();
  await mondaySweepOwed(app, 3);
  app.fake.reset();
  app.fake.rateLimitNext('chat.postMessage', 60, 1);
  await a.outbox.drain();
  expect(app.fake.callsTo('chat.postMessage')).toHaveLength(1);
  // B, mid-pass (it had not read A's wait), is told 2 s by Slack: its write as slowDown makes it.
  const now = app.clock.now().getTime();
  const written = await b.services.outbox.holdSlack(
    FAKE_TEAM_ID,
    'chat.postMessage',
    new Date(now + 2_000),
    2_000,
  );
  // A's wait is kept as it was (B told so: it holds A's wait too), not B's shorter one.
  expect(written).toMatchObject({ kept: false, holds: 1, waitMs: 60_000 });
  const readAt = app.clock.now().getTime();
  for (let pass = 0; pass < 25; pass++) {
    await c.outbox.drain();
    app.clock.advance(2_000);
  }
  expect(app.clock.now().getTime()).toBe(readAt + 50_000);
  // Still within A's 60 s: no post asked for by C.
  expect(app.fake.callsTo('chat.postMessage')).toHaveLength(1);
});

test('a 2 s wait then a 60 s one, both before C reads: the 60 s wait replaces it, C holds 60 s', async () => {
  const a = app.instance('long-a');
  const c = app.instance('long-c');
  await a.outbox.drain();
  await c.outbox.drain();
  await mondaySweepOwed(app, 3);
  app.fake.reset();
  app.fake.rateLimitNext('chat.postMessage', 2, 1);
  await a.outbox.drain();
  expect(app.fake.callsTo('chat.postMessage')).toHaveLength(1);
  const now = app.clock.now().getTime();
  const written = await a.services.outbox.holdSlack(
    FAKE_TEAM_ID,
    'chat.postMessage',
    new Date(now + 60_000),
    60_000,
  );
  expect(written).toMatchObject({ kept: true, holds: 2, waitMs: 60_000 });
  for (let pass = 0; pass < 25; pass++) {
    await c.outbox.drain();
    app.clock.advance(2_000);
  }
  expect(app.fake.callsTo('chat.postMessage')).toHaveLength(1);
});

test('control: the 60 s wait alone, C holds it', async () => {
  const a = app.instance('short-a2');
  const c = app.instance('short-c2');
  await a.outbox.drain();
  await c.outbox.drain();
  await mondaySweepOwed(app, 3);
  app.fake.reset();
  app.fake.rateLimitNext('chat.postMessage', 60, 1);
  await a.outbox.drain();
  for (let pass = 0; pass < 25; pass++) {
    await c.outbox.drain();
    app.clock.advance(2_000);
  }
  expect(app.fake.callsTo('chat.postMessage')).toHaveLength(1);
});
