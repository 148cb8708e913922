import type { Ctx } from '../context.js';
import type { OutboxService } from '../outbox/service.js';
import { handoverReceived, unreachableDm } from '../ui/handover.js';
import type { SlaStatus } from '../sla/business-time.js';
import type { HandoverResult } from '../workspace/types.js';
import type { OutboxWorker } from './outbox.js';
import type { OutboxData } from './types.js';

/**
 * A hand-over's one DM to its receiver (`/desk handover`): what they received, written to the
 * outbox under the hand-over's key (written again, it goes once) and delivered now.
 */
export class HandoverNotifier {
  constructor(
    private readonly outbox: OutboxService,
    private readonly worker: () => Pick<OutboxWorker, 'deliver'>,
  ) {}

  async received(
    ctx: Ctx,
    people: { from: string; to: string },
    result: HandoverResult,
    key: string,
    pausedReplies: ReadonlyMap<string, SlaStatus> = new Map(),
  ): Promise<void> {
    const { written } = handoverReceived(ctx.t, ctx.actor, people.from, result, {
      now: ctx.now,
      timeZone: ctx.settings.timeZone,
      pausedReplies,
    });
    const keys = await this.outbox.enqueue(ctx, [
      {
        key: `handover:${key}`,
        kind: 'message',
        to: people.to,
        // Kept once, as drawn from: its reply lines drawn again as it goes out (held: Slack
        // failing or asking to wait), as written when one of its tickets is gone.
        data: { handover: written } satisfies OutboxData['message'],
      },
    ]);
    await this.worker().deliver(ctx.teamId, keys);
  }

  /**
   * The managers told that Slack no longer reaches `userId`, who holds open work: one DM each,
   * keyed by the person (`unreachable:<user>:<manager>`: written again, it goes once). Written
   * only; the worker delivering when Slack refused them sends it. Whether any was written.
   */
  async unreachable(
    ctx: Ctx,
    userId: string,
    counts: { tickets: number; tasks: number; customers: number },
    managers: readonly string[],
  ): Promise<boolean> {
    const message = unreachableDm(ctx.t, userId, counts);
    const keys = await this.outbox.enqueue(
      ctx,
      managers.map((manager) => ({
        key: `unreachable:${userId}:${manager}`,
        kind: 'message' as const,
        to: manager,
        data: { message } satisfies OutboxData['message'],
      })),
    );
    return keys.length > 0;
  }
}
