import { describe, expect, test } from 'vitest';
import { boltLogger } from '../../src/logger.js';
import { socketModeLogger } from '../../src/slack/wait-for-slack.js';
import { captureLogs } from '../helpers/logs.js';

// What the Socket Mode client and its Web API client log while they reconnect by themselves to
// a Slack that does not answer: a pair of lines per try, for as long as it lasts.
describe('Socket Mode losing Slack', () => {
  test('an outage is one warning that says what it waits for, and one line when Slack is back', () => {
    const capture = captureLogs('info');
    const api = 'https://slack.example/api/';
    const { logger, connected } = socketModeLogger(boltLogger(capture.log), capture.log, api);
    for (let i = 0; i < 20; i++) {
      logger.warn('http request failed', 'fetch failed');
      logger.error(
        'Failed to retrieve a new WSS URL (error: Error: A request error occurred: fetch failed)',
      );
    }
    logger.warn('something else the client says');
    connected();
    logger.warn('http request failed', 'fetch failed');
    connected();

    expect(capture.lines.map((l) => [l.level, l.msg])).toEqual([
      [
        40,
        `waiting for Slack: the Socket Mode connection is lost and its Web API at ${api} does not answer; reconnecting with back-off`,
      ],
      [40, 'something else the client says'],
      [30, 'Slack answers: Socket Mode connected again'],
      [
        40,
        `waiting for Slack: the Socket Mode connection is lost and its Web API at ${api} does not answer; reconnecting with back-off`,
      ],
      [30, 'Slack answers: Socket Mode connected again'],
    ]);
    expect(capture.lines[0]).toMatchObject({
      apiUrl: api,
      reason: 'http request failed fetch failed',
    });
  });
});
