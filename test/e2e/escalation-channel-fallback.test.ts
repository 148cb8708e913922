// A desk with no escalation channel (a first run that seeds only the triage and digest channels;
// an OAuth workspace): a critical complaint's page goes to the alerts channel, else the triage
// one, as the SLA alerts do, and the admin's Home says no escalation channel is set.
import { describe, expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { act, AGENT, makeCustomer, makeTicket } from '../helpers/factories.js';
import { homeText } from '../helpers/clicks.js';

const ADMIN = 'U0ADMIN001';
const MANAGER = 'U0MANAG001';
const TRIAGE = 'C0TRIAGE01';
const ALERTS = 'C0ALERTS01';
const EXPERT = 'U0EXPERT01';
// Tuesday 2026-11-24 10:00 in Shanghai.
const app = useTestApp({
  env: { ADMIN_USER_IDS: ADMIN, TRIAGE_CHANNEL_ID: TRIAGE, DIGEST_CHANNEL_ID: 'C0DIGEST01' },
  now: '2026-11-24T02:00:00Z',
});

const pagesIn = (channel: string) =>
  app.fake
    .callsTo('chat.postMessage')
    .filter((c) => c.args.channel === channel && !c.args.thread_ts)
    .map((c) => String(c.args.text));

async function criticalComplaint() {
  const { code } = await makeCustomer(app, { name: 'Huadong' });
  const ticket = await makeTicket(app, {
    customerCode: code,
    type: 'complaint',
    complaintUrgency: 'critical',
    title: 'Fire risk',
  });
  await app.desk.outbox.drain();
  return ticket;
}

describe('no escalation channel', { timeout: 120_000 }, () => {
  test("a critical complaint's page goes to the alerts channel; the admin's Home says where", async () => {
    await app.setSettings((s) => ({
      managers: [MANAGER],
      agents: [AGENT],
      channels: { ...s.channels, alerts: ALERTS },
      businessHours: { ...s.businessHours, holidays: ['2027-01-01'] },
    }));
    const ticket = await criticalComplaint();
    expect(pagesIn(ALERTS).filter((t) => t.includes(ticket.number))).toHaveLength(1);

    const home = await homeText(app, ADMIN);
    expect(home).not.toContain('Nothing blocks the desk.');
    expect(home).toContain(
      `No escalation channel is set: critical complaints' pages and escalation posts go to <#${ALERTS}>.`,
    );
  });

  test("an escalation's post goes to the alerts channel", async () => {
    await app.setSettings((s) => ({
      agents: [AGENT],
      experts: [{ userId: EXPERT, skills: [] }],
      channels: { ...s.channels, alerts: ALERTS },
    }));
    const { number } = await makeTicket(app);
    await act(app, number, { action: 'claim' }, AGENT);
    await act(app, number, { action: 'escalate', reason: 'needs L2', expertId: EXPERT }, AGENT);
    await app.desk.outbox.drain();
    expect(pagesIn(ALERTS).filter((t) => t.includes(`|${number}> for`))).toEqual([
      expect.stringContaining(`escalated to L2 by <@${AGENT}>, now with <@${EXPERT}>: needs L2`),
    ]);
  });

  test('with no alerts channel either, the page goes to the triage channel beside the card', async () => {
    await app.setSettings(() => ({ managers: [MANAGER], agents: [AGENT] }));
    const ticket = await criticalComplaint();
    // The card and the page, both top-level posts of the triage channel.
    expect(pagesIn(TRIAGE).filter((t) => t.includes(ticket.number))).toHaveLength(2);
    expect(await homeText(app, ADMIN)).toContain(`escalation posts go to <#${TRIAGE}>.`);
  });

  test('in zh-CN the Home says it too', async () => {
    await app.setSettings(() => ({ locale: 'zh-CN', managers: [MANAGER] }));
    expect(await homeText(app, ADMIN)).toContain(
      `尚未设置升级频道：特急投诉的告警和升级通知会发到 <#${TRIAGE}>。`,
    );
  });
});
