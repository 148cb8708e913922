// A complaint received twice (two people of the customer) and merged as a duplicate is one
// complaint of the customer: the customer file counts it once, and the customer's next complaint
// is a repeat of the one followed, not of the duplicate merged into it.
import { expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { act, AGENT, makeCustomer, makeTicket, OWNER } from '../helpers/factories.js';

const TRIAGE = 'C0TRIAGE01';
const MANAGER = 'U0MANAGER1';

const app = useTestApp({ env: { TRIAGE_CHANNEL_ID: TRIAGE }, now: '2026-11-24T02:00:00Z' });

test('a merged duplicate complaint is not counted on the customer file nor named as an earlier complaint', async () => {
  await app.setSettings(() => ({ managers: [MANAGER], agents: [AGENT] }));
  const { code } = await makeCustomer(app, { name: 'Huadong' });
  const t1 = await makeTicket(app, {
    customerCode: code,
    type: 'complaint',
    complaintUrgency: 'general',
    title: 'Wrong parts delivered',
  });
  app.clock.advance(60_000);
  const t2 = await makeTicket(app, {
    customerCode: code,
    type: 'complaint',
    complaintUrgency: 'general',
    title: 'Wrong parts delivered (same)',
  });
  await act(app, t2.number, { action: 'claim' }, AGENT);
  await act(app, t2.number, { action: 'merge', into: t1.number }, AGENT);

  const res = await app.slack.command('/customer', code, { userId: OWNER });
  const card = JSON.stringify(res.body.blocks);
  expect(card).toContain('Complaints in the last 12 months: 1');

  // A new complaint two weeks on: a repeat of T1, not of the duplicate merged into it.
  app.clock.set('2026-12-08T02:00:00Z');
  const t3 = await makeTicket(app, {
    customerCode: code,
    type: 'complaint',
    complaintUrgency: 'general',
    title: 'Late again',
  });
  const doc = (await app.db.models.tickets.findOne({ number: t3.number }).lean())!;
  expect(doc.complaint!.repeatOf).toEqual([t1.number]);
});
