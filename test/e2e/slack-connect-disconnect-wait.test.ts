// A ticket whose conversation is in a customer's Slack Connect channel their organisation left
// (channel_unshared): Waiting on customer is refused on every path, as its question would reach
// nobody and the pause would never end. The Wait modal opened before the disconnect says so on
// its question; the card's buttons and menu, and a saved reply picked in the modal, say so
// privately. Shared with them again, Wait is taken again.
import { beforeEach, expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { AGENT } from '../helpers/factories.js';
import {
  acmeDesk,
  ADMIN,
  claimedTicketInChannel,
  SHARED,
  sharedAgain,
  TRIAGE,
  unshared,
} from '../helpers/slack-connect.js';

const LEFT = 'Acme Machinery’s organisation left the Slack Connect channel';

const app = useTestApp({ env: { ADMIN_USER_IDS: ADMIN }, now: '2026-11-24T02:00:00Z' });

const ticket = (number: string) => app.db.models.tickets.findOne({ number }).lean();

let number = '';
beforeEach(async () => {
  const code = await acmeDesk(app, {
    more: {
      savedReplies: [
        { id: 'serial', title: 'Serial', text: 'Which serial does {ticket} concern?' },
      ],
    },
  });
  number = await claimedTicketInChannel(app, code);
});

/** The Wait modal as Slack shows it, opened from the card. */
async function openWait() {
  const before = app.fake.callsTo('views.open').length;
  await app.slack.blockAction(
    { action_id: 'ticket_wait_open', value: number, block_id: 'ticket_actions' },
    { userId: AGENT, channelId: TRIAGE },
  );
  const opened = app.fake.callsTo('views.open').slice(before);
  return opened.length
    ? { ...(opened[0]!.args.view as Record<string, unknown>), id: 'V0WAIT0001', hash: 'h1' }
    : undefined;
}

async function disconnect() {
  app.clock.set('2026-11-24T03:05:00Z');
  await unshared(app, 'EvLeft');
  await app.desk.outbox.drain();
}

/** A click on the card by the agent: what they were told privately, and whether a modal opened. */
async function click(block: Record<string, unknown>) {
  const told = app.fake.callsTo('response_url').length;
  const opened = app.fake.callsTo('views.open').length;
  const res = await app.slack.blockAction({ block_id: 'ticket_actions', ...block } as never, {
    userId: AGENT,
    channelId: TRIAGE,
  });
  expect(res.status).toBe(200);
  return {
    said: app.fake
      .callsTo('response_url')
      .slice(told)
      .map((c) => String(c.args.text))
      .join('\n'),
    opened: app.fake.callsTo('views.open').length > opened,
  };
}

test('after the disconnect: the open Wait modal is refused on its question, the buttons, the menu and a saved reply say why, and nothing is written', async () => {
  const modal = (await openWait())!;
  expect(modal).toBeDefined();
  await disconnect();
  const before = (await ticket(number))!;
  expect(before.status).toBe('assigned');

  const res = await app.slack.submitView(
    modal,
    { question: 'Which controller serial?' },
    {
      userId: AGENT,
    },
  );
  const errors = (res.body as { response_action?: string; errors?: Record<string, string> }).errors;
  expect((res.body as { response_action?: string }).response_action).toBe('errors');
  expect(errors?.question).toContain(LEFT);
  expect(errors?.question).toContain('Customer wrote…');

  for (const block of [
    { action_id: 'ticket_wait_open', value: number },
    { action_id: 'ticket_wait', value: number },
    {
      action_id: 'ticket_card_menu',
      type: 'overflow',
      selected_option: { value: `wait:${number}` },
    },
  ]) {
    const { said, opened } = await click(block);
    expect(opened, block.action_id).toBe(false);
    expect(said, block.action_id).toContain(LEFT);
  }

  // A saved reply picked in the modal opened before: not filled in.
  const updates = app.fake.callsTo('views.update').length;
  await app.slack.blockAction(
    {
      action_id: 'requester_saved_reply',
      block_id: 'saved_reply',
      type: 'static_select',
      selected_option: { value: 'serial' },
    },
    {
      userId: AGENT,
      view: {
        ...modal,
        state: { values: app.slack.viewState(modal, { question: '', saved_reply: 'serial' }) },
      },
    },
  );
  expect(app.fake.callsTo('views.update').length).toBe(updates);

  const after = (await ticket(number))!;
  expect(after.status).toBe('assigned');
  expect(after.timeline).toHaveLength(before.timeline.length);
  expect(after.pauses).toEqual(before.pauses);
  expect(await app.db.models.outbox.countDocuments({ to: SHARED, state: 'pending' })).toBe(0);
});

test('shared with them again: Wait is taken again', async () => {
  await disconnect();
  expect(await openWait()).toBeUndefined();
  app.clock.set('2026-11-24T04:00:00Z');
  await sharedAgain(app, 'EvShared');
  const modal = (await openWait())!;
  expect(modal).toBeDefined();
  const res = await app.slack.submitView(
    modal,
    { question: 'Which controller serial?' },
    {
      userId: AGENT,
    },
  );
  expect(res.body).toBe('');
  expect((await ticket(number))!.status).toBe('waiting');
});

test('in Chinese: the modal’s refusal', async () => {
  await app.setSettings(() => ({ locale: 'zh-CN' }));
  const modal = (await openWait())!;
  await disconnect();
  const res = await app.slack.submitView(
    modal,
    { question: '哪个控制器序列号？' },
    {
      userId: AGENT,
    },
  );
  expect((res.body as { errors?: Record<string, string> }).errors?.question).toContain(
    'Acme Machinery 的组织已退出此工单与其沟通所用的 Slack Connect 频道',
  );
  expect((await ticket(number))!.status).toBe('assigned');
});
