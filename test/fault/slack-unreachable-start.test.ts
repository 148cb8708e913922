import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { DeskApp } from '../../src/app.js';
import type { Clock } from '../../src/clock.js';
import { loadConfig } from '../../src/config.js';
import type { Database } from '../../src/db/connection.js';
import { TEST_APP_TOKEN, TEST_BOT_TOKEN, TEST_SIGNING_SECRET } from '../helpers/app.js';
import { fixedClock } from '../helpers/clock.js';
import { dropTestDatabase, openTestDatabase } from '../helpers/db.js';
import { captureLogs } from '../helpers/logs.js';
import { slashCommandPayload, SlackRequests } from '../helpers/slack-requests.js';
import { handBuiltDesk, useFakeSlackBehindStoppedProxy } from '../helpers/setups-7-slack-down.js';

// The bot token is checked with Slack (auth.test) at start. When Slack does not answer it for
// longer than the Web API client retries (half an hour in production; no time at all here),
// the desk keeps asking, says so at most once a minute, and serves as soon as Slack answers, in
// HTTP mode and in Socket Mode alike; it does not give up, die, or stay deaf until a restart.
// Waits are virtual: each one moves the clock on, nothing sleeps.
// The proxy stops after learning its port: nothing listens at SLACK_API_URL.
const { fake, proxy } = useFakeSlackBehindStoppedProxy();
const capture = captureLogs('info');
const clock = fixedClock('2026-11-24T02:00:00Z');
let db: Database;

beforeAll(async () => {
  db = await openTestDatabase(capture.log);
});

afterAll(async () => {
  if (db) await dropTestDatabase(db);
});

function build(
  env: Record<string, string>,
  sleep: (ms: number) => Promise<void>,
  apiUrl = `http://127.0.0.1:${proxy.listeningPort}/api/`,
): DeskApp {
  return handBuiltDesk(
    {
      config: loadConfig({ SLACK_BOT_TOKEN: TEST_BOT_TOKEN, SLACK_API_URL: apiUrl, ...env }),
      db,
      log: capture.log,
      clock: clock as Clock,
    },
    // The listeners' client gives up at once: what half an hour of retries comes to.
    { slackRetries: { retries: 0 }, slackWait: { sleep } },
  );
}

const tokenLines = () => capture.lines.filter((l) => l.component === 'slack-token');

describe('Slack cannot be reached when the desk starts', () => {
  test('HTTP mode: it keeps asking, says so once a minute, and serves the first command after Slack is back', async () => {
    capture.lines.length = 0;
    const waits: number[] = [];
    let back!: () => void;
    const slackBack = new Promise<void>((resolve) => (back = resolve));
    const env = {
      SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
      PORT: '0',
      // The commands' response URLs are the fake's, past the proxy.
      SLACK_RESPONSE_URL_ORIGINS: new URL(fake.apiUrl).origin,
    };
    const desk = build(env, async (ms) => {
      waits.push(ms);
      clock.advance(ms);
      if (waits.length === 8) {
        await proxy.start(); // Slack is back
        back();
      }
      // Later waits are the test's: the command below asks Slack itself.
      if (waits.length > 8) await new Promise(() => {});
    });
    const port = await desk.start();
    try {
      await slackBack;
      const slack = new SlackRequests(`http://127.0.0.1:${port}`, TEST_SIGNING_SECRET, fake);
      const res = await slack.command('/ticket', 'help');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ response_type: 'ephemeral' });
      expect(JSON.stringify(res.body)).toContain('/ticket new');

      // 1 s doubling to 60 s; a warning when it first fails, then one a minute; one line when
      // Slack answers. Nothing went unhandled and no request was dropped.
      expect(waits.slice(0, 8)).toEqual([1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000]);
      const said = tokenLines();
      expect(said.map((l) => [l.level, l.waitedMs])).toEqual([
        [40, undefined],
        [40, 63_000],
        [40, 123_000],
        [30, 183_000],
      ]);
      expect(said[0]!.msg).toBe(
        'waiting for Slack to check the bot token (auth.test): no connection (ECONNREFUSED); requests are not served until it answers; asking again with back-off, said again at most once a minute',
      );
      expect(said[1]).toMatchObject({ reason: 'no connection (ECONNREFUSED)', attempts: 7 });
      expect(said[3]).toMatchObject({
        attempts: 9,
        msg: 'Slack answers: the bot token is checked; serving requests',
      });
      expect(capture.lines.filter((l) => l.level >= 50)).toEqual([]);
      expect(capture.raw.join('')).not.toContain(TEST_BOT_TOKEN);
    } finally {
      await desk.stop();
      await proxy.stop();
    }
  });

  test('Socket Mode: auth.test failing at start (HTTP 503) does not end start-up; the desk connects and serves once it answers', async () => {
    capture.lines.length = 0;
    fake.reset();
    fake.failNextHttp('auth.test', 503, 3);
    const waits: number[] = [];
    const desk = build(
      { SLACK_APP_TOKEN: TEST_APP_TOKEN, PORT: '0' },
      async (ms) => {
        waits.push(ms);
        clock.advance(ms);
      },
      fake.apiUrl,
    );
    await desk.start();
    try {
      // The fourth ask has arrived (Slack answers it): the three failures are used up.
      await fake.callArrives(
        (c) => c.method === 'auth.test' && fake.callsTo('auth.test').length >= 4,
      );
      const connection = await fake.socketMode.connection();
      const ack = await connection.deliver(
        'slash_commands',
        slashCommandPayload('/ticket', 'help', {}, fake.responseUrl()),
      );
      expect(ack.payload?.text).toContain('*/ticket*: service tickets');
      expect(
        fake
          .callsTo('auth.test')
          .slice(0, 4)
          .map((c) => c.outcome),
      ).toEqual(['http', 'http', 'http', 'ok']);
      expect(waits).toEqual([1000, 2000, 4000]);
      expect(tokenLines().map((l) => l.level)).toEqual([40, 30]);
      expect(tokenLines()[0]).toMatchObject({ reason: 'HTTP 503' });
      expect(capture.lines.filter((l) => l.level >= 50)).toEqual([]);
    } finally {
      await desk.stop();
    }
    expect(fake.violations).toEqual([]);
  });
});
