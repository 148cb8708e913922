// A task reminder held by quiet hours whose task was handed to someone else meanwhile (`/desk
// handover` here; Edit task's executor change and the daily planning's hand-over change the
// same field) goes to the task's executor as it stands when it goes out, once: the one it was
// written for gets nothing, and the new executor is not reminded of it twice that day.
import { describe, expect, test } from 'vitest';
import { tasksJob } from '../../jobs/tasks.js';
import { useTestApp } from '../helpers/app.js';
import { ctxOf, makeCustomer, OWNER } from '../helpers/factories.js';
import { runJobAt } from '../helpers/jobs.js';

const MANAGER = 'U0MANAGER1';
const LEAVER = 'U0LEAVER01';
const RECEIVER = 'U0RECEIVE1';

// Tuesday 2026-11-24 10:00 in Shanghai; the tasks run daily at 09:00 (01:00Z).
const app = useTestApp({ now: '2026-11-24T02:00:00Z' });

/** A task OWNER planned for `executor`, due Wednesday 25 November: its id. */
async function plan(code: string, executor: string, content: string): Promise<string> {
  const task = await app.desk.services.tasks.createManual(await ctxOf(app, OWNER), {
    customerCode: code,
    kind: 'call',
    assigneeId: executor,
    dueDate: '2026-11-25',
    content,
    submissionId: `handed-${content.replace(/\W/g, '')}`,
  });
  return task.id;
}

/** The reminder DMs `user` got. */
const reminders = (user: string) =>
  app.fake.postsTo(user).filter((c) => String(c.args.text).startsWith('Your follow-up tasks'));
/** How many times the reminders `user` got name `content`. */
const named = (user: string, content: string) =>
  reminders(user)
    .flatMap((c) => (c.args.blocks as any[]).map((b) => String(b.text?.text ?? '')))
    .filter((text) => text.includes(content)).length;

async function setUp() {
  await app.setSettings(() => ({
    managers: [MANAGER],
    agents: [LEAVER, RECEIVER],
    quietHours: { enabled: true, start: '20:00', end: '09:30' },
  }));
  return (await makeCustomer(app, { name: 'Huadong Machinery' })).code;
}

describe('a held reminder of a task handed over meanwhile', () => {
  test('handed over by /desk handover in quiet hours: the new executor is reminded of it when they end, once; the old one gets nothing', async () => {
    const code = await setUp();
    const handed = await plan(code, LEAVER, 'Call about the encoder');
    await plan(code, RECEIVER, 'Call about the invoice');

    // Wednesday 09:00: both reminders written, held by quiet hours.
    await runJobAt(app, tasksJob, '2026-11-25T01:00:00Z');
    expect(reminders(LEAVER)).toEqual([]);
    expect(reminders(RECEIVER)).toEqual([]);

    // 09:10: the manager hands the leaver's tasks over.
    app.clock.set('2026-11-25T01:10:00Z');
    await app.slack.command('/desk', 'handover', { userId: MANAGER });
    const view = app.fake.callsTo('views.open').at(-1)!.args.view as Record<string, unknown>;
    const res = await app.slack.submitView(
      view,
      { from: LEAVER, to: RECEIVER, what: 'tasks' },
      { userId: MANAGER },
    );
    expect(res.body).toBe('');
    expect((await app.db.models.tasks.findOne({ _id: handed }).lean())!.assigneeId).toBe(RECEIVER);

    // 09:31: the receiver is reminded of both, each once; the leaver of nothing.
    app.clock.set('2026-11-25T01:31:00Z');
    await app.desk.outbox.drain();
    expect(reminders(LEAVER)).toEqual([]);
    expect(named(RECEIVER, 'Call about the encoder')).toBe(1);
    expect(named(RECEIVER, 'Call about the invoice')).toBe(1);
    const buttons = reminders(RECEIVER).flatMap((c) =>
      (c.args.blocks as any[])
        .filter((b) => b.accessory?.action_id === 'task_done_open')
        .map((b) => b.accessory.value),
    );
    expect(buttons).toContain(handed);

    // Nothing more later, on this instance or another.
    const told = app.fake.calls.length;
    app.clock.set('2026-11-25T02:31:00Z');
    await Promise.all([app.desk.outbox.drain(), app.desk.outbox.drain()]);
    expect(app.fake.calls.slice(told).filter((c) => c.method === 'chat.postMessage')).toEqual([]);
  });

  test('the new executor already owed a reminder of it that day: the held one is not passed on, they are reminded once', async () => {
    const code = await setUp();
    const handed = await plan(code, LEAVER, 'Call about the encoder');
    await runJobAt(app, tasksJob, '2026-11-25T01:00:00Z');

    // Handed over, and its day moved away and back (its reminders forgotten): a run of the
    // day's tasks again (an operator's) writes the receiver's own reminder of it, held too.
    await app.db.models.tasks.updateOne(
      { _id: handed },
      { $set: { assigneeId: RECEIVER }, $unset: { reminders: '' }, $inc: { calendarMoves: 1 } },
    );
    app.clock.set('2026-11-25T01:20:00Z');
    await app.desk.flows.tasks.daily(await ctxOf(app, OWNER, { origin: 'job' }));

    app.clock.set('2026-11-25T01:31:00Z');
    await app.desk.outbox.drain();
    expect(reminders(LEAVER)).toEqual([]);
    expect(named(RECEIVER, 'Call about the encoder')).toBe(1);
  });
});
