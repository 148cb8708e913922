import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import {
  HTTPModuleFunctions,
  HTTPReceiver,
  HTTPResponseAck,
  type App,
  type BufferedIncomingMessage,
  type HTTPReceiverOptions,
  type ReceiverProcessEventErrorHandlerArgs,
} from '@slack/bolt';
import { classifyError, newErrorRef } from '../errors.js';
import type { Logger } from '../logger.js';
import type { AckFirst } from './ack-first.js';
import type { EnvelopeCheck } from './envelope.js';
import {
  formFields,
  isSslCheck,
  parseSlackBody,
  slackSignatureCheck,
  verifySlackSignature,
} from './request-body.js';

export interface GuardedReceiverOptions extends HTTPReceiverOptions {
  signingSecret: string;
  /** The one path Slack posts to. */
  endpoint: string;
  /** The largest body read, in bytes; a bigger one is answered 413 unread. */
  bodyLimitBytes: number;
  envelope: EnvelopeCheck;
  log: Logger;
  /** Bolt's logger: the ack's warnings (not acked within 3 s) go there, as from Bolt's receiver. */
  logger: NonNullable<HTTPReceiverOptions['logger']>;
  /** Told of each request to the endpoint and of its answer (src/slack/ack-first.ts). */
  ackFirst?: AckFirst;
  /**
   * What an empty ack of this request says instead (a request from a workspace the desk does not
   * serve: the person is told why nothing happened), if anything: the ack's body, and what to do
   * once it is acked (a click's reply by its response_url).
   */
  emptyAck?: (body: Record<string, unknown>) => EmptyAck | undefined;
  /**
   * Tests: the read deadline of an Events API body over the limit, on virtual time (resolves
   * when the wait is over). Default: a timer of OVERSIZE_READ_MS.
   */
  oversizeReadWait?: (ms: number) => Promise<void>;
}

/** An empty ack's stand-in: `response` as the ack's body, then `after` (awaited, after the ack). */
export interface EmptyAck {
  response?: unknown;
  after?: () => Promise<void>;
}

/**
 * How long a request may go unacked before it is logged as not acknowledged and answered 404
 * (Bolt's HTTPReceiver default): just past Slack's 3 s, after which Slack has given up on it.
 */
const UNHANDLED_AFTER_MS = 3001;

/**
 * The most an Events API body over the limit is read (hashed for its signature, never kept)
 * before it is refused with 413 unread: four times the limit, at least 4 MiB.
 */
function oversizeReadMax(bodyLimitBytes: number): number {
  return Math.max(4 * bodyLimitBytes, 4 * 1024 * 1024);
}

/**
 * How many Events API bodies over the limit an instance reads at once: their signature is known
 * only once they are read, so a forged one is read too; the ones beyond get 413 unread.
 */
const OVERSIZE_READS_AT_ONCE = 2;

/** How long such a body may take to come in: then 408 and the connection is closed. */
const OVERSIZE_READ_MS = 10_000;

/** A wait of `ms` on a timer that does not keep the process up, and its cancel. */
function timerWait(ms: number): { over: Promise<void>; cancel: () => void } {
  let timer: NodeJS.Timeout | undefined;
  const over = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
    timer.unref();
  });
  return { over, cancel: () => clearTimeout(timer) };
}

function json(res: ServerResponse, status: number, body: unknown, close = false): void {
  if (res.headersSent) return;
  res.writeHead(status, {
    'content-type': 'application/json',
    ...(close ? { connection: 'close' } : {}),
  });
  res.end(JSON.stringify(body));
}

/** A header sent once, else undefined. */
function headerOf(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === 'string' ? value : undefined;
}

/**
 * Whether a request is for `endpoint`: its path as Bolt's receiver reads it (a URL's pathname,
 * dot segments resolved), so that no spelling of the endpoint reaches Bolt unguarded. Slack's
 * own spelling is told without parsing a URL.
 */
function isEndpoint(url: string | undefined, endpoint: string): boolean {
  if (url === endpoint || url?.startsWith(`${endpoint}?`)) return true;
  return pathOf(url) === endpoint;
}

function pathOf(url: string | undefined): string | undefined {
  try {
    return new URL(url ?? '/', 'http://localhost').pathname;
  } catch {
    return undefined;
  }
}

/**
 * Bolt's HTTP receiver with a guard in front of its endpoint. The guard reads the body (at most
 * `bodyLimitBytes`, else 413), checks Slack's signature and parses the body by Bolt's rules
 * (src/slack/request-body.ts: the text read and a form split once, where Bolt's
 * HTTPModuleFunctions do each twice); a forged or stale request gets 401, as from Bolt. It then
 * refuses with 400 an envelope that is not one of Slack's (`envelope`): not an object, an unknown
 * type, an id of the wrong shape, an id no listener answers, a response URL that is not Slack's;
 * a Slack Connect message or reaction in a channel linked to no customer is answered 200 and
 * dropped there (`EnvelopeVerdict.drop`). Only then does the app get the event, as Bolt's receiver hands it over (`dispatch`, the steps
 * of HTTPReceiver's own handling after its parse): verified and parsed once, not again by Bolt,
 * which would double the work before each ack (#16).
 *
 * The guard is installed through `requestListener`, the receiver's public request handler
 * (what Bolt's own server calls, and what an app embedding the receiver in its own server
 * passes to `http.createServer`). Bolt's documented options do not reach far enough: the
 * crash on `payload=null` is in Bolt's receiver itself, after `bodyLimit` and before
 * `customPropertiesExtractor`, `processEventErrorHandler` or any middleware run.
 */
export function guardedHttpReceiver(options: GuardedReceiverOptions): HTTPReceiver {
  const {
    endpoint,
    bodyLimitBytes,
    envelope,
    log,
    ackFirst,
    emptyAck,
    oversizeReadWait,
    ...boltOptions
  } = options;
  const receiver = new HTTPReceiver({
    ...boltOptions,
    endpoints: endpoint,
    bodyLimit: bodyLimitBytes,
    processEventErrorHandler: (args) => processEventError(args, log),
  });
  const bolt = receiver.requestListener;
  // The app the events go to: Bolt's App hands itself to its receiver before anything comes in.
  let app: App | undefined;
  const init = receiver.init.bind(receiver);
  receiver.init = (a: App) => {
    app = a;
    init(a);
  };
  const boltLog = boltOptions.logger;
  /** Events API bodies over the limit being read now (OVERSIZE_READS_AT_ONCE at most). */
  let oversizeReads = 0;

  /** The request read, verified and parsed, or undefined when the guard has answered it. */
  async function screen(
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<{ buffered: BufferedIncomingMessage; body: Record<string, unknown> } | undefined> {
    // An Events API body (JSON) over the limit that says its length: read without being kept,
    // and if Slack signed it, answered 200 and dropped (a 413 would be retried by Slack).
    const declared = Number(headerOf(req, 'content-length'));
    if (declared > bodyLimitBytes && req.headers['content-type'] === 'application/json') {
      await dropOversizeEvent(req, res, declared);
      return undefined;
    }
    let buffered: BufferedIncomingMessage;
    try {
      buffered = await HTTPModuleFunctions.bufferIncomingMessage(req, bodyLimitBytes);
    } catch (error) {
      if (
        HTTPModuleFunctions.isRawBodyError(error) &&
        (error.type === 'entity.too.large' || error.statusCode === 413)
      ) {
        log.warn({ limitBytes: bodyLimitBytes }, 'request body too large: refused unread');
        json(res, 413, { ok: false, error: 'body_too_large' }, true);
        return undefined;
      }
      log.warn({ err: error }, 'request body could not be read: refused');
      json(res, 400, { ok: false, error: 'unreadable_body' }, true);
      return undefined;
    }
    const text = buffered.rawBody.toString();
    const contentType = req.headers['content-type'];
    const fields = formFields(text, contentType);
    if (isSslCheck(fields)) return { buffered, body: { ssl_check: '1' } };
    const signed = verifySlackSignature({
      signingSecret: options.signingSecret,
      body: text,
      signature: headerOf(req, 'x-slack-signature'),
      timestamp: headerOf(req, 'x-slack-request-timestamp'),
      nowMs: Date.now(),
    });
    if (!signed) {
      // A forged or stale signature: 401, as Bolt answers it.
      log.warn('request refused: signature missing, wrong or stale');
      HTTPModuleFunctions.buildNoBodyResponse(res, 401);
      return undefined;
    }
    let body: unknown;
    try {
      body = parseSlackBody(text, contentType, fields);
    } catch {
      const ref = newErrorRef();
      log.warn({ ref, kind: 'unparsable' }, 'request refused before any listener: bad envelope');
      json(res, 400, { ok: false, error: 'invalid_payload', ref });
      return undefined;
    }
    const { kind, problems, drop } = await envelope.check(body, req.headers['content-type']);
    if (drop) {
      // Nothing of the desk's (no channel id, person or words logged): no reference either.
      log.info(
        { kind, drop },
        'Slack Connect event in a channel linked to no customer: acked and dropped before any listener',
      );
      HTTPModuleFunctions.buildNoBodyResponse(res, 200);
      return undefined;
    }
    if (problems.length) {
      const ref = newErrorRef();
      log.warn({ ref, kind, problems }, 'request refused before any listener: bad envelope');
      json(res, 400, { ok: false, error: 'invalid_payload', ref });
      return undefined;
    }
    return { buffered, body: body as Record<string, unknown> };
  }

  /**
   * An Events API body longer than `bodyLimitBytes` (an edit of a 40,000-character message carries
   * it twice, with its blocks; attachments add more): read in chunks into its signature's HMAC,
   * nothing kept. Signed by Slack: logged and answered 200, so that Slack does not retry what
   * would be refused again; the event is not processed. Signature headers not of Slack's shape
   * or stale, longer than `oversizeReadMax`, or OVERSIZE_READS_AT_ONCE such reads already
   * running: 413 unread. A forged signature is known only once the body is read (then 401),
   * which is why such reads are few at a time and have a deadline (OVERSIZE_READ_MS: then 408
   * and the connection closed).
   */
  async function dropOversizeEvent(
    req: IncomingMessage,
    res: ServerResponse,
    declared: number,
  ): Promise<void> {
    const tooLarge = () => {
      log.warn({ limitBytes: bodyLimitBytes }, 'request body too large: refused unread');
      json(res, 413, { ok: false, error: 'body_too_large' }, true);
    };
    const check = slackSignatureCheck({
      signingSecret: options.signingSecret,
      signature: headerOf(req, 'x-slack-signature'),
      timestamp: headerOf(req, 'x-slack-request-timestamp'),
      nowMs: Date.now(),
    });
    const readMax = oversizeReadMax(bodyLimitBytes);
    if (!check || declared > readMax) return tooLarge();
    if (oversizeReads >= OVERSIZE_READS_AT_ONCE) {
      log.warn(
        { limitBytes: bodyLimitBytes, readsAtOnce: OVERSIZE_READS_AT_ONCE },
        'request body too large: refused unread, as many as allowed over the limit are being read',
      );
      json(res, 413, { ok: false, error: 'body_too_large' }, true);
      return;
    }
    oversizeReads += 1;
    let reading = true;
    const done = () => {
      if (!reading) return;
      reading = false;
      oversizeReads -= 1;
    };
    const deadline = oversizeReadWait
      ? { over: oversizeReadWait(OVERSIZE_READ_MS), cancel: () => undefined }
      : timerWait(OVERSIZE_READ_MS);
    void deadline.over.then(() => {
      if (!reading) return;
      done();
      log.warn(
        { limitBytes: bodyLimitBytes, afterMs: OVERSIZE_READ_MS },
        'request body over the limit not read in time: refused, connection closed',
      );
      json(res, 408, { ok: false, error: 'body_timeout' }, true);
      // Nothing more is read: the connection goes once the answer is out.
      if (res.writableFinished) req.destroy();
      else res.once('finish', () => req.destroy());
    });
    let bytes = 0;
    try {
      for await (const chunk of req as AsyncIterable<Buffer>) {
        if (!reading) return;
        bytes += chunk.length;
        if (bytes > readMax) return tooLarge();
        check.update(chunk);
      }
      if (!reading) return;
    } catch (error) {
      if (!reading) return;
      log.warn({ err: error }, 'request body could not be read: refused');
      json(res, 400, { ok: false, error: 'unreadable_body' }, true);
      return;
    } finally {
      done();
      deadline.cancel();
    }
    if (!check.valid()) {
      log.warn('request refused: signature missing, wrong or stale');
      HTTPModuleFunctions.buildNoBodyResponse(res, 401);
      return;
    }
    log.warn(
      {
        bytes,
        limitBytes: bodyLimitBytes,
        retryNum: HTTPModuleFunctions.extractRetryNumFromHTTPRequest(req),
      },
      'Slack event over SLACK_BODY_LIMIT_KB: dropped unprocessed, answered 200 so that Slack does not retry it',
    );
    HTTPModuleFunctions.buildNoBodyResponse(res, 200);
  }

  /** What Bolt's receiver does with a request it has parsed: Slack's checks, or the event. */
  async function dispatch(
    req: IncomingMessage,
    res: ServerResponse,
    buffered: BufferedIncomingMessage,
    body: Record<string, unknown>,
    receivedAt: number,
  ): Promise<void> {
    if (body.ssl_check === '1') return HTTPModuleFunctions.buildSSLCheckResponse(res);
    if (body.type === 'url_verification') {
      return HTTPModuleFunctions.buildUrlVerificationResponse(res, body);
    }
    if (!app) throw new Error('the receiver got a request before the app was set up');
    const ack = new HTTPResponseAck({
      logger: boltLog,
      processBeforeResponse: boltOptions.processBeforeResponse ?? false,
      unhandledRequestHandler: HTTPModuleFunctions.defaultUnhandledRequestHandler,
      unhandledRequestTimeoutMillis: UNHANDLED_AFTER_MS,
      httpRequest: buffered,
      httpRequestBody: body,
      httpResponse: res,
    });
    const acked = ack.bind();
    try {
      await app.processEvent({
        body,
        ack: emptyAck
          ? async (response) => {
              const instead = response === undefined ? emptyAck(body) : undefined;
              await acked(
                response ?? (instead?.response as Parameters<typeof acked>[0] | undefined),
              );
              await instead?.after?.();
            }
          : acked,
        retryNum: HTTPModuleFunctions.extractRetryNumFromHTTPRequest(req),
        retryReason: HTTPModuleFunctions.extractRetryReasonFromHTTPRequest(req),
        // When the request came in (performance.now()): a submission's ack budget counts from it
        // (src/slack/boundary.ts), Slack's waits before the listener included.
        customProperties: { receivedAt },
      });
      // processBeforeResponse: true keeps the ack's response until the listener is done.
      if (ack.storedResponse !== undefined) {
        HTTPModuleFunctions.buildContentResponse(res, ack.storedResponse);
      }
    } catch (error) {
      const handled = await processEventError(
        {
          error: error as Error,
          logger: boltLog,
          request: req,
          response: res,
          storedResponse: ack.storedResponse,
        },
        log,
      );
      if (handled) ack.ack();
    }
  }

  // Stopping: the server takes no new connection and closes its idle ones, but a request under
  // way keeps its connection alive after its answer until keep-alive ends it (5 s), so that
  // stop() waited for it within the 10 s shutdown limit. Its answer, and any on a kept connection
  // once stop() began, says `connection: close`: the connection ends with the answer.
  /** Answers not yet written. */
  const underWay = new Set<ServerResponse>();
  let stopping = false;
  const lastOnConnection = (res: ServerResponse) => {
    if (!res.headersSent) res.setHeader('connection', 'close');
  };
  const stop = receiver.stop.bind(receiver);
  receiver.stop = (...args: Parameters<HTTPReceiver['stop']>) => {
    stopping = true;
    for (const res of underWay) lastOnConnection(res);
    const server = (receiver as unknown as { server?: Server }).server;
    const stopped = stop(...args);
    // Node's close() closes the idle ones (Node 19 on); said again for any gone idle meanwhile.
    server?.closeIdleConnections();
    return stopped;
  };

  receiver.requestListener = (req, res) => {
    if (stopping) lastOnConnection(res);
    underWay.add(res);
    res.once('close', () => underWay.delete(res));
    if (req.method !== 'POST' || !isEndpoint(req.url, endpoint)) {
      bolt(req, res);
      return;
    }
    const receivedAt = performance.now();
    const answered = ackFirst?.arrived();
    if (answered) {
      res.once('finish', answered);
      res.once('close', answered);
    }
    screen(req, res)
      .then((passed) => passed && dispatch(req, res, passed.buffered, passed.body, receivedAt))
      .catch((error: unknown) => {
        const ref = newErrorRef();
        log.error({ err: error, ref }, 'request guard failed');
        json(res, 400, { ok: false, error: 'invalid_payload', ref });
      });
  };
  return receiver;
}

/**
 * What Bolt answers when processing a request failed outside the listeners (which report their
 * own failures): 401 for a refused authorization, as Bolt does; otherwise the failure is logged
 * with a reference id and the answer carries the same id.
 */
async function processEventError(
  args: ReceiverProcessEventErrorHandlerArgs,
  log: Logger,
): Promise<boolean> {
  const { error, response } = args;
  const ref = newErrorRef();
  const code = classifyError(error).code;
  if (response.headersSent) {
    log.error({ err: error, ref, code }, 'request failed after its ack');
    return false;
  }
  if ((error as { code?: string }).code === 'slack_bolt_authorization_error') {
    log.warn({ ref, code }, 'request not authorized');
    json(response, 401, { ok: false, error: 'not_authorized', ref });
    return true;
  }
  log.error({ err: error, ref, code }, 'request failed before any listener');
  json(response, 500, { ok: false, error: 'internal_error', ref });
  return false;
}
