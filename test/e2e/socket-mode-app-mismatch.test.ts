import { describe, expect, test } from 'vitest';
import { TEST_APP_TOKEN, TEST_BOT_TOKEN } from '../helpers/app.js';
import { until, useSocketDesk } from '../helpers/socket-desk.js';

// Socket Mode with SLACK_APP_TOKEN of another Slack app than SLACK_BOT_TOKEN: the connection is
// taken (Slack's hello names that other app), but none of this app's requests would arrive.
const { fake, capture, build } = useSocketDesk();

describe('Socket Mode: the app-level token and the bot token of one Slack app', () => {
  test('same app: the bot token’s app is asked once (bots.info), ready, nothing said', async () => {
    fake.reset();
    capture.lines.length = 0;
    const { desk, port } = await build();
    try {
      await desk.start();
      await until(() => fake.callsTo('bots.info').length > 0);
      expect(fake.callsTo('bots.info').map((c) => c.args.bot)).toEqual(['B0BOT00001']);
      expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
      expect(capture.lines.filter((l) => l.level >= 40)).toEqual([]);
    } finally {
      await desk.stop();
    }
  });

  test('another app’s app-level token: one error naming both apps and what to set, /readyz 503', async () => {
    fake.reset();
    capture.lines.length = 0;
    fake.botAppId = 'A0DESK00002'; // the bot token's app; the app-level token's is A0APP00001
    const { desk, port } = await build();
    try {
      await desk.start();
      await until(() => capture.lines.some((l) => l.level >= 50));
      const errors = capture.lines.filter((l) => l.level >= 40);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatchObject({
        level: 50,
        component: 'socket-mode',
        code: 'SLACK_APP_MISMATCH',
        appId: 'A0APP00001',
        botAppId: 'A0DESK00002',
        msg: "SLACK_APP_TOKEN is an app-level token of another Slack app (A0APP00001) than SLACK_BOT_TOKEN (A0DESK00002): Slack sends this connection none of the desk's commands, buttons or events. Set an app-level token of app A0DESK00002 (its settings: Basic Information -> App-Level Tokens, scope connections:write), or that app's bot token, and restart the desk; until then /readyz answers 503",
      });
      const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toMatchObject({
        status: 'unavailable',
        socketMode: {
          state: 'wrong_app',
          error: 'app_mismatch',
          appId: 'A0APP00001',
          botAppId: 'A0DESK00002',
        },
      });
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);

      // Slack recycles the connection: the same apps are not said again, nor asked of Slack.
      const first = await fake.socketMode.connection();
      const count = fake.socketMode.connections.length;
      first.sendJson({ type: 'disconnect', reason: 'refresh_requested' });
      await until(() => fake.socketMode.connections.length > count);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(capture.lines.filter((l) => l.level >= 40)).toHaveLength(1);
      expect(fake.callsTo('bots.info')).toHaveLength(1);
      expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(503);
    } finally {
      await desk.stop();
    }
    expect(capture.raw.join('')).not.toContain(TEST_APP_TOKEN);
    expect(capture.raw.join('')).not.toContain(TEST_BOT_TOKEN);
  });

  test('an auth.test answer that says the bot token’s app is taken as it is (no bots.info)', async () => {
    fake.reset();
    capture.lines.length = 0;
    fake.authTestAppId = 'A0DESK00002';
    const { desk, port } = await build();
    try {
      await desk.start();
      await until(() => capture.lines.some((l) => l.level >= 50));
      expect(capture.lines.filter((l) => l.level >= 40)).toMatchObject([
        { code: 'SLACK_APP_MISMATCH', appId: 'A0APP00001', botAppId: 'A0DESK00002' },
      ]);
      expect(fake.callsTo('bots.info')).toEqual([]);
      expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(503);
    } finally {
      await desk.stop();
    }
  });
});
