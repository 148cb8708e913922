// Slack answering 429 (Retry-After) on a busy morning: a person clicking is told at once, not
// left waiting while the app sleeps through Slack's wait; the outbox waits what Slack asked
// before it calls the workspace's method again, and says where a refused delivery was going.
import { describe, expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { AGENT, makeCustomer, makeTicket, OWNER } from '../helpers/factories.js';
import { mondaySweepOwed } from '../helpers/rate-limits.js';

const TRIAGE = 'C0TRIAGE01';
const ALERTS = 'C0ALERTS01';

// Friday 2026-11-27 10:00 in Shanghai.
const app = useTestApp({
  env: { TRIAGE_CHANNEL_ID: TRIAGE, ALERTS_CHANNEL_ID: ALERTS },
  now: '2026-11-27T02:00:00Z',
});

describe('Slack rate-limits a click', () => {
  test('New ticket on a card while views.open answers 429 (Retry-After 30 s): the person is told at once that Slack refused it, nothing waits 30 s', async () => {
    const { code } = await makeCustomer(app);
    app.fake.rateLimitNext('views.open', 30, 3);
    const started = performance.now();
    const res = await app.slack.blockAction(
      { action_id: 'customer_ticket_new', value: code, block_id: 'customer_actions' },
      { userId: AGENT, channelId: 'C0SOME0001', ephemeral: true },
    );
    expect(res.status).toBe(200);
    expect(performance.now() - started).toBeLessThan(5_000);
    // Asked once: not again after sleeping, with a trigger_id Slack would call expired by then.
    expect(app.fake.callsTo('views.open')).toHaveLength(1);
    const told = app.fake.callsTo('response_url').map((c) => String(c.args.text));
    expect(told).toEqual([expect.stringMatching(/^Slack refused the request \(rate limited\)/)]);
  });
});

describe('Slack rate-limits the outbox on Monday morning', () => {
  test('chat.postMessage answers 429 with Retry-After 30 s: the worker passing every 2 s asks Slack once in those 30 s, then delivers everything once', async () => {
    // Friday: eight urgent tickets nobody claims; Monday 09:00 the sweep owes alert lists and DMs.
    await mondaySweepOwed(app, 8);
    const owed = await app.db.models.outbox.countDocuments({ state: 'pending' });
    expect(owed).toBeGreaterThan(2);
    app.fake.reset();
    // Slack would answer 429 to every post in the next 30 s.
    app.fake.rateLimitNext('chat.postMessage', 30, 50);
    for (let pass = 0; pass < 15; pass++) {
      await app.desk.outbox.drain();
      app.clock.advance(2_000);
    }
    expect(app.fake.callsTo('chat.postMessage')).toHaveLength(1);
    expect(app.logs.filter((l) => l.msg === 'outbox: Slack asked to slow down')).toEqual([
      expect.objectContaining({ retryAfterMs: 30_000, method: 'chat.postMessage' }),
    ]);
    // Slack takes posts again after its wait.
    app.fake.reset();
    app.clock.set('2026-11-30T01:00:31Z');
    for (let pass = 0; pass < 10; pass++) {
      await app.desk.outbox.drain();
      app.clock.advance(2_000);
    }
    expect(await app.db.models.outbox.countDocuments({ state: 'pending' })).toBe(0);
    expect(await app.db.models.outbox.countDocuments({ state: 'dead' })).toBe(0);
    const posted = app.fake
      .tookCalls('chat.postMessage')
      .map((c) => `${String(c.args.channel)} ${String(c.args.text)}`);
    expect(new Set(posted).size).toBe(posted.length);
    expect(posted.filter((p) => p.startsWith(ALERTS))).toHaveLength(1);
    expect(posted.filter((p) => p.startsWith(OWNER))).toHaveLength(1);
  });
});

describe('Slack rate-limits card updates', () => {
  test("chat.update answers 429 with Retry-After 30 s on a Claim: the Claims on other cards in those 30 s do not ask Slack to update their cards (nor does the worker passing every 2 s), and after Slack's wait every card shows its claim, each updated once", async () => {
    const numbers: string[] = [];
    for (let i = 0; i < 3; i++) {
      const { code } = await makeCustomer(app, { name: `Press shop ${i}` });
      numbers.push((await makeTicket(app, { customerCode: code, title: `Press ${i}` })).number);
    }
    await app.desk.outbox.drain();
    const cards = await Promise.all(
      numbers.map(async (number) => (await app.db.models.tickets.findOne({ number }).lean())!),
    );
    expect(cards.every((t) => t.card?.ts)).toBe(true);
    app.fake.reset();
    // Slack would answer 429 to every card update in the next 30 s.
    app.fake.rateLimitNext('chat.update', 30, 50);
    for (const ticket of cards) {
      const res = await app.slack.blockAction(
        { action_id: 'ticket_claim', value: ticket.number, block_id: 'ticket_actions' },
        { userId: AGENT, channelId: TRIAGE, messageTs: ticket.card!.ts! },
      );
      expect(res.status).toBe(200);
      for (let pass = 0; pass < 3; pass++) {
        await app.desk.outbox.drain();
        app.clock.advance(2_000);
      }
    }
    expect(app.fake.callsTo('chat.update')).toHaveLength(1);
    expect(
      app.logs
        .filter((l) => l.msg === 'outbox: Slack asked to slow down')
        .map((l) => [l.method, l.retryAfterMs]),
    ).toEqual([['chat.update', 30_000]]);
    // Slack takes updates again after its wait.
    app.fake.reset();
    app.clock.set('2026-11-27T02:00:31Z');
    for (let pass = 0; pass < 5; pass++) {
      await app.desk.outbox.drain();
      app.clock.advance(2_000);
    }
    const updated = app.fake.tookCalls('chat.update').map((c) => String(c.args.ts));
    expect(updated.sort()).toEqual(cards.map((t) => t.card!.ts!).sort());
    for (const call of app.fake.tookCalls('chat.update'))
      expect(JSON.stringify(call.args.blocks)).toContain(AGENT);
    expect(await app.db.models.outbox.countDocuments({ state: 'pending' })).toBe(0);
    expect(await app.db.models.outbox.countDocuments({ state: 'dead' })).toBe(0);
  });
  test("chat.update answers 429 on a Claim, then the agent sets the ticket waiting on the customer: the card's thread still reads in order (claimed, then waiting), and the card ends up waiting", async () => {
    const { number } = await makeTicket(app, { title: 'Press 9' });
    await app.desk.outbox.drain();
    const ts = (await app.db.models.tickets.findOne({ number }).lean())!.card!.ts!;
    app.fake.reset();
    app.fake.rateLimitNext('chat.update', 30, 1);
    const click = (action: string) =>
      app.slack.blockAction(
        { action_id: action, value: number, block_id: 'ticket_actions' },
        { userId: AGENT, channelId: TRIAGE, messageTs: ts },
      );
    await click('ticket_claim');
    app.clock.advance(5_000);
    await click('ticket_wait');
    app.clock.advance(30_000);
    for (let pass = 0; pass < 3; pass++) {
      await app.desk.outbox.drain();
      app.clock.advance(2_000);
    }
    const thread = app.fake
      .tookPostsTo(TRIAGE)
      .filter((c) => c.args.thread_ts === ts)
      .map((c) => String(c.args.text));
    expect(thread).toEqual([
      `<@${AGENT}> claimed it.`,
      `<@${AGENT}>: waiting on the customer. The SLA clock is paused.`,
    ]);
    const last = app.fake.tookCalls('chat.update').at(-1)!;
    expect(JSON.stringify(last.args.blocks)).toContain('Waiting on customer');
    expect(await app.db.models.outbox.countDocuments({ state: 'pending' })).toBe(0);
  });
});
