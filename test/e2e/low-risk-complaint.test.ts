// A complaint keeps a customer out of the low churn risk class: ordering every month and glowing
// in its surveys, a customer with an open critical complaint ("we consider other suppliers") is
// no low risk on its card, as it was the day before the complaint came. The card names that
// complaint (revcomplaint F4), so the class missing from a steady, glowing customer is explained,
// and says as of when the daily signals run found it so, in the reader's time zone (a Slack date
// token): a reason with no date could be weeks old. Through the real Bolt stack and the daily
// signals run at an injected now.
import { expect, test } from 'vitest';
import { customerSignalsJob } from '../../jobs/customer-signals.js';
import { useTestApp } from '../helpers/app.js';
import { customerWithOrders, surveyed } from '../helpers/churn.js';
import { AGENT, makeTicket, OWNER } from '../helpers/factories.js';
import { runJobAt } from '../helpers/jobs.js';

const app = useTestApp({ now: '2026-11-24T02:00:00Z' });

const cardText = async (code: string) =>
  JSON.stringify((await app.slack.command('/customer', code, { userId: OWNER })).body.blocks);

/** A customer ordering every month, surveyed 5 of 5: low churn risk but for complaints. */
async function steadyCustomer(): Promise<string> {
  await app.setSettings(() => ({ agents: [AGENT], accountManagers: [OWNER] }));
  const steady = await customerWithOrders(app, 'Steady Printing', [
    '2026-09-10',
    '2026-10-12',
    '2026-11-09',
  ]);
  await surveyed(app, steady, 5);
  return steady;
}

/** A critical complaint of `code`'s: its number. */
async function criticalComplaint(code: string): Promise<string> {
  const t = await makeTicket(app, {
    customerCode: code,
    type: 'complaint',
    complaintUrgency: 'critical',
    title: 'Line down for two days, we consider other suppliers',
  });
  return t.number;
}

/** The daily signals run at 01:00 UTC on `day`, the clock then set to 03:00 UTC. */
async function signalsOn(day: string): Promise<number> {
  await runJobAt(app, customerSignalsJob, `${day}T01:00:00Z`);
  app.clock.set(`${day}T03:00:00Z`);
  return Date.parse(`${day}T01:00:00Z`) / 1000;
}

test('an open critical complaint takes a customer out of low churn risk', async () => {
  const steady = await steadyCustomer();
  // Before the complaint: low risk.
  await signalsOn('2026-12-01');
  expect(await cardText(steady)).toContain('Low churn risk');

  await criticalComplaint(steady);
  await signalsOn('2026-12-02');
  const card = await cardText(steady);
  expect(card).toContain('Complaints in the last 12 months: 1');
  expect(card).not.toContain('Low churn risk');
});

test('the card names the complaint that keeps a customer out of low churn risk, as of the run that found it', async () => {
  const steady = await steadyCustomer();
  const number = await criticalComplaint(steady);
  const at1 = await signalsOn('2026-12-02');
  const card = await cardText(steady);
  expect(card).not.toContain('Low churn risk (as of');
  expect(card).toContain(
    `Not low churn risk because of complaint ${number} (open, or critical in the last 30 days), as of <!date^${at1}^`,
  );
  expect(card).toContain('|2026-12-02 09:00 GMT+8>');

  // The next day's run, the complaint still open: the date is the new run's, not a stale one.
  const at2 = await signalsOn('2026-12-03');
  const next = await cardText(steady);
  expect(next).toContain(`as of <!date^${at2}^`);
  expect(next).not.toContain(`<!date^${at1}^`);

  await app.setSettings((s) => ({ ...s, locale: 'zh-CN' }));
  expect(await cardText(steady)).toContain(
    `因投诉 ${number}（未结，或近 30 天内的特急投诉）不算流失风险低（<!date^${at2}^`,
  );
});

test('a customer not low for another reason is not told of a complaint', async () => {
  await app.setSettings(() => ({ agents: [AGENT], accountManagers: [OWNER] }));
  // No order last month: not low, complaint or not.
  const thin = await customerWithOrders(app, 'Thin Orders', ['2026-09-10']);
  await surveyed(app, thin, 5);
  await makeTicket(app, { customerCode: thin, type: 'complaint', title: 'Late again' });
  await signalsOn('2026-12-02');
  const card = await cardText(thin);
  expect(card).not.toContain('low churn risk');
  expect(card).not.toContain('Low churn risk');
});
