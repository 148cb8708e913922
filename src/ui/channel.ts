import { FOLLOW_UP_MINUTES, type ChannelLink } from '../channel/types.js';
import type { Translate } from '../i18n/index.js';
import { markdown, type Message } from './blocks.js';
import { keep, type Mrkdwn } from './text.js';

/** How a linked channel's messages become tickets, in words. */
export function intakeText(t: Translate, link: Pick<ChannelLink, 'intake' | 'emoji'>): Mrkdwn {
  if (link.intake === 'emoji') return t('channel.intake.emoji', { emoji: link.emoji });
  if (link.intake === 'shortcut') return t('channel.intake.shortcut');
  return t('channel.intake.all', { minutes: FOLLOW_UP_MINUTES });
}

const text = (m: Mrkdwn): Message => ({ text: m, blocks: [markdown(m)] });

/** `/desk channel` and the answer to a link: which customer, shared or not, which intake. */
export function channelLinkMessage(
  t: Translate,
  link: ChannelLink,
  key: 'channel.show' | 'channel.linked',
): Message {
  return text(
    t(key, {
      channel: link.channelId,
      customer: link.customerName,
      code: link.customerCode,
      shared: keep(link.shared ? t('channel.shared') : ('' as Mrkdwn)),
      intake: keep(intakeText(t, link)),
    }),
  );
}

export function channelMessage(m: Mrkdwn): Message {
  return text(m);
}
