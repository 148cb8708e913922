// A ticket card shown privately to one reader (Open from a DM or a list, `/ticket T…`, a list
// row) offers only what that reader may do; the shared triage card, which everyone reads alike,
// keeps the buttons its state allows (no Escalate at the top level). Driven through Slack's signed requests.
import { describe, expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { AGENT, makeCustomer, makeTicket, OWNER } from '../helpers/factories.js';
import { offeredIds } from '../helpers/ui.js';

const TRIAGE = 'C0TRIAGE01';
const ESCALATION = 'C0ESCAL001';
const EXPERT = 'U0EXPERT01';
const MANAGER = 'U0MANAGER1';

// Tuesday 2026-11-24 10:00 in Shanghai; business hours Mon-Fri 09:00-18:00.
const app = useTestApp({
  env: { TRIAGE_CHANNEL_ID: TRIAGE, ESCALATION_CHANNEL_ID: ESCALATION },
  now: '2026-11-24T02:00:00Z',
});

type Blocks = { type: string; elements?: { action_id: string }[] }[];
type Shown = { blocks: Blocks; replace_original?: boolean };

/**
 * The action ids of a message's buttons (a DM's Open is its section's accessory), a card menu's
 * choices as the buttons they stand for.
 */
const buttonsOf = (message: { blocks?: unknown }): string[] =>
  offeredIds(message.blocks as unknown[] | undefined);

/** What someone who holds the ticket may do with it, beyond a note. */
const HOLDER_ONLY = [
  'ticket_reassign_open',
  'ticket_escalate_open',
  'ticket_wait',
  'ticket_resolve_open',
];

const lastView = () => app.fake.callsTo('views.open').at(-1)!.args.view as Record<string, unknown>;
const lastResponse = () => app.fake.callsTo('response_url').at(-1)!.args as unknown as Shown;

function click(actionId: string, number: string, userId: string, channelId = TRIAGE) {
  return app.slack.blockAction(
    { action_id: actionId, value: number, block_id: 'ticket_actions' },
    { userId, channelId },
  );
}

/** `user` clicks Open on the last DM the desk sent them about `number`; what they were shown. */
async function openFromDm(user: string, number: string): Promise<string[]> {
  const dm = app.fake.postsTo(user).filter((c) => JSON.stringify(c.args.blocks).includes(number));
  expect(buttonsOf(dm.at(-1)!.args)).toContain('ticket_open');
  await app.slack.blockAction(
    { action_id: 'ticket_open', value: number, block_id: 'b1' },
    { userId: user, channelId: 'D0DM000001' },
  );
  const shown = lastResponse();
  expect(shown.replace_original).toBe(false);
  expect(JSON.stringify(shown.blocks)).toContain(`${number} · Spindle error`);
  return buttonsOf(shown);
}

/** The card `/ticket <number>` shows `user` (privately), its buttons. */
async function showCommand(user: string, number: string): Promise<string[]> {
  const res = await app.slack.command('/ticket', number, { userId: user });
  return buttonsOf(res.body as Shown);
}

/** A closed desk (only who has a role works tickets) and a new ticket the agent claimed. */
async function claimedOnClosedDesk() {
  await app.setSettings(() => ({
    openDesk: false,
    agents: [AGENT],
    experts: [{ userId: EXPERT, skills: [] }],
    managers: [MANAGER],
    accountManagers: [OWNER],
  }));
  // A key customer's (its tickets go up to L3).
  const { code } = await makeCustomer(app, { annualRevenue: 600_000 });
  const ticket = await makeTicket(app, { customerCode: code });
  await click('ticket_claim', ticket.number, AGENT);
  return ticket;
}

describe('a ticket card shown privately', () => {
  test('after an escalation to L2, the former holder is offered no Reassign, Escalate, Waiting on customer nor Resolve; the expert who holds it and a manager are; the triage card keeps them', async () => {
    const ticket = await claimedOnClosedDesk();
    // While the agent holds it, their own Open offers what the holder does.
    expect(await showCommand(AGENT, ticket.number)).toEqual(expect.arrayContaining(HOLDER_ONLY));

    // A manager escalates it to the expert, with a reason.
    await click('ticket_escalate_open', ticket.number, MANAGER);
    expect(
      (
        await app.slack.submitView(
          lastView(),
          { reason: 'Beyond L1', expert: EXPERT },
          { userId: MANAGER },
        )
      ).body,
    ).toBe('');
    await app.desk.outbox.drain();
    const stored = await app.db.models.tickets.findOne({ number: ticket.number }).lean();
    expect(stored).toMatchObject({ assigneeId: EXPERT, level: 2, status: 'assigned' });

    // The agent's "no longer yours" DM: Open shows the card without the holder's buttons; a note
    // and a logged response (what any agent may add) stay.
    const former = await openFromDm(AGENT, ticket.number);
    for (const id of HOLDER_ONLY) expect(former).not.toContain(id);
    expect(former).toEqual(
      expect.arrayContaining(['ticket_note_open', 'ticket_log_response_open']),
    );
    // `/ticket T…` says the same.
    const formerShown = await showCommand(AGENT, ticket.number);
    for (const id of HOLDER_ONLY) expect(formerShown).not.toContain(id);
    // What the card no longer offers, the desk still refuses (a click on an older card).
    await click('ticket_resolve_open', ticket.number, AGENT);
    expect(String(app.fake.callsTo('response_url').at(-1)!.args.text)).toBe(
      `Only the assignee (<@${EXPERT}>) or a manager can resolve this ticket.`,
    );

    // The expert who holds it now: their DM's Open offers it all.
    expect(await openFromDm(EXPERT, ticket.number)).toEqual(
      expect.arrayContaining([...HOLDER_ONLY, 'ticket_note_open']),
    );
    // A manager still sees what managers may do.
    expect(await showCommand(MANAGER, ticket.number)).toEqual(
      expect.arrayContaining([...HOLDER_ONLY, 'ticket_note_open']),
    );

    // The triage card, which everyone reads, is as it was: every button its status allows.
    const card = app.fake.updatesOf(stored!.card!.ts).at(-1)!;
    expect(buttonsOf(card.args)).toEqual(expect.arrayContaining(HOLDER_ONLY));
  });

  test('at L3 (the top level) the triage card offers no Escalate, and its other buttons stay', async () => {
    const ticket = await claimedOnClosedDesk();
    const escalate = async (extra: Record<string, string>) => {
      await click('ticket_escalate_open', ticket.number, MANAGER);
      expect(
        (
          await app.slack.submitView(
            lastView(),
            { reason: 'Beyond this level', ...extra },
            { userId: MANAGER },
          )
        ).body,
      ).toBe('');
      await app.desk.outbox.drain();
    };
    await escalate({ expert: EXPERT });
    await escalate({});
    const stored = await app.db.models.tickets.findOne({ number: ticket.number }).lean();
    expect(stored).toMatchObject({ assigneeId: OWNER, level: 3, status: 'assigned' });

    // The channel's card as Slack last had it updated: no Escalate; what the status allows stays.
    const card = buttonsOf(app.fake.updatesOf(stored!.card!.ts).at(-1)!.args);
    expect(card).not.toContain('ticket_escalate_open');
    expect(card).toEqual(
      expect.arrayContaining([
        'ticket_reassign_open',
        'ticket_resolve_open',
        'ticket_note_open',
        'ticket_log_response_open',
      ]),
    );
    // A click on an older card is still refused, with the reason.
    await click('ticket_escalate_open', ticket.number, MANAGER);
    expect(String(app.fake.callsTo('response_url').at(-1)!.args.text)).toBe(
      `${ticket.number} is already with the account manager (L3); it cannot go higher.`,
    );
  });

  test('Claim, on a list row and on the card shown privately, only to who may claim', async () => {
    await app.setSettings(() => ({
      openDesk: false,
      agents: [AGENT],
      managers: [MANAGER],
      accountManagers: [OWNER],
    }));
    const ticket = await makeTicket(app);
    const listed = async (user: string) =>
      buttonsOf((await app.slack.command('/ticket', 'list open', { userId: user })).body as Shown);
    // The account manager (no agent) reads the list: Open, no Claim.
    expect(await listed(OWNER)).toContain('ticket_open');
    expect(await listed(OWNER)).not.toContain('ticket_claim');
    expect(await showCommand(OWNER, ticket.number)).not.toContain('ticket_claim');
    // An agent may claim it, from either.
    expect(await listed(AGENT)).toContain('ticket_claim');
    expect(await showCommand(AGENT, ticket.number)).toContain('ticket_claim');
  });
});
