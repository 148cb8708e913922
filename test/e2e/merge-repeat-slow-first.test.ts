// A Merge delivered again (a double click, Submit again, Slack's redelivery) while its own first
// delivery holds both tickets for seconds (a slow instance): the repeat, acked at once with its
// "Saving…" view, waits for that merge as long as the lock lives (MERGE_LOCK_MS) and closes as
// saved, never "Not saved: … being merged with another ticket" about its own merge (revp62 F1:
// it gave up after 20 looks, 5 s). Held past the lock's life, it is refused busy.
// Through the real Bolt stack: signed view_submissions, the fake Slack, the test database; the
// repeat's waits on virtual time (mergeWait).
import { beforeEach, describe, expect, onTestFinished, test, vi } from 'vitest';
import { MergeInFlight, type TicketService } from '../../src/ticket/service.js';
import { MERGE_WAITS } from '../../src/flows/tickets.js';
import { useTestApp } from '../helpers/app.js';
import { act, AGENT, makeCustomer, makeTicket } from '../helpers/factories.js';

const TRIAGE = 'C0TRIAGE01';
const ADMIN = 'U0ADMIN001';
type View = Record<string, any>;

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

const REQ = 'U0REQUEST1';

/** T2 (REQ's, claimed by AGENT) and T1, of one customer; AGENT's Merge modal open on T2 as `id`. */
async function mergeForm(id: string) {
  const t1 = await makeTicket(app, { customerCode: code, title: 'Line 3 down' });
  app.clock.advance(60_000);
  const t2 = await makeTicket(app, {
    customerCode: code,
    title: 'Production stopped',
    requester: { userId: REQ },
  });
  await act(app, t2.number, { action: 'claim' });
  await app.desk.outbox.drain();
  await app.slack.blockAction(
    { action_id: 'ticket_merge_open', value: t2.number, block_id: 'ticket_actions' },
    { userId: AGENT, channelId: TRIAGE },
  );
  const view = { ...(app.fake.callsTo('views.open').at(-1)!.args.view as View), id };
  return { t1, t2, view };
}

const ticketOf = async (number: string) =>
  (await app.db.models.tickets.findOne({ number }).lean()) as any;

/**
 * The first merge of the tickets (on `svc`'s instance) held once it holds both, until released
 * (as a slow instance), failing then with `fail`; `met(n)` resolves once n deliveries met that
 * hold (MergeInFlight), counted over `watched` (the services of every instance the test runs).
 */
function holdFirstMerge(svc: TicketService, watched: TicketService[], fail = false) {
  const act = svc.act.bind(svc);
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  let reach!: () => void;
  const reached = new Promise<void>((resolve) => (reach = resolve));
  let first = true;
  // The deliveries (each its request's context) that met the hold.
  const seen = new Set<unknown>();
  let meetings = 0;
  const waiting: { n: number; resolve: () => void }[] = [];
  const acts = vi.spyOn(svc, 'act').mockImplementation(async (...args) => {
    if (args[2].action === 'merge' && first) {
      first = false;
      reach();
      await held;
      if (fail) throw new Error('the first instance died mid-merge');
    }
    return act(...args);
  });
  const locks = watched.map((other) => {
    const lockMerge = other.lockMerge.bind(other);
    return vi.spyOn(other, 'lockMerge').mockImplementation(async (...args) => {
      try {
        return await lockMerge(...args);
      } catch (err) {
        if (err instanceof MergeInFlight && !seen.has(args[0])) {
          seen.add(args[0]);
          meetings++;
          for (const w of waiting) if (meetings >= w.n) w.resolve();
        }
        throw err;
      }
    });
  });
  // Each delivery counted once: the first time it meets the hold (it then looks again).
  const met = (n: number) =>
    new Promise<void>((resolve) => {
      if (meetings >= n) resolve();
      else waiting.push({ n, resolve });
    });
  onTestFinished(() => {
    release();
    acts.mockRestore();
    for (const l of locks) l.mockRestore();
  });
  return { reached, met, release };
}

describe('Merge sent again while its own first delivery holds the tickets (production ack mode)', () => {
  test('a first delivery slow past 20 looks (5 s): the repeat waits for it and closes as saved', async () => {
    const { t1, t2, view } = await mergeForm('V0MERGESLOW1');
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
    const { t1, t2, view } = await mergeForm('V0MERGESLOW2');
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
