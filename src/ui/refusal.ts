import type { Translate } from '../i18n/index.js';
import { channelLink, join, keep, slackTime, type Mrkdwn } from './text.js';

/** What fixes each of Slack's refusals of a channel (CHANNEL_ERRORS). */
const FIX = { not_in_channel: 'invite', is_archived: 'unarchive' } as const;

/**
 * What Slack refused in a channel (OutboxWorker.tellRefusal): the desk's `messages`, the `edits`
 * of its old posts an admin can fix, or edits finding the channel gone (`editsDropped`).
 */
export type Refused = 'messages' | 'edits' | 'editsDropped';

/** The channel, Slack's answer and when (in `timeZone`), and how often a message is tried. */
export interface Refusal {
  channel: string;
  error: string;
  at: Date;
  timeZone: string;
  /** MAX_ATTEMPTS: each message owed is tried again until Slack refused it so often */
  tries: number;
}

/**
 * The admins' one DM of a channel and Slack's answer (OutboxWorker.tellRefusal's claim): what
 * Slack refused (`what`), and so what befalls both the messages the desk owes the channel and
 * its edits of its old posts there. `customer`: only for messages (channelRefused).
 */
export function channelRefusedText(
  t: Translate,
  what: Refused,
  refusal: Refusal,
  customer?: 'left' | 'shared',
): Mrkdwn {
  if (what === 'edits') return editsRefused(t, refusal);
  if (what === 'editsDropped') return editsDropped(t, refusal);
  return channelRefused(t, refusal, customer);
}

/**
 * The admins' DM when Slack starts refusing the desk's messages in a channel: which channel, what
 * Slack answered and when, what to do, and that the messages the desk owes the channel are held,
 * not lost: each tried again until Slack refused it `tries` times (MAX_ATTEMPTS), then on App Home.
 * It is the one DM of that channel and answer (OutboxWorker.tellRefusal's claim), so it also says
 * what befalls the desk's edits of its old posts there (`editsRefused`, `editsDropped`).
 */
function channelRefused(
  t: Translate,
  refusal: Refusal,
  /**
   * A customer's Slack Connect channel: `left`, its customer left it (disconnected), said so
   * rather than "invite the app"; `shared`, not known to be left: that it may be why.
   */
  customer?: 'left' | 'shared',
): Mrkdwn {
  const { error } = refusal;
  if (customer === 'left') return t('outbox.channelLeftRefused', refusalParams(refusal));
  const refused = t('outbox.channelRefused', {
    ...refusalParams(refusal),
    fix: FIX[error as keyof typeof FIX] ?? 'gone',
    tries: refusal.tries,
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
function editsRefused(t: Translate, refusal: Refusal): Mrkdwn {
  return join(
    [
      t('outbox.editsRefused', {
        ...refusalParams(refusal),
        fix: FIX[refusal.error as keyof typeof FIX] ?? 'gone',
      }),
      t('outbox.refusedMessagesToo', { tries: refusal.tries }),
    ],
    ' ',
  );
}

/** The channel, Slack's answer and when, as the admins' DMs name them. */
function refusalParams({ channel, error, at, timeZone }: Refusal) {
  return { channel: keep(channelLink(channel)), error, at: keep(slackTime(at, timeZone)) };
}

/**
 * The admins' DM when an edit of an old post finds its channel gone (`channel_not_found`): the
 * channel's edits are dropped (OutboxRepository.settleChannelEdits), never sent again, so its posts
 * keep the words retention or an erasure took, should the channel still be there. The one DM of
 * that channel and answer: what befalls the messages owed there too.
 */
function editsDropped(t: Translate, refusal: Refusal): Mrkdwn {
  return join(
    [
      t('outbox.editsDropped', refusalParams(refusal)),
      t('outbox.refusedMessagesToo', { tries: refusal.tries }),
    ],
    ' ',
  );
}
