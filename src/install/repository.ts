import { trusted, type Model } from 'mongoose';
import { isDuplicateKey } from '../db/errors.js';
import { SLACK_ID } from '../slack-ids.js';
import type { InstallationDoc } from './model.js';
import type { InstallationRecord, InstallationState } from './types.js';

type Fields = Omit<
  InstallationRecord,
  'key' | 'state' | 'teams' | 'installedAt' | 'updatedAt' | 'savedAt'
>;

/** The installations collection. Every write is keyed by team or enterprise id: idempotent. */
export class InstallationRepository {
  constructor(private readonly model: Model<InstallationDoc>) {}

  /**
   * Writes an install (a first install, or a reinstall that replaces the token and scopes and
   * serves the workspace again). The same install written twice leaves one record. `now` on the
   * desk's clock; `savedAt`, the same moment on Slack's (what `stop` compares with Slack's time).
   */
  async upsert(
    key: string,
    fields: Fields,
    now: Date,
    savedAt: Date = now,
  ): Promise<InstallationRecord> {
    // A reinstall also ends a token refresh under way (its answer is older than the install).
    const unset: Record<string, ''> = {
      stoppedAt: '',
      stoppedBy: '',
      refreshClaim: '',
      refreshClaimUntil: '',
      // The org's own desk is seeded again (its installer, unless it has admins) at its next
      // request: an erase on uninstall may have emptied it.
      orgLevelSeenAt: '',
    };
    for (const k of ['botRefreshToken', 'botTokenExpiresAt', 'installerUserId'] as const)
      if (fields[k] === undefined) unset[k] = '';
    const clean = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
    const write = () =>
      this.model
        .findOneAndUpdate(
          { key },
          {
            $set: { ...clean, state: 'active', updatedAt: now, savedAt },
            $unset: unset,
            $setOnInsert: { key, installedAt: now, teams: [] },
          },
          { upsert: true, returnDocument: 'after' },
        )
        .lean<InstallationDoc>()
        .exec();
    try {
      return toRecord((await write())!);
    } catch (err) {
      // Two instances inserting the same key at once: the loser's write applies to the winner's.
      if (!isDuplicateKey(err)) throw err;
      return toRecord((await write())!);
    }
  }

  async byKey(key: string): Promise<InstallationRecord | undefined> {
    const doc = await this.model.findOne({ key }).lean<InstallationDoc>().exec();
    return doc ? toRecord(doc) : undefined;
  }

  /** The org-wide install that has served this workspace. */
  async byOrgTeam(teamId: string): Promise<InstallationRecord | undefined> {
    const doc = await this.model
      .findOne({ isEnterpriseInstall: true, teams: teamId })
      .lean<InstallationDoc>()
      .exec();
    return doc ? toRecord(doc) : undefined;
  }

  /**
   * Notes a workspace served by an org-wide install (once), with when it was added (`now`, on
   * Slack's clock, as the removal it is compared with): only the write that adds it sets the time
   * (one document, atomically).
   */
  async addOrgTeam(enterpriseId: string, teamId: string, now: Date): Promise<void> {
    await this.model.updateOne(
      { key: enterpriseId, isEnterpriseInstall: true, teams: trusted({ $ne: teamId }) },
      {
        $push: { teams: teamId },
        ...(SLACK_ID.team.test(teamId) ? { $max: { [`teamsAddedAt.${teamId}`]: now } } : {}),
      },
    );
  }

  /**
   * The org's own desk (requests naming the org but no workspace) served by the active org-wide
   * install `enterpriseId` for the first time since it was installed: noted `now`, once (one
   * conditional update). True for the one call that noted it.
   */
  async orgLevelSeen(enterpriseId: string, now: Date): Promise<boolean> {
    const res = await this.model.updateOne(
      {
        key: enterpriseId,
        isEnterpriseInstall: true,
        state: 'active',
        orgLevelSeenAt: trusted({ $exists: false }),
      },
      { $set: { orgLevelSeenAt: now } },
    );
    return res.modifiedCount > 0;
  }

  /**
   * A workspace listed on an org-wide install before the time it was added was kept: when
   * Slack sent an event from it to the org install (`at`), written if it still has no time.
   * True when written.
   */
  async orgTeamSeen(enterpriseId: string, teamId: string, at: Date): Promise<boolean> {
    if (!SLACK_ID.team.test(teamId)) return false;
    const addedAt = `teamsAddedAt.${teamId}`;
    const res = await this.model.updateOne(
      {
        key: enterpriseId,
        isEnterpriseInstall: true,
        teams: teamId,
        [addedAt]: trusted({ $exists: false }),
      },
      { $set: { [addedAt]: at } },
    );
    return res.modifiedCount > 0;
  }

  /**
   * Workspaces an org admin added (again) to an org-wide install (`team_access_granted`), and
   * when: a removal sent before then is older and leaves them. Listed once they are served.
   */
  async orgTeamsAdded(enterpriseId: string, teamIds: string[], at: Date): Promise<void> {
    const added = teamIds.filter((t) => SLACK_ID.team.test(t));
    if (!added.length) return;
    await this.model.updateOne(
      { key: enterpriseId, isEnterpriseInstall: true },
      { $max: Object.fromEntries(added.map((t) => [`teamsAddedAt.${t}`, at])) },
    );
  }

  /**
   * A workspace whose data is erased: taken off every org-wide install that lists it (with the
   * time it was added), in any state. Idempotent.
   */
  async unlistOrgTeam(teamId: string): Promise<void> {
    if (!SLACK_ID.team.test(teamId)) return;
    await this.model.updateMany(
      { isEnterpriseInstall: true, teams: teamId },
      { $pull: { teams: teamId }, $unset: { [`teamsAddedAt.${teamId}`]: '' } },
    );
  }

  /**
   * Workspaces an org-wide install no longer serves (the app removed there); returns those
   * removed. Given `sentBefore` (when Slack sent the removal), a workspace added at or after it
   * (re-added since) is kept. One atomic update per workspace.
   */
  async removeOrgTeams(
    enterpriseId: string,
    teamIds: string[],
    sentBefore?: Date,
  ): Promise<string[]> {
    const removed: string[] = [];
    for (const teamId of teamIds) {
      if (!SLACK_ID.team.test(teamId)) continue;
      const addedAt = `teamsAddedAt.${teamId}`;
      const res = await this.model.updateOne(
        {
          key: enterpriseId,
          isEnterpriseInstall: true,
          teams: teamId,
          ...(sentBefore
            ? {
                $or: [
                  { [addedAt]: trusted({ $exists: false }) },
                  { [addedAt]: trusted({ $lt: sentBefore }) },
                ],
              }
            : {}),
        },
        { $pull: { teams: teamId }, $unset: { [addedAt]: '' } },
      );
      if (res.modifiedCount > 0) removed.push(teamId);
    }
    return removed;
  }

  /**
   * Stops serving an install; true when this call changed it (an active one, and, given
   * `savedBefore`, on Slack's clock, one last installed before then: an install saved since is
   * newer than what stops it). An active install's `savedAt` is when it was last installed, on
   * Slack's clock; one saved before that was kept has its `updatedAt` (the desk's clock).
   * An uninstall also moves a `revoked` install (the same guard) to `uninstalled`: Slack sends
   * tokens_revoked and app_uninstalled for one uninstall in either order, and a token Slack
   * refused may have stopped it first. Its `stoppedAt` (when it stopped being served) is kept.
   */
  async stop(
    key: string,
    state: Exclude<InstallationState, 'active'>,
    by: string,
    now: Date,
    savedBefore?: Date,
  ) {
    const older = savedBefore
      ? {
          $or: [
            { savedAt: trusted({ $lt: savedBefore }) },
            { savedAt: trusted({ $exists: false }), updatedAt: trusted({ $lt: savedBefore }) },
          ],
        }
      : {};
    const res = await this.model.updateOne(
      { key, state: 'active', ...older },
      { $set: { state, stoppedAt: now, stoppedBy: by, updatedAt: now } },
    );
    if (res.modifiedCount > 0) return true;
    if (state !== 'uninstalled') return false;
    const moved = await this.model.updateOne(
      { key, state: 'revoked', ...older },
      { $set: { state, stoppedBy: by, updatedAt: now } },
    );
    return moved.modifiedCount > 0;
  }

  /**
   * Stops an active install only while it still holds the sealed token `sealed` (as read): one
   * saved again meanwhile (a reinstall, sealed anew) is left active. True when stopped.
   */
  async stopHolding(
    key: string,
    sealed: string,
    state: Exclude<InstallationState, 'active'>,
    by: string,
    now: Date,
  ): Promise<boolean> {
    const res = await this.model.updateOne(
      { key, state: 'active', botToken: sealed },
      { $set: { state, stoppedAt: now, stoppedBy: by, updatedAt: now } },
    );
    return res.modifiedCount > 0;
  }

  /**
   * A new sealed token for the same install (a key rotation), written only while the record still
   * holds the sealed tokens it was read with (`read`): a reinstall written meanwhile (sealed anew,
   * with a random IV, so never the same text) is kept. True when written. The install's time
   * (`updatedAt`) is left as it was: the token is the same one.
   */
  async reseal(
    key: string,
    read: { botToken: string; botRefreshToken?: string | undefined },
    next: { botToken: string; botRefreshToken?: string | undefined },
  ): Promise<boolean> {
    const res = await this.model.updateOne(
      {
        key,
        botToken: read.botToken,
        botRefreshToken: read.botRefreshToken ?? trusted({ $exists: false }),
      },
      {
        $set: {
          botToken: next.botToken,
          ...(next.botRefreshToken ? { botRefreshToken: next.botRefreshToken } : {}),
        },
      },
    );
    return res.modifiedCount > 0;
  }

  /**
   * Token rotation: takes the right to refresh an active install's token (`claim`, until
   * `until`) while it still holds the sealed refresh token it was read with and no other
   * instance holds an unexpired claim. One document, one conditional update: of two instances
   * refreshing at once, one gets it. True when taken.
   */
  async claimRefresh(
    key: string,
    sealedRefresh: string,
    claim: string,
    now: Date,
    until: Date,
  ): Promise<boolean> {
    const res = await this.model.updateOne(
      {
        key,
        state: 'active',
        botRefreshToken: sealedRefresh,
        $or: [
          { refreshClaimUntil: trusted({ $exists: false }) },
          { refreshClaimUntil: trusted({ $lte: now }) },
        ],
      },
      { $set: { refreshClaim: claim, refreshClaimUntil: until } },
    );
    return res.modifiedCount > 0;
  }

  /**
   * The refreshed tokens (sealed) and their expiry (Unix seconds), written only while `claim`
   * is still the install's (a reinstall meanwhile ended it: its token is kept); the claim ends.
   * The install's time (`updatedAt`) and state are left as they were. True when written.
   */
  async refreshed(
    key: string,
    claim: string,
    next: { botToken: string; botRefreshToken: string; botTokenExpiresAt: number },
  ): Promise<boolean> {
    const res = await this.model.updateOne(
      // Still active: an uninstall or revoke meanwhile gets no new tokens.
      { key, refreshClaim: claim, state: 'active' },
      { $set: next, $unset: { refreshClaim: '', refreshClaimUntil: '' } },
    );
    return res.modifiedCount > 0;
  }

  /** Ends a refresh claim that refreshed nothing (Slack did not answer), if still held. */
  async releaseRefresh(key: string, claim: string): Promise<void> {
    await this.model.updateOne(
      { key, refreshClaim: claim },
      { $unset: { refreshClaim: '', refreshClaimUntil: '' } },
    );
  }

  async all(): Promise<InstallationRecord[]> {
    const docs = await this.model.find({}).lean<InstallationDoc[]>().exec();
    return docs.map(toRecord);
  }

  async active(): Promise<InstallationRecord[]> {
    const docs = await this.model.find({ state: 'active' }).lean<InstallationDoc[]>().exec();
    return docs.map(toRecord);
  }

  /** Keys in `keys` that have an install in a stopped state. */
  async stoppedAmong(keys: string[]): Promise<string[]> {
    const docs = await this.model
      .find({ key: trusted({ $in: keys }), state: trusted({ $ne: 'active' }) })
      .select({ key: 1 })
      .lean<{ key: string }[]>()
      .exec();
    return docs.map((d) => d.key);
  }
}

function toRecord(doc: InstallationDoc & { _id?: unknown }): InstallationRecord {
  const { _id: _ignored, teamsAddedAt, ...rest } = doc;
  return {
    ...rest,
    scopes: rest.scopes ?? [],
    teams: rest.teams ?? [],
    // A Map in the schema: a plain object once read lean.
    ...(teamsAddedAt ? { teamsAddedAt: Object.fromEntries(Object.entries(teamsAddedAt)) } : {}),
  };
}
