import { AppError } from '../../src/errors.js';
import { readDraftValue } from '../../src/flows/requester.js';
import { REQUESTER, TICKET } from '../../src/ui/ids.js';
import { draftModal, replyReach } from '../../src/ui/requester.js';
import type { HandlerDeps } from '../deps.js';
import type { Ctx } from '../../src/context.js';
import { readButton, type CardButtonInput } from './card-button.js';

/**
 * "Send to requester" on a delay notice or progress note draft: the modal opens with the text
 * and (for a delay) a new date proposed, for the agent to check and send. Nothing is sent before.
 * `TICKET.delayOpen`: the card's "Tell of a delay…" (its value the ticket number), the same
 * delay notice before any sweep drafted one, sent through the same modal and flow.
 * `TICKET.replyOpen`: the card's "Reply to requester…", the same modal with an empty message.
 */
export type DraftOpenId =
  typeof REQUESTER.draftOpen | typeof TICKET.delayOpen | typeof TICKET.replyOpen;

export function requesterDraftOpen(deps: HandlerDeps, id: DraftOpenId = REQUESTER.draftOpen) {
  return readButton(id, deps, (input, ctx) => openDraft(deps, id, input, ctx));
}

/**
 * The draft's modal: `value` a draft's (`REQUESTER.draftOpen`) or, for Tell of a delay… or Reply
 * to requester… on a card (its button or its choice in the card's menu), the ticket's number.
 */
export async function openDraft(
  deps: HandlerDeps,
  id: DraftOpenId,
  { args, action, value }: CardButtonInput,
  ctx: Ctx,
): Promise<void> {
  const draft = readDraftValue(
    id === TICKET.delayOpen ? `delay:${value}` : id === TICKET.replyOpen ? `reply:${value}` : value,
  );
  if (!draft) throw new AppError('INVALID_INPUT', 'error.unreadable');
  const { ticket, text, date } = await deps.flows.requester.draftFor(ctx, draft.number, draft.kind);
  await args.client.views.open({
    trigger_id: action.trigger_id,
    view: draftModal(ctx.t, {
      metadata: JSON.stringify({ ticket: ticket.number, draft: draft.kind }),
      kind: draft.kind,
      number: ticket.number,
      text,
      date,
      replies: ctx.settings.savedReplies,
      ...(draft.kind === 'reply' ? { reach: replyReach(ticket) } : {}),
    }),
  });
}
