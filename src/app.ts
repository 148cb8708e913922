// The composition root: the one place in src that imports handlers/ (and main.ts, jobs/).
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hostname } from 'node:os';
import { App, SocketModeReceiver, type CustomRoute } from '@slack/bolt';
import { WebClient } from '@slack/web-api';
import type { ExtendedErrorHandlerArgs } from '@slack/bolt/dist/App.js';
import { renderHome } from '../handlers/home.js';
import { registerHandlers, type HandlerDeps } from '../handlers/index.js';
import type { Clock } from './clock.js';
import { responseUrlOrigins, type Config } from './config.js';
import { actingAs, SYSTEM_ACTOR } from './context.js';
import type { Database } from './db/connection.js';
import type { EngineKind } from './db/engine.js';
import { classifyError, newErrorRef } from './errors.js';
import { boltLogger, type Logger } from './logger.js';
import { createFlows, deliveryHooks, type Flows } from './flows/index.js';
import { createMetrics, type Metrics } from './metrics.js';
import { createNotifiers } from './notify/index.js';
import { OutboxWorker } from './notify/outbox.js';
import { createServices, type Services } from './services.js';
import { emptyListenerIds, envelopeCheck, recordListenerIds } from './slack/envelope.js';
import { realSleep } from './slack/pacer.js';
import { guardedHttpReceiver } from './slack/receiver.js';
import { responseUrlPolicy } from './slack/response-url.js';
import { seedFromConfig } from './workspace/service.js';

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
  /** This instance, as it leases outbox entries (default: host and process id). */
  instanceId?: string;
  /** The Web API client's retry policy (tests shorten the back-off; production keeps Bolt's). */
  slackRetries?: { retries: number; minTimeout?: number; maxTimeout?: number };
  /**
   * Answer Slack only after the listener finished. Tests turn it on so that a response means
   * the work is done; production keeps Slack's 3 s budget by acking first.
   */
  processBeforeResponse?: boolean;
  /** How long workspace settings are trusted before their version is checked again. */
  settingsFreshMs?: number;
}

export interface DeskApp {
  app: App;
  services: Services;
  /** The use cases (ticket actions, the SLA sweep, the daily runs, the digest). */
  flows: Flows;
  /** Delivers what flows wrote to the outbox. */
  outbox: OutboxWorker;
  /** Starts serving; resolves to the port the HTTP server listens on. */
  start(): Promise<number>;
  /** Stops taking requests and waits for the listeners still working, after their ack too. */
  stop(): Promise<void>;
}

function healthRoute(deps: AppDeps): CustomRoute {
  return {
    path: '/healthz',
    method: ['GET'],
    handler: (_req, res) => {
      void deps.db.ping().then((up) => {
        res.writeHead(up ? 200 : 503, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            status: up ? 'ok' : 'unavailable',
            db: { state: up ? 'up' : 'down', engine: deps.engine },
          }),
        );
      });
    },
  };
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

/** Builds the Slack app, the same way for production and for tests. */
export function createDeskApp(deps: AppDeps, options: AppOptions = {}): DeskApp {
  const { config, log } = deps;
  const services = createServices(deps.db, seedFromConfig(config), deps.clock, {
    ...(options.settingsFreshMs !== undefined ? { settingsFreshMs: options.settingsFreshMs } : {}),
  });
  const logger = boltLogger(log);
  const metrics = createMetrics(() => services.outbox.totals());
  const customRoutes = [healthRoute(deps), metricsRoute(metrics)];
  const apiUrl = config.SLACK_API_URL ? { slackApiUrl: config.SLACK_API_URL } : {};
  const responseUrls = responseUrlPolicy(responseUrlOrigins(config));
  // Filled in as the handlers register below; the envelope check reads it per request.
  const listenerIds = emptyListenerIds();

  const receiver = config.SLACK_APP_TOKEN
    ? new SocketModeReceiver({
        appToken: config.SLACK_APP_TOKEN,
        customRoutes,
        // clientOptions reach the Socket Mode client's own Web API client (apps.connections.open).
        installerOptions: { port: config.PORT, clientOptions: apiUrl },
        logger,
      })
    : guardedHttpReceiver({
        signingSecret: config.SLACK_SIGNING_SECRET ?? '',
        endpoint: '/slack/events',
        bodyLimitBytes: config.SLACK_BODY_LIMIT_KB * 1024,
        envelope: envelopeCheck(listenerIds, responseUrls),
        log: log.child({ component: 'receiver' }),
        customRoutes,
        processBeforeResponse: options.processBeforeResponse ?? false,
        logger,
      });

  const app = new App({
    token: config.SLACK_BOT_TOKEN,
    receiver,
    logger,
    extendedErrorHandler: true,
    clientOptions: {
      ...apiUrl,
      ...(options.slackRetries ? { retryConfig: options.slackRetries } : {}),
    },
  });

  const inFlight = new Set<Promise<void>>();
  const worker = new OutboxWorker({
    outbox: services.outbox,
    // The outbox's own client: it retries by itself (with back-off, across restarts), so the
    // client neither retries nor sleeps through a rate limit; a 429 comes back at once.
    client: new WebClient(config.SLACK_BOT_TOKEN, {
      ...apiUrl,
      logger,
      rejectRateLimitedCalls: true,
      retryConfig: { retries: 0 },
    }),
    context: (teamId, now) =>
      services.workspaces.context({
        teamId,
        actor: SYSTEM_ACTOR,
        now,
        log: log.child({ component: 'outbox' }),
        origin: 'job',
      }),
    clock: deps.clock,
    sleep: options.pacing?.sleep ?? realSleep,
    clockMs: options.pacing?.clockMs ?? (() => Date.now()),
    instanceId: options.instanceId ?? `${hostname()}:${process.pid}`,
    log: log.child({ component: 'outbox' }),
    observe: (outcome, entries) => metrics.delivery(outcome, entries),
  });
  const notify = createNotifiers(services.outbox, worker, app.client);
  const flows = createFlows(services, notify);
  const handlerDeps: HandlerDeps = {
    services,
    flows,
    boundary: { log, clock: deps.clock, workspaces: services.workspaces, inFlight },
    responseUrls,
  };
  worker.use({
    ...deliveryHooks(services, flows),
    // A person's Home, rendered as they would see it when they open it.
    homeView: (ctx, userId) => renderHome(handlerDeps, actingAs(ctx, userId)),
  });
  registerHandlers(recordListenerIds(app, listenerIds), handlerDeps);

  // Listeners report their own failures (src/slack/boundary.ts); this catches what fails
  // around them, in middleware or in Bolt itself, so nothing is silently dropped.
  app.error(async ({ error, context }: ExtendedErrorHandlerArgs) => {
    const ref = newErrorRef();
    log.error(
      { err: error, ref, code: classifyError(error).code, teamId: context?.teamId },
      'unhandled error outside a listener',
    );
  });

  let server: Server | undefined;
  return {
    app,
    services,
    flows,
    outbox: worker,
    async start() {
      const started = (await app.start(config.PORT)) as unknown;
      if (options.outboxLoop !== false) worker.start();
      if (started && typeof (started as Server).address === 'function') {
        server = started as Server;
        return (server.address() as AddressInfo).port;
      }
      return config.PORT;
    },
    async stop() {
      await worker.stop();
      await app.stop();
      // Work a listener goes on with after its ack (posting a card, a DM) finishes first.
      await Promise.allSettled([...inFlight]);
    },
  };
}
