import { expect, test } from 'vitest';
import { offsetClock, systemClock } from '../../src/clock.js';
import { ConfigError, loadConfig } from '../../src/config.js';

const valid = { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'abcdefgh12345678' };

test('CARE_DESK_CLOCK_OFFSET_MS moves the desk’s clock; unset it is the system clock', () => {
  expect(loadConfig(valid).CARE_DESK_CLOCK_OFFSET_MS).toBe(0);
  expect(offsetClock(0)).toBe(systemClock);
  const day = 86_400_000;
  const offset = loadConfig({
    ...valid,
    CARE_DESK_CLOCK_OFFSET_MS: String(3 * day),
  }).CARE_DESK_CLOCK_OFFSET_MS;
  const moved = offsetClock(offset).now().getTime() - Date.now();
  expect(Math.abs(moved - 3 * day)).toBeLessThan(1_000);
});

test('an offset that is not a whole number of ms within a year is refused at start', () => {
  for (const bad of ['1.5', 'soon', String(400 * 86_400_000)]) {
    expect(() => loadConfig({ ...valid, CARE_DESK_CLOCK_OFFSET_MS: bad })).toThrow(ConfigError);
  }
});
