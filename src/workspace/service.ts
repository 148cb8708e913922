import type { Clock } from '../clock.js';
import type { ToolConfig } from '../config.js';
import { AppError } from '../errors.js';
import type { Locale } from '../i18n/index.js';
import { makeCtx, type Ctx, type CtxInput } from '../context.js';
import type { Migration, MigrationLookBack } from './model.js';
import { WorkspaceRepository, type ChangeEntry, type WorkspaceRecord } from './repository.js';
import {
  defaultSettings,
  settingsSchema,
  type SettingsSeed,
  type WorkspaceSettings,
} from './settings.js';

/** Where the minute job's look-back at a one-off upgrade's recent saves got to (jobs read it here). */
export type { MigrationLookBack } from './model.js';

export function seedFromConfig(config: ToolConfig): SettingsSeed {
  return {
    locale: config.DEFAULT_LOCALE,
    timeZone: config.DEFAULT_TIME_ZONE,
    admins: config.ADMIN_USER_IDS,
    channels: {
      triage: config.TRIAGE_CHANNEL_ID,
      escalation: config.ESCALATION_CHANNEL_ID,
      alerts: config.ALERTS_CHANNEL_ID,
      digest: config.DIGEST_CHANNEL_ID,
    },
  };
}

/** How long an instance trusts the settings it read before it looks at the version again. */
export const SETTINGS_FRESH_MS = 5_000;

/**
 * How long an instance holds a workspace's one-off upgrade it took (`claimMigration`): past it
 * (the instance died in it, or is that slow), another may take it.
 */
export const MIGRATION_LEASE_MS = 10 * 60_000;

/**
 * How long before a one-off upgrade's first pass began (`MigrationResume.since`) a look-back for
 * records saved behind where its passes got to reaches: a record's `updatedAt` is stamped on the
 * wall clock of the instance that saved it, which may be a little behind the one that began the
 * pass (not by minutes: Slack's signed requests are refused five minutes off).
 */
export const MIGRATION_CLOCKS_MS = 5 * 60_000;

/** Where a one-off upgrade's pass starts, and how it says how far it got (`runMigration`). */
export interface MigrationResume {
  /** The last record an earlier pass read: this one reads those after it. */
  after?: string;
  /**
   * With `after`: when the first of the earlier passes began (wall clock). A record before
   * `after` saved since may have been saved after a pass read it: the pass does not read it
   * again; a look-back by `updatedAt` is for it.
   */
  since?: Date;
  /** After each batch: the last record read. False: the hold is lost, stop. */
  progress(after: string): Promise<boolean>;
}

interface Cached {
  record: WorkspaceRecord;
  /** When it was last read or checked, on the app's clock. */
  checkedAt: number;
}

/**
 * The one way the app reads a workspace's settings. They are read once per request (into the
 * request's context) and cached per workspace in the process: a cached copy younger than
 * SETTINGS_FRESH_MS is used without asking the database; an older one is checked against the
 * stored version (one read), so a change made on another instance is seen within seconds. A
 * change made here updates the cache at once.
 */
export class WorkspaceService {
  private readonly cache = new Map<string, Cached>();
  /** Reads under way (and when each began, clock ms), so simultaneous requests of a team share one. */
  private readonly loading = new Map<string, { read: Promise<WorkspaceRecord>; since: number }>();
  /** Bumped by `forget`: a read started before it is not cached after it. */
  private generation = 0;
  /** Migrations found stamped (`team migration` -> when): a stamp is never taken back. */
  private readonly migrated = new Map<string, Date>();
  /** Look-backs found ended (`team migration` -> until when, wall clock ms): see `endLookBack`. */
  private readonly lookBacksEnded = new Map<string, number>();

  constructor(
    private readonly repo: WorkspaceRepository,
    private readonly seed: SettingsSeed,
    private readonly clock: Clock,
    private readonly freshMs = SETTINGS_FRESH_MS,
  ) {}

  /** The team's language as last read, else the configured default; never touches the DB. */
  localeFor(teamId: string): Locale {
    return this.cache.get(teamId)?.record.settings.locale ?? this.seed.locale;
  }

  /** The team's settings; a team seen for the first time gets the defaults. */
  async settings(teamId: string): Promise<WorkspaceSettings> {
    return (await this.workspace(teamId)).settings;
  }

  /**
   * A request's context: the settings read (or taken from the cache) once, here. `atLeast`: a
   * settings version the context must not be older than (what the outbox draws an App Home
   * entry from: the version its writer knew, maybe another instance's or a tool's change); a
   * cached copy of an older version is read again first (one read), however young.
   */
  async context(input: Omit<CtxInput, 'settings'>, atLeast?: number): Promise<Ctx> {
    return makeCtx({ ...input, settings: await this.settingsAtLeast(input.teamId, atLeast) });
  }

  /**
   * The version of the team's settings this instance last read or wrote (the cache's), or
   * undefined when it holds none; never touches the DB. What an App Home entry is stamped with.
   */
  knownVersion(teamId: string): number | undefined {
    return this.cache.get(teamId)?.record.version;
  }

  private async settingsAtLeast(teamId: string, atLeast?: number): Promise<WorkspaceSettings> {
    const cached = this.cache.get(teamId);
    if (atLeast === undefined || !cached || cached.record.version >= atLeast)
      return this.settings(teamId);
    // A check under way may bring that version already; else one read, begun now.
    const pending = await this.loading.get(teamId)?.read.catch(() => undefined);
    if (pending && pending.version >= atLeast) return pending.settings;
    return (await this.stored(teamId)).settings;
  }

  /**
   * Creates the team's settings with `locale` for its language when the desk keeps none yet (a
   * new workspace: the installing person's browser language); an existing workspace's are left
   * as they are (a re-install keeps its language).
   */
  async seedLocale(teamId: string, locale: Locale): Promise<void> {
    this.remember(
      await this.repo.findOrCreate(
        teamId,
        defaultSettings({ ...this.seed, locale }),
        this.clock.now(),
      ),
    );
  }

  /** Whether the desk keeps settings for the team already (cached, else one read); creates none. */
  async known(teamId: string): Promise<boolean> {
    return this.cache.has(teamId) || this.repo.exists(teamId);
  }

  async teamIds(): Promise<string[]> {
    return this.repo.teamIds();
  }

  /** The teams whose one-off `migration` is not done yet (one read). */
  async unmigrated(migration: Migration): Promise<string[]> {
    return this.repo.unmigrated(migration);
  }

  /**
   * When the team's one-off `migration` was done (wall clock); undefined while it is not. One
   * read until it is found done, none after (a stamp is never taken back).
   */
  async migratedAt(teamId: string, migration: Migration): Promise<Date | undefined> {
    const key = `${teamId} ${migration}`;
    const known = this.migrated.get(key);
    if (known) return known;
    const at = await this.repo.migratedAt(teamId, migration);
    if (at) this.migrated.set(key, at);
    return at;
  }

  /** Stamps the team's one-off `migration` done (now, wall clock), unless it is already. */
  async stampMigrated(teamId: string, migration: Migration): Promise<void> {
    await this.repo.stampMigrated(teamId, migration, new Date());
  }

  /**
   * Runs the team's one-off `migration`, not done yet, if this instance takes it for
   * MIGRATION_LEASE_MS (wall clock), so that of several instances (start-ups, the minute job) one
   * does it at a time: `pass` once, the migration stamped done when the pass read every record
   * (`complete`), given back otherwise (a pass that did not end or failed: the next instance to
   * try takes it at once). A hold its instance died in ends after the lease. The pass starts
   * after `resume.after`, the last record an earlier pass read (none: from the first), and tells
   * `resume.progress` the last record it read after each batch: kept for the next pass, and the
   * hold renewed for MIGRATION_LEASE_MS from then, so a pass longer than that keeps it; false when
   * it lost the hold meanwhile (another instance took it once it ran out): the pass stops there.
   * Kept with it: when the first pass began (`resume.since`, this one's start when it is the
   * first), for the look-back at records saved behind it since.
   * The pass's result, or undefined when the migration is done or another instance holds it.
   */
  async runMigration<T extends { complete: boolean }>(
    teamId: string,
    migration: Migration,
    pass: (resume: MigrationResume) => Promise<T>,
  ): Promise<T | undefined> {
    const now = new Date();
    let until = new Date(now.getTime() + MIGRATION_LEASE_MS);
    const claimed = await this.repo.claimMigration(teamId, migration, now, until);
    if (!claimed) return undefined;
    const since = claimed.since ?? now;
    let complete = false;
    try {
      const result = await pass({
        ...claimed,
        progress: async (after) => {
          const next = new Date(Date.now() + MIGRATION_LEASE_MS);
          if (
            !(await this.repo.progressMigration(teamId, migration, until, next, { after, since }))
          )
            return false;
          until = next;
          return true;
        },
      });
      if (result.complete) {
        await this.stampMigrated(teamId, migration);
        complete = true;
      }
      return result;
    } finally {
      if (!complete)
        await this.repo.releaseMigration(teamId, migration, until).catch(() => undefined);
    }
  }

  /** Whether the minute job's look-back for the team's `migration` ended here for now (no read). */
  lookBackEnded(teamId: string, migration: Migration): boolean {
    return Date.now() < (this.lookBacksEnded.get(`${teamId} ${migration}`) ?? 0);
  }

  /**
   * The minute job's look-back for the team's `migration` has ended (a day past the stamp and
   * the last record it found): not read for again in this process until `until` (wall clock ms:
   * its daily look-back).
   */
  endLookBack(teamId: string, migration: Migration, until: number): void {
    this.lookBacksEnded.set(`${teamId} ${migration}`, until);
  }

  /** Where the minute job's look-back for the team's `migration` got to (one read). */
  async lookBackOf(teamId: string, migration: Migration): Promise<MigrationLookBack | undefined> {
    return this.repo.lookBackOf(teamId, migration);
  }

  /** Moves it from `was` to `next`, only if still `was`: see `WorkspaceRepository.moveLookBack`. */
  async moveLookBack(
    teamId: string,
    migration: Migration,
    was: MigrationLookBack | undefined,
    next: MigrationLookBack | undefined,
  ): Promise<boolean> {
    return this.repo.moveLookBack(teamId, migration, was, next);
  }

  /** The teams owing a roles save's stand-in moves due by `now` (ms): see `standInsOwed`. */
  async owingStandIns(now: number, limit: number): Promise<string[]> {
    return this.repo.owingStandIns(now, limit);
  }

  /** The teams owing the admins a cleared channel's DM since `before` (ms): see `clearsUntold`. */
  async owingClearNotices(before: number, limit: number): Promise<string[]> {
    return this.repo.owingClearNotices(before, limit);
  }

  /** The team's workspace as stored now (one read; the cache takes it). */
  async stored(teamId: string): Promise<WorkspaceRecord> {
    return this.reload(teamId, this.cache.get(teamId)?.record);
  }

  async workspace(teamId: string): Promise<WorkspaceRecord> {
    const cached = this.cache.get(teamId);
    const age = this.clock.now().getTime() - (cached?.checkedAt ?? 0);
    if (cached && age >= 0 && age < this.freshMs) {
      // Past half its freshness the copy is checked again meanwhile: under steady traffic no
      // request waits for the check (every request in flight did, each SETTINGS_FRESH_MS), and
      // none is ever served a copy older than that. A failed check is left to the request that
      // finds the copy stale, which reads it itself and reports what failed.
      if (age >= this.freshMs / 2) this.reload(teamId, cached.record).catch(() => undefined);
      return cached.record;
    }
    // A copy gone stale joins no read begun before it went stale (one begun by an earlier check,
    // under load still under way): that read could return what another instance changed since.
    const staleSince = cached && age >= this.freshMs ? cached.checkedAt + this.freshMs : undefined;
    return this.reload(teamId, cached?.record, staleSince);
  }

  /**
   * Reads the team's settings (or checks the version of `known`), one read at a time: a read
   * under way is shared, unless it began before `notBefore` (clock ms), when a new one begins.
   */
  private reload(
    teamId: string,
    known: WorkspaceRecord | undefined,
    notBefore?: number,
  ): Promise<WorkspaceRecord> {
    const pending = this.loading.get(teamId);
    if (pending && (notBefore === undefined || pending.since >= notBefore)) return pending.read;
    const since = this.clock.now().getTime();
    const read: Promise<WorkspaceRecord> = this.load(teamId, known).finally(() => {
      if (this.loading.get(teamId)?.read === read) this.loading.delete(teamId);
    });
    this.loading.set(teamId, { read, since });
    return read;
  }

  private async load(teamId: string, known: WorkspaceRecord | undefined) {
    const generation = this.generation;
    // Its age counts from before the read: a slow read does not make an old copy look fresh.
    const readAt = this.clock.now().getTime();
    const newer = known ? await this.repo.findNewer(teamId, known) : null;
    const record =
      newer?.record ??
      (await this.repo.findOrCreate(teamId, defaultSettings(this.seed), this.clock.now()));
    return generation === this.generation ? this.remember(record, readAt) : record;
  }

  /**
   * Caches what was read, unless the cache holds a later version of the same document already
   * (a read that started before a change made here must not undo it). A document created since
   * (the workspace erased on uninstall, then used again) counts its versions from 0 again: what
   * is read of it replaces the old one's copy. Returns the copy now cached.
   */
  private remember(record: WorkspaceRecord, readAt = this.clock.now().getTime()): WorkspaceRecord {
    const cached = this.cache.get(record.teamId)?.record;
    const sameDocument = cached?.createdAt?.getTime() === record.createdAt?.getTime();
    const kept = cached && sameDocument && cached.version > record.version ? cached : record;
    this.cache.set(record.teamId, { record: kept, checkedAt: readAt });
    return kept;
  }

  /**
   * Changes a team's settings: `change` gets the current settings and returns the new ones.
   * The write applies only to the version read; if another instance changed them meanwhile,
   * the change is worked out again on theirs.
   */
  async update(
    teamId: string,
    change: (current: WorkspaceSettings) => WorkspaceSettings,
  ): Promise<WorkspaceSettings> {
    return (await this.change(teamId, change)).after.settings;
  }

  /**
   * `update` with both sides of the change: the record it applied to and the one it wrote.
   * `change` may return null for "nothing to change": nothing is written (both are the same).
   * `entry`, asked after `change` returned settings to write: the change's history entry, stored
   * with them as the record's `lastChange` (the caller writes it to the history next).
   */
  async change(
    teamId: string,
    change: (current: WorkspaceSettings) => WorkspaceSettings | null,
    entry?: () => ChangeEntry,
  ): Promise<{ before: WorkspaceRecord; after: WorkspaceRecord }> {
    let current = await this.repo.findOrCreate(
      teamId,
      defaultSettings(this.seed),
      this.clock.now(),
    );
    for (let attempt = 0; attempt < 5; attempt++) {
      const next = change(structuredClone(current.settings));
      if (!next) return { before: current, after: this.remember(current) };
      const updated = await this.repo.replaceIfVersion(
        teamId,
        current.version,
        settingsSchema.parse(next),
        entry?.(),
      );
      if (updated) return { before: current, after: this.remember(updated) };
      current = await this.repo.findOrCreate(teamId, defaultSettings(this.seed), this.clock.now());
    }
    throw new AppError('INTERNAL', 'error.internal');
  }

  /**
   * The `.env` seeds that differ from what the stored workspaces hold (seeds apply to a new
   * workspace only; afterwards the settings are edited in Slack), with the teams concerned.
   * `localeSeeded`: a new workspace's language came from its installer's browser (OAuth install,
   * DEFAULT_LOCALE unset: `seedLocale`), not from DEFAULT_LOCALE, which then names no drift.
   */
  async seedDrift({ localeSeeded = false }: { localeSeeded?: boolean } = {}): Promise<{
    keys: string[];
    teams: string[];
  }> {
    const keys = new Set<string>();
    const teams = new Set<string>();
    const channelKeys = {
      triage: 'TRIAGE_CHANNEL_ID',
      escalation: 'ESCALATION_CHANNEL_ID',
      alerts: 'ALERTS_CHANNEL_ID',
      digest: 'DIGEST_CHANNEL_ID',
    } as const;
    for (const { teamId, settings } of await this.repo.all()) {
      const differs: string[] = [];
      if (!localeSeeded && settings.locale !== this.seed.locale) differs.push('DEFAULT_LOCALE');
      if (settings.timeZone !== this.seed.timeZone) differs.push('DEFAULT_TIME_ZONE');
      const sameAdmins =
        this.seed.admins.length === settings.admins.length &&
        this.seed.admins.every((id) => settings.admins.includes(id));
      if (this.seed.admins.length && !sameAdmins) differs.push('ADMIN_USER_IDS');
      for (const [name, key] of Object.entries(channelKeys)) {
        const seeded = this.seed.channels[name as keyof typeof channelKeys];
        if (seeded && seeded !== settings.channels[name as keyof typeof channelKeys])
          differs.push(key);
      }
      differs.forEach((k) => keys.add(k));
      if (differs.length) teams.add(teamId);
    }
    return { keys: [...keys], teams: [...teams] };
  }

  /** Drops every cached copy and every read under way (after the database was emptied). */
  forget(): void {
    this.generation++;
    this.cache.clear();
    this.loading.clear();
    this.migrated.clear();
    this.lookBacksEnded.clear();
  }
}
