import { z } from 'zod';
import { AppError } from '../../src/errors.js';
import { SLACK_ID } from '../../src/slack-ids.js';
import { flightMark } from '../../src/single-flight.js';
import { HOME } from '../../src/ui/ids.js';
import type { HandlerDeps } from '../deps.js';
import { publishHome } from '../home.js';
import { cardButton } from './card-button.js';

const channelId = z.string().regex(SLACK_ID.channel);

/**
 * Dismiss, beside a customer channel an admin's Home names as refusing the desk (archived for
 * good, say): its recorded refusal goes (the service refuses anyone but an admin, whose click is
 * answered over the Home), and the tab is drawn again without it, the other admins' through the
 * outbox. A later refusal names it again.
 */
export function homeDismissRefusal(deps: HandlerDeps) {
  return cardButton(HOME.dismissRefusal, deps, async ({ args, value }, ctx) => {
    const channel = channelId.safeParse(value);
    if (!channel.success) throw new AppError('INVALID_INPUT', 'error.unreadable');
    await deps.flows.settings.dismissRefusal(ctx, channel.data);
    // Its Home joins no team read begun before the change (it would show the old count).
    await publishHome(deps, ctx, args.client, undefined, { since: flightMark() });
  });
}
