import { afterAll, describe, expect, test } from 'vitest';
import type { DeskApp } from '../../src/app.js';
import type { Clock } from '../../src/clock.js';
import { loadConfig } from '../../src/config.js';
import type { Database } from '../../src/db/connection.js';
import { TEST_APP_TOKEN, TEST_BOT_TOKEN } from '../helpers/app.js';
import { fixedClock } from '../helpers/clock.js';
import { dropTestDatabase, openTestDatabase } from '../helpers/db.js';
import { captureLogs } from '../helpers/logs.js';
import { slashCommandPayload } from '../helpers/slack-requests.js';
import { handBuiltDesk, useFakeSlackBehindStoppedProxy } from '../helpers/setups-7-slack-down.js';

// Socket Mode started while Slack cannot be reached: SLACK_API_URL points at a proxy in front of
// the fake Slack that is not listening yet (connection refused, what "fetch failed" hides), and
// comes up after the app has waited a while. Waits are virtual: recorded, never slept.
// The proxy stops after learning its port: nothing listens at SLACK_API_URL.
const { fake, proxy } = useFakeSlackBehindStoppedProxy();
const capture = captureLogs('debug');
let db: Database;

afterAll(async () => {
  if (db) await dropTestDatabase(db);
});

async function build(slackWait: { sleep: (ms: number) => Promise<void> }): Promise<DeskApp> {
  const config = loadConfig({
    SLACK_BOT_TOKEN: TEST_BOT_TOKEN,
    SLACK_APP_TOKEN: TEST_APP_TOKEN,
    SLACK_API_URL: `http://127.0.0.1:${proxy.listeningPort}/api/`,
    PORT: '0',
  });
  db ??= await openTestDatabase(capture.log);
  return handBuiltDesk(
    { config, db, log: capture.log, clock: fixedClock('2026-11-24T02:00:00Z') as Clock },
    { slackWait },
  );
}

describe('Socket Mode when Slack cannot be reached', () => {
  test('waits with back-off, says once what it waits for, then connects at SLACK_API_URL and serves', async () => {
    await fake.start();
    // The proxy learns its port, then stops: nothing listens at SLACK_API_URL.
    Object.assign(proxy, {
      target: { host: '127.0.0.1', port: Number(new URL(fake.apiUrl).port) },
    });
    await proxy.start();
    await proxy.stop();

    const waits: number[] = [];
    const desk = await build({
      sleep: async (ms) => {
        waits.push(ms);
        if (waits.length === 8) await proxy.start(); // Slack is back
      },
    });
    await desk.start();
    try {
      // 1 s doubling, up to 60 s.
      expect(waits).toEqual([1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000]);
      const apiUrl = `http://127.0.0.1:${proxy.listeningPort}/api/`;
      const warnings = capture.lines.filter((l) => l.level >= 40);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatchObject({
        component: 'socket-mode',
        apiUrl,
        reason: 'no connection (ECONNREFUSED)',
        msg: `waiting for Slack: its Web API at ${apiUrl} cannot be reached (no connection (ECONNREFUSED)); Socket Mode connects as soon as it answers`,
      });
      expect(capture.raw.join('')).not.toContain('fetch failed');
      expect(capture.lines.find((l) => l.msg === 'Slack answers')).toMatchObject({ attempts: 9 });

      // The connection was asked for at SLACK_API_URL, with the app-level token, once.
      const opens = fake.callsTo('apps.connections.open');
      expect(opens).toHaveLength(1);
      expect(fake.callsTo('auth.test')).toHaveLength(1);
      const connection = await fake.socketMode.connection();
      expect(connection.appToken).toBe(TEST_APP_TOKEN);
      const ack = await connection.deliver(
        'slash_commands',
        slashCommandPayload('/ticket', 'help', {}, fake.responseUrl()),
      );
      expect(ack.payload?.text).toContain('*/ticket*: service tickets');
    } finally {
      await desk.stop();
    }
    expect(fake.violations).toEqual([]);
  });

  test('stopping while it waits ends the wait: start() says so and nothing is left running', async () => {
    await proxy.stop();
    capture.lines.length = 0;
    let desk: DeskApp | undefined;
    const waits: number[] = [];
    desk = await build({
      sleep: async (ms) => {
        waits.push(ms);
        if (waits.length === 2) await desk!.stop();
      },
    });
    await expect(desk.start()).rejects.toThrow('stopped while waiting for Slack');
    expect(waits).toEqual([1000, 2000]);
    expect(capture.lines.filter((l) => l.level >= 40)).toHaveLength(1);
  });
});
