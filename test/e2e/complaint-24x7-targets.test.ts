// A complaint's contact and resolution targets on a ticket counted around the clock: with 24x7 on
// for urgent tickets, a complaint whose severity is urgent counts them around the clock too, as
// every clock of the ticket (README, Complaints and Limits: one `sla.aroundTheClock` flag; the
// lead's decision on revsla F4, no model change). Without 24x7 they are business hours.
import { expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { makeCustomer, makeTicket } from '../helpers/factories.js';

// Tuesday 2026-11-24 10:00 in Shanghai; Mon-Fri 09:00-18:00 (9 h a day).
const app = useTestApp({ env: { TRIAGE_CHANNEL_ID: 'C0TRIAGE01' }, now: '2026-11-24T02:00:00Z' });

const lineDown = async () =>
  makeTicket(app, {
    customerCode: (await makeCustomer(app, { name: 'Acme', annualRevenue: 100_000 })).code,
    type: 'complaint',
    severity: 'urgent',
    complaintUrgency: 'general',
    title: 'Line down',
  });

test('24x7 on: a general-urgency complaint filed Urgent Tue 10:00 is contacted by Wed 10:00 (24 clock hours) and resolved by Fri 10:00 (72), its first response by 12:00', async () => {
  await app.setSettings((s) => ({ sla: { ...s.sla, urgentAroundTheClock: true } }));
  const t = await lineDown();
  expect(t.sla.aroundTheClock).toBe(true);
  expect(t.responseDueAt).toEqual(new Date('2026-11-24T04:00:00Z'));
  expect(t.complaint!.contactDueAt).toEqual(new Date('2026-11-25T02:00:00Z'));
  expect(t.resolutionDueAt).toEqual(new Date('2026-11-27T02:00:00Z'));
});

test('24x7 off: the same complaint is contacted by Thu 16:00 (24 business hours: Tue 8, Wed 9, Thu 7)', async () => {
  const t = await lineDown();
  expect(t.sla.aroundTheClock).toBe(false);
  expect(t.complaint!.contactDueAt).toEqual(new Date('2026-11-26T08:00:00Z'));
});
