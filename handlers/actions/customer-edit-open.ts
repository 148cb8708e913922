import { isManager, mayEditField } from '../../src/customer/access.js';
import { customerFormData } from '../../src/customer/form.js';
import { customerModal } from '../../src/ui/customer.js';
import { CUSTOMER } from '../../src/ui/ids.js';
import type { HandlerDeps } from '../deps.js';
import { modalButton } from './card-button.js';

/** Edit on a customer card: the same modal as New, filled in; override fields for managers. */
export function customerEditOpen(deps: HandlerDeps) {
  return modalButton(
    CUSTOMER.editButton,
    deps,
    'customer.modal.editTitle',
    async ({ action, value }, ctx) => {
      const { customer, hasOrders } = await deps.services.customers.forEditing(ctx, value);
      return customerModal(ctx.t, {
        mode: 'edit',
        values: customerFormData(customer),
        metadata: JSON.stringify({ code: customer.code, responseUrl: action.response_url }),
        currency: customer.currency,
        showOverride: isManager(ctx.settings, ctx.actor),
        serviceOnly: !mayEditField(ctx.settings, customer, ctx.actor, { edit: 'commercial' }),
        revenueFromOrders: hasOrders,
      });
    },
  );
}
