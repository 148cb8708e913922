import type { ToolConfig } from '../config.js';
import type { Locale } from '../i18n/index.js';
import { WorkspaceRepository, type WorkspaceRecord } from './repository.js';
import { defaultSettings, type SettingsSeed, type WorkspaceSettings } from './settings.js';

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

/** The one way the app reads a workspace's settings. */
export class WorkspaceService {
  /** The last locale read per team, so error messages can be localised with the DB down. */
  private readonly knownLocales = new Map<string, Locale>();

  constructor(
    private readonly repo: WorkspaceRepository,
    private readonly seed: SettingsSeed,
  ) {}

  /** The team's language as last read, else the configured default; never touches the DB. */
  localeFor(teamId: string): Locale {
    return this.knownLocales.get(teamId) ?? this.seed.locale;
  }

  /** The team's settings; a team seen for the first time gets the defaults. */
  async settings(teamId: string): Promise<WorkspaceSettings> {
    return (await this.workspace(teamId)).settings;
  }

  async teamIds(): Promise<string[]> {
    return this.repo.teamIds();
  }

  async workspace(teamId: string): Promise<WorkspaceRecord> {
    const record = await this.repo.findOrCreate(teamId, defaultSettings(this.seed));
    this.knownLocales.set(teamId, record.settings.locale);
    return record;
  }
}
