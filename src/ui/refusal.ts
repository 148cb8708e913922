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
    channel: keep(channelLink(channel)),
    error,
    at: keep(slackTime(at, timeZone)),
    fix: FIX[error as keyof typeof FIX] ?? 'gone',
  });
}
