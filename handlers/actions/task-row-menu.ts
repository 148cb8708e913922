import { AppError } from '../../src/errors.js';
import { TASK } from '../../src/ui/ids.js';
import { readRowMenuValue } from '../../src/ui/task.js';
import type { HandlerDeps } from '../deps.js';
import { readButton } from './card-button.js';
import { openCancelModal } from './task-cancel-open.js';
import { openDoneModal } from './task-done-open.js';
import { openDueModal } from './task-due-open.js';
import { openEditModal } from './task-edit-open.js';

/**
 * A task row's menu (a greeting row in the daily DM; a task to sign off on App Home): Done,
 * Change due date, Edit task or Cancel task…, each opening its modal as its button does (the
 * same checks, said at once).
 */
export function taskRowMenu(deps: HandlerDeps) {
  return readButton(TASK.rowMenu, deps, async ({ args, action }, ctx) => {
    const choice = readRowMenuValue(action.actions[0]?.selected_option?.value ?? '', ctx.teamId);
    if (!choice) throw new AppError('INVALID_INPUT', 'error.unreadable');
    const open = {
      done: openDoneModal,
      due: openDueModal,
      edit: openEditModal,
      cancel: openCancelModal,
    }[choice.verb];
    await open(deps, args, action, ctx, choice.taskId);
  });
}
