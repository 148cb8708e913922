// A ticket a member of staff reopened owes its customer a reply, though the customer wrote
// nothing: the lines about that reply (a hand-over's DM, the DM of whom a waiting ticket is handed
// to, the weekly digest's past-SLA list) say who reopened it, not "the customer wrote again", as
// the reply-breach alert does (reopen-alerts.test.ts).
import { beforeEach, describe, expect, test } from 'vitest';
import { digestJob } from '../../jobs/digest.js';
import { useTestApp } from '../helpers/app.js';
import { submitLastModal } from '../helpers/clicks.js';
import { act, AGENT, makeCustomer, makeTicket, respond } from '../helpers/factories.js';
import { runJobAt } from '../helpers/jobs.js';

const TRIAGE = 'C0TRIAGE01';
const DIGEST = 'C0DIGEST01';
const ADMIN = 'U0ADMIN001';
const AGENT2 = 'U0AGENT002';
const app = useTestApp({
  env: { TRIAGE_CHANNEL_ID: TRIAGE, DIGEST_CHANNEL_ID: DIGEST, ADMIN_USER_IDS: ADMIN },
  now: '2026-11-24T02:00:00Z',
});

const dmsTo = (user: string) => app.fake.postsTo(user).map((p) => String(p.args.text));
const click = (actionId: string, number: string, userId: string) =>
  app.slack.blockAction(
    { action_id: actionId, value: number, block_id: 'ticket_actions' },
    { userId, channelId: TRIAGE },
  );

let number = '';

beforeEach(async () => {
  const customer = await makeCustomer(app);
  await app.setSettings(() => ({ agents: [AGENT, AGENT2], openDesk: false }));
  // Tuesday 10:00 (Shanghai): filed, claimed, answered; resolved at 11:00; the agent's own
  // Reopen on the card at 11:30 owes the customer a reply (8 business hours: Wednesday 10:30).
  // By phone: Wait on customer needs no question to them.
  ({ number } = await makeTicket(app, { customerCode: customer.code }));
  await act(app, number, { action: 'claim' });
  await respond(app, number);
  app.clock.set('2026-11-24T03:00:00Z');
  await act(app, number, { action: 'resolve', summary: 'Reset the board' });
  app.clock.set('2026-11-24T03:30:00Z');
  await click('ticket_reopen', number, AGENT);
  const stored = (await app.db.models.tickets.findOne({ number }).lean())!;
  expect(stored.replyFrom).toEqual(new Date('2026-11-24T03:30:00Z'));
  await app.desk.outbox.drain();
  app.fake.reset();
});

describe('a reply owed since a reopen by staff', () => {
  test('/desk handover: the receiver’s DM says who reopened it, in English and Chinese', async () => {
    app.clock.set('2026-11-24T04:00:00Z');
    await app.slack.command('/desk', 'handover', { userId: ADMIN });
    await submitLastModal(app, { from: AGENT, to: AGENT2, what: 'tickets' }, ADMIN);
    const dm = dmsTo(AGENT2).find((t) => t.includes('handed you the work'))!;
    expect(dm).toContain(number);
    expect(dm).toContain(`<@${AGENT}> reopened it, reply due`);
    expect(dm).not.toContain('the customer wrote again');

    await app.setSettings(() => ({ locale: 'zh-CN' }));
    app.fake.reset();
    await app.slack.command('/desk', 'handover', { userId: ADMIN });
    await submitLastModal(app, { from: AGENT2, to: AGENT, what: 'tickets' }, ADMIN);
    const back = dmsTo(AGENT).join('\n');
    expect(back).toContain(`<@${AGENT}> 重新打开了工单，答复时限：`);
    expect(back).not.toContain('客户再次来信');
  });

  test('waiting on the customer, reassigned: the DM’s paused reply line says who reopened it', async () => {
    app.clock.set('2026-11-24T04:00:00Z');
    await click('ticket_wait', number, AGENT);
    expect((await app.db.models.tickets.findOne({ number }).lean())!.status).toBe('waiting');
    await click('ticket_reassign_open', number, AGENT);
    await submitLastModal(app, { assignee: AGENT2 }, AGENT);
    app.clock.advance(10_000);
    await app.desk.outbox.drain();
    const dm = dmsTo(AGENT2).join('\n');
    expect(dm).toContain('is yours now');
    expect(dm).toContain(
      `<@${AGENT}> reopened it, reply owed: Paused while waiting on the customer`,
    );
    expect(dm).not.toContain('The customer wrote again');
  });

  test('never answered: the weekly digest’s past-SLA line says who reopened it', async () => {
    // Monday 30 November 09:30: week 48's digest; the reply was due Wednesday 10:30.
    await runJobAt(app, digestJob, '2026-11-30T01:30:00Z');
    const posted = JSON.stringify(app.fake.postsTo(DIGEST).at(-1)!.args.blocks);
    expect(posted).toContain(number);
    expect(posted).toContain(
      `open at the week's end, <@${AGENT}> reopened it, and the customer had no reply by its target`,
    );
    expect(posted).not.toContain('the customer wrote again');
  });
});
