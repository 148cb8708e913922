// A workspace guest (Slack's is_restricted / is_ultra_restricted: a customer's person invited into
// a few channels) who holds no role reads no customer file, so New ticket (`/ticket new`, "Create
// ticket") gives them what they can fill: in a linked customer channel its customer, fixed (no
// picker); elsewhere the customers of their own tickets only; with none, `/ticket new` says where
// they can file instead of opening a form they cannot fill. The flow refuses, on the customer
// field, a submission naming any other customer (a crafted view_submission), on every path.
// Through the real Bolt HTTP path: signed requests, the fake Slack (users.info says who is a
// guest), the test database.
import { beforeEach, describe, expect, test } from 'vitest';
import { AGENT, makeCustomer, makeTicket } from '../helpers/factories.js';
import { FAKE_GUEST_USER_ID } from '../helpers/fake-slack.js';
import { ADMIN, T0, useGuestsApp } from '../helpers/guests.js';

const GUEST = FAKE_GUEST_USER_ID;
/** A full member of the workspace the roles name nowhere (users.info: no guest). */
const MEMBER = 'U0MEMBER11';
const CUST = 'C0CUSTCH01';
const ELSEWHERE = 'C0GENERAL1';

const { app } = useGuestsApp();

const NOWHERE =
  "You're a guest in this workspace, so the desk doesn't list its customers for you to pick from, and you have no tickets yet.";
const NOWHERE_ZH = '你是本工作区的访客，服务台不会列出客户供你选择，而你还没有工单。';
const NOT_YOURS =
  "You're a guest in this workspace, so here you can file only for a customer of your own tickets.";

type View = Record<string, unknown> & { blocks: Record<string, any>[] };

/** `/ticket new` by `userId` in `channelId`: the modal it opened (if any) and what it said. */
async function ticketNew(userId: string, channelId: string) {
  const opened = app.fake.callsTo('views.open').length;
  const res = await app.slack.command('/ticket', 'new', { userId, channelId });
  const view = app.fake.callsTo('views.open').slice(opened).at(-1)?.args.view as View | undefined;
  return { view, said: JSON.stringify(res.body ?? null) };
}

/** The modal's customer input, if it has one. */
const customerInput = (view: View) => view.blocks.find((b) => b.block_id === 'customer');

const FORM = { title: 'Our line is down', description: 'Since this morning' };

/** `view` submitted by `userId` as they filled it (`form`), with `customer` forced (crafted). */
function submit(view: View, userId: string, customer?: string) {
  const values = app.slack.viewState(view, FORM);
  if (customer)
    values.customer = {
      customer_picker: { type: 'static_select', selected_option: { value: customer } },
    };
  return app.slack.viewSubmission(
    {
      callback_id: view.callback_id as string,
      private_metadata: view.private_metadata as string,
      blocks: view.blocks,
    },
    values,
    { userId },
  );
}

const ticketsOf = (code: string) => app.db.models.tickets.find({ customerCode: code }).lean();

/** Customer channel CUST linked to `code` by the admin. */
async function link(code: string) {
  const res = await app.slack.command('/desk', `channel link ${code}`, {
    userId: ADMIN,
    channelId: CUST,
  });
  expect(res.body.text).toContain('is now the customer channel');
}

let ours = '';
let theirs = '';
beforeEach(async () => {
  app.clock.set(T0);
  await app.setSettings(() => ({ agents: [AGENT] }));
  ours = (await makeCustomer(app, { name: 'Guest Works Ltd' })).code;
  theirs = (await makeCustomer(app, { name: 'Other Machinery Co' })).code;
});

describe('a guest who holds no role opens New ticket', () => {
  test('in a linked customer channel: its customer fixed, no picker; the ticket is filed for it', async () => {
    await link(ours);
    const { view } = await ticketNew(GUEST, CUST);
    expect(view).toBeDefined();
    expect(customerInput(view!)).toBeUndefined();
    const shown = JSON.stringify(view!.blocks);
    expect(shown).toContain(`${ours} Guest Works Ltd`);
    expect(shown).not.toContain('external_select');

    const saved = await submit(view!, GUEST);
    expect(saved.body).toBe('');
    const [ticket] = await ticketsOf(ours);
    expect(ticket).toMatchObject({ createdBy: GUEST, filedByGuest: true });
  });

  test('"Create ticket" in a linked customer channel shows its customer fixed too', async () => {
    await link(ours);
    const opened = app.fake.callsTo('views.open').length;
    await app.slack.messageShortcut(
      'ticket_from_message',
      { text: 'The spindle stopped', user: GUEST },
      { userId: GUEST, channelId: CUST },
    );
    const view = app.fake.callsTo('views.open').slice(opened).at(-1)!.args.view as View;
    expect(customerInput(view)).toBeUndefined();
    expect(JSON.stringify(view.blocks)).toContain(`${ours} Guest Works Ltd`);
    expect((await submit(view, GUEST)).body).toBe('');
    expect(await ticketsOf(ours)).toHaveLength(1);
  });

  test('elsewhere: only the customers of their own tickets (open or not), no one else named', async () => {
    const old = await makeTicket(app, { customerCode: ours, requester: { userId: GUEST } });
    await app.db.models.tickets.updateOne({ _id: old.id }, { status: 'closed' });
    await makeTicket(app, { customerCode: theirs, title: 'Not theirs' });

    const { view } = await ticketNew(GUEST, ELSEWHERE);
    const input = customerInput(view!)!;
    expect(input.element.type).toBe('static_select');
    expect(input.element.options.map((o: { value: string }) => o.value)).toEqual([ours]);
    expect(JSON.stringify(view)).not.toContain('Other Machinery Co');
    // The shared picker's search answers them their own customers only.
    const load = (value: string) =>
      app.slack.blockSuggestion({ action_id: 'customer_picker', value }, { userId: GUEST });
    expect(JSON.stringify((await load('Gue')).body)).toContain('Guest Works Ltd');
    expect((await load('Oth')).body).toEqual({ options: [] });

    expect((await submit(view!, GUEST)).body).toBe('');
    expect(await ticketsOf(ours)).toHaveLength(2);
  });

  test('elsewhere with no ticket of their own: told where to file, in Chinese too; no modal', async () => {
    const first = await ticketNew(GUEST, ELSEWHERE);
    expect(first.view).toBeUndefined();
    expect(first.said).toContain(NOWHERE);

    await app.setSettings(() => ({ locale: 'zh-CN' }));
    const zh = await ticketNew(GUEST, ELSEWHERE);
    expect(zh.view).toBeUndefined();
    expect(zh.said).toContain(NOWHERE_ZH);

    // "Create ticket" outside a linked channel: the same, rather than a form they cannot fill.
    const opened = app.fake.callsTo('views.open').length;
    const told = app.fake.callsTo('response_url').length;
    await app.slack.messageShortcut(
      'ticket_from_message',
      { text: 'The spindle stopped', user: GUEST },
      { userId: GUEST, channelId: ELSEWHERE },
    );
    expect(app.fake.callsTo('views.open')).toHaveLength(opened);
    expect(JSON.stringify(app.fake.callsTo('response_url').slice(told))).toContain(NOWHERE_ZH);
  });

  test('a crafted submission naming another customer is refused on the field, on each modal; nothing saved', async () => {
    await makeTicket(app, { customerCode: ours, requester: { userId: GUEST } });
    const { view } = await ticketNew(GUEST, ELSEWHERE);
    const refused = await submit(view!, GUEST, theirs);
    expect(refused.body).toMatchObject({ response_action: 'errors' });
    expect(JSON.stringify(refused.body)).toContain(NOT_YOURS);

    await link(ours);
    const fixed = (await ticketNew(GUEST, CUST)).view!;
    const again = await submit(fixed, GUEST, theirs);
    expect(again.body).toMatchObject({ response_action: 'errors' });
    expect(JSON.stringify(again.body)).toContain(NOT_YOURS);

    // A member's modal, submitted by the guest: the same.
    const members = (await ticketNew(MEMBER, ELSEWHERE)).view!;
    const theirsToo = await submit(members, GUEST, theirs);
    expect(theirsToo.body).toMatchObject({ response_action: 'errors' });
    expect(await ticketsOf(theirs)).toHaveLength(0);
  });
});

describe('members file as before', () => {
  test('a member without a role gets the picker, in a linked channel too, and files for any customer', async () => {
    await link(ours);
    for (const channel of [ELSEWHERE, CUST]) {
      const { view } = await ticketNew(MEMBER, channel);
      expect(customerInput(view!)!.element.type).toBe('external_select');
    }
    const { view } = await ticketNew(MEMBER, ELSEWHERE);
    expect((await submit(view!, MEMBER, theirs)).body).toBe('');
    expect(await ticketsOf(theirs)).toHaveLength(1);
  });
});
