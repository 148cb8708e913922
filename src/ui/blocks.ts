import type { KnownBlock } from '@slack/types';

/** Slack's section text limit; longer text is cut with an ellipsis rather than rejected. */
export const SECTION_TEXT_MAX = 3000;

export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
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
