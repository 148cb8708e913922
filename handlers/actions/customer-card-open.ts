import { customerCardFor } from '../cards.js';
import type { HandlerDeps } from '../deps.js';
import { cardButton } from './card-button.js';

/** Open on a find result: the customer's card, masked for the viewer. */
export function customerCardOpen(deps: HandlerDeps) {
  return cardButton('customer_card_open', deps, async ({ args, code }, req) => {
    const card = await customerCardFor(deps, req.teamId, code, req.userId);
    await args.respond({ response_type: 'ephemeral', replace_original: false, ...card });
  });
}
