import { afterAll, beforeAll, beforeEach, describe, expect, inject, test } from 'vitest';
import { slackEventsCleanupJob, slackEventsJob } from '../../jobs/slack-events.js';
import { EVENT_MAX_ATTEMPTS } from '../../src/channel/types.js';
import type { Job } from '../../src/schedule/job.js';
import { runDue } from '../../src/schedule/runner.js';
import { useTestApp } from '../helpers/app.js';
import { failCalls } from '../helpers/faults.js';
import { AGENT, makeCustomer } from '../helpers/factories.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { jobDeps } from '../helpers/jobs.js';
import { captureLogs } from '../helpers/logs.js';
import { scannerEdited } from '../helpers/setups-9-edits.js';
import { TcpProxy } from '../helpers/tcp-proxy.js';

// The Events API inbox (#10 follow-up): a customer channel event is written as pending before
// its work and marked done after it; one whose work failed (the database gone mid-way, Slack
// refusing the call the intake needs) is done again by the `slack-events` job, once, and given
// up (with the admins told) after EVENT_MAX_ATTEMPTS; the cleanup job forgets old ones. Events
// come through the real Bolt HTTP stack, signed like Slack's; the database sits behind a proxy
// the test can cut.
const proxy = TcpProxy.forMongoUri(inject('mongoUri'));
beforeAll(() => proxy.start());
afterAll(() => proxy.stop());

const TRIAGE = 'C0TRIAGE01';
const ADMIN = 'U0ADMIN001';
const CUST = 'C0CUSTCH01';
const CUSTOMER_USER = 'U0CUSTUSR1';
const T0 = '2026-11-24T02:00:00Z';

const app = useTestApp({
  env: { TRIAGE_CHANNEL_ID: TRIAGE, ADMIN_USER_IDS: ADMIN },
  now: T0,
  mongoUri: () => proxy.uri(inject('mongoUri')),
});

let events = 0;
const nextEventId = () => `Ev0INBOX${String(++events).padStart(5, '0')}`;
let code = '';

function posted(text: string, ts: string) {
  return { type: 'message', channel_type: 'channel', channel: CUST, user: CUSTOMER_USER, text, ts };
}

function reaction(ts: string) {
  return {
    type: 'reaction_added',
    user: AGENT,
    reaction: 'ticket',
    item: { type: 'message', channel: CUST, ts },
    item_user: CUSTOMER_USER,
  };
}

const tickets = () => app.db.models.tickets.find({ teamId: FAKE_TEAM_ID }).lean();
const stored = (eventId: string) =>
  app.db.models.seenEvents.findById(`${FAKE_TEAM_ID}:${eventId}`).lean();
const cardsPosted = () => app.fake.tookPostsTo(TRIAGE).filter((c) => !c.args.thread_ts);

// The job runs' log lines (the scheduler's logger), to read as an operator would.
const jobLogs = captureLogs();
beforeEach(() => {
  jobLogs.lines.length = 0;
  jobLogs.raw.length = 0;
});

/**
 * A job's due slots run as of `iso` by the minute ticker of each named instance at once (the
 * fake's overrides kept), then the outbox drained. Returns the runs that ran.
 */
async function runAt(job: Job, iso: string, instances = ['a']) {
  app.clock.set(iso);
  const results = (
    await Promise.all(instances.map((i) => runDue({ ...jobDeps(app, i), log: jobLogs.log }, [job])))
  ).flat();
  await app.desk.outbox.drain();
  return results.filter((r) => r.ran);
}

const minutesAfter = (minutes: number) =>
  new Date(new Date(T0).getTime() + minutes * 60_000).toISOString();

async function link(args = '') {
  const res = await app.slack.command('/desk', `channel link ${code} ${args}`.trim(), {
    userId: ADMIN,
    channelId: CUST,
  });
  expect(res.body.text).toContain('is now the customer channel');
}

beforeEach(async () => {
  code = (await makeCustomer(app)).code;
  await app.setSettings(() => ({ agents: [AGENT], openDesk: false }));
});

describe('the Events API inbox', () => {
  test('a message whose work fails (the database gone mid-way) opens no ticket at first, then exactly one when the job does it again', async () => {
    await link();
    // The database goes away as the ticket is being written: after the event was recorded.
    const client = app.db.conn.getClient();
    let cut: Promise<void> | undefined;
    const onCommand = (ev: { commandName: string; command: Record<string, unknown> }) => {
      if (cut || ev.commandName !== 'insert' || ev.command.insert !== 'tickets') return;
      cut = proxy.stop();
    };
    client.on('commandStarted', onCommand);
    const eventId = nextEventId();
    try {
      const res = await app.slack.eventDelivery(
        posted('Our line 3 stopped with error E42', '1795485540.000100'),
        { eventId },
      );
      expect(res.status).toBe(200);
    } finally {
      client.off('commandStarted', onCommand);
      await cut;
      await proxy.start();
    }
    expect(cut).toBeDefined();
    expect(await tickets()).toHaveLength(0);
    // Not marked (the database was gone): pending, held by the attempt's lease.
    expect(await stored(eventId)).toMatchObject({ status: 'pending', type: 'message' });
    expect(app.logs).toContainEqual(
      expect.objectContaining({ msg: 'listener failed', code: 'DB_UNAVAILABLE' }),
    );

    // Within the lease the job leaves it alone; once it ran out, the job does it: one ticket.
    await runAt(slackEventsJob, minutesAfter(1));
    expect(await tickets()).toHaveLength(0);
    // Two instances tick at once: the slot runs on one of them.
    const runs = await runAt(slackEventsJob, minutesAfter(3), ['a', 'b']);
    expect(runs).toHaveLength(1);
    expect(runs[0]!.counts).toMatchObject({ redone: 1, failed: 0 });
    const all = await tickets();
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({
      title: 'Our line 3 stopped with error E42',
      requester: { userId: CUSTOMER_USER, via: 'slack' },
      submissionId: `msg:${CUST}:1795485540.000100`,
    });
    expect(cardsPosted()).toHaveLength(1);
    const done = await stored(eventId);
    expect(done).toMatchObject({ status: 'done' });
    // The customer's words are not kept once the work is done.
    expect(done!.payload).toBeUndefined();

    // Done is done: later runs do nothing more.
    await runAt(slackEventsJob, minutesAfter(10));
    expect(await tickets()).toHaveLength(1);
  });

  test('a message whose attempt died before its link took the shared flag: the redo applies it, as the listener would', async () => {
    await link(); // not shared
    app.clock.set(minutesAfter(1));
    // The database goes away as the link is being updated (the channel is Slack Connect now).
    const client = app.db.conn.getClient();
    let cut: Promise<void> | undefined;
    const onCommand = (ev: { commandName: string; command: Record<string, unknown> }) => {
      const c = ev.command;
      if (cut || (c.update !== 'channel_links' && c.findAndModify !== 'channel_links')) return;
      cut = proxy.stop();
    };
    client.on('commandStarted', onCommand);
    const eventId = nextEventId();
    try {
      await app.slack.eventDelivery(posted('Our line 3 stopped', '1795485660.000100'), {
        eventId,
        shared: true,
      });
    } finally {
      client.off('commandStarted', onCommand);
      await cut;
      await proxy.start();
    }
    expect(cut).toBeDefined();
    expect(await stored(eventId)).toMatchObject({ status: 'pending' });
    const [run] = await runAt(slackEventsJob, minutesAfter(4));
    expect(run!.counts).toMatchObject({ redone: 1 });
    expect(await app.db.models.channelLinks.findOne({ channelId: CUST }).lean()).toMatchObject({
      shared: true,
    });
    // Judged as the channel then was: a person of our own workspace answers for the desk there.
    expect(await tickets()).toHaveLength(0);
    expect(await stored(eventId)).toMatchObject({ status: 'done' });
  });

  test('a reaction whose intake call Slack refuses once is failed, then done by the job after its back-off', async () => {
    await link('emoji');
    app.fake.peopleMessages.set(CUST, [
      { ts: '1764000000.000500', user: CUSTOMER_USER, text: 'Can you check our order 778?' },
    ]);
    app.fake.failNext('conversations.history', 'internal_error');
    const eventId = nextEventId();
    await app.slack.eventDelivery(reaction('1764000000.000500'), { eventId });
    expect(await tickets()).toHaveLength(0);
    expect(await stored(eventId)).toMatchObject({ status: 'failed', attempts: 1 });

    // Slack's retry of the delivery is still a duplicate: it does not do the work.
    await app.slack.eventDelivery(reaction('1764000000.000500'), { eventId, retryNum: 1 });
    expect(await tickets()).toHaveLength(0);

    await runAt(slackEventsJob, minutesAfter(1));
    const all = await tickets();
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ title: 'Can you check our order 778?', createdBy: AGENT });
    expect(await stored(eventId)).toMatchObject({ status: 'done' });
  });

  test('the same event delivered twice while its first delivery is still working makes one ticket', async () => {
    await link();
    // The first delivery is held mid-work (its ticket saved, Slack slow to answer).
    const held = app.fake.holdNext('chat.getPermalink');
    const eventId = nextEventId();
    const event = posted('The printer is jammed', '1764000000.000400');
    const first = app.slack.eventDelivery(event, { eventId });
    await held.arrived;
    expect(await stored(eventId)).toMatchObject({ status: 'pending' });
    const again = await app.slack.eventDelivery(event, { eventId, retryNum: 1 });
    expect(again.status).toBe(200);
    held.release();
    expect((await first).status).toBe(200);
    expect(await tickets()).toHaveLength(1);
    expect(cardsPosted()).toHaveLength(1);
    expect(app.logs.filter((l) => l.msg === 'event delivered again: skipped')).toHaveLength(1);
    // Nothing left for the job.
    const [run] = await runAt(slackEventsJob, minutesAfter(5));
    expect(run!.counts).toMatchObject({ redone: 0 });
    expect(await tickets()).toHaveLength(1);
  });

  test('a redo after the ticket was created but before the event was marked done still makes one ticket', async () => {
    await link();
    const eventId = nextEventId();
    await app.slack.eventDelivery(posted('Invoice 42 is wrong', '1764000000.000600'), {
      eventId,
    });
    expect(await tickets()).toHaveLength(1);
    // What an instance that died after the ticket's save and before marking it done leaves:
    // the event pending, with its payload and its lease.
    const payload = JSON.stringify({
      event: posted('Invoice 42 is wrong', '1764000000.000600'),
      actor: CUSTOMER_USER,
      external: false,
    });
    await app.db.models.seenEvents.updateOne(
      { _id: `${FAKE_TEAM_ID}:${eventId}` },
      { $set: { status: 'pending', leaseUntil: new Date(minutesAfter(2)), payload } },
    );
    app.fake.reset();
    const [run] = await runAt(slackEventsJob, minutesAfter(3));
    expect(run!.counts).toMatchObject({ redone: 1 });
    expect(await tickets()).toHaveLength(1);
    expect(cardsPosted()).toHaveLength(0);
    expect(await stored(eventId)).toMatchObject({ status: 'done' });
  });

  test('a follow-up, a thread reply and an edit done again after their work was saved add nothing twice', async () => {
    await link();
    const ROOT = '1764000000.000800';
    const deliveries: [string, Record<string, unknown>][] = [];
    const deliver = async (event: Record<string, unknown>) => {
      const eventId = nextEventId();
      deliveries.push([eventId, event]);
      await app.slack.eventDelivery(event, { eventId });
    };
    await deliver(posted('Our scanner does not start', ROOT));
    app.clock.set(minutesAfter(1));
    await deliver({ ...posted('It beeps twice', '1764000060.000100'), thread_ts: ROOT });
    await deliver(posted('Model S-200', '1764000060.000200'));
    await deliver(scannerEdited(CUST, CUSTOMER_USER, ROOT, '1764000070.000100'));
    const before = (await tickets())[0]!;
    expect(before.timeline.filter((e) => e.action === 'note')).toHaveLength(3);
    expect(before.description).toBe(
      'Our scanner does not start\n\nModel S-200\n\nEdited by the customer:\nOur scanner 2 does not start',
    );

    // What instances that died after the work and before marking it done leave: all pending.
    for (const [eventId, event] of deliveries.slice(1)) {
      await app.db.models.seenEvents.updateOne(
        { _id: `${FAKE_TEAM_ID}:${eventId}` },
        {
          $set: {
            status: 'pending',
            leaseUntil: new Date(minutesAfter(3)),
            payload: JSON.stringify({ event, actor: CUSTOMER_USER, external: false }),
          },
        },
      );
    }
    const [run] = await runAt(slackEventsJob, minutesAfter(4));
    expect(run!.counts).toMatchObject({ redone: 3, failed: 0 });
    const after = (await tickets())[0]!;
    expect(after.timeline).toHaveLength(before.timeline.length);
    expect(after.description).toBe(before.description);
    expect(await tickets()).toHaveLength(1);
  });

  test(`an event failing ${EVENT_MAX_ATTEMPTS} times is dead: logged as an error and told to the admins once`, async () => {
    await link('emoji');
    app.fake.peopleMessages.set(CUST, [
      { ts: '1764000000.000700', user: CUSTOMER_USER, text: 'Where is my delivery?' },
    ]);
    app.fake.failNext('conversations.history', 'internal_error', 20);
    const eventId = nextEventId();
    await app.slack.eventDelivery(reaction('1764000000.000700'), { eventId });
    // Back-off 1, 2, 4, 8 minutes after the delivery's failure: attempts at 1, 3, 7 and 15.
    await runAt(slackEventsJob, minutesAfter(1));
    expect(await stored(eventId)).toMatchObject({ status: 'failed', attempts: 2 });
    // Not due before its next time (3 minutes).
    await runAt(slackEventsJob, minutesAfter(2));
    expect(await stored(eventId)).toMatchObject({ status: 'failed', attempts: 2 });
    await runAt(slackEventsJob, minutesAfter(3));
    await runAt(slackEventsJob, minutesAfter(7));
    expect(await stored(eventId)).toMatchObject({ status: 'failed', attempts: 4 });
    expect(app.fake.postsTo(ADMIN)).toHaveLength(0);
    await runAt(slackEventsJob, minutesAfter(15));
    expect(await stored(eventId)).toMatchObject({ status: 'dead', attempts: EVENT_MAX_ATTEMPTS });
    expect(await tickets()).toHaveLength(0);

    const given = jobLogs.lines.filter((l) => String(l.msg).startsWith('Slack event given up'));
    expect(given).toHaveLength(1);
    expect(given[0]).toMatchObject({ level: 50, type: 'reaction_added' });
    const told = app.fake.tookPostsTo(ADMIN);
    expect(told).toHaveLength(1);
    expect(String(told[0]!.args.text)).toContain(
      `A reaction in <#${CUST}> could not be handled after ${EVENT_MAX_ATTEMPTS} attempts`,
    );
    expect(String(told[0]!.args.text)).toContain(String(given[0]!.ref));

    // Dead stays dead: no more attempts, no second notice.
    await runAt(slackEventsJob, minutesAfter(60));
    await runAt(slackEventsJob, minutesAfter(24 * 60));
    expect(app.fake.tookPostsTo(ADMIN)).toHaveLength(1);
    expect(
      jobLogs.lines.filter((l) => String(l.msg).startsWith('Slack event given up')),
    ).toHaveLength(1);
    // The payload (the customer's words) is never logged.
    expect([...app.rawLogs, ...jobLogs.raw].join('\n')).not.toContain('Where is my delivery');
  });
});

describe('the inbox cleanup', () => {
  test('the admins could not be told on its last failure (the database failing right then): they are told on the next pass, once', async () => {
    await link('emoji');
    app.fake.peopleMessages.set(CUST, [
      { ts: '1764000000.000800', user: CUSTOMER_USER, text: 'Where is my invoice?' },
    ]);
    app.fake.failNext('conversations.history', 'internal_error', 20);
    const eventId = nextEventId();
    await app.slack.eventDelivery(reaction('1764000000.000800'), { eventId });
    for (const at of [1, 3, 7]) await runAt(slackEventsJob, minutesAfter(at));
    expect(await stored(eventId)).toMatchObject({ status: 'failed', attempts: 4 });

    // The fifth failure: writing the admins' notice fails once (a fault injected in the write).
    const outbox = app.desk.services.outbox;
    const restore = failCalls(outbox, 'enqueue');
    try {
      await runAt(slackEventsJob, minutesAfter(15));
      // Not given up yet: given up, it would never be looked at again, nor the admins told.
      expect(await stored(eventId)).not.toMatchObject({ status: 'dead' });
      expect(app.fake.tookPostsTo(ADMIN)).toHaveLength(0);
      // Done again after its lease, failing again: given up now, the admins told once.
      await runAt(slackEventsJob, minutesAfter(20));
      expect(await stored(eventId)).toMatchObject({ status: 'dead' });
      expect(app.fake.tookPostsTo(ADMIN)).toHaveLength(1);
      await runAt(slackEventsJob, minutesAfter(60));
      expect(app.fake.tookPostsTo(ADMIN)).toHaveLength(1);
    } finally {
      restore();
    }
  });

  test('deletes done events older than 7 days and dead ones older than 30; keeps recent, pending and failed ones', async () => {
    const DAY = 86_400_000;
    const daysBefore = (days: number) => new Date(new Date(T0).getTime() - days * DAY);
    await link('emoji');
    // Ten days ago: a message (done) and a reaction Slack refused (failed, still to do).
    app.clock.set(daysBefore(10).toISOString());
    const oldDone = nextEventId();
    await app.slack.eventDelivery(posted('Old question', '1763136000.000100'), {
      eventId: oldDone,
    });
    app.fake.failNext('conversations.history', 'internal_error');
    const oldFailed = nextEventId();
    await app.slack.eventDelivery(reaction('1763136000.000100'), { eventId: oldFailed });
    // Yesterday: one done.
    app.clock.set(daysBefore(1).toISOString());
    const recentDone = nextEventId();
    await app.slack.eventDelivery(posted('Recent question', '1763913600.000100'), {
      eventId: recentDone,
    });
    // Records of the dedupe before the inbox (no status), and dead ones of 20 and 40 days.
    const put = (id: string, at: Date, fields: Record<string, unknown> = {}) =>
      app.db.models.seenEvents.collection.insertOne({
        _id: `${FAKE_TEAM_ID}:${id}` as never,
        teamId: FAKE_TEAM_ID,
        type: 'message',
        at,
        ...fields,
      });
    await put('EvLEGACY1', daysBefore(9));
    await put('EvDEAD20', daysBefore(20), { status: 'dead', attempts: 5 });
    await put('EvDEAD40', daysBefore(40), { status: 'dead', attempts: 5 });
    await put('EvPEND12', daysBefore(12), {
      status: 'pending',
      attempts: 0,
      leaseUntil: daysBefore(12),
    });
    expect(await stored(oldDone)).toMatchObject({ status: 'done' });
    expect(await stored(oldFailed)).toMatchObject({ status: 'failed' });

    const [run] = await runAt(slackEventsCleanupJob, T0);
    expect(run!.counts).toEqual({ purged: 3, claims: 0 });
    const left = (await app.db.models.seenEvents.find().lean()).map((d) => d._id).sort();
    expect(left).toEqual(
      [oldFailed, recentDone, 'EvDEAD20', 'EvPEND12'].map((id) => `${FAKE_TEAM_ID}:${id}`).sort(),
    );
    // Once a day: the same day's second tick runs nothing.
    expect(await runAt(slackEventsCleanupJob, minutesAfter(60))).toHaveLength(0);
  });
});
