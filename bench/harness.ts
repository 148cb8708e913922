// The production app on the resolved database (MONGODB_URI, else mongod, else the Java
// stand-in) and a fake Slack, with the driver's commands (per collection) and the documents
// returned counted, and the listeners still working tracked: what every benchmark needs. Also
// the pieces bench/serve.ts builds an app of its own process from (config, listener tracking).
import type { App } from '@slack/bolt';
import mongoose from 'mongoose';
import { createDeskApp, type AppOptions, type DeskApp } from '../src/app.js';
import type { Ctx, Origin } from '../src/context.js';
import { loadConfig, type Config } from '../src/config.js';
import { connectDatabase, type Database } from '../src/db/connection.js';
import { LIGHT_JVM_OPTIONS } from '../src/db/standin.js';
import { resolveDatabase, type DatabaseEngine } from '../src/db/engine.js';
import { createLogger } from '../src/logger.js';
import { FakeSlack } from '../test/helpers/fake-slack.js';
import { countCommands } from './commands.js';
import { TimedRequests, type TimedSender } from './timed-requests.js';
import { SlackRequests } from '../test/helpers/slack-requests.js';
import { contextIn } from '../test/helpers/context.js';

const SIGNING_SECRET = 'bench-secret-123';
const BOT_TOKEN = 'xoxb-bench';

/** A bench app's configuration: `env` (Web API URL, port, channels) on the bench's credentials. */
export function benchConfig(env: Record<string, string | undefined>): Config {
  return loadConfig({
    PORT: '0',
    LOG_LEVEL: 'warn',
    ...env,
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
  });
}

/** Signed requests, as Slack sends them, to a bench app listening on `port`. */
export function slackRequestsTo(port: number, fake: FakeSlack): SlackRequests {
  return new SlackRequests(`http://127.0.0.1:${port}`, SIGNING_SECRET, fake);
}

/** One request to the app on `port`, sent and timed by `sender` (bench/timed-requests.ts). */
export function timedRequestTo(port: number, fake: FakeSlack, sender: TimedSender): TimedRequests {
  return new TimedRequests(`http://127.0.0.1:${port}`, SIGNING_SECRET, fake, sender);
}

export interface BenchDatabase {
  engine: DatabaseEngine;
  /** The database's name on the engine, for another process to connect to. */
  name: string;
  db: Database;
  /** Drops the database, disconnects and stops the engine. */
  drop(): Promise<void>;
}

/** A database of its own for a benchmark, on the resolved engine. */
export async function openBenchDatabase(
  name: string,
  options: { monitorCommands?: boolean } = {},
): Promise<BenchDatabase> {
  const log = createLogger('warn');
  const engine = await resolveDatabase({
    uri: process.env.MONGODB_URI,
    log,
    standinJvmOptions: LIGHT_JVM_OPTIONS,
  });
  const dbName = `bench_${name}_${process.pid}`;
  const db = await connectDatabase(engine.uri, dbName, log, options);
  return {
    engine,
    name: dbName,
    db,
    async drop() {
      await db.conn.dropDatabase();
      await db.close();
      await engine.stop();
    },
  };
}

export interface Bench {
  engine: DatabaseEngine;
  db: Database;
  desk: DeskApp;
  fake: FakeSlack;
  slack: SlackRequests;
  /** DB commands sent so far. */
  commands(): number;
  /** DB commands sent so far per collection (a copy). */
  commandsByCollection(): Record<string, number>;
  /** Documents the database returned so far (cursor batches, and findAndModify's one). */
  returned(): number;
  /** Their size as BSON, in bytes: what the driver received and decoded for them. */
  returnedBytes(): number;
  /** Every command so far as `name collection` (with an aggregate's stages), in order. */
  trace(): string[];
  /** Resolves when no listener is working (the work after an ack included). */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Counts the requests a Bolt app is still processing, from before its listeners run until they
 * return (so after the HTTP response when the ack comes first), with a global middleware.
 */
export function trackListeners(app: App): () => Promise<void> {
  let working = 0;
  let waiters: (() => void)[] = [];
  app.use(async ({ next }) => {
    working++;
    try {
      await next();
    } finally {
      if (--working === 0) {
        for (const wake of waiters) wake();
        waiters = [];
      }
    }
  });
  return () =>
    working === 0 ? Promise.resolve() : new Promise<void>((wake) => waiters.push(wake));
}

export async function startBench(
  name: string,
  env: Record<string, string> = {},
  options: AppOptions = {},
): Promise<Bench> {
  const database = await openBenchDatabase(name, { monitorCommands: true });
  const { engine, db } = database;
  const counter = countCommands(db);
  let returned = 0;
  let returnedBytes = 0;
  const size = (doc: unknown) => mongoose.mongo.BSON.calculateObjectSize(doc as object);
  db.conn.getClient().on('commandSucceeded', (e) => {
    const cursor = (e.reply as { cursor?: { firstBatch?: unknown[]; nextBatch?: unknown[] } })
      .cursor;
    const docs = [...(cursor?.firstBatch ?? []), ...(cursor?.nextBatch ?? [])];
    returned += docs.length;
    for (const d of docs) returnedBytes += size(d);
    const value = (e.reply as { value?: unknown }).value;
    if (value) {
      returned += 1;
      returnedBytes += size(value);
    }
  });
  const fake = new FakeSlack();
  await fake.start();
  const config = benchConfig({ SLACK_API_URL: fake.apiUrl, ...env });
  const log = createLogger(config.LOG_LEVEL);
  const desk = createDeskApp(
    { config, db, engine: engine.kind, log, clock: { now: () => new Date() } },
    { processBeforeResponse: true, submitAckBudgetMs: null, ...options },
  );
  const idle = trackListeners(desk.app);
  const port = await desk.start();
  return {
    engine,
    db,
    desk,
    fake,
    slack: slackRequestsTo(port, fake),
    commands: counter.commands,
    commandsByCollection: counter.commandsByCollection,
    returned: () => returned,
    returnedBytes: () => returnedBytes,
    trace: counter.trace,
    idle,
    async stop() {
      await desk.stop();
      await fake.stop();
      await database.drop();
    },
  };
}

/** The q-quantile (0..1) of samples, nearest rank. */
export function percentile(samples: number[], q: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

/** Median and 95th percentile of latencies in ms. */
export function stats(samples: number[]): string {
  return `median ${percentile(samples, 0.5).toFixed(1)} ms, p95 ${percentile(samples, 0.95).toFixed(1)} ms`;
}

/** A request's context in a bench workspace: `actor` acting as of `now`. */
export function benchCtx(
  bench: Bench,
  actor: string,
  now: Date,
  opts: { teamId?: string; origin?: Origin } = {},
): Promise<Ctx> {
  return contextIn(bench.desk, actor, now, opts);
}

/** The one customer a benchmark's tickets belong to. */
export async function benchCustomer(bench: Bench, now: Date) {
  const owner = 'U0OWNER001';
  return bench.desk.services.customers.create(await benchCtx(bench, owner, now), {
    name: 'Bench Co',
    industry: 'x',
    source: 'other',
    firstContactDate: '2026-01-01',
    ownerId: owner,
  });
}
