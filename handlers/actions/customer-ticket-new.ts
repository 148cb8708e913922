import { TICKET } from '../../src/ui/ids.js';
import type { HandlerDeps } from '../deps.js';
import { newTicketModal } from '../tickets.js';
import { readButton } from './card-button.js';

/** New ticket on a customer card: the ticket modal with that customer picked. */
export function customerTicketNew(deps: HandlerDeps) {
  return readButton(TICKET.newFromCustomer, deps, async ({ args, action, value }, ctx) => {
    const customer = await deps.services.customers.read(ctx, value);
    await args.client.views.open({
      trigger_id: action.trigger_id,
      view: newTicketModal(ctx, {
        metadata: JSON.stringify({ responseUrl: action.response_url }),
        customer: { code: customer.code, name: customer.name },
      }),
    });
  });
}
