import { TASK } from '../../src/ui/ids.js';
import { taskDueModal } from '../../src/ui/task.js';
import { openTaskModal, taskButton, type OpenTaskModal } from './task-modal.js';

/**
 * Change due date on a task row: opens a modal with a date picker. Who may not move the task,
 * or a task done or cancelled meanwhile, is told at once (ephemeral) instead of after picking.
 */
export const taskDueOpen = taskButton(TASK.dueOpen, openDueModal);

/** The Change due date modal of `taskId`, opened on the click's trigger (a button, a menu). */
export async function openDueModal(
  ...[deps, args, action, ctx, taskId]: Parameters<OpenTaskModal>
): Promise<void> {
  const task = await deps.services.tasks.forReschedule(ctx, taskId);
  await openTaskModal(args, action, task.id, (metadata) =>
    taskDueModal(ctx.t, task, ctx.today, metadata, ctx.settings.timeZone, ctx.actor),
  );
}
