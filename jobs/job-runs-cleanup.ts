import {
  DEFAULT_CATCH_UP_MS,
  readsSettings,
  type GlobalJob,
  type Job,
} from '../src/schedule/job.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** How long a done run of a job keyed by its slot is kept past its slot's catch-up window. */
export const JOB_RUNS_KEEP_DONE_MS = DAY;

/** How long a failed run (or one its instance left running) of such a job is kept. */
export const JOB_RUNS_KEEP_FAILED_MS = 30 * DAY;

/**
 * How many runs one delete takes, and how many deletes a pass makes at most for each workspace
 * served (for one at least): a workspace adds about 124 runs an hour (the SLA sweep's and Slack
 * events' minutes, the requester's quarters), so a pass of 20 deletes each keeps up with any
 * number of them and clears a backlog (the first passes after an upgrade) at the same pace
 * whatever their number.
 */
export const JOB_RUNS_BATCH = 1_000;
export const JOB_RUNS_MAX_BATCHES = 20;
/**
 * How long a pass deletes at most (by the clock; what is left goes at the next pass): a backlog
 * of many workspaces does not hold the periodic lane's other jobs (the requester's quarter) for
 * longer than that.
 */
export const JOB_RUNS_PASS_MS = 10 * 60_000;

/** A pass's bounds (the constants above; a test's smaller ones). */
export interface JobRunsLimits {
  batch: number;
  batchesPerWorkspace: number;
  passMs: number;
}

/**
 * A job whose runs are keyed by their slot (`_id` job:team:slot): the jobs run every minute or
 * quarter of an hour, and the global daily cleanups. A run keyed by its period (a daily job's
 * day, the digest's week, a report's month) keeps that period from running twice: kept.
 */
const slotKeyed = (job: Job) => !readsSettings(job);

/**
 * The job ledger's cleanup, hourly, across workspaces (`jobs`: every job declared, read when it
 * runs): the runs of the jobs keyed by their slot are deleted once their slot is a day past its
 * catch-up window (a minute job's after a day: the runner never reads that slot again), failed
 * ones and those an instance that died left running after 30 days (for `npm run job` and an
 * operator's look meanwhile), 1,000 a delete and, a pass, 20,000 for each workspace served (the
 * deployment's count, read each pass) or 10 minutes of deletes, whichever comes first (a backlog,
 * the first passes after an upgrade, goes over several hours). Period-keyed runs, the job locks
 * and forced runs (their own keys) are kept. Several instances may delete at once: each run goes
 * once.
 */
export function jobRunsCleanup(
  jobs: () => Job[],
  limits: JobRunsLimits = {
    batch: JOB_RUNS_BATCH,
    batchesPerWorkspace: JOB_RUNS_MAX_BATCHES,
    passMs: JOB_RUNS_PASS_MS,
  },
): GlobalJob {
  return {
    name: 'job-runs-cleanup',
    scope: 'global',
    slotAt: (now) => new Date(Math.floor(now.getTime() / HOUR) * HOUR),
    catchUpMs: HOUR,
    run: async (deps) => {
      // The clock, not an operator's `--at`: what is old is old now.
      const now = deps.clock.now().getTime();
      const kept = jobs()
        .filter(slotKeyed)
        .map((job) => ({
          job: job.name,
          doneBefore: new Date(
            now - (job.catchUpMs ?? DEFAULT_CATCH_UP_MS) - JOB_RUNS_KEEP_DONE_MS,
          ),
        }));
      const failedBefore = new Date(now - JOB_RUNS_KEEP_FAILED_MS);
      // The inflow grows with the workspaces served: so does a pass's bound.
      const workspaces = (await deps.services.workspaces.teamIds()).length;
      const batches = limits.batchesPerWorkspace * Math.max(1, workspaces);
      let forgotten = 0;
      for (let i = 0; i < batches; i++) {
        const n = await deps.services.jobLedger.forget({
          jobs: kept,
          failedBefore,
          limit: limits.batch,
        });
        forgotten += n;
        if (n < limits.batch || deps.clock.now().getTime() - now >= limits.passMs) break;
      }
      return { forgotten };
    },
  };
}
