import { z } from 'zod';
import { makeCtx, type Ctx } from '../../src/context.js';
import { AppError } from '../../src/errors.js';
import {
  parsePayload,
  readMetadata,
  viewActionSchema,
  type ModalMetadata,
} from '../../src/slack/payloads.js';
import { SETTINGS } from '../../src/ui/ids.js';
import { savedReplyModal } from '../../src/ui/saved-replies.js';
import type { Mrkdwn } from '../../src/ui/text.js';
import { REPLY_ID } from '../../src/workspace/settings.js';
import type { HandlerDeps } from '../deps.js';
import { repliesView } from '../settings.js';
import { cardButton, readButton, type CardButtonInput } from './card-button.js';

const replyId = z.string().regex(REPLY_ID);

/** The saved replies' list a click came from (no other view): its view and metadata. */
function listOf(input: CardButtonInput) {
  const { view } = parsePayload(viewActionSchema, input.args.body);
  if (view.callback_id !== SETTINGS.repliesView)
    throw new AppError('INVALID_INPUT', 'error.unreadable');
  return { view, meta: readMetadata(view.private_metadata) };
}

/** The list drawn again as the settings are now (`notice`: what was just done), with its hash. */
async function redrawList(
  input: CardButtonInput,
  ctx: Ctx,
  list: ReturnType<typeof listOf>,
  page: number | undefined,
  notice?: Mrkdwn,
) {
  await input.args.client.views.update({
    view_id: list.view.id,
    ...(list.view.hash ? { hash: list.view.hash } : {}),
    view: repliesView(ctx, { responseUrl: list.meta.responseUrl, page }, notice),
  });
}

/**
 * Add reply / Edit in the saved replies' list: the reply's modal pushed over the list, carrying
 * the reply's id (none: added), the list's page, and the list's id (signed for this admin) and
 * hash, so that its save draws the list again. A reply deleted meanwhile is not opened: the
 * list is drawn again as it is, saying so. Admins only.
 */
function replyOpen(name: string, deps: HandlerDeps) {
  return readButton(name, deps, async (input, ctx) => {
    deps.services.settings.assertAdmin(ctx);
    const list = listOf(input);
    const id = name === SETTINGS.replyEdit ? parsePayload(replyId, input.value) : undefined;
    const reply = id ? ctx.settings.savedReplies.find((r) => r.id === id) : undefined;
    if (id && !reply) {
      await redrawList(input, ctx, list, list.meta.page, ctx.t('settings.replies.gone'));
      return;
    }
    const meta: ModalMetadata = {
      ...(id ? { reply: id } : {}),
      ...(list.meta.page ? { page: list.meta.page } : {}),
      ...deps.modalProofs.parent({ teamId: ctx.teamId, userId: ctx.actor }, list.view.id),
      ...(list.view.hash ? { parentHash: list.view.hash } : {}),
    };
    await input.args.client.views.push({
      trigger_id: input.action.trigger_id,
      view: savedReplyModal(ctx.t, { reply, metadata: JSON.stringify(meta) }),
    });
  });
}

export const settingsReplyAdd = (deps: HandlerDeps) => replyOpen(SETTINGS.replyAdd, deps);
export const settingsReplyEdit = (deps: HandlerDeps) => replyOpen(SETTINGS.replyEdit, deps);

/**
 * Delete in the list, once the admin confirmed it in Slack's dialog: the reply deleted (the
 * service refuses anyone but an admin), the list drawn again with the view's hash.
 */
export function settingsReplyDelete(deps: HandlerDeps) {
  return cardButton(SETTINGS.replyDelete, deps, async (input, ctx) => {
    const id = parsePayload(replyId, input.value);
    const list = listOf(input);
    const { deleted, after } = await deps.services.settings.deleteReply(ctx, id);
    const notice = deleted
      ? ctx.t('settings.replies.deleted', { title: deleted.title })
      : ctx.t('settings.replies.gone');
    await redrawList(input, makeCtx({ ...ctx, settings: after }), list, list.meta.page, notice);
  });
}

/** Previous / Next in the list: the page named, drawn with the view's hash. */
export function settingsRepliesPage(deps: HandlerDeps) {
  return readButton(SETTINGS.repliesPage, deps, async (input, ctx) => {
    deps.services.settings.assertAdmin(ctx);
    const page = parsePayload(z.coerce.number().int().min(0).max(10), input.value);
    await redrawList(input, ctx, listOf(input), page);
  });
}
