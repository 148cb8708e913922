/**
 * The same New ticket form submitted twice at once (a double click, or Slack's retry while the
 * first request still settles): both requests settle the same ticket's re-check (the second finds
 * it by its submission id, its `intakeCheckOwedAt` mark still set). Whichever clears the mark
 * second reads what happened: the ticket standing, it is answered as a resubmission (the modal
 * closes, nothing told twice); taken back for real (its customer erased meanwhile), both are
 * refused on the customer field. Each request is held inside its re-check (a gate on the
 * repository's write), then released in either order.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import { afterEach, beforeEach, describe, expect, onTestFinished, test, vi } from 'vitest';
import { TicketService } from '../../src/ticket/service.js';
import { useTestApp } from '../helpers/app.js';
import { lastModalView } from '../helpers/clicks.js';
import { AGENT, makeCustomer, OWNER } from '../helpers/factories.js';

const ADMIN = 'U0ADMIN001';
const TRIAGE = 'C0TRIAGE01';

// Tuesday 2026-11-24 10:00 in Shanghai.
const app = useTestApp({
  env: { TRIAGE_CHANNEL_ID: TRIAGE, ADMIN_USER_IDS: ADMIN },
  now: '2026-11-24T02:00:00Z',
});

const ERASED =
  'This customer’s personal data was erased from the desk while the ticket was being saved, so it was not filed. Ask an admin before filing anything more for them.';

let code = '';
beforeEach(async () => {
  await app.setSettings(() => ({ agents: [AGENT], accountManagers: [OWNER] }));
  code = (await makeCustomer(app, { name: 'Huadong Machinery' })).code;
});

/** Each call of the ticket repository's `method` held until released, in arrival order. */
function holdEach(method: 'intakeChecked' | 'undoInsert') {
  const repo = (app.desk.services.tickets as any).repos.tickets;
  const real = repo[method];
  const held: (() => void)[] = [];
  repo[method] = async function (this: unknown, ...args: unknown[]) {
    await new Promise<void>((release) => held.push(release));
    return real.apply(this, args);
  };
  onTestFinished(() => {
    repo[method] = real;
  });
  return {
    // Waited for as long as a loaded machine takes (vi.waitFor's 1 s default is not: CI at load
    // 11 timed out here with the request still on its way); a wait, not a speed check.
    arrived: (n: number) =>
      vi.waitFor(() => expect(held).toHaveLength(n), { timeout: 15_000, interval: 20 }),
    release: (i: number) => held[i]!(),
  };
}
afterEach(() => vi.restoreAllMocks());

/** The customer erased whole (/desk privacy erase) between the intake's read and the insert. */
function eraseBeforeTheInsert(): void {
  const proto = TicketService.prototype as unknown as Record<string, (...a: unknown[]) => unknown>;
  const insert = proto.insert!;
  vi.spyOn(proto, 'insert').mockImplementationOnce(async function (this: unknown, ...args) {
    await app.slack.command('/desk', `privacy erase ${code}`, { userId: ADMIN });
    const modal = app.fake.callsTo('views.update').at(-1)!.args.view as Record<string, any>;
    await app.slack.submitView(modal as never, {}, { userId: ADMIN });
    return insert.apply(this, args);
  });
}

const form = () => ({
  customer: code,
  severity: 'urgent',
  type: 'after_sales',
  description: 'The spindle of line 4 squeals',
});

/** /ticket new submitted twice with the same view, the second while the first is held. */
async function submitTwice(gate: ReturnType<typeof holdEach>, firstReleased: 0 | 1) {
  await app.slack.command('/ticket', 'new Spindle noise on line 4', { userId: AGENT });
  const modal = { ...lastModalView(app, 'views.open'), id: 'V0INTAKE1904' };
  const first = app.slack.submitView(modal, form(), { userId: AGENT });
  await gate.arrived(1);
  const second = app.slack.submitView(modal, form(), { userId: AGENT });
  await gate.arrived(2);
  const requests = [first, second];
  gate.release(firstReleased);
  const winner = await requests[firstReleased]!;
  gate.release(1 - firstReleased);
  const loser = await requests[1 - firstReleased]!;
  return { winner, loser };
}

const cards = () => app.fake.tookPostsTo(TRIAGE).filter((c) => !c.args.thread_ts);
const answers = () => app.fake.callsTo('response_url').map((c) => String(c.args.text));

describe('the same New ticket form submitted twice at once, both inside the intake’s re-check', () => {
  test.each([
    ['the first', 0],
    ['the second', 1],
  ] as const)(
    'nothing erased, %s request clears the mark first: the other is answered as a resubmission, not “erased”; one ticket, announced once',
    async (_, firstReleased) => {
      const gate = holdEach('intakeChecked');
      const { winner, loser } = await submitTwice(gate, firstReleased);
      expect(winner.body).toBe('');
      expect(loser.body).toBe('');
      const tickets = await app.db.models.tickets.find({}).lean();
      expect(tickets).toHaveLength(1);
      expect(tickets[0]!.intakeCheckOwedAt).toBeUndefined();
      app.clock.advance(10_000);
      await app.desk.outbox.drain();
      expect(cards()).toHaveLength(1);
      const said = answers();
      expect(said).toHaveLength(1);
      expect(said[0]).toContain(tickets[0]!.number);
      expect(said[0]).toContain('is saved with severity Urgent');
      expect(JSON.stringify(app.fake.calls)).not.toContain('erased');
    },
  );

  test.each([
    ['the first', 0],
    ['the second', 1],
  ] as const)(
    'its customer erased between the read and the insert, %s request takes it back first: both are refused on the customer field, nothing posted',
    async (_, firstReleased) => {
      eraseBeforeTheInsert();
      const gate = holdEach('undoInsert');
      const { winner, loser } = await submitTwice(gate, firstReleased);
      const refused = { response_action: 'errors', errors: { customer: ERASED } };
      expect(winner.body).toEqual(refused);
      expect(loser.body).toEqual(refused);
      expect(await app.db.models.tickets.countDocuments({})).toBe(0);
      app.clock.advance(10_000);
      await app.desk.outbox.drain();
      expect(cards()).toEqual([]);
      expect(JSON.stringify(app.fake.callsTo('chat.postMessage'))).not.toContain('Spindle');
    },
  );
});
