import { AppError } from '../../src/errors.js';
import { beforeSave, checked } from '../../src/slack/boundary.js';
import { parseCancelForm } from '../../src/task/form.js';
import { TASK } from '../../src/ui/ids.js';
import { taskTitle } from '../../src/ui/task.js';
import { keep } from '../../src/ui/text.js';
import type { HandlerDeps } from '../deps.js';
import { readKeyedSubmission } from './submission.js';
import { redrawListOrConfirm } from './task-list-redraw.js';
import type { ViewArgs } from './types.js';

/**
 * Submit of Cancel task: why, and the person's words (required to cancel it as not needed); the
 * task is cancelled (TaskFlows.cancel: nothing logged, no score) and the person told privately
 * (on the list it was chosen from, drawn again in its place).
 */
export function taskCancel(deps: HandlerDeps) {
  return checked<ViewArgs>(`view:${TASK.cancelView}`, deps.boundary, async (args, ctx) => {
    const { form, meta, key } = readKeyedSubmission(deps, args.body);
    if (!meta.task) throw new AppError('INVALID_INPUT', 'error.unreadable');
    const input = parseCancelForm(form);
    await beforeSave(args);
    const { task, again } = await deps.flows.tasks.cancel(
      ctx,
      meta.task,
      input,
      () => args.ack(),
      key,
    );
    // This submission cancelled it already (delivered again): closed as saved, told once.
    if (again) return;
    const text = ctx.t(
      input.reason === 'not_reached' ? 'task.cancel.confirmNotReached' : 'task.cancel.confirm',
      { task: keep(taskTitle(ctx.t, task)) },
    );
    // Chosen on a row of the clicker's `/task team` list: that page drawn again in its place.
    await redrawListOrConfirm(deps, args, ctx, meta, text);
  });
}
