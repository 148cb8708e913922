// A customer erased whole (PIPL: `/desk privacy erase C…`) is contacted no more: the daily tasks
// run plans no care contact, survey or review for it, cancels what the desk planned (its 3-7-30
// follow-ups too) with the reason `erased`, and reminds nobody of them.
import { expect, test } from 'vitest';
import { tasksJob } from '../../jobs/tasks.js';
import { useTestApp } from '../helpers/app.js';
import { ctxOf, OWNER } from '../helpers/factories.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { runJobAt } from '../helpers/jobs.js';
import { keyCustomerLastContacted, resolvedTicketOf } from '../helpers/tasks.js';

const ADMIN = 'U0ADMIN001';
const TRIAGE = 'C0TRIAGE01';
// Tuesday 2026-11-24 10:00 in Shanghai; the tasks run daily at 09:00 (01:00Z).
const app = useTestApp({
  env: { ADMIN_USER_IDS: ADMIN, TRIAGE_CHANNEL_ID: TRIAGE },
  now: '2026-11-24T02:00:00Z',
});

test('an erased key customer gets no care contact planned, its follow-ups are cancelled, nobody is reminded', async () => {
  // Last contacted four weeks ago: a care contact is owed.
  const { code } = await keyCustomerLastContacted(app, '2026-10-28T02:00:00Z', {
    contact: { name: 'Wang Fang' },
  });
  await resolvedTicketOf(app, code, TRIAGE, 'important');
  const followUps = await app.db.models.tasks.find({ teamId: FAKE_TEAM_ID, status: 'open' }).lean();
  expect(followUps.map((t) => t.kind)).toEqual(['revisit', 'guide', 'checkin']);

  await app.desk.services.dataSubjects.erase(await ctxOf(app, ADMIN), code);
  const before = app.fake.postsTo(OWNER).length;
  const [run] = await runJobAt(app, tasksJob, '2026-11-25T01:00:00Z');
  expect(run!.counts).toMatchObject({ careCreated: 0, reminded: 0 });
  const tasks = await app.db.models.tasks.find({ teamId: FAKE_TEAM_ID }).lean();
  expect(tasks.filter((t) => t.status === 'open')).toEqual([]);
  expect(tasks.map((t) => [t.kind, t.status, t.cancelReason])).toEqual([
    ['revisit', 'cancelled', 'erased'],
    ['guide', 'cancelled', 'erased'],
    ['checkin', 'cancelled', 'erased'],
  ]);
  expect(
    app.fake
      .postsTo(OWNER)
      .slice(before)
      .map((m) => m.args.text),
  ).toEqual([]);
});
