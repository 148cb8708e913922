import type { Button, ModalView, Overflow } from '@slack/types';
import type { TaskPost, TicketPost } from '../outbox/types.js';
import { messagePlainText } from '../i18n/plain.js';
import { maskFreeText } from '../privacy/free-text.js';
import { SYSTEM_ACTOR } from '../context.js';
import type { SlaStatus } from '../sla/business-time.js';
import { localDate } from '../time.js';
import {
  COMPLAINT_URGENCIES,
  INTAKE_CHANNELS,
  OPEN_STATUSES,
  ROOT_CAUSES,
  FOLLOWERS_MAX,
  FOLLOW_ACTIONS,
  isFollowAction,
  namedMergeNote,
  requesterInSlack,
  reopenedForRevisit,
  reopenedSaid,
  reopenOwingReply,
  resumedAtErasure,
  SEVERITIES,
  statusCardActions,
  TICKET_TYPES,
  undescribedReply,
  type CardAction,
  type ComplaintUrgency,
  type TicketAction,
  type TicketCard,
  type TicketClock,
  type TicketEvent,
  type TicketListKind,
  type TicketRecord,
  type TicketStatus,
  type TicketType,
} from '../ticket/types.js';
import type { MessageKey, MrkdwnParam, Translate } from '../i18n/index.js';
import {
  actions,
  button,
  context,
  field,
  fieldsSections,
  builtBlock,
  header,
  labelled,
  markdown,
  MESSAGE_TEXT_MAX,
  overflow,
  plain,
  SECTION_TEXT_MAX,
  type Block,
  type ConfirmDialog,
  type Message,
} from './blocks.js';
import { REOPEN_DAYS } from '../permissions.js';
import { complaintContactTaskId } from '../task/types.js';
import { TASK, TICKET, CUSTOMER, REQUESTER } from './ids.js';
import { clip } from '../text/clip.js';
import {
  clipMrkdwn,
  escape,
  escapeClipped,
  join,
  keep,
  mrkdwnList,
  link,
  md,
  mention,
  slackTime,
  type Mrkdwn,
} from './text.js';
import { dateInput, formModal, inputBlock, options, selectInput, textInput } from './inputs.js';
import { formatDay, zoneName } from './format.js';
import { upgradeIntentInputs } from './customer.js';

const SEVERITY_ICON = {
  urgent: ':red_circle:',
  important: ':large_orange_circle:',
  general: ':white_circle:',
};

/**
 * Minutes as people read a duration, the one formatter of the cards, alerts, lists, digest and
 * reports: `3 h 20 min`, `4 h` (no "0 min"), `45 min`; Chinese `3 小时 20 分钟`, `4 小时`.
 */
export function duration(t: Translate, minutes: number): Mrkdwn {
  const total = Math.max(0, Math.round(minutes));
  const h = Math.floor(total / 60);
  const m = total % 60;
  return h ? t('duration.hm', { h, m }) : t('duration.m', { m });
}

/**
 * Whether a clock is past its due time by less than a business minute (due at the close of
 * business, read after hours): said "overdue since", not "overdue by 0 min".
 */
function overdueUnderAMinute(status: SlaStatus): boolean {
  return status.breached && Math.round(-status.remainingMinutes) <= 0;
}

/**
 * Which words a ticket's clock is put in (the `clock` select of the messages that say its time
 * left, over or promised): `always` for one counted around the clock (an urgent ticket with 24x7
 * on, `sla.aroundTheClock`), whose hours are not "of business time" (received Friday 17:30,
 * 2 h: due 19:30 that evening, not Monday); `business` otherwise. The one place that decides it:
 * the card, the paused line, the list rows and the requester's received notice all ask here.
 */
export function clockWords(aroundTheClock: boolean | undefined): 'always' | 'business' {
  return aroundTheClock ? 'always' : 'business';
}

/**
 * A clock on the card: the time left (or over) in business time (or by the clock, a 24x7 one),
 * and the due time it gives, shown in each reader's own zone (Slack's date token; the
 * workspace's time as fallback). Paused (waiting on the customer), a clock already past its due
 * time says by how much, not "0 min left": the wait does not make it on time (the digest counts
 * it overdue). Past it by less than a business minute, it says since when.
 */
function dueText(t: Translate, status: SlaStatus, timeZone: string, paused: boolean): Mrkdwn {
  const due = keep(slackTime(status.dueAt, timeZone));
  const clock = clockWords(status.aroundTheClock);
  const since = overdueUnderAMinute(status);
  const over = () => keep(duration(t, -status.remainingMinutes));
  const left = () => keep(duration(t, status.remainingMinutes));
  if (paused && since) return t('ticket.card.pausedSince', { due });
  if (paused && status.breached) return t('ticket.card.pausedOver', { due, over: over(), clock });
  if (paused) return t('ticket.card.paused', { left: left(), clock });
  if (since) return t('ticket.card.dueSince', { due });
  if (status.breached) return t('ticket.card.dueOver', { due, over: over(), clock });
  return t('ticket.card.dueLeft', { due, left: left(), clock });
}

/**
 * A clock paused while the ticket waits on the customer, in the card's words: what is left, or
 * by how much (since when) it is past its due time.
 */
export function pausedDueText(t: Translate, status: SlaStatus, timeZone: string): Mrkdwn {
  return dueText(t, status, timeZone, true);
}

/** The New ticket modal's inputs hold what the form accepts (src/ticket/form.ts). */
const TITLE_MAX = 150;
/** Slack's plain_text_input holds at most 3000 characters. */
const DESCRIPTION_MAX = 3000;
/**
 * A prefill cut with an ellipsis keeps 2 characters spare: the form's text kinds fold to NFKC,
 * which turns `…` into `...`, and the cut text must still pass the form's own limit.
 */
const ELLIPSIS_ROOM = 2;

/** A title taken from a message: its first line, cut at a word to this many characters. */
export const TITLE_FROM_MESSAGE_MAX = 80;

export { messagePlainText };

/**
 * The title the "Create ticket" shortcut proposes: the message's first line with text, cut at a
 * word (a character, in Chinese; never inside an emoji) with an ellipsis.
 */
export function titleFromMessage(text: string): string | undefined {
  const line = messagePlainText(text)
    .split('\n')
    .map((l) => l.trim().replace(/\s+/g, ' '))
    .find(Boolean);
  return line ? clip(line, TITLE_FROM_MESSAGE_MAX) : undefined;
}

export interface TicketModalInput {
  metadata: string;
  customer?: { code: string; name: string } | undefined;
  title?: string | undefined;
  description?: string | undefined;
  /** The requester proposed (the message's author, for the shortcut). */
  requester?: string | undefined;
  /** The shortcut's message was longer than an input holds; the ticket links to it. */
  truncated?: boolean;
  /**
   * The shortcut's message is of a person erased since they wrote it: a line says why neither
   * they nor their words are filled in.
   */
  authorErased?: boolean;
  receivedDate: string;
  receivedTime: string;
  /** The workspace's zone: the received date and time are read in it, and the label says so. */
  timeZone: string;
  /** The workspace has no customer file yet (just installed): the picker says to make one. */
  noCustomersYet?: boolean;
  /**
   * For a guest of the workspace who holds no role (they read no customer file): `fixed`, the
   * customer is the linked customer channel's, shown with no picker (the submission takes it
   * from the metadata the desk signed); `own`, the customers of their own tickets, the only ones
   * offered (a static list: the shared picker's search is staff's).
   */
  guest?: { fixed: { code: string; name: string } } | { own: { code: string; name: string }[] };
}

/** The New ticket modal's customer: the picker, or what a guest of the workspace is given. */
function customerBlock(t: Translate, input: TicketModalInput): Block {
  const label = plain(t.plain('ticket.field.customer'), 2000);
  const guest = input.guest;
  if (guest && 'fixed' in guest)
    return markdown(
      field(t('ticket.field.customer'), escape(`${guest.fixed.code} ${guest.fixed.name}`)),
    );
  if (guest) {
    const own = guest.own.map((c) => ({ text: plain(`${c.code} ${c.name}`), value: c.code }));
    return builtBlock({
      type: 'input',
      block_id: 'customer',
      label,
      hint: plain(t.plain('ticket.modal.guestCustomersHint'), 2000),
      element: {
        type: 'static_select',
        action_id: CUSTOMER.picker,
        options: own,
        ...(own.length === 1 ? { initial_option: own[0] } : {}),
      },
    });
  }
  const customerOption = input.customer
    ? { text: plain(`${input.customer.code} ${input.customer.name}`), value: input.customer.code }
    : undefined;
  return builtBlock({
    type: 'input',
    block_id: 'customer',
    label,
    ...(input.noCustomersYet ? { hint: plain(t.plain('ticket.modal.noCustomersYet'), 2000) } : {}),
    element: {
      type: 'external_select',
      action_id: CUSTOMER.picker,
      min_query_length: 1,
      placeholder: plain(t.plain('ticket.modal.customerPlaceholder'), 150),
      ...(customerOption ? { initial_option: customerOption } : {}),
    },
  });
}

/**
 * The New ticket modal's type: choosing one dispatches an action (TICKET.typeChanged), so that
 * a complaint's urgency input appears (and goes again for another type) by `views.update`.
 */
function typeInput(t: Translate, initial: TicketType = 'consultation'): Block {
  const choices = options(t, TICKET_TYPES, 'ticket.type');
  return inputBlock(
    { block: 'type', label: t.plain('ticket.field.type'), dispatch: true },
    {
      type: 'static_select',
      action_id: TICKET.typeChanged,
      options: choices,
      initial_option: choices.find((c) => c.value === initial),
    },
  );
}

/**
 * A complaint's urgency (一般 / 紧急 / 特急), shown in the New ticket and Classify… modals for
 * complaints.
 */
export function complaintUrgencyInput(t: Translate, initial: ComplaintUrgency = 'general'): Block {
  return selectInput(
    {
      block: 'complaint_urgency',
      label: t.plain('ticket.field.complaintUrgency'),
      hint: t.plain('ticket.hint.complaintUrgency'),
    },
    options(t, COMPLAINT_URGENCIES, 'complaint.urgency'),
    initial,
  );
}

/**
 * The New ticket modal's blocks after its type changed: the complaint urgency input right after
 * the severity for a complaint, none for another type; null when nothing changes. The other
 * blocks are kept as Slack sent them (same block and action ids: what was typed stays).
 */
export function blocksForType(
  t: Translate,
  blocks: readonly Record<string, unknown>[],
  type: string | undefined,
): Record<string, unknown>[] | null {
  const has = blocks.some((b) => b.block_id === 'complaint_urgency');
  const wants = type === 'complaint';
  if (has === wants) return null;
  if (!wants) return blocks.filter((b) => b.block_id !== 'complaint_urgency');
  const at = blocks.findIndex((b) => b.block_id === 'severity');
  const out = [...blocks];
  out.splice(
    at < 0 ? out.length : at + 1,
    0,
    complaintUrgencyInput(t) as unknown as Record<string, unknown>,
  );
  return out;
}

/** The New ticket modal (from /ticket new, a message shortcut or a customer card). */
export function ticketModal(t: Translate, input: TicketModalInput): ModalView {
  const blocks: Block[] = [
    ...(input.authorErased ? [context(t('ticket.modal.authorErased'))] : []),
    customerBlock(t, input),
    typeInput(t),
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
    inputBlock(
      {
        block: 'requester',
        label: t.plain('ticket.field.requester'),
        optional: true,
        hint: t.plain('ticket.modal.requesterHint'),
      },
      { type: 'users_select', ...(input.requester ? { initial_user: input.requester } : {}) },
    ),
    textInput(
      {
        block: 'contact_name',
        label: t.plain('ticket.field.contactName'),
        optional: true,
        placeholder: t.plain('ticket.modal.contactPlaceholder'),
      },
      undefined,
      { max: 100 },
    ),
    textInput(
      { block: 'title', label: t.plain('ticket.field.title') },
      input.title === undefined ? undefined : clip(input.title, TITLE_MAX - ELLIPSIS_ROOM),
      { max: TITLE_MAX },
    ),
    textInput(
      {
        block: 'description',
        label: t.plain('ticket.field.description'),
        ...(input.truncated ? { hint: t.plain('ticket.modal.longMessage') } : {}),
      },
      input.description === undefined
        ? undefined
        : clip(input.description, DESCRIPTION_MAX - ELLIPSIS_ROOM),
      { multiline: true, max: DESCRIPTION_MAX },
    ),
    dateInput(
      { block: 'received_date', label: t.plain('ticket.field.receivedDate') },
      input.receivedDate,
    ),
    inputBlock(
      {
        block: 'received_time',
        label: t.plain('ticket.field.receivedTime', { timeZone: zoneName(t, input.timeZone) }),
      },
      { type: 'timepicker', initial_time: input.receivedTime, timezone: input.timeZone },
    ),
  ];
  return formModal(t, {
    callbackId: TICKET.createView,
    title: 'ticket.modal.newTitle',
    submit: 'ticket.modal.createSubmit',
    metadata: input.metadata,
    blocks,
  });
}

const BUTTONS: Record<CardAction, { id: string; label: Parameters<Translate>[0] }> = {
  claim: { id: TICKET.claim, label: 'ticket.button.claim' },
  reassign: { id: TICKET.reassignOpen, label: 'ticket.button.reassign' },
  escalate: { id: TICKET.escalateOpen, label: 'ticket.button.escalate' },
  wait: { id: TICKET.wait, label: 'ticket.button.wait' },
  resume: { id: TICKET.resume, label: 'ticket.button.resume' },
  note: { id: TICKET.noteOpen, label: 'ticket.button.note' },
  resolve: { id: TICKET.resolveOpen, label: 'ticket.button.resolve' },
  reopen: { id: TICKET.reopen, label: 'ticket.button.reopen' },
  close: { id: TICKET.close, label: 'ticket.button.close' },
  // Shown on a demand without a plan only (src/ticket/card-actions.ts `statusCardActions`).
  plan: { id: TICKET.planOpen, label: 'ticket.button.plan' },
  // An answer given outside Slack (a call, an email, WeChat, a visit) is logged here.
  logResponse: { id: TICKET.logResponseOpen, label: 'ticket.button.logResponse' },
  // What a customer outside Slack said (their call, email...), recorded: a reply is owed.
  customerWrote: { id: TICKET.customerWroteOpen, label: 'ticket.button.customerWrote' },
  // A plain answer to a requester in Slack, where they hear from the desk.
  reply: { id: TICKET.replyOpen, label: 'ticket.button.reply' },
  // A delay known before the SLA sweep drafts one, told to a requester in Slack at once.
  delay: { id: TICKET.delayOpen, label: 'ticket.button.delay' },
  // Type, severity and complaint urgency set again (a ticket the desk opened from a customer
  // channel's message is a consultation, general, until then).
  classify: { id: TICKET.classifyOpen, label: 'ticket.button.classify' },
  // A duplicate closed into another open ticket (last: the least used).
  merge: { id: TICKET.mergeOpen, label: 'ticket.button.merge' },
  // New task about the ticket: its customer and the ticket filled in (the menu's last choice; a
  // button on a card with room, a resolved one).
  task: { id: TICKET.taskNew, label: 'ticket.button.task' },
  // Following, in a row of its own under the actions (`followRow`): the reader follows or stops
  // (the listeners of the requester's view and a follower's DM), the assignee or a manager picks.
  follow: { id: REQUESTER.follow, label: 'follower.follow.button' },
  unfollow: { id: REQUESTER.unfollow, label: 'follower.unfollow.button' },
  followers: { id: TICKET.followersOpen, label: 'ticket.button.followers' },
};

/**
 * The order a card offers its actions in, per status: the most used first (the primary, the step
 * that moves the ticket on, leads), the rarer after. The first ones are buttons, the rest go in
 * the card's "…" menu (`cardActionSplit`).
 */
const CARD_ORDER: Record<TicketStatus, readonly CardAction[]> = {
  // Reply to requester… (a requester in Slack) beside the step that moves the ticket on.
  new: [
    'claim',
    'reply',
    'reassign',
    'escalate',
    'note',
    'resolve',
    'logResponse',
    'customerWrote',
    'plan',
    'classify',
    'delay',
    'merge',
    'task',
  ],
  // A demand owing its plan and dates (an SLA of its own) puts Plan beside Resolve.
  assigned: [
    'resolve',
    'plan',
    'reply',
    'wait',
    'note',
    'logResponse',
    'customerWrote',
    'escalate',
    'reassign',
    'classify',
    'delay',
    'merge',
    'task',
  ],
  waiting: [
    'resume',
    'reply',
    'customerWrote',
    'plan',
    'resolve',
    'note',
    'logResponse',
    'reassign',
    'classify',
    'delay',
    'merge',
    'task',
  ],
  // New task (a follow-up planned once it is resolved) before Close; Close last: the desk closes
  // it once the requester's reopen window is over.
  resolved: ['reopen', 'note', 'task', 'close'],
  closed: [],
};

/** Buttons a card shows at most when the rest fit its menu. */
const CARD_BUTTONS_MAX = 4;
/** An overflow menu: five options at most (Slack's), two at least (its reference long said). */
const MENU_MAX = 5;
const MENU_MIN = 2;
/** Slack's limit of an option's value. */
export const OPTION_VALUE_MAX = 75;

/**
 * A card's actions in its status's order (`CARD_ORDER`), split into buttons and the "…" menu:
 * all buttons when they are four or fewer; else four buttons (more when the rest would not fit
 * the menu's five) and the rest, at least two, in the menu. No action is dropped.
 */
export function cardActionSplit(
  status: TicketStatus,
  offered: readonly CardAction[],
): { buttons: CardAction[]; menu: CardAction[] } {
  const order = CARD_ORDER[status];
  const rank = (a: CardAction) => (order.includes(a) ? order.indexOf(a) : order.length);
  const sorted = [...offered].sort((a, b) => rank(a) - rank(b));
  if (sorted.length <= CARD_BUTTONS_MAX) return { buttons: sorted, menu: [] };
  const shown = Math.max(
    Math.min(CARD_BUTTONS_MAX, sorted.length - MENU_MIN),
    sorted.length - MENU_MAX,
  );
  return { buttons: sorted.slice(0, shown), menu: sorted.slice(shown) };
}

/**
 * The value of a choice of a card's "…" menu: what its button would be clicked for, the action
 * and the ticket's number (`resolve:T20260007`), within Slack's 75 characters; undefined when it
 * would not fit. Read back by the menu's listener (handlers/actions/ticket-card-menu.ts).
 */
export function cardMenuValue(action: CardAction, number: string): string | undefined {
  const value = `${action}:${number}`;
  return value.length <= OPTION_VALUE_MAX ? value : undefined;
}

/** Every action a card may offer: what a menu's value may name. */
export const CARD_ACTIONS = Object.keys(BUTTONS) as [CardAction, ...CardAction[]];

/**
 * The elements of a card's actions block: its first actions as buttons (the status's primary
 * styled), the rest in one "…" menu (`TICKET.cardMenu`) whose choices do what their buttons do.
 */
function cardActionRow(
  t: Translate,
  ticket: TicketRecord,
  offered: readonly CardAction[],
): (Button | Overflow)[] {
  const split = cardActionSplit(ticket.status, offered);
  const values = split.menu.map((action) => cardMenuValue(action, ticket.number));
  // A number too long for a menu's value (never, at 9 characters) keeps every action a button.
  const fits = values.every((v) => v !== undefined);
  const buttons = fits ? split.buttons : [...split.buttons, ...split.menu];
  const row: (Button | Overflow)[] = buttons.map((action) => {
    const b = BUTTONS[action];
    const style = action === PRIMARY_ACTION[ticket.status] ? ('primary' as const) : undefined;
    // Waiting on a requester in Slack asks them something: a modal takes the question first.
    const id = action === 'wait' && requesterInSlack(ticket) ? TICKET.waitOpen : b.id;
    const confirm =
      action === 'close' && ticket.status === 'resolved' ? closeConfirm(t, ticket) : undefined;
    return button({ actionId: id, text: t.plain(b.label), value: ticket.number, style, confirm });
  });
  if (fits && split.menu.length)
    row.push(
      overflow(
        TICKET.cardMenu,
        split.menu.map((action, i) => ({
          text: t.plain(BUTTONS[action].label),
          value: values[i]!,
        })),
      ),
    );
  return row;
}

/**
 * What Slack asks before a resolved ticket's Close is sent: that it ends the requester's reopen
 * (REOPEN_DAYS), which the desk's daily close ends by itself (the `tickets-close` job).
 */
function closeConfirm(t: Translate, ticket: Pick<TicketRecord, 'number'>): ConfirmDialog {
  return {
    title: t.plain('ticket.close.confirmTitle', { number: ticket.number }),
    text: t.plain('ticket.close.confirmText', { days: REOPEN_DAYS }),
    confirm: t.plain('ticket.close.confirm'),
    deny: t.plain('ticket.close.deny'),
  };
}

/**
 * The card's following row, under its actions: Follow or Stop following (the reader: the shared
 * card's Follow is whoever clicks it) and Followers… (the assignee or a manager), as buttons of
 * their own, so that they never take one of the actions row's places (four buttons, more when the
 * rest would not fit, and Slack's five menu choices); none when the card offers none.
 */
function followRow(
  t: Translate,
  number: string,
  offered: readonly CardAction[],
): Block | undefined {
  const shown = FOLLOW_ACTIONS.filter((a) => offered.includes(a));
  if (!shown.length) return undefined;
  return actions(
    'ticket_follow',
    shown.map((a) =>
      button({ actionId: BUTTONS[a].id, text: t.plain(BUTTONS[a].label), value: number }),
    ),
  );
}

/** The card's complaint and demand fields: urgency, the contact step, the plan. */
function stepFields(t: Translate, ticket: TicketRecord, timeZone: string, now?: Date): Mrkdwn[] {
  const out: Mrkdwn[] = [];
  const item = (label: Parameters<Translate>[0], value: Mrkdwn) => field(t(label), value);
  const due = (at: Date) =>
    now && now.getTime() > at.getTime()
      ? t('ticket.card.stepOverdue', { due: keep(slackTime(at, timeZone)) })
      : t('ticket.card.stepDue', { due: keep(slackTime(at, timeZone)) });
  const c = ticket.complaint;
  if (c) {
    out.push(item('ticket.field.complaintUrgency', t(`complaint.urgency.${c.urgency}`)));
    out.push(
      item(
        'ticket.field.contact',
        c.contactedAt
          ? t('ticket.card.contacted', {
              when: keep(slackTime(c.contactedAt, timeZone)),
              user: c.contactedBy ?? '',
              via: keep(t(`interaction.${c.contactVia ?? 'call'}` as MessageKey)),
              late: keep(c.contactedAt > c.contactDueAt ? t('ticket.card.late') : md``),
            })
          : c.contactWaived
            ? t('ticket.card.contactWaived')
            : c.resolvedUncontacted
              ? t('ticket.card.resolvedUncontacted', {
                  user: c.resolvedUncontacted.by,
                  reason: maskFreeText(c.resolvedUncontacted.reason),
                })
              : c.attempts?.length
                ? t('ticket.card.notReached', {
                    count: c.attempts.length,
                    when: keep(slackTime(c.attempts.at(-1)!.at, timeZone)),
                    user: c.attempts.at(-1)!.by,
                    due: keep(due(c.contactDueAt)),
                  })
                : md`${mention(ticket.accountManagerId)} · ${due(c.contactDueAt)}`,
      ),
    );
  }
  const d = ticket.demand;
  if (d)
    out.push(
      item(
        'ticket.field.plan',
        d.plannedAt
          ? t('ticket.card.planned', {
              when: keep(slackTime(d.plannedAt, timeZone)),
              dates: d.planDates ?? '',
              late: keep(d.plannedAt > d.planDueAt ? t('ticket.card.late') : md``),
            })
          : due(d.planDueAt),
      ),
    );
  return out;
}

/** The block id of a card's actions row (its buttons and "…" menu): a click's `block_id`. */
export const CARD_ACTIONS_BLOCK = 'ticket_actions';

/**
 * The one primary (green) button of a card in each status: the step that moves the ticket on.
 * The other buttons stay plain, so the card says what to do next at a glance.
 */
export const PRIMARY_ACTION: Record<TicketStatus, TicketAction | undefined> = {
  new: 'claim',
  assigned: 'resolve',
  waiting: 'resume',
  // Nothing: it waits on the requester's reopen window, after which the desk closes it (a Close
  // before then asks first: `closeConfirm`).
  resolved: undefined,
  closed: undefined,
};

/**
 * The triage card: everything a dispatcher needs, and the buttons the state allows; shown
 * privately to one reader, only those `actions` they may take (src/ticket/card-actions.ts
 * `readerCardActions`). Phone numbers and emails typed into the title, description and
 * resolution are masked (src/privacy/free-text.ts) unless `reveal`: the Open view of someone who
 * may see them (`ticket.seePersonal`).
 */
export function ticketCard(
  t: Translate,
  stored: TicketRecord,
  clock: TicketClock,
  timeZone: string,
  /** When the card is drawn: a complaint's contact or a demand's plan past due says so. */
  now?: Date,
  opts: {
    reveal?: boolean;
    /** The reader's own (a card shown privately); the status's for the shared card. */
    actions?: readonly CardAction[];
  } = {},
): Message {
  const ticket = opts.reveal ? stored : publicTicket(stored);
  const item = (label: Parameters<Translate>[0], value: Mrkdwn) => field(t(label), value);
  // A duplicate merged into another is closed, neither answered nor resolved here: no due time,
  // and said so (never "Resolved" at the time its record was last written).
  const merged = !!ticket.mergedInto && !ticket.resolvedAt;
  const response = clock.response
    ? dueText(t, clock.response, timeZone, clock.paused)
    : merged && !ticket.firstResponseAt
      ? t('ticket.card.noResponse')
      : t('ticket.card.responded', {
          when: keep(slackTime(ticket.firstResponseAt ?? ticket.receivedAt, timeZone)),
        });
  const resolution = clock.resolution
    ? dueText(t, clock.resolution, timeZone, clock.paused)
    : merged
      ? t('ticket.card.mergedClosed', {
          when: keep(slackTime(ticket.closedAt ?? ticket.updatedAt, timeZone)),
        })
      : t('ticket.card.resolved', {
          when: keep(slackTime(ticket.resolvedAt ?? ticket.updatedAt, timeZone)),
        });
  const assignee = ticket.assigneeId ? mention(ticket.assigneeId) : t('ticket.card.unassigned');
  const details = fieldsSections([
    item(
      'ticket.field.customer',
      md`${t('customer.nameCode', { name: ticket.customerName, code: ticket.customerCode })} · ${t(`tier.${ticket.customerTier}`)}`,
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
    ...(requesterText(t, ticket)
      ? [item('ticket.field.requester', requesterText(t, ticket)!)]
      : []),
    // Once met, a clock's line says when, under a label without "due".
    item(clock.response ? 'ticket.field.responseDue' : 'ticket.field.responded', response),
    item(clock.resolution ? 'ticket.field.resolutionDue' : 'ticket.field.resolved', resolution),
    // The customer wrote again after the first response: by when they are owed a reply.
    ...(clock.reply
      ? [item('ticket.field.replyDue', dueText(t, clock.reply, timeZone, clock.paused))]
      : []),
    // The new date the last delay notice gave the requester, while it is still to be kept; once
    // its day is over (the workspace's day now) it says so.
    ...(ticket.promisedDate && OPEN_STATUSES.includes(ticket.status)
      ? [
          item(
            'ticket.field.promised',
            t('ticket.card.promised', {
              date: formatDay(ticket.promisedDate, t.locale),
              passed: now && ticket.promisedDate < localDate(now, timeZone) ? 'yes' : 'no',
            }),
          ),
        ]
      : []),
    ...stepFields(t, ticket, timeZone, now),
  ]);
  const blocks: Block[] = [
    header(`${ticket.number} · ${ticket.title}`),
    ...details,
    markdown(escapeClipped(ticket.description, SECTION_TEXT_MAX)),
  ];
  const notes: Mrkdwn[] = [];
  // A merged duplicate says where it went (linked to that card when its link was known).
  if (ticket.mergedInto) {
    const into = t('ticket.card.mergedInto', { into: ticket.mergedInto });
    notes.push(ticket.mergedIntoLink ? link(ticket.mergedIntoLink, into) : into);
  }
  if (ticket.sourcePermalink) notes.push(link(ticket.sourcePermalink, t('ticket.card.source')));
  if (ticket.resolution)
    notes.push(labelled(t, 'ticket.field.resolution', escapeClipped(ticket.resolution, 1000)));
  if (notes.length) blocks.push(context(join(notes, ' · ')));
  // Logged over 1 business hour after its receipt (manual A): said once, for the reader to see.
  const lateMinutes = ticket.metrics?.loggedLateMinutes;
  if (lateMinutes)
    blocks.push(context(t('ticket.card.loggedLate', { late: keep(duration(t, lateMinutes)) })));
  const c = ticket.complaint;
  if (c?.repeatOf?.length)
    blocks.push(
      context(
        t('complaint.repeat', {
          count: c.repeatOf.length,
          numbers: c.repeatOf.join(t.plain('common.listSeparator')),
        }),
      ),
    );
  if (c?.rootCause)
    blocks.push(
      context(
        join(
          [
            labelled(
              t,
              'ticket.field.rootCause',
              md`${t(`complaint.rootCause.${c.rootCause}`)}${c.rootCauseText ? md` · ${escapeClipped(c.rootCauseText, 500)}` : md``}`,
            ),
            labelled(
              t,
              'ticket.field.correctiveAction',
              escapeClipped(c.correctiveAction ?? '', 1000),
            ),
          ],
          '\n',
        ),
      ),
    );
  if (ticket.demand?.planSummary)
    blocks.push(
      context(
        labelled(t, 'ticket.field.planSummary', escapeClipped(ticket.demand.planSummary, 1000)),
      ),
    );
  // The requester's last survey answer, with its comment (masked as the rest): staff read what
  // the customer said, low or not.
  const s = ticket.survey;
  if (s && (s.satisfaction !== undefined || s.nps !== undefined || s.comment))
    blocks.push(
      context(
        join(
          [
            t('ticket.card.survey', {
              satisfaction: s.satisfaction ?? 'none',
              nps: s.nps ?? 'none',
            }),
            ...(s.comment
              ? [labelled(t, 'ticket.field.surveyComment', escapeClipped(s.comment, 1000))]
              : []),
          ],
          '\n',
        ),
      ),
    );
  const offered = opts.actions ?? statusCardActions(ticket);
  const row = cardActionRow(
    t,
    ticket,
    offered.filter((a) => !isFollowAction(a)),
  );
  if (row.length) blocks.push(actions(CARD_ACTIONS_BLOCK, row));
  const follow = followRow(t, ticket.number, offered);
  if (follow) blocks.push(follow);
  // The customer before the title with the language's colon (`客户：标题` in Chinese).
  const about = t.plain('ui.labelled', { label: ticket.customerName, value: ticket.title });
  const text = md`${escape(ticket.number)} · ${t(`ticket.severity.${ticket.severity}`)} · ${escapeClipped(about, 250)}`;
  return { text: clipMrkdwn(text, 300), blocks };
}

/** Who the ticket answers: the Slack user, or the contact outside Slack and how they came. */
function requesterText(t: Translate, ticket: TicketRecord): Mrkdwn | undefined {
  const r = ticket.requester;
  if (r?.userId && r.external)
    return t('ticket.card.requesterExternal', { user: keep(mention(r.userId)) });
  if (r?.userId) return mention(r.userId);
  if (r?.contactName)
    return t('ticket.card.requesterOutside', {
      name: r.contactName,
      via: t.plain(`ticket.channel.${r.via ?? ticket.channel}`),
    });
  return undefined;
}

/**
 * A ticket as posted to channels and DMs: phone numbers and emails typed into its title,
 * description and resolution, a complaint's contact summary, root cause and corrective action
 * and a demand's plan masked (the stored ticket keeps them).
 */
export function publicTicket<T extends Pick<TicketRecord, 'title'> & Partial<TicketRecord>>(
  ticket: T,
): T {
  const { complaint: c, demand: d, survey: s } = ticket;
  return {
    ...ticket,
    ...(s?.comment ? { survey: { ...s, comment: maskFreeText(s.comment) } } : {}),
    title: maskFreeText(ticket.title),
    ...(ticket.description !== undefined ? { description: maskFreeText(ticket.description) } : {}),
    ...(ticket.resolution !== undefined ? { resolution: maskFreeText(ticket.resolution) } : {}),
    ...(c
      ? {
          complaint: {
            ...c,
            contactSummary: maskFreeText(c.contactSummary),
            rootCauseText: maskFreeText(c.rootCauseText),
            correctiveAction: maskFreeText(c.correctiveAction),
          },
        }
      : {}),
    ...(d
      ? {
          demand: {
            ...d,
            planSummary: maskFreeText(d.planSummary),
            planDates: maskFreeText(d.planDates),
          },
        }
      : {}),
  };
}

/** The desk's own lines (SYSTEM_ACTOR): what it did, never a person's wording or mention. */
const DESK_EVENTS: Partial<Record<TicketEvent['action'], MessageKey>> = {
  escalate: 'ticket.event.autoEscalate',
  note: 'ticket.event.desk.note',
  resume: 'ticket.event.desk.resume',
  reopen: 'ticket.event.desk.reopen',
  close: 'ticket.event.desk.close',
};

/**
 * The person of the customer's who is not the requester whose thread reply the desk noted,
 * resumed or reopened the ticket for (`TicketEvent.writer`): its line names them, not "the
 * customer". None for an entry stored before who wrote was kept, nor after their erasure.
 */
function colleagueOf(
  event: TicketEvent,
  ticket?: Pick<TicketRecord, 'requester'>,
): string | undefined {
  return event.by === SYSTEM_ACTOR && event.writer && event.writer !== ticket?.requester?.userId
    ? event.writer
    : undefined;
}

function eventKey(
  event: TicketEvent,
  ticket?: Pick<TicketRecord, 'source' | 'conversation' | 'requester'>,
): MessageKey {
  // The words of a customer outside Slack, recorded by staff ("Customer wrote…").
  if (event.wroteAt && event.text && (event.action === 'note' || event.action === 'resume'))
    return event.action === 'resume'
      ? 'ticket.event.customerWroteResume'
      : 'ticket.event.customerWrote';
  // A customer's reply in the conversation that resumed or reopened it: one line says both.
  if ((event.action === 'resume' || event.action === 'reopen') && event.text) {
    // The requester's own (named), a colleague's of theirs the desk acted on (named), the desk's.
    const whose = colleagueOf(event, ticket)
      ? 'colleague.'
      : event.by === SYSTEM_ACTOR
        ? 'desk.'
        : '';
    return event.action === 'resume'
      ? `ticket.event.${whose}replyResume`
      : `ticket.event.${whose}replyReopen`;
  }
  // The customer's own words (a reply that changed nothing, a follow-up, their edit): what they said.
  const said = event.said ?? (event.reply ? 'reply' : undefined);
  if (event.action === 'note' && said === 'reply' && colleagueOf(event, ticket))
    return 'ticket.event.colleague.reply';
  // One of our workspace Slack never described (the events inbox's last attempt): changed nothing.
  if (undescribedReply(event) && colleagueOf(event, ticket))
    return 'ticket.event.undescribed.reply';
  if (event.action === 'note' && said)
    return event.by === SYSTEM_ACTOR ? `ticket.event.desk.${said}` : `ticket.event.${said}`;
  if (reopenedForRevisit(event)) return 'ticket.event.desk.revisitReopen';
  // The desk's resume when the customer's organisation left the conversation's channel.
  if (event.action === 'resume' && event.by === SYSTEM_ACTOR && event.unshared)
    return 'ticket.event.desk.unsharedResume';
  if (event.action === 'contact' && event.notReached) return 'ticket.event.contactNotReached';
  if (event.by === SYSTEM_ACTOR) {
    // The desk opens a ticket from a customer's message (a Slack Connect customer's).
    if (event.action === 'created')
      return ticket?.requester?.userId && (ticket.source ?? ticket.conversation)
        ? 'ticket.event.desk.created'
        : 'ticket.event.desk.createdPlain';
    const key = DESK_EVENTS[event.action];
    if (key) return key;
  }
  // An answer sent to the requester in Slack (Reply to requester…) says what it said.
  if (event.action === 'response' && event.text && event.via === 'slack')
    return 'ticket.event.replied';
  return event.action === 'response' && event.text
    ? 'ticket.event.responseLogged'
    : (`ticket.event.${event.action}` as const);
}

/**
 * One line of the ticket's timeline, posted in the card's thread (typed text masked). The
 * ticket names the channel and requester a ticket the desk opened came from.
 */
export function ticketEventText(
  t: Translate,
  event: TicketEvent,
  ticket?: Pick<TicketRecord, 'source' | 'conversation' | 'requester'>,
): Mrkdwn {
  const key = eventKey(event, ticket);
  if (event.action === 'merge' || event.mergedFrom) return mergeEventText(t, event);
  if (event.action === 'classify') return classifyEventText(t, event);
  if (event.action === 'retarget') return retargetEventText(t, event);
  const text =
    event.action === 'wait' && event.text
      ? t('ticket.event.waitAsked', { by: event.by, text: maskFreeText(event.text) })
      : t(key, {
          by: colleagueOf(event, ticket) ?? event.by,
          user:
            key === 'ticket.event.desk.created'
              ? (ticket?.requester?.userId ?? '')
              : (event.assigneeId ?? ''),
          channel: event.unshared ?? ticket?.source?.channel ?? ticket?.conversation?.channel ?? '',
          level: event.level ?? '',
          text: maskFreeText(event.text ?? ''),
          via: event.via ? t.plain(`ticket.channel.${event.via}`) : '',
        });
  // A reopen whose holder no longer works tickets: it says it went back to the queue.
  const released = event.released
    ? join([text, t('ticket.event.released', { user: event.released })], ' ')
    : text;
  return clipMrkdwn(released, SECTION_TEXT_MAX);
}

/** The account manager's DM of a ticket (intake's) or of a complaint (its raise's): TicketNotifier. */
const ACCOUNT_MANAGER_DM = /^ticket:[0-9a-f]{24}:(?:complaint:[a-z]+:)?account-manager$/;

/**
 * What one of a ticket's posts in Slack (TicketPost) reads once retention or an erasure took the
 * ticket's words, drawn from the ticket as stored: a line of its card's thread as its timeline's
 * event reads now (the created event for the first); an escalation channel's post as it reads now
 * (with Open); an SLA alert in that thread, a DM to its assignee and another notice naming it a
 * fixed line naming the ticket; a list of SLA alerts one naming every ticket of it (`others`, as
 * stored: the list is taken out whole, its other lines with it); one of the requester's own
 * notices a fixed line of theirs, naming their ticket; a DM about one of its tasks a fixed line
 * saying where the tasks are (`/task mine`, the App Home). `blocks` empty: the post's buttons and
 * blocks go (a requester's Not solved, reopen and the survey's scores too), but a notice naming
 * it keeps Open (checked when used, as any Open), and the account manager's DM the buttons that
 * still work (Open, a complaint's Customer contacted while the contact is not recorded).
 */
export function ticketPostEdited(
  t: Translate,
  ticket: TicketRecord,
  post: Pick<TicketPost, 'kind' | 'seq'> & { key?: string },
  others: readonly Pick<TicketRecord, 'number'>[] = [],
): Message {
  const bare = (text: Mrkdwn): Message => ({ text, blocks: [] });
  if (post.kind === 'line' && post.seq !== undefined) {
    const created: TicketEvent = { action: 'created', by: ticket.createdBy, at: ticket.createdAt };
    const event = post.seq === 0 ? created : ticket.timeline[post.seq - 1];
    if (event) return bare(ticketEventText(t, event, ticket));
  }
  if (post.kind === 'escalation' && post.seq !== undefined) {
    const event = ticket.timeline[post.seq - 1];
    if (event?.action === 'escalate') return escalationPost(t, ticket, event);
  }
  if (post.kind === 'alerts' && others.length)
    return bare(
      t('ticket.post.alertsAnonymised', {
        numbers: keep(
          mrkdwnList(
            [ticket, ...others].map((k) => escape(k.number)),
            t.locale,
          ),
        ),
      }),
    );
  // The requester's own notice: a line of their own (they cannot read the ticket).
  if (post.kind === 'requester')
    return bare(t('ticket.post.requesterAnonymised', { number: ticket.number }));
  // A DM about one of its tasks (maybe with other tasks' lines: a day's reminders): taken out
  // whole, pointing to where the tasks and their buttons are.
  if (post.kind === 'task') return bare(t('ticket.post.taskAnonymised', { number: ticket.number }));
  // The account manager's DM (intake's, a complaint's): its buttons that still work, drawn from
  // the ticket as stored: Open, and a complaint's Customer contacted while the contact is not
  // recorded (the contact task's Done, checked as any Done).
  if (post.kind === 'notice' && post.key && ACCOUNT_MANAGER_DM.test(post.key)) {
    const text = t('ticket.post.anonymised', { number: ticket.number });
    const c = ticket.complaint;
    const hadContact =
      !!c &&
      (!post.key.endsWith(`:${ticket.id}:account-manager`) ||
        !ticket.timeline.some(
          (e) => e.action === 'classify' && e.classified?.raised === 'complaint',
        ));
    const contact = hadContact && !c?.contactedAt;
    return {
      text,
      blocks: [
        markdown(text),
        actions('complaint_contact', [
          ...(contact
            ? [
                button({
                  actionId: TASK.doneOpen,
                  value: complaintContactTaskId(ticket),
                  text: t.plain('complaint.button.contacted'),
                  style: 'primary',
                }),
              ]
            : []),
          openTicketButton(t, ticket.number),
        ]),
      ],
    };
  }
  // Every other notice naming it (the managers' complaint DM and page, a follower's, a
  // stand-in's, a low score's…): Open, as the notice had it (its handler checks the reader may).
  if (post.kind === 'notice') {
    const text = t('ticket.post.anonymised', { number: ticket.number });
    return { text, blocks: [markdown(text, openTicketButton(t, ticket.number))] };
  }
  const alert = post.kind === 'alert' || post.kind === 'alerts';
  return bare(
    t(alert ? 'ticket.post.alertAnonymised' : 'ticket.post.anonymised', {
      number: ticket.number,
    }),
  );
}

/**
 * What a DM about a task linked to no ticket (TaskPost: its reminders, the DMs of its planning,
 * moves, edits, hand-overs, cancelling and done) reads once retention or an erasure of its
 * customer took the task's words: a fixed line saying where the tasks and their buttons are
 * (`/task mine`, the App Home), the message taken out whole (a day's reminders name other tasks);
 * a low quarterly survey's managers' notice, a line saying a survey answer was there.
 */
export function customerTaskPostEdited(t: Translate, post?: Pick<TaskPost, 'key'>): Message {
  // A low quarterly survey's managers' notice (TaskNotifier, `survey-low:<task>:<manager>`): a
  // line of its own (not a task of theirs).
  if (post?.key.startsWith('survey-low:'))
    return { text: t('ticket.post.surveyLowAnonymised'), blocks: [] };
  return { text: t('ticket.post.customerTaskAnonymised'), blocks: [] };
}

/**
 * What a list of several customers' tasks (TaskListPost: an owner's greetings of the day, an
 * overdue list) reads once an erasure of one of its customers or retention of one of its tasks
 * took their words: a fixed line saying where the tasks are, the message taken out whole.
 */
export function taskListPostEdited(t: Translate): Message {
  return { text: t('ticket.post.taskListAnonymised'), blocks: [] };
}

/**
 * What a target's merge line in its thread (the line a merge posted naming who asked for the
 * duplicate and quoting their words) reads once retention or an erasure took the duplicate's
 * words: drawn from the duplicate as stored (`namedMergeNote`). The post not that line (the
 * target's timeline changed under it), as `ticketPostEdited` draws it from the target.
 */
export function mergeLineEdited(
  t: Translate,
  target: TicketRecord,
  post: Pick<TicketPost, 'kind' | 'seq'>,
  duplicate: TicketRecord,
): Message {
  const event = post.kind === 'line' && post.seq ? target.timeline[post.seq - 1] : undefined;
  if (!event?.mergedFrom || event.mergedFrom !== duplicate.number)
    return ticketPostEdited(t, target, post);
  return { text: ticketEventText(t, namedMergeNote(duplicate, event), target), blocks: [] };
}

/** A classify's line: the type, severity (and complaint urgency) given, and the target they make. */
/**
 * The desk's line when the customer's tier moved up (or it became key potential, `reason`) made the
 * first response due sooner.
 */
function retargetEventText(t: Translate, event: TicketEvent): Mrkdwn {
  const r = event.retargeted;
  if (!r) return t('ticket.event.note', { by: event.by, text: '' });
  return t(r.reason === 'potential' ? 'ticket.event.retargetPotential' : 'ticket.event.retarget', {
    tier: t.plain(`tier.${r.tier}`),
    target: keep(duration(t, r.responseMinutes)),
    was: keep(duration(t, r.was)),
  });
}

function classifyEventText(t: Translate, event: TicketEvent): Mrkdwn {
  const c = event.classified;
  if (!c) return t('ticket.event.note', { by: event.by, text: '' });
  return t('ticket.event.classify', {
    by: event.by,
    type: t.plain(`ticket.type.${c.type}`),
    severity: t.plain(`ticket.severity.${c.severity}`),
    urgency: c.urgency ? t.plain(`complaint.urgency.${c.urgency}`) : 'none',
    target: keep(duration(t, c.responseMinutes)),
    plan: c.planDropped ? 'dropped' : 'none',
  });
}

/**
 * A merge's lines: the duplicate's ("merged it into T1") and its target's note ("Merged from T2
 * (who asked, what they wrote)"; who and what only on the line posted at the merge).
 */
function mergeEventText(t: Translate, event: TicketEvent): Mrkdwn {
  const note = event.text ? 'yes' : 'no';
  const text = maskFreeText(event.text ?? '');
  if (event.action === 'merge')
    return clipMrkdwn(
      t('ticket.event.merge', { by: event.by, into: event.into ?? '', note, text }),
      SECTION_TEXT_MAX,
    );
  const asker = event.mergedAsker;
  return clipMrkdwn(
    t('ticket.event.mergedFrom', {
      by: event.by,
      from: event.mergedFrom ?? '',
      asker: asker?.userId ? 'user' : asker?.name ? 'contact' : 'none',
      user: asker?.userId ?? '',
      name: asker?.name ?? '',
      wrote: maskFreeText(asker?.wrote ?? ''),
      note,
      text,
      carried: event.contactCarried ? 'yes' : 'no',
    }),
    SECTION_TEXT_MAX,
  );
}

/**
 * The account manager's DM of a new ticket, as it reads with the ticket as stored (an entry
 * written before notices were, rendered again as it goes out).
 */
export function accountManagerDm(t: Translate, ticket: TicketRecord, timeZone: string): Message {
  return ticketNotice(t, accountManagerNotice(ticket), {
    permalink: ticket.card.permalink,
    timeZone,
  });
}

/**
 * A parameter of a notice, as data: text or a number as it is (escaped when rendered), a
 * catalogue message (`label`, in the workspace's language as it goes out) or an instant (`at`,
 * ISO: Slack's date, the workspace's time zone as fallback).
 */
export type NoticeParam =
  | string
  | number
  | { label: MessageKey }
  | { at: string }
  /** Words listed with the reader's separator (`a, b`, `a、b`). */
  | { list: string[] };

/** One line of a notice: a catalogue message and its parameters. */
export interface NoticeLine {
  key: MessageKey;
  params?: Record<string, NoticeParam>;
}

/**
 * A message about one ticket, as data: a catalogue message whose `{number}` names the ticket,
 * its other parameters, and the lines around it. Written to the outbox before the ticket's card
 * is posted, it is rendered as it goes out, its number linked to the card then if the card is
 * there by then.
 */
export interface TicketNotice {
  key: MessageKey;
  params: Record<string, NoticeParam>;
  ticket: { id: string; number: string };
  /** A line above the one naming the ticket (a critical complaint's page). */
  head?: NoticeLine;
  /** Lines below it (a repeat complaint's). */
  tail?: NoticeLine[];
  /** A complaint's contact task, assigned to whom the notice goes: its Done button beside Open. */
  contactTaskId?: string;
}

type NoticeTicket = Pick<TicketRecord, 'id' | 'number' | 'severity' | 'customerName' | 'title'> &
  Partial<Pick<TicketRecord, 'complaint' | 'guestOwner'>>;

/**
 * The account manager's DM of a new ticket, as data; a complaint's names its urgency and the
 * contact assigned to them, with its Done button (`contactTaskId`). Sent to a guest owner's
 * stand-in (`guestOwner`), it says why it is theirs.
 */
export function accountManagerNotice(ticket: NoticeTicket, contactTaskId?: string): TicketNotice {
  const c = ticket.complaint;
  const ref = { id: ticket.id, number: ticket.number };
  const tail: Pick<TicketNotice, 'tail'> = ticket.guestOwner
    ? { tail: [{ key: 'ticket.dm.guestOwner', params: { user: ticket.guestOwner } }] }
    : {};
  if (c && contactTaskId)
    return {
      ...tail,
      key: 'complaint.dm.accountManager',
      params: {
        urgency: { label: `complaint.urgency.${c.urgency}` },
        customer: ticket.customerName,
        title: maskFreeText(ticket.title),
        due: { at: new Date(c.contactDueAt).toISOString() },
      },
      ticket: ref,
      contactTaskId,
    };
  return {
    key: 'ticket.dm.accountManager',
    params: {
      severity: ticket.severity,
      customer: ticket.customerName,
      title: maskFreeText(ticket.title),
    },
    ticket: ref,
    ...tail,
  };
}

/** What managers are told of a new complaint (a repeat one flagged), as data. */
export function complaintManagersNotice(
  ticket: NoticeTicket & Pick<TicketRecord, 'accountManagerId'>,
): TicketNotice {
  const c = ticket.complaint!;
  return {
    key: 'complaint.dm.managers',
    params: {
      urgency: { label: `complaint.urgency.${c.urgency}` },
      customer: ticket.customerName,
      title: maskFreeText(ticket.title),
      user: ticket.accountManagerId,
      contactDue: { at: new Date(c.contactDueAt).toISOString() },
      resolutionDue: { at: new Date(c.resolutionDueAt).toISOString() },
    },
    ticket: { id: ticket.id, number: ticket.number },
    ...(c.repeatOf?.length
      ? {
          tail: [
            {
              key: 'complaint.repeat',
              params: { count: c.repeatOf.length, numbers: { list: c.repeatOf } },
            },
          ],
        }
      : {}),
  };
}

/**
 * What the account manager and their managers are told when Classify… changes a complaint's
 * urgency without raising it past any it had (a lowered one above all), as data: from `was` to
 * its urgency now, who changed it (`by`), and the contact and resolution due times it sets.
 */
export function complaintUrgencyChangedNotice(
  ticket: NoticeTicket,
  was: ComplaintUrgency,
  by: string,
): TicketNotice {
  const c = ticket.complaint!;
  return {
    key: 'complaint.dm.urgencyChanged',
    params: {
      was: { label: `complaint.urgency.${was}` },
      urgency: { label: `complaint.urgency.${c.urgency}` },
      customer: ticket.customerName,
      title: maskFreeText(ticket.title),
      by,
      contactDue: { at: new Date(c.contactDueAt).toISOString() },
      resolutionDue: { at: new Date(c.resolutionDueAt).toISOString() },
    },
    ticket: { id: ticket.id, number: ticket.number },
  };
}

/** The escalation channel's page about a critical complaint (at any hour), as data. */
export function complaintPageNotice(
  ticket: NoticeTicket & Pick<TicketRecord, 'accountManagerId'>,
): TicketNotice {
  return { ...complaintManagersNotice(ticket), head: { key: 'complaint.page' } };
}

/**
 * A ticket notice rendered: its number linked to the card (`permalink`, when posted), instants
 * in `timeZone`, and Open (beside a complaint contact's Done).
 */
export function ticketNotice(
  t: Translate,
  notice: TicketNotice,
  at: { permalink?: string | undefined; timeZone: string },
): Message {
  const { number } = notice.ticket;
  const line = ({ key, params = {} }: NoticeLine, extra: Record<string, MrkdwnParam> = {}) => {
    const values: Record<string, MrkdwnParam> = { ...extra };
    for (const [name, value] of Object.entries(params))
      values[name] =
        typeof value !== 'object'
          ? value
          : 'label' in value
            ? keep(t(value.label))
            : 'list' in value
              ? value.list.join(t.plain('common.listSeparator'))
              : keep(slackTime(new Date(value.at), at.timeZone));
    return t(key, values);
  };
  const text = join(
    [
      ...(notice.head ? [line(notice.head)] : []),
      line(notice, {
        number: keep(at.permalink ? link(at.permalink, escape(number)) : escape(number)),
      }),
      ...(notice.tail ?? []).map((l) => line(l)),
    ],
    '\n',
  );
  const open = openTicketButton(t, number);
  return {
    text: clipMrkdwn(text, MESSAGE_TEXT_MAX),
    blocks: notice.contactTaskId
      ? [
          markdown(text),
          actions('complaint_contact', [
            button({
              actionId: TASK.doneOpen,
              value: notice.contactTaskId,
              text: t.plain('complaint.button.contacted'),
              style: 'primary',
            }),
            open,
          ]),
        ]
      : [markdown(text, open)],
  };
}

/**
 * When a DM to whom a ticket was handed is written: now, the workspace's zone, and the next-reply
 * clock of a ticket waiting on the customer that still owes one (it stores no due time then).
 */
export interface HandedAt {
  now: Date;
  timeZone: string;
  pausedReply?: SlaStatus;
}

/**
 * The DM to whom a ticket was handed (an escalation or a reassignment by someone else): the
 * number linked to its card, and Open.
 */
export function assignedDm(
  t: Translate,
  ticket: TicketRecord,
  event: TicketEvent,
  at: HandedAt,
): Message {
  const head = t('ticket.dm.assigned', {
    severity: keep(t(`ticket.severity.${ticket.severity}`)),
    number: keep(ticketLink(ticket)),
    customer: ticket.customerName,
    level: event.level ?? ticket.level,
    by: event.by,
    title: maskFreeText(ticket.title),
  });
  const due = handedOverDue(t, ticket, at);
  const lines = due ? [head, due] : [head];
  if (event.text) lines.push(t('ticket.dm.assignedReason', { text: maskFreeText(event.text) }));
  // L3 handed to a guest owner's stand-in (`guestOwner`, as at the event): why it is theirs.
  const standIn = standInAt(ticket, event);
  if (standIn) lines.push(t('ticket.dm.guestOwner', { user: standIn.guestOwner }));
  const text = join(lines, '\n');
  return {
    text: clipMrkdwn(text, MESSAGE_TEXT_MAX),
    blocks: [markdown(clipMrkdwn(text, 3000), openTicketButton(t, ticket.number))],
  };
}

/**
 * What a ticket handed to someone owes, as its stored due times give it (business hours, shown
 * in the reader's zone): the first response while it is unanswered, a next reply while one is owed,
 * and the resolution; or that
 * its clocks stand still while it waits on the customer, and then a next reply still owed as its
 * card says it (paused, with what is left or by how much it is late), on a line of its own.
 */
function handedOverDue(t: Translate, ticket: TicketRecord, at: HandedAt): Mrkdwn {
  if (ticket.status === 'waiting') {
    const paused = t('ticket.dm.duePaused');
    if (!at.pausedReply) return paused;
    const reply = t('ticket.dm.replyPaused', {
      ...reopenedSaid(reopenOwingReply(ticket)),
      clock: keep(pausedDueText(t, at.pausedReply, at.timeZone)),
    });
    return join([paused, reply], '\n');
  }
  const due = (
    key: 'ticket.dm.responseDue' | 'ticket.dm.replyDue' | 'ticket.dm.resolutionDue',
    when: Date,
  ) =>
    t(key, {
      due: keep(slackTime(when, at.timeZone)),
      late: when.getTime() < at.now.getTime() ? 'yes' : 'no',
    });
  const lines: Mrkdwn[] = [];
  if (!ticket.firstResponseAt && ticket.responseDueAt)
    lines.push(due('ticket.dm.responseDue', ticket.responseDueAt));
  // The customer wrote again after the first response: the reply they are owed.
  if (ticket.replyDueAt) lines.push(due('ticket.dm.replyDue', ticket.replyDueAt));
  if (ticket.resolutionDueAt) lines.push(due('ticket.dm.resolutionDue', ticket.resolutionDueAt));
  return join(lines, ' · ');
}

/**
 * The DM of whom a Reassign or Escalate by someone else took a ticket from: who has it now, and
 * why when an escalation gave a reason. With the ticket's link and Open.
 */
export function handedAwayDm(
  t: Translate,
  ticket: TicketRecord,
  event: TicketEvent & { assigneeId: string },
): Message {
  const head = t('ticket.dm.handedAway', {
    action: event.action === 'escalate' ? 'escalate' : 'reassign',
    number: keep(ticketLink(ticket)),
    customer: ticket.customerName,
    title: maskFreeText(ticket.title),
    level: event.level ?? ticket.level,
    by: event.by,
    to: event.assigneeId,
  });
  const lines = [head];
  if (event.text) lines.push(t('ticket.dm.assignedReason', { text: maskFreeText(event.text) }));
  const text = join(lines, '\n');
  return {
    text: clipMrkdwn(text, MESSAGE_TEXT_MAX),
    blocks: [markdown(clipMrkdwn(text, 3000), openTicketButton(t, ticket.number))],
  };
}

/**
 * The assignee's DM when a ticket comes back to them by someone else: the requester's reply
 * resumed it (or someone resumed it, or the desk did when its requester's data was erased), or
 * it was reopened (by the desk: for a revisit that found it not solved). With the ticket's link and Open.
 */
export function backToAssigneeDm(t: Translate, ticket: TicketRecord, event: TicketEvent): Message {
  const params = {
    number: keep(ticketLink(ticket)),
    customer: ticket.customerName,
    title: maskFreeText(ticket.title),
    by: event.writer ?? event.by,
    // A person of the customer's who is not the requester, whose reply the desk acted on.
    who: event.writer ? 'colleague' : ticket.requester?.userId === event.by ? 'requester' : 'other',
  };
  // The desk's resume at an erasure: why, never whom (their id is gone).
  const what = { number: params.number, customer: params.customer, title: params.title };
  const text = resumedAtErasure(event)
    ? t('ticket.dm.resumedAtErasure', what)
    : reopenedForRevisit(event)
      ? t('ticket.dm.reopenedForRevisit', what)
      : event.action === 'reopen'
        ? t('ticket.dm.reopenedToAssignee', params)
        : t('ticket.dm.resumedToAssignee', params);
  return {
    text: clipMrkdwn(text, MESSAGE_TEXT_MAX),
    blocks: [markdown(clipMrkdwn(text, 3000), openTicketButton(t, ticket.number))],
  };
}

/**
 * The assignee's DM when the ticket's requester wrote to the desk by DM with the app and it was
 * added to the ticket (`requesterWroteByDm`): who, and what they said (masked, as the card's
 * thread shows it). With the ticket's link and Open.
 */
export function wroteToAssigneeDm(t: Translate, ticket: TicketRecord, event: TicketEvent): Message {
  const text = t('ticket.dm.wroteToAssignee', {
    number: keep(ticketLink(ticket)),
    customer: ticket.customerName,
    title: maskFreeText(ticket.title),
    by: event.by,
    text: maskFreeText(event.text ?? ''),
  });
  return {
    text: clipMrkdwn(text, MESSAGE_TEXT_MAX),
    blocks: [markdown(clipMrkdwn(text, 3000), openTicketButton(t, ticket.number))],
  };
}

/**
 * A resolved or closed ticket's assignee (or the triage channel) told that an undescribed
 * author's thread reply was kept on it as a note (`undescribedReply`), reopening nothing, or a
 * burst of them (`count`, `keptNoteBurst`): who wrote (the first; nobody named once their data
 * was erased: `erasedKeptReply`), the ticket linked, its title masked, every parameter escaped.
 */
export function keptNoteNotice(
  t: Translate,
  ticket: TicketRecord,
  event: TicketEvent,
  /** How many replies its burst holds (`keptNoteBurst`): `event` is the first. */
  count = 1,
): Message {
  const said = t('ticket.dm.keptNote', {
    number: keep(ticketLink(ticket)),
    customer: ticket.customerName,
    title: maskFreeText(ticket.title),
    status: ticket.status === 'closed' ? 'closed' : 'resolved',
    by: event.writer ?? '',
    named: event.writer ? 'yes' : 'no',
    count,
  });
  const since = keptNoteSince(t, ticket, event);
  const text = since ? join([said, since], '\n') : said;
  return {
    text: clipMrkdwn(text, MESSAGE_TEXT_MAX),
    blocks: [markdown(clipMrkdwn(text, 3000), openTicketButton(t, ticket.number))],
  };
}

/**
 * What happened to a ticket since its kept reply (`event`): reopened (by whom, why) and resolved
 * again (by whom; closed too), or merged into another ticket, before the notice went (a
 * reopen-resolve or reopen-merge within the burst's window). Undefined when it was not reopened
 * since.
 */
function keptNoteSince(t: Translate, ticket: TicketRecord, event: TicketEvent): Mrkdwn | undefined {
  const at = ticket.timeline.indexOf(event);
  if (at < 0) return undefined;
  const after = ticket.timeline.slice(at + 1);
  const reopen = after.findLast((e) => e.action === 'reopen');
  if (!reopen) return undefined;
  const since = after.slice(after.lastIndexOf(reopen) + 1);
  const resolve = since.findLast((e) => e.action === 'resolve');
  // Merged since the reopen: closed as a duplicate, never resolved again.
  const into = ticket.mergedInto ?? since.findLast((e) => e.action === 'merge')?.into;
  const person = (id: string | undefined) => !!id && id !== SYSTEM_ACTOR && SLACK_USER.test(id);
  const who = reopenedForRevisit(reopen)
    ? 'revisit'
    : reopen.writer
      ? 'colleague'
      : !person(reopen.by)
        ? 'desk'
        : ticket.requester?.userId === reopen.by
          ? 'requester'
          : 'other';
  return t('ticket.dm.keptNoteSince', {
    who,
    by: reopen.writer ?? (person(reopen.by) ? reopen.by : ''),
    resolver: resolve && person(resolve.by) ? resolve.by : 'desk',
    closed: ticket.status === 'closed' ? 'yes' : 'no',
    merged: into ? 'yes' : 'no',
    into: into ?? '',
  });
}

/** A Slack user's id as a mention may name it (not the desk, nor an erasure's marker). */
const SLACK_USER = /^[UW][A-Z0-9]{2,}$/;

/**
 * The resolver's confirmation of an upgrade intent heard with the resolution, as Log interaction
 * says it: handed to whom (a task due when), or the file updated while its task is open.
 */
export function upgradeHandedDm(
  t: Translate,
  ticket: Pick<TicketRecord, 'number' | 'card' | 'customerName'>,
  upgrade: { created: boolean; assigneeId: string; dueDate: string },
): Message {
  const text = t(upgrade.created ? 'ticket.dm.upgradeHanded' : 'ticket.dm.upgradeUpdated', {
    number: keep(ticketLink(ticket)),
    customer: ticket.customerName,
    assignee: upgrade.assigneeId,
    date: upgrade.dueDate,
  });
  return {
    text: clipMrkdwn(text, MESSAGE_TEXT_MAX),
    blocks: [markdown(clipMrkdwn(text, 3000), openTicketButton(t, ticket.number))],
  };
}

/**
 * A hand-over at L3 to the account manager standing in for a guest owner: the owners as the
 * event found them (TicketEvent.owners; the ticket's now for one stored before they were kept),
 * so a notice written later (a replay after the owner changed) gives the reason it had then.
 */
function standInAt(
  ticket: TicketRecord,
  event: TicketEvent,
): { accountManagerId: string; guestOwner: string } | undefined {
  const { accountManagerId, guestOwner } = event.owners ?? ticket;
  if ((event.level ?? ticket.level) !== 3 || !guestOwner || event.assigneeId !== accountManagerId)
    return undefined;
  return { accountManagerId, guestOwner };
}

/**
 * The stand-in's DM that a guest owner's open ticket, written while nobody could stand in for
 * them (it named the guest), is theirs now as the account manager, with Open.
 */
export function standInTakenDm(
  t: Translate,
  ticket: Pick<TicketRecord, 'number' | 'card' | 'customerName'>,
  guest: string,
  /** Its customer handed since to `guest` from the guest nobody could stand in for. */
  handed = false,
): Message {
  const text = t(handed ? 'ticket.dm.standInTakenHanded' : 'ticket.dm.standInTaken', {
    number: keep(ticketLink(ticket)),
    customer: ticket.customerName,
    user: guest,
  });
  return {
    text: clipMrkdwn(text, MESSAGE_TEXT_MAX),
    blocks: [markdown(clipMrkdwn(text, 3000), openTicketButton(t, ticket.number))],
  };
}

/** The escalation channel's post about one escalation, with Open. */
export function escalationPost(t: Translate, ticket: TicketRecord, event: TicketEvent): Message {
  const post = t('ticket.escalation.post', {
    number: keep(ticketLink(ticket)),
    customer: ticket.customerName,
    level: event.level ?? ticket.level,
    by: event.by,
    user: event.assigneeId ?? '',
    text: maskFreeText(event.text ?? ''),
  });
  // L3 handed to a guest owner's stand-in (`guestOwner`, as at the event): the channel reads why
  // it is theirs.
  const standIn = standInAt(ticket, event);
  const text = standIn
    ? join(
        [
          post,
          t('ticket.escalation.guestOwner', {
            user: standIn.accountManagerId,
            owner: standIn.guestOwner,
          }),
        ],
        '\n',
      )
    : post;
  return {
    text: clipMrkdwn(text, MESSAGE_TEXT_MAX),
    blocks: [markdown(text, openTicketButton(t, ticket.number))],
  };
}

/** A ticket's number, linked to its card once the card is posted. */
export function ticketLink(ticket: {
  number: string;
  card?: Pick<TicketCard, 'permalink'>;
}): Mrkdwn {
  const number = escape(ticket.number);
  return ticket.card?.permalink ? link(ticket.card.permalink, number) : number;
}

/** The same in bold (list rows). */
export function ticketRef(ticket: {
  number: string;
  card?: Pick<TicketCard, 'permalink'>;
}): Mrkdwn {
  return md`*${ticketLink(ticket)}*`;
}

/** The Open button: the ticket's card, privately (from a list, a DM or App Home). */
export function openTicketButton(t: Translate, number: string): Button {
  return button({ actionId: TICKET.open, text: t.plain('ticket.button.open'), value: number });
}

/** "Customer wrote…" for ticket `number`: its modal (the card's choice of the same name). */
export function customerWroteButton(t: Translate, number: string): Button {
  return button({
    actionId: TICKET.customerWroteOpen,
    text: t.plain('ticket.button.customerWrote'),
    value: number,
  });
}

/**
 * Whom a ticket waiting on a customer outside Slack waits on, for the one who passes their answer
 * on: "Waiting on Li Lei (by Phone): record their answer with Customer wrote…" (the last part only
 * to who may). The contact, or with none on record the customer (`customerSpeaker`). Names are
 * typed text: escaped (the catalogue's parameters are).
 */
export function waitingOnContactText(
  t: Translate,
  ticket: Pick<TicketRecord, 'requester' | 'channel' | 'customerName'>,
  mayRecord: boolean,
): Mrkdwn {
  return t(mayRecord ? 'home.waiting.contact' : 'home.waiting.contactOnly', {
    name: customerSpeaker(ticket),
    via: t.plain(`ticket.channel.${ticket.requester?.via ?? ticket.channel}`),
  });
}

/**
 * Who speaks for a customer outside Slack on a ticket, as typed (plain text, at most 60
 * characters): its contact, or with none on record the customer itself.
 */
export function customerSpeaker(ticket: Pick<TicketRecord, 'requester' | 'customerName'>): string {
  return clip(ticket.requester?.contactName?.trim() || ticket.customerName, 60);
}

/**
 * The due time that comes first, "Response: 2 h 0 min of business time left, due …" ("2 h 0 min
 * left on the 24x7 clock" for a ticket counted around the clock), or paused.
 * A next reply owed (the customer wrote again after the first response) is always said, after the
 * first due time when it is not that one: "Reply: 1 h 0 min over, due …". Paused (waiting on the
 * customer), a clock already overdue is said as overdue, as the card and the digest say it, the
 * pause said once before the clocks: "paused, waiting on the customer; Resolution: overdue by
 * 2 h 0 min of business time, was due … · Reply: overdue since …".
 */
export function nextDueText(t: Translate, clock: TicketClock, timeZone: string): Mrkdwn {
  const pending = (
    [
      ['ticket.list.response', clock.response],
      ['ticket.list.resolution', clock.resolution],
      ['ticket.list.reply', clock.reply],
    ] as const
  )
    .filter((p): p is readonly [(typeof p)[0], SlaStatus] => !!p[1])
    .filter((p) => !clock.paused || p[1].breached);
  if (clock.paused && !pending.length) return t('ticket.list.paused');
  const first = pending.sort((a, b) => a[1].dueAt.getTime() - b[1].dueAt.getTime())[0];
  if (!first) return t(`ticket.status.resolved`);
  const said = (p: (typeof pending)[number]) =>
    t(p[0], {
      due: keep(
        clock.paused ? pausedOverRow(t, p[1], timeZone) : dueText(t, p[1], timeZone, false),
      ),
    });
  const reply = pending.find((p) => p[0] === 'ticket.list.reply');
  const clocks = reply && reply !== first ? join([said(first), said(reply)], ' · ') : said(first);
  return clock.paused ? t('ticket.list.pausedClocks', { clocks: keep(clocks) }) : clocks;
}

/** A list row's paused clock already past its due time: by how much, or since when. */
function pausedOverRow(t: Translate, status: SlaStatus, timeZone: string): Mrkdwn {
  const due = keep(slackTime(status.dueAt, timeZone));
  if (overdueUnderAMinute(status)) return t('ticket.list.overdueSince', { due });
  return t('ticket.list.overdueBy', {
    due,
    over: keep(duration(t, -status.remainingMinutes)),
    clock: clockWords(status.aroundTheClock),
  });
}

/** Who holds a ticket, as its `viewer` reads it: "you" for their own, else a mention. */
function holderText(t: Translate, assigneeId: string | undefined, viewer: string): Mrkdwn {
  if (!assigneeId) return t('ticket.card.unassigned');
  return assigneeId === viewer ? t('ticket.list.heldByYou') : mention(assigneeId);
}

/**
 * One ticket in a list: number (linked, unless `unlinked`: a guest's Home, whose reader never
 * sees the triage card), severity, title, customer, what is due, assignee ("you" to the `viewer`
 * who holds it).
 */
export function ticketRow(
  t: Translate,
  view: TicketView,
  timeZone: string,
  viewer: string,
  unlinked = false,
): Mrkdwn {
  const k = view.ticket;
  const ref = unlinked ? md`*${escape(k.number)}*` : ticketRef(k);
  return clipMrkdwn(
    md`${escape(SEVERITY_ICON[k.severity])} ${ref} ${escapeClipped(maskFreeText(k.title), 80)} · ${escapeClipped(k.customerName, 40)}
${nextDueText(t, view.clock, timeZone)} · ${holderText(t, k.assigneeId, viewer)}`,
    SECTION_TEXT_MAX,
  );
}

/** What a list row or a Home row shows: the ticket and its clocks now. */
export interface TicketView {
  ticket: TicketRecord;
  clock: TicketClock;
  /**
   * A Home row of a ticket waiting on a customer outside Slack its reader filed: the row names
   * the contact (or, with none on record, the customer), and "Customer wrote…" is its button when the reader may record their answer.
   */
  relay?: { mayRecord: boolean };
}

/** A list row: with the card actions its reader may take (`readerCardActions`), Claim among them. */
export interface TicketListRow extends TicketView {
  actions: readonly CardAction[];
}

/** Rows a list page shows. */
export const LIST_PAGE_SIZE = 10;

/**
 * A page of a ticket list: each ticket with what is due first and its assignee, Open (and Claim
 * while it is new, to who may claim it), and Previous / Next when there is more. The buttons
 * replace the message.
 */
export function ticketList(
  t: Translate,
  input: {
    kind: TicketListKind;
    rows: TicketListRow[];
    total: number;
    offset: number;
    /** The page asked for was past the end (the list changed since): this, its last, instead. */
    shifted?: boolean;
    timeZone: string;
    /** Who reads the list: the tickets they hold say "you". */
    viewer: string;
    /** What an empty list suggests: claiming (to who may), opening one, or nothing. */
    next?: 'claim' | 'open' | 'none';
  },
): Message {
  const { kind, rows, total, offset } = input;
  const heading = t(`ticket.list.${kind}`, { total });
  if (!rows.length)
    return {
      text: heading,
      blocks: [
        markdown(md`*${heading}*`),
        context(t(`ticket.list.none.${kind}`, { next: input.next ?? 'claim' })),
      ],
    };
  const blocks: Block[] = [markdown(md`*${heading}*`)];
  if (input.shifted) blocks.push(context(t('ticket.list.shifted')));
  rows.forEach((view, i) => {
    const claimable = view.actions.includes('claim');
    blocks.push(markdown(ticketRow(t, view, input.timeZone, input.viewer)));
    blocks.push(
      actions(`ticket_row_${offset + i}`, [
        openTicketButton(t, view.ticket.number),
        ...(claimable
          ? [
              button({
                actionId: TICKET.claim,
                text: t.plain('ticket.button.claim'),
                value: view.ticket.number,
                style: 'primary',
              }),
            ]
          : []),
      ]),
    );
  });
  blocks.push(
    context(t('ticket.list.page', { from: offset + 1, to: offset + rows.length, total })),
  );
  const nav: Button[] = [];
  // Keyset: the rows before this page's first / after its last (`kind:b|a:<dueAt ms | ->:<number>`),
  // so a ticket closed before the page meanwhile shifts nothing.
  const at = (dir: 'a' | 'b', ticket: TicketRecord) =>
    `${kind}:${dir}:${ticket.dueAt?.getTime() ?? '-'}:${ticket.number}`;
  if (offset > 0)
    nav.push(
      button({
        actionId: TICKET.listPrevious,
        text: t.plain('ticket.list.previous'),
        value: at('b', rows[0]!.ticket),
      }),
    );
  if (offset + rows.length < total)
    nav.push(
      button({
        actionId: TICKET.listPage,
        text: t.plain('ticket.list.next'),
        value: at('a', rows.at(-1)!.ticket),
        style: 'primary',
      }),
    );
  if (nav.length) blocks.push(actions('ticket_list_nav', nav));
  return { text: heading, blocks };
}

/**
 * The Open button's answer where no message can be (App Home): the card in a modal, without its
 * action buttons, and a link to the card and its thread.
 */
export function ticketModalView(t: Translate, card: Message, ticket: TicketRecord): ModalView {
  const blocks: Block[] = [
    ...card.blocks.filter((b) => b.type !== 'actions'),
    context(
      ticket.card.permalink
        ? link(ticket.card.permalink, t('ticket.open.card'))
        : t('ticket.open.noCard'),
    ),
  ];
  return {
    type: 'modal',
    title: plain(t.plain('ticket.open.title'), 24),
    close: plain(t.plain('modal.close'), 24),
    blocks,
  };
}

/** What an action modal needs to name its ticket. */
export type ModalTicket = Pick<
  TicketRecord,
  'number' | 'title' | 'customerName' | 'customerCode' | 'severity'
> &
  Partial<Pick<TicketRecord, 'complaint'>>;

/** The ticket an action modal acts on: number and title, then customer and severity. */
export function aboutTicket(t: Translate, ticket: ModalTicket): Block {
  return markdown(
    md`*${escape(ticket.number)}* · ${escapeClipped(maskFreeText(ticket.title), 150)}\n${t('customer.nameCode', { name: keep(escapeClipped(ticket.customerName, 100)), code: ticket.customerCode })} · ${escape(SEVERITY_ICON[ticket.severity])} ${t(`ticket.severity.${ticket.severity}`)}`,
  );
}

/** An action modal: titled with the ticket's number, its first block the ticket, its submit
 * button saying what it does (the ticket's actions here, and src/ui/requester.ts's). */
export function actionModal(
  t: Translate,
  spec: {
    callbackId: string;
    title: MessageKey;
    submit: MessageKey;
    ticket: ModalTicket;
    metadata: string;
    blocks: Block[];
  },
): ModalView {
  return formModal(t, {
    callbackId: spec.callbackId,
    title: spec.title,
    titleParams: { number: spec.ticket.number },
    submit: spec.submit,
    metadata: spec.metadata,
    blocks: [aboutTicket(t, spec.ticket), ...spec.blocks],
  });
}

export function reassignModal(
  t: Translate,
  input: { metadata: string; ticket: ModalTicket },
): ModalView {
  return actionModal(t, {
    callbackId: TICKET.reassignView,
    title: 'ticket.modal.reassignTitle',
    submit: 'ticket.modal.reassignSubmit',
    ...input,
    blocks: [
      inputBlock(
        {
          block: 'assignee',
          label: t.plain('ticket.field.newAssignee'),
          placeholder: t.plain('form.placeholder.person'),
        },
        { type: 'users_select' },
      ),
    ],
  });
}

/** Escalation: to L2 an expert is picked here; to L3 it goes to the account manager. */
export function escalateModal(
  t: Translate,
  input: {
    metadata: string;
    ticket: ModalTicket;
    nextLevel: number;
    accountManagerId: string;
    /** The customer's owner, a guest, `accountManagerId` standing in for them (TicketRecord). */
    guestOwner?: string | undefined;
    /** The expert the desk would pick (by skill, then load), preselected. */
    suggested?: string;
  },
): ModalView {
  const blocks: Block[] = [
    textInput(
      {
        block: 'reason',
        label: t.plain('ticket.field.reason'),
        placeholder: t.plain('ticket.placeholder.reason'),
      },
      undefined,
      { multiline: true, max: 1000 },
    ),
  ];
  if (input.nextLevel === 2)
    blocks.push(
      inputBlock(
        {
          block: 'expert',
          label: t.plain('ticket.field.expert'),
          optional: true,
          hint: t.plain('ticket.hint.expertAuto'),
          placeholder: t.plain('form.placeholder.person'),
        },
        { type: 'users_select', ...(input.suggested ? { initial_user: input.suggested } : {}) },
      ),
    );
  else
    blocks.push(
      context(
        input.guestOwner
          ? t('ticket.modal.escalateToL3GuestOwner', {
              user: input.accountManagerId,
              owner: input.guestOwner,
            })
          : t('ticket.modal.escalateToL3', { user: input.accountManagerId }),
      ),
    );
  return actionModal(t, {
    callbackId: TICKET.escalateView,
    title: 'ticket.modal.escalateTitle',
    submit: 'ticket.modal.escalateSubmit',
    ticket: input.ticket,
    metadata: input.metadata,
    blocks,
  });
}

export function noteModal(
  t: Translate,
  input: { metadata: string; ticket: ModalTicket },
): ModalView {
  return actionModal(t, {
    callbackId: TICKET.noteView,
    title: 'ticket.modal.noteTitle',
    submit: 'ticket.modal.noteSubmit',
    ...input,
    blocks: [
      textInput(
        {
          block: 'note',
          label: t.plain('ticket.field.note'),
          placeholder: t.plain('ticket.placeholder.note'),
        },
        undefined,
        { multiline: true, max: 2000 },
      ),
    ],
  });
}

export function resolveModal(
  t: Translate,
  input: {
    metadata: string;
    ticket: ModalTicket & Partial<Pick<TicketRecord, 'requester' | 'conversation'>>;
    /** A complaint's contact owed no more (its customer erased whole): said above the form. */
    contactWaived?: boolean;
    /** A complaint tried and not reached, resolved by a manager: why, asked (required). */
    uncontacted?: boolean;
  },
): ModalView {
  const { contactWaived, uncontacted, ...spec } = input;
  return actionModal(t, {
    callbackId: TICKET.resolveView,
    title: 'ticket.modal.resolveTitle',
    submit: 'ticket.modal.resolveSubmit',
    ...spec,
    blocks: [
      ...(contactWaived ? [context(t('ticket.modal.resolveContactWaived'))] : []),
      ...(uncontacted
        ? [
            textInput(
              {
                block: 'uncontacted_reason',
                label: t.plain('ticket.field.uncontactedReason'),
                hint: t.plain('ticket.hint.uncontactedReason'),
              },
              undefined,
              { multiline: true, max: 1000 },
            ),
          ]
        : []),
      textInput(
        {
          block: 'resolution',
          label: t.plain('ticket.field.resolution'),
          placeholder: t.plain('ticket.placeholder.resolution'),
          // The requester in Slack is sent the summary with "resolved" (#10): said before it is.
          ...(requesterInSlack(input.ticket)
            ? { hint: t.plain('ticket.modal.resolveToRequester') }
            : {}),
        },
        undefined,
        { multiline: true, max: 2000 },
      ),
      // A complaint is resolved with its root cause and corrective action (#12); reopened, with
      // those of its last resolution filled in, to confirm or change.
      ...(input.ticket.complaint
        ? [
            selectInput(
              { block: 'root_cause', label: t.plain('ticket.field.rootCause') },
              options(t, ROOT_CAUSES, 'complaint.rootCause'),
              input.ticket.complaint.rootCause,
            ),
            textInput(
              {
                block: 'root_cause_text',
                label: t.plain('ticket.field.rootCauseText'),
                optional: true,
              },
              input.ticket.complaint.rootCauseText,
              { multiline: true, max: 1000 },
            ),
            textInput(
              {
                block: 'corrective_action',
                label: t.plain('ticket.field.correctiveAction'),
                placeholder: t.plain('ticket.placeholder.correctiveAction'),
              },
              input.ticket.complaint.correctiveAction,
              { multiline: true, max: 2000 },
            ),
          ]
        : []),
      // An upgrade intent heard on the ticket goes to sales, as from Log interaction.
      ...upgradeIntentInputs(t),
    ],
  });
}

/**
 * Merge into…: the ticket this one duplicates, typed by its number (`T…`: ticket numbers are
 * typed everywhere else too, `/ticket T…`), and an optional note; said before it is what the
 * merge does (closed, not resolved; its requester told).
 */
export function mergeModal(
  t: Translate,
  input: { metadata: string; ticket: ModalTicket },
): ModalView {
  return actionModal(t, {
    callbackId: TICKET.mergeView,
    title: 'ticket.modal.mergeTitle',
    submit: 'ticket.modal.mergeSubmit',
    ...input,
    blocks: [
      textInput(
        {
          block: 'target',
          label: t.plain('ticket.field.mergeTarget'),
          placeholder: t.plain('ticket.placeholder.mergeTarget'),
          hint: t.plain('ticket.hint.merge'),
        },
        undefined,
        { max: 20 },
      ),
      textInput({ block: 'note', label: t.plain('ticket.field.note'), optional: true }, undefined, {
        multiline: true,
        max: 2000,
      }),
    ],
  });
}

/**
 * Followers… (the assignee or a manager): who follows the ticket, the current followers picked
 * already; the submit replaces them (FOLLOWERS_MAX at most, never the requester nor the assignee).
 */
export function followersModal(
  t: Translate,
  input: { metadata: string; ticket: ModalTicket; followers: readonly string[] },
): ModalView {
  return actionModal(t, {
    callbackId: TICKET.followersView,
    title: 'ticket.modal.followersTitle',
    submit: 'ticket.modal.followersSubmit',
    metadata: input.metadata,
    ticket: input.ticket,
    blocks: [
      inputBlock(
        {
          block: 'followers',
          label: t.plain('ticket.field.followers'),
          hint: t.plain('ticket.hint.followers', { max: FOLLOWERS_MAX }),
          optional: true,
        },
        {
          type: 'multi_users_select',
          max_selected_items: FOLLOWERS_MAX,
          ...(input.followers.length ? { initial_users: [...input.followers] } : {}),
        },
      ),
    ],
  });
}

/**
 * Classify… (the assignee, whoever may take it, a manager): the ticket's type, severity and, for
 * a complaint, its urgency, as they are now; choosing another type shows or drops the urgency
 * (TICKET.typeChanged, as in the New ticket modal). Said first: the targets are counted again
 * from the receipt.
 */
export function classifyModal(
  t: Translate,
  input: {
    metadata: string;
    ticket: ModalTicket & Pick<TicketRecord, 'type'>;
  },
): ModalView {
  const { ticket } = input;
  return actionModal(t, {
    callbackId: TICKET.classifyView,
    title: 'ticket.modal.classifyTitle',
    submit: 'ticket.modal.classifySubmit',
    ...input,
    blocks: [
      context(t('ticket.hint.classify')),
      typeInput(t, ticket.type),
      selectInput(
        { block: 'severity', label: t.plain('ticket.field.severity') },
        options(t, SEVERITIES, 'ticket.severity'),
        ticket.severity,
      ),
      ...(ticket.type === 'complaint'
        ? [complaintUrgencyInput(t, ticket.complaint?.urgency ?? 'general')]
        : []),
    ],
  });
}

/** A demand's plan and dates (manual B: within 3 working days). */
export function planModal(
  t: Translate,
  input: { metadata: string; ticket: ModalTicket },
): ModalView {
  return actionModal(t, {
    callbackId: TICKET.planView,
    title: 'ticket.modal.planTitle',
    submit: 'ticket.modal.planSubmit',
    ...input,
    blocks: [
      textInput({ block: 'plan_summary', label: t.plain('ticket.field.planSummary') }, undefined, {
        multiline: true,
        max: 2000,
      }),
      textInput(
        {
          block: 'plan_dates',
          label: t.plain('ticket.field.planDates'),
          placeholder: t.plain('ticket.placeholder.planDates'),
        },
        undefined,
        { multiline: true, max: 1000 },
      ),
    ],
  });
}
