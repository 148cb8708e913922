// What a member of the workspace who may not do or see something still cannot do or see, however
// the request is made: through the real Bolt path, with the forms as the app opened them and
// with payloads crafted to carry what the person was never shown.
import { beforeEach, describe, expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { editFirstContact, openContactsList } from '../helpers/clicks.js';
import { AGENT, ctxOf, makeCustomer, OWNER } from '../helpers/factories.js';

const ADMIN = 'U0ADMIN001';
const MANAGER = 'U0MANAGER1';
const OTHER_MANAGER = 'U0MANAGER2';

// Tuesday 2026-11-24 10:00 in Shanghai.
const app = useTestApp({ env: { ADMIN_USER_IDS: ADMIN }, now: '2026-11-24T02:00:00Z' });

type View = {
  blocks: { block_id?: string; element?: { initial_value?: string } }[];
  private_metadata?: string;
};

async function editForm(code: string, userId: string): Promise<View> {
  await app.slack.blockAction(
    { action_id: 'customer_edit_open', value: code, block_id: 'customer_actions' },
    { userId },
  );
  return app.fake.calls
    .filter((c) => c.method === 'views.open' || c.method === 'views.update')
    .at(-1)!.args.view as View;
}
const initial = (view: View, block: string) =>
  view.blocks.find((b) => b.block_id === block)?.element?.initial_value;

describe('the phones and emails typed into a customer’s notes and needs', () => {
  let code = '';
  beforeEach(async () => {
    await app.setSettings(() => ({
      agents: [AGENT],
      accountManagers: [OWNER],
      managers: [MANAGER, OTHER_MANAGER],
      managerLinks: [{ managerId: MANAGER, manages: [OWNER] }],
      openDesk: false,
    }));
    code = (await makeCustomer(app)).code;
    await app.desk.services.customers.update(await ctxOf(app, OWNER), code, {
      notes: 'Evenings: 13900139000, or li.na@example.cn',
      needs: {
        stated: 'Call back on 13700137000',
        items: [{ text: 'Quote to buyer@example.cn', urgent: true, important: false }],
      },
    });
  });

  test('an agent’s Edit form shows the notes masked, as the card does; a changed note keeps the number and the email', async () => {
    const form = await editForm(code, AGENT);
    expect(initial(form, 'notes')).toBe('Evenings: 139****9000, or l***@example.cn');
    expect(JSON.stringify(form)).not.toMatch(/13900139000|li\.na@/);

    await app.slack.submitView(
      form as never,
      { notes: 'Evenings: 139****9000, or l***@example.cn. Prefers WeChat.' },
      { userId: AGENT },
    );
    const stored = (await app.db.models.customers.findOne({ code }).lean())!;
    expect(stored.notes).toBe('Evenings: 13900139000, or li.na@example.cn. Prefers WeChat.');
    // The owner still reads them in clear.
    expect(initial(await editForm(code, OWNER), 'notes')).toBe(
      'Evenings: 13900139000, or li.na@example.cn. Prefers WeChat.',
    );
  });

  test('a manager of another owner finds the needs masked in the form; saved untouched they stay, a changed need keeps its email', async () => {
    let form = await editForm(code, OTHER_MANAGER);
    expect(initial(form, 'needs_stated')).toBe('Call back on 137****7000');
    expect(initial(form, 'need_0')).toBe('Quote to b***@example.cn');
    expect(JSON.stringify(form)).not.toMatch(/13700137000|buyer@/);

    await app.slack.submitView(
      form as never,
      { name: 'Huadong Machinery Group' },
      { userId: OTHER_MANAGER },
    );
    let stored = (await app.db.models.customers.findOne({ code }).lean())!;
    expect(stored.name).toBe('Huadong Machinery Group');
    expect(stored.needs!.stated).toBe('Call back on 13700137000');
    expect(stored.needs!.items![0]!.text).toBe('Quote to buyer@example.cn');

    form = await editForm(code, OTHER_MANAGER);
    await app.slack.submitView(
      form as never,
      {
        need_0: 'Quote to b***@example.cn by Friday',
        needs_stated: 'Call back on 137****7000 after 6',
      },
      { userId: OTHER_MANAGER },
    );
    stored = (await app.db.models.customers.findOne({ code }).lean())!;
    expect(stored.needs!.items![0]!.text).toBe('Quote to buyer@example.cn by Friday');
    expect(stored.needs!.stated).toBe('Call back on 13700137000 after 6');
    // Her own manager reads them in clear.
    expect(initial(await editForm(code, MANAGER), 'need_0')).toBe(
      'Quote to buyer@example.cn by Friday',
    );
  });

  test('Edit opened masked by a manager who is linked to the owner before saving: the changed note and need keep their numbers, not the masks', async () => {
    const form = await editForm(code, OTHER_MANAGER);
    expect(initial(form, 'notes')).toBe('Evenings: 139****9000, or l***@example.cn');
    // Linked to the customer's owner while the modal is open: she may read the numbers now.
    await app.setSettings(() => ({
      managerLinks: [{ managerId: OTHER_MANAGER, manages: [OWNER] }],
    }));
    const res = await app.slack.submitView(
      form as never,
      {
        notes: 'Evenings: 139****9000, or l***@example.cn. Prefers WeChat.',
        need_0: 'Quote to b***@example.cn by Friday',
      },
      { userId: OTHER_MANAGER },
    );
    expect(res.body).not.toMatchObject({ response_action: 'errors' });
    const stored = (await app.db.models.customers.findOne({ code }).lean())!;
    expect(stored.notes).toBe('Evenings: 13900139000, or li.na@example.cn. Prefers WeChat.');
    expect(stored.needs!.items![0]!.text).toBe('Quote to buyer@example.cn by Friday');

    // A modal that says it opened in clear, with the masks in it, is refused: never saved over.
    const forged = {
      ...form,
      private_metadata: JSON.stringify({
        ...JSON.parse(form.private_metadata!),
        textMasked: false,
      }),
    };
    const refused = await app.slack.submitView(
      forged as never,
      { notes: 'Evenings: 139****9000. Calls only.' },
      { userId: OTHER_MANAGER },
    );
    expect(refused.body).toMatchObject({
      response_action: 'errors',
      errors: { notes: expect.stringContaining('still hidden') },
    });
    expect((await app.db.models.customers.findOne({ code }).lean())!.notes).toBe(
      'Evenings: 13900139000, or li.na@example.cn. Prefers WeChat.',
    );
  });

  test('Edit opened in clear by a manager who is unlinked from the owner before saving: a note, need or contact title with the numbers is refused (open Edit again), other fields still save', async () => {
    const form = await editForm(code, MANAGER);
    expect(initial(form, 'notes')).toBe('Evenings: 13900139000, or li.na@example.cn');
    await app.setSettings(() => ({
      managerLinks: [{ managerId: OTHER_MANAGER, manages: [OWNER] }],
    }));
    const res = await app.slack.submitView(
      form as never,
      {
        notes: 'Evenings: 13900139000, or li.na@example.cn. Prefers WeChat.',
        need_0: 'Quote to buyer@example.cn by Friday',
        // The contact's typed fields alike.
        contact_title: 'Senior buyer 13712341234',
      },
      { userId: MANAGER },
    );
    expect(res.body).toMatchObject({
      response_action: 'errors',
      errors: {
        notes: expect.stringContaining('open Edit again'),
        need_0: expect.stringContaining('open Edit again'),
        contact_title: expect.stringContaining('open Edit again'),
      },
    });
    let stored = (await app.db.models.customers.findOne({ code }).lean())!;
    expect(JSON.stringify(stored.contacts)).not.toContain('13712341234');
    expect(stored.notes).toBe('Evenings: 13900139000, or li.na@example.cn');
    expect(stored.needs!.items![0]!.text).toBe('Quote to buyer@example.cn');

    await app.slack.submitView(
      form as never,
      { name: 'Huadong Machinery Group' },
      { userId: MANAGER },
    );
    stored = (await app.db.models.customers.findOne({ code }).lean())!;
    expect(stored.name).toBe('Huadong Machinery Group');
    expect(stored.notes).toBe('Evenings: 13900139000, or li.na@example.cn');

    // Opened again, the form shows the notes masked, and a change around the masks saves.
    const again = await editForm(code, MANAGER);
    expect(initial(again, 'notes')).toBe('Evenings: 139****9000, or l***@example.cn');
    await app.slack.submitView(
      again as never,
      { notes: 'Evenings: 139****9000, or l***@example.cn. Prefers WeChat.' },
      { userId: MANAGER },
    );
    stored = (await app.db.models.customers.findOne({ code }).lean())!;
    expect(stored.notes).toBe('Evenings: 13900139000, or li.na@example.cn. Prefers WeChat.');
  });

  test('a contact’s form opened in clear by a manager who is unlinked from the owner before saving: a title with a number is refused (open the contact again), other fields still save', async () => {
    await app.desk.services.customers.update(await ctxOf(app, OWNER), code, {
      contact: { name: '王芳', title: 'Buyer, mobile 13712341234' },
    });
    // Contacts, then Edit on the contact: its form, pushed over the list.
    const opened = await openContactsList(app, code, MANAGER);
    const form = (await editFirstContact(app, opened, 'V0CONTACTS9', MANAGER)) as View;
    expect(initial(form, 'contact_title')).toBe('Buyer, mobile 13712341234');
    // Unlinked from the owner while the form is open: she may no longer read the numbers.
    await app.setSettings(() => ({
      managerLinks: [{ managerId: OTHER_MANAGER, manages: [OWNER] }],
    }));
    const res = await app.slack.submitView(
      form as never,
      { contact_title: 'Senior buyer, mobile 13712341234' },
      { userId: MANAGER },
    );
    expect(res.body).toEqual({
      response_action: 'errors',
      errors: {
        contact_title:
          'Who may see this customer’s phones and emails changed since you opened this contact, and you no longer may: close it and open the contact again from Contacts to change this text.',
      },
    });
    let stored = (await app.db.models.customers.findOne({ code }).lean())!.contacts[0]!;
    expect(stored.title).toBe('Buyer, mobile 13712341234');

    // A text without a number, or another field, still saves from that form.
    await app.slack.submitView(
      form as never,
      { contact_title: 'Senior buyer' },
      { userId: MANAGER },
    );
    stored = (await app.db.models.customers.findOne({ code }).lean())!.contacts[0]!;
    expect(stored.title).toBe('Senior buyer');
  });

  test('a masked number that stands for two of the notes’ numbers is refused on the field', async () => {
    await app.desk.services.customers.update(await ctxOf(app, OWNER), code, {
      notes: 'Office 13900139000, home 13900009000',
    });
    const form = await editForm(code, AGENT);
    expect(initial(form, 'notes')).toBe('Office 139****9000, home 139****9000');
    const res = await app.slack.submitView(
      form as never,
      { notes: 'Office 139****9000 only' },
      { userId: AGENT },
    );
    expect(res.body).toMatchObject({
      response_action: 'errors',
      errors: { notes: expect.stringContaining('still hidden') },
    });
    const stored = (await app.db.models.customers.findOne({ code }).lean())!;
    expect(stored.notes).toBe('Office 13900139000, home 13900009000');
  });
});
