import { describe, expect, test } from 'vitest';
import type { FetchFunction } from '@slack/web-api';
import { boltLogger } from '../../src/logger.js';
import { slackReach } from '../../src/slack/wait-for-slack.js';
import { captureLogs } from '../helpers/logs.js';

/** What fetch throws when nothing answers: undici's TypeError with the socket error as cause. */
function refused(code: string): Error {
  return new TypeError('fetch failed', {
    cause: Object.assign(new Error(`connect ${code} 10.0.0.1:443`), { code }),
  });
}

describe('HTTP mode: calls that cannot reach Slack', () => {
  test('each host and cause is said at most once a minute, with how many failed since; once when Slack answers again', async () => {
    const capture = captureLogs('info');
    let now = 0;
    let failWith: string | undefined = 'ENOTFOUND';
    const base: FetchFunction = async () => {
      if (failWith) throw refused(failWith);
      return { ok: true, status: 200 } as never;
    };
    const reach = slackReach({
      log: capture.log,
      apiUrl: 'https://slack.com/api/',
      fromSetting: false,
      nowMs: () => now,
      fetch: base,
    });
    const logger = reach.logger(boltLogger(capture.log));
    const call = async () => {
      try {
        await reach.fetch('https://slack.com/api/chat.postMessage', { method: 'POST' });
      } catch (err) {
        // What the Web API client logs for each failed try, before it retries.
        logger.warn('http request failed', (err as Error).message);
      }
    };
    for (let i = 0; i < 30; i++) {
      await call();
      now += 1_000;
    }
    failWith = 'ECONNREFUSED';
    await call();
    now += 1_000;
    failWith = undefined;
    await call();

    expect(capture.lines.map((l) => [l.level, l.msg])).toEqual([
      [
        40,
        "cannot reach Slack's Web API at slack.com (Slack's own): ENOTFOUND; calls to Slack fail until it answers (said at most once a minute)",
      ],
      [
        40,
        "cannot reach Slack's Web API at slack.com (Slack's own): ECONNREFUSED; calls to Slack fail until it answers (said at most once a minute)",
      ],
      [30, "Slack's Web API at slack.com answers again"],
    ]);
    // A minute on, the same cause is said again, with the failures since the last line.
    failWith = 'ENOTFOUND';
    now += 1_000;
    await call(); // after it answered, the count starts again: said at once
    for (let i = 0; i < 3; i++) {
      now += 10_000;
      await call();
    }
    now += 60_000;
    await call();
    const last = capture.lines.slice(3);
    expect(last.map((l) => l.cause)).toEqual(['ENOTFOUND', 'ENOTFOUND']);
    expect(last[1]).toMatchObject({ host: 'slack.com', setting: "Slack's", failuresSince: 4 });
    expect(capture.raw.join('')).not.toContain('fetch failed');
  });
});
