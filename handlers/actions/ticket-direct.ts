import { textMessage } from '../../src/ui/blocks.js';
import { TICKET } from '../../src/ui/ids.js';
import { keep } from '../../src/ui/text.js';
import { ticketRef } from '../../src/ui/ticket.js';
import type { HandlerDeps } from '../deps.js';
import { cardButton } from './card-button.js';

type DirectAction = 'claim' | 'wait' | 'resume' | 'reopen' | 'close';

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
  return cardButton(IDS[action], deps, async ({ args, action: payload, value }, ctx) => {
    const { ticket } = await deps.flows.tickets.act(ctx, value, { action });
    // Claim from a list (a private message): said there, with the number linked to its card.
    if (action === 'claim' && payload.container.is_ephemeral === true && payload.response_url)
      await args.respond({
        response_type: 'ephemeral',
        replace_original: false,
        ...textMessage(ctx.t('ticket.confirm.claim', { number: keep(ticketRef(ticket)) })),
      });
  });
}
