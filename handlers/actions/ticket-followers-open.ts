import type { Ctx } from '../../src/context.js';
import { TICKET } from '../../src/ui/ids.js';
import { followersModal } from '../../src/ui/ticket.js';
import type { HandlerDeps } from '../deps.js';
import { readButton, type CardButtonInput } from './card-button.js';

/**
 * Followers… (the card's "…" menu): the modal picking who follows the ticket, its current
 * followers picked already, opened with the click's trigger. Refused first, as the other card
 * modals are: a ticket closed or merged (the click is stale), anyone but its assignee and the
 * managers.
 */
export async function openFollowers(
  deps: HandlerDeps,
  { args, action: click, value }: CardButtonInput,
  ctx: Ctx,
): Promise<void> {
  const ticket = await deps.services.tickets.forStaff(ctx, value);
  deps.services.tickets.assertMayEditFollowers(ctx, ticket);
  const metadata = JSON.stringify({ ticket: ticket.number, level: ticket.level });
  await args.client.views.open({
    trigger_id: click.trigger_id,
    view: followersModal(ctx.t, { metadata, ticket, followers: ticket.followers ?? [] }),
  });
}

/** A `ticket_followers_open` click (no card shows it as a button; the menu's choice does the same). */
export function ticketFollowersOpen(deps: HandlerDeps) {
  return readButton(TICKET.followersOpen, deps, (input, ctx) => openFollowers(deps, input, ctx));
}
