/** A ticket's SLA clocks on the workspace's business calendar (pure). */
import { dueAt as businessDueAt, slaStatus, type BusinessCalendar } from '../sla/business-time.js';
import { calendarFromSettings } from '../workspace/calendar.js';
import type { WorkspaceSettings } from '../workspace/settings.js';
import type { TicketClock, TicketRecord } from './types.js';

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
    response: ticket.firstResponseAt
      ? null
      : slaStatus(cal, { ...base, targetMinutes: ticket.sla.responseMinutes }),
    resolution:
      ticket.status === 'resolved' || ticket.status === 'closed'
        ? null
        : slaStatus(cal, { ...base, targetMinutes: ticket.sla.resolutionMinutes }),
    paused: ticket.status === 'waiting',
  };
}

/**
 * The due time stored on a ticket waiting on the customer: its clocks stand still, so no due time
 * is known until it resumes. Far in the future, so that "overdue" (`dueAt <= now`) never matches
 * it and "due first" sorts it last.
 */
export const PAUSED_DUE_AT = new Date('9999-12-31T00:00:00.000Z');

/** The due times a ticket stores, so lists read them through indexes instead of computing. */
export interface StoredDueTimes {
  /** Until the first response. */
  responseDueAt?: Date;
  /** Until resolved. */
  resolutionDueAt?: Date;
  /**
   * The earliest of the two pending ones: what "due first" sorts by and "overdue" compares with
   * now. PAUSED_DUE_AT while waiting on the customer; unset once resolved or closed.
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
  ticket: Pick<TicketRecord, 'status' | 'sla' | 'receivedAt' | 'pauses' | 'firstResponseAt'>,
): StoredDueTimes {
  if (ticket.status === 'resolved' || ticket.status === 'closed') return {};
  if (ticket.status === 'waiting') return { dueAt: PAUSED_DUE_AT };
  const cal = ticketCalendar(settings, ticket);
  const due = (minutes: number) => businessDueAt(cal, ticket.receivedAt, minutes, ticket.pauses);
  const resolutionDueAt = due(ticket.sla.resolutionMinutes);
  const responseDueAt = ticket.firstResponseAt ? undefined : due(ticket.sla.responseMinutes);
  const dueAt = responseDueAt && responseDueAt < resolutionDueAt ? responseDueAt : resolutionDueAt;
  return { ...(responseDueAt ? { responseDueAt } : {}), resolutionDueAt, dueAt };
}

/** What a ticket stores of its clocks, recomputed with every change (and calendar change). */
export interface StoredClock extends StoredDueTimes {
  /** When the SLA sweep should next look at it: its earliest pending alert. */
  nextAlertAt?: Date;
}
