// One app of bench/interactions.ts's table 2 in a process of its own, started by
// bench/app-process.ts (never by hand):
//   node --import tsx bench/serve.ts desk|bare
// desk: the production factory (createDeskApp, processBeforeResponse: false) on MONGODB_URI's
// database BENCH_DB_NAME; bare: a Bolt app whose listeners only ack the ids the desk answers.
// Both listen on PORT and call the Web API at SLACK_API_URL (the parent's fake Slack); the desk
// also reads TRIAGE_CHANNEL_ID. Over the IPC channel the app says when it is ready and answers
// idle requests once no listener is working. SIGTERM stops it (after the listeners still working);
// the parent going away ends it at once.
import { mkdirSync, writeFileSync } from 'node:fs';
import { Server } from 'node:http';
import { join } from 'node:path';
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';
import { createDeskApp } from '../src/app.js';
import { systemClock } from '../src/clock.js';
import type { Config } from '../src/config.js';
import { connectDatabase } from '../src/db/connection.js';
import { createLogger } from '../src/logger.js';
import type { AppMessage, AppMode, IdleRequest, Seen } from './app-process.js';
import { benchConfig, trackListeners } from './harness.js';

/** Slack ids the desk answers (they are in manifest.yml and on the app's blocks). */
const IDS = {
  commands: ['/customer', '/ticket'],
  actions: ['ticket_claim'],
  views: ['customer_create', 'ticket_create', 'ticket_resolve'],
  options: ['customer_picker'],
};

interface Served {
  app: App;
  /** Resolves once it listens on PORT. */
  start(): Promise<unknown>;
  stop(): Promise<void>;
}

async function desk(config: Config): Promise<Served> {
  const log = createLogger(config.LOG_LEVEL);
  const db = await connectDatabase(config.MONGODB_URI!, process.env.BENCH_DB_NAME!, log);
  const desk = createDeskApp(
    { config, db, engine: 'external', log, clock: systemClock },
    { processBeforeResponse: false },
  );
  return {
    app: desk.app,
    start: desk.start,
    async stop() {
      await desk.stop();
      await db.close();
    },
  };
}

async function bare(config: Config): Promise<Served> {
  const app = new App({
    token: config.SLACK_BOT_TOKEN,
    receiver: new HTTPReceiver({
      signingSecret: config.SLACK_SIGNING_SECRET!,
      processBeforeResponse: false,
    }),
    clientOptions: { slackApiUrl: config.SLACK_API_URL },
    logLevel: LogLevel.WARN,
  });
  for (const command of IDS.commands) app.command(command, async ({ ack }) => ack());
  for (const action of IDS.actions) app.action(action, async ({ ack }) => ack());
  for (const view of IDS.views) app.view(view, async ({ ack }) => ack());
  for (const options of IDS.options) app.options(options, async ({ ack }) => ack({ options: [] }));
  return {
    app,
    start: () => app.start(config.PORT),
    stop: () => app.stop() as Promise<void>,
  };
}

const MODES: Record<AppMode, (config: Config) => Promise<Served>> = { desk, bare };

/**
 * The requests as this process saw them: each one's time from its `request` event to its
 * response's end (how long the app took, without the load generator's side or the sockets), the
 * process's CPU time from the first request's arrival to the last response, and with
 * BENCH_CPU_PROF the windows from the first request after the app was last idle to the last
 * response before it is idle again, in `process.hrtime` µs (the CPU profile's clock), so that
 * bench/ack-profile.ts can tell the work of answering requests (the acks, as the work after them
 * waits for a quiet moment) from the rest. The windows are written with the profile at the end.
 */
function recordAnswering(mode: AppMode): { idle(label?: string): Seen; write(): void } {
  const windows: { start: number; end: number; requests: number; label?: string }[] = [];
  let open: { start: number; end: number; requests: number } | undefined;
  let seen: Seen = { ms: [], spread: 0, cpuUs: 0 };
  let first: { at: number; cpu: NodeJS.CpuUsage } | undefined;
  const micros = () => Number(process.hrtime.bigint() / 1000n);
  const emit = Server.prototype.emit;
  Server.prototype.emit = function (this: Server, event: string, ...args: unknown[]) {
    if (event === 'request') {
      const arrived = performance.now();
      first ??= { at: arrived, cpu: process.cpuUsage() };
      const { cpu } = first;
      const into = seen;
      into.spread = arrived - first.at;
      open ??= { start: micros(), end: 0, requests: 0 };
      const window = open;
      window.requests++;
      (args[1] as NodeJS.EventEmitter).once('finish', () => {
        window.end = micros();
        into.ms.push(performance.now() - arrived);
        const used = process.cpuUsage(cpu);
        into.cpuUs = used.user + used.system;
      });
    }
    return Reflect.apply(emit, this, [event, ...args]) as boolean;
  } as typeof emit;
  return {
    idle(label) {
      if (open) windows.push({ ...open, ...(label ? { label } : {}) });
      open = undefined;
      const done = seen;
      seen = { ms: [], spread: 0, cpuUs: 0 };
      first = undefined;
      return done;
    },
    write() {
      if (!process.env.BENCH_CPU_PROF) return;
      // The profile's directory is made when the process exits, after this.
      mkdirSync(process.env.BENCH_CPU_PROF, { recursive: true });
      const file = join(process.env.BENCH_CPU_PROF, `answering.${mode}.${process.pid}.json`);
      writeFileSync(file, JSON.stringify(windows));
    },
  };
}

function send(message: AppMessage): void {
  process.send!(message);
}

async function main(): Promise<void> {
  const mode = process.argv[2] as AppMode;
  if (!MODES[mode] || !process.send) {
    throw new Error('usage: spawned by bench/app-process.ts as bench/serve.ts desk|bare');
  }
  const { PORT, SLACK_API_URL, MONGODB_URI, TRIAGE_CHANNEL_ID } = process.env;
  const config = benchConfig({ PORT, SLACK_API_URL, MONGODB_URI, TRIAGE_CHANNEL_ID });
  const answering = recordAnswering(mode);
  const served = await MODES[mode](config);
  const idle = trackListeners(served.app);
  await served.start();

  process.once('SIGTERM', () => {
    answering.write();
    void served.stop().then(() => process.exit(0), fail);
  });
  // The parent went away without stopping us: nobody is left to measure or wait for the work.
  process.once('disconnect', () => process.exit(1));
  process.on('message', (request: IdleRequest) => {
    void idle().then(() => {
      const seen = answering.idle(request.label);
      if (request.gc) (globalThis as { gc?: () => void }).gc?.();
      send({ ...request, seen });
    });
  });
  send({ type: 'ready' });
}

function fail(err: unknown): never {
  console.error(err);
  process.exit(1);
}

main().catch(fail);
