// revtasks F7: New task on a ticket's card. The modal opens with the ticket's customer picked, an
// issue follow-up, the ticket in its metadata; saved, the task is the customer's and tied to the
// ticket, and a reopen (which cancels the desk's follow-ups) leaves it open. A plain button on a
// resolved card (it has room: four actions, no menu), the last choice of the "…" menu otherwise.
// Whoever may not plan a task for the customer is refused before any form opens, and again on
// save. Through the real Bolt HTTP path: signed requests, the fake Slack, the test database.
import { describe, expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { act, AGENT, makeCustomer, makeTicket, OWNER } from '../helpers/factories.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { triageCardOf } from '../helpers/setups-9-cards.js';
import { buttons, menuChoices } from '../helpers/ui.js';

const TRIAGE = 'C0TRIAGE01';
const MANAGER = 'U0MANAGER1';
/** A member of the workspace with no role, who owns no customer (a closed desk). */
const STRANGER = 'U0NOROLE01';

// Tuesday 2026-11-24 10:00 in Shanghai.
const app = useTestApp({ env: { TRIAGE_CHANNEL_ID: TRIAGE }, now: '2026-11-24T02:00:00Z' });

type View = Record<string, any>;
const field = (view: View, block: string) =>
  view.blocks.find((b: any) => b.block_id === block)?.element;

/** The triage card's actions row (its buttons and "…" menu), without the following row. */
const actionsRow = async (number: string) =>
  (await triageCardOf(app, TRIAGE, number)).filter((b) => b.block_id === 'ticket_actions');

/** What came of a request: the modals it opened and what the clicker was told, nothing else. */
async function outcome(run: () => Promise<unknown>) {
  const opened = app.fake.callsTo('views.open').length;
  const told = app.fake.callsTo('response_url').length;
  await run();
  return {
    views: app.fake
      .callsTo('views.open')
      .slice(opened)
      .map((c) => c.args.view as View),
    told: app.fake
      .callsTo('response_url')
      .slice(told)
      .map((c) => String(c.args.text)),
  };
}

/** A press of the card's New task button, as Slack sends it (signed). */
const pressNewTask = (number: string, userId: string) =>
  app.slack.blockAction(
    { action_id: 'ticket_task_new', value: number, block_id: 'ticket_actions' },
    { userId, channelId: TRIAGE },
  );

/** New task chosen from the card's "…" menu (an overflow's `selected_option`). */
const chooseNewTask = (number: string, userId: string) =>
  app.slack.blockAction(
    {
      action_id: 'ticket_card_menu',
      block_id: 'ticket_actions',
      type: 'overflow',
      selected_option: { text: { type: 'plain_text', text: 'New task' }, value: `task:${number}` },
    },
    { userId, channelId: TRIAGE },
  );

/** A closed desk: AGENT works tickets, MANAGER manages, OWNER owns the customer. */
async function resolvedTicket(locale: 'en' | 'zh-CN' = 'en') {
  await app.setSettings(() => ({
    openDesk: false,
    agents: [AGENT],
    managers: [MANAGER],
    accountManagers: [OWNER],
    locale,
  }));
  const customer = await makeCustomer(app, { name: 'Huadong Machinery' });
  const ticket = await makeTicket(app, { customerCode: customer.code });
  await act(app, ticket.number, { action: 'claim' });
  await act(app, ticket.number, { action: 'resolve', summary: 'Replaced the encoder' });
  return { customer, ticket };
}

describe("New task on a ticket's card", () => {
  test('a button on the resolved card: the modal opens prefilled, the task is the customer’s and tied to the ticket, and stays open through a reopen; then the last choice of the menu', async () => {
    const { customer, ticket } = await resolvedTicket();
    // Resolved: four actions, no menu: New task is a button, before Close.
    const resolved = await actionsRow(ticket.number);
    expect(buttons(resolved).map((b) => [b.actionId, b.text, b.value])).toEqual([
      ['ticket_reopen', 'Reopen', ticket.number],
      ['ticket_note_open', 'Add note', ticket.number],
      ['ticket_task_new', 'New task', ticket.number],
      ['ticket_close', 'Close', ticket.number],
    ]);
    expect(menuChoices(resolved)).toEqual([]);

    const pressed = await outcome(() => pressNewTask(ticket.number, AGENT));
    expect(pressed.told).toEqual([]);
    expect(pressed.views).toHaveLength(1);
    const modal = pressed.views[0]!;
    expect(modal.callback_id).toBe('task_new');
    expect(modal.title.text).toBe('New task');
    // The ticket's customer picked, an issue follow-up, done by whoever pressed it.
    expect(field(modal, 'customer').initial_option).toEqual({
      text: { type: 'plain_text', text: `${customer.code} Huadong Machinery`, emoji: true },
      value: customer.code,
    });
    expect(field(modal, 'kind').initial_option.value).toBe('issue');
    expect(field(modal, 'kind').initial_option.text.text).toBe('Issue follow-up');
    expect(field(modal, 'executor').initial_user).toBe(AGENT);
    expect(JSON.parse(modal.private_metadata)).toMatchObject({ ticket: ticket.number });
    // Nothing saved by opening it.
    expect(await app.db.models.tasks.countDocuments({ teamId: FAKE_TEAM_ID, kind: 'issue' })).toBe(
      0,
    );

    const saved = await app.slack.submitView(
      modal,
      { due: '2026-11-26', content: 'Call back: is the encoder still quiet?' },
      { userId: AGENT },
    );
    expect(saved.body).toBe('');
    const task = (await app.db.models.tasks
      .findOne({ teamId: FAKE_TEAM_ID, kind: 'issue' })
      .lean())!;
    expect(task).toMatchObject({
      customerCode: customer.code,
      customerName: 'Huadong Machinery',
      ticketId: ticket.id,
      ticketNumber: ticket.number,
      assigneeId: AGENT,
      createdBy: AGENT,
      dueDate: '2026-11-26',
      content: 'Call back: is the encoder still quiet?',
      status: 'open',
    });
    // The planner is told privately what was planned, for which customer.
    expect(app.fake.callsTo('response_url').at(-1)!.args.text).toBe(
      `Issue follow-up for Huadong Machinery (${customer.code}) planned for <@${AGENT}>, due 2026-11-26.`,
    );
    // Their task list shows it under the customer, with the ticket's number.
    const mine = JSON.stringify((await app.slack.command('/task', 'mine', { userId: AGENT })).body);
    expect(mine).toContain(`Huadong Machinery (${customer.code})`);
    expect(mine).toContain(ticket.number);
    expect(mine).toContain('Call back: is the encoder still quiet?');

    // Reopened: the desk's revisit is cancelled; the task a person planned stays, still tied.
    await act(app, ticket.number, { action: 'reopen' });
    const about = await app.db.models.tasks.find({ ticketId: ticket.id }).lean();
    expect(about.filter((t) => t.kind === 'revisit').map((t) => t.status)).toEqual(['cancelled']);
    expect(await app.db.models.tasks.findById(task._id).lean()).toMatchObject({
      status: 'open',
      ticketId: ticket.id,
      ticketNumber: ticket.number,
    });

    // Open again, the card's menu is full: New task is its last choice, no longer a button.
    const reopened = await actionsRow(ticket.number);
    expect(buttons(reopened).map((b) => b.actionId)).not.toContain('ticket_task_new');
    expect(menuChoices(reopened).at(-1)).toEqual({
      actionId: 'ticket_card_menu',
      text: 'New task',
      value: `task:${ticket.number}`,
    });
    // Chosen there (by the customer's owner), the same modal: their customer, the ticket.
    const chosen = await outcome(() => chooseNewTask(ticket.number, OWNER));
    expect(chosen.told).toEqual([]);
    expect(chosen.views).toHaveLength(1);
    expect(field(chosen.views[0]!, 'customer').initial_option.value).toBe(customer.code);
    expect(field(chosen.views[0]!, 'kind').initial_option.value).toBe('issue');
    expect(field(chosen.views[0]!, 'executor').initial_user).toBe(OWNER);
    expect(JSON.parse(chosen.views[0]!.private_metadata)).toMatchObject({
      ticket: ticket.number,
    });
  });

  test('a member who may not plan tasks for the customer is refused before the form, on the button and the menu, and on a forged save; a closed ticket’s card is stale', async () => {
    const { ticket } = await resolvedTicket();
    const refusal = `Only the service team, the owner (<@${OWNER}>) and managers can plan tasks for this customer.`;
    // The shared triage card offers it to everyone: the service decides on the click.
    const pressed = await outcome(() => pressNewTask(ticket.number, STRANGER));
    expect(pressed).toEqual({ views: [], told: [refusal] });
    const chosen = await outcome(() => chooseNewTask(ticket.number, STRANGER));
    expect(chosen).toEqual({ views: [], told: [refusal] });

    // A modal opened for the agent, submitted as the stranger: refused on save, nothing planned.
    const { views } = await outcome(() => pressNewTask(ticket.number, AGENT));
    await app.slack.submitView(views[0]!, { content: 'Forged' }, { userId: STRANGER });
    expect(await app.db.models.tasks.countDocuments({ teamId: FAKE_TEAM_ID, kind: 'issue' })).toBe(
      0,
    );

    // Closed: its card no longer offers it; a press on a card shown before is stale.
    await act(app, ticket.number, { action: 'close' });
    expect(buttons(await actionsRow(ticket.number))).toEqual([]);
    const stale = await outcome(() => pressNewTask(ticket.number, AGENT));
    expect(stale).toEqual({
      views: [],
      told: [`${ticket.number} is closed; nothing more can be done with it.`],
    });
  });

  test('in Chinese: the button, the modal and the refusal', async () => {
    const { customer, ticket } = await resolvedTicket('zh-CN');
    expect(buttons(await actionsRow(ticket.number)).map((b) => b.text)).toEqual([
      '重新打开',
      '添加备注',
      '新建任务',
      '关闭',
    ]);
    const pressed = await outcome(() => pressNewTask(ticket.number, AGENT));
    const modal = pressed.views[0]!;
    expect(modal.title.text).toBe('新建任务');
    expect(field(modal, 'kind').initial_option.text.text).toBe('问题跟进');
    expect(field(modal, 'customer').initial_option.value).toBe(customer.code);
    const refused = await outcome(() => pressNewTask(ticket.number, STRANGER));
    expect(refused).toEqual({
      views: [],
      told: [`只有服务团队、负责人（<@${OWNER}>）和主管可以为该客户安排任务。`],
    });
  });
});
