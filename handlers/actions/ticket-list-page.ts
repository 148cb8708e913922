import { z } from 'zod';
import { TICKET_LIST_KINDS } from '../../src/ticket/types.js';
import { TICKET } from '../../src/ui/ids.js';
import type { HandlerDeps } from '../deps.js';
import { ticketListFor } from '../tickets.js';
import { readButton, showListPage } from './card-button.js';
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
export function ticketListPage(
  deps: HandlerDeps,
  id: typeof TICKET.listPage | typeof TICKET.listPrevious = TICKET.listPage,
) {
  return readButton(id, deps, async (input, ctx) => {
    const { kind, offset } = parsePayload(pageValue, input.value);
    const message = await ticketListFor(deps, ctx, kind, offset);
    await showListPage(deps, input, ctx, message, {
      list: 'ticket',
      text: ctx.t('ticket.list.expired'),
      unreached: ctx.t('ticket.list.unreached'),
    });
  });
}
