import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock.js';
import { TokenDecryptError, type TokenCipher } from './crypto.js';
import type { InstallationRepository } from './repository.js';
import type { InstallationRecord, InstallationState, NewInstallation, Serving } from './types.js';

/** How long an instance trusts an install it read before it reads it again (5 s, as settings). */
export const INSTALL_FRESH_MS = 5_000;

export type InstallMode = 'single' | 'oauth';

/** What stopping an install did: which workspaces stopped being served. */
export interface Stopped {
  key: string;
  state: Exclude<InstallationState, 'active'>;
  /** The workspace, or every workspace an org-wide install served. */
  teams: string[];
  /**
   * False when it was stopped already: a tokens_revoked after app_uninstalled, a second of either.
   * True for an app_uninstalled that moves a `revoked` install to `uninstalled`.
   */
  changed: boolean;
  /**
   * True when the install was saved again (a reinstall) after what stops it was sent: it goes on
   * being served (nothing changed, no workspace listed).
   */
  newer?: boolean;
  /**
   * Workspaces a removal from an org-wide install named that were added again after it was sent
   * (a late delivery or a retry of `team_access_revoked`): still served.
   */
  readded?: string[];
}

/**
 * An active install whose stored token no key in CARE_DESK_TOKEN_KEYS opens (a key rotation that
 * dropped the key it was sealed with): its workspaces are not served. Names the install's key
 * (a team or enterprise id) and why, never the token.
 */
export class UnreadableInstallError extends Error {
  readonly code = 'INSTALL_TOKEN_UNREADABLE';
  constructor(
    readonly key: string,
    readonly reason: string,
  ) {
    super(`the stored token of install ${key} cannot be opened: ${reason}`);
    this.name = 'UnreadableInstallError';
  }
}

/**
 * Token rotation: a bot token expiring within this (seconds) is refreshed before it is used
 * (Slack's rotating tokens last 12 hours; Bolt's own window is the same 2 hours).
 */
export const REFRESH_MARGIN_S = 2 * 3600;
/** How long an instance may take to refresh a token before another may try (ms). */
export const REFRESH_CLAIM_MS = 60_000;
/**
 * After a refresh Slack did not answer (a timeout, a 5xx, a wrong client secret), how long the
 * stored token, while it still works, is used without asking again (ms): not one OAuth call and
 * one warning per use.
 */
export const REFRESH_RETRY_MS = 60_000;

/** What Slack's `oauth.v2.access` (grant_type=refresh_token) gave. */
export interface RefreshedToken {
  botToken: string;
  botRefreshToken: string;
  /** Seconds the new token lasts. */
  expiresInS: number;
}

/**
 * Slack refused an install's refresh token (`invalid_refresh_token`): its tokens are dead, as a
 * revoked token is.
 */
export class RefreshRefusedError extends Error {
  constructor(readonly slackError: string) {
    super(`Slack refused the refresh token: ${slackError}`);
    this.name = 'RefreshRefusedError';
  }
}

/** What a refresh did (told to the app, which logs it; never a token). */
export type RefreshOutcome =
  | { key: string; outcome: 'refreshed'; expiresAt: number }
  | { key: string; outcome: 'failed'; err: unknown }
  | { key: string; outcome: 'refused'; error: string; stopped: Stopped | undefined };

export interface TokenRotation {
  /** Asks Slack for a new token with the refresh token; rejects with RefreshRefusedError. */
  refresh(refreshToken: string): Promise<RefreshedToken>;
  told?(outcome: RefreshOutcome): void;
}

interface Cached {
  serving: Serving;
  at: number;
}

/**
 * Which workspaces the desk serves and with which token. In single-token mode (SLACK_BOT_TOKEN)
 * every workspace the desk knows is served with that one token, as before. In OAuth mode a
 * workspace is served while it has an active install of its own, or its org has an active
 * org-wide one; its bot token is kept sealed (AES-256-GCM) and opened only here.
 */
export class InstallationService {
  private readonly cache = new Map<string, Cached>();
  private readonly listeners: ((stopped: Stopped) => void)[] = [];
  private readonly unreadableListeners: ((error: UnreadableInstallError) => void)[] = [];
  /** The sealed tokens found unreadable already, so that each is told once. */
  private readonly toldUnreadable = new Set<string>();
  private readonly joinedListeners: ((teamId: string, org: InstallationRecord) => Promise<void>)[] =
    [];
  private rotation: TokenRotation | undefined;
  /** The refreshes under way here, per install key: one at a time. */
  private readonly refreshing = new Map<string, Promise<InstallationRecord | undefined>>();
  /** Per install key: until when a refresh that failed is not asked again (ms). */
  private readonly refreshFailedUntil = new Map<string, number>();

  constructor(
    private readonly repo: InstallationRepository,
    private readonly clock: Clock,
    private readonly cipher: TokenCipher | undefined,
    /** A stopped workspace's undelivered messages are dropped, never sent. */
    private readonly outbox: { dropPending(teamId: string, reason: string): Promise<number> },
    private readonly freshMs = INSTALL_FRESH_MS,
    /**
     * Slack's clock (the wall clock): the desk's `clock` without CARE_DESK_CLOCK_OFFSET_MS. The
     * times compared with the time Slack sent an uninstall or a removal are taken on it.
     */
    private readonly slackClock: Clock = clock,
  ) {}

  get mode(): InstallMode {
    return this.cipher ? 'oauth' : 'single';
  }

  private sealer(): TokenCipher {
    if (!this.cipher) throw new Error('installations need CARE_DESK_TOKEN_KEYS (OAuth mode)');
    return this.cipher;
  }

  /** Told of every install stopped here (the clients of its workspaces are forgotten). */
  onStopped(listener: (stopped: Stopped) => void): void {
    this.listeners.push(listener);
  }

  /**
   * Told once per stored token that no key opens (the first time it is needed): the requests and
   * jobs of its workspaces then fail with the same UnreadableInstallError, each time.
   */
  onUnreadable(listener: (error: UnreadableInstallError) => void): void {
    this.unreadableListeners.push(listener);
  }

  /**
   * Told of each workspace an org-wide install starts serving (its first request), and of the
   * org's own desk (the enterprise id) at its first request, before the request is served: the
   * org's installer may run its desk.
   */
  onOrgWorkspace(listener: (teamId: string, org: InstallationRecord) => Promise<void>): void {
    this.joinedListeners.push(listener);
  }

  /**
   * Token rotation: a token that expires within REFRESH_MARGIN_S is refreshed with `rotation`
   * before the desk uses it (requests, jobs and the outbox alike). Without it (the CLI), tokens
   * are used as stored.
   */
  rotateWith(rotation: TokenRotation): void {
    this.rotation = rotation;
  }

  /**
   * An install from Slack's OAuth flow: written (or rewritten) with its token sealed. With token
   * rotation, `botTokenExpiresInS` (seconds from now) is stored as the time it expires on the
   * desk's clock, the clock that decides when it is refreshed.
   */
  async save(
    input: NewInstallation & { botTokenExpiresInS?: number },
  ): Promise<InstallationRecord> {
    const { botTokenExpiresInS, ...fields } = input;
    const key = input.isEnterpriseInstall ? input.enterpriseId : input.teamId;
    if (!key) throw new Error('an install names its team (or its enterprise, org-wide)');
    const cipher = this.sealer();
    const record = await this.repo.upsert(
      key,
      {
        ...fields,
        ...(botTokenExpiresInS !== undefined && input.botRefreshToken
          ? { botTokenExpiresAt: this.nowS() + botTokenExpiresInS }
          : {}),
        botToken: cipher.seal(input.botToken, key),
        ...(input.botRefreshToken
          ? { botRefreshToken: cipher.seal(input.botRefreshToken, key) }
          : {}),
      },
      this.clock.now(),
      this.slackClock.now(),
    );
    this.forgetKey(key, record.teams);
    return record;
  }

  /**
   * The install serving a request from `teamId` (of org `enterpriseId`): the workspace's own,
   * else its org's org-wide install (the workspace is then noted as one the org install
   * serves). Undefined when none is active: the request is not authorized.
   */
  async serving(
    teamId: string | undefined,
    enterpriseId: string | undefined,
    orgWide = false,
  ): Promise<Serving | undefined> {
    const cacheKey = orgWide || !teamId ? `org:${enterpriseId}:${teamId ?? ''}` : teamId;
    const cached = this.fresh(cacheKey);
    if (cached) return cached;
    let record = !orgWide && teamId ? await this.repo.byKey(teamId) : undefined;
    if (record?.state !== 'active' && enterpriseId) {
      const org = await this.repo.byKey(enterpriseId);
      if (org?.isEnterpriseInstall && org.state === 'active') {
        record = org;
        if (teamId && !org.teams.includes(teamId)) {
          await this.repo.addOrgTeam(enterpriseId, teamId, this.slackClock.now());
          record = { ...org, teams: [...org.teams, teamId] };
          for (const listener of this.joinedListeners) await listener(teamId, record);
        } else if (
          !teamId &&
          !org.orgLevelSeenAt &&
          (await this.repo.orgLevelSeen(enterpriseId, this.clock.now()))
        ) {
          // The org's own desk (a request naming the org but no workspace, kept under the
          // enterprise id), first served by this install: its installer is its first admin, as
          // in each workspace of the org. Once per install (one conditional write, whichever
          // instance serves it first); a reinstall asks again.
          for (const listener of this.joinedListeners) await listener(enterpriseId, record);
        }
      }
    }
    return this.remember(cacheKey, await this.current(record));
  }

  /**
   * Whether requests from workspace `teamId` of org `enterpriseId` are served by the org's
   * org-wide install (the workspace has no active install of its own, and the org install lists
   * it).
   */
  async orgWide(enterpriseId: string, teamId: string): Promise<boolean> {
    if (this.mode === 'single') return false;
    const record = (await this.forTeam(teamId))?.record;
    return record?.isEnterpriseInstall === true && record.key === enterpriseId;
  }

  /**
   * Whether `teamId` is a workspace of org `enterpriseId` as the installs say: the org's
   * org-wide install lists it, or its own install is of that org. (A workspace of the org no
   * install reaches is not known to be of it.)
   */
  async inOrg(enterpriseId: string, teamId: string): Promise<boolean> {
    if (this.mode === 'single') return false;
    return (await this.forTeam(teamId))?.record.enterpriseId === enterpriseId;
  }

  /**
   * The org of the install serving `teamId` (its own install's, else its org-wide install's; an
   * org-wide install's own id names it): undefined when that install is of no org, or none
   * serves it. Single-token mode knows no installs (the token's own org is asked of Slack).
   */
  async enterpriseOf(teamId: string): Promise<string | undefined> {
    if (this.mode === 'single') return undefined;
    return (await this.forTeam(teamId))?.record.enterpriseId;
  }

  /**
   * Whether any install, active or stopped, has been the app's in workspace `teamId`: its own,
   * an org-wide one that served it, or one of its org `enterpriseId`. A workspace none ever
   * was is another organisation's as far as the desk knows (a Slack Connect customer's own).
   */
  async everInstalled(teamId: string | undefined, enterpriseId?: string): Promise<boolean> {
    if (teamId && ((await this.repo.byKey(teamId)) || (await this.repo.byOrgTeam(teamId))))
      return true;
    return !!enterpriseId && !!(await this.repo.byKey(enterpriseId));
  }

  /** The install serving a workspace, for the outbox and the jobs (no request to go by). */
  async forTeam(teamId: string): Promise<Serving | undefined> {
    const cached = this.fresh(teamId);
    if (cached) return cached;
    let record = await this.repo.byKey(teamId);
    if (record?.state !== 'active') record = await this.repo.byOrgTeam(teamId);
    return this.remember(teamId, await this.current(record));
  }

  private nowS(): number {
    return Math.floor(this.clock.now().getTime() / 1000);
  }

  /** Whether the install's token is one Slack rotates and expires within REFRESH_MARGIN_S. */
  private expiring(record: InstallationRecord): boolean {
    return (
      record.state === 'active' &&
      !!record.botRefreshToken &&
      typeof record.botTokenExpiresAt === 'number' &&
      record.botTokenExpiresAt - this.nowS() <= REFRESH_MARGIN_S
    );
  }

  /**
   * The install with a token fit to use: refreshed first when it expires soon (one refresh at a
   * time per install here; across instances, the one that claims it). Undefined when Slack
   * refused the refresh token (the install is stopped as revoked).
   */
  private async current(
    record: InstallationRecord | undefined,
  ): Promise<InstallationRecord | undefined> {
    if (!record || !this.rotation || !this.expiring(record)) return record;
    // A refresh failed a moment ago: the stored token serves while it works.
    const failedUntil = this.refreshFailedUntil.get(record.key) ?? 0;
    if (this.clock.now().getTime() < failedUntil && record.botTokenExpiresAt! > this.nowS())
      return record;
    let flight = this.refreshing.get(record.key);
    if (!flight) {
      flight = this.refresh(record, this.rotation).finally(() =>
        this.refreshing.delete(record.key),
      );
      this.refreshing.set(record.key, flight);
    }
    return flight;
  }

  /**
   * Refreshes an install's token with Slack (`oauth.v2.access`, grant_type=refresh_token) and
   * stores the new one sealed, in one conditional write. Slack uses a refresh token once, so
   * only the instance that claims the install (one conditional update) asks; another finds the
   * claim taken and uses what is stored (the old token, which works until it expires, or the new
   * one once written). A refresh Slack refuses stops the install as revoked, as a revoked token
   * does (unless it was installed again meanwhile); any other failure leaves the token as it is
   * (asked again at its next use) and is told.
   */
  private async refresh(
    read: InstallationRecord,
    rotation: TokenRotation,
  ): Promise<InstallationRecord | undefined> {
    const cipher = this.sealer();
    const key = read.key;
    let refreshToken: string;
    try {
      refreshToken = cipher.open(read.botRefreshToken!, key);
    } catch (err) {
      if (!(err instanceof TokenDecryptError)) throw err;
      return read; // said (once) when its token is opened
    }
    const now = this.clock.now();
    const claim = randomUUID();
    const claimed = await this.repo.claimRefresh(
      key,
      read.botRefreshToken!,
      claim,
      now,
      new Date(now.getTime() + REFRESH_CLAIM_MS),
    );
    // Another instance refreshes it, or has: what is stored now serves.
    if (!claimed) return this.repo.byKey(key);
    let answer: RefreshedToken;
    try {
      answer = await rotation.refresh(refreshToken);
    } catch (err) {
      await this.repo.releaseRefresh(key, claim);
      if (!(err instanceof RefreshRefusedError)) {
        this.refreshFailedUntil.set(key, this.clock.now().getTime() + REFRESH_RETRY_MS);
        rotation.told?.({ key, outcome: 'failed', err });
        return read;
      }
      const changed = await this.repo.stopHolding(
        key,
        read.botToken,
        'revoked',
        `slack:${err.slackError}`,
        this.clock.now(),
      );
      const stopped = changed ? await this.stopped(read, 'revoked', true) : undefined;
      rotation.told?.({ key, outcome: 'refused', error: err.slackError, stopped });
      // Stopped, or installed again meanwhile (its new token then serves).
      return this.repo.byKey(key);
    }
    const next = {
      botToken: cipher.seal(answer.botToken, key),
      botRefreshToken: cipher.seal(answer.botRefreshToken, key),
      botTokenExpiresAt: Math.floor(now.getTime() / 1000) + answer.expiresInS,
    };
    if (!(await this.repo.refreshed(key, claim, next)))
      // Installed again meanwhile (that install's token serves), or stopped (nothing does).
      return this.repo.byKey(key);
    this.forgetKey(key, read.teams);
    this.refreshFailedUntil.delete(key);
    rotation.told?.({ key, outcome: 'refreshed', expiresAt: next.botTokenExpiresAt });
    const { refreshClaim: _c, refreshClaimUntil: _u, ...rest } = read;
    return { ...rest, ...next };
  }

  /** Of these workspaces, those the desk serves now (every one in single-token mode). */
  async servedTeams(teamIds: string[]): Promise<string[]> {
    if (this.mode === 'single') return teamIds;
    const served = new Set<string>();
    for (const record of await this.repo.active()) {
      // A token no key opens serves nothing: its jobs wait (their slots caught up once the key
      // is put back or the app installed again), rather than write what could never be sent.
      if (!this.opens(record)) continue;
      if (record.isEnterpriseInstall) {
        record.teams.forEach((t) => served.add(t));
        // The org's own desk (kept under the enterprise id): served by it as its workspaces are.
        served.add(record.key);
      } else if (record.teamId) served.add(record.teamId);
    }
    return teamIds.filter((t) => served.has(t));
  }

  /**
   * Stops serving an install (app uninstalled, tokens revoked): kept, marked, its workspaces
   * no longer served. Idempotent; a later install serves them again. An uninstall also moves a
   * `revoked` install to `uninstalled` (`changed`): Slack sends app_uninstalled and
   * tokens_revoked for one uninstall in either order. Given `sentBefore` (Slack
   * sent the event before then), an install saved at or after it is a reinstall newer than the
   * event (a late delivery or a retry of it): it is not stopped (`newer`).
   */
  async stop(
    key: string,
    state: Exclude<InstallationState, 'active'>,
    by: string,
    sentBefore?: Date,
  ): Promise<Stopped | undefined> {
    const record = await this.repo.byKey(key);
    if (!record) return undefined;
    const changed = await this.repo.stop(key, state, by, this.clock.now(), sentBefore);
    if (!changed && sentBefore && (await this.repo.byKey(key))?.state === 'active')
      return { key, state, teams: [], changed: false, newer: true };
    return this.stopped(record, state, changed);
  }

  /**
   * The installs a `tokens_revoked` delivered for workspace `teamId` of org `enterpriseId`
   * stops: of the workspace's own install and the org's org-wide install (in any state), those
   * whose bot user is among `botUserIds`, the bots Slack says it revoked (it names bot users, not
   * tokens). A workspace of an org may be served by both, two bots, and the delivery may be
   * authorized by either: its context says which bot received it, not which was revoked. Their
   * keys; empty when no install stored here has one of these bots.
   */
  async revokedBots(
    teamId: string | undefined,
    enterpriseId: string | undefined,
    botUserIds: readonly string[],
  ): Promise<string[]> {
    const keys: string[] = [];
    for (const [key, orgWide] of [
      [teamId, false],
      [enterpriseId, true],
    ] as const) {
      if (!key) continue;
      const record = await this.repo.byKey(key);
      if (record?.isEnterpriseInstall === orgWide && botUserIds.includes(record.botUserId))
        keys.push(key);
    }
    return keys;
  }

  /**
   * Slack refused `token`, the bot token serving `teamId`, as dead for good (`error`: revoked,
   * its app removed, its workspace gone): its install stops as `revoked`, as Slack's
   * tokens_revoked would have stopped it (that event is lost when Slack sent it while the desk
   * was down). Only while the install still holds that token: one installed again meanwhile
   * goes on. Undefined when nothing was stopped here.
   */
  async tokenRefused(teamId: string, token: string, error: string): Promise<Stopped | undefined> {
    if (this.mode !== 'oauth') return undefined;
    let record = await this.repo.byKey(teamId);
    if (record?.state !== 'active') record = await this.repo.byOrgTeam(teamId);
    if (record?.state !== 'active') return undefined;
    let held: string;
    try {
      held = this.sealer().open(record.botToken, record.key);
    } catch {
      return undefined;
    }
    if (held !== token) return undefined;
    const changed = await this.repo.stopHolding(
      record.key,
      record.botToken,
      'revoked',
      `slack:${error}`,
      this.clock.now(),
    );
    return changed ? this.stopped(record, 'revoked', true) : undefined;
  }

  /** What stopping `record` does to its workspaces: no longer served, their messages dropped. */
  private async stopped(
    record: InstallationRecord,
    state: Exclude<InstallationState, 'active'>,
    changed: boolean,
  ): Promise<Stopped> {
    const key = record.key;
    // An org-wide install's workspaces, and the org's own desk (its key, the enterprise id).
    const listed = record.isEnterpriseInstall
      ? [...record.teams, record.key]
      : record.teamId
        ? [record.teamId]
        : [];
    // A workspace another active install still serves (its own, when the org install stops;
    // the org's, when its own stops) is not stopped: nothing dropped, nothing erased.
    const teams = await this.notServedElsewhere(listed, record.isEnterpriseInstall);
    const stopped: Stopped = {
      key,
      state: changed ? state : (record.state as never),
      teams,
      changed,
    };
    this.forgetKey(key, listed);
    for (const listener of this.listeners) listener(stopped);
    for (const teamId of teams) await this.outbox.dropPending(teamId, `workspace ${state}`);
    return stopped;
  }

  /**
   * An org admin added these workspaces (again) to an org-wide install (`team_access_granted`,
   * sent `at`): a removal of theirs sent before then is late and ignored. They are listed on the
   * install once it serves them (their first request), as before.
   */
  async orgTeamsAdded(enterpriseId: string, teamIds: string[], at: Date): Promise<void> {
    await this.repo.orgTeamsAdded(enterpriseId, teamIds, at);
  }

  /**
   * An event Slack sent (`at`, its clock) from a workspace to its org-wide install: the install
   * reached the workspace then. A workspace listed before the time it was added was kept has
   * none, so any removal, however late, would stop it: it gets this time, once (a removal sent
   * before then is late, one sent after stops it). Only a time Slack gave is taken: our clock
   * and Slack's may differ, and the removal's time is Slack's. True when written.
   */
  async orgTeamSeen(enterpriseId: string, teamId: string, at: Date): Promise<boolean> {
    const cached = this.fresh(`org:${enterpriseId}:${teamId}`) ?? this.fresh(teamId);
    const record =
      cached?.record.key === enterpriseId ? cached.record : await this.repo.byKey(enterpriseId);
    if (
      !record?.isEnterpriseInstall ||
      !record.teams.includes(teamId) ||
      record.teamsAddedAt?.[teamId]
    )
      return false;
    const written = await this.repo.orgTeamSeen(enterpriseId, teamId, at);
    // Not looked for again while the install is trusted as read.
    if (cached?.record === record)
      cached.record = {
        ...record,
        teamsAddedAt: { ...record.teamsAddedAt, [teamId]: at },
      };
    return written;
  }

  /**
   * Workspace `teamId` is about to be erased (its `eraseOnUninstall`): an org-wide install that
   * listed it lists it no more. An install keeps its list across an uninstall and a reinstall,
   * and a listed workspace is not new to it: without this, the erased workspace's next request
   * after the org's reinstall would find its settings written anew and nobody seeded as their
   * admin. Unlisted, it is listed again by that request, which seeds the org's installer (and
   * only them) as for any workspace the install starts serving. A late removal sent before then
   * finds it added since, as then.
   */
  async erasing(teamId: string): Promise<void> {
    await this.repo.unlistOrgTeam(teamId);
    for (const cacheKey of this.cache.keys())
      if (cacheKey === teamId || (cacheKey.startsWith('org:') && cacheKey.endsWith(`:${teamId}`)))
        this.cache.delete(cacheKey);
  }

  /**
   * An org-wide install no longer reaches these workspaces of its org (an org admin removed the
   * app there: `team_access_revoked`): they stop being served by it, as an uninstall of theirs
   * (those with an active install of their own go on). Idempotent; undefined without such an
   * install. Given `sentBefore` (Slack sent the removal before then), a workspace added to the
   * org install at or after it (re-added since) goes on being served (`readded`).
   */
  async leaveOrgTeams(
    enterpriseId: string,
    teamIds: string[],
    sentBefore?: Date,
  ): Promise<Stopped | undefined> {
    const record = await this.repo.byKey(enterpriseId);
    if (!record?.isEnterpriseInstall) return undefined;
    const listed = record.teams.filter((t) => teamIds.includes(t));
    const removed = listed.length
      ? await this.repo.removeOrgTeams(enterpriseId, listed, sentBefore)
      : [];
    const readded = listed.filter((t) => !removed.includes(t));
    const teams = await this.notServedElsewhere(removed, true);
    const stopped: Stopped = {
      key: enterpriseId,
      state: 'uninstalled',
      teams,
      changed: removed.length > 0,
      ...(readded.length ? { readded } : {}),
    };
    this.forgetKey(enterpriseId, removed);
    for (const listener of this.listeners) listener(stopped);
    for (const teamId of teams) await this.outbox.dropPending(teamId, 'workspace uninstalled');
    return stopped;
  }

  /**
   * Of the workspaces an install that stops served, those no other active install serves: for
   * an org install, their own; for a workspace's own, its org's (which lists it once it served
   * it).
   */
  private async notServedElsewhere(teamIds: string[], byOrg: boolean): Promise<string[]> {
    const other = await Promise.all(
      teamIds.map((t) => (byOrg ? this.repo.byKey(t) : this.repo.byOrgTeam(t))),
    );
    return teamIds.filter((_, i) => other[i]?.state !== 'active');
  }

  /** Every install as stored (tokens sealed): for operators and the start-up checks. */
  all(): Promise<InstallationRecord[]> {
    return this.repo.all();
  }

  /**
   * Seals again every token sealed with a key other than the first of CARE_DESK_TOKEN_KEYS (the
   * second half of a rotation); returns how many. A token no key opens is left and counted apart.
   * Each is written only if its install is still as read: one reinstalled meanwhile (by another
   * instance) keeps its new token, read again and sealed again if it needs it; one that changed
   * again in between is left (`skipped`) for the next start-up.
   */
  async reseal(): Promise<{ resealed: number; unreadable: string[]; skipped: string[] }> {
    const cipher = this.sealer();
    const done = { resealed: 0, unreadable: [] as string[], skipped: [] as string[] };
    for (const read of await this.repo.all()) {
      if (!cipher.needsResealing(read.botToken)) continue;
      const outcome = await this.resealOne(cipher, read);
      if (outcome === 'resealed') done.resealed += 1;
      else if (outcome !== 'current') done[outcome].push(read.key);
    }
    this.cache.clear();
    return done;
  }

  /** One install's tokens sealed again, if it is still as read (else read again, once). */
  private async resealOne(
    cipher: TokenCipher,
    read: InstallationRecord,
  ): Promise<'resealed' | 'current' | 'unreadable' | 'skipped'> {
    let record: InstallationRecord | undefined = read;
    for (let attempt = 0; attempt < 2; attempt++) {
      if (!record || !cipher.needsResealing(record.botToken)) return 'current';
      let next: { botToken: string; botRefreshToken?: string };
      try {
        next = {
          botToken: cipher.seal(cipher.open(record.botToken, record.key), record.key),
          ...(record.botRefreshToken
            ? {
                botRefreshToken: cipher.seal(
                  cipher.open(record.botRefreshToken, record.key),
                  record.key,
                ),
              }
            : {}),
        };
      } catch {
        return 'unreadable';
      }
      if (await this.repo.reseal(record.key, record, next)) return 'resealed';
      // Written meanwhile (a reinstall on another instance): its token is kept; read it again.
      record = await this.repo.byKey(read.key);
    }
    return 'skipped';
  }

  /** Whether a key of CARE_DESK_TOKEN_KEYS opens the install's token (else it is told, once). */
  private opens(record: InstallationRecord): boolean {
    try {
      this.sealer().open(record.botToken, record.key);
      return true;
    } catch (err) {
      if (!(err instanceof TokenDecryptError)) throw err;
      this.unreadable(record, err);
      return false;
    }
  }

  private unreadable(record: InstallationRecord, err: TokenDecryptError): UnreadableInstallError {
    const unreadable = new UnreadableInstallError(record.key, err.message);
    const told = `${record.key}:${record.botToken}`;
    if (!this.toldUnreadable.has(told)) {
      this.toldUnreadable.add(told);
      for (const listener of this.unreadableListeners) listener(unreadable);
    }
    return unreadable;
  }

  private fresh(cacheKey: string): Serving | undefined {
    const cached = this.cache.get(cacheKey);
    if (!cached) return undefined;
    const age = this.clock.now().getTime() - cached.at;
    if (age >= 0 && age < this.freshMs) return cached.serving;
    this.cache.delete(cacheKey);
    return undefined;
  }

  private remember(cacheKey: string, record: InstallationRecord | undefined) {
    if (!record || record.state !== 'active') return undefined;
    const cipher = this.sealer();
    let serving: Serving;
    try {
      serving = {
        record,
        botToken: cipher.open(record.botToken, record.key),
        ...(record.botRefreshToken
          ? { botRefreshToken: cipher.open(record.botRefreshToken, record.key) }
          : {}),
      };
    } catch (err) {
      if (!(err instanceof TokenDecryptError)) throw err;
      throw this.unreadable(record, err);
    }
    this.cache.set(cacheKey, { serving, at: this.clock.now().getTime() });
    return serving;
  }

  private forgetKey(key: string, teams: string[]): void {
    for (const [cacheKey, cached] of this.cache)
      if (
        cached.serving.record.key === key ||
        teams.includes(cacheKey) ||
        cacheKey.startsWith(`org:${key}:`)
      )
        this.cache.delete(cacheKey);
  }
}
