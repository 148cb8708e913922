import type { Ctx } from '../src/context.js';
import { AppError } from '../src/errors.js';
import { allowed, guestReadRefusal, readsDesk, worksTickets } from '../src/permissions.js';
import { SLACK_ID } from '../src/slack-ids.js';
import { localTime } from '../src/time.js';
import type { Message } from '../src/ui/blocks.js';
import { requesterTicketCard } from '../src/ui/requester.js';
import type { ListKey, TicketListKind } from '../src/ticket/types.js';
import {
  LIST_PAGE_SIZE,
  ticketCard,
  ticketList,
  ticketModal,
  type TicketModalInput,
} from '../src/ui/ticket.js';
import type { HandlerDeps } from './deps.js';

/** A ticket's card as it stands now (for `/ticket T…`), with the buttons the reader may use. */
export async function ticketCardFor(deps: HandlerDeps, ctx: Ctx, number: string): Promise<Message> {
  const read = await deps.flows.tickets.show(ctx, number);
  // A guest's own ticket: the requester's view (the service gives nothing more to draw).
  if (read.as === 'requester')
    return requesterTicketCard(ctx.t, read.ticket, ctx.settings.timeZone);
  const { ticket, clock, reveal, actions } = read;
  return ticketCard(ctx.t, ticket, clock, ctx.settings.timeZone, ctx.now, { reveal, actions });
}

/**
 * The New ticket modal, with "received" defaulting to now in the workspace's zone. A member who
 * works no tickets (a closed desk's member without a role: the requester side) files for
 * themselves: the Requester field names them, so they hear of each step and are asked for
 * satisfaction (left empty, the ticket had no requester and they heard nothing, F11); they may
 * clear it or name someone else. On an open desk every member works tickets, and files for
 * customers as staff do.
 */
export function newTicketModal(
  ctx: Ctx,
  input: Omit<TicketModalInput, 'receivedDate' | 'receivedTime' | 'timeZone'>,
) {
  const { timeZone } = ctx.settings;
  const self =
    input.requester === undefined &&
    !input.guest &&
    SLACK_ID.user.test(ctx.actor) &&
    !worksTickets(ctx.settings, ctx.actor);
  return ticketModal(ctx.t, {
    ...input,
    ...(self ? { requester: ctx.actor } : {}),
    receivedDate: ctx.today,
    receivedTime: localTime(ctx.now, timeZone),
    timeZone,
  });
}

/**
 * The customer New ticket gives a person who does not read the desk (a guest of the workspace
 * who holds no role, or one Slack did not describe in time: `readsDesk`): in a linked customer
 * channel (`channel`) its customer, fixed, with the source fields to sign (the submission takes
 * it from them); elsewhere the customers of their own tickets. Undefined for anyone else (the
 * picker). With neither, refused with where they can file instead of a form they cannot fill.
 */
export async function guestNewTicket(
  deps: HandlerDeps,
  ctx: Ctx,
  channel: string | undefined,
): Promise<
  { guest: NonNullable<TicketModalInput['guest']>; source?: { sourceCustomer: string } } | undefined
> {
  if (readsDesk(ctx)) return undefined;
  const linked = channel ? await deps.services.channels.forChannel(ctx, channel) : null;
  if (linked)
    return {
      guest: { fixed: { code: linked.customerCode, name: linked.customerName } },
      source: { sourceCustomer: linked.customerCode },
    };
  const own = await deps.flows.tickets.guestCustomers(ctx);
  if (own.length > 0) return { guest: { own } };
  throw new AppError(
    'FORBIDDEN',
    ctx.guest === 'guest' ? 'ticket.new.guestNowhere' : guestReadRefusal(ctx)!,
  );
}

/** A page of a ticket list (`/ticket list …`, `/ticket mine`, Next / Previous), due first. */
export async function ticketListFor(
  deps: HandlerDeps,
  ctx: Ctx,
  kind: TicketListKind,
  /** Where the page starts: a position (the first page, a list shown before keyset paging), or a row's key. */
  at: number | { dir: 'after' | 'before'; key: ListKey } = 0,
): Promise<Message> {
  const page = await deps.services.tickets.list(ctx, kind, {
    ...(typeof at === 'number' ? { offset: at } : { from: at }),
    limit: LIST_PAGE_SIZE,
  });
  return ticketList(ctx.t, {
    kind,
    rows: page.items.map((ticket) => deps.flows.tickets.row(ctx, ticket)),
    total: page.total,
    offset: page.offset,
    ...(page.shifted ? { shifted: true } : {}),
    timeZone: ctx.settings.timeZone,
    viewer: ctx.actor,
    // An empty list's next step is one the reader may take (only those who may claim, claim).
    next: allowed(ctx, 'ticket.claim') ? 'claim' : allowed(ctx, 'ticket.create') ? 'open' : 'none',
  });
}
