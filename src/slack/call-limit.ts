// The retries of the Web API clients that retry (Bolt's listener client, the installer's): only
// of a call Slack cannot have taken.
import type { RetryOptions } from '@slack/web-api';

/**
 * Why a request never left this host (the cause's code under undici's "fetch failed"): the
 * connection was refused or never made, or the host name was not found. Slack cannot have taken
 * such a call, so it is safe to send again. A connection reset or closed (ECONNRESET,
 * UND_ERR_SOCKET), a TLS failure or anything else may come after Slack read the request.
 */
const UNSENT = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** How web-api's error begins after it waited out a 429's Retry-After (WebClient.makeRequest). */
const RATE_LIMIT_WAITED = 'A rate limit was exceeded';

/**
 * `policy` (a client's retries of a failed call), but only for a call Slack cannot have taken:
 * a request never sent (the connection refused or never made, the host not found: `UNSENT`) or
 * the client's own wait after a 429 (without rejectRateLimitedCalls). Every other failure is
 * final, for every method: an HTTP 5xx (a gateway may answer it after Slack took the call), a
 * connection dropped once the request went, and a call ended by its time limit
 * (SLACK_CALL_TIMEOUT_MS): a post would go out twice and a one-time OAuth code be spent on the
 * first try. Reads are not told apart: web-api's errors name no method (the client's one policy
 * sees only the error), and a listener retrying a read for minutes keeps the person waiting on an
 * acknowledged request anyway; it fails there, as on any Slack error. web-api hands its
 * retryConfig to p-retry, whose `onFailedAttempt` is asked before each retry: an error it throws
 * ends the call with it.
 */
export function onlyUnsentRetried(policy: RetryOptions): RetryOptions {
  const final: RetryOptions & { onFailedAttempt: (error: Error) => void } = {
    ...policy,
    onFailedAttempt: (error) => {
      if (maySlackHaveIt(error)) throw error;
    },
  };
  return final;
}

/**
 * Whether Slack may have taken a failed Web API call: any HTTP error, and any request error but
 * one never sent (a time limit, a connection dropped after the request went...).
 */
function maySlackHaveIt(error: unknown): boolean {
  const e = error as {
    code?: unknown;
    original?: { code?: unknown; message?: unknown; cause?: { code?: unknown } };
  };
  if (e.code === 'slack_webapi_http_error') return true;
  if (e.code !== 'slack_webapi_request_error') return false;
  // Slack's 429, waited out by the client (which then throws this to have the call tried again).
  if (String(e.original?.message).startsWith(RATE_LIMIT_WAITED)) return false;
  return !neverSent(error);
}

/**
 * Whether a failed request surely never left this host (`UNSENT`: the connection refused or never
 * made, the host not found), so Slack cannot have it: the cause's code of web-api's request error
 * (`original`), or of fetch's own error (`cause`, as Bolt's `respond` throws it). Never an HTTP
 * error: Slack, or a gateway, answered.
 */
export function neverSent(error: unknown): boolean {
  const e = error as {
    code?: unknown;
    statusCode?: unknown;
    original?: { code?: unknown; cause?: { code?: unknown } };
    cause?: { code?: unknown };
  } | null;
  if (!e || e.code === 'slack_webapi_http_error' || typeof e.statusCode === 'number') return false;
  const code = e.original ? (e.original.cause?.code ?? e.original.code) : e.cause?.code;
  return typeof code === 'string' && UNSENT.has(code);
}
