// A Merge's first delivery dies holding both tickets (its instance killed: the lock is left, never
// let go) and the same submission is delivered again. The repeat waits (MERGE_WAIT_MS a look) for
// as long as the lock lives; each look judges the lock at the time it looks (the desk's clock),
// not at the request's arrival, so once the lock lapses the repeat merges itself and closes as
// saved (revp65 F1: it judged every look at its arrival time, never saw the lapse and was told
// "being merged with another ticket right now" after 30 s). While it waits, each look is one
// small read of that lock (revp65 F3: the whole check, ~4 commands a look, 484 in all). A lock
// taken on an instance whose clock is ahead (its end past every look by the repeat's clock) is
// taken over once the repeat saw it unchanged for the lock's 30 s on its own clock (revp68 F3:
// refused busy after 30 s).
// Through the real Bolt stack: signed view_submissions, the fake Slack, the test database; the
// waits on virtual time (each advances the desk's clock by its MERGE_WAIT_MS).
import { beforeEach, describe, expect, onTestFinished, test } from 'vitest';
import type { Clock } from '../../src/clock.js';
import { MERGE_WAITS } from '../../src/flows/tickets.js';
import { TEST_SIGNING_SECRET, useTestApp } from '../helpers/app.js';
import { SlackRequests } from '../helpers/slack-requests.js';
import { holdFirstMerge, mergeForm } from '../helpers/merge-hold.js';
import { AGENT, makeCustomer } from '../helpers/factories.js';

const TRIAGE = 'C0TRIAGE01';
const ADMIN = 'U0ADMIN001';

let waits = 0;
const app = useTestApp({
  env: { TRIAGE_CHANNEL_ID: TRIAGE, ADMIN_USER_IDS: ADMIN },
  now: '2026-11-24T02:00:00Z',
  submitAckBudgetMs: 0,
  // Each wait is MERGE_WAIT_MS of the desk's clock (virtual time, as the real one would pass).
  mergeWait: async (ms) => {
    waits++;
    app.clock.advance(ms);
    await new Promise<void>((resolve) => setImmediate(resolve));
  },
});

let code = '';
beforeEach(async () => {
  waits = 0;
  code = (await makeCustomer(app)).code;
  await app.setSettings(() => ({ agents: [AGENT, ADMIN], openDesk: false }));
});

const ticketOf = async (number: string) =>
  (await app.db.models.tickets.findOne({ number }).lean()) as any;

describe('a merge repeat waiting for a dead first delivery', () => {
  test("the lock lapses during the repeat's waits: the repeat merges (not refused busy)", async () => {
    const { t1, t2, view } = await mergeForm(app, code, 'V0MERGEDEAD1');
    const svc = app.desk.services.tickets;
    // The first delivery holds both tickets and never goes on (its process died: no unlock).
    const hold = holdFirstMerge(svc, [svc], true);
    const form = { target: t1.number };
    const first = app.slack.submitView(view, form, { userId: AGENT }).catch(() => {});
    await hold.reached;
    const lock = (await ticketOf(t2.number)).mergeLock;
    expect(lock).toBeTruthy();
    const mark = app.fake.calls.length;
    app.clock.advance(1_000);
    const client = app.db.conn.getClient();
    let commands = 0;
    const count = () => void commands++;
    client.on('commandStarted', count);
    await app.slack.submitView(view, form, { userId: AGENT });
    client.off('commandStarted', count);
    await app.desk.outbox.drain();
    const said = JSON.stringify(
      app.fake.calls.slice(mark).filter((c) => c.method === 'views.update'),
    );
    // The desk's clock is past the lock's end now.
    expect(app.clock.now().getTime()).toBeGreaterThanOrEqual(new Date(lock.until).getTime());
    const after = await ticketOf(t2.number);
    // (The test lets the held delivery go only now, failing as its dead instance would.)
    hold.release();
    await first;
    // The repeat, finding the dead delivery's lock lapsed, merges and says saved.
    expect(said).not.toContain('is being merged with another ticket right now');
    expect(said).not.toContain('Not saved');
    expect(after).toMatchObject({ status: 'closed', mergedInto: t1.number });
    expect(after.mergeLock).toBeUndefined();
    // It looked until the lock's end, not the whole MERGE_WAITS.
    expect(waits).toBeGreaterThan(100);
    expect(waits).toBeLessThan(MERGE_WAITS);
    // One command a look (the lock alone), beside the merge's own (the check, the writes, the
    // notices: 22 when written): 484 when every look ran the whole check.
    expect(commands - waits).toBeLessThanOrEqual(30);
  }, 60_000);

  test("the dead delivery ran on an instance whose clock is 2 minutes ahead: the repeat, on the right time, takes the lock over once it saw it unchanged for the lock's 30 s (not refused busy)", async () => {
    const { t1, t2, view } = await mergeForm(app, code, 'V0MERGESKEW1');
    // The first delivery's instance, its clock 2 minutes ahead of the file's app's.
    const ahead: Clock = { now: () => new Date(app.clock.now().getTime() + 120_000) };
    const there = app.instance('ahead', {}, ahead);
    const port = await there.start();
    onTestFinished(() => there.stop());
    const slackAhead = new SlackRequests(`http://127.0.0.1:${port}`, TEST_SIGNING_SECRET, app.fake);
    const svc = there.services.tickets;
    const hold = holdFirstMerge(svc, [svc, app.desk.services.tickets], true);
    const form = { target: t1.number };
    const first = slackAhead.submitView(view, form, { userId: AGENT }).catch(() => {});
    await hold.reached;
    // Its lock ends 2 min 30 s on by the repeat's clock: past every look of the repeat's.
    const lock = (await ticketOf(t2.number)).mergeLock;
    expect(new Date(lock.until).getTime() - app.clock.now().getTime()).toBe(150_000);
    const mark = app.fake.calls.length;
    app.clock.advance(1_000);
    const client = app.db.conn.getClient();
    let commands = 0;
    const count = () => void commands++;
    client.on('commandStarted', count);
    await app.slack.submitView(view, form, { userId: AGENT });
    client.off('commandStarted', count);
    await app.desk.outbox.drain();
    const said = JSON.stringify(
      app.fake.calls.slice(mark).filter((c) => c.method === 'views.update'),
    );
    const after = await ticketOf(t2.number);
    hold.release();
    await first;
    expect(said).not.toContain('is being merged with another ticket right now');
    expect(said).not.toContain('Not saved');
    expect(after).toMatchObject({ status: 'closed', mergedInto: t1.number });
    expect(after.mergeLock).toBeUndefined();
    expect((await ticketOf(t1.number)).mergeLock).toBeUndefined();
    // Merged once, by the repeat.
    expect(after.timeline.filter((h: any) => h.action === 'merge')).toHaveLength(1);
    // It waited the lock's 30 s on its own clock, not longer (MERGE_WAITS is one look more).
    expect(waits).toBe(120);
    expect(waits).toBeLessThan(MERGE_WAITS);
    expect(commands - waits).toBeLessThanOrEqual(30);
  }, 60_000);
});
