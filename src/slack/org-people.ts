import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import { SLACK_ID } from '../slack-ids.js';
import type { SlackPeople } from './users-info.js';

/**
 * How long a request waits for Slack to say which org a person is of. It is asked before the
 * request's ack (the envelope check, the boundary), which Slack wants within 3 s: the call is
 * given up (aborted) after this, and the person taken as "not of the org" for this request.
 */
export const ORG_LOOKUP_MS = 800;

/**
 * How long a lookup that was late or failed is remembered per token and person, the person
 * taken as "not of the org" meanwhile without asking. One request may ask more than once (the
 * envelope check, then the boundary or a submission's check), each ask waiting up to
 * ORG_LOOKUP_MS before the ack, and a person's burst of clicks would each wait it too; Slack
 * slow or failing for them now likely is a moment later. Short, so that their request a minute
 * on asks again (the aborted call's answer never comes back to be remembered).
 */
export const ORG_LOOKUP_MISS_MS = 60_000;
/** Late or failed lookups remembered at most (the oldest goes first). */
const ORG_LOOKUP_MISS_MAX = 5_000;

/** Calls `expire` after `ms`, unless the function it returns is called first. */
export type Deadline = (ms: number, expire: () => void) => () => void;

/** A deadline on a timer (production). */
export const timerDeadline: Deadline = (ms, expire) => {
  const timer = setTimeout(expire, ms);
  return () => clearTimeout(timer);
};

/** users.info with the org's token for the org lookup. */
export interface OrgLookup {
  /** The org's token as `SlackPeople` knows it (`askerOf`); undefined when no token may ask. */
  asker(): Promise<string | undefined>;
  /**
   * users.info with that token, made to end when `signal` fires (a call of its own: one try, no
   * queue shared with other work); undefined when no token may ask.
   */
  call(signal: AbortSignal): Promise<((userId: string) => Promise<unknown>) | undefined>;
}

/**
 * Enterprise Grid: which org a person is of, as Slack's users.info says with the org's token
 * (`user.enterprise_user.enterprise_id`). Asked only when the installs cannot tell (a person
 * whose home workspace no install has seen), within `waitMs` (then the call is aborted), and
 * remembered per person for PEOPLE_CACHE_MS with the answers the roles check got with the
 * same token (`SlackPeople`: one users.info answer serves both). A failure, or no answer within `waitMs`,
 * is "not known to be of the org" (the request goes on as today: the person is of another
 * organisation), is logged without the person, and is remembered for ORG_LOOKUP_MISS_MS (per
 * token and person): meanwhile their requests are answered "not of the org" at once, without
 * asking Slack or waiting; their first request after it asks again.
 */
export class OrgPeople {
  /** `asker:userId` -> when a lookup for them was late or failed (`ORG_LOOKUP_MISS_MS`). */
  private readonly missed = new Map<string, number>();

  constructor(
    private readonly people: SlackPeople,
    private readonly clock: Clock,
    private readonly waitMs = ORG_LOOKUP_MS,
    private readonly deadline: Deadline = timerDeadline,
  ) {}

  /** Forgets the late or failed lookups (tests: each starts with none). */
  forget(): void {
    this.missed.clear();
  }

  /** Whether Slack says `userId` is a person of org `enterpriseId`, asked with `lookup`. */
  async ofOrg(
    lookup: OrgLookup,
    enterpriseId: string,
    userId: string,
    log: Logger,
  ): Promise<boolean> {
    return (await this.said(lookup, enterpriseId, userId, log)) === true;
  }

  /**
   * As `ofOrg`, telling a lookup that could not answer (late, failed, or one of those lately:
   * `unknown`) from Slack's answer, for the daily checks, which act on an answer only.
   */
  async said(
    lookup: OrgLookup,
    enterpriseId: string,
    userId: string,
    log: Logger,
  ): Promise<boolean | 'unknown'> {
    if (!SLACK_ID.enterprise.test(enterpriseId) || !SLACK_ID.user.test(userId)) return false;
    const asker = await lookup.asker();
    if (!asker) return false;
    const cached = this.people.known(asker, userId);
    if (cached) return cached.enterpriseId === enterpriseId;
    const key = `${asker}:${userId}`;
    if (this.missedLately(key)) return 'unknown';
    const controller = new AbortController();
    const late = new Promise<'late'>((resolve) =>
      controller.signal.addEventListener('abort', () => resolve('late'), { once: true }),
    );
    const cancel = this.deadline(this.waitMs, () => controller.abort());
    const asked = (async () => {
      const call = await lookup.call(controller.signal);
      if (!call) return undefined;
      return (await this.people.ask(asker, userId, () => call(userId), { abortable: true }))
        .enterpriseId;
    })();
    // The loser of the race below: its rejection (the aborted call) is the late line's.
    asked.catch(() => undefined);
    try {
      const outcome = await Promise.race([asked, late]);
      if (outcome !== 'late') return outcome === enterpriseId;
    } catch (err) {
      if (!controller.signal.aborted) {
        // The error's code only, never the person's data; asked again after ORG_LOOKUP_MISS_MS.
        const { data, code } = err as { data?: { error?: string }; code?: string };
        log.warn(
          { error: data?.error ?? code ?? (err instanceof Error ? err.name : 'failed') },
          'users.info failed: the person is not taken for the org’s',
        );
        this.miss(key);
        return 'unknown';
      }
    } finally {
      cancel();
    }
    log.warn(
      { enterpriseId, waitMs: this.waitMs },
      'users.info late: the call is given up and the person not taken for the org’s this time',
    );
    this.miss(key);
    return 'unknown';
  }

  /** Whether a lookup for `key` was late or failed within ORG_LOOKUP_MISS_MS. */
  private missedLately(key: string): boolean {
    const at = this.missed.get(key);
    if (at === undefined) return false;
    const age = this.clock.now().getTime() - at;
    if (age >= 0 && age < ORG_LOOKUP_MISS_MS) return true;
    this.missed.delete(key);
    return false;
  }

  private miss(key: string): void {
    this.missed.delete(key);
    this.missed.set(key, this.clock.now().getTime());
    if (this.missed.size > ORG_LOOKUP_MISS_MAX)
      this.missed.delete(this.missed.keys().next().value!);
  }
}
