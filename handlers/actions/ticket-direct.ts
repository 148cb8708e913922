import type { HandlerDeps } from '../deps.js';
import { actOnTicket } from '../tickets.js';
import { cardButton } from './card-button.js';

type DirectAction = 'claim' | 'wait' | 'resume' | 'reopen' | 'close';

/**
 * Card buttons that act at once: Claim, Waiting on customer, Resume, Reopen, Close. A click the
 * ticket's state no longer allows (someone else claimed it first, it was resolved meanwhile)
 * gets an ephemeral explanation from the service's error.
 */
export function ticketDirect(deps: HandlerDeps, action: DirectAction) {
  return cardButton(`ticket_${action}`, deps, async ({ code }, req) => {
    await actOnTicket(deps, req.teamId, code, { action }, req.userId);
    req.log.info({ ticket: code, action }, 'ticket action');
  });
}
