// A customer owned by the workspace's guest, as the guest-owner tests set it up.
import { expect } from 'vitest';
import type { TestApp } from './app.js';
import { OWNER } from './factories.js';
import { FAKE_GUEST_USER_ID as GUEST, FAKE_TEAM_ID } from './fake-slack.js';
import { FULL_CUSTOMER_FORM } from './records.js';

/** The guest's linked manager (their stand-in). */
export const MANAGER = 'U0MANAGER1';
/** A manager not linked to the guest. */
export const OTHER_MANAGER = 'U0MANAGER2';
/** The guest's other linked manager. */
export const THIRD_MANAGER = 'U0MANAGER3';

/**
 * With the three managers named (MANAGER and THIRD_MANAGER linked to the guest), a new customer
 * filled in by OWNER on the modal with the guest as its owner: a key customer; its code.
 */
export async function guestOwnedKeyCustomer(app: TestApp): Promise<string> {
  await app.setSettings(() => ({
    managers: [OTHER_MANAGER, MANAGER, THIRD_MANAGER],
    managerLinks: [
      { managerId: MANAGER, manages: [GUEST] },
      { managerId: THIRD_MANAGER, manages: [GUEST] },
    ],
  }));
  await app.slack.command('/customer', 'new', { userId: OWNER });
  const view = app.fake.callsTo('views.open').at(-1)!.args.view as Record<string, unknown>;
  const res = await app.slack.submitView(
    view,
    { ...FULL_CUSTOMER_FORM, owner: GUEST, annual_revenue: '600000' },
    { userId: OWNER },
  );
  expect(res.body, JSON.stringify(res.body)).toBe('');
  const c = (await app.db.models.customers.findOne({ teamId: FAKE_TEAM_ID }).lean())!;
  expect(c).toMatchObject({ ownerId: GUEST, ownerGuest: true, tier: 'key' });
  return c.code;
}
