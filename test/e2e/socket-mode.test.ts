import { describe, expect, test } from 'vitest';
import { TEST_APP_TOKEN, useTestApp } from '../helpers/app.js';
import { slashCommandPayload } from '../helpers/slack-requests.js';

// The production factory in Socket Mode: no signing secret, an app-level token, and Slack's
// requests arriving as envelopes over the fake's WebSocket instead of signed HTTP posts.
// The back-off between reconnects waits on virtual time: recorded, never slept.
const reconnectWaits: number[] = [];
const app = useTestApp({
  socketMode: true,
  socketReconnect: { sleep: async (ms) => void reconnectWaits.push(ms) },
});

describe('Socket Mode against the fake Slack', () => {
  test('starts by opening a connection at SLACK_API_URL with the app-level token', async () => {
    const connection = await app.fake.socketMode.connection();
    expect(connection.appToken).toBe(TEST_APP_TOKEN);
    expect(app.fake.socketMode.connections).toHaveLength(1);
  });

  test('a slash command envelope is acked with the usage the user sees', async () => {
    const connection = await app.fake.socketMode.connection();
    const ack = await connection.deliver(
      'slash_commands',
      slashCommandPayload('/ticket', 'help', {}, app.fake.responseUrl()),
    );
    expect(ack.payload).toMatchObject({ response_type: 'ephemeral' });
    expect(ack.payload?.text).toContain('*/ticket*: service tickets');
    expect(ack.payload?.text).toContain('`/ticket new [title]`  Open a service ticket');
    expect(ack.payload?.text).toContain('`/ticket help`  Show this help');
    expect(ack.payload?.blocks).not.toHaveLength(0);
    // Everything the user needs came in the ack: nothing went through response_url.
    expect(app.fake.callsTo('response_url')).toEqual([]);
  });

  test('/healthz answers on PORT in Socket Mode too', async () => {
    const res = await fetch(`${app.baseUrl}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', db: { state: 'up' } });
  });

  test('a dropped connection while the Web API answers is said as that, not as Slack unreachable', async () => {
    const first = await app.fake.socketMode.connection();
    first.destroy(); // the TCP connection is reset, no close frame
    for (let i = 0; i < 200 && app.fake.socketMode.connections.length < 2; i++)
      await new Promise((resolve) => setTimeout(resolve, 50));
    for (
      let i = 0;
      i < 40 && !app.logs.some((l) => l.msg === 'Slack answers: Socket Mode connected again');
      i++
    )
      await new Promise((resolve) => setTimeout(resolve, 50));
    expect(app.fake.socketMode.connections).toHaveLength(2);
    expect(app.logs.map((l) => [l.level, l.msg])).toEqual([
      [40, 'the Socket Mode connection to Slack was lost; reconnecting'],
      [
        30,
        'asking Slack for a new Socket Mode connection (try 1, after 1 s): the connection to Slack was lost',
      ],
      [30, 'Slack answers: Socket Mode connected again'],
    ]);
    expect(reconnectWaits).toEqual([1_000]);
    expect(app.logs[0]).toMatchObject({ component: 'socket-mode' });
    expect(app.logs.map((l) => l.msg).join('\n')).not.toContain('does not answer');
  }, 20_000);

  test('stops cleanly: says goodbye on the socket (close 1000) and stops serving /healthz', async () => {
    const connection = await app.fake.socketMode.connection();
    await app.stop();
    expect(await connection.closed).toBe(1000);
    await expect(fetch(`${app.baseUrl}/healthz`)).rejects.toThrow();
    expect(app.logs.filter((l) => l.level >= 40)).toEqual([]);
  });
});
