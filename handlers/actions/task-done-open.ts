import { translator } from '../../src/i18n/index.js';
import { boundary } from '../../src/slack/boundary.js';
import { blockActionSchema } from '../../src/slack/payloads.js';
import { localDate } from '../../src/time.js';
import { taskDoneModal } from '../../src/ui/task.js';
import type { HandlerDeps } from '../deps.js';
import type { ActionArgs } from './types.js';

/**
 * Done on a task reminder: opens the modal that records the outcome. Who may not complete it,
 * or a task done or cancelled meanwhile, is told at once instead of after filling it in.
 */
export function taskDoneOpen(deps: HandlerDeps) {
  return boundary<ActionArgs>('action:task_done_open', deps.boundary, async (args, req) => {
    await args.ack();
    const click = blockActionSchema.parse(args.body);
    const task = await deps.services.tasks.forCompletion(
      req.teamId,
      click.actions[0]!.value ?? '',
      req.userId,
    );
    const settings = await deps.services.workspaces.settings(req.teamId);
    const metadata = JSON.stringify({
      task: task.id,
      ...(click.response_url ? { responseUrl: click.response_url } : {}),
    });
    await args.client.views.open({
      trigger_id: click.trigger_id,
      view: taskDoneModal(
        translator(settings.locale),
        task,
        localDate(deps.clock.now(), settings.timeZone),
        metadata,
      ),
    });
  });
}
