import type { ModalView } from '@slack/types';
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
import {
  actions,
  button,
  context,
  field,
  fieldsSection,
  builtBlock,
  header,
  markdown,
  MESSAGE_TEXT_MAX,
  plain,
  SECTION_TEXT_MAX,
  type Block,
  type Message,
} from './blocks.js';
import { TICKET, CUSTOMER } from './ids.js';
import {
  clipMrkdwn,
  escape,
  escapeClipped,
  join,
  keep,
  link,
  md,
  mention,
  slackTime,
  type Mrkdwn,
  type PlainText,
} from './text.js';
import { dateInput, formModal, inputBlock, options, selectInput, textInput } from './inputs.js';

const SEVERITY_ICON = {
  urgent: ':red_circle:',
  important: ':large_orange_circle:',
  general: ':white_circle:',
};

/** Business minutes as `3 h 20 min`. */
export function duration(t: Translate, minutes: number): Mrkdwn {
  const total = Math.max(0, Math.round(minutes));
  const h = Math.floor(total / 60);
  const m = total % 60;
  return h ? t('duration.hm', { h, m }) : t('duration.m', { m });
}

/**
 * A clock on the card: the time left (or over) in business time, and the due time it gives,
 * shown in each reader's own zone (Slack's date token; the workspace's time as fallback).
 */
function dueText(t: Translate, status: SlaStatus, timeZone: string, paused: boolean): Mrkdwn {
  const due = keep(slackTime(status.dueAt, timeZone));
  if (paused) return t('ticket.card.paused', { left: keep(duration(t, status.remainingMinutes)) });
  if (status.breached)
    return t('ticket.card.dueOver', { due, over: keep(duration(t, -status.remainingMinutes)) });
  return t('ticket.card.dueLeft', { due, left: keep(duration(t, status.remainingMinutes)) });
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
  const blocks: Block[] = [
    builtBlock({
      type: 'input',
      block_id: 'customer',
      label: plain(t.plain('ticket.field.customer'), 2000),
      element: {
        type: 'external_select',
        action_id: CUSTOMER.picker,
        min_query_length: 1,
        placeholder: plain(t.plain('ticket.modal.customerPlaceholder'), 150),
        ...(customerOption ? { initial_option: customerOption } : {}),
      },
    }),
    selectInput(
      { block: 'type', label: t.plain('ticket.field.type') },
      options(t, TICKET_TYPES, 'ticket.type'),
      'consultation',
    ),
    selectInput(
      { block: 'severity', label: t.plain('ticket.field.severity') },
      options(t, SEVERITIES, 'ticket.severity'),
      'general',
    ),
    selectInput(
      { block: 'channel', label: t.plain('ticket.field.channel') },
      options(t, INTAKE_CHANNELS, 'ticket.channel'),
      'slack',
    ),
    textInput(
      { block: 'title', label: t.plain('ticket.field.title') },
      input.title?.slice(0, 150),
      {
        max: 150,
      },
    ),
    textInput(
      {
        block: 'description',
        label: t.plain('ticket.field.description'),
        ...(input.truncated ? { hint: t.plain('ticket.modal.longMessage') } : {}),
      },
      input.description?.slice(0, 3000),
      { multiline: true, max: 3000 },
    ),
    dateInput(
      { block: 'received_date', label: t.plain('ticket.field.receivedDate') },
      input.receivedDate,
    ),
    inputBlock(
      {
        block: 'received_time',
        label: t.plain('ticket.field.receivedTime', { timeZone: input.timeZone }),
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
  const item = (label: Parameters<Translate>[0], value: Mrkdwn) => field(t(label), value);
  const response = clock.response
    ? dueText(t, clock.response, timeZone, clock.paused)
    : t('ticket.card.responded', {
        when: keep(slackTime(ticket.firstResponseAt ?? ticket.receivedAt, timeZone)),
      });
  const resolution = clock.resolution
    ? dueText(t, clock.resolution, timeZone, clock.paused)
    : t('ticket.card.resolved', {
        when: keep(slackTime(ticket.resolvedAt ?? ticket.updatedAt, timeZone)),
      });
  const assignee = ticket.assigneeId ? mention(ticket.assigneeId) : t('ticket.card.unassigned');
  const details = fieldsSection([
    item(
      'ticket.field.customer',
      md`${escape(`${ticket.customerName} (${ticket.customerCode})`)} · ${t(`tier.${ticket.customerTier}`)}`,
    ),
    item(
      'ticket.field.severity',
      md`${escape(SEVERITY_ICON[ticket.severity])} ${t(`ticket.severity.${ticket.severity}`)}`,
    ),
    item('ticket.field.type', t(`ticket.type.${ticket.type}`)),
    item('ticket.field.status', t(`ticket.status.${ticket.status}`)),
    item(
      'ticket.field.assignee',
      md`${assignee} · ${t('ticket.card.level', { level: ticket.level })}`,
    ),
    item('ticket.field.channel', t(`ticket.channel.${ticket.channel}`)),
    item('ticket.field.responseDue', response),
    item('ticket.field.resolutionDue', resolution),
  ]);
  const blocks: Block[] = [
    header(`${ticket.number} · ${ticket.title}`),
    details,
    markdown(escapeClipped(ticket.description, SECTION_TEXT_MAX)),
  ];
  const notes: Mrkdwn[] = [];
  if (ticket.sourcePermalink) notes.push(link(ticket.sourcePermalink, t('ticket.card.source')));
  if (ticket.resolution)
    notes.push(md`${t('ticket.field.resolution')}: ${escapeClipped(ticket.resolution, 1000)}`);
  if (notes.length) blocks.push(context(join(notes, ' · ')));
  const buttons = ALLOWED[ticket.status].map((action) => {
    const b = BUTTONS[action];
    return button({ actionId: b.id, text: t.plain(b.label), value: ticket.number, style: b.style });
  });
  if (buttons.length) blocks.push(actions('ticket_actions', buttons));
  const text = md`${escape(ticket.number)} · ${t(`ticket.severity.${ticket.severity}`)} · ${escapeClipped(`${ticket.customerName}: ${ticket.title}`, 250)}`;
  return { text: clipMrkdwn(text, 300), blocks };
}

/** One line of the ticket's timeline, posted in the card's thread. */
export function ticketEventText(t: Translate, event: TicketEvent): Mrkdwn {
  const key =
    event.by === SYSTEM_ACTOR
      ? 'ticket.event.autoEscalate'
      : (`ticket.event.${event.action}` as const);
  return clipMrkdwn(
    t(key, {
      by: event.by,
      user: event.assigneeId ?? '',
      level: event.level ?? '',
      text: event.text ?? '',
    }),
    SECTION_TEXT_MAX,
  );
}

/** The DM that tells the account manager their customer raised a ticket. */
export function accountManagerDm(t: Translate, ticket: TicketRecord): { text: Mrkdwn } {
  const text = t('ticket.dm.accountManager', {
    severity: keep(t(`ticket.severity.${ticket.severity}`)),
    number: ticket.number,
    customer: ticket.customerName,
    title: ticket.title,
  });
  return { text: clipMrkdwn(text, MESSAGE_TEXT_MAX) };
}

/** The DM to whom a ticket was handed (an escalation or a reassignment by someone else). */
export function assignedDm(
  t: Translate,
  ticket: TicketRecord,
  event: TicketEvent,
): { text: Mrkdwn } {
  const head = t('ticket.dm.assigned', {
    severity: keep(t(`ticket.severity.${ticket.severity}`)),
    number: ticket.number,
    customer: ticket.customerName,
    level: event.level ?? ticket.level,
    by: event.by,
    title: ticket.title,
  });
  const text = event.text
    ? md`${head}\n${t('ticket.dm.assignedReason', { text: event.text })}`
    : head;
  return { text: clipMrkdwn(text, MESSAGE_TEXT_MAX) };
}

/** The escalation channel's post about one escalation. */
export function escalationPost(
  t: Translate,
  ticket: TicketRecord,
  event: TicketEvent,
): { text: Mrkdwn } {
  const text = t('ticket.escalation.post', {
    number: ticket.number,
    customer: ticket.customerName,
    level: event.level ?? ticket.level,
    by: event.by,
    user: event.assigneeId ?? '',
    text: event.text ?? '',
  });
  return { text: clipMrkdwn(text, MESSAGE_TEXT_MAX) };
}

export function ticketList(
  t: Translate,
  title: Parameters<Translate>[0],
  items: TicketRecord[],
  total: number,
): Message {
  const heading = t(title, { total });
  if (!items.length)
    return { text: heading, blocks: [markdown(md`*${heading}*`), context(t('ticket.list.none'))] };
  const lines = items.map(
    (k) =>
      md`${escape(SEVERITY_ICON[k.severity])} *${escape(k.number)}* ${escapeClipped(k.title, 80)} · ${escapeClipped(k.customerName, 40)} · ${t(`ticket.status.${k.status}`)} · ${k.assigneeId ? mention(k.assigneeId) : t('ticket.card.unassigned')}`,
  );
  const blocks: Block[] = [markdown(md`*${heading}*`), markdown(join(lines, '\n'))];
  if (total > items.length) blocks.push(context(t('list.more', { count: total - items.length })));
  return { text: heading, blocks };
}

function userInput(block: string, label: PlainText): Block {
  return inputBlock({ block, label }, { type: 'users_select' });
}

export function reassignModal(t: Translate, metadata: string): ModalView {
  return formModal(t, {
    callbackId: TICKET.reassignView,
    title: 'ticket.modal.reassignTitle',
    metadata,
    blocks: [userInput('assignee', t.plain('ticket.field.newAssignee'))],
  });
}

/** Escalation: to L2 an expert is picked here; to L3 it goes to the account manager. */
export function escalateModal(
  t: Translate,
  input: {
    metadata: string;
    nextLevel: number;
    accountManagerId: string;
    /** The expert the desk would pick (by skill, then load), preselected. */
    suggested?: string;
  },
): ModalView {
  const blocks: Block[] = [
    textInput({ block: 'reason', label: t.plain('ticket.field.reason') }, undefined, {
      multiline: true,
      max: 1000,
    }),
  ];
  if (input.nextLevel === 2)
    blocks.push(
      inputBlock(
        {
          block: 'expert',
          label: t.plain('ticket.field.expert'),
          optional: true,
          hint: t.plain('ticket.hint.expertAuto'),
        },
        { type: 'users_select', ...(input.suggested ? { initial_user: input.suggested } : {}) },
      ),
    );
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
      textInput({ block: 'note', label: t.plain('ticket.field.note') }, undefined, {
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
      textInput({ block: 'resolution', label: t.plain('ticket.field.resolution') }, undefined, {
        multiline: true,
        max: 2000,
      }),
    ],
  });
}
