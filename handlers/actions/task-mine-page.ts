import { z } from 'zod';
import { TASK } from '../../src/ui/ids.js';
import { MINE_PAGE_SIZE, myTasks } from '../../src/ui/task.js';
import type { HandlerDeps } from '../deps.js';
import { cardButton } from './card-button.js';

/** What Previous / Next carry: where the page starts (`20`). */
const pageValue = z
  .string()
  .regex(/^\d{1,6}$/)
  .transform(Number);

/**
 * Previous / Next under `/task mine`: that page of the clicker's own open tasks (whoever
 * clicks sees theirs), shown in place of the list.
 */
export function taskMinePage(deps: HandlerDeps) {
  return cardButton(TASK.minePage, deps, async ({ args, value }, ctx) => {
    const offset = pageValue.parse(value);
    const page = await deps.services.tasks.openFor(ctx, ctx.actor, MINE_PAGE_SIZE, offset);
    // Tasks done meanwhile: a page past the end shows the last one instead.
    const last = Math.max(0, Math.floor((page.total - 1) / MINE_PAGE_SIZE) * MINE_PAGE_SIZE);
    const shown =
      offset > last && page.total
        ? {
            ...(await deps.services.tasks.openFor(ctx, ctx.actor, MINE_PAGE_SIZE, last)),
            offset: last,
          }
        : { ...page, offset };
    await args.respond({
      response_type: 'ephemeral',
      replace_original: true,
      ...myTasks(ctx.t, shown, ctx.today),
    });
  });
}
