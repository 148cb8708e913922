import { ErrorCode, type WebAPICallResult } from '@slack/web-api';
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
function unreachable(err: unknown): string | undefined {
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
  let waiting = false;
  const outage =
    (level: 'warn' | 'error') =>
    (...msg: unknown[]) => {
      const text = msg.map(String).join(' ');
      if (!OUTAGE_LINES.test(text)) return base[level](...msg);
      if (waiting) return log.debug({ apiUrl, reason: text }, 'still waiting for Slack');
      waiting = true;
      log.warn(
        { apiUrl, reason: text },
        `waiting for Slack: the Socket Mode connection is lost and its Web API at ${apiUrl} does not answer; reconnecting with back-off`,
      );
    };
  return {
    logger: { ...base, warn: outage('warn'), error: outage('error') },
    connected() {
      if (waiting) log.info({ apiUrl }, 'Slack answers: Socket Mode connected again');
      waiting = false;
    },
  };
}
