import type { Ctx } from '../../src/context.js';
import type { ModalMetadata } from '../../src/slack/payloads.js';
import { replaceOriginal } from '../../src/slack/reply.js';
import { readMinePageRef } from '../../src/ui/task.js';
import type { Mrkdwn } from '../../src/ui/text.js';
import type { HandlerDeps } from '../deps.js';
import { minePage } from '../tasks.js';
import { confirm } from './submission.js';
import type { ViewArgs } from './types.js';

/**
 * A task saved from a row of the clicker's list (`/task mine`, `/task mine approve`, `/task
 * team`: the modal's `minePage`): that page drawn again in its place, without the task, `text`
 * (what was done) opening it; else (or its response URL expired or used up) `text` as a new
 * message, as from a reminder or App Home. A replacement that may have been shown (a 5xx, no
 * answer) is not followed by anything; one that never left is said by the bot, not posted to
 * that URL again.
 */
export async function redrawListOrConfirm(
  deps: HandlerDeps,
  args: Pick<ViewArgs, 'client'>,
  ctx: Ctx,
  meta: ModalMetadata,
  text: Mrkdwn,
): Promise<void> {
  const page = readMinePageRef(meta.minePage);
  if (page && meta.responseUrl) {
    // The task is saved: a page that cannot be read now is no error, the confirmation goes.
    const redrawn = await minePage(deps, ctx, page.list, page.at, text).catch((err: unknown) => {
      ctx.log.warn({ err }, 'task list not drawn again after its save');
      return undefined;
    });
    const guard = { urls: deps.responseUrls, log: ctx.log };
    const replaced = redrawn ? await replaceOriginal(meta.responseUrl, redrawn, guard) : undefined;
    if (replaced === 'replaced' || replaced === 'unsure') return;
    if (replaced === 'unsent') {
      await confirm(deps, args, ctx, { ...meta, responseUrl: undefined }, text);
      return;
    }
  }
  await confirm(deps, args, ctx, meta, text);
}
