/** The digest's records and figures: what every other layer may know of them. */

/** Weeks on the digest's chart (and so weeks kept built). */
export const CHART_WEEKS = 8;

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
  firstResponseAt?: Date;
  resolvedAt?: Date;
  closedAt?: Date;
  metrics: {
    firstResponseMinutes?: number;
    responseBreached?: boolean;
    resolutionMinutes?: number;
    resolutionBreached?: boolean;
    firstContactResolution?: boolean;
  };
  /** computed by the caller: for a ticket still open at window.to, whether its SLA was breached then */
  overdueAtEnd?: boolean;
}

export interface TaskFacts {
  kind: 'revisit' | 'guide' | 'checkin' | 'care' | 'winback';
  status: 'open' | 'done' | 'cancelled';
  /** YYYY-MM-DD */
  dueDate: string;
  doneAt?: Date;
  /** local date it was done, YYYY-MM-DD */
  doneDate?: string;
  /** the agent a revisit rates: the ticket's assignee when it was resolved */
  agentId?: string;
  /** 1-5 */
  satisfaction?: number;
  /** 0-10 */
  nps?: number;
}

export interface CustomerFacts {
  id: string;
  tier: 'strategic' | 'key' | 'normal';
  lifecycle: 'prospect' | 'active' | 'churn_warning' | 'churned';
  createdAt: Date;
  /** When the file was recorded, for one recorded more than 24 h after first contact. */
  recordedLateAt?: Date;
}

export interface ChangeFacts {
  customerId: string;
  /** 'tier' | 'lifecycle'; other fields are ignored */
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
}

export interface AgentFigures {
  agentId: string;
  /** tickets this agent resolved in the week */
  handled: number;
  /** share of those resolved within SLA (resolutionBreached !== true) */
  onTime: number | null;
  /** 0-100 score (avg * 20, 1 decimal) of the done-in-week ratings naming this agent; null if none */
  satisfaction: number | null;
}

/** Rates are fractions 0..1, null when the denominator is 0; minutes are null when there are none. */
export interface WeekFigures {
  /** tickets received in the week */
  opened: number;
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
  /** share of the resolved ones resolved within 72 business hours */
  resolvedWithin72h: number | null;
  /** share of the resolved ones resolved within their SLA */
  resolvedWithinSla: number | null;
  /** share of the resolved ones resolved at first contact */
  firstContactResolution: number | null;
  /** median first-response business minutes of the responded ones */
  medianFirstResponseMinutes: number | null;
  /** median resolution business minutes of the resolved ones */
  medianResolutionMinutes: number | null;
  /** opened tickets of type 'complaint' */
  complaints: number;
  /** 0-100 score: average 1-5 satisfaction of the tasks done in the week * 20, 1 decimal */
  satisfaction: number | null;
  /** how many ratings the satisfaction score is over */
  satisfactionResponses: number;
  /** share of those ratings that are 5 */
  verySatisfiedShare: number | null;
  /** net promoter score -100..100: % promoters (9-10) - % detractors (0-6), rounded */
  nps: number | null;
  /** how many NPS answers the score is over */
  npsResponses: number;
  /** 3-7-30 follow-ups (revisit, guide, checkin) due in the week, not cancelled */
  revisitsDue: number;
  /** share of those done on or before their due date */
  revisitsOnTime: number | null;
  /** customers (neither prospect nor churned) at `to`, by their current tier */
  byTier: { strategic: number; key: number; normal: number };
  /** tier changes in the week to a higher tier */
  tierUps: number;
  /** tier changes in the week to a lower tier */
  tierDowns: number;
  /** customers created in the week */
  newCustomers: number;
  /** files recorded in the week more than 24 h after the first contact (manual B) */
  lateRecords: number;
  /** lifecycle changes in the week to 'churn_warning' */
  churnWarnings: number;
  /** lifecycle changes in the week to 'churned' */
  churned: number;
  /** share of the customers (neither prospect nor churned) at `from` that did not churn in the week */
  retention: number | null;
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
  figures: WeekFigures;
  builtAt: Date;
  post?: DigestPost;
}
