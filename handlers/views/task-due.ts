import { AppError } from '../../src/errors.js';
import { beforeSave, checked } from '../../src/slack/boundary.js';
import { parseDueForm } from '../../src/task/form.js';
import { TASK } from '../../src/ui/ids.js';
import { taskTitle } from '../../src/ui/task.js';
import { keep } from '../../src/ui/text.js';
import type { HandlerDeps } from '../deps.js';
import { confirm, oncePerSubmission, readKeyedSubmission } from './submission.js';
import type { ViewArgs } from './types.js';

/**
 * Submit of Change due date: a date in the past (the workspace's today) is refused on the field;
 * else the task moves (TaskFlows.reschedule) and the person is told privately, once per
 * submission (its repeat finds the task due then already and says nothing).
 */
export function taskDue(deps: HandlerDeps) {
  return checked<ViewArgs>(`view:${TASK.dueView}`, deps.boundary, async (args, ctx) => {
    const submission = readKeyedSubmission(deps, args.body);
    const { form, meta } = submission;
    if (!meta.task) throw new AppError('INVALID_INPUT', 'error.unreadable');
    const due = parseDueForm(form, ctx.today);
    await beforeSave(args);
    const { task, moved } = await deps.flows.tasks.reschedule(ctx, meta.task, due, () =>
      args.ack(),
    );
    const title = keep(taskTitle(ctx.t, task));
    const text = ctx.t(moved ? 'task.due.confirm' : 'task.due.unchanged', {
      task: title,
      date: task.dueDate,
    });
    await oncePerSubmission(deps, ctx, submission, TASK.dueView, () =>
      confirm(deps, args, ctx, meta, text),
    );
  });
}
