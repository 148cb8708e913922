// "Merge into…" keeps a complaint with its customer: merged into another customer's complaint, it
// would be closed as a duplicate, leave its customer's file (their complaint count, repeats, churn
// hold) and its contact would never be made. Refused on the modal's field, in the reader's
// language, nothing changed; a ticket of another type still goes into another customer's ticket
// (one outage reported by several customers). Through the real Bolt HTTP path: signed requests,
// the fake Slack, the test database.
import { expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { mergeFromCard as mergeCard } from '../helpers/complaints.js';
import { act, AGENT, makeCustomer, makeTicket } from '../helpers/factories.js';

const TRIAGE = 'C0TRIAGE01';
const MANAGER = 'U0MANAGER1';

// Tuesday 2026-11-24 10:00 in Shanghai.
const app = useTestApp({ env: { TRIAGE_CHANNEL_ID: TRIAGE }, now: '2026-11-24T02:00:00Z' });

const mergeFromCard = (number: string, into: string) => mergeCard(app, TRIAGE, number, into);

const ticket = async (number: string) => (await app.db.models.tickets.findOne({ number }).lean())!;

/** A ticket of `type` for each of two customers, both claimed by AGENT. */
async function ofTwoCustomers(type: 'complaint' | 'after_sales') {
  app.clock.set('2026-09-01T02:00:00Z');
  await app.setSettings(() => ({ managers: [MANAGER], agents: [AGENT] }));
  app.clock.set('2026-11-24T02:00:00Z');
  const a = await makeCustomer(app, { name: 'Huadong' });
  const b = await makeCustomer(app, { name: 'Xinyi' });
  const t1 = await makeTicket(app, {
    customerCode: a.code,
    type,
    ...(type === 'complaint' ? { complaintUrgency: 'general' as const } : {}),
    title: 'Wrong parts, we consider other suppliers',
  });
  app.clock.advance(60_000);
  const t2 = await makeTicket(app, {
    customerCode: b.code,
    type,
    ...(type === 'complaint' ? { complaintUrgency: 'general' as const } : {}),
    title: 'Late delivery',
  });
  await act(app, t1.number, { action: 'claim' }, AGENT);
  await act(app, t2.number, { action: 'claim' }, AGENT);
  return { t1: t1.number, t2: t2.number };
}

test("a complaint is not merged into another customer's complaint (en, zh-CN); its contact stays owed", async () => {
  const { t1, t2 } = await ofTwoCustomers('complaint');
  expect(await mergeFromCard(t1, t2)).toEqual({
    response_action: 'errors',
    errors: {
      target: `${t1} is a complaint and ${t2} is another customer’s ticket: merged into it, the complaint would leave its customer’s file and their contact would never be made. A complaint is merged only into a ticket of the same customer.`,
    },
  });
  await app.setSettings(() => ({ locale: 'zh-CN' }));
  expect(await mergeFromCard(t1, t2)).toEqual({
    response_action: 'errors',
    errors: {
      target: `${t1} 是投诉，${t2} 是其他客户的工单：合并后该投诉将不再计入其客户名下，也不会再联系该客户。投诉只能合并到同一客户的工单。`,
    },
  });
  const dup = await ticket(t1);
  const contact = await app.db.models.tasks
    .findOne({ kind: 'complaint_contact', ticketNumber: t1 })
    .lean();
  expect({ status: dup.status, mergedInto: dup.mergedInto, contact: contact?.status }).toEqual({
    status: 'assigned',
    mergedInto: undefined,
    contact: 'open',
  });
});

test("a ticket of another type still goes into another customer's ticket (one outage, several customers)", async () => {
  const { t1, t2 } = await ofTwoCustomers('after_sales');
  expect(await mergeFromCard(t1, t2)).toBe('');
  const dup = await ticket(t1);
  expect({ status: dup.status, mergedInto: dup.mergedInto }).toEqual({
    status: 'closed',
    mergedInto: t2,
  });
});
