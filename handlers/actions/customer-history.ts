import { translator } from '../../src/i18n/index.js';
import { boundary } from '../../src/slack/boundary.js';
import { blockActionSchema } from '../../src/slack/payloads.js';
import { historyMessage } from '../../src/ui/customer.js';
import type { HandlerDeps } from '../deps.js';
import type { ActionArgs } from './types.js';

/** History on a customer card: the latest changes, newest first, as an ephemeral reply. */
export function customerHistory(deps: HandlerDeps) {
  return boundary<ActionArgs>(
    'action:customer_history',
    deps.boundary,
    async ({ ack, body, respond }, req) => {
      await ack();
      const action = blockActionSchema.parse(body);
      const settings = await deps.services.workspaces.settings(req.teamId);
      const { customer, items, total } = await deps.services.customers.history(
        req.teamId,
        action.actions[0]!.value ?? '',
        req.userId,
      );
      const message = historyMessage(
        translator(settings.locale),
        customer,
        items,
        total,
        settings.timeZone,
      );
      await respond({ response_type: 'ephemeral', replace_original: false, ...message });
    },
  );
}
