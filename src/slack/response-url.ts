import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

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

/** Statuses whose Response has no body (fetch's null-body statuses). */
const NULL_BODY = new Set([101, 103, 204, 205, 304]);

/**
 * POSTs `body` (JSON) to a response URL, ended by `signal`, with a new connection of its own (no
 * keep-alive reuse), so that it is known whether the connection was made (TCP, and TLS's
 * handshake for https) before the signal ended it: one never made (a host that drops the packets,
 * a handshake that stalls) ends as a `fetch failed` error whose cause's code is
 * UND_ERR_CONNECT_TIMEOUT, a request that never left (`neverSent`); one made ends with the
 * signal's reason (a TimeoutError: it may have been shown). Other failures come as fetch's do
 * (`fetch failed`, the cause carrying Node's code: ECONNREFUSED, ENOTFOUND, a certificate's).
 */
export function postResponseUrl(url: string, body: string, signal: AbortSignal): Promise<Response> {
  const target = new URL(url);
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<Response>((resolve, reject) => {
    let connected = false;
    let done = false;
    const fail = (err: unknown) => {
      if (done) return;
      done = true;
      signal.removeEventListener('abort', abort);
      reject(err);
    };
    const failed = (cause: unknown) =>
      fail(Object.assign(new TypeError('fetch failed'), { cause }));
    const req = send(
      target,
      {
        method: 'POST',
        agent: false,
        headers: {
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(body)),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', failed);
        res.on('end', () => {
          if (done) return;
          done = true;
          signal.removeEventListener('abort', abort);
          const status = res.statusCode ?? 0;
          const text = Buffer.concat(chunks).toString('utf8');
          // A status Response cannot carry (a null-body one with a body, one outside 200-599)
          // is a failed post, never a throw out of this stream's handler.
          try {
            resolve(new Response(NULL_BODY.has(status) ? null : text, { status }));
          } catch (err) {
            reject(err);
          }
        });
      },
    );
    req.on('socket', (socket) => {
      socket.once(target.protocol === 'https:' ? 'secureConnect' : 'connect', () => {
        connected = true;
      });
    });
    req.on('error', failed);
    const abort = () => {
      if (connected) fail(signal.reason);
      else {
        const cause = Object.assign(new Error('connection not made within the time limit'), {
          code: 'UND_ERR_CONNECT_TIMEOUT',
        });
        failed(cause);
      }
      req.destroy();
    };
    if (signal.aborted) return abort();
    signal.addEventListener('abort', abort, { once: true });
    req.end(body);
  });
}
