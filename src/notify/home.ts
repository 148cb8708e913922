import type { Ctx } from '../context.js';
import type { OutboxService } from '../outbox/service.js';
import { homeKey } from '../outbox/types.js';
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
}
