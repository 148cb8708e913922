import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { createDeskApp, type DeskApp } from '../../src/app.js';
import type { Clock } from '../../src/clock.js';
import { loadConfig } from '../../src/config.js';
import type { Database } from '../../src/db/connection.js';
import type { EngineKind } from '../../src/db/engine.js';
import { freePort, TEST_APP_TOKEN, TEST_BOT_TOKEN } from '../helpers/app.js';
import { fixedClock } from '../helpers/clock.js';
import { dropTestDatabase, openTestDatabase } from '../helpers/db.js';
import { FakeSlack } from '../helpers/fake-slack.js';
import { captureLogs } from '../helpers/logs.js';

// Socket Mode with SLACK_APP_TOKEN of another Slack app than SLACK_BOT_TOKEN: the connection is
// taken (Slack's hello names that other app), but none of this app's requests would arrive.
const fake = new FakeSlack();
const capture = captureLogs('info');
let db: Database;

beforeAll(async () => {
  await fake.start();
  db = await openTestDatabase(capture.log);
});

afterAll(async () => {
  await fake.stop();
  await dropTestDatabase(db);
});

async function build(): Promise<{ desk: DeskApp; port: number }> {
  const port = await freePort();
  const config = loadConfig({
    SLACK_BOT_TOKEN: TEST_BOT_TOKEN,
    SLACK_APP_TOKEN: TEST_APP_TOKEN,
    SLACK_API_URL: fake.apiUrl,
    PORT: String(port),
  });
  const desk = createDeskApp(
    {
      config,
      db,
      engine: inject('mongoEngine') as EngineKind,
      log: capture.log,
      clock: fixedClock('2026-11-24T02:00:00Z') as Clock,
    },
    { outboxLoop: false, processBeforeResponse: true, submitAckBudgetMs: null },
  );
  return { desk, port };
}

async function until(done: () => boolean, withinMs = 3_000): Promise<void> {
  const deadline = Date.now() + withinMs;
  while (!done() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
}

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
