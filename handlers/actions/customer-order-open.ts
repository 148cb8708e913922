import { orderModal } from '../../src/ui/customer.js';
import { CUSTOMER } from '../../src/ui/ids.js';
import { ownerExecutor } from '../../src/workspace/types.js';
import type { HandlerDeps } from '../deps.js';
import { modalButton } from './card-button.js';

/** Record order on a customer card (owner, managers and admins; asked before it opens). */
export function customerOrderOpen(deps: HandlerDeps) {
  return modalButton(
    CUSTOMER.orderButton,
    deps,
    'order.modal.title',
    async ({ action, value }, ctx) => {
      const customer = await deps.services.customers.forAction(ctx, value, 'customer.recordOrder');
      return orderModal(ctx.t, {
        name: `${customer.name} · ${customer.code}`,
        today: ctx.today,
        currency: customer.currency,
        // A guest owner does no task: the hint names the stand-in the daily run gives the revisit.
        standIn: customer.ownerGuest ? ownerExecutor(ctx.settings, customer) : undefined,
        metadata: JSON.stringify({ code: customer.code, responseUrl: action.response_url }),
      });
    },
  );
}
