import type { ModalView, PlainTextOption } from '@slack/types';
import type { MessageKey, Translate } from '../i18n/index.js';
import { builtBlock, plain, type Block } from './blocks.js';
import { clipAtCharacter } from '../text/clip.js';
import type { PlainText } from './text.js';

/** Input builders shared by every form modal. */
/** Every input element has this action id: blocks are told apart by their block id. */
export const INPUT = 'v';

export function option(text: PlainText, value: string): PlainTextOption {
  return { text: plain(text), value };
}

export function options(
  t: Translate,
  values: readonly string[],
  prefix: string,
): PlainTextOption[] {
  return values.map((v) => option(t.plain(`${prefix}.${v}` as MessageKey), v));
}

export type Form = Partial<Record<string, string | undefined>>;

export interface InputSpec {
  block: string;
  /** Labels and hints are plain text. */
  label: PlainText;
  optional?: boolean;
  hint?: PlainText;
  /** Shown in the empty input: an example of what to type (plain text, at most 150). */
  placeholder?: PlainText | undefined;
  /** A change is sent at once (block_actions), e.g. to show more inputs. */
  dispatch?: boolean;
}

/** An input block around one element; every element's action id is INPUT. */
export function inputBlock(spec: InputSpec, element: Record<string, unknown>): Block {
  const placeholder = spec.placeholder ? { placeholder: plain(spec.placeholder, 150) } : {};
  return builtBlock({
    type: 'input',
    block_id: spec.block,
    optional: spec.optional ?? false,
    ...(spec.dispatch ? { dispatch_action: true } : {}),
    label: plain(spec.label, 2000),
    ...(spec.hint ? { hint: plain(spec.hint, 2000) } : {}),
    element: { action_id: INPUT, ...placeholder, ...element },
  } as Parameters<typeof builtBlock>[0]);
}

/** Slack's plain_text_input holds at most this many characters. */
const INPUT_MAX = 3000;

/**
 * A text input. A stored value longer than the input takes (kept from before a limit, or grown by
 * an erasure's marks) still opens: the input makes room for it, up to what Slack allows, past
 * which it is shown cut with an ellipsis. Forms apply only the inputs a person changed, so one left as opened is
 * kept as stored; one changed is checked against the field's own limit.
 */
export function textInput(
  spec: InputSpec,
  initial: string | undefined,
  opts: { multiline?: boolean; max?: number } = {},
): Block {
  // Cut with an ellipsis, so that an edit of the rest saves a visibly shortened text; between
  // characters (half an emoji's surrogate pair is not text Slack takes).
  const value = initial && clipAtCharacter(initial, INPUT_MAX);
  const max = opts.max && value ? Math.max(opts.max, value.length) : opts.max;
  return inputBlock(spec, {
    type: 'plain_text_input',
    multiline: opts.multiline ?? false,
    ...(max ? { max_length: max } : {}),
    ...(value ? { initial_value: value } : {}),
  });
}

export function selectInput(
  spec: InputSpec,
  choices: PlainTextOption[],
  initial: string | undefined,
): Block {
  const selected = choices.find((c) => c.value === initial);
  return inputBlock(spec, {
    type: 'static_select',
    options: choices,
    ...(selected ? { initial_option: selected } : {}),
  });
}

export function dateInput(spec: InputSpec, initial: string | undefined): Block {
  return inputBlock(spec, { type: 'datepicker', ...(initial ? { initial_date: initial } : {}) });
}

/**
 * A form modal: title (with its parameters: the ticket's number), the submit button (what it
 * does: "Escalate", "Mark done"; Save by default) and Cancel, and what the submission carries.
 */
export function formModal(
  t: Translate,
  spec: {
    callbackId: string;
    title: MessageKey;
    titleParams?: Record<string, string | number>;
    submit?: MessageKey;
    metadata: string;
    blocks: Block[];
  },
): ModalView {
  return {
    type: 'modal',
    callback_id: spec.callbackId,
    private_metadata: spec.metadata,
    title: plain(t.plain(spec.title, spec.titleParams), 24),
    submit: plain(t.plain(spec.submit ?? 'modal.save'), 24),
    close: plain(t.plain('modal.cancel'), 24),
    blocks: spec.blocks,
  };
}
