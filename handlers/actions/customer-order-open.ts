import { translator } from '../../src/i18n/index.js';
import { openWithLoading } from '../../src/slack/modal.js';
import { localDate } from '../../src/time.js';
import { orderModal } from '../../src/ui/customer.js';
import type { HandlerDeps } from '../deps.js';
import { cardButton } from './card-button.js';

/** Record order on a customer card (owner, managers and admins). */
export function customerOrderOpen(deps: HandlerDeps) {
  return cardButton('customer_order_open', deps, async ({ args, action, code }, req) => {
    await openWithLoading({
      client: args.client,
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
  });
}
