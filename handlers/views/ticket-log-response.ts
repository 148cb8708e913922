import type { Ctx } from '../../src/context.js';
import { AppError } from '../../src/errors.js';
import { choice, date, text, time, type FormData } from '../../src/forms/kinds.js';
import { readForm, required } from '../../src/forms/read.js';
import { beforeSave, checked } from '../../src/slack/boundary.js';
import { pastLocalInstant } from '../../src/time.js';
import type { IntakeChannel } from '../../src/ticket/types.js';
import { TICKET } from '../../src/ui/ids.js';
import { RESPONSE_VIAS } from '../../src/ui/requester.js';
import type { HandlerDeps } from '../deps.js';
import { readSubmission } from './submission.js';
import type { ViewArgs } from './types.js';

/**
 * What was said with a customer outside Slack, as Log response's and Customer wrote's modals ask
 * it: how, when (a date and time in the workspace's zone, not in the future) and what.
 */
export function readWhatWasSaid(
  form: FormData,
  ctx: Pick<Ctx, 'today' | 'now' | 'settings'>,
): { via: IntakeChannel; at: Date; text: string } {
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
  return { via: v.via, at: at ?? ctx.now, text: v.said };
}

/**
 * Submit of Log response: how, when (not in the future) and what was said; recorded on the
 * ticket (its first response when it is the first) and on the customer's file, as of when it
 * was said. The modal's view id keys both: a second submit of it records nothing more. A ticket
 * closed meanwhile is refused in the ack, before the saving view.
 */
export function ticketLogResponse(deps: HandlerDeps) {
  return checked<ViewArgs>(`view:${TICKET.logResponseView}`, deps.boundary, async (args, ctx) => {
    const { form, meta, viewId } = readSubmission(args.body);
    if (!meta.ticket) throw new AppError('INVALID_INPUT', 'error.unreadable');
    const said = readWhatWasSaid(form, ctx);
    await deps.flows.tickets.logResponse(
      ctx,
      meta.ticket,
      { ...said, source: `view:${viewId}` },
      () => args.ack(),
      () => beforeSave(args),
    );
  });
}
