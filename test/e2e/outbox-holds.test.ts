// The outbox when Slack asks it to wait or cannot answer around a delivery cut short: a card
// Slack took while its answer never reached the desk is looked for before it is posted again,
// and a 429 or an error on that look holds the card rather than posting it a second time. Its
// Slack calls end at SLACK_CALL_TIMEOUT_MS (under half its lease): a post Slack does not answer
// is not left in flight while another delivery takes the message over at the lease's end and
// posts it too; it is held as an answer that never came, and looked for before it goes again.
// Bolt's listener client has the same limit, and never tries again a post Slack may have taken
// (the limit ended it, a gateway answered 5xx after Slack took it).
import { trusted } from 'mongoose';
import { describe, expect, test } from 'vitest';
import { digestJob } from '../../jobs/digest.js';
import { SLACK_CALL_TIMEOUT_MS } from '../../src/app.js';
import { LEASE_MS } from '../../src/notify/outbox.js';
import { runDue } from '../../src/schedule/runner.js';
import { useTestApp } from '../helpers/app.js';
import { storeEarlierWeeks } from '../helpers/chart.js';
import { act, AGENT, ctxOf, makeTicket } from '../helpers/factories.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { jobDeps } from '../helpers/jobs.js';

const TRIAGE = 'C0TRIAGE01';
const DIGEST = 'C0DIGEST01';

/** The app's Slack call time limits, on the test's clock (none for its calls as it starts). */
const limits: { at: number; expire: () => void }[] = [];

// Monday 2026-11-30 10:00 in Shanghai.
const app = useTestApp({
  env: { TRIAGE_CHANNEL_ID: TRIAGE, DIGEST_CHANNEL_ID: DIGEST },
  now: '2026-11-30T02:00:00Z',
  slackCallWait: (ms) =>
    new Promise<void>((expire) => {
      if (app.clock) limits.push({ at: app.clock.now().getTime() + ms, expire });
    }),
});

/** The cards in the triage channel Slack took (top-level posts, not thread replies). */
const cards = () => app.fake.tookPostsTo(TRIAGE).filter((c) => c.args.thread_ts === undefined);

/** A ticket whose card Slack took while the desk heard a gateway timeout: it may be out. */
async function cardCutShort() {
  app.fake.takeAndFailHttp('chat.postMessage', 504);
  const ticket = await makeTicket(app, { title: 'Line 3 stopped' });
  expect(cards()).toHaveLength(1);
  const card = await app.db.models.outbox.findOne({ key: `card:${ticket.id}` }).lean();
  expect(card).toMatchObject({ state: 'pending', attempts: 1 });
  return ticket;
}

/** The ticket's card as stored, and its thread reply: under the one card Slack took, once. */
async function expectOneCardWithItsThread(ticketId: string) {
  expect(cards()).toHaveLength(1);
  const ts = String(cards()[0]!.answer!.ts);
  const stored = await app.db.models.tickets.findOne({ _id: ticketId }).lean();
  expect(stored!.card).toMatchObject({ channel: TRIAGE, ts });
  const replies = app.fake.tookPostsTo(TRIAGE).filter((c) => c.args.thread_ts !== undefined);
  expect(replies.map((c) => c.args.thread_ts)).toEqual([ts]);
  expect(await app.db.models.outbox.countDocuments(owed)).toBe(0);
}

/** Messages not out yet (App Home refreshes aside). */
const owed = {
  kind: trusted({ $ne: 'home' as const }),
  state: trusted({ $ne: 'sent' as const }),
};

/** "hello?" written in a DM with the desk (the app answers with its help). */
const helloInDm = () =>
  app.slack.event({
    type: 'message',
    channel_type: 'im',
    channel: 'D0DM000001',
    user: 'U0DM000001',
    text: 'hello?',
    ts: '1700000000.000100',
  });

/**
 * The help DM posted once and Slack has it once; the listener's work done, not failed (3e4e744e:
 * Slack's redelivery would post a second help), logged as may have been shown for `reason`.
 */
function helpPostedOnceMayHaveBeenShown(reason: string) {
  expect(app.fake.callsTo('chat.postMessage')).toHaveLength(1);
  expect(app.fake.tookPostsTo('D0DM000001')).toHaveLength(1);
  expect(app.logs.filter((l) => l.msg === 'listener failed')).toEqual([]);
  expect(
    app.logs.filter(
      (l) => l.msg === 'help DM got no answer from Slack (it may have been shown): not sent again',
    ),
  ).toEqual([expect.objectContaining({ reason })]);
}

describe('looking for a card cut short', () => {
  test("conversations.history answers 429 (Retry-After 30 s) to the look: the card is not posted a second time; the worker passing every 2 s does not look again within Slack's 30 s, then finds the card and threads its reply under it", async () => {
    const ticket = await cardCutShort();
    app.clock.advance(31_000); // the card's back-off
    app.fake.rateLimitNext('conversations.history', 30);
    await app.desk.outbox.drain();
    expect(cards()).toHaveLength(1);
    expect(app.logs.filter((l) => l.msg === 'outbox: Slack asked to slow down')).toEqual([
      expect.objectContaining({ method: 'conversations.history', retryAfterMs: 30_000 }),
    ]);
    for (let pass = 0; pass < 14; pass++) {
      app.clock.advance(2_000);
      await app.desk.outbox.drain();
    }
    expect(app.fake.callsTo('conversations.history')).toHaveLength(1);
    app.clock.advance(3_000);
    await app.desk.outbox.drain();
    expect(app.fake.callsTo('conversations.history')).toHaveLength(2);
    await expectOneCardWithItsThread(ticket.id);
  });

  test('the look fails (HTTP 500, then internal_error): the card is not posted blind; it is looked for again with back-off and found', async () => {
    const ticket = await cardCutShort();
    app.fake.failNextHttp('conversations.history', 500);
    app.fake.failNext('conversations.history', 'internal_error');
    for (let pass = 0; pass < 3; pass++) {
      app.clock.advance(31 * 60_000);
      await app.desk.outbox.drain();
    }
    expect(app.fake.callsTo('conversations.history')).toHaveLength(3);
    await expectOneCardWithItsThread(ticket.id);
  });

  test('the look keeps failing: the card is given up after its tries (for Send again), never posted twice', async () => {
    await cardCutShort();
    // Slack refusing the look itself (an HTTP 5xx, Slack failing as a whole, is held for days).
    app.fake.failNext('conversations.history', 'invalid_cursor', 20);
    for (let pass = 0; pass < 12; pass++) {
      app.clock.advance(31 * 60_000);
      await app.desk.outbox.drain();
    }
    expect(cards()).toHaveLength(1);
    expect(
      await app.db.models.outbox.findOne({ kind: 'ticket.card' }, { state: 1 }).lean(),
    ).toMatchObject({ state: 'dead' });
    const calls = app.fake.callsTo('conversations.history').length;
    app.clock.advance(31 * 60_000);
    await app.desk.outbox.drain();
    expect(app.fake.callsTo('conversations.history')).toHaveLength(calls);
  });

  test('Slack will never say (missing_scope): the card is posted again, at least once rather than never', async () => {
    await cardCutShort();
    app.fake.failNext('conversations.history', 'missing_scope');
    app.clock.advance(31_000);
    await app.desk.outbox.drain();
    expect(cards()).toHaveLength(2);
    expect(await app.db.models.outbox.countDocuments(owed)).toBe(0);
  });
});

describe("Slack rate-limiting the digest chart's upload", () => {
  test("files.getUploadURLExternal answers 429 (Retry-After 30 s): a ticket opened meanwhile has its card in the triage channel at once (the workspace's posts are not held), and the chart follows after Slack's wait, once", async () => {
    app.clock.set('2026-11-16T01:00:00Z');
    await app.desk.services.workspaces.settings(FAKE_TEAM_ID); // the workspace exists
    app.clock.set('2026-11-30T01:00:00Z');
    await storeEarlierWeeks(app, '2026-11-30T01:00:00Z'); // weeks enough for a chart
    await runDue(jobDeps(app), [digestJob]);
    app.fake.rateLimitNext('files.getUploadURLExternal', 30);
    await app.desk.outbox.drain();
    expect(app.fake.tookPostsTo(DIGEST)).toHaveLength(1);
    app.clock.advance(5_000);
    await makeTicket(app, { title: 'Line 3 stopped' });
    expect(cards()).toHaveLength(1);
    // Within Slack's wait the chart is not asked for again; after it, it goes once.
    app.clock.advance(10_000);
    await app.desk.outbox.drain();
    expect(app.fake.callsTo('files.getUploadURLExternal')).toHaveLength(1);
    app.clock.advance(16_000);
    await app.desk.outbox.drain();
    const charts = app.fake.tookCalls('files.completeUploadExternal');
    expect(charts).toHaveLength(1);
    expect(charts[0]!.args.thread_ts).toBe(app.fake.tookPostsTo(DIGEST)[0]!.answer!.ts);
    expect(app.fake.tookPostsTo(DIGEST)).toHaveLength(1);
    expect(app.logs.filter((l) => l.msg === 'outbox: Slack asked to slow down')).toEqual([
      expect.objectContaining({ method: 'files.getUploadURLExternal', retryAfterMs: 30_000 }),
    ]);
  });
});

describe("Slack rate-limiting a card's link", () => {
  test('chat.getPermalink answers 429 (Retry-After 30 s) when the card is posted: the card is out; a claim within the wait updates it without asking for the link, and the next change after the wait gets the link (stored on the ticket, what ticket numbers in later messages link to)', async () => {
    app.fake.rateLimitNext('chat.getPermalink', 30);
    const ticket = await makeTicket(app, { title: 'Line 3 stopped' });
    expect(cards()).toHaveLength(1);
    const stored = async () => (await app.db.models.tickets.findOne({ _id: ticket.id }).lean())!;
    expect((await stored()).card.permalink).toBeUndefined();
    expect(app.logs.filter((l) => l.msg === 'outbox: Slack asked to slow down')).toEqual([
      expect.objectContaining({ method: 'chat.getPermalink', retryAfterMs: 30_000 }),
    ]);
    app.clock.advance(10_000);
    await act(app, ticket.number, { action: 'claim' });
    expect(app.fake.tookCalls('chat.update')).toHaveLength(1);
    expect(app.fake.callsTo('chat.getPermalink')).toHaveLength(1);
    app.clock.advance(25_000);
    await act(app, ticket.number, { action: 'wait', question: 'Which firmware?' });
    expect(app.fake.tookCalls('chat.update')).toHaveLength(2);
    expect(app.fake.tookCalls('chat.getPermalink')).toHaveLength(1);
    const ts = String(cards()[0]!.answer!.ts);
    expect((await stored()).card).toMatchObject({
      ts,
      permalink: `https://fake.slack.test/archives/${TRIAGE}/p${ts.replace('.', '')}`,
    });
    // Asked once: the updates after it do not ask again.
    await act(app, ticket.number, { action: 'resume' });
    expect(app.fake.callsTo('chat.getPermalink')).toHaveLength(2);
  });
});

describe('a reply whose card will never be posted', () => {
  test("the ticket gone before its card went out (the card's entry done with no message): the card's first thread reply is dropped once, with that reason, not put off every 30 s and never posted outside a thread", async () => {
    app.fake.failNext('chat.postMessage', 'internal_error');
    const ticket = await makeTicket(app, { title: 'Line 3 stopped' });
    expect(cards()).toHaveLength(0);
    await app.db.models.tickets.deleteOne({ _id: ticket.id });
    for (let pass = 0; pass < 6; pass++) {
      app.clock.advance(31_000);
      await app.desk.outbox.drain();
    }
    expect(app.fake.tookPostsTo(TRIAGE)).toEqual([]);
    const replies = await app.db.models.outbox
      .find({ 'thread.parentKey': `card:${ticket.id}` }, { state: 1, lastError: 1 })
      .lean();
    expect(replies.length).toBeGreaterThan(0);
    for (const reply of replies)
      expect(reply).toMatchObject({ state: 'dropped', lastError: 'thread_parent_gone' });
    expect(
      app.logs.filter(
        (l) => l.msg === 'outbox: reply dropped, the message it threads under was never posted',
      ),
    ).toHaveLength(replies.length);
    expect(await app.db.models.outbox.countDocuments({ state: 'pending' })).toBe(0);
  });
});

const PERSON = 'U0RECV0001';

/** Moves the clock on; the calls whose time limit has passed by then are ended. */
function advance(ms: number) {
  app.clock.advance(ms);
  const now = app.clock.now().getTime();
  const due = limits.filter((l) => l.at <= now);
  limits.splice(0, limits.length, ...limits.filter((l) => l.at > now));
  due.forEach((l) => l.expire());
}

/** A DM owed to PERSON, due now. */
async function dmOwed() {
  limits.length = 0;
  await app.desk.services.outbox.enqueue(await ctxOf(app, AGENT), [
    { key: 'dm', kind: 'message', to: PERSON, data: { message: { text: 'Your ticket moved' } } },
  ]);
}

const entry = async () => (await app.db.models.outbox.findOne({ key: 'dm' }).lean())!;

describe("a post Slack does not answer within the outbox's lease", () => {
  test('held past the lease, the post is ended at its time limit: the delivery taking it over posts the DM once, and the post let go afterwards never reaches Slack', async () => {
    expect(SLACK_CALL_TIMEOUT_MS).toBeLessThan(LEASE_MS / 2);
    await dmOwed();
    const held = app.fake.holdNext('chat.postMessage', { lostIfAbandoned: true });
    const first = app.desk.outbox.drain();
    await held.arrived;
    advance(LEASE_MS + 1_000);
    // Another instance's pass: the lease is over, it looks for the post in Slack, then posts (at
    // once, or at the back-off the first delivery set when its time limit ended it before this
    // pass took the DM: a delivery takes an entry only at the next try it read).
    await app.instance('second').outbox.drain();
    if (!app.fake.tookPostsTo(PERSON).length) {
      advance(31_000);
      await app.instance('second').outbox.drain();
    }
    expect(app.fake.tookPostsTo(PERSON)).toHaveLength(1);
    held.release();
    await held.answered;
    await first;
    expect(app.fake.tookPostsTo(PERSON)).toHaveLength(1);
    expect(await entry()).toMatchObject({ state: 'sent' });
  });

  test('Slack took the post but its answer never comes: the call ends at its time limit and the delivery is held as one that may have gone out (no attempt given up); the next pass finds the post in Slack and does not post it again', async () => {
    await dmOwed();
    const taken = app.fake.takeAndHang('chat.postMessage');
    const first = app.desk.outbox.drain();
    await taken;
    advance(SLACK_CALL_TIMEOUT_MS);
    await first;
    expect(await entry()).toMatchObject({
      state: 'pending',
      attempts: 1,
      heldBy: [expect.any(String)],
    });
    expect((await entry()).lastError).toContain('timeout');
    expect(app.logs.filter((l) => l.msg === 'outbox: delivery failed')).toHaveLength(1);
    advance(31_000); // its back-off
    await app.desk.outbox.drain();
    expect(app.fake.callsTo('conversations.history')).toHaveLength(1);
    expect(app.fake.tookPostsTo(PERSON)).toHaveLength(1);
    expect(await entry()).toMatchObject({ state: 'sent' });
  });
});

describe("a listener's post Slack took but never answered", () => {
  test("the help DM's call ends at its time limit and is not tried again (it may have gone out): the listener ends, done and logged as may have been shown, and Slack has the DM once", async () => {
    limits.length = 0;
    const taken = app.fake.takeAndHang('chat.postMessage');
    const res = helloInDm();
    await taken;
    advance(SLACK_CALL_TIMEOUT_MS);
    // The response comes once the listener is done (its client's retries included).
    expect((await res).status).toBe(200);
    helpPostedOnceMayHaveBeenShown('slack_webapi_request_error');
  }, 10_000);
});

describe("a digest chart's upload Slack is slow to answer", () => {
  test("the digest's post took most of its lease, then the chart's files.completeUploadExternal is slow: the delivery renewed its lease before the chart's calls, so another instance passing meanwhile does not take the digest over and share the chart again", async () => {
    limits.length = 0;
    app.clock.set('2026-11-16T01:00:00Z');
    await app.desk.services.workspaces.settings(FAKE_TEAM_ID); // the workspace exists
    app.clock.set('2026-11-30T01:00:00Z');
    await storeEarlierWeeks(app, '2026-11-30T01:00:00Z'); // weeks enough for a chart
    await runDue(jobDeps(app), [digestJob]);
    // The digest's post answered after 50 s (within no call's limit here: the clock is moved
    // on without ending any): 10 s of the delivery's lease left.
    const post = app.fake.holdNext('chat.postMessage');
    const share = app.fake.holdNext('files.completeUploadExternal');
    const first = app.desk.outbox.drain();
    await post.arrived;
    app.clock.advance(50_000);
    post.release();
    // The chart's last call, 19 s (under its limit) and still not answered: past the lease
    // the delivery had when its post was made.
    await share.arrived;
    app.clock.advance(19_000);
    await app.instance('second').outbox.drain();
    share.release();
    await first;
    expect(app.fake.tookPostsTo(DIGEST)).toHaveLength(1);
    expect(app.fake.sharedFiles(DIGEST)).toHaveLength(1);
    // The second instance did not take the digest over (it would look for the chart first).
    expect(app.fake.callsTo('conversations.replies')).toHaveLength(0);
    expect(app.fake.callsTo('files.completeUploadExternal')).toHaveLength(1);
    expect(
      await app.db.models.outbox.findOne({ kind: 'digest' }, { state: 1 }).lean(),
    ).toMatchObject({ state: 'sent' });
  });

  test('a help DM Slack took but a gateway answered 504 for is not tried again: Slack has it once, the listener’s work done and logged as may have been shown', async () => {
    app.fake.takeAndFailHttp('chat.postMessage', 504);
    const res = await helloInDm();
    expect(res.status).toBe(200);
    helpPostedOnceMayHaveBeenShown('slack_webapi_http_error');
  });
});
