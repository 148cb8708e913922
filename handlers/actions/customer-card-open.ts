import { CUSTOMER } from '../../src/ui/ids.js';
import { customerCardFor } from '../cards.js';
import type { HandlerDeps } from '../deps.js';
import { readButton } from './card-button.js';

/** Open on a find result: the customer's card, masked for the viewer. */
export function customerCardOpen(deps: HandlerDeps) {
  return readButton(CUSTOMER.openButton, deps, async ({ args, value }, ctx) => {
    const card = await customerCardFor(deps, ctx, value);
    await args.respond({ response_type: 'ephemeral', replace_original: false, ...card });
  });
}
