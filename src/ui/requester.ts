/**
 * What the person who reported a ticket reads (#10): the notices in the ticket's conversation
 * thread or their DM, the satisfaction survey, and the agent's modals that speak to them (the
 * question of Waiting on customer, Log response, the delay notice and progress note drafts).
 * Pure builders: data in, blocks out. The requester never sees the triage card, so numbers are
 * never linked to it here.
 */
import type { ModalView } from '@slack/types';
import { maskFreeText } from '../privacy/free-text.js';
import type { MessageKey, Translate } from '../i18n/index.js';
import { SYSTEM_ACTOR } from '../context.js';
import { REOPEN_DAYS } from '../permissions.js';
import { DM_ANSWER_LISTED, type DmAnswered } from '../ticket/types.js';
import type {
  DraftKind,
  MergedEnd,
  RequesterStep,
  RequesterTicket,
  TicketEvent,
  TicketRecord,
} from '../ticket/types.js';
import { clip } from '../text/clip.js';
import {
  actions,
  button,
  context,
  header,
  markdown,
  plain,
  MESSAGE_TEXT_MAX,
  SECTION_TEXT_MAX,
  textSections,
  type Block,
  type Message,
} from './blocks.js';
import { REQUESTER, TICKET } from './ids.js';
import {
  actionModal,
  clockWords,
  customerSpeaker,
  ticketLink,
  type ModalTicket,
} from './ticket.js';
import { dateInput, formModal, inputBlock, option, selectInput, textInput } from './inputs.js';
import { formatDay, zoneName } from './format.js';
import { clipMrkdwn, escapeClipped, join, keep, md, slackTime, type Mrkdwn } from './text.js';

/** How an agent answered a customer outside Slack ("Log response"). */
export const RESPONSE_VIAS = ['phone', 'email', 'wechat', 'visit'] as const;
export type ResponseVia = (typeof RESPONSE_VIAS)[number];

/** Where a notice goes decides its wording: a reply in the thread, or a DM. */
export type Place = 'thread' | 'dm';

function message(text: Mrkdwn, ...more: Block[]): Message {
  return {
    text: clipMrkdwn(text, MESSAGE_TEXT_MAX),
    blocks: [markdown(clipMrkdwn(text, SECTION_TEXT_MAX)), ...more],
  };
}

/**
 * A business-time target in words people read: "2 hours", "1 day" is not said (business days
 * differ per workspace), "1 hour 30 minutes", "45 minutes".
 */
export function targetWords(t: Translate, minutes: number): Mrkdwn {
  // Rounded whole first: 119.6 minutes read "2 hours", not "1 hour 60 minutes".
  const total = Math.round(minutes);
  const h = Math.floor(total / 60);
  const m = total % 60;
  if (!h) return t('requester.target.minutes', { m });
  if (!m) return t('requester.target.hours', { h });
  return t('requester.target.hoursMinutes', { h, m });
}

/**
 * A title as quoted in a sentence of its own: a full stop it ends in is dropped, for the sentence's
 * own follows the closing quote (“…not acceptable.”. read doubled). An ellipsis is kept.
 */
function quotedTitle(title: string): string {
  const bare = title.trimEnd().replace(/(?<!\.)\.$|[。．]$/u, '');
  return bare || title;
}

/**
 * "We have your request": the number, what happens next, and the response target; for a
 * complaint, "we contact you" by the sooner of its first-response target and the contact its
 * urgency sets (一般 24 h / 紧急 4 h / 特急 1 h by default, the workspace's complaint settings:
 * the account manager's contact task and its breach alert). The target in working time, or in
 * hours for a ticket counted around the clock (24x7: `clockWords`). A due time not after `now`
 * (a request received days before it was filed, a customer channel's message handled late, the
 * notice held by quiet hours past it: drawn again as it goes out) is not promised: "as soon as
 * possible", with the usual target, never "by" a time already past.
 */
export function receivedNotice(
  t: Translate,
  from: ReceivedFrom,
  due: { timeZone: string; now: Date },
): Message {
  const clock = clockWords(from.sla.aroundTheClock);
  const past = (when: Date) => (when <= due.now ? 'yes' : 'no');
  const complaint = from.complaint;
  // Kept on an outbox entry (`ReceivedFrom`): its times as a date or as written to JSON.
  const responseDueAt = from.responseDueAt === undefined ? undefined : new Date(from.responseDueAt);
  if (complaint) {
    const contactDueAt = new Date(complaint.contactDueAt);
    // The sooner of the two promises the desk keeps: its first response (severity x tier) or the
    // complaint's contact (urgency); a general complaint's 24 h is never promised over an 8 h answer.
    const responseFirst = responseDueAt !== undefined && responseDueAt < contactDueAt;
    const when = responseFirst ? responseDueAt : contactDueAt;
    return message(
      t('requester.received.complaint', {
        number: from.number,
        title: quotedTitle(from.title),
        target: keep(
          targetWords(t, responseFirst ? from.sla.responseMinutes : complaint.contactMinutes),
        ),
        due: keep(slackTime(when, due.timeZone)),
        clock,
        past: past(when),
      }),
    );
  }
  const text = t('requester.received', {
    number: from.number,
    title: quotedTitle(from.title),
    target: keep(targetWords(t, from.sla.responseMinutes)),
    due: responseDueAt ? keep(slackTime(responseDueAt, due.timeZone)) : '-',
    clock,
    past: responseDueAt ? past(responseDueAt) : 'no',
  });
  return message(text);
}

/**
 * What "We have your request" is drawn from (`receivedNotice`): the ticket as filed, with its
 * first-response due time (`responseDueAt`) and, for a complaint with a contact target, the
 * contact's. Kept on its outbox entry (OutboxData's `received`), so that it is drawn again as it
 * goes out, against the time then: held by quiet hours (or Slack failing) past the due time it
 * names, it says "as soon as possible", not "(by …)".
 */
export interface ReceivedFrom {
  number: string;
  title: string;
  sla: Pick<TicketRecord['sla'], 'responseMinutes' | 'aroundTheClock'>;
  responseDueAt?: Date;
  complaint?: { contactMinutes: number; contactDueAt: Date };
}

/** A ticket's `ReceivedFrom`, its first response due by `responseDueAt`. */
export function receivedFrom(
  ticket: Pick<TicketRecord, 'number' | 'title' | 'sla' | 'complaint'>,
  responseDueAt: Date | undefined,
): ReceivedFrom {
  const { complaint } = ticket;
  return {
    number: ticket.number,
    title: ticket.title,
    sla: { responseMinutes: ticket.sla.responseMinutes, aroundTheClock: ticket.sla.aroundTheClock },
    ...(responseDueAt ? { responseDueAt } : {}),
    ...(complaint?.contactMinutes !== undefined
      ? {
          complaint: {
            contactMinutes: complaint.contactMinutes,
            contactDueAt: complaint.contactDueAt,
          },
        }
      : {}),
  };
}

/**
 * One step of the ticket, told to the requester; null for steps they are not told of (notes,
 * resumes, closing, the desk's own escalations without a person).
 */
export function eventNotice(
  t: Translate,
  ticket: TicketRecord,
  event: TicketEvent,
  place: Place,
): Message | null {
  const number = ticket.number;
  switch (event.action) {
    case 'claim':
    case 'reassign':
    case 'escalate':
      if (!event.assigneeId || event.assigneeId === SYSTEM_ACTOR) return null;
      return message(
        t(event.action === 'claim' ? 'requester.taken' : 'requester.handedOver', {
          number,
          user: event.assigneeId,
        }),
      );
    case 'wait':
      return message(
        t(place === 'thread' ? 'requester.waiting.thread' : 'requester.waiting.dm', {
          number,
          by: event.by,
          question: event.text ?? '',
        }),
      );
    case 'resolve': {
      // A requester in Slack reopens with the button (a reply in a DM is not read as one); in
      // the thread a reply does too, for whoever of the customer's writes it.
      const text = t(place === 'thread' ? 'requester.resolved.thread' : 'requester.resolved.dm', {
        number,
        summary: event.text ?? '',
        days: REOPEN_DAYS,
      });
      if (!ticket.requester?.userId) return message(text);
      return message(
        text,
        actions('reopen', [
          button({
            actionId: REQUESTER.reopen,
            text: t.plain('requester.reopen.button'),
            value: number,
          }),
        ]),
      );
    }
    case 'reopen':
      return message(t('requester.reopened', { number }));
    case 'merge': {
      // As their role on its target words it (mergeReach): its assignee carries on with it; they
      // hear of it only when it reaches them, and where (its thread, else by DM); nothing when it
      // had no room, they were not added, or who follows it is not known.
      return message(
        t('requester.merged', {
          number,
          into: event.into ?? '',
          follows: mergeReach(event, ticket.requester?.userId),
          channel: event.intoReach?.requester?.channel ?? '',
        }),
      );
    }
    default:
      return null;
  }
}

/**
 * How a merge's target reaches `user` after it (TicketEvent.intoReach), by their role on the
 * target first, whatever theirs on the duplicate (its requester or a follower): the one place
 * that words a merge for each person, its requester's notice and a follower's alike. They are
 * its assignee (every step theirs), its requester told in its conversation thread (`thread`) or
 * by DM (`dm`), one of its followers (`follower`, by DM), not told (`no`); or who it reaches is
 * not known (`unknown`).
 */
export function mergeReach(
  event: Pick<TicketEvent, 'intoReach'>,
  user: string | undefined,
): 'assignee' | 'thread' | 'dm' | 'follower' | 'no' | 'unknown' {
  const reach = event.intoReach;
  if (!reach) return 'unknown';
  if (!user) return 'no';
  if (user === reach.assigneeId) return 'assignee';
  if (user === reach.requester?.userId) return reach.requester.channel ? 'thread' : 'dm';
  return reach.following.includes(user) ? 'follower' : 'no';
}

/** The "Stop following" / "Follow" button of a ticket (its value: the number). */
export function followButton(t: Translate, number: string, following: boolean) {
  return button({
    actionId: following ? REQUESTER.unfollow : REQUESTER.follow,
    text: t.plain(following ? 'follower.unfollow.button' : 'follower.follow.button'),
    value: number,
  });
}

/**
 * A step of a ticket as a follower is told it by DM (the requester's notices, in a third
 * person's words), with why they get it and their "Stop following"; null for what the requester
 * is not told either (a note, a close, a resume). A merge says they follow its target only when
 * `user` does (TicketEvent.intoReach), not when it had no room or they were not added, tells its
 * assignee it is theirs and its requester where they hear of it (mergeReach).
 */
export function followerNotice(
  t: Translate,
  ticket: TicketRecord,
  event: TicketEvent,
  user?: string,
  /** How the follower reads the step's text (`ticketTextFor`): masked unless said otherwise. */
  shown: (typed: string) => string = maskFreeText,
): Message | null {
  const number = ticket.number;
  let text: Mrkdwn;
  switch (event.action) {
    case 'claim':
    case 'reassign':
    case 'escalate':
      if (!event.assigneeId || event.assigneeId === SYSTEM_ACTOR) return null;
      text = t(event.action === 'claim' ? 'follower.taken' : 'follower.handedOver', {
        number,
        user: event.assigneeId,
      });
      break;
    case 'wait':
      text = t('follower.waiting', { number, by: event.by, question: shown(event.text ?? '') });
      break;
    case 'resolve':
      text = t('follower.resolved', { number, summary: shown(event.text ?? '') });
      break;
    case 'reopen':
      text = t('follower.reopened', { number });
      break;
    case 'merge':
      // As their role on its target words it (mergeReach): its assignee is told it is theirs,
      // its requester where they hear of it, not that they follow it.
      text = t('follower.merged', {
        number,
        into: event.into ?? '',
        follows: mergeReach(event, user),
        channel: event.intoReach?.requester?.channel ?? '',
      });
      break;
    default:
      return null;
  }
  return message(
    text,
    context(t('follower.why', { number, title: maskFreeText(ticket.title) })),
    actions('follow', [followButton(t, number, true)]),
  );
}

/**
 * What a person added to a ticket's followers (Followers…) is told once by DM: they follow it
 * now, who added them (`by`; unknown once that person was erased: worded without them), why they
 * get its steps, and their "Stop following".
 */
export function followerAddedNotice(t: Translate, ticket: TicketRecord, by?: string): Message {
  const number = ticket.number;
  return message(
    by ? t('follower.added', { number, by }) : t('follower.addedByErased', { number }),
    context(t('follower.why', { number, title: maskFreeText(ticket.title) })),
    actions('follow', [followButton(t, number, true)]),
  );
}

/** The answer to a requester's message in their DM with the app (DmAnswered). */
export function dmAnswerMessage(t: Translate, answered: DmAnswered): Message {
  const numbers = (list: TicketRecord[]) =>
    list.map((x) => x.number).join(t.plain('common.listSeparator'));
  if ('resumed' in answered)
    return message(t('requester.dmAnswer.resumed', { number: answered.resumed.number }));
  if ('several' in answered)
    return message(t('requester.dmAnswer.several', { numbers: numbers(answered.several) }));
  if ('added' in answered)
    return message(t('requester.dmAnswer.added', { number: answered.added.number }));
  if ('closed' in answered && answered.merged)
    return message(
      t('requester.dmAnswer.merged', {
        latest: answered.latest ? 'yes' : 'no',
        number: answered.closed.number,
        title: maskFreeText(quotedTitle(answered.closed.title)),
        into: answered.merged.into,
        role: answered.merged.role,
      }),
    );
  if ('closed' in answered)
    return message(
      answered.latest
        ? t('requester.dmAnswer.closedLatest', {
            number: answered.closed.number,
            title: maskFreeText(quotedTitle(answered.closed.title)),
          })
        : t('requester.dmAnswer.closed', { number: answered.closed.number }),
    );
  if ('resolved' in answered)
    return message(
      t('requester.dmAnswer.resolved', {
        count: answered.resolved.length,
        numbers: numbers(answered.resolved),
        days: REOPEN_DAYS,
      }),
    );
  const listed = answered.open.slice(0, DM_ANSWER_LISTED);
  const more = answered.total - listed.length;
  return message(
    join(
      [
        t('requester.dmAnswer.open', { count: answered.total }),
        ...listed.map((x) =>
          t('requester.dmAnswer.openRow', { number: x.number, title: maskFreeText(x.title) }),
        ),
        ...(more > 0 ? [t('requester.dmAnswer.openMore', { more })] : []),
        t('requester.dmAnswer.openHow'),
      ],
      '\n',
    ),
  );
}

/** The question an agent asks when the ticket waits on a requester in Slack. */
export function waitModal(
  t: Translate,
  input: {
    metadata: string;
    ticket: ModalTicket;
  } & SavedReplyInput,
): ModalView {
  return actionModal(t, {
    callbackId: TICKET.waitView,
    title: 'requester.wait.title',
    submit: 'requester.wait.submit',
    ticket: input.ticket,
    metadata: input.metadata,
    blocks: [
      markdown(t('requester.wait.intro')),
      ...savedReplyMenu(t, input),
      textInput(
        {
          block: messageBlockId(WAIT_MESSAGE, input.revision),
          label: t.plain('requester.wait.question'),
          placeholder: t.plain('requester.wait.placeholder'),
        },
        input.text,
        { multiline: true, max: MESSAGE_TO_REQUESTER_MAX },
      ),
    ],
  });
}

/** Log response's labels. */
const LOG_RESPONSE_KEYS = {
  title: 'requester.log.title',
  submit: 'requester.log.submit',
  intro: 'requester.log.intro',
  via: 'requester.log.via',
  date: 'requester.log.date',
  time: 'requester.log.time',
  said: 'requester.log.said',
  placeholder: 'requester.log.placeholder',
} as const;

/** Customer wrote's labels. */
const CUSTOMER_WROTE_KEYS = {
  title: 'ticket.wrote.title',
  submit: 'ticket.wrote.submit',
  intro: 'ticket.wrote.intro',
  via: 'ticket.wrote.via',
  date: 'ticket.wrote.date',
  time: 'ticket.wrote.time',
  said: 'ticket.wrote.said',
  placeholder: 'ticket.wrote.placeholder',
} as const;

/**
 * The blocks of a modal that records what was said with a customer outside Slack: how (`via`,
 * `initialVia` first), when (a date and a time in the workspace's zone) and what, under the
 * labels of `keys` (LOG_RESPONSE_KEYS or CUSTOMER_WROTE_KEYS).
 */
function whatWasSaidModal(
  t: Translate,
  keys: typeof LOG_RESPONSE_KEYS | typeof CUSTOMER_WROTE_KEYS,
  input: {
    callbackId: string;
    metadata: string;
    ticket: ModalTicket;
    date: string;
    time: string;
    timeZone: string;
  },
  initialVia: string,
  /** The intro's parameters (Customer wrote's names who spoke). */
  introParams: Record<string, string> = {},
): ModalView {
  const vias = RESPONSE_VIAS.map((v) => option(t.plain(`ticket.channel.${v}`), v));
  const initial = (RESPONSE_VIAS as readonly string[]).includes(initialVia) ? initialVia : 'phone';
  return actionModal(t, {
    callbackId: input.callbackId,
    title: keys.title,
    submit: keys.submit,
    ticket: input.ticket,
    metadata: input.metadata,
    blocks: [
      markdown(t(keys.intro, introParams)),
      selectInput({ block: 'via', label: t.plain(keys.via) }, vias, initial),
      dateInput({ block: 'date', label: t.plain(keys.date) }, input.date),
      inputBlock(
        { block: 'time', label: t.plain(keys.time, { timeZone: zoneName(t, input.timeZone) }) },
        { type: 'timepicker', initial_time: input.time, timezone: input.timeZone },
      ),
      textInput(
        {
          block: 'said',
          label: t.plain(keys.said),
          placeholder: t.plain(keys.placeholder),
        },
        undefined,
        { multiline: true, max: 2000 },
      ),
    ],
  });
}

/** "Log response": how the customer outside Slack was answered, when, and what was said. */
export function logResponseModal(
  t: Translate,
  input: {
    metadata: string;
    ticket: ModalTicket & Pick<TicketRecord, 'channel'>;
    date: string;
    time: string;
    timeZone: string;
  },
): ModalView {
  return whatWasSaidModal(
    t,
    LOG_RESPONSE_KEYS,
    { ...input, callbackId: TICKET.logResponseView },
    input.ticket.channel,
  );
}

/**
 * "Customer wrote…": what a customer outside Slack said to the desk (a call, an email, WeChat, a
 * visit), how and when, recorded as their words: a next reply is owed from then. Its intro names
 * who spoke: the contact, or with none on record the customer.
 */
export function customerWroteModal(
  t: Translate,
  input: {
    metadata: string;
    ticket: ModalTicket & Pick<TicketRecord, 'channel' | 'requester'>;
    date: string;
    time: string;
    timeZone: string;
  },
): ModalView {
  return whatWasSaidModal(
    t,
    CUSTOMER_WROTE_KEYS,
    { ...input, callbackId: TICKET.customerWroteView },
    input.ticket.requester?.via ?? input.ticket.channel,
    { who: customerSpeaker(input.ticket) },
  );
}

/** The survey after a resolution: satisfaction 1-5 as buttons; the value says ticket and score. */
export function surveyMessage(
  t: Translate,
  ticket: Pick<TicketRecord, 'number' | 'id'>,
  reminder = false,
): Message {
  const text = t(reminder ? 'requester.survey.reminder' : 'requester.survey.ask', {
    number: ticket.number,
  });
  const buttons = [1, 2, 3, 4, 5].map((score) =>
    button({
      actionId: `${REQUESTER.surveyScore}_${score}`,
      text: t.plain(`requester.survey.score${score}` as MessageKey),
      value: `${ticket.id}:${score}`,
    }),
  );
  return message(text, actions('survey', buttons), context(t('requester.survey.note')));
}

/**
 * The survey's second step: NPS 0-10 and a comment, both optional; opened again (the score
 * changed), with what was given before, so that sending it again keeps them.
 */
export function surveyModal(
  t: Translate,
  input: {
    metadata: string;
    number: string;
    satisfaction: number;
    nps?: number | undefined;
    comment?: string | undefined;
  },
): ModalView {
  const scores = Array.from({ length: 11 }, (_, n) => option(String(n), String(n)));
  const given = scores.find((o) => o.value === String(input.nps));
  return formModal(t, {
    callbackId: REQUESTER.surveyView,
    title: 'requester.survey.title',
    titleParams: { number: input.number },
    submit: 'requester.survey.submit',
    metadata: input.metadata,
    blocks: [
      markdown(
        t('requester.survey.thanks', {
          number: input.number,
          label: t.plain(`requester.survey.score${input.satisfaction}` as MessageKey),
        }),
      ),
      inputBlock(
        { block: 'nps', label: t.plain('requester.survey.nps'), optional: true },
        { type: 'static_select', options: scores, ...(given ? { initial_option: given } : {}) },
      ),
      textInput(
        { block: 'comment', label: t.plain('requester.survey.comment'), optional: true },
        input.comment,
        { multiline: true, max: 2000 },
      ),
    ],
  });
}

/**
 * The draft an assignee is given: a delay notice or a progress note, with Send to requester. A
 * delay notice says the target will be missed, or (`missed`: drafted at the breach) that it was,
 * or (`promised`: the date the last delay notice gave the requester, passed) that it passed.
 */
export function draftMessage(
  t: Translate,
  ticket: Pick<TicketRecord, 'number' | 'title' | 'customerName'>,
  kind: 'delay' | 'progress',
  proposal: {
    newDue?: Date;
    timeZone: string;
    value: string;
    missed?: boolean;
    promised?: string;
  },
): Message {
  const key =
    kind === 'progress'
      ? 'requester.draft.progress'
      : proposal.promised
        ? 'requester.draft.promiseMissed'
        : proposal.missed
          ? 'requester.draft.delayMissed'
          : 'requester.draft.delay';
  const text = t(key, {
    number: ticket.number,
    // A DM: typed phones and emails masked, as in every post (the Open view shows them).
    title: maskFreeText(ticket.title),
    customer: ticket.customerName,
    due: proposal.newDue ? keep(slackTime(proposal.newDue, proposal.timeZone)) : '-',
    date: proposal.promised ? formatDay(proposal.promised, t.locale) : '-',
  });
  return message(
    text,
    actions('draft', [
      button({
        actionId: REQUESTER.draftOpen,
        text: t.plain('requester.draft.open'),
        value: proposal.value,
        style: 'primary',
      }),
    ]),
  );
}

/**
 * What a modal whose text reaches the requester (the delay notice / progress note draft, the
 * Wait question) takes for its saved reply menu.
 */
export interface SavedReplyInput {
  /** The message input's text (undefined: empty). */
  text?: string | undefined;
  /** The workspace's saved replies (`/desk settings replies`): a menu above the text when any. */
  replies?: readonly { id: string; title: string }[];
  /**
   * Drawn again with a saved reply's text: Slack keeps what was typed in an input whose block
   * id is unchanged, so the message input's id carries the revision (`text~1`).
   */
  revision?: number | undefined;
  /** A line under the menu (a saved reply that was not added). */
  notice?: Mrkdwn | undefined;
}

/** The longest message to a requester these modals send (their message input's limit). */
export const MESSAGE_TO_REQUESTER_MAX = 2000;

/** The saved reply menu's block id (both modals). */
export const DRAFT_SAVED_REPLY = 'saved_reply';
/** The message input's block id, before its revision: the draft's text, the Wait question. */
export const DRAFT_MESSAGE = 'text';
export const WAIT_MESSAGE = 'question';

/** The message input's block id as drawn at `revision` (`text`, `text~1`, `question~2`). */
export function messageBlockId(base: string, revision: number | undefined): string {
  return `${base}${revision ? `~${revision}` : ''}`;
}

/** The saved reply menu (when the workspace has any) and the line under it (when any). */
function savedReplyMenu(t: Translate, input: SavedReplyInput): Block[] {
  const blocks: Block[] = [];
  if (input.replies?.length)
    blocks.push(
      inputBlock(
        {
          block: DRAFT_SAVED_REPLY,
          label: t.plain('requester.draft.savedReply'),
          placeholder: t.plain('requester.draft.savedReplyPlaceholder'),
          hint: t.plain('requester.draft.savedReplyHint'),
          optional: true,
          dispatch: true,
        },
        {
          type: 'static_select',
          action_id: REQUESTER.savedReply,
          // By id: a title may be anything typed (a value is at most 75 characters), and a
          // position names another reply once one before it is deleted.
          options: input.replies.map((r) => option(r.title, r.id)),
        },
      ),
    );
  if (input.notice) blocks.push(context(input.notice));
  return blocks;
}

/**
 * Where a reply reaches a ticket's requester in Slack (Reply to requester…'s modal says it): the
 * ticket's conversation thread, else their DM with the app.
 */
export interface ReplyReach {
  requester: string;
  /** The conversation's channel, when the ticket has one. */
  channel?: string;
}

/** Where a reply to the ticket's requester goes (`ReplyReach`), as the modal says it. */
export function replyReach(ticket: Pick<TicketRecord, 'requester' | 'conversation'>): ReplyReach {
  return {
    requester: ticket.requester?.userId ?? '',
    ...(ticket.conversation ? { channel: ticket.conversation.channel } : {}),
  };
}

/**
 * The draft's modal: the reason (or progress) and the new time, prefilled, for the agent to send;
 * or (`reply`, Reply to requester…) the agent's own message, empty, with where it goes.
 */
export function draftModal(
  t: Translate,
  input: {
    metadata: string;
    kind: DraftKind;
    number: string;
    text: string;
    date?: string | undefined;
    reach?: ReplyReach | undefined;
  } & SavedReplyInput,
): ModalView {
  const blocks: Block[] = [];
  if (input.reach)
    blocks.push(
      context(
        input.reach.channel
          ? t('requester.reply.intoThread', {
              user: input.reach.requester,
              channel: input.reach.channel,
            })
          : t('requester.reply.byDm', { user: input.reach.requester }),
      ),
    );
  blocks.push(...savedReplyMenu(t, input));
  blocks.push(
    textInput(
      {
        block: messageBlockId(DRAFT_MESSAGE, input.revision),
        label: t.plain(DRAFT_LABEL[input.kind]),
      },
      input.text,
      { multiline: true, max: MESSAGE_TO_REQUESTER_MAX },
    ),
  );
  if (input.kind === 'delay')
    blocks.push(
      dateInput({ block: 'date', label: t.plain('requester.draft.newDate') }, input.date),
    );
  return formModal(t, {
    callbackId: REQUESTER.draftView,
    title: DRAFT_TITLE[input.kind],
    titleParams: { number: input.number },
    submit: 'requester.draft.send',
    metadata: input.metadata,
    blocks,
  });
}

const DRAFT_LABEL = {
  delay: 'requester.draft.reason',
  progress: 'requester.draft.note',
  reply: 'requester.reply.message',
} as const satisfies Record<DraftKind, MessageKey>;

const DRAFT_TITLE = {
  delay: 'requester.draft.delayTitle',
  progress: 'requester.draft.progressTitle',
  reply: 'requester.reply.title',
} as const satisfies Record<DraftKind, MessageKey>;

/**
 * What the requester reads when the agent sends a delay notice, a progress note or a reply: the
 * whole of it, in as many sections as it takes (`textSections`: escaping can make the 2,000
 * characters typed longer than a section holds); only the notification's text is cut.
 */
export function sentDraftNotice(
  t: Translate,
  input: { kind: DraftKind; number: string; by: string; text: string; date?: string },
): Message {
  const whole = (text: Mrkdwn): Message => ({
    text: clipMrkdwn(text, MESSAGE_TEXT_MAX),
    blocks: textSections(text),
  });
  if (input.kind === 'reply')
    return whole(
      t('requester.replyNotice', { number: input.number, user: input.by, text: input.text }),
    );
  return whole(
    input.kind === 'delay'
      ? t('requester.delayNotice', {
          number: input.number,
          user: input.by,
          text: input.text,
          // The customer reads the day in their language, as their other dates read.
          date: input.date ? formatDay(input.date, t.locale) : '-',
        })
      : t('requester.progressNotice', { number: input.number, user: input.by, text: input.text }),
  );
}

/**
 * A line for the managers: a requester gave a low score, or (`call`: the follow-up call's name,
 * as its task is named) one was logged on a 3-7-30 follow-up call by `by`.
 */
export function lowScoreNotice(
  t: Translate,
  input: {
    ticket: Pick<TicketRecord, 'number' | 'card' | 'customerName' | 'accountManagerId'>;
    satisfaction?: number | undefined;
    nps?: number | undefined;
    comment?: string | undefined;
    by: string;
    call?: string | undefined;
  },
): Message {
  const params = {
    number: keep(ticketLink(input.ticket)),
    customer: input.ticket.customerName,
    by: input.by,
    satisfaction: input.satisfaction ?? '-',
    owner: input.ticket.accountManagerId,
  };
  // The score is told on the click, before the requester is asked for NPS: no "NPS -" then.
  const head = input.call
    ? t('requester.lowScoreCall', {
        ...params,
        call: input.call,
        // A score not given is left out, not said as "-".
        satisfaction: input.satisfaction ?? 'none',
        nps: input.nps ?? 'none',
      })
    : input.nps === undefined
      ? t('requester.lowScoreNoNps', params)
      : t('requester.lowScore', { ...params, nps: input.nps });
  const text = input.comment
    ? md`${head}\n${t('requester.lowScoreComment', { comment: maskFreeText(input.comment) })}`
    : head;
  return message(text);
}

/**
 * What the requester added to a low answer after its notice went (the modal's NPS and comment,
 * given after the click): the scores as they stand, and the comment, masked and escaped.
 */
export function lowScoreDetailsNotice(
  t: Translate,
  input: {
    ticket: Pick<TicketRecord, 'number' | 'card' | 'customerName'>;
    satisfaction?: number | undefined;
    nps?: number | undefined;
    comment?: string | undefined;
    by: string;
  },
): Message {
  const head = t('requester.lowScoreDetails', {
    number: keep(ticketLink(input.ticket)),
    customer: input.ticket.customerName,
    by: input.by,
    satisfaction: input.satisfaction ?? 'none',
    nps: input.nps ?? 'none',
  });
  const text = input.comment
    ? md`${head}\n${t('requester.lowScoreComment', { comment: maskFreeText(input.comment) })}`
    : head;
  return message(text);
}

/** How many requests `/ticket requests` shows; the rest are counted. */
export const REQUESTS_SHOWN = 10;

/**
 * `/ticket requests`: the reader's own open requests, as a requester reads them (the number, the
 * title, where it stands in their words, who handles it or the number it is followed in now
 * (merged: the one it went into, or where that one went since) and who they are there, as a
 * merge's notices word it by their role on it: `merged`, by ticket id; when it was received). Nothing of the desk's own: no link to the triage card, no tier, no
 * severity, no buttons.
 */
export function requestsList(
  t: Translate,
  input: {
    rows: TicketRecord[];
    total: number;
    timeZone: string;
    merged?: ReadonlyMap<string, MergedEnd>;
  },
): Message {
  const heading = t('requester.requests.heading', { total: input.total });
  if (!input.rows.length)
    return {
      text: heading,
      blocks: [markdown(md`*${heading}*`), context(t('requester.requests.none'))],
    };
  const blocks: Block[] = [markdown(md`*${heading}*`)];
  for (const ticket of input.rows) {
    const status = ticket.mergedInto
      ? 'merged'
      : ticket.status === 'waiting'
        ? 'waiting'
        : ticket.assigneeId
          ? 'handled'
          : 'received';
    blocks.push(
      markdown(
        t('requester.requests.row', {
          number: ticket.number,
          // A phone or email typed into the title is masked, as in every other list of tickets.
          title: maskFreeText(ticket.title),
          status,
          user: ticket.assigneeId ?? '',
          into: input.merged?.get(ticket.id)?.into ?? ticket.mergedInto ?? '',
          role: input.merged?.get(ticket.id)?.role ?? 'none',
          received: keep(slackTime(ticket.receivedAt, input.timeZone)),
        }),
      ),
    );
  }
  const more = input.total - input.rows.length;
  if (more > 0) blocks.push(context(t('requester.requests.more', { more })));
  return { text: heading, blocks };
}

/** Steps of a ticket the requester's view lists at most (the latest). */
export const REQUESTER_STEPS_SHOWN = 15;

/** What each step of the requester's view says (`requester.card.step.*`). */
const STEP_KEYS = {
  taken: 'requester.card.step.taken',
  handedOver: 'requester.card.step.handedOver',
  asked: 'requester.card.step.asked',
  answered: 'requester.card.step.answered',
  said: 'requester.card.step.said',
} as const satisfies Record<string, MessageKey>;

/** The same steps when no person is on record (the desk's own: `RequesterStep.by` absent). */
const UNNAMED_STEP_KEYS = {
  asked: 'requester.card.step.askedUnnamed',
  answered: 'requester.card.step.answeredUnnamed',
  said: 'requester.card.step.saidUnnamed',
} as const satisfies Record<string, MessageKey>;

/** One step of the requester's view, in their words. */
function stepText(t: Translate, step: RequesterStep, timeZone: string): Mrkdwn {
  const when = keep(slackTime(step.at, timeZone));
  switch (step.kind) {
    case 'taken':
    case 'handedOver':
      return t(STEP_KEYS[step.kind], { user: step.user, when });
    case 'asked':
    case 'answered':
    case 'said':
      return step.by
        ? t(STEP_KEYS[step.kind], { by: step.by, text: clip(step.text, 500), when })
        : t(UNNAMED_STEP_KEYS[step.kind], { text: clip(step.text, 500), when });
    case 'resolved':
      return step.text
        ? t('requester.card.step.resolved', { text: clip(step.text, 1000), when })
        : t('requester.card.step.resolvedPlain', { when });
    case 'reopened':
      return t('requester.card.step.reopened', { when });
    case 'merged':
      return t('requester.card.step.merged', { into: step.into, when });
  }
}

/**
 * A ticket's card as its requester reads it (`/ticket T…`, Open), for a person who does not read
 * the desk (a guest of the workspace who holds no role): its number and title, where it stands in
 * their words (a merged one by who they are on the ticket it went into, as `/ticket requests`
 * words it: `mergedRole`), their text, the steps they were told and their own words, and the buttons that
 * are theirs (Not solved, reopen; the survey). Drawn from a `RequesterTicket`, which holds none of
 * the desk's own fields: no tier, level, severity, due times, root cause, corrective action, plan,
 * notes, nor the staff buttons.
 */
export function requesterTicketCard(
  t: Translate,
  ticket: RequesterTicket,
  timeZone: string,
  /** Its reopen and survey buttons (not in a modal: App Home's Open). */
  opts: { buttons?: boolean } = {},
): Message {
  const buttons = opts.buttons ?? true;
  const status = ticket.mergedInto
    ? 'merged'
    : ticket.status === 'waiting' || ticket.status === 'resolved' || ticket.status === 'closed'
      ? ticket.status
      : ticket.assigneeId
        ? 'handled'
        : 'received';
  const blocks: Block[] = [
    header(`${ticket.number} · ${ticket.title}`),
    markdown(
      t('requester.card.status', {
        status,
        user: ticket.assigneeId ?? '',
        into: ticket.mergedInto ?? '',
        role: ticket.mergedRole ?? 'none',
        when: ticket.resolvedAt ? keep(slackTime(ticket.resolvedAt, timeZone)) : '',
        received: keep(slackTime(ticket.receivedAt, timeZone)),
      }),
    ),
  ];
  if (ticket.description.trim())
    blocks.push(markdown(escapeClipped(ticket.description, SECTION_TEXT_MAX)));
  const steps = ticket.steps.slice(-REQUESTER_STEPS_SHOWN);
  if (steps.length)
    blocks.push(
      markdown(
        clipMrkdwn(
          join(
            [t('requester.card.steps'), ...steps.map((step) => stepText(t, step, timeZone))],
            '\n',
          ),
          SECTION_TEXT_MAX,
        ),
      ),
    );
  if (buttons && ticket.mayReopen)
    blocks.push(
      actions('reopen', [
        button({
          actionId: REQUESTER.reopen,
          text: t.plain('requester.reopen.button'),
          value: ticket.number,
        }),
      ]),
    );
  if (buttons && ticket.following !== undefined)
    blocks.push(actions('follow', [followButton(t, ticket.number, ticket.following)]));
  if (buttons && ticket.surveyOpen) {
    const survey = surveyMessage(t, ticket);
    blocks.push(markdown(t('requester.card.survey')), ...survey.blocks.slice(1));
  }
  const text = md`${escapeClipped(`${ticket.number} · ${ticket.title}`, 250)}`;
  return { text: clipMrkdwn(text, 300), blocks };
}

/**
 * The requester's view of a ticket where no message can be (Open on App Home): in a modal,
 * without its buttons (they are on its `/ticket` answer), and without a link to the triage card.
 */
export function requesterTicketModal(
  t: Translate,
  ticket: RequesterTicket,
  timeZone: string,
): ModalView {
  return {
    type: 'modal',
    title: plain(t.plain('ticket.open.title'), 24),
    close: plain(t.plain('modal.close'), 24),
    blocks: requesterTicketCard(t, ticket, timeZone, { buttons: false }).blocks,
  };
}
