// The composition root: the one place in src that imports handlers/ (and main.ts, jobs/).
import type { Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hostname } from 'node:os';
import {
  App,
  HTTPReceiver,
  SocketModeReceiver,
  type CustomRoute,
  type ReceiverEvent,
} from '@slack/bolt';
import webApi, { WebClient, type FetchFunction } from '@slack/web-api';
import type { ExtendedErrorHandlerArgs } from '@slack/bolt/dist/App.js';
import { renderHome } from '../handlers/home.js';
import { lookBackAtStart } from '../jobs/sla-alerts.js';
import type { JobDeps } from './schedule/job.js';
import { redoChannelEvent, registerHandlers, type HandlerDeps } from '../handlers/index.js';
import { CHANNEL_CHECK_MS, GuestCheck, PeopleCheck } from './slack/people.js';
import { OrgPeople, timerDeadline, type Deadline, type OrgLookup } from './slack/org-people.js';
import { askerOf, SlackPeople } from './slack/users-info.js';
import { intervalTicker, type Clock, type Ticker } from './clock.js';
import { installMode, responseUrlOrigins, type Config } from './config.js';
import { actingAs, SYSTEM_ACTOR, withGuest, type Ctx } from './context.js';
import { holdsNoRole } from './permissions.js';
import type { Database } from './db/connection.js';
import type { EngineKind } from './db/engine.js';
import { classifyError, newErrorRef } from './errors.js';
import { boltLogger, type Logger } from './logger.js';
import { createFlows, deliveryHooks, type Flows } from './flows/index.js';
import type { PersonStanding } from './flows/tasks.js';
import { createMetrics, type Metrics } from './metrics.js';
import { createNotifiers } from './notify/index.js';
import { OutboxWorker } from './notify/outbox.js';
import { createServices, type Services } from './services.js';
import { logNameClashes } from './customer/service.js';
import {
  emptyListenerIds,
  envelopeCheck,
  recordListenerIds,
  type CustomerChannels,
  type ListenerIds,
  type OrgWorkspaces,
} from './slack/envelope.js';
import { realSleep } from './slack/pacer.js';
import { onlyUnsentRetried } from './slack/call-limit.js';
import { socketAppCheck } from './slack/socket-app-check.js';
import { onControlMessage, socketReconnect } from './slack/socket-reconnect.js';
import { SLACK_ID } from './slack-ids.js';
import { instrumentClient } from './slack/instrument.js';
import {
  appTokenRefusedMessage,
  SLACK_API_URL_DEFAULT,
  slackReach,
  socketModeLogger,
  waitForSlack,
} from './slack/wait-for-slack.js';
import { guardedHttpReceiver, type EmptyAck } from './slack/receiver.js';
import { AckFirst } from './slack/ack-first.js';
import { AUTH_DEAD, botTokenAuthorization } from './slack/bot-token.js';
import { routeListeners } from './slack/listener-router.js';
import {
  installationStore,
  orgTeamSeen,
  stopIfTokenDead,
  tokenRefresher,
  workspaceClients,
} from './slack/installations.js';
import { installPages, STATE_COOKIE, STATE_SECONDS } from './slack/install-pages.js';
import { ownPeopleSubmitOnly, servedOnly } from './slack/served.js';
import { BOT_SCOPES } from './slack/scopes.js';
import { REQUESTER } from './ui/ids.js';
import { parseTokenKeys, TokenCipher } from './install/crypto.js';
import { UnreadableInstallError } from './install/service.js';
import { notServedAck, restartingAck } from './slack/not-served.js';
import { answeredRestarting } from './slack/boundary.js';
import { tPlainText, translator } from './i18n/index.js';
import { responseUrlPolicy } from './slack/response-url.js';
import { modalProofs } from './slack/modal-proof.js';
import { submissionKeys } from './forms/submission-key.js';
import { previousPrivacySecret, privacySecret, userKeys } from './privacy/user-key.js';
import { MIGRATION_CLOCKS_MS, seedFromConfig } from './workspace/service.js';

// web-api is CommonJS and defines retryPolicies through a getter Node's ESM loader does not see
// as a named export (the built app failed to load with `import { retryPolicies }`): read it from
// the module's default export.
const { retryPolicies } = webApi;

export interface AppDeps {
  config: Config;
  db: Database;
  engine: EngineKind;
  log: Logger;
  clock: Clock;
}

export interface AppOptions {
  /** How the outbox waits between posts to one channel (tests pass virtual time). */
  pacing?: { sleep: (ms: number) => Promise<void>; clockMs: () => number };
  /**
   * Deliver the outbox in the background from `start` to `stop` (default). Tests turn it off and
   * call `outbox.drain()` when they want what jobs wrote delivered.
   */
  outboxLoop?: boolean;
  /**
   * Tests: told as the outbox's background loop begins a pass, ends one, and ends for good (the
   * stop began), to wait on rather than on time.
   */
  outboxPasses?: (event: 'start' | 'end' | 'stopped') => void;
  /**
   * Tests: what wakes the outbox's background loop `ms` on, between passes (OutboxWorkerDeps
   * .loopTimer; default setTimeout), fired by the test on virtual time.
   */
  outboxTimer?: (ms: number, fire: () => void) => () => void;
  /** This instance, as it leases outbox entries (default: host and process id). */
  instanceId?: string;
  /**
   * What calls a running hand-over's `tick` every `ms` until stopped (its held notices pushed on
   * while a move is slow; default an unref'd setInterval). Tests fire it themselves.
   */
  handoverTick?: Ticker;
  /**
   * What renews a running erasure's lease every minute until it is given back (ErasureLeases;
   * default an unref'd setInterval). Tests fire it themselves.
   */
  erasureTick?: Ticker;
  /**
   * Tests: the time limit of each Web API call (SLACK_CALL_TIMEOUT_MS) on virtual time: the
   * call is ended when the wait resolves (default: the client's own timer, its `timeout`).
   */
  slackCallWait?: (ms: number) => Promise<void>;
  /**
   * The retry policy of the Web API clients that retry (Bolt's listener client, the installer's;
   * tests shorten the back-off; production keeps web-api's).
   */
  slackRetries?: { retries: number; minTimeout?: number; maxTimeout?: number };
  /**
   * Answer Slack only after the listener finished. Tests turn it on so that a response means
   * the work is done; production keeps Slack's 3 s budget by acking first.
   */
  processBeforeResponse?: boolean;
  /**
   * How long a modal submission may save before its ack goes with a "saving" view and the result
   * follows by views.update (default SLACK_SUBMIT_ACK_BUDGET_MS); null: the ack waits for the save
   * (tests, so that a response carries the outcome).
   */
  submitAckBudgetMs?: number | null;
  /**
   * With a budget of 0, how long a submission's checks may take before its saving view is the
   * ack anyway (SUBMIT_CHECKS_DEADLINE_MS; tests shorten it).
   */
  submitChecksDeadlineMs?: number;
  /** How long workspace settings are trusted before their version is checked again. */
  settingsFreshMs?: number;
  /** How long the roles modal waits for Slack to say who is a bot or a guest (PEOPLE_CHECK_MS). */
  peopleCheckMs?: number;
  /**
   * How long a request on an open desk waits for Slack to say whether a person the roles name
   * nowhere is a guest of the workspace (GUEST_CHECK_MS).
   */
  guestCheckMs?: number;
  /** Tests: the guest check's wait, on virtual time (resolves when the wait is over). */
  guestCheckWait?: (ms: number) => Promise<void>;
  /** How long Settings → Channels waits for conversations.info (CHANNEL_CHECK_MS). */
  channelCheckMs?: number;
  /** Tests: that wait on virtual time (resolves when the wait is over). */
  channelCheckWait?: (ms: number) => Promise<void>;
  /** How long a request waits for Slack to say a Grid person's org (ORG_LOOKUP_MS). */
  orgLookupMs?: number;
  /** Tests: the Grid org lookup's wait, on virtual time (resolves when the wait is over). */
  orgLookupWait?: (ms: number) => Promise<void>;
  /**
   * Tests: a merge form's repeat waiting for its own submission's merge held by another delivery
   * (MERGE_WAIT_MS a look), on virtual time (resolves when the wait is over).
   */
  mergeWait?: (ms: number) => Promise<void>;
  /**
   * Tests: the read deadline of an Events API body over SLACK_BODY_LIMIT_KB, on virtual time
   * (resolves when the wait is over; src/slack/receiver.ts).
   */
  oversizeReadWait?: (ms: number) => Promise<void>;
  /**
   * Tests: Socket Mode stop()'s wait for the requests in flight before it closes the connection
   * (SOCKET_STOP_ACK_WAIT_MS), on virtual time (resolves when the wait is over).
   */
  socketStopAckWait?: (ms: number) => Promise<void>;
  /**
   * How Socket Mode waits for a Slack it cannot reach at start (tests pass virtual time):
   * `sleep` between tries, the first wait and the longest (1 s doubling to 60 s by default).
   */
  slackWait?: { sleep?: (ms: number) => Promise<void>; firstDelayMs?: number; maxDelayMs?: number };
  /**
   * Socket Mode's reconnects (tests pass virtual time): `sleep` between failed tries, the first
   * wait and the longest (1 s doubling to 30 s by default), and `now`, the time in ms by which
   * how long a connection lived is told (Date.now by default); `idle` is told each time the
   * reconnects come to rest (src/slack/socket-reconnect.ts).
   */
  socketReconnect?: {
    sleep?: (ms: number) => Promise<void>;
    now?: () => number;
    idle?: () => void;
    firstDelayMs?: number;
    maxDelayMs?: number;
    /** How long stop() waits at most for a try under way (5 s by default). */
    stopWaitMs?: number;
  };
}

export interface DeskApp {
  app: App;
  services: Services;
  /** The use cases (ticket actions, the SLA sweep, the daily runs, the digest). */
  flows: Flows;
  /** Delivers what flows wrote to the outbox. */
  outbox: OutboxWorker;
  /** What `GET /metrics` serves; the scheduled jobs count their runs in it too. */
  metrics: Metrics;
  /** Does a stored Events API delivery's work again (the `slack-events` job's JobDeps.redoEvent). */
  redoEvent: NonNullable<JobDeps['redoEvent']>;
  /** Single-token mode: Slack's kept refusal of the bot token (JobDeps.slackRefused). */
  slackRefused?: () => string | undefined;
  /** The ids the handlers registered listeners for: what the envelope check lets through. */
  listeners: Readonly<ListenerIds>;
  /**
   * Forgets what Slack's users.info said of people (answers, refusals, late or failed org
   * lookups), remembered PEOPLE_CACHE_MS otherwise: the tests' app lives per file, and each test
   * starts with none, so a failure a test arms on users.info meets the call it is meant for.
   */
  forgetPeople(): void;
  /**
   * Resolves true once no listener is working (after its ack too), false if one still is after
   * `waitMs` of real time (tests: a test's listeners end before the next test begins).
   */
  settled(waitMs: number): Promise<boolean>;
  /** Starts serving; resolves to the port the HTTP server listens on. */
  start(): Promise<number>;
  /**
   * Resolves once the one-offs start() goes on with in the background (the waiting tickets'
   * backfill: dueWaitingTickets) have ended, done, failed or stopped; at once before start().
   */
  startupWork(): Promise<void>;
  /**
   * Socket Mode: begins the stop at once (main does at SIGTERM, before the job tick under way
   * ends): the connection is closed as soon as the requests not acked yet are, 3 s at most from
   * here. stop() begins it itself when not called. Both modes: /readyz answers 503 `stopping`
   * from here, and the outbox starts no new pass (the one under way ends after the group it is
   * delivering; what is left stays pending for the next instance). HTTP mode: nothing else
   * (stop() does the rest).
   */
  beginStop(): void;
  /** Stops taking requests and waits for the listeners still working, after their ack too. */
  stop(): Promise<void>;
}

/**
 * What the scheduler hands a job, from the desk: its services, flows, metrics and event redo,
 * with the runner's log, clock and instance name. `metrics: false` (the command line) counts
 * nothing.
 */
export function jobDepsOf(
  desk: Pick<DeskApp, 'services' | 'flows' | 'metrics' | 'redoEvent' | 'slackRefused'>,
  runner: { log: Logger; clock: Clock; instanceId: string; metrics?: false },
): JobDeps {
  return {
    log: runner.log,
    clock: runner.clock,
    services: desk.services,
    flows: desk.flows,
    instanceId: runner.instanceId,
    ...(runner.metrics === false ? {} : { metrics: desk.metrics }),
    redoEvent: desk.redoEvent,
    ...(desk.slackRefused ? { slackRefused: desk.slackRefused } : {}),
  };
}

/** A deadline on an injected wait (tests' virtual time): nothing to cancel. */
function sleepDeadline(wait: (ms: number) => Promise<void>): Deadline {
  return (ms, expire) => {
    void wait(ms).then(expire);
    return () => undefined;
  };
}

/**
 * Socket Mode: how long stop() keeps the connection open at most for the requests not acked yet
 * (and any taken meanwhile) to be, their acks going out on it: Slack's own 3 s limit for an ack,
 * after which one is of no use. From the stop's start (main: SIGTERM, before the job tick and the
 * outbox pass end), inside main's 10 s shutdown limit (src/main.ts).
 */
const SOCKET_STOP_ACK_WAIT_MS = 3_000;

/**
 * Socket Mode: how long stop() waits at most, once its HTTP server (/healthz, /readyz, /metrics)
 * no longer takes connections, for the answers under way to be written (Bolt's receiver does not
 * wait for its server's close); past it the connections left are ended.
 */
const SOCKET_HTTP_CLOSE_WAIT_MS = 2_000;

/**
 * Socket Mode: the requests not acked yet, each with what answers it instead (`restarting`)
 * when the connection is about to close first.
 */
type Unacked = Map<Promise<void>, () => Promise<void>>;

/**
 * Socket Mode: puts each request Bolt is given in `unacked` from its delivery until its ack has
 * gone out on the connection, or its handling ended without one (nothing acks it then). Its
 * entry's function acks it with `restarting(body, true)` (the desk is restarting: it may not have
 * been done) if it has not been acked yet; its listener's own ack is then not sent, and the
 * boundary is told so (answeredRestarting: a save's later views.update goes to the form, not to a
 * "saving" view never pushed). Once `closing()`, a request is acked with `restarting(body, false)`
 * (nothing was done) at once and not handled (its listener's work would be cut by the exit), but
 * for an event, which is neither acked nor handled: Slack sends it again (Events API retries).
 */
function trackAcks(
  app: App,
  unacked: Unacked,
  closing: () => boolean,
  restarting: (body: Record<string, unknown>, handled: boolean) => unknown,
  log: Logger,
): void {
  const processEvent = app.processEvent.bind(app);
  const answerRestarting = async (
    ack: ReceiverEvent['ack'],
    body: Record<string, unknown>,
    handled: boolean,
  ): Promise<void> => {
    try {
      await ack(restarting(body, handled) as Parameters<ReceiverEvent['ack']>[0]);
    } catch (err) {
      log.warn({ err }, 'could not answer a request that the desk is restarting');
    }
  };
  app.processEvent = async (event: ReceiverEvent) => {
    const body = event.body as Record<string, unknown>;
    if (closing()) {
      if (body.type === 'event_callback') return;
      await answerRestarting(event.ack, body, false);
      return;
    }
    let settle!: () => void;
    const acked = new Promise<void>((resolve) => (settle = resolve));
    const done = () => {
      unacked.delete(acked);
      settle();
    };
    const ack = event.ack;
    let answered = false;
    unacked.set(acked, async () => {
      if (answered) return;
      answered = true;
      answeredRestarting(body);
      try {
        await answerRestarting(ack, body, true);
      } finally {
        done();
      }
    });
    // The receiver's own object: an ack it makes after a failure goes through this one too.
    event.ack = async (response) => {
      // Answered already that the desk is restarting (the stop's wait was over).
      if (answered) return;
      answered = true;
      try {
        await ack(response);
      } finally {
        done();
      }
    };
    try {
      await processEvent(event);
    } finally {
      done();
    }
  };
}

/** How long one auth.test may take before it counts as Slack not answering. */
const AUTH_CHECK_TIMEOUT_MS = 10_000;

/**
 * How long any Web API call the desk makes may take (one try; the web-api client sets none by
 * default): a call Slack does not answer is ended then, and fails as an answer that never came
 * (the outbox holds such a delivery and looks in Slack for its post before posting again). Under
 * half the outbox's lease (LEASE_MS, 60 s; a delivery renews it before a post once half is
 * gone), so that a post ends before another instance may take its entries over and post them
 * too. The auth checks and the token refresh have shorter limits of their own.
 */
export const SLACK_CALL_TIMEOUT_MS = 20_000;

/**
 * The time limit of each fetch the desk's Slack clients make (SLACK_CALL_TIMEOUT_MS): the Web API
 * clients' calls and Bolt's `respond` (a response_url POST, which Bolt makes with the clients'
 * `fetch` and no signal of its own, so a client's `timeout` never reaches it). The fetch is
 * aborted with a TimeoutError, as a client's own `timeout` aborts it, when `wait` resolves
 * (tests: virtual time), else after `ms`; the caller's own signal still ends it too.
 */
function limitedFetch(
  base: FetchFunction,
  ms: number,
  wait?: (ms: number) => Promise<void>,
): FetchFunction {
  return (url, init) => {
    let limit: AbortSignal;
    if (wait) {
      const ended = new AbortController();
      void wait(ms).then(() =>
        ended.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError')),
      );
      limit = ended.signal;
    } else {
      limit = AbortSignal.timeout(ms);
    }
    const signal = init?.signal ? AbortSignal.any([init.signal, limit]) : limit;
    return base(url, { ...init, signal });
  };
}

/** How long a Slack auth check is trusted by readiness before asking again. */
export const SLACK_AUTH_FRESH_MS = 60_000;

/**
 * Whether the bot token still works, asked of Slack (`auth.test`) at most once a minute. Only
 * Slack's word that the token is dead makes it `invalid`; Slack unreachable is `unknown` (the
 * outbox keeps what is to be sent, so an instance stays in rotation through a Slack outage).
 */
function slackAuthCheck(
  client: WebClient | undefined,
  clock: Clock,
  kept: () => string | undefined = () => undefined,
) {
  let known:
    | { state: 'valid' | 'invalid' | 'unknown' | 'per_install'; error?: string; at: number }
    | undefined;
  // OAuth mode: each install has its own token (a revoked one stops its workspace only).
  if (!client)
    return async (): Promise<NonNullable<typeof known>> => ({ state: 'per_install', at: 0 });
  let pending: Promise<void> | undefined;
  const ask = async () => {
    try {
      await client.auth.test();
      known = { state: 'valid', at: clock.now().getTime() };
    } catch (err) {
      const error = (err as { data?: { error?: string } }).data?.error;
      known = {
        state: error && AUTH_DEAD.has(error) ? 'invalid' : 'unknown',
        ...(error ? { error } : {}),
        at: clock.now().getTime(),
      };
    }
  };
  return async () => {
    // Slack's refusal the desk keeps until a restart (it sends and serves nothing meanwhile).
    const refused = kept();
    if (refused) return { state: 'invalid' as const, error: refused, at: clock.now().getTime() };
    const age = clock.now().getTime() - (known?.at ?? -Infinity);
    if (!known || age >= SLACK_AUTH_FRESH_MS || age < 0)
      await (pending ??= ask().finally(() => (pending = undefined)));
    return known!;
  };
}

/** What /readyz says of a Socket Mode connection that serves nothing of this app. */
type SocketProblem =
  | { state: 'refused'; error: string }
  | { state: 'wrong_app'; error: 'app_mismatch'; appId: string; botAppId: string };

/**
 * `GET /healthz` is liveness: the process serves requests (200 while it runs; the database
 * state is there to read, not to judge). `GET /readyz` is readiness: 200 only while the
 * database answers and the bot token is not refused by Slack, so a load balancer stops routing
 * to an instance that lost its database. Once the stop begins (`stopping`), /readyz answers 503
 * `stopping` (Socket Mode: for the whole stop, the connection closed; HTTP: only while the
 * stop's work under way lasts, the server then closing, so the operator deregisters the instance
 * before SIGTERM: README, Shutdown); /healthz stays 200.
 */
function healthRoutes(
  deps: AppDeps,
  slackAuth: ReturnType<typeof slackAuthCheck>,
  socketProblem: () => SocketProblem | undefined,
  stopping: () => boolean,
): CustomRoute[] {
  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  return [
    {
      path: '/healthz',
      method: ['GET'],
      handler: (_req, res) => {
        void deps.db.ping().then((up) =>
          json(res, 200, {
            status: 'ok',
            db: { state: up ? 'up' : 'down', engine: deps.engine },
          }),
        );
      },
    },
    {
      path: '/readyz',
      method: ['GET'],
      handler: (_req, res) => {
        void Promise.all([deps.db.ping(), slackAuth()]).then(([up, slack]) => {
          // Socket Mode: Slack refused the app-level token, or it is another app's: no request
          // of this app reaches this instance.
          const socket = socketProblem();
          const stopped = stopping();
          const ready = up && slack.state !== 'invalid' && !socket && !stopped;
          json(res, ready ? 200 : 503, {
            status: ready ? 'ready' : stopped ? 'stopping' : 'unavailable',
            db: { state: up ? 'up' : 'down', engine: deps.engine },
            slack: { state: slack.state, ...(slack.error ? { error: slack.error } : {}) },
            ...(socket ? { socketMode: socket } : {}),
          });
        });
      },
    },
  ];
}

/** `GET /metrics` for Prometheus: served beside `/healthz`, in both modes. */
function metricsRoute(metrics: Metrics): CustomRoute {
  return {
    path: '/metrics',
    method: ['GET'],
    handler: (_req, res) => {
      void metrics.registry.metrics().then(
        (text) => {
          res.writeHead(200, { 'content-type': metrics.registry.contentType });
          res.end(text);
        },
        () => {
          res.writeHead(503, { 'content-type': 'text/plain' });
          res.end('metrics unavailable\n');
        },
      );
    },
  };
}

/**
 * One line at start-up when the `.env` seeds differ from a stored workspace: they seeded it once;
 * its settings are edited in Slack now. A failure to check is logged, never fatal.
 */
async function logSeedDrift(
  services: Services,
  log: Logger,
  seeds: { localeSeeded: boolean },
): Promise<void> {
  try {
    const { keys, teams } = await services.workspaces.seedDrift(seeds);
    if (keys.length)
      log.info(
        { keys, teams },
        `.env seeds differ from the stored workspace settings (${keys.join(', ')}): they only seed a new workspace; these settings are now edited in Slack with /desk settings`,
      );
  } catch (err) {
    log.warn({ err }, 'could not compare the .env seeds with the stored workspace settings');
  }
}

/** A workspace just installed: its installer may run its desk (SettingsAdminService). */
async function seedInstaller(
  services: Services,
  teamId: string,
  installer: string | undefined,
  seeds: readonly string[],
): Promise<void> {
  if (installer) await services.settings.seedInstaller(teamId, installer, seeds);
}

/**
 * The second half of a key rotation, at start-up: tokens sealed with a key other than the first
 * of CARE_DESK_TOKEN_KEYS are sealed again with it. A failure is logged, never fatal.
 */
async function resealTokens(services: Services, log: Logger): Promise<void> {
  try {
    const { resealed, unreadable, skipped } = await services.installations.reseal();
    if (resealed) log.info({ resealed }, 'install tokens sealed again with the current key');
    if (skipped.length)
      log.info(
        { installs: skipped },
        'install tokens rewritten meanwhile (a reinstall) and again on a second read: kept as written, sealed again at the next start',
      );
    if (unreadable.length)
      log.error(
        { installs: unreadable },
        'install tokens no key in CARE_DESK_TOKEN_KEYS opens: those workspaces are not served until reinstalled or the old key is put back',
      );
  } catch (err) {
    log.warn({ err }, 'could not seal install tokens again with the current key');
  }
}

/**
 * At start-up, before serving: every customer saved without a sort key, with one of another
 * version or of another name, gets it (an upgrade's one-off; the `sla-alerts` job keys those an
 * older instance saves or renames meanwhile). Safe on several instances at once. A failure is
 * logged, never fatal.
 */
async function keyCustomerNames(services: Services, log: Logger): Promise<void> {
  try {
    let keyed = 0;
    for (const teamId of await services.workspaces.teamIds()) {
      const done = await services.customers.backfillSortKeys({ teamId });
      keyed += done.keyed;
      if (done.clashes.length) logNameClashes(log, teamId, done.clashes);
    }
    if (keyed) log.info({ keyed }, 'customer names given their sort key (pinyin order)');
  } catch (err) {
    log.warn({ err }, 'could not give customer names their sort key');
  }
}

/**
 * Start-up's one-off, in the background (serving meanwhile): in every workspace whose backfill is
 * not stamped done (`migrations.pausedDueAt` on its document), every waiting ticket saved with
 * the far-future due time although a clock had run out before its pause (saved before such a
 * ticket kept that due time) gets the one it would be saved with now, so the overdue lists read
 * it; a workspace is stamped once its pass read every one, and no start reads it again (the
 * `sla-alerts` job does those an older instance saves meanwhile, and the whole pass of a
 * workspace installed since or whose pass here failed). Each workspace's pass is held by one
 * instance at a time (`WorkspaceService.runMigration`): one another instance holds is left to it. Ends between two batches once `stopping` says so: that workspace is not stamped, and the
 * next start (or the minute job) goes on from the last ticket it read. A failure is logged, never fatal.
 */
async function dueWaitingTickets(
  services: Services,
  clock: Clock,
  log: Logger,
  stopping: () => boolean,
): Promise<void> {
  const began = performance.now();
  const done = { workspaces: 0, read: 0, tickets: 0 };
  let stopped = false;
  const counts = () => ({ ...done, ms: Math.round(performance.now() - began) });
  try {
    for (const teamId of await services.workspaces.unmigrated('pausedDueAt')) {
      if ((stopped = stopping())) break;
      // Goes on where a pass stopped before (a stopped start, the minute job's slice), renewing
      // its hold after each batch however long it takes.
      let since: Date | undefined;
      const ctx = async () => ({
        teamId,
        settings: await services.workspaces.settings(teamId),
        now: clock.now(),
      });
      const pass = await services.workspaces.runMigration(teamId, 'pausedDueAt', async (resume) => {
        since = resume.since;
        return services.tickets.backfillPausedDueAt(await ctx(), { ...resume, stop: stopping });
      });
      // Another instance doing it (its start-up, the minute job): left to it.
      if (!pass) continue;
      done.read += pass.read;
      done.tickets += pass.written;
      // Gone on where others stopped: one saved so behind where they got to since the first of
      // them began (a little before: instances' clocks may differ) may be so since they read it.
      // Its place is kept as the minute job's look-back's: stopped during it, the job goes on.
      if (since) {
        const behind = await lookBackAtStart(
          services,
          await ctx(),
          new Date(since.getTime() - MIGRATION_CLOCKS_MS),
          stopping,
        );
        done.read += behind.read;
        done.tickets += behind.written;
      }
      // Not done: given back, the next instance to try (a start, the minute job) takes it.
      if ((stopped = !pass.complete)) break;
      done.workspaces++;
    }
    // Quiet once every workspace is stamped (the start reads no ticket).
    if (done.workspaces || done.read)
      log.info(
        { ...counts(), ...(stopped ? { stopped } : {}) },
        'waiting tickets overdue before their pause given that due time',
      );
  } catch (err) {
    log.warn(
      { err, ...counts() },
      'could not give waiting tickets the due time they had run out before their pause (the next start tries again)',
    );
  }
}

/** How long start-up waits for the names' sort keys before serving (the rest go on meanwhile). */
const START_KEYING_WAIT_MS = 10_000;

/**
 * `keyCustomerNames`, waited for START_KEYING_WAIT_MS at most: an upgrade of a large desk is not
 * held off the network for minutes (a supervisor probing /healthz would restart it); until its
 * keying ends, a customer not keyed yet is missing from the picker and sorts first in `find`.
 */
async function keyCustomerNamesAwhile(services: Services, log: Logger): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const waited = new Promise<'later'>((resolve) => {
    timer = setTimeout(() => resolve('later'), START_KEYING_WAIT_MS);
    timer.unref();
  });
  const done = await Promise.race([keyCustomerNames(services, log).then(() => 'done'), waited]);
  clearTimeout(timer);
  if (done === 'later')
    log.info('customer names still being given their sort key: serving meanwhile');
}

/** The UnreadableInstallError behind Bolt's authorization error (wrapped twice), if any. */
function unreadableInstallIn(error: unknown): UnreadableInstallError | undefined {
  for (let e: unknown = error, depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    if (e instanceof UnreadableInstallError) return e;
    const wrapped = e as { original?: unknown; cause?: unknown };
    e = wrapped.original ?? wrapped.cause;
  }
  return undefined;
}

/** Builds the Slack app, the same way for production and for tests. */
export function createDeskApp(deps: AppDeps, options: AppOptions = {}): DeskApp {
  const { config, log } = deps;
  const oauth = installMode(config) === 'oauth';
  const services = createServices(deps.db, seedFromConfig(config), deps.clock, {
    ...(options.settingsFreshMs !== undefined ? { settingsFreshMs: options.settingsFreshMs } : {}),
    clockOffsetMs: config.CARE_DESK_CLOCK_OFFSET_MS,
    // PRIVACY_KEY, else the form secret: every instance (and `npm run privacy`) given the same.
    userKeys: userKeys(privacySecret(config), previousPrivacySecret(config)),
    ...(options.erasureTick ? { erasureTick: options.erasureTick } : {}),
    ...(oauth
      ? { tokenCipher: new TokenCipher(parseTokenKeys(config.CARE_DESK_TOKEN_KEYS ?? '')) }
      : {}),
  });
  // HTTP mode: a call that gets no answer from Slack is said with where and why, once a minute
  // (Socket Mode says it its own way: socketModeLogger, waitForSlack).
  const reach = config.SLACK_APP_TOKEN
    ? undefined
    : slackReach({
        log: log.child({ component: 'slack-api' }),
        apiUrl: config.SLACK_API_URL ?? SLACK_API_URL_DEFAULT,
        fromSetting: config.SLACK_API_URL !== undefined,
        nowMs: () => deps.clock.now().getTime(),
      });
  const logger = reach ? reach.logger(boltLogger(log)) : boltLogger(log);
  // What every Web API client the desk builds starts from (Bolt's listener client, the
  // installer's, the outbox's, Socket Mode's, the probes...): where Slack is, and how long one
  // call may take (SLACK_CALL_TIMEOUT_MS; a client with a shorter limit of its own sets it after).
  // A client that retries a failed call (Bolt's, the installer's) retries only one Slack cannot
  // have taken (onlyUnsentRetried: never sent); the others do not retry at all.
  // Every fetch of them has the limit (limitedFetch), Bolt's `respond` included, in production
  // as in tests; a client's own `timeout` (production) may set a shorter one.
  const apiUrl = {
    ...(config.SLACK_API_URL ? { slackApiUrl: config.SLACK_API_URL } : {}),
    fetch: limitedFetch(
      reach?.fetch ?? (globalThis.fetch as unknown as FetchFunction),
      SLACK_CALL_TIMEOUT_MS,
      options.slackCallWait,
    ),
    ...(options.slackCallWait ? {} : { timeout: SLACK_CALL_TIMEOUT_MS }),
  };
  // A workspace an org-wide install starts serving gets the org's installer as its first admin
  // (unless it has admins), as a workspace's own install does.
  services.installations.onOrgWorkspace((teamId, org) =>
    seedInstaller(services, teamId, org.installerUserId, config.ADMIN_USER_IDS).catch(
      (err: unknown) => log.warn({ err, teamId }, 'could not seed the org install’s new workspace'),
    ),
  );
  // OAuth mode with Slack's token rotation on: a bot token expiring within 2 hours is refreshed
  // before it is used, by requests, jobs and the outbox alike (src/install/service.ts).
  if (oauth && config.SLACK_CLIENT_ID && config.SLACK_CLIENT_SECRET) {
    const rotationLog = log.child({ component: 'install' });
    services.installations.rotateWith({
      refresh: tokenRefresher({
        clientId: config.SLACK_CLIENT_ID,
        clientSecret: config.SLACK_CLIENT_SECRET,
        clientOptions: apiUrl,
        log: rotationLog,
      }),
      told: (o) => {
        if (o.outcome === 'refreshed')
          rotationLog.info(
            { key: o.key, expiresAt: new Date(o.expiresAt * 1000).toISOString() },
            'bot token refreshed (token rotation)',
          );
        else if (o.outcome === 'failed')
          rotationLog.warn(
            { key: o.key, err: o.err },
            'could not refresh the bot token (token rotation): the stored token is used until it expires, and the refresh tried again at its next use',
          );
        else
          rotationLog.warn(
            { key: o.key, error: o.error, teams: o.stopped?.teams },
            'Slack refused the refresh token: install stopped (revoked), its pending messages dropped, its data kept; installing the app again serves it',
          );
      },
    });
  }
  const metrics = createMetrics({
    outboxTotals: () => services.outbox.totals(),
    ticketsOwingNotices: () => services.tickets.countNoticesOwed(),
  });
  const stopObservingDb = deps.db.observeCommands((command, seconds, ok) =>
    metrics.dbCommand(command, seconds, ok),
  );
  // The auth checks' own client (readiness, the token check at start, whose workspace it is):
  // one try a call, given up after a while (a host that takes the connection and never answers).
  const authClient = oauth
    ? undefined
    : new WebClient(config.SLACK_BOT_TOKEN, {
        ...apiUrl,
        logger,
        retryConfig: { retries: 0 },
        timeout: AUTH_CHECK_TIMEOUT_MS,
      });
  let stopping = false;
  // The stop has begun (beginStop, in both modes; over HTTP requests are still taken until
  // stop()): /readyz says 503 `stopping`, the drain signal.
  let draining = false;
  // Aborted with `stopping` (HandlerDeps.stopped).
  const stopSignal = new AbortController();
  // Single-token mode: the bot token is checked at start (and asked again while Slack does not
  // answer), the same way in both modes, not by Bolt as it is built (src/slack/bot-token.ts).
  // Its one auth.test answer also says whose workspace the token is (`home`).
  const botToken =
    authClient && config.SLACK_BOT_TOKEN
      ? botTokenAuthorization({
          token: config.SLACK_BOT_TOKEN,
          client: authClient,
          log: log.child({ component: 'slack-token' }),
          nowMs: () => deps.clock.now().getTime(),
          sleep: options.slackWait?.sleep ?? realSleep,
          ...(options.slackWait?.firstDelayMs
            ? { firstDelayMs: options.slackWait.firstDelayMs }
            : {}),
          ...(options.slackWait?.maxDelayMs ? { maxDelayMs: options.slackWait.maxDelayMs } : {}),
          stopping: () => stopping,
        })
      : undefined;
  const home = botToken ? () => botToken.home() : undefined;
  // The outbox's own clients: it retries by itself (with back-off, across restarts), so a
  // client neither retries nor sleeps through a rate limit; a 429 comes back at once. One per
  // workspace in OAuth mode (its install's token), the one bot token otherwise.
  const outboxClientOptions = {
    ...apiUrl,
    logger,
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 0 },
  };
  const clients = workspaceClients(
    services.installations,
    outboxClientOptions,
    oauth
      ? undefined
      : instrumentClient(new WebClient(config.SLACK_BOT_TOKEN, outboxClientOptions), metrics),
    (client) => instrumentClient(client, metrics),
  );
  // What Slack's users.info said of a person, one answer per token that asked and person: the
  // roles check and the Grid org lookup read the same one when they ask with the same token.
  const slackPeople = new SlackPeople(deps.clock);
  // Enterprise Grid as the installs say; with one bot token, its org is the token's own. A
  // person whose home workspace no install has seen is of the org when Slack says so (users.info
  // with the org's token: asked only then, briefly, and remembered; a late or failed answer for
  // a minute).
  const orgPeople = new OrgPeople(
    slackPeople,
    deps.clock,
    options.orgLookupMs,
    options.orgLookupWait ? sleepDeadline(options.orgLookupWait) : undefined,
  );
  // On an open desk, whether a person the roles name nowhere is a guest (no agent then).
  const guestCheck = new GuestCheck(
    slackPeople,
    options.guestCheckMs,
    options.guestCheckWait ? sleepDeadline(options.guestCheckWait) : undefined,
  );
  const orgLog = log.child({ component: 'install' });
  const orgClient = async (enterpriseId: string) => {
    if (!home) return clients.clientFor(enterpriseId);
    const h = await home();
    return h.orgWide && h.enterpriseId === enterpriseId
      ? clients.clientFor(enterpriseId)
      : undefined;
  };
  // The lookup's own client, with the org's token: one try, a queue of its own (never behind
  // the outbox's calls), and the call aborted when the request stops waiting (`signal`). The
  // token is read once per lookup: the answer is remembered as that token's (`askerOf`).
  const orgLookup = (enterpriseId: string): OrgLookup => {
    let token: Promise<string | undefined> | undefined;
    const tokenOf = () => (token ??= orgClient(enterpriseId).then((c) => c?.token));
    return {
      asker: async () => {
        const t = await tokenOf();
        return t ? askerOf(t) : undefined;
      },
      call: async (signal) => {
        const t = await tokenOf();
        if (!t || signal.aborted) return undefined;
        const own = instrumentClient(
          new WebClient(t, {
            ...apiUrl,
            logger: boltLogger(log.child({}, { level: 'silent' })),
            retryConfig: { retries: 0 },
            rejectRateLimitedCalls: true,
            // The request's signal as well as the call's own time limit (SLACK_CALL_TIMEOUT_MS).
            fetch: (url, init) =>
              fetch(url, {
                ...(init as RequestInit),
                signal: init?.signal ? AbortSignal.any([init.signal, signal]) : signal,
              }),
          }),
          metrics,
        );
        return (userId) => own.users.info({ user: userId });
      },
    };
  };
  const orgs: OrgWorkspaces = {
    orgWide: (enterpriseId, teamId) => services.installations.orgWide(enterpriseId, teamId),
    inOrg: async (enterpriseId, teamId, userId) =>
      (await services.installations.inOrg(enterpriseId, teamId)) ||
      (userId !== undefined &&
        (await orgPeople.ofOrg(orgLookup(enterpriseId), enterpriseId, userId, orgLog))),
    enterpriseOf: async (teamId) =>
      home
        ? (await home().catch(() => undefined))?.enterpriseId
        : services.installations.enterpriseOf(teamId),
  };
  // The same installs as the daily checks read them: a read that could not answer (the single
  // token's own org not read, the Grid org lookup late or failing) throws, rather than saying
  // "not of the org", so that the rule says `unknown` and the person is asked again the next run.
  const jobOrgs: OrgWorkspaces = {
    orgWide: orgs.orgWide,
    inOrg: async (enterpriseId, teamId, userId) => {
      if (await services.installations.inOrg(enterpriseId, teamId)) return true;
      if (userId === undefined) return false;
      const said = await orgPeople.said(orgLookup(enterpriseId), enterpriseId, userId, orgLog);
      if (said === 'unknown') throw new Error('Grid org lookup not answered');
      return said;
    },
    enterpriseOf: async (teamId) =>
      home ? (await home())?.enterpriseId : services.installations.enterpriseOf(teamId),
  };
  // The roles check (bots, guests, deactivated accounts, people of another organisation by the
  // rule a request's actor is judged by), read by the submissions and the daily holders' check.
  const peopleCheck = new PeopleCheck(slackPeople, options.peopleCheckMs, orgs, jobOrgs);
  // A linked channel, or one a ticket was opened in while it was shared (Slack Connect): after an
  // unlink, that ticket's thread still reaches it (the customer's replies, survey and reopen).
  const customerChannels: CustomerChannels = {
    isLinked: async (teamId, channelId) =>
      (await services.channels.isLinked(teamId, channelId)) ||
      services.tickets.hasSharedConversationIn(teamId, channelId),
  };
  // Socket Mode: Slack's refusal of SLACK_APP_TOKEN when a connection was recycled (kept until a
  // restart: the client does not ask again), or SLACK_APP_TOKEN of another app than the bot token.
  let socketRefused: SocketProblem | undefined;
  let socketWrongApp: SocketProblem | undefined;
  const customRoutes = [
    ...healthRoutes(
      deps,
      slackAuthCheck(authClient, deps.clock, () => botToken?.refusal()),
      () => socketRefused ?? socketWrongApp,
      () => stopping || draining,
    ),
    metricsRoute(metrics),
  ];
  const responseUrls = responseUrlPolicy(responseUrlOrigins(config), options.slackCallWait);
  // Filled in as the handlers register below; the envelope check reads it per request.
  const listenerIds = emptyListenerIds();

  // Over HTTP with the response as the ack (production), the work after the acks waits for the
  // requests still unanswered (src/slack/ack-first.ts).
  const ackFirst =
    !config.SLACK_APP_TOKEN && !(options.processBeforeResponse ?? false)
      ? new AckFirst()
      : undefined;
  const slackApiUrl = config.SLACK_API_URL ?? SLACK_API_URL_DEFAULT;
  const socketLog = socketModeLogger(logger, log.child({ component: 'socket-mode' }), slackApiUrl);
  // OAuth mode: a request from a workspace no install serves (its bot token revoked: Slack keeps
  // the app and its commands; never installed) is acked with why nothing happened, not nothing.
  const notServed = new WeakMap<object, EmptyAck>();
  // OAuth mode: the install page and the redirect's pages in the installing person's language.
  const pages = oauth
    ? installPages(
        config.DEFAULT_LOCALE,
        '/slack/install',
        (): HTTPReceiver['installer'] =>
          receiver instanceof HTTPReceiver ? receiver.installer : undefined,
        // A new workspace speaks its installer's browser language, unless the operator chose
        // one (DEFAULT_LOCALE); a workspace the desk knows keeps its own.
        config.defaultLocaleSet
          ? undefined
          : (teamId, locale) =>
              services.workspaces
                .seedLocale(teamId, locale)
                .catch((err: unknown) =>
                  log.warn({ err, teamId }, 'could not seed the new workspace’s language'),
                ),
      )
    : undefined;
  const receiver = config.SLACK_APP_TOKEN
    ? new SocketModeReceiver({
        appToken: config.SLACK_APP_TOKEN,
        customRoutes,
        // clientOptions reach the Socket Mode client's own Web API client (apps.connections.open):
        // one call a try, the tries being ours (src/slack/socket-reconnect.ts), as are reconnects
        // (the client's own wait 5 s times the failures so far before each, even when Slack asked).
        installerOptions: {
          port: config.PORT,
          clientOptions: { ...apiUrl, retryConfig: { retries: 0 } },
        },
        autoReconnectEnabled: false,
        logger: socketLog.logger,
      })
    : guardedHttpReceiver({
        signingSecret: config.SLACK_SIGNING_SECRET ?? '',
        endpoint: '/slack/events',
        bodyLimitBytes: config.SLACK_BODY_LIMIT_KB * 1024,
        envelope: envelopeCheck(listenerIds, responseUrls, customerChannels, orgs),
        ...(oauth ? { emptyAck: (body: object) => notServed.get(body) } : {}),
        log: log.child({ component: 'receiver' }),
        ...(ackFirst ? { ackFirst } : {}),
        ...(options.oversizeReadWait ? { oversizeReadWait: options.oversizeReadWait } : {}),
        customRoutes,
        processBeforeResponse: options.processBeforeResponse ?? false,
        logger,
        // OAuth mode: Bolt's installer (@slack/oauth's InstallProvider) answers GET
        // /slack/install and /slack/oauth_redirect and authorizes each request from the store.
        ...(pages
          ? {
              clientId: config.SLACK_CLIENT_ID,
              clientSecret: config.SLACK_CLIENT_SECRET,
              stateSecret: config.SLACK_STATE_SECRET,
              scopes: [...BOT_SCOPES],
              ...(config.SLACK_REDIRECT_URI ? { redirectUri: config.SLACK_REDIRECT_URI } : {}),
              installationStore: installationStore(
                services.installations,
                log.child({ component: 'install' }),
                (teamId, installer) =>
                  seedInstaller(services, teamId, installer, config.ADMIN_USER_IDS),
              ),
              installerOptions: {
                installPath: '/slack/install',
                redirectUriPath: '/slack/oauth_redirect',
                stateCookieName: STATE_COOKIE,
                stateCookieExpirationSeconds: STATE_SECONDS,
                installPathOptions: pages.installPathOptions,
                callbackOptions: pages.callbackOptions,
                // oauth.v2.access goes where the Web API does (a stand-in of Slack in tests),
                // with its time limit; its code is single-use, so a call Slack may have taken (a
                // time limit, a 5xx, a connection dropped) is not tried again (it fails, and the
                // person gets the error page to start again).
                clientOptions: {
                  ...apiUrl,
                  retryConfig: onlyUnsentRetried(
                    options.slackRetries ?? retryPolicies.tenRetriesInAboutThirtyMinutes,
                  ),
                },
              },
            }
          : {}),
      });

  const socketMode = Boolean(config.SLACK_APP_TOKEN);
  const app = new App({
    ...(botToken ? { authorize: botToken.authorize } : {}),
    receiver,
    logger,
    extendedErrorHandler: true,
    // No listener keeps conversation state: Bolt's in-memory store would look up every request
    // with a channel (and make an Error for each miss) and keep what it was given forever.
    convoStore: false,
    // In Socket Mode the app is initialized in start(), once Slack answers.
    deferInitialization: socketMode,
    clientOptions: {
      ...apiUrl,
      // A 429 comes back at once, as an error the person is told about (SLACK_REFUSED): the
      // client's own wait would sleep through Slack's Retry-After (30 s and more) with every
      // other listener's call of the workspace queued behind it, and then open a modal with a
      // trigger_id long expired.
      rejectRateLimitedCalls: true,
      // web-api's retries (or the tests'), but only of a call never sent: one Slack may have
      // taken (a time limit, a 5xx, a connection dropped) would go out again.
      retryConfig: onlyUnsentRetried(
        options.slackRetries ?? retryPolicies.tenRetriesInAboutThirtyMinutes,
      ),
    },
  });

  const inFlight = new Set<Promise<void>>();
  // Socket Mode: each request until its ack has gone out (what stop() keeps the connection for).
  const unacked: Unacked = new Map();
  // Socket Mode: the stop's wait for the acks is over, the connection about to close.
  let connectionClosing = false;
  if (socketMode)
    trackAcks(
      app,
      unacked,
      () => connectionClosing,
      (body, handled) => {
        const b = body as { team_id?: unknown; team?: { id?: unknown } | null };
        const teamId = typeof b.team_id === 'string' ? b.team_id : b.team?.id;
        const locale =
          typeof teamId === 'string'
            ? services.workspaces.localeFor(teamId)
            : config.DEFAULT_LOCALE;
        const tr = translator(locale);
        // Past the wait its listener goes on (it may be done); once closing it is not handled.
        const key = handled ? 'install.restarting' : 'install.restartingNotDone';
        return restartingAck(body, tr, tr(key), tPlainText(locale, key));
      },
      log.child({ component: 'socket-mode' }),
    );
  // OAuth mode: a bot token Slack refuses for good stops its install (a lost tokens_revoked).
  const installLog = log.child({ component: 'install' });
  // OAuth mode: an install whose token no key in CARE_DESK_TOKEN_KEYS opens is said once, with
  // why (which key it was sealed with); its requests are refused as not served, its jobs skip.
  services.installations.onUnreadable((e) =>
    installLog.error(
      { key: e.key, reason: e.reason },
      `install ${e.key}: its stored bot token cannot be opened with any key in CARE_DESK_TOKEN_KEYS (${e.reason}); its workspaces are not served (their jobs wait, their messages are held) until that key is put back or the app is installed there again`,
    ),
  );
  const tokenCheck = oauth
    ? {
        tokenRefused: (teamId: string, client: WebClient, error: unknown) =>
          stopIfTokenDead(services.installations, installLog, teamId, client, error),
      }
    : {};
  // A listener's call refused mid-request is asked of Slack again in both modes: OAuth mode stops
  // the install, single-token mode keeps the refusal (one auth.test, shared by the refusals of the
  // moment; none once kept), so the person is told and /readyz says not ready.
  const requestTokenCheck = botToken
    ? {
        tokenRefused: (_teamId: string, _client: WebClient, error: unknown) =>
          botToken.confirmRefused(error),
        tokenRefusedMessage: 'install.tokenRefused' as const,
      }
    : tokenCheck;
  const worker = new OutboxWorker({
    outbox: services.outbox,
    clientFor: (teamId) => clients.clientFor(teamId),
    context: (teamId, now, atLeast) =>
      services.workspaces.context(
        {
          teamId,
          actor: SYSTEM_ACTOR,
          now,
          log: log.child({ component: 'outbox' }),
          origin: 'job',
        },
        atLeast,
      ),
    clock: deps.clock,
    sleep: options.pacing?.sleep ?? realSleep,
    clockMs: options.pacing?.clockMs ?? (() => Date.now()),
    instanceId: options.instanceId ?? `${hostname()}:${process.pid}`,
    log: log.child({ component: 'outbox' }),
    observe: (outcome, entries) => metrics.delivery(outcome, entries),
    ...tokenCheck,
    ...(botToken ? { botToken } : {}),
    ...(options.outboxPasses ? { passes: options.outboxPasses } : {}),
    ...(options.outboxTimer ? { loopTimer: options.outboxTimer } : {}),
  });
  // Single-token mode: a workspace the one token is not for (a Slack Connect customer's own,
  // say) is served by nothing and creates nothing (OAuth mode refuses it at authorize).
  if (!oauth && home) {
    app.use(
      servedOnly({
        home,
        known: (teamId) => services.workspaces.known(teamId),
        locale: (h) =>
          h?.teamId ? services.workspaces.localeFor(h.teamId) : config.DEFAULT_LOCALE,
        log: log.child({ component: 'install' }),
      }),
    );
  }
  // A modal submitted by a person of another organisation (Slack Connect) reaches no listener,
  // but the survey's NPS and comment the desk asked them for.
  app.use(
    ownPeopleSubmitOnly({
      localeFor: (teamId) => services.workspaces.localeFor(teamId),
      orgs,
      customerViews: new Set([REQUESTER.surveyView]),
      log: log.child({ component: 'install' }),
    }),
  );
  // Every Web API call a listener makes is counted: Bolt keeps one client per workspace.
  instrumentClient(app.client, metrics);
  app.use(async ({ client, next }) => {
    instrumentClient(client, metrics);
    await next();
  });
  // Workspaces listed on an org-wide install before the time each was added was kept get one.
  if (services.installations.mode === 'oauth')
    app.use(orgTeamSeen(services.installations, log.child({ component: 'install' })));
  const notify = createNotifiers(services.outbox, worker, (teamId) => clients.clientFor(teamId));
  /** What Slack says of `ctx.actor` (remembered, else asked briefly with the workspace's client). */
  const standing = async (ctx: Ctx) => {
    const client = await clients.clientFor(ctx.teamId).catch(() => undefined);
    return client ? guestCheck.standing(client, ctx.teamId, ctx.actor, ctx.log) : 'unknown';
  };
  /** Whether Slack says `userId` is of another organisation, asked with the workspace's `client`. */
  const externalOf = async (
    client: WebClient,
    ctx: Ctx,
    userId: string,
    asking: 'ownerCheck' | 'holderCheck' | 'requesterCheck' | 'followerCheck',
  ): Promise<'external' | 'ours' | 'unknown' | 'unchecked'> => {
    const person = await guestCheck.describe(client, ctx.teamId, userId, ctx.log, asking);
    if (person === 'unknown' || person === 'unchecked') return person;
    // The installs not read, or the Grid org lookup not answered: `unknown` (asked again at the
    // next run), never taken for another organisation's on a failure.
    return peopleCheck.organisation(ctx.teamId, person);
  };
  /** What Slack says of `userId` for a job (remembered, else asked with the workspace's client). */
  // A member or guest Slack describes as of another organisation (organisation.ts's rule) is
  // `external`: read from the answer standingOf just had (remembered), no second request.
  const describe = async (ctx: Ctx, userId: string): Promise<PersonStanding> => {
    const client = await clients.clientFor(ctx.teamId).catch(() => undefined);
    if (!client) return 'unknown';
    const standing = await guestCheck.standingOf(client, ctx.teamId, userId, ctx.log, 'ownerCheck');
    if (standing !== 'member' && standing !== 'guest') return standing;
    // Of another organisation, or its organisation not told (the installs not read): asked again.
    const said = await externalOf(client, ctx, userId, 'ownerCheck');
    return said === 'external' || said === 'unknown' ? said : standing;
  };
  /** Whether Slack says a role holder is of another organisation, for the daily check. */
  const organisationOf = async (
    ctx: Ctx,
    userId: string,
    asking: 'holderCheck' | 'requesterCheck' | 'followerCheck' = 'holderCheck',
  ): Promise<'external' | 'ours' | 'unknown' | 'unchecked'> => {
    const client = await clients.clientFor(ctx.teamId).catch(() => undefined);
    if (!client) return 'unknown';
    return externalOf(client, ctx, userId, asking);
  };
  const flows = createFlows(services, notify, {
    // The daily run's check of the customers' owners (a member made a guest since).
    describe,
    // The daily run's check of the role holders (one of another organisation saved before), and
    // a requester whose DM Slack refused (one of another organisation filed before it was read),
    // and the open and resolved tickets' followers (one of another organisation added before it was checked).
    organisationOf,
    // A hand-over's held notices are pushed on while it runs (HandoverFlows), a move slow too.
    clock: deps.clock,
    every: options.handoverTick ?? intervalTicker,
    // A person the roles name nowhere filing a ticket where the request did not say whether
    // they are a guest (Slack late, the redo job): asked with the workspace's client.
    standing,
    ...(options.mergeWait ? { mergeWait: options.mergeWait } : {}),
    // An admin's Home says when Slack refuses this install users.info (no users:read), with how
    // to fix it in this mode: the operator's log is not where an admin looks.
    installProblem: async (ctx) => {
      const client = await clients.clientFor(ctx.teamId).catch(() => undefined);
      if (!client || !guestCheck.refusedFor(client, ctx.teamId)) return undefined;
      return {
        kind: services.installations.mode === 'oauth' ? 'noUsersReadOauth' : 'noUsersReadToken',
      };
    },
  });
  /**
   * A person's Home refreshed by the outbox, as they would read it opening it: a person the roles
   * name nowhere is asked of Slack as the boundary asks (remembered), so that a guest's Home is
   * the requester's part only whichever path publishes it. The reduced Home is published only to
   * a person Slack says is a guest: when Slack does not say in time (`unknown`) the refresh is
   * postponed (`later`: the outbox tries again, the late answer remembered by then, for at most
   * HOME_LATER_MAX_MS), not when Slack said it will not describe them (`user_not_found`,
   * `user_not_visible`: `skip`, logged), and on an
   * install that never says (`unchecked`) it is not published (`skip`): the person's own visit
   * draws it, with why. A member who did nothing never receives a "try again" Home.
   */
  const homeReader = async (ctx: Ctx, userId: string): Promise<Ctx | 'later' | 'skip'> => {
    const reader = actingAs(ctx, userId);
    if (!holdsNoRole(reader.settings, userId)) return reader;
    const said = await standing(reader);
    if (said === 'unknown') {
      // Slack will not describe them (user_not_found, user_not_visible): not postponed forever.
      const client = await clients.clientFor(ctx.teamId).catch(() => undefined);
      if (!client || !guestCheck.noSuchPerson(client, ctx.teamId, userId)) return 'later';
      ctx.log.warn('App Home not refreshed: Slack will not describe the person (users.info)');
      return 'skip';
    }
    if (said === 'unchecked') return 'skip';
    return said === 'member' ? reader : withGuest(reader, said);
  };
  // What keys the modal proofs and the forms' submission keys: the signing secret when set (in
  // Socket Mode too, where it authenticates nothing), else the app-level token. Never stored.
  const formSecret = config.SLACK_SIGNING_SECRET ?? config.SLACK_APP_TOKEN ?? '';
  const handlerDeps: HandlerDeps = {
    services,
    flows,
    boundary: {
      log,
      clock: deps.clock,
      workspaces: services.workspaces,
      orgs,
      guests: (client, teamId, userId, requestLog) =>
        guestCheck.standing(client, teamId, userId, requestLog),
      inFlight,
      observe: (listener, outcome, ackSeconds) => metrics.request(listener, outcome, ackSeconds),
      ...(ackFirst ? { afterAck: () => ackFirst.afterAcks() } : {}),
      ...requestTokenCheck,
      ...(options.submitAckBudgetMs !== null
        ? { submitAckBudgetMs: options.submitAckBudgetMs ?? config.SLACK_SUBMIT_ACK_BUDGET_MS }
        : {}),
      ...(options.submitChecksDeadlineMs === undefined
        ? {}
        : { submitChecksDeadlineMs: options.submitChecksDeadlineMs }),
    },
    responseUrls,
    // Keyed by the signing secret when it is set (in Socket Mode too), else the app-level
    // token: every instance must be given the same (README: Personal data, Scale out).
    modalProofs: modalProofs(formSecret),
    // The same secret, never stored: a submission key stored on a record confirms no guess of
    // what was typed to whoever reads the database (src/forms/submission-key.ts).
    submissionKeys: submissionKeys(formSecret),
    people: peopleCheck,
    guests: guestCheck,
    channelCheck: {
      ms: options.channelCheckMs ?? CHANNEL_CHECK_MS,
      deadline: options.channelCheckWait ? sleepDeadline(options.channelCheckWait) : timerDeadline,
    },
    stopped: stopSignal.signal,
  };
  worker.use({
    ...deliveryHooks(services, flows),
    // A person's Home, rendered as they would see it when they open it.
    homeView: async (ctx, userId, share) => {
      const reader = await homeReader(ctx, userId);
      // The Homes of a pass given one key share the team part read (src/notify/outbox.ts HomeShare).
      return typeof reader === 'string' ? reader : renderHome(handlerDeps, reader, share);
    },
  });
  registerHandlers(recordListenerIds(routeListeners(app), listenerIds), handlerDeps);

  // Listeners report their own failures (src/slack/boundary.ts); this catches what fails
  // around them, in middleware or in Bolt itself, so nothing is silently dropped.
  app.error(async ({ error, context, body }: ExtendedErrorHandlerArgs) => {
    const ref = newErrorRef();
    if (oauth && (error as { code?: string }).code === 'slack_bolt_authorization_error') {
      // OAuth mode: a workspace without an active install (uninstalled, revoked, never
      // installed): no listener runs and the bot does nothing; the person is told the desk is not
      // connected there (in the workspace's language as last known), where Slack lets it be said
      // (src/slack/not-served.ts); where the app never was (a Slack Connect customer's own
      // workspace), that the team they work with serves them in the channel they share. With
      // one bot token, a refused token is the operator's problem and logged as an error below.
      const b = body as
        | {
            team_id?: unknown;
            team?: { id?: unknown } | null;
            enterprise_id?: unknown;
            enterprise?: { id?: unknown } | null;
          }
        | undefined;
      const teamId = typeof b?.team_id === 'string' ? b.team_id : b?.team?.id;
      const known = typeof teamId === 'string' ? teamId : undefined;
      if (b) {
        const org = typeof b.enterprise_id === 'string' ? b.enterprise_id : b.enterprise?.id;
        const enterprise =
          typeof org === 'string' && SLACK_ID.enterprise.test(org) ? org : undefined;
        const team = known && SLACK_ID.team.test(known) ? known : undefined;
        const never = await Promise.all([
          services.installations.everInstalled(team, enterprise),
          team ? services.workspaces.known(team) : false,
        ]).then(
          ([installed, kept]) => !installed && !kept,
          (err: unknown) => {
            log.warn({ err }, 'could not tell whether the app was ever installed there');
            return false;
          },
        );
        const locale = known ? services.workspaces.localeFor(known) : config.DEFAULT_LOCALE;
        const instead = notServedAck(
          b,
          locale,
          responseUrls,
          log.child({ component: 'install' }),
          never,
        );
        if (instead) notServed.set(b, instead);
      }
      const unreadable = unreadableInstallIn(error);
      if (unreadable)
        log.warn(
          { ref, teamId: known, key: unreadable.key },
          'request not authorized: the install’s stored token cannot be opened (CARE_DESK_TOKEN_KEYS)',
        );
      else log.warn({ ref, teamId: known }, 'request not authorized: no active install');
      return;
    }
    log.error(
      { err: error, ref, code: classifyError(error).code, teamId: context?.teamId },
      'unhandled error outside a listener',
    );
  });

  let server: Server | undefined;
  // Socket Mode: the receiver's HTTP server, and its answers not yet written.
  let socketHttp: Server | undefined;
  const socketHttpUnderWay = new Set<ServerResponse>();
  let socketHttpClosing = false;
  /**
   * Socket Mode: stops the receiver (the connection, closed already, and its HTTP server), then
   * waits for the HTTP server's close, SOCKET_HTTP_CLOSE_WAIT_MS at most: an answer under way is
   * written in full (and ends its connection: `connection: close`), the idle kept-alive
   * connections are closed at once, so that the process does not exit mid-answer.
   */
  const stopSocketReceiver = async (): Promise<void> => {
    const http = socketHttp?.listening ? socketHttp : undefined;
    const closed = http ? new Promise<void>((resolve) => http.once('close', resolve)) : undefined;
    socketHttpClosing = true;
    for (const res of socketHttpUnderWay)
      if (!res.headersSent) res.setHeader('connection', 'close');
    await app.stop();
    if (!http || !closed) return;
    http.closeIdleConnections();
    let late = false;
    let expired!: () => void;
    const expiry = new Promise<void>((resolve) => (expired = resolve));
    const cancel = timerDeadline(SOCKET_HTTP_CLOSE_WAIT_MS, () => {
      late = true;
      expired();
    });
    await Promise.race([closed, expiry]);
    cancel();
    if (!late) return;
    log
      .child({ component: 'socket-mode' })
      .warn(
        { underWay: socketHttpUnderWay.size, waitedMs: SOCKET_HTTP_CLOSE_WAIT_MS },
        'closing the HTTP server (/healthz, /readyz, /metrics) with answers still under way',
      );
    http.closeAllConnections();
  };
  let running = false;
  /** What start-up goes on with in the background (dueWaitingTickets); never rejects. */
  let startupWork: Promise<void> = Promise.resolve();
  let reconnector: { stop(): Promise<void> } | undefined;
  // One call at a time, no retries and no log lines of its own: waitForSlack says what happens.
  const probe = new WebClient(undefined, {
    ...apiUrl,
    logger: boltLogger(log.child({}, { level: 'silent' })),
    retryConfig: { retries: 0 },
  });
  /**
   * Until no request waits for its ack (new ones are still taken meanwhile), SOCKET_STOP_ACK_WAIT_MS
   * at most: requests not acked by then are acked with "the desk is restarting, try again" where
   * Slack shows an ack's answer (a command's ephemeral reply, a form's first field, the form kept
   * as typed; empty for a click), said in one warning, and those that arrive from then until the
   * close frame with "nothing was done" (not handled; an event is neither acked nor handled:
   * Slack sends it again). Work a listener goes
   * on with after its ack does not hold the connection open: stop() waits for it after the close.
   */
  const requestsSettled = async (): Promise<void> => {
    if (unacked.size === 0) {
      connectionClosing = true;
      return;
    }
    let over = false;
    let expired!: () => void;
    const waited = new Promise<void>((resolve) => (expired = resolve));
    const cancel = (
      options.socketStopAckWait ? sleepDeadline(options.socketStopAckWait) : timerDeadline
    )(SOCKET_STOP_ACK_WAIT_MS, () => {
      over = true;
      expired();
    });
    while (unacked.size > 0 && !over)
      await Promise.race([Promise.allSettled([...unacked.keys()]), waited]);
    cancel();
    connectionClosing = true;
    const late = [...unacked.values()];
    if (late.length === 0) return;
    log
      .child({ component: 'socket-mode' })
      .warn(
        { unacked: late.length, waitedMs: SOCKET_STOP_ACK_WAIT_MS },
        'closing the Socket Mode connection with requests not acked yet: answered that the desk is restarting (try again), their own acks not sent',
      );
    await Promise.allSettled(late.map((answer) => answer()));
  };
  let reconnecting: Promise<void> | undefined;
  let closing: Promise<void> | undefined;
  /**
   * The stop's first steps, once: no further reconnect (one under way ends before stop() returns,
   * its connection closed again), listeners' waits on Slack ended, and in Socket Mode the
   * connection closed as soon as the requests not acked yet are (an ack goes out on it; 3 s at
   * most), beside the job tick and the outbox pass that end meanwhile, not after them (the
   * outbox starts no new pass from here, its pass under way ending after its group). Not its
   * HTTP server: /healthz, /readyz (503 `stopping` from here) and /metrics answer until stop() ends.
   */
  const beginStop = (): void => {
    if (stopping) return;
    stopping = true;
    stopSignal.abort();
    worker.halt();
    reconnecting = reconnector?.stop();
    if (!running || !socketMode) return;
    const closed = (async () => {
      await requestsSettled();
      // The connection only, as the receiver's stop() does (not waiting for the close handshake):
      // its HTTP server (/healthz, /readyz, /metrics) answers on until stop() ends.
      void (receiver as SocketModeReceiver).client.disconnect();
    })();
    // stop() awaits it (and throws what it throws): not left unhandled meanwhile.
    closed.catch(() => undefined);
    closing = closed;
  };
  return {
    app,
    services,
    flows,
    outbox: worker,
    metrics,
    redoEvent: redoChannelEvent(handlerDeps, (teamId) => clients.clientFor(teamId)),
    ...(botToken ? { slackRefused: () => botToken.refusal() } : {}),
    listeners: listenerIds,
    async settled(waitMs) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const late = new Promise<false>((resolve) => {
        timer = setTimeout(() => resolve(false), waitMs);
      });
      try {
        // A listener's work may start another (a redo): wait until none is left.
        while (inFlight.size > 0) {
          const all = Promise.allSettled([...inFlight]).then(() => true as const);
          if (!(await Promise.race([all, late]))) return false;
        }
        return true;
      } finally {
        clearTimeout(timer);
      }
    },
    forgetPeople() {
      slackPeople.forget();
      orgPeople.forget();
    },
    async start() {
      // The privacy log's keyed entries written under a secret this instance has not (PRIVACY_KEY
      // set, or changed, after them, with no PRIVACY_KEY_PREVIOUS): lookups by Slack user (the
      // erasure check of old messages, `privacy log --user`) would miss them. Said, not fatal.
      await services.privacyLog.keysUnknown().then(
        (teams) => {
          if (teams.length)
            log.error(
              { teams: teams.length, teamIds: teams.slice(0, 10) },
              'the privacy key differs from the one the privacy log was keyed with in these workspaces: an erased person’s old messages could be filed again and `privacy log --user` misses entries. Set PRIVACY_KEY_PREVIOUS to the secret used before (the signing secret, else the app token, when PRIVACY_KEY was unset) or restore PRIVACY_KEY',
            );
        },
        (err: unknown) =>
          log.warn({ err }, 'the privacy key check could not read its fingerprints'),
      );
      if (socketMode) {
        const reached = await waitForSlack({
          probe: () => probe.api.test(),
          apiUrl: slackApiUrl,
          log: log.child({ component: 'socket-mode' }),
          sleep: options.slackWait?.sleep ?? realSleep,
          ...(options.slackWait?.firstDelayMs
            ? { firstDelayMs: options.slackWait.firstDelayMs }
            : {}),
          ...(options.slackWait?.maxDelayMs ? { maxDelayMs: options.slackWait.maxDelayMs } : {}),
          stopping: () => stopping,
        });
        if (!reached) throw new Error('stopped while waiting for Slack');
        await app.init();
        const client = (receiver as SocketModeReceiver).client;
        // Slack allows 10 Socket Mode connections per app: it answers an 11th with a disconnect
        // (too_many_websockets) instead of hello, and the reconnects try again with back-off (a
        // line a try). Why is said once, until a connection is taken.
        let crowded = false;
        client.on('connected', () => {
          socketLog.connected();
          if (crowded)
            log
              .child({ component: 'socket-mode' })
              .info('Slack took the Socket Mode connection: serving');
          crowded = false;
        });
        onControlMessage(client, (message) => {
          if (crowded || message.type !== 'disconnect' || message.reason !== 'too_many_websockets')
            return;
          crowded = true;
          log
            .child({ component: 'socket-mode' })
            .warn(
              { reason: 'too_many_websockets' },
              'Slack refused this Socket Mode connection: the app has its 10 connections already (too_many_websockets), held by other instances of the desk or processes not yet stopped; this instance serves nothing and tries again with back-off (1 s doubling to 30 s). Stop the extra instances, or run several in HTTP mode',
            );
        });
        // Reconnects are ours (src/slack/socket-reconnect.ts): at once when Slack asks for a new
        // connection, else with a capped back-off. When Slack refuses the app-level token then
        // (revoked, regenerated), the desk would stay up with no connection, ready as far as anyone
        // could tell: it says so and /readyz answers 503.
        const socketErrors = log.child({ component: 'socket-mode' });
        reconnector = socketReconnect({
          client,
          log: socketErrors,
          ...options.socketReconnect,
          stopping: () => stopping,
          refused: (refused) => {
            socketRefused = { state: 'refused', error: refused };
            socketErrors.error(
              { code: 'SLACK_REFUSED', error: refused },
              `${appTokenRefusedMessage(refused)}; until then no request reaches this instance (/readyz answers 503)`,
            );
          },
        });
        // Single-token mode only: in OAuth mode there is no one bot token (each install's is of
        // the app whose client id installed it), so nothing to compare the connection's app with.
        if (botToken && authClient) {
          const slack = authClient;
          socketAppCheck({
            client,
            owner: () => botToken.owner(),
            botApp: async (bot) => (await slack.bots.info({ bot })).bot?.app_id,
            log: socketErrors,
            mismatch: (apps) =>
              (socketWrongApp = apps
                ? { state: 'wrong_app', error: 'app_mismatch', ...apps }
                : undefined),
          });
        }
      }
      // Not awaited: /healthz and the connection do not wait for Slack to check the token (a
      // request meanwhile waits for that check itself).
      void botToken?.checkAtStart();
      if (oauth) await resealTokens(services, log);
      // Serving waits for the names' sort keys a few seconds at most (a fresh or small desk is
      // done by then): a large upgrade goes on keying in the background, /healthz answering.
      await keyCustomerNamesAwhile(services, log);
      // Not awaited: a large upgrade's backfill is not in the way of serving (stop() waits for
      // the batch under way).
      startupWork = dueWaitingTickets(services, deps.clock, log, () => draining || stopping);
      const started = (await app.start(config.PORT)) as unknown;
      if (socketMode) {
        socketHttp = (receiver as unknown as { httpServer?: Server }).httpServer;
        // Before Bolt's own listener, which may answer at once.
        socketHttp?.prependListener('request', (_req, res: ServerResponse) => {
          if (socketHttpClosing) res.setHeader('connection', 'close');
          socketHttpUnderWay.add(res);
          res.once('close', () => socketHttpUnderWay.delete(res));
        });
      }
      // OAuth without DEFAULT_LOCALE: a workspace's language is its installer's, no drift.
      await logSeedDrift(services, log, { localeSeeded: oauth && !config.defaultLocaleSet });
      running = true;
      if (options.outboxLoop !== false) worker.start();
      if (started && typeof (started as Server).address === 'function') {
        server = started as Server;
        return (server.address() as AddressInfo).port;
      }
      return config.PORT;
    },
    beginStop() {
      draining = true;
      // In both modes: the outbox starts no new pass from the signal, the one under way ending
      // after its group under way (what is left goes out from the next instance).
      worker.halt();
      if (socketMode) beginStop();
    },
    startupWork: () => startupWork,
    async stop() {
      beginStop();
      await worker.stop();
      // Ends after its batch under way (`stopping`): what is left is done by the next start.
      await startupWork;
      // HTTP mode: the server's close lets the responses (the acks) in flight finish.
      if (closing) await closing;
      else if (running && !socketMode) await app.stop();
      await reconnecting;
      // Work a listener goes on with after its ack (posting a card, a DM) finishes first.
      await Promise.allSettled([...inFlight]);
      // Socket Mode: the receiver's HTTP server (the health routes) closes last, the connection
      // closed already (its second disconnect finds none).
      if (running && socketMode) await stopSocketReceiver();
      stopObservingDb();
    },
  };
}
