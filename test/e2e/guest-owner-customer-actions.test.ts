// A guest of the workspace may own a customer, but works nothing of it and reads no desk: the
// customer card's Record delivery (which lists its latest orders with amounts and notes), Record
// order, Log interaction, Edit customer and New task refuse them on every path (the button, the
// form's open, its save), whatever their relation to the customer, as /customer C… does. Before,
// owning the customer let them (revland45b F2).
import { expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { FAKE_GUEST_USER_ID as GUEST, FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { guestOwnedCustomer } from '../helpers/clicks.js';

const MANAGER = 'U0MANAGER1';
// Tuesday 2026-11-24 10:00 in Shanghai.
const app = useTestApp({ now: '2026-11-24T02:00:00Z' });

const REFUSED = "You're a guest in this workspace, and guests don't work the desk";

function click(actionId: string, code: string, userId: string) {
  return app.slack.blockAction(
    { action_id: actionId, value: code, block_id: 'customer_actions' },
    { userId },
  );
}

const lastModal = () =>
  app.fake.calls.filter((x) => ['views.open', 'views.update'].includes(x.method)).at(-1)?.args
    .view as Record<string, unknown> | undefined;

/** Everything Slack was sent since the last reset, as text. */
const sent = () => JSON.stringify(app.fake.calls.map((c) => c.args));

test('a guest owner is refused Record delivery, Record order, Log interaction, Edit customer and New task on the card, and their saves of forms drawn for a manager', async () => {
  await app.setSettings(() => ({ managers: [MANAGER] }));
  await guestOwnedCustomer(app);
  const c = (await app.db.models.customers.findOne({ teamId: FAKE_TEAM_ID }).lean())!;
  expect(c).toMatchObject({ ownerId: GUEST, ownerGuest: true });
  // An order the manager recorded, with a note.
  await click('customer_order_open', c.code, MANAGER);
  await app.slack.submitView(
    lastModal()!,
    { date: '2026-11-20', amount: '30000', number: 'SO-9', note: 'Rush, gate 4' },
    { userId: MANAGER },
  );
  expect(await app.db.models.orders.countDocuments({ teamId: FAKE_TEAM_ID })).toBe(1);

  // The buttons: each refused, no form drawn, nothing of the orders shown.
  for (const action of [
    'customer_delivery_open',
    'customer_order_open',
    'customer_interaction_open',
    'customer_edit_open',
    'customer_task_new',
  ]) {
    app.fake.reset();
    await click(action, c.code, GUEST);
    const modal = JSON.stringify(lastModal() ?? {});
    expect({ action, refused: sent().includes(REFUSED) }).toEqual({ action, refused: true });
    expect(modal).not.toContain('30,000');
    expect(modal).not.toContain('SO-9');
    expect(modal).not.toContain('gate 4');
    expect(modal).not.toContain('"type":"input"');
  }

  // The saves of forms a manager opened, submitted by the guest: refused, nothing written.
  const formOf = async (action: string) => {
    app.fake.reset();
    await click(action, c.code, MANAGER);
    return lastModal()!;
  };
  const delivery = await formOf('customer_delivery_open');
  const order = await formOf('customer_order_open');
  const interaction = await formOf('customer_interaction_open');
  const edit = await formOf('customer_edit_open');
  for (const [form, values] of [
    [delivery, { delivered: '2026-11-23' }],
    [order, { date: '2026-11-21', amount: '5000' }],
    [interaction, { summary: 'Called about the delivery' }],
    [edit, { region: 'Zhejiang' }],
  ] as const) {
    const saved = await app.slack.submitView(form, values, { userId: GUEST });
    expect(JSON.stringify(saved.body)).toContain(REFUSED);
  }
  const orders = await app.db.models.orders.find({ teamId: FAKE_TEAM_ID }).lean();
  expect(orders.map((o) => [o.amount, o.deliveredOn])).toEqual([[30000, undefined]]);
  expect(await app.db.models.interactions.countDocuments({ teamId: FAKE_TEAM_ID })).toBe(0);
  expect((await app.db.models.customers.findById(c._id).lean())!.region).toBe(c.region);
});
