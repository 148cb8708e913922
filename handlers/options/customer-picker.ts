import type { AllMiddlewareArgs, SlackOptionsMiddlewareArgs } from '@slack/bolt';
import { boundary } from '../../src/slack/boundary.js';
import { parsePayload, blockSuggestionSchema } from '../../src/slack/payloads.js';
import { customerOption } from '../../src/ui/customer.js';
import type { HandlerDeps } from '../deps.js';

type Args = SlackOptionsMiddlewareArgs<'block_suggestion'> & AllMiddlewareArgs;

/** Options of the customer picker (external_select): code or name prefix, at most 20. */
export function customerPicker(deps: HandlerDeps) {
  return boundary<Args>('options:customer_picker', deps.boundary, async ({ ack, body }, ctx) => {
    const { value } = parsePayload(blockSuggestionSchema, body);
    const prefix = value.trim();
    const found = prefix ? await deps.services.customers.suggest(ctx, prefix) : [];
    await ack({ options: found.map(customerOption) });
  });
}
