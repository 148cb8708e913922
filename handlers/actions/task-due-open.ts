import { TASK } from '../../src/ui/ids.js';
import { taskDueModal } from '../../src/ui/task.js';
import type { HandlerDeps } from '../deps.js';
import { cardButton } from './card-button.js';

/**
 * Change due date on a task row: opens a modal with a date picker. Who may not move the task,
 * or a task done or cancelled meanwhile, is told at once (ephemeral) instead of after picking.
 */
export function taskDueOpen(deps: HandlerDeps) {
  return cardButton(TASK.dueOpen, deps, async ({ args, action, value }, ctx) => {
    const task = await deps.services.tasks.forReschedule(ctx, value);
    const metadata = JSON.stringify({
      task: task.id,
      ...(action.response_url ? { responseUrl: action.response_url } : {}),
    });
    await args.client.views.open({
      trigger_id: action.trigger_id,
      view: taskDueModal(ctx.t, task, ctx.today, metadata, ctx.settings.timeZone),
    });
  });
}
