import { randomUUID } from 'node:crypto';
import type { Ctx } from '../context.js';
import type { OutboxService } from '../outbox/service.js';
import { FORGET_PREFIX, homeKey } from '../outbox/types.js';
import { SLACK_ID } from '../slack-ids.js';
import type { OutboxData } from './types.js';

/**
 * How long a person's Home waits for more changes before it is published: a burst of changes
 * (ten claims in a row, a sweep escalating fifty tickets) publishes once per person, within
 * views.publish's limits (tier 4, about 100 a minute per workspace).
 */
export const HOME_COALESCE_MS = 3000;

/**
 * App Home refreshes, written to the outbox: one coalesced entry per person (`home:<userId>`),
 * rendered from the records when it goes out, so however many changes were written while it
 * waited, one views.publish shows them all.
 */
export class HomeNotifier {
  constructor(private readonly outbox: OutboxService) {}

  /** `coalesceMs`: how long the Homes not owed yet wait (HOME_COALESCE_MS unless said). */
  async refresh(
    ctx: Pick<Ctx, 'teamId' | 'now' | 'settings'>,
    userIds: Iterable<string>,
    coalesceMs = HOME_COALESCE_MS,
  ): Promise<string[]> {
    const users = [...new Set([...userIds].filter((u) => SLACK_ID.user.test(u)))];
    if (!users.length) return [];
    return this.outbox.enqueue(
      ctx,
      users.map((userId) => ({
        key: homeKey(userId),
        kind: 'home' as const,
        to: userId,
        data: {} satisfies OutboxData['home'],
        coalesceMs,
      })),
    );
  }

  /**
   * An erased person's App Home published again, from the records (nothing of theirs left),
   * through the outbox (tried again when Slack fails, as any Home is): a self-deleting entry
   * (FORGET_PREFIX), its key naming nobody, deleted once published or given up, so that no
   * record keeps their id after. Due now (for the caller to kick the outbox).
   */
  async erased(ctx: Pick<Ctx, 'teamId' | 'now' | 'settings'>, userId: string): Promise<void> {
    if (!SLACK_ID.user.test(userId)) return;
    await this.outbox.enqueue(ctx, [
      {
        key: `${FORGET_PREFIX}home:${randomUUID()}`,
        kind: 'home',
        to: userId,
        data: {} satisfies OutboxData['home'],
      },
    ]);
  }
}
