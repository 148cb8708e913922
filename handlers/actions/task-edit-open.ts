import { editShown } from '../../src/task/form.js';
import { TASK } from '../../src/ui/ids.js';
import { taskEditModal } from '../../src/ui/task.js';
import { openTaskModal, taskButton, type OpenTaskModal } from './task-modal.js';

/**
 * Edit task on a task row: opens the modal with the fields the task may change, filled as they
 * are (and, in its metadata, what it showed: the submission writes only what the person changed). Who may not edit it, or a task done or cancelled meanwhile, is told at once (ephemeral).
 */
export const taskEditOpen = taskButton(TASK.editOpen, openEditModal);

/** The Edit task modal of `taskId`, opened on the click's trigger (a button, a row's menu). */
export async function openEditModal(
  ...[deps, args, action, ctx, taskId]: Parameters<OpenTaskModal>
): Promise<void> {
  const task = await deps.services.tasks.forEdit(ctx, taskId);
  await openTaskModal(
    args,
    action,
    task.id,
    (metadata) => taskEditModal(ctx.t, task, ctx.today, metadata, ctx.actor),
    { taskShown: editShown(task) },
  );
}
