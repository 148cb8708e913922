// The states a modal goes through when it is acked before its save (src/slack/boundary.ts):
// "saving" at once, then "saved" or what was refused. Pure builders over the view Slack sent
// back with the submission.
//
// Over a modal's first view, the saving view is pushed: a small view on top, the form under it
// as it was typed (Slack keeps a view in the stack with its state), so that the ack is as small
// as an empty one and Back returns to the form. A form that was itself pushed (a contact, a
// settings group) is updated in place instead, with its inputs repeated under the saving line
// (Slack keeps what was typed in inputs of the same ids): a modal holds at most three views.
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
  /** Set when the view was pushed over another (it is not the modal's first view). */
  previous_view_id?: string | null;
  title: ModalView['title'];
  submit?: ModalView['submit'];
  close?: ModalView['close'];
  /** As Slack sent them back, not looked into but for the inputs' ids and labels (refusedView). */
  blocks: Record<string, unknown>[];
}

/** How a submission acked before its save ended. */
export type SaveOutcome =
  /** Saved; `line` says what (the listener's `savedAs`). */
  | { saved: true; line?: Mrkdwn }
  | { refused: { fields?: Record<string, string>; text: Mrkdwn } }
  /** What the listener answered instead (a next step). */
  | { view: ModalView };

/** Where the saving view went: pushed over the form (its `external_id`), or the form itself. */
export interface Saving {
  /** The ack's view. */
  view: ModalView;
  /** The pushed view's external id, which its later updates name (the ack does not say its id). */
  over?: string;
}

/** One views.update to finish a submission: by the form's id, or by the pushed view's. */
export type FinishUpdate = { view: ModalView } & ({ view_id: string } | { external_id: string });

/** An input block's id and label text, as a refusal names the field. */
function inputLabel(block: Record<string, unknown>): [string, string] | undefined {
  const label = block.label as { text?: unknown } | undefined;
  if (typeof block.block_id !== 'string') return undefined;
  return [block.block_id, typeof label?.text === 'string' ? label.text : block.block_id];
}

/** The blocks as Slack sent them back: ours, with their ids and initial values. */
const asBlocks = (view: SubmittedView) => view.blocks as unknown as Block[];

/** The block id of the line a form gets on top while saving or once refused. */
const STATE_LINE = 'submit_state';

/**
 * The form again with `lead` on top: the same inputs with the same ids (Slack keeps what was
 * typed in them), without the line an earlier attempt put there (one line, never a pile).
 */
function frame(view: SubmittedView, lead: Block, submit: ModalView['submit']): ModalView {
  const blocks = asBlocks(view).filter((b) => b.block_id !== STATE_LINE);
  return {
    type: 'modal',
    ...(view.callback_id ? { callback_id: view.callback_id } : {}),
    ...(view.private_metadata ? { private_metadata: view.private_metadata } : {}),
    title: view.title,
    ...(submit ? { submit } : {}),
    ...(view.close ? { close: view.close } : {}),
    blocks: [{ ...lead, block_id: STATE_LINE }, ...blocks.slice(0, MODAL_BLOCKS_MAX - 1)],
  };
}

/**
 * The ack of a submission about to save: pushed over a first view (`over`, a fresh external id
 * for its later updates), else the form in place with its submit button saying "Saving…".
 */
export function savingView(t: Translate, view: SubmittedView, over: string): Saving {
  if (view.previous_view_id) {
    return {
      view: frame(view, context(t('modal.savingLine')), plain(t.plain('modal.saving'), 24)),
    };
  }
  return {
    over,
    view: { ...overForm(t, view, context(t('modal.savingOver'))), external_id: over },
  };
}

/** A view pushed over the form: one line, and Back to the form under it. */
function overForm(t: Translate, view: SubmittedView, line: Block): ModalView {
  return {
    type: 'modal',
    title: view.title,
    close: plain(t.plain('modal.back'), 24),
    blocks: [line],
  };
}

/**
 * The modal once saved: a line saying so (what was saved, when the listener said it) and a
 * Close button (the confirmation comes too).
 */
export function savedView(
  t: Translate,
  view: SubmittedView,
  clearOnClose = false,
  line?: Mrkdwn,
): ModalView {
  return {
    type: 'modal',
    title: view.title,
    close: plain(t.plain('modal.close'), 24),
    // Pushed over the form: Close closes the modal, not back to the form just saved.
    ...(clearOnClose ? { clear_on_close: true } : {}),
    blocks: [markdown(line ? t('modal.savedAs', { what: keep(line) }) : t('modal.saved'))],
  };
}

/** What was refused: each refused field by its label (Slack shows inline errors only in an ack). */
function problemsOf(
  view: SubmittedView,
  refused: { fields?: Record<string, string>; text: Mrkdwn },
): Mrkdwn {
  const labels = new Map(view.blocks.map(inputLabel).filter((l) => l !== undefined));
  const lines = Object.entries(refused.fields ?? {})
    .filter(([block]) => labels.has(block))
    .map(([block, message]) => md`*${escape(labels.get(block)!)}:* ${escape(message)}`);
  return lines.length ? join(lines, '\n') : refused.text;
}

/**
 * The form again, what was typed kept, with what was refused above it: each refused field by its
 * label, or one message.
 */
export function refusedView(
  t: Translate,
  view: SubmittedView,
  refused: { fields?: Record<string, string>; text: Mrkdwn },
): ModalView {
  return refusedForm(t, view, problemsOf(view, refused));
}

function refusedForm(t: Translate, view: SubmittedView, problems: Mrkdwn): ModalView {
  return frame(view, markdown(t('modal.refused', { problems: keep(problems) })), view.submit);
}

/** The views.update calls that finish a submission acked with `saving`. */
export function finishSaving(
  t: Translate,
  view: SubmittedView,
  saving: Saving,
  outcome: SaveOutcome,
): FinishUpdate[] {
  const { over } = saving;
  if ('view' in outcome) {
    return [
      over ? { external_id: over, view: outcome.view } : { view_id: view.id, view: outcome.view },
    ];
  }
  if ('saved' in outcome) {
    return [
      over
        ? { external_id: over, view: savedView(t, view, true, outcome.line) }
        : { view_id: view.id, view: savedView(t, view, false, outcome.line) },
    ];
  }
  const problems = problemsOf(view, outcome.refused);
  const form = { view_id: view.id, view: refusedForm(t, view, problems) };
  if (!over) return [form];
  // The form under it says what was refused too, and the pushed view sends the person back to it.
  const line = markdown(t('modal.refusedOver', { problems: keep(problems) }));
  return [form, { external_id: over, view: overForm(t, view, line) }];
}
