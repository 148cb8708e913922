import { channelLinkModal } from '../../src/ui/channel.js';
import { CUSTOMER } from '../../src/ui/ids.js';
import type { HandlerDeps } from '../deps.js';
import { readButton } from './card-button.js';

/**
 * Link a channel on a customer card (#10): admins only, refused before any form; the modal
 * proposes the channel the card is in.
 */
export function customerChannelOpen(deps: HandlerDeps) {
  return readButton(CUSTOMER.channelButton, deps, async ({ args, action, value }, ctx) => {
    deps.services.channels.assertMayLink(ctx);
    const customer = await deps.services.customers.get(ctx, value);
    await args.client.views.open({
      trigger_id: action.trigger_id,
      view: channelLinkModal(ctx.t, {
        name: `${customer.name} · ${customer.code}`,
        metadata: JSON.stringify({ code: customer.code, responseUrl: action.response_url }),
      }),
    });
  });
}
