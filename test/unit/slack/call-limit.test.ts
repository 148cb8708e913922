// A Web API client that retries a failed call (Bolt's listener client, the installer's) does not
// retry one its time limit ended (Slack may have taken it); other failures are still retried.
import { LogLevel, WebClient, type FetchFunction } from '@slack/web-api';
import { describe, expect, test } from 'vitest';
import { timeoutIsFinal } from '../../../src/slack/call-limit.js';

const quiet = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  setLevel: () => {},
  getLevel: () => LogLevel.ERROR,
  setName: () => {},
};
const retries = timeoutIsFinal({ retries: 2, minTimeout: 0, maxTimeout: 0 });
const ok = () =>
  new Response(JSON.stringify({ ok: true, channel: 'D0DM000001', ts: '1.000100' }), {
    status: 200,
    headers: { 'content-type': 'application/json' },
  });

function client(fetch: FetchFunction, timeout?: number) {
  return new WebClient('xoxb-test', {
    slackApiUrl: 'http://slack.test/api/',
    logger: quiet,
    retryConfig: retries,
    fetch,
    ...(timeout ? { timeout } : {}),
  });
}

describe('timeoutIsFinal', () => {
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

  test('an HTTP 500 and a request not sent are still retried', async () => {
    const answers = [
      () => Promise.resolve(new Response('oops', { status: 500 })),
      () => Promise.reject(new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } })),
      () => Promise.resolve(ok()),
    ];
    let tries = 0;
    const flaky: FetchFunction = () => answers[tries++]!();
    const res = await client(flaky).chat.postMessage({ channel: 'D0DM000001', text: 'hi' });
    expect(res.ok).toBe(true);
    expect(tries).toBe(3);
  });
});
