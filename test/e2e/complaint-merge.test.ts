// "Merge into…" keeps a complaint a complaint: merged into a ticket that is not one, or into a
// complaint of lower urgency, it would lose its contact, root cause, figures or shorter targets
// (Classify… never makes a complaint another type), so the merge is refused on the modal's field,
// in the reader's language; merged the other way round, or into a complaint as urgent, it goes.
// A demand may go into another type (Classify… may make it one, its plan no longer owed). Through
// the real Bolt HTTP path: signed requests, the fake Slack, the test database.
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
const openContacts = async () =>
  (await app.db.models.tasks.find({ kind: 'complaint_contact', status: 'open' }).lean()).map(
    (t) => t.ticketNumber,
  );

async function twoTickets(
  first: { type: 'consultation' | 'complaint' | 'demand'; urgency?: 'general' | 'critical' },
  second: { type: 'complaint' | 'demand'; urgency?: 'general' | 'critical' },
) {
  app.clock.set('2026-09-01T02:00:00Z');
  await app.setSettings(() => ({ managers: [MANAGER], agents: [AGENT] }));
  app.clock.set('2026-11-24T02:00:00Z');
  const { code } = await makeCustomer(app, { name: 'Huadong' });
  const t1 = await makeTicket(app, {
    customerCode: code,
    type: first.type,
    ...(first.urgency ? { complaintUrgency: first.urgency } : {}),
    title: 'Line 3',
  });
  app.clock.advance(60_000);
  const t2 = await makeTicket(app, {
    customerCode: code,
    type: second.type,
    ...(second.urgency ? { complaintUrgency: second.urgency } : {}),
    title: 'Production stopped again, we want compensation',
  });
  await act(app, t1.number, { action: 'claim' }, AGENT);
  await act(app, t2.number, { action: 'claim' }, AGENT);
  return { t1: t1.number, t2: t2.number };
}

test('a complaint merged into a consultation is refused on the field (en, zh-CN); the consultation merged into the complaint goes', async () => {
  const { t1, t2 } = await twoTickets(
    { type: 'consultation' },
    { type: 'complaint', urgency: 'critical' },
  );

  expect(await mergeFromCard(t2, t1)).toEqual({
    response_action: 'errors',
    errors: {
      target: `${t2} is a complaint and ${t1} is not: merged into it, the complaint would no longer be followed as one (the customer contact, the root cause, the complaint figures). Merge ${t1} into ${t2} instead, or make ${t1} a complaint first (Classify…).`,
    },
  });
  await app.setSettings(() => ({ locale: 'zh-CN' }));
  expect(await mergeFromCard(t2, t1)).toEqual({
    response_action: 'errors',
    errors: {
      target: `${t2} 是投诉，${t1} 不是：合并后该投诉将不再按投诉跟进（联系客户、根本原因、投诉统计）。请改为将 ${t1} 合并到 ${t2}，或先将 ${t1} 分类为投诉（分类…）。`,
    },
  });
  // Nothing changed: the complaint is open, its contact still owed.
  expect((await ticket(t2)).mergedInto).toBeUndefined();
  expect(await openContacts()).toEqual([t2]);

  // The way the refusal offers: the consultation into the complaint.
  expect(await mergeFromCard(t1, t2)).toBe('');
  expect((await ticket(t1)).mergedInto).toBe(t2);
  expect(await openContacts()).toEqual([t2]);
});

test('a critical complaint merged into a general one is refused; a general one into a critical one goes', async () => {
  const { t1, t2 } = await twoTickets(
    { type: 'complaint', urgency: 'general' },
    { type: 'complaint', urgency: 'critical' },
  );
  expect(await mergeFromCard(t2, t1)).toEqual({
    response_action: 'errors',
    errors: {
      target: `${t2} is a critical complaint and ${t1} a general one: merged into it, the complaint would lose its shorter contact and resolution targets. Merge ${t1} into ${t2} instead, or raise ${t1}’s urgency first (Classify…).`,
    },
  });
  expect((await ticket(t2)).mergedInto).toBeUndefined();

  expect(await mergeFromCard(t1, t2)).toBe('');
  expect((await ticket(t1)).mergedInto).toBe(t2);
  // The critical complaint's contact is the one owed; the duplicate's is cancelled.
  expect(await openContacts()).toEqual([t2]);
});

test('a demand merged into a consultation goes (Classify… may make a demand another type)', async () => {
  const { t1, t2 } = await twoTickets({ type: 'consultation' }, { type: 'demand' });
  expect(await mergeFromCard(t2, t1)).toBe('');
  expect((await ticket(t2)).mergedInto).toBe(t1);
});
