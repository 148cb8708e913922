// An erasure by Slack user (#12) is for a requester: a former member of staff whose only trace
// left is on a customer's file (an interaction they logged, a change in its History, the tier
// override they set, the file they created, an order they recorded) is refused as staff, as one
// found on a ticket or a task is, and that trace keeps their user id. Through the real Bolt stack
// (signed requests, fake Slack): the traces are made with the card's buttons and modals.
import { beforeEach, describe, expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { AGENT, makeCustomer, OWNER } from '../helpers/factories.js';
import { heldIn as heldBy, tryEraseUser } from '../helpers/privacy.js';

const ADMIN = 'U0ADMIN001';
const FORMER = 'U0FORMER09';

const app = useTestApp({ env: { ADMIN_USER_IDS: ADMIN }, now: '2026-11-24T02:00:00Z' });

const roles = { agents: [AGENT], accountManagers: [OWNER], managers: [] as string[] };

let code = '';
beforeEach(async () => {
  await app.setSettings(() => roles);
  code = (await makeCustomer(app, { name: 'Huadong Machinery' })).code;
});

/** The view the app last opened or pushed into a modal (views.open, then views.update). */
function lastModal(): Record<string, unknown> {
  const calls = app.fake.calls.filter(
    (c) => c.method === 'views.open' || c.method === 'views.update',
  );
  return calls.at(-1)!.args.view as Record<string, unknown>;
}

/** A card button clicked by FORMER, then the modal it opened submitted with `form`. */
async function viaCard(action: string, form: Record<string, string | null>) {
  await app.slack.blockAction(
    { action_id: action, value: code, block_id: 'customer_actions' },
    { userId: FORMER },
  );
  const res = await app.slack.submitView(lastModal(), form, { userId: FORMER });
  expect(res.body, JSON.stringify(res.body)).toBe('');
}

/** What FORMER does while they hold `role`; their role is taken away after. */
async function whileStaff(role: 'agents' | 'managers', work: () => Promise<void>) {
  await app.setSettings(() => ({ ...roles, [role]: [...roles[role], FORMER] }));
  await work();
  await app.setSettings(() => roles);
}

/** Where FORMER's user id is held, by collection and field, but for the privacy log. */
const heldIn = () => heldBy(app, FORMER);

/** `/desk privacy erase user:<@FORMER>` is refused as staff; an erase modal left open too. */
async function refusedAsStaff() {
  const said = await tryEraseUser(app, ADMIN, FORMER);
  expect(said).toContain(`<@${FORMER}> works or has worked on the desk`);
  expect(said).not.toContain('This erases what the desk holds');
  expect(await app.db.models.privacyLog.countDocuments({ kind: 'erase' })).toBe(0);
}

describe('erase by Slack user: a former member of staff whose only trace is on a customer file', () => {
  test('an interaction they logged: refused; the interaction still says who logged it', async () => {
    await whileStaff('agents', () =>
      viaCard('customer_interaction_open', { type: 'call', summary: 'Asked about the invoice' }),
    );
    expect(await heldIn()).toEqual(['interactions.by']);
    await refusedAsStaff();
    expect(await app.db.models.interactions.findOne({ by: FORMER }).lean()).toMatchObject({
      summary: 'Asked about the invoice',
    });
  });

  test('a change they recorded in the file’s History (the competitor flag): refused; the entry keeps who made it', async () => {
    await whileStaff('managers', () =>
      viaCard('customer_edit_open', { competitor_contact: 'yes' }),
    );
    expect(await heldIn()).toEqual(['customer_changes.by']);
    await refusedAsStaff();
    expect(await app.db.models.customerChanges.findOne({ by: FORMER }).lean()).toMatchObject({
      field: 'competitorContact',
      newValue: true,
    });
  });

  test('the tier override they set: refused; the override keeps who set it', async () => {
    await whileStaff('managers', () =>
      viaCard('customer_edit_open', {
        tier_override: 'strategic',
        tier_override_reason: 'Industry leader',
      }),
    );
    // The override on its own (its History entries are refused by the test above).
    await app.db.models.customerChanges.deleteMany({ by: FORMER });
    expect(await heldIn()).toEqual(['customers.tierOverride.by']);
    await refusedAsStaff();
    expect((await app.db.models.customers.findOne({ code }).lean())!.tierOverride).toMatchObject({
      tier: 'strategic',
      by: FORMER,
    });
  });

  test('a customer they created (owned by another): refused; the file keeps who created it', async () => {
    await whileStaff('agents', async () => {
      await app.slack.command('/customer', 'new', { userId: FORMER });
      const res = await app.slack.submitView(
        lastModal(),
        {
          name: 'Shanghai Optics',
          industry: 'Manufacturing',
          source: 'referral',
          first_contact: '2026-11-20',
          owner: OWNER,
        },
        { userId: FORMER },
      );
      expect(res.body, JSON.stringify(res.body)).toBe('');
    });
    // The file on its own (its History's 'created' entry is refused by the test above).
    await app.db.models.customerChanges.deleteMany({ by: FORMER });
    expect(await heldIn()).toEqual(['customers.createdBy']);
    await refusedAsStaff();
    expect(await app.db.models.customers.findOne({ createdBy: FORMER }).lean()).toMatchObject({
      name: 'Shanghai Optics',
      ownerId: OWNER,
    });
  });

  test('an order they recorded: refused; the order keeps who recorded it', async () => {
    await whileStaff('managers', () =>
      viaCard('customer_order_open', { date: '2026-11-20', amount: '250000' }),
    );
    // The order on its own (the revenue it moved is in the History, refused above).
    await app.db.models.customerChanges.deleteMany({ by: FORMER });
    expect(await heldIn()).toEqual(['orders.createdBy']);
    await refusedAsStaff();
    expect(await app.db.models.orders.findOne({ createdBy: FORMER }).lean()).toMatchObject({
      amount: 250_000,
    });
  });
});
