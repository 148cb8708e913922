import type { WebClient } from '@slack/web-api';
import { z } from 'zod';
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import { SLACK_ID } from '../slack-ids.js';
import { PEOPLE_CACHE_MS } from './people.js';

/**
 * How long a request waits for Slack to say which org a person is of. It is asked before the
 * request's ack (the envelope check, the boundary), which Slack wants within 3 s: an answer
 * later than this is taken as "not of the org" for this request (remembered for the next).
 */
export const ORG_LOOKUP_MS = 800;
/** People remembered at most (the oldest answer goes first). */
const ORG_PEOPLE_MAX = 5_000;

/** What users.info says of a person's org (Enterprise Grid): their org's id, if any. */
const enterpriseUser = z.object({
  user: z
    .object({
      enterprise_user: z
        .object({ enterprise_id: z.string().regex(SLACK_ID.enterprise) })
        .loose()
        .nullish(),
    })
    .loose(),
});

interface Known {
  /** Their org's id, or null for a person of no org (or one Slack did not say). */
  enterprise: string | null;
  at: number;
}

interface Asking {
  answer: Promise<string | null | undefined>;
  /** A request already waited for it in vain: later ones do not wait for it again. */
  late: boolean;
}

/**
 * Enterprise Grid: which org a person is of, as Slack's users.info says with the org's token
 * (`user.enterprise_user.enterprise_id`). Asked only when the installs cannot tell (a person
 * whose home workspace no install has seen), with a short wait, and remembered per org and
 * person for PEOPLE_CACHE_MS. A failure, or an answer later than `waitMs`, is "not known to be
 * of the org" (the request goes on as today: the person is of another organisation) and is
 * logged, without the person.
 */
export class OrgPeople {
  private readonly known = new Map<string, Known>();
  private readonly asking = new Map<string, Asking>();

  constructor(
    private readonly clock: Clock,
    private readonly waitMs = ORG_LOOKUP_MS,
  ) {}

  /** Whether Slack says `userId` is a person of org `enterpriseId`, asked with `client`. */
  async ofOrg(
    client: () => Promise<WebClient | undefined>,
    enterpriseId: string,
    userId: string,
    log: Logger,
  ): Promise<boolean> {
    if (!SLACK_ID.enterprise.test(enterpriseId) || !SLACK_ID.user.test(userId)) return false;
    const key = `${enterpriseId}:${userId}`;
    const cached = this.known.get(key);
    const now = this.clock.now().getTime();
    if (cached && now - cached.at >= 0 && now - cached.at < PEOPLE_CACHE_MS)
      return cached.enterprise === enterpriseId;
    let asking = this.asking.get(key);
    if (asking?.late) {
      log.info(
        { enterpriseId },
        'users.info still unanswered: the person is not taken for the org’s',
      );
      return false;
    }
    if (!asking) {
      asking = { answer: this.ask(client, key, userId, log), late: false };
      this.asking.set(key, asking);
      const done = asking;
      void done.answer.finally(() => {
        if (this.asking.get(key) === done) this.asking.delete(key);
      });
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), this.waitMs);
    });
    const outcome = await Promise.race([asking.answer, late]).finally(() => clearTimeout(timer));
    if (outcome === 'late') {
      asking.late = true;
      log.warn(
        { enterpriseId, waitMs: this.waitMs },
        'users.info late: the person is not taken for the org’s this time',
      );
      return false;
    }
    return outcome === enterpriseId;
  }

  /** Their org as Slack answered (remembered), or undefined when Slack could not be asked. */
  private async ask(
    client: () => Promise<WebClient | undefined>,
    key: string,
    userId: string,
    log: Logger,
  ): Promise<string | null | undefined> {
    try {
      const c = await client();
      if (!c) return undefined;
      const { user } = enterpriseUser.parse(await c.users.info({ user: userId }));
      const enterprise = user.enterprise_user?.enterprise_id ?? null;
      this.remember(key, enterprise);
      return enterprise;
    } catch (err) {
      // The error's code only, never the person's data; asked again at their next request.
      const { data, code } = err as { data?: { error?: string }; code?: string };
      log.warn(
        { error: data?.error ?? code ?? (err instanceof z.ZodError ? 'unreadable' : 'failed') },
        'users.info failed: the person is not taken for the org’s',
      );
      return undefined;
    }
  }

  private remember(key: string, enterprise: string | null): void {
    this.known.delete(key);
    this.known.set(key, { enterprise, at: this.clock.now().getTime() });
    if (this.known.size > ORG_PEOPLE_MAX) this.known.delete(this.known.keys().next().value!);
  }
}
