import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  HTTPModuleFunctions,
  HTTPReceiver,
  type BufferedIncomingMessage,
  type HTTPReceiverOptions,
  type ReceiverProcessEventErrorHandlerArgs,
} from '@slack/bolt';
import { classifyError, newErrorRef } from '../errors.js';
import type { Logger } from '../logger.js';
import type { AckFirst } from './ack-first.js';
import type { EnvelopeCheck } from './envelope.js';

export interface GuardedReceiverOptions extends HTTPReceiverOptions {
  signingSecret: string;
  /** The one path Slack posts to. */
  endpoint: string;
  /** The largest body read, in bytes; a bigger one is answered 413 unread. */
  bodyLimitBytes: number;
  envelope: EnvelopeCheck;
  log: Logger;
  /** Told of each request to the endpoint and of its answer (src/slack/ack-first.ts). */
  ackFirst?: AckFirst;
}

function json(res: ServerResponse, status: number, body: unknown, close = false): void {
  if (res.headersSent) return;
  res.writeHead(status, {
    'content-type': 'application/json',
    ...(close ? { connection: 'close' } : {}),
  });
  res.end(JSON.stringify(body));
}

function pathOf(url: string | undefined): string | undefined {
  try {
    return new URL(url ?? '/', 'http://localhost').pathname;
  } catch {
    return undefined;
  }
}

const hasRawBody = (req: IncomingMessage): req is BufferedIncomingMessage =>
  Buffer.isBuffer((req as Partial<BufferedIncomingMessage>).rawBody);

/**
 * Bolt's HTTP receiver with a guard in front of its endpoint. The guard reads the body (at most
 * `bodyLimitBytes`, else 413), checks Slack's signature and parses the body with Bolt's own
 * functions (HTTPModuleFunctions), then refuses with 400 an envelope that is not one of Slack's
 * (`envelope`): not an object, an unknown type, an id of the wrong shape, an id no listener
 * answers, a response URL that is not Slack's. Only then does Bolt get the request, already
 * buffered (Bolt reuses the body, verifies it again and goes on as usual). A forged or stale
 * request is left to Bolt, which answers 401 as before.
 *
 * The guard is installed through `requestListener`, the receiver's public request handler
 * (what Bolt's own server calls, and what an app embedding the receiver in its own server
 * passes to `http.createServer`). Bolt's documented options do not reach far enough: the
 * crash on `payload=null` is in Bolt's receiver itself, after `bodyLimit` and before
 * `customPropertiesExtractor`, `processEventErrorHandler` or any middleware run.
 */
export function guardedHttpReceiver(options: GuardedReceiverOptions): HTTPReceiver {
  const { endpoint, bodyLimitBytes, envelope, log, ackFirst, ...boltOptions } = options;
  const receiver = new HTTPReceiver({
    ...boltOptions,
    endpoints: endpoint,
    bodyLimit: bodyLimitBytes,
    processEventErrorHandler: (args) => processEventError(args, log),
  });
  const bolt = receiver.requestListener;

  /** The request for Bolt, or undefined when the guard has answered it. */
  async function screen(
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<IncomingMessage | undefined> {
    let buffered: BufferedIncomingMessage;
    try {
      buffered = await HTTPModuleFunctions.parseAndVerifyHTTPRequest(
        { enabled: true, signingSecret: options.signingSecret, bodyLimit: bodyLimitBytes },
        req,
        res,
      );
    } catch (error) {
      // A forged or stale signature: the body was read, Bolt verifies again and answers 401.
      if (hasRawBody(req)) return req;
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
    let body: unknown;
    try {
      body = HTTPModuleFunctions.parseHTTPRequestBody(buffered);
    } catch {
      const ref = newErrorRef();
      log.warn({ ref, kind: 'unparsable' }, 'request refused before any listener: bad envelope');
      json(res, 400, { ok: false, error: 'invalid_payload', ref });
      return undefined;
    }
    const { kind, problems } = await envelope.check(body, req.headers['content-type']);
    if (problems.length) {
      const ref = newErrorRef();
      log.warn({ ref, kind, problems }, 'request refused before any listener: bad envelope');
      json(res, 400, { ok: false, error: 'invalid_payload', ref });
      return undefined;
    }
    return buffered;
  }

  receiver.requestListener = (req, res) => {
    if (req.method !== 'POST' || pathOf(req.url) !== endpoint) {
      bolt(req, res);
      return;
    }
    const answered = ackFirst?.arrived();
    if (answered) {
      res.once('finish', answered);
      res.once('close', answered);
    }
    screen(req, res)
      .then((passed) => {
        if (passed) bolt(passed, res);
      })
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
