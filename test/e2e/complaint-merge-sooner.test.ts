// A complaint merged into a complaint of the same urgency received later keeps its sooner
// contact and resolution due times there (complaint F1): the target's contact step falls due when
// the duplicate's did, its contact task moves with it, and the missed contact is alerted then,
// not a day later. Through the real Bolt HTTP path: signed requests, the fake Slack, the test
// database, the SLA sweep at an injected now.
import { expect, test } from 'vitest';
import { slaAlertsJob } from '../../jobs/sla-alerts.js';
import { useTestApp } from '../helpers/app.js';
import { mergeFromCard as mergeCard } from '../helpers/complaints.js';
import { act, AGENT, makeCustomer, makeTicket, OWNER } from '../helpers/factories.js';
import { runJobAt } from '../helpers/jobs.js';

const TRIAGE = 'C0TRIAGE01';
const MANAGER = 'U0MANAGER1';

// Tuesday 2026-11-24 10:00 in Shanghai.
const app = useTestApp({ env: { TRIAGE_CHANNEL_ID: TRIAGE }, now: '2026-11-24T02:00:00Z' });

const mergeFromCard = (number: string, into: string) => mergeCard(app, TRIAGE, number, into);

const ticket = async (number: string) => (await app.db.models.tickets.findOne({ number }).lean())!;
const contactTask = async (number: string) =>
  (await app.db.models.tasks
    .findOne({ kind: 'complaint_contact', status: 'open', ticketNumber: number })
    .lean())!;

test('a complaint merged into a later complaint of the same urgency keeps its sooner contact and resolution due times there, and its alert', async () => {
  app.clock.set('2026-09-01T02:00:00Z');
  await app.setSettings(() => ({ managers: [MANAGER], agents: [AGENT] }));
  app.clock.set('2026-11-24T02:00:00Z'); // Tuesday 10:00
  const { code } = await makeCustomer(app, { name: 'Huadong' });
  const first = await makeTicket(app, {
    customerCode: code,
    type: 'complaint',
    complaintUrgency: 'general',
    title: 'Wrong parts delivered',
  });
  app.clock.set('2026-11-25T01:30:00Z'); // Wednesday 09:30: the same complaint, from someone else
  const second = await makeTicket(app, {
    customerCode: code,
    type: 'complaint',
    complaintUrgency: 'general',
    title: 'Delivery had the wrong parts',
  });
  await act(app, first.number, { action: 'claim' }, AGENT);
  await act(app, second.number, { action: 'claim' }, AGENT);
  const dup = (await ticket(first.number)).complaint!;
  const own = (await ticket(second.number)).complaint!;
  expect(dup.contactDueAt.getTime()).toBeLessThan(own.contactDueAt.getTime());
  expect(dup.resolutionDueAt.getTime()).toBeLessThan(own.resolutionDueAt.getTime());

  expect(await mergeFromCard(first.number, second.number)).toBe('');
  const merged = (await ticket(second.number)).complaint!;
  // The target is followed from now on: owed as soon as the duplicate was.
  expect(merged.contactDueAt).toEqual(dup.contactDueAt);
  expect(merged.resolutionDueAt).toEqual(dup.resolutionDueAt);
  expect(merged.urgency).toBe('general');
  // Its contact task (the account manager's) is due then too.
  expect((await contactTask(second.number)).dueAt).toEqual(dup.contactDueAt);
  expect((await contactTask(second.number)).assigneeId).toBe(OWNER);

  // The missed contact is alerted just after the duplicate's due time, on the target.
  app.fake.reset();
  await runJobAt(app, slaAlertsJob, new Date(dup.contactDueAt.getTime() + 60_000).toISOString());
  const toManager = JSON.stringify(app.fake.postsTo(MANAGER));
  expect(toManager).toContain(second.number);
  expect(toManager).toContain('has not contacted the customer by the complaint target');
});
