import type { Button, ConfirmationDialog, KnownBlock, ModalView, Overflow } from '@slack/types';
import type { MessageKey, Translate } from '../i18n/index.js';
import { clip } from '../text/clip.js';
import { clipMrkdwn, join, keep, md, splitMrkdwn, type Mrkdwn, type PlainText } from './text.js';

/** Slack's section text limit; longer text is cut with an ellipsis rather than rejected. */
export const SECTION_TEXT_MAX = 3000;
/** A section field's limit. */
export const FIELD_TEXT_MAX = 2000;
/** A message's notification text, cut well under the 4000 characters Slack asks for. */
export const MESSAGE_TEXT_MAX = 3000;
/** Slack's limit of blocks in one message. */
export const MESSAGE_BLOCKS_MAX = 50;

declare const BUILT: unique symbol;

/**
 * A block made by the builders below: the only blocks a Message, a modal or the Home tab of
 * ours is made of, so every mrkdwn text in them is `Mrkdwn` (escaped or ours) and every
 * plain_text is text as typed.
 */
export type Block = KnownBlock & { readonly [BUILT]: true };

const built = (block: KnownBlock) => block as Block;

/** A section of mrkdwn text, optionally with a button (or an overflow menu) beside it. */
export function markdown(text: Mrkdwn, accessory?: Button | Overflow): Block {
  return built({
    type: 'section',
    text: { type: 'mrkdwn', text: clipMrkdwn(text, SECTION_TEXT_MAX) },
    ...(accessory ? { accessory } : {}),
  });
}

/** A section of fields (at most ten, each cut to Slack's limit). */
export function fieldsSection(fields: readonly Mrkdwn[]): Block {
  return built({
    type: 'section',
    fields: fields.map((text) => ({ type: 'mrkdwn', text: clipMrkdwn(text, FIELD_TEXT_MAX) })),
  });
}

/**
 * Fields in as many sections as they need, ten to a section (Slack refuses a section of more:
 * a card whose fields grow with the record, a complaint's steps, a requester, never breaks).
 */
export function fieldsSections(fields: readonly Mrkdwn[]): Block[] {
  const out: Block[] = [];
  for (let i = 0; i < fields.length; i += FIELDS_PER_SECTION)
    out.push(fieldsSection(fields.slice(i, i + FIELDS_PER_SECTION)));
  return out;
}
const FIELDS_PER_SECTION = 10;

/**
 * Lines in as few sections as hold them, in order, each section within Slack's 3000 characters:
 * a line is never split between two (one longer than a section alone is cut as `markdown` cuts).
 * A message that grows with a list (a hand-over's DM) keeps its last lines.
 */
export function lineSections(lines: readonly Mrkdwn[], max = SECTION_TEXT_MAX): Block[] {
  const out: Block[] = [];
  let current: Mrkdwn[] = [];
  let size = 0;
  for (const line of lines) {
    if (current.length && size + 1 + line.length > max) {
      out.push(markdown(join(current, '\n')));
      current = [];
    }
    size = current.length ? size + 1 + line.length : line.length;
    current.push(line);
  }
  if (current.length) out.push(markdown(join(current, '\n')));
  return out;
}

/**
 * One text, however long, in as many sections as it needs, in order, nothing cut off: each
 * section within Slack's 3000 characters, split at a line break where one fits (`splitMrkdwn`).
 * For a message whose text someone typed, which escaping can make longer than its field allowed.
 */
export function textSections(text: Mrkdwn, max = SECTION_TEXT_MAX): Block[] {
  // (Slack refuses a section with no text: a break at a cut leaves none.)
  return splitMrkdwn(text, max)
    .filter((piece) => piece.trim())
    .map((piece) => markdown(piece));
}

/**
 * Where `lineSections` stands after some lines, from their lengths alone: the sections closed,
 * and the lines and characters of the one being filled.
 */
interface Packing {
  closed: number;
  lines: number;
  size: number;
}

/** `at` with one more line of `length` characters, as `lineSections` adds it. */
function pack(at: Packing, length: number, max = SECTION_TEXT_MAX): Packing {
  const full = at.lines > 0 && at.size + 1 + length > max;
  const closed = full ? at.closed + 1 : at.closed;
  const lines = full ? 0 : at.lines;
  return { closed, lines: lines + 1, size: lines ? at.size + 1 + length : length };
}

/** The sections `lineSections` makes of what `at` packed. */
const sectionsOf = (at: Packing) => at.closed + (at.lines ? 1 : 0);

/**
 * `lineSections` of `head`, then `items`, then `tail`, within `maxBlocks` sections: when all the
 * items do not fit, as many of them as do, in order, then `more(the rest)` ("and N more"); the
 * head and the tail are always kept. The lines shown, for the message's fallback text too.
 *
 * Cheap with many items (a hand-over's 1,500 refusals): the sections are counted from the lines'
 * lengths, each item's measured once as it is packed, and only the shown lines are rendered.
 * The items packed after the head are kept as they stand after each; once the head and the first
 * items alone need more than `maxBlocks` sections, no more items are packed (nor asked of a lazy
 * `items`: `at(i)` formats the i-th on demand), as no count that large can fit.
 */
export function lineSectionsWithin(
  parts: {
    head: readonly Mrkdwn[];
    items: { readonly length: number; at(index: number): Mrkdwn | undefined };
    tail?: readonly Mrkdwn[];
  },
  more: (count: number) => Mrkdwn,
  maxBlocks = MESSAGE_BLOCKS_MAX,
): { lines: Mrkdwn[]; blocks: Block[] } {
  const { head, items, tail = [] } = parts;
  const count = items.length;
  const item = (i: number) => items.at(i)!;
  let start: Packing = { closed: 0, lines: 0, size: 0 };
  for (const line of head) start = pack(start, line.length);
  // after[k]: the packing of the head and the first k items, for k up to the first count that
  // alone needs more than maxBlocks sections (or all of them).
  const after: Packing[] = [start];
  const shownItems: Mrkdwn[] = [];
  while (shownItems.length < count && sectionsOf(after.at(-1)!) <= maxBlocks) {
    const line = item(shownItems.length);
    shownItems.push(line);
    after.push(pack(after.at(-1)!, line.length));
  }
  const withTail = (at: Packing) => tail.reduce((p, line) => pack(p, line.length), at);
  const moreLines = new Map<number, Mrkdwn>();
  const moreLine = (rest: number) => {
    let line = moreLines.get(rest);
    if (line === undefined) moreLines.set(rest, (line = more(rest)));
    return line;
  };
  const shown = (k: number) =>
    k >= count
      ? [...head, ...shownItems, ...tail]
      : [...head, ...shownItems.slice(0, k), moreLine(count - k), ...tail];
  if (after.length === count + 1 && sectionsOf(withTail(after[count]!)) <= maxBlocks) {
    const all = shown(count);
    return { lines: all, blocks: lineSections(all) };
  }
  // The most items that fit with the "more" line, by halving: `lo` only ever takes a count that
  // was seen to fit (or stays 0: the head, the "more" line and the tail alone). A count past
  // those packed cannot fit: its first items alone need too many sections.
  const fits = (k: number) =>
    k < after.length &&
    sectionsOf(withTail(pack(after[k]!, moreLine(count - k).length))) <= maxBlocks;
  let lo = 0;
  let hi = count - 1;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (fits(mid)) lo = mid;
    else hi = mid - 1;
  }
  const lines = shown(lo);
  return { lines, blocks: lineSections(lines) };
}

/**
 * Lines joined with newlines and cut to `max` as `clipMrkdwn` cuts them (a message's fallback
 * text), reading only the lines up to the first that reaches past `max`: a cut never looks past
 * the newline after it (no mrkdwn entity, link or mention spans one, nor a grapheme or a word),
 * so the rest of a long list changes nothing but the time taken.
 */
export function clipLines(lines: readonly Mrkdwn[], max: number): Mrkdwn {
  let size = -1;
  let k = 0;
  while (k < lines.length && size <= max) size += 1 + lines[k++]!.length;
  return clipMrkdwn(join(k < lines.length ? lines.slice(0, k) : lines, '\n'), max);
}

/**
 * As `clipLines`, but the last `tail` lines (a summary's notes after its list) kept whole after
 * the cut of those before them, when they fit within `max` themselves.
 */
export function clipLinesKeepingTail(lines: readonly Mrkdwn[], tail: number, max: number): Mrkdwn {
  const kept = tail > 0 ? lines.slice(-tail) : [];
  const keptSize = kept.reduce((size, line) => size + 1 + line.length, 0);
  if (!kept.length || keptSize >= max) return clipLines(lines, max);
  return join([clipLines(lines.slice(0, -tail), max - keptSize), ...kept], '\n');
}

/** A `*Label*\nvalue` field. */
export function field(label: Mrkdwn, value: Mrkdwn): Mrkdwn {
  return md`*${label}*\n${value}`;
}

/** `Label: value` on one line, with the language's colon (`解决说明：…` in Chinese). */
export function labelled(t: Translate, label: MessageKey, value: Mrkdwn): Mrkdwn {
  return t('ui.labelled', { label: keep(t(label)), value: keep(value) });
}

export function context(text: Mrkdwn): Block {
  return built({
    type: 'context',
    elements: [{ type: 'mrkdwn', text: clipMrkdwn(text, SECTION_TEXT_MAX) }],
  });
}

/** A header: plain text, shown as typed. */
export function header(text: PlainText): Block {
  return built({ type: 'header', text: plain(text, 150) });
}

export function divider(): Block {
  return built({ type: 'divider' });
}

/** A button (plain-text label, at most 75 characters). */
export function button(spec: {
  actionId: string;
  text: PlainText;
  value: string;
  style?: 'primary' | 'danger' | undefined;
  /** Slack's own dialog asks this before the click is sent (a delete). */
  confirm?: ConfirmDialog | undefined;
}): Button {
  return {
    type: 'button',
    action_id: spec.actionId,
    text: plain(spec.text),
    value: spec.value,
    ...(spec.style ? { style: spec.style } : {}),
    ...(spec.confirm ? { confirm: confirmDialog(spec.confirm) } : {}),
  };
}

/** What a confirmation dialog says: plain text, each part cut to Slack's limits. */
export interface ConfirmDialog {
  title: PlainText;
  text: PlainText;
  confirm: PlainText;
  deny: PlainText;
  danger?: boolean;
}

function confirmDialog(spec: ConfirmDialog): ConfirmationDialog {
  return {
    title: plain(spec.title, 100),
    text: plain(spec.text, 300),
    confirm: plain(spec.confirm, 30),
    deny: plain(spec.deny, 30),
    ...(spec.danger ? { style: 'danger' as const } : {}),
  };
}

/**
 * An overflow menu ("…"): at most five choices, each a plain-text label and a value of at most
 * 75 characters (Slack's limits).
 */
export function overflow(
  actionId: string,
  choices: readonly { text: PlainText; value: string }[],
): Overflow {
  return {
    type: 'overflow',
    action_id: actionId,
    options: choices.slice(0, 5).map((c) => ({ text: plain(c.text), value: c.value })),
  };
}

export function actions(blockId: string, elements: (Button | Overflow)[]): Block {
  return built({ type: 'actions', block_id: blockId, elements });
}

/** Other blocks the builders of inputs.ts make (input blocks: plain-text labels and values). */
export function builtBlock(block: KnownBlock): Block {
  return built(block);
}

/** A message: blocks plus the notification fallback text Slack requires (mrkdwn too). */
export interface Message {
  text: Mrkdwn;
  blocks: Block[];
}

/** A message of one section, its text also the notification text. */
export function textMessage(text: Mrkdwn, ...more: Block[]): Message {
  return { text: clipMrkdwn(text, MESSAGE_TEXT_MAX), blocks: [markdown(text), ...more] };
}

/**
 * Plain text cut to a Block Kit limit (75 for buttons and options, 24 for modal titles). It is
 * shown as typed: never mrkdwn, so never escaped (the type refuses `Mrkdwn`).
 */
export function plain(
  text: PlainText,
  max = 75,
): { type: 'plain_text'; text: string; emoji: true } {
  return { type: 'plain_text', text: clip(text, max), emoji: true };
}

/**
 * A modal to read and click in, with Close and no submit (a list whose buttons open modals of
 * their own): `callbackId` names it, `metadata` is what its clicks read.
 */
export function listModal(
  t: Translate,
  view: { callbackId: string; metadata: string; title: MessageKey; blocks: Block[] },
): ModalView {
  return {
    type: 'modal',
    callback_id: view.callbackId,
    private_metadata: view.metadata,
    title: plain(t.plain(view.title), 24),
    close: plain(t.plain('modal.close'), 24),
    blocks: view.blocks,
  };
}

/** A modal shown while its content loads. */
export function loadingModal(t: Translate, title: MessageKey): ModalView {
  return {
    type: 'modal',
    title: plain(t.plain(title), 24),
    close: plain(t.plain('modal.close'), 24),
    blocks: [markdown(t('modal.loading'))],
  };
}

/**
 * What went wrong after a click inside a modal or on App Home, in a small modal of its own over
 * it (where the person is looking): the message with its reference id, and Close.
 */
export function errorModal(t: Translate, text: Mrkdwn): ModalView {
  return {
    type: 'modal',
    title: plain(t.plain('modal.error.title'), 24),
    close: plain(t.plain('modal.close'), 24),
    blocks: [markdown(text)],
  };
}

/** Splits a list into messages of at most `size` items (each message within Slack's limits). */
export function chunks<T>(items: T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, i) =>
    items.slice(i * size, (i + 1) * size),
  );
}

/**
 * The notification text of a list: the heading, then the lines themselves (which ticket, task
 * or customer, and what happened), most important first as the list is, then `more`, cut within
 * MESSAGE_TEXT_MAX. A push or desktop notification and a screen reader say what the blocks say,
 * not just a count.
 */
export function listText(heading: Mrkdwn, lines: readonly Mrkdwn[], more?: Mrkdwn): Mrkdwn {
  return clipMrkdwn(join([heading, ...lines, ...(more ? [more] : [])], '\n'), MESSAGE_TEXT_MAX);
}

/**
 * A list message: the heading in bold, the lines in sections of ten (well within a section's
 * 3000 characters when each line is clipped), then `more` ("and N more") when given.
 */
export function listMessage(
  heading: Mrkdwn,
  lines: Mrkdwn[],
  more?: Mrkdwn,
  perSection = 10,
): Message {
  const blocks = [markdown(md`*${heading}*`)];
  for (let i = 0; i < lines.length; i += perSection)
    blocks.push(markdown(join(lines.slice(i, i + perSection), '\n')));
  if (more) blocks.push(context(more));
  return { text: listText(heading, lines, more), blocks };
}
