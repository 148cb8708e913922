/**
 * An installation of the app: per workspace (team), or per Enterprise Grid org for an org-wide
 * install (`isEnterpriseInstall`, keyed by the enterprise id and serving every workspace of the
 * org it was granted to). Written by Slack's OAuth flow, stopped (never erased here) when the app
 * is uninstalled or its tokens revoked.
 */

export const INSTALLATION_STATES = ['active', 'uninstalled', 'revoked'] as const;
export type InstallationState = (typeof INSTALLATION_STATES)[number];

/** What an install writes (the token still in plain text: the service seals it). */
export interface NewInstallation {
  teamId?: string;
  teamName?: string;
  enterpriseId?: string;
  enterpriseName?: string;
  isEnterpriseInstall: boolean;
  appId?: string;
  botToken: string;
  botRefreshToken?: string;
  /** Unix seconds, with token rotation. */
  botTokenExpiresAt?: number;
  botUserId: string;
  botId: string;
  scopes: string[];
  /** Who installed (or last reinstalled) the app. */
  installerUserId?: string;
}

/** An installation as stored: what the install wrote, its tokens sealed, and its state. */
export interface InstallationRecord extends NewInstallation {
  /** The team id of a workspace install, the enterprise id of an org-wide one. */
  key: string;
  /** The bot token, sealed (src/install/crypto.ts): never the plaintext. */
  botToken: string;
  /** Sealed too, when Slack's token rotation is on. */
  botRefreshToken?: string;
  /**
   * Token rotation: the instance refreshing the token now (a random id) and until when it may:
   * one refresh at a time across instances (Slack's refresh token is used once).
   */
  refreshClaim?: string;
  refreshClaimUntil?: Date;
  state: InstallationState;
  /** When it stopped being served, and why (`app_uninstalled`, `tokens_revoked`). */
  stoppedAt?: Date;
  stoppedBy?: string;
  /** Workspaces of an org-wide install seen in requests: the jobs and the outbox serve these. */
  teams: string[];
  /**
   * When each of `teams` was (last) added (its first request served by the org install since
   * it was added or re-added): a `team_access_revoked` Slack sent before then is late and ignored.
   * Workspaces listed before this was kept have none until their next event to the org install
   * (the time Slack sent it: `orgTeamSeen`). Times on Slack's clock (the wall clock), as the
   * removal's is: a desk whose clock runs ahead (CARE_DESK_CLOCK_OFFSET_MS) writes its own time
   * with the offset taken off.
   */
  teamsAddedAt?: Record<string, Date>;
  /**
   * An org-wide install: when it first served the org's own desk (a request naming the org but
   * no workspace, kept under the enterprise id), its installer made that desk's first admin then.
   * Cleared by a reinstall.
   */
  orgLevelSeenAt?: Date;
  installedAt: Date;
  /** On the desk's clock: when it was last installed, stopped. */
  updatedAt: Date;
  /**
   * When it was last installed, on Slack's clock (the wall clock: the desk's without
   * CARE_DESK_CLOCK_OFFSET_MS): an uninstall or revoke Slack sent before then is late and leaves
   * it active. Missing on an install saved before this was kept: its `updatedAt` is read.
   */
  savedAt?: Date;
}

/** What serves a workspace: its own install, or its org's org-wide install. */
export interface Serving {
  record: InstallationRecord;
  /** The bot token, opened. */
  botToken: string;
  botRefreshToken?: string;
}
