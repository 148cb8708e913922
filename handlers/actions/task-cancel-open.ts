import type { Ctx } from '../../src/context.js';
import type { BlockAction } from '../../src/slack/payloads.js';
import { TASK } from '../../src/ui/ids.js';
import { taskCancelModal } from '../../src/ui/task.js';
import type { HandlerDeps } from '../deps.js';
import { readButton } from './card-button.js';
import { openTaskModal } from './task-modal.js';
import type { ActionArgs } from './types.js';

/**
 * Cancel task… on a task row: opens a modal asking why (not needed, or the customer not reached)
 * with what the person may do. Who may do neither, or a task done or cancelled meanwhile, is told
 * at once (ephemeral) instead of after filling it in.
 */
export function taskCancelOpen(deps: HandlerDeps) {
  return readButton(TASK.cancelOpen, deps, ({ args, action, value }, ctx) =>
    openCancelModal(deps, args, action, ctx, value),
  );
}

/** The Cancel task modal of `taskId`, opened on the click's trigger. */
export async function openCancelModal(
  deps: HandlerDeps,
  args: ActionArgs,
  action: BlockAction,
  ctx: Ctx,
  taskId: string,
): Promise<void> {
  const { task, ...may } = await deps.services.tasks.forCancel(ctx, taskId);
  await openTaskModal(args, action, task.id, (metadata) =>
    taskCancelModal(ctx.t, task, ctx.today, metadata, may),
  );
}
