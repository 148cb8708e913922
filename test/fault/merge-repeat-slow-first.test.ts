// A Merge delivered again (a double click, Submit again, Slack's redelivery) while its own first
// delivery holds both tickets for seconds (a slow instance): the repeat, acked at once with its
// "Saving…" view, waits for that merge as long as the lock lives (MERGE_LOCK_MS) and closes as
// saved, never "Not saved: … being merged with another ticket" about its own merge (revp62 F1:
// it gave up after 20 looks, 5 s). Held past the lock's life, it is refused busy.
// Through the real Bolt stack: signed view_submissions, the fake Slack, the test database; the
// repeat's waits on virtual time (mergeWait).
import { beforeEach, describe, expect, test } from 'vitest';
import { MERGE_WAITS } from '../../src/flows/tickets.js';
import { useTestApp } from '../helpers/app.js';
import { holdFirstMerge, mergeForm } from '../helpers/merge-hold.js';
import { AGENT, makeCustomer } from '../helpers/factories.js';

const TRIAGE = 'C0TRIAGE01';
const ADMIN = 'U0ADMIN001';

// Tuesday 2026-11-24 10:00 in Shanghai.
const app = useTestApp({
  env: { TRIAGE_CHANNEL_ID: TRIAGE, ADMIN_USER_IDS: ADMIN },
  now: '2026-11-24T02:00:00Z',
  submitAckBudgetMs: 0,
  mergeWait: () => onWait(),
});

/** What each of the repeat's waits does (the test sets it); each wait lets the others run. */
let waits = 0;
let atWait: (n: number) => void = () => {};
async function onWait(): Promise<void> {
  waits++;
  atWait(waits);
  await new Promise<void>((resolve) => setImmediate(resolve));
}

let code = '';
beforeEach(async () => {
  waits = 0;
  atWait = () => {};
  code = (await makeCustomer(app)).code;
  await app.setSettings(() => ({ agents: [AGENT, ADMIN], openDesk: false }));
});

const ticketOf = async (number: string) =>
  (await app.db.models.tickets.findOne({ number }).lean()) as any;

describe('Merge sent again while its own first delivery holds the tickets (production ack mode)', () => {
  test('a first delivery slow past 20 looks (5 s): the repeat waits for it and closes as saved', async () => {
    const { t1, t2, view } = await mergeForm(app, code, 'V0MERGESLOW1');
    const svc = app.desk.services.tickets;
    const hold = holdFirstMerge(svc, [svc]);
    const form = { target: t1.number };
    const first = app.slack.submitView(view, form, { userId: AGENT });
    await hold.reached;
    // The first lets go of its hold at the repeat's 25th look (over 6 s of real waits).
    atWait = (n) => n === 25 && hold.release();
    const mark = app.fake.calls.length;
    const second = await app.slack.submitView(view, form, { userId: AGENT });
    expect(JSON.stringify(second.body)).toContain('Saving');
    await first;
    await app.desk.outbox.drain();
    // It looked past the 20 it gave up at before (its waits go on while the first finishes).
    expect(waits).toBeGreaterThanOrEqual(25);
    const said = JSON.stringify(
      app.fake.calls.slice(mark).filter((c) => c.method === 'views.update'),
    );
    expect(said).not.toContain('Not saved');
    expect(said).not.toContain('is being merged with another ticket right now');
    expect(said).toContain('Saved.');
    expect(await ticketOf(t2.number)).toMatchObject({ status: 'closed', mergedInto: t1.number });
    // Merged once: one merge event on the duplicate.
    const events = (await ticketOf(t2.number)).timeline.filter((h: any) => h.action === 'merge');
    expect(events).toHaveLength(1);
  }, 30_000);

  test("held past the lock's life: the repeat is refused busy after its last look; the first still saves", async () => {
    const { t1, t2, view } = await mergeForm(app, code, 'V0MERGESLOW2');
    const svc = app.desk.services.tickets;
    const hold = holdFirstMerge(svc, [svc]);
    const form = { target: t1.number };
    const first = app.slack.submitView(view, form, { userId: AGENT });
    await hold.reached;
    const mark = app.fake.calls.length;
    await app.slack.submitView(view, form, { userId: AGENT });
    expect(waits).toBe(MERGE_WAITS);
    expect(
      JSON.stringify(app.fake.calls.slice(mark).filter((c) => c.method === 'views.update')),
    ).toContain('is being merged with another ticket right now');
    hold.release();
    await first;
    expect(await ticketOf(t2.number)).toMatchObject({ status: 'closed', mergedInto: t1.number });
  }, 30_000);
});
