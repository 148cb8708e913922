// A low score's follow-up (a revisit call's, a quarterly survey's) is due the next working day of
// the workspace's calendar, as every other planned task: never a Saturday or a holiday, so the
// managers' overdue list does not name its owner late for days nobody works.
import { expect, test } from 'vitest';
import { tasksJob } from '../../jobs/tasks.js';
import { useTestApp } from '../helpers/app.js';
import { submitLastModal } from '../helpers/clicks.js';
import { AGENT, makeCustomer, OWNER } from '../helpers/factories.js';
import { runJobAt } from '../helpers/jobs.js';
import { resolvedTicketOf } from '../helpers/tasks.js';

const TRIAGE = 'C0TRIAGE01';
const MANAGER = 'U0MANAGER1';
// Shanghai; business days Mon-Fri. Tuesday 2026-11-24 10:00.
const app = useTestApp({ env: { TRIAGE_CHANNEL_ID: TRIAGE }, now: '2026-11-24T02:00:00Z' });

const managersDms = () => app.fake.postsTo(MANAGER).map((c) => String(c.args.text));

test("a revisit's low score on Friday afternoon: the follow-up is due Monday, not late on Monday", async () => {
  await app.setSettings(() => ({ managers: [MANAGER] }));
  const { code } = await makeCustomer(app, { annualRevenue: 600_000 });
  await resolvedTicketOf(app, code, TRIAGE, 'important');
  await runJobAt(app, tasksJob, '2026-11-27T01:00:00Z');
  const revisit = String((await app.db.models.tasks.findOne({ kind: 'revisit' }).lean())!._id);

  // Friday 27 November, 16:00: the revisit call, satisfaction 1.
  app.clock.set('2026-11-27T08:00:00Z');
  await app.slack.blockAction({ action_id: 'task_done_open', value: revisit }, { userId: AGENT });
  await submitLastModal(app, { solved: 'yes', satisfaction: '1', feedback: 'Slow' }, AGENT);
  const recovery = (await app.db.models.tasks.findOne({ kind: 'recovery' }).lean())!;
  expect(recovery.dueDate).toBe('2026-11-30');
  // The confirmation says that day.
  expect(String(app.fake.callsTo('response_url').at(-1)!.args.text)).toContain('2026-11-30');

  // Monday 30 November, 09:00: due today, so in no overdue list.
  app.fake.reset();
  await runJobAt(app, tasksJob, '2026-11-30T01:00:00Z');
  expect(managersDms().join('\n')).not.toContain('Low-score');
});

test("a quarterly survey's low score on the eve of a holiday: the follow-up is due on the first working day after it", async () => {
  await app.setSettings(({ businessHours }) => ({
    managers: [MANAGER],
    businessHours: { ...businessHours, holidays: ['2027-01-01'] },
  }));
  const key = await makeCustomer(app, {
    name: 'Key Co',
    annualRevenue: 600_000,
    lifecycle: 'active',
    contact: { name: 'Li Lei', optOuts: [] },
  });
  app.clock.set('2026-12-17T02:00:00Z');
  await runJobAt(app, tasksJob, '2026-12-17T01:00:00Z');
  const survey = String((await app.db.models.tasks.findOne({ kind: 'survey' }).lean())!._id);

  // Thursday 31 December, 15:00: Friday 1 January is a holiday, then the weekend.
  app.clock.set('2026-12-31T07:00:00Z');
  app.fake.reset();
  await app.slack.blockAction({ action_id: 'task_done_open', value: survey }, { userId: OWNER });
  const contact = (await app.db.models.customers.findById(key.id).lean())!.contacts[0]!.key;
  await submitLastModal(app, { type: 'call', contact, satisfaction: '2', nps: '5' }, OWNER);
  const recovery = (await app.db.models.tasks.findOne({ kind: 'recovery' }).lean())!;
  expect(recovery.dueDate).toBe('2027-01-04');
  expect(managersDms().join('\n')).toContain('due 2027-01-04');
});
