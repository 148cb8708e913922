// A task reminder held back by quiet hours is drawn from its tasks as they stand when it goes
// out (always, however briefly held; the SLA lists after 10 minutes): a task edited meanwhile shows as edited, one
// done, handed on or moved is left out, and a reminder none of whose tasks still applies is not
// sent.
import { describe, expect, test } from 'vitest';
import { tasksJob } from '../../jobs/tasks.js';
import { useTestApp } from '../helpers/app.js';
import { AGENT, ctxOf, makeCustomer, OWNER } from '../helpers/factories.js';
import { runJobAt } from '../helpers/jobs.js';

// Tuesday 2026-11-24 10:00 in Shanghai; the tasks run daily at 09:00 (01:00Z).
const app = useTestApp({ now: '2026-11-24T02:00:00Z' });

/** Tasks AGENT planned for themselves, due Wednesday 25 November: their ids by content. */
async function plan(...contents: string[]): Promise<Map<string, string>> {
  const code = (await makeCustomer(app, { name: 'Huadong Machinery' })).code;
  const ctx = await ctxOf(app, AGENT);
  const ids = new Map<string, string>();
  for (const content of contents) {
    const task = await app.desk.services.tasks.createManual(ctx, {
      customerCode: code,
      kind: 'call',
      assigneeId: AGENT,
      dueDate: '2026-11-25',
      content,
      submissionId: `held-${content.replace(/\W/g, '')}`,
    });
    ids.set(content, task.id);
  }
  return ids;
}

/** Done on task `id` by `userId` through its modal, at `iso`. */
async function done(id: string, iso: string, userId = AGENT) {
  app.clock.set(iso);
  await app.slack.blockAction({ action_id: 'task_done_open', value: id }, { userId });
  const modal = app.fake.callsTo('views.open').at(-1)!.args.view as Record<string, unknown>;
  expect((await app.slack.submitView(modal, { summary: 'Called' }, { userId })).body).toBe('');
}

/** The reminder DMs AGENT got. */
const reminders = () =>
  app.fake.postsTo(AGENT).filter((c) => String(c.args.text).startsWith('Your follow-up tasks'));

describe('a reminder held by quiet hours', () => {
  test('one task done at 09:10 while it waits: the DM at 09:31 lists only the other, counted so', async () => {
    await app.setSettings(() => ({
      quietHours: { enabled: true, start: '20:00', end: '09:30' },
    }));
    const ids = await plan('Call about the encoder', 'Call about the invoice');

    // Wednesday 09:00: the reminder is written, held by quiet hours.
    await runJobAt(app, tasksJob, '2026-11-25T01:00:00Z');
    expect(reminders()).toEqual([]);

    await done(ids.get('Call about the encoder')!, '2026-11-25T01:10:00Z');

    app.clock.set('2026-11-25T01:31:00Z');
    await app.desk.outbox.drain();
    const [dm, ...more] = reminders();
    expect(more).toEqual([]);
    expect(dm!.args.text).toContain('Your follow-up tasks (1)');
    expect(dm!.args.text).toContain('Call about the invoice');
    expect(dm!.args.text).not.toContain('Call about the encoder');
    const buttons = (dm!.args.blocks as any[])
      .filter((b) => b.accessory?.action_id === 'task_done_open')
      .map((b) => b.accessory.value);
    expect(buttons).toEqual([ids.get('Call about the invoice')]);
  });

  test('one task done at 09:31, two minutes after its reminder was written at 09:29: the DM at 09:31 lists only the other, as it stands, however briefly held', async () => {
    await app.setSettings(() => ({
      quietHours: { enabled: true, start: '20:00', end: '09:30' },
    }));
    const ids = await plan('Call about the encoder', 'Call about the invoice');
    await runJobAt(app, tasksJob, '2026-11-25T01:29:00Z');
    expect(reminders()).toEqual([]);

    await done(ids.get('Call about the encoder')!, '2026-11-25T01:31:00Z');
    app.clock.set('2026-11-25T01:31:10Z');
    await app.desk.outbox.drain();
    const [dm, ...more] = reminders();
    expect(more).toEqual([]);
    expect(dm!.args.text).toContain('Your follow-up tasks (1)');
    expect(dm!.args.text).not.toContain('Call about the encoder');
    const buttons = (dm!.args.blocks as any[])
      .filter((b) => b.accessory?.action_id === 'task_done_open')
      .map((b) => b.accessory.value);
    expect(buttons).toEqual([ids.get('Call about the invoice')]);
  });

  test('a task edited at 09:10 while it waits: the DM at 09:31 shows its words as they stand then, not as written', async () => {
    await app.setSettings(() => ({
      quietHours: { enabled: true, start: '20:00', end: '09:30' },
    }));
    const ids = await plan('Call about the encoder');
    await runJobAt(app, tasksJob, '2026-11-25T01:00:00Z');
    expect(reminders()).toEqual([]);

    // Edit task, through its modal: new words, the same executor and day.
    app.clock.set('2026-11-25T01:10:00Z');
    const id = ids.get('Call about the encoder')!;
    await app.slack.blockAction({ action_id: 'task_edit_open', value: id }, { userId: AGENT });
    const modal = app.fake.callsTo('views.open').at(-1)!.args.view as Record<string, unknown>;
    const saved = await app.slack.submitView(
      modal,
      { executor: AGENT, due: '2026-11-25', content: 'Call about the spindle quote' },
      { userId: AGENT },
    );
    expect(saved.body).toBe('');

    app.clock.set('2026-11-25T01:31:00Z');
    await app.desk.outbox.drain();
    const [dm, ...more] = reminders();
    expect(more).toEqual([]);
    expect(dm!.args.text).toContain('Your follow-up tasks (1)');
    expect(dm!.args.text).toContain('Call about the spindle quote');
    expect(JSON.stringify(dm!.args.blocks)).toContain('Call about the spindle quote');
    expect(JSON.stringify(dm!.args)).not.toContain('Call about the encoder');
  });

  test('every task done, handed to someone else or moved to another day meanwhile: nothing is sent', async () => {
    await app.setSettings(() => ({
      managers: [OWNER],
      quietHours: { enabled: true, start: '20:00', end: '09:30' },
    }));
    const ids = await plan('Done one', 'Handed one', 'Moved one');
    await runJobAt(app, tasksJob, '2026-11-25T01:00:00Z');
    expect(reminders()).toEqual([]);

    await done(ids.get('Done one')!, '2026-11-25T01:05:00Z');
    await app.db.models.tasks.updateOne(
      { _id: ids.get('Handed one') },
      { $set: { assigneeId: OWNER } },
    );
    await app.db.models.tasks.updateOne(
      { _id: ids.get('Moved one') },
      { $set: { dueDate: '2026-11-27' } },
    );
    app.clock.set('2026-11-25T01:31:00Z');
    await app.desk.outbox.drain();
    expect(reminders()).toEqual([]);
    // Nothing left owed: a later pass sends nothing either.
    app.clock.set('2026-11-25T02:31:00Z');
    await app.desk.outbox.drain();
    expect(reminders()).toEqual([]);
  });
});
