import { createServer } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, expect, inject } from 'vitest';
import { createDeskApp, type AppOptions, type DeskApp } from '../../src/app.js';
import type { Clock } from '../../src/clock.js';
import { loadConfig } from '../../src/config.js';
import type { Database } from '../../src/db/connection.js';
import type { EngineKind } from '../../src/db/engine.js';
import { fixedClock } from './clock.js';
import { clearDatabase, openTestDatabase, releaseTestDatabase } from './db.js';
import { FAKE_TEAM_ID, FakeSlack } from './fake-slack.js';
import { captureLogs, type LogLine } from './logs.js';
import { SlackRequests } from './slack-requests.js';
import type { WorkspaceSettings } from '../../src/workspace/settings.js';

export const TEST_SIGNING_SECRET = 'test-signing-secret-0123456789';
export const TEST_BOT_TOKEN = 'xoxb-test-bot-token';
export const TEST_APP_TOKEN = 'xapp-1-A0APP00001-test-app-token';
/** How long a test's listeners may go on working after it ends, in real ms (then it fails). */
const SETTLE_MS = 2_000;

export interface TestApp {
  /** Virtual time the SLA sweep's pacing waited, in ms, one entry per wait. */
  pacingWaits: number[];
  desk: DeskApp;
  db: Database;
  fake: FakeSlack;
  slack: SlackRequests;
  clock: ReturnType<typeof fixedClock>;
  logs: LogLine[];
  /** Every raw log line, to check nothing secret was written. */
  rawLogs: string[];
  baseUrl: string;
  /** Stops the app (once; the file's teardown does it if a test has not). */
  stop(): Promise<void>;
  /**
   * Another instance of the app: built by the same factory on the same database, clock and fake
   * Slack, not serving HTTP (its flows, jobs and outbox worker are used directly); `options`
   * over the file's; `clock`, its own instead (a machine whose clock disagrees).
   */
  instance(name: string, options?: Partial<AppOptions>, clock?: Clock): DeskApp;
  /**
   * Fires the timers of the hand-overs now running (AppOptions.handoverTick: never on real time
   * here), as their interval would.
   */
  tickHandovers(): Promise<void>;
  /**
   * Fires the timers of the erasure leases now held (AppOptions.erasureTick: never on real time
   * here), as their interval would.
   */
  tickErasures(): Promise<void>;
  /** Changes the test workspace's settings the way the app does (the cache sees it at once). */
  setSettings(change: (settings: WorkspaceSettings) => Partial<WorkspaceSettings>): Promise<void>;
}

export interface TestAppOptions {
  env?: Record<string, string>;
  /** Modal submissions acked with a "saving" view after this many ms (default: never). */
  submitAckBudgetMs?: number;
  /** With a budget of 0, how long a submission's checks may take (SUBMIT_CHECKS_DEADLINE_MS). */
  submitChecksDeadlineMs?: number;
  /** How long the roles modal waits for users.info (default PEOPLE_CHECK_MS). */
  peopleCheckMs?: number;
  /** How long a request on an open desk waits for users.info about a guest (default 5 s here). */
  guestCheckMs?: number;
  /** The guest check's wait on virtual time: resolves when the test says the wait is over. */
  guestCheckWait?: (ms: number) => Promise<void>;
  /** Settings → Channels' wait for conversations.info on virtual time (as guestCheckWait). */
  channelCheckWait?: (ms: number) => Promise<void>;
  /** The Grid org lookup's wait on virtual time: resolves when the test says the wait is over. */
  orgLookupWait?: (ms: number) => Promise<void>;
  /** A merge repeat's wait for its own merge held (MERGE_WAIT_MS a look), on virtual time. */
  mergeWait?: (ms: number) => Promise<void>;
  /** The read deadline of an Events API body over the limit, on virtual time (as guestCheckWait). */
  oversizeReadWait?: (ms: number) => Promise<void>;
  /** Each Web API call's time limit (SLACK_CALL_TIMEOUT_MS) on virtual time (as guestCheckWait). */
  slackCallWait?: (ms: number) => Promise<void>;
  now?: string;
  /**
   * When the desk began serving the test workspace (its install), for tests that seed records
   * dated before `now` and read digests or reports comparing with them: the workspace is stored
   * as of then before each test. Default: its first use in the test (as in production).
   */
  since?: string;
  /** Reach the database through another address (e.g. a proxy the test can cut). */
  mongoUri?: () => string;
  /**
   * Socket Mode instead of HTTP: an app-level token, no signing secret, and Slack's requests
   * come over the fake's WebSocket (`fake.socketMode`). `/healthz` is served on a free port
   * picked beforehand, since Bolt does not tell which port `PORT=0` got in this mode.
   */
  socketMode?: boolean;
  /** Socket Mode's reconnects (AppOptions.socketReconnect: e.g. its back-off on virtual time). */
  socketReconnect?: AppOptions['socketReconnect'];
  /** Prepares the fake before the app is built (the app calls auth.test as it is built). */
  prepareFake?: (fake: FakeSlack) => void;
  /**
   * As in production: a response is the ack, sent before the listener's work after it (which
   * `stop()` waits for). Default: a response waits for the listener and carries its outcome.
   */
  ackAtOnce?: boolean;
}

/** A port nothing listens on right now (Bolt does not say which one PORT=0 got in Socket Mode). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * The production app factory on an ephemeral HTTP port, its Web API pointed at a fake Slack and
 * its data in a database of this file's own. Starts once per file; every test starts with empty
 * collections and a fresh call log, and fails if anything the app sent broke a Block Kit limit.
 */
export function useTestApp(options: TestAppOptions = {}): TestApp {
  const ctx = {} as TestApp;
  const capture = captureLogs('info');
  const start = options.now ?? '2026-11-24T02:00:00Z';
  const waits: number[] = [];
  let virtualMs = 0;
  const handoverTicks = new Set<() => Promise<void>>();
  const erasureTicks = new Set<() => Promise<void>>();
  const instances = new Set<DeskApp>();

  beforeAll(async () => {
    const fake = new FakeSlack();
    await fake.start();
    options.prepareFake?.(fake);
    const config = loadConfig({
      SLACK_BOT_TOKEN: TEST_BOT_TOKEN,
      SLACK_API_URL: fake.apiUrl,
      LOG_LEVEL: 'info',
      ...(options.socketMode
        ? { SLACK_APP_TOKEN: TEST_APP_TOKEN, PORT: String(await freePort()) }
        : { SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET, PORT: '0' }),
      ...options.env,
    });
    const db = await openTestDatabase(capture.log, options.mongoUri?.());
    const clock = fixedClock(start);
    const appOptions = (instanceId: string): AppOptions => ({
      processBeforeResponse: !options.ackAtOnce,
      // A response carries the save's outcome (but with `ackAtOnce`); test/fault/submit-deadline
      // sets a budget.
      submitAckBudgetMs: options.submitAckBudgetMs ?? null,
      ...(options.submitChecksDeadlineMs === undefined
        ? {}
        : { submitChecksDeadlineMs: options.submitChecksDeadlineMs }),
      ...(options.peopleCheckMs === undefined ? {} : { peopleCheckMs: options.peopleCheckMs }),
      // The fake answers users.info at once, but a loaded test machine (50 requests at once)
      // must not make a member "not known in time": tests of lateness pass their own wait.
      guestCheckMs: options.guestCheckMs ?? 5_000,
      ...(options.guestCheckWait ? { guestCheckWait: options.guestCheckWait } : {}),
      ...(options.orgLookupWait ? { orgLookupWait: options.orgLookupWait } : {}),
      ...(options.mergeWait ? { mergeWait: options.mergeWait } : {}),
      ...(options.channelCheckWait ? { channelCheckWait: options.channelCheckWait } : {}),
      ...(options.oversizeReadWait ? { oversizeReadWait: options.oversizeReadWait } : {}),
      ...(options.slackCallWait ? { slackCallWait: options.slackCallWait } : {}),
      ...(options.socketReconnect ? { socketReconnect: options.socketReconnect } : {}),
      // What jobs write to the outbox is delivered when a test drains it (runJobAt does).
      outboxLoop: false,
      // A hand-over's timer fires when a test says (tickHandovers).
      handoverTick: (_ms, tick) => {
        handoverTicks.add(tick);
        return () => handoverTicks.delete(tick);
      },
      // An erasure lease's renewal timer fires when a test says (tickErasures).
      erasureTick: (_ms, tick) => {
        erasureTicks.add(tick);
        return () => erasureTicks.delete(tick);
      },
      instanceId,
      // Slack's real back-off waits seconds between retries; the fake answers at once.
      slackRetries: { retries: 2, minTimeout: 0, maxTimeout: 0 },
      // Pacing waits on virtual time: recorded, never slept.
      pacing: {
        sleep: async (ms) => {
          waits.push(ms);
          virtualMs += ms;
        },
        clockMs: () => virtualMs,
      },
    });
    const build = (instanceId: string, extra: Partial<AppOptions> = {}, own?: Clock) =>
      createDeskApp(
        {
          config,
          db,
          engine: inject('mongoEngine') as EngineKind,
          log: capture.log,
          clock: own ?? (clock as Clock),
        },
        { ...appOptions(instanceId), ...extra },
      );
    const desk = build('test');
    instances.add(desk);
    const port = await desk.start();
    const baseUrl = `http://127.0.0.1:${port}`;
    let stopped: Promise<void> | undefined;
    Object.assign(ctx, {
      pacingWaits: waits,
      desk,
      db,
      fake,
      clock,
      baseUrl,
      logs: capture.lines,
      rawLogs: capture.raw,
      slack: new SlackRequests(baseUrl, TEST_SIGNING_SECRET, fake),
      stop: () => (stopped ??= desk.stop()),
      instance: (name: string, extra?: Partial<AppOptions>, own?: Clock) => {
        const other = build(name, extra, own);
        instances.add(other);
        return other;
      },
      async tickHandovers() {
        await Promise.all([...handoverTicks].map((tick) => tick()));
      },
      async tickErasures() {
        await Promise.all([...erasureTicks].map((tick) => tick()));
      },
      async setSettings(change: (settings: WorkspaceSettings) => Partial<WorkspaceSettings>) {
        await desk.services.workspaces.update(FAKE_TEAM_ID, (s) => ({ ...s, ...change(s) }));
      },
    });
  });

  beforeEach(async () => {
    ctx.clock.set(start);
    await clearDatabase(ctx.db);
    ctx.desk.services.workspaces.forget();
    if (options.since) {
      // Created as its first use at `since` would (one upsert), then read afresh at `now`.
      ctx.clock.set(options.since);
      await ctx.desk.services.workspaces.workspace(FAKE_TEAM_ID);
      ctx.clock.set(start);
      ctx.desk.services.workspaces.forget();
    }
    // users.info answers are remembered 10 min across the file's tests otherwise: a failure a
    // test arms (failNext, holdNext) on a person an earlier test described would never fire.
    ctx.desk.forgetPeople();
    ctx.fake.reset();
    waits.length = 0;
    capture.lines.length = 0;
    capture.raw.length = 0;
  });

  afterEach(async () => {
    // What a test's requests set going (a card posted after the ack, a DM) ends in that test: the
    // next one's fresh call log and database must not see it (at most 2 s of real waiting).
    if (ctx.desk) {
      const settled = await Promise.all([...instances].map((desk) => desk.settled(SETTLE_MS)));
      expect(
        settled.every(Boolean),
        `"${expect.getState().currentTestName}" left a listener working past ${SETTLE_MS} ms (release what it holds)`,
      ).toBe(true);
    }
    expect(ctx.fake.violations, 'Slack would refuse what the app sent').toEqual([]);
  });

  afterAll(async () => {
    await ctx.stop?.();
    if (ctx.db) await releaseTestDatabase(ctx.db);
    await ctx.fake?.stop();
  });

  return ctx;
}
