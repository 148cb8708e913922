import { z } from 'zod';
import { TICKET_LIST_KINDS } from '../../src/ticket/types.js';
import { TICKET } from '../../src/ui/ids.js';
import type { HandlerDeps } from '../deps.js';
import { ticketListFor } from '../tickets.js';
import { readButton, showListPage } from './card-button.js';
import { parsePayload } from '../../src/slack/payloads.js';

/**
 * What Next / Previous carry: the list, which way, and the shown page's last (`a`: the rows after
 * it) or first row's (`b`: before it) due time in ms (`-`: none stored) and number
 * (`overdue:a:1764561600000:T20260012`); a list shown before keyset paging carries where its
 * page starts (`overdue:10`).
 */
const pageValue = z
  .string()
  .regex(/^[a-z]+:(?:\d{1,6}|[ab]:(?:\d{1,15}|-):T\d{8,12})$/)
  .transform((v) => {
    const [kind, dir, dueAt, number] = v.split(':');
    if (dueAt === undefined) return { kind, offset: Number(dir) };
    return {
      kind,
      dir: dir === 'a' ? 'after' : 'before',
      key: { ...(dueAt === '-' ? {} : { dueAt: new Date(Number(dueAt)) }), number },
    };
  })
  .pipe(
    z.union([
      z.object({ kind: z.enum(TICKET_LIST_KINDS), offset: z.number().int().min(0) }),
      z.object({
        kind: z.enum(TICKET_LIST_KINDS),
        dir: z.enum(['after', 'before']),
        key: z.object({ dueAt: z.date().optional(), number: z.string() }),
      }),
    ]),
  );

/** Next / Previous on a ticket list: the page read again and shown in place of the list. */
export function ticketListPage(
  deps: HandlerDeps,
  id: typeof TICKET.listPage | typeof TICKET.listPrevious = TICKET.listPage,
) {
  return readButton(id, deps, async (input, ctx) => {
    const value = parsePayload(pageValue, input.value);
    const message = await ticketListFor(
      deps,
      ctx,
      value.kind,
      'offset' in value ? value.offset : { dir: value.dir, key: value.key },
    );
    await showListPage(deps, input, ctx, message, {
      list: 'ticket',
      text: ctx.t('ticket.list.expired'),
      unreached: ctx.t('ticket.list.unreached'),
    });
  });
}
