// On an open desk (the default until roles are set) everyone in the workspace counts as an agent,
// but for its guests (Slack's is_restricted / is_ultra_restricted: typically a customer invited
// into a few channels): the desk asks Slack's users.info who a person the roles name nowhere is,
// and a guest is refused what only the open desk would let them do (add customers, claim
// tickets...), with a clear message. When Slack does not say in time, such a write is refused
// with a "try again", and so is a staff read (every read: test/e2e/guests-reading.test.ts).
// Through the real Bolt HTTP path: signed requests, the fake Slack, the test database.
import { describe, expect, test } from 'vitest';
import { claimOnCard, submitLastModal } from '../helpers/clicks.js';
import { AGENT, makeCustomer, makeTicket } from '../helpers/factories.js';
import {
  FAKE_GUEST_USER_ID,
  FAKE_SINGLE_GUEST_USER_ID,
  FAKE_TEAM_ID,
} from '../helpers/fake-slack.js';
import { ADMIN, PHONE, TRIAGE, useGuestsApp, WAIT_MS } from '../helpers/guests.js';
import { NEW_CUSTOMER_FORM } from '../helpers/records.js';

/**
 * Full members of the workspace the roles name nowhere (users.info: no guest). The app keeps
 * Slack's answers across this file's tests: the tests where Slack is slow ask of people of their own.
 */
const MEMBER = 'U0MEMBER01';
const LATE = 'U0MEMBER02';
const LIMITED = 'U0MEMBER03';
const READER = 'U0MEMBER04';
const ON_TIME = 'U0MEMBER06';
/** A member who only ever submits (never asked of Slack before their first submission). */
const UNASKED = 'U0MEMBER07';

/**
 * The guest check's wait: WAIT_MS on a timer, unless a test takes the next one (`takeWait`):
 * then it is over when the test says.
 */
let takeWait: ((over: () => void) => void) | undefined;
const guests = useGuestsApp({
  guestCheckWait: (ms) =>
    new Promise<void>((over) => {
      const take = takeWait;
      takeWait = undefined;
      if (take) take(over);
      else setTimeout(over, ms);
    }),
});
const { app, usersInfoFor } = guests;

const GUEST_REFUSAL =
  "You're a guest in this workspace, and guests don't work the desk: adding or changing customers, claiming or working tickets, logging interactions and planning tasks are for the workspace's members. You can still open tickets and follow your own.";
const TRY_AGAIN =
  "Slack didn't say in time whether you're a member or a guest of this workspace, so nothing was changed. Try again in a moment.";

const customers = () => app.db.models.customers.countDocuments({ teamId: FAKE_TEAM_ID });

/** `/customer new` as `userId`: the modal it opened, or the ephemeral refusal. */
async function newCustomer(userId: string) {
  const opened = app.fake.callsTo('views.open').length;
  const res = await app.slack.command('/customer', 'new', { userId });
  const view = app.fake.callsTo('views.open')[opened]?.args.view as
    Record<string, unknown> | undefined;
  return { res, view };
}

/** The New customer modal, as a member was shown it. */
async function customerForm(): Promise<Record<string, unknown>> {
  const { view } = await newCustomer(MEMBER);
  expect(view).toBeDefined();
  return view!;
}

/** Claim on the ticket's card, as `userId`; what they were told (the ephemeral reply), if any. */
const claim = (number: string, userId: string) => claimOnCard(app, number, userId, TRIAGE);

describe('a guest on an open desk', () => {
  test('is refused adding a customer, at the command and on a crafted submission, with an ephemeral message saying why', async () => {
    const { res, view } = await newCustomer(FAKE_GUEST_USER_ID);
    expect(view).toBeUndefined();
    expect(res.body).toMatchObject({ response_type: 'ephemeral', text: GUEST_REFUSAL });

    // The form a member was shown, submitted by the guest: refused, nothing saved.
    const shown = await customerForm();
    const saved = await app.slack.submitView(shown, NEW_CUSTOMER_FORM, {
      userId: FAKE_GUEST_USER_ID,
    });
    expect(JSON.stringify(saved.body)).toContain(
      "You're a guest in this workspace, and guests don't work the desk",
    );
    expect(await customers()).toBe(0);
    // Slack was asked once at most about the guest: the answer is remembered.
    expect(usersInfoFor(FAKE_GUEST_USER_ID).length).toBeLessThanOrEqual(1);
  });

  test('is refused claiming a ticket, and a single-channel guest too; the ticket stays unassigned', async () => {
    const { number } = await makeTicket(app);
    for (const guest of [FAKE_GUEST_USER_ID, FAKE_SINGLE_GUEST_USER_ID]) {
      const refused = await claim(number, guest);
      expect(refused.text).toBe(GUEST_REFUSAL);
      expect(refused.assigneeId).toBeUndefined();
    }
  });

  test('is refused logging an interaction and editing a customer from its card (said in the modal the button opens), in Chinese in a Chinese workspace', async () => {
    await app.setSettings(() => ({ locale: 'zh-CN' }));
    const { code } = await makeCustomer(app);
    for (const action_id of ['customer_interaction_open', 'customer_edit_open']) {
      await app.slack.blockAction(
        { action_id, value: code, block_id: 'customer_actions' },
        { userId: FAKE_GUEST_USER_ID },
      );
      const shown = app.fake.calls.filter((c) => c.method.startsWith('views.')).at(-1)!;
      expect(JSON.stringify(shown.args.view)).toContain(
        '你是本工作区的访客，访客不能处理服务台事务：新建或修改客户、认领或处理工单、记录互动和安排任务都只限工作区成员。你仍然可以提交工单并跟进自己的工单。',
      );
    }
  });

  test("reads no customer's card: guests read only their own tickets", async () => {
    const { code } = await makeCustomer(app);
    const res = await app.slack.command('/customer', code, { userId: FAKE_GUEST_USER_ID });
    expect(JSON.stringify(res.body)).toContain('guests read only their own tickets');
    expect(JSON.stringify(res.body)).not.toContain('Huadong Machinery');
  });

  test('cannot be given a role instead (the roles modal refuses guests)', async () => {
    await app.slack.command('/desk', 'roles', { userId: ADMIN });
    const res = await submitLastModal(app, { agents: FAKE_GUEST_USER_ID }, ADMIN, {
      expect: 'any',
    });
    expect(res.body).toMatchObject({ response_action: 'errors' });
    expect(JSON.stringify(res.body)).toContain('Wang Fang');
  });
});

describe('a full member on an open desk', () => {
  test('still adds a customer and claims a ticket', async () => {
    const view = await customerForm();
    const saved = await app.slack.submitView(view, NEW_CUSTOMER_FORM, { userId: MEMBER });
    expect(saved.body).toBe('');
    expect(await customers()).toBe(1);

    const { number } = await makeTicket(app);
    const claimed = await claim(number, MEMBER);
    expect(claimed.assigneeId).toBe(MEMBER);
    // Asked of Slack once at most for all of it.
    expect(usersInfoFor(MEMBER).length).toBeLessThanOrEqual(1);
  });

  test('a submission whose state Slack sent unreadable is refused before Slack is asked who sent it; a readable one is asked', async () => {
    const view = await customerForm();
    const before = app.fake.callsTo('users.info').length;
    // The name input's value a number, as no Slack sends it: unreadable.
    const res = await app.slack.viewSubmission(
      { callback_id: view.callback_id as string, blocks: view.blocks as unknown[] },
      { name: { name: { type: 'plain_text_input', value: 42 } } },
      { userId: UNASKED },
    );
    expect(JSON.stringify(res.body)).toContain('Slack sent something this app could not read');
    expect(app.fake.callsTo('users.info')).toHaveLength(before);
    expect(await customers()).toBe(0);
    // The same person's readable submission: asked (the count above would have seen it).
    await app.slack.submitView(view, NEW_CUSTOMER_FORM, { userId: UNASKED });
    expect(usersInfoFor(UNASKED)).toHaveLength(1);
    expect(await customers()).toBe(1);
  });

  test('with a role nobody is asked of Slack; on a closed desk, a member Slack described is not asked again', async () => {
    await app.setSettings(() => ({ agents: [AGENT] }));
    const { number } = await makeTicket(app);
    expect((await claim(number, AGENT)).assigneeId).toBe(AGENT);
    expect(app.fake.callsTo('users.info')).toHaveLength(0);
    // Slack describes the member (on the open desk), then the desk closes.
    await newCustomer(MEMBER);
    expect(usersInfoFor(MEMBER)).toHaveLength(1);
    await app.setSettings(() => ({ openDesk: false }));
    expect((await newCustomer(MEMBER)).view).toBeUndefined();
    expect(app.fake.callsTo('users.info')).toHaveLength(1);
  });
});

describe('Slack does not say in time who the person is', () => {
  test('late: the write is refused with a "try again", reading goes on; the late answer counts at the next request', async () => {
    const held = app.fake.holdNext('users.info');
    const { res, view } = await newCustomer(LATE);
    await held.arrived;
    expect(view).toBeUndefined();
    expect(res.body).toMatchObject({ response_type: 'ephemeral', text: TRY_AGAIN });
    expect(
      app.logs.filter(
        (l) =>
          l.msg === 'users.info late: the open desk does not count the person an agent this time',
      ),
    ).toEqual([expect.objectContaining({ waitMs: WAIT_MS })]);

    held.release();
    // Slack answered late: a member, remembered; the next try opens the form.
    await expect.poll(() => usersInfoFor(LATE).at(-1)?.outcome).toBe('ok');
    expect((await newCustomer(LATE)).view).toBeDefined();
    expect(usersInfoFor(LATE)).toHaveLength(1);
  });

  test('refused (rate limited): a claim is refused with a "try again" and the ticket stays unassigned; the next click, answered, claims it', async () => {
    const { number } = await makeTicket(app);
    app.fake.failNext('users.info', 'ratelimited');
    const refused = await claim(number, LIMITED);
    expect(refused.text).toBe(TRY_AGAIN);
    expect(refused.assigneeId).toBeUndefined();
    expect(
      app.logs.filter(
        (l) =>
          l.msg === 'users.info failed: the open desk does not count the person an agent this time',
      ),
    ).toEqual([expect.objectContaining({ error: 'ratelimited' })]);

    expect((await claim(number, LIMITED)).assigneeId).toBe(LIMITED);
  });

  test('an answer that reached the app in the turn its wait ran out is on time: the form opens, no "late" line', async () => {
    const held = app.fake.holdNext('users.info');
    const waitTaken = new Promise<() => void>((took) => (takeWait = took));
    const asked = newCustomer(ON_TIME);
    await held.arrived;
    const over = await waitTaken;
    // In one turn of the event loop (a check-phase callback): Slack's answer written to the app's
    // connection, then the wait runs out, before the app's next poll has read the answer (as
    // traced: the answer 42 ms before the timer, its callback not run yet).
    await new Promise<void>((done) =>
      setImmediate(() => {
        held.release();
        void held.answered.then(() => {
          over();
          done();
        });
      }),
    );
    const { res, view } = await asked;
    expect(res.body).toBe('');
    expect(view).toBeDefined();
    expect(app.logs.filter((l) => String(l.msg).startsWith('users.info late'))).toEqual([]);
    expect(usersInfoFor(ON_TIME)).toHaveLength(1);
  });

  test('a staff read is refused too while Slack is late (fail-closed); the late answer lets the next one through', async () => {
    const { code } = await makeCustomer(app);
    const held = app.fake.holdNext('users.info');
    const res = await app.slack.command('/customer', code, { userId: READER });
    held.release();
    expect(JSON.stringify(res.body)).toContain("Slack didn't say in time");
    expect(JSON.stringify(res.body)).not.toContain('Huadong Machinery');
    await expect.poll(() => usersInfoFor(READER).at(-1)?.outcome).toBe('ok');
    const again = await app.slack.command('/customer', code, { userId: READER });
    expect(JSON.stringify(again.body)).toContain('Huadong Machinery');
  });
});

describe('handing a ticket to a guest on an open desk', () => {
  /** The modal `open_id` opens on the ticket's card, clicked by `userId`. */
  async function modal(open_id: string, number: string, userId: string) {
    const opened = app.fake.callsTo('views.open').length;
    await app.slack.blockAction(
      { action_id: open_id, value: number, block_id: 'ticket_actions' },
      { userId, channelId: TRIAGE },
    );
    const view = app.fake.callsTo('views.open')[opened]?.args.view as Record<string, unknown>;
    expect(view).toBeDefined();
    return view;
  }
  const assignee = async (number: string) =>
    (await app.db.models.tickets.findOne({ number }).lean())!.assigneeId;

  test('Reassign to a guest (multi- or single-channel) is refused on the field, in the workspace language; to a member it goes through', async () => {
    const { number } = await makeTicket(app);
    await claim(number, MEMBER);
    const view = await modal('ticket_reassign_open', number, MEMBER);
    const refused = await app.slack.submitView(
      view,
      { assignee: FAKE_GUEST_USER_ID },
      { userId: MEMBER },
    );
    expect(refused.body).toEqual({
      response_action: 'errors',
      errors: {
        assignee:
          "Wang Fang is a guest in this workspace, and guests don't work tickets: pick a member of the workspace.",
      },
    });
    expect(await assignee(number)).toBe(MEMBER);

    await app.setSettings(() => ({ locale: 'zh-CN' }));
    const single = await app.slack.submitView(
      view,
      { assignee: FAKE_SINGLE_GUEST_USER_ID },
      { userId: MEMBER },
    );
    expect(JSON.stringify(single.body)).toContain(
      '是本工作区的访客，访客不处理工单：请选择工作区成员。',
    );
    expect(await assignee(number)).toBe(MEMBER);

    const handed = await app.slack.submitView(view, { assignee: READER }, { userId: MEMBER });
    expect(handed.body).toBe('');
    expect(await assignee(number)).toBe(READER);
  });

  test('an L2 escalation naming a guest (no experts set) is refused on the field', async () => {
    const { number } = await makeTicket(app);
    await claim(number, MEMBER);
    const view = await modal('ticket_escalate_open', number, MEMBER);
    const refused = await app.slack.submitView(
      view,
      { reason: 'Beyond L1', expert: FAKE_GUEST_USER_ID },
      { userId: MEMBER },
    );
    expect(refused.body).toMatchObject({
      response_action: 'errors',
      errors: { expert: expect.stringContaining('Wang Fang is a guest in this workspace') },
    });
    const ticket = await app.db.models.tickets.findOne({ number }).lean();
    expect(ticket).toMatchObject({ level: 1, assigneeId: MEMBER });
  });

  test('Slack late on the person picked: nothing is handed over, "try again"; the late answer counts at the next save', async () => {
    const PICKED = 'U0MEMBER05';
    const { number } = await makeTicket(app);
    await claim(number, MEMBER);
    const view = await modal('ticket_reassign_open', number, MEMBER);
    const held = app.fake.holdNext('users.info');
    const late = await app.slack.submitView(view, { assignee: PICKED }, { userId: MEMBER });
    await held.arrived;
    expect(late.body).toEqual({
      response_action: 'errors',
      errors: {
        assignee:
          "Slack didn't say in time whether this person is a member or a guest of this workspace, so nothing was changed. Try again in a moment.",
      },
    });
    expect(await assignee(number)).toBe(MEMBER);
    held.release();
    await expect.poll(() => usersInfoFor(PICKED).at(-1)?.outcome).toBe('ok');
    expect((await app.slack.submitView(view, { assignee: PICKED }, { userId: MEMBER })).body).toBe(
      '',
    );
    expect(await assignee(number)).toBe(PICKED);
    expect(usersInfoFor(PICKED)).toHaveLength(1);
  });
});

describe('a guest who files a ticket on an open desk', () => {
  /** "Create ticket" on a message, by `userId`, the modal submitted with `form`. */
  async function fileFromMessage(userId: string, form: Record<string, string | null>) {
    const { code } = await makeCustomer(app);
    return guests.fileFromMessage(userId, READER, code, form);
  }

  test('is its requester side, not its filer: no notes on a ticket filed for someone else, its phone numbers masked', async () => {
    const ticket = await fileFromMessage(FAKE_GUEST_USER_ID, { requester: READER });
    expect(ticket).toMatchObject({ createdBy: FAKE_GUEST_USER_ID, filedByGuest: true });

    // The card the guest reads: what was typed in is masked, as for anyone without a record.
    const card = await app.slack.command('/ticket', ticket.number, {
      userId: FAKE_GUEST_USER_ID,
    });
    expect(JSON.stringify(card.body)).toContain(ticket.number);
    expect(JSON.stringify(card.body)).not.toContain(PHONE);

    // Add note, opened by a member, submitted by the guest: refused, nothing added.
    await claim(ticket.number, MEMBER);
    const opened = app.fake.callsTo('views.open').length;
    await app.slack.blockAction(
      { action_id: 'ticket_note_open', value: ticket.number, block_id: 'ticket_actions' },
      { userId: MEMBER, channelId: TRIAGE },
    );
    const noteView = app.fake.callsTo('views.open')[opened]!.args.view as Record<string, unknown>;
    const before = (await app.db.models.tickets.findOne({ number: ticket.number }).lean())!;
    const refused = await app.slack.submitView(
      noteView,
      { note: 'Call them back' },
      { userId: FAKE_GUEST_USER_ID },
    );
    expect(JSON.stringify(refused.body)).toContain(
      "You're a guest in this workspace, and guests don't work the desk",
    );
    const after = (await app.db.models.tickets.findOne({ number: ticket.number }).lean())!;
    expect(after.timeline).toHaveLength(before.timeline.length);
  });

  test('filed with nobody else recorded, it stays their own request: they read it in clear and find it in /ticket requests', async () => {
    const ticket = await fileFromMessage(FAKE_SINGLE_GUEST_USER_ID, { requester: null });
    expect(ticket.filedByGuest).toBe(true);
    const card = await app.slack.command('/ticket', ticket.number, {
      userId: FAKE_SINGLE_GUEST_USER_ID,
    });
    expect(JSON.stringify(card.body)).toContain(PHONE);
    const requests = await app.slack.command('/ticket', 'requests', {
      userId: FAKE_SINGLE_GUEST_USER_ID,
    });
    expect(JSON.stringify(requests.body)).toContain(ticket.number);
  });

  test('a member filing is its filer as before', async () => {
    const ticket = await fileFromMessage(MEMBER, { requester: READER });
    expect(ticket.filedByGuest).toBeUndefined();
    const card = await app.slack.command('/ticket', ticket.number, { userId: MEMBER });
    expect(JSON.stringify(card.body)).toContain(PHONE);
  });
});
