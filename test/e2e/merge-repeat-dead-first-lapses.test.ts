// A Merge's first delivery dies holding both tickets (its instance killed: the lock is left, never
// let go) and the same submission is delivered again. The repeat waits (MERGE_WAIT_MS a look) for
// as long as the lock lives; each look judges the lock at the time it looks (the desk's clock),
// not at the request's arrival, so once the lock lapses the repeat merges itself and closes as
// saved (revp65 F1: it judged every look at its arrival time, never saw the lapse and was told
// "being merged with another ticket right now" after 30 s). While it waits, each look is one
// small read of that lock (revp65 F3: the whole check, ~4 commands a look, 484 in all).
// Through the real Bolt stack: signed view_submissions, the fake Slack, the test database; the
// waits on virtual time (each advances the desk's clock by its MERGE_WAIT_MS).
import { beforeEach, describe, expect, test } from 'vitest';
import { MERGE_WAITS } from '../../src/flows/tickets.js';
import { useTestApp } from '../helpers/app.js';
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
});
