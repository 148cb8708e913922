// The production app on the resolved database (MONGODB_URI, else mongod, else the Java
// stand-in) and a fake Slack, with the driver's commands and the documents returned counted:
// what every benchmark needs.
import { createDeskApp, type AppOptions, type DeskApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { connectDatabase, type Database } from '../src/db/connection.js';
import { resolveDatabase, type DatabaseEngine } from '../src/db/engine.js';
import { createLogger } from '../src/logger.js';
import { FAKE_TEAM_ID, FakeSlack } from '../test/helpers/fake-slack.js';
import { SlackRequests } from '../test/helpers/slack-requests.js';

export interface Bench {
  engine: DatabaseEngine;
  db: Database;
  desk: DeskApp;
  slack: SlackRequests;
  /** DB commands sent so far. */
  commands(): number;
  /** Documents the database returned so far (cursor batches, and findAndModify's one). */
  returned(): number;
  stop(): Promise<void>;
}

export async function startBench(
  name: string,
  env: Record<string, string> = {},
  options: AppOptions = {},
): Promise<Bench> {
  const log = createLogger('warn');
  const engine = await resolveDatabase({ uri: process.env.MONGODB_URI, log });
  const db = await connectDatabase(engine.uri, `bench_${name}_${process.pid}`, log, {
    monitorCommands: true,
  });
  let commands = 0;
  db.conn.getClient().on('commandStarted', () => commands++);
  let returned = 0;
  db.conn.getClient().on('commandSucceeded', (e) => {
    const cursor = (e.reply as { cursor?: { firstBatch?: unknown[]; nextBatch?: unknown[] } })
      .cursor;
    returned += (cursor?.firstBatch?.length ?? 0) + (cursor?.nextBatch?.length ?? 0);
    if ((e.reply as { value?: unknown }).value) returned += 1;
  });
  const fake = new FakeSlack();
  await fake.start();
  const config = loadConfig({
    SLACK_BOT_TOKEN: 'xoxb-bench',
    SLACK_SIGNING_SECRET: 'bench-secret-123',
    SLACK_API_URL: fake.apiUrl,
    PORT: '0',
    LOG_LEVEL: 'warn',
    ...env,
  });
  const desk = createDeskApp(
    { config, db, engine: engine.kind, log, clock: { now: () => new Date() } },
    { processBeforeResponse: true, ...options },
  );
  const port = await desk.start();
  return {
    engine,
    db,
    desk,
    slack: new SlackRequests(`http://127.0.0.1:${port}`, 'bench-secret-123', fake),
    commands: () => commands,
    returned: () => returned,
    async stop() {
      await desk.stop();
      await fake.stop();
      await db.conn.dropDatabase();
      await db.close();
      await engine.stop();
    },
  };
}

/** Median and 95th percentile of latencies in ms. */
export function stats(samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return `median ${at(0.5).toFixed(1)} ms, p95 ${at(0.95).toFixed(1)} ms`;
}

/** The one customer a benchmark's tickets belong to. */
export function benchCustomer(bench: Bench, now: Date) {
  return bench.desk.services.customers.create(
    FAKE_TEAM_ID,
    {
      name: 'Bench Co',
      industry: 'x',
      source: 'other',
      firstContactDate: '2026-01-01',
      ownerId: 'U0OWNER001',
    },
    'U0OWNER001',
    now,
  );
}
