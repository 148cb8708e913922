// A customer's one open guide and check-in cover its other tickets resolved meanwhile ("(also
// T…)"). Merged into another ticket, the ticket they were planned for takes them with it
// (cancelled as merged); the tickets they covered, still resolved, are not left without a day-7
// guide and a day-30 check-in (smallfix 2): the first of them gets each, due the same day, naming
// the rest, as after a reopen. And a covered ticket that had its own already is passed over
// (smallfix 3): the next one gets it.
import { expect, test } from 'vitest';
import { tasksJob } from '../../jobs/tasks.js';
import { useTestApp } from '../helpers/app.js';
import { submitLastModal } from '../helpers/clicks.js';
import { AGENT, ctxOf, makeTicket } from '../helpers/factories.js';
import { runJobAt } from '../helpers/jobs.js';
import { threeResolved } from '../helpers/tasks.js';

const TRIAGE = 'C0TRIAGE01';
// Tuesday 2026-11-24 10:00 in Shanghai.
const app = useTestApp({ env: { TRIAGE_CHANNEL_ID: TRIAGE }, now: '2026-11-24T02:00:00Z' });

/**
 * T1 reopened as the reopen saves it, its follow-ups not yet cancelled (the app stopped after
 * saving it): the one way a ticket that may be merged (open) still has a guide and a check-in.
 */
const reopenedCancelLost = (number: string) =>
  app.db.models.tickets.updateOne(
    { number },
    { $set: { status: 'assigned', 'metrics.reopenCount': 1 }, $unset: { resolvedAt: 1 } },
  );

/** T1's guide and check-in: cancelled as merged. */
async function cancelledAsMerged(code: string, number: string) {
  const t1 = (
    await app.db.models.tasks.find({ customerCode: code, ticketNumber: number }).lean()
  ).filter((t) => t.kind === 'guide' || t.kind === 'checkin');
  expect(t1.map((t) => [t.kind, t.status, t.cancelReason]).sort()).toEqual([
    ['checkin', 'cancelled', 'merged'],
    ['guide', 'cancelled', 'merged'],
  ]);
}

test('T1 merged from its card into another ticket: T2 gets the guide and the check-in, due the same days, naming T3; the daily run plans nothing more', async () => {
  const { code, numbers, open, due } = await threeResolved(app, TRIAGE);
  await reopenedCancelLost(numbers[0]!);
  const target = await makeTicket(app, { customerCode: code, type: 'after_sales' });

  await app.slack.blockAction(
    { action_id: 'ticket_merge_open', value: numbers[0], block_id: 'ticket_actions' },
    { userId: AGENT, channelId: TRIAGE },
  );
  await submitLastModal(app, { target: target.number }, AGENT);
  expect((await app.db.models.tickets.findOne({ number: numbers[0] }).lean())!.mergedInto).toBe(
    target.number,
  );
  await cancelledAsMerged(code, numbers[0]!);
  expect(await open('guide')).toEqual([{ ticket: numbers[1], also: [numbers[2]], due: due.guide }]);
  expect(await open('checkin')).toEqual([
    { ticket: numbers[1], also: [numbers[2]], due: due.checkin },
  ]);

  // The daily run's repair (two instances) plans nothing more.
  await runJobAt(app, tasksJob, '2026-11-25T01:00:00Z', ['a', 'b']);
  expect(await open('guide')).toHaveLength(1);
  expect(await open('checkin')).toHaveLength(1);
});

test('a merge whose cancel was lost too (the app stopped after closing T1): the daily repair cancels them as merged and hands them on', async () => {
  const { code, numbers, open, due } = await threeResolved(app, TRIAGE);
  await reopenedCancelLost(numbers[0]!);
  const target = await makeTicket(app, { customerCode: code, type: 'after_sales' });
  // The merge's first write alone.
  await app.desk.services.tickets.act(await ctxOf(app, AGENT), numbers[0]!, {
    action: 'merge',
    into: target.number,
  });
  expect(await open('guide')).toEqual([
    { ticket: numbers[0], also: numbers.slice(1), due: due.guide },
  ]);

  await runJobAt(app, tasksJob, '2026-11-25T01:00:00Z', ['a', 'b']);
  await cancelledAsMerged(code, numbers[0]!);
  expect(await open('guide')).toEqual([{ ticket: numbers[1], also: [numbers[2]], due: due.guide }]);
  expect(await open('checkin')).toEqual([
    { ticket: numbers[1], also: [numbers[2]], due: due.checkin },
  ]);
});

test('the first covered ticket had its own guide already (done): T1 reopened, the guide goes to T3, not named on it; the check-in to T2 as before', async () => {
  const { numbers, open, due } = await threeResolved(app, TRIAGE);
  // T2's own day-7 guide of this resolution, done (planned and called before it was covered).
  const t1Guide = (await app.db.models.tasks
    .findOne({ ticketNumber: numbers[0], kind: 'guide' })
    .lean())!;
  const t2 = (await app.db.models.tickets.findOne({ number: numbers[1] }).lean())!;
  const { _id, alsoTickets, ...rest } = t1Guide as Record<string, unknown>;
  void _id;
  void alsoTickets;
  await app.db.models.tasks.create({
    ...rest,
    _id: `${t2.teamId}:followup:${numbers[1]}:0:7`,
    ticketId: String(t2._id),
    ticketNumber: numbers[1],
    status: 'done',
    doneAt: new Date('2026-11-24T02:00:00Z'),
    doneBy: AGENT,
  });

  await app.slack.blockAction(
    { action_id: 'ticket_reopen', value: numbers[0], block_id: 'ticket_actions' },
    { userId: AGENT, channelId: TRIAGE },
  );
  expect(await open('guide')).toEqual([{ ticket: numbers[2], also: [], due: due.guide }]);
  expect(await open('checkin')).toEqual([
    { ticket: numbers[1], also: [numbers[2]], due: due.checkin },
  ]);
});
