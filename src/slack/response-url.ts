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

/**
 * The most of an answer's body read (Slack's is `ok` or `{"ok":false,"error":"…"}`): the rest is
 * not waited for, nor held.
 */
const ANSWER_CAP = 64 * 1024;

/** Statuses whose Response has no body (fetch's null-body statuses). */
const NULL_BODY = new Set([101, 103, 204, 205, 304]);

/**
 * POSTs `body` (JSON) to a response URL, ended by `signal`, with a new connection of its own (no
 * keep-alive reuse), so that it is known whether the connection was made (TCP, and TLS's
 * handshake for https) before the signal ended it: one never made (a host that drops the packets,
 * a handshake that stalls) ends as a `fetch failed` error whose cause's code is
 * UND_ERR_CONNECT_TIMEOUT, a request that never left (`neverSent`); one made ends with the
 * signal's reason (a TimeoutError: it may have been shown). An answer whose status is not 2xx is
 * settled by its status, whatever becomes of its body (slow, dropped, past ANSWER_CAP): a 4xx
 * whose body is held is still Slack's refusal. Other failures come as fetch's do (`fetch
 * failed`, the cause carrying Node's code: ECONNREFUSED, ENOTFOUND, a certificate's).
 *
 * Outbound proxies: the Web API (fetch) follows Node's own env proxy support where the Node
 * version has it (NODE_USE_ENV_PROXY, Node 24 for one); this POST connects directly (`agent: false`
 * takes no global agent, so no proxy either), whatever the environment says. README, Limits.
 */
export function postResponseUrl(url: string, body: string, signal: AbortSignal): Promise<Response> {
  const target = new URL(url);
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<Response>((resolve, reject) => {
    let connected = false;
    let done = false;
    /** The answer's status, once its headers came. */
    let status: number | undefined;
    const refusal = () => status !== undefined && (status < 200 || status > 299);
    const fail = (err: unknown) => {
      if (done) return;
      done = true;
      signal.removeEventListener('abort', abort);
      reject(err);
    };
    const chunks: Buffer[] = [];
    let size = 0;
    /** The answer's body so far, at most ANSWER_CAP bytes. */
    const partial = () => Buffer.concat(chunks).subarray(0, ANSWER_CAP).toString('utf8');
    const answer = (text: string) => {
      if (done) return;
      done = true;
      signal.removeEventListener('abort', abort);
      // A status Response cannot carry (a null-body one with a body, one outside 200-599)
      // is a failed post, never a throw out of this stream's handler.
      try {
        resolve(new Response(NULL_BODY.has(status!) ? null : text, { status }));
      } catch (err) {
        reject(err);
      }
    };
    const failed = (cause: unknown) =>
      fail(Object.assign(new TypeError('fetch failed'), { cause }));
    /** A connection or answer broken: a status not ok already came is the answer. */
    const broken = (err: unknown) => (refusal() ? answer(partial()) : failed(err));
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
        // Decided at the headers: a status not ok is Slack's refusal (a 4xx) or unsure (a 5xx)
        // whatever its body, so a body that is slow, dropped or cut at ANSWER_CAP still settles
        // by it; a 2xx waits for its body (it may say `ok: false`).
        status = res.statusCode ?? 0;
        res.on('data', (c: Buffer) => {
          chunks.push(c);
          size += c.length;
          if (size >= ANSWER_CAP) {
            answer(partial());
            req.destroy();
          }
        });
        res.on('error', broken);
        res.on('end', () => answer(partial()));
      },
    );
    req.on('socket', (socket) => {
      socket.once(target.protocol === 'https:' ? 'secureConnect' : 'connect', () => {
        connected = true;
      });
    });
    req.on('error', broken);
    const abort = () => {
      if (refusal()) answer(partial());
      else if (connected) fail(signal.reason);
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
