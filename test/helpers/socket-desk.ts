import { afterAll, beforeAll, inject } from 'vitest';
import { createDeskApp, type AppOptions, type DeskApp } from '../../src/app.js';
import type { Clock } from '../../src/clock.js';
import { loadConfig } from '../../src/config.js';
import type { Database } from '../../src/db/connection.js';
import type { EngineKind } from '../../src/db/engine.js';
import { freePort, TEST_APP_TOKEN, TEST_BOT_TOKEN } from './app.js';
import { fixedClock } from './clock.js';
import { dropTestDatabase, openTestDatabase } from './db.js';
import { FakeSlack } from './fake-slack.js';
import { captureLogs } from './logs.js';

/**
 * A file's single-token Socket Mode desks: the fake Slack (Web API and Socket Mode) and the test
 * database for the whole file, the logs captured at info, and `build` making a desk on them (not
 * started; each test starts and stops its own).
 */
export function useSocketDesk() {
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

  async function build(options: AppOptions = {}): Promise<{ desk: DeskApp; port: number }> {
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
      { outboxLoop: false, processBeforeResponse: true, submitAckBudgetMs: null, ...options },
    );
    return { desk, port };
  }

  return { fake, capture, build };
}

/** Waits for `done`, polling every 20 ms for at most `withinMs` of real time (sockets: no virtual time). */
export async function until(done: () => boolean, withinMs = 3_000): Promise<void> {
  const deadline = Date.now() + withinMs;
  while (!done() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
}
