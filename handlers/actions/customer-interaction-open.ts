import { translator } from '../../src/i18n/index.js';
import { boundary } from '../../src/slack/boundary.js';
import { blockActionSchema } from '../../src/slack/payloads.js';
import { localDate } from '../../src/time.js';
import { interactionModal } from '../../src/ui/customer.js';
import type { HandlerDeps } from '../deps.js';
import type { ActionArgs } from './types.js';

/** Log interaction on a customer card: anyone who talked to the customer may log it. */
export function customerInteractionOpen(deps: HandlerDeps) {
  return boundary<ActionArgs>(
    'action:customer_interaction_open',
    deps.boundary,
    async ({ ack, body, client }, req) => {
      await ack();
      const action = blockActionSchema.parse(body);
      const code = action.actions[0]!.value ?? '';
      const settings = await deps.services.workspaces.settings(req.teamId);
      const customer = await deps.services.customers.get(req.teamId, code);
      await client.views.open({
        trigger_id: action.trigger_id,
        view: interactionModal(translator(settings.locale), {
          name: `${customer.name} · ${customer.code}`,
          today: localDate(deps.clock.now(), settings.timeZone),
          metadata: JSON.stringify({ code: customer.code, responseUrl: action.response_url }),
        }),
      });
    },
  );
}
