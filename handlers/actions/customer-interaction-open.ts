import { interactionModal } from '../../src/ui/customer.js';
import { CUSTOMER } from '../../src/ui/ids.js';
import type { HandlerDeps } from '../deps.js';
import { modalButton } from './card-button.js';

/** Log interaction on a customer card: service staff and the owner (asked before it opens). */
export function customerInteractionOpen(deps: HandlerDeps) {
  return modalButton(
    CUSTOMER.interactionButton,
    deps,
    'interaction.modal.title',
    async ({ action, value }, ctx) => {
      const customer = await deps.services.customers.forAction(
        ctx,
        value,
        'customer.logInteraction',
      );
      return interactionModal(ctx.t, {
        name: `${customer.name} · ${customer.code}`,
        today: ctx.today,
        metadata: JSON.stringify({ code: customer.code, responseUrl: action.response_url }),
      });
    },
  );
}
