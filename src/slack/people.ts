import type { WebClient } from '@slack/web-api';
import type { Logger } from '../logger.js';
import type { UnfitPerson } from '../workspace/types.js';
import { askerOf, type SlackPeople } from './users-info.js';

/**
 * How long a submission (`/desk roles`, a customer's owner) waits for Slack's users.info
 * answers, all together.
 */
export const PEOPLE_CHECK_MS = 1_200;

/**
 * Who among the people picked in `/desk roles` may not hold a desk role: bots (Slack's users
 * select cannot leave them out), deactivated accounts and guests (multi- and single-channel:
 * their account is limited to a few channels, and a desk role would show them every customer's
 * file). Asked of Slack's users.info (Tier 4) with the token serving the workspace, in
 * parallel, and remembered per token for PEOPLE_CACHE_MS with the Grid org lookup's answers
 * (`SlackPeople`: one answer per person and token serves both; never another token's). The customer form asks it of the owner picked (bots and deactivated accounts are
 * refused there).
 */
export class PeopleCheck {
  constructor(
    private readonly people: SlackPeople,
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
    const found: UnfitPerson[] = [];
    const asking: Promise<void>[] = [];
    // (A client always has its token; without one, the workspace's own answers.)
    const asker = client.token ? askerOf(client.token) : `team:${teamId}`;
    for (const userId of new Set(userIds)) {
      // Slackbot is answered by users.info as a person (is_bot false): it is not one.
      if (userId === 'USLACKBOT') {
        found.push({ userId, name: 'Slackbot', reason: 'bot' });
        continue;
      }
      const cached = this.people.known(asker, userId);
      if (cached) {
        if (cached.unfit) found.push({ userId, ...cached.unfit });
        continue;
      }
      asking.push(
        this.ask(client, asker, userId, log).then((unfit) => {
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

  /** One person asked of Slack (remembered when answered); null when fit or unknown. */
  private async ask(
    client: WebClient,
    asker: string,
    userId: string,
    log: Logger,
  ): Promise<UnfitPerson | null> {
    try {
      const { unfit } = await this.people.ask(asker, userId, () =>
        client.users.info({ user: userId }),
      );
      return unfit ? { userId, ...unfit } : null;
    } catch (err) {
      // Unknown: accepted (see `unfit`); the error's code only, never the person's data.
      const { data, code } = err as { data?: { error?: string }; code?: string };
      log.info({ error: data?.error ?? code }, 'users.info failed: the person is accepted');
      return null;
    }
  }
}

/** In the order they were picked. */
function order(found: UnfitPerson[], userIds: readonly string[]): UnfitPerson[] {
  return found.sort((a, b) => userIds.indexOf(a.userId) - userIds.indexOf(b.userId));
}
