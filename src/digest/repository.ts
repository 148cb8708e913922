import type { Model } from 'mongoose';
import { trusted, type Types } from 'mongoose';
import type { DigestDoc, ReportDoc } from './model.js';
import { reportKey } from './periods.js';
import type { Models } from '../db/models.js';
import { ChangeLogRepository } from '../customer/activity-repository.js';
import { KEY_FACT_PROJECTION, missingKeyFacts } from '../customer/fields.js';
import type { CustomerDoc } from '../customer/model.js';
import type { NewCustomer, Tier } from '../customer/types.js';
import { OPEN_STATUSES, type DigestTicket } from '../ticket/types.js';
import { addDaysToDate } from '../time.js';
import type {
  DigestRecord,
  HeldTier,
  OrderFacts,
  PeriodWindow,
  ReportCustomerFacts,
  ReportFigures,
  ReportKind,
  ReportRecord,
  WeekFigures,
} from './types.js';

const key = (teamId: string, week: string) => `${teamId}:${week}`;

function toRecord(doc: DigestDoc): DigestRecord {
  const { _id: _ignored, ...rest } = doc;
  return rest;
}

/** Stored weekly digests, scoped by team. */
export class DigestRepository {
  constructor(private readonly model: Model<DigestDoc>) {}

  async weeks(teamId: string, weeks: string[]): Promise<DigestRecord[]> {
    const docs = await this.model
      .find({ teamId, _id: trusted({ $in: weeks.map((w) => key(teamId, w)) }) })
      .lean<DigestDoc[]>();
    return docs.map(toRecord);
  }

  /** Stores a week's figures (a rebuild replaces them; the post record stays). */
  async saveFigures(
    teamId: string,
    week: string,
    window: { from: Date; to: Date; timeZone: string },
    figures: WeekFigures,
    now: Date,
  ): Promise<void> {
    await this.model.updateOne(
      { _id: key(teamId, week), teamId },
      {
        $set: {
          week,
          from: window.from,
          to: window.to,
          timeZone: window.timeZone,
          figures,
          builtAt: now,
        },
      },
      { upsert: true },
    );
  }

  /**
   * Takes the right to post a week: one conditional update, so of racing runs one posts. A
   * forced run takes it even when posted; a claim older than `staleBefore` (its run died) too.
   */
  async isPosted(teamId: string, week: string): Promise<boolean> {
    const doc = await this.model
      .findOne({ _id: key(teamId, week), teamId }, { 'post.postedAt': 1 })
      .lean<{ post?: { postedAt?: Date } }>();
    return !!doc?.post?.postedAt;
  }

  async countForced(teamId: string, week: string): Promise<void> {
    await this.model.updateOne(
      { _id: key(teamId, week), teamId },
      { $inc: { 'post.forcedCount': 1 } },
    );
  }

  async recordPost(
    teamId: string,
    week: string,
    post: { channel: string; ts: string; chartFileId?: string; postedAt: Date },
  ): Promise<void> {
    await this.model.updateOne(
      { _id: key(teamId, week), teamId },
      {
        $set: {
          'post.channel': post.channel,
          'post.ts': post.ts,
          'post.postedAt': post.postedAt,
          ...(post.chartFileId ? { 'post.chartFileId': post.chartFileId } : {}),
        },
      },
    );
  }
}

const id = (teamId: string, kind: ReportKind, period: string) =>
  `${teamId}:${reportKey(kind, period)}`;

function toReportRecord(doc: ReportDoc): ReportRecord {
  const { _id: _ignored, ...rest } = doc;
  return rest;
}

/** Stored reports, scoped by team. */
export class ReportRepository {
  constructor(private readonly model: Model<ReportDoc>) {}

  async periods(teamId: string, kind: ReportKind, periods: string[]): Promise<ReportRecord[]> {
    const docs = await this.model
      .find({ teamId, _id: trusted({ $in: periods.map((p) => id(teamId, kind, p)) }) })
      .lean<ReportDoc[]>();
    return docs.map(toReportRecord);
  }

  /** Stores a period's figures (a rebuild replaces them; the post record stays). */
  async saveFigures(
    teamId: string,
    kind: ReportKind,
    period: string,
    window: { from: Date; to: Date; timeZone: string },
    figures: ReportFigures,
    now: Date,
    buildMs: number,
  ): Promise<void> {
    await this.model.updateOne(
      { _id: id(teamId, kind, period), teamId },
      {
        $set: {
          kind,
          period,
          from: window.from,
          to: window.to,
          timeZone: window.timeZone,
          figures,
          builtAt: now,
          buildMs,
        },
      },
      { upsert: true },
    );
  }

  async isPosted(teamId: string, kind: ReportKind, period: string): Promise<boolean> {
    const doc = await this.model
      .findOne({ _id: id(teamId, kind, period), teamId }, { 'post.postedAt': 1 })
      .lean<{ post?: { postedAt?: Date } }>();
    return !!doc?.post?.postedAt;
  }

  async countForced(teamId: string, kind: ReportKind, period: string): Promise<void> {
    await this.model.updateOne(
      { _id: id(teamId, kind, period), teamId },
      { $inc: { 'post.forcedCount': 1 } },
    );
  }

  async recordPost(
    teamId: string,
    kind: ReportKind,
    period: string,
    post: { channel: string; ts: string; chartFileId?: string; postedAt: Date },
  ): Promise<void> {
    await this.model.updateOne(
      { _id: id(teamId, kind, period), teamId },
      {
        $set: {
          'post.channel': post.channel,
          'post.ts': post.ts,
          'post.postedAt': post.postedAt,
          ...(post.chartFileId ? { 'post.chartFileId': post.chartFileId } : {}),
        },
      },
    );
  }
}

/** A ticket as a report reads it: the digest's fields and its customer. */
export type ReportTicket = DigestTicket & { id: string; customerId: string };

export interface ReportTask {
  id: string;
  kind: 'revisit' | 'guide' | 'checkin' | 'care' | 'winback' | 'upgrade';
  status: 'open' | 'done' | 'cancelled';
  customerId: string;
  dueDate: string;
  doneAt?: Date;
  doneDate?: string;
  agentId?: string;
  /** who marked it done (the per-agent follow-ups done; tasks done before it was kept: none) */
  doneBy?: string;
  outcome?: { satisfaction?: number; nps?: number; churnReason?: string };
  /** who made it by hand (figures.ts `taskFactsOf` judges it by its due date now) */
  createdBy?: string;
  /** its moves to another day (who moved it is not read) */
  rescheduled?: { from: string; to: string; at: Date }[];
  /** when it was planned (an upgrade intent's hand-off counts when made) */
  createdAt?: Date;
  /** why it was cancelled (figures.ts counts the follow-ups closed as "customer not reached") */
  cancelReason?: string;
  /** who cancelled it by hand (the per-agent "customer not reached") */
  cancelledBy?: string;
  /** when it was cancelled (one cancelled by a reopen after its day was missed: figures.ts) */
  cancelledAt?: Date;
}

export const TICKET_FIELDS = {
  number: 1,
  type: 1,
  status: 1,
  assigneeId: 1,
  customerId: 1,
  receivedAt: 1,
  firstResponseAt: 1,
  resolvedAt: 1,
  closedAt: 1,
  metrics: 1,
  sla: 1,
  pauses: 1,
  survey: 1,
  complaint: 1,
  mergedInto: 1,
  createdAt: 1,
  // Who filed it: the per-agent count of tickets logged late (`metrics.loggedLateMinutes`).
  createdBy: 1,
} as const;

/**
 * The instants a report's ticket is read by: received, entered (one entered after its receipt's
 * period is opened when entered: figures.ts `openedAt`), first answered, resolved, its survey
 * sent or answered, its complaint's contact due (a ticket counts in every period one of them
 * falls in).
 */
export const TICKET_INSTANTS = [
  'receivedAt',
  'createdAt',
  'firstResponseAt',
  'resolvedAt',
  'survey.sentAt',
  'survey.at',
  'complaint.contactDueAt',
] as const;

export const TASK_FIELDS = {
  kind: 1,
  status: 1,
  customerId: 1,
  dueDate: 1,
  doneAt: 1,
  doneDate: 1,
  agentId: 1,
  doneBy: 1,
  'outcome.satisfaction': 1,
  'outcome.nps': 1,
  'outcome.churnReason': 1,
  createdBy: 1,
  'rescheduled.from': 1,
  'rescheduled.to': 1,
  'rescheduled.at': 1,
  createdAt: 1,
  cancelReason: 1,
  cancelledBy: 1,
  cancelledAt: 1,
} as const;

type Lean<T> = T & { _id: unknown };

/** What working out whether a ticket was open and overdue at an instant reads. */
export type TicketClockFacts = Pick<
  DigestTicket,
  'receivedAt' | 'firstResponseAt' | 'closedAt' | 'sla' | 'pauses' | 'replyFrom' | 'pastReplies'
>;

const CLOCK_FIELDS = {
  receivedAt: 1,
  firstResponseAt: 1,
  closedAt: 1,
  sla: 1,
  pauses: 1,
  replyFrom: 1,
  pastReplies: 1,
} as const satisfies Record<keyof TicketClockFacts, 1>;

/**
 * Whether an open ticket's stored due times no longer say whether it was overdue at `end` (epoch
 * ms): it waits on the customer now (they are cleared while it waits), or it was first answered
 * at or after `end` (the response due time is cleared once answered), or a next reply owed at
 * `end` was given at or after it (`pastReplies`: its due time is cleared once given). Its clock
 * says instead (`overdueAt`). Any other open ticket stores the due times `end` had: a pause
 * closed since `end` only moves a due time it had not reached when the pause began, and then
 * past `end`.
 */
export function dueTimesMovedSince(
  status: unknown,
  firstResponseAt: number | null,
  end: number,
  pastReplies: readonly (readonly [from: number, until: number])[],
): boolean {
  return (
    status === 'waiting' ||
    (firstResponseAt !== null && firstResponseAt >= end) ||
    pastReplies.some(([from, until]) => from < end && until >= end)
  );
}

/** A ticket's clock, with its id: one open now whose stored due times moved since (above). */
export type TicketClockOf = TicketClockFacts & { id: string };

/** A report's live reads of tickets (ReportSource.ticketReads). */
export interface TicketReads {
  backlog: {
    /** Open now, received before `to`, stored due times not moved since: counted. */
    openNow: number;
    openNowOverdue: number;
    resolvedSince: TicketClockFacts[];
    /** Open now, received before `to`, stored due times moved since (dueTimesMovedSince). */
    moved: TicketClockOf[];
  };
  lateComplaints: ReportTicket[];
  /** The tickets written since the stored days' watermark, with the fields asked. */
  changed: Lean<Record<string, unknown>>[];
}

/** Projections joined: a field under one already projected whole (`survey.at`, `survey`) left out. */
function unionProjection(...projections: Record<string, 1>[]): Record<string, 1> {
  const fields = new Set(projections.flatMap((p) => Object.keys(p)));
  return Object.fromEntries(
    [...fields]
      .filter(
        (f) =>
          !f.split('.').some((_, i, parts) => i > 0 && fields.has(parts.slice(0, i).join('.'))),
      )
      .map((f) => [f, 1 as const]),
  );
}

/**
 * A filter of the desk's own operators (not a user's) for a find: each field's operator object
 * trusted, as the other filters here, nested `$or` branches too.
 */
function trustedBranch(filter: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(filter).map(([key, value]) => [
      key,
      key === '$or' && Array.isArray(value)
        ? value.map((b) => trustedBranch(b as Record<string, unknown>))
        : value && typeof value === 'object' && !(value instanceof Date)
          ? trusted(value)
          : value,
    ]),
  );
}

/** A ticket as read with TICKET_FIELDS, as a report takes it. */
export function toReportTicket(d: Record<string, unknown>): ReportTicket {
  const { _id, customerId, ...rest } = d;
  return {
    ...(rest as unknown as DigestTicket),
    pauses: (rest.pauses as DigestTicket['pauses'] | undefined) ?? [],
    id: String(_id),
    customerId: String(customerId),
  };
}

/** A task as read with TASK_FIELDS, as a report takes it. */
export function toReportTask(d: Record<string, unknown>): ReportTask {
  return { ...(d as unknown as ReportTask), id: String(d._id) };
}

/** An order as a report takes it. */
export function toOrderFacts(d: { customerId: unknown; date: string; amount: number }): OrderFacts {
  return {
    customerId: (d.customerId as Types.ObjectId).toHexString(),
    date: d.date,
    amount: d.amount,
  };
}

/**
 * What a report reads, by date ranges on indexed fields: the tickets received, answered or
 * resolved in the period (three index ranges, not the whole open backlog, which is counted by
 * the database instead), the tasks due or done in it, the orders dated in it and the period
 * before, and the customer changes since the period before began. Read-only; every query is
 * scoped by team.
 */
export class ReportSource {
  constructor(
    private readonly models: Pick<
      Models,
      'tickets' | 'tasks' | 'customers' | 'orders' | 'customerChanges' | 'interactions'
    >,
  ) {}

  /**
   * The interactions logged in [from, to) two or more days after they happened (manual B's
   * 24 h), by customer: through their own index (`loggedLate.at`, team first).
   */
  async lateInteractions(teamId: string, w: PeriodWindow): Promise<{ customerId: string }[]> {
    const docs = await this.models.interactions
      .find(
        { teamId, 'loggedLate.at': trusted({ $gte: w.from, $lt: w.to }) },
        { customerId: 1, _id: 0 },
      )
      .lean<{ customerId: unknown }[]>();
    return docs.map((d) => ({ customerId: String(d.customerId) }));
  }

  /** Tickets with one of TICKET_INSTANTS in [from, to), each once. */
  async tickets(teamId: string, w: PeriodWindow): Promise<ReportTicket[]> {
    const range = trusted({ $gte: w.from, $lt: w.to });
    const byField = await Promise.all(
      TICKET_INSTANTS.map((field) =>
        this.models.tickets.find({ teamId, [field]: range }, TICKET_FIELDS).lean(),
      ),
    );
    const seen = new Map<string, ReportTicket>();
    for (const docs of byField)
      for (const d of docs as Lean<Record<string, unknown>>[]) {
        const id = String(d._id);
        if (!seen.has(id)) seen.set(id, toReportTicket(d));
      }
    return [...seen.values()];
  }

  /**
   * Every live read of tickets a report makes, in two commands sent at once (on the stand-in,
   * which ignores non-unique indexes, each query on tickets reads them all):
   * - the backlog at `to`: tickets received before `to` and open now, counted by the database
   *   (overdue: a stored response, resolution or next reply due time before `to`) but for those
   *   waiting now, first answered since `to` or given since a next reply owed at `to` (their
   *   stored due times moved, `dueTimesMovedSince`), and the
   *   tickets received before `to` but resolved since, the last two returned (their clock's
   *   fields) for the caller to work out exactly;
   * - late complaints: received before `to`, past their resolution target then and not resolved
   *   by then, breaches of the period however long ago they came in (few);
   * - with `changed`, the tickets written since `changed.since`, with `changed.fields` (the
   *   stored days' check, src/digest/daily/).
   * Each match (each branch of the second) leads with the team and one indexed field, so a
   * MongoDB answers it from its indexes.
   */
  async ticketReads(
    teamId: string,
    w: PeriodWindow,
    changed?: { since: Date; fields: Record<string, 1> },
    opts: { countOpen?: boolean; resolved?: boolean } = {},
  ): Promise<TicketReads> {
    const to = w.to;
    // Open now, received before `to`, its stored due times those `to` had (dueTimesMovedSince).
    const openNow = {
      status: { $in: OPEN_STATUSES.filter((s) => s !== 'waiting') },
      receivedAt: { $lt: to },
      firstResponseAt: { $not: { $gte: to } },
      // But for those whose next reply owed at `to` was given since (`repliedSince` below).
      // One span covering `to` (two conditions on the paths could match two spans).
      $nor: [{ pastReplies: { $elemMatch: { from: { $lt: to }, until: { $gte: to } } } }],
    };
    // One $or: a ticket counts once however many of its due times are past.
    const overdue = {
      $or: [
        { resolutionDueAt: { $lt: to } },
        { responseDueAt: { $lt: to } },
        { replyDueAt: { $lt: to } },
      ],
    };
    // The open ones whose stored due times moved since `to`: their clocks, for the caller.
    const waiting = { status: 'waiting', receivedAt: { $lt: to } };
    const answeredSince = {
      firstResponseAt: { $gte: to },
      status: { $in: OPEN_STATUSES },
      receivedAt: { $lt: to },
    };
    // A next reply owed at `to` given since (its due time cleared): its clock (`pastReplies`).
    const repliedSince = {
      pastReplies: { $elemMatch: { from: { $lt: to }, until: { $gte: to } } },
      status: { $in: OPEN_STATUSES },
      receivedAt: { $lt: to },
    };
    const resolvedSince = { resolvedAt: { $gte: to }, receivedAt: { $lt: to } };
    const late = {
      type: 'complaint',
      receivedAt: { $lt: to },
      'complaint.resolutionDueAt': { $lt: to },
      $or: [{ resolvedAt: { $exists: false } }, { resolvedAt: { $gte: to } }],
    };
    const since = changed ? { updatedAt: { $gte: changed.since } } : undefined;
    // The open backlog counted in a command of its own: its one test (open now) fails at once
    // for most tickets, where a branch of one match with the others made every ticket test them
    // all (on the stand-in, which scans every ticket for each command; both are sent at once).
    // Without `resolved` (false: the caller has the tickets resolved since, the late complaints
    // and the open tickets whose due times moved from the job's clocks) only the changed tickets
    // are read (one test a ticket).
    const branches = [
      ...(opts.resolved === false
        ? []
        : [resolvedSince, late, waiting, answeredSince, repliedSince]),
      ...(since ? [since] : []),
    ];
    // Without `countOpen` (false: the caller has the open backlog from the stored snapshot) it
    // is not counted and comes back as 0.
    const [[counts], docs] = await Promise.all([
      opts.countOpen === false
        ? [undefined]
        : this.models.tickets.aggregate<{ open: { n: number }[]; overdue: { n: number }[] }>([
            { $match: { ...openNow, teamId } },
            {
              $facet: {
                open: [{ $count: 'n' }],
                overdue: [{ $match: overdue }, { $count: 'n' }],
              },
            },
          ]),
      // One find (the union of the fields), split here: on the stand-in (every query a scan)
      // cheaper than an aggregate's $facet over the same match.
      this.models.tickets
        .find(
          // The team last in each branch: it matches every ticket of the team, so is tested last.
          { $or: branches.map((b) => trustedBranch({ ...b, teamId })) } as never,
          unionProjection(
            TICKET_FIELDS,
            CLOCK_FIELDS,
            changed ? { ...changed.fields, updatedAt: 1 } : {},
          ),
        )
        .lean<Lean<Record<string, unknown>>[]>(),
    ]);
    // The three branches' tests, as the database makes them.
    const end = to.getTime();
    const date = (v: unknown) => (v instanceof Date ? v.getTime() : undefined);
    const before = (v: unknown) => (date(v) ?? Infinity) < end;
    const from = (v: unknown, t: number) => (date(v) ?? -Infinity) >= t;
    const isResolvedSince = (d: Record<string, unknown>) =>
      from(d.resolvedAt, end) && before(d.receivedAt);
    const isMoved = (d: Record<string, unknown>) => {
      const past = (d.pastReplies as { from?: unknown; until?: unknown }[] | undefined) ?? [];
      return (
        (OPEN_STATUSES as unknown[]).includes(d.status) &&
        before(d.receivedAt) &&
        dueTimesMovedSince(
          d.status,
          date(d.firstResponseAt) ?? null,
          end,
          past.flatMap((s) => {
            const [f, u] = [date(s.from), date(s.until)];
            return f === undefined || u === undefined ? [] : [[f, u] as const];
          }),
        )
      );
    };
    const isLate = (d: Record<string, unknown>) =>
      d.type === 'complaint' &&
      before(d.receivedAt) &&
      before((d.complaint as { resolutionDueAt?: unknown } | undefined)?.resolutionDueAt) &&
      (d.resolvedAt === undefined || from(d.resolvedAt, end));
    const clockOf = (d: Record<string, unknown>) => ({
      ...(d as unknown as TicketClockFacts),
      pauses: (d.pauses as TicketClockFacts['pauses'] | undefined) ?? [],
    });
    const out = {
      resolvedSince: docs.filter(isResolvedSince),
      moved: opts.resolved === false ? [] : docs.filter(isMoved),
      late: docs.filter(isLate),
      changed: changed ? docs.filter((d) => from(d.updatedAt, changed.since.getTime())) : [],
    };
    return {
      backlog: {
        openNow: counts?.open[0]?.n ?? 0,
        openNowOverdue: counts?.overdue[0]?.n ?? 0,
        resolvedSince: out.resolvedSince.map(clockOf),
        moved: out.moved.map((d) => ({ ...clockOf(d), id: String(d._id) })),
      },
      lateComplaints: out.late.map(toReportTicket),
      changed: out.changed,
    };
  }

  /**
   * Tasks due in [fromDate, toDate), or moved from a date in it (judged by it: figures.ts
   * `taskFactsOf`), or planned, done or moved in [from, to), each once.
   */
  async tasks(teamId: string, w: PeriodWindow): Promise<ReportTask[]> {
    const dates = trusted({ $gte: w.fromDate, $lt: w.toDate });
    const instants = trusted({ $gte: w.from, $lt: w.to });
    const read = await Promise.all(
      [
        { dueDate: dates },
        { doneAt: instants },
        { 'rescheduled.from': dates },
        { 'rescheduled.at': instants },
        // An upgrade intent's hand-off counts in the period it was made (due days later).
        { createdAt: instants },
      ].map((range) => this.models.tasks.find({ teamId, ...range }, TASK_FIELDS).lean()),
    );
    const seen = new Map<string, ReportTask>();
    for (const d of read.flat() as unknown as Lean<ReportTask>[]) {
      const id = String(d._id);
      if (!seen.has(id)) seen.set(id, { ...d, id });
    }
    return [...seen.values()];
  }

  /**
   * Each customer's churn reason as its win-back calls left it: the latest call's answer, a
   * reason, or none when that call found they stay ("Not leaving" clears a reason an earlier
   * call gave, as it does on the customer's file: src/task/service.ts complete).
   */
  async churnReasons(teamId: string, customerIds: string[]): Promise<Map<string, string>> {
    if (!customerIds.length) return new Map();
    const docs = (await this.models.tasks
      .find(
        {
          teamId,
          kind: 'winback',
          customerId: trusted({ $in: customerIds.map(String) }),
          $or: [{ 'outcome.churnReason': trusted({ $exists: true }) }, { 'outcome.staying': true }],
        },
        { customerId: 1, doneAt: 1, 'outcome.churnReason': 1, 'outcome.staying': 1 },
      )
      .sort({ doneAt: 1 })
      .lean()) as unknown as Lean<ReportTask & { outcome?: { staying?: boolean } }>[];
    const out = new Map<string, string>();
    for (const d of docs) {
      if (typeof d.outcome?.churnReason === 'string') out.set(d.customerId, d.outcome.churnReason);
      else if (d.outcome?.staying) out.delete(d.customerId);
    }
    return out;
  }

  /** Every customer, with only the fields a report reads. */
  async customers(
    teamId: string,
    localStart: (date: string) => Date,
  ): Promise<ReportCustomerFacts[]> {
    const docs = await this.models.customers
      .find(
        { teamId },
        {
          tier: 1,
          lifecycle: 1,
          source: 1,
          ownerId: 1,
          firstContactDate: 1,
          lateRecord: 1,
          cooperationStartDate: 1,
          competitorContact: 1,
          code: 1,
          annualRevenue: 1,
          lowRisk: 1,
          // Whether the file has its key facts (manual D 1.26); nothing of them leaves here.
          ...KEY_FACT_PROJECTION,
        },
      )
      .lean();
    return docs.map((d) => ({
      id: d._id.toHexString(),
      tier: d.tier as Tier,
      lifecycle: d.lifecycle,
      source: d.source,
      ownerId: d.ownerId,
      createdAt: localStart(d.firstContactDate),
      // Recorded that many days after the first contact (as DigestService.build dates it).
      ...(d.lateRecord
        ? { recordedLateAt: localStart(addDaysToDate(d.firstContactDate, d.lateRecord)) }
        : {}),
      ...(d.cooperationStartDate ? { cooperationStartDate: d.cooperationStartDate } : {}),
      code: d.code,
      ...(d.competitorContact ? { competitorContact: true } : {}),
      ...(typeof d.annualRevenue === 'number' ? { annualRevenue: d.annualRevenue } : {}),
      ...(d.lowRisk ? { lowRisk: d.lowRisk } : {}),
      missing: missingKeyFacts(d as unknown as Partial<NewCustomer>),
    }));
  }

  /**
   * The names of some customers (a report naming its tier moves, read when it is sent, so a
   * stored report keeps no name), by id.
   */
  customerNames(teamId: string, ids: string[]): Promise<Map<string, string>> {
    return this.customersField(teamId, ids, 'name');
  }

  /**
   * The customers whose tier an override holds now, as a message is written (the figures keep
   * none of it): each with the tier it holds, the tier its annual purchases give, who set it,
   * when and why; by code.
   */
  async heldTiers(teamId: string): Promise<HeldTier[]> {
    const docs = await this.models.customers
      .find(
        { teamId, tierOverride: trusted({ $exists: true, $ne: null }) },
        { code: 1, name: 1, computedTier: 1, tierOverride: 1 },
      )
      .sort({ code: 1 })
      .lean();
    return docs.flatMap((d) =>
      d.tierOverride
        ? [
            {
              customerId: d._id.toHexString(),
              code: d.code,
              name: d.name,
              tier: d.tierOverride.tier,
              computedTier: d.computedTier,
              by: d.tierOverride.by,
              at: d.tierOverride.at,
              reason: d.tierOverride.reason,
            },
          ]
        : [],
    );
  }

  /**
   * The owners of some customers (whose annual purchases a report sent to a person names only
   * where that person may read them), by id.
   */
  customerOwners(teamId: string, ids: string[]): Promise<Map<string, string>> {
    return this.customersField(teamId, ids, 'ownerId');
  }

  /** One field of some customers (only that one read), by id. */
  private async customersField(
    teamId: string,
    ids: string[],
    field: 'name' | 'ownerId',
  ): Promise<Map<string, string>> {
    if (!ids.length) return new Map();
    const docs = await this.models.customers
      .find({ teamId, _id: trusted({ $in: ids }) }, { [field]: 1 })
      .lean<Pick<CustomerDoc, '_id' | typeof field>[]>();
    return new Map(docs.map((d) => [d._id.toHexString(), d[field]]));
  }

  /** Orders dated in [fromDate, toDate). */
  async orders(teamId: string, fromDate: string, toDate: string): Promise<OrderFacts[]> {
    const docs = await this.models.orders
      .find(
        { teamId, date: trusted({ $gte: fromDate, $lt: toDate }) },
        { customerId: 1, date: 1, amount: 1 },
      )
      .lean();
    return docs.map((d) => ({
      customerId: (d.customerId as Types.ObjectId).toHexString(),
      date: d.date,
      amount: d.amount,
    }));
  }

  /** When the workspace's first customer was recorded (its earliest `created` entry), if any. */
  firstRecordAt(teamId: string): Promise<Date | undefined> {
    return new ChangeLogRepository(this.models.customerChanges).firstRecordAt(teamId);
  }

  /**
   * Changes of the tier, the lifecycle and the needs, and the records' creations (when a
   * customer was recorded: new customers), since `since`, oldest first; and the tier overrides
   * set or taken away (what moved a tier, figures.ts `tierMoveCauses`), as whether one was set
   * (`'set'`) or not (null): their reasons are not read.
   */
  async changes(
    teamId: string,
    since: Date,
  ): Promise<
    { customerId: string; field: string; oldValue: unknown; newValue: unknown; at: Date }[]
  > {
    const docs = await this.models.customerChanges
      .find(
        {
          teamId,
          at: trusted({ $gte: since }),
          field: trusted({
            $in: ['tier', 'lifecycle', 'needs.stated', 'needs.implicit', 'created', 'tierOverride'],
          }),
        },
        { customerId: 1, field: 1, oldValue: 1, newValue: 1, at: 1 },
      )
      .sort({ at: 1, _id: 1 })
      .lean();
    const overrideOf = (value: unknown) => (value == null ? null : 'set');
    return docs.map((d) => ({
      customerId: d.customerId.toHexString(),
      field: d.field,
      oldValue: d.field === 'tierOverride' ? overrideOf(d.oldValue) : d.oldValue,
      newValue: d.field === 'tierOverride' ? overrideOf(d.newValue) : d.newValue,
      at: d.at,
    }));
  }
}
