import type { Translate } from '../i18n/index.js';
import { channelLink, join, keep, slackTime, type Mrkdwn } from './text.js';

/** What fixes each of Slack's refusals of a channel (CHANNEL_ERRORS). */
const FIX = { not_in_channel: 'invite', is_archived: 'unarchive' } as const;

/**
 * The admins' DM when Slack starts refusing the desk's messages in a channel: which channel, what
 * Slack answered and when, what to do, and that the messages the desk owes the channel are held,
 * not lost: each tried again until Slack refused it `tries` times (MAX_ATTEMPTS), then on App Home.
 * It is the one DM of that channel and answer (OutboxWorker.tellRefusal's claim), so it also says
 * what befalls the desk's edits of its old posts there (`editsRefusedText`, `editsDroppedText`).
 */
export function channelRefusedText(
  t: Translate,
  channel: string,
  error: string,
  at: Date,
  timeZone: string,
  tries: number,
  /**
   * A customer's Slack Connect channel: `left`, its customer left it (disconnected), said so
   * rather than "invite the app"; `shared`, not known to be left: that it may be why.
   */
  customer?: 'left' | 'shared',
): Mrkdwn {
  if (customer === 'left')
    return t('outbox.channelLeftRefused', refusalParams(channel, error, at, timeZone));
  const refused = t('outbox.channelRefused', {
    ...refusalParams(channel, error, at, timeZone),
    fix: FIX[error as keyof typeof FIX] ?? 'gone',
    tries,
  });
  return join(
    [
      refused,
      ...(customer === 'shared' ? [t('outbox.channelRefusedShared')] : []),
      t('outbox.refusedEditsToo', { gone: error === 'channel_not_found' ? 'yes' : 'no' }),
    ],
    ' ',
  );
}

/**
 * The admins' DM when Slack refuses the desk's edits of its old posts in a channel an admin can
 * fix (the app removed, the channel archived): they are given up at once
 * (OutboxRepository.settleChannelEdits), never retried, and wait on App Home for *Send them
 * again*; meanwhile the posts still show the words retention or an erasure took. The one DM of
 * that channel and answer, so it also says what befalls the messages the desk owes the channel
 * (tried again until Slack refused each `tries` times).
 */
export function editsRefusedText(
  t: Translate,
  channel: string,
  error: string,
  at: Date,
  timeZone: string,
  tries: number,
): Mrkdwn {
  return join(
    [
      t('outbox.editsRefused', {
        ...refusalParams(channel, error, at, timeZone),
        fix: FIX[error as keyof typeof FIX] ?? 'gone',
      }),
      t('outbox.refusedMessagesToo', { tries }),
    ],
    ' ',
  );
}

/** The channel, Slack's answer and when, as both admins' DMs name them. */
function refusalParams(channel: string, error: string, at: Date, timeZone: string) {
  return { channel: keep(channelLink(channel)), error, at: keep(slackTime(at, timeZone)) };
}

/**
 * The admins' DM when an edit of an old post finds its channel gone (`channel_not_found`): the
 * channel's edits are dropped (OutboxRepository.settleChannelEdits), never sent again, so its posts
 * keep the words retention or an erasure took, should the channel still be there. The one DM of
 * that channel and answer: what befalls the messages owed there too.
 */
export function editsDroppedText(
  t: Translate,
  channel: string,
  error: string,
  at: Date,
  timeZone: string,
  tries: number,
): Mrkdwn {
  return join(
    [
      t('outbox.editsDropped', refusalParams(channel, error, at, timeZone)),
      t('outbox.refusedMessagesToo', { tries }),
    ],
    ' ',
  );
}
