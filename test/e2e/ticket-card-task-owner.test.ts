// revwave F3: a resolved ticket keeps the account manager it had when its customer changes hands
// (only open tickets move). Its private card offers New task by the customer's owner now, as the
// click checks: the new owner is offered it and gets the modal, the former one neither. Through
// the real Bolt HTTP path: signed requests, the fake Slack, the test database.
import { expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { act, AGENT, ctxOf, makeCustomer, makeTicket, OWNER } from '../helpers/factories.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { offeredIds } from '../helpers/ui.js';

const TRIAGE = 'C0TRIAGE01';
const MANAGER = 'U0MANAGER1';
/** An account manager (no staff role) who takes the customer over after the ticket resolved. */
const NEW_OWNER = 'U0NEWOWNR1';

// Tuesday 2026-11-24 10:00 in Shanghai.
const app = useTestApp({ env: { TRIAGE_CHANNEL_ID: TRIAGE }, now: '2026-11-24T02:00:00Z' });

/** The buttons (and menu choices) of the card `/ticket <number>` shows `user` privately. */
async function offeredTo(user: string, number: string): Promise<string[]> {
  const res = await app.slack.command('/ticket', number, { userId: user });
  const body = res.body as { blocks?: unknown[] };
  expect(JSON.stringify(body.blocks)).toContain(number);
  return offeredIds(body.blocks);
}

/** What pressing New task on the card told `user`: the modals opened, the refusals. */
async function pressNewTask(number: string, user: string) {
  const opened = app.fake.callsTo('views.open').length;
  const told = app.fake.callsTo('response_url').length;
  await app.slack.blockAction(
    { action_id: 'ticket_task_new', value: number, block_id: 'ticket_actions' },
    { userId: user, channelId: 'D0DM000001' },
  );
  return {
    modals: app.fake.callsTo('views.open').length - opened,
    told: app.fake
      .callsTo('response_url')
      .slice(told)
      .map((c) => String(c.args.text)),
  };
}

test("a resolved ticket's private card offers New task to its customer's owner now, not the former one", async () => {
  await app.setSettings(() => ({
    openDesk: false,
    agents: [AGENT],
    managers: [MANAGER],
    accountManagers: [OWNER, NEW_OWNER],
    locale: 'en',
  }));
  const customer = await makeCustomer(app, { name: 'Huadong Machinery' });
  const ticket = await makeTicket(app, { customerCode: customer.code });
  await act(app, ticket.number, { action: 'claim' });
  await act(app, ticket.number, { action: 'resolve', summary: 'Replaced the encoder' });
  // While OWNER owns the customer, their card offers New task.
  expect(await offeredTo(OWNER, ticket.number)).toContain('ticket_task_new');

  await app.desk.services.customers.update(await ctxOf(app, MANAGER), customer.code, {
    ownerId: NEW_OWNER,
  });
  // The resolved ticket still names OWNER as its account manager (open tickets alone move).
  const stored = await app.db.models.tickets
    .findOne({ teamId: FAKE_TEAM_ID, number: ticket.number })
    .lean();
  expect(stored?.accountManagerId).toBe(OWNER);

  expect(await offeredTo(OWNER, ticket.number)).not.toContain('ticket_task_new');
  expect(await offeredTo(NEW_OWNER, ticket.number)).toContain('ticket_task_new');
  // The click agrees with the cards: the new owner gets the form, the former one a refusal.
  expect(await pressNewTask(ticket.number, NEW_OWNER)).toEqual({ modals: 1, told: [] });
  const former = await pressNewTask(ticket.number, OWNER);
  expect(former.modals).toBe(0);
  expect(former.told).toHaveLength(1);
});
