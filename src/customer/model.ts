import { Schema, type Types } from 'mongoose';
import {
  COMPANY_SIZES,
  CONTACT_ROLES,
  CUSTOMER_TYPES,
  INTERACTION_TYPES,
  CHURN_REASONS,
  LIFECYCLES,
  POTENTIALS,
  SOURCES,
  TIERS,
  VALUE_CLASSES,
  type ChangeRecord,
  type CustomerRecord,
  type InteractionRecord,
  type OrderRecord,
} from './types.js';

/** The stored shapes: the records with MongoDB's ids. */
export type CustomerDoc = Omit<CustomerRecord, 'id'> & {
  _id: Types.ObjectId;
  /**
   * The name's sort key (`nameSortKey`), the version that computed it and the name key it was
   * computed from; stored, never shown.
   */
  sortKey?: string;
  sortKeyVersion?: number;
  sortKeyOf?: string;
  /**
   * A rename or a change of owner whose copies are still owed (the name: open tasks, channel
   * links; the owner: open tickets' account manager): set in the change's own write, with the
   * revision that write gave the file, and cleared once the copies say that name and owner
   * (`CustomerService.copyName`); the outbox job redoes one left behind.
   */
  namesOwed?: NamesOwed;
  /**
   * Change-log entries a write owes (the quarterly tier review's: its tier move), set in that
   * write under a key of it and cleared once the log has them (`CustomerService.recomputeTiers`):
   * a log write that fails is done by the review's retry, keyed, so written once.
   */
  changesOwed?: ChangesOwed[];
};
/** One write's change-log entries still owed, under its key (their ids derive from it). */
export interface ChangesOwed {
  key: string;
  changes: ChangeRecord[];
}
/**
 * A rename's copies owed: the revision the rename gave the file (or the file had when a catch-up
 * failed), when it was saved, and a mark of this write (none: written before marks were) that a
 * clear matches, so it never removes another write's mark of the same revision.
 */
export interface NamesOwed {
  revision: number;
  at: Date;
  mark?: string;
  /**
   * When the repair may try it (none: written before marks had one, or by an older instance;
   * the repair gives it one once owed NAME_COPY_REPAIR_MS: `dateOwedMarks`), and how many of its
   * tries failed (none: 0), each pushing the next further (`nameRepairDelay`).
   */
  nextAt?: Date;
  attempts?: number;
  /**
   * A change of owner saved under this mark, or under one it was written over, whose move of the
   * open tickets is still to be drawn: whom they named before it (the old owner, and who acted
   * for them), whose Homes and the complaints' cards its save drew before the move. Added by each
   * such save (a later save keeps it), it keeps the mark until the outbox job's repair draws them
   * again, whichever write moved the tickets (a later save's copies, a rename's say, move them
   * too); a save's own copies clear the mark only when it holds no one else's.
   */
  from?: string[];
}
export type WithObjectIds<T> = Omit<T, 'id' | 'customerId'> & {
  _id: Types.ObjectId;
  customerId: Types.ObjectId;
};
export type OrderDoc = WithObjectIds<OrderRecord>;
export type InteractionDoc = WithObjectIds<InteractionRecord>;
export type ChangeDoc = Omit<ChangeRecord, 'customerId'> & { customerId: Types.ObjectId };
export interface SignalDoc {
  _id: string;
  teamId: string;
  kind: string;
  customerId: string;
  key: string;
  at: Date;
}

/** Date-only values (first contact, orders, contract end) are stored as `YYYY-MM-DD` strings:
 * they are calendar dates in the workspace's time zone, not instants. */
const dateOnly = { type: String, match: /^\d{4}-\d{2}-\d{2}$/ };

const contactSchema = new Schema(
  {
    key: String,
    name: { type: String, required: true },
    role: { type: String, enum: CONTACT_ROLES },
    title: String,
    phone: String,
    email: String,
    im: String,
    birthday: { type: String, match: /^(\d{4}-)?\d{2}-\d{2}$/ },
    preferredChannel: String,
    optOuts: { type: [String], default: [] },
  },
  { _id: false },
);

export const customerSchema = new Schema<CustomerDoc>(
  {
    teamId: { type: String, required: true },
    code: { type: String, required: true },
    name: { type: String, required: true },
    nameKey: { type: String, required: true },
    /** What lists sort names by (`nameSortKey`: Chinese by pinyin), written with `nameKey`. */
    sortKey: String,
    /** The `SORT_KEY_VERSION` that computed `sortKey`; another one (or none) is computed again. */
    sortKeyVersion: Number,
    /**
     * The `nameKey` that computed `sortKey`: another one (a rename by an older instance, which
     * leaves the key as it was) or none (keyed before it was stored) is computed again.
     */
    sortKeyOf: String,
    industry: { type: String, required: true },
    customerType: { type: String, enum: CUSTOMER_TYPES, default: 'company' },
    occupation: String,
    companySize: { type: String, enum: COMPANY_SIZES },
    region: String,
    address: String,
    source: { type: String, enum: SOURCES, required: true },
    firstContactDate: { ...dateOnly, required: true },
    ownerId: { type: String, required: true },
    /** The owner is a guest of the workspace, as Slack said when they were made its owner. */
    ownerGuest: { type: Boolean, default: undefined },
    contacts: { type: [contactSchema], default: [] },
    needs: {
      stated: String,
      implicit: String,
      productPreferences: String,
      budget: Number,
      purchaseCycle: String,
      /** The priority matrix; a file saved before it had one urgent/important pair, read as
       * one need (repository.ts). */
      items: {
        type: [new Schema({ text: String, urgent: Boolean, important: Boolean }, { _id: false })],
        default: undefined,
      },
    },
    annualRevenue: { type: Number, min: 0 },
    currency: { type: String, default: 'CNY' },
    cooperationStartDate: dateOnly,
    lastOrderDate: dateOnly,
    contractEndDate: dateOnly,
    /** A running project's last day: the weekly progress note is planned until then. */
    projectUntil: dateOnly,
    /** Orders per calendar month (`YYYY-MM` -> count), kept with $inc for the upsell signal. */
    ordersByMonth: { type: Schema.Types.Mixed, default: {} },
    tags: { type: [String], default: [] },
    industryTags: { type: [String], default: [] },
    valueTags: { type: [String], default: [] },
    needTags: { type: [String], default: [] },
    notes: String,
    lateRecord: Number,
    potential: { type: String, enum: POTENTIALS, default: 'ordinary' },
    lifecycle: { type: String, enum: LIFECYCLES, default: 'prospect' },
    valueClass: { type: String, enum: VALUE_CLASSES },
    churnReason: { type: String, enum: CHURN_REASONS },
    competitorContact: { type: Boolean, default: false },
    /** An upgrade intent on file, handed to sales (CustomerRecord.upgradeIntent). */
    upgradeIntent: {
      type: new Schema(
        {
          what: { type: String, required: true },
          by: { type: String, required: true },
          at: { type: Date, required: true },
        },
        { _id: false },
      ),
      default: undefined,
    },
    /** Tier from revenue and the workspace thresholds. */
    computedTier: { type: String, enum: TIERS, required: true },
    tierOverride: {
      type: new Schema(
        {
          tier: { type: String, enum: TIERS, required: true },
          reason: { type: String, required: true },
          by: { type: String, required: true },
          at: { type: Date, required: true },
        },
        { _id: false },
      ),
      default: undefined,
    },
    /** The tier in force: the override when there is one, else the computed tier. */
    tier: { type: String, enum: TIERS, required: true },
    /** The last quarterly review's move of the tier in force (CustomerRecord.tierMove). */
    tierMove: {
      type: new Schema(
        {
          review: { type: String, required: true },
          from: { type: String, enum: TIERS, required: true },
          to: { type: String, enum: TIERS, required: true },
          told: Boolean,
        },
        { _id: false },
      ),
      default: undefined,
    },
    /** The low churn risk class and its history, as the daily signals run stored it (CustomerRecord.lowRisk). */
    lowRisk: {
      type: new Schema(
        {
          on: { type: String, required: true },
          heldBy: String,
          heldAt: Date,
          since: String,
          until: String,
          from: String,
          past: {
            type: [new Schema({ since: String, until: String }, { _id: false })],
            default: undefined,
          },
          cut: String,
        },
        { _id: false },
      ),
      default: undefined,
    },
    lastInteractionAt: Date,
    /** Erased whole (PIPL): the desk plans and reminds nothing more for it (TaskService.planCare). */
    erasedAt: Date,
    searchTerms: { type: [String], default: [] },
    createdBy: { type: String, required: true },
    /** The modal submission (its view id) that created it. */
    createdIn: String,
    /** Bumped on every write: a write applies only to the revision it read. */
    revision: { type: Number, default: 0 },
    /** A rename whose copies of the name are still owed (CustomerDoc.namesOwed). */
    namesOwed: {
      type: new Schema(
        {
          revision: { type: Number, required: true },
          at: { type: Date, required: true },
          mark: String,
          nextAt: Date,
          attempts: Number,
          from: { type: [String], default: undefined },
        },
        { _id: false },
      ),
      default: undefined,
    },
    /** Change-log entries a tier review's write still owes (CustomerDoc.changesOwed). */
    changesOwed: {
      type: [
        new Schema(
          { key: { type: String, required: true }, changes: [Schema.Types.Mixed] },
          { _id: false },
        ),
      ],
      default: undefined,
    },
  },
  { collection: 'customers', timestamps: true, minimize: false },
);
customerSchema.index({ teamId: 1, code: 1 }, { unique: true });
customerSchema.index({ teamId: 1, nameKey: 1 }, { unique: true });
customerSchema.index({ teamId: 1, searchTerms: 1 });
/** `/customer find`'s order, and the picker's name prefix walked in that order. */
customerSchema.index({ teamId: 1, sortKey: 1 });
/** The files whose sort key is missing or of another version (an upgrade's backfill). */
customerSchema.index({ teamId: 1, sortKeyVersion: 1 });
customerSchema.index({ teamId: 1, ownerId: 1 });
/** The owners marked a guest (App Home's customers with signals, for whom stands in for them). */
customerSchema.index({ teamId: 1, ownerGuest: 1 });
// The sla-alerts job's minute look for files renamed without their sort key (`staleSortKeys`).
customerSchema.index({ teamId: 1, updatedAt: 1 });
/** The outbox job's read, across workspaces, of renames whose copies are due, soonest first. */
customerSchema.index({ 'namesOwed.nextAt': 1 }, { sparse: true });
/** The outbox job's write giving a next try to the marks owed long enough without one. */
customerSchema.index({ 'namesOwed.at': 1 }, { sparse: true });
/**
 * The tier review's read of the customers whose writes owe change-log entries (`withChangesOwed`):
 * only those are in it (sparse: a customer owing none has no entry's key).
 */
customerSchema.index({ 'changesOwed.key': 1 }, { sparse: true });
/**
 * The tier review's read of the moves it made and has not told yet (`withUntoldTierMove`): the
 * customers that review moved, not every customer of the workspace (`told` is filtered on them).
 */
customerSchema.index({ teamId: 1, 'tierMove.review': 1 });
/** A modal submitted again finds the customer it made (CustomerRepository.byNameOrSubmission). */
customerSchema.index({ teamId: 1, createdIn: 1 });
/**
 * The daily tasks run's progress-notes pass (CustomerRepository.pagesWith `{project: true}`): a
 * workspace's customers with a running project, in code order, a page after the last code read;
 * partial (the pass's own condition, `projectUntil: {$gt: ''}`): only those customers are in it,
 * so a page walks them alone, not every customer as the unique `{teamId, code}` index would.
 */
customerSchema.index(
  { teamId: 1, code: 1, projectUntil: 1 },
  { partialFilterExpression: { projectUntil: { $gt: '' } } },
);

export const orderSchema = new Schema<OrderDoc>(
  {
    teamId: { type: String, required: true },
    customerId: { type: Schema.Types.ObjectId, required: true },
    date: { ...dateOnly, required: true },
    amount: { type: Number, required: true, min: 0 },
    note: String,
    /** When it was delivered: the daily tasks run plans its revisit (OrderRecord.deliveredOn). */
    deliveredOn: dateOnly,
    /** The day its delivery date was recorded (OrderRecord.deliveryRecordedOn). */
    deliveryRecordedOn: dateOnly,
    /** Makes a re-imported order a no-op: the order number, or a hash of its fields. */
    dedupeKey: { type: String, required: true },
    /** The row key it had before an import gave it its number (OrderRecord.rowKey). */
    rowKey: String,
    /** The Record order modal it was recorded from (OrderRecord.submissionId). */
    submissionId: String,
    createdBy: { type: String, required: true },
  },
  { collection: 'orders', timestamps: true },
);
orderSchema.index({ teamId: 1, dedupeKey: 1 }, { unique: true });
orderSchema.index({ teamId: 1, customerId: 1, date: -1 });
/** The monthly and quarterly reports read a period's orders by date. */
orderSchema.index({ teamId: 1, date: 1 });
/** The daily tasks run reads the last days' deliveries (TaskService.planDeliveryRevisits). */
orderSchema.index({ teamId: 1, deliveredOn: 1 });
// The records written since the reports' stored days were checked (src/digest/daily/).
orderSchema.index({ teamId: 1, updatedAt: 1 });
// Erasure by Slack user: whether a person recorded an order (DataSubjectRepository.staffTrace).
orderSchema.index({ teamId: 1, createdBy: 1 });

export const interactionSchema = new Schema<InteractionDoc>(
  {
    teamId: { type: String, required: true },
    customerId: { type: Schema.Types.ObjectId, required: true },
    type: { type: String, enum: INTERACTION_TYPES, required: true },
    summary: { type: String, required: true },
    feedback: String,
    nextStep: String,
    nextStepDate: dateOnly,
    by: { type: String, required: true },
    at: { type: Date, required: true },
    upgradeWhat: String,
    upgradeOwed: Date,
    nextStepOwed: Date,
    nextStepApproverId: String,
    source: String,
    loggedLate: { days: Number, at: Date },
  },
  { collection: 'interactions', timestamps: true },
);
// The reports' interactions logged after 24 h (ReportSource.lateInteractions): the few marked.
interactionSchema.index(
  { teamId: 1, 'loggedLate.at': 1 },
  { partialFilterExpression: { 'loggedLate.at': { $exists: true } } },
);
interactionSchema.index({ teamId: 1, customerId: 1, at: -1 });
/**
 * One interaction per submission that may come again (`source`): its retry adds none. Slack's
 * view ids are unique across workspaces, so the key alone is; sparse (not a partial index, which
 * the Java stand-in does not honour): interactions without one are not indexed.
 */
interactionSchema.index({ source: 1 }, { unique: true, sparse: true });
/** The outbox job's repair reads the intents whose hand-off is still owed (few, if any). */
interactionSchema.index({ upgradeOwed: 1 }, { sparse: true });
/** And those whose next step's task is still owed. */
interactionSchema.index({ nextStepOwed: 1 }, { sparse: true });
// Erasure by Slack user: whether a person logged an interaction (DataSubjectRepository.staffTrace).
interactionSchema.index({ teamId: 1, by: 1 });

export const customerChangeSchema = new Schema<ChangeDoc>(
  {
    teamId: { type: String, required: true },
    customerId: { type: Schema.Types.ObjectId, required: true },
    field: { type: String, required: true },
    oldValue: Schema.Types.Mixed,
    newValue: Schema.Types.Mixed,
    by: { type: String, required: true },
    at: { type: Date, required: true },
    source: { type: String, enum: ['slack', 'import', 'job'], required: true },
    subject: String,
    primary: Boolean,
  },
  { collection: 'customer_changes', timestamps: false },
);
customerChangeSchema.index({ teamId: 1, customerId: 1, at: -1 });
/** The digest and the reports read the changes since a date. */
customerChangeSchema.index({ teamId: 1, at: 1 });
// Erasure by Slack user: whether a person made a change (DataSubjectRepository.staffTrace).
customerChangeSchema.index({ teamId: 1, by: 1 });

/**
 * Customer signals already told (contract ending, birthday, churn risk, upsell): `_id` is team,
 * kind, customer and what makes the signal new (the contract end date, the year, the quarter),
 * so each signal is told once however many runs see it.
 */
export const customerSignalSchema = new Schema<SignalDoc>(
  {
    _id: { type: String, required: true },
    teamId: { type: String, required: true },
    kind: { type: String, required: true },
    customerId: { type: String, required: true },
    key: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { collection: 'customer_signals', versionKey: false },
);
// The owners Slack says it has no user for (`OWNER_UNKNOWN`), read for an admin's Home.
customerSignalSchema.index({ teamId: 1, kind: 1 });
