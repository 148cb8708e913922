import type { HandlerDeps } from '../deps.js';
import { newTicketModal } from '../tickets.js';
import { cardButton } from './card-button.js';

/** New ticket on a customer card: the ticket modal with that customer picked. */
export function customerTicketNew(deps: HandlerDeps) {
  return cardButton('customer_ticket_new', deps, async ({ args, action, code }, req) => {
    const customer = await deps.services.customers.get(req.teamId, code);
    await args.client.views.open({
      trigger_id: action.trigger_id,
      view: await newTicketModal(deps, req.teamId, {
        metadata: JSON.stringify({ responseUrl: action.response_url }),
        customer: { code: customer.code, name: customer.name },
      }),
    });
  });
}
