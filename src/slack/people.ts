import type { WebClient } from '@slack/web-api';
import { z } from 'zod';
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import type { UnfitPerson } from '../workspace/types.js';

/**
 * How long a submission (`/desk roles`, a customer's owner) waits for Slack's users.info
 * answers, all together.
 */
export const PEOPLE_CHECK_MS = 1_200;
/** How long an answer is trusted (a person made a guest or deactivated is seen within it). */
export const PEOPLE_CACHE_MS = 10 * 60_000;
/** People remembered at most (the oldest answer goes first). */
const PEOPLE_CACHE_MAX = 5_000;

/** What users.info says of a person, as far as desk roles care. */
const userInfo = z.object({
  user: z
    .object({
      id: z.string(),
      name: z.string().optional(),
      real_name: z.string().optional(),
      deleted: z.boolean().optional(),
      is_bot: z.boolean().optional(),
      is_restricted: z.boolean().optional(),
      is_ultra_restricted: z.boolean().optional(),
      profile: z
        .object({ real_name: z.string().optional(), display_name: z.string().optional() })
        .loose()
        .optional(),
    })
    .loose(),
});

/** A person as users.info described them: why they cannot hold a desk role, if they cannot. */
type Known = { unfit: UnfitPerson | null; at: number };

/**
 * Who among the people picked in `/desk roles` may not hold a desk role: bots (Slack's users
 * select cannot leave them out), deactivated accounts and guests (multi- and single-channel:
 * their account is limited to a few channels, and a desk role would show them every customer's
 * file). Asked of Slack's users.info (Tier 4), in parallel, and remembered per workspace for
 * PEOPLE_CACHE_MS. The customer form asks it of the owner picked (bots and deactivated
 * accounts are refused there).
 */
export class PeopleCheck {
  private readonly known = new Map<string, Known>();

  constructor(
    private readonly clock: Clock,
    private readonly waitMs = PEOPLE_CHECK_MS,
  ) {}

  /**
   * The people of `userIds` who may not hold a desk role, as far as Slack answered within
   * `waitMs`. The check runs inside a view submission, which Slack wants acked within 3 s: a
   * person Slack did not describe in time (slow, rate limited, down, or an error) is ACCEPTED
   * rather than the admin blocked; the late answer is still remembered for the next save.
   */
  async unfit(
    client: WebClient,
    teamId: string,
    userIds: readonly string[],
    log: Logger,
  ): Promise<UnfitPerson[]> {
    const now = this.clock.now().getTime();
    const found: UnfitPerson[] = [];
    const asking: Promise<void>[] = [];
    for (const userId of new Set(userIds)) {
      // Slackbot is answered by users.info as a person (is_bot false): it is not one.
      if (userId === 'USLACKBOT') {
        found.push({ userId, name: 'Slackbot', reason: 'bot' });
        continue;
      }
      const key = `${teamId}:${userId}`;
      const cached = this.known.get(key);
      if (cached && now - cached.at < PEOPLE_CACHE_MS) {
        if (cached.unfit) found.push(cached.unfit);
        continue;
      }
      asking.push(
        this.ask(client, key, userId, log).then((unfit) => {
          if (unfit) found.push(unfit);
        }),
      );
    }
    if (!asking.length) return order(found, userIds);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), this.waitMs);
    });
    const all = Promise.allSettled(asking).then(() => 'answered' as const);
    const outcome = await Promise.race([all, late]).finally(() => clearTimeout(timer));
    if (outcome === 'late')
      log.warn({ waitMs: this.waitMs, asked: asking.length }, 'users.info late: roles accepted');
    return order([...found], userIds);
  }

  /** One person asked of Slack; remembered when answered; null when fit or unknown. */
  private async ask(
    client: WebClient,
    key: string,
    userId: string,
    log: Logger,
  ): Promise<UnfitPerson | null> {
    try {
      const { user } = userInfo.parse(await client.users.info({ user: userId }));
      const name = user.profile?.real_name || user.real_name || user.name || userId;
      const reason: UnfitPerson['reason'] | undefined = user.is_bot
        ? 'bot'
        : user.deleted
          ? 'deactivated'
          : user.is_restricted || user.is_ultra_restricted
            ? 'guest'
            : undefined;
      const unfit: UnfitPerson | null = reason ? { userId, name, reason } : null;
      this.remember(key, unfit);
      return unfit;
    } catch (err) {
      // Unknown: accepted (see `unfit`); the error's code only, never the person's data.
      const { data, code } = err as { data?: { error?: string }; code?: string };
      log.info({ error: data?.error ?? code }, 'users.info failed: the person is accepted');
      return null;
    }
  }

  private remember(key: string, unfit: UnfitPerson | null): void {
    this.known.delete(key);
    this.known.set(key, { unfit, at: this.clock.now().getTime() });
    if (this.known.size > PEOPLE_CACHE_MAX) this.known.delete(this.known.keys().next().value!);
  }

  /** Forgets every answer (tests; a workspace erased). */
  forget(): void {
    this.known.clear();
  }
}

/** In the order they were picked. */
function order(found: UnfitPerson[], userIds: readonly string[]): UnfitPerson[] {
  return found.sort((a, b) => userIds.indexOf(a.userId) - userIds.indexOf(b.userId));
}
