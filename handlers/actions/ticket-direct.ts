import { TICKET } from '../../src/ui/ids.js';
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
  return cardButton(IDS[action], deps, async ({ value }, ctx) => {
    await deps.flows.tickets.act(ctx, value, { action });
  });
}
