import { z } from 'zod';
import { TICKET_LIST_KINDS } from '../../src/ticket/types.js';
import { TICKET } from '../../src/ui/ids.js';
import type { HandlerDeps } from '../deps.js';
import { ticketListFor } from '../tickets.js';
import { readButton } from './card-button.js';
import { parsePayload } from '../../src/slack/payloads.js';
import { clickedThread, replyPrivately, responseUrlSpent } from '../../src/slack/reply.js';
import { markdown } from '../../src/ui/blocks.js';

/** What Next / Previous carry: the list and where the page starts (`overdue:10`). */
const pageValue = z
  .string()
  .regex(/^[a-z]+:\d{1,6}$/)
  .transform((v) => {
    const [kind, offset] = v.split(':');
    return { kind, offset: Number(offset) };
  })
  .pipe(z.object({ kind: z.enum(TICKET_LIST_KINDS), offset: z.number().int().min(0) }));

/** Next / Previous on a ticket list: the page read again and shown in place of the list. */
export function ticketListPage(
  deps: HandlerDeps,
  id: typeof TICKET.listPage | typeof TICKET.listPrevious = TICKET.listPage,
) {
  return readButton(id, deps, async ({ args, action, value }, ctx) => {
    const { kind, offset } = parsePayload(pageValue, value);
    const message = await ticketListFor(deps, ctx, kind, offset);
    try {
      await args.respond({ response_type: 'ephemeral', replace_original: true, ...message });
    } catch (err) {
      // The list's response_url is spent (Slack answers 404 after 30 min or 5 uses, or refuses
      // in a 200's body): the same URL cannot say so either, so the person is told by the bot
      // that the list expired. Any other failure (a timeout, Slack's 5xx) is not an expired
      // list: the error handler tells the person as for any other refusal.
      if (!responseUrlSpent(err)) throw err;
      const e = err as { statusCode?: number; refused?: string };
      ctx.log.info(
        { status: e.statusCode, ...(e.refused ? { error: e.refused } : {}) },
        'ticket list page: response URL refused, list expired',
      );
      const text = ctx.t('ticket.list.expired');
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
