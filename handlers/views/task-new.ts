import type { WebClient } from '@slack/web-api';
import type { ModalView } from '@slack/types';
import type { Ctx } from '../../src/context.js';
import { FieldErrors, type FieldProblem } from '../../src/errors.js';
import { parseManualTaskForm } from '../../src/task/form.js';
import type { ManualTaskInput } from '../../src/task/types.js';
import { boundary } from '../../src/slack/boundary.js';
import { TASK } from '../../src/ui/ids.js';
import { newTaskModal } from '../../src/ui/task.js';
import { escape, mention, keep } from '../../src/ui/text.js';
import { addDaysToDate } from '../../src/time.js';
import type { HandlerDeps } from '../deps.js';
import { confirm, readSubmission } from './submission.js';
import type { ViewArgs } from './types.js';

/** The New task modal for the caller: they do it, due tomorrow, unless they change that. */
export function newTaskView(
  ctx: Ctx,
  input: { responseUrl?: string; customer?: { code: string; name: string } },
): ModalView {
  return newTaskModal(ctx.t, {
    metadata: JSON.stringify(input.responseUrl ? { responseUrl: input.responseUrl } : {}),
    executor: ctx.actor,
    due: addDaysToDate(ctx.today, 1),
    ...(input.customer ? { customer: input.customer } : {}),
  });
}

/**
 * Submit of New task: each bad field inline; saved once per submission (the modal closes),
 * then the executor is told by DM when someone else planned it, and the planner privately.
 */
export function taskNew(deps: HandlerDeps) {
  return boundary<ViewArgs>(`view:${TASK.newView}`, deps.boundary, async (args, ctx) => {
    const { form, meta, viewId } = readSubmission(args.body);
    const input = parseManualTaskForm(form, ctx.today, viewId);
    await refuseUnfitPeople(deps, args.client, ctx, input);
    const task = await deps.flows.tasks.createManual(ctx, input, () => args.ack());
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
    await confirm(deps, args, ctx, meta, text);
  });
}

/**
 * Slack's users select cannot leave out bots or deactivated accounts: users.info says who the
 * picked people are (as the roles modal asks it, within a short wait; whoever Slack does not
 * describe in time is taken). Nobody of them does or helps with a task; nor signs one off, and a
 * guest neither (signing off completes the task on the customer's file).
 */
export async function refuseUnfitPeople(
  deps: HandlerDeps,
  client: WebClient,
  ctx: Ctx,
  input: Pick<ManualTaskInput, 'assigneeId' | 'helperId' | 'approverId'>,
): Promise<void> {
  const fields: [string, string | undefined][] = [
    ['executor', input.assigneeId],
    ['helper', input.helperId],
    ['approver', input.approverId],
  ];
  const picked = fields.flatMap(([, id]) => (id ? [id] : []));
  const unfit = await deps.people.unfit(client, ctx.teamId, picked, ctx.log);
  const problems: Record<string, FieldProblem> = {};
  for (const [field, id] of fields) {
    const person = unfit.find((p) => p.userId === id);
    if (!person || (person.reason === 'guest' && field !== 'approver')) continue;
    problems[field] = {
      key: 'task.error.unfit',
      params: { name: person.name.slice(0, 80), reason: person.reason },
    };
  }
  if (Object.keys(problems).length) throw new FieldErrors(problems);
}
