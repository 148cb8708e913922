import { Schema } from 'mongoose';
import { PRIVACY_KINDS, type PrivacyLogEntry } from './types.js';

/**
 * The privacy log (`privacy_log`): one document per export, erasure, retention run or view of
 * personal data in clear by a non-owner. Append-only (but for a data-subject export shared in
 * Slack, whose entry is given Slack's answer once: `detail.delivered`); read newest first by
 * admins.
 */
export const privacyLogSchema = new Schema<PrivacyLogEntry>(
  {
    teamId: { type: String, required: true },
    kind: { type: String, enum: PRIVACY_KINDS, required: true },
    by: { type: String, required: true },
    subject: { type: String, required: true },
    at: { type: Date, required: true },
    detail: { type: Schema.Types.Mixed, default: {} },
  },
  { collection: 'privacy_log', versionKey: false, minimize: false },
);
privacyLogSchema.index({ teamId: 1, at: -1 });
/** `/desk privacy log` by kind (PRIVACY_LOG_FILTERS: erasures, exports…), newest first. */
privacyLogSchema.index({ teamId: 1, kind: 1, at: -1 });
/**
 * A Slack user's entries (`log --user`, erasedAfter) by `detail.userKey`, and those still holding
 * a legacy key to re-key (PrivacyLogRepository.rekeyUserKeys).
 */
privacyLogSchema.index({ teamId: 1, 'detail.userKey': 1 });

/**
 * An erasure under way (`privacy_erasures`): one document per workspace (`_id`: `team:erasure`),
 * taken by one atomic conditional upsert when free or run out (`until`, compared with the
 * request's time: the Java stand-in has no TTL index) and deleted by its holder when the erasure
 * ends. Every erasure of the workspace (a customer's, a contact's, a Slack user's; from Slack or
 * the CLI) holds it: they run one at a time. Every instance of the desk sees it.
 */
export interface ErasureLeaseDoc {
  _id: string;
  teamId: string;
  /** The holder's token: only it releases the lease. */
  owner: string;
  /** When the holder took it. */
  at: Date;
  /** What the holder erases: `customer:C2026001` or `user:U…` (said to whoever finds it held). */
  subject?: string;
  /**
   * A Slack user's erasure past its refusal check (ErasureLease.step(true)): the person is being
   * erased (DataSubjectRepository.forgetErasedOn); unset when another erasure takes the lease.
   */
  erasing?: boolean;
  /** Free after this (a holder that died frees it by then). */
  until: Date;
}

export const erasureLeaseSchema = new Schema<ErasureLeaseDoc>(
  {
    _id: { type: String, required: true },
    teamId: { type: String, required: true },
    owner: { type: String, required: true },
    at: { type: Date, required: true },
    subject: { type: String },
    erasing: { type: Boolean },
    until: { type: Date, required: true },
  },
  { collection: 'privacy_erasures', versionKey: false },
);

/**
 * An erasure by Slack user not done whose mark on a ticket another erasure took
 * (`privacy_erasures_unmarked`, DataSubjectRepository.resumeOwed): a ticket holds one erasure's
 * mark, and the one that took it may have been that erasure's only one, so the outbox's upkeep
 * finds it here (erasuresUnfinished) as it finds the others by their marks, with what the mark
 * said of it. One document per erasure (`_id`: `team:userKey`), written before the mark is taken
 * (a failure between leaves both: read as one), deleted when the erasure is done or given up.
 */
export interface UnmarkedErasureDoc {
  _id: string;
  teamId: string;
  /** Whose erasure (their Slack id, as erasureResumeUser: until it is done). */
  user: string;
  /** Who started it (erasureResumeBy of the first mark taken), on records written before `starters`. */
  by?: string;
  /** Who started it (erasureResumeBy of every mark taken; the upkeep's run that outran, all it read). */
  starters?: string[];
  /** Its own id (the least erasureResumeId of the marks taken): its admins' DMs' key. */
  erasure?: string;
  /** The tickets its marks were on (resumed by it: counted in its admin's DM). */
  ids: string[];
  /** The upkeep's back-off (erasureResumeTries, erasureResumeRetryAt). */
  tries?: number;
  retryAt?: Date;
  /** Its admin's DM key, told date and customers named (erasureResumeOwner*). */
  ownerKey?: string;
  ownerTold?: Date;
  ownerNamed?: string[];
  /** The admins its DMs went to (erasureResumeOwnerTo). */
  ownerTo?: string[];
  /** Its no-admin warning last logged (erasureResumeNoAdminWarned). */
  noAdminWarned?: Date;
  /** Its kept-and-tried-again warning last logged (erasureResumeWaitWarned). */
  waitWarned?: Date;
  /**
   * An erasure done whose admins' "finished" DM the outbox did not take
   * (DataSubjectRepository.erasureTellOwed; `_id` `team:owed:<its DM key>`, no `user`): when it
   * finished, its DM key, whose (the person's userKey: not told of their own erasure) and how many
   * tickets it counts. The upkeep tells them from it, then deletes it; `starters` and `ownerTo`
   * whom, `ids` its tickets.
   */
  owedAt?: Date;
  owedKey?: string;
  owedOf?: string;
  owedResumed?: number;
  /**
   * An erasure the upkeep ran to its end but whose lease was taken within it
   * (DataSubjectRepository.erasureOutran; `_id` as an owed DM's, no `user`: no read of an erasure
   * not done finds it): whose (their Slack id, until the documents an erasure beside it may have
   * written back are scrubbed again) and when it ended (only what was made by then is scrubbed
   * again: rescrubUser). Once scrubbed again it is an owed DM's record (`owedAt`).
   */
  outranUser?: string;
  outranBefore?: Date;
}

export const unmarkedErasureSchema = new Schema<UnmarkedErasureDoc>(
  {
    _id: { type: String, required: true },
    teamId: { type: String, required: true },
    user: { type: String, required: true },
    by: { type: String },
    starters: { type: [String], default: undefined },
    erasure: { type: String },
    ids: { type: [String], default: undefined },
    tries: { type: Number },
    retryAt: { type: Date },
    ownerKey: { type: String },
    ownerTold: { type: Date },
    ownerNamed: { type: [String], default: undefined },
    ownerTo: { type: [String], default: undefined },
    noAdminWarned: { type: Date },
    waitWarned: { type: Date },
    owedAt: { type: Date },
    owedKey: { type: String },
    owedOf: { type: String },
    owedResumed: { type: Number },
    outranUser: { type: String },
    outranBefore: { type: Date },
  },
  { collection: 'privacy_erasures_unmarked', versionKey: false },
);
unmarkedErasureSchema.index({ teamId: 1, user: 1 });

/**
 * The privacy secrets a workspace's keyed user keys were written under (src/privacy/user-key.ts):
 * their fingerprints (`keyFingerprint`, never a secret), one added with the first keyed write
 * under each. A configured key set that lacks one of them would not find those entries.
 */
export interface PrivacyKeysDoc {
  /** The workspace's id, as `teamId` (one record a workspace; its erasure deletes it). */
  _id: string;
  teamId: string;
  fingerprints: string[];
}

export const privacyKeysSchema = new Schema<PrivacyKeysDoc>(
  {
    _id: { type: String, required: true },
    teamId: { type: String, required: true },
    fingerprints: { type: [String], default: [] },
  },
  { collection: 'privacy_keys', versionKey: false },
);
