import { z } from 'zod';
import { TICKET_NUMBER } from '../../src/ticket/rules.js';
import { textMessage } from '../../src/ui/blocks.js';
import { REQUESTER } from '../../src/ui/ids.js';
import type { HandlerDeps } from '../deps.js';
import type { Ctx } from '../../src/context.js';
import { cardButton, type CardButtonInput } from './card-button.js';

/** What the button carries: the ticket's number. */
const ticketNumber = z
  .string()
  .regex(TICKET_NUMBER)
  .transform((n) => n.toUpperCase());

/**
 * Follow and Stop following: on a ticket's card (the shared one's Follow is whoever clicks it; a
 * card shown to one reader offers Follow or Stop following as they do), on the requester's view
 * of a ticket for a reader who is not its requester, and Stop following on each step a follower
 * is sent. The clicker follows the ticket or no longer does, and is told so privately. Follow is
 * refused (TicketService.follow) to whoever may not read the ticket (a guest another person's),
 * to its requester and its assignee, on a closed or merged ticket and when it has its most
 * followers; a ticket that changed under each try of the addition is said so (try again).
 */
export function requesterFollow(deps: HandlerDeps, follow: boolean) {
  const name = follow ? REQUESTER.follow : REQUESTER.unfollow;
  return cardButton(name, deps, (input, ctx) => followTicket(deps, follow, input, ctx));
}

/** The clicker follows the ticket the click names, or stops; told so in an ephemeral line. */
export async function followTicket(
  deps: HandlerDeps,
  follow: boolean,
  { args, action, value }: CardButtonInput,
  ctx: Ctx,
): Promise<void> {
  const number = ticketNumber.safeParse(value);
  if (!number.success) return;
  const ticket = follow
    ? await deps.flows.tickets.follow(ctx, number.data)
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
}
