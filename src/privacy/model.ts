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
