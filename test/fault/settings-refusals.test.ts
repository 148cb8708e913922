// What an admin's first week found the settings and roles let through (transcript of
// 2026-11): the desk's own channels set to a customer's channel, inverted SLA targets, a group
// typed in the singular, a customer named instead of coded, a bot given a desk role. Through the
// real Bolt HTTP path: signed requests, the fake Slack, the test database.
import { beforeEach, describe, expect, test } from 'vitest';
import type { SettingsGroup } from '../../src/workspace/settings.js';
import { useTestApp } from '../helpers/app.js';
import { makeCustomer } from '../helpers/factories.js';
import {
  FAKE_BOT_USER_ID,
  FAKE_DEACTIVATED_USER_ID,
  FAKE_GUEST_USER_ID,
  FAKE_SINGLE_GUEST_USER_ID,
} from '../helpers/fake-slack.js';
import { settingsKit } from '../helpers/settings.js';
import { submitLastModal } from '../helpers/clicks.js';

const ADMIN = 'U0ADMIN001';
const TRIAGE = 'C0TRIAGE01';
const CUST = 'C0CUSTCH01';

const app = useTestApp({
  env: { ADMIN_USER_IDS: ADMIN, TRIAGE_CHANNEL_ID: TRIAGE },
  now: '2026-11-24T02:00:00Z',
});

const { settings, openGroup } = settingsKit(app, ADMIN);

/** Opens a group's modal, fills in `form` and saves it, as the admin. */
async function saveGroup(group: SettingsGroup, form: Record<string, string | null>) {
  const view = await openGroup(group);
  return app.slack.submitView(view, form, { userId: ADMIN });
}

describe("the desk's own channels", () => {
  let code = '';
  beforeEach(async () => {
    code = (await makeCustomer(app)).code;
    const linked = await app.slack.command('/desk', `channel link ${code}`, {
      userId: ADMIN,
      channelId: CUST,
    });
    expect(linked.body.text).toContain('is now the customer channel');
  });

  test('a channel linked to a customer is refused as triage, alerts, escalation or digest channel, naming the customer', async () => {
    for (const field of [
      'channel_triage',
      'channel_alerts',
      'channel_escalation',
      'channel_digest',
    ]) {
      const res = await saveGroup('channels', { [field]: CUST });
      expect(res.body).toEqual({
        response_action: 'errors',
        errors: {
          [field]: `This is the customer channel of Huadong Machinery (${code}): the desk’s cards and notes would show there. Pick a team channel, or unlink it first (/desk channel unlink there).`,
        },
      });
    }
    expect((await settings()).channels).toEqual({ triage: TRIAGE });

    // Another channel is taken as before.
    expect((await saveGroup('channels', { channel_alerts: 'C0ALERTS01' })).body).toBe('');
    expect((await settings()).channels.alerts).toBe('C0ALERTS01');

    await app.setSettings(() => ({ locale: 'zh-CN' }));
    const zh = await saveGroup('channels', { channel_triage: CUST });
    expect(JSON.stringify(zh.body)).toContain(`这是客户 Huadong Machinery（${code}）的客户频道`);
    expect((await settings()).channels.triage).toBe(TRIAGE);
  });
});

describe('a private channel the app is not in', () => {
  const PRIVATE = 'C0PRIVATE1';
  const PUBLIC = 'C0PUBLIC01';
  const INVITE =
    'The app is not a member of this private channel, so it cannot post there. Invite the app first (/invite @Care Desk in the channel), then save again.';
  const asked = () => app.fake.callsTo('conversations.info').map((c) => c.args.channel);

  test('is refused on its field on save, "invite the app first", in both languages; a public one the app is not in is taken as before (it posts there without joining); a channel kept is not asked of Slack', async () => {
    // Slack answers a bot about a private channel it is not in: channel_not_found.
    app.fake.channels.set(PRIVATE, { is_private: true, is_member: false });
    app.fake.channels.set(PUBLIC, { is_member: false });
    const refused = await saveGroup('channels', {
      channel_alerts: PRIVATE,
      channel_digest: PRIVATE,
    });
    expect(refused.body).toEqual({
      response_action: 'errors',
      errors: { channel_alerts: INVITE, channel_digest: INVITE },
    });
    // Asked once for the channel given twice; the triage channel kept is not asked of.
    expect(asked()).toEqual([PRIVATE]);
    expect((await settings()).channels).toEqual({ triage: TRIAGE });

    expect((await saveGroup('channels', { channel_alerts: PUBLIC })).body).toBe('');
    expect((await settings()).channels.alerts).toBe(PUBLIC);

    await app.setSettings(() => ({ locale: 'zh-CN' }));
    const zh = await saveGroup('channels', { channel_digest: PRIVATE });
    expect(zh.body).toEqual({
      response_action: 'errors',
      errors: {
        channel_digest:
          '应用不是这个私有频道的成员，无法在其中发消息。请先邀请应用（在该频道发送 /invite @Care Desk），再保存。',
      },
    });

    // Invited: saved.
    app.fake.channels.set(PRIVATE, { is_private: true, is_member: true });
    expect((await saveGroup('channels', { channel_digest: PRIVATE })).body).toBe('');
    expect((await settings()).channels).toEqual({
      triage: TRIAGE,
      alerts: PUBLIC,
      digest: PRIVATE,
    });
  });

  test('when Slack does not say (rate limited), the channel is saved as before', async () => {
    app.fake.channels.set(PRIVATE, { is_private: true, is_member: false });
    app.fake.failNext('conversations.info', 'ratelimited');
    expect((await saveGroup('channels', { channel_digest: PRIVATE })).body).toBe('');
    expect((await settings()).channels.digest).toBe(PRIVATE);
    expect(
      app.logs.filter((l) => l.msg === 'conversations.info failed: the channel is taken as picked'),
    ).toEqual([expect.objectContaining({ error: 'ratelimited' })]);
  });
});

describe('a channel shared with another organisation (Slack Connect)', () => {
  const CONNECT = 'C0CONNECT1';
  const SHARED =
    'This channel is shared with another organisation (Slack Connect), or an invitation to share it is pending: the desk’s cards, alerts and reports would show there. Pick a channel of your team only.';

  test('is refused as triage, alerts, escalation or digest channel, on its field, in both languages; a pending share too; a channel shared only within the organisation is taken', async () => {
    app.fake.channels.set(CONNECT, { is_member: true, is_ext_shared: true });
    app.fake.channels.set('C0PENDING1', { is_member: true, is_pending_ext_shared: true });
    app.fake.channels.set('C0ORGWIDE1', { is_member: true, is_org_shared: true });
    const fields = ['channel_triage', 'channel_alerts', 'channel_escalation', 'channel_digest'];
    const refused = await saveGroup(
      'channels',
      Object.fromEntries(fields.map((f) => [f, CONNECT])),
    );
    expect(refused.body).toEqual({
      response_action: 'errors',
      errors: Object.fromEntries(fields.map((f) => [f, SHARED])),
    });
    expect((await saveGroup('channels', { channel_digest: 'C0PENDING1' })).body).toEqual({
      response_action: 'errors',
      errors: { channel_digest: SHARED },
    });
    expect((await settings()).channels).toEqual({ triage: TRIAGE });

    await app.setSettings(() => ({ locale: 'zh-CN' }));
    expect((await saveGroup('channels', { channel_digest: CONNECT })).body).toEqual({
      response_action: 'errors',
      errors: {
        channel_digest:
          '这个频道与其他组织共享（Slack Connect），或有待接受的共享邀请：服务台的卡片、提醒和报告会出现在那里。请只选择本团队的频道。',
      },
    });

    expect((await saveGroup('channels', { channel_digest: 'C0ORGWIDE1' })).body).toBe('');
    expect((await settings()).channels).toEqual({ triage: TRIAGE, digest: 'C0ORGWIDE1' });
  });

  test('when Slack does not say (rate limited), a shared channel is saved as before', async () => {
    app.fake.channels.set(CONNECT, { is_member: true, is_ext_shared: true });
    app.fake.failNext('conversations.info', 'ratelimited');
    expect((await saveGroup('channels', { channel_alerts: CONNECT })).body).toBe('');
    expect((await settings()).channels.alerts).toBe(CONNECT);
  });
});

describe('a check across two fields: refused on the one the admin changed', () => {
  test('the strategic threshold lowered under the key one: on the strategic threshold, naming the key one', async () => {
    const res = await saveGroup('customers', { tier_strategic: '400000' });
    expect(res.body).toEqual({
      response_action: 'errors',
      errors: { tier_strategic: 'The strategic threshold must be above the key one.' },
    });
    // The key threshold raised over it: on the key threshold, as before.
    expect((await saveGroup('customers', { tier_key: '2000000' })).body).toEqual({
      response_action: 'errors',
      errors: { tier_key: 'The key threshold must be below the strategic one.' },
    });
    expect((await saveGroup('customers', { vip_min: '100' })).body).toEqual({
      response_action: 'errors',
      errors: { vip_min: 'VIP must start above high-value.' },
    });
    expect((await settings()).tiers.strategicMin).toBe(1_000_000);
  });

  test('quiet hours made to start when they end, a holiday that is an extra working day: on the field changed (en, zh-CN)', async () => {
    await app.setSettings((s) => ({
      quietHours: { enabled: true, start: '22:00', end: '08:00' },
      businessHours: { ...s.businessHours, extraWorkdays: ['2026-10-10'] },
    }));
    expect((await saveGroup('quiet', { quiet_start: '08:00' })).body).toEqual({
      response_action: 'errors',
      errors: { quiet_start: 'Quiet hours must start at another time than they end.' },
    });
    expect((await saveGroup('holidays', { holidays: '2026-10-10' })).body).toEqual({
      response_action: 'errors',
      errors: {
        holidays: '2026-10-10 is also in the extra working days: a day is one or the other.',
      },
    });
    await app.setSettings(() => ({ locale: 'zh-CN' }));
    expect((await saveGroup('holidays', { holidays: '2026-10-10' })).body).toEqual({
      response_action: 'errors',
      errors: { holidays: '2026-10-10 同时在额外工作日中：一天只能是其中之一。' },
    });
    expect((await saveGroup('customers', { tier_strategic: '400000' })).body).toEqual({
      response_action: 'errors',
      errors: { tier_strategic: '战略客户门槛必须高于重点客户门槛。' },
    });
  });
});

describe('SLA targets', () => {
  test('a more severe ticket given a longer first-response target than a less severe one of the same tier is refused on its cell; nothing is saved', async () => {
    const before = (await settings()).sla;
    const res = await saveGroup('sla', { resp_urgent_key: '48' });
    expect(res.body).toEqual({
      response_action: 'errors',
      errors: {
        resp_urgent_key:
          'Longer than the target of an important ticket of this tier (4 h): a more severe ticket must be answered at least as fast. Shorten this one or lengthen that one.',
      },
    });
    // Shortening the general target below the others: refused on it (the cell changed), naming
    // the longest more severe target it is under.
    const general = await saveGroup('sla', { resp_general_normal: '1' });
    expect(general.body).toEqual({
      response_action: 'errors',
      errors: {
        resp_general_normal:
          'Shorter than the target of an important ticket of this tier (4 h): a more severe ticket must be answered at least as fast. Lengthen this one or shorten that one.',
      },
    });
    // Both cells changed: on the more severe one, as before (the urgent one, left as shown,
    // on the general one).
    const both = await saveGroup('sla', { resp_important_normal: '3', resp_general_normal: '1' });
    expect(both.body).toEqual({
      response_action: 'errors',
      errors: {
        resp_important_normal: expect.stringContaining('a general ticket of this tier (1 h)'),
        resp_general_normal: expect.stringContaining('an urgent ticket of this tier (2 h)'),
      },
    });
    expect((await settings()).sla).toEqual(before);

    // In order (equal counts as in order), it is saved.
    expect((await saveGroup('sla', { resp_urgent_key: '4', resp_important_key: '4' })).body).toBe(
      '',
    );
    expect((await settings()).sla.responseMinutesMatrix?.urgent.key).toBe(240);

    await app.setSettings(() => ({ locale: 'zh-CN' }));
    const zh = await saveGroup('sla', { resp_urgent_strategic: '48' });
    expect(JSON.stringify(zh.body)).toContain('比同一客户等级重要工单的目标（4 小时）还长');
  });
});

describe('roles', () => {
  const MANAGER = 'U0MANAGER1';
  const AGENT = 'U0AGENT001';

  async function saveRoles(form: Record<string, string>) {
    await app.slack.command('/desk', 'roles', { userId: ADMIN });
    const view = app.fake.callsTo('views.open').at(-1)!.args.view as Record<string, unknown>;
    return app.slack.submitView(view, form, { userId: ADMIN });
  }

  test('a bot, a deactivated account or a guest given a desk role is refused on its list, by name; nothing is saved', async () => {
    const before = await settings();
    const res = await saveRoles({
      managers: `${MANAGER},${FAKE_BOT_USER_ID}`,
      agents: `${AGENT},${FAKE_DEACTIVATED_USER_ID},${FAKE_GUEST_USER_ID}`,
      experts: FAKE_SINGLE_GUEST_USER_ID,
    });
    expect(res.body).toEqual({
      response_action: 'errors',
      errors: {
        managers: 'Bots cannot hold a desk role: Care Desk. Remove them from this list.',
        agents:
          'Deactivated accounts cannot: Li Lei. Guests cannot (their account is limited to some channels, a role shows every customer): Wang Fang. Remove them from this list.',
        experts:
          'Guests cannot (their account is limited to some channels, a role shows every customer): Zhao Min. Remove them from this list.',
      },
    });
    const after = await settings();
    expect([after.managers, after.agents, after.experts]).toEqual([
      before.managers,
      before.agents,
      before.experts,
    ]);
    expect(app.fake.callsTo('users.info').map((c) => c.args.user)).toContain(FAKE_BOT_USER_ID);

    // Without them the roles are saved.
    expect((await saveRoles({ managers: MANAGER, agents: AGENT })).body).toBe('');
    expect((await settings()).managers).toEqual([MANAGER]);

    await app.setSettings(() => ({ locale: 'zh-CN' }));
    const zh = await saveRoles({ managers: FAKE_BOT_USER_ID });
    expect(JSON.stringify(zh.body)).toContain('机器人不能担任服务台角色：Care Desk');
  });

  test('several people refused for one reason are listed as the reader\'s language lists them: "a, b", "a、b"', async () => {
    const agents = `${FAKE_GUEST_USER_ID},${FAKE_SINGLE_GUEST_USER_ID}`;
    expect((await saveRoles({ agents })).body).toEqual({
      response_action: 'errors',
      errors: {
        agents:
          'Guests cannot (their account is limited to some channels, a role shows every customer): Wang Fang, Zhao Min. Remove them from this list.',
      },
    });
    await app.setSettings(() => ({ locale: 'zh-CN' }));
    expect((await saveRoles({ agents })).body).toEqual({
      response_action: 'errors',
      errors: {
        agents:
          '访客不能担任（其账号只限部分频道，而角色可看到所有客户）：Wang Fang、Zhao Min。请从此列表中移除。',
      },
    });
  });

  test('whom a manager manages is checked too: a bot, a deactivated account or a guest under "Manages" is refused there, by name; nothing is saved', async () => {
    const OWNER = 'U0OWNER001';
    await app.setSettings(() => ({ managers: [MANAGER], accountManagers: [OWNER] }));
    const manages = `manages:${MANAGER}`;
    const res = await saveRoles({
      [manages]: `${OWNER},${FAKE_BOT_USER_ID},${FAKE_DEACTIVATED_USER_ID},${FAKE_GUEST_USER_ID}`,
    });
    expect(res.body).toEqual({
      response_action: 'errors',
      errors: {
        [manages]:
          'Bots cannot hold a desk role: Care Desk. Deactivated accounts cannot: Li Lei. Guests cannot (their account is limited to some channels, a role shows every customer): Wang Fang. Remove them from this list.',
      },
    });
    expect((await settings()).managerLinks).toEqual([]);

    // Without them the link is saved.
    expect((await saveRoles({ [manages]: OWNER })).body).toBe('');
    expect((await settings()).managerLinks).toEqual([{ managerId: MANAGER, manages: [OWNER] }]);

    await app.setSettings(() => ({ locale: 'zh-CN' }));
    const zh = await saveRoles({ [manages]: `${OWNER},${FAKE_SINGLE_GUEST_USER_ID}` });
    expect(zh.body).toEqual({
      response_action: 'errors',
      errors: { [manages]: expect.stringContaining('访客不能担任') },
    });
    expect((await settings()).managerLinks).toEqual([{ managerId: MANAGER, manages: [OWNER] }]);
  });

  test('a bot whose long name has an emoji where it is cut is named with the emoji whole or without it, never half of it (Slack refuses half of one)', async () => {
    // The name is quoted within 80 characters as Slack counts them (UTF-16 units: 🤖 is two).
    const BOT = 'U0EMOJIBOT';
    app.fake.users.set(BOT, { id: BOT, real_name: `${'B'.repeat(79)}🤖 helper`, is_bot: true });
    const res = await saveRoles({ managers: `${MANAGER},${BOT}` });
    expect(res.body).toEqual({
      response_action: 'errors',
      errors: {
        managers: `Bots cannot hold a desk role: ${'B'.repeat(79)}. Remove them from this list.`,
      },
    });
    const FITS = 'U0EMOJIBT2';
    app.fake.users.set(FITS, { id: FITS, real_name: `${'B'.repeat(78)}🤖 helper`, is_bot: true });
    const fits = await saveRoles({ managers: `${MANAGER},${FITS}` });
    expect(fits.body).toEqual({
      response_action: 'errors',
      errors: {
        managers: `Bots cannot hold a desk role: ${'B'.repeat(78)}🤖. Remove them from this list.`,
      },
    });
  });

  test('with more managers than the modal has room for, an unfit person in a hidden manager\'s "Manages" is refused only on the lists the modal shows, and left as saved when picked nowhere else', async () => {
    const OWNER = 'U0OWNER001';
    const managers = Array.from({ length: 50 }, (_, i) => `U0MGR${String(i).padStart(5, '0')}`);
    const hidden = managers.at(-1)!;
    await app.setSettings(() => ({
      managers,
      accountManagers: [OWNER],
      managerLinks: [{ managerId: hidden, manages: [OWNER, FAKE_GUEST_USER_ID] }],
    }));
    await app.slack.command('/desk', 'roles', { userId: ADMIN });
    const view = app.fake.callsTo('views.open').at(-1)!.args.view as { blocks: any[] };
    const shown = new Set(view.blocks.map((b) => b.block_id));
    expect(shown.has(`manages:${hidden}`)).toBe(false);

    // The guest picked as an account manager too: refused there, and only on blocks in the view.
    const res = await submitLastModal(
      app,
      { account_managers: `${OWNER},${FAKE_GUEST_USER_ID}` },
      ADMIN,
      { expect: 'any' },
    );
    expect(res.body).toEqual({
      response_action: 'errors',
      errors: {
        account_managers:
          'Guests cannot (their account is limited to some channels, a role shows every customer): Wang Fang. Remove them from this list.',
      },
    });
    expect((await settings()).accountManagers).toEqual([OWNER]);

    // Saved as opened: the hidden manager's links, unseen and unchecked, stay as they were.
    expect((await app.slack.submitView(view, {}, { userId: ADMIN })).body).toBe('');
    expect((await settings()).managerLinks).toEqual([
      { managerId: hidden, manages: [OWNER, FAKE_GUEST_USER_ID] },
    ]);
  });

  test('when Slack cannot say who someone is, the roles are saved rather than the admin blocked', async () => {
    // A person not asked before; users.info fails for them (an HTTP 500: not tried again).
    const NEWCOMER = 'U0NEWMGR01';
    app.fake.failNextHttp('users.info', 500, 3);
    expect((await saveRoles({ managers: NEWCOMER })).body).toBe('');
    expect((await settings()).managers).toEqual([NEWCOMER]);
    const asked = app.fake.callsTo('users.info').filter((c) => c.args.user === NEWCOMER);
    expect(asked.length).toBeGreaterThan(0);
    expect(asked.every((c) => c.outcome === 'http')).toBe(true);
  });
});

describe('words the admin typed', () => {
  test('/desk settings holiday opens the holidays group (a group in the singular or cut short)', async () => {
    for (const word of ['holiday', 'channel', 'greeting']) {
      const res = await app.slack.command('/desk', `settings ${word}`, { userId: ADMIN });
      expect(res.body).toBe('');
      const view = app.fake.callsTo('views.open').at(-1)!.args.view as Record<string, any>;
      expect(JSON.parse(view.private_metadata as string).settingsGroup).toBe(`${word}s`);
    }
  });

  test('/desk channel link with part of a customer’s name suggests their codes; nothing is linked', async () => {
    const huadong = await makeCustomer(app, { name: '华东机械' });
    const other = await makeCustomer(app, { name: '华东电子' });
    await makeCustomer(app, { name: '华北重工' });
    const res = await app.slack.command('/desk', 'channel link 华东', {
      userId: ADMIN,
      channelId: CUST,
    });
    // By pinyin: 华东电子 (dian) before 华东机械 (ji).
    expect(res.body.text).toContain(
      `No customer has the code 华东; by name: ${other.code} (华东电子), ${huadong.code} (华东机械).`,
    );
    expect(await app.db.models.channelLinks.countDocuments()).toBe(0);
    // Nothing of the kind: as before.
    const none = await app.slack.command('/desk', 'channel link 西南', {
      userId: ADMIN,
      channelId: CUST,
    });
    expect(none.body.text).toContain('No customer has the code 西南');
    expect(none.body.text).not.toContain('by name');

    await app.setSettings(() => ({ locale: 'zh-CN' }));
    const zh = await app.slack.command('/desk', 'channel link 华东', {
      userId: ADMIN,
      channelId: CUST,
    });
    // Listed as Chinese lists them: full-width brackets, joined with 、, by pinyin (dian before ji).
    expect(zh.body.text).toContain(
      `没有编号为“华东”的客户；名称匹配的有：${other.code}（华东电子）、${huadong.code}（华东机械）。`,
    );
    // The word typed is quoted as Chinese quotes it, matched by name or not.
    const zhNone = await app.slack.command('/desk', 'channel link 西南', {
      userId: ADMIN,
      channelId: CUST,
    });
    expect(zhNone.body.text).toContain('没有编号为“西南”的客户。');
  });
});
