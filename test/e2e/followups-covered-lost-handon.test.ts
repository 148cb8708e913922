// A reopen cancels the guide and check-in that covered the customer's other tickets, then hands
// them on; the app stopping between the two (or the hand-on failing) left the covered tickets
// with none for good, the daily repair reading only open tasks (revwave F2). The repair now hands
// on for those a reopen or merge cancelled lately, once.
import { expect, test } from 'vitest';
import { tasksJob } from '../../jobs/tasks.js';
import { useTestApp } from '../helpers/app.js';
import { makeCustomer } from '../helpers/factories.js';
import { runJobAt } from '../helpers/jobs.js';
import { resolvedTicketOf } from '../helpers/tasks.js';

const TRIAGE = 'C0TRIAGE01';
// Tuesday 2026-11-24 10:00 in Shanghai.
const app = useTestApp({ env: { TRIAGE_CHANNEL_ID: TRIAGE }, now: '2026-11-24T02:00:00Z' });

test('a reopen whose hand-on was lost (the cancel written, the app stopped): the daily repair gives the covered tickets their guide and check-in, once, and not again once done', async () => {
  const { code } = await makeCustomer(app, { annualRevenue: 600_000, lifecycle: 'active' });
  const numbers: string[] = [];
  for (let i = 0; i < 3; i++) numbers.push(await resolvedTicketOf(app, code, TRIAGE, 'important'));
  const open = async (kind: 'guide' | 'checkin') =>
    (await app.db.models.tasks.find({ customerCode: code, kind, status: 'open' }).lean()).map(
      (t) => ({ ticket: t.ticketNumber, also: t.alsoTickets ?? [], due: t.dueDate }),
    );
  const [guide] = await open('guide');
  const [checkin] = await open('checkin');
  expect(guide).toMatchObject({ ticket: numbers[0], also: numbers.slice(1) });
  expect(checkin).toMatchObject({ ticket: numbers[0], also: numbers.slice(1) });

  // Three days on (past the repair's re-plan of recent resolutions), T1 reopened as the reopen
  // saves it and its follow-ups cancelled, the hand-on lost.
  const reopenedAt = new Date('2026-11-27T02:00:00Z');
  await app.db.models.tickets.updateOne(
    { number: numbers[0] },
    { $set: { status: 'assigned', 'metrics.reopenCount': 1 }, $unset: { resolvedAt: 1 } },
  );
  await app.db.models.tasks.updateMany(
    { customerCode: code, ticketNumber: numbers[0], status: 'open' },
    { $set: { status: 'cancelled', cancelledAt: reopenedAt, cancelReason: 'reopened' } },
  );
  expect(await open('guide')).toEqual([]);
  expect(await open('checkin')).toEqual([]);

  // The next daily run (two instances): T2 gets each, due the same day, naming T3.
  await runJobAt(app, tasksJob, '2026-11-28T01:00:00Z', ['a', 'b']);
  expect(await open('guide')).toEqual([
    { ticket: numbers[1], also: [numbers[2]], due: guide!.due },
  ]);
  expect(await open('checkin')).toEqual([
    { ticket: numbers[1], also: [numbers[2]], due: checkin!.due },
  ]);

  // The guide made early; the next day's run (still in the repair's days) plans none for T3.
  await app.db.models.tasks.updateOne(
    { customerCode: code, kind: 'guide', status: 'open' },
    { $set: { status: 'done', doneAt: new Date('2026-11-28T03:00:00Z') } },
  );
  await runJobAt(app, tasksJob, '2026-11-29T01:00:00Z', ['a', 'b']);
  expect(await open('guide')).toEqual([]);
  expect(await open('checkin')).toHaveLength(1);
});
