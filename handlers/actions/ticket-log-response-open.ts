import { localTime } from '../../src/time.js';
import { TICKET } from '../../src/ui/ids.js';
import type { TicketRecord } from '../../src/ticket/types.js';
import { type customerWroteModal, logResponseModal } from '../../src/ui/requester.js';
import type { HandlerDeps } from '../deps.js';
import type { Ctx } from '../../src/context.js';
import { readButton, type CardButtonInput } from './card-button.js';

/**
 * Log response on a card: a customer outside Slack was answered (phone, email, WeChat, a visit).
 * The modal opens with now as the time; who may not answer for the desk, or a closed ticket, is
 * told at once.
 */
export function ticketLogResponseOpen(deps: HandlerDeps) {
  return readButton(TICKET.logResponseOpen, deps, (input, ctx) =>
    openLogResponse(deps, input, ctx),
  );
}

/** Log response's modal for ticket `value` (its button, or its choice in the card's menu). */
export function openLogResponse(
  deps: HandlerDeps,
  input: CardButtonInput,
  ctx: Ctx,
): Promise<void> {
  return openWhatWasSaid(deps, input, ctx, {
    assert: (ticket) => deps.services.tickets.assertMayRespond(ctx, ticket),
    modal: logResponseModal,
  });
}

/**
 * A modal that records what was said with a customer outside Slack (Log response's, Customer
 * wrote's) for ticket `value`, once `assert` allowed it, opened with now as the time.
 */
export async function openWhatWasSaid(
  deps: HandlerDeps,
  { args, action, value }: CardButtonInput,
  ctx: Ctx,
  which: {
    assert: (ticket: TicketRecord) => void;
    modal: typeof logResponseModal | typeof customerWroteModal;
  },
): Promise<void> {
  const ticket = await deps.services.tickets.forStaff(ctx, value);
  which.assert(ticket);
  const { timeZone } = ctx.settings;
  await args.client.views.open({
    trigger_id: action.trigger_id,
    view: which.modal(ctx.t, {
      metadata: JSON.stringify({ ticket: ticket.number }),
      ticket,
      date: ctx.today,
      time: localTime(ctx.now, timeZone),
      timeZone,
    }),
  });
}
