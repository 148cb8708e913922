/**
 * What a ticket's card offers one reader (pure, no I/O): of the actions its state allows
 * (`statusCardActions`, the shared triage card's, which everyone in the channel reads alike), the
 * ones one known reader may take (a card shown privately: Open from a DM, a list or `/ticket T…`, a list row's Claim),
 * decided by the checks the service makes on every click (`TicketService.assertMayAct`,
 * `assertMayRespond`): a button the reader is offered is one the service lets them use.
 */
import type { Ctx } from '../context.js';
import { AppError } from '../errors.js';
import {
  allowed,
  guestReadRefusal,
  guestRefusalError,
  guestStaffRefusal,
  type ActorCtx,
  type RefusedCtx,
  type Subject,
} from '../permissions.js';
import { followable, statusCardActions, type CardAction, type TicketRecord } from './types.js';

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
 * Whether `userId` asked for the ticket, filed it or follows it: theirs to read as the
 * requester's view gives it, whoever they are (a guest of the workspace included).
 */
export function readsAsRequester(ticket: TicketRecord, userId: string): boolean {
  return (
    ticket.requester?.userId === userId ||
    ticket.createdBy === userId ||
    (ticket.followers ?? []).includes(userId)
  );
}

/**
 * Why the request's actor may not follow the ticket (Follow), or undefined when they may: the
 * one rule of TicketService.follow and of the cards that offer Follow. Whoever may read it
 * (`TicketService.forCard`: the desk's readers, a guest only the tickets they asked for, filed or
 * follow), but never a person of another organisation (who reads no card); never its requester
 * (told of each step anyway) nor its assignee (who works it: every step is theirs); not once it
 * is closed or merged (a stale click). Room (at most FOLLOWERS_MAX) is checked as it is added.
 */
export function followRefusal(
  ctx: Pick<Ctx, 'actor' | 'guest' | 'external'> & RefusedCtx,
  ticket: TicketRecord,
): AppError | undefined {
  const number = ticket.number;
  if (ctx.external) return new AppError('FORBIDDEN', 'ticket.error.cardStaffOnly');
  const refusal = guestReadRefusal(ctx);
  if (refusal && !readsAsRequester(ticket, ctx.actor)) return guestRefusalError(ctx, refusal);
  if (!followable(ticket))
    return new AppError('INVALID_INPUT', 'ticket.error.stale.closed', { number });
  if (ticket.requester?.userId === ctx.actor)
    return new AppError('INVALID_INPUT', 'follower.error.requester', { number });
  if (ticket.assigneeId === ctx.actor)
    return new AppError('INVALID_INPUT', 'follower.error.assignee', { number });
  return undefined;
}

/**
 * Which of its card's actions the request's actor may take on `ticket` now: the state's
 * (`statusCardActions`, which leaves out an escalation past the top level), less those the
 * permission table refuses the actor (a former holder's Reassign, Waiting on customer,
 * Resolve once it was escalated or handed on; Claim for who does not work tickets), Follow
 * only to who may (`followRefusal`), and Stop following, instead, to a follower.
 */
export function readerCardActions(
  ctx: ActorCtx,
  ticket: TicketRecord,
  /**
   * Who owns the ticket's customer now, as TaskService.ticketToPlanFor asks for New task (null:
   * nobody, or no such customer). Unset: the ticket's account manager, the same while it is open
   * (a customer's new owner moves its open tickets only); a list row, which offers Claim alone.
   */
  customerOwner?: string | null,
): CardAction[] {
  const owner = customerOwner === undefined ? ticket.accountManagerId : customerOwner;
  const subject = ticketSubject(ticket);
  const following = (ticket.followers ?? []).includes(ctx.actor);
  const out = statusCardActions(ticket).filter((action) =>
    action === 'follow'
      ? !following && !followRefusal(ctx, ticket)
      : action === 'task'
        ? // New task: who may plan one for its customer (TaskService.ticketToPlanFor), never a
          // guest (one who owns the customer too) nor a person of another organisation.
          !guestStaffRefusal(ctx) &&
          allowed(ctx, 'customer.planTask', {
            ...(owner ? { customer: { ownerId: owner } } : {}),
          })
        : action === 'logResponse' ||
            action === 'reply' ||
            action === 'delay' ||
            action === 'customerWrote'
          ? allowed(ctx, 'ticket.respond', { ticket })
          : action !== 'unfollow' && allowed(ctx, `ticket.${action}`, subject),
  );
  // A follower may always stop following, where Follow would be (on a closed ticket too).
  if (following) {
    const at = out.indexOf('followers');
    out.splice(at < 0 ? out.length : at, 0, 'unfollow');
  }
  return out;
}
