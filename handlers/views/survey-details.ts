import { AppError } from '../../src/errors.js';
import { score, text } from '../../src/forms/kinds.js';
import { optional, readForm } from '../../src/forms/read.js';
import { boundary } from '../../src/slack/boundary.js';
import { REQUESTER } from '../../src/ui/ids.js';
import type { HandlerDeps } from '../deps.js';
import { confirm, oncePerSubmission, readKeyedSubmission } from './submission.js';
import type { ViewArgs } from './types.js';

/**
 * The survey's second step: NPS and comment, both optional; sent again, they replace the first.
 * The requester is thanked privately once they are saved. The same submission delivered again
 * (Slack's redelivery, a double click) writes nothing and thanks nobody again (its claim:
 * `oncePerSubmission`); the modal sent with something changed, or another one, is a new answer.
 */
export function surveyDetails(deps: HandlerDeps) {
  return boundary<ViewArgs>(`view:${REQUESTER.surveyView}`, deps.boundary, async (args, ctx) => {
    const submission = readKeyedSubmission(deps, args.body);
    const { form, meta } = submission;
    const ticketId = meta.ticketId;
    if (!ticketId) throw new AppError('INVALID_INPUT', 'error.unreadable');
    // Only the ticket the desk opened this modal for, for this person (its proof): not another
    // person's modal sent again, nor a ticket id written into the metadata. A modal opened
    // before the proof existed is asked to be opened again with a click on the score.
    if (!deps.modalProofs.surveyHolds({ teamId: ctx.teamId, userId: ctx.actor }, meta))
      throw new AppError('FORBIDDEN', 'requester.survey.openAgain');
    const v = readForm(
      form,
      {
        nps: optional(score(0, 10)),
        comment: optional(text({ max: 2000, multiline: true })),
      },
      ctx.today,
    );
    await args.ack();
    await oncePerSubmission(deps, ctx, submission, REQUESTER.surveyView, async () => {
      const ticket = await deps.flows.requester.answer(
        ctx,
        ticketId,
        {
          // With the score this person clicked: another person's answer stored meanwhile is
          // replaced whole, never completed with this one's NPS and comment.
          ...(meta.satisfaction ? { satisfaction: meta.satisfaction } : {}),
          nps: v.nps ?? null,
          comment: v.comment ?? null,
        },
        { signedModal: true },
      );
      // Told privately where the survey is (by DM when that cannot be), as the buttons are.
      await confirm(
        deps,
        args,
        ctx,
        meta,
        ctx.t('requester.survey.detailsRecorded', { number: ticket.number }),
      );
    });
  });
}
