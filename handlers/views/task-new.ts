import type { ModalView } from '@slack/types';
import type { Ctx } from '../../src/context.js';
import { parseManualTaskForm, taskPeople } from '../../src/task/form.js';
import { beforeSave, checked } from '../../src/slack/boundary.js';
import { TASK } from '../../src/ui/ids.js';
import { newTaskModal } from '../../src/ui/task.js';
import { escape, mention, keep } from '../../src/ui/text.js';
import { addDaysToDate } from '../../src/time.js';
import { workingDayOnOrAfter } from '../../src/workspace/calendar.js';
import type { HandlerDeps } from '../deps.js';
import { refuseUnfitPeople } from './people.js';
import { confirm, oncePerSubmission, readKeyedSubmission } from './submission.js';
import type { ViewArgs } from './types.js';

/**
 * The New task modal for the caller: they do it, due the next working day (the workspace's
 * calendar: after a Friday or a holiday's eve, not the day off), unless they change that.
 */
export function newTaskView(
  ctx: Ctx,
  input: {
    responseUrl?: string;
    customer?: { code: string; name: string };
    /** The ticket it follows up (its card's New task): kept in the metadata, an issue follow-up. */
    ticket?: string;
    /** What to do, filled in (a message's words and its link). */
    content?: string;
  },
): ModalView {
  return newTaskModal(ctx.t, {
    metadata: JSON.stringify({
      ...(input.responseUrl ? { responseUrl: input.responseUrl } : {}),
      ...(input.ticket ? { ticket: input.ticket } : {}),
    }),
    executor: ctx.actor,
    due: workingDayOnOrAfter(ctx.settings, addDaysToDate(ctx.today, 1)),
    ...(input.customer ? { customer: input.customer } : {}),
    ...(input.ticket ? { kind: 'issue' as const } : {}),
    ...(input.content ? { content: input.content } : {}),
  });
}

/**
 * Submit of New task: each bad field inline; saved once per submission (the modal closes),
 * then the executor is told by DM when someone else planned it, and the planner privately, once
 * per submission (a repeat finds the task planned and says nothing).
 */
export function taskNew(deps: HandlerDeps) {
  return checked<ViewArgs>(`view:${TASK.newView}`, deps.boundary, async (args, ctx) => {
    const submission = readKeyedSubmission(deps, args.body);
    const { form, meta, viewId } = submission;
    // A ticket's New task: linked to it (the service checks it is the customer's, in this workspace).
    const input = {
      ...parseManualTaskForm(form, ctx.today, viewId),
      ...(meta.ticket ? { ticketNumber: meta.ticket } : {}),
    };
    const unfit = await refuseUnfitPeople(deps, args.client, ctx, taskPeople(input));
    // What was typed passed its checks: acked now with the saving view (budget 0), the save
    // after the other requests' acks, as every submission's.
    await beforeSave(args);
    const task = await deps.flows.tasks.createManual(ctx, input, () => args.ack(), unfit);
    const text = ctx.t('task.new.created', {
      kind: ctx.t.plain(`task.kind.${task.kind}`),
      // As the card names it, in the workspace's language: '华东机械（C2026001）'.
      customer: ctx.t.plain('customer.nameCode', {
        name: task.customerName,
        code: task.customerCode,
      }),
      user: keep(mention(task.assigneeId)),
      due: keep(escape(task.dueDate)),
    });
    await oncePerSubmission(deps, ctx, submission, TASK.newView, () =>
      confirm(deps, args, ctx, meta, text),
    );
  });
}
