import type { Ctx } from '../context.js';
import { assertMay } from '../permissions.js';
import { quietUntil } from '../workspace/calendar.js';
import type { OutboxRepository } from './repository.js';
import type { NewOutboxEntry, OutboxCounts, OutboxEntry } from './types.js';

/** Slack's answers that mean the bot cannot post in a channel until someone fixes it. */
export const CHANNEL_ERRORS = ['not_in_channel', 'channel_not_found', 'is_archived'] as const;

/** Sent entries are kept this long (their keys keep a repeated announcement from going twice). */
export const OUTBOX_KEEP_MS = 7 * 86_400_000;

/**
 * The outbox as flows and the delivery worker use it. Writing is scoped by the request's
 * workspace; delivery reads across workspaces, as the job runner does.
 */
export class OutboxService {
  constructor(private readonly repo: OutboxRepository) {}

  /**
   * Writes what a change announces; returns the keys, for a delivery right away. Entries marked
   * `quiet` written during the workspace's quiet hours are due when they end.
   */
  async enqueue(
    ctx: Pick<Ctx, 'teamId' | 'now' | 'settings'>,
    entries: NewOutboxEntry[],
  ): Promise<string[]> {
    const until = quietUntil(ctx.settings, ctx.now);
    const held = until
      ? entries.map((e) =>
          e.quiet && (!e.notBefore || e.notBefore < until) ? { ...e, notBefore: until } : e,
        )
      : entries;
    await this.repo.enqueue(ctx.teamId, held, ctx.now);
    return entries.map((e) => e.key);
  }

  byKeys(teamId: string, keys: string[]): Promise<OutboxEntry[]> {
    return this.repo.byKeys(teamId, keys);
  }

  waitingOn(teamId: string, parentKeys: string[]): Promise<OutboxEntry[]> {
    return this.repo.waitingOn(teamId, parentKeys);
  }

  due(now: Date, limit: number): Promise<OutboxEntry[]> {
    return this.repo.due(now, limit);
  }

  lease(ids: string[], owner: string, now: Date, until: Date): Promise<OutboxEntry[]> {
    return this.repo.lease(ids, owner, now, until);
  }

  leaseGroup(
    teamId: string,
    group: string,
    owner: string,
    now: Date,
    until: Date,
  ): Promise<OutboxEntry[]> {
    return this.repo.leaseGroup(teamId, group, owner, now, until);
  }

  sent(
    entries: Pick<OutboxEntry, 'id' | 'rev'>[],
    owner: string,
    now: Date,
    result?: { channel: string; ts: string },
  ): Promise<void> {
    return this.repo.sent(entries, owner, now, result);
  }

  progress(id: string, owner: string, result: { channel: string; ts: string }): Promise<void> {
    return this.repo.progress(id, owner, result);
  }

  failed(
    ids: string[],
    owner: string,
    failure: { error: string; retryAt: Date; counts: boolean; maxAttempts: number },
  ): Promise<number> {
    return this.repo.failed(ids, owner, failure);
  }

  /** A workspace no longer served (uninstalled, revoked): its pending entries are dropped. */
  dropPending(teamId: string, reason: string): Promise<number> {
    return this.repo.dropPending(teamId, reason);
  }

  dropHeld(ids: string[], owner: string, reason: string): Promise<void> {
    return this.repo.dropHeld(ids, owner, reason);
  }

  defer(ids: string[], owner: string, retryAt: Date): Promise<void> {
    return this.repo.defer(ids, owner, retryAt);
  }

  /** What is waiting and what was given up, for a manager or admin (others are refused). */
  async counts(ctx: Ctx): Promise<OutboxCounts> {
    this.assertManager(ctx);
    return this.repo.counts(ctx.teamId);
  }

  /** Makes the given-up messages due again (a manager or admin's Send again). */
  async revive(ctx: Ctx): Promise<number> {
    this.assertManager(ctx);
    const revived = await this.repo.revive(ctx.teamId, ctx.now);
    ctx.log.info({ revived }, 'outbox: given-up messages sent again');
    return revived;
  }

  private assertManager(ctx: Ctx): void {
    assertMay(ctx, 'outbox.manage');
  }

  /** Channels Slack refused because the bot is not in them or they are gone (an admin's Home). */
  unreachableChannels(ctx: Pick<Ctx, 'teamId'>): Promise<string[]> {
    return this.repo.unreachableChannels(ctx.teamId, CHANNEL_ERRORS);
  }

  /** Waiting and given up, across workspaces: for the operator's metrics, not for a user. */
  totals(): Promise<{ pending: number; dead: number }> {
    return this.repo.totals();
  }

  purge(now: Date): Promise<number> {
    return this.repo.purge(new Date(now.getTime() - OUTBOX_KEEP_MS));
  }
}
