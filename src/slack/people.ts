import type { WebClient } from '@slack/web-api';
import type { Guest } from '../context.js';
import type { Logger } from '../logger.js';
import type { UnfitPerson } from '../workspace/types.js';
import { timerDeadline, type Deadline } from './org-people.js';
import type { OrgWorkspaces } from './envelope.js';
import { describedOfOtherOrganisation, organisationDescribed } from './organisation.js';
import { askerOf, type SlackPeople, type SlackPerson } from './users-info.js';

/**
 * How long a submission (`/desk roles`, a customer's owner) waits for Slack's users.info
 * answers, all together.
 */
export const PEOPLE_CHECK_MS = 1_200;

/**
 * How long Settings → Channels waits for conversations.info on a channel picked (the Web client
 * retries a failing call for many minutes): a channel not described in time is taken as picked.
 */
export const CHANNEL_CHECK_MS = 1_200;

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
    /**
     * The workspaces' Grid orgs: a person of a sibling workspace of the org is not external where
     * the install is org-wide (`describedOfOtherOrganisation`).
     */
    private readonly orgs?: OrgWorkspaces,
    /**
     * The same installs as the daily checks read them (`organisation`): a read that could not
     * answer throws rather than saying "not of the org". Unset: `orgs`.
     */
    private readonly jobOrgs: OrgWorkspaces | undefined = orgs,
  ) {}

  /**
   * The people of `userIds` who may not hold a desk role (nor own a customer, nor be handed a
   * task: `external`, a person of another organisation, Slack Connect: `unfitOf`), as far as Slack answered within
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
    const unfitOf = (userId: string, person: SlackPerson) => this.unfitOf(teamId, userId, person);
    for (const userId of new Set(userIds)) {
      // Slackbot is answered by users.info as a person (is_bot false): it is not one.
      if (userId === 'USLACKBOT') {
        found.push({ userId, name: 'Slackbot', reason: 'bot' });
        continue;
      }
      const cached = this.people.known(asker, userId);
      if (cached) {
        // Remembered: only whether they are of another organisation may be read (the installs).
        const unfit = await unfitOf(userId, cached);
        if (unfit) found.push(unfit);
        continue;
      }
      asking.push(
        this.ask(client, asker, userId, log).then(async (person) => {
          const unfit = person && (await unfitOf(userId, person));
          if (unfit) found.push(unfit);
        }),
      );
    }
    if (!asking.length) return order(found, userIds);
    const all = Promise.allSettled(asking).then(() => 'answered' as const);
    const outcome = await orLate(all, this.waitMs, timerDeadline);
    if (outcome === 'late')
      log.warn({ waitMs: this.waitMs, asked: asking.length }, 'users.info late: roles accepted');
    return order([...found], userIds);
  }

  /**
   * Why `userId`, as users.info described them (`person`), may not hold a desk role, own a
   * customer, be handed a task or a ticket (a bot, deactivated, a guest: `SlackPerson.unfit`; else
   * `external`, of another organisation than workspace `teamId`: `external`), or null.
   */
  async unfitOf(teamId: string, userId: string, person: SlackPerson): Promise<UnfitPerson | null> {
    if (person.unfit) return { userId, ...person.unfit };
    return (await this.external(teamId, person))
      ? { userId, name: person.name, reason: 'external' }
      : null;
  }

  /**
   * Whether `person` (as users.info described them) is of another organisation than workspace
   * `teamId`: the one rule a request's actor is judged by too (`describedOfOtherOrganisation`).
   */
  external(teamId: string, person: SlackPerson): Promise<boolean> {
    return describedOfOtherOrganisation(this.orgs, teamId, person);
  }

  /**
   * What the rule says of `person` (as users.info described them) for a daily check, which acts
   * on an answer only (`organisationDescribed`): of another organisation than workspace
   * `teamId`, ours, or `unknown` when a read of the installs failed or the Grid org lookup did
   * not answer (asked again at the next run).
   */
  organisation(teamId: string, person: SlackPerson): Promise<'external' | 'ours' | 'unknown'> {
    return organisationDescribed(this.jobOrgs, teamId, person);
  }

  /**
   * The names Slack shows for `userIds` (`SlackPerson.name`), by id, as far as Slack answered
   * within `waitMs` (an answer remembered: at once): said where a mention cannot show (an inline
   * modal error is plain text). One Slack did not describe in time, or at all, is left out: the
   * caller says them by their member ID.
   */
  async names(
    client: WebClient,
    teamId: string,
    userIds: readonly string[],
    log: Logger,
  ): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    const asker = client.token ? askerOf(client.token) : `team:${teamId}`;
    const asking: Promise<void>[] = [];
    for (const userId of new Set(userIds)) {
      const cached = this.people.known(asker, userId);
      if (cached) found.set(userId, cached.name);
      else
        asking.push(
          this.people
            .ask(asker, userId, () => client.users.info({ user: userId }))
            .then(
              (person) => void found.set(userId, person.name),
              (err: unknown) => {
                // The error's code only, never the person's data.
                const { data, code } = err as { data?: { error?: string }; code?: string };
                log.info({ error: data?.error ?? code }, 'users.info failed: said by member ID');
              },
            ),
        );
    }
    if (!asking.length) return found;
    const all = Promise.allSettled(asking).then(() => 'answered' as const);
    if ((await orLate(all, this.waitMs, timerDeadline)) === 'late')
      log.warn({ waitMs: this.waitMs, asked: asking.length }, 'users.info late: said by member ID');
    return new Map(found);
  }

  /** One person asked of Slack (remembered when answered); null when unknown. */
  private async ask(
    client: WebClient,
    asker: string,
    userId: string,
    log: Logger,
  ): Promise<SlackPerson | null> {
    try {
      return await this.people.ask(asker, userId, () => client.users.info({ user: userId }));
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

/**
 * How long a request waits for Slack's users.info to say whether its actor is a guest of the
 * workspace (`GuestCheck`). Asked before the request's ack, which Slack wants within 3 s (with
 * the Grid org lookup's ORG_LOOKUP_MS before it at worst), and only for a person the roles name
 * nowhere, once per PEOPLE_CACHE_MS.
 */
export const GUEST_CHECK_MS = 800;

/** users.info answers meaning this install's token will never be told (its scopes, its kind). */
const USERS_INFO_NEVER = new Set(['missing_scope', 'not_allowed_token_type', 'no_permission']);
/** users.info answers meaning Slack will never describe this person to this install. */
const USERS_INFO_NOT_THIS_PERSON = new Set(['user_not_found', 'user_not_visible']);

/**
 * Whether the request's actor is a guest of the workspace (Slack's is_restricted or
 * is_ultra_restricted: typically a customer invited into a few channels), whom the open desk does
 * not make an agent and who reads only their own tickets (src/permissions.ts `assertReadsDesk`). Read from the users.info answers remembered per token
 * (`SlackPeople`, shared with the roles check and the Grid org lookup), else asked of Slack with
 * the request's token and waited for at most `waitMs`. Slack late, refusing (rate limited, an
 * install without users:read) or failing is `unknown`: the desk cannot tell a guest from a
 * member, and refuses what only the open desk would let them do (src/permissions.ts), and the
 * staff reads, with a "try again". A late answer is still remembered for the next request; a
 * failure is not (asked again next time).
 */
export class GuestCheck {
  constructor(
    private readonly people: SlackPeople,
    private readonly waitMs = GUEST_CHECK_MS,
    /** What runs out after `waitMs` (tests: a wait on virtual time). */
    private readonly deadline: Deadline = timerDeadline,
  ) {}

  /**
   * `member` (or a bot: no guest), `guest`, `unknown` when Slack did not say in time, or
   * `unchecked` when it never will for this install (no users:read).
   */
  async standing(
    client: WebClient,
    teamId: string,
    userId: string,
    log: Logger,
  ): Promise<'member' | Guest> {
    const standing = await this.standingOf(client, teamId, userId, log);
    if (standing === 'none') return 'unknown';
    return standing === 'gone' ? 'member' : standing;
  }

  /**
   * `describe`'s answer as a standing: `member`, `guest`, `gone` (deactivated, or a bot), `none`
   * (Slack says it has no such user for this install: user_not_found, user_not_visible),
   * `unknown` (not said in time, or failed otherwise) or `unchecked` (see `standing`).
   * `asking`: as `describe`'s.
   */
  async standingOf(
    client: WebClient,
    teamId: string,
    userId: string,
    log: Logger,
    asking: keyof typeof NOT_TOLD = 'boundary',
  ): Promise<'member' | 'gone' | 'none' | Guest> {
    const person = await this.describe(client, teamId, userId, log, asking);
    if (person === 'unknown' && this.noSuchPerson(client, teamId, userId)) return 'none';
    if (person === 'unknown' || person === 'unchecked') return person;
    if (!person.unfit) return 'member';
    return person.unfit.reason === 'guest' ? 'guest' : 'gone';
  }

  /**
   * Whether Slack said, within the last PEOPLE_CACHE_MS, that it will never describe this person
   * to this install (user_not_found, user_not_visible): what waits for its answer need not.
   */
  noSuchPerson(client: WebClient, teamId: string, userId: string): boolean {
    return this.people.noSuch(client.token ? askerOf(client.token) : `team:${teamId}`, userId);
  }

  /**
   * Whether Slack said, within the last PEOPLE_CACHE_MS, that it will never describe people to
   * this install's token (no `users:read`): an admin's App Home says so, with how to fix it.
   */
  refusedFor(client: WebClient, teamId: string): boolean {
    return this.people.refused(client.token ? askerOf(client.token) : `team:${teamId}`);
  }

  /**
   * What Slack says of `userId` (remembered, else asked and waited for at most `waitMs`),
   * `unknown` when it did not say in time, or `unchecked` when it never will for this install:
   * the person a ticket is handed to on an open desk
   * (src/ticket/service.ts `assertTarget`) is read from it as its actor is.
   */
  async describe(
    client: WebClient,
    teamId: string,
    userId: string,
    log: Logger,
    /** What asks, for the log's words: a request on the open desk, or the daily owners' check. */
    asking: keyof typeof NOT_TOLD = 'boundary',
  ): Promise<SlackPerson | 'unknown' | 'unchecked'> {
    const asker = client.token ? askerOf(client.token) : `team:${teamId}`;
    const cached = this.people.known(asker, userId);
    if (cached) return cached;
    if (this.people.refused(asker)) return 'unchecked';
    const asked = this.people.ask(asker, userId, () => client.users.info({ user: userId }));
    // The loser of the race below: a failure after the wait is not this request's.
    asked.catch(() => undefined);
    try {
      const outcome = await orLate(asked, this.waitMs, this.deadline);
      if (outcome !== 'late') return outcome;
      log.warn({ waitMs: this.waitMs }, NOT_TOLD[asking].late);
    } catch (err) {
      // The error's code only, never the person's data; asked again at their next request.
      const { data, code } = err as { data?: { error?: string }; code?: string };
      const error = data?.error ?? code ?? (err instanceof Error ? err.name : 'failed');
      // Slack will never say with this install's token (no users:read): "try again" would never
      // help; the person is told to ask for a role or a reinstall.
      // Slack will never describe this person (gone, or hidden from this install): asking again
      // would not help; remembered (PEOPLE_CACHE_MS) for what must not wait for them forever.
      if (USERS_INFO_NOT_THIS_PERSON.has(error)) this.people.sayNoSuch(asker, userId);
      if (USERS_INFO_NEVER.has(error)) {
        this.people.refuse(asker);
        log.warn({ error }, NOT_TOLD[asking].refused);
        return 'unchecked';
      }
      log.warn({ error }, NOT_TOLD[asking].failed);
    }
    return 'unknown';
  }
}

/**
 * The log's words when Slack did not describe a person (`GuestCheck.describe`), by what asked:
 * a request on the open desk (`boundary`: the person is not counted an agent), the daily check
 * of the customers' owners (`ownerCheck`: their files keep the mark they have), or of the role
 * holders (`holderCheck`: their mark is as it was), or of the open and resolved tickets' followers
 * (`followerCheck`: they keep following).
 */
const NOT_TOLD = {
  boundary: {
    late: 'users.info late: the open desk does not count the person an agent this time',
    failed: 'users.info failed: the open desk does not count the person an agent this time',
    refused:
      'users.info refused for this install: the open desk cannot tell guests from members, and counts nobody without a role an agent (reinstall with users:read, or give roles)',
  },
  holderCheck: {
    late: 'users.info late: whether the role holder is of another organisation is asked again at the next daily check',
    failed:
      'users.info failed: whether the role holder is of another organisation is asked again at the next daily check',
    refused:
      'users.info refused for this install: the daily check cannot tell role holders of another organisation and asks nobody (reinstall with users:read)',
  },
  requesterCheck: {
    late: 'users.info late: whether the requester Slack refused a DM to is of another organisation is asked again at their next refused DM',
    failed:
      'users.info failed: whether the requester Slack refused a DM to is of another organisation is asked again at their next refused DM',
    refused:
      'users.info refused for this install: a requester of another organisation is not told from a person Slack will not deliver to (reinstall with users:read)',
  },
  followerCheck: {
    late: 'users.info late: whether the follower is of another organisation is asked again at their next daily check',
    failed:
      'users.info failed: whether the follower is of another organisation is asked again at their next daily check',
    refused:
      'users.info refused for this install: the daily check cannot tell followers of another organisation and asks nobody (reinstall with users:read)',
  },
  ownerCheck: {
    late: 'users.info late: the owner’s customers keep the guest mark they have, asked again at the next daily check',
    failed:
      'users.info failed: the owner’s customers keep the guest mark they have, asked again at the next daily check',
    refused:
      'users.info refused for this install: the daily check cannot tell guest owners from members and asks nobody (reinstall with users:read)',
  },
} as const;

/**
 * `work`'s answer, or `late` when it has not come within `ms` (the deadline cancelled either
 * way). When the time runs out, `late` waits one more turn of the event loop (`setImmediate`):
 * an answer that reached the process before then, but whose callbacks had not run yet (the
 * timer's phase comes before the one that reads the socket), is its answer, not late.
 */
export async function orLate<T>(
  work: Promise<T>,
  ms: number,
  deadline: Deadline,
): Promise<T | 'late'> {
  let cancel: (() => void) | undefined;
  let immediate: ReturnType<typeof setImmediate> | undefined;
  const late = new Promise<'late'>((resolve) => {
    cancel = deadline(ms, () => {
      immediate = setImmediate(() => resolve('late'));
    });
  });
  return Promise.race([work, late]).finally(() => {
    cancel?.();
    if (immediate) clearImmediate(immediate);
  });
}
