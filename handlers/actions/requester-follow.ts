import { z } from 'zod';
import { TICKET_NUMBER } from '../../src/ticket/rules.js';
import { textMessage } from '../../src/ui/blocks.js';
import { REQUESTER } from '../../src/ui/ids.js';
import type { HandlerDeps } from '../deps.js';
import { cardButton } from './card-button.js';

/** What the button carries: the ticket's number. */
const ticketNumber = z
  .string()
  .regex(TICKET_NUMBER)
  .transform((n) => n.toUpperCase());

/**
 * Follow (the requester's view of a ticket, for a reader who is not its requester) and Stop
 * following (there, and on each step a follower is sent): the clicker follows the ticket or no
 * longer does, and is told so privately. Follow is refused to whoever may not read the ticket
 * (a guest another person's), to its requester and when it has its most followers.
 */
export function requesterFollow(deps: HandlerDeps, follow: boolean) {
  const name = follow ? REQUESTER.follow : REQUESTER.unfollow;
  return cardButton(name, deps, async ({ args, action, value }, ctx) => {
    const number = ticketNumber.safeParse(value);
    if (!number.success) return;
    const ticket = follow
      ? await deps.services.tickets.follow(ctx, number.data)
      : await deps.services.tickets.unfollow(ctx, number.data);
    ctx.log.info({ ticket: ticket.number, follow }, 'follower changed');
    if (action.response_url)
      await args.respond({
        response_type: 'ephemeral',
        replace_original: false,
        ...textMessage(
          ctx.t(follow ? 'follower.followed' : 'follower.unfollowed', { number: ticket.number }),
        ),
      });
  });
}
