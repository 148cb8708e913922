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
import {
  channelLink,
  escapeClipped,
  join,
  keep,
  mrkdwnList,
  slackTime,
  type Mrkdwn,
} from './text.js';
import type { TicketRecord } from '../ticket/types.js';
import { ticketLink } from './ticket.js';

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
  /** The workspace's time zone: a channel its customer left says when (`disconnectedAt`). */
  timeZone?: string,
): Message {
  const shown = t(key, {
    channel: link.channelId,
    customer: link.customerName,
    code: link.customerCode,
    shared: keep(link.shared ? t('channel.shared') : ('' as Mrkdwn)),
    intake: keep(intakeText(t, link)),
  });
  return text(
    link.disconnectedAt && timeZone
      ? join(
          [
            shown,
            t('channel.show.disconnected', {
              at: keep(slackTime(link.disconnectedAt, timeZone)),
            }),
          ],
          '\n',
        )
      : shown,
  );
}

/**
 * The DM to an agent holding open tickets whose conversation is in a customer channel that
 * customer's organisation left (Slack Connect disconnected): which channel, when, their tickets
 * (linked to their cards), how many of them waited on the customer and resumed, what to do.
 */
export function unsharedAgentDm(
  t: Translate,
  input: {
    channel: string;
    customer: string;
    at: Date;
    timeZone: string;
    locale: string;
    tickets: readonly Pick<TicketRecord, 'number' | 'card'>[];
    waiting: number;
  },
): Message {
  return text(
    t('channel.unshared.agentDm', {
      channel: keep(channelLink(input.channel)),
      customer: input.customer,
      at: keep(slackTime(input.at, input.timeZone)),
      tickets: keep(mrkdwnList(input.tickets.map(ticketLink), input.locale)),
      count: input.tickets.length,
      waiting: input.waiting,
    }),
  );
}

/** The admins' DM when a customer channel's customer left it (Slack Connect disconnected). */
export function unsharedAdminDm(
  t: Translate,
  input: {
    channel: string;
    customer: string;
    code: string;
    at: Date;
    timeZone: string;
    open: number;
    waiting: number;
  },
): Message {
  return text(
    t('channel.unshared.adminDm', {
      channel: keep(channelLink(input.channel)),
      customer: input.customer,
      code: input.code,
      at: keep(slackTime(input.at, input.timeZone)),
      open: input.open,
      waiting: input.waiting,
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
