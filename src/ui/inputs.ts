import type { KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import type { MessageKey, Translate } from '../i18n/index.js';
import { plain } from './blocks.js';

/** Input builders shared by every form modal. */
/** Every input element has this action id: blocks are told apart by their block id. */
export const INPUT = 'v';

export function option(text: string, value: string): PlainTextOption {
  return { text: plain(text), value };
}

export function options(
  t: Translate,
  values: readonly string[],
  prefix: string,
): PlainTextOption[] {
  return values.map((v) => option(t(`${prefix}.${v}` as MessageKey), v));
}

export type Form = Partial<Record<string, string | undefined>>;

export interface InputSpec {
  block: string;
  label: string;
  optional?: boolean;
  hint?: string;
}

/** An input block around one element; every element's action id is INPUT. */
export function inputBlock(spec: InputSpec, element: Record<string, unknown>): KnownBlock {
  return {
    type: 'input',
    block_id: spec.block,
    optional: spec.optional ?? false,
    label: plain(spec.label, 2000),
    ...(spec.hint ? { hint: plain(spec.hint, 2000) } : {}),
    element: { action_id: INPUT, ...element },
  } as KnownBlock;
}

export function textInput(
  spec: InputSpec,
  initial: string | undefined,
  opts: { multiline?: boolean; max?: number } = {},
): KnownBlock {
  return inputBlock(spec, {
    type: 'plain_text_input',
    multiline: opts.multiline ?? false,
    ...(opts.max ? { max_length: opts.max } : {}),
    ...(initial ? { initial_value: initial } : {}),
  });
}

export function selectInput(
  spec: InputSpec,
  choices: PlainTextOption[],
  initial: string | undefined,
): KnownBlock {
  const selected = choices.find((c) => c.value === initial);
  return inputBlock(spec, {
    type: 'static_select',
    options: choices,
    ...(selected ? { initial_option: selected } : {}),
  });
}

export function dateInput(spec: InputSpec, initial: string | undefined): KnownBlock {
  return inputBlock(spec, { type: 'datepicker', ...(initial ? { initial_date: initial } : {}) });
}

/** A form modal: title, Save and Cancel, and what the submission needs to carry. */
export function formModal(
  t: Translate,
  spec: { callbackId: string; title: MessageKey; metadata: string; blocks: KnownBlock[] },
): ModalView {
  return {
    type: 'modal',
    callback_id: spec.callbackId,
    private_metadata: spec.metadata,
    title: plain(t(spec.title), 24),
    submit: plain(t('modal.save'), 24),
    close: plain(t('modal.cancel'), 24),
    blocks: spec.blocks,
  };
}
