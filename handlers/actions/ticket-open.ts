import { TICKET } from '../../src/ui/ids.js';
import { ticketCard, ticketModalView } from '../../src/ui/ticket.js';
import type { HandlerDeps } from '../deps.js';
import { cardButton } from './card-button.js';

/**
 * Open, on a list row, a DM or App Home: the ticket's card as it stands now, privately (with its
 * buttons) where the click came from a message; in a modal (with a link to the card and its
 * thread) from App Home, which has no message to answer under.
 */
export function ticketOpen(deps: HandlerDeps) {
  return cardButton(TICKET.open, deps, async ({ args, action, value }, ctx) => {
    const { ticket, clock, reveal } = await deps.flows.tickets.show(ctx, value);
    const card = ticketCard(ctx.t, ticket, clock, ctx.settings.timeZone, ctx.now, { reveal });
    if (action.container.type === 'view' || !action.response_url) {
      await args.client.views.open({
        trigger_id: action.trigger_id,
        view: ticketModalView(ctx.t, card, ticket),
      });
      return;
    }
    await args.respond({ response_type: 'ephemeral', replace_original: false, ...card });
  });
}
