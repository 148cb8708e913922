import type { Ctx } from '../context.js';
import type { CustomerService } from '../customer/service.js';
import type { OutboxService } from '../outbox/service.js';
import type { WorkspaceService } from '../workspace/service.js';
import { AppError, FieldErrors } from '../errors.js';
import { tooLongToFind } from '../customer/rules.js';
import { typedExcerpt } from '../text/clip.js';
import { listParams, t } from '../i18n/index.js';
import { assertMay } from '../permissions.js';
import type { ChannelLinkRepository, SeenEventRepository } from './repository.js';
import {
  DEFAULT_INTAKE_EMOJI,
  EVENT_KEEP_DEAD_DAYS,
  EVENT_KEEP_DONE_DAYS,
  EVENT_LEASE_MS,
  EVENT_MAX_ATTEMPTS,
  EVENT_REDO_AFTER_MS,
  eventBackoffMs,
  type ChannelLink,
  type InboxEvent,
  type InboxPayload,
  type IntakeMode,
  type SharedFlag,
} from './types.js';

export interface LinkInput {
  channelId: string;
  customerCode: string;
  intake?: IntakeMode;
  emoji?: string;
  /** Shared with another organisation, or about to be (conversations.info, `sharedOutside`). */
  shared: boolean;
  /**
   * Shared only because an invitation to another organisation is pending (`is_pending_ext_shared`
   * without `is_ext_shared`): events do not take it back (ChannelLink.sharedPending).
   */
  pending?: boolean;
  /** A direct message, one person's or a group's (conversations.info `is_im`, `is_mpim`). */
  direct?: boolean;
}

/** A link made: `alreadyLinked` when the channel was this customer's channel before. */
export interface LinkResult extends ChannelLink {
  alreadyLinked: boolean;
}

/**
 * Customer channels: which channel belongs to which customer and how its messages become
 * tickets (admins only), and the inbox of their Events API deliveries.
 */
export class ChannelService {
  constructor(
    private readonly repos: { links: ChannelLinkRepository; seen: SeenEventRepository },
    private readonly customers: CustomerService,
    /** The channel's recorded refusal (the admins' Home) goes when it is unlinked. */
    private readonly outbox: Pick<OutboxService, 'channelUnlinked'>,
    /** The settings as stored: a channel linked leaves `clearedChannels`. */
    private readonly workspaces?: Pick<WorkspaceService, 'change'>,
  ) {}

  /** Refuses anyone but an admin (before any Slack call or form). */
  assertMayLink(ctx: Ctx): void {
    assertMay(ctx, 'channel.link');
  }

  /**
   * Why a channel cannot be a customer channel, if it cannot: a direct message (one person's, or
   * a group's), or one of the desk's own channels (triage, escalation, alerts, digest), whose
   * messages are the team's. Checked before asking Slack about the channel.
   */
  linkRefusal(ctx: Pick<Ctx, 'settings'>, channelId: string): 'direct' | 'own' | undefined {
    if (channelId.startsWith('D')) return 'direct';
    const own = Object.values(ctx.settings.channels).filter(Boolean);
    return own.includes(channelId) ? 'own' : undefined;
  }

  /**
   * Links a channel to a customer (again: to this customer, mode and emoji). Says whether it was
   * this customer's channel already (the answer then says so, not "is now").
   */
  async link(ctx: Ctx, input: LinkInput): Promise<LinkResult> {
    this.assertMayLink(ctx);
    const refusal = input.direct ? 'direct' : this.linkRefusal(ctx, input.channelId);
    if (refusal)
      throw new FieldErrors({
        channel: { key: refusal === 'direct' ? 'channel.error.direct' : 'channel.error.own' },
      });
    const customer = await this.customerFor(ctx, input.customerCode);
    const before = await this.repos.links.byChannel(ctx.teamId, input.channelId);
    const link = await this.repos.links.upsert(
      {
        teamId: ctx.teamId,
        channelId: input.channelId,
        customerId: customer.id,
        customerCode: customer.code,
        customerName: customer.name,
        intake: input.intake ?? before?.intake ?? 'all',
        emoji: input.emoji ?? before?.emoji ?? DEFAULT_INTAKE_EMOJI,
        shared: input.shared,
        ...(input.shared && input.pending ? { sharedPending: true } : {}),
        linkedBy: ctx.actor,
        linkedAt: ctx.now,
      },
      customer.revision,
    );
    // A desk channel cleared as shared (Slack Connect) and linked now: the customer's channel,
    // no longer listed in `clearedChannels` (taken off the settings as stored, one
    // compare-and-set). Meanwhile an instance whose settings still list it asks the database
    // whether it is linked (the outbox's `barredChannel`); the desk's own messages go there no
    // more (a channel the settings do not name, linked to a customer). The link remembers it
    // (`cleared`): unlinked while still shared, it is listed again (`unlink`). Marked before it
    // leaves the list: a failure (or a stop) in between leaves it marked and listed, the safe
    // side, never neither.
    const listedNow = async () => {
      let listed = false;
      await this.workspaces?.change(ctx.teamId, (current) => {
        listed = current.clearedChannels.includes(input.channelId);
        return null;
      });
      return listed;
    };
    let marked = false;
    if (await listedNow()) {
      await this.repos.links.markCleared(ctx.teamId, input.channelId);
      marked = true;
    }
    let listed = false;
    await this.workspaces?.change(ctx.teamId, (current) => {
      listed = current.clearedChannels.includes(input.channelId);
      return listed
        ? {
            ...current,
            clearedChannels: current.clearedChannels.filter((c) => c !== input.channelId),
          }
        : null;
    });
    // Listed meanwhile (a channel_shared clear between the two reads): marked now.
    if (listed && !marked) await this.repos.links.markCleared(ctx.teamId, input.channelId);
    // Renamed since it was read: that rename's copy may have run before the link was in (and
    // cleared what it owed), so the link takes the name the customer has now.
    const now = await this.customers.nameNow(ctx, customer.id);
    let named = link;
    if (now && now.revision > customer.revision) {
      await this.repos.links.renameCustomer(ctx.teamId, customer.id, now.name, now.revision);
      named = { ...link, customerName: now.name };
    }
    // Another customer's channel now: what Slack answered there for the last one is not news.
    if (before && before.customerId !== customer.id)
      await this.outbox.channelUnlinked(ctx, input.channelId);
    return { ...named, alreadyLinked: before?.customerId === customer.id };
  }

  /**
   * The customer of a code; a word that is no customer's code but matches customers' names
   * (`华东`) is answered with their codes, to run the link again with one (at most 5 named).
   */
  private async customerFor(ctx: Ctx, typed: string) {
    try {
      return await this.customers.get(ctx, typed);
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== 'NOT_FOUND') throw err;
      // Longer than a name (`tooLongToFind`): no customer's code, and not looked for by name.
      if (tooLongToFind(typed)) throw err;
      const { items, total } = await this.customers.find(ctx, typed, 5);
      if (!items.length) throw err;
      // Each as `C2026001 (Huadong)` / `C2026001（华东机械）`, joined as the reader's language
      // lists (`, ` / `、`).
      const matches = items.map((c) =>
        t(ctx.locale, 'channel.didYouMean.match', { code: c.code, name: c.name }),
      );
      throw new AppError('NOT_FOUND', 'channel.error.didYouMean', {
        text: typedExcerpt(typed, 20),
        ...listParams(ctx.locale, { matches }),
        more: Math.max(0, total - items.length),
      });
    }
  }

  /**
   * Unlinks a channel. One that was a desk channel cleared as shared when it was linked
   * (`cleared`) and that is still shared with another organisation (`sharedOutside`, asked of
   * Slack only then; Slack not saying: shared) is listed in `clearedChannels` again before the
   * link goes, so that no instance sends there what the outside organisation must not read:
   * the desk's own messages, and the requester notices of the tickets opened there before the
   * share (those opened as its Slack Connect conversation keep their thread: `barredChannel`).
   * A safe default the product owner should confirm. `relisted`: it was (the reply says so).
   */
  async unlink(
    ctx: Ctx,
    channelId: string,
    sharedOutside: () => Promise<boolean> = async () => true,
  ): Promise<ChannelLink & { relisted: boolean }> {
    this.assertMayLink(ctx);
    const link = await this.repos.links.byChannel(ctx.teamId, channelId);
    if (!link) throw new AppError('NOT_FOUND', 'channel.error.notLinked', {});
    let relisted = false;
    if (link.cleared && this.workspaces && (await sharedOutside())) {
      await this.workspaces.change(ctx.teamId, (current) => {
        // Named by the settings again (a desk channel): not barred, nothing listed.
        relisted = !Object.values(current.channels).includes(channelId);
        if (!relisted) return null;
        return current.clearedChannels.includes(channelId)
          ? null
          : { ...current, clearedChannels: [...current.clearedChannels, channelId] };
      });
      ctx.log.info(
        { channel: channelId },
        'unlinked channel still shared: listed as cleared again',
      );
    }
    await this.repos.links.remove(ctx.teamId, channelId);
    // No longer a customer channel: the admins' Home stops naming it as refusing the desk.
    await this.outbox.channelUnlinked(ctx, channelId);
    return { ...link, relisted };
  }

  forChannel(ctx: Pick<Ctx, 'teamId'>, channelId: string): Promise<ChannelLink | null> {
    return this.repos.links.byChannel(ctx.teamId, channelId);
  }

  /**
   * The link as its channel was for this event: an event says whether the channel is shared with
   * another organisation (`is_ext_shared_channel`); a channel linked before it became Slack
   * Connect (or one no longer shared) has its link updated, so who is staff there follows
   * (`isStaff`). The link takes the flag only from an event newer than the last one it took (and
   * than the link): an older one delivered late (for the first time, or done again by the inbox's
   * redo) leaves it, its own work judged by its own flag. The live delivery and the redo alike.
   * A link shared because an invitation was pending (`sharedPending`) is not taken back by an
   * event saying not shared (its work judged as shared); one saying shared ends the pending.
   */
  async sharedNow(
    ctx: Pick<Ctx, 'teamId' | 'log'>,
    link: ChannelLink,
    flag: SharedFlag | undefined,
  ): Promise<ChannelLink> {
    if (!flag) return link;
    // Shared because an invitation is pending: Slack's flag does not count that (not taken).
    if (link.sharedPending && !flag.shared) return link;
    const at = new Date(flag.at);
    const asOf = link.sharedAsOf ?? link.linkedAt;
    if (at.getTime() >= asOf.getTime()) {
      if (await this.repos.links.setShared(ctx.teamId, link.channelId, flag.shared, at))
        ctx.log.info(
          { channel: link.channelId, shared: flag.shared },
          'customer channel link: shared changed',
        );
    } else if (flag.shared !== link.shared)
      ctx.log.info(
        { channel: link.channelId, shared: flag.shared },
        'customer channel link: an older event’s shared flag not taken',
      );
    return flag.shared === link.shared ? link : { ...link, shared: flag.shared };
  }

  /**
   * The channel's customer left it at `at` (`team`, who left: Slack Connect disconnected): its
   * link marked so. The link as it is then, and whether this marked it (false: marked already,
   * a redo of the same event); null when the channel is linked to nobody, or the link holds a
   * later event (shared again since) or was made after it.
   */
  disconnected(
    ctx: Pick<Ctx, 'teamId'>,
    channelId: string,
    team: string | undefined,
    at: Date,
  ): Promise<{ changed: boolean; link: ChannelLink } | null> {
    return this.repos.links.setDisconnected(ctx.teamId, channelId, team, at);
  }

  /** Shared again at `at` (`channel_shared`): a link its customer left is live again. */
  reconnected(ctx: Pick<Ctx, 'teamId'>, channelId: string, at: Date): Promise<boolean> {
    return this.repos.links.setReconnected(ctx.teamId, channelId, at);
  }

  forCustomer(ctx: Pick<Ctx, 'teamId'>, customerId: string): Promise<ChannelLink[]> {
    return this.repos.links.byCustomer(ctx.teamId, customerId);
  }

  /** Whether `channelId` is a customer channel of the workspace `teamId` (the envelope check). */
  async isLinked(teamId: string, channelId: string): Promise<boolean> {
    return (await this.repos.links.byChannel(teamId, channelId)) !== null;
  }

  /**
   * Writes an Events API delivery to the inbox as pending (held by this attempt for
   * EVENT_LEASE_MS) before its work: the event for the one delivery that does the work, null
   * for a retry or the same event delivered to another instance.
   */
  async receive(
    ctx: Pick<Ctx, 'teamId' | 'now'>,
    eventId: string,
    type: string,
    payload: InboxPayload,
  ): Promise<InboxEvent | null> {
    const first = await this.repos.seen.receive(ctx.teamId, eventId, {
      type,
      at: ctx.now,
      leaseUntil: new Date(ctx.now.getTime() + EVENT_LEASE_MS),
      payload,
    });
    if (!first) return null;
    return {
      id: `${ctx.teamId}:${eventId}`,
      teamId: ctx.teamId,
      eventId,
      type,
      at: ctx.now,
      status: 'pending',
      attempts: 0,
      payload,
    };
  }

  /** The event's work is done (its payload is dropped). */
  done(event: InboxEvent, now: Date): Promise<void> {
    return this.repos.seen.done(event.teamId, event.id, now);
  }

  /**
   * An attempt at the event's work failed: tried again after a back-off, or given up (`dead`)
   * once EVENT_MAX_ATTEMPTS attempts have failed.
   */
  async failed(
    event: InboxEvent,
    now: Date,
    error: unknown,
  ): Promise<{ status: 'failed' | 'dead'; attempts: number; nextAttemptAt?: Date }> {
    const attempts = event.attempts + 1;
    const message = error instanceof Error ? error.message : String(error);
    if (attempts >= EVENT_MAX_ATTEMPTS) {
      await this.repos.seen.failed(event.teamId, event.id, { attempts, error: message });
      return { status: 'dead', attempts };
    }
    const nextAttemptAt = new Date(now.getTime() + eventBackoffMs(attempts));
    await this.repos.seen.failed(event.teamId, event.id, {
      attempts,
      nextAttemptAt,
      error: message,
    });
    return { status: 'failed', attempts, nextAttemptAt };
  }

  /**
   * A workspace's events to do again: received over EVENT_REDO_AFTER_MS ago, pending with their
   * lease run out (the instance doing them died) or failed with their next attempt due.
   */
  redoable(ctx: Pick<Ctx, 'teamId' | 'now'>, limit: number): Promise<InboxEvent[]> {
    const before = new Date(ctx.now.getTime() - EVENT_REDO_AFTER_MS);
    return this.repos.seen.due(ctx.teamId, ctx.now, before, limit);
  }

  /** Takes an event for an attempt, unless someone took it since it was read. */
  claim(event: InboxEvent, now: Date): Promise<InboxEvent | null> {
    return this.repos.seen.claim(event, now, new Date(now.getTime() + EVENT_LEASE_MS));
  }

  /**
   * Deletes done events older than `doneDays` and dead ones older than `deadDays`, at most
   * `batch` a command and `maxBatches` commands a call; returns how many went.
   */
  async purgeEvents(
    now: Date,
    options: { doneDays?: number; deadDays?: number; batch?: number; maxBatches?: number } = {},
  ): Promise<number> {
    const day = 86_400_000;
    const doneBefore = new Date(now.getTime() - (options.doneDays ?? EVENT_KEEP_DONE_DAYS) * day);
    const deadBefore = new Date(now.getTime() - (options.deadDays ?? EVENT_KEEP_DEAD_DAYS) * day);
    const batch = options.batch ?? 500;
    let purged = 0;
    for (let i = 0; i < (options.maxBatches ?? 20); i++) {
      const n = await this.repos.seen.purge(doneBefore, deadBefore, batch);
      purged += n;
      if (n < batch) break;
    }
    return purged;
  }
}
