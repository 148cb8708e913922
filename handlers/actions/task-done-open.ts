import { localTime } from '../../src/time.js';
import { TASK } from '../../src/ui/ids.js';
import { taskDoneModal } from '../../src/ui/task.js';
import type { HandlerDeps } from '../deps.js';
import { cardButton } from './card-button.js';

/**
 * Done on a task reminder: opens the modal that records the outcome. Who may not complete it,
 * or a task done or cancelled meanwhile, is told at once (ephemeral) instead of after filling
 * it in (a read or two, well within the trigger's 3 s).
 */
export function taskDoneOpen(deps: HandlerDeps) {
  return cardButton(TASK.doneOpen, deps, async ({ args, action, value }, ctx) => {
    const task = await deps.services.tasks.forCompletion(ctx, value);
    // A quarterly satisfaction survey names the contact surveyed: the customer's contacts.
    const contacts =
      task.kind === 'survey' ? await deps.services.tasks.surveyContacts(ctx, task) : [];
    const metadata = JSON.stringify({
      task: task.id,
      taskKind: task.kind,
      ...(action.response_url ? { responseUrl: action.response_url } : {}),
    });
    await args.client.views.open({
      trigger_id: action.trigger_id,
      view: taskDoneModal(
        ctx.t,
        task,
        ctx.today,
        metadata,
        { time: localTime(ctx.now, ctx.settings.timeZone), timeZone: ctx.settings.timeZone },
        contacts,
      ),
    });
  });
}
