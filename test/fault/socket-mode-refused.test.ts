import { describe, expect, test } from 'vitest';
import { TEST_APP_TOKEN } from '../helpers/app.js';
import { useSocketDesk } from '../helpers/socket-desk.js';

// Socket Mode with an app-level token Slack refuses (revoked, regenerated, mistyped):
// apps.connections.open answers invalid_auth, at start or when Slack recycles the connection.
const { fake, capture, build } = useSocketDesk();

describe('Socket Mode with an app-level token Slack refuses', () => {
  test('at start: start() fails naming SLACK_APP_TOKEN and what to do, and no outage is said', async () => {
    fake.reset();
    capture.lines.length = 0;
    fake.failNext('apps.connections.open', 'invalid_auth');
    const { desk } = await build();
    try {
      await expect(desk.start()).rejects.toThrow(
        'Slack refused SLACK_APP_TOKEN (invalid_auth) when the desk asked for a Socket Mode connection (apps.connections.open): set an app-level token of this app (Basic Information -> App-Level Tokens, scope connections:write) and restart the desk',
      );
      expect(capture.lines.map((l) => l.msg).join('\n')).not.toContain('does not answer');
    } finally {
      await desk.stop();
    }
  });

  test('when Slack recycles the connection: one error line, /readyz 503, no unhandled rejection', async () => {
    fake.reset();
    capture.lines.length = 0;
    const rejections: unknown[] = [];
    const onRejection = (reason: unknown) => rejections.push(reason);
    process.on('unhandledRejection', onRejection);
    const { desk, port } = await build();
    try {
      await desk.start();
      const first = await fake.socketMode.connection();
      expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status, 'ready while connected').toBe(
        200,
      );
      // The token is revoked, then Slack asks for a new connection.
      fake.revokeToken(TEST_APP_TOKEN, 'invalid_auth');
      first.sendJson({ type: 'disconnect', reason: 'refresh_requested' });
      await first.closed;
      for (let i = 0; i < 200 && !capture.lines.some((l) => l.level >= 50); i++)
        await new Promise((resolve) => setTimeout(resolve, 50));

      expect(rejections).toEqual([]);
      const errors = capture.lines.filter((l) => l.level >= 40);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatchObject({
        level: 50,
        component: 'socket-mode',
        code: 'SLACK_REFUSED',
        error: 'invalid_auth',
        msg: 'Slack refused SLACK_APP_TOKEN (invalid_auth) when the desk asked for a Socket Mode connection (apps.connections.open): set an app-level token of this app (Basic Information -> App-Level Tokens, scope connections:write) and restart the desk; until then no request reaches this instance (/readyz answers 503)',
      });
      const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toMatchObject({
        status: 'unavailable',
        socketMode: { state: 'refused', error: 'invalid_auth' },
      });
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    } finally {
      process.off('unhandledRejection', onRejection);
      await desk.stop();
    }
    expect(capture.raw.join('')).not.toContain(TEST_APP_TOKEN);
  }, 20_000);

  test('too_many_websockets (an eleventh connection): one warning that says why and what to do, then serving', async () => {
    fake.reset();
    capture.lines.length = 0;
    fake.socketMode.refusals.push('too_many_websockets', 'too_many_websockets');
    // The back-off between tries waits on virtual time: recorded, never slept.
    const waits: number[] = [];
    const { desk } = await build({
      socketReconnect: { sleep: async (ms) => void waits.push(ms) },
    });
    try {
      await desk.start(); // taken at the third try
      expect(fake.callsTo('apps.connections.open')).toHaveLength(3);
      expect(waits).toEqual([1_000, 2_000]);
      const said = capture.lines.filter((l) => l.level >= 30).map((l) => [l.level, l.msg]);
      expect(said).toEqual([
        [
          40,
          'Slack refused this Socket Mode connection: the app has its 10 connections already (too_many_websockets), held by other instances of the desk or processes not yet stopped; this instance serves nothing and tries again with back-off (1 s doubling to 30 s). Stop the extra instances, or run several in HTTP mode',
        ],
        [
          30,
          'asking Slack for a new Socket Mode connection (try 2, after 1 s): Slack closed it (too_many_websockets)',
        ],
        [
          30,
          'asking Slack for a new Socket Mode connection (try 3, after 2 s): Slack closed it (too_many_websockets)',
        ],
        [30, 'Slack took the Socket Mode connection: serving'],
      ]);
    } finally {
      await desk.stop();
    }
  });
});
