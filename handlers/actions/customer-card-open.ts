import { translator } from '../../src/i18n/index.js';
import { boundary } from '../../src/slack/boundary.js';
import { blockActionSchema } from '../../src/slack/payloads.js';
import { customerCard } from '../../src/ui/customer.js';
import type { HandlerDeps } from '../deps.js';
import type { ActionArgs } from './types.js';

/** Open on a find result: the customer's card, masked for the viewer. */
export function customerCardOpen(deps: HandlerDeps) {
  return boundary<ActionArgs>(
    'action:customer_card_open',
    deps.boundary,
    async ({ ack, body, respond }, req) => {
      await ack();
      const action = blockActionSchema.parse(body);
      const settings = await deps.services.workspaces.settings(req.teamId);
      const { customers } = deps.services;
      const customer = await customers.get(req.teamId, action.actions[0]!.value ?? '');
      const card = customerCard(
        translator(settings.locale),
        customers.viewFor(customer, settings, req.userId),
        {
          timeZone: settings.timeZone,
        },
      );
      await respond({ response_type: 'ephemeral', replace_original: false, ...card });
    },
  );
}
