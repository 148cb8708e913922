import { AppError } from '../../src/errors.js';
import { beforeSave, boundary } from '../../src/slack/boundary.js';
import { parseTaskOutcome } from '../../src/task/form.js';
import { TASK } from '../../src/ui/ids.js';
import { taskTitle } from '../../src/ui/task.js';
import { join, keep } from '../../src/ui/text.js';
import type { HandlerDeps } from '../deps.js';
import { confirm, readSubmission } from './submission.js';
import type { ViewArgs } from './types.js';

/**
 * Submit of a task's Done modal: closes the task with its outcome; a revisit that finds the
 * issue not solved reopens the ticket, or, closed, says a new ticket is needed (see
 * TaskFlows.complete).
 */
export function taskDone(deps: HandlerDeps) {
  return boundary<ViewArgs>(`view:${TASK.doneView}`, deps.boundary, async (args, ctx) => {
    const { form, meta } = readSubmission(args.body);
    if (!meta.task) throw new AppError('INVALID_INPUT', 'error.unreadable');
    // What was typed is checked before anything is read, so that a mistake comes back on its
    // field in the ack (the save checks it again, against the task as stored).
    if (meta.taskKind)
      parseTaskOutcome(form, meta.taskKind, { now: ctx.now, timeZone: ctx.settings.timeZone });
    await beforeSave(args);
    const { task, reopened, closed, contactNotRecorded, nextStepDue, recoveryDue } =
      await deps.flows.tasks.complete(ctx, meta.task, form, () => args.ack());
    const text = join(
      [
        ctx.t('task.done.confirm', { task: keep(taskTitle(ctx.t, task)) }),
        ...(reopened ? [ctx.t('task.done.reopened', { number: task.ticketNumber ?? '' })] : []),
        ...(closed ? [ctx.t('task.done.closedTicket', { number: task.ticketNumber ?? '' })] : []),
        ...(contactNotRecorded
          ? [ctx.t('task.done.contactNotRecorded', { number: task.ticketNumber ?? '' })]
          : []),
        ...(nextStepDue ? [ctx.t('interaction.nextStepPlanned', { date: nextStepDue })] : []),
        // The follow-up is the owner's: "for you" when they answered the survey themselves.
        ...(recoveryDue
          ? [
              task.assigneeId === ctx.actor
                ? ctx.t('task.done.recoveryPlannedYou', { date: recoveryDue })
                : ctx.t('task.done.recoveryPlanned', { user: task.assigneeId, date: recoveryDue }),
            ]
          : []),
      ],
      '\n',
    );
    await confirm(deps, args, ctx, meta, text);
  });
}
