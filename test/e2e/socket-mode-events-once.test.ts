import { describe, expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { eventCallbackBody } from '../helpers/slack-requests.js';

// Socket Mode delivers the same event ids as the Events API (its retries say `retry_attempt`
// instead of X-Slack-Retry-Num): a DM delivered again over the WebSocket is answered once too.
const app = useTestApp({ socketMode: true });

const DM = 'D0DM000001';

function envelope(eventId: string, text: string, ts: string) {
  return eventCallbackBody(
    { type: 'message', channel_type: 'im', channel: DM, user: 'U0DM000001', text, ts },
    eventId,
    Math.floor(Date.now() / 1000),
    { contextTeamId: true },
  );
}

async function until(done: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !done(); i++) await new Promise((r) => setTimeout(r, 25));
  expect(done()).toBe(true);
}

describe('Socket Mode: an event delivered again', () => {
  test('a DM and its retry (retry_attempt 1) over the WebSocket get one answer', async () => {
    const connection = await app.fake.socketMode.connection();
    const payload = envelope('Ev0SOCKONCE1', 'hello?', '1795500000.000100');
    await connection.deliver('events_api', payload);
    await until(() => app.fake.postsTo(DM).length === 1);
    await connection.deliver('events_api', payload, {
      retry_attempt: 1,
      retry_reason: 'timeout',
    });
    await until(() => app.logs.some((l) => l.msg === 'event delivered again: skipped'));
    expect(app.fake.postsTo(DM)).toHaveLength(1);
    expect(String(app.fake.postsTo(DM)[0]!.args.text)).toContain('I do not read messages here');
  });
});
