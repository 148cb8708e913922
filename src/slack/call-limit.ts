// The retries of the Web API clients that retry (Bolt's listener client, the installer's): never
// of a call its time limit ended.
import type { RetryOptions } from '@slack/web-api';

/**
 * `policy` (a client's retries of a failed call), except that a call ended by its time limit
 * (SLACK_CALL_TIMEOUT_MS: a TimeoutError under the client's request error) is never tried again:
 * Slack may have taken it and only its answer be late, so a post would go out twice and a
 * one-time OAuth code be spent on the first try. Every other failure (the request not sent, an
 * HTTP 5xx) is retried as `policy` says. web-api hands its retryConfig to p-retry, whose
 * `onFailedAttempt` is asked before each retry: an error it throws ends the call with it.
 */
export function timeoutIsFinal(policy: RetryOptions): RetryOptions {
  const final: RetryOptions & { onFailedAttempt: (error: Error) => void } = {
    ...policy,
    onFailedAttempt: (error) => {
      if (endedByLimit(error)) throw error;
    },
  };
  return final;
}

/** Whether a failed Web API call was ended by its time limit (web-api's request error). */
function endedByLimit(error: unknown): boolean {
  const original = (error as { original?: { name?: unknown; cause?: { name?: unknown } } })
    .original;
  return original?.name === 'TimeoutError' || original?.cause?.name === 'TimeoutError';
}
