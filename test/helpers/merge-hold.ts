// A Merge form delivered more than once: the form open on two tickets, and the first delivery's
// merge held once it holds both tickets (a slow instance), for the tests of its repeats.
import { onTestFinished, vi } from 'vitest';
import { MergeInFlight, type TicketService } from '../../src/ticket/service.js';
import type { TestApp } from './app.js';
import { act, AGENT, makeTicket } from './factories.js';

const TRIAGE = 'C0TRIAGE01';
const REQ = 'U0REQUEST1';
type View = Record<string, any>;

/**
 * T2 (REQ's, claimed by AGENT) and T1, of the customer `code`; AGENT's Merge modal open on T2 (in
 * the triage channel) as `id`.
 */
export async function mergeForm(app: TestApp, code: string, id: string) {
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

/**
 * The first merge of the tickets (on `svc`'s instance) held once it holds both, until released
 * (as a slow instance), failing then with `fail`; `met(n)` resolves once n deliveries met that
 * hold (MergeInFlight), counted over `watched` (the services of every instance the test runs).
 */
export function holdFirstMerge(svc: TicketService, watched: TicketService[], fail = false) {
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
