// A complaint keeps a customer out of the low churn risk class: ordering every month and glowing
// in its surveys, a customer with an open critical complaint ("we consider other suppliers") is
// no low risk on its card, as it was the day before the complaint came. Through the real Bolt
// stack and the daily signals run at an injected now.
import { expect, test } from 'vitest';
import { customerSignalsJob } from '../../jobs/customer-signals.js';
import { useTestApp } from '../helpers/app.js';
import { customerWithOrders, surveyed } from '../helpers/churn.js';
import { AGENT, makeTicket, OWNER } from '../helpers/factories.js';
import { runJobAt } from '../helpers/jobs.js';

const app = useTestApp({ now: '2026-11-24T02:00:00Z' });

const cardText = async (code: string) =>
  JSON.stringify((await app.slack.command('/customer', code, { userId: OWNER })).body.blocks);

test('an open critical complaint takes a customer out of low churn risk', async () => {
  await app.setSettings(() => ({ agents: [AGENT], accountManagers: [OWNER] }));
  const steady = await customerWithOrders(app, 'Steady Printing', [
    '2026-09-10',
    '2026-10-12',
    '2026-11-09',
  ]);
  await surveyed(app, steady, 5);
  // Before the complaint: low risk.
  await runJobAt(app, customerSignalsJob, '2026-12-01T01:00:00Z');
  app.clock.set('2026-12-01T02:00:00Z');
  expect(await cardText(steady)).toContain('Low churn risk');

  await makeTicket(app, {
    customerCode: steady,
    type: 'complaint',
    complaintUrgency: 'critical',
    title: 'Line down for two days, we consider other suppliers',
  });
  await runJobAt(app, customerSignalsJob, '2026-12-02T01:00:00Z');
  app.clock.set('2026-12-02T03:00:00Z');
  const card = await cardText(steady);
  expect(card).toContain('Complaints in the last 12 months: 1');
  expect(card).not.toContain('Low churn risk');
});
