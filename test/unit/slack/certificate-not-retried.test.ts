// A Web API call whose server's certificate is refused (here a self-signed one) never left this
// host, so it is said another way (`neverSent`), but the retrying clients (the listener's, the
// installer's: `onlyUnsentRetried`) do not try it again: a certificate problem lasts, and half an
// hour of retries only keeps the person's error reply (or an OAuth install's page) waiting.
// A connection refused, which may pass, is still tried again.
import { createServer } from 'node:https';
import { createServer as createPlainServer } from 'node:net';
import { WebClient, type RetryOptions } from '@slack/web-api';
import { afterAll, expect, test } from 'vitest';
import { maySlackHaveTaken, neverSent, onlyUnsentRetried } from '../../../src/slack/call-limit.js';
import { SELF_SIGNED } from '../../helpers/self-signed.js';
import { quietSlackLogger } from '../../helpers/web-client.js';

let handshakes = 0;
let requests = 0;
const untrusted = createServer(SELF_SIGNED, (_req, res) => {
  requests++;
  res.end('{"ok":true}');
});
// Each attempt's connection (accepted before the server's part of the handshake is sent).
untrusted.on('connection', () => handshakes++);
await new Promise<void>((resolve) => untrusted.listen(0, '127.0.0.1', resolve));
// A port taken and closed again: nothing listens, the connection is refused.
const closed = createPlainServer();
await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
const closedPort = (closed.address() as { port: number }).port;
await new Promise((resolve) => closed.close(resolve));
afterAll(() => new Promise((resolve) => untrusted.close(resolve)));

const client = (apiUrl: string) =>
  new WebClient('xoxb-test', {
    slackApiUrl: apiUrl,
    logger: quietSlackLogger,
    retryConfig: onlyUnsentRetried({ retries: 4, minTimeout: 0, maxTimeout: 0 }),
  });

const failure = (web: WebClient) =>
  web.chat.postMessage({ channel: 'C0SUPPORT1', text: 'x' }).then(
    () => undefined,
    (err: unknown) => err,
  );

test('a certificate refused: one handshake, not retried, and still never sent (said another way)', async () => {
  const err = await failure(
    client(`https://127.0.0.1:${(untrusted.address() as { port: number }).port}/api/`),
  );
  expect(err).toMatchObject({ code: 'slack_webapi_request_error' });
  expect(handshakes).toBe(1);
  expect(requests).toBe(0);
  expect(neverSent(err)).toBe(true);
  expect(maySlackHaveTaken(err)).toBe(false);
});

test('a connection refused (it may pass): still tried again', async () => {
  const policy = onlyUnsentRetried({ retries: 2, minTimeout: 0, maxTimeout: 0 }) as RetryOptions & {
    onFailedAttempt: (e: Error) => void;
  };
  let attempts = 0;
  const web = new WebClient('xoxb-test', {
    slackApiUrl: `http://127.0.0.1:${closedPort}/api/`,
    logger: quietSlackLogger,
    retryConfig: {
      ...policy,
      onFailedAttempt: (e: Error) => {
        attempts++;
        policy.onFailedAttempt(e);
      },
    } as RetryOptions,
  });
  const err = await failure(web);
  expect(neverSent(err)).toBe(true);
  expect(attempts).toBe(3);
});
