// Submissions whose refusals of what was typed need a database read (a time before a ticket's
// wait began, ...), acked as production acks (processBeforeResponse: false, the default budget
// of 0 ms): refused on the field in the ack, not on a "Not saved ... Press Back" view pushed at
// the listener's first wait, and nothing is saved (src/slack/boundary.ts `checked`;
// submit-checks-people.test.ts has the people picked).
import { expect, test, vi } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { act, AGENT, ctxOf, makeCustomer, makeTicket, OWNER } from '../helpers/factories.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';

/** Ends Settings → Channels' wait for conversations.info (virtual time; never, unless called). */
let channelWaitOver: (() => void) | undefined;
const app = useTestApp({
  ackAtOnce: true,
  submitAckBudgetMs: 0,
  now: '2026-11-24T02:00:00Z',
  channelCheckWait: () => new Promise<void>((resolve) => (channelWaitOver = resolve)),
});

type View = Record<string, any>;

/**
 * The modal `open` draws (after the ack): its views.open, or the views.update that fills a modal
 * opened loading.
 */
async function opened(
  open: () => Promise<unknown>,
  method: 'views.open' | 'views.update' | 'views.push' = 'views.open',
): Promise<View> {
  const before = app.fake.callsTo(method).length;
  await open();
  await app.fake.callArrives(
    (c) => c.method === method && app.fake.callsTo(method).length > before,
  );
  return app.fake.callsTo(method).at(-1)!.args.view as View;
}

/** Submits `view` as modal `id`; what Slack was answered, and whether anything drew over it. */
async function submit(view: View, id: string, form: Record<string, string>, userId = AGENT) {
  const updates = app.fake.callsTo('views.update').length;
  const res = await app.slack.submitView({ ...view, id }, form, { userId });
  return { body: res.body, updates: app.fake.callsTo('views.update').length - updates };
}

/**
 * What {@link submit} gives when the submission is refused with `errors` in the ack, nothing
 * drawn over it.
 */
const refusedInAck = (errors: Record<string, unknown>) => ({
  body: { response_action: 'errors', errors },
  updates: 0,
});

test('Customer wrote…: a time before the ticket began waiting on them refused on the time in the ack, nothing saved', async () => {
  const { code } = await makeCustomer(app);
  await app.setSettings(() => ({ agents: [AGENT], openDesk: false }));
  const { number } = await makeTicket(app, {
    customerCode: code,
    requester: { contactName: 'Li Lei', via: 'phone' },
  });
  await act(app, number, { action: 'claim' });
  app.clock.set('2026-11-24T03:00:00Z');
  await act(app, number, { action: 'wait' });
  app.clock.set('2026-11-24T03:30:00Z');
  const modal = await opened(() =>
    app.slack.blockAction(
      { action_id: 'ticket_customer_wrote_open', value: number, block_id: 'ticket_actions' },
      { userId: AGENT },
    ),
  );

  const refused = await submit(modal, 'V0TYPED001', {
    via: 'phone',
    time: '10:58',
    said: 'Before the question',
  });
  expect(refused).toEqual(
    refusedInAck({
      time: expect.stringContaining('That is before the ticket began waiting on them'),
    }),
  );
  const doc = (await app.db.models.tickets.findOne({ number }).lean()) as any;
  expect(doc.status).toBe('waiting');
  expect(JSON.stringify(doc.timeline)).not.toContain('Before the question');
});

test('Record order: a number already recorded for another customer refused on the number in the ack, nothing saved', async () => {
  const first = await makeCustomer(app, { name: 'First Co' });
  const second = await makeCustomer(app, { name: 'Second Co' });
  await app.desk.services.customers.recordOrder(await ctxOf(app, OWNER), first.code, {
    date: '2026-11-20',
    amount: 1000,
    number: 'SO-9',
  });
  const modal = await opened(
    () =>
      app.slack.blockAction(
        { action_id: 'customer_order_open', value: second.code, block_id: 'customer_actions' },
        { userId: OWNER },
      ),
    'views.update',
  );

  const refused = await submit(
    modal,
    'V0TYPED002',
    { date: '2026-11-21', amount: '500', number: 'SO-9' },
    OWNER,
  );
  expect(refused).toEqual(
    refusedInAck({
      number: `Order number SO-9 is already recorded for ${first.code} on 2026-11-20.`,
    }),
  );
  expect(await app.db.models.orders.countDocuments()).toBe(1);
});

test('Add contact: a name another contact of the customer has refused on the name in the ack, nothing saved', async () => {
  const { code } = await makeCustomer(app);
  await app.desk.services.customers.saveContact(await ctxOf(app, OWNER), code, undefined, {
    name: 'Zhang Wei',
  });
  const list = await opened(
    () =>
      app.slack.blockAction(
        { action_id: 'customer_contacts_open', value: code, block_id: 'customer_actions' },
        { userId: OWNER },
      ),
    'views.update',
  );
  const form = await opened(
    () =>
      app.slack.blockAction(
        { action_id: 'customer_contact_add', value: code, block_id: 'contact_actions' },
        { userId: OWNER, view: { ...list, id: 'V0CONTACTS1', state: { values: {} } } },
      ),
    'views.push',
  );

  const refused = await submit(
    form,
    'V0TYPED003',
    { contact_name: 'zhang wei', contact_title: 'Buyer' },
    OWNER,
  );
  expect(refused).toEqual(
    refusedInAck({ contact_name: 'This customer already has a contact named zhang wei.' }),
  );
  const customer = await app.db.models.customers.findOne({ code }).lean();
  expect(customer!.contacts.map((c) => c.name)).toEqual(['Zhang Wei']);
});

test('Log response: a ticket closed since the modal opened refused on the form in the ack, not on a saving view; nothing saved', async () => {
  const { code } = await makeCustomer(app);
  await app.setSettings(() => ({ agents: [AGENT], openDesk: false }));
  const { number } = await makeTicket(app, {
    customerCode: code,
    requester: { contactName: 'Li Lei', via: 'phone' },
  });
  await act(app, number, { action: 'claim' });
  const modal = await opened(() =>
    app.slack.blockAction(
      { action_id: 'ticket_log_response_open', value: number, block_id: 'ticket_actions' },
      { userId: AGENT },
    ),
  );
  await act(app, number, { action: 'resolve', summary: 'Fixed on site' });
  await act(app, number, { action: 'close' });

  const refused = await submit(modal, 'V0TYPED004', { via: 'phone', said: 'Restart it' });
  expect(refused).toEqual(
    refusedInAck({ via: `${number} is closed; nothing more can be done with it.` }),
  );
  const doc = (await app.db.models.tickets.findOne({ number }).lean()) as any;
  expect(JSON.stringify(doc.timeline)).not.toContain('Restart it');
});

test('Tell of a delay: a ticket resolved since the modal opened refused on the form in the ack, not on a saving view; nothing sent', async () => {
  const REQ = 'U0REQUEST1';
  const { code } = await makeCustomer(app);
  await app.setSettings(() => ({ agents: [AGENT], openDesk: false }));
  const { number } = await makeTicket(app, { customerCode: code, requester: { userId: REQ } });
  await act(app, number, { action: 'claim' });
  const modal = await opened(() =>
    app.slack.blockAction(
      { action_id: 'requester_draft_open', value: `delay:${number}`, block_id: 'draft' },
      { userId: AGENT, channelId: 'D0AGENT001' },
    ),
  );
  await act(app, number, { action: 'resolve', summary: 'Fixed on site' });
  const dms = app.fake.postsTo(REQ).length;

  const refused = await submit(modal, 'V0TYPED005', {
    text: 'The part is late at customs.',
    date: '2026-12-08',
  });
  expect(refused).toEqual(refusedInAck({ text: expect.stringContaining(`${number} is resolved`) }));
  expect(app.fake.postsTo(REQ).length).toBe(dms);
});

/** The Edit modal of customer `code`, as `userId` opens it. */
const editOf = (code: string, userId = OWNER) =>
  opened(
    () =>
      app.slack.blockAction(
        { action_id: 'customer_edit_open', value: code, block_id: 'customer_actions' },
        { userId },
      ),
    'views.update',
  );

test('Edit customer: a mask standing for no number, edited into the notes shown masked, refused on the notes in the ack, nothing saved', async () => {
  await app.setSettings(() => ({ agents: [AGENT], accountManagers: [OWNER], openDesk: false }));
  const { code } = await makeCustomer(app);
  await app.desk.services.customers.update(await ctxOf(app, OWNER), code, {
    notes: 'Boss: 13912345678',
  });
  const modal = await editOf(code, AGENT);

  const refused = await submit(modal, 'V0TYPED006', { notes: 'Boss: 139****0000. Mornings' });
  expect(refused).toEqual(
    refusedInAck({
      notes:
        'Part of this is still hidden (***): type the whole value again, or leave it exactly as shown to keep it.',
    }),
  );
  const stored = (await app.db.models.customers.findOne({ code }).lean())!;
  expect(stored.notes).toBe('Boss: 13912345678');
});

test('Edit customer: annual purchases typed for a customer with orders refused on the field in the ack, nothing saved', async () => {
  const { code } = await makeCustomer(app);
  await app.desk.services.customers.recordOrder(await ctxOf(app, OWNER), code, {
    date: '2026-11-20',
    amount: 1000,
  });
  const modal = await editOf(code);

  const refused = await submit(
    modal,
    'V0TYPED007',
    { annual_revenue: '5000000', region: 'East China' },
    OWNER,
  );
  expect(refused).toEqual(
    refusedInAck({
      annual_revenue:
        'This customer has orders: annual purchases are computed from the last 12 months of orders.',
    }),
  );
  const stored = (await app.db.models.customers.findOne({ code }).lean())!;
  expect([stored.annualRevenue, stored.region]).toEqual([1000, undefined]);
});

const MANAGER1 = 'U0MANAGER1';
const MANAGER2 = 'U0MANAGER2';
const MASKED =
  'Part of this is still hidden (***): type the whole value again, or leave it exactly as shown to keep it.';

/** A customer whose notes and one need hold a phone, and its Edit modal as MANAGER2 (sees them masked). */
async function maskedNeed(agents: string[] = []): Promise<{ code: string; modal: View }> {
  await app.setSettings(() => ({
    agents,
    managers: [MANAGER1, MANAGER2],
    managerLinks: [{ managerId: MANAGER1, manages: [OWNER] }],
  }));
  const { code } = await makeCustomer(app);
  await app.desk.services.customers.update(await ctxOf(app, OWNER), code, {
    notes: 'Boss: 13912345678',
    needs: { items: [{ text: 'Call 13912345678 about pumps', urgent: false, important: false }] },
  });
  const modal = await editOf(code, MANAGER2);
  const row = modal.blocks.find((b: View) => b.block_id === 'need_0');
  expect(row.element.initial_value).toBe('Call 139****5678 about pumps');
  return { code, modal };
}

test('Edit customer: a need row edited around its mask refused on that row in the ack, beside the notes refused as well; nothing saved', async () => {
  const { code, modal } = await maskedNeed();

  const row = { need_0: 'Call 139****0000 about pumps' };
  expect(await submit(modal, 'V0TYPED010', row, MANAGER2)).toEqual(
    refusedInAck({ need_0: MASKED }),
  );
  const both = await submit(
    modal,
    'V0TYPED011',
    { ...row, notes: 'Boss: 139****0000. Mornings' },
    MANAGER2,
  );
  expect(both).toEqual(refusedInAck({ notes: MASKED, need_0: MASKED }));
  const stored = (await app.db.models.customers.findOne({ code }).lean())!;
  expect([stored.notes, stored.needs?.items?.[0]?.text]).toEqual([
    'Boss: 13912345678',
    'Call 13912345678 about pumps',
  ]);
});

test('Edit customer: a need row changed by someone who may no longer change the needs refused on that row in the ack, nothing saved', async () => {
  const { code, modal } = await maskedNeed([MANAGER2]);
  // No longer a manager while the modal is open: an agent, who may change service fields only.
  await app.setSettings((s) => ({ ...s, managers: [MANAGER1] }));

  const refused = await submit(modal, 'V0TYPED012', { need_0: 'Call about valves' }, MANAGER2);
  expect(refused).toEqual(refusedInAck({ need_0: 'Only the owner or a manager can change this.' }));
  const stored = (await app.db.models.customers.findOne({ code }).lean())!;
  expect(stored.needs?.items?.[0]?.text).toBe('Call 13912345678 about pumps');
});

test('Edit customer: annual purchases sent by someone who may no longer change them refused as such, not told the customer has orders; nothing saved', async () => {
  const { code, modal } = await maskedNeed([MANAGER2]);
  await app.desk.services.customers.recordOrder(await ctxOf(app, OWNER), code, {
    date: '2026-11-20',
    amount: 1000,
  });
  // No longer a manager while the modal is open: an agent, who may not change annual purchases.
  await app.setSettings((s) => ({ ...s, managers: [MANAGER1] }));

  const refused = await submit(modal, 'V0TYPED013', { annual_revenue: '5000000' }, MANAGER2);
  expect(refused).toEqual(
    refusedInAck({ annual_revenue: 'Only the owner or a manager can change this.' }),
  );
  const stored = (await app.db.models.customers.findOne({ code }).lean())!;
  expect(stored.annualRevenue).toBe(1000);
});

/** A customer whose primary contact Zhang Wei has Li Na after him. */
async function twoContacts(): Promise<{ code: string; zhang: string }> {
  const { code } = await makeCustomer(app, { contact: { name: 'Zhang Wei' } });
  await app.desk.services.customers.saveContact(await ctxOf(app, OWNER), code, undefined, {
    name: 'Li Na',
  });
  const stored = (await app.db.models.customers.findOne({ code }).lean())!;
  return { code, zhang: stored.contacts[0]!.key };
}

test('Edit customer: the contact it opened with removed since, refused on the contact in the ack, nothing saved', async () => {
  const { code, zhang } = await twoContacts();
  const modal = await editOf(code);
  await app.desk.services.customers.removeContact(await ctxOf(app, OWNER), code, zhang);

  const refused = await submit(
    modal,
    'V0TYPED008',
    { contact_phone: '137 0013 7000', region: 'East China' },
    OWNER,
  );
  expect(refused).toEqual(
    refusedInAck({
      contact_name:
        'The contacts changed since this form opened (the primary contact was removed or replaced): close it and open Edit again, or change the contact in Contacts.',
    }),
  );
  const stored = (await app.db.models.customers.findOne({ code }).lean())!;
  expect(stored.contacts.map((c) => [c.name, c.phone])).toEqual([['Li Na', undefined]]);
  expect(stored.region).toBeUndefined();
});

test('Edit customer: the contact removed after the checks passed (the race lost) refused by the save, on its saving view; nothing saved', async () => {
  const { code, zhang } = await twoContacts();
  const modal = await editOf(code);
  const customers = app.desk.services.customers;
  const check = customers.checkUpdate.bind(customers);
  const spy = vi.spyOn(customers, 'checkUpdate').mockImplementation(async (...args) => {
    await check(...args);
    await customers.removeContact(await ctxOf(app, OWNER), code, zhang);
  });
  try {
    const updates = app.fake.callsTo('views.update').length;
    const res = await app.slack.submitView(
      { ...modal, id: 'V0TYPED009' },
      { contact_phone: '137 0013 7000', region: 'East China' },
      { userId: OWNER },
    );
    const body = res.body as { response_action: string; view: View & { external_id: string } };
    expect(body.response_action).toBe('push');
    const pushed = () =>
      app.fake
        .callsTo('views.update')
        .slice(updates)
        .filter((c) => c.args.external_id === body.view.external_id);
    await app.fake.callArrives(() => pushed().length > 0);
    expect(pushed()).toHaveLength(1);
    expect((pushed()[0]!.args.view as View).blocks[0].text.text).toContain(
      'The contacts changed since this form opened',
    );
  } finally {
    spy.mockRestore();
  }
  const stored = (await app.db.models.customers.findOne({ code }).lean())!;
  expect(stored.region).toBeUndefined();
});

test('Settings → Channels: a private channel the app is not in refused on its field in the ack, not on a saving view; nothing saved', async () => {
  const ADMIN = 'U0ADMIN001';
  const PRIVATE = 'C0PRIVATE1';
  await app.setSettings(() => ({ admins: [ADMIN] }));
  app.fake.channels.set(PRIVATE, { is_private: true, is_member: false });
  const modal = await opened(() =>
    app.slack.command('/desk', 'settings channels', { userId: ADMIN }),
  );

  const refused = await submit(modal, 'V0TYPED006', { channel_triage: PRIVATE }, ADMIN);
  expect(refused).toEqual(
    refusedInAck({ channel_triage: expect.stringContaining('Invite the app first') }),
  );
  const settings = await app.desk.services.workspaces.settings(FAKE_TEAM_ID);
  expect(settings.channels.triage).toBeUndefined();
});

test('Settings → Channels: a channel linked to a customer refused on its field in the ack, not on a saving view; nothing saved', async () => {
  const ADMIN = 'U0ADMIN001';
  const CUST = 'C0CUSTLNK1';
  await app.setSettings(() => ({ admins: [ADMIN] }));
  const { code } = await makeCustomer(app);
  await app.desk.services.channels.link(await ctxOf(app, ADMIN), {
    channelId: CUST,
    customerCode: code,
    shared: false,
  });
  const modal = await opened(() =>
    app.slack.command('/desk', 'settings channels', { userId: ADMIN }),
  );
  const asked = app.fake.callsTo('conversations.info').length;

  const refused = await submit(modal, 'V0TYPED008', { channel_alerts: CUST }, ADMIN);
  expect(refused).toEqual(
    refusedInAck({
      channel_alerts: expect.stringContaining(
        `This is the customer channel of Huadong Machinery (${code})`,
      ),
    }),
  );
  // Not asked of Slack: refused already.
  expect(app.fake.callsTo('conversations.info').length).toBe(asked);
  const settings = await app.desk.services.workspaces.settings(FAKE_TEAM_ID);
  expect(settings.channels.alerts).toBeUndefined();
});

test('Erase (a Slack user): acked at once with "Erasing…" (no Erase button), the outcome on the view once done; pressed again while it runs, told so and not erased twice', async () => {
  const ADMIN = 'U0ADMIN001';
  const REQ = 'U0CUSTREQ1';
  await app.setSettings(() => ({ agents: [AGENT], admins: [ADMIN] }));
  const { code } = await makeCustomer(app);
  const { number } = await makeTicket(app, {
    customerCode: code,
    title: 'Coolant leak on line 3',
    requester: { userId: REQ, via: 'slack' },
  });
  await app.slack.command('/desk', `privacy erase user:<@${REQ}>`, { userId: ADMIN });
  // The erase modal once their entries are counted (it opens before).
  const counted = (c: { method: string; args: Record<string, any> }) =>
    c.method === 'views.update' && JSON.stringify(c.args.view).includes('They have no entry');
  await app.fake.callArrives(counted);
  const modal = app.fake.calls.filter(counted).at(-1)!.args.view as View;
  expect(modal.callback_id).toBe('privacy_erase');

  // The erasure (whole collections read) held until the test lets it go.
  const flows = app.desk.flows.privacy;
  const eraseUser = flows.eraseUser.bind(flows);
  let letGo!: () => void;
  const gate = new Promise<void>((resolve) => (letGo = resolve));
  let started!: () => void;
  const erasing = new Promise<void>((resolve) => (started = resolve));
  const spy = vi.spyOn(flows, 'eraseUser').mockImplementation(async (...args) => {
    started();
    await gate;
    return eraseUser(...args);
  });
  try {
    const first = await submit(modal, 'V0ERASE001', {}, ADMIN);
    expect(first.body).toMatchObject({
      response_action: 'update',
      view: { title: { text: 'Erase personal data' } },
    });
    expect(JSON.stringify(first.body)).toContain('Erasing…');
    expect((first.body as View).view.submit).toBeUndefined();
    // Pressed again (the same subject's modal, or the press delivered twice) while it runs.
    await erasing;
    const again = await submit(modal, 'V0ERASE002', {}, ADMIN);
    expect(JSON.stringify(again.body)).toContain('Erasing…'); // acked at once, then told
    const told = (c: { method: string; args: Record<string, any> }) =>
      c.method === 'views.update' && c.args.view_id === 'V0ERASE002';
    await app.fake.callArrives(told);
    expect(JSON.stringify(app.fake.calls.find(told)!.args.view)).toContain(
      'This is being erased already',
    );
    expect(spy).toHaveBeenCalledTimes(1);

    letGo();
    const done = (c: { method: string; args: Record<string, any> }) =>
      c.method === 'views.update' && c.args.view_id === 'V0ERASE001';
    await app.fake.callArrives(done);
    const outcome = JSON.stringify(app.fake.calls.find(done)!.args.view);
    expect(outcome).toContain(`Erased what the desk held of <@${REQ}>`);
    expect(outcome).not.toContain('"submit"');
    expect(spy).toHaveBeenCalledTimes(1);
    const kept = (await app.db.models.tickets.findOne({ number }).lean()) as any;
    expect(kept.title).toBe('[erased]');
    expect(await app.db.models.privacyLog.countDocuments({ kind: 'erase' })).toBe(1);
  } finally {
    spy.mockRestore();
  }
});

test('Erase (a Slack user) that fails after its writes (the privacy log refused): the view says not finished, to run again, not "not erased"; run again, it is recorded', async () => {
  const ADMIN = 'U0ADMIN001';
  const REQ = 'U0CUSTREQ1';
  await app.setSettings(() => ({ agents: [AGENT], admins: [ADMIN] }));
  const { code } = await makeCustomer(app);
  const { number } = await makeTicket(app, {
    customerCode: code,
    title: 'Coolant leak on line 3',
    requester: { userId: REQ, via: 'slack' },
  });
  const counted = (c: { method: string; args: Record<string, any> }) =>
    c.method === 'views.update' && JSON.stringify(c.args.view).includes('They have no entry');
  const eraseModal = async () => {
    const before = app.fake.calls.filter(counted).length;
    await app.slack.command('/desk', `privacy erase user:<@${REQ}>`, { userId: ADMIN });
    await app.fake.callArrives((c) => counted(c) && app.fake.calls.filter(counted).length > before);
    return app.fake.calls.filter(counted).at(-1)!.args.view as View;
  };
  const outcomeOf = async (viewId: string) => {
    const done = (c: { method: string; args: Record<string, any> }) =>
      c.method === 'views.update' && c.args.view_id === viewId;
    await app.fake.callArrives(done);
    return JSON.stringify(app.fake.calls.find(done)!.args.view);
  };

  const spy = vi
    .spyOn(app.desk.services.privacyLog, 'record')
    .mockRejectedValueOnce(new Error('write concern timeout'));
  try {
    await submit(await eraseModal(), 'V0ERASE101', {}, ADMIN);
    const failed = await outcomeOf('V0ERASE101');
    expect(failed).toContain('Not finished: something failed on our side');
    expect(failed).not.toContain('Not erased');
    // Part of it was erased already.
    expect(((await app.db.models.tickets.findOne({ number }).lean()) as any).title).toBe(
      '[erased]',
    );
  } finally {
    spy.mockRestore();
  }
  // Run again: it finishes, and the erasure is in the privacy log.
  await submit(await eraseModal(), 'V0ERASE102', {}, ADMIN);
  expect(await outcomeOf('V0ERASE102')).toContain(`Erased what the desk held of <@${REQ}>`);
  expect(await app.db.models.privacyLog.countDocuments({ kind: 'erase' })).toBe(1);
});

test('Settings → Channels: conversations.info not answering (the Web client would retry for half an hour) does not hold the save: the channel is taken as picked at the wait, saved, logged', async () => {
  const ADMIN = 'U0ADMIN001';
  const SLOW = 'C0SLOWCH01';
  await app.setSettings(() => ({ admins: [ADMIN] }));
  const modal = await opened(() =>
    app.slack.command('/desk', 'settings channels', { userId: ADMIN }),
  );
  const held = app.fake.holdNext('conversations.info');
  channelWaitOver = undefined;
  const updates = app.fake.callsTo('views.update').length;
  const res = app.slack.submitView(
    { ...modal, id: 'V0TYPED007' },
    { channel_digest: SLOW },
    {
      userId: ADMIN,
    },
  );
  await held.arrived;
  await vi.waitFor(() => expect(channelWaitOver).toBeDefined(), { timeout: 15_000 });
  channelWaitOver!();
  await res;
  // Saved, and the saving view says so, while Slack has still not answered.
  await app.fake.callArrives(
    (c) => c.method === 'views.update' && app.fake.callsTo('views.update').length > updates,
  );
  const settings = await app.desk.services.workspaces.settings(FAKE_TEAM_ID);
  expect(settings.channels.digest).toBe(SLOW);
  expect(app.logs.map((l) => l.msg)).toContain(
    'conversations.info late: the channel is taken as picked',
  );
  held.release();
  await held.answered;
});
