// One instance of bench/multi-instance.ts, spawned by it (never by hand):
//   node --import tsx bench/multi-app.ts
// What src/main.ts does (configuration from the environment, the database at MONGODB_URI, the
// production factory createDeskApp in HTTP mode, the production scheduler jobs/index.ts
// startJobs over JOBS, with its lanes), except that time is the bench's: the instance's clock
// stands at the virtual minute the bench last gave it (BENCH_VIRTUAL_START before the first) and
// moves on from there at real speed for at most 59.999 s, so that leases and retry delays keep
// their real meaning within a minute; and startJobs' tick is called when the bench says (IPC
// `tick`, once per virtual minute, to every instance) instead of node-cron's real minute. As in
// production, each tick starts every lane whose last tick has ended (a lane still busy skips the
// minute): the instance answers `ticked` once its minute lane's tick (outbox, SLA sweep, Events
// API redos) has ended, naming the lanes it found still busy, and `lane` when another lane's
// tick ends (a daily run may take several virtual minutes, the minute lane ticking meanwhile).
// The three instances thus tick every virtual minute of the simulated day, however loaded the
// machine, and the ledger decides which one runs each slot.
// IPC `pause` makes the next run of a job (for one workspace) stop after it claimed its slot,
// before its work, and say so (`paused`), so that the bench can kill the instance while it holds
// the slot's lease (that lane's tick never ends). SIGTERM stops it as main.ts does.
import { hostname } from 'node:os';
import { JOBS, startJobs } from '../jobs/index.js';
import { createDeskApp, jobDepsOf } from '../src/app.js';
import type { Clock } from '../src/clock.js';
import { loadConfig } from '../src/config.js';
import { connectDatabase } from '../src/db/connection.js';
import { databaseName } from '../src/db/engine.js';
import { createLogger } from '../src/logger.js';
import type { Job, JobLane } from '../src/schedule/job.js';
import type { RunResult } from '../src/schedule/runner.js';

/** The bench to an instance. */
export type ToInstance =
  { type: 'tick'; minute: number } | { type: 'pause'; job: string; teamId: string };
/** A run a lane's tick made. */
export interface LaneRun {
  job: string;
  teamId: string;
  slot: string;
  attempts: number;
  error?: string;
}
/** An instance to the bench. */
export type FromInstance =
  | { type: 'ready' }
  | {
      /** The minute lane's tick of `minute` has ended (`busy`: the lanes not started then). */
      type: 'ticked';
      minute: number;
      ms: number;
      runs: LaneRun[];
      busy: JobLane[];
    }
  | {
      /** Another lane's tick, started at `minute`, has ended. */
      type: 'lane';
      lane: JobLane;
      minute: number;
      ms: number;
      runs: LaneRun[];
    }
  | { type: 'paused'; job: string; teamId: string; slot: string };

const ran = (results: RunResult[]): LaneRun[] =>
  results
    .filter((r) => r.ran)
    .map((r) => ({
      job: r.job,
      teamId: r.teamId,
      slot: r.slot.toISOString(),
      attempts: r.attempts ?? 1,
      ...(r.error ? { error: r.error } : {}),
    }));

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

  // The production scheduler, its minute given by the bench instead of node-cron.
  let tick: (() => Promise<RunResult[]>) | undefined;
  let started: { lane: JobLane; tick: Promise<RunResult[]> }[] = [];
  let minuteLane: Promise<RunResult[]> | undefined;
  const lanes = [...new Set(jobs.map((job): JobLane => job.lane ?? 'periodic'))];
  const runner = startJobs(deps, jobs, {
    ticker: (t) => {
      tick = t;
      return { stop: () => (tick = undefined) };
    },
    onLane: (lane, t) => {
      started.push({ lane, tick: t });
      if (lane === 'minute') minuteLane = t;
    },
  });
  const failed = (err: unknown) =>
    process.stderr.write(`bench/multi-app.ts tick failed: ${(err as Error).message}\n`);
  process.on('message', (message: ToInstance) => {
    if (message.type === 'pause') {
      pause = { job: message.job, teamId: message.teamId };
      return;
    }
    if (!tick) return;
    clock.at(message.minute);
    const t0 = performance.now();
    started = [];
    tick().catch(failed);
    const now = started;
    const busy = lanes.filter((lane) => !now.some((s) => s.lane === lane));
    for (const { lane, tick: laneTick } of now) {
      if (lane === 'minute') continue;
      laneTick.then(
        (results) =>
          send({
            type: 'lane',
            lane,
            minute: message.minute,
            ms: performance.now() - t0,
            runs: ran(results),
          }),
        failed,
      );
    }
    // The minute lane's tick of this minute (or, had it been busy, the one under way).
    const mine = now.find((s) => s.lane === 'minute')?.tick;
    void (mine ?? minuteLane ?? Promise.resolve([])).then(
      (results) =>
        send({
          type: 'ticked',
          minute: message.minute,
          ms: performance.now() - t0,
          runs: mine ? ran(results) : [],
          busy,
        }),
      failed,
    );
  });
  process.once('SIGTERM', () => {
    setTimeout(() => process.exit(1), 10_000).unref();
    void (async () => {
      // As main.ts: the ticks under way (5 s at most, then handed over), the app, the release.
      desk.beginStop();
      await runner.stop();
      await desk.stop();
      await runner.release();
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
