// `/desk roles` saved after the roles changed while its modal was open (`npm run admins -- --add`,
// another admin's save): only what the admin changed from what the modal showed is written; a
// list both changed is refused on it.
import { describe, expect, test } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/context.js';
import { SETTINGS_FRESH_MS } from '../../src/workspace/service.js';
import { useTestApp } from '../helpers/app.js';
import { pickInRoles } from '../helpers/clicks.js';
import { ctxOf, OWNER } from '../helpers/factories.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';

const ADMIN = 'U0ADMIN001';
const RESCUE = 'U0ADMIN002';
const AGENT = 'U0AGENT001';
const AGENT2 = 'U0AGENT002';
const EXPERT = 'U0EXPERT01';
const BILLING = 'U0EXPERT02';
const MANAGER = 'U0MANAGER1';

// Tuesday 2026-11-24 10:00 in Shanghai.
const app = useTestApp({ env: { ADMIN_USER_IDS: ADMIN }, now: '2026-11-24T02:00:00Z' });

type View = Record<string, any>;
const lastView = () =>
  app.fake.calls.filter((c) => c.method === 'views.open' || c.method === 'views.update').at(-1)!
    .args.view as View;

/** `/desk roles` by `userId`: its modal. */
async function openRoles(userId = ADMIN): Promise<View> {
  await app.slack.command('/desk', 'roles', { userId });
  return lastView();
}

/** The roles as stored. */
const stored = async () => {
  app.desk.services.workspaces.forget();
  return app.desk.services.workspaces.settings(FAKE_TEAM_ID);
};

/** The operator's way back in, as `npm run admins -- --add` runs it. */
async function addAdminByTool(userId: string) {
  const ctx = await ctxOf(app, SYSTEM_ACTOR, { origin: 'job' });
  expect(await app.desk.services.settings.addAdmin(ctx, userId)).toBe(true);
}

const CHANGED =
  'Someone else changed this since you opened the form: close it and open it again to see their change, then make yours.';

describe('/desk roles saved after a change made while it was open', () => {
  test('an admin added by the tool meanwhile stays; History names only what the modal changed', async () => {
    const modal = await openRoles();
    await addAdminByTool(RESCUE);
    app.clock.advance(SETTINGS_FRESH_MS + 1000);
    const res = await app.slack.submitView(
      modal,
      { agents: AGENT, account_managers: OWNER },
      { userId: ADMIN },
    );
    expect(res.status).toBe(200);
    const s = await stored();
    expect(s.admins).toEqual([ADMIN, RESCUE]);
    expect(s.agents).toEqual([AGENT]);
    expect(s.accountManagers).toEqual([OWNER]);
    // The confirmation counts the roles as saved: two admins.
    expect(app.fake.callsTo('response_url').at(-1)!.args.text).toMatch(/^Roles saved: 2 admins/);
    const last = await app.db.models.settingsChanges
      .findOne({ teamId: FAKE_TEAM_ID })
      .sort({ version: -1 })
      .lean();
    expect(last).toMatchObject({ group: 'roles', by: ADMIN });
    expect(Object.keys((last as any).new).sort()).toEqual(['account_managers', 'agents']);
  });

  test('a list both changed is refused on it, nothing saved; opened again, it saves', async () => {
    const modal = await openRoles();
    await addAdminByTool(RESCUE);
    const res = await app.slack.submitView(
      modal,
      { admins: `${ADMIN},${AGENT2}`, agents: AGENT },
      { userId: ADMIN },
    );
    expect(res.body).toEqual({ response_action: 'errors', errors: { admins: CHANGED } });
    const s = await stored();
    expect(s.admins).toEqual([ADMIN, RESCUE]);
    expect(s.agents).toEqual([]);
    const again = await openRoles();
    await app.slack.submitView(
      again,
      { admins: `${ADMIN},${RESCUE},${AGENT2}`, agents: AGENT },
      { userId: ADMIN },
    );
    expect((await stored()).admins).toEqual([ADMIN, RESCUE, AGENT2]);
  });

  test('two admins changing two experts’ skills and a manager’s people: each keeps theirs', async () => {
    await app.setSettings(() => ({
      admins: [ADMIN, RESCUE],
      managers: [MANAGER],
      managerLinks: [{ managerId: MANAGER, manages: [OWNER] }],
      experts: [
        { userId: EXPERT, skills: ['firmware'] },
        { userId: BILLING, skills: ['billing'] },
      ],
    }));
    const first = await openRoles(ADMIN);
    const second = await openRoles(RESCUE);
    expect(
      (
        await app.slack.submitView(
          second,
          { [`skills:${EXPERT}`]: 'firmware, 网络', [`manages:${MANAGER}`]: `${OWNER},${AGENT}` },
          { userId: RESCUE },
        )
      ).body,
    ).toBe('');
    app.clock.advance(SETTINGS_FRESH_MS + 1000);
    expect(
      (
        await app.slack.submitView(
          first,
          { [`skills:${BILLING}`]: 'billing, 投诉', open_desk: '' },
          { userId: ADMIN },
        )
      ).body,
    ).toBe('');
    const s = await stored();
    expect(s.experts).toEqual([
      { userId: EXPERT, skills: ['firmware', '网络'] },
      { userId: BILLING, skills: ['billing', '投诉'] },
    ]);
    expect(s.managerLinks).toEqual([{ managerId: MANAGER, manages: [OWNER, AGENT] }]);
    expect(s.openDesk).toBe(false);
  });

  test('the modal drawn again as experts are picked keeps what it showed when it opened', async () => {
    const modal = await openRoles();
    await addAdminByTool(RESCUE);
    await pickInRoles(app, ADMIN, 'experts', modal.private_metadata, {
      admins: { v: { type: 'multi_users_select', selected_users: [ADMIN] } },
      experts: {
        desk_roles_experts: { type: 'multi_users_select', selected_users: [EXPERT] },
      },
    });
    const redrawn = lastView();
    expect(
      (await app.slack.submitView(redrawn, { [`skills:${EXPERT}`]: 'firmware' }, { userId: ADMIN }))
        .body,
    ).toBe('');
    const s = await stored();
    expect(s.admins).toEqual([ADMIN, RESCUE]);
    expect(s.experts).toEqual([{ userId: EXPERT, skills: ['firmware'] }]);
  });

  test('what it showed fits the modal’s metadata however many people the roles name', async () => {
    const id = (prefix: string, i: number) => `${prefix}${String(i).padStart(8, '0')}`;
    await app.setSettings(() => ({
      experts: Array.from({ length: 120 }, (_, i) => ({
        userId: id('WE', i),
        skills: ['billing', '网络'],
      })),
      managers: Array.from({ length: 80 }, (_, i) => id('WM', i)),
      managerLinks: Array.from({ length: 80 }, (_, i) => ({
        managerId: id('WM', i),
        manages: [id('WA', i)],
      })),
    }));
    const modal = await openRoles();
    const meta = JSON.parse(modal.private_metadata);
    // 40 experts' skills and the 6 managers the modal has room for.
    expect(Object.keys(meta.rolesShown.skills)).toHaveLength(40);
    expect(Object.keys(meta.rolesShown.manages)).toHaveLength(6);
    expect(modal.private_metadata.length).toBeLessThan(2000);
  });
});
