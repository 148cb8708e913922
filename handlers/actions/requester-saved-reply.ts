import { boundary } from '../../src/slack/boundary.js';
import {
  formData,
  parsePayload,
  rawViewSchema,
  readMetadata,
  viewActionSchema,
} from '../../src/slack/payloads.js';
import { REQUESTER } from '../../src/ui/ids.js';
import { DRAFT_SAVED_REPLY, draftModal } from '../../src/ui/requester.js';
import type { HandlerDeps } from '../deps.js';
import type { ActionArgs } from './types.js';

/** The longest message to a requester the draft modal sends (its text input's limit). */
const TEXT_MAX = 2000;

/**
 * A saved reply chosen in the delay notice / progress note modal: its text (`{customer}` and
 * `{ticket}` filled in) goes into the message input, by views.update with the view's `hash` (an
 * update that lost a race with another does nothing). The input gets a new block id, for Slack
 * to show the new text; the new date keeps what was picked. Text the person changed is not
 * lost: the saved text goes under it (the text as the modal drew it, the desk's draft or a
 * saved reply, is replaced). Too long together, nothing is added and a line says so. A choice
 * that names no saved reply of the workspace (forged, or the list changed meanwhile) changes
 * nothing.
 */
export function requesterSavedReply(deps: HandlerDeps) {
  return boundary<ActionArgs>(
    `action:${REQUESTER.savedReply}`,
    deps.boundary,
    async (args, ctx) => {
      await args.ack();
      const { view } = parsePayload(viewActionSchema, args.body);
      const raw = parsePayload(rawViewSchema, args.body).view;
      if (raw.callback_id !== REQUESTER.draftView) return;
      const meta = readMetadata(raw.private_metadata);
      if (!meta.ticket || !meta.draft) return;
      const form = formData(view);
      const picked = form[DRAFT_SAVED_REPLY] ?? '';
      const reply = /^\d{1,3}$/.test(picked)
        ? await deps.flows.requester.savedReply(ctx, meta.ticket, Number(picked))
        : undefined;
      if (!reply) {
        ctx.log.warn(
          { picked: picked.slice(0, 20) },
          'saved reply chosen that the workspace has not',
        );
        return;
      }
      const textBlock = `text${meta.revision ? `~${meta.revision}` : ''}`;
      const typed = form[textBlock] ?? '';
      const drawn = (
        raw.blocks.find((b) => b.block_id === textBlock) as
          { element?: { initial_value?: string } } | undefined
      )?.element?.initial_value;
      // What the modal drew (or nothing) is replaced; what the person typed is kept above.
      const untouched = !typed.trim() || typed === (drawn ?? '');
      const text = untouched ? reply.text : `${typed.trimEnd()}\n\n${reply.text}`;
      const fits = text.length <= TEXT_MAX;
      const revision = fits ? (meta.revision ?? 0) + 1 : meta.revision;
      const next = draftModal(ctx.t, {
        metadata: JSON.stringify({ ...meta, ...(revision ? { revision } : {}) }),
        kind: meta.draft,
        number: meta.ticket,
        text: fits ? text : typed,
        date: form.date,
        replies: ctx.settings.savedReplies,
        revision,
        ...(fits
          ? {}
          : {
              notice: ctx.t('requester.draft.savedReplyTooLong', {
                title: reply.title,
                max: TEXT_MAX,
              }),
            }),
      });
      await args.client.views.update({
        view_id: view.id,
        ...(view.hash ? { hash: view.hash } : {}),
        view: next,
      });
    },
  );
}
