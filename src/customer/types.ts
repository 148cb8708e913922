/** The customer file's vocabulary and records: what every other layer may know of it. */
import type { Origin } from '../context.js';

/** What a personal value hidden from its reader is shown as (src/customer/visibility.ts). */
export const HIDDEN = '***';

export const TIERS = ['strategic', 'key', 'normal'] as const;
export type Tier = (typeof TIERS)[number];

export const LIFECYCLES = ['prospect', 'active', 'churn_warning', 'churned'] as const;
export type Lifecycle = (typeof LIFECYCLES)[number];

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

export const INTERACTION_TYPES = ['call', 'visit', 'email', 'meeting', 'message'] as const;
export type InteractionType = (typeof INTERACTION_TYPES)[number];

export interface Contact {
  name: string;
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
  /** The 2x2 priority matrix. */
  urgent?: boolean;
  important?: boolean;
}

export interface TierOverride {
  tier: Tier;
  reason: string;
  by: string;
  at: Date;
}

/** A customer as the rest of the app sees it: a plain object, never a live document. */
export interface CustomerRecord {
  id: string;
  teamId: string;
  code: string;
  name: string;
  nameKey: string;
  industry: string;
  companySize?: CompanySize;
  region?: string;
  address?: string;
  source: Source;
  firstContactDate: string;
  ownerId: string;
  contacts: Contact[];
  needs?: Needs;
  annualRevenue?: number;
  currency: string;
  cooperationStartDate?: string;
  lastOrderDate?: string;
  contractEndDate?: string;
  ordersByMonth: Record<string, number>;
  tags: string[];
  potential: Potential;
  lifecycle: Lifecycle;
  competitorContact: boolean;
  computedTier: Tier;
  tierOverride?: TierOverride;
  tier: Tier;
  lastInteractionAt?: Date;
  searchTerms: string[];
  createdBy: string;
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
  dedupeKey: string;
  createdBy: string;
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
}

export type SignalKind = 'contract' | 'birthday' | 'churn' | 'upsell';

export interface OrderInput {
  date: string;
  amount: number;
  note?: string;
  number?: string;
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
  }
>;

/** Changes to the customer's needs, same rules. */
export type NeedsPatch = Partial<
  Record<'stated' | 'implicit' | 'productPreferences' | 'purchaseCycle', string | null> & {
    budget: number | null;
    urgent: boolean | null;
    important: boolean | null;
  }
>;

/** What a form sets. `null` clears an optional field; an absent key leaves it as it is. */
export interface CustomerPatch {
  name?: string;
  industry?: string;
  source?: Source;
  firstContactDate?: string;
  ownerId?: string;
  companySize?: CompanySize | null;
  region?: string | null;
  address?: string | null;
  annualRevenue?: number | null;
  contact?: ContactPatch;
  tags?: string[];
  potential?: Potential;
  lifecycle?: Lifecycle;
  contractEndDate?: string | null;
  cooperationStartDate?: string | null;
  /** `null` removes an override. */
  tierOverride?: { tier: Tier; reason: string } | null;
  needs?: NeedsPatch;
  competitorContact?: boolean;
}

/** The patch of a new customer: what a creation must have. */
export type NewCustomerPatch = CustomerPatch &
  Required<Pick<CustomerPatch, 'name' | 'industry' | 'source' | 'firstContactDate' | 'ownerId'>>;

/** A customer signal to tell its owner: what was found about which customer. */
export type CustomerSignal = { owner: string; customer: Pick<CustomerRecord, 'name' | 'code'> } & (
  | { kind: 'contract'; date: string; days: number }
  | { kind: 'birthday'; contact: string }
  | { kind: 'churn'; reason: 'competitor' | 'inactive'; days: number }
  | { kind: 'upsell'; recent: number; previous: number }
);
