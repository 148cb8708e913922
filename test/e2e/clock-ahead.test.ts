// A desk whose clock is ahead of the wall clock (a rehearsal's CARE_DESK_CLOCK_OFFSET_MS, a test's
// virtual time): what the desk stores as created is created on its clock, so what it compares
// with its clock holds; what it reads against the time a write was stamped (mongoose's `updatedAt`,
// the wall clock) is read against the wall clock.
import { describe, expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { AGENT, makeCustomer, OWNER } from '../helpers/factories.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';

const TRIAGE = 'C0TRIAGE01';

// Tuesday 2030-03-05 10:00 in Shanghai: years ahead of the wall clock.
const NOW = '2030-03-05T02:00:00Z';
const app = useTestApp({ env: { TRIAGE_CHANNEL_ID: TRIAGE }, now: NOW });

const threadReplies = () =>
  app.fake
    .callsTo('chat.postMessage')
    .filter((c) => c.args.thread_ts)
    .map((c) => c.args.text as string);

describe('a ticket filed on a desk clock ahead of the wall clock', () => {
  test("is announced whole: the thread's first reply and the account manager's DM are sent", async () => {
    const { code } = await makeCustomer(app, { annualRevenue: 600_000 });
    await app.slack.command('/ticket', 'new Line 3 is down', { userId: AGENT });
    const view = app.fake.callsTo('views.open').at(-1)!.args.view as Record<string, unknown>;
    const res = await app.slack.submitView(
      view,
      { customer: code, severity: 'urgent', type: 'after_sales', description: 'Spindle error E42' },
      { userId: AGENT },
    );
    expect(res.body).toBe('');
    await app.desk.outbox.drain();
    const ticket = (await app.db.models.tickets.findOne({ teamId: FAKE_TEAM_ID }).lean())!;
    // Created on the desk's clock; written (updatedAt) on the wall clock, as every later write.
    expect(ticket.createdAt).toEqual(new Date(NOW));
    expect(Math.abs(ticket.updatedAt.getTime() - Date.now())).toBeLessThan(60_000);
    expect(threadReplies()).toEqual([`<@${AGENT}> opened this ticket.`]);
    const dm = app.fake.callsTo('chat.postMessage').find((c) => c.args.channel === OWNER);
    expect(dm?.args.text).toContain(ticket.number);
    expect(ticket.accountManagerNotified).toBe(true);
  });
});
