import { z } from 'zod';
import { TASK } from '../../src/ui/ids.js';
import type { HandlerDeps } from '../deps.js';
import { myTasksPage } from '../tasks.js';
import { cardButton } from './card-button.js';
import { parsePayload } from '../../src/slack/payloads.js';

/** What Previous / Next carry: where the page starts (`20`). */
const pageValue = z
  .string()
  .regex(/^\d{1,6}$/)
  .transform(Number);

/**
 * Previous / Next under `/task mine`: that page of the clicker's own open tasks (whoever
 * clicks sees theirs), shown in place of the list.
 */
export function taskMinePage(
  deps: HandlerDeps,
  id: typeof TASK.minePage | typeof TASK.minePrevious = TASK.minePage,
) {
  return cardButton(id, deps, async ({ args, value }, ctx) => {
    const offset = parsePayload(pageValue, value);
    await args.respond({
      response_type: 'ephemeral',
      replace_original: true,
      ...(await myTasksPage(deps, ctx, offset)),
    });
  });
}
