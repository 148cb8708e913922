import type { Ctx } from '../../src/context.js';
import type { BlockAction } from '../../src/slack/payloads.js';
import { TASK } from '../../src/ui/ids.js';
import { taskDueModal } from '../../src/ui/task.js';
import type { HandlerDeps } from '../deps.js';
import { readButton } from './card-button.js';
import { openTaskModal } from './task-modal.js';
import type { ActionArgs } from './types.js';

/**
 * Change due date on a task row: opens a modal with a date picker. Who may not move the task,
 * or a task done or cancelled meanwhile, is told at once (ephemeral) instead of after picking.
 */
export function taskDueOpen(deps: HandlerDeps) {
  return readButton(TASK.dueOpen, deps, ({ args, action, value }, ctx) =>
    openDueModal(deps, args, action, ctx, value),
  );
}

/** The Change due date modal of `taskId`, opened on the click's trigger (a button, a menu). */
export async function openDueModal(
  deps: HandlerDeps,
  args: ActionArgs,
  action: BlockAction,
  ctx: Ctx,
  taskId: string,
): Promise<void> {
  const task = await deps.services.tasks.forReschedule(ctx, taskId);
  await openTaskModal(args, action, task.id, (metadata) =>
    taskDueModal(ctx.t, task, ctx.today, metadata, ctx.settings.timeZone),
  );
}
