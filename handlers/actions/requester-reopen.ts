import { z } from 'zod';
import { TICKET_NUMBER } from '../../src/ticket/rules.js';
import { textMessage } from '../../src/ui/blocks.js';
import { REQUESTER } from '../../src/ui/ids.js';
import type { HandlerDeps } from '../deps.js';
import { cardButton } from './card-button.js';

/** What the button carries: the ticket's number. */
const ticketNumber = z
  .string()
  .regex(TICKET_NUMBER)
  .transform((n) => n.toUpperCase());

/**
 * "Not solved, reopen" on the requester's resolved notice (thread or DM): the ticket is reopened
 * as the requester asked, and they are told so privately (their own reopen is not announced to
 * them). Anyone else, a click after REOPEN_DAYS or on a ticket no longer resolved is answered
 * ephemerally with the reason (the flow's error).
 */
export function requesterReopen(deps: HandlerDeps) {
  return cardButton(REQUESTER.reopen, deps, async ({ args, action, value }, ctx) => {
    const number = ticketNumber.safeParse(value);
    if (!number.success) return;
    // Where they clicked: a refusal in the ticket's own conversation says a reply there reopens it.
    const channel = action.channel?.id ?? action.container.channel_id;
    const ticket = await deps.flows.requester.reopen(ctx, number.data, { channel });
    if (action.response_url)
      await args.respond({
        response_type: 'ephemeral',
        replace_original: false,
        ...textMessage(ctx.t('requester.reopened', { number: ticket.number })),
      });
  });
}
