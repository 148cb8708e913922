import type { Ctx } from '../context.js';
import type { TaskRecord } from '../task/types.js';
import { chunks } from '../ui/blocks.js';
import { overdueList, taskReminder } from '../ui/task.js';
import { PacedPoster, type SlackOut } from './slack.js';

/** Tasks per reminder DM: one section each, well within Slack's 50 blocks a message. */
export const REMINDERS_PER_MESSAGE = 20;

/**
 * What the daily tasks run says in Slack: one DM per executor with their tasks due in three
 * days or today (each with a Done button; as many DMs as it takes), and the list of overdue
 * tasks to each manager (else the alerts channel). Posts are paced per channel.
 */
export class TaskNotifier {
  constructor(private readonly out: SlackOut) {}

  /** The reminders; returns how many went out and the tasks whose DM Slack refused. */
  async remind(
    ctx: Ctx,
    byExecutor: Map<string, TaskRecord[]>,
  ): Promise<{ reminded: number; dms: number; undelivered: TaskRecord[] }> {
    const poster = new PacedPoster(this.out, ctx.log);
    const undelivered: TaskRecord[] = [];
    let reminded = 0;
    for (const [executor, tasks] of byExecutor) {
      for (const [i, batch] of chunks(tasks, REMINDERS_PER_MESSAGE).entries()) {
        const message = taskReminder(ctx.t, batch, ctx.today, { part: i + 1, total: tasks.length });
        if (await poster.post(executor, message, 'task reminder DM')) reminded += batch.length;
        else undelivered.push(...batch);
      }
    }
    return { reminded, dms: poster.sent, undelivered };
  }

  /** The overdue list, to each manager, else the alerts (or triage) channel. */
  async overdue(ctx: Ctx, tasks: TaskRecord[]): Promise<void> {
    if (!tasks.length) return;
    const { settings } = ctx;
    const fallback = settings.channels.alerts ?? settings.channels.triage;
    const targets = settings.managers.length ? settings.managers : fallback ? [fallback] : [];
    if (!targets.length)
      ctx.log.warn(
        { overdue: tasks.length },
        'overdue tasks: no manager or alerts channel to tell',
      );
    const poster = new PacedPoster(this.out, ctx.log);
    const message = overdueList(ctx.t, tasks, ctx.today);
    for (const target of targets) await poster.post(target, message, 'overdue task list post');
  }
}
