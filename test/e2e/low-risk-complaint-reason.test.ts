// revcomplaint F4, its reason: a customer kept out of the low churn risk class only by a
// complaint has that complaint named on its card (en and zh-CN), so the class missing from a
// steady, glowing customer is explained. Through the real Bolt stack and the daily signals run at
// an injected now.
import { expect, test } from 'vitest';
import { customerSignalsJob } from '../../jobs/customer-signals.js';
import { useTestApp } from '../helpers/app.js';
import { customerWithOrders, surveyed } from '../helpers/churn.js';
import { AGENT, makeTicket, OWNER } from '../helpers/factories.js';
import { runJobAt } from '../helpers/jobs.js';

const app = useTestApp({ now: '2026-11-24T02:00:00Z' });

const cardText = async (code: string) =>
  JSON.stringify((await app.slack.command('/customer', code, { userId: OWNER })).body.blocks);

test('the card names the complaint that keeps a customer out of low churn risk', async () => {
  await app.setSettings(() => ({ agents: [AGENT], accountManagers: [OWNER] }));
  const steady = await customerWithOrders(app, 'Steady Printing', [
    '2026-09-10',
    '2026-10-12',
    '2026-11-09',
  ]);
  await surveyed(app, steady, 5);
  const t = await makeTicket(app, {
    customerCode: steady,
    type: 'complaint',
    complaintUrgency: 'critical',
    title: 'Line down for two days, we consider other suppliers',
  });
  await runJobAt(app, customerSignalsJob, '2026-12-02T01:00:00Z');
  app.clock.set('2026-12-02T03:00:00Z');
  const card = await cardText(steady);
  expect(card).not.toContain('Low churn risk (as of');
  expect(card).toContain(
    `Not low churn risk because of complaint ${t.number} (open, or critical in the last 30 days)`,
  );
  await app.setSettings((s) => ({ ...s, locale: 'zh-CN' }));
  expect(await cardText(steady)).toContain(
    `因投诉 ${t.number}（未结，或近 30 天内的特急投诉）不算流失风险低`,
  );
});

test('a customer not low for another reason is not told of a complaint', async () => {
  await app.setSettings(() => ({ agents: [AGENT], accountManagers: [OWNER] }));
  // No order last month: not low, complaint or not.
  const thin = await customerWithOrders(app, 'Thin Orders', ['2026-09-10']);
  await surveyed(app, thin, 5);
  await makeTicket(app, { customerCode: thin, type: 'complaint', title: 'Late again' });
  await runJobAt(app, customerSignalsJob, '2026-12-02T01:00:00Z');
  app.clock.set('2026-12-02T03:00:00Z');
  const card = await cardText(thin);
  expect(card).not.toContain('low churn risk');
  expect(card).not.toContain('Low churn risk');
});
