import { LogLevel, WebClient } from '@slack/web-api';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { FakeSlack } from '../helpers/fake-slack.js';

// The harness every feature test relies on: prove it behaves like Slack where it matters.
const fake = new FakeSlack();
let client: WebClient;

beforeAll(async () => {
  await fake.start();
  client = new WebClient('xoxb-test', {
    slackApiUrl: fake.apiUrl,
    retryConfig: { retries: 2, minTimeout: 0, maxTimeout: 0 },
    logLevel: LogLevel.ERROR,
  });
});
beforeEach(() => fake.reset());
afterAll(() => fake.stop());

describe('fake Slack', () => {
  test('records calls with nested JSON arguments decoded', async () => {
    await client.chat.postMessage({
      channel: 'C1',
      text: 'hi',
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'hi' } }],
    });
    expect(fake.callsTo('chat.postMessage')[0]?.args).toMatchObject({
      channel: 'C1',
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'hi' } }],
    });
  });

  test('answers 429 with Retry-After, and the real client retries until it goes through', async () => {
    fake.rateLimitNext('chat.postMessage', 0, 2);
    const res = await client.chat.postMessage({ channel: 'C1', text: 'third time lucky' });
    expect(res.ok).toBe(true);
    expect(fake.callsTo('chat.postMessage')).toHaveLength(3);
  });

  test('answers a Slack error the client raises', async () => {
    fake.failNext('chat.postMessage', 'channel_not_found');
    await expect(client.chat.postMessage({ channel: 'C404', text: 'x' })).rejects.toMatchObject({
      code: 'slack_webapi_platform_error',
      data: { error: 'channel_not_found' },
    });
  });

  test('refuses, and records, a message that breaks Block Kit limits', async () => {
    const blocks = Array.from({ length: 51 }, () => ({
      type: 'section',
      text: { type: 'mrkdwn', text: 'x'.repeat(3001) },
    }));
    await expect(
      client.chat.postMessage({ channel: 'C1', blocks, text: '' }),
    ).rejects.toMatchObject({
      data: { error: 'invalid_blocks' },
    });
    expect(fake.violations).toContain('chat.postMessage: blocks has 51 blocks (max 50)');
    expect(fake.violations).toContain(
      'chat.postMessage: message has no fallback `text` (notifications would be empty)',
    );
    expect(fake.violations.some((v) => v.includes('.text is 3001 chars (max 3000)'))).toBe(true);
  });

  test('refuses a modal with a long title and inputs but no submit button', async () => {
    await expect(
      client.views.open({
        trigger_id: 't',
        view: {
          type: 'modal',
          title: { type: 'plain_text', text: 'A title much longer than Slack allows' },
          blocks: [
            {
              type: 'input',
              label: { type: 'plain_text', text: 'Name' },
              element: { type: 'plain_text_input' },
            },
          ],
        },
      }),
    ).rejects.toMatchObject({ data: { error: 'invalid_blocks' } });
    expect(fake.violations).toEqual([
      'views.open: view.title is 37 chars (max 24)',
      'views.open: modal has input blocks but no submit button',
    ]);
  });

  test('hands out its own upload URL for the two-step file upload', async () => {
    const res = await client.filesUploadV2({
      channel_id: 'C1',
      filename: 'chart.png',
      file: Buffer.from('PNGDATA'),
      title: 'Chart',
    });
    expect(res.ok).toBe(true);
    const [fileId] = [...fake.uploads.keys()];
    expect(fake.uploads.get(fileId!)?.toString()).toBe('PNGDATA');
    expect(fake.callsTo('files.completeUploadExternal')[0]?.args).toMatchObject({
      channel_id: 'C1',
    });
  });

  test('its upload URL can be told to refuse; what was shared lists its name, title and bytes', async () => {
    fake.failNextHttp('file_upload', 500);
    const slot = await client.files.getUploadURLExternal({ filename: 'a.json', length: 2 });
    const refused = await fetch(slot.upload_url!, { method: 'POST', body: '{}' });
    expect(refused.status).toBe(500);
    expect(fake.uploads.size).toBe(0);
    await client.filesUploadV2({
      channel_id: 'D1',
      filename: 'a.json',
      file: Buffer.from('{"a":1}'),
      title: 'A',
      initial_comment: 'here',
    });
    expect(fake.sharedFiles('D1')).toMatchObject([
      { filename: 'a.json', title: 'A', comment: 'here' },
    ]);
    expect(fake.sharedFiles('D1')[0]!.content?.toString()).toBe('{"a":1}');
  });

  test('records response_url posts', async () => {
    const url = fake.responseUrl('abc');
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'done', response_type: 'ephemeral' }),
    });
    expect(res.status).toBe(200);
    expect(fake.callsTo('response_url')).toEqual([
      { method: 'response_url', target: 'abc', args: { text: 'done', response_type: 'ephemeral' } },
    ]);
  });

  test('fails the next response_url POST with an HTTP error when told, then answers again', async () => {
    fake.failNextHttp('response_url', 404);
    const post = () =>
      fetch(fake.responseUrl('old'), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ text: 'done' }),
      });
    expect((await post()).status).toBe(404);
    expect((await post()).status).toBe(200);
    expect(fake.callsTo('response_url')).toHaveLength(2);
  });

  test('holds a call until the test releases it, then answers as told', async () => {
    const held = fake.holdNext('auth.test');
    const call = client.auth.test();
    await held.arrived;
    held.release('invalid_auth');
    await expect(call).rejects.toMatchObject({ data: { error: 'invalid_auth' } });
  });

  test('opens Socket Mode connections only for an app-level token', async () => {
    await expect(client.apps.connections.open()).rejects.toMatchObject({
      data: { error: 'not_allowed_token_type' },
    });
    const app = new WebClient('xapp-1-test', {
      slackApiUrl: fake.apiUrl,
      logLevel: LogLevel.ERROR,
    });
    const res = await app.apps.connections.open();
    expect(res.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/socket\/[0-9a-f-]{36}$/);
    expect(fake.callsTo('apps.connections.open').map((c) => c.token)).toEqual([
      'xoxb-test',
      'xapp-1-test',
    ]);
  });
});
