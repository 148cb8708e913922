// Domain 5 (manual E): a weekly progress note to customers with running projects, every
// Wednesday. A file's "Project running until" date (Edit, the CSV column) makes the daily tasks
// run plan one Progress note a week for the customer's owner, due on Wednesday (the working day
// before it when that is a holiday), planned when its early reminder is owed (the Friday before),
// once however many runs or instances; none once the project ended, the customer churned or
// every contact opted out of 回访, and those open then are cancelled, with why.
import { expect, test } from 'vitest';
import { tasksJob } from '../../jobs/tasks.js';
import { useTestApp } from '../helpers/app.js';
import { submitLastModal } from '../helpers/clicks.js';
import { ctxOf, makeCustomer, OWNER } from '../helpers/factories.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { runJobAt } from '../helpers/jobs.js';
import { taskSteps } from '../helpers/tasks.js';

// Monday 2026-11-23 10:00 in Shanghai, the workspace's zone.
const app = useTestApp({ now: '2026-11-23T02:00:00Z' });
const { deliverAll } = taskSteps(app);

const notesOf = async (code: string) =>
  (
    await app.db.models.tasks
      .find({ teamId: FAKE_TEAM_ID, customerCode: code, kind: 'progress' })
      .sort({ dueDate: 1 })
      .lean()
  ).map((t) => [t.dueDate, t.status, t.cancelReason]);

/** The owner's DMs naming a progress note. */
const noteDms = () =>
  app.fake
    .postsTo(OWNER)
    .map((c) => JSON.stringify(c.args.blocks))
    .filter((b) => b.includes('Progress note'));

/** A buying customer; its project's last day set through the card's Edit modal, as the owner. */
async function withProject(until: string, optOuts: string[] = []) {
  const { code } = await makeCustomer(app, {
    name: `Project Co ${until}${optOuts.join('')}`,
    lifecycle: 'active',
    contact: { name: '王芳', optOuts },
  });
  await app.slack.blockAction(
    { action_id: 'customer_edit_open', value: code, block_id: 'customer_actions' },
    { userId: OWNER },
  );
  const edit = app.fake.calls
    .filter((c) => ['views.open', 'views.update'].includes(c.method))
    .at(-1)!.args.view as Record<string, unknown>;
  expect(JSON.stringify(edit)).toContain('Project running until');
  const res = await app.slack.submitView(edit, { project_until: until }, { userId: OWNER });
  expect(res.body).toBe('');
  return code;
}

test("a running project's note is due on Wednesday, once a week, planned the Friday before; the card says until when", async () => {
  const code = await withProject('2026-12-31');
  const card = JSON.stringify(
    (await app.slack.command('/customer', code, { userId: OWNER })).body.blocks,
  );
  expect(card).toContain('Project running until');
  // Monday's run, on two instances: this week's note, due Wednesday, reminded at once.
  await runJobAt(app, tasksJob, '2026-11-23T01:00:00Z', ['a', 'b']);
  expect(await notesOf(code)).toEqual([['2026-11-25', 'open', undefined]]);
  expect(noteDms()).toHaveLength(1);
  const [note] = await app.db.models.tasks.find({ kind: 'progress', customerCode: code }).lean();
  expect(note).toMatchObject({ assigneeId: OWNER });
  expect(note!.content).toBe(
    "Send this week's progress note on the customer's running project (every Wednesday; the project runs until 2026-12-31).",
  );
  // Tuesday and Thursday: nothing new. Friday: next week's, due Wednesday 2 December.
  await runJobAt(app, tasksJob, '2026-11-24T01:00:00Z');
  await runJobAt(app, tasksJob, '2026-11-26T01:00:00Z');
  expect(await notesOf(code)).toHaveLength(1);
  await runJobAt(app, tasksJob, '2026-11-27T01:00:00Z');
  expect(await notesOf(code)).toEqual([
    ['2026-11-25', 'open', undefined],
    ['2026-12-02', 'open', undefined],
  ]);
});

test('a Wednesday holiday moves the note to the working day before it', async () => {
  await app.setSettings((s) => ({
    businessHours: { ...s.businessHours, holidays: ['2026-12-02'] },
  }));
  const code = await withProject('2026-12-31');
  // Friday 27 November plans next week's: due Tuesday 1 December.
  await runJobAt(app, tasksJob, '2026-11-27T01:00:00Z');
  expect(await notesOf(code)).toEqual([['2026-12-01', 'open', undefined]]);
});

test('no note once the project has ended, and the open one is cancelled when the project ends early', async () => {
  // The project ends on Monday 30 November: no note for Wednesday 2 December.
  const ended = await withProject('2026-11-30');
  // This one is closed early, on Tuesday 24 November (the day after its note was planned).
  const early = await withProject('2026-12-31');
  await runJobAt(app, tasksJob, '2026-11-23T01:00:00Z');
  expect(await notesOf(early)).toEqual([['2026-11-25', 'open', undefined]]);
  app.clock.set('2026-11-24T01:30:00Z');
  await app.desk.services.customers.update(await ctxOf(app, OWNER), early, {
    projectUntil: '2026-11-24',
  });
  await runJobAt(app, tasksJob, '2026-11-24T01:45:00Z');
  expect(await notesOf(early)).toEqual([['2026-11-25', 'cancelled', 'project_ended']]);
  await runJobAt(app, tasksJob, '2026-11-27T01:00:00Z');
  expect(await notesOf(ended)).toEqual([['2026-11-25', 'open', undefined]]);
});

test('none for a customer whose contacts opted out of 回访, and a churn cancels the open note', async () => {
  const optedOut = await withProject('2026-12-31', ['不要回访']);
  const churning = await withProject('2026-12-31');
  await runJobAt(app, tasksJob, '2026-11-23T01:00:00Z');
  expect(await notesOf(optedOut)).toEqual([]);
  expect(await notesOf(churning)).toHaveLength(1);
  await app.desk.services.customers.update(await ctxOf(app, OWNER), churning, {
    lifecycle: 'churned',
  });
  await runJobAt(app, tasksJob, '2026-11-24T01:00:00Z');
  expect(await notesOf(churning)).toEqual([['2026-11-25', 'cancelled', 'churned']]);
});

test("last week's note not sent is cancelled as superseded once the new week's is owed, and Done on it says why", async () => {
  const code = await withProject('2026-12-31');
  await runJobAt(app, tasksJob, '2026-11-23T01:00:00Z');
  // Friday: next week's is planned beside this week's, still open (late, but of this week).
  await runJobAt(app, tasksJob, '2026-11-27T01:00:00Z');
  expect(await notesOf(code)).toEqual([
    ['2026-11-25', 'open', undefined],
    ['2026-12-02', 'open', undefined],
  ]);
  // Monday 30 November: the new week owes its own note, which reports the progress to date.
  await runJobAt(app, tasksJob, '2026-11-30T01:00:00Z');
  expect(await notesOf(code)).toEqual([
    ['2026-11-25', 'cancelled', 'superseded'],
    ['2026-12-02', 'open', undefined],
  ]);
  // The old note's Done (its reminder's button) says why it is gone.
  const [old] = await app.db.models.tasks
    .find({ kind: 'progress', customerCode: code, dueDate: '2026-11-25' })
    .lean();
  await app.slack.blockAction(
    { action_id: 'task_done_open', value: String(old!._id) },
    { userId: OWNER },
  );
  expect(app.fake.callsTo('response_url').at(-1)!.args.text).toBe(
    "This task was cancelled: a new week's progress note took its place (it was not sent in its own week).",
  );
});

test("a week off up to its Wednesday owes no note: last week's stays open through it", async () => {
  // Monday 30 November to Wednesday 2 December off: that week has no note.
  await app.setSettings((s) => ({
    businessHours: { ...s.businessHours, holidays: ['2026-11-30', '2026-12-01', '2026-12-02'] },
  }));
  const code = await withProject('2026-12-31');
  await runJobAt(app, tasksJob, '2026-11-23T01:00:00Z');
  await runJobAt(app, tasksJob, '2026-12-03T01:00:00Z');
  expect(await notesOf(code)).toEqual([['2026-11-25', 'open', undefined]]);
});

test("a note cancelled by the run (the project ended) leaves its helper's Home: redrawn without it", async () => {
  const HELPER = 'U0HELPER01';
  const code = await withProject('2026-12-31');
  await runJobAt(app, tasksJob, '2026-11-23T01:00:00Z');
  const note = (await app.db.models.tasks
    .findOne({ customerCode: code, kind: 'progress' })
    .lean())!;
  // The owner asks a colleague to help with it (Edit task).
  await app.slack.blockAction(
    { action_id: 'task_edit_open', value: String(note._id) },
    { userId: OWNER },
  );
  await submitLastModal(app, { executor: OWNER, helper: HELPER }, OWNER);
  await deliverAll();
  expect(JSON.stringify(app.fake.homesPublishedTo(HELPER).at(-1)!.args.view)).toContain(
    '*Tasks you help with* (1)',
  );
  // The project ends early; the next run cancels the note and redraws the helper's Home.
  app.clock.set('2026-11-24T00:30:00Z');
  await app.desk.services.customers.update(await ctxOf(app, OWNER), code, {
    projectUntil: '2026-11-24',
  });
  await runJobAt(app, tasksJob, '2026-11-24T01:00:00Z');
  expect(await notesOf(code)).toEqual([['2026-11-25', 'cancelled', 'project_ended']]);
  await deliverAll();
  const homes = app.fake.homesPublishedTo(HELPER);
  expect(homes).toHaveLength(1);
  expect(JSON.stringify(homes[0]!.args.view)).not.toContain('Tasks you help with');
});
