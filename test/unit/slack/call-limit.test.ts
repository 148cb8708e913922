// A Web API client that retries a failed call (Bolt's listener client, the installer's) retries
// only one Slack cannot have taken (never sent): not one its time limit ended, nor an HTTP 5xx,
// nor a connection dropped after the request went.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebClient, type FetchFunction } from '@slack/web-api';
import { describe, expect, test } from 'vitest';
import { onlyUnsentRetried } from '../../../src/slack/call-limit.js';
import { okPost, quietSlackLogger } from '../../helpers/web-client.js';

const retries = onlyUnsentRetried({ retries: 2, minTimeout: 0, maxTimeout: 0 });

function client(fetch: FetchFunction, timeout?: number) {
  return new WebClient('xoxb-test', {
    slackApiUrl: 'http://slack.test/api/',
    logger: quietSlackLogger,
    retryConfig: retries,
    fetch,
    ...(timeout ? { timeout } : {}),
  });
}

describe('onlyUnsentRetried', () => {
  test('a call the client’s own timeout ended is tried once and fails as a request error', async () => {
    let tries = 0;
    const hangs: FetchFunction = (_url, init) => {
      tries += 1;
      return new Promise((_, reject) =>
        init?.signal?.addEventListener('abort', () => reject(init.signal!.reason)),
      );
    };
    await expect(
      client(hangs, 1).chat.postMessage({ channel: 'D0DM000001', text: 'hi' }),
    ).rejects.toMatchObject({
      code: 'slack_webapi_request_error',
      original: expect.objectContaining({ name: 'TimeoutError' }),
    });
    expect(tries).toBe(1);
  });

  test('a limit ended from outside (a TimeoutError thrown by fetch) is final too', async () => {
    let tries = 0;
    const limited: FetchFunction = () => {
      tries += 1;
      return Promise.reject(
        new DOMException('The operation was aborted due to timeout', 'TimeoutError'),
      );
    };
    await expect(
      client(limited).chat.postMessage({ channel: 'D0DM000001', text: 'hi' }),
    ).rejects.toMatchObject({
      code: 'slack_webapi_request_error',
    });
    expect(tries).toBe(1);
  });

  test('a request not sent (refused, host not found, connect timeout) is still retried', async () => {
    const unsent = (code: string) => () =>
      Promise.reject(new TypeError('fetch failed', { cause: { code } }));
    const answers = [unsent('ECONNREFUSED'), unsent('ENOTFOUND'), () => Promise.resolve(okPost())];
    let tries = 0;
    const flaky: FetchFunction = () => answers[tries++]!();
    const res = await client(flaky).chat.postMessage({ channel: 'D0DM000001', text: 'hi' });
    expect(res.ok).toBe(true);
    expect(tries).toBe(3);
    tries = 0;
    answers.splice(0, 2, unsent('EAI_AGAIN'), unsent('UND_ERR_CONNECT_TIMEOUT'));
    expect((await client(flaky).chat.postMessage({ channel: 'D0DM000001', text: 'hi' })).ok).toBe(
      true,
    );
    expect(tries).toBe(3);
  });

  test('an HTTP 5xx (a gateway may answer it after Slack took the call) is final', async () => {
    let tries = 0;
    const gateway: FetchFunction = () => {
      tries += 1;
      return Promise.resolve(new Response('bad gateway', { status: 502 }));
    };
    await expect(
      client(gateway).chat.postMessage({ channel: 'D0DM000001', text: 'hi' }),
    ).rejects.toMatchObject({ code: 'slack_webapi_http_error', statusCode: 502 });
    expect(tries).toBe(1);
  });

  test('a connection dropped after the request went (real server, real fetch) is final', async () => {
    let taken = 0;
    // Reads the whole post (Slack took it), then the connection drops before any answer.
    const server = createServer((req, res) => {
      req.on('data', () => {});
      req.on('end', () => {
        taken += 1;
        res.socket?.destroy();
      });
    });
    await new Promise<void>((up) => server.listen(0, '127.0.0.1', () => up()));
    try {
      const port = (server.address() as AddressInfo).port;
      const real = new WebClient('xoxb-test', {
        slackApiUrl: `http://127.0.0.1:${port}/api/`,
        logger: quietSlackLogger,
        retryConfig: retries,
        timeout: 5_000,
      });
      await expect(
        real.chat.postMessage({ channel: 'D0DM000001', text: 'hi' }),
      ).rejects.toMatchObject({ code: 'slack_webapi_request_error' });
      expect(taken).toBe(1);
    } finally {
      await new Promise<void>((done) => server.close(() => done()));
    }
  });

  test('a 429 the client waited out (no rejectRateLimitedCalls) is still retried', async () => {
    const answers = [
      () => Promise.resolve(new Response('', { status: 429, headers: { 'retry-after': '0' } })),
      () => Promise.resolve(okPost()),
    ];
    let tries = 0;
    const limited: FetchFunction = () => answers[tries++]!();
    const res = await client(limited).chat.postMessage({ channel: 'D0DM000001', text: 'hi' });
    expect(res.ok).toBe(true);
    expect(tries).toBe(2);
  });
});
