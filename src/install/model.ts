import { Schema } from 'mongoose';
import { INSTALLATION_STATES, type InstallationRecord } from './types.js';

export type InstallationDoc = InstallationRecord;

/** One document per workspace install (key: team id) or org-wide install (key: enterprise id). */
export const installationSchema = new Schema<InstallationDoc>(
  {
    key: { type: String, required: true },
    teamId: String,
    teamName: String,
    enterpriseId: String,
    enterpriseName: String,
    isEnterpriseInstall: { type: Boolean, required: true },
    appId: String,
    botToken: { type: String, required: true },
    botRefreshToken: String,
    botTokenExpiresAt: Number,
    refreshClaim: String,
    refreshClaimUntil: Date,
    botUserId: { type: String, required: true },
    botId: { type: String, required: true },
    scopes: { type: [String], default: [] },
    installerUserId: String,
    state: { type: String, enum: INSTALLATION_STATES, required: true },
    stoppedAt: Date,
    stoppedBy: String,
    teams: { type: [String], default: [] },
    teamsAddedAt: { type: Map, of: Date },
    orgLevelSeenAt: Date,
    installedAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    savedAt: Date,
  },
  { collection: 'installations', versionKey: false, minimize: false, strict: true },
);
installationSchema.index({ key: 1 }, { unique: true });
// A workspace of an org-wide install, found by its team id.
installationSchema.index({ teams: 1 });
