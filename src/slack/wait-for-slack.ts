import { ErrorCode, type FetchFunction, type WebAPICallResult } from '@slack/web-api';
import type { Logger as SlackLogger } from '@slack/bolt';
import type { Logger } from '../logger.js';

/** Slack's own Web API, when SLACK_API_URL is not set. */
export const SLACK_API_URL_DEFAULT = 'https://slack.com/api/';

export interface WaitForSlackOptions {
  /** One call to the Web API that does not retry by itself (api.test). */
  probe: () => Promise<WebAPICallResult>;
  /** Where the probe goes, for the log line. */
  apiUrl: string;
  log: Logger;
  sleep: (ms: number) => Promise<void>;
  /** The back-off: the first wait, doubled after each failure up to the longest. */
  firstDelayMs?: number;
  maxDelayMs?: number;
  /** True once the app is stopping: the wait ends (start() then gives up). */
  stopping: () => boolean;
}

/** Why a call did not reach Slack, in a few words (never a token: only codes and statuses). */
export function unreachable(err: unknown): string | undefined {
  const e = err as {
    code?: string;
    statusCode?: number;
    retryAfter?: number;
    original?: Error & { cause?: { code?: string; message?: string } };
  };
  switch (e.code) {
    case ErrorCode.RequestError: {
      const cause = e.original?.cause;
      return `no connection (${cause?.code ?? cause?.message ?? e.original?.message ?? 'request failed'})`;
    }
    case ErrorCode.HTTPError:
      return `HTTP ${e.statusCode ?? '?'}`;
    case ErrorCode.RateLimitedError:
      return `rate limited for ${e.retryAfter ?? '?'} s`;
    default:
      // An answer from Slack (even an error) means it can be reached.
      return undefined;
  }
}

/**
 * Waits until Slack's Web API answers, before Socket Mode asks it for a connection: one attempt
 * at a time, with back-off (1 s doubling up to 60 s by default), and ONE warning line saying
 * what it waits for (then debug lines), and one line when Slack answers. Resolves false when the
 * app stopped while waiting.
 */
export async function waitForSlack(options: WaitForSlackOptions): Promise<boolean> {
  const { log, apiUrl } = options;
  const maxDelayMs = options.maxDelayMs ?? 60_000;
  let delayMs = options.firstDelayMs ?? 1_000;
  const started = Date.now();
  for (let attempt = 1; ; attempt++) {
    if (options.stopping()) return false;
    let reason: string | undefined;
    try {
      await options.probe();
    } catch (err) {
      reason = unreachable(err);
    }
    if (reason === undefined) {
      if (attempt > 1) {
        log.info({ apiUrl, attempts: attempt, waitedMs: Date.now() - started }, 'Slack answers');
      }
      return true;
    }
    if (attempt === 1) {
      log.warn(
        {
          apiUrl,
          reason,
          retry: `every ${delayMs / 1000} s, doubling up to ${maxDelayMs / 1000} s`,
        },
        `waiting for Slack: its Web API at ${apiUrl} cannot be reached (${reason}); Socket Mode connects as soon as it answers`,
      );
    } else {
      log.debug({ apiUrl, reason, attempt, nextTryInMs: delayMs }, 'still waiting for Slack');
    }
    await options.sleep(delayMs);
    delayMs = Math.min(delayMs * 2, maxDelayMs);
  }
}

/**
 * What apps.connections.open answers for an app-level token Slack will never take: the Socket
 * Mode client gives up on these (its UnrecoverableSocketModeStartError), at start and later.
 */
const APP_TOKEN_DEAD = new Set([
  'not_authed',
  'invalid_auth',
  'account_inactive',
  'user_removed_from_team',
  'team_disabled',
]);

/** Slack's refusal of SLACK_APP_TOKEN in a failed apps.connections.open, else undefined. */
export function appTokenRefusal(err: unknown): string | undefined {
  const e = (err ?? {}) as { code?: string; data?: { error?: unknown } };
  const error = e.data?.error;
  return e.code === ErrorCode.PlatformError &&
    typeof error === 'string' &&
    APP_TOKEN_DEAD.has(error)
    ? error
    : undefined;
}

/** What the operator reads when Slack refuses SLACK_APP_TOKEN (never the token). */
export function appTokenRefusedMessage(error: string): string {
  return `Slack refused SLACK_APP_TOKEN (${error}) when the desk asked for a Socket Mode connection (apps.connections.open): set an app-level token of this app (Basic Information -> App-Level Tokens, scope connections:write) and restart the desk`;
}

/** What the Socket Mode client and its Web API client log, a line per try, while Slack is away. */
const OUTAGE_LINES = /^(http request failed|Failed to retrieve a new WSS URL|WebSocket error)/;

/**
 * The Socket Mode receiver's logger: when a connection is lost and Slack cannot be reached, the
 * client retries by itself (with back-off) and would log "fetch failed" at every try. This says
 * it once, what it waits for, and that Slack answers again when the client is `connected()`.
 */
export function socketModeLogger(
  base: SlackLogger,
  log: Logger,
  apiUrl: string,
): { logger: SlackLogger; connected(): void } {
  // What was said since the last connection: the WebSocket dropped, the Web API does not answer.
  let lost = false;
  let unreachable = false;
  const outage =
    (level: 'warn' | 'error') =>
    (...msg: unknown[]) => {
      const text = msg.map(String).join(' ');
      if (!OUTAGE_LINES.test(text)) return base[level](...msg);
      // Slack answered, refusing the app-level token: no outage (start() or the reconnect says it).
      const refused = /An API error occurred: (\w+)/.exec(text)?.[1];
      if (refused && APP_TOKEN_DEAD.has(refused)) return base.debug(...msg);
      // The WebSocket itself failed: nothing is known yet of the Web API (it may well answer).
      if (text.startsWith('WebSocket error')) {
        if (lost || unreachable)
          return log.debug({ apiUrl, reason: text }, 'still waiting for Slack');
        lost = true;
        return log.warn(
          { apiUrl, reason: text },
          'the Socket Mode connection to Slack was lost; reconnecting',
        );
      }
      if (unreachable) return log.debug({ apiUrl, reason: text }, 'still waiting for Slack');
      unreachable = true;
      log.warn(
        { apiUrl, reason: text },
        `waiting for Slack: the Socket Mode connection is lost and its Web API at ${apiUrl} does not answer; reconnecting with back-off`,
      );
    };
  return {
    logger: { ...base, warn: outage('warn'), error: outage('error') },
    connected() {
      if (lost || unreachable) log.info({ apiUrl }, 'Slack answers: Socket Mode connected again');
      lost = false;
      unreachable = false;
    },
  };
}

/** How often one way of failing to reach Slack (a host and a cause) is said again, at most. */
export const UNREACHABLE_REPEAT_MS = 60_000;

/** Why a request never got an answer: the cause's code (ECONNREFUSED, ENOTFOUND…), else a name. */
function causeOf(err: unknown): string {
  const e = err as { name?: unknown; code?: unknown; cause?: { code?: unknown; name?: unknown } };
  const code = e.cause?.code ?? e.code;
  if (typeof code === 'string' && code) return code;
  const name = e.name === 'TypeError' ? e.cause?.name : e.name; // TimeoutError, AbortError
  return typeof name === 'string' && name ? name : 'unknown';
}

export interface SlackReachOptions {
  log: Logger;
  /** The Web API's URL (SLACK_API_URL, else Slack's own) and whether SLACK_API_URL set it. */
  apiUrl: string;
  fromSetting: boolean;
  nowMs: () => number;
  fetch?: FetchFunction;
}

/**
 * HTTP mode: the Web API clients' `fetch`, wrapped so that a call that gets no answer from Slack
 * is said with where (the host, and whether SLACK_API_URL named it) and why (the cause's code:
 * ECONNREFUSED, ENOTFOUND…), at most once a minute per host and cause, with how many calls
 * failed so since; and once when it answers again. The clients' own line for it ("http request
 * failed fetch failed", a line per try) goes to debug. Never a token: hosts and codes only.
 */
export function slackReach(options: SlackReachOptions): {
  fetch: FetchFunction;
  logger(base: SlackLogger): SlackLogger;
} {
  const { log } = options;
  const base = options.fetch ?? (globalThis.fetch as unknown as FetchFunction);
  const apiHost = new URL(options.apiUrl).host;
  const said = new Map<string, { at: number; failures: number }>();
  const down = new Set<string>();
  /** Messages of the failures said here: the client's own line about them is not repeated. */
  const known = new Set<string>();
  const hostOf = (url: string | URL) => {
    try {
      return new URL(String(url)).host;
    } catch {
      return apiHost;
    }
  };
  return {
    fetch: async (url, init) => {
      const host = hostOf(url);
      const where = host === apiHost && options.fromSetting ? 'SLACK_API_URL' : "Slack's";
      try {
        const response = await base(url, init);
        if (down.delete(host)) {
          for (const key of said.keys()) if (key.startsWith(`${host} `)) said.delete(key);
          log.info({ host, setting: where }, `Slack's Web API at ${host} answers again`);
        }
        return response;
      } catch (err) {
        if (err instanceof Error && known.size < 50) known.add(err.message);
        const cause = causeOf(err);
        const key = `${host} ${cause}`;
        const now = options.nowMs();
        const last = said.get(key);
        down.add(host);
        if (last && now - last.at >= 0 && now - last.at < UNREACHABLE_REPEAT_MS) {
          last.failures += 1;
        } else {
          said.set(key, { at: now, failures: 0 });
          log.warn(
            {
              host,
              setting: where,
              cause,
              ...(last ? { failuresSince: last.failures + 1 } : {}),
            },
            `cannot reach Slack's Web API at ${host} (${where === 'SLACK_API_URL' ? 'set by SLACK_API_URL' : "Slack's own"}): ${cause}; calls to Slack fail until it answers (said at most once a minute)`,
          );
        }
        throw err;
      }
    },
    logger: (slack) => ({
      ...slack,
      warn: (...msg: unknown[]) => {
        if (msg[0] === 'http request failed' && known.has(String(msg[1])))
          return slack.debug(...msg);
        return slack.warn(...msg);
      },
    }),
  };
}
