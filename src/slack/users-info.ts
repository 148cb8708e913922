import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Clock } from '../clock.js';
import { SLACK_ID } from '../slack-ids.js';
import type { UnfitPerson } from '../workspace/types.js';

/** How long an answer is trusted (a person made a guest or deactivated is seen within it). */
export const PEOPLE_CACHE_MS = 10 * 60_000;
/** How many people Slack would not describe are remembered (the oldest forgotten first). */
const NO_SUCH_MAX = 1_000;
/** People remembered at most (the oldest answer goes first). */
const PEOPLE_CACHE_MAX = 5_000;

/** What users.info says of a person, as far as the desk cares. */
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
      // Slack Connect: a person of another organisation is described with their own
      // workspace's team_id, and is_stranger where they share no channel with this one. An
      // unreadable one is none said.
      team_id: z.string().regex(SLACK_ID.team).optional().catch(undefined),
      is_stranger: z.boolean().optional().catch(undefined),
      profile: z
        .object({ real_name: z.string().optional(), display_name: z.string().optional() })
        .loose()
        .optional(),
      // Enterprise Grid: the person's org. An unreadable one is no org said.
      enterprise_user: z
        .object({ enterprise_id: z.string().regex(SLACK_ID.enterprise) })
        .loose()
        .nullish()
        .catch(null),
    })
    .loose(),
});

/** What the desk keeps of a person as users.info described them: no more than this. */
export interface SlackPerson {
  /** Their Slack user id, as users.info said. */
  userId: string;
  /**
   * The name Slack shows for them (their display name, else their full name, else their handle;
   * their id when Slack gave none): said where a mention cannot show (an inline modal error).
   */
  name: string;
  /** Why they cannot hold a desk role (a bot, deactivated, a guest), with the name to show. */
  unfit: { reason: UnfitPerson['reason']; name: string } | null;
  /** Their Enterprise Grid org's id, or null for a person of no org (or one Slack did not say). */
  enterpriseId: string | null;
  /** Their workspace as users.info said (`team_id`), or null when it said none. */
  teamId: string | null;
  /** Slack said they share no channel with the asking workspace (`is_stranger`). */
  stranger: boolean;
}

function person(answer: unknown): SlackPerson {
  const { user } = userInfo.parse(answer);
  const reason: UnfitPerson['reason'] | undefined = user.is_bot
    ? 'bot'
    : user.deleted
      ? 'deactivated'
      : user.is_restricted || user.is_ultra_restricted
        ? 'guest'
        : undefined;
  return {
    userId: user.id,
    name:
      user.profile?.display_name ||
      user.profile?.real_name ||
      user.real_name ||
      user.name ||
      user.id,
    unfit: reason
      ? { reason, name: user.profile?.real_name || user.real_name || user.name || user.id }
      : null,
    enterpriseId: user.enterprise_user?.enterprise_id ?? null,
    teamId: user.team_id ?? null,
    stranger: user.is_stranger === true,
  };
}

/**
 * Who asked Slack: the bot token a users.info answer was given to, as a fingerprint (never the
 * token). A workspace's own install has a token of its own; an Enterprise Grid org-wide install
 * one for every workspace of the org.
 */
export function askerOf(token: string): string {
  return createHash('sha256').update(token).digest('hex').slice(0, 24);
}

/**
 * Slack's users.info answers, one per person and token that asked (`askerOf`), remembered for
 * PEOPLE_CACHE_MS: the roles check (`PeopleCheck`: bots, guests, deactivated accounts) and the
 * Grid org lookup (`OrgPeople`) read the same answer when they ask with the same token, so a
 * person is asked of Slack once. An answer is never read for another token: users.info says
 * whether a person is a guest as that token's install sees them (a workspace's own install: in
 * that workspace; an org-wide install's token: in the org, Slack's users.info taking no
 * workspace), so a workspace that installs the app itself, or whose own install goes, asks
 * again rather than reading the org's answer. A call under way for the same person and token
 * is shared; a failure is not remembered (asked again next time).
 */
export class SlackPeople {
  private readonly answers = new Map<string, { person: SlackPerson; at: number }>();
  private readonly asking = new Map<string, Promise<SlackPerson>>();
  /** Who Slack said it will not describe to `asker` (user_not_found, user_not_visible), and when. */
  private readonly unknowable = new Map<string, number>();

  constructor(private readonly clock: Clock) {}

  /** Slack said it will not describe `userId` to `asker` (user_not_found, user_not_visible). */
  sayNoSuch(asker: string, userId: string): void {
    const key = `${asker}:${userId}`;
    this.unknowable.delete(key);
    this.unknowable.set(key, this.clock.now().getTime());
    // The oldest forgotten first: a bounded memory.
    if (this.unknowable.size > NO_SUCH_MAX)
      this.unknowable.delete(this.unknowable.keys().next().value!);
  }

  /** Whether Slack said so within PEOPLE_CACHE_MS. */
  noSuch(asker: string, userId: string): boolean {
    const at = this.unknowable.get(`${asker}:${userId}`);
    const age = this.clock.now().getTime() - (at ?? -Infinity);
    return at !== undefined && age >= 0 && age < PEOPLE_CACHE_MS;
  }

  /** The answer remembered for `userId` as asked by `asker` (`askerOf`), while it is trusted. */
  known(asker: string, userId: string): SlackPerson | undefined {
    const kept = this.answers.get(`${asker}:${userId}`);
    const age = this.clock.now().getTime() - (kept?.at ?? -Infinity);
    return kept && age >= 0 && age < PEOPLE_CACHE_MS ? kept.person : undefined;
  }

  /**
   * The person as Slack says (`call`: users.info for them, with the token `asker` names), unless
   * a call for them is already under way: then its answer. Remembered once Slack answered,
   * however late; rejects when Slack failed or its answer cannot be read. A call that may be
   * cut short (`abortable`: the Grid org lookup stops waiting at 0.8 s and aborts it) is joined
   * only by another such asker: the roles check never takes its abort for Slack's failure (which
   * it reads as "not known: accepted").
   */
  ask(
    asker: string,
    userId: string,
    call: () => Promise<unknown>,
    options: { abortable?: boolean } = {},
  ): Promise<SlackPerson> {
    const key = `${asker}:${userId}`;
    const slot = options.abortable ? `${key}#abortable` : key;
    const under = this.asking.get(key) ?? this.asking.get(slot);
    if (under) return under;
    const asked = call()
      .then(person)
      .then((p) => {
        this.answers.delete(key);
        this.answers.set(key, { person: p, at: this.clock.now().getTime() });
        if (this.answers.size > PEOPLE_CACHE_MAX)
          this.answers.delete(this.answers.keys().next().value!);
        return p;
      })
      .finally(() => {
        if (this.asking.get(slot) === asked) this.asking.delete(slot);
      });
    this.asking.set(slot, asked);
    return asked;
  }

  /**
   * Tokens Slack said it will never describe people to (no users:read), remembered for
   * PEOPLE_CACHE_MS: not asked again meanwhile (a reinstall brings a new token).
   */
  private readonly refusedAskers = new Map<string, number>();

  /** Remembers that Slack will never answer `asker`'s users.info. */
  refuse(asker: string): void {
    this.refusedAskers.set(asker, this.clock.now().getTime());
  }

  /** Whether Slack said, within PEOPLE_CACHE_MS, that it will never answer `asker`. */
  refused(asker: string): boolean {
    const at = this.refusedAskers.get(asker);
    const age = this.clock.now().getTime() - (at ?? -Infinity);
    return at !== undefined && age >= 0 && age < PEOPLE_CACHE_MS;
  }

  /** Forgets every answer, refusal and "will not describe" (tests: each starts with none). */
  forget(): void {
    this.answers.clear();
    this.refusedAskers.clear();
    this.unknowable.clear();
  }
}
