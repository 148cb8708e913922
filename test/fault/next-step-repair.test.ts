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

/** AGENT logs a call whose next step APPROVER signs off (`viewId`: the modal's, given). */
async function logCall(viewId?: string) {
  const { code } = await makeCustomer(app, { name: 'Huadong Machinery' });
  await app.slack.blockAction(
    { action_id: 'customer_interaction_open', value: code, block_id: 'customer_actions' },
    { userId: AGENT },
  );
  await submitCall({ ...lastModal(), ...(viewId ? { id: viewId } : {}) });
  return code;
}

function submitCall(modal: View) {
  return app.slack.submitView(
    modal,
    {
      type: 'call',
      summary: 'Discussed the renewal',
      next_step: 'Send the renewal quote',
      next_step_date: '2026-11-27',
      next_step_approver: APPROVER,
    },
    { userId: AGENT },
  );
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

  test('the same modal submitted again (its view id, as after the restarting answer: try again if it was not) logs it once: one interaction, one task, one DM', async () => {
    const code = await logCall('V0LOGINT01');
    const modal = { ...lastModal(), id: 'V0LOGINT01' };
    const again = await submitCall(modal);
    expect(again.body).toBe('');
    expect(app.fake.callsTo('response_url').at(-1)!.args.text).toBe(
      `Logged a call with *Huadong Machinery* (${code}).\nNext step: a task for you, due 2026-11-27, signed off by <@${APPROVER}>.`,
    );
    expect(await interactions()).toHaveLength(1);
    expect((await nextStepTasks()).map((t) => [t.assigneeId, t.approverId])).toEqual([
      [AGENT, APPROVER],
    ]);
    app.clock.advance(10_000);
    await app.desk.outbox.drain();
    expect(signOffDms()).toHaveLength(1);
  });

  test('the same modal edited before it is sent again: the first submission is kept, the confirmation says what was logged and that the changes were not saved', async () => {
    const code = await logCall('V0LOGINT02');
    const modal = { ...lastModal(), id: 'V0LOGINT02' };
    const again = await app.slack.submitView(
      modal,
      {
        type: 'email',
        summary: 'Sent the renewal terms',
        next_step: 'Send the renewal quote',
        next_step_date: '2026-11-27',
        next_step_approver: APPROVER,
      },
      { userId: AGENT },
    );
    expect(again.body).toBe('');
    expect(app.fake.callsTo('response_url').at(-1)!.args.text).toBe(
      `Logged a call with *Huadong Machinery* (${code}).\nNext step: a task for you, due 2026-11-27, signed off by <@${APPROVER}>.\nThis form was already logged: the first submission is kept, and the changes made before sending it again were not saved. Log a new interaction for them.`,
    );
    expect((await interactions()).map((i) => [i.type, i.summary])).toEqual([
      ['call', 'Discussed the renewal'],
    ]);
  });

  test('sent again with another approver picked: the confirmation names who signs the task off as stored, and says the change was not saved', async () => {
    const code = await logCall('V0LOGINT03');
    const modal = { ...lastModal(), id: 'V0LOGINT03' };
    const again = await app.slack.submitView(
      modal,
      {
        type: 'call',
        summary: 'Discussed the renewal',
        next_step: 'Send the renewal quote',
        next_step_date: '2026-11-27',
        next_step_approver: 'U0APPROVE2',
      },
      { userId: AGENT },
    );
    expect(again.body).toBe('');
    expect(app.fake.callsTo('response_url').at(-1)!.args.text).toBe(
      `Logged a call with *Huadong Machinery* (${code}).\nNext step: a task for you, due 2026-11-27, signed off by <@${APPROVER}>.\nThis form was already logged: the first submission is kept, and the changes made before sending it again were not saved. Log a new interaction for them.`,
    );
    expect((await nextStepTasks()).map((t) => t.approverId)).toEqual([APPROVER]);
  });
});
