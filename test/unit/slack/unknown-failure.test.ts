// A failed Slack call whose error has no shape the desk knows (not web-api's, not fetch's, not
// Bolt's RespondError) is "unsure" everywhere (call-limit.ts's maySlackHaveTaken, the one rule):
// Slack may have taken it, so it is neither sent again nor said to have failed. Each caller: the
// retrying clients (onlyUnsentRetried), a listener's respond (checkedRespond), the message said
// instead of a spent response URL, an export's share (shareUnanswered).
import { RespondError, type RespondFn } from '@slack/bolt';
import { WebClient, type FetchFunction } from '@slack/web-api';
import { describe, expect, test } from 'vitest';
import type { Logger } from '../../../src/logger.js';
import { maySlackHaveTaken, onlyUnsentRetried } from '../../../src/slack/call-limit.js';
import { shareFiles, shareUnanswered } from '../../../src/slack/files.js';
import { checkedRespond } from '../../../src/slack/reply.js';
import { okPost, quietSlackLogger } from '../../helpers/web-client.js';

/** An error of no shape the desk knows. */
const odd = () => new RangeError('something odd');

function logger() {
  const lines: { level: string; msg: string; reason?: unknown }[] = [];
  const at =
    (level: string) =>
    (a: unknown, b?: unknown): void => {
      const fields = typeof a === 'object' && a ? (a as { reason?: unknown }) : {};
      lines.push({ level, msg: String(typeof a === 'string' ? a : b), reason: fields.reason });
    };
  const log = { info: at('info'), warn: at('warn'), error: at('error'), debug: at('debug') };
  return { log: log as unknown as Logger, lines };
}

/** A Web API client whose `method` throws `odd()`; the others answer ok. */
function oddClient(method: string) {
  const calls: string[] = [];
  const call = (name: string) => () => {
    calls.push(name);
    return name === method ? Promise.reject(odd()) : Promise.resolve({ ok: true });
  };
  const client = {
    chat: { postEphemeral: call('chat.postEphemeral'), postMessage: call('chat.postMessage') },
    files: {
      getUploadURLExternal: () => {
        calls.push('files.getUploadURLExternal');
        return Promise.resolve({ ok: true, upload_url: 'http://slack.test/up', file_id: 'F1' });
      },
      completeUploadExternal: call('files.completeUploadExternal'),
    },
  };
  return { client: client as unknown as WebClient, calls };
}

describe('the one rule', () => {
  test('an error of unknown shape may have been taken; the known refusals and never-sent not', () => {
    expect(maySlackHaveTaken(odd())).toBe(true);
    expect(maySlackHaveTaken(undefined)).toBe(true);
    expect(maySlackHaveTaken('a string')).toBe(true);
    expect(maySlackHaveTaken({ code: 'slack_webapi_platform_error' })).toBe(false);
    expect(maySlackHaveTaken({ code: 'slack_webapi_rate_limited_error' })).toBe(false);
    expect(maySlackHaveTaken({ code: 'slack_webapi_http_error', statusCode: 400 })).toBe(true);
    expect(maySlackHaveTaken(new RespondError('404 Not Found', 404))).toBe(false);
    expect(maySlackHaveTaken(new RespondError('502 Bad Gateway', 502))).toBe(true);
    expect(
      maySlackHaveTaken(new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } })),
    ).toBe(false);
  });
});

describe('an error of unknown shape', () => {
  test('a retrying client does not try the call again (real WebClient)', async () => {
    let tries = 0;
    // What the client throws before its request goes (its body not serialisable) reaches its
    // retries unwrapped: of no shape web-api gives its errors.
    const blocks = {
      toJSON() {
        tries += 1;
        throw odd();
      },
    };
    const once = async (retries: number) => {
      tries = 0;
      const fetch: FetchFunction = () => Promise.resolve(okPost());
      const web = new WebClient('xoxb-test', {
        slackApiUrl: 'http://slack.test/api/',
        logger: quietSlackLogger,
        retryConfig: onlyUnsentRetried({ retries, minTimeout: 0, maxTimeout: 0 }),
        fetch,
      });
      await expect(
        web.chat.postMessage({ channel: 'D0DM000001', text: 'hi', blocks: blocks as never }),
      ).rejects.toBeInstanceOf(RangeError);
      return tries;
    };
    const oneTry = await once(0);
    expect(oneTry).toBeGreaterThan(0);
    expect(await once(2)).toBe(oneTry);
  });

  test("a listener's respond: not thrown (no error reply after it), logged as perhaps shown", async () => {
    const { log, lines } = logger();
    const { client, calls } = oddClient('none');
    const respond = checkedRespond(() => Promise.reject(odd()), log, {
      client,
      userId: 'U0AGENT001',
      channelId: 'C0SUPPORT1',
    });
    await expect(respond({ text: 'the card' })).resolves.toBeDefined();
    expect(calls).toEqual([]);
    expect(lines).toEqual([
      expect.objectContaining({
        level: 'warn',
        msg: expect.stringContaining('it may have been shown'),
        reason: 'RangeError',
      }),
    ]);
  });

  test('the ephemeral said instead of a spent response URL: no DM after it', async () => {
    const { log, lines } = logger();
    const { client, calls } = oddClient('chat.postEphemeral');
    const spent: RespondFn = () => Promise.reject(new RespondError('404 Not Found', 404));
    await checkedRespond(spent, log, { client, userId: 'U0AGENT001', channelId: 'C0SUPPORT1' })({
      text: 'the card',
    });
    expect(calls).toEqual(['chat.postEphemeral']);
    expect(lines.filter((l) => l.msg.includes('it may have been shown'))).toHaveLength(1);
  });

  test("an export's share: the files may have been shared (not 'nothing was shared')", async () => {
    const { client, calls } = oddClient('files.completeUploadExternal');
    const realFetch = globalThis.fetch;
    globalThis.fetch = (() => Promise.resolve(new Response('OK'))) as typeof fetch;
    try {
      const err = await shareFiles(client, { channel: 'D0ADMIN001' }, [
        { filename: 'a.json', title: 'a', content: '{}' },
      ]).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(calls).toEqual(['files.getUploadURLExternal', 'files.completeUploadExternal']);
      expect(err).toMatchObject({ method: 'files.completeUploadExternal' });
      expect(shareUnanswered(err)).toBe(true);
    } finally {
      globalThis.fetch = realFetch;
    }
  });
});
