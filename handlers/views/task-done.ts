import { AppError } from '../../src/errors.js';
import { beforeSave, checked } from '../../src/slack/boundary.js';
import { nextStepApproverOf, parseTaskOutcome } from '../../src/task/form.js';
import { TASK } from '../../src/ui/ids.js';
import { readMinePageRef, taskTitle } from '../../src/ui/task.js';
import { replaceOriginal } from '../../src/slack/reply.js';
import { minePage } from '../tasks.js';
import { join, keep } from '../../src/ui/text.js';
import type { HandlerDeps } from '../deps.js';
import { refuseUnfitPeople } from './people.js';
import { confirm, readSubmission } from './submission.js';
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
    const { form, meta } = readSubmission(args.body);
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
    } = await deps.flows.tasks.complete(ctx, meta.task, form, () => args.ack());
    const text = join(
      [
        // Cancelled by its ticket's reopen or merge while typed: the call logged all the same.
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
    // Done on a row of the clicker's `/task mine` list: that page drawn again in its place,
    // without the task, saying what was done; else (or its response URL expired or used up)
    // the confirmation as a new message, as from a reminder or App Home. A replacement that
    // may have been shown (a 5xx, no answer) is not followed by anything; one that never left
    // is said by the bot, not posted to that URL again.
    const page = readMinePageRef(meta.minePage);
    if (page && meta.responseUrl) {
      // The task is saved: a page that cannot be read now is no error, the confirmation goes.
      const redrawn = await minePage(deps, ctx, page.list, page.at, text).catch((err: unknown) => {
        ctx.log.warn({ err }, 'task list not drawn again after Done');
        return undefined;
      });
      const guard = { urls: deps.responseUrls, log: ctx.log };
      const replaced = redrawn
        ? await replaceOriginal(meta.responseUrl, redrawn, guard)
        : undefined;
      if (replaced === 'replaced' || replaced === 'unsure') return;
      if (replaced === 'unsent') {
        await confirm(deps, args, ctx, { ...meta, responseUrl: undefined }, text);
        return;
      }
    }
    await confirm(deps, args, ctx, meta, text);
  });
}
