// A bench app in a process of its own (bench/serve.ts), as in production where Slack is remote:
// the fake Slack and the load generator stay in this process, so their CPU work does not compete
// with the app's event loop. Spawned with this Node and tsx, on a free port this process picks;
// spoken to over the IPC channel (ready, idle); stopped with SIGTERM.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { FakeSlack } from '../test/helpers/fake-slack.js';
import type { SlackRequests } from '../test/helpers/slack-requests.js';
import { slackRequestsTo } from './harness.js';

/** `desk`: the production factory on the database given; `bare`: Bolt listeners that only ack. */
export type AppMode = 'desk' | 'bare';

/** Asks the app to answer once no listener is working (the work after an ack included). */
export interface IdleRequest {
  type: 'idle';
  id: number;
  /** Names the requests answered since the last idle (with BENCH_CPU_PROF; bench/serve.ts). */
  label?: string;
  /** Collect the garbage before answering, so that a burst does not pay for the last one's. */
  gc?: boolean;
}
/** What the app saw of the requests it answered since it was last idle. */
export interface Seen {
  /** Each request's time in the app's process, from its `request` event to its response's end, ms. */
  ms: number[];
  /** From the first request's arrival to the last's, ms. */
  spread: number;
  /** The process's CPU time (user and system, all threads) from the first arrival to the last response, µs. */
  cpuUs: number;
}
/** What the app sends: it listens on its port; or an answer to an IdleRequest. */
export type AppMessage = { type: 'ready' } | (IdleRequest & { seen?: Seen });

export interface AppProcess {
  slack: SlackRequests;
  /** The port it listens on (127.0.0.1). */
  port: number;
  /**
   * Resolves when the app has no listener working, with what it saw of the requests since it was
   * last idle; `label` names them.
   */
  idle(label?: string): Promise<Seen>;
  /** Resolves when the app has no listener working and has collected its garbage. */
  settle(): Promise<void>;
  /** SIGTERM, then waits for the process to exit (after its listeners finished). */
  stop(): Promise<void>;
}

const SERVE = fileURLToPath(new URL('./serve.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('..', import.meta.url));
/**
 * BENCH_BUILT=1: the apps run from `npm run build`'s output, as `npm start` runs the desk,
 * rather than through tsx, whose transform names every function it creates (a call per closure
 * per request that the built desk does not make).
 */
const SERVE_ARGS = process.env.BENCH_BUILT
  ? [fileURLToPath(new URL('../dist/bench/serve.js', import.meta.url))]
  : ['--import', 'tsx', SERVE];

/** A port nothing listens on now (the app binds it a moment later). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * Starts bench/serve.ts in `mode` with the fake Slack's Web API URL, a free port and `env`
 * (MONGODB_URI, BENCH_DB_NAME, channels); resolves once it listens.
 */
export async function spawnApp(
  mode: AppMode,
  fake: FakeSlack,
  env: Record<string, string> = {},
): Promise<AppProcess> {
  const port = await freePort();
  // BENCH_CPU_PROF=<dir>: each app's process writes a V8 CPU profile there when it stops (one
  // sample per 100 µs), and the time windows in which it had requests to answer (bench/serve.ts),
  // which bench/ack-profile.ts reads.
  const profile = process.env.BENCH_CPU_PROF
    ? ['--cpu-prof', '--cpu-prof-interval', '100', '--cpu-prof-dir', process.env.BENCH_CPU_PROF]
    : [];
  const child = spawn(process.execPath, [...profile, '--expose-gc', ...SERVE_ARGS, mode], {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(port), SLACK_API_URL: fake.apiUrl },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code, signal) => resolve(signal ? null : code)),
  );
  // Rejects once the app has ended, so that nobody waits for an answer from it forever.
  const died = exited.then((code) => {
    throw new Error(`bench/serve.ts ${mode} ended (exit ${code})`);
  });
  died.catch(() => {});

  const waiting = new Map<string, (message: AppMessage) => void>();
  const keyOf = (message: AppMessage) => (message.type === 'idle' ? `idle ${message.id}` : 'ready');
  child.on('message', (message: AppMessage) => {
    const key = keyOf(message);
    waiting.get(key)?.(message);
    waiting.delete(key);
  });
  /** Waits for the app's message `expected`, after sending `request` when given. */
  const answer = (expected: AppMessage, request?: IdleRequest) =>
    Promise.race([
      new Promise<AppMessage>((resolve) => {
        waiting.set(keyOf(expected), resolve);
        if (request) child.send(request);
      }),
      died,
    ]);

  await answer({ type: 'ready' });
  let seq = 0;
  return {
    slack: slackRequestsTo(port, fake),
    port,
    async idle(label?: string) {
      const request: IdleRequest = { type: 'idle', id: ++seq, ...(label ? { label } : {}) };
      const message = await answer(request, request);
      if (message.type !== 'idle' || !message.seen) throw new Error(`${mode}: idle without seen`);
      return message.seen;
    },
    async settle() {
      const request: IdleRequest = { type: 'idle', id: ++seq, gc: true };
      await answer(request, request);
    },
    async stop() {
      child.kill('SIGTERM');
      const code = await exited;
      if (code !== 0) throw new Error(`bench/serve.ts ${mode} exited with ${code} on SIGTERM`);
    },
  };
}
