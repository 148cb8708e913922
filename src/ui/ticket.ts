import type { KnownBlock, ModalView, SectionBlock } from '@slack/types';
import { SYSTEM_ACTOR } from '../context.js';
import type { SlaStatus } from '../sla/business-time.js';
import {
  ALLOWED,
  INTAKE_CHANNELS,
  SEVERITIES,
  TICKET_TYPES,
  type TicketAction,
  type TicketClock,
  type TicketEvent,
  type TicketRecord,
} from '../ticket/types.js';
import type { Translate } from '../i18n/index.js';
import { localDateTime } from '../time.js';
import {
  clip,
  context,
  header,
  markdown,
  plain,
  SECTION_TEXT_MAX,
  type Message,
  escapeMrkdwn,
} from './blocks.js';
import { TICKET, CUSTOMER } from './ids.js';
import { dateInput, formModal, inputBlock, options, selectInput, textInput } from './inputs.js';

const SEVERITY_ICON = {
  urgent: ':red_circle:',
  important: ':large_orange_circle:',
  general: ':white_circle:',
};

/** Business minutes as `3 h 20 min`. */
export function duration(t: Translate, minutes: number): string {
  const total = Math.max(0, Math.round(minutes));
  const h = Math.floor(total / 60);
  const m = total % 60;
  return h ? t('duration.hm', { h, m }) : t('duration.m', { m });
}

function dueText(t: Translate, status: SlaStatus, timeZone: string, paused: boolean): string {
  const due = localDateTime(status.dueAt, timeZone);
  if (paused) return t('ticket.card.paused', { left: duration(t, status.remainingMinutes) });
  if (status.breached)
    return t('ticket.card.dueOver', { due, over: duration(t, -status.remainingMinutes) });
  return t('ticket.card.dueLeft', { due, left: duration(t, status.remainingMinutes) });
}

export interface TicketModalInput {
  metadata: string;
  customer?: { code: string; name: string } | undefined;
  title?: string | undefined;
  description?: string | undefined;
  /** The shortcut's message was longer than an input holds; the ticket links to it. */
  truncated?: boolean;
  receivedDate: string;
  receivedTime: string;
  /** The workspace's zone: the received date and time are read in it, and the label says so. */
  timeZone: string;
}

/** The New ticket modal (from /ticket new, a message shortcut or a customer card). */
export function ticketModal(t: Translate, input: TicketModalInput): ModalView {
  const customerOption = input.customer
    ? { text: plain(`${input.customer.code} ${input.customer.name}`), value: input.customer.code }
    : undefined;
  const blocks: KnownBlock[] = [
    {
      type: 'input',
      block_id: 'customer',
      label: plain(t('ticket.field.customer'), 2000),
      element: {
        type: 'external_select',
        action_id: CUSTOMER.picker,
        min_query_length: 1,
        placeholder: plain(t('ticket.modal.customerPlaceholder'), 150),
        ...(customerOption ? { initial_option: customerOption } : {}),
      },
    },
    selectInput(
      { block: 'type', label: t('ticket.field.type') },
      options(t, TICKET_TYPES, 'ticket.type'),
      'consultation',
    ),
    selectInput(
      { block: 'severity', label: t('ticket.field.severity') },
      options(t, SEVERITIES, 'ticket.severity'),
      'general',
    ),
    selectInput(
      { block: 'channel', label: t('ticket.field.channel') },
      options(t, INTAKE_CHANNELS, 'ticket.channel'),
      'slack',
    ),
    textInput({ block: 'title', label: t('ticket.field.title') }, input.title?.slice(0, 150), {
      max: 150,
    }),
    textInput(
      {
        block: 'description',
        label: t('ticket.field.description'),
        ...(input.truncated ? { hint: t('ticket.modal.longMessage') } : {}),
      },
      input.description?.slice(0, 3000),
      { multiline: true, max: 3000 },
    ),
    dateInput(
      { block: 'received_date', label: t('ticket.field.receivedDate') },
      input.receivedDate,
    ),
    inputBlock(
      {
        block: 'received_time',
        label: t('ticket.field.receivedTime', { timeZone: input.timeZone }),
      },
      { type: 'timepicker', initial_time: input.receivedTime, timezone: input.timeZone },
    ),
  ];
  return formModal(t, {
    callbackId: TICKET.createView,
    title: 'ticket.modal.newTitle',
    metadata: input.metadata,
    blocks,
  });
}

const BUTTONS: Record<
  TicketAction,
  { id: string; label: Parameters<Translate>[0]; style?: 'primary' | 'danger' }
> = {
  claim: { id: TICKET.claim, label: 'ticket.button.claim', style: 'primary' },
  reassign: { id: TICKET.reassignOpen, label: 'ticket.button.reassign' },
  escalate: { id: TICKET.escalateOpen, label: 'ticket.button.escalate' },
  wait: { id: TICKET.wait, label: 'ticket.button.wait' },
  resume: { id: TICKET.resume, label: 'ticket.button.resume', style: 'primary' },
  note: { id: TICKET.noteOpen, label: 'ticket.button.note' },
  resolve: { id: TICKET.resolveOpen, label: 'ticket.button.resolve', style: 'primary' },
  reopen: { id: TICKET.reopen, label: 'ticket.button.reopen' },
  close: { id: TICKET.close, label: 'ticket.button.close' },
};

/** The triage card: everything a dispatcher needs, and the buttons the status allows. */
export function ticketCard(
  t: Translate,
  ticket: TicketRecord,
  clock: TicketClock,
  timeZone: string,
): Message {
  const field = (label: Parameters<Translate>[0], value: string) => ({
    type: 'mrkdwn' as const,
    text: clip(`*${t(label)}*\n${value}`, 2000),
  });
  const response = clock.response
    ? dueText(t, clock.response, timeZone, clock.paused)
    : t('ticket.card.responded', {
        when: localDateTime(ticket.firstResponseAt ?? ticket.receivedAt, timeZone),
      });
  const resolution = clock.resolution
    ? dueText(t, clock.resolution, timeZone, clock.paused)
    : t('ticket.card.resolved', {
        when: localDateTime(ticket.resolvedAt ?? ticket.updatedAt, timeZone),
      });
  const details: SectionBlock = {
    type: 'section',
    fields: [
      field(
        'ticket.field.customer',
        `${escapeMrkdwn(ticket.customerName)} (${ticket.customerCode}) · ${t(`tier.${ticket.customerTier}`)}`,
      ),
      field(
        'ticket.field.severity',
        `${SEVERITY_ICON[ticket.severity]} ${t(`ticket.severity.${ticket.severity}`)}`,
      ),
      field('ticket.field.type', t(`ticket.type.${ticket.type}`)),
      field('ticket.field.status', t(`ticket.status.${ticket.status}`)),
      field(
        'ticket.field.assignee',
        `${ticket.assigneeId ? `<@${ticket.assigneeId}>` : t('ticket.card.unassigned')} · ${t('ticket.card.level', { level: ticket.level })}`,
      ),
      field('ticket.field.channel', t(`ticket.channel.${ticket.channel}`)),
      field('ticket.field.responseDue', response),
      field('ticket.field.resolutionDue', resolution),
    ],
  };
  const blocks: KnownBlock[] = [
    header(`${ticket.number} · ${ticket.title}`),
    details,
    markdown(clip(escapeMrkdwn(ticket.description), SECTION_TEXT_MAX)),
  ];
  const notes = [
    ticket.sourcePermalink ? `<${ticket.sourcePermalink}|${t('ticket.card.source')}>` : '',
    ticket.resolution
      ? `${t('ticket.field.resolution')}: ${clip(escapeMrkdwn(ticket.resolution), 1000)}`
      : '',
  ].filter(Boolean);
  if (notes.length) blocks.push(context(notes.join(' · ')));
  const actions = ALLOWED[ticket.status].map((action) => {
    const b = BUTTONS[action];
    return {
      type: 'button' as const,
      action_id: b.id,
      text: plain(t(b.label)),
      value: ticket.number,
      ...(b.style ? { style: b.style } : {}),
    };
  });
  if (actions.length)
    blocks.push({ type: 'actions', block_id: 'ticket_actions', elements: actions });
  const text = `${ticket.number} · ${t(`ticket.severity.${ticket.severity}`)} · ${ticket.customerName}: ${ticket.title}`;
  return { text: clip(text, 300), blocks };
}

/** One line of the ticket's timeline, posted in the card's thread. */
export function ticketEventText(t: Translate, event: TicketEvent): string {
  const key =
    event.by === SYSTEM_ACTOR
      ? 'ticket.event.autoEscalate'
      : (`ticket.event.${event.action}` as const);
  return clip(
    t(key, {
      by: event.by,
      user: event.assigneeId ?? '',
      level: event.level ?? '',
      text: escapeMrkdwn(event.text ?? ''),
    }),
    3000,
  );
}

/** The DM that tells the account manager their customer raised a ticket. */
export function accountManagerDm(t: Translate, ticket: TicketRecord): { text: string } {
  return {
    text: t('ticket.dm.accountManager', {
      severity: t(`ticket.severity.${ticket.severity}`),
      number: ticket.number,
      customer: ticket.customerName,
      title: ticket.title,
    }),
  };
}

/** The escalation channel's post about one escalation. */
export function escalationPost(
  t: Translate,
  ticket: TicketRecord,
  event: TicketEvent,
): { text: string } {
  return {
    text: t('ticket.escalation.post', {
      number: ticket.number,
      customer: ticket.customerName,
      level: event.level ?? ticket.level,
      by: event.by,
      user: event.assigneeId ?? '',
      text: event.text ?? '',
    }),
  };
}

export function ticketList(
  t: Translate,
  title: Parameters<Translate>[0],
  items: TicketRecord[],
  total: number,
): Message {
  const heading = t(title, { total });
  if (!items.length)
    return { text: heading, blocks: [markdown(`*${heading}*`), context(t('ticket.list.none'))] };
  const lines = items.map(
    (k) =>
      `${SEVERITY_ICON[k.severity]} *${k.number}* ${escapeMrkdwn(clip(k.title, 80))} · ${escapeMrkdwn(clip(k.customerName, 40))} · ${t(`ticket.status.${k.status}`)} · ${k.assigneeId ? `<@${k.assigneeId}>` : t('ticket.card.unassigned')}`,
  );
  const blocks: KnownBlock[] = [markdown(`*${heading}*`), markdown(lines.join('\n'))];
  if (total > items.length) blocks.push(context(t('list.more', { count: total - items.length })));
  return { text: heading, blocks };
}

function userInput(block: string, label: string): KnownBlock {
  return inputBlock({ block, label }, { type: 'users_select' });
}

export function reassignModal(t: Translate, metadata: string): ModalView {
  return formModal(t, {
    callbackId: TICKET.reassignView,
    title: 'ticket.modal.reassignTitle',
    metadata,
    blocks: [userInput('assignee', t('ticket.field.newAssignee'))],
  });
}

/** Escalation: to L2 an expert is picked here; to L3 it goes to the account manager. */
export function escalateModal(
  t: Translate,
  input: { metadata: string; nextLevel: number; accountManagerId: string },
): ModalView {
  const blocks: KnownBlock[] = [
    textInput({ block: 'reason', label: t('ticket.field.reason') }, undefined, {
      multiline: true,
      max: 1000,
    }),
  ];
  if (input.nextLevel === 2) blocks.push(userInput('expert', t('ticket.field.expert')));
  else blocks.push(context(t('ticket.modal.escalateToL3', { user: input.accountManagerId })));
  return formModal(t, {
    callbackId: TICKET.escalateView,
    title: 'ticket.modal.escalateTitle',
    metadata: input.metadata,
    blocks,
  });
}

export function noteModal(t: Translate, metadata: string): ModalView {
  return formModal(t, {
    callbackId: TICKET.noteView,
    title: 'ticket.modal.noteTitle',
    metadata,
    blocks: [
      textInput({ block: 'note', label: t('ticket.field.note') }, undefined, {
        multiline: true,
        max: 2000,
      }),
    ],
  });
}

export function resolveModal(t: Translate, metadata: string): ModalView {
  return formModal(t, {
    callbackId: TICKET.resolveView,
    title: 'ticket.modal.resolveTitle',
    metadata,
    blocks: [
      textInput({ block: 'resolution', label: t('ticket.field.resolution') }, undefined, {
        multiline: true,
        max: 2000,
      }),
    ],
  });
}
