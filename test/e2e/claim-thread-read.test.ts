// A claim reads its card's thread (the replies still owed there) along with its ticket, and its
// delivery takes that answer, not the outbox again, when it says no earlier reply holds its line
// back (#16: claim 6 -> 5 DB commands); when it says one does, the outbox is read (the reply may
// have gone out since the read). The thread still reads in the order its replies were written:
// an earlier reply refused, one being sent by another instance (and one sent before the claim's
// delivery: no wait), one written by another instance between the claim's read and its write, an
// SLA alert marked meanwhile; and a read grown stale is not taken.
import { afterEach, describe, expect, test, vi } from 'vitest';
import { countCommands } from '../../bench/commands.js';
import { slaAlertsJob } from '../../jobs/sla-alerts.js';
import { LINKS_READ_FRESH_MS } from '../../src/notify/outbox.js';
import { runDue } from '../../src/schedule/runner.js';
import { TEST_SIGNING_SECRET, useTestApp } from '../helpers/app.js';
import { act, AGENT, ctxOf, makeTicket } from '../helpers/factories.js';
import { jobDeps } from '../helpers/jobs.js';
import { beforeFirstWrite } from '../helpers/setups-10-races.js';
import { SlackRequests } from '../helpers/slack-requests.js';

const TRIAGE = 'C0TRIAGE01';
const NOTE = 'Asked the plant for logs.';

// Friday 2026-11-27 10:00 in Shanghai.
const app = useTestApp({ env: { TRIAGE_CHANNEL_ID: TRIAGE }, now: '2026-11-27T02:00:00Z' });

afterEach(() => {
  vi.restoreAllMocks();
});

async function posted() {
  const { number } = await makeTicket(app, { title: 'Press 12' });
  await app.desk.outbox.drain();
  const ts = (await app.db.models.tickets.findOne({ number }).lean())!.card!.ts!;
  app.fake.reset();
  const thread = () =>
    app.fake
      .tookPostsTo(TRIAGE)
      .filter((c) => c.args.thread_ts === ts)
      .map((c) => String(c.args.text));
  return { number, ts, thread };
}

/** A Claim click on the card through Bolt, with the DB commands it sent (in order). */
async function claim(number: string, ts: string, via = app.slack) {
  const counter = countCommands(app.db);
  try {
    const res = await via.blockAction(
      { action_id: 'ticket_claim', value: number, block_id: 'ticket_actions' },
      { userId: AGENT, channelId: TRIAGE, messageTs: ts },
    );
    expect(res.status).toBe(200);
  } finally {
    counter.stop();
  }
  return counter.trace();
}

const CLAIMED = `<@${AGENT}> claimed it.`;
const noted = (thread: string[]) => thread.filter((t) => t.includes(NOTE));

/** A note on another instance, its line's post held at Slack (arrived, not answered). */
async function noteBeingSentElsewhere(number: string) {
  const other = app.instance('second');
  const held = app.fake.holdNext('chat.postMessage');
  const note = other.flows.tickets.act(await ctxOf(app, AGENT), number, {
    action: 'note',
    text: NOTE,
  });
  await held.arrived;
  return { held, note };
}

/** Nothing in the thread yet; the note's line retried, the claim's follows it. */
async function claimAfterRetriedNote(thread: () => string[]) {
  expect(thread()).toEqual([]);
  app.clock.advance(31_000);
  await app.desk.outbox.drain();
  expect(noted(thread())).toHaveLength(1);
  expect(thread()[1]).toBe(CLAIMED);
}

describe("a claim's line and the replies written before it in the card's thread", () => {
  test('a note whose line Slack refused, then a Claim: its line waits (the thread read with the ticket holds it back, so the outbox is read once) and posts after the note once retried', async () => {
    const { number, ts, thread } = await posted();
    app.fake.failNext('chat.postMessage', 'internal_error');
    await act(app, number, { action: 'note', text: NOTE });
    expect(thread()).toEqual([]);
    app.clock.advance(1_000);
    const trace = await claim(number, ts);
    // The thread as read holds the line back: the outbox is read (once) to see it still does.
    expect(trace.filter((c) => c.startsWith('aggregate outbox'))).toHaveLength(1);
    await claimAfterRetriedNote(thread);
    expect(thread()).toHaveLength(2);
    expect(await app.db.models.outbox.countDocuments({ state: 'pending' })).toBe(0);
  });

  test("a note's line being sent by another instance (Slack slow), then a Claim on this one: its line waits for it, then follows it", async () => {
    const { number, ts, thread } = await posted();
    const { held, note } = await noteBeingSentElsewhere(number);
    const trace = await claim(number, ts);
    // The thread as read holds the line back: the outbox is read (once); the note is still being sent.
    expect(trace.filter((c) => c.startsWith('aggregate outbox'))).toHaveLength(1);
    expect(app.fake.callsTo('chat.postMessage')).toHaveLength(1);
    held.release();
    await note;
    app.clock.advance(3_000);
    await app.desk.outbox.drain();
    expect(thread()).toHaveLength(2);
    expect(noted(thread())).toHaveLength(1);
    expect(thread()[1]).toBe(CLAIMED);
  });

  test("a note's line being sent by another instance at the claim's read, and out before the claim's delivery: the claim's line posts at once, after it (not held THREAD_WAIT_MS for a reply already sent)", async () => {
    const { number, ts, thread } = await posted();
    const { held, note } = await noteBeingSentElsewhere(number);
    // The other instance's post completes after the claim's read, before its delivery (at the
    // clear of the claim's notices mark).
    const tickets = app.desk.services.tickets;
    const cleared = tickets.noticesWrittenSeen.bind(tickets);
    let released = false;
    vi.spyOn(tickets, 'noticesWrittenSeen').mockImplementation(async (t) => {
      const seen = await cleared(t);
      if (!released) {
        released = true;
        held.release();
        await note;
      }
      return seen;
    });
    const trace = await claim(number, ts);
    expect(released).toBe(true);
    expect(thread()).toHaveLength(2);
    expect(noted(thread())).toHaveLength(1);
    expect(thread()[1]).toBe(CLAIMED);
    // The thread as read held the note's line (being sent): the outbox, read once, owes nothing.
    expect(trace.filter((c) => c.startsWith('aggregate outbox'))).toHaveLength(1);
    // Nothing left in the triage channel for a later pass.
    expect(await app.db.models.outbox.countDocuments({ state: 'pending', to: TRIAGE })).toBe(0);
  });

  test('the read grown stale by the delivery (past LINKS_READ_FRESH_MS on the desk clock): the outbox is read again, and the claim still waits for the refused note', async () => {
    const { number, ts, thread } = await posted();
    app.fake.failNext('chat.postMessage', 'internal_error');
    await act(app, number, { action: 'note', text: NOTE });
    const tickets = app.desk.services.tickets;
    const cleared = tickets.noticesWrittenSeen.bind(tickets);
    vi.spyOn(tickets, 'noticesWrittenSeen').mockImplementation(async (t) => {
      const seen = await cleared(t);
      app.clock.advance(LINKS_READ_FRESH_MS + 1);
      return seen;
    });
    const trace = await claim(number, ts);
    expect(trace.filter((c) => c.startsWith('aggregate outbox'))).toHaveLength(1);
    await claimAfterRetriedNote(thread);
  });

  test("another instance's note lands between the claim's read and its write (its line refused): the claim's write reads again, thread included, and its line waits for the note's", async () => {
    const { number, ts, thread } = await posted();
    const other = app.instance('second');
    const stepped = beforeFirstWrite(app, async () => {
      app.fake.failNext('chat.postMessage', 'internal_error');
      await other.flows.tickets.act(await ctxOf(app, AGENT), number, {
        action: 'note',
        text: NOTE,
      });
    });
    const trace = await claim(number, ts);
    expect(stepped()).toBe(true);
    // Read twice (the write lost to the note's), the thread with it each time; the note's own
    // read is the third (the same database).
    expect(trace.filter((c) => c.startsWith('aggregate tickets'))).toHaveLength(3);
    // The thread as re-read holds the line back: the outbox is read (once) to see it still does.
    expect(trace.filter((c) => c.startsWith('aggregate outbox'))).toHaveLength(1);
    await claimAfterRetriedNote(thread);
  });

  test("the SLA sweep marks a warning between the claim's read and its write (a mark bumps no version): the claim sees it at its mark's clear and reads the thread again; the alert, written first, posts first", async () => {
    const { number, ts, thread } = await posted();
    // 17:45, the first response due at 18:00: the sweep has a warning to tell in the thread.
    app.clock.set('2026-11-27T09:45:00Z');
    const swept = beforeFirstWrite(app, async () => {
      // The sweep on another instance: its alert written to the outbox, due now.
      await runDue(jobDeps(app, 'b'), [slaAlertsJob]);
      expect(
        await app.db.models.outbox.countDocuments({ kind: 'alert.thread', state: 'pending' }),
      ).toBe(1);
    });
    const owedBefore = vi.spyOn(app.desk.services.outbox, 'owedBefore');
    const trace = await claim(number, ts);
    expect(swept()).toBe(true);
    // One read, one write: the mark did not refuse the claim; its clear told of it, and the
    // delivery read the thread again (the sweep's own commands are in the trace too).
    expect(trace.filter((c) => c.startsWith('findAndModify tickets')).length).toBeGreaterThan(0);
    // The claim's line waits for the alert (written before it, due now).
    expect(thread()).toEqual([]);
    expect(owedBefore).toHaveBeenCalledTimes(1);
    app.clock.advance(3_000);
    await app.desk.outbox.drain();
    expect(thread()).toHaveLength(2);
    expect(thread()[0]).not.toBe(CLAIMED);
    expect(thread()[1]).toBe(CLAIMED);
  });
});

test('the second instance serves HTTP too: a claim clicked there reads the thread with its ticket as well', async () => {
  const { number, ts, thread } = await posted();
  const other = app.instance('third');
  const port = await other.start();
  try {
    const second = new SlackRequests(`http://127.0.0.1:${port}`, TEST_SIGNING_SECRET, app.fake);
    const trace = await claim(number, ts, second);
    expect(trace.filter((c) => c.startsWith('aggregate outbox'))).toEqual([]);
    expect(thread()).toEqual([CLAIMED]);
  } finally {
    await other.stop();
  }
});
