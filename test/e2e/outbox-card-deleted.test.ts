// Someone deletes a ticket's card in the triage channel: the desk posts it again (once), says so
// in its new thread, and the ticket's thread goes on there.
import { describe, expect, test } from 'vitest';
import { TEST_SIGNING_SECRET, useTestApp } from '../helpers/app.js';
import { AGENT, makeTicket } from '../helpers/factories.js';
import { SlackRequests } from '../helpers/slack-requests.js';

const TRIAGE = 'C0TRIAGE01';

// Friday 2026-11-27 10:00 in Shanghai.
const app = useTestApp({
  env: { TRIAGE_CHANNEL_ID: TRIAGE },
  now: '2026-11-27T02:00:00Z',
});

describe("a ticket's card deleted in Slack", () => {
  test('chat.update answers message_not_found on a Claim: the card is posted again at once (once), the ticket records it, its new thread says so and carries the claim, and the next change updates the new card and replies under it', async () => {
    const { number } = await makeTicket(app, { title: 'Press 7' });
    await app.desk.outbox.drain();
    const old = (await app.db.models.tickets.findOne({ number }).lean())!.card!.ts!;
    app.fake.reset();
    // Someone deleted the card: Slack has no message at its ts.
    app.fake.failNext('chat.update', 'message_not_found');
    const click = (action: string, ts: string) =>
      app.slack.blockAction(
        { action_id: action, value: number, block_id: 'ticket_actions' },
        { userId: AGENT, channelId: TRIAGE, messageTs: ts },
      );
    expect((await click('ticket_claim', old)).status).toBe(200);
    const cards = () => app.fake.tookPostsTo(TRIAGE).filter((c) => !c.args.thread_ts);
    // Posted again at once, showing the claim, and recorded on the ticket.
    expect(cards()).toHaveLength(1);
    expect(JSON.stringify(cards()[0]!.args.blocks)).toContain(AGENT);
    const card = (await app.db.models.tickets.findOne({ number }).lean())!.card!;
    expect(card.ts).not.toBe(old);
    const ts = card.ts!;
    const thread = (at: string) =>
      app.fake
        .tookPostsTo(TRIAGE)
        .filter((c) => c.args.thread_ts === at)
        .map((c) => String(c.args.text));
    expect(thread(ts)).toEqual([
      `:information_source: The card of ${number} was posted again: Slack could no longer update the earlier one (it was deleted). Its thread goes on here.`,
      `<@${AGENT}> claimed it.`,
    ]);
    expect(thread(old)).toEqual([]);
    // The next change updates the new card and replies in its thread.
    app.clock.advance(60_000);
    expect((await click('ticket_wait', ts)).status).toBe(200);
    for (let pass = 0; pass < 5; pass++) {
      await app.desk.outbox.drain();
      app.clock.advance(2_000);
    }
    expect(app.fake.tookCalls('chat.update').map((c) => c.args.ts)).toEqual([ts]);
    expect(thread(ts)).toHaveLength(3);
    expect(thread(ts)[2]).toBe(`<@${AGENT}>: waiting on the customer. The SLA clock is paused.`);
    // Nothing posted twice, nothing owed, nothing given up.
    expect(cards()).toHaveLength(1);
    expect(app.fake.callsTo('chat.update')).toHaveLength(2);
    expect(await app.db.models.outbox.countDocuments({ state: 'pending' })).toBe(0);
    expect(await app.db.models.outbox.countDocuments({ state: 'dead' })).toBe(0);
  });

  test("the card's repost goes out but the line saying so is refused (internal_error): the worker's retry finds the new card in Slack and posts only the line, under it; the card is in the channel once more, no more", async () => {
    const { number } = await makeTicket(app, { title: 'Press 8' });
    await app.desk.outbox.drain();
    const old = (await app.db.models.tickets.findOne({ number }).lean())!.card!.ts!;
    app.fake.reset();
    // Deleted: Slack says so to every update of it.
    app.fake.failNext('chat.update', 'message_not_found', 2);
    app.fake.passNext('chat.postMessage', 1); // the card, again
    app.fake.failNext('chat.postMessage', 'internal_error'); // the line in its thread
    const res = await app.slack.blockAction(
      { action_id: 'ticket_claim', value: number, block_id: 'ticket_actions' },
      { userId: AGENT, channelId: TRIAGE, messageTs: old },
    );
    expect(res.status).toBe(200);
    for (let pass = 0; pass < 30; pass++) {
      await app.desk.outbox.drain();
      app.clock.advance(2_000);
    }
    const cards = app.fake.tookPostsTo(TRIAGE).filter((c) => !c.args.thread_ts);
    expect(cards).toHaveLength(1);
    const ts = (await app.db.models.tickets.findOne({ number }).lean())!.card!.ts!;
    // The retry looked in the channel's history and found it there.
    expect(app.fake.callsTo('conversations.history').length).toBeGreaterThan(0);
    const thread = app.fake
      .tookPostsTo(TRIAGE)
      .filter((c) => c.args.thread_ts === ts)
      .map((c) => String(c.args.text));
    expect(thread.filter((t) => t.includes('was posted again'))).toHaveLength(1);
    expect(app.fake.callsTo('chat.postMessage').filter((c) => c.args.thread_ts === ts).length).toBe(
      thread.length + 1,
    );
    expect(thread.filter((t) => t === `<@${AGENT}> claimed it.`)).toHaveLength(1);
    expect(app.fake.tookPostsTo(TRIAGE).filter((c) => c.args.thread_ts === old)).toEqual([]);
    expect(await app.db.models.outbox.countDocuments({ state: 'pending' })).toBe(0);
    expect(await app.db.models.outbox.countDocuments({ state: 'dead' })).toBe(0);
  });
  test("a Claim's reply is being posted again under the card by one instance's worker while another instance finds the card deleted and posts it again: the reply Slack took under the old card goes again under the new one, once, before the next click's line", async () => {
    const { number } = await makeTicket(app, { title: 'Press 9' });
    await app.desk.outbox.drain();
    const old = (await app.db.models.tickets.findOne({ number }).lean())!.card!.ts!;
    const other = app.instance('second');
    const port = await other.start();
    try {
      const second = new SlackRequests(`http://127.0.0.1:${port}`, TEST_SIGNING_SECRET, app.fake);
      app.fake.reset();
      const click = (via: SlackRequests, action: string) =>
        via.blockAction(
          { action_id: action, value: number, block_id: 'ticket_actions' },
          { userId: AGENT, channelId: TRIAGE, messageTs: old },
        );
      // The Claim on this instance: its card updated, its reply refused (internal_error); its
      // retry by this instance's worker is under way, held in Slack.
      app.fake.failNext('chat.postMessage', 'internal_error');
      expect((await click(app.slack, 'ticket_claim')).status).toBe(200);
      app.clock.advance(60_000);
      const held = app.fake.holdNext('chat.postMessage');
      const retry = app.desk.outbox.drain();
      await held.arrived;
      // Meanwhile someone deleted the card; the next click lands on the other instance, which
      // finds it gone and posts it again.
      app.fake.failNext('chat.update', 'message_not_found');
      expect((await click(second, 'ticket_wait')).status).toBe(200);
      const card = (await app.db.models.tickets.findOne({ number }).lean())!.card!;
      expect(card.ts).not.toBe(old);
      const ts = card.ts!;
      // Slack takes the Claim's reply, under the old card's ts.
      held.release();
      await retry;
      const workers = [app.desk.outbox, other.outbox];
      for (let pass = 0; pass < 30; pass++) {
        await workers[pass % 2]!.drain();
        app.clock.advance(2_000);
      }
      const thread = (at: string) =>
        app.fake
          .tookPostsTo(TRIAGE)
          .filter((c) => c.args.thread_ts === at)
          .map((c) => String(c.args.text));
      expect(thread(old)).toEqual([`<@${AGENT}> claimed it.`]);
      expect(thread(ts)).toEqual([
        `:information_source: The card of ${number} was posted again: Slack could no longer update the earlier one (it was deleted). Its thread goes on here.`,
        `<@${AGENT}> claimed it.`,
        `<@${AGENT}>: waiting on the customer. The SLA clock is paused.`,
      ]);
      expect(app.fake.tookPostsTo(TRIAGE).filter((c) => !c.args.thread_ts)).toHaveLength(1);
      expect(await app.db.models.outbox.countDocuments({ state: 'pending' })).toBe(0);
      expect(await app.db.models.outbox.countDocuments({ state: 'dead' })).toBe(0);
    } finally {
      await other.stop();
    }
  });
});

describe("a ticket's card Slack will not let the desk update (cant_update_message)", () => {
  const claimOn = async (title: string) => {
    const { number } = await makeTicket(app, { title });
    await app.desk.outbox.drain();
    const old = (await app.db.models.tickets.findOne({ number }).lean())!.card!.ts!;
    app.fake.reset();
    return { number, old };
  };
  const claim = (number: string, ts: string) =>
    app.slack.blockAction(
      { action_id: 'ticket_claim', value: number, block_id: 'ticket_actions' },
      { userId: AGENT, channelId: TRIAGE, messageTs: ts },
    );
  const thread = (at: string) =>
    app.fake
      .tookPostsTo(TRIAGE)
      .filter((c) => c.args.thread_ts === at)
      .map((c) => String(c.args.text));

  test('on a Claim: the card is posted again, its new thread says Slack would not let the desk update the earlier one (not that it was deleted), and the earlier card, still in the channel, is deleted: one card with buttons left', async () => {
    const { number, old } = await claimOn('Press 10');
    app.fake.failNext('chat.update', 'cant_update_message');
    expect((await claim(number, old)).status).toBe(200);
    const ts = (await app.db.models.tickets.findOne({ number }).lean())!.card!.ts!;
    expect(ts).not.toBe(old);
    expect(thread(ts)).toEqual([
      `:information_source: The card of ${number} was posted again: Slack would not let the desk update the earlier one. Its thread goes on here.`,
      `<@${AGENT}> claimed it.`,
    ]);
    expect(app.fake.tookCalls('chat.delete').map((c) => c.args)).toEqual([
      expect.objectContaining({ channel: TRIAGE, ts: old }),
    ]);
    expect(thread(old)).toEqual([]);
    for (let pass = 0; pass < 5; pass++) {
      await app.desk.outbox.drain();
      app.clock.advance(2_000);
    }
    expect(app.fake.tookPostsTo(TRIAGE).filter((c) => !c.args.thread_ts)).toHaveLength(1);
    expect(await app.db.models.outbox.countDocuments({ state: 'pending' })).toBe(0);
    expect(await app.db.models.outbox.countDocuments({ state: 'dead' })).toBe(0);
  });

  test('Slack refuses to delete the earlier card too (cant_delete_message): its thread says it no longer changes and links the new card, once; the ticket goes on under the new card', async () => {
    const { number, old } = await claimOn('Press 11');
    app.fake.failNext('chat.update', 'cant_update_message');
    app.fake.failNext('chat.delete', 'cant_delete_message');
    expect((await claim(number, old)).status).toBe(200);
    const ts = (await app.db.models.tickets.findOne({ number }).lean())!.card!.ts!;
    expect(ts).not.toBe(old);
    const link = `https://fake.slack.test/archives/${TRIAGE}/p${ts.replace('.', '')}`;
    expect(thread(old)).toEqual([
      `:warning: This card no longer changes: Slack would not let the desk update it. <${link}|${number}> was posted again in <#${TRIAGE}>: use the new card, its buttons and its thread.`,
    ]);
    expect(thread(ts)).toHaveLength(2);
    expect(thread(ts)[1]).toBe(`<@${AGENT}> claimed it.`);
    for (let pass = 0; pass < 5; pass++) {
      await app.desk.outbox.drain();
      app.clock.advance(2_000);
    }
    expect(thread(old)).toHaveLength(1);
    expect(app.fake.tookPostsTo(TRIAGE).filter((c) => !c.args.thread_ts)).toHaveLength(1);
    expect(await app.db.models.outbox.countDocuments({ state: 'pending' })).toBe(0);
    expect(await app.db.models.outbox.countDocuments({ state: 'dead' })).toBe(0);
  });
});
