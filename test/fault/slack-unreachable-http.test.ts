import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { DeskApp } from '../../src/app.js';
import type { Clock } from '../../src/clock.js';
import { loadConfig } from '../../src/config.js';
import type { Database } from '../../src/db/connection.js';
import { TEST_BOT_TOKEN, TEST_SIGNING_SECRET } from '../helpers/app.js';
import { fixedClock } from '../helpers/clock.js';
import { dropTestDatabase, openTestDatabase } from '../helpers/db.js';
import { captureLogs } from '../helpers/logs.js';
import { handBuiltDesk } from '../helpers/setups-7-slack-down.js';

// HTTP mode while Slack cannot be reached: SLACK_API_URL points at a port nobody listens on.
// An operator reading the log must learn where the desk calls Slack and why it gets no answer,
// without a line per failed call ("http request failed fetch failed", over and over).
const capture = captureLogs('info');
const clock = fixedClock('2026-11-24T02:00:00Z');
let db: Database;
let desk: DeskApp;
let baseUrl = '';
let host = '';

beforeAll(async () => {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  host = `127.0.0.1:${port}`;
  const config = loadConfig({
    SLACK_BOT_TOKEN: TEST_BOT_TOKEN,
    SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
    SLACK_API_URL: `http://${host}/api/`,
    PORT: '0',
  });
  db = await openTestDatabase(capture.log);
  desk = handBuiltDesk(
    { config, db, log: capture.log, clock: clock as Clock },
    {
      // The token check at start asks again after a wait: here it waits past the test, so that
      // only the readiness checks below ask Slack again.
      slackWait: { sleep: () => new Promise(() => {}) },
    },
  );
  baseUrl = `http://127.0.0.1:${await desk.start()}`;
});

afterAll(async () => {
  await desk?.stop();
  if (db) await dropTestDatabase(db);
});

const unreachable = () => capture.lines.filter((l) => l.msg.startsWith('cannot reach Slack'));

describe('HTTP mode when Slack cannot be reached', () => {
  test('says once a minute where (SLACK_API_URL’s host) and why (ECONNREFUSED), not a line per call', async () => {
    // Readiness asks Slack each minute: every call fails.
    for (let i = 0; i < 3; i++) {
      const ready = await fetch(`${baseUrl}/readyz`);
      expect(((await ready.json()) as { slack: { state: string } }).slack.state).toBe('unknown');
      clock.advance(60_000); // the check asks again once its answer is a minute old
    }
    // One line a minute (the readiness check asks once a minute), each saying where and why.
    const said = unreachable();
    expect(said).toHaveLength(3);
    for (const line of said)
      expect(line).toMatchObject({
        level: 40,
        host,
        setting: 'SLACK_API_URL',
        cause: 'ECONNREFUSED',
        msg: `cannot reach Slack's Web API at ${host} (set by SLACK_API_URL): ECONNREFUSED; calls to Slack fail until it answers (said at most once a minute)`,
      });
    expect(capture.raw.join('')).not.toContain('fetch failed');
    expect(capture.raw.join('')).not.toContain(TEST_BOT_TOKEN);
  });
});
