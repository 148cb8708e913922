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

/**
 * Whether `kind`'s mark stands for its threshold `at` as the ticket now stands: made at or after
 * it. A mark made before it was made under an earlier due time, one a change moved later since:
 * that threshold is alerted anew. Kept, it stands again if the due time moves back (a toggled
 * Classify…, a holiday saved and taken off): the same warning or breach is not alerted twice.
 */
export function markStands(alerts: TicketAlerts, kind: AlertKind, at: Date): boolean {
  const mark = alerts[kind];
  return !!mark && mark.getTime() >= at.getTime();
}

/** When each threshold not yet alerted (no mark that stands for it: `markStands`) is crossed. */
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
  const open = (kind: AlertKind, threshold: Date) => {
    if (!markStands(sent, kind, threshold)) out[kind] = threshold;
  };
  if (!ticket.firstResponseAt) {
    open('responseWarn', at(responseMinutes * warn));
    open('responseBreach', after(at(responseMinutes)));
  }
  // The customer wrote again after the first response: one breach per unanswered stretch (its
  // mark is taken back when the stretch ends, TicketRepository.applyIfVersion).
  if (ticket.replyFrom)
    open('replyBreach', after(dueAt(cal, ticket.replyFrom, responseMinutes, ticket.pauses, now)));
  open('resolutionWarn', at(resolutionMinutes * warn));
  open('resolutionBreach', after(at(resolutionMinutes)));
  // A complaint's contact step and a demand's plan: fixed due times set at intake.
  const { complaint, demand } = ticket;
  if (complaint && !complaint.contactedAt) open('contactBreach', after(complaint.contactDueAt));
  if (demand && !demand.plannedAt) open('planBreach', after(demand.planDueAt));
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
const CLOCK_KINDS: AlertKind[] = Object.values(CLOCK_MARKS).flat();
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

/**
 * The thresholds of the clocks the alerts watch as the sweep counts them at `now`, whatever is
 * marked (pure): a change's `before` for `marksTakenBack` and `marksKept`.
 */
export function alertThresholds(
  ticket: AlertedTicket,
  settings: WorkspaceSettings,
  cal: BusinessCalendar,
  now: Date,
): Partial<Record<AlertKind, Date>> {
  const all = allThresholds(ticket, settings, cal, now);
  return Object.fromEntries(CLOCK_KINDS.flatMap((k) => (all[k] ? [[k, all[k]]] : [])));
}

/**
 * The warning and breach marks whose debts a change takes back (pure), to $pull from
 * `alertsOwed`: those of a clock whose due time it moved later (`before`: the thresholds the
 * ticket had, `alertThresholds`; a clock whose breach is missing there is not known to have
 * moved), and any mark made before the threshold it stands for (made under an earlier due time),
 * each only when its threshold is later than `now` again. The marks stay (`markStands`: they no
 * longer stand, so the sweep alerts them anew, once, at the new time; moved back, they stand
 * again), but a sweep that marked one and stopped before saying it must not say it then. A due
 * time moved later but still past keeps its marks standing (`marksKept`), and the escalations are
 * never taken back (the level stays).
 */
export function marksTakenBack(
  ticket: AlertedTicket,
  settings: WorkspaceSettings,
  cal: BusinessCalendar,
  now: Date,
  before: Partial<Record<AlertKind, Date>> = {},
): AlertKind[] {
  const all = allThresholds(ticket, settings, cal, now);
  const sent = ticket.alerts ?? {};
  return (Object.keys(CLOCK_MARKS) as AlertClock[]).flatMap((c) => {
    const was = before[BREACH_OF[c]];
    const is = all[BREACH_OF[c]];
    const moved = !!was && !!is && is.getTime() > was.getTime();
    return CLOCK_MARKS[c].filter((k) => {
      const at = all[k];
      if (!at || at.getTime() <= now.getTime()) return false;
      const mark = sent[k];
      return moved || (!!mark && mark.getTime() < at.getTime());
    });
  });
}

/**
 * The marks a change keeps standing (pure), dated `now` by its write: a mark that stood for its
 * threshold before the change (`before`, `alertThresholds`; none kept without it; a threshold
 * missing there, as the warnings' on a calendar change whose earlier calendar is gone, is taken
 * to have stood) and whose threshold the change moved later but still past. Already told, and
 * the new target missed too: not told again.
 */
export function marksKept(
  ticket: AlertedTicket,
  settings: WorkspaceSettings,
  cal: BusinessCalendar,
  now: Date,
  before: Partial<Record<AlertKind, Date>> | undefined,
): AlertKind[] {
  if (!before) return [];
  const all = allThresholds(ticket, settings, cal, now);
  const sent = ticket.alerts ?? {};
  return CLOCK_KINDS.filter((k) => {
    const at = all[k];
    const mark = sent[k];
    if (!at || !mark || at.getTime() > now.getTime() || markStands(sent, k, at)) return false;
    const was = before[k];
    return !was || mark.getTime() >= was.getTime();
  });
}
