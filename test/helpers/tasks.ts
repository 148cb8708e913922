// The steps the task tests share, through the real Bolt stack (signed requests, the fake Slack):
// a task planned with `/task new`, its due date moved with Change due date, the outbox delivered.
import { expect } from 'vitest';
import type { TestApp } from './app.js';
import { FAKE_TEAM_ID } from './fake-slack.js';

/** The task steps on `app`. */
export function taskSteps(app: TestApp) {
  /** The view the app last opened. */
  const lastOpened = () => app.fake.callsTo('views.open').at(-1)!.args.view as Record<string, any>;

  /** What the desk wrote to the outbox, delivered: the clock 10 s on, the outbox drained. */
  async function deliverAll(): Promise<void> {
    app.clock.advance(10_000);
    await app.desk.outbox.drain();
  }

  /**
   * `/task new` by `userId`, its modal submitted with `form`, as the view `viewId` when named
   * (Slack sends a retried submission with the same id): the modal and Slack's answer.
   */
  async function newTask(userId: string, form: Record<string, string | null>, viewId?: string) {
    await app.slack.command('/task', 'new', { userId });
    const modal = lastOpened();
    const res = await app.slack.submitView(viewId ? { ...modal, id: viewId } : modal, form, {
      userId,
    });
    return { modal, res };
  }

  /** The id of the workspace's first task (a test's only one). */
  async function firstTaskId(): Promise<string> {
    return String((await app.db.models.tasks.findOne({ teamId: FAKE_TEAM_ID }).lean())!._id);
  }

  /** Change due date on task `id` by `userId`, saved with `due` (nothing refused); delivered. */
  async function moveDue(id: string, userId: string, due: string): Promise<void> {
    await app.slack.blockAction({ action_id: 'task_due_open', value: id }, { userId });
    const res = await app.slack.submitView(lastOpened(), { due }, { userId });
    expect(res.body).toBe('');
    await deliverAll();
  }

  return { deliverAll, newTask, firstTaskId, moveDue };
}
