import { randomUUID } from 'node:crypto';
import type { Ctx } from '../context.js';
import { FieldErrors, type FieldProblem } from '../errors.js';
import {
  checkReply,
  newReplyId,
  REPLY_TITLE_BLOCK,
  replyLogged,
  savedRepliesChange,
  savedReplyChange,
  type SavedRepliesChange,
  type SavedReply,
  type TypedReply,
} from './saved-replies.js';
import { assertMay } from '../permissions.js';
import type { FormData } from '../forms/kinds.js';
import { changedSinceShown, parseSettingsForm, settingsDiff, touchedFields } from './form.js';
import type {
  SettingsChangeRecord,
  SettingsChangeRepository,
  WorkspaceRecord,
} from './repository.js';
import type { WorkspaceService } from './service.js';
import {
  changedRoles,
  peopleOf,
  refuseUnfit,
  rolesOf,
  standInsMayMove,
  type RolesShown,
} from './roles.js';
import {
  owedStandIns,
  STANDIN_REPAIR_MS,
  standInRepairDelay,
  type SettingsGroup,
  type WorkspaceSettings,
} from './settings.js';
import type { Roles, UnfitPerson } from './types.js';

/** The roles as the settings history shows them: each changed role, its people before and after. */
function rolesDiff(before: Roles, after: Roles): SettingsSaved['changed'] {
  const text = (r: Roles): Record<string, string> => ({
    admins: r.admins.join(', '),
    managers: r.managers.join(', '),
    agents: r.agents.join(', '),
    account_managers: r.accountManagers.join(', '),
    experts: r.experts.map((e) => `${e.userId} (${e.skills.join(', ')})`).join('; '),
    open_desk: r.openDesk ? 'yes' : 'no',
    manages: r.managerLinks.map((l) => `${l.managerId} (${l.manages.join(', ')})`).join('; '),
  });
  const old = text(before);
  const now = text(after);
  const changed: SettingsSaved['changed'] = { old: {}, new: {} };
  for (const key of Object.keys(now))
    if (old[key] !== now[key]) {
      changed.old[key] = old[key] ?? '';
      changed.new[key] = now[key] ?? '';
    }
  return changed;
}

/** A stand-in mark with `homes` added to the Homes it owes (each once). */
function withHomes<T extends { homes?: string[] }>(owed: T, homes: readonly string[]): T {
  if (!homes.length) return owed;
  return { ...owed, homes: [...new Set([...(owed.homes ?? []), ...homes])] };
}

/** What a group's save knows beside its form: see SettingsAdminService.save. */
export interface SaveOptions {
  shown?: Record<string, string> | undefined;
  /** The text the modal's inputs were drawn with (their initial values): lists merged by item. */
  shownText?: FormData | undefined;
  /** The channels Slack said, for this save, the desk may post in (not shared, not closed). */
  postable?: ReadonlySet<string> | undefined;
}

/** The Channels form's input of each desk channel (the settings flow's checks read it too). */
export const DESK_CHANNEL_BLOCKS = {
  triage: 'channel_triage',
  escalation: 'channel_escalation',
  alerts: 'channel_alerts',
  digest: 'channel_digest',
} as const;

/**
 * A channel the desk cleared as shared (`clearedChannels`, on the settings as stored) that the
 * Channels form would set anew is refused on its field unless Slack said for this save that it
 * is no longer shared (`postable`): a clear made on another instance since the request's copy
 * of the settings was read is not undone by a channel Slack was not asked of, or did not answer
 * about.
 */
function refuseClearedChannels(
  current: WorkspaceSettings,
  next: WorkspaceSettings,
  postable: ReadonlySet<string> | undefined,
): void {
  const problems: Record<string, FieldProblem> = {};
  for (const [setting, block] of Object.entries(DESK_CHANNEL_BLOCKS)) {
    const key = setting as keyof typeof DESK_CHANNEL_BLOCKS;
    const id = next.channels[key];
    if (id && id !== current.channels[key] && current.clearedChannels.includes(id))
      if (!postable?.has(id)) problems[block] = { key: 'settings.error.channelCleared' };
  }
  if (Object.keys(problems).length) throw new FieldErrors(problems);
}

export interface SettingsSaved {
  before: WorkspaceSettings;
  after: WorkspaceSettings;
  /** The fields that changed, as the modal shows them (none: nothing was written). */
  changed: { old: Record<string, string>; new: Record<string, string> };
}

/**
 * The settings as admins edit them in Slack (`/desk settings`): only an admin may read them for
 * editing, save a group or read the history, whatever path the request came by (a command, a
 * button, a crafted view_submission). A saved group goes through WorkspaceService's versioned
 * update (every instance sees it within seconds) and is logged once in the settings history:
 * its entry is stored with the settings in the same update (`lastChange`), then written to the
 * history; one the process did not get to write (it died, the write failed) is written by the
 * next save or history read.
 */
export class SettingsAdminService {
  constructor(
    private readonly workspaces: WorkspaceService,
    private readonly changes: SettingsChangeRepository,
  ) {}

  assertAdmin(ctx: Pick<Ctx, 'settings' | 'actor' | 'now'>): void {
    assertMay(ctx, 'settings.edit');
  }

  /** Refuses anyone but an admin the roles form (src/permissions.ts). */
  assertMayEditRoles(ctx: Pick<Ctx, 'settings' | 'actor' | 'now'>): void {
    assertMay(ctx, 'roles.edit');
  }

  /**
   * An admin's `/desk roles`: the roles replaced as given (checked again on the stored
   * settings), applied on every instance, and logged in the settings history as group `roles`.
   * `unfit`: the people Slack says may not hold a role (bots, deactivated accounts, guests);
   * a role given to one of them is refused on its list, naming them, and nothing is saved.
   * `edit`: the modal's form and what it showed when it opened (`rolesShown`): only what the
   * admin changed from it is written, on the roles as stored (`changedRoles`: an admin added
   * meanwhile by `npm run admins -- --add` or another admin's save stays; a list both changed is
   * merged item by item when `shownForm` says what it showed, else refused on it). None (a modal
   * drawn before it was kept): the roles replaced as given.
   * The settings as stored before the save and after it.
   */
  saveRoles(
    ctx: Ctx,
    roles: Roles,
    unfit: readonly UnfitPerson[] = [],
    edit?: { form: FormData; shown?: RolesShown | undefined; shownForm?: FormData | undefined },
  ): Promise<{ before: WorkspaceSettings; after: WorkspaceSettings }> {
    this.assertMayEditRoles(ctx);
    refuseUnfit(roles, unfit);
    const shown = edit?.shown;
    return this.changeRoles(ctx, (current) =>
      shown ? changedRoles(current, roles, edit.form, shown, edit.shownForm) : roles,
    );
  }

  /**
   * The operator's way back in when no admin is left (`npm run admins -- --add`, run as
   * SYSTEM_ACTOR): `userId` made an admin, worked out on the roles as stored, logged in the
   * settings history. False when they were one already (nothing written). The first admin
   * stands in for a guest owner when there is no manager: the guest owners' moves are marked
   * owed in the same write, due at once (the tool moves nothing itself: the outbox job does).
   */
  async addAdmin(ctx: Ctx, userId: string): Promise<boolean> {
    let added = false;
    await this.changeRoles(
      ctx,
      (current) => {
        added = !current.admins.includes(userId);
        return added ? { ...current, admins: [...current.admins, userId] } : current;
      },
      0,
    );
    return added;
  }

  /**
   * The roles changed by `next` on the stored ones, if the actor may edit them; logged once.
   * A change of who may stand in for a guest owner marks their moves owed in the same write
   * (`standInsOwed`), due `movesDue` ms on: a `/desk roles` save, which moves them itself,
   * STANDIN_REPAIR_MS (the outbox job's repair if it is cut short); a change that moves nothing
   * itself (`npm run admins -- --add`), at once.
   */
  private async changeRoles(
    ctx: Ctx,
    next: (current: Roles) => Roles,
    movesDue = STANDIN_REPAIR_MS,
  ): Promise<{ before: WorkspaceSettings; after: WorkspaceSettings }> {
    this.assertMayEditRoles(ctx);
    let changed: SettingsSaved['changed'] = { old: {}, new: {} };
    const { before, after } = await this.workspaces.change(
      ctx.teamId,
      (current) => {
        this.assertMayEditRoles({ settings: current, actor: ctx.actor, now: ctx.now });
        const roles = next(rolesOf(current));
        // Whatever worked the roles out: nobody could change them again.
        if (!roles.admins.length) throw new FieldErrors({ admins: { key: 'roles.error.noAdmin' } });
        changed = rolesDiff(rolesOf(current), roles);
        if (!Object.keys(changed.new).length) return null;
        // A person marked of another organisation keeps the mark only while a role names them
        // (one removed and given a role again was checked again by the save).
        const named = new Set(peopleOf(roles));
        const saved = {
          ...current,
          ...roles,
          externalHolders: current.externalHolders.filter((id) => named.has(id)),
        };
        const at = ctx.now.getTime();
        const earlier = owedStandIns(current.standInsOwed);
        return standInsMayMove(current, saved)
          ? {
              ...saved,
              standInsOwed: {
                id: randomUUID(),
                at,
                nextAt: at + movesDue,
                attempts: 0,
                // Over an earlier save's mark (its moves and Homes still owed: cut short, or
                // still under way), who stood in before that one: the Homes it owes are drawn
                // by whoever makes this one's moves (SettingsFlows.saveRoles, the repair).
                from: earlier?.from ?? {
                  managers: current.managers,
                  managerLinks: current.managerLinks,
                  admins: current.admins,
                },
                ...(earlier?.homes?.length ? { homes: earlier.homes } : {}),
              },
            }
          : saved;
      },
      () => ({ group: 'roles', by: ctx.actor, at: ctx.now, old: changed.old, new: changed.new }),
    );
    await this.logged(ctx, before, after);
    if (after.version !== before.version)
      ctx.log.info({ fields: Object.keys(changed.new), version: after.version }, 'roles changed');
    return { before: before.settings, after: after.settings };
  }

  /**
   * Checks what was typed in a group's modal against the settings as the request read them,
   * before anything is read or saved (a bad value is refused on its field in the ack); the save
   * checks it again on the settings as stored.
   */
  check(ctx: Ctx, group: SettingsGroup, form: FormData, shownText?: FormData): void {
    this.assertAdmin(ctx);
    parseSettingsForm(group, form, ctx.settings, shownText && touchedFields(form, shownText));
  }

  /**
   * Reads a group's modal into the settings and saves it, if the actor is an admin. `shown`:
   * what the modal showed when it opened (`settingsShown`): only the fields the admin changed
   * from it are written, worked out on the settings as stored (`changedSinceShown`), so that a
   * change made meanwhile (another admin's save, a channel the desk cleared) is kept, and a field
   * both changed is refused on it; a list both changed is merged item by item when the modal's
   * view carries what it showed (`shownText`). None (a modal drawn before it was kept): the group
   * as typed. A channel cleared as shared is set again only when Slack said so (`postable`:
   * refuseClearedChannels).
   */
  async save(
    ctx: Ctx,
    group: SettingsGroup,
    form: FormData,
    { shown, shownText, postable }: SaveOptions = {},
  ): Promise<SettingsSaved> {
    this.assertAdmin(ctx);
    let changed: SettingsSaved['changed'] = { old: {}, new: {} };
    const touched = shownText && touchedFields(form, shownText);
    const { before, after } = await this.workspaces.change(
      ctx.teamId,
      (current) => {
        // Checked again on the settings as stored: an admin removed meanwhile is refused.
        this.assertAdmin({ settings: current, actor: ctx.actor, now: ctx.now });
        const typed = shown
          ? changedSinceShown(group, form, current, shown, shownText, touched)
          : form;
        // A check across fields refused on the one the admin changed (not on one merged in).
        const next = parseSettingsForm(group, typed, current, touched);
        if (group === 'channels') refuseClearedChannels(current, next, postable);
        changed = settingsDiff(group, current, next);
        return Object.keys(changed.new).length ? next : null;
      },
      () => ({ group, by: ctx.actor, at: ctx.now, old: changed.old, new: changed.new }),
    );
    await this.logged(ctx, before, after);
    if (after.version !== before.version) {
      ctx.log.info(
        { group, fields: Object.keys(changed.new), version: after.version },
        'settings changed',
      );
    }
    return { before: before.settings, after: after.settings, changed };
  }

  /**
   * A desk channel (triage, escalation, alerts, digest) Slack says is now shared with another
   * organisation (Slack Connect, `channel_shared`): every setting naming it is cleared, as the
   * Channels form would refuse it (`settings.error.channelShared`), so that the desk's cards,
   * alerts and figures stop going where another organisation reads them. Done by the desk itself
   * (`ctx.actor`, SYSTEM_ACTOR), worked out on the settings as stored and logged in the settings
   * history as a change of the Channels group; `shared`, the channel is kept in
   * `clearedChannels` (see there). The settings cleared (none: nothing written).
   */
  async clearSharedChannel(
    ctx: Ctx,
    channelId: string,
    shared = true,
    told: WorkspaceSettings['clearsUntold'][number]['why'] = shared ? 'shared' : 'customer',
  ): Promise<{ cleared: (keyof WorkspaceSettings['channels'])[]; after: WorkspaceSettings }> {
    let changed: SettingsSaved['changed'] = { old: {}, new: {} };
    let cleared: (keyof WorkspaceSettings['channels'])[] = [];
    const { before, after } = await this.workspaces.change(
      ctx.teamId,
      (current) => {
        const channels = current.channels;
        cleared = (Object.keys(channels) as (keyof typeof channels)[]).filter(
          (k) => channels[k] === channelId,
        );
        if (!cleared.length) return null;
        const next = {
          ...current,
          channels: Object.fromEntries(
            Object.entries(channels).filter(([, v]) => v !== channelId),
          ) as WorkspaceSettings['channels'],
          // Shared: nothing more goes there from any instance (a customer's channel is not
          // listed: the desk still talks to the customer there).
          ...(shared
            ? {
                clearedChannels: [
                  ...current.clearedChannels.filter((c) => c !== channelId),
                  channelId,
                ],
              }
            : {}),
          // The admins' DM owed, in the same update: a process cut off before it is written
          // leaves it to the outbox upkeep (SettingsFlows.repairClearNotices).
          clearsUntold: [
            ...current.clearsUntold,
            { channel: channelId, cleared, why: told, at: ctx.now.getTime() },
          ],
        };
        changed = settingsDiff('channels', current, next);
        return next;
      },
      () => ({
        group: 'channels',
        by: ctx.actor,
        at: ctx.now,
        old: changed.old,
        new: changed.new,
      }),
    );
    await this.logged(ctx, before, after);
    if (after.version === before.version) cleared = [];
    else
      ctx.log.info(
        { channel: channelId, cleared, version: after.version },
        'desk channel shared with another organisation: its settings cleared',
      );
    return { cleared, after: after.settings };
  }

  /**
   * A channel deleted (channel_deleted, group_deleted) leaves `clearedChannels`: nothing can
   * go there any more, and Slack never gives its id to another channel, so the list does not
   * keep it for good. Not a change the history logs (no setting changes). Whether it was listed.
   * An archived channel stays listed: unarchived, it is as shared as before.
   */
  async forgetDeletedChannel(ctx: Ctx, channelId: string): Promise<boolean> {
    const { before, after } = await this.workspaces.change(ctx.teamId, (current) =>
      current.clearedChannels.includes(channelId)
        ? { ...current, clearedChannels: current.clearedChannels.filter((c) => c !== channelId) }
        : null,
    );
    return after.version !== before.version;
  }

  /**
   * The admins' DM of a clear (`clearsUntold`, by its channel and time) is in the outbox: the
   * debt taken off (not a change the history logs). Nothing owed: nothing written.
   */
  async clearTold(teamId: string, channelId: string, at: number): Promise<void> {
    await this.workspaces.change(teamId, (current) => {
      const left = current.clearsUntold.filter((c) => c.channel !== channelId || c.at !== at);
      return left.length === current.clearsUntold.length
        ? null
        : { ...current, clearsUntold: left };
    });
  }

  /**
   * The stand-in moves a roles save owed (`standInsOwed`, its mark `id`) are made, by the roles
   * `seen` (as stored when they were read): the mark taken off (not a change the history logs).
   * A later save's mark (its moves still owed) is left; so is this one when the roles as stored
   * now would name other stand-ins than one of those seen (a change that owes no moves of its
   * own, made meanwhile): the outbox upkeep moves again.
   */
  async standInsMoved(
    teamId: string,
    id: string | number,
    seen: readonly Pick<WorkspaceSettings, 'managers' | 'managerLinks' | 'admins'>[] = [],
  ): Promise<void> {
    await this.workspaces.change(teamId, (current) => {
      if (owedStandIns(current.standInsOwed)?.id !== id) return null;
      if (seen.some((roles) => standInsMayMove(roles, current))) return null;
      const { standInsOwed: _moved, ...rest } = current;
      return rest;
    });
  }

  /**
   * The stand-in moves a roles save owed (`standInsOwed`, its mark `id`) were made by the save's
   * own request, by the roles `seen`: the mark stays, due when it was (`nextAt`, STANDIN_REPAIR_MS
   * after the save), for one more pass of the outbox upkeep by the roles as stored then, which
   * moves what a writer that read the roles before the save wrote after these moves (a ticket
   * filed, a task planned, for the former stand-in), and takes it off. Its `from` and `homes` are
   * dropped: the request drew those Homes already. Left as it is when it is another
   * save's mark, or when the roles as stored now would name other stand-ins than one of those
   * seen (`standInsMoved`).
   */
  async standInsMadeOnce(
    teamId: string,
    id: string | number,
    seen: readonly Pick<WorkspaceSettings, 'managers' | 'managerLinks' | 'admins'>[] = [],
  ): Promise<void> {
    await this.workspaces.change(teamId, (current) => {
      const owed = owedStandIns(current.standInsOwed);
      if (owed?.id !== id || !(owed.from || owed.homes)) return null;
      if (seen.some((roles) => standInsMayMove(roles, current))) return null;
      const { from: _drawn, homes: _homesDrawn, ...rest } = owed;
      return { ...current, standInsOwed: { ...rest, id: String(owed.id) } };
    });
  }

  /**
   * The stand-in moves a roles save owed (its mark `id`) were tried at `now` and not all made:
   * tried again `standInRepairDelay` on (not a change the history logs). Another mark: left.
   * `homes`: whose Homes showed the moves this try made, their refreshes not written: kept on the
   * mark for the next try (`standInsHomesOwed`).
   */
  async standInsRetry(
    teamId: string,
    id: string | number,
    now: number,
    homes: readonly string[] = [],
  ): Promise<void> {
    await this.workspaces.change(teamId, (current) => {
      const owed = owedStandIns(current.standInsOwed);
      if (owed?.id !== id) return null;
      const attempts = owed.attempts + 1;
      return {
        ...current,
        standInsOwed: {
          ...withHomes(owed, homes),
          id: String(owed.id),
          attempts,
          nextAt: now + standInRepairDelay(attempts),
        },
      };
    });
  }

  /**
   * The stand-in moves a roles save owed (its mark `id`) were made, but the refreshes of the Homes
   * that show them (`homes`: the moved tickets' and tasks' helpers, approvers, holders) not
   * written: kept on the mark, due when it was, so the outbox upkeep's pass draws them (it moves
   * nothing more to learn whose they are). Another mark, or nobody new: left.
   */
  async standInsHomesOwed(
    teamId: string,
    id: string | number,
    homes: readonly string[],
  ): Promise<void> {
    await this.workspaces.change(teamId, (current) => {
      const owed = owedStandIns(current.standInsOwed);
      if (owed?.id !== id || homes.every((user) => owed.homes?.includes(user))) return null;
      return { ...current, standInsOwed: { ...withHomes(owed, homes), id: String(owed.id) } };
    });
  }

  /** The teams owing a roles save's stand-in moves due by `now` (ms), at most `limit`. */
  async owingStandIns(now: number, limit: number): Promise<string[]> {
    return this.workspaces.owingStandIns(now, limit);
  }

  /** The teams owing the admins a cleared channel's DM since `before` (ms), at most `limit`. */
  async owingClearNotices(before: number, limit: number): Promise<string[]> {
    return this.workspaces.owingClearNotices(before, limit);
  }

  /**
   * A reply as typed in its modal, checked against the replies as the request read them before
   * anything is read or saved (a refusal comes back on its input in the ack); `saveReply`
   * checks it again on the settings as stored.
   */
  checkReply(ctx: Ctx, typed: TypedReply): void {
    this.assertAdmin(ctx);
    // A new reply's form sent again (`saveReply`): its reply added already, nothing to check.
    if (!typed.id && typed.form) {
      const own = newReplyId(typed.form);
      if (ctx.settings.savedReplies.some((r) => r.id === own)) return;
    }
    checkReply(
      typed,
      ctx.settings.savedReplies.filter((r) => r.id !== typed.id),
      !typed.id,
    );
  }

  /**
   * An admin's saved reply, added (no `id`) or edited (`id`), as typed in its modal: checked
   * (checkReply: a bad title or text, a title another reply has, a 51st reply are refused on
   * their input) and saved as one versioned update of the settings worked out on them as
   * stored, by the reply's id: two admins changing two replies at once both keep theirs (the
   * one whose write came second is worked out again on the first's). Every instance sees it
   * within seconds (the version); logged in the settings history as that reply's change. A
   * reply deleted meanwhile is not added back: refused. The reply as saved, and whether it
   * changed anything. A new reply added by `form` (its modal's `submissionKey`: view id and values)
   * is keyed by it: the same submission delivered again (a redelivery, a double click) finds the
   * reply it added and writes nothing; the form submitted with something changed is another.
   */
  async saveReply(
    ctx: Ctx,
    typed: TypedReply,
  ): Promise<{
    reply: SavedReply;
    changed: boolean;
    after: WorkspaceSettings;
    /** `form`'s reply was added already: nothing written. */
    again?: boolean;
  }> {
    this.checkReply(ctx, typed);
    const id = typed.id ?? newReplyId(typed.form);
    let again = false;
    let was: SavedReply | undefined;
    let reply: SavedReply | undefined;
    const { before, after } = await this.workspaces.change(
      ctx.teamId,
      (current) => {
        this.assertAdmin({ settings: current, actor: ctx.actor, now: ctx.now });
        const list = current.savedReplies;
        was = list.find((r) => r.id === id);
        if (typed.id && !was)
          throw new FieldErrors({ [REPLY_TITLE_BLOCK]: { key: 'settings.reply.gone' } });
        // This form's reply added already: nothing more (an edit since is kept).
        if (!typed.id && was) {
          reply = was;
          again = true;
          return null;
        }
        const checked = checkReply(
          typed,
          list.filter((r) => r.id !== id),
          !was,
        );
        reply = { id, ...checked };
        if (was && was.title === reply.title && was.text === reply.text) return null;
        const savedReplies = was ? list.map((r) => (r.id === id ? reply! : r)) : [...list, reply];
        return { ...current, savedReplies };
      },
      () => ({
        group: 'replies',
        by: ctx.actor,
        at: ctx.now,
        old: { saved_reply: replyLogged(was) },
        new: { saved_reply: replyLogged(reply) },
      }),
    );
    await this.logged(ctx, before, after);
    const changed = after.version !== before.version;
    if (changed)
      ctx.log.info({ group: 'replies', added: !was, version: after.version }, 'saved reply saved');
    return { reply: reply!, changed, after: after.settings, ...(again ? { again } : {}) };
  }

  /**
   * An admin's saved reply deleted, by id: one versioned update of the settings as stored (the
   * other replies as they are then), logged in the settings history. One deleted already
   * changes nothing. The reply deleted (none: it was not there), and the settings after.
   */
  async deleteReply(
    ctx: Ctx,
    id: string,
  ): Promise<{ deleted: SavedReply | undefined; after: WorkspaceSettings }> {
    this.assertAdmin(ctx);
    let was: SavedReply | undefined;
    const { before, after } = await this.workspaces.change(
      ctx.teamId,
      (current) => {
        this.assertAdmin({ settings: current, actor: ctx.actor, now: ctx.now });
        was = current.savedReplies.find((r) => r.id === id);
        if (!was) return null;
        return { ...current, savedReplies: current.savedReplies.filter((r) => r.id !== id) };
      },
      () => ({
        group: 'replies',
        by: ctx.actor,
        at: ctx.now,
        old: { saved_reply: replyLogged(was) },
        new: { saved_reply: '' },
      }),
    );
    await this.logged(ctx, before, after);
    const deleted = after.version !== before.version ? was : undefined;
    if (deleted) ctx.log.info({ group: 'replies', version: after.version }, 'saved reply deleted');
    return { deleted, after: after.settings };
  }

  /**
   * A workspace just installed (or first served by its org's org-wide install): its installer
   * made an admin beside admins that are only the ADMIN_USER_IDS `seeds` (ids of the operator's
   * workspace, maybe nobody in this one), so that someone there can run `/desk settings` at once.
   * Admins chosen in Slack (the roles ever saved, by `/desk roles` or `npm run admins`) are kept
   * as they are, even when they are the seeds. The install's own path: no actor to check.
   */
  async seedInstaller(teamId: string, installer: string, seeds: readonly string[]): Promise<void> {
    // A roles change whose history entry was not written yet is one all the same.
    const { lastChange } = await this.workspaces.stored(teamId);
    if (lastChange?.group === 'roles' || (await this.changes.saved(teamId, 'roles'))) return;
    const onlySeeds = (admins: string[]) =>
      admins.length === seeds.length && admins.every((id) => seeds.includes(id));
    await this.workspaces.change(teamId, (s) =>
      s.admins.includes(installer) || !onlySeeds(s.admins)
        ? null
        : { ...s, admins: [...s.admins, installer] },
    );
  }

  /**
   * The latest changes, newest first; the latest change saved is in it even when its entry was
   * not written when it was saved (written now, from the settings as stored).
   */
  async history(
    ctx: Ctx,
    limit = 10,
  ): Promise<{
    items: (SettingsChangeRecord & { replies?: SavedRepliesChange })[];
    total: number;
  }> {
    this.assertAdmin(ctx);
    const stored = await this.workspaces.stored(ctx.teamId);
    if (stored.lastChange) await this.changes.record(stored.lastChange);
    const { items, total } = await this.changes.latest(ctx.teamId, limit);
    // A saved replies change, reply by reply (by title), for the history to say so: one reply
    // (`saved_reply`), or a save of the box they were kept in before (`saved_replies`).
    return {
      items: items.map((item) => {
        const replies =
          'saved_reply' in item.new
            ? savedReplyChange(item.old.saved_reply, item.new.saved_reply)
            : 'saved_replies' in item.new
              ? savedRepliesChange(item.old.saved_replies, item.new.saved_replies)
              : undefined;
        return replies ? { ...item, replies } : item;
      }),
      total,
    };
  }

  /**
   * Writes the history entries a save leaves to write: the one of the change it made, and the
   * one stored with the settings it changed (a save whose process died before writing its own).
   * Each is written once, by its version. The settings are saved already: a failed write is
   * logged, and written by the next save or history read (both are stored with the settings).
   */
  private async logged(ctx: Ctx, before: WorkspaceRecord, after: WorkspaceRecord): Promise<void> {
    const entries = [
      before.lastChange,
      after.version !== before.version ? after.lastChange : undefined,
    ];
    for (const entry of entries) {
      if (!entry) continue;
      try {
        await this.changes.record(entry);
      } catch (err) {
        ctx.log.warn(
          { err, version: entry.version, group: entry.group },
          'settings history entry not written: kept with the settings, written by the next save or history read',
        );
      }
    }
  }
}
