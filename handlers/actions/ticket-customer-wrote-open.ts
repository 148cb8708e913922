import { localTime } from '../../src/time.js';
import { TICKET } from '../../src/ui/ids.js';
import { customerWroteModal } from '../../src/ui/requester.js';
import type { HandlerDeps } from '../deps.js';
import type { Ctx } from '../../src/context.js';
import { cardButton, type CardButtonInput } from './card-button.js';

/**
 * "Customer wrote…" on a card or a Home row: what a customer outside Slack said is recorded. The
 * modal opens with now as the time; who may not answer for the desk, a ticket no longer open or
 * one whose requester is in Slack, is told at once.
 */
export function ticketCustomerWroteOpen(deps: HandlerDeps) {
  return cardButton(TICKET.customerWroteOpen, deps, (input, ctx) =>
    openCustomerWrote(deps, input, ctx),
  );
}

/** Customer wrote's modal for ticket `value` (its button, or its choice in the card's menu). */
export async function openCustomerWrote(
  deps: HandlerDeps,
  { args, action, value }: CardButtonInput,
  ctx: Ctx,
): Promise<void> {
  const ticket = await deps.services.tickets.get(ctx, value);
  deps.services.tickets.assertMayRecordCustomer(ctx, ticket);
  const { timeZone } = ctx.settings;
  await args.client.views.open({
    trigger_id: action.trigger_id,
    view: customerWroteModal(ctx.t, {
      metadata: JSON.stringify({ ticket: ticket.number }),
      ticket,
      date: ctx.today,
      time: localTime(ctx.now, timeZone),
      timeZone,
    }),
  });
}
