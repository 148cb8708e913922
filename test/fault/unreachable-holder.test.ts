// A person who left the company (deactivated, removed from Slack) still holding open tickets,
// tasks or customers: when the outbox gives up on a DM to them, their managers are told once, so
// the work is handed over with `/desk handover`. Through the real Bolt HTTP path: signed
// requests, the fake Slack, the test database.
import { expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { act, AGENT, makeCustomer, makeTicket } from '../helpers/factories.js';

const TRIAGE = 'C0TRIAGE01';
const MANAGER = 'U0MANAGER1';
const OTHER_MANAGER = 'U0MANAGER2';
const LEAVER = 'U0LEAVER01';
const MOVED = 'U0MOVED001';

// Tuesday 2026-11-24 10:00 in Shanghai.
const app = useTestApp({
  env: { TRIAGE_CHANNEL_ID: TRIAGE },
  now: '2026-11-24T02:00:00Z',
});

const said = (to: string) => app.fake.postsTo(to).map((c) => String(c.args.text));
const unreachable = (to: string) =>
  said(to).filter((s) => s.includes('no longer receives Slack messages'));

/** Worker passes 31 minutes apart (past the longest back-off), `n` of them. */
async function passes(n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    app.clock.advance(31 * 60_000);
    await app.desk.outbox.drain();
  }
}

test('Slack no longer delivers to a person holding open work (user_not_found): their linked manager reads one DM saying what they hold, even when later DMs to them fail too', async () => {
  await app.setSettings(() => ({
    managers: [MANAGER, OTHER_MANAGER],
    managerLinks: [{ managerId: MANAGER, manages: [LEAVER] }],
    agents: [AGENT, LEAVER],
    accountManagers: [LEAVER],
  }));
  const customer = await makeCustomer(app, { name: 'Li Lei Trading', ownerId: LEAVER });
  const first = await makeTicket(app, { customerCode: customer.code, title: 'Invoice wrong' });
  await passes(1);
  // They leave; a manager hands them the ticket: its DM to them is refused for good.
  app.fake.refuseChannel(LEAVER, 'user_not_found');
  await act(app, first.number, { action: 'reassign', to: LEAVER }, MANAGER);
  await passes(2);

  expect(unreachable(MANAGER)).toEqual([
    `:warning: <@${LEAVER}> no longer receives Slack messages and holds 1 open ticket, 0 open tasks, 1 customer. Hand them over with \`/desk handover\`.`,
  ]);
  // Only their linked manager.
  expect(unreachable(OTHER_MANAGER)).toEqual([]);

  // Another ticket handed to them the next day: that DM fails too; the manager is not told again.
  app.clock.set('2026-11-25T02:00:00Z');
  const second = await makeTicket(app, { customerCode: customer.code, title: 'Delivery late' });
  await act(app, second.number, { action: 'reassign', to: LEAVER }, MANAGER);
  await passes(3);
  expect(app.fake.postsTo(LEAVER).length).toBeGreaterThanOrEqual(2);
  expect(unreachable(MANAGER)).toHaveLength(1);
  expect(unreachable(OTHER_MANAGER)).toEqual([]);
});

test('a deactivated person (user_disabled) who holds nothing open any more: no manager is told', async () => {
  await app.setSettings(() => ({ managers: [MANAGER], agents: [AGENT, MOVED] }));
  const ticket = await makeTicket(app, { title: 'Printer offline' });
  await act(app, ticket.number, { action: 'reassign', to: MOVED }, MANAGER);
  await passes(1);
  app.fake.reset();
  app.fake.refuseChannel(MOVED, 'user_disabled');
  // Their last ticket taken from them: the "no longer yours" DM is refused; they hold nothing.
  await act(app, ticket.number, { action: 'reassign', to: AGENT }, MANAGER);
  await passes(2);
  expect(app.fake.postsTo(MOVED)).toHaveLength(1);
  expect(
    await app.db.models.outbox.countDocuments({ to: MOVED, kind: 'message', state: 'dead' }),
  ).toBe(1);
  expect(unreachable(MANAGER)).toEqual([]);
});

test('in a Chinese workspace, a deactivated person (user_disabled) linked to no manager: every manager reads it once, in Chinese', async () => {
  await app.setSettings(() => ({
    locale: 'zh-CN',
    managers: [MANAGER, OTHER_MANAGER],
    agents: [AGENT, LEAVER],
  }));
  const one = await makeTicket(app, { title: 'Invoice wrong' });
  const two = await makeTicket(app, { title: 'Delivery late', customerCode: one.customerCode });
  await passes(1);
  app.fake.refuseChannel(LEAVER, 'user_disabled');
  // What they held when the first DM was refused; the second one's refusal tells nobody again.
  await act(app, one.number, { action: 'reassign', to: LEAVER }, MANAGER);
  await passes(1);
  await act(app, two.number, { action: 'reassign', to: LEAVER }, MANAGER);
  await passes(3);
  expect(app.fake.postsTo(LEAVER)).toHaveLength(2);
  const expected = [
    `:warning: <@${LEAVER}> 已无法接收 Slack 消息，仍持有 1 张未结工单、0 个未完成任务、0 家客户。请用 \`/desk handover\` 移交。`,
  ];
  for (const manager of [MANAGER, OTHER_MANAGER])
    expect(said(manager).filter((s) => s.includes('已无法接收'))).toEqual(expected);
});

test('no manager set: the admins that are staff read it, never an admin Slack said is of another organisation', async () => {
  const ADMIN = 'U0ADMIN001';
  const EXTERNAL_ADMIN = 'U0EXTADM01';
  await app.setSettings(() => ({
    admins: [ADMIN, EXTERNAL_ADMIN],
    managers: [],
    agents: [AGENT, LEAVER],
    externalHolders: [EXTERNAL_ADMIN],
  }));
  const ticket = await makeTicket(app, { title: 'Invoice wrong' });
  await passes(1);
  app.fake.refuseChannel(LEAVER, 'user_disabled');
  await act(app, ticket.number, { action: 'reassign', to: LEAVER }, ADMIN);
  await passes(2);
  expect(unreachable(ADMIN)).toHaveLength(1);
  expect(unreachable(EXTERNAL_ADMIN)).toEqual([]);
});
