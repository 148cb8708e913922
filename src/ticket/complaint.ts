/**
 * Complaint and demand targets (pure, #12 and #11): a complaint's urgency (一般 / 紧急 / 特急)
 * sets its contact and resolution targets and the severity its alerts and quiet hours follow; a
 * demand gets a plan-and-dates target in working days. All in business time on the ticket's
 * calendar (the workspace's hours and holidays; every minute for a 24x7 ticket).
 */
import { addBusinessMinutes, dueAt, type BusinessCalendar } from '../sla/business-time.js';
import { calendarFromSettings } from '../workspace/calendar.js';
import type { WorkspaceSettings } from '../workspace/settings.js';
import type { ComplaintUrgency, Severity, TicketComplaint, TicketRecord } from './types.js';

/** A complaint's urgency as a ticket severity: critical complaints are urgent tickets. */
export const COMPLAINT_SEVERITY: Record<ComplaintUrgency, Severity> = {
  general: 'general',
  urgent: 'important',
  critical: 'urgent',
};

/** Repeated complaints: another complaint of the customer within this many days is flagged. */
export const REPEAT_COMPLAINT_DAYS = 90;

export interface ComplaintTargets {
  contactMinutes: number;
  resolutionMinutes: number;
  contactDueAt: Date;
  resolutionDueAt: Date;
}

/** The contact and resolution targets of a complaint received at `receivedAt`. */
export function complaintTargets(
  settings: Pick<WorkspaceSettings, 'complaints'>,
  urgency: ComplaintUrgency,
  cal: BusinessCalendar,
  receivedAt: Date,
): ComplaintTargets {
  const contactMinutes = settings.complaints.contactMinutes[urgency];
  const resolutionMinutes = settings.complaints.resolutionMinutes[urgency];
  return {
    contactMinutes,
    resolutionMinutes,
    contactDueAt: dueAt(cal, receivedAt, contactMinutes),
    resolutionDueAt: dueAt(cal, receivedAt, resolutionMinutes),
  };
}

/**
 * What a merge's complaint check reads of a ticket (TicketService.mergeCheck): its type and, for
 * a complaint, its urgency. The merge holds both tickets only as checked (`lockForMerge`), and
 * while it holds them nobody else changes it (Classify…: TicketRepository.applyIfVersion).
 */
export function mergeClass(ticket: Pick<TicketRecord, 'type' | 'complaint'>): {
  type: TicketRecord['type'];
  urgency?: ComplaintUrgency;
} {
  const urgency = ticket.type === 'complaint' ? ticket.complaint?.urgency : undefined;
  return { type: ticket.type, ...(urgency ? { urgency } : {}) };
}

/** Whether a change moves what a merge's complaint check read (`mergeClass`). */
export function mergeClassChanged(
  before: Pick<TicketRecord, 'type' | 'complaint'>,
  after: Pick<TicketRecord, 'type' | 'complaint'>,
): boolean {
  const a = mergeClass(before);
  const b = mergeClass(after);
  return a.type !== b.type || a.urgency !== b.urgency;
}

/**
 * A complaint merged into `target` (a complaint at least as urgent: mergeCheck): the target keeps
 * the sooner of the two contact due times, while its own contact is not made (counted from then on
 * from the duplicate's receipt and with its target, `contactFrom`, so a calendar change counts it
 * as the duplicate's), and the sooner of the two resolution due times (`mergedResolutionDueAt`,
 * kept by a later Classify…). Undefined when the target keeps its own.
 */
export function mergedComplaint(
  target: TicketComplaint,
  duplicate: Pick<TicketRecord, 'receivedAt' | 'sla' | 'complaint'>,
): TicketComplaint | undefined {
  const dup = duplicate.complaint;
  if (!dup) return undefined;
  const sooner = (a: Date, b: Date) => b.getTime() < a.getTime();
  // Whether or not the duplicate's contact was made: made, it is carried to the target
  // (`contactCarried`) and judged against the due time it had, so one made late stays late.
  const contact = !target.contactedAt && sooner(target.contactDueAt, dup.contactDueAt);
  const resolution = sooner(target.resolutionDueAt, dup.resolutionDueAt);
  if (!contact && !resolution) return undefined;
  const next: TicketComplaint = { ...target };
  if (contact) {
    next.contactDueAt = dup.contactDueAt;
    // The duplicate's own target (a duplicate from before targets were kept: a fixed due time).
    if (dup.contactMinutes !== undefined) {
      next.contactMinutes = dup.contactMinutes;
      // Counted on the duplicate's calendar (its own duplicate's, when merged into it before).
      const from = dup.contactFrom
        ? { at: dup.contactFrom, aroundTheClock: dup.contactAroundTheClock }
        : { at: duplicate.receivedAt, aroundTheClock: duplicate.sla.aroundTheClock };
      next.contactFrom = from.at;
      if (from.aroundTheClock !== undefined) next.contactAroundTheClock = from.aroundTheClock;
      else delete next.contactAroundTheClock;
    } else {
      delete next.contactMinutes;
      delete next.contactFrom;
      delete next.contactAroundTheClock;
    }
  }
  if (resolution) {
    next.resolutionDueAt = dup.resolutionDueAt;
    next.mergedResolutionDueAt = dup.resolutionDueAt;
  }
  return next;
}

/**
 * The calendar a merged duplicate's contact target (`contactFrom`) counts on: the duplicate's own
 * (around the clock or not, `contactAroundTheClock`), whatever the target's calendar now; one
 * merged before that was kept counts on `calendar`, the target's.
 */
export function mergedContactCalendar(
  settings: Pick<WorkspaceSettings, 'timeZone' | 'businessHours'>,
  complaint: Pick<TicketComplaint, 'contactAroundTheClock'>,
  calendar: BusinessCalendar,
): BusinessCalendar {
  return complaint.contactAroundTheClock === undefined
    ? calendar
    : calendarFromSettings(settings, { aroundTheClock: complaint.contactAroundTheClock });
}

/** Business minutes of one working day: the sum of the day's windows. */
export function workingDayMinutes(settings: Pick<WorkspaceSettings, 'businessHours'>): number {
  const toMin = (hhmm: string) => {
    const [h, m] = hhmm.split(':').map(Number) as [number, number];
    return h * 60 + m;
  };
  return settings.businessHours.windows.reduce((sum, w) => sum + toMin(w.end) - toMin(w.start), 0);
}

/**
 * When a demand received at `receivedAt` must have its plan and dates: `demandPlanDays` working
 * days of business time later (received Monday 10:00, 3 days: Thursday 10:00; a holiday or a
 * weekend in between does not count). Received outside business hours, the count starts at the
 * next opening.
 */
export function demandPlanDue(
  settings: Pick<WorkspaceSettings, 'businessHours' | 'demandPlanDays'>,
  cal: BusinessCalendar,
  receivedAt: Date,
): Date {
  return addBusinessMinutes(cal, receivedAt, settings.demandPlanDays * workingDayMinutes(settings));
}

/**
 * The complaint `target` is once `duplicate` (a complaint of the same customer) is merged into
 * it, when the duplicate's customer contact counts for it: made, and earlier than the target's
 * own (or the target has none), it is the contact the customer had, so the target's Resolve does
 * not ask for it again. Undefined when the target's complaint stays as it is.
 */
export function contactCarried(
  target: Pick<TicketRecord, 'complaint'>,
  duplicate: Pick<TicketRecord, 'complaint'>,
): TicketComplaint | undefined {
  const into = target.complaint;
  const from = duplicate.complaint;
  if (!into || !from?.contactedAt) return undefined;
  if (into.contactedAt && into.contactedAt <= from.contactedAt) return undefined;
  const { contactedAt, contactedBy, contactVia, contactSummary } = from;
  return {
    ...into,
    contactedAt,
    ...(contactedBy ? { contactedBy } : {}),
    ...(contactVia ? { contactVia } : {}),
    ...(contactSummary ? { contactSummary } : {}),
  };
}
