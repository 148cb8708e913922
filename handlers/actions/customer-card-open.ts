import { translator } from '../../src/i18n/index.js';
import { customerCard } from '../../src/ui/customer.js';
import type { HandlerDeps } from '../deps.js';
import { cardButton } from './card-button.js';

/** Open on a find result: the customer's card, masked for the viewer. */
export function customerCardOpen(deps: HandlerDeps) {
  return cardButton('customer_card_open', deps, async ({ args, code }, req) => {
    const settings = await deps.services.workspaces.settings(req.teamId);
    const { customers } = deps.services;
    const customer = customers.viewFor(await customers.get(req.teamId, code), settings, req.userId);
    const card = customerCard(translator(settings.locale), customer, {
      timeZone: settings.timeZone,
    });
    await args.respond({ response_type: 'ephemeral', replace_original: false, ...card });
  });
}
