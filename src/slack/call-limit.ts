// The retries of the Web API clients that retry (Bolt's listener client, the installer's): only
// of a call Slack cannot have taken.
import type { RetryOptions } from '@slack/web-api';

/**
 * Why a request never left this host (the cause's code under undici's "fetch failed"), of a kind
 * that may pass (`onlyUnsentRetried` tries the call again): the connection was refused or never
 * made (UND_ERR_CONNECT_TIMEOUT: also a response URL's POST whose TCP connect or TLS handshake did
 * not complete within its limit, `postResponseUrl`), the host name was not found (DNS may answer
 * later) or the network was unreachable. Slack cannot have taken such a call, so it is safe to
 * send again. A connection reset or closed (ECONNRESET, UND_ERR_SOCKET), another TLS failure or
 * anything else may come after Slack read the request.
 */
const TRANSIENT_UNSENT = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/**
 * The server's certificate refused (Node's tls codes; checked in the handshake, before a byte of
 * the request): never sent, so it is said another way (`neverSent`), but not tried again. It is
 * lasting (a clock out of step, a proxy's CA not trusted, an expired certificate): retrying it for
 * half an hour only keeps a listener's error reply, or an OAuth install's error page, waiting.
 */
const CERTIFICATE_REFUSED = new Set([
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_REVOKED',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** How web-api's error begins after it waited out a 429's Retry-After (WebClient.makeRequest). */
const RATE_LIMIT_WAITED = 'A rate limit was exceeded';

/**
 * `policy` (a client's retries of a failed call), but only for a call Slack cannot have taken
 * (`maySlackHaveTaken`) and that may pass: a request never sent for a passing cause (the
 * connection refused or never made, the host not found: `TRANSIENT_UNSENT`; not a certificate
 * refused, `CERTIFICATE_REFUSED`, which fails at once) or the client's own wait after a 429
 * (without rejectRateLimitedCalls). Every
 * other failure is final, for every method: an HTTP 5xx (a gateway may answer it after Slack took
 * the call), a connection dropped once the request went, a call ended by its time limit
 * (SLACK_CALL_TIMEOUT_MS) and an error of any other shape: a post would go out twice and a
 * one-time OAuth code be spent on the first try. Reads are not told apart: web-api's errors name no method (the client's one policy
 * sees only the error), and a listener retrying a read for minutes keeps the person waiting on an
 * acknowledged request anyway; it fails there, as on any Slack error. web-api hands its
 * retryConfig to p-retry, whose `onFailedAttempt` is asked before each retry: an error it throws
 * ends the call with it.
 */
export function onlyUnsentRetried(policy: RetryOptions): RetryOptions {
  const final: RetryOptions & { onFailedAttempt: (error: Error) => void } = {
    ...policy,
    onFailedAttempt: (error) => {
      if (maySlackHaveTaken(error) || CERTIFICATE_REFUSED.has(unsentCode(error) ?? '')) throw error;
    },
  };
  return final;
}

/**
 * The one rule of whether Slack may have taken a failed call: a Web API call (the retries of
 * `onlyUnsentRetried`, the message said instead of a spent response URL in src/slack/reply.ts),
 * a response URL's POST (Bolt's `respond`, `replyPrivately`), an upload's share (`shareUnanswered`
 * in src/slack/files.ts). Surely not (false): Slack's refusal (`ok: false`), a 429 given back at
 * once or waited out by the client, a response URL's refusal by its status (a 4xx, Bolt's
 * `RespondError`), a request that never left this host (`neverSent`): it may be sent again, or
 * said another way, and called failed. Perhaps (true): a Web API HTTP error (a gateway may answer
 * it after Slack took the call), a response URL's 5xx, a time limit, a connection dropped after
 * the request went, and an error of any other shape (unsure: it may have been taken, so it is not
 * sent again, nor said to have failed).
 */
export function maySlackHaveTaken(error: unknown): boolean {
  const e = error as {
    code?: unknown;
    statusCode?: unknown;
    original?: { message?: unknown };
  } | null;
  if (e?.code === 'slack_webapi_platform_error' || e?.code === 'slack_webapi_rate_limited_error')
    return false;
  if (e?.code === 'slack_webapi_http_error') return true;
  // Slack's 429, waited out by the client (which then throws this to have the call tried again).
  if (
    e?.code === 'slack_webapi_request_error' &&
    String(e.original?.message).startsWith(RATE_LIMIT_WAITED)
  )
    return false;
  if (typeof e?.statusCode === 'number') return e.statusCode >= 500;
  return !neverSent(error);
}

/**
 * Whether a failed request surely never left this host (`TRANSIENT_UNSENT`: the connection refused
 * or never made, the host not found; `CERTIFICATE_REFUSED`), so Slack cannot have it: the cause's
 * code of web-api's request error (`original`), or of fetch's own error (`cause`, as Bolt's
 * `respond` throws it). Never an HTTP error: Slack, or a gateway, answered.
 */
export function neverSent(error: unknown): boolean {
  const code = unsentCode(error);
  return code !== undefined && (TRANSIENT_UNSENT.has(code) || CERTIFICATE_REFUSED.has(code));
}

/** The code of a failed request's cause (see `neverSent`), or undefined (an HTTP error, none). */
function unsentCode(error: unknown): string | undefined {
  const e = error as {
    code?: unknown;
    statusCode?: unknown;
    original?: { code?: unknown; cause?: { code?: unknown } };
    cause?: { code?: unknown };
  } | null;
  if (!e || e.code === 'slack_webapi_http_error' || typeof e.statusCode === 'number')
    return undefined;
  const code = e.original ? (e.original.cause?.code ?? e.original.code) : e.cause?.code;
  return typeof code === 'string' ? code : undefined;
}
