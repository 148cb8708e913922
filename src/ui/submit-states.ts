// The states a modal goes through when its save outlasts the ack budget (src/slack/boundary.ts):
// "saving" at once, then "saved" or the form again with what was refused. Pure builders over the
// view Slack sent back with the submission.
import type { ModalView } from '@slack/types';
import type { Translate } from '../i18n/index.js';
import { context, markdown, plain, type Block } from './blocks.js';
import { escape, join, keep, md, type Mrkdwn } from './text.js';

/** Slack's limit of blocks in a modal. */
const MODAL_BLOCKS_MAX = 100;

/** The view of a submitted modal as far as these states need it (Slack sends more). */
export interface SubmittedView {
  id: string;
  callback_id?: string;
  private_metadata?: string;
  title: ModalView['title'];
  submit?: ModalView['submit'];
  close?: ModalView['close'];
  blocks: { type: string; block_id?: string; label?: { text?: string } }[];
}

/** The blocks as Slack sent them back: ours, with their ids and initial values. */
const asBlocks = (view: SubmittedView) => view.blocks as unknown as Block[];

function frame(view: SubmittedView, lead: Block, submit: ModalView['submit']): ModalView {
  return {
    type: 'modal',
    ...(view.callback_id ? { callback_id: view.callback_id } : {}),
    ...(view.private_metadata ? { private_metadata: view.private_metadata } : {}),
    title: view.title,
    ...(submit ? { submit } : {}),
    ...(view.close ? { close: view.close } : {}),
    // The same inputs with the same ids: Slack keeps what was typed in them.
    blocks: [lead, ...asBlocks(view).slice(0, MODAL_BLOCKS_MAX - 1)],
  };
}

/** The modal while its save runs: what was typed stays, the submit button says "Saving…". */
export function savingView(t: Translate, view: SubmittedView): ModalView {
  return frame(view, context(t('modal.savingLine')), plain(t.plain('modal.saving'), 24));
}

/** The modal once saved: a line saying so and a Close button (the confirmation comes too). */
export function savedView(t: Translate, view: SubmittedView): ModalView {
  return {
    type: 'modal',
    title: view.title,
    close: plain(t.plain('modal.close'), 24),
    blocks: [markdown(t('modal.saved'))],
  };
}

/**
 * The form again, what was typed kept, with what was refused above it: each refused field by its
 * label (Slack shows inline errors only in an ack, which has already gone), or one message.
 */
export function refusedView(
  t: Translate,
  view: SubmittedView,
  refused: { fields?: Record<string, string>; text: Mrkdwn },
): ModalView {
  const labels = new Map(view.blocks.map((b) => [b.block_id, b.label?.text]));
  const lines = Object.entries(refused.fields ?? {})
    .filter(([block]) => labels.has(block))
    .map(([block, message]) => md`*${escape(labels.get(block) ?? block)}:* ${escape(message)}`);
  const problems = lines.length ? join(lines, '\n') : refused.text;
  return frame(view, markdown(t('modal.refused', { problems: keep(problems) })), view.submit);
}
