import { z } from 'zod';
import { TICKET_LIST_KINDS } from '../../src/ticket/types.js';
import { TICKET } from '../../src/ui/ids.js';
import type { HandlerDeps } from '../deps.js';
import { ticketListFor } from '../tickets.js';
import { cardButton } from './card-button.js';
import { parsePayload } from '../../src/slack/payloads.js';

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
export function ticketListPage(deps: HandlerDeps) {
  return cardButton(TICKET.listPage, deps, async ({ args, value }, ctx) => {
    const { kind, offset } = parsePayload(pageValue, value);
    const message = await ticketListFor(deps, ctx, kind, offset);
    await args.respond({ response_type: 'ephemeral', replace_original: true, ...message });
  });
}
