import { AppError } from '../../src/errors.js';
import { beforeSave, checked } from '../../src/slack/boundary.js';
import { TICKET } from '../../src/ui/ids.js';
import type { HandlerDeps } from '../deps.js';
import { readSubmission } from './submission.js';
import { readWhatWasSaid } from './ticket-log-response.js';
import type { ViewArgs } from './types.js';

/**
 * Submit of "Customer wrote…": how, when (not in the future) and what a customer outside Slack
 * said, recorded on the ticket as their words (TicketFlows.customerWrote): a next reply is owed
 * from then. Its time is checked against the ticket before the saving view (refused inline). The modal's view id keys it: a second submit of it records nothing more.
 */
export function ticketCustomerWrote(deps: HandlerDeps) {
  return checked<ViewArgs>(`view:${TICKET.customerWroteView}`, deps.boundary, async (args, ctx) => {
    const { form, meta, viewId } = readSubmission(args.body);
    if (!meta.ticket) throw new AppError('INVALID_INPUT', 'error.unreadable');
    const said = readWhatWasSaid(form, ctx);
    await deps.flows.tickets.customerWrote(
      ctx,
      meta.ticket,
      { ...said, source: `view:${viewId}` },
      () => args.ack(),
      () => beforeSave(args),
    );
  });
}
