import { randomBytes } from 'node:crypto';
import type { Ctx } from '../context.js';
import type { EventClaimRepository } from './repository.js';
import { EVENT_CLAIM_KEEP_MS, EVENT_CLAIM_LEASE_MS, type EventClaim } from './types.js';

/**
 * At most once per (team, event_id) across instances, for the events the desk acts on outside
 * customer channels (those have the Events API inbox, `slack_events`): the delivery that takes
 * the claim does the work; a retry or another instance's copy stops; a failed attempt frees it
 * for the next delivery.
 */
export class EventClaims {
  constructor(private readonly repo: EventClaimRepository) {}

  async take(
    ctx: Pick<Ctx, 'teamId' | 'now'>,
    eventId: string,
    type: string,
  ): Promise<EventClaim | null> {
    const owner = randomBytes(6).toString('hex');
    const attempt = await this.repo.take(ctx.teamId, eventId, {
      type,
      now: ctx.now,
      leaseUntil: new Date(ctx.now.getTime() + EVENT_CLAIM_LEASE_MS),
      owner,
    });
    if (attempt === null) return null;
    return { id: `${ctx.teamId}:${eventId}`, teamId: ctx.teamId, eventId, owner, attempt };
  }

  done(claim: EventClaim, now: Date): Promise<void> {
    return this.repo.done(claim, now);
  }

  failed(claim: EventClaim, now: Date, error: unknown): Promise<void> {
    return this.repo.failed(claim, now, error instanceof Error ? error.message : String(error));
  }

  /** Deletes claims older than a day, `batch` a command and `maxBatches` commands a call. */
  async purge(now: Date, options: { batch?: number; maxBatches?: number } = {}): Promise<number> {
    const before = new Date(now.getTime() - EVENT_CLAIM_KEEP_MS);
    const batch = options.batch ?? 500;
    let purged = 0;
    for (let i = 0; i < (options.maxBatches ?? 20); i++) {
      const n = await this.repo.purge(before, batch);
      purged += n;
      if (n < batch) break;
    }
    return purged;
  }
}
