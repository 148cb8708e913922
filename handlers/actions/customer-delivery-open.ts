import { isMasked } from '../../src/customer/visibility.js';
import { deliveryModal, DELIVERY_ORDERS } from '../../src/ui/customer.js';
import { CUSTOMER } from '../../src/ui/ids.js';
import { ownerExecutor } from '../../src/workspace/types.js';
import type { HandlerDeps } from '../deps.js';
import { modalButton } from './card-button.js';

/**
 * Record delivery on a customer card: the delivery date of an order on file (Record order's
 * permission, asked before it opens; a customer with no order is refused in the modal).
 */
export function customerDeliveryOpen(deps: HandlerDeps) {
  return modalButton(
    CUSTOMER.deliveryButton,
    deps,
    'delivery.modal.title',
    async ({ action, value }, ctx) => {
      const { customer, orders } = await deps.services.customers.ordersToDeliver(
        ctx,
        value,
        DELIVERY_ORDERS,
      );
      return deliveryModal(ctx.t, {
        name: `${customer.name} · ${customer.code}`,
        today: ctx.today,
        currency: customer.currency,
        orders,
        // The amounts only for a reader who sees the figures on the card (visibility.ts).
        masked: isMasked(deps.services.customers.viewFor(ctx, customer), 'annualRevenue'),
        // A guest owner does no task: the hint names the stand-in the daily run gives the revisit.
        standIn: customer.ownerGuest ? ownerExecutor(ctx.settings, customer) : undefined,
        metadata: JSON.stringify({ code: customer.code, responseUrl: action.response_url }),
      });
    },
  );
}
