import { isManager } from '../../src/customer/service.js';
import { translator } from '../../src/i18n/index.js';
import { boundary } from '../../src/slack/boundary.js';
import { openWithLoading } from '../../src/slack/modal.js';
import { blockActionSchema } from '../../src/slack/payloads.js';
import { customerFormValues, customerModal } from '../../src/ui/customer.js';
import type { HandlerDeps } from '../deps.js';
import type { ActionArgs } from './types.js';

/** Edit on a customer card: the same modal as New, filled in; override fields for managers. */
export function customerEditOpen(deps: HandlerDeps) {
  return boundary<ActionArgs>(
    'action:customer_edit_open',
    deps.boundary,
    async ({ ack, body, client }, req) => {
      await ack();
      const action = blockActionSchema.parse(body);
      const code = action.actions[0]!.value ?? '';
      await openWithLoading({
        client,
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
            values: customerFormValues(customer),
            metadata: JSON.stringify({ code: customer.code, responseUrl: action.response_url }),
            currency: customer.currency,
            showOverride: isManager(settings, req.userId),
            revenueFromOrders: hasOrders,
          });
        },
      });
    },
  );
}
