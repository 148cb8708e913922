import { TZDate } from '@date-fns/tz';
import { addDays, format, parseISO } from 'date-fns';
import { storedOrBuilt, weekContaining } from './periods.js';
import type { Ctx } from '../context.js';
import { isStartupHistory } from '../customer/rules.js';
import type { CustomerService } from '../customer/service.js';
import { dueAt, type Pause } from '../sla/business-time.js';
import type { TaskService } from '../task/service.js';
import { ticketCalendar } from '../ticket/clock.js';
import type { TicketService } from '../ticket/service.js';
import type { DigestTicket, TicketRecord } from '../ticket/types.js';
import { addDaysToDate, startOfLocalDay } from '../time.js';
import type { WorkspaceSettings } from '../workspace/settings.js';
import {
  lowRiskCustomers,
  recordedAtOf,
  taskFactsOf,
  tierMoveCauses,
  tiersOverWindow,
  weekFigures,
} from './figures.js';
import { tierMoves } from './report-figures.js';
import type { DigestRepository } from './repository.js';
import type {
  DigestPost,
  PastSla,
  PastSlaTicket,
  TicketFacts,
  WeekFigures,
  WeekWindow,
} from './types.js';
import type { DailyFacts } from './daily/service.js';
import { pastRepliesOf, complaintAddedCells, type ClockRow } from './daily/repository.js';
import type { ReportTicket } from './repository.js';
import {
  OPEN_STATUSES,
  countsInFigures,
  reopenOwingReply,
  respondedOnTime,
} from '../ticket/types.js';

export { weekContaining } from './periods.js';

/**
 * The week a digest slot reports: the last full week before it. A run is keyed on this week,
 * not on the slot instant, so a re-run, a caught-up slot or `--at` all land on the same week.
 */
export function reportedWeek(slot: Date, timeZone: string): WeekWindow {
  const local = new TZDate(slot.getTime(), timeZone);
  return weekContaining(format(addDays(local, -7), 'yyyy-MM-dd'), timeZone);
}

/** The `count` weeks ending with `last`, oldest first. */
export function weeksEnding(last: WeekWindow, count: number, timeZone: string): WeekWindow[] {
  return Array.from({ length: count }, (_, i) =>
    weekContaining(
      format(addDays(parseISO(last.fromDate), -7 * (count - 1 - i)), 'yyyy-MM-dd'),
      timeZone,
    ),
  );
}

/**
 * What working out a ticket's targets at an instant reads: its clocks, and the next reply owed
 * then (still owed, `replyFrom`, or the one owed then given since, `pastReplies`).
 */
export type ClockFacts = Pick<DigestTicket, 'receivedAt' | 'firstResponseAt' | 'sla' | 'pauses'> &
  Partial<Pick<DigestTicket, 'replyFrom' | 'pastReplies'>>;

/** Pauses as they stood at `at`: later ones dropped, one still running then left open. */
function pausesAt(pauses: Pause[], at: Date): Pause[] {
  return pauses.filter((p) => p.from < at).map((p) => (p.to && p.to <= at ? p : { from: p.from }));
}

/**
 * Whether a ticket open at `at` was past its SLA then: `at` after a due time (strictly, as
 * slaStatus's breach), worked out with the pauses as they stood; a next reply owed then (the
 * customer wrote again before `at`, `replyFrom`; or the last one owed from before `at`, given or
 * its ticket resolved or closed at or after it, `pastReplies`) counts, on its own clock. Once per ticket,
 * however many of its clocks were late. Only the due times are worked out (a few business days
 * from the receipt), not the business time elapsed since the receipt, which for a ticket open
 * for months walks every day since.
 */
export function overdueAt(
  settings: WorkspaceSettings,
  ticket: ClockFacts,
  at: Date,
  cal = ticketCalendar(settings, ticket),
): boolean {
  return pastTargetAt(settings, ticket, at, cal) !== null;
}

/**
 * The target a ticket open at `at` was past then (as `overdueAt`), with its due time: the
 * earliest due of those past; null when it was past none.
 */
export function pastTargetAt(
  settings: WorkspaceSettings,
  ticket: ClockFacts,
  at: Date,
  cal = ticketCalendar(settings, ticket),
): { what: 'response' | 'reply' | 'resolution'; due: Date } | null {
  const pauses = pausesAt(ticket.pauses, at);
  const due = (minutes: number, from = ticket.receivedAt) => dueAt(cal, from, minutes, pauses, at);
  const responded = ticket.firstResponseAt && ticket.firstResponseAt < at;
  if (!responded) {
    const response = due(ticket.sla.responseMinutes);
    if (at.getTime() > response.getTime()) return { what: 'response', due: response };
  }
  const resolution = due(ticket.sla.resolutionMinutes);
  // A next reply owed at `at`: asked for before it (a message after `at` owed nothing then),
  // still owed, or the last one given (or the ticket resolved or closed) at or after `at`.
  const last = ticket.pastReplies?.find((s) => s.from < at && s.until >= at);
  const owedFrom = ticket.replyFrom && ticket.replyFrom < at ? ticket.replyFrom : last?.from;
  const reply = responded && owedFrom ? due(ticket.sla.responseMinutes, owedFrom) : null;
  if (reply && at.getTime() > reply.getTime() && reply.getTime() <= resolution.getTime())
    return { what: 'reply', due: reply };
  return at.getTime() > resolution.getTime() ? { what: 'resolution', due: resolution } : null;
}

/**
 * Whether a ticket open at `at` was past its resolution target then, with the pauses as they
 * stood (for a complaint, its complaint's resolution target: the ticket's is set to it).
 */
export function resolutionLateAt(
  settings: WorkspaceSettings,
  ticket: Pick<DigestTicket, 'receivedAt' | 'sla' | 'pauses'>,
  at: Date,
  cal = ticketCalendar(settings, ticket),
): boolean {
  return pastAt(ticket, at, cal)(ticket.sla.resolutionMinutes);
}

/** Whether `at` is after the due time of `minutes` from the receipt, on the pauses then. */
function pastAt(
  ticket: Pick<DigestTicket, 'receivedAt' | 'pauses'>,
  at: Date,
  cal: ReturnType<typeof ticketCalendar>,
): (minutes: number) => boolean {
  const pauses = pausesAt(ticket.pauses, at);
  return (minutes) => at.getTime() > dueAt(cal, ticket.receivedAt, minutes, pauses, at).getTime();
}

/**
 * One calendar per kind of clock (business hours or around the clock) for many tickets, so the
 * business days their due times walk are worked out once.
 */
export function ticketCalendars(
  settings: WorkspaceSettings,
): (ticket: Pick<DigestTicket, 'sla'>) => ReturnType<typeof ticketCalendar> {
  const calendars = new Map<boolean, ReturnType<typeof ticketCalendar>>();
  return (ticket) => {
    const key = ticket.sla.aroundTheClock === true;
    let cal = calendars.get(key);
    if (!cal) calendars.set(key, (cal = ticketCalendar(settings, ticket)));
    return cal;
  };
}

/**
 * The weekly KPI figures: built from the tickets, tasks, customers and their change log of a
 * week, and stored per week so they are built once and read back for comparisons and the chart.
 */
export class DigestService {
  constructor(
    private readonly deps: {
      digests: DigestRepository;
      tickets: Pick<TicketService, 'forDigest' | 'pastSla' | 'byIds'>;
      tasks: TaskService;
      customers: CustomerService;
      /** The stored days (src/digest/daily/); without them every ticket is read live. */
      daily?: DailyFacts;
    },
  ) {}

  /** Computes a week's figures from the records and stores them. */
  async build(ctx: Ctx, window: WeekWindow): Promise<WeekFigures> {
    const { settings } = ctx;
    const calendarOf = ticketCalendars(settings);
    const [read, tasks, customers, changes, firstRecordAt, lateInteractions] = await Promise.all([
      this.tickets(ctx, window, calendarOf),
      this.deps.tasks.forDigest(ctx, window),
      this.deps.customers.forDigest(ctx),
      // and the records created since the week's start: when those customers were recorded
      // (and the overrides set or taken away: what moved a tier, tierMoveCauses)
      this.deps.customers.changesSince(
        ctx,
        ['tier', 'lifecycle', 'created', 'tierOverride'],
        window.from,
      ),
      this.deps.customers.firstRecordAt(ctx),
      // Interactions logged in the week after 24 h (manual B).
      this.deps.customers.lateInteractions(ctx, window.from, window.to),
    ]);
    const { facts, counted } = read;
    const recorded = recordedAtOf(changes);
    // Each customer's tier at the week's start and end (its tier now, rolled back through the
    // changes since the start): the tier ups and downs count the customers the list names.
    const tiers = tiersOverWindow(customers, changes, window);
    const figures = weekFigures({
      window,
      tickets: facts,
      counted,
      tasks: tasks.map((task) => taskFactsOf(task, settings.timeZone)),
      // A customer counts from its first contact (a business date an import keeps); it is new
      // from then, or from when its record was written if that is later (figures.ts `newFrom`).
      customers: customers.map((c) => {
        const recordedAt = recorded.get(c.id);
        const createdAt = startOfLocalDay(c.firstContactDate, settings.timeZone);
        return {
          id: c.id,
          // Its tier at the week's end, as the report counts it: not one an order or review
          // after the week (before the digest, or a rebuild of an old week) gave it.
          tier: tiers.get(c.id)?.end ?? c.tier,
          lifecycle: c.lifecycle,
          createdAt,
          ...(recordedAt ? { recordedAt } : {}),
          // Recorded that many days after the first contact (a date, like the creation above);
          // not history the team brought to the desk, flagged before that rule and not yet
          // cleared by the daily signals run (CustomerService.clearStartupLateRecords).
          ...(c.lateRecord && !isStartupHistory(createdAt, firstRecordAt)
            ? {
                recordedLateAt: startOfLocalDay(
                  addDaysToDate(c.firstContactDate, c.lateRecord),
                  settings.timeZone,
                ),
              }
            : {}),
        };
      }),
      changes,
      tiers,
      ...(firstRecordAt ? { firstRecordAt } : {}),
    });
    // Who moved tier (start to end of the week), as a report names them: most valuable first.
    figures.tierMoves = tierMoves(customers, tiers, tierMoveCauses(changes, window));
    // The low-risk customers on the week's last day (the class the daily signals run stores).
    const lowRisk = lowRiskCustomers(customers, addDaysToDate(window.toDate, -1));
    if (lowRisk !== undefined) figures.lowRiskCustomers = lowRisk;
    figures.lateInteractions = lateInteractions;
    await this.deps.digests.saveFigures(
      ctx.teamId,
      window.week,
      { from: window.from, to: window.to, timeZone: settings.timeZone },
      figures,
      ctx.now,
    );
    return figures;
  }

  /**
   * The week's tickets as the figures take them (those still open at its end with whether they
   * were past their SLA then), and the open ones only counted: from the stored days and the
   * job's snapshot of the open tickets' clocks when there are some, else read live.
   */
  private async tickets(
    ctx: Ctx,
    window: WeekWindow,
    calendarOf: (ticket: Pick<DigestTicket, 'sla'>) => ReturnType<typeof ticketCalendar>,
  ): Promise<{ facts: TicketFacts[]; counted: { backlog: number; overdue: number } }> {
    const { settings } = ctx;
    const stored = this.deps.daily
      ? await this.deps.daily.forDigest(ctx.teamId, settings.timeZone, window, ctx.now)
      : null;
    if (stored) return fromStoredDays(settings, window, stored, calendarOf);
    const { tickets, counted } = await this.deps.tickets.forDigest(ctx, window.from, window.to);
    const facts: TicketFacts[] = tickets.map((ticket) => {
      const openAtEnd =
        !(ticket.resolvedAt && ticket.resolvedAt < window.to) &&
        !(ticket.closedAt && ticket.closedAt < window.to);
      if (!openAtEnd) return ticket;
      const cal = calendarOf(ticket);
      return {
        ...ticket,
        overdueAtEnd: overdueAt(settings, ticket, window.to, cal),
        ...(ticket.complaint
          ? {
              complaint: {
                ...ticket.complaint,
                lateAtEnd: resolutionLateAt(settings, ticket, window.to, cal),
              },
            }
          : {}),
      };
    });
    return { facts, counted };
  }

  /**
   * The tickets past their SLA in the week, for the digest's list, by the same tests as its
   * figures, so that the list names the tickets the rates count late: those open at the week's
   * end past a target then (however they stand now: answered, waiting or resolved since), then
   * those first answered late or resolved late in the week (any status now). At most `limit` of
   * each, and how many there are in all.
   */
  async pastSla(ctx: Ctx, window: WeekWindow, limit: number): Promise<PastSla> {
    const { settings } = ctx;
    const { from, to } = window;
    const read = await this.deps.tickets.pastSla(ctx, from, to, limit);
    const calendarOf = ticketCalendars(settings);
    const pastAtEnd = (tickets: TicketRecord[]) =>
      tickets.flatMap((ticket) => {
        const past = pastTargetAt(settings, ticket, to, calendarOf(ticket));
        // A reply owed since a reopen by staff, the requester or the desk (as of the week's
        // end): its line says who reopened it, not that the customer wrote again.
        const reopened =
          past?.what === 'reply'
            ? reopenOwingReply({ ...ticket, timeline: ticket.timeline.filter((e) => e.at < to) })
            : undefined;
        return past ? [{ ticket, what: past.what, due: past.due, reopened }] : [];
      });
    const moved = pastAtEnd(read.moved);
    const overdue = [...pastAtEnd(read.counted.tickets), ...moved];
    const byDue = (a: { due: Date; ticket: { number: string } }, b: typeof a) =>
      a.due.getTime() - b.due.getTime() || a.ticket.number.localeCompare(b.ticket.number);
    const open: PastSlaTicket[] = overdue
      .sort(byDue)
      .slice(0, limit)
      .map(({ ticket, what, reopened }) => ({ ticket, what, ...(reopened ? { reopened } : {}) }));
    const listed = new Set(overdue.map((o) => o.ticket.id));
    const inWeek = (t: Date | undefined) => t !== undefined && t >= from && t < to;
    const done = read.late
      .filter((ticket) => !listed.has(ticket.id) && countsInFigures(ticket))
      .map((ticket): { id: string; what: PastSlaTicket['what'] } => {
        const m = ticket.metrics;
        const response = inWeek(ticket.firstResponseAt) && !respondedOnTime(m);
        const resolution = inWeek(ticket.resolvedAt) && m.resolutionBreached === true;
        return {
          id: ticket.id,
          what: response && resolution ? 'both' : response ? 'response' : 'resolution',
        };
      });
    // Every late ticket is counted; only those shown are read whole (one gone since is left out).
    const shown = done.slice(0, limit);
    const ids = shown.map((d) => d.id);
    const whole = new Map((await this.deps.tickets.byIds(ctx, ids)).map((t) => [t.id, t]));
    return {
      open,
      done: shown.flatMap(({ id, what }): PastSlaTicket[] => {
        const ticket = whole.get(id);
        return ticket ? [{ ticket, what }] : [];
      }),
      total: read.counted.n + moved.length + done.length,
    };
  }

  /**
   * The figures of several weeks: stored ones read back, missing ones built (and stored). A
   * week that had not ended when it was stored is rebuilt.
   */
  async figures(
    ctx: Ctx,
    windows: WeekWindow[],
    rebuild: string[] = [],
  ): Promise<Map<string, WeekFigures>> {
    const stored = await this.deps.digests.weeks(
      ctx.teamId,
      windows.map((w) => w.week),
    );
    return storedOrBuilt('week', windows, stored, ctx.settings.timeZone, rebuild, (window) =>
      this.build(ctx, window),
    );
  }
}

/**
 * Where a week's digest went. It is written to the outbox under the week's key (so it is
 * queued once however many runs try) and recorded here once Slack took it.
 */
export class DigestPosts {
  constructor(private readonly repo: DigestRepository) {}

  /** Whether the week's digest is out. */
  posted(ctx: Ctx, week: string): Promise<boolean> {
    return this.repo.isPosted(ctx.teamId, week);
  }

  /** A forced run (posted again on purpose), counted on the week. */
  forced(ctx: Ctx, week: string): Promise<void> {
    return this.repo.countForced(ctx.teamId, week);
  }

  record(
    ctx: Ctx,
    week: string,
    post: Required<Pick<DigestPost, 'channel' | 'ts'>> & { chartFileId?: string },
  ): Promise<void> {
    return this.repo.recordPost(ctx.teamId, week, { ...post, postedAt: ctx.now });
  }
}

const OPEN: ReadonlySet<string> = new Set(OPEN_STATUSES);
const at = (n: number | null) => (n === null ? undefined : new Date(n));

/**
 * The digest's tickets from the stored days (daily/service.ts `forDigest`), the same as read
 * live (TicketRepository.forDigest): the tickets received before the week's end that are open
 * now or were answered, resolved, closed or surveyed since its start, or whose complaint contact
 * was due in the week (the stored days hold them by that due time); of those, the open ones
 * untouched since before the week, never paused, not waiting, not complaints and with due
 * times stored are only counted, overdue by a stored due time before the end (what the
 * database counts when they are read live); every other one still open at the end is worked
 * out from its clock.
 */
function fromStoredDays(
  settings: WorkspaceSettings,
  window: WeekWindow,
  stored: { tickets: ReportTicket[]; backlog: ClockRow[] },
  calendarOf: (ticket: Pick<DigestTicket, 'sla'>) => ReturnType<typeof ticketCalendar>,
): { facts: TicketFacts[]; counted: { backlog: number; overdue: number } } {
  const from = window.from.getTime();
  const to = window.to.getTime();
  const since = (t: Date | undefined) => t !== undefined && t.getTime() >= from;
  const inWeek = (t: Date | undefined) => since(t) && t!.getTime() < to;
  const byId = new Map<string, TicketFacts>();
  for (const t of stored.tickets) {
    const read =
      t.receivedAt.getTime() < to &&
      (OPEN.has(t.status) ||
        since(t.firstResponseAt) ||
        since(t.resolvedAt) ||
        since(t.closedAt) ||
        since(t.survey?.sentAt) ||
        since(t.survey?.at) ||
        inWeek(t.complaint?.contactDueAt));
    if (!read) continue;
    // As read (the fields a stored day's ticket has besides are not the figures'), not copied.
    byId.set(t.id, t.metrics ? t : { ...t, metrics: {} });
  }
  const counted = { backlog: 0, overdue: 0 };
  const sinceMs = (n: number | null) => n !== null && n >= from;
  for (const r of stored.backlog) {
    const [id, status, type, customerId, received, responded, resolved, closed] = r;
    // In the backlog at the end: received before it, neither resolved nor closed before it.
    if (received === null || received >= to) continue;
    if ((resolved !== null && resolved < to) || (closed !== null && closed < to)) continue;
    const [, , , , , , , , surveySent, surveyAt, resolutionDue, responseDue, sla, pauses, c] = r;
    const [replyFrom, replyDue, pastReplies] = [r[15], r[16], r[17]];
    // Resolution, response or next reply due before the end: once, however many.
    const dueOverdue = [resolutionDue, responseDue, replyDue].some((d) => d !== null && d < to);
    // TicketRepository.forDigest's `counted`, the same tests (one entered in the week, filed by
    // that day, is opened in it: read, figures.ts `openedAt`).
    const countable =
      !inWeek(byId.get(id)?.createdAt) &&
      resolved === null &&
      closed === null &&
      status !== 'waiting' &&
      OPEN.has(status) &&
      type !== 'complaint' &&
      received < from &&
      !sinceMs(responded) &&
      !sinceMs(surveySent) &&
      !sinceMs(surveyAt) &&
      !pastReplies.some(([, until]) => sinceMs(until)) &&
      pauses.length === 0 &&
      resolutionDue !== null &&
      (responded !== null || responseDue !== null);
    if (countable) {
      counted.backlog++;
      if (dueOverdue) counted.overdue++;
      byId.delete(id);
      continue;
    }
    const known = byId.get(id);
    let overdue = false;
    // A complaint without a stored clock: late by the due time fixed at intake.
    let late = c !== null && c[2] !== null && c[2] < to;
    if (sla) {
      const clock = {
        receivedAt: new Date(received),
        ...(responded === null ? {} : { firstResponseAt: new Date(responded) }),
        ...(replyFrom === null ? {} : { replyFrom: new Date(replyFrom) }),
        ...pastRepliesOf(r),
        sla: { responseMinutes: sla[0], resolutionMinutes: sla[1], aroundTheClock: sla[2] },
        pauses: pauses.map(([f, t]) =>
          t === null ? { from: new Date(f) } : { from: new Date(f), to: new Date(t) },
        ),
      };
      const cal = calendarOf(clock);
      overdue = overdueAt(settings, clock, window.to, cal);
      if (c) late = resolutionLateAt(settings, clock, window.to, cal);
    }
    if (known) {
      known.overdueAtEnd = overdue;
      if (known.complaint) known.complaint = { ...known.complaint, lateAtEnd: late };
      continue;
    }
    byId.set(id, {
      number: '',
      type,
      status,
      customerId,
      receivedAt: new Date(received),
      metrics: {},
      ...(responded === null ? {} : { firstResponseAt: new Date(responded) }),
      ...(resolved === null ? {} : { resolvedAt: new Date(resolved) }),
      ...(closed === null ? {} : { closedAt: new Date(closed) }),
      ...(c
        ? {
            complaint: {
              contactDueAt: at(c[0])!,
              ...(c[1] === null ? {} : { contactedAt: new Date(c[1]) }),
              resolutionDueAt: at(c[2])!,
              ...(c[3] === null ? {} : { repeatOf: c[3] }),
              ...complaintAddedCells(c),
              lateAtEnd: late,
            },
          }
        : {}),
      overdueAtEnd: overdue,
    });
  }
  return { facts: [...byId.values()], counted };
}
