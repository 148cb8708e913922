// The Home's admin and manager buttons sent by someone who may not (a crafted action: the buttons
// are drawn only for who may use them): refused, nothing done, and each refusal says what was
// refused and whom to ask, in the workspace's language (revhome F4).
import { describe, expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { AGENT } from '../helpers/factories.js';

const BOSS = 'U0BOSS0001';
const MANAGER = 'U0MANAGER1';
const app = useTestApp({ env: { TRIAGE_CHANNEL_ID: 'C0TRIAGE01' }, now: '2026-11-24T02:00:00Z' });

const RESEND = { action_id: 'home_resend_undelivered', value: 'dead', block_id: 'home_outbox' };
const DISMISS = {
  action_id: 'home_dismiss_refusal',
  value: 'C0GONE0001',
  block_id: 'home_problem',
};

/** What `AGENT` is told after sending `action` (every text Slack was asked to show them). */
async function refusal(action: typeof RESEND): Promise<string> {
  app.fake.reset();
  const res = await app.slack.blockAction(action, { userId: AGENT });
  expect(res.status).toBe(200);
  expect(app.fake.callsTo('views.publish')).toEqual([]);
  return JSON.stringify([res.body, app.fake.calls.map((c) => c.args)]);
}

describe.each([
  {
    locale: 'en' as const,
    dismiss: `Only an admin of the desk can dismiss a channel Slack refuses the desk in: ask <@${BOSS}>.`,
    resend: `Only a manager or an admin can send undelivered messages again: ask <@${MANAGER}> or <@${BOSS}> to press *Send them again* on their App Home.`,
  },
  {
    locale: 'zh-CN' as const,
    dismiss: `只有服务台管理员可以忽略 Slack 拒绝服务台发消息的频道：请联系 <@${BOSS}>。`,
    resend: `只有主管或管理员可以重新发送未送达的消息：请 <@${MANAGER}>或<@${BOSS}> 在应用主页上点“重新发送”。`,
  },
])('Home buttons crafted by an agent ($locale)', ({ locale, dismiss, resend }) => {
  test('Dismiss says it is about a refused channel and names the admins; Send again names the managers and admins', async () => {
    await app.setSettings(() => ({
      locale,
      admins: [BOSS],
      managers: [MANAGER, BOSS],
      agents: [AGENT],
    }));
    const dismissed = await refusal(DISMISS);
    expect(dismissed).toContain(dismiss);
    expect(dismissed).not.toContain('customer channels');
    expect(await refusal(RESEND)).toContain(resend);
  });
});
