// The customer file (#11) through the real Bolt HTTP path: several contacts edited in the
// Contacts modal, the card's figures from orders and its service history, tag families and the
// needs matrix, and files recorded more than 24 h after the first contact.
import { describe, expect, test } from 'vitest';
import { trusted } from 'mongoose';
import { SYSTEM_ACTOR } from '../../src/context.js';
import { importCustomers } from '../../src/customer/csv.js';
import { weekContaining } from '../../src/digest/service.js';
import { customerSignalsJob } from '../../jobs/customer-signals.js';
import { useTestApp } from '../helpers/app.js';
import { runJobAt } from '../helpers/jobs.js';
import { act, ctxOf, makeCustomer, makeTicket, OWNER } from '../helpers/factories.js';
import { contactRecorded } from '../helpers/complaints.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { NEW_CUSTOMER_FORM } from '../helpers/records.js';
import { saved } from '../helpers/walk.js';
import { submitLastModal } from '../helpers/clicks.js';
import { fields } from '../helpers/ui.js';
import type { KnownBlock } from '@slack/types';

const OTHER = 'U0OTHER001';
const MANAGER = 'U0MANAGER1';

// 2026-11-24 10:00 in Shanghai, the workspace's zone.
const app = useTestApp({ now: '2026-11-24T02:00:00Z' });

/** The view the app last opened, pushed or updated. */
function lastView(): Record<string, any> {
  const calls = app.fake.calls.filter((c) =>
    ['views.open', 'views.update', 'views.push'].includes(c.method),
  );
  return calls[calls.length - 1]!.args.view as Record<string, any>;
}

/** `/customer new`, filled in and saved; the new customer's code. */
async function createCustomer(form: Record<string, string> = {}, userId = OWNER) {
  const before = app.fake.callsTo('views.open').length;
  await app.slack.command('/customer', 'new', { userId });
  const view = app.fake.callsTo('views.open')[before]!.args.view as Record<string, unknown>;
  const res = await app.slack.submitView(view, { ...NEW_CUSTOMER_FORM, ...form }, { userId });
  expect(res.body, JSON.stringify(res.body)).toBe('');
  const doc = await app.db.models.customers
    .findOne({ teamId: FAKE_TEAM_ID })
    .sort({ createdAt: -1, _id: -1 })
    .lean();
  return doc!.code;
}

const cardButton = (code: string, action: string) => ({
  action_id: action,
  value: code,
  block_id: 'customer_actions',
});

/** The card as `userId` sees it (`/customer <code>`), as one string. */
async function cardText(code: string, userId = OWNER): Promise<string> {
  const res = await app.slack.command('/customer', code, { userId });
  return JSON.stringify(res.body.blocks);
}

/** Opens the Contacts modal from the card; the list view (with its id, as Slack gives it). */
async function openContacts(code: string, userId = OWNER): Promise<Record<string, any>> {
  await app.slack.blockAction(cardButton(code, 'customer_contacts_open'), { userId });
  const view = lastView();
  return { ...view, id: 'V0CONTACTS1', state: { values: {} } };
}

/** A view the app sent, as Slack then shows it (its id, an empty state). */
const asOpen = (view: unknown): Record<string, any> => ({
  ...(view as Record<string, any>),
  id: 'V0CONTACTS1',
  state: { values: {} },
});

/** The contact lines of the Contacts modal, in order. */
const contactLines = (view: Record<string, any>) =>
  (view.blocks as any[])
    .filter((b) => b.type === 'section' && b.block_id?.startsWith('contact_'))
    .map((b) => b.text.text as string);

/** A choice in a contact's menu in the Contacts modal. */
function menu(view: Record<string, any>, index: number, what: string, userId = OWNER) {
  const block = (view.blocks as any[]).filter((b) => b.block_id?.startsWith('contact_'))[index];
  const option = block.accessory.options.find((o: any) => o.value.startsWith(`${what}:`));
  expect(option, what).toBeTruthy();
  return app.slack.blockAction(
    {
      action_id: 'customer_contact_menu',
      block_id: block.block_id,
      type: 'overflow',
      selected_option: option,
    },
    { userId, view },
  );
}

describe('several contacts per customer, from the Contacts modal', () => {
  test('a contact saved while Slack rate-limits the redraw of the list is saved and never reported as "nothing was changed"', async () => {
    const code = await createCustomer();
    const list = await openContacts(code);
    await app.slack.blockAction(
      { action_id: 'customer_contact_add', value: code, block_id: 'contact_actions' },
      { userId: OWNER, view: list },
    );
    const form = app.fake.callsTo('views.push').at(-1)!.args.view as Record<string, any>;
    app.fake.reset();
    app.fake.rateLimitNext('views.update', 30);
    const added = await app.slack.submitView(
      form,
      { contact_name: 'Li Na', contact_title: 'Buyer' },
      { userId: OWNER },
    );
    expect(added.body).toBe('');
    const reopened = await openContacts(code);
    app.fake.rateLimitNext('views.update', 30);
    await menu(reopened, 1, 'primary');
    const customer = await app.db.models.customers.findOne({ code }).lean();
    expect(customer!.contacts.map((c) => c.name)).toEqual(['Li Na', 'Zhang Wei']);
    // Nobody is told the change was not made (it was): no error message at all.
    const told = [
      ...app.fake.callsTo('chat.postEphemeral'),
      ...app.fake.callsTo('chat.postMessage'),
    ].map((c) => JSON.stringify(c.args));
    expect(told.filter((t) => /refused|nothing was changed/i.test(t))).toEqual([]);
  });

  test('add, edit, make primary and remove; each change is logged naming the contact', async () => {
    const code = await createCustomer();
    let list = await openContacts(code);
    expect(list.title.text).toBe('Contacts');
    expect(contactLines(list)).toEqual([
      '*Zhang Wei* · Purchasing manager · 138 1234 5678 · _primary_',
    ]);

    // Add: the form is pushed over the list; saving closes it and the list shows both.
    await app.slack.blockAction(
      { action_id: 'customer_contact_add', value: code, block_id: 'contact_actions' },
      { userId: OWNER, view: list },
    );
    const form = app.fake.callsTo('views.push').at(-1)!.args.view as Record<string, any>;
    expect(form.title.text).toBe('Add contact');
    expect(form.submit.text).toBe('Save contact');
    // The name is required (and says so, with no "(optional)"); the details are optional.
    const optional = (id: string) => (form.blocks as any[]).find((b) => b.block_id === id).optional;
    expect(optional('contact_name')).toBe(false);
    expect(optional('contact_phone')).toBe(true);
    const bad = await submitLastModal(
      app,
      { contact_name: 'zhang wei', contact_title: 'Buyer' },
      OWNER,
      { expect: 'any' },
    );
    expect(bad.body).toEqual({
      response_action: 'errors',
      errors: { contact_name: 'This customer already has a contact named zhang wei.' },
    });
    const added = await app.slack.submitView(
      form,
      {
        contact_name: 'Li Na',
        contact_role: 'daily',
        contact_title: 'Purchasing assistant',
        contact_email: 'li.na@huadong.example.com',
        contact_birthday: '05-12',
        contact_channel: 'WeChat',
        contact_opt_outs: 'holiday greetings, marketing',
      },
      { userId: OWNER },
    );
    expect(added.body).toBe('');
    const update = app.fake.callsTo('views.update').at(-1)!.args;
    expect(update.view_id).toBe('V0CONTACTS1');
    list = asOpen(update.view);
    expect(contactLines(list)).toEqual([
      '*Zhang Wei* · Purchasing manager · 138 1234 5678 · _primary_',
      // How she wants to be reached is on her line, where whoever calls or greets her reads it.
      '*Li Na* · Day-to-day counterpart · Purchasing assistant · li.na@huadong.example.com · prefers WeChat · opted out of holiday greetings, marketing',
    ]);

    // Edit the first contact's role: only what changed is written.
    await menu(list, 0, 'edit');
    const edit = app.fake.callsTo('views.push').at(-1)!.args.view as Record<string, any>;
    expect(edit.title.text).toBe('Edit contact');
    await submitLastModal(app, { contact_role: 'main' }, OWNER);

    // Make Li Na primary, then remove Zhang Wei.
    list = asOpen(app.fake.callsTo('views.update').at(-1)!.args.view);
    await menu(list, 1, 'primary');
    list = asOpen(app.fake.callsTo('views.update').at(-1)!.args.view);
    expect(contactLines(list)[0]).toContain('*Li Na*');
    expect(contactLines(list)[0]).toContain('_primary_');
    // Remove asks first, naming the contact and the customer; nothing goes until it is confirmed.
    const updates = app.fake.callsTo('views.update').length;
    await menu(list, 1, 'remove');
    const ask = app.fake.callsTo('views.push').at(-1)!.args.view as Record<string, any>;
    expect(ask.title.text).toBe('Remove contact');
    expect(ask.submit.text).toBe('Remove');
    expect(ask.blocks[0].text.text).toBe(
      'Remove *Zhang Wei* from *Shanghai Huadong Machinery* (' +
        code +
        ')? The customer’s change log keeps the removal.',
    );
    expect(app.fake.callsTo('views.update')).toHaveLength(updates);
    expect((await app.db.models.customers.findOne({ code }).lean())!.contacts).toHaveLength(2);
    await submitLastModal(app, {}, OWNER);
    const redrawn = app.fake.callsTo('views.update').at(-1)!.args;
    expect(redrawn.view_id).toBe('V0CONTACTS1');
    list = asOpen(redrawn.view);
    expect(contactLines(list)).toHaveLength(1);

    const customer = await app.db.models.customers.findOne({ code }).lean();
    expect(customer!.contacts).toMatchObject([
      {
        name: 'Li Na',
        role: 'daily',
        birthday: '05-12',
        preferredChannel: 'WeChat',
        optOuts: ['holiday greetings', 'marketing'],
      },
    ]);
    const log = await app.db.models.customerChanges
      .find({ teamId: FAKE_TEAM_ID, field: trusted({ $ne: 'created' }) })
      .sort({ _id: 1 })
      .lean();
    expect(log.map((c) => [c.field, c.oldValue, c.newValue, c.subject ?? null])).toEqual([
      ['contact.name', null, 'Li Na', 'Li Na'],
      ['contact.role', null, 'daily', 'Li Na'],
      ['contact.title', null, 'Purchasing assistant', 'Li Na'],
      ['contact.email', null, 'li.na@huadong.example.com', 'Li Na'],
      ['contact.birthday', null, '05-12', 'Li Na'],
      ['contact.preferredChannel', null, 'WeChat', 'Li Na'],
      ['contact.optOuts', null, 'holiday greetings, marketing', 'Li Na'],
      ['contact.role', null, 'main', 'Zhang Wei'],
      ['contacts.primary', 'Zhang Wei', 'Li Na', null],
      ['contact.name', 'Zhang Wei', null, 'Zhang Wei'],
    ]);

    // History names the contact, and masks contact data for someone else.
    await app.slack.blockAction(cardButton(code, 'customer_history'), { userId: OTHER });
    const history = JSON.stringify(app.fake.callsTo('response_url').at(-1)!.args.blocks);
    expect(history).toContain('Contact email (Li Na): (empty) → l***@huadong.example.com');
    expect(history).toContain('Primary contact: Zhang Wei → Li Na');
  });

  test('Remove asks first, naming the contact (escaped) and who becomes primary; Cancel keeps it, Remove takes it off and logs it; in Chinese too', async () => {
    const code = await createCustomer({ contact_name: 'Bo <!channel> *Wu*' });
    let list = await openContacts(code);
    await app.slack.blockAction(
      { action_id: 'customer_contact_add', value: code, block_id: 'contact_actions' },
      { userId: OWNER, view: list },
    );
    await submitLastModal(app, { contact_name: 'Li Na', contact_title: 'Buyer' }, OWNER);
    list = asOpen(app.fake.callsTo('views.update').at(-1)!.args.view);

    // The primary's Remove: the question, over the list; nothing removed, nothing logged yet.
    const changesBefore = await app.db.models.customerChanges.countDocuments({
      teamId: FAKE_TEAM_ID,
    });
    await menu(list, 0, 'remove');
    const ask = app.fake.callsTo('views.push').at(-1)!.args.view as Record<string, any>;
    expect(ask.callback_id).toBe('customer_contact_remove');
    expect(ask.close.text).toBe('Cancel');
    expect((ask.blocks as any[]).map((b) => b.text.text)).toEqual([
      `Remove *Bo &lt;!channel&gt; ∗Wu∗* from *Shanghai Huadong Machinery* (${code})? The customer’s change log keeps the removal.`,
      '*Li Na* becomes the primary contact.',
    ]);
    expect(JSON.stringify(ask)).not.toContain('<!channel>');
    // Closed with Cancel: Slack sends nothing (notify_on_close is not set), the contact stays.
    expect(ask.notify_on_close).toBeUndefined();
    let customer = await app.db.models.customers.findOne({ code }).lean();
    expect(customer!.contacts.map((c) => c.name)).toEqual(['Bo <!channel> *Wu*', 'Li Na']);
    expect(await app.db.models.customerChanges.countDocuments({ teamId: FAKE_TEAM_ID })).toBe(
      changesBefore,
    );

    // Remove: gone, Li Na primary, the change logged naming the contact, the list redrawn.
    await submitLastModal(app, {}, OWNER);
    customer = await app.db.models.customers.findOne({ code }).lean();
    expect(customer!.contacts.map((c) => c.name)).toEqual(['Li Na']);
    const log = await app.db.models.customerChanges
      .find({ teamId: FAKE_TEAM_ID, field: trusted({ $ne: 'created' }) })
      .sort({ _id: 1 })
      .lean();
    expect(
      log.slice(-2).map((c) => [c.field, c.oldValue, c.newValue, c.subject ?? null, c.by]),
    ).toEqual([
      ['contact.name', 'Bo <!channel> *Wu*', null, 'Bo <!channel> *Wu*', OWNER],
      ['contacts.primary', 'Bo <!channel> *Wu*', 'Li Na', null, OWNER],
    ]);
    const redrawn = app.fake.callsTo('views.update').at(-1)!.args;
    expect(redrawn.view_id).toBe('V0CONTACTS1');
    expect(contactLines(asOpen(redrawn.view))).toEqual(['*Li Na* · Buyer · _primary_']);

    // The same question in Chinese.
    await app.setSettings(() => ({ locale: 'zh-CN' }));
    await menu(asOpen(redrawn.view), 0, 'remove');
    const zh = app.fake.callsTo('views.push').at(-1)!.args.view as Record<string, any>;
    expect(zh.title.text).toBe('删除联系人');
    expect(zh.submit.text).toBe('删除');
    expect((zh.blocks as any[]).map((b) => b.text.text)).toEqual([
      `要从 *Shanghai Huadong Machinery*（${code}）删除联系人 *Li Na* 吗？客户的变更记录会保留这次删除。`,
    ]);
  });

  test('the card lists the contacts with their roles, masked for others', async () => {
    const code = await createCustomer({ contact_name: 'Zhang Wei' });
    const list = await openContacts(code);
    await app.slack.blockAction(
      { action_id: 'customer_contact_add', value: code, block_id: 'contact_actions' },
      { userId: OWNER, view: list },
    );
    await submitLastModal(
      app,
      {
        contact_name: 'Li Na',
        contact_title: 'Buyer',
        contact_role: 'main',
        contact_phone: '13900001111',
      },
      OWNER,
    );
    expect(await cardText(code, OWNER)).toContain(
      '*Li Na* · Main responsible person · Buyer · 139 0000 1111',
    );
    const other = await cardText(code, OTHER);
    expect(other).toContain('*Li Na* · Main responsible person · Buyer · 139****1111');
    expect(other).not.toContain('139 0000 1111');
    // Someone else's Contacts modal is masked as well.
    const theirs = await openContacts(code, OTHER);
    expect(JSON.stringify(theirs.blocks)).toContain('139****1111');
  });

  test("the card says how each contact wants to be reached: preferred channel and opt-outs, in the reader's language", async () => {
    // Before a care contact or a greeting, the agent opens the card: the contact who prefers
    // email and opted out of holiday greetings must not be phoned with season's greetings.
    const code = await createCustomer({ contact_name: 'Sun Hui', contact_phone: '13900002222' });
    await app.slack.blockAction(cardButton(code, 'customer_edit_open'), { userId: OWNER });
    saved(
      await app.slack.submitView(
        lastView(),
        { contact_channel: 'email', contact_opt_outs: 'holiday greetings' },
        { userId: OWNER },
      ),
    );
    expect(await cardText(code, OTHER)).toContain(
      '*Sun Hui* · Purchasing manager · 139****2222 · prefers email · opted out of holiday greetings',
    );
    await app.setSettings(() => ({ locale: 'zh-CN' }));
    expect(await cardText(code, OTHER)).toContain(
      '*Sun Hui* · Purchasing manager · 139****2222 · 偏好“email” · 不接收“holiday greetings”',
    );
  });

  test('someone with no role cannot add a contact: no form is pushed, the refusal is, over the list; nothing is saved', async () => {
    const code = await createCustomer();
    await app.setSettings(() => ({ openDesk: false }));
    const list = await openContacts(code, OTHER);
    const pushes = app.fake.callsTo('views.push').length;
    await app.slack.blockAction(
      { action_id: 'customer_contact_add', value: code, block_id: 'contact_actions' },
      { userId: OTHER, view: list },
    );
    const pushed = app.fake.callsTo('views.push').slice(pushes);
    expect(pushed.map((c) => (c.args.view as any).title.text)).toEqual(['Not done']);
    expect(JSON.stringify((pushed[0]!.args.view as any).blocks)).toContain(
      'Only the service team, the owner (<@U0OWNER001>) and managers can change this customer.',
    );
    // When Slack will not show it (three views stacked, the trigger used), the refusal comes
    // by DM instead.
    app.fake.failNext('views.push', 'push_limit_reached');
    await app.slack.blockAction(
      { action_id: 'customer_contact_add', value: code, block_id: 'contact_actions' },
      { userId: OTHER, view: list },
    );
    const dms = app.fake.callsTo('chat.postMessage').filter((c) => c.args.channel === OTHER);
    expect(dms.map((c) => c.args.text)).toEqual([
      expect.stringContaining('Only the service team, the owner'),
    ]);
    // Remove: refused before it asks (the refusal pushed, no question), nothing removed.
    const asked = app.fake.callsTo('views.push').length;
    await menu(list, 0, 'remove', OTHER);
    expect(
      app.fake
        .callsTo('views.push')
        .slice(asked)
        .map((c) => (c.args.view as any).title.text),
    ).toEqual(['Not done']);
    const customer = await app.db.models.customers.findOne({ code }).lean();
    expect(customer!.contacts).toHaveLength(1);
  });
});

describe('a contact form that names a view under it the desk did not push it over for its submitter', () => {
  const VICTIM = 'V0VICTIM001';
  const warned = () =>
    app.logs.filter((l) => l.level === 40 && String(l.msg).includes('did not sign'));
  const updatesOf = (viewId: string) =>
    app.fake.callsTo('views.update').filter((c) => c.args.view_id === viewId);

  test('forged parentView, or another person’s form submitted: the contact is saved, nobody else’s modal is redrawn', async () => {
    const code = await createCustomer();
    const list = await openContacts(code);
    await app.slack.blockAction(
      { action_id: 'customer_contact_add', value: code, block_id: 'contact_actions' },
      { userId: OWNER, view: list },
    );
    const form = app.fake.callsTo('views.push').at(-1)!.args.view as Record<string, any>;

    // The form's metadata names another person's open modal: saved, that modal untouched.
    const forged = {
      ...form,
      private_metadata: JSON.stringify({
        ...JSON.parse(form.private_metadata),
        parentView: VICTIM,
      }),
    };
    const res = await app.slack.submitView(
      forged,
      { contact_name: 'Li Na', contact_title: 'Buyer' },
      { userId: OWNER },
    );
    expect(res.body).toBe('');
    expect(updatesOf(VICTIM)).toEqual([]);
    expect(updatesOf(list.id)).toEqual([]);

    // OWNER's form submitted by OTHER: saved (OTHER may change contacts), OWNER's list untouched.
    await app.slack.submitView(
      form,
      { contact_name: 'Wang Fang', contact_title: 'Buyer' },
      { userId: OTHER },
    );
    expect(updatesOf(list.id)).toEqual([]);
    const customer = await app.db.models.customers.findOne({ code }).lean();
    expect(customer!.contacts.map((c) => c.name)).toEqual(['Zhang Wei', 'Li Na', 'Wang Fang']);
    expect(warned()).toHaveLength(2);
    expect(JSON.stringify(warned())).not.toMatch(/Li Na|Wang Fang/);

    // The form as the desk pushed it, saved by the person it was pushed for: the list is redrawn.
    await app.slack.submitView(
      form,
      { contact_name: 'Zhao Lei', contact_title: 'Buyer' },
      { userId: OWNER },
    );
    expect(updatesOf(list.id)).toHaveLength(1);
    expect(JSON.stringify(updatesOf(list.id)[0]!.args.view)).toContain('Zhao Lei');
    expect(warned()).toHaveLength(2);
  });
});

describe('the card: type, notes, figures from orders, service history', () => {
  test('type, occupation, address, cooperation start and notes are edited in Slack and shown', async () => {
    const code = await createCustomer();
    await app.slack.blockAction(cardButton(code, 'customer_edit_open'), { userId: OWNER });
    const res = await app.slack.submitView(
      lastView(),
      {
        customer_type: 'person',
        occupation: 'Architect',
        address: '88 Century Avenue, Pudong',
        cooperation_start: '2023-06-01',
        notes: 'Calls after 14:00 only',
      },
      { userId: OWNER },
    );
    expect(res.body).toBe('');
    const card = await cardText(code);
    expect(card).toContain('*Customer type*\\nPerson · Architect');
    expect(card).toContain('*Address*\\n88 Century Avenue, Pudong');
    expect(card).toContain('*Cooperation*\\n3 years (since 2023-06-01)');
    expect(card).toContain('*Notes*\\nCalls after 14:00 only');
  });

  test('years of cooperation, last order, historic total and orders in 12 months, from the orders', async () => {
    const code = await createCustomer();
    for (const [date, amount, number] of [
      ['2024-02-10', '300000', 'SO-1'],
      ['2025-12-01', '200000', 'SO-2'],
      ['2026-10-15', '150000', 'SO-3'],
    ] as const) {
      await app.slack.blockAction(cardButton(code, 'customer_order_open'), { userId: OWNER });
      const res = await app.slack.submitView(
        lastView(),
        { date, amount, number },
        { userId: OWNER },
      );
      expect(res.body).toBe('');
    }
    const card = await cardText(code);
    expect(card).toContain('*Cooperation*\\n2 years (since 2024-02-10)');
    expect(card).toContain('*Last order*\\n2026-10-15');
    expect(card).toContain('*Historic total*\\n650,000 CNY');
    expect(card).toContain('*Orders, last 12 months*\\n2');
    expect(card).toContain('*Annual purchases*\\n350,000 CNY');
  });

  test('service history: open tickets linked, the last five closed with resolution and satisfaction, complaints, last revisit', async () => {
    const code = await createCustomer();
    const open = await makeTicket(app, { customerCode: code, title: 'Spindle noise' });
    await app.db.models.tickets.updateOne(
      { _id: open.id },
      { $set: { 'card.permalink': 'https://fake.slack.com/archives/C0TRIAGE/p1' } },
    );
    const resolved: string[] = [];
    for (let i = 1; i <= 6; i++) {
      const ticket = await makeTicket(app, {
        customerCode: code,
        title: `Issue ${i}`,
        ...(i <= 2 ? { type: 'complaint' } : {}),
      });
      await act(app, ticket.number, { action: 'claim' });
      if (i <= 2) await contactRecorded(app, ticket.number);
      app.clock.advance(60_000);
      await act(app, ticket.number, {
        action: 'resolve',
        summary: `Fixed ${i}`,
        // A complaint resolves with its root cause and corrective action.
        ...(i <= 2 ? { rootCause: 'product', correctiveAction: `Checked batch ${i}` } : {}),
      });
      resolved.push(ticket.number);
    }
    // The revisit of the latest resolution, done with a satisfaction of 4.
    const last = await app.db.models.tickets.findOne({ number: resolved[5] }).lean();
    const revisit = await app.db.models.tasks
      .findOne({ teamId: FAKE_TEAM_ID, ticketId: String(last!._id), kind: 'revisit' })
      .lean();
    await app.desk.services.tasks.complete(
      await ctxOf(app, revisit!.assigneeId),
      String(revisit!._id),
      () => ({
        interactionType: 'call',
        summary: 'Running fine',
        solved: true,
        satisfaction: 4,
      }),
    );

    const card = await cardText(code);
    expect(card).toContain('*Service history*');
    expect(card).toContain(
      `Open: <https://fake.slack.com/archives/C0TRIAGE/p1|${open.number}> Spindle noise`,
    );
    expect(card).toContain(`${resolved[5]} · `);
    // The revisit's score once, on its own line: not again on its ticket's.
    expect(card).toContain('Fixed 6');
    expect(card).not.toContain('Fixed 6 · satisfaction');
    expect(card).toContain('Fixed 2');
    expect(card).not.toContain('Fixed 1'); // the sixth closed one is beyond the last five
    expect(card).toContain('Complaints in the last 12 months: 2');
    expect(card).toMatch(
      new RegExp(
        `Last revisit, of ${resolved[5]} \\(.+\\): solved · satisfaction 4/5 · Running fine`,
      ),
    );
    const res = await app.slack.command('/customer', code, { userId: OWNER });
    expect(res.body.blocks.length).toBeLessThanOrEqual(50);

    // A revisit done with the scores alone: the summary the desk wrote from them ("Revisit of
    // T…: solved. Satisfaction 5/5, NPS 9.") said them a second time on the card (revweekzh
    // F10): the line says each once, in either language.
    const before = await app.db.models.tickets.findOne({ number: resolved[4] }).lean();
    const scoresOnly = await app.db.models.tasks
      .findOne({ teamId: FAKE_TEAM_ID, ticketId: String(before!._id), kind: 'revisit' })
      .lean();
    app.clock.advance(60_000);
    await app.desk.services.tasks.complete(
      await ctxOf(app, scoresOnly!.assigneeId),
      String(scoresOnly!._id),
      () => ({ interactionType: 'call', summary: '', solved: true, satisfaction: 5, nps: 9 }),
    );
    // The card's service history (the call itself is listed under the interactions, as logged).
    const history = (card: string) =>
      (JSON.parse(card) as { text?: { text: string } }[])
        .map((b) => b.text?.text ?? '')
        .find((text) => /Last revisit|最近回访/.test(text)) ?? '';
    const scored = history(await cardText(code));
    expect(scored).toMatch(
      new RegExp(`Last revisit, of ${resolved[4]} \\(.+\\): solved · satisfaction 5/5 · NPS 9`),
    );
    expect(scored).not.toContain('Revisit of');
    expect(scored.match(/5\/5/g)).toHaveLength(1);
    // The earlier revisit's ticket has its score back on its line (it is no longer the last).
    expect(scored).toContain('Fixed 6 · satisfaction 4/5');
    await app.setSettings(() => ({ locale: 'zh-CN' }));
    const zh = history(await cardText(code));
    expect(zh).toMatch(new RegExp(`最近回访（${resolved[4]}，.+）：已解决 · 满意度 5/5 · NPS 9`));
    expect(zh).not.toContain('回访：已解决');
    expect(zh).toContain('最近回访');
    expect(zh.match(/5\/5/g)).toHaveLength(1);
  });
});

/** A block of a view by its id. */
const blockOf = (view: Record<string, any>, id: string) =>
  (view.blocks as any[]).find((b) => b.block_id === id);

/** The values a multi-select offers, or has chosen (`initial_options`). */
const optionsOf = (view: Record<string, any>, id: string, which = 'options'): string[] =>
  ((blockOf(view, id)?.element?.[which] ?? []) as { value: string }[]).map((o) => o.value);

/** Opens the Edit modal from the card; the view as Slack then shows it (with its id). */
async function openEdit(code: string, userId = OWNER): Promise<Record<string, any>> {
  await app.slack.blockAction(cardButton(code, 'customer_edit_open'), { userId });
  return { ...lastView(), id: 'V0EDIT0001', hash: 'h0' };
}

/** The modal as Slack sends it with a click: what was typed so far in its state. */
const typedIn = (view: Record<string, any>, typed: Record<string, string | null>) => ({
  ...view,
  state: { values: app.slack.viewState(view, typed) },
});

/** A click on Add need or a row's Remove; the modal as the app updated it. */
async function needClick(
  view: Record<string, any>,
  typed: Record<string, string | null>,
  click: 'add' | number,
): Promise<Record<string, any>> {
  const before = app.fake.callsTo('views.update').length;
  await app.slack.blockAction(
    click === 'add'
      ? { action_id: 'customer_need_add', block_id: 'needs_add', value: 'add' }
      : {
          action_id: 'customer_need_remove',
          block_id: `need_${click}_marks`,
          value: String(click),
        },
    { userId: OWNER, view: typedIn(view, typed) },
  );
  const calls = app.fake.callsTo('views.update');
  expect(calls.length).toBe(before + 1);
  expect(calls.at(-1)!.args.view_id).toBe('V0EDIT0001');
  return { ...(calls.at(-1)!.args.view as Record<string, any>), id: 'V0EDIT0001', hash: 'h1' };
}

/** The need rows of the modal: text as filled in, urgency and importance chosen. */
const needRows = (view: Record<string, any>) =>
  (view.blocks as any[])
    .filter((b) => /^need_\d+$/.test(b.block_id))
    .map((b) => {
      const marks = blockOf(view, `${b.block_id}_marks`).elements as any[];
      return [
        b.block_id,
        b.label.text,
        b.element.initial_value ?? '',
        marks[0].initial_option?.value ?? '-',
        marks[1].initial_option?.value ?? '-',
      ];
    });

describe("Edit's primary contact is the one the modal opened with", () => {
  test('made another contact primary meanwhile: the new phone goes to the contact shown, not the new primary', async () => {
    const code = await createCustomer();
    const owner = await ctxOf(app, OWNER);
    const { contact: li } = await app.desk.services.customers.saveContact(owner, code, undefined, {
      name: 'Li Na',
      phone: '+8613900139000',
    });
    const modal = await openEdit(code);
    expect(blockOf(modal, 'contact_name').element.initial_value).toBe('Zhang Wei');
    // Someone else makes Li Na the primary contact before this Edit is saved.
    await app.desk.services.customers.makePrimary(await ctxOf(app, OTHER), code, li.key);

    const res = await app.slack.submitView(
      modal,
      { contact_phone: '137 0013 7000' },
      { userId: OWNER },
    );
    expect(res.body, JSON.stringify(res.body)).toBe('');
    const stored = (await app.db.models.customers.findOne({ code }).lean())!;
    expect(stored.contacts.map((c) => [c.name, c.phone])).toEqual([
      ['Li Na', '+8613900139000'],
      ['Zhang Wei', '+8613700137000'],
    ]);
    const log = await app.db.models.customerChanges
      .find({ teamId: FAKE_TEAM_ID, field: 'contact.phone', subject: 'Zhang Wei' })
      .lean();
    expect(log.map((c) => [c.oldValue, c.newValue, c.subject])).toEqual([
      ['+8613812345678', '+8613700137000', 'Zhang Wei'],
    ]);
  });

  test('the contact it opened with was removed meanwhile: refused on the contact, nothing written', async () => {
    const code = await createCustomer();
    const owner = await ctxOf(app, OWNER);
    await app.desk.services.customers.saveContact(owner, code, undefined, {
      name: 'Li Na',
      phone: '+8613900139000',
    });
    const modal = await openEdit(code);
    const zhang = (await app.db.models.customers.findOne({ code }).lean())!.contacts[0]!;
    await app.desk.services.customers.removeContact(owner, code, zhang.key);

    const res = await app.slack.submitView(
      modal,
      { contact_phone: '137 0013 7000', region: 'East China' },
      { userId: OWNER },
    );
    expect(res.body).toEqual({
      response_action: 'errors',
      errors: {
        contact_name: expect.stringContaining('The contacts changed since this form opened'),
      },
    });
    const stored = (await app.db.models.customers.findOne({ code }).lean())!;
    expect(stored.contacts.map((c) => [c.name, c.phone])).toEqual([['Li Na', '+8613900139000']]);
    expect(stored.region).toBeUndefined();
  });
});

describe("the primary contact's name is never another contact's", () => {
  /** A customer whose primary contact is Zhang Wei (+86 138 1234 5678), Li Na the second one. */
  async function withLiNa() {
    const code = await createCustomer();
    await app.desk.services.customers.saveContact(await ctxOf(app, OWNER), code, undefined, {
      name: 'Li Na',
      phone: '+8613900139000',
    });
    return code;
  }
  const stored = async (code: string) =>
    (await app.db.models.customers.findOne({ code }).lean())!.contacts.map((c) => [
      c.name,
      c.phone,
    ]);

  test("Edit customer: the contact name typed as the second contact's is refused on the field, nothing written", async () => {
    const code = await withLiNa();
    const res = await app.slack.submitView(
      await openEdit(code),
      { contact_name: 'li na', contact_phone: '137 0013 7000' },
      { userId: OWNER },
    );
    expect(res.body).toEqual({
      response_action: 'errors',
      errors: { contact_name: 'This customer already has a contact named li na.' },
    });
    expect(await stored(code)).toEqual([
      ['Zhang Wei', '+8613812345678'],
      ['Li Na', '+8613900139000'],
    ]);
  });

  test("a customers-file row whose Contact cell names the second contact (an old sheet) is refused with its line; the primary's name and phone kept", async () => {
    const code = await withLiNa();
    const report = await importCustomers(
      app.desk.services.customers,
      await ctxOf(app, OWNER, { origin: 'import' }),
      `Code,Region,Contact,Phone\n${code},East China,Li Na,13700137000\n`,
    );
    expect(report).toMatchObject({ updated: 0, unchanged: 0 });
    expect(report.errors).toEqual([
      {
        line: 2,
        reason: expect.stringContaining('This customer already has a contact named Li Na.'),
      },
    ]);
    expect(await stored(code)).toEqual([
      ['Zhang Wei', '+8613812345678'],
      ['Li Na', '+8613900139000'],
    ]);
  });

  test('a file left with two contacts of one name (before the refusal): a row naming the primary as she is saves, her phone and the region with it', async () => {
    const code = await createCustomer();
    // As the old Edit / customers-file path left some files: a second Zhang Wei.
    await app.db.models.customers.collection.updateOne({ code }, {
      $push: {
        contacts: { key: 'dupe0001', name: 'Zhang Wei', phone: '+8613900139000', optOuts: [] },
      },
    } as never);
    const report = await importCustomers(
      app.desk.services.customers,
      await ctxOf(app, OWNER, { origin: 'import' }),
      `Code,Region,Contact,Phone\n${code},North China,Zhang Wei,13700137000\n`,
    );
    expect(report).toMatchObject({ updated: 1, errors: [] });
    const doc = (await app.db.models.customers.findOne({ code }).lean())!;
    expect(doc.region).toBe('North China');
    expect(await stored(code)).toEqual([
      ['Zhang Wei', '+8613700137000'],
      ['Zhang Wei', '+8613900139000'],
    ]);
  });
});

describe("a customers-file row's contact cells", () => {
  const importRows = async (csv: string) =>
    importCustomers(
      app.desk.services.customers,
      await ctxOf(app, OWNER, { origin: 'import' }),
      csv,
    );

  test('all blank (a sheet that never had the contact): the primary contact kept with her details, no contact line logged', async () => {
    const code = await createCustomer({ contact_email: 'zw@huadong.example.cn' });
    await app.desk.services.customers.saveContact(await ctxOf(app, OWNER), code, undefined, {
      name: 'Li Na',
      phone: '+8613900139000',
    });
    const report = await importRows(`Code,Industry,Contact,Phone,Email\n${code},Retail,,,\n`);
    expect(report).toMatchObject({ updated: 1, errors: [] });
    const stored = (await app.db.models.customers.findOne({ code }).lean())!;
    expect(stored.industry).toBe('Retail');
    expect(stored.contacts.map((c) => [c.name, c.phone, c.email])).toEqual([
      ['Zhang Wei', '+8613812345678', 'zw@huadong.example.cn'],
      ['Li Na', '+8613900139000', undefined],
    ]);
    const log = await app.db.models.customerChanges
      .find({ teamId: FAKE_TEAM_ID, source: 'import' })
      .lean();
    expect(log.map((c) => [c.field, c.oldValue, c.newValue])).toEqual([
      ['industry', 'Manufacturing', 'Retail'],
    ]);
  });

  test("a blank Contact cell beside a phone is refused with its line; the primary contact's phone logged naming her", async () => {
    const code = await createCustomer();
    const report = await importRows(
      `Code,Contact,Phone\n${code},,13700137000\n${code.toLowerCase()},Zhang Wei,13700137001\n`,
    );
    expect(report.errors).toEqual([{ line: 2, reason: expect.stringContaining('Contact') }]);
    expect(report.updated).toBe(1);
    const log = await app.db.models.customerChanges
      .find({ teamId: FAKE_TEAM_ID, source: 'import' })
      .lean();
    expect(log.map((c) => [c.field, c.oldValue, c.newValue, c.subject])).toEqual([
      ['contact.phone', '+8613812345678', '+8613700137001', 'Zhang Wei'],
    ]);
  });
});

describe('tag families as pick lists (#11)', () => {
  test('the manuals suggestions and the workspace tags in use; picked and new values are stored, shown on the card, and preselected on Edit', async () => {
    const code = await createCustomer();
    let modal = await openEdit(code);
    expect(blockOf(modal, 'industry_tags').element.type).toBe('multi_static_select');
    expect(optionsOf(modal, 'industry_tags')).toEqual(['manufacturing', 'retail']);
    expect(optionsOf(modal, 'value_tags')).toEqual(['high-value', 'potential']);
    expect(optionsOf(modal, 'need_tags')).toEqual([
      'price-sensitive',
      'tech-oriented',
      'purchasing',
      'technical consultation',
      'after-sales',
      'custom development',
    ]);
    expect(blockOf(modal, 'industry_tags_other').label.text).toBe('Other industry tags');

    // Picked from the lists, and two new industry tags typed beside the list.
    const res = await app.slack.submitView(
      modal,
      {
        industry_tags: 'manufacturing',
        industry_tags_other: '汽车零部件, Valves',
        value_tags: 'high-value',
        need_tags: 'price-sensitive,after-sales',
      },
      { userId: OWNER },
    );
    expect(res.body).toBe('');
    expect(await app.db.models.customers.findOne({ code }).lean()).toMatchObject({
      industryTags: ['manufacturing', '汽车零部件', 'Valves'],
      valueTags: ['high-value'],
      needTags: ['price-sensitive', 'after-sales'],
    });
    const card = await cardText(code);
    expect(card).toContain('Industry tags: `manufacturing` `汽车零部件` `Valves`');
    expect(card).toContain('Value tags: `high-value`');
    expect(card).toContain('Need tags: `price-sensitive` `after-sales`');

    // Edit again: the current tags are chosen in the lists, nothing is left to type.
    modal = await openEdit(code);
    expect(optionsOf(modal, 'industry_tags', 'initial_options')).toEqual([
      'manufacturing',
      '汽车零部件',
      'Valves',
    ]);
    expect(optionsOf(modal, 'need_tags', 'initial_options')).toEqual([
      'price-sensitive',
      'after-sales',
    ]);
    expect(blockOf(modal, 'industry_tags_other').element.initial_value).toBeUndefined();
    // Saved as it is, nothing changes.
    await app.slack.submitView(modal, {}, { userId: OWNER });
    const unchanged = await app.db.models.customerChanges
      .find({ teamId: FAKE_TEAM_ID, field: 'industryTags' })
      .lean();
    expect(unchanged).toHaveLength(1);

    // Another customer's lists offer the new values, now in use in the workspace.
    const other = await createCustomer({ name: 'Ningbo Valves', contact_name: 'Li Na' });
    const second = await openEdit(other);
    expect(optionsOf(second, 'industry_tags')).toEqual([
      'manufacturing',
      'retail',
      'Valves',
      '汽车零部件',
    ]);
    expect(optionsOf(second, 'industry_tags', 'initial_options')).toEqual([]);

    // Unpicking every tag clears the family.
    await app.slack.submitView(modal, { need_tags: '' }, { userId: OWNER });
    expect((await app.db.models.customers.findOne({ code }).lean())!.needTags).toEqual([]);
    // Found by a family tag.
    const found = await app.slack.command('/customer', 'find 汽车零部件', { userId: OWNER });
    expect(JSON.stringify(found.body)).toContain(code);
  });

  test('New offers the same pick lists: picked and typed tags are stored and shown on the card', async () => {
    await app.slack.command('/customer', 'new', { userId: OWNER });
    const view = app.fake.callsTo('views.open').at(-1)!.args.view as Record<string, any>;
    expect(optionsOf(view, 'value_tags')).toEqual(['high-value', 'potential']);
    const code = await createCustomer({
      industry_tags: 'retail',
      industry_tags_other: 'Pumps',
      value_tags: 'potential',
    });
    expect(await app.db.models.customers.findOne({ code }).lean()).toMatchObject({
      industryTags: ['retail', 'Pumps'],
      valueTags: ['potential'],
      needTags: [],
    });
    const card = await cardText(code);
    expect(card).toContain('Industry tags: `retail` `Pumps`');
    expect(card).toContain('Value tags: `potential`');
    // The next New offers the value now in use.
    await app.slack.command('/customer', 'new', { userId: OWNER });
    const next = app.fake.callsTo('views.open').at(-1)!.args.view as Record<string, any>;
    expect(optionsOf(next, 'industry_tags')).toEqual(['manufacturing', 'retail', 'Pumps']);
  });

  test('more tags in use than a list holds (100): the most used are offered, not the first in the alphabet', async () => {
    // 108 tags used once each (A001..A108), Zinc by three customers, Pumps by two.
    for (let c = 0; c < 6; c++) {
      const once = Array.from(
        { length: 18 },
        (_, i) => `A${String(c * 18 + i + 1).padStart(3, '0')}`,
      );
      const popular = [...(c < 3 ? ['Zinc'] : []), ...(c < 2 ? ['Pumps'] : [])];
      await createCustomer({
        name: `Customer ${c}`,
        industry_tags_other: [...once, ...popular].join(', '),
      });
    }
    await app.slack.command('/customer', 'new', { userId: OWNER });
    const view = app.fake.callsTo('views.open').at(-1)!.args.view as Record<string, any>;
    const offered = optionsOf(view, 'industry_tags');
    expect(offered).toHaveLength(100);
    // The manuals' suggestions, then by use (most first), then by name.
    expect(offered.slice(0, 5)).toEqual(['manufacturing', 'retail', 'Zinc', 'Pumps', 'A001']);
    expect(offered.at(-1)).toBe('A096');
  });

  test('tags used as often as each other are offered with their numbers in order: Line 2 before Line 10', async () => {
    await createCustomer({ name: 'Customer 1', industry_tags_other: 'Line 10, Line 2, Line 100' });
    await createCustomer({ name: 'Customer 2', industry_tags_other: 'Line 1' });
    await app.slack.command('/customer', 'new', { userId: OWNER });
    const view = app.fake.callsTo('views.open').at(-1)!.args.view as Record<string, any>;
    expect(optionsOf(view, 'industry_tags')).toEqual([
      'manufacturing',
      'retail',
      'Line 1',
      'Line 2',
      'Line 10',
      'Line 100',
    ]);
  });

  test('each family offers its own tags in use: a value or need tag is not offered as an industry', async () => {
    await createCustomer({
      industry_tags_other: 'Pumps',
      value_tags_other: 'Key account',
      need_tags_other: 'Fast delivery',
    });
    await app.slack.command('/customer', 'new', { userId: OWNER });
    const view = app.fake.callsTo('views.open').at(-1)!.args.view as Record<string, any>;
    expect(optionsOf(view, 'industry_tags')).toEqual(['manufacturing', 'retail', 'Pumps']);
    expect(optionsOf(view, 'value_tags')).toEqual(['high-value', 'potential', 'Key account']);
    expect(optionsOf(view, 'need_tags').at(-1)).toBe('Fast delivery');
    expect(optionsOf(view, 'need_tags')).not.toContain('Pumps');
  });

  test('a Chinese reader is offered the manuals suggestions in Chinese', async () => {
    await app.setSettings(() => ({ locale: 'zh-CN' }));
    const code = await createCustomer();
    const modal = await openEdit(code);
    expect(optionsOf(modal, 'industry_tags')).toEqual(['制造业', '零售业']);
    expect(optionsOf(modal, 'value_tags')).toEqual(['高价值客户', '潜力客户']);
    expect(blockOf(modal, 'value_tags_other').label.text).toBe('其他价值标签');
  });
});

describe('the needs matrix as a row per need (#11)', () => {
  test('add two rows, remove one, submit: stored with urgency and importance; nothing typed is lost', async () => {
    const code = await createCustomer();
    const opened = await openEdit(code);
    // A customer without needs: one empty row, and Add need.
    expect(needRows(opened)).toEqual([['need_0', 'Need 1', '', '-', '-']]);
    expect(blockOf(opened, 'needs_add').elements[0].text.text).toBe('Add need');

    // Typed so far: the first need and its marks, and a field elsewhere in the modal.
    const typed: Record<string, string> = {
      contact_title: 'Head of purchasing',
      need_0: 'Spare parts within 48 h',
      'need_0_marks/customer_need_urgency': 'urgent',
      'need_0_marks/customer_need_importance': 'important',
    };
    let modal = await needClick(opened, typed, 'add');
    expect(needRows(modal)).toEqual([
      ['need_0', 'Need 1', 'Spare parts within 48 h', 'urgent', 'important'],
      ['need_1', 'Need 2', '', '-', '-'],
    ]);
    // Every other block is sent back as it was: same ids, same initial values (Slack keeps
    // what was typed in a block whose id it knows, and Save compares with these).
    const others = (view: Record<string, any>) =>
      (view.blocks as any[]).filter(
        (b) => !/^need_\d+/.test(b.block_id ?? '') && b.block_id !== 'needs_add',
      );
    expect(others(modal)).toEqual(others(opened));
    expect(JSON.parse(modal.private_metadata)).toMatchObject({
      code,
      needRows: [0, 1],
      needNext: 2,
    });

    // Choosing a mark is acknowledged and changes nothing by itself (read on Add, Remove, Save).
    const updates = app.fake.callsTo('views.update').length;
    const chose = await app.slack.blockAction(
      {
        action_id: 'customer_need_urgency',
        block_id: 'need_1_marks',
        type: 'static_select',
        selected_option: { value: 'not_urgent' },
      },
      { userId: OWNER, view: typedIn(modal, typed) },
    );
    expect(chose.status).toBe(200);
    expect(app.fake.callsTo('views.update')).toHaveLength(updates);
    typed.need_1 = 'Nicer invoices';
    typed['need_1_marks/customer_need_urgency'] = 'not_urgent';
    modal = await needClick(modal, typed, 'add');
    typed.need_2 = 'On-site training';
    typed['need_2_marks/customer_need_importance'] = 'important';
    // Remove the middle row: the others keep their ids, what was typed, and are renumbered.
    modal = await needClick(modal, typed, 1);
    expect(needRows(modal)).toEqual([
      ['need_0', 'Need 1', 'Spare parts within 48 h', 'urgent', 'important'],
      ['need_2', 'Need 2', 'On-site training', '-', 'important'],
    ]);
    expect(JSON.parse(modal.private_metadata)).toMatchObject({ needRows: [0, 2], needNext: 3 });
    // A row added after a removal gets a new id, never the removed row's.
    const withFourth = await needClick(modal, typed, 'add');
    expect(needRows(withFourth).map((r) => r[0])).toEqual(['need_0', 'need_2', 'need_3']);

    // Save: the field typed before Add is saved too, and the rows as they are.
    const res = await app.slack.submitView(
      { ...modal, state: undefined },
      { contact_title: 'Head of purchasing' },
      { userId: OWNER },
    );
    expect(res.body).toBe('');
    const saved = await app.db.models.customers.findOne({ code }).lean();
    expect(saved!.needs!.items).toEqual([
      { text: 'Spare parts within 48 h', urgent: true, important: true },
      { text: 'On-site training', urgent: false, important: true },
    ]);
    expect(saved!.contacts[0]!.title).toBe('Head of purchasing');
    expect(await cardText(code)).toContain(
      // Grouped by quadrant, in manual C's order.
      '*Needs (priority matrix)*\\n_Urgent and important_\\n• Spare parts within 48 h\\n_Important, not urgent_\\n• On-site training',
    );

    // Edit again: a row per need, marks chosen.
    expect(needRows(await openEdit(code))).toEqual([
      ['need_0', 'Need 1', 'Spare parts within 48 h', 'urgent', 'important'],
      ['need_1', 'Need 2', 'On-site training', 'not_urgent', 'important'],
    ]);
  });

  test('a row rated but without its need gets an inline error; nothing is saved', async () => {
    const code = await createCustomer();
    let modal = await openEdit(code);
    modal = await needClick(modal, { need_0: 'Faster delivery' }, 'add');
    const bad = await app.slack.submitView(
      modal,
      { need_1: '', 'need_1_marks/customer_need_urgency': 'urgent', needs_budget: 'lots' },
      { userId: OWNER },
    );
    expect(bad.body).toEqual({
      response_action: 'errors',
      errors: {
        need_1: 'Write the need, or remove the row.',
        needs_budget: 'Enter an amount in yuan, e.g. 1200000 or 120万.',
      },
    });
    expect((await app.db.models.customers.findOne({ code }).lean())!.needs?.items).toBeUndefined();
    // An empty row without marks is simply left out.
    const ok = await app.slack.submitView(modal, { need_1: '' }, { userId: OWNER });
    expect(ok.body).toBe('');
    expect((await app.db.models.customers.findOne({ code }).lean())!.needs!.items).toEqual([
      { text: 'Faster delivery', urgent: false, important: false },
    ]);
  });

  test('rows left as they were do not undo a change saved meanwhile by someone else', async () => {
    const code = await createCustomer();
    const first = await openEdit(code);
    await app.slack.submitView(
      first,
      { need_0: 'Spare parts', 'need_0_marks/customer_need_urgency': 'urgent' },
      { userId: OWNER },
    );
    const mine = await openEdit(code);
    // Someone else saves another matrix; my Save of other fields leaves theirs.
    const theirs = await openEdit(code);
    await app.slack.submitView(theirs, { need_0: 'Spare parts within 24 h' }, { userId: OWNER });
    await app.slack.submitView(mine, { region: 'Ningbo' }, { userId: OWNER });
    const saved = await app.db.models.customers.findOne({ code }).lean();
    expect(saved!.region).toBe('Ningbo');
    expect(saved!.needs!.items).toEqual([
      { text: 'Spare parts within 24 h', urgent: true, important: false },
    ]);
  });

  test('a file saved with one urgent/important pair reads as one need row', async () => {
    const code = await createCustomer();
    await app.db.conn
      .collection('customers')
      .updateOne(
        { code },
        { $set: { needs: { stated: 'Faster delivery', urgent: true, important: false } } },
      );
    expect(await cardText(code)).toContain(
      '*Needs (priority matrix)*\\n_Urgent, not important_\\n• Faster delivery',
    );
    // The Edit modal shows it as a row; saving the row writes it and drops the old pair.
    const modal = await openEdit(code);
    expect(needRows(modal)).toEqual([
      ['need_0', 'Need 1', 'Faster delivery', 'urgent', 'not_important'],
    ]);
    await app.slack.submitView(
      modal,
      { 'need_0_marks/customer_need_importance': 'important' },
      { userId: OWNER },
    );
    const raw = await app.db.conn.collection('customers').findOne({ code });
    expect(raw!.needs).toEqual({
      stated: 'Faster delivery',
      items: [{ text: 'Faster delivery', urgent: true, important: true }],
    });
  });
});

/**
 * The workspace's first customer record, made on `date` (first contacted that day): the desk in
 * use since then, so a file first contacted after it is held to the 24 h.
 */
async function deskStartedOn(date: string) {
  const now = app.clock.now();
  app.clock.set(`${date}T02:00:00Z`);
  await makeCustomer(app, { name: 'First Co', firstContactDate: date });
  app.clock.set(now);
}

describe('files recorded more than 24 h after the first contact', () => {
  test('flagged on the card, each manager told once, counted in the digest', async () => {
    await deskStartedOn('2026-11-02');
    await app.setSettings(() => ({ managers: [MANAGER] }));
    const inTime = await createCustomer({ name: 'On Time Co', first_contact: '2026-11-23' });
    const late = await createCustomer({ name: 'Late Co', first_contact: '2026-11-20' });
    expect(await cardText(inTime)).not.toContain('after the first contact');
    expect(await cardText(late)).toContain(
      'Recorded 4 days after the first contact (2026-11-20); files are due within 24 h.',
    );

    const told = app.fake.postsTo(MANAGER);
    expect(told).toHaveLength(1);
    expect(JSON.stringify(told[0]!.args)).toContain(
      `*Late Co* (${late}) was recorded by <@${OWNER}> 4 days after the first contact (2026-11-20)`,
    );
    // Told once: asking again sends nothing more.
    const ctx = await ctxOf(app, SYSTEM_ACTOR, { origin: 'job' });
    const customer = await app.desk.services.customers.get(ctx, late);
    expect(await app.desk.flows.customers.tellLate(ctx, customer, 4)).toBe(0);
    await app.desk.outbox.deliver(FAKE_TEAM_ID, []);
    expect(app.fake.postsTo(MANAGER)).toHaveLength(1);

    const figures = await app.desk.services.digests.build(
      ctx,
      weekContaining('2026-11-24', 'Asia/Shanghai'),
    );
    expect(figures.lateRecords).toBe(1);
    // New customers: On Time Co, and Late Co, recorded this week after the week of its first
    // contact had ended (First Co is new in its own week).
    expect(figures.newCustomers).toBe(2);
  });

  test('a manager named after the file was made is told by the daily signals run, once', async () => {
    await deskStartedOn('2026-10-20');
    const late = await createCustomer({ name: 'Late Co', first_contact: '2026-11-01' });
    expect(app.fake.postsTo(MANAGER)).toEqual([]); // no managers yet: nobody to tell
    await app.setSettings(() => ({ managers: [MANAGER] }));
    const ctx = await ctxOf(app, SYSTEM_ACTOR, { origin: 'job' });
    expect(await app.desk.flows.signals.run(ctx)).toMatchObject({ lateRecords: 1 });
    await app.desk.outbox.drain();
    expect(app.fake.postsTo(MANAGER)).toHaveLength(1);
    expect(JSON.stringify(app.fake.postsTo(MANAGER)[0]!.args)).toContain(`(${late})`);
    expect(await app.desk.flows.signals.run(ctx)).toMatchObject({ lateRecords: 0 });
    await app.desk.outbox.drain();
    expect(app.fake.postsTo(MANAGER)).toHaveLength(1);
  });

  test('a file typed in at the start but flagged late by an older version loses the flag on the next daily signals run, no manager told; a file really late keeps it', async () => {
    await deskStartedOn('2026-11-02');
    await app.setSettings(() => ({ managers: [MANAGER] }));
    const history = await createCustomer({ name: 'Orient Steel', first_contact: '2024-03-01' });
    const late = await createCustomer({ name: 'Late Co', first_contact: '2026-11-20' });
    // As a version before isStartupHistory stored it: 998 days late.
    await app.db.models.customers.updateOne(
      { teamId: FAKE_TEAM_ID, code: history },
      { $set: { lateRecord: 998 } },
    );
    expect(await cardText(history)).toContain('Recorded 998 days after the first contact');
    const ctx = await ctxOf(app, SYSTEM_ACTOR, { origin: 'job' });
    const week = weekContaining('2026-11-24', 'Asia/Shanghai');
    // The digest counts Late Co alone, before the repair too.
    expect(await app.desk.services.digests.build(ctx, week)).toMatchObject({ lateRecords: 1 });

    // Wednesday 09:00: the daily signals run.
    const [run] = await runJobAt(app, customerSignalsJob, '2026-11-25T01:00:00Z');
    expect(run!.counts).toMatchObject({ lateRecordsCleared: 1 });
    expect(JSON.stringify(app.fake.postsTo(MANAGER))).not.toContain('Orient Steel');
    expect(await cardText(history)).not.toContain('after the first contact');
    expect(await cardText(late)).toContain(
      'Recorded 4 days after the first contact (2026-11-20); files are due within 24 h.',
    );
    // Done once: the next day's run finds nothing to clear.
    const [next] = await runJobAt(app, customerSignalsJob, '2026-11-26T01:00:00Z');
    expect(next!.counts).toMatchObject({ lateRecordsCleared: 0 });
    expect(await cardText(late)).toContain('Recorded 4 days after the first contact');
  });

  test('the monthly report (and /desk report) counts a late file in the month it was recorded, as the digest counts it in the week; history typed in at the start, flagged by an older version, stays out', async () => {
    await deskStartedOn('2026-11-02');
    await app.setSettings(() => ({ managers: [MANAGER] }));
    const history = await createCustomer({ name: 'Orient Steel', first_contact: '2024-03-01' });
    await createCustomer({ name: 'Late Co', first_contact: '2026-11-20' });
    // As a version before isStartupHistory stored it: 998 days late, which is 24 November too.
    await app.db.models.customers.updateOne(
      { teamId: FAKE_TEAM_ID, code: history },
      { $set: { lateRecord: 998 } },
    );
    const ctx = await ctxOf(app, SYSTEM_ACTOR, { origin: 'job' });
    const week = weekContaining('2026-11-24', 'Asia/Shanghai');
    expect(await app.desk.services.digests.build(ctx, week)).toMatchObject({ lateRecords: 1 });

    // 1 December: a manager asks for November's report, by DM.
    app.clock.set('2026-12-01T02:00:00Z');
    app.fake.reset();
    await app.slack.command('/desk', 'report month 2026-11', { userId: MANAGER });
    const [sent] = app.fake.postsTo(`D${MANAGER.slice(1)}`);
    // (No change said: October, before the desk's first record, has no figures.)
    expect(fields(sent!.args.blocks as KnownBlock[])['Recorded after 24 h']).toBe('1');
    // The stored figures (the CSV's rows): overall and in Late Co's tier.
    const stored = await app.db.models.reports.findOne({ period: '2026-11' }).lean();
    expect(stored!.figures.overall.lateRecords).toBe(1);
    expect(stored!.figures.tiers.normal.service.lateRecords).toBe(1);
  });

  test('the customers a team types in when it starts with the desk (first contacted before its first record) are not late; one contacted since is', async () => {
    await app.setSettings(() => ({ managers: [MANAGER] }));
    // The first file of the desk, and another the same day: customers of two years' standing.
    const first = await createCustomer({ name: 'Orient Steel', first_contact: '2024-03-01' });
    const second = await createCustomer({ name: 'Xinghai Retail', first_contact: '2024-03-01' });
    for (const code of [first, second])
      expect(await cardText(code)).not.toContain('after the first contact');
    const ctx = await ctxOf(app, SYSTEM_ACTOR, { origin: 'job' });
    expect(await app.desk.flows.signals.run(ctx)).toMatchObject({ lateRecords: 0 });
    await app.desk.outbox.drain();
    expect(app.fake.postsTo(MANAGER)).toEqual([]);
    const week = await app.desk.services.digests.build(
      ctx,
      weekContaining('2026-11-24', 'Asia/Shanghai'),
    );
    // As the digest counts them: neither recorded late nor new customers of this week.
    expect(week).toMatchObject({ lateRecords: 0, newCustomers: 0 });

    // Two weeks on, a customer first contacted since the desk is in use, recorded 4 days late.
    app.clock.set('2026-12-08T02:00:00Z');
    const late = await createCustomer({ name: 'Nanhu Tech', first_contact: '2026-12-04' });
    expect(await cardText(late)).toContain(
      'Recorded 4 days after the first contact (2026-12-04); files are due within 24 h.',
    );
    expect(JSON.stringify(app.fake.postsTo(MANAGER))).toContain(`*Nanhu Tech* (${late})`);
  });
});
