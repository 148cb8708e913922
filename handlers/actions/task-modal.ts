import type { ModalView } from '@slack/types';
import type { BlockAction, ModalMetadata } from '../../src/slack/payloads.js';
import type { ActionArgs } from './types.js';

/**
 * Opens a task's modal (Done, Change due date, Edit task) on the click's trigger. Its metadata
 * names the task, `extra` fields of the modal's own, and the click's response_url, where the
 * submission says what it did.
 */
export async function openTaskModal(
  args: ActionArgs,
  action: BlockAction,
  taskId: string,
  view: (metadata: string) => ModalView,
  extra: Omit<ModalMetadata, 'task' | 'responseUrl'> = {},
): Promise<void> {
  const metadata = JSON.stringify({
    task: taskId,
    ...extra,
    ...(action.response_url ? { responseUrl: action.response_url } : {}),
  });
  await args.client.views.open({ trigger_id: action.trigger_id, view: view(metadata) });
}
