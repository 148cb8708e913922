import type { ChannelService } from '../channel/service.js';
import { makeCtx, SYSTEM_ACTOR, type Ctx } from '../context.js';
import type { Logger } from '../logger.js';
import { TIER_REVIEW_AT } from '../customer/rules.js';
import type { CustomerService } from '../customer/service.js';
import { FieldErrors, type FieldProblem } from '../errors.js';
import type { FormData } from '../forms/kinds.js';
import type { Notifiers } from '../notify/index.js';
import { HOME_OPENED_DAYS, type OutboxService } from '../outbox/service.js';
import { DESK_CHANNEL_UNFIT } from '../outbox/types.js';
import { nextQuarterlySlot } from '../schedule/slots.js';
import type { TaskService } from '../task/service.js';
import { homeReaders as taskReaders } from '../task/types.js';
import type { TicketService } from '../ticket/service.js';
import { localDate } from '../time.js';
import {
  DESK_CHANNEL_BLOCKS,
  type SaveOptions,
  type SettingsAdminService,
  type SettingsSaved,
} from '../workspace/admin.js';
import { shownDigest } from '../workspace/form.js';
import { peopleOf, rolesOf, standInsMayMove } from '../workspace/roles.js';
import { staffToTellRead, type Roles, type UnfitPerson } from '../workspace/types.js';
import { chinaPublicCalendar, type PublicCalendar } from '../workspace/holidays.js';
import { owedStandIns, type SettingsGroup, type WorkspaceSettings } from '../workspace/settings.js';
import { SETTINGS_FRESH_MS, type WorkspaceService } from '../workspace/service.js';
import { workspaceRoles } from '../permissions.js';
import { redrawOwnerCards } from './customers.js';
import { refreshHomesAfter } from './refresh-homes.js';

/**
 * Homes refreshed after one save of the settings or the roles at most (one coalesced outbox entry
 * each; views.publish is tier 4, about 100 a minute per workspace): whoever is past it sees the
 * change when they next open the tab.
 */
export const SAVE_HOMES_MAX = 100;

/**
 * A save that changes what everyone's Home shows refreshes, beyond the people the roles name,
 * those who opened their Home in this many days (OutboxService.homeOpened): the others draw it
 * anew when they next open it. Older stamps are forgotten (OutboxService.forgetHomeOpens).
 */
export { HOME_OPENED_DAYS };

/**
 * What every Home shows of the settings, not only an admin's: its language and time zone (the
 * footer, every time), the triage channel it names, the calendar and SLA rules its rows' clocks
 * are read with.
 */
function homeSettings(s: WorkspaceSettings): string {
  return JSON.stringify([s.locale, s.timeZone, s.channels.triage, s.businessHours, s.sla]);
}

/** What decides when quiet hours end: a save changing it re-times what they hold. */
function quietSettings(s: WorkspaceSettings): string {
  return JSON.stringify([s.quietHours, s.timeZone]);
}

/**
 * The people whose roles (so whose Home: its team part, its admin part) differ between the two,
 * among those either names (`peopleOf`).
 */
function rolesChanged(before: WorkspaceSettings, after: WorkspaceSettings): string[] {
  const of = (s: WorkspaceSettings, u: string) => [...workspaceRoles(s, u)].sort().join();
  return [...new Set([...peopleOf(before), ...peopleOf(after)])].filter(
    (u) => of(before, u) !== of(after, u),
  );
}

/**
 * How long a clear's admins' DM may be owed (`clearsUntold`) before the outbox upkeep writes it:
 * the clear's own request writes it at once, well within this.
 */
export const CLEAR_TELL_REPAIR_MS = 2 * 60_000;

export { STANDIN_REPAIR_MS } from '../workspace/settings.js';

/**
 * Whether the app can post in a channel, as Slack says (conversations.info with the request's
 * token): `closed` for a private channel it is not a member of, `shared` for one shared with
 * another organisation (Slack Connect, or an invitation to it pending), `unknown` when Slack did
 * not say (rate limited, failing).
 */
export type ChannelStanding = 'postable' | 'closed' | 'shared' | 'unknown';

/** What the SLA clocks read of the settings: a change here moves open tickets' stored times. */
function clockSettings(s: WorkspaceSettings): string {
  return JSON.stringify([s.timeZone, s.businessHours, s.sla]);
}

/**
 * Settings edited in Slack: a group saved by an admin, then the stored clock times of open
 * tickets computed again when the calendar or the SLA rules changed.
 */
/** How many of the people `/desk roles` names the daily run asks Slack about (`recheckHolders`). */
export const HOLDER_CHECK_MAX = 100;

export class SettingsFlows {
  constructor(
    private readonly deps: {
      settings: SettingsAdminService;
      workspaces: Pick<WorkspaceService, 'stored' | 'change'>;
      tickets: TicketService;
      tasks: TaskService;
      customers: Pick<CustomerService, 'standInsChanged' | 'awayOwners'>;
      outbox: OutboxService;
      channels: Pick<ChannelService, 'forChannel'>;
      /**
       * What Slack's users.info says of a role holder (remembered, else asked briefly with the
       * workspace's install): of another organisation, ours, not said in time, or never said to
       * this install (no users:read). Unset: the daily check asks nothing.
       */
      organisationOf?: (
        ctx: Ctx,
        userId: string,
      ) => Promise<'external' | 'ours' | 'unknown' | 'unchecked'>;
      notify: {
        tickets: Pick<Notifiers['tickets'], 'cards' | 'standInTaken'>;
        homes: Pick<Notifiers['homes'], 'refresh'>;
        settings: Pick<Notifiers['settings'], 'sharedChannelCleared' | 'externalHolders'>;
        outbox: Pick<Notifiers['outbox'], 'kick'>;
      };
    },
  ) {}

  /**
   * Slack said these people (`userIds`) are of another organisation (Slack Connect): those of
   * them `/desk roles` names (a role saved before the desk read `team_id`) and not marked yet are
   * marked (`externalHolders`: they hold no role from then on, the desk's own hand-offs and staff
   * DMs skip them), and the admins (none: the managers; never one marked) are told once, by DM
   * through the outbox, naming the lists and what to do. The DMs are written before the mark, keyed
   * by the person and the reader: the mark's write failing (or another instance marking them at
   * the same moment), the next finding writes the same keys, which go once. Whom it marked.
   */
  async externalHolders(ctx: Ctx, userIds: readonly string[]): Promise<string[]> {
    return (await this.markHolders(ctx, userIds, new Set())).marked;
  }

  /**
   * `externalHolders` for `external`, and the marked people Slack says are ours again (`ours`)
   * unmarked, in the same write of the settings: whom it marked, and how many it unmarked.
   */
  private async markHolders(
    ctx: Ctx,
    external: readonly string[],
    ours: ReadonlySet<string>,
  ): Promise<{ marked: string[]; unmarked: number }> {
    const holders = (settings: WorkspaceSettings) => {
      const named = new Set(peopleOf(rolesOf(settings)));
      return external.filter((id) => named.has(id) && !settings.externalHolders.includes(id));
    };
    let fresh: string[] = [];
    if (external.length) {
      const { settings } = await this.deps.workspaces.stored(ctx.teamId);
      fresh = holders(settings);
      if (fresh.length) {
        const marked = { ...settings, externalHolders: [...settings.externalHolders, ...fresh] };
        // Never one held either (`staffToTellNow`: the desk's only admin made a guest owner).
        const told = await staffToTellRead(marked, () => this.deps.customers.awayOwners(ctx));
        if (!told.length)
          ctx.log.warn(
            'role holder of another organisation: no admin or manager is set to be told',
          );
        await this.deps.notify.settings.externalHolders(makeCtx({ ...ctx, settings }), fresh, told);
      }
    }
    if (!fresh.length && !ours.size) return { marked: [], unmarked: 0 };
    let wrote: string[] = [];
    let unmarked = 0;
    await this.deps.workspaces.change(ctx.teamId, (current) => {
      wrote = fresh.length ? holders(current) : [];
      const kept = current.externalHolders.filter((id) => !ours.has(id));
      unmarked = current.externalHolders.length - kept.length;
      return wrote.length || unmarked ? { ...current, externalHolders: [...kept, ...wrote] } : null;
    });
    if (wrote.length)
      ctx.log.warn(
        { marked: wrote.length },
        'role holders Slack says are of another organisation: skipped from now on, the admins told',
      );
    if (fresh.length) this.deps.notify.outbox.kick();
    return { marked: wrote, unmarked };
  }

  /**
   * The daily run's check of the people `/desk roles` names (at most HOLDER_CHECK_MAX), asked of
   * Slack (`organisationOf`): those it says are of another organisation are marked and the admins
   * told once (`externalHolders`); a marked one it says is ours again (an install made org-wide,
   * say) is unmarked, their role theirs again. One not said in time, or whose organisation the
   * rule could not tell (a read of the installs failed: `unknown`), is asked at the next run,
   * neither marked nor unmarked; an install Slack never describes people to is not asked. Never fails the run: a failure is
   * logged and asked again the next day. The counts.
   */
  async recheckHolders(
    ctx: Ctx,
  ): Promise<{ holdersChecked: number; holdersMarkedExternal: number; holdersUnmarked: number }> {
    const counts = { holdersChecked: 0, holdersMarkedExternal: 0, holdersUnmarked: 0 };
    const ask = this.deps.organisationOf;
    if (!ask) return counts;
    try {
      const external: string[] = [];
      const ours: string[] = [];
      for (const userId of peopleOf(rolesOf(ctx.settings)).slice(0, HOLDER_CHECK_MAX)) {
        const said = await ask(ctx, userId);
        if (said === 'unchecked') break;
        if (said === 'unknown') continue;
        counts.holdersChecked++;
        (said === 'external' ? external : ours).push(userId);
      }
      // Marked and unmarked in one write of the settings.
      const back = new Set(ours.filter((id) => ctx.settings.externalHolders.includes(id)));
      const { marked, unmarked } = await this.markHolders(ctx, external, back);
      counts.holdersMarkedExternal = marked.length;
      counts.holdersUnmarked = unmarked;
    } catch (err) {
      ctx.log.warn({ err }, 'role holders not checked against Slack: asked again at the next run');
    }
    return counts;
  }

  /**
   * An admin's Dismiss beside a channel their Home names as refusing the desk
   * (OutboxService.dismissRefusal, admins only): the other admins' Homes, which name it too,
   * are drawn again through the outbox (the clicker's is published by the click's handler).
   */
  async dismissRefusal(ctx: Ctx, channel: string): Promise<void> {
    await this.deps.outbox.dismissRefusal(ctx, channel);
    const others = ctx.settings.admins.filter((a) => a !== ctx.actor);
    if (others.length) await refreshHomesAfter(this.deps.notify, ctx, others);
  }

  /** What was typed in a group's modal, checked before anything is read (see SettingsAdmin). */
  check(ctx: Ctx, group: SettingsGroup, form: FormData, shownText?: FormData): void {
    this.deps.settings.check(ctx, group, form, shownText);
  }

  /**
   * The Channels form's channels the desk cannot use, each refused on its field before the save
   * is acked: a channel linked to a customer (`refuseCustomerChannels`, read from the database),
   * then, of the others the save would set anew, a private channel the app is not a member of (in
   * a public one it posts without joining, by `chat:write.public`; a private one takes an
   * invitation), "invite the app first", and one shared with another organisation (Slack Connect,
   * or an invitation to it pending): its members outside the team would read the desk's cards,
   * alerts and reports. `standing` asks Slack, once per channel; a channel Slack says nothing of
   * (`unknown`) is taken as before (a post there that fails with not_in_channel is told then), and
   * a channel kept as it was, left as the modal showed it (`shown`: the save does not set it) or
   * linked to a customer is not asked of. A channel the desk cleared as shared
   * (`clearedChannels`) is taken only when Slack says it is not shared now: Slack silent, it is
   * refused on its field, "try again" (`settings.error.channelCleared`). The save checks the
   * customer links again (a link made meanwhile), and a cleared channel on the settings as stored
   * (one cleared since this request's copy was read, on another instance). The channels Slack
   * said the desk may post in (what the save is given: `SaveOptions.postable`). Admins only.
   */
  async refuseUnfitChannels(
    ctx: Ctx,
    form: FormData,
    standing: (channelId: string) => Promise<ChannelStanding>,
    shown?: Record<string, string>,
  ): Promise<ReadonlySet<string>> {
    this.deps.settings.assertAdmin(ctx);
    const problems = await this.customerChannelProblems(ctx, form);
    const asked = new Map<string, Promise<ChannelStanding>>();
    const postable = new Set<string>();
    const refused = await Promise.all(
      Object.entries(DESK_CHANNEL_BLOCKS).map(async ([key, block]) => {
        const setting = key as keyof typeof DESK_CHANNEL_BLOCKS;
        const channelId = form[block]?.trim();
        if (!channelId || channelId === ctx.settings.channels[setting] || problems[block])
          return undefined;
        if (shown?.[block] !== undefined && shownDigest(channelId) === shown[block])
          return undefined;
        if (!asked.has(channelId)) asked.set(channelId, standing(channelId));
        const said = await asked.get(channelId);
        if (said === 'postable') postable.add(channelId);
        if (said === 'unknown' && ctx.settings.clearedChannels.includes(channelId))
          return [block, 'cleared'] as const;
        return said === 'closed' || said === 'shared' ? ([block, said] as const) : undefined;
      }),
    );
    const keys = {
      shared: 'settings.error.channelShared',
      closed: 'settings.error.channelNotMember',
      cleared: 'settings.error.channelCleared',
    } as const;
    for (const [block, said] of refused.filter((r) => r !== undefined))
      problems[block] = { key: keys[said] };
    if (Object.keys(problems).length) throw new FieldErrors(problems);
    return postable;
  }

  /**
   * Saves a group's modal (refused for anyone but an admin; bad values per field; only the fields
   * changed from what it showed, `opts.shown`: SettingsAdminService.save). A triage
   * channel set where there was none (or another one) sends the ticket cards that waited for it.
   * A change refreshes the Homes of the admin who saved it and the other admins (what blocks the
   * desk, on their Homes, is read from the settings: no triage channel, no holidays...); one that
   * changes what every Home shows (`homeSettings`: the language, the time zone...) those of the
   * people who opened theirs lately (`homeReaders`) too.
   */
  async save(
    ctx: Ctx,
    group: SettingsGroup,
    form: FormData,
    opts: SaveOptions = {},
  ): Promise<SettingsSaved> {
    if (group === 'channels') await this.refuseCustomerChannels(ctx, form);
    const saved = await this.deps.settings.save(ctx, group, form, opts);
    const triage = saved.after.channels.triage;
    if (triage && triage !== saved.before.channels.triage)
      await this.deps.outbox.triageChannelSet(ctx);
    // What quiet hours hold goes when the new ones say.
    if (quietSettings(saved.before) !== quietSettings(saved.after)) {
      const retimed = await this.deps.outbox.quietHoursChanged({ ...ctx, settings: saved.after });
      if (retimed) this.deps.notify.outbox.kick();
    }
    if (Object.keys(saved.changed.new).length)
      await this.refreshHomes(ctx, [
        ctx.actor,
        ...saved.after.admins,
        ...(homeSettings(saved.before) !== homeSettings(saved.after)
          ? await this.homeReaders(ctx, saved.after)
          : []),
      ]);
    return saved;
  }

  /**
   * Slack says a channel is now shared with another organisation (`channel_shared`: Slack
   * Connect, after it was saved here). Were it a desk channel (triage, escalation, alerts,
   * digest), the desk's cards, alerts, digest and reports would go on showing there to people
   * outside the team: each setting naming it is cleared (`clearSharedChannel`, the desk's own
   * change in the settings history), and the admins (the managers when no admin is set) are told
   * by DM which channel, why, and to pick another one; their Homes then show what is missing (a
   * card waits for a triage channel, an alert goes to the triage channel...). Another channel:
   * nothing. A delivery again (nothing left to clear): nothing either. Not `confirmed` (Slack
   * did not say in time with whom it is shared, nor did the event): cleared the same way, the DM
   * saying so rather than "another organisation". How many settings cleared.
   */
  async channelShared(ctx: Ctx, channelId: string, confirmed = true): Promise<number> {
    return (await this.deskChannelUnfit(ctx, channelId, 'shared', confirmed)).cleared;
  }

  /**
   * A desk channel the desk must not post to (`why`): shared with another organisation, or a
   * customer's channel (`/desk channel link`), as the outbox found before its first post there
   * (a channel seeded from the environment was never checked by the Channels form). Cleared and
   * told as `channelShared` does, the DM saying why. How many settings were cleared, and the
   * settings after.
   */
  async deskChannelUnfit(
    ctx: Ctx,
    channelId: string,
    why: 'shared' | 'customer',
    confirmed = true,
  ): Promise<{ cleared: number; after: WorkspaceSettings }> {
    const told = why === 'shared' && !confirmed ? 'maybeShared' : why;
    const { cleared, after } = await this.deps.settings.clearSharedChannel(
      ctx,
      channelId,
      why === 'shared',
      told,
    );
    await this.leaveChannel(ctx, channelId, why, cleared.length > 0, after.channels.triage);
    if (!cleared.length) return { cleared: 0, after };
    await this.tellCleared(ctx, after, {
      channel: channelId,
      cleared,
      why: told,
      at: ctx.now.getTime(),
    });
    return { cleared: cleared.length, after };
  }

  /**
   * A channel the desk may no longer use (`why`; `cleared`: settings named it): its cards there
   * forgotten, what is owed there dropped, but for the lines owed under those cards: they go in
   * each one's new card's thread, in the triage channel (`triage`, as the settings are after the
   * clear) (OutboxService.channelLeft). Each step idempotent: the clear's own request runs it,
   * and the outbox upkeep again for a clear cut off before it (`repairClearNotices`).
   */
  private async leaveChannel(
    ctx: Ctx,
    channelId: string,
    why: 'shared' | 'customer',
    cleared: boolean,
    triage: string | undefined,
  ): Promise<void> {
    // The cards already there (a desk channel's, or a former triage channel's) go on no more:
    // each ticket's next update posts a new card in the triage channel (or it waits for one),
    // and what was owed there is not sent; but the desk's lines owed under those cards (the
    // change that found the channel a customer's, a claim say, first) go in the new card's
    // thread, in order. Safe default: the product owner should confirm.
    const cards = await this.deps.tickets.cardsLeft(ctx.teamId, channelId);
    // A former desk channel now shared (no setting names it: moved by the Channels form): the
    // desk's own messages still owed there (held, or waiting to be tried again; the outbox lets
    // them go to a channel the settings do not name) are dropped, the requester's notices not.
    const owed =
      !cleared &&
      why === 'shared' &&
      (await this.deps.outbox.owesDeskMessage(ctx.teamId, channelId));
    // A card entry still naming the channel (its card there, or there when it was left): a
    // leave cut short after the tickets forgot their cards (a failure, a crash) is run again,
    // so the lines owed under those cards still follow them (OutboxRepository.channelLeft).
    if (
      cards.length ||
      cleared ||
      owed ||
      (await this.deps.outbox.cardNames(ctx.teamId, channelId))
    )
      await this.deps.outbox.channelLeft(
        ctx,
        channelId,
        cards,
        // A customer's channel: the desk's own messages still owed there (a digest, an alert)
        // are dropped too; the requester's notices go on (`barredChannel`). Slack Connect: the
        // requester's notices are kept, due once every instance's settings list the channel
        // (SETTINGS_FRESH_MS), and then sent to the requester's DM (`barredChannel`, as at any
        // delivery to a channel listed as cleared), or dropped when there is none.
        cleared ? why === 'shared' || 'desk' : owed && 'desk',
        DESK_CHANNEL_UNFIT,
        new Date(ctx.now.getTime() + SETTINGS_FRESH_MS),
        triage,
      );
  }

  /**
   * A clear's DM to the admins (the managers when no admin is set), the admins' Homes refreshed,
   * then the debt the clear wrote with it (`clearsUntold`) taken off: cut off before, the outbox
   * upkeep tells them (`repairClearNotices`), under the same keys (nothing goes twice).
   */
  private async tellCleared(
    ctx: Ctx,
    settings: WorkspaceSettings,
    owed: WorkspaceSettings['clearsUntold'][number],
  ): Promise<void> {
    // Never one Slack said is of another organisation, nor one held (`staffToTellNow`: the desk's
    // only admin made a guest owner, whom nothing reaches): then the triage channel (but the one
    // cleared), else the staff agents.
    const told = await staffToTellRead(
      settings,
      () => this.deps.customers.awayOwners(ctx),
      owed.channel,
    );
    if (!told.length)
      ctx.log.warn(
        { channel: owed.channel },
        'desk channel cleared: no admin or manager is set to be told',
      );
    // Keyed by the clear's own time: the repair's pass writes the same keys.
    await this.deps.notify.settings.sharedChannelCleared(
      makeCtx({ ...ctx, settings, now: new Date(owed.at) }),
      owed.channel,
      owed.cleared,
      told,
      owed.why,
    );
    await this.refreshHomes(ctx, [...settings.admins]);
    this.deps.notify.outbox.kick();
    await this.deps.settings.clearTold(ctx.teamId, owed.channel, owed.at);
  }

  /**
   * Clears whose admins' DM was never written (`clearsUntold`: the process cut off between the
   * clear and its DM, say a stop running the clear), across workspaces, CLEAR_TELL_REPAIR_MS on:
   * the clear's steps after its write done again (`leaveChannel`, idempotent: its cards there
   * forgotten, what is owed there dropped), the DM written now under the clear's keys (one
   * already there goes once), the admins' Homes refreshed, the debt taken off. A failure is logged: the next pass tries again. Counts the
   * clears told.
   */
  async repairClearNotices(now: Date, log: Logger, limit = 100): Promise<{ repaired: number }> {
    let repaired = 0;
    const before = now.getTime() - CLEAR_TELL_REPAIR_MS;
    for (const teamId of await this.deps.settings.owingClearNotices(before, limit)) {
      try {
        // Read as stored: a cached copy may predate the clear.
        const { settings } = await this.deps.workspaces.stored(teamId);
        const ctx = makeCtx({ teamId, settings, actor: SYSTEM_ACTOR, now, log, origin: 'job' });
        for (const owed of settings.clearsUntold.filter((c) => c.at <= before)) {
          // The clear's steps after its write, first (cut off before them: the old cards would
          // go on being updated there, what was owed there would go on waiting), unless a
          // setting names the channel again since (an admin chose it anew): then it is the
          // desk's channel, its cards kept.
          if (!Object.values(settings.channels).includes(owed.channel))
            await this.leaveChannel(
              ctx,
              owed.channel,
              owed.why === 'customer' ? 'customer' : 'shared',
              true,
              settings.channels.triage,
            );
          await this.tellCleared(ctx, settings, owed);
          repaired++;
        }
      } catch (err) {
        log.warn({ err, teamId }, 'cleared channel: the admins’ DM not written, tried again later');
      }
    }
    return { repaired };
  }

  /**
   * Saves the roles (`/desk roles`; refused for anyone but an admin, and for the unfit people
   * Slack described; only what was changed from what the modal showed, `edit`), then refreshes the Homes they change: the saver's, those of the people
   * whose roles changed (a new manager's gains the team part, a demoted one's loses it) and the
   * admins' (no managers set...); when the admins changed, whom every Home names beside what only
   * admins may do, those of the people who opened theirs lately (`homeReaders`) too; so too when
   * the desk is opened or closed: a person the roles name nowhere is listed on a closed desk only
   * the commands they may use (commandUsages).
   */
  async saveRoles(
    ctx: Ctx,
    roles: Roles,
    unfit: readonly UnfitPerson[] = [],
    edit?: Parameters<SettingsAdminService['saveRoles']>[3],
  ): Promise<{ before: WorkspaceSettings; after: WorkspaceSettings }> {
    const saved = await this.deps.settings.saveRoles(ctx, roles, unfit, edit);
    const changed = rolesChanged(saved.before, saved.after);
    // Every Home names the admins beside what only they may do ("ask <@…>").
    const admins = JSON.stringify(saved.before.admins) !== JSON.stringify(saved.after.admins);
    // A member with no role reads fewer commands on a closed desk than on an open one.
    const readersToo = admins || saved.before.openDesk !== saved.after.openDesk;
    // Whom a guest owner's tickets name as account manager may have changed: they follow.
    // Whose Home lists a guest owner's customers among theirs may have changed too, whether or not
    // a ticket or a task moved: the former stand-in's and the new one's are drawn again.
    // The moves owed with the roles' write (`standInsOwed`) made, their mark stays for one more
    // pass of the outbox upkeep two minutes after the save (`repairStandIns`, `standInsMadeOnce`):
    // a ticket or task another request wrote for the former stand-in by roles it read before the
    // save, after these moves, goes to the new one then. Cut off before, the upkeep moves them.
    // The mark written over an earlier save's (cut short, its Homes never drawn) says who stood
    // in before that one: their Homes are drawn too, as the repair of that mark would have.
    // The guest owners not read, whose stand-ins those are is not known: the mark keeps who stood
    // in before, and the outbox upkeep's pass draws them. The Homes showing the moves (`readers`)
    // not written, the mark keeps whose they are (`homes`): that pass moves nothing to learn it.
    const standIns: string[] = [];
    let madeOnce: { id: string | number; seen: readonly WorkspaceSettings[] } | undefined;
    let readers: { id: string | number; homes: string[] } | undefined;
    if (standInsMayMove(saved.before, saved.after)) {
      const moved = await this.followStandIns(ctx, saved.after);
      standIns.push(...moved.readers);
      const changedNow = await this.standInsChanged(ctx, saved.before, saved.after);
      let read = !!changedNow;
      standIns.push(...(changedNow ?? []));
      const owed = owedStandIns(saved.after.standInsOwed);
      standIns.push(...(owed?.homes ?? []));
      if (owed && moved.readers.length) readers = { id: owed.id, homes: moved.readers };
      if (owed?.from && standInsMayMove(owed.from, saved.before)) {
        const earlier = { ...saved.before, ...owed.from };
        const changedEarlier = await this.standInsChanged(ctx, earlier, saved.after);
        read &&= !!changedEarlier;
        standIns.push(...(changedEarlier ?? []));
        standIns.push(...rolesChanged(earlier, saved.after));
      }
      if (moved.done && read && owed) madeOnce = { id: owed.id, seen: moved.seen };
    }
    const homes =
      !(changed.length || standIns.length || readersToo) ||
      (await this.refreshHomes(ctx, [
        ctx.actor,
        ...changed,
        ...standIns,
        ...saved.after.admins,
        ...(readersToo ? await this.homeReaders(ctx, saved.after) : []),
      ]));
    // Only once the Homes' refreshes are written (and the guest owners read) does the mark forget
    // who stood in before: not, or cut off before, the outbox upkeep's pass draws them
    // (`repairStandIns`).
    if (madeOnce && homes) await this.standInsMadeOnce(ctx, madeOnce.id, madeOnce.seen);
    if (readers && !homes) await this.standInsHomesOwed(ctx, readers.id, readers.homes);
    return saved;
  }

  /**
   * Roles saved: the open tickets standing in for a guest owner name whom the roles name now
   * (TicketService.followStandIns), their customers' complaint cards drawn again, and their open
   * tasks (a complaint's contact among them) go to them too (TaskService.followStandIns); whose
   * Homes show the move (`readers`). Saved already: a failure is logged (`done` false), and the
   * outbox upkeep moves them (`repairStandIns`); the tickets moved before it are counted in
   * `readers` and their cards drawn all the same.
   */
  private async followStandIns(
    ctx: Ctx,
    after: WorkspaceSettings,
  ): Promise<{ readers: string[]; done: boolean; seen: WorkspaceSettings[]; moved: number }> {
    const now = makeCtx({ ...ctx, settings: after });
    const readers = new Set<string>();
    let done = true;
    let count = 0;
    // Each move decides by the roles as stored, read after the tickets or tasks it moves (`after`
    // is only the first guess): a later save's move, made after its roles' write, is seen with
    // them. The roles read are kept: the mark stays when they moved on since (`standInsMoved`).
    const seen: WorkspaceSettings[] = [];
    const rolesNow = async () => {
      const { settings } = await this.deps.workspaces.stored(ctx.teamId);
      seen.push(settings);
      return settings;
    };
    // The customers whose tickets moved, kept as each moves: a move failing part-way still draws
    // the cards of those it moved before (the outbox upkeep's pass finds them moved, and draws
    // only the cards of what it moves).
    const cards = new Set<string>();
    try {
      const moved = await this.deps.tickets.followStandIns(now, rolesNow, {
        readers,
        customerIds: cards,
      });
      count += moved.moved;
      if (moved.moved) {
        ctx.log.info(
          { moved: moved.moved },
          'roles saved: guest-owned customers’ open tickets follow their stand-in',
        );
        for (const id of cards) await redrawOwnerCards(this.deps, now, id);
        // Those written while nobody could stand in: their new stand-in never had the intake DM.
        // Owed since the move's write: marked off once in the outbox, else the notices repair.
        await this.deps.notify.tickets
          .standInTaken(now, moved.taken)
          .then(() => this.deps.tickets.standInTakenTold(moved.taken))
          .catch((err: unknown) =>
            ctx.log.warn({ err }, 'stand-in’s DM of their tickets not written'),
          );
      }
    } catch (err) {
      done = false;
      ctx.log.warn(
        { err },
        'roles saved: guest-owned customers’ open tickets not moved to their stand-in, the outbox upkeep moves them',
      );
      for (const id of cards) await redrawOwnerCards(this.deps, now, id);
    }
    try {
      const moved = await this.deps.tasks.followStandIns(now, readers, rolesNow);
      count += moved;
      if (moved)
        ctx.log.info(
          { moved },
          'roles saved: guest-owned customers’ open tasks follow their stand-in',
        );
    } catch (err) {
      done = false;
      ctx.log.warn(
        { err },
        'roles saved: guest-owned customers’ open tasks not moved to their stand-in, the outbox upkeep moves them',
      );
    }
    return { readers: [...readers], done, seen, moved: count };
  }

  /**
   * The moves owed by the mark `id` made, by the roles `seen`: the mark kept for the upkeep's
   * one more pass (`standInsMadeOnce`). A failure is logged: the repair makes them again.
   */
  private async standInsMadeOnce(
    ctx: Pick<Ctx, 'teamId' | 'log'>,
    id: string | number,
    seen: readonly WorkspaceSettings[],
  ): Promise<void> {
    try {
      await this.deps.settings.standInsMadeOnce(ctx.teamId, id, seen);
    } catch (err) {
      ctx.log.warn({ err }, 'roles saved: stand-in moves made, their mark not updated');
    }
  }

  /**
   * The Homes showing the moves owed by the mark `id` (`homes`), their refreshes not written:
   * kept on the mark for the outbox upkeep's pass. A failure is logged: those Homes show the moves
   * when next drawn.
   */
  private async standInsHomesOwed(
    ctx: Pick<Ctx, 'teamId' | 'log'>,
    id: string | number,
    homes: readonly string[],
  ): Promise<void> {
    try {
      await this.deps.settings.standInsHomesOwed(ctx.teamId, id, homes);
    } catch (err) {
      ctx.log.warn({ err }, 'roles saved: stand-in moves made, their Homes not kept on the mark');
    }
  }

  /**
   * Roles saves whose stand-in moves were never made (`standInsOwed`: the process cut off between
   * the roles' write and the moves, or a move failing), across workspaces, due by `now`
   * (STANDIN_REPAIR_MS after the save, later after a failed try: standInRepairDelay): the guest
   * owners' open tickets and tasks moved to whom the roles as stored name now (the moves are
   * idempotent: one already made, by the save or another instance, moves nothing), the complaint
   * cards drawn again, and the Homes of whom they named before and name now, of the former and
   * the new stand-ins (`from`: whose customers with signals change even when nothing moves) and
   * of whom the save made or unmade a manager or an admin, and those an earlier pass's moves
   * showed whose refreshes were not written (`homes`); the mark taken off by its id (once
   * those Homes' refreshes are written). A failure is logged and the mark tried again later. Counts the saves whose repair moved
   * something (one that found it all moved only takes the mark off, logged).
   */
  async repairStandIns(now: Date, log: Logger, limit = 100): Promise<{ repaired: number }> {
    let repaired = 0;
    for (const teamId of await this.deps.settings.owingStandIns(now.getTime(), limit)) {
      let owed: ReturnType<typeof owedStandIns>;
      try {
        // Read as stored: a cached copy may predate the save.
        const { settings } = await this.deps.workspaces.stored(teamId);
        owed = owedStandIns(settings.standInsOwed);
        if (!owed || owed.nextAt > now.getTime()) continue;
        const ctx = makeCtx({ teamId, settings, actor: SYSTEM_ACTOR, now, log, origin: 'job' });
        const moved = await this.followStandIns(ctx, settings);
        // With the Homes an earlier pass's moves showed, not drawn then (`homes`).
        const people = [...moved.readers, ...(owed.homes ?? [])];
        let read = true;
        if (owed.from) {
          const before = { ...settings, ...owed.from };
          const after = moved.seen.at(-1) ?? settings;
          const changedNow = await this.standInsChanged(ctx, before, after);
          read = !!changedNow;
          people.push(...(changedNow ?? []));
          people.push(...rolesChanged(before, after));
        }
        // Homes not written (the database refusing their refreshes), or the guest owners not read
        // (whose Homes those are not known): tried again later, as a move not made is; the mark
        // keeps whose they are.
        const homes = !people.length || (await this.refreshHomes(ctx, people));
        if (!moved.done || !homes || !read) {
          await this.deps.settings.standInsRetry(
            teamId,
            owed.id,
            now.getTime(),
            homes ? [] : moved.readers,
          );
          continue;
        }
        await this.deps.settings.standInsMoved(teamId, owed.id, moved.seen);
        if (moved.moved) {
          log.info(
            { teamId, moved: moved.moved },
            'roles saved: guest owners’ stand-in moves repaired',
          );
          repaired++;
        } else
          log.info(
            { teamId },
            'roles saved: guest owners’ stand-in moves found made, their mark taken off',
          );
      } catch (err) {
        log.warn(
          { err, teamId },
          'roles saved: guest owners’ stand-in moves not repaired, tried again later',
        );
        if (owed)
          await this.deps.settings
            .standInsRetry(teamId, owed.id, now.getTime())
            .catch((retryErr: unknown) =>
              log.warn({ err: retryErr, teamId }, 'roles saved: stand-in repair not put off'),
            );
      }
    }
    return { repaired };
  }

  /**
   * The stand-ins before and after of the guest owners whose stand-in the save changed
   * (CustomerService.standInsChanged). Saved already: a failure is logged and undefined (the
   * stand-in mark kept: the outbox upkeep draws their Homes).
   */
  private async standInsChanged(
    ctx: Ctx,
    before: WorkspaceSettings,
    after: WorkspaceSettings,
  ): Promise<string[] | undefined> {
    try {
      return await this.deps.customers.standInsChanged(ctx, before, after);
    } catch (err) {
      ctx.log.warn(
        { err },
        'roles saved: guest owners’ stand-ins not read, their Homes drawn by the outbox upkeep',
      );
      return undefined;
    }
  }

  /** Whose Home shows a change made to everyone's: `homeReaders` (below). */
  private async homeReaders(ctx: Ctx, settings: WorkspaceSettings): Promise<string[]> {
    return homeReaders(this.deps.outbox, ctx, settings);
  }

  /** The Homes of `users` refreshed through the outbox: `refreshSavedHomes` (below). */
  private async refreshHomes(ctx: Ctx, users: string[]): Promise<boolean> {
    return refreshSavedHomes(this.deps.notify, ctx, users);
  }

  /**
   * The desk's own channels (triage, escalation, alerts, digest) carry the team's cards and
   * notes: a channel linked to a customer (`/desk channel link`) would show them to the customer
   * and make the desk's own posts tickets. Refused on its field, naming the customer (the reverse
   * of the link's refusal of the desk's own channels). Checked before the ack
   * (`refuseUnfitChannels`) and again here, for a link made meanwhile. Admins only, as the save.
   */
  private async refuseCustomerChannels(ctx: Ctx, form: FormData): Promise<void> {
    this.deps.settings.assertAdmin(ctx);
    const problems = await this.customerChannelProblems(ctx, form);
    if (Object.keys(problems).length) throw new FieldErrors(problems);
  }

  /** The Channels form's fields naming a channel linked to a customer, each with its problem. */
  private async customerChannelProblems(
    ctx: Ctx,
    form: FormData,
  ): Promise<Record<string, FieldProblem>> {
    const problems: Record<string, FieldProblem> = {};
    for (const block of Object.values(DESK_CHANNEL_BLOCKS)) {
      const channelId = form[block]?.trim();
      if (!channelId) continue;
      const link = await this.deps.channels.forChannel(ctx, channelId);
      if (link)
        problems[block] = {
          key: 'settings.error.customerChannel',
          params: { customer: link.customerName, code: link.customerCode },
        };
    }
    return problems;
  }

  /**
   * After a save: when it moved the clocks (holidays, extra working days, business hours, time
   * zone, SLA rules), every open ticket's stored times again, with the new settings (a
   * complaint's contact and a demand's plan due times not met yet, and the complaint's contact
   * task, too). The posted cards of the tickets it moved are drawn again through the outbox
   * (rendered from the ticket as stored when delivered), as bulk redraws (behind every other
   * message due), so the triage channel shows the new due
   * times rather than the old ones until each ticket's next change; a failure to write them is
   * logged and does not undo the save. Returns how many tickets changed, or undefined when the
   * clocks did not move.
   */
  async applyClocks(ctx: Ctx, saved: SettingsSaved): Promise<number | undefined> {
    if (clockSettings(saved.before) === clockSettings(saved.after)) return undefined;
    const started = Date.now();
    const after = makeCtx({ ...ctx, settings: saved.after });
    const { notify } = this.deps;
    let cards = 0;
    const changed = await this.deps.tickets.recalculateClocks(after, async (moved) => {
      const posted = moved.filter((t) => t.card.ts);
      if (!posted.length) return;
      try {
        // Behind every other message due: a thousand redraws never hold back an alert or a DM.
        cards += (await notify.tickets.cards(after, posted, undefined, { bulk: true })).length;
      } catch (err) {
        ctx.log.warn({ err, tickets: posted.length }, 'cards not redrawn after the clocks moved');
      }
    });
    if (cards) notify.outbox.kick();
    // A complaint's contact step follows its contact target (moved with the calendar): the Homes
    // listing it show its new day.
    const contactTasks = await this.deps.tasks.followComplaintContacts(after);
    if (contactTasks.length)
      await refreshHomesAfter(notify, ctx, contactTasks.flatMap(taskReaders));
    ctx.log.info(
      { changed, contactTasks: contactTasks.length, cards, ms: Date.now() - started },
      'ticket clocks computed again',
    );
    return changed;
  }

  /**
   * After a save that changed the tier thresholds: the day of the next quarterly tier review
   * (`YYYY-MM-DD`, the workspace's calendar), when stored tiers follow them (domain 2: tiers are
   * reviewed quarterly). The review job's next run after now: on a quarter's first day before
   * TIER_REVIEW_AT, today. Undefined when the thresholds did not change.
   */
  nextTierReview(ctx: Pick<Ctx, 'now'>, saved: SettingsSaved): string | undefined {
    if (JSON.stringify(saved.before.tiers) === JSON.stringify(saved.after.tiers)) return undefined;
    const zone = saved.after.timeZone;
    return localDate(nextQuarterlySlot(ctx.now, zone, TIER_REVIEW_AT), zone);
  }

  /** China's statutory holidays of a year (admins only: it fills the holidays modal). */
  publicHolidays(ctx: Ctx, year: number): PublicCalendar {
    this.deps.settings.assertAdmin(ctx);
    return chinaPublicCalendar(year);
  }
}

/**
 * Whose Home shows a change made to everyone's (the admins, whom every Home names beside what
 * only admins may do): those who opened theirs in the last HOME_OPENED_DAYS, the most recent
 * first, then the others the roles name. A guest among them is drawn the guest's Home, as on
 * their own visit (src/app.ts `homeReader`). A failed read is logged: the roles' people are
 * still refreshed. Also the CLI's `admins --add` (src/cli/admins.ts).
 */
export async function homeReaders(
  outbox: Pick<OutboxService, 'homesOpenedWithin'>,
  ctx: Ctx,
  settings: WorkspaceSettings,
): Promise<string[]> {
  const recent = await outbox
    .homesOpenedWithin(ctx, HOME_OPENED_DAYS, SAVE_HOMES_MAX)
    .catch((err: unknown) => {
      ctx.log.warn({ err }, 'settings saved: who opened their Home lately not read');
      return [];
    });
  return [...recent, ...peopleOf(settings)];
}

/** The Homes of `users` refreshed through the outbox, the first SAVE_HOMES_MAX of them. */
export async function refreshSavedHomes(
  notify: Parameters<typeof refreshHomesAfter>[0],
  ctx: Ctx,
  users: string[],
): Promise<boolean> {
  const all = [...new Set(users)];
  if (all.length > SAVE_HOMES_MAX)
    ctx.log.info(
      { homes: all.length, refreshed: SAVE_HOMES_MAX },
      'settings saved: only the first Homes refreshed, the rest at their next open',
    );
  return refreshHomesAfter(notify, ctx, all.slice(0, SAVE_HOMES_MAX));
}
