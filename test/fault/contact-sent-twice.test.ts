// Add contact sent again with the same view id (Slack's redelivery, the owner trying again after
// a lost ack) adds the contact once and closes as saved, instead of answering the repeat "This
// customer already has a contact named …" on the form [revforge F1].
import { describe, expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { openContactsList } from '../helpers/clicks.js';
import { makeCustomer, OWNER } from '../helpers/factories.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';

const app = useTestApp({ now: '2026-11-24T02:00:00Z' });

/** Add contact in the Contacts list of `code`, with the view id Slack gives its deliveries. */
async function openAddContact(code: string, id: string): Promise<Record<string, any>> {
  const list = await openContactsList(app, code, OWNER);
  await app.slack.blockAction(
    { action_id: 'customer_contact_add', value: code, block_id: 'contact_actions' },
    { userId: OWNER, view: { ...list, id: 'V0CONTACTS1', state: { values: {} } } },
  );
  return { ...(app.fake.callsTo('views.push').at(-1)!.args.view as Record<string, any>), id };
}
const names = async (code: string) =>
  (await app.db.models.customers.findOne({ teamId: FAKE_TEAM_ID, code }).lean())!.contacts.map(
    (c) => c.name,
  );
const LI_NA = { contact_name: 'Li Na', contact_title: 'Purchasing assistant' };

describe('Add contact sent more than once', () => {
  test('sent again after it saved: one contact, the repeat closes as saved; another form of the same name is refused', async () => {
    const { code } = await makeCustomer(app, {
      contact: { name: 'Zhang Wei', title: 'Purchasing manager' },
    });
    const form = await openAddContact(code, 'V0CONTACT01');
    expect((await app.slack.submitView(form, LI_NA, { userId: OWNER })).body).toBe('');
    expect((await app.slack.submitView(form, LI_NA, { userId: OWNER })).body).toBe('');
    expect(await names(code)).toEqual(['Zhang Wei', 'Li Na']);
    const other = await openAddContact(code, 'V0CONTACT02');
    expect((await app.slack.submitView(other, LI_NA, { userId: OWNER })).body).toEqual({
      response_action: 'errors',
      errors: { contact_name: 'This customer already has a contact named Li Na.' },
    });
    expect(await names(code)).toEqual(['Zhang Wei', 'Li Na']);
  });

  test('two deliveries at once: one contact, both close', async () => {
    const { code } = await makeCustomer(app, {
      contact: { name: 'Zhang Wei', title: 'Purchasing manager' },
    });
    const form = await openAddContact(code, 'V0CONTACT03');
    const answers = await Promise.all([
      app.slack.submitView(form, LI_NA, { userId: OWNER }),
      app.slack.submitView(form, LI_NA, { userId: OWNER }),
    ]);
    expect(answers.map((a) => a.body)).toEqual(['', '']);
    expect(await names(code)).toEqual(['Zhang Wei', 'Li Na']);
  });

  test('submitted again with something changed (the ack lost, typed again): another submission, judged as one: the same name refused, another added', async () => {
    const { code } = await makeCustomer(app, {
      contact: { name: 'Zhang Wei', title: 'Purchasing manager' },
    });
    const form = await openAddContact(code, 'V0CONTACT04');
    expect((await app.slack.submitView(form, LI_NA, { userId: OWNER })).body).toBe('');
    const phone = { ...LI_NA, contact_phone: '13812345678' };
    expect((await app.slack.submitView(form, phone, { userId: OWNER })).body).toEqual({
      response_action: 'errors',
      errors: { contact_name: 'This customer already has a contact named Li Na.' },
    });
    const renamed = { ...LI_NA, contact_name: 'Li Nan' };
    expect((await app.slack.submitView(form, renamed, { userId: OWNER })).body).toBe('');
    expect(await names(code)).toEqual(['Zhang Wei', 'Li Na', 'Li Nan']);
  });
});
