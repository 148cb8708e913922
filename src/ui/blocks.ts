import type { KnownBlock, ModalView } from '@slack/types';
import type { MessageKey, Translate } from '../i18n/index.js';

/** Slack's section text limit; longer text is cut with an ellipsis rather than rejected. */
export const SECTION_TEXT_MAX = 3000;

export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/**
 * Escapes user-typed text for mrkdwn: `&`, `<` and `>` (so `<!channel>` in a description pings
 * nobody and a `<` does not break the formatting), as Slack asks.
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function markdown(text: string): KnownBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: clip(text, SECTION_TEXT_MAX) } };
}

export function context(text: string): KnownBlock {
  return { type: 'context', elements: [{ type: 'mrkdwn', text: clip(text, SECTION_TEXT_MAX) }] };
}

export function header(text: string): KnownBlock {
  return { type: 'header', text: { type: 'plain_text', text: clip(text, 150), emoji: true } };
}

/** A message: blocks plus the notification fallback text Slack requires. */
export interface Message {
  text: string;
  blocks: KnownBlock[];
}

/** Plain text cut to a Block Kit limit (75 for buttons and options, 24 for modal titles). */
export function plain(text: string, max = 75): { type: 'plain_text'; text: string; emoji: true } {
  return { type: 'plain_text', text: clip(text, max), emoji: true };
}

/** A modal shown while its content loads. */
export function loadingModal(t: Translate, title: MessageKey): ModalView {
  return {
    type: 'modal',
    title: plain(t(title), 24),
    close: plain(t('modal.close'), 24),
    blocks: [markdown(t('modal.loading'))],
  };
}

/** Splits a list into messages of at most `size` items (each message within Slack's limits). */
export function chunks<T>(items: T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, i) =>
    items.slice(i * size, (i + 1) * size),
  );
}

/**
 * A list message: the heading in bold, the lines in sections of ten (well within a section's
 * 3000 characters when each line is clipped), then `more` ("and N more") when given.
 */
export function listMessage(heading: string, lines: string[], more?: string): Message {
  const blocks = [markdown(`*${heading}*`)];
  for (let i = 0; i < lines.length; i += 10)
    blocks.push(markdown(lines.slice(i, i + 10).join('\n')));
  if (more) blocks.push(context(more));
  return { text: heading, blocks };
}
