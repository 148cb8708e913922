// A logged interaction's dated next step is owed on the interaction from its insert (with who
// signs it off) until its task is planned: a crash between the two writes loses nothing, as the
// outbox job plans it two minutes on, once, with the approver's DM; a task planned already (and
// done since) is neither planned twice nor put back.
import { describe, expect, test } from 'vitest';
import { outboxJob } from '../../jobs/outbox.js';
import { useTestApp } from '../helpers/app.js';
import { AGENT, makeCustomer } from '../helpers/factories.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { failCalls } from '../helpers/faults.js';
import { runJobAt } from '../helpers/jobs.js';

// Tuesday 2026-11-24 10:00 in Shanghai.
const app = useTestApp({ now: '2026-11-24T02:00:00Z' });
const APPROVER = 'U0APPROVE1';

type View = { blocks: { block_id?: string }[] } & Record<string, unknown>;
const lastModal = () =>
  app.fake.calls.filter((c) => c.method === 'views.open' || c.method === 'views.update').at(-1)!
    .args.view as View;
const nextStepTasks = () =>
  app.db.models.tasks.find({ teamId: FAKE_TEAM_ID }).sort({ createdAt: 1 }).lean();
const interactions = () =>
  app.db.models.interactions.find({ teamId: FAKE_TEAM_ID }).sort({ at: 1 }).lean();
const signOffDms = () =>
  app.fake.postsTo(APPROVER).filter((p) => String(p.args.text).includes('for you to sign off'));

/** AGENT logs a call whose next step APPROVER signs off. */
async function logCall() {
  const { code } = await makeCustomer(app, { name: 'Huadong Machinery' });
  await app.slack.blockAction(
    { action_id: 'customer_interaction_open', value: code, block_id: 'customer_actions' },
    { userId: AGENT },
  );
  await app.slack.submitView(
    lastModal(),
    {
      type: 'call',
      summary: 'Discussed the renewal',
      next_step: 'Send the renewal quote',
      next_step_date: '2026-11-27',
      next_step_approver: APPROVER,
    },
    { userId: AGENT },
  );
  return code;
}

describe("a logged interaction's next step, owed from its insert", () => {
  test('the task not planned after the interaction was saved: the outbox job plans it, with its approver and their DM, once however often it runs', async () => {
    // The interaction is saved, then planning its task fails (the app gone).
    const restore = failCalls(app.desk.services.tasks, 'planNextStep');
    try {
      await logCall();
    } finally {
      restore();
    }
    expect(await interactions()).toHaveLength(1);
    expect(await nextStepTasks()).toEqual([]);

    // Not before two minutes (its request may still be at it), then once.
    const base = app.clock.now().getTime();
    await runJobAt(app, outboxJob, new Date(base + 60_000).toISOString());
    expect(await nextStepTasks()).toEqual([]);
    let dms = 0;
    for (const minutes of [3, 10]) {
      await runJobAt(app, outboxJob, new Date(base + minutes * 60_000).toISOString());
      dms += signOffDms().length;
    }
    const tasks = await nextStepTasks();
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({
      assigneeId: AGENT,
      approverId: APPROVER,
      createdBy: AGENT,
      dueDate: '2026-11-27',
      content: 'Send the renewal quote',
      status: 'open',
    });
    expect(dms).toBe(1);
    // Owed no more, and who signs it off is the task's to hold.
    const [interaction] = await interactions();
    expect(interaction).not.toHaveProperty('nextStepOwed');
    expect(interaction).not.toHaveProperty('nextStepApproverId');
  });

  test('planned, then cut short before the mark: the repair plans none again, nor puts back the task once done', async () => {
    const restore = failCalls(app.desk.services.customers, 'nextStepPlanned');
    try {
      await logCall();
    } finally {
      restore();
    }
    const [task] = await nextStepTasks();
    expect(task).toMatchObject({ status: 'open', approverId: APPROVER });
    await app.slack.blockAction(
      { action_id: 'task_done_open', value: String(task!._id) },
      { userId: AGENT },
    );
    await app.slack.submitView(
      lastModal(),
      { type: 'call', summary: 'Quote sent' },
      { userId: AGENT },
    );
    expect((await nextStepTasks()).map((t) => t.status)).toEqual(['done']);
    app.fake.reset();
    await runJobAt(app, outboxJob, new Date(app.clock.now().getTime() + 3 * 60_000).toISOString());
    expect((await nextStepTasks()).map((t) => t.status)).toEqual(['done']);
    expect(signOffDms()).toEqual([]);
    // Owed no more (the call's interaction, and the Done's, which had no next step).
    expect((await interactions()).map((i) => i.nextStepOwed)).toEqual([undefined, undefined]);
  });
});
