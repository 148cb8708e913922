import type { Ctx } from '../src/context.js';
import { localTime } from '../src/time.js';
import type { Message } from '../src/ui/blocks.js';
import { ticketCard, ticketModal, type TicketModalInput } from '../src/ui/ticket.js';
import type { HandlerDeps } from './deps.js';

/** A ticket's card as it stands now (for `/ticket T…`). */
export async function ticketCardFor(deps: HandlerDeps, ctx: Ctx, number: string): Promise<Message> {
  const { ticket, clock } = await deps.flows.tickets.show(ctx, number);
  return ticketCard(ctx.t, ticket, clock, ctx.settings.timeZone);
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
