import { performance } from 'node:perf_hooks';
import type { Ctx } from '../context.js';
import { AppError } from '../errors.js';
import type { Tier } from '../customer/types.js';
import { allowed, assertMay, assertReadsDesk, workspaceRoles } from '../permissions.js';
import { periodName } from '../i18n/period.js';
import { localDate, startOfLocalDay } from '../time.js';
import { churnedIn, recordedAtOf, taskFactsOf } from './figures.js';
import { reportFigures } from './report-figures.js';
import { firstReportable, previousPeriod, storedOrBuilt, type PeriodWindow } from './periods.js';
import type { ReportRepository } from './repository.js';
import type { ReportSource, ReportTask, ReportTicket } from './repository.js';
import { REPORT_TIERS } from './types.js';
import type {
  HeldTier,
  ReportFigures,
  ReportKind,
  ReportRecord,
  ReportTaskFacts,
  ReportTicketFacts,
} from './types.js';
import { overdueAt, resolutionLateAt, ticketCalendars } from './service.js';
import type { DigestPost } from './types.js';
import type { WorkspaceService } from '../workspace/service.js';
import type { DailyFacts, DailyStats } from './daily/service.js';
import {
  changedFields,
  isOpen,
  OPEN_FIELDS,
  openRow,
  CLOCK_ROW_FIELDS,
  resolvedAndLate,
  type OpenRow,
  type Raw,
} from './daily/repository.js';

/**
 * The open backlog at `to` as the database counts it (open now, received before `to`; overdue: a
 * stored resolution, response or next reply due time before `to`), from the job's snapshot of
 * the open tickets less those written since, plus those of them open now; but for the tickets
 * `moved` (waiting now or first answered since `to`: their stored due times no longer say, so
 * the caller works them out from their clocks), as the database leaves them out.
 */
function openAt(rows: OpenRow[], changed: Raw[], to: Date, moved: ReadonlySet<string>) {
  const end = to.getTime();
  const written = new Set(changed.map((d) => String(d._id)));
  for (const id of moved) written.add(id);
  let openNow = 0;
  let openNowOverdue = 0;
  const count = ([, received, ...due]: OpenRow) => {
    if (received === null || received >= end) return;
    openNow++;
    // Resolution, response or next reply due before `to`: once, however many.
    if (due.some((d) => d !== null && d < end)) openNowOverdue++;
  };
  for (const row of rows) if (!written.has(row[0])) count(row);
  for (const d of changed) if (isOpen(d) && !moved.has(String(d._id))) count(openRow(d));
  return { openNow, openNowOverdue };
}

/**
 * The fields stored per day are these (daily/repository.ts `TICKET_ITEM_FIELDS`, kept by
 * `ticketRow`, which leaves out the number: no figure reads it): keep the three in step.
 */
function ticketFacts(t: ReportTicket): ReportTicketFacts {
  return {
    number: t.number,
    type: t.type,
    status: t.status,
    customerId: t.customerId,
    receivedAt: t.receivedAt,
    metrics: t.metrics ?? {},
    ...(t.createdAt ? { createdAt: t.createdAt } : {}),
    ...(t.assigneeId ? { assigneeId: t.assigneeId } : {}),
    ...(t.firstResponseAt ? { firstResponseAt: t.firstResponseAt } : {}),
    ...(t.resolvedAt ? { resolvedAt: t.resolvedAt } : {}),
    ...(t.closedAt ? { closedAt: t.closedAt } : {}),
    ...(t.survey ? { survey: t.survey } : {}),
    ...(t.complaint ? { complaint: t.complaint } : {}),
    ...(t.mergedInto ? { mergedInto: t.mergedInto } : {}),
    ...(t.createdBy ? { createdBy: t.createdBy } : {}),
  };
}

function taskFacts(k: ReportTask, timeZone: string): ReportTaskFacts {
  return { ...taskFactsOf(k, timeZone), customerId: k.customerId };
}

/**
 * The monthly and quarterly reports (and a week's, on demand): built from what the period
 * touched, read by date ranges, and stored once the period has ended, so `/desk report`, the
 * CSV export and the next period's comparison read them back instead of rebuilding.
 */
export class ReportService {
  constructor(
    private readonly deps: {
      reports: ReportRepository;
      source: ReportSource;
      /** The stored days (src/digest/daily/); without them every record is read. */
      daily?: DailyFacts;
      /** When the desk began serving the workspace: no report of a period that ended before. */
      workspaces: Pick<WorkspaceService, 'workspace'>;
    },
  ) {}

  /** How many days the last build took from stored days, read, or found empty (the bench's). */
  lastDailyStats?: DailyStats;

  /**
   * The names of the customers a report or a weekly digest names by id (its tier moves), read
   * as it is sent: the stored figures keep only ids and codes.
   */
  customerNames(
    ctx: Ctx,
    figures: Pick<ReportFigures, 'tierMoves'> | undefined,
  ): Promise<Map<string, string>> {
    const ids = figures?.tierMoves?.top.map((m) => m.customerId) ?? [];
    return this.deps.source.customerNames(ctx.teamId, ids);
  }

  /**
   * The customers whose tier an override holds now (the quarterly review lists them; a tier move
   * an override made reads its reason from here), read as a report is sent.
   */
  heldTiers(ctx: Ctx): Promise<HeldTier[]> {
    return this.deps.source.heldTiers(ctx.teamId);
  }

  /**
   * The customers a report or a weekly digest names (its tier moves) whose annual purchases the
   * actor may read, by id: those whose owner they are or manage, all for admins (the card's rule,
   * `customer.seeContacts`). A post in a channel reads none (call it for a person only).
   */
  async revenueReadable(
    ctx: Ctx,
    figures: Pick<ReportFigures, 'tierMoves'> | undefined,
  ): Promise<Set<string>> {
    const ids = figures?.tierMoves?.top.map((m) => m.customerId) ?? [];
    const owners = await this.deps.source.customerOwners(ctx.teamId, ids);
    return new Set(
      [...owners]
        .filter(([, ownerId]) => allowed(ctx, 'customer.seeContacts', { customer: { ownerId } }))
        .map(([id]) => id),
    );
  }

  /**
   * The owners of a report's per-owner lines whose revenue the actor may read, by id: themselves
   * and the owners they manage, all for admins (the same rule as `revenueReadable`, the card's
   * `customer.seeContacts` for a customer of that owner). A post in a channel reads none.
   */
  ownersReadable(ctx: Ctx, figures: Pick<ReportFigures, 'perOwner'> | undefined): Set<string> {
    return new Set(
      (figures?.perOwner ?? [])
        .map((w) => w.ownerId)
        .filter((ownerId) => allowed(ctx, 'customer.seeContacts', { customer: { ownerId } })),
    );
  }

  /**
   * The tiers of a report whose revenue (and its change and share) the actor may read: those
   * whose revenue comes only from customers of owners the actor may read (themselves and the
   * owners they manage, the card's `customer.seeContacts`), every tier for admins. A tier of one
   * customer would otherwise say that customer's orders. All tiers or none: the period's total
   * revenue is in the channel's post, so the one tier left out would be the total less the
   * others. A report stored before the owners were kept: admins only. A post in a channel reads
   * none.
   */
  tiersReadable(ctx: Ctx, figures: Pick<ReportFigures, 'tiers'> | undefined): Set<Tier> {
    const admin = workspaceRoles(ctx.settings, ctx.actor).has('admin');
    const readable = REPORT_TIERS.filter((tier) => {
      const owners = figures?.tiers[tier]?.revenueOwners;
      if (!owners) return admin;
      return owners.every((ownerId) =>
        allowed(ctx, 'customer.seeContacts', { customer: { ownerId } }),
      );
    });
    return new Set(readable.length === REPORT_TIERS.length ? readable : []);
  }

  /** Refuses anyone but managers and admins (the desk's own jobs may). */
  assertMayRead(ctx: Ctx): void {
    // A guest of the workspace is told so, not to ask for a role no guest may hold.
    assertReadsDesk(ctx);
    assertMay(ctx, 'report.view');
  }

  /**
   * Why a period has no report, or undefined when it has one: it ended before the desk began
   * serving the workspace (its install or first request), so it has no records and its report
   * would read as measured zeros. Said with the first period of its kind the desk can report
   * (once that has ended). A period begun before and ended after is reported, with its "new
   * desk" line. The one rule of every path: `/desk report` (checked before its DM is opened),
   * the report CLI, and the scheduled and the forced (`--force`) runs of the weekly digest,
   * report-month and report-quarter. `since`: when the desk began serving the workspace, read
   * by a caller that reads it anyway (else read here).
   */
  async beforeDesk(ctx: Ctx, window: PeriodWindow, since?: Date): Promise<AppError | undefined> {
    since ??= (await this.deps.workspaces.workspace(ctx.teamId)).since;
    if (window.to.getTime() > since.getTime()) return undefined;
    const tz = ctx.settings.timeZone;
    const first = firstReportable(window.kind, since, tz);
    // The periods by their names (2026 年第 8 周 to a Chinese reader), their codes in the command.
    return new AppError('INVALID_INPUT', 'report.beforeDesk', {
      period: window.period,
      name: periodName(ctx.t, window.period),
      kind: window.kind,
      since: localDate(since, tz),
      first: first.period,
      firstName: periodName(ctx.t, first.period),
      ended: first.to.getTime() <= ctx.now.getTime() ? 'yes' : 'no',
    });
  }

  /**
   * Computes a period's figures from the records and stores them. `kept`: the targets stored
   * with the period's last build made after it ended; a rebuild (a forced or `--at` run, a
   * changed time zone) keeps them, only a first build stores today's. `null`: that build stored
   * none (a report stored before targets were kept): the rebuild stores none either, so it is
   * still read against the targets set now (`targetNow`), never today's stored as the period's.
   */
  async build(
    ctx: Ctx,
    window: PeriodWindow,
    kept?: ReportFigures['targets'] | null,
    // The tiers' satisfaction targets stored with that same build (tierTargetsKept), kept alike.
    keptTiers?: Partial<Record<Tier, number>>,
  ): Promise<ReportFigures> {
    const started = performance.now();
    const { settings, teamId } = ctx;
    const tz = settings.timeZone;
    const { source, daily } = this.deps;
    const previous = previousPeriod(window, tz);
    const stats: DailyStats = { stored: 0, read: 0 };
    // The stored days' watermark first: the tickets written since it are read in the same
    // command as the report's other live reads of tickets.
    const state = daily ? await daily.state(teamId, tz) : undefined;
    const watermark = state?.watermark;
    // The open backlog the nightly job stored, patched below with the tickets written since
    // the watermark (read with the fields that say whether and how they are open now), instead
    // of the database counting every open ticket again.
    const snapshot = daily ? await daily.openSnapshot(teamId, watermark) : null;
    // For a period that ended after the day since which the job's clocks hold the tickets
    // resolved or closed, the tickets resolved since its end and the late complaints come from
    // them (patched with the tickets written since the watermark, read with their clocks'
    // fields), and the tickets written since are the one live read of tickets.
    const fromClocks =
      !!daily &&
      !!watermark &&
      !!state?.clocksSince &&
      state.clocksSince.getTime() <= window.to.getTime();
    const clocksRead = fromClocks && watermark ? daily.clocks(teamId, watermark) : null;
    const live = source.ticketReads(
      teamId,
      window,
      watermark
        ? {
            since: watermark,
            fields: { ...changedFields('tickets'), ...OPEN_FIELDS, ...CLOCK_ROW_FIELDS },
          }
        : undefined,
      { countOpen: !snapshot, resolved: !fromClocks },
    );
    // The churn reasons as soon as the change log is in, alongside the other reads.
    const changesRead = source.changes(teamId, previous.from);
    const reasonsRead = changesRead.then((changes) =>
      source.churnReasons(teamId, [...churnedIn(changes, window)]),
    );
    const [facts, reads, customers, changes, reasons, clocks, firstRecordAt, lateInteractions] =
      await Promise.all([
        daily
          ? daily.forReport(teamId, tz, window, previous.fromDate, ctx.now, stats, {
              watermark,
              ...(watermark ? { changedTickets: live.then((r) => r.changed) } : {}),
            })
          : Promise.all([
              source.tickets(teamId, window),
              source.tasks(teamId, window),
              source.orders(teamId, previous.fromDate, window.toDate),
            ]).then(([tickets, tasks, orders]) => ({ tickets, tasks, orders })),
        live,
        source.customers(teamId, (date) => startOfLocalDay(date, tz)),
        changesRead,
        reasonsRead,
        clocksRead,
        source.firstRecordAt(teamId),
        // The interactions logged after 24 h in the period (manual B): few, by their own index.
        source.lateInteractions(teamId, window),
      ]);
    let { backlog, lateComplaints } = reads;
    if (fromClocks) {
      // The clocks as stored since (by another run) may start after the period's end: then
      // those three are read from the database after all.
      const resolved =
        clocks && clocks.since.getTime() <= window.to.getTime()
          ? resolvedAndLate(clocks.rows, reads.changed, window.to)
          : await source.ticketReads(teamId, window, undefined, { countOpen: false }).then((r) => ({
              resolvedSince: r.backlog.resolvedSince,
              moved: r.backlog.moved,
              late: r.lateComplaints,
            }));
      backlog = { ...backlog, resolvedSince: resolved.resolvedSince, moved: resolved.moved };
      lateComplaints = resolved.late;
    }
    const { tasks, orders } = facts;
    // When the customers created since the previous period's start were recorded (new customers).
    const recorded = recordedAtOf(changes);
    const seen = new Set(facts.tickets.map((t) => t.id));
    const tickets = [...facts.tickets, ...lateComplaints.filter((t) => !seen.has(t.id))];
    this.lastDailyStats = stats;
    const open = snapshot
      ? openAt(
          snapshot.rows,
          (await live).changed,
          window.to,
          new Set(backlog.moved.map((t) => t.id)),
        )
      : { openNow: backlog.openNow, openNowOverdue: backlog.openNowOverdue };
    // Worked out from their clocks with the pauses as they stood at the end, as the weekly
    // digest does: those resolved since, and those open now whose stored due times moved since
    // (answered since, or waiting now: the due times they store are not those the end had).
    const stillOpen = [
      ...backlog.resolvedSince.filter((t) => !(t.closedAt && t.closedAt < window.to)),
      ...backlog.moved,
    ];
    const calendarOf = ticketCalendars(settings);
    // The complaints open at the end and past their resolution target then, with the time they
    // waited on the customer: of those read as past the due time fixed at intake (every one,
    // since a pause only puts it later); one without a clock stays late by that due time.
    const late = new Set(
      lateComplaints
        .filter(
          (t) =>
            !t.sla?.resolutionMinutes || resolutionLateAt(settings, t, window.to, calendarOf(t)),
        )
        .map((t) => t.id),
    );
    const figures = reportFigures(
      {
        window,
        previous,
        // A ticket with metrics and no empty assignee is in shape already (the other fields
        // `ticketFacts` leaves out the figures do not read): a quarter's tens of thousands are
        // not copied.
        tickets: tickets.map((t) => {
          const facts =
            t.metrics && t.assigneeId !== '' ? (t as ReportTicketFacts) : ticketFacts(t);
          return t.complaint
            ? { ...facts, complaint: { ...t.complaint, lateAtEnd: late.has(t.id) } }
            : facts;
        }),
        tasks: tasks.map((k) => taskFacts(k, tz)),
        customers: recorded.size
          ? customers.map((c) => {
              const recordedAt = recorded.get(c.id);
              return recordedAt ? { ...c, recordedAt } : c;
            })
          : customers,
        changes,
        orders,
        backlog: {
          backlog: open.openNow + stillOpen.length,
          overdue:
            open.openNowOverdue +
            stillOpen.filter((t) => overdueAt(settings, t, window.to, calendarOf(t))).length,
        },
        churnReasons: reasons,
        tierTargets: { ...settings.digest.tierSatisfaction, ...keptTiers },
        ...(firstRecordAt ? { firstRecordAt } : {}),
        lateInteractions,
      },
      (at) => localDate(at, tz),
    );
    // The targets it is read against, kept with it (a later change of them, or a rebuild,
    // leaves them as they were); none for a rebuild of a report stored without them.
    if (kept !== null) figures.targets = { ...(kept ?? settings.digest.targets) };
    const buildMs = Math.round(performance.now() - started);
    await this.deps.reports.saveFigures(
      teamId,
      window.kind,
      window.period,
      { from: window.from, to: window.to, timeZone: tz },
      figures,
      ctx.now,
      buildMs,
    );
    ctx.log.info(
      { kind: window.kind, period: window.period, buildMs, days: stats },
      'report built',
    );
    return figures;
  }

  /**
   * The figures of several periods of one kind: stored ones read back, missing ones built
   * (and stored); one stored before its period ended, or named in `rebuild`, is rebuilt.
   */
  async figures(
    ctx: Ctx,
    windows: PeriodWindow[],
    rebuild: string[] = [],
  ): Promise<Map<string, ReportFigures>> {
    const kind = windows[0]?.kind;
    if (!kind) return new Map();
    const stored = await this.deps.reports.periods(
      ctx.teamId,
      kind,
      windows.map((w) => w.period),
    );
    // What a build made once its period had ended stored stays: its targets, or none when it
    // was stored before targets were kept (read against today's as `targetNow`, not stored as
    // the period's). A build made before (the period still running) is rebuilt as a first build
    // after the end: against the targets in the settings at the rebuild, stored from then on.
    const kept = new Map(
      stored.filter((r) => r.builtAt >= r.to).map((r) => [r.period, r.figures.targets ?? null]),
    );
    return storedOrBuilt('period', windows, stored, ctx.settings.timeZone, rebuild, (window) =>
      this.build(ctx, window, kept.get(window.period), tierTargetsKept(stored, window.period)),
    );
  }
}

/**
 * The tiers' satisfaction targets stored with a period's build made once it had ended (the
 * rule of the digest targets kept): a rebuild reads the period against them, not against those
 * set since. A tier whose target the build did not store takes today's.
 */
function tierTargetsKept(
  stored: ReportRecord[],
  period: string,
): Partial<Record<Tier, number>> | undefined {
  const record = stored.find((r) => r.period === period && r.builtAt >= r.to);
  if (!record) return undefined;
  const kept: Partial<Record<Tier, number>> = {};
  for (const tier of REPORT_TIERS) {
    const target = record.figures.tiers?.[tier]?.satisfactionTarget;
    if (typeof target === 'number') kept[tier] = target;
  }
  return kept;
}

/** Where a period's report went: recorded once Slack took it. */
export class ReportPosts {
  constructor(private readonly repo: ReportRepository) {}

  posted(ctx: Ctx, kind: ReportKind, period: string): Promise<boolean> {
    return this.repo.isPosted(ctx.teamId, kind, period);
  }

  forced(ctx: Ctx, kind: ReportKind, period: string): Promise<void> {
    return this.repo.countForced(ctx.teamId, kind, period);
  }

  record(
    ctx: Ctx,
    kind: ReportKind,
    period: string,
    post: Required<Pick<DigestPost, 'channel' | 'ts'>> & { chartFileId?: string },
  ): Promise<void> {
    return this.repo.recordPost(ctx.teamId, kind, period, { ...post, postedAt: ctx.now });
  }
}
