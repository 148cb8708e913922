import { translator } from '../../src/i18n/index.js';
import { historyMessage } from '../../src/ui/customer.js';
import type { HandlerDeps } from '../deps.js';
import { cardButton } from './card-button.js';

/** History on a customer card: the latest changes, newest first, as an ephemeral reply. */
export function customerHistory(deps: HandlerDeps) {
  return cardButton('customer_history', deps, async ({ args, code }, req) => {
    const settings = await deps.services.workspaces.settings(req.teamId);
    const { customer, items, total } = await deps.services.customers.history(
      req.teamId,
      code,
      req.userId,
    );
    const message = historyMessage(
      translator(settings.locale),
      customer,
      items,
      total,
      settings.timeZone,
    );
    await args.respond({ response_type: 'ephemeral', replace_original: false, ...message });
  });
}
