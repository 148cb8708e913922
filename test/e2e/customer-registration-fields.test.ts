// Manual D 1.04 (revmanuals F12): a contact named at registration comes with their title, and
// the customer type is shown chosen in the New customer modal. An older file whose contact has no
// title still saves in Edit, unless the contact's name is changed.
import { expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { lastModalView, openCustomerEdit, submitLastModal } from '../helpers/clicks.js';
import type { SlackResponse } from '../helpers/slack-requests.js';
import { makeCustomer, OWNER } from '../helpers/factories.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';

const app = useTestApp({ now: '2026-11-24T02:00:00Z' });

const FORM = {
  name: 'Shanghai Huadong Machinery',
  industry: 'Manufacturing',
  source: 'referral',
  first_contact: '2026-11-23',
  contact_name: 'Zhang Wei',
  contact_phone: '138 1234 5678',
};

test('the New customer modal shows the customer type chosen, and refuses a contact without a title on its field', async () => {
  await app.slack.command('/customer', 'new', { userId: OWNER });
  const view = lastModalView(app);
  const type = (view.blocks as any[]).find((b) => b.block_id === 'customer_type');
  expect(type.element.initial_option.value).toBe('company');
  expect(JSON.stringify(type.element.initial_option.text)).toContain('Company');

  const refused = await submitLastModal(app, FORM, OWNER, { expect: 'any' });
  expect(refused.body).toMatchObject({
    response_action: 'errors',
    errors: { contact_title: expect.stringContaining('title') },
  });
  expect(await app.db.models.customers.countDocuments({ teamId: FAKE_TEAM_ID })).toBe(0);

  await submitLastModal(app, { ...FORM, contact_title: 'Purchasing manager' }, OWNER);
  const saved = await app.db.models.customers.findOne({ teamId: FAKE_TEAM_ID }).lean();
  expect(saved!.customerType).toBe('company');
  expect(saved!.contacts[0]!.title).toBe('Purchasing manager');
});

test('a customer without a contact is not asked for a title', async () => {
  await app.slack.command('/customer', 'new', { userId: OWNER });
  const { contact_name: _n, contact_phone: _p, ...noContact } = FORM;
  await submitLastModal(app, noContact, OWNER);
  expect(await app.db.models.customers.countDocuments({ teamId: FAKE_TEAM_ID })).toBe(1);
});

/** The Edit modal of `code`, opened by OWNER, submitted with `form`: Slack's answer. */
async function edit(code: string, form: Record<string, string>): Promise<SlackResponse> {
  const open = await openCustomerEdit(app, code, OWNER);
  return app.slack.submitView(open.args.view as Record<string, unknown>, form, { userId: OWNER });
}

test('an older file whose contact has no title saves in Edit; renaming the contact asks for the title', async () => {
  const { code } = await makeCustomer(app, {
    contacts: [{ name: 'Li Na', phone: '+8613812345678', optOuts: [] }],
  } as never);
  expect((await edit(code, { industry: 'Machinery' })).body).toBe('');
  const edited = await app.db.models.customers.findOne({ teamId: FAKE_TEAM_ID, code }).lean();
  expect(edited!.industry).toBe('Machinery');

  const refused = await edit(code, { contact_name: 'Wang Fang' });
  expect(refused.body).toMatchObject({
    response_action: 'errors',
    errors: { contact_title: expect.stringContaining('title') },
  });
  const kept = await app.db.models.customers.findOne({ teamId: FAKE_TEAM_ID, code }).lean();
  expect(kept!.contacts[0]!.name).toBe('Li Na');

  expect((await edit(code, { contact_name: 'Wang Fang', contact_title: 'CFO' })).body).toBe('');
  const renamed = await app.db.models.customers.findOne({ teamId: FAKE_TEAM_ID, code }).lean();
  expect(renamed!.contacts[0]).toMatchObject({ name: 'Wang Fang', title: 'CFO' });
});
