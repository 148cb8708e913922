// A complaint's contact task left open once its complaint records the contact (a merge carried
// the duplicate's contact to it, and the merge's cancel of the task failed) is cancelled by the
// next daily tasks run, once, however many instances run it: its holder is not reminded of a
// contact already made, and a click on it says the customer was contacted meanwhile. Through the
// real Bolt HTTP path: signed requests, the fake Slack, the test database.
import { expect, test } from 'vitest';
import { tasksJob } from '../../jobs/tasks.js';
import { useTestApp } from '../helpers/app.js';
import { mergeFromCard } from '../helpers/complaints.js';
import { act, AGENT, makeCustomer, makeTicket, OWNER } from '../helpers/factories.js';
import { failCalls } from '../helpers/faults.js';
import { runJobAt } from '../helpers/jobs.js';

const TRIAGE = 'C0TRIAGE01';

// Tuesday 2026-11-24 10:00 in Shanghai.
const app = useTestApp({ env: { TRIAGE_CHANNEL_ID: TRIAGE }, now: '2026-11-24T02:00:00Z' });

test('a complaint contact task left open after its contact was carried by a merge is cancelled by the daily run, once, and not reminded', async () => {
  await app.setSettings(() => ({ agents: [AGENT] }));
  const { code } = await makeCustomer(app, { name: 'Huadong' });
  const complaint = (title: string) =>
    makeTicket(app, { customerCode: code, type: 'complaint', complaintUrgency: 'general', title });
  const t1 = (await complaint('Wrong parts delivered')).number;
  app.clock.advance(60_000);
  const t2 = (await complaint('Wrong parts again, we want compensation')).number;
  await act(app, t1, { action: 'claim' }, AGENT);
  await act(app, t2, { action: 'claim' }, AGENT);
  app.clock.advance(30 * 60_000);
  await act(
    app,
    t1,
    { action: 'contact', at: app.clock.now(), via: 'call', summary: 'Called' },
    OWNER,
  );

  // The merge carries the contact, but its cancel of the target's contact task fails.
  const restore = failCalls(app.desk.services.tasks, 'cancelContactMade');
  try {
    expect(await mergeFromCard(app, TRIAGE, t1, t2)).toBe('');
  } finally {
    restore();
  }
  const contactTask = () =>
    app.db.models.tasks.findOne({ kind: 'complaint_contact', ticketNumber: t2 }).lean();
  expect((await ticket(t2)).complaint!.contactedAt).toBeDefined();
  expect((await contactTask())?.status).toBe('open');

  // The morning of its due day, the run on two instances: cancelled once, as contacted; its
  // holder's reminders do not list it.
  await runJobAt(app, tasksJob, '2026-11-26T01:00:00Z', ['a', 'b']);
  const task = (await contactTask())!;
  expect([task.status, task.cancelReason]).toEqual(['cancelled', 'contacted']);
  // (runJobAt clears the fake's record first: these are the run's.)
  const reminded = app.fake.textsTo(OWNER).filter((text) => text.includes('Complaint contact'));
  expect(reminded).toEqual([]);
});

const ticket = async (number: string) => (await app.db.models.tickets.findOne({ number }).lean())!;
