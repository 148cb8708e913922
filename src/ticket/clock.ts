/** A ticket's SLA clocks on the workspace's business calendar (pure). */
import {
  businessMinutesBetween,
  dueAt as businessDueAt,
  slaStatus,
  type BusinessCalendar,
  type SlaStatus,
} from '../sla/business-time.js';
import { calendarFromSettings } from '../workspace/calendar.js';
import type { WorkspaceSettings } from '../workspace/settings.js';
import {
  LOGGED_LATE_MINUTES,
  type AlertKind,
  type TicketAlerts,
  type TicketClock,
  type TicketRecord,
} from './types.js';

/**
 * How late a request was logged (manual A, domain 4: within 1 h of its receipt): the business
 * minutes from `receivedAt` to `filedAt` on the workspace's calendar (working hours, never 24x7:
 * logging is the staff's work), when over `LOGGED_LATE_MINUTES`; else undefined. A call at 17:55
 * logged at 09:10 the next working morning is in time.
 */
export function loggedLateMinutes(
  settings: Pick<WorkspaceSettings, 'timeZone' | 'businessHours'>,
  receivedAt: Date,
  filedAt: Date,
): number | undefined {
  const minutes = Math.round(
    businessMinutesBetween(calendarFromSettings(settings), receivedAt, filedAt),
  );
  return minutes > LOGGED_LATE_MINUTES ? minutes : undefined;
}

/** The calendar a ticket's clocks run on: business hours, or every minute for a 24x7 one. */
export function ticketCalendar(
  settings: Pick<WorkspaceSettings, 'timeZone' | 'businessHours'>,
  ticket: Pick<TicketRecord, 'sla'>,
): BusinessCalendar {
  return calendarFromSettings(settings, { aroundTheClock: ticket.sla.aroundTheClock });
}

/** Where the ticket's response and resolution clocks stand at `now`. */
export function ticketClock(
  settings: Pick<WorkspaceSettings, 'timeZone' | 'businessHours'>,
  ticket: TicketRecord,
  now: Date,
): TicketClock {
  const cal = ticketCalendar(settings, ticket);
  const base = { receivedAt: ticket.receivedAt, pauses: ticket.pauses, now };
  return {
    // A duplicate merged into another owes no first response: the other ticket's answer is its.
    response:
      ticket.firstResponseAt || ticket.mergedInto
        ? null
        : slaStatus(cal, { ...base, targetMinutes: ticket.sla.responseMinutes }),
    resolution:
      ticket.status === 'resolved' || ticket.status === 'closed'
        ? null
        : slaStatus(cal, { ...base, targetMinutes: ticket.sla.resolutionMinutes }),
    reply: replyStatus(cal, ticket, now),
    paused: ticket.status === 'waiting',
  };
}

/**
 * The next-reply clock at `now` (pure): null unless the customer waits for one (`replyFrom` on
 * an open ticket). The first-response target counted from their first unanswered message, on
 * the ticket's calendar, not counting the time it waited on them since.
 */
export function replyStatus(
  cal: BusinessCalendar,
  ticket: Pick<TicketRecord, 'status' | 'replyFrom' | 'pauses' | 'sla'>,
  now: Date,
): SlaStatus | null {
  if (!ticket.replyFrom || ticket.status === 'resolved' || ticket.status === 'closed') return null;
  return slaStatus(cal, {
    receivedAt: ticket.replyFrom,
    targetMinutes: ticket.sla.responseMinutes,
    pauses: ticket.pauses,
    now: now < ticket.replyFrom ? ticket.replyFrom : now,
  });
}

/**
 * The next-reply clock of a ticket waiting on the customer that still owes one (`replyFrom` set),
 * at `now` (pure): it stands still and no due time is stored for it (`replyDueAt` unset while
 * paused), so a notice that says it reads it here. Undefined for any other ticket.
 */
export function pausedReplyStatus(
  settings: Pick<WorkspaceSettings, 'timeZone' | 'businessHours'>,
  ticket: Pick<TicketRecord, 'status' | 'replyFrom' | 'pauses' | 'sla'>,
  now: Date,
): SlaStatus | undefined {
  if (ticket.status !== 'waiting' || !ticket.replyFrom) return undefined;
  return replyStatus(ticketCalendar(settings, ticket), ticket, now) ?? undefined;
}

/**
 * The due time stored on a ticket waiting on the customer whose clocks had not run out when it was
 * paused: they stand still, so no due time is known until it resumes. Far in the future, so that
 * "overdue" (`dueAt <= now`) never matches it and "due first" sorts it last.
 */
export const PAUSED_DUE_AT = new Date('9999-12-31T00:00:00.000Z');

/** The due times a ticket stores, so lists read them through indexes instead of computing. */
export interface StoredDueTimes {
  /** Until the first response. */
  responseDueAt?: Date;
  /** Until resolved. */
  resolutionDueAt?: Date;
  /** Until the desk answers the customer's message after the first response (`replyFrom`). */
  replyDueAt?: Date;
  /**
   * The earliest of the pending ones: what "due first" sorts by and "overdue" compares with
   * now. While waiting on the customer, the earliest one already past when the clock paused (a
   * pause stops a clock, it does not undo a breach: the card and the rows say "overdue by"),
   * else PAUSED_DUE_AT; unset once resolved or closed.
   */
  dueAt?: Date;
}

/**
 * A ticket's due times as of its stored state (pure): fixed while its clocks run (they depend on
 * the receipt, the closed pauses and the calendar, not on now), so they are stored with every
 * change and recomputed when the calendar changes.
 */
export function dueTimes(
  settings: Pick<WorkspaceSettings, 'timeZone' | 'businessHours'>,
  ticket: Pick<TicketRecord, 'status' | 'sla' | 'receivedAt' | 'pauses' | 'firstResponseAt'> &
    Partial<Pick<TicketRecord, 'replyFrom'>>,
): StoredDueTimes {
  if (ticket.status === 'resolved' || ticket.status === 'closed') return {};
  const cal = ticketCalendar(settings, ticket);
  if (ticket.status === 'waiting') return { dueAt: overdueWhenPaused(cal, ticket) };
  const due = (minutes: number, from = ticket.receivedAt) =>
    businessDueAt(cal, from, minutes, ticket.pauses);
  const resolutionDueAt = due(ticket.sla.resolutionMinutes);
  const responseDueAt = ticket.firstResponseAt ? undefined : due(ticket.sla.responseMinutes);
  const replyDueAt = ticket.replyFrom
    ? due(ticket.sla.responseMinutes, ticket.replyFrom)
    : undefined;
  const dueAt = [responseDueAt, replyDueAt]
    .filter((d): d is Date => d !== undefined)
    .reduce((a, b) => (b < a ? b : a), resolutionDueAt);
  return {
    ...(responseDueAt ? { responseDueAt } : {}),
    resolutionDueAt,
    ...(replyDueAt ? { replyDueAt } : {}),
    dueAt,
  };
}

/**
 * A waiting ticket's `dueAt`: the earliest of its pending clocks (first response, next reply,
 * resolution) that had run out when its open pause began, or PAUSED_DUE_AT when none had. Due
 * times before the pause do not move with it, so this stays fixed while it waits.
 */
function overdueWhenPaused(
  cal: ReturnType<typeof ticketCalendar>,
  ticket: Pick<TicketRecord, 'sla' | 'receivedAt' | 'pauses' | 'firstResponseAt'> &
    Partial<Pick<TicketRecord, 'replyFrom'>>,
): Date {
  const open = ticket.pauses.find((p) => p.to === undefined);
  if (!open) return PAUSED_DUE_AT;
  const closed = ticket.pauses.filter((p) => p.to !== undefined);
  const due = (minutes: number, from = ticket.receivedAt) =>
    businessDueAt(cal, from, minutes, closed);
  const clocks = [
    due(ticket.sla.resolutionMinutes),
    ...(ticket.firstResponseAt ? [] : [due(ticket.sla.responseMinutes)]),
    ...(ticket.replyFrom ? [due(ticket.sla.responseMinutes, ticket.replyFrom)] : []),
  ];
  const past = clocks.filter((d) => d < open.from);
  return past.length ? past.reduce((a, b) => (b < a ? b : a)) : PAUSED_DUE_AT;
}

/** What a ticket stores of its clocks, recomputed with every change (and calendar change). */
export interface StoredClock extends StoredDueTimes {
  /** When the SLA sweep should next look at it: its earliest pending alert. */
  nextAlertAt?: Date;
  /**
   * The warning and breach marks whose debts the write takes back, a clock's due time moved
   * later than now (`marksTakenBack`): not a stored field (the marks stay).
   */
  takenBack?: AlertKind[];
  /** The marks the write dates anew to keep them standing (`marksKept`): not a stored field. */
  kept?: TicketAlerts;
}
