// Slack's 429 on the outbox's own deliveries: Slack's wait (Retry-After) runs from its answer, not
// from the start of the pass that asked (a paced pass through a backlog takes minutes), holds the
// workspace's method that long, and never makes an entry due sooner than it was.
import { trusted } from 'mongoose';
import { expect, test } from 'vitest';
import { slaAlertsJob } from '../../jobs/sla-alerts.js';
import { runDue } from '../../src/schedule/runner.js';
import { useTestApp } from '../helpers/app.js';
import { makeCustomer, makeTicket, OWNER } from '../helpers/factories.js';
import { jobDeps } from '../helpers/jobs.js';

const TRIAGE = 'C0TRIAGE01';
const ALERTS = 'C0ALERTS01';

// Friday 2026-11-27 10:00 in Shanghai.
const app = useTestApp({
  env: { TRIAGE_CHANNEL_ID: TRIAGE, ALERTS_CHANNEL_ID: ALERTS },
  now: '2026-11-27T02:00:00Z',
});

test("a pass's first post is slow (10 minutes), then chat.postMessage answers 429 with Retry-After 30 s: the entry and the workspace's posts wait 30 s from Slack's answer, not from the pass's start, and then go once", async () => {
  // Friday: urgent tickets nobody claims; Monday 09:00 the sweep owes an alert list and DMs.
  for (let i = 0; i < 3; i++)
    await makeTicket(app, {
      customerCode: (await makeCustomer(app, { name: `Customer ${i}`, ownerId: OWNER })).code,
      severity: 'urgent',
      title: `Urgent ${i}`,
    });
  await app.desk.outbox.drain();
  app.clock.set('2026-11-30T01:00:00Z');
  await runDue(jobDeps(app), [slaAlertsJob]);
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
  expect(
    await app.db.models.outbox.countDocuments({
      state: trusted({ $ne: 'sent' as const }),
      kind: trusted({ $ne: 'home' as const }),
    }),
  ).toBe(0);
  const posted = app.fake
    .tookCalls('chat.postMessage')
    .map((c) => `${String(c.args.channel)} ${String(c.args.text)}`);
  expect(new Set(posted).size).toBe(posted.length);
});
