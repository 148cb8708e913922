import { Schema } from 'mongoose';

/**
 * One-off upgrades of stored records, done once per workspace. `pausedDueAt`: waiting tickets
 * saved with the far-future due time although a clock had run out before their pause
 * (`TicketService.backfillPausedDueAt`). `erasedTaskWords`: tasks cancelled as their customer's
 * erasure that kept their words (`TaskService.stripErasedWords`, by the daily tasks run).
 */
export type Migration = 'pausedDueAt' | 'erasedTaskWords';

/** Where a one-off upgrade's passes got to, and since when they run (`migrationCursors`). */
export interface MigrationCursor {
  after: string;
  since: Date;
}

/**
 * Where the minute job's look-back at a one-off upgrade's records saved lately got to
 * (`migrationLookBacks`): one stopped by its cap reads on after `after` the next minute, over the
 * same saves (`from`), instead of the same first records again.
 */
export interface MigrationLookBack {
  /** It reads the records saved since (wall clock, as `updatedAt`). */
  from: Date;
  /** When its first slice began (wall clock). */
  began: Date;
  /**
   * The last record it read before its cap stopped it ('' : a start-up's, kept before it read
   * any); none once it read every one.
   */
  after?: string;
  /**
   * When a look-back last found a record an older instance saved the old way (wall clock): one
   * may still be alive, so the look-back runs until a day after it (and after the stamp).
   */
  found?: Date;
}

/** A workspace as stored: the settings are validated by settingsSchema (zod) when read. */
export interface WorkspaceDoc {
  teamId: string;
  settings: unknown;
  /** Bumped on every change of the settings: instances compare it to what they cached. */
  version: number;
  /**
   * When the desk first served the workspace, on the desk's clock (its install, or its first
   * request): the digest covers no week that ended before it. Missing on a workspace stored
   * before it was kept: its `createdAt`.
   */
  since?: Date;
  /**
   * The settings history entry of the latest change saved in Slack (a group's modal, the roles),
   * written in the same update as the settings it made, keyed by the version: its entry in
   * `settings_changes`, written next, is written again by the next save or history read when the
   * process died before it. Not changed by a change the history does not log.
   */
  lastChange?: SettingsChangeDoc;
  /**
   * The one-off upgrades of the team's stored records that are done, each with when it ended (on
   * the wall clock, as `updatedAt`): start-up and the minute job skip what is stamped here.
   * Written only by `WorkspaceRepository.stampMigrated`, once; never by a settings change.
   */
  migrations?: Partial<Record<Migration, Date>>;
  /**
   * Until when an instance holds a one-off upgrade not done yet (wall clock): the others leave it
   * to that instance meanwhile (`WorkspaceRepository.claimMigration`); gone once it is done.
   */
  migrationLeases?: Partial<Record<Migration, Date>>;
  /**
   * Where a pass of a one-off upgrade not done yet stopped: the last record it read (`after`, a
   * ticket's number), so the next pass (the minute job's slice, the next start) goes on after it
   * instead of reading again those it read; and when the first of its passes began (`since`, wall
   * clock, kept by every pass after), so a record before `after` saved since (after a pass read
   * it) is looked for by its `updatedAt`; gone once it is done.
   */
  migrationCursors?: Partial<Record<Migration, MigrationCursor>>;
  /**
   * Where the minute job's look-back at records saved lately by an older instance got to while
   * its cap stopped it (`WorkspaceRepository.moveLookBack`).
   */
  migrationLookBacks?: Partial<Record<Migration, MigrationLookBack>>;
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
    since: Date,
    lastChange: { type: Schema.Types.Mixed },
    migrations: { type: Schema.Types.Mixed },
    migrationLeases: { type: Schema.Types.Mixed },
    migrationCursors: { type: Schema.Types.Mixed },
    migrationLookBacks: { type: Schema.Types.Mixed },
  },
  { collection: 'workspaces', timestamps: true, minimize: false, strict: true },
);
workspaceSchema.index({ teamId: 1 }, { unique: true });

/** One change of a workspace's settings made in Slack: who, when, which group, old and new. */
export interface SettingsChangeDoc {
  teamId: string;
  /** The settings version the change produced: one entry per version, written once. */
  version: number;
  group: string;
  by: string;
  at: Date;
  /** The changed fields as the group's modal shows them (block id -> text). */
  old: Record<string, string>;
  new: Record<string, string>;
}

export const settingsChangeSchema = new Schema<SettingsChangeDoc>(
  {
    teamId: { type: String, required: true },
    version: { type: Number, required: true },
    group: { type: String, required: true },
    by: { type: String, required: true },
    at: { type: Date, required: true },
    old: { type: Schema.Types.Mixed, default: {} },
    new: { type: Schema.Types.Mixed, default: {} },
  },
  { collection: 'settings_changes', versionKey: false, minimize: false },
);
// A change repeated (a retry after a crash) is written once.
settingsChangeSchema.index({ teamId: 1, version: 1 }, { unique: true });
settingsChangeSchema.index({ teamId: 1, at: -1 });
