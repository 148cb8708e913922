/**
 * Reading Block Kit output the way a user meets it: its texts (and how Slack reads each), its
 * buttons, a modal's inputs and their initial values. Plus the validity checks every test runs.
 */
import { expect } from 'vitest';
import type { AnyBlock, HomeView, KnownBlock, ModalView } from '@slack/types';
import type { MessageKey, Translate } from '../../src/i18n/index.js';
import type { Message } from '../../src/ui/blocks.js';
import { validateMessage, validateView } from './block-kit.js';
import { HOSTILE_ESCAPED } from './records.js';

type Json = Record<string, unknown>;
type View = ModalView | HomeView;
export type Output = Message | View;

function isJson(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** No Block Kit violation: what Slack would refuse (or cut) is a failure. */
export function expectValidMessage(message: Message): void {
  expect(validateMessage({ ...message })).toEqual([]);
}

export function expectValidView(view: View): void {
  expect(validateView({ ...view })).toEqual([]);
}

/** One text a user sees: where it sits and how Slack reads it. */
export interface Surface {
  where: string;
  kind: 'mrkdwn' | 'plain_text' | 'fallback';
  text: string;
}

function collect(node: unknown, where: string, out: Surface[]): void {
  if (Array.isArray(node)) {
    node.forEach((item, i) => collect(item, `${where}[${i}]`, out));
    return;
  }
  if (!isJson(node)) return;
  if ((node.type === 'mrkdwn' || node.type === 'plain_text') && typeof node.text === 'string') {
    out.push({ where, kind: node.type, text: node.text });
    return;
  }
  for (const [key, value] of Object.entries(node)) collect(value, `${where}.${key}`, out);
}

/** Every text of a message (its fallback `text` first) or view. */
export function surfaces(output: Output): Surface[] {
  const out: Surface[] = [];
  if ('text' in output) out.push({ where: 'text', kind: 'fallback', text: output.text });
  collect(output.blocks, 'blocks', out);
  return out;
}

/** All mrkdwn text of the blocks (of an output, or just these blocks), one surface a line. */
export function mrkdwn(of: Output | readonly AnyBlock[]): string {
  const found = Array.isArray(of)
    ? surfaces({ type: 'home', blocks: [...of] })
    : surfaces(of as Output);
  return found
    .filter((s) => s.kind === 'mrkdwn')
    .map((s) => s.text)
    .join('\n');
}

/** Everything a user can read: fallback, mrkdwn and plain text. */
export function visibleText(output: Output): string {
  return surfaces(output)
    .map((s) => s.text)
    .join('\n');
}

export interface ButtonInfo {
  actionId: string;
  text: string;
  value: string | undefined;
  style: string | undefined;
}

function button(el: Json): ButtonInfo {
  return {
    actionId: String(el.action_id),
    text: isJson(el.text) ? String(el.text.text) : '',
    value: typeof el.value === 'string' ? el.value : undefined,
    style: typeof el.style === 'string' ? el.style : undefined,
  };
}

/** The buttons in order: those of actions blocks and section accessories. */
export function buttons(blocks: readonly KnownBlock[]): ButtonInfo[] {
  return blocks.flatMap((b): ButtonInfo[] => {
    if (b.type === 'actions')
      return (b.elements as unknown as Json[]).filter((e) => e.type === 'button').map(button);
    if (b.type === 'section' && b.accessory?.type === 'button')
      return [button(b.accessory as unknown as Json)];
    return [];
  });
}

/** The choices of the overflow ("…") menus in order: those of actions blocks and accessories. */
export function menuChoices(
  blocks: readonly KnownBlock[],
): { actionId: string; text: string; value: string }[] {
  const menus = blocks.flatMap((b): Json[] => {
    if (b.type === 'actions')
      return (b.elements as unknown as Json[]).filter((e) => e.type === 'overflow');
    if (b.type === 'section' && b.accessory?.type === 'overflow')
      return [b.accessory as unknown as Json];
    return [];
  });
  return menus.flatMap((m) =>
    (m.options as Json[]).map((o) => ({
      actionId: String(m.action_id),
      text: isJson(o.text) ? String(o.text.text) : '',
      value: String(o.value),
    })),
  );
}

/** The button a ticket card's menu choice stands for (its value `action:number`). */
const CHOICE_BUTTON: Record<string, string> = {
  claim: 'ticket_claim',
  reassign: 'ticket_reassign_open',
  escalate: 'ticket_escalate_open',
  wait: 'ticket_wait',
  resume: 'ticket_resume',
  note: 'ticket_note_open',
  resolve: 'ticket_resolve_open',
  reopen: 'ticket_reopen',
  close: 'ticket_close',
  plan: 'ticket_plan_open',
  logResponse: 'ticket_log_response_open',
  reply: 'ticket_reply_open',
  delay: 'ticket_delay_open',
  merge: 'ticket_merge_open',
  followers: 'ticket_followers_open',
};

/**
 * What a message offers, as action ids: its buttons', and for a ticket card's "…" menu each
 * choice as the id of the button it stands for (what a reader may do, wherever it is shown).
 */
export function offeredIds(blocks: readonly unknown[] | undefined): string[] {
  return (blocks ?? []).flatMap((raw): string[] => {
    const b = raw as Json & { elements?: Json[]; accessory?: Json };
    const elements = b.type === 'actions' ? (b.elements ?? []) : b.accessory ? [b.accessory] : [];
    return elements.flatMap((e) =>
      e.type === 'overflow' && e.action_id === 'ticket_card_menu'
        ? (e.options as Json[]).map((o) => {
            const action = String(o.value).split(':')[0]!;
            return CHOICE_BUTTON[action] ?? `ticket_card_menu:${action}`;
          })
        : e.action_id === undefined
          ? []
          : [String(e.action_id)],
    );
  });
}

/** A modal's input blocks by block id (the form field names the parsers read), in order. */
export function inputs(view: View): Map<string, Json> {
  const found = new Map<string, Json>();
  for (const block of view.blocks) {
    if (block.type === 'input' && block.block_id) found.set(block.block_id, { ...block });
  }
  return found;
}

export function inputIds(view: View): string[] {
  return [...inputs(view).keys()];
}

/** The block ids of the inputs a user must fill in. */
export function requiredIds(view: View): string[] {
  return [...inputs(view)].filter(([, block]) => block.optional !== true).map(([id]) => id);
}

/**
 * A valid form modal: its callback id, title (with its parameters), submit button (Save unless
 * it says what it does) and Cancel, and the metadata it carries.
 */
export function expectFormModal(
  t: Translate,
  view: ModalView,
  form: {
    callbackId: string;
    title: MessageKey;
    titleParams?: Record<string, string | number>;
    submit?: MessageKey;
    metadata: string;
  },
): void {
  expectValidView(view);
  expect({
    callbackId: view.callback_id,
    title: view.title.text,
    submit: view.submit?.text,
    close: view.close?.text,
    metadata: view.private_metadata,
  }).toEqual({
    callbackId: form.callbackId,
    title: t.plain(form.title, form.titleParams),
    submit: t(form.submit ?? 'modal.save'),
    close: t('modal.cancel'),
    metadata: form.metadata,
  });
}

/** The input's element (what the user fills in). */
export function element(view: View, blockId: string): Json {
  const block = inputs(view).get(blockId);
  if (!block || !isJson(block.element)) throw new Error(`no input block ${blockId}`);
  return block.element;
}

/** The value an input shows before the user touches it, whatever its element type. */
export function initialValue(view: View, blockId: string): string | undefined {
  const el = element(view, blockId);
  const option = isJson(el.initial_option) ? el.initial_option.value : undefined;
  const value = el.initial_value ?? option ?? el.initial_date ?? el.initial_user ?? el.initial_time;
  return typeof value === 'string' ? value : undefined;
}

/** The label of each input block, by block id. */
export function labels(view: View): Record<string, string> {
  return Object.fromEntries(
    [...inputs(view)].map(([id, block]) => [
      id,
      isJson(block.label) ? String(block.label.text) : '',
    ]),
  );
}

/** The option values of a select input, in order. */
export function optionValues(view: View, blockId: string): string[] {
  const options = element(view, blockId).options;
  return Array.isArray(options) ? options.map((o: Json) => String(o.value)) : [];
}

/** The user text arrived escaped: no ping, no mention, no disguised link, `&` kept as `&amp;`. */
export function expectEscaped(text: string): void {
  expect(text).toContain(HOSTILE_ESCAPED);
  for (const raw of ['<!channel>', '<@U123>', '<https://evil.example']) {
    expect(text).not.toContain(raw);
  }
}

/** The `*Label*\nvalue` fields of the sections, as label -> value. */
export function fields(blocks: readonly KnownBlock[]): Record<string, string> {
  const found: Record<string, string> = {};
  for (const block of blocks) {
    if (block.type !== 'section' || !block.fields) continue;
    for (const field of block.fields) {
      const match = /^\*([^*]+)\*\n([\s\S]*)$/.exec(field.text);
      if (match) found[match[1]!] = match[2]!;
    }
  }
  return found;
}

/**
 * The headings and field labels of a posted message in reading order: section headings (a bold
 * line alone) and each field's bold label.
 */
export function titles(message: { args: Record<string, unknown> }): string[] {
  const out: string[] = [];
  for (const block of message.args.blocks as {
    text?: { text?: string };
    fields?: { text: string }[];
  }[]) {
    const heading = /^\*([^*\n]+)\*$/.exec(block.text?.text ?? '');
    if (heading) out.push(heading[1]!);
    for (const f of block.fields ?? []) out.push(f.text.split('\n')[0]!.replace(/\*/g, ''));
  }
  return out;
}

/** The titles that come twice in a row (a figure, then a heading of the same name). */
export const repeated = (list: string[]) =>
  list.filter((title, i) => i > 0 && list[i - 1] === title);
