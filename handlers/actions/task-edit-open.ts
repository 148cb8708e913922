import type { Ctx } from '../../src/context.js';
import type { BlockAction } from '../../src/slack/payloads.js';
import { editShown } from '../../src/task/form.js';
import { TASK } from '../../src/ui/ids.js';
import { taskEditModal } from '../../src/ui/task.js';
import type { HandlerDeps } from '../deps.js';
import { readButton } from './card-button.js';
import { openTaskModal } from './task-modal.js';
import type { ActionArgs } from './types.js';

/**
 * Edit task on a task row: opens the modal with the fields the task may change, filled as they
 * are (and, in its metadata, what it showed: the submission writes only what the person changed). Who may not edit it, or a task done or cancelled meanwhile, is told at once (ephemeral).
 */
export function taskEditOpen(deps: HandlerDeps) {
  return readButton(TASK.editOpen, deps, ({ args, action, value }, ctx) =>
    openEditModal(deps, args, action, ctx, value),
  );
}

/** The Edit task modal of `taskId`, opened on the click's trigger (a button, a row's menu). */
export async function openEditModal(
  deps: HandlerDeps,
  args: ActionArgs,
  action: BlockAction,
  ctx: Ctx,
  taskId: string,
): Promise<void> {
  const task = await deps.services.tasks.forEdit(ctx, taskId);
  await openTaskModal(
    args,
    action,
    task.id,
    (metadata) => taskEditModal(ctx.t, task, ctx.today, metadata),
    { taskShown: editShown(task) },
  );
}
