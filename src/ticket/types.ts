/** The ticket vocabulary and records: what every other layer may know of tickets. */
import { ERASED, SYSTEM_ACTOR } from '../context.js';
import type { Tier } from '../customer/types.js';
import type { Pause, SlaStatus } from '../sla/business-time.js';

export const TICKET_TYPES = [
  'consultation',
  'complaint',
  'after_sales',
  'demand',
  'other',
] as const;
export type TicketType = (typeof TICKET_TYPES)[number];

export const SEVERITIES = ['urgent', 'important', 'general'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** A complaint's own urgency scale (manual B: 一般 / 紧急 / 特急). */
export const COMPLAINT_URGENCIES = ['general', 'urgent', 'critical'] as const;
export type ComplaintUrgency = (typeof COMPLAINT_URGENCIES)[number];

/** Root causes a resolved complaint is filed under (with a free text beside). */
export const ROOT_CAUSES = [
  'product',
  'service',
  'delivery',
  'billing',
  'communication',
  'other',
] as const;
export type RootCause = (typeof ROOT_CAUSES)[number];

export const INTAKE_CHANNELS = [
  'phone',
  'email',
  'portal',
  'review',
  'slack',
  'visit',
  'wechat',
] as const;
export type IntakeChannel = (typeof INTAKE_CHANNELS)[number];

export const STATUSES = ['new', 'assigned', 'waiting', 'resolved', 'closed'] as const;
export type TicketStatus = (typeof STATUSES)[number];

/** Tickets someone still has to work on. */
export const OPEN_STATUSES: TicketStatus[] = ['new', 'assigned', 'waiting'];

/**
 * Tickets whose followers a step may still be DMed on: the open ones, and the resolved ones
 * (their requester's "Not solved, reopen" or a reply within REOPEN_DAYS reopens them). A closed
 * one is reopened only by a reply sent before its close and handled after (rare); a merged
 * duplicate never.
 */
export const STEP_STATUSES: TicketStatus[] = [...OPEN_STATUSES, 'resolved'];

/** L1 agents, L2 experts, L3 the account manager (the customer's owner). */
export type Level = 1 | 2 | 3;

/** The top of the escalation ladder: a ticket at it escalates no further. */
export const TOP_LEVEL: Level = 3;

/** A ticket the progress-note sweep checks, with only what that check reads. */
export type ProgressCandidate = Pick<
  TicketRecord,
  'id' | 'assigneeId' | 'receivedAt' | 'progressNoteAt' | 'pauses' | 'sla'
>;

/**
 * Whether the stand-in's DM a ticket owes (`standInTakenOwedAt`) is still true of it: open,
 * naming a guest, and still the stand-in of the move that owed it (`standInTakenFor`) as its
 * account manager. Its customer handed since to another guest the same person stands in for
 * (`standInTakenHanded`), they still hold it, never told: the DM says so, its owner then another
 * guest. A mark written before whom it is for was kept says nothing to check: true while the
 * ticket names a guest.
 */
export function standInTakenStill(
  ticket: Pick<TicketRecord, 'status' | 'accountManagerId' | 'guestOwner' | 'standInTakenFor'>,
): boolean {
  const of = ticket.standInTakenFor;
  return (
    OPEN_STATUSES.includes(ticket.status) &&
    !!ticket.guestOwner &&
    (!of || of.accountManagerId === ticket.accountManagerId)
  );
}

/**
 * Whether the guest the stand-in's DM owed was for (`standInTakenFor`) is no longer the ticket's:
 * its customer handed since to another guest (the DM then names the one now as its owner, and
 * the one nobody could stand in for as its owner then, unnamed).
 */
export function standInTakenHanded(
  ticket: Pick<TicketRecord, 'guestOwner' | 'standInTakenFor'>,
): boolean {
  const of = ticket.standInTakenFor;
  return !!of && of.guestOwner !== ticket.guestOwner;
}

/**
 * Who held the ticket once the first `count` entries of its timeline were applied: whom a claim,
 * reassign or escalation gave it to; none once a reopen released it (`released`).
 */
export function holderAfter(
  timeline: readonly Pick<TicketEvent, 'assigneeId' | 'released'>[],
  count: number,
): string | undefined {
  let holder: string | undefined;
  for (const e of timeline.slice(0, count))
    holder = e.assigneeId ?? (e.released ? undefined : holder);
  return holder;
}

/**
 * The top level of a ticket's ladder: L3 (the account manager, one to one) only for a customer
 * above the key line (domain 4: over 500,000 a year, the tiers' `keyMin`): its customer's value
 * tier now, a manager's override included, as the request read it (`TicketService.tierNow`:
 * the tier copied at intake only when the customer is gone or erased); a normal-tier customer's
 * stops at L2.
 */
export function topLevelOf(ticket: Pick<TicketRecord, 'customerTier'>): Level {
  return ticket.customerTier === 'normal' ? 2 : TOP_LEVEL;
}

/**
 * A target's note of a merge as the merge posts it: who asked for the duplicate and what they
 * wrote (the first 300 characters), read from the duplicate. The merge posts it so; an erasure or
 * retention that took the duplicate's words edits that line from the duplicate as stored then
 * (TicketNotifier.mergeLineEdits).
 */
export function namedMergeNote(
  duplicate: Pick<TicketRecord, 'requester' | 'description'>,
  event: TicketEvent,
): TicketEvent {
  const asker = duplicate.requester;
  return {
    ...event,
    mergedAsker: {
      ...(asker?.userId ? { userId: asker.userId } : {}),
      ...(asker?.contactName ? { name: asker.contactName } : {}),
      wrote:
        duplicate.description.length > 300
          ? `${duplicate.description.slice(0, 299)}…`
          : duplicate.description,
    },
  };
}

export const TICKET_ACTIONS = [
  'claim',
  'reassign',
  'escalate',
  'wait',
  'resume',
  'note',
  'resolve',
  'reopen',
  'close',
  'contact',
  'plan',
  /** Close a duplicate as merged into another open ticket of the team (`mergedInto`). */
  'merge',
  /**
   * Set the type, severity and complaint urgency of an open ticket (one the desk opened from a
   * customer channel's message is a consultation, general, until someone classifies it): its
   * targets are counted again from when it was received.
   */
  'classify',
] as const;
export type TicketAction = (typeof TICKET_ACTIONS)[number];

/**
 * A task that stands for one step on its ticket, as the task service stores it: a revisit whose
 * "not solved" reopens the ticket, a complaint's contact task whose Done records the contact.
 * Whoever holds it (its current executor: planned for them, or handed to them with Edit task or
 * `/desk handover`) may take that step on that ticket, and no other (`stepHeld`).
 */
export interface StepTask {
  kind: string;
  ticketNumber?: string | undefined;
  /** Its executor now. */
  assigneeId: string;
  status: string;
  doneBy?: string | undefined;
  /**
   * A follow-up's resolution (the ticket's reopen count it was planned in). A revisit without
   * one is of the first resolution (0), as the task flows and repository read it; a complaint's
   * contact has none and holds for any.
   */
  cycle?: number | undefined;
}

/** The one ticket action each step task stands for. */
export const TASK_STEPS: Readonly<Record<string, TicketAction>> = {
  revisit: 'reopen',
  complaint_contact: 'contact',
};

/**
 * Who holds `task` as the warrant for `action` on `ticket` (its executor), or undefined when it
 * is no warrant for it: another kind's step, another ticket's task, one of another resolution
 * (a revisit of a resolution the ticket was reopened from since, one without a cycle being of
 * the first), or one done by someone else
 * (an open task is its executor's; a done one only when they did it).
 */
export function stepHeld(
  ticket: Pick<TicketRecord, 'number'> & { metrics: Pick<TicketRecord['metrics'], 'reopenCount'> },
  action: TicketAction,
  task: StepTask | undefined,
): string | undefined {
  if (!task || TASK_STEPS[task.kind] !== action || task.ticketNumber !== ticket.number)
    return undefined;
  const cycle = task.kind === 'revisit' ? (task.cycle ?? 0) : task.cycle;
  if (cycle !== undefined && cycle !== ticket.metrics.reopenCount) return undefined;
  if (task.status === 'open' || (task.status === 'done' && task.doneBy === task.assigneeId))
    return task.assigneeId;
  return undefined;
}

/** Which actions each status allows; a click outside this is stale and explained. */
export const ALLOWED: Record<TicketStatus, readonly TicketAction[]> = {
  new: ['claim', 'reassign', 'escalate', 'note', 'resolve', 'contact', 'plan', 'classify', 'merge'],
  assigned: [
    'reassign',
    'escalate',
    'wait',
    'note',
    'resolve',
    'contact',
    'plan',
    'classify',
    'merge',
  ],
  // Reassign keeps it waiting (the clock stays paused): whoever leaves hands it on (domain 7).
  waiting: ['resume', 'reassign', 'note', 'resolve', 'contact', 'plan', 'classify', 'merge'],
  resolved: ['reopen', 'close', 'note', 'contact'],
  closed: [],
};

/**
 * Whether the ticket's state allows `action`: its status does (ALLOWED), an escalation is
 * below the top level, and a Wait has someone left to answer (`requesterErased`). The one rule the service's refusal (transitions.ts `assertAllowed`) and
 * every card's buttons read.
 */
export function stateAllows(
  ticket: Pick<
    TicketRecord,
    'status' | 'level' | 'customerTier' | 'requester' | 'conversation' | 'createdBy'
  >,
  action: TicketAction,
): boolean {
  return (
    ALLOWED[ticket.status].includes(action) &&
    !(action === 'escalate' && ticket.level >= topLevelOf(ticket)) &&
    // Nobody is left to answer a question (transitions refuse it): no Wait button offered.
    !(action === 'wait' && requesterErased(ticket))
  );
}

/**
 * The desk's note of a thread reply whose author, of our workspace, Slack never described by the
 * events inbox's last attempt (src/flows/channels.ts `keptUndescribed`): who wrote (`writer`), and
 * their words as neither the customer's (no `said`: no reply owed) nor the desk's.
 */
export function undescribedReply(
  e: Pick<TicketEvent, 'action' | 'by' | 'said' | 'reply' | 'writer'>,
): boolean {
  return e.action === 'note' && e.by === SYSTEM_ACTOR && !!e.writer && !e.said && !e.reply;
}

/**
 * A kept undescribed reply (`undescribedReply`) whose writer's personal data was erased since
 * (src/privacy/repository.ts `ownTicket`: `writer` taken off, the text `[erased]`): the desk's
 * note of a thread message (a `source`), no `said`, no reply. Still one of its burst
 * (`keptNoteBurst`), so an erasure splits no burst (its key and its notice's count stay as they
 * were), but never named.
 */
export function erasedKeptReply(
  e: Pick<TicketEvent, 'action' | 'by' | 'said' | 'reply' | 'writer' | 'source' | 'text'>,
): boolean {
  return (
    e.action === 'note' &&
    e.by === SYSTEM_ACTOR &&
    !e.writer &&
    !e.said &&
    !e.reply &&
    !!e.source &&
    e.text === ERASED
  );
}

/** A kept undescribed reply, its writer known or erased since (`erasedKeptReply`). */
function keptReply(
  e: Pick<TicketEvent, 'action' | 'by' | 'said' | 'reply' | 'writer' | 'source' | 'text'>,
): boolean {
  return undescribedReply(e) || erasedKeptReply(e);
}

/**
 * How long after the first of a burst of undescribed replies kept on a ticket (`undescribedReply`)
 * the later ones fold into its one notice (TicketNotifier.keptNote): they come in bursts (an
 * outage of users.info), and one DM tells of a burst, not one per reply.
 */
export const KEPT_NOTE_BURST_MS = 10 * 60_000;

/**
 * A kept-note notice gone out (TicketRecord.keptNoteTold): its burst's lead. The replies it told
 * are those marked with it (TicketEvent.toldIn); one recorded before the marks (by an older
 * instance) says instead how far it told (`through`, the timeline's length then).
 */
export interface KeptNoteTold {
  lead: number;
  through?: number;
}

/**
 * The burst of undescribed replies (`undescribedReply`) the event at `seq` (1-based) is in, read
 * from the timeline alone (so every writer and the notices repair find the same one), from what
 * an erasure leaves of them (a reply whose writer was erased since still counts:
 * `erasedKeptReply`, so its burst neither splits nor changes key): it starts
 * at a reply not within KEPT_NOTE_BURST_MS after the current burst's first, or at the first reply
 * after any other action than a note (a resolve, a reopen, a close), or at a reply kept after
 * the current burst's notice went (`told`: TicketRecord.keptNoteTold, a reply not marked with
 * its lead, `toldIn`, or past its `through` when it has one; one stamped within the window whose
 * write landed after the notice would otherwise be told nowhere). `lead` is the seq of its first
 * reply, `count` how many replies it holds in this timeline; undefined when the event is not such
 * a reply.
 */
export function keptNoteBurst(
  timeline: readonly Pick<
    TicketEvent,
    'action' | 'by' | 'said' | 'reply' | 'writer' | 'source' | 'text' | 'at' | 'toldIn'
  >[],
  seq: number,
  told?: readonly KeptNoteTold[],
): { lead: number; count: number } | undefined {
  const event = timeline[seq - 1];
  if (!event || !keptReply(event)) return undefined;
  let lead: { seq: number; at: number } | undefined;
  let found: number | undefined;
  let count = 0;
  for (let i = 0; i < timeline.length; i++) {
    const e = timeline[i]!;
    if (!keptReply(e)) {
      if (e.action === 'note') continue;
      if (found) break;
      lead = undefined;
      continue;
    }
    const at = new Date(e.at).getTime();
    const leadSeq = lead?.seq;
    const record = leadSeq === undefined ? undefined : told?.find((t) => t.lead === leadSeq);
    const keptAfter =
      !!record &&
      (record.through !== undefined ? i >= record.through : !e.toldIn?.includes(record.lead));
    if (!lead || !(at - lead.at < KEPT_NOTE_BURST_MS) || keptAfter) {
      if (found) break;
      lead = { seq: i + 1, at };
      count = 0;
    }
    count++;
    if (i + 1 === seq) found = lead.seq;
  }
  return found ? { lead: found, count } : undefined;
}

/**
 * The desk's note of an undescribed author's thread reply (`undescribedReply`: who wrote, a
 * message's `source`, no `said`) on a closed ticket whose channel is no longer linked (src/flows/
 * channels.ts `keptUndescribed`): no new ticket can be opened there, so the closed ticket keeps
 * their words, the other note a closed ticket takes, changing nothing else of it. Not on a merged
 * duplicate (its replies go where it was merged), nor once retention took its words (the caller's).
 */
export function keptOnClosed(
  ticket: Pick<TicketRecord, 'status' | 'mergedInto'>,
  params: ActionParams,
): boolean {
  return (
    params.action === 'note' &&
    !!params.writer &&
    !!params.source &&
    !params.said &&
    !params.wrote &&
    !params.mergedFrom &&
    ticket.status === 'closed' &&
    !ticket.mergedInto
  );
}

/**
 * The desk's note naming the new ticket a reply in a closed ticket's thread opened (src/flows/
 * channels.ts `followedBy`: `followedBy`, its number), so the closed ticket leads to it as a
 * resolved one does: by the desk only (the caller's), words of nobody's (no source, writer or
 * said), changing nothing else of it. Not on a merged duplicate (its replies go where it was
 * merged), nor once retention took its words (the caller's: nothing is added to it then).
 */
export function followedOnClosed(
  ticket: Pick<TicketRecord, 'status' | 'mergedInto'>,
  params: ActionParams,
): boolean {
  return (
    params.action === 'note' &&
    !!params.followedBy &&
    !params.source &&
    !params.writer &&
    !params.said &&
    !params.wrote &&
    !params.mergedFrom &&
    ticket.status === 'closed' &&
    !ticket.mergedInto
  );
}

/**
 * The desk's own notes a closed ticket takes (`keptOnClosed`, `followedOnClosed`): allowed past
 * the closed ticket's refusal only when the desk itself writes them (the caller's actor check).
 */
export function deskNoteOnClosed(
  ticket: Pick<TicketRecord, 'status' | 'mergedInto'>,
  params: ActionParams,
): boolean {
  return keptOnClosed(ticket, params) || followedOnClosed(ticket, params);
}

/**
 * A customer's reply sent before the ticket was resolved, noted after it was closed (Slack's
 * retry, an inbox redo): on time a reply on the open ticket, it is noted on the closed one as of
 * when it was sent (a `note` said `reply` with its `sentAt`), the one action a closed ticket
 * takes. Not on a merged duplicate (never resolved: its replies go where it was merged).
 */
export function lateReplyOnClosed(
  ticket: Pick<TicketRecord, 'status' | 'resolvedAt' | 'mergedInto'>,
  params: ActionParams,
): boolean {
  return (
    params.action === 'note' &&
    params.said === 'reply' &&
    params.sentAt !== undefined &&
    ticket.status === 'closed' &&
    !ticket.mergedInto &&
    ticket.resolvedAt !== undefined &&
    params.sentAt < ticket.resolvedAt
  );
}

/**
 * A customer's reply sent after the ticket was resolved and before it was closed, handled after
 * the close (Slack's retry, an inbox redo after an outage): on time it reopened the resolved
 * ticket (within the reopen window: the caller's check, and the requester's `recentRequester` as
 * of then), and the close, made without it, does not stand in its way: it reopens the closed
 * ticket as of when it was sent (a `reopen` with its `askedAt`). Not a merged duplicate (never
 * resolved). A safe default (someone works it, on the ticket it was about, rather than a new
 * one): for the product owner to confirm.
 */
export function lateReopenOnClosed(
  ticket: Pick<TicketRecord, 'status' | 'resolvedAt' | 'closedAt' | 'mergedInto'>,
  params: ActionParams,
): boolean {
  if (params.action !== 'reopen' || params.askedAt === undefined) return false;
  const { resolvedAt, closedAt } = ticket;
  return (
    ticket.status === 'closed' &&
    !ticket.mergedInto &&
    resolvedAt !== undefined &&
    closedAt !== undefined &&
    params.askedAt >= resolvedAt &&
    params.askedAt < closedAt
  );
}

/**
 * A card's action: a ticket action (a complaint's contact is its task's Done, never a card
 * button), or logging an answer given outside Slack (`ticket.respond`); and following: Followers…
 * (the assignee or a manager picks who follows the ticket), Follow and Stop following (the
 * reader themselves), which the card shows in a row of their own under its actions.
 */
export type CardAction =
  | Exclude<TicketAction, 'contact'>
  | 'logResponse'
  | 'customerWrote'
  | 'reply'
  | 'delay'
  /** New task about the ticket (its customer's, an issue follow-up linked to it). */
  | 'task'
  | FollowAction;

/**
 * A message to a ticket's requester that an agent confirms in the draft's modal: a delay notice,
 * a progress note, or a reply of their own (Reply to requester…).
 */
export type DraftKind = 'delay' | 'progress' | 'reply';

/** The card's following actions: their own row, never among the actions' buttons and menu. */
export const FOLLOW_ACTIONS = ['follow', 'unfollow', 'followers'] as const;
export type FollowAction = (typeof FOLLOW_ACTIONS)[number];

/** Whether a card's action is one of following (`FOLLOW_ACTIONS`). */
export function isFollowAction(action: CardAction): action is FollowAction {
  return (FOLLOW_ACTIONS as readonly string[]).includes(action);
}

/**
 * The most actions a card's actions row shows: seven buttons (four, but for a new demand still
 * owing its plan whose requester is in Slack: Reply to requester…, Tell of a delay… and New task
 * are theirs) and the five choices of its "…" menu (Slack's most). Following (Follow,
 * Followers…) has a row of its own, so it never takes one of these places.
 */
export const CARD_ACTIONS_MAX = 12;

/**
 * The actions a ticket's card offers in its state (the shared triage card: everyone reads it
 * alike): what `stateAllows` gives (no Escalate at the top level; Plan and dates only on a demand
 * still owing it), and Log a response (Reply to requester…, Tell of a delay, Merge into…) while
 * the ticket is open; and, on every ticket neither closed nor merged, New task (its customer's,
 * linked to it), Follow (for whoever clicks it) and Followers….
 * A card shown to one reader offers those they may take (src/ticket/card-actions.ts
 * `readerCardActions`), Stop following instead of Follow to a follower.
 */
export function statusCardActions(
  ticket: Pick<
    TicketRecord,
    | 'status'
    | 'level'
    | 'customerTier'
    | 'demand'
    | 'requester'
    | 'conversation'
    | 'mergedInto'
    | 'createdBy'
  >,
): CardAction[] {
  const out: CardAction[] = ALLOWED[ticket.status].filter(
    (action): action is Exclude<TicketAction, 'contact'> =>
      action !== 'contact' &&
      action !== 'merge' &&
      stateAllows(ticket, action) &&
      (action !== 'plan' || (!!ticket.demand && !ticket.demand.plannedAt)),
  );
  if (ticket.status === 'new' || ticket.status === 'assigned' || ticket.status === 'waiting') {
    out.push('logResponse');
    // What a customer outside Slack said (a contact's, or with none on record the customer's),
    // recorded; a requester in Slack writes there themselves.
    if (customerOutsideSlack(ticket)) out.push('customerWrote');
    // Reply to requester… and Tell of a delay: to a requester in Slack (one outside Slack is told
    // by phone or email, and that answer logged with Log response).
    if (requesterInSlack(ticket)) out.push('reply', 'delay');
    // Last, the least used: a duplicate closed into another open ticket.
    out.push('merge');
  }
  // On every ticket neither closed nor merged: New task about it (a call back, a visit), and
  // following.
  if (followable(ticket)) out.push('task', 'follow', 'followers');
  return out;
}

/** Whether a ticket may be followed, and its followers changed: neither closed nor merged. */
export function followable(ticket: Pick<TicketRecord, 'status' | 'mergedInto'>): boolean {
  return ticket.status !== 'closed' && !ticket.mergedInto;
}

export const ALERT_KINDS = [
  'responseBreach',
  'resolutionBreach',
  'escalateL2',
  'escalateL3',
  'responseWarn',
  'resolutionWarn',
  /** A complaint's account manager has not contacted the customer by the urgency's target. */
  'contactBreach',
  /** A demand has no plan and dates by its target (3 working days by default). */
  'planBreach',
  /** The customer wrote again after the first response and has had no reply by the target. */
  'replyBreach',
] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export type TicketAlerts = Partial<Record<AlertKind, Date>>;

export interface SlaTargets {
  /** First response, business minutes: the stricter of severity and customer tier. */
  responseMinutes: number;
  resolutionMinutes: number;
  /** Urgent tickets on 24x7 when the workspace chose so. */
  aroundTheClock: boolean;
  /**
   * The customer's tier the first-response target was given for (`responseTier`: a key potential
   * customer's is strategic), at intake, Classify… or a move of its tier up since
   * (TicketService.tightenForTier). Unset on a ticket stored before it was kept: its
   * `customerTier` is read instead.
   */
  responseTier?: Tier;
}

export interface TicketMetrics {
  firstResponseMinutes?: number;
  responseBreached?: boolean;
  resolutionMinutes?: number;
  resolutionBreached?: boolean;
  escalations: number;
  reassignments: number;
  reopenCount: number;
  firstContactResolution?: boolean;
  /**
   * Who gave the first response (the actor of the action that stamped it): the digest's "first
   * responses on time" per agent. Unset on tickets answered before it was kept.
   */
  firstResponseBy?: string;
  /**
   * Next replies: the customer wrote again after the first response and the desk answered (the
   * same answers as a first response, `respond` in transitions.ts), how many, and how many of
   * them after the target (the first-response target, counted from their first unanswered
   * message). Unset on tickets with none.
   */
  nextReplies?: number;
  nextReplyBreaches?: number;
  /**
   * Of those, how many an earlier resolution counted (set to them at a reopen): a resolution
   * counts only the next replies since (digest/figures.ts `nextReplyCounts`), so a period's
   * figure holds its own. Unset on tickets never reopened since it was kept.
   */
  nextRepliesCounted?: number;
  nextReplyBreachesCounted?: number;
  /**
   * Logged late (manual A, domain 4: a request is logged within 1 h): the business minutes, on
   * the workspace's calendar, from its Received time to its filing, kept at intake when over
   * `LOGGED_LATE_MINUTES` and the filer typed that time (New ticket: `TicketInput.receivedTyped`).
   * The card and the filer's confirmation say it; the digest and the reports count it, per filer.
   * It never blocks the filing.
   */
  loggedLateMinutes?: number;
}

/** The manuals' intake rule: a request is logged within 1 business hour of its receipt. */
export const LOGGED_LATE_MINUTES = 60;

/**
 * Whether a first response counts on time, in every figure (the digest, `/desk report`, App
 * Home's "This week so far"): unless it is stored late. One stored without the flag (answered
 * before the flag was kept, or imported) counts on time. `RESPONSE_NOT_BREACHED` asks the
 * database the same of `metrics.responseBreached` (`$ne` matches a missing or null flag).
 */
export const respondedOnTime = (m: { responseBreached?: boolean | null }): boolean =>
  m.responseBreached !== true;
export const RESPONSE_NOT_BREACHED = { $ne: true } as const;

/**
 * Whether a ticket counts in the figures (the digest, `/desk report` and its CSV: TicketTally):
 * every ticket but a duplicate merged into another, which is neither opened, answered, resolved
 * nor late there (its target is). The one rule the tallies read (App Home's week so far reads
 * it as the query `IN_FIGURES`).
 */
export const countsInFigures = (t: { mergedInto?: string | null }): boolean => !t.mergedInto;
/** `countsInFigures` as a query on `mergedInto` (App Home's week so far counts in the database). */
export const IN_FIGURES = { $in: [null, ''] } as const;

/**
 * A ticket as a hand-over reads the leaver's (`TicketService.openOf`): what it names and moves it
 * by (it reads each again before moving it), not the whole ticket (its timeline).
 */
export type TicketRef = Pick<TicketRecord, 'id' | 'number'> & {
  card?: Pick<TicketCard, 'permalink'>;
};

/** Where the triage card is; `pending` until it is posted (the outbox posts and updates it). */
export interface TicketCard {
  channel?: string;
  ts?: string;
  /** The card's link (chat.getPermalink once it is posted): ticket numbers link to it. */
  permalink?: string;
  pending: boolean;
}

/**
 * What a hand-over's DM to its receiver reads of a ticket it handed, drawn again as it goes out
 * (`handoverReceivedAgain`): its number and card link, who holds it now, the next reply's due time
 * and, while it waits on the customer, that reply's clock (`pausedReply`). Read with only these
 * fields (TicketRepository.handoverDmTickets), never the whole document.
 */
export interface HandoverDmTicket {
  id: string;
  number: string;
  card?: Pick<TicketCard, 'permalink'>;
  assigneeId?: string;
  replyDueAt?: Date;
  /** Its reply owed since a reopen that was no message of the customer's: who reopened it. */
  reopened?: ReopenedBy;
}

/** A handed ticket as read for its receiver's DM: with what its paused reply clock needs. */
export type HandoverDmRow = HandoverDmTicket &
  Pick<TicketRecord, 'status' | 'replyFrom' | 'pauses' | 'sla'>;

/** Whose customer a ticket was at an event (TicketEvent.owners). */
export interface EventOwners {
  accountManagerId: string;
  /** The customer's owner, a guest, `accountManagerId` stood in for (TicketRecord.guestOwner). */
  guestOwner?: string;
}

/** What happened to a ticket: posted in its thread and used to update the card. */
export interface TicketEvent {
  /**
   * `response`: an answer to the requester (a reply in the conversation, or one logged).
   * `retarget`: the desk's, its customer's tier moved to one with a stricter first-response
   * target (`retargeted`).
   */
  action: TicketAction | 'created' | 'response' | 'retarget';
  by: string;
  at: Date;
  /** The new assignee (claim, reassign, escalate). */
  assigneeId?: string;
  /**
   * A reassign or escalation: the customer's owners as it found them (TicketRecord
   * `accountManagerId`, `guestOwner`), so that its notices written later (the notices repair's
   * replay, the outbox drawing its DM as it goes out) say why an L3 was the account manager's as
   * at the event, not by an owner changed since. Absent on one stored before it was kept: the
   * ticket's owners now are read instead.
   */
  owners?: EventOwners;
  /** A reopen that put the ticket back in the queue: whom it no longer went to (not staff now). */
  released?: string;
  /**
   * An escalation: the level it raised the ticket to. A reassign: the level it was handed over
   * at, so that its notices written later (a replay, the outbox drawing its DM as it goes out)
   * say it as at the event, not an escalation's since; absent on one stored before it was kept
   * (the ticket's level now is read instead).
   */
  level?: Level;
  /** Escalation reason, note text, resolution summary, the question asked, what was said. */
  text?: string;
  /** How a response reached the requester. */
  via?: IntakeChannel;
  /**
   * The Slack message (or edit, deletion) a note came from (`<channel>:<ts>`...): a customer
   * channel event done again finds it and adds nothing.
   */
  source?: string;
  /**
   * A note that is the customer's own words, read as what they said, not as a note: their reply
   * in the ticket's conversation that did not resume or reopen it (it was not waiting on them),
   * a further message in the channel that joined the ticket (`followUp`), or the message that
   * opened it, edited (`edited`). On a `resume`: `followUp`, the answer that resumed it was such
   * a further top-level message, not a reply in its thread.
   */
  said?: CustomerSaid;
  /**
   * The customer's words recorded by staff for a contact outside Slack ("Customer wrote…", with
   * `via`): when they wrote. The last one bounds the next one's time.
   */
  wroteAt?: Date;
  /**
   * A customer's message in a linked channel noted (or resuming the ticket) later than it was
   * sent (Slack delivered it again, or the inbox did it again): when it was sent. A reply is owed
   * from then.
   */
  sentAt?: Date;
  /**
   * A `response` logged as given earlier than it was logged (a call answered, logged afterwards):
   * when it was given. A customer message recorded as of before it needs no reply.
   */
  answeredAt?: Date;
  /** Written before `said`: a customer's reply (read as `said: 'reply'`). */
  reply?: boolean;
  /**
   * A reopen the desk made for a revisit that found the issue not solved (the notice repair's,
   * when who logged the call may reopen it no more): the assignee is told why
   * (`reopenedForRevisit`).
   */
  revisit?: boolean;
  /**
   * A resolve by a person, after the first response, while no next reply was owed: a customer's
   * reply sent before it but noted after (handled late) is the next reply it gave, counted then,
   * once (transitions.ts `answeredByResolve`).
   */
  answersLate?: boolean;
  /** A merge: the number of the ticket this one was merged into. */
  into?: string;
  /**
   * A reopen of a complaint resolved without the contact: that resolve's who, why and when
   * (`TicketComplaint.resolvedUncontacted`), taken off the complaint, whose contact is owed again.
   */
  resolvedUncontacted?: { by: string; reason: string; at: Date };
  /**
   * A retarget: the customer's tier (as its tickets are served: a key potential customer's is the
   * strategic tier's) that made the first response due sooner, the target it gave and the one the
   * ticket had, in business minutes counted from the receipt. `reason` `potential`: that tier is
   * the strategic one because the customer is key potential (its revenue tier below it: it did not
   * move up); absent, its tier moved up.
   */
  retargeted?: { tier: Tier; responseMinutes: number; was: number; reason?: 'potential' };
  /** A classify: the type, severity and complaint urgency it was given, and its first-response target. */
  classified?: {
    type: TicketType;
    severity: Severity;
    urgency?: ComplaintUrgency;
    /**
     * It made the ticket a complaint (`complaint`) or raised a complaint's urgency (`urgency`):
     * the account manager, their managers and (critical) the escalation channel are told, as at
     * intake, once per urgency. A ticket made a complaint so was not one at intake.
     */
    raised?: 'complaint' | 'urgency';
    /**
     * The complaint's urgency before it (intake's, before the first classify): with the
     * classifies' own, the highest the ticket reached, which a later raise must pass to tell.
     */
    was?: ComplaintUrgency;
    responseMinutes: number;
    /** A demand whose plan was still owed made another type: no plan and dates owed any more. */
    planDropped?: boolean;
  };
  /**
   * The note a merge adds to its target: the number of the duplicate merged into it (who asked
   * and what they wrote are read from that ticket, never copied here).
   */
  mergedFrom?: string;
  /**
   * That merge carried the duplicate's customer contact to the target's complaint
   * (TicketService.noteMerged, `contactCarried`): its line says the contact came from there.
   */
  contactCarried?: boolean;
  /** A complaint's contact tried and not reached (`contact` with outcome `notReached`). */
  notReached?: boolean;
  /**
   * The desk's note naming the new ticket a reply in this one's thread opened, too late for it
   * (src/flows/channels.ts `followedBy`): that ticket's number, so the note is written once
   * however often the reply is done again (a redo after a cut between the two writes).
   */
  followedBy?: string;
  /**
   * Never stored: the line a merge posts in its target's thread names who asked for the
   * duplicate (a Slack user, or a contact's name) and what they wrote, read from it then.
   */
  mergedAsker?: { userId?: string; name?: string; wrote: string };
  /**
   * Never stored: a merge as its duplicate's requester and followers are told of it, how its
   * target reaches them after it (as TicketService.followMerged left it: the merge's, or the
   * repair's that follows it again when it replays the notice). Absent when not known (a repair
   * that did not follow it again): nobody is told they follow it.
   */
  intoReach?: MergeReach;
  /**
   * A resume, reopen or note the desk made for a person of the customer's who is not the
   * requester (their reply in a customer channel's thread): who wrote (`ActOptions.writer`). A
   * resume's or reopen's is named in the assignee's DM (stored with the event, so the notices
   * repair writes that DM too). An erasure of that person takes it off with their words (`text`),
   * and a data-subject export by that person lists it.
   */
  writer?: string;
  /**
   * The desk's resume of a ticket waiting on the customer because their organisation left its
   * conversation's Slack Connect channel (ChannelFlows.unshared): that channel. Nobody can answer
   * the question there any more, so the SLA clock runs again from the disconnect (`sentAt`).
   */
  unshared?: string;
  /**
   * On the desk's notes (the kept undescribed replies among them): the leads of the kept-note
   * notices that went out while this note was on the ticket (TicketRepository.keptNoteTold marks
   * them in the write that records the notice), so a reply kept after a burst's notice is told
   * apart from one it told (`keptNoteBurst`).
   */
  toldIn?: number[];
}

/**
 * The event a form submission (`key`, `view:` and its id, kept as the event's `source`) of
 * `actor` wrote on a ticket: that submission delivered again (Slack's redelivery, a double click)
 * finds it and is answered as saved. Of `action` only when given; `last`: only the ticket's last
 * event of `action` counts (the merge check's reading: a ticket is merged once, refused after).
 */
export function bySubmission(
  ticket: Pick<TicketRecord, 'timeline'>,
  key: string,
  actor: string,
  of: { action?: TicketEvent['action']; last?: boolean } = {},
): TicketEvent | undefined {
  const mine = (e: TicketEvent) => e.source === key && e.by === actor;
  if (!of.last)
    return ticket.timeline.find((e) => (!of.action || e.action === of.action) && mine(e));
  const last = ticket.timeline.findLast((e) => e.action === of.action);
  return last && mine(last) ? last : undefined;
}

/**
 * Who a person is on the ticket their request was merged into (`/ticket requests`, as a merge's
 * notices word it by their role on the target): its assignee, its requester, one of its
 * followers, or none of these.
 */
export type MergedRole = 'assignee' | 'requester' | 'follower' | 'none';

/**
 * Where a request merged into another stands for its reader now: the ticket at the end of the
 * merges (`into`: the one it went into, or the one that went into since, followed through the
 * chain: TicketRepository.mergeEnds), and who the reader is there (`roleOnTicket`) while it is
 * open, else that it is resolved or closed (never "followed there" of a ticket no longer open).
 */
export interface MergedEnd {
  into: string;
  role: MergedRole | 'resolved' | 'closed';
}

/**
 * How a merge's target reaches people after it (TicketService.followMerged): who follows it (its
 * followers and its requester, as stored after the merge added the duplicate's), its assignee
 * (every step theirs: never a follower), and its requester in Slack with the channel of its
 * conversation when it tells them its steps in that thread (else by DM: `requesterPlace`).
 */
/** When a follower began following (TicketRecord.followedAt), and the steps they are owed. */
export interface FollowedAt {
  user: string;
  at: Date;
  seq?: number;
  owedAt?: Date;
  owedTo?: number;
}

export interface MergeReach {
  following: readonly string[];
  assigneeId?: string;
  requester?: { userId: string; channel?: string };
}

/**
 * A customer outside Slack's own message, recorded by staff ("Customer wrote…"): how it came and
 * when they wrote (not after now): the next reply is owed from then, a pause waiting on them ends
 * then (or at once, when they wrote before it began).
 */
export interface CustomerWrote {
  via: IntakeChannel;
  at: Date;
}

/** What a customer's words in the ticket's timeline are (`TicketEvent.said`). */
export type CustomerSaid = 'reply' | 'followUp' | 'edited';

/** How an agent answered the requester (`recordResponse`). */
export interface ResponseInput {
  by: string;
  /** When it was said: now for a reply in Slack, or earlier for a call logged afterwards. */
  at: Date;
  via: IntakeChannel;
  /** What was said (a logged response); a reply in Slack is in its thread. */
  text?: string;
  /**
   * The submission that logged it, when one may come again (Log response's modal,
   * `view:<id>`): kept on its event, so a retry of it records nothing more.
   */
  source?: string;
  /**
   * An agent's reply in the ticket's conversation thread (the customer-channel listener): one
   * sent while the ticket was open, handled after its resolve (Slack's retry, an inbox redo), is
   * its first response as sent when no first response came before it (`at`), the resolve's
   * included (`TicketService.recordResponse`).
   */
  inThread?: boolean;
}

/** The person a ticket answers: a Slack user, or a customer contact outside Slack. */
export interface TicketRequester {
  /** The Slack user who reported it (message author, customer-channel user, or the filer). */
  userId?: string;
  /** For customers outside Slack: the contact's name and how they came. */
  contactName?: string;
  via?: IntakeChannel;
  /**
   * The Slack user is a person of another organisation (Slack Connect), named by `/ticket new`
   * or Create ticket without the ticket taking their channel thread as its conversation: no DM
   * of the desk reaches them from this workspace, so none is written (`requesterPlace`); the
   * agent answers them in the shared channel or another way (the card says so).
   */
  external?: true;
}

/** A thread in a customer channel (Slack Connect included): its root message. */
export interface TicketConversation {
  channel: string;
  ts: string;
  /**
   * Its channel was shared with another organisation (Slack Connect) when the ticket was opened
   * there, as its link said: who is the customer there is read from it, even once unlinked.
   * Unset on tickets from before it was recorded (the channel's link now is read instead).
   */
  shared?: boolean;
  /**
   * Opened in a channel shared with another organisation: the Slack team (workspace or org id)
   * of the person it was opened for, as the event said (`user_team`, else `team`). Once the
   * channel is unlinked, a reply in its thread from a person of another organisation is taken
   * only from this team (src/flows/channels.ts `reply`). Unset on tickets opened elsewhere, or
   * before it was recorded (2026-12-06): any such reply is taken there, as before.
   */
  team?: string;
}

/** What a complaint carries beside the generic ticket (#12). */
export interface TicketComplaint {
  urgency: ComplaintUrgency;
  /**
   * When the account manager must have contacted the customer (the urgency's target), on the
   * calendar as it is: computed again when holidays or business hours change, until contacted.
   */
  contactDueAt: Date;
  /** The contact target at intake, business minutes (kept when the targets change later). */
  contactMinutes?: number;
  /**
   * What the contact target counts from when not the ticket's receipt: a duplicate complaint
   * merged into it whose contact fell due sooner (its receipt; `contactMinutes` its target).
   */
  contactFrom?: Date;
  /**
   * With `contactFrom`: whether that duplicate's contact target counted around the clock (its
   * `sla.aroundTheClock`), so a recount (Classify…, a calendar change) counts it on its own
   * calendar, not the target's. Absent on one merged before it was kept: the target's calendar.
   */
  contactAroundTheClock?: boolean;
  /** The resolution target's due time at intake (business time, before any pause). */
  resolutionDueAt: Date;
  /** A duplicate complaint merged into it whose resolution fell due sooner: its due time. */
  mergedResolutionDueAt?: Date;
  contactedAt?: Date;
  contactedBy?: string;
  /** How the customer was reached (an interaction type: call, visit, ...). */
  contactVia?: string;
  contactSummary?: string;
  /**
   * Resolved with no contact made because none was owed any more: the customer was erased whole
   * (PIPL: contacted no more). Its card says so in place of the contact.
   */
  contactWaived?: 'erased';
  /**
   * With `contactWaived`: since when the contact was owed no more (the customer's erasure). The
   * digest and reports count the contact missed only when it fell due before then.
   */
  contactWaivedAt?: Date;
  /**
   * The contact task's "Tried, could not reach" (its Done's outcome `notReached`): each attempt,
   * oldest first. None of them is the contact: `contactedAt` stays unset.
   */
  attempts?: { at: Date; by: string; via: string; summary: string }[];
  /**
   * Resolved with no contact made after at least one attempt, by a complaint manager or an admin,
   * saying why (`uncontactedReason` on Resolve). Its card's Customer contacted field says so.
   */
  resolvedUncontacted?: { by: string; reason: string; at: Date };
  rootCause?: RootCause;
  rootCauseText?: string;
  correctiveAction?: string;
  /** Numbers of the customer's other complaints received within 90 days before this one. */
  repeatOf?: string[];
}

/** A demand's follow-up (manual B): a plan with dates given within its target. */
export interface TicketDemand {
  /** Computed again when holidays or business hours change, until the plan is given. */
  planDueAt: Date;
  /** The plan target at intake, working days (kept when the target changes later). */
  planDays?: number;
  plannedAt?: Date;
  plannedBy?: string;
  planSummary?: string;
  planDates?: string;
}

/**
 * The satisfaction survey sent to the requester when the ticket is resolved (#10): one answer
 * per ticket, changed by a second click, never a second vote. Kept apart from the scores an
 * agent types after a revisit call (the task's outcome): the digest shows both, never mixed.
 */
export interface TicketSurvey {
  /** Who gave the scores: always the customer themselves here. */
  source: 'customer';
  sentAt: Date;
  remindedAt?: Date;
  /** 1-5 */
  satisfaction?: number;
  /** 0-10 */
  nps?: number;
  comment?: string;
  /** The Slack user who answered, and when they last changed it. */
  by?: string;
  at?: Date;
  /**
   * The ticket's resolution (its reopen count) the answer was last given in, written with the
   * scores: a low one owes that resolution's follow-up until `followUpCycle` says it was opened
   * (the requester job repairs one a crash left unplanned). Absent on answers stored before.
   */
  cycle?: number;
  /** A low score's follow-up was opened and the managers told: when, and for which resolution
   * (absent on a ticket marked before resolutions were told apart: its first). */
  followUpAt?: Date;
  followUpCycle?: number;
  /**
   * The score the answerer last clicked, and when (its write): the modal that follows restates
   * it. A modal answer owing details later than a low click of the score it still carries is that
   * click's answer completed, not one given whole (RequesterFlows: its low notice says the score
   * only, its NPS and comment go in their own DM). Taken off when another person's modal replaces
   * the answer; absent on answers given before it was recorded.
   */
  click?: { satisfaction: number; at: Date };
  /**
   * The modal's answer (NPS, comment) given at this time may owe the managers and the
   * follow-up's owner its details (RequesterFlows.lowScoreDetails): written with the answer,
   * taken off once its DMs are in the outbox (or none were owed); the outbox job's repair writes
   * them for an answer whose request died in between.
   */
  detailsOwedAt?: Date;
  /**
   * The answer given at this time owes the triage card a redraw: written with it, taken off once
   * the card's refresh is in the outbox (or none was owed); the outbox job's repair writes it for
   * an answer whose request died in between, and the next answer redraws while it is set.
   */
  cardOwedAt?: Date;
}

/** A ticket as the app sees it: a plain object, never a live document. */
export interface TicketRecord {
  id: string;
  teamId: string;
  number: string;
  customerId: string;
  customerCode: string;
  customerName: string;
  /**
   * The customer's value tier: as of intake, or of the last action on the ticket, when stored;
   * the customer's tier now in a ticket a request read through `TicketService.tierNow`.
   */
  customerTier: Tier;
  /**
   * The tier the ticket stores, on a ticket `TicketService.tierNow` gave another `customerTier`
   * (never stored itself): a write compares the tier it was judged by against it
   * (`TicketRepository.applyIfVersion`), so the stored copy follows even when the ticket it
   * was read from was given the tier now already.
   */
  storedTier?: Tier;
  /** The revision the stored copy is of, beside `storedTier` (absent: none stored). */
  storedTierRevision?: number;
  /**
   * The customer's owner, kept on the ticket while it is open: written at intake, on an L3
   * escalation and when the customer changes hands (CustomerService's owner copies); a
   * resolved or closed ticket keeps the one it had.
   */
  accountManagerId: string;
  /**
   * The customer's revision `accountManagerId` was copied from (none: before copies had one): a
   * copy of an older owner change never replaces it (TicketRepository.reassignCustomer).
   */
  accountManagerRevision?: number;
  /**
   * The customer's revision whose tier `customerTier` copies (a tier change's copy to its open
   * tickets: TicketRepository.retierCustomer; intake; an action, as `TicketService.tierNow` read
   * it); unset on a ticket copied before revisions were.
   */
  customerTierRevision?: number;
  /**
   * The customer's owner when Slack said they are a guest of the workspace (CustomerRecord
   * `ownerGuest`): `accountManagerId` is then whom `ownerExecutor` names instead (their manager,
   * else an admin), told so at intake and on an L3 escalation. Absent for any other owner.
   */
  guestOwner?: string;
  /**
   * Written while nobody could stand in for its guest owner (it named the guest), then moved to
   * the stand-in (TicketRepository.followStandIn): the move's time, set in the move's own write,
   * while the stand-in's DM of it (`standInTaken`) is owed; taken off once that DM is in the
   * outbox. A process that dies in between, or a write of the DM that fails, leaves it to the
   * outbox job's notices repair (TicketFlows.repairNotices), under the same key. A later move to
   * another stand-in takes it off (the DM was the former stand-in's).
   */
  standInTakenOwedAt?: Date;
  /**
   * Whom that DM is for, written with `standInTakenOwedAt` by the same move: the stand-in it
   * named and the guest it stood in for. The DM goes only while the ticket still names that
   * stand-in and a guest (`standInTakenStill`): a change of the customer's owner since
   * (reassignCustomer) to a member, or to a guest someone else stands in for, leaves it untrue of
   * whoever holds the ticket now; to a guest the same person stands in for, they still hold it,
   * never told, and the DM says its owner then was another guest (`standInTakenHanded`). Absent
   * on a mark written before it was kept.
   */
  standInTakenFor?: { accountManagerId: string; guestOwner: string };
  type: TicketType;
  severity: Severity;
  channel: IntakeChannel;
  title: string;
  description: string;
  sourcePermalink?: string;
  /** The message a ticket was made from, kept even when no permalink could be had. */
  source?: { channel: string; ts: string };
  /** Who reported it (#10): told of each step, asked for satisfaction. */
  requester?: TicketRequester;
  /**
   * Slack users kept informed besides the requester (at most FOLLOWERS_MAX, never the requester):
   * told each step the requester is told, by DM; never the survey, a draft or a note.
   */
  followers?: string[];
  /**
   * When each follower began following (Follow, Followers…, a merge's), written in the update
   * that adds them and taken off with them, so that a replay of an earlier step's notices
   * (TicketNotifier.announce) tells only those who followed by then. `seq`: how many steps the
   * timeline held when they began (the update adding them is refused if one was written since
   * it was read), so a step is theirs when its place in the thread is past it, whatever the
   * clocks of the requests said; a live step whose write lands after theirs lists them and
   * tells them. One kept without `seq` is compared by `at`; a follower added before these were
   * kept has none: told of every step replayed. `owedAt` and `owedTo`: steps written between
   * the addition's first read and its write (from `seq` up to `owedTo`), whose notices did not
   * list them, are owed them by the request that added them (RequesterNotifier
   * .stepsSinceFollowed), written with the entry and taken off once in the outbox: a request cut
   * short in between leaves them to the outbox job's notice repair (TicketFlows
   * .repairFollowSteps), under the steps' own keys.
   */
  followedAt?: FollowedAt[];
  /**
   * How many additions to its followers were counted (a Follow that added someone once; a
   * Followers… addition once as it starts, added or not): the number a Followers… addition took
   * keys the DM telling each person it added (`follower:…:add:<n>`), so someone taken off and
   * added again is told again, and one addition is told once.
   */
  followerAdds?: number;
  /**
   * The kept-note notices gone out (`keptNoteBurst`): of the burst led by the reply at `lead`,
   * the replies on the ticket as its notice went were told, recorded then in one write that
   * marks them (TicketEvent.toldIn: TicketRepository.keptNoteTold). A reply kept after it starts
   * a burst of its own, even within that burst's window.
   */
  keptNoteTold?: KeptNoteTold[];
  /**
   * The "you now follow" DMs a Followers… addition owes, written in the update that adds them
   * (TicketRepository.addFollowers) and taken off once in the outbox (or when the person is
   * taken off): a process that dies in between leaves them to the outbox job's notice repair
   * (TicketFlows.repairNotices), under the same key.
   */
  followersOwed?: FollowerOwed[];
  /** The customer-facing thread (a linked customer channel's message): agents answer there;
   * the triage card and its thread stay internal. */
  conversation?: TicketConversation;
  /**
   * Opened by a reply in another ticket's thread, too late for it (src/flows/channels.ts
   * `followedBy`): that ticket's number, so a redo of the reply after a cut (the new ticket saved,
   * the old one's note not) finds the old ticket and writes its note.
   */
  follows?: string;
  /** The modal submission that created it: a resubmitted modal finds the same ticket. */
  submissionId: string;
  /**
   * The New ticket modal (its view id) that made a linked channel's message's ticket, whose
   * `submissionId` is the message's (`msg:<channel>:<ts>`, one ticket per message): that modal
   * delivered again (Slack's redelivery, a double click) is answered as its first delivery was,
   * not as another agent's shortcut on the message ("already has ticket").
   */
  formView?: string;
  receivedAt: Date;
  createdBy: string;
  /**
   * Filed by a guest of the workspace (Slack said so as they filed it, on an open or closed desk: the emoji
   * intake, "Create ticket", /ticket new): they are its requester side, never the filer role's
   * staff rights (notes, the personal details typed in); the requester of it when nobody else
   * is recorded (src/permissions.ts `rolesOf`).
   */
  filedByGuest?: boolean;
  status: TicketStatus;
  level: Level;
  assigneeId?: string;
  firstAssigneeId?: string;
  sla: SlaTargets;
  /** Complaints only. */
  complaint?: TicketComplaint;
  /** Demand tickets only. */
  demand?: TicketDemand;
  pauses: Pause[];
  firstResponseAt?: Date;
  /**
   * The customer's first message not answered yet, written after the first response on an open
   * ticket: the next-reply clock runs from it (the first-response target, same calendar, paused
   * while waiting) until an answer (`respond`'s) clears it. Unset while nothing is owed.
   */
  replyFrom?: Date;
  /**
   * The last next replies owed that stopped being owed (`replyFrom` cleared: answered, or the
   * ticket resolved or closed): from when each was owed, until when, newest first, at most
   * PAST_REPLIES_KEPT (ticket/transitions.ts). The digest and the reports judge a next reply owed
   * at a period's end by the one that spanned it once it is given (digest/service.ts
   * `pastTargetAt`), however many were owed and given after it. Unset on tickets whose replies
   * were given before it was kept, and on those that never owed one.
   */
  pastReplies?: { from: Date; until: Date }[];
  resolvedAt?: Date;
  closedAt?: Date;
  resolution?: string;
  /**
   * An upgrade intent heard as it was resolved (what the customer wants), saved in the
   * resolution's one write, so no crash keeps the resolution and loses the intent
   * (UpgradeFlows); `upgradeOwed` (the resolution's time) while its hand-off is owed. Who heard
   * it is who resolved it then (the timeline's event).
   */
  upgradeWhat?: string;
  upgradeOwed?: Date;
  metrics: TicketMetrics;
  card: TicketCard;
  accountManagerNotified: boolean;
  /** Every change after intake, in order. */
  timeline: TicketEvent[];
  alerts: TicketAlerts;
  /** Alerts marked by a sweep and not yet written to the outbox (it died in between). */
  alertsOwed?: AlertKind[];
  /** How many times the SLA sweep marked alerts on it (TicketRepository.markAlerts). */
  threadRev?: number;
  nextAlertAt?: Date;
  /** Stored due times (see `dueTimes` in clock.ts): what lists sort and filter by. */
  responseDueAt?: Date;
  resolutionDueAt?: Date;
  /** While a next reply is owed (`replyFrom`): by when. */
  replyDueAt?: Date;
  /** The earliest pending due time; far future while waiting; unset once resolved. */
  dueAt?: Date;
  /** Set with every change until what it tells Slack is in the outbox (repaired after a crash). */
  noticesOwedAt?: Date;
  /**
   * Written with the insert, until the intake has read again whether its requester or its whole
   * customer was erased meanwhile (TicketFlows.create): cleared when it stands, the ticket deleted
   * when it does not. While set, nothing of it is announced (the notices repair leaves it); a
   * process that died before the re-check leaves it to the outbox job (repairIntakeChecks).
   */
  intakeCheckOwedAt?: Date;
  /**
   * The desk's resume of this ticket at an erasure by Slack user of whom it waited on, not yet
   * announced (its thread line, the assignee's DM): the privacy log's `userKey` of that person
   * (never their id). Announced once that erasure is done, by the same erasure run again after
   * it failed too (PrivacyFlows.eraseUser), never before: the ticket still holds their words.
   */
  erasureResumeOwed?: string;
  /**
   * Whose erasure that is (their Slack user id), while it is not done: the outbox's upkeep
   * finishes an erasure that nobody runs again (its process stopped, its lease run out) by it
   * (PrivacyFlows.finishErasures). Gone once the erasure is done (their id with it).
   */
  erasureResumeUser?: string;
  /**
   * Who started that erasure (the admin's Slack id, from Slack or the CLI's --as): told by DM
   * when the outbox's upkeep finishes it for them (PrivacyFlows.finishErasures). Marks written
   * before it was recorded have none: nobody is told. Gone with erasureResumeUser.
   */
  erasureResumeBy?: string;
  /**
   * A resume owed by an erasure whose mark does not say whose it is (written before
   * erasureResumeUser was recorded) and whose ticket names them no more: when the outbox's
   * upkeep logged it, once, for an operator to run by hand (PrivacyFlows.finishErasures).
   */
  erasureResumeOrphanLogged?: Date;
  /**
   * Such a resume checked by the outbox's upkeep for whom its ticket names (the person whose
   * userKey is the mark: then finished, else logged, erasureResumeOrphanLogged), once: not read
   * again. One logged by an older upkeep that never checked it (before 728032d1) has none, and
   * is checked once.
   */
  erasureResumeOrphanChecked?: Date;
  /**
   * That erasure's run by the outbox's upkeep failed: not before this is it run again (backing
   * off, ERASURE_RETRY_FIRST_MS doubled at each failure up to ERASURE_RETRY_MAX_MS). Gone with
   * erasureResumeUser.
   */
  erasureResumeRetryAt?: Date;
  /** How many of the upkeep's runs of that erasure failed in a row. Gone with erasureResumeUser. */
  erasureResumeTries?: number;
  /**
   * That erasure's run by the outbox's upkeep refused as the person owns a customer now as a
   * guest of the workspace: when its admin was told to give it another owner (once; the upkeep
   * tries again, backing off, and finishes it then). Gone with erasureResumeUser.
   */
  erasureResumeOwnerTold?: Date;
  /**
   * The codes of the customers that admin's DMs named (up to ten each; the rest counted): a later
   * try that finds the person owning one not named (the ten handed on, the rest left) tells them
   * again, with those. Gone with erasureResumeUser.
   */
  erasureResumeOwnerNamed?: string[];
  /**
   * The admins those DMs went to (Slack ids): none of them an admin any more at a later try (the
   * starter demoted, or erased: their user scrub takes them off), the admins as they then stand
   * are told the whole list (PrivacyFlows.finishErasures). Gone with erasureResumeUser.
   */
  erasureResumeOwnerTo?: string[];
  /**
   * That erasure waiting on a guest owner in a workspace with no admin to tell: when the upkeep
   * last logged so (a warning, then not again before a day has passed: tried every 30 minutes),
   * unset once an admin is told. Gone with erasureResumeUser.
   */
  erasureResumeNoAdminWarned?: Date;
  /**
   * That erasure waiting on a guest owner: when the upkeep last logged that it is kept and tried
   * again as a warning (at its first try, then once a day: tried every 30 minutes, logged as info
   * between). Gone with erasureResumeUser.
   */
  erasureResumeWaitWarned?: Date;
  /**
   * That erasure's own key (random, on one of its marks): its admin's DMs are keyed by it, not by
   * a ticket another erasure may mark too. Gone with erasureResumeUser.
   */
  erasureResumeOwnerKey?: string;
  /**
   * That erasure's own id (random, written by the run that marked the ticket; a run of it again
   * keeps it): the outbox's upkeep keys the DMs telling its admins it finished or gave it up by
   * it, so a second run of it writes the same keys and a later erasure of the same person has
   * its own. Gone with erasureResumeUser.
   */
  erasureResumeId?: string;
  /**
   * While that erasure waits on the person's customers' owner (erasureResumeOwnerTold): when
   * this ticket's resume was told to its assignee (its thread line and DM, without the person's
   * words: PrivacyFlows.finishErasures), once; its other notices still wait for the erasure.
   * Kept until its resume is announced (the erasure done, or given up), which then redraws only
   * its card: not told twice should the wait outlast the outbox's keys (7 days).
   */
  erasureResumeToldWaiting?: Date;
  /**
   * When that erasure was done (nothing of theirs left in the ticket) with its resume still
   * owed: the outbox's upkeep announces it from then on (PrivacyFlows.repairResumes), should the
   * erasure's own announcement have failed.
   */
  erasureResumeReady?: Date;
  /**
   * That resume was written on the ticket still owing an earlier change's notices (its mark,
   * `noticesOwedAt`, left for the notices repair): the repair's replay, or a later step's, writes
   * that change's thread line and then the resume's, so its announcement writes nothing while
   * the mark is there, whatever step came after it (PrivacyFlows.announceResume). Gone with
   * erasureResumeOwed.
   */
  erasureResumeLeft?: boolean;
  /** The requester's survey (sent on the first resolution to a requester in Slack). */
  survey?: TicketSurvey;
  /** The last delay notice or progress note the requester was sent (#10). */
  progressNoteAt?: Date;
  /**
   * The new date the last delay notice promised the requester (`YYYY-MM-DD`, the workspace's
   * day, as the agent typed it): the card shows it beside the SLA's due time while open, and the
   * SLA sweep drafts no delay notice of its own while it is past the resolution target (they
   * already know it ends later).
   */
  promisedDate?: string;
  /**
   * The promised date (`promisedDate`) its assignee was given a delay draft for once it passed
   * with the ticket still open: one draft per promise; a new delay notice's date starts anew.
   */
  promiseLapsedFor?: string;
  /**
   * The number of the ticket this duplicate was merged into (closed with it): never a resolution
   * nor a breach in any figure (`countsInFigures`).
   */
  mergedInto?: string;
  /** The card link of the ticket it was merged into, when known at the merge. */
  mergedIntoLink?: string;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export type NewTicket = Omit<TicketRecord, 'id' | 'createdAt' | 'updatedAt'>;

/** A ticket as the digest reads it. */
export type DigestTicket = Pick<
  TicketRecord,
  | 'number'
  | 'type'
  | 'status'
  | 'assigneeId'
  | 'receivedAt'
  | 'firstResponseAt'
  | 'resolvedAt'
  | 'closedAt'
  | 'metrics'
  | 'sla'
  | 'pauses'
  | 'customerId'
  | 'complaint'
  | 'survey'
  | 'mergedInto'
  | 'replyFrom'
  | 'pastReplies'
  | 'createdBy'
> &
  // When it was entered (absent from the reports' days stored before it was kept).
  Partial<Pick<TicketRecord, 'createdAt'>>;

export interface TicketInput {
  /** The modal submission (view id): saving the same modal twice makes one ticket. */
  submissionId: string;
  customerCode: string;
  type: TicketType;
  severity: Severity;
  channel: IntakeChannel;
  title: string;
  description: string;
  receivedAt: Date;
  /**
   * The Received time was typed by the filer (New ticket): one over 1 business hour before the
   * filing marks the ticket logged late (`TicketMetrics.loggedLateMinutes`). A customer channel's
   * message (its own time) never does: a late intake there is the desk's, not a person's.
   */
  receivedTyped?: true;
  sourcePermalink?: string;
  source?: { channel: string; ts: string };
  /** Complaints: their own urgency scale (required for a complaint). */
  complaintUrgency?: ComplaintUrgency;
  /** Who reported it, when not the person filing it (#10). */
  requester?: TicketRequester;
  /** The customer channel thread it came from (#10). */
  conversation?: TicketConversation;
  /** The ticket whose thread a reply too late for it opened this one in (`TicketRecord.follows`). */
  follows?: string;
  /** The New ticket modal that made a message's ticket (`TicketRecord.formView`). */
  formView?: string;
  /** Who filed it, when not the request's actor (the desk, for a customer channel's message). */
  createdBy?: string;
}

/**
 * What Slack's users.info said of the person a ticket is handed to (Reassign's assignee, an L2
 * escalation's expert), asked when only the open desk makes them one who works tickets: `null`
 * a member of the workspace; else why they take no ticket (a bot, a deactivated account, a
 * guest), or `unknown` when Slack did not say in time (src/ticket/service.ts `assertTarget`).
 */
export interface HandedTo {
  userId: string;
  unfit:
    | { reason: 'bot' | 'deactivated' | 'guest' | 'external'; name: string }
    | null
    | 'unknown'
    | 'unchecked';
}

export type ActionParams =
  | { action: 'claim' | 'close' }
  /**
   * `reply`: what the customer said in the ticket's conversation that resumes or reopens it (one
   * timeline line says both); `source`: that message (`<channel>:<ts>`), so a redo adds nothing.
   */
  | {
      action: 'resume' | 'reopen';
      /**
       * A reopen whose holder no longer works tickets (TicketService.act decides): it goes back
       * to the queue, unassigned, and its event names them (`released`).
       */
      release?: boolean;
      reply?: string;
      source?: string;
      /** The reply recorded by staff for a customer outside Slack ("Customer wrote…"). */
      wrote?: CustomerWrote;
      /** `followUp`: the answer was a further top-level message in the channel (`TicketEvent.said`). */
      said?: 'followUp';
      /**
       * A resume or reopen by the customer's message in Slack handled after it was sent (a retry,
       * a redo): when it was sent (its ts). The pause (a reopen's: the time it sat resolved) ends
       * then, not before it began; a reply is owed from then, clamped the same way.
       */
      sentAt?: Date;
      /**
       * A reopen by the customer's message in Slack: when it was sent (its ts, however long ago).
       * The requester's reopen window (REOPEN_DAYS, `recentRequester`) is judged then, not when
       * it is handled (a late delivery, an inbox redo after an outage).
       */
      askedAt?: Date;
      /** A reopen: the desk's, for a revisit that found the issue not solved (`TicketEvent.revisit`). */
      revisit?: boolean;
      /**
       * The desk's, for a person of the customer's who is not the requester (their reply in a
       * customer channel's thread): who wrote (`TicketEvent.writer`).
       */
      writer?: string;
      /**
       * The desk's resume when the customer's organisation left the conversation's channel
       * (`TicketEvent.unshared`): that channel. Taken from the desk (SYSTEM_ACTOR) only.
       */
      unshared?: string;
    }
  /** `question`: what the requester is asked for (required when they are in Slack). */
  | { action: 'wait'; question?: string }
  | { action: 'reassign'; to: string }
  | { action: 'escalate'; reason: string; expertId?: string; fromLevel?: Level }
  /** `said`: the text is the customer's own words, which ones (`TicketEvent.said`). */
  /** `mergedFrom`: the note a merge adds to its target (the duplicate's number). */
  | {
      action: 'note';
      text: string;
      source?: string;
      said?: CustomerSaid;
      /** The customer's message (`said`) was sent before it is noted: when (its ts). */
      sentAt?: Date;
      mergedFrom?: string;
      /** The customer's words recorded by staff for a customer outside Slack ("Customer wrote…"). */
      wrote?: CustomerWrote;
      /**
       * The desk's note of the words of a person of the customer's who is not the requester
       * (their reply in a customer channel's thread): who wrote (`TicketEvent.writer`).
       */
      writer?: string;
      /**
       * The desk's note naming the new ticket opened in this one's thread, too late for it (its
       * number: `followedOnClosed`; kept on the event, `TicketEvent.followedBy`).
       */
      followedBy?: string;
    }
  | {
      action: 'resolve';
      summary: string;
      /** Required to resolve a complaint. */
      rootCause?: RootCause;
      rootCauseText?: string;
      correctiveAction?: string;
      /** An upgrade intent heard: what the customer wants (its hand-off: UpgradeFlows). */
      upgradeWhat?: string;
      /**
       * A complaint's contact no longer owed: its customer was erased whole (TicketService.act
       * sets it from the customer it reads, whatever the caller passed).
       */
      contactWaived?: boolean;
      /** Since when the contact was owed no more (the customer's erasure). */
      contactWaivedAt?: Date;
      /**
       * Resolving a complaint not contacted after an attempt: why (required then; only a
       * complaint manager or an admin may: `mayResolveUncontacted`, set by TicketService.act).
       */
      uncontactedReason?: string;
      mayResolveUncontacted?: boolean;
    }
  /**
   * `outcome` `notReached` (the contact task's "Tried, could not reach"): an attempt, recorded
   * on `complaint.attempts`, not the contact.
   */
  | {
      action: 'contact';
      at: Date;
      via: string;
      summary: string;
      outcome?: 'reached' | 'notReached';
    }
  | { action: 'plan'; summary: string; dates: string }
  /**
   * Classify…: the type, severity and (a complaint's) urgency picked. `rules`: what they make of
   * the ticket's targets, counted from its receipt (TicketService.act fills them in).
   */
  | {
      action: 'classify';
      type: TicketType;
      severity: Severity;
      complaintUrgency?: ComplaintUrgency;
      rules?: Pick<TicketRecord, 'severity' | 'sla' | 'complaint' | 'demand'>;
    }
  /** `into`: the target's number as typed (`T…`); `note`: why, optional. */
  /** `lock`: the merge lock the merge holds on both tickets (TicketService.lockMerge). */
  | { action: 'merge'; into: string; note?: string; link?: string; lock?: string };

export interface TicketClock {
  /** Null once someone has responded. */
  response: SlaStatus | null;
  /** Null once resolved. */
  resolution: SlaStatus | null;
  /** While the customer waits for a next reply (`replyFrom`); else null. */
  reply: SlaStatus | null;
  paused: boolean;
}

export const TICKET_LIST_KINDS = ['open', 'overdue', 'unassigned', 'waiting', 'mine'] as const;
export type TicketListKind = (typeof TICKET_LIST_KINDS)[number];

/** One page of a ticket list, due first. */
export interface TicketPage {
  items: TicketRecord[];
  total: number;
  offset: number;
  /** The page asked for was past the end (tickets closed or moved since): the last one instead. */
  shifted?: true;
}

/** Where a row sits in a list's order (due first, then by number): what keyset paging reads from. */
export interface ListKey {
  /** Unset on a ticket saved before due times were stored (sorts first, as Mongo sorts null). */
  dueAt?: Date;
  number: string;
}

/** One SLA alert a sweep sends: the ticket as it was found, and who owns it now. */
export interface SlaAlert {
  ticket: TicketRecord;
  kind: AlertKind;
  /**
   * Who is told by DM: the ticket's owner after the sweep's changes (an escalation's: whom it
   * handed the ticket to, also when said again by a later sweep and the ticket moved on since).
   */
  owner: string;
  /**
   * An automatic escalation's: whom it handed the ticket to, if anyone. Also on the ticket's
   * other alerts of the same sweep (its breach, found before it): who holds the ticket now.
   */
  holder?: string;
  /** Who held the ticket before that escalation, when someone else (told that it moved on). */
  previous?: string;
  /**
   * A missed contact's: who holds the complaint's open contact task, when not `owner` (the account
   * manager): told by DM too.
   */
  executor?: string;
  /** An L2 escalation given to a manager because no L2 experts are set (`/desk roles`). */
  noExperts?: boolean;
  /**
   * An L2 escalation the holder kept: nobody else the desk picks from was there (`expertFor`
   * leaves out whoever holds it, and falls back to them only then).
   */
  kept?: boolean;
  /**
   * An L3 escalation's: the customer's owner, a guest of the workspace, whose stand-in it went to
   * (TicketRecord.guestOwner, as the escalated ticket names it).
   */
  guestOwner?: string;
  /**
   * A reply breach whose reply has been owed since a reopen that was no message of the
   * customer's (`reopenOwingReply`): who reopened it, said instead of "the customer wrote again".
   */
  reopened?: ReopenedBy;
}

/**
 * Who reopened a ticket without writing to it: its requester (Not solved, reopen), the desk for
 * its revisit call's "not solved", the desk in its own name, a member of staff (`by`: the
 * assignee, a manager, a revisit's executor), or someone no longer named (erased since).
 */
export type ReopenedBy =
  { who: 'requester' | 'staff'; by: string } | { who: 'revisit' | 'desk' | 'someone' };

/** A Slack user's id as a mention may name it (not the desk, nor an erasure's marker). */
const SLACK_USER_ID = /^[UW][A-Z0-9]{2,}$/;

/**
 * Who reopened `ticket` when the reply it owes now (`replyFrom`) is owed since that reopen, not
 * since a message of the customer's: its latest reopen carried no words of theirs (a reply in its
 * conversation, "Customer wrote…": `text`, `source`, `wroteAt`), and the reply is owed from no later than it (a
 * resolution clears what was owed; a message after the reopen, once answered, owes from its own
 * time). Undefined when the customer's words owe it.
 */
export function reopenOwingReply(
  ticket: Pick<TicketRecord, 'replyFrom' | 'timeline' | 'requester'>,
): ReopenedBy | undefined {
  const from = ticket.replyFrom;
  if (!from) return undefined;
  const reopen = ticket.timeline.findLast((e) => e.action === 'reopen');
  if (!reopen || reopen.text !== undefined || reopen.source || reopen.wroteAt || reopen.writer)
    return undefined;
  if (from.getTime() > new Date(reopen.at).getTime()) return undefined;
  if (reopenedForRevisit(reopen)) return { who: 'revisit' };
  if (reopen.by === SYSTEM_ACTOR) return { who: 'desk' };
  if (!SLACK_USER_ID.test(reopen.by)) return { who: 'someone' };
  return {
    who: ticket.requester?.userId === reopen.by ? 'requester' : 'staff',
    by: reopen.by,
  };
}

/**
 * The catalogue's `who`/`by` of a line about a reply owed: who reopened it (`reopenOwingReply`),
 * or `customer` when the customer's words owe it ("the customer wrote again").
 */
export function reopenedSaid(reopened: ReopenedBy | undefined): { who: string; by: string } {
  if (!reopened) return { who: 'customer', by: '' };
  return { who: reopened.who, by: 'by' in reopened ? reopened.by : '' };
}

/**
 * Whether the desk's escalation of a ticket to `level` left it with whom held it before (nobody
 * else to take it: `TicketService.expertFor`), read from its timeline.
 */
export function keptOnEscalation(ticket: Pick<TicketRecord, 'timeline'>, level: number): boolean {
  const i = ticket.timeline.findLastIndex((e) => e.action === 'escalate' && e.level === level);
  const holder = i < 0 ? undefined : ticket.timeline[i]!.assigneeId;
  if (!holder) return false;
  return ticket.timeline.slice(0, i).findLast((e) => e.assigneeId)?.assigneeId === holder;
}

/**
 * Who the desk's escalation of a ticket to `level` handed it to, and who held it before (when
 * someone else), read from its timeline.
 */
export function escalationHandover(
  ticket: Pick<TicketRecord, 'timeline'>,
  level: number,
): { holder?: string; previous?: string } {
  const i = ticket.timeline.findLastIndex((e) => e.action === 'escalate' && e.level === level);
  const holder = i < 0 ? undefined : ticket.timeline[i]!.assigneeId;
  if (!holder) return {};
  const previous = ticket.timeline.slice(0, i).findLast((e) => e.assigneeId)?.assigneeId;
  return previous && previous !== holder ? { holder, previous } : { holder };
}

const BREACHES: ReadonlySet<AlertKind> = new Set([
  'responseBreach',
  'resolutionBreach',
  'contactBreach',
  'planBreach',
  'replyBreach',
  'escalateL2',
  'escalateL3',
]);

/** Breaches (and the escalations they cause), as opposed to warnings. */
export function isBreach(kind: AlertKind): boolean {
  return BREACHES.has(kind);
}

/**
 * Whom a ticket waiting on the customer waits on in Slack (App Home's "Waiting on you"): its
 * requester when they are a Slack user; the one who filed it only when no Slack requester was
 * recorded (a contact outside Slack, or none), who then chases the answer. A ticket the desk
 * filed for a person of another organisation (Slack Connect) waits on nobody's Home here: they
 * have none in this workspace.
 */
/**
 * The desk's resume of a ticket at the erasure of whom it waited on (PrivacyFlows.eraseUser): a
 * Resume by the desk with no words (the desk's resume for a customer's reply carries them).
 */
export function resumedAtErasure(
  event: Pick<TicketEvent, 'action' | 'by' | 'text'> & { unshared?: string },
): boolean {
  return (
    event.action === 'resume' &&
    event.by === SYSTEM_ACTOR &&
    event.text === undefined &&
    event.unshared === undefined
  );
}

/**
 * The desk's reopen for a revisit that found the issue not solved (TaskFlows' notice repair, who
 * logged the call no longer allowed to): its assignee is told, as of anyone else's reopen.
 */
export function reopenedForRevisit(event: Pick<TicketEvent, 'action' | 'by' | 'revisit'>): boolean {
  return event.action === 'reopen' && event.by === SYSTEM_ACTOR && event.revisit === true;
}

/**
 * Its Slack requester's words sent by DM with the app and added to the ticket, no step of it
 * (RequesterFlows.answerByDm: a note said as a reply, from their DM's message): its holder is
 * told by DM, as nobody else reads that conversation.
 */
export function requesterWroteByDm(
  ticket: Pick<TicketRecord, 'requester'>,
  event: Pick<TicketEvent, 'action' | 'by' | 'said' | 'source'>,
): boolean {
  return (
    event.action === 'note' &&
    event.said === 'reply' &&
    event.by === ticket.requester?.userId &&
    typeof event.source === 'string' &&
    /^D[A-Z0-9]+:/.test(event.source)
  );
}

export function waitsOn(ticket: Pick<TicketRecord, 'requester' | 'createdBy'>): string {
  if (ticket.createdBy === SYSTEM_ACTOR) return SYSTEM_ACTOR;
  return ticket.requester?.userId ?? ticket.createdBy;
}

/** How many people may follow a ticket. */
export const FOLLOWERS_MAX = 20;

/**
 * Whether the ticket would wait on nobody: its requester, erased as a Slack user, filed it
 * themselves (it would wait on `[erased]`), no Slack id left and no conversation. Nobody is left
 * to answer, and nobody's Home would show it waiting, so it cannot wait. One an agent filed for
 * them waits on that agent, as for a contact outside Slack (they may call the customer; "Waiting
 * on you" on their Home: test/e2e/next-reply-outside-slack).
 */
export function requesterErased(
  ticket: Pick<TicketRecord, 'requester' | 'conversation' | 'createdBy'>,
): boolean {
  return !requesterInSlack(ticket) && waitsOn(ticket) === ERASED;
}

/** Whether the requester hears from the desk in Slack: a conversation thread, or a DM. */
export function requesterInSlack(
  ticket: Pick<TicketRecord, 'requester' | 'conversation'>,
): boolean {
  return !!(ticket.conversation || ticket.requester?.userId);
}

/**
 * Whether what the ticket's customer says reaches the desk through staff, who record it
 * ("Customer wrote…"): its requester is no Slack person, a contact recorded outside Slack (a
 * name, how they came) or none on record (filed by phone or email without a contact's name).
 */
export function customerOutsideSlack(
  ticket: Pick<TicketRecord, 'requester' | 'conversation'>,
): boolean {
  return !requesterInSlack(ticket);
}

/**
 * One step of a ticket as its requester reads it (the requester's view of the card): what the
 * desk told them, and their own words. Never a note, an escalation's reason, a close, a
 * complaint's contact or a demand's plan.
 */
export type RequesterStep =
  | { kind: 'taken' | 'handedOver'; at: Date; user: string }
  /**
   * `by`: the person who asked, answered or wrote (for a colleague's words the desk noted, its
   * `writer`); absent when only the desk (`SYSTEM_ACTOR`) is on record: no person to name.
   */
  | { kind: 'asked' | 'answered' | 'said'; at: Date; by?: string; text: string }
  | { kind: 'resolved'; at: Date; text: string }
  | { kind: 'reopened'; at: Date }
  /** Merged into the ticket `into` (its number: its card is the desk's). */
  | { kind: 'merged'; at: Date; into: string };

/**
 * A ticket as the requester's view shows it to a person who does not read the desk (a guest of
 * the workspace who holds no role, or one Slack did not describe in time) on a ticket they asked
 * for or filed: its status, their text, the public steps, and the buttons that are theirs. None
 * of the desk's own fields (tier, level, severity, due times, root cause, corrective action, plan,
 * notes) is in it, so none can be drawn.
 */
export interface RequesterTicket {
  id: string;
  number: string;
  title: string;
  description: string;
  status: TicketStatus;
  assigneeId?: string;
  receivedAt: Date;
  resolvedAt?: Date;
  /**
   * Closed as a duplicate: the ticket it is followed in now (`MergedEnd.into`: the one it went
   * into, or where that one went since).
   */
  mergedInto?: string;
  /** With `mergedInto`: who the reader is there, or that it is resolved or closed (`MergedEnd`). */
  mergedRole?: MergedEnd['role'];
  steps: RequesterStep[];
  /** They may press "Not solved, reopen" (their ticket resolved within REOPEN_DAYS). */
  mayReopen: boolean;
  /** Their survey is open to them (sent within SURVEY_DAYS): its buttons are shown. */
  surveyOpen: boolean;
  /** Whether the reader follows it (absent for its requester: they hear of it anyway). */
  following?: boolean;
}

/** What the card of a ticket is for its reader: the desk's triage card, or the requester's view. */
export type CardRead =
  { as: 'desk'; ticket: TicketRecord } | { as: 'requester'; ticket: RequesterTicket };

/**
 * A "you now follow" DM owed to `user`, added to the followers by `by` at `at` in the ticket's
 * addition number `add` (the `followerAdds` it counted: the DM's key, `follower:…:add:<add>`).
 */
export interface FollowerOwed {
  user: string;
  /** Absent once the person who added them was erased (their DM is then worded without them). */
  by?: string;
  add: number;
  at: Date;
}

/**
 * What a requester's message in their DM with the app came to (RequesterFlows.answerByDm): it
 * resumed their ticket waiting on them, or several wait and it was added to none; it was added to
 * their open ticket (the one whose message's thread it was in, or their only one); several are
 * open and it was added to none (`total`: how many, the first of them listed); the ticket it was
 * about (or those they may still reopen) is resolved, or closed, and it was added to none; or,
 * none of theirs open or still reopenable, their newest is closed (or past its reopen window:
 * `latest`) and it was added to none. A closed one merged into another ticket says where its work
 * goes on (`merged`: that ticket, or where it went since, and who they are there, as their card).
 */
export type DmAnswered =
  | { resumed: TicketRecord }
  | { several: TicketRecord[] }
  | { added: TicketRecord }
  | { open: TicketRecord[]; total: number }
  | { resolved: TicketRecord[] }
  | { closed: TicketRecord; latest?: true; merged?: MergedEnd };

/** The most open tickets the answer to a requester's DM lists (the rest counted). */
export const DM_ANSWER_LISTED = 10;

/**
 * The team's week so far on a manager's App Home: since when (the week's first date), the
 * tickets opened and resolved, the share of this week's first responses that were on time and
 * of its resolutions at first contact (null when there were none).
 */
export interface HomeWeek {
  since: string;
  opened: number;
  resolved: number;
  onTime: number | null;
  firstContact: number | null;
}
