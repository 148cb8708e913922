// A customer's one open guide and check-in cover its other tickets resolved meanwhile ("(also
// T…)"). Reopening the ticket they were planned for cancels them; the tickets they covered, still
// resolved, are not left without a day-7 guide and a day-30 check-in (taskfix F3): the first of
// them gets each, due the same day, naming the rest.
import { expect, test } from 'vitest';
import { tasksJob } from '../../jobs/tasks.js';
import { useTestApp } from '../helpers/app.js';
import { AGENT } from '../helpers/factories.js';
import { runJobAt } from '../helpers/jobs.js';
import { threeResolved } from '../helpers/tasks.js';

const TRIAGE = 'C0TRIAGE01';
// Tuesday 2026-11-24 10:00 in Shanghai.
const app = useTestApp({ env: { TRIAGE_CHANNEL_ID: TRIAGE }, now: '2026-11-24T02:00:00Z' });

const reopen = (number: string) =>
  app.slack.blockAction(
    { action_id: 'ticket_reopen', value: number, block_id: 'ticket_actions' },
    { userId: AGENT, channelId: TRIAGE },
  );

test('the first ticket reopened: the second gets the guide and the check-in, due the same days, naming the third; reopened too, the third gets them', async () => {
  const { numbers, open, due } = await threeResolved(app, TRIAGE);
  await reopen(numbers[0]!);
  expect(await open('guide')).toEqual([{ ticket: numbers[1], also: [numbers[2]], due: due.guide }]);
  expect(await open('checkin')).toEqual([
    { ticket: numbers[1], also: [numbers[2]], due: due.checkin },
  ]);

  // The daily run's repair (two instances) plans nothing more.
  await runJobAt(app, tasksJob, '2026-11-25T01:00:00Z', ['a', 'b']);
  expect(await open('guide')).toHaveLength(1);
  expect(await open('checkin')).toHaveLength(1);

  await reopen(numbers[1]!);
  expect(await open('guide')).toEqual([{ ticket: numbers[2], also: [], due: due.guide }]);
  expect(await open('checkin')).toEqual([{ ticket: numbers[2], also: [], due: due.checkin }]);
});

test('a reopen whose cancel was lost (the app stopped after saving it): the daily repair cancels the guide and check-in and hands them on too', async () => {
  const { numbers, open, due } = await threeResolved(app, TRIAGE);
  // T1 reopened as the reopen saves it, its follow-ups not yet cancelled.
  await app.db.models.tickets.updateOne(
    { number: numbers[0] },
    { $set: { status: 'assigned', 'metrics.reopenCount': 1 }, $unset: { resolvedAt: 1 } },
  );
  await runJobAt(app, tasksJob, '2026-11-25T01:00:00Z', ['a', 'b']);
  expect(await open('guide')).toEqual([{ ticket: numbers[1], also: [numbers[2]], due: due.guide }]);
  expect(await open('checkin')).toEqual([
    { ticket: numbers[1], also: [numbers[2]], due: due.checkin },
  ]);
});
