import type { WebClient } from '@slack/web-api';
import { translator } from '../i18n/index.js';
import type { Logger } from '../logger.js';
import { ChannelPacer } from '../slack/pacer.js';
import { localDate } from '../time.js';
import { chunks } from '../ui/blocks.js';
import { overdueList, taskReminder } from '../ui/task.js';
import type { WorkspaceService } from '../workspace/service.js';
import type { TaskRecord } from './repository.js';
import type { TaskService } from './service.js';

/** Tasks per reminder DM: one section each, well within Slack's 50 blocks a message. */
export const REMINDERS_PER_MESSAGE = 20;

/**
 * What the daily tasks run says in Slack: one DM per executor with the tasks due in three days
 * or today (each with a Done button), and one list of overdue tasks to each manager. Reminders
 * are marked sent by a conditional update before they go out, so two runs never send the same
 * one; posts are paced per channel.
 */
export class TaskNotices {
  constructor(
    private readonly deps: {
      client: WebClient;
      tasks: TaskService;
      workspaces: WorkspaceService;
      sleep: (ms: number) => Promise<void>;
      clockMs: () => number;
    },
  ) {}

  async remind(teamId: string, now: Date, log: Logger): Promise<{ reminded: number; dms: number }> {
    const settings = await this.deps.workspaces.settings(teamId);
    const today = localDate(now, settings.timeZone);
    const byExecutor = new Map<string, TaskRecord[]>();
    for (const { task, which } of await this.deps.tasks.remindersOwed(teamId, today)) {
      try {
        if (!(await this.deps.tasks.markReminded(teamId, task.id, which, now))) continue;
        // The reminder on the day stands for the early one too, after downtime.
        if (which === 'due') await this.deps.tasks.markReminded(teamId, task.id, 'early', now);
        byExecutor.set(task.assigneeId, [...(byExecutor.get(task.assigneeId) ?? []), task]);
      } catch (err) {
        log.error({ err, task: task.id }, 'task reminder could not be recorded');
      }
    }
    const t = translator(settings.locale);
    const pacer = new ChannelPacer(this.deps.sleep, this.deps.clockMs);
    let dms = 0;
    let reminded = 0;
    for (const [executor, tasks] of byExecutor) {
      tasks.sort((a, b) => a.dueDate.localeCompare(b.dueDate));
      // Every task gets its Done button: as many DMs as it takes, each within Slack's limits.
      for (const [i, batch] of chunks(tasks, REMINDERS_PER_MESSAGE).entries()) {
        await pacer.before(executor);
        try {
          await this.deps.client.chat.postMessage({
            channel: executor,
            ...taskReminder(t, batch, today, { part: i + 1, total: tasks.length }),
          });
          dms++;
          reminded += batch.length;
        } catch (err) {
          log.warn({ err, user: executor, tasks: batch.length }, 'task reminder DM failed');
          // Not delivered: tomorrow's run reminds again.
          for (const task of batch) await this.deps.tasks.unmarkReminded(teamId, task.id, now);
        }
      }
    }
    return { reminded, dms };
  }

  /** The overdue list, once a day (the run's slot makes it once): to each manager, else the
   * alerts channel. */
  async listOverdue(teamId: string, now: Date, log: Logger): Promise<{ overdue: number }> {
    const settings = await this.deps.workspaces.settings(teamId);
    const today = localDate(now, settings.timeZone);
    const overdue = await this.deps.tasks.overdue(teamId, today);
    if (!overdue.length) return { overdue: 0 };
    const t = translator(settings.locale);
    const message = overdueList(t, overdue, today);
    const fallback = settings.channels.alerts ?? settings.channels.triage;
    const targets = settings.managers.length ? settings.managers : fallback ? [fallback] : [];
    if (!targets.length)
      log.warn({ overdue: overdue.length }, 'overdue tasks: no manager or alerts channel to tell');
    const pacer = new ChannelPacer(this.deps.sleep, this.deps.clockMs);
    for (const target of targets) {
      await pacer.before(target);
      try {
        await this.deps.client.chat.postMessage({ channel: target, ...message });
      } catch (err) {
        log.warn({ err, channel: target }, 'overdue task list post failed');
      }
    }
    return { overdue: overdue.length };
  }
}
