import { translator } from '../../src/i18n/index.js';
import { openWithLoading } from '../../src/slack/modal.js';
import { localDate } from '../../src/time.js';
import { interactionModal } from '../../src/ui/customer.js';
import type { HandlerDeps } from '../deps.js';
import { cardButton } from './card-button.js';

/** Log interaction on a customer card: anyone who talked to the customer may log it. */
export function customerInteractionOpen(deps: HandlerDeps) {
  return cardButton('customer_interaction_open', deps, async ({ args, action, code }, req) => {
    await openWithLoading({
      client: args.client,
      triggerId: action.trigger_id,
      locale: deps.services.workspaces.localeFor(req.teamId),
      title: 'interaction.modal.title',
      log: req.log,
      build: async () => {
        const settings = await deps.services.workspaces.settings(req.teamId);
        const customer = await deps.services.customers.get(req.teamId, code);
        return interactionModal(translator(settings.locale), {
          name: `${customer.name} · ${customer.code}`,
          today: localDate(deps.clock.now(), settings.timeZone),
          metadata: JSON.stringify({ code: customer.code, responseUrl: action.response_url }),
        });
      },
    });
  });
}
