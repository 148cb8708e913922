// A short 429 wait written by an instance whose clock is ahead (5 min: its 2 s wait's `until` 5 min
// later than real) does not keep a longer wait Slack gives an instance with a right clock from
// being shared: the writer judges which wait ends last on its own clock (the stored one, unread,
// by its length from now), never by comparing `until`s written on different clocks (revp69 F1),
// so a third instance C holds the 60 s wait and does not call Slack during it.
import { expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { mondaySweepOwed } from '../helpers/rate-limits.js';

const app = useTestApp({
  env: { TRIAGE_CHANNEL_ID: 'C0TRIAGE01', ALERTS_CHANNEL_ID: 'C0ALERTS01' },
  now: '2026-11-27T02:00:00Z',
});

const SKEW = 5 * 60_000;

test('a 2 s wait written by a clock 5 min ahead, then a 60 s wait on a right clock: C holds 60 s', async () => {
  const a = app.instance('ahead-a');
  const b = app.instance('right-b');
  const c = app.instance('right-c');
  await a.outbox.drain();
  await b.outbox.drain();
  await c.outbox.drain();
  await mondaySweepOwed(app, 3);
  app.fake.reset();
  const now = app.clock.now().getTime();
  // A (clock ahead by SKEW) told 2 s by Slack: its write as slowDown makes it on its clock.
  await a.services.outbox.holdSlack(
    FAKE_TEAM_ID,
    'chat.postMessage',
    new Date(now + SKEW + 2_000),
    2_000,
  );
  // B (right clock) told 60 s by Slack a moment later.
  const written = await b.services.outbox.holdSlack(
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
  // Slack asked for 60 s: C should not have posted within 50 s.
  expect(app.fake.callsTo('chat.postMessage')).toHaveLength(0);
});
