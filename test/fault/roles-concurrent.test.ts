// `/desk roles` saved after the roles changed while its modal was open (`npm run admins -- --add`,
// another admin's save): only what the admin changed from what the modal showed is written; a
// list both changed is refused on it.
import { describe, expect, onTestFinished, test } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/context.js';
import { SETTINGS_FRESH_MS } from '../../src/workspace/service.js';
import { useTestApp } from '../helpers/app.js';
import { pickInRoles } from '../helpers/clicks.js';
import { ctxOf, OWNER } from '../helpers/factories.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { viewStateOf } from '../helpers/slack-requests.js';

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

/** The other admin (RESCUE) opens the roles and saves `values`: accepted. */
async function rescueSaves(values: Record<string, string>): Promise<void> {
  const second = await openRoles(RESCUE);
  expect((await app.slack.submitView(second, values, { userId: RESCUE })).body).toBe('');
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

  test('admins put in another order while the tool added one: both kept, the first as this admin put it', async () => {
    const modal = await openRoles();
    await addAdminByTool(RESCUE);
    const res = await app.slack.submitView(
      modal,
      { admins: `${AGENT2},${ADMIN}`, agents: AGENT },
      { userId: ADMIN },
    );
    expect(res.body).toBe('');
    const s = await stored();
    expect(s.admins).toEqual([AGENT2, ADMIN, RESCUE]);
    expect(s.agents).toEqual([AGENT]);
  });

  test('two admins each putting someone else first: refused, nothing saved; opened again, it saves', async () => {
    await app.setSettings(() => ({ admins: [ADMIN, RESCUE] }));
    const modal = await openRoles(ADMIN);
    await rescueSaves({ admins: `${RESCUE},${ADMIN}` });
    app.clock.advance(SETTINGS_FRESH_MS + 1000);
    // The first stands in for a guest owner: each put another there.
    const res = await app.slack.submitView(
      modal,
      { admins: `${AGENT2},${ADMIN},${RESCUE}`, agents: AGENT },
      { userId: ADMIN },
    );
    expect(res.body).toEqual({ response_action: 'errors', errors: { admins: CHANGED } });
    const s = await stored();
    expect(s.admins).toEqual([RESCUE, ADMIN]);
    expect(s.agents).toEqual([]);
    const again = await openRoles();
    await app.slack.submitView(
      again,
      { admins: `${AGENT2},${RESCUE},${ADMIN}`, agents: AGENT },
      { userId: ADMIN },
    );
    expect((await stored()).admins).toEqual([AGENT2, RESCUE, ADMIN]);
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
    await rescueSaves({
      [`skills:${EXPERT}`]: 'firmware, 网络',
      [`manages:${MANAGER}`]: `${OWNER},${AGENT}`,
    });
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

describe('/desk roles lists two admins changed at once: merged person by person', () => {
  const MANAGER2 = 'U0MANAGER2';
  const OWNER2 = 'U0OWNER002';

  /** People picked in `modal`'s experts or managers (`form`: what its inputs hold): redrawn. */
  async function pick(
    modal: View,
    block: 'experts' | 'managers',
    form: Record<string, string>,
  ): Promise<View> {
    await app.slack.blockAction(
      { action_id: `desk_roles_${block}`, block_id: block, type: 'multi_users_select' },
      {
        userId: ADMIN,
        view: {
          ...modal,
          id: 'V0ROLES001',
          hash: 'h1',
          state: { values: viewStateOf(modal, form) },
        },
      },
    );
    return { ...lastView(), id: 'V0ROLES001' };
  }

  const twoAdmins = () =>
    app.setSettings(() => ({
      admins: [ADMIN, RESCUE],
      managers: [MANAGER, MANAGER2],
      managerLinks: [
        { managerId: MANAGER, manages: [OWNER] },
        { managerId: MANAGER2, manages: [OWNER2] },
      ],
    }));

  test('two admins each adding an agent: both kept, History adding only this one’s', async () => {
    await twoAdmins();
    const first = await openRoles(ADMIN);
    await rescueSaves({ agents: AGENT2 });
    app.clock.advance(SETTINGS_FRESH_MS + 1000);
    expect((await app.slack.submitView(first, { agents: AGENT }, { userId: ADMIN })).body).toBe('');
    expect((await stored()).agents).toEqual([AGENT2, AGENT]);
    const last = await app.db.models.settingsChanges
      .findOne({ teamId: FAKE_TEAM_ID })
      .sort({ version: -1 })
      .lean();
    // History: the list as the other admin left it, and with this admin's agent added.
    expect(last).toMatchObject({
      by: ADMIN,
      old: { agents: AGENT2 },
      new: { agents: `${AGENT2}, ${AGENT}` },
    });
  });

  test('managers each admin added (the modal redrawn) and someone they manage: both kept', async () => {
    await twoAdmins();
    const first = await openRoles(ADMIN);
    // The second admin adds an agent to the first manager's people.
    await rescueSaves({ [`manages:${MANAGER}`]: `${OWNER},${AGENT}` });
    // The first admin adds a manager (drawn again with their "Manages") and an expert.
    const redrawn = await pick(first, 'managers', { managers: `${MANAGER},${MANAGER2},${EXPERT}` });
    expect(JSON.parse(redrawn.private_metadata).listsShown).toEqual({
      managers: `${MANAGER},${MANAGER2}`,
    });
    app.clock.advance(SETTINGS_FRESH_MS + 1000);
    expect(
      (
        await app.slack.submitView(
          redrawn,
          { [`manages:${EXPERT}`]: OWNER2, agents: AGENT2 },
          { userId: ADMIN },
        )
      ).body,
    ).toBe('');
    const s = await stored();
    expect(s.managers).toEqual([MANAGER, MANAGER2, EXPERT]);
    expect(s.managerLinks).toEqual([
      { managerId: MANAGER, manages: [OWNER, AGENT] },
      { managerId: MANAGER2, manages: [OWNER2] },
      { managerId: EXPERT, manages: [OWNER2] },
    ]);
    expect(s.agents).toEqual([AGENT2]);
  });

  test('a manager one admin removes whose people the other changed: refused on Managers, naming them as Slack shows them (en, zh-CN)', async () => {
    // Slack shows the display name over the full name; the inline error is plain text, said as is.
    app.fake.users.set(MANAGER2, {
      id: MANAGER2,
      real_name: 'Chen Jing',
      display_name: 'Jing <Chen> & Co',
    });
    onTestFinished(() => void app.fake.users.delete(MANAGER2));
    await twoAdmins();
    const first = await openRoles(ADMIN);
    await rescueSaves({ [`manages:${MANAGER2}`]: `${OWNER2},${AGENT}` });
    const redrawn = await pick(first, 'managers', { managers: MANAGER });
    app.clock.advance(SETTINGS_FRESH_MS + 1000);
    const res = await app.slack.submitView(redrawn, {}, { userId: ADMIN });
    expect(res.body).toEqual({
      response_action: 'errors',
      errors: {
        managers:
          'Someone else changed whom the manager Jing <Chen> & Co manages since you opened the form: close it and open it again to see their change, then make yours.',
      },
    });
    const s = await stored();
    expect(s.managers).toEqual([MANAGER, MANAGER2]);
    expect(s.managerLinks.at(-1)).toEqual({ managerId: MANAGER2, manages: [OWNER2, AGENT] });
    await app.setSettings(() => ({ locale: 'zh-CN' }));
    const zh = await openRoles(ADMIN);
    await app.setSettings((s) => ({
      managerLinks: s.managerLinks.map((l) =>
        l.managerId === MANAGER2 ? { ...l, manages: [OWNER2] } : l,
      ),
    }));
    const zhRes = await app.slack.submitView(
      await pick(zh, 'managers', { managers: MANAGER }),
      {},
      { userId: ADMIN },
    );
    expect(zhRes.body).toEqual({
      response_action: 'errors',
      errors: {
        managers:
          '你打开表单后，有人修改了主管 Jing <Chen> & Co 所管理的人员：请关闭后重新打开，查看其修改后再做更改。',
      },
    });
    // Slack not describing them (nothing remembered, users.info failing): by member ID.
    const byId = await openRoles(ADMIN);
    await app.setSettings((s) => ({
      managerLinks: s.managerLinks.map((l) =>
        l.managerId === MANAGER2 ? { ...l, manages: [OWNER2, AGENT] } : l,
      ),
    }));
    const redrawnById = await pick(byId, 'managers', { managers: MANAGER });
    app.desk.forgetPeople();
    app.fake.failNext('users.info', 'user_not_found', 20);
    expect((await app.slack.submitView(redrawnById, {}, { userId: ADMIN })).body).toEqual({
      response_action: 'errors',
      errors: {
        managers: `你打开表单后，有人修改了成员 ID 为 ${MANAGER2} 的主管所管理的人员：请关闭后重新打开，查看其修改后再做更改。`,
      },
    });
  });

  test('an expert one admin removes whose skills the other changed: refused on Experts, naming them as Slack shows them', async () => {
    app.fake.users.set(BILLING, { id: BILLING, real_name: 'Zhou Li' });
    onTestFinished(() => void app.fake.users.delete(BILLING));
    await app.setSettings(() => ({
      admins: [ADMIN, RESCUE],
      experts: [
        { userId: EXPERT, skills: ['firmware'] },
        { userId: BILLING, skills: ['billing'] },
      ],
    }));
    const first = await openRoles(ADMIN);
    await rescueSaves({ [`skills:${BILLING}`]: 'billing, 投诉' });
    const redrawn = await pick(first, 'experts', { experts: EXPERT });
    app.clock.advance(SETTINGS_FRESH_MS + 1000);
    expect((await app.slack.submitView(redrawn, {}, { userId: ADMIN })).body).toEqual({
      response_action: 'errors',
      errors: {
        experts:
          'Someone else changed the skills of the expert Zhou Li since you opened the form: close it and open it again to see their change, then make yours.',
      },
    });
    expect((await stored()).experts).toHaveLength(2);
  });

  test('the people of a manager the other admin removed meanwhile: refused on that input', async () => {
    await twoAdmins();
    const first = await openRoles(ADMIN);
    const second = await openRoles(RESCUE);
    expect(
      (
        await app.slack.submitView(
          await pick(second, 'managers', { managers: MANAGER }),
          {},
          { userId: RESCUE },
        )
      ).body,
    ).toBe('');
    app.clock.advance(SETTINGS_FRESH_MS + 1000);
    const res = await app.slack.submitView(
      first,
      { [`manages:${MANAGER2}`]: `${OWNER2},${AGENT}` },
      { userId: ADMIN },
    );
    expect(res.body).toEqual({
      response_action: 'errors',
      errors: {
        [`manages:${MANAGER2}`]:
          'Someone else took this person off the list since you opened the form: close it and open it again to see their change, then make yours.',
      },
    });
    expect((await stored()).managers).toEqual([MANAGER]);
  });

  test('two admins each stepping down for the other: refused on Admins, one admin kept (en, zh-CN)', async () => {
    /** RESCUE hands over to ADMIN and saves; ADMIN, from the modal opened before, to RESCUE. */
    const handOverBoth = async () => {
      await app.setSettings(() => ({ admins: [ADMIN, RESCUE] }));
      const first = await openRoles(ADMIN);
      const second = await openRoles(RESCUE);
      expect((await app.slack.submitView(second, { admins: ADMIN }, { userId: RESCUE })).body).toBe(
        '',
      );
      app.clock.advance(SETTINGS_FRESH_MS + 1000);
      return app.slack.submitView(first, { admins: RESCUE }, { userId: ADMIN });
    };
    expect((await handOverBoth()).body).toEqual({
      response_action: 'errors',
      errors: {
        admins:
          'Someone else changed the admins since you opened the form: with their change and yours, no admin would be left, and nobody could change the roles again. Close it and open it again to see their change, then make yours.',
      },
    });
    expect((await stored()).admins).toEqual([ADMIN]);
    await app.setSettings(() => ({ locale: 'zh-CN' }));
    expect((await handOverBoth()).body).toEqual({
      response_action: 'errors',
      errors: {
        admins:
          '你打开表单后，有人修改了管理员：加上其修改和你的修改，将不再有管理员，也就无人能再修改角色。请关闭后重新打开，查看其修改后再做更改。',
      },
    });
    expect((await stored()).admins).toEqual([ADMIN]);
  });

  test('two admins each adding skills past the 20 an expert may have: refused on the skills, a later save not', async () => {
    const skills = (prefix: string, n: number) =>
      Array.from({ length: n }, (_, i) => `${prefix}${i}`);
    await app.setSettings(() => ({
      admins: [ADMIN, RESCUE],
      experts: [{ userId: EXPERT, skills: skills('base', 5) }],
    }));
    const first = await openRoles(ADMIN);
    const second = await openRoles(RESCUE);
    const field = `skills:${EXPERT}`;
    const adding = (prefix: string) => [...skills('base', 5), ...skills(prefix, 10)].join(', ');
    expect(
      (await app.slack.submitView(second, { [field]: adding('b') }, { userId: RESCUE })).body,
    ).toBe('');
    app.clock.advance(SETTINGS_FRESH_MS + 1000);
    const res = await app.slack.submitView(
      first,
      { [field]: adding('a'), agents: AGENT },
      { userId: ADMIN },
    );
    expect(res.body).toEqual({
      response_action: 'errors',
      errors: {
        [field]:
          'Someone else changed these skills since you opened the form: with their change and yours, there would be 25 skills, at most 20. Close it and open it again to see their change, then make yours.',
      },
    });
    const s = await stored();
    expect(s.experts[0]!.skills).toHaveLength(15);
    expect(s.agents).toEqual([]);
    // Opened again, a save that leaves the skills as shown is taken.
    const again = await openRoles(ADMIN);
    expect((await app.slack.submitView(again, { agents: AGENT }, { userId: ADMIN })).body).toBe('');
    expect((await stored()).agents).toEqual([AGENT]);
    await app.setSettings(() => ({ locale: 'zh-CN' }));
    const zhFirst = await openRoles(ADMIN);
    const zhSecond = await openRoles(RESCUE);
    const more = (prefix: string) => [
      ...skills('base', 5),
      ...skills('b', 10),
      ...skills(prefix, 3),
    ];
    expect(
      (await app.slack.submitView(zhSecond, { [field]: more('c').join(', ') }, { userId: RESCUE }))
        .body,
    ).toBe('');
    app.clock.advance(SETTINGS_FRESH_MS + 1000);
    expect(
      (await app.slack.submitView(zhFirst, { [field]: more('d').join(', ') }, { userId: ADMIN }))
        .body,
    ).toEqual({
      response_action: 'errors',
      errors: {
        [field]:
          '你打开表单后，有人修改了这些技能：加上其修改和你的修改，将有 21 项技能，最多 20 项。请关闭后重新打开，查看其修改后再做更改。',
      },
    });
  });

  test('who stands in for guest owners changed by the two saves to someone neither put first: refused on the list, naming them (en, zh-CN)', async () => {
    const M3 = 'U0MANAGER3';
    /** From `managers`, RESCUE saves `theirs`, then ADMIN (modal opened before) saves `mine`. */
    const both = async (managers: string[], theirs: string, mine: string) => {
      await app.setSettings(() => ({ admins: [ADMIN, RESCUE], managers, managerLinks: [] }));
      const first = await openRoles(ADMIN);
      const second = await openRoles(RESCUE);
      expect(
        (await app.slack.submitView(second, { managers: theirs }, { userId: RESCUE })).body,
      ).toBe('');
      app.clock.advance(SETTINGS_FRESH_MS + 1000);
      return app.slack.submitView(first, { managers: mine }, { userId: ADMIN });
    };
    // Named as Slack shows them (the fake's full names are `User <id>`).
    app.fake.users.set(MANAGER2, { id: MANAGER2, real_name: 'Wang Fang', display_name: '王芳' });
    onTestFinished(() => void app.fake.users.delete(MANAGER2));
    const refused = (user: string) => ({
      response_action: 'errors',
      errors: {
        managers: `Someone else changed the managers since you opened the form: with their change and yours, ${user} would stand in for guest owners (the first manager does, or the first admin when there is no manager), whom neither of you put there. Close it and open it again to see their change, then make yours.`,
      },
    });
    // One removes the first, the other the one who was next: the third would be first.
    expect(
      (await both([M3, MANAGER, MANAGER2], `${MANAGER},${MANAGER2}`, `${M3},${MANAGER2}`)).body,
    ).toEqual(refused('王芳'));
    expect((await stored()).managers).toEqual([MANAGER, MANAGER2]);
    // Each removes another one, one of them the first: the third would be first.
    expect(
      (await both([MANAGER, MANAGER2, M3], `${MANAGER2},${M3}`, `${MANAGER},${M3}`)).body,
    ).toEqual(refused(`User ${M3}`));
    expect((await stored()).managers).toEqual([MANAGER2, M3]);
    // Each removes one of two: no manager left, the first admin would stand in.
    expect((await both([MANAGER, MANAGER2], MANAGER2, MANAGER)).body).toEqual(
      refused(`User ${ADMIN}`),
    );
    expect((await stored()).managers).toEqual([MANAGER2]);
    // The first kept by one and changed by the other, or another added: merged as before.
    expect((await both([MANAGER], `${MANAGER2},${MANAGER}`, `${MANAGER},${M3}`)).body).toBe('');
    expect((await stored()).managers).toEqual([MANAGER2, MANAGER, M3]);
    await app.setSettings(() => ({ locale: 'zh-CN' }));
    expect(
      (await both([M3, MANAGER, MANAGER2], `${MANAGER},${MANAGER2}`, `${M3},${MANAGER2}`)).body,
    ).toEqual({
      response_action: 'errors',
      errors: {
        managers:
          '你打开表单后，有人修改了主管：加上其修改和你的修改，将由王芳代为负责访客所负责的客户（由第一位主管代为负责，没有主管时由第一位管理员），而你们都没有这样安排。请关闭后重新打开，查看其修改后再做更改。',
      },
    });
  });

  test('managers one admin reorders while the other adds or removes one: merged, the first as the one who changed it put it', async () => {
    const [M3, M4] = ['U0MANAGER3', 'U0MANAGER4'];
    /** From `managers`, RESCUE saves `theirs`, then ADMIN (modal opened before) saves `mine`. */
    const both = async (managers: string[], theirs: string[], mine: string[]) => {
      await app.setSettings(() => ({ admins: [ADMIN, RESCUE], managers, managerLinks: [] }));
      const first = await openRoles(ADMIN);
      const second = await openRoles(RESCUE);
      expect(
        (await app.slack.submitView(second, { managers: theirs.join(',') }, { userId: RESCUE }))
          .body,
      ).toBe('');
      app.clock.advance(SETTINGS_FRESH_MS + 1000);
      const res = await app.slack.submitView(
        first,
        { managers: mine.join(',') },
        { userId: ADMIN },
      );
      return { body: res.body, managers: (await stored()).managers };
    };
    // This admin puts another first, the other adds one.
    expect(await both([MANAGER, MANAGER2], [MANAGER, MANAGER2, M3], [MANAGER2, MANAGER])).toEqual({
      body: '',
      managers: [MANAGER2, MANAGER, M3],
    });
    // This admin replaces the first, the other adds one (who stands in: the one this admin put).
    expect(await both([MANAGER], [MANAGER, MANAGER2], [M3])).toEqual({
      body: '',
      managers: [M3, MANAGER2],
    });
    // This admin reorders the others, the other removes one: this admin's order.
    expect(
      await both([MANAGER, MANAGER2, M3, M4], [MANAGER, MANAGER2, M3], [MANAGER, M3, MANAGER2, M4]),
    ).toEqual({ body: '', managers: [MANAGER, M3, MANAGER2] });
    // The other puts another first, this admin removes one: theirs.
    expect(
      await both([MANAGER, MANAGER2, M3], [MANAGER2, MANAGER, M3], [MANAGER, MANAGER2]),
    ).toEqual({ body: '', managers: [MANAGER2, MANAGER] });
    // This admin puts first someone the other removed: refused, nothing saved.
    expect(await both([MANAGER, MANAGER2], [MANAGER], [MANAGER2, MANAGER])).toEqual({
      body: { response_action: 'errors', errors: { managers: CHANGED } },
      managers: [MANAGER],
    });
    // Both put someone else first: refused.
    expect(
      await both([MANAGER, MANAGER2, M3], [M3, MANAGER, MANAGER2], [MANAGER2, MANAGER, M3]),
    ).toEqual({
      body: { response_action: 'errors', errors: { managers: CHANGED } },
      managers: [M3, MANAGER, MANAGER2],
    });
  });

  test('no managers: admins each removing another, one of them the first, refused on Admins naming who would stand in', async () => {
    const THIRD = 'U0ADMIN003';
    await app.setSettings(() => ({
      admins: [ADMIN, RESCUE, THIRD],
      managers: [],
      managerLinks: [],
    }));
    const first = await openRoles(RESCUE);
    const second = await openRoles(THIRD);
    // THIRD removes ADMIN (RESCUE to stand in); RESCUE removes themselves (ADMIN kept first).
    expect(
      (await app.slack.submitView(second, { admins: `${RESCUE},${THIRD}` }, { userId: THIRD }))
        .body,
    ).toBe('');
    app.clock.advance(SETTINGS_FRESH_MS + 1000);
    const res = await app.slack.submitView(
      first,
      { admins: `${ADMIN},${THIRD}` },
      { userId: RESCUE },
    );
    expect(res.body).toEqual({
      response_action: 'errors',
      errors: {
        admins: `Someone else changed the admins since you opened the form: with their change and yours, User ${THIRD} would stand in for guest owners (the first manager does, or the first admin when there is no manager), whom neither of you put there. Close it and open it again to see their change, then make yours.`,
      },
    });
    expect((await stored()).admins).toEqual([RESCUE, THIRD]);
  });

  test('a role list of more than 1,000 people: the modal is drawn again as experts are picked, and saves', async () => {
    const agents = Array.from({ length: 1001 }, (_, i) => `WG${String(i).padStart(8, '0')}`);
    await app.setSettings(() => ({ admins: [ADMIN], agents }));
    const redrawn = await pick(await openRoles(), 'experts', { experts: EXPERT });
    expect(redrawn.blocks.map((b: View) => b.block_id)).toContain(`skills:${EXPERT}`);
    const res = await app.slack.submitView(
      redrawn,
      { [`skills:${EXPERT}`]: 'billing', account_managers: OWNER },
      { userId: ADMIN },
    );
    expect(res.body).toBe('');
    const s = await stored();
    expect(s.experts).toEqual([{ userId: EXPERT, skills: ['billing'] }]);
    expect(s.accountManagers).toEqual([OWNER]);
    expect(s.agents).toHaveLength(1001);
  });

  test('long lists changed in a redrawn modal: its metadata stays within Slack’s 3,000', async () => {
    const id = (prefix: string, i: number) => `${prefix}${String(i).padStart(8, '0')}`;
    const agents = Array.from({ length: 200 }, (_, i) => id('WG', i));
    await app.setSettings(() => ({
      agents,
      accountManagers: agents.map((a) => a.replace('WG', 'WO')),
      experts: Array.from({ length: 40 }, (_, i) => ({ userId: id('WE', i), skills: ['x'] })),
    }));
    const modal = await openRoles();
    const redrawn = await pick(modal, 'experts', {
      agents: agents.slice(1).join(','),
      account_managers: agents
        .slice(1)
        .map((a) => a.replace('WG', 'WO'))
        .join(','),
      experts: id('WE', 1),
    });
    expect(redrawn.private_metadata.length).toBeLessThanOrEqual(3000);
    // What does not fit is left out: such a list is compared whole, as before.
    const kept = JSON.parse(redrawn.private_metadata).listsShown ?? {};
    expect(Object.keys(kept).length).toBeLessThan(3);
    expect((await app.slack.submitView(redrawn, {}, { userId: ADMIN })).body).toBe('');
    const s = await stored();
    expect(s.agents).toHaveLength(199);
    expect(s.experts).toHaveLength(1);
  });
});
