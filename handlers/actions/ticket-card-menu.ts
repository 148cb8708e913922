import { z } from 'zod';
import { AppError } from '../../src/errors.js';
import { readsOnly } from '../../src/slack/boundary.js';
import type { CardAction } from '../../src/ticket/types.js';
import { TICKET } from '../../src/ui/ids.js';
import { CARD_ACTIONS, OPTION_VALUE_MAX } from '../../src/ui/ticket.js';
import type { HandlerDeps } from '../deps.js';
import { cardButton, type CardButtonInput } from './card-button.js';
import { actDirect } from './ticket-direct.js';
import { openLogResponse } from './ticket-log-response-open.js';
import { openCustomerWrote } from './ticket-customer-wrote-open.js';
import { openModalFor } from './ticket-modal-open.js';
import { openFollowers } from './ticket-followers-open.js';
import { openTicketTask } from './ticket-task-new.js';
import { followTicket } from './requester-follow.js';
import { openDraft } from './requester-draft-open.js';
import type { Ctx } from '../../src/context.js';
import type { MessageKey } from '../../src/i18n/index.js';

/** A card menu's choice, `action:number` (src/ui/ticket.ts `cardMenuValue`). */
const CHOICE = z
  .string()
  .max(OPTION_VALUE_MAX)
  .regex(/^[A-Za-z]+:T\d{8,}$/)
  .transform((value) => {
    const at = value.indexOf(':');
    return { action: value.slice(0, at), number: value.slice(at + 1) };
  })
  .pipe(z.object({ action: z.enum(CARD_ACTIONS), number: z.string() }));

/** What each choice does: what its button does (the same listener's work, the same checks). */
const RUN: Record<
  CardAction,
  (deps: HandlerDeps, input: CardButtonInput, ctx: Ctx) => Promise<void>
> = {
  // A stale choice on a card shown privately redraws it under the refusal, said of a choice.
  claim: (deps, input, ctx) => actDirect(deps, 'claim', input, ctx, asChoice),
  // Asks a requester in Slack its question in a modal first, as the button does.
  wait: (deps, input, ctx) => actDirect(deps, 'wait', input, ctx, asChoice),
  resume: (deps, input, ctx) => actDirect(deps, 'resume', input, ctx, asChoice),
  reopen: (deps, input, ctx) => actDirect(deps, 'reopen', input, ctx, asChoice),
  close: (deps, input, ctx) => actDirect(deps, 'close', input, ctx, asChoice),
  reassign: (deps, input, ctx) => openModalFor(deps, 'reassign', input, ctx),
  escalate: (deps, input, ctx) => openModalFor(deps, 'escalate', input, ctx),
  note: (deps, input, ctx) => openModalFor(deps, 'note', input, ctx),
  resolve: (deps, input, ctx) => openModalFor(deps, 'resolve', input, ctx),
  plan: (deps, input, ctx) => openModalFor(deps, 'plan', input, ctx),
  classify: (deps, input, ctx) => openModalFor(deps, 'classify', input, ctx),
  merge: (deps, input, ctx) => openModalFor(deps, 'merge', input, ctx),
  logResponse: (deps, input, ctx) => openLogResponse(deps, input, ctx),
  customerWrote: (deps, input, ctx) => openCustomerWrote(deps, input, ctx),
  reply: (deps, input, ctx) => openDraft(deps, TICKET.replyOpen, input, ctx),
  delay: (deps, input, ctx) => openDraft(deps, TICKET.delayOpen, input, ctx),
  // Following has a row of its own on the card (no menu offers it); a menu's value naming it, on
  // a card posted before, does what its button does.
  followers: (deps, input, ctx) => openFollowers(deps, input, ctx),
  follow: (deps, input, ctx) => followTicket(deps, true, input, ctx),
  unfollow: (deps, input, ctx) => followTicket(deps, false, input, ctx),
  task: (deps, input, ctx) => openTicketTask(deps, input, ctx),
};

/** The choices that only open a modal (its save is the modal's own listener): nothing is changed. */
const OPENS_A_MODAL: ReadonlySet<CardAction> = new Set<CardAction>([
  'reassign',
  'escalate',
  'note',
  'resolve',
  'plan',
  'classify',
  'merge',
  'logResponse',
  'customerWrote',
  'reply',
  'delay',
  'followers',
  'task',
]);

/** A stale click's refusal as said of a menu's choice ("that choice", not "that button"). */
const STALE_CHOICE: Partial<Record<MessageKey, MessageKey>> = {
  'ticket.error.stale.new': 'ticket.error.staleChoice.new',
  'ticket.error.stale.assigned': 'ticket.error.staleChoice.assigned',
  'ticket.error.stale.waiting': 'ticket.error.staleChoice.waiting',
  'ticket.error.stale.resolved': 'ticket.error.staleChoice.resolved',
};

/**
 * A ticket card's "…" menu: the rarer actions, each choice doing what its button did (a modal
 * opened, or the change made), with the same refusals of a stale click (said of a choice) or of
 * who may not.
 */
export function ticketCardMenu(deps: HandlerDeps) {
  return cardButton(TICKET.cardMenu, deps, async (input, ctx) => {
    const choice = CHOICE.safeParse(input.action.actions[0]?.selected_option?.value ?? '');
    if (!choice.success) throw new AppError('INVALID_INPUT', 'error.unreadable');
    const { action, number } = choice.data;
    if (OPENS_A_MODAL.has(action)) readsOnly(input.args);
    try {
      await RUN[action](deps, { ...input, value: number }, ctx);
    } catch (err) {
      throw err instanceof AppError ? asChoice(err) : err;
    }
  });
}

/** `refusal` said of a menu's choice when it is a stale click's (STALE_CHOICE), else as it is. */
function asChoice(refusal: AppError): AppError {
  const said = STALE_CHOICE[refusal.messageKey];
  if (!said) return refusal;
  return new AppError(refusal.code, said, refusal.params, {
    cause: refusal,
    users: refusal.users,
    ...(refusal.plainKey ? { plainKey: refusal.plainKey } : {}),
  });
}
