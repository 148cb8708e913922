import { z } from 'zod';
import { TASK } from '../../src/ui/ids.js';
import type { MineList } from '../../src/ui/task.js';
import type { HandlerDeps } from '../deps.js';
import { minePage } from '../tasks.js';
import { readButton } from './card-button.js';
import { parsePayload } from '../../src/slack/payloads.js';
import { clickedThread, replyPrivately, responseUrlSpent } from '../../src/slack/reply.js';
import { markdown } from '../../src/ui/blocks.js';

/**
 * What Previous / Next carry (src/ui/task.ts minePageValue): the list and the row the page turns
 * from, its due date and id (`mine|2026-11-25|T…:manual:V…`), within Slack's 2,000 characters.
 * A number is a list drawn before pages were read by key (where its page started): it is drawn
 * again from the start. The id is only where the page starts: the read is the clicker's, in
 * their workspace.
 */
const KEY = /^(mine|approve)\|(\d{4}-\d{2}-\d{2})\|(.{1,1980})$/s;

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
 * Previous / Next under `/task mine` and `/task mine approve`: that page of the clicker's own
 * list (whoever clicks sees theirs), read from the row the page turns from (Next: after the
 * page's last row, Previous: before its first), shown in place of the list.
 */
export function taskMinePage(
  deps: HandlerDeps,
  id: typeof TASK.minePage | typeof TASK.minePrevious = TASK.minePage,
) {
  return readButton(id, deps, async ({ args, action, value }, ctx) => {
    const { list, key } = parsePayload(pageValue, value);
    const at = !key ? {} : id === TASK.minePrevious ? { before: key } : { after: key };
    const page = await minePage(deps, ctx, list, at);
    try {
      await args.respond({ response_type: 'ephemeral', replace_original: true, ...page });
    } catch (err) {
      // The list's response_url is spent (404 after 30 min or 5 uses, or a refusal in a 200's
      // body), as for a ticket list (ticket-list-page.ts): the person is told by the bot that the
      // list expired, not an internal error for a page flip that saves nothing. Any other failure
      // (a timeout, Slack's 5xx) goes to the error handler as before.
      if (!responseUrlSpent(err)) throw err;
      const e = err as { statusCode?: number; refused?: string };
      ctx.log.info(
        { status: e.statusCode, ...(e.refused ? { error: e.refused } : {}) },
        'task list page: response URL refused, list expired',
      );
      const text = ctx.t('task.mine.expired', { list });
      await replyPrivately(
        args.client,
        {
          channelId: action.channel?.id ?? action.container.channel_id,
          threadTs: clickedThread(args.body),
          userId: ctx.actor,
        },
        { text, blocks: [markdown(text)] },
        { urls: deps.responseUrls, log: ctx.log },
      );
    }
  });
}
