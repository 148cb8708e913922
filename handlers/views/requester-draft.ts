import { AppError } from '../../src/errors.js';
import { date, text } from '../../src/forms/kinds.js';
import { optional, readForm, required } from '../../src/forms/read.js';
import { draftPlaceholdersLeft } from '../../src/flows/requester.js';
import { beforeSave, checked } from '../../src/slack/boundary.js';
import { REQUESTER } from '../../src/ui/ids.js';
import { DRAFT_MESSAGE, messageBlockId } from '../../src/ui/requester.js';
import type { HandlerDeps } from '../deps.js';
import { onRevisedBlock, readSubmission } from './submission.js';
import type { ViewArgs } from './types.js';

/**
 * The agent confirms a delay notice (reason, new date) or a progress note: sent to the
 * requester. Refused on the field: the draft's [placeholders] left as they were, a new date
 * before today.
 */
export function requesterDraftSend(deps: HandlerDeps) {
  return checked<ViewArgs>(`view:${REQUESTER.draftView}`, deps.boundary, async (args, ctx) => {
    const { form: typed, meta, viewId } = readSubmission(args.body);
    if (!meta.ticket || !meta.draft) throw new AppError('INVALID_INPUT', 'error.unreadable');
    const kind = meta.draft;
    const delay = kind === 'delay';
    // A modal drawn again with a saved reply names its text input with its revision (`text~1`):
    // read and answer by field.
    const textBlock = messageBlockId(DRAFT_MESSAGE, meta.revision);
    const form = { ...typed, text: typed[textBlock] };
    const v = await onRevisedBlock(DRAFT_MESSAGE, textBlock, () =>
      readForm(
        form,
        {
          text: required(text({ max: 2000, multiline: true })),
          date: optional(date({ past: false })),
        },
        ctx.today,
        (values, problems) => {
          if (delay && !values.date) problems.date ??= { key: 'form.error.required' };
          // A new expected date before today (the workspace's) is no promise.
          if (delay && values.date && values.date < ctx.today)
            problems.date ??= { key: 'form.error.pastDate' };
          const left = values.text ? draftPlaceholdersLeft(kind, values.text) : [];
          if (left.length)
            problems.text ??= {
              key: 'requester.draft.placeholders',
              params: { placeholders: left.join(', ') },
            };
        },
      ),
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
      () => beforeSave(args),
    );
  });
}
