import type { BlockAction } from '../../src/slack/payloads.js';
import { localTime } from '../../src/time.js';
import { TASK } from '../../src/ui/ids.js';
import { minePageOfRow, minePageRefText, taskDoneModal } from '../../src/ui/task.js';
import { openTaskModal, taskButton, type OpenTaskModal } from './task-modal.js';

/**
 * Done on a task reminder: opens the modal that records the outcome. Who may not complete it,
 * or a task done or cancelled meanwhile, is told at once (ephemeral) instead of after filling
 * it in (a read or two, well within the trigger's 3 s).
 */
export const taskDoneOpen = taskButton(TASK.doneOpen, openDoneModal);

/** The Done modal of `taskId`, opened on the click's trigger (a button, a row's menu). */
export async function openDoneModal(
  ...[deps, args, action, ctx, taskId]: Parameters<OpenTaskModal>
): Promise<void> {
  // Its words and how it starts say how the primary contact wants to be reached.
  const [task] = await deps.services.tasks.withReach(
    ctx,
    [await deps.services.tasks.forCompletion(ctx, taskId)],
    ctx.actor,
  );
  if (!task) return;
  // A quarterly satisfaction survey names the contact surveyed: the customer's contacts.
  const contacts =
    task.kind === 'survey' ? await deps.services.tasks.surveyContacts(ctx, task) : [];
  await openTaskModal(
    args,
    action,
    task.id,
    (metadata) =>
      taskDoneModal(
        ctx.t,
        task,
        ctx.today,
        metadata,
        { time: localTime(ctx.now, ctx.settings.timeZone), timeZone: ctx.settings.timeZone },
        contacts,
        ctx.actor,
      ),
    {
      taskKind: task.kind,
      // Clicked on a row of the clicker's `/task mine` or `/task team` list (only they see it):
      // its save draws that page again in its place.
      ...(fromMinePage(action) ? { minePage: fromMinePage(action) } : {}),
    },
  );
}

/**
 * The `/task mine` (or `/task team`) page a Done was clicked on (its row's block id), as a
 * modal's metadata carries it: only a click on a message only the clicker sees (the list is an
 * ephemeral answer, replaced through the click's response_url), with that URL.
 */
export function fromMinePage(action: BlockAction): string | undefined {
  const ref = minePageOfRow(action.actions[0]?.block_id);
  const ephemeral = (action.container as { is_ephemeral?: unknown }).is_ephemeral === true;
  return ref && ephemeral && action.response_url ? minePageRefText(ref) : undefined;
}
