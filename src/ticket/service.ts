import { randomUUID } from 'node:crypto';
import { linkedCustomers, type ChannelLinkRepository } from '../channel/repository.js';
import { sideOf } from '../channel/side.js';
import type { LinksRead } from '../channel/types.js';
import type { OutboxRepository } from '../outbox/repository.js';
import { LINKS_READ_FRESH_MS, type CardThreadRead } from '../outbox/types.js';
import { systemClock, type Clock } from '../clock.js';
import type { Ctx } from '../context.js';
import { erased, isStartupHistory } from '../customer/rules.js';
import type { CustomerService } from '../customer/service.js';
import { responseTier } from '../customer/stage-rules.js';
import { TIERS, type CustomerNameNow, type CustomerRecord } from '../customer/types.js';
import { insertNumbered, type SequenceRepository } from '../db/sequence.js';
import { SYSTEM_ACTOR } from '../context.js';
import { AppError, FieldErrors, notFoundAsNull } from '../errors.js';
import { submissionClaimId } from '../forms/submission-key.js';
import { ticketTextFor } from '../privacy/free-text.js';
import { retentionTook } from '../privacy/subjects.js';
import { typedExcerpt } from '../text/clip.js';
import {
  actorSettings,
  allowed,
  assertMay,
  assertReadsDesk,
  assertWorksDesk,
  guestReadRefusal,
  guestRefusalError,
  guestStaffRefusal,
  may,
  openDeskOnly,
  readsDesk,
  REOPEN_DAYS,
  REOPEN_WINDOW_MS,
  withinReopenDays,
  worksTickets,
} from '../permissions.js';
import { SingleFlight } from '../single-flight.js';
import { localDate } from '../time.js';
import type { WorkspaceSettings } from '../workspace/settings.js';
import { complaintManagers, ownerExecutor, staffOnly } from '../workspace/types.js';
import {
  alertThresholds,
  marksKept,
  marksTakenBack,
  thresholds,
  type AlertedTicket,
} from './alerts.js';
import { followRefusal, readsAsRequester, ticketSubject } from './card-actions.js';
import { dueTimes, loggedLateMinutes, ticketCalendar, type StoredClock } from './clock.js';
import { dueAt } from '../sla/business-time.js';
import {
  COMPLAINT_SEVERITY,
  REPEAT_COMPLAINT_DAYS,
  complaintTargets,
  contactCarried,
  demandPlanDue,
  mergeClass,
  mergeClassChanged,
  mergedComplaint,
  mergedContactCalendar,
} from './complaint.js';
import { calendarFromSettings } from '../workspace/calendar.js';
import type { ForeignPipeline } from '../db/pipeline.js';
import {
  DuplicateTicketError,
  MERGE_HOPS,
  type MergeChainCut,
  type TargetTimes,
  type TicketFilter,
  type TicketRepository,
} from './repository.js';
import type { TicketDoc } from './model.js';
import {
  mergeAddsFollowers,
  responseMinutes,
  slaTargets,
  ticketNumber,
  TICKET_NUMBER,
} from './rules.js';
import type { MessageKey } from '../i18n/index.js';
import { answer, assertAllowed, respond, transition } from './transitions.js';
import { skillsMatch } from './rules.js';
import {
  COMPLAINT_URGENCIES,
  FOLLOWERS_MAX,
  OPEN_STATUSES,
  SEVERITIES,
  TASK_STEPS,
  stepHeld,
  deskNoteOnClosed,
  lateReopenOnClosed,
  lateReplyOnClosed,
  requesterInSlack,
  customerOutsideSlack,
  type ActionParams,
  type AlertKind,
  type CardRead,
  type HandedTo,
  type HandoverDmRow,
  type Severity,
  type IntakeChannel,
  type ResponseInput,
  type ProgressCandidate,
  type TicketAction,
  type TicketEvent,
  type TicketInput,
  type ListKey,
  type TicketListKind,
  type TicketRef,
  type TicketPage,
  type FollowerOwed,
  type MergeReach,
  type MergedEnd,
  type TicketRecord,
  type TicketStatus,
  type RequesterStep,
  type RequesterTicket,
  type StepTask,
  standInTakenStill,
  bySubmission,
} from './types.js';

/** The stricter of two severities (urgent before important before general). */
function stricterSeverity(a: Severity, b: Severity): Severity {
  return SEVERITIES.indexOf(a) <= SEVERITIES.indexOf(b) ? a : b;
}

/** The number a new ticket was about to take is already another ticket's: take the next. */
class TicketNumberTakenError extends Error {}

/** The submission was saved by another request: its ticket is the answer. */
class SubmissionSeenError extends Error {
  constructor(readonly ticket: TicketRecord) {
    super('submission already saved');
  }
}

/**
 * The one helper that computes what a ticket stores of its clocks: the next alert time and the
 * due times the lists read. Every write that changes a ticket's clocks (intake, an action, a
 * calendar change) stores what this returns.
 */
export function clockFields(
  settings: WorkspaceSettings,
  ticket: AlertedTicket & Pick<TicketRecord, 'status'>,
  now: Date,
  /**
   * The thresholds of the clocks the alerts watch before this change (`alertThresholds`): a
   * clock it moves later than now has its marks' debts taken back (`marksTakenBack`; the marks
   * stay and no longer stand), one moved later but still past its marks kept standing
   * (`marksKept`).
   */
  before?: Partial<Record<AlertKind, Date>>,
): StoredClock {
  const cal = ticketCalendar(settings, ticket);
  const takenBack = marksTakenBack(ticket, settings, cal, now, before);
  const kept = marksKept(ticket, settings, cal, now, before);
  // Planned from the ticket with those marks dated now, as the write leaves it.
  const alerts = { ...ticket.alerts };
  for (const kind of kept) alerts[kind] = now;
  const pending = Object.values(thresholds({ ...ticket, alerts }, settings, cal, now));
  const next = pending.sort((a, b) => a.getTime() - b.getTime())[0];
  return {
    ...dueTimes(settings, ticket),
    ...(next ? { nextAlertAt: next } : {}),
    ...(takenBack.length ? { takenBack } : {}),
    ...(kept.length ? { kept: Object.fromEntries(kept.map((k) => [k, now])) } : {}),
  };
}

/** The thresholds of a ticket's alerted clocks as they stand (`clockFields`' `before`). */
function thresholdsOf(settings: WorkspaceSettings, ticket: TicketRecord, now: Date) {
  return alertThresholds(ticket, settings, ticketCalendar(settings, ticket), now);
}

/**
 * The breach thresholds of a ticket's alerted clocks from the due times it stores (`clockFields`'
 * `before` for a calendar change, whose earlier calendar is gone): a breach is 1 ms after its due
 * time (`thresholds`); the warnings' are not known.
 */
function storedThresholds(ticket: TicketRecord): Partial<Record<AlertKind, Date>> {
  const after = (d: Date) => new Date(d.getTime() + 1);
  return {
    ...(ticket.responseDueAt ? { responseBreach: after(ticket.responseDueAt) } : {}),
    ...(ticket.resolutionDueAt ? { resolutionBreach: after(ticket.resolutionDueAt) } : {}),
    ...(ticket.replyDueAt ? { replyBreach: after(ticket.replyDueAt) } : {}),
    ...(ticket.complaint && !ticket.complaint.contactedAt
      ? { contactBreach: after(ticket.complaint.contactDueAt) }
      : {}),
    ...(ticket.demand && !ticket.demand.plannedAt
      ? { planBreach: after(ticket.demand.planDueAt) }
      : {}),
  };
}

/**
 * A complaint's contact and a demand's plan due times on the calendar of `settings`, while not
 * met (a met one keeps the target it was measured against): the target at intake counted
 * from when the ticket was received. What a ticket stores is returned unchanged when the
 * calendar gives the same times.
 */
export function calendarTargets(
  settings: WorkspaceSettings,
  ticket: Pick<TicketRecord, 'receivedAt' | 'sla' | 'complaint' | 'demand'>,
): Pick<TicketRecord, 'complaint' | 'demand'> {
  const { complaint, demand } = ticket;
  const out: Pick<TicketRecord, 'complaint' | 'demand'> = {};
  // A ticket from before the targets were kept on it (none stored) keeps its due times: the
  // settings' targets now may not be the ones it was given.
  if (complaint)
    out.complaint =
      complaint.contactedAt || complaint.contactMinutes === undefined
        ? complaint
        : {
            ...complaint,
            // A duplicate merged into it whose contact fell due sooner: from its receipt, on its
            // calendar.
            contactDueAt: dueAt(
              complaint.contactFrom
                ? mergedContactCalendar(settings, complaint, ticketCalendar(settings, ticket))
                : ticketCalendar(settings, ticket),
              complaint.contactFrom ?? ticket.receivedAt,
              complaint.contactMinutes,
            ),
          };
  if (demand)
    out.demand =
      demand.plannedAt || demand.planDays === undefined
        ? demand
        : {
            ...demand,
            planDueAt: demandPlanDue(
              { ...settings, demandPlanDays: demand.planDays },
              calendarFromSettings(settings),
              ticket.receivedAt,
            ),
          };
  return out;
}

/** The due times `calendarTargets` moves that differ from what the ticket stores. */
function movedTargets(
  ticket: TicketRecord,
  targets: Pick<TicketRecord, 'complaint' | 'demand'>,
): TargetTimes {
  const moved: TargetTimes = {};
  const c = targets.complaint?.contactDueAt;
  if (c && c.getTime() !== ticket.complaint?.contactDueAt.getTime()) moved.contactDueAt = c;
  const p = targets.demand?.planDueAt;
  if (p && p.getTime() !== ticket.demand?.planDueAt.getTime()) moved.planDueAt = p;
  return moved;
}

/** Whether a ticket already stores `clock` (a recomputation that changes nothing writes nothing). */
function sameClock(ticket: TicketRecord, clock: StoredClock): boolean {
  const stored = ticket as unknown as Record<string, Date | undefined>;
  const { takenBack: _marks, kept: _kept, ...times } = clock;
  return (Object.keys({ ...times, ...pickClock(ticket) }) as (keyof typeof times)[]).every(
    (key) => (times[key]?.getTime() ?? null) === (stored[key]?.getTime() ?? null),
  );
}

/** The clock fields a ticket stores now. */
function pickClock(ticket: TicketRecord): StoredClock {
  const { nextAlertAt, dueAt, responseDueAt, resolutionDueAt, replyDueAt } =
    ticket as TicketRecord & Partial<Record<keyof StoredClock, Date>>;
  return Object.fromEntries(
    Object.entries({ nextAlertAt, dueAt, responseDueAt, resolutionDueAt, replyDueAt }).filter(
      ([, v]) => v,
    ),
  ) as StoredClock;
}

/**
 * The ticket with its customer's tier (`TicketService.tierNow`) and the customer's revision it is
 * of (`customerTierRevision`): its own copy when it is gone or erased, or when the copy is of a
 * later revision than the customer read. The copy it stores is kept beside it (`storedTier`,
 * `storedTierRevision`), so that a write knows the copy is to follow: an action stores the tier
 * it read with its revision, which a late copy of an earlier tier change then leaves alone.
 */
function withTier(
  ticket: TicketRecord,
  customer: Pick<CustomerRecord, 'tier' | 'erasedAt' | 'revision'> | null,
): TicketRecord {
  if (!customer || customer.erasedAt) return ticket;
  const copied = ticket.customerTierRevision;
  if (copied !== undefined && copied > customer.revision) return ticket;
  if (copied === customer.revision && ticket.customerTier === customer.tier) return ticket;
  return {
    ...ticket,
    customerTier: customer.tier,
    customerTierRevision: customer.revision,
    ...(ticket.storedTier === undefined
      ? {
          storedTier: ticket.customerTier,
          ...(copied === undefined ? {} : { storedTierRevision: copied }),
        }
      : {}),
  };
}

/** The requester's survey can be answered this many days after it was sent (#10). */
export const SURVEY_DAYS = 7;
/** An unanswered survey is sent again once, this many hours after it went. */
export const SURVEY_REMINDER_HOURS = 24;

/**
 * The daily close waits for a resolved ticket's open revisit (its "not solved" reopens it) at
 * least this many days after the resolution: domain 5's last follow-up day (3-7-30); and, a
 * revisit due later (a first revisit day of 30 or more in `revisitDays`, a due date moved), at
 * least REOPEN_DAYS after its due day (`RevisitEnd`).
 */
export const REVISIT_WAIT_DAYS = 30;

/**
 * A resolved ticket's revisit as the daily close reads it (`TaskService.revisitEnds`): ended
 * (done or cancelled) at `endedAt`, or still open (a "not solved" whose reopen is owed counts as
 * open), its due day over at `dueDayEnd` (the start of the day after its due date, in the
 * workspace's time zone).
 */
export type RevisitEnd = { endedAt: Date } | { dueDayEnd: Date };

/** How many open tickets one batch of `recalculateClocks` reads and writes. */
export const CLOCK_BATCH = 200;
/**
 * The most resolved tickets one `tickets-close` run closes in a workspace (the oldest first):
 * each costs a card update (chat.update, about 50 a minute) and a thread line, so the first run
 * after an upgrade, which finds every old resolved ticket past its window, does not flood the
 * outbox; the rest wait for the next day's run (or an operator's `--force`).
 */
export const CLOSE_RUN_MAX = 500;
/** How long a merge holds its two tickets at most (TicketService.lockMerge): a cut-short merge lets go then. */
export const MERGE_LOCK_MS = 30_000;

/**
 * A merge refused as busy (`ticket.merge.error.busy`, on the form's target field) because the
 * same form's submission, by the same person, holds the tickets right now (TicketService.lockMerge
 * `key`): Slack's redelivery or a double click arriving while the first delivery merges. Said as
 * busy to a caller that does not wait for it (TicketFlows.merge does). `held`: the ticket found
 * held and the lock's id, for the waiter to look at that lock alone (`mergeStillHeld`).
 */
export class MergeInFlight extends FieldErrors {
  constructor(
    fields: FieldErrors['fields'],
    readonly held: { ticketId: string; op: string },
  ) {
    super(fields);
  }
}

/** A ticket's merge lock as read (`TicketDoc.mergeLock`, stored on it beside the record's fields). */
function mergeLockOf(ticket: TicketRecord): TicketDoc['mergeLock'] {
  return (ticket as { mergeLock?: TicketDoc['mergeLock'] }).mergeLock;
}

/**
 * Whether `next` takes a ticket out of the open states while a merge other than `op` holds it
 * (its lock not lapsed at `now`): the write `applyIfVersion` would refuse whatever the version.
 */
function heldByOtherMerge(
  current: TicketRecord,
  next: TicketRecord,
  now: Date,
  op: string | undefined,
): boolean {
  const lock = mergeLockOf(current);
  return (
    !!lock &&
    lock.op !== op &&
    lock.until.getTime() > now.getTime() &&
    ((OPEN_STATUSES.includes(current.status) && !OPEN_STATUSES.includes(next.status)) ||
      // Its type or complaint urgency (Classify…): the merge holds on what it checked.
      mergeClassChanged(current, next))
  );
}

/**
 * A ticket as its requester reads it (`RequesterTicket`): only the fields the requester's view
 * shows are copied, so that no staff field can reach what is drawn from it.
 */
function requesterTicket(
  ctx: Pick<Ctx, 'external' | 'guest' | 'actor' | 'settings' | 'now'>,
  ticket: TicketRecord,
  /** Where it stands for the reader, merged (`MergedEnd`), when it was. */
  merged?: MergedEnd,
): RequesterTicket {
  const survey = ticket.survey;
  // Phones and emails typed in it are masked unless they may read them (`ticket.seePersonal`: a
  // guest who filed it for someone else reads it masked), as on the staff card.
  const text = ticketTextFor(ctx.settings, ctx.actor, ticket, ctx.now);
  return {
    id: ticket.id,
    number: ticket.number,
    title: text(ticket.title),
    description: text(ticket.description),
    status: ticket.status,
    ...(ticket.assigneeId && ticket.assigneeId !== SYSTEM_ACTOR
      ? { assigneeId: ticket.assigneeId }
      : {}),
    receivedAt: ticket.receivedAt,
    ...(ticket.resolvedAt ? { resolvedAt: ticket.resolvedAt } : {}),
    // The number they were told it went into (never its card's link: the triage channel's).
    ...(ticket.mergedInto
      ? { mergedInto: merged?.into ?? ticket.mergedInto, mergedRole: merged?.role ?? 'none' }
      : {}),
    steps: ticket.timeline
      .flatMap((event) => requesterStep(event))
      .map((step) => ('text' in step ? { ...step, text: text(step.text) } : step)),
    mayReopen:
      ticket.status === 'resolved' &&
      withinReopenDays(ticket, ctx.now) &&
      allowed(ctx, 'ticket.reopen', { ticket }),
    surveyOpen:
      !!survey &&
      ticket.requester?.userId === ctx.actor &&
      ctx.now.getTime() - survey.sentAt.getTime() <= SURVEY_DAYS * 86_400_000,
    // Follow to who may (`followRefusal`: not on a closed or merged ticket), Stop following to
    // a follower; nothing to its requester.
    ...(ticket.requester?.userId === ctx.actor
      ? {}
      : (ticket.followers ?? []).includes(ctx.actor)
        ? { following: true }
        : followRefusal(ctx, ticket)
          ? {}
          : { following: false }),
  };
}

/**
 * One event of the timeline as the requester was told it, or nothing: the steps the requester's
 * notices tell (taken, handed over to a person, the question asked, resolved with its summary,
 * reopened, merged into another ticket), an answer in the conversation, and the customer's own words; never a note, an
 * escalation's reason, a close or a resume.
 */
function requesterStep(event: TicketEvent): RequesterStep[] {
  const at = event.at;
  switch (event.action) {
    case 'claim':
    case 'reassign':
    case 'escalate':
      return event.assigneeId && event.assigneeId !== SYSTEM_ACTOR
        ? [{ kind: event.action === 'claim' ? 'taken' : 'handedOver', at, user: event.assigneeId }]
        : [];
    case 'wait':
      return event.text ? [{ kind: 'asked', at, ...stepBy(event), text: event.text }] : [];
    case 'response':
      // An answer in the conversation (the requester read it there); a call's summary logged by
      // the agent is the desk's record of it, not their words to the requester.
      return event.via === 'slack' && event.text
        ? [{ kind: 'answered', at, ...stepBy(event), text: event.text }]
        : [];
    case 'note':
      return (event.said ?? event.reply) && event.text
        ? [{ kind: 'said', at, ...stepBy(event), text: event.text }]
        : [];
    case 'resolve':
      return [{ kind: 'resolved', at, text: event.text ?? '' }];
    case 'reopen':
      return [{ kind: 'reopened', at }];
    case 'merge':
      return event.into ? [{ kind: 'merged', at, into: event.into }] : [];
    default:
      return [];
  }
}

/**
 * Who a step's words are by, as the requester reads it: the person who wrote them (`writer`: a
 * colleague of theirs whose reply the desk noted), else who acted; never the desk itself
 * (`SYSTEM_ACTOR` is no Slack user to mention): then nobody is named.
 */
function stepBy(event: Pick<TicketEvent, 'by' | 'writer'>): { by?: string } {
  const by = event.writer ?? event.by;
  return by && by !== SYSTEM_ACTOR ? { by } : {};
}

/** No ticket has the number the person typed or clicked (named back shortened). */
function ticketNotFound(number: string): AppError {
  return new AppError('NOT_FOUND', 'ticket.error.notFound', { number: typedExcerpt(number, 20) });
}

/**
 * The refusal of a staff action to one who does not read the desk (`guestStaffRefusal`: a guest
 * who holds no role, one Slack did not describe in time, a person of another organisation).
 */
function staffRefusal(
  ctx: Pick<Ctx, 'guest' | 'external' | 'actor' | 'settings' | 'teamId'>,
): AppError {
  return guestRefusalError(ctx, guestStaffRefusal(ctx)!);
}

/**
 * Whether `params` is the requester's own step on their own ticket: the one kind of action that
 * one who does not read the desk (`readsDesk`: a guest, a person of another organisation) takes
 * (TicketService.act). The actor is the ticket's requester in Slack (not a follower: another
 * person of the customer's has the desk act for them, src/flows/channels.ts `customerCtx`), and
 * the step is one their own paths take:
 * - their answer to a ticket waiting on them: a resume with their reply and the message it is
 *   (`source`: a reply in the conversation thread, a top-level follow-up, their DM);
 * - their reopen: Not solved, reopen, or a reply in the thread, within REOPEN_DAYS (the
 *   permission table's `recentRequester` judges that);
 * - their words in the conversation noted on the ticket: a note of their message (`source`: a
 *   reply, a follow-up, its edit or deletion).
 * Never one taken for a step task (`step`), nor the desk's forms of those steps (Customer
 * wrote…, a revisit's reopen, a merge's note). The card's Resume and Add note carry none of their
 * words: staff actions, refused to them (the safe default since 8cd93c73). The card's Reopen is
 * the same step as their Not solved here: it is refused to them by the card's own guard, which
 * every card button, menu choice and modal opener asks first (`forStaff`: actDirect in
 * handlers/actions/ticket-direct.ts).
 */
function requesterOwnStep(
  actor: string,
  ticket: Pick<TicketRecord, 'requester'>,
  params: ActionParams,
  step: StepTask | undefined,
): boolean {
  if (step || !ticket.requester?.userId || ticket.requester.userId !== actor) return false;
  switch (params.action) {
    case 'resume':
      return params.reply !== undefined && params.source !== undefined && !params.wrote;
    case 'reopen':
      return !params.wrote && !params.revisit && !params.release;
    case 'note':
      return params.source !== undefined && !params.wrote && !params.mergedFrom;
    default:
      return false;
  }
}

/**
 * Who may answer a survey in a conversation with no Slack requester on record: the customer's
 * people there, by the one rule the channel intake reads (src/channel/side.ts `sideOf`: a person
 * of another organisation; in a channel shared with the customer's organisation, a guest of our
 * workspace; in one of our own channels, one the roles do not name, the open desk's "everyone"
 * not read as "nobody is a customer"), never who works the ticket for the desk (its assignee)
 * or owns its customer (as stored on it, or now), who would be rating their own work as the customer.
 */
async function mayAnswerForCustomer(
  ctx: Ctx,
  ticket: TicketRecord,
  sharedChannel: boolean,
  customers: Pick<CustomerService, 'nameNow'>,
): Promise<boolean> {
  const author = { user: ctx.actor, external: Boolean(ctx.external), guest: ctx.guest };
  if (sideOf(ctx.settings, { shared: sharedChannel }, author, ticket) !== 'customer') return false;
  // Nor its customer's owner now (a change of owner since it was resolved moved no stored
  // accountManagerId on it), as in the customer's channel (src/flows/channels.ts `sideIn`).
  if (author.external) return true;
  return (await customers.nameNow(ctx, ticket.customerId))?.ownerId !== ctx.actor;
}

/**
 * Where a survey's answer was given: the channel of the click (a satisfaction button), or the
 * survey modal the desk opened, and signed, for the person clicking (`signedModal`).
 */
export interface SurveyPlace {
  channel?: string | undefined;
  signedModal?: boolean;
}

/**
 * What TicketService.applyAsRead writes of the ticket as read: the changed ticket and its event,
 * and what to return once written; or what to return with nothing to write.
 */
/**
 * What `recordResponse` did: `first` whether it was the first response; `event` null when nothing
 * was written; `refused` a thread reply from one who may not answer for the desk.
 */
export interface RecordedResponse {
  ticket: TicketRecord;
  event: TicketEvent | null;
  first: boolean;
  refused?: boolean;
  /** The ticket as the write read it (when written): whether it still owed earlier notices. */
  before?: TicketRecord;
}

/** What TicketService.act did. */
export interface ActDone {
  ticket: TicketRecord;
  event: TicketEvent;
  before: TicketRecord;
  /** `key`'s form was saved already: nothing written, `event` the one it wrote. */
  again?: true;
  /** The customer as the action read it (erased included; null: gone), for what follows it. */
  customer: CustomerRecord | null;
  /** The desk channels' links read with the ticket, if they were (`deskLinksIn`). */
  deskLinks?: LinksRead;
  /** The card's thread read with the ticket, if it was (`cardThreadIn`). */
  cardThread?: CardThreadRead;
}

type TicketChange<T> =
  | { next: TicketRecord; event: TicketEvent; written: (updated: TicketRecord) => T }
  | { unchanged: T };

/** Service tickets: intake, one owner at every moment, and the SLA clock on business time. */
/**
 * A merge chain followed no further than its MERGE_HOPS merges (TicketRepository.mergeEnds):
 * logged (where it started, the last ticket reached, which it stands for, and where that one
 * went), so a chain that long is seen and not just read as ending there.
 */
function mergeChainCut(ctx: Partial<Pick<Ctx, 'log'>>): MergeChainCut {
  return (chain) =>
    ctx.log?.warn(
      { ...chain, hops: MERGE_HOPS },
      'merge chain followed no further: its end taken as the last ticket reached',
    );
}

/**
 * Whether a complaint's contact is owed no more as `ticket` is resolved: not made, and its
 * customer (`found`, erased included) erased whole, so contacted no more (its contact task is
 * cancelled `erased` by the daily tasks run). Resolve then goes without it (`transition`).
 */
function contactWaived(ticket: TicketRecord, found: CustomerRecord | null): boolean {
  return !!ticket.complaint && !ticket.complaint.contactedAt && !!found && erased(found);
}

/**
 * Whether the actor may resolve a complaint whose customer could not be reached (after an
 * attempt, with a reason: `transition`): an admin, or one of the complaint's managers (those
 * its DMs go to: `complaintManagers`).
 */
function mayResolveUncontacted(ctx: Ctx, ticket: TicketRecord): boolean {
  return (
    ctx.settings.admins.includes(ctx.actor) ||
    complaintManagers(ctx.settings, ticket, '').includes(ctx.actor)
  );
}

/**
 * A complaint merged only into a ticket of its own customer: closed into another customer's
 * complaint, it would leave its customer's file (their complaint count, repeats, churn hold) and
 * its contact would never be made, the target's contact and root cause being about the other
 * customer. Other types may go across customers (one outage reported by several customers).
 * Refused on the merge modal's `target` field (`refuse`: mergeCheck's).
 */
function complaintOfOtherCustomer(
  duplicate: TicketRecord,
  target: TicketRecord,
  refuse: (key: MessageKey, params?: Record<string, string>) => FieldErrors,
): void {
  if (duplicate.type !== 'complaint' || target.customerId === duplicate.customerId) return;
  throw refuse('ticket.merge.error.complaintOtherCustomer', { duplicate: duplicate.number });
}

/**
 * Whether `ticket` was merged by the form submission `key` of `actor`: its last merge event
 * carries it (`bySubmission`), by them.
 */
const mergedBySubmission = (ticket: TicketRecord, key: string, actor: string): boolean =>
  !!bySubmission(ticket, key, actor, { action: 'merge', last: true });

export class TicketService {
  constructor(
    private readonly repos: {
      tickets: TicketRepository;
      sequences: SequenceRepository;
      /**
       * The desk channels' links, read along with a ticket (`deskLinksIn`); a conversation's
       * channel link, read before a Wait (`assertCustomerStays`).
       */
      links?: Pick<ChannelLinkRepository, 'byChannelsPipeline' | 'byChannel'>;
      /** The desk's clock: when such a read began (`LinksRead.at`). */
      clock?: Clock;
      /** The card's thread in the outbox, read along with a ticket (`cardThreadIn`). */
      outbox?: Pick<OutboxRepository, 'cardThreadPipeline' | 'cardThreadOf'>;
    },
    private readonly customers: CustomerService,
  ) {}

  /**
   * The links of the workspace's desk channels (the settings' triage, escalation, alerts and
   * digest channels) as a pipeline another read runs along, and what it found (`of`: each desk
   * channel's customer id, undefined when not linked, stamped with the desk's clock as the read
   * begins: call this right before it): the outbox's delivery in the same request asks whether a
   * desk channel is linked to a customer now, and takes this read's answer instead of reading
   * the link again while it is fresh (OutboxWorker.deliver's `links`). None without desk
   * channels.
   */
  deskLinksIn(
    ctx: Pick<Ctx, 'teamId' | 'settings'>,
  ): { join: ForeignPipeline; of: (docs: unknown[]) => LinksRead } | undefined {
    const desk = [...new Set(Object.values(ctx.settings.channels).filter((c): c is string => !!c))];
    if (!desk.length || !this.repos.links) return undefined;
    const at = (this.repos.clock ?? systemClock).now().getTime();
    return {
      join: this.repos.links.byChannelsPipeline(ctx.teamId, desk),
      of: (docs) => ({ at, linked: linkedCustomers(desk, docs) }),
    };
  }

  /**
   * The card's thread (the replies still owed in it) as a pipeline the ticket's read runs along,
   * and what it found (`of`), stamped with the desk's clock as the read begins: the delivery in
   * the same request asks whether an earlier reply there holds its own back, and takes this
   * answer while it is fresh (OutboxWorker.deliver's `thread`). None without the outbox's
   * repository; `of` gives none for a ticket whose card is not posted, more owed than the read
   * takes, or one that owed notices when read: a change, an alert or a resume whose replies
   * may be being written right then (nothing says when they are in: read again at delivery).
   */
  private cardThreadIn(ctx: Pick<Ctx, 'teamId'>):
    | {
        join: ForeignPipeline;
        of: (t: TicketRecord, docs: unknown[]) => CardThreadRead | undefined;
      }
    | undefined {
    const outbox = this.repos.outbox;
    if (!outbox) return undefined;
    const at = (this.repos.clock ?? systemClock).now().getTime();
    return {
      join: outbox.cardThreadPipeline(ctx.teamId, new Date(at), new Date(at + LINKS_READ_FRESH_MS)),
      of: (ticket, docs) => {
        const { channel, ts } = ticket.card;
        if (!channel || !ts) return undefined;
        if (
          ticket.noticesOwedAt ||
          ticket.alertsOwed?.length ||
          ticket.erasureResumeOwed ||
          ticket.intakeCheckOwedAt
        )
          return undefined;
        const entries = outbox.cardThreadOf(docs);
        return entries ? { at, ticketId: ticket.id, channel, ts, entries } : undefined;
      },
    };
  }

  /** The card's thread (`cardThreadIn`) read with a ticket this service returned, as `linksRead`. */
  private readonly threadRead = new WeakMap<
    TicketRecord,
    { ctx: object; thread: CardThreadRead }
  >();

  /**
   * The desk channels' links (`deskLinksIn`) read with a ticket this service returned, and in
   * which request (a per-request memo, as `customerRead`: another request's ctx takes none): kept
   * by the ticket as read, and by the ticket `tierNow` made of it.
   */
  private readonly linksRead = new WeakMap<TicketRecord, { ctx: object; links: LinksRead }>();

  /**
   * Submissions being saved on this instance, by team and submission: a submission sent again
   * while its first copy is still being saved (a double click, Slack retrying) waits for it
   * and gets its outcome, and takes no ticket number of its own.
   */
  private readonly saving = new Map<string, Promise<{ ticket: TicketRecord; created: boolean }>>();

  /** List pages being read on this instance: identical requests at once share one read. */
  private readonly reads = new SingleFlight();

  /**
   * The customer `tierNow` read for a ticket it returned, and in which request (a per-request
   * memo: another request's ctx reads again).
   */
  private readonly customerRead = new WeakMap<
    TicketRecord,
    { ctx: object; found: CustomerRecord | null }
  >();

  /** Saves a new ticket; the same submission again returns the ticket it made (`created` false). */
  async create(
    ctx: Ctx,
    input: TicketInput,
    /**
     * Whether a change of the customer's owner since it was read is caught up here
     * (`catchUpOwner`); false: the caller does, with the read of the customer it makes after
     * the insert anyway (TicketFlows.create's erasure re-check).
     */
    catchUp = true,
  ): Promise<{ ticket: TicketRecord; created: boolean }> {
    const key = `${ctx.teamId}:${input.submissionId}`;
    const under = this.saving.get(key);
    if (under) return { ticket: (await under).ticket, created: false };
    const work = this.createOnce(ctx, input, catchUp);
    this.saving.set(key, work);
    try {
      return await work;
    } finally {
      this.saving.delete(key);
    }
  }

  private async createOnce(
    ctx: Ctx,
    input: TicketInput,
    catchUp: boolean,
  ): Promise<{ ticket: TicketRecord; created: boolean }> {
    // The submission seen before (a ticket it made) and the customer, in one command; no such
    // customer: the submission looked for alone, then the customer's read refuses it, as before.
    const both = await this.customers.readWith(
      ctx,
      input.customerCode,
      this.repos.tickets.bySubmissionPipeline(ctx.teamId, input.submissionId),
    );
    const seen = both
      ? this.repos.tickets.fromDocs(both.joined)[0]
      : await this.repos.tickets.bySubmission(ctx.teamId, input.submissionId);
    if (seen) return { ticket: seen, created: false };
    const customer = both?.customer ?? (await this.customers.get(ctx, input.customerCode));
    try {
      const ticket = await this.insert(ctx, input, customer);
      return { ticket: catchUp ? await this.catchUpOwner(ctx, ticket) : ticket, created: true };
    } catch (err) {
      if (!(err instanceof SubmissionSeenError)) throw err;
      return { ticket: err.ticket, created: false };
    }
  }

  /**
   * A ticket just inserted with the customer's owner and tier as read (`accountManagerRevision`,
   * `customerTierRevision`): a change of owner or tier saved since, whose copy may have run
   * before the ticket was in, is written on it now (one read; the writes idempotent and never
   * back: TicketRepository.reassignCustomer, retierCustomer). A failure is logged and the
   * customer marked as owing its copies (the outbox job writes them). `read`: the customer's
   * owner and tier as the caller read them after the insert (not read again).
   */
  async catchUpOwner(
    ctx: Ctx,
    ticket: TicketRecord,
    read?: { now: CustomerNameNow | null },
  ): Promise<TicketRecord> {
    const copied = ticket.accountManagerRevision ?? 0;
    try {
      const now = read ? read.now : await this.customers.nameNow(ctx, ticket.customerId);
      if (!now) return ticket;
      const owner = now.revision > copied;
      // Written even when the tier read is the ticket's (Key, Normal, Key again meanwhile): the
      // revision recorded keeps a late copy of the change between from writing its older tier.
      const tier = now.revision > (ticket.customerTierRevision ?? -1);
      if (!owner && !tier) return ticket;
      // This ticket only, as its tier below: the customer's other open tickets are the change's
      // copies' to move (moved here, the repair of a copy that failed would find nothing to
      // move, and draw none of their cards and Homes again).
      if (owner) {
        const { accountManagerId, guestOwner } = accountManagerOf(ctx.settings, now);
        await this.repos.tickets.reassignCustomer(
          ctx.teamId,
          ticket.customerId,
          accountManagerId,
          now.revision,
          guestOwner,
          ticket.id,
        );
      }
      // Its next alert planned again for the tier (an SLA of the ticket's severity stays). This
      // ticket only: the customer's other open tickets are the change's copies' to write, which
      // draw their cards again (written here, a copy would then find them written, no card).
      if (tier)
        await this.repos.tickets.retierCustomer(
          ctx.teamId,
          ticket.customerId,
          now.tier,
          now.revision,
          ctx.now,
          undefined,
          ticket.id,
        );
      // A tier moved up (or the customer marked key potential) since the intake's read: its first
      // response due sooner, as the change's copies do for the customer's other tickets. Its line
      // is the intake's to post.
      // Changed meanwhile each time: the customer marked as owing its copies (below), whose
      // repair tightens it.
      if (
        tier &&
        (
          await this.tightenForTier(
            ctx,
            {
              id: ticket.customerId,
              tier: now.tier,
              potential: now.potential,
              revision: now.revision,
            },
            ticket.id,
          )
        ).missed
      )
        throw new Error('ticket opened: changed meanwhile, its stricter target left to the repair');
      return (await this.repos.tickets.byNumber(ctx.teamId, ticket.number)) ?? ticket;
    } catch (err) {
      ctx.log.warn(
        { err, ticket: ticket.number },
        'ticket opened: a change of its customer’s owner since it was read is not written on it',
      );
      await this.customers
        .markNameOwed(ctx, ticket.customerId)
        .catch((err: unknown) =>
          ctx.log.warn(
            { err, ticket: ticket.number },
            'ticket opened: its customer not marked as owing its copies',
          ),
        );
      return ticket;
    }
  }

  /**
   * What a complaint or a demand adds at intake: a complaint's severity, resolution target,
   * contact and resolution due times (its urgency's targets) and the customer's complaints of
   * the last 90 days (a repeat is flagged); a demand's plan-and-dates due time.
   */
  private intakeRules(
    ctx: Ctx,
    input: TicketInput,
    customer: CustomerRecord,
  ): Promise<Pick<TicketRecord, 'severity' | 'sla' | 'complaint' | 'demand'>> {
    return this.targetRules(ctx, input, customer);
  }

  /**
   * The severity and targets a ticket of `input`'s type, severity and complaint urgency has,
   * counted from its receipt: a complaint's severity is the stricter of the one picked and its
   * urgency's (a "critical" complaint is urgent; an urgent severity picked is never dropped), its
   * resolution target and contact due time its urgency's; a demand's plan is due
   * `demandPlanDays` working days after. What intake stores, and what Classify… stores again
   * (`current`: the ticket classified; a complaint's contact made and a demand's plan given are
   * kept, and it is no repeat of itself). A demand made another type no longer owes a plan (the
   * ticket is taken to have been so from the start: no plan target, no `planBreach`), but a plan
   * already given stays with its dates (the customer has them); made a demand again, its plan is
   * due from the receipt once more, as on a ticket filed so.
   */
  private async targetRules(
    ctx: Ctx,
    input: Pick<TicketInput, 'type' | 'severity' | 'complaintUrgency' | 'receivedAt'>,
    customer: Pick<CustomerRecord, 'id' | 'tier' | 'potential'>,
    current?: TicketRecord,
  ): Promise<Pick<TicketRecord, 'severity' | 'sla' | 'complaint' | 'demand'>> {
    // A plan given already: kept whatever the type now (Classify…).
    const planGiven = current?.demand?.plannedAt ? { demand: current.demand } : {};
    if (input.type === 'complaint') {
      const urgency = input.complaintUrgency ?? 'general';
      const severity = stricterSeverity(input.severity, COMPLAINT_SEVERITY[urgency]);
      const sla = slaTargets(ctx.settings, severity, responseTier(customer));
      const cal = ticketCalendar(ctx.settings, { sla });
      const targets = complaintTargets(ctx.settings, urgency, cal, input.receivedAt);
      const was = current?.complaint;
      // A duplicate merged into it whose contact fell due sooner (`mergedComplaint`): its due
      // time (on the duplicate's calendar) stands while it is still the sooner one.
      const mergedContact =
        was?.contactFrom && was.contactMinutes !== undefined
          ? dueAt(
              mergedContactCalendar(ctx.settings, was, cal),
              was.contactFrom,
              was.contactMinutes,
            )
          : undefined;
      const mergedResolution = was?.mergedResolutionDueAt;
      const since = new Date(input.receivedAt.getTime() - REPEAT_COMPLAINT_DAYS * 86_400_000);
      const repeatOf = was
        ? (was.repeatOf ?? [])
        : (await this.repos.tickets.complaintsSince(ctx.teamId, customer.id, since)).filter(
            (n) => n !== current?.number,
          );
      const contacted = was?.contactedAt
        ? {
            contactDueAt: was.contactDueAt,
            ...(was.contactMinutes !== undefined ? { contactMinutes: was.contactMinutes } : {}),
            contactedAt: was.contactedAt,
            ...(was.contactedBy ? { contactedBy: was.contactedBy } : {}),
            ...(was.contactVia ? { contactVia: was.contactVia } : {}),
            ...(was.contactSummary ? { contactSummary: was.contactSummary } : {}),
          }
        : mergedContact && mergedContact < targets.contactDueAt
          ? {
              contactDueAt: mergedContact,
              contactMinutes: was!.contactMinutes!,
              contactFrom: was!.contactFrom!,
              ...(was!.contactAroundTheClock !== undefined
                ? { contactAroundTheClock: was!.contactAroundTheClock }
                : {}),
            }
          : { contactDueAt: targets.contactDueAt, contactMinutes: targets.contactMinutes };
      return {
        severity,
        sla: { ...sla, resolutionMinutes: targets.resolutionMinutes },
        complaint: {
          urgency,
          ...contacted,
          resolutionDueAt:
            mergedResolution && mergedResolution < targets.resolutionDueAt
              ? mergedResolution
              : targets.resolutionDueAt,
          ...(mergedResolution ? { mergedResolutionDueAt: mergedResolution } : {}),
          ...(repeatOf.length ? { repeatOf } : {}),
        },
        ...planGiven,
      };
    }
    // A key potential customer is served at the strategic tier's target.
    const sla = slaTargets(ctx.settings, input.severity, responseTier(customer));
    if (input.type === 'demand')
      return {
        severity: input.severity,
        sla,
        demand: current?.demand ?? {
          planDueAt: demandPlanDue(
            ctx.settings,
            calendarFromSettings(ctx.settings),
            input.receivedAt,
          ),
          planDays: ctx.settings.demandPlanDays,
        },
      };
    return { severity: input.severity, sla, ...planGiven };
  }

  /**
   * What Classify… makes of `ticket`: the targets of the type, severity and urgency picked, on
   * the customer's response tier now (`customer`, as the action read it: `tierNow`; the tier
   * the ticket keeps when it is gone or erased).
   */
  private async classifyRules(
    ctx: Ctx,
    ticket: TicketRecord,
    params: Extract<ActionParams, { action: 'classify' }>,
    customer: CustomerRecord | null,
  ): Promise<Pick<TicketRecord, 'severity' | 'sla' | 'complaint' | 'demand'>> {
    return this.targetRules(
      ctx,
      {
        type: params.type,
        severity: params.severity,
        receivedAt: ticket.receivedAt,
        ...(params.complaintUrgency ? { complaintUrgency: params.complaintUrgency } : {}),
      },
      customer ?? { id: ticket.customerId, tier: ticket.customerTier, potential: 'ordinary' },
      ticket,
    );
  }

  private async insert(
    ctx: Ctx,
    input: TicketInput,
    customer: CustomerRecord,
  ): Promise<TicketRecord> {
    const year = Number(ctx.today.slice(0, 4));
    const rules = await this.intakeRules(ctx, input, customer);
    // Logged over 1 business hour after the Received time the filer typed: kept, never refused.
    // Staff only (who reads the desk, filing in their own name): a guest or a person of another
    // organisation filing their own request is the customer's side, held to no intake time.
    // Not a request received before the workspace's first record: history the team brings to
    // the desk (its first days' backfill of open requests), as the reports count it
    // (`openedAt`); the change log is read only for a ticket that would be late.
    const late =
      input.receivedTyped && readsDesk(ctx) && (input.createdBy ?? ctx.actor) === ctx.actor
        ? loggedLateMinutes(ctx.settings, input.receivedAt, ctx.now)
        : undefined;
    const lateMinutes =
      late && !isStartupHistory(input.receivedAt, await this.customers.firstRecordAt(ctx))
        ? late
        : undefined;
    return insertNumbered({
      sequences: this.repos.sequences,
      teamId: ctx.teamId,
      kind: 'ticket',
      period: year,
      format: (n) => ticketNumber(year, n),
      isTaken: (err) => err instanceof TicketNumberTakenError,
      insert: async (number) => {
        const ticket: Omit<TicketRecord, 'id' | 'createdAt' | 'updatedAt'> = {
          teamId: ctx.teamId,
          number,
          customerId: customer.id,
          customerCode: customer.code,
          customerName: customer.name,
          customerTier: customer.tier,
          // A late copy of an earlier tier change leaves it (TicketRepository.retierCustomer).
          customerTierRevision: customer.revision,
          // A guest owner's manager stands in for them (`ownerExecutor`), the guest named.
          ...accountManagerOf(ctx.settings, customer),
          accountManagerRevision: customer.revision,
          type: input.type,
          severity: rules.severity,
          channel: input.channel,
          title: input.title,
          description: input.description,
          ...(input.sourcePermalink ? { sourcePermalink: input.sourcePermalink } : {}),
          ...(input.source ? { source: input.source } : {}),
          ...(input.requester ? { requester: input.requester } : {}),
          ...(input.conversation ? { conversation: input.conversation } : {}),
          ...(input.follows ? { follows: input.follows } : {}),
          submissionId: input.submissionId,
          ...(input.formView ? { formView: input.formView } : {}),
          receivedAt: input.receivedAt,
          createdBy: input.createdBy ?? ctx.actor,
          // A guest filing (Slack said so: src/flows/tickets.ts `filer`) is the requester side, as a person of
          // another organisation is: never the filer role's staff rights.
          ...(ctx.guest === 'guest' && (input.createdBy ?? ctx.actor) === ctx.actor
            ? { filedByGuest: true }
            : {}),
          status: 'new',
          level: 1,
          sla: rules.sla,
          ...(rules.complaint ? { complaint: rules.complaint } : {}),
          ...(rules.demand ? { demand: rules.demand } : {}),
          pauses: [],
          metrics: {
            escalations: 0,
            reassignments: 0,
            reopenCount: 0,
            ...(lateMinutes ? { loggedLateMinutes: lateMinutes } : {}),
          },
          card: { pending: true },
          // Cleared once its notices are in the outbox.
          noticesOwedAt: ctx.now,
          // Cleared (or the ticket taken back) by the intake's re-check (TicketFlows.create).
          intakeCheckOwedAt: ctx.now,
          // The account manager who files a ticket (not a complaint) is not told of it: as told.
          accountManagerNotified:
            (input.createdBy ?? ctx.actor) ===
              accountManagerOf(ctx.settings, customer).accountManagerId && !rules.complaint,
          timeline: [],
          alerts: {},
          version: 0,
        };
        try {
          return await this.repos.tickets.insert(
            { ...ticket, ...clockFields(ctx.settings, ticket, ctx.now) },
            ctx.now,
          );
        } catch (err) {
          if (!(err instanceof DuplicateTicketError)) throw err;
          // Which unique index refused it is read from the data, not from the error (engines
          // name the index differently): if this submission's ticket exists, another request
          // (another instance) saved it; else the number was taken and the next one is tried.
          const first = await this.repos.tickets.bySubmission(ctx.teamId, input.submissionId);
          if (first) throw new SubmissionSeenError(first);
          throw new TicketNumberTakenError(number);
        }
      },
    });
  }

  /**
   * A ticket to show as its card, whichever ticket: a person of another organisation (Slack
   * Connect, admitted in a linked channel) hears of their own requests in its conversation, never
   * reads a card. Whoever reads the desk (`readsDesk`) reads the desk's triage card (tier, due
   * times, internal buttons). A person who does not (a guest of the workspace who holds no role,
   * or one Slack did not describe in time) reads the tickets they asked for or filed as the
   * requester's view gives them (`requesterTicket`: its status, their text, the public steps,
   * their reopen and survey buttons; never a staff field), and those they follow (added by the
   * assignee or a manager, or by a merge) the same way, and no other (`assertReadsDesk`): a
   * number that is no ticket is refused to them with the same words, after the same one read, as
   * another person's ticket, so that what they type tells them nothing of which numbers exist
   * (the desk's readers are told there is no such ticket).
   */
  async forCard(
    ctx: Pick<Ctx, 'teamId' | 'external' | 'guest' | 'actor' | 'settings' | 'now'> &
      Partial<Pick<Ctx, 'log'>>,
    number: string,
  ): Promise<CardRead> {
    if (ctx.external) throw new AppError('FORBIDDEN', 'ticket.error.cardStaffOnly');
    if (readsDesk(ctx))
      return { as: 'desk', ticket: (await this.tierNow(ctx, await this.get(ctx, number))).ticket };
    const ticket = await this.repos.tickets.byNumber(ctx.teamId, number.trim());
    if (!ticket || !readsAsRequester(ticket, ctx.actor))
      throw guestRefusalError(ctx, guestReadRefusal(ctx)!);
    // A merged one says who they are on the ticket it is followed in now (the one it went into,
    // or where that one went since), as `/ticket requests` does, or that it is no longer open.
    const merged = ticket.mergedInto
      ? await this.repos.tickets.mergedEnd(
          ctx.teamId,
          ticket.mergedInto,
          ctx.actor,
          mergeChainCut(ctx),
        )
      : undefined;
    return { as: 'requester', ticket: requesterTicket(ctx, ticket, merged) };
  }

  /**
   * Whether a ticket's conversation is in `channel`, a channel shared with another organisation
   * when the ticket was opened there (Slack Connect), even if unlinked since: its people's
   * replies and clicks there still reach the ticket (the envelope check).
   */
  hasSharedConversationIn(teamId: string, channel: string): Promise<boolean> {
    return this.repos.tickets.hasSharedConversationIn(teamId, channel);
  }

  /**
   * The actor follows the ticket (Follow: on its card, or the requester's view): whoever may read
   * it now (`forCard`: a guest only the tickets they asked for, filed or follow), never its
   * requester (told of it anyway) nor its assignee (who works it), not once it is closed or
   * merged (`followRefusal`), while it has room (FOLLOWERS_MAX). Following already is no change.
   * A ticket that changed under each try of the addition is said so (try again), not full.
   * With whom it added (none: following already).
   */
  async follow(ctx: Ctx, number: string): Promise<{ ticket: TicketRecord; added: string[] }> {
    const read = await this.forCard(ctx, number);
    const ticket = await this.get(ctx, read.ticket.number);
    if ((ticket.followers ?? []).includes(ctx.actor)) return { ticket, added: [] };
    this.assertMayFollow(ctx, ticket);
    const after = await this.repos.tickets.addFollowers(
      ctx.teamId,
      ticket.id,
      [ctx.actor],
      FOLLOWERS_MAX,
      ctx.now,
    );
    if ('refused' in after) {
      // Closed or merged since it was read: refused as Follow on it is.
      if (after.refused === 'closed') this.assertMayFollow(ctx, after.ticket);
      throw this.followersRefusal(after.refused, ticket.number, false);
    }
    // Made its assignee since it was read (a claim at the same moment): not added, told why.
    if (!(after.ticket.followers ?? []).includes(ctx.actor))
      this.assertMayFollow(ctx, after.ticket);
    return { ticket: after.ticket, added: after.added };
  }

  /**
   * Why an addition to a ticket's followers added nobody, as the person is told: on the
   * Followers… field (`field`) or as a message. No room for them (`full`: FOLLOWERS_MAX), the
   * ticket changed under each of its tries (`changed`: try again), closed or merged meanwhile
   * (`closed`: the stale click's line), or gone.
   */
  private followersRefusal(
    refused: 'full' | 'gone' | 'changed' | 'closed',
    number: string,
    field: boolean,
  ): AppError | FieldErrors {
    if (refused === 'gone') return new AppError('NOT_FOUND', 'ticket.error.notFound', { number });
    if (refused === 'closed')
      return new AppError('INVALID_INPUT', 'ticket.error.stale.closed', { number });
    const key = refused === 'full' ? 'follower.error.full' : 'follower.error.changed';
    const params = { number, max: FOLLOWERS_MAX };
    return field
      ? new FieldErrors({ followers: { key, params } })
      : new AppError('INVALID_INPUT', key, params);
  }

  /** Refuses the actor Follow on the ticket, as `followRefusal` says (the cards offer it so). */
  assertMayFollow(
    ctx: Pick<Ctx, 'actor' | 'guest' | 'external' | 'settings' | 'teamId'>,
    ticket: TicketRecord,
  ): void {
    const refusal = followRefusal(ctx, ticket);
    if (refusal) throw refusal;
  }

  /**
   * The actor stops following the ticket (their DM's or the view's Stop following). A follower
   * always may. Whoever does not follow it (a stale click: another step DM's button after the
   * first Stop following, a double click; or a crafted one) is told only that they do not follow
   * it, one line for everyone, member or guest, nothing changed. To a person who may not read
   * it (a guest or a person of another organisation) the same line whether or not the ticket
   * exists (not told it exists, nor refused as a stranger); whoever else reads it is answered
   * as for the ticket's card first (`forCard`: a number that is not a ticket is said so).
   */
  async unfollow(ctx: Ctx, number: string): Promise<TicketRecord> {
    const found = await this.repos.tickets.byNumber(ctx.teamId, number.trim());
    if (!found || !(found.followers ?? []).includes(ctx.actor)) {
      const reads = readsDesk(ctx) || (!!found && readsAsRequester(found, ctx.actor));
      if (reads && !ctx.external) await this.forCard(ctx, number);
      throw new AppError('INVALID_INPUT', 'follower.error.notFollowing', {
        number: typedExcerpt(number, 20),
      });
    }
    const after = await this.repos.tickets.removeFollowers(ctx.teamId, found.id, [ctx.actor]);
    return after ?? found;
  }

  /**
   * The followers the daily check asks Slack about today (`TaskFlows.daily`): of the workspace's
   * tickets a step can still reach them on (open or resolved: `STEP_STATUSES`), at most `limit`,
   * a different slice each day (by `ctx.today`) when there are more, so that each is asked within
   * ceil(followers / limit) days.
   */
  async followersToCheck(ctx: Pick<Ctx, 'teamId' | 'today'>, limit: number): Promise<string[]> {
    const all = (await this.repos.tickets.stepFollowerIds(ctx.teamId)).sort();
    if (all.length <= limit) return all;
    const day = Math.floor(Date.parse(`${ctx.today}T00:00:00Z`) / 86_400_000);
    const start = (day * limit) % all.length;
    return [...all.slice(start), ...all.slice(0, start)].slice(0, limit);
  }

  /**
   * A follower Slack says is of another organisation (the daily check, Slack Connect) follows no
   * open or resolved ticket of the workspace any more (a resolved ticket's reopen included), and what was already written to the outbox for them
   * of those tickets is not sent (`dropOwed`: their step DMs, their "you follow" DM): no step of
   * the desk's work is DMed to them. `dropOwed` runs before the followers are pulled (a run that
   * dies after it finds them following still, and does it all again) and after (a step written
   * meanwhile, from the ticket as read before the pull). The ids of the tickets they followed
   * (none when a run before took them off) and how many DMs were dropped.
   */
  async dropExternalFollower(
    ctx: Pick<Ctx, 'teamId'>,
    userId: string,
    dropOwed: (ticketIds: readonly string[]) => Promise<number>,
  ): Promise<{ ticketIds: string[]; dropped: number }> {
    const ticketIds = await this.repos.tickets.stepFollowedBy(ctx.teamId, userId);
    if (!ticketIds.length) return { ticketIds, dropped: 0 };
    let dropped = await dropOwed(ticketIds);
    await this.repos.tickets.dropFollowerFromStepTickets(ctx.teamId, userId);
    dropped += await dropOwed(ticketIds);
    return { ticketIds, dropped };
  }

  /**
   * Merge into…: the duplicate's requester and its followers follow the target (whose requester
   * is left out), so they hear of the ticket their issue now lives in. Only when both are the
   * same customer's tickets and nobody of the duplicate is known to read no more than their own
   * tickets (filed by a guest, or in a conversation shared with another organisation: a guest or
   * an outside person would be told of a ticket they may not read); else nobody is added (they
   * were told the target's number once). Never the target's assignee (every step is theirs
   * already, as Follow refuses them). All in one atomic update when the target has room;
   * else one by one, as many as fit (FOLLOWERS_MAX). Idempotent (`$addToSet`): a repair adds
   * them again harmlessly. Who follows the target after it (its followers and its requester, who
   * hears of it anyway): the duplicate's followers are told they follow it there only if so; and
   * how it reaches its assignee and requester (`MergeReach`): one of them is told so instead.
   * With whom it added and the target as stored after the addition (`stored`; none: nobody
   * added): a step written on it between an addition's read and its write is theirs to be told
   * (RequesterNotifier.stepsSinceFollowed), as Follow's is.
   */
  async followMerged(
    ctx: Ctx,
    duplicate: TicketRecord,
    target: Pick<
      TicketRecord,
      'id' | 'customerId' | 'followers' | 'requester' | 'assigneeId' | 'conversation'
    >,
  ): Promise<{ reach: MergeReach; added: string[]; stored?: TicketRecord }> {
    let after: Pick<TicketRecord, 'followers' | 'requester'> = target;
    let stored: TicketRecord | undefined;
    const added: string[] = [];
    const following = () => {
      const requester = after.requester?.userId;
      const reach: MergeReach = {
        following: [...(requester ? [requester] : []), ...(after.followers ?? [])],
        ...(target.assigneeId ? { assigneeId: target.assigneeId } : {}),
        ...(requester
          ? {
              requester: {
                userId: requester,
                ...(target.conversation ? { channel: target.conversation.channel } : {}),
              },
            }
          : {}),
      };
      return { reach, added, ...(stored ? { stored } : {}) };
    };
    if (!mergeAddsFollowers(duplicate, target)) return following();
    const users = [
      ...(duplicate.requester?.userId ? [duplicate.requester.userId] : []),
      ...(duplicate.followers ?? []),
    ].filter((u) => u !== target.assigneeId);
    if (!users.length) return following();
    const repo = this.repos.tickets;
    const all = await repo.addFollowers(ctx.teamId, target.id, users, FOLLOWERS_MAX, ctx.now);
    if (!('refused' in all)) {
      after = stored = all.ticket;
      added.push(...all.added);
      return following();
    }
    for (const user of users) {
      const one = await repo.addFollowers(ctx.teamId, target.id, [user], FOLLOWERS_MAX, ctx.now);
      if ('refused' in one) continue;
      after = stored = one.ticket;
      added.push(...one.added);
    }
    return following();
  }

  /**
   * Followers… opened or submitted: refused on a ticket closed or merged (as the other card
   * modals are, the stale click said), then to anyone but its assignee and the managers.
   */
  assertMayEditFollowers(ctx: Ctx, ticket: TicketRecord): void {
    if (ticket.status === 'closed' || ticket.mergedInto)
      throw new AppError('INVALID_INPUT', 'ticket.error.stale.closed', { number: ticket.number });
    assertMay(ctx, 'ticket.followers', ticketSubject(ticket), { number: ticket.number });
  }

  /**
   * Followers… submitted: the ticket's followers become `users` (the assignee's or a manager's
   * pick). Refused inline: more than FOLLOWERS_MAX, or its requester among them (told anyway).
   * Removals first (one `$pull`), then the additions in one atomic update with the size guard
   * (someone who followed meanwhile leaving no room refuses them: nobody added; a ticket that
   * changed under each of its tries refuses them too, told to try again). Who this call
   * added (not who another submission of the same pick added meanwhile), the DMs the addition
   * owes them (recorded on the ticket in the same update: TicketFlows.repairNotices writes one
   * cut short) and who was taken off.
   */
  async setFollowers(
    ctx: Ctx,
    number: string,
    picked: string[],
  ): Promise<{ ticket: TicketRecord; added: string[]; owed: FollowerOwed[]; removed: string[] }> {
    const current = await this.forStaff(ctx, number);
    this.assertMayEditFollowers(ctx, current);
    const users = [...new Set(picked)];
    this.checkFollowers(current, users);
    const before = current.followers ?? [];
    const removed = before.filter((u) => !users.includes(u));
    let added = users.filter((u) => !before.includes(u));
    let ticket = current;
    let owed: FollowerOwed[] = [];
    if (removed.length)
      ticket = (await this.repos.tickets.removeFollowers(ctx.teamId, ticket.id, removed)) ?? ticket;
    if (added.length) {
      const after = await this.repos.tickets.addFollowers(
        ctx.teamId,
        ticket.id,
        added,
        FOLLOWERS_MAX,
        ctx.now,
        { by: ctx.actor, at: ctx.now },
      );
      if ('refused' in after) {
        // Closed or merged since it was read: refused as Followers… on it is.
        if (after.refused === 'closed') this.assertMayEditFollowers(ctx, after.ticket);
        throw this.followersRefusal(after.refused, ticket.number, true);
      }
      ({ ticket, added, owed } = after);
    }
    return { ticket, added, owed, removed };
  }

  /**
   * Who Followers… may make the ticket's followers, refused on the field: more than
   * FOLLOWERS_MAX of them, its requester among them (they are told of each step anyway), or its
   * assignee (every step is theirs already: Follow refuses them too, `followRefusal`).
   */
  checkFollowers(ticket: TicketRecord, users: readonly string[]): void {
    if (users.length > FOLLOWERS_MAX)
      throw new FieldErrors({
        followers: {
          key: 'follower.error.tooMany',
          params: { max: FOLLOWERS_MAX, count: users.length },
        },
      });
    if (ticket.requester?.userId && users.includes(ticket.requester.userId))
      throw new FieldErrors({
        followers: { key: 'follower.error.pickedRequester', params: { number: ticket.number } },
      });
    if (ticket.assigneeId && users.includes(ticket.assigneeId))
      throw new FieldErrors({
        followers: { key: 'follower.error.pickedAssignee', params: { number: ticket.number } },
      });
  }

  async get(ctx: Pick<Ctx, 'teamId'>, number: string): Promise<TicketRecord> {
    const ticket = await this.repos.tickets.byNumber(ctx.teamId, number.trim());
    if (!ticket) throw ticketNotFound(number);
    return ticket;
  }

  /**
   * The ticket a staff action names (a card's button or menu choice, the modal it opens or its
   * submission: claim, wait, resume, reopen, close, reassign, escalate, note, merge, followers,
   * resolve, plan, log response, customer wrote, a delay notice...), the one guard of every such
   * path: whoever does not read the desk (`readsDesk`: a guest who holds no role, one Slack did
   * not describe in time, a person of another organisation) is refused with the one refusal of
   * a staff action (`guestStaffRefusal`), before any state or permission check, after the
   * same one read whether the number is a ticket, another person's or their own: what they click
   * tells them nothing of which tickets exist, their state or who holds them. Their own steps
   * have their own paths (Not solved, reopen; the survey; their answers in the conversation),
   * which `act` tells from staff actions itself (`requesterOwnStep`).
   * The desk's readers are told there is no such ticket, then the precise answers.
   */
  async forStaff(
    ctx: Pick<Ctx, 'teamId' | 'guest' | 'external' | 'actor' | 'settings'>,
    number: string,
  ): Promise<TicketRecord> {
    const ticket = await this.withCustomer(ctx, number);
    assertWorksDesk(ctx);
    if (!ticket) throw ticketNotFound(number);
    return (await this.tierNow(ctx, ticket)).ticket;
  }

  /**
   * What other repositories' pipelines find (`joins`), read along with the ticket `id` in one
   * command, in that order; null when the ticket is not there.
   */
  alongWith(ctx: Pick<Ctx, 'teamId'>, id: string, joins: ForeignPipeline[]) {
    return this.repos.tickets.alongWith(ctx.teamId, id, joins);
  }

  /**
   * The ticket of `number` read with its customer in one command (the customer kept for
   * `tierNow`, which then reads it no second time in this request): null when no such ticket.
   */
  private async withCustomer(
    ctx: Pick<Ctx, 'teamId' | 'settings'>,
    number: string,
  ): Promise<TicketRecord | null> {
    const links = this.deskLinksIn(ctx);
    const thread = this.cardThreadIn(ctx);
    const read = await this.repos.tickets.byNumberWith(
      ctx.teamId,
      number.trim(),
      this.customers.byCodeIn(ctx, '$customerCode'),
      links?.join,
      thread?.join,
    );
    if (!read) return null;
    if (links) this.linksRead.set(read.ticket, { ctx, links: links.of(read.also) });
    const owed = thread?.of(read.ticket, read.thread);
    if (owed) this.threadRead.set(read.ticket, { ctx, thread: owed });
    this.customerRead.set(read.ticket, {
      ctx,
      found: this.customers.ofDocs(read.joined)[0] ?? null,
    });
    return read.ticket;
  }

  /**
   * The ticket with its customer's value tier now as `customerTier` (one read of the customer),
   * and that customer (null: gone): what L3 is judged by (`topLevelOf`: `stateAllows`, the
   * card's Escalate, the sweep's automatic L3) and Classify…'s targets, so that a tier changed
   * since intake (a manager's override, the quarterly review, new orders) counts at once. A
   * ticket whose customer is gone or erased keeps the tier copied onto it. An action stores the
   * tier it read (`customerTier` is written with its change).
   */
  async tierNow(
    ctx: Pick<Ctx, 'teamId'>,
    ticket: TicketRecord,
  ): Promise<{
    ticket: TicketRecord;
    customer: CustomerRecord | null;
    found: CustomerRecord | null;
  }> {
    // A ticket this same request had from here already (`forStaff`, then `act` with it as
    // `known`): its customer as that read found it, not read a second time.
    const read = this.customerRead.get(ticket);
    const found =
      read?.ctx === ctx
        ? read.found
        : ((await this.customers.getMany(ctx, [ticket.customerCode])).get(ticket.customerCode) ??
          null);
    const customer = found && !found.erasedAt ? found : null;
    const judged = withTier(ticket, customer);
    this.customerRead.set(judged, { ctx, found });
    const links = this.linksRead.get(ticket);
    if (links) this.linksRead.set(judged, links);
    const thread = this.threadRead.get(ticket);
    if (thread) this.threadRead.set(judged, thread);
    return { ticket: judged, customer, found };
  }

  /**
   * What Resolve on `ticket` asks before its modal opens (so nobody fills in the form to be
   * refused): a complaint whose customer was not contacted is refused, saying who records the
   * contact, unless the contact is owed no more (its customer erased whole: `contactWaived`, said
   * on the modal). The submit asks again (`transition`): a contact is never undone, but the
   * modal may be stale.
   */
  async resolveCheck(
    ctx: Ctx,
    ticket: TicketRecord,
  ): Promise<{ contactWaived: boolean; uncontacted?: boolean }> {
    if (!ticket.complaint || ticket.complaint.contactedAt) return { contactWaived: false };
    const { found } = await this.tierNow(ctx, ticket);
    if (contactWaived(ticket, found)) return { contactWaived: true };
    // Tried and not reached: a complaint manager or an admin resolves it, saying why.
    if (ticket.complaint.attempts?.length && mayResolveUncontacted(ctx, ticket))
      return { contactWaived: false, uncontacted: true };
    throw new AppError('INVALID_INPUT', 'ticket.resolve.error.notContacted');
  }

  /** `tierNow` for many tickets: their customers read at once. */
  async tiersNow(ctx: Pick<Ctx, 'teamId'>, tickets: TicketRecord[]): Promise<TicketRecord[]> {
    if (!tickets.length) return tickets;
    const customers = await this.customers.getMany(
      ctx,
      tickets.map((t) => t.customerCode),
    );
    return tickets.map((t) => withTier(t, customers.get(t.customerCode) ?? null));
  }

  /**
   * Applies one action, if the ticket's current state allows it. The update applies only to the
   * version read, so of simultaneous clicks exactly one wins; the others read the ticket again
   * and either still may (someone only added a note meanwhile) or are told what happened
   * ("already claimed by @x") instead of overwriting it.
   */
  async act(
    ctx: Ctx,
    number: string,
    params: ActionParams,
    /** The ticket as the caller just read it (saves a read; a stale copy is read again). */
    known?: TicketRecord,
    /** What Slack said of the person it is handed to (`assertTarget`). */
    handedTo?: HandedTo,
    /** The step task the action is taken for (`stepHeld`): its executor may take that step. */
    step?: StepTask,
    /**
     * The action applies only while this is still the assignee (a hand-over moves only what the
     * leaver holds), asked of every revision the write is tried on: held by someone else by then
     * (claimed, reassigned), it is refused (`handover.error.ticketTaken`) and nothing is written.
     */
    expectAssignee?: string,
    /**
     * The submission that asks for it (`submissionKey`, view id and values: Add note, Plan and
     * dates, Escalate), kept on its event (`source`): the same submission delivered again (Slack's
     * redelivery, a double click) finds it on the timeline, by the same person, and writes nothing
     * (`again`), in the same conditional write, so of two deliveries at once one writes it.
     */
    key?: string,
  ): Promise<ActDone> {
    // One who does not read the desk takes only the requester's own steps on their own ticket
    // (`requesterOwnStep`, judged here on the ticket as read, whoever calls); anything else is a
    // staff action, refused as `forStaff` refuses it: before any state or permission check, the
    // same words whether the number is no ticket, another person's or their own.
    const desk = readsDesk(ctx);
    return this.applyAsRead<ActDone>(
      ctx,
      async (attempt) => {
        if (attempt === 0 && known) return known;
        if (desk) {
          // With its customer, for `tierNow` below: one command.
          const ticket = await this.withCustomer(ctx, number);
          if (!ticket) throw ticketNotFound(number);
          return ticket;
        }
        const found = await this.repos.tickets.byNumber(ctx.teamId, number.trim());
        if (!found) throw staffRefusal(ctx);
        return found;
      },
      async (read) => {
        const { ticket: current, customer, found } = await this.tierNow(ctx, read);
        if (!desk && !requesterOwnStep(ctx.actor, current, params, step)) throw staffRefusal(ctx);
        if (expectAssignee !== undefined && current.assigneeId !== expectAssignee)
          throw ticketTaken(current);
        // This form saved already: answered as saved, whatever the ticket's state since.
        const again = key ? bySubmission(current, key, ctx.actor) : undefined;
        if (again)
          return {
            unchanged: {
              ticket: current,
              event: again,
              before: current,
              customer: found,
              again: true as const,
            },
          };
        // A stale click is refused before the escalation's own checks and reads.
        this.assertMayAct(
          ctx,
          current,
          params.action,
          params.action === 'escalate' ? params.fromLevel : undefined,
          params.action === 'contact' ? await this.currentOwner(ctx, current) : undefined,
          stepHeld(current, params.action, step),
          // A customer's reply in Slack handled late: their reopen window as of when they wrote.
          params.action === 'reopen' && params.askedAt && params.askedAt < ctx.now
            ? params.askedAt
            : undefined,
          // Not once retention took its words (a run between the reply's read and this write).
          (lateReplyOnClosed(current, params) ||
            lateReopenOnClosed(current, params) ||
            (deskNoteOnClosed(current, params) && ctx.actor === SYSTEM_ACTOR)) &&
            !retentionTook(current, ctx.settings.retentionDays, ctx.now),
        );
        this.assertTarget(ctx, params, handedTo);
        if (params.action === 'wait') await this.assertCustomerStays(ctx, current);
        if (params.action === 'resolve' && params.upgradeWhat)
          await this.assertMayHearUpgrade(ctx, current);
        const ticket =
          (params.action === 'escalate' && current.level === 2) || params.action === 'reopen'
            ? await this.withOwnerNow(ctx, current)
            : current;
        const effective =
          params.action === 'escalate' && ticket.level === 1 && !params.expertId
            ? { ...params, ...(await this.expertFor(ctx, ticket)) }
            : params.action === 'reopen' && !this.mayHoldAgain(ctx, ticket)
              ? { ...params, release: true }
              : params.action === 'resolve'
                ? {
                    ...params,
                    contactWaived: contactWaived(ticket, found),
                    ...(found?.erasedAt ? { contactWaivedAt: found.erasedAt } : {}),
                    // Checked here, whatever the caller passed: a complaint manager or admin.
                    mayResolveUncontacted: mayResolveUncontacted(ctx, ticket),
                  }
                : params.action === 'classify'
                  ? { ...params, rules: await this.classifyRules(ctx, ticket, params, customer) }
                  : params;
        const { next, event: made } = transition(
          ticket,
          effective,
          ctx.actor,
          ctx.now,
          // Classify… times the ticket on the calendar of its new targets (24x7 or not).
          ticketCalendar(
            ctx.settings,
            effective.action === 'classify' && effective.rules ? effective.rules : ticket,
          ),
        );
        const event = key ? { ...made, source: key } : made;
        // The event is kept on the ticket too: a card posted late replays it into its thread.
        // The ticket as written, shown with the tier it was judged by.
        return {
          next,
          event,
          written: (updated) => {
            const links = this.linksRead.get(read);
            const deskLinks = links?.ctx === ctx ? links.links : undefined;
            const thread = this.threadRead.get(read);
            const cardThread = thread?.ctx === ctx ? thread.thread : undefined;
            return {
              ticket: withTier(updated, customer),
              event,
              before: current,
              customer: found,
              ...(deskLinks ? { deskLinks } : {}),
              ...(cardThread ? { cardThread } : {}),
            };
          },
        };
      },
      number,
      params.action === 'merge' ? params.lock : undefined,
    );
  }

  /**
   * Whether a reopened ticket goes back to whom held it: someone who still works tickets, or its
   * account manager (theirs at L3 whatever their roles, as `heldByNonStaff` says). A leaver's
   * resolved ticket (the hand-over moves only open ones) goes back to the queue instead.
   */
  private mayHoldAgain(ctx: Ctx, ticket: TicketRecord): boolean {
    const holder = ticket.assigneeId;
    return (
      !holder ||
      holder === SYSTEM_ACTOR ||
      holder === ticket.accountManagerId ||
      worksTickets(ctx.settings, holder)
    );
  }

  /**
   * An upgrade intent with a resolution is recorded by whoever may log an interaction with the
   * customer (as on Log interaction), asked here so every path does, before anything is written:
   * refused on the intent's field (the resolution alone is theirs to save).
   */
  private async assertMayHearUpgrade(ctx: Ctx, ticket: TicketRecord): Promise<void> {
    try {
      await this.customers.forAction(ctx, ticket.customerCode, 'customer.logInteraction');
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== 'FORBIDDEN' || err instanceof FieldErrors)
        throw err;
      throw new FieldErrors({
        upgrade_intent: { key: err.plainKey ?? err.messageKey, params: err.params },
      });
    }
  }

  /**
   * What a merge of `number` into the typed `into` needs, refused before anything is written: the
   * duplicate not merged already, in a state that may be merged and by whoever may close it
   * (`ticket.merge`); the target a ticket of this workspace (the number read in it: another
   * team's is unknown here), not the duplicate, open (not resolved nor closed), not merged
   * itself, filed (its intake re-check done), and one the actor may add a note to; a complaint
   * goes only into a complaint at least as urgent, of its own customer. Each refusal of the
   * target on the modal's `target` field. `key`: the form's submission; a duplicate merged by it,
   * by this person (the form delivered again), is `again`, before it is refused as merged.
   */
  async mergeCheck(
    ctx: Ctx,
    number: string,
    into: string,
    key?: string,
  ): Promise<{ duplicate: TicketRecord; target: TicketRecord } | { again: true }> {
    const duplicate = await this.forStaff(ctx, number);
    if (key && mergedBySubmission(duplicate, key, ctx.actor)) return { again: true };
    this.assertMayAct(ctx, duplicate, 'merge');
    const typed = into.trim().toUpperCase();
    const refuse = (key: MessageKey, params: Record<string, string> = {}) =>
      new FieldErrors({ target: { key, params: { number: typedExcerpt(typed, 20), ...params } } });
    if (typed === duplicate.number) throw refuse('ticket.merge.error.self');
    const target = TICKET_NUMBER.test(typed)
      ? await this.repos.tickets.byNumber(ctx.teamId, typed)
      : null;
    if (!target) throw refuse('ticket.merge.error.unknown');
    if (target.mergedInto)
      throw refuse('ticket.merge.error.targetMerged', { into: target.mergedInto });
    if (!OPEN_STATUSES.includes(target.status))
      throw refuse('ticket.merge.error.notOpen', { status: target.status });
    // Still being filed (its intake re-check owed, set with its insert): the re-check may yet
    // take it back (its customer or requester erased meanwhile), which would leave the duplicate
    // merged into nothing.
    if (target.intakeCheckOwedAt) throw refuse('ticket.merge.error.filing');
    assertMay(ctx, 'ticket.note', ticketSubject(target), { number: target.number });
    // A complaint's steps (the contact, the root cause on Resolve, its count) and targets are
    // followed in the ticket it goes into: that one must be a complaint, at least as urgent
    // (Classify… never makes a complaint another type; a merge may not either).
    if (duplicate.type === 'complaint' && duplicate.complaint) {
      const into = target.type === 'complaint' ? target.complaint : undefined;
      if (!into)
        throw refuse('ticket.merge.error.complaintIntoOther', { duplicate: duplicate.number });
      if (
        COMPLAINT_URGENCIES.indexOf(duplicate.complaint.urgency) >
        COMPLAINT_URGENCIES.indexOf(into.urgency)
      )
        throw refuse('ticket.merge.error.complaintUrgency', {
          duplicate: duplicate.number,
          urgency: duplicate.complaint.urgency,
          targetUrgency: into.urgency,
        });
    }
    complaintOfOtherCustomer(duplicate, target, refuse);
    return { duplicate, target };
  }

  /**
   * Holds both tickets of a merge checked by `mergeCheck` for its two writes (the duplicate
   * closed, the note on the target): each must still be open, not merged, and held by no other
   * merge, taken one at a time in the order of their numbers, so that of two merges sharing a
   * ticket (opposite merges at once, or a chain T1 into T2 while T2 goes into T3) one holds
   * both and the other is refused before it writes anything. While held, nobody takes either out
   * of the open states (`applyIfVersion`): the target is open when its note is written, and the
   * duplicate is never the target of a merge that closed it meanwhile. Refused on the modal's
   * `target` field, said as the ticket is now. Each is held only as checked (its type and
   * complaint urgency, `mergeClass`), and nobody classifies it while held (`applyIfVersion`):
   * one classified since its check is not held, and null says to check again. The lock lapses
   * after MERGE_LOCK_MS (a process cut short mid-merge); `unlockMerge` lets go of it. `key`: the
   * form's submission asking (`submissionKey`), kept on the lock as its claim id (a hash,
   * `submissionClaimId`) with who asked: the same submission meeting its own lock (delivered
   * twice at once) is refused as MergeInFlight, not plain busy. Returns the lock's id. The
   * duplicate merged since its check by the submission `key` (the same form delivered twice, the
   * other delivery first): `again`, as its check would say, from the read that found it (nothing
   * held), not checked again. `lapsed`: a lock the caller saw unchanged for MERGE_LOCK_MS on its
   * own clock (TicketFlows.merge), free as a lapsed one is, whatever its `until` says.
   */
  async lockMerge(
    ctx: Ctx,
    duplicate: TicketRecord,
    target: TicketRecord,
    key?: string,
    lapsed?: string,
  ): Promise<string | { again: true } | null> {
    const op = randomUUID();
    // The submission as its claim names it (a hash: nothing of what was typed, nor the view).
    const asked = key ? submissionClaimId(key) : undefined;
    const lock = {
      op,
      until: new Date(ctx.now.getTime() + MERGE_LOCK_MS),
      ...(asked ? { key: asked, by: ctx.actor } : {}),
    };
    const both = [duplicate, target].sort((a, b) => a.number.localeCompare(b.number));
    const taken: string[] = [];
    for (const ticket of both) {
      const checked = mergeClass(ticket);
      if (
        await this.repos.tickets.lockForMerge(ctx.teamId, ticket.id, lock, ctx.now, checked, lapsed)
      ) {
        taken.push(ticket.id);
        continue;
      }
      if (taken.length) await this.repos.tickets.unlockMerge(ctx.teamId, taken, op);
      const now = await this.get(ctx, ticket.number);
      if (ticket === duplicate && key && mergedBySubmission(now, key, ctx.actor))
        return { again: true };
      if (ticket === duplicate) this.assertMayAct(ctx, now, 'merge');
      const field = (key: MessageKey, params: Record<string, string | number> = {}) =>
        new FieldErrors({ target: { key, params: { number: now.number, ...params } } });
      if (now.mergedInto) {
        throw ticket === duplicate
          ? field('ticket.merge.error.already', { into: now.mergedInto })
          : field('ticket.merge.error.targetMerged', { into: now.mergedInto });
      }
      if (!OPEN_STATUSES.includes(now.status))
        throw field('ticket.merge.error.notOpen', { status: now.status });
      // Classified since the check (another type, urgency): nothing held, to be checked again.
      if (mergeClassChanged(ticket, now)) return null;
      const held = mergeLockOf(now);
      if (asked && held?.key === asked && held.by === ctx.actor)
        throw new MergeInFlight(field('ticket.merge.error.busy').fields, {
          ticketId: now.id,
          op: held.op,
        });
      throw field('ticket.merge.error.busy');
    }
    return op;
  }

  /**
   * Whether the merge lock a delivery met (MergeInFlight `held`) still holds that ticket at
   * `ctx.now`: one small read, for a repeat waiting on its first delivery (TicketFlows.merge).
   */
  async mergeStillHeld(ctx: Ctx, held: MergeInFlight['held']): Promise<boolean> {
    return this.repos.tickets.mergeStillHeld(ctx.teamId, held.ticketId, held.op, ctx.now);
  }

  /** Lets go of a merge's lock on its two tickets (`lockMerge`). */
  async unlockMerge(ctx: Ctx, op: string, tickets: TicketRecord[]): Promise<void> {
    await this.repos.tickets.unlockMerge(
      ctx.teamId,
      tickets.map((t) => t.id),
      op,
    );
  }

  /**
   * The note a merge adds to its target (`duplicate.mergedInto`), by whoever merged: once per
   * duplicate, whoever writes it (the merge itself, or the notices repair after a merge cut short
   * between its two writes). A target holding a note from the duplicate already gets none again;
   * the write applies only to the version read, so of two writers one writes it and the other
   * reads it there. Only the target's state is asked (open or resolved): the merger was allowed
   * the note when they merged (mergeCheck). The target, the note and its place in the thread
   * (`seq`, the created event being 0), whether it was written now, and the target as the write
   * read it (`before`: whether it still owed an earlier change's notices).
   */
  async noteMerged(
    ctx: Ctx,
    duplicate: TicketRecord,
    note: string | undefined,
    /** The target as the caller just read it (saves a read; a stale copy is read again). */
    known?: TicketRecord,
  ): Promise<{
    ticket: TicketRecord;
    event: TicketEvent;
    seq: number;
    written: boolean;
    before: TicketRecord;
  }> {
    const into = duplicate.mergedInto;
    if (!into) throw new AppError('INTERNAL', 'error.internal');
    return this.applyAsRead<{
      ticket: TicketRecord;
      event: TicketEvent;
      seq: number;
      written: boolean;
      before: TicketRecord;
    }>(
      ctx,
      (attempt) => (attempt === 0 && known ? Promise.resolve(known) : this.get(ctx, into)),
      (current) => {
        const at = current.timeline.findIndex((e) => e.mergedFrom === duplicate.number);
        if (at >= 0)
          return {
            unchanged: {
              ticket: current,
              event: current.timeline[at]!,
              seq: at + 1,
              written: false,
              before: current,
            },
          };
        assertAllowed(current, 'note');
        const { next, event } = transition(
          current,
          { action: 'note', text: note ?? '', mergedFrom: duplicate.number },
          ctx.actor,
          ctx.now,
          ticketCalendar(ctx.settings, current),
        );
        // A complaint merged into a complaint: the sooner of their contact and resolution due
        // times stands on it (its alerts follow, `clockFields`; its contact task, the flow's).
        const sooner =
          current.complaint && duplicate.type === 'complaint'
            ? mergedComplaint(current.complaint, duplicate)
            : undefined;
        if (sooner) next.complaint = sooner;
        // The duplicate's customer contact, when earlier, is the target's (once, with the note,
        // whose line says so: `contactCarried`). The customer was spoken to: a target not yet
        // answered has its first response then, as a contact recorded on it would (`contact`),
        // so its first-response clock stops and no response alert follows.
        const contacted = contactCarried(next, duplicate);
        if (contacted) {
          next.complaint = contacted;
          event.contactCarried = true;
          const by = contacted.contactedBy;
          if (!current.firstResponseAt && contacted.contactedAt && by && by !== SYSTEM_ACTOR) {
            const at = contacted.contactedAt < ctx.now ? contacted.contactedAt : ctx.now;
            respond(next, current, at, ticketCalendar(ctx.settings, current), by);
          }
        }
        return {
          next,
          event,
          written: (updated) => ({
            ticket: updated,
            event,
            seq: updated.timeline.length,
            written: true,
            before: current,
          }),
        };
      },
      into,
    );
  }

  /**
   * An answer to the requester: a reply in the ticket's conversation thread, or one logged (a
   * call, an email, WeChat, a visit). The first one is the ticket's first response: it stops the
   * first-response clock, timed at `at`, in a single write conditional on the ticket being as
   * read (so with no first response yet), with its clocks recalculated. Later ones change nothing
   * but, when logged with what was said, add it to the timeline. `first` says which it was;
   * `event` is null when nothing was written. `source` (Log response's modal) keys it: a second
   * submit of the same modal writes nothing.
   */
  async recordResponse(
    ctx: Ctx,
    ticketId: string,
    response: ResponseInput,
  ): Promise<RecordedResponse> {
    return this.applyAsRead<RecordedResponse>(
      ctx,
      async () => {
        const [current] = await this.repos.tickets.byIds(ctx.teamId, [ticketId]);
        // Read by its id (never typed): gone means deleted since (the workspace's data erased).
        if (!current) throw new AppError('NOT_FOUND', 'ticket.error.gone');
        return current;
      },
      (current) => {
        if (response.source && current.timeline.some((e) => e.source === response.source))
          return { unchanged: { ticket: current, event: null, first: false } };
        // A reply in the ticket's thread answers for the desk only from one who may, as Log
        // response's modal asks (`ticket.respond`, the roles as they apply to the author:
        // `actorSettings`, so an open desk counts no guest, nor one Slack did not describe, an
        // agent): an account manager of another customer, or whom a manager manages, is of our
        // side there yet answers nothing (`refused`).
        if (
          response.inThread &&
          !may(actorSettings(ctx), response.by, 'ticket.respond', { ticket: current }, ctx.now)
        )
          return { unchanged: { ticket: current, event: null, first: false, refused: true } };
        // A thread reply sent before the resolve, handled after it: the first response then.
        if (response.inThread && (current.status === 'resolved' || current.status === 'closed'))
          return this.answeredBeforeResolve(ctx, current, response);
        // A thread reply sent before the first response on record, handled after it (Slack's
        // retry, an inbox redo): it was the first response, timed by its Slack ts (the SLA figures).
        if (response.inThread && current.firstResponseAt && current.status !== 'closed') {
          const sent = response.at > ctx.now ? ctx.now : response.at;
          if (sent < current.firstResponseAt)
            return this.answeredFirst(ctx, current, response, sent);
        }
        const first = !current.firstResponseAt;
        // Later answers write nothing but what was said, or the next reply the customer was owed.
        if (!first && !response.text && !current.replyFrom)
          return { unchanged: { ticket: current, event: null, first } };
        if (current.status === 'closed')
          throw new AppError('INVALID_INPUT', 'ticket.error.stale.closed', {
            number: current.number,
          });
        const at = response.at > ctx.now ? ctx.now : response.at;
        const event: TicketEvent = {
          action: 'response',
          by: response.by,
          at: ctx.now,
          via: response.via,
          ...(response.text ? { text: response.text } : {}),
          ...(at.getTime() < ctx.now.getTime() ? { answeredAt: at } : {}),
          ...(response.source ? { source: response.source } : {}),
        };
        const next: TicketRecord = { ...current, metrics: { ...current.metrics } };
        answer(next, current, at, ticketCalendar(ctx.settings, current), response.by);
        return {
          next,
          event,
          written: (updated) => ({ ticket: updated, event, first, before: current }),
        };
      },
    );
  }

  /**
   * An agent's thread reply on an open ticket sent before the first response on record, handled
   * after it (`recordResponse`): the first response is re-timed as of when it was sent, and by
   * whom (`respond`: the minutes and whether it was breached); a next reply owed stays owed.
   */
  private answeredFirst(
    ctx: Ctx,
    current: TicketRecord,
    response: ResponseInput,
    at: Date,
  ): TicketChange<RecordedResponse> {
    return this.firstAnswered(ctx, current, response, at, response.source);
  }

  /**
   * An agent's thread reply on a ticket resolved (or closed) since (`recordResponse`): sent while
   * it was open, handled after the resolve (Slack's retry, an inbox redo), it is what it was on
   * time, the ticket's first response, timed when it was sent, when nothing answered before it
   * (the resolve stamps the first response when none was: the reply came first). Sent after the
   * resolve, after the first response, or on a merged duplicate: nothing is written.
   */
  private answeredBeforeResolve(
    ctx: Ctx,
    current: TicketRecord,
    response: ResponseInput,
  ): TicketChange<RecordedResponse> {
    const at = response.at > ctx.now ? ctx.now : response.at;
    const resolvedAt = current.resolvedAt;
    if (
      !resolvedAt ||
      at >= resolvedAt ||
      current.mergedInto ||
      (current.firstResponseAt && at >= current.firstResponseAt)
    )
      return { unchanged: { ticket: current, event: null, first: false } };
    return this.firstAnswered(ctx, current, response, at, undefined);
  }

  /**
   * The reply `response`, sent `at`, recorded as the ticket's first response (answeredFirst,
   * answeredBeforeResolve): re-timed as of `at`, by whom (`respond`), its event marked with
   * `source` when one is given.
   */
  private firstAnswered(
    ctx: Ctx,
    current: TicketRecord,
    response: ResponseInput,
    at: Date,
    source: ResponseInput['source'],
  ): TicketChange<RecordedResponse> {
    const event: TicketEvent = {
      action: 'response',
      by: response.by,
      at: ctx.now,
      via: response.via,
      answeredAt: at,
      ...(source ? { source } : {}),
    };
    const next: TicketRecord = { ...current, metrics: { ...current.metrics } };
    respond(next, current, at, ticketCalendar(ctx.settings, current), response.by);
    return {
      next,
      event,
      written: (updated) => ({ ticket: updated, event, first: true, before: current }),
    };
  }

  /**
   * "Customer wrote…": a customer outside Slack's own message (by phone, email, WeChat, a visit),
   * recorded by whoever may answer them for the desk (`assertMayRespond`) on a ticket open to the
   * desk, as of when they wrote: not before the ticket was received nor before the last one
   * recorded (refused on the `time` field). On a ticket waiting on them it is their answer and
   * resumes it (the pause ends when they wrote); else it is their words on the timeline. Either
   * way a next reply is owed from then (`customerWrote`). `source` (the modal's view) makes a
   * second submit of the same modal write nothing: `event` is null then.
   */
  async recordCustomerWrote(
    ctx: Ctx,
    number: string,
    input: { via: IntakeChannel; at: Date; text: string; source: string },
  ): Promise<{ ticket: TicketRecord; event: TicketEvent | null; before: TicketRecord }> {
    return this.applyAsRead<{
      ticket: TicketRecord;
      event: TicketEvent | null;
      before: TicketRecord;
    }>(
      ctx,
      () => this.forStaff(ctx, number),
      (current) => {
        if (current.timeline.some((e) => e.source === input.source))
          return { unchanged: { ticket: current, event: null, before: current } };
        const at = this.checkCustomerWrote(ctx, current, input);
        const wrote = { via: input.via, at };
        const params: ActionParams =
          current.status === 'waiting'
            ? { action: 'resume', reply: input.text, source: input.source, wrote }
            : { action: 'note', text: input.text, said: 'reply', source: input.source, wrote };
        const { next, event } = transition(
          current,
          params,
          ctx.actor,
          ctx.now,
          ticketCalendar(ctx.settings, current),
        );
        return { next, event, written: (updated) => ({ ticket: updated, event, before: current }) };
      },
      number,
    );
  }

  /**
   * Refuses on the `time` field an answer logged as given before the ticket was received (to the
   * minute: the received minute itself is not before it), as "Customer wrote…" does: it would
   * count as a first response in 0 minutes, on time, on a ticket perhaps breached long since.
   */
  assertAnsweredAfterReceipt(ticket: TicketRecord, at: Date): void {
    const received = ticket.receivedAt.getTime();
    if (at.getTime() < received - (received % 60_000))
      throw new FieldErrors({ time: { key: 'ticket.wrote.error.beforeReceived' } });
  }

  /**
   * Refuses "Customer wrote…" on `current` as read: where it does not apply
   * (`assertMayRecordCustomer`), or a time before the ticket was received, before the last one
   * recorded or, on a ticket waiting on them, not after the wait began (on the `time` field).
   * Nothing refused when this modal (`source`) was recorded already. The time to record (`at`, no
   * later than now). Asked before a submission's saving view (TicketFlows.customerWrote) and again
   * inside the save.
   */
  checkCustomerWrote(ctx: Ctx, current: TicketRecord, input: { at: Date; source: string }): Date {
    const at = input.at > ctx.now ? ctx.now : input.at;
    if (current.timeline.some((e) => e.source === input.source)) return at;
    this.assertMayRecordCustomer(ctx, current);
    if (at < current.receivedAt)
      throw new FieldErrors({ time: { key: 'ticket.wrote.error.beforeReceived' } });
    const last = lastWroteAt(current);
    if (last && at < last)
      throw new FieldErrors({ time: { key: 'ticket.wrote.error.beforeLast' } });
    // Waiting on them: the answer to what the desk asked comes after it was asked. A message
    // from before would take the ticket off Waiting and count the wait up to now as theirs.
    const waitFrom = current.status === 'waiting' && current.pauses.find((p) => !p.to)?.from;
    if (waitFrom && at <= waitFrom)
      throw new FieldErrors({ time: { key: 'ticket.wrote.error.beforeWait' } });
    return at;
  }

  /**
   * Refuses "Customer wrote…" where it does not apply: a ticket closed or resolved (stale), one
   * whose requester is in Slack (their own messages reach the desk), or to one who may not answer
   * the customer for the desk.
   */
  assertMayRecordCustomer(ctx: Ctx, ticket: TicketRecord): void {
    this.assertMayRespond(ctx, ticket);
    if (!OPEN_STATUSES.includes(ticket.status))
      throw new AppError('INVALID_INPUT', `ticket.error.stale.${ticket.status}`, {
        number: ticket.number,
      });
    if (!customerOutsideSlack(ticket))
      throw new AppError('INVALID_INPUT', 'ticket.wrote.error.inSlack', { number: ticket.number });
  }

  /**
   * One change of a ticket, written only to the version read (`applyIfVersion`, its clocks
   * recalculated): `read` gives the ticket (on the first attempt it may be the caller's copy),
   * `change` what to write to it and what to return once written, or what to return with nothing
   * written. Someone else's write in between reads it again and asks `change` again, up to three
   * times; then the refusal names `number` (by default the ticket's number as last read).
   */
  private async applyAsRead<T>(
    ctx: Ctx,
    read: (attempt: number) => Promise<TicketRecord>,
    change: (current: TicketRecord) => TicketChange<T> | Promise<TicketChange<T>>,
    number?: string,
    /** The merge lock this change holds (`lockMerge`). */
    mergeOp?: string,
  ): Promise<T> {
    let last = '';
    for (let attempt = 0; attempt < 3; attempt++) {
      const current = await read(attempt);
      last = current.number;
      const step = await change(current);
      if ('unchanged' in step) return step.unchanged;
      // Out of the open states while another merge holds it (`lockMerge`): refused as such at
      // once, not tried again (the lock holds for up to MERGE_LOCK_MS, a write would only fail).
      // Not on the first attempt of a merge holding its lock (`mergeOp`): the caller's copy was
      // read before it took the lock, so a lock on it is one it took over (lapsed, or seen
      // unchanged for its life: TicketFlows.merge), left to the write's own filter.
      if (!(attempt === 0 && mergeOp) && heldByOtherMerge(current, step.next, ctx.now, mergeOp))
        throw new AppError('INVALID_INPUT', 'ticket.error.beingMerged', {
          number: number ?? current.number,
        });
      const updated = await this.repos.tickets.applyIfVersion(
        current,
        step.next,
        step.event,
        clockFields(ctx.settings, step.next, ctx.now, thresholdsOf(ctx.settings, current, ctx.now)),
        ctx.now,
        mergeOp,
      );
      if (updated) return step.written(updated);
    }
    throw new AppError('INVALID_INPUT', 'ticket.error.changedMeanwhile', {
      number: number ?? last,
    });
  }

  /**
   * Refuses an action the ticket's state no longer allows (said first: it explains a stale
   * click), then one the actor may not take (src/permissions.ts). The card's buttons and the
   * modals they open ask the same before showing anything.
   */
  assertMayAct(
    ctx: Ctx,
    ticket: TicketRecord,
    action: TicketAction,
    fromLevel?: number,
    /** The customer as it is now (its owner), for what its owner may do. */
    customer?: { ownerId: string },
    /** Who holds the step task this action is taken for (`stepHeld`). */
    stepHolder?: string,
    /** When the roles are judged (the reopen window), if not now: a late reply's ts. */
    asOf?: Date,
    /**
     * A reply sent before the resolve, noted once it is closed (`lateReplyOnClosed`), or one sent
     * after the resolve and before the close that reopens it (`lateReopenOnClosed`): its roles are
     * judged on the ticket as it was then, resolved.
     */
    lateOnClosed?: boolean,
  ): void {
    // A merged duplicate is closed: a second Merge (a resubmit, another instance) says where it went.
    if (action === 'merge' && ticket.mergedInto)
      throw new AppError('INVALID_INPUT', 'ticket.merge.error.already', {
        number: ticket.number,
        into: ticket.mergedInto,
      });
    if (!lateOnClosed) assertAllowed(ticket, action, ctx.actor);
    if (action === 'escalate' && fromLevel !== undefined && fromLevel !== ticket.level) {
      // Someone escalated it while this modal was open: this expert choice no longer applies.
      throw new AppError('INVALID_INPUT', 'ticket.error.levelChanged', {
        number: ticket.number,
        level: ticket.level,
      });
    }
    assertMay(
      asOf ? { ...ctx, now: asOf } : ctx,
      `ticket.${action}`,
      {
        ...ticketSubject(
          lateOnClosed && action === 'reopen' ? { ...ticket, status: 'resolved' } : ticket,
          customer,
        ),
        ...(stepHolder ? { step: { holderId: stepHolder } } : {}),
      },
      { number: ticket.number },
    );
  }

  /**
   * Refuses `action` as `act` would, before its modal opens (or a saved reply fills Wait's
   * question): the ticket's state and the actor (`assertMayAct`); for a Wait, then, a customer
   * gone from the ticket's conversation channel (`assertCustomerStays`).
   */
  async assertMayOpen(ctx: Ctx, ticket: TicketRecord, action: TicketAction): Promise<void> {
    this.assertMayAct(ctx, ticket, action);
    if (action === 'wait') await this.assertCustomerStays(ctx, ticket);
  }

  /**
   * Refuses a Wait on a ticket whose conversation is in a customer's Slack Connect channel their
   * organisation left (its link marked disconnected, ChannelFlows.unshared): the question would
   * be dropped there, not delivered, and nobody could answer it, so the pause would never end.
   * Refused on the question's field (inline in the Wait modal, said privately elsewhere). One
   * read of the link, for a ticket with a conversation only; shared again, Wait is taken again.
   */
  private async assertCustomerStays(ctx: Ctx, ticket: TicketRecord): Promise<void> {
    const channel = ticket.conversation?.channel;
    if (!channel || !this.repos.links) return;
    const link = await this.repos.links.byChannel(ctx.teamId, channel);
    if (link?.disconnectedAt)
      throw new FieldErrors({
        question: {
          key: 'ticket.wait.error.customerLeft',
          params: { customer: link.customerName },
        },
      });
  }

  /**
   * Refuses (FORBIDDEN) the actor who may not take the step `task` stands for on its ticket
   * (TASK_STEPS: a revisit's reopen, a complaint's contact) as things stand: asked before a
   * Done is saved, so that a step that would be refused never closes its task as if it had been
   * taken. Only who may: whether the ticket's state allows it is the Done's to say after.
   */
  async assertMayTakeStep(ctx: Ctx, ticket: TicketRecord, task: StepTask): Promise<void> {
    const action = TASK_STEPS[task.kind];
    if (!action) return;
    assertMay(
      ctx,
      `ticket.${action}`,
      {
        ...ticketSubject(
          ticket,
          action === 'contact' ? await this.currentOwner(ctx, ticket) : undefined,
        ),
        ...(stepHeld(ticket, action, task) ? { step: { holderId: task.assigneeId } } : {}),
      },
      { number: ticket.number },
    );
  }

  /**
   * The customer's owner now, when it is not the ticket's account manager at intake: a
   * complaint's contact is theirs once the customer changed hands (the daily run hands them the
   * contact task).
   */
  private async currentOwner(
    ctx: Ctx,
    ticket: TicketRecord,
  ): Promise<{ ownerId: string } | undefined> {
    if (ticket.accountManagerId === ctx.actor) return undefined;
    const customer = await this.customers.get(ctx, ticket.customerCode).catch(notFoundAsNull);
    return customer ? { ownerId: customer.ownerId } : undefined;
  }

  /**
   * The requester's own "Not solved, reopen" (#10): theirs alone (staff reopen from the card),
   * while the ticket's state allows it, and within REOPEN_DAYS of the resolution, as the
   * permission table says (`ticket.reopen`, recentRequester); each refusal in their words.
   */
  assertRequesterMayReopen(ctx: Ctx, ticket: TicketRecord): void {
    if (!ticket.requester?.userId || ticket.requester.userId !== ctx.actor)
      throw new AppError('FORBIDDEN', 'requester.reopen.notYours', { number: ticket.number });
    assertAllowed(ticket, 'reopen');
    try {
      this.assertMayAct(ctx, ticket, 'reopen');
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== 'FORBIDDEN') throw err;
      throw new AppError('FORBIDDEN', 'requester.reopen.tooLate', {
        number: ticket.number,
        days: REOPEN_DAYS,
      });
    }
  }

  /** Refuses one who may not answer the requester for the desk (log a response, a draft). */
  assertMayRespond(ctx: Ctx, ticket: TicketRecord): void {
    if (ticket.status === 'closed')
      throw new AppError('INVALID_INPUT', 'ticket.error.stale.closed', { number: ticket.number });
    assertMay(ctx, 'ticket.respond', { ticket }, { number: ticket.number });
  }

  /**
   * A delay notice or progress note for the requester: as any answer for the desk, and only while
   * the ticket is worked on (resolved, the resolved notice told them; a draft left in a DM from
   * before would tell them it takes longer after all).
   */
  assertMaySendUpdate(ctx: Ctx, ticket: TicketRecord): void {
    if (ticket.status === 'resolved')
      throw new AppError('INVALID_INPUT', 'ticket.error.stale.resolved', { number: ticket.number });
    this.assertMayRespond(ctx, ticket);
    // Nobody in Slack to send it to (a customer outside Slack): not noted as sent, told to tell
    // them another way and log that answer.
    if (!requesterInSlack(ticket))
      throw new AppError('INVALID_INPUT', 'requester.draft.noRequester', { number: ticket.number });
  }

  /**
   * A ticket goes only to someone who works tickets; an L2 escalation only to an expert. On an
   * open desk, a person the roles name nowhere works tickets only as a member of the workspace:
   * one Slack describes as a guest (or a bot, a deactivated account) is refused on the field, and
   * when Slack did not say in time nothing is handed over ("try again"), as the open desk
   * refuses such a person's own writes. One the roles name is refused only when Slack says they
   * are of another organisation (a role saved before the desk read `team_id`). The caller asks
   * Slack (`handedTo`); when it did not, the person is taken as the roles and the open desk say
   * (the desk's own paths hand tickets to roles only, skipping `externalHolders`).
   */
  private assertTarget(ctx: Ctx, params: ActionParams, handedTo?: HandedTo): void {
    if (params.action === 'reassign' && !may(ctx.settings, params.to, 'ticket.claim'))
      throw new FieldErrors({ assignee: { key: 'permission.target.notStaff' } });
    if (
      params.action === 'escalate' &&
      params.expertId &&
      ctx.settings.experts.length &&
      !ctx.settings.experts.some((e) => e.userId === params.expertId)
    )
      throw new FieldErrors({ expert: { key: 'permission.target.notExpert' } });
    // With no experts set, anyone Slack's picker offers (guests and bots too): as Reassign, only
    // to someone who works tickets.
    if (
      params.action === 'escalate' &&
      params.expertId &&
      !may(ctx.settings, params.expertId, 'ticket.claim')
    )
      throw new FieldErrors({ expert: { key: 'permission.target.notStaff' } });
    const [field, to] =
      params.action === 'reassign'
        ? ['assignee', params.to]
        : params.action === 'escalate'
          ? ['expert', params.expertId]
          : [undefined, undefined];
    if (!field || !to || handedTo?.userId !== to) return;
    const { unfit } = handedTo;
    // One the roles name (saved before the desk read `team_id`): refused only when Slack says
    // they are of another organisation; Slack silent, handed it as their role says.
    if (
      !openDeskOnly(ctx.settings, to) &&
      (typeof unfit !== 'object' || unfit?.reason !== 'external')
    )
      return;
    if (unfit === 'unknown' || unfit === 'unchecked')
      throw new FieldErrors({
        [field]: {
          key: unfit === 'unknown' ? 'permission.target.unknown' : 'permission.target.unchecked',
        },
      });
    if (unfit)
      throw new FieldErrors({
        [field]: {
          key: 'permission.target.unfit',
          params: { reason: unfit.reason, name: typedExcerpt(unfit.name, 80) },
        },
      });
  }

  /**
   * Who takes a ticket escalated to L2 when nobody was named (the desk escalating on a breach,
   * or a person leaving the choice to the desk): the experts whose skills match the ticket's
   * type or words, else all experts; of those the one with the fewest open tickets. With no
   * experts, the managers the same way; with neither, nobody (the assignee keeps it). Never
   * whoever holds it now (an escalation is someone new looking at it), nor those in `leaveOut`
   * (the person escalating, whose modal it preselects): when nobody else is there, the holder
   * keeps it if they are one of those the desk picks from (the sweep's alert says so), unless
   * `fallback` is false (nobody is picked).
   */
  async expertFor(
    ctx: Ctx,
    ticket: TicketRecord,
    options: { leaveOut?: readonly string[]; fallback?: boolean } = {},
  ): Promise<{ expertId?: string }> {
    // Never a role holder Slack said is of another organisation (`staffOnly`).
    const experts = ctx.settings.experts.filter((e) => staffOnly(ctx.settings, [e.userId]).length);
    const managers = staffOnly(ctx.settings, ctx.settings.managers);
    const holder = ticket.assigneeId;
    const out = new Set([SYSTEM_ACTOR, ...(holder ? [holder] : []), ...(options.leaveOut ?? [])]);
    const others = (ids: string[]) => ids.filter((id) => !out.has(id));
    const matching = others(
      experts.filter((e) => skillsMatch(e.skills, ticket)).map((e) => e.userId),
    );
    const everyone = experts.length ? experts.map((e) => e.userId) : managers;
    const candidates = matching.length ? matching : others(everyone);
    if (!candidates.length)
      return options.fallback !== false && holder && everyone.includes(holder)
        ? { expertId: holder }
        : {};
    const loads = await this.repos.tickets.openCountsByAssignee(ctx.teamId, candidates);
    const [chosen] = [...candidates].sort((a, b) => (loads.get(a) ?? 0) - (loads.get(b) ?? 0));
    return chosen ? { expertId: chosen } : {};
  }

  /**
   * The people a roles save took the right to work tickets from (they had it under `before`,
   * not under `after`: a role taken away, the desk closed) who still hold open tickets: each
   * with how many and the first `limit` of them, by number. A ticket held by its own account
   * manager (escalated to L3) is theirs to work whatever their roles, and is left out; so is
   * anyone who had no such right before the save (the admin was told then).
   */
  async heldByNonStaff(
    ctx: Pick<Ctx, 'teamId'>,
    before: WorkspaceSettings,
    after: WorkspaceSettings,
    limit = 5,
  ): Promise<{ userId: string; count: number; tickets: TicketRecord[] }[]> {
    const holders = await this.repos.tickets.openAssignees(ctx.teamId);
    const lost = holders
      .filter((id) => id !== SYSTEM_ACTOR && worksTickets(before, id) && !worksTickets(after, id))
      .sort();
    if (!lost.length) return [];
    const notTheirCustomers = { notAccountManaged: true };
    const counts = await this.repos.tickets.openCountsByAssignee(
      ctx.teamId,
      lost,
      notTheirCustomers,
    );
    const stranded = lost.filter((userId) => (counts.get(userId) ?? 0) > 0);
    return Promise.all(
      stranded.map(async (userId) => ({
        userId,
        count: counts.get(userId) ?? 0,
        tickets: await this.repos.tickets.openOf(ctx.teamId, userId, limit, notTheirCustomers),
      })),
    );
  }

  /**
   * The open tickets standing in for a guest owner (TicketRecord.guestOwner) name whom
   * `accountManagerOf` names for that guest under the roles as stored (`rolesNow`; else
   * `ctx.settings`): after `/desk roles` changed the managers, their links or the admins, and at
   * the daily run (a save cut short before this, a change made by the command line). The roles
   * are read AFTER the tickets they move: a later save's move, which follows that save's roles'
   * write, is seen with its roles, so an older save (another instance) never hands its tickets
   * back to the stand-in its own roles named. `ctx.settings` is the first guess of the stand-in
   * whose tickets need no move; the roles read naming another, the tickets are read again (at
   * most three times; then left to the next move). Every guest's tickets are read before the
   * roles, read once per pass (not once per guest); the tickets too, in one read of those
   * standing in and one of those written while nobody could (not two per guest). Each ticket's
   * write is conditional on the account manager it read: one that changed meanwhile (a later
   * save's move, a change of owner, a resolve) is read again, then the roles, and moved once more
   * only if it still stands in for the guest and those roles name someone else; a second miss
   * leaves it to the next move.
   * Idempotent; nobody to stand in (no manager nor admin): left as they are. A ticket written
   * while nobody could stand in names the guest, unmarked: those of the customers marked owned by
   * a guest (read before the tickets) are moved too, the guest written on them in the same write,
   * once someone may stand in (an admin added by the command line, a manager). How many moved,
   * whom they named before and name now (their Homes), and their customers
   * (complaint cards name the account manager); `taken`: those written while nobody could stand
   * in that this call moved, as stored after (their stand-in is told: `standInTaken`, then
   * `standInTakenTold`; the move's write marked that DM owed, `standInTakenOwedAt`, for the
   * notices repair should the process die before it is in the outbox). `sofar`: the readers and
   * customers are added to these sets, and `moved` counted, as each ticket moves, so a caller whose
   * call throws part-way (a later ticket's write refused) still knows how many moved and whose
   * Homes and complaint cards those moves changed (a later pass finds those moved and draws only
   * what it moves).
   */
  async followStandIns(
    ctx: Pick<Ctx, 'teamId' | 'settings' | 'now'>,
    rolesNow?: () => Promise<Parameters<typeof accountManagerOf>[0]>,
    sofar: { readers?: Set<string>; customerIds?: Set<string>; moved?: number } = {},
  ): Promise<{
    moved: number;
    readers: string[];
    customerIds: string[];
    taken: TicketRecord[];
  }> {
    let moved = 0;
    const taken: string[] = [];
    const readers = sofar.readers ?? new Set<string>();
    const customerIds = sofar.customerIds ?? new Set<string>();
    const standInOf = (roles: Parameters<typeof accountManagerOf>[0], guest: string) =>
      accountManagerOf(roles, { ownerId: guest, ownerGuest: true });
    const stored = rolesNow ?? (async () => ctx.settings);
    // The guests' customers: their tickets written while nobody could stand in name the guest.
    const customersOf = new Map<string, string[]>();
    for (const { id, ownerId } of await this.customers.guestOwned(ctx))
      customersOf.set(ownerId, [...(customersOf.get(ownerId) ?? []), id]);
    const guests = new Set([
      ...(await this.repos.tickets.openGuestOwners(ctx.teamId)),
      ...customersOf.keys(),
    ]);
    let pending = [...guests].map((guest) => ({
      guest,
      guess: standInOf(ctx.settings, guest).accountManagerId,
    }));
    for (let pass = 0; pass < 3 && pending.length; pass++) {
      // Every guest's tickets read (one read of each kind for all of them, not one per guest),
      // then the roles once, as stored after those reads.
      const read = await this.repos.tickets.standInsToMove(
        ctx.teamId,
        pending.map(({ guest, guess }) => ({
          guestOwner: guest,
          standIn: guess,
          customerIds: customersOf.get(guest) ?? [],
        })),
      );
      const reads = pending.map(({ guest, guess }) => ({
        guest,
        guess,
        toMove: read.get(guest) ?? [],
      }));
      const roles = await stored();
      pending = [];
      for (const { guest, guess, toMove } of reads) {
        const standIn = standInOf(roles, guest);
        if (!standIn.guestOwner) continue;
        if (standIn.accountManagerId !== guess) {
          // The tickets naming the guess were not read: read again.
          pending.push({ guest, guess: standIn.accountManagerId });
          continue;
        }
        for (const read of toMove) {
          let from = read.accountManagerId;
          let to = standIn.accountManagerId;
          if (from === to) continue;
          const unmarked = read.unmarked ? customersOf.get(guest) : undefined;
          if (
            !(await this.repos.tickets.followStandIn(
              ctx.teamId,
              read.id,
              guest,
              from,
              to,
              unmarked,
              ctx.now,
            ))
          ) {
            // Changed since it was read: read again, then the roles, and tried once more.
            const [now] = await this.repos.tickets.byIds(ctx.teamId, [read.id]);
            if (!now || !OPEN_STATUSES.includes(now.status) || now.guestOwner !== guest) continue;
            const again = standInOf(await stored(), guest);
            if (!again.guestOwner || now.accountManagerId === again.accountManagerId) continue;
            from = now.accountManagerId;
            to = again.accountManagerId;
            if (!(await this.repos.tickets.followStandIn(ctx.teamId, read.id, guest, from, to)))
              continue;
          }
          moved++;
          sofar.moved = (sofar.moved ?? 0) + 1;
          if (unmarked) taken.push(read.id);
          // The guest's Home lists no ticket they do not file (a guest reads only their own).
          if (from !== guest) readers.add(from);
          readers.add(to);
          customerIds.add(read.customerId);
        }
      }
    }
    const now = taken.length ? await this.repos.tickets.byIds(ctx.teamId, taken) : [];
    return {
      moved,
      readers: [...readers],
      customerIds: [...customerIds],
      taken: now.filter((t) => t.standInTakenOwedAt && standInTakenStill(t)),
    };
  }

  /**
   * The ticket as a reopen or an escalation to L3 sees it: naming the customer's owner now (a
   * guest owner's stand-in: `accountManagerOf`) as its account manager, with the revision it is of (a change of owner moves only open tickets, so one
   * saved while it was resolved is written by the reopen's own conditional write; L3 is the
   * account manager's). `mayHoldAgain` compares with that owner.
   */
  private async withOwnerNow(ctx: Ctx, current: TicketRecord): Promise<TicketRecord> {
    const now = await this.customers.nameNow(ctx, current.customerId);
    if (!now) return current;
    const { guestOwner: _was, ...rest } = current;
    return {
      ...rest,
      ...accountManagerOf(ctx.settings, now),
      accountManagerRevision: now.revision,
    };
  }

  /**
   * `/ticket mine | list open | overdue | unassigned | waiting`: one page, due first, read from
   * the stored due times through the team's indexes (nothing is computed per open ticket).
   */
  async list(
    ctx: Ctx,
    kind: TicketListKind,
    page: {
      offset?: number;
      limit?: number;
      userId?: string;
      /** Next / Previous: the rows after the shown page's last row, or before its first. */
      from?: { dir: 'after' | 'before'; key: ListKey };
    } = {},
  ): Promise<TicketPage> {
    // The desk's lists are staff's: a guest of the workspace reads their own (`requests`).
    assertReadsDesk(ctx);
    const offset = Math.max(0, Math.floor(page.offset ?? 0));
    const limit = page.limit ?? 10;
    const filter: TicketFilter = { statuses: OPEN_STATUSES };
    if (kind === 'mine') filter.assigneeId = page.userId ?? ctx.actor;
    if (kind === 'unassigned') filter.unassigned = true;
    if (kind === 'waiting') filter.statuses = ['waiting'];
    if (kind === 'overdue') {
      // Waiting ones too: one already overdue when it was paused keeps that due time (`dueTimes`).
      filter.statuses = ['new', 'assigned', 'waiting'];
      filter.dueBy = ctx.now;
    }
    // The team's lists are the same for everyone: requests for one page at once share its read.
    const list = `${ctx.teamId}:${kind}:${filter.assigneeId ?? ''}`;
    const keyed = (from: Parameters<TicketRepository['keyPage']>[2]) =>
      this.reads.run(
        `${list}:${from.dir}:${'key' in from ? `${from.key.dueAt?.getTime() ?? ''}:${from.key.number}` : ''}:${limit}`,
        () => this.repos.tickets.keyPage(ctx.teamId, filter, from, limit),
      );
    if (page.from) {
      const { from } = page;
      const read = await keyed(from);
      // Previous: fewer rows before it than a page (some closed since): the first page.
      if (from.dir === 'before' && read.items.length < limit)
        return this.list(ctx, kind, { ...page, from: undefined, offset: 0 });
      if (read.items.length || !read.total) return read;
      // Next from a page whose rows after it all closed or moved: the last page, saying so.
      const last = await keyed({ dir: 'last' });
      return last.items.length ? { ...last, shifted: true } : last;
    }
    const read = (at: number) =>
      this.reads.run(`${list}:${at}:${limit}`, () =>
        this.repos.tickets.page(ctx.teamId, filter, at, limit),
      );
    const { items, total } = await read(offset);
    // Next on a list read before tickets closed or moved: past its end now, so its last page
    // (never "No open tickets" under a count of them, with no way back).
    if (!items.length && total > 0 && offset > 0) {
      const last = Math.floor((total - 1) / limit) * limit;
      const page = await read(last);
      if (page.items.length) return { ...page, offset: last, shifted: true };
    }
    return { items, total, offset };
  }

  /**
   * `/ticket requests`: the reader's own open requests (they are its Slack requester, or filed it
   * with nobody else recorded), due first; then those merged into a ticket still open (followed
   * there, so not done for them; the one they went into, or where that one went since), the
   * latest first, each with that ticket's number and who the actor is there (`merged`, by id).
   * Only ever the actor's: nobody lists another's.
   */
  async requests(
    ctx: Ctx,
    limit: number,
  ): Promise<{ items: TicketRecord[]; total: number; merged: Map<string, MergedEnd> }> {
    const [open, merged] = await Promise.all([
      this.repos.tickets.page(
        ctx.teamId,
        { statuses: OPEN_STATUSES, requestedBy: ctx.actor },
        0,
        limit,
      ),
      this.repos.tickets.mergedRequests(ctx.teamId, ctx.actor, limit, mergeChainCut(ctx)),
    ]);
    return {
      items: [...open.items, ...merged.map((m) => m.ticket)].slice(0, limit),
      total: open.total + merged.length,
      merged: new Map(merged.map((m) => [m.ticket.id, m.end])),
    };
  }

  /**
   * The customers of the tickets the actor asked for (`requests`' rule, open or not), the latest
   * first, at most `limit`: what a guest of the workspace may file for outside a linked customer
   * channel (src/flows/tickets.ts `assertMayFileFor`). Only ever the actor's.
   */
  requestedCustomers(ctx: Ctx, limit: number): Promise<{ code: string; name: string }[]> {
    return this.repos.tickets.requestedCustomers(ctx.teamId, ctx.actor, limit);
  }

  /** Whether the actor asked for a ticket of the customer `code` (`requests`' rule, open or not). */
  requestedOf(ctx: Ctx, code: string): Promise<boolean> {
    return this.repos.tickets.requestedOf(ctx.teamId, ctx.actor, code);
  }

  /**
   * The tickets waiting on the actor as their Slack requester: their answer in the app's Messages
   * tab (where the question reaches them without a conversation thread, or when Slack refused
   * the thread's channel) is for one of these.
   */
  async waitingOnRequester(ctx: Ctx): Promise<TicketRecord[]> {
    const { items } = await this.repos.tickets.page(
      ctx.teamId,
      { statuses: ['waiting'], requestedBy: ctx.actor },
      0,
      20,
    );
    return items.filter((t) => t.requester?.userId === ctx.actor);
  }

  /**
   * The actor's tickets as their Slack requester in `statuses` (at most `limit`, due first), and
   * how many there are: what their message in the app's Messages tab, no ticket waiting on them,
   * may be about (RequesterFlows.answerByDm).
   */
  async requestedInSlack(
    ctx: Ctx,
    statuses: TicketStatus[],
    limit: number,
  ): Promise<{ items: TicketRecord[]; total: number }> {
    const { items, total } = await this.repos.tickets.page(
      ctx.teamId,
      { statuses, requesterId: ctx.actor },
      0,
      limit,
    );
    return { items, total };
  }

  /**
   * The actor's resolved tickets as their Slack requester still within the reopen window at
   * `ctx.now` (REOPEN_DAYS), newest resolved first, at most `limit`, however many older resolved
   * ones they have: what their message in the app's Messages tab, nothing of theirs open, may be
   * about (RequesterFlows.answerByDm).
   */
  async reopenableRequestedInSlack(ctx: Ctx, limit: number): Promise<TicketRecord[]> {
    const since = new Date(ctx.now.getTime() - REOPEN_WINDOW_MS);
    const items = await this.repos.tickets.resolvedRequestedSince(
      ctx.teamId,
      ctx.actor,
      since,
      limit,
    );
    return items.filter((t) => withinReopenDays(t, ctx.now));
  }

  /**
   * The actor's newest ticket as their Slack requester in `statuses`, merged into another or
   * not, if any: what their message in the app's Messages tab is about when none of theirs is
   * open or still reopenable (RequesterFlows.answerByDm).
   */
  async latestRequestedInSlack(
    ctx: Ctx,
    statuses: TicketStatus[],
  ): Promise<TicketRecord | undefined> {
    return (
      (await this.repos.tickets.latestRequestedInSlack(ctx.teamId, ctx.actor, statuses)) ??
      undefined
    );
  }

  /**
   * Where the actor's request merged into the ticket `into` stands for them now (`MergedEnd`:
   * that ticket, or where it went since, and who they are there while it is open, else resolved
   * or closed), as their card says it; undefined when there is no such ticket.
   */
  mergedEnd(ctx: Ctx, into: string): Promise<MergedEnd | undefined> {
    return this.repos.tickets.mergedEnd(ctx.teamId, into, ctx.actor, mergeChainCut(ctx));
  }

  /**
   * The ticket whose Slack requester is the actor and whose timeline has what `source` added
   * (their answer in their DM, done again after a delivery that failed half way), if any, open
   * or not, however many tickets they asked for (looked up by the source).
   */
  async requestedWithSource(ctx: Ctx, source: string): Promise<TicketRecord | undefined> {
    return (
      (await this.repos.tickets.requestedWithSource(ctx.teamId, ctx.actor, source)) ?? undefined
    );
  }

  /** Open tickets matching a filter (App Home's queues): one page due first, and the count. */
  queue(ctx: Ctx, filter: TicketFilter, limit: number) {
    return this.repos.tickets.page(ctx.teamId, filter, 0, limit);
  }

  /**
   * `userId`'s open tickets and the waiting tickets they reported, due first, at most `limit`, as
   * the App Home draws them: without their description, resolution and timeline.
   */
  personal(ctx: Ctx, userId: string, limit: number): Promise<TicketRecord[]> {
    return this.repos.tickets.personal(ctx.teamId, userId, limit);
  }

  /**
   * How many tickets were opened, resolved, responded to (on time) and solved at first contact
   * since; opened as the digest counts it, `firstRecordAt` the desk's first record (its history
   * before stays dated by receipt: TicketRepository.countsSince).
   */
  weekSoFar(ctx: Ctx, since: Date, firstRecordAt?: Date) {
    return this.repos.tickets.countsSince(ctx.teamId, since, firstRecordAt);
  }

  /**
   * Stores the due times of open tickets saved before they were stored (an upgrade), a batch at
   * a time: each only if unchanged since read. Returns how many were filled in.
   */
  async backfillDueTimes(ctx: Ctx, limit = 500): Promise<number> {
    // Their next alert on their customers' tiers now (`tierNow`), as the sweep plans it.
    const missing = await this.tiersNow(
      ctx,
      await this.repos.tickets.withoutDueTimes(ctx.teamId, limit),
    );
    if (!missing.length) return 0;
    return this.repos.tickets.storeClocks(
      missing.map((t) => ({ ticket: t, clock: clockFields(ctx.settings, t, ctx.now) })),
    );
  }

  /**
   * Domain 4's "the customer's tier target also applies: the stricter one wins", when the tier
   * moves (an order, a revenue edit, an override, a CSV import, the tier review: the change's
   * copies, `OwnerCopies.retierCustomer`, and a new ticket's intake catch-up): each open ticket
   * of `customer` (as read now, so a late or repeated copy brings no older tier) still owing its
   * first response, on a target given for a tier below its response tier now (`responseTier`: a
   * key potential customer's is strategic) and longer than that tier gives its severity, takes
   * the stricter target, counted from its own receipt on its own calendar (never later than it
   * had: the resolution target is its severity's, whatever the tier), its due times and next
   * alert stored with it (a response now overdue is alerted by the SLA sweep's next run, once),
   * the desk's `retarget` event on its timeline saying why, and the customer's tier copied
   * (TicketRepository.retierCustomer then leaves it). A move down changes nothing. In pages of
   * CLOCK_BATCH, each ticket one write conditional on the version read, read again and tried up
   * to three times when someone else wrote it meanwhile: done again (a second instance, the
   * repair), nothing is written twice. `ticketId`: that ticket only. Returns the tickets written
   * (they owe their card and the event's line: `noticesOwedAt`), and how many were left changed
   * meanwhile each time (`missed`: a later run writes them).
   */
  async tightenForTier(
    ctx: Pick<Ctx, 'teamId' | 'settings' | 'now'>,
    customer: Pick<CustomerRecord, 'id' | 'tier' | 'potential' | 'revision'>,
    ticketId?: string,
  ): Promise<{ written: TicketRecord[]; missed: number }> {
    const tier = responseTier(customer);
    const below = TIERS.slice(TIERS.indexOf(tier) + 1);
    const written: TicketRecord[] = [];
    let missed = 0;
    if (!below.length) return { written, missed };
    const targets = Object.fromEntries(
      SEVERITIES.map((severity) => [severity, responseMinutes(ctx.settings.sla, severity, tier)]),
    ) as Record<Severity, number>;
    const page = (after: string | undefined, limit: number, id?: string) =>
      this.repos.tickets.slowerResponsePage(
        ctx.teamId,
        customer.id,
        below,
        targets,
        after,
        limit,
        id,
      );
    let after: string | undefined;
    for (;;) {
      const read = await page(after, CLOCK_BATCH, ticketId);
      for (const first of read) {
        let ticket: TicketRecord | undefined = first;
        for (let attempt = 0; ticket; attempt++) {
          if (attempt === 3) {
            missed++;
            break;
          }
          const was = ticket.sla.responseMinutes;
          const target = Math.min(was, targets[ticket.severity]);
          const copy = (ticket.customerTierRevision ?? -1) < customer.revision;
          const next: TicketRecord = {
            ...ticket,
            sla: { ...ticket.sla, responseMinutes: target, responseTier: tier },
            ...(copy
              ? { customerTier: customer.tier, customerTierRevision: customer.revision }
              : {}),
          };
          const event: TicketEvent = {
            action: 'retarget',
            by: SYSTEM_ACTOR,
            at: ctx.now,
            retargeted: {
              tier,
              responseMinutes: target,
              was,
              // The strategic tier's because it is key potential, its own tier below (unmoved by a
              // change of potential): the line says so rather than that its tier moved up.
              ...(customer.potential === 'key' && customer.tier !== tier
                ? { reason: 'potential' as const }
                : {}),
            },
          };
          const updated = await this.repos.tickets.applyIfVersion(
            ticket,
            next,
            event,
            clockFields(ctx.settings, next, ctx.now, thresholdsOf(ctx.settings, ticket, ctx.now)),
            ctx.now,
          );
          if (updated) {
            written.push(updated);
            break;
          }
          // Someone else wrote it meanwhile: read again, as long as it still owes the change.
          ticket = (await page(undefined, 1, ticket.id))[0];
        }
      }
      if (read.length < CLOCK_BATCH) return { written, missed };
      after = read.at(-1)!.id;
    }
  }

  /**
   * Closes, as the desk, each resolved ticket whose requester's reopen window (REOPEN_DAYS from
   * its resolution) is over, as of the window's end (`closedAt`, the close's event): domain 4's
   * archive step, which retention (`retentionDays`, counted from `closedAt`) then reaches. In
   * pages of CLOCK_BATCH, each ticket one write conditional on the version read: one reopened,
   * closed or changed meanwhile (another instance's run, a click) is left as it is now (a later
   * run looks at it again if it is still resolved). `closed` is told each page's tickets closed.
   * A ticket whose revisit (`revisitEnds`: the first 3-7-30 follow-up of its resolution, by
   * ticket id) is still open is left resolved, so that the revisit's "not solved" can reopen it
   * (domain 4: satisfaction revisit, then archive); once it is done or cancelled the ticket is
   * closed as of the later of the window's end and that time, and at the latest (as of then)
   * REVISIT_WAIT_DAYS after its resolution or REOPEN_DAYS after the revisit's due day, whichever
   * is later, its revisit still open: so that retention reaches a ticket whose revisit nobody
   * does, and a revisit due on day 30 or later is not cut off before its day.
   * At most `limit` closes a run (CLOSE_RUN_MAX), the oldest tickets first: past it, the rest it
   * could close (its revisit read as above; not those still waiting on theirs) are counted
   * (`left`) and left for the next run. Returns how many it closed.
   */
  async closeAfterReopenWindow(
    ctx: Ctx,
    revisitEnds: (tickets: TicketRecord[]) => Promise<Map<string, RevisitEnd>>,
    /** Also given, by id, the closed tickets as read when they owed a change's notices then. */
    closed: (tickets: TicketRecord[], owing: ReadonlyMap<string, TicketRecord>) => Promise<void>,
    limit = CLOSE_RUN_MAX,
  ): Promise<{ closed: number; left?: number }> {
    const before = new Date(ctx.now.getTime() - REOPEN_WINDOW_MS);
    /** When `ticket` closes as of, or null while it waits on its revisit. */
    const closesAt = (ticket: TicketRecord, revisits: Map<string, RevisitEnd>): Date | null => {
      const revisit = revisits.get(ticket.id);
      let end = 0;
      if (revisit && 'endedAt' in revisit) end = revisit.endedAt.getTime();
      else if (revisit) {
        end = Math.max(
          ticket.resolvedAt!.getTime() + REVISIT_WAIT_DAYS * 86_400_000,
          revisit.dueDayEnd.getTime() + REOPEN_WINDOW_MS,
        );
        if (end > ctx.now.getTime()) return null;
      }
      return new Date(Math.max(ticket.resolvedAt!.getTime() + REOPEN_WINDOW_MS, end));
    };
    let after: string | undefined;
    let count = 0;
    let left = 0;
    for (;;) {
      // Past the limit, what the next run could close: read as this run reads, nothing written.
      const full = count >= limit;
      const size = full ? CLOCK_BATCH : Math.min(CLOCK_BATCH, limit - count);
      const page = await this.repos.tickets.resolvedPage(ctx.teamId, before, after, size);
      const done: TicketRecord[] = [];
      const owing = new Map<string, TicketRecord>();
      const revisits = await revisitEnds(page);
      for (const ticket of page) {
        const at = closesAt(ticket, revisits);
        if (!at) continue;
        if (full) {
          left++;
          continue;
        }
        const { next, event } = transition(
          ticket,
          { action: 'close' },
          SYSTEM_ACTOR,
          at,
          ticketCalendar(ctx.settings, ticket),
        );
        const updated = await this.repos.tickets.applyIfVersion(
          ticket,
          next,
          event,
          clockFields(ctx.settings, next, ctx.now),
          ctx.now,
        );
        if (updated) done.push(updated);
        if (updated && ticket.noticesOwedAt) owing.set(updated.id, ticket);
      }
      count += done.length;
      if (done.length) await closed(done, owing);
      if (page.length < size) return left ? { closed: count, left } : { closed: count };
      after = page.at(-1)!.id;
    }
  }

  /**
   * Waiting tickets saved with the far-future due time although a clock had already run out
   * when they were paused (saved before `dueTimes` kept that due time, or by an older instance
   * during an upgrade) get the due time they would be saved with now, so the overdue lists, App
   * Home and the digest read them as overdue. A batch of CLOCK_BATCH at a time, each ticket a
   * single-document write only if unchanged since read (a change meanwhile stored its own):
   * safe on several instances at once, and a second run finds nothing to write. `changedSince`:
   * only those saved since (the minute job's look-back). `stop`: asked before each batch; true
   * ends the run there (`complete` false). `after`: only those numbered after it (where an
   * earlier pass stopped); `progress`: told the last number read after each full batch, false
   * ends the run there (a pass that lost its hold). Returns how many tickets were read and
   * written, and whether every one was read.
   */
  async backfillPausedDueAt(
    ctx: Pick<Ctx, 'teamId' | 'settings' | 'now'>,
    options: {
      changedSince?: Date;
      stop?: () => boolean;
      after?: string;
      progress?: (after: string) => Promise<boolean>;
    } = {},
  ): Promise<{ read: number; written: number; complete: boolean }> {
    let after = options.after;
    let read = 0;
    let written = 0;
    for (;;) {
      if (options.stop?.()) return { read, written, complete: false };
      const page = await this.repos.tickets.farFuturePaused(
        ctx.teamId,
        after,
        CLOCK_BATCH,
        options.changedSince,
      );
      read += page.length;
      const changes = page
        .map((ticket) => ({ ticket, clock: clockFields(ctx.settings, ticket, ctx.now) }))
        .filter(({ ticket, clock }) => !sameClock(ticket, clock));
      written += await this.repos.tickets.storeClocks(changes);
      if (page.length < CLOCK_BATCH) return { read, written, complete: true };
      after = page.at(-1)!.number;
      if (options.progress && !(await options.progress(after)))
        return { read, written, complete: false };
    }
  }

  /**
   * Computes the stored clock times of every open ticket again with the settings in `ctx` (after
   * a holiday, business hours or the time zone changed), a complaint's contact and a demand's
   * plan due times not met yet with them, on its customer's tier now (`tiersNow`, as the sweep),
   * in batches of CLOCK_BATCH, each ticket a single-document write that yields to a change made
   * meanwhile. Returns how many changed.
   */
  async recalculateClocks(
    ctx: Ctx,
    /** Told each batch's tickets whose times were written (as read before), e.g. to draw their cards again. */
    moved?: (tickets: TicketRecord[]) => Promise<void>,
  ): Promise<number> {
    let after: string | undefined;
    let written = 0;
    for (;;) {
      // With their customers' tiers now, as the sweep reads them: the automatic L3 is planned on
      // them (`tierNow`), not on the copy a ticket no one acted on since keeps.
      const page = await this.tiersNow(
        ctx,
        await this.repos.tickets.openPage(ctx.teamId, after, CLOCK_BATCH),
      );
      if (!page.length) return written;
      const changes = page
        .map((ticket) => {
          const targets = calendarTargets(ctx.settings, ticket);
          const clock = clockFields(
            ctx.settings,
            { ...ticket, ...targets },
            ctx.now,
            storedThresholds(ticket),
          );
          return { ticket, clock, targets: movedTargets(ticket, targets) };
        })
        .filter(
          ({ ticket, clock, targets }) =>
            !sameClock(ticket, clock) ||
            Object.keys(targets).length ||
            clock.takenBack ||
            clock.kept,
        );
      written += await this.repos.tickets.storeClocks(changes);
      if (moved && changes.length) await moved(changes.map(({ ticket }) => ticket));
      after = page.at(-1)!.id;
      if (page.length < CLOCK_BATCH) return written;
    }
  }

  // Customer channels (#10).

  /** The ticket a customer channel's thread belongs to (the newest, if several). */
  byConversation(ctx: Pick<Ctx, 'teamId'>, channel: string, ts: string) {
    return this.repos.tickets.byConversation(ctx.teamId, channel, ts);
  }

  /**
   * The ticket a thread of a customer channel belongs to: the ticket it is the conversation of,
   * else the one its message joined as a follow-up (the newest, if several); one merged since,
   * the ticket it went into (or where that one went), as long as it is the same customer's: a
   * merge into another customer's ticket is not followed (the last ticket of this customer on
   * the chain, merged away and closed, is the thread's), so what its people say never lands on,
   * resumes or answers another customer's ticket (nor, in a channel linked to another customer
   * since, do that customer's people: `ChannelFlows.reply` takes only its own requester there).
   * One read per hop, at most MERGE_HOPS, never a loop.
   */
  async byThread(
    ctx: Pick<Ctx, 'teamId'> & Partial<Pick<Ctx, 'log'>>,
    channel: string,
    ts: string,
  ) {
    let ticket =
      (await this.repos.tickets.byConversation(ctx.teamId, channel, ts)) ??
      (await this.repos.tickets.bySourceMessage(ctx.teamId, channel, ts));
    const from = ticket?.number;
    const seen = new Set<string>();
    for (let hop = 0; ticket?.mergedInto; hop++) {
      if (hop === MERGE_HOPS) {
        mergeChainCut(ctx)({ from: from!, last: ticket.number, next: ticket.mergedInto });
        break;
      }
      seen.add(ticket.number.toUpperCase());
      if (seen.has(ticket.mergedInto.toUpperCase())) break;
      const next = await this.repos.tickets.byNumber(ctx.teamId, ticket.mergedInto);
      if (!next || next.customerId !== ticket.customerId) break;
      ticket = next;
    }
    return ticket;
  }

  /** The ticket made from one message (its submission `msg:<channel>:<ts>`), if any. */
  bySubmission(ctx: Pick<Ctx, 'teamId'>, submissionId: string) {
    return this.repos.tickets.bySubmission(ctx.teamId, submissionId);
  }

  /** Open tickets whose conversation is in customer channel `channel` (at most `limit`). */
  openInConversationChannel(ctx: Pick<Ctx, 'teamId'>, channel: string, limit: number) {
    return this.repos.tickets.openInConversationChannel(ctx.teamId, channel, limit);
  }

  /** Whether a ticket was opened in `channel` for a person of Slack team `team`. */
  hasConversationForTeam(ctx: Pick<Ctx, 'teamId'>, channel: string, team: string) {
    return this.repos.tickets.hasConversationForTeam(ctx.teamId, channel, team);
  }

  /** The newest open tickets (at most 5) a requester opened in a customer channel. */
  openFromRequester(ctx: Pick<Ctx, 'teamId'>, channel: string, userId: string) {
    return this.repos.tickets.openFromRequester(ctx.teamId, channel, userId);
  }

  setDescription(ticket: Pick<TicketRecord, 'teamId' | 'id'>, description: string) {
    return this.repos.tickets.setDescription(ticket.teamId, ticket.id, description);
  }

  /** A customer's open tickets, latest five closed ones and complaints since `since` (its card). */
  historyForCustomer(
    ctx: Pick<Ctx, 'teamId'>,
    customerId: string,
    complaintsSince: Date,
    join?: ForeignPipeline,
  ) {
    return this.repos.tickets.historyForCustomer(ctx.teamId, customerId, {
      open: 10,
      closed: 5,
      complaintsSince,
      ...(join ? { join } : {}),
    });
  }

  // Slack bookkeeping, for the flows that post a ticket's card and DMs.

  /** Tickets changed before `before` whose notices are not in the outbox (a crash). */
  noticesOwed(before: Date, limit: number): Promise<TicketRecord[]> {
    return this.repos.tickets.noticesOwed(before, limit);
  }

  /** Tickets across workspaces owing their stand-in's DM of a move since `before`. */
  standInTakenOwed(before: Date, limit: number): Promise<TicketRecord[]> {
    return this.repos.tickets.standInTakenOwed(before, limit);
  }

  /** The stand-in's DM of these moved tickets is in the outbox (or owed no more): mark off. */
  async standInTakenTold(tickets: readonly TicketRecord[]): Promise<void> {
    for (const ticket of tickets)
      if (ticket.standInTakenOwedAt)
        await this.repos.tickets.standInTakenTold(ticket, ticket.standInTakenOwedAt);
  }

  /** Tickets across workspaces owing "you now follow" DMs recorded before `before`. */
  followersOwed(before: Date, limit: number): Promise<TicketRecord[]> {
    return this.repos.tickets.followersOwed(before, limit);
  }

  /** These "you now follow" DMs are in the outbox (or owed no more). */
  followerNoticesWritten(
    ticket: Pick<TicketRecord, 'teamId' | 'id'>,
    owed: Pick<FollowerOwed, 'user' | 'add'>[],
  ): Promise<void> {
    return this.repos.tickets.followerNoticesWritten(ticket, owed);
  }

  /** Tickets across workspaces owing followers the steps written while they were added. */
  followStepsOwed(before: Date, limit: number): Promise<TicketRecord[]> {
    return this.repos.tickets.followStepsOwed(before, limit);
  }

  /**
   * The steps `users` were owed as they were added to the ticket as read (followedAt's `owedAt`,
   * at or before `upTo`) are in the outbox (or owed no more): the marks taken off. Nothing written
   * when none of them is marked (the steady state).
   */
  async followStepsTold(ticket: TicketRecord, users: readonly string[], upTo: Date): Promise<void> {
    const marked = (ticket.followedAt ?? [])
      .filter((f) => f.owedAt && f.owedAt.getTime() <= upTo.getTime() && users.includes(f.user))
      .map((f) => f.user);
    if (marked.length) await this.repos.tickets.followStepsTold(ticket, marked, upTo);
  }

  /** Tickets across workspaces whose notices are not in the outbox yet (the metrics' gauge). */
  countNoticesOwed(): Promise<number> {
    return this.repos.tickets.countNoticesOwed();
  }

  /** Tickets, across workspaces, whose upgrade intent's hand-off is owed since `before`. */
  upgradesOwed(before: Date, limit: number): Promise<TicketRecord[]> {
    return this.repos.tickets.upgradesOwed(before, limit);
  }

  /** The ticket's upgrade intent handed off (on the file, the owner's task planned). */
  upgradeHanded(ticket: Pick<TicketRecord, 'teamId' | 'id'>): Promise<void> {
    return this.repos.tickets.upgradeHanded(ticket);
  }

  /** The tickets' notices are in the outbox (each unless it changed again since): one write. */
  /**
   * `noticesWritten` for one ticket, saying whether it is still at the version written and how
   * many alert marks it has had (`threadRev`): null when changed since.
   */
  noticesWrittenSeen(ticket: TicketRecord): Promise<{ threadRev: number } | null> {
    return this.repos.tickets.noticesWrittenSeen(ticket);
  }

  noticesWritten(tickets: TicketRecord[]): Promise<void> {
    return this.repos.tickets.noticesWritten(tickets);
  }

  /**
   * The workspace's cards posted in `channel`, a channel the desk may no longer use (Slack
   * Connect, a customer's): their location forgotten, so that the next update posts a new card
   * in the triage channel (or it waits for one). The old cards' ts, for what still goes under
   * them to be dropped.
   */
  cardsLeft(teamId: string, channel: string): Promise<string[]> {
    return this.repos.tickets.cardsLeft(teamId, channel);
  }

  /** Whether a card of the workspace is posted in `channel` (a former triage channel too). */
  hasCardsIn(teamId: string, channel: string): Promise<boolean> {
    return this.repos.tickets.hasCardsIn(teamId, channel);
  }

  cardPosted(
    ticket: Pick<TicketRecord, 'teamId' | 'id'>,
    where: { channel: string; ts: string; permalink?: string },
  ): Promise<void> {
    return this.repos.tickets.cardPosted(ticket.teamId, ticket.id, where);
  }

  /** The card posted again (Slack no longer had it at `from`); whether this delivery's won. */
  cardReposted(
    ticket: Pick<TicketRecord, 'teamId' | 'id'>,
    from: { ts: string },
    where: { channel: string; ts: string; permalink?: string },
  ): Promise<boolean> {
    return this.repos.tickets.cardReposted(ticket.teamId, ticket.id, from, where);
  }

  /** TicketRepository.undoInsert: a ticket just created, taken back before it was told. */
  undoCreate(ctx: Pick<Ctx, 'teamId'>, ticket: Pick<TicketRecord, 'id'>): Promise<boolean> {
    return this.repos.tickets.undoInsert(ctx.teamId, ticket.id);
  }

  /** TicketRepository.intakeChecked: a ticket just created stands. */
  intakeChecked(ctx: Pick<Ctx, 'teamId'>, ticket: Pick<TicketRecord, 'id'>): Promise<boolean> {
    return this.repos.tickets.intakeChecked(ctx.teamId, ticket.id);
  }

  /** TicketRepository.intakeChecksOwed: new tickets whose re-check was cut short. */
  intakeChecksOwed(before: Date, limit: number): Promise<TicketRecord[]> {
    return this.repos.tickets.intakeChecksOwed(before, limit);
  }

  /** TicketRepository.keptNoteTold: as a burst's kept-note notice goes out. */
  keptNoteTold(
    ctx: Ctx,
    ticketId: string,
    lead: number,
    leadAt: Date,
  ): Promise<TicketRecord | null> {
    return this.repos.tickets.keptNoteTold(ctx.teamId, ticketId, lead, leadAt);
  }

  accountManagerNotified(ticket: Pick<TicketRecord, 'teamId' | 'id'>): Promise<void> {
    return this.repos.tickets.accountManagerNotified(ticket.teamId, ticket.id);
  }

  setSourcePermalink(ticket: TicketRecord, permalink: string): Promise<void> {
    return this.repos.tickets.setSourcePermalink(ticket.teamId, ticket.id, permalink);
  }

  // The requester's survey and progress notes (#10).

  /** Records the survey of a resolved ticket as sent: false when it was sent before. */
  surveySent(ctx: Ctx, ticket: TicketRecord): Promise<boolean> {
    return this.repos.tickets.surveySent(ctx.teamId, ticket.id, ctx.now);
  }

  /**
   * The requester's answer: satisfaction from a button, or NPS and comment from the modal after
   * it. One answer per ticket: a second replaces the first. Only the requester answers (the
   * customer's people in the conversation, not our staff, when there is no requester user: in
   * its own channel, never another customer's), and only for SURVEY_DAYS after it went. The
   * ticket after the answer, whether the answer's write marked its details DMs owed (a modal
   * answer that changed what it shows) and whether the card is to be drawn again, both decided by
   * the write itself (TicketRepository.surveyAnswer), not by the ticket as read before it.
   */
  async answerSurvey(
    ctx: Ctx,
    ticketId: string,
    answer: { satisfaction?: number; nps?: number | null; comment?: string | null },
    /** Whether a channel is shared with another organisation (its customer's, Slack Connect). */
    isShared: (channel: string) => Promise<boolean> = async () => false,
    from: SurveyPlace = {},
  ): Promise<{ ticket: TicketRecord; owesDetails: boolean; redraw: boolean }> {
    const [ticket] = await this.repos.tickets.byIds(ctx.teamId, [ticketId]);
    const requester = ticket?.requester?.userId;
    // Without a requester on record the survey is its conversation's: answered from there (a
    // click in its channel, or the modal the desk signed for the person after such a click), so
    // that a person of another customer, admitted in their own linked channel, cannot answer it.
    const notTheirs = async (ticket: TicketRecord) =>
      requester
        ? requester !== ctx.actor
        : !ticket.conversation ||
          !(from.signedModal || from.channel === ticket.conversation.channel) ||
          !(await mayAnswerForCustomer(
            ctx,
            ticket,
            !ctx.external &&
              // As it was when the ticket was opened there (unlinked since: the same); else, on
              // a ticket from before that was recorded, as its link says now.
              (ticket.conversation.shared ?? (await isShared(ticket.conversation.channel))),
            this.customers,
          ));
    // One who does not read the desk (a guest, another organisation's person) is told the same of
    // an id that is no survey's ticket and of another's survey, before its state: neither its
    // number nor whether it exists or has closed.
    if (!readsDesk(ctx) && (!ticket || (await notTheirs(ticket))))
      throw new AppError('FORBIDDEN', 'requester.survey.notYoursAny');
    if (!ticket?.survey) throw new AppError('NOT_FOUND', 'requester.survey.gone');
    if (ctx.now.getTime() - ticket.survey.sentAt.getTime() > SURVEY_DAYS * 86_400_000)
      throw new AppError('INVALID_INPUT', 'requester.survey.expired', { number: ticket.number });
    if (await notTheirs(ticket))
      throw new AppError('FORBIDDEN', 'requester.survey.notYours', { number: ticket.number });
    const after = await this.repos.tickets.surveyAnswer(
      ctx.teamId,
      ticket.id,
      answer,
      ctx.actor,
      ctx.now,
      ticket.metrics.reopenCount,
    );
    if (!after) throw new AppError('NOT_FOUND', 'requester.survey.gone');
    return after;
  }

  /**
   * Surveys unanswered a day after they went (and not older than SURVEY_DAYS), not reminded, of
   * tickets not reopened since (resolved or closed now).
   */
  surveysToRemind(ctx: Ctx): Promise<TicketRecord[]> {
    const day = 86_400_000;
    return this.repos.tickets.surveysToRemind(
      ctx.teamId,
      new Date(ctx.now.getTime() - SURVEY_DAYS * day),
      new Date(ctx.now.getTime() - SURVEY_REMINDER_HOURS * 3_600_000),
    );
  }

  surveyMark(ctx: Ctx, ticket: TicketRecord, field: 'remindedAt') {
    return this.repos.tickets.surveyMark(ctx.teamId, ticket.id, field, ctx.now);
  }

  /** The details owed by the modal answer given at `at` are written (TicketRepository). */
  surveyDetailsTold(ctx: Ctx, ticket: TicketRecord, at: Date): Promise<void> {
    return this.repos.tickets.surveyDetailsTold(ctx.teamId, ticket.id, at);
  }

  /** The card's redraw owed by the answer given at `at` is in the outbox (TicketRepository). */
  surveyCardDrawn(ctx: Ctx, ticket: TicketRecord, at: Date): Promise<void> {
    return this.repos.tickets.surveyCardDrawn(ctx.teamId, ticket.id, at);
  }

  /** Across workspaces: survey answers given at or before `before` whose card redraw is owed. */
  surveyCardsOwed(before: Date, limit: number): Promise<TicketRecord[]> {
    return this.repos.tickets.surveyCardsOwed(before, limit);
  }

  /** Across workspaces: survey answers given at or before `before` whose details may be owed. */
  surveyDetailsOwed(before: Date, limit: number): Promise<TicketRecord[]> {
    return this.repos.tickets.surveyDetailsOwed(before, limit);
  }

  /** Marks the low score's follow-up of the ticket's resolution opened: false when it was. */
  surveyFollowedUp(ctx: Ctx, ticket: TicketRecord): Promise<boolean> {
    return this.repos.tickets.surveyFollowedUp(
      ctx.teamId,
      ticket.id,
      ticket.metrics.reopenCount,
      ctx.now,
    );
  }

  /**
   * Low survey answers given between `days` days and `graceMs` ago (an answer's own request does
   * its work meanwhile) whose follow-up may be owed still (see RequesterFlows), the oldest first.
   */
  lowSurveysOwed(
    ctx: Ctx,
    days: number,
    graceMs: number,
    low: { satisfaction: number; nps: number },
  ): Promise<TicketRecord[]> {
    return this.repos.tickets.lowSurveysOwed(
      ctx.teamId,
      new Date(ctx.now.getTime() - days * 86_400_000),
      new Date(ctx.now.getTime() - graceMs),
      low,
    );
  }

  /** The customers with an open complaint, or a critical one received since `since` (not low risk). */
  complaintRiskCustomers(ctx: Pick<Ctx, 'teamId'>, since: Date) {
    return this.repos.tickets.complaintRiskCustomers(ctx.teamId, since);
  }

  /** The requesters' survey answers (1-5) given since `since` (a low churn risk). */
  surveyAnswersSince(ctx: Pick<Ctx, 'teamId'>, since: Date) {
    return this.repos.tickets.surveyAnswersSince(ctx.teamId, since);
  }

  /**
   * A page (`limit`, by id after `afterId`) of the tickets being worked whose requester is in
   * Slack, received at least `hours` ago, with only what the check whether a note is due reads.
   */
  progressCandidates(
    ctx: Ctx,
    hours: number,
    afterId: string | undefined,
    limit: number,
  ): Promise<ProgressCandidate[]> {
    return this.repos.tickets.progressCandidates(
      ctx.teamId,
      new Date(ctx.now.getTime() - hours * 3_600_000),
      afterId,
      limit,
    );
  }

  /** How many progress candidates (as progressCandidates) are left after `afterId`: one count. */
  countProgressCandidates(ctx: Ctx, hours: number, afterId: string): Promise<number> {
    return this.repos.tickets.countProgressCandidates(
      ctx.teamId,
      new Date(ctx.now.getTime() - hours * 3_600_000),
      afterId,
    );
  }

  /**
   * The requester was sent a progress note or a delay notice now; a delay notice's new date is
   * kept as what the requester was promised (the card shows it).
   */
  progressNoted(ctx: Ctx, ticket: TicketRecord, promisedDate?: string): Promise<void> {
    return this.repos.tickets.setProgressNote(ctx.teamId, ticket.id, ctx.now, promisedDate);
  }

  /** Open tickets whose promised date has passed (the workspace's day now), not drafted for yet. */
  promisesPassed(ctx: Ctx): Promise<TicketRecord[]> {
    return this.repos.tickets.promisesPassed(ctx.teamId, localDate(ctx.now, ctx.settings.timeZone));
  }

  /** Its assignee was given the delay draft for its promised date's passing. */
  promiseLapsed(ctx: Ctx, ticket: TicketRecord, promisedDate: string): Promise<void> {
    return this.repos.tickets.markPromiseLapsed(ctx.teamId, ticket.id, promisedDate);
  }

  async byId(ctx: Pick<Ctx, 'teamId'>, ticketId: string): Promise<TicketRecord> {
    const [ticket] = await this.repos.tickets.byIds(ctx.teamId, [ticketId]);
    if (!ticket) throw new AppError('NOT_FOUND', 'ticket.error.gone');
    return ticket;
  }

  // The SLA sweep's reads and claims.

  alertsDue(ctx: Ctx, limit: number): Promise<TicketRecord[]> {
    return this.repos.tickets.alertsDue(ctx.teamId, ctx.now, limit);
  }

  /**
   * Records the alerts a sweep found due (`announced` of them to be told) and the next time to
   * look, in one write, if the ticket is still as the sweep read it; false when it changed
   * meanwhile (the next sweep looks again). The told ones stay owed until they are in the outbox.
   */
  markAlerts(
    ctx: Ctx,
    ticket: TicketRecord,
    marks: { kinds: AlertKind[]; announced: AlertKind[]; nextAt: Date | undefined },
  ): Promise<boolean> {
    return this.repos.tickets.markAlerts(ctx.teamId, ticket, { ...marks, now: ctx.now });
  }

  /** Takes back an alert mark when what it stood for could not be done (an escalation). */
  unmarkAlert(ctx: Ctx, ticket: TicketRecord, kind: AlertKind) {
    return this.repos.tickets.unmarkAlert(ctx.teamId, ticket.id, kind);
  }

  /** Tickets with alerts marked but not yet in the outbox (a sweep died in between). */
  alertsOwed(ctx: Ctx): Promise<TicketRecord[]> {
    return this.repos.tickets.alertsOwed(ctx.teamId);
  }

  /** Their alerts are in the outbox now. */
  alertsWritten(ctx: Ctx, tickets: TicketRecord[]): Promise<void> {
    return this.repos.tickets.alertsWritten(
      ctx.teamId,
      tickets.map((t) => t.id),
    );
  }

  setNextAlert(ctx: Ctx, ticket: TicketRecord, at: Date | undefined): Promise<void> {
    return this.repos.tickets.setNextAlert(ctx.teamId, ticket, at);
  }

  // The read models of other domains (follow-ups, the digest).

  resolvedSince(ctx: Ctx, since: Date): Promise<TicketRecord[]> {
    return this.repos.tickets.resolvedSince(ctx.teamId, since);
  }

  /** The reopened complaints still owing a contact tried before, written since `since`. */
  reopenedOwingContactSince(ctx: Ctx, since: Date): Promise<TicketRecord[]> {
    return this.repos.tickets.reopenedOwingContactSince(ctx.teamId, since);
  }

  /**
   * The open tickets `userId` is assigned, by number, at most `limit` (a hand-over's); with
   * `after`, those numbered after it. Only what a hand-over names and moves them by (`TicketRef`),
   * not the tickets' timelines: a leaver may hold thousands.
   */
  openOf(
    ctx: Pick<Ctx, 'teamId'>,
    userId: string,
    limit: number,
    after?: string,
  ): Promise<TicketRef[]> {
    return this.repos.tickets.openRefsOf(ctx.teamId, userId, limit, after);
  }

  /** How many open tickets `userId` is assigned, counted up to `limit` (no document read). */
  openCountOf(ctx: Pick<Ctx, 'teamId'>, userId: string, limit: number): Promise<number> {
    return this.repos.tickets.openCountOf(ctx.teamId, userId, limit);
  }

  /** These tickets with only what a hand-over's DM reads of them (`HandoverDmRow`). */
  handoverDmTickets(ctx: Pick<Ctx, 'teamId'>, ids: string[]): Promise<HandoverDmRow[]> {
    return this.repos.tickets.handoverDmTickets(ctx.teamId, ids);
  }

  /**
   * These tickets' requester `userId` marked as of another organisation (Slack refused a DM to
   * them and says so): TicketRepository.markRequesterExternal. The tickets marked by this call.
   */
  markRequesterExternal(
    ctx: Pick<Ctx, 'teamId'>,
    ids: readonly string[],
    userId: string,
  ): Promise<TicketRecord[]> {
    return this.repos.tickets.markRequesterExternal(ctx.teamId, ids, userId);
  }

  byIds(ctx: Ctx, ids: string[]): Promise<TicketRecord[]> {
    return this.repos.tickets.byIds(ctx.teamId, ids);
  }

  forDigest(ctx: Ctx, from: Date, to: Date) {
    return this.repos.tickets.forDigest(ctx.teamId, from, to);
  }

  /** The tickets that may be past their SLA in a week (DigestService `pastSla` picks). */
  pastSla(ctx: Ctx, from: Date, to: Date, limit: number) {
    return this.repos.tickets.pastSla(ctx.teamId, from, to, limit);
  }

  /** A customer's open complaints still to be contacted (their card names the account manager). */
  openToContact(
    ctx: Pick<Ctx, 'teamId'>,
    customerId: string,
    limit = 100,
  ): Promise<TicketRecord[]> {
    return this.repos.tickets.openToContact(ctx.teamId, customerId, limit);
  }

  /** Whom the customer's open tickets show on, and whether it has any (`openPeopleOf`). */
  openPeopleOf(
    ctx: Pick<Ctx, 'teamId'>,
    customerId: string,
  ): Promise<{ people: string[]; open: boolean }> {
    return this.repos.tickets.openPeopleOf(ctx.teamId, customerId);
  }

  /** A page of a customer's tickets (any status) in id order, after `afterId`. */
  ofCustomerPage(
    ctx: Pick<Ctx, 'teamId'>,
    customerId: string,
    afterId: string | undefined,
    limit: number,
  ): Promise<TicketRecord[]> {
    return this.repos.tickets.ofCustomerPage(ctx.teamId, customerId, afterId, limit);
  }
}

/** When the last customer message recorded by staff was written ("Customer wrote…"), if any. */
export function lastWroteAt(ticket: Pick<TicketRecord, 'timeline'>): Date | undefined {
  let last: Date | undefined;
  for (const e of ticket.timeline) if (e.wroteAt && (!last || e.wroteAt > last)) last = e.wroteAt;
  return last;
}

/**
 * A hand-over's refusal of a ticket someone else holds by now (claimed or reassigned since the
 * leaver's tickets were read): who, or nobody (back in the queue).
 */
export function ticketTaken(ticket: Pick<TicketRecord, 'assigneeId'>): AppError {
  const holder = ticket.assigneeId;
  return holder
    ? new AppError('INVALID_INPUT', 'handover.error.ticketTaken', { holder }, { users: ['holder'] })
    : new AppError('INVALID_INPUT', 'handover.error.ticketReleased');
}

/**
 * Who is a ticket's account manager for a customer: its owner, or, when Slack said the owner is a
 * guest of the workspace (`ownerGuest`), whom `ownerExecutor` names instead (their manager, else
 * an admin), the guest kept as `guestOwner` (told at intake and on an L3 escalation). The same
 * rule as the desk's tasks for the owner.
 */
export function accountManagerOf(
  settings: Parameters<typeof ownerExecutor>[0],
  customer: Pick<CustomerRecord, 'ownerId' | 'ownerGuest'>,
): Pick<TicketRecord, 'accountManagerId' | 'guestOwner'> {
  const { assigneeId, guestOwner } = ownerExecutor(settings, customer);
  return { accountManagerId: assigneeId, ...(guestOwner ? { guestOwner } : {}) };
}
