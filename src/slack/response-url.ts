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
}

export function responseUrlPolicy(origins: readonly string[]): ResponseUrlPolicy {
  const allowed = new Set(origins.map((o) => new URL(o).origin));
  return {
    origins: [...allowed],
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
