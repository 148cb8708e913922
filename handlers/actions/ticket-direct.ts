import { AppError } from '../../src/errors.js';
import { readsOnly, reportError } from '../../src/slack/boundary.js';
import { requesterInSlack } from '../../src/ticket/types.js';
import type { MessageKey } from '../../src/i18n/index.js';
import { clickedThread, replaceOriginal, replyPrivately } from '../../src/slack/reply.js';
import { markdown, textMessage } from '../../src/ui/blocks.js';
import { TICKET } from '../../src/ui/ids.js';
import { keep, type Mrkdwn } from '../../src/ui/text.js';
import { CARD_ACTIONS_BLOCK, ticketRef } from '../../src/ui/ticket.js';
import { ticketCardFor } from '../tickets.js';
import type { HandlerDeps } from '../deps.js';
import type { Ctx } from '../../src/context.js';
import { cardButton, type CardButtonInput } from './card-button.js';
import { openTicketModal } from './ticket-modal-open.js';

export type DirectAction = 'claim' | 'wait' | 'resume' | 'reopen' | 'close';

const IDS: Record<DirectAction, string> = {
  claim: TICKET.claim,
  wait: TICKET.wait,
  resume: TICKET.resume,
  reopen: TICKET.reopen,
  close: TICKET.close,
};

/**
 * Card buttons that act at once: Claim, Waiting on customer, Resume, Reopen, Close. A click the
 * ticket's state no longer allows (someone else claimed it first, it was resolved meanwhile)
 * gets an ephemeral explanation from the flow's error. Clicked on a card shown privately, that
 * copy is drawn again with what was done (`redrawPrivateCard`), or with that explanation when the
 * ticket changed meanwhile (`staleRefusal`).
 */
export function ticketDirect(deps: HandlerDeps, action: DirectAction) {
  return cardButton(IDS[action], deps, (input, ctx) => actDirect(deps, action, input, ctx));
}

/** What a click of `action`'s button (or its choice in the card's menu) does on `input.value`. */
export async function actDirect(
  deps: HandlerDeps,
  action: DirectAction,
  input: CardButtonInput,
  ctx: Ctx,
  /** The refusal of a stale click as it is said there (the card's menu: "that choice"). */
  reword: (refusal: AppError) => AppError = (refusal) => refusal,
): Promise<void> {
  const { args, action: payload, value } = input;
  // A staff button: one who does not read the desk is refused first (`forStaff`), whatever the
  // number. Waiting on a requester in Slack asks them a question first (the card shows
  // `ticket_wait_open` then): a click on a card posted before they were, or a crafted one,
  // opens that modal rather than being refused for a question it had no field for.
  const current = await deps.services.tickets.forStaff(ctx, value);
  if (action === 'wait' && requesterInSlack(current)) {
    // Only its modal opened: the save is the modal's own listener.
    readsOnly(args);
    return openTicketModal(deps, input, ctx, current, 'wait');
  }
  // On a card shown privately (`/ticket T…`, Open: its actions row, or its "…" menu).
  const privateCopy =
    payload.container.is_ephemeral === true &&
    !!payload.response_url &&
    payload.actions[0]?.block_id === CARD_ACTIONS_BLOCK;
  const acted = await deps.flows.tickets
    .act(ctx, value, { action }, { current })
    .catch((err: unknown) => {
      // The ticket changed since that copy was drawn (claimed by someone else, resolved): the
      // copy is drawn again as the ticket stands, under the refusal, so that it no longer
      // offers the button (revlast3 F4). Anywhere else the refusal is the boundary's to say.
      if (!privateCopy || !staleRefusal(err)) throw err;
      return reword(err);
    });
  if (acted instanceof AppError) {
    const { text } = reportError(acted, ctx.log, ctx.locale, { unchanged: true });
    await redrawPrivateCard(deps, input, ctx, current.number, text);
    return;
  }
  const { ticket } = acted;
  if (payload.container.is_ephemeral !== true || !payload.response_url) return;
  const said = ctx.t(CONFIRM[action], { number: keep(ticketRef(ticket)) });
  // That copy drawn again for its reader, in its place, saying what was done.
  if (privateCopy) {
    await redrawPrivateCard(deps, input, ctx, ticket.number, said);
    return;
  }
  // Claim from a list (a private message): said there, with the number linked to its card.
  if (action === 'claim')
    await args.respond({
      response_type: 'ephemeral',
      replace_original: false,
      ...textMessage(said),
    });
}

/**
 * A refusal because the ticket's state no longer allows the click (`assertAllowed`: claimed by
 * someone else, already the clicker's, new, handled, waiting, resolved or closed now), not one of
 * who may act.
 */
function staleRefusal(err: unknown): err is AppError {
  if (!(err instanceof AppError)) return false;
  const key: string = err.messageKey;
  return (
    key === 'ticket.error.alreadyClaimed' ||
    key === 'ticket.error.alreadyYours' ||
    key.startsWith('ticket.error.stale.')
  );
}

/** What a direct action on a card shown privately says it did (Claim's words for Claim). */
const CONFIRM = {
  claim: 'ticket.confirm.claim',
  wait: 'ticket.confirm.wait',
  resume: 'ticket.confirm.resume',
  reopen: 'ticket.confirm.reopen',
  close: 'ticket.confirm.close',
} as const satisfies Record<DirectAction, MessageKey>;

/**
 * A card shown privately, after a direct action from it (revtickets F3): replaced by the ticket's
 * card as it stands now for its reader (their buttons: `readerCardActions`), under a line saying
 * what was done, through the click's response_url. When Slack no longer takes that URL (30
 * minutes or 5 uses on: refused) or it was never reached, the line is said in a new private
 * message instead (the clicked channel, its thread, else by DM), as a list's Done does; a
 * replacement Slack did not answer (a 5xx, no answer in time) may have been shown: nothing more.
 * The action is saved by then: a card that cannot be read again is no error, the line goes.
 */
async function redrawPrivateCard(
  deps: HandlerDeps,
  { args, action }: CardButtonInput,
  ctx: Ctx,
  number: string,
  said: Mrkdwn,
): Promise<void> {
  const guard = { urls: deps.responseUrls, log: ctx.log };
  const card = await ticketCardFor(deps, ctx, number).catch((err: unknown) => {
    ctx.log.warn({ err }, 'private ticket card not drawn again after its button');
    return undefined;
  });
  const replaced = card
    ? await replaceOriginal(
        action.response_url!,
        { text: said, blocks: [markdown(said), ...card.blocks] },
        guard,
      )
    : 'refused';
  if (replaced === 'replaced' || replaced === 'unsure') return;
  await replyPrivately(
    args.client,
    {
      ...(replaced === 'refused' && !card ? { responseUrl: action.response_url } : {}),
      channelId: action.channel?.id ?? action.container.channel_id,
      threadTs: clickedThread(args.body),
      userId: ctx.actor,
    },
    textMessage(said),
    guard,
  );
}
