import type { ModalView } from '@slack/types';
import {
  DEFAULT_INTAKE_EMOJI,
  FOLLOW_UP_MINUTES,
  INTAKE_MODES,
  type ChannelLink,
} from '../channel/types.js';
import { CUSTOMER } from './ids.js';
import { formModal, inputBlock, options, selectInput, textInput } from './inputs.js';
import type { Translate } from '../i18n/index.js';
import { context, markdown, type Message } from './blocks.js';
import { escapeClipped, keep, type Mrkdwn } from './text.js';

/** How a linked channel's messages become tickets, in words. */
export function intakeText(t: Translate, link: Pick<ChannelLink, 'intake' | 'emoji'>): Mrkdwn {
  if (link.intake === 'emoji') return t('channel.intake.emoji', { emoji: link.emoji });
  if (link.intake === 'shortcut') return t('channel.intake.shortcut');
  return t('channel.intake.all', { minutes: FOLLOW_UP_MINUTES });
}

const text = (m: Mrkdwn): Message => ({ text: m, blocks: [markdown(m)] });

/**
 * `/desk channel` and the answer to a link: which customer, shared or not, which intake. A link
 * to the customer the channel had already says so (`channel.alreadyLinked`).
 */
export function channelLinkMessage(
  t: Translate,
  link: ChannelLink,
  key: 'channel.show' | 'channel.linked' | 'channel.alreadyLinked',
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

/** The answer to a link made: "is now", or "is already" when it was this customer's before. */
export function linkedMessage(t: Translate, link: ChannelLink & { alreadyLinked: boolean }) {
  return channelLinkMessage(
    t,
    link,
    link.alreadyLinked ? 'channel.alreadyLinked' : 'channel.linked',
  );
}

export function channelMessage(m: Mrkdwn): Message {
  return text(m);
}

/**
 * The customer card's "Link a channel": the channel (the one it was opened in, by default), which
 * messages open tickets, and the emoji for marked messages.
 */
export function channelLinkModal(
  t: Translate,
  input: { name: string; metadata: string; current?: Pick<ChannelLink, 'intake' | 'emoji'> },
): ModalView {
  return formModal(t, {
    callbackId: CUSTOMER.channelView,
    title: 'channel.modal.title',
    submit: 'channel.modal.submit',
    metadata: input.metadata,
    blocks: [
      context(escapeClipped(input.name, 200)),
      inputBlock(
        { block: 'channel', label: t.plain('channel.modal.channel') },
        {
          type: 'conversations_select',
          default_to_current_conversation: true,
          filter: { include: ['public', 'private'], exclude_bot_users: true },
        },
      ),
      selectInput(
        { block: 'intake', label: t.plain('channel.modal.intake') },
        options(t, INTAKE_MODES, 'channel.intake.option'),
        input.current?.intake ?? 'all',
      ),
      textInput(
        { block: 'emoji', label: t.plain('channel.modal.emoji'), optional: true },
        input.current?.emoji ?? DEFAULT_INTAKE_EMOJI,
        { max: 66 },
      ),
    ],
  });
}
