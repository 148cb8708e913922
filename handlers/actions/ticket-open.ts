import { TICKET } from '../../src/ui/ids.js';
import { requesterTicketCard, requesterTicketModal } from '../../src/ui/requester.js';
import { ticketCard, ticketModalView } from '../../src/ui/ticket.js';
import type { HandlerDeps } from '../deps.js';
import { readButton } from './card-button.js';

/**
 * Open, on a list row, a DM or App Home: the ticket's card as it stands now, privately (with the
 * buttons the clicker may use: `readerCardActions`) where the click came from a message; in a
 * modal (with a link to the card and its thread, no buttons) from App Home, which has no message
 * to answer under.
 */
export function ticketOpen(deps: HandlerDeps) {
  return readButton(TICKET.open, deps, async ({ args, action, value }, ctx) => {
    const read = await deps.flows.tickets.show(ctx, value);
    const inModal = action.container.type === 'view' || !action.response_url;
    if (read.as === 'requester') {
      // A guest's own ticket: the requester's view, never the triage card nor a link to it.
      const tz = ctx.settings.timeZone;
      if (inModal)
        await args.client.views.open({
          trigger_id: action.trigger_id,
          view: requesterTicketModal(ctx.t, read.ticket, tz),
        });
      else
        await args.respond({
          response_type: 'ephemeral',
          replace_original: false,
          ...requesterTicketCard(ctx.t, read.ticket, tz),
        });
      return;
    }
    const { ticket, clock, reveal, actions } = read;
    const card = ticketCard(ctx.t, ticket, clock, ctx.settings.timeZone, ctx.now, {
      reveal,
      actions,
    });
    if (inModal) {
      await args.client.views.open({
        trigger_id: action.trigger_id,
        view: ticketModalView(ctx.t, card, ticket),
      });
      return;
    }
    await args.respond({ response_type: 'ephemeral', replace_original: false, ...card });
  });
}
