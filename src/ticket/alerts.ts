/**
 * SLA alerts for one ticket (pure): which thresholds it has crossed and not yet been alerted
 * for, and when the next one comes. Thresholds: a warning at the workspace's share of the
 * response and resolution targets (default 75 %), a breach after each, and on a breach an
 * automatic escalation L1 -> L2, then L2 -> L3 a set business time later.
 */
import {
  addBusinessMinutes,
  businessMinutesBetween,
  dueAt,
  type BusinessCalendar,
} from '../sla/business-time.js';
import type { WorkspaceSettings } from '../workspace/settings.js';
import {
  ALERT_KINDS,
  isBreach,
  topLevelOf,
  type AlertKind,
  type TicketAlerts,
  type TicketRecord,
} from './types.js';

/** What the alert planning reads of a ticket. */
export type AlertedTicket = Pick<
  TicketRecord,
  | 'status'
  | 'receivedAt'
  | 'pauses'
  | 'sla'
  | 'firstResponseAt'
  | 'level'
  | 'severity'
  | 'customerTier'
> &
  Partial<Pick<TicketRecord, 'complaint' | 'demand' | 'replyFrom'>> & { alerts?: TicketAlerts };

/** When each threshold not yet alerted is crossed. */
export function thresholds(
  ticket: AlertedTicket,
  settings: WorkspaceSettings,
  cal: BusinessCalendar,
  now: Date,
): Partial<Record<AlertKind, Date>> {
  if (ticket.status !== 'new' && ticket.status !== 'assigned') return {};
  const sent = ticket.alerts ?? {};
  const at = (minutes: number) => dueAt(cal, ticket.receivedAt, minutes, ticket.pauses, now);
  const after = (d: Date) => new Date(d.getTime() + 1); // a breach is strictly after the due time
  const { responseMinutes, resolutionMinutes } = ticket.sla;
  const warn = settings.sla.warnAtFraction;
  const out: Partial<Record<AlertKind, Date>> = {};
  if (!ticket.firstResponseAt) {
    if (!sent.responseWarn) out.responseWarn = at(responseMinutes * warn);
    if (!sent.responseBreach) out.responseBreach = after(at(responseMinutes));
  }
  // The customer wrote again after the first response: one breach per unanswered stretch (its
  // mark is taken back when the stretch ends, TicketRepository.applyIfVersion).
  if (ticket.replyFrom && !sent.replyBreach)
    out.replyBreach = after(dueAt(cal, ticket.replyFrom, responseMinutes, ticket.pauses, now));
  if (!sent.resolutionWarn) out.resolutionWarn = at(resolutionMinutes * warn);
  if (!sent.resolutionBreach) out.resolutionBreach = after(at(resolutionMinutes));
  // A complaint's contact step and a demand's plan: fixed due times set at intake.
  const { complaint, demand } = ticket;
  if (complaint && !complaint.contactedAt && !sent.contactBreach)
    out.contactBreach = after(complaint.contactDueAt);
  if (demand && !demand.plannedAt && !sent.planBreach) out.planBreach = after(demand.planDueAt);
  if (settings.sla.autoEscalate) {
    const firstBreach = [
      ticket.firstResponseAt ? undefined : after(at(responseMinutes)),
      after(at(resolutionMinutes)),
    ]
      .filter((d): d is Date => !!d)
      .sort((a, b) => a.getTime() - b.getTime())[0]!;
    if (ticket.level === 1 && !sent.escalateL2) out.escalateL2 = firstBreach;
    // L3 only for a customer above the key line (`topLevelOf`): a normal one's stops at L2.
    if (ticket.level === 2 && topLevelOf(ticket) === 3 && !sent.escalateL3) {
      // L3 a set business time after L2 (or, for a ticket escalated to L2 by hand, after its
      // first breach), not counting the time it waited on the customer or sat resolved. Only
      // while a breach stands: once the expert has given the first response that was overdue,
      // the count starts again at the resolution breach (the first breach still to come).
      const l2 = sent.escalateL2;
      const from = l2 && l2.getTime() > firstBreach.getTime() ? l2 : firstBreach;
      out.escalateL3 = dueAt(
        cal,
        from,
        settings.sla.l3AfterMinutes,
        ticket.pauses.filter((p) => (p.to ?? now) > from),
        now,
      );
    }
  }
  return out;
}

export interface AlertPlan {
  /** Crossed and not yet alerted, to send now (quiet hours applied). */
  due: AlertKind[];
  /** When the sweep should look at the ticket again; undefined when nothing is left. */
  nextAt?: Date;
}

function inBusinessHours(cal: BusinessCalendar, now: Date): boolean {
  return businessMinutesBetween(cal, now, new Date(now.getTime() + 60_000)) > 0;
}

/**
 * What to send now and when to look again. Outside business hours (of the workspace, not of a
 * 24x7 ticket) everything waits for the next window, but urgent breaches when the workspace
 * says so.
 */
export function alertPlan(
  ticket: AlertedTicket,
  settings: WorkspaceSettings,
  cal: BusinessCalendar,
  officeHours: BusinessCalendar,
  now: Date,
): AlertPlan {
  const all = thresholds(ticket, settings, cal, now);
  const crossed = ALERT_KINDS.filter((k) => all[k] && all[k]!.getTime() <= now.getTime());
  const pending = ALERT_KINDS.filter((k) => all[k] && all[k]!.getTime() > now.getTime()).map(
    (k) => all[k]!,
  );
  let due = crossed;
  let reopen: Date | undefined;
  if (crossed.length && !inBusinessHours(officeHours, now)) {
    const urgentAnyTime = ticket.severity === 'urgent' && settings.sla.urgentBreachesAnyTime;
    due = crossed.filter((k) => urgentAnyTime && isBreach(k));
    if (due.length < crossed.length) reopen = addBusinessMinutes(officeHours, now, 0);
  }
  const next = [...pending, ...(reopen ? [reopen] : [])].sort(
    (a, b) => a.getTime() - b.getTime(),
  )[0];
  return { due, ...(next ? { nextAt: next } : {}) };
}

/** The clocks an alert mark stands for, by the marks each has (escalations are no clock's). */
const CLOCK_MARKS = {
  response: ['responseWarn', 'responseBreach'],
  resolution: ['resolutionWarn', 'resolutionBreach'],
  reply: ['replyBreach'],
  contact: ['contactBreach'],
  plan: ['planBreach'],
} as const satisfies Record<string, readonly AlertKind[]>;
export type AlertClock = keyof typeof CLOCK_MARKS;
const BREACH_OF: Record<AlertClock, AlertKind> = {
  response: 'responseBreach',
  resolution: 'resolutionBreach',
  reply: 'replyBreach',
  contact: 'contactBreach',
  plan: 'planBreach',
};

/** When each alert threshold of an open ticket is crossed, whatever is marked (pure). */
function allThresholds(
  ticket: AlertedTicket,
  settings: WorkspaceSettings,
  cal: BusinessCalendar,
  now: Date,
): Partial<Record<AlertKind, Date>> {
  if (ticket.status === 'resolved' || ticket.status === 'closed') return {};
  // A waiting ticket's too: a change while it waits (Classify…) moves them for its resume.
  return thresholds({ ...ticket, status: 'new', alerts: {} }, settings, cal, now);
}

/** The due time of each clock the alerts watch, as the sweep counts it at `now` (pure). */
export function alertClockDues(
  ticket: AlertedTicket,
  settings: WorkspaceSettings,
  cal: BusinessCalendar,
  now: Date,
): Partial<Record<AlertClock, Date>> {
  const all = allThresholds(ticket, settings, cal, now);
  return Object.fromEntries(
    (Object.keys(BREACH_OF) as AlertClock[]).flatMap((c) => {
      const breach = all[BREACH_OF[c]];
      // (A breach is 1 ms after its due time: `thresholds`.)
      return breach ? [[c, new Date(breach.getTime() - 1)]] : [];
    }),
  );
}

/**
 * The warning and breach marks a change takes back (pure): those of a clock whose due time it
 * moved later (`before`: the due times the ticket had, `alertClockDues`; a clock missing there is
 * not known to have moved), and any mark made before the threshold it stands for (made under an
 * earlier due time), each only when its threshold is later than `now` again: the sweep then
 * alerts it anew, once, at its new time. A due time moved later but still past keeps its marks
 * (nothing is told twice), and the escalations are never taken back (the level stays).
 */
export function marksTakenBack(
  ticket: AlertedTicket,
  settings: WorkspaceSettings,
  cal: BusinessCalendar,
  now: Date,
  before: Partial<Record<AlertClock, Date>> = {},
): AlertKind[] {
  const all = allThresholds(ticket, settings, cal, now);
  const dues = alertClockDues(ticket, settings, cal, now);
  const sent = ticket.alerts ?? {};
  return (Object.keys(CLOCK_MARKS) as AlertClock[]).flatMap((c) => {
    const was = before[c];
    const moved = !!was && !!dues[c] && dues[c]!.getTime() > was.getTime();
    return CLOCK_MARKS[c].filter((k) => {
      const at = all[k];
      if (!at || at.getTime() <= now.getTime()) return false;
      const mark = sent[k];
      return moved || (!!mark && mark.getTime() < at.getTime());
    });
  });
}
