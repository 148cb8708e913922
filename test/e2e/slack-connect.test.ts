import { beforeEach, describe, expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { act, AGENT, makeCustomer, makeTicket } from '../helpers/factories.js';
import { linkSharedChannel } from '../helpers/slack-connect.js';

// A Slack Connect customer: a person of another organisation, in a channel the desk's workspace
// shares with them and linked to their customer file. Slack signs every request of the app with
// the one secret: what the customer does from their own workspace (where the app may be
// installed too) comes with their workspace's team id; a click on a message in the host's
// channel comes with the host's `team` and the person's own `user.team_id`. Single-token mode
// (the one bot token is the host's: auth.test answers FAKE_TEAM_ID).
const ADMIN = 'U0ADMIN001';
const SHARED = 'C0SHARED01';
const GUEST_TEAM = 'T0GUESTORG';
const GUEST = 'U0GUEST001';
const GUEST_ACTOR = { teamId: GUEST_TEAM, userId: GUEST, channelId: SHARED };

const app = useTestApp({ env: { ADMIN_USER_IDS: ADMIN }, now: '2026-11-24T02:00:00Z' });

const EN =
  'This desk is not installed in your workspace, so nothing was done. If you work with a team that uses it, write to them in the channel you share: they will answer there.';
const ZH =
  '此服务台未安装在您的工作区，因此没有执行任何操作。如果您与使用它的团队合作，请在与他们共享的频道中留言：他们会在那里答复。';

/** Everything the desk keeps for the guest's workspace: nothing, ever. */
/** Where the customer's person's first message is, in the shared channel. */
const ROOT = '1795397400.000100';

/** A message of the customer's person in the shared channel (a reply in `thread` when given). */
function theirMessage(text: string, ts: string, eventId: string, thread?: string) {
  return app.slack.eventDelivery(
    {
      type: 'message',
      channel_type: 'channel',
      channel: SHARED,
      user: GUEST,
      user_team: GUEST_TEAM,
      team: GUEST_TEAM,
      text,
      ts,
      ...(thread ? { thread_ts: thread } : {}),
    },
    { eventId, teamId: GUEST_TEAM, shared: true },
  );
}

/** Their message at ROOT opened a ticket, an agent claimed and resolved it; the outbox drained. */
async function resolvedFromTheirMessage(eventId: string): Promise<string> {
  await theirMessage('Our line 3 stopped with error E42', ROOT, eventId);
  const { number } = (await app.db.models.tickets.findOne().lean())!;
  await act(app, number, { action: 'claim' });
  await act(app, number, { action: 'resolve', summary: 'Firmware updated' });
  await app.desk.outbox.drain();
  return number;
}

async function guestRecords(): Promise<number> {
  const counts = await Promise.all(
    Object.values(app.db.models).map((model) =>
      (model as any).countDocuments({ teamId: GUEST_TEAM }),
    ),
  );
  return counts.reduce((a: number, b: number) => a + b, 0);
}

let code = '';
beforeEach(async () => {
  code = (await makeCustomer(app)).code;
  await app.setSettings(() => ({ agents: [AGENT], openDesk: false }));
  await linkSharedChannel(app, SHARED, code, ADMIN);
});

describe('a request from a workspace the desk is not installed in (single-token mode)', () => {
  test("a customer's slash command from their own workspace is answered politely and creates nothing", async () => {
    for (const [command, text] of [
      ['/ticket', 'help'],
      ['/ticket', 'mine'],
      ['/desk', 'settings'],
      ['/customer', code],
    ] as const) {
      const res = await app.slack.command(command, text, GUEST_ACTOR);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ response_type: 'ephemeral', text: EN });
    }
    expect(app.fake.callsTo('views.open')).toHaveLength(0);
    expect(await guestRecords()).toBe(0);
    expect(
      app.logs.some((l) => l.msg === 'request refused: a workspace this desk is not installed in'),
    ).toBe(true);

    // In the desk's own language (the customer's workspace has no settings here to read).
    await app.setSettings(() => ({ locale: 'zh-CN' }));
    const zh = await app.slack.command('/ticket', 'help', GUEST_ACTOR);
    expect(zh.body).toEqual({ response_type: 'ephemeral', text: ZH });
    expect(await guestRecords()).toBe(0);
  });

  test('clicks, shortcuts, option loads and submissions from their workspace do nothing and store nothing', async () => {
    const click = await app.slack.blockAction(
      { action_id: 'customer_channel_open', block_id: 'customer_actions', value: code },
      GUEST_ACTOR,
    );
    expect(click.status).toBe(200);
    expect(app.fake.callsTo('response_url').at(-1)!.args).toMatchObject({
      response_type: 'ephemeral',
      text: EN,
    });

    await app.slack.messageShortcut(
      'ticket_from_message',
      { text: 'Line 3 stopped', user: GUEST, user_team: GUEST_TEAM, team: GUEST_TEAM },
      GUEST_ACTOR,
    );
    expect(app.fake.callsTo('response_url').at(-1)!.args).toMatchObject({ text: EN });

    const options = await app.slack.blockSuggestion(
      { action_id: 'customer_picker', value: 'Huadong' },
      { teamId: GUEST_TEAM, userId: GUEST },
    );
    expect(options.body).toEqual({ options: [] });

    const submitted = await app.slack.viewSubmission(
      { callback_id: 'ticket_create', private_metadata: '' },
      {},
      { teamId: GUEST_TEAM, userId: GUEST },
    );
    expect(submitted.body.response_action).toBe('update');
    expect(JSON.stringify(submitted.body.view)).toContain('This desk is not installed in your');

    expect(app.fake.callsTo('views.open')).toHaveLength(0);
    expect(await app.db.models.tickets.countDocuments()).toBe(0);
    expect(await guestRecords()).toBe(0);
  });

  test('a click from their workspace whose response_url is spent: the line is said by the bot in the shared channel instead', async () => {
    app.fake.reset();
    app.fake.failNextHttp('response_url', 404);
    const click = await app.slack.blockAction(
      { action_id: 'customer_channel_open', block_id: 'customer_actions', value: code },
      GUEST_ACTOR,
    );
    expect(click.status).toBe(200);
    expect(app.fake.callsTo('chat.postEphemeral').map((c) => c.args)).toEqual([
      expect.objectContaining({ channel: SHARED, user: GUEST, text: EN }),
    ]);
    expect(app.fake.callsTo('chat.postMessage')).toHaveLength(0);
    expect(await guestRecords()).toBe(0);
  });

  test('a click from an org-wide install of another organisation (no team, its org’s id) is answered politely and creates nothing', async () => {
    const ORG = 'E0GUESTORG';
    const payload = {
      type: 'block_actions',
      user: { id: GUEST, username: 'guest', name: 'guest', team_id: ORG },
      api_app_id: 'A0APP00001',
      token: 'legacy-verification-token',
      container: {
        type: 'message',
        message_ts: '1700000000.000100',
        channel_id: SHARED,
        is_ephemeral: false,
      },
      trigger_id: '1337.GUEST',
      team: null,
      enterprise: { id: ORG, name: 'Guest Org' },
      is_enterprise_install: true,
      channel: { id: SHARED, name: 'acme-support' },
      message: { type: 'message', ts: '1700000000.000100', text: '' },
      response_url: app.fake.responseUrl(),
      state: { values: {} },
      actions: [
        {
          type: 'button',
          action_id: 'customer_channel_open',
          block_id: 'customer_actions',
          value: code,
          action_ts: '1700000000.000200',
        },
      ],
    };
    const res = await app.slack.post(
      new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
      'application/x-www-form-urlencoded',
    );
    expect(res.status).toBe(200);
    expect(app.fake.callsTo('response_url').at(-1)!.args).toMatchObject({ text: EN });
    expect(app.fake.callsTo('views.open')).toHaveLength(0);
    expect(await app.db.models.workspaces.countDocuments({ teamId: ORG })).toBe(0);
  });

  test("the desk's own workspace, and one it already keeps, are served as before", async () => {
    const own = await app.slack.command('/ticket', 'help', { userId: AGENT });
    expect(own.body.text).not.toBe(EN);
    await app.desk.services.workspaces.update('T0KNOWN001', (s) => s);
    const kept = await app.slack.command('/ticket', 'help', { teamId: 'T0KNOWN001' });
    expect(kept.body.text).not.toBe(EN);
    expect(kept.body.text).toContain('/ticket new');
  });
});

describe("a customer's click on a message in the host's shared channel (routed to the host's install)", () => {
  /**
   * A block_actions payload as Slack sends it then: the host's team, the person's own team (or,
   * for a person of a Grid org at the org's level, their org's id, the payload's enterprise).
   */
  function hostRoutedClick(
    action: { action_id: string; block_id: string; value: string },
    guestOrg?: string,
  ) {
    return app.slack.externalBlockAction(action, {
      userId: GUEST,
      teamId: guestOrg ?? GUEST_TEAM,
      channelId: SHARED,
      org: Boolean(guestOrg),
    });
  }

  test("acts in the host's workspace and the person is never staff, even when its roles name them", async () => {
    // The host's roles name the customer's user id as an admin (a copy-paste, an open desk): they
    // still belong to another organisation.
    await app.setSettings((s) => ({ admins: [...s.admins, GUEST] }));
    const res = await hostRoutedClick({
      action_id: 'customer_channel_open',
      block_id: 'customer_actions',
      value: code,
    });
    expect(res.status).toBe(200);
    expect(app.fake.callsTo('views.open')).toHaveLength(0);
    expect(JSON.stringify(app.fake.callsTo('response_url').at(-1)!.args)).toMatch(/admin/i);
    expect(await guestRecords()).toBe(0);
    // The same click by the host's admin opens the modal: the request was the host's.
    await app.slack.blockAction(
      { action_id: 'customer_channel_open', block_id: 'customer_actions', value: code },
      { userId: ADMIN, channelId: SHARED },
    );
    expect(app.fake.callsTo('views.open')).toHaveLength(1);
  });

  test('a person of a Grid org (their org’s id as their team and as the payload’s enterprise, which the host is not part of) is never staff either', async () => {
    await app.setSettings((s) => ({ admins: [...s.admins, GUEST] }));
    const res = await hostRoutedClick(
      { action_id: 'customer_channel_open', block_id: 'customer_actions', value: code },
      'E0GUESTORG',
    );
    expect(res.status).toBe(200);
    expect(app.fake.callsTo('views.open')).toHaveLength(0);
    expect(JSON.stringify(app.fake.callsTo('response_url').at(-1)!.args)).toMatch(/admin/i);
    expect(await app.db.models.workspaces.countDocuments({ teamId: 'E0GUESTORG' })).toBe(0);
  });
});

describe("a customer's crafted click on a staff button in the shared channel", () => {
  test("reads none of the desk's lists, customer cards, history or contacts: refused, told where they hear of their requests", async () => {
    await makeTicket(app, { customerCode: code, title: 'Secret outage title' });
    const rival = await makeCustomer(app, { name: 'Rival Industries', ownerId: AGENT });
    await makeTicket(app, { customerCode: rival.code, title: 'Rival line down' });
    const calls = () => (app.fake as unknown as { calls: unknown[] }).calls;
    for (const [action_id, value] of [
      ['ticket_list_page', 'open:0'],
      ['customer_card_open', code],
      ['customer_history', code],
      ['customer_contacts_open', code],
    ] as const) {
      const from = calls().length;
      const res = await app.slack.externalBlockAction(
        { action_id, value, block_id: 'b1' },
        { userId: GUEST, teamId: GUEST_TEAM, channelId: SHARED },
      );
      expect(res.status).toBe(200);
      const said = JSON.stringify(calls().slice(from));
      // Nothing of the desk's: another customer's ticket, another person's, the card, its history,
      // its contacts; the refusal said (ephemeral, or in the Contacts modal opened loading).
      expect(said, action_id).not.toMatch(
        /Rival|Secret outage title|\*Tier\*|Latest changes|"callback_id":"customer_contacts"/,
      );
      expect(said, action_id).toContain(
        "The desk's lists, its customers' records and other people's tickets are for the service team: you hear about your tickets in their conversation.",
      );
    }
    expect(await guestRecords()).toBe(0);
  });
});

describe("a customer's crafted click on every card button in the shared channel", () => {
  test("another person's ticket of their customer: nothing of it shown, nothing changed", async () => {
    const other = await makeTicket(app, {
      customerCode: code,
      title: 'Secret outage title',
      description: 'secret-description-E42',
    });
    const before = await app.db.models.tickets.findById(other.id).lean();
    const calls = () => (app.fake as unknown as { calls: unknown[] }).calls;
    const leaks: string[] = [];
    for (const action_id of [
      'customer_edit_open',
      'customer_interaction_open',
      'customer_order_open',
      'customer_channel_open',
      'customer_ticket_new',
      'customer_task_new',
      'ticket_claim',
      'ticket_wait',
      'ticket_resume',
      'ticket_reopen',
      'ticket_close',
      'ticket_reassign_open',
      'ticket_escalate_open',
      'ticket_note_open',
      'ticket_merge_open',
      'ticket_followers_open',
      'ticket_resolve_open',
      'ticket_plan_open',
      'ticket_log_response_open',
      'ticket_customer_wrote_open',
      'ticket_delay_open',
      'requester_draft_open',
      'requester_reopen',
      'requester_follow',
      'requester_unfollow',
      'ticket_open',
    ]) {
      const value = action_id.startsWith('customer_') ? code : other.number;
      const from = calls().length;
      await app.slack.externalBlockAction(
        { action_id, value, block_id: 'b1' },
        { userId: GUEST, teamId: GUEST_TEAM, channelId: SHARED },
      );
      const said = JSON.stringify(calls().slice(from));
      for (const secret of ['Secret outage title', 'secret-description-E42'])
        if (said.includes(secret)) leaks.push(`${action_id}: ${secret}`);
    }
    expect(leaks).toEqual([]);
    const after = await app.db.models.tickets.findById(other.id).lean();
    expect([after!.status, after!.assigneeId, after!.followers]).toEqual([
      before!.status,
      before!.assigneeId,
      before!.followers,
    ]);
  });
});

describe("a customer's modal submission routed to the host's install", () => {
  /** A view_submission as Slack sends it then: the person's own team, the host's installer. */
  function hostRoutedSubmission() {
    return app.slack.externalViewSubmission(
      {
        id: 'V0GUESTVW1',
        callback_id: 'ticket_create',
        title: { type: 'plain_text', text: 'New ticket' },
      },
      {},
      { userId: GUEST, teamId: GUEST_TEAM },
    );
  }

  test('is acked with an error view saying nothing was saved (not a 400), in the host’s language', async () => {
    const res = await hostRoutedSubmission();
    expect(res.status).toBe(200);
    expect(res.body.response_action).toBe('update');
    expect(JSON.stringify(res.body.view)).toContain(
      'This form is for the team that runs this desk, not for people of other organisations, so nothing was saved.',
    );
    expect(await app.db.models.tickets.countDocuments()).toBe(0);
    expect(await guestRecords()).toBe(0);
    expect(
      app.logs.some((l) => l.msg === 'submission refused: a person of another organisation'),
    ).toBe(true);

    await app.setSettings(() => ({ locale: 'zh-CN' }));
    const zh = await hostRoutedSubmission();
    expect(JSON.stringify(zh.body.view)).toContain('此表单仅供运营此服务台的团队使用');
  });
});

describe("the customer's survey in the shared channel", () => {
  /** A click on a message of the shared channel by the person of the other organisation. */
  function theirClick(action: { action_id: string; value: string }, userId = GUEST) {
    return app.slack.externalBlockAction(
      { block_id: 'survey', ...action },
      { userId, teamId: GUEST_TEAM, channelId: SHARED, messageTs: '1795397400.000200' },
    );
  }

  /** The modal the desk opened for them, sent as Slack sends it: their team, the host's install. */
  function theirSubmission(
    view: Record<string, any>,
    form: Record<string, string>,
    userId = GUEST,
  ) {
    return app.slack.externalViewSubmission(view, form, { userId, teamId: GUEST_TEAM });
  }

  test('the NPS and comment they are asked for after their score are saved, not refused as "for the team that runs this desk"', async () => {
    const number = await resolvedFromTheirMessage('Ev0SURVEY0001');
    const survey = app.fake
      .postsTo(SHARED)
      .find((c) => String(c.args.text).includes('How satisfied are you'))!;
    expect(survey.args.thread_ts).toBe(ROOT);

    const buttons = (survey.args.blocks as any[]).find((b) => b.type === 'actions').elements;
    await theirClick({ action_id: 'requester_survey_2', value: buttons[1].value });
    expect(app.fake.callsTo('response_url').at(-1)!.args.text).toBe(
      `Thank you: “Dissatisfied” is noted for ticket ${number}.`,
    );
    const view = app.fake.callsTo('views.open').at(-1)!.args.view as Record<string, any>;
    expect(view.callback_id).toBe('requester_survey');

    const res = await theirSubmission(view, { nps: '3', comment: 'Three days down' });
    expect(res.status).toBe(200);
    expect(JSON.stringify(res.body)).not.toContain('nothing was saved');
    expect(res.body).toBe('');
    expect((await app.db.models.tickets.findOne({ number }).lean())!.survey).toMatchObject({
      satisfaction: 2,
      nps: 3,
      comment: 'Three days down',
      by: GUEST,
    });
    expect(app.fake.callsTo('response_url').at(-1)!.args.text).toBe(
      `Thank you: your feedback on ticket ${number} is recorded.`,
    );
    expect(await guestRecords()).toBe(0);

    // Their colleague, who did not report it, sending the same form (signed for the reporter)
    // changes nothing: the modal says so and sends them back to the survey's buttons.
    const colleague = await theirSubmission(view, { nps: '10', comment: 'All good' }, 'U0GUEST009');
    expect(colleague.status).toBe(200);
    expect(JSON.stringify(colleague.body)).toContain(
      'This form can no longer be sent. Press your score in the survey again to give your feedback.',
    );
    expect((await app.db.models.tickets.findOne({ number }).lean())!.survey).toMatchObject({
      nps: 3,
      by: GUEST,
    });
  });
});

describe("a colleague of the reporter on the resolved notice's “Not solved, reopen”", () => {
  test('is told their reply in the thread reopens it (as it does), not only that the button is not theirs', async () => {
    const COLLEAGUE = 'U0GUEST009';
    const number = await resolvedFromTheirMessage('Ev0REOPEN0001');
    const resolved = app.fake
      .postsTo(SHARED)
      .find((c) => JSON.stringify(c.args.blocks ?? '').includes('requester_reopen'))!;
    expect(String(resolved.args.text)).toContain('reply in this thread');
    const press = (userId: string, teamId: string) =>
      app.slack.externalBlockAction(
        { block_id: 'reopen', action_id: 'requester_reopen', value: number },
        { userId, teamId, channelId: SHARED, messageTs: ROOT },
      );
    await press(COLLEAGUE, GUEST_TEAM);
    expect(app.fake.callsTo('response_url').at(-1)!.args.text).toBe(
      `Only the person who reported ${number} can reopen it with this button. If it is not solved for you either, reply in this thread and we reopen it.`,
    );
    // Our own people in the shared channel answer for the desk: their reply reopens nothing.
    await app.slack.blockAction(
      { action_id: 'requester_reopen', value: number, block_id: 'reopen' },
      { userId: AGENT, channelId: SHARED },
    );
    expect(app.fake.callsTo('response_url').at(-1)!.args.text).toBe(
      `Only the person who reported ${number} can reopen it with this button.`,
    );
    expect((await app.db.models.tickets.findOne({ number }).lean())!.status).toBe('resolved');

    // What they are told holds: their reply in the thread reopens it.
    await app.slack.eventDelivery(
      {
        type: 'message',
        channel_type: 'channel',
        channel: SHARED,
        user: COLLEAGUE,
        user_team: GUEST_TEAM,
        team: GUEST_TEAM,
        text: 'It stopped again',
        // Sent after the resolve (one sent before it is a reply on the ticket, reopening nothing).
        ts: '1795485600.000100',
        thread_ts: ROOT,
      },
      { eventId: 'Ev0REOPEN0002', teamId: GUEST_TEAM, shared: true },
    );
    expect((await app.db.models.tickets.findOne({ number }).lean())!.status).not.toBe('resolved');
  });
});

describe('a ticket opened in the shared channel, after /desk channel unlink', () => {
  test('its survey, its “Not solved, reopen” and the customer’s reply in its thread still reach it; a new message opens nothing', async () => {
    const number = await resolvedFromTheirMessage('Ev0UNLINK001');
    const survey = app.fake
      .postsTo(SHARED)
      .find((c) => String(c.args.text).includes('How satisfied are you'))!;
    const buttons = (survey.args.blocks as any[]).find((b) => b.type === 'actions').elements;

    const gone = await app.slack.command('/desk', 'channel unlink', {
      userId: ADMIN,
      channelId: SHARED,
    });
    expect(gone.body.text).toContain('Tickets already opened keep their thread');

    const click = (action_id: string, value: string, block_id: string) =>
      app.slack.externalBlockAction(
        { block_id, action_id, value },
        { userId: GUEST, teamId: GUEST_TEAM, channelId: SHARED, messageTs: ROOT },
      );
    await click('requester_survey_4', buttons[3].value, 'survey');
    expect(app.fake.callsTo('response_url').at(-1)!.args.text).toBe(
      `Thank you: “Satisfied” is noted for ticket ${number}.`,
    );
    expect((await app.db.models.tickets.findOne({ number }).lean())!.survey).toMatchObject({
      satisfaction: 4,
      by: GUEST,
    });

    await click('requester_reopen', number, 'reopen');
    expect(app.fake.callsTo('response_url').at(-1)!.args.text).toBe(
      `Ticket *${number}* is open again; we are back on it.`,
    );
    await act(app, number, { action: 'wait', question: 'Which firmware runs now?' });
    await theirMessage('2.4.1', '1795397600.000100', 'Ev0UNLINK002', ROOT);
    const after = (await app.db.models.tickets.findOne({ number }).lean())!;
    expect(after.status).toBe('assigned');
    expect(after.timeline.map((e) => [e.action, e.by])).toContainEqual(['resume', GUEST]);

    // The channel itself is no longer a customer channel: a new message opens nothing.
    await theirMessage('Another problem', '1795397700.000100', 'Ev0UNLINK003');
    expect(await app.db.models.tickets.countDocuments()).toBe(1);
    expect(await guestRecords()).toBe(0);
  });
});

test('a Slack Connect customer’s top-level answer within the follow-up window resumes their own ticket waiting on them', async () => {
  await theirMessage('Our line 3 stopped with error E42', ROOT, 'Ev0RL3F001');
  const { number } = (await app.db.models.tickets.findOne().lean())!;
  await act(app, number, { action: 'claim' });
  await act(app, number, { action: 'wait', question: 'Which firmware runs now?' });
  await theirMessage('2.4.1', '1795397460.000100', 'Ev0RL3F002');
  const after = (await app.db.models.tickets.findOne({ number }).lean())!;
  expect(await app.db.models.tickets.countDocuments()).toBe(1);
  expect(after.description).toContain('2.4.1');
  expect(after.status).toBe('assigned');
  expect(after.timeline.map((e) => [e.action, e.by])).toContainEqual(['resume', GUEST]);
});
