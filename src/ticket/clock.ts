/** A ticket's SLA clocks on the workspace's business calendar (pure). */
import { slaStatus, type BusinessCalendar } from '../sla/business-time.js';
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

/** Whether a ticket is past its response or resolution target now (and not paused). */
export function isOverdue(
  settings: Pick<WorkspaceSettings, 'timeZone' | 'businessHours'>,
  ticket: TicketRecord,
  now: Date,
): boolean {
  const clock = ticketClock(settings, ticket, now);
  return !clock.paused && !!(clock.response?.breached || clock.resolution?.breached);
}
