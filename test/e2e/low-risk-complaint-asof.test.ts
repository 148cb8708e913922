// The card's "Not low churn risk because of complaint T…" says when the daily signals run found
// it so, in the reader's time zone as the card's other times (a Slack date token), and the
// next day's run moves it on: a reason with no date could be weeks old.
import { expect, test } from 'vitest';
import { customerSignalsJob } from '../../jobs/customer-signals.js';
import { useTestApp } from '../helpers/app.js';
import { customerWithOrders, surveyed } from '../helpers/churn.js';
import { AGENT, makeTicket, OWNER } from '../helpers/factories.js';
import { runJobAt } from '../helpers/jobs.js';

const app = useTestApp({ now: '2026-11-24T02:00:00Z' });

const cardText = async (code: string) =>
  JSON.stringify((await app.slack.command('/customer', code, { userId: OWNER })).body.blocks);

test('the complaint holding a customer out of low churn risk is shown as of the run that found it', async () => {
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
    title: 'Line down for two days',
  });
  await runJobAt(app, customerSignalsJob, '2026-12-02T01:00:00Z');
  app.clock.set('2026-12-02T03:00:00Z');
  const at1 = Date.parse('2026-12-02T01:00:00Z') / 1000;
  expect(await cardText(steady)).toContain(
    `complaint ${t.number} (open, or critical in the last 30 days), as of <!date^${at1}^`,
  );
  expect(await cardText(steady)).toContain('|2026-12-02 09:00 GMT+8>');

  // The next day's run, the complaint still open: the date is the new run's, not a stale one.
  await runJobAt(app, customerSignalsJob, '2026-12-03T01:00:00Z');
  app.clock.set('2026-12-03T03:00:00Z');
  const at2 = Date.parse('2026-12-03T01:00:00Z') / 1000;
  const card = await cardText(steady);
  expect(card).toContain(`as of <!date^${at2}^`);
  expect(card).not.toContain(`<!date^${at1}^`);

  await app.setSettings((s) => ({ ...s, locale: 'zh-CN' }));
  expect(await cardText(steady)).toContain(
    `因投诉 ${t.number}（未结，或近 30 天内的特急投诉）不算流失风险低（<!date^${at2}^`,
  );
});
