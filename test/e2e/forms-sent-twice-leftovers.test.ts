// The forms' leftovers of the sent-twice work (wave p42, forms4). New ticket from a linked
// channel's message (the "Create ticket" shortcut) delivered twice: its agent is confirmed once,
// with the first delivery's confirmation, never "this message already has a ticket" for their own
// submission (another agent's shortcut on that message still is).
// Through the real Bolt stack: signed view_submissions, the fake Slack, the test database.
import { beforeEach, describe, expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { AGENT, makeCustomer } from '../helpers/factories.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { submittedTwice } from '../helpers/sent-twice.js';

const TRIAGE = 'C0TRIAGE01';
const ADMIN = 'U0ADMIN001';
const CUST = 'C0CUSTCH01';
const CUSTOMER_USER = 'U0CUSTUSR1';
type View = Record<string, any>;

// Tuesday 2026-11-24 10:00 in Shanghai.
const app = useTestApp({
  env: { TRIAGE_CHANNEL_ID: TRIAGE, ADMIN_USER_IDS: ADMIN },
  now: '2026-11-24T02:00:00Z',
});

let code = '';
beforeEach(async () => {
  code = (await makeCustomer(app)).code;
  await app.setSettings(() => ({ agents: [AGENT, ADMIN], openDesk: false }));
});

/** What each person was told privately (the modals' confirmations), as texts. */
const told = () => app.fake.callsTo('response_url').map((c) => String(c.args.text));
/** Everything posted or said ephemerally (a post, a DM, a private reply). */
const said = () =>
  app.fake.calls.filter((c) =>
    ['chat.postMessage', 'chat.postEphemeral', 'response_url'].includes(c.method),
  ).length;

describe('New ticket from a linked channel’s message, delivered twice', () => {
  /** CUST linked to the customer; the "Create ticket" modal `userId` opened on the message `ts`. */
  async function shortcutModal(ts: string, userId = AGENT): Promise<View> {
    await app.slack.command('/desk', `channel link ${code}`, { userId: ADMIN, channelId: CUST });
    await app.slack.messageShortcut(
      'ticket_from_message',
      { text: 'Invoice wrong', ts, user: CUSTOMER_USER },
      { userId, channelId: CUST },
    );
    // With the id Slack gives its deliveries (each delivery of one submission carries it).
    return {
      ...(app.fake.callsTo('views.open').at(-1)!.args.view as View),
      id: `V0SHORT${ts.slice(-4)}${userId.slice(2, 5)}`,
    };
  }
  const form = { severity: 'general', type: 'consultation' };

  test('one after the other: one ticket, its agent confirmed once (as created), nothing sent again', async () => {
    const view = await shortcutModal('1764000000.004100');
    const before = told().length;
    const { first, again } = await submittedTwice(app, view, form, AGENT);
    expect([first.body, again.body]).toEqual(['', '']);
    const tickets = await app.db.models.tickets.find({ teamId: FAKE_TEAM_ID }).lean();
    expect(tickets).toHaveLength(1);
    const mine = told().slice(before);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toContain(tickets[0]!.number);
    expect(mine[0]).not.toContain('already has ticket');
  });

  test('at the same moment: one ticket, one confirmation (the first’s), no "already has ticket"', async () => {
    const view = await shortcutModal('1764000000.004200');
    const before = told().length;
    const [a, b] = await Promise.all([
      app.slack.submitView(view, form, { userId: AGENT }),
      app.slack.submitView(view, form, { userId: AGENT }),
    ]);
    expect([a.body, b.body]).toEqual(['', '']);
    await app.desk.outbox.drain();
    expect(await app.db.models.tickets.countDocuments({ teamId: FAKE_TEAM_ID })).toBe(1);
    const mine = told().slice(before);
    expect(mine).toHaveLength(1);
    expect(mine[0]).not.toContain('already has ticket');
  });

  test('another agent’s shortcut on that message is still told which ticket it has, once per submission', async () => {
    const ts = '1764000000.004300';
    const view = await shortcutModal(ts);
    await app.slack.submitView(view, form, { userId: AGENT });
    await app.desk.outbox.drain();
    const theirs = await shortcutModal(ts, ADMIN);
    const before = told().length;
    const calls = said();
    await app.slack.submitView(theirs, form, { userId: ADMIN });
    await app.slack.submitView(theirs, form, { userId: ADMIN });
    await app.desk.outbox.drain();
    expect(await app.db.models.tickets.countDocuments({ teamId: FAKE_TEAM_ID })).toBe(1);
    const replies = told().slice(before);
    expect(replies).toHaveLength(1);
    expect(replies[0]).toContain('This message already has ticket');
    expect(said() - calls).toBe(1);
  });
});
