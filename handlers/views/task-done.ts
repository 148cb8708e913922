import { AppError } from '../../src/errors.js';
import { beforeSave, checked } from '../../src/slack/boundary.js';
import { nextStepApproverOf, parseTaskOutcome } from '../../src/task/form.js';
import { TASK } from '../../src/ui/ids.js';
import { taskTitle } from '../../src/ui/task.js';
import { join, keep, slackTime } from '../../src/ui/text.js';
import type { HandlerDeps } from '../deps.js';
import { refuseUnfitPeople } from './people.js';
import { readKeyedSubmission } from './submission.js';
import { redrawListOrConfirm } from './task-list-redraw.js';
import type { ViewArgs } from './types.js';

/**
 * Submit of a task's Done modal: closes the task with its outcome; a revisit that finds the
 * issue not solved reopens the ticket, or, closed, says a new ticket is needed (see
 * TaskFlows.complete). A 3-7-30 follow-up its ticket's reopen or merge cancelled while the modal
 * was open is not refused: its call is logged and noted on the ticket, and said so. A dated next step becomes a task, signed off by the approver picked (not
 * who records it; a bot, a deactivated account or a guest refused on the field, as on Log
 * interaction).
 */
export function taskDone(deps: HandlerDeps) {
  return checked<ViewArgs>(`view:${TASK.doneView}`, deps.boundary, async (args, ctx) => {
    const { form, meta, key } = readKeyedSubmission(deps, args.body);
    if (!meta.task) throw new AppError('INVALID_INPUT', 'error.unreadable');
    // What was typed is checked before anything is read, so that a mistake comes back on its
    // field in the ack (the save checks it again, against the task as stored).
    if (meta.taskKind) {
      const outcome = parseTaskOutcome(form, meta.taskKind, {
        now: ctx.now,
        timeZone: ctx.settings.timeZone,
      });
      deps.services.tasks.assertNextStepApprover(
        ctx,
        outcome.nextStepDate,
        outcome.nextStepApproverId,
      );
    }
    await refuseUnfitPeople(deps, args.client, ctx, [
      { field: 'next_step_approver', userId: nextStepApproverOf(form), guest: 'refused' },
    ]);
    await beforeSave(args);
    const {
      task,
      reopened,
      closed,
      contactNotRecorded,
      reopenLater,
      nextStepDue,
      nextStepApprover,
      recoveryDue,
      recoveryFor = task.assigneeId,
      lateCall,
      notReached,
      again,
    } = await deps.flows.tasks.complete(ctx, meta.task, form, () => args.ack(), key);
    // This submission was saved already (delivered again): closed as saved, told once.
    if (again) return;
    const text = join(
      [
        // Tried and not reached: the attempt recorded, the task open, due as it now stands.
        notReached
          ? ctx.t('task.done.notReached', {
              number: task.ticketNumber ?? '',
              due: task.dueAt ? keep(slackTime(task.dueAt, ctx.settings.timeZone)) : task.dueDate,
            })
          : // Cancelled by its ticket's reopen or merge while typed: the call logged all the same.
            lateCall
            ? ctx.t('task.done.lateCall', {
                kind: ctx.t.plain(`task.kind.${task.kind}`),
                merged: lateCall.merged ? 'yes' : 'no',
                from: task.ticketNumber ?? '',
                number: lateCall.number,
                noted: lateCall.noted ? 'yes' : 'no',
              })
            : ctx.t('task.done.confirm', { task: keep(taskTitle(ctx.t, task)) }),
        ...(reopened ? [ctx.t('task.done.reopened', { number: task.ticketNumber ?? '' })] : []),
        ...(closed ? [ctx.t('task.done.closedTicket', { number: task.ticketNumber ?? '' })] : []),
        ...(contactNotRecorded
          ? [ctx.t('task.done.contactNotRecorded', { number: task.ticketNumber ?? '' })]
          : []),
        ...(reopenLater
          ? [ctx.t('task.done.reopenLater', { number: task.ticketNumber ?? '' })]
          : []),
        ...(nextStepDue
          ? [
              nextStepApprover
                ? ctx.t('interaction.nextStepPlannedApprover', {
                    date: nextStepDue,
                    approver: nextStepApprover,
                  })
                : ctx.t('interaction.nextStepPlanned', { date: nextStepDue }),
            ]
          : []),
        // The follow-up is the account manager's: "for you" when they logged the low score.
        ...(recoveryDue
          ? [
              recoveryFor === ctx.actor
                ? ctx.t('task.done.recoveryPlannedYou', { date: recoveryDue })
                : ctx.t('task.done.recoveryPlanned', { user: recoveryFor, date: recoveryDue }),
            ]
          : []),
      ],
      '\n',
    );
    // Done on a row of the clicker's list: that page drawn again in its place, saying what
    // was done (redrawListOrConfirm).
    await redrawListOrConfirm(deps, args, ctx, meta, text);
  });
}
