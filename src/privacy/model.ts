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
    until: { type: Date, required: true },
  },
  { collection: 'privacy_erasures', versionKey: false },
);
