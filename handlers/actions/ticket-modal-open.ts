import { translator } from '../../src/i18n/index.js';
import { AppError } from '../../src/errors.js';
import { allows, type TicketAction } from '../../src/ticket/rules.js';
import { escalateModal, noteModal, reassignModal, resolveModal } from '../../src/ui/ticket.js';
import type { HandlerDeps } from '../deps.js';
import { cardButton } from './card-button.js';

type ModalAction = Extract<TicketAction, 'reassign' | 'escalate' | 'note' | 'resolve'>;

/** Card buttons that need input first: Reassign, Escalate, Add note, Resolve open a modal. */
export function ticketModalOpen(deps: HandlerDeps, action: ModalAction) {
  return cardButton(`ticket_${action}_open`, deps, async ({ args, action: click, code }, req) => {
    const settings = await deps.services.workspaces.settings(req.teamId);
    const ticket = await deps.services.tickets.get(req.teamId, code);
    // Say at once that the click is stale, rather than after the person filled in the modal.
    if (!allows(ticket.status, action)) {
      throw new AppError('INVALID_INPUT', `ticket.error.stale.${ticket.status}`, {
        number: ticket.number,
      });
    }
    if (action === 'escalate' && ticket.level >= 3) {
      throw new AppError('INVALID_INPUT', 'ticket.error.topLevel', { number: ticket.number });
    }
    const t = translator(settings.locale);
    const metadata = JSON.stringify({ ticket: ticket.number, level: ticket.level });
    const view =
      action === 'reassign'
        ? reassignModal(t, metadata)
        : action === 'escalate'
          ? escalateModal(t, {
              metadata,
              nextLevel: ticket.level + 1,
              accountManagerId: ticket.accountManagerId,
            })
          : action === 'note'
            ? noteModal(t, metadata)
            : resolveModal(t, metadata);
    await args.client.views.open({ trigger_id: click.trigger_id, view });
  });
}
