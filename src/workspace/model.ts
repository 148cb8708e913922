import { Schema } from 'mongoose';

/** A workspace as stored: the settings are validated by settingsSchema (zod) when read. */
export interface WorkspaceDoc {
  teamId: string;
  settings: unknown;
  /** Bumped on every change of the settings: instances compare it to what they cached. */
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * One document per Slack team. The settings are validated by settingsSchema (zod) in the
 * repository; mongoose only guarantees the team key is unique.
 */
export const workspaceSchema = new Schema<WorkspaceDoc>(
  {
    teamId: { type: String, required: true },
    settings: { type: Schema.Types.Mixed, required: true },
    version: { type: Number, default: 0 },
  },
  { collection: 'workspaces', timestamps: true, minimize: false, strict: true },
);
workspaceSchema.index({ teamId: 1 }, { unique: true });
