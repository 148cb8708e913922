/** The monthly and quarterly reports' records and figures (a week can be asked for too). */
import type { Tier } from '../customer/types.js';
import type { PeriodWindow, ReportKind } from './periods.js';
import type { DigestPost, TaskFacts, TicketFacts, WeekFigures } from './types.js';

export type { PeriodWindow, ReportKind } from './periods.js';

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
  lifecycle: 'prospect' | 'active' | 'churn_warning' | 'churned';
  source: string;
  ownerId: string;
  /** first contact, as the start of its local day */
  createdAt: Date;
  competitorContact?: boolean;
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
  /** customer changes (tier, lifecycle, needs.*) since the previous period's start */
  changes: { customerId: string; field: string; oldValue: unknown; newValue: unknown; at: Date }[];
  /** orders dated in the previous period and this one */
  orders: OrderFacts[];
  /** the backlog and overdue at the period's end, counted by the database */
  backlog: { backlog: number; overdue: number };
  /** a churn reason recorded for a customer (the win-back task's outcome), by customer id */
  churnReasons: Map<string, string>;
  /** per-tier satisfaction targets (0-100) */
  tierTargets: Record<Tier, number>;
}

/** The weekly figures of one tier's customers (backlog and overdue are not split by tier). */
export type TierServiceFigures = Omit<WeekFigures, 'byTier' | 'perAgent' | 'backlog' | 'overdue'>;

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
  /** revenue vs the previous period: (revenue - previous) / previous; null when previous is 0 */
  contributionChange: number | null;
  /** customers of the tier that churned in the period */
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
}

export interface RetentionFigures {
  /** customers with orders in the previous period who ordered again in this one */
  repurchasers: number;
  /** customers with orders in the previous period */
  previousBuyers: number;
  repurchaseRate: number | null;
  /** new customers (first contact in the period) from a referral */
  referred: number;
  newCustomers: number;
  referralShare: number | null;
  /** customers who churned in the period, of those who were customers at its start */
  churned: number;
  customersAtStart: number;
  churnRate: number | null;
  /** churned customers by reason, most frequent first */
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

export interface ReportFigures {
  /** everything the weekly digest has, over the period */
  overall: WeekFigures;
  retention: RetentionFigures;
  tiers: Record<Tier, TierFigures>;
  perOwner: OwnerFigures[];
  perAgent: AgentReportFigures[];
}

export interface ReportRecord {
  teamId: string;
  kind: ReportKind;
  period: string;
  from: Date;
  to: Date;
  figures: ReportFigures;
  builtAt: Date;
  /** milliseconds the build took */
  buildMs?: number;
  post?: DigestPost;
}
