// A Merge repeat waiting for its own first delivery (up to MERGE_WAITS looks, MERGE_WAIT_MS
// apart: 30 s) is listener work after the ack, which the desk's stop waits for; main exits 1 after
// SHUTDOWN_LIMIT_MS (10 s). The stop (HandlerDeps.stopped) ends the wait at once: the repeat's
// "Saving…" view says its earlier submit is still being saved, to look at the ticket in a minute
// (revp65 F2: it went on waiting 29.75 s after the stop began, the stop past its limit, the view
// never answered). Waits on virtual time: each blocks until the test lets it go.
import { beforeEach, describe, expect, test, vi } from 'vitest';
import { MERGE_WAIT_MS } from '../../src/flows/tickets.js';
import { useTestApp } from '../helpers/app.js';
import { holdFirstMerge, mergeForm } from '../helpers/merge-hold.js';
import { AGENT, makeCustomer } from '../helpers/factories.js';

const TRIAGE = 'C0TRIAGE01';
const ADMIN = 'U0ADMIN001';

let waits = 0;
let pending: (() => void)[] = [];
const app = useTestApp({
  env: { TRIAGE_CHANNEL_ID: TRIAGE, ADMIN_USER_IDS: ADMIN },
  now: '2026-11-24T02:00:00Z',
  submitAckBudgetMs: 0,
  // Each wait blocks until the test lets it go (one MERGE_WAIT_MS of real time in production).
  mergeWait: () =>
    new Promise<void>((resolve) => {
      waits++;
      pending.push(resolve);
    }),
});

let code = '';
beforeEach(async () => {
  waits = 0;
  pending = [];
  code = (await makeCustomer(app)).code;
  await app.setSettings(() => ({ agents: [AGENT, ADMIN], openDesk: false }));
});

const turns = async (n: number) => {
  for (let i = 0; i < n; i++) await new Promise<void>((r) => setImmediate(r));
};

describe('a merge repeat waiting when the desk stops', () => {
  test('the stop ends the wait at once: told still being saved, nothing merged', async () => {
    const { t1, t2, view } = await mergeForm(app, code, 'V0MERGESTOP1');
    const svc = app.desk.services.tickets;
    const hold = holdFirstMerge(svc, [svc], true);
    const form = { target: t1.number };
    const first = app.slack.submitView(view, form, { userId: AGENT }).catch(() => {});
    await hold.reached;
    // The first delivery's instance dies mid-merge: its lock is left on both tickets.
    const unlock = vi.spyOn(svc, 'unlockMerge').mockImplementationOnce(async () => {});
    hold.release();
    await first;
    unlock.mockRestore();
    const mark = app.fake.calls.length;
    const second = app.slack.submitView(view, form, { userId: AGENT }).catch(() => {});
    // The repeat is waiting now (acked already).
    while (!pending.length) await turns(1);
    // SIGTERM: main begins the stop and waits for the desk's.
    app.desk.beginStop();
    let stopped = false;
    const stop = app.stop().then(() => (stopped = true));
    const atStop = waits;
    // Let each wait go, as time would pass, until the stop ends or the repeat stops waiting.
    // (Polled: the repeat's next look reads the database before it asks for its next wait.)
    while (!stopped && waits - atStop <= 200) {
      if (pending.length) pending.shift()!();
      else await new Promise<void>((r) => setTimeout(r, 1));
      await turns(1);
    }
    const waitedAfterStop = (waits - atStop) * MERGE_WAIT_MS;
    for (const p of pending.splice(0)) p();
    await second;
    await stop;
    // The wait under way at the stop ended with it; none asked for after it.
    expect(waitedAfterStop).toBe(0);
    const said = JSON.stringify(
      app.fake.calls.slice(mark).filter((c) => c.method === 'views.update'),
    );
    expect(said).toContain(
      `Your earlier submit of this merge of ${t2.number} is still being saved. Look at ${t2.number} in a minute: if it is not merged by then, merge it again.`,
    );
    expect(said).not.toContain('is being merged with another ticket right now');
    // Nothing written by the repeat: the dead delivery's lock lapses by itself.
    const after = (await app.db.models.tickets.findOne({ number: t2.number }).lean()) as any;
    expect(after.status).toBe('assigned');
  }, 60_000);
});
