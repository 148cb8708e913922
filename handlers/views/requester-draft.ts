import { AppError } from '../../src/errors.js';
import { date, text } from '../../src/forms/kinds.js';
import { optional, readForm, required } from '../../src/forms/read.js';
import { boundary } from '../../src/slack/boundary.js';
import { REQUESTER } from '../../src/ui/ids.js';
import type { HandlerDeps } from '../deps.js';
import { readSubmission } from './submission.js';
import type { ViewArgs } from './types.js';

/** The agent confirms a delay notice (reason, new date) or a progress note: sent to the requester. */
export function requesterDraftSend(deps: HandlerDeps) {
  return boundary<ViewArgs>(`view:${REQUESTER.draftView}`, deps.boundary, async (args, ctx) => {
    const { form, meta, viewId } = readSubmission(args.body);
    if (!meta.ticket || !meta.draft) throw new AppError('INVALID_INPUT', 'error.internal');
    const delay = meta.draft === 'delay';
    const v = readForm(
      form,
      {
        text: required(text({ max: 2000, multiline: true })),
        date: optional(date({ past: false })),
      },
      ctx.today,
      (values, problems) => {
        if (delay && !values.date) problems.date ??= { key: 'form.error.required' };
      },
    );
    await deps.flows.requester.sendDraft(
      ctx,
      {
        number: meta.ticket,
        kind: meta.draft,
        text: v.text,
        ...(delay && v.date ? { date: v.date } : {}),
        submission: viewId,
      },
      () => args.ack(),
    );
  });
}
