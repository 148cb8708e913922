import { trusted } from 'mongoose';
import { describe, expect, test } from 'vitest';
import { digestJob } from '../../jobs/digest.js';
import { outboxJob } from '../../jobs/outbox.js';
import { slaAlertsJob } from '../../jobs/sla-alerts.js';
import { runDue } from '../../src/schedule/runner.js';
import { useTestApp } from '../helpers/app.js';
import { storeEarlierWeeks } from '../helpers/chart.js';
import { act, AGENT, ctxOf, makeCustomer, makeTicket, OWNER } from '../helpers/factories.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { jobDeps, runJobAt } from '../helpers/jobs.js';

const TRIAGE = 'C0TRIAGE01';
const ALERTS = 'C0ALERTS01';
const DIGEST = 'C0DIGEST01';

// Tuesday 2026-11-24 10:00 in Shanghai.
const app = useTestApp({
  env: { TRIAGE_CHANNEL_ID: TRIAGE, ALERTS_CHANNEL_ID: ALERTS, DIGEST_CHANNEL_ID: DIGEST },
  now: '2026-11-24T02:00:00Z',
});

const took = (channel: string) => app.fake.tookPostsTo(channel);

async function urgentTicket() {
  const { code } = await makeCustomer(app, { name: 'Huadong', annualRevenue: 100_000 });
  return makeTicket(app, { customerCode: code, severity: 'urgent', title: 'Line down' });
}

/** An urgent ticket past its first-response target: the sweep's list and DM written, not sent. */
async function alertsOwed() {
  await urgentTicket();
  app.clock.set('2026-11-24T03:30:30Z');
  app.fake.reset();
  await runDue(jobDeps(app), [slaAlertsJob]);
}

/** The alerts list is recorded as the one post Slack took in the alerts channel. */
async function expectListRecorded() {
  expect((await app.db.models.outbox.findOne({ key: /:list$/ }).lean())!.result).toMatchObject({
    channel: ALERTS,
    ts: took(ALERTS)[0]!.answer!.ts,
  });
}

/**
 * The workspace served since two weeks before, its digest of week 48 (earlier weeks stored: it
 * has a chart) run and sent on 2026-11-30, the instance dying waiting for Slack's answer to the
 * chart's upload, which Slack took: the chart is in the digest's thread. (The instance wakes
 * when the fake stops: ignored.)
 */
async function digestKilledWithChartTaken() {
  app.clock.set('2026-11-16T01:00:00Z');
  await app.desk.services.workspaces.settings(FAKE_TEAM_ID); // the workspace exists
  app.clock.set('2026-11-30T01:00:00Z');
  await storeEarlierWeeks(app, '2026-11-30T01:00:00Z'); // weeks enough for a chart
  await runDue(jobDeps(app), [digestJob]);
  const taken = app.fake.takeAndHang('files.completeUploadExternal');
  void app.desk.outbox.drain().catch(() => {});
  await taken;
}

// Each test leaves the database as a process killed at one point would, then lets the app (or
// another instance) carry on, and counts what Slack took.
describe('a process killed mid-way', () => {
  test('a sweep killed after marking its alerts, before writing them: the next sweep tells them, once', async () => {
    const ticket = await urgentTicket();
    // 11:30:30: the response warning is due. The sweep's one write per ticket, then the crash.
    app.clock.set('2026-11-24T03:30:30Z');
    const marked = await app.desk.services.tickets.markAlerts(
      await ctxOf(app, 'care-desk', { origin: 'job' }),
      ticket,
      {
        kinds: ['responseWarn'],
        announced: ['responseWarn'],
        nextAt: new Date('2026-11-24T04:00:00Z'),
      },
    );
    expect(marked).toBe(true);
    // The intake's only (App Home refreshes aside).
    expect(await app.db.models.outbox.countDocuments({ kind: trusted({ $ne: 'home' }) })).toBe(3);

    await runJobAt(app, slaAlertsJob, '2026-11-24T03:31:30Z');
    expect(took(ALERTS).map((c) => String(c.args.text).split('\n')[0])).toEqual(['SLA alerts (1)']);
    expect(JSON.stringify(took(ALERTS)[0]!.args.blocks)).toContain('first response due soon');
    expect(took(OWNER)).toHaveLength(1);
    await runJobAt(app, slaAlertsJob, '2026-11-24T03:32:30Z');
    expect(took(ALERTS)).toEqual([]);
  });

  test('a claim saved just before the process died: two minutes later the outbox job writes its card update and thread reply, once', async () => {
    const ticket = await urgentTicket();
    app.fake.reset();
    // The claim's one write (the service), then the crash: nothing written for Slack.
    await app.desk.services.tickets.act(await ctxOf(app, AGENT), ticket.number, {
      action: 'claim',
    });
    const [early] = await runJobAt(app, outboxJob, '2026-11-24T02:01:00Z');
    expect(early!.counts).toMatchObject({ repaired: 0 });
    const [late] = await runJobAt(app, outboxJob, '2026-11-24T02:02:30Z');
    expect(late!.counts).toMatchObject({ repaired: 1 });
    expect(app.fake.tookCalls('chat.update')).toHaveLength(1);
    expect(JSON.stringify(app.fake.tookCalls('chat.update')[0]!.args.blocks)).toContain(
      `<@${AGENT}> · L1`,
    );
    expect(took(TRIAGE).map((c) => c.args.text)).toEqual([`<@${AGENT}> claimed it.`]);
    await runJobAt(app, outboxJob, '2026-11-24T02:10:00Z');
    expect(app.fake.calls.filter((c) => c.method.startsWith('chat.'))).toEqual([]);
  });

  test('a claim saved just before the process died, then a note on a live instance within the repair wait: the claim line is in the thread once, before the note', async () => {
    const ticket = await urgentTicket();
    app.fake.reset();
    // The claim's one write (the service), then the crash: its notices still owed.
    await app.desk.services.tickets.act(await ctxOf(app, AGENT), ticket.number, {
      action: 'claim',
    });
    // Thirty seconds on (before NOTICES_REPAIR_MS), a note through the flow: it writes what the
    // claim owed too, the claim's line first.
    app.clock.set('2026-11-24T02:00:30Z');
    await act(app, ticket.number, { action: 'note', text: 'looking' }, AGENT);
    expect(took(TRIAGE).map((c) => c.args.text)).toEqual([
      `<@${AGENT}> claimed it.`,
      expect.stringContaining('looking'),
    ]);
    // Nothing left for the repair, nothing sent again.
    const [late] = await runJobAt(app, outboxJob, '2026-11-24T02:03:00Z');
    expect(late!.counts).toMatchObject({ repaired: 0 });
    expect(app.fake.calls.filter((c) => c.method.startsWith('chat.'))).toEqual([]);
    expect(
      (await app.db.models.tickets.findOne({ number: ticket.number }).lean())!.noticesOwedAt,
    ).toBeUndefined();
  });

  test('an instance killed while Slack holds its post: another takes over when the lease ends, the list goes once', async () => {
    await urgentTicket();
    app.clock.set('2026-11-24T03:30:30Z');
    app.fake.reset();
    await runDue(jobDeps(app), [slaAlertsJob]); // written, not delivered
    const held = app.fake.holdNext('chat.postMessage');
    const dying = app.desk.outbox.drain(); // instance "test" takes the first group, then dies
    await held.arrived;
    const other = app.instance('b');
    // Within the lease, the other instance leaves the held group alone.
    await other.outbox.drain();
    const before = took(ALERTS).length + took(OWNER).length;
    app.clock.advance(61_000);
    await other.outbox.drain();
    // The dead instance's call never reached Slack (its connection went with it).
    held.release('internal_error');
    await dying;
    expect(took(ALERTS)).toHaveLength(1);
    expect(took(OWNER)).toHaveLength(1);
    expect(before).toBe(1); // only the group the dead instance did not hold went out meanwhile
    expect(await app.db.models.outbox.countDocuments({ state: 'pending' })).toBe(0);
  });

  test('a long paced pass leases each group from when it starts it: another instance does not take a group the pass holds and send it again', async () => {
    await urgentTicket();
    app.clock.set('2026-11-24T03:30:30Z');
    app.fake.reset();
    await runDue(jobDeps(app), [slaAlertsJob]); // two groups written: the list and the DM
    const first = app.fake.holdNext('chat.postMessage');
    const second = app.fake.holdNext('chat.postMessage');
    const pass = app.desk.outbox.drain();
    await first.arrived;
    // Slack (or the pacer) keeps the pass on its first group for over a lease's length.
    app.clock.advance(61_000);
    first.release();
    await second.arrived;
    // The pass now holds its second group: another instance's worker leaves it alone.
    await app.instance('b').outbox.drain();
    second.release();
    await pass;
    expect(took(ALERTS)).toHaveLength(1);
    expect(took(OWNER)).toHaveLength(1);
    expect(await app.db.models.outbox.countDocuments({ state: 'pending' })).toBe(0);
  });

  test('an instance killed after Slack took its post, before recording it: the next instance finds it by its metadata and does not post it again', async () => {
    await alertsOwed();
    const taken = app.fake.takeAndHang('chat.postMessage');
    // Dies waiting for Slack's answer (it wakes when the fake stops, after the file: ignored).
    void app.desk.outbox.drain().catch(() => {});
    await taken;
    expect(took(ALERTS)).toHaveLength(1);
    app.clock.advance(61_000);
    await app.instance('b').outbox.drain();
    expect(took(ALERTS)).toHaveLength(1); // found in the channel's history, not posted again
    expect(took(OWNER)).toHaveLength(1);
    expect(app.fake.callsTo('conversations.history')).toHaveLength(1);
    expect(await app.db.models.outbox.countDocuments({ state: 'pending' })).toBe(0);
    await expectListRecorded();
  });

  test('a post taken by a dead instance, then a takeover that stalls past its own lease: the third instance still finds the first post and does not post again', async () => {
    await alertsOwed();
    const taken = app.fake.takeAndHang('chat.postMessage');
    void app.desk.outbox.drain().catch(() => {}); // dies once Slack has the list
    await taken;
    app.clock.advance(61_000);
    // Instance b takes the lapsed lease and, while it looks in Slack, stalls past its lease.
    const looking = app.fake.holdNext('conversations.history');
    const stalled = app.instance('b').outbox.drain();
    await looking.arrived;
    app.clock.advance(61_000);
    await app.instance('c').outbox.drain();
    looking.release();
    await stalled;
    expect(took(ALERTS)).toHaveLength(1); // the dead instance's post, found by c
    expect(took(OWNER)).toHaveLength(1);
    expect(await app.db.models.outbox.countDocuments({ state: 'pending' })).toBe(0);
    await expectListRecorded();
  });

  test('a takeover that stalls past its lease before posting stops when it finds another holds the entry: the list goes once', async () => {
    await alertsOwed();
    // Instance a holds the list and dies before Slack takes it.
    const dead = app.fake.holdNext('chat.postMessage');
    const dying = app.desk.outbox.drain();
    await dead.arrived;
    app.clock.advance(61_000);
    // Instance b takes it over and, looking in Slack for a's post, stalls past its own lease.
    const looking = app.fake.holdNext('conversations.history');
    const stalled = app.instance('b').outbox.drain();
    await looking.arrived;
    app.clock.advance(61_000);
    await app.instance('c').outbox.drain(); // looks too, finds nothing, posts the list
    expect(took(ALERTS)).toHaveLength(1);
    looking.release();
    await stalled; // b finds c holds (or sent) it: it does not post
    dead.release('internal_error');
    await dying;
    expect(took(ALERTS)).toHaveLength(1);
    expect(took(OWNER)).toHaveLength(1);
    expect(await app.db.models.outbox.countDocuments({ state: 'pending' })).toBe(0);
  });

  test('a post that failed with an error Slack answered is retried without looking in Slack first, and the retry is recorded', async () => {
    await alertsOwed();
    app.fake.failNext('chat.postMessage', 'internal_error');
    await app.desk.outbox.drain();
    app.clock.advance(5 * 60_000);
    await app.instance('b').outbox.drain();
    expect(took(ALERTS)).toHaveLength(1);
    expect(app.fake.callsTo('conversations.history')).toHaveLength(0);
    expect(await app.db.models.outbox.countDocuments({ state: 'pending' })).toBe(0);
  });

  test("an instance killed after Slack took a new ticket's card, before recording it: a claim on another instance later does not post a second card", async () => {
    const { code } = await makeCustomer(app, { name: 'Huadong', annualRevenue: 100_000 });
    app.fake.reset();
    const taken = app.fake.takeAndHang('chat.postMessage');
    // The intake's own delivery posts the card and dies waiting for Slack's answer.
    void makeTicket(app, { customerCode: code, title: 'Line down' }).catch(() => {});
    await taken;
    const cards = () => took(TRIAGE).filter((c) => !c.args.thread_ts);
    expect(cards()).toHaveLength(1);
    const number = (await app.db.models.tickets.findOne().lean())!.number;

    // After the dead delivery's lease: a claim on instance b (its card refresh, its thread reply).
    app.clock.advance(61_000);
    const b = app.instance('b');
    await b.flows.tickets.act(await ctxOf(app, AGENT), number, { action: 'claim' });
    await b.outbox.drain();
    expect(cards()).toHaveLength(1); // found by its metadata, not posted again
    // ... and brought up to date: it shows the claim.
    expect(JSON.stringify(app.fake.callsTo('chat.update').at(-1)!.args.blocks)).toContain(AGENT);
    const ticket = (await app.db.models.tickets.findOne({ number }).lean())!;
    expect(ticket.card.ts).toBe(cards()[0]!.answer!.ts);
    // The claim's reply went into the one card's thread.
    expect(took(TRIAGE).filter((c) => c.args.thread_ts === ticket.card.ts).length).toBeGreaterThan(
      0,
    );
    expect(
      await app.db.models.outbox.countDocuments({
        state: 'pending',
        kind: trusted({ $ne: 'home' }),
      }),
    ).toBe(0);
  });

  test('a digest killed after its message went out, before its chart: the next instance uploads the chart and does not post it again', async () => {
    app.clock.set('2026-11-16T01:00:00Z');
    await app.desk.services.workspaces.settings(FAKE_TEAM_ID); // the workspace exists
    app.clock.set('2026-11-30T01:00:00Z');
    await storeEarlierWeeks(app, '2026-11-30T01:00:00Z'); // weeks enough for a chart
    const [queued] = await runDue(jobDeps(app), [digestJob]);
    expect(queued!.counts).toEqual({ queued: 1 });
    const held = app.fake.holdNext('files.getUploadURLExternal');
    const dying = app.desk.outbox.drain();
    await held.arrived; // the message is out, its place recorded; the chart upload hangs
    expect(took(DIGEST)).toHaveLength(1);
    app.clock.advance(61_000);
    await app.instance('b').outbox.drain();
    held.release('internal_error');
    await dying;
    expect(took(DIGEST)).toHaveLength(1);
    expect(app.fake.tookCalls('files.completeUploadExternal')).toHaveLength(1);
    const week = await app.db.models.digests.findOne({ week: '2026-W48' }).lean();
    expect(week!.post).toMatchObject({ channel: DIGEST });
    expect(week!.post!.postedAt).toBeInstanceOf(Date);
    // The next run of the week queues nothing.
    const [again] = await runJobAt(app, digestJob, '2026-11-30T01:30:00Z');
    expect(again?.counts ?? { queued: 0 }).toMatchObject({ queued: 0 });
    expect(took(DIGEST)).toEqual([]);
  });

  test('a digest killed after Slack took its chart, before hearing so: the next instance finds the chart in the thread and does not upload it again', async () => {
    await digestKilledWithChartTaken();
    app.clock.advance(61_000);
    await app.instance('b').outbox.drain();
    expect(took(DIGEST)).toHaveLength(1);
    const charts = app.fake.tookCalls('files.completeUploadExternal');
    expect(charts).toHaveLength(1);
    expect(charts[0]!.args.thread_ts).toBe(took(DIGEST)[0]!.answer!.ts);
    expect(app.fake.callsTo('files.getUploadURLExternal')).toHaveLength(1);
    expect(app.fake.callsTo('conversations.replies')).toHaveLength(1);
    const week = await app.db.models.digests.findOne({ week: '2026-W48' }).lean();
    expect(week!.post!.postedAt).toBeInstanceOf(Date);
    expect(week!.post!.chartFileId).toBe((charts[0]!.args.files as { id: string }[])[0]!.id);
  });

  test('a digest killed after Slack took its chart, and the look in the thread failing once (internal_error): the chart is not uploaded blind; the look is made again after the back-off and finds it', async () => {
    await digestKilledWithChartTaken();
    const entry = async () =>
      (await app.db.models.outbox.findOne({ kind: 'digest' }, { state: 1, attempts: 1 }).lean())!;
    // Instance b takes over; Slack cannot say now whether the chart is there.
    app.clock.advance(61_000);
    app.fake.failNext('conversations.replies', 'internal_error');
    const b = app.instance('b');
    await b.outbox.drain();
    expect(app.fake.callsTo('files.getUploadURLExternal')).toHaveLength(1);
    expect(await entry()).toMatchObject({ state: 'pending', attempts: 1 });
    // Not before the back-off; then looked for again, found, and not uploaded again.
    app.clock.advance(20_000);
    await b.outbox.drain();
    expect(app.fake.callsTo('conversations.replies')).toHaveLength(1);
    app.clock.advance(15_000);
    await b.outbox.drain();
    expect(app.fake.callsTo('conversations.replies')).toHaveLength(2);
    expect(took(DIGEST)).toHaveLength(1);
    const charts = app.fake.sharedFiles(DIGEST);
    expect(charts).toHaveLength(1);
    expect(app.fake.callsTo('files.getUploadURLExternal')).toHaveLength(1);
    expect(await entry()).toMatchObject({ state: 'sent' });
    const week = await app.db.models.digests.findOne({ week: '2026-W48' }).lean();
    expect(week!.post!.postedAt).toBeInstanceOf(Date);
    expect(week!.post!.chartFileId).toBe(charts[0]!.id);
  });

  test('a digest killed after Slack took its chart, and Slack never saying what is in the thread (missing_scope): the chart is uploaded again, at least once rather than never', async () => {
    await digestKilledWithChartTaken();
    app.clock.advance(61_000);
    app.fake.failNext('conversations.replies', 'missing_scope');
    await app.instance('b').outbox.drain();
    expect(took(DIGEST)).toHaveLength(1);
    expect(app.fake.sharedFiles(DIGEST)).toHaveLength(2);
    expect(
      (await app.db.models.outbox.findOne({ kind: 'digest' }, { state: 1 }).lean())!.state,
    ).toBe('sent');
  });

  describe('a ticket whose card is in a former triage channel linked to a customer since', () => {
    const NEXT = 'C0TRIAGE02';
    /**
     * The urgent ticket's card in TRIAGE; then NEXT the triage channel and TRIAGE linked to the
     * ticket's customer (as /desk channel link stores it). Its number.
     */
    async function cardInLinkedChannel() {
      const { code } = await makeCustomer(app, { name: 'Huadong', annualRevenue: 100_000 });
      const ticket = await makeTicket(app, { customerCode: code, severity: 'urgent' });
      await app.desk.outbox.drain();
      const customer = (await app.db.models.customers.findOne({ code }).lean())!;
      await app.setSettings((s) => ({ channels: { ...s.channels, triage: NEXT } }));
      await app.db.models.channelLinks.create({
        teamId: FAKE_TEAM_ID,
        channelId: TRIAGE,
        customerId: String(customer._id),
        customerCode: code,
        customerName: customer.name,
        intake: 'all',
        emoji: 'ticket',
        shared: false,
        linkedBy: OWNER,
        linkedAt: app.clock.now(),
      });
      app.fake.reset();
      return ticket.number;
    }
    /** The one new card Slack took in NEXT and the lines it took in that card's thread. */
    const newThread = () => {
      const cards = took(NEXT).filter((c) => !c.args.thread_ts);
      expect(cards).toHaveLength(1);
      return took(NEXT)
        .filter((c) => c.args.thread_ts === cards[0]!.answer!.ts)
        .map((c) => c.args.text);
    };
    const nothingInTheCustomersChannel = () =>
      expect(
        app.fake.calls.filter((c) => c.method.startsWith('chat.') && c.args.channel === TRIAGE),
      ).toEqual([]);

    test('a claim whose delivery dies after Slack took the new card: another instance finds that card and posts the claim’s line under it, once', async () => {
      const number = await cardInLinkedChannel();
      const taken = app.fake.takeAndHang('chat.postMessage');
      // The claim's own delivery posts the new card in NEXT and dies waiting for Slack's answer.
      void act(app, number, { action: 'claim' }).catch(() => {});
      await taken;
      expect(newThread()).toEqual([]);
      app.clock.advance(61_000);
      await app.instance('b').outbox.drain();
      app.clock.advance(61_000);
      await app.instance('b').outbox.drain();
      expect(newThread()).toEqual([`<@${AGENT}> claimed it.`]);
      nothingInTheCustomersChannel();
      expect(
        await app.db.models.outbox.countDocuments({
          state: 'pending',
          kind: trusted({ $ne: 'home' }),
        }),
      ).toBe(0);
    });

    test('a claim saved just before the process died: the outbox job writes its card and line; the line, due before the card’s update, follows the card to the triage channel, once', async () => {
      const number = await cardInLinkedChannel();
      await app.desk.services.tickets.act(await ctxOf(app, AGENT), number, { action: 'claim' });
      const [late] = await runJobAt(app, outboxJob, '2026-11-24T02:02:30Z');
      expect(late!.counts).toMatchObject({ repaired: 1 });
      app.clock.advance(61_000);
      await app.desk.outbox.drain();
      app.clock.advance(61_000);
      await app.instance('b').outbox.drain();
      expect(newThread()).toEqual([`<@${AGENT}> claimed it.`]);
      nothingInTheCustomersChannel();
      expect((await app.db.models.tickets.findOne({ number }).lean())!.card.channel).toBe(NEXT);
    });
  });
});
