// A replay of a ticket's recent notices (the outbox job's repair, a request finding an earlier
// change's notices still owed) says why an L3 hand-over went to the account manager as at its
// event: the guest owner they stood in for then (TicketEvent.owners), not by the owners the ticket
// names now (an owner or stand-in changed since).
import { expect, test, vi } from 'vitest';
import { outboxJob } from '../../jobs/outbox.js';
import { useTestApp } from '../helpers/app.js';
import { AGENT } from '../helpers/factories.js';
import { FAKE_GUEST_USER_ID as GUEST, FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { guestOwnedCustomer, lastModalView, newTicketByModal } from '../helpers/clicks.js';
import { runJobAt } from '../helpers/jobs.js';

const ADMIN = 'U0ADMIN001';
const MANAGER = 'U0MANAGER1';
const OTHER_MANAGER = 'U0MANAGER2';
const EXPERT = 'U0EXPERT01';
const TRIAGE = 'C0TRIAGE01';
const ESCALATION = 'C0ESCAL001';
// Tuesday 2026-11-24 10:00 in Shanghai.
const app = useTestApp({
  env: { ADMIN_USER_IDS: ADMIN, TRIAGE_CHANNEL_ID: TRIAGE, ESCALATION_CHANNEL_ID: ESCALATION },
  now: '2026-11-24T02:00:00Z',
});

const strip = (s: string) => s.replace(/<https:\/\/[^|>]+\|(T\d{8})>/g, '$1');
const texts = (to: string) => app.fake.tookPostsTo(to).map((c) => strip(String(c.args.text)));

async function escalate(number: string, by: string, form: Record<string, string>) {
  await app.slack.blockAction(
    { action_id: 'ticket_escalate_open', value: number, block_id: 'ticket_actions' },
    { userId: by, channelId: TRIAGE },
  );
  const res = await app.slack.submitView(lastModalView(app, 'views.open'), form, { userId: by });
  expect(res.body).toBe('');
}

test('an L3 escalation to a guest owner’s stand-in cut short, /desk roles then naming another stand-in: the repair’s DM and escalation post still say the manager had it for the guest', async () => {
  await app.setSettings(() => ({ managers: [MANAGER, OTHER_MANAGER] }));
  const code = await guestOwnedCustomer(app, { annual_revenue: '600000' });
  const number = await newTicketByModal(app, code, {});
  const stored = async () =>
    (await app.db.models.tickets.findOne({ teamId: FAKE_TEAM_ID, number }).lean())!;
  expect(await stored()).toMatchObject({ accountManagerId: MANAGER, guestOwner: GUEST });
  await app.slack.blockAction(
    { action_id: 'ticket_claim', value: number, block_id: 'ticket_actions' },
    { userId: AGENT, channelId: TRIAGE },
  );
  await escalate(number, AGENT, { reason: 'Firmware', expert: EXPERT });
  await app.desk.outbox.drain();

  // The L3 escalation's notices are not written (the database fails then): it stands, owing them.
  app.clock.set('2026-11-24T02:01:00Z');
  const cut = vi
    .spyOn(app.desk.services.outbox, 'batch')
    .mockRejectedValueOnce(new Error('database down'));
  try {
    await escalate(number, EXPERT, { reason: 'Cancelling' });
  } finally {
    cut.mockRestore();
  }
  expect(await stored()).toMatchObject({ level: 3, assigneeId: MANAGER });
  expect((await stored()).noticesOwedAt).toBeDefined();

  // The admin puts OTHER_MANAGER first: they stand in for the guest on the ticket from now on.
  await app.slack.command('/desk', 'roles', { userId: ADMIN });
  const roles = lastModalView(app, 'views.open');
  const saved = await app.slack.submitView(
    roles,
    { managers: `${OTHER_MANAGER},${MANAGER}` },
    { userId: ADMIN },
  );
  expect(saved.body).toBe('');
  expect(await stored()).toMatchObject({
    accountManagerId: OTHER_MANAGER,
    guestOwner: GUEST,
    assigneeId: MANAGER,
  });

  // The repair two minutes on: the escalation's notices as at the escalation.
  await runJobAt(app, outboxJob, '2026-11-24T02:04:00Z');
  expect((await stored()).noticesOwedAt).toBeUndefined();
  const dm = texts(MANAGER);
  expect(dm).toHaveLength(1);
  expect(dm[0]).toContain(`ticket ${number} for Shanghai Huadong Machinery is yours now (L3)`);
  expect(dm[0]).toContain(
    `Yours as the account manager: the customer’s owner <@${GUEST}> is not a member of the workspace (a guest, or of another organisation).`,
  );
  const post = texts(ESCALATION);
  expect(post).toHaveLength(1);
  expect(post[0]).toContain(`escalated to L3 by <@${EXPERT}>, now with <@${MANAGER}>: Cancelling`);
  expect(post[0]).toContain(
    `The account manager <@${MANAGER}> stands in for the customer’s owner <@${GUEST}>, not a member of the workspace (a guest, or of another organisation).`,
  );
  expect(texts(OTHER_MANAGER).filter((t) => t.includes('yours now'))).toEqual([]);
});

test('a Reassign at L2 to a guest owner’s stand-in cut short, then an L3 escalation: the replayed reassign DM says L2 and gives no guest-owner reason, as at the reassign', async () => {
  await app.setSettings(() => ({ managers: [MANAGER] }));
  const code = await guestOwnedCustomer(app, { annual_revenue: '600000' });
  const number = await newTicketByModal(app, code, {});
  const stored = async () =>
    (await app.db.models.tickets.findOne({ teamId: FAKE_TEAM_ID, number }).lean())!;
  await app.slack.blockAction(
    { action_id: 'ticket_claim', value: number, block_id: 'ticket_actions' },
    { userId: AGENT, channelId: TRIAGE },
  );
  await escalate(number, AGENT, { reason: 'Firmware', expert: EXPERT });
  await app.desk.outbox.drain();
  app.fake.reset();

  // At L2 the expert hands it to the account manager; its notices are not written (the database
  // fails then): it stands, owing them.
  app.clock.set('2026-11-24T02:01:00Z');
  const cut = vi
    .spyOn(app.desk.services.outbox, 'batch')
    .mockRejectedValueOnce(new Error('database down'));
  try {
    await app.slack.blockAction(
      { action_id: 'ticket_reassign_open', value: number, block_id: 'ticket_actions' },
      { userId: EXPERT, channelId: TRIAGE },
    );
    await app.slack.submitView(
      lastModalView(app, 'views.open'),
      { assignee: MANAGER },
      { userId: EXPERT },
    );
  } finally {
    cut.mockRestore();
  }
  expect(await stored()).toMatchObject({ level: 2, assigneeId: MANAGER });
  expect((await stored()).noticesOwedAt).toBeDefined();

  // Within the repair's wait the manager escalates it to L3 (theirs, as the guest's stand-in):
  // the request replays the reassign's notices before its own.
  app.clock.set('2026-11-24T02:01:30Z');
  await escalate(number, MANAGER, { reason: 'Key account' });
  expect(await stored()).toMatchObject({ level: 3, assigneeId: MANAGER });
  await app.desk.outbox.drain();
  const dms = texts(MANAGER);
  // The request wrote the replay: nothing left for the repair, which writes nothing again.
  expect((await stored()).noticesOwedAt).toBeUndefined();
  await runJobAt(app, outboxJob, '2026-11-24T02:04:00Z');
  dms.push(...texts(MANAGER));
  const guestLine = `Yours as the account manager: the customer’s owner <@${GUEST}> is not a member of the workspace (a guest, or of another organisation).`;
  const reassigned = dms.filter((t) => t.includes(`from <@${EXPERT}>`));
  expect(reassigned).toHaveLength(1);
  expect(reassigned[0]).toContain(
    `ticket ${number} for Shanghai Huadong Machinery is yours now (L2), from <@${EXPERT}>`,
  );
  expect(reassigned[0]).not.toContain(guestLine);
});
