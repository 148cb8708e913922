import { AppError } from '../../src/errors.js';
import type { MessageKey } from '../../src/i18n/index.js';
import type { TicketRecord } from '../../src/ticket/types.js';
import { REQUESTER } from '../../src/ui/ids.js';
import { surveyModal } from '../../src/ui/requester.js';
import type { HandlerDeps } from '../deps.js';
import { cardButton } from './card-button.js';

/** The five satisfaction buttons of a requester's survey: `requester_survey_1` .. `_5`. */
export const SURVEY_BUTTON = new RegExp(`^${REQUESTER.surveyScore}_[1-5]$`);

/**
 * A satisfaction button: the answer is stored at once (a second click changes it, it is not a
 * second vote), then the optional NPS and comment modal opens, with the NPS and comment this
 * person gave before (another person's click replaces theirs: it is not shown to them). An
 * expired survey, or a click by someone other than the requester (with no Slack requester on
 * record: a click outside the survey's conversation), is answered ephemerally.
 */
export function surveyAnswer(deps: HandlerDeps) {
  return cardButton(REQUESTER.surveyScore, deps, async ({ args, action, value }, ctx) => {
    const m = /^([a-f0-9]{24}):([1-5])$/.exec(value);
    if (!m) throw new AppError('INVALID_INPUT', 'error.unreadable');
    const satisfaction = Number(m[2]);
    // Where they clicked: a survey with no Slack requester is answered in its own conversation.
    const channel = action.channel?.id ?? action.container.channel_id;
    // The modal opens as soon as the answer is saved, before a low answer's DMs to the managers
    // and the account manager: the click's trigger_id lives 3 s.
    const open = async (ticket: TicketRecord) => {
      const answered = { ticketId: ticket.id, satisfaction };
      await args.client.views.open({
        trigger_id: action.trigger_id,
        view: surveyModal(ctx.t, {
          // Where the modal's answers are confirmed: the survey's conversation, privately. The
          // ticket and score signed for this person: their submission answers this ticket only.
          metadata: JSON.stringify({
            ...answered,
            ticketProof: deps.modalProofs.survey(
              { teamId: ctx.teamId, userId: ctx.actor },
              answered,
            ),
            ...(action.response_url ? { responseUrl: action.response_url } : {}),
          }),
          number: ticket.number,
          satisfaction,
          // Their own earlier NPS and comment, never another person's (the store keeps one
          // person's answer; checked here too, as it is what the modal shows).
          ...(ticket.survey?.by === ctx.actor
            ? { nps: ticket.survey.nps, comment: ticket.survey.comment }
            : {}),
        }),
      });
    };
    const ticket = await deps.flows.requester.answer(
      ctx,
      m[1]!,
      { satisfaction },
      { channel },
      open,
    );
    if (action.response_url)
      await args.respond({
        response_type: 'ephemeral',
        replace_original: false,
        text: ctx.t.plain('requester.survey.recorded', {
          number: ticket.number,
          label: ctx.t.plain(`requester.survey.score${satisfaction}` as MessageKey),
        }),
      });
  });
}
