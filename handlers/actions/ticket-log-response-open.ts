import { localTime } from '../../src/time.js';
import { TICKET } from '../../src/ui/ids.js';
import { logResponseModal } from '../../src/ui/requester.js';
import type { HandlerDeps } from '../deps.js';
import type { Ctx } from '../../src/context.js';
import { cardButton, type CardButtonInput } from './card-button.js';

/**
 * Log response on a card: a customer outside Slack was answered (phone, email, WeChat, a visit).
 * The modal opens with now as the time; who may not answer for the desk, or a closed ticket, is
 * told at once.
 */
export function ticketLogResponseOpen(deps: HandlerDeps) {
  return cardButton(TICKET.logResponseOpen, deps, (input, ctx) =>
    openLogResponse(deps, input, ctx),
  );
}

/** Log response's modal for ticket `value` (its button, or its choice in the card's menu). */
export async function openLogResponse(
  deps: HandlerDeps,
  { args, action, value }: CardButtonInput,
  ctx: Ctx,
): Promise<void> {
  const ticket = await deps.services.tickets.get(ctx, value);
  deps.services.tickets.assertMayRespond(ctx, ticket);
  const { timeZone } = ctx.settings;
  await args.client.views.open({
    trigger_id: action.trigger_id,
    view: logResponseModal(ctx.t, {
      metadata: JSON.stringify({ ticket: ticket.number }),
      ticket,
      date: ctx.today,
      time: localTime(ctx.now, timeZone),
      timeZone,
    }),
  });
}
