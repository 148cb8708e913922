// One instance of bench/multi-instance.ts, spawned by it (never by hand):
//   node --import tsx bench/multi-app.ts
// What src/main.ts does (configuration from the environment, the database at MONGODB_URI, the
// production factory createDeskApp in HTTP mode, the production scheduler's runDue over JOBS),
// except that time is the bench's: the instance's clock stands at the virtual minute the bench
// last gave it (BENCH_VIRTUAL_START before the first) and moves on from there at real speed for at
// most 59.999 s, so that leases and retry delays keep their real meaning within a minute; and
// the jobs tick when the bench says (IPC `tick`, once per virtual minute, to every instance)
// instead of node-cron's real minute. The three instances thus tick every virtual minute of the
// simulated day, however loaded the machine, and the ledger decides which one runs each slot.
// IPC `pause` makes the next run of a job (for one workspace) stop after it claimed its slot,
// before its work, and say so (`paused`), so that the bench can kill the instance while it holds
// the slot's lease. SIGTERM stops it as main.ts does.
import { hostname } from 'node:os';
import { JOBS } from '../jobs/index.js';
import { createDeskApp, jobDepsOf } from '../src/app.js';
import type { Clock } from '../src/clock.js';
import { loadConfig } from '../src/config.js';
import { connectDatabase } from '../src/db/connection.js';
import { databaseName } from '../src/db/engine.js';
import { createLogger } from '../src/logger.js';
import type { Job } from '../src/schedule/job.js';
import { runDue } from '../src/schedule/runner.js';

/** The bench to an instance. */
export type ToInstance =
  { type: 'tick'; minute: number } | { type: 'pause'; job: string; teamId: string };
/** An instance to the bench. */
export type FromInstance =
  | { type: 'ready' }
  | {
      type: 'ticked';
      minute: number;
      ms: number;
      runs: { job: string; teamId: string; slot: string; attempts: number; error?: string }[];
    }
  | { type: 'paused'; job: string; teamId: string; slot: string };

/** The virtual clock: the last minute given, then real time for at most 59.999 s. */
function steppedClock(start: number): Clock & { at(minute: number): void } {
  let base = start;
  let since = performance.now();
  return {
    now: () => new Date(base + Math.min(performance.now() - since, 59_999)),
    at(minute) {
      base = minute;
      since = performance.now();
    },
  };
}

async function main(): Promise<void> {
  if (!process.send) throw new Error('spawned by bench/multi-instance.ts only');
  const send = (message: FromInstance) => process.send!(message);
  const config = loadConfig(process.env);
  const log = createLogger(config.LOG_LEVEL);
  const db = await connectDatabase(config.MONGODB_URI!, databaseName(config.MONGODB_URI), log);
  const clock = steppedClock(Number(process.env.BENCH_VIRTUAL_START));
  const desk = createDeskApp({ config, db, engine: 'external', log, clock });
  await desk.start();

  let pause: { job: string; teamId: string } | undefined;
  /** Each job as declared, but the armed one stops after its claim (and never goes on). */
  const jobs: Job[] = JOBS.map((job): Job => {
    if (job.scope === 'global') return job;
    return {
      ...job,
      run: async (deps, ctx, run) => {
        if (pause && pause.job === job.name && pause.teamId === ctx.teamId) {
          send({ type: 'paused', job: job.name, teamId: ctx.teamId, slot: run.slot.toISOString() });
          await new Promise(() => {});
        }
        return job.run(deps, ctx, run);
      },
    };
  });
  // As src/main.ts hands them (the slack-events job redoes failed events here too).
  const deps = jobDepsOf(desk, { log, clock, instanceId: `${hostname()}:${process.pid}` });

  let ticking: Promise<unknown> | undefined;
  process.on('message', (message: ToInstance) => {
    if (message.type === 'pause') {
      pause = { job: message.job, teamId: message.teamId };
      return;
    }
    clock.at(message.minute);
    const t0 = performance.now();
    ticking = runDue(deps, jobs).then((results) => {
      ticking = undefined;
      send({
        type: 'ticked',
        minute: message.minute,
        ms: performance.now() - t0,
        runs: results
          .filter((r) => r.ran)
          .map((r) => ({
            job: r.job,
            teamId: r.teamId,
            slot: r.slot.toISOString(),
            attempts: r.attempts ?? 1,
            ...(r.error ? { error: r.error } : {}),
          })),
      });
    });
  });
  process.once('SIGTERM', () => {
    setTimeout(() => process.exit(1), 10_000).unref();
    void (async () => {
      await ticking;
      await desk.stop();
      await db.close();
      process.exit(0);
    })().catch(() => process.exit(1));
  });
  // The bench went away: nobody is left to tick or to stop us.
  process.once('disconnect', () => process.exit(1));
  send({ type: 'ready' });
}

main().catch((err: unknown) => {
  process.stderr.write(`bench/multi-app.ts failed to start: ${(err as Error).message}\n`);
  process.exit(1);
});
