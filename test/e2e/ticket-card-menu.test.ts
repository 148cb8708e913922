// A ticket card's rarer actions in one "…" menu: at most four buttons, the rest chosen from the
// menu, each choice doing what its button did (the same modal, the same change, the same
// refusals). Through the real Bolt HTTP path: signed requests, the fake Slack, the test database.
import { describe, expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { act, AGENT, makeTicket } from '../helpers/factories.js';
import { triageCardOf } from '../helpers/setups-9-cards.js';
import { buttons, menuChoices } from '../helpers/ui.js';

const TRIAGE = 'C0TRIAGE01';
const ESCALATION = 'C0ESCAL001';
const MANAGER = 'U0MANAGER1';
const EXPERT = 'U0EXPERT01';
const ASKER = 'U0ASKER001';

// Tuesday 2026-11-24 10:00 in Shanghai.
const app = useTestApp({
  env: { TRIAGE_CHANNEL_ID: TRIAGE, ESCALATION_CHANNEL_ID: ESCALATION },
  now: '2026-11-24T02:00:00Z',
});

type View = Record<string, any>;

/** The triage card of `number` as Slack last had it (posted, then updated in place). */
const triageCard = (number: string) => triageCardOf(app, TRIAGE, number);

/** A card's actions row (its buttons and "…" menu), without the following row under it. */
const actionsRow = (blocks: Parameters<typeof buttons>[0]) =>
  blocks.filter((b) => b.block_id === 'ticket_actions');

/** A click of a card's button, as `userId`. */
function click(actionId: string, number: string, userId: string) {
  return app.slack.blockAction(
    { action_id: actionId, value: number, block_id: 'ticket_actions' },
    { userId, channelId: TRIAGE },
  );
}

/** A choice in a card's "…" menu, as Slack sends it (an overflow's `selected_option`). */
function choose(value: string, userId: string) {
  return app.slack.blockAction(
    {
      action_id: 'ticket_card_menu',
      block_id: 'ticket_actions',
      type: 'overflow',
      selected_option: { text: { type: 'plain_text', text: 'chosen' }, value },
    },
    { userId, channelId: TRIAGE },
  );
}

/** What came of a click: the modal it opened, or what the clicker was told, and nothing else. */
async function outcome(run: () => Promise<unknown>) {
  const opened = app.fake.callsTo('views.open').length;
  const told = app.fake.callsTo('response_url').length;
  await run();
  const views = app.fake.callsTo('views.open').slice(opened);
  const replies = app.fake.callsTo('response_url').slice(told);
  return {
    views: views.map((c) => c.args.view as View),
    told: replies.map((c) => String(c.args.text)),
  };
}

/** The button each menu choice stands for. */
const BUTTON_OF: Record<string, string> = {
  reassign: 'ticket_reassign_open',
  escalate: 'ticket_escalate_open',
  resolve: 'ticket_resolve_open',
  plan: 'ticket_plan_open',
  logResponse: 'ticket_log_response_open',
  delay: 'ticket_delay_open',
  classify: 'ticket_classify_open',
  merge: 'ticket_merge_open',
  task: 'ticket_task_new',
};

describe('a ticket card: the most used actions as buttons, the rest in one "…" menu', () => {
  test('a new demand from a requester in Slack: Claim, Reply to requester…, Reassign, Escalate, Add note, Resolve, Log response as buttons (twelve actions: seven buttons, a full menu); Plan and dates, Classify…, Tell of a delay…, Merge into…, New task in the menu, each opening the modal its button opened', async () => {
    await app.setSettings(() => ({ managers: [MANAGER] }));
    const ticket = await makeTicket(app, { type: 'demand', requester: { userId: ASKER } });
    const blocks = await triageCard(ticket.number);
    expect(buttons(actionsRow(blocks)).map((b) => [b.text, b.style])).toEqual([
      ['Claim', 'primary'],
      ['Reply to requester…', undefined],
      ['Reassign', undefined],
      ['Escalate', undefined],
      ['Add note', undefined],
      ['Resolve', undefined],
      ['Log response', undefined],
    ]);
    const menu = menuChoices(blocks);
    expect(menu.map((c) => [c.text, c.value])).toEqual([
      ['Plan and dates', `plan:${ticket.number}`],
      ['Classify…', `classify:${ticket.number}`],
      ['Tell of a delay…', `delay:${ticket.number}`],
      ['Merge into…', `merge:${ticket.number}`],
      ['New task', `task:${ticket.number}`],
    ]);
    // Following in a row of its own under the full menu: Followers… is not left off.
    expect(
      buttons(blocks.filter((b) => b.block_id === 'ticket_follow')).map((b) => b.text),
    ).toEqual(['Follow', 'Followers…']);

    // A manager, who may take each of them on a ticket nobody holds yet.
    for (const { value } of menu) {
      const chosen = await outcome(() => choose(value, MANAGER));
      const clicked = await outcome(() =>
        click(BUTTON_OF[value.split(':')[0]!]!, ticket.number, MANAGER),
      );
      // One modal, the button's own, naming the ticket; nothing said besides.
      expect(chosen.views, value).toHaveLength(1);
      expect(chosen.told, value).toEqual([]);
      expect(JSON.stringify(chosen.views[0]), value).toContain(ticket.number);
      // The same modal (New task keeps the click's own response URL, one per click, to say
      // privately what was planned).
      const perClick = (o: unknown) =>
        JSON.parse(JSON.stringify(o).replace(/response\/r\d+/g, 'response/r'));
      expect(perClick(chosen), value).toEqual(perClick(clicked));
    }
    // Nothing changed on the ticket by opening them.
    expect((await app.db.models.tickets.findOne({ number: ticket.number }).lean())!.status).toBe(
      'new',
    );
  });

  test('assigned: Escalate chosen from the menu escalates as the button did; Reassign opens its modal', async () => {
    await app.setSettings(() => ({
      managers: [MANAGER],
      experts: [{ userId: EXPERT, skills: [] }],
    }));
    const ticket = await makeTicket(app);
    await click('ticket_claim', ticket.number, AGENT);
    const blocks = await triageCard(ticket.number);
    // No requester on record: what the customer says is recorded with Customer wrote… (a fifth
    // button: the menu is full, New task last).
    expect(buttons(actionsRow(blocks)).map((b) => b.text)).toEqual([
      'Resolve',
      'Waiting on customer',
      'Add note',
      'Log response',
      'Customer wrote…',
    ]);
    expect(menuChoices(blocks).map((c) => c.value)).toEqual([
      `escalate:${ticket.number}`,
      `reassign:${ticket.number}`,
      `classify:${ticket.number}`,
      `merge:${ticket.number}`,
      `task:${ticket.number}`,
    ]);

    const reassign = await outcome(() => choose(`reassign:${ticket.number}`, AGENT));
    expect(reassign).toEqual(
      await outcome(() => click('ticket_reassign_open', ticket.number, AGENT)),
    );
    expect(reassign.views[0]!.callback_id).toBe('ticket_reassign');

    const escalate = await outcome(() => choose(`escalate:${ticket.number}`, AGENT));
    expect(escalate.views[0]!.callback_id).toBe('ticket_escalate');
    const res = await app.slack.submitView(
      escalate.views[0]!,
      { reason: 'Needs a welder', expert: EXPERT },
      { userId: AGENT },
    );
    expect(res.body).toBe('');
    expect(await app.db.models.tickets.findOne({ number: ticket.number }).lean()).toMatchObject({
      status: 'assigned',
      level: 2,
      assigneeId: EXPERT,
    });
  });

  test('refusals as the buttons give them: who may no longer act, and a choice on a card gone stale', async () => {
    const ticket = await makeTicket(app);
    await app.setSettings(() => ({
      openDesk: false,
      agents: [AGENT],
      managers: [MANAGER],
      experts: [{ userId: EXPERT, skills: [] }],
    }));
    await click('ticket_claim', ticket.number, AGENT);
    // A manager hands it on to the expert: the agent who held it may no longer reassign it.
    await act(
      app,
      ticket.number,
      { action: 'escalate', reason: 'Beyond L1', expertId: EXPERT },
      MANAGER,
    );
    const refused = await outcome(() => choose(`reassign:${ticket.number}`, AGENT));
    expect(refused.views).toEqual([]);
    expect(refused.told).toEqual([
      `Only the assignee (<@${EXPERT}>) or a manager can reassign this ticket.`,
    ]);
    expect(refused).toEqual(
      await outcome(() => click('ticket_reassign_open', ticket.number, AGENT)),
    );

    // Resolved meanwhile: Merge into… from the card as it was is explained, not opened.
    await act(app, ticket.number, { action: 'resolve', summary: 'Replaced the gasket' }, EXPERT);
    const stale = await outcome(() => choose(`merge:${ticket.number}`, EXPERT));
    expect(stale.views).toEqual([]);
    expect(stale.told).toEqual([
      `${ticket.number} is resolved now; that choice no longer applies.`,
    ]);
    // The button says it of a button.
    const button = await outcome(() => click('ticket_merge_open', ticket.number, EXPERT));
    expect(button.views).toEqual([]);
    expect(button.told).toEqual([
      `${ticket.number} is resolved now; that button no longer applies.`,
    ]);
  });

  test('a choice the desk cannot read (an action no card offers, no ticket number) is answered as unreadable; nothing opens', async () => {
    const ticket = await makeTicket(app);
    for (const value of [
      `contact:${ticket.number}`,
      'resolve:C2026001',
      `resolve:${'9'.repeat(80)}`,
    ]) {
      const got = await outcome(() => choose(value, AGENT));
      expect(got.views, value).toEqual([]);
      expect(got.told, value).toEqual([
        expect.stringMatching(
          /^Slack sent something this app could not read, so nothing was changed/,
        ),
      ]);
    }
    expect((await app.db.models.tickets.findOne({ number: ticket.number }).lean())!.status).toBe(
      'new',
    );
  });
});
