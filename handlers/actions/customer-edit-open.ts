import { customerFormData } from '../../src/customer/form.js';
import { isManager } from '../../src/customer/service.js';
import { translator } from '../../src/i18n/index.js';
import { openWithLoading } from '../../src/slack/modal.js';
import { customerModal } from '../../src/ui/customer.js';
import type { HandlerDeps } from '../deps.js';
import { cardButton } from './card-button.js';

/** Edit on a customer card: the same modal as New, filled in; override fields for managers. */
export function customerEditOpen(deps: HandlerDeps) {
  return cardButton('customer_edit_open', deps, async ({ args, action, code }, req) => {
    await openWithLoading({
      client: args.client,
      triggerId: action.trigger_id,
      locale: deps.services.workspaces.localeFor(req.teamId),
      title: 'customer.modal.editTitle',
      log: req.log,
      build: async () => {
        const { customer, settings, hasOrders } = await deps.services.customers.forEditing(
          req.teamId,
          code,
          req.userId,
        );
        return customerModal(translator(settings.locale), {
          mode: 'edit',
          values: customerFormData(customer),
          metadata: JSON.stringify({ code: customer.code, responseUrl: action.response_url }),
          currency: customer.currency,
          showOverride: isManager(settings, req.userId),
          revenueFromOrders: hasOrders,
        });
      },
    });
  });
}
