import { redrawModal } from '../../src/slack/modal.js';
import { boundary, readsOnly } from '../../src/slack/boundary.js';
import {
  parsePayload,
  formData,
  rawViewSchema,
  viewActionSchema,
} from '../../src/slack/payloads.js';
import { TICKET } from '../../src/ui/ids.js';
import { blocksForType } from '../../src/ui/ticket.js';
import type { HandlerDeps } from '../deps.js';
import type { ActionArgs } from './types.js';

/**
 * The New ticket (or Classify…) modal's type changed: for a complaint its urgency input (一般 / 紧急 / 特急) is
 * shown, for another type it goes. The modal is updated in place with the same blocks (Slack
 * keeps what was typed in them); `hash` makes an update that lost a race with another do nothing.
 */
export function ticketTypeChanged(deps: HandlerDeps) {
  return boundary<ActionArgs>(`action:${TICKET.typeChanged}`, deps.boundary, async (args, ctx) => {
    // The modal redrawn: nothing is saved before its submission.
    readsOnly(args);
    await args.ack();
    const { view } = parsePayload(viewActionSchema, args.body);
    const raw = parsePayload(rawViewSchema, args.body).view;
    if (raw.callback_id !== TICKET.createView && raw.callback_id !== TICKET.classifyView) return;
    const blocks = blocksForType(ctx.t, raw.blocks, formData(view).type);
    if (!blocks) return;
    await redrawModal(args.client, view, raw, { blocks });
  });
}
