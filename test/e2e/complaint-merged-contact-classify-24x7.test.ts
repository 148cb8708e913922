// A complaint counted in business hours merged into one counted around the clock (Urgent, with
// Settings → hours counting urgent tickets around the clock) whose contact falls due later: the
// target takes the duplicate's due time, and a later Classify… of the target (its urgency raised)
// counts the duplicate's target on the duplicate's calendar, in business hours, not as clock hours,
// which put the contact due time before the Classify [revland-d F3].
import { expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { mergeFromCard as mergeCard } from '../helpers/complaints.js';
import { act, AGENT, makeCustomer, makeTicket } from '../helpers/factories.js';

const TRIAGE = 'C0TRIAGE01';
const MANAGER = 'U0MANAGER1';
const app = useTestApp({ env: { TRIAGE_CHANNEL_ID: TRIAGE }, now: '2026-11-24T02:00:00Z' });
const ticket = async (number: string) => (await app.db.models.tickets.findOne({ number }).lean())!;

test("a Classify… raising a 24x7 merge target's urgency counts the business-hours duplicate's contact target in business hours: never due before the Classify", async () => {
  app.clock.set('2026-09-01T02:00:00Z');
  await app.setSettings((s) => ({
    managers: [MANAGER],
    agents: [AGENT],
    sla: { ...s.sla, urgentAroundTheClock: true },
  }));
  app.clock.set('2026-11-24T02:00:00Z'); // Tue 10:00
  const { code } = await makeCustomer(app, { name: 'Acme', annualRevenue: 100_000 });
  const first = await makeTicket(app, {
    customerCode: code,
    type: 'complaint',
    complaintUrgency: 'general',
    title: 'Wrong parts',
  });
  app.clock.set('2026-11-25T09:00:00Z'); // Wed 17:00
  const second = await makeTicket(app, {
    customerCode: code,
    type: 'complaint',
    severity: 'urgent',
    complaintUrgency: 'general',
    title: 'Line down, wrong parts',
  });
  expect((await ticket(second.number)).sla.aroundTheClock).toBe(true);
  expect((await ticket(first.number)).sla.aroundTheClock).toBe(false);
  await act(app, first.number, { action: 'claim' }, AGENT);
  await act(app, second.number, { action: 'claim' }, AGENT);
  expect(await mergeCard(app, TRIAGE, first.number, second.number)).toBe('');
  const merged = (await ticket(second.number)).complaint!;
  // Thu 16:00 (24 business hours from Tue 10:00): the duplicate's, sooner than Thu 17:00.
  expect(merged.contactDueAt).toEqual(new Date('2026-11-26T08:00:00Z'));
  app.clock.advance(60_000);
  await act(
    app,
    second.number,
    { action: 'classify', type: 'complaint', severity: 'urgent', complaintUrgency: 'urgent' },
    MANAGER,
  );
  // Raised to urgent: 4 h around the clock from its receipt, Wed 21:00, the sooner of that and
  // the duplicate's Thu 16:00; never a time before the Classify (the duplicate's 24 business
  // hours counted as 24 clock hours: Wed 10:00).
  expect((await ticket(second.number)).complaint!.contactDueAt).toEqual(
    new Date('2026-11-25T13:00:00Z'),
  );
});
