// A ticket's thread reads as its timeline: a reply Slack refused with an ordinary error (not a
// 429) is retried before the replies written after it, on whichever instance delivers them.
import { describe, expect, test } from 'vitest';
import { TEST_SIGNING_SECRET, useTestApp } from '../helpers/app.js';
import { AGENT, makeTicket } from '../helpers/factories.js';
import { SlackRequests } from '../helpers/slack-requests.js';
import { runJobAt } from '../helpers/jobs.js';
import { slaAlertsJob } from '../../jobs/sla-alerts.js';

const TRIAGE = 'C0TRIAGE01';

// Friday 2026-11-27 10:00 in Shanghai.
const app = useTestApp({
  env: { TRIAGE_CHANNEL_ID: TRIAGE },
  now: '2026-11-27T02:00:00Z',
});

describe("a ticket's thread after Slack refuses a reply", () => {
  test("the Claim's thread reply answers internal_error (twice), the agent's next click lands on another instance: 'waiting on the customer' is not posted before 'claimed it', which is retried first; two instances deliver, the thread reads in order, each reply once", async () => {
    const { number } = await makeTicket(app, { title: 'Press 12' });
    await app.desk.outbox.drain();
    const ts = (await app.db.models.tickets.findOne({ number }).lean())!.card!.ts!;
    const other = app.instance('second');
    const port = await other.start();
    try {
      const second = new SlackRequests(`http://127.0.0.1:${port}`, TEST_SIGNING_SECRET, app.fake);
      app.fake.reset();
      // The Claim's reply, then its first retry, answer internal_error.
      app.fake.failNext('chat.postMessage', 'internal_error', 2);
      const click = (via: SlackRequests, action: string) =>
        via.blockAction(
          { action_id: action, value: number, block_id: 'ticket_actions' },
          { userId: AGENT, channelId: TRIAGE, messageTs: ts },
        );
      const thread = () =>
        app.fake
          .tookPostsTo(TRIAGE)
          .filter((c) => c.args.thread_ts === ts)
          .map((c) => String(c.args.text));
      expect((await click(app.slack, 'ticket_claim')).status).toBe(200);
      expect(app.fake.callsTo('chat.postMessage')).toHaveLength(1);
      app.clock.advance(5_000);
      expect((await click(second, 'ticket_wait')).status).toBe(200);
      // The claim is still owed: the wait's reply is not posted ahead of it.
      expect(thread()).toEqual([]);
      expect(app.fake.callsTo('chat.postMessage')).toHaveLength(1);
      // The background senders of both instances, every 2 s for two minutes: the claim's reply
      // is refused once more at its retry, and the wait's still waits for it.
      const workers = [app.desk.outbox, other.outbox];
      for (let pass = 0; pass < 60; pass++) {
        await workers[pass % 2]!.drain();
        if (app.fake.callsTo('chat.postMessage').length === 2) expect(thread()).toEqual([]);
        app.clock.advance(2_000);
      }
      expect(thread()).toEqual([
        `<@${AGENT}> claimed it.`,
        `<@${AGENT}>: waiting on the customer. The SLA clock is paused.`,
      ]);
      // Refused twice, both times the claim's reply.
      const posts = app.fake.callsTo('chat.postMessage');
      expect(posts.length - app.fake.tookCalls('chat.postMessage').length).toBe(2);
      expect(posts.slice(0, 2).map((c) => String(c.args.text))).toEqual([
        `<@${AGENT}> claimed it.`,
        `<@${AGENT}> claimed it.`,
      ]);
      expect(await app.db.models.outbox.countDocuments({ state: 'pending' })).toBe(0);
      expect(await app.db.models.outbox.countDocuments({ state: 'dead' })).toBe(0);
    } finally {
      await other.stop();
    }
  });
});

describe('a thread reply held by quiet hours', () => {
  test("the SLA sweep's alert in a card's thread at 22:00 (a general ticket: held until 08:00), then a Claim at 22:10: 'claimed it' posts at once, not the next morning; the alert follows at 08:00", async () => {
    // A desk open 09:00-23:00; quiet hours 22:00-08:00. Tuesday 2026-11-24 16:00 in Shanghai:
    // a general ticket's first response due 8 business hours later (10:00), warned at 22:00.
    await app.setSettings((s) => ({
      businessHours: { ...s.businessHours, windows: [{ start: '09:00', end: '23:00' }] },
      quietHours: { enabled: true, start: '22:00', end: '08:00' },
    }));
    app.clock.set('2026-11-24T08:00:00Z');
    const { number } = await makeTicket(app, { title: 'Press 14', severity: 'general' });
    await app.desk.outbox.drain();
    const ts = (await app.db.models.tickets.findOne({ number }).lean())!.card!.ts!;
    const thread = () =>
      app.fake
        .tookPostsTo(TRIAGE)
        .filter((c) => c.args.thread_ts === ts)
        .map((c) => String(c.args.text));
    // 22:00, quiet hours: the breach's reply in the card's thread waits for the morning.
    await runJobAt(app, slaAlertsJob, '2026-11-24T14:00:00Z');
    expect(
      await app.db.models.outbox.countDocuments({ kind: 'alert.thread', state: 'pending' }),
    ).toBe(1);
    expect(thread()).toEqual([]);
    app.clock.set('2026-11-24T14:10:00Z');
    app.fake.reset();
    const click = await app.slack.blockAction(
      { action_id: 'ticket_claim', value: number, block_id: 'ticket_actions' },
      { userId: AGENT, channelId: TRIAGE, messageTs: ts },
    );
    expect(click.status).toBe(200);
    await app.desk.outbox.drain();
    expect(thread()).toEqual([`<@${AGENT}> claimed it.`]);
    // 08:00: the alert goes out then.
    app.clock.set('2026-11-25T00:00:30Z');
    app.fake.reset();
    await app.desk.outbox.drain();
    expect(thread()).toHaveLength(1);
    expect(await app.db.models.outbox.countDocuments({ state: 'pending' })).toBe(0);
  });
});
