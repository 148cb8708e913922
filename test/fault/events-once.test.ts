import { describe, expect, test } from 'vitest';
import { slackEventsCleanupJob } from '../../jobs/slack-events.js';
import { runDue } from '../../src/schedule/runner.js';
import { TEST_SIGNING_SECRET, useTestApp } from '../helpers/app.js';
import { askAndWait } from '../helpers/clicks.js';
import { act, AGENT, makeTicket } from '../helpers/factories.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { jobDeps } from '../helpers/jobs.js';
import { SlackRequests } from '../helpers/slack-requests.js';
import { storeCopies } from '../helpers/ticket-copies.js';

// Events Slack delivers twice (its retry, X-Slack-Retry-Num, after a first delivery that failed
// or took over 3 s; or the same event at two instances) are handled once: a DM in the Messages
// tab is answered once, a requester's answer there resumes their ticket once. A delivery whose
// work failed frees the event for the next one, which does it (all of it, or what is left).
// Through the real Bolt HTTP stack, signed like Slack's, with the fake Slack.
const TRIAGE = 'C0TRIAGE01';
const DM = 'D0DM000001';
const REQ = 'U0DM000001';
const T0 = '2026-11-24T02:00:00Z';
// Each Slack call's time limit (SLACK_CALL_TIMEOUT_MS), ended when a test says.
const limits: (() => void)[] = [];
const app = useTestApp({
  env: { TRIAGE_CHANNEL_ID: TRIAGE },
  now: T0,
  slackCallWait: () => new Promise<void>((expire) => limits.push(expire)),
});

let events = 0;
const nextEventId = () => `Ev0ONCE${String(++events).padStart(5, '0')}`;
const dm = (text: string, ts: string) => ({
  type: 'message',
  channel_type: 'im',
  channel: DM,
  user: REQ,
  text,
  ts,
});
const HELP = 'I do not read messages here';
/** The answers Slack took in the DM. */
const took = () => app.fake.tookPostsTo(DM).map((c) => String(c.args.text));

/** Counts the database commands sent while `run` runs, by collection. */
async function commandsDuring(run: () => Promise<unknown>): Promise<Record<string, number>> {
  const client = app.db.conn.getClient();
  const counts: Record<string, number> = {};
  const on = (ev: { commandName: string; command: Record<string, unknown> }) => {
    const coll = ev.command[ev.commandName];
    if (typeof coll !== 'string') return;
    counts[coll] = (counts[coll] ?? 0) + 1;
  };
  client.on('commandStarted', on);
  try {
    await run();
  } finally {
    client.off('commandStarted', on);
  }
  return counts;
}

/** A ticket REQ reported, claimed by AGENT, who asks a question with Waiting on customer. */
async function waitingOnReq(title: string, customerCode?: string): Promise<string> {
  const { number } = await makeTicket(app, { requester: { userId: REQ }, title, customerCode });
  await act(app, number, { action: 'claim' });
  await askAndWait(app, number, 'Which printer model?', AGENT, TRIAGE);
  await app.desk.outbox.drain();
  app.fake.reset();
  return number;
}

async function ticket(number: string) {
  return (await app.db.models.tickets.findOne({ number }).lean())!;
}
const resumes = (t: { timeline: { action: string }[] }) =>
  t.timeline.filter((e) => e.action === 'resume');

describe('a DM in the Messages tab delivered more than once', () => {
  test('Slack’s retry of a DM gets no second help; the claim costs two commands, the retry one', async () => {
    const eventId = nextEventId();
    const event = dm('hello?', '1795500000.000100');
    const first = await commandsDuring(async () => {
      expect((await app.slack.eventDelivery(event, { eventId })).status).toBe(200);
    });
    const retry = await commandsDuring(async () => {
      expect((await app.slack.eventDelivery(event, { eventId, retryNum: 1 })).status).toBe(200);
    });
    expect(took()).toHaveLength(1);
    expect(took()[0]).toContain(HELP);
    // The claim (one atomic upsert) and its "done": two commands added per DM; a retry reads
    // nothing else.
    expect(first.slack_event_claims).toBe(2);
    expect(retry).toEqual({ slack_event_claims: 1 });
    expect(
      await app.db.models.eventClaims.findById(`${FAKE_TEAM_ID}:${eventId}`).lean(),
    ).toMatchObject({ status: 'done', type: 'message.im', attempts: 1 });
    expect(app.logs).toContainEqual(
      expect.objectContaining({ msg: 'event delivered again: skipped', type: 'message.im' }),
    );
    // Another message (another event id) is answered as ever.
    await app.slack.eventDelivery(dm('and now?', '1795500000.000200'), {
      eventId: nextEventId(),
    });
    expect(took()).toHaveLength(2);
  });

  test('the same DM delivered to two instances at once is answered once', async () => {
    const other = app.instance('b');
    const port = await other.start();
    try {
      const second = new SlackRequests(`http://127.0.0.1:${port}`, TEST_SIGNING_SECRET, app.fake);
      const eventId = nextEventId();
      const event = dm('hello?', '1795500000.000300');
      const results = await Promise.all([
        app.slack.eventDelivery(event, { eventId }),
        second.eventDelivery(event, { eventId, retryNum: 1 }),
        second.eventDelivery(event, { eventId, retryNum: 2 }),
      ]);
      expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
    } finally {
      await other.stop();
    }
    expect(app.fake.postsTo(DM)).toHaveLength(1);
    expect(took()[0]).toContain(HELP);
  });

  test('a delivery whose answer Slack refused is done by the retry, and only by it', async () => {
    const eventId = nextEventId();
    const event = dm('hello?', '1795500000.000400');
    app.fake.failNext('chat.postMessage', 'internal_error');
    await app.slack.eventDelivery(event, { eventId });
    expect(took()).toEqual([]);
    expect(app.logs).toContainEqual(
      expect.objectContaining({ msg: 'listener failed', listener: 'event:message.im' }),
    );
    expect(
      await app.db.models.eventClaims.findById(`${FAKE_TEAM_ID}:${eventId}`).lean(),
    ).toMatchObject({ status: 'failed' });
    // Slack's retry does the work; its next retry finds it done.
    await app.slack.eventDelivery(event, { eventId, retryNum: 1 });
    await app.slack.eventDelivery(event, { eventId, retryNum: 2 });
    expect(took()).toHaveLength(1);
    expect(took()[0]).toContain(HELP);
    expect(app.fake.postsTo(DM)).toHaveLength(2);
  });

  test('a help DM Slack took but did not answer within its limit: done, Slack’s retry posts no second help', async () => {
    const eventId = nextEventId();
    const event = dm('hello?', '1795500000.000450');
    const taken = app.fake.takeAndHang('chat.postMessage');
    limits.length = 0;
    const first = app.slack.eventDelivery(event, { eventId });
    await taken;
    limits.splice(0).forEach((expire) => expire());
    expect((await first).status).toBe(200);
    await app.slack.eventDelivery(event, { eventId, retryNum: 1 });
    expect(app.fake.callsTo('chat.postMessage').filter((c) => c.args.channel === DM)).toHaveLength(
      1,
    );
    expect(
      await app.db.models.eventClaims.findById(`${FAKE_TEAM_ID}:${eventId}`).lean(),
    ).toMatchObject({ status: 'done', attempts: 1 });
    expect(app.logs.map((l) => l.msg)).toContain(
      'help DM got no answer from Slack (it may have been shown): not sent again',
    );
  });

  test('a delivery whose instance died mid-way is done by a retry after its lease, not before', async () => {
    const eventId = nextEventId();
    const event = dm('hello?', '1795500000.000500');
    // The first delivery's claim, as a dead instance left it (working, held two minutes).
    const now = new Date(T0);
    await app.db.models.eventClaims.create({
      _id: `${FAKE_TEAM_ID}:${eventId}`,
      teamId: FAKE_TEAM_ID,
      type: 'message.im',
      at: now,
      status: 'working',
      attempts: 1,
      owner: 'dead',
      leaseUntil: new Date(now.getTime() + 120_000),
    });
    app.clock.set('2026-11-24T02:01:00Z');
    await app.slack.eventDelivery(event, { eventId, retryNum: 1 });
    expect(took()).toEqual([]);
    app.clock.set('2026-11-24T02:05:00Z');
    await app.slack.eventDelivery(event, { eventId, retryNum: 2 });
    expect(took()).toHaveLength(1);
  });
});

describe("a requester's answer in their DM delivered more than once", () => {
  /** What Slack took in REQ's DM with the app (posted to its channel or to REQ). */
  const said = () =>
    [...app.fake.tookPostsTo(DM), ...app.fake.tookPostsTo(REQ)].map((c) => String(c.args.text));
  const thanks = (number: string) =>
    `Thank you: your answer is added to ticket *${number}*, and we carry on with it.`;
  const claim = async (eventId: string) =>
    (await app.db.models.eventClaims.findById(`${FAKE_TEAM_ID}:${eventId}`).lean())!;

  test('adds one reply to the ticket and resumes it once; they are thanked once', async () => {
    const number = await waitingOnReq('Printer offline');
    const eventId = nextEventId();
    const event = dm('It is an HP M404', '1795500000.000600');
    await app.slack.eventDelivery(event, { eventId });
    await app.slack.eventDelivery(event, { eventId, retryNum: 1 });
    await app.desk.outbox.drain();
    const t = await ticket(number);
    expect(t.status).not.toBe('waiting');
    expect(resumes(t)).toHaveLength(1);
    expect(JSON.stringify(t.timeline).split('It is an HP M404')).toHaveLength(2);
    expect(said()).toEqual([thanks(number)]);
  });

  // Bolt acks the event at once, so Slack sends no retry after a delivery whose work failed:
  // the thank-you is owed in the outbox (written with the resume), not left to a retry.
  test('Slack refuses the thank-you (an error, then a 429 at the next try): it arrives later through the outbox, once', async () => {
    const number = await waitingOnReq('Printer offline');
    const eventId = nextEventId();
    const event = dm('It is an HP M404', '1795500000.000700');
    app.fake.answerNextPostsTo(DM, [{ error: 'internal_error' }, { ratelimit: 30 }]);
    await app.slack.eventDelivery(event, { eventId });
    expect(resumes(await ticket(number))).toHaveLength(1);
    expect(said()).toEqual([]);
    // The event's work is done (the ticket resumed, the thank-you owed): no retry is needed.
    expect(await claim(eventId)).toMatchObject({ status: 'done', attempts: 1 });
    // The outbox's next try, after its back-off: Slack asks it to wait 30 s.
    app.clock.set('2026-11-24T02:01:00Z');
    await app.desk.outbox.drain();
    expect(said()).toEqual([]);
    app.clock.set('2026-11-24T02:02:00Z');
    await app.desk.outbox.drain();
    expect(said()).toEqual([thanks(number)]);
    // A retry of the event anyway, and the outbox again: nothing more.
    await app.slack.eventDelivery(event, { eventId, retryNum: 1 });
    app.clock.set('2026-11-24T03:00:00Z');
    await app.desk.outbox.drain();
    expect(said()).toEqual([thanks(number)]);
    const t = await ticket(number);
    expect(resumes(t)).toHaveLength(1);
    expect(JSON.stringify(t.timeline).split('It is an HP M404')).toHaveLength(2);
  });

  test('a 429 on the thank-you (the client gives up on it): it arrives after Slack’s wait, once', async () => {
    const number = await waitingOnReq('Printer offline');
    const eventId = nextEventId();
    app.fake.answerNextPostsTo(DM, [{ ratelimit: 30 }]);
    await app.slack.eventDelivery(dm('It is an HP M404', '1795500000.000750'), { eventId });
    expect(said()).toEqual([]);
    expect(await claim(eventId)).toMatchObject({ status: 'done' });
    app.clock.set('2026-11-24T02:01:00Z');
    await app.desk.outbox.drain();
    await app.desk.outbox.drain();
    expect(said()).toEqual([thanks(number)]);
  });

  test('Slack took the thank-you but its answer was lost, and the event is delivered again: one thank-you', async () => {
    const number = await waitingOnReq('Printer offline');
    const eventId = nextEventId();
    const event = dm('It is an HP M404', '1795500000.000760');
    app.fake.answerNextPostsTo(DM, [{ takenHttp: 504 }]);
    await app.slack.eventDelivery(event, { eventId });
    expect(said()).toEqual([thanks(number)]);
    await app.slack.eventDelivery(event, { eventId, retryNum: 1 });
    app.clock.set('2026-11-24T02:10:00Z');
    await app.desk.outbox.drain();
    await app.slack.eventDelivery(event, { eventId, retryNum: 2 });
    expect(said()).toEqual([thanks(number)]);
    expect(resumes(await ticket(number))).toHaveLength(1);
  });

  /** The first delivery of `event` resumes a ticket, then its instance dies: the redo is owed. */
  async function resumedThenDied(event: ReturnType<typeof dm>, eventId: string) {
    app.fake.answerNextPostsTo(DM, [{ error: 'internal_error' }]);
    await app.slack.eventDelivery(event, { eventId });
    await app.db.models.outbox.deleteMany({ key: /^dm-answer:/ });
    await app.db.models.eventClaims.updateOne(
      { _id: `${FAKE_TEAM_ID}:${eventId}` },
      { $set: { status: 'failed', leaseUntil: new Date(T0) } },
    );
  }

  /**
   * Slack's redo of `event` (its retries 1 to `retries`), then the outbox drained at 03:00: REQ
   * thanked once, for ticket `number`, resumed once.
   */
  async function redoneThankedOnce(
    event: ReturnType<typeof dm>,
    eventId: string,
    number: string,
    retries = 1,
  ) {
    for (let retryNum = 1; retryNum <= retries; retryNum++) {
      await app.slack.eventDelivery(event, { eventId, retryNum });
    }
    app.clock.set('2026-11-24T03:00:00Z');
    await app.desk.outbox.drain();
    expect(said()).toEqual([thanks(number)]);
    expect(resumes(await ticket(number))).toHaveLength(1);
  }

  test('a redo after the resume (the first delivery died before its thank-you was written) thanks them once, resumes nothing again', async () => {
    const number = await waitingOnReq('Printer offline');
    const eventId = nextEventId();
    const event = dm('It is an HP M404', '1795500000.000770');
    // The first delivery: the ticket resumed, and its outbox entries lost (the instance died).
    await resumedThenDied(event, eventId);
    await redoneThankedOnce(event, eventId, number, 2);
  });

  /**
   * `n` tickets REQ asked for, resolved (one resolved through the flows, and copies of it): a
   * requester's history, which sorts before any open ticket (a resolved one has no due time).
   * Returns their customer's code.
   */
  async function resolvedOfReq(n: number): Promise<string> {
    const { number, customerCode } = await makeTicket(app, {
      requester: { userId: REQ },
      title: 'Toner low',
    });
    await act(app, number, { action: 'claim' });
    await act(app, number, { action: 'resolve', summary: 'New toner sent' });
    const resolved = (await app.db.models.tickets.findOne({ number }).lean())!;
    await storeCopies(app, resolved, n - 1, (i) => ({
      number: `${number}-${String(i).padStart(2, '0')}`,
      submissionId: `${resolved.submissionId}-${i}`,
    }));
    await app.desk.outbox.drain();
    app.fake.reset();
    return customerCode;
  }

  // The redo finds the ticket the first delivery resumed by the message on its timeline, however
  // many tickets the requester had before it (the version before read only their first 20, due
  // first: 21 resolved ones hid it, and the redo answered with the help, never thanking them).
  test('a redo after the resume, the requester having 21 resolved tickets: thanked once, no help, nothing resumed again', async () => {
    const customer = await resolvedOfReq(21);
    const number = await waitingOnReq('Printer offline', customer);
    const eventId = nextEventId();
    const event = dm('It is an HP M404', '1795500000.000780');
    await resumedThenDied(event, eventId);
    await redoneThankedOnce(event, eventId, number);
  });

  // Worse, with another ticket waiting on them by the redo: the version before resumed that one
  // with this answer, and thanked them for it.
  test('a redo after the resume, 21 resolved tickets and another ticket waiting on them since: that one is not resumed with this answer', async () => {
    const customer = await resolvedOfReq(21);
    const number = await waitingOnReq('Printer offline', customer);
    const eventId = nextEventId();
    const event = dm('It is an HP M404', '1795500000.000790');
    await resumedThenDied(event, eventId);
    const other = await waitingOnReq('Scanner jams', customer);
    await redoneThankedOnce(event, eventId, number);
    const waiting = await ticket(other);
    expect(waiting.status).toBe('waiting');
    expect(resumes(waiting)).toHaveLength(0);
    expect(JSON.stringify(waiting.timeline)).not.toContain('It is an HP M404');
  });
});

describe('the claims’ cleanup', () => {
  test('the daily slack-events-cleanup deletes claims older than a day', async () => {
    app.clock.set('2026-11-22T02:00:00Z');
    const old = nextEventId();
    await app.slack.eventDelivery(dm('hello?', '1795500000.000800'), { eventId: old });
    app.clock.set('2026-11-23T12:00:00Z');
    const recent = nextEventId();
    await app.slack.eventDelivery(dm('hello?', '1795500000.000900'), { eventId: recent });
    app.clock.set(T0);
    const [run] = (await runDue(jobDeps(app, 'a'), [slackEventsCleanupJob])).filter((r) => r.ran);
    expect(run!.counts).toEqual({ purged: 0, claims: 1 });
    expect((await app.db.models.eventClaims.find().lean()).map((c) => c._id)).toEqual([
      `${FAKE_TEAM_ID}:${recent}`,
    ]);
  });
});
