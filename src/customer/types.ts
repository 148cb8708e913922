/** The customer file's vocabulary and records: what every other layer may know of it. */
import type { Origin } from '../context.js';

/** What a personal value hidden from its reader is shown as (src/customer/visibility.ts). */
export const HIDDEN = '***';

export const TIERS = ['strategic', 'key', 'normal'] as const;
export type Tier = (typeof TIERS)[number];

/**
 * Lifecycle stages (manuals B and C): prospect (intent, no order yet), new (first order within
 * 90 days), growing, stable, churn warning, churned. `active` is the stage files had before the
 * stages existed: the daily recompute moves it to new, growing or stable.
 */
export const LIFECYCLES = [
  'prospect',
  'new',
  'growing',
  'stable',
  'active',
  'churn_warning',
  'churned',
] as const;
export type Lifecycle = (typeof LIFECYCLES)[number];

/** The stages of a customer who buys (not a lead, not gone). */
export const BUYING_STAGES: readonly Lifecycle[] = ['new', 'growing', 'stable', 'active'];

/** Value classes (manual C): VIP, high-value, ordinary, potential; shown beside the tier. */
export const VALUE_CLASSES = ['vip', 'high_value', 'ordinary', 'potential'] as const;
export type ValueClass = (typeof VALUE_CLASSES)[number];

/** Why a customer churned, asked by the win-back task's Done form (kept for reports). */
export const CHURN_REASONS = [
  'price',
  'quality',
  'service',
  'competitor',
  'no_demand',
  'business_change',
  'other',
] as const;
export type ChurnReasonCode = (typeof CHURN_REASONS)[number];

export const POTENTIALS = ['key', 'ordinary'] as const;
export type Potential = (typeof POTENTIALS)[number];

export const SOURCES = [
  'online_expo',
  'exhibition',
  'referral',
  'telemarketing',
  'cold_visit',
  'website',
  'inbound',
  'other',
] as const;
export type Source = (typeof SOURCES)[number];

export const COMPANY_SIZES = ['1-49', '50-199', '200-999', '1000+'] as const;
export type CompanySize = (typeof COMPANY_SIZES)[number];

/** A company, or a person (manual B: a person's occupation instead of a company size). */
export const CUSTOMER_TYPES = ['company', 'person'] as const;
export type CustomerType = (typeof CUSTOMER_TYPES)[number];

/** The manuals' two contact roles (manual B: 主要负责人及对接人). */
export const CONTACT_ROLES = ['main', 'daily'] as const;
export type ContactRole = (typeof CONTACT_ROLES)[number];

/** Tag families (manual C): industry, value and needs tags, each with the manuals' examples. */
export const TAG_FAMILIES = ['industry', 'value', 'needs'] as const;
export type TagFamily = (typeof TAG_FAMILIES)[number];

export const INTERACTION_TYPES = ['call', 'visit', 'email', 'meeting', 'message'] as const;
export type InteractionType = (typeof INTERACTION_TYPES)[number];

/** A care contact a win-back call replaced: its kind (care, call, visit) and due date. */
export interface ChurnReplaced {
  kind: 'care' | 'call' | 'visit';
  due: string;
}

export interface Contact {
  /** Stable within its customer: what the Contacts modal's buttons name. */
  key: string;
  name: string;
  role?: ContactRole;
  title?: string;
  phone?: string;
  email?: string;
  im?: string;
  birthday?: string;
  preferredChannel?: string;
  optOuts: string[];
}

export interface Needs {
  stated?: string;
  implicit?: string;
  productPreferences?: string;
  budget?: number;
  purchaseCycle?: string;
  /** Manual C's priority matrix: each need rated urgent and/or important. */
  items?: NeedItem[];
}

/** One need of the priority matrix. */
export interface NeedItem {
  text: string;
  urgent: boolean;
  important: boolean;
}

/** An upgrade intent on a customer's file (CustomerRecord.upgradeIntent). */
export interface UpgradeIntent {
  what: string;
  by: string;
  at: Date;
}

export interface TierOverride {
  tier: Tier;
  reason: string;
  by: string;
  at: Date;
}

/**
 * The low churn risk as the daily signals run computed it: the day it last looked (`on`), its
 * latest stretch (`since`, and `until` the day it was found no longer low), the earlier stretches
 * of the last `LOW_RISK_HISTORY_DAYS` (`past`, oldest first), the first day it was computed for
 * the customer (`from`) and, once older stretches were dropped, the day before which the history
 * no longer tells (`cut`). A document stored before the history (`on`, `since`, `until` only)
 * reads as known from its stretch's start, else from `on` (signal-rules.ts `lowRiskKnownFrom`).
 */
export interface LowRiskState {
  on: string;
  /** Low churn risk but for this complaint (its number): open, or critical of late. */
  heldBy?: string;
  /** When the run found it so (`heldBy`): the card says "as of", in its reader's time zone. */
  heldAt?: Date;
  since?: string;
  until?: string;
  from?: string;
  past?: LowRiskStretch[];
  cut?: string;
}

/** A stretch of low churn risk: from `since` until (not on) `until`. */
export interface LowRiskStretch {
  since: string;
  until: string;
}

/** A customer as the rest of the app sees it: a plain object, never a live document. */
/**
 * A customer as a hand-over reads the leaver's (`CustomerService.ownedBy`): what it names and
 * moves it by (its owner change reads it again), not the whole file (contacts, notes, tags).
 */
export type CustomerRef = Pick<CustomerRecord, 'id' | 'code' | 'name'>;

/**
 * A contact as a copy names it (a greeting: TaskService.plannedStill): its key (none for one
 * stored before contacts had keys) and its name as read.
 */
export interface NamedContact {
  key?: string;
  name: string;
}

/** The customer's contacts now, as NamedContact (CustomerService.namesNow). */
export interface NamedContacts {
  contacts: NamedContact[];
}

/**
 * Whether the contact `named` (as a copy read it) is still one of `contacts`: the same key, so
 * one renamed since still is; one with no key, the same name. Gone: erased or removed since.
 */
export function stillAContact(named: NamedContact, contacts: readonly NamedContact[]): boolean {
  return named.key
    ? contacts.some((c) => c.key === named.key)
    : contacts.some((c) => c.name === named.name);
}

/**
 * A customer's name and owner now, with the revision they are of (`CustomerService.nameNow`):
 * what a copy planned from another record (a ticket, a task) is checked against.
 */
export interface CustomerNameNow {
  name: string;
  ownerId: string;
  ownerGuest?: true;
  /** The tier in force (CustomerRecord.tier). */
  tier: Tier;
  /** Key potential: its tickets' first response is the strategic tier's (responseTier). */
  potential: Potential;
  revision: number;
}

export interface CustomerRecord {
  id: string;
  teamId: string;
  code: string;
  name: string;
  nameKey: string;
  industry: string;
  customerType: CustomerType;
  occupation?: string;
  companySize?: CompanySize;
  region?: string;
  address?: string;
  source: Source;
  firstContactDate: string;
  ownerId: string;
  /**
   * Slack said the owner is a guest of the workspace when they were made its owner (the form
   * asks users.info): the tasks the desk plans for the owner go to the owner's manager
   * (task/rules.ts `ownerExecutor`). Of the owner it was read for: any other owner drops it.
   */
  ownerGuest?: true;
  contacts: Contact[];
  needs?: Needs;
  annualRevenue?: number;
  currency: string;
  cooperationStartDate?: string;
  lastOrderDate?: string;
  contractEndDate?: string;
  /**
   * The last day of the customer's running project (manual E: a weekly progress note every
   * Wednesday while one runs): none, or a day past, is no project running.
   */
  projectUntil?: string;
  ordersByMonth: Record<string, number>;
  tags: string[];
  industryTags: string[];
  valueTags: string[];
  needTags: string[];
  notes?: string;
  /** Recorded more than 24 h after the first contact (manual B): the days after it, set at
   * creation in Slack. */
  lateRecord?: number;
  potential: Potential;
  lifecycle: Lifecycle;
  /** Manual C's value class: set at creation, recomputed on every edit, with the stage
   * (daily) and when an order is recorded. */
  valueClass?: ValueClass;
  /** The reason the last win-back call found (reports read it). */
  churnReason?: ChurnReasonCode;
  competitorContact: boolean;
  /**
   * The customer wants more (seats, a bigger plan, a new product line), as service staff heard
   * it (domain 3, normal tier: it goes to sales): what, who recorded it and when. Cleared when
   * the owner's hand-off task is done.
   */
  upgradeIntent?: UpgradeIntent;
  computedTier: Tier;
  tierOverride?: TierOverride;
  tier: Tier;
  /**
   * The move of the tier in force the last quarterly review that moved it made, written in the
   * same update as the move (so a review that dies before telling it finds it again); `told`
   * once it is in the outbox.
   */
  tierMove?: RecordedTierMove;
  /** The low churn risk class as the daily signals run last computed it (signal-rules.ts `lowRisk`). */
  lowRisk?: LowRiskState;
  lastInteractionAt?: Date;
  /** When it was erased whole (PIPL: `/desk privacy erase C…`): no care, survey, review or
   * follow-up is planned or reminded for it any more; its open ones are cancelled (`erased`). */
  erasedAt?: Date;
  searchTerms: string[];
  createdBy: string;
  /** The modal submission (its view id) that created it: that one again is no second customer. */
  createdIn?: string;
  revision: number;
  createdAt: Date;
  updatedAt: Date;
  /** On a view for someone who may not see personal data: the fields masked (log names). */
  masked?: string[];
}

export type NewCustomer = Omit<
  CustomerRecord,
  'id' | 'createdAt' | 'updatedAt' | 'revision' | 'masked'
>;

export interface OrderRecord {
  id: string;
  teamId: string;
  customerId: string;
  date: string;
  amount: number;
  note?: string;
  /** The day the order was delivered (the orders import's `Delivered` 交付日期 column): plans
   * the owner's delivery revisit (domain 5: a revisit within 3 days of any delivery). */
  deliveredOn?: string;
  /** The day (the workspace's) `deliveredOn` was last recorded: a delivery already 7 days old
   * that day gets no revisit (TaskService.planDeliveryRevisits, as Record delivery tells). Absent
   * on orders delivered before it was kept. */
  deliveryRecordedOn?: string;
  /** What records it once: `no:` and its number (`orderNumberKey`), else the submission or row's. */
  dedupeKey: string;
  /**
   * The import row's key (`row:`) it was recorded by before an import gave it its order number
   * (a numbered row of the same customer, date and amount): that row imported again is this order.
   */
  rowKey?: string;
  /**
   * The Record order modal it was recorded from (its view id): that submission delivered again
   * (a double click, Slack's retry) finds it its own, not another order of that number.
   */
  submissionId?: string;
  createdBy: string;
}

/** The dedupe key of an order recorded with a number: one order per number in a workspace. */
export function orderNumberKey(number: string): string {
  return `no:${number}`;
}

/** The number an order was recorded with (read from its dedupe key), or undefined. */
export function orderNumberOf(order: Pick<OrderRecord, 'dedupeKey'>): string | undefined {
  return order.dedupeKey.startsWith('no:') ? order.dedupeKey.slice(3) : undefined;
}

export interface InteractionRecord {
  id: string;
  teamId: string;
  customerId: string;
  type: InteractionType;
  summary: string;
  feedback?: string;
  nextStep?: string;
  nextStepDate?: string;
  by: string;
  at: Date;
  /**
   * An upgrade intent heard in it (what the customer wants), saved with it in its one insert so
   * no crash can keep the interaction and lose the intent (CustomerFlows.handOffUpgrade).
   */
  upgradeWhat?: string;
  /** While the intent's hand-off (file, owner's task) is owed: when it was heard (desk time). */
  upgradeOwed?: Date;
  /**
   * While the task of its dated next step is owed (planned after the insert, a second write):
   * when it was logged (desk time), so the outbox job's repair plans it if the request did not.
   */
  nextStepOwed?: Date;
  /** Who signs the owed next step's task off, kept only while it is owed. */
  nextStepApproverId?: string;
  /**
   * Logged late (manual B, domain 3: every interaction is recorded within 24 h): logged two or
   * more days after the day it happened, in the workspace's calendar (`recordedLate`), the days
   * after and when it was logged (desk time: the reports count it in that period, per owner).
   * Log interaction's confirmation says it; it never blocks the logging.
   */
  loggedLate?: { days: number; at: Date };
  /**
   * The submission that logged it, when one may come again (Customer wrote…'s or Log
   * response's modal, `view:<id>`, as its ticket event is keyed): logged once however often it
   * is submitted.
   */
  source?: string;
}

export type ChangeSource = Origin;

/** One logged change of one customer field (the change log; History shows these). */
export interface ChangeRecord {
  teamId: string;
  customerId: string;
  field: string;
  oldValue: unknown;
  newValue: unknown;
  by: string;
  at: Date;
  source: ChangeSource;
  /** The contact a contact change is about (its name), beside the field. */
  subject?: string;
  /** A contact's removal that was not the primary's (FieldChange.primary). */
  primary?: false;
}

export type SignalKind = 'contract' | 'birthday' | 'churn' | 'upsell' | 'late' | 'tier' | 'upgrade';

export interface OrderInput {
  date: string;
  amount: number;
  note?: string;
  number?: string;
  /** When it was delivered (OrderRecord.deliveredOn). */
  deliveredOn?: string;
  /** One submission of the Record order modal: saving it twice records one order. */
  submissionId?: string;
}

export interface InteractionInput {
  type: InteractionType;
  date: string;
  summary: string;
  feedback?: string;
  nextStep?: string;
  nextStepDate?: string;
}

/** Changes to the primary contact: a value sets, `null` clears, an absent key keeps. */
export type ContactPatch = Partial<
  Record<
    'name' | 'title' | 'phone' | 'email' | 'im' | 'birthday' | 'preferredChannel',
    string | null
  > & {
    optOuts: string[] | null;
    role: ContactRole | null;
  }
>;

/** Changes to the customer's needs, same rules. */
export type NeedsPatch = Partial<
  Record<'stated' | 'implicit' | 'productPreferences' | 'purchaseCycle', string | null> & {
    budget: number | null;
    items: NeedItem[] | null;
  }
>;

/** What a form sets. `null` clears an optional field; an absent key leaves it as it is. */
export interface CustomerPatch {
  name?: string;
  industry?: string;
  source?: Source;
  firstContactDate?: string;
  ownerId?: string;
  /**
   * With `ownerId`: that owner is a guest (CustomerRecord `ownerGuest`). The service's own
   * (`CustomerService.ownerGuestOf`): a caller's is ignored.
   */
  ownerGuest?: true;
  companySize?: CompanySize | null;
  region?: string | null;
  address?: string | null;
  customerType?: CustomerType;
  occupation?: string | null;
  notes?: string | null;
  industryTags?: string[];
  valueTags?: string[];
  needTags?: string[];
  /** The whole contact list (the Contacts modal): replaces it. */
  contacts?: Contact[];
  annualRevenue?: number | null;
  contact?: ContactPatch;
  tags?: string[];
  potential?: Potential;
  lifecycle?: Lifecycle;
  valueClass?: ValueClass;
  churnReason?: ChurnReasonCode | null;
  contractEndDate?: string | null;
  cooperationStartDate?: string | null;
  projectUntil?: string | null;
  /** `null` removes an override. */
  tierOverride?: { tier: Tier; reason: string } | null;
  needs?: NeedsPatch;
  competitorContact?: boolean;
  /** Set by recording an intent (never typed in the Edit form); `null` clears it. */
  upgradeIntent?: UpgradeIntent | null;
  /** The quarterly tier review's record of the move it makes (never typed in). */
  tierMove?: RecordedTierMove;
  /**
   * The quarterly tier review: the computed tier follows the current thresholds even when the
   * annual purchases stay (any other patch keeps the stored tier unless they change; never
   * typed in, never stored).
   */
  retier?: true;
}

/** The patch of a new customer: what a creation must have. */
export type NewCustomerPatch = CustomerPatch &
  Required<Pick<CustomerPatch, 'name' | 'industry' | 'source' | 'firstContactDate' | 'ownerId'>>;

/**
 * A customer listed with a standing signal (App Home): `contractEnds` when its contract end is
 * one (within the notice days, not churned: signal-rules.ts `contractSignal`).
 */
export type CustomerWithSignals = CustomerRecord & {
  contractEnds?: boolean;
  /** Listed for the stand-in of its owner, this guest of the workspace (`ownerExecutor`). */
  guestOwner?: string;
};

/** A customer signal to tell its owner: what was found about which customer. */
export type CustomerSignal = {
  owner: string;
  customer: Pick<CustomerRecord, 'name' | 'code'>;
  /** Told to a manager (`owner`) about a key customer, or a tier move: whose customer it is. */
  accountManager?: string;
  /**
   * The customer's owner, a guest of the workspace, who is told nothing: `owner` is whom
   * `ownerExecutor` names in their place (their manager, else the first admin).
   */
  guestOwner?: string;
} & (
  | {
      kind: 'contract';
      date: string;
      /**
       * Left to the end (0: it ends today), counted again as the DM goes (outbox); negative when
       * a held DM goes after the end: it ended that many days before.
       */
      days: number;
    }
  /** `date` when told ahead (the birthday falls on a day off) or late (`past`): else today */
  | { kind: 'birthday'; contact: string; date?: string; past?: boolean }
  /** `replaces`: the care contacts the win-back call planned with it closed (kind, due date). */
  | { kind: 'churn'; reason: 'competitor'; days: number; replaces?: ChurnReplaced[] }
  /**
   * `since`: the last activity the idle days count from (the day of the last interaction, order
   * or the record's creation), by which `days` is counted again when the DM goes; absent on
   * signals stored before it was kept (their `days` as found).
   */
  | {
      kind: 'churn';
      reason: 'inactive';
      days: number;
      since?: string;
      replaces?: ChurnReplaced[];
    }
  | {
      kind: 'churn';
      reason: 'falling';
      days: number;
      recent: number;
      previous: number;
      replaces?: ChurnReplaced[];
    }
  | { kind: 'upsell'; recent: number; previous: number }
  /** To a manager (`owner` is who is told): a customer recorded late, by `ownerId`. */
  | { kind: 'late'; ownerId: string; firstContact: string; days: number }
  /**
   * To a manager (`owner` is who is told): an upgrade intent `by` heard, whose owner `ownerId`
   * holds no desk role; its task is `assignee`'s.
   */
  | { kind: 'upgrade'; ownerId: string; what: string; by: string; assignee: string }
  /**
   * The quarterly tier review moved the customer's tier (its annual purchases over the last 12
   * months, in `currency`): with the new tier's first-response target and care cadence (none
   * when the care plan makes no care contacts with the customer: churned, a lead, every contact
   * opted out of care).
   */
  | {
      kind: 'tier';
      from: Tier;
      to: Tier;
      revenue: number;
      currency: string;
      responseMinutes: number;
      cadenceDays?: number;
    }
);

/** A tier move the quarterly review `review` (its date) made, as the customer records it. */
export interface RecordedTierMove {
  review: string;
  from: Tier;
  to: Tier;
  /** Written to the outbox (owner and managers). */
  told?: boolean;
}

/** A ticket as a card's service history names it. */
export interface TicketBrief {
  number: string;
  title: string;
  status: string;
  permalink?: string;
}

/** A closed ticket on the card: its resolution and the revisit's satisfaction (1-5). */
export interface ClosedTicket extends TicketBrief {
  resolvedAt?: Date;
  resolution?: string;
  /** A duplicate merged into another: the ticket it went into, and when it was closed. */
  mergedInto?: string;
  closedAt?: Date;
  satisfaction?: number;
}

/** The card's service history (manual D's 服务信息). */
export interface ServiceHistory {
  open: TicketBrief[];
  /** The latest five resolved or closed, newest first. */
  closed: ClosedTicket[];
  /** Complaints received in the last 12 months. */
  complaints: number;
  lastRevisit?: {
    at: Date;
    solved?: boolean;
    satisfaction?: number;
    nps?: number;
    /** The ticket revisited (a 3-7-30 revisit's). */
    ticketNumber?: string;
    summary: string;
    /**
     * The summary is the one the desk wrote from the scores alone (task.summary.solved), which
     * says again what the line says: left out.
     */
    summaryGenerated?: boolean;
  };
}

/** What the card shows of a customer's orders. */
export interface CommercialFigures {
  historicTotal: number;
  ordersLast12Months: number;
  lastOrderDate?: string;
  cooperationStart?: string;
  cooperationYears?: number;
}

/**
 * A customer-shaped argument `C` whose type declares each field of `I` (what a helper reads),
 * optional ones included. A plain parameter type (`{ lastOrderDate?: string }`) takes an object
 * whose type lacks the field, such as a daily run's projected read (CareCustomer, SignalCustomer:
 * only the fields of its list, the rest never read from the database), and the helper then sees
 * undefined where the file may have a value. A helper the daily runs call is typed
 * `<C>(customer: Declaring<C, Input>)`: such a type is then refused at compile time ("Property
 * 'lastOrderDate' is missing in type 'CareCustomer'"), and the field goes into the run's list
 * (CARE_FIELDS, SIGNAL_FIELDS). A whole CustomerRecord declares them all; an object literal says
 * `field: undefined` for one it lacks; a union must declare them in every member.
 */
export type Declaring<C, I> = unknown extends C
  ? I // C not inferred: the argument's type is I itself, which declares them all
  : C & I & { [P in Exclude<keyof I, keyof C>]: { readonly notInTheRunsFields: P } };

/** A customer as the weekly digest reads it. */
export type DigestCustomer = Pick<
  CustomerRecord,
  | 'id'
  | 'code'
  | 'tier'
  | 'lifecycle'
  | 'firstContactDate'
  | 'lateRecord'
  | 'annualRevenue'
  | 'lowRisk'
>;

/**
 * What the daily tasks run's planners read of a customer (care plan, delivery revisits, progress
 * notes, greetings: TaskService.runCustomers): the rules' fields (tier, value class, lifecycle,
 * last contact, project end, contacts' opt-outs and names) and what a task copies (code, name,
 * owner, revision). The rest of the file (notes, needs, tags, search terms, address, order
 * counts, change marks...) is left in the database, never in the run's memory.
 */
export const CARE_FIELDS = [
  'id',
  'teamId',
  'code',
  'name',
  'revision',
  'ownerId',
  'ownerGuest',
  'contacts',
  'lifecycle',
  'potential',
  'tier',
  'valueClass',
  'annualRevenue',
  'cooperationStartDate',
  'firstContactDate',
  'lastOrderDate',
  'lastInteractionAt',
  'projectUntil',
  'erasedAt',
] as const satisfies readonly (keyof CustomerRecord)[];
/** A customer as the daily tasks run reads it (CARE_FIELDS). */
export type CareCustomer = Pick<CustomerRecord, (typeof CARE_FIELDS)[number]>;

/**
 * Which customers a daily run's paged pass reads (CustomerRepository.pagesWith), every one when
 * absent: `project`, those with a running project's end on the file (`projectUntil`: the
 * progress-notes pass, on the partial `{teamId, code, projectUntil}` index); `ids`, those of
 * these ids.
 */
export type CustomerPass = { project: true } | { ids: readonly string[] };

/**
 * What the daily customer signals run reads of a customer (SignalFlows.run: contract end,
 * birthdays, churn and upsell rules, low risk, and the stage rules with what a stage write
 * compares), and what a win-back task copies. A customer whose stage or value class moves is read
 * whole for that write (CustomerService.recomputeStage); the rest of the file is never read.
 */
export const SIGNAL_FIELDS = [
  'id',
  'teamId',
  'code',
  'name',
  'revision',
  'ownerId',
  'ownerGuest',
  'contacts',
  'lifecycle',
  'potential',
  'tier',
  'computedTier',
  'tierOverride',
  'valueClass',
  'annualRevenue',
  'cooperationStartDate',
  'firstContactDate',
  'contractEndDate',
  'lastOrderDate',
  'lastInteractionAt',
  'ordersByMonth',
  'competitorContact',
  'lateRecord',
  'lowRisk',
  'erasedAt',
  'createdAt',
] as const satisfies readonly (keyof CustomerRecord)[];
/** A customer as the daily signals run reads it (SIGNAL_FIELDS). */
export type SignalCustomer = Pick<CustomerRecord, (typeof SIGNAL_FIELDS)[number]>;

/** What a task planned for a customer copies of it (TaskService.customerTask). */
export type TaskCustomer = Pick<
  CustomerRecord,
  'teamId' | 'id' | 'code' | 'name' | 'revision' | 'ownerId' | 'ownerGuest'
>;

/** What the daily stage recompute reads and compares (CustomerService.recomputeStage). */
export type StageCustomer = Pick<
  CustomerRecord,
  | 'id'
  | 'code'
  | 'lifecycle'
  | 'potential'
  | 'tier'
  | 'computedTier'
  | 'tierOverride'
  | 'valueClass'
  | 'annualRevenue'
  | 'cooperationStartDate'
>;
