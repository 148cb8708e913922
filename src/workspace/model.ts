import { Schema } from 'mongoose';

/**
 * One document per Slack team. The settings are validated by settingsSchema (zod) in the
 * repository; mongoose only guarantees the team key is unique.
 */
export const workspaceSchema = new Schema(
  {
    teamId: { type: String, required: true },
    settings: { type: Schema.Types.Mixed, required: true },
  },
  { collection: 'workspaces', timestamps: true, minimize: false, strict: true },
);
workspaceSchema.index({ teamId: 1 }, { unique: true });
