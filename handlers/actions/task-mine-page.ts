import { z } from 'zod';
import { TASK } from '../../src/ui/ids.js';
import type { MineList } from '../../src/ui/task.js';
import type { HandlerDeps } from '../deps.js';
import { minePage } from '../tasks.js';
import { readButton, showListPage } from './card-button.js';
import { parsePayload } from '../../src/slack/payloads.js';

/**
 * What Previous / Next carry (src/ui/task.ts minePageValue): the list and the row the page turns
 * from, its due date and id (`mine|2026-11-25|T…:manual:V…`), within Slack's 2,000 characters.
 * A number is a list drawn before pages were read by key (where its page started): it is drawn
 * again from the start. The id is only where the page starts: the read is the clicker's, in
 * their workspace.
 */
const KEY = /^(mine|approve|team)\|(\d{4}-\d{2}-\d{2})\|(.{1,1980})$/s;

const pageValue = z.union([
  z
    .string()
    .regex(/^\d{1,6}$/)
    .transform(() => ({ list: 'mine' as const, key: undefined })),
  z
    .string()
    .max(2000)
    .regex(KEY)
    .transform((v) => {
      const [, list, dueDate, id] = KEY.exec(v) as unknown as [string, MineList, string, string];
      return { list, key: { dueDate, id } };
    }),
]);

/**
 * Previous / Next under `/task mine`, `/task mine approve` and `/task team`: that page of the
 * clicker's own list (whoever clicks sees theirs; `/task team` refused to whoever may not read it), read from the row the page turns from (Next: after the
 * page's last row, Previous: before its first), shown in place of the list.
 */
export function taskMinePage(
  deps: HandlerDeps,
  id: typeof TASK.minePage | typeof TASK.minePrevious = TASK.minePage,
) {
  return readButton(id, deps, async (input, ctx) => {
    const { list, key } = parsePayload(pageValue, input.value);
    const at = !key ? {} : id === TASK.minePrevious ? { before: key } : { after: key };
    const page = await minePage(deps, ctx, list, at);
    await showListPage(deps, input, ctx, page, {
      list: 'task',
      text: ctx.t('task.mine.expired', { list }),
      unreached: ctx.t('task.mine.unreached', { list }),
    });
  });
}
