// A contact added in the Contacts modal comes with their title (manual D 1.04), as in the New
// customer modal: refused inline on the title's field without one (en and zh-CN), nothing saved.
// An older contact without a title keeps working: edited, it saves as it is unless renamed (then
// the title is asked for, as Edit customer asks the primary contact's).
import { expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { editFirstContact, openContactsList, submitLastModal } from '../helpers/clicks.js';
import { makeCustomer, OWNER } from '../helpers/factories.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';

const app = useTestApp({ now: '2026-11-24T02:00:00Z' });

/** Add contact in the Contacts list of `code`, as the owner: the contact form pushed over it. */
async function openAddContact(code: string): Promise<Record<string, any>> {
  const list = await openContactsList(app, code, OWNER);
  await app.slack.blockAction(
    { action_id: 'customer_contact_add', value: code, block_id: 'contact_actions' },
    { userId: OWNER, view: { ...list, id: 'V0CONTACTS1', state: { values: {} } } },
  );
  return app.fake.callsTo('views.push').at(-1)!.args.view as Record<string, any>;
}

const optional = (view: Record<string, any>, block: string) =>
  (view.blocks as any[]).find((b) => b.block_id === block)?.optional;

const contactsOf = async (code: string) =>
  (await app.db.models.customers.findOne({ teamId: FAKE_TEAM_ID, code }).lean())!.contacts;

test('a new contact without a title is refused on the title (en, then zh-CN), nothing saved; with one it is saved', async () => {
  const { code } = await makeCustomer(app, {
    contact: { name: 'Zhang Wei', title: 'Purchasing manager' },
  });
  const form = await openAddContact(code);
  // The form says the title is asked, as the name is.
  expect(optional(form, 'contact_name')).toBe(false);
  expect(optional(form, 'contact_title')).toBe(false);
  expect(optional(form, 'contact_phone')).toBe(true);

  const refused = await app.slack.submitView(
    form,
    { contact_name: 'Li Na', contact_phone: '13900001111' },
    { userId: OWNER },
  );
  expect(refused.body).toEqual({
    response_action: 'errors',
    errors: {
      contact_title: "Give the contact's title (job title): it is required with a contact name.",
    },
  });
  // Spaces only are no title either.
  const blank = await app.slack.submitView(
    form,
    { contact_name: 'Li Na', contact_title: '   ' },
    { userId: OWNER },
  );
  expect(blank.body).toMatchObject({ errors: { contact_title: expect.any(String) } });
  expect((await contactsOf(code)).map((c) => c.name)).toEqual(['Zhang Wei']);

  await app.setSettings(() => ({ locale: 'zh-CN' }));
  const zh = await app.slack.submitView(form, { contact_name: '李娜' }, { userId: OWNER });
  expect(zh.body).toEqual({
    response_action: 'errors',
    errors: { contact_title: '填写了联系人，请同时填写其职务。' },
  });
  expect((await contactsOf(code)).map((c) => c.name)).toEqual(['Zhang Wei']);

  const saved = await app.slack.submitView(
    form,
    { contact_name: 'Li Na', contact_title: 'Purchasing assistant' },
    { userId: OWNER },
  );
  expect(saved.body).toBe('');
  expect(await contactsOf(code)).toMatchObject([
    { name: 'Zhang Wei' },
    { name: 'Li Na', title: 'Purchasing assistant' },
  ]);
});

test('an older contact without a title: edited, it saves as it is; renamed, the title is asked for, then saved with it', async () => {
  const { code } = await makeCustomer(app, { contact: { name: 'Zhang Wei' } });
  const list = await openContactsList(app, code, OWNER);
  const form = await editFirstContact(app, list, 'V0CONTACTS1', OWNER);
  // An older contact's form does not make the title a must.
  expect(optional(form, 'contact_title')).toBe(true);
  await submitLastModal(app, { contact_phone: '13900002222' }, OWNER);
  expect(await contactsOf(code)).toMatchObject([{ name: 'Zhang Wei', phone: '+8613900002222' }]);
  expect((await contactsOf(code))[0]!.title ?? null).toBeNull();

  const again = await editFirstContact(
    app,
    await openContactsList(app, code, OWNER),
    'V0CONTACTS1',
    OWNER,
  );
  const renamed = await app.slack.submitView(
    again,
    { contact_name: 'Zhang Wei (Huadong)' },
    { userId: OWNER },
  );
  expect(renamed.body).toEqual({
    response_action: 'errors',
    errors: {
      contact_title: "Give the contact's title (job title): it is required with a contact name.",
    },
  });
  expect((await contactsOf(code)).map((c) => c.name)).toEqual(['Zhang Wei']);
  const withTitle = await app.slack.submitView(
    again,
    { contact_name: 'Zhang Wei (Huadong)', contact_title: 'Plant manager' },
    { userId: OWNER },
  );
  expect(withTitle.body).toBe('');
  expect(await contactsOf(code)).toMatchObject([
    { name: 'Zhang Wei (Huadong)', title: 'Plant manager', phone: '+8613900002222' },
  ]);
});

test('a contact with a title on file, renamed: saved, the title kept', async () => {
  const { code } = await makeCustomer(app, {
    contact: { name: 'Zhang Wei', title: 'Purchasing manager' },
  });
  const form = await editFirstContact(
    app,
    await openContactsList(app, code, OWNER),
    'V0CONTACTS1',
    OWNER,
  );
  expect(optional(form, 'contact_title')).toBe(true);
  await submitLastModal(app, { contact_name: 'Zhang Wei (Huadong)' }, OWNER);
  expect(await contactsOf(code)).toMatchObject([
    { name: 'Zhang Wei (Huadong)', title: 'Purchasing manager' },
  ]);
});
