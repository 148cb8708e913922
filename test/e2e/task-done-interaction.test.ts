// Done's interaction on the customer's file: recorded as owed with the Done in its one write,
// logged once (keyed by the task), never undone. A failure after the insert does not reopen the
// task (saving again used to log it twice); a failure before it (or a process that dies) leaves it
// to the outbox job's repair, which logs it once with the next step typed in Done.
import { expect, test } from 'vitest';
import { outboxJob } from '../../jobs/outbox.js';
import { useTestApp } from '../helpers/app.js';
import { makeCustomer, OWNER } from '../helpers/factories.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { failCalls } from '../helpers/faults.js';
import { runJobAt } from '../helpers/jobs.js';

// Tuesday 2026-11-24 10:00 in Shanghai.
const app = useTestApp({ now: '2026-11-24T02:00:00Z' });
const lastOpened = () => app.fake.callsTo('views.open').at(-1)!.args.view as any;

/** A visit planned by hand for OWNER; its id. */
async function visit(viewId: string): Promise<{ id: string; code: string }> {
  const { code } = await makeCustomer(app, { name: 'Huadong Machinery' });
  await app.slack.command('/task', 'new', { userId: OWNER });
  await app.slack.submitView(
    { ...lastOpened(), id: viewId },
    { customer: code, kind: 'visit', executor: OWNER, due: '2026-11-27', content: 'Visit' },
    { userId: OWNER },
  );
  const task = (await app.db.models.tasks.findOne({ teamId: FAKE_TEAM_ID }).lean())!;
  return { id: String(task._id), code };
}

/** Done opened from the task's DM and submitted with `values`. */
async function done(id: string, values: Record<string, string>) {
  await app.slack.blockAction(
    { action_id: 'task_done_open', value: id, block_id: 'task_actions' },
    { userId: OWNER },
  );
  return app.slack.submitView(lastOpened(), values, { userId: OWNER });
}

const interactions = () => app.db.models.interactions.find({ teamId: FAKE_TEAM_ID }).lean();

test('a Done whose last-contact write fails is saved once: saving again logs nothing more, the repair moves the last contact', async () => {
  const { id, code } = await visit('V0DONETWIC');
  const repos = (app.desk.services.customers as any).repos;
  const restore = failCalls(repos.customers, 'touchInteraction');
  try {
    const first = await done(id, { type: 'visit', summary: 'Visited the plant' });
    expect(first.body).toBe('');
  } finally {
    restore();
  }
  const task = (await app.db.models.tasks.findById(id).lean())!;
  expect(task.status).toBe('done');
  // The person saves the modal again: told it is done, nothing logged twice.
  await app.slack.submitView(
    lastOpened(),
    { type: 'visit', summary: 'Visited the plant' },
    {
      userId: OWNER,
    },
  );
  expect((await interactions()).map((i: any) => i.summary)).toEqual(['Visited the plant']);
  await runJobAt(app, outboxJob, '2026-11-24T02:05:00Z');
  expect((await interactions()).map((i: any) => i.summary)).toEqual(['Visited the plant']);
  const customer = (await app.db.models.customers.findOne({ code }).lean())!;
  expect(customer.lastInteractionAt).toEqual(new Date('2026-11-24T02:00:00Z'));
  expect(((await app.db.models.tasks.findById(id).lean()) as any).interactionOwed).toBeUndefined();
});

test('a Done whose interaction write fails stays done, and the repair logs it once, by its doer, with its next step', async () => {
  const { id, code } = await visit('V0DONELOST');
  const svc = app.desk.services.customers as any;
  const restore = failCalls(svc, 'logInteraction');
  try {
    const res = await done(id, {
      type: 'visit',
      summary: 'Visited, next order March',
      next_step: 'Send the March quote',
      next_step_date: '2026-12-01',
    });
    expect(res.body).toBe('');
  } finally {
    restore();
  }
  expect((await app.db.models.tasks.findById(id).lean())!.status).toBe('done');
  expect(await interactions()).toHaveLength(0);
  // The outbox job's repair two minutes on; and again (nothing more).
  await runJobAt(app, outboxJob, '2026-11-24T02:05:00Z');
  await runJobAt(app, outboxJob, '2026-11-24T02:06:00Z');
  const logged = await interactions();
  expect(logged).toHaveLength(1);
  expect(logged[0]).toMatchObject({
    summary: 'Visited, next order March',
    by: OWNER,
    at: new Date('2026-11-24T02:00:00Z'),
    nextStep: 'Send the March quote',
    nextStepDate: '2026-12-01',
    source: `task:${id}`,
  });
  const customer = (await app.db.models.customers.findOne({ code }).lean())!;
  expect(customer.lastInteractionAt).toEqual(new Date('2026-11-24T02:00:00Z'));
  // Its next step became a task for its doer (the next-step repair).
  const next = await app.db.models.tasks
    .find({ teamId: FAKE_TEAM_ID, status: 'open', dueDate: '2026-12-01' })
    .lean();
  expect(next.map((t) => t.assigneeId)).toEqual([OWNER]);
});

test("Done says when it happened: Friday's visit recorded on Monday is dated Friday (on time), through the repair too; a future day or one before it was planned is refused on the field", async () => {
  const { id } = await visit('V0DONEDATE');
  app.clock.set('2026-11-30T02:00:00Z'); // Monday
  const open = async () => {
    await app.slack.blockAction(
      { action_id: 'task_done_open', value: id, block_id: 'task_actions' },
      { userId: OWNER },
    );
    return lastOpened();
  };
  const modal = await open();
  expect(JSON.stringify(modal.blocks)).toContain('Done on');
  const submit = (doneDate: string) =>
    app.slack.submitView(
      modal,
      { type: 'visit', summary: 'Visited the plant', done_date: doneDate },
      { userId: OWNER },
    );
  expect(((await submit('2026-12-01')).body as any).errors).toEqual({
    done_date: expect.stringContaining('future'),
  });
  expect(((await submit('2026-11-23')).body as any).errors).toEqual({
    done_date: 'The task was planned on 2026-11-24: it cannot have been done before.',
  });
  const svc = app.desk.services.customers as any;
  const restore = failCalls(svc, 'logInteraction');
  try {
    expect((await submit('2026-11-27')).body).toBe('');
  } finally {
    restore();
  }
  const task = (await app.db.models.tasks.findById(id).lean())!;
  expect([task.status, task.doneDate, task.dueDate]).toEqual(['done', '2026-11-27', '2026-11-27']);
  await runJobAt(app, outboxJob, '2026-11-30T02:05:00Z');
  const logged = await interactions();
  // Dated Friday: it counts from that day's start (Shanghai), not Monday's save.
  expect(logged.map((i: any) => i.at)).toEqual([new Date('2026-11-26T16:00:00Z')]);
});
