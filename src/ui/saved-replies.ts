/**
 * The saved replies' modals (`/desk settings replies`, pure builders): the list, each reply with
 * Edit and Delete (Slack's confirmation dialog first) and an Add reply button, a page at a time;
 * and a reply's own modal (title, text), pushed over the list by Add reply and Edit.
 */
import type { ModalView } from '@slack/types';
import type { Translate } from '../i18n/index.js';
import { clip } from '../text/clip.js';
import {
  MAX_REPLIES,
  REPLY_INPUT_MAX,
  REPLY_TEXT_BLOCK,
  REPLY_TITLE_BLOCK,
  REPLY_TITLE_MAX,
  type WorkspaceSettings,
} from '../workspace/settings.js';
import { actions, button, context, divider, listModal, markdown, type Block } from './blocks.js';
import { SETTINGS } from './ids.js';
import { formModal, textInput } from './inputs.js';
import { escape, md, type Mrkdwn } from './text.js';

type SavedReply = WorkspaceSettings['savedReplies'][number];

/**
 * Replies a page of the list shows: each is two blocks (its text, its buttons), so that 50
 * never pass Slack's 100 blocks in a modal.
 */
export const REPLIES_PAGE = 20;

/** The pages the list has (one when empty). */
export function replyPages(count: number): number {
  return Math.max(1, Math.ceil(count / REPLIES_PAGE));
}

/**
 * The list: how many replies of the most there may be, Add reply, each reply of `page` (its
 * title and its text's first line) with Edit and Delete, Previous / Next between pages.
 * `notice`: what was just done (saved, deleted).
 */
export function savedRepliesModal(
  t: Translate,
  opts: {
    replies: readonly SavedReply[];
    page: number;
    metadata: string;
    notice?: Mrkdwn | undefined;
  },
): ModalView {
  const pages = replyPages(opts.replies.length);
  const page = Math.min(Math.max(0, opts.page), pages - 1);
  const blocks: Block[] = [
    markdown(
      t('settings.replies.intro', { count: opts.replies.length, max: MAX_REPLIES }),
      button({
        actionId: SETTINGS.replyAdd,
        text: t.plain('settings.replies.add'),
        value: 'add',
        style: 'primary',
      }),
    ),
  ];
  if (opts.notice) blocks.push(context(opts.notice));
  blocks.push(divider());
  if (!opts.replies.length) blocks.push(context(t('settings.replies.none')));
  for (const reply of opts.replies.slice(page * REPLIES_PAGE, (page + 1) * REPLIES_PAGE)) {
    const first = reply.text.split('\n').find((line) => line.trim()) ?? '';
    blocks.push(
      markdown(md`*${escape(reply.title)}*\n${escape(clip(first.trim(), 150))}`),
      actions(`reply_${reply.id}`, [
        button({
          actionId: SETTINGS.replyEdit,
          text: t.plain('settings.replies.edit'),
          value: reply.id,
        }),
        button({
          actionId: SETTINGS.replyDelete,
          text: t.plain('settings.replies.delete'),
          value: reply.id,
          style: 'danger',
          confirm: {
            title: t.plain('settings.replies.deleteTitle'),
            text: t.plain('settings.replies.deleteText', { title: reply.title }),
            confirm: t.plain('settings.replies.delete'),
            deny: t.plain('modal.cancel'),
            danger: true,
          },
        }),
      ]),
    );
  }
  if (pages > 1)
    blocks.push(
      context(t('settings.replies.page', { page: page + 1, pages })),
      actions('reply_pages', [
        ...(page > 0
          ? [
              button({
                actionId: SETTINGS.repliesPage,
                text: t.plain('settings.replies.previous'),
                value: String(page - 1),
              }),
            ]
          : []),
        ...(page < pages - 1
          ? [
              button({
                actionId: SETTINGS.repliesPage,
                text: t.plain('settings.replies.next'),
                value: String(page + 1),
              }),
            ]
          : []),
      ]),
    );
  return listModal(t, {
    callbackId: SETTINGS.repliesView,
    metadata: opts.metadata,
    title: 'settings.group.replies',
    blocks,
  });
}

/** A reply's modal: its title and text (a reply added: empty). */
export function savedReplyModal(
  t: Translate,
  opts: { reply?: SavedReply | undefined; metadata: string },
): ModalView {
  return formModal(t, {
    callbackId: SETTINGS.replyView,
    title: opts.reply ? 'settings.reply.editTitle' : 'settings.reply.addTitle',
    metadata: opts.metadata,
    blocks: [
      textInput(
        {
          block: REPLY_TITLE_BLOCK,
          label: t.plain('settings.reply.title'),
          hint: t.plain('settings.reply.titleHint', { max: REPLY_TITLE_MAX }),
        },
        opts.reply?.title,
        { max: REPLY_TITLE_MAX },
      ),
      textInput(
        {
          block: REPLY_TEXT_BLOCK,
          label: t.plain('settings.reply.text'),
          hint: t.plain('settings.reply.textHint', { max: REPLY_INPUT_MAX }),
        },
        opts.reply?.text,
        { multiline: true, max: REPLY_INPUT_MAX },
      ),
    ],
  });
}
