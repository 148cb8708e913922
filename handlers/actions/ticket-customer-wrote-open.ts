import { TICKET } from '../../src/ui/ids.js';
import { customerWroteModal } from '../../src/ui/requester.js';
import type { HandlerDeps } from '../deps.js';
import type { Ctx } from '../../src/context.js';
import { readButton, type CardButtonInput } from './card-button.js';
import { openWhatWasSaid } from './ticket-log-response-open.js';

/**
 * "Customer wrote…" on a card or a Home row: what a customer outside Slack said is recorded. The
 * modal opens with now as the time; who may not answer for the desk, a ticket no longer open or
 * one whose requester is in Slack, is told at once.
 */
export function ticketCustomerWroteOpen(deps: HandlerDeps) {
  return readButton(TICKET.customerWroteOpen, deps, (input, ctx) =>
    openCustomerWrote(deps, input, ctx),
  );
}

/** Customer wrote's modal for ticket `value` (its button, or its choice in the card's menu). */
export function openCustomerWrote(
  deps: HandlerDeps,
  input: CardButtonInput,
  ctx: Ctx,
): Promise<void> {
  return openWhatWasSaid(deps, input, ctx, {
    assert: (ticket) => deps.services.tickets.assertMayRecordCustomer(ctx, ticket),
    modal: customerWroteModal,
  });
}
