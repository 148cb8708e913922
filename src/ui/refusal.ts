import type { Translate } from '../i18n/index.js';
import { channelLink, keep, slackTime, type Mrkdwn } from './text.js';

/** What fixes each of Slack's refusals of a channel (CHANNEL_ERRORS). */
const FIX = { not_in_channel: 'invite', is_archived: 'unarchive' } as const;

/**
 * The admins' DM when Slack starts refusing the desk in a channel: which channel, what Slack
 * answered and when, what to do, and that what the desk owes the channel is held, not lost.
 */
export function channelRefusedText(
  t: Translate,
  channel: string,
  error: string,
  at: Date,
  timeZone: string,
): Mrkdwn {
  return t('outbox.channelRefused', {
    ...refusalParams(channel, error, at, timeZone),
    fix: FIX[error as keyof typeof FIX] ?? 'gone',
  });
}

/** The channel, Slack's answer and when, as both admins' DMs name them. */
function refusalParams(channel: string, error: string, at: Date, timeZone: string) {
  return { channel: keep(channelLink(channel)), error, at: keep(slackTime(at, timeZone)) };
}

/**
 * The admins' DM when an edit of an old post finds its channel gone (`channel_not_found`): the
 * channel's edits are dropped (OutboxRepository.settleChannelEdits), never sent again, so its posts
 * keep the words retention or an erasure took, should the channel still be there.
 */
export function editsDroppedText(
  t: Translate,
  channel: string,
  error: string,
  at: Date,
  timeZone: string,
): Mrkdwn {
  return t('outbox.editsDropped', refusalParams(channel, error, at, timeZone));
}
