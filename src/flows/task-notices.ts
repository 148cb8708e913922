import type { Ctx } from '../context.js';
import type { Notifiers } from '../notify/index.js';
import type { LowSurveyNotice } from '../notify/tasks.js';
import type { TaskService } from '../task/service.js';
import type { TaskNotice, TaskRecord } from '../task/types.js';

/**
 * The DMs a task change owes (owed on the task since its save: TaskService), written to the
 * outbox and delivered now. A failure does not fail the change, which is saved: the outbox job
 * writes them two minutes on (TaskFlows.repairNotices). `owner`: who owns the task's customer
 * now, when that gives them a say on it (TaskService.customersOwner), for the DMs' buttons.
 * The task's words in them say how its customer's primary contact wants to be reached
 * (TaskService.withReach), as its reminders do.
 */
export async function tellOwed(
  deps: {
    notify: Pick<Notifiers, 'tasks' | 'outbox'>;
    tasks: Pick<TaskService, 'withReach'>;
  },
  ctx: Ctx,
  task: TaskRecord,
  notice: TaskNotice,
  options: {
    lowSurvey?: LowSurveyNotice | undefined;
    owner?: () => Promise<string | undefined>;
  } = {},
): Promise<void> {
  const { notify } = deps;
  try {
    const owner = await options.owner?.();
    const [shown = task] = await deps.tasks.withReach(ctx, [task]);
    const keys = await notify.tasks.owed(ctx, shown, notice, {
      ...(options.lowSurvey ? { lowSurvey: options.lowSurvey } : {}),
      ...(owner ? { owner } : {}),
    });
    if (keys.length) await notify.outbox.deliver(ctx.teamId, keys);
  } catch (err) {
    ctx.log.warn({ err, task: task.id }, 'task notices not written: left to the outbox job');
  }
}
