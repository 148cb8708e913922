/**
 * Where the app may POST a message given to it as a URL: only Slack's response URLs
 * (https://hooks.slack.com/...), or the origins configured besides (SLACK_RESPONSE_URL_ORIGINS;
 * the origin of SLACK_API_URL, so that a Slack stand-in in tests answers its own URLs).
 */
export interface ResponseUrlPolicy {
  /** The origins accepted, e.g. `https://hooks.slack.com`. */
  readonly origins: readonly string[];
  /** True when `url` is a string naming an absolute URL on one of the origins, without credentials. */
  allows(url: unknown): boolean;
  /**
   * The signal that ends a POST the desk makes itself to such a URL (a modal's confirmation, a
   * replacement; not Bolt's `respond`) after `ms`, with a TimeoutError.
   */
  timeLimit(ms: number): AbortSignal;
}

/**
 * `wait` (tests: virtual time) ends the POSTs' time limits when it resolves, instead of after
 * their `ms`.
 */
export function responseUrlPolicy(
  origins: readonly string[],
  wait?: (ms: number) => Promise<void>,
): ResponseUrlPolicy {
  const allowed = new Set(origins.map((o) => new URL(o).origin));
  return {
    origins: [...allowed],
    timeLimit(ms: number): AbortSignal {
      if (!wait) return AbortSignal.timeout(ms);
      const ended = new AbortController();
      void wait(ms).then(() =>
        ended.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError')),
      );
      return ended.signal;
    },
    allows(url: unknown): boolean {
      if (typeof url !== 'string' || url.length > 2048) return false;
      let parsed: URL;
      try {
        parsed = new URL(url);
      } catch {
        return false;
      }
      if (parsed.username || parsed.password) return false;
      return allowed.has(parsed.origin);
    },
  };
}
