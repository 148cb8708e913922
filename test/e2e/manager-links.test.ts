// Issue 11 (lane setui): "the owner's manager". In `/desk roles` an admin sets, per manager,
// the account managers they manage; a late file, a complaint and a missed complaint contact are
// then told to the owner's managers only (every manager when nobody manages the owner), and the
// owner's managers are the managers who see the owner's customers' personal data in clear.
import { describe, expect, test } from 'vitest';
import { slaAlertsJob } from '../../jobs/sla-alerts.js';
import { useTestApp } from '../helpers/app.js';
import { pickInRoles } from '../helpers/clicks.js';
import { makeCustomer, makeTicket, OWNER } from '../helpers/factories.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { runJobAt } from '../helpers/jobs.js';

const ADMIN = 'U0ADMIN001';
const EAST = 'U0MANAGER1'; // manages OWNER
const WEST = 'U0MANAGER2'; // manages OWNER2
const OWNER2 = 'U0OWNER002';
const LONER = 'U0OWNER003'; // managed by nobody

// 2026-11-24 10:00 in Shanghai.
const app = useTestApp({ env: { ADMIN_USER_IDS: ADMIN }, now: '2026-11-24T02:00:00Z' });

type View = Record<string, any>;
const lastView = (): View =>
  app.fake.calls.filter((c) => c.method === 'views.open' || c.method === 'views.update').at(-1)!
    .args.view as View;
const users = (ids: string[], actionId = 'v') => ({
  [actionId]: { type: 'multi_users_select', selected_users: ids },
});

/** `/desk roles` as the admin: two managers picked, each given whom they manage, saved. */
async function linkManagers() {
  await app.slack.command('/desk', 'roles', { userId: ADMIN });
  const modal = lastView();
  await pickInRoles(app, ADMIN, 'managers', modal.private_metadata, {
    admins: users([ADMIN]),
    managers: users([EAST, WEST], 'desk_roles_managers'),
  });
  const redrawn = app.fake.callsTo('views.update').at(-1)!.args.view as View;
  const res = await app.slack.submitView(
    redrawn,
    {
      account_managers: `${OWNER},${OWNER2},${LONER}`,
      [`manages:${EAST}`]: OWNER,
      [`manages:${WEST}`]: OWNER2,
    },
    { userId: ADMIN },
  );
  expect(res.body).toBe('');
  return redrawn;
}

/** `/customer new` by `ownerId`, first contact on `firstContact`, with a phone; its code. */
async function createCustomer(ownerId: string, name: string, firstContact: string) {
  const before = app.fake.callsTo('views.open').length;
  await app.slack.command('/customer', 'new', { userId: ownerId });
  const view = app.fake.callsTo('views.open')[before]!.args.view as View;
  const res = await app.slack.submitView(
    view,
    {
      name,
      industry: 'Manufacturing',
      source: 'referral',
      first_contact: firstContact,
      contact_name: 'Zhang Wei',
      contact_title: 'Buyer',
      contact_phone: '138 1234 5678',
    },
    { userId: ownerId },
  );
  expect(res.body, JSON.stringify(res.body)).toBe('');
  const doc = await app.db.models.customers
    .findOne({ teamId: FAKE_TEAM_ID, name })
    .lean<{ code: string; ownerId: string }>();
  expect(doc!.ownerId).toBe(ownerId);
  return doc!.code;
}

const toldOf = (manager: string, words: string) =>
  app.fake.postsTo(manager).filter((m) => JSON.stringify(m.args).includes(words));

describe("the owner's manager", () => {
  test('/desk roles: a "Manages" input per manager appears as managers are picked; saved, shown again and logged', async () => {
    const redrawn = await linkManagers();
    const ids = redrawn.blocks.map((b: any) => b.block_id);
    expect(ids).toEqual(expect.arrayContaining([`manages:${EAST}`, `manages:${WEST}`]));
    const manages = redrawn.blocks.find((b: any) => b.block_id === `manages:${EAST}`);
    expect(manages.label.text).toBe('Manages (account managers)');
    expect(manages.hint.text).toContain('An owner nobody manages: every manager.');

    const saved = await app.desk.services.workspaces.settings(FAKE_TEAM_ID);
    expect(saved.managers).toEqual([EAST, WEST]);
    expect(saved.managerLinks).toEqual([
      { managerId: EAST, manages: [OWNER] },
      { managerId: WEST, manages: [OWNER2] },
    ]);

    // Opened again: each manager's input holds whom they manage.
    await app.slack.command('/desk', 'roles', { userId: ADMIN });
    const again = lastView();
    const initial = (id: string) =>
      again.blocks.find((b: any) => b.block_id === `manages:${id}`).element.initial_users;
    expect(initial(EAST)).toEqual([OWNER]);
    expect(initial(WEST)).toEqual([OWNER2]);

    const history = JSON.stringify(
      (await app.slack.command('/desk', 'settings history', { userId: ADMIN })).body,
    );
    expect(history).toContain(
      `Managers and whom they manage: (none) → <@${EAST}> (<@${OWNER}>); <@${WEST}> (<@${OWNER2}>)`,
    );
  });

  test('a late file is told to the owner’s manager only; an owner nobody manages: every manager', async () => {
    // The desk in use since 2 November (its first record): files first contacted since are
    // held to the 24 h.
    app.clock.set('2026-11-02T02:00:00Z');
    await makeCustomer(app, { name: 'First Co', firstContactDate: '2026-11-02' });
    app.clock.set('2026-11-24T02:00:00Z');
    await linkManagers();
    await createCustomer(OWNER, 'East Late Co', '2026-11-20');
    await app.desk.outbox.drain();
    expect(toldOf(EAST, 'East Late Co')).toHaveLength(1);
    expect(toldOf(WEST, 'East Late Co')).toHaveLength(0);

    await createCustomer(LONER, 'Loner Late Co', '2026-11-20');
    await app.desk.outbox.drain();
    expect(toldOf(EAST, 'Loner Late Co')).toHaveLength(1);
    expect(toldOf(WEST, 'Loner Late Co')).toHaveLength(1);
  });

  test('a complaint, and its missed contact target, are told to the account manager’s manager only', async () => {
    await linkManagers();
    const code = await createCustomer(OWNER2, 'West Co', '2026-11-24');
    await makeTicket(app, { customerCode: code, type: 'complaint', complaintUrgency: 'urgent' });
    await app.desk.outbox.drain();
    expect(toldOf(WEST, 'complaint')).toHaveLength(1);
    expect(toldOf(EAST, 'complaint')).toHaveLength(0);

    // 14:00:30, the urgent complaint's 4 h contact target missed: the owner and their manager.
    await runJobAt(app, slaAlertsJob, '2026-11-24T06:00:30Z');
    const missed = 'the account manager has not contacted the customer by the complaint target';
    expect(
      toldOf(OWNER2, 'you have not contacted the customer by the complaint target'),
    ).toHaveLength(1);
    expect(toldOf(WEST, missed)).toHaveLength(1);
    expect(toldOf(EAST, missed)).toHaveLength(0);
  });

  test("personal data: the owner's manager and admins see it in clear, another manager masked; an owner nobody manages: every manager", async () => {
    await linkManagers();
    const east = await createCustomer(OWNER, 'East Co', '2026-11-24');
    const loner = await createCustomer(LONER, 'Loner Co', '2026-11-24');
    const card = async (code: string, userId: string) =>
      JSON.stringify((await app.slack.command('/customer', code, { userId })).body);
    expect(await card(east, EAST)).toContain('138 1234 5678');
    expect(await card(east, ADMIN)).toContain('138 1234 5678');
    expect(await card(east, WEST)).toContain('138****5678');
    expect(await card(east, WEST)).not.toContain('138 1234 5678');
    expect(await card(loner, WEST)).toContain('138 1234 5678');
    expect(await card(loner, EAST)).toContain('138 1234 5678');
  });
});
