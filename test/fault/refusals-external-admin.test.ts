// A refusal that names whom to ask ("ask {admins}") never names an admin Slack said is of another
// organisation (`externalHolders`): such a person holds no role here, so could neither give a role
// nor do an admin's action. The staff admins are named; with none left, the refusal is said
// without names. Through the real Bolt HTTP path: slash commands, card buttons, Home buttons.
import { describe, expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { claimOnCard } from '../helpers/clicks.js';
import { makeTicket, OWNER } from '../helpers/factories.js';

const ADMIN = 'U0ADMIN001';
const FOREIGN = 'U0FOREIGN1';
const MANAGER = 'U0MANAGER1';
const AGENT = 'U0AGENT001';
const OUTSIDER = 'U0OUTSIDE1';
const TRIAGE = 'C0TRIAGE01';

const app = useTestApp({
  env: { TRIAGE_CHANNEL_ID: TRIAGE, ADMIN_USER_IDS: ADMIN },
  now: '2026-11-24T02:00:00Z',
});

/** A closed desk: one agent, one manager, the owner; `admins`, of whom `marked` are of another organisation. */
async function desk(admins: string[], marked: string[], more: { managers?: string[] } = {}) {
  await app.setSettings(() => ({
    admins,
    managers: more.managers ?? [MANAGER],
    agents: [AGENT],
    accountManagers: [OWNER],
    openDesk: false,
    externalHolders: marked,
  }));
}

/** What `/desk <text>` answered `userId` (its ephemeral text, blocks included). */
async function desk_(text: string, userId: string): Promise<string> {
  const res = await app.slack.command('/desk', text, { userId });
  return String(res.body?.text ?? '') + JSON.stringify(res.body?.blocks ?? []);
}

/** What `userId` was told after a Send again on their Home (every text Slack was asked to show). */
async function resend(userId: string): Promise<string> {
  app.fake.reset();
  const res = await app.slack.blockAction(
    { action_id: 'home_resend_undelivered', value: 'dead', block_id: 'home_outbox' },
    { userId },
  );
  return JSON.stringify([res.body, app.fake.calls.map((c) => c.args)]);
}

describe('one admin of two is of another organisation', () => {
  test('admin-only refusals, help and role refusals name only the staff admin', async () => {
    await desk([ADMIN, FOREIGN], [FOREIGN]);
    expect(await desk_('roles', AGENT)).toContain(
      `Only an admin of the desk can see or change the roles: ask <@${ADMIN}>.`,
    );
    const help = await desk_('help', AGENT);
    expect(help).toContain(`_(admins only: ask <@${ADMIN}>)_`);
    expect(help).not.toContain(FOREIGN);

    const { number } = await makeTicket(app, {}, AGENT);
    const claim = await claimOnCard(app, number, OUTSIDER, TRIAGE);
    expect(claim.text).toBe(
      `Only agents, experts and managers can claim tickets: ask <@${ADMIN}> to give you a role in \`/desk roles\`.`,
    );
    expect(claim.assigneeId).toBeUndefined();

    const task = await app.slack.command('/task', 'new', { userId: OUTSIDER });
    expect(String(task.body.text)).toBe(
      `You can plan tasks only for a customer you own, and you own none. Agents, experts and managers plan tasks for any customer: ask <@${ADMIN}> to give you a role in \`/desk roles\`.`,
    );
  });

  test('Send again names the staff manager and admin, not the marked manager', async () => {
    await desk([ADMIN, FOREIGN], [FOREIGN, 'U0MANAGER2'], { managers: ['U0MANAGER2', MANAGER] });
    const told = await resend(AGENT);
    expect(told).toContain(
      `ask <@${MANAGER}> or <@${ADMIN}> to press *Send them again* on their App Home.`,
    );
    expect(told).not.toContain(FOREIGN);
    expect(told).not.toContain('U0MANAGER2');
  });
});

describe('the only admin is of another organisation', () => {
  test('the refusals are said without names (en, zh-CN)', async () => {
    await desk([ADMIN], [ADMIN]);
    const { number } = await makeTicket(app, {}, AGENT);
    expect(await desk_('roles', AGENT)).toContain(
      'Only an admin of the desk can see or change the roles.',
    );
    const help = await desk_('help', AGENT);
    expect(help).toContain('`/desk roles`');
    expect(help).toContain('_(admins only)_');
    expect(help).not.toContain(ADMIN);
    expect((await claimOnCard(app, number, OUTSIDER, TRIAGE)).text).toBe(
      'Only agents, experts and managers can claim tickets. An admin can give you a role with `/desk roles`.',
    );
    const task = await app.slack.command('/task', 'new', { userId: OUTSIDER });
    expect(String(task.body.text)).toBe(
      'You can plan tasks only for a customer you own, and you own none. Agents, experts and managers plan tasks for any customer: an admin can give you a role with `/desk roles`.',
    );

    await app.setSettings(() => ({ locale: 'zh-CN' }));
    const zh = await desk_('roles', AGENT);
    expect(zh).toContain('只有服务台管理员可以查看或修改角色。');
    expect(zh).not.toContain(ADMIN);
    expect((await claimOnCard(app, number, OUTSIDER, TRIAGE)).text).toBe(
      '只有一线客服、二线专家和主管可以认领工单。管理员可以用 `/desk roles` 为你分配角色。',
    );
  });

  test('Send again with only marked managers and admins: said without names', async () => {
    await desk([ADMIN], [ADMIN, MANAGER]);
    const told = await resend(AGENT);
    expect(told).toContain(
      'Only a manager or an admin can send undelivered messages again: ask one of them to press *Send them again* on their App Home.',
    );
    expect(told).not.toContain(ADMIN);
    expect(told).not.toContain(MANAGER);
  });
});
