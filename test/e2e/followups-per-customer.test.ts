// One customer, several tickets resolved the same week: one day-7 guide and one day-30 account
// check-in open at a time (domain 5: the day-30 call is the account manager's; domain 7: not
// over-contacting customers). A ticket resolved while the customer's guide or check-in is open
// plans none of its own: the open one names it. The per-ticket revisit (day 3) stays.
import { expect, test } from 'vitest';
import { tasksJob } from '../../jobs/tasks.js';
import { useTestApp } from '../helpers/app.js';
import { makeCustomer, OWNER } from '../helpers/factories.js';
import { runJobAt } from '../helpers/jobs.js';
import { resolvedTicketOf } from '../helpers/tasks.js';

const TRIAGE = 'C0TRIAGE01';
// Tuesday 2026-11-24 10:00 in Shanghai.
const app = useTestApp({ env: { TRIAGE_CHANNEL_ID: TRIAGE }, now: '2026-11-24T02:00:00Z' });

test('three tickets of one customer resolved the same day: three revisits, one guide and one check-in naming the other two tickets', async () => {
  const { code } = await makeCustomer(app, { annualRevenue: 600_000, lifecycle: 'active' });
  const numbers: string[] = [];
  for (let i = 0; i < 3; i++) numbers.push(await resolvedTicketOf(app, code, TRIAGE, 'important'));
  const open = async (kind: 'revisit' | 'guide' | 'checkin') =>
    app.db.models.tasks.find({ customerCode: code, kind, status: 'open' }).lean();
  expect(await open('revisit')).toHaveLength(3);
  expect((await open('guide')).map((t) => [t.ticketNumber, t.alsoTickets])).toEqual([
    [numbers[0], numbers.slice(1)],
  ]);
  expect((await open('checkin')).map((t) => [t.ticketNumber, t.alsoTickets])).toEqual([
    [numbers[0], numbers.slice(1)],
  ]);

  // The daily run's repair plans nothing more (two instances).
  await runJobAt(app, tasksJob, '2026-11-25T01:00:00Z', ['a', 'b']);
  expect(await open('guide')).toHaveLength(1);
  expect(await open('checkin')).toHaveLength(1);

  // Thursday 24 December, the check-in's day: the account manager's reminder names one check-in,
  // with the three tickets.
  await runJobAt(app, tasksJob, '2026-12-24T01:00:00Z');
  const dm = app.fake
    .postsTo(OWNER)
    .map((c) => JSON.stringify(c.args.blocks ?? c.args.text))
    .join('\n');
  expect(dm.match(/Account check-in/g) ?? []).toHaveLength(1);
  expect(dm).toContain(`(also ${numbers[1]}, ${numbers[2]})`);
});
