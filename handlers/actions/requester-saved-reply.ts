import type { Ctx } from '../../src/context.js';
import type { ModalMetadata } from '../../src/slack/payloads.js';
import { boundary } from '../../src/slack/boundary.js';
import {
  formData,
  parsePayload,
  rawViewSchema,
  readMetadata,
  viewActionSchema,
} from '../../src/slack/payloads.js';
import type { TicketRecord } from '../../src/ticket/types.js';
import { REQUESTER, TICKET } from '../../src/ui/ids.js';
import {
  DRAFT_MESSAGE,
  DRAFT_SAVED_REPLY,
  MESSAGE_TO_REQUESTER_MAX,
  WAIT_MESSAGE,
  draftModal,
  messageBlockId,
  replyReach,
  waitModal,
  type SavedReplyInput,
} from '../../src/ui/requester.js';
import type { ModalView } from '@slack/types';
import { REPLY_ID } from '../../src/workspace/settings.js';
import type { HandlerDeps } from '../deps.js';
import type { ActionArgs } from './types.js';

/** A modal with the saved reply menu: its message input, whose rule the pick checks, its redraw. */
interface ReplyModal {
  /** The message input's block id before its revision. */
  message: string;
  /** Whose permission the pick needs: sending the ticket's requester an update, or waiting. */
  purpose: 'update' | 'wait';
  /** Its metadata names a ticket it is about. */
  valid: (meta: ModalMetadata) => boolean;
  redraw: (
    ctx: Ctx,
    meta: ModalMetadata,
    form: Record<string, string | undefined>,
    ticket: TicketRecord,
    input: SavedReplyInput & { metadata: string },
  ) => ModalView;
}

const MODALS: Record<string, ReplyModal> = {
  // The delay notice / progress note draft (the new date kept as picked), the reply.
  [REQUESTER.draftView]: {
    message: DRAFT_MESSAGE,
    purpose: 'update',
    valid: (meta) => Boolean(meta.ticket && meta.draft),
    redraw: (ctx, meta, form, ticket, input) =>
      draftModal(ctx.t, {
        ...input,
        kind: meta.draft!,
        number: meta.ticket!,
        text: input.text ?? '',
        date: form.date,
        ...(meta.draft === 'reply' ? { reach: replyReach(ticket) } : {}),
      }),
  },
  // Wait on the requester: the question.
  [TICKET.waitView]: {
    message: WAIT_MESSAGE,
    purpose: 'wait',
    valid: (meta) => Boolean(meta.ticket),
    redraw: (ctx, _meta, _form, ticket, input) => waitModal(ctx.t, { ...input, ticket }),
  },
};

/**
 * A saved reply chosen in a modal whose text reaches the requester (the delay notice / progress
 * note draft, the Wait question): its text (`{customer}` and `{ticket}` filled in) goes into the
 * message input, by views.update with the view's `hash` (an update that lost a race with another
 * does nothing). The input gets a new block id, for Slack to show the new text; the other inputs
 * keep what was picked. Text the person changed is not lost: the saved text goes under it (the
 * text as the modal drew it, the desk's draft, a saved reply or nothing, is replaced). Too long
 * together, nothing is added and a line says so. A choice that names no saved reply of the
 * workspace (forged, or the list changed meanwhile) changes nothing; one who may not send that
 * message on the ticket is refused by the service.
 */
export function requesterSavedReply(deps: HandlerDeps) {
  return boundary<ActionArgs>(
    `action:${REQUESTER.savedReply}`,
    deps.boundary,
    async (args, ctx) => {
      await args.ack();
      const { view } = parsePayload(viewActionSchema, args.body);
      const raw = parsePayload(rawViewSchema, args.body).view;
      const modal = Object.hasOwn(MODALS, raw.callback_id) ? MODALS[raw.callback_id] : undefined;
      if (!modal) return;
      const meta = readMetadata(raw.private_metadata);
      if (!modal.valid(meta)) return;
      const form = formData(view);
      const picked = form[DRAFT_SAVED_REPLY] ?? '';
      const reply = REPLY_ID.test(picked)
        ? await deps.flows.requester.savedReply(ctx, meta.ticket!, picked, modal.purpose)
        : undefined;
      if (!reply) {
        ctx.log.warn(
          { picked: picked.slice(0, 20) },
          'saved reply chosen that the workspace has not',
        );
        return;
      }
      const textBlock = messageBlockId(modal.message, meta.revision);
      const typed = form[textBlock] ?? '';
      const drawn = (
        raw.blocks.find((b) => b.block_id === textBlock) as
          { element?: { initial_value?: string } } | undefined
      )?.element?.initial_value;
      // What the modal drew (or nothing) is replaced; what the person typed is kept above.
      const untouched = !typed.trim() || typed === (drawn ?? '');
      const text = untouched ? reply.text : `${typed.trimEnd()}\n\n${reply.text}`;
      const fits = text.length <= MESSAGE_TO_REQUESTER_MAX;
      const revision = fits ? (meta.revision ?? 0) + 1 : meta.revision;
      const next = modal.redraw(ctx, meta, form, reply.ticket, {
        metadata: JSON.stringify({ ...meta, ...(revision ? { revision } : {}) }),
        text: fits ? text : typed,
        replies: ctx.settings.savedReplies,
        revision,
        ...(fits
          ? {}
          : {
              notice: ctx.t('requester.draft.savedReplyTooLong', {
                title: reply.title,
                max: MESSAGE_TO_REQUESTER_MAX,
              }),
            }),
      });
      await args.client.views.update({
        view_id: view.id,
        ...(view.hash ? { hash: view.hash } : {}),
        view: next,
      });
    },
    // The modal redrawn: nothing is saved before its submission.
    { readOnly: true },
  );
}
