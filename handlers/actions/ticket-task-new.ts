import type { Ctx } from '../../src/context.js';
import { TICKET } from '../../src/ui/ids.js';
import type { HandlerDeps } from '../deps.js';
import { newTaskView } from '../views/task-new.js';
import { readButton, type CardButtonInput } from './card-button.js';

/**
 * New task about a ticket (its card's menu, or its button on a card with no menu): the task modal
 * with the ticket's customer picked, an issue follow-up linked to the ticket (its number in the
 * metadata; the service checks it again on save). Asked first: a guest, a stale click (the ticket
 * closed or merged) or someone who may not plan a task for the customer gets no form to fill.
 */
export async function openTicketTask(deps: HandlerDeps, input: CardButtonInput, ctx: Ctx) {
  const ticket = await deps.services.tickets.forStaff(ctx, input.value);
  const customer = await deps.services.tasks.ticketToPlanFor(ctx, ticket);
  await input.args.client.views.open({
    trigger_id: input.action.trigger_id,
    view: newTaskView(ctx, {
      ...(input.action.response_url ? { responseUrl: input.action.response_url } : {}),
      customer: { code: customer.code, name: customer.name },
      ticket: ticket.number,
    }),
  });
}

/** New task as a card's button (a card with no menu: a resolved one). */
export function ticketTaskNew(deps: HandlerDeps) {
  return readButton(TICKET.taskNew, deps, (input, ctx) => openTicketTask(deps, input, ctx));
}
