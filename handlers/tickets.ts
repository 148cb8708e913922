import type { Ctx } from '../src/context.js';
import { allowed } from '../src/permissions.js';
import { localTime } from '../src/time.js';
import type { Message } from '../src/ui/blocks.js';
import type { TicketListKind } from '../src/ticket/types.js';
import {
  LIST_PAGE_SIZE,
  ticketCard,
  ticketList,
  ticketModal,
  type TicketModalInput,
} from '../src/ui/ticket.js';
import type { HandlerDeps } from './deps.js';

/** A ticket's card as it stands now (for `/ticket T…`). */
export async function ticketCardFor(deps: HandlerDeps, ctx: Ctx, number: string): Promise<Message> {
  const { ticket, clock, reveal } = await deps.flows.tickets.show(ctx, number);
  return ticketCard(ctx.t, ticket, clock, ctx.settings.timeZone, ctx.now, { reveal });
}

/** The New ticket modal, with "received" defaulting to now in the workspace's zone. */
export function newTicketModal(
  ctx: Ctx,
  input: Omit<TicketModalInput, 'receivedDate' | 'receivedTime' | 'timeZone'>,
) {
  const { timeZone } = ctx.settings;
  return ticketModal(ctx.t, {
    ...input,
    receivedDate: ctx.today,
    receivedTime: localTime(ctx.now, timeZone),
    timeZone,
  });
}

/** A page of a ticket list (`/ticket list …`, `/ticket mine`, Next / Previous), due first. */
export async function ticketListFor(
  deps: HandlerDeps,
  ctx: Ctx,
  kind: TicketListKind,
  offset = 0,
): Promise<Message> {
  const page = await deps.services.tickets.list(ctx, kind, { offset, limit: LIST_PAGE_SIZE });
  return ticketList(ctx.t, {
    kind,
    rows: page.items.map((ticket) => deps.flows.tickets.view(ctx, ticket)),
    total: page.total,
    offset: page.offset,
    timeZone: ctx.settings.timeZone,
    viewer: ctx.actor,
    // An empty list's next step is one the reader may take (only those who may claim, claim).
    next: allowed(ctx, 'ticket.claim') ? 'claim' : allowed(ctx, 'ticket.create') ? 'open' : 'none',
  });
}
