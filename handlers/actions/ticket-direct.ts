import { readsOnly } from '../../src/slack/boundary.js';
import { requesterInSlack } from '../../src/ticket/types.js';
import { textMessage } from '../../src/ui/blocks.js';
import { TICKET } from '../../src/ui/ids.js';
import { keep } from '../../src/ui/text.js';
import { ticketRef } from '../../src/ui/ticket.js';
import type { HandlerDeps } from '../deps.js';
import type { Ctx } from '../../src/context.js';
import { cardButton, type CardButtonInput } from './card-button.js';
import { openTicketModal } from './ticket-modal-open.js';

export type DirectAction = 'claim' | 'wait' | 'resume' | 'reopen' | 'close';

const IDS: Record<DirectAction, string> = {
  claim: TICKET.claim,
  wait: TICKET.wait,
  resume: TICKET.resume,
  reopen: TICKET.reopen,
  close: TICKET.close,
};

/**
 * Card buttons that act at once: Claim, Waiting on customer, Resume, Reopen, Close. A click the
 * ticket's state no longer allows (someone else claimed it first, it was resolved meanwhile)
 * gets an ephemeral explanation from the flow's error.
 */
export function ticketDirect(deps: HandlerDeps, action: DirectAction) {
  return cardButton(IDS[action], deps, (input, ctx) => actDirect(deps, action, input, ctx));
}

/** What a click of `action`'s button (or its choice in the card's menu) does on `input.value`. */
export async function actDirect(
  deps: HandlerDeps,
  action: DirectAction,
  input: CardButtonInput,
  ctx: Ctx,
): Promise<void> {
  const { args, action: payload, value } = input;
  // A staff button: one who does not read the desk is refused first (`forStaff`), whatever the
  // number. Waiting on a requester in Slack asks them a question first (the card shows
  // `ticket_wait_open` then): a click on a card posted before they were, or a crafted one,
  // opens that modal rather than being refused for a question it had no field for.
  const current = await deps.services.tickets.forStaff(ctx, value);
  if (action === 'wait' && requesterInSlack(current)) {
    // Only its modal opened: the save is the modal's own listener.
    readsOnly(args);
    return openTicketModal(deps, input, ctx, current, 'wait');
  }
  const { ticket } = await deps.flows.tickets.act(ctx, value, { action }, { current });
  // Claim from a list (a private message): said there, with the number linked to its card.
  if (action === 'claim' && payload.container.is_ephemeral === true && payload.response_url)
    await args.respond({
      response_type: 'ephemeral',
      replace_original: false,
      ...textMessage(ctx.t('ticket.confirm.claim', { number: keep(ticketRef(ticket)) })),
    });
}
