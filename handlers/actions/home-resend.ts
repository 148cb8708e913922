import { flightMark } from '../../src/single-flight.js';
import { HOME } from '../../src/ui/ids.js';
import type { HandlerDeps } from '../deps.js';
import { publishHome } from '../home.js';
import { cardButton } from './card-button.js';

/**
 * Send again, on a manager's Home tab: the messages the outbox gave up on are due again (the
 * service refuses anyone else), and the tab shows them waiting.
 */
export function homeResend(deps: HandlerDeps) {
  return cardButton(HOME.resendUndelivered, deps, async ({ args }, ctx) => {
    await deps.services.outbox.revive(ctx);
    // Its Home joins no team read begun before the change (it would show the old count).
    await publishHome(deps, ctx, args.client, undefined, { since: flightMark() });
  });
}
