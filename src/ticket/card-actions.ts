/**
 * What a ticket's card offers one reader (pure, no I/O): of the actions its state allows
 * (`statusCardActions`, the shared triage card's, which everyone in the channel reads alike), the
 * ones one known reader may take (a card shown privately: Open from a DM, a list or `/ticket T…`, a list row's Claim),
 * decided by the checks the service makes on every click (`TicketService.assertMayAct`,
 * `assertMayRespond`): a button the reader is offered is one the service lets them use.
 */
import { allowed, type ActorCtx, type Subject } from '../permissions.js';
import { statusCardActions, type CardAction, type TicketRecord } from './types.js';

/**
 * The ticket as the permission table reads it (its assignee, requester, account manager...),
 * with the customer's owner now when the caller read it: the subject of every ticket action's
 * check, the service's and the cards'.
 */
export function ticketSubject(
  ticket: TicketRecord,
  customer?: { ownerId: string } | undefined,
): Subject {
  return {
    ticket: {
      ...ticket,
      ...(ticket.requester?.userId ? { requesterId: ticket.requester.userId } : {}),
    },
    ...(customer ? { customer } : {}),
  };
}

/**
 * Which of its card's actions the request's actor may take on `ticket` now: the state's
 * (`statusCardActions`, which leaves out an escalation past the top level), less those the
 * permission table refuses the actor (a former holder's Reassign, Waiting on customer,
 * Resolve once it was escalated or handed on; Claim for who does not work tickets).
 */
export function readerCardActions(ctx: ActorCtx, ticket: TicketRecord): CardAction[] {
  const subject = ticketSubject(ticket);
  return statusCardActions(ticket).filter((action) =>
    action === 'logResponse' || action === 'delay'
      ? allowed(ctx, 'ticket.respond', { ticket })
      : allowed(ctx, `ticket.${action}`, subject),
  );
}
