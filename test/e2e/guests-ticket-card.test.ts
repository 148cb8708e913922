// A guest of the workspace who holds no role reads their own ticket as its requester does (the
// requester's view: where it stands, their text, the steps they were told, their reopen and
// survey buttons), by `/ticket T…`, Open on a message and Open on App Home: never the triage
// card's staff fields (tier, level, due times, a complaint's root cause and corrective action, a
// plan, internal notes) nor its staff buttons. A member still reads the triage card.
// Through the real Bolt HTTP path: signed requests, the fake Slack (users.info says who is a
// guest), the test database.
import { beforeEach, describe, expect, test } from 'vitest';
import { act, AGENT, makeCustomer, makeTicket, OWNER } from '../helpers/factories.js';
import { contactRecorded } from '../helpers/complaints.js';
import { FAKE_GUEST_USER_ID } from '../helpers/fake-slack.js';
import { TRIAGE, useGuestsApp } from '../helpers/guests.js';

const GUEST = FAKE_GUEST_USER_ID;
/** A full member of the workspace the roles name nowhere (users.info: no guest). */
const MEMBER = 'U0MEMBER21';

const { app } = useGuestsApp();

const ROOT_CAUSE = 'Packing crew skipped the torque check';
const CORRECTIVE = 'Second torque check at packing';
const PLAN = 'Ship the replacement spindle by Friday';
const INTERNAL = 'Internal: this customer escalates everything';

/** What only the desk's staff read on a ticket's card. */
const STAFF_ONLY = [
  ROOT_CAUSE,
  CORRECTIVE,
  PLAN,
  INTERNAL,
  'Root cause',
  'Corrective action',
  'Strategic',
  'First response due',
  'Severity',
  '"action_id":"ticket_',
];

const DESKS = [
  ['an open desk', true],
  ['a closed desk', false],
] as const;

/**
 * A resolved complaint GUEST asked for: claimed, asked a question, an internal note, resolved
 * with its root cause and corrective action (the survey sent), a plan and a Strategic tier on
 * record.
 */
async function guestsComplaint() {
  const { code } = await makeCustomer(app);
  const ticket = await makeTicket(app, {
    customerCode: code,
    type: 'complaint',
    complaintUrgency: 'general',
    requester: { userId: GUEST },
    title: 'Our spindle broke again',
    description: 'It stopped during the night shift.',
  });
  await act(app, ticket.number, { action: 'claim' });
  await act(app, ticket.number, { action: 'wait', question: 'Which line is it on?' });
  await act(app, ticket.number, { action: 'note', text: INTERNAL });
  await contactRecorded(app, ticket.number);
  await act(app, ticket.number, {
    action: 'resolve',
    summary: 'We replaced the spindle',
    rootCause: 'delivery',
    rootCauseText: ROOT_CAUSE,
    correctiveAction: CORRECTIVE,
  });
  app.clock.advance(5_000);
  await app.desk.outbox.drain();
  await app.db.models.tickets.updateOne(
    { number: ticket.number },
    {
      $set: {
        customerTier: 'strategic',
        'demand.planSummary': PLAN,
        'demand.planDueAt': app.clock.now(),
        'demand.plannedAt': app.clock.now(),
      },
    },
  );
  // The card shows the customer's tier now (TicketService.tierNow), not only the ticket's copy.
  await app.db.models.customers.updateOne({ code }, { $set: { tier: 'strategic' } });
  return ticket.number;
}

/** A command's ephemeral answer, as JSON. */
async function commandText(text: string, userId: string): Promise<string> {
  const res = await app.slack.command('/ticket', text, { userId });
  expect(res.body).toMatchObject({ response_type: 'ephemeral' });
  return JSON.stringify(res.body);
}

/** Open on a message, as `userId`: what they were told privately (the response_url). */
async function openOnMessage(number: string, userId: string): Promise<string> {
  const told = app.fake.callsTo('response_url').length;
  await app.slack.blockAction(
    { action_id: 'ticket_open', value: number, block_id: 'b1' },
    { userId, channelId: TRIAGE, ephemeral: true },
  );
  return JSON.stringify(app.fake.callsTo('response_url')[told]?.args ?? null);
}

/** Open on App Home, as `userId`: the modal opened over it. */
async function openOnHome(number: string, userId: string): Promise<string> {
  const modals = app.fake.callsTo('views.open').length;
  await app.slack.blockAction(
    { action_id: 'ticket_open', value: number, block_id: 'b1' },
    { userId, view: { id: 'V0HOME0001', type: 'home' } },
  );
  const opened = app.fake.callsTo('views.open').slice(modals);
  expect(opened).toHaveLength(1);
  return JSON.stringify(opened[0]!.args.view);
}

describe.each(DESKS)('a guest who holds no role, on %s', (_, openDesk) => {
  beforeEach(() =>
    app.setSettings(() => ({ openDesk, agents: [AGENT], accountManagers: [OWNER] })),
  );

  test("their own ticket is the requester's view on every path, never a staff field or button; a member reads the triage card", async () => {
    const number = await guestsComplaint();
    const byCommand = await commandText(number, GUEST);
    const onMessage = await openOnMessage(number, GUEST);
    const onHome = await openOnHome(number, GUEST);
    for (const shown of [byCommand, onMessage, onHome]) {
      expect(shown).toContain('Our spindle broke again');
      expect(shown).toContain('It stopped during the night shift.');
      // Where it stands, and the steps they were told: the question, the resolution's summary.
      expect(shown).toContain('Resolved');
      expect(shown).toContain('Which line is it on?');
      expect(shown).toContain('We replaced the spindle');
      for (const staff of STAFF_ONLY) expect(shown).not.toContain(staff);
    }
    // Their buttons where a message can hold them: Not solved, reopen and the survey.
    for (const shown of [byCommand, onMessage]) {
      expect(shown).toContain('"action_id":"requester_reopen"');
      expect(shown).toContain('Very satisfied');
    }
    // In the modal over App Home: no buttons, no link to the triage card.
    expect(onHome).not.toContain('"type":"actions"');
    expect(onHome).not.toContain('triage channel');

    // A member (a role, and on an open desk one the roles name nowhere) reads the triage card.
    const members = openDesk ? [AGENT, MEMBER] : [AGENT];
    for (const member of members) {
      const card = await commandText(number, member);
      for (const staff of [ROOT_CAUSE, CORRECTIVE, PLAN, 'Strategic', '"action_id":"ticket_'])
        expect(card).toContain(staff);
    }
  });
});
