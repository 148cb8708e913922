import type { ModalView } from '@slack/types';
import type { Ctx } from '../../src/context.js';
import type { BlockAction, ModalMetadata } from '../../src/slack/payloads.js';
import type { HandlerDeps } from '../deps.js';
import { readButton } from './card-button.js';
import type { ActionArgs } from './types.js';

/**
 * Opens the modal of the task `taskId` on the click's trigger: from its row's button (see
 * taskButton) or its row's menu (task-row-menu).
 */
export type OpenTaskModal = (
  deps: HandlerDeps,
  args: ActionArgs,
  action: BlockAction,
  ctx: Ctx,
  taskId: string,
) => Promise<void>;

/** A task row's button `actionId` (its value the task's id): `open` opens its modal. */
export function taskButton(actionId: string, open: OpenTaskModal) {
  return (deps: HandlerDeps) =>
    readButton(actionId, deps, ({ args, action, value }, ctx) =>
      open(deps, args, action, ctx, value),
    );
}

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
