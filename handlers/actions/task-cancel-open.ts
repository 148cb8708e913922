import { TASK } from '../../src/ui/ids.js';
import { taskCancelModal } from '../../src/ui/task.js';
import { fromMinePage } from './task-done-open.js';
import { openTaskModal, taskButton, type OpenTaskModal } from './task-modal.js';

/**
 * Cancel task… on a task row: opens a modal asking why (not needed, or the customer not reached)
 * with what the person may do. Who may do neither, or a task done or cancelled meanwhile, is told
 * at once (ephemeral) instead of after filling it in.
 */
export const taskCancelOpen = taskButton(TASK.cancelOpen, openCancelModal);

/** The Cancel task modal of `taskId`, opened on the click's trigger. */
export async function openCancelModal(
  ...[deps, args, action, ctx, taskId]: Parameters<OpenTaskModal>
): Promise<void> {
  const { task, ...may } = await deps.services.tasks.forCancel(ctx, taskId);
  // Chosen on a row of the clicker's `/task team` list: its save draws that page again.
  const page = fromMinePage(action);
  await openTaskModal(
    args,
    action,
    task.id,
    (metadata) => taskCancelModal(ctx.t, task, ctx.today, metadata, may, ctx.actor),
    page ? { minePage: page } : {},
  );
}
