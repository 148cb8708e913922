import cron from 'node-cron';
import { customerSignalsJob } from './customer-signals.js';
import { digestJob } from './digest.js';
import { figuresDailyJob } from './figures-daily.js';
import { outboxJob } from './outbox.js';
import { monthlyReportJob, quarterlyReportJob } from './report.js';
import { requesterJob } from './requester.js';
import { privacyRetentionJob } from './privacy-retention.js';
import { slaAlertsJob } from './sla-alerts.js';
import { slackEventsCleanupJob, slackEventsJob } from './slack-events.js';
import { tasksJob } from './tasks.js';
import { ticketsCloseJob } from './tickets-close.js';
import { jobRunsCleanup } from './job-runs-cleanup.js';
import { tierReviewJob } from './tier-review.js';
import { groupBy } from '../src/group.js';
import type { Job, JobDeps, JobLane } from '../src/schedule/job.js';
import { runDue, type RunResult, type RunUnderWay } from '../src/schedule/runner.js';

/** The job ledger's cleanup: the runs of the jobs keyed by their slot, of every job in JOBS. */
export const jobRunsCleanupJob = jobRunsCleanup(() => JOBS);

/** Every job, declared once. */
export const JOBS: Job[] = [
  outboxJob,
  slaAlertsJob,
  tasksJob,
  customerSignalsJob,
  digestJob,
  monthlyReportJob,
  quarterlyReportJob,
  tierReviewJob,
  requesterJob,
  ticketsCloseJob,
  privacyRetentionJob,
  slackEventsJob,
  slackEventsCleanupJob,
  figuresDailyJob,
  jobRunsCleanupJob,
];

export interface JobRunner {
  /**
   * No new ticks; resolves once the ticks under way (each lane's, if any) have finished, or after `waitMs` at
   * most (JOB_STOP_WAIT_MS): then the runs still under way are said in one warning each and
   * handed over (src/schedule/runner.ts RunUnderWay), their leases ending `handOverMs` on, and
   * the tick starts no run from then on (its next jobs' slots are left to another instance).
   */
  stop(): Promise<void>;
  /**
   * After the stop, just before the database closes (main): the runs it handed over and still
   * going are let go (their job's lock and their slot's lease end now; the writes 1 s at most),
   * so that a restart takes their jobs at its first tick rather than once the hand-over's lease
   * ends (up to 15 s from the signal: a minute job's next minute skipped). The database closing
   * next, nothing of theirs is written after it. Nothing to do when nothing was handed over.
   */
  release(): Promise<void>;
}

/**
 * How long the stop waits at most for the tick under way: under main's 10 s exit, leaving the
 * rest of the stop (the outbox pass, the work after the acks, the database's close) its share.
 */
export const JOB_STOP_WAIT_MS = 5_000;

/**
 * How long a run the stop no longer waits for keeps its lease: past main's exit (10 s from the
 * signal, the stop's wait included), so that no other instance runs its slot while this process
 * may still be running it. Another instance's tick takes the slot over then (the ledger lets a
 * run whose lease has ended be claimed again), not after the run's whole lease (up to ten minutes).
 * A stop that gets as far as the database's close ends it there (`release`).
 */
export const JOB_HAND_OVER_MS = 10_000;

/** How long the hand-over's ledger writes may take at most (a database not answering). */
const HAND_OVER_WRITE_MS = 1_000;

export interface JobRunnerOptions {
  /** The stop's wait for the tick under way (JOB_STOP_WAIT_MS by default). */
  stopWaitMs?: number;
  /** The runs' leases from the stop's give-up (JOB_HAND_OVER_MS by default). */
  handOverMs?: number;
  /** Tests: the stop's waits (virtual time), instead of timers. */
  wait?: (ms: number) => Promise<void>;
  /**
   * Tests and bench/multi-app.ts: what calls the tick every minute (node-cron's minute ticker
   * by default, given `options` as node-cron is). The tick resolves with the runs of the lanes
   * it started.
   */
  ticker?: (
    tick: () => Promise<RunResult[]>,
    options: { noOverlap: boolean },
  ) => { stop(): unknown };
  /** Tests and the bench: each lane's tick as it starts (what it runs, once it has ended). */
  onLane?: (lane: JobLane, tick: Promise<RunResult[]>) => void;
}

/** Resolves after `ms` (an unref'd timer), or at once on `cancel`. */
function timer(ms: number): { done: Promise<void>; cancel(): void } {
  let cancel!: () => void;
  const done = new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    t.unref();
    cancel = () => {
      clearTimeout(t);
      resolve();
    };
  });
  return { done, cancel };
}

/**
 * One node-cron ticker a minute, on every instance: it runs whatever slots are due, and the
 * ledger in MongoDB makes each slot run once however many instances tick. The jobs run on lanes
 * (`Job.lane`): each minute, every lane whose last tick has ended starts its next one, which runs
 * its jobs' due slots in turn; a lane whose tick is still under way skips that minute. So the
 * minute jobs (the SLA sweep, the outbox's upkeep, the Events API redos) tick every minute
 * while a long daily, weekly or quarterly run goes on, and a periodic tick never starts while
 * the last one is under way (no long run started twice by one instance; the per-job lock keeps
 * two instances' runs of one job apart).
 */
export function startJobs(
  deps: JobDeps,
  jobs: Job[] = JOBS,
  options: JobRunnerOptions = {},
): JobRunner {
  // Each lane's jobs, in the order given; the lanes in the order first seen.
  const lanes = groupBy(jobs, (job): JobLane => job.lane ?? 'periodic');
  // Each lane's tick under way.
  const running = new Map<JobLane, Promise<RunResult[]>>();
  const underWay = new Set<RunUnderWay>();
  // Set once the stop no longer waits for the tick: the tick starts no run from then on.
  let gaveUp = false;
  // The runs the stop handed over (those still going are in `underWay` too).
  let handedOver: RunUnderWay[] = [];
  const tick = () => {
    const started: Promise<RunResult[]>[] = [];
    for (const [lane, list] of lanes) {
      // Its last tick still under way (a long run): this minute is skipped on this lane only.
      if (running.has(lane)) continue;
      const run = runDue(deps, list, underWay, () => gaveUp).finally(() => {
        running.delete(lane);
      });
      running.set(lane, run);
      started.push(run);
      options.onLane?.(lane, run);
    }
    return Promise.all(started).then((results) => results.flat());
  };
  // Overlap is the lanes' own: node-cron calls the tick every minute, whatever is under way.
  const cronOptions = { noOverlap: false };
  const task = options.ticker
    ? options.ticker(tick, cronOptions)
    : cron.schedule('* * * * *', tick, { name: 'job-ticker', ...cronOptions });
  const wait = (ms: number) => {
    if (options.wait) return { done: options.wait(ms), cancel: () => undefined };
    return timer(ms);
  };
  /**
   * Each run's write (its hand-over, its release) made at once, waited for HAND_OVER_WRITE_MS
   * at most; each one that failed is logged, naming the run, at `level` with `failed`.
   */
  const writeEach = async (
    runs: RunUnderWay[],
    write: (run: RunUnderWay) => Promise<unknown>,
    level: 'error' | 'warn',
    failed: string,
  ) => {
    const writes = wait(HAND_OVER_WRITE_MS);
    await Promise.race([
      Promise.allSettled(runs.map(write)).then((outcomes) => {
        for (const [i, outcome] of outcomes.entries())
          if (outcome.status === 'rejected')
            deps.log[level](
              { err: outcome.reason as Error, job: runs[i]!.job, teamId: runs[i]!.teamId },
              failed,
            );
      }),
      writes.done,
    ]);
    writes.cancel();
  };
  return {
    async stop() {
      await task.stop();
      if (running.size === 0) return;
      const tickUnderWay = Promise.all(running.values());
      const waitMs = options.stopWaitMs ?? JOB_STOP_WAIT_MS;
      const bound = wait(waitMs);
      const ended = await Promise.race([
        tickUnderWay.then(
          () => true,
          () => true,
        ),
        bound.done.then(() => false),
      ]);
      bound.cancel();
      if (ended) return;
      gaveUp = true;
      const now = deps.clock.now();
      const until = new Date(now.getTime() + (options.handOverMs ?? JOB_HAND_OVER_MS));
      const runs = [...underWay];
      handedOver = runs;
      for (const run of runs)
        deps.log.warn(
          {
            job: run.job,
            teamId: run.teamId,
            slot: run.slot.toISOString(),
            runningMs: now.getTime() - run.startedAt.getTime(),
            waitedMs: waitMs,
            leaseUntil: until.toISOString(),
          },
          'shutdown no longer waits for this job run: it ends with the process; another instance takes its slot over once its lease ends',
        );
      if (runs.length === 0)
        deps.log.warn(
          { waitedMs: waitMs },
          'shutdown no longer waits for the job tick under way (between its runs)',
        );
      await writeEach(
        runs,
        (run) => run.handOver(until),
        'error',
        'could not hand the job run over: another instance takes its slot over once its whole lease ends',
      );
    },
    async release() {
      const runs = handedOver.filter((run) => underWay.has(run));
      if (!runs.length) return;
      const now = deps.clock.now();
      for (const run of runs)
        deps.log.info(
          { job: run.job, teamId: run.teamId, slot: run.slot.toISOString() },
          'job run handed over let go as the process exits: the next instance takes its job at its next tick',
        );
      await writeEach(
        runs,
        (run) => run.release(now),
        'warn',
        'could not let the job run handed over go: another instance takes its job once the hand-over’s lease ends',
      );
    },
  };
}
