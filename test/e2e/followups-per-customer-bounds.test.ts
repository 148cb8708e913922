// The customer's one open guide (check-in) covers a ticket resolved later (alsoTickets): once it
// is done, the daily repair plans the covered ticket none of its own (the customer was called
// about it); one overdue at the resolution is not joined (the ticket gets its own, with a due
// date someone will be reminded of).
import { expect, test } from 'vitest';
import { tasksJob } from '../../jobs/tasks.js';
import { useTestApp } from '../helpers/app.js';
import { submitLastModal } from '../helpers/clicks.js';
import { AGENT, makeCustomer } from '../helpers/factories.js';
import { runJobAt } from '../helpers/jobs.js';
import { resolvedTicketOf } from '../helpers/tasks.js';

const TRIAGE = 'C0TRIAGE01';
// Tuesday 2026-11-24 10:00 in Shanghai.
const app = useTestApp({ env: { TRIAGE_CHANNEL_ID: TRIAGE }, now: '2026-11-24T02:00:00Z' });

const guidesOf = async (code: string) =>
  (
    await app.db.models.tasks.find({ customerCode: code, kind: 'guide' }).sort({ _id: 1 }).lean()
  ).map((t) => [t.ticketNumber, t.status, t.dueDate, t.alsoTickets ?? []]);

test('the guide naming T2 is done: the next morning plans T2 no guide of its own (two instances)', async () => {
  const { code } = await makeCustomer(app, { annualRevenue: 600_000, lifecycle: 'active' });
  const t1 = await resolvedTicketOf(app, code, TRIAGE, 'important'); // guide due Tue 1 Dec
  app.clock.set('2026-11-30T02:00:00Z'); // Mon 30 Nov
  const t2 = await resolvedTicketOf(app, code, TRIAGE, 'important');
  // Tue 1 Dec: the guide call is made, covering both.
  app.clock.set('2026-12-01T02:00:00Z');
  const guide = (await app.db.models.tasks.findOne({ customerCode: code, kind: 'guide' }).lean())!;
  await app.slack.blockAction(
    { action_id: 'task_done_open', value: String(guide._id) },
    { userId: AGENT },
  );
  await submitLastModal(app, { type: 'call', summary: 'Walked them through both fixes' }, AGENT);
  // Wed 2 Dec: the daily run's repair, on two instances.
  await runJobAt(app, tasksJob, '2026-12-02T01:00:00Z', ['a', 'b']);
  expect(await guidesOf(code)).toEqual([[t1, 'done', '2026-12-01', [t2]]]);
});

test('a guide overdue when another ticket is resolved is not joined: that ticket gets its own', async () => {
  app.clock.set('2026-11-24T02:00:00Z');
  const { code } = await makeCustomer(app, { annualRevenue: 600_000, lifecycle: 'active' });
  const t1 = await resolvedTicketOf(app, code, TRIAGE, 'important'); // guide due Tue 1 Dec, never done
  app.clock.set('2026-12-10T02:00:00Z'); // Thu 10 Dec
  const t2 = await resolvedTicketOf(app, code, TRIAGE, 'important');
  expect(await guidesOf(code)).toEqual([
    [t1, 'open', '2026-12-01', []],
    [t2, 'open', '2026-12-17', []],
  ]);
  // The next ticket joins the one not overdue, and the repair plans nothing more.
  app.clock.set('2026-12-11T02:00:00Z');
  const t3 = await resolvedTicketOf(app, code, TRIAGE, 'important');
  await runJobAt(app, tasksJob, '2026-12-12T01:00:00Z');
  expect(await guidesOf(code)).toEqual([
    [t1, 'open', '2026-12-01', []],
    [t2, 'open', '2026-12-17', [t3]],
  ]);
});
