// Roles and permissions through the real Bolt HTTP path: `/desk roles` edited by an admin,
// refused to others; each ticket action refused to someone without the right even from a
// crafted payload (a button they were never shown, a modal they never opened), and nothing
// changes; escalation to L2 picks the expert.
import { beforeEach, describe, expect, test } from 'vitest';
import { slaAlertsJob } from '../../jobs/sla-alerts.js';
import { SETTINGS_FRESH_MS } from '../../src/workspace/service.js';
import { useTestApp } from '../helpers/app.js';
import { pickInRoles } from '../helpers/clicks.js';
import { contextIn } from '../helpers/context.js';
import { act, makeCustomer, makeTicket, OWNER, respond } from '../helpers/factories.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { runJobAt } from '../helpers/jobs.js';

const ADMIN = 'U0ADMIN001';
const MANAGER = 'U0MANAGER1';
const AGENT = 'U0AGENT001';
const AGENT2 = 'U0AGENT002';
const EXPERT = 'U0EXPERT01';
const BILLING = 'U0EXPERT02';
const OUTSIDER = 'U0OUTSIDE1';
const TRIAGE = 'C0TRIAGE01';

// Tuesday 2026-11-24 10:00 in Shanghai.
const app = useTestApp({
  env: { TRIAGE_CHANNEL_ID: TRIAGE, ESCALATION_CHANNEL_ID: 'C0ESCAL001', ADMIN_USER_IDS: ADMIN },
  now: '2026-11-24T02:00:00Z',
});

/** The desk closed to people without a role: two agents, two experts, one manager. */
async function closeDesk() {
  await app.setSettings(() => ({
    managers: [MANAGER],
    agents: [AGENT, AGENT2],
    experts: [
      { userId: EXPERT, skills: ['firmware'] },
      { userId: BILLING, skills: ['billing', '投诉'] },
    ],
    accountManagers: [OWNER],
    openDesk: false,
  }));
}

const stored = async (number: string) => (await app.db.models.tickets.findOne({ number }).lean())!;

function click(actionId: string, number: string, userId: string) {
  return app.slack.blockAction(
    { action_id: actionId, value: number, block_id: 'ticket_actions' },
    { userId, channelId: TRIAGE },
  );
}

/** What the person who clicked was told privately (the button's response_url). */
const lastEphemeral = () => String(app.fake.callsTo('response_url').at(-1)?.args.text ?? '');

/** A modal submission crafted without ever opening it: `metadata` names its ticket or customer. */
function craftedSubmit(
  callbackId: string,
  metadata: { ticket?: string; level?: number; code?: string },
  form: Record<string, Record<string, unknown>>,
  userId: string,
) {
  const blocks = Object.keys(form).map((block) => ({
    type: 'input',
    block_id: block,
    element: { type: 'plain_text_input', action_id: 'v' },
  }));
  return app.slack.viewSubmission(
    {
      callback_id: callbackId,
      private_metadata: JSON.stringify(metadata),
      blocks,
    },
    form,
    { userId },
  );
}

const lastView = () =>
  app.fake.calls.filter((c) => c.method === 'views.open' || c.method === 'views.update').at(-1)!
    .args.view as Record<string, any>;

describe('/desk roles', () => {
  test('an admin edits the roles; skills per expert appear as experts are picked; another instance applies them', async () => {
    const other = app.instance('b');
    // The other instance has read the settings (an open desk) a moment ago.
    const before = await contextIn(other, OUTSIDER, app.clock.now());
    expect(before.settings.openDesk).toBe(true);

    await app.slack.command('/desk', 'roles', { userId: ADMIN });
    const modal = lastView();
    expect(modal.callback_id).toBe('desk_roles');
    expect(modal.blocks.find((b: any) => b.block_id === 'admins').element.initial_users).toEqual([
      ADMIN,
    ]);

    // Two experts picked: the modal comes back with a skills input for each, keeping the rest.
    const state = {
      admins: { v: { type: 'multi_users_select', selected_users: [ADMIN] } },
      managers: { v: { type: 'multi_users_select', selected_users: [MANAGER] } },
      experts: {
        desk_roles_experts: { type: 'multi_users_select', selected_users: [EXPERT, BILLING] },
      },
    };
    await pickInRoles(app, ADMIN, 'experts', modal.private_metadata, state);
    const update = app.fake.callsTo('views.update').at(-1)!.args;
    expect(update).toMatchObject({ view_id: 'V0ROLES001', hash: 'h1' });
    const blocks = (update.view as any).blocks as any[];
    expect(blocks.map((b) => b.block_id).filter((id) => id?.startsWith('skills:'))).toEqual([
      `skills:${EXPERT}`,
      `skills:${BILLING}`,
    ]);
    expect(blocks.find((b) => b.block_id === 'managers').element.initial_users).toEqual([MANAGER]);

    const res = await app.slack.submitView(
      update.view as Record<string, unknown>,
      {
        agents: `${AGENT},${AGENT2}`,
        account_managers: OWNER,
        open_desk: '',
        [`skills:${EXPERT}`]: 'firmware, 网络',
        [`skills:${BILLING}`]: 'billing；投诉',
      },
      { userId: ADMIN },
    );
    expect(res.status).toBe(200);
    expect(res.body).toBe('');
    const saved = await app.desk.services.workspaces.settings(before.teamId);
    expect(saved).toMatchObject({
      admins: [ADMIN],
      managers: [MANAGER],
      agents: [AGENT, AGENT2],
      accountManagers: [OWNER],
      openDesk: false,
      experts: [
        { userId: EXPERT, skills: ['firmware', '网络'] },
        { userId: BILLING, skills: ['billing', '投诉'] },
      ],
    });
    expect(String(app.fake.callsTo('response_url').at(-1)!.args.text)).toContain(
      'Roles saved: 1 admin, 1 manager, 2 agents, 2 experts, 1 account manager. Only agents, experts and managers work tickets.',
    );

    // The change is in the settings history: who, and each role before and after.
    const history = JSON.stringify(
      (await app.slack.command('/desk', 'settings history', { userId: ADMIN })).body,
    );
    expect(history).toContain(`Roles`);
    expect(history).toContain(`Agents (L1)`);
    expect(history).toContain(`<@${AGENT}>, <@${AGENT2}>`);

    // The other instance applies them once its copy is older than SETTINGS_FRESH_MS: the
    // outsider may no longer claim there.
    const ticket = await makeTicket(app, {}, AGENT);
    app.clock.advance(SETTINGS_FRESH_MS);
    const later = await contextIn(other, OUTSIDER, app.clock.now());
    await expect(
      other.flows.tickets.act(later, ticket.number, { action: 'claim' }),
    ).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    expect((await stored(ticket.number)).assigneeId).toBeUndefined();
  });

  test('45 experts with the most skills: the modal opens with every one of them picked, skill inputs for the first 40; saving keeps the others and their skills, and a cleared input clears', async () => {
    const skill = (i: number, j: number) => `skill-${i}-${j}-`.padEnd(40, 'x');
    const experts = Array.from({ length: 45 }, (_, i) => ({
      userId: `U0EXP${String(i).padStart(5, '0')}`,
      // The first has 20 skills of 40 characters: 838 characters as the input shows them.
      skills: i === 0 ? Array.from({ length: 20 }, (_, j) => skill(i, j)) : [`skill ${i}`],
    }));
    await app.setSettings(() => ({ experts }));

    await app.slack.command('/desk', 'roles', { userId: ADMIN });
    expect(app.fake.callsTo('views.open').at(-1)!.outcome).toBe('ok');
    const modal = lastView();
    const picked = modal.blocks.find((b: any) => b.block_id === 'experts').element.initial_users;
    expect(picked).toEqual(experts.map((e) => e.userId));
    const inputs = modal.blocks.filter((b: any) => b.block_id?.startsWith('skills:'));
    expect(inputs).toHaveLength(40);
    expect(inputs[0].element.initial_value).toBe(experts[0]!.skills.join(', '));

    // Saved as opened, but the second expert's skills cleared.
    const res = await app.slack.submitView(
      modal,
      { [`skills:${experts[1]!.userId}`]: null },
      {
        userId: ADMIN,
      },
    );
    expect(res.body).toBe('');
    const saved = (await app.desk.services.workspaces.settings(FAKE_TEAM_ID)).experts;
    expect(saved).toEqual([experts[0], { ...experts[1], skills: [] }, ...experts.slice(2)]);
  });

  test('bad values are refused inline and nothing is saved', async () => {
    await app.slack.command('/desk', 'roles', { userId: ADMIN });
    const modal = lastView();
    // No admin left, a skill far too long for an expert picked in the same form.
    const withSkills = {
      ...modal,
      blocks: [
        ...modal.blocks,
        {
          type: 'input',
          block_id: `skills:${EXPERT}`,
          element: { type: 'plain_text_input', action_id: 'v' },
        },
      ],
    };
    const res = await app.slack.submitView(
      withSkills,
      { admins: '', experts: EXPERT, [`skills:${EXPERT}`]: 'x'.repeat(41) },
      { userId: ADMIN },
    );
    expect(res.body).toEqual({
      response_action: 'errors',
      errors: {
        admins: 'Keep at least one admin, or nobody could change the roles again.',
        [`skills:${EXPERT}`]: 'At most 20 skills, each at most 40 characters.',
      },
    });
    expect((await app.desk.services.workspaces.settings(FAKE_TEAM_ID)).experts).toEqual([]);
  });

  test('a role removed from someone who holds open tickets: the admin is told whose and which, to reassign them', async () => {
    await closeDesk();
    const { code } = await makeCustomer(app);
    const first = await makeTicket(app, { title: 'Printer offline', customerCode: code }, AGENT);
    await act(app, first.number, { action: 'claim' }, AGENT2);
    const second = await makeTicket(app, { title: 'Line 3 down', customerCode: code }, AGENT);
    await act(app, second.number, { action: 'claim' }, AGENT2);
    const resolved = await makeTicket(app, { title: 'Old one', customerCode: code }, AGENT);
    await act(app, resolved.number, { action: 'claim' }, AGENT2);
    await act(app, resolved.number, { action: 'resolve', summary: 'Fixed' }, AGENT2);
    // An agent keeping their role, with a ticket: nothing to say about them.
    const kept = await makeTicket(app, { title: 'Kept', customerCode: code }, AGENT);
    await act(app, kept.number, { action: 'claim' }, AGENT);

    await app.slack.command('/desk', 'roles', { userId: ADMIN });
    const res = await app.slack.submitView(lastView(), { agents: AGENT }, { userId: ADMIN });
    expect(res.body).toBe('');
    const told = String(app.fake.callsTo('response_url').at(-1)!.args.text);
    expect(told).toContain('Roles saved: 1 admin, 1 manager, 1 agent, 2 experts');
    expect(told).toContain(`<@${AGENT2}> no longer works tickets but still holds 2 open tickets:`);
    expect(told).toContain(first.number);
    expect(told).toContain(second.number);
    expect(told).not.toContain(resolved.number);
    expect(told).not.toContain(kept.number);
    expect(told).toContain('Reassign them from their cards, or give them a role again.');

    // In Chinese too.
    await app.setSettings(() => ({ locale: 'zh-CN', agents: [AGENT, AGENT2] }));
    await app.slack.command('/desk', 'roles', { userId: ADMIN });
    await app.slack.submitView(lastView(), { agents: AGENT }, { userId: ADMIN });
    const zh = String(app.fake.callsTo('response_url').at(-1)!.args.text);
    expect(zh).toContain(`<@${AGENT2}> 已不再处理工单，但仍有 2 张未结工单：`);
    // The tickets listed as Chinese lists them.
    expect(zh).toMatch(new RegExp(`${first.number}>?、<?[^ ]*${second.number}`));
    expect(zh).not.toContain(', ');
  });

  test("a save names only whom it took the right from: not an account manager holding their customer's L3 ticket, not someone who lost it before", async () => {
    await closeDesk();
    // A key customer: its tickets go up to L3.
    const { code } = await makeCustomer(app, { annualRevenue: 600_000 });
    // Escalated to L3: the customer's account manager (no staff role) holds it.
    const l3 = await makeTicket(app, { title: 'Contract question', customerCode: code }, AGENT);
    await act(app, l3.number, { action: 'claim' }, AGENT);
    await act(app, l3.number, { action: 'escalate', reason: 'needs L2', expertId: EXPERT }, AGENT);
    await act(app, l3.number, { action: 'escalate', reason: 'needs the AM' }, EXPERT);
    expect((await stored(l3.number)).assigneeId).toBe(OWNER);
    // AGENT2 lost their role in an earlier save, holding a ticket (the admin was told then).
    const earlier = await makeTicket(app, { title: 'Printer offline', customerCode: code }, AGENT);
    await act(app, earlier.number, { action: 'claim' }, AGENT2);
    await app.setSettings(() => ({ agents: [AGENT] }));

    // A save that takes nobody's right to work tickets: nothing to reassign.
    await app.slack.command('/desk', 'roles', { userId: ADMIN });
    await app.slack.submitView(lastView(), { agents: `${AGENT},${OUTSIDER}` }, { userId: ADMIN });
    const told = String(app.fake.callsTo('response_url').at(-1)!.args.text);
    expect(told).toContain('Roles saved: 1 admin, 1 manager, 2 agents, 2 experts');
    expect(told).not.toContain('no longer works tickets');

    // The account manager an agent too, that role now taken: the L3 ticket stays theirs to work.
    await app.setSettings(() => ({ agents: [AGENT, OWNER] }));
    await app.slack.command('/desk', 'roles', { userId: ADMIN });
    await app.slack.submitView(lastView(), { agents: AGENT }, { userId: ADMIN });
    const again = String(app.fake.callsTo('response_url').at(-1)!.args.text);
    expect(again).toContain('Roles saved: 1 admin, 1 manager, 1 agent, 2 experts');
    expect(again).not.toContain('no longer works tickets');
  });

  test("a save refreshes the Homes it changes: the admin's (no managers set), a new manager's gains the team part, a demoted one's loses it", async () => {
    await app.setSettings(() => ({ managers: [], agents: [AGENT], openDesk: false }));
    /** The last Home published to `user`, once the outbox has sent what is due. */
    const homeOf = async (user: string) => {
      app.clock.advance(5_000);
      await app.desk.outbox.drain();
      const published = app.fake.callsTo('views.publish').filter((c) => c.args.user_id === user);
      return JSON.stringify(published.at(-1)?.args.view ?? null);
    };
    for (const user of [ADMIN, AGENT])
      await app.slack.event({ type: 'app_home_opened', user, channel: 'D0HOME0001', tab: 'home' });
    expect(await homeOf(ADMIN)).toContain('No managers are set');
    expect(await homeOf(AGENT)).not.toContain('"Team"');

    await app.slack.command('/desk', 'roles', { userId: ADMIN });
    expect(
      (await app.slack.submitView(lastView(), { managers: AGENT }, { userId: ADMIN })).body,
    ).toBe('');
    expect(await homeOf(ADMIN)).not.toContain('No managers are set');
    expect(await homeOf(AGENT)).toContain('"Team"');

    await app.slack.command('/desk', 'roles', { userId: ADMIN });
    await app.slack.submitView(lastView(), { managers: '' }, { userId: ADMIN });
    expect(await homeOf(ADMIN)).toContain('No managers are set');
    expect(await homeOf(AGENT)).not.toContain('"Team"');
  });

  test('a save that changes the admins refreshes the Homes of the people who opened theirs lately: every Home names whom to ask; so does the desk opened (a member with no role is listed more commands)', async () => {
    const ADMIN2 = 'U0ADMIN002';
    await app.setSettings(() => ({ agents: [AGENT], openDesk: false }));
    const publishedTo = (user: string) =>
      app.fake.callsTo('views.publish').filter((c) => c.args.user_id === user);
    const drained = async () => {
      app.clock.advance(5_000);
      await app.desk.outbox.drain();
    };
    await app.slack.event({
      type: 'app_home_opened',
      user: OUTSIDER,
      channel: 'D0HOME0001',
      tab: 'home',
    });
    // On a closed desk, only the commands they may use: no `/desk` line to ask an admin about.
    const closed = JSON.stringify(publishedTo(OUTSIDER).at(-1)!.args.view);
    expect(closed).not.toContain('/desk roles');

    // The desk opened: their Home is drawn again without their opening it, every command listed.
    await app.slack.command('/desk', 'roles', { userId: ADMIN });
    await app.slack.submitView(lastView(), { open_desk: 'yes' }, { userId: ADMIN });
    expect((await app.desk.services.workspaces.settings(FAKE_TEAM_ID)).openDesk).toBe(true);
    await drained();
    expect(publishedTo(OUTSIDER)).toHaveLength(2);
    expect(JSON.stringify(publishedTo(OUTSIDER).at(-1)!.args.view)).toContain(
      `_(admins only: ask <@${ADMIN}>)_`,
    );

    // A second admin: their Home names both, drawn again without their opening it.
    await app.slack.command('/desk', 'roles', { userId: ADMIN });
    expect(
      (await app.slack.submitView(lastView(), { admins: `${ADMIN},${ADMIN2}` }, { userId: ADMIN }))
        .body,
    ).toBe('');
    await drained();
    expect(publishedTo(OUTSIDER)).toHaveLength(3);
    expect(JSON.stringify(publishedTo(OUTSIDER).at(-1)!.args.view)).toContain(`<@${ADMIN2}>`);
  });

  test('anyone else is refused: the command, the Home button and a crafted submission', async () => {
    const command = await app.slack.command('/desk', 'roles', { userId: AGENT });
    // The refusal names whom to ask: the admins, as mentions.
    expect(String(command.body.text)).toBe(
      `Only an admin of the desk can see or change the roles: ask <@${ADMIN}>.`,
    );
    expect(app.fake.callsTo('views.open')).toEqual([]);

    await app.slack.blockAction(
      { action_id: 'home_roles_open', value: 'roles' },
      { userId: MANAGER },
    );
    expect(lastEphemeral()).toBe(
      `Only an admin of the desk can see or change the roles: ask <@${ADMIN}>.`,
    );
    expect(app.fake.callsTo('views.open')).toEqual([]);

    const crafted = await app.slack.viewSubmission(
      {
        callback_id: 'desk_roles',
        blocks: [
          {
            type: 'input',
            block_id: 'admins',
            element: { type: 'multi_users_select', action_id: 'v' },
          },
        ],
      },
      { admins: { v: { type: 'multi_users_select', selected_users: [AGENT] } } },
      { userId: AGENT },
    );
    expect(crafted.body).toEqual({
      response_action: 'errors',
      errors: {
        // Plain text cannot show a mention: the refusal without the names, not bare ids.
        admins: 'Only an admin of the desk can see or change the roles.',
      },
    });
    expect((await app.desk.services.workspaces.settings(FAKE_TEAM_ID)).admins).toEqual([ADMIN]);

    // One with no admins at all: refused for who sent it, not for what it holds.
    const empty = await app.slack.viewSubmission(
      {
        callback_id: 'desk_roles',
        blocks: [
          {
            type: 'input',
            block_id: 'admins',
            element: { type: 'multi_users_select', action_id: 'v' },
          },
        ],
      },
      { admins: { v: { type: 'multi_users_select', selected_users: [] } } },
      { userId: AGENT },
    );
    expect(empty.body).toEqual({
      response_action: 'errors',
      errors: {
        // Plain text cannot show a mention: the refusal without the names, not bare ids.
        admins: 'Only an admin of the desk can see or change the roles.',
      },
    });
  });
});

describe('an admin-only refusal names whom to ask', () => {
  test('every admin, as a mention, in the workspace language', async () => {
    await app.setSettings(() => ({ admins: [ADMIN, 'U0ADMIN002'], locale: 'zh-CN' }));
    const refused = await app.slack.command('/desk', 'channel', { userId: AGENT });
    expect(refused.body.text).toBe(
      `只有服务台管理员可以管理客户频道：请联系 <@${ADMIN}>或<@U0ADMIN002>。`,
    );
  });
});

// A newcomer on a closed desk first meets Claim and /customer new: refused, they were told "an
// admin can give you a role" without who the admins are (or, with none, sent to nobody).
describe('a role refusal names the admins to ask, or says how one is made', () => {
  let number = '';
  beforeEach(async () => {
    number = (await makeTicket(app, {}, AGENT)).number;
  });
  const claimRefusal = async () => {
    await closeDesk();
    await click('ticket_claim', number, OUTSIDER);
    expect((await stored(number)).assigneeId).toBeUndefined();
    return lastEphemeral();
  };
  const customerNewRefusal = async () => {
    await closeDesk();
    const res = await app.slack.command('/customer', 'new', { userId: OUTSIDER });
    expect(app.fake.callsTo('views.open')).toEqual([]);
    return String(res.body?.text);
  };

  test('Claim and /customer new name the admins (en, zh-CN)', async () => {
    expect(await claimRefusal()).toBe(
      `Only agents, experts and managers can claim tickets: ask <@${ADMIN}> to give you a role in \`/desk roles\`.`,
    );
    expect(await customerNewRefusal()).toBe(
      `Only agents, experts, account managers and managers can add customers: ask <@${ADMIN}> to give you a role in \`/desk roles\`.`,
    );
    await app.setSettings(() => ({ locale: 'zh-CN' }));
    expect(await claimRefusal()).toBe(
      `只有一线客服、二线专家和主管可以认领工单：请联系 <@${ADMIN}>，在 \`/desk roles\` 中为你分配角色。`,
    );
    expect(await customerNewRefusal()).toBe(
      `只有一线客服、二线专家、客户经理和主管可以新建客户：请联系 <@${ADMIN}>，在 \`/desk roles\` 中为你分配角色。`,
    );
  });

  test('with no admin at all, the refusal gives the line that makes one (en, zh-CN)', async () => {
    await app.setSettings(() => ({ admins: [] }));
    const makeOne = `\`npm run admins -- --team ${FAKE_TEAM_ID} --add ${OUTSIDER}\``;
    expect(await claimRefusal()).toBe(
      `Only agents, experts and managers can claim tickets. This desk has no admin yet to give you a role: whoever runs the desk's server makes you its admin with ${makeOne} (or lists your id in \`ADMIN_USER_IDS\` before a workspace first uses the desk), then you give yourself a role in \`/desk roles\`.`,
    );
    await app.setSettings(() => ({ locale: 'zh-CN' }));
    const zh = await customerNewRefusal();
    expect(zh).toMatch(
      /^只有一线客服、二线专家、客户经理和主管可以新建客户。本服务台还没有管理员为你分配角色/,
    );
    expect(zh).toContain(makeOne);
  });
});

describe('admin-only commands in help and on App Home', () => {
  /** The `/desk` usage lines, as `/desk help` shows them to `userId`. */
  async function deskHelp(userId: string): Promise<string[]> {
    const res = await app.slack.command('/desk', 'help', { userId });
    return JSON.stringify(res.body.blocks)
      .split('\\n')
      .filter((line) => line.includes('`/desk '));
  }
  async function homeCommands(userId: string): Promise<string> {
    await app.slack.event({
      type: 'app_home_opened',
      user: userId,
      channel: 'D0HOME0001',
      tab: 'home',
    });
    const view = app.fake.callsTo('views.publish').at(-1)!.args.view as { blocks: any[] };
    return view.blocks
      .map((b) => String(b.text?.text ?? ''))
      .filter((text) => text.includes('`/desk settings'))
      .join('\n');
  }

  test('an agent sees which ones only admins may use and whom to ask; an admin sees them as before', async () => {
    const agentLines = await deskHelp(AGENT);
    const marked = agentLines.filter((l) => l.includes(`_(admins only: ask <@${ADMIN}>)_`));
    expect(marked.map((l) => l.match(/`\/desk (\w+)/)![1])).toEqual([
      'settings',
      'roles',
      'channel',
      'privacy',
    ]);
    // A report is a manager's, and help is anyone's: not marked.
    expect(agentLines.find((l) => l.includes('`/desk report'))).not.toContain('admins only');
    expect((await deskHelp(ADMIN)).join('\n')).not.toContain('admins only');

    expect(await homeCommands(AGENT)).toContain(
      `\`/desk roles\`  Who is an admin, manager, agent, expert (with skills) or account manager _(admins only: ask <@${ADMIN}>)_`,
    );
    expect(await homeCommands(ADMIN)).not.toContain('admins only');
  });

  test('in Chinese; a desk with no admin says "admins only" without names', async () => {
    await app.setSettings(() => ({ locale: 'zh-CN' }));
    expect((await deskHelp(AGENT)).join('\n')).toContain(`_（仅管理员：请联系 <@${ADMIN}>）_`);
    await app.setSettings(() => ({ admins: [] }));
    const lines = await deskHelp(AGENT);
    expect(lines.filter((l) => l.includes('_（仅管理员）_'))).toHaveLength(4);
  });

  test('the privacy line reads like its neighbours: no "(admins)" of its own before the admins-only mark, no full stop', async () => {
    await app.setSettings(() => ({ locale: 'zh-CN' }));
    const privacy = (lines: string[]) => lines.find((l) => l.includes('`/desk privacy'))!;
    expect(privacy(await deskHelp(AGENT))).toContain(
      `个人数据请求（导出、删除）和隐私日志 _（仅管理员：请联系 <@${ADMIN}>）_`,
    );
    expect(privacy(await deskHelp(ADMIN))).toMatch(/和隐私日志"?$/);
    await app.setSettings(() => ({ locale: 'en' }));
    expect(privacy(await deskHelp(AGENT))).toContain(
      `Data-subject requests (export, erase) and the privacy log _(admins only: ask <@${ADMIN}>)_`,
    );
  });
  test('the report line says who may read reports as the admins-only lines do: "(managers only)"', async () => {
    const report = (lines: string[]) => lines.find((l) => l.includes('`/desk report'))!;
    expect(report(await deskHelp(AGENT))).toContain(
      'A report of a past week, month or quarter, sent to you (managers only): `/desk report month 2026-10`',
    );
    await app.setSettings(() => ({ locale: 'zh-CN' }));
    expect(report(await deskHelp(AGENT))).toContain(
      '过往某周、某月或某季度的报告，私信发给你（仅主管）：`/desk report month 2026-10`',
    );
  });
});

describe('ticket permissions from crafted payloads (a closed desk)', () => {
  let number = '';
  beforeEach(async () => {
    number = (await makeTicket(app, {}, AGENT)).number;
    await closeDesk();
  });

  test('claim: agents, experts and managers; someone with no role is told and nothing changes', async () => {
    await click('ticket_claim', number, OUTSIDER);
    expect(lastEphemeral()).toContain('Only agents, experts and managers can claim tickets');
    expect((await stored(number)).status).toBe('new');
    await click('ticket_claim', number, EXPERT);
    expect(await stored(number)).toMatchObject({ status: 'assigned', assigneeId: EXPERT });
  });

  test('wait and close on a ticket someone else holds are refused to another agent', async () => {
    await click('ticket_claim', number, AGENT);
    await click('ticket_wait', number, AGENT2);
    expect(lastEphemeral()).toContain(
      `Only the assignee (<@${AGENT}>) or a manager can set this ticket waiting on the customer.`,
    );
    expect((await stored(number)).status).toBe('assigned');
    await act(app, number, { action: 'resolve', summary: 'Fixed' }, AGENT);
    await click('ticket_close', number, AGENT2);
    expect(lastEphemeral()).toContain(
      `Only the assignee (<@${AGENT}>) or a manager can close this ticket.`,
    );
    expect((await stored(number)).status).toBe('resolved');
    await click('ticket_close', number, MANAGER);
    expect((await stored(number)).status).toBe('closed');
  });

  test.each([
    ['ticket_resolve', { resolution: { v: { type: 'plain_text_input', value: 'Done' } } }],
    ['ticket_escalate', { reason: { v: { type: 'plain_text_input', value: 'Mine now' } } }],
    ['ticket_note', { note: { v: { type: 'plain_text_input', value: 'Hi' } } }],
  ])(
    'a crafted %s submission from someone without the right is refused inline',
    async (view, form) => {
      await click('ticket_claim', number, AGENT);
      const before = await stored(number);
      const res = await craftedSubmit(view, { ticket: number, level: 1 }, form, OUTSIDER);
      expect(res.body).toMatchObject({ response_action: 'errors' });
      expect(JSON.stringify(res.body)).toMatch(/Only the (assignee|service team)/);
      const after = await stored(number);
      expect(after.status).toBe(before.status);
      expect(after.timeline).toHaveLength(before.timeline.length);
    },
  );

  test('the modal buttons refuse before a form is shown', async () => {
    await click('ticket_claim', number, AGENT);
    await click('ticket_resolve_open', number, AGENT2);
    expect(app.fake.callsTo('views.open')).toEqual([]);
    expect(lastEphemeral()).toContain(`Only the assignee (<@${AGENT}>) or a manager`);
  });

  test('reassign: the assignee or a manager, only to someone who works tickets', async () => {
    await click('ticket_claim', number, AGENT);
    const toOutsider = await craftedSubmit(
      'ticket_reassign',
      { ticket: number, level: 1 },
      { assignee: { v: { type: 'users_select', selected_user: OUTSIDER } } },
      MANAGER,
    );
    // Inline errors are plain text: the command is written as it is typed, not in backticks.
    expect(toOutsider.body).toEqual({
      response_action: 'errors',
      errors: {
        assignee:
          'This person does not work tickets here. Pick an agent, an expert or a manager (an admin can add roles with /desk roles).',
      },
    });
    await app.setSettings(() => ({ locale: 'zh-CN' }));
    const zh = await craftedSubmit(
      'ticket_reassign',
      { ticket: number, level: 1 },
      { assignee: { v: { type: 'users_select', selected_user: OUTSIDER } } },
      MANAGER,
    );
    expect(zh.body).toEqual({
      response_action: 'errors',
      errors: {
        assignee:
          '此人不在服务团队中。请选择一线客服、二线专家或主管（管理员可用 /desk roles 分配角色）。',
      },
    });
    await app.setSettings(() => ({ locale: 'en' }));
    await craftedSubmit(
      'ticket_reassign',
      { ticket: number, level: 1 },
      { assignee: { v: { type: 'users_select', selected_user: AGENT2 } } },
      MANAGER,
    );
    expect((await stored(number)).assigneeId).toBe(AGENT2);
    // The new assignee is told by DM.
    expect(app.fake.postsTo(AGENT2).at(-1)!.args.text).toContain(
      `is yours now (L1), from <@${MANAGER}>`,
    );
  });

  test('escalate with no experts set: only to someone who works tickets, as reassign', async () => {
    await app.setSettings(() => ({ experts: [] }));
    await click('ticket_claim', number, AGENT);
    const toOutsider = await craftedSubmit(
      'ticket_escalate',
      { ticket: number, level: 1 },
      {
        reason: { v: { type: 'plain_text_input', value: 'Needs L2' } },
        expert: { v: { type: 'users_select', selected_user: OUTSIDER } },
      },
      AGENT,
    );
    expect(toOutsider.body).toEqual({
      response_action: 'errors',
      errors: {
        expert:
          'This person does not work tickets here. Pick an agent, an expert or a manager (an admin can add roles with /desk roles).',
      },
    });
    expect(await stored(number)).toMatchObject({ level: 1, assigneeId: AGENT });
    await craftedSubmit(
      'ticket_escalate',
      { ticket: number, level: 1 },
      {
        reason: { v: { type: 'plain_text_input', value: 'Needs L2' } },
        expert: { v: { type: 'users_select', selected_user: AGENT2 } },
      },
      AGENT,
    );
    expect(await stored(number)).toMatchObject({ level: 2, assigneeId: AGENT2 });
  });

  test('reopen: the requester within 7 days of the resolution, not after', async () => {
    // The requester reported it (created it) without a role.
    const customerCode = (await stored(number)).customerCode;
    const own = (await makeTicket(app, { customerCode }, OUTSIDER)).number;
    await act(app, own, { action: 'claim' }, AGENT);
    await act(app, own, { action: 'resolve', summary: 'Fixed' }, AGENT);
    app.clock.advance(8 * 86_400_000);
    await click('ticket_reopen', own, OUTSIDER);
    expect(lastEphemeral()).toContain('the requester within 7 days of the resolution');
    expect((await stored(own)).status).toBe('resolved');

    await act(app, number, { action: 'claim' }, AGENT);
    await act(app, number, { action: 'resolve', summary: 'Fixed' }, AGENT);
    app.clock.advance(86_400_000);
    // AGENT reported `number` and resolved it a day ago.
    await click('ticket_reopen', number, AGENT);
    expect((await stored(number)).status).toBe('assigned');
  });
});

describe('a reopen whose holder no longer works tickets (a closed desk)', () => {
  beforeEach(closeDesk);

  test('goes back to the queue, unassigned, with no DM to them: by a manager on the card, and by its requester', async () => {
    const customerCode = (await makeCustomer(app)).code;
    const [one, two] = [
      (await makeTicket(app, { customerCode }, AGENT)).number,
      (await makeTicket(app, { customerCode }, OUTSIDER)).number,
    ];
    for (const n of [one, two]) {
      await act(app, n, { action: 'claim' }, AGENT2);
      await act(app, n, { action: 'resolve', summary: 'Fixed' }, AGENT2);
    }
    // AGENT2 leaves: the hand-over moved their open tickets; these two were resolved.
    await app.setSettings(() => ({ agents: [AGENT] }));
    await app.desk.outbox.drain();
    app.fake.reset();
    await click('ticket_reopen', one, MANAGER);
    await click('ticket_reopen', two, OUTSIDER);
    app.clock.advance(10_000);
    await app.desk.outbox.drain();
    for (const n of [one, two]) {
      const after = await stored(n);
      expect(after.status).toBe('new');
      expect(after.assigneeId).toBeUndefined();
      expect(after.timeline.at(-1)).toMatchObject({ action: 'reopen', released: AGENT2 });
    }
    expect(app.fake.postsTo(AGENT2)).toEqual([]);
    expect(app.fake.postsTo(TRIAGE).map((c) => String(c.args.text))).toContain(
      `<@${MANAGER}> reopened it. <@${AGENT2}>, who held it, no longer works tickets: it is back in the queue, unassigned, for whoever claims it.`,
    );
    // Someone who still works tickets gets it back.
    await act(app, one, { action: 'claim' }, AGENT);
    await act(app, one, { action: 'resolve', summary: 'Fixed again' }, AGENT);
    await click('ticket_reopen', one, MANAGER);
    expect(await stored(one)).toMatchObject({ status: 'assigned', assigneeId: AGENT });
  });
});

describe('escalation to L2 picks the expert', () => {
  beforeEach(closeDesk);

  test('by skill: a complaint goes to the expert with 投诉 among their skills; the escalate modal suggests them', async () => {
    const customerCode = (await makeCustomer(app, { name: 'Skill Co' })).code;
    const ticket = await makeTicket(app, { customerCode, type: 'complaint' }, AGENT);
    await act(app, ticket.number, { action: 'claim' }, AGENT);
    await click('ticket_escalate_open', ticket.number, AGENT);
    const expert = lastView().blocks.find((b: any) => b.block_id === 'expert');
    expect(expert.optional).toBe(true);
    expect(expert.element.initial_user).toBe(BILLING);
    // Left empty, the desk picks the same expert.
    await app.slack.submitView(lastView(), { reason: 'Refund', expert: null }, { userId: AGENT });
    expect(await stored(ticket.number)).toMatchObject({ level: 2, assigneeId: BILLING });
    expect(app.fake.postsTo(BILLING).at(-1)!.args.text).toContain(
      `|${ticket.number}> for Skill Co is yours now (L2), from <@${AGENT}>`,
    );
  });

  test('the expert handed a ticket is told when its first response and resolution are due (business hours, their zone)', async () => {
    const customerCode = (await makeCustomer(app, { name: 'Due Co' })).code;
    // Received Tuesday 10:00 in Shanghai, general: 8 business hours to answer, 72 to resolve.
    const ticket = await makeTicket(app, { customerCode, title: 'Firmware hangs' }, AGENT);
    await act(app, ticket.number, { action: 'claim' }, AGENT);
    await click('ticket_escalate_open', ticket.number, AGENT);
    await app.slack.submitView(
      lastView(),
      { reason: 'Needs firmware', expert: EXPERT },
      { userId: AGENT },
    );
    const dm = String(app.fake.postsTo(EXPERT).at(-1)!.args.text);
    const at = (iso: string, fallback: string) =>
      `<!date^${Date.parse(iso) / 1000}^{date_short_pretty} {time}|${fallback}>`;
    expect(dm).toContain(`is yours now (L2), from <@${AGENT}>`);
    // Today 18:00; the resolution 72 business hours on, past the weekend: Friday 4 Dec 10:00.
    expect(dm).toContain(
      `First response due ${at('2026-11-24T10:00:00Z', '2026-11-24 18:00 GMT+8')} · Resolution due ${at('2026-12-04T02:00:00Z', '2026-12-04 10:00 GMT+8')}\nReason: Needs firmware`,
    );

    // Answered, and in Chinese: only the resolution is left to owe.
    await app.setSettings(() => ({ locale: 'zh-CN' }));
    const other = await makeTicket(app, { customerCode, title: 'Panel dark' }, AGENT);
    await act(app, other.number, { action: 'claim' }, AGENT);
    await respond(app, other.number, AGENT);
    await click('ticket_escalate_open', other.number, AGENT);
    await app.slack.submitView(lastView(), { reason: '固件', expert: BILLING }, { userId: AGENT });
    const zh = String(app.fake.postsTo(BILLING).at(-1)!.args.text);
    expect(zh).toContain('已转给你（L2）');
    expect(zh).not.toContain('首次响应');
    expect(zh).toMatch(
      /\n解决时限：<!date\^\d+\^\{date_short_pretty\} \{time\}\|2026-12-04 10:00 GMT\+8>\n原因：固件$/,
    );
  });

  test('on breach, automatically: no skill fits, so the expert with the fewest open tickets; never unassigned', async () => {
    const customerCode = (await makeCustomer(app, { name: 'Load Co', annualRevenue: 100_000 }))
      .code;
    // EXPERT already holds two tickets, BILLING none.
    for (const i of [1, 2]) {
      const busy = await makeTicket(app, { customerCode, title: `Busy ${i}` }, AGENT);
      await act(app, busy.number, { action: 'claim' }, EXPERT);
    }
    const late = await makeTicket(
      app,
      { customerCode, severity: 'urgent', title: 'Line down' },
      AGENT,
    );
    // Unclaimed past its 2 h first-response target: the sweep escalates it.
    await runJobAt(app, slaAlertsJob, '2026-11-24T04:00:01Z');
    expect(await stored(late.number)).toMatchObject({ level: 2, assigneeId: BILLING });
    // Told in the sweep's one DM per person (a burst of breaches makes one message each).
    const dm = app.fake.postsTo(BILLING).at(-1)!.args;
    expect(dm.text).toMatch(
      new RegExp(
        `^Your tickets with SLA alerts \\(1\\)\\n.*\\|${late.number}>\\* Line down · Load Co: escalated to L2 on breach, and it is yours now\\. Its SLA is already breached: answer it first\\.$`,
      ),
    );
    expect(JSON.stringify(dm.blocks)).toMatch(
      new RegExp(
        `\\|${late.number}>\\* Line down · Load Co: escalated to L2 on breach, and it is yours now`,
      ),
    );
  });
});

describe('the permission table through Slack: for each permission, one person refused and one allowed', () => {
  const text = (value: string) => ({ v: { type: 'plain_text_input', value } });
  const select = (value: string) => ({ v: { type: 'static_select', selected_option: { value } } });
  const date = (value: string) => ({ v: { type: 'datepicker', selected_date: value } });
  const person = (value: string) => ({ v: { type: 'users_select', selected_user: value } });

  const refusedInline = (res: { body: unknown }) =>
    expect(res.body).toMatchObject({ response_action: 'errors' });

  let code = '';
  let number = '';
  beforeEach(async () => {
    await closeDesk();
    code = (await makeCustomer(app, { name: 'Table Co' })).code;
    number = (await makeTicket(app, { customerCode: code }, AGENT)).number;
  });

  const customer = async () => (await app.db.models.customers.findOne({ code }).lean())!;

  test('ticket.resume: not another agent; a manager', async () => {
    await act(app, number, { action: 'claim' }, AGENT);
    await act(app, number, { action: 'wait' }, AGENT);
    await click('ticket_resume', number, AGENT2);
    expect((await stored(number)).status).toBe('waiting');
    await click('ticket_resume', number, MANAGER);
    expect((await stored(number)).status).toBe('assigned');
  });

  test('ticket.escalate and ticket.note: not someone with no role; the assignee, the requester', async () => {
    await act(app, number, { action: 'claim' }, EXPERT);
    refusedInline(
      await craftedSubmit(
        'ticket_escalate',
        { ticket: number, level: 1 },
        { reason: text('x') },
        OUTSIDER,
      ),
    );
    await craftedSubmit(
      'ticket_escalate',
      { ticket: number, level: 1 },
      { reason: text('Needs billing'), expert: person(BILLING) },
      EXPERT,
    );
    expect(await stored(number)).toMatchObject({ level: 2, assigneeId: BILLING });
    // AGENT reported it: the requester may add a note although someone else holds it.
    const before = (await stored(number)).timeline.length;
    await craftedSubmit(
      'ticket_note',
      { ticket: number, level: 1 },
      { note: text('More details') },
      AGENT,
    );
    expect((await stored(number)).timeline).toHaveLength(before + 1);
  });

  test('customer.create: not someone with no role; an account manager', async () => {
    const form = (name: string) => ({
      name: text(name),
      industry: text('Retail'),
      source: select('referral'),
      first_contact: date('2026-11-01'),
      owner: person(OWNER),
    });
    refusedInline(await craftedSubmit('customer_create', {}, form('Nobody Co'), OUTSIDER));
    expect(await app.db.models.customers.countDocuments({ name: 'Nobody Co' })).toBe(0);
    await craftedSubmit('customer_create', {}, form('Owner Co'), OWNER);
    expect(await app.db.models.customers.countDocuments({ name: 'Owner Co' })).toBe(1);
  });

  test('customer.editService: not someone with no role; an agent', async () => {
    refusedInline(
      await craftedSubmit('customer_edit', { code }, { region: text('North') }, OUTSIDER),
    );
    expect((await customer()).region).toBeUndefined();
    await craftedSubmit('customer_edit', { code }, { region: text('North') }, AGENT);
    expect((await customer()).region).toBe('North');
  });

  test('customer.editCommercial: not an agent; the owner', async () => {
    refusedInline(
      await craftedSubmit('customer_edit', { code }, { industry: text('Shipping') }, AGENT),
    );
    expect((await customer()).industry).toBe('Manufacturing');
    await craftedSubmit('customer_edit', { code }, { industry: text('Shipping') }, OWNER);
    expect((await customer()).industry).toBe('Shipping');
  });

  test('customer.overrideTier: not the owner; a manager', async () => {
    const form = { tier_override: select('key'), tier_override_reason: text('Group account') };
    refusedInline(await craftedSubmit('customer_edit', { code }, form, OWNER));
    expect((await customer()).tier).toBe('normal');
    await craftedSubmit('customer_edit', { code }, form, MANAGER);
    expect((await customer()).tier).toBe('key');
  });

  test('customer.recordOrder: not an agent; the owner', async () => {
    const form = { date: date('2026-11-20'), amount: text('1000') };
    refusedInline(await craftedSubmit('customer_order', { code }, form, AGENT));
    expect(await app.db.models.orders.countDocuments()).toBe(0);
    await craftedSubmit('customer_order', { code }, form, OWNER);
    expect(await app.db.models.orders.countDocuments()).toBe(1);
  });

  test('customer.logInteraction: not someone with no role; an agent', async () => {
    const form = { type: select('call'), date: date('2026-11-24'), summary: text('Called') };
    refusedInline(await craftedSubmit('customer_interaction', { code }, form, OUTSIDER));
    expect(await app.db.models.interactions.countDocuments()).toBe(0);
    await craftedSubmit('customer_interaction', { code }, form, AGENT);
    expect(await app.db.models.interactions.countDocuments()).toBe(1);
  });

  test('customer.seeContacts: an agent sees the phone masked; the owner in clear', async () => {
    await craftedSubmit(
      'customer_edit',
      { code },
      {
        contact_name: text('Li Lei'),
        contact_title: text('Buyer'),
        contact_phone: text('13812345678'),
      },
      OWNER,
    );
    const card = async (userId: string) =>
      JSON.stringify((await app.slack.command('/customer', code, { userId })).body);
    expect(await card(AGENT)).toContain('138****5678');
    expect(await card(AGENT)).not.toContain('138 1234 5678');
    expect(await card(OWNER)).toContain('138 1234 5678');
  });
});
