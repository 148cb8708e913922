import type { AllMiddlewareArgs, SlackOptionsMiddlewareArgs } from '@slack/bolt';
import { boundary } from '../../src/slack/boundary.js';
import { parsePayload, blockSuggestionSchema } from '../../src/slack/payloads.js';
import { customerOption } from '../../src/ui/customer.js';
import type { HandlerDeps } from '../deps.js';
import { readsDesk } from '../../src/permissions.js';
import { nameKey } from '../../src/customer/rules.js';

/** The customers whose code or name starts with `prefix` (as the picker's search matches). */
function ownMatching<C extends { code: string; name: string }>(own: C[], prefix: string): C[] {
  const key = nameKey(prefix);
  const code = prefix.toUpperCase();
  return own.filter(
    (c) => c.code.toUpperCase().startsWith(code) || (!!key && nameKey(c.name).startsWith(key)),
  );
}

type Args = SlackOptionsMiddlewareArgs<'block_suggestion'> & AllMiddlewareArgs;

/** Options of the customer picker (external_select): code or name prefix, at most 20. */
export function customerPicker(deps: HandlerDeps) {
  return boundary<Args>('options:customer_picker', deps.boundary, async ({ ack, body }, ctx) => {
    const { value } = parsePayload(blockSuggestionSchema, body);
    const prefix = value.trim();
    // A guest of the workspace reads no customer file: only the customers of their own tickets.
    const found = !prefix
      ? []
      : readsDesk(ctx)
        ? await deps.services.customers.suggest(ctx, prefix)
        : ownMatching(await deps.flows.tickets.guestCustomers(ctx), prefix);
    await ack({ options: found.map(customerOption) });
  });
}
