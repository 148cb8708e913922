import { historyMessage } from '../../src/ui/customer.js';
import { CUSTOMER } from '../../src/ui/ids.js';
import type { HandlerDeps } from '../deps.js';
import { readButton } from './card-button.js';

/** History on a customer card: the latest changes, newest first, as an ephemeral reply. */
export function customerHistory(deps: HandlerDeps) {
  return readButton(CUSTOMER.historyButton, deps, async ({ args, value }, ctx) => {
    const { customer, items, total } = await deps.flows.customers.history(ctx, value);
    const message = historyMessage(ctx.t, customer, items, total, ctx.settings.timeZone);
    await args.respond({ response_type: 'ephemeral', replace_original: false, ...message });
  });
}
