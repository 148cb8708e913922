import type { Model } from 'mongoose';
import { trusted } from 'mongoose';
import { settingsSchema, STANDIN_REPAIR_MS, type WorkspaceSettings } from './settings.js';
import type {
  Migration,
  MigrationCursor,
  MigrationLookBack,
  SettingsChangeDoc,
  WorkspaceDoc,
} from './model.js';
import { isDuplicateKey } from '../db/errors.js';

export interface WorkspaceRecord {
  teamId: string;
  settings: WorkspaceSettings;
  version: number;
  /** The settings as stored, to tell a change that did not bump the version (a hand edit). */
  stored: string;
  /** When the desk first served the workspace (desk time; `createdAt` for one stored before). */
  since: Date;
  /** The history entry of the latest change saved in Slack, stored with it (WorkspaceDoc). */
  lastChange?: SettingsChangeDoc;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * The settings as written: with `sla.resolutionMinutes`, the one resolution target of instances
 * older than the targets per severity (their schema requires it: without it they could not read
 * the workspace at all during a rolling upgrade), the general severity's. Never read back here
 * (settingsSchema drops it once the targets per severity are there).
 */
function forOlderInstances(settings: WorkspaceSettings): WorkspaceSettings {
  return {
    ...settings,
    sla: { ...settings.sla, resolutionMinutes: settings.sla.resolutionMinutesBySeverity.general },
  } as WorkspaceSettings;
}

function toRecord(doc: WorkspaceDoc): WorkspaceRecord {
  return {
    teamId: doc.teamId,
    settings: settingsSchema.parse(doc.settings),
    version: doc.version ?? 0,
    stored: JSON.stringify(doc.settings),
    since: doc.since ?? doc.createdAt,
    ...(doc.lastChange ? { lastChange: doc.lastChange } : {}),
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
  };
}

/** A document saved before versions existed counts as version 0. */
function atVersion(version: number) {
  return version === 0
    ? { $or: [{ version: 0 }, { version: trusted({ $exists: false }) }] }
    : { version };
}

export class WorkspaceRepository {
  constructor(private readonly model: Model<WorkspaceDoc>) {}

  /**
   * Returns the team's document, creating it with `defaults` on first use (served since `now`).
   * One atomic upsert; two instances racing on a new team both end up reading the single document.
   */
  async findOrCreate(
    teamId: string,
    defaults: WorkspaceSettings,
    now: Date,
  ): Promise<WorkspaceRecord> {
    const upsert = () =>
      this.model
        .findOneAndUpdate(
          { teamId },
          {
            $setOnInsert: {
              teamId,
              settings: forOlderInstances(defaults),
              version: 0,
              since: now,
            },
          },
          { upsert: true, returnDocument: 'after' },
        )
        .lean<WorkspaceDoc>()
        .exec();
    let doc: WorkspaceDoc | null;
    try {
      doc = await upsert();
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      doc = await this.model.findOne({ teamId }).lean<WorkspaceDoc>().exec();
    }
    if (!doc) throw new Error(`workspace ${teamId} vanished while being created`);
    return toRecord(doc);
  }

  /**
   * The team's settings as stored now, parsed only when they differ from `known` (the copy a
   * caller holds): a new version, or settings edited by hand in the database. Null when the team
   * has no document.
   */
  async findNewer(
    teamId: string,
    known: WorkspaceRecord,
  ): Promise<{ record: WorkspaceRecord } | null> {
    const doc = await this.model.findOne({ teamId }).lean<WorkspaceDoc>().exec();
    if (!doc) return null;
    const same =
      (doc.version ?? 0) === known.version && JSON.stringify(doc.settings) === known.stored;
    return { record: same ? known : toRecord(doc) };
  }

  /**
   * Replaces the settings if they are still at `version` (nobody changed them since they were
   * read), bumping the version. Null when someone else changed them first. `change`: the history
   * entry of this change, stored with it (one atomic update) as `lastChange`, at the new version.
   */
  async replaceIfVersion(
    teamId: string,
    version: number,
    settings: WorkspaceSettings,
    change?: ChangeEntry,
  ): Promise<WorkspaceRecord | null> {
    const lastChange = change ? { ...change, teamId, version: version + 1 } : undefined;
    const doc = await this.model
      .findOneAndUpdate(
        { teamId, ...atVersion(version) },
        {
          $set: { settings: forOlderInstances(settings), ...(lastChange ? { lastChange } : {}) },
          $inc: { version: 1 },
        },
        { returnDocument: 'after' },
      )
      .lean<WorkspaceDoc>()
      .exec();
    return doc ? toRecord(doc) : null;
  }

  /** Every workspace as stored (one per deployment today): for the start-up seed check. */
  async all(): Promise<WorkspaceRecord[]> {
    const docs = await this.model.find({}).lean<WorkspaceDoc[]>();
    return docs.map(toRecord);
  }

  /** Whether the team has a document (read only: nothing is created). */
  async exists(teamId: string): Promise<boolean> {
    return (await this.model.exists({ teamId }).exec()) !== null;
  }

  /**
   * The teams whose settings owe a roles save's stand-in moves due by `now` (ms) or earlier
   * (`standInsOwed.nextAt`; a bare time written before the mark had an id: STANDIN_REPAIR_MS
   * after it), at most `limit`.
   */
  async owingStandIns(now: number, limit: number): Promise<string[]> {
    const docs = await this.model
      .find({
        $or: [
          { 'settings.standInsOwed.nextAt': trusted({ $lte: now }) },
          { 'settings.standInsOwed': trusted({ $lte: now - STANDIN_REPAIR_MS }) },
        ],
      })
      .select({ teamId: 1 })
      .limit(limit)
      .lean<{ teamId: string }[]>();
    return docs.map((d) => d.teamId).sort();
  }

  /**
   * The teams whose settings owe the admins a cleared channel's DM since `before` (ms) or
   * earlier (`clearsUntold`), at most `limit`.
   */
  async owingClearNotices(before: number, limit: number): Promise<string[]> {
    const docs = await this.model
      .find({ 'settings.clearsUntold.at': trusted({ $lte: before }) })
      .select({ teamId: 1 })
      .limit(limit)
      .lean<{ teamId: string }[]>();
    return docs.map((d) => d.teamId).sort();
  }

  /** The teams whose `migration` is not stamped done, by team id (one read). */
  async unmigrated(migration: Migration): Promise<string[]> {
    const docs = await this.model
      .find({ [`migrations.${migration}`]: trusted({ $exists: false }) })
      .select({ teamId: 1 })
      .sort({ teamId: 1 })
      .lean<{ teamId: string }[]>();
    return docs.map((d) => d.teamId);
  }

  /** When the team's `migration` was stamped done; undefined when it is not (or no team). */
  async migratedAt(teamId: string, migration: Migration): Promise<Date | undefined> {
    const doc = await this.model
      .findOne({ teamId })
      .select({ migrations: 1 })
      .lean<Pick<WorkspaceDoc, 'migrations'>>()
      .exec();
    return doc?.migrations?.[migration];
  }

  /**
   * Stamps the team's `migration` done at `at`, one single-document update, only if it is not
   * stamped yet: several instances finishing it at once keep the first one's time. Neither the
   * settings nor their version change (no instance reads its settings again for it).
   */
  async stampMigrated(teamId: string, migration: Migration, at: Date): Promise<void> {
    const key = `migrations.${migration}`;
    await this.model.updateOne(
      { teamId, [key]: trusted({ $exists: false }) },
      {
        $set: { [key]: at },
        $unset: { [`migrationLeases.${migration}`]: 1, [`migrationCursors.${migration}`]: 1 },
      },
      { timestamps: false },
    );
  }

  /**
   * Takes the team's `migration`, not done yet, for this instance until `until`, one
   * single-document update: only if no other instance holds it past `now` (wall clock).
   * Undefined when it is done or held; else where an earlier pass stopped (`after`: the last
   * record it read, and `since`: when the first pass began; written by `progressMigration`),
   * none when no pass read any.
   */
  async claimMigration(
    teamId: string,
    migration: Migration,
    now: Date,
    until: Date,
  ): Promise<Partial<MigrationCursor> | undefined> {
    const lease = `migrationLeases.${migration}`;
    const doc = await this.model
      .findOneAndUpdate(
        {
          teamId,
          [`migrations.${migration}`]: trusted({ $exists: false }),
          $or: [{ [lease]: trusted({ $exists: false }) }, { [lease]: trusted({ $lte: now }) }],
        },
        { $set: { [lease]: until } },
        { timestamps: false, returnDocument: 'after', projection: { migrationCursors: 1 } },
      )
      .lean<Pick<WorkspaceDoc, 'migrationCursors'>>()
      .exec();
    if (!doc) return undefined;
    const cursor = doc.migrationCursors?.[migration];
    return cursor?.after ? { after: cursor.after, since: cursor.since } : {};
  }

  /**
   * A pass holding the team's `migration` until `until` read every record up to `cursor.after`
   * (its passes running since `cursor.since`): kept, and the hold extended to `next`, one
   * single-document update, only while it still holds it (not taken by another since it ran
   * out). False when it does not.
   */
  async progressMigration(
    teamId: string,
    migration: Migration,
    until: Date,
    next: Date,
    cursor: MigrationCursor,
  ): Promise<boolean> {
    const res = await this.model.updateOne(
      { teamId, [`migrationLeases.${migration}`]: until },
      {
        $set: { [`migrationLeases.${migration}`]: next, [`migrationCursors.${migration}`]: cursor },
      },
      { timestamps: false },
    );
    return res.modifiedCount === 1;
  }

  /** Gives back a hold taken until `until` (`claimMigration`), unless another took it since. */
  async releaseMigration(teamId: string, migration: Migration, until: Date): Promise<void> {
    const lease = `migrationLeases.${migration}`;
    await this.model.updateOne(
      { teamId, [lease]: until },
      { $unset: { [lease]: 1 } },
      { timestamps: false },
    );
  }

  /** Where the minute job's look-back for the team's `migration` got to; undefined: none kept. */
  async lookBackOf(teamId: string, migration: Migration): Promise<MigrationLookBack | undefined> {
    const doc = await this.model
      .findOne({ teamId })
      .select({ migrationLookBacks: 1 })
      .lean<Pick<WorkspaceDoc, 'migrationLookBacks'>>()
      .exec();
    return doc?.migrationLookBacks?.[migration];
  }

  /**
   * Moves the minute job's look-back for the team's `migration` from `was` (as read; undefined:
   * none kept) to `next` (undefined: removed), one single-document update, only if it is still
   * `was` (another run moved it meanwhile: false, and this one stops).
   */
  async moveLookBack(
    teamId: string,
    migration: Migration,
    was: MigrationLookBack | undefined,
    next: MigrationLookBack | undefined,
  ): Promise<boolean> {
    const key = `migrationLookBacks.${migration}`;
    const res = await this.model.updateOne(
      {
        teamId,
        ...(was
          ? {
              [`${key}.began`]: was.began,
              [`${key}.after`]: was.after ?? trusted({ $exists: false }),
            }
          : { [key]: trusted({ $exists: false }) }),
      },
      next ? { $set: { [key]: next } } : { $unset: { [key]: 1 } },
      { timestamps: false },
    );
    return res.matchedCount === 1;
  }

  /** Every workspace's team id: what the scheduled jobs run for. */
  async teamIds(): Promise<string[]> {
    const docs = await this.model.find({}).select({ teamId: 1 }).lean<{ teamId: string }[]>();
    return docs.map((d) => d.teamId).sort();
  }
}

export type SettingsChangeRecord = SettingsChangeDoc;
/** A history entry before it has its team and the version it makes. */
export type ChangeEntry = Omit<SettingsChangeDoc, 'teamId' | 'version'>;

/** The settings history of each team: one document per change, written once. */
export class SettingsChangeRepository {
  constructor(private readonly model: Model<SettingsChangeDoc>) {}

  /**
   * Records a change; the same version again is a no-op (an entry written again from the
   * settings' `lastChange` leaves the one written already).
   */
  async record(change: SettingsChangeDoc): Promise<void> {
    try {
      await this.model.updateOne(
        { teamId: change.teamId, version: change.version },
        { $setOnInsert: change },
        { upsert: true },
      );
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
  }

  /** Whether a group of the team's settings was ever saved (`roles`: admins chosen by someone). */
  async saved(teamId: string, group: string): Promise<boolean> {
    return Boolean(await this.model.exists({ teamId, group }));
  }

  /** The latest changes, newest first, and how many there are in all. */
  async latest(
    teamId: string,
    limit: number,
  ): Promise<{ items: SettingsChangeRecord[]; total: number }> {
    const [docs, total] = await Promise.all([
      this.model
        .find({ teamId })
        .sort({ version: -1 })
        .limit(limit)
        .select({ _id: 0 })
        .lean<SettingsChangeDoc[]>(),
      this.model.countDocuments({ teamId }),
    ]);
    return { items: docs, total };
  }
}
