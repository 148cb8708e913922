import { translator } from '../../src/i18n/index.js';
import { boundary } from '../../src/slack/boundary.js';
import { openWithLoading } from '../../src/slack/modal.js';
import { blockActionSchema } from '../../src/slack/payloads.js';
import { localDate } from '../../src/time.js';
import { orderModal } from '../../src/ui/customer.js';
import type { HandlerDeps } from '../deps.js';
import type { ActionArgs } from './types.js';

/** Record order on a customer card (owner, managers and admins). */
export function customerOrderOpen(deps: HandlerDeps) {
  return boundary<ActionArgs>(
    'action:customer_order_open',
    deps.boundary,
    async ({ ack, body, client }, req) => {
      await ack();
      const action = blockActionSchema.parse(body);
      const code = action.actions[0]!.value ?? '';
      await openWithLoading({
        client,
        triggerId: action.trigger_id,
        locale: deps.services.workspaces.localeFor(req.teamId),
        title: 'order.modal.title',
        log: req.log,
        build: async () => {
          const { customer, settings } = await deps.services.customers.forEditing(
            req.teamId,
            code,
            req.userId,
          );
          return orderModal(translator(settings.locale), {
            name: `${customer.name} · ${customer.code}`,
            today: localDate(deps.clock.now(), settings.timeZone),
            currency: customer.currency,
            metadata: JSON.stringify({ code: customer.code, responseUrl: action.response_url }),
          });
        },
      });
    },
  );
}
