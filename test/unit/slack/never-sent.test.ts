// A Web API call that never left this host (the connection refused, the host not found:
// call-limit.ts's neverSent) surely posted nothing: the message said instead of a spent response
// URL falls back to the DM, and an export's share is "not shared", not "may have been shared".
// One Slack may have taken (a connection reset after the request went) stays unsure.
import { WebClient, type FetchFunction } from '@slack/web-api';
import { describe, expect, test } from 'vitest';
import type { RespondFn } from '@slack/bolt';
import { RespondError } from '@slack/bolt';
import { onlyUnsentRetried } from '../../../src/slack/call-limit.js';
import { okPost, quietSlackLogger } from '../../helpers/web-client.js';
import { shareFiles, shareUnanswered } from '../../../src/slack/files.js';
import { checkedRespond } from '../../../src/slack/reply.js';
import type { Logger } from '../../../src/logger.js';

const failed = (code: string) => Promise.reject(new TypeError('fetch failed', { cause: { code } }));

/** A client whose `method` fails with `code` (after the listener client's retries), the rest ok. */
function client(method: string, code: string) {
  const calls: string[] = [];
  const fetch: FetchFunction = (url) => {
    const name = String(url).split('/').at(-1)!;
    calls.push(name);
    return name === method ? failed(code) : Promise.resolve(okPost());
  };
  const web = new WebClient('xoxb-test', {
    slackApiUrl: 'http://slack.test/api/',
    logger: quietSlackLogger,
    retryConfig: onlyUnsentRetried({ retries: 1, minTimeout: 0, maxTimeout: 0 }),
    fetch,
  });
  return { web, calls };
}

function logger() {
  const lines: { level: string; msg: string }[] = [];
  const at =
    (level: string) =>
    (a: unknown, b?: unknown): void => {
      lines.push({ level, msg: String(typeof a === 'string' ? a : b) });
    };
  const log = { info: at('info'), warn: at('warn'), error: at('error'), debug: at('debug') };
  return { log: log as unknown as Logger, lines };
}

const spent: RespondFn = () =>
  Promise.reject(new RespondError('Failed to respond to the response_url: 404 Not Found', 404));

describe('a message said instead of a spent response URL', () => {
  test('its ephemeral never sent (connection refused): said by DM', async () => {
    const { web, calls } = client('chat.postEphemeral', 'ECONNREFUSED');
    const { log } = logger();
    const respond = checkedRespond(spent, log, {
      client: web,
      userId: 'U0AGENT001',
      channelId: 'C0SUPPORT1',
    });
    await respond({ text: 'the card' });
    expect(calls).toEqual(['chat.postEphemeral', 'chat.postEphemeral', 'chat.postMessage']);
  });

  test('its ephemeral perhaps taken (connection reset): not said again by DM', async () => {
    const { web, calls } = client('chat.postEphemeral', 'ECONNRESET');
    const { log, lines } = logger();
    const respond = checkedRespond(spent, log, {
      client: web,
      userId: 'U0AGENT001',
      channelId: 'C0SUPPORT1',
    });
    await respond({ text: 'the card' });
    expect(calls).toEqual(['chat.postEphemeral']);
    expect(lines.filter((l) => l.msg.includes('it may have been shown'))).toHaveLength(1);
  });
});

describe("an export's share (files.completeUploadExternal)", () => {
  const share = async (code: string) => {
    const { web } = client('files.completeUploadExternal', code);
    return shareFiles(web, { channel: 'D0ADMIN001' }, []).then(
      () => undefined,
      (err: unknown) => err,
    );
  };

  test('never sent (host not found): nothing was shared', async () => {
    const err = await share('ENOTFOUND');
    expect(err).toMatchObject({ reason: 'request_error', method: 'files.completeUploadExternal' });
    expect(shareUnanswered(err)).toBe(false);
  });

  test('perhaps taken (connection reset): it may have been shared', async () => {
    expect(shareUnanswered(await share('ECONNRESET'))).toBe(true);
  });
});
