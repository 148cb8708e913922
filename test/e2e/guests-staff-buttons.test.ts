// The staff buttons of a ticket's card (its direct ones, its modal openers, its "…" menu) and the
// submissions of their modals, clicked (crafted) by a guest who holds no role: refused with the
// one refusal of a staff action (TicketService.forStaff, guestStaffRefusal), the same words for a
// number that is no ticket, another person's ticket and their own, nothing changed, no modal
// opened, nobody named. A member keeps the precise answers. Through the real Bolt HTTP path:
// signed requests, the fake Slack (users.info says who is a guest), the test database.
import { beforeEach, describe, expect, test } from 'vitest';
import { act, AGENT, makeCustomer, makeTicket } from '../helpers/factories.js';
import { FAKE_GUEST_USER_ID } from '../helpers/fake-slack.js';
import { TRIAGE, useGuestsApp } from '../helpers/guests.js';

const GUEST = FAKE_GUEST_USER_ID;
/** A full member of the workspace the roles name nowhere (the open desk lets them work). */
const MEMBER = 'U0MEMBER31';
const MISSING = 'T20269999';

const { app } = useGuestsApp();

/** A guest's refusal of a staff action (`guestStaffRefusal`): guests do not work the desk. */
const REFUSAL =
  "You're a guest in this workspace, and guests don't work the desk: adding or changing customers, claiming or working tickets, logging interactions and planning tasks are for the workspace's members. You can still open tickets and follow your own.";

/** The card's staff buttons and modal openers: action_id, and a menu choice's action if any. */
const BUTTONS = [
  ['ticket_claim'],
  ['ticket_wait'],
  ['ticket_resume'],
  ['ticket_reopen'],
  ['ticket_close'],
  ['ticket_reassign_open'],
  ['ticket_escalate_open'],
  ['ticket_note_open'],
  ['ticket_merge_open'],
  ['ticket_followers_open'],
  ['ticket_resolve_open'],
  ['ticket_plan_open'],
  ['ticket_wait_open'],
  ['ticket_log_response_open'],
  ['ticket_customer_wrote_open'],
  ['ticket_delay_open'],
  ['ticket_task_new'],
  ['ticket_card_menu', 'close'],
  ['ticket_card_menu', 'escalate'],
  ['ticket_card_menu', 'delay'],
  ['ticket_card_menu', 'task'],
] as const;

/** Modal submissions crafted without the modal: callback id and form. */
const plain = (value: string) => ({ v: { type: 'plain_text_input', value } });
const SUBMISSIONS = [
  ['ticket_note', { note: plain('Hi') }],
  ['ticket_resolve', { resolution: plain('Done') }],
  ['ticket_escalate', { reason: plain('Mine now') }],
  ['ticket_merge', { target: plain('T20260001') }],
  ['ticket_plan', { plan_summary: plain('Plan'), plan_dates: plain('Friday') }],
] as const;

/** A click as `userId` in the triage channel: what they were told privately (the response_url). */
async function click(
  actionId: string,
  number: string,
  userId: string,
  choice?: string,
): Promise<string> {
  const told = app.fake.callsTo('response_url').length;
  await app.slack.blockAction(
    choice
      ? {
          action_id: actionId,
          type: 'static_select',
          block_id: 'b1',
          selected_option: { value: `${choice}:${number}` },
        }
      : { action_id: actionId, value: number, block_id: 'b1' },
    { userId, channelId: TRIAGE },
  );
  return String(app.fake.callsTo('response_url')[told]?.args.text ?? '');
}

/** A modal submission crafted without ever opening it, its metadata naming `number`. */
async function submit(
  callbackId: string,
  number: string,
  form: Record<string, Record<string, unknown>>,
  userId: string,
): Promise<string> {
  const blocks = Object.keys(form).map((block) => ({
    type: 'input',
    block_id: block,
    element: { type: 'plain_text_input', action_id: 'v' },
  }));
  const res = await app.slack.viewSubmission(
    {
      callback_id: callbackId,
      private_metadata: JSON.stringify({ ticket: number, level: 1 }),
      blocks,
    },
    form,
    { userId },
  );
  return JSON.stringify(res.body);
}

const stored = async (number: string) => (await app.db.models.tickets.findOne({ number }).lean())!;

let others: string;
let theirs: string;

beforeEach(async () => {
  const { code } = await makeCustomer(app);
  // Another person's ticket, held by AGENT (a refusal would name them), and the guest's own.
  others = (await makeTicket(app, { customerCode: code, title: 'Printer offline' })).number;
  await act(app, others, { action: 'claim' });
  theirs = (
    await makeTicket(app, {
      customerCode: code,
      title: 'Our line is down',
      requester: { userId: GUEST },
    })
  ).number;
  await act(app, theirs, { action: 'claim' });
});

describe('a guest who holds no role', () => {
  test('every staff button and menu choice: one refusal for a missing number, another’s ticket and their own', async () => {
    const before = [await stored(others), await stored(theirs)];
    for (const [actionId, choice] of BUTTONS) {
      for (const number of [MISSING, others, theirs]) {
        const said = await click(actionId, number, GUEST, choice);
        expect(said, `${actionId} ${choice ?? ''} ${number}`).toBe(REFUSAL);
      }
    }
    expect(app.fake.callsTo('views.open')).toEqual([]);
    const after = [await stored(others), await stored(theirs)];
    expect(after.map((t) => [t.status, t.assigneeId, t.timeline.length, t.followers])).toEqual(
      before.map((t) => [t.status, t.assigneeId, t.timeline.length, t.followers]),
    );
  });

  test('a crafted submission of each modal: the same refusal, nothing written', async () => {
    const before = [await stored(others), await stored(theirs)];
    const refusal = JSON.stringify(REFUSAL).slice(1, -1);
    for (const [callbackId, form] of SUBMISSIONS) {
      for (const number of [MISSING, others, theirs]) {
        const said = await submit(callbackId, number, form, GUEST);
        expect(said, `${callbackId} ${number}`).toContain(refusal);
      }
    }
    const after = [await stored(others), await stored(theirs)];
    expect(after.map((t) => [t.status, t.timeline.length])).toEqual(
      before.map((t) => [t.status, t.timeline.length]),
    );
  });
});

describe('a guest requester on their own ticket', () => {
  const said = async (number: string) =>
    (await stored(number)).timeline.map((e) => [e.action, e.by]).slice(-1)[0];
  /** Their message in their DM with the app (the Messages tab), sent now. */
  const inTheirDm = (text: string) =>
    app.slack.event(
      {
        type: 'message',
        channel_type: 'im',
        channel: 'D0GUEST001',
        user: GUEST,
        text,
        ts: (app.clock.now().getTime() / 1000).toFixed(6),
      },
      { userId: GUEST },
    );

  test('takes their own steps, which no caller marks as theirs: their DM answer resumes it, their Not solved reopens it', async () => {
    await act(app, theirs, { action: 'wait', question: 'Which line?' });
    app.clock.advance(60_000);
    await inTheirDm('Line 3');
    expect([(await stored(theirs)).status, await said(theirs)]).toEqual([
      'assigned',
      ['resume', GUEST],
    ]);
    await act(app, theirs, { action: 'resolve', summary: 'Line 3 is back' });
    app.clock.advance(60_000);
    const told = await click('requester_reopen', theirs, GUEST);
    expect(told).not.toContain(REFUSAL);
    expect([(await stored(theirs)).status, await said(theirs)]).toEqual([
      'assigned',
      ['reopen', GUEST],
    ]);
  });

  test('takes no staff step: Claim, Reassign to themselves, Resolve; once resolved, the card’s Reopen and Add note (the safe default)', async () => {
    const timeline = (await stored(theirs)).timeline.length;
    expect(await click('ticket_claim', theirs, GUEST)).toBe(REFUSAL);
    const reassign = await app.slack.viewSubmission(
      {
        callback_id: 'ticket_reassign',
        private_metadata: JSON.stringify({ ticket: theirs }),
        blocks: [
          {
            type: 'input',
            block_id: 'assignee',
            element: { type: 'users_select', action_id: 'v' },
          },
        ],
      },
      { assignee: { v: { type: 'users_select', selected_user: GUEST } } },
      { userId: GUEST },
    );
    expect(JSON.stringify(reassign.body)).toContain(JSON.stringify(REFUSAL).slice(1, -1));
    expect(await submit('ticket_resolve', theirs, { resolution: plain('Done') }, GUEST)).toContain(
      JSON.stringify(REFUSAL).slice(1, -1),
    );
    expect([(await stored(theirs)).status, (await stored(theirs)).assigneeId]).toEqual([
      'assigned',
      AGENT,
    ]);
    await act(app, theirs, { action: 'resolve', summary: 'Fixed' });
    expect(await click('ticket_reopen', theirs, GUEST)).toBe(REFUSAL);
    expect(await submit('ticket_note', theirs, { note: plain('Still down') }, GUEST)).toContain(
      JSON.stringify(REFUSAL).slice(1, -1),
    );
    const after = await stored(theirs);
    expect([after.status, after.timeline.length]).toEqual(['resolved', timeline + 1]);
  });
});

test('a member keeps the precise answers', async () => {
  expect(await click('ticket_close', MISSING, MEMBER)).toBe(`No ticket has the number ${MISSING}.`);
  expect(await click('ticket_reassign_open', others, MEMBER)).toBe(
    `Only the assignee (<@${AGENT}>) or a manager can reassign this ticket.`,
  );
});
