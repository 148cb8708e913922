/** The digest's and the reports' records and figures: what every other layer may know of them. */
import type { KeyFact } from '../customer/fields.js';
import type { Lifecycle, LowRiskState, Tier } from '../customer/types.js';
import type { TaskKind } from '../task/types.js';
import type { ReopenedBy, TicketRecord, TicketType } from '../ticket/types.js';
import type { WorkspaceSettings } from '../workspace/settings.js';

/** Weeks on the digest's chart (and so weeks kept built). */
export const CHART_WEEKS = 8;

/** Tickets named in the digest's list of those past their SLA; the rest are counted. */
export const BREACHES_MAX = 10;

/** A ticket on the digest's list of those past their SLA, with the target it missed. */
export interface PastSlaTicket {
  ticket: TicketRecord;
  /** 'reply': a next reply owed (the customer wrote again), open at the week's end only. */
  what: 'response' | 'reply' | 'resolution' | 'both';
  /** A reply owed since a reopen that was no message of the customer's: who reopened it. */
  reopened?: ReopenedBy;
}

/**
 * The digest's list of the tickets past their SLA in the week, by the figures' own tests: `open`,
 * those open at the week's end past a target then ("Overdue at week end"), the most overdue
 * first; `done`, the others first answered late or resolved late in the week (the late ones of
 * "First responses on time" and "Resolved within SLA"). A few of each, and how many in all.
 */
export interface PastSla {
  open: PastSlaTicket[];
  done: PastSlaTicket[];
  total: number;
}

export interface WeekWindow {
  /** ISO week, e.g. '2026-W47' */
  week: string;
  from: Date;
  /** exclusive */
  to: Date;
  /** local date of the Monday, 'YYYY-MM-DD' */
  fromDate: string;
  /** local date of the next Monday (exclusive), 'YYYY-MM-DD' */
  toDate: string;
}

export interface TicketFacts {
  number: string;
  /** 'complaint' etc */
  type: string;
  /** new | assigned | waiting | resolved | closed */
  status: string;
  assigneeId?: string;
  receivedAt: Date;
  /**
   * when it was entered in the desk: one entered after its receipt's week (period) ended is
   * opened in the week it was entered (figures.ts `openedAt`); unknown, opened when received
   */
  createdAt?: Date;
  firstResponseAt?: Date;
  resolvedAt?: Date;
  closedAt?: Date;
  metrics: {
    firstResponseMinutes?: number;
    responseBreached?: boolean;
    resolutionMinutes?: number;
    resolutionBreached?: boolean;
    firstContactResolution?: boolean;
    /** who gave the first response; unset on tickets answered before it was kept */
    firstResponseBy?: string;
    /** replies owed after the first response and given, and how many of them late */
    nextReplies?: number;
    nextReplyBreaches?: number;
    /** of those, how many a resolution before a reopen counted (left out now) */
    nextRepliesCounted?: number;
    nextReplyBreachesCounted?: number;
    /** logged over 1 business hour after its receipt (manual A): those business minutes */
    loggedLateMinutes?: number;
  };
  /** the requester's own survey (#10): sent when resolved, answered by them */
  survey?: { sentAt: Date; satisfaction?: number; nps?: number; at?: Date };
  /** computed by the caller: for a ticket still open at window.to, whether its SLA was breached then */
  overdueAtEnd?: boolean;
  /** the customer it is for (customers served) */
  customerId?: string;
  /** who filed it: the per-agent count of tickets logged late (`metrics.loggedLateMinutes`) */
  createdBy?: string;
  /** a duplicate merged into this ticket number: left out of every figure (`countsInFigures`) */
  mergedInto?: string;
  /** complaints: their contact step and targets */
  complaint?: {
    contactDueAt: Date;
    contactedAt?: Date;
    /**
     * Resolved uncontacted as owed no more (its customer erased: `contactWaived`): since when. A
     * contact due after it is not missed.
     */
    contactWaivedAt?: Date;
    /**
     * Its contact tried and the customer not reached ("Tried, could not reach"): the attempts'
     * times (the stored days keep the first), for the digest's "customer not reached".
     */
    attempts?: readonly { at: Date }[];
    resolutionDueAt: Date;
    repeatOf?: string[];
    /**
     * computed by the caller: for a complaint still open at window.to, whether it was past its
     * resolution target then, with the time it waited on the customer added (the due time above
     * is the one fixed at intake)
     */
    lateAtEnd?: boolean;
  };
}

export interface TaskFacts {
  kind: TaskKind;
  status: 'open' | 'done' | 'cancelled';
  /**
   * YYYY-MM-DD: the due date it is judged by (task/rules.ts `judgedDueDate`), on time when done
   * on or before it; a desk-planned follow-up moved once it was late keeps the date it had then
   */
  dueDate: string;
  /** when it was moved to a later day (Change due date), each move */
  movedLater?: Date[];
  doneAt?: Date;
  /** local date it was done, YYYY-MM-DD */
  doneDate?: string;
  /** the agent a revisit rates: the ticket's assignee when it was resolved */
  agentId?: string;
  /** who marked it done (tasks done before it was kept: unknown) */
  doneBy?: string;
  /** 1-5 */
  satisfaction?: number;
  /** 0-10 */
  nps?: number;
  /** when it was planned (an upgrade intent's hand-off counts in the week it was made) */
  createdAt?: Date;
  /** why a cancelled task was cancelled (`not_reached`: Cancel task…, customer not reached) */
  cancelReason?: string;
  /** who cancelled it by hand (Cancel task…) */
  cancelledBy?: string;
  /**
   * cancelled by its ticket's reopen on a later local day than its due date: owed and missed
   * before the reopen, so due and not on time (figures.ts `dueFollowUp`)
   */
  cancelledAfterDue?: boolean;
}

export interface CustomerFacts {
  id: string;
  tier: 'strategic' | 'key' | 'normal';
  lifecycle: Lifecycle;
  /** first contact, as the start of its local day */
  createdAt: Date;
  /**
   * When its record was created (the change log's `created` entry), when that is in or after the
   * week (or period) read: new customers count a file recorded after its first contact's week
   * ended in the week it was recorded (figures.ts `newFrom`)
   */
  recordedAt?: Date;
  /** When the file was recorded, for one recorded more than 24 h after first contact. */
  recordedLateAt?: Date;
}

export interface ChangeFacts {
  customerId: string;
  /** 'tier' | 'lifecycle' ('tierOverride' tells a tier move's cause); other fields are ignored */
  field: string;
  oldValue: unknown;
  newValue: unknown;
  at: Date;
}

export interface FigureInputs {
  window: WeekWindow;
  tickets: TicketFacts[];
  tasks: TaskFacts[];
  customers: CustomerFacts[];
  changes: ChangeFacts[];
  /** When the workspace's first customer was recorded (figures.ts `newFrom`); none: unknown */
  firstRecordAt?: Date;
  /**
   * Open tickets counted by the database instead of read: in the backlog at the end, and how
   * many of them were overdue then (TicketRepository.forDigest says which).
   */
  counted?: { backlog: number; overdue: number };
  /**
   * Each customer's tier at the window's start and end (figures.ts `tiersOverWindow`), when the
   * caller has worked them out (its list of tier moves comes from the same); else worked out
   * from the customers' tiers now and `changes`.
   */
  tiers?: ReadonlyMap<string, TierSpan>;
}

/** A customer's tier at a window's start and at its end. */
export interface TierSpan {
  start: Tier;
  end: Tier;
}

export interface AgentFigures {
  agentId: string;
  /** tickets this agent resolved in the week */
  handled: number;
  /** share of those resolved within SLA (resolutionBreached !== true) */
  onTime: number | null;
  /** 0-100 score (avg * 20, 1 decimal) of the done-in-week ratings naming this agent; null if none */
  satisfaction: number | null;
  // The rest is absent from digests stored before it was kept (and said nothing of then).
  /** tickets assigned to this agent first answered in the week */
  responded?: number;
  /** share of those answered on time (`respondedOnTime`); null when none */
  responseOnTime?: number | null;
  /** share of the tickets resolved (`handled`) resolved at first contact; null when none */
  firstContactResolution?: number | null;
  /** median business minutes from receipt to resolution of those; null when none timed */
  medianHandlingMinutes?: number | null;
  /** 3-7-30 follow-ups this agent marked done in the week */
  followUpsDone?: number;
  /** follow-ups due in the week this agent closed as "customer not reached" */
  followUpsNotReached?: number;
  /** tickets received in the week this agent filed over 1 business hour after their receipt */
  loggedLate?: number;
}

/** Rates are fractions 0..1, null when the denominator is 0; minutes are null when there are none. */
export interface WeekFigures {
  /**
   * tickets received in the week, or entered in it after their receipt's week had ended
   * (figures.ts `openedAt`)
   */
  opened: number;
  /**
   * the tickets opened (as `opened`) per type: every TICKET_TYPES key, 0 when none; absent from
   * weeks (and reports) stored before (a report stored before holds ReportFigures.openedByType)
   */
  openedByType?: Record<TicketType, number>;
  /** tickets resolved in the week */
  resolved: number;
  /** tickets received before `to` and neither resolved nor closed before `to` */
  backlog: number;
  /** backlog tickets whose SLA was breached at `to` */
  overdue: number;
  /** tickets first responded to in the week */
  responded: number;
  /** share of the responded ones whose first response was not breached */
  responseOnTime: number | null;
  /** share of the resolved ones resolved within 72 hours of business time (a 24x7 ticket's around the clock) */
  resolvedWithin72h: number | null;
  /** share of the resolved ones resolved within their SLA */
  resolvedWithinSla: number | null;
  /**
   * the next replies (a reply owed after the first response: the customer wrote again) of the
   * tickets resolved in the week, how many were given by their target, and that share (null when
   * none); absent from weeks stored before
   */
  nextReplies?: number;
  nextRepliesInTime?: number;
  nextReplyOnTime?: number | null;
  /** share of the resolved ones resolved at first contact */
  firstContactResolution: number | null;
  /** median first-response business minutes of the responded ones */
  medianFirstResponseMinutes: number | null;
  /** median resolution business minutes of the resolved ones */
  medianResolutionMinutes: number | null;
  /** opened tickets of type 'complaint' */
  complaints: number;
  /** complaints opened per customer served (distinct customers of the tickets opened); null without tickets */
  complaintRate?: number | null;
  /** complaints opened per 100 tickets opened, 1 decimal; null without tickets */
  complaintsPer100?: number | null;
  /** complaints open at the week's end */
  openComplaints?: number;
  /** complaints that missed a target in the week: contact due in it and not made by then, resolved late in it, or open past their resolution due at its end */
  complaintBreaches?: number;
  /** complaints whose contact fell due in the week and was missed, though tried by its end: the customer could not be reached (a week stored before reads none) */
  complaintsNotReached?: number;
  /** complaints opened in the week from a customer with another complaint in the 90 days before */
  repeatComplaints?: number;
  /** 0-100 score: average 1-5 satisfaction logged on revisit tasks done in the week * 20, 1 decimal */
  satisfaction: number | null;
  /** how many ratings the satisfaction score is over */
  satisfactionResponses: number;
  /** share of those ratings that are 5 */
  verySatisfiedShare: number | null;
  /** net promoter score -100..100: % promoters (9-10) - % detractors (0-6), 1 decimal (a week
   * stored before may hold it rounded to a whole number) */
  nps: number | null;
  /** how many NPS answers the score is over */
  npsResponses: number;
  /** 0-100 score of the satisfaction requesters gave in their surveys in the week (never mixed
   * with the revisit-logged `satisfaction`); null when none */
  customerSatisfaction?: number | null;
  customerSatisfactionResponses?: number;
  /** NPS from the requesters' surveys answered in the week; null when none */
  customerNps?: number | null;
  customerNpsResponses?: number;
  /** surveys sent in the week (tickets resolved with a requester in Slack) */
  surveysSent?: number;
  /** share of those answered (so far) */
  surveyResponseRate?: number | null;
  /**
   * 3-7-30 follow-ups (revisit, guide, checkin) due in the week, not cancelled: due by the date
   * they are judged by (`TaskFacts.dueDate`), so one moved once it was late stays due in its week
   */
  revisitsDue: number;
  /** share of those done on or before the date they are judged by */
  revisitsOnTime: number | null;
  /**
   * follow-ups due in the week (as `revisitsDue`) closed as "customer not reached" (Cancel
   * task…): left out of the due ones, the on-time share and the satisfaction, counted here so
   * they do not go unseen; absent from weeks stored before (none)
   */
  followUpsNotReached?: number;
  /** follow-ups moved to a later day in the week (each once); none in weeks stored before */
  followUpsMoved?: number;
  /** customers (neither prospect nor churned) at `to`, by their current tier */
  byTier: { strategic: number; key: number; normal: number };
  /** prospects (leads) at `to`, left out of `byTier`; absent from weeks stored before */
  prospects?: number;
  /**
   * customers whose tier at the week's end is higher than at its start, each once (one that
   * moved up and back did not move): the `tierMoves` up; weeks stored before counted changes
   */
  tierUps: number;
  /** customers whose tier at the week's end is lower than at its start, as `tierUps` */
  tierDowns: number;
  /**
   * The weekly digest's: the customers whose tier at the week's end is not the one they had at
   * its start, as a report's `tierMoves` (absent from weeks stored before, and from a report's
   * overall figures, which have their own)
   */
  tierMoves?: { total: number; top: TierMoveFigure[] };
  /**
   * customers new in the week: first contacted in it, or recorded in it after their first
   * contact's week had ended (figures.ts `newFrom`)
   */
  newCustomers: number;
  /** files recorded in the week more than 24 h after the first contact (manual B) */
  lateRecords: number;
  /**
   * tickets received in the week logged over 1 business hour after their receipt (manual A:
   * `metrics.loggedLateMinutes`); absent from weeks stored before it was counted
   */
  loggedLate?: number;
  /**
   * interactions logged in the week two or more days after they happened (manual B's 24 h);
   * absent from weeks stored before it was counted
   */
  lateInteractions?: number;
  /** customers whose lifecycle changed to 'churn_warning' in the week, each once */
  churnWarnings: number;
  /**
   * upgrade intents handed to sales in the week: the owners' tasks "Upgrade intent: contact"
   * planned in it (absent from weeks stored before)
   */
  upgradeIntents: number;
  /** of those, the ones done before the week's end */
  upgradeIntentsDone: number;
  /**
   * customers (neither prospect nor churned) at `from` whose lifecycle changed to churned in the
   * week, each once (figures.ts `churnedAmong`)
   */
  churned: number;
  /** share of the customers (neither prospect nor churned) at `from` that did not churn in the week */
  retention: number | null;
  /**
   * customers of the low churn risk class on the week's last day, as the daily signals run
   * stored it (figures.ts `lowRiskCustomers`); set by the digest and, on the period's last day,
   * by the reports (absent from weeks and periods stored before, and from those ending before
   * the signals run first computed it: none, not 0)
   */
  lowRiskCustomers?: number;
  /** one row per agent who resolved tickets in the week, most handled first */
  perAgent: AgentFigures[];
}

export interface DigestPost {
  claimedAt?: Date;
  claimedBy?: string;
  channel?: string;
  ts?: string;
  chartFileId?: string;
  postedAt?: Date;
  forcedCount?: number;
}

export interface DigestRecord {
  teamId: string;
  week: string;
  from: Date;
  to: Date;
  /** the zone the figures were built in; absent on records stored before it was kept */
  timeZone?: string;
  figures: WeekFigures;
  builtAt: Date;
  post?: DigestPost;
}

// The monthly and quarterly reports (a week can be asked for too).

export const REPORT_KINDS = ['week', 'month', 'quarter'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

export interface PeriodWindow {
  kind: ReportKind;
  /** '2026-W44' | '2026-10' | '2026-Q3' */
  period: string;
  from: Date;
  /** exclusive */
  to: Date;
  /** local date of the first day, 'YYYY-MM-DD' */
  fromDate: string;
  /** local date of the day after the last (exclusive), 'YYYY-MM-DD' */
  toDate: string;
}

/** Periods on a report's chart: half a year of months, a year of quarters, 8 weeks. */
export const REPORT_CHART_PERIODS = { week: 8, month: 6, quarter: 4 } as const;

export const REPORT_TIERS: readonly Tier[] = ['strategic', 'key', 'normal'];

/** A ticket as a report reads it: the digest's facts and the customer it is for. */
export interface ReportTicketFacts extends TicketFacts {
  customerId: string;
}

/** A task as a report reads it: the digest's facts, its customer, who did it. */
export interface ReportTaskFacts extends TaskFacts {
  customerId: string;
}

export interface ReportCustomerFacts {
  id: string;
  /** the tier in force now (a report rolls it back with the tier changes after the instant) */
  tier: Tier;
  lifecycle: Lifecycle;
  source: string;
  ownerId: string;
  /** first contact, as the start of its local day */
  createdAt: Date;
  /** when its record was created, as `CustomerFacts.recordedAt` */
  recordedAt?: Date;
  /**
   * recorded more than 24 h after its first contact (its `lateRecord` days on), as the start of
   * that local day, as `CustomerFacts.recordedLateAt` (the figures leave out the startup history)
   */
  recordedLateAt?: Date;
  /**
   * the local day it started buying, 'YYYY-MM-DD' (its earliest order, else the date typed in):
   * a customer who bought before the day of the desk's first record is history, no conversion
   */
  cooperationStartDate?: string;
  competitorContact?: boolean;
  /** its code, and its annual purchases now (a tier move names it, most valuable first) */
  code?: string;
  annualRevenue?: number;
  /** its low churn risk as the daily signals run stored it (the period's last day counts it) */
  lowRisk?: LowRiskState;
  /** the key facts its file lacks now (customer/fields.ts `missingKeyFacts`); none read: not counted */
  missing?: KeyFact[];
}

export interface OrderFacts {
  customerId: string;
  /** local date 'YYYY-MM-DD' */
  date: string;
  amount: number;
}

export interface ReportInputs {
  window: PeriodWindow;
  previous: PeriodWindow;
  tickets: ReportTicketFacts[];
  tasks: ReportTaskFacts[];
  customers: ReportCustomerFacts[];
  /** customer changes (tier, lifecycle, needs.*, created) since the previous period's start */
  changes: { customerId: string; field: string; oldValue: unknown; newValue: unknown; at: Date }[];
  /** When the workspace's first customer was recorded (figures.ts `newFrom`); none: unknown */
  firstRecordAt?: Date;
  /** orders dated in the previous period and this one */
  orders: OrderFacts[];
  /** the backlog and overdue at the period's end, counted by the database */
  backlog: { backlog: number; overdue: number };
  /** a churn reason recorded for a customer (the win-back task's outcome), by customer id */
  churnReasons: Map<string, string>;
  /** per-tier satisfaction targets (0-100) */
  tierTargets: Record<Tier, number>;
  /**
   * the interactions logged in the period two or more days after they happened (manual B's
   * 24 h: `InteractionRecord.loggedLate`), by customer; none read: not counted
   */
  lateInteractions?: { customerId: string }[];
}

/**
 * The weekly figures of one tier's customers (backlog and overdue are not split by tier, nor the
 * tickets opened by type).
 */
export type TierServiceFigures = Omit<
  WeekFigures,
  'byTier' | 'prospects' | 'perAgent' | 'backlog' | 'overdue' | 'openedByType'
>;

export interface TierFigures {
  /** customers (neither prospect nor churned) of the tier at the period's end */
  customers: number;
  /** their share of all such customers */
  share: number | null;
  /** order amounts dated in the period, of customers of this tier at the period's end */
  revenue: number;
  /** the same for the previous period (tier at that period's end) */
  previousRevenue: number;
  /** this tier's share of the period's revenue */
  contribution: number | null;
  /**
   * The owners (now) of the customers whose orders make up `revenue` and `previousRevenue`, by
   * id, sorted: a report sent to a person shows the tier's revenue only when they may read each
   * one's customers (the card's rule); a channel's post never. Absent from reports stored
   * before it was kept (then only an admin's shows it).
   */
  revenueOwners?: string[];
  /** revenue vs the previous period: (revenue - previous) / previous; null when previous is 0 */
  contributionChange: number | null;
  /** customers of the tier (at the period's end) among the retention's `churned` */
  churned: number;
  /** repurchase rate among the tier's customers */
  repurchaseRate: number | null;
  /** satisfaction (0-100) of the ratings on this tier's customers, and its target */
  satisfaction: number | null;
  satisfactionTarget: number;
  /** everything the weekly digest has, for this tier's tickets, tasks and customers */
  service: TierServiceFigures;
}

export interface OwnerFigures {
  ownerId: string;
  /** tasks on the owner's customers done in the period */
  followUpsDone: number;
  /** the owner's customers who went from prospect to active in the period */
  conversions: number;
  /** order amounts dated in the period on the owner's customers */
  revenue: number;
  /**
   * interactions with the owner's customers logged in the period more than 24 h after they
   * happened (manual B); absent from reports stored before it was counted
   */
  lateInteractions?: number;
}

export interface AgentReportFigures {
  agentId: string;
  /** tickets resolved in the period */
  handled: number;
  /** median business minutes from receipt to resolution of those */
  medianHandlingMinutes: number | null;
  /** share of those resolved at first contact */
  firstContactResolution: number | null;
  /** 0-100 score of the ratings naming the agent, done in the period */
  satisfaction: number | null;
  // The rest is absent from reports stored before it was kept (and said nothing of then).
  /** share of those resolved within SLA (resolutionBreached !== true); null when none */
  onTime?: number | null;
  /** tickets this agent gave the first response to in the period */
  responded?: number;
  /** share of those answered on time; null when none */
  responseOnTime?: number | null;
  /** 3-7-30 follow-ups this agent marked done in the period */
  followUpsDone?: number;
  /** follow-ups due in the period this agent closed as "customer not reached" */
  followUpsNotReached?: number;
  /** tickets received in the period this agent filed over 1 business hour after their receipt */
  loggedLate?: number;
}

export interface RetentionFigures {
  /** customers with orders in the previous period who ordered again in this one */
  repurchasers: number;
  /** customers with orders in the previous period */
  previousBuyers: number;
  repurchaseRate: number | null;
  /** new customers (figures.ts `newFrom` in the period) from a referral */
  referred: number;
  newCustomers: number;
  referralShare: number | null;
  /** customers who churned in the period, of those who were customers at its start */
  churned: number;
  customersAtStart: number;
  churnRate: number | null;
  /** those churned customers by reason, most frequent first */
  churnReasons: { reason: string; count: number }[];
  /** change-log entries in the period giving a customer stated or implicit needs */
  newNeeds: number;
  /** customers with needs logged in the period */
  needCustomers: number;
  /** of those, customers with an order dated on or after the need's day, within the period */
  needsConverted: number;
  needConversion: number | null;
  /** complaints opened in the period */
  complaints: number;
  /** distinct customers with a ticket received in the period */
  customersServed: number;
  /** complaints / customers served */
  complaintRate: number | null;
  /** complaints per 100 tickets opened */
  complaintsPer100Tickets: number | null;
  revenue: number;
  previousRevenue: number;
}

/**
 * The quarterly satisfaction survey of key and strategic customers (domain 3), apart from the
 * satisfaction logged on the 3-7-30 follow-ups: that figure (and NPS, very satisfied, per agent,
 * per tier) rates resolutions, per ticket; a survey rates the relationship, once a quarter.
 */
export interface SurveyFigures {
  /** survey tasks due in the period and not cancelled: the customers owed the quarter's survey */
  owed: number;
  /** of those, the ones done */
  surveyed: number;
  /** 0-100 score of their satisfaction answers; null when none */
  satisfaction: number | null;
  /** NPS of their answers; null when none */
  nps: number | null;
  npsResponses: number;
}

/** A customer whose tier in force at the period's end is not the one it had at its start. */
export interface TierMoveFigure {
  customerId: string;
  code: string;
  from: Tier;
  to: Tier;
  /** its annual purchases when the report was built */
  annualRevenue: number;
  /**
   * What made the move (figures.ts `tierMoveCauses`): the change that put it on its tier at the
   * period's end was logged with a manager setting its override (`override`) or taking it away
   * (`overrideLifted`), else the desk worked it out from its annual purchases (`revenue`).
   * Never the override's reason, which is read as the message is written. Absent from figures
   * stored before (read as `revenue`).
   */
  cause?: TierMoveCause;
}

/** What moved a customer's tier (TierMoveFigure `cause`). */
export type TierMoveCause = 'revenue' | 'override' | 'overrideLifted';

/**
 * A customer whose tier a manager's override holds, read as a message is written (never kept in
 * the figures): the tier it holds, the one its annual purchases give, who set it and when, and
 * the reason they typed.
 */
export interface HeldTier {
  customerId: string;
  code: string;
  name: string;
  tier: Tier;
  computedTier: Tier;
  by: string;
  at: Date;
  reason: string;
}

/** How many tier moves a report keeps (and names), the most valuable customers first. */
export const TIER_MOVES_KEPT = 10;

export interface KeyFactsFigures {
  files: number;
  missing: number;
  byFact: Record<KeyFact, number>;
}

export interface ReportFigures {
  /** everything the weekly digest has, over the period */
  overall: WeekFigures;
  /** the quarterly satisfaction survey (reports built before it have none) */
  survey?: SurveyFigures;
  retention: RetentionFigures;
  tiers: Record<Tier, TierFigures>;
  /**
   * The customers whose tier moved over the period (start to end): how many, and the first
   * TIER_MOVES_KEPT by annual purchases. Absent from reports stored before it was kept.
   */
  tierMoves?: { total: number; top: TierMoveFigure[] };
  /**
   * The tickets received in the period, by type, as reports stored before `overall.openedByType`
   * held them (read for those only; a report built since has `overall.openedByType`, opened as
   * Opened counts them). Absent from reports stored before either was kept.
   */
  openedByType?: Record<TicketType, number>;
  /**
   * Data quality (manual D 1.26): the customer files as the report is built, those lacking a key
   * fact (customer/fields.ts KEY_FACTS) and how many lack each. Absent from reports stored before.
   */
  keyFacts?: KeyFactsFigures;
  perOwner: OwnerFigures[];
  perAgent: AgentReportFigures[];
  /**
   * The digest targets the report was built against (the settings then), as the tiers keep
   * their `satisfactionTarget`: a past period is read against them, not against targets set
   * since. Absent from reports stored before they were kept (read against the settings now).
   */
  targets?: WorkspaceSettings['digest']['targets'];
}

export interface ReportRecord {
  teamId: string;
  kind: ReportKind;
  period: string;
  from: Date;
  to: Date;
  /** the zone the figures were built in; absent on records stored before it was kept */
  timeZone?: string;
  figures: ReportFigures;
  builtAt: Date;
  /** milliseconds the build took */
  buildMs?: number;
  post?: DigestPost;
}
