import type { Authorize, AuthorizeResult } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { z } from 'zod';
import { newErrorRef } from '../errors.js';
import type { Logger } from '../logger.js';
import { SLACK_ID } from '../slack-ids.js';
import type { HomeWorkspace } from './served.js';
import { UNREACHABLE_REPEAT_MS, unreachable } from './wait-for-slack.js';

/** Slack's answers that mean the token will not work until someone acts (reinstall, new token). */
export const AUTH_DEAD: ReadonlySet<string> = new Set([
  'invalid_auth',
  'not_authed',
  'token_revoked',
  'token_expired',
  'account_inactive',
  'team_disabled',
]);

export interface BotTokenOptions {
  token: string;
  /** Asks `auth.test` once per call: no retries of its own (the loop here retries). */
  client: WebClient;
  log: Logger;
  nowMs: () => number;
  sleep: (ms: number) => Promise<void>;
  /** The back-off between checks while Slack does not answer: 1 s doubling to 60 s by default. */
  firstDelayMs?: number;
  maxDelayMs?: number;
  /** True once the app is stopping: the checks end. */
  stopping: () => boolean;
}

type Identity = { botId?: string; botUserId?: string };

/** What `auth.test` says of the token: its bot, and whose workspace (or org) it is. */
const authTestSchema = z.object({
  bot_id: z.string().optional(),
  // Not in Slack's documented answer for a bot token; read when it is there.
  app_id: z.string().optional(),
  user_id: z.string().optional(),
  team_id: z.string().regex(SLACK_ID.team).optional(),
  enterprise_id: z.string().regex(SLACK_ID.enterprise).optional(),
  is_enterprise_install: z.boolean().optional(),
});

/** The one answer of `auth.test`, kept: Bolt's identity and the served-workspace check's home. */
interface TokenOwner {
  identity: Identity;
  home: HomeWorkspace;
  /** The token's Slack app, when auth.test says it. */
  appId?: string;
}

function owner(answer: unknown): TokenOwner {
  const parsed = authTestSchema.parse(answer);
  return {
    identity: {
      ...(parsed.bot_id ? { botId: parsed.bot_id } : {}),
      ...(parsed.user_id ? { botUserId: parsed.user_id } : {}),
    },
    home: {
      ...(parsed.team_id ? { teamId: parsed.team_id } : {}),
      ...(parsed.enterprise_id ? { enterpriseId: parsed.enterprise_id } : {}),
      orgWide: parsed.is_enterprise_install === true,
    },
    ...(parsed.app_id ? { appId: parsed.app_id } : {}),
  };
}

/** Slack's own refusal of the token (`invalid_auth`, `token_revoked`...), if that is what this is. */
function refusal(err: unknown): string | undefined {
  const error = (err as { data?: { error?: unknown } }).data?.error;
  return typeof error === 'string' && AUTH_DEAD.has(error) ? error : undefined;
}

/**
 * Single-token mode: Bolt's authorization for the one bot token (in place of Bolt's own, which
 * asks `auth.test` once as the app is built, retries it for half an hour and then keeps the
 * failure: a Slack unreachable that long at start left a desk that answered no request until it
 * was restarted, and an unhandled rejection). Here the token is checked at start (`start()`),
 * and while Slack does not answer it is asked again with back-off (1 s doubling to 60 s), in
 * both modes, with a warning when it first fails and then at most once a minute, and one line
 * when it answers; a request meanwhile asks once more itself. Slack's refusal of the token
 * (`invalid_auth`...) is kept, as Bolt kept it: every request is refused until a restart; so
 * is one found later, when a call made with the token is refused and `auth.test` says so again
 * (`confirmRefused`): the outbox then holds every message for the new token (`refusal`), and the
 * error line naming what to do is said again at most once a minute (`remind`).
 * The one answer also says whose workspace the token is (`home`, the served-workspace check of
 * src/slack/served.ts): Slack is asked once for both.
 */
export function botTokenAuthorization(options: BotTokenOptions): {
  authorize: Authorize<boolean>;
  /** Asks once; while that fails, asks again with back-off until Slack answers. Never rejects. */
  checkAtStart(): Promise<void>;
  /**
   * Whose workspace the token is, from the same answer (asked now if Slack has not answered yet;
   * rejects while it does not, or once it refused the token).
   */
  home(): Promise<HomeWorkspace>;
  /**
   * The token's bot (`bot_id`) and, when auth.test says it, its Slack app, from the same answer
   * (as `home`).
   */
  owner(): Promise<{ botId?: string; appId?: string }>;
  /** Slack's kept refusal of the token (`token_revoked`...), until a restart; else undefined. */
  refusal(): string | undefined;
  /**
   * A Web API call made with the token failed with `err`: when that is Slack refusing the token
   * (`token_revoked`...) and `auth.test` says so again, the refusal is kept (logged once) as
   * at start. True while the token is refused. Never rejects.
   */
  confirmRefused(err: unknown): Promise<boolean>;
  /**
   * While the token is refused: the refusal's error line again, at most once a minute, with
   * how many messages wait for the new token (`held`, asked only then). Never rejects.
   */
  remind(held: () => Promise<number>): Promise<void>;
} {
  const { log } = options;
  let known: TokenOwner | undefined;
  let refused: Error | undefined;
  let asking: Promise<TokenOwner> | undefined;
  let waiting: { since: number; saidAt: number; attempts: number } | undefined;
  let refusedCode: string | undefined;
  let saidRefusedAt = 0;
  let looping = false;

  const sayRefused = (code: string, held?: number) => {
    saidRefusedAt = options.nowMs();
    log.error(
      {
        code: 'SLACK_REFUSED',
        slackError: code,
        ref: newErrorRef(),
        ...(held === undefined ? {} : { held }),
      },
      `Slack refuses the bot token (SLACK_BOT_TOKEN): ${code}; nothing is sent to Slack and every request is refused${held === undefined ? '' : ` (${held} messages held, none lost)`}: set a new SLACK_BOT_TOKEN (reinstall the app to the workspace if it was removed) and restart the desk`,
    );
  };

  const failed = (err: unknown) => {
    const code = refusal(err);
    if (code) {
      if (refused) return;
      refused = err as Error;
      refusedCode = code;
      sayRefused(code);
      return;
    }
    const answered = (err as { data?: { error?: unknown } }).data?.error;
    const reason =
      unreachable(err) ??
      (typeof answered === 'string'
        ? `Slack answered ${answered}`
        : err instanceof z.ZodError
          ? 'an unreadable answer'
          : `no answer (${(err as Error).name ?? 'error'})`);
    const now = options.nowMs();
    if (!waiting) {
      waiting = { since: now, saidAt: now, attempts: 1 };
      log.warn(
        { reason },
        `waiting for Slack to check the bot token (auth.test): ${reason}; requests are not served until it answers; asking again with back-off, said again at most once a minute`,
      );
      return;
    }
    waiting.attempts += 1;
    if (now - waiting.saidAt >= UNREACHABLE_REPEAT_MS || now < waiting.saidAt) {
      waiting.saidAt = now;
      log.warn(
        { reason, attempts: waiting.attempts, waitedMs: now - waiting.since },
        `still waiting for Slack to check the bot token: ${reason}; ${waiting.attempts} tries so far`,
      );
    }
  };

  /** One `auth.test`, shared by whoever asks while it runs. */
  const ask = (): Promise<TokenOwner> =>
    (asking ??= options.client.auth
      .test()
      .then(owner)
      .then(
        (said) => {
          known = said;
          if (waiting)
            log.info(
              { attempts: waiting.attempts + 1, waitedMs: options.nowMs() - waiting.since },
              'Slack answers: the bot token is checked; serving requests',
            );
          waiting = undefined;
          return known;
        },
        (err: unknown) => {
          failed(err);
          throw err;
        },
      )
      .finally(() => (asking = undefined)));

  const answer = async (): Promise<TokenOwner> => {
    if (refused) throw refused;
    return known ?? ask();
  };

  const loop = async () => {
    let delayMs = options.firstDelayMs ?? 1_000;
    const maxDelayMs = options.maxDelayMs ?? 60_000;
    while (!known && !refused && !options.stopping()) {
      await options.sleep(delayMs);
      delayMs = Math.min(delayMs * 2, maxDelayMs);
      if (known || refused || options.stopping()) return;
      await ask().catch(() => undefined);
    }
  };

  return {
    authorize: async ({ isEnterpriseInstall }): Promise<AuthorizeResult> => ({
      isEnterpriseInstall,
      botToken: options.token,
      ...(await answer()).identity,
    }),
    home: async () => (await answer()).home,
    owner: async () => {
      const { identity, appId } = await answer();
      return {
        ...(identity.botId ? { botId: identity.botId } : {}),
        ...(appId ? { appId } : {}),
      };
    },
    refusal: () => refusedCode,
    async confirmRefused(err) {
      if (refused) return true;
      if (!refusal(err)) return false;
      // Asked of Slack again: one refused call is not yet the token's end.
      await ask().catch(() => undefined);
      return !!refused;
    },
    async remind(held) {
      const code = refusedCode;
      if (!code) return;
      const now = options.nowMs();
      if (now - saidRefusedAt < UNREACHABLE_REPEAT_MS && now >= saidRefusedAt) return;
      saidRefusedAt = now;
      sayRefused(code, await held().catch(() => undefined));
    },
    async checkAtStart() {
      await ask().catch(() => undefined);
      if (known || refused || looping) return;
      looping = true;
      void loop()
        .catch((err: unknown) => log.error({ err }, 'the bot token check stopped'))
        .finally(() => (looping = false));
    },
  };
}
