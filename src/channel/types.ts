/** Customer channels (#10): a Slack channel (Slack Connect included) linked to one customer. */

/**
 * How a linked channel's messages become tickets: `all` every new top-level message from a
 * customer user; `emoji` only messages someone marks with the link's emoji; `shortcut` only
 * through the "Create ticket" message shortcut.
 */
export const INTAKE_MODES = ['all', 'emoji', 'shortcut'] as const;
export type IntakeMode = (typeof INTAKE_MODES)[number];

/** The reaction that opens a ticket in `emoji` mode unless the admin chose another. */
export const DEFAULT_INTAKE_EMOJI = 'ticket';

/**
 * A customer's top-level messages in the same channel within this many minutes of their ticket
 * (its first message or the last one added) are added to that ticket, not new tickets.
 */
export const FOLLOW_UP_MINUTES = 5;

export interface ChannelLink {
  teamId: string;
  channelId: string;
  customerId: string;
  customerCode: string;
  customerName: string;
  intake: IntakeMode;
  /** Reaction name without colons (`ticket`). */
  emoji: string;
  /** Shared with another organisation (Slack Connect, `is_ext_shared`) when it was linked. */
  shared: boolean;
  linkedBy: string;
  linkedAt: Date;
}

/** A Slack emoji name as typed (`:ticket:` or `ticket`): lower-case letters, digits, `_+-'`. */
export function emojiName(input: string): string | undefined {
  const name = input.trim().replace(/^:/, '').replace(/:$/, '').toLowerCase();
  return /^[a-z0-9_+'-]{1,64}$/.test(name) ? name : undefined;
}

/** Text cut to `max` characters (whole code points) with an ellipsis: what a description holds. */
export function clipText(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}
