import type { Ctx } from '../../src/context.js';
import type { TicketAction, TicketRecord } from '../../src/ticket/types.js';
import { TICKET } from '../../src/ui/ids.js';
import { waitModal } from '../../src/ui/requester.js';
import {
  classifyModal,
  escalateModal,
  mergeModal,
  noteModal,
  planModal,
  reassignModal,
  resolveModal,
} from '../../src/ui/ticket.js';
import type { HandlerDeps } from '../deps.js';
import { readButton, type CardButtonInput } from './card-button.js';

export type ModalAction = Extract<
  TicketAction,
  'reassign' | 'escalate' | 'note' | 'resolve' | 'plan' | 'wait' | 'merge' | 'classify'
>;

const IDS: Record<ModalAction, string> = {
  wait: TICKET.waitOpen,
  reassign: TICKET.reassignOpen,
  escalate: TICKET.escalateOpen,
  note: TICKET.noteOpen,
  resolve: TICKET.resolveOpen,
  plan: TICKET.planOpen,
  merge: TICKET.mergeOpen,
  classify: TICKET.classifyOpen,
};

/**
 * Card buttons that need input first: Reassign, Escalate, Add note, Resolve, Classify… open a modal that
 * names the ticket (number, title, customer) and whose submit button says what it does. A
 * click the ticket's state no longer allows is said at once (ephemeral), by the same rule the
 * action itself applies, rather than after the person filled in the modal.
 */
export function ticketModalOpen(deps: HandlerDeps, action: ModalAction) {
  return readButton(IDS[action], deps, (input, ctx) => openModalFor(deps, action, input, ctx));
}

/** What a click of `action`'s button (or its choice in the card's menu) opens, for `input.value`. */
export async function openModalFor(
  deps: HandlerDeps,
  action: ModalAction,
  input: CardButtonInput,
  ctx: Ctx,
): Promise<void> {
  const ticket = await deps.services.tickets.forStaff(ctx, input.value);
  await openTicketModal(deps, input, ctx, ticket, action);
}

/**
 * The modal of `action` on `ticket`, opened with the click's trigger; a click the ticket's state
 * no longer allows is refused first. Also what a Waiting on customer click that acts at once
 * (`ticket_wait`, a card posted before the requester was in Slack) opens when it needs a question.
 */
export async function openTicketModal(
  deps: HandlerDeps,
  { args, action: click }: CardButtonInput,
  ctx: Ctx,
  ticket: TicketRecord,
  action: ModalAction,
): Promise<void> {
  await deps.services.tickets.assertMayOpen(ctx, ticket, action);
  // Resolve on a complaint not contacted is refused before its form opens (unless the contact is
  // owed no more, said on the form).
  const resolving =
    action === 'resolve' ? await deps.services.tickets.resolveCheck(ctx, ticket) : undefined;
  const metadata = JSON.stringify({ ticket: ticket.number, level: ticket.level });
  const view =
    action === 'reassign'
      ? reassignModal(ctx.t, { metadata, ticket })
      : action === 'escalate'
        ? escalateModal(ctx.t, {
            metadata,
            ticket,
            nextLevel: ticket.level + 1,
            accountManagerId: ticket.accountManagerId,
            guestOwner: ticket.guestOwner,
            ...(ticket.level === 1
              ? {
                  // Never the person escalating, nor who holds it: someone new looks at it.
                  suggested: (
                    await deps.services.tickets.expertFor(ctx, ticket, {
                      leaveOut: [ctx.actor],
                      fallback: false,
                    })
                  ).expertId,
                }
              : {}),
          })
        : action === 'note'
          ? noteModal(ctx.t, { metadata, ticket })
          : action === 'plan'
            ? planModal(ctx.t, { metadata, ticket })
            : action === 'wait'
              ? waitModal(ctx.t, { metadata, ticket, replies: ctx.settings.savedReplies })
              : action === 'merge'
                ? mergeModal(ctx.t, { metadata, ticket })
                : action === 'classify'
                  ? classifyModal(ctx.t, { metadata, ticket })
                  : resolveModal(ctx.t, {
                      metadata,
                      ticket,
                      contactWaived: resolving?.contactWaived === true,
                      uncontacted: resolving?.uncontacted === true,
                    });
  await args.client.views.open({ trigger_id: click.trigger_id, view });
}
