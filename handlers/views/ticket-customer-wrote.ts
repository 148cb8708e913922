import { AppError } from '../../src/errors.js';
import { choice, date, text, time } from '../../src/forms/kinds.js';
import { readForm, required } from '../../src/forms/read.js';
import { boundary } from '../../src/slack/boundary.js';
import { pastLocalInstant } from '../../src/time.js';
import { TICKET } from '../../src/ui/ids.js';
import { RESPONSE_VIAS } from '../../src/ui/requester.js';
import type { HandlerDeps } from '../deps.js';
import { readSubmission } from './submission.js';
import type { ViewArgs } from './types.js';

/**
 * Submit of "Customer wrote…": how, when (not in the future) and what a customer outside Slack
 * said, recorded on the ticket as their words (TicketFlows.customerWrote): a next reply is owed
 * from then. The modal's view id keys it: a second submit of it records nothing more.
 */
export function ticketCustomerWrote(deps: HandlerDeps) {
  return boundary<ViewArgs>(
    `view:${TICKET.customerWroteView}`,
    deps.boundary,
    async (args, ctx) => {
      const { form, meta, viewId } = readSubmission(args.body);
      if (!meta.ticket) throw new AppError('INVALID_INPUT', 'error.unreadable');
      let at: Date | undefined;
      const v = readForm(
        form,
        {
          via: required(choice(RESPONSE_VIAS, 'ticket.channel')),
          date: required(date({ past: true })),
          time: required(time()),
          said: required(text({ max: 2000, multiline: true })),
        },
        ctx.today,
        (values, problems) => {
          if (!values.date || !values.time) return;
          at = pastLocalInstant(values.date, values.time, ctx.settings.timeZone, ctx.now);
          if (at.getTime() > ctx.now.getTime() + 60_000)
            problems.time = { key: 'form.error.futureDate' };
        },
      );
      await deps.flows.tickets.customerWrote(
        ctx,
        meta.ticket,
        { via: v.via, at: at ?? ctx.now, text: v.said, source: `view:${viewId}` },
        () => args.ack(),
      );
    },
  );
}
