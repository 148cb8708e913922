// What an admin's first week found the settings and roles let through (transcript of
// 2026-11): the desk's own channels set to a customer's channel, inverted SLA targets, a group
// typed in the singular, a customer named instead of coded, a bot given a desk role. Through the
// real Bolt HTTP path: signed requests, the fake Slack, the test database.
import { beforeEach, describe, expect, test } from 'vitest';
import type { SettingsGroup } from '../../src/workspace/settings.js';
import { useTestApp } from '../helpers/app.js';
import { makeCustomer } from '../helpers/factories.js';
import { settingsKit } from '../helpers/settings.js';

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
    // Shortening the general target below the others names it on each more severe cell.
    const general = await saveGroup('sla', { resp_general_normal: '1' });
    expect(general.body).toEqual({
      response_action: 'errors',
      errors: {
        resp_urgent_normal: expect.stringContaining('a general ticket of this tier (1 h)'),
        resp_important_normal: expect.stringContaining('a general ticket of this tier (1 h)'),
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
